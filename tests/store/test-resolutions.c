/* test-resolutions.c — a return's resolution queued for the storefront, and what came of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the desk (retour_desk_carry_out_resolution()) and the store
 * (retour-resolution-store.h), on SQLite and on PostgreSQL: what is
 * queued for which return, the refund a cheaper exchange leaves, the
 * consent a withdrawal needs, one per return, and the outcomes a
 * connector records.
 */
#include "config.h"

#include "retour-catalog-store.h"
#include "retour-desk-resolution.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"
#include "retour-test-db.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */

typedef struct
{
  char           *dir;
  RetourDatabase *db;
  RetourContext  *context;
  gint64          now_us;
  gint64          store_id;
  gint64          reason_id;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now_us;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  RetourPlatform platform = GPOINTER_TO_INT (data);

  f->db = retour_test_db_new ("retour-test-resolutions-XXXXXX", &f->dir, NULL);
  f->now_us = NOW_US;
  f->context = retour_context_new (f->db);
  retour_context_set_clock (f->context, fixture_clock, f);
  retour_context_set_actor (f->context, "Sanne");

  storefront->name = g_strdup ("Lampen.nl");
  storefront->platform = platform;
  storefront->base_url = g_strdup ("https://lampen.example");
  retour_sync_store_add (f->db, storefront, f->now_us, &error);
  g_assert_no_error (error);
  retour_sync_store_set_write_back (f->db, storefront->id, TRUE, FALSE, &error);
  g_assert_no_error (error);
  f->store_id = storefront->id;

  /* A reason that is no defect: the return is a withdrawal. */
  reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < reasons->len && f->reason_id == 0; i++)
    {
      RetourReason *reason = g_ptr_array_index (reasons, i);

      if (g_strcmp0 (reason->code, "changed-mind") == 0)
        f->reason_id = reason->id;
    }
  g_assert_cmpint (f->reason_id, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->context);
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
}

/* A return of one desk lamp (19.95) of order @number, delivered a week
 * ago, to be resolved as @resolution; @from_store FALSE: an order typed
 * in, not from the storefront. */
static RetourRma *
add_return (Fixture          *f,
            const char       *number,
            gboolean          from_store,
            RetourResolution  resolution,
            gboolean          consent)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  RetourOrderLine *line = retour_order_line_new ();
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  RetourRma *rma = NULL;

  customer->store_id = from_store ? f->store_id : 0;
  customer->external_id = from_store ? g_strdup_printf ("c-%s", number) : NULL;
  customer->first_name = g_strdup ("Noor");
  customer->last_name = g_strdup ("Smit");
  customer->email = g_strdup ("noor@example.nl");
  retour_catalog_store_upsert_customer (f->db, customer, f->now_us, &error);
  g_assert_no_error (error);

  order->store_id = from_store ? f->store_id : 0;
  order->external_id = from_store ? g_strdup_printf ("o-%s", number) : NULL;
  order->number = g_strdup (number);
  order->customer_id = customer->id;
  order->total = retour_money_init (1995, "EUR");
  order->ordered_us = f->now_us - 10 * DAY_US;
  order->delivered_us = f->now_us - 7 * DAY_US;
  line->external_id = from_store ? g_strdup_printf ("l-%s", number) : NULL;
  line->sku = g_strdup ("LMP-01");
  line->title = g_strdup ("Desk lamp");
  line->quantity = 1;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (1995, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  item.order_line_id = line->id;
  item.quantity = 1;
  item.reason_id = f->reason_id;
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = resolution;
  request.consent_alternative = consent;
  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rma->number);


  return rma;
}

static GPtrArray *
items_of (const char *variant,
          gint64      price_minor)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);

  g_ptr_array_add (items, retour_exchange_item_new (variant, "Floor lamp", 1, retour_money_init (price_minor, "EUR")));

  return items;
}

static guint
count_pending (Fixture *f)
{
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  pending = retour_resolution_store_list_pending (f->db, f->store_id, &error);
  g_assert_no_error (error);

  return pending->len;
}

static guint
count_refunds (Fixture *f,
               gint64   rma_id)
{
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;

  refunds = retour_rma_store_list_refunds (f->db, rma_id, &error);
  g_assert_no_error (error);

  return refunds->len;
}

static void
test_exchange_equal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "1042", TRUE, RETOUR_RESOLUTION_EXCHANGE, TRUE);
  g_autoptr(GPtrArray) items = items_of ("501", 1995);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(GError) error = NULL;
  const RetourExchangeItem *item;

  f->now_us += 60 * G_USEC_PER_SEC;
  retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                    retour_money_init (0, "EUR"), items, &queued, &storefront, &error);
  g_assert_no_error (error);
  g_assert_cmpint (storefront->id, ==, f->store_id);
  g_assert_cmpint (queued->id, >, 0);
  g_assert_true (g_str_has_prefix (queued->marker, "retour-"));

  stored = retour_resolution_store_load_for_rma (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->id, ==, queued->id);
  g_assert_cmpint (stored->kind, ==, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_QUEUED);
  g_assert_cmpint (stored->amount.minor, ==, 1995);
  g_assert_cmpint (stored->difference.minor, ==, 0);
  g_assert_cmpint (stored->difference_refund_id, ==, 0);
  g_assert_cmpstr (stored->marker, ==, queued->marker);
  g_assert_cmpstr (stored->actor, ==, "Sanne");
  g_assert_cmpint (stored->queued_us, ==, NOW_US + 60 * G_USEC_PER_SEC);
  g_assert_cmpstr (stored->rma_number, ==, rma->number);
  g_assert_cmpstr (stored->order_external_id, ==, "o-1042");
  g_assert_cmpstr (stored->order_number, ==, "1042");
  g_assert_cmpstr (stored->customer_external_id, ==, "c-1042");
  g_assert_cmpstr (stored->customer_email, ==, "noor@example.nl");
  g_assert_cmpuint (stored->items->len, ==, 1);
  item = g_ptr_array_index (stored->items, 0);
  g_assert_cmpstr (item->variant_external_id, ==, "501");
  g_assert_cmpstr (item->title, ==, "Floor lamp");
  g_assert_cmpuint (item->quantity, ==, 1);
  g_assert_cmpint (item->unit_price.minor, ==, 1995);
  g_assert_cmpuint (count_pending (f), ==, 1);
  g_assert_cmpuint (count_refunds (f, rma->id), ==, 0);

  /* One per return: a second is refused while the first waits. */
  g_assert_false (retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                                    retour_money_init (0, "EUR"), items, NULL, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_cmpuint (count_pending (f), ==, 1);
}

static void
test_exchange_cheaper (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "1043", TRUE, RETOUR_RESOLUTION_EXCHANGE, TRUE);
  g_autoptr(GPtrArray) items = items_of ("502", 1500);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GArray) write_backs = NULL;
  g_autoptr(GError) error = NULL;
  const RetourRefund *refund;

  retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                    retour_money_init (0, "EUR"), items, &queued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (queued->difference.minor, ==, -495);

  /* The 4.95 left over is refunded the way every refund is, and goes to
   * the store with the exchange. */
  refunds = retour_rma_store_list_refunds (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 1);
  refund = g_ptr_array_index (refunds, 0);
  g_assert_cmpint (refund->amount.minor, ==, 495);
  g_assert_cmpint (queued->difference_refund_id, ==, refund->id);
  write_backs = retour_sync_store_list_pending_write_backs (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (write_backs->len, ==, 1);
  g_assert_cmpint (g_array_index (write_backs, gint64, 0), ==, refund->id);
  g_assert_cmpuint (count_pending (f), ==, 1);
}

static void
test_exchange_dearer (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "1044", TRUE, RETOUR_RESOLUTION_EXCHANGE, TRUE);
  g_autoptr(GPtrArray) items = items_of ("503", 2995);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(GError) error = NULL;

  retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                    retour_money_init (0, "EUR"), items, &queued, NULL, &error);
  g_assert_no_error (error);
  /* The customer pays 10.00 in the store; nothing is refunded. */
  g_assert_cmpint (queued->amount.minor, ==, 2995);
  g_assert_cmpint (queued->difference.minor, ==, 1000);
  g_assert_cmpuint (count_refunds (f, rma->id), ==, 0);
}

static void
test_withdrawal_needs_consent (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "1045", TRUE, RETOUR_RESOLUTION_REFUND, FALSE);
  g_autoptr(GPtrArray) items = items_of ("501", 1500);
  g_autoptr(GError) error = NULL;

  /* Resolved as an exchange without the customer's agreement: the law
   * wants their money back, so nothing is queued and nothing refunded. */
  rma->resolution = RETOUR_RESOLUTION_EXCHANGE;
  rma->consent_alternative = TRUE;
  retour_desk_save_return (f->context, rma, &error);
  g_assert_no_error (error);
  rma->consent_alternative = FALSE;
  retour_desk_save_return (f->context, rma, &error);
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_clear_error (&error);
  g_clear_pointer (&rma, retour_rma_free);

  /* Stored with consent, then the flag taken away behind the desk's
   * back: the desk reads the return as stored and refuses. */
  {
    g_autoptr(RetourRma) plain = add_return (f, "1046", TRUE, RETOUR_RESOLUTION_EXCHANGE, TRUE);

    retour_test_db_query_int (f->db, "UPDATE rma SET consent_alternative = 0 WHERE id = ? RETURNING id", plain->id);
    g_assert_false (retour_desk_carry_out_resolution (f->context, plain->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                                      retour_money_init (0, "EUR"), items, NULL, NULL, &error));
    g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
    g_assert_cmpuint (count_pending (f), ==, 0);
    g_assert_cmpuint (count_refunds (f, plain->id), ==, 0);
  }
}

static void
test_credit (Fixture       *f,
             gconstpointer  data)
{
  RetourPlatform platform = GPOINTER_TO_INT (data);
  g_autoptr(RetourRma) rma = add_return (f, "1047", TRUE, RETOUR_RESOLUTION_STORE_CREDIT, TRUE);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(GError) error = NULL;
  RetourStoreResolutionKind kind, wrong;

  retour_desk_credit_kind (f->context, f->store_id, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, platform == RETOUR_PLATFORM_WOOCOMMERCE ? RETOUR_STORE_RESOLUTION_COUPON
                                                                     : RETOUR_STORE_RESOLUTION_GIFT_CARD);

  /* What the platform has no way to give is refused. */
  wrong = platform == RETOUR_PLATFORM_WOOCOMMERCE ? RETOUR_STORE_RESOLUTION_STORE_CREDIT
                                                  : RETOUR_STORE_RESOLUTION_COUPON;
  g_assert_false (retour_desk_carry_out_resolution (f->context, rma->id, wrong, retour_money_init (0, "EUR"),
                                                    NULL, NULL, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* So is an exchange order for a return resolved as credit. */
  g_assert_false (retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                                    retour_money_init (0, "EUR"), NULL, NULL, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* No amount: the refund due. */
  retour_desk_carry_out_resolution (f->context, rma->id, kind, retour_money_init (0, "EUR"),
                                    NULL, &queued, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (queued->amount.minor, ==, 1995);
  g_assert_cmpint (queued->kind, ==, kind);

  if (platform == RETOUR_PLATFORM_SHOPIFY)
    {
      g_autoptr(RetourRma) other = add_return (f, "1048", TRUE, RETOUR_RESOLUTION_STORE_CREDIT, TRUE);

      retour_setting_store_set (f->db, RETOUR_SETTING_SHOPIFY_CREDIT, "store-credit", &error);
      g_assert_no_error (error);
      retour_desk_credit_kind (f->context, f->store_id, &kind, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kind, ==, RETOUR_STORE_RESOLUTION_STORE_CREDIT);
      g_clear_pointer (&queued, retour_store_resolution_free);
      retour_desk_carry_out_resolution (f->context, other->id, kind, retour_money_init (1000, "EUR"),
                                        NULL, &queued, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (queued->amount.minor, ==, 1000);
    }
}

static void
test_not_from_store (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "MARKT-1", FALSE, RETOUR_RESOLUTION_EXCHANGE, TRUE);
  g_autoptr(GPtrArray) items = items_of ("501", 1995);
  g_autoptr(GError) error = NULL;

  g_assert_false (retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                                    retour_money_init (0, "EUR"), items, NULL, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_cmpuint (count_pending (f), ==, 0);
}

static void
test_outcomes (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "1050", TRUE, RETOUR_RESOLUTION_EXCHANGE, TRUE);
  g_autoptr(GPtrArray) items = items_of ("501", 1995);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(RetourStoreResolution) again = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_marker = NULL;
  g_autofree char *text = NULL;

  retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                    retour_money_init (0, "EUR"), items, &queued, NULL, &error);
  g_assert_no_error (error);
  first_marker = g_strdup (queued->marker);

  /* An answer lost: still queued, to be looked for. */
  retour_resolution_store_record (f->db, queued->id, NULL, NULL, NULL, FALSE, "The store did not answer.",
                                  NOW_US + 1, &error);
  g_assert_no_error (error);
  stored = retour_resolution_store_load (f->db, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_QUEUED);
  g_assert_cmpuint (stored->attempts, ==, 1);
  g_assert_cmpstr (stored->last_error, ==, "The store did not answer.");
  g_assert_cmpuint (count_pending (f), ==, 1);
  g_clear_pointer (&stored, retour_store_resolution_free);

  /* Refused: failed, with the store's words, waiting for staff. */
  retour_resolution_store_record (f->db, queued->id, NULL, NULL, NULL, TRUE, "Variant is out of stock",
                                  NOW_US + 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_pending (f), ==, 0);
  waiting = retour_resolution_store_list_waiting (f->db, f->store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  stored = g_ptr_array_steal_index (waiting, 0);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_FAILED);
  g_assert_cmpstr (stored->last_error, ==, "Variant is out of stock");
  g_assert_cmpstr (stored->rma_number, ==, rma->number);
  g_clear_pointer (&stored, retour_store_resolution_free);

  /* A late answer to a failed one changes nothing. */
  retour_resolution_store_record (f->db, queued->id, "gid://shopify/Order/9", "#9", NULL, FALSE, NULL,
                                  NOW_US + 3, &error);
  g_assert_no_error (error);
  stored = retour_resolution_store_load (f->db, queued->id, &error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_FAILED);
  g_assert_null (stored->external_id);
  g_clear_pointer (&stored, retour_store_resolution_free);

  /* Try Again: queued as it was. */
  retour_resolution_store_retry (f->db, queued->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_pending (f), ==, 1);

  /* Made: done, linked, and no longer listed as waiting. */
  retour_resolution_store_record (f->db, queued->id, "4711", "#4711", "https://pay.example/4711", FALSE, NULL,
                                  NOW_US + 4, &error);
  g_assert_no_error (error);
  stored = retour_resolution_store_load_for_rma (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->state, ==, RETOUR_STORE_RESOLUTION_DONE);
  g_assert_cmpstr (stored->external_id, ==, "4711");
  g_assert_cmpstr (stored->code, ==, "#4711");
  g_assert_cmpstr (stored->payment_url, ==, "https://pay.example/4711");
  g_assert_null (stored->last_error);
  g_assert_cmpint (stored->done_us, ==, NOW_US + 4);
  g_assert_cmpuint (stored->attempts, ==, 3);
  text = retour_store_resolution_describe (stored);
  g_assert_cmpstr (text, ==, "Exchange order #4711");
  g_clear_pointer (&waiting, g_ptr_array_unref);
  waiting = retour_resolution_store_list_waiting (f->db, f->store_id, &error);
  g_assert_cmpuint (waiting->len, ==, 0);

  /* Done is done: nothing more is queued for the return. */
  g_assert_false (retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                                    retour_money_init (0, "EUR"), items, &again, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
}

static void
test_failed_is_replaced (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RetourRma) rma = add_return (f, "1051", TRUE, RETOUR_RESOLUTION_EXCHANGE, TRUE);
  g_autoptr(GPtrArray) items = items_of ("999", 1995);
  g_autoptr(GPtrArray) other = items_of ("501", 1995);
  g_autoptr(RetourStoreResolution) first = NULL;
  g_autoptr(RetourStoreResolution) second = NULL;
  g_autoptr(RetourStoreResolution) stored = NULL;
  g_autoptr(GError) error = NULL;

  retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                    retour_money_init (0, "EUR"), items, &first, NULL, &error);
  g_assert_no_error (error);
  retour_resolution_store_record (f->db, first->id, NULL, NULL, NULL, TRUE, "Unknown variant", NOW_US, &error);
  g_assert_no_error (error);

  /* Staff choose another item: it replaces what the store refused. */
  retour_desk_carry_out_resolution (f->context, rma->id, RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,
                                    retour_money_init (0, "EUR"), other, &second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->marker, !=, first->marker);
  stored = retour_resolution_store_load_for_rma (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->id, ==, second->id);
  g_assert_cmpstr (((RetourExchangeItem *) g_ptr_array_index (stored->items, 0))->variant_external_id, ==, "501");
  g_assert_cmpuint (count_pending (f), ==, 1);
}

static void
test_code_for_marker (void)
{
  g_autofree char *code = retour_store_resolution_code_for_marker ("retour-3f2a9c1e-77b0-4d2e-9a1b-0c2d3e4f5a6b");
  g_autofree char *same = retour_store_resolution_code_for_marker ("retour-3f2a9c1e-77b0-4d2e-9a1b-0c2d3e4f5a6b");

  g_assert_cmpstr (code, ==, "RETOUR-3F2A9C1E77");
  g_assert_cmpstr (code, ==, same);
}

#define ADD(name, platform, func) \
  g_test_add (name, Fixture, GINT_TO_POINTER (platform), fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/resolutions/code-for-marker", test_code_for_marker);
  ADD ("/resolutions/exchange/equal", RETOUR_PLATFORM_WOOCOMMERCE, test_exchange_equal);
  ADD ("/resolutions/exchange/cheaper", RETOUR_PLATFORM_WOOCOMMERCE, test_exchange_cheaper);
  ADD ("/resolutions/exchange/dearer", RETOUR_PLATFORM_SHOPIFY, test_exchange_dearer);
  ADD ("/resolutions/exchange/consent", RETOUR_PLATFORM_WOOCOMMERCE, test_withdrawal_needs_consent);
  ADD ("/resolutions/exchange/not-from-store", RETOUR_PLATFORM_WOOCOMMERCE, test_not_from_store);
  ADD ("/resolutions/credit/woocommerce", RETOUR_PLATFORM_WOOCOMMERCE, test_credit);
  ADD ("/resolutions/credit/shopify", RETOUR_PLATFORM_SHOPIFY, test_credit);
  ADD ("/resolutions/outcomes", RETOUR_PLATFORM_SHOPIFY, test_outcomes);
  ADD ("/resolutions/failed-is-replaced", RETOUR_PLATFORM_WOOCOMMERCE, test_failed_is_replaced);

  return g_test_run ();
}
