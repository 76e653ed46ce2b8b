/* retour-list-cell.h — the text cell every table of the window shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The returns list and the inventory's tables show storefront text —
 * product titles, SKUs, customers' names, order numbers — one line to a
 * cell, ellipsized, in a GtkInscription. The text is bounded before it
 * is shown: it may be of any length, and an inscription lays out every
 * character it is given before it ellipsizes.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A one-line inscription, ellipsized at the end, @nat_chars wide. */
GtkWidget *retour_list_cell_new_inscription (float       xalign,
                                             guint       nat_chars);
/* Shows @text, bounded to a line's worth, in @inscription. */
void       retour_list_cell_set_text        (GtkWidget  *inscription,
                                             const char *text);

G_END_DECLS
