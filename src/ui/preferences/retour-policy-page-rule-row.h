/* retour-policy-page-rule-row.h — one category rule on the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row over a RetourCategoryRule of the draft policy: the category's
 * own return window, or a final sale, and the exception to the right of
 * withdrawal that may apply to it. Each change is written into the
 * rule at once and "changed" is emitted; its trash button asks for the
 * rule to go with "remove".
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_RULE_ROW (retour_policy_page_rule_row_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageRuleRow, retour_policy_page_rule_row, RETOUR, POLICY_PAGE_RULE_ROW, AdwPreferencesRow)

/* Signals:
 *   "changed" (RetourPolicyPageRuleRow *row): the rule was edited.
 *   "remove" (RetourPolicyPageRuleRow *row): the rule should go. */

/* @rule, one of @policy's, and @policy must outlive the row: a rule with
 * no window of its own is shown, and given, the policy's. */
GtkWidget          *retour_policy_page_rule_row_new      (RetourCategoryRule      *rule,
                                                          const RetourPolicy      *policy);
RetourCategoryRule *retour_policy_page_rule_row_get_rule (RetourPolicyPageRuleRow *self);

G_END_DECLS
