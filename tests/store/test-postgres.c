/* test-postgres.c — the PostgreSQL backend keeps what the stores give it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the private cluster build-aux/test starts (RETOUR_TEST_POSTGRES,
 * and RETOUR_TEST_POSTGRES_TCP for password logins), each test in a
 * scratch schema of its own: values come back as they went in, errors
 * carry the code the desk acts on (a duplicate, a refusal, a server that
 * is away), and a connection cut from the server side is known as gone.
 * Statements go through the same RetourStmt calls the stores make.
 */
#include "config.h"

#include <unistd.h>

#include "retour-database-private.h"
#include "retour-search-postgres.h"
#include "retour-sql-backend.h"
#include "retour-sql-postgres.h"

typedef struct
{
  RetourPgConn *conn;
  char         *schema;
  char         *role;        /* a role the test made, dropped at the end */
  GPtrArray    *statements;  /* kept for the connection's life, as the store does */
} Fixture;

static const char *
conninfo (void)
{
  return g_getenv ("RETOUR_TEST_POSTGRES");
}

static void
exec_ok (RetourPgConn *conn,
         const char   *sql)
{
  g_autoptr(GError) error = NULL;

  retour_sql_postgres.exec (conn, sql, &error);
  g_assert_no_error (error);
}

static void
free_statement (gpointer data)
{
  RetourStmt *stmt = data;

  stmt->backend->finalize (stmt->handle);
  g_free (stmt);
}

/* A RetourStmt around one of the backend's handles, as
 * retour_database_prepare() makes them. */
static RetourStmt *
prepare (Fixture    *f,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  RetourStmt *stmt = g_new0 (RetourStmt, 1);

  stmt->backend = &retour_sql_postgres;
  stmt->handle = retour_sql_postgres.prepare (f->conn, sql, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stmt->handle);
  g_ptr_array_add (f->statements, stmt);

  return stmt;
}

static void
run_ok (RetourStmt *stmt)
{
  g_autoptr(GError) error = NULL;

  retour_stmt_run (stmt, &error);
  g_assert_no_error (error);
  retour_stmt_release (stmt);
}

static void
step_row (RetourStmt *stmt)
{
  g_autoptr(GError) error = NULL;

  retour_stmt_step_row (stmt, "no row", &error);
  g_assert_no_error (error);
}

static void
step_done (RetourStmt *stmt)
{
  g_autoptr(GError) error = NULL;
  gboolean has_row = TRUE;

  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_false (has_row);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  RetourStmt *stmt = prepare (f, sql);
  gint64 value;

  step_row (stmt);
  value = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (stmt);

  return value;
}

static RetourPgConn *
open_ok (const char *info,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  RetourPgConn *conn = retour_pg_conn_open (info, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conn);

  return conn;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *sql = NULL;

  f->statements = g_ptr_array_new_with_free_func (free_statement);
  f->conn = open_ok (conninfo (), NULL);
  f->schema = g_strdup_printf ("retour_test_%d_%u", (int) getpid (), counter++);

  sql = g_strdup_printf ("CREATE SCHEMA %s; SET search_path TO %s", f->schema, f->schema);
  exec_ok (f->conn, sql);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  RetourPgConn *admin = open_ok (conninfo (), NULL);
  g_autofree char *drop_schema = g_strdup_printf ("DROP SCHEMA %s CASCADE", f->schema);

  /* The connection goes first: the statements it cached must not need it
   * to be finalized. */
  g_clear_pointer (&f->conn, retour_pg_conn_close);
  g_clear_pointer (&f->statements, g_ptr_array_unref);

  exec_ok (admin, drop_schema);
  if (f->role != NULL)
    {
      g_autofree char *drop_role = g_strdup_printf ("DROP ROLE %s", f->role);

      exec_ok (admin, drop_role);
    }
  retour_pg_conn_close (admin);

  g_free (f->role);
  g_free (f->schema);
}

/* Renumbering, without a server */

static void
test_renumber (void)
{
  static const struct {
    const char *sql;
    const char *expected;
  } cases[] = {
    { "SELECT ?1, ?2 FROM t WHERE a = ?1", "SELECT $1, $2 FROM t WHERE a = $1" },
    /* A bare ? is one more than the highest so far, as in SQLite. */
    { "VALUES (?, ?, ?5, ?)", "VALUES ($1, $2, $5, $6)" },
    { "x=?12", "x=$12" },
    { "SELECT 'it''s ?1' || ?1", "SELECT 'it''s ?1' || $1" },
    { "SELECT \"who?\" FROM \"a \"\"?\"\" b\" WHERE c = ?", "SELECT \"who?\" FROM \"a \"\"?\"\" b\" WHERE c = $1" },
    { "SELECT ?1 -- and ?2\n, ?2", "SELECT $1 -- and ?2\n, $2" },
    { "SELECT /* a /* nested ?1 */ still ?2 */ ?3", "SELECT /* a /* nested ?1 */ still ?2 */ $3" },
    { "SELECT E'\\' ?1' || ?1, e'?''?'", "SELECT E'\\' ?1' || $1, e'?''?'" },
    /* Outside E'', a backslash is an ordinary character. */
    { "name LIKE ?1 ESCAPE '\\' AND x = ?2", "name LIKE $1 ESCAPE '\\' AND x = $2" },
    { "SELECT $$ ?1 $$, $f$ ? $f$, ?", "SELECT $$ ?1 $$, $f$ ? $f$, $1" },
    { "SELECT $1, ?2", "SELECT $1, $2" },
    { "SELECT 'not closed ?1", "SELECT 'not closed ?1" },
    { "SELECT ?1 /* not closed ?2", "SELECT $1 /* not closed ?2" },
    { "SELECT 'Łódź ?', ?1 AS \"ñ?\"", "SELECT 'Łódź ?', $1 AS \"ñ?\"" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sql = retour_pg_renumber (cases[i].sql);

      g_assert_cmpstr (sql, ==, cases[i].expected);
    }
}

/* Values */

static void
test_int64 (Fixture       *f,
            gconstpointer  data)
{
  static const gint64 values[] = { G_MININT64, -1, 0, 1, G_MAXINT32 + G_GINT64_CONSTANT (1), G_MAXINT64 };
  RetourStmt *insert;
  RetourStmt *select;

  exec_ok (f->conn, "CREATE TABLE numbers (n int, i bigint)");
  insert = prepare (f, "INSERT INTO numbers (n, i) VALUES (?1, ?2)");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      retour_stmt_bind_int (insert, 1, (int) i);
      retour_stmt_bind_int64 (insert, 2, values[i]);
      run_ok (insert);
    }

  select = prepare (f, "SELECT n, i, i::text FROM numbers ORDER BY n");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);

      step_row (select);
      g_assert_cmpint (retour_stmt_column_int (select, 0), ==, (int) i);
      g_assert_cmpint (retour_stmt_column_int64 (select, 1), ==, values[i]);
      g_assert_cmpstr (retour_stmt_column_text (select, 2), ==, text);
    }
  step_done (select);
  retour_stmt_release (select);
}

static void
test_null (Fixture       *f,
           gconstpointer  data)
{
  RetourStmt *insert;
  RetourStmt *select;
  gsize size = 1;

  exec_ok (f->conn, "CREATE TABLE things (id int, name text, amount bigint, picture bytea)");
  insert = prepare (f, "INSERT INTO things (id, name, amount, picture) VALUES (?1, ?2, ?3, ?4)");
  retour_stmt_bind_int (insert, 1, 1);
  retour_stmt_bind_null (insert, 2);
  retour_stmt_bind_text (insert, 3, NULL);
  /* ?4 is never bound: NULL too. */
  run_ok (insert);

  /* A statement released and run again starts from nothing bound. */
  retour_stmt_bind_int (insert, 1, 2);
  run_ok (insert);

  select = prepare (f, "SELECT name, amount, picture, id FROM things ORDER BY id");
  for (int id = 1; id <= 2; id++)
    {
      step_row (select);
      g_assert_true (retour_stmt_column_is_null (select, 0));
      g_assert_null (retour_stmt_column_text (select, 0));
      g_assert_true (retour_stmt_column_is_null (select, 1));
      g_assert_cmpint (retour_stmt_column_int64 (select, 1), ==, 0);
      g_assert_null (retour_stmt_column_blob (select, 2, &size));
      g_assert_cmpuint (size, ==, 0);
      g_assert_false (retour_stmt_column_is_null (select, 3));
      g_assert_cmpint (retour_stmt_column_int (select, 3), ==, id);
    }
  step_done (select);
  retour_stmt_release (select);
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  static const char * const names[] = {
    "Łódź", "Straße 5 — Hinterhof", "📦↩️ returned", "it's \"quoted\" \\ and ?1", "",
  };
  RetourStmt *insert;
  RetourStmt *select;
  RetourStmt *search;

  exec_ok (f->conn, "CREATE TABLE customers (id int, name text)");
  insert = prepare (f, "INSERT INTO customers (id, name) VALUES (?, ?)");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *copy = g_strdup (names[i]);

      retour_stmt_bind_int (insert, 1, (int) i);
      /* Copied at bind: the caller's string may go before the step. */
      retour_stmt_bind_text (insert, 2, copy);
      g_clear_pointer (&copy, g_free);
      run_ok (insert);
    }

  select = prepare (f, "SELECT name, length(name) FROM customers ORDER BY id");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      step_row (select);
      g_assert_cmpstr (retour_stmt_column_text (select, 0), ==, names[i]);
      g_assert_cmpint (retour_stmt_column_int (select, 1), ==, g_utf8_strlen (names[i], -1));
    }
  step_done (select);
  retour_stmt_release (select);

  search = prepare (f, "SELECT id FROM customers WHERE lower(name) = ?1");
  retour_stmt_bind_static_text (search, 1, "łódź");
  step_row (search);
  g_assert_cmpint (retour_stmt_column_int (search, 0), ==, 0);
  step_done (search);
  retour_stmt_release (search);
}

static void
test_blob (Fixture       *f,
           gconstpointer  data)
{
  guint8 bytes[256];
  RetourStmt *insert;
  RetourStmt *select;
  gconstpointer blob;
  gconstpointer other;
  gsize size;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (255 - i);

  exec_ok (f->conn, "CREATE TABLE pictures (id int, data bytea, copy bytea)");
  insert = prepare (f, "INSERT INTO pictures (id, data, copy) VALUES (?1, ?2, ?2)");
  retour_stmt_bind_int (insert, 1, 1);
  retour_stmt_bind_blob (insert, 2, bytes, sizeof bytes);
  run_ok (insert);
  retour_stmt_bind_int (insert, 1, 2);
  retour_stmt_bind_blob (insert, 2, NULL, 0);
  run_ok (insert);
  retour_stmt_bind_int (insert, 1, 3);
  retour_stmt_bind_blob (insert, 2, "\0\0a\0", 4);
  run_ok (insert);

  select = prepare (f, "SELECT data, length(data), copy FROM pictures ORDER BY id");

  step_row (select);
  g_assert_cmpint (retour_stmt_column_int (select, 1), ==, sizeof bytes);
  blob = retour_stmt_column_blob (select, 0, &size);
  /* Two blobs of one row are readable side by side. */
  other = retour_stmt_column_blob (select, 2, &size);
  g_assert_cmpmem (blob, sizeof bytes, bytes, sizeof bytes);
  g_assert_cmpmem (other, size, bytes, sizeof bytes);

  /* An empty blob is not a NULL. */
  step_row (select);
  g_assert_false (retour_stmt_column_is_null (select, 0));
  retour_stmt_column_blob (select, 0, &size);
  g_assert_cmpuint (size, ==, 0);
  g_assert_cmpint (retour_stmt_column_int (select, 1), ==, 0);

  step_row (select);
  blob = retour_stmt_column_blob (select, 0, &size);
  g_assert_cmpmem (blob, size, "\0\0a\0", 4);

  step_done (select);
  retour_stmt_release (select);
}

static void
test_boolean (Fixture       *f,
              gconstpointer  data)
{
  RetourStmt *insert;
  RetourStmt *select;

  exec_ok (f->conn, "CREATE TABLE flags (id int, restock boolean)");
  /* The stores bind SQLite's 1 and 0; boolean input takes them. */
  insert = prepare (f, "INSERT INTO flags (id, restock) VALUES (?1, ?2)");
  retour_stmt_bind_int (insert, 1, 1);
  retour_stmt_bind_int (insert, 2, 1);
  run_ok (insert);
  retour_stmt_bind_int (insert, 1, 2);
  retour_stmt_bind_int (insert, 2, 0);
  run_ok (insert);
  retour_stmt_bind_int (insert, 1, 3);
  run_ok (insert);

  select = prepare (f, "SELECT restock, restock IS NOT TRUE FROM flags WHERE restock = ?1 OR ?1 IS NULL ORDER BY id");
  step_row (select);
  g_assert_cmpint (retour_stmt_column_int (select, 0), ==, 1);
  g_assert_cmpint (retour_stmt_column_int (select, 1), ==, 0);
  step_row (select);
  g_assert_cmpint (retour_stmt_column_int (select, 0), ==, 0);
  g_assert_cmpint (retour_stmt_column_int (select, 1), ==, 1);
  step_row (select);
  g_assert_true (retour_stmt_column_is_null (select, 0));
  g_assert_cmpint (retour_stmt_column_int (select, 0), ==, 0);
  step_done (select);
  retour_stmt_release (select);

  retour_stmt_bind_int (select, 1, 1);
  step_row (select);
  g_assert_cmpint (retour_stmt_column_int (select, 0), ==, 1);
  step_done (select);
  retour_stmt_release (select);
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  RetourStmt *insert;
  RetourStmt *update;
  RetourStmt *select;

  exec_ok (f->conn, "CREATE TABLE stock (id serial PRIMARY KEY, sku text, on_hand int)");
  exec_ok (f->conn, "INSERT INTO stock (sku, on_hand) VALUES ('A', 1), ('B', 2), ('C', 3)");
  g_assert_cmpint (retour_sql_postgres.changes (f->conn), ==, 3);

  update = prepare (f, "UPDATE stock SET on_hand = on_hand + 1 WHERE on_hand >= ?1");
  retour_stmt_bind_int (update, 1, 2);
  run_ok (update);
  g_assert_cmpint (retour_sql_postgres.changes (f->conn), ==, 2);

  /* Reading leaves the count alone, as in SQLite. */
  select = prepare (f, "SELECT sku FROM stock");
  for (int i = 0; i < 3; i++)
    step_row (select);
  step_done (select);
  retour_stmt_release (select);
  g_assert_cmpint (retour_sql_postgres.changes (f->conn), ==, 2);

  retour_stmt_bind_int (update, 1, 100);
  run_ok (update);
  g_assert_cmpint (retour_sql_postgres.changes (f->conn), ==, 0);

  insert = prepare (f, "INSERT INTO stock (sku, on_hand) VALUES (?1, 0) RETURNING id");
  retour_stmt_bind_static_text (insert, 1, "D");
  step_row (insert);
  g_assert_cmpint (retour_stmt_column_int64 (insert, 0), ==, 4);
  step_done (insert);
  retour_stmt_release (insert);
  g_assert_cmpint (retour_sql_postgres.changes (f->conn), ==, 1);

  exec_ok (f->conn, "DELETE FROM stock");
  g_assert_cmpint (retour_sql_postgres.changes (f->conn), ==, 4);
}

/* More rows than a page, read whole. */
static void
test_many_rows (Fixture       *f,
                gconstpointer  data)
{
  RetourStmt *select = prepare (f, "SELECT n FROM generate_series(1, ?1) AS n");
  gint64 sum = 0;
  gboolean has_row;
  g_autoptr(GError) error = NULL;

  retour_stmt_bind_int (select, 1, 5000);
  while (retour_stmt_step (select, &has_row, &error) && has_row)
    sum += retour_stmt_column_int64 (select, 0);
  g_assert_no_error (error);
  retour_stmt_release (select);

  g_assert_cmpint (sum, ==, 5000 * 5001 / 2);
}

/* The ids a search's statement gives, "1 2 3". */
static char *
search_ids (RetourStmt *stmt,
            const char *like,
            gint64      before,
            const char *status,
            int         limit)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  retour_stmt_bind_text (stmt, 1, like);
  retour_stmt_bind_int64 (stmt, 2, before);
  retour_stmt_bind_text (stmt, 3, status);
  retour_stmt_bind_int (stmt, 4, limit);
  while (retour_stmt_step (stmt, &has_row, &error) && has_row)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? " " : "",
                            retour_stmt_column_int64 (stmt, 0));
  g_assert_no_error (error);
  retour_stmt_release (stmt);

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* A search reads the newest documents one by one, then asks the index
 * for the older ones: with a window of 8 documents, every word (in every
 * document, in some, in two, in none), page start, status and page size
 * gives what one query over all documents gives. */
static void
test_search_walk (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const likes[] = { "%every%", "%third%", "%seventh%", "%rare%", "%none%" };
  static const char * const statuses[] = { NULL, "authorized", "received" };
  static const gint64 befores[] = { G_MAXINT64, 41, 40, 35, 33, 20, 9, 2, 1 };
  static const int limits[] = { 1, 3, 50 };
  RetourStmt *walking;
  RetourStmt *whole;

  exec_ok (f->conn, "CREATE TABLE rma (id bigint PRIMARY KEY, status text NOT NULL)");
  exec_ok (f->conn, "CREATE TABLE rma_search_doc (id bigint PRIMARY KEY, text text NOT NULL)");
  exec_ok (f->conn, "INSERT INTO rma SELECT n, CASE WHEN n % 2 = 0 THEN 'authorized' ELSE 'received' END "
                    "FROM generate_series (1, 40) AS n");
  exec_ok (f->conn, "INSERT INTO rma_search_doc SELECT n, 'every' "
                    "|| CASE WHEN n % 3 = 0 THEN ' third' ELSE '' END "
                    "|| CASE WHEN n % 7 = 0 THEN ' seventh' ELSE '' END "
                    "|| CASE WHEN n IN (4, 37) THEN ' rare' ELSE '' END "
                    "FROM generate_series (1, 40) AS n");

  walking = prepare (f, RETOUR_PG_SEARCH_DOC_IDS ("rma_search_doc", "LIKE", RETOUR_PG_SEARCH_RMA_STATUS, "", "8")
                        "SELECT id FROM near UNION ALL SELECT id FROM far ORDER BY id DESC LIMIT ?4");
  whole = prepare (f, "SELECT d.id FROM rma_search_doc d WHERE d.text LIKE ?1 AND d.id < ?2 "
                      RETOUR_PG_SEARCH_RMA_STATUS "ORDER BY d.id DESC LIMIT ?4");

  for (guint i = 0; i < G_N_ELEMENTS (likes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
      for (guint k = 0; k < G_N_ELEMENTS (befores); k++)
        for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
          {
            g_autofree char *expected = search_ids (whole, likes[i], befores[k], statuses[j], limits[l]);
            g_autofree char *found = search_ids (walking, likes[i], befores[k], statuses[j], limits[l]);

            g_assert_cmpstr (found, ==, expected);
          }

  /* Not all of them find nothing, nor stop in the window. */
  {
    g_autofree char *rare = search_ids (walking, "%rare%", G_MAXINT64, NULL, 50);

    g_assert_cmpstr (rare, ==, "37 4");
  }
}

/* The server forgets a statement the store finalizes. */
static gint64
count_prepared (RetourStmt *count)
{
  gint64 n;

  step_row (count);
  n = retour_stmt_column_int64 (count, 0);
  retour_stmt_release (count);

  return n;
}

static void
test_deallocate (Fixture       *f,
                 gconstpointer  data)
{
  RetourStmt *count = prepare (f, "SELECT count(*) FROM pg_prepared_statements");
  gint64 before = count_prepared (count);
  RetourStmt *stmt;
  g_autoptr(GError) error = NULL;

  stmt = g_new0 (RetourStmt, 1);
  stmt->backend = &retour_sql_postgres;
  stmt->handle = retour_sql_postgres.prepare (f->conn, "SELECT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_prepared (count), ==, before + 1);

  free_statement (stmt);
  g_assert_cmpint (count_prepared (count), ==, before);

  /* SQL the server refuses fails at prepare. */
  g_assert_null (retour_sql_postgres.prepare (f->conn, "SELECT FROM WHERE", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED);
  g_test_message ("%s", error->message);
}

/* Errors */

static void
test_constraint (Fixture       *f,
                 gconstpointer  data)
{
  RetourStmt *insert;
  g_autoptr(GError) error = NULL;

  exec_ok (f->conn,
           "CREATE TABLE rmas (number text PRIMARY KEY, qty int CHECK (qty > 0));"
           "INSERT INTO rmas VALUES ('R-1', 1)");

  insert = prepare (f, "INSERT INTO rmas (number, qty) VALUES (?1, ?2)");
  retour_stmt_bind_static_text (insert, 1, "R-1");
  retour_stmt_bind_int (insert, 2, 1);
  g_assert_false (retour_stmt_run (insert, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  /* The server's words follow, for support. */
  g_assert_nonnull (strstr (error->message, "rmas_pkey"));
  retour_stmt_release (insert);
  g_clear_error (&error);

  retour_stmt_bind_static_text (insert, 1, "R-2");
  retour_stmt_bind_int (insert, 2, 0);
  g_assert_false (retour_stmt_run (insert, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  retour_stmt_release (insert);
  g_clear_error (&error);

  /* After the refusal the same statement works. */
  retour_stmt_bind_static_text (insert, 1, "R-2");
  retour_stmt_bind_int (insert, 2, 2);
  run_ok (insert);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM rmas"), ==, 2);
}

static void
test_denied (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sql = NULL;
  RetourStmt *insert;
  g_autoptr(GError) error = NULL;

  f->role = g_strdup_printf ("retour_test_clerk_%d", (int) getpid ());
  sql = g_strdup_printf ("CREATE TABLE refunds (amount bigint);"
                         "CREATE ROLE %s NOLOGIN;"
                         "GRANT USAGE ON SCHEMA %s TO %s;"
                         "GRANT SELECT ON refunds TO %s;"
                         "SET ROLE %s",
                         f->role, f->schema, f->role, f->role, f->role);
  exec_ok (f->conn, sql);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM refunds"), ==, 0);

  insert = prepare (f, "INSERT INTO refunds (amount) VALUES (?1)");
  retour_stmt_bind_int64 (insert, 1, 1999);
  g_assert_false (retour_stmt_run (insert, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_test_message ("%s", error->message);
  retour_stmt_release (insert);
  g_clear_error (&error);

  /* In a transaction too; the refused transaction is still open until it
   * is rolled back. */
  exec_ok (f->conn, retour_sql_postgres.begin_sql);
  retour_stmt_bind_int64 (insert, 1, 1999);
  g_assert_false (retour_stmt_run (insert, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_test_message ("%s", error->message);
  retour_stmt_release (insert);
  g_assert_true (retour_sql_postgres.in_transaction (f->conn));
  exec_ok (f->conn, "ROLLBACK");
  g_assert_false (retour_sql_postgres.in_transaction (f->conn));

  exec_ok (f->conn, "RESET ROLE");
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  const char *tcp = g_getenv ("RETOUR_TEST_POSTGRES_TCP");
  g_autofree char *sql = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *nobody = NULL;
  RetourPgConn *conn;
  g_autoptr(GError) error = NULL;

  if (tcp == NULL)
    {
      g_test_skip ("RETOUR_TEST_POSTGRES_TCP is not set");
      return;
    }

  f->role = g_strdup_printf ("retour_test_desk_%d", (int) getpid ());
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD 'right horse'", f->role);
  exec_ok (f->conn, sql);

  /* In a conninfo the later keyword wins. */
  desk = g_strdup_printf ("%s user=%s", tcp, f->role);
  g_assert_null (retour_pg_conn_open (desk, "wrong horse", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_null (retour_pg_conn_open (desk, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  nobody = g_strdup_printf ("%s user=retour_test_nobody_%d", tcp, (int) getpid ());
  g_assert_null (retour_pg_conn_open (nobody, "right horse", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The keyring's password is used over the one in the conninfo. */
  g_free (desk);
  desk = g_strdup_printf ("%s user=%s password=stale", tcp, f->role);
  conn = open_ok (desk, "right horse");
  g_assert_true (retour_pg_conn_is_alive (conn));
  retour_pg_conn_close (conn);
}

/* A port nobody listens on: bound, then let go. */
static guint16
unused_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_offline (void)
{
  g_autofree char *refused = g_strdup_printf ("host=127.0.0.1 port=%u dbname=retour_test user=retour_test",
                                              unused_port ());
  g_autoptr(GError) error = NULL;

  g_assert_null (retour_pg_conn_open (refused, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_null (retour_pg_conn_open ("postgresql:///retour_test?host=/nonexistent/retour-test", NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
}

static void
test_no_database (void)
{
  g_autofree char *info = g_strdup_printf ("%s dbname=retour_test_missing", conninfo ());
  g_autoptr(GError) error = NULL;

  g_assert_null (retour_pg_conn_open (info, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
}

/* Transactions */

static void
test_savepoint (Fixture       *f,
                gconstpointer  data)
{
  RetourStmt *insert;
  RetourStmt *select;
  g_autoptr(GError) error = NULL;

  exec_ok (f->conn, "CREATE TABLE lines (id int PRIMARY KEY)");
  insert = prepare (f, "INSERT INTO lines (id) VALUES (?1)");

  g_assert_false (retour_sql_postgres.in_transaction (f->conn));
  exec_ok (f->conn, retour_sql_postgres.begin_sql);
  g_assert_true (retour_sql_postgres.in_transaction (f->conn));
  retour_stmt_bind_int (insert, 1, 1);
  run_ok (insert);

  exec_ok (f->conn, "SAVEPOINT retour_txn");
  retour_stmt_bind_int (insert, 1, 2);
  run_ok (insert);
  retour_stmt_bind_int (insert, 1, 1);
  g_assert_false (retour_stmt_run (insert, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  retour_stmt_release (insert);
  exec_ok (f->conn, "ROLLBACK TO retour_txn; RELEASE retour_txn");

  retour_stmt_bind_int (insert, 1, 3);
  run_ok (insert);
  exec_ok (f->conn, "COMMIT");
  g_assert_false (retour_sql_postgres.in_transaction (f->conn));

  select = prepare (f, "SELECT string_agg(id::text, ',' ORDER BY id) FROM lines");
  step_row (select);
  g_assert_cmpstr (retour_stmt_column_text (select, 0), ==, "1,3");
  retour_stmt_release (select);
}

/* A COMMIT after a failed statement is a rollback, and said to be. */
static void
test_commit_after_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  exec_ok (f->conn, "CREATE TABLE lines (id int PRIMARY KEY)");
  exec_ok (f->conn, retour_sql_postgres.begin_sql);
  exec_ok (f->conn, "INSERT INTO lines VALUES (1)");
  g_assert_false (retour_sql_postgres.exec (f->conn, "INSERT INTO lines VALUES (1)", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (retour_sql_postgres.exec (f->conn, "COMMIT", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_false (retour_sql_postgres.in_transaction (f->conn));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM lines"), ==, 0);
}

/* The connection */

static void
test_terminated (Fixture       *f,
                 gconstpointer  data)
{
  RetourPgConn *other = open_ok (conninfo (), NULL);
  RetourStmt *select = prepare (f, "SELECT 1");
  g_autofree char *kill = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (retour_pg_conn_is_alive (f->conn));

  /* Waits up to 5 s for the backend to be gone. */
  kill = g_strdup_printf ("SELECT pg_terminate_backend(%d, 5000)", PQbackendPID (retour_pg_conn_get_handle (f->conn)));
  exec_ok (other, kill);
  retour_pg_conn_close (other);

  g_assert_false (retour_stmt_run (select, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
  retour_stmt_release (select);
  g_clear_error (&error);
  g_assert_false (retour_pg_conn_is_alive (f->conn));
  g_assert_false (retour_sql_postgres.in_transaction (f->conn));

  g_assert_false (retour_sql_postgres.exec (f->conn, "SELECT 1", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_null (retour_sql_postgres.prepare (f->conn, "SELECT 2", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
}

/* Killed while idle, the connection is known as gone before it is used. */
static void
test_terminated_idle (Fixture       *f,
                      gconstpointer  data)
{
  RetourPgConn *other = open_ok (conninfo (), NULL);
  g_autofree char *kill = NULL;

  kill = g_strdup_printf ("SELECT pg_terminate_backend(%d, 5000)", PQbackendPID (retour_pg_conn_get_handle (f->conn)));
  exec_ok (other, kill);
  retour_pg_conn_close (other);

  g_assert_false (retour_pg_conn_is_alive (f->conn));
}

/* A statement the store still caches after its connection closed. */
static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  RetourStmt *select = prepare (f, "SELECT 1");
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->conn, retour_pg_conn_close);

  g_assert_false (retour_stmt_run (select, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
  retour_stmt_release (select);
}

static void
test_skipped (void)
{
  g_test_skip ("RETOUR_TEST_POSTGRES is not set; build-aux/test starts a cluster and sets it");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/postgres/renumber", test_renumber);

  if (conninfo () == NULL)
    {
      g_test_add_func ("/postgres/server", test_skipped);
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/postgres/int64", test_int64);
  ADD ("/postgres/null", test_null);
  ADD ("/postgres/text", test_text);
  ADD ("/postgres/blob", test_blob);
  ADD ("/postgres/boolean", test_boolean);
  ADD ("/postgres/changes", test_changes);
  ADD ("/postgres/many-rows", test_many_rows);
  ADD ("/postgres/search-walk", test_search_walk);
  ADD ("/postgres/deallocate", test_deallocate);
  ADD ("/postgres/constraint", test_constraint);
  ADD ("/postgres/denied", test_denied);
  ADD ("/postgres/wrong-password", test_wrong_password);
  g_test_add_func ("/postgres/offline", test_offline);
  g_test_add_func ("/postgres/no-database", test_no_database);
  ADD ("/postgres/savepoint", test_savepoint);
  ADD ("/postgres/commit-after-failure", test_commit_after_failure);
  ADD ("/postgres/terminated", test_terminated);
  ADD ("/postgres/terminated-idle", test_terminated_idle);
  ADD ("/postgres/closed", test_closed);

#undef ADD

  return g_test_run ();
}
