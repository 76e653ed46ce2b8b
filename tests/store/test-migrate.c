/* test-migrate.c — a shop's file moved onto a server loses nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A demo shop of 300 returns, with a label, an attachment, a refund, a
 * stock correction and a note in awkward text added through the store,
 * is moved onto a fresh database on the test cluster (RETOUR_TEST_POSTGRES,
 * which build-aux/test starts; skipped without it). Then every table
 * holds the same rows on both sides, column by column and byte for byte,
 * searches find the same returns, both pass the check, and the shop goes
 * on where the file left off.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "retour-catalog-store.h"
#include "retour-cli-run.h"
#include "retour-database-private.h"
#include "retour-demo.h"
#include "retour-label-store.h"
#include "retour-migrate.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-setting-store.h"
#include "retour-sql-postgres.h"
#include "retour-stock-store.h"
#include "retour-test-db.h"
#include "retour-test-rma.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */
#define N_RMAS 300
#define NOTE "Parcel from Łódź, \"fragile\" — don’t drop it \\ ½ 'ok'"

typedef struct
{
  char   *dir;
  char   *file;
  char   *server;
  gint64  label_id;
  gint64  attachment_id;
  gint64  noted_rma_id;
} Fixture;

static gboolean
have_cluster (void)
{
  if (g_getenv ("RETOUR_TEST_POSTGRES") != NULL)
    return TRUE;

  g_test_skip ("needs the PostgreSQL test cluster (RETOUR_TEST_POSTGRES); run build-aux/test");
  return FALSE;
}

/* Every byte value, so nothing is lost to escaping or text encoding. */
static GBytes *
every_byte (const char *prefix)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) prefix, strlen (prefix));
  for (guint i = 0; i < 512; i++)
    {
      guint8 b = (guint8) (i * 7);

      g_byte_array_append (bytes, &b, 1);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static gint64
query_int (RetourDatabase *db,
           const char     *sql)
{
  return retour_test_db_query_int (db, sql, 0);
}

/* What the store does at a desk, beyond what the demo made. */
static void
add_extras (Fixture        *f,
            RetourDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = every_byte ("%PDF-1.4\n");
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(RetourAttachment) photo = g_new0 (RetourAttachment, 1);
  g_autoptr(RetourRma) rma = NULL;
  RetourStockMovement movement = { 0 };
  RetourRefund refund = { 0 };
  gint64 rma_id, refunded_id;

  rma_id = query_int (db, "SELECT min (id) FROM rma WHERE number IS NOT NULL");
  label = retour_label_store_add (db, rma_id, RETOUR_LABEL_FORMAT_A6, pdf, "test", NOW_US, &error);
  g_assert_no_error (error);
  f->label_id = label->id;

  photo->rma_id = rma_id;
  photo->filename = g_strdup ("krasnal z Wrocławia.jpg");
  photo->mime_type = g_strdup ("image/jpeg");
  photo->data = every_byte ("\xff\xd8\xff\xe0");
  photo->created_us = NOW_US;
  retour_rma_store_add_attachment (db, photo, "test", &error);
  g_assert_no_error (error);
  f->attachment_id = photo->id;

  /* A goodwill euro on top of a refund the demo paid in full. */
  refunded_id = query_int (db, "SELECT min (rma_id) FROM refund");
  rma = retour_rma_store_load (db, refunded_id, &error);
  g_assert_no_error (error);
  rma->refund.minor += 100;
  rma->refund_overridden = TRUE;
  g_free (rma->override_note);
  rma->override_note = g_strdup ("goodwill");
  retour_rma_store_update (db, rma, "test", &error);
  g_assert_no_error (error);
  refund.rma_id = refunded_id;
  refund.amount = retour_money_init (100, rma->refund.currency);
  refund.method = RETOUR_REFUND_METHOD_BANK_TRANSFER;
  refund.created_us = NOW_US;
  refund.actor = (char *) "test";
  refund.note = (char *) NOTE;
  retour_rma_store_add_refund (db, &refund, &error);
  g_assert_no_error (error);

  movement.product_id = query_int (db, "SELECT min (id) FROM product");
  movement.delta = 3;
  movement.cause = RETOUR_STOCK_CAUSE_CORRECTION;
  movement.created_us = NOW_US;
  movement.actor = (char *) "test";
  retour_stock_store_add_movement (db, &movement, &error);
  g_assert_no_error (error);

  /* A note that "lodz" finds. */
  g_clear_pointer (&rma, retour_rma_free);
  f->noted_rma_id = query_int (db, "SELECT max (id) FROM rma");
  rma = retour_rma_store_load (db, f->noted_rma_id, &error);
  g_assert_no_error (error);
  g_free (rma->notes);
  rma->notes = g_strdup (NOTE);
  retour_rma_store_update (db, rma, "test", &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  RetourDemoOptions options = { .n_rmas = N_RMAS, .seed = 5, .now_us = NOW_US };
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("RETOUR_TEST_POSTGRES") == NULL)
    return;

  /* A new server database, set up as `server init` leaves it: a
   * schema, the default policy and reasons, no shop. */
  server = retour_test_db_new ("retour-test-migrate-XXXXXX", &f->dir, &f->server);
  g_assert_true (retour_database_is_shared (server));

  f->file = g_build_filename (f->dir, "shop.db", NULL);
  db = retour_database_open (f->file, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);
  add_extras (f, db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dir != NULL)
    retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->server);
}

/* Statements of the test's own making, not cached: the cache is keyed by
 * the address of literal SQL. */
typedef RetourStmt OwnedStmt;

static void
owned_stmt_free (OwnedStmt *stmt)
{
  stmt->backend->finalize (stmt->handle);
  g_free (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OwnedStmt, owned_stmt_free)

static OwnedStmt *
prepare (RetourDatabase *db,
         const char     *sql)
{
  const RetourSqlBackend *backend = retour_database_is_shared (db) ? &retour_sql_postgres : &retour_sql_sqlite;
  g_autoptr(GError) error = NULL;
  OwnedStmt *stmt = g_new (OwnedStmt, 1);

  stmt->backend = backend;
  stmt->handle = backend->prepare (retour_database_get_connection (db), sql, &error);
  g_assert_no_error (error);

  return stmt;
}

static GPtrArray *
column_names (RetourDatabase *file,
              const char     *sql,
              const char     *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (file, sql, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row;

  g_assert_no_error (error);
  retour_stmt_bind_text (stmt, 1, table);
  while (retour_stmt_step (stmt, &has_row, &error) && has_row)
    g_ptr_array_add (names, g_strdup_printf ("\"%s\"", retour_stmt_column_text (stmt, 0)));
  g_assert_no_error (error);

  return names;
}

/* Every row of @table on both sides, in key order, column by column:
 * blobs byte for byte, everything else as text. */
static guint64
assert_same_rows (RetourDatabase *file,
                  RetourDatabase *server,
                  const char     *table)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) key = NULL;
  g_autoptr(GPtrArray) blobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OwnedStmt) a = NULL;
  g_autoptr(OwnedStmt) b = NULL;
  g_autofree char *column_list = NULL;
  g_autofree char *key_list = NULL;
  g_autofree char *sql = NULL;
  guint64 rows = 0;

  columns = column_names (file, "SELECT name FROM pragma_table_info (?1) ORDER BY cid", table);
  key = column_names (file, "SELECT name FROM pragma_table_info (?1) WHERE pk > 0 ORDER BY pk", table);
  blobs = column_names (file, "SELECT name FROM pragma_table_info (?1) WHERE type = 'BLOB'", table);
  g_assert_cmpuint (columns->len, >, 0);
  g_assert_cmpuint (key->len, >, 0);

  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (key, NULL);
  column_list = g_strjoinv (", ", (char **) columns->pdata);
  key_list = g_strjoinv (", ", (char **) key->pdata);
  sql = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY %s", column_list, table, key_list);
  a = prepare (file, sql);
  b = prepare (server, sql);

  for (;;)
    {
      gboolean a_row, b_row;

      retour_stmt_step (a, &a_row, &error);
      g_assert_no_error (error);
      retour_stmt_step (b, &b_row, &error);
      g_assert_no_error (error);
      g_assert_cmpint (a_row, ==, b_row);
      if (!a_row)
        break;

      rows++;
      for (guint c = 0; c + 1 < columns->len; c++)
        {
          const char *name = g_ptr_array_index (columns, c);
          gboolean is_blob = g_ptr_array_find_with_equal_func (blobs, name, g_str_equal, NULL);

          if (retour_stmt_column_is_null (a, (int) c) != retour_stmt_column_is_null (b, (int) c))
            g_error ("%s row %" G_GUINT64_FORMAT ", %s: NULL on one side only", table, rows, name);

          if (is_blob)
            {
              gsize a_size, b_size;
              gconstpointer a_data = retour_stmt_column_blob (a, (int) c, &a_size);
              gconstpointer b_data = retour_stmt_column_blob (b, (int) c, &b_size);

              g_assert_cmpmem (a_data, a_size, b_data, b_size);
            }
          else if (g_strcmp0 (retour_stmt_column_text (a, (int) c), retour_stmt_column_text (b, (int) c)) != 0)
            {
              g_error ("%s row %" G_GUINT64_FORMAT ", %s: “%s” in the file, “%s” on the server", table, rows,
                       name, retour_stmt_column_text (a, (int) c), retour_stmt_column_text (b, (int) c));
            }
        }
    }

  return rows;
}

static GArray *
search_ids (RetourDatabase *db,
            const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = retour_search_rmas (db, text, -1, 0, 100, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, ((RetourRmaSummary *) g_ptr_array_index (rows, i))->id);

  return ids;
}

static void
assert_same_search (RetourDatabase *file,
                    RetourDatabase *server,
                    const char     *text)
{
  g_autoptr(GArray) a = search_ids (file, text);
  g_autoptr(GArray) b = search_ids (server, text);

  g_test_message ("search “%s”: %u returns", text, a->len);
  g_assert_cmpuint (a->len, >, 0);
  g_assert_cmpmem (a->data, a->len * sizeof (gint64), b->data, b->len * sizeof (gint64));
}

typedef struct
{
  GHashTable *done;   /* table -> rows reported last */
  guint       ends;   /* calls without a table */
} Progress;

static void
record_progress (const char *table,
                 guint64     done,
                 guint64     total,
                 gpointer    user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, <=, total);
  if (table == NULL)
    progress->ends++;
  else
    g_hash_table_insert (progress->done, g_strdup (table), GSIZE_TO_POINTER (done));
}

/* A new requested return of the first line of @order_id, authorized. */
static RetourRma *
authorize_new_return (RetourDatabase *db,
                      gint64          order_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = retour_catalog_store_load_order (db, order_id, &error);
  g_autoptr(RetourPolicy) policy = NULL;
  RetourRma *rma;

  g_assert_no_error (error);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  rma = retour_test_rma_of_line (order, g_ptr_array_index (order->lines, 0), policy->id);
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->qty_authorized = 1;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, NOW_US, &error);
  g_assert_no_error (error);

  return rma;
}

static void
test_nothing_lost (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RetourMigrateReport) report = NULL;
  g_autoptr(RetourDatabase) file = NULL;
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Progress progress = { done, 0 };
  gint64 started;
  guint64 rows = 0;

  if (!have_cluster ())
    return;

  started = g_get_monotonic_time ();
  report = retour_migrate_to_server (f->file, f->server, record_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%u returns migrated in %.2f s (copy %.2f s), %" G_GUINT64_FORMAT " rows",
                  N_RMAS, (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC,
                  (double) report->copy_us / G_USEC_PER_SEC, report->rows);

  /* Progress came per table, each up to its count. */
  g_assert_cmpuint (progress.ends, ==, 1);
  for (guint i = 0; i < report->counts->len; i++)
    {
      RetourMigrateCount *count = g_ptr_array_index (report->counts, i);

      g_assert_cmpuint (count->file_rows, ==, count->server_rows);
      g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (done, count->table)), ==, count->file_rows);
    }
  g_assert_cmpuint (g_hash_table_size (done), ==, report->counts->len);

  file = retour_database_open_full (f->file, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  server = retour_database_open_full (f->server, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);

  /* Every shared table, and none of what only one side keeps. */
  for (guint i = 0; i < report->counts->len; i++)
    {
      RetourMigrateCount *count = g_ptr_array_index (report->counts, i);

      g_assert_false (g_str_has_prefix (count->table, "rma_fts"));
      g_assert_false (g_str_has_suffix (count->table, "_search_queue"));
      g_assert_cmpuint (assert_same_rows (file, server, count->table), ==, count->file_rows);
      rows += count->file_rows;
    }
  g_assert_cmpuint (rows, ==, report->rows);
  g_assert_cmpuint (report->counts->len, >=, 22);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM rma"), ==, N_RMAS);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM rma_search_doc"), ==, N_RMAS);

  /* The label and the attachment, byte for byte, through the store. */
  {
    g_autoptr(RetourLabel) a = retour_label_store_load (file, f->label_id, &error);
    g_autoptr(RetourLabel) b = retour_label_store_load (server, f->label_id, &error);
    g_autoptr(GBytes) expected = every_byte ("%PDF-1.4\n");

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (a->pdf, expected));
    g_assert_true (g_bytes_equal (b->pdf, expected));
  }
  {
    g_autoptr(RetourAttachment) a = retour_rma_store_load_attachment (file, f->attachment_id, &error);
    g_autoptr(RetourAttachment) b = retour_rma_store_load_attachment (server, f->attachment_id, &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (a->data, b->data));
    g_assert_cmpstr (a->filename, ==, b->filename);
  }

  /* Search finds the same returns, in the same order. */
  {
    g_autoptr(RetourRma) noted = retour_rma_store_load (server, f->noted_rma_id, &error);
    g_autoptr(RetourCustomer) customer = NULL;
    g_autoptr(RetourRma) numbered = NULL;
    g_autofree char *display = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (noted->notes, ==, NOTE);
    customer = retour_catalog_store_load_customer (server, noted->customer_id, &error);
    g_assert_no_error (error);
    numbered = retour_rma_store_load (server, query_int (server, "SELECT max (id) FROM rma WHERE number IS NOT NULL"),
                                      &error);
    g_assert_no_error (error);
    display = retour_rma_number_display (numbered->number);

    assert_same_search (file, server, "lodz");
    assert_same_search (file, server, customer->last_name);
    assert_same_search (file, server, display);
    assert_same_search (file, server, "LSH");
  }

  retour_test_db_assert_ok (file, RETOUR_CHECK_FULL);
  retour_test_db_assert_ok (server, RETOUR_CHECK_FULL);

  /* The shop goes on where the file left off: the same new return on
   * both sides gets the same id, above the file's, and the same next
   * number. */
  {
    gint64 last_id = query_int (server, "SELECT max (id) FROM rma");
    gint64 order_id = query_int (server, "SELECT max (order_id) FROM rma");
    guint64 next_in_file, next_on_server;
    g_autoptr(RetourDatabase) writable = NULL;
    g_autoptr(RetourRma) on_server = NULL;
    g_autoptr(RetourRma) in_file = NULL;

    retour_setting_store_peek_sequence (file, RETOUR_SEQUENCE_RMA_NUMBER, &next_in_file, &error);
    g_assert_no_error (error);
    retour_setting_store_peek_sequence (server, RETOUR_SEQUENCE_RMA_NUMBER, &next_on_server, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (next_in_file, ==, next_on_server);

    on_server = authorize_new_return (server, order_id);
    g_assert_cmpint (on_server->id, ==, last_id + 1);
    g_assert_nonnull (on_server->number);
    /* The search triggers, paused for the copy, are back. */
    g_assert_cmpint (query_int (server, "SELECT count (*) FROM rma_search_doc"), ==, N_RMAS + 1);

    g_clear_object (&file);
    writable = retour_database_open (f->file, &error);
    g_assert_no_error (error);
    in_file = authorize_new_return (writable, order_id);
    g_assert_cmpint (in_file->id, ==, on_server->id);
    g_assert_cmpstr (in_file->number, ==, on_server->number);

    /* Every other table goes on from its highest id too. */
    g_assert_cmpint (query_int (server, "SELECT max (id) FROM rma_line"), ==,
                     query_int (writable, "SELECT max (id) FROM rma_line"));
    g_assert_cmpint (query_int (server, "SELECT max (id) FROM rma_event"), ==,
                     query_int (writable, "SELECT max (id) FROM rma_event"));
    retour_test_db_assert_ok (server, RETOUR_CHECK_FULL);
  }
}

static gint64
total_rows (RetourDatabase *server)
{
  return query_int (server,
                    "SELECT (SELECT count (*) FROM rma) + (SELECT count (*) FROM rma_event) + "
                    "(SELECT count (*) FROM \"order\") + (SELECT count (*) FROM product) + "
                    "(SELECT count (*) FROM policy) + (SELECT count (*) FROM reason) + "
                    "(SELECT count (*) FROM setting) + (SELECT count (*) FROM stock_movement) + "
                    "(SELECT sum (on_hand) FROM product)");
}

static void
test_refuses_a_shop (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RetourMigrateReport) first = NULL;
  g_autoptr(RetourMigrateReport) again = NULL;
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  if (!have_cluster ())
    return;

  first = retour_migrate_to_server (f->file, f->server, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  server = retour_database_open_full (f->server, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  before = total_rows (server);

  again = retour_migrate_to_server (f->file, f->server, NULL, NULL, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already holds a shop"));
  g_clear_error (&error);

  g_assert_cmpint (total_rows (server), ==, before);
  retour_test_db_assert_ok (server, RETOUR_CHECK_FULL);
}

/* A cancelled copy leaves the server as it was: set up, no shop. */
static void
cancel_at_rma (const char *table,
               guint64     done,
               guint64     total,
               gpointer    user_data)
{
  if (g_strcmp0 (table, "rma_event") == 0 && done > 0)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_writes_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RetourMigrateReport) report = NULL;
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_cluster ())
    return;

  report = retour_migrate_to_server (f->file, f->server, cancel_at_rma, cancellable, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  server = retour_database_open_full (f->server, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (retour_database_is_empty (server, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM product"), ==, 0);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM reason"), >, 0);
}

/* Runs @sql as the cluster's superuser on the database @conninfo names. */
static void
exec_as_superuser (const char *conninfo,
                   const char *sql)
{
  PGconn *pg = PQconnectdb (conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  result = PQexec (pg, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (pg);
}

/* A file of an older schema (here 6, with a storefront, synced orders
 * and refunds queued for write-back, which the demo has none of) is
 * brought up to date as every opening does, then moved whole. */
static void
test_older_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "store", "fixtures", "schema-6.sql", NULL);
  g_autofree char *old = g_build_filename (f->dir, "old.db", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(RetourMigrateReport) report = NULL;
  g_autoptr(RetourDatabase) file = NULL;
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;

  if (!have_cluster ())
    return;

  g_file_get_contents (fixture, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (old, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  report = retour_migrate_to_server (old, f->server, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  file = retour_database_open_full (old, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retour_database_get_schema_version (file), ==, retour_database_get_latest_schema_version ());
  server = retour_database_open_full (f->server, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->counts->len; i++)
    assert_same_rows (file, server, ((RetourMigrateCount *) g_ptr_array_index (report->counts, i))->table);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM store"), ==, 1);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM refund_write_back"), ==, 2);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM rma"), ==, 12);
  retour_test_db_assert_ok (server, RETOUR_CHECK_FULL);
}

/* Only the owner of the shop's tables (or a superuser) may move a shop
 * onto them: for an operator's login the server would put the operator's
 * name on every copied history entry. Another login is refused before
 * anything is written. */
static void
test_not_the_owner (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RetourMigrateReport) report = NULL;
  g_autoptr(RetourDatabase) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *grant = NULL;
  g_autofree char *as_role = NULL;
  g_autofree char *drop = NULL;

  if (!have_cluster ())
    return;

  role = g_strdup_printf ("retour_t_clerk_%08x", g_random_int ());
  grant = g_strdup_printf ("CREATE ROLE %s LOGIN; "
                           "GRANT ALL ON ALL TABLES IN SCHEMA public TO %s; "
                           "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO %s",
                           role, role, role);
  exec_as_superuser (f->server, grant);
  as_role = g_strdup_printf ("%s user=%s", f->server, role);

  report = retour_migrate_to_server (f->file, as_role, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "owner"));
  g_clear_error (&error);

  server = retour_database_open_full (f->server, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (retour_database_is_empty (server, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM product"), ==, 0);
  g_assert_cmpint (query_int (server, "SELECT count (*) FROM reason"), >, 0);
  g_clear_object (&server);

  drop = g_strdup_printf ("DROP OWNED BY %s; DROP ROLE %s", role, role);
  exec_as_superuser (f->server, drop);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_auto(Run) migrate = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) stats = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *tables;
  gboolean saw_rma = FALSE;

  if (!have_cluster ())
    return;

  run_cli (&migrate, "migrate", "--from", f->file, "--to", f->server, "--json", NULL);
  g_assert_cmpint (migrate.status, ==, 0);
  root = parse_json (migrate.out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
  tables = json_object_get_array_member (json_node_get_object (root), "tables");
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      g_assert_cmpint (json_object_get_int_member (table, "file"), ==,
                       json_object_get_int_member (table, "server"));
      if (g_str_equal (json_object_get_string_member (table, "table"), "rma"))
        {
          g_assert_cmpint (json_object_get_int_member (table, "server"), ==, N_RMAS);
          saw_rma = TRUE;
        }
    }
  g_assert_true (saw_rma);

  run_cli (&check, "check", "--database", f->server, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "No problems found"));

  run_cli (&stats, "stats", "--json", "--database", f->server, NULL);
  g_assert_cmpint (stats.status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (stats.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "rmas"), ==, N_RMAS);

  /* Once is enough: the second run is refused, in words. */
  run_cli (&again, "migrate", "--database", f->file, "--to", f->server, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already holds a shop"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/migrate/nothing-lost", Fixture, NULL, fixture_set_up, test_nothing_lost, fixture_tear_down);
  g_test_add ("/migrate/refuses-a-shop", Fixture, NULL, fixture_set_up, test_refuses_a_shop, fixture_tear_down);
  g_test_add ("/migrate/cancel-writes-nothing", Fixture, NULL, fixture_set_up, test_cancel_writes_nothing,
              fixture_tear_down);
  g_test_add ("/migrate/older-file", Fixture, NULL, fixture_set_up, test_older_file, fixture_tear_down);
  g_test_add ("/migrate/not-the-owner", Fixture, NULL, fixture_set_up, test_not_the_owner, fixture_tear_down);
  g_test_add ("/migrate/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
