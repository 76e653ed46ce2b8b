/* retour-editor-pane.h — the editor's side of the returns desk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds the return being edited beside the list. It asks for as much room
 * as its child needs at least, and for a natural width of its own rather
 * than the child's: the editor's natural width follows what the open
 * return says (a long product title, a wrapped note), and the leaflet
 * would move the divider between the list and the editor with every
 * selection. (An editor that needs more than that natural width widens
 * the pane once, and the pane stays so wide.)
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_EDITOR_PANE (retour_editor_pane_get_type ())

G_DECLARE_FINAL_TYPE (RetourEditorPane, retour_editor_pane, RETOUR, EDITOR_PANE, GtkWidget)

GtkWidget *retour_editor_pane_get_child         (RetourEditorPane *self);
void       retour_editor_pane_set_child         (RetourEditorPane *self,
                                                 GtkWidget        *child);
int        retour_editor_pane_get_natural_width (RetourEditorPane *self);
void       retour_editor_pane_set_natural_width (RetourEditorPane *self,
                                                 int               natural_width);

G_END_DECLS
