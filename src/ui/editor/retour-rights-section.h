/* retour-rights-section.h — the customer's rights and the law's deadlines,
 * in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per return, in the customer's country: until when they may withdraw,
 * the notice they gave and how, by when the law wants the refund and
 * whether it may wait for the goods, how long the legal guarantee runs,
 * and whether they agreed to credit instead of their money back. Staff
 * enter what only they know (the day the goods arrived, the notice, the
 * proof of dispatch, the consent); the dates follow as they type.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RIGHTS_SECTION (retour_rights_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourRightsSection, retour_rights_section, RETOUR, RIGHTS_SECTION, AdwPreferencesGroup)

/* Computes the dates again from the return as edited (its items' claims
 * may have changed). */
void retour_rights_section_update (RetourRightsSection *self);

G_END_DECLS
