/* retour-inventory-store.h — what came back, where it went, and what is
 * still out there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures of the inventory view, per product and for the whole shop:
 *
 *   on hand, held, written off   the product's stock now (the ledger's
 *                                buckets, see retour-stock-store.h);
 *   expected back                units authorized and not received yet, on
 *                                returns that are authorized or in transit;
 *   awaiting inspection          units received on returns that are
 *                                received and not inspected yet;
 *
 * and for a period [since, until) — 0 leaves that end open:
 *
 *   came back      units received on returns received in the period;
 *   restocked      units put on hand by the ledger in the period: accepted
 *                  returns (RESTOCK) and finished repairs (REPAIRED);
 *   held           units put on hold for repair in the period (HOLD);
 *   written off    units written off in the period (WRITE_OFF);
 *   sold           units on orders placed in the period and not cancelled;
 *   returned       units requested on returns created in the period that
 *                  were not cancelled (nor left as drafts): what customers
 *                  asked to send back, accepted or not;
 *   return rate    returned ÷ sold of the same period: both flows, not a
 *                  cohort (returns of this month's orders arrive next
 *                  month), so it is a rate over time, undefined when
 *                  nothing was sold, and may exceed 100 % in a period with
 *                  few sales;
 *   top reasons    up to three reasons of the returned units, most first.
 *
 * Whether a return is overdue is judged by calendar day in the shop's time
 * zone: one due on the 3rd is overdue from the 4th, 00:00 local time.
 * The queries read covering indexes (migration 0006); on a million returns
 * a month takes a few hundred milliseconds and all time a few seconds, so
 * the window runs them off the main thread.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_INVENTORY_PERIOD_THIS_MONTH,
  RETOUR_INVENTORY_PERIOD_LAST_30_DAYS,    /* today and the 29 days before */
  RETOUR_INVENTORY_PERIOD_THIS_YEAR,
  RETOUR_INVENTORY_PERIOD_ALL_TIME,
} RetourInventoryPeriod;

/* The start of @period at @now_us by the calendar of @tz (local
 * midnight), in *@since_us; *@until_us is 0 (up to now and beyond). */
void     retour_inventory_period_get_range (RetourInventoryPeriod  period,
                                            GTimeZone             *tz,
                                            gint64                 now_us,
                                            gint64                *since_us,
                                            gint64                *until_us);
/* The start of the day of @now_us in @tz: a return due before it is
 * overdue. */
gint64   retour_inventory_overdue_before   (GTimeZone             *tz,
                                            gint64                 now_us);
/* @returned ÷ @sold, or a negative number when nothing was sold. */
double   retour_inventory_return_rate      (gint64                 returned,
                                            gint64                 sold);

#define RETOUR_INVENTORY_TOP_REASONS 3

typedef struct
{
  gint64  reason_id;
  char   *label;
  gint64  units;
} RetourReasonCount;

#define RETOUR_TYPE_PRODUCT_INVENTORY (retour_product_inventory_get_type ())

typedef struct
{
  gint64             product_id;
  char              *sku;          /* may be NULL */
  char              *title;

  /* Now */
  gint64             on_hand;
  gint64             held;
  gint64             written_off;
  gint64             expected_back;
  gint64             awaiting_inspection;

  /* In the period */
  gint64             came_back;
  gint64             restocked;
  gint64             held_in;
  gint64             written_off_in;
  gint64             sold;
  gint64             returned;
  /* Of the units sold in the period, how many were asked back (at any
   * time): the return rate's numerator, so that it never compares this
   * month's returns with this month's few sales. */
  gint64             returned_of_sold;
  guint              n_top_reasons;
  RetourReasonCount  top_reasons[RETOUR_INVENTORY_TOP_REASONS];
} RetourProductInventory;

GType                   retour_product_inventory_get_type (void) G_GNUC_CONST;
RetourProductInventory *retour_product_inventory_copy     (const RetourProductInventory *inventory);
void                    retour_product_inventory_free     (RetourProductInventory       *inventory);

/* The whole shop: every return line counts, also those of no known
 * product. */
typedef struct
{
  /* Now */
  gint64  on_hand;
  gint64  held;
  gint64  written_off;
  gint64  expected_back;
  guint64 expected_rmas;
  gint64  overdue_units;
  guint64 overdue_rmas;
  gint64  awaiting_inspection;

  /* In the period */
  gint64  came_back;
  gint64  restocked;
  gint64  held_in;
  gint64  written_off_in;
  gint64  sold;
  gint64  returned;
  gint64  returned_of_sold;
} RetourInventorySummary;

typedef struct
{
  gint64                  since_us;
  gint64                  until_us;
  RetourInventorySummary  summary;
  GPtrArray              *products;   /* RetourProductInventory*, by title */
} RetourInventory;

void             retour_inventory_free          (RetourInventory *inventory);

/* Every product with its figures, and the shop's, for [@since_us,
 * @until_us) (0: open); overdue at @now_us in @tz. One read transaction,
 * so the figures agree with each other. */
RetourInventory *retour_inventory_store_load    (RetourDatabase  *db,
                                                 gint64           since_us,
                                                 gint64           until_us,
                                                 GTimeZone       *tz,
                                                 gint64           now_us,
                                                 GError         **error);

/* The ids of the products whose SKU or title contains every word of
 * @text, folded as the search folds it ("jas" finds "Jas, zwart"), in a
 * GArray of gint64. Empty text finds every product. */
GArray          *retour_inventory_store_find_products (RetourDatabase  *db,
                                                       const char      *text,
                                                       GError         **error);

#define RETOUR_TYPE_EXPECTED_ARRIVAL (retour_expected_arrival_get_type ())

/* A return that is authorized or in transit: its parcel is on its way. */
typedef struct
{
  gint64           rma_id;
  char            *number;         /* compact */
  RetourRmaStatus  status;
  char            *customer_name;
  char            *order_number;
  gint64           units;          /* authorized, not received */
  gint64           due_us;         /* 0 when not set */
  gboolean         overdue;
} RetourExpectedArrival;

GType                  retour_expected_arrival_get_type (void) G_GNUC_CONST;
RetourExpectedArrival *retour_expected_arrival_copy     (const RetourExpectedArrival *arrival);
void                   retour_expected_arrival_free     (RetourExpectedArrival       *arrival);

/* The parcels on their way, the longest overdue first, those without a
 * due date last: a GPtrArray of RetourExpectedArrival*. */
GPtrArray       *retour_inventory_store_list_expected   (RetourDatabase  *db,
                                                         GTimeZone       *tz,
                                                         gint64           now_us,
                                                         GError         **error);
/* Expires every return overdue at @now_us (retour_rma_store_transition()
 * to EXPIRED, with its history entry), all in one transaction: all or
 * none. The number expired goes to @out_n_expired. */
gboolean         retour_inventory_store_expire_overdue  (RetourDatabase  *db,
                                                         GTimeZone       *tz,
                                                         gint64           now_us,
                                                         const char      *actor,
                                                         guint           *out_n_expired,
                                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourInventory, retour_inventory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourProductInventory, retour_product_inventory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourExpectedArrival, retour_expected_arrival_free)

G_END_DECLS
