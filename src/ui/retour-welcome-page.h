/* retour-welcome-page.h — the first-run page: the ways into Retour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offers to try a demo shop, to connect a store or to start empty (the
 * buttons activate the window's win.try-demo, the application's
 * app.connect-store and the window's win.start-empty actions). While the demo shop
 * is being built the page is "busy": it shows the progress and a Cancel
 * button (win.cancel-demo) in place of the choices.
 */
#pragma once

#include <adwaita.h>

#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_WELCOME_PAGE (retour_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourWelcomePage, retour_welcome_page, RETOUR, WELCOME_PAGE, AdwBin)

GtkWidget *retour_welcome_page_new            (void);
gboolean   retour_welcome_page_get_busy       (RetourWelcomePage *self);
void       retour_welcome_page_set_busy       (RetourWelcomePage *self,
                                               gboolean           busy);
/* @total 0 means not known yet. */
void       retour_welcome_page_set_progress   (RetourWelcomePage *self,
                                               guint64            done,
                                               guint64            total);
/* The demo shop was cancelled; the page stays busy until the worker has
 * stopped. */
void       retour_welcome_page_set_cancelling (RetourWelcomePage *self);

G_END_DECLS
