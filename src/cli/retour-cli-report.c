/* retour-cli-report.c — `retour-cli report`: every figure of the Reports
 * view for a period, as text or JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Amounts are printed as plain decimal strings ("19.95") beside their
 * currency, never as floating-point numbers and never added across
 * currencies; rates are numbers from 0 (null when there is nothing to
 * divide by); durations are whole seconds.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "retour-cli-private.h"
#include "retour-report-document.h"
#include "retour-report-store.h"
#include "retour-setting-store.h"

static const struct
{
  const char         *name;
  RetourReportPeriod  period;
} period_names[] = {
  { "this-month", RETOUR_REPORT_PERIOD_THIS_MONTH },
  { "last-30-days", RETOUR_REPORT_PERIOD_LAST_30_DAYS },
  { "this-quarter", RETOUR_REPORT_PERIOD_THIS_QUARTER },
  { "this-year", RETOUR_REPORT_PERIOD_THIS_YEAR },
};

/* Local midnight at the start of @text (YYYY-MM-DD) in @tz, plus @days. */
static gboolean
parse_day (const char *text,
           GTimeZone  *tz,
           int         days,
           gint64     *out_us)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  int year, month, dom;
  char end;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &dom, &end) != 3 ||
      !g_date_valid_dmy (dom, month, year))
    return FALSE;

  day = g_date_time_new (tz, year, month, dom, 0, 0, 0);
  if (day == NULL)
    return FALSE;
  shifted = g_date_time_add_days (day, days);
  g_date_time_get_ymd (shifted, &year, &month, &dom);
  g_clear_pointer (&day, g_date_time_unref);
  day = g_date_time_new (tz, year, month, dom, 0, 0, 0);
  *out_us = g_date_time_to_unix (day) * G_USEC_PER_SEC;

  return TRUE;
}

static char *
format_day (GTimeZone *tz,
            gint64     time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
add_rate_member (JsonBuilder *builder,
                 const char  *name,
                 double       rate)
{
  json_builder_set_member_name (builder, name);
  if (rate < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, rate);
}

static void
add_amount_member (JsonBuilder *builder,
                   const char  *name,
                   gint64       minor,
                   const char  *currency)
{
  g_autofree char *text = retour_money_to_string (retour_money_init (minor, currency));

  add_text_member (builder, name, text);
}

static void
add_figures (JsonBuilder               *builder,
             const RetourReportFigures *figures,
             GTimeZone                 *tz)
{
  g_autofree char *from = format_day (tz, figures->since_us);
  g_autofree char *to = format_day (tz, figures->until_us - 1);
  gint64 reasoned = figures->controllable_units + figures->uncontrollable_units;

  json_builder_begin_object (builder);
  add_text_member (builder, "from", from);
  add_text_member (builder, "to", to);
  add_int_member (builder, "orders", figures->orders);
  add_int_member (builder, "orders_returned", figures->orders_returned);
  add_rate_member (builder, "order_return_rate", retour_report_rate (figures->orders_returned, figures->orders));
  add_int_member (builder, "units_sold", figures->units_sold);
  add_int_member (builder, "units_returned", figures->units_returned);
  add_rate_member (builder, "item_return_rate", retour_report_rate (figures->units_returned, figures->units_sold));
  add_int_member (builder, "returns", figures->returns);
  add_int_member (builder, "returns_with_label", figures->labels);
  add_int_member (builder, "controllable_units", figures->controllable_units);
  add_int_member (builder, "uncontrollable_units", figures->uncontrollable_units);
  add_int_member (builder, "no_reason_units", figures->unknown_reason_units);
  add_rate_member (builder, "controllable_share", retour_report_rate (figures->controllable_units, reasoned));
  add_int_member (builder, "refunded_returns", figures->refunded_returns);
  json_builder_set_member_name (builder, "refund_median_seconds");
  if (figures->refund_median_us < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, figures->refund_median_us / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "refund_p90_seconds");
  if (figures->refund_p90_us < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, figures->refund_p90_us / G_USEC_PER_SEC);
  add_int_member (builder, "statutory_refunds", figures->statutory_returns);
  add_int_member (builder, "statutory_refunds_in_time", figures->statutory_in_time);
  add_rate_member (builder, "statutory_in_time_share",
                   retour_report_rate (figures->statutory_in_time, figures->statutory_returns));

  json_builder_set_member_name (builder, "money");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->money->len; i++)
    {
      const RetourReportMoney *money = &g_array_index (figures->money, RetourReportMoney, i);

      json_builder_begin_object (builder);
      add_text_member (builder, "currency", money->currency);
      add_amount_member (builder, "sales", money->sales, money->currency);
      add_amount_member (builder, "returned_value", money->returned_value, money->currency);
      add_rate_member (builder, "revenue_return_rate", retour_report_rate (money->returned_value, money->sales));
      add_amount_member (builder, "refunds", money->refunds, money->currency);
      add_rate_member (builder, "refunds_against_sales", retour_report_rate (money->refunds, money->sales));
      add_amount_member (builder, "restocking_fees", money->restocking_fees, money->currency);
      add_amount_member (builder, "return_shipping_charged", money->shipping_charged, money->currency);
      add_amount_member (builder, "written_off", money->written_off, money->currency);
      add_amount_member (builder, "retained", money->retained, money->currency);
      add_amount_member (builder, "decided_value", money->decided_value, money->currency);
      add_rate_member (builder, "retained_share", retour_report_rate (money->retained, money->decided_value));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_rows (JsonBuilder *builder,
          const char  *name,
          GPtrArray   *rows,
          gboolean     clusters_only)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const RetourReportRow *row = g_ptr_array_index (rows, i);

      if (clusters_only && !row->cluster)
        continue;

      json_builder_begin_object (builder);
      if (row->product_id > 0)
        {
          add_int_member (builder, "product_id", row->product_id);
          add_text_member (builder, "sku", row->sku);
        }
      add_text_member (builder, "title", row->title);
      add_text_member (builder, "category", row->category);
      add_text_member (builder, "currency", row->currency);
      add_int_member (builder, "units_sold", row->sold);
      add_int_member (builder, "units_returned", row->returned);
      add_rate_member (builder, "item_return_rate", retour_report_rate (row->returned, row->sold));
      add_int_member (builder, "returns", row->returns);
      add_amount_member (builder, "returned_value", row->returned_value, row->currency);
      if (row->product_id > 0)
        add_bool_member (builder, "reason_cluster", row->cluster);
      json_builder_set_member_name (builder, "top_reasons");
      json_builder_begin_array (builder);
      for (guint j = 0; j < row->n_top_reasons; j++)
        {
          json_builder_begin_object (builder);
          add_text_member (builder, "reason", row->top_reasons[j].label);
          add_int_member (builder, "units", row->top_reasons[j].units);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_series (JsonBuilder        *builder,
            const RetourReport *report,
            GTimeZone          *tz)
{
  const RetourReportSeries *series = &report->series;

  json_builder_set_member_name (builder, "reasons_over_time");
  json_builder_begin_object (builder);
  add_text_member (builder, "interval", report->interval == RETOUR_REPORT_INTERVAL_WEEK ? "week" : "month");
  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_array (builder);
  for (guint j = 0; j < series->reasons->len; j++)
    {
      const RetourReportReason *reason = g_ptr_array_index (series->reasons, j);

      json_builder_begin_object (builder);
      add_text_member (builder, "reason", reason->label);
      add_int_member (builder, "units", reason->units);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "intervals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < series->starts->len; i++)
    {
      g_autofree char *start = format_day (tz, g_array_index (series->starts, gint64, i));

      json_builder_begin_object (builder);
      add_text_member (builder, "start", start);
      json_builder_set_member_name (builder, "units");
      json_builder_begin_array (builder);
      for (guint j = 0; j < series->reasons->len; j++)
        json_builder_add_int_value (builder, series->units[i * series->reasons->len + j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static const char * const tier_names[] = { "none", "elevated", "high", "critical" };

static void
add_customers (JsonBuilder *builder,
               GPtrArray   *customers)
{
  json_builder_set_member_name (builder, "customers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < customers->len; i++)
    {
      const RetourReportCustomer *customer = g_ptr_array_index (customers, i);

      json_builder_begin_object (builder);
      add_int_member (builder, "customer_id", customer->customer_id);
      add_text_member (builder, "name", customer->name);
      add_int_member (builder, "orders", customer->orders);
      add_int_member (builder, "units_bought", customer->units_bought);
      add_int_member (builder, "returns", customer->returns);
      add_int_member (builder, "units_returned", customer->units_returned);
      add_rate_member (builder, "return_rate", retour_report_rate (customer->units_returned, customer->units_bought));
      add_int_member (builder, "refunds", customer->refunds);
      json_builder_set_member_name (builder, "refunded");
      json_builder_begin_array (builder);
      for (guint j = 0; j < customer->refunded->len; j++)
        {
          const RetourReportMoney *money = &g_array_index (customer->refunded, RetourReportMoney, j);

          json_builder_begin_object (builder);
          add_text_member (builder, "currency", money->currency);
          add_amount_member (builder, "amount", money->refunds, money->currency);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      add_text_member (builder, "tier", tier_names[customer->tier]);
      add_bool_member (builder, "serial_returner", customer->serial);
      add_bool_member (builder, "many_refunds", customer->refunds >= RETOUR_REPORT_MANY_REFUNDS);
      add_int_member (builder, "returns_in_period", customer->period_returns);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_report_json (Cli                *cli,
                   const RetourReport *report,
                   GTimeZone          *tz)
{
  g_autoptr(JsonBuilder) builder = begin_json_object ();

  add_text_member (builder, "basis", retour_report_basis_name (report->basis));
  add_text_member (builder, "basis_description", retour_report_basis_describe (report->basis));
  json_builder_set_member_name (builder, "period");
  add_figures (builder, &report->current, tz);
  json_builder_set_member_name (builder, "previous_period");
  add_figures (builder, &report->previous, tz);
  add_rows (builder, "products", report->products, FALSE);
  add_rows (builder, "categories", report->categories, FALSE);
  add_rows (builder, "reason_clusters", report->products, TRUE);
  add_series (builder, report, tz);
  add_customers (builder, report->customers);

  json_builder_set_member_name (builder, "definitions");
  json_builder_begin_object (builder);
  for (guint i = 0; i < RETOUR_REPORT_N_FIGURES; i++)
    {
      json_builder_set_member_name (builder, retour_report_figure_name (i));
      json_builder_begin_object (builder);
      add_text_member (builder, "title", retour_report_figure_title (i));
      add_text_member (builder, "definition", retour_report_figure_definition (i));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  print_json_object (cli, builder);
}

static char *
format_rate (double rate)
{
  if (rate < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%.1f %%", rate * 100);
}

static void
say_figure (Cli        *cli,
            const char *title,
            const char *value)
{
  g_autofree char *label = pad (title, 34);

  say (cli->out, "%s %s\n", label, value);
}

static void
print_report_text (Cli                *cli,
                   const RetourReport *report,
                   GTimeZone          *tz)
{
  const RetourReportFigures *figures = &report->current;
  g_autofree char *from = format_day (tz, figures->since_us);
  g_autofree char *to = format_day (tz, figures->until_us - 1);
  g_autofree char *orders = format_rate (retour_report_rate (figures->orders_returned, figures->orders));
  g_autofree char *items = format_rate (retour_report_rate (figures->units_returned, figures->units_sold));
  g_autofree char *controllable = format_rate (retour_report_rate (figures->controllable_units,
                                                                   figures->controllable_units +
                                                                   figures->uncontrollable_units));
  g_autofree char *in_time = format_rate (retour_report_rate (figures->statutory_in_time,
                                                              figures->statutory_returns));
  g_autofree char *median = figures->refund_median_us < 0
                            ? g_strdup ("—")
                            : g_strdup_printf (_("%.1f days"), figures->refund_median_us / (double) G_TIME_SPAN_DAY);

  /* Translators: a period of days, from the first to the last. */
  say (cli->out, _("From %s to %s. %s.\n\n"), from, to, retour_report_basis_describe (report->basis));
  say_figure (cli, retour_report_figure_title (RETOUR_REPORT_FIGURE_ORDER_RETURN_RATE), orders);
  say_figure (cli, retour_report_figure_title (RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE), items);
  say_figure (cli, retour_report_figure_title (RETOUR_REPORT_FIGURE_CONTROLLABLE), controllable);
  say_figure (cli, retour_report_figure_title (RETOUR_REPORT_FIGURE_TIME_TO_REFUND), median);
  say_figure (cli, retour_report_figure_title (RETOUR_REPORT_FIGURE_STATUTORY_IN_TIME), in_time);

  for (guint i = 0; i < figures->money->len; i++)
    {
      const RetourReportMoney *money = &g_array_index (figures->money, RetourReportMoney, i);
      struct { RetourReportFigure figure; gint64 minor; } amounts[] = {
        { RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES, money->refunds },
        { RETOUR_REPORT_FIGURE_RESTOCKING_FEES, money->restocking_fees },
        { RETOUR_REPORT_FIGURE_WRITTEN_OFF, money->written_off },
        { RETOUR_REPORT_FIGURE_RETAINED_REVENUE, money->retained },
      };
      g_autofree char *revenue = format_rate (retour_report_rate (money->returned_value, money->sales));

      say (cli->out, "\n%s\n", money->currency);
      say_figure (cli, retour_report_figure_title (RETOUR_REPORT_FIGURE_REVENUE_RETURN_RATE), revenue);
      for (guint j = 0; j < G_N_ELEMENTS (amounts); j++)
        {
          g_autofree char *text = retour_money_format (retour_money_init (amounts[j].minor, money->currency));

          say_figure (cli, retour_report_figure_title (amounts[j].figure), text);
        }
    }
}

int
command_report (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *basis_name = NULL;
  g_autofree char *period_name = NULL;
  g_autofree char *interval_name = NULL;
  g_autofree char *category = NULL;
  g_autofree char *country = NULL;
  g_autofree char *pdf_path = NULL;
  gint64 store_id = 0;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period_name,
      N_("this-month (the default), last-30-days, this-quarter or this-year"), N_("PERIOD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The first day, in place of --period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The last day, included"), N_("YYYY-MM-DD") },
    { "basis", 0, 0, G_OPTION_ARG_STRING, &basis_name,
      N_("Which date puts a return in the period: created (the default), received or ordered"), N_("BASIS") },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval_name,
      N_("Reasons over time by week or month"), N_("INTERVAL") },
    { "store", 0, 0, G_OPTION_ARG_INT64, &store_id, N_("Only this store’s orders and returns"), N_("ID") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("CATEGORY") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country, N_("Only this country (ISO code)"), N_("CODE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path, N_("Also write the report as an A4 PDF"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RetourReportQuery query = { 0 };
  GTimeZone *tz;

  if (!parse_options (cli, NULL,
                      _("What returns cost, why things come back and who returns the most, for a period, "
                        "compared with the period before."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 1)
    return usage_error (cli, _("retour-cli report takes no arguments, only options"));

  if (basis_name != NULL && !retour_report_basis_from_name (basis_name, &query.basis))
    return usage_error (cli, _("The basis is created, received or ordered"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    return fail (cli, error);
  context = retour_context_new (db);
  tz = retour_context_get_time_zone (context);

  if (from != NULL || to != NULL)
    {
      if (period_name != NULL)
        return usage_error (cli, _("Give either --period or --from and --to"));
      if (!parse_day (from, tz, 0, &query.since_us) || !parse_day (to, tz, 1, &query.until_us))
        return usage_error (cli, _("Give both --from and --to, as YYYY-MM-DD"));
      if (query.until_us <= query.since_us)
        return usage_error (cli, _("The period ends before it starts"));
    }
  else
    {
      RetourReportPeriod period = RETOUR_REPORT_PERIOD_THIS_MONTH;
      guint i;

      for (i = 0; period_name != NULL && i < G_N_ELEMENTS (period_names); i++)
        if (g_str_equal (period_name, period_names[i].name))
          break;
      if (period_name != NULL && i == G_N_ELEMENTS (period_names))
        return usage_error (cli, _("The period is this-month, last-30-days, this-quarter or this-year"));
      if (period_name != NULL)
        period = period_names[i].period;

      retour_report_period_get_range (period, tz, retour_context_now (context), &query.since_us, &query.until_us);
    }

  if (interval_name == NULL)
    query.interval = retour_report_interval_for_range (query.since_us, query.until_us);
  else if (g_str_equal (interval_name, "week"))
    query.interval = RETOUR_REPORT_INTERVAL_WEEK;
  else if (g_str_equal (interval_name, "month"))
    query.interval = RETOUR_REPORT_INTERVAL_MONTH;
  else
    return usage_error (cli, _("The interval is week or month"));

  query.store_id = store_id;
  query.category = category;
  query.country = country;

  report = retour_report_store_load (db, &query, tz, retour_context_now (context), &error);
  if (report == NULL)
    return fail (cli, error);

  if (pdf_path != NULL)
    {
      g_autofree char *shop_name = retour_setting_store_get (db, RETOUR_SETTING_SHOP_NAME, "", &error);
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (pdf_path);

      if (shop_name == NULL ||
          (pdf = retour_report_render_pdf (report, tz, shop_name, retour_context_now (context), &error)) == NULL ||
          !g_file_replace_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL, FALSE,
                                    G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
        return fail (cli, error);
    }

  if (cli->json)
    print_report_json (cli, report, tz);
  else
    print_report_text (cli, report, tz);

  return EXIT_SUCCESS;
}
