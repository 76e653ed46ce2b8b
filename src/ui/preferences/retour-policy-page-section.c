/* retour-policy-page-section.c — a group of the Policy page that works
 * on the draft.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-policy-page-section.h"

G_DEFINE_INTERFACE (RetourPolicyPageSection, retour_policy_page_section, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
retour_policy_page_section_default_init (RetourPolicyPageSectionInterface *iface)
{
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

void
retour_policy_page_section_set_draft (RetourPolicyPageSection *self,
                                      RetourPolicy            *policy,
                                      GPtrArray               *reasons)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE_SECTION (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (reasons != NULL);

  RETOUR_POLICY_PAGE_SECTION_GET_IFACE (self)->set_draft (self, policy, reasons);
}

void
retour_policy_page_section_changed (RetourPolicyPageSection *self)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE_SECTION (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
