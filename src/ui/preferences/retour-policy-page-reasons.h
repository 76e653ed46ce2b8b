/* retour-policy-page-reasons.h — the Reasons group of the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourPolicyPageSection: the draft's return reasons in the shop's
 * order, edited in place: added, renamed, moved, their flags set, retired
 * (or removed, when added in this draft) and offered again. Each change is
 * written into the draft at once and "changed" is emitted. A change to
 * the list makes the rows anew and puts the focus back where the person
 * was working; which rows were open is remembered meanwhile.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_REASONS (retour_policy_page_reasons_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageReasons, retour_policy_page_reasons, RETOUR, POLICY_PAGE_REASONS, AdwPreferencesGroup)

/* Adds a reason with no name yet, open, the focus in its name. */
void  retour_policy_page_reasons_add   (RetourPolicyPageReasons *self);
/* Marks the reasons that cannot be saved and says under each what it
 * means for the money under the draft policy; returns the first
 * problem, or NULL. */
char *retour_policy_page_reasons_check (RetourPolicyPageReasons *self);

G_END_DECLS
