/* retour-product-ledger.h — one product: its stock, what can be done
 * with it, its ledger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Beside the inventory's product list: the selected product's levels,
 * what happened to it in the period, why it came back most, and its
 * stock ledger, newest first, read a page at a time as it is scrolled
 * down; each movement links to the return it came from (win.show-rma).
 * The ledger is read on the window's connection.
 *
 * Its buttons activate the inventory page's actions
 * (inventory.finish-repair, inventory.write-off, inventory.correct and,
 * when folded, inventory.back): the page enables them, and opens the
 * stock dialog here with retour_product_ledger_change_stock().
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-inventory-store.h"
#include "retour-stock-dialog.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_PRODUCT_LEDGER (retour_product_ledger_get_type ())

G_DECLARE_FINAL_TYPE (RetourProductLedger, retour_product_ledger, RETOUR, PRODUCT_LEDGER, AdwBin)

void                          retour_product_ledger_set_context   (RetourProductLedger          *self,
                                                                   RetourContext                *context);
/* Shows @product (copied), its ledger read again; NULL: none. */
void                          retour_product_ledger_set_product   (RetourProductLedger          *self,
                                                                   const RetourProductInventory *product);
const RetourProductInventory *retour_product_ledger_get_product   (RetourProductLedger          *self);
/* Opens the stock dialog in @mode for the product shown; what it did
 * is said in a toast. */
void                          retour_product_ledger_change_stock  (RetourProductLedger          *self,
                                                                   RetourStockDialogMode         mode);
/* A back button, for when the ledger is shown instead of the list. */
void                          retour_product_ledger_set_show_back (RetourProductLedger          *self,
                                                                   gboolean                      show_back);

G_END_DECLS
