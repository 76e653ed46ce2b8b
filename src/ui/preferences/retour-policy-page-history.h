/* retour-policy-page-history.h — the Recent Changes group of the Policy
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The last changes of the audit trail, to the policy, the reasons and the
 * shop's settings, with when and by whom. They are read again each time
 * the group is shown: the Shop page writes to the trail too.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_HISTORY (retour_policy_page_history_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageHistory, retour_policy_page_history, RETOUR, POLICY_PAGE_HISTORY, AdwPreferencesGroup)

void retour_policy_page_history_set_context (RetourPolicyPageHistory *self,
                                             RetourContext           *context);
/* Reads the trail again; what went wrong reading it is shown in the
 * list. */
void retour_policy_page_history_refresh     (RetourPolicyPageHistory *self);

G_END_DECLS
