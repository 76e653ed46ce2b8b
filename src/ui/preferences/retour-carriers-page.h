/* retour-carriers-page.h — the Carriers page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One group per carrier: its account's settings, its keys, and whether
 * it serves the customers of its country by default. "Test and Save"
 * tries the keys with the carrier first (retour_carrier_test_async(),
 * which buys nothing); only keys the carrier took are kept, in the
 * keyring, and the settings in the shop's database.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CARRIERS_PAGE (retour_carriers_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourCarriersPage, retour_carriers_page, RETOUR, CARRIERS_PAGE, AdwPreferencesPage)

RetourContext *retour_carriers_page_get_context (RetourCarriersPage *self);
void           retour_carriers_page_set_context (RetourCarriersPage *self,
                                                 RetourContext      *context);

G_END_DECLS
