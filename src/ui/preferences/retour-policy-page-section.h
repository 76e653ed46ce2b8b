/* retour-policy-page-section.h — a group of the Policy page that works
 * on the draft.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is a shell over its sections, as GNOME Calendar's event editor
 * is over its own: it gives each the draft to show and edit in place, and
 * hears from each, through "changed", when it wrote into it.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_POLICY_PAGE_SECTION (retour_policy_page_section_get_type ())

G_DECLARE_INTERFACE (RetourPolicyPageSection, retour_policy_page_section, RETOUR, POLICY_PAGE_SECTION, GtkWidget)

/* Signals:
 *   "changed" (RetourPolicyPageSection *section): the section edited the
 *   draft, or refused what was typed into it. */

struct _RetourPolicyPageSectionInterface
{
  GTypeInterface parent_iface;

  void (*set_draft) (RetourPolicyPageSection *self,
                     RetourPolicy            *policy,
                     GPtrArray               *reasons);
};

/* Shows the draft: @policy and @reasons (RetourReason*, in the shop's
 * order), which must outlive the section or be replaced. What was typed
 * into the section and refused, or opened in it, is forgotten. */
void retour_policy_page_section_set_draft (RetourPolicyPageSection *self,
                                           RetourPolicy            *policy,
                                           GPtrArray               *reasons);
/* Emits "changed". */
void retour_policy_page_section_changed   (RetourPolicyPageSection *self);

G_END_DECLS
