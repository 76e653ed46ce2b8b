/* retour-customer-window.h — one customer: their orders, returns,
 * refunds and return rate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reached from the Reports view's customers. Explainable numbers only
 * (retour_report_store_load_customer()), and the sentence that a
 * statutory withdrawal cannot be refused because of them. A return of
 * the list opens in the returns desk of the window it was opened over.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CUSTOMER_WINDOW (retour_customer_window_get_type ())

G_DECLARE_FINAL_TYPE (RetourCustomerWindow, retour_customer_window, RETOUR, CUSTOMER_WINDOW, AdwWindow)

/* The page of @customer_id in @context's shop, over @parent (a
 * RetourWindow). */
RetourCustomerWindow *retour_customer_window_new (RetourContext *context,
                                                  GtkWindow     *parent,
                                                  gint64         customer_id);

G_END_DECLS
