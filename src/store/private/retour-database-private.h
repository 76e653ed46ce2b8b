/* retour-database-private.h — what the store's own files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only src/store/ includes this: it is the one place SQL is spoken. Its
 * directory is on the include path of the store library and, through
 * libretour_store_private_dep, of the tests that prepare states with SQL.
 */
#pragma once

#include <sqlite3.h>

#include "retour-database.h"
#include "retour-sql-backend.h"

G_BEGIN_DECLS

/* For a backend's opening code: a database over @conn, which
 * @close_conn closes when the database is finalized. */
RetourDatabase *retour_database_new_for_connection (const RetourSqlBackend  *backend,
                                                    gpointer                 conn,
                                                    GDestroyNotify           close_conn,
                                                    const char              *location,
                                                    RetourDatabaseOpenFlags  flags);
/* The backend's connection (a sqlite3 handle, a RetourPgConn). */
gpointer      retour_database_get_connection (RetourDatabase *self);

/* A shop on a PostgreSQL server (retour-database-server.c). */
RetourDatabase *retour_database_open_server (const char               *conninfo,
                                             RetourDatabaseOpenFlags   flags,
                                             GError                  **error);
int           retour_database_server_schema_version (RetourDatabase *self,
                                                     GError        **error);
/* Inside a transaction: runs the backend's migrations newer than
 * @current, each recording its version. */
gboolean      retour_database_apply_migrations (RetourDatabase  *self,
                                                int              current,
                                                GError         **error);

/* The SQLite connection, for what only SQLite does (its full-text
 * index, backups, PRAGMAs); NULL on another backend. */
sqlite3      *retour_database_get_handle  (RetourDatabase *self);
/* Rows changed by the last INSERT, UPDATE or DELETE on this connection. */
gint64        retour_database_changes     (RetourDatabase *self);

/* A prepared statement from the connection's cache. Release it with
 * retour_stmt_release() — or declare it g_autoptr(RetourStmt) — which
 * resets it and clears its bindings for the next user. */
RetourStmt   *retour_database_prepare     (RetourDatabase *self,
                                           const char     *sql,
                                           GError        **error);
/* @sql must be a string literal: statements are cached by its address. */
void          retour_stmt_release         (RetourStmt     *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourStmt, retour_stmt_release)

/* Runs one statement to completion; for statements without results. */
gboolean      retour_database_exec        (RetourDatabase *self,
                                           const char     *sql,
                                           GError        **error);
/* Steps @stmt once, for a statement whose rows (if any) are not read. */
gboolean      retour_stmt_run             (RetourStmt     *stmt,
                                           GError        **error);
/* Steps @stmt once: TRUE with *has_row for a row, FALSE with @error. */
gboolean      retour_stmt_step            (RetourStmt     *stmt,
                                           gboolean       *has_row,
                                           GError        **error);
/* Steps @stmt once, expecting a row: FALSE with @error when the step
 * fails, or with RETOUR_STORE_ERROR_NOT_FOUND and the message @not_found
 * when there is no row. */
gboolean      retour_stmt_step_row        (RetourStmt     *stmt,
                                           const char     *not_found,
                                           GError        **error);

/* Makes one item of the row @stmt is on, or returns NULL to pass the row
 * over. */
typedef gpointer (*RetourRowFunc)         (RetourStmt     *stmt,
                                           gpointer        user_data);
/* Steps @stmt to its end and returns what @read_row made of the rows, in
 * an array that frees them with @free_item; NULL with @error when a step
 * fails. */
GPtrArray    *retour_stmt_collect         (RetourStmt     *stmt,
                                           RetourRowFunc   read_row,
                                           gpointer        user_data,
                                           GDestroyNotify  free_item,
                                           GError        **error);
/* The same, adding to @items (an object's own list of lines or rules).
 * On an error the items before it stay in @items. */
gboolean      retour_stmt_collect_into    (RetourStmt     *stmt,
                                           GPtrArray      *items,
                                           RetourRowFunc   read_row,
                                           gpointer        user_data,
                                           GError        **error);
/* Column 0 of every row, as gint64: for ids to work through once the
 * statement is done. */
GArray       *retour_stmt_collect_ids     (RetourStmt     *stmt,
                                           GError        **error);

/* Turns a SQLite result code into a RETOUR_STORE_ERROR with a message a
 * person can act on. Always returns FALSE. */
gboolean      retour_store_set_error      (GError        **error,
                                           sqlite3        *handle,
                                           int             rc);

/* A transaction that nests: the outermost one is BEGIN IMMEDIATE (the write
 * lock is taken up front, so a busy database fails at the start rather than
 * half-way), inner ones are savepoints. A RetourTxn that goes out of scope
 * without retour_txn_commit() rolls back. */
typedef struct
{
  RetourDatabase *db;
  gboolean        outer;
  gboolean        open;
} RetourTxn;

gboolean      retour_txn_begin            (RetourTxn      *txn,
                                           RetourDatabase *db,
                                           GError        **error);
/* An outermost transaction in which nested ones are not savepoints: for
 * bulk work where any failure abandons the whole batch. */
gboolean      retour_txn_begin_batch      (RetourTxn      *txn,
                                           RetourDatabase *db,
                                           GError        **error);
gboolean      retour_txn_commit           (RetourTxn      *txn,
                                           GError        **error);
void          retour_txn_rollback         (RetourTxn      *txn);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RetourTxn, retour_txn_rollback)

/* Column helpers: NULL-safe text, and enums stored by nick
 * (retour_stmt_bind_text() binds NULL for NULL). */
char         *retour_stmt_dup_text        (RetourStmt     *stmt,
                                           int             column);
void          retour_stmt_bind_id_or_null (RetourStmt     *stmt,
                                           int             index,
                                           gint64          id);
void          retour_stmt_bind_time_or_null (RetourStmt   *stmt,
                                             int           index,
                                             gint64        time_us);
void          retour_stmt_bind_enum       (RetourStmt     *stmt,
                                           int             index,
                                           GType           enum_type,
                                           int             value);
int           retour_stmt_get_enum        (RetourStmt     *stmt,
                                           int             column,
                                           GType           enum_type,
                                           int             fallback);

/* Folds text for the search index and for queries: lower case, accents
 * removed ("Łódź" -> "lodz", "Straße" -> "strasse"). */
char         *retour_search_fold          (const char     *text);
/* Keeps only the digits of a phone number. */
char         *retour_search_digits        (const char     *text);
/* A phone number's national significant number, as the index holds it:
 * "+31 6 1234 5678" and "06 1234 5678" both give "612345678". */
char         *retour_search_national_number (const char   *text);
/* The words every match of @text must hold, as retour_holds_every_word()
 * reads them (one a line, forms separated by tabs); NULL when nothing
 * in @text can be searched for. The PostgreSQL queries take it as is. */
char         *retour_search_build_pattern (const char    *text);
/* Makes retour_fold(), retour_national_number() and
 * retour_holds_every_word() callable from SQL: the search views and
 * queries use them. */
gboolean      retour_search_register_functions (sqlite3   *handle,
                                                GError   **error);
/* Swaps the queued documents' old text for their new text in the search
 * indexes; called before every outermost COMMIT. */
gboolean      retour_search_flush         (RetourDatabase *db,
                                           GError        **error);

G_END_DECLS
