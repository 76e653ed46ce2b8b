/* retour-inventory-page.h — what came back, where it went, what is still
 * out there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inventory view of the main window: a period, the shop's figures for
 * it, every product with its stock and returns (retour-inventory-store.h
 * defines each figure) and, beside the selected product, its stock ledger
 * with the returns each movement came from; held units are finished
 * (repaired, or written off) and counts corrected from there. A second
 * view lists the parcels on their way and expires the overdue ones.
 *
 * The figures are added up in a worker on a connection of its own (on a
 * big shop a year takes seconds); the ledger of one product is read on
 * the window's connection. The page follows changes to the database while
 * it is shown: its own connection's commits at once, other programs'
 * within a second. While hidden it only notes that it is out of date.
 *
 * Properties: "context" (RetourContext), "view" ("products" or
 * "arrivals").
 *
 * Actions: inventory.view ("products" or "arrivals"), inventory.find
 * (Ctrl+F), inventory.back (Escape, when folded), inventory.finish-repair,
 * inventory.write-off, inventory.correct, inventory.expire-overdue.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-inventory-store.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_INVENTORY_PAGE (retour_inventory_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourInventoryPage, retour_inventory_page, RETOUR, INVENTORY_PAGE, AdwBin)

/* The "context" property. Setting the same context again reads the
 * figures again. */
void           retour_inventory_page_set_context  (RetourInventoryPage   *self,
                                                   RetourContext         *context);
RetourContext *retour_inventory_page_get_context  (RetourInventoryPage   *self);
/* Adds up the figures again. */
void           retour_inventory_page_reload       (RetourInventoryPage   *self);
void           retour_inventory_page_set_period   (RetourInventoryPage   *self,
                                                   RetourInventoryPeriod  period);
/* Selects the product @product_id and shows its ledger. */
void           retour_inventory_page_show_product (RetourInventoryPage   *self,
                                                   gint64                 product_id);
/* Whether the figures are being added up, or wait to be until the page
 * is shown. */
gboolean       retour_inventory_page_is_loading   (RetourInventoryPage   *self);

G_END_DECLS
