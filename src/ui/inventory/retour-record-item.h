/* retour-record-item.h — a row read from the store, as a GObject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GListModel holds objects; the store hands out boxed records
 * (RetourProductInventory, RetourStockMovement, RetourExpectedArrival).
 * This holds one, of any boxed type, for the inventory view's lists.
 * Items are immutable: a changed row is a new item.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_RECORD_ITEM (retour_record_item_get_type ())

G_DECLARE_FINAL_TYPE (RetourRecordItem, retour_record_item, RETOUR, RECORD_ITEM, GObject)

/* Takes ownership of @record, a boxed value of @boxed_type. */
RetourRecordItem *retour_record_item_new_take (GType             boxed_type,
                                               gpointer          record);
/* The record; NULL for an item that does not hold a @boxed_type. */
gconstpointer     retour_record_item_get      (RetourRecordItem *self,
                                               GType             boxed_type);

/* The record of the item at @position of @model, or NULL. The model
 * keeps the item, and so the record, alive. */
gconstpointer     retour_record_item_get_at   (GListModel       *model,
                                               guint             position,
                                               GType             boxed_type);

/* Replaces @n_removals items of @store from @position by items holding
 * the records of @records (emptied; NULL: none), in one splice: a view
 * of @store keeps its sorting and its scroll position. */
void              retour_record_item_store_splice (GListStore *store,
                                                   guint       position,
                                                   guint       n_removals,
                                                   GType       boxed_type,
                                                   GPtrArray  *records);

G_END_DECLS
