/* retour-policy-page-refunds.h — the Refunds group of the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourPolicyPageSection: when a refund is due and what is deducted
 * from it, the restocking fee (none, a percentage or an amount per
 * return, and the resolutions it is charged on), the return shipping and
 * the keep-it threshold. Each change is written into the draft policy at
 * once and "changed" is emitted. Text that is not a valid amount stays in
 * its entry, marked, and the draft keeps the last valid value.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_REFUNDS (retour_policy_page_refunds_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageRefunds, retour_policy_page_refunds, RETOUR, POLICY_PAGE_REFUNDS, AdwPreferencesGroup)

/* Why the text of an amount in use was refused, or NULL. */
const char *retour_policy_page_refunds_get_problem      (RetourPolicyPageRefunds *self);
/* Whether any amount, in use or not, holds text that was refused. */
gboolean    retour_policy_page_refunds_has_refused_text (RetourPolicyPageRefunds *self);

G_END_DECLS
