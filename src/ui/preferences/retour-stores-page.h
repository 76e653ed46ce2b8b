/* retour-stores-page.h — the Stores page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connected WooCommerce and Shopify stores, one group each
 * (RetourStoreGroup), and "Add Store…" (stores.add), which opens the
 * RetourAddStoreDialog.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_STORES_PAGE (retour_stores_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourStoresPage, retour_stores_page, RETOUR, STORES_PAGE, AdwPreferencesPage)

/* Shows the stores of @context's shop; runs go through its scheduler. */
void retour_stores_page_set_context (RetourStoresPage *self,
                                     RetourContext    *context);
/* Reads the list of stores again. */
void retour_stores_page_reload      (RetourStoresPage *self);
/* Opens the Add Store dialog over the page's window. */
void retour_stores_page_add_store   (RetourStoresPage *self);

G_END_DECLS
