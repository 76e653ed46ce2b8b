/* test-desk.c — what staff do at the desk, as they would notice it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each workflow of src/desk on a scratch shop with a fixed clock: what is
 * stored afterwards, and that a call that fails leaves nothing behind and
 * says why.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "retour-catalog-store.h"
#include "retour-desk.h"
#include "retour-inventory-store.h"
#include "retour-policy-store.h"
#include "retour-search.h"
#include "retour-stock-store.h"
#include "retour-test-db.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
  RetourContext  *context;
  GPtrArray      *reasons;
  gint64          now_us;
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
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("retour-test-desk-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->db = retour_database_open (f->path, &error);
  g_assert_no_error (error);
  f->reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->reasons->len, >, 0);

  f->now_us = NOW_US;
  f->context = retour_context_new (f->db);
  retour_context_set_clock (f->context, fixture_clock, f);
  g_assert_nonnull (tz);
  retour_context_set_time_zone (f->context, tz);
  retour_context_set_actor (f->context, "Sanne");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->context);
  g_clear_object (&f->db);
  g_clear_pointer (&f->reasons, g_ptr_array_unref);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
reason_id (Fixture *f)
{
  return ((RetourReason *) g_ptr_array_index (f->reasons, 0))->id;
}

static gint64
add_product (Fixture    *f,
             const char *sku,
             const char *title)
{
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GError) error = NULL;

  product->sku = g_strdup (sku);
  product->title = g_strdup (title);
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);

  return product->id;
}

/* A customer's order of @quantity of one product, delivered a week ago:
 * well inside the policy. @store_id 0: not from a storefront. */
static RetourOrder *
add_order (Fixture    *f,
           gint64      store_id,
           const char *number,
           gint64      product_id,
           guint       quantity)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  RetourOrderLine *line = retour_order_line_new ();
  g_autoptr(GError) error = NULL;

  customer->store_id = store_id;
  customer->external_id = store_id != 0 ? g_strdup_printf ("c-%s", number) : NULL;
  customer->first_name = g_strdup ("Noor");
  customer->last_name = g_strdup ("Smit");
  customer->email = g_strdup ("noor@example.nl");
  retour_catalog_store_upsert_customer (f->db, customer, f->now_us, &error);
  g_assert_no_error (error);

  order->store_id = store_id;
  order->external_id = store_id != 0 ? g_strdup_printf ("o-%s", number) : NULL;
  order->number = g_strdup (number);
  order->customer_id = customer->id;
  order->total = retour_money_init (1995 * quantity, "EUR");
  order->ordered_us = f->now_us - 10 * DAY_US;
  order->delivered_us = f->now_us - 7 * DAY_US;
  line->external_id = store_id != 0 ? g_strdup_printf ("l-%s", number) : NULL;
  line->product_id = product_id;
  line->sku = g_strdup ("LMP-01");
  line->title = g_strdup ("Desk lamp");
  line->quantity = quantity;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (1995 * quantity, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&order);
}

/* A return of @quantity of the order's first item, through the desk. */
static RetourRma *
create_for_order (Fixture     *f,
                  RetourOrder *order,
                  guint        quantity)
{
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  RetourRma *rma = NULL;

  item.order_line_id = ((RetourOrderLine *) g_ptr_array_index (order->lines, 0))->id;
  item.quantity = quantity;
  item.reason_id = reason_id (f);
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;

  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rma);

  return rma;
}

/* The Henk of the phone window's test: an order Retour does not know,
 * typed in, delivered forty days ago: past the withdrawal period and
 * outside the policy. */
static void
typed_in_request (RetourPhoneReturn     *request,
                  RetourPhoneReturnLine *item)
{
  item->title = "  Wool scarf ";
  item->sku = "";
  item->unit_price = retour_money_init (2450, "EUR");
  item->quantity = 2;

  request->first_name = "Henk";
  request->last_name = " de Vries";
  request->email = "henk@example.nl";
  request->phone = "";
  request->order_number = "MARKT-17";
  request->delivered_us = NOW_US - 40 * DAY_US;
  request->lines = item;
  request->n_lines = 1;
  request->resolution = RETOUR_RESOLUTION_STORE_CREDIT;
  request->consent_alternative = TRUE;
  request->override_note = "Bought at the market stall";
}

static guint64
count_returns (RetourDatabase *db)
{
  guint64 counts[RETOUR_RMA_N_STATUSES];
  g_autoptr(GError) error = NULL;
  guint64 total = 0;

  retour_rma_store_count_by_status (db, counts, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    total += counts[i];

  return total;
}

static gboolean
has_event (RetourDatabase *db,
           gint64          rma_id,
           const char     *kind,
           const char     *detail)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  events = retour_rma_store_list_events (db, rma_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->kind, kind) == 0 && (detail == NULL || g_strcmp0 (event->detail, detail) == 0))
        return TRUE;
    }

  return FALSE;
}

/* Creating -------------------------------------------------------------------- */

static void
test_create_for_an_order (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, "1042", 0, 2);
  g_autoptr(RetourRma) created = create_for_order (f, order, 2);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const RetourRmaLine *line;
  const RetourRmaEvent *last;

  /* As stored: authorized, numbered, for the order, with its line. */
  rma = retour_rma_store_load (f->db, created->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_nonnull (rma->number);
  g_assert_cmpstr (rma->number, ==, created->number);
  g_assert_cmpint (rma->order_id, ==, order->id);
  g_assert_cmpint (rma->customer_id, ==, order->customer_id);
  g_assert_cmpint (rma->authorized_us, ==, NOW_US);
  g_assert_cmpint (rma->resolution, ==, RETOUR_RESOLUTION_REFUND);
  g_assert_cmpint (rma->refund_method, !=, RETOUR_REFUND_METHOD_NONE);
  g_assert_cmpuint (rma->lines->len, ==, 1);
  line = g_ptr_array_index (rma->lines, 0);
  g_assert_cmpstr (line->title, ==, "Desk lamp");
  g_assert_cmpuint (line->qty_ordered, ==, 2);
  g_assert_cmpuint (line->qty_requested, ==, 2);
  g_assert_cmpuint (line->qty_authorized, ==, 2);
  g_assert_cmpint (line->reason_id, ==, reason_id (f));
  g_assert_cmpint (line->unit_price.minor, ==, 1995);

  /* Inside the policy: no note needed, none written. */
  g_assert_false (has_event (f->db, rma->id, "note", NULL));
  events = retour_rma_store_list_events (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((RetourRmaEvent *) g_ptr_array_index (events, 0))->kind, ==, "created");
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpint (last->to_status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpstr (last->actor, ==, "Sanne");
  g_assert_cmpint (last->created_us, ==, NOW_US);
}

static void
test_create_typed_in (Fixture       *f,
                      gconstpointer  data)
{
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) created = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const RetourRmaLine *line;

  typed_in_request (&request, &item);
  retour_desk_create_return (f->context, &request, &created, &error);
  g_assert_no_error (error);

  rma = retour_rma_store_load (f->db, created->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpstr (rma->customer_name, ==, "Henk de Vries");
  g_assert_cmpstr (rma->customer_email, ==, "henk@example.nl");
  g_assert_null (rma->customer_phone);
  g_assert_cmpint (rma->refund_method, ==, RETOUR_REFUND_METHOD_STORE_CREDIT);
  line = g_ptr_array_index (rma->lines, 0);
  g_assert_cmpstr (line->title, ==, "Wool scarf");
  g_assert_null (line->sku);
  g_assert_cmpint (line->unit_price.minor, ==, 2450);
  g_assert_cmpuint (line->qty_requested, ==, 2);
  g_assert_true (has_event (f->db, rma->id, "note", "Bought at the market stall"));

  /* The order typed in is an order of the shop now, found by the phone
   * window's search, worth what comes back. */
  order = retour_catalog_store_load_order (f->db, rma->order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->store_id, ==, 0);
  g_assert_cmpstr (order->number, ==, "MARKT-17");
  g_assert_cmpint (order->total.minor, ==, 4900);
  /* Ordered when it was delivered: all that was said of it. */
  g_assert_cmpint (order->ordered_us, ==, NOW_US - 40 * DAY_US);
  g_assert_cmpint (order->delivered_us, ==, NOW_US - 40 * DAY_US);
  found = retour_search_orders (f->db, "henk@example.nl", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

/* The local day @us falls on in Amsterdam, "2026-12-02". */
static char *
dup_local_day (Fixture *f,
               gint64   us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, retour_context_get_time_zone (f->context));

  return g_date_time_format (local, "%F");
}

/* A return taken on the phone says by when its parcel is sent, as the
 * demo's and the label's "Send the parcel by…" expect: 14 days from the
 * call (18 November), the law's time to send goods back; and it becomes
 * overdue the day after, not before. */
static void
test_create_sets_send_by (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, "1042", 0, 1);
  g_autoptr(RetourRma) created = create_for_order (f, order, 1);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  guint n_expired = 99;

  rma = retour_rma_store_load (f->db, created->id, &error);
  g_assert_no_error (error);
  day = dup_local_day (f, rma->due_us);
  g_assert_cmpstr (day, ==, "2026-12-02");
  g_assert_cmpint (rma->due_us, ==, created->due_us);

  /* The last day, late in the evening: still in time. */
  f->now_us = rma->due_us + 10 * G_TIME_SPAN_HOUR;
  retour_desk_expire_overdue (f->context, &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 0);

  /* The next morning: overdue. */
  f->now_us = rma->due_us + 20 * G_TIME_SPAN_HOUR;
  retour_desk_expire_overdue (f->context, &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 1);
}

/* A shop whose policy gives more time than the law keeps its word: with a
 * 30-day window from delivery (11 November) the parcel is due by the
 * window's last day. Outside the window, accepted with a note, it is the
 * law's 14 days again. */
static void
test_create_send_by_follows_the_policy (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourOrder) order = add_order (f, 0, "1042", 0, 1);
  g_autoptr(RetourRma) generous = NULL;
  g_autoptr(RetourRma) typed = NULL;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;

  policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  policy->window_days = 30;
  retour_policy_store_add_version (f->db, policy, f->now_us, &error);
  g_assert_no_error (error);

  generous = create_for_order (f, order, 1);
  day = dup_local_day (f, generous->due_us);
  g_assert_cmpstr (day, ==, "2026-12-11");

  /* Typed in without a delivery date: outside the policy. */
  typed_in_request (&request, &item);
  retour_desk_create_return (f->context, &request, &typed, &error);
  g_assert_no_error (error);
  g_free (day);
  day = dup_local_day (f, typed->due_us);
  g_assert_cmpstr (day, ==, "2026-12-02");
}

/* Without a number the order gets one that says when it was entered, in
 * the shop's time zone. */
static void
test_create_makes_up_an_order_number (Fixture       *f,
                                      gconstpointer  data)
{
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  typed_in_request (&request, &item);
  request.order_number = "   ";
  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  /* 1795000000 is 2026-11-18 11:06:40 UTC, 12:06:40 in Amsterdam. */
  g_assert_cmpstr (rma->order_number, ==, "M20261118-120640");
}

static void
test_create_needs_a_note (Fixture       *f,
                          gconstpointer  data)
{
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  typed_in_request (&request, &item);
  request.override_note = " ";

  g_assert_false (retour_desk_create_return (f->context, &request, &rma, &error));
  g_assert_error (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOTE_REQUIRED);
  g_assert_nonnull (strstr (error->message, "write down why"));
  g_assert_null (rma);
  g_assert_true (retour_database_is_empty (f->db, NULL));
}

static gint64
reason_with_code (Fixture    *f,
                  const char *code)
{
  for (guint i = 0; i < f->reasons->len; i++)
    if (g_str_equal (((RetourReason *) f->reasons->pdata[i])->code, code))
      return ((RetourReason *) f->reasons->pdata[i])->id;

  g_assert_not_reached ();
}

/* An order of the shop delivered a week ago to the Netherlands. */
static RetourOrder *
add_dutch_order (Fixture    *f,
                 const char *number)
{
  g_autoptr(GError) error = NULL;
  RetourOrder *order = add_order (f, 0, number, add_product (f, "LMP-01", "Desk lamp"), 1);

  order->ship_country = g_strdup ("NL");
  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  return order;
}

/* A call within the withdrawal period is the customer's notice: the
 * return records it, the line is a withdrawal, and the refund is due by
 * law 14 days after the call, at the end of that day in Amsterdam. A
 * defect is a legal-guarantee claim instead. */
static void
test_create_law_claims (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_dutch_order (f, "1001");
  g_autoptr(RetourOrder) broken = add_dutch_order (f, "1002");
  g_autoptr(RetourRma) rma = create_for_order (f, order, 1);
  g_autoptr(RetourRma) defect = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (((RetourRmaLine *) rma->lines->pdata[0])->claim, ==, RETOUR_CLAIM_WITHDRAWAL);
  g_assert_cmpint (rma->declared_us, ==, NOW_US);
  g_assert_cmpint (rma->declared_via, ==, RETOUR_DECLARATION_PHONE);
  g_assert_cmpstr (rma->country, ==, "NL");

  /* Called on Wednesday 18 November 2026: due by the end of 2 December. */
  due = g_date_time_new (tz, 2026, 12, 3, 0, 0, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT refund_due_us FROM rma WHERE id = ?", rma->id), ==,
                   g_date_time_to_unix (due) * G_USEC_PER_SEC - 1);

  item.order_line_id = ((RetourOrderLine *) broken->lines->pdata[0])->id;
  item.quantity = 1;
  item.reason_id = reason_with_code (f, "defective");
  request.order_id = broken->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REPAIR;
  retour_desk_create_return (f->context, &request, &defect, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((RetourRmaLine *) defect->lines->pdata[0])->claim, ==, RETOUR_CLAIM_CONFORMITY);
  /* No withdrawal, so no refund the law times. */
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE id = ? AND refund_due_us IS NULL",
                                             defect->id), ==, 1);
}

/* The shop's final sale is its own policy: it does not take away the
 * right of withdrawal, so no override is asked for. */
static void
test_create_final_sale_withdrawal (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Lighting", -1, TRUE));
  retour_policy_store_add_version (f->db, policy, NOW_US - 30 * DAY_US, &error);
  g_assert_no_error (error);

  product->sku = g_strdup ("LMP-02");
  product->title = g_strdup ("Final sale lamp");
  product->category = g_strdup ("Lighting");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);
  order = add_order (f, 0, "1003", product->id, 1);

  rma = create_for_order (f, order, 1);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpint (((RetourRmaLine *) rma->lines->pdata[0])->claim, ==, RETOUR_CLAIM_WITHDRAWAL);
  g_assert_false (has_event (f->db, rma->id, "note", NULL));
}

/* Store credit for a withdrawal only with the customer's agreement: the
 * desk says so, and writes nothing. */
static void
test_create_credit_needs_consent (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_dutch_order (f, "1004");
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before = count_returns (f->db);

  item.order_line_id = ((RetourOrderLine *) order->lines->pdata[0])->id;
  item.quantity = 1;
  item.reason_id = reason_id (f);
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_STORE_CREDIT;

  g_assert_false (retour_desk_create_return (f->context, &request, &rma, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "explicit agreement"));
  g_assert_cmpuint (count_returns (f->db), ==, before);
  g_clear_error (&error);

  request.consent_alternative = TRUE;
  g_assert_true (retour_desk_create_return (f->context, &request, &rma, &error));
  g_assert_no_error (error);
  g_assert_true (rma->consent_alternative);
}

static void
test_create_refuses_what_is_missing (Fixture       *f,
                                     gconstpointer  data)
{
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;

  /* Nothing ticked. */
  typed_in_request (&request, &item);
  item.quantity = 0;
  g_assert_false (retour_desk_create_return (f->context, &request, NULL, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Tick at least one item"));
  g_clear_error (&error);

  /* An item not described. */
  typed_in_request (&request, &item);
  item.title = " ";
  g_assert_false (retour_desk_create_return (f->context, &request, NULL, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Describe every item"));
  g_clear_error (&error);

  /* No one to return it for. */
  typed_in_request (&request, &item);
  request.first_name = request.last_name = request.email = "";
  g_assert_false (retour_desk_create_return (f->context, &request, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name or e-mail"));

  g_assert_true (retour_database_is_empty (f->db, NULL));
}

/* The customer and the order typed in are written before the return;
 * when the return then cannot be, they are not left behind. */
static void
test_create_failure_leaves_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  typed_in_request (&request, &item);
  item.reason_id = 999999;   /* retired and deleted meanwhile */

  g_assert_false (retour_desk_create_return (f->context, &request, &rma, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "conflicts with data already saved"));
  g_assert_null (rma);
  g_clear_error (&error);

  g_assert_true (retour_database_is_empty (f->db, NULL));
  customer = retour_catalog_store_load_customer (f->db, 1, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_assert_null (customer);
}

static void
test_create_read_only (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, "1042", 0, 1);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open_full (f->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  /* The same clock: the order is well inside the policy. */
  context = retour_context_new_for_thread (f->context, db);

  item.order_line_id = ((RetourOrderLine *) g_ptr_array_index (order->lines, 0))->id;
  item.quantity = 1;
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  g_assert_false (retour_desk_create_return (context, &request, &rma, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_READ_ONLY);
  g_assert_null (rma);
  g_assert_false (retour_database_in_transaction (db));
  g_assert_cmpuint (count_returns (f->db), ==, 0);
}

/* Refunds ---------------------------------------------------------------------- */

static gint64
add_storefront (Fixture  *f,
                gboolean  write_back)
{
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(GError) error = NULL;

  storefront->name = g_strdup ("Lampen.nl");
  storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup ("https://lampen.example");
  retour_sync_store_add (f->db, storefront, f->now_us, &error);
  g_assert_no_error (error);
  retour_sync_store_set_write_back (f->db, storefront->id, write_back, FALSE, &error);
  g_assert_no_error (error);

  return storefront->id;
}

/* The refund due on @rma: what a person would have typed in the editor. */
static void
set_refund_due (Fixture   *f,
                RetourRma *rma,
                gint64     minor)
{
  g_autoptr(GError) error = NULL;

  rma->refund = retour_money_init (minor, "EUR");
  retour_desk_save_return (f->context, rma, &error);
  g_assert_no_error (error);
}

static RetourRefund *
new_refund (RetourRma *rma,
            gint64     minor)
{
  RetourRefund *refund = g_new0 (RetourRefund, 1);

  refund->rma_id = rma->id;
  refund->amount = retour_money_init (minor, "EUR");
  refund->method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
  refund->idempotency_key = g_uuid_string_random ();

  return refund;
}

static void
test_refund_storefront (Fixture       *f,
                        gconstpointer  data)
{
  gint64 store_id = add_storefront (f, TRUE);
  g_autoptr(RetourOrder) order = add_order (f, store_id, "1042", 0, 1);
  g_autoptr(RetourRma) rma = create_for_order (f, order, 1);
  g_autoptr(RetourRefund) refund = new_refund (rma, 1000);
  g_autoptr(RetourRefund) too_much = new_refund (rma, 1000);
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourStorefront) none = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;
  const RetourRefund *stored;

  set_refund_due (f, rma, 1995);
  f->now_us += 60 * G_USEC_PER_SEC;

  retour_desk_record_refund (f->context, refund, &storefront, &error);
  g_assert_no_error (error);
  g_assert_nonnull (storefront);
  g_assert_cmpint (storefront->id, ==, store_id);

  /* Recorded at the desk's time, in its name, and waiting to go to the
   * store. */
  refunds = retour_rma_store_list_refunds (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 1);
  stored = g_ptr_array_index (refunds, 0);
  g_assert_cmpint (stored->amount.minor, ==, 1000);
  g_assert_cmpstr (stored->actor, ==, "Sanne");
  g_assert_cmpint (stored->created_us, ==, NOW_US + 60 * G_USEC_PER_SEC);
  pending = retour_sync_store_list_pending_write_backs (f->db, store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpint (g_array_index (pending, gint64, 0), ==, refund->id);

  /* More than is due: refused, and nothing recorded or queued. */
  g_assert_false (retour_desk_record_refund (f->context, too_much, &none, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_null (none);
  g_clear_pointer (&refunds, g_ptr_array_unref);
  g_clear_pointer (&pending, g_array_unref);
  refunds = retour_rma_store_list_refunds (f->db, rma->id, NULL);
  g_assert_cmpuint (refunds->len, ==, 1);
  pending = retour_sync_store_list_pending_write_backs (f->db, store_id, NULL);
  g_assert_cmpuint (pending->len, ==, 1);
}

static void
test_refund_phone_order (Fixture       *f,
                         gconstpointer  data)
{
  gint64 store_id = add_storefront (f, TRUE);
  gint64 quiet_id = 0;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) from_quiet_store = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRefund) refund = NULL;
  g_autoptr(RetourRefund) second = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;

  /* An order taken on the phone belongs to no storefront. */
  typed_in_request (&request, &item);
  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  set_refund_due (f, rma, 4900);
  refund = new_refund (rma, 4900);

  retour_desk_record_refund (f->context, refund, &storefront, &error);
  g_assert_no_error (error);
  g_assert_null (storefront);
  refunds = retour_rma_store_list_refunds (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 1);
  pending = retour_sync_store_list_pending_write_backs (f->db, store_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);

  /* Nor is anything queued for a store that does not take refunds back. */
  {
    g_autoptr(RetourStorefront) quiet = retour_storefront_new ();

    quiet->name = g_strdup ("Outlet");
    quiet->platform = RETOUR_PLATFORM_SHOPIFY;
    quiet->base_url = g_strdup ("https://outlet.example");
    retour_sync_store_add (f->db, quiet, f->now_us, &error);
    g_assert_no_error (error);
    quiet_id = quiet->id;
  }
  order = add_order (f, quiet_id, "2001", 0, 1);
  from_quiet_store = create_for_order (f, order, 1);
  set_refund_due (f, from_quiet_store, 1995);
  second = new_refund (from_quiet_store, 1995);
  retour_desk_record_refund (f->context, second, &storefront, &error);
  g_assert_no_error (error);
  g_assert_null (storefront);
  g_clear_pointer (&pending, g_array_unref);
  pending = retour_sync_store_list_pending_write_backs (f->db, quiet_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
}

/* Receiving ------------------------------------------------------------------- */

static void
test_receive_twice (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, "1042", 0, 2);
  g_autoptr(RetourRma) created = create_for_order (f, order, 2);
  g_autoptr(RetourRma) parcel = NULL;
  g_autoptr(RetourRma) stale = NULL;
  g_autoptr(RetourRma) again = NULL;
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = g_ascii_strdown (created->number, -1);
  g_autofree char *display = retour_rma_number_display (created->number);

  /* Scanned, typed in lower case: everything authorized is in it. */
  parcel = retour_desk_find_expected (f->context, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((RetourRmaLine *) g_ptr_array_index (parcel->lines, 0))->qty_received, ==, 2);
  g_assert_cmpuint (((RetourRmaLine *) g_ptr_array_index (parcel->lines, 0))->qty_accepted, ==, 2);
  stale = retour_rma_copy (parcel);

  f->now_us += DAY_US;
  retour_desk_receive (f->context, parcel, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parcel->status, ==, RETOUR_RMA_STATUS_RECEIVED);
  stored = retour_rma_store_load (f->db, created->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_RECEIVED);
  g_assert_cmpint (stored->received_us, ==, NOW_US + DAY_US);
  g_assert_cmpuint (((RetourRmaLine *) g_ptr_array_index (stored->lines, 0))->qty_received, ==, 2);

  /* The second scan says why not. */
  again = retour_desk_find_expected (f->context, typed, &error);
  g_assert_error (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED);
  g_assert_nonnull (strstr (error->message, display));
  g_assert_nonnull (strstr (error->message, "not expected back"));
  g_assert_nonnull (strstr (error->message, "Received"));
  g_assert_null (again);
  g_clear_error (&error);

  /* Receiving the same parcel again from the copy a second window still
   * holds, or the same call twice, is refused too, and the copy stays. */
  g_assert_false (retour_desk_receive (f->context, stale, FALSE, &error));
  g_assert_error (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED);
  g_assert_nonnull (strstr (error->message, "not expected back"));
  g_assert_cmpint (stale->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_clear_error (&error);
  g_assert_false (retour_desk_receive (f->context, parcel, FALSE, &error));
  g_assert_error (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED);
  g_clear_error (&error);

  /* A number that is no return's. */
  g_assert_null (retour_desk_find_expected (f->context, "nonsense", &error));
  g_assert_nonnull (error);
}

static gint64
on_hand_of (Fixture *f,
            gint64   product_id,
            gint64  *held)
{
  g_autoptr(RetourInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;

  inventory = retour_inventory_store_load (f->db, 0, 0, retour_context_get_time_zone (f->context),
                                           f->now_us, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < inventory->products->len; i++)
    {
      const RetourProductInventory *product = g_ptr_array_index (inventory->products, i);

      if (product->product_id == product_id)
        {
          if (held != NULL)
            *held = product->held;
          return product->on_hand;
        }
    }

  g_assert_not_reached ();
}

/* What came back of a return, inspected: one unit sent where @disposition
 * says. */
static RetourRma *
receive_inspected (Fixture           *f,
                   gint64             product_id,
                   const char        *number,
                   RetourDisposition  disposition)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, number, product_id, 1);
  g_autoptr(RetourRma) created = create_for_order (f, order, 1);
  g_autoptr(GError) error = NULL;
  RetourRma *parcel;
  RetourRmaLine *line;

  parcel = retour_desk_find_expected (f->context, created->number, &error);
  g_assert_no_error (error);
  line = g_ptr_array_index (parcel->lines, 0);
  line->condition = RETOUR_CONDITION_NEW_UNOPENED;
  line->disposition = disposition;
  retour_desk_receive (f->context, parcel, TRUE, &error);
  g_assert_no_error (error);

  return parcel;
}

static void
test_receive_and_inspect (Fixture       *f,
                          gconstpointer  data)
{
  gint64 product_id = add_product (f, "LMP-01", "Desk lamp");
  g_autoptr(RetourOrder) order = add_order (f, 0, "1043", product_id, 1);
  g_autoptr(RetourRma) created = create_for_order (f, order, 1);
  g_autoptr(RetourRma) parcel = NULL;
  g_autoptr(RetourRma) inspected = NULL;
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* Inspecting needs the condition of what came back: both or neither. */
  parcel = retour_desk_find_expected (f->context, created->number, &error);
  g_assert_no_error (error);
  g_assert_false (retour_desk_receive (f->context, parcel, TRUE, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Desk lamp"));
  g_clear_error (&error);
  g_assert_cmpint (parcel->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  stored = retour_rma_store_load (f->db, created->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpint (on_hand_of (f, product_id, NULL), ==, 0);

  /* Recorded: back on the shelf. */
  inspected = receive_inspected (f, product_id, "1044", RETOUR_DISPOSITION_RESTOCK);
  g_assert_cmpint (inspected->status, ==, RETOUR_RMA_STATUS_INSPECTED);
  g_assert_cmpint (on_hand_of (f, product_id, NULL), ==, 1);
}

/* The editor's steps ------------------------------------------------------------ */

static void
test_editor_steps (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, "1042", 0, 1);
  g_autoptr(RetourRma) rma = create_for_order (f, order, 1);
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(RetourAttachment) photo = g_new0 (RetourAttachment, 1);
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;

  g_free (rma->notes);
  rma->notes = g_strdup ("Customer calls back on Friday");
  retour_desk_save_return (f->context, rma, &error);
  g_assert_no_error (error);

  photo->rma_id = rma->id;
  photo->filename = g_strdup ("box.jpg");
  photo->mime_type = g_strdup ("image/jpeg");
  photo->data = g_bytes_new_static ("\xff\xd8\xff", 3);
  retour_desk_add_attachment (f->context, photo, &error);
  g_assert_no_error (error);
  photos = retour_rma_store_list_attachments (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  g_assert_cmpint (((RetourAttachment *) g_ptr_array_index (photos, 0))->created_us, ==, NOW_US);
  retour_desk_remove_attachment (f->context, photo->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&photos, g_ptr_array_unref);
  photos = retour_rma_store_list_attachments (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 0);

  /* A step the lifecycle does not have: refused, nothing changes. */
  g_assert_false (retour_desk_transition (f->context, rma, RETOUR_RMA_STATUS_CLOSED, NULL, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_TRANSITION);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_clear_error (&error);

  retour_desk_cancel (f->context, rma, "The customer kept it after all", &error);
  g_assert_no_error (error);

  stored = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_CANCELLED);
  g_assert_cmpstr (stored->notes, ==, "Customer calls back on Friday");
  g_assert_true (has_event (f->db, rma->id, "status", "The customer kept it after all"));
}

/* Overdue returns ----------------------------------------------------------------- */

/* An authorized return whose parcel is due @days_from_now. */
static RetourRma *
add_expected (Fixture    *f,
              const char *number,
              int         days_from_now)
{
  g_autoptr(RetourOrder) order = add_order (f, 0, number, 0, 1);
  RetourRma *rma = create_for_order (f, order, 1);
  g_autoptr(GError) error = NULL;

  rma->due_us = f->now_us + days_from_now * DAY_US;
  retour_desk_save_return (f->context, rma, &error);
  g_assert_no_error (error);

  return rma;
}

static void
test_expire_overdue (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RetourRma) late = add_expected (f, "1001", -3);
  g_autoptr(RetourRma) later = add_expected (f, "1002", -1);
  g_autoptr(RetourRma) in_time = add_expected (f, "1003", 5);
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint n_expired = 99;

  retour_desk_expire_overdue (f->context, &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 2);

  stored = retour_rma_store_load (f->db, later->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_EXPIRED);
  g_assert_cmpint (stored->closed_us, ==, NOW_US);
  g_clear_pointer (&stored, retour_rma_free);
  stored = retour_rma_store_load (f->db, in_time->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);

  /* Run again (by cron, say): nothing more. */
  retour_desk_expire_overdue (f->context, &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 0);
}

static void
expired_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* From a worker thread, over its own connection: the same clock and name
 * as the caller's. */
static void
test_expire_overdue_async (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RetourRma) late = add_expected (f, "1001", -3);
  g_autoptr(RetourRma) in_time = add_expected (f, "1002", 5);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const RetourRmaEvent *last;
  guint n_expired = 0;

  f->now_us += 10 * DAY_US;
  retour_desk_expire_overdue_async (f->context, NULL, expired_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  retour_desk_expire_overdue_finish (result, &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 2);

  events = retour_rma_store_list_events (f->db, in_time->id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpint (last->to_status, ==, RETOUR_RMA_STATUS_EXPIRED);
  g_assert_cmpstr (last->actor, ==, "Sanne");
  g_assert_cmpint (last->created_us, ==, NOW_US + 10 * DAY_US);
}

/* Stock --------------------------------------------------------------------------- */

static void
test_stock (Fixture       *f,
            gconstpointer  data)
{
  gint64 product_id = add_product (f, "LMP-01", "Desk lamp");
  g_autoptr(RetourRma) first = receive_inspected (f, product_id, "1001", RETOUR_DISPOSITION_REPAIR);
  g_autoptr(RetourRma) second = receive_inspected (f, product_id, "1002", RETOUR_DISPOSITION_REPAIR);
  g_autoptr(GError) error = NULL;
  gint64 held = -1;

  g_assert_cmpint (on_hand_of (f, product_id, &held), ==, 0);
  g_assert_cmpint (held, ==, 2);

  retour_desk_finish_repair (f->context, product_id, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (on_hand_of (f, product_id, &held), ==, 1);
  g_assert_cmpint (held, ==, 1);

  /* Not more than is held. */
  g_assert_false (retour_desk_write_off_held (f->context, product_id, 2, "Beyond repair", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  retour_desk_write_off_held (f->context, product_id, 1, "Beyond repair", &error);
  g_assert_no_error (error);
  g_assert_cmpint (on_hand_of (f, product_id, &held), ==, 1);
  g_assert_cmpint (held, ==, 0);

  /* A correction says why. */
  g_assert_false (retour_desk_correct_stock (f->context, product_id, RETOUR_STOCK_BUCKET_ON_HAND, -1, "", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  retour_desk_correct_stock (f->context, product_id, RETOUR_STOCK_BUCKET_ON_HAND, -1, "Counted the shelf", &error);
  g_assert_no_error (error);
  g_assert_cmpint (on_hand_of (f, product_id, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/desk/create/for-an-order", test_create_for_an_order);
  ADD ("/desk/create/typed-in", test_create_typed_in);
  ADD ("/desk/create/sets-send-by", test_create_sets_send_by);
  ADD ("/desk/create/send-by-follows-the-policy", test_create_send_by_follows_the_policy);
  ADD ("/desk/create/makes-up-an-order-number", test_create_makes_up_an_order_number);
  ADD ("/desk/create/needs-a-note", test_create_needs_a_note);
  ADD ("/desk/create/law-claims", test_create_law_claims);
  ADD ("/desk/create/final-sale-withdrawal", test_create_final_sale_withdrawal);
  ADD ("/desk/create/credit-needs-consent", test_create_credit_needs_consent);
  ADD ("/desk/create/refuses-what-is-missing", test_create_refuses_what_is_missing);
  ADD ("/desk/create/failure-leaves-nothing", test_create_failure_leaves_nothing);
  ADD ("/desk/create/read-only", test_create_read_only);
  ADD ("/desk/refund/storefront", test_refund_storefront);
  ADD ("/desk/refund/phone-order", test_refund_phone_order);
  ADD ("/desk/receive/twice", test_receive_twice);
  ADD ("/desk/receive/and-inspect", test_receive_and_inspect);
  ADD ("/desk/editor-steps", test_editor_steps);
  ADD ("/desk/expire/overdue", test_expire_overdue);
  ADD ("/desk/expire/overdue-async", test_expire_overdue_async);
  ADD ("/desk/stock", test_stock);

#undef ADD

  return g_test_run ();
}
