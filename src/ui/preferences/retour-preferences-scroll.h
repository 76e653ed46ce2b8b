/* retour-preferences-scroll.h — the wheel scrolls the preferences, never
 * a number in them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lets scrolling over every GtkSpinButton in @root (@root included) pass
 * to the page around it. */
void retour_preferences_let_page_scroll (GtkWidget *root);

G_END_DECLS
