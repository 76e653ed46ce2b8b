/* retour-report-store.h — what returns cost, why things come back, and
 * who returns the most: the figures of the Reports view and of
 * `retour-cli report`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is about the returns of a period [since, until). Which date
 * puts a return in the period is the report's basis, and every figure
 * about returns uses it:
 *
 *   created    the day the return was made (asked for);
 *   received   the day its parcel came back (returns not received yet
 *              are in no period);
 *   ordered    the day of the order it returns (returns without an
 *              order are in no period): a cohort, as the returns tools
 *              count products.
 *
 * Sales are always the orders placed in the period and not cancelled, so
 * that with the bases created and received a rate compares two flows of
 * the same weeks (it may pass 100 % in a month of few sales), and with
 * ordered it is the share of the period's sales that came back (still
 * growing while returns arrive). Drafts and cancelled returns are no
 * returns; rejected and expired ones are: a customer asked.
 *
 * Filters narrow both sides: a store (the order's, else the return's),
 * a category (of the lines: a return counts with its lines of the
 * category; figures of whole returns — refunds, fees, time to refund —
 * count the returns with at least one), a country (the order's shipping
 * country, else the customer's).
 *
 * Money is never added across currencies: each money figure is a list,
 * one entry per currency, and a rate of money is worked out per currency.
 * Every figure has a name (a stable key for JSON and CSV), a title and a
 * definition (translated) to show beside it: retour_report_figure_*().
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_REPORT_BASIS_CREATED,
  RETOUR_REPORT_BASIS_RECEIVED,
  RETOUR_REPORT_BASIS_ORDERED,
} RetourReportBasis;

typedef enum
{
  RETOUR_REPORT_INTERVAL_WEEK,    /* weeks from Monday, in the shop's time zone */
  RETOUR_REPORT_INTERVAL_MONTH,
} RetourReportInterval;

typedef enum
{
  RETOUR_REPORT_PERIOD_THIS_MONTH,
  RETOUR_REPORT_PERIOD_LAST_30_DAYS,  /* today and the 29 days before */
  RETOUR_REPORT_PERIOD_THIS_QUARTER,
  RETOUR_REPORT_PERIOD_THIS_YEAR,
} RetourReportPeriod;

/* A product with at least this many units returned in the period, more
 * than half of them for one reason, is a cluster: "look at this". Fewer
 * units say little — with three or four, one customer's parcel makes the
 * majority — and ten is where a shop that sells the product every week
 * would see a pattern rather than a coincidence. */
#define RETOUR_REPORT_CLUSTER_MIN_UNITS 10

/* A customer is listed as a serial returner from this many returns on, and
 * a lifetime item return rate of 25 % (elevated), 40 % (high) or 60 %
 * (critical), the tiers the abuse-detection tools use. One return of one
 * order is 100 % and says nothing. */
#define RETOUR_REPORT_SERIAL_MIN_RETURNS 2
/* "Many refunds" as those tools count it. */
#define RETOUR_REPORT_MANY_REFUNDS 10

typedef enum
{
  RETOUR_REPORT_TIER_NONE,
  RETOUR_REPORT_TIER_ELEVATED,   /* ≥ 25 % */
  RETOUR_REPORT_TIER_HIGH,       /* ≥ 40 % */
  RETOUR_REPORT_TIER_CRITICAL,   /* ≥ 60 % */
} RetourReportTier;

/* What the report is about. @category and @country may be NULL or empty
 * for every one; @country is an ISO 3166-1 alpha-2 code, any case. */
typedef struct
{
  gint64                since_us;
  gint64                until_us;
  RetourReportBasis     basis;
  RetourReportInterval  interval;
  gint64                store_id;     /* 0: every store */
  const char           *category;
  const char           *country;
} RetourReportQuery;

/* The money figures of one currency. */
typedef struct
{
  char    currency[4];
  gint64  sales;              /* line totals of the period's orders */
  gint64  returned_value;     /* units asked back × their price */
  gint64  refunds;            /* paid on the period's returns, whenever paid */
  gint64  restocking_fees;    /* deducted from their refunds */
  gint64  shipping_charged;   /* return shipping deducted from their refunds */
  gint64  written_off;        /* their units written off × their price */
  gint64  retained;           /* value of returns resolved as exchange or store credit */
  gint64  decided_value;      /* value of returns with a resolution decided */
} RetourReportMoney;

typedef struct
{
  gint64   since_us;
  gint64   until_us;

  guint64  orders;               /* placed in the period, not cancelled */
  guint64  orders_returned;      /* orders of the period's returns */
  gint64   units_sold;
  gint64   units_returned;       /* asked back */
  guint64  returns;
  guint64  labels;               /* returns a label was made for */

  gint64   controllable_units;   /* the shop's doing (policy's reason rules) */
  gint64   uncontrollable_units; /* the customer's */
  gint64   unknown_reason_units; /* no reason given */

  guint64  refunded_returns;     /* returns with a refund paid */
  gint64   refund_median_us;     /* from the return's creation to its first refund; -1 none */
  gint64   refund_p90_us;
  guint64  statutory_returns;    /* with a refund due by law, paid or past due */
  guint64  statutory_in_time;    /* paid in full by the day it was due */

  GArray  *money;                /* RetourReportMoney, by currency code */
} RetourReportFigures;

typedef struct
{
  gint64  reason_id;             /* 0: none given */
  char   *label;
  gint64  units;
} RetourReportReason;

#define RETOUR_REPORT_TOP_REASONS 3

/* One product (variant: a storefront's variant is a product of its own
 * here, with its SKU) or category, in one currency. */
typedef struct
{
  gint64              product_id;   /* 0 in the category breakdown */
  char               *sku;          /* may be NULL */
  char               *title;        /* the product's, or the category ("" none) */
  char               *category;     /* may be NULL */
  char                currency[4];
  gint64              sold;         /* units on the period's orders */
  gint64              returned;     /* units asked back on the period's returns */
  guint64             returns;
  gint64              returned_value;
  guint               n_top_reasons;
  RetourReportReason  top_reasons[RETOUR_REPORT_TOP_REASONS];
  gboolean            cluster;      /* see RETOUR_REPORT_CLUSTER_MIN_UNITS */
} RetourReportRow;

/* The period's returned units by reason and interval. */
typedef struct
{
  GArray     *starts;     /* gint64: each interval's start, in order */
  GPtrArray  *reasons;    /* RetourReportReason*: each reason's total units,
                           * most first; "no reason" last when any */
  gint64     *units;      /* [interval * reasons->len + reason] */
} RetourReportSeries;

typedef struct
{
  gint64            customer_id;
  char             *name;
  char             *email;           /* may be NULL */
  /* Lifetime, as of the report */
  guint64           orders;
  gint64            units_bought;
  guint64           returns;
  gint64            units_returned;
  guint64           refunds;         /* payments */
  GArray           *refunded;        /* RetourReportMoney (refunds only), by currency */
  RetourReportTier  tier;
  gboolean          serial;          /* tier, and at least the minimum returns */
  /* In the period */
  guint64           period_returns;
} RetourReportCustomer;

typedef struct
{
  RetourReportBasis     basis;
  RetourReportInterval  interval;
  RetourReportFigures   current;
  RetourReportFigures   previous;   /* the period of the same length just before */
  GPtrArray            *products;   /* RetourReportRow*, most returned first */
  GPtrArray            *categories; /* RetourReportRow*, most returned first */
  RetourReportSeries    series;
  GPtrArray            *customers;  /* RetourReportCustomer*, highest return rate first */
} RetourReport;

/* The figures ------------------------------------------------------------ */

typedef enum
{
  RETOUR_REPORT_FIGURE_ORDER_RETURN_RATE,
  RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE,
  RETOUR_REPORT_FIGURE_REVENUE_RETURN_RATE,
  RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES,
  RETOUR_REPORT_FIGURE_RETURN_SHIPPING,
  RETOUR_REPORT_FIGURE_RESTOCKING_FEES,
  RETOUR_REPORT_FIGURE_WRITTEN_OFF,
  RETOUR_REPORT_FIGURE_RETAINED_REVENUE,
  RETOUR_REPORT_FIGURE_TIME_TO_REFUND,
  RETOUR_REPORT_FIGURE_STATUTORY_IN_TIME,
  RETOUR_REPORT_FIGURE_CONTROLLABLE,
  RETOUR_REPORT_FIGURE_REASON_CLUSTER,
  RETOUR_REPORT_FIGURE_SERIAL_RETURNER,
  RETOUR_REPORT_N_FIGURES,
} RetourReportFigure;

/* "order-return-rate": stable, for JSON and files. */
const char  *retour_report_figure_name       (RetourReportFigure figure);
/* "Order return rate", translated. */
const char  *retour_report_figure_title      (RetourReportFigure figure);
/* How it is worked out, in a sentence or two, translated. */
const char  *retour_report_figure_definition (RetourReportFigure figure);
/* "created", "received", "ordered". */
const char  *retour_report_basis_name        (RetourReportBasis  basis);
gboolean     retour_report_basis_from_name   (const char        *name,
                                              RetourReportBasis *basis);
/* "Returns counted by the day they were made", translated: to show
 * beside every figure. */
const char  *retour_report_basis_describe    (RetourReportBasis  basis);

/* @part ÷ @whole, or a negative number when @whole is 0. */
double       retour_report_rate              (gint64             part,
                                              gint64             whole);
/* The money of @currency in @figures, or NULL. */
const RetourReportMoney *retour_report_figures_get_money (const RetourReportFigures *figures,
                                                          const char                *currency);

/* [since, until) of @period at @now_us by the calendar of @tz: from local
 * midnight of its first day to local midnight after today. */
void         retour_report_period_get_range  (RetourReportPeriod  period,
                                              GTimeZone          *tz,
                                              gint64              now_us,
                                              gint64             *since_us,
                                              gint64             *until_us);
/* Weeks for a period of up to about three months, else months. */
RetourReportInterval retour_report_interval_for_range (gint64      since_us,
                                                       gint64      until_us);

/* The tier of a lifetime item return rate. */
RetourReportTier retour_report_tier_for_rate (double             rate);

/* Loading ---------------------------------------------------------------- */

/* The whole report for @query: its figures and those of the period
 * before, the breakdowns, the reasons over time (intervals in @tz) and
 * the customers of its returns. Refunds due by law count as late from
 * @now_us on. One read transaction, so the figures agree. */
RetourReport *retour_report_store_load        (RetourDatabase          *db,
                                               const RetourReportQuery *query,
                                               GTimeZone               *tz,
                                               gint64                   now_us,
                                               GError                 **error);
void          retour_report_free              (RetourReport            *report);

/* One customer's lifetime figures (not in any period), for the customer
 * page; RETOUR_STORE_ERROR_NOT_FOUND when there is no such customer. */
RetourReportCustomer *retour_report_store_load_customer (RetourDatabase  *db,
                                                         gint64           customer_id,
                                                         GError         **error);
void          retour_report_customer_free     (RetourReportCustomer    *customer);
void          retour_report_row_free          (RetourReportRow         *row);

/* Drilling down -------------------------------------------------------- */

/* A part of a report's returns: those of @query whose basis date falls in
 * [since, until) (0, 0: the whole period), with a line of @product_id
 * (0 any) or @category (NULL any) for @reason_id (-1 any, 0 none given). */
typedef struct
{
  gint64      since_us;
  gint64      until_us;
  gint64      reason_id;
  gint64      product_id;
  const char *category;
} RetourReportDrill;

#define RETOUR_REPORT_DRILL_LIMIT 500

/* Those returns, newest first, at most RETOUR_REPORT_DRILL_LIMIT: a
 * GPtrArray of RetourRmaSummary* (retour-search.h), units counting the
 * lines that match. */
GPtrArray    *retour_report_store_list_returns (RetourDatabase          *db,
                                                const RetourReportQuery *query,
                                                const RetourReportDrill *drill,
                                                GError                 **error);

/* One customer's orders, newest first: a GPtrArray of RetourReportOrder*;
 * and their returns, newest first, as RetourRmaSummary* (units: asked
 * back). Cancelled orders and returns are listed too, as such; drafts
 * are not. */
typedef struct
{
  gint64       id;
  char        *number;
  gint64       ordered_us;
  RetourMoney  total;
  gboolean     cancelled;
} RetourReportOrder;

GPtrArray    *retour_report_store_list_customer_orders  (RetourDatabase  *db,
                                                         gint64           customer_id,
                                                         GError         **error);
GPtrArray    *retour_report_store_list_customer_returns (RetourDatabase  *db,
                                                         gint64           customer_id,
                                                         GError         **error);
void          retour_report_order_free         (RetourReportOrder *order);

/* What the filters can choose from: the stores (a GPtrArray of
 * RetourReportChoice*), the categories and the countries (char*), sorted. */
typedef struct
{
  gint64  id;
  char   *name;
} RetourReportChoice;

gboolean      retour_report_store_list_choices (RetourDatabase  *db,
                                                GPtrArray      **stores,
                                                GPtrArray      **categories,
                                                GPtrArray      **countries,
                                                GError         **error);
void          retour_report_choice_free        (RetourReportChoice *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourReport, retour_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourReportCustomer, retour_report_customer_free)

G_END_DECLS
