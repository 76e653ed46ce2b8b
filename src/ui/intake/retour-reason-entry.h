/* retour-reason-entry.h — picking a return reason by typing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A text field over the shop's reasons: what is typed is looked up as it
 * is typed (the start of a reason first, then the start of a word in it,
 * then anywhere in it, spaces and all), and the reasons that match are
 * listed below it, the best one highlighted. Enter, Tab or leaving the
 * field takes the highlighted one; Up and Down move in the list (Down
 * opens it with every reason), Escape closes it. Empty means no reason.
 * The focus stays in the field throughout, so the keyboard never has to
 * go looking for the list.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_REASON_ENTRY (retour_reason_entry_get_type ())

G_DECLARE_FINAL_TYPE (RetourReasonEntry, retour_reason_entry, RETOUR, REASON_ENTRY, GtkWidget)

/* Signals:
 *   "changed" (RetourReasonEntry *self): the text changed, typed or
 *   completed. */

/* @reasons: the reasons' labels as GtkStringObjects, in the shop's
 * order. */
GtkWidget  *retour_reason_entry_new          (GListModel        *reasons);
GListModel *retour_reason_entry_get_model    (RetourReasonEntry *self);
/* The position in the model of the reason the field names, or
 * GTK_INVALID_LIST_POSITION when it is empty or names none. */
guint       retour_reason_entry_get_selected (RetourReasonEntry *self);
/* Completes what was typed to the reason that matches it best. FALSE
 * (and the field marked) when something is typed that matches none. */
gboolean    retour_reason_entry_commit       (RetourReasonEntry *self);
const char *retour_reason_entry_get_text     (RetourReasonEntry *self);

G_END_DECLS
