/* retour-list-search.h — a search entry that searches a list, as the
 * returns list and the inventory's products have it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes @entry the search of @list in @view: typing in @list searches;
 * Escape in @entry clears it, or when it is empty goes back to @list;
 * Ctrl+F activates @find_action (of @view) wherever the focus is in
 * @view while it is shown. */
void retour_list_search_attach (GtkWidget      *view,
                                GtkSearchEntry *entry,
                                GtkWidget      *list,
                                const char     *find_action);

G_END_DECLS
