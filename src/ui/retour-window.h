/* retour-window.h — the main window: one shop's database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the welcome page while the database is empty (first run), the
 * shop otherwise — the returns desk, the inventory and the reports, switched with
 * the view switcher in the header bar (or below, when narrow) — or why
 * the database could not be opened. Database work that can take long runs in worker threads on
 * connections of their own (retour_demo_create_async(),
 * retour_search_count_needing_action_async()); the window's own
 * connection, in its RetourContext, stays on the main thread.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_WINDOW (retour_window_get_type ())

G_DECLARE_FINAL_TYPE (RetourWindow, retour_window, RETOUR, WINDOW, AdwApplicationWindow)

RetourWindow  *retour_window_new           (RetourApplication *application);
/* Shows the shop in @context: the welcome page if its database is empty,
 * the returns desk otherwise. */
void           retour_window_set_context   (RetourWindow      *self,
                                            RetourContext     *context);
RetourContext *retour_window_get_context   (RetourWindow      *self);
/* Shows why the database at @path could not be opened, and offers to try
 * again. */
void           retour_window_show_error    (RetourWindow      *self,
                                            const char        *path,
                                            const GError      *error);
/* Says that the shared database at @location is being connected to. */
void           retour_window_show_connecting (RetourWindow    *self,
                                              const char      *location);
/* Whether the window says its shared database cannot be reached: views
 * report it with the action win.offline when a call fails with
 * RETOUR_STORE_ERROR_OFFLINE, and a connection that breaks shows it by
 * itself. "Try Again" (win.reconnect) mends the connection in place.
 * The property "offline" tells the windows beside it. */
gboolean       retour_window_get_offline     (RetourWindow    *self);
/* The database shown (a file, or a shared database's location), or the
 * one that could not be opened; NULL before either. */
const char    *retour_window_get_path      (RetourWindow      *self);
/* Shows the return @rma_id in the list and the editor, with @message (may
 * be NULL) in a toast. The action win.show-rma (int64) does the same. */
void           retour_window_show_rma      (RetourWindow      *self,
                                            gint64             rma_id,
                                            const char        *message);
RetourReturnsPage *retour_window_get_returns_page (RetourWindow *self);
RetourInventoryPage *retour_window_get_inventory_page (RetourWindow *self);
RetourReportsPage *retour_window_get_reports_page (RetourWindow *self);
/* How many returns "Try a Demo Shop" creates. */
guint64        retour_window_get_demo_size (RetourWindow      *self);
void           retour_window_set_demo_size (RetourWindow      *self,
                                            guint64            n_rmas);

G_END_DECLS
