/* retour-rma-item.h — one row of the returns list, as a GObject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GListModel holds objects: this wraps a RetourRmaSummary (and, in the
 * "Needs Action" view, what needs doing) for RetourRmaListModel.
 *
 * An item is a row of the list rather than a return: when a search or a
 * change elsewhere puts another return (or the same one changed) at its
 * place, the model updates the item in place and the item says so with
 * "changed". The view then keeps its row widget and only the cells that
 * show the item set their text again: GTK 4.8 would otherwise make new
 * row widgets for new items, and bind every row after a change again.
 *
 * Signals:
 *   "changed" (void): the item shows another return, or the same one
 *   differently.
 */
#pragma once

#include <glib-object.h>

#include "retour-search.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RMA_ITEM (retour_rma_item_get_type ())

G_DECLARE_FINAL_TYPE (RetourRmaItem, retour_rma_item, RETOUR, RMA_ITEM, GObject)

/* Takes ownership of @summary. */
RetourRmaItem          *retour_rma_item_new          (RetourRmaSummary *summary,
                                                      RetourAction      action);
const RetourRmaSummary *retour_rma_item_get_summary  (RetourRmaItem    *self);
gint64                  retour_rma_item_get_id       (RetourRmaItem    *self);
RetourAction            retour_rma_item_get_action   (RetourRmaItem    *self);
/* Shows what @other shows, taking its summary (@other is left empty and
 * should be dropped), and emits "changed" unless nothing differs. */
void                    retour_rma_item_take         (RetourRmaItem    *self,
                                                      RetourRmaItem    *other);
/* Whether both show the same return the same way. */
gboolean                retour_rma_item_equal        (RetourRmaItem    *a,
                                                      RetourRmaItem    *b);
/* "R26-000128-Y", or "#1234" before the return is authorized. */
char                   *retour_rma_item_dup_number   (RetourRmaItem    *self);

/* Translated, for people: "Decide", "Overdue", …; NULL for
 * RETOUR_ACTION_NONE. */
const char             *retour_action_get_label      (RetourAction      action);

G_END_DECLS
