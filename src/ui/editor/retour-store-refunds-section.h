/* retour-store-refunds-section.h — what the shop refunded of the order in
 * its own storefront admin, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection that only shows: a row per storefront refund of
 * the return's order (its items, date, reason and amount). Not Retour's
 * money, but what was refunded there cannot come back again, and staff
 * deciding this return's refund must see it. Hidden when there is none.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_STORE_REFUNDS_SECTION (retour_store_refunds_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourStoreRefundsSection, retour_store_refunds_section,
                      RETOUR, STORE_REFUNDS_SECTION, AdwPreferencesGroup)

G_END_DECLS
