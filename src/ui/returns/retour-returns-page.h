/* retour-returns-page.h — the returns list beside the return being edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The returns desk: the list (RetourRmaListModel in a GtkColumnView) with
 * search, a status filter and the "Needs Action" view, and the editor of
 * the selected return beside it, in an AdwLeaflet that folds on a narrow
 * window. The page follows changes to the database, whoever makes them:
 * its own connection's commits at once, other programs' within a second
 * (PRAGMA data_version), keeping the selection and the scroll position.
 *
 * Actions: returns.find (Ctrl+F), returns.view ("all" or
 * "needs-action"), returns.back (Escape, back to the list when folded).
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RETURNS_PAGE (retour_returns_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourReturnsPage, retour_returns_page, RETOUR, RETURNS_PAGE, AdwBin)

void           retour_returns_page_set_context (RetourReturnsPage *self,
                                                RetourContext     *context);
/* Reads the list, the counts and the open return again. */
void           retour_returns_page_reload      (RetourReturnsPage *self);
/* Shows the return @id in the editor (and the list, when it is among the
 * rows shown). */
void           retour_returns_page_show_rma    (RetourReturnsPage *self,
                                                gint64             rma_id);
RetourRmaEditor *retour_returns_page_get_editor (RetourReturnsPage *self);

G_END_DECLS
