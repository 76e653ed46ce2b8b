/* test-resolutions-sync.c — resolutions carried out in a storefront, against the emulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A return resolved as an exchange or as store credit, queued at the
 * desk and made in the emulated WooCommerce shop by the sync engine: an
 * exchange order at an equal, a higher and a lower price (the difference
 * asked for, or refunded), a coupon, once however its answer gets lost,
 * and the storefront's refusal kept with the return, which stays as it
 * was.
 */
#include "config.h"

#include <string.h>

#include "retour-catalog-store.h"
#include "retour-desk-resolution.h"
#include "retour-emulator.h"
#include "retour-policy-store.h"
#include "retour-keyring.h"
#include "retour-sync-engine.h"
#include "retour-sync-scheduler.h"
#include "retour-test-db.h"
#include "retour-woo-connector.h"

typedef struct
{
  char                *dir;
  RetourDatabase      *db;
  RetourContext       *context;
  RetourEmulator      *emulator;
  RetourHttp          *http;
  RetourConnector     *connector;
  RetourSyncEngine    *engine;
  gint64               store_id;
  RetourEmulatorOrder *order;    /* the order the returned item is of */
  RetourEmulatorLine  *line;     /* the returned item, at its product's list price */
  guint                product;  /* its index in the shop's products (1–4) */
  gboolean             shopify;
} Fixture;

static gint64
real_time_clock (gpointer user_data)
{
  return g_get_real_time ();
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

static gint64
list_price (guint product)
{
  return 995 + 500 * product;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *orders;

  f->shopify = GPOINTER_TO_INT (user_data) == RETOUR_EMULATOR_SHOPIFY;
  f->db = retour_test_db_new ("retour-test-resolutions-sync-XXXXXX", &f->dir, NULL);
  f->emulator = retour_emulator_new (f->shopify ? RETOUR_EMULATOR_SHOPIFY : RETOUR_EMULATOR_WOO, 24, 7);
  retour_emulator_set_stall_ms (f->emulator, 1600);
  retour_emulator_set_bucket (f->emulator, 20000, 1000);
  retour_emulator_start (f->emulator, &error);
  g_assert_no_error (error);

  storefront->name = g_strdup ("Test shop");
  storefront->platform = f->shopify ? RETOUR_PLATFORM_SHOPIFY : RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup (retour_emulator_get_url (f->emulator));
  retour_sync_store_add (f->db, storefront, g_get_real_time (), &error);
  g_assert_no_error (error);
  f->store_id = storefront->id;
  retour_sync_store_set_write_back (f->db, f->store_id, TRUE, FALSE, &error);
  g_assert_no_error (error);

  f->http = retour_http_new ();
  retour_http_set_timeout (f->http, 1);
  retour_http_set_retries (f->http, 8, 20, 1500);
  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  credentials->access_token = g_strdup (RETOUR_EMULATOR_SHOPIFY_TOKEN);
  f->connector = retour_sync_connector_new (storefront, credentials, f->http, &error);
  g_assert_no_error (error);
  f->engine = retour_sync_engine_new (f->db, real_time_clock, NULL);
  f->context = retour_context_new (f->db);
  retour_context_set_actor (f->context, "Sanne");

  retour_sync_engine_sync_async (f->engine, f->store_id, f->connector, RETOUR_SYNC_FLAGS_NONE, NULL,
                                 on_done, &result);
  retour_sync_engine_sync_finish (f->engine, wait_for (&result), NULL, &error);
  g_assert_no_error (error);

  /* An item in euros at its list price, of a product with a cheaper and
   * a dearer one beside it in the shop. */
  orders = retour_emulator_get_orders (f->emulator);
  for (guint i = 0; i < orders->len && f->line == NULL; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);

      if (g_strcmp0 (order->currency, "EUR") != 0 || g_strcmp0 (order->status, "cancelled") == 0)
        continue;
      for (guint j = 0; j < order->lines->len && f->line == NULL; j++)
        {
          RetourEmulatorLine *line = g_ptr_array_index (order->lines, j);
          guint product = (guint) (line->product_id - 100);

          if (product >= 1 && product <= 4 && line->price_minor == list_price (product))
            {
              f->order = order;
              f->line = line;
              f->product = product;
            }
        }
    }
  g_assert_nonnull (f->line);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->context);
  g_clear_object (&f->engine);
  g_clear_object (&f->connector);
  g_clear_object (&f->http);
  g_clear_pointer (&f->emulator, retour_emulator_free);
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
}

/* A return of one unit of the fixture's item, authorized, to be resolved
 * as @resolution with the customer's consent. */
static RetourRma *
add_return (Fixture          *f,
            RetourResolution  resolution)
{
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  RetourRma *rma = NULL;

  reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  item.order_line_id = retour_test_db_query_int (f->db, "SELECT id FROM order_line WHERE external_id = CAST (?1 AS TEXT) "
                                                 "OR external_id = 'gid://shopify/LineItem/' || CAST (?1 AS TEXT)",
                                                 f->line->id);
  item.quantity = 1;
  item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
  request.order_id = retour_test_db_query_int (f->db, "SELECT order_id FROM order_line WHERE id = ?", item.order_line_id);
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = resolution;
  request.consent_alternative = TRUE;
  request.override_note = "Agreed on the phone";
  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rma->number);

  return rma;
}

static GPtrArray *
items_of_shop (gboolean shopify,
               guint    product)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);
  g_autofree char *id = shopify ? g_strdup_printf ("gid://shopify/ProductVariant/%u", 100 + product)
                                : g_strdup_printf ("%u", 100 + product);

  g_ptr_array_add (items, retour_exchange_item_new (id, "Replacement", 1, retour_money_init (list_price (product), "EUR")));

  return items;
}

static RetourStoreResolution *
queue (Fixture                   *f,
       RetourRma                 *rma,
       RetourStoreResolutionKind  kind,
       GPtrArray                 *items)
{
  g_autoptr(GError) error = NULL;
  RetourStoreResolution *queued = NULL;

  retour_desk_carry_out_resolution (f->context, rma->id, kind, retour_money_init (0, "EUR"), items,
                                    &queued, NULL, &error);
  g_assert_no_error (error);

  return queued;
}

static RetourStoreResolution *
carry_out (Fixture  *f,
           gint64    resolution_id,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  retour_sync_engine_carry_out_async (f->engine, resolution_id, f->connector, NULL, on_done, &result);
  return retour_sync_engine_carry_out_finish (f->engine, wait_for (&result), error);
}

static gint64
parent_id (Fixture *f)
{
  return f->order->id;
}

/* Exchanged for @product: an order of it in the shop, linked both ways,
 * asking the customer for what it costs more. */
static RetourStoreResolution *
exchange_for (Fixture  *f,
              guint     product)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_EXCHANGE);
  g_autoptr(GPtrArray) items = items_of_shop (f->shopify, product);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER, items);
  g_autoptr(GError) error = NULL;
  RetourStoreResolution *done;
  RetourEmulatorOrder *made;
  const char *rma_meta = NULL;
  gint64 fee_minor = 0;
  gint64 difference = list_price (product) - list_price (f->product);

  g_assert_cmpint (queued->difference.minor, ==, difference);
  done = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpuint (retour_emulator_count_exchange_orders (f->emulator, parent_id (f)), ==, 1);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);

  made = retour_emulator_get_exchange_order (f->emulator, parent_id (f), &fee_minor, &rma_meta);
  g_assert_nonnull (made);
  g_assert_cmpstr (rma_meta, ==, rma->number);
  g_assert_cmpuint (made->lines->len, ==, 1);
  g_assert_cmpint (((RetourEmulatorLine *) g_ptr_array_index (made->lines, 0))->product_id, ==, 100 + product);
  g_assert_cmpint (made->customer_id, ==, f->order->customer_id);
  /* What came back pays for the new item, up to its price. */
  g_assert_cmpint (fee_minor, ==, -MIN (list_price (product), list_price (f->product)));
  g_assert_cmpstr (made->status, ==, difference > 0 ? "pending" : "processing");

  {
    g_autofree char *expected = g_strdup_printf ("#%s", made->number);
    g_autofree char *text = retour_store_resolution_describe (done);
    g_autofree char *shown = g_strdup_printf ("Exchange order #%s", made->number);
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, made->id);

    g_assert_cmpstr (done->code, ==, expected);
    g_assert_cmpstr (done->external_id, ==, id);
    g_assert_cmpstr (text, ==, shown);
  }
  if (difference > 0)
    g_assert_true (done->payment_url != NULL && g_str_has_prefix (done->payment_url, retour_emulator_get_url (f->emulator)));
  else
    g_assert_null (done->payment_url);

  return done;
}

static void
test_exchange_equal (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(RetourStoreResolution) done = exchange_for (f, f->product);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStoreResolution) again = NULL;

  g_assert_cmpint (done->difference.minor, ==, 0);

  /* Once: asked again, the engine answers from what it recorded. */
  again = carry_out (f, done->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->external_id, ==, done->external_id);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_count_exchange_orders (f->emulator, parent_id (f)), ==, 1);
}

static void
test_exchange_dearer (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(RetourStoreResolution) done = exchange_for (f, f->product + 1);

  g_assert_cmpint (done->difference.minor, ==, 500);
  g_assert_cmpint (done->difference_refund_id, ==, 0);
}

static void
test_exchange_cheaper (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(RetourStoreResolution) done = exchange_for (f, f->product - 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refund_id = NULL;
  GPtrArray *refunds;

  /* The 5.00 left over goes back as refunds do, through the shop. */
  g_assert_cmpint (done->difference.minor, ==, -500);
  g_assert_cmpint (done->difference_refund_id, >, 0);
  retour_sync_engine_write_back_async (f->engine, done->difference_refund_id, f->connector, NULL, on_done, &result);
  refund_id = retour_sync_engine_write_back_finish (f->engine, wait_for (&result), &error);
  g_assert_no_error (error);
  refunds = retour_emulator_list_refunds (f->emulator);
  g_assert_cmpuint (refunds->len, ==, 1);
  g_assert_cmpstr (((RetourEmulatorRefund *) g_ptr_array_index (refunds, 0))->amount, ==, "5.00");
}

static void
test_exchange_answer_lost (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_EXCHANGE);
  g_autoptr(GPtrArray) items = items_of_shop (f->shopify, f->product);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER, items);
  g_autoptr(RetourStoreResolution) done = NULL;
  g_autoptr(GError) error = NULL;

  /* The shop makes the order, but its answer never comes: the retry
   * finds it by its marker instead of making a second. */
  retour_emulator_add_faults (f->emulator, "write-stall", &error);
  g_assert_no_error (error);
  done = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpuint (done->attempts, ==, 1);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_count_exchange_orders (f->emulator, parent_id (f)), ==, 1);
}

static void
test_exchange_refused (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_EXCHANGE);
  g_autoptr(RetourRma) after = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(RetourStoreResolution) none = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (items, retour_exchange_item_new ("999", "Gone", 1,
                                                    retour_money_init (list_price (f->product), "EUR")));
  queued = queue (f, rma, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER, items);
  g_assert_cmpint (queued->difference.minor, ==, 0);

  /* An item the shop does not have: refused, in the shop's words, kept
   * with the return; the return itself is as it was. */
  none = carry_out (f, queued->id, &error);
  g_assert_null (none);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Invalid product ID."));
  g_clear_error (&error);
  stored = retour_resolution_store_load_for_rma (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_FAILED);
  g_assert_nonnull (strstr (stored->last_error, "Invalid product ID."));
  after = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, rma->status);
  g_assert_cmpint (after->resolution, ==, RETOUR_RESOLUTION_EXCHANGE);
  g_assert_cmpint (after->version, ==, rma->version);
  g_assert_cmpuint (retour_emulator_count_exchange_orders (f->emulator, parent_id (f)), ==, 0);

  /* Failed stays failed: nothing is sent until staff try again. */
  g_assert_null (carry_out (f, queued->id, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);
}

static void
test_coupon (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_STORE_CREDIT);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_COUPON, NULL);
  g_autoptr(RetourStoreResolution) done = NULL;
  g_autoptr(RetourStoreResolution) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = retour_store_resolution_code_for_marker (queued->marker);
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                                             list_price (f->product) / 100, list_price (f->product) % 100);
  GPtrArray *coupons;
  RetourEmulatorCoupon *coupon;

  /* Its answer lost, too. */
  retour_emulator_add_faults (f->emulator, "write-stall", &error);
  g_assert_no_error (error);
  done = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpuint (g_ascii_strcasecmp (done->code, code), ==, 0);

  coupons = retour_emulator_list_coupons (f->emulator);
  g_assert_cmpuint (coupons->len, ==, 1);
  coupon = g_ptr_array_index (coupons, 0);
  g_assert_cmpstr (coupon->amount, ==, amount);
  g_assert_cmpstr (coupon->email, ==, f->order->email);
  g_assert_cmpuint (coupon->usage_limit, ==, 1);
  g_assert_nonnull (coupon->expires);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);

  again = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coupons->len, ==, 1);
}

static void
test_coupon_code_taken (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_STORE_CREDIT);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_COUPON, NULL);
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = retour_store_resolution_code_for_marker (queued->marker);

  /* Someone made a coupon of that code by hand: it is not Retour's, and
   * WooCommerce refuses a second. */
  retour_emulator_add_coupon (f->emulator, code);
  g_assert_null (carry_out (f, queued->id, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_clear_error (&error);
  stored = retour_resolution_store_load (f->db, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_FAILED);
  g_assert_nonnull (strstr (stored->last_error, "The coupon code already exists"));
  g_assert_cmpuint (retour_emulator_list_coupons (f->emulator)->len, ==, 1);
}

/* Shopify ------------------------------------------------------------------ */

/* Exchanged for @product in Shopify: a draft order of it, tagged with the
 * marker, completed, or with its invoice sent when it costs more. */
static RetourStoreResolution *
shopify_exchange_for (Fixture  *f,
                      guint     product)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_EXCHANGE);
  g_autoptr(GPtrArray) items = items_of_shop (TRUE, product);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER, items);
  g_autoptr(GError) error = NULL;
  gint64 difference = list_price (product) - list_price (f->product);
  RetourStoreResolution *done;
  const char *status, *note = NULL;
  gint64 discount = 0, variant = 0;

  done = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpuint (retour_emulator_count_draft_orders (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);
  status = retour_emulator_get_draft_order (f->emulator, 0, &discount, &note, &variant);
  g_assert_cmpint (variant, ==, 100 + product);
  g_assert_cmpint (discount, ==, MIN (list_price (product), list_price (f->product)));
  /* The new order knows its return. */
  g_assert_nonnull (strstr (note, rma->number));

  if (difference > 0)
    {
      g_assert_cmpstr (status, ==, "INVOICE_SENT");
      g_assert_cmpstr (done->code, ==, "#D1");
      g_assert_true (g_str_has_prefix (done->external_id, "gid://shopify/DraftOrder/"));
      g_assert_nonnull (done->payment_url);
      g_assert_cmpuint (retour_emulator_get_notifications (f->emulator), ==, 1);
    }
  else
    {
      g_assert_cmpstr (status, ==, "COMPLETED");
      g_assert_true (g_str_has_prefix (done->external_id, "gid://shopify/Order/"));
      g_assert_true (done->code != NULL && done->code[0] == '#' && done->code[1] != 'D');
      g_assert_null (done->payment_url);
    }

  return done;
}

static void
test_shopify_exchange_equal (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(RetourStoreResolution) done = shopify_exchange_for (f, f->product);
  g_autoptr(RetourStoreResolution) again = NULL;
  g_autoptr(GError) error = NULL;

  /* Each new query priced like the others, as Shopify prices them. */
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourDraftOrdersByMarker"), ==, 12);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourDraftOrderCreate"), ==, 10);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourDraftOrderComplete"), ==, 10);

  again = carry_out (f, done->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->external_id, ==, done->external_id);
  g_assert_cmpuint (retour_emulator_count_draft_orders (f->emulator), ==, 1);
}

static void
test_shopify_exchange_dearer (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autoptr(RetourStoreResolution) done = shopify_exchange_for (f, f->product + 1);

  g_assert_cmpint (done->difference.minor, ==, 500);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourDraftOrderInvoiceSend"), ==, 10);
}

static void
test_shopify_exchange_cheaper (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(RetourStoreResolution) done = shopify_exchange_for (f, f->product - 1);
  g_autoptr(GArray) write_backs = NULL;
  g_autoptr(GError) error = NULL;

  /* The difference waits to go back as refunds do. */
  g_assert_cmpint (done->difference.minor, ==, -500);
  g_assert_cmpint (done->difference_refund_id, >, 0);
  write_backs = retour_sync_store_list_pending_write_backs (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (write_backs->len, ==, 1);
  g_assert_cmpint (g_array_index (write_backs, gint64, 0), ==, done->difference_refund_id);
}

static void
test_shopify_exchange_answer_lost (Fixture       *f,
                                   gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_EXCHANGE);
  g_autoptr(GPtrArray) items = items_of_shop (TRUE, f->product);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER, items);
  g_autoptr(RetourStoreResolution) done = NULL;
  g_autoptr(GError) error = NULL;

  /* The draft is made, its answer lost: found by its tag and completed,
   * not made again. */
  retour_emulator_add_faults (f->emulator, "write-stall", &error);
  g_assert_no_error (error);
  done = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_count_draft_orders (f->emulator), ==, 1);
  g_assert_cmpstr (retour_emulator_get_draft_order (f->emulator, 0, NULL, NULL, NULL), ==, "COMPLETED");
}

static void
test_shopify_exchange_refused (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_EXCHANGE);
  g_autoptr(RetourRma) after = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (items, retour_exchange_item_new ("gid://shopify/ProductVariant/999", "Gone", 1,
                                                    retour_money_init (list_price (f->product), "EUR")));
  queued = queue (f, rma, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER, items);

  g_assert_null (carry_out (f, queued->id, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "is no longer available"));
  g_clear_error (&error);
  stored = retour_resolution_store_load_for_rma (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_FAILED);
  g_assert_nonnull (strstr (stored->last_error, "is no longer available"));
  after = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->version, ==, rma->version);
  g_assert_cmpuint (retour_emulator_count_draft_orders (f->emulator), ==, 0);
}

static void
test_shopify_gift_card (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_STORE_CREDIT);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_GIFT_CARD, NULL);
  g_autoptr(RetourStoreResolution) done = NULL;
  g_autoptr(RetourStoreResolution) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = retour_store_resolution_code_for_marker (queued->marker);

  retour_emulator_add_faults (f->emulator, "write-stall", &error);
  g_assert_no_error (error);
  done = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpstr (done->code, ==, code);
  g_assert_true (g_str_has_prefix (done->external_id, "gid://shopify/GiftCard/"));
  g_assert_cmpuint (retour_emulator_count_gift_cards (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_resolution_writes (f->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourGiftCardsByCode"), ==, 7);
  g_assert_cmpuint (retour_emulator_get_query_cost (f->emulator, "RetourGiftCardCreate"), ==, 10);

  again = carry_out (f, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retour_emulator_count_gift_cards (f->emulator), ==, 1);
}

static void
test_shopify_gift_card_code_taken (Fixture       *f,
                                   gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_STORE_CREDIT);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_GIFT_CARD, NULL);
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = retour_store_resolution_code_for_marker (queued->marker);

  retour_emulator_add_gift_card (f->emulator, code);
  g_assert_null (carry_out (f, queued->id, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_clear_error (&error);
  stored = retour_resolution_store_load (f->db, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_FAILED);
  g_assert_nonnull (strstr (stored->last_error, "Code has already been taken"));
}

/* Store credit accounts are not credited (nothing to find a credit by
 * after a lost answer): refused before anything is sent. */
static void
test_shopify_store_credit_refused (Fixture       *f,
                                   gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_STORE_CREDIT);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_STORE_CREDIT, NULL);
  g_autoptr(GError) error = NULL;
  guint requests = retour_emulator_get_requests (f->emulator);

  g_assert_null (carry_out (f, queued->id, &error));
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED);
  g_assert_cmpuint (retour_emulator_get_requests (f->emulator), ==, requests);
}

/* The scheduler's write-back run sends what waits, as it sends refunds. */
static void
test_scheduler_sends (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = add_return (f, RETOUR_RESOLUTION_STORE_CREDIT);
  g_autoptr(RetourStoreResolution) queued = queue (f, rma, RETOUR_STORE_RESOLUTION_COUPON, NULL);
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourSyncScheduler) scheduler = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  storefront = retour_sync_store_load (f->db, f->store_id, &error);
  g_assert_no_error (error);
  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  retour_keyring_store_async (keyring, storefront, credentials, NULL, on_done, &result);
  retour_keyring_store_finish (keyring, wait_for (&result), &error);
  g_assert_no_error (error);

  scheduler = retour_sync_scheduler_new (f->db, keyring, real_time_clock, NULL);
  retour_sync_scheduler_write_back (scheduler, f->store_id);
  while (retour_sync_scheduler_get_busy (scheduler))
    g_main_context_iteration (NULL, TRUE);

  stored = retour_resolution_store_load (f->db, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpuint (retour_emulator_list_coupons (f->emulator)->len, ==, 1);
}

#define ADD(name, func) \
  g_test_add (name, Fixture, GINT_TO_POINTER (RETOUR_EMULATOR_WOO), fixture_set_up, func, fixture_tear_down)
#define ADD_SHOPIFY(name, func) \
  g_test_add (name, Fixture, GINT_TO_POINTER (RETOUR_EMULATOR_SHOPIFY), fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/resolutions/woo/exchange/equal", test_exchange_equal);
  ADD ("/resolutions/woo/exchange/dearer", test_exchange_dearer);
  ADD ("/resolutions/woo/exchange/cheaper", test_exchange_cheaper);
  ADD ("/resolutions/woo/exchange/answer-lost", test_exchange_answer_lost);
  ADD ("/resolutions/woo/exchange/refused", test_exchange_refused);
  ADD ("/resolutions/woo/coupon", test_coupon);
  ADD ("/resolutions/woo/coupon/code-taken", test_coupon_code_taken);
  ADD ("/resolutions/woo/scheduler", test_scheduler_sends);
  ADD_SHOPIFY ("/resolutions/shopify/exchange/equal", test_shopify_exchange_equal);
  ADD_SHOPIFY ("/resolutions/shopify/exchange/dearer", test_shopify_exchange_dearer);
  ADD_SHOPIFY ("/resolutions/shopify/exchange/cheaper", test_shopify_exchange_cheaper);
  ADD_SHOPIFY ("/resolutions/shopify/exchange/answer-lost", test_shopify_exchange_answer_lost);
  ADD_SHOPIFY ("/resolutions/shopify/exchange/refused", test_shopify_exchange_refused);
  ADD_SHOPIFY ("/resolutions/shopify/gift-card", test_shopify_gift_card);
  ADD_SHOPIFY ("/resolutions/shopify/gift-card/code-taken", test_shopify_gift_card_code_taken);
  ADD_SHOPIFY ("/resolutions/shopify/store-credit", test_shopify_store_credit_refused);

  return g_test_run ();
}
