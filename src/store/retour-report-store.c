/* retour-report-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each query returns one row per line (of an order, a return, a refund)
 * and the figures are added up here, as the inventory store does: one
 * pass feeds the figures, the breakdowns, the reasons over time and the
 * customers alike, and no GROUP BY has to agree between SQLite and
 * PostgreSQL. Every query binds the same five parameters — ?1 since,
 * ?2 until, ?3 store (0 any), ?4 category ('' any), ?5 country ('' any) —
 * and uses each, because PostgreSQL must see a parameter to type it.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-report-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"

/* Names and definitions ------------------------------------------------- */

static const struct
{
  const char *name;
  const char *title;
  const char *definition;
} figure_texts[RETOUR_REPORT_N_FIGURES] = {
  [RETOUR_REPORT_FIGURE_ORDER_RETURN_RATE] = {
    "order-return-rate", N_("Order return rate"),
    N_("Orders that the period’s returns came from, divided by the orders placed in the period "
       "(not cancelled).") },
  [RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE] = {
    "item-return-rate", N_("Item return rate"),
    N_("Units customers asked to send back on the period’s returns, divided by the units on the orders "
       "placed in the period.") },
  [RETOUR_REPORT_FIGURE_REVENUE_RETURN_RATE] = {
    "revenue-return-rate", N_("Revenue return rate"),
    N_("The value of the units asked back (units × the price paid), divided by the sales: the line totals "
       "of the orders placed in the period. Per currency.") },
  [RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES] = {
    "refunds-against-sales", N_("Refunds against sales"),
    N_("Money refunded on the period’s returns, whenever it was paid, divided by the period’s sales. "
       "Refunds made in the storefront without a return do not count. Per currency.") },
  [RETOUR_REPORT_FIGURE_RETURN_SHIPPING] = {
    "return-shipping", N_("Return shipping"),
    N_("The period’s returns that a return label was made for, and the return shipping deducted from "
       "their refunds under the policy. What the carrier charged is not known to Retour yet.") },
  [RETOUR_REPORT_FIGURE_RESTOCKING_FEES] = {
    "restocking-fees", N_("Restocking fees recovered"),
    N_("The restocking fee the policy deducted from the refunds of the period’s returns: those with a "
       "refund paid, unless staff set the refund by hand. Per currency.") },
  [RETOUR_REPORT_FIGURE_WRITTEN_OFF] = {
    "written-off", N_("Value written off"),
    N_("Units of the period’s returns written off in the stock ledger (recycled, scrapped, sent back to "
       "the vendor), at the price the customer paid. Per currency.") },
  [RETOUR_REPORT_FIGURE_RETAINED_REVENUE] = {
    "retained-revenue", N_("Retained revenue"),
    N_("The value of the period’s returns resolved as an exchange or as store credit, as a share of the "
       "value of those whose resolution is decided. The rest went back as refunds, repairs or "
       "replacements. Per currency.") },
  [RETOUR_REPORT_FIGURE_TIME_TO_REFUND] = {
    "time-to-refund", N_("Time to refund"),
    N_("From the day a return was made to its first refund: the median (half were faster) and the 90th "
       "percentile, over the period’s returns with a refund.") },
  [RETOUR_REPORT_FIGURE_STATUTORY_IN_TIME] = {
    "statutory-in-time", N_("Refunded within the legal 14 days"),
    N_("Of the period’s withdrawals — returns whose refund is due by law, 14 days after the customer’s "
       "notice — the share refunded by the day it was due. Those still unpaid count once that day has "
       "passed.") },
  [RETOUR_REPORT_FIGURE_CONTROLLABLE] = {
    "controllable-reasons", N_("Controllable reasons"),
    N_("Units returned for a reason the shop can act on (not as described, wrong item, damaged in "
       "transit, defective, late), against the customer’s own reasons (size, changed mind, ordered "
       "several, better price). Which reasons are which is set in the policy.") },
  [RETOUR_REPORT_FIGURE_REASON_CLUSTER] = {
    "reason-cluster", N_("Look at this"),
    N_("Products with at least 10 units returned in the period, more than half of them for one reason: "
       "something about the product or its description may need fixing.") },
  [RETOUR_REPORT_FIGURE_SERIAL_RETURNER] = {
    "serial-returner", N_("Serial returners"),
    N_("Customers with at least 2 returns whose units returned are 25 % (elevated), 40 % (high) or 60 % "
       "(critical) of the units they ever bought. For staff only: a statutory withdrawal cannot be "
       "refused because of a high return rate.") },
};

const char *
retour_report_figure_name (RetourReportFigure figure)
{
  g_return_val_if_fail (figure < RETOUR_REPORT_N_FIGURES, NULL);

  return figure_texts[figure].name;
}

const char *
retour_report_figure_title (RetourReportFigure figure)
{
  g_return_val_if_fail (figure < RETOUR_REPORT_N_FIGURES, NULL);

  return _(figure_texts[figure].title);
}

const char *
retour_report_figure_definition (RetourReportFigure figure)
{
  g_return_val_if_fail (figure < RETOUR_REPORT_N_FIGURES, NULL);

  return _(figure_texts[figure].definition);
}

static const char * const basis_names[] = { "created", "received", "ordered" };

const char *
retour_report_basis_name (RetourReportBasis basis)
{
  g_return_val_if_fail (basis <= RETOUR_REPORT_BASIS_ORDERED, NULL);

  return basis_names[basis];
}

gboolean
retour_report_basis_from_name (const char        *name,
                               RetourReportBasis *basis)
{
  for (guint i = 0; i < G_N_ELEMENTS (basis_names); i++)
    if (g_strcmp0 (name, basis_names[i]) == 0)
      {
        *basis = i;
        return TRUE;
      }

  return FALSE;
}

const char *
retour_report_basis_describe (RetourReportBasis basis)
{
  switch (basis)
    {
    case RETOUR_REPORT_BASIS_CREATED:
      return _("Returns counted by the day they were made");
    case RETOUR_REPORT_BASIS_RECEIVED:
      return _("Returns counted by the day their parcel came back");
    case RETOUR_REPORT_BASIS_ORDERED:
      return _("Returns counted by the day of their order");
    default:
      g_return_val_if_reached (NULL);
    }
}

double
retour_report_rate (gint64 part,
                    gint64 whole)
{
  if (whole <= 0)
    return -1.0;

  return (double) part / (double) whole;
}

RetourReportTier
retour_report_tier_for_rate (double rate)
{
  if (rate >= 0.60)
    return RETOUR_REPORT_TIER_CRITICAL;
  if (rate >= 0.40)
    return RETOUR_REPORT_TIER_HIGH;
  if (rate >= 0.25)
    return RETOUR_REPORT_TIER_ELEVATED;

  return RETOUR_REPORT_TIER_NONE;
}

/* Periods ------------------------------------------------------------------ */

static gint64
local_midnight_us (GTimeZone *tz,
                   int        year,
                   int        month,
                   int        day)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, year, month, day, 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

static GDateTime *
local_time (GTimeZone *tz,
            gint64     time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, tz);
}

void
retour_report_period_get_range (RetourReportPeriod  period,
                                GTimeZone          *tz,
                                gint64              now_us,
                                gint64             *since_us,
                                gint64             *until_us)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) start = NULL;
  int year, month, day;

  g_return_if_fail (tz != NULL);
  g_return_if_fail (since_us != NULL && until_us != NULL);

  now = local_time (tz, now_us);
  g_date_time_get_ymd (now, &year, &month, &day);
  today = g_date_time_new (tz, year, month, day, 0, 0, 0);
  /* A day is not always 24 hours: the next midnight by the calendar. */
  tomorrow = g_date_time_add_days (today, 1);
  g_date_time_get_ymd (tomorrow, &year, &month, &day);
  *until_us = local_midnight_us (tz, year, month, day);

  g_date_time_get_ymd (now, &year, &month, &day);
  switch (period)
    {
    case RETOUR_REPORT_PERIOD_THIS_MONTH:
      *since_us = local_midnight_us (tz, year, month, 1);
      break;

    case RETOUR_REPORT_PERIOD_LAST_30_DAYS:
      start = g_date_time_add_days (today, -29);
      g_date_time_get_ymd (start, &year, &month, &day);
      *since_us = local_midnight_us (tz, year, month, day);
      break;

    case RETOUR_REPORT_PERIOD_THIS_QUARTER:
      *since_us = local_midnight_us (tz, year, month - (month - 1) % 3, 1);
      break;

    case RETOUR_REPORT_PERIOD_THIS_YEAR:
    default:
      *since_us = local_midnight_us (tz, year, 1, 1);
      break;
    }
}

RetourReportInterval
retour_report_interval_for_range (gint64 since_us,
                                  gint64 until_us)
{
  /* Up to 14 bars of weeks; beyond that months read better. */
  if (until_us - since_us <= 98 * G_TIME_SPAN_DAY)
    return RETOUR_REPORT_INTERVAL_WEEK;

  return RETOUR_REPORT_INTERVAL_MONTH;
}

/* The starts of the intervals that cover [since, until): the first one
 * starts on or before @since_us (a Monday, or the 1st). */
static GArray *
interval_starts (GTimeZone            *tz,
                 RetourReportInterval  interval,
                 gint64                since_us,
                 gint64                until_us)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) since = local_time (tz, since_us);
  g_autoptr(GDateTime) start = NULL;
  int year, month, day;

  g_date_time_get_ymd (since, &year, &month, &day);
  if (interval == RETOUR_REPORT_INTERVAL_MONTH)
    start = g_date_time_new (tz, year, month, 1, 0, 0, 0);
  else
    {
      g_autoptr(GDateTime) midnight = g_date_time_new (tz, year, month, day, 0, 0, 0);

      start = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (midnight));
    }

  while (g_date_time_to_unix (start) * G_USEC_PER_SEC < until_us)
    {
      gint64 start_us;
      GDateTime *next;

      g_date_time_get_ymd (start, &year, &month, &day);
      start_us = local_midnight_us (tz, year, month, day);
      g_array_append_val (starts, start_us);

      next = interval == RETOUR_REPORT_INTERVAL_MONTH ? g_date_time_add_months (start, 1)
                                                      : g_date_time_add_days (start, 7);
      g_date_time_unref (start);
      start = next;
    }

  return starts;
}

/* Boxed helpers -------------------------------------------------------------- */

static void
clear_figures (RetourReportFigures *figures)
{
  g_clear_pointer (&figures->money, g_array_unref);
}

void
retour_report_row_free (RetourReportRow *row)
{
  if (row == NULL)
    return;

  g_free (row->sku);
  g_free (row->title);
  g_free (row->category);
  for (guint i = 0; i < row->n_top_reasons; i++)
    g_free (row->top_reasons[i].label);
  g_free (row);
}

static void
report_reason_free (RetourReportReason *reason)
{
  g_free (reason->label);
  g_free (reason);
}

void
retour_report_customer_free (RetourReportCustomer *customer)
{
  if (customer == NULL)
    return;

  g_free (customer->name);
  g_free (customer->email);
  g_clear_pointer (&customer->refunded, g_array_unref);
  g_free (customer);
}

void
retour_report_free (RetourReport *report)
{
  if (report == NULL)
    return;

  clear_figures (&report->current);
  clear_figures (&report->previous);
  g_clear_pointer (&report->products, g_ptr_array_unref);
  g_clear_pointer (&report->categories, g_ptr_array_unref);
  g_clear_pointer (&report->series.starts, g_array_unref);
  g_clear_pointer (&report->series.reasons, g_ptr_array_unref);
  g_clear_pointer (&report->series.units, g_free);
  g_clear_pointer (&report->customers, g_ptr_array_unref);
  g_free (report);
}

static GArray *
money_array_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (RetourReportMoney));
}

/* The entry of @currency in @money, added in code order when missing. */
static RetourReportMoney *
money_for (GArray     *money,
           const char *currency)
{
  RetourReportMoney added = { { 0 } };
  guint i;

  for (i = 0; i < money->len; i++)
    {
      int order = strcmp (g_array_index (money, RetourReportMoney, i).currency, currency != NULL ? currency : "");

      if (order == 0)
        return &g_array_index (money, RetourReportMoney, i);
      if (order > 0)
        break;
    }

  g_strlcpy (added.currency, currency != NULL ? currency : "", sizeof added.currency);
  g_array_insert_val (money, i, added);

  return &g_array_index (money, RetourReportMoney, i);
}

const RetourReportMoney *
retour_report_figures_get_money (const RetourReportFigures *figures,
                                 const char                *currency)
{
  g_return_val_if_fail (figures != NULL, NULL);

  for (guint i = 0; figures->money != NULL && i < figures->money->len; i++)
    if (g_strcmp0 (g_array_index (figures->money, RetourReportMoney, i).currency, currency) == 0)
      return &g_array_index (figures->money, RetourReportMoney, i);

  return NULL;
}

/* Queries ---------------------------------------------------------------------- */

#define RMA_JOINS \
  "LEFT JOIN \"order\" o ON o.id = r.order_id LEFT JOIN customer c ON c.id = r.customer_id "
#define RMA_FILTERS(basis) \
  "r.status NOT IN ('draft', 'cancelled') AND " basis " " \
  "AND (CAST (?3 AS bigint) = 0 OR coalesce (o.store_id, r.store_id) = ?3) " \
  "AND (CAST (?5 AS text) = '' OR upper (coalesce (nullif (o.ship_country, ''), c.country)) = ?5) "
/* A return counts for a category with any line of it. */
#define RMA_HAS_CATEGORY \
  "AND (CAST (?4 AS text) = '' OR EXISTS " \
  "(SELECT 1 FROM rma_line fl WHERE fl.rma_id = r.id AND fl.category = ?4)) "

#define BASIS_CREATED "r.created_us >= ?1 AND r.created_us < ?2"
#define BASIS_RECEIVED "r.received_us >= ?1 AND r.received_us < ?2"
#define BASIS_ORDERED "o.ordered_us >= ?1 AND o.ordered_us < ?2"

#define BY_BASIS(macro) { macro (BASIS_CREATED, "r.created_us"), \
                          macro (BASIS_RECEIVED, "r.received_us"), \
                          macro (BASIS_ORDERED, "o.ordered_us") }

/* Whether a reason is the shop's doing is the policy's word, version by
 * version (policy_reason), else the reason's own flag; 2: no reason. */
#define LINES_SQL(basis, time) \
  "SELECT r.id, r.currency, r.order_id, r.customer_id, r.resolution, r.refund_method, " time ", " \
  "       l.product_id, coalesce (pd.sku, l.sku), coalesce (pd.title, l.title), l.category, " \
  "       l.reason_id, rs.label, l.qty_requested, l.unit_price_minor, " \
  "       CASE WHEN l.reason_id IS NULL THEN 2 " \
  "            WHEN coalesce (pr.controllable, rs.controllable) <> 0 THEN 1 ELSE 0 END " \
  "FROM rma r JOIN rma_line l ON l.rma_id = r.id " RMA_JOINS \
  "LEFT JOIN product pd ON pd.id = l.product_id " \
  "LEFT JOIN reason rs ON rs.id = l.reason_id " \
  "LEFT JOIN policy_reason pr ON pr.policy_id = r.policy_id AND pr.reason_id = l.reason_id " \
  "WHERE " RMA_FILTERS (basis) "AND (CAST (?4 AS text) = '' OR l.category = ?4)"

static const char * const lines_sql[] = BY_BASIS (LINES_SQL);

#define REFUNDS_SQL(basis, time) \
  "SELECT r.id, r.created_us, f.currency, f.amount_minor, f.created_us " \
  "FROM refund f JOIN rma r ON r.id = f.rma_id " RMA_JOINS \
  "WHERE f.source = 'retour' AND " RMA_FILTERS (basis) RMA_HAS_CATEGORY

static const char * const refunds_sql[] = BY_BASIS (REFUNDS_SQL);

#define DUE_SQL(basis, time) \
  "SELECT r.id, r.refund_due_us FROM rma r " RMA_JOINS \
  "WHERE r.refund_due_us IS NOT NULL AND " RMA_FILTERS (basis) RMA_HAS_CATEGORY

static const char * const due_sql[] = BY_BASIS (DUE_SQL);

#define LABELS_SQL(basis, time) \
  "SELECT count (DISTINCT b.rma_id) FROM label b JOIN rma r ON r.id = b.rma_id " RMA_JOINS \
  "WHERE " RMA_FILTERS (basis) RMA_HAS_CATEGORY

static const char * const labels_sql[] = BY_BASIS (LABELS_SQL);

#define WRITTEN_OFF_SQL(basis, time) \
  "SELECT r.currency, m.delta, l.unit_price_minor " \
  "FROM stock_movement m JOIN rma_line l ON l.id = m.rma_line_id JOIN rma r ON r.id = l.rma_id " RMA_JOINS \
  "WHERE m.bucket = 'written-off' AND m.cause = 'write-off' AND " RMA_FILTERS (basis) \
  "AND (CAST (?4 AS text) = '' OR l.category = ?4)"

static const char * const written_off_sql[] = BY_BASIS (WRITTEN_OFF_SQL);

/* The returns whose refund the policy worked out and that were paid. */
#define QUOTED_SQL(basis, time) \
  "SELECT r.id FROM rma r " RMA_JOINS \
  "WHERE r.refund_overridden = 0 AND EXISTS (SELECT 1 FROM refund f WHERE f.rma_id = r.id) " \
  "AND " RMA_FILTERS (basis) RMA_HAS_CATEGORY "ORDER BY r.id"

static const char * const quoted_sql[] = BY_BASIS (QUOTED_SQL);

static const char *sales_sql =
  "SELECT o.id, o.currency, ol.product_id, p.sku, coalesce (p.title, ol.title), p.category, "
  "       ol.quantity, ol.total_minor "
  "FROM \"order\" o JOIN order_line ol ON ol.order_id = o.id "
  "LEFT JOIN product p ON p.id = ol.product_id LEFT JOIN customer c ON c.id = o.customer_id "
  "WHERE o.ordered_us >= ?1 AND o.ordered_us < ?2 AND o.cancelled_us IS NULL "
  "AND (CAST (?3 AS bigint) = 0 OR o.store_id = ?3) "
  "AND (CAST (?4 AS text) = '' OR p.category = ?4) "
  "AND (CAST (?5 AS text) = '' OR upper (coalesce (nullif (o.ship_country, ''), c.country)) = ?5)";

/* Loading ------------------------------------------------------------------------ */

typedef struct
{
  gint64 reason_id;
  gint64 units;
} ReasonUnits;

typedef struct
{
  gint64 first_us;
  gint64 last_us;
  gint64 created_us;
} RefundTimes;

typedef struct
{
  RetourDatabase          *db;
  const RetourReportQuery *query;
  char                    *country;     /* upper case, "" for any */
  GTimeZone               *tz;
  gint64                   now_us;
  gint64                   since_us;
  gint64                   until_us;
  RetourReportFigures     *figures;
  RetourReport            *report;      /* NULL: the figures only */

  GHashTable              *orders;      /* order ids of the period's sales */
  GHashTable              *returned_orders;
  GHashTable              *rmas;        /* rma id -> (gpointer) 1 */
  GHashTable              *products;    /* "id currency" -> RetourReportRow* */
  GHashTable              *categories;  /* "category\x1f currency" -> RetourReportRow* */
  GHashTable              *row_reasons; /* RetourReportRow* -> GArray of ReasonUnits */
  GHashTable              *reason_labels; /* reason id (gint64*) -> label */
  GArray                  *line_times;  /* LineTime of each returned line, for the series */
  GHashTable              *customers;   /* customer id (gint64*) -> period returns (guint64*) */
  GHashTable              *refund_times; /* rma id (gint64*) -> RefundTimes* */
} Load;

typedef struct
{
  gint64 time_us;
  gint64 reason_id;
  gint64 units;
} LineTime;

static RetourStmt *
prepare_query (Load        *load,
               const char  *sql,
               GError     **error)
{
  RetourStmt *stmt = retour_database_prepare (load->db, sql, error);

  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, load->since_us);
  retour_stmt_bind_int64 (stmt, 2, load->until_us);
  retour_stmt_bind_int64 (stmt, 3, load->query->store_id);
  retour_stmt_bind_text (stmt, 4, load->query->category != NULL ? load->query->category : "");
  retour_stmt_bind_text (stmt, 5, load->country);

  return stmt;
}

static RetourReportRow *
breakdown_row (GHashTable *rows,
               char       *key,          /* taken */
               const char *currency)
{
  RetourReportRow *row = g_hash_table_lookup (rows, key);

  if (row != NULL)
    {
      g_free (key);
      return row;
    }

  row = g_new0 (RetourReportRow, 1);
  g_strlcpy (row->currency, currency != NULL ? currency : "", sizeof row->currency);
  g_hash_table_insert (rows, key, row);

  return row;
}

static RetourReportRow *
product_row (Load       *load,
             gint64      product_id,
             const char *sku,
             const char *title,
             const char *category,
             const char *currency)
{
  RetourReportRow *row;

  if (product_id <= 0)
    return NULL;

  row = breakdown_row (load->products,
                       g_strdup_printf ("%" G_GINT64_FORMAT " %s", product_id, currency), currency);
  if (row->title == NULL)
    {
      row->product_id = product_id;
      row->sku = g_strdup (sku);
      row->title = g_strdup (title != NULL ? title : "");
      row->category = g_strdup (category);
    }

  return row;
}

static RetourReportRow *
category_row (Load       *load,
              const char *category,
              const char *currency)
{
  RetourReportRow *row = breakdown_row (load->categories,
                                        g_strdup_printf ("%s\x1f%s", category != NULL ? category : "",
                                                         currency),
                                        currency);

  if (row->title == NULL)
    {
      row->title = g_strdup (category != NULL ? category : "");
      row->category = g_strdup (category);
    }

  return row;
}

static void
add_reason_units (Load            *load,
                  RetourReportRow *row,
                  gint64           reason_id,
                  gint64           units)
{
  GArray *reasons = g_hash_table_lookup (load->row_reasons, row);
  guint i;

  if (reasons == NULL)
    {
      reasons = g_array_new (FALSE, FALSE, sizeof (ReasonUnits));
      g_hash_table_insert (load->row_reasons, row, reasons);
    }

  for (i = 0; i < reasons->len; i++)
    if (g_array_index (reasons, ReasonUnits, i).reason_id == reason_id)
      break;
  if (i == reasons->len)
    {
      ReasonUnits added = { reason_id, 0 };

      g_array_append_val (reasons, added);
    }
  g_array_index (reasons, ReasonUnits, i).units += units;
}

static gboolean
load_sales (Load    *load,
            GError **error)
{
  g_autoptr(RetourStmt) stmt = prepare_query (load, sales_sql, error);
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 order_id = retour_stmt_column_int64 (stmt, 0);
      const char *currency = retour_stmt_column_text (stmt, 1);
      gint64 quantity = retour_stmt_column_int64 (stmt, 6);
      RetourReportMoney *money = money_for (load->figures->money, currency);

      if (!g_hash_table_contains (load->orders, &order_id))
        {
          gint64 *key = g_new (gint64, 1);

          *key = order_id;
          g_hash_table_add (load->orders, key);
        }
      load->figures->units_sold += quantity;
      money->sales += retour_stmt_column_int64 (stmt, 7);

      if (load->report != NULL)
        {
          RetourReportRow *row = product_row (load, retour_stmt_column_int64 (stmt, 2),
                                              retour_stmt_column_text (stmt, 3),
                                              retour_stmt_column_text (stmt, 4),
                                              retour_stmt_column_text (stmt, 5), currency);

          if (row != NULL)
            row->sold += quantity;
          category_row (load, retour_stmt_column_text (stmt, 5), currency)->sold += quantity;
        }
    }

  load->figures->orders = g_hash_table_size (load->orders);

  return ok;
}

static void
add_id (GHashTable *set,
        gint64      id)
{
  gint64 *key;

  if (id <= 0 || g_hash_table_contains (set, &id))
    return;

  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_add (set, key);
}

static gboolean
load_lines (Load    *load,
            GError **error)
{
  g_autoptr(RetourStmt) stmt = prepare_query (load, lines_sql[load->query->basis], error);
  g_autoptr(GHashTable) counted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 rma_id = retour_stmt_column_int64 (stmt, 0);
      const char *currency = retour_stmt_column_text (stmt, 1);
      RetourResolution resolution = retour_stmt_get_enum (stmt, 4, RETOUR_TYPE_RESOLUTION,
                                                          RETOUR_RESOLUTION_UNDECIDED);
      RetourRefundMethod method = retour_stmt_get_enum (stmt, 5, RETOUR_TYPE_REFUND_METHOD,
                                                        RETOUR_REFUND_METHOD_NONE);
      gint64 reason_id = retour_stmt_column_int64 (stmt, 11);
      gint64 units = retour_stmt_column_int64 (stmt, 13);
      gint64 value = units * retour_stmt_column_int64 (stmt, 14);
      RetourReportMoney *money = money_for (load->figures->money, currency);
      gboolean is_new = !g_hash_table_contains (load->rmas, &rma_id);

      add_id (load->rmas, rma_id);
      add_id (load->returned_orders, retour_stmt_column_int64 (stmt, 2));

      load->figures->units_returned += units;
      money->returned_value += value;

      switch (retour_stmt_column_int (stmt, 15))
        {
        case 1:
          load->figures->controllable_units += units;
          break;
        case 2:
          load->figures->unknown_reason_units += units;
          break;
        default:
          load->figures->uncontrollable_units += units;
          break;
        }

      if (resolution != RETOUR_RESOLUTION_UNDECIDED)
        money->decided_value += value;
      if (resolution == RETOUR_RESOLUTION_EXCHANGE || resolution == RETOUR_RESOLUTION_STORE_CREDIT ||
          (resolution == RETOUR_RESOLUTION_REFUND && method == RETOUR_REFUND_METHOD_STORE_CREDIT))
        money->retained += value;

      if (load->report != NULL)
        {
          const char *category = retour_stmt_column_text (stmt, 10);
          RetourReportRow *rows[2];
          LineTime line_time = { retour_stmt_column_int64 (stmt, 6), reason_id, units };
          gint64 customer_id = retour_stmt_column_int64 (stmt, 3);

          rows[0] = product_row (load, retour_stmt_column_int64 (stmt, 7),
                                 retour_stmt_column_text (stmt, 8), retour_stmt_column_text (stmt, 9),
                                 category, currency);
          rows[1] = category_row (load, category, currency);
          for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
            {
              if (rows[i] == NULL)
                continue;
              rows[i]->returned += units;
              rows[i]->returned_value += value;
              /* A return counts once per row, however many of its
               * lines are there. */
              if (g_hash_table_add (counted, g_strdup_printf ("%p %" G_GINT64_FORMAT, (gpointer) rows[i], rma_id)))
                rows[i]->returns++;
              add_reason_units (load, rows[i], reason_id, units);
            }

          if (reason_id > 0 && !g_hash_table_contains (load->reason_labels, &reason_id))
            {
              gint64 *key = g_new (gint64, 1);

              *key = reason_id;
              g_hash_table_insert (load->reason_labels, key, retour_stmt_dup_text (stmt, 12));
            }
          g_array_append_val (load->line_times, line_time);

          if (is_new && customer_id > 0)
            {
              guint64 *count = g_hash_table_lookup (load->customers, &customer_id);

              if (count == NULL)
                {
                  gint64 *key = g_new (gint64, 1);

                  *key = customer_id;
                  count = g_new0 (guint64, 1);
                  g_hash_table_insert (load->customers, key, count);
                }
              (*count)++;
            }
        }
    }

  load->figures->returns = g_hash_table_size (load->rmas);
  load->figures->orders_returned = g_hash_table_size (load->returned_orders);

  return ok;
}

static int
compare_durations (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The nearest-rank percentile of sorted @durations. */
static gint64
percentile (GArray *durations,
            guint   percent)
{
  guint rank;

  if (durations->len == 0)
    return -1;

  rank = (durations->len * percent + 99) / 100;

  return g_array_index (durations, gint64, MAX (rank, 1) - 1);
}

static gboolean
load_refunds (Load    *load,
              GError **error)
{
  g_autoptr(RetourStmt) stmt = prepare_query (load, refunds_sql[load->query->basis], error);
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 rma_id = retour_stmt_column_int64 (stmt, 0);
      gint64 paid_us = retour_stmt_column_int64 (stmt, 4);
      RefundTimes *times = g_hash_table_lookup (load->refund_times, &rma_id);

      money_for (load->figures->money, retour_stmt_column_text (stmt, 2))->refunds +=
        retour_stmt_column_int64 (stmt, 3);

      if (times == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = rma_id;
          times = g_new (RefundTimes, 1);
          times->first_us = times->last_us = paid_us;
          times->created_us = retour_stmt_column_int64 (stmt, 1);
          g_hash_table_insert (load->refund_times, key, times);
        }
      times->first_us = MIN (times->first_us, paid_us);
      times->last_us = MAX (times->last_us, paid_us);
    }
  if (!ok)
    return FALSE;

  g_hash_table_iter_init (&iter, load->refund_times);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const RefundTimes *times = value;
      gint64 duration = MAX (times->first_us - times->created_us, 0);

      g_array_append_val (durations, duration);
    }
  g_array_sort (durations, compare_durations);
  load->figures->refunded_returns = durations->len;
  load->figures->refund_median_us = percentile (durations, 50);
  load->figures->refund_p90_us = percentile (durations, 90);

  return TRUE;
}

static gboolean
load_due (Load    *load,
          GError **error)
{
  g_autoptr(RetourStmt) stmt = prepare_query (load, due_sql[load->query->basis], error);
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 rma_id = retour_stmt_column_int64 (stmt, 0);
      gint64 due_us = retour_stmt_column_int64 (stmt, 1);
      const RefundTimes *times = g_hash_table_lookup (load->refund_times, &rma_id);

      if (times == NULL && due_us >= load->now_us)
        continue;   /* not paid, and not late yet */

      load->figures->statutory_returns++;
      if (times != NULL && times->last_us <= due_us)
        load->figures->statutory_in_time++;
    }

  return ok;
}

static gboolean
load_labels (Load    *load,
             GError **error)
{
  g_autoptr(RetourStmt) stmt = prepare_query (load, labels_sql[load->query->basis], error);

  if (stmt == NULL || !retour_stmt_step_row (stmt, NULL, error))
    return FALSE;

  load->figures->labels = retour_stmt_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
load_written_off (Load    *load,
                  GError **error)
{
  g_autoptr(RetourStmt) stmt = prepare_query (load, written_off_sql[load->query->basis], error);
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    money_for (load->figures->money, retour_stmt_column_text (stmt, 0))->written_off +=
      retour_stmt_column_int64 (stmt, 1) * retour_stmt_column_int64 (stmt, 2);

  return ok;
}

/* The fee and shipping deducted are what the policy's quote says, worked
 * out by the same code that set the refund (retour_policy_quote()), not
 * a copy of its rules in SQL. */
static gboolean
load_deductions (Load    *load,
                 GError **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GHashTable) policies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) retour_policy_free);

  {
    g_autoptr(RetourStmt) stmt = prepare_query (load, quoted_sql[load->query->basis], error);

    if (stmt == NULL || (ids = retour_stmt_collect_ids (stmt, error)) == NULL)
      return FALSE;
  }

  if (ids->len == 0)
    return TRUE;

  reasons = retour_policy_store_list_reasons (load->db, TRUE, error);
  if (reasons == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RetourRma) rma = retour_rma_store_load (load->db, g_array_index (ids, gint64, i), error);
      g_autoptr(RetourRefundQuote) quote = NULL;
      g_autoptr(GError) quote_error = NULL;
      RetourPolicy *policy;
      RetourReportMoney *money;

      if (rma == NULL)
        return FALSE;

      policy = g_hash_table_lookup (policies, &rma->policy_id);
      if (policy == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          policy = retour_policy_store_load (load->db, rma->policy_id, error);
          if (policy == NULL)
            {
              g_free (key);
              return FALSE;
            }
          *key = rma->policy_id;
          g_hash_table_insert (policies, key, policy);
        }

      /* A return the policy cannot quote (in another currency than its
       * policy) had its refund set otherwise: nothing was deducted. */
      quote = retour_policy_quote (policy, rma, reasons, &quote_error);
      if (quote == NULL)
        {
          g_debug ("Report: no quote for return %" G_GINT64_FORMAT ": %s", rma->id, quote_error->message);
          continue;
        }

      money = money_for (load->figures->money, rma->refund.currency);
      money->restocking_fees += quote->restocking_fee.minor;
      money->shipping_charged += quote->return_shipping.minor;
    }

  return TRUE;
}

static int
compare_reason_units (gconstpointer a,
                      gconstpointer b)
{
  const ReasonUnits *x = a, *y = b;

  if (x->units != y->units)
    return x->units > y->units ? -1 : 1;
  /* No reason comes last; equal counts in the order of the shop's list. */
  if ((x->reason_id == 0) != (y->reason_id == 0))
    return x->reason_id == 0 ? 1 : -1;

  return (x->reason_id > y->reason_id) - (x->reason_id < y->reason_id);
}

static char *
reason_label (Load   *load,
              gint64  reason_id)
{
  if (reason_id <= 0)
    return g_strdup (_("No reason given"));

  return g_strdup (g_hash_table_lookup (load->reason_labels, &reason_id));
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const RetourReportRow *x = *(RetourReportRow * const *) a;
  const RetourReportRow *y = *(RetourReportRow * const *) b;
  int order;

  if (x->returned != y->returned)
    return x->returned > y->returned ? -1 : 1;
  if (x->sold != y->sold)
    return x->sold > y->sold ? -1 : 1;
  order = g_utf8_collate (x->title, y->title);
  if (order != 0)
    return order;
  order = strcmp (x->currency, y->currency);
  if (order != 0)
    return order;

  return (x->product_id > y->product_id) - (x->product_id < y->product_id);
}

static GPtrArray *
finish_rows (Load       *load,
             GHashTable *rows,
             gboolean    clusters)
{
  GPtrArray *sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_report_row_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RetourReportRow *row = value;
      GArray *reasons = g_hash_table_lookup (load->row_reasons, row);

      /* The row moves to the sorted array; its key (stolen with it) goes. */
      g_hash_table_iter_steal (&iter);
      g_free (key);
      g_ptr_array_add (sorted, row);
      if (reasons == NULL)
        continue;

      g_array_sort (reasons, compare_reason_units);
      for (guint i = 0; i < reasons->len && row->n_top_reasons < RETOUR_REPORT_TOP_REASONS; i++)
        {
          const ReasonUnits *counted = &g_array_index (reasons, ReasonUnits, i);
          RetourReportReason *top = &row->top_reasons[row->n_top_reasons++];

          top->reason_id = counted->reason_id;
          top->label = reason_label (load, counted->reason_id);
          top->units = counted->units;
        }

      row->cluster = clusters && row->returned >= RETOUR_REPORT_CLUSTER_MIN_UNITS &&
                     row->n_top_reasons > 0 && row->top_reasons[0].reason_id > 0 &&
                     row->top_reasons[0].units * 2 > row->returned;
    }

  g_ptr_array_sort (sorted, compare_rows);

  return sorted;
}

static guint
interval_index (GArray *starts,
                gint64  time_us)
{
  guint low = 0, high = starts->len;

  /* The last start at or before @time_us. */
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (g_array_index (starts, gint64, middle) <= time_us)
        low = middle;
      else
        high = middle;
    }

  return low;
}

static void
finish_series (Load *load)
{
  RetourReportSeries *series = &load->report->series;
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (ReasonUnits));
  g_autoptr(GHashTable) column = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  series->starts = interval_starts (load->tz, load->query->interval, load->since_us, load->until_us);
  series->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) report_reason_free);

  for (guint i = 0; i < load->line_times->len; i++)
    {
      const LineTime *line = &g_array_index (load->line_times, LineTime, i);
      guint j;

      for (j = 0; j < totals->len; j++)
        if (g_array_index (totals, ReasonUnits, j).reason_id == line->reason_id)
          break;
      if (j == totals->len)
        {
          ReasonUnits added = { line->reason_id, 0 };

          g_array_append_val (totals, added);
        }
      g_array_index (totals, ReasonUnits, j).units += line->units;
    }
  g_array_sort (totals, compare_reason_units);

  for (guint j = 0; j < totals->len; j++)
    {
      const ReasonUnits *counted = &g_array_index (totals, ReasonUnits, j);
      RetourReportReason *reason = g_new0 (RetourReportReason, 1);
      gint64 *key = g_new (gint64, 1);

      reason->reason_id = counted->reason_id;
      reason->label = reason_label (load, counted->reason_id);
      reason->units = counted->units;
      g_ptr_array_add (series->reasons, reason);
      *key = counted->reason_id;
      g_hash_table_insert (column, key, GUINT_TO_POINTER (j));
    }

  series->units = g_new0 (gint64, MAX (series->starts->len * series->reasons->len, 1));
  for (guint i = 0; i < load->line_times->len && series->starts->len > 0; i++)
    {
      const LineTime *line = &g_array_index (load->line_times, LineTime, i);
      guint j = GPOINTER_TO_UINT (g_hash_table_lookup (column, &line->reason_id));

      series->units[interval_index (series->starts, line->time_us) * series->reasons->len + j] += line->units;
    }
}

/* Customers ------------------------------------------------------------------------ */

static const char *customer_sql =
  "SELECT c.first_name, c.last_name, c.email, "
  "  (SELECT count (*) FROM \"order\" x WHERE x.customer_id = c.id AND x.cancelled_us IS NULL), "
  "  (SELECT coalesce (sum (xl.quantity), 0) FROM \"order\" x JOIN order_line xl ON xl.order_id = x.id "
  "   WHERE x.customer_id = c.id AND x.cancelled_us IS NULL), "
  "  (SELECT count (*) FROM rma y WHERE y.customer_id = c.id AND y.status NOT IN ('draft', 'cancelled')), "
  "  (SELECT coalesce (sum (yl.qty_requested), 0) FROM rma y JOIN rma_line yl ON yl.rma_id = y.id "
  "   WHERE y.customer_id = c.id AND y.status NOT IN ('draft', 'cancelled')) "
  "FROM customer c WHERE c.id = ?1";

/* Refunds of the customer's returns, and those the storefront made on
 * their orders. */
static const char *customer_refunds_sql =
  "SELECT f.currency, f.amount_minor FROM rma y JOIN refund f ON f.rma_id = y.id WHERE y.customer_id = ?1 "
  "UNION ALL "
  "SELECT f.currency, f.amount_minor FROM \"order\" x JOIN refund f ON f.order_id = x.id "
  "WHERE x.customer_id = ?1 AND f.source = 'storefront'";

static RetourReportCustomer *
load_customer (RetourDatabase  *db,
               gint64           customer_id,
               GError         **error)
{
  g_autoptr(RetourReportCustomer) customer = g_new0 (RetourReportCustomer, 1);
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, customer_sql, error);
  g_autoptr(RetourStmt) refunds = NULL;
  gboolean has_row;
  gboolean ok;
  double rate;

  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, customer_id);
  if (!retour_stmt_step_row (stmt, _("There is no such customer"), error))
    return NULL;

  customer->customer_id = customer_id;
  customer->name = g_strstrip (g_strdup_printf ("%s %s", retour_stmt_column_text (stmt, 0),
                                                retour_stmt_column_text (stmt, 1)));
  customer->email = retour_stmt_dup_text (stmt, 2);
  customer->orders = retour_stmt_column_int64 (stmt, 3);
  customer->units_bought = retour_stmt_column_int64 (stmt, 4);
  customer->returns = retour_stmt_column_int64 (stmt, 5);
  customer->units_returned = retour_stmt_column_int64 (stmt, 6);
  g_clear_pointer (&stmt, retour_stmt_release);

  refunds = retour_database_prepare (db, customer_refunds_sql, error);
  if (refunds == NULL)
    return NULL;
  retour_stmt_bind_int64 (refunds, 1, customer_id);
  customer->refunded = money_array_new ();
  while ((ok = retour_stmt_step (refunds, &has_row, error)) && has_row)
    {
      money_for (customer->refunded, retour_stmt_column_text (refunds, 0))->refunds +=
        retour_stmt_column_int64 (refunds, 1);
      customer->refunds++;
    }
  if (!ok)
    return NULL;

  rate = retour_report_rate (customer->units_returned, customer->units_bought);
  customer->tier = retour_report_tier_for_rate (rate);
  customer->serial = customer->tier != RETOUR_REPORT_TIER_NONE &&
                     customer->returns >= RETOUR_REPORT_SERIAL_MIN_RETURNS;

  return g_steal_pointer (&customer);
}

RetourReportCustomer *
retour_report_store_load_customer (RetourDatabase  *db,
                                   gint64           customer_id,
                                   GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  return load_customer (db, customer_id, error);
}

static int
compare_customers (gconstpointer a,
                   gconstpointer b)
{
  const RetourReportCustomer *x = *(RetourReportCustomer * const *) a;
  const RetourReportCustomer *y = *(RetourReportCustomer * const *) b;
  double rx = retour_report_rate (x->units_returned, x->units_bought);
  double ry = retour_report_rate (y->units_returned, y->units_bought);

  if (rx != ry)
    return rx > ry ? -1 : 1;
  if (x->returns != y->returns)
    return x->returns > y->returns ? -1 : 1;

  return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

static gboolean
load_customers (Load    *load,
                GError **error)
{
  GHashTableIter iter;
  gpointer key, value;

  load->report->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_report_customer_free);

  g_hash_table_iter_init (&iter, load->customers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RetourReportCustomer *customer = load_customer (load->db, *(gint64 *) key, error);

      if (customer == NULL)
        return FALSE;
      customer->period_returns = *(guint64 *) value;
      g_ptr_array_add (load->report->customers, customer);
    }

  g_ptr_array_sort (load->report->customers, compare_customers);

  return TRUE;
}

static gboolean
finish_breakdowns (Load    *load,
                   GError **error)
{
  /* The rows are freed with the sorted arrays, not with the tables. */
  load->report->products = finish_rows (load, load->products, TRUE);
  load->report->categories = finish_rows (load, load->categories, FALSE);
  finish_series (load);

  return TRUE;
}

/* One period ------------------------------------------------------------------------ */

typedef gboolean (*LoadStep) (Load    *load,
                              GError **error);

static const struct
{
  const char *name;
  LoadStep    func;
  gboolean    report_only;
} steps[] = {
  { "sales", load_sales, FALSE },
  { "returned lines", load_lines, FALSE },
  { "refunds", load_refunds, FALSE },
  { "refunds due", load_due, FALSE },
  { "labels", load_labels, FALSE },
  { "written off", load_written_off, FALSE },
  { "deductions", load_deductions, FALSE },
  { "breakdowns", finish_breakdowns, TRUE },
  { "customers", load_customers, TRUE },
};

static gboolean
load_period (RetourDatabase          *db,
             const RetourReportQuery *query,
             GTimeZone               *tz,
             gint64                   now_us,
             gint64                   since_us,
             gint64                   until_us,
             RetourReportFigures     *figures,
             RetourReport            *report,
             GError                 **error)
{
  g_autoptr(GHashTable) orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) returned_orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) rmas = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) retour_report_row_free);
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) retour_report_row_free);
  g_autoptr(GHashTable) row_reasons = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                             (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) reason_labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) line_times = g_array_new (FALSE, FALSE, sizeof (LineTime));
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) refund_times = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *country = g_ascii_strup (query->country != NULL ? query->country : "", -1);
  Load load = {
    db, query, country, tz, now_us, since_us, until_us, figures, report,
    orders, returned_orders, rmas, products, categories, row_reasons, reason_labels, line_times,
    customers, refund_times,
  };

  figures->since_us = since_us;
  figures->until_us = until_us;
  figures->money = money_array_new ();
  figures->refund_median_us = figures->refund_p90_us = -1;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      gint64 begin_us = g_get_monotonic_time ();

      if (report == NULL && steps[i].report_only)
        continue;
      if (!steps[i].func (&load, error))
        return FALSE;
      g_debug ("Report: %s in %.1f ms", steps[i].name, (g_get_monotonic_time () - begin_us) / 1000.0);
    }

  return TRUE;
}

RetourReport *
retour_report_store_load (RetourDatabase          *db,
                          const RetourReportQuery *query,
                          GTimeZone               *tz,
                          gint64                   now_us,
                          GError                 **error)
{
  g_autoptr(RetourReport) report = g_new0 (RetourReport, 1);
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction;
  gint64 length;
  gint64 begin_us = g_get_monotonic_time ();

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->since_us < query->until_us, NULL);
  g_return_val_if_fail (query->basis <= RETOUR_REPORT_BASIS_ORDERED, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  report->basis = query->basis;
  report->interval = query->interval;
  length = query->until_us - query->since_us;

  /* One snapshot: a sync or the desk writing meanwhile cannot make the
   * figures disagree with each other. */
  own_transaction = !retour_database_in_transaction (db);
  if (own_transaction && !retour_database_exec (db, "BEGIN", error))
    return NULL;

  if (load_period (db, query, tz, now_us, query->since_us, query->until_us, &report->current, report,
                   &local_error))
    load_period (db, query, tz, now_us, query->since_us - length, query->since_us, &report->previous,
                 NULL, &local_error);

  if (own_transaction)
    retour_database_exec (db, "COMMIT", NULL);

  g_debug ("Report: %.1f ms", (g_get_monotonic_time () - begin_us) / 1000.0);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&report);
}

/* Drilling down ---------------------------------------------------------------------- */

/* ?6 ?7 the part of the period, ?8 reason (-1 any), ?9 product (0 any),
 * ?10 category ('' any), ?11 the limit. */
#define DRILL_SQL(basis, time) \
  "SELECT r.id, r.number, r.status, " \
  "       trim (coalesce (c.first_name, '') || ' ' || coalesce (c.last_name, '')), o.number, r.created_us, " \
  "       sum (l.qty_requested), r.refund_minor, r.currency " \
  "FROM rma r JOIN rma_line l ON l.rma_id = r.id " RMA_JOINS \
  "WHERE " RMA_FILTERS (basis) "AND (CAST (?4 AS text) = '' OR l.category = ?4) " \
  "AND " time " >= ?6 AND " time " < ?7 " \
  "AND (CAST (?8 AS bigint) < 0 OR coalesce (l.reason_id, 0) = ?8) " \
  "AND (CAST (?9 AS bigint) = 0 OR l.product_id = ?9) " \
  "AND (CAST (?10 AS text) = '' OR l.category = ?10) " \
  "GROUP BY r.id, r.number, r.status, c.first_name, c.last_name, o.number, r.created_us, r.refund_minor, " \
  "         r.currency " \
  "ORDER BY r.id DESC LIMIT ?11"

static const char * const drill_sql[] = BY_BASIS (DRILL_SQL);

static gpointer
drill_row (RetourStmt *stmt,
           gpointer    user_data)
{
  RetourRmaSummary *summary = g_new0 (RetourRmaSummary, 1);

  summary->id = retour_stmt_column_int64 (stmt, 0);
  summary->number = retour_stmt_dup_text (stmt, 1);
  summary->status = retour_stmt_get_enum (stmt, 2, RETOUR_TYPE_RMA_STATUS, RETOUR_RMA_STATUS_DRAFT);
  summary->customer_name = retour_stmt_dup_text (stmt, 3);
  summary->order_number = retour_stmt_dup_text (stmt, 4);
  summary->created_us = retour_stmt_column_int64 (stmt, 5);
  summary->units = retour_stmt_column_int64 (stmt, 6);
  summary->refund = retour_money_init (retour_stmt_column_int64 (stmt, 7), retour_stmt_column_text (stmt, 8));

  return summary;
}

GPtrArray *
retour_report_store_list_returns (RetourDatabase          *db,
                                  const RetourReportQuery *query,
                                  const RetourReportDrill *drill,
                                  GError                 **error)
{
  g_autofree char *country = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  Load load = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (query != NULL && drill != NULL, NULL);
  g_return_val_if_fail (query->basis <= RETOUR_REPORT_BASIS_ORDERED, NULL);

  country = g_ascii_strup (query->country != NULL ? query->country : "", -1);
  load.db = db;
  load.query = query;
  load.country = country;
  load.since_us = query->since_us;
  load.until_us = query->until_us;

  stmt = prepare_query (&load, drill_sql[query->basis], error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 6, drill->until_us > drill->since_us ? drill->since_us : query->since_us);
  retour_stmt_bind_int64 (stmt, 7, drill->until_us > drill->since_us ? drill->until_us : query->until_us);
  retour_stmt_bind_int64 (stmt, 8, drill->reason_id);
  retour_stmt_bind_int64 (stmt, 9, drill->product_id);
  retour_stmt_bind_text (stmt, 10, drill->category != NULL ? drill->category : "");
  retour_stmt_bind_int64 (stmt, 11, RETOUR_REPORT_DRILL_LIMIT);

  return retour_stmt_collect (stmt, drill_row, NULL, (GDestroyNotify) retour_rma_summary_free, error);
}

void
retour_report_choice_free (RetourReportChoice *choice)
{
  if (choice == NULL)
    return;

  g_free (choice->name);
  g_free (choice);
}

static gpointer
choice_row (RetourStmt *stmt,
            gpointer    user_data)
{
  RetourReportChoice *choice = g_new0 (RetourReportChoice, 1);

  choice->id = retour_stmt_column_int64 (stmt, 0);
  choice->name = retour_stmt_dup_text (stmt, 1);

  return choice;
}

static gpointer
text_row (RetourStmt *stmt,
          gpointer    user_data)
{
  return retour_stmt_dup_text (stmt, 0);
}

gboolean
retour_report_store_list_choices (RetourDatabase  *db,
                                  GPtrArray      **stores,
                                  GPtrArray      **categories,
                                  GPtrArray      **countries,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stores_stmt = NULL;
  g_autoptr(RetourStmt) categories_stmt = NULL;
  g_autoptr(RetourStmt) countries_stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (stores != NULL && categories != NULL && countries != NULL, FALSE);

  stores_stmt = retour_database_prepare (db, "SELECT id, name FROM store ORDER BY name, id", error);
  if (stores_stmt == NULL ||
      (*stores = retour_stmt_collect (stores_stmt, choice_row, NULL, (GDestroyNotify) retour_report_choice_free,
                                      error)) == NULL)
    return FALSE;

  /* The categories products are sold under, and those returns were made
   * under (a line keeps its category when the product changes). */
  categories_stmt = retour_database_prepare (db,
                                             "SELECT category FROM product WHERE category <> '' "
                                             "UNION SELECT category FROM rma_line WHERE category <> '' "
                                             "ORDER BY 1",
                                             error);
  if (categories_stmt == NULL ||
      (*categories = retour_stmt_collect (categories_stmt, text_row, NULL, g_free, error)) == NULL)
    {
      g_clear_pointer (stores, g_ptr_array_unref);
      return FALSE;
    }

  countries_stmt = retour_database_prepare (db,
                                            "SELECT upper (ship_country) FROM \"order\" WHERE ship_country <> '' "
                                            "UNION SELECT upper (country) FROM customer WHERE country <> '' "
                                            "ORDER BY 1",
                                            error);
  if (countries_stmt == NULL ||
      (*countries = retour_stmt_collect (countries_stmt, text_row, NULL, g_free, error)) == NULL)
    {
      g_clear_pointer (stores, g_ptr_array_unref);
      g_clear_pointer (categories, g_ptr_array_unref);
      return FALSE;
    }

  return TRUE;
}

/* A customer's page ------------------------------------------------------------------- */

void
retour_report_order_free (RetourReportOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->number);
  g_free (order);
}

static gpointer
order_row (RetourStmt *stmt,
           gpointer    user_data)
{
  RetourReportOrder *order = g_new0 (RetourReportOrder, 1);

  order->id = retour_stmt_column_int64 (stmt, 0);
  order->number = retour_stmt_dup_text (stmt, 1);
  order->ordered_us = retour_stmt_column_int64 (stmt, 2);
  order->total = retour_money_init (retour_stmt_column_int64 (stmt, 3), retour_stmt_column_text (stmt, 4));
  order->cancelled = !retour_stmt_column_is_null (stmt, 5);

  return order;
}

GPtrArray *
retour_report_store_list_customer_orders (RetourDatabase  *db,
                                          gint64           customer_id,
                                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, number, ordered_us, total_minor, currency, cancelled_us "
                                  "FROM \"order\" WHERE customer_id = ?1 ORDER BY ordered_us DESC, id DESC",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, customer_id);

  return retour_stmt_collect (stmt, order_row, NULL, (GDestroyNotify) retour_report_order_free, error);
}

GPtrArray *
retour_report_store_list_customer_returns (RetourDatabase  *db,
                                           gint64           customer_id,
                                           GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT r.id, r.number, r.status, "
                                  "       trim (coalesce (c.first_name, '') || ' ' || coalesce (c.last_name, '')), "
                                  "       o.number, r.created_us, "
                                  "       (SELECT coalesce (sum (l.qty_requested), 0) FROM rma_line l "
                                  "        WHERE l.rma_id = r.id), "
                                  "       r.refund_minor, r.currency "
                                  "FROM rma r LEFT JOIN \"order\" o ON o.id = r.order_id "
                                  "LEFT JOIN customer c ON c.id = r.customer_id "
                                  "WHERE r.customer_id = ?1 AND r.status <> 'draft' ORDER BY r.id DESC",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, customer_id);

  return retour_stmt_collect (stmt, drill_row, NULL, (GDestroyNotify) retour_rma_summary_free, error);
}
