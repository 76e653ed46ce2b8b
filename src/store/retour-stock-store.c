/* retour-stock-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-stock-store.h"

G_DEFINE_BOXED_TYPE (RetourStockMovement, retour_stock_movement,
                     retour_stock_movement_copy, retour_stock_movement_free)

RetourStockMovement *
retour_stock_movement_copy (const RetourStockMovement *movement)
{
  RetourStockMovement *copy = g_memdup2 (movement, sizeof *movement);

  copy->actor = g_strdup (movement->actor);
  copy->note = g_strdup (movement->note);

  return copy;
}

void
retour_stock_movement_free (RetourStockMovement *movement)
{
  if (movement == NULL)
    return;

  g_free (movement->actor);
  g_free (movement->note);
  g_free (movement);
}

gboolean
retour_stock_store_add_movement (RetourDatabase       *db,
                                 RetourStockMovement  *movement,
                                 GError              **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (movement != NULL, FALSE);

  if (movement->delta == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A stock movement must change the quantity."));
      return FALSE;
    }

  /* The trigger stock_movement_apply moves product.on_hand in the same
   * statement, so the ledger and the level cannot disagree. */
  stmt = retour_database_prepare (db,
                                  "INSERT INTO stock_movement (product_id, delta, cause, rma_id, rma_line_id, "
                                  "created_us, actor, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, movement->product_id);
  sqlite3_bind_int64 (stmt, 2, movement->delta);
  retour_stmt_bind_enum (stmt, 3, RETOUR_TYPE_STOCK_CAUSE, movement->cause);
  retour_stmt_bind_id_or_null (stmt, 4, movement->rma_id);
  retour_stmt_bind_id_or_null (stmt, 5, movement->rma_line_id);
  sqlite3_bind_int64 (stmt, 6, movement->created_us);
  sqlite3_bind_text (stmt, 7, movement->actor != NULL ? movement->actor : "", -1, SQLITE_TRANSIENT);
  retour_stmt_bind_text_or_null (stmt, 8, movement->note);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  movement->id = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

GPtrArray *
retour_stock_store_list_movements (RetourDatabase  *db,
                                   gint64           product_id,
                                   GError         **error)
{
  g_autoptr(GPtrArray) movements = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_stock_movement_free);
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, delta, cause, rma_id, rma_line_id, created_us, actor, note "
                                  "FROM stock_movement WHERE product_id = ? ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, product_id);
  while (retour_stmt_step (stmt, &has_row, &local_error) && has_row)
    {
      RetourStockMovement *movement = g_new0 (RetourStockMovement, 1);

      movement->id = sqlite3_column_int64 (stmt, 0);
      movement->product_id = product_id;
      movement->delta = sqlite3_column_int64 (stmt, 1);
      movement->cause = retour_stmt_get_enum (stmt, 2, RETOUR_TYPE_STOCK_CAUSE,
                                              RETOUR_STOCK_CAUSE_CORRECTION);
      movement->rma_id = sqlite3_column_int64 (stmt, 3);
      movement->rma_line_id = sqlite3_column_int64 (stmt, 4);
      movement->created_us = sqlite3_column_int64 (stmt, 5);
      movement->actor = retour_stmt_dup_text (stmt, 6);
      movement->note = retour_stmt_dup_text (stmt, 7);
      g_ptr_array_add (movements, movement);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&movements);
}
