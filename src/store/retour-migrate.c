/* retour-migrate.c — moving a shop from its SQLite file onto a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both schemas have the same tables and columns at the same version
 * (src/store/migrations and migrations-pg), so the copy needs no mapping:
 * the file's tables, in the order their references ask for, each with the
 * columns the file has, are inserted under the same names on the server,
 * ids included, so every reference stays as it was. What only one side
 * keeps for itself is left out: SQLite's full-text indexes and their
 * queues, and the server's search documents (made again from the copied
 * rows) and schema version.
 *
 * The server's rules hold for what it receives: its constraints and
 * refusals check every row as it arrives. Only the triggers that keep
 * derived data (search documents, stock totals and their checks) are
 * paused for the copy, and what they would have made or checked is done
 * once for all rows before the COMMIT (see pause_row_triggers()).
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-clock.h"
#include "retour-database-private.h"
#include "retour-migrate.h"
#include "retour-sql-postgres.h"

/* Rows per INSERT: one round trip to the server for many rows, and
 * PostgreSQL takes at most 65535 parameters in a statement. */
#define MAX_BATCH_ROWS   200
#define MAX_BATCH_PARAMS 30000

/* What a new server is given before any shop is on it (see
 * retour_policy_store_ensure_defaults()): replaced by the file's. */
static const char * const replaced_defaults[] = {
  "setting", "sequence", "reason", "policy", "policy_category", "policy_reason",
};

typedef struct
{
  char      *name;
  char      *quoted;
  GPtrArray *columns;    /* of char *, quoted */
  GArray    *is_blob;    /* of gboolean, per column: bytea on the server */
  char      *order_by;   /* the primary key, so rows come in id order */
  GPtrArray *parents;    /* of char *: the tables this one refers to */
  guint64    rows;       /* copied */
} Table;

static void
table_free (Table *table)
{
  g_free (table->name);
  g_free (table->quoted);
  g_clear_pointer (&table->columns, g_ptr_array_unref);
  g_clear_pointer (&table->is_blob, g_array_unref);
  g_free (table->order_by);
  g_clear_pointer (&table->parents, g_ptr_array_unref);
  g_free (table);
}

void
retour_migrate_report_free (RetourMigrateReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->counts, g_ptr_array_unref);
  g_free (report);
}

static void
count_free (RetourMigrateCount *count)
{
  g_free (count->table);
  g_free (count);
}

/* Statements made of table names are not cached: the cache is keyed by
 * the address of a literal's text. */
typedef RetourStmt OwnedStmt;

static void
owned_stmt_free (OwnedStmt *stmt)
{
  stmt->backend->finalize (stmt->handle);
  g_free (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OwnedStmt, owned_stmt_free)

static OwnedStmt *
prepare_owned (RetourDatabase  *db,
               const char      *sql,
               GError         **error)
{
  const RetourSqlBackend *backend = retour_database_is_shared (db) ? &retour_sql_postgres : &retour_sql_sqlite;
  gpointer handle = backend->prepare (retour_database_get_connection (db), sql, error);
  OwnedStmt *stmt;

  if (handle == NULL)
    return NULL;

  stmt = g_new (OwnedStmt, 1);
  stmt->backend = backend;
  stmt->handle = handle;
  return stmt;
}

/* The one number @sql gives, or -1 with @error. */
static gint64
query_count (RetourDatabase  *db,
             const char      *sql,
             GError         **error)
{
  g_autoptr(OwnedStmt) stmt = prepare_owned (db, sql, error);
  gboolean has_row;

  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return -1;

  return has_row ? retour_stmt_column_int64 (stmt, 0) : 0;
}

static gint64
count_rows (RetourDatabase  *db,
            const Table     *table,
            GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", table->quoted);

  return query_count (db, sql, error);
}

/* Names go into SQL as quoted identifiers; Retour's own are plain. */
static gboolean
is_plain_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

static GPtrArray *
collect_names (RetourDatabase  *db,
               const char      *sql,
               const char      *arg,
               GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    retour_stmt_bind_text (stmt, 1, arg);

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    g_ptr_array_add (names, retour_stmt_dup_text (stmt, 0));

  return ok ? g_steal_pointer (&names) : NULL;
}

static gboolean
is_skipped (const char *name,
            GPtrArray  *virtual_tables)
{
  /* SQLite's own, and the search queues, empty between transactions. */
  if (g_str_has_prefix (name, "sqlite_") || g_str_has_suffix (name, "_search_queue"))
    return TRUE;

  /* The full-text indexes and their shadow tables (rma_fts_data, …). */
  for (guint i = 0; i < virtual_tables->len; i++)
    {
      const char *table = g_ptr_array_index (virtual_tables, i);

      if (g_str_equal (name, table) ||
          (g_str_has_prefix (name, table) && name[strlen (table)] == '_'))
        return TRUE;
    }

  return FALSE;
}

static void
not_on_server_error (GError     **error,
                     const char  *what)
{
  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
               _("The server’s schema has no %s, which the file has. Both must be of the same version of Retour."),
               what);
}

/* The file's table @name, with its columns as the server has them. */
static Table *
describe_table (RetourDatabase  *source,
                RetourDatabase  *server,
                const char      *name,
                GError         **error)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) key = NULL;
  g_autoptr(GHashTable) server_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GString) order_by = g_string_new (NULL);
  Table *table;
  gboolean has_row;
  gboolean ok;

  columns = collect_names (source, "SELECT name FROM pragma_table_info (?1) ORDER BY cid", name, error);
  if (columns == NULL)
    return NULL;
  key = collect_names (source, "SELECT name FROM pragma_table_info (?1) WHERE pk > 0 ORDER BY pk", name, error);
  if (key == NULL)
    return NULL;

  stmt = retour_database_prepare (server,
                                  "SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_schema = current_schema () AND table_name = ?1",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_text (stmt, 1, name);
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    g_hash_table_insert (server_types, retour_stmt_dup_text (stmt, 0), retour_stmt_dup_text (stmt, 1));
  if (!ok)
    return NULL;

  if (g_hash_table_size (server_types) == 0)
    {
      g_autofree char *what = g_strdup_printf (_("table “%s”"), name);

      not_on_server_error (error, what);
      return NULL;
    }

  table = g_new0 (Table, 1);
  table->name = g_strdup (name);
  table->quoted = g_strdup_printf ("\"%s\"", name);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  table->is_blob = g_array_new (FALSE, FALSE, sizeof (gboolean));
  table->parents = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);
      const char *type = g_hash_table_lookup (server_types, column);
      gboolean is_blob = g_strcmp0 (type, "bytea") == 0;

      if (type == NULL || !is_plain_name (column))
        {
          g_autofree char *what = g_strdup_printf (_("column “%s” in table “%s”"), column, name);

          not_on_server_error (error, what);
          table_free (table);
          return NULL;
        }
      g_ptr_array_add (table->columns, g_strdup_printf ("\"%s\"", column));
      g_array_append_val (table->is_blob, is_blob);
    }

  /* Every table has a primary key; rowid is there for any that would not. */
  for (guint i = 0; i < key->len; i++)
    g_string_append_printf (order_by, "%s\"%s\"", i > 0 ? ", " : "", (char *) g_ptr_array_index (key, i));
  table->order_by = key->len > 0 ? g_string_free (g_steal_pointer (&order_by), FALSE) : g_strdup ("rowid");

  return table;
}

/* Puts @table after its parents (depth first, so the order is stable). */
static gboolean
visit (Table       *table,
       GHashTable  *by_name,
       GHashTable  *state,
       GPtrArray   *ordered)
{
  int seen = GPOINTER_TO_INT (g_hash_table_lookup (state, table->name));

  if (seen == 2)
    return TRUE;
  if (seen == 1)
    return FALSE;   /* a cycle: no order of inserts satisfies it */

  g_hash_table_insert (state, table->name, GINT_TO_POINTER (1));
  for (guint i = 0; i < table->parents->len; i++)
    {
      Table *parent = g_hash_table_lookup (by_name, g_ptr_array_index (table->parents, i));

      if (parent != NULL && parent != table && !visit (parent, by_name, state, ordered))
        return FALSE;
    }
  g_hash_table_insert (state, table->name, GINT_TO_POINTER (2));
  g_ptr_array_add (ordered, table);

  return TRUE;
}

/* The file's tables that the server shares, parents before children. */
static GPtrArray *
list_tables (RetourDatabase  *source,
             RetourDatabase  *server,
             GError         **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) virtual_tables = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);

  names = collect_names (source, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", NULL, error);
  if (names == NULL)
    return NULL;
  virtual_tables = collect_names (source,
                                  "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'",
                                  NULL, error);
  if (virtual_tables == NULL)
    return NULL;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GPtrArray) parents = NULL;
      Table *table;

      if (is_skipped (name, virtual_tables))
        continue;

      if (!is_plain_name (name))
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("The file has a table “%s” that Retour did not make."), name);
          return NULL;
        }

      table = describe_table (source, server, name, error);
      if (table == NULL)
        return NULL;
      g_ptr_array_add (tables, table);
      g_hash_table_insert (by_name, table->name, table);

      parents = collect_names (source, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list (?1)", name, error);
      if (parents == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (table->parents, g_steal_pointer (&parents));
    }

  for (guint i = 0; i < tables->len; i++)
    if (!visit (g_ptr_array_index (tables, i), by_name, state, ordered))
      {
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                     _("The tables of the file refer to each other in a circle, so they cannot be copied one after the other."));
        return NULL;
      }

  /* The ordered array owns the tables now. */
  g_ptr_array_set_free_func (tables, NULL);

  return g_steal_pointer (&ordered);
}

static gboolean
is_replaced_default (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (replaced_defaults); i++)
    if (g_str_equal (table, replaced_defaults[i]))
      return TRUE;

  return FALSE;
}

/* A server with a shop is refused; one just set up has a default policy,
 * reasons and settings, which make way for the file's. */
static gboolean
clear_server (RetourDatabase  *server,
              GPtrArray       *tables,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean empty = retour_database_is_empty (server, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!empty)
    goto not_empty;

  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM (SELECT 1 FROM %s LIMIT 1) AS t",
                                              table->quoted);
      gint64 n = query_count (server, sql, error);

      if (n < 0)
        return FALSE;
      if (n > 0 && !is_replaced_default (table->name))
        goto not_empty;
    }

  /* Children first: nothing refers to a row when it goes. */
  for (guint i = tables->len; i > 0; i--)
    {
      Table *table = g_ptr_array_index (tables, i - 1);
      g_autofree char *sql = NULL;

      if (!is_replaced_default (table->name))
        continue;

      sql = g_strdup_printf ("DELETE FROM %s", table->quoted);
      if (!retour_database_exec (server, sql, error))
        return FALSE;
    }

  return TRUE;

not_empty:
  g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("The database on the server already holds a shop. A file can only be moved onto a server database without one."));
  return FALSE;
}

static char *
insert_sql (const Table *table,
            guint        n_rows)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  guint n_columns = table->columns->len;
  guint param = 1;

  g_string_append_printf (sql, "%s (", table->quoted);
  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (sql, "%s%s", c > 0 ? ", " : "", (char *) g_ptr_array_index (table->columns, c));
  g_string_append (sql, ") VALUES ");

  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint c = 0; c < n_columns; c++)
        g_string_append_printf (sql, "%s?%u", c > 0 ? ", " : "", param++);
      g_string_append_c (sql, ')');
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Binds the file's value as the server's column takes it: bytes for a
 * blob, numbers as numbers, text as text (made valid UTF-8 on the way,
 * which the store does for every text it binds). */
static void
bind_value (RetourStmt   *insert,
            int           index,
            sqlite3_stmt *row,
            int           column,
            gboolean      is_blob,
            GPtrArray    *held)
{
  switch (sqlite3_column_type (row, column))
    {
    case SQLITE_NULL:
      retour_stmt_bind_null (insert, index);
      return;

    case SQLITE_INTEGER:
      if (!is_blob)
        {
          retour_stmt_bind_int64 (insert, index, sqlite3_column_int64 (row, column));
          return;
        }
      break;

    case SQLITE_FLOAT:
      if (!is_blob)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          retour_stmt_bind_text (insert, index,
                                 g_ascii_dtostr (buffer, sizeof buffer, sqlite3_column_double (row, column)));
          return;
        }
      break;

    default:
      break;
    }

  if (is_blob)
    {
      /* The bound bytes must live until the batch has run. */
      gconstpointer data = sqlite3_column_blob (row, column);
      GBytes *bytes = g_bytes_new (data, (gsize) sqlite3_column_bytes (row, column));

      g_ptr_array_add (held, bytes);
      retour_stmt_bind_blob (insert, index, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else
    {
      retour_stmt_bind_text (insert, index, (const char *) sqlite3_column_text (row, column));
    }
}

static gboolean
copy_table (RetourDatabase         *source,
            RetourDatabase         *server,
            Table                  *table,
            RetourMigrateProgress   progress,
            gpointer                user_data,
            GCancellable           *cancellable,
            GError                **error)
{
  sqlite3 *handle = retour_database_get_handle (source);
  guint n_columns = table->columns->len;
  guint batch_rows = MAX (1, MIN (MAX_BATCH_ROWS, MAX_BATCH_PARAMS / n_columns));
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(OwnedStmt) batch = NULL;
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autofree char *batch_sql = insert_sql (table, batch_rows);
  sqlite3_stmt *row = NULL;
  gint64 total;
  guint in_batch = 0;
  gboolean ok = TRUE;
  int rc;

  total = count_rows (source, table, error);
  if (total < 0)
    return FALSE;

  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (select, "%s%s", c > 0 ? ", " : "", (char *) g_ptr_array_index (table->columns, c));
  g_string_append_printf (select, " FROM %s ORDER BY %s", table->quoted, table->order_by);

  rc = sqlite3_prepare_v2 (handle, select->str, -1, &row, NULL);
  if (rc != SQLITE_OK)
    return retour_store_set_error (error, handle, rc);

  if (total >= batch_rows)
    {
      batch = prepare_owned (server, batch_sql, error);
      if (batch == NULL)
        {
          sqlite3_finalize (row);
          return FALSE;
        }
    }

  if (progress != NULL)
    progress (table->name, 0, (guint64) total, user_data);

  while (ok && (rc = sqlite3_step (row)) == SQLITE_ROW)
    {
      /* The last rows, fewer than a batch, go in one statement of their own. */
      if (in_batch == 0 && (guint64) total - table->rows < batch_rows)
        {
          g_autofree char *tail_sql = insert_sql (table, (guint) ((guint64) total - table->rows));

          g_clear_pointer (&batch, owned_stmt_free);
          batch = prepare_owned (server, tail_sql, error);
          if (batch == NULL)
            {
              ok = FALSE;
              break;
            }
          batch_rows = (guint) ((guint64) total - table->rows);
        }

      for (guint c = 0; c < n_columns; c++)
        bind_value (batch, (int) (in_batch * n_columns + c + 1), row, (int) c,
                    g_array_index (table->is_blob, gboolean, c), held);

      if (++in_batch < batch_rows)
        continue;

      ok = retour_stmt_run (batch, error);
      batch->backend->reset (batch->handle);
      g_ptr_array_set_size (held, 0);
      table->rows += in_batch;
      in_batch = 0;

      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      if (ok && progress != NULL)
        progress (table->name, table->rows, (guint64) total, user_data);
    }

  if (ok && rc != SQLITE_DONE && rc != SQLITE_ROW)
    ok = retour_store_set_error (error, handle, rc);
  sqlite3_finalize (row);

  /* The file is read in one read transaction, so its count holds. */
  if (ok && (in_batch != 0 || table->rows != (guint64) total))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                   _("Table “%s”: %lld rows counted in the file, but %llu read."),
                   table->name, (long long) total, (unsigned long long) (table->rows + in_batch));
      ok = FALSE;
    }

  if (!ok)
    g_prefix_error (error, _("Copying table “%s”: "), table->name);

  return ok;
}

/* Identity columns go on from the highest id copied, so the next return
 * made at a desk does not collide with one from the file. */
static gboolean
reset_identities (RetourDatabase  *server,
                  GPtrArray       *tables,
                  GError         **error)
{
  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = NULL;
      gboolean has_id = FALSE;

      for (guint c = 0; c < table->columns->len && !has_id; c++)
        has_id = g_str_equal (g_ptr_array_index (table->columns, c), "\"id\"");
      if (!has_id)
        continue;

      /* pg_get_serial_sequence() is NULL for a table without one, and
       * setval() of NULL does nothing. */
      sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'), "
                             "coalesce (max (id), 0) + 1, false) FROM %s",
                             table->quoted, table->quoted);
      if (!retour_database_exec (server, sql, error))
        return FALSE;
    }

  return TRUE;
}

static void
problems_error (GError                 **error,
                const RetourCheckReport *report,
                const char              *where)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, report->n_problems);

  for (guint i = 0; i < report->problems->len && i < 5; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? "; " : "", (char *) g_ptr_array_index (report->problems, i));

  /* Translators: the first %s is "the file" or "the server", the second a
   * count, the third the first few problems. */
  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
               _("The check of %s found %s problems: %s"),
               where, count, list->str);
}

static gboolean
check (RetourDatabase  *db,
       gint64           now_us,
       const char      *where,
       GError         **error)
{
  g_autoptr(RetourCheckReport) report = retour_check_database (db, RETOUR_CHECK_FULL, now_us, error);

  if (report == NULL)
    return FALSE;

  if (report->n_problems > 0)
    {
      problems_error (error, report, where);
      return FALSE;
    }

  return TRUE;
}

/* Every table again, on both sides, now that the copy is committed. */
static gboolean
compare_counts (RetourDatabase       *source,
                RetourDatabase       *server,
                GPtrArray            *tables,
                RetourMigrateReport  *report,
                GError              **error)
{
  g_autoptr(GString) differences = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = g_ptr_array_index (tables, i);
      RetourMigrateCount *count = g_new0 (RetourMigrateCount, 1);
      gint64 in_file, on_server;

      count->table = g_strdup (table->name);
      g_ptr_array_add (report->counts, count);

      in_file = count_rows (source, table, error);
      if (in_file < 0)
        return FALSE;
      on_server = count_rows (server, table, error);
      if (on_server < 0)
        return FALSE;

      count->file_rows = (guint64) in_file;
      count->server_rows = (guint64) on_server;
      if (in_file != on_server)
        /* Translators: a table, the rows in the file, the rows on the server. */
        g_string_append_printf (differences, _("%s%s: %lld rows in the file, %lld on the server"),
                                differences->len > 0 ? "; " : "", table->name, (long long) in_file,
                                (long long) on_server);
    }

  if (differences->len > 0)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                   _("The copy on the server differs from the file (was the file changed meanwhile?): %s"),
                   differences->str);
      return FALSE;
    }

  return TRUE;
}

/* Two kinds of the server's triggers work row by row where a copy of
 * every row is better served all at once:
 *
 * - the search documents of returns and orders, written as each row and
 *   each of its lines arrives; retour_search_rebuild() writes them all
 *   once at the end;
 * - the stock ledger: each movement adds its delta to its product's row,
 *   and at COMMIT one check per movement and per product update adds up
 *   every movement of the product. In one transaction every update of a
 *   product walks past all its earlier versions, and the checks read
 *   hundreds of millions of rows on a large shop. With these paused, the
 *   products' totals are copied as the file has them, and
 *   check_ledger() makes the ledger's check in one statement before the
 *   COMMIT.
 *
 * They are switched off inside the copy's transaction only, so no other
 * desk ever sees them off. That takes the owner of the tables (who set
 * the server up) or a superuser, which the copy needs anyway: for an
 * operator's login the server would write the operator's name into
 * every copied history entry, and refuse what the role may not do.
 * Returns the triggers switched off, as "table" and "trigger" in turn. */
static GPtrArray *
pause_row_triggers (RetourDatabase  *server,
                    GError         **error)
{
  g_autoptr(GPtrArray) paused = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  stmt = retour_database_prepare (server,
                                  "SELECT c.relname, t.tgname FROM pg_trigger t "
                                  "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
                                  "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
                                  "  AND c.relnamespace = current_schema ()::regnamespace "
                                  "  AND (p.proname LIKE 'retour%search%' "
                                  "       OR p.proname IN ('retour_check_stock', 'retour_stock_movement_apply')) "
                                  "ORDER BY 1, 2",
                                  error);
  if (stmt == NULL)
    return NULL;
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      const char *table = retour_stmt_column_text (stmt, 0);
      const char *trigger = retour_stmt_column_text (stmt, 1);

      if (is_plain_name (table) && is_plain_name (trigger))
        {
          g_ptr_array_add (paused, g_strdup (table));
          g_ptr_array_add (paused, g_strdup (trigger));
        }
    }
  if (!ok)
    return NULL;

  for (guint i = 0; i < paused->len; i += 2)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE \"%s\" DISABLE TRIGGER \"%s\"",
                                              (char *) g_ptr_array_index (paused, i),
                                              (char *) g_ptr_array_index (paused, i + 1));

      if (!retour_database_exec (server, sql, &local_error))
        {
          if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED))
            g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED,
                         _("Only the owner of the shop’s database on the server (who set it up with “retour-cli server init”) can move a shop onto it. (%s)"),
                         local_error->message);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&paused);
}

/* What the stock ledger's triggers check at COMMIT (see
 * 0009-baseline.sql), for every product at once: each total is the sum
 * of the product's movements in that bucket. */
static gboolean
check_ledger (RetourDatabase  *server,
              GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (server,
                                  "SELECT p.id, coalesce (p.sku, p.title) FROM product p "
                                  "LEFT JOIN (SELECT product_id, "
                                  "             sum (CASE bucket WHEN 'on-hand' THEN delta ELSE 0 END) AS on_hand, "
                                  "             sum (CASE bucket WHEN 'held' THEN delta ELSE 0 END) AS held, "
                                  "             sum (CASE bucket WHEN 'written-off' THEN delta ELSE 0 END) AS written_off "
                                  "           FROM stock_movement GROUP BY product_id) m ON m.product_id = p.id "
                                  "WHERE p.on_hand <> coalesce (m.on_hand, 0) OR p.held <> coalesce (m.held, 0) "
                                  "   OR p.written_off <> coalesce (m.written_off, 0) "
                                  "ORDER BY p.id LIMIT 1",
                                  error);
  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  if (has_row)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                   _("The stock of product %lld (%s) on the server is not the sum of its stock movements."),
                   (long long) retour_stmt_column_int64 (stmt, 0), retour_stmt_column_text (stmt, 1));
      return FALSE;
    }

  return TRUE;
}

static gboolean
resume_row_triggers (RetourDatabase  *server,
                        GPtrArray       *paused,
                        GError         **error)
{
  for (guint i = 0; i < paused->len; i += 2)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE \"%s\" ENABLE TRIGGER \"%s\"",
                                              (char *) g_ptr_array_index (paused, i),
                                              (char *) g_ptr_array_index (paused, i + 1));

      if (!retour_database_exec (server, sql, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
copy_all (RetourDatabase         *source,
          RetourDatabase         *server,
          GPtrArray              *tables,
          RetourMigrateProgress   progress,
          gpointer                user_data,
          GCancellable           *cancellable,
          GError                **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(GPtrArray) paused = NULL;

  if (!retour_txn_begin (&txn, server, error) ||
      !clear_server (server, tables, error))
    return FALSE;

  paused = pause_row_triggers (server, error);
  if (paused == NULL)
    return FALSE;

  for (guint i = 0; i < tables->len; i++)
    if (!copy_table (source, server, g_ptr_array_index (tables, i), progress, user_data, cancellable, error))
      return FALSE;

  if (progress != NULL)
    progress (NULL, 0, 0, user_data);

  if (!reset_identities (server, tables, error) ||
      !check_ledger (server, error) ||
      !resume_row_triggers (server, paused, error) ||
      !retour_database_exec (server, "SELECT retour_search_rebuild ()", error))
    return FALSE;

  /* The server's rows, before they are committed: anything a trigger
   * added or took away would show here. */
  for (guint i = 0; i < tables->len; i++)
    {
      Table *table = g_ptr_array_index (tables, i);
      gint64 n = count_rows (server, table, error);

      if (n < 0)
        return FALSE;
      if ((guint64) n != table->rows)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                       _("Table “%s”: %llu rows copied, but the server has %lld."),
                       table->name, (unsigned long long) table->rows, (long long) n);
          return FALSE;
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

RetourMigrateReport *
retour_migrate_to_server (const char             *from_path,
                          const char             *to_location,
                          RetourMigrateProgress   progress,
                          gpointer                user_data,
                          GCancellable           *cancellable,
                          GError                **error)
{
  g_autoptr(RetourMigrateReport) report = NULL;
  g_autoptr(RetourDatabase) source = NULL;
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  /* For the checks' "today" (the next RMA number): a migration runs
   * before any desk's context exists. */
  gint64 now_us = retour_clock_real_time (NULL);
  gint64 started, copied;
  gboolean ok;

  g_return_val_if_fail (from_path != NULL, NULL);
  g_return_val_if_fail (to_location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (retour_database_location_is_server (from_path))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Only a shop’s file can be moved onto a server, not another server."));
      return NULL;
    }
  if (!retour_database_location_is_server (to_location))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("The destination must be a PostgreSQL server: a postgresql:// address or a connection string."));
      return NULL;
    }

  report = g_new0 (RetourMigrateReport, 1);
  report->counts = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  started = g_get_monotonic_time ();

  /* Read-only: the file stays as it is; an older schema is brought up to
   * date first, as every opening does. */
  source = retour_database_open_full (from_path, RETOUR_DATABASE_OPEN_READ_ONLY, error);
  if (source == NULL)
    return NULL;

  /* A damaged shop is repaired where it is, not carried over. */
  if (!check (source, now_us, _("the file"), error))
    {
      g_prefix_error (error, _("Nothing was copied. Run “retour-cli check” on the file and repair it first. "));
      return NULL;
    }

  server = retour_database_open_full (to_location, RETOUR_DATABASE_OPEN_CREATE, error);
  if (server == NULL)
    return NULL;

  tables = list_tables (source, server, error);
  if (tables == NULL)
    return NULL;

  report->check_us = g_get_monotonic_time () - started;
  started = g_get_monotonic_time ();

  /* One snapshot of the file for the whole copy, even if a desk writes
   * to it meanwhile. */
  if (!retour_database_exec (source, "BEGIN", error))
    return NULL;
  ok = copy_all (source, server, tables, progress, user_data, cancellable, error);
  retour_database_exec (source, "COMMIT", NULL);
  if (!ok)
    return NULL;

  /* A million rows arrived at once: the planner's statistics are of an
   * empty shop until autovacuum comes by, and with them a search walks
   * the trigram index the slow way (72 ms against 1 ms measured). */
  if (!retour_database_exec (server, "ANALYZE", error))
    return NULL;

  copied = g_get_monotonic_time ();
  report->copy_us = copied - started;
  for (guint i = 0; i < tables->len; i++)
    report->rows += ((Table *) g_ptr_array_index (tables, i))->rows;

  if (!compare_counts (source, server, tables, report, error) ||
      !check (server, now_us, _("the server"), error))
    {
      g_prefix_error (error, _("The shop was copied onto the server, but "));
      return NULL;
    }
  report->check_us += g_get_monotonic_time () - copied;

  return g_steal_pointer (&report);
}

typedef struct
{
  char *from_path;
  char *to_location;
} MigrateTask;

static void
migrate_task_free (MigrateTask *task)
{
  g_free (task->from_path);
  g_free (task->to_location);
  g_free (task);
}

static void
migrate_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MigrateTask *data = task_data;
  GError *error = NULL;
  RetourMigrateReport *report;

  report = retour_migrate_to_server (data->from_path, data->to_location, NULL, NULL, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) retour_migrate_report_free);
}

void
retour_migrate_to_server_async (const char          *from_path,
                                const char          *to_location,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MigrateTask *data;

  g_return_if_fail (from_path != NULL);
  g_return_if_fail (to_location != NULL);

  data = g_new0 (MigrateTask, 1);
  data->from_path = g_strdup (from_path);
  data->to_location = g_strdup (to_location);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_migrate_to_server_async);
  g_task_set_task_data (task, data, (GDestroyNotify) migrate_task_free);
  g_task_run_in_thread (task, migrate_thread);
}

RetourMigrateReport *
retour_migrate_to_server_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, retour_migrate_to_server_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
