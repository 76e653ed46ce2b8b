/* retour-record-item.c — a row read from the store, as a GObject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-record-item.h"

struct _RetourRecordItem
{
  GObject   parent_instance;

  GType     boxed_type;
  gpointer  record;
};

G_DEFINE_FINAL_TYPE (RetourRecordItem, retour_record_item, G_TYPE_OBJECT)

static void
retour_record_item_finalize (GObject *object)
{
  RetourRecordItem *self = RETOUR_RECORD_ITEM (object);

  if (self->record != NULL)
    g_boxed_free (self->boxed_type, self->record);

  G_OBJECT_CLASS (retour_record_item_parent_class)->finalize (object);
}

static void
retour_record_item_class_init (RetourRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_record_item_finalize;
}

static void
retour_record_item_init (RetourRecordItem *self)
{
}

RetourRecordItem *
retour_record_item_new_take (GType    boxed_type,
                             gpointer record)
{
  RetourRecordItem *self;

  g_return_val_if_fail (G_TYPE_IS_BOXED (boxed_type), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_RECORD_ITEM, NULL);
  self->boxed_type = boxed_type;
  self->record = record;

  return self;
}

gconstpointer
retour_record_item_get (RetourRecordItem *self,
                        GType             boxed_type)
{
  g_return_val_if_fail (RETOUR_IS_RECORD_ITEM (self), NULL);

  return self->boxed_type == boxed_type ? self->record : NULL;
}

gconstpointer
retour_record_item_get_at (GListModel *model,
                           guint       position,
                           GType       boxed_type)
{
  g_autoptr(RetourRecordItem) item = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  item = g_list_model_get_item (model, position);
  if (item == NULL)
    return NULL;

  return retour_record_item_get (item, boxed_type);
}

void
retour_record_item_store_splice (GListStore *store,
                                 guint       position,
                                 guint       n_removals,
                                 GType       boxed_type,
                                 GPtrArray  *records)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (G_IS_LIST_STORE (store));

  items = g_ptr_array_new_full (records != NULL ? records->len : 0, g_object_unref);
  for (guint i = 0; records != NULL && i < records->len; i++)
    g_ptr_array_add (items, retour_record_item_new_take (boxed_type, g_steal_pointer (&records->pdata[i])));

  if (records != NULL)
    {
      /* The records now belong to the items: empty the array without
       * freeing them. */
      g_ptr_array_set_free_func (records, NULL);
      g_ptr_array_set_size (records, 0);
    }

  g_list_store_splice (store, position, n_removals, items->pdata, items->len);
}
