/* retour-customer-section.h — who returns what they ordered, in the RMA
 * editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection that only shows: the customer's name, e-mail and
 * phone, the order number and the day the return was made.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CUSTOMER_SECTION (retour_customer_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourCustomerSection, retour_customer_section, RETOUR, CUSTOMER_SECTION, AdwPreferencesGroup)

G_END_DECLS
