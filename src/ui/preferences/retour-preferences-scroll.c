/* retour-preferences-scroll.c — the wheel scrolls the preferences, never
 * a number in them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkSpinButton takes the scroll wheel for itself: a person scrolling a
 * long preferences page changes, unseen, every number that passes under
 * the pointer (a category's 30 days became 63). Its values change only by
 * typing, its buttons and the arrow keys; the wheel scrolls the page.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-preferences-scroll.h"

/* GTK 4.8 has no property for it: the spin button's scroll controller is
 * turned off, so that the event goes on to the scrolled window around. */
static void
let_spin_scroll_pass (GtkWidget *spin)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (spin);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_NONE);
    }
}

void
retour_preferences_let_page_scroll (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SPIN_BUTTON (root))
    {
      let_spin_scroll_pass (root);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    retour_preferences_let_page_scroll (child);
}
