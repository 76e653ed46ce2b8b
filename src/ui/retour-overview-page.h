/* retour-overview-page.h — how many returns there are, in which state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view only: the window counts (off the main thread) and hands the
 * numbers over. Shows a large total and one row per status that has any
 * returns, or "No Returns Yet" when there are none.
 */
#pragma once

#include <adwaita.h>

#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_OVERVIEW_PAGE (retour_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourOverviewPage, retour_overview_page, RETOUR, OVERVIEW_PAGE, AdwBin)

GtkWidget *retour_overview_page_new        (void);
/* Counts are on their way; nothing to show yet (a spinner after a
 * moment). While counts are shown, a recount keeps them until the new
 * ones arrive instead. */
void       retour_overview_page_set_loading (RetourOverviewPage *self);
/* @counts has RETOUR_RMA_N_STATUSES entries. */
void       retour_overview_page_set_counts  (RetourOverviewPage *self,
                                             const guint64      *counts);
/* Counting failed; offers to try again (win.refresh). */
void       retour_overview_page_set_error   (RetourOverviewPage *self,
                                             const GError       *error);

G_END_DECLS
