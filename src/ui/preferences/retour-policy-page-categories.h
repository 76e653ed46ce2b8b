/* retour-policy-page-categories.h — the Categories group of the Policy
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourPolicyPageSection: the draft policy's category rules, edited in
 * place. A rule is added by typing a category or picking one of the
 * catalog's, changed in its row, or removed; each change is written into
 * the draft at once and "changed" is emitted. A change to the list makes
 * the rows anew and puts the focus back where the person was working.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_CATEGORIES (retour_policy_page_categories_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPageCategories, retour_policy_page_categories, RETOUR, POLICY_PAGE_CATEGORIES, AdwPreferencesGroup)

/* Reads the catalog's categories, offered to pick from. */
void retour_policy_page_categories_set_context (RetourPolicyPageCategories *self,
                                                RetourContext              *context);

G_END_DECLS
