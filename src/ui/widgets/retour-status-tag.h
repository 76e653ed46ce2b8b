/* retour-status-tag.h — a return's status (or needed action) as a coloured pill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list, the editor and the receive window show statuses the same way:
 * a GtkLabel with the .status-tag style (style.css) in the tone of the
 * status.
 */
#pragma once

#include <gtk/gtk.h>

#include "retour-core.h"
#include "retour-search.h"

G_BEGIN_DECLS

/* Styles @label as a tag and shows @status in it. */
void retour_status_tag_set_status (GtkLabel        *label,
                                   RetourRmaStatus  status);
/* Styles @label as a tag and shows @action in it (empty for none). */
void retour_status_tag_set_action (GtkLabel        *label,
                                   RetourAction     action);

G_END_DECLS
