/* retour-status-tag.c — a return's status (or needed action) as a coloured pill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-rma-item.h"
#include "retour-status-tag.h"

static const char * const tones[] = { "neutral", "accent", "success", "warning", "error" };

/* Warning where the shop has to act next, accent where it waits on the
 * customer or the carrier, success for a settled return, error for a
 * refused one, and the neutral grey for what needs nobody. */
static const char * const status_tones[RETOUR_RMA_N_STATUSES] = {
  [RETOUR_RMA_STATUS_DRAFT]      = "neutral",
  [RETOUR_RMA_STATUS_REQUESTED]  = "warning",
  [RETOUR_RMA_STATUS_AUTHORIZED] = "accent",
  [RETOUR_RMA_STATUS_IN_TRANSIT] = "accent",
  [RETOUR_RMA_STATUS_RECEIVED]   = "warning",
  [RETOUR_RMA_STATUS_INSPECTED]  = "warning",
  [RETOUR_RMA_STATUS_RESOLVED]   = "success",
  [RETOUR_RMA_STATUS_CLOSED]     = "neutral",
  [RETOUR_RMA_STATUS_REJECTED]   = "error",
  [RETOUR_RMA_STATUS_CANCELLED]  = "neutral",
  [RETOUR_RMA_STATUS_EXPIRED]    = "neutral",
};

static void
set_tone (GtkLabel   *label,
          const char *tone)
{
  GtkWidget *widget = GTK_WIDGET (label);

  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    {
      if (g_strcmp0 (tones[i], tone) != 0)
        gtk_widget_remove_css_class (widget, tones[i]);
    }

  gtk_widget_add_css_class (widget, "status-tag");
  if (tone != NULL)
    gtk_widget_add_css_class (widget, tone);
}

void
retour_status_tag_set_status (GtkLabel        *label,
                              RetourRmaStatus  status)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail ((guint) status < RETOUR_RMA_N_STATUSES);

  set_tone (label, status_tones[status]);
  gtk_label_set_text (label, retour_rma_status_get_label (status));
}

void
retour_status_tag_set_action (GtkLabel     *label,
                              RetourAction  action)
{
  const char *text;

  g_return_if_fail (GTK_IS_LABEL (label));

  text = retour_action_get_label (action);
  set_tone (label, action == RETOUR_ACTION_OVERDUE || action == RETOUR_ACTION_LEGAL_REFUND_LATE ||
                   action == RETOUR_ACTION_MESSAGE || action == RETOUR_ACTION_PARCEL
                     ? "error" : "warning");
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}
