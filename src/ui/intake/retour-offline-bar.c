/* retour-offline-bar.c — the main window's offline bar, in the windows beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-database.h"
#include "retour-offline-bar.h"
#include "retour-window.h"

struct _RetourOfflineBar
{
  GtkWidget     parent_instance;

  GtkRevealer  *revealer;
  RetourWindow *window;    /* weak */
  GBinding     *binding;
};

G_DEFINE_FINAL_TYPE (RetourOfflineBar, retour_offline_bar, GTK_TYPE_WIDGET)

static void
retour_offline_bar_reconnect (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  RetourOfflineBar *self = RETOUR_OFFLINE_BAR (widget);

  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.reconnect", NULL);
}

static void
clear_window (RetourOfflineBar *self)
{
  if (self->binding != NULL)
    g_binding_unbind (g_steal_pointer (&self->binding));
  g_clear_weak_pointer (&self->window);
}

static void
retour_offline_bar_dispose (GObject *object)
{
  RetourOfflineBar *self = RETOUR_OFFLINE_BAR (object);

  clear_window (self);
  if (self->revealer != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->revealer)));

  G_OBJECT_CLASS (retour_offline_bar_parent_class)->dispose (object);
}

static void
retour_offline_bar_class_init (RetourOfflineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_offline_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "offline-bar.reconnect", NULL, retour_offline_bar_reconnect);
}

/* Built as the main window's template builds its bar, with its strings. */
static void
retour_offline_bar_init (RetourOfflineBar *self)
{
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *button;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "offline-bar");

  label = gtk_label_new (_("The shared database cannot be reached. Your changes are kept."));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), label);

  button = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "offline-bar.reconnect");
  gtk_box_append (GTK_BOX (box), button);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (self->revealer, box);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
}

void
retour_offline_bar_set_window (RetourOfflineBar *self,
                               RetourWindow     *window)
{
  g_return_if_fail (RETOUR_IS_OFFLINE_BAR (self));
  g_return_if_fail (window == NULL || RETOUR_IS_WINDOW (window));

  clear_window (self);
  if (window == NULL)
    return;

  g_set_weak_pointer (&self->window, window);
  self->binding = g_object_bind_property (window, "offline", self->revealer, "reveal-child",
                                          G_BINDING_SYNC_CREATE);
}

gboolean
retour_offline_bar_report (RetourOfflineBar *self,
                           const GError     *error)
{
  g_return_val_if_fail (RETOUR_IS_OFFLINE_BAR (self), FALSE);

  if (!g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE) ||
      self->window == NULL)
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self->window), "win.offline", NULL);
}

gboolean
retour_offline_bar_get_shown (RetourOfflineBar *self)
{
  g_return_val_if_fail (RETOUR_IS_OFFLINE_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
