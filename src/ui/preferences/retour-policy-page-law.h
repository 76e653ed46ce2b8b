/* retour-policy-page-law.h — the Right of Withdrawal group of the Policy
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourPolicyPageSection: what the law's sums need to know of the shop
 * (see retour-law.h): its country, whether customers are told of their
 * right of withdrawal and of paying for sending a withdrawal back, the
 * delivery refunded on a partial withdrawal and the standard delivery
 * price. Each change is written into the draft policy at once and
 * "changed" is emitted. Text that is not a valid amount stays in its
 * entry, marked, and the draft keeps the last valid value.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_LAW (retour_policy_page_law_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageLaw, retour_policy_page_law, RETOUR, POLICY_PAGE_LAW, AdwPreferencesGroup)

/* Why the text of the standard delivery price was refused, or NULL. */
const char *retour_policy_page_law_get_problem (RetourPolicyPageLaw *self);

G_END_DECLS
