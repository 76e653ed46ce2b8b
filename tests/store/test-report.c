/* test-report.c — the report's figures, exactly, on a small hand-made
 * shop: period boundaries, each date basis, the filters, partial refunds,
 * an exchange and store credit, two currencies, and the customers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shop is described in tests/retour-test-report-shop.c.
 */
#include "config.h"

#include <string.h>

#include "retour-report-store.h"
#include "retour-search.h"
#include "retour-test-db.h"
#include "retour-test-report-shop.h"

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
  GTimeZone      *tz;
} Fixture;

static gint64
local_us (Fixture *f,
          int      month,
          int      day,
          int      hour,
          int      minute)
{
  return retour_test_report_shop_time (f->tz, month, day, hour, minute);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->db = retour_test_db_new ("retour-test-report-XXXXXX", &f->dir, &f->path);
  f->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  retour_test_report_shop_fill (f->db, f->tz);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->tz, g_time_zone_unref);
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static RetourReport *
load_november (Fixture           *f,
               RetourReportBasis  basis,
               gint64             store_id,
               const char        *category,
               const char        *country)
{
  g_autoptr(GError) error = NULL;
  RetourReportQuery query = { 0 };
  RetourReport *report;

  query.since_us = local_us (f, 11, 1, 0, 0);
  query.until_us = local_us (f, 12, 1, 0, 0);
  query.basis = basis;
  query.interval = RETOUR_REPORT_INTERVAL_WEEK;
  query.store_id = store_id;
  query.category = category;
  query.country = country;

  report = retour_report_store_load (f->db, &query, f->tz, local_us (f, 12, 5, 12, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  return report;
}

static const RetourReportMoney *
money (const RetourReportFigures *figures,
       const char                *currency)
{
  const RetourReportMoney *found = retour_report_figures_get_money (figures, currency);

  g_assert_nonnull (found);
  return found;
}

static void
test_created (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RetourReport) report = load_november (f, RETOUR_REPORT_BASIS_CREATED, 0, NULL, NULL);
  const RetourReportFigures *now = &report->current;
  const RetourReportMoney *eur = money (now, "EUR");
  const RetourReportMoney *pln = money (now, "PLN");

  /* Sales: O1, O2 (23:30 on the last day), O5, O7; not O3 (midnight
   * after), O4 (a minute before), O6 (cancelled). */
  g_assert_cmpuint (now->orders, ==, 4);
  g_assert_cmpint (now->units_sold, ==, 3 + 3 + 2 + 13);
  g_assert_cmpint (eur->sales, ==, 21000 + 3000 + 6500);
  g_assert_cmpint (pln->sales, ==, 8000);
  g_assert_cmpuint (now->money->len, ==, 2);

  /* Returns made in November: R1, R2, R3 (23:00 on the last day), R5,
   * R6, R9; not R4 (midnight after), R7 (cancelled), R8 (draft). Their
   * orders O1, O2, O4, O5, O7: a flow, so more than the period's four
   * orders. */
  g_assert_cmpuint (now->returns, ==, 6);
  g_assert_cmpuint (now->orders_returned, ==, 5);
  g_assert_cmpfloat_with_epsilon (retour_report_rate (now->orders_returned, now->orders), 1.25, 1e-9);
  g_assert_cmpint (now->units_returned, ==, 1 + 1 + 2 + 1 + 1 + 10);
  g_assert_cmpint (eur->returned_value, ==, 10000 + 1000 + 2000 + 10000 + 5000);
  g_assert_cmpint (pln->returned_value, ==, 4000);

  /* Defective is the shop's doing; wrong size and changed mind are not. */
  g_assert_cmpint (now->controllable_units, ==, 1 + 6);
  g_assert_cmpint (now->uncontrollable_units, ==, 1 + 2 + 1 + 1 + 4);
  g_assert_cmpint (now->unknown_reason_units, ==, 0);

  /* Refunds of R1 and R5 (partial: fee and shipping deducted), R6 in
   * zloty; never added up. */
  g_assert_cmpint (eur->refunds, ==, 8305 + 8305);
  g_assert_cmpint (pln->refunds, ==, 4000);
  /* The policy's fee and shipping on R1 and R5; R6 is in another
   * currency than the policy, so nothing was quoted for it. */
  g_assert_cmpint (eur->restocking_fees, ==, 1000 + 1000);
  g_assert_cmpint (eur->shipping_charged, ==, 695 + 695);
  g_assert_cmpint (pln->restocking_fees, ==, 0);

  /* Retained: R3's exchange and R5's store credit, of the decided R1,
   * R3, R5. */
  g_assert_cmpint (eur->retained, ==, 2000 + 10000);
  g_assert_cmpint (eur->decided_value, ==, 10000 + 2000 + 10000);
  g_assert_cmpint (pln->retained, ==, 0);
  g_assert_cmpint (pln->decided_value, ==, 4000);

  /* R6's unit written off in November; R4's in December is not this
   * period's. */
  g_assert_cmpint (pln->written_off, ==, 4000);
  g_assert_cmpint (eur->written_off, ==, 0);
  g_assert_cmpuint (now->labels, ==, 1);

  /* R5 took 2 days, R1 and R6 4: median and 90th percentile 4 days. */
  g_assert_cmpuint (now->refunded_returns, ==, 3);
  g_assert_cmpint (now->refund_median_us, ==, 4 * G_TIME_SPAN_DAY);
  g_assert_cmpint (now->refund_p90_us, ==, 4 * G_TIME_SPAN_DAY);
  /* R1 paid before its day; R2 unpaid and past due on 5 December. */
  g_assert_cmpuint (now->statutory_returns, ==, 2);
  g_assert_cmpuint (now->statutory_in_time, ==, 1);

  /* The 30 days before: O4 only, no returns. */
  g_assert_cmpuint (report->previous.orders, ==, 1);
  g_assert_cmpint (report->previous.units_sold, ==, 1);
  g_assert_cmpuint (report->previous.returns, ==, 0);
  g_assert_cmpint (money (&report->previous, "EUR")->sales, ==, 10000);
}

static void
test_received (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RetourReport) report = load_november (f, RETOUR_REPORT_BASIS_RECEIVED, 0, NULL, NULL);
  const RetourReportFigures *now = &report->current;

  /* Back in November: R5 (3rd), R1 (8th), R6 (14th); R3 came back on
   * 2 December, R2 and R9 not yet. */
  g_assert_cmpuint (now->returns, ==, 3);
  g_assert_cmpint (now->units_returned, ==, 3);
  g_assert_cmpint (money (now, "EUR")->returned_value, ==, 20000);
  g_assert_cmpint (money (now, "EUR")->retained, ==, 10000);
  g_assert_cmpuint (now->statutory_returns, ==, 1);
  g_assert_cmpuint (now->statutory_in_time, ==, 1);
  /* Sales are the period's orders whatever the basis. */
  g_assert_cmpuint (now->orders, ==, 4);
}

static void
test_ordered (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RetourReport) report = load_november (f, RETOUR_REPORT_BASIS_ORDERED, 0, NULL, NULL);
  const RetourReportFigures *now = &report->current;

  /* Returns of November's orders O1 (R1, R2), O2 (R3), O5 (R6), O7 (R9):
   * not R5, whose order O4 was placed a minute before November. */
  g_assert_cmpuint (now->returns, ==, 5);
  g_assert_cmpuint (now->orders_returned, ==, 4);
  g_assert_cmpint (now->units_returned, ==, 1 + 1 + 2 + 1 + 10);
  g_assert_cmpint (money (now, "EUR")->refunds, ==, 8305);
  /* The month before has R4 and R5 by their order O4. */
  g_assert_cmpuint (report->previous.returns, ==, 2);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RetourReport) de = load_november (f, RETOUR_REPORT_BASIS_CREATED, 0, NULL, "de");
  g_autoptr(RetourReport) home = load_november (f, RETOUR_REPORT_BASIS_CREATED, 0, "Home", NULL);
  g_autoptr(RetourReport) store2 = load_november (f, RETOUR_REPORT_BASIS_CREATED, 2, NULL, NULL);

  /* Ben's: O2 and R3. */
  g_assert_cmpuint (de->current.orders, ==, 1);
  g_assert_cmpint (de->current.units_sold, ==, 3);
  g_assert_cmpuint (de->current.returns, ==, 1);
  g_assert_cmpint (de->current.units_returned, ==, 2);

  /* Mugs and the kubek: sold on O1, O2 and O5; back on R2, R3, R6. */
  g_assert_cmpint (home->current.units_sold, ==, 1 + 3 + 2);
  g_assert_cmpint (home->current.units_returned, ==, 1 + 2 + 1);
  g_assert_cmpuint (home->current.returns, ==, 3);
  g_assert_cmpint (money (&home->current, "EUR")->returned_value, ==, 3000);
  /* Whole-return money of the returns with a line of the category: R6. */
  g_assert_cmpint (money (&home->current, "PLN")->refunds, ==, 4000);
  g_assert_cmpint (money (&home->current, "EUR")->refunds, ==, 0);

  /* The second store: O7 and R9. */
  g_assert_cmpuint (store2->current.orders, ==, 1);
  g_assert_cmpuint (store2->current.returns, ==, 1);
  g_assert_cmpint (store2->current.units_returned, ==, 10);
}

static void
test_breakdowns (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RetourReport) report = load_november (f, RETOUR_REPORT_BASIS_CREATED, 0, NULL, NULL);
  const RetourReportSeries *series = &report->series;
  const RetourReportRow *lamp, *mug, *home_eur = NULL;

  /* Most returned first: the lamp (10), then mug (3), jacket (2), kubek. */
  g_assert_cmpuint (report->products->len, ==, 4);
  lamp = g_ptr_array_index (report->products, 0);
  mug = g_ptr_array_index (report->products, 1);
  g_assert_cmpstr (lamp->sku, ==, "LMP");
  g_assert_cmpint (lamp->sold, ==, 13);
  g_assert_cmpint (lamp->returned, ==, 10);
  g_assert_cmpuint (lamp->returns, ==, 1);
  g_assert_cmpint (lamp->returned_value, ==, 5000);
  /* 6 of 10 for one reason, at the minimum of 10 units: look at this. */
  g_assert_true (lamp->cluster);
  g_assert_cmpuint (lamp->n_top_reasons, ==, 2);
  g_assert_cmpint (lamp->top_reasons[0].units, ==, 6);
  g_assert_cmpint (lamp->top_reasons[1].units, ==, 4);

  g_assert_cmpstr (mug->sku, ==, "MUG");
  g_assert_cmpint (mug->sold, ==, 4);
  g_assert_cmpint (mug->returned, ==, 3);
  g_assert_cmpuint (mug->returns, ==, 2);
  g_assert_false (mug->cluster);   /* 2 of 3 changed mind, but too few */

  /* Categories per currency: Home in euros and in zloty apart. */
  for (guint i = 0; i < report->categories->len; i++)
    {
      const RetourReportRow *row = g_ptr_array_index (report->categories, i);

      if (g_strcmp0 (row->category, "Home") == 0 && g_str_equal (row->currency, "EUR"))
        home_eur = row;
    }
  g_assert_nonnull (home_eur);
  g_assert_cmpint (home_eur->sold, ==, 4);
  g_assert_cmpint (home_eur->returned, ==, 3);
  g_assert_cmpuint (report->categories->len, ==, 4);

  /* Weeks from Monday 26 October to Monday 30 November. */
  g_assert_cmpuint (series->starts->len, ==, 6);
  g_assert_cmpint (g_array_index (series->starts, gint64, 0), ==, local_us (f, 10, 26, 0, 0));
  g_assert_cmpint (g_array_index (series->starts, gint64, 5), ==, local_us (f, 11, 30, 0, 0));
  /* Wrong size 7 and defective 7 (the shop's list order breaks the
   * tie), changed mind 2. */
  g_assert_cmpuint (series->reasons->len, ==, 3);
  {
    const RetourReportReason *first = g_ptr_array_index (series->reasons, 0);
    const RetourReportReason *second = g_ptr_array_index (series->reasons, 1);
    const RetourReportReason *third = g_ptr_array_index (series->reasons, 2);
    guint n = series->reasons->len;

    g_assert_cmpint (first->units, ==, 7);
    g_assert_cmpint (second->units, ==, 7);
    g_assert_cmpint (third->units, ==, 2);
    g_assert_cmpint (first->reason_id, <, second->reason_id);
    /* Week of 2 November: R1, R5 and R9's four wrong sizes; R9's six
     * defective. Week of 30 November: R3's two. */
    g_assert_cmpint (series->units[1 * n + 0], ==, 1 + 1 + 4);
    g_assert_cmpint (series->units[1 * n + 1], ==, 6);
    g_assert_cmpint (series->units[5 * n + 2], ==, 2);
    g_assert_cmpint (series->units[0 * n + 0], ==, 0);
  }
}

static void
test_customers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RetourReport) report = load_november (f, RETOUR_REPORT_BASIS_CREATED, 0, NULL, NULL);
  g_autoptr(RetourReportCustomer) ben = NULL;
  g_autoptr(GError) error = NULL;
  const RetourReportCustomer *anna, *cas;

  g_assert_cmpuint (report->customers->len, ==, 3);
  anna = g_ptr_array_index (report->customers, 0);
  cas = g_ptr_array_index (report->customers, 1);

  /* Lifetime: O1, O4, O5 (6 units); R1, R2, R4, R5, R6 (5 units). */
  g_assert_cmpstr (anna->name, ==, "Anna de Vries");
  g_assert_cmpuint (anna->orders, ==, 3);
  g_assert_cmpint (anna->units_bought, ==, 6);
  g_assert_cmpuint (anna->returns, ==, 5);
  g_assert_cmpint (anna->units_returned, ==, 5);
  g_assert_cmpuint (anna->period_returns, ==, 4);
  g_assert_cmpuint (anna->refunds, ==, 3);
  g_assert_cmpuint (anna->refunded->len, ==, 2);
  g_assert_cmpint (g_array_index (anna->refunded, RetourReportMoney, 0).refunds, ==, 16610);
  g_assert_cmpstr (g_array_index (anna->refunded, RetourReportMoney, 1).currency, ==, "PLN");
  g_assert_cmpint (anna->tier, ==, RETOUR_REPORT_TIER_CRITICAL);
  g_assert_true (anna->serial);

  /* 10 of 13 is critical too, but one return is no pattern. */
  g_assert_cmpstr (cas->name, ==, "Cas Martin");
  g_assert_cmpint (cas->tier, ==, RETOUR_REPORT_TIER_CRITICAL);
  g_assert_false (cas->serial);

  /* Ben: O2 and O3 (O6 cancelled), R3 (R7 cancelled, R8 a draft): 2 of
   * 4 units is high. */
  ben = retour_report_store_load_customer (f->db, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ben->orders, ==, 2);
  g_assert_cmpint (ben->units_bought, ==, 4);
  g_assert_cmpuint (ben->returns, ==, 1);
  g_assert_cmpint (ben->units_returned, ==, 2);
  g_assert_cmpint (ben->tier, ==, RETOUR_REPORT_TIER_HIGH);
  g_assert_false (ben->serial);

  /* Anna's page: O1, O4, O5 newest first; R1, R2, R4, R5, R6. */
  {
    g_autoptr(GPtrArray) orders = retour_report_store_list_customer_orders (f->db, 1, &error);
    g_autoptr(GPtrArray) rmas = retour_report_store_list_customer_returns (f->db, 1, &error);
    const RetourReportOrder *newest;

    g_assert_no_error (error);
    g_assert_cmpuint (orders->len, ==, 3);
    newest = g_ptr_array_index (orders, 0);
    g_assert_cmpstr (newest->number, ==, "O5");
    g_assert_cmpstr (newest->total.currency, ==, "PLN");
    g_assert_false (newest->cancelled);
    g_assert_cmpuint (rmas->len, ==, 5);
    g_assert_cmpint (((RetourRmaSummary *) g_ptr_array_index (rmas, 0))->id, ==, 6);
    g_assert_cmpint (((RetourRmaSummary *) g_ptr_array_index (rmas, 4))->id, ==, 1);
  }

  g_assert_null (retour_report_store_load_customer (f->db, 99, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
}

static void
test_drill (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) wrong_size = NULL;
  g_autoptr(GPtrArray) lamp = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) countries = NULL;
  RetourReportQuery query = { 0 };
  RetourReportDrill drill = { 0 };
  const RetourRmaSummary *first;

  query.since_us = local_us (f, 11, 1, 0, 0);
  query.until_us = local_us (f, 12, 1, 0, 0);

  /* The wrong sizes of the week of 2 November: R9's four, R5, R1. */
  drill.since_us = local_us (f, 11, 2, 0, 0);
  drill.until_us = local_us (f, 11, 9, 0, 0);
  drill.reason_id = retour_test_db_query_int (f->db, "SELECT id FROM reason WHERE code = 'wrong-size'", 0);
  wrong_size = retour_report_store_list_returns (f->db, &query, &drill, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wrong_size->len, ==, 3);
  first = g_ptr_array_index (wrong_size, 0);
  g_assert_cmpint (first->id, ==, 9);
  g_assert_cmpuint (first->units, ==, 4);
  g_assert_cmpstr (first->customer_name, ==, "Cas Martin");
  g_assert_cmpint (((RetourRmaSummary *) g_ptr_array_index (wrong_size, 1))->id, ==, 5);
  g_assert_cmpint (((RetourRmaSummary *) g_ptr_array_index (wrong_size, 2))->id, ==, 1);

  /* The lamp over the whole period, any reason. */
  memset (&drill, 0, sizeof drill);
  drill.reason_id = -1;
  drill.product_id = 4;
  lamp = retour_report_store_list_returns (f->db, &query, &drill, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lamp->len, ==, 1);
  g_assert_cmpuint (((RetourRmaSummary *) g_ptr_array_index (lamp, 0))->units, ==, 10);

  g_assert_true (retour_report_store_list_choices (f->db, &stores, &categories, &countries, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stores->len, ==, 2);
  g_assert_cmpstr (((RetourReportChoice *) g_ptr_array_index (stores, 0))->name, ==, "FR");
  g_assert_cmpuint (categories->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (categories, 2), ==, "Lighting");
  g_assert_cmpuint (countries->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (countries, 0), ==, "DE");
}

static void
test_periods (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, 15, 9, 0, 0);
  gint64 now_us = g_date_time_to_unix (now) * G_USEC_PER_SEC;
  struct { RetourReportPeriod period; int month, day; } cases[] = {
    { RETOUR_REPORT_PERIOD_THIS_MONTH, 11, 1 },
    { RETOUR_REPORT_PERIOD_LAST_30_DAYS, 10, 17 },
    { RETOUR_REPORT_PERIOD_THIS_QUARTER, 10, 1 },
    { RETOUR_REPORT_PERIOD_THIS_YEAR, 1, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new (tz, 2026, cases[i].month, cases[i].day, 0, 0, 0);
      g_autoptr(GDateTime) end = g_date_time_new (tz, 2026, 11, 16, 0, 0, 0);
      gint64 since_us, until_us;

      retour_report_period_get_range (cases[i].period, tz, now_us, &since_us, &until_us);
      g_assert_cmpint (since_us, ==, g_date_time_to_unix (start) * G_USEC_PER_SEC);
      g_assert_cmpint (until_us, ==, g_date_time_to_unix (end) * G_USEC_PER_SEC);
    }

  g_assert_cmpint (retour_report_tier_for_rate (0.2499), ==, RETOUR_REPORT_TIER_NONE);
  g_assert_cmpint (retour_report_tier_for_rate (0.25), ==, RETOUR_REPORT_TIER_ELEVATED);
  g_assert_cmpint (retour_report_tier_for_rate (0.40), ==, RETOUR_REPORT_TIER_HIGH);
  g_assert_cmpint (retour_report_tier_for_rate (0.60), ==, RETOUR_REPORT_TIER_CRITICAL);
  g_assert_cmpfloat (retour_report_rate (1, 0), <, 0);

  /* Every figure can say what it is. */
  for (guint i = 0; i < RETOUR_REPORT_N_FIGURES; i++)
    {
      g_assert_nonnull (retour_report_figure_name (i));
      g_assert_cmpuint (strlen (retour_report_figure_definition (i)), >, 20);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/report/created", test_created);
  ADD ("/report/received", test_received);
  ADD ("/report/ordered", test_ordered);
  ADD ("/report/filters", test_filters);
  ADD ("/report/breakdowns", test_breakdowns);
  ADD ("/report/customers", test_customers);
  ADD ("/report/drill", test_drill);
  g_test_add_func ("/report/periods", test_periods);

  return g_test_run ();
}
