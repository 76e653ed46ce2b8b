/* retour-policy-page.h — the Policy page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The return policy and the reasons list, edited as a draft: a policy is
 * versioned (new returns get the new version, old ones keep theirs), so
 * nothing is written until the shop saves the whole draft at once, with
 * retour_policy_store_save(). The page shows the draft's effect on a
 * sample return as it is edited, and the recent audit trail.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE (retour_policy_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourPolicyPage, retour_policy_page, RETOUR, POLICY_PAGE, AdwPreferencesPage)

/* The shop whose policy the page edits (the "context" property); the
 * policy is read when it is set. */
RetourContext *retour_policy_page_get_context     (RetourPolicyPage *self);
void           retour_policy_page_set_context     (RetourPolicyPage *self,
                                                   RetourContext    *context);
/* Whether the draft differs from the saved policy and reasons
 * (the "modified" property). */
gboolean       retour_policy_page_get_modified    (RetourPolicyPage *self);
/* Modified, and nothing marked invalid (the "can-save" property). */
gboolean       retour_policy_page_get_can_save    (RetourPolicyPage *self);
/* What keeps the draft from being saved, or NULL (the "problem"
 * property). */
const char    *retour_policy_page_get_problem     (RetourPolicyPage *self);
/* Saves the draft in one transaction and says so in a toast; on failure
 * the toast says why and the draft stays as it is. */
gboolean       retour_policy_page_save            (RetourPolicyPage *self);
/* Drops the draft: the page shows the saved policy again. */
void           retour_policy_page_discard         (RetourPolicyPage *self);
/* Reads the recent changes again (after a change on another page). */
void           retour_policy_page_refresh_history (RetourPolicyPage *self);

G_END_DECLS
