/* retour-order-search.h — finding the order a customer reads out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search field over the orders (number, e-mail, phone or name) with
 * what it found below it, as the phone window's first page. Enter takes
 * the first order, Down goes into the list. Focusing the widget focuses
 * its field; Escape in it closes the window.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_ORDER_SEARCH (retour_order_search_get_type ())

G_DECLARE_FINAL_TYPE (RetourOrderSearch, retour_order_search, RETOUR, ORDER_SEARCH, GtkWidget)

/* Signals:
 *   "order-chosen" (RetourOrderSearch *self, RetourOrderSummary *order):
 *   an order was picked, with Enter or from the list. */

/* Where the orders are looked up; set before anything is typed. */
void retour_order_search_set_context (RetourOrderSearch *self,
                                      RetourContext     *context);

G_END_DECLS
