/* retour-shop-page.h — the Shop page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shop's name, returns address, default label format and RMA number
 * pattern. Each is applied on its own, checked and audited by
 * retour_setting_store_change(); a value the store refuses stays where it
 * was typed, marked, with the reason in a toast.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_SHOP_PAGE (retour_shop_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourShopPage, retour_shop_page, RETOUR, SHOP_PAGE, AdwPreferencesPage)

/* The shop whose settings the page edits (the "context" property); the
 * settings are read when it is set. */
RetourContext *retour_shop_page_get_context (RetourShopPage *self);
void           retour_shop_page_set_context (RetourShopPage *self,
                                             RetourContext  *context);

G_END_DECLS
