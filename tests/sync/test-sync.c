/* test-sync.c — storefront sync against the local emulators.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test serves a generated shop from the emulator on 127.0.0.1 in this
 * process, on the same main context as the client, and checks what a shop
 * owner would: every order of the shop is in the database once, with the
 * exact amounts and UTC times; faults the shop or its host throw do not
 * change that; a second run changes nothing; a cancelled run leaves a
 * consistent database and resumes; a refund written back twice exists
 * once upstream, and so does a Shopify return, whose answer was lost;
 * a full run that sees only Shopify's last 60 days takes no older order
 * for a deleted one; an order edited upstream has exactly the lines it
 * has there, but for those a return names, which stay, marked; refunds
 * made in WooCommerce's admin are in the ledger once and are not
 * returnable again, and Retour's own write-back is not taken for one;
 * no Shopify query costs more than Shopify takes in one, each costs what
 * it was worked out by hand to cost, and a sync completes through an
 * empty cost bucket or a lower limit. Returns customers ask for in
 * Shopify become returns in Retour once each, wait for their order, end
 * when withdrawn upstream, and what staff decide reaches Shopify once,
 * however its answers get lost.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "retour-catalog-store.h"
#include "retour-check.h"
#include "retour-database-private.h"
#include "retour-emulator.h"
#include "retour-label-store.h"
#include "retour-message-store.h"
#include "retour-policy-store.h"
#include "retour-privacy-store.h"
#include "retour-request-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-shopify-connector.h"
#include "retour-sync-engine.h"
#include "retour-sync-private.h"
#include "retour-sync-store.h"
#include "retour-test-db.h"
#include "retour-test-rma.h"
#include "retour-woo-connector.h"

typedef struct
{
  char             *dir;
  RetourDatabase   *db;
  RetourEmulator   *emulator;
  RetourEmulatorPlatform platform;
  RetourHttp       *http;
  RetourConnector  *connector;
  RetourSyncEngine *engine;
  gint64            store_id;
  GCancellable     *cancel_after_pages_cancellable;
  guint             cancel_after_pages;
  guint             full_after_pages;
  guint             progress_calls;
  guint             page_orders;   /* orders on a full page */
} Fixture;

typedef struct
{
  RetourEmulatorPlatform platform;
  guint                  n_orders;
  const char            *faults;
} Params;

/* The emulator dates its orders by the real time, so the engine keeps
 * it too. */
static gint64
real_time_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  const Params *params = user_data;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(GError) error = NULL;

  f->db = retour_test_db_new ("retour-test-sync-XXXXXX", &f->dir, NULL);

  f->platform = params->platform;
  f->emulator = retour_emulator_new (params->platform, params->n_orders, 7);
  retour_emulator_set_stall_ms (f->emulator, 1600);
  /* A Shopify Plus bucket (20,000 points, 1,000 a second): the tests
   * about throttling make it smaller, the others are not about waiting. */
  retour_emulator_set_bucket (f->emulator, 20000, 1000);
  if (params->faults != NULL)
    {
      retour_emulator_add_faults (f->emulator, params->faults, &error);
      g_assert_no_error (error);
    }
  retour_emulator_start (f->emulator, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (retour_emulator_get_url (f->emulator), "http://127.0.0.1:"));

  storefront->name = g_strdup ("Test shop");
  storefront->platform = params->platform == RETOUR_EMULATOR_WOO ? RETOUR_PLATFORM_WOOCOMMERCE
                                                                 : RETOUR_PLATFORM_SHOPIFY;
  storefront->base_url = g_strdup (retour_emulator_get_url (f->emulator));
  retour_sync_store_add (f->db, storefront, g_get_real_time (), &error);
  g_assert_no_error (error);
  f->store_id = storefront->id;

  /* Short time-outs and waits, so that faults cost little time. */
  f->http = retour_http_new ();
  retour_http_set_timeout (f->http, 1);
  retour_http_set_retries (f->http, 8, 20, 1500);

  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  credentials->access_token = g_strdup (RETOUR_EMULATOR_SHOPIFY_TOKEN);
  f->connector = retour_sync_connector_new (storefront, credentials, f->http, &error);
  g_assert_no_error (error);
  /* Shopify's pages are as a sync makes them: as many orders as Shopify
   * takes in one query. */
  if (RETOUR_IS_WOO_CONNECTOR (f->connector))
    retour_woo_connector_set_page_size (RETOUR_WOO_CONNECTOR (f->connector), 20);
  f->page_orders = RETOUR_IS_WOO_CONNECTOR (f->connector) ? 20 : RETOUR_SHOPIFY_PAGE_SIZE;

  f->engine = retour_sync_engine_new (f->db, real_time_clock, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->connector);
  g_clear_object (&f->http);
  g_clear_pointer (&f->emulator, retour_emulator_free);
  g_clear_object (&f->db);
  g_clear_object (&f->cancel_after_pages_cancellable);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* The database cannot grow past @pages pages: the disk is full, as far as
 * SQLite can tell. */
static void
set_max_pages (RetourDatabase *db,
               gint64          pages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);

  retour_database_exec (db, sql, &error);
  g_assert_no_error (error);
}

static void
on_progress (RetourSyncEngine *engine,
             gint64            store_id,
             guint64           done,
             gint64            total,
             Fixture          *f)
{
  g_assert_cmpint (store_id, ==, f->store_id);
  g_assert_true (total == -1 || (guint64) total >= done);
  f->progress_calls++;
  if (f->cancel_after_pages > 0 && f->progress_calls == f->cancel_after_pages)
    g_cancellable_cancel (f->cancel_after_pages_cancellable);
  /* Not a page more than what is written so far. */
  if (f->full_after_pages > 0 && f->progress_calls == f->full_after_pages)
    set_max_pages (f->db, retour_test_db_query_int (f->db, "SELECT page_count + ? FROM pragma_page_count ()", 0));
}

static gboolean
run_sync (Fixture          *f,
          RetourSyncFlags   flags,
          GCancellable     *cancellable,
          RetourSyncStats  *stats,
          GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gulong handler = g_signal_connect (f->engine, "progress", G_CALLBACK (on_progress), f);
  gboolean ok;

  retour_sync_engine_sync_async (f->engine, f->store_id, f->connector, flags, cancellable, on_done, &result);
  ok = retour_sync_engine_sync_finish (f->engine, wait_for (&result), stats, error);
  g_signal_handler_disconnect (f->engine, handler);

  return ok;
}

/* One table's rows, columns joined by "|", rows by ";", in id order. */
static void
dump_rows (RetourDatabase *db,
           const char     *sql,
           int             n_columns,
           GString        *dump)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, &error);
  gboolean has_row;

  g_assert_no_error (error);
  while (retour_stmt_step (stmt, &has_row, &error) && has_row)
    {
      for (int i = 0; i < n_columns; i++)
        g_string_append_printf (dump, "%s%s", i > 0 ? "|" : "",
                                retour_stmt_column_is_null (stmt, i) ? "" : retour_stmt_column_text (stmt, i));
      g_string_append_c (dump, ';');
    }
  g_assert_no_error (error);
  g_string_append_c (dump, '\n');
}

/* A fingerprint of everything a sync writes. */
static char *
dump_synced_tables (RetourDatabase *db)
{
  GString *dump = g_string_new (NULL);

  dump_rows (db, "SELECT id, external_id, total_minor, updated_us, status, deleted_upstream, customer_id "
             "FROM \"order\" ORDER BY id", 7, dump);
  dump_rows (db, "SELECT id, quantity, unit_price_minor, product_id FROM order_line ORDER BY id", 4, dump);
  dump_rows (db, "SELECT id, updated_us, email FROM customer ORDER BY id", 3, dump);
  dump_rows (db, "SELECT id, price_minor FROM product ORDER BY id", 2, dump);
  dump_rows (db, "SELECT watermark_us FROM store", 1, dump);

  return g_string_free (dump, FALSE);
}

static char *
external_id_of (Fixture             *f,
                RetourEmulatorOrder *order)
{
  if (f->platform == RETOUR_EMULATOR_SHOPIFY)
    return g_strdup_printf ("gid://shopify/Order/%" G_GINT64_FORMAT, order->id);
  return g_strdup_printf ("%" G_GINT64_FORMAT, order->id);
}

static char *
line_external_id_of (Fixture *f,
                     gint64   line_id)
{
  if (f->platform == RETOUR_EMULATOR_SHOPIFY)
    return g_strdup_printf ("gid://shopify/LineItem/%" G_GINT64_FORMAT, line_id);
  return g_strdup_printf ("%" G_GINT64_FORMAT, line_id);
}

static void
assert_consistent (Fixture *f)
{
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);
}

/* The order's lines are the shop's, one for one, in the shop's order;
 * besides them only lines that a return or a storefront refund names,
 * marked as gone, with no units left. The lines add up to the total. */
static void
assert_lines_match (Fixture             *f,
                    RetourOrder         *order,
                    RetourEmulatorOrder *expected)
{
  gint64 sum = 0;
  guint live = 0;

  for (guint j = 0; j < order->lines->len; j++)
    {
      RetourOrderLine *line = g_ptr_array_index (order->lines, j);

      sum += line->total.minor;
      if (line->gone_upstream)
        {
          g_assert_cmpuint (line->quantity, ==, 0);
          g_assert_cmpuint (retour_order_line_get_returnable (line), ==, 0);
          g_assert_cmpint (retour_test_db_query_int (f->db,
                                                     "SELECT (SELECT count (*) FROM rma_line WHERE order_line_id = ?1) + "
                                                     "(SELECT count (*) FROM refund_line WHERE order_line_id = ?1)",
                                                     line->id), >, 0);
          continue;
        }

      if (live >= expected->lines->len)
        g_error ("Order %s has a line %s the shop does not have", order->external_id, line->external_id);
      {
        RetourEmulatorLine *want = g_ptr_array_index (expected->lines, live);
        g_autofree char *want_id = line_external_id_of (f, want->id);

        g_assert_cmpstr (line->external_id, ==, want_id);
        g_assert_cmpint (line->unit_price.minor, ==, want->price_minor);
        g_assert_cmpuint (line->quantity, ==, f->platform == RETOUR_EMULATOR_SHOPIFY ? want->current_quantity
                                                                                     : want->quantity);
        g_assert_cmpstr (line->sku, ==, want->sku);
        g_assert_cmpint (line->product_id, >, 0);
      }
      live++;
    }

  g_assert_cmpuint (live, ==, expected->lines->len);
  if (f->platform == RETOUR_EMULATOR_WOO)
    g_assert_cmpint (sum, ==, retour_emulator_order_total (f->emulator, expected));
}

static RetourStorefrontRefund *
find_storefront_refund (GPtrArray *refunds,
                        gint64     id)
{
  g_autofree char *external_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < refunds->len; i++)
    {
      RetourStorefrontRefund *refund = g_ptr_array_index (refunds, i);

      if (g_strcmp0 (refund->external_id, external_id) == 0)
        return refund;
    }

  return NULL;
}

/* The refunds made in the shop's admin are the order's storefront
 * refunds, once each, with their money and items; what they refunded of
 * a line is not returnable any more. Retour's own refunds are not among
 * them. */
static void
assert_refunds_match (Fixture             *f,
                      RetourOrder         *order,
                      RetourEmulatorOrder *expected)
{
  GPtrArray *upstream = retour_emulator_list_refunds (f->emulator);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint in_store = 0;

  stored = retour_sync_store_list_storefront_refunds (f->db, order->id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < upstream->len; i++)
    {
      RetourEmulatorRefund *want = g_ptr_array_index (upstream, i);
      RetourStorefrontRefund *refund;
      g_autofree char *amount = NULL;

      if (want->order_id != expected->id)
        continue;
      refund = find_storefront_refund (stored, want->id);
      if (!want->in_store)
        {
          g_assert_null (refund);
          continue;
        }

      in_store++;
      if (refund == NULL)
        g_error ("Refund %" G_GINT64_FORMAT " of order %s is missing", want->id, order->external_id);
      amount = retour_money_to_string (refund->amount);
      g_assert_cmpstr (amount, ==, want->amount);
      g_assert_cmpstr (refund->amount.currency, ==, expected->currency);
      g_assert_cmpstr (refund->reason, ==, want->reason);
      g_assert_cmpint (refund->created_us, ==, want->created_s * G_USEC_PER_SEC);
      g_assert_cmpuint (refund->lines->len, ==, want->lines->len);
      for (guint j = 0; j < want->lines->len; j++)
        {
          RetourEmulatorRefundLine *item = g_ptr_array_index (want->lines, j);
          RetourStorefrontRefundLine *line = g_ptr_array_index (refund->lines, j);
          g_autofree char *line_id = line_external_id_of (f, item->line_id);

          g_assert_cmpstr (line->line_external_id, ==, line_id);
          g_assert_cmpuint (line->quantity, ==, item->quantity);
          g_assert_cmpint (line->amount.minor, ==, item->total_minor);
          g_assert_nonnull (line->title);
        }
    }
  g_assert_cmpuint (stored->len, ==, in_store);

  /* What is left to return of each line. */
  for (guint j = 0; j < order->lines->len; j++)
    {
      RetourOrderLine *line = g_ptr_array_index (order->lines, j);
      guint refunded = 0;

      for (guint i = 0; i < upstream->len; i++)
        {
          RetourEmulatorRefund *want = g_ptr_array_index (upstream, i);

          for (guint k = 0; want->in_store && want->order_id == expected->id && k < want->lines->len; k++)
            {
              RetourEmulatorRefundLine *item = g_ptr_array_index (want->lines, k);
              g_autofree char *line_id = line_external_id_of (f, item->line_id);

              if (g_strcmp0 (line_id, line->external_id) == 0)
                refunded += item->quantity;
            }
        }
      g_assert_cmpuint (line->qty_refunded_upstream, ==, refunded);
      if (!line->gone_upstream)
        g_assert_cmpuint (retour_order_line_get_returnable (line), ==, line->quantity - MIN (refunded, line->quantity));
    }
}

/* The customer has the goods when the last parcel arrives: Shopify's
 * latest delivery once every parcel is delivered, else none, and the
 * latest dispatch to estimate from. WooCommerce knows the dispatch only
 * (the order completed). */
static void
assert_parcels_match (Fixture             *f,
                      RetourOrder         *order,
                      RetourEmulatorOrder *expected)
{
  gint64 sent_s = 0, delivered_s = 0;
  gboolean all_delivered = expected->fulfillments->len > 0;

  for (guint i = 0; i < expected->fulfillments->len; i++)
    {
      RetourEmulatorFulfillment *parcel = &g_array_index (expected->fulfillments, RetourEmulatorFulfillment, i);

      sent_s = MAX (sent_s, parcel->created_s);
      delivered_s = MAX (delivered_s, parcel->delivered_s);
      all_delivered = all_delivered && parcel->delivered_s != 0;
    }

  g_assert_cmpint (order->fulfilled_us, ==, sent_s * G_USEC_PER_SEC);
  if (f->platform == RETOUR_EMULATOR_SHOPIFY && all_delivered)
    g_assert_cmpint (order->delivered_us, ==, delivered_s * G_USEC_PER_SEC);
  else
    g_assert_cmpint (order->delivered_us, ==, 0);
}

/* The database holds exactly the shop's live orders, each once, with the
 * amounts and times the shop shows. */
static void
assert_matches_shop (Fixture *f)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  guint live = 0;

  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *expected = g_ptr_array_index (orders, i);
      g_autofree char *external_id = external_id_of (f, expected);
      g_autoptr(RetourOrder) order = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourStmt) stmt = NULL;
      gboolean has_row;
      gint64 id;

      stmt = retour_database_prepare (f->db,
                                      "SELECT id, (SELECT count (*) FROM \"order\" WHERE store_id = ?1 AND external_id = ?2) "
                                      "FROM \"order\" WHERE store_id = ?1 AND external_id = ?2",
                                      &error);
      g_assert_no_error (error);
      retour_stmt_bind_int64 (stmt, 1, f->store_id);
      retour_stmt_bind_text (stmt, 2, external_id);
      retour_stmt_step (stmt, &has_row, &error);
      g_assert_no_error (error);

      if (expected->deleted)
        {
          if (has_row)
            {
              id = retour_stmt_column_int64 (stmt, 0);
              retour_stmt_release (g_steal_pointer (&stmt));
              order = retour_catalog_store_load_order (f->db, id, &error);
              g_assert_no_error (error);
              g_assert_true (order->deleted_upstream);
            }
          continue;
        }

      live++;
      if (!has_row)
        g_error ("Order %s is missing", external_id);
      g_assert_cmpint (retour_stmt_column_int64 (stmt, 1), ==, 1);
      id = retour_stmt_column_int64 (stmt, 0);
      retour_stmt_release (g_steal_pointer (&stmt));

      order = retour_catalog_store_load_order (f->db, id, &error);
      g_assert_no_error (error);
      g_assert_false (order->deleted_upstream);
      g_assert_cmpstr (order->number, ==, expected->number);
      g_assert_cmpstr (order->total.currency, ==, expected->currency);
      g_assert_cmpint (order->total.minor, ==, retour_emulator_order_total (f->emulator, expected));
      /* A withdrawal refunds the delivery: the desk needs what it cost. */
      g_assert_cmpint (order->shipping.minor, ==, expected->has_shipping ? 495 : 0);
      g_assert_cmpint (order->ordered_us, ==, expected->created_s * G_USEC_PER_SEC);
      g_assert_cmpint (order->updated_us, ==, expected->modified_s * G_USEC_PER_SEC);
      g_assert_cmpint (order->cancelled_us != 0, ==, g_str_equal (expected->status, "cancelled"));
      assert_parcels_match (f, order, expected);
      assert_lines_match (f, order, expected);
      g_assert_cmpint (order->customer_id, >, 0);
      if (f->platform == RETOUR_EMULATOR_WOO)
        assert_refunds_match (f, order, expected);
    }

  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM \"order\" WHERE store_id = ? AND deleted_upstream = 0",
                                             f->store_id), ==, live);
  assert_consistent (f);
}

static void
test_sync_and_resync (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  RetourSyncStats stats = { 0 };

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->progress_calls, >=, 2);

  /* An order modified or deleted while we paged shows up in the next full
   * run at the latest. */
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);

  storefront = retour_sync_store_load (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_null (storefront->last_error);
  g_assert_cmpint (storefront->last_sync_us, >, 0);
  g_assert_cmpint (storefront->watermark_us, >, 0);

  /* Nothing changed upstream: nothing changes here. */
  before = dump_synced_tables (f->db);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, ==, 0);
  after = dump_synced_tables (f->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_auth_failure (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  RetourSyncStats stats = { 0 };
  const Params *params = user_data;
  gboolean forbidden = strstr (params->faults, "forbidden") != NULL;

  g_assert_false (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR,
                  (int) (forbidden ? RETOUR_SYNC_ERROR_FORBIDDEN : RETOUR_SYNC_ERROR_UNAUTHORIZED));
  /* Never the key or the token in a message. */
  g_assert_null (strstr (error->message, RETOUR_EMULATOR_WOO_SECRET));
  g_assert_null (strstr (error->message, RETOUR_EMULATOR_SHOPIFY_TOKEN));
  g_assert_true (strstr (error->message, forbidden ? "permission" : "check the") != NULL);
  g_clear_error (&error);

  storefront = retour_sync_store_load (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (storefront->last_error, !=, NULL);
  g_assert_cmpint (storefront->last_sync_us, ==, 0);
  g_clear_pointer (&storefront, retour_storefront_free);

  /* Once the shop lets us in, all is well. */
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  storefront = retour_sync_store_load (f->db, f->store_id, &error);
  g_assert_null (storefront->last_error);
}

static void
test_cancel_and_resume (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  RetourSyncStats stats = { 0 };
  gint64 synced;

  f->cancel_after_pages_cancellable = g_cancellable_new ();
  f->cancel_after_pages = 3;
  g_assert_false (run_sync (f, RETOUR_SYNC_FLAGS_NONE, f->cancel_after_pages_cancellable, &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* What was written is whole, and where to go on from is kept. */
  assert_consistent (f);
  synced = retour_test_db_query_int (f->db, "SELECT count (*) FROM \"order\" WHERE store_id = ?", f->store_id);
  g_assert_cmpint (synced, >=, 40);
  g_assert_cmpint (synced, <, retour_emulator_get_orders (f->emulator)->len);
  storefront = retour_sync_store_load (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (storefront->watermark_us, >, 0);
  g_assert_null (storefront->last_error);

  f->cancel_after_pages = 0;
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_listed, <, retour_emulator_get_orders (f->emulator)->len);
  assert_matches_shop (f);
}

/* A resolved return of one unit of the first line of a synced order, with
 * its refund recorded. */
static gint64
add_refund (Fixture *f)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  gint64 order_id, line_id, rma_id;
  const gint64 now = g_get_real_time ();

  policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  order_id = retour_test_db_query_int (f->db, "SELECT min (id) FROM \"order\" WHERE store_id = ?", f->store_id);
  line_id = retour_test_db_query_int (f->db, "SELECT min (id) FROM order_line WHERE order_id = ?", order_id);

  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db,
                                                          "INSERT INTO rma (status, order_id, policy_id, resolution, refund_method, "
                                                          "currency, refund_minor, created_us, updated_us) "
                                                          "VALUES ('resolved', ?1, ?2, 'refund', 'original-payment', 'EUR', 1995, ?3, ?3) "
                                                          "RETURNING id",
                                                          &error);
    gboolean has_row;

    g_assert_no_error (error);
    retour_stmt_bind_int64 (stmt, 1, order_id);
    retour_stmt_bind_int64 (stmt, 2, policy->id);
    retour_stmt_bind_int64 (stmt, 3, now);
    retour_stmt_step (stmt, &has_row, &error);
    g_assert_no_error (error);
    rma_id = retour_stmt_column_int64 (stmt, 0);
  }
  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db,
                                                          "INSERT INTO rma_line (rma_id, order_line_id, title, unit_price_minor, "
                                                          "qty_ordered, qty_requested, qty_authorized, qty_received, qty_accepted, "
                                                          "disposition) VALUES (?1, ?2, 'Item', 1995, 1, 1, 1, 1, 1, 'restock')",
                                                          &error);
    g_assert_no_error (error);
    retour_stmt_bind_int64 (stmt, 1, rma_id);
    retour_stmt_bind_int64 (stmt, 2, line_id);
    retour_stmt_run (stmt, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db,
                                                          "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                                                          "VALUES (?1, 1995, 'EUR', 'original-payment', ?2, 'Tester') RETURNING id",
                                                          &error);
    gboolean has_row;

    g_assert_no_error (error);
    retour_stmt_bind_int64 (stmt, 1, rma_id);
    retour_stmt_bind_int64 (stmt, 2, now);
    retour_stmt_step (stmt, &has_row, &error);
    g_assert_no_error (error);
    return retour_stmt_column_int64 (stmt, 0);
  }
}

static char *
write_back (Fixture  *f,
            gint64    refund_id,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  retour_sync_engine_write_back_async (f->engine, refund_id, f->connector, NULL, on_done, &result);
  return retour_sync_engine_write_back_finish (f->engine, wait_for (&result), error);
}

static void
test_write_back (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(RetourWriteBack) queued = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  RetourSyncStats stats = { 0 };
  gint64 refund_id;

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  refund_id = add_refund (f);

  /* Off by default: nothing goes upstream, and the refund stays queued. */
  g_assert_null (write_back (f, refund_id, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_clear_error (&error);
  g_assert_cmpuint (retour_emulator_get_writes (f->emulator), ==, 0);

  /* The shop carries out the refund, but its answer never arrives: the
   * retry finds it by its idempotency key instead of refunding again. */
  retour_sync_store_set_write_back (f->db, f->store_id, TRUE, FALSE, &error);
  g_assert_no_error (error);
  retour_emulator_add_faults (f->emulator, "write-stall", &error);
  g_assert_no_error (error);
  first = write_back (f, refund_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (retour_emulator_get_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 1);

  queued = retour_sync_store_load_write_back (f->db, refund_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (queued->idempotency_key);
  g_assert_cmpstr (queued->external_id, ==, first);
  pending = retour_sync_store_list_pending_write_backs (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);

  again = write_back (f, refund_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 1);
}

static void
exec_sql (Fixture    *f,
          const char *sql,
          gint64      arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db, sql, &error);

  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, arg);
  retour_stmt_run (stmt, &error);
  g_assert_no_error (error);
}

/* Another refund of the return that refund @refund_id belongs to, as a
 * correction is recorded: the amount due went up by as much first (a
 * refund never exceeds what is due, and the shared store enforces it). */
static gint64
add_second_refund (Fixture *f,
                   gint64   refund_id)
{
  exec_sql (f, "UPDATE rma SET refund_minor = refund_minor + 500 "
               "WHERE id = (SELECT rma_id FROM refund WHERE id = ?)", refund_id);
  return retour_test_db_query_int (f->db,
                                   "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                                   "SELECT rma_id, 500, currency, method, created_us + 1, actor FROM refund "
                                   "WHERE id = ? RETURNING id",
                                   refund_id);
}

/* The emulator's id of the order line the return of @refund_id takes
 * back. */
static gint64
returned_line_of (Fixture *f,
                  gint64   refund_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  const char *gid, *slash;
  gboolean has_row;

  stmt = retour_database_prepare (f->db,
                                  "SELECT ol.external_id FROM refund f JOIN rma_line l ON l.rma_id = f.rma_id "
                                  "JOIN order_line ol ON ol.id = l.order_line_id WHERE f.id = ?",
                                  &error);
  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, refund_id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  gid = retour_stmt_column_text (stmt, 0);
  g_assert_true (g_str_has_prefix (gid, "gid://shopify/LineItem/"));
  slash = strrchr (gid, '/');

  return g_ascii_strtoll (slash + 1, NULL, 10);
}

/* Shopify: the items that come back are a return upstream before the
 * money is refunded. The shop creates the return but its answer never
 * arrives: the retry finds it instead of returning the items twice, and
 * a later refund of the same RMA adds no second return. A refund without
 * return makes none. */
static void
test_write_back_return (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *kept = NULL;
  RetourSyncStats stats = { 0 };
  gint64 refund_id, correction_id, keep_it_id, rma_id, line_id;

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  refund_id = add_refund (f);
  rma_id = retour_test_db_query_int (f->db, "SELECT rma_id FROM refund WHERE id = ?", refund_id);
  exec_sql (f, "UPDATE rma SET number = 'R26000001X' WHERE id = ?", rma_id);
  exec_sql (f, "UPDATE rma_line SET reason_id = (SELECT id FROM reason WHERE code = 'defective') "
               "WHERE rma_id = ?", rma_id);
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM rma_line WHERE rma_id = ? AND reason_id IS NOT NULL",
                                             rma_id), ==, 1);
  line_id = returned_line_of (f, refund_id);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, line_id), ==, 0);

  retour_sync_store_set_write_back (f->db, f->store_id, TRUE, FALSE, &error);
  g_assert_no_error (error);
  retour_emulator_add_faults (f->emulator, "return-stall", &error);
  g_assert_no_error (error);

  first = write_back (f, refund_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (retour_emulator_get_return_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_returns (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, line_id), ==, 1);
  g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 1);

  /* A correction of the same return: one more refund, no more returns. */
  correction_id = add_second_refund (f, refund_id);
  second = write_back (f, correction_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpuint (retour_emulator_get_return_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_returns (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, line_id), ==, 1);
  g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 2);

  /* Refunded without return: the customer keeps the item. */
  keep_it_id = add_refund (f);
  exec_sql (f, "UPDATE rma SET resolution = 'keep-it' WHERE id = (SELECT rma_id FROM refund WHERE id = ?)",
            keep_it_id);
  kept = write_back (f, keep_it_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpuint (retour_emulator_get_return_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, line_id), ==, 1);
  g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 3);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM refund_write_back WHERE store_id = ? "
                                                    "AND done_us IS NULL", f->store_id), ==, 0);

  /* Shopify refuses a refund: its reason reaches the shop, nothing is
   * refunded. */
  {
    g_autofree char *refused = NULL;
    gint64 refused_id = add_refund (f);

    exec_sql (f, "UPDATE rma SET resolution = 'keep-it' WHERE id = (SELECT rma_id FROM refund WHERE id = ?)",
              refused_id);
    retour_emulator_add_faults (f->emulator, "refuse-refund", &error);
    g_assert_no_error (error);
    refused = write_back (f, refused_id, &error);
    g_assert_null (refused);
    g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
    g_assert_true (g_str_has_prefix (error->message, "Shopify refused the refund: "));
    g_assert_nonnull (strstr (error->message, "exceeds the refundable amount"));
    g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 3);
  }
}

static gint64
deleted_upstream (Fixture             *f,
                  RetourEmulatorOrder *order)
{
  g_autofree char *external_id = external_id_of (f, order);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (f->db,
                                  "SELECT deleted_upstream FROM \"order\" WHERE store_id = ?1 AND external_id = ?2",
                                  &error);
  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, f->store_id);
  retour_stmt_bind_text (stmt, 2, external_id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);

  return retour_stmt_column_int64 (stmt, 0);
}

/* Shopify lists only the last 60 days of orders to a token without
 * read_all_orders: a full run marks an order deleted only if it was
 * placed within the days it could see. */
static void
test_recent_orders_only (Fixture       *f,
                         gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;
  RetourEmulatorOrder *old_order, *recent_order;
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };
  guint half = orders->len / 2;

  /* The second half of the shop was ordered in the last ten days. */
  for (guint i = half; i < orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      order->created_s = now_s - 10 * 24 * 3600 + (gint64) i * 60;
      order->modified_s = order->created_s + 3600;
    }

  /* With read_all_orders: every order. */
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpuint (stats.orders_listed, ==, orders->len);

  /* The token loses the scope; meanwhile one old and one recent order are
   * deleted in the shop. */
  retour_emulator_add_faults (f->emulator, "no-read-all-orders", &error);
  g_assert_no_error (error);
  old_order = g_ptr_array_index (orders, 3);
  recent_order = g_ptr_array_index (orders, half + 3);
  old_order->deleted = TRUE;
  recent_order->deleted = TRUE;

  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_listed, ==, orders->len - half - 1);
  g_assert_cmpuint (stats.orders_gone, ==, 1);

  /* The recent one is marked; of the older ones, the run cannot tell. */
  g_assert_cmpint (deleted_upstream (f, recent_order), ==, 1);
  g_assert_cmpint (deleted_upstream (f, old_order), ==, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM \"order\" WHERE store_id = ? AND deleted_upstream = 1",
                                             f->store_id), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM \"order\" WHERE store_id = ? AND deleted_upstream = 0",
                                             f->store_id), ==, orders->len - 1);
  assert_consistent (f);

  /* The scope back: the old deletion is seen. */
  old_order->deleted = FALSE;
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_gone, ==, 0);
}


/* ------------------------------------------------- edits and refunds */

/* A return of one unit of line @line_id of a synced order, as the desk
 * creates it, with @refund_minor paid back by Retour (0: nothing). */
static gint64
add_return_of_line (Fixture *f,
                    gint64   line_id,
                    gint64   refund_minor)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  RetourOrderLine *ordered = NULL;
  RetourRmaLine *line;

  policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  order = retour_catalog_store_load_order (f->db, retour_test_db_query_int (f->db,
                                                                            "SELECT order_id FROM order_line WHERE id = ?",
                                                                            line_id),
                                           &error);
  g_assert_no_error (error);
  for (guint i = 0; i < order->lines->len; i++)
    if (((RetourOrderLine *) g_ptr_array_index (order->lines, i))->id == line_id)
      ordered = g_ptr_array_index (order->lines, i);
  g_assert_nonnull (ordered);

  rma = retour_test_rma_of_line (order, ordered, policy->id);
  line = g_ptr_array_index (rma->lines, 0);
  line->product_id = ordered->product_id;
  if (refund_minor > 0)
    {
      rma->resolution = RETOUR_RESOLUTION_REFUND;
      rma->refund_method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
      rma->refund = retour_money_init (refund_minor, order->total.currency);
    }
  retour_rma_store_insert (f->db, rma, "Tester", &error);
  g_assert_no_error (error);

  if (refund_minor > 0)
    {
      RetourRefund refund = { 0 };

      refund.rma_id = rma->id;
      refund.amount = rma->refund;
      refund.method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
      refund.created_us = g_get_real_time ();
      refund.actor = (char *) "Tester";
      retour_rma_store_add_refund (f->db, &refund, &error);
      g_assert_no_error (error);
    }

  return rma->id;
}

static gint64
line_id_of (Fixture            *f,
            RetourEmulatorLine *line)
{
  g_autofree char *external_id = line_external_id_of (f, line->id);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (f->db,
                                  "SELECT l.id FROM order_line l JOIN \"order\" o ON o.id = l.order_id "
                                  "WHERE o.store_id = ?1 AND l.external_id = ?2",
                                  &error);
  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, f->store_id);
  retour_stmt_bind_text (stmt, 2, external_id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);

  return has_row ? retour_stmt_column_int64 (stmt, 0) : 0;
}

static RetourEmulatorOrder *
order_with_lines (Fixture *f,
                  guint    n_lines,
                  guint    skip)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);

  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      if (!order->deleted && order->lines->len >= n_lines && skip-- == 0)
        return order;
    }

  g_assert_not_reached ();
}

/* The line of a return is kept when the shop removes it from the order,
 * marked as gone: the return still shows it, and a new return cannot take
 * it. */
static void
assert_kept_and_marked (Fixture *f,
                        gint64   line_id,
                        gint64   rma_id)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  RetourRmaLine *line;

  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT gone_upstream FROM order_line WHERE id = ?", line_id), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT quantity FROM order_line WHERE id = ?", line_id), ==, 0);
  rma = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);
  line = g_ptr_array_index (rma->lines, 0);
  g_assert_cmpint (line->order_line_id, ==, line_id);
  g_assert_true (line->gone_upstream);
  g_assert_cmpuint (line->qty_requested, ==, 1);
}

/* An order edited in the shop between two syncs: two lines removed (one
 * of them named by a return), a line added elsewhere and a quantity
 * changed. The next sync leaves exactly the shop's lines, and the one
 * of the return, marked; a further sync changes nothing. */
static void
test_edit_between_syncs (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  RetourEmulatorOrder *edited = order_with_lines (f, 3, 0);
  RetourEmulatorOrder *grown = order_with_lines (f, 1, 0);
  RetourSyncStats stats = { 0 };
  gint64 kept_id, dropped_id, rma_id;

  if (grown == edited)
    grown = order_with_lines (f, 1, 1);

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  kept_id = line_id_of (f, g_ptr_array_index (edited->lines, 0));
  dropped_id = line_id_of (f, g_ptr_array_index (edited->lines, 1));
  g_assert_cmpint (kept_id, >, 0);
  g_assert_cmpint (dropped_id, >, 0);
  rma_id = add_return_of_line (f, kept_id, 0);

  retour_emulator_remove_line (f->emulator, edited, 1);
  retour_emulator_remove_line (f->emulator, edited, 0);
  retour_emulator_add_line (f->emulator, grown);
  ((RetourEmulatorLine *) g_ptr_array_index (grown->lines, 0))->quantity++;
  ((RetourEmulatorLine *) g_ptr_array_index (grown->lines, 0))->current_quantity++;

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, ==, 2);
  assert_matches_shop (f);
  assert_kept_and_marked (f, kept_id, rma_id);
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM order_line WHERE id = ?", dropped_id), ==, 0);

  before = dump_synced_tables (f->db);
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, ==, 0);
  after = dump_synced_tables (f->db);
  g_assert_cmpstr (before, ==, after);
}

/* The first two orders listed are edited while the sync pages (one loses
 * its last line, named by a return; the other gains a line and a unit):
 * they come again later in the same run, as they are now. */
static void
test_edit_between_pages (Fixture       *f,
                         gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  g_autoptr(GError) error = NULL;
  g_autofree char *fault = NULL;
  RetourEmulatorOrder *first = NULL;
  RetourEmulatorLine *last;
  RetourSyncStats stats = { 0 };
  gint64 line_id, rma_id;

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);

  /* The order the fault edits first: the one modified longest ago. */
  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      if (first == NULL || order->modified_s < first->modified_s ||
          (order->modified_s == first->modified_s && order->id < first->id))
        first = order;
    }
  if (first == NULL || first->lines->len < 2)
    g_error ("The first order modified has fewer than two lines");
  last = g_ptr_array_index (first->lines, first->lines->len - 1);
  line_id = line_id_of (f, last);
  rma_id = add_return_of_line (f, line_id, 0);

  /* The second request of a full run asks for its second page. */
  fault = g_strdup_printf ("edit-lines@%u", retour_emulator_get_requests (f->emulator) + 2);
  retour_emulator_add_faults (f->emulator, fault, &error);
  g_assert_no_error (error);
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, ==, 2);

  assert_matches_shop (f);
  assert_kept_and_marked (f, line_id, rma_id);
}

static GPtrArray *
events_of_kind (Fixture    *f,
                gint64      rma_id,
                const char *kind)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_event_free);

  events = retour_rma_store_list_events (f->db, rma_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      RetourRmaEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->kind, kind) == 0)
        g_ptr_array_add (found, retour_rma_event_copy (event));
    }

  return found;
}

static gint64
count_storefront_refunds (Fixture *f)
{
  return retour_test_db_query_int (f->db, "SELECT count (*) FROM refund f JOIN \"order\" o ON o.id = f.order_id "
                                          "WHERE f.source = 'storefront' AND o.store_id = ?", f->store_id);
}

/* Refunds made in WooCommerce's admin, partial and full, with items: each
 * is in the ledger once as the store's (never Retour's), what it refunded
 * is no longer returnable, and a return of the order notes it in its
 * history. Refunds are read only for orders that list any. A refund
 * added or deleted later follows; Retour's own write-back, found by its
 * id or, with its answer lost, by its key, is not taken for the store's. */
static void
test_store_refunds (Fixture       *f,
                    gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  GPtrArray *upstream = retour_emulator_list_refunds (f->emulator);
  g_autoptr(GHashTable) refunded = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) noted = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;
  g_autofree guint *quantities = NULL;
  RetourEmulatorOrder *later = NULL, *ours = NULL;
  RetourEmulatorRefund *refund;
  RetourEmulatorLine *line;
  RetourSyncStats stats = { 0 };
  gint64 rma_id, own_rma_id, n_store;
  guint reads;

  for (guint i = 0; i < upstream->len; i++)
    g_hash_table_add (refunded, &((RetourEmulatorRefund *) g_ptr_array_index (upstream, i))->order_id);
  g_assert_cmpuint (g_hash_table_size (refunded), >=, 10);
  for (guint i = 0; i < orders->len && (later == NULL || ours == NULL); i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      if (g_hash_table_contains (refunded, &order->id) || order->lines->len < 2 ||
          g_str_equal (order->status, "cancelled"))
        continue;
      if (later == NULL)
        later = order;
      else
        ours = order;
    }
  g_assert_nonnull (ours);

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpuint (retour_emulator_get_refund_reads (f->emulator), ==, g_hash_table_size (refunded));
  n_store = count_storefront_refunds (f);
  g_assert_cmpint (n_store, ==, upstream->len);
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM refund WHERE source = 'storefront' AND rma_id IS NULL",
                                             0), ==, n_store);

  /* Again: the same ledger, nothing twice. */
  before = dump_synced_tables (f->db);
  reads = retour_emulator_get_refund_reads (f->emulator);
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, ==, 0);
  g_assert_cmpuint (retour_emulator_get_refund_reads (f->emulator) - reads, ==, g_hash_table_size (refunded));
  after = dump_synced_tables (f->db);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_storefront_refunds (f), ==, n_store);

  /* A return is taken of the second line of an order; then the shop
   * refunds one unit of its first line in its admin, and deletes one of
   * the earlier refunds. */
  line = g_ptr_array_index (later->lines, 1);
  rma_id = add_return_of_line (f, line_id_of (f, line), 0);
  quantities = g_new0 (guint, later->lines->len);
  quantities[0] = 1;
  refund = retour_emulator_refund_in_store (f->emulator, later, quantities, 0, NULL);
  g_assert_true (retour_emulator_delete_refund (f->emulator,
                                                ((RetourEmulatorRefund *) g_ptr_array_index (upstream, 0))->id));
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpint (count_storefront_refunds (f), ==, n_store);

  noted = events_of_kind (f, rma_id, "store-refund");
  g_assert_cmpuint (noted->len, ==, 1);
  {
    RetourRmaEvent *event = g_ptr_array_index (noted, 0);
    RetourEmulatorLine *first = g_ptr_array_index (later->lines, 0);
    g_autofree char *money = g_strdup_printf ("%s %s", refund->amount, later->currency);
    g_autofree char *detail = g_strdup_printf ("Refunded in the store: %s for 1 × %s", money, first->name);

    g_assert_cmpstr (event->detail, ==, detail);
    g_assert_cmpstr (event->actor, ==, "Test shop");
    g_assert_cmpint (event->created_us, ==, refund->created_s * G_USEC_PER_SEC);
  }

  /* Retour refunds a return of another order and writes it back; the
   * shop lists it among the order's refunds from then on. */
  own_rma_id = add_return_of_line (f, line_id_of (f, g_ptr_array_index (ours->lines, 0)),
                                   ((RetourEmulatorLine *) g_ptr_array_index (ours->lines, 0))->price_minor);
  retour_sync_store_set_write_back (f->db, f->store_id, TRUE, FALSE, &error);
  g_assert_no_error (error);
  written = write_back (f, retour_test_db_query_int (f->db,
                                                     "SELECT id FROM refund WHERE rma_id = ?", own_rma_id), &error);
  g_assert_no_error (error);
  g_assert_nonnull (written);

  reads = retour_emulator_get_refund_reads (f->emulator);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retour_emulator_get_refund_reads (f->emulator), >, reads);
  assert_matches_shop (f);
  g_assert_cmpint (count_storefront_refunds (f), ==, n_store);
  g_clear_pointer (&noted, g_ptr_array_unref);
  noted = events_of_kind (f, own_rma_id, "store-refund");
  g_assert_cmpuint (noted->len, ==, 0);

  /* Its answer lost: only the key it carried tells it apart. */
  exec_sql (f, "UPDATE refund SET external_id = NULL WHERE rma_id = ?", own_rma_id);
  retour_emulator_touch_order (f->emulator, ours);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, ==, 1);
  assert_matches_shop (f);
  g_assert_cmpint (count_storefront_refunds (f), ==, n_store);
}


static RetourHttpVerdict
take_any_answer (RetourHttpResponse  *response,
                 gint64              *retry_after_us,
                 GError             **error,
                 gpointer             user_data)
{
  return RETOUR_HTTP_DONE;
}

/* GET @path_and_query from the WooCommerce emulator with the shop's keys. */
static RetourHttpResponse *
woo_get (Fixture    *f,
         const char *path_and_query)
{
  g_autofree char *pair = g_strconcat (RETOUR_EMULATOR_WOO_KEY, ":", RETOUR_EMULATOR_WOO_SECRET, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *url = g_strconcat (retour_emulator_get_url (f->emulator), path_and_query, NULL);
  const char *headers[] = { "Authorization", authorization, NULL };
  RetourHttpRequest request = { "GET", url, NULL, NULL, headers, TRUE };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RetourHttpResponse *response;

  retour_http_send_async (f->http, &request, take_any_answer, NULL, NULL, on_done, &result);
  response = retour_http_send_finish (f->http, wait_for (&result), &error);
  g_assert_no_error (error);

  return response;
}

static char *
body_text (RetourHttpResponse *response)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  return g_strndup (data, length);
}

/* The emulator serves refunds in WooCommerce's documented shape and is as
 * strict as WooCommerce about what it is asked; the connector reads the
 * shape back into whole units of the order's lines. */
static void
test_woo_refunds_endpoint (Fixture       *f,
                           gconstpointer  user_data)
{
  GPtrArray *refunds = retour_emulator_list_refunds (f->emulator);
  RetourEmulatorRefund *partial = g_ptr_array_index (refunds, 0);
  g_autofree char *path = g_strdup_printf ("/wp-json/wc/v3/orders/%" G_GINT64_FORMAT "/refunds", partial->order_id);
  g_autofree char *listing = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(RetourOrderPage) page = NULL;
  g_autoptr(GError) error = NULL;
  RetourSyncedOrder *synced = NULL;
  RetourStorefrontRefund *refund;
  RetourStorefrontRefundLine *line;
  static const char * const bad_pages[] = { "?per_page=101", "?per_page=0", "?per_page=ten", "?page=0" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_pages); i++)
    {
      g_autofree char *bad = g_strconcat (path, bad_pages[i], NULL);
      g_autoptr(RetourHttpResponse) refused = woo_get (f, bad);
      g_autofree char *body = body_text (refused);

      g_assert_cmpuint (refused->status, ==, 400);
      g_assert_nonnull (strstr (body, "\"code\":\"rest_invalid_param\""));
    }
  {
    g_autoptr(RetourHttpResponse) missing = woo_get (f, "/wp-json/wc/v3/orders/99999/refunds?per_page=100");
    g_autofree char *body = body_text (missing);

    g_assert_cmpuint (missing->status, ==, 404);
    g_assert_nonnull (strstr (body, "\"code\":\"woocommerce_rest_shop_order_invalid_id\""));
  }

  /* The order as the listing shows it, and its refunds. */
  response = woo_get (f, "/wp-json/wc/v3/orders?per_page=100&page=1&orderby=id&order=asc&dates_are_gmt=true");
  g_assert_cmpuint (response->status, ==, 200);
  listing = body_text (response);
  page = retour_woo_parse_orders (listing, strlen (listing), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->orders->len; i++)
    {
      RetourSyncedOrder *candidate = g_ptr_array_index (page->orders, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, partial->order_id);

      if (g_str_equal (candidate->order->external_id, id))
        synced = candidate;
      /* An order without refunds has none, known without asking. */
      else if (candidate->refunds != NULL)
        g_assert_cmpuint (candidate->refunds->len, ==, 0);
    }
  g_assert_nonnull (synced);
  g_assert_null (synced->refunds);
  g_clear_pointer (&response, retour_http_response_free);

  {
    g_autofree char *url = g_strconcat (path, "?per_page=100&page=1", NULL);

    response = woo_get (f, url);
  }
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "X-WP-Total"), ==, "1");
  text = body_text (response);
  /* Negative quantities and totals, the order line in the meta data. */
  g_assert_nonnull (strstr (text, "\"quantity\":-1"));
  g_assert_nonnull (strstr (text, "\"key\":\"_refunded_item_id\""));
  g_assert_nonnull (strstr (text, "\"refunded_payment\":true"));

  retour_woo_parse_refunds (text, strlen (text), synced, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synced->refunds->len, ==, 1);
  refund = g_ptr_array_index (synced->refunds, 0);
  g_assert_cmpstr (refund->reason, ==, "Broken in transit");
  g_assert_true (refund->via_gateway);
  g_assert_null (refund->idempotency_key);
  g_assert_cmpint (refund->created_us, ==, partial->created_s * G_USEC_PER_SEC);
  g_assert_cmpuint (refund->lines->len, ==, 1);
  line = g_ptr_array_index (refund->lines, 0);
  g_assert_cmpuint (line->quantity, ==, 1);
  g_assert_cmpint (line->amount.minor, ==, refund->amount.minor);
  g_assert_cmpstr (line->line_external_id, ==,
                   ((RetourOrderLine *) g_ptr_array_index (synced->order->lines, 0))->external_id);
}

/* ---------------------------------------------------------------- parsers */

static const char woo_order[] =
  "[{\"id\": 727, \"number\": \"727\", \"status\": \"completed\", \"currency\": \"EUR\","
  " \"date_created_gmt\": \"2026-03-01T10:00:00\", \"date_modified_gmt\": \"2026-03-02T23:30:05\","
  " \"date_completed_gmt\": null, \"total\": \"24.793388\", \"customer_id\": 0,"
  " \"billing\": {\"first_name\": \"Zoë\", \"last_name\": \"Lefèvre\", \"email\": \"zoe@example.fr\", \"phone\": \"\"},"
  " \"shipping\": {\"first_name\": \"\", \"last_name\": \"\"},"
  " \"line_items\": [{\"id\": 1, \"name\": \"Scarf\", \"product_id\": 9, \"variation_id\": 0, \"quantity\": 2,"
  "   \"sku\": \"\", \"total\": \"39.90\", \"price\": 19.95}],"
  " \"refunds\": [{\"id\": 3, \"reason\": \"\", \"total\": \"-5.00\"}]}]";

static void
test_parse_woo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrderPage) page = retour_woo_parse_orders (woo_order, strlen (woo_order), &error);
  RetourSyncedOrder *synced;
  RetourOrderLine *line;

  g_assert_no_error (error);
  g_assert_cmpuint (page->orders->len, ==, 1);
  synced = g_ptr_array_index (page->orders, 0);
  g_assert_cmpstr (synced->order->external_id, ==, "727");
  g_assert_cmpint (synced->order->total.minor, ==, 2479);
  /* *_gmt without Z is UTC. */
  g_assert_cmpint (synced->order->ordered_us, ==, G_GINT64_CONSTANT (1772359200) * G_USEC_PER_SEC);
  g_assert_cmpint (synced->order->updated_us, ==, G_GINT64_CONSTANT (1772494205) * G_USEC_PER_SEC);
  g_assert_cmpstr (synced->customer->external_id, ==, "guest:zoe@example.fr");
  g_assert_null (synced->customer->phone);
  g_assert_null (synced->order->ship_name);
  line = g_ptr_array_index (synced->order->lines, 0);
  g_assert_cmpint (line->unit_price.minor, ==, 1995);
  g_assert_cmpint (line->total.minor, ==, 3990);
  g_assert_null (line->sku);
  g_assert_cmpstr (g_ptr_array_index (synced->line_product_ids, 0), ==, "9");
  g_assert_cmpuint (page->products->len, ==, 1);
}


/* The example of WooCommerce's documentation (GET /orders/723/refunds),
 * for an order of two lines: a refund of money only, and one of an item
 * linked by _refunded_item_id. An item without that link is matched by
 * its product when one line only has it. */
static const char woo_refunds_body[] =
  "[{\"id\": 726, \"date_created\": \"2017-03-21T17:07:11\", \"date_created_gmt\": \"2017-03-21T20:07:11\","
  "  \"amount\": \"10.00\", \"reason\": \"\", \"refunded_by\": 1, \"refunded_payment\": false,"
  "  \"meta_data\": [], \"line_items\": []},"
  " {\"id\": 724, \"date_created\": \"2017-03-21T16:55:37\", \"date_created_gmt\": \"2017-03-21T19:55:37\","
  "  \"amount\": \"27.00\", \"reason\": \"Damaged\", \"refunded_by\": 1, \"refunded_payment\": true,"
  "  \"meta_data\": [{\"id\": 9, \"key\": \"_retour_idempotency_key\", \"value\": \"k-1\"}],"
  "  \"line_items\": [{\"id\": 314, \"name\": \"Woo Album #2\", \"product_id\": 87, \"variation_id\": 0,"
  "   \"quantity\": -1, \"tax_class\": \"\", \"subtotal\": \"-9.00\", \"subtotal_tax\": \"0.00\","
  "   \"total\": \"-9.00\", \"total_tax\": \"0.00\", \"taxes\": [],"
  "   \"meta_data\": [{\"id\": 2076, \"key\": \"_refunded_item_id\", \"value\": \"311\"}], \"sku\": \"\", \"price\": -9},"
  "   {\"id\": 315, \"name\": \"Scarf\", \"product_id\": 9, \"variation_id\": 0, \"quantity\": -2,"
  "   \"total\": \"-18.00\", \"meta_data\": [], \"price\": -9}]}]";

static void
test_parse_woo_refunds (void)
{
  static const char order_json[] =
    "[{\"id\": 723, \"currency\": \"EUR\", \"total\": \"58.00\", \"date_created_gmt\": \"2017-03-01T10:00:00\","
    " \"line_items\": [{\"id\": 311, \"name\": \"Woo Album #2\", \"product_id\": 87, \"quantity\": 2, \"total\": \"18.00\"},"
    "  {\"id\": 312, \"name\": \"Scarf\", \"product_id\": 9, \"quantity\": 2, \"total\": \"40.00\"}],"
    " \"refunds\": [{\"id\": 726, \"total\": \"-10.00\"}, {\"id\": 724, \"total\": \"-27.00\"}]}]";
  static const char * const bad[] = {
    "", "{}", "[1]", "[{\"amount\": \"1.00\"}]", "[{\"id\": 1}]", "[{\"id\": 1, \"amount\": \"-1.00\"}]",
    "[{\"id\": 1, \"amount\": \"1.00\", \"line_items\": {}}]",
    "[{\"id\": 1, \"amount\": \"1.00\", \"line_items\": [5]}]",
    "[{\"id\": 1, \"amount\": \"1.00\", \"line_items\": [{\"quantity\": \"many\"}]}]",
    "[{\"id\": 1, \"amount\": \"1.00\", \"refunded_payment\": \"yes\"}]",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrderPage) page = retour_woo_parse_orders (order_json, strlen (order_json), &error);
  RetourSyncedOrder *synced;
  RetourStorefrontRefund *money_only, *items;
  RetourStorefrontRefundLine *line;

  g_assert_no_error (error);
  synced = g_ptr_array_index (page->orders, 0);
  /* Listed, but not read yet. */
  g_assert_null (synced->refunds);

  retour_woo_parse_refunds (woo_refunds_body, strlen (woo_refunds_body), synced, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synced->refunds->len, ==, 2);

  money_only = g_ptr_array_index (synced->refunds, 0);
  g_assert_cmpstr (money_only->external_id, ==, "726");
  g_assert_cmpint (money_only->amount.minor, ==, 1000);
  g_assert_null (money_only->reason);
  g_assert_false (money_only->via_gateway);
  g_assert_cmpint (money_only->created_us, ==, G_GINT64_CONSTANT (1490126831) * G_USEC_PER_SEC);
  g_assert_cmpuint (money_only->lines->len, ==, 0);

  items = g_ptr_array_index (synced->refunds, 1);
  g_assert_cmpint (items->amount.minor, ==, 2700);
  g_assert_cmpstr (items->reason, ==, "Damaged");
  g_assert_true (items->via_gateway);
  g_assert_cmpstr (items->idempotency_key, ==, "k-1");
  g_assert_cmpuint (items->lines->len, ==, 2);
  line = g_ptr_array_index (items->lines, 0);
  g_assert_cmpstr (line->line_external_id, ==, "311");
  g_assert_cmpuint (line->quantity, ==, 1);
  g_assert_cmpint (line->amount.minor, ==, 900);
  line = g_ptr_array_index (items->lines, 1);
  g_assert_cmpstr (line->line_external_id, ==, "312");
  g_assert_cmpuint (line->quantity, ==, 2);
  g_assert_cmpint (line->amount.minor, ==, 1800);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;

      if (retour_woo_parse_refunds (bad[i], strlen (bad[i]), synced, &bad_error))
        g_error ("Refunds input %u was accepted: %s", i, bad[i]);
      g_assert_error (bad_error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
    }
  /* What was read stays as it was. */
  g_assert_cmpuint (synced->refunds->len, ==, 2);

  /* Every prefix of a good body is refused or read, never a crash. */
  for (gsize n = 0; n < strlen (woo_refunds_body); n++)
    {
      g_autoptr(GError) prefix_error = NULL;
      gboolean read = retour_woo_parse_refunds (woo_refunds_body, n, synced, &prefix_error);

      g_assert_true (read == (prefix_error == NULL));
    }
}

/* The message names where in the reply the bad field is, and the problem
 * keeps that path. */
static void
test_parse_field_path (void)
{
  static const char woo[] =
    "[{\"id\": 1, \"number\": \"1001\", \"currency\": \"EUR\", \"total\": \"1.00\","
    " \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": []},"
    " {\"id\": 2, \"number\": \"1002\", \"currency\": \"EUR\", \"total\": \"1.00\","
    " \"date_created_gmt\": \"2026-01-01T00:00:00\", \"billing\": {\"email\": [\"a\"]}, \"line_items\": []},"
    " {\"id\": 3, \"number\": \"1003\", \"currency\": \"EUR\", \"total\": \"1.00\","
    " \"date_created_gmt\": \"2026-01-01T00:00:00\","
    " \"line_items\": [{\"id\": 7, \"quantity\": 1, \"total\": \"1.00\"}, {\"id\": 8, \"quantity\": \"x\", \"total\": \"1\"}]}]";
  static const char shopify[] =
    "{\"data\": {\"orders\": {\"pageInfo\": {\"hasNextPage\": false}, \"nodes\": ["
    "{\"id\": \"gid://shopify/Order/1\", \"name\": \"#1001\", \"createdAt\": \"2026-01-01T00:00:00Z\","
    " \"currentTotalPriceSet\": {\"shopMoney\": {\"amount\": \"1.00\", \"currencyCode\": \"EUR\"}},"
    " \"shippingAddress\": {\"zip\": {\"code\": 1234}},"
    " \"lineItems\": {\"nodes\": []}}]}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrderPage) page = retour_woo_parse_orders (woo, strlen (woo), &error);
  g_autoptr(RetourOrderPage) shopify_page = NULL;
  const RetourSyncProblem *problem;

  g_assert_no_error (error);
  g_assert_cmpuint (page->orders->len, ==, 1);
  g_assert_cmpuint (page->problems->len, ==, 2);
  problem = g_ptr_array_index (page->problems, 0);
  g_assert_cmpstr (problem->external_id, ==, "2");
  g_assert_cmpstr (problem->order_number, ==, "1002");
  g_assert_cmpstr (problem->field, ==, "orders[1].billing.email");
  g_assert_nonnull (strstr (problem->message, "“orders[1].billing.email”"));
  problem = g_ptr_array_index (page->problems, 1);
  g_assert_cmpstr (problem->field, ==, "orders[2].line_items[1].quantity");

  shopify_page = retour_shopify_parse_orders (shopify, strlen (shopify), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shopify_page->problems->len, ==, 1);
  problem = g_ptr_array_index (shopify_page->problems, 0);
  g_assert_cmpstr (problem->order_number, ==, "#1001");
  g_assert_cmpstr (problem->field, ==, "orders.nodes[0].shippingAddress.zip");
}

/* Shopify's parcels: the delivery is the last parcel's once all have
 * arrived; a cancelled fulfillment is no parcel; a full list may be cut,
 * so its delivery is left unknown; the dispatch is the latest. */
static void
test_parse_shopify_parcels (void)
{
#define PARCELS_ORDER(N, PARCELS) \
  "{\"id\": \"gid://shopify/Order/" N "\", \"name\": \"#" N "\", \"createdAt\": \"2026-03-01T09:00:00Z\"," \
  " \"currentTotalPriceSet\": {\"shopMoney\": {\"amount\": \"1.00\", \"currencyCode\": \"EUR\"}}," \
  PARCELS " \"lineItems\": {\"nodes\": []}}"
#define PARCEL(SENT, DELIVERED) \
  "{\"status\": \"SUCCESS\", \"createdAt\": \"2026-03-0" SENT "T10:00:00Z\", \"deliveredAt\": " DELIVERED "}"
  static const char shopify[] =
    "{\"data\": {\"orders\": {\"pageInfo\": {\"hasNextPage\": false}, \"nodes\": ["
    PARCELS_ORDER ("1", "\"fulfillments\": [" PARCEL ("2", "\"2026-03-05T12:30:00Z\"") ", "
                                              PARCEL ("3", "\"2026-03-04T08:00:00Z\"") "],") ", "
    PARCELS_ORDER ("2", "\"fulfillments\": [" PARCEL ("2", "\"2026-03-03T12:00:00Z\"") ", "
                                              PARCEL ("4", "null") "],") ", "
    PARCELS_ORDER ("3", "\"fulfillments\": [{\"status\": \"CANCELLED\", \"createdAt\": \"2026-03-04T10:00:00Z\", "
                                              "\"deliveredAt\": null}, "
                                              PARCEL ("2", "\"2026-03-03T12:00:00Z\"") "],") ", "
    PARCELS_ORDER ("4", "\"fulfillments\": [" PARCEL ("2", "\"2026-03-03T12:00:00Z\"") ", "
                                              PARCEL ("3", "\"2026-03-04T12:00:00Z\"") ", "
                                              PARCEL ("4", "\"2026-03-05T12:00:00Z\"") ", "
                                              PARCEL ("5", "\"2026-03-06T12:00:00Z\"") "],") ", "
    PARCELS_ORDER ("5", "\"fulfillments\": [],") ", "
    PARCELS_ORDER ("6", "")
    "]}}}";
  static const struct {
    const char *sent;
    const char *delivered;
  } expected[] = {
    { "2026-03-03T10:00:00Z", "2026-03-05T12:30:00Z" },
    { "2026-03-04T10:00:00Z", NULL },
    { "2026-03-02T10:00:00Z", "2026-03-03T12:00:00Z" },
    { "2026-03-05T10:00:00Z", NULL },
    { NULL, NULL },
    { NULL, NULL },
  };
#undef PARCEL
#undef PARCELS_ORDER
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrderPage) page = retour_shopify_parse_orders (shopify, strlen (shopify), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->problems->len, ==, 0);
  g_assert_cmpuint (page->orders->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      RetourOrder *order = ((RetourSyncedOrder *) g_ptr_array_index (page->orders, i))->order;
      g_autoptr(GDateTime) sent = NULL;
      g_autoptr(GDateTime) delivered = NULL;

      if (expected[i].sent != NULL)
        sent = g_date_time_new_from_iso8601 (expected[i].sent, NULL);
      if (expected[i].delivered != NULL)
        delivered = g_date_time_new_from_iso8601 (expected[i].delivered, NULL);
      g_assert_cmpint (order->fulfilled_us, ==, sent != NULL ? g_date_time_to_unix (sent) * G_USEC_PER_SEC : 0);
      g_assert_cmpint (order->delivered_us, ==,
                       delivered != NULL ? g_date_time_to_unix (delivered) * G_USEC_PER_SEC : 0);
    }
}

/* A body that is not a list of orders is refused whole; a bad order in
 * a good list is kept as a problem of the page, with why, and no order. */
static void
assert_no_order_read (RetourOrderPage *page,
                      const GError    *error,
                      const char      *platform,
                      guint            i,
                      const char      *input)
{
  if (page == NULL)
    {
      g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
      return;
    }

  g_assert_no_error (error);
  if (page->orders->len != 0 || page->problems->len == 0)
    g_error ("%s input %u was accepted: %s", platform, i, input);
  for (guint k = 0; k < page->problems->len; k++)
    {
      const RetourSyncProblem *problem = g_ptr_array_index (page->problems, k);

      g_assert_nonnull (problem->external_id);
      g_assert_cmpuint (strlen (problem->message), >, 10);
    }
}

static void
test_parse_malformed (void)
{
  static const char * const woo_bad[] = {
    "", "[", "[{\"id\": 1,", "{\"code\": \"x\"}", "[1]", "[null]", "\"orders\"",
    "[{\"id\": 1}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"1.00\", \"date_created_gmt\": \"2026-01-01T00:00:00\"}]",
    "[{\"id\": true, \"currency\": \"EUR\"}]",
    "[{\"id\": 1, \"currency\": \"€€\", \"total\": \"1\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": []}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"abc\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": []}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"1\", \"date_created_gmt\": \"yesterday\", \"line_items\": []}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"1\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": {}}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"1\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": [{\"id\": 2, \"quantity\": -1, \"total\": \"1\"}]}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"1\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": [], \"refunds\": [{\"total\": \"5.00\"}]}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"1\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": [], \"billing\": []}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": 1e400, \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": []}]",
    "[{\"id\": 1, \"currency\": \"EUR\", \"total\": \"99999999999999999999\", \"date_created_gmt\": \"2026-01-01T00:00:00\", \"line_items\": []}]",
    "<html><body>502 Bad Gateway</body></html>",
    "[\xff\xfe]",
  };
  static const char * const shopify_bad[] = {
    "", "{}", "{\"data\": null}", "{\"data\": {\"orders\": null}}", "{\"data\": {\"orders\": {\"nodes\": 5}}}",
    "{\"data\": {\"orders\": {\"nodes\": [{\"id\": \"gid://shopify/Order/1\"}]}}}",
    "{\"data\": {\"orders\": {\"pageInfo\": {\"hasNextPage\": true}, \"nodes\": []}}}",
    "{\"data\": {\"orders\": {\"nodes\": [{\"id\": \"gid://shopify/Order/1\", \"createdAt\": \"2026-01-01T00:00:00Z\","
    " \"currentTotalPriceSet\": {\"shopMoney\": {\"amount\": \"1.00\", \"currencyCode\": \"EUR\"}},"
    " \"lineItems\": {\"nodes\": [{\"id\": \"x\", \"quantity\": 1, \"currentQuantity\": 2,"
    " \"originalUnitPriceSet\": {\"shopMoney\": {\"amount\": \"1.00\", \"currencyCode\": \"EUR\"}}}]}}]}}}",
    "{\"data\": {\"orders\": {\"nodes\": [{\"id\": \"gid://shopify/Order/1\", \"createdAt\": \"2026-01-01T00:00:00Z\","
    " \"currentTotalPriceSet\": {\"shopMoney\": {\"amount\": \"1.00\", \"currencyCode\": \"EUR\"}},"
    " \"lineItems\": {\"nodes\": [{\"id\": \"x\", \"quantity\": 1,"
    " \"originalUnitPriceSet\": {\"shopMoney\": {\"amount\": \"1.00\", \"currencyCode\": \"USD\"}}}]}}]}}}",
  };
  g_autofree char *deep = g_strnfill (100000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (woo_bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourOrderPage) page = retour_woo_parse_orders (woo_bad[i], strlen (woo_bad[i]), &error);

      assert_no_order_read (page, error, "Woo", i, woo_bad[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (shopify_bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourOrderPage) page = retour_shopify_parse_orders (shopify_bad[i], strlen (shopify_bad[i]), &error);

      assert_no_order_read (page, error, "Shopify", i, shopify_bad[i]);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RetourOrderPage) page = retour_woo_parse_orders (deep, strlen (deep), &error);

    g_assert_null (page);
    g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
  }

  /* Every prefix of a good body is refused or parsed, never a crash. */
  for (gsize n = 0; n < strlen (woo_order); n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourOrderPage) page = retour_woo_parse_orders (woo_order, n, &error);

      g_assert_true ((page == NULL) == (error != NULL));
    }
}

/* One order that cannot be read (a currency nobody has) is kept as the
 * store's problem, with its number and why; every other order of its page
 * and of the pages after it arrives. The next run asks for it again, and
 * once the shop has fixed it, it arrives and the problem is gone. */
static void
test_bad_order_skipped (Fixture       *f,
                        gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  RetourEmulatorOrder *bad = g_ptr_array_index (orders, 25);
  g_autofree char *bad_id = external_id_of (f, bad);
  g_autofree char *good_currency = g_strdup (bad->currency);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };
  const RetourSyncProblem *problem;

  g_free (bad->currency);
  bad->currency = g_strdup ("ZZZ");

  g_assert_true (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_unreadable, ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM \"order\" WHERE store_id = ?", f->store_id),
                   ==, (gint64) orders->len - 1);

  problems = retour_sync_store_list_problems (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->external_id, ==, bad_id);
  g_assert_nonnull (problem->order_number);
  g_assert_nonnull (strstr (problem->message, "currency"));
  g_assert_cmpuint (problem->attempts, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Asked for again, still bad. */
  g_assert_true (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  problems = retour_sync_store_list_problems (f->db, f->store_id, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((RetourSyncProblem *) g_ptr_array_index (problems, 0))->attempts, ==, 2);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Fixed in the shop (without a newer modification time): it arrives. */
  g_free (bad->currency);
  bad->currency = g_steal_pointer (&good_currency);
  g_assert_true (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_no_error (error);
  problems = retour_sync_store_list_problems (f->db, f->store_id, &error);
  g_assert_cmpuint (problems->len, ==, 0);
  assert_matches_shop (f);
}

/* A host that drops the Authorization header: after the 401 the keys go
 * as query parameters, the connector keeps to that, and the sync is whole. */
static void
test_keys_in_query (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };

  g_assert_false (retour_woo_connector_get_keys_in_query (RETOUR_WOO_CONNECTOR (f->connector)));

  /* The connection test says which way worked. */
  {
    g_autoptr(RetourStorefront) storefront = retour_sync_store_load (f->db, f->store_id, &error);
    g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *note = NULL;

    g_assert_no_error (error);
    credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
    credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
    retour_sync_test_connection_async (storefront, credentials, g_get_real_time (), NULL, on_done, &result);
    g_assert_true (retour_sync_test_connection_finish (wait_for (&result), &note, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (note, "drops the Authorization header"));
  }

  g_assert_true (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_true (retour_woo_connector_get_keys_in_query (RETOUR_WOO_CONNECTOR (f->connector)));
  assert_matches_shop (f);
}

/* A run that failed after its first page: its message says that page was
 * saved, the page is in the database, and the store shows the message. */
static void
assert_first_page_kept (Fixture      *f,
                        const GError *error)
{
  g_autoptr(GError) load_error = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autofree char *saved = g_strdup_printf (" %u orders were saved before the error; the next sync continues "
                                            "from there.", f->page_orders);

  g_assert_true (g_str_has_suffix (error->message, saved));
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM \"order\" WHERE store_id = ?", f->store_id), ==,
                   f->page_orders);
  storefront = retour_sync_store_load (f->db, f->store_id, &load_error);
  g_assert_no_error (load_error);
  g_assert_cmpstr (storefront->last_error, ==, error->message);
}

/* A run that failed when the disk filled: the orders of the pages before
 * are in the database (how many pages fit depends on how much room the
 * last pages left), the message says how many, and the store shows it. */
static void
assert_pages_kept (Fixture      *f,
                   const GError *error)
{
  g_autoptr(GError) load_error = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  gint64 kept = retour_test_db_query_int (f->db, "SELECT count (*) FROM \"order\" WHERE store_id = ?", f->store_id);
  g_autofree char *saved = g_strdup_printf (" %" G_GINT64_FORMAT " orders were saved before the error; "
                                            "the next sync continues from there.", kept);

  g_assert_cmpint (kept, >=, f->page_orders);
  g_assert_true (g_str_has_suffix (error->message, saved));
  storefront = retour_sync_store_load (f->db, f->store_id, &load_error);
  g_assert_no_error (load_error);
  g_assert_cmpstr (storefront->last_error, ==, error->message);
}

/* A reply that arrived whole and does not parse, or is not the API's at
 * all, would be the same next time: the run fails at once, after one
 * request for it, and says what the pages before it saved. The next run
 * continues from there. */
static void
test_bad_answer (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };
  gint64 started_us = g_get_monotonic_time ();

  g_assert_false (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_cmpint (g_get_monotonic_time () - started_us, <, G_USEC_PER_SEC);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
  g_assert_cmpuint (retour_emulator_get_requests (f->emulator), ==, 2);
  assert_first_page_kept (f, error);
  /* A web page is named as one, not as broken JSON. */
  if (strstr (((const Params *) user_data)->faults, "html") != NULL)
    g_assert_true (g_str_has_prefix (error->message, "The store’s address answered with a web page"));
  else if (strstr (((const Params *) user_data)->faults, "oversize") != NULL)
    g_assert_nonnull (strstr (error->message, "sent a reply larger than"));
  else
    g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_clear_error (&error);

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
}

/* The disk fills up after the first page (once the room left in the
 * file's pages is used): the pages saved stay, the message says so
 * instead of "nothing was saved", and once there is room again the next
 * run completes the shop. */
static void
test_full_between_pages (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };

  RETOUR_TEST_FILE_ONLY ();

  f->full_after_pages = 1;
  g_assert_false (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FULL);
  g_assert_null (strstr (error->message, "nothing"));
  assert_pages_kept (f, error);
  g_clear_error (&error);
  assert_consistent (f);

  f->full_after_pages = 0;
  set_max_pages (f->db, G_MAXINT32);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
}

/* @unit @n times, between @head and @tail. */
static char *
repeat (const char *head,
        const char *unit,
        guint       n,
        const char *tail)
{
  GString *text = g_string_new (head);

  for (guint i = 0; i < n; i++)
    g_string_append (text, unit);
  g_string_append (text, tail);

  return g_string_free (text, FALSE);
}

static void
assert_refused (const char *body,
                const char *reason)
{
  g_autoptr(GError) woo_error = NULL;
  g_autoptr(GError) shopify_error = NULL;
  g_autoptr(RetourOrderPage) woo = retour_woo_parse_orders (body, strlen (body), &woo_error);
  g_autoptr(RetourOrderPage) shopify = retour_shopify_parse_orders (body, strlen (body), &shopify_error);

  g_assert_null (woo);
  g_assert_error (woo_error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (woo_error->message, reason));
  g_assert_null (shopify);
  g_assert_error (shopify_error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (shopify_error->message, reason));
}

/* json-glib 1.6 takes comments (between slash-star and star-slash, and
 * between two slashes) and single-quoted strings, and recurses once per
 * level: brackets hidden from the depth check in those nest a reply deep
 * enough to overflow the stack. Each of these is about 600 KB. */
static void
test_parse_hidden_nesting (void)
{
  static const char * const units[] = {
    "[/*]*/",
    "[/]/",
    "[// ]\n",
    "[']',",
    "['\"',",
    "[/*\"*/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *body = repeat ("", units[i], 600000 / strlen (units[i]), "1");

      assert_refused (body, "not plain JSON");
    }
}

/* Only JSON: what the parser would take besides it is refused, and what
 * looks like it inside a string is just text. */
static void
test_parse_plain_json (void)
{
  static const char * const refused[] = {
    "[/**/]", "[1]/* end */", "[1]//", "['a']", "{'id': 1}", "[$1F]", "[#]", "[1,]\x0c",
    "[\"\\u12\"]\"]", "[\"\\q\"]", "[\"\\", "[\xc2\xa0]", "\xef\xbb\xbf\xef\xbb\xbf[]",
  };
  static const char * const accepted[] = {
    "[]", " [ ] \r\n", "\xef\xbb\xbf[]", "[\"/*\", \"'\", \"//\", \"#\", \"[[[\"]",
    "[\"\\\"]\\\\\", \"\\u00e9\\uD83D\\uDE00\\/\\b\\f\\n\\r\\t\"]",
    "[-1.5e+3, 2E-2, true, false, null, {\"a\": {}}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = retour_json_parse (refused[i], strlen (refused[i]), &error);

      if (root != NULL)
        g_error ("Accepted: %s", refused[i]);
      g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = retour_json_parse (accepted[i], strlen (accepted[i]), &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
    }
}

/* Nesting is counted exactly, arrays and objects alike, and brackets in
 * strings do not count. */
static void
test_parse_depth_limit (void)
{
  for (guint depth = RETOUR_JSON_MAX_DEPTH - 1; depth <= RETOUR_JSON_MAX_DEPTH + 1; depth++)
    {
      g_autofree char *arrays = NULL;
      g_autofree char *objects = NULL;
      g_autofree char *open = g_strnfill (depth, '[');
      g_autofree char *close = g_strnfill (depth, ']');
      g_autofree char *braces = g_strnfill (depth - 1, '}');
      g_autofree char *body = NULL;
      const char *bodies[2];

      arrays = g_strconcat (open, "\"]]]]\"", close, NULL);
      body = repeat ("", "{\"[\": ", depth - 1, "[\"{{\"]");
      objects = g_strconcat (body, braces, NULL);
      bodies[0] = arrays;
      bodies[1] = objects;

      for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) root = retour_json_parse (bodies[i], strlen (bodies[i]), &error);

          if (depth <= RETOUR_JSON_MAX_DEPTH)
            {
              g_assert_no_error (error);
              g_assert_nonnull (root);
            }
          else
            {
              g_assert_null (root);
              g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
              g_assert_nonnull (strstr (error->message, "nested too deeply"));
            }
        }
    }
}

static void
test_insecure_url (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (retour_http_check_url ("https://shop.example.nl", NULL));
  g_assert_true (retour_http_check_url ("http://127.0.0.1:8080", NULL));
  g_assert_true (retour_http_check_url ("http://localhost/shop", NULL));
  g_assert_true (retour_http_check_url ("http://[::1]:8080", NULL));
  g_assert_false (retour_http_check_url ("http://shop.example.nl", &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_false (retour_http_check_url ("ftp://shop.example.nl", &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA);
}

static void
test_credentials_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("retour-test-creds-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keys.json", NULL);
  g_autoptr(RetourCredentials) credentials = NULL;
  const char *json = "{\"consumer_key\": \"ck_1\", \"consumer_secret\": \"cs_2\"}";

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0644);
  g_assert_null (retour_credentials_load_file (path, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  g_chmod (path, 0600);
  credentials = retour_credentials_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->consumer_secret, ==, "cs_2");
  g_assert_true (retour_credentials_check (credentials, RETOUR_PLATFORM_WOOCOMMERCE, NULL));
  g_assert_false (retour_credentials_check (credentials, RETOUR_PLATFORM_SHOPIFY, NULL));

  g_unlink (path);
  g_rmdir (dir);
}

/* The order of @expected in the database. */
static gint64
order_id_of (Fixture             *f,
             RetourEmulatorOrder *expected)
{
  g_autofree char *external_id = external_id_of (f, expected);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (f->db, "SELECT id FROM \"order\" WHERE store_id = ?1 AND external_id = ?2", &error);
  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, f->store_id);
  retour_stmt_bind_text (stmt, 2, external_id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);

  return retour_stmt_column_int64 (stmt, 0);
}

/* The shop has orders of every kind of parcels; a delivery staff entered
 * for an order whose storefront knows none survives the next full sync,
 * and one the storefront knows is the storefront's. */
static void
test_delivery_kept (Fixture       *f,
                    gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  RetourEmulatorOrder *unknown = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };
  guint two_delivered = 0, on_its_way = 0, none = 0;
  const gint64 staff_us = G_GINT64_CONSTANT (1767830400) * G_USEC_PER_SEC;  /* 2026-01-08 */
  gboolean has_row;
  gint64 id;

  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *expected = g_ptr_array_index (orders, i);
      GArray *parcels = expected->fulfillments;
      gboolean delivered = parcels->len > 0;

      for (guint j = 0; j < parcels->len; j++)
        delivered = delivered && g_array_index (parcels, RetourEmulatorFulfillment, j).delivered_s != 0;
      if (parcels->len == 0)
        none++;
      else if (!delivered)
        on_its_way++;
      else if (parcels->len == 2 &&
               g_array_index (parcels, RetourEmulatorFulfillment, 0).delivered_s / 86400 !=
               g_array_index (parcels, RetourEmulatorFulfillment, 1).delivered_s / 86400)
        two_delivered++;
      if (unknown == NULL && parcels->len > 0 &&
          (f->platform == RETOUR_EMULATOR_WOO || !delivered))
        unknown = expected;
    }
  g_assert_cmpuint (two_delivered, >, 0);
  g_assert_cmpuint (on_its_way, >, 0);
  g_assert_cmpuint (none, >, 0);
  g_assert_nonnull (unknown);

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);

  id = order_id_of (f, unknown);
  stmt = retour_database_prepare (f->db, "UPDATE \"order\" SET delivered_us = ?1 WHERE id = ?2", &error);
  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, staff_us);
  retour_stmt_bind_int64 (stmt, 2, id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  retour_stmt_release (g_steal_pointer (&stmt));

  retour_emulator_touch_order (f->emulator, unknown);
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);

  order = retour_catalog_store_load_order (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->delivered_us, ==, staff_us);
  g_assert_cmpint (order->updated_us, ==, unknown->modified_s * G_USEC_PER_SEC);
}

/* ----------------------------------------------------- Shopify query cost */

/* The connector's queries at the sizes it sends them, priced by hand by
 * Shopify's rules (objects 1, scalars 0, connections 2 + first × one
 * node, pageInfo an object, mutations 10; the breakdown is at the top of
 * retour-shopify-connector.c):
 *   RetourOrders                  2 + 3 + 24 × (16 + 5 × 5)  = 989 (scopes asked;
 *                                 an order 16: 10 + fulfillments, a list, 2 + 4 × 1)
 *   RetourOrderLines              4 + 5 × 199                = 999
 *   RetourOrderRefunds            1 + 2 + 250 × 1            = 253
 *   RetourOrderReturns            4 + 4 × 50                 = 204
 *   RetourReturnableFulfillments  3 + 10 × (4 + 3 × 30)      = 943
 *   RetourFulfillmentLines        4 + 3 × 250                = 754
 *   RetourRefundCreate, RetourReturnCreate                   = 10 */
#define COST_ORDERS            989
#define COST_ORDER_LINES       999
#define COST_ORDER_REFUNDS     253
#define COST_ORDER_RETURNS     204
#define COST_RETURNABLE        943
#define COST_FULFILLMENT_LINES 754
#define COST_MUTATION          10

/* The orders query as it was, 50 orders of 10 lines:
 *   2 + 3 + 50 × (8 + 5 × 10) = 2,905. */
static const char former_orders_query[] =
  "query RetourOrders($first: Int!, $after: String, $query: String, $lines: Int!, $scopes: Boolean!) {"
  " currentAppInstallation @include(if: $scopes) { accessScopes { handle } }"
  " orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id name createdAt updatedAt cancelledAt displayFulfillmentStatus currencyCode email phone"
  "   currentTotalPriceSet { shopMoney { amount currencyCode } }"
  "   customer { id firstName lastName email phone }"
  "   shippingAddress { name address1 address2 city zip countryCodeV2 }"
  "   lineItems(first: $lines) { pageInfo { hasNextPage endCursor } nodes {"
  "    id name sku quantity currentQuantity refundableQuantity"
  "    originalUnitPriceSet { shopMoney { amount currencyCode } } variant { id } product { id } } } } } }";
#define COST_FORMER_ORDERS 2905

/* The return lookup as it was, all in one query:
 *   order 1 + returns (2 + 50 × (1 + returnLineItems (2 + 50 × 1)))       = 2,653
 *   returnableFulfillments (2 + 50 × (1 + 2 + 250 × (1 + 1 + 1)))          = 37,652
 *   together 40,305. */
static const char former_returns_query[] =
  "query RetourOrderReturns($id: ID!) {"
  " order(id: $id) { returns(first: 50) { nodes { id name"
  "  returnLineItems(first: 50) { nodes { returnReasonNote } } } } }"
  " returnableFulfillments(orderId: $id, first: 50) { nodes {"
  "  returnableFulfillmentLineItems(first: 250) { nodes { quantity"
  "   fulfillmentLineItem { id lineItem { id } } } } } } }";
#define COST_FORMER_RETURNS 40305

/* All orders, with the objects of each that are there or not:
 *   2 + 120 × (1 + currentTotalPriceSet 1 + shopMoney 1 + customer 1 + shippingAddress 1) = 602. */
static const char drain_query[] =
  "query Drain { orders(first: 120) { nodes { id currentTotalPriceSet { shopMoney { amount } }"
  " customer { id } shippingAddress { city } } } }";
#define COST_DRAIN 602

static void
on_posted (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* POSTs @query (with @variables_json) to the emulated Shopify as any
 * client would, and returns its answer; *@status is the HTTP status. */
static JsonObject *
post_graphql (Fixture    *f,
              const char *operation,
              const char *query,
              const char *variables_json,
              guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (retour_emulator_get_url (f->emulator), "/admin/api/"
                                      RETOUR_SHOPIFY_API_VERSION "/graphql.json", NULL);
  char *text;
  gsize length;

  json_parser_load_from_data (parser, variables_json != NULL ? variables_json : "{}", -1, &error);
  g_assert_no_error (error);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operationName");
  if (operation != NULL)
    json_builder_add_string_value (builder, operation);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  json_builder_set_member_name (builder, "variables");
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  json_generator_set_root (generator, request);
  text = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (text, length);

  message = soup_message_new ("POST", url);
  soup_message_headers_append (soup_message_get_request_headers (message), "X-Shopify-Access-Token",
                               RETOUR_EMULATOR_SHOPIFY_TOKEN);
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  /* The emulator answers on this thread's main context: wait by running it. */
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_posted, &result);
  answer = soup_session_send_and_read_finish (session, wait_for (&result), &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);

  g_clear_object (&parser);
  parser = json_parser_new ();
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* GET @path of the emulator's control endpoint, as JSON. */
static JsonObject *
get_control (Fixture    *f,
             const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (retour_emulator_get_url (f->emulator), path, NULL);

  message = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_posted, &result);
  answer = soup_session_send_and_read_finish (session, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Shopify's words for a query over the limit: HTTP 200, no data, one
 * error with the cost and the limit. */
static void
assert_max_cost_exceeded (JsonObject *answer,
                          guint       status,
                          guint       cost)
{
  g_autofree char *first_line = g_strdup_printf ("Query cost is %u, which exceeds the single query max cost "
                                                 "limit (1000).\n\n", cost);
  JsonArray *errors;
  JsonObject *error, *extensions;

  g_assert_cmpuint (status, ==, 200);
  g_assert_false (json_object_has_member (answer, "data"));
  errors = json_object_get_array_member (answer, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  error = json_array_get_object_element (errors, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "message"), first_line));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "bulk operations"));
  extensions = json_object_get_object_member (error, "extensions");
  g_assert_cmpstr (json_object_get_string_member (extensions, "code"), ==, "MAX_COST_EXCEEDED");
  g_assert_cmpint (json_object_get_int_member (extensions, "cost"), ==, cost);
  g_assert_cmpint (json_object_get_int_member (extensions, "maxCost"), ==, 1000);
}

/* Queries over 1,000 points are refused as Shopify refuses them, before
 * they run; one of exactly 1,000 runs. The former orders query and
 * return lookup are such queries. */
static void
test_shopify_max_cost_exceeded (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *cost;
  guint status;

  answer = post_graphql (f, "RetourOrders", former_orders_query,
                         "{\"first\": 50, \"lines\": 10, \"scopes\": true, \"after\": null, \"query\": null}", &status);
  assert_max_cost_exceeded (answer, status, COST_FORMER_ORDERS);
  g_clear_pointer (&answer, json_object_unref);

  answer = post_graphql (f, "RetourOrderReturns", former_returns_query, "{\"id\": \"gid://shopify/Order/5000\"}",
                         &status);
  assert_max_cost_exceeded (answer, status, COST_FORMER_RETURNS);
  g_clear_pointer (&answer, json_object_unref);

  /* 2 + pageInfo 1 + 997 × 1: at the limit. */
  answer = post_graphql (f, NULL, "{ orders(first: 997) { pageInfo { hasNextPage } nodes { id } } }", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_has_member (answer, "data"));
  cost = json_object_get_object_member (json_object_get_object_member (answer, "extensions"), "cost");
  g_assert_cmpint (json_object_get_int_member (cost, "requestedQueryCost"), ==, 1000);
  g_clear_pointer (&answer, json_object_unref);

  answer = post_graphql (f, NULL, "{ orders(first: 998) { pageInfo { hasNextPage } nodes { id } } }", NULL, &status);
  assert_max_cost_exceeded (answer, status, 1001);

  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 3);
  g_assert_cmpuint (retour_emulator_get_max_query_cost (f->emulator), ==, COST_FORMER_RETURNS);
}

/* The order and the last line of it that can still be returned, in the
 * emulator and in the database. */
static void
find_returnable_line (Fixture              *f,
                      RetourEmulatorOrder  *order,
                      gint64               *emulator_line,
                      gint64               *line_id)
{
  g_autofree char *external_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  *emulator_line = 0;
  for (guint i = order->lines->len; i > 0 && *emulator_line == 0; i--)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i - 1);

      if (line->current_quantity > 0)
        *emulator_line = line->id;
    }
  g_assert_cmpint (*emulator_line, >, 0);

  external_id = g_strdup_printf ("gid://shopify/LineItem/%" G_GINT64_FORMAT, *emulator_line);
  stmt = retour_database_prepare (f->db, "SELECT id FROM order_line WHERE external_id = ?", &error);
  g_assert_no_error (error);
  retour_stmt_bind_text (stmt, 1, external_id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  *line_id = retour_stmt_column_int64 (stmt, 0);
}

/* A full sync and the write-back of a return: no query costs more than
 * Shopify takes, and each costs what it was worked out by hand to cost.
 * The shop's first order has 300 lines, so that its lines and what is
 * returnable of it take pages of their own; the item that comes back is
 * its last. The connection test sends the orders query a sync sends. */
static void
test_shopify_query_cost (Fixture       *f,
                         gconstpointer  user_data)
{
  RetourEmulatorOrder *huge = g_ptr_array_index (retour_emulator_get_orders (f->emulator), 0);
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) control = NULL;
  g_autofree char *refund = NULL;
  RetourSyncStats stats = { 0 };
  gint64 refund_id, rma_id, emulator_line, line_id;

  g_assert_cmpuint (huge->lines->len, ==, 300);

  storefront = retour_sync_store_load (f->db, f->store_id, &error);
  g_assert_no_error (error);
  credentials->access_token = g_strdup (RETOUR_EMULATOR_SHOPIFY_TOKEN);
  retour_sync_test_connection_async (storefront, credentials, g_get_real_time (), NULL, on_done, &result);
  g_assert_true (retour_sync_test_connection_finish (wait_for (&result), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrders"), ==, COST_ORDERS);

  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrders"), ==, COST_ORDERS);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrderLines"), ==, COST_ORDER_LINES);

  find_returnable_line (f, huge, &emulator_line, &line_id);
  refund_id = add_refund (f);
  rma_id = retour_test_db_query_int (f->db, "SELECT rma_id FROM refund WHERE id = ?", refund_id);
  exec_sql (f, "UPDATE rma SET number = 'R26000001X' WHERE id = ?", rma_id);
  /* The only return so far, moved to that line. */
  exec_sql (f, "UPDATE rma SET order_id = (SELECT order_id FROM order_line WHERE id = ?)", line_id);
  exec_sql (f, "UPDATE rma_line SET order_line_id = ?", line_id);
  retour_sync_store_set_write_back (f->db, f->store_id, TRUE, FALSE, &error);
  g_assert_no_error (error);

  refund = write_back (f, refund_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (refund);
  g_assert_cmpuint (retour_emulator_get_returns (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, emulator_line), ==, 1);

  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrderReturns"), ==, COST_ORDER_RETURNS);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnableFulfillments"), ==,
                    COST_RETURNABLE);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourFulfillmentLines"), ==,
                    COST_FULFILLMENT_LINES);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrderRefunds"), ==, COST_ORDER_REFUNDS);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnCreate"), ==, COST_MUTATION);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourRefundCreate"), ==, COST_MUTATION);

  /* Never more than Shopify takes, as the emulator tells anyone who asks. */
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 0);
  g_assert_cmpuint (retour_emulator_get_max_query_cost (f->emulator), <=, 1000);
  control = get_control (f, "/_control/cost");
  g_assert_cmpint (json_object_get_int_member (control, "max_query_cost"), ==,
                   retour_emulator_get_max_query_cost (f->emulator));
  g_assert_cmpint (json_object_get_int_member (control, "cost_refused"), ==, 0);
}

/* Orders of 35 lines each: the first five come with the order, the rest
 * in a query of their own per order, and every line is in the
 * database. */
static void
test_shopify_many_lines (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };

  retour_emulator_add_lines (f->emulator, 35);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpint (retour_test_db_query_int (f->db,
                                             "SELECT count (*) FROM order_line l JOIN \"order\" o ON o.id = l.order_id "
                                             "WHERE o.store_id = ?", f->store_id), ==, 120 * 35);
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 0);
  g_assert_cmpuint (retour_emulator_get_max_query_cost (f->emulator), <=, 1000);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrderLines"), ==, COST_ORDER_LINES);
}

/* The bucket drains by what queries take, THROTTLED comes when it holds
 * less than a query asks for, and a sync that starts then waits as the
 * answer says and completes. */
static void
test_shopify_throttled (Fixture       *f,
                        gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };
  gint64 available = G_MAXINT64;
  guint actual = 2, throttled = 0;

  /* Standard's size, Plus's rate: a few queries drain it, and the sync
   * waits no more than a second or so at a time. */
  retour_emulator_set_bucket (f->emulator, 2000, 1000);

  /* What the drain query takes: each order and the objects it has. */
  g_assert_cmpuint (orders->len, ==, 120);
  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      actual += 3 + (order->customer_id != 0) + order->has_shipping;
    }

  for (guint i = 0; i < 10 && throttled == 0; i++)
    {
      g_autoptr(JsonObject) answer = NULL;
      JsonObject *cost, *bucket;
      guint status;

      answer = post_graphql (f, "Drain", drain_query, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      cost = json_object_get_object_member (json_object_get_object_member (answer, "extensions"), "cost");
      bucket = json_object_get_object_member (cost, "throttleStatus");
      g_assert_cmpint (json_object_get_int_member (cost, "requestedQueryCost"), ==, COST_DRAIN);
      g_assert_cmpfloat (json_object_get_double_member (bucket, "maximumAvailable"), ==, 2000.0);
      g_assert_cmpfloat (json_object_get_double_member (bucket, "restoreRate"), ==, 1000.0);

      if (json_object_has_member (answer, "errors"))
        {
          JsonObject *failure = json_array_get_object_element (json_object_get_array_member (answer, "errors"), 0);

          g_assert_cmpstr (json_object_get_string_member (failure, "message"), ==, "Throttled");
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (failure, "extensions"),
                                                          "code"), ==, "THROTTLED");
          g_assert_false (json_object_has_member (answer, "data"));
          g_assert_true (json_object_get_null_member (cost, "actualQueryCost"));
          g_assert_cmpint (json_object_get_int_member (bucket, "currentlyAvailable"), <, COST_DRAIN);
          throttled++;
          continue;
        }

      g_assert_cmpint (json_object_get_int_member (cost, "actualQueryCost"), ==, actual);
      g_assert_cmpint (json_object_get_int_member (bucket, "currentlyAvailable"), <, available);
      available = json_object_get_int_member (bucket, "currentlyAvailable");
    }
  g_assert_cmpuint (throttled, ==, 1);
  g_assert_cmpuint (retour_emulator_get_throttled (f->emulator), ==, 1);

  /* The bucket is as good as empty: the first page is throttled, and
   * after that the connector waits for the bucket before it asks. */
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpuint (retour_emulator_get_throttled (f->emulator), >=, 2);
  g_assert_cmpuint (retour_emulator_get_throttled (f->emulator), <=, 3);
}

/* A shop that takes less in one query than Shopify documents: the query
 * refused as too costly is sent again smaller, once, and every query
 * after it fits. */
static void
test_shopify_cost_shrinks (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  RetourSyncStats stats = { 0 };

  retour_emulator_set_single_query_limit (f->emulator, 400);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  assert_matches_shop (f);
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 1);
  /* 4 + 5 × 79 lines of the 300-line order at a time. */
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrderLines"), ==, 399);
}

/* When not even one order fits, the run fails with one line that says
 * why, not Shopify's eight with links. */
static void
test_shopify_too_costly (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  RetourSyncStats stats = { 0 };

  /* One order of one line, with the scopes: 2 + 3 + 16 + 5 = 26. */
  retour_emulator_set_single_query_limit (f->emulator, 10);
  g_assert_false (run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_assert_cmpstr (error->message, ==,
                   "Shopify refused a request as too large: it would cost 26 points, and Shopify allows 10.");
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 1);

  storefront = retour_sync_store_load (f->db, f->store_id, &load_error);
  g_assert_no_error (load_error);
  g_assert_cmpstr (storefront->last_error, ==, error->message);
}

/* What a customer asks for in their Shopify account, as the emulator
 * serves it: orders filtered by return_status:return_requested, each
 * with its newest returns (every status) and their lines; return(id:)
 * for one; a request that is withdrawn leaves the listing and gives its
 * units back. The query is priced by Shopify's rules, the inline fragment
 * on ReturnLineItem as fields of the line. */
static const char requests_query[] =
  "query RetourReturnRequests($first: Int!, $after: String, $returns: Int!, $lines: Int!) {"
  " orders(first: $first, after: $after, sortKey: UPDATED_AT, query: \"return_status:return_requested\") {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id returns(last: $returns) { pageInfo { hasPreviousPage }"
  "   nodes { id name status createdAt returnLineItems(first: $lines) { pageInfo { hasNextPage }"
  "    nodes { id quantity returnReason customerNote"
  "     ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } } } } } } } } }";
/* orders 2 + pageInfo 1 + 5 × (order 1 + returns (2 + pageInfo 1 + 5 × (return 1
 * + returnLineItems (2 + pageInfo 1 + 10 × (line 1 + fulfillmentLineItem 1 + lineItem 1))))) */
#define COST_REQUESTS_5_5_10 (3 + 5 * (4 + 5 * (4 + 3 * 10)))

static void
test_shopify_emulator_requests (Fixture       *f,
                                gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  RetourEmulatorOrder *order = g_ptr_array_index (orders, 3);
  RetourEmulatorLine *line = g_ptr_array_index (order->lines, 0);
  g_autofree guint *quantities = g_new0 (guint, order->lines->len);
  g_autofree char *order_gid = g_strdup_printf ("gid://shopify/Order/%" G_GINT64_FORMAT, order->id);
  g_autofree char *line_gid = g_strdup_printf ("gid://shopify/LineItem/%" G_GINT64_FORMAT, line->id);
  g_autofree char *return_gid = NULL;
  g_autofree char *variables = NULL;
  g_autoptr(JsonObject) answer = NULL;
  const char *decline_reason = NULL;
  JsonArray *nodes, *returns, *items;
  JsonObject *requested, *item;
  gint64 return_id, modified;
  guint status;

  g_assert_cmpuint (COST_REQUESTS_5_5_10, ==, 873);
  answer = post_graphql (f, "RetourReturnRequests", requests_query,
                         "{\"first\": 5, \"returns\": 5, \"lines\": 10}", &status);
  g_assert_cmpuint (status, ==, 200);
  nodes = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (answer, "data"),
                                                                      "orders"), "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 0);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnRequests"), ==, COST_REQUESTS_5_5_10);
  g_clear_pointer (&answer, json_object_unref);

  modified = order->modified_s;
  quantities[0] = line->current_quantity;
  return_id = retour_emulator_request_return (f->emulator, order, quantities, "SIZE_TOO_SMALL", "Runs small");
  g_assert_cmpint (return_id, >, 0);
  g_assert_cmpint (order->modified_s, >, modified);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, line->id), ==, line->current_quantity);
  return_gid = g_strdup_printf ("gid://shopify/Return/%" G_GINT64_FORMAT, return_id);

  answer = post_graphql (f, "RetourReturnRequests", requests_query,
                         "{\"first\": 5, \"returns\": 5, \"lines\": 10}", &status);
  nodes = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (answer, "data"),
                                                                      "orders"), "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (nodes, 0), "id"), ==, order_gid);
  returns = json_object_get_array_member (json_object_get_object_member (json_array_get_object_element (nodes, 0),
                                                                         "returns"), "nodes");
  g_assert_cmpuint (json_array_get_length (returns), ==, 1);
  requested = json_array_get_object_element (returns, 0);
  g_assert_cmpstr (json_object_get_string_member (requested, "id"), ==, return_gid);
  g_assert_cmpstr (json_object_get_string_member (requested, "status"), ==, "REQUESTED");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (requested, "createdAt"), "Z"));
  items = json_object_get_array_member (json_object_get_object_member (requested, "returnLineItems"), "nodes");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpint (json_object_get_int_member (item, "quantity"), ==, line->current_quantity);
  g_assert_cmpstr (json_object_get_string_member (item, "returnReason"), ==, "SIZE_TOO_SMALL");
  g_assert_cmpstr (json_object_get_string_member (item, "customerNote"), ==, "Runs small");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     item, "fulfillmentLineItem"), "lineItem"), "id"), ==, line_gid);
  g_clear_pointer (&answer, json_object_unref);

  /* The customer withdraws the request: the order leaves the listing,
   * the return says so, and its units can be returned again. */
  g_assert_true (retour_emulator_set_return_status (f->emulator, return_id, "CANCELED"));
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, return_id, &decline_reason, NULL), ==, "CANCELED");
  g_assert_null (decline_reason);
  g_assert_cmpuint (retour_emulator_get_returned (f->emulator, line->id), ==, 0);
  answer = post_graphql (f, "RetourReturnRequests", requests_query,
                         "{\"first\": 5, \"returns\": 5, \"lines\": 10}", &status);
  nodes = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (answer, "data"),
                                                                      "orders"), "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 0);
  g_clear_pointer (&answer, json_object_unref);

  variables = g_strdup_printf ("{\"id\": \"%s\"}", return_gid);
  answer = post_graphql (f, "RetourReturnStatus",
                         "query RetourReturnStatus($id: ID!) { return(id: $id) { id status decline { reason note } } }",
                         variables, &status);
  requested = json_object_get_object_member (json_object_get_object_member (answer, "data"), "return");
  g_assert_cmpstr (json_object_get_string_member (requested, "status"), ==, "CANCELED");
  g_assert_true (json_object_get_null_member (requested, "decline"));
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnStatus"), ==, 2);
  g_clear_pointer (&answer, json_object_unref);

  /* The shop answers requests: approved once, declined only with a
   * reason and a note of at most 500 characters; anything else is
   * refused with Shopify's codes, at HTTP 200. */
  {
    static const char approve[] =
      "mutation RetourReturnApprove($input: ReturnApproveRequestInput!) {"
      " returnApproveRequest(input: $input) { return { id status } userErrors { field message code } } }";
    static const char decline[] =
      "mutation RetourReturnDecline($input: ReturnDeclineRequestInput!) {"
      " returnDeclineRequest(input: $input) { return { id status } userErrors { field message code } } }";
    g_autofree guint *again = g_new0 (guint, order->lines->len);
    g_autofree char *long_note = g_strnfill (501, 'x');
    g_autofree char *second_gid = NULL;
    g_autofree char *input = NULL;
    const char *note = NULL;
    JsonObject *payload;
    gint64 second;

    again[0] = 1;
    second = retour_emulator_request_return (f->emulator, order, again, "WRONG_ITEM", NULL);
    second_gid = g_strdup_printf ("gid://shopify/Return/%" G_GINT64_FORMAT, second);

    g_clear_pointer (&answer, json_object_unref);
    input = g_strdup_printf ("{\"input\": {\"id\": \"%s\", \"declineReason\": \"OTHER\", "
                             "\"declineNote\": \"%s\"}}", second_gid, long_note);
    answer = post_graphql (f, "RetourReturnDecline", decline, input, &status);
    g_assert_cmpuint (status, ==, 200);
    payload = json_object_get_object_member (json_object_get_object_member (answer, "data"), "returnDeclineRequest");
    g_assert_true (json_object_get_null_member (payload, "return"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (payload, "userErrors"), 0), "code"), ==, "TOO_LONG");
    g_clear_pointer (&answer, json_object_unref);
    g_free (input);

    input = g_strdup_printf ("{\"input\": {\"id\": \"%s\", \"declineReason\": \"WORN\"}}", second_gid);
    answer = post_graphql (f, "RetourReturnDecline", decline, input, &status);
    payload = json_object_get_object_member (json_object_get_object_member (answer, "data"), "returnDeclineRequest");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (payload, "userErrors"), 0), "code"), ==, "INVALID");
    g_clear_pointer (&answer, json_object_unref);
    g_free (input);

    input = g_strdup_printf ("{\"input\": {\"id\": \"%s\", \"declineReason\": \"FINAL_SALE\", "
                             "\"declineNote\": \"Worn\", \"notifyCustomer\": true}}", second_gid);
    answer = post_graphql (f, "RetourReturnDecline", decline, input, &status);
    payload = json_object_get_object_member (json_object_get_object_member (answer, "data"), "returnDeclineRequest");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payload, "userErrors")), ==, 0);
    g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, second, &decline_reason, &note), ==, "DECLINED");
    g_assert_cmpstr (decline_reason, ==, "FINAL_SALE");
    g_assert_cmpstr (note, ==, "Worn");
    g_assert_cmpuint (retour_emulator_get_notifications (f->emulator), ==, 1);
    g_clear_pointer (&answer, json_object_unref);

    /* Decided: neither can be done again. */
    answer = post_graphql (f, "RetourReturnApprove", approve, input, &status);
    payload = json_object_get_object_member (json_object_get_object_member (answer, "data"), "returnApproveRequest");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (payload, "userErrors"), 0), "code"), ==, "INVALID_STATE");
    g_assert_cmpuint (retour_emulator_get_answer_writes (f->emulator), ==, 4);
    g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnApprove"), ==, 10);
    g_clear_pointer (&answer, json_object_unref);
  }

  /* A named fragment is still refused. */
  answer = post_graphql (f, NULL, "{ return(id: \"x\") { ...F } } fragment F on Return { id }", NULL, &status);
  g_assert_true (json_object_has_member (answer, "errors"));
}

/* Every return request the connector lists, all pages. */
static GPtrArray *
list_requests (Fixture  *f,
               GError  **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_return_request_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(RetourOrderPage) page = NULL;

      retour_connector_list_return_requests_async (f->connector, cursor, NULL, on_done, &result);
      page = retour_connector_list_return_requests_finish (f->connector, wait_for (&result), error);
      if (page == NULL)
        return NULL;
      g_assert_cmpuint (page->orders->len, ==, 0);
      while (page->return_requests->len > 0)
        g_ptr_array_add (all, g_ptr_array_steal_index (page->return_requests, 0));
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  return g_steal_pointer (&all);
}

static RetourReturnRequest *
fetch_request (Fixture    *f,
               const char *external_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RetourReturnRequest *request;

  retour_connector_fetch_return_request_async (f->connector, external_id, NULL, on_done, &result);
  request = retour_connector_fetch_return_request_finish (f->connector, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);

  return request;
}

/* The connector lists what customers asked for, over pages of five
 * orders (the most whose query costs at most 1,000 points, 873), and
 * only the returns still waiting; one with more lines than a listing
 * holds is read whole, in a query of its own; one return is read by its
 * id whatever became of it, or said to be gone. */
static void
test_shopify_connector_requests (Fixture       *f,
                                 gconstpointer  user_data)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RetourReturnRequest) fetched = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cancelled_id = 0, big_id = 0;
  g_autofree char *cancelled_gid = NULL;
  g_autofree char *big_gid = NULL;
  guint asked = 0;

  retour_emulator_add_lines (f->emulator, 12);
  /* Twelve orders ask for one unit of their first line; the fourth asks
   * for one of each of its twelve lines; the seventh's is withdrawn. */
  for (guint i = 0, k = 10; i < 12; i++, k++)
    {
      RetourEmulatorOrder *order;
      g_autofree guint *quantities = NULL;
      gint64 id;

      /* Orders that have every unit of each line still, so that all of
       * them can be asked for. */
      for (;; k++)
        {
          gboolean whole = TRUE;

          order = g_ptr_array_index (orders, k);
          for (guint j = 0; j < order->lines->len; j++)
            whole = whole && ((RetourEmulatorLine *) order->lines->pdata[j])->current_quantity > 0;
          if (whole && !order->deleted)
            break;
        }
      quantities = g_new0 (guint, order->lines->len);
      for (guint j = 0; j < (i == 3 ? order->lines->len : 1); j++)
        quantities[j] = 1;
      id = retour_emulator_request_return (f->emulator, order, quantities, i % 2 == 0 ? "DEFECTIVE" : "UNWANTED",
                                           i == 0 ? "Zip broke" : NULL);
      if (i == 3)
        big_id = id;
      if (i == 6)
        cancelled_id = id;
      else
        asked++;
    }
  retour_emulator_set_return_status (f->emulator, cancelled_id, "CANCELED");
  cancelled_gid = g_strdup_printf ("gid://shopify/Return/%" G_GINT64_FORMAT, cancelled_id);
  big_gid = g_strdup_printf ("gid://shopify/Return/%" G_GINT64_FORMAT, big_id);

  requests = list_requests (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, asked);
  for (guint i = 0; i < requests->len; i++)
    {
      RetourReturnRequest *request = g_ptr_array_index (requests, i);

      g_assert_true (g_hash_table_add (ids, g_strdup (request->external_id)));
      g_assert_cmpint (request->status, ==, RETOUR_RETURN_REQUEST_REQUESTED);
      g_assert_true (request->lines_complete);
      g_assert_cmpint (request->requested_us, >, 0);
      g_assert_true (g_str_has_prefix (request->order_external_id, "gid://shopify/Order/"));
      if (g_str_equal (request->external_id, big_gid))
        g_assert_cmpuint (request->lines->len, ==, 12);
      else
        g_assert_cmpuint (request->lines->len, ==, 1);
      g_assert_true (g_str_has_prefix (((RetourReturnRequestLine *) request->lines->pdata[0])->line_external_id,
                                       "gid://shopify/LineItem/"));
    }
  g_assert_false (g_hash_table_contains (ids, cancelled_gid));
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnRequests"), ==, 873);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnRequest"), ==, 755);
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 0);

  fetched = fetch_request (f, cancelled_gid);
  g_assert_cmpint (fetched->status, ==, RETOUR_RETURN_REQUEST_CANCELED);
  g_assert_cmpuint (fetched->lines->len, ==, 1);
  g_clear_pointer (&fetched, retour_return_request_free);
  fetched = fetch_request (f, "gid://shopify/Return/1");
  g_assert_cmpint (fetched->status, ==, RETOUR_RETURN_REQUEST_GONE);
}

static RetourEmulatorOrder *whole_order (Fixture *f,
                                         guint    skip);

static gboolean
answer_request (Fixture              *f,
                gint64                return_id,
                gboolean              approve,
                RetourDeclineReason   reason,
                const char           *note,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *gid = g_strdup_printf ("gid://shopify/Return/%" G_GINT64_FORMAT, return_id);

  retour_connector_answer_return_request_async (f->connector, gid, approve, reason, note, TRUE, NULL, on_done,
                                                &result);
  return retour_connector_answer_return_request_finish (f->connector, wait_for (&result), error);
}

/* The connector approves and declines requests once however often it is
 * asked: after an answer lost on the way back it finds the request
 * answered, and one answered already counts as done; a decline's note is
 * cut to Shopify's 500 characters; a request withdrawn meanwhile is not
 * approved, and declining it is done already. */
static void
test_shopify_connector_answers (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autofree char *long_note = g_strnfill (620, 'n');
  g_autoptr(GError) error = NULL;
  const char *reason = NULL, *note = NULL;
  gint64 ids[4];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      RetourEmulatorOrder *order = whole_order (f, i);
      g_autofree guint *quantities = g_new0 (guint, order->lines->len);

      quantities[0] = 1;
      ids[i] = retour_emulator_request_return (f->emulator, order, quantities, "UNWANTED", NULL);
    }

  g_assert_true (answer_request (f, ids[0], TRUE, RETOUR_DECLINE_OTHER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, ids[0], NULL, NULL), ==, "OPEN");
  g_assert_cmpuint (retour_emulator_get_answer_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_notifications (f->emulator), ==, 1);

  /* Again: refused upstream as answered, and so done here. */
  g_assert_true (answer_request (f, ids[0], TRUE, RETOUR_DECLINE_OTHER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (retour_emulator_get_answer_writes (f->emulator), ==, 2);
  g_assert_cmpuint (retour_emulator_get_notifications (f->emulator), ==, 1);

  g_assert_true (answer_request (f, ids[1], FALSE, RETOUR_DECLINE_FINAL_SALE, long_note, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, ids[1], &reason, &note), ==, "DECLINED");
  g_assert_cmpstr (reason, ==, "FINAL_SALE");
  g_assert_cmpint (g_utf8_strlen (note, -1), ==, RETOUR_DECLINE_NOTE_MAX_CHARS);

  /* Carried out, its answer lost: found approved, not sent twice. */
  retour_emulator_add_faults (f->emulator, "return-stall", &error);
  g_assert_no_error (error);
  g_assert_true (answer_request (f, ids[2], TRUE, RETOUR_DECLINE_OTHER, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, ids[2], NULL, NULL), ==, "OPEN");
  g_assert_cmpuint (retour_emulator_get_answer_writes (f->emulator), ==, 4);

  /* Withdrawn before the shop decided: not approved, and nothing left to
   * decline. */
  retour_emulator_set_return_status (f->emulator, ids[3], "CANCELED");
  g_assert_false (answer_request (f, ids[3], TRUE, RETOUR_DECLINE_OTHER, NULL, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_clear_error (&error);
  g_assert_true (answer_request (f, ids[3], FALSE, RETOUR_DECLINE_OTHER, "No", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, ids[3], NULL, NULL), ==, "CANCELED");
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 0);
}

/* An order of the shop with every unit of every line still there, from
 * the @skip-th such order on. */
static RetourEmulatorOrder *
whole_order (Fixture *f,
             guint    skip)
{
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);

  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);
      gboolean whole = !order->deleted && !g_str_equal (order->status, "cancelled");

      for (guint j = 0; j < order->lines->len; j++)
        whole = whole && ((RetourEmulatorLine *) order->lines->pdata[j])->current_quantity > 0;
      if (whole && skip-- == 0)
        return order;
    }

  g_assert_not_reached ();
}

/* The customer asks to return @quantity of the first line of @order. */
static gint64
ask_for_return (Fixture             *f,
                RetourEmulatorOrder *order,
                guint                quantity,
                const char          *reason,
                const char          *note,
                gint64              *requested_us)
{
  g_autofree guint *quantities = g_new0 (guint, order->lines->len);
  gint64 id;

  quantities[0] = quantity;
  id = retour_emulator_request_return (f->emulator, order, quantities, reason, note);
  g_assert_cmpint (id, >, 0);
  /* Made as the order was modified for it. */
  *requested_us = order->modified_s * G_USEC_PER_SEC;

  return id;
}

static gint64
rma_of_request (Fixture *f,
                gint64   return_id)
{
  return retour_test_db_query_int (f->db, "SELECT coalesce (max (id), 0) FROM rma "
                                          "WHERE storefront_return_id = 'gid://shopify/Return/' || CAST (? AS text)",
                                   return_id);
}

static char *
rma_line_text (Fixture    *f,
               const char *sql,
               gint64      rma_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db, sql, &error);
  gboolean has_row;

  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);

  return retour_stmt_column_is_null (stmt, 0) ? NULL : retour_stmt_dup_text (stmt, 0);
}

/* Everything a request makes: the returns, their lines and history. */
static char *
dump_requests (RetourDatabase *db)
{
  GString *dump = g_string_new (NULL);

  dump_rows (db, "SELECT id, number, status, order_id, customer_id, store_id, storefront_return_id, declared_us, "
                 "declared_via, version, updated_us FROM rma ORDER BY id", 11, dump);
  dump_rows (db, "SELECT id, rma_id, order_line_id, qty_ordered, qty_requested, reason_id, notes, claim "
                 "FROM rma_line ORDER BY id", 8, dump);
  dump_rows (db, "SELECT id, rma_id, kind, detail FROM rma_event ORDER BY id", 4, dump);

  return g_string_free (dump, FALSE);
}

/* Returns customers ask for in their Shopify account become returns in
 * Retour, one each however often a sync runs: in requested, with their
 * lines and quantities, Shopify's reasons as the shop's, the customer's
 * note on the line, the request as the notice of withdrawal (its time,
 * through the storefront), and each line's claim by the law. They wait
 * in Needs Action for a decision. A request withdrawn or declined in
 * Shopify cancels its return while that is still a request, with a line
 * in its history; one the desk already decided stays as decided. What
 * the desk decided reaches Shopify at the next sync, once: authorized is
 * approved, rejected declined with staff's note. No query costs more
 * than 1,000 points. */
static void
test_shopify_requests_import (Fixture       *f,
                              gconstpointer  user_data)
{
  RetourEmulatorOrder *defective = whole_order (f, 0);
  RetourEmulatorOrder *small = whole_order (f, 1);
  RetourEmulatorOrder *other = whole_order (f, 2);
  RetourEmulatorOrder *decided = whole_order (f, 3);
  RetourEmulatorOrder *worn = whole_order (f, 4);
  RetourEmulatorLine *line = g_ptr_array_index (defective->lines, 0);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  RetourSyncStats stats = { 0 };
  gint64 defective_id, small_id, other_id, decided_id, worn_id;
  gint64 defective_us, small_us, other_us, decided_us, worn_us;
  gint64 defective_rma, small_rma, other_rma, decided_rma, worn_rma;
  const char *decline_reason = NULL, *decline_note = NULL;
  guint decide = 0;

  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requests_created, ==, 0);

  defective_id = ask_for_return (f, defective, line->current_quantity, "DEFECTIVE", "The zip broke", &defective_us);
  small_id = ask_for_return (f, small, 1, "SIZE_TOO_SMALL", NULL, &small_us);
  other_id = ask_for_return (f, other, 1, "OTHER", "", &other_us);
  decided_id = ask_for_return (f, decided, 1, "COLOR", NULL, &decided_us);
  worn_id = ask_for_return (f, worn, 1, "UNWANTED", NULL, &worn_us);

  memset (&stats, 0, sizeof stats);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requests_created, ==, 5);
  g_assert_cmpuint (stats.answers_sent, ==, 0);
  g_assert_cmpuint (stats.requests_waiting, ==, 0);

  defective_rma = rma_of_request (f, defective_id);
  small_rma = rma_of_request (f, small_id);
  other_rma = rma_of_request (f, other_id);
  decided_rma = rma_of_request (f, decided_id);
  worn_rma = rma_of_request (f, worn_id);
  g_assert_cmpint (defective_rma, >, 0);
  g_assert_cmpint (small_rma, >, 0);
  g_assert_cmpint (other_rma, >, 0);
  g_assert_cmpint (decided_rma, >, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (DISTINCT id) FROM rma WHERE store_id = ? "
                                                    "AND storefront_return_id IS NOT NULL", f->store_id), ==, 5);

  rma = retour_rma_store_load (f->db, defective_rma, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_REQUESTED);
  g_assert_null (rma->number);
  g_assert_cmpint (rma->declared_us, ==, defective_us);
  g_assert_cmpint (rma->declared_via, ==, RETOUR_DECLARATION_STOREFRONT);
  g_assert_cmpuint (rma->lines->len, ==, 1);
  g_assert_cmpuint (((RetourRmaLine *) rma->lines->pdata[0])->qty_requested, ==, line->current_quantity);
  g_assert_cmpstr (((RetourRmaLine *) rma->lines->pdata[0])->notes, ==, "The zip broke");
  g_assert_cmpint (((RetourRmaLine *) rma->lines->pdata[0])->claim, ==, RETOUR_CLAIM_CONFORMITY);
  g_clear_pointer (&rma, retour_rma_free);

  /* Shopify's reasons as the shop's. */
  text = rma_line_text (f, "SELECT r.code FROM rma_line l JOIN reason r ON r.id = l.reason_id WHERE l.rma_id = ?",
                        defective_rma);
  g_assert_cmpstr (text, ==, "defective");
  g_free (text);
  text = rma_line_text (f, "SELECT r.code FROM rma_line l JOIN reason r ON r.id = l.reason_id WHERE l.rma_id = ?",
                        small_rma);
  g_assert_cmpstr (text, ==, "wrong-size");
  g_free (text);
  text = rma_line_text (f, "SELECT r.code FROM rma_line l JOIN reason r ON r.id = l.reason_id WHERE l.rma_id = ?",
                        decided_rma);
  g_assert_cmpstr (text, ==, "changed-mind");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma_line WHERE rma_id = ? "
                                                    "AND reason_id IS NULL AND notes IS NULL", other_rma), ==, 1);
  text = rma_line_text (f, "SELECT claim FROM rma_line WHERE rma_id = ?", small_rma);
  g_assert_cmpstr (text, ==, "withdrawal");
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (retour_request_store_default_reason ("SIZE_TOO_LARGE"), ==, "wrong-size");
  g_assert_cmpstr (retour_request_store_default_reason ("UNWANTED"), ==, "changed-mind");
  g_assert_cmpstr (retour_request_store_default_reason ("STYLE"), ==, "changed-mind");
  g_assert_cmpstr (retour_request_store_default_reason ("NOT_AS_DESCRIBED"), ==, "not-as-described");
  g_assert_cmpstr (retour_request_store_default_reason ("WRONG_ITEM"), ==, "wrong-item");
  g_assert_null (retour_request_store_default_reason ("OTHER"));
  g_assert_null (retour_request_store_default_reason ("UNKNOWN"));

  /* Waiting for a decision. */
  rows = retour_search_rmas_needing_action (f->db, NULL, g_get_real_time (), 0, 100, &actions, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = ((RetourRmaSummary *) rows->pdata[i])->id;

      if ((id == defective_rma || id == small_rma || id == other_rma || id == decided_rma || id == worn_rma) &&
          g_array_index (actions, RetourAction, i) == RETOUR_ACTION_DECIDE)
        decide++;
    }
  g_assert_cmpuint (decide, ==, 5);

  /* Again: nothing changes. */
  before = dump_requests (f->db);
  memset (&stats, 0, sizeof stats);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requests_created, ==, 0);
  g_assert_cmpuint (stats.requests_cancelled, ==, 0);
  after = dump_requests (f->db);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  /* The desk authorizes one and rejects two; upstream the customer
   * withdraws a request, the shop declines one in Shopify's admin, and
   * the customer withdraws one the desk rejected. */
  rma = retour_rma_store_load (f->db, defective_rma, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rma->lines->len; i++)
    ((RetourRmaLine *) rma->lines->pdata[i])->qty_authorized = ((RetourRmaLine *) rma->lines->pdata[i])->qty_requested;
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Desk", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&rma, retour_rma_free);
  rma = retour_rma_store_load (f->db, decided_rma, &error);
  g_assert_no_error (error);
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_REJECTED, "Desk", "Worn", g_get_real_time (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&rma, retour_rma_free);
  rma = retour_rma_store_load (f->db, worn_rma, &error);
  g_assert_no_error (error);
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_REJECTED, "Desk", "Worn and washed",
                               g_get_real_time (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&rma, retour_rma_free);
  retour_emulator_set_return_status (f->emulator, small_id, "CANCELED");
  retour_emulator_set_return_status (f->emulator, other_id, "DECLINED");
  retour_emulator_set_return_status (f->emulator, decided_id, "CANCELED");

  memset (&stats, 0, sizeof stats);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requests_created, ==, 0);
  g_assert_cmpuint (stats.requests_cancelled, ==, 2);
  /* Shopify has the decisions: approved, declined with staff's note, and
   * the withdrawn one left as it is. */
  g_assert_cmpuint (stats.answers_sent, ==, 3);
  g_assert_cmpuint (stats.answers_failed, ==, 0);
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, defective_id, NULL, NULL), ==, "OPEN");
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, worn_id, &decline_reason, &decline_note), ==,
                   "DECLINED");
  g_assert_cmpstr (decline_reason, ==, "OTHER");
  g_assert_cmpstr (decline_note, ==, "Worn and washed");
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, decided_id, NULL, NULL), ==, "CANCELED");
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE store_id = ? "
                                                    "AND storefront_answered_us IS NOT NULL", f->store_id), ==, 5);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE id = ? AND status = 'cancelled'",
                                             small_rma), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE id = ? AND status = 'cancelled'",
                                             other_rma), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE id = ? AND status = 'rejected'",
                                             decided_rma), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE id = ? AND status = 'authorized'",
                                             defective_rma), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma_event WHERE rma_id = ? "
                                                    "AND kind = 'status' AND detail IS NOT NULL", small_rma), ==, 1);

  /* And again: nothing changes, and the cancelled are not asked about. */
  before = dump_requests (f->db);
  memset (&stats, 0, sizeof stats);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requests_cancelled, ==, 0);
  g_assert_cmpuint (stats.answers_sent, ==, 0);
  after = dump_requests (f->db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (retour_emulator_get_answer_writes (f->emulator), ==, 3);

  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnRequests"), ==, 873);
  g_assert_cmpuint (retour_emulator_get_max_query_cost (f->emulator), <=, 1000);
  g_assert_cmpuint (retour_emulator_get_cost_refused (f->emulator), ==, 0);
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);
}

static gboolean
run_answers (Fixture          *f,
             RetourSyncStats  *stats,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  retour_sync_engine_answer_async (f->engine, f->store_id, f->connector, NULL, on_done, &result);
  return retour_sync_engine_answer_finish (f->engine, wait_for (&result), stats, error);
}

/* What staff decide goes to Shopify without a sync, as the desk asks
 * right after the step: a decline with the reason staff chose, and the
 * approval with the label made for it put on the Shopify return, where
 * the customer finds it in their account and Shopify mails it to them.
 * Once: an answer lost on the way is looked for before another delivery
 * is made, and a run with nothing new sends nothing. */
static void
test_shopify_request_label (Fixture       *f,
                            gconstpointer  user_data)
{
  RetourEmulatorOrder *approved_order = whole_order (f, 0);
  RetourEmulatorOrder *declined_order = whole_order (f, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourLabel) label = NULL;
  static const char label_pdf[] = "%PDF-1.5\n% a label\n%%EOF\n";
  g_autoptr(GBytes) pdf = g_bytes_new_static (label_pdf, sizeof label_pdf - 1);
  g_autoptr(GBytes) upstream = NULL;
  const char *decline_reason = NULL, *decline_note = NULL;
  RetourSyncStats stats = { 0 };
  gint64 approved_id, declined_id, requested_us, approved_rma, declined_rma;
  guint notified;

  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  /* The customer hears the request arrived, by e-mail (Shopify has no
   * message of its own for that): the acknowledgement of a withdrawal. */
  g_assert_true (retour_message_store_set_channel (f->db, RETOUR_MESSAGE_STEP_REQUEST_RECEIVED,
                                                   RETOUR_MESSAGE_CHANNEL_SMTP, &error));
  g_assert_true (retour_message_store_set_channel (f->db, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED,
                                                   RETOUR_MESSAGE_CHANNEL_SMTP, &error));
  g_assert_no_error (error);
  approved_id = ask_for_return (f, approved_order, 1, "UNWANTED", NULL, &requested_us);
  declined_id = ask_for_return (f, declined_order, 1, "STYLE", NULL, &requested_us);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  approved_rma = rma_of_request (f, approved_id);
  declined_rma = rma_of_request (f, declined_id);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer_message m JOIN rma r "
                                                    "ON r.id = m.rma_id WHERE r.store_id = ? AND m.channel = 'smtp' "
                                                    "AND m.step IN ('request-received', 'withdrawal-acknowledged')",
                                             f->store_id), ==, 2);

  /* The shop chose Shopify's own messages for the decisions; the steps
   * queue them. */
  g_assert_true (retour_message_store_set_channel (f->db, RETOUR_MESSAGE_STEP_APPROVED,
                                                   RETOUR_MESSAGE_CHANNEL_STOREFRONT, &error));
  g_assert_true (retour_message_store_set_channel (f->db, RETOUR_MESSAGE_STEP_REJECTED,
                                                   RETOUR_MESSAGE_CHANNEL_STOREFRONT, &error));
  g_assert_no_error (error);
  rma = retour_rma_store_load (f->db, approved_rma, &error);
  g_assert_no_error (error);
  ((RetourRmaLine *) rma->lines->pdata[0])->qty_authorized = 1;
  retour_message_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Desk", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&rma, retour_rma_free);
  rma = retour_rma_store_load (f->db, declined_rma, &error);
  g_assert_no_error (error);
  g_assert_true (retour_request_store_set_decline_reason (f->db, declined_rma, RETOUR_DECLINE_RETURN_PERIOD_ENDED,
                                                          &error));
  g_assert_no_error (error);
  retour_message_store_transition (f->db, rma, RETOUR_RMA_STATUS_REJECTED, "Desk", "Ordered in March",
                                   g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer_message m JOIN rma r "
                                                    "ON r.id = m.rma_id WHERE r.store_id = ? AND m.channel = 'storefront' "
                                                    "AND m.state = 'queued' AND m.step IN ('approved', 'rejected')",
                                             f->store_id), ==, 2);

  /* The decisions, without a sync; no label yet. */
  notified = retour_emulator_get_notifications (f->emulator);
  memset (&stats, 0, sizeof stats);
  g_assert_true (run_answers (f, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.answers_sent, ==, 2);
  g_assert_cmpuint (stats.labels_sent, ==, 0);
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, approved_id, NULL, NULL), ==, "OPEN");
  g_assert_cmpstr (retour_emulator_get_return_status (f->emulator, declined_id, &decline_reason, &decline_note), ==,
                   "DECLINED");
  g_assert_cmpstr (decline_reason, ==, "RETURN_PERIOD_ENDED");
  g_assert_cmpstr (decline_note, ==, "Ordered in March");
  g_assert_cmpuint (retour_emulator_get_notifications (f->emulator), ==, notified + 2);
  /* On record as sent, through Shopify. */
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer_message m JOIN rma r "
                                                    "ON r.id = m.rma_id WHERE r.store_id = ? AND m.channel = 'storefront' "
                                                    "AND m.state = 'sent' AND m.step IN ('approved', 'rejected')",
                                             f->store_id), ==, 2);

  /* The label, its delivery's answer lost: looked for, and made once. */
  label = retour_label_store_add (f->db, approved_rma, RETOUR_LABEL_FORMAT_A6, pdf, "Desk", g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_true (retour_emulator_add_faults (f->emulator, "return-stall", &error));
  memset (&stats, 0, sizeof stats);
  g_assert_true (run_answers (f, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.answers_sent, ==, 0);
  g_assert_cmpuint (stats.labels_sent, ==, 1);
  g_assert_cmpuint (stats.labels_failed, ==, 0);
  g_assert_cmpuint (retour_emulator_get_deliveries (f->emulator), ==, 1);
  upstream = retour_emulator_get_return_label (f->emulator, approved_id);
  g_assert_nonnull (upstream);
  g_assert_true (g_bytes_equal (upstream, pdf));
  g_assert_cmpuint (retour_emulator_get_notifications (f->emulator), ==, notified + 3);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE id = ? "
                                                    "AND storefront_label_id IS NOT NULL "
                                                    "AND storefront_label_error IS NULL", approved_rma), ==, 1);

  /* Approved by staff in Shopify's admin: authorized here, every unit,
   * with a number, and nothing to tell Shopify. */
  {
    RetourEmulatorOrder *admin_order = whole_order (f, 2);
    gint64 admin_id = ask_for_return (f, admin_order, 1, "DEFECTIVE", NULL, &requested_us);
    gint64 admin_rma;
    guint answers = retour_emulator_get_answer_writes (f->emulator);

    run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
    g_assert_no_error (error);
    admin_rma = rma_of_request (f, admin_id);
    g_assert_cmpint (admin_rma, >, 0);
    retour_emulator_set_return_status (f->emulator, admin_id, "OPEN");
    memset (&stats, 0, sizeof stats);
    run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stats.requests_authorized, ==, 1);
    g_clear_pointer (&rma, retour_rma_free);
    rma = retour_rma_store_load (f->db, admin_rma, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
    g_assert_nonnull (rma->number);
    g_assert_cmpuint (((RetourRmaLine *) rma->lines->pdata[0])->qty_authorized, ==, 1);
    g_assert_cmpuint (retour_emulator_get_answer_writes (f->emulator), ==, answers);
  }

  /* Nothing new: nothing sent, also by a whole sync. */
  memset (&stats, 0, sizeof stats);
  g_assert_true (run_answers (f, &stats, &error));
  g_assert_no_error (error);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.answers_sent + stats.labels_sent + stats.labels_failed, ==, 0);
  g_assert_cmpuint (retour_emulator_get_deliveries (f->emulator), ==, 1);
  /* Priced as Shopify prices it, as the connector reckons. */
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourReturnLabel"), ==, 23);
  g_assert_cmpuint (retour_emulator_get_max_query_cost (f->emulator), <=, 1000);
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);
}

/* A request whose order is not here yet waits, and becomes a return once
 * the order is synced; so does one that asks for more than the order
 * has here. */
static void
test_shopify_request_before_order (Fixture       *f,
                                   gconstpointer  user_data)
{
  RetourEmulatorOrder *order = whole_order (f, 0);
  RetourEmulatorLine *first = g_ptr_array_index (order->lines, 0);
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_return_request_free);
  g_autoptr(GError) error = NULL;
  RetourRequestStats stats = { 0 };
  RetourSyncStats sync_stats = { 0 };

  for (guint i = 0; i < 2; i++)
    {
      RetourReturnRequest *request = retour_return_request_new ();
      RetourReturnRequestLine *line = g_new0 (RetourReturnRequestLine, 1);

      request->external_id = g_strdup_printf ("gid://shopify/Return/%u", 7 + i);
      request->order_external_id = g_strdup_printf ("gid://shopify/Order/%" G_GINT64_FORMAT, order->id);
      request->status = RETOUR_RETURN_REQUEST_REQUESTED;
      request->requested_us = g_get_real_time ();
      line->line_external_id = g_strdup_printf ("gid://shopify/LineItem/%" G_GINT64_FORMAT, first->id);
      line->quantity = i == 0 ? 1 : first->current_quantity + 1;
      line->reason = g_strdup ("STYLE");
      g_ptr_array_add (request->lines, line);
      g_ptr_array_add (requests, request);
    }

  retour_request_store_write (f->db, f->store_id, requests, g_get_real_time (), &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.created, ==, 0);
  g_assert_cmpuint (stats.waiting, ==, 2);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE store_id = ?", f->store_id), ==,
                   0);

  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &sync_stats, &error);
  g_assert_no_error (error);

  memset (&stats, 0, sizeof stats);
  retour_request_store_write (f->db, f->store_id, requests, g_get_real_time (), &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.created, ==, 1);
  g_assert_cmpuint (stats.waiting, ==, 1);

  memset (&stats, 0, sizeof stats);
  retour_request_store_write (f->db, f->store_id, requests, g_get_real_time (), &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.created, ==, 0);
  g_assert_cmpuint (stats.waiting, ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE store_id = ?", f->store_id), ==,
                   1);
}

/* The refund of a return a customer requested in Shopify makes no second
 * Shopify return: the items come back through the one requested. */
static void
test_shopify_request_refund (Fixture       *f,
                             gconstpointer  user_data)
{
  RetourEmulatorOrder *order = whole_order (f, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autofree char *refund = NULL;
  RetourSyncStats stats = { 0 };
  gint64 return_id, requested_us, rma_id, refund_id;

  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);
  return_id = ask_for_return (f, order, 1, "UNWANTED", NULL, &requested_us);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  rma_id = rma_of_request (f, return_id);
  g_assert_cmpint (rma_id, >, 0);

  rma = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);
  ((RetourRmaLine *) rma->lines->pdata[0])->qty_authorized = 1;
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Desk", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  exec_sql (f, "UPDATE rma SET resolution = 'refund', refund_method = 'original-payment', refund_minor = 1995 "
               "WHERE id = ?", rma_id);

  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db,
                                                          "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                                                          "VALUES (?1, 1995, 'EUR', 'original-payment', ?2, 'Tester') RETURNING id",
                                                          &error);
    gboolean has_row;

    g_assert_no_error (error);
    retour_stmt_bind_int64 (stmt, 1, rma_id);
    retour_stmt_bind_int64 (stmt, 2, g_get_real_time ());
    retour_stmt_step (stmt, &has_row, &error);
    g_assert_no_error (error);
    refund_id = retour_stmt_column_int64 (stmt, 0);
  }
  retour_sync_store_set_write_back (f->db, f->store_id, TRUE, FALSE, &error);
  g_assert_no_error (error);

  refund = write_back (f, refund_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (refund);
  g_assert_cmpuint (retour_emulator_get_refunds (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_return_writes (f->emulator), ==, 0);
  g_assert_cmpuint (retour_emulator_get_returns (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourOrderReturns"), ==, 0);
}

static const Params woo_clean = { RETOUR_EMULATOR_WOO, 250, NULL };
static const Params woo_faults = {
  RETOUR_EMULATOR_WOO, 250,
  "equal-timestamps,numbers,huge,refunds,throttle@2,busy@3,error500@5,reset@7,truncate@9,truncate@11,"
  "stall@15,modify@17,delete@19,throttle@21,edit-lines@23"
};
static const Params woo_old = { RETOUR_EMULATOR_WOO, 120, "no-orderby-modified,modify@3,delete@4" };
static const Params woo_unauthorized = { RETOUR_EMULATOR_WOO, 60, "unauthorized@1,unauthorized@2" };
static const Params woo_cancel = { RETOUR_EMULATOR_WOO, 200, NULL };
static const Params shopify_clean = { RETOUR_EMULATOR_SHOPIFY, 250, NULL };
/* Pages of 24 orders make the first run about a dozen requests: the
 * faults all come in it. */
static const Params shopify_faults = {
  RETOUR_EMULATOR_SHOPIFY, 250,
  "equal-timestamps,huge,throttle@2,busy@3,error500@5,reset@6,truncate@8,truncate@9,"
  "stall@11,modify@13,delete@14,throttle@15"
};
static const Params shopify_forbidden = { RETOUR_EMULATOR_SHOPIFY, 60, "forbidden@1" };
static const Params shopify_cancel = { RETOUR_EMULATOR_SHOPIFY, 200, NULL };
static const Params shopify_recent = { RETOUR_EMULATOR_SHOPIFY, 120, NULL };
static const Params woo_malformed = { RETOUR_EMULATOR_WOO, 120, "malformed@2" };
static const Params woo_html = { RETOUR_EMULATOR_WOO, 120, "html@2" };
static const Params shopify_malformed = { RETOUR_EMULATOR_SHOPIFY, 120, "malformed@2" };
static const Params shopify_html = { RETOUR_EMULATOR_SHOPIFY, 120, "html@2" };
static const Params woo_oversize = { RETOUR_EMULATOR_WOO, 120, "oversize@2" };
static const Params shopify_oversize_chunked = { RETOUR_EMULATOR_SHOPIFY, 120, "oversize-chunked@2" };
static const Params woo_small = { RETOUR_EMULATOR_WOO, 120, NULL };
static const Params woo_stripped = { RETOUR_EMULATOR_WOO, 120, "strip-authorization" };
static const Params woo_currencies = { RETOUR_EMULATOR_WOO, 320, "all-currencies,refunds" };
static const Params shopify_currencies = { RETOUR_EMULATOR_SHOPIFY, 320, "all-currencies" };
static const Params shopify_small = { RETOUR_EMULATOR_SHOPIFY, 120, NULL };
static const Params woo_edits = { RETOUR_EMULATOR_WOO, 60, NULL };
static const Params shopify_edits = { RETOUR_EMULATOR_SHOPIFY, 60, NULL };
static const Params woo_refunds = { RETOUR_EMULATOR_WOO, 60, "refunds" };
static const Params shopify_huge = { RETOUR_EMULATOR_SHOPIFY, 120, "huge" };

/* A customer anonymised here whose orders are edited in the shop: the
 * next syncs, incremental and full, write the placeholder again, on the
 * same customer row, and nothing of theirs. */
static void
test_anonymised_stays (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *orders = retour_emulator_get_orders (f->emulator);
  RetourEmulatorOrder *theirs = NULL;
  g_autofree char *external_id = NULL;
  g_autofree char *email = NULL;
  RetourSyncStats stats = { 0 };
  gint64 customer_id;

  for (guint i = 0; i < orders->len && theirs == NULL; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      if (order->customer_id != 0 && order->email != NULL)
        theirs = order;
    }
  if (theirs == NULL)
    g_error ("The emulator has no order with a customer and an e-mail address");
  email = g_strdup (theirs->email);

  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  external_id = external_id_of (f, theirs);
  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db, "SELECT customer_id FROM \"order\" WHERE external_id = ?",
                                                          &error);

    g_assert_no_error (error);
    retour_stmt_bind_text (stmt, 1, external_id);
    g_assert_true (retour_stmt_step_row (stmt, "no such order", &error));
    customer_id = retour_stmt_column_int64 (stmt, 0);
  }
  g_assert_cmpint (customer_id, >, 0);

  retour_privacy_store_anonymise (f->db, customer_id, RETOUR_PRIVACY_ON_REQUEST, "test", g_get_real_time (), &error);
  g_assert_no_error (error);

  retour_emulator_touch_order (f->emulator, theirs);
  run_sync (f, RETOUR_SYNC_FLAGS_NONE, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.orders_changed, >=, 1);
  run_sync (f, RETOUR_SYNC_FLAGS_FULL, NULL, &stats, &error);
  g_assert_no_error (error);

  {
    g_autoptr(RetourCustomer) customer = retour_catalog_store_load_customer (f->db, customer_id, &error);

    g_assert_no_error (error);
    g_assert_null (customer->email);
    g_assert_cmpstr (customer->first_name, ==, RETOUR_PRIVACY_PLACEHOLDER_NAME);
  }
  {
    /* Another customer of the same address (a guest order) is the same
     * person to the law: caught by the address's key. */
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db, "SELECT count (*) FROM customer WHERE email = ?",
                                                          &error);

    g_assert_no_error (error);
    retour_stmt_bind_text (stmt, 1, email);
    g_assert_true (retour_stmt_step_row (stmt, "no count", &error));
    g_assert_cmpint (retour_stmt_column_int64 (stmt, 0), ==, 0);
  }
  assert_consistent (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, params, func) \
  g_test_add (path, Fixture, params, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/woo/clean", &woo_clean, test_sync_and_resync);
  ADD ("/sync/woo/faults", &woo_faults, test_sync_and_resync);
  ADD ("/sync/woo/orderby-id-fallback", &woo_old, test_sync_and_resync);
  ADD ("/sync/woo/unauthorized", &woo_unauthorized, test_auth_failure);
  ADD ("/sync/woo/cancel-and-resume", &woo_cancel, test_cancel_and_resume);
  ADD ("/sync/woo/write-back", &woo_clean, test_write_back);
  ADD ("/sync/woo/malformed-not-retried", &woo_malformed, test_bad_answer);
  ADD ("/sync/woo/html-not-retried", &woo_html, test_bad_answer);
  ADD ("/sync/woo/bad-order-skipped", &woo_small, test_bad_order_skipped);
  ADD ("/sync/woo/keys-in-query", &woo_stripped, test_keys_in_query);
  ADD ("/sync/woo/every-currency", &woo_currencies, test_sync_and_resync);
  ADD ("/sync/woo/oversize-not-read", &woo_oversize, test_bad_answer);
  ADD ("/sync/woo/full-between-pages", &woo_small, test_full_between_pages);
  ADD ("/sync/woo/edit-between-syncs", &woo_edits, test_edit_between_syncs);
  ADD ("/sync/woo/edit-between-pages", &woo_edits, test_edit_between_pages);
  ADD ("/sync/woo/store-refunds", &woo_refunds, test_store_refunds);
  ADD ("/sync/woo/refunds-endpoint", &woo_refunds, test_woo_refunds_endpoint);
  ADD ("/sync/woo/delivery-kept", &woo_small, test_delivery_kept);
  ADD ("/sync/shopify/clean", &shopify_clean, test_sync_and_resync);
  ADD ("/sync/shopify/faults", &shopify_faults, test_sync_and_resync);
  ADD ("/sync/shopify/forbidden", &shopify_forbidden, test_auth_failure);
  ADD ("/sync/shopify/cancel-and-resume", &shopify_cancel, test_cancel_and_resume);
  ADD ("/sync/shopify/write-back", &shopify_clean, test_write_back);
  ADD ("/sync/shopify/return-once", &shopify_clean, test_write_back_return);
  ADD ("/sync/shopify/recent-orders-only", &shopify_recent, test_recent_orders_only);
  ADD ("/sync/shopify/malformed-not-retried", &shopify_malformed, test_bad_answer);
  ADD ("/sync/shopify/html-not-retried", &shopify_html, test_bad_answer);
  ADD ("/sync/shopify/oversize-chunked-not-read", &shopify_oversize_chunked, test_bad_answer);
  ADD ("/sync/shopify/full-between-pages", &shopify_small, test_full_between_pages);
  ADD ("/sync/shopify/bad-order-skipped", &shopify_small, test_bad_order_skipped);
  ADD ("/sync/shopify/every-currency", &shopify_currencies, test_sync_and_resync);
  ADD ("/sync/shopify/edit-between-syncs", &shopify_edits, test_edit_between_syncs);
  ADD ("/sync/shopify/edit-between-pages", &shopify_edits, test_edit_between_pages);
  ADD ("/sync/shopify/delivery-kept", &shopify_small, test_delivery_kept);
  ADD ("/sync/shopify/cost/max-cost-exceeded", &shopify_small, test_shopify_max_cost_exceeded);
  ADD ("/sync/shopify/cost/per-query", &shopify_huge, test_shopify_query_cost);
  ADD ("/sync/shopify/cost/many-lines", &shopify_small, test_shopify_many_lines);
  ADD ("/sync/shopify/cost/throttled", &shopify_small, test_shopify_throttled);
  ADD ("/sync/shopify/cost/shrinks", &shopify_huge, test_shopify_cost_shrinks);
  ADD ("/sync/shopify/cost/too-costly", &shopify_small, test_shopify_too_costly);
  ADD ("/sync/shopify/emulator/return-requests", &shopify_small, test_shopify_emulator_requests);
  ADD ("/sync/shopify/requests/connector", &shopify_small, test_shopify_connector_requests);
  ADD ("/sync/shopify/requests/import", &shopify_small, test_shopify_requests_import);
  ADD ("/sync/shopify/requests/answers", &shopify_small, test_shopify_connector_answers);
  ADD ("/sync/shopify/requests/before-order", &shopify_small, test_shopify_request_before_order);
  ADD ("/sync/shopify/requests/refund", &shopify_small, test_shopify_request_refund);
  ADD ("/sync/shopify/requests/label", &shopify_small, test_shopify_request_label);
  ADD ("/sync/woo/anonymised-stays", &woo_small, test_anonymised_stays);
  ADD ("/sync/shopify/anonymised-stays", &shopify_small, test_anonymised_stays);
  g_test_add_func ("/sync/parse/woo", test_parse_woo);
  g_test_add_func ("/sync/parse/woo-refunds", test_parse_woo_refunds);
  g_test_add_func ("/sync/parse/shopify-parcels", test_parse_shopify_parcels);
  g_test_add_func ("/sync/parse/malformed", test_parse_malformed);
  g_test_add_func ("/sync/parse/field-path", test_parse_field_path);
  g_test_add_func ("/sync/parse/hidden-nesting", test_parse_hidden_nesting);
  g_test_add_func ("/sync/parse/plain-json", test_parse_plain_json);
  g_test_add_func ("/sync/parse/depth-limit", test_parse_depth_limit);
  g_test_add_func ("/sync/url/insecure", test_insecure_url);
  g_test_add_func ("/sync/credentials/file", test_credentials_file);

  return g_test_run ();
}
