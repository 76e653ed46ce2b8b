/* retour-stock-store.h — the stock ledger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A product's stock is kept in three buckets: on hand (can be sold), held
 * (waiting for refurbishment or repair) and written off (recycled,
 * scrapped, returned to the vendor). Each moves only by adding a movement
 * with its cause; a mistake is put right by a correction, never by
 * editing the past. The product's totals are kept equal to the sums of
 * their movements by a trigger, in the same statement.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_STOCK_MOVEMENT (retour_stock_movement_get_type ())

typedef struct
{
  gint64             id;
  gint64             product_id;
  gint64             delta;
  RetourStockCause   cause;
  RetourStockBucket  bucket;       /* RETOUR_STOCK_BUCKET_ON_HAND unless set */
  gint64             rma_id;       /* 0 unless the movement comes from a return */
  gint64             rma_line_id;
  gint64             created_us;
  char              *actor;
  char              *note;
  char              *rma_number;   /* in lists only: the return's number, or NULL */
} RetourStockMovement;

GType                retour_stock_movement_get_type (void) G_GNUC_CONST;
RetourStockMovement *retour_stock_movement_copy     (const RetourStockMovement *movement);
void                 retour_stock_movement_free     (RetourStockMovement       *movement);

/* Where the accepted units of a returned line go by their @disposition:
 * restock puts them on hand (cause RESTOCK), refurbish and repair hold them
 * (HOLD), recycle, scrap and return to vendor write them off (WRITE_OFF).
 * FALSE for dispositions that do not touch the shop's stock (undecided,
 * return to customer). */
gboolean   retour_stock_disposition_get_bucket (RetourDisposition   disposition,
                                                RetourStockBucket  *out_bucket,
                                                RetourStockCause   *out_cause);

/* Adds @movement (delta ≠ 0) to its bucket and fills in its id. */
gboolean   retour_stock_store_add_movement   (RetourDatabase       *db,
                                              RetourStockMovement  *movement,
                                              GError              **error);
/* Puts the accepted units of @line of return @rma_id where its
 * disposition sends them (see retour_stock_disposition_get_bucket()); does
 * nothing for a line without a product, accepted units or a disposition
 * that moves stock. Inside the caller's transaction. */
gboolean   retour_stock_store_take_back_line (RetourDatabase       *db,
                                              gint64                rma_id,
                                              const RetourRmaLine  *line,
                                              const char           *actor,
                                              gint64                now_us,
                                              GError              **error);
/* Takes @quantity held units of a product out of the held bucket, in one
 * transaction with an audit entry: @to ON_HAND puts them back on the shelf
 * (cause REPAIRED), WRITTEN_OFF writes them off (cause WRITE_OFF). Refuses
 * more than are held. @note may be NULL. */
gboolean   retour_stock_store_finish_held    (RetourDatabase       *db,
                                              gint64                product_id,
                                              gint64                quantity,
                                              RetourStockBucket     to,
                                              const char           *actor,
                                              const char           *note,
                                              gint64                now_us,
                                              GError              **error);
/* Corrects a bucket by @delta (≠ 0) with a new movement (cause
 * CORRECTION) and an audit entry, in one transaction. @note, saying why,
 * is required; a bucket never goes below zero. */
gboolean   retour_stock_store_correct        (RetourDatabase       *db,
                                              gint64                product_id,
                                              RetourStockBucket     bucket,
                                              gint64                delta,
                                              const char           *actor,
                                              const char           *note,
                                              gint64                now_us,
                                              GError              **error);

/* The movements of a product, oldest first. */
GPtrArray *retour_stock_store_list_movements (RetourDatabase       *db,
                                              gint64                product_id,
                                              GError              **error);
/* A page of the ledger of a product, newest first: up to @limit
 * movements older than @before_id (0: from the newest), each with the
 * number of its return. */
GPtrArray *retour_stock_store_list_ledger    (RetourDatabase       *db,
                                              gint64                product_id,
                                              gint64                before_id,
                                              guint                 limit,
                                              GError              **error);

/* One row of the whole ledger, for exports: the movement with its
 * product's SKU and title. The pointers are valid during the call. */
typedef gboolean (*RetourStockLedgerFunc) (const RetourStockMovement *movement,
                                           const char                *sku,
                                           const char                *title,
                                           gpointer                   user_data,
                                           GError                   **error);
/* Calls @func for every movement of every product, oldest first, in one
 * read transaction (a consistent snapshot); stops at the first FALSE. */
gboolean   retour_stock_store_foreach_movement (RetourDatabase        *db,
                                                RetourStockLedgerFunc  func,
                                                gpointer               user_data,
                                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourStockMovement, retour_stock_movement_free)

G_END_DECLS
