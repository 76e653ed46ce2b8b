/* retour-offline-bar.h — the main window's offline bar, in the windows beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The phone-return and receive windows work on the main window's shared
 * database. When it cannot be reached they say so as the main window
 * does, with the same words and the same "Try Again", which mends the
 * main window's connection (win.reconnect) and so theirs: the bar shows
 * while the main window is offline, whichever window found out first.
 */
#pragma once

#include <gtk/gtk.h>

#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_OFFLINE_BAR (retour_offline_bar_get_type ())

G_DECLARE_FINAL_TYPE (RetourOfflineBar, retour_offline_bar, RETOUR, OFFLINE_BAR, GtkWidget)

/* The main window whose connection the bar is about. */
void     retour_offline_bar_set_window (RetourOfflineBar *self,
                                        RetourWindow     *window);
/* A store call failed with @error. When it is RETOUR_STORE_ERROR_OFFLINE
 * the main window is told and the bar shows: returns TRUE, and the
 * caller keeps everything typed and says nothing more. */
gboolean retour_offline_bar_report     (RetourOfflineBar *self,
                                        const GError     *error);
gboolean retour_offline_bar_get_shown  (RetourOfflineBar *self);

G_END_DECLS
