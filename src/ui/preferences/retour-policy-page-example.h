/* retour-policy-page-example.h — the Example group of the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourPolicyPageSection that only reads the draft: a sample return
 * judged by the draft policy as it is edited, before it is saved. The
 * item's price, how long ago it was delivered, its category, the reason
 * and the resolution are picked here, and the verdict and the refund,
 * with how it is made up, shown below them; while the sample is within
 * the withdrawal period, also its refund as a withdrawal.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_EXAMPLE (retour_policy_page_example_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageExample, retour_policy_page_example, RETOUR, POLICY_PAGE_EXAMPLE, AdwPreferencesGroup)

void retour_policy_page_example_set_context (RetourPolicyPageExample *self,
                                             RetourContext           *context);
/* Offers the draft's categories, reasons and resolutions, keeping what
 * was picked where it is still there, and judges the sample again. */
void retour_policy_page_example_refresh     (RetourPolicyPageExample *self);

G_END_DECLS
