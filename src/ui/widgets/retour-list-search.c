/* retour-list-search.c — a search entry that searches a list, as the
 * returns list and the inventory's products have it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-list-search.h"

static void
stop_search_cb (GtkSearchEntry *entry,
                GtkWidget      *list)
{
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_grab_focus (list);
}

void
retour_list_search_attach (GtkWidget      *view,
                           GtkSearchEntry *entry,
                           GtkWidget      *list,
                           const char     *find_action)
{
  GtkEventController *shortcuts;

  g_return_if_fail (GTK_IS_WIDGET (view));
  g_return_if_fail (GTK_IS_SEARCH_ENTRY (entry));
  g_return_if_fail (GTK_IS_WIDGET (list));
  g_return_if_fail (find_action != NULL);

  gtk_search_entry_set_key_capture_widget (entry, list);
  g_signal_connect_object (entry, "stop-search", G_CALLBACK (stop_search_cb), list, 0);

  /* Managed: the shortcut works while @view is shown, not from another
   * page of the window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_named_action_new (find_action)));
  gtk_widget_add_controller (view, shortcuts);
}
