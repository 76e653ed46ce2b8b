/* retour-sync-store.c — storefronts, synced pages and refund write-back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-privacy-store.h"
#include "retour-sync-store.h"

static gboolean
check_name (const char  *name,
            GError     **error)
{
  const char *p = name;

  while (p != NULL && g_ascii_isspace (*p))
    p++;

  if (p == NULL || *p == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A store needs a name."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
name_taken (GError     **error,
            const char  *name)
{
  g_clear_error (error);
  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
               _("There is already a store named “%s”."), name);
  return FALSE;
}

gboolean
retour_sync_store_add (RetourDatabase    *db,
                       RetourStorefront  *storefront,
                       gint64             now_us,
                       GError           **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (storefront != NULL, FALSE);

  if (!check_name (storefront->name, error))
    return FALSE;

  if (storefront->base_url == NULL || *storefront->base_url == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A store needs the address of its site."));
      return FALSE;
    }

  stmt = retour_database_prepare (db,
                                  "INSERT INTO store (name, platform, base_url, write_back, "
                                  "refund_via_gateway, created_us, sync_interval_min) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_text (stmt, 1, storefront->name);
  retour_stmt_bind_static_text (stmt, 2, retour_platform_to_key (storefront->platform));
  retour_stmt_bind_text (stmt, 3, storefront->base_url);
  retour_stmt_bind_int (stmt, 4, storefront->write_back);
  retour_stmt_bind_int (stmt, 5, storefront->refund_via_gateway);
  retour_stmt_bind_int64 (stmt, 6, now_us);
  retour_stmt_bind_int64 (stmt, 7, storefront->sync_interval_min);

  if (!retour_stmt_step (stmt, &has_row, &local_error))
    {
      if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT))
        return name_taken (error, storefront->name);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  storefront->id = retour_stmt_column_int64 (stmt, 0);
  storefront->created_us = now_us;

  return TRUE;
}

#define STOREFRONT_COLUMNS \
  "id, name, platform, base_url, write_back, refund_via_gateway, watermark_us, last_sync_us, " \
  "last_error, created_us, sync_interval_min FROM store "

static gpointer
storefront_from_row (RetourStmt *stmt,
                     gpointer    user_data)
{
  RetourStorefront *storefront = retour_storefront_new ();
  const char *platform = retour_stmt_column_text (stmt, 2);

  storefront->id = retour_stmt_column_int64 (stmt, 0);
  storefront->name = retour_stmt_dup_text (stmt, 1);
  /* The table's CHECK allows only the two keys. */
  if (!retour_platform_from_key (platform, &storefront->platform))
    storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = retour_stmt_dup_text (stmt, 3);
  storefront->write_back = retour_stmt_column_int (stmt, 4) != 0;
  storefront->refund_via_gateway = retour_stmt_column_int (stmt, 5) != 0;
  storefront->watermark_us = retour_stmt_column_int64 (stmt, 6);
  storefront->last_sync_us = retour_stmt_column_int64 (stmt, 7);
  storefront->last_error = retour_stmt_dup_text (stmt, 8);
  storefront->created_us = retour_stmt_column_int64 (stmt, 9);
  storefront->sync_interval_min = (guint) CLAMP (retour_stmt_column_int64 (stmt, 10), 0, G_MAXUINT);

  return storefront;
}

GPtrArray *
retour_sync_store_list (RetourDatabase  *db,
                        GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, "SELECT " STOREFRONT_COLUMNS "ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;

  return retour_stmt_collect (stmt, storefront_from_row, NULL, (GDestroyNotify) retour_storefront_free, error);
}

static RetourStorefront *
load_one (RetourStmt  *stmt,
          GError     **error)
{
  if (!retour_stmt_step_row (stmt, _("There is no such store."), error))
    return NULL;

  return storefront_from_row (stmt, NULL);
}

RetourStorefront *
retour_sync_store_load (RetourDatabase  *db,
                        gint64           id,
                        GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, "SELECT " STOREFRONT_COLUMNS "WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, id);
  return load_one (stmt, error);
}

RetourStorefront *
retour_sync_store_find (RetourDatabase  *db,
                        const char      *name,
                        GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  RetourStorefront *storefront;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = retour_database_prepare (db, "SELECT " STOREFRONT_COLUMNS "WHERE name = ?", error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_text (stmt, 1, name);
  storefront = load_one (stmt, &local_error);
  if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                   _("There is no store named “%s”."), name);
      return NULL;
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return storefront;
}

static gboolean
require_changed (RetourDatabase  *db,
                 GError         **error)
{
  if (retour_database_changes (db) > 0)
    return TRUE;

  g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                       _("There is no such store."));
  return FALSE;
}

gboolean
retour_sync_store_rename (RetourDatabase  *db,
                          gint64           id,
                          const char      *name,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!check_name (name, error))
    return FALSE;

  stmt = retour_database_prepare (db, "UPDATE store SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_text (stmt, 2, name);
  if (!retour_stmt_run (stmt, &local_error))
    {
      if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT))
        return name_taken (error, name);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return require_changed (db, error);
}

gboolean
retour_sync_store_remove (RetourDatabase  *db,
                          gint64           id,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  /* ON DELETE SET NULL keeps the orders, customers and products. */
  stmt = retour_database_prepare (db, "DELETE FROM store WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return require_changed (db, error);
}

gboolean
retour_sync_store_set_write_back (RetourDatabase  *db,
                                  gint64           id,
                                  gboolean         write_back,
                                  gboolean         via_gateway,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "UPDATE store SET write_back = ?2, refund_via_gateway = ?3 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_int (stmt, 2, write_back);
  retour_stmt_bind_int (stmt, 3, write_back && via_gateway);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return require_changed (db, error);
}

gboolean
retour_sync_store_set_sync_interval (RetourDatabase  *db,
                                     gint64           id,
                                     guint            minutes,
                                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "UPDATE store SET sync_interval_min = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_int64 (stmt, 2, minutes);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return require_changed (db, error);
}

gboolean
retour_sync_store_record_sync (RetourDatabase  *db,
                               gint64           id,
                               gint64           time_us,
                               const char      *error_message,
                               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  /* A failed run keeps the time of the last good one. */
  stmt = retour_database_prepare (db,
                                  "UPDATE store SET last_sync_us = CASE WHEN CAST (?3 AS TEXT) IS NULL THEN ?2 ELSE last_sync_us END, "
                                  "last_error = ?3 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_int64 (stmt, 2, time_us);
  retour_stmt_bind_text (stmt, 3, error_message);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return require_changed (db, error);
}

/* ---------------------------------------------------------- synced pages */

/* Keeps an order that could not be read, or counts one more meeting. */
static gboolean
record_problem (RetourDatabase           *db,
                gint64                    store_id,
                const RetourSyncProblem  *problem,
                gint64                    now_us,
                GError                  **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO sync_problem (store_id, external_id, order_number, field, message, "
                                  "                          first_seen_us, last_seen_us) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
                                  "ON CONFLICT (store_id, external_id) DO UPDATE SET "
                                  "  order_number = coalesce (excluded.order_number, sync_problem.order_number), "
                                  "  field = excluded.field, message = excluded.message, "
                                  "  last_seen_us = excluded.last_seen_us, attempts = sync_problem.attempts + 1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, problem->external_id);
  retour_stmt_bind_text (stmt, 3, problem->order_number);
  retour_stmt_bind_text (stmt, 4, problem->field);
  retour_stmt_bind_text (stmt, 5, problem->message);
  retour_stmt_bind_int64 (stmt, 6, now_us);

  return retour_stmt_run (stmt, error);
}

static gboolean
clear_problem (RetourDatabase  *db,
               gint64           store_id,
               const char      *external_id,
               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db, "DELETE FROM sync_problem WHERE store_id = ?1 AND external_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, external_id);

  return retour_stmt_run (stmt, error);
}

gboolean
retour_sync_store_clear_problems (RetourDatabase      *db,
                                  gint64               store_id,
                                  const char * const  *external_ids,
                                  GError             **error)
{
  g_auto(RetourTxn) txn = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (external_ids != NULL, FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  for (guint i = 0; external_ids[i] != NULL; i++)
    if (!clear_problem (db, store_id, external_ids[i], error))
      return FALSE;

  return retour_txn_commit (&txn, error);
}

static gpointer
sync_problem_from_row (RetourStmt *stmt,
                       gpointer    user_data)
{
  const gint64 *store_id = user_data;
  RetourSyncProblem *problem = retour_sync_problem_new ();

  problem->store_id = *store_id;
  problem->external_id = retour_stmt_dup_text (stmt, 0);
  problem->order_number = retour_stmt_dup_text (stmt, 1);
  problem->field = retour_stmt_dup_text (stmt, 2);
  problem->message = retour_stmt_dup_text (stmt, 3);
  problem->first_seen_us = retour_stmt_column_int64 (stmt, 4);
  problem->last_seen_us = retour_stmt_column_int64 (stmt, 5);
  problem->attempts = (guint) retour_stmt_column_int (stmt, 6);

  return problem;
}

GPtrArray *
retour_sync_store_list_problems (RetourDatabase  *db,
                                 gint64           store_id,
                                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT external_id, order_number, field, message, first_seen_us, last_seen_us, "
                                  "       attempts FROM sync_problem WHERE store_id = ? ORDER BY first_seen_us, id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect (stmt, sync_problem_from_row, &store_id,
                              (GDestroyNotify) retour_sync_problem_free, error);
}

/* TRUE when the database holds the order with this update time already,
 * as this version reads orders. */
static gboolean
order_is_current (RetourDatabase  *db,
                  gint64           store_id,
                  RetourOrder     *order,
                  gboolean        *current,
                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT updated_us, deleted_upstream, read_version FROM \"order\" "
                                  "WHERE store_id = ?1 AND external_id = ?2",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, order->external_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *current = has_row &&
             retour_stmt_column_int64 (stmt, 0) == order->updated_us &&
             retour_stmt_column_int (stmt, 1) == order->deleted_upstream &&
             retour_stmt_column_int (stmt, 2) >= RETOUR_ORDER_READ_VERSION;

  return TRUE;
}

static gboolean
is_referenced (RetourDatabase  *db,
               gint64           line_id,
               gboolean        *referenced,
               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT EXISTS (SELECT 1 FROM rma_line WHERE order_line_id = ?1) "
                                  "OR EXISTS (SELECT 1 FROM refund_line WHERE order_line_id = ?1)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, line_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *referenced = retour_stmt_column_int (stmt, 0) != 0;

  return TRUE;
}

/* The lines of the stored order that its new version (@order, written
 * already) does not have go, except those a return or refund names:
 * they stay for it, with no units, so the order adds up as upstream and
 * nothing more of them is returnable. */
static gboolean
retire_gone_lines (RetourDatabase  *db,
                   RetourOrder     *order,
                   GError         **error)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  for (guint i = 0; i < order->lines->len; i++)
    g_hash_table_add (present, &((RetourOrderLine *) g_ptr_array_index (order->lines, i))->id);

  stmt = retour_database_prepare (db, "SELECT id FROM order_line WHERE order_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, order->id);
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 id = retour_stmt_column_int64 (stmt, 0);

      if (!g_hash_table_contains (present, &id))
        g_array_append_val (gone, id);
    }
  retour_stmt_release (g_steal_pointer (&stmt));
  if (!ok)
    return FALSE;

  for (guint i = 0; i < gone->len; i++)
    {
      gint64 id = g_array_index (gone, gint64, i);
      gboolean referenced;

      if (!is_referenced (db, id, &referenced, error))
        return FALSE;

      stmt = retour_database_prepare (db,
                                      referenced
                                      ? "UPDATE order_line SET gone_upstream = 1, quantity = 0, total_minor = 0 "
                                        "WHERE id = ?"
                                      : "DELETE FROM order_line WHERE id = ?",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, id);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      retour_stmt_release (g_steal_pointer (&stmt));
    }

  return TRUE;
}

/* The id of the line of order @order_id known upstream as @external_id,
 * gone or not; 0 if there is none. */
static gboolean
find_order_line (RetourDatabase  *db,
                 gint64           order_id,
                 const char      *external_id,
                 gint64          *line_id,
                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  *line_id = 0;
  if (external_id == NULL)
    return TRUE;

  stmt = retour_database_prepare (db, "SELECT id FROM order_line WHERE order_id = ?1 AND external_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, order_id);
  retour_stmt_bind_text (stmt, 2, external_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *line_id = retour_stmt_column_int64 (stmt, 0);

  return TRUE;
}

/* Whether @refund is one of Retour's, written back to the storefront for
 * a return of this order: by the id the write-back recorded, or, when its
 * answer was lost before the id was, by the idempotency key it carried. */
static gboolean
is_written_back (RetourDatabase          *db,
                 gint64                   order_id,
                 RetourStorefrontRefund  *refund,
                 gboolean                *own,
                 GError                 **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT EXISTS (SELECT 1 FROM refund f JOIN rma r ON r.id = f.rma_id "
                                  "WHERE r.order_id = ?1 AND f.source = 'retour' "
                                  "AND (f.external_id = ?2 OR f.idempotency_key = ?3))",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, order_id);
  retour_stmt_bind_text (stmt, 2, refund->external_id);
  retour_stmt_bind_text (stmt, 3, refund->idempotency_key);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *own = retour_stmt_column_int (stmt, 0) != 0;

  return TRUE;
}

/* "Refunded in the store: 19.95 EUR for 1 × Scarf", in each return of the
 * order: staff working on one see that the shop paid something back
 * already. Amounts as in Retour's own refund events (code, not symbol),
 * since the text is kept and read in other locales. */
static gboolean
note_in_history (RetourDatabase          *db,
                 RetourOrder             *order,
                 RetourStorefrontRefund  *refund,
                 const char              *actor,
                 GError                 **error)
{
  g_autoptr(GString) items = g_string_new (NULL);
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *amount = retour_money_to_string (refund->amount);
  g_autofree char *money = g_strdup_printf ("%s %s", amount, refund->amount.currency);
  g_autofree char *detail = NULL;

  for (guint i = 0; i < refund->lines->len; i++)
    {
      RetourStorefrontRefundLine *line = g_ptr_array_index (refund->lines, i);
      g_autofree char *title = NULL;
      gboolean has_row;

      if (line->quantity == 0)
        continue;

      /* Gone upstream or not: the line as the order had it. */
      stmt = retour_database_prepare (db, "SELECT title FROM order_line WHERE order_id = ?1 AND external_id = ?2",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, order->id);
      retour_stmt_bind_text (stmt, 2, line->line_external_id);
      if (!retour_stmt_step (stmt, &has_row, error))
        return FALSE;
      title = has_row ? retour_stmt_dup_text (stmt, 0) : g_strdup (line->line_external_id);
      retour_stmt_release (g_steal_pointer (&stmt));

      if (items->len > 0)
        g_string_append (items, ", ");
      /* Translators: a quantity and a product, "1 × Wool scarf". */
      g_string_append_printf (items, _("%u × %s"), line->quantity, title);
    }

  if (items->len > 0)
    /* Translators: in a return's history. The first %s is an amount
     * ("19.95 EUR"), the second what it was for ("1 × Wool scarf"). */
    detail = g_strdup_printf (_("Refunded in the store: %s for %s"), money, items->str);
  else
    /* Translators: in a return's history; %s is an amount ("19.95 EUR"). */
    detail = g_strdup_printf (_("Refunded in the store: %s"), money);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO rma_event (rma_id, created_us, actor, kind, detail) "
                                  "SELECT id, ?2, ?3, 'store-refund', ?4 FROM rma WHERE order_id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, order->id);
  retour_stmt_bind_int64 (stmt, 2, refund->created_us);
  retour_stmt_bind_text (stmt, 3, actor);
  retour_stmt_bind_text (stmt, 4, detail);

  return retour_stmt_run (stmt, error);
}

static gboolean
insert_storefront_refund (RetourDatabase          *db,
                          RetourOrder             *order,
                          RetourStorefrontRefund  *refund,
                          const char              *actor,
                          GError                 **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO refund (source, order_id, external_id, amount_minor, currency, "
                                  "method, created_us, actor, note) "
                                  "VALUES ('storefront', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, order->id);
  retour_stmt_bind_text (stmt, 2, refund->external_id);
  retour_stmt_bind_int64 (stmt, 3, refund->amount.minor);
  retour_stmt_bind_text (stmt, 4, order->total.currency);
  /* A refund not made through the gateway was paid some other way that
   * the storefront does not record. */
  retour_stmt_bind_enum (stmt, 5, RETOUR_TYPE_REFUND_METHOD,
                         refund->via_gateway ? RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT : RETOUR_REFUND_METHOD_NONE);
  retour_stmt_bind_int64 (stmt, 6, refund->created_us);
  retour_stmt_bind_text (stmt, 7, actor);
  retour_stmt_bind_text (stmt, 8, refund->reason);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  refund->id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < refund->lines->len; i++)
    {
      RetourStorefrontRefundLine *line = g_ptr_array_index (refund->lines, i);
      gint64 line_id;

      if (!find_order_line (db, order->id, line->line_external_id, &line_id, error))
        return FALSE;
      /* Of a line this order never had here, only the money counts. */
      if (line_id == 0)
        continue;

      stmt = retour_database_prepare (db,
                                      "INSERT INTO refund_line (refund_id, order_line_id, quantity, amount_minor) "
                                      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (refund_id, order_line_id) DO UPDATE SET "
                                      "quantity = refund_line.quantity + excluded.quantity, "
                                      "amount_minor = refund_line.amount_minor + excluded.amount_minor",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, refund->id);
      retour_stmt_bind_int64 (stmt, 2, line_id);
      retour_stmt_bind_int64 (stmt, 3, line->quantity);
      retour_stmt_bind_int64 (stmt, 4, line->amount.minor);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      retour_stmt_release (g_steal_pointer (&stmt));
    }

  return note_in_history (db, order, refund, actor, error);
}

/* Makes the order's storefront refunds those of @refunds that Retour did
 * not write back. A storefront refund never changes once made, so one
 * stored already is left as it is; one no longer listed was deleted in
 * the storefront's admin and goes here too. */
static gboolean
write_storefront_refunds (RetourDatabase  *db,
                          RetourOrder     *order,
                          GPtrArray       *refunds,
                          const char      *actor,
                          GError         **error)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  for (guint i = 0; i < refunds->len; i++)
    {
      RetourStorefrontRefund *refund = g_ptr_array_index (refunds, i);
      gboolean own, known;

      if (!is_written_back (db, order->id, refund, &own, error))
        return FALSE;
      if (own)
        continue;
      g_hash_table_add (listed, refund->external_id);

      stmt = retour_database_prepare (db,
                                      "SELECT EXISTS (SELECT 1 FROM refund WHERE source = 'storefront' "
                                      "AND order_id = ?1 AND external_id = ?2)",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, order->id);
      retour_stmt_bind_text (stmt, 2, refund->external_id);
      if (!retour_stmt_step (stmt, &has_row, error))
        return FALSE;
      known = retour_stmt_column_int (stmt, 0) != 0;
      retour_stmt_release (g_steal_pointer (&stmt));

      if (!known && !insert_storefront_refund (db, order, refund, actor, error))
        return FALSE;
    }

  stmt = retour_database_prepare (db,
                                  "SELECT id, external_id FROM refund WHERE source = 'storefront' AND order_id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, order->id);
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      if (!g_hash_table_contains (listed, retour_stmt_column_text (stmt, 1)))
        {
          gint64 id = retour_stmt_column_int64 (stmt, 0);
          g_array_append_val (deleted, id);
        }
    }
  retour_stmt_release (g_steal_pointer (&stmt));
  if (!ok)
    return FALSE;

  for (guint i = 0; i < deleted->len; i++)
    {
      stmt = retour_database_prepare (db, "DELETE FROM refund WHERE id = ? AND source = 'storefront'", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, g_array_index (deleted, gint64, i));
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      retour_stmt_release (g_steal_pointer (&stmt));
    }

  return TRUE;
}

/* Products are written with the first order that needs them: an order
 * already up to date does not rewrite the product it shows (whose price
 * may differ from order to order). */
static gboolean
write_order (RetourDatabase     *db,
             gint64              store_id,
             const char         *actor,
             GHashTable         *products,
             GHashTable         *product_ids,
             RetourSyncedOrder  *synced,
             gboolean           *written,
             GError            **error)
{
  RetourOrder *order = synced->order;
  gboolean current = FALSE;

  order->store_id = store_id;
  if (!order_is_current (db, store_id, order, &current, error))
    return FALSE;

  *written = !current;
  if (current)
    return TRUE;

  order->customer_id = 0;
  if (synced->customer != NULL)
    {
      /* A customer erased here stays erased: the storefront still has
       * them, and would otherwise write them back at every sync. */
      if (!retour_privacy_store_screen_synced (db, store_id, synced->customer, order, NULL, error))
        return FALSE;
      synced->customer->store_id = store_id;
      /* The order's time rather than the clock's, so that writing the
       * same data twice writes the same row. */
      if (!retour_catalog_store_upsert_customer (db, synced->customer, order->updated_us, error))
        return FALSE;
      order->customer_id = synced->customer->id;
    }

  for (guint i = 0; i < order->lines->len; i++)
    {
      RetourOrderLine *line = g_ptr_array_index (order->lines, i);
      const char *external_id = i < synced->line_product_ids->len
                                ? g_ptr_array_index (synced->line_product_ids, i) : NULL;
      RetourProduct *product = external_id != NULL ? g_hash_table_lookup (products, external_id) : NULL;

      line->product_id = 0;
      if (product == NULL)
        continue;

      if (!g_hash_table_contains (product_ids, external_id))
        {
          product->store_id = store_id;
          if (!retour_catalog_store_upsert_product (db, product, error))
            return FALSE;
          g_hash_table_add (product_ids, product->external_id);
        }
      line->product_id = product->id;
    }

  if (!retour_catalog_store_upsert_order (db, order, error))
    return FALSE;

  /* The refunds first: they may name a line this version no longer has,
   * which then stays for them. */
  if (synced->refunds != NULL && !write_storefront_refunds (db, order, synced->refunds, actor, error))
    return FALSE;

  if (!retire_gone_lines (db, order, error))
    return FALSE;

  {
    g_autoptr(RetourStmt) stmt = NULL;

    stmt = retour_database_prepare (db, "UPDATE \"order\" SET read_version = ?2 WHERE id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    retour_stmt_bind_int64 (stmt, 1, order->id);
    retour_stmt_bind_int (stmt, 2, RETOUR_ORDER_READ_VERSION);

    return retour_stmt_run (stmt, error);
  }
}

gboolean
retour_sync_store_write_page (RetourDatabase  *db,
                              gint64           store_id,
                              GPtrArray       *products,
                              GPtrArray       *orders,
                              GPtrArray       *problems,
                              gint64           watermark_us,
                              gint64           now_us,
                              guint           *n_written,
                              GError         **error)
{
  g_autoptr(GHashTable) by_external_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) written_products = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(RetourStorefront) storefront = NULL;
  g_auto(RetourTxn) txn = { 0 };
  guint written_count = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (store_id > 0, FALSE);

  for (guint i = 0; products != NULL && i < products->len; i++)
    {
      RetourProduct *product = g_ptr_array_index (products, i);

      if (product->external_id != NULL)
        g_hash_table_insert (by_external_id, product->external_id, product);
    }

  if (!retour_txn_begin_batch (&txn, db, error))
    return FALSE;

  /* Refunds made in the storefront are entered in its name. */
  if (orders != NULL && orders->len > 0 &&
      (storefront = retour_sync_store_load (db, store_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      RetourSyncedOrder *synced = g_ptr_array_index (orders, i);
      gboolean written = FALSE;

      if (!write_order (db, store_id, storefront->name, by_external_id, written_products, synced,
                        &written, error) ||
          !clear_problem (db, store_id, synced->order->external_id, error))
        return FALSE;
      written_count += written;
    }

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (!record_problem (db, store_id, g_ptr_array_index (problems, i), now_us, error))
      return FALSE;

  if (watermark_us > 0)
    {
      g_autoptr(RetourStmt) stmt = NULL;

      stmt = retour_database_prepare (db,
                                      "UPDATE store SET watermark_us = CASE WHEN ?2 > coalesce (watermark_us, 0) "
                                      "THEN ?2 ELSE coalesce (watermark_us, 0) END "
                                      "WHERE id = ?1",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, store_id);
      retour_stmt_bind_int64 (stmt, 2, watermark_us);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  if (n_written != NULL)
    *n_written = written_count;

  return TRUE;
}

/* The order's external id (column 0) unless the set @user_data has it. */
static gpointer
unseen_external_id_from_row (RetourStmt *stmt,
                             gpointer    user_data)
{
  GHashTable *seen_ids = user_data;
  const char *external_id = retour_stmt_column_text (stmt, 0);

  if (external_id == NULL || g_hash_table_contains (seen_ids, external_id))
    return NULL;

  return g_strdup (external_id);
}

gboolean
retour_sync_store_mark_deleted (RetourDatabase  *db,
                                gint64           store_id,
                                GHashTable      *seen_ids,
                                gint64           since_us,
                                gint64           listed_since_us,
                                guint           *n_marked,
                                GError         **error)
{
  g_autoptr(GPtrArray) gone = NULL;
  g_auto(RetourTxn) txn = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (seen_ids != NULL, FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  {
    g_autoptr(RetourStmt) stmt = NULL;

    stmt = retour_database_prepare (db,
                                    "SELECT external_id FROM \"order\" WHERE store_id = ?1 "
                                    "AND deleted_upstream = 0 AND updated_us > ?2 AND ordered_us >= ?3",
                                    error);
    if (stmt == NULL)
      return FALSE;

    retour_stmt_bind_int64 (stmt, 1, store_id);
    retour_stmt_bind_int64 (stmt, 2, since_us);
    retour_stmt_bind_int64 (stmt, 3, listed_since_us);
    gone = retour_stmt_collect (stmt, unseen_external_id_from_row, seen_ids, g_free, error);
    if (gone == NULL)
      return FALSE;
  }

  for (guint i = 0; i < gone->len; i++)
    {
      g_autoptr(RetourStmt) stmt = NULL;

      stmt = retour_database_prepare (db,
                                      "UPDATE \"order\" SET deleted_upstream = 1 "
                                      "WHERE store_id = ?1 AND external_id = ?2",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, store_id);
      retour_stmt_bind_text (stmt, 2, g_ptr_array_index (gone, i));
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  if (n_marked != NULL)
    *n_marked = gone->len;

  return TRUE;
}

/* A refund without its lines, indexed by id in the GHashTable @user_data
 * for the lines to find. */
static gpointer
storefront_refund_from_row (RetourStmt *stmt,
                            gpointer    user_data)
{
  GHashTable *by_id = user_data;
  RetourStorefrontRefund *refund = retour_storefront_refund_new ();

  refund->id = retour_stmt_column_int64 (stmt, 0);
  refund->external_id = retour_stmt_dup_text (stmt, 1);
  refund->amount = retour_money_init (retour_stmt_column_int64 (stmt, 2), retour_stmt_column_text (stmt, 3));
  refund->reason = retour_stmt_dup_text (stmt, 4);
  refund->created_us = retour_stmt_column_int64 (stmt, 5);
  refund->via_gateway = retour_stmt_column_int (stmt, 6) != 0;
  g_hash_table_insert (by_id, &refund->id, refund);

  return refund;
}

GPtrArray *
retour_sync_store_list_storefront_refunds (RetourDatabase  *db,
                                           gint64           order_id,
                                           GError         **error)
{
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, external_id, amount_minor, currency, note, created_us, "
                                  "method = 'original-payment' FROM refund "
                                  "WHERE source = 'storefront' AND order_id = ? ORDER BY created_us, id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, order_id);
  refunds = retour_stmt_collect (stmt, storefront_refund_from_row, by_id,
                                 (GDestroyNotify) retour_storefront_refund_free, error);
  retour_stmt_release (g_steal_pointer (&stmt));
  if (refunds == NULL)
    return NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT rl.refund_id, ol.external_id, ol.title, rl.quantity, rl.amount_minor "
                                  "FROM refund f JOIN refund_line rl ON rl.refund_id = f.id "
                                  "JOIN order_line ol ON ol.id = rl.order_line_id "
                                  "WHERE f.source = 'storefront' AND f.order_id = ? ORDER BY ol.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, order_id);
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 refund_id = retour_stmt_column_int64 (stmt, 0);
      RetourStorefrontRefund *refund = g_hash_table_lookup (by_id, &refund_id);
      RetourStorefrontRefundLine *line;

      if (refund == NULL)
        continue;
      line = g_new0 (RetourStorefrontRefundLine, 1);
      line->line_external_id = retour_stmt_dup_text (stmt, 1);
      line->title = retour_stmt_dup_text (stmt, 2);
      line->quantity = (guint) CLAMP (retour_stmt_column_int64 (stmt, 3), 0, G_MAXINT);
      line->amount = retour_money_init (retour_stmt_column_int64 (stmt, 4), refund->amount.currency);
      g_ptr_array_add (refund->lines, line);
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&refunds);
}

/* ------------------------------------------------------------ write-back */

gboolean
retour_sync_store_queue_write_back (RetourDatabase  *db,
                                    gint64           refund_id,
                                    gint64           now_us,
                                    GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *key = NULL;
  gint64 store_id;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT o.store_id, f.idempotency_key FROM refund f "
                                  "JOIN rma r ON r.id = f.rma_id JOIN \"order\" o ON o.id = r.order_id "
                                  "WHERE f.id = ? AND o.store_id IS NOT NULL AND o.external_id IS NOT NULL",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, refund_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("This refund belongs to an order that did not come from a connected store."));
      return FALSE;
    }
  store_id = retour_stmt_column_int64 (stmt, 0);
  key = retour_stmt_dup_text (stmt, 1);
  retour_stmt_release (g_steal_pointer (&stmt));

  /* The key goes upstream with the refund; a retry finds it there. */
  if (key == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      stmt = retour_database_prepare (db, "UPDATE refund SET idempotency_key = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, refund_id);
      retour_stmt_bind_text (stmt, 2, uuid);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      retour_stmt_release (g_steal_pointer (&stmt));
    }

  stmt = retour_database_prepare (db,
                                  "INSERT INTO refund_write_back (refund_id, store_id, queued_us) "
                                  "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, refund_id);
  retour_stmt_bind_int64 (stmt, 2, store_id);
  retour_stmt_bind_int64 (stmt, 3, now_us);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

/* A line with no units to write back is passed over. */
static gpointer
write_back_line_from_row (RetourStmt *stmt,
                          gpointer    user_data)
{
  RetourWriteBackLine *line;
  int quantity = retour_stmt_column_int (stmt, 1);

  if (quantity <= 0)
    return NULL;

  line = g_new0 (RetourWriteBackLine, 1);
  line->line_external_id = retour_stmt_dup_text (stmt, 0);
  line->quantity = (guint) quantity;
  line->restock = g_strcmp0 (retour_stmt_column_text (stmt, 2), "restock") == 0;
  line->reason_code = retour_stmt_dup_text (stmt, 3);
  line->reason_label = retour_stmt_dup_text (stmt, 4);

  return line;
}

static gboolean
load_write_back_lines (RetourDatabase   *db,
                       RetourWriteBack  *write_back,
                       gint64            rma_id,
                       GError          **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  /* What came back and was accepted; before receipt, what was
   * authorized (a refund at authorization, or keep-it). */
  stmt = retour_database_prepare (db,
                                  "SELECT ol.external_id, CASE WHEN l.qty_accepted > 0 THEN l.qty_accepted "
                                  "ELSE l.qty_authorized END, l.disposition, rs.code, rs.label "
                                  "FROM rma_line l JOIN order_line ol ON ol.id = l.order_line_id "
                                  "LEFT JOIN reason rs ON rs.id = l.reason_id "
                                  "WHERE l.rma_id = ? AND ol.external_id IS NOT NULL ORDER BY l.id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, rma_id);

  return retour_stmt_collect_into (stmt, write_back->lines, write_back_line_from_row, NULL, error);
}

RetourWriteBack *
retour_sync_store_load_write_back (RetourDatabase  *db,
                                   gint64           refund_id,
                                   GError         **error)
{
  g_autoptr(RetourWriteBack) write_back = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *currency = NULL;
  gint64 rma_id;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT o.store_id, o.external_id, f.amount_minor, f.currency, "
                                  "coalesce (f.note, r.number, ''), f.idempotency_key, f.external_id, r.id, "
                                  "r.number, r.resolution, r.storefront_return_id "
                                  "FROM refund f JOIN rma r ON r.id = f.rma_id "
                                  "JOIN \"order\" o ON o.id = r.order_id "
                                  "WHERE f.id = ? AND o.store_id IS NOT NULL AND o.external_id IS NOT NULL",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, refund_id);
  if (!retour_stmt_step_row (stmt, _("This refund belongs to an order that did not come from a connected store."), error))
    return NULL;

  write_back = retour_write_back_new ();
  write_back->refund_id = refund_id;
  write_back->store_id = retour_stmt_column_int64 (stmt, 0);
  write_back->order_external_id = retour_stmt_dup_text (stmt, 1);
  currency = retour_stmt_dup_text (stmt, 3);
  write_back->amount = retour_money_init (retour_stmt_column_int64 (stmt, 2), currency);
  write_back->reason = retour_stmt_dup_text (stmt, 4);
  write_back->idempotency_key = retour_stmt_dup_text (stmt, 5);
  write_back->external_id = retour_stmt_dup_text (stmt, 6);
  rma_id = retour_stmt_column_int64 (stmt, 7);
  write_back->rma_number = retour_stmt_dup_text (stmt, 8);
  write_back->items_return = retour_stmt_get_enum (stmt, 9, RETOUR_TYPE_RESOLUTION, RETOUR_RESOLUTION_UNDECIDED)
                             != RETOUR_RESOLUTION_KEEP_IT;
  write_back->return_external_id = retour_stmt_column_is_null (stmt, 10) ? NULL : retour_stmt_dup_text (stmt, 10);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (write_back->idempotency_key == NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("This refund has not been queued for the store."));
      return NULL;
    }

  if (!load_write_back_lines (db, write_back, rma_id, error))
    return NULL;

  return g_steal_pointer (&write_back);
}

gboolean
retour_sync_store_record_write_back (RetourDatabase  *db,
                                     gint64           refund_id,
                                     const char      *external_id,
                                     const char      *message,
                                     gint64           now_us,
                                     GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "UPDATE refund_write_back SET attempts = attempts + 1, last_attempt_us = ?2, "
                                  "last_error = ?3, done_us = CASE WHEN CAST (?4 AS TEXT) IS NULL THEN NULL ELSE CAST (?2 AS BIGINT) END "
                                  "WHERE refund_id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, refund_id);
  retour_stmt_bind_int64 (stmt, 2, now_us);
  retour_stmt_bind_text (stmt, 3, external_id != NULL ? NULL : message);
  retour_stmt_bind_text (stmt, 4, external_id);
  if (!retour_stmt_run (stmt, error))
    return FALSE;
  retour_stmt_release (g_steal_pointer (&stmt));

  if (external_id != NULL)
    {
      stmt = retour_database_prepare (db, "UPDATE refund SET external_id = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, refund_id);
      retour_stmt_bind_text (stmt, 2, external_id);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  return retour_txn_commit (&txn, error);
}

GArray *
retour_sync_store_list_pending_write_backs (RetourDatabase  *db,
                                            gint64           store_id,
                                            GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT refund_id FROM refund_write_back "
                                  "WHERE store_id = ? AND done_us IS NULL ORDER BY refund_id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect_ids (stmt, error);
}

void
retour_queued_write_back_free (RetourQueuedWriteBack *queued)
{
  if (queued == NULL)
    return;

  g_free (queued->rma_number);
  g_free (queued->last_error);
  g_free (queued);
}

static gpointer
queued_write_back_from_row (RetourStmt *stmt,
                            gpointer    user_data)
{
  RetourQueuedWriteBack *item = g_new0 (RetourQueuedWriteBack, 1);

  item->refund_id = retour_stmt_column_int64 (stmt, 0);
  item->rma_id = retour_stmt_column_int64 (stmt, 1);
  item->rma_number = retour_stmt_dup_text (stmt, 2);
  item->amount = retour_money_init (retour_stmt_column_int64 (stmt, 3), retour_stmt_column_text (stmt, 4));
  item->queued_us = retour_stmt_column_int64 (stmt, 5);
  item->attempts = (guint) MAX (retour_stmt_column_int64 (stmt, 6), 0);
  item->last_attempt_us = retour_stmt_column_int64 (stmt, 7);
  item->last_error = retour_stmt_dup_text (stmt, 8);

  return item;
}

GPtrArray *
retour_sync_store_list_queued_write_backs (RetourDatabase  *db,
                                           gint64           store_id,
                                           GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT w.refund_id, f.rma_id, r.number, f.amount_minor, f.currency, "
                                  "w.queued_us, w.attempts, w.last_attempt_us, w.last_error "
                                  "FROM refund_write_back w JOIN refund f ON f.id = w.refund_id "
                                  "JOIN rma r ON r.id = f.rma_id "
                                  "WHERE w.store_id = ? AND w.done_us IS NULL ORDER BY w.refund_id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect (stmt, queued_write_back_from_row, NULL,
                              (GDestroyNotify) retour_queued_write_back_free, error);
}
