/* retour-database.h — the SQLite file that holds a shop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One RetourDatabase is one connection, used from one thread at a time.
 * Opening creates the file if needed, turns on WAL and foreign keys and
 * migrates the schema (PRAGMA user_version; SQL files from GResource, each
 * in one transaction). Every failure is a RETOUR_STORE_ERROR with a message
 * a person can act on; SQLite's own text is only appended for support.
 */
#pragma once

#include <gio/gio.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_STORE_ERROR (retour_store_error_quark ())

typedef enum
{
  RETOUR_STORE_ERROR_FAILED,
  RETOUR_STORE_ERROR_CANT_OPEN,   /* no such folder, no permission */
  RETOUR_STORE_ERROR_BUSY,        /* locked by another program */
  RETOUR_STORE_ERROR_READ_ONLY,
  RETOUR_STORE_ERROR_FULL,        /* the disk (or the size limit) is full */
  RETOUR_STORE_ERROR_CORRUPT,     /* not a Retour database, or damaged */
  RETOUR_STORE_ERROR_TOO_NEW,     /* written by a newer Retour */
  RETOUR_STORE_ERROR_NOT_FOUND,
  RETOUR_STORE_ERROR_CONSTRAINT,  /* a duplicate, or a reference to nothing */
  RETOUR_STORE_ERROR_INVALID,     /* the data breaks a rule of the domain */
  RETOUR_STORE_ERROR_CONFLICT,    /* changed at another desk since it was read */
  /* New codes go last, so that the old keep their values. */
  RETOUR_STORE_ERROR_DENIED,      /* the operator's role may not, or a wrong password */
  RETOUR_STORE_ERROR_OFFLINE,     /* the server cannot be reached, or the connection broke */
} RetourStoreError;

#define RETOUR_TYPE_DATABASE (retour_database_get_type ())

G_DECLARE_FINAL_TYPE (RetourDatabase, retour_database, RETOUR, DATABASE, GObject)

/* Signals:
 *   "committed" (RetourDatabase *db): after every outermost commit on this
 *   connection, on the thread that committed. */

GQuark          retour_store_error_quark            (void);

/* $XDG_DATA_HOME/retour/retour.db */
char           *retour_database_get_default_path    (void);

/**
 * RetourDatabaseOpenFlags:
 * @RETOUR_DATABASE_OPEN_NONE: an existing database, to read and write; its
 *   schema is brought up to date
 * @RETOUR_DATABASE_OPEN_CREATE: create the database (and its folder) when
 *   there is none; only the first run, a demo and a restore do that
 * @RETOUR_DATABASE_OPEN_READ_ONLY: only read: nothing is locked for
 *   writing, and read-only files (a backup on a CD) open too
 * @RETOUR_DATABASE_OPEN_AS_IS: with READ_ONLY, read an older schema as it
 *   is instead of updating the file first (a backup being restored)
 */
typedef enum
{
  RETOUR_DATABASE_OPEN_NONE      = 0,
  RETOUR_DATABASE_OPEN_CREATE    = 1 << 0,
  RETOUR_DATABASE_OPEN_READ_ONLY = 1 << 1,
  RETOUR_DATABASE_OPEN_AS_IS     = 1 << 2,
} RetourDatabaseOpenFlags;

/* Opens the database at @path. The file is only ever touched through
 * SQLite: a descriptor of it opened and closed elsewhere in the process
 * would drop SQLite's locks, and another program could then delete the
 * WAL under us. A missing database is RETOUR_STORE_ERROR_NOT_FOUND unless
 * @flags has CREATE; a new file is private to its owner (0600). */
RetourDatabase *retour_database_open_full           (const char               *path,
                                                     RetourDatabaseOpenFlags   flags,
                                                     GError                  **error);
/* Whether @location names a PostgreSQL server (a postgresql:// URI or a
 * libpq "key=value" connection string) rather than a file. Every call
 * that takes a database path takes such a location too. */
gboolean        retour_database_location_is_server  (const char      *location);
/* The password for @location's server, for this process's connections
 * to it (the app reads it from the keyring once); NULL forgets it. */
void            retour_database_set_server_password (const char      *location,
                                                     const char      *password);
/* Whether @self is on a server (then several desks share it). */
gboolean        retour_database_is_shared           (RetourDatabase  *self);
/* Puts @fresh's connection in the place of @self's, which was lost
 * (RETOUR_STORE_ERROR_OFFLINE): @fresh is a new retour_database_open_full()
 * of the same shared location, made on any thread. Whoever holds @self —
 * a window's views, its editor, its other windows — goes on with the new
 * connection, which is why a lost connection is mended in place rather
 * than replaced. @fresh is left without a connection, to be unreffed.
 * Neither may be in a transaction. "committed" is emitted, so that views
 * read again what they showed. */
gboolean        retour_database_reconnect_from      (RetourDatabase  *self,
                                                     RetourDatabase  *fresh,
                                                     GError         **error);

/**
 * RetourOperatorRoles:
 * @RETOUR_OPERATOR_ROLE_DESK: phone returns, labels, messages
 * @RETOUR_OPERATOR_ROLE_WAREHOUSE: receiving, inspecting, stock
 * @RETOUR_OPERATOR_ROLE_ACCOUNTS: refunds and their write-back
 * @RETOUR_OPERATOR_ROLE_OWNER: the policy, the shop's settings, its
 *   stores and operators; an owner has every other role too
 *
 * What the operator signed in to a shared database may do; the server
 * enforces it (src/store/server/roles.sql), the layers above only offer
 * what it allows.
 */
typedef enum
{
  RETOUR_OPERATOR_ROLE_NONE      = 0,
  RETOUR_OPERATOR_ROLE_DESK      = 1 << 0,
  RETOUR_OPERATOR_ROLE_WAREHOUSE = 1 << 1,
  RETOUR_OPERATOR_ROLE_ACCOUNTS  = 1 << 2,
  RETOUR_OPERATOR_ROLE_OWNER     = 1 << 3,
} RetourOperatorRoles;

#define RETOUR_OPERATOR_ROLES_ALL (RETOUR_OPERATOR_ROLE_DESK | RETOUR_OPERATOR_ROLE_WAREHOUSE | \
                                   RETOUR_OPERATOR_ROLE_ACCOUNTS | RETOUR_OPERATOR_ROLE_OWNER)

/* The roles of the operator signed in, read once when @self was opened:
 * all of them on a file, for whoever set the server up (its superuser,
 * the owner of the shop's tables), and on a server without Retour's
 * roles. */
RetourOperatorRoles retour_database_get_operator_roles (RetourDatabase *self);
/* The name the server writes into every history entry of this
 * connection, whatever name the caller gives: the operator's login. NULL
 * on a file and for whoever set the server up: then the desk's own name
 * is written, as given. */
const char     *retour_database_get_operator_name   (RetourDatabase  *self);
/* Whether @roles may take a return to @to, as the server's rules say
 * (src/store/server/roles.sql): for the UI to offer only those steps. */
gboolean        retour_operator_roles_allow_step    (RetourOperatorRoles  roles,
                                                     RetourRmaStatus      to);

/* retour_database_open_full() with CREATE. */
RetourDatabase *retour_database_open                (const char      *path,
                                                     GError         **error);
const char     *retour_database_get_path            (RetourDatabase  *self);
int             retour_database_get_schema_version  (RetourDatabase  *self);
/* The newest schema version this build knows. */
int             retour_database_get_latest_schema_version (void);

/* Every user action is one transaction: begin, write, commit — or
 * rollback, which leaves nothing behind. Transactions do not nest. */
gboolean        retour_database_begin               (RetourDatabase  *self,
                                                     GError         **error);
gboolean        retour_database_commit              (RetourDatabase  *self,
                                                     GError         **error);
void            retour_database_rollback            (RetourDatabase  *self);
gboolean        retour_database_in_transaction      (RetourDatabase  *self);

/* Changes by this or any other connection — another window, the CLI, a
 * sync — make this number change (PRAGMA data_version, plus this
 * connection's own commits). Views poll it to refresh themselves. */
guint64         retour_database_get_data_version    (RetourDatabase  *self);
/* On a shared database, a descriptor that becomes readable as soon as
 * another desk commits (then the data version is worth asking at once);
 * -1 on a file, whose data version is polled. */
int             retour_database_get_watch_fd        (RetourDatabase  *self);

/* Whether the database holds no orders and no returns (a first run). */
gboolean        retour_database_is_empty            (RetourDatabase  *self,
                                                     GError         **error);

/* Copies the live database to @dest_path with SQLite's backup API
 * (consistent even while it is being written). */
gboolean        retour_database_backup              (RetourDatabase  *self,
                                                     const char      *dest_path,
                                                     GError         **error);
/* Replaces the contents of this database with @source_path after checking
 * that it is an intact Retour database no newer than this build. */
gboolean        retour_database_restore             (RetourDatabase  *self,
                                                     const char      *source_path,
                                                     GError         **error);

G_END_DECLS
