/* retour-rma-list-model.h — the returns list, read from SQLite as it is scrolled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of RetourRmaItem over one query (search text, status or
 * "needs action"), newest first. It holds only the keyset pages read so
 * far: when the rows on screen come near the end, the next
 * page is read from an idle handler and appended (items-changed), so a
 * million returns cost what the rows on screen cost. Filtering happens in
 * SQL; nothing here loads every row.
 *
 * (The view is not what says how far to read: GTK 4.8's list view makes
 * rows, and asks for their items, 200 rows ahead of what it shows.)
 *
 * Another query or a reload updates the items already there in place
 * (RetourRmaItem "changed") and adds or removes rows only at the end of
 * what changed: the view keeps its row widgets.
 *
 * Reads use the context's connection, on the main thread: a page is well
 * under a millisecond (docs/performance.md).
 */
#pragma once

#include <gio/gio.h>

#include "retour-context.h"

G_BEGIN_DECLS

/* Rows read at a time, unless told otherwise. GTK 4.8's list view makes a
 * row widget for every row up to 200, shown or not, and a search that
 * changes how many rows there are makes or unmakes as many widgets: a
 * page is best about a screen and a half of rows. */
#define RETOUR_RMA_LIST_MODEL_PAGE_SIZE 50

#define RETOUR_TYPE_RMA_LIST_MODEL (retour_rma_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RetourRmaListModel, retour_rma_list_model, RETOUR, RMA_LIST_MODEL, GObject)

/* Properties:
 *   "error" (GError, read-only): why the last page could not be read, or
 *   NULL. */

RetourRmaListModel *retour_rma_list_model_new           (RetourContext       *context);
/* Starts over with a new query and reads its first page. @text is NULL or
 * searchable text (retour_search_is_searchable()); @status is a
 * RetourRmaStatus or -1 for all; @needing_action shows only returns that
 * need someone (and ignores @status). */
gboolean            retour_rma_list_model_set_query     (RetourRmaListModel  *self,
                                                         const char          *text,
                                                         int                  status,
                                                         gboolean             needing_action,
                                                         GError             **error);
/* Reads the rows loaded so far again (at least the first page) and tells
 * the view only about the rows that changed, so that the rows on screen
 * and the selection stay where they are. */
gboolean            retour_rma_list_model_reload        (RetourRmaListModel  *self,
                                                         GError             **error);
/* Rows to read at a time from the next query or page on. */
void                retour_rma_list_model_set_page_size (RetourRmaListModel  *self,
                                                         guint                page_size);
guint               retour_rma_list_model_get_page_size (RetourRmaListModel  *self);
/* The row at @position is on screen: reads the next page from an idle
 * handler if that is within half a page of the end of the rows read so
 * far. */
void                retour_rma_list_model_prefetch      (RetourRmaListModel  *self,
                                                         guint                position);
/* Whether rows beyond the loaded ones may exist. */
gboolean            retour_rma_list_model_has_more      (RetourRmaListModel  *self);
/* Reads the next page now (the view does it through an idle handler);
 * FALSE with @error on failure, FALSE without one when there is none. */
gboolean            retour_rma_list_model_load_more     (RetourRmaListModel  *self,
                                                         GError             **error);
/* The position of the return @id among the loaded rows, or
 * GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint               retour_rma_list_model_find          (RetourRmaListModel  *self,
                                                         gint64               id);
const GError       *retour_rma_list_model_get_error     (RetourRmaListModel  *self);
/* The "now" of the query, from the context's clock: ages count from it. */
gint64              retour_rma_list_model_get_now       (RetourRmaListModel  *self);

G_END_DECLS
