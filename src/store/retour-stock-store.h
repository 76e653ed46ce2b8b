/* retour-stock-store.h — the stock ledger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A product's on_hand moves only by adding a movement with its cause; a
 * mistake is put right by a correction, never by editing the past.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_STOCK_MOVEMENT (retour_stock_movement_get_type ())

typedef struct
{
  gint64            id;
  gint64            product_id;
  gint64            delta;
  RetourStockCause  cause;
  gint64            rma_id;       /* 0 unless the movement comes from a return */
  gint64            rma_line_id;
  gint64            created_us;
  char             *actor;
  char             *note;
} RetourStockMovement;

GType                retour_stock_movement_get_type (void) G_GNUC_CONST;
RetourStockMovement *retour_stock_movement_copy     (const RetourStockMovement *movement);
void                 retour_stock_movement_free     (RetourStockMovement       *movement);

/* Adds @movement (delta ≠ 0) and moves the product's on_hand with it;
 * fills in its id. */
gboolean   retour_stock_store_add_movement   (RetourDatabase       *db,
                                              RetourStockMovement  *movement,
                                              GError              **error);
/* The movements of a product, oldest first. */
GPtrArray *retour_stock_store_list_movements (RetourDatabase       *db,
                                              gint64                product_id,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourStockMovement, retour_stock_movement_free)

G_END_DECLS
