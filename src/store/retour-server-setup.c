/* retour-server-setup.c — setting a shop up on a PostgreSQL server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema comes from the migrations (retour-database-server.c); the
 * roles, privileges and the triggers that enforce them from
 * server/roles.sql, which is written to be applied again and again. To
 * say whether a run changed anything, the privileges, functions,
 * triggers and memberships are summed up before and after it.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-server-setup.h"
#include "retour-sql-postgres.h"

#define ROLES_SQL "/io/github/retour/Retour/store/server/roles.sql"

/* Two runs of server init at once take turns (as the migrations do,
 * with another constant). */
#define SETUP_LOCK "726f6c6573"

/* PostgreSQL's names are at most NAMEDATALEN - 1 bytes; a longer one
 * would be cut short without a word. */
#define MAX_NAME_BYTES 63

static const struct
{
  RetourOperatorRoles  role;
  const char          *key;
  const char          *group;
} roles[] = {
  { RETOUR_OPERATOR_ROLE_DESK, "desk", "retour_desk" },
  { RETOUR_OPERATOR_ROLE_WAREHOUSE, "warehouse", "retour_warehouse" },
  { RETOUR_OPERATOR_ROLE_ACCOUNTS, "accounts", "retour_accounts" },
  { RETOUR_OPERATOR_ROLE_OWNER, "owner", "retour_owner" },
};

const char *
retour_operator_role_to_key (RetourOperatorRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return roles[i].key;

  return NULL;
}

gboolean
retour_operator_role_from_key (const char          *key,
                               RetourOperatorRoles *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i].key, key))
      {
        *role = roles[i].role;
        return TRUE;
      }

  return FALSE;
}

void
retour_operator_free (RetourOperator *op)
{
  if (op == NULL)
    return;

  g_free (op->name);
  g_free (op);
}

void
retour_server_init_free (RetourServerInit *init)
{
  if (init == NULL)
    return;

  g_strfreev (init->roles_created);
  g_free (init);
}

gboolean
retour_server_init_changed (const RetourServerInit *init)
{
  g_return_val_if_fail (init != NULL, FALSE);

  return init->schema_before != init->schema_after ||
         (init->roles_created != NULL && init->roles_created[0] != NULL) ||
         init->privileges_changed;
}

/* The text in the first column of @stmt's one row (NULL for NULL). */
static gboolean
query_text (RetourStmt      *stmt,
            char           **text,
            GError         **error)
{
  if (stmt == NULL || !retour_stmt_step_row (stmt, _("The server gave no answer."), error))
    return FALSE;

  *text = retour_stmt_dup_text (stmt, 0);
  return TRUE;
}

/* Retour's group roles that exist on the cluster, space-separated. */
static gboolean
existing_groups (RetourDatabase  *db,
                 char           **groups,
                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db,
                                                        "SELECT string_agg (rolname, ' ' ORDER BY rolname) FROM pg_roles "
                                                        "WHERE rolname IN ('retour_desk', 'retour_warehouse', "
                                                        "'retour_accounts', 'retour_owner')",
                                                        error);

  return query_text (stmt, groups, error);
}

/* A sum of everything roles.sql sets in this database and cluster. */
static gboolean
fingerprint (RetourDatabase  *db,
             char           **sum,
             GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT md5 (concat_ws (E'\\n', "
                                  "  (SELECT string_agg (c.oid::regclass::text || ' ' || coalesce (c.relacl::text, '-'), "
                                  "                      ' ' ORDER BY c.oid::regclass::text) "
                                  "     FROM pg_class c WHERE c.relnamespace = current_schema ()::regnamespace "
                                  "      AND c.relkind IN ('r', 'p', 'v', 'S')), "
                                  "  (SELECT string_agg (a.attrelid::regclass::text || '.' || a.attname || ' ' || a.attacl::text, "
                                  "                      ' ' ORDER BY a.attrelid::regclass::text, a.attname) "
                                  "     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                                  "    WHERE c.relnamespace = current_schema ()::regnamespace AND a.attacl IS NOT NULL), "
                                  "  (SELECT string_agg (p.oid::regprocedure::text || ' ' || md5 (p.prosrc) || ' ' || "
                                  "                      p.prosecdef::text || ' ' || coalesce (p.proconfig::text, '-'), "
                                  "                      ' ' ORDER BY p.oid::regprocedure::text) "
                                  "     FROM pg_proc p WHERE p.pronamespace = current_schema ()::regnamespace), "
                                  "  (SELECT string_agg (pg_get_triggerdef (t.oid), ' ' ORDER BY pg_get_triggerdef (t.oid)) "
                                  "     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                  "    WHERE c.relnamespace = current_schema ()::regnamespace AND NOT t.tgisinternal), "
                                  "  (SELECT string_agg (m.roleid::regrole::text || '>' || m.member::regrole::text, "
                                  "                      ' ' ORDER BY m.roleid::regrole::text, m.member::regrole::text) "
                                  "     FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                                  "    WHERE g.rolname IN ('retour_desk', 'retour_warehouse', 'retour_accounts', 'retour_owner')), "
                                  "  (SELECT coalesce (nspacl::text, '-') FROM pg_namespace "
                                  "    WHERE oid = current_schema ()::regnamespace)))",
                                  error);

  return query_text (stmt, sum, error);
}

static gboolean
apply_roles (RetourDatabase  *db,
             GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;

  bytes = g_resources_lookup_data (ROLES_SQL, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (!retour_txn_begin (&txn, db, error) ||
      !retour_database_exec (db, "SELECT pg_advisory_xact_lock (x'" SETUP_LOCK "'::bigint)", error) ||
      !retour_database_exec (db, sql, error) ||
      !retour_txn_commit (&txn, error))
    {
      g_prefix_error (error, _("Could not set up the operators’ roles: "));
      return FALSE;
    }

  return TRUE;
}

RetourServerInit *
retour_server_init (const char  *location,
                    GError     **error)
{
  g_autoptr(RetourServerInit) init = g_new0 (RetourServerInit, 1);
  g_autoptr(RetourDatabase) db = NULL;
  g_autofree char *groups_before = NULL;
  g_autofree char *groups_after = NULL;
  g_autofree char *sum_before = NULL;
  g_autofree char *sum_after = NULL;
  g_autoptr(GStrvBuilder) created = g_strv_builder_new ();
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  if (!retour_database_location_is_server (location))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("“%s” is not a PostgreSQL server: give a postgresql:// address or a connection string."),
                   location);
      return NULL;
    }

  /* The schema as found, read without changing anything. */
  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_READ_ONLY | RETOUR_DATABASE_OPEN_AS_IS, error);
  if (db == NULL)
    return NULL;
  init->schema_before = retour_database_server_schema_version (db, error);
  if (init->schema_before < 0)
    return NULL;
  g_clear_object (&db);

  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;
  init->schema_after = retour_database_server_schema_version (db, error);
  if (init->schema_after < 0)
    return NULL;

  if (!existing_groups (db, &groups_before, error) ||
      !fingerprint (db, &sum_before, error) ||
      !apply_roles (db, error) ||
      !existing_groups (db, &groups_after, error) ||
      !fingerprint (db, &sum_after, error))
    return NULL;

  before = g_strsplit (groups_before != NULL ? groups_before : "", " ", -1);
  after = g_strsplit (groups_after != NULL ? groups_after : "", " ", -1);
  for (guint i = 0; after[i] != NULL; i++)
    if (*after[i] != '\0' && !g_strv_contains ((const char * const *) before, after[i]))
      g_strv_builder_add (created, after[i]);
  init->roles_created = g_strv_builder_end (created);
  init->privileges_changed = g_strcmp0 (sum_before, sum_after) != 0;

  return g_steal_pointer (&init);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("An operator needs a name."));
      return FALSE;
    }

  if (!g_utf8_validate (name, -1, NULL) || strlen (name) > MAX_NAME_BYTES)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("An operator’s name is at most %d bytes of text."), MAX_NAME_BYTES);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                             _("An operator’s name cannot hold control characters."));
        return FALSE;
      }

  if (g_str_has_prefix (name, "pg_") || g_str_has_prefix (name, "retour_"))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("Names that begin with “pg_” or “retour_” are the server’s and Retour’s own; “%s” cannot be an operator."),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Runs the statement that the one row of @stmt spells out: names and
 * passwords go into it quoted by the server's format(). */
static gboolean
exec_formatted (RetourDatabase  *db,
                RetourStmt      *stmt,
                GError         **error)
{
  g_autofree char *sql = NULL;

  return query_text (stmt, &sql, error) &&
         retour_database_exec (db, sql, error);
}

gboolean
retour_server_add_operator (RetourDatabase       *db,
                            const char           *name,
                            RetourOperatorRoles   operator_roles,
                            const char           *password,
                            GError              **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autofree char *groups = NULL;
  g_auto(GStrv) found = NULL;
  char *verifier;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_database_is_shared (db))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Operators are for a shop on a PostgreSQL server; a file has one name per desk."));
      return FALSE;
    }

  if (!check_name (name, error))
    return FALSE;

  if ((operator_roles & RETOUR_OPERATOR_ROLES_ALL) == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Give the operator at least one role: desk, warehouse, accounts or owner."));
      return FALSE;
    }

  if (password == NULL || *password == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("An operator needs a password."));
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  if (!existing_groups (db, &groups, error))
    return FALSE;
  found = g_strsplit (groups != NULL ? groups : "", " ", -1);
  if (g_strv_length (found) != G_N_ELEMENTS (roles))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("Retour’s roles are not set up on this server yet. Run “retour-cli server init” first."));
      return FALSE;
    }

  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (db, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?1)",
                                                          error);

    if (stmt == NULL)
      return FALSE;
    retour_stmt_bind_text (stmt, 1, name);
    if (!retour_stmt_step (stmt, &has_row, error))
      return FALSE;
    if (retour_stmt_column_int (stmt, 0) != 0)
      {
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                     _("The server has an operator or role called “%s” already."), name);
        return FALSE;
      }
  }

  /* Only a hash of the password goes to the server, so that it never
   * shows in the server's log or its list of statements. */
  verifier = PQencryptPasswordConn (retour_pg_conn_get_handle (retour_database_get_connection (db)),
                                    password, name, NULL);
  if (verifier == NULL)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                   _("Could not prepare the password for the server: %s"),
                   PQerrorMessage (retour_pg_conn_get_handle (retour_database_get_connection (db))));
      return FALSE;
    }

  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (db,
                                                          "SELECT format ('CREATE ROLE %I LOGIN PASSWORD %L', "
                                                          "CAST (?1 AS text), CAST (?2 AS text))",
                                                          error);
    gboolean ok;

    if (stmt != NULL)
      {
        retour_stmt_bind_text (stmt, 1, name);
        retour_stmt_bind_text (stmt, 2, verifier);
      }
    ok = stmt != NULL && exec_formatted (db, stmt, error);
    PQfreemem (verifier);
    if (!ok)
      return FALSE;
  }

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(RetourStmt) stmt = NULL;

      if ((operator_roles & roles[i].role) == 0)
        continue;

      stmt = retour_database_prepare (db, "SELECT format ('GRANT %I TO %I', CAST (?1 AS text), CAST (?2 AS text))",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_static_text (stmt, 1, roles[i].group);
      retour_stmt_bind_text (stmt, 2, name);
      if (!exec_formatted (db, stmt, error))
        return FALSE;
    }

  return retour_txn_commit (&txn, error);
}

static gpointer
read_operator_row (RetourStmt *stmt,
                   gpointer    user_data)
{
  RetourOperator *op = g_new0 (RetourOperator, 1);
  g_auto(GStrv) groups = g_strsplit (retour_stmt_column_text (stmt, 1), " ", -1);

  op->name = retour_stmt_dup_text (stmt, 0);
  for (guint i = 0; groups[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (roles); j++)
      if (g_str_equal (groups[i], roles[j].group))
        op->roles |= roles[j].role;

  return op;
}

GPtrArray *
retour_server_list_operators (RetourDatabase  *db,
                              GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  if (!retour_database_is_shared (db))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) retour_operator_free);

  stmt = retour_database_prepare (db,
                                  "SELECT u.rolname, string_agg (g.rolname, ' ' ORDER BY g.rolname) "
                                  "FROM pg_roles u "
                                  "JOIN pg_auth_members m ON m.member = u.oid "
                                  "JOIN pg_roles g ON g.oid = m.roleid "
                                  "WHERE u.rolcanlogin AND g.rolname IN ('retour_desk', 'retour_warehouse', "
                                  "'retour_accounts', 'retour_owner') "
                                  "GROUP BY u.rolname ORDER BY u.rolname",
                                  error);
  if (stmt == NULL)
    return NULL;

  return retour_stmt_collect (stmt, read_operator_row, NULL, (GDestroyNotify) retour_operator_free, error);
}
