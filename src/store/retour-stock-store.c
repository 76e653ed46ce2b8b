/* retour-stock-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-audit-store.h"
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
  copy->rma_number = g_strdup (movement->rma_number);

  return copy;
}

void
retour_stock_movement_free (RetourStockMovement *movement)
{
  if (movement == NULL)
    return;

  g_free (movement->actor);
  g_free (movement->note);
  g_free (movement->rma_number);
  g_free (movement);
}

gboolean
retour_stock_disposition_get_bucket (RetourDisposition  disposition,
                                     RetourStockBucket *out_bucket,
                                     RetourStockCause  *out_cause)
{
  RetourStockBucket bucket;
  RetourStockCause cause;

  switch (disposition)
    {
    case RETOUR_DISPOSITION_RESTOCK:
      bucket = RETOUR_STOCK_BUCKET_ON_HAND;
      cause = RETOUR_STOCK_CAUSE_RESTOCK;
      break;

    case RETOUR_DISPOSITION_REFURBISH:
    case RETOUR_DISPOSITION_REPAIR:
      bucket = RETOUR_STOCK_BUCKET_HELD;
      cause = RETOUR_STOCK_CAUSE_HOLD;
      break;

    case RETOUR_DISPOSITION_RECYCLE:
    case RETOUR_DISPOSITION_SCRAP:
    case RETOUR_DISPOSITION_RETURN_TO_VENDOR:
      bucket = RETOUR_STOCK_BUCKET_WRITTEN_OFF;
      cause = RETOUR_STOCK_CAUSE_WRITE_OFF;
      break;

    case RETOUR_DISPOSITION_UNDECIDED:
    case RETOUR_DISPOSITION_RETURN_TO_CUSTOMER:
    default:
      return FALSE;
    }

  if (out_bucket != NULL)
    *out_bucket = bucket;
  if (out_cause != NULL)
    *out_cause = cause;

  return TRUE;
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

  /* The trigger stock_movement_apply moves the product's total of the
   * bucket in the same statement, so the ledger and the levels cannot
   * disagree; the product's CHECKs refuse a held or written-off total
   * below zero. */
  stmt = retour_database_prepare (db,
                                  "INSERT INTO stock_movement (product_id, delta, cause, rma_id, rma_line_id, "
                                  "created_us, actor, note, bucket) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, movement->product_id);
  retour_stmt_bind_int64 (stmt, 2, movement->delta);
  retour_stmt_bind_enum (stmt, 3, RETOUR_TYPE_STOCK_CAUSE, movement->cause);
  retour_stmt_bind_id_or_null (stmt, 4, movement->rma_id);
  retour_stmt_bind_id_or_null (stmt, 5, movement->rma_line_id);
  retour_stmt_bind_int64 (stmt, 6, movement->created_us);
  retour_stmt_bind_text (stmt, 7, movement->actor != NULL ? movement->actor : "");
  retour_stmt_bind_text (stmt, 8, movement->note);
  retour_stmt_bind_enum (stmt, 9, RETOUR_TYPE_STOCK_BUCKET, movement->bucket);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  movement->id = retour_stmt_column_int64 (stmt, 0);

  return TRUE;
}

gboolean
retour_stock_store_take_back_line (RetourDatabase       *db,
                                   gint64                rma_id,
                                   const RetourRmaLine  *line,
                                   const char           *actor,
                                   gint64                now_us,
                                   GError              **error)
{
  RetourStockMovement movement = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  if (line->qty_accepted == 0 || line->product_id <= 0 ||
      !retour_stock_disposition_get_bucket (line->disposition, &movement.bucket, &movement.cause))
    return TRUE;

  movement.product_id = line->product_id;
  movement.delta = line->qty_accepted;
  movement.rma_id = rma_id;
  movement.rma_line_id = line->id;
  movement.created_us = now_us;
  movement.actor = (char *) actor;

  return retour_stock_store_add_movement (db, &movement, error);
}

typedef struct
{
  char   *name;       /* the SKU and title, for messages */
  gint64  levels[3];  /* by RetourStockBucket */
} ProductLevels;

static void
product_levels_clear (ProductLevels *levels)
{
  g_clear_pointer (&levels->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProductLevels, product_levels_clear)

static gboolean
load_levels (RetourDatabase  *db,
             gint64           product_id,
             ProductLevels   *levels,
             GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT CASE WHEN coalesce (sku, '') = '' THEN title "
                                  "ELSE title || ' (' || sku || ')' END, on_hand, held, written_off "
                                  "FROM product WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, product_id);
  if (!retour_stmt_step_row (stmt, _("The product no longer exists."), error))
    return FALSE;

  levels->name = retour_stmt_dup_text (stmt, 0);
  levels->levels[RETOUR_STOCK_BUCKET_ON_HAND] = retour_stmt_column_int64 (stmt, 1);
  levels->levels[RETOUR_STOCK_BUCKET_HELD] = retour_stmt_column_int64 (stmt, 2);
  levels->levels[RETOUR_STOCK_BUCKET_WRITTEN_OFF] = retour_stmt_column_int64 (stmt, 3);

  return TRUE;
}

static char *
trimmed_or_null (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
}

gboolean
retour_stock_store_finish_held (RetourDatabase     *db,
                                gint64              product_id,
                                gint64              quantity,
                                RetourStockBucket   to,
                                const char         *actor,
                                const char         *note,
                                gint64              now_us,
                                GError            **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_auto(ProductLevels) levels = { 0 };
  g_autofree char *detail = NULL;
  g_autofree char *clean_note = trimmed_or_null (note);
  RetourStockMovement out = { 0 };
  RetourStockMovement in = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (to == RETOUR_STOCK_BUCKET_ON_HAND || to == RETOUR_STOCK_BUCKET_WRITTEN_OFF, FALSE);

  if (quantity <= 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Say how many units are done: one or more."));
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error) ||
      !load_levels (db, product_id, &levels, error))
    return FALSE;

  if (quantity > levels.levels[RETOUR_STOCK_BUCKET_HELD])
    {
      gint64 held = levels.levels[RETOUR_STOCK_BUCKET_HELD];

      if (held == 0)
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                     _("No units of %s are held."), levels.name);
      else
        /* Translators: the first %lld is how many units are held. */
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "Only %lld unit of %s is held.",
                                  "Only %lld units of %s are held.", (gulong) held),
                     (long long) held, levels.name);
      return FALSE;
    }

  out.product_id = in.product_id = product_id;
  out.cause = in.cause = to == RETOUR_STOCK_BUCKET_ON_HAND ? RETOUR_STOCK_CAUSE_REPAIRED
                                                          : RETOUR_STOCK_CAUSE_WRITE_OFF;
  out.created_us = in.created_us = now_us;
  out.actor = in.actor = (char *) actor;
  out.note = in.note = clean_note;
  out.bucket = RETOUR_STOCK_BUCKET_HELD;
  out.delta = -quantity;
  in.bucket = to;
  in.delta = quantity;

  if (to == RETOUR_STOCK_BUCKET_ON_HAND)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %lld held unit repaired and back on hand",
                                           "%s: %lld held units repaired and back on hand", (gulong) quantity),
                              levels.name, (long long) quantity);
  else
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %lld held unit written off",
                                           "%s: %lld held units written off", (gulong) quantity),
                              levels.name, (long long) quantity);
  if (clean_note != NULL)
    {
      g_autofree char *with_note = g_strdup_printf ("%s — %s", detail, clean_note);

      g_free (detail);
      detail = g_steal_pointer (&with_note);
    }

  return retour_stock_store_add_movement (db, &out, error) &&
         retour_stock_store_add_movement (db, &in, error) &&
         retour_audit_store_add (db, actor, RETOUR_AUDIT_STOCK, detail, now_us, error) &&
         retour_txn_commit (&txn, error);
}

gboolean
retour_stock_store_correct (RetourDatabase     *db,
                            gint64              product_id,
                            RetourStockBucket   bucket,
                            gint64              delta,
                            const char         *actor,
                            const char         *note,
                            gint64              now_us,
                            GError            **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_auto(ProductLevels) levels = { 0 };
  g_autofree char *clean_note = trimmed_or_null (note);
  g_autofree char *detail = NULL;
  RetourStockMovement movement = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (bucket <= RETOUR_STOCK_BUCKET_WRITTEN_OFF, FALSE);

  if (delta == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A correction must change the quantity."));
      return FALSE;
    }

  if (clean_note == NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A correction needs a note saying why."));
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error) ||
      !load_levels (db, product_id, &levels, error))
    return FALSE;

  if (levels.levels[bucket] + delta < 0)
    {
      /* Translators: “There are only 3 units of Candle (CND-01) in On hand.” */
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "There is only %lld unit of %s in “%s”: a correction cannot take away more.",
                                "There are only %lld units of %s in “%s”: a correction cannot take away more.",
                                (gulong) levels.levels[bucket]),
                   (long long) levels.levels[bucket], levels.name, retour_stock_bucket_get_label (bucket));
      return FALSE;
    }

  movement.product_id = product_id;
  movement.bucket = bucket;
  movement.delta = delta;
  movement.cause = RETOUR_STOCK_CAUSE_CORRECTION;
  movement.created_us = now_us;
  movement.actor = (char *) actor;
  movement.note = clean_note;

  /* Translators: “Candle (CND-01): On hand corrected by -2 (40 → 38) — counted twice” */
  detail = g_strdup_printf (_("%s: %s corrected by %+lld (%lld → %lld) — %s"),
                            levels.name, retour_stock_bucket_get_label (bucket), (long long) delta,
                            (long long) levels.levels[bucket], (long long) (levels.levels[bucket] + delta),
                            clean_note);

  return retour_stock_store_add_movement (db, &movement, error) &&
         retour_audit_store_add (db, actor, RETOUR_AUDIT_STOCK, detail, now_us, error) &&
         retour_txn_commit (&txn, error);
}

#define MOVEMENT_COLUMNS \
  "m.id, m.product_id, m.delta, m.cause, m.bucket, m.rma_id, m.rma_line_id, m.created_us, m.actor, m.note, r.number "

static gpointer
movement_from_row (RetourStmt *stmt,
                   gpointer    user_data)
{
  RetourStockMovement *movement = g_new0 (RetourStockMovement, 1);

  movement->id = retour_stmt_column_int64 (stmt, 0);
  movement->product_id = retour_stmt_column_int64 (stmt, 1);
  movement->delta = retour_stmt_column_int64 (stmt, 2);
  movement->cause = retour_stmt_get_enum (stmt, 3, RETOUR_TYPE_STOCK_CAUSE, RETOUR_STOCK_CAUSE_CORRECTION);
  movement->bucket = retour_stmt_get_enum (stmt, 4, RETOUR_TYPE_STOCK_BUCKET, RETOUR_STOCK_BUCKET_ON_HAND);
  movement->rma_id = retour_stmt_column_int64 (stmt, 5);
  movement->rma_line_id = retour_stmt_column_int64 (stmt, 6);
  movement->created_us = retour_stmt_column_int64 (stmt, 7);
  movement->actor = retour_stmt_dup_text (stmt, 8);
  movement->note = retour_stmt_dup_text (stmt, 9);
  movement->rma_number = retour_stmt_dup_text (stmt, 10);

  return movement;
}

GPtrArray *
retour_stock_store_list_movements (RetourDatabase  *db,
                                   gint64           product_id,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " MOVEMENT_COLUMNS "FROM stock_movement m "
                                  "LEFT JOIN rma r ON r.id = m.rma_id "
                                  "WHERE m.product_id = ? ORDER BY m.id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, product_id);

  return retour_stmt_collect (stmt, movement_from_row, NULL,
                              (GDestroyNotify) retour_stock_movement_free, error);
}

GPtrArray *
retour_stock_store_list_ledger (RetourDatabase  *db,
                                gint64           product_id,
                                gint64           before_id,
                                guint            limit,
                                GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  /* The (product_id, id) index gives the page in order, whatever the
   * size of the product's history. */
  stmt = retour_database_prepare (db,
                                  "SELECT " MOVEMENT_COLUMNS "FROM stock_movement m "
                                  "LEFT JOIN rma r ON r.id = m.rma_id "
                                  "WHERE m.product_id = ?1 AND (?2 <= 0 OR m.id < ?2) "
                                  "ORDER BY m.id DESC LIMIT ?3",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, product_id);
  retour_stmt_bind_int64 (stmt, 2, before_id);
  retour_stmt_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);

  return retour_stmt_collect (stmt, movement_from_row, NULL,
                              (GDestroyNotify) retour_stock_movement_free, error);
}

gboolean
retour_stock_store_foreach_movement (RetourDatabase         *db,
                                     RetourStockLedgerFunc   func,
                                     gpointer                user_data,
                                     GError                **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction;
  gboolean has_row;
  gboolean ok = TRUE;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* One read transaction: a sync writing meanwhile does not tear the
   * export in two. */
  own_transaction = !retour_database_in_transaction (db);
  if (own_transaction && !retour_database_exec (db, "BEGIN", error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT " MOVEMENT_COLUMNS ", p.sku, p.title FROM stock_movement m "
                                  "JOIN product p ON p.id = m.product_id "
                                  "LEFT JOIN rma r ON r.id = m.rma_id "
                                  "ORDER BY m.id",
                                  &local_error);

  while (stmt != NULL && ok && retour_stmt_step (stmt, &has_row, &local_error) && has_row)
    {
      g_autoptr(RetourStockMovement) movement = movement_from_row (stmt, NULL);

      ok = func (movement, retour_stmt_column_text (stmt, 11),
                 retour_stmt_column_text (stmt, 12), user_data, &local_error);
    }

  g_clear_pointer (&stmt, retour_stmt_release);
  if (own_transaction)
    retour_database_exec (db, "COMMIT", NULL);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return ok;
}
