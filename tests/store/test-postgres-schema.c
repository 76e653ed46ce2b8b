/* test-postgres-schema.c — the PostgreSQL schema against SQLite's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a server: RETOUR_TEST_POSTGRES is a libpq connection string
 * ("host=/tmp/cluster dbname=postgres user=nobody") of a role that may
 * create databases; without it every test skips. Each test loads the
 * baseline (migrations-pg/0009-baseline.sql, from the GResource) into a
 * database of its own and drops it afterwards. The server is spoken to
 * with libpq directly: RetourDatabase does not open PostgreSQL yet.
 */
#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-search-postgres.h"
#include "retour-search.h"
#include "retour-test-db.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */
#define MIGRATIONS "/io/github/retour/Retour/store/migrations-pg/"

typedef struct
{
  PGconn *admin;    /* to the database RETOUR_TEST_POSTGRES names */
  PGconn *conn;     /* to the test's own database */
  char   *name;
} Server;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Runs the PostgreSQL migrations in order, from the baseline (0009) up
 * to the version SQLite's migrations reach in this build, which the two
 * directories share. */
static void
migrate (PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  int latest = retour_database_get_latest_schema_version ();

  g_assert_no_error (error);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (MIGRATIONS, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PGresult) result = NULL;
      g_autofree char *sql = NULL;

      if (atoi (names[i]) > latest)
        break;
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      result = PQexec (conn, sql);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("%s does not load: %s", names[i], PQresultErrorMessage (result));
    }
}

/* A fresh database with the migrations loaded, or FALSE when the test
 * has no server and has been skipped. */
static gboolean
server_set_up (Server *server)
{
  const char *conninfo = g_getenv ("RETOUR_TEST_POSTGRES");
  const char *keywords[] = { "dbname", "dbname", NULL };
  const char *values[] = { conninfo, NULL, NULL };
  g_autoptr(PGresult) result = NULL;
  g_autofree char *create = NULL;

  memset (server, 0, sizeof *server);
  if (conninfo == NULL || *conninfo == '\0')
    {
      g_test_skip ("RETOUR_TEST_POSTGRES is not set: no PostgreSQL server to test against");
      return FALSE;
    }

  server->admin = PQconnectdb (conninfo);
  if (PQstatus (server->admin) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", conninfo, PQerrorMessage (server->admin));

  server->name = g_strdup_printf ("retour_test_schema_%d_%u", (int) getpid (), g_random_int ());
  create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'", server->name);
  result = PQexec (server->admin, create);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", create, PQresultErrorMessage (result));

  /* The second dbname overrides the first, which is expanded as the
   * whole connection string. */
  values[1] = server->name;
  server->conn = PQconnectdbParams (keywords, values, TRUE);
  if (PQstatus (server->conn) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", server->name, PQerrorMessage (server->conn));
  g_clear_pointer (&result, PQclear);
  result = PQexec (server->conn, "SET client_min_messages = warning");
  g_clear_pointer (&result, PQclear);

  migrate (server->conn);

  return TRUE;
}

static void
server_tear_down (Server *server)
{
  g_autofree char *drop = NULL;

  g_clear_pointer (&server->conn, PQfinish);
  if (server->admin != NULL && server->name != NULL)
    {
      g_autoptr(PGresult) result = NULL;

      drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", server->name);
      result = PQexec (server->admin, drop);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_warning ("%s: %s", drop, PQresultErrorMessage (result));
    }
  g_clear_pointer (&server->admin, PQfinish);
  g_clear_pointer (&server->name, g_free);
}

/* The store's SQL numbers parameters ?1, ?2 …; libpq wants $1, $2 …
 * (the constants used here hold no question mark in a string). */
static char *
renumber (const char *sql)
{
  GString *out = g_string_new (NULL);

  for (const char *p = sql; *p != '\0'; p++)
    g_string_append_c (out, *p == '?' ? '$' : *p);

  return g_string_free (out, FALSE);
}

/* Runs @sql with text parameters (NULL for SQL NULL), expecting success. */
static PGresult *
query (PGconn      *conn,
       const char  *sql,
       int          n_params,
       const char **params)
{
  g_autofree char *numbered = renumber (sql);
  PGresult *result = PQexecParams (conn, numbered, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));

  return result;
}

static void
run (PGconn     *conn,
     const char *sql)
{
  g_autoptr(PGresult) result = query (conn, sql, 0, NULL);
}

/* The one value of @sql's one row, with one text parameter. */
static char *
query_text (PGconn     *conn,
            const char *sql,
            const char *param)
{
  g_autoptr(PGresult) result = query (conn, sql, param != NULL ? 1 : 0, &param);

  g_assert_cmpint (PQntuples (result), ==, 1);
  return PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
}

/* @sql fails with SQLSTATE @sqlstate; the message goes to the log. */
static void
assert_refused (PGconn     *conn,
                const char *sql,
                const char *sqlstate)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);

  g_test_message ("%s → %s", sql, PQresultErrorMessage (result));
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (state, ==, sqlstate);
}

/* ---------------------------------------------------------------- tables */

/* What SQLite keeps for its full-text index, which PostgreSQL keeps as
 * rma_search_doc and order_search_doc (see the baseline). */
static gboolean
is_sqlite_search_machinery (const char *table)
{
  return g_str_has_prefix (table, "rma_fts") || g_str_has_prefix (table, "order_fts") ||
         g_str_equal (table, "rma_search_queue") || g_str_equal (table, "order_search_queue");
}

static gboolean
is_postgres_only (const char *table)
{
  return g_str_equal (table, "retour_schema") || g_str_equal (table, "rma_search_doc") ||
         g_str_equal (table, "order_search_doc");
}

/* "table.column type notnull" for every column of SQLite's tables, in
 * column order, types mapped as the baseline maps them. */
static GPtrArray *
sqlite_columns (sqlite3 *handle)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      sqlite3_stmt *info = NULL;

      if (is_sqlite_search_machinery (table))
        continue;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name, type, \"notnull\" OR pk > 0 "
                                           "FROM pragma_table_info (?1) ORDER BY cid",
                                           -1, &info, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (info, 1, table, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          const char *type = (const char *) sqlite3_column_text (info, 1);
          g_autofree char *lower = g_ascii_strdown (type, -1);

          g_ptr_array_add (columns,
                           g_strdup_printf ("%s.%s %s%s", table, sqlite3_column_text (info, 0),
                                            g_str_equal (type, "BLOB") ? "bytea" : lower,
                                            sqlite3_column_int (info, 2) ? " not null" : ""));
        }
      sqlite3_finalize (info);
    }
  sqlite3_finalize (tables);

  return columns;
}

static GPtrArray *
postgres_columns (PGconn *conn)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = NULL;

  /* bigint and integer are both SQLite's INTEGER. */
  result = query (conn,
                  "SELECT c.table_name, c.column_name, "
                  "CASE WHEN c.data_type IN ('bigint', 'integer') THEN 'integer' ELSE c.data_type END, "
                  "c.is_nullable = 'NO' "
                  "FROM information_schema.columns c JOIN information_schema.tables t "
                  "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                  "WHERE c.table_schema = current_schema () AND t.table_type = 'BASE TABLE' "
                  "ORDER BY c.table_name COLLATE \"C\", c.ordinal_position",
                  0, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *table = PQgetvalue (result, i, 0);

      if (is_postgres_only (table))
        continue;
      g_ptr_array_add (columns, g_strdup_printf ("%s.%s %s%s", table, PQgetvalue (result, i, 1),
                                                 PQgetvalue (result, i, 2),
                                                 g_str_equal (PQgetvalue (result, i, 3), "t") ? " not null" : ""));
    }

  return columns;
}

static char *
join_lines (GPtrArray *lines)
{
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
sqlite_names (sqlite3    *handle,
              const char *sql)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  return join_lines (names);
}

static char *
postgres_names (PGconn     *conn,
                const char *sql)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = query (conn, sql, 0, NULL);

  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (names, g_strdup (PQgetvalue (result, i, 0)));

  return join_lines (names);
}

static void
test_tables_and_columns (void)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) lite = NULL;
  g_autoptr(GPtrArray) pg = NULL;
  g_autofree char *lite_text = NULL;
  g_autofree char *pg_text = NULL;
  g_autofree char *version = NULL;
  Server server;

  if (!server_set_up (&server))
    return;

  db = retour_test_db_new ("retour-test-postgres-XXXXXX", &dir, NULL);

  /* Same tables, columns in the same order, same types and NOT NULLs. */
  lite = sqlite_columns (retour_database_get_handle (db));
  pg = postgres_columns (server.conn);
  g_assert_cmpuint (lite->len, >, 150);
  lite_text = join_lines (lite);
  pg_text = join_lines (pg);
  g_assert_cmpstr (pg_text, ==, lite_text);
  g_clear_pointer (&lite_text, g_free);
  g_clear_pointer (&pg_text, g_free);

  /* The same named indexes (PostgreSQL names its own for keys and
   * UNIQUE), and the same views. */
  lite_text = sqlite_names (retour_database_get_handle (db),
                            "SELECT name FROM sqlite_schema WHERE type = 'index' "
                            "AND name NOT LIKE 'sqlite\\_autoindex%' ESCAPE '\\' ORDER BY name");
  pg_text = postgres_names (server.conn,
                            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema () "
                            "AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key' "
                            "AND tablename NOT IN ('retour_schema', 'rma_search_doc', 'order_search_doc') "
                            "ORDER BY indexname COLLATE \"C\"");
  g_assert_cmpstr (pg_text, ==, lite_text);
  g_clear_pointer (&lite_text, g_free);
  g_clear_pointer (&pg_text, g_free);

  lite_text = sqlite_names (retour_database_get_handle (db),
                            "SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name");
  pg_text = postgres_names (server.conn,
                            "SELECT table_name FROM information_schema.views "
                            "WHERE table_schema = current_schema () ORDER BY table_name COLLATE \"C\"");
  g_assert_cmpstr (pg_text, ==, lite_text);

  /* Each version SQLite has, PostgreSQL has too. */
  version = query_text (server.conn, "SELECT version FROM retour_schema", NULL);
  g_assert_cmpint (atoi (version), ==, retour_database_get_schema_version (db));
  assert_refused (server.conn, "INSERT INTO retour_schema (version) VALUES (10)", "23505");

  server_tear_down (&server);
  g_clear_object (&db);
  retour_test_db_remove_dir (dir);
}

/* ---------------------------------------------------------------- folding */

static const char * const tricky[] = {
  "", " ", "   ", "\t", "abc", "ABC", "Hello, World!", "jan.de.vries@Example.NL",
  "Łódź", "ŁÓDŹ", "łódź", "Straße", "STRASSE", "ẞ", "Müller", "MÜLLER", "Mu\xcc\x88ller",
  "ØRSTED", "Ørsted", "øre", "Æble", "æble", "Œuvre", "cœur", "Đorđe", "Þór", "ı", "İstanbul",
  "ISTANBUL", "Ĳssel", "ĳs", "Ǆ", "ǅ", "ǆ", "ǈ", "e\xcc\x81", "\xc3\xa9", "E\xcc\x81", "\xc3\x89",
  "a\xcc\x8a", "Å", "Å" /* U+212B ANGSTROM SIGN */, "ﬁ", "ℌ", "Ω", "K", "µ",
  "ΣΟΦΟΣ", "Σ", "ΣΣ", "σοφός", "Σ1", "ΑΣ ", "ΆΈΉ", "Ελληνικά", "Москва", "ЁЛКА", "Їжак",
  "東京", "ｔｏｋｙｏ", "한국어", "ﾊﾝｶｸ", "🙂", "👍🏽", "👨‍👩‍👧", "Ⅻ", "ⅻ", "Ⓐⓑ", "ⒶBⅠc",
  "١٢٣", "०१२", "x\xcc\xb8", "\xcc\x81", "\xe2\x80\x8b", "\xc2\xa0nbsp", "Ŀl", "Ｒ２６－０００１２３",
  "0123456789", "+31 6 1234 5678", "0031 6 12345678", "06-12345678", "+31 (0)6 12 34 56 78",
  "+49 151 2223334", "0049 151 2223334", "0151 2223334", "+33 6 12 34 56 78", "0033612345678",
  "06 12 34 56 78", "+48 512 345 678", "0048512345678", "512 345 678", "  +32 470 12 34 56",
  "+1 (555) 010-9999", "+351 912 345 678", "+420 601 123 456", "+7 495 123 45 67", "00", "+",
  "0", "+0", "  0612", "tel: 06 1234", "R26-000123-K", "r26000123k", "Zofia Wiśniewska, Łódź",
  "Jürgen Müller — Köln", "Crème brûlée à la française", "Ångström Ærø Øresund", NULL,
};

static void
test_fold_matches_c (void)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *c_folded = NULL;
  GRand *rand;
  Server server;
  guint n = 0;

  if (!server_set_up (&server))
    return;

  for (guint i = 0; tricky[i] != NULL; i++, n++)
    {
      g_autofree char *fold = query_text (server.conn, "SELECT retour_fold ($1)", tricky[i]);
      g_autofree char *number = query_text (server.conn, "SELECT retour_national_number ($1)", tricky[i]);
      g_autofree char *c_fold = retour_search_fold (tricky[i]);
      g_autofree char *c_number = retour_search_national_number (tricky[i]);

      g_test_message ("“%s” → “%s”, “%s”", tricky[i], c_fold, c_number);
      g_assert_cmpstr (fold, ==, c_fold);
      g_assert_cmpstr (number, ==, c_number);
    }
  g_assert_cmpuint (n, >=, 60);

  /* NULL folds to the empty string, as the C functions give SQLite. */
  g_clear_pointer (&result, PQclear);
  result = query (server.conn, "SELECT retour_fold (NULL), retour_national_number (NULL)", 0, NULL);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "");
  g_assert_false (PQgetisnull (result, 0, 0));
  g_assert_cmpstr (PQgetvalue (result, 0, 1), ==, "");

  /* Every code point (a Greek capital sigma before a newline is final). */
  for (gunichar c = 1; c <= 0x10FFFF; c++)
    if (c != '\n' && !(c >= 0xD800 && c <= 0xDFFF))
      {
        g_string_append_unichar (all, c);
        g_string_append_c (all, '\n');
      }
  folded = query_text (server.conn, "SELECT retour_fold ($1)", all->str);
  c_folded = retour_search_fold (all->str);
  g_assert_true (g_str_equal (folded, c_folded));

  /* Random strings from the characters where folding has rules: case,
   * marks in any order, sigma before letters and not, the specials. */
  {
    static const gunichar pool[] = {
      'a', 'Z', ' ', '-', '0', '3', '+', 0x3A3, 0x3C3, 0x3B1, 0x391, 0x301, 0x308, 0x327, 0x30A, 0x345,
      0x142, 0x141, 0xDF, 0x1E9E, 0xF8, 0xD8, 0xE6, 0xC6, 0x153, 0x152, 0x111, 0x110, 0x131, 0x130,
      0xFE, 0xDE, 0x1C4, 0x1C5, 0x132, 0xC5, 0x212B, 0x2160, 0x24B6, 0x41F, 0x4E1C, 0xAC00, 0x1F600,
      0x200D, 0x1F3FD, 0xE9, 0x1EA0, 0x1FB3, 0x1F88, 0x3D2, 0x3F4,
    };
    g_autoptr(GString) batch = g_string_new (NULL);
    g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

    rand = g_rand_new_with_seed (18);
    for (guint i = 0; i < 3000; i++)
      {
        GString *s = g_string_new (NULL);
        guint length = g_rand_int_range (rand, 1, 10);

        for (guint j = 0; j < length; j++)
          g_string_append_unichar (s, pool[g_rand_int_range (rand, 0, G_N_ELEMENTS (pool))]);
        g_string_append_printf (batch, "%s%s", i > 0 ? "\n" : "", s->str);
        g_ptr_array_add (strings, g_string_free (s, FALSE));
      }
    g_rand_free (rand);

    g_clear_pointer (&result, PQclear);
    {
      const char *param = batch->str;

      result = query (server.conn,
                      "SELECT retour_fold (s), retour_national_number (s) "
                      "FROM unnest (string_to_array ($1, E'\\n')) WITH ORDINALITY AS x (s, i) ORDER BY i",
                      1, &param);
    }
    g_assert_cmpint (PQntuples (result), ==, strings->len);
    for (guint i = 0; i < strings->len; i++)
      {
        g_autofree char *c_fold = retour_search_fold (strings->pdata[i]);
        g_autofree char *c_number = retour_search_national_number (strings->pdata[i]);

        g_assert_cmpstr (PQgetvalue (result, i, 0), ==, c_fold);
        g_assert_cmpstr (PQgetvalue (result, i, 1), ==, c_number);
      }
  }

  server_tear_down (&server);
}

static void
test_holds_every_word (void)
{
  static const struct { const char *text; const char *pattern; const char *holds; } cases[] = {
    { "r26000123k markt-17 lodz", "lodz", "t" },
    { "r26000123k markt-17 lodz", "lodz\nmarkt-17", "t" },
    { "r26000123k markt-17 lodz", "lodz\nkrakow", "f" },
    { "r26000123k markt-17 lodz", "r26-000123\tr26000123", "t" },
    { "r26000123k markt-17 lodz", "markt-17\tmarkt17", "t" },
    { "abc", "", "t" },
    { "abc", "abc\n", "t" },
    { "abc", "abc\n\nabc", "f" },
    { "abc", "xyz\t", "f" },
    { "abc", "xyz\t\tq", "t" },
  };
  Server server;

  if (!server_set_up (&server))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *params[] = { cases[i].text, cases[i].pattern };
      g_autoptr(PGresult) result = query (server.conn, "SELECT retour_holds_every_word ($1, $2)", 2, params);

      g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, cases[i].holds);
    }

  server_tear_down (&server);
}

/* ---------------------------------------------------------------- triggers */

/* A customer, an order with a line, a policy and a requested return of
 * the line, by SQL. */
static void
insert_return (PGconn *conn)
{
  run (conn,
       "INSERT INTO customer (id, first_name, last_name, email, phone, created_us, updated_us) "
       "VALUES (NULL, 'Łucja', 'Wójcik', 'Lucja@Example.PL', '+48 601 234 567', 1, 1)");
  run (conn,
       "INSERT INTO \"order\" (number, customer_id, currency, total_minor, ordered_us, updated_us) "
       "VALUES ('MARKT-17', 1, 'EUR', 1000, 1, 1)");
  run (conn,
       "INSERT INTO order_line (order_id, title, sku, quantity, unit_price_minor, total_minor) "
       "VALUES (1, 'Mug', 'MUG-01', 2, 500, 1000)");
  run (conn,
       "INSERT INTO policy (version, created_us, window_days, refund_timing, restocking_fee_kind, "
       "currency, allowed_resolutions) VALUES (1, 1, 30, 'on-receipt', 'none', 'EUR', 1)");
  run (conn,
       "INSERT INTO rma (id, number, status, order_id, customer_id, policy_id, currency, refund_minor, "
       "created_us, updated_us) VALUES (NULL, 'R26000123K', 'authorized', 1, 1, 1, 'EUR', 1000, 1, 1)");
  run (conn,
       "INSERT INTO rma_line (rma_id, order_line_id, title, sku, unit_price_minor, qty_ordered, "
       "qty_requested, notes) VALUES (1, 1, 'Kubek z Łodzi', 'MUG-01', 500, 2, 2, 'Pęknięty')");
}

static void
test_search_documents (void)
{
  g_autofree char *rma_text = NULL;
  g_autofree char *order_text = NULL;
  Server server;

  if (!server_set_up (&server))
    return;

  insert_return (server.conn);
  rma_text = query_text (server.conn, "SELECT text FROM rma_search_doc WHERE id = 1", NULL);
  g_assert_cmpstr (rma_text, ==,
                   "r26000123k markt-17 lucja wojcik lucja@example.pl 601234567   mug-01 kubek z lodzi  pekniety");
  order_text = query_text (server.conn, "SELECT text FROM order_search_doc WHERE id = 1", NULL);
  g_assert_cmpstr (order_text, ==, "markt-17 lucja wojcik lucja@example.pl 601234567");
  g_clear_pointer (&order_text, g_free);

  /* A customer's new name reaches the documents of their orders and
   * returns. */
  run (server.conn, "UPDATE customer SET last_name = 'Müller' WHERE id = 1");
  order_text = query_text (server.conn, "SELECT text FROM order_search_doc WHERE id = 1", NULL);
  g_assert_cmpstr (order_text, ==, "markt-17 lucja muller lucja@example.pl 601234567");
  g_clear_pointer (&rma_text, g_free);
  rma_text = query_text (server.conn, "SELECT text FROM rma_search_doc WHERE id = 1", NULL);
  g_assert_nonnull (strstr (rma_text, "lucja muller"));

  /* An order's new number reaches its returns. */
  run (server.conn, "UPDATE \"order\" SET number = 'Markt-18' WHERE id = 1");
  g_clear_pointer (&rma_text, g_free);
  rma_text = query_text (server.conn, "SELECT text FROM rma_search_doc WHERE id = 1", NULL);
  g_assert_nonnull (strstr (rma_text, " markt-18 "));

  /* A second line adds to the document; deleting it takes it out. */
  run (server.conn,
       "INSERT INTO rma_line (rma_id, title, sku, unit_price_minor, qty_ordered, qty_requested, serial) "
       "VALUES (1, 'Ørsted lamp', 'LMP-2', 900, 1, 1, 'SN-Æ9')");
  g_clear_pointer (&rma_text, g_free);
  rma_text = query_text (server.conn, "SELECT text FROM rma_search_doc WHERE id = 1", NULL);
  g_assert_nonnull (strstr (rma_text, "lmp-2 orsted lamp sn-ae9"));
  run (server.conn, "DELETE FROM rma_line WHERE sku = 'LMP-2'");
  g_clear_pointer (&rma_text, g_free);
  rma_text = query_text (server.conn, "SELECT text FROM rma_search_doc WHERE id = 1", NULL);
  g_assert_null (strstr (rma_text, "lamp"));

  /* Every document is its view's row, and a rebuild writes the same. */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&rma_text, g_free);
      rma_text = query_text (server.conn,
                             "SELECT (SELECT count (*) FROM rma_search s FULL JOIN rma_search_doc d ON d.id = s.id "
                             "        WHERE d.text IS DISTINCT FROM s.text) + "
                             "       (SELECT count (*) FROM order_search s FULL JOIN order_search_doc d ON d.id = s.id "
                             "        WHERE d.text IS DISTINCT FROM s.text)", NULL);
      g_assert_cmpstr (rma_text, ==, "0");
      run (server.conn, "SELECT retour_search_rebuild ()");
    }

  server_tear_down (&server);
}

/* ---------------------------------------------------------------- search */

/* Copies @table's rows from SQLite to PostgreSQL, every value as text
 * (PostgreSQL casts it to the column's type). */
static void
copy_table (sqlite3    *handle,
            PGconn     *conn,
            const char *table)
{
  g_autofree char *select = g_strdup_printf ("SELECT * FROM %s", table);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, select, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      g_autoptr(GString) insert = g_string_new (NULL);
      g_autofree const char **values = g_new0 (const char *, n);
      g_autoptr(PGresult) result = NULL;

      g_string_append_printf (insert, "INSERT INTO %s (", table);
      for (int i = 0; i < n; i++)
        g_string_append_printf (insert, "%s%s", i > 0 ? ", " : "", sqlite3_column_name (stmt, i));
      g_string_append (insert, ") VALUES (");
      for (int i = 0; i < n; i++)
        {
          g_string_append_printf (insert, "%s$%d", i > 0 ? ", " : "", i + 1);
          values[i] = (const char *) sqlite3_column_text (stmt, i);
        }
      g_string_append_c (insert, ')');
      result = PQexecParams (conn, insert->str, n, NULL, values, NULL, NULL, 0);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("%s: %s", insert->str, PQresultErrorMessage (result));
    }
  sqlite3_finalize (stmt);
}

static gint64
add_customer (RetourDatabase *db,
              const char     *first,
              const char     *last,
              const char     *email,
              const char     *phone)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(GError) error = NULL;

  customer->first_name = g_strdup (first);
  customer->last_name = g_strdup (last);
  customer->email = g_strdup (email);
  customer->phone = g_strdup (phone);
  retour_catalog_store_upsert_customer (db, customer, NOW_US, &error);
  g_assert_no_error (error);

  return customer->id;
}

/* An order of one line, and a return of it (authorized, so numbered,
 * when @authorize). */
static gint64
add_return (RetourDatabase *db,
            RetourPolicy   *policy,
            gint64          reason_id,
            gint64          customer_id,
            const char     *number,
            const char     *sku,
            const char     *title,
            const char     *notes,
            gboolean        authorize)
{
  g_autoptr(RetourOrder) order = retour_order_new ();
  RetourOrderLine *ordered = retour_order_line_new ();
  g_autoptr(RetourRma) rma = retour_rma_new ("EUR", NOW_US);
  RetourRmaLine *line = retour_rma_line_new ();
  g_autoptr(GError) error = NULL;

  order->number = g_strdup (number);
  order->customer_id = customer_id;
  order->total = retour_money_init (1000, "EUR");
  order->ordered_us = NOW_US - 10 * G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  order->delivered_us = NOW_US - 7 * G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  ordered->sku = g_strdup (sku);
  ordered->title = g_strdup (title);
  ordered->quantity = 1;
  ordered->unit_price = retour_money_init (1000, "EUR");
  ordered->total = retour_money_init (1000, "EUR");
  g_ptr_array_add (order->lines, ordered);
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->order_id = order->id;
  rma->customer_id = customer_id;
  rma->policy_id = policy->id;
  rma->notes = g_strdup (notes);
  line->order_line_id = ordered->id;
  line->sku = g_strdup (sku);
  g_free (line->title);
  line->title = g_strdup (title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = 1;
  line->qty_requested = 1;
  line->reason_id = reason_id;
  retour_rma_add_line (rma, line);
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);

  if (authorize)
    {
      line->qty_authorized = 1;
      retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, NOW_US, &error);
      g_assert_no_error (error);
    }

  return rma->id;
}

/* The ids PostgreSQL finds for @text, as retour_search_rmas() looks:
 * an exact RMA number first, then the words. */
static char *
postgres_search_rmas (PGconn     *conn,
                      const char *text,
                      int         status,
                      gint64      before_id)
{
  const char *status_key = status >= 0 ? retour_rma_status_to_key (status) : NULL;
  g_autofree char *before = g_strdup_printf ("%" G_GINT64_FORMAT, before_id > 0 ? before_id : G_MAXINT64);
  g_autofree char *number = retour_rma_number_parse (text, NULL);
  g_autofree char *pattern = NULL;
  g_autofree char *regex = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = NULL;

  /* No text lists every return. */
  if (*text == '\0')
    {
      const char *params[] = { before, status_key };

      result = query (conn, "SELECT id FROM rma WHERE id < ?1 AND (CAST (?2 AS text) IS NULL OR status = ?2) "
                      "ORDER BY id DESC LIMIT 100", 2, params);
    }
  else if (number != NULL)
    {
      const char *params[] = { number, before, status_key };

      result = query (conn, "SELECT id FROM rma WHERE number = ?1 AND id < ?2 "
                      "AND (CAST (?3 AS text) IS NULL OR status = ?3)", 3, params);
    }

  if (*text != '\0' && (result == NULL || PQntuples (result) == 0))
    {
      g_clear_pointer (&result, PQclear);
      pattern = retour_search_build_pattern (text);
      if (pattern == NULL)
        return g_strdup ("");
      regex = retour_search_postgres_regex (pattern);
      {
        const char *params[] = { regex, before, status_key, "100", pattern };

        result = query (conn, RETOUR_PG_SEARCH_RMAS, 5, params);
      }
    }

  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (ids, g_strdup (PQgetvalue (result, i, 0)));

  return join_lines (ids);
}

static char *
sqlite_search_rmas (RetourDatabase *db,
                    const char     *text,
                    int             status,
                    gint64          before_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = retour_search_rmas (db, text, status, before_id, 100, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, ((RetourRmaSummary *) rows->pdata[i])->id));

  return join_lines (ids);
}

/* As retour_search_orders() looks: an exact order number, then words. */
static char *
postgres_search_orders (PGconn     *conn,
                        const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *pattern = retour_search_build_pattern (trimmed);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PGresult) exact = NULL;
  g_autoptr(PGresult) found = NULL;
  const char *params[] = { trimmed, "100" };

  exact = query (conn, "SELECT id FROM \"order\" o WHERE o.number = ?1 OR o.number = '#' || ?1 "
                 "OR '#' || o.number = ?1 ORDER BY o.id DESC LIMIT ?2", 2, params);
  for (int i = 0; i < PQntuples (exact); i++)
    if (g_hash_table_add (seen, PQgetvalue (exact, i, 0)))
      g_ptr_array_add (ids, g_strdup (PQgetvalue (exact, i, 0)));

  if (pattern != NULL)
    {
      g_autofree char *regex = retour_search_postgres_regex (pattern);
      const char *search[] = { regex, "100", pattern };

      found = query (conn, RETOUR_PG_SEARCH_ORDERS, 3, search);
      for (int i = 0; i < PQntuples (found); i++)
        if (g_hash_table_add (seen, PQgetvalue (found, i, 0)))
          g_ptr_array_add (ids, g_strdup (PQgetvalue (found, i, 0)));
    }

  return join_lines (ids);
}

static char *
sqlite_search_orders (RetourDatabase *db,
                      const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = retour_search_orders (db, text, 100, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, ((RetourOrderSummary *) rows->pdata[i])->id));

  return join_lines (ids);
}

static void
test_search_same_as_sqlite (void)
{
  static const char * const queries[] = {
    "lodz", "Łódź", "LODZ", "wisniewska", "Wiśniewska", "muller", "MÜLLER", "mueller", "orsted",
    "ørsted", "strasse", "straße", "aeble", "345 678", "+48 512 345 678", "0512345678", "0151 2223",
    "+49 151 2223334", "612345678", "example.de", "zofia.w@example.pl", "20417", "#20418", "MARKT-17",
    "markt17", "markt", "LSH-WHT", "lsh-wht-m", "headphones", "zofia mug", "zofia headphones", "nobody",
    "ab", "", "   ", "r26", "istanbul", "ΣΟΦΟΣ", "σοφος", "москва", "東京タワー", "kubek łodzi",
    "mug 20419", "a%b", "x_y", "back\\slash", "(paren", "[br]", "dot.", "cr\xc3\xa8me", "creme brulee",
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 reason_id, zofia, jurgen, anna, nobody;
  gint64 authorized;
  Server server;

  if (!server_set_up (&server))
    return;

  db = retour_test_db_new ("retour-test-postgres-XXXXXX", &dir, NULL);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);
  reason_id = ((RetourReason *) reasons->pdata[0])->id;

  zofia = add_customer (db, "Zofia", "Wiśniewska", "zofia.w@example.pl", "+48 512 345 678");
  jurgen = add_customer (db, "Jürgen", "Müller", "j.mueller@example.de", "+49 151 2223334");
  anna = add_customer (db, "Anne", "Ørsted-Æble", "ANNE@Straße.dk", "0031 6 12345678");
  nobody = add_customer (db, "Σοφος", "ΣΟΦΟΣ", NULL, "06-12345678");
  add_return (db, policy, reason_id, zofia, "20417", "LSH-WHT-M", "Linen shirt — white, M", "Łódź", FALSE);
  authorized = add_return (db, policy, reason_id, jurgen, "20418", "HPH-01", "Wireless headphones",
                           "Crème brûlée stain", TRUE);
  add_return (db, policy, reason_id, zofia, "20419", "MUG-01", "Ceramic mug", NULL, FALSE);
  add_return (db, policy, reason_id, anna, "MARKT-17", "KBK-1", "Kubek z Łodzi", "back\\slash a%b x_y", TRUE);
  add_return (db, policy, reason_id, nobody, "#20420", "TKY-01", "東京タワー (model)", "Москва [br] dot.", FALSE);
  add_return (db, policy, reason_id, jurgen, "İSTANBUL-1", "IST-1", "Straße sign", NULL, TRUE);

  /* The same rows on the server, which writes its documents itself. */
  run (server.conn, "BEGIN");
  for (guint i = 0; i < 7; i++)
    copy_table (retour_database_get_handle (db), server.conn,
                (const char *[]) { "customer", "\"order\"", "order_line", "reason", "policy", "rma", "rma_line" }[i]);
  run (server.conn, "COMMIT");

  /* Each document is byte for byte SQLite's: one line per return here,
   * so not even their order can differ. */
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (retour_database_get_handle (db),
                                         "SELECT id, text FROM rma_search UNION ALL "
                                         "SELECT -id, text FROM order_search", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (id));
        g_autofree char *text = query_text (server.conn,
                                            id > 0 ? "SELECT text FROM rma_search_doc WHERE id = $1"
                                                   : "SELECT text FROM order_search_doc WHERE id = $1",
                                            key);

        g_assert_cmpstr (text, ==, (const char *) sqlite3_column_text (stmt, 1));
      }
    sqlite3_finalize (stmt);
  }

  /* The RMA number, exact and typed with separators. */
  {
    g_autoptr(RetourRma) rma = retour_rma_store_load (db, authorized, &error);
    g_autofree char *display = NULL;
    g_autofree char *lower = NULL;
    g_autofree char *compact = NULL;
    const char *numbers[4];

    g_assert_no_error (error);
    display = retour_rma_number_display (rma->number);
    lower = g_ascii_strdown (display, -1);
    compact = g_ascii_strdown (rma->number, -1);
    numbers[0] = rma->number;
    numbers[1] = display;
    numbers[2] = lower;
    numbers[3] = compact;
    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        g_autofree char *lite = sqlite_search_rmas (db, numbers[i], -1, 0);
        g_autofree char *pg = postgres_search_rmas (server.conn, numbers[i], -1, 0);
        g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, authorized);

        g_test_message ("RMA number “%s”: %s", numbers[i], lite);
        g_assert_cmpstr (lite, ==, expected);
        g_assert_cmpstr (pg, ==, lite);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *lite = sqlite_search_rmas (db, queries[i], -1, 0);
      g_autofree char *pg = postgres_search_rmas (server.conn, queries[i], -1, 0);
      g_autofree char *lite_orders = sqlite_search_orders (db, queries[i]);
      g_autofree char *pg_orders = postgres_search_orders (server.conn, queries[i]);

      g_test_message ("“%s”: returns [%s], orders [%s]", queries[i], lite, lite_orders);
      g_assert_cmpstr (pg, ==, lite);
      g_assert_cmpstr (pg_orders, ==, lite_orders);

      /* The authorized ones only, and the page after the newest. */
      for (guint j = 0; j < 2; j++)
        {
          int status = j == 0 ? RETOUR_RMA_STATUS_AUTHORIZED : -1;
          gint64 before = j == 0 ? 0 : authorized + 3;
          g_autofree char *lite_page = sqlite_search_rmas (db, queries[i], status, before);
          g_autofree char *pg_page = postgres_search_rmas (server.conn, queries[i], status, before);

          g_assert_cmpstr (pg_page, ==, lite_page);
        }
    }

  /* Not every query finds nothing. */
  {
    g_autofree char *lite = sqlite_search_rmas (db, "lodz", -1, 0);

    g_assert_cmpstr (lite, !=, "");
  }

  server_tear_down (&server);
  g_clear_object (&db);
  retour_test_db_remove_dir (dir);
}

/* ---------------------------------------------------------------- ledgers */

static void
test_ledgers (void)
{
  g_autofree char *on_hand = NULL;
  Server server;

  if (!server_set_up (&server))
    return;

  insert_return (server.conn);
  run (server.conn, "INSERT INTO product (title, currency) VALUES ('Mug', 'EUR')");

  /* A movement moves the total, as on SQLite. */
  run (server.conn, "INSERT INTO stock_movement (product_id, delta, cause, created_us, actor) "
                    "VALUES (1, 5, 'correction', 1, 'test')");
  run (server.conn, "INSERT INTO stock_movement (product_id, delta, cause, created_us, actor, bucket) "
                    "VALUES (1, 2, 'hold', 1, 'test', 'held')");
  on_hand = query_text (server.conn, "SELECT on_hand || ' ' || held FROM product WHERE id = 1", NULL);
  g_assert_cmpstr (on_hand, ==, "5 2");

  /* A total changed without a movement, or a movement whose change is
   * undone, is refused at COMMIT; nothing of it stays. */
  run (server.conn, "BEGIN");
  run (server.conn, "UPDATE product SET on_hand = 7 WHERE id = 1");
  assert_refused (server.conn, "COMMIT", "23514");
  run (server.conn, "BEGIN");
  run (server.conn, "INSERT INTO stock_movement (product_id, delta, cause, created_us, actor) "
                    "VALUES (1, 3, 'correction', 1, 'test')");
  run (server.conn, "UPDATE product SET on_hand = on_hand - 3 WHERE id = 1");
  assert_refused (server.conn, "COMMIT", "23514");
  assert_refused (server.conn, "UPDATE product SET held = 0 WHERE id = 1", "23514");
  g_clear_pointer (&on_hand, g_free);
  on_hand = query_text (server.conn,
                        "SELECT on_hand || ' ' || held || ' ' || (SELECT count (*) FROM stock_movement) "
                        "FROM product WHERE id = 1", NULL);
  g_assert_cmpstr (on_hand, ==, "5 2 2");

  /* The ledger itself is append-only. */
  assert_refused (server.conn, "UPDATE stock_movement SET delta = 6", "23514");
  assert_refused (server.conn, "DELETE FROM stock_movement", "23514");
  assert_refused (server.conn, "TRUNCATE stock_movement CASCADE", "23514");

  /* Refunds: up to what is due (1000), not a cent more, in one go or in
   * two; and what is due cannot drop below what was paid. */
  run (server.conn, "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                    "VALUES (1, 600, 'EUR', 'original', 1, 'test')");
  assert_refused (server.conn, "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                               "VALUES (1, 401, 'EUR', 'original', 1, 'test')", "23514");
  assert_refused (server.conn, "UPDATE refund SET amount_minor = 1001", "23514");
  assert_refused (server.conn, "UPDATE rma SET refund_minor = 500 WHERE id = 1", "23514");
  run (server.conn, "UPDATE rma SET refund_minor = refund_minor, notes = 'saved again' WHERE id = 1");
  run (server.conn, "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                    "VALUES (1, 400, 'EUR', 'original', 1, 'test')");
  /* A storefront refund belongs to the order and is not counted. */
  run (server.conn, "INSERT INTO refund (source, order_id, external_id, amount_minor, currency, method, "
                    "created_us, actor) VALUES ('storefront', 1, 'wc-9', 5000, 'EUR', 'original', 1, 'shop')");

  /* Two desks refund the last 600 of a return at once: the first to
   * commit pays, the second is refused, though neither saw the other's
   * refund when it wrote its own. */
  run (server.conn, "UPDATE rma SET refund_minor = 1600 WHERE id = 1");
  {
    const char *keywords[] = { "dbname", "dbname", NULL };
    const char *values[] = { g_getenv ("RETOUR_TEST_POSTGRES"), server.name, NULL };
    PGconn *other = PQconnectdbParams (keywords, values, TRUE);
    g_autofree char *paid = NULL;

    g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
    run (server.conn, "BEGIN");
    run (server.conn, "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                      "VALUES (1, 600, 'EUR', 'original', 2, 'desk 1')");
    run (other, "BEGIN");
    run (other, "INSERT INTO rma_event (rma_id, created_us, actor, kind) VALUES (1, 2, 'desk 2', 'note')");
    run (other, "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                "VALUES (1, 600, 'EUR', 'original', 2, 'desk 2')");
    run (server.conn, "COMMIT");
    assert_refused (other, "COMMIT", "23514");
    PQfinish (other);
    paid = query_text (server.conn, "SELECT sum (amount_minor) FROM refund WHERE rma_id = 1", NULL);
    g_assert_cmpstr (paid, ==, "1600");
  }

  /* SQLite's refusals. */
  run (server.conn, "INSERT INTO rma_event (rma_id, created_us, actor, kind) VALUES (1, 1, 'test', 'note')");
  assert_refused (server.conn, "UPDATE rma_event SET kind = 'other'", "23514");
  assert_refused (server.conn, "DELETE FROM rma WHERE id = 1", "23514");
  assert_refused (server.conn, "UPDATE policy SET window_days = 60", "23514");
  run (server.conn, "INSERT INTO reason (code, label, position) VALUES ('broken', 'Broken', 1)");
  run (server.conn, "UPDATE rma_line SET reason_id = 1");
  assert_refused (server.conn, "DELETE FROM reason WHERE id = 1", "23514");
  assert_refused (server.conn, "UPDATE rma SET refund_overridden = 1, override_note = ''", "23514");
  run (server.conn, "INSERT INTO audit_event (created_us, actor, subject, detail) VALUES (1, 'a', 'policy', 'd')");
  assert_refused (server.conn, "DELETE FROM audit_event", "23514");

  server_tear_down (&server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/postgres-schema/tables-and-columns", test_tables_and_columns);
  g_test_add_func ("/postgres-schema/fold-matches-c", test_fold_matches_c);
  g_test_add_func ("/postgres-schema/holds-every-word", test_holds_every_word);
  g_test_add_func ("/postgres-schema/search-documents", test_search_documents);
  g_test_add_func ("/postgres-schema/search-same-as-sqlite", test_search_same_as_sqlite);
  g_test_add_func ("/postgres-schema/ledgers", test_ledgers);

  return g_test_run ();
}
