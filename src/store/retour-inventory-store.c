/* retour-inventory-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each figure of a period is one pass over covering indexes, driven by
 * the index that bounds the period; the joins are written CROSS JOIN to
 * keep SQLite from starting at the product index and visiting every table
 * row (it has no statistics: the databases are never ANALYZEd). Lines of
 * no known product (entered by hand) count for the shop and for no
 * product.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-inventory-store.h"
#include "retour-rma-store.h"

G_DEFINE_BOXED_TYPE (RetourProductInventory, retour_product_inventory,
                     retour_product_inventory_copy, retour_product_inventory_free)
G_DEFINE_BOXED_TYPE (RetourExpectedArrival, retour_expected_arrival,
                     retour_expected_arrival_copy, retour_expected_arrival_free)

/* Periods ------------------------------------------------------------------ */

static GDateTime *
local_midnight (GTimeZone *tz,
                GDate     *date)
{
  return g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 0, 0, 0);
}

static void
local_date (GTimeZone *tz,
            gint64     time_us,
            GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

void
retour_inventory_period_get_range (RetourInventoryPeriod  period,
                                   GTimeZone             *tz,
                                   gint64                 now_us,
                                   gint64                *since_us,
                                   gint64                *until_us)
{
  g_autoptr(GDateTime) start = NULL;
  GDate today;

  g_return_if_fail (tz != NULL);
  g_return_if_fail (since_us != NULL && until_us != NULL);

  *since_us = 0;
  *until_us = 0;

  local_date (tz, now_us, &today);

  switch (period)
    {
    case RETOUR_INVENTORY_PERIOD_THIS_MONTH:
      g_date_set_day (&today, 1);
      break;

    case RETOUR_INVENTORY_PERIOD_LAST_30_DAYS:
      g_date_subtract_days (&today, 29);
      break;

    case RETOUR_INVENTORY_PERIOD_THIS_YEAR:
      g_date_set_day (&today, 1);
      g_date_set_month (&today, G_DATE_JANUARY);
      break;

    case RETOUR_INVENTORY_PERIOD_ALL_TIME:
    default:
      return;
    }

  start = local_midnight (tz, &today);
  *since_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

gint64
retour_inventory_overdue_before (GTimeZone *tz,
                                 gint64     now_us)
{
  g_autoptr(GDateTime) midnight = NULL;
  GDate today;

  g_return_val_if_fail (tz != NULL, 0);

  local_date (tz, now_us, &today);
  midnight = local_midnight (tz, &today);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

double
retour_inventory_return_rate (gint64 returned,
                              gint64 sold)
{
  if (sold <= 0)
    return -1.0;

  return (double) returned / (double) sold;
}

/* Boxed types ---------------------------------------------------------------- */

RetourProductInventory *
retour_product_inventory_copy (const RetourProductInventory *inventory)
{
  RetourProductInventory *copy = g_memdup2 (inventory, sizeof *inventory);

  copy->sku = g_strdup (inventory->sku);
  copy->title = g_strdup (inventory->title);
  for (guint i = 0; i < inventory->n_top_reasons; i++)
    copy->top_reasons[i].label = g_strdup (inventory->top_reasons[i].label);

  return copy;
}

void
retour_product_inventory_free (RetourProductInventory *inventory)
{
  if (inventory == NULL)
    return;

  g_free (inventory->sku);
  g_free (inventory->title);
  for (guint i = 0; i < inventory->n_top_reasons; i++)
    g_free (inventory->top_reasons[i].label);
  g_free (inventory);
}

void
retour_inventory_free (RetourInventory *inventory)
{
  if (inventory == NULL)
    return;

  g_clear_pointer (&inventory->products, g_ptr_array_unref);
  g_free (inventory);
}

RetourExpectedArrival *
retour_expected_arrival_copy (const RetourExpectedArrival *arrival)
{
  RetourExpectedArrival *copy = g_memdup2 (arrival, sizeof *arrival);

  copy->number = g_strdup (arrival->number);
  copy->customer_name = g_strdup (arrival->customer_name);
  copy->order_number = g_strdup (arrival->order_number);

  return copy;
}

void
retour_expected_arrival_free (RetourExpectedArrival *arrival)
{
  if (arrival == NULL)
    return;

  g_free (arrival->number);
  g_free (arrival->customer_name);
  g_free (arrival->order_number);
  g_free (arrival);
}

/* Loading ---------------------------------------------------------------------- */

typedef struct
{
  gint64 reason_id;
  gint64 units;
} ReasonUnits;

typedef struct
{
  RetourInventory *inventory;
  GHashTable      *by_id;       /* product id (gint64*) -> RetourProductInventory* */
  GHashTable      *reasons;     /* reason id (gint64*) -> label */
  GHashTable      *returned;    /* product id (gint64*) -> GArray of ReasonUnits */
} Load;

/* The product of a row's first column, or NULL for lines of no known
 * product and products created after the list was read. */
static RetourProductInventory *
row_product (Load       *load,
             RetourStmt *stmt)
{
  gint64 id;

  if (retour_stmt_column_is_null (stmt, 0))
    return NULL;

  id = retour_stmt_column_int64 (stmt, 0);
  return g_hash_table_lookup (load->by_id, &id);
}

typedef void (*LoadRowFunc) (Load       *load,
                             RetourStmt *stmt);

/* Runs @sql with the period bound as ?1 and ?2 (open ends as the extreme
 * values, so one statement serves every period) and @extra as ?3, and
 * hands each row to @func. */
static gboolean
load_rows (Load            *load,
           RetourDatabase  *db,
           const char      *sql,
           gint64           extra,
           LoadRowFunc      func,
           GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  gboolean has_row;
  gboolean ok;
  gint64 begin_us = g_get_monotonic_time ();

  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, load->inventory->since_us != 0 ? load->inventory->since_us : G_MININT64);
  retour_stmt_bind_int64 (stmt, 2, load->inventory->until_us != 0 ? load->inventory->until_us : G_MAXINT64);
  retour_stmt_bind_int64 (stmt, 3, extra);

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    func (load, stmt);

  g_debug ("Inventory: %.1f ms for %.50s", (g_get_monotonic_time () - begin_us) / 1000.0, sql);

  return ok;
}

static void
product_row (Load       *load,
             RetourStmt *stmt)
{
  RetourProductInventory *product = g_new0 (RetourProductInventory, 1);
  RetourInventorySummary *summary = &load->inventory->summary;

  product->product_id = retour_stmt_column_int64 (stmt, 0);
  product->sku = retour_stmt_dup_text (stmt, 1);
  product->title = retour_stmt_dup_text (stmt, 2);
  product->on_hand = retour_stmt_column_int64 (stmt, 3);
  product->held = retour_stmt_column_int64 (stmt, 4);
  product->written_off = retour_stmt_column_int64 (stmt, 5);

  summary->on_hand += product->on_hand;
  summary->held += product->held;
  summary->written_off += product->written_off;

  g_ptr_array_add (load->inventory->products, product);
  g_hash_table_insert (load->by_id, &product->product_id, product);
}

static void
reason_row (Load       *load,
            RetourStmt *stmt)
{
  gint64 *id = g_new (gint64, 1);

  *id = retour_stmt_column_int64 (stmt, 0);
  g_hash_table_insert (load->reasons, id, retour_stmt_dup_text (stmt, 1));
}

static void
in_progress_row (Load       *load,
                 RetourStmt *stmt)
{
  RetourProductInventory *product = row_product (load, stmt);
  gint64 expected = retour_stmt_column_int64 (stmt, 1);
  gint64 awaiting = retour_stmt_column_int64 (stmt, 2);

  load->inventory->summary.expected_back += expected;
  load->inventory->summary.awaiting_inspection += awaiting;
  if (product != NULL)
    {
      product->expected_back += expected;
      product->awaiting_inspection += awaiting;
    }
}

static void
expected_row (Load       *load,
              RetourStmt *stmt)
{
  RetourInventorySummary *summary = &load->inventory->summary;

  summary->expected_rmas = retour_stmt_column_int64 (stmt, 0);
  summary->overdue_rmas = retour_stmt_column_int64 (stmt, 1);
  summary->overdue_units = retour_stmt_column_int64 (stmt, 2);
}

/* The period's queries return one row per line or movement, added up
 * here: SQLite would sort every row to group them (a million rows for a
 * year of a big shop), which costs more than the scan itself. */

static void
came_back_row (Load       *load,
               RetourStmt *stmt)
{
  RetourProductInventory *product = row_product (load, stmt);
  gint64 units = retour_stmt_column_int64 (stmt, 1);

  load->inventory->summary.came_back += units;
  if (product != NULL)
    product->came_back += units;
}

static void
movements_row (Load       *load,
               RetourStmt *stmt)
{
  RetourProductInventory *product = row_product (load, stmt);
  RetourInventorySummary *summary = &load->inventory->summary;
  gint64 delta = retour_stmt_column_int64 (stmt, 2);

  switch (retour_stmt_column_int (stmt, 1))
    {
    case 1:
      summary->restocked += delta;
      if (product != NULL)
        product->restocked += delta;
      break;

    case 2:
      summary->held_in += delta;
      if (product != NULL)
        product->held_in += delta;
      break;

    case 3:
      summary->written_off_in += delta;
      if (product != NULL)
        product->written_off_in += delta;
      break;

    default:
      break;
    }
}

static void
sold_row (Load       *load,
          RetourStmt *stmt)
{
  RetourProductInventory *product = row_product (load, stmt);
  gint64 units = retour_stmt_column_int64 (stmt, 1);

  load->inventory->summary.sold += units;
  if (product != NULL)
    product->sold += units;
}

static void
returned_of_sold_row (Load       *load,
                      RetourStmt *stmt)
{
  RetourProductInventory *product = row_product (load, stmt);
  gint64 units = retour_stmt_column_int64 (stmt, 2);

  load->inventory->summary.returned_of_sold += units;
  if (product != NULL)
    product->returned_of_sold += units;
}

static void
returned_row (Load       *load,
              RetourStmt *stmt)
{
  RetourProductInventory *product = row_product (load, stmt);
  gint64 units = retour_stmt_column_int64 (stmt, 2);
  gint64 reason_id = retour_stmt_column_int64 (stmt, 1);
  GArray *reasons;
  guint i;

  load->inventory->summary.returned += units;
  if (product == NULL)
    return;

  product->returned += units;
  if (reason_id <= 0)
    return;

  reasons = g_hash_table_lookup (load->returned, &product->product_id);
  if (reasons == NULL)
    {
      reasons = g_array_new (FALSE, FALSE, sizeof (ReasonUnits));
      g_hash_table_insert (load->returned, &product->product_id, reasons);
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

static int
compare_reason_units (gconstpointer a,
                      gconstpointer b)
{
  const ReasonUnits *x = a, *y = b;

  if (x->units != y->units)
    return x->units > y->units ? -1 : 1;

  /* Equal counts: the reason first in the shop's list, for a stable
   * order. */
  return (x->reason_id > y->reason_id) - (x->reason_id < y->reason_id);
}

static void
pick_top_reasons (Load *load)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, load->returned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RetourProductInventory *product = g_hash_table_lookup (load->by_id, key);
      GArray *reasons = value;

      g_array_sort (reasons, compare_reason_units);
      for (guint i = 0; i < reasons->len && i < RETOUR_INVENTORY_TOP_REASONS; i++)
        {
          const ReasonUnits *counted = &g_array_index (reasons, ReasonUnits, i);
          RetourReasonCount *top = &product->top_reasons[product->n_top_reasons++];

          top->reason_id = counted->reason_id;
          top->label = g_strdup (g_hash_table_lookup (load->reasons, &counted->reason_id));
          top->units = counted->units;
        }
    }
}

static const char *in_progress_sql =
  "SELECT l.product_id, "
  "       sum (CASE WHEN r.status IN ('authorized', 'in_transit') "
  "            THEN l.qty_authorized - l.qty_received ELSE 0 END), "
  "       sum (CASE WHEN r.status = 'received' THEN l.qty_received ELSE 0 END) "
  "FROM rma r CROSS JOIN rma_line l "
  "WHERE l.rma_id = r.id AND r.status IN ('authorized', 'in_transit', 'received') "
  "GROUP BY l.product_id";

static const char *expected_sql =
  "SELECT count (*), "
  "       coalesce (sum (CASE WHEN r.due_us < ?3 THEN 1 ELSE 0 END), 0), "
  "       coalesce (sum (CASE WHEN r.due_us < ?3 THEN "
  "         (SELECT sum (qty_authorized - qty_received) FROM rma_line WHERE rma_id = r.id) "
  "       ELSE 0 END), 0) "
  "FROM rma r WHERE r.status IN ('authorized', 'in_transit')";

static const char *came_back_sql =
  "SELECT l.product_id, l.qty_received "
  "FROM rma r CROSS JOIN rma_line l "
  "WHERE l.rma_id = r.id AND r.received_us >= ?1 AND r.received_us < ?2 AND l.qty_received > 0";

/* Kind 1: onto the shelf; 2: held for repair; 3: written off. */
static const char *movements_sql =
  "SELECT product_id, "
  "       CASE WHEN bucket = 'on-hand' AND cause IN ('restock', 'repaired') THEN 1 "
  "            WHEN bucket = 'held' AND cause = 'hold' THEN 2 "
  "            WHEN bucket = 'written-off' AND cause = 'write-off' THEN 3 ELSE 0 END AS kind, "
  "       delta "
  "FROM stock_movement WHERE created_us >= ?1 AND created_us < ?2 "
  "  AND ((bucket = 'on-hand' AND cause IN ('restock', 'repaired')) "
  "    OR (bucket = 'held' AND cause = 'hold') "
  "    OR (bucket = 'written-off' AND cause = 'write-off'))";

static const char *sold_sql =
  "SELECT ol.product_id, ol.quantity "
  "FROM \"order\" o CROSS JOIN order_line ol "
  "WHERE ol.order_id = o.id AND o.ordered_us >= ?1 AND o.ordered_us < ?2 AND o.cancelled_us IS NULL";

static const char *returned_sql =
  "SELECT l.product_id, l.reason_id, l.qty_requested "
  "FROM rma r CROSS JOIN rma_line l "
  "WHERE l.rma_id = r.id AND r.created_us >= ?1 AND r.created_us < ?2 AND r.status NOT IN ('draft', 'cancelled')";

/* Item return rate as the returns tools define it for products: by the
 * date of the order, units asked back of the units sold. */
static const char *returned_of_sold_sql =
  "SELECT ol.product_id, 0, l.qty_requested "
  "FROM \"order\" o CROSS JOIN order_line ol CROSS JOIN rma_line l CROSS JOIN rma r "
  "WHERE ol.order_id = o.id AND l.order_line_id = ol.id AND r.id = l.rma_id "
  "AND o.ordered_us >= ?1 AND o.ordered_us < ?2 AND o.cancelled_us IS NULL "
  "AND r.status NOT IN ('draft', 'cancelled')";

RetourInventory *
retour_inventory_store_load (RetourDatabase  *db,
                             gint64           since_us,
                             gint64           until_us,
                             GTimeZone       *tz,
                             gint64           now_us,
                             GError         **error)
{
  g_autoptr(RetourInventory) inventory = g_new0 (RetourInventory, 1);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) reasons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) returned = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction;
  gint64 overdue_before;
  Load load = { inventory, by_id, reasons, returned };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  inventory->since_us = since_us;
  inventory->until_us = until_us;
  inventory->products = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_product_inventory_free);
  overdue_before = retour_inventory_overdue_before (tz, now_us);

  /* One snapshot: a sync or the desk writing meanwhile cannot make the
   * figures disagree with each other. */
  own_transaction = !retour_database_in_transaction (db);
  if (own_transaction && !retour_database_exec (db, "BEGIN", error))
    return NULL;

  if (load_rows (&load, db,
                 "SELECT id, sku, title, on_hand, held, written_off FROM product "
                 "ORDER BY title COLLATE NOCASE, sku, id",
                 0, product_row, &local_error) &&
      load_rows (&load, db, "SELECT id, label FROM reason", 0, reason_row, &local_error) &&
      load_rows (&load, db, in_progress_sql, 0, in_progress_row, &local_error) &&
      load_rows (&load, db, expected_sql, overdue_before, expected_row, &local_error) &&
      load_rows (&load, db, came_back_sql, 0, came_back_row, &local_error) &&
      load_rows (&load, db, movements_sql, 0, movements_row, &local_error) &&
      load_rows (&load, db, sold_sql, 0, sold_row, &local_error) &&
      load_rows (&load, db, returned_sql, 0, returned_row, &local_error) &&
      load_rows (&load, db, returned_of_sold_sql, 0, returned_of_sold_row, &local_error))
    pick_top_reasons (&load);

  if (own_transaction)
    retour_database_exec (db, "COMMIT", NULL);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&inventory);
}

/* Searching -------------------------------------------------------------------- */

GArray *
retour_inventory_store_find_products (RetourDatabase  *db,
                                      const char      *text,
                                      GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *folded = retour_search_fold (text);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t\n", -1);
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  /* A catalogue is thousands of products, not millions: folding each one
   * is quicker than keeping an index of them up to date. */
  stmt = retour_database_prepare (db, "SELECT id, retour_fold (coalesce (sku, '') || ' ' || title) FROM product",
                                  error);
  if (stmt == NULL)
    return NULL;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      const char *haystack = retour_stmt_column_text (stmt, 1);
      gboolean match = TRUE;

      for (guint i = 0; words[i] != NULL && match; i++)
        match = *words[i] == '\0' || strstr (haystack != NULL ? haystack : "", words[i]) != NULL;

      if (match)
        {
          gint64 id = retour_stmt_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
    }

  if (!ok)
    return NULL;

  return g_steal_pointer (&ids);
}

/* Expected arrivals ---------------------------------------------------------------- */

static gpointer
expected_arrival_from_row (RetourStmt *stmt,
                           gpointer    user_data)
{
  const gint64 *overdue_before = user_data;
  RetourExpectedArrival *arrival = g_new0 (RetourExpectedArrival, 1);

  arrival->rma_id = retour_stmt_column_int64 (stmt, 0);
  arrival->number = retour_stmt_dup_text (stmt, 1);
  if (!retour_rma_status_from_key (retour_stmt_column_text (stmt, 2), &arrival->status))
    arrival->status = RETOUR_RMA_STATUS_AUTHORIZED;
  arrival->customer_name = retour_stmt_dup_text (stmt, 3);
  arrival->order_number = retour_stmt_dup_text (stmt, 4);
  arrival->due_us = retour_stmt_column_int64 (stmt, 5);
  arrival->units = retour_stmt_column_int64 (stmt, 6);
  arrival->overdue = !retour_stmt_column_is_null (stmt, 5) && arrival->due_us < *overdue_before;

  return arrival;
}

GPtrArray *
retour_inventory_store_list_expected (RetourDatabase  *db,
                                      GTimeZone       *tz,
                                      gint64           now_us,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gint64 overdue_before;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  overdue_before = retour_inventory_overdue_before (tz, now_us);

  stmt = retour_database_prepare (db,
                                  "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), "
                                  "       o.number, r.due_us, "
                                  "       (SELECT coalesce (sum (qty_authorized - qty_received), 0) "
                                  "        FROM rma_line WHERE rma_id = r.id) "
                                  "FROM rma r LEFT JOIN customer c ON c.id = r.customer_id "
                                  "LEFT JOIN \"order\" o ON o.id = r.order_id "
                                  "WHERE r.status IN ('authorized', 'in_transit') "
                                  "ORDER BY r.due_us IS NULL, r.due_us, r.id",
                                  error);
  if (stmt == NULL)
    return NULL;

  return retour_stmt_collect (stmt, expected_arrival_from_row, &overdue_before,
                              (GDestroyNotify) retour_expected_arrival_free, error);
}

gboolean
retour_inventory_store_expire_overdue (RetourDatabase  *db,
                                       GTimeZone       *tz,
                                       gint64           now_us,
                                       const char      *actor,
                                       guint           *out_n_expired,
                                       GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);

  if (out_n_expired != NULL)
    *out_n_expired = 0;

  /* A batch: a failure half-way expires none of them. */
  if (!retour_txn_begin_batch (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT id FROM rma WHERE status IN ('authorized', 'in_transit') "
                                  "AND due_us < ? ORDER BY id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, retour_inventory_overdue_before (tz, now_us));
  ids = retour_stmt_collect_ids (stmt, error);
  if (ids == NULL)
    return FALSE;
  retour_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RetourRma) rma = retour_rma_store_load (db, g_array_index (ids, gint64, i), error);

      if (rma == NULL ||
          !retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_EXPIRED, actor,
                                        _("Not received by its due date"), now_us, error))
        return FALSE;
    }

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  if (out_n_expired != NULL)
    *out_n_expired = ids->len;

  return TRUE;
}
