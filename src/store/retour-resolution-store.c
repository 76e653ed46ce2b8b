/* retour-resolution-store.c — the store_resolution table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-resolution-store.h"

#define COLUMNS \
  "s.id, s.rma_id, s.store_id, s.kind, s.amount_minor, s.currency, s.difference_minor, " \
  "s.difference_refund_id, s.marker, s.state, s.external_id, s.code, s.payment_url, s.last_error, " \
  "s.attempts, s.queued_us, s.last_attempt_us, s.done_us, s.actor, r.number, o.external_id, o.number, " \
  "c.external_id, c.email, c.first_name, c.last_name "
#define FROM \
  "FROM store_resolution s JOIN rma r ON r.id = s.rma_id " \
  "LEFT JOIN \"order\" o ON o.id = r.order_id " \
  "LEFT JOIN customer c ON c.id = coalesce (o.customer_id, r.customer_id) "

static gpointer
resolution_from_row (RetourStmt *stmt,
                     gpointer    user_data)
{
  RetourStoreResolution *resolution;
  RetourStoreResolutionKind kind = RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER;
  const char *currency = retour_stmt_column_text (stmt, 5);

  retour_store_resolution_kind_from_key (retour_stmt_column_text (stmt, 3), &kind);
  resolution = retour_store_resolution_new (kind);
  resolution->id = retour_stmt_column_int64 (stmt, 0);
  resolution->rma_id = retour_stmt_column_int64 (stmt, 1);
  resolution->store_id = retour_stmt_column_int64 (stmt, 2);
  resolution->amount = retour_money_init (retour_stmt_column_int64 (stmt, 4), currency);
  resolution->difference = retour_money_init (retour_stmt_column_int64 (stmt, 6), currency);
  resolution->difference_refund_id = retour_stmt_column_int64 (stmt, 7);
  resolution->marker = retour_stmt_dup_text (stmt, 8);
  retour_store_resolution_state_from_key (retour_stmt_column_text (stmt, 9), &resolution->state);
  resolution->external_id = retour_stmt_dup_text (stmt, 10);
  resolution->code = retour_stmt_dup_text (stmt, 11);
  resolution->payment_url = retour_stmt_dup_text (stmt, 12);
  resolution->last_error = retour_stmt_dup_text (stmt, 13);
  resolution->attempts = (guint) MAX (retour_stmt_column_int64 (stmt, 14), 0);
  resolution->queued_us = retour_stmt_column_int64 (stmt, 15);
  resolution->last_attempt_us = retour_stmt_column_int64 (stmt, 16);
  resolution->done_us = retour_stmt_column_int64 (stmt, 17);
  resolution->actor = retour_stmt_dup_text (stmt, 18);
  resolution->rma_number = retour_stmt_dup_text (stmt, 19);
  resolution->order_external_id = retour_stmt_dup_text (stmt, 20);
  resolution->order_number = retour_stmt_dup_text (stmt, 21);
  resolution->customer_external_id = retour_stmt_dup_text (stmt, 22);
  resolution->customer_email = retour_stmt_dup_text (stmt, 23);
  resolution->customer_first_name = retour_stmt_dup_text (stmt, 24);
  resolution->customer_last_name = retour_stmt_dup_text (stmt, 25);

  return resolution;
}

static gpointer
item_from_row (RetourStmt *stmt,
               gpointer    user_data)
{
  const char *currency = user_data;

  return retour_exchange_item_new (retour_stmt_column_text (stmt, 0),
                                   retour_stmt_column_text (stmt, 1),
                                   (guint) MAX (retour_stmt_column_int64 (stmt, 2), 0),
                                   retour_money_init (retour_stmt_column_int64 (stmt, 3), currency));
}

static gboolean
load_items (RetourDatabase         *db,
            RetourStoreResolution  *resolution,
            GError                **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT variant_external_id, title, quantity, unit_price_minor "
                                  "FROM store_resolution_item WHERE resolution_id = ? ORDER BY position",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, resolution->id);

  return retour_stmt_collect_into (stmt, resolution->items, item_from_row,
                                   resolution->amount.currency, error);
}

gboolean
retour_resolution_store_queue (RetourDatabase         *db,
                               RetourStoreResolution  *resolution,
                               GError                **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *marker = g_strconcat ("retour-", uuid, NULL);
  g_autofree char *state = NULL;
  g_autofree char *number = NULL;
  gint64 store_id = 0;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (resolution != NULL && resolution->rma_id > 0, FALSE);
  g_return_val_if_fail (resolution->kind != RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER ||
                        resolution->items->len > 0, FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT r.number, o.store_id, s.state FROM rma r "
                                  "LEFT JOIN \"order\" o ON o.id = r.order_id AND o.external_id IS NOT NULL "
                                  "LEFT JOIN store_resolution s ON s.rma_id = r.id "
                                  "WHERE r.id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, resolution->rma_id);
  if (!retour_stmt_step_row (stmt, _("This return no longer exists."), error))
    return FALSE;
  number = retour_stmt_dup_text (stmt, 0);
  store_id = retour_stmt_column_int64 (stmt, 1);
  state = retour_stmt_dup_text (stmt, 2);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (store_id == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("This return’s order did not come from a connected store: make the exchange or the credit in the shop by hand."));
      return FALSE;
    }
  if (number == NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Authorize the return first: what the store makes carries its RMA number."));
      return FALSE;
    }
  if (g_strcmp0 (state, "queued") == 0 || g_strcmp0 (state, "done") == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           g_strcmp0 (state, "done") == 0
                           ? _("The store has already carried out this return’s resolution.")
                           : _("This return’s resolution is already waiting to be sent to the store."));
      return FALSE;
    }

  /* What the storefront refused made nothing there: it gives way to the
   * changed one, with a marker of its own. */
  stmt = retour_database_prepare (db, "DELETE FROM store_resolution WHERE rma_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, resolution->rma_id);
  if (!retour_stmt_run (stmt, error))
    return FALSE;
  retour_stmt_release (g_steal_pointer (&stmt));

  stmt = retour_database_prepare (db,
                                  "INSERT INTO store_resolution (rma_id, store_id, kind, amount_minor, currency, "
                                  "difference_minor, difference_refund_id, marker, queued_us, actor) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, resolution->rma_id);
  retour_stmt_bind_int64 (stmt, 2, store_id);
  retour_stmt_bind_text (stmt, 3, retour_store_resolution_kind_to_key (resolution->kind));
  retour_stmt_bind_int64 (stmt, 4, resolution->amount.minor);
  retour_stmt_bind_text (stmt, 5, resolution->amount.currency);
  retour_stmt_bind_int64 (stmt, 6, resolution->difference.minor);
  retour_stmt_bind_id_or_null (stmt, 7, resolution->difference_refund_id);
  retour_stmt_bind_text (stmt, 8, marker);
  retour_stmt_bind_int64 (stmt, 9, resolution->queued_us);
  retour_stmt_bind_text (stmt, 10, resolution->actor != NULL ? resolution->actor : "");
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  g_assert (has_row);
  resolution->id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < resolution->items->len; i++)
    {
      const RetourExchangeItem *item = g_ptr_array_index (resolution->items, i);

      stmt = retour_database_prepare (db,
                                      "INSERT INTO store_resolution_item (resolution_id, position, "
                                      "variant_external_id, title, quantity, unit_price_minor) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, resolution->id);
      retour_stmt_bind_int64 (stmt, 2, i);
      retour_stmt_bind_text (stmt, 3, item->variant_external_id);
      retour_stmt_bind_text (stmt, 4, item->title != NULL ? item->title : "");
      retour_stmt_bind_int64 (stmt, 5, item->quantity);
      retour_stmt_bind_int64 (stmt, 6, item->unit_price.minor);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      retour_stmt_release (g_steal_pointer (&stmt));
    }

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  resolution->store_id = store_id;
  resolution->state = RETOUR_STORE_RESOLUTION_QUEUED;
  g_free (resolution->marker);
  resolution->marker = g_steal_pointer (&marker);

  return TRUE;
}

RetourStoreResolution *
retour_resolution_store_load (RetourDatabase  *db,
                              gint64           id,
                              GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourStoreResolution) resolution = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, "SELECT " COLUMNS FROM "WHERE s.id = ?", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step_row (stmt, _("This resolution is no longer waiting for the store."), error))
    return NULL;
  resolution = resolution_from_row (stmt, NULL);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!load_items (db, resolution, error))
    return NULL;

  return g_steal_pointer (&resolution);
}

RetourStoreResolution *
retour_resolution_store_load_for_rma (RetourDatabase  *db,
                                      gint64           rma_id,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gint64 id;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, "SELECT id FROM store_resolution WHERE rma_id = ?", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (!retour_stmt_step (stmt, &has_row, error) || !has_row)
    return NULL;
  id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  return retour_resolution_store_load (db, id, error);
}

gboolean
retour_resolution_store_record (RetourDatabase  *db,
                                gint64           id,
                                const char      *external_id,
                                const char      *code,
                                const char      *payment_url,
                                gboolean         refused,
                                const char      *message,
                                gint64           now_us,
                                GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  const char *state = external_id != NULL ? "done" : refused ? "failed" : "queued";

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (external_id != NULL || message != NULL, FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  /* Only a queued one: an answer that comes after another desk's retry
   * already recorded it changes nothing. */
  stmt = retour_database_prepare (db,
                                  "UPDATE store_resolution SET attempts = attempts + 1, last_attempt_us = ?2, "
                                  "state = ?3, external_id = coalesce (?4, external_id), code = coalesce (?5, code), "
                                  "payment_url = coalesce (?6, payment_url), last_error = ?7, "
                                  "done_us = CASE WHEN ?3 = 'done' THEN CAST (?2 AS BIGINT) ELSE NULL END "
                                  "WHERE id = ?1 AND state = 'queued'",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_int64 (stmt, 2, now_us);
  retour_stmt_bind_text (stmt, 3, state);
  retour_stmt_bind_text (stmt, 4, external_id);
  retour_stmt_bind_text (stmt, 5, code);
  retour_stmt_bind_text (stmt, 6, payment_url);
  retour_stmt_bind_text (stmt, 7, external_id != NULL ? NULL : message);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

gboolean
retour_resolution_store_retry (RetourDatabase  *db,
                               gint64           id,
                               GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "UPDATE store_resolution SET state = 'queued' WHERE id = ? AND state = 'failed'",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

GArray *
retour_resolution_store_list_pending (RetourDatabase  *db,
                                      gint64           store_id,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id FROM store_resolution WHERE store_id = ? AND state = 'queued' "
                                  "ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect_ids (stmt, error);
}

GPtrArray *
retour_resolution_store_list_waiting (RetourDatabase  *db,
                                      gint64           store_id,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " COLUMNS FROM "WHERE s.store_id = ? AND s.state <> 'done' "
                                  "ORDER BY s.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect (stmt, resolution_from_row, NULL,
                              (GDestroyNotify) retour_store_resolution_free, error);
}

static gpointer
product_from_row (RetourStmt *stmt,
                  gpointer    user_data)
{
  return retour_exchange_item_new (retour_stmt_column_text (stmt, 0), retour_stmt_column_text (stmt, 1), 1,
                                   retour_money_init (retour_stmt_column_int64 (stmt, 2),
                                                      retour_stmt_column_text (stmt, 3)));
}

GPtrArray *
retour_resolution_store_find_products (RetourDatabase  *db,
                                       gint64           store_id,
                                       const char      *text,
                                       guint            limit,
                                       GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  GString *escaped = g_string_new ("%");

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  /* A LIKE pattern of the text as typed: its own % and _ are literal. */
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  g_string_append_c (escaped, '%');
  pattern = g_string_free (escaped, FALSE);

  stmt = retour_database_prepare (db,
                                  "SELECT external_id, title, price_minor, currency FROM product "
                                  "WHERE store_id = ?1 AND external_id IS NOT NULL AND "
                                  "(external_id = ?2 OR lower (title) LIKE lower (?3) ESCAPE '\\' "
                                  "OR lower (coalesce (sku, '')) LIKE lower (?3) ESCAPE '\\') "
                                  "ORDER BY title, external_id LIMIT ?4",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, text != NULL ? text : "");
  retour_stmt_bind_text (stmt, 3, pattern);
  retour_stmt_bind_int64 (stmt, 4, limit);

  return retour_stmt_collect (stmt, product_from_row, NULL, (GDestroyNotify) retour_exchange_item_free, error);
}
