/* retour-inventory-figures.h — the shop's figures for the period, one
 * card each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of RetourFigureCards over the inventory's lists: what came
 * back, went back on the shelf, is held, was written off, is still out
 * there and overdue, and the return rate (retour-inventory-store.h
 * defines each). Scrolled sideways when the window is too narrow.
 */
#pragma once

#include <adwaita.h>

#include "retour-inventory-store.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_INVENTORY_FIGURES (retour_inventory_figures_get_type ())

G_DECLARE_FINAL_TYPE (RetourInventoryFigures, retour_inventory_figures, RETOUR, INVENTORY_FIGURES, AdwBin)

void retour_inventory_figures_set_summary (RetourInventoryFigures       *self,
                                           const RetourInventorySummary *summary);
/* Compact, the cards keep their numbers and what they count, and leave
 * the room below to the lists. */
void retour_inventory_figures_set_compact (RetourInventoryFigures       *self,
                                           gboolean                      compact);

G_END_DECLS
