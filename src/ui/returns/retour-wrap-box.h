/* retour-wrap-box.h — a row of controls that gives one of them a line of
 * its own when the row does not fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The returns list's filters: the views, the search and the status in one
 * row on a wide window; on a narrow one (a phone is 360 px wide) the views
 * and the status on the first line and the search below them, full width;
 * narrower still (or in a longer language), the views alone on the first
 * line and the status beside the search: rather than a window that cannot
 * be made narrower. Children before the wrap child are packed at the
 * start, those after it at the end, and the wrap child takes the room left
 * between them.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_WRAP_BOX (retour_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (RetourWrapBox, retour_wrap_box, RETOUR, WRAP_BOX, GtkWidget)

GtkWidget *retour_wrap_box_get_wrap_child (RetourWrapBox *self);
void       retour_wrap_box_set_wrap_child (RetourWrapBox *self,
                                           GtkWidget     *child);
/* Whether the wrap child is on a line of its own now. */
gboolean   retour_wrap_box_get_wrapped    (RetourWrapBox *self);

G_END_DECLS
