/* retour-database-server.c — a shop on a PostgreSQL server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several desks share one database on a server the shop already runs.
 * Opening one connects, checks the schema's version (kept in the table
 * retour_schema, as SQLite keeps it in PRAGMA user_version) and brings it
 * up to date from the migrations for PostgreSQL, which are numbered like
 * SQLite's: version N is the same schema on both.
 *
 * The password never reaches the database or a file: the app reads it
 * from the keyring and hands it over once per process, and every
 * connection of the process to that server (the window's, its workers')
 * uses it.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-sql-postgres.h"

/* Any constant will do, as long as every Retour uses the same one: it
 * makes two desks that open an old database at the same moment take
 * turns to migrate it. */
#define MIGRATION_LOCK "7061746869616e"

/* The operator's roles and name, kept on the database object so that
 * the rest of RetourDatabase need not know about operators. */
#define OPERATOR_ROLES_KEY "retour-operator-roles"
#define OPERATOR_NAME_KEY "retour-operator-name"

static GMutex passwords_lock;
static GHashTable *passwords;   /* location -> password */

gboolean
retour_database_location_is_server (const char *location)
{
  if (location == NULL)
    return FALSE;

  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return TRUE;

  /* A libpq "key=value" string; a file name could hold "=" too, but not
   * one of these keys at its start. */
  return g_str_has_prefix (location, "host=") || g_str_has_prefix (location, "dbname=") ||
         g_str_has_prefix (location, "service=");
}

void
retour_database_set_server_password (const char *location,
                                     const char *password)
{
  g_return_if_fail (location != NULL);

  g_mutex_lock (&passwords_lock);
  if (passwords == NULL)
    passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (password != NULL)
    g_hash_table_replace (passwords, g_strdup (location), g_strdup (password));
  else
    g_hash_table_remove (passwords, location);
  g_mutex_unlock (&passwords_lock);
}

static char *
lookup_password (const char *location)
{
  char *password = NULL;

  g_mutex_lock (&passwords_lock);
  if (passwords != NULL)
    password = g_strdup (g_hash_table_lookup (passwords, location));
  g_mutex_unlock (&passwords_lock);

  return password;
}

gboolean
retour_database_is_shared (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);

  return retour_database_get_handle (self) == NULL;
}

/* The version of the schema on the server; 0 on a database Retour has
 * never set up, -1 with @error when it cannot be read. */
int
retour_database_server_schema_version (RetourDatabase  *self,
                                       GError         **error)
{
  gboolean has_row;

  {
    g_autoptr(RetourStmt) exists = retour_database_prepare (self,
                                                            "SELECT to_regclass ('retour_schema') IS NOT NULL",
                                                            error);

    if (exists == NULL || !retour_stmt_step (exists, &has_row, error))
      return -1;
    if (!has_row || retour_stmt_column_int (exists, 0) == 0)
      return 0;
  }

  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (self,
                                                          "SELECT coalesce (max (version), 0) FROM retour_schema",
                                                          error);

    if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
      return -1;

    return has_row ? retour_stmt_column_int (stmt, 0) : 0;
  }
}

static gboolean
check_version (int       current,
               gboolean  may_migrate,
               GError  **error)
{
  int latest = retour_database_get_latest_schema_version ();

  if (current > latest)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW,
                   _("The shared database was set up by a newer version of Retour (schema %d; this one knows up to %d). Update Retour on this desk."),
                   current, latest);
      return FALSE;
    }

  if (current < latest && !may_migrate)
    {
      if (current == 0)
        g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                             _("This database on the server holds no shop yet. Set it up with “retour-cli server init”."));
      else
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW,
                     _("The shared database has an older schema (%d; this Retour needs %d). The shop’s owner updates it with “retour-cli server init”."),
                     current, latest);
      return FALSE;
    }

  return TRUE;
}

/* Runs the migrations the server lacks, in one transaction under a lock
 * that every Retour takes first; nothing is written when it is current.
 * A server without a shop is set up only when @may_create. */
static gboolean
migrate (RetourDatabase  *self,
         gboolean         may_create,
         GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  int current;

  current = retour_database_server_schema_version (self, error);
  if (current < 0 || !check_version (current, may_create || current > 0, error))
    return FALSE;
  if (current == retour_database_get_latest_schema_version ())
    {
      g_autoptr(GError) local_error = NULL;

      if (retour_policy_store_has_defaults (self, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!retour_txn_begin (&txn, self, error) ||
      !retour_database_exec (self, "SELECT pg_advisory_xact_lock (x'" MIGRATION_LOCK "'::bigint)", error))
    return FALSE;

  /* Read again under the lock: another desk may have just done it. */
  current = retour_database_server_schema_version (self, error);
  if (current < 0 || !check_version (current, TRUE, error))
    return FALSE;

  if (!retour_database_apply_migrations (self, current, error))
    return FALSE;

  return retour_policy_store_ensure_defaults (self, error) &&
         retour_txn_commit (&txn, error);
}

/* Who is signed in, and in which of Retour's roles (roles.sql): asked
 * once, at open. */
static gboolean
read_operator (RetourDatabase  *self,
               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  RetourOperatorRoles roles = RETOUR_OPERATOR_ROLE_NONE;
  g_auto(GStrv) groups = NULL;

  stmt = retour_database_prepare (self,
                                  "SELECT coalesce (u.rolsuper OR pg_has_role (current_user, "
                                  "         (SELECT relowner FROM pg_class WHERE oid = to_regclass ('rma')), 'MEMBER'), "
                                  "         u.rolsuper), "
                                  "       (SELECT count (*) FROM pg_roles g "
                                  "          WHERE g.rolname IN ('retour_desk', 'retour_warehouse', 'retour_accounts', 'retour_owner')), "
                                  "       (SELECT string_agg (g.rolname, ' ') FROM pg_roles g "
                                  "          WHERE g.rolname IN ('retour_desk', 'retour_warehouse', 'retour_accounts', 'retour_owner') "
                                  "            AND pg_has_role (current_user, g.oid, 'MEMBER')), "
                                  "       current_user "
                                  "FROM pg_roles u WHERE u.rolname = current_user",
                                  error);
  if (stmt == NULL || !retour_stmt_step_row (stmt, _("The server does not know who is signed in."), error))
    return FALSE;

  /* Whoever set the server up is no operator; neither is anyone on a
   * server where Retour's roles were never made. */
  if (retour_stmt_column_int (stmt, 0) != 0 || retour_stmt_column_int (stmt, 1) == 0)
    {
      g_object_set_data (G_OBJECT (self), OPERATOR_ROLES_KEY, GUINT_TO_POINTER (RETOUR_OPERATOR_ROLES_ALL));
      return TRUE;
    }

  groups = g_strsplit (retour_stmt_column_text (stmt, 2) != NULL ? retour_stmt_column_text (stmt, 2) : "", " ", -1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_equal (groups[i], "retour_desk"))
        roles |= RETOUR_OPERATOR_ROLE_DESK;
      else if (g_str_equal (groups[i], "retour_warehouse"))
        roles |= RETOUR_OPERATOR_ROLE_WAREHOUSE;
      else if (g_str_equal (groups[i], "retour_accounts"))
        roles |= RETOUR_OPERATOR_ROLE_ACCOUNTS;
      else if (g_str_equal (groups[i], "retour_owner"))
        roles |= RETOUR_OPERATOR_ROLES_ALL;
    }

  g_object_set_data (G_OBJECT (self), OPERATOR_ROLES_KEY, GUINT_TO_POINTER (roles));
  g_object_set_data_full (G_OBJECT (self), OPERATOR_NAME_KEY, retour_stmt_dup_text (stmt, 3), g_free);

  return TRUE;
}

RetourOperatorRoles
retour_database_get_operator_roles (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), RETOUR_OPERATOR_ROLE_NONE);

  if (!retour_database_is_shared (self))
    return RETOUR_OPERATOR_ROLES_ALL;

  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), OPERATOR_ROLES_KEY));
}

const char *
retour_database_get_operator_name (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), NULL);

  return g_object_get_data (G_OBJECT (self), OPERATOR_NAME_KEY);
}

RetourDatabase *
retour_database_open_server (const char               *conninfo,
                             RetourDatabaseOpenFlags   flags,
                             GError                  **error)
{
  g_autoptr(RetourDatabase) self = NULL;
  g_autofree char *password = lookup_password (conninfo);
  RetourPgConn *conn;

  conn = retour_pg_conn_open (conninfo, password, error);
  if (conn == NULL)
    return NULL;

  self = retour_database_new_for_connection (&retour_sql_postgres, conn,
                                             (GDestroyNotify) retour_pg_conn_close,
                                             conninfo, flags);

  if (flags & RETOUR_DATABASE_OPEN_READ_ONLY)
    {
      int current;

      /* The server refuses every write from this connection, whatever
       * the operator's rights. */
      if (!retour_database_exec (self, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", error))
        return NULL;

      current = retour_database_server_schema_version (self, error);
      if (current < 0)
        return NULL;
      if ((flags & RETOUR_DATABASE_OPEN_AS_IS) == 0 && !check_version (current, FALSE, error))
        return NULL;

      if (!read_operator (self, error))
        return NULL;

      return g_steal_pointer (&self);
    }

  if (!migrate (self, (flags & RETOUR_DATABASE_OPEN_CREATE) != 0, error) ||
      !read_operator (self, error))
    return NULL;

  /* Other desks' commits arrive as notifications (see the schema's
   * triggers); the window's views refresh on them. */
  if (!retour_database_exec (self, "LISTEN retour_changed", error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
retour_operator_roles_allow_step (RetourOperatorRoles roles,
                                  RetourRmaStatus     to)
{
  RetourOperatorRoles may;

  switch (to)
    {
    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
    case RETOUR_RMA_STATUS_AUTHORIZED:
    case RETOUR_RMA_STATUS_REJECTED:
    case RETOUR_RMA_STATUS_CANCELLED:
      may = RETOUR_OPERATOR_ROLE_DESK;
      break;

    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_EXPIRED:
      may = RETOUR_OPERATOR_ROLE_DESK | RETOUR_OPERATOR_ROLE_WAREHOUSE;
      break;

    case RETOUR_RMA_STATUS_RECEIVED:
    case RETOUR_RMA_STATUS_INSPECTED:
      may = RETOUR_OPERATOR_ROLE_WAREHOUSE;
      break;

    case RETOUR_RMA_STATUS_RESOLVED:
    case RETOUR_RMA_STATUS_CLOSED:
      may = RETOUR_OPERATOR_ROLE_ACCOUNTS;
      break;

    default:
      may = RETOUR_OPERATOR_ROLE_NONE;
      break;
    }

  return (roles & (may | RETOUR_OPERATOR_ROLE_OWNER)) != 0;
}
