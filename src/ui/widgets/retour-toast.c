/* retour-toast.c — messages in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-text.h"
#include "retour-toast.h"

AdwToast *
retour_toast_new (const char      *message,
                  RetourToastKind  kind)
{
  g_autofree char *shown = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_val_if_fail (message != NULL, NULL);

  shown = retour_text_for_display (message, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_ONE_LINE);
  escaped = g_markup_escape_text (shown, -1);
  toast = adw_toast_new (escaped);

  /* A message about something that went wrong may take a while to read. */
  if (kind == RETOUR_TOAST_STAYS)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }

  return toast;
}

gboolean
retour_toast_show (GtkWidget       *widget,
                   const char      *message,
                   RetourToastKind  kind)
{
  GtkRoot *root;
  GtkWidget *overlay;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  root = gtk_widget_get_root (widget);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), retour_toast_new (message, kind));
      return TRUE;
    }

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return FALSE;

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), retour_toast_new (message, kind));
  return TRUE;
}
