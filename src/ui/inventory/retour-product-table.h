/* retour-product-table.h — every product with its stock and returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inventory's product list: one row a product, sorted by the column
 * clicked (until one is, what came back most first), narrowed to the
 * products a search found. While there are no rows it says why: the
 * figures are being added up, could not be read, there are no products
 * yet, or none matches.
 *
 * The selection follows the product, not the row: when the rows are
 * read again it stays on the product it was on.
 */
#pragma once

#include <adwaita.h>

#include "retour-inventory-store.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_PRODUCT_TABLE (retour_product_table_get_type ())

G_DECLARE_FINAL_TYPE (RetourProductTable, retour_product_table, RETOUR, PRODUCT_TABLE, AdwBin)

/* Signals:
 *   "selection-changed" (RetourProductTable *table): the user selected
 *   another product, or none.
 *   "product-activated" (RetourProductTable *table): the user activated
 *   the row of a product (Enter, a double click) to see more of it. */

/* The rows, from @products (RetourProductInventory*, emptied); the
 * figures are read. */
void                          retour_product_table_set_products (RetourProductTable *self,
                                                                 GPtrArray          *products);
/* No rows, none selected; the figures are to be read. */
void                          retour_product_table_clear        (RetourProductTable *self);
/* Says @error instead of the rows, until rows are set. */
void                          retour_product_table_set_error    (RetourProductTable *self,
                                                                 const GError       *error);
/* Shows only the products whose ids @product_ids (a set of gint64,
 * taken) holds; NULL shows every product. */
void                          retour_product_table_set_search   (RetourProductTable *self,
                                                                 GHashTable         *product_ids);
const RetourProductInventory *retour_product_table_get_selected (RetourProductTable *self);
/* Selects the product @product_id, now and when the rows are read again. */
void                          retour_product_table_select       (RetourProductTable *self,
                                                                 gint64              product_id);
/* Compact, the table keeps the columns one tells products apart by. */
void                          retour_product_table_set_compact  (RetourProductTable *self,
                                                                 gboolean            compact);
/* The list itself: where typing searches, and where the focus goes back to. */
GtkWidget                    *retour_product_table_get_view     (RetourProductTable *self);

G_END_DECLS
