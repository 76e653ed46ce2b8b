/* retour-rma-list-model.c — the returns list, read from SQLite as it is scrolled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-rma-item.h"
#include "retour-rma-list-model.h"
#include "retour-search.h"

struct _RetourRmaListModel
{
  GObject         parent_instance;

  RetourContext  *context;
  char           *text;
  int             status;
  gboolean        needing_action;
  gint64          now_us;
  guint           page_size;

  GPtrArray      *items;          /* of RetourRmaItem*, owned */
  gboolean        has_more;
  guint           load_source;
  GError         *error;
};

static void retour_rma_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourRmaListModel, retour_rma_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, retour_rma_list_model_iface_init))

enum {
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (RetourRmaListModel *self,
           const GError       *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Reads up to @limit rows older than @before_id into a new array of
 * items. */
static GPtrArray *
read_page (RetourRmaListModel  *self,
           gint64               before_id,
           guint                limit,
           GError             **error)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) actions = NULL;
  GPtrArray *items;

  if (self->needing_action)
    rows = retour_search_rmas_needing_action (db, self->text, self->now_us,
                                              before_id, limit, &actions, error);
  else
    rows = retour_search_rmas (db, self->text, self->status, before_id, limit, error);
  if (rows == NULL)
    return NULL;

  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      RetourAction action = RETOUR_ACTION_NONE;

      if (actions != NULL && i < actions->len)
        action = g_array_index (actions, RetourAction, i);
      /* The rows array gives each summary up to its item. */
      g_ptr_array_add (items, retour_rma_item_new (g_steal_pointer (&rows->pdata[i]), action));
    }

  return items;
}

/* Makes the @n_old rows at @position show the @n_new items of @fresh from
 * @from. Where there is a row on both sides the row's item is updated in
 * place (it says "changed" if it shows something else now), so that the
 * view keeps the row widget and only sets new text in its cells; the view
 * hears of the rows added or removed at the end of the span. */
static void
update_span (RetourRmaListModel *self,
             guint               position,
             guint               n_old,
             GPtrArray          *fresh,
             guint               from,
             guint               n_new)
{
  guint common = MIN (n_old, n_new);

  for (guint i = 0; i < common; i++)
    retour_rma_item_take (g_ptr_array_index (self->items, position + i),
                          g_ptr_array_index (fresh, from + i));

  if (n_new > n_old)
    {
      for (guint i = common; i < n_new; i++)
        g_ptr_array_insert (self->items, position + i, g_object_ref (g_ptr_array_index (fresh, from + i)));
      g_list_model_items_changed (G_LIST_MODEL (self), position + common, 0, n_new - n_old);
    }
  else if (n_old > n_new)
    {
      g_ptr_array_remove_range (self->items, position + common, n_old - n_new);
      g_list_model_items_changed (G_LIST_MODEL (self), position + common, n_old - n_new, 0);
    }
}

static gint64
last_id (RetourRmaListModel *self)
{
  if (self->items->len == 0)
    return 0;

  return retour_rma_item_get_id (g_ptr_array_index (self->items, self->items->len - 1));
}

static gboolean
load_more_cb (gpointer user_data)
{
  RetourRmaListModel *self = user_data;
  g_autoptr(GError) error = NULL;

  self->load_source = 0;

  if (!retour_rma_list_model_load_more (self, &error) && error != NULL)
    set_error (self, error);

  return G_SOURCE_REMOVE;
}

/* GListModel --------------------------------------------------------------- */

static GType
retour_rma_list_model_get_item_type (GListModel *model)
{
  return RETOUR_TYPE_RMA_ITEM;
}

static guint
retour_rma_list_model_get_n_items (GListModel *model)
{
  return RETOUR_RMA_LIST_MODEL (model)->items->len;
}

static gpointer
retour_rma_list_model_get_item (GListModel *model,
                                guint       position)
{
  RetourRmaListModel *self = RETOUR_RMA_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
retour_rma_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = retour_rma_list_model_get_item_type;
  iface->get_n_items = retour_rma_list_model_get_n_items;
  iface->get_item = retour_rma_list_model_get_item;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_rma_list_model_dispose (GObject *object)
{
  RetourRmaListModel *self = RETOUR_RMA_LIST_MODEL (object);

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (retour_rma_list_model_parent_class)->dispose (object);
}

static void
retour_rma_list_model_finalize (GObject *object)
{
  RetourRmaListModel *self = RETOUR_RMA_LIST_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (retour_rma_list_model_parent_class)->finalize (object);
}

static void
retour_rma_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RetourRmaListModel *self = RETOUR_RMA_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_rma_list_model_class_init (RetourRmaListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = retour_rma_list_model_dispose;
  object_class->finalize = retour_rma_list_model_finalize;
  object_class->get_property = retour_rma_list_model_get_property;

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
retour_rma_list_model_init (RetourRmaListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->status = -1;
  self->page_size = RETOUR_RMA_LIST_MODEL_PAGE_SIZE;
}

/* API ---------------------------------------------------------------------- */

RetourRmaListModel *
retour_rma_list_model_new (RetourContext *context)
{
  RetourRmaListModel *self;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_RMA_LIST_MODEL, NULL);
  self->context = g_object_ref (context);
  self->now_us = retour_context_now (context);

  return self;
}

gboolean
retour_rma_list_model_set_query (RetourRmaListModel  *self,
                                 const char          *text,
                                 int                  status,
                                 gboolean             needing_action,
                                 GError             **error)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (status >= -1 && status < RETOUR_RMA_N_STATUSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_handle_id (&self->load_source, g_source_remove);

  g_free (self->text);
  self->text = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
  self->status = status;
  self->needing_action = needing_action;
  self->now_us = retour_context_now (self->context);

  page = read_page (self, 0, self->page_size, &local_error);
  if (page == NULL)
    page = g_ptr_array_new_with_free_func (g_object_unref);

  self->has_more = page->len == self->page_size;
  set_error (self, local_error);
  update_span (self, 0, self->items->len, page, 0, page->len);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
retour_rma_list_model_load_more (RetourRmaListModel  *self,
                                 GError             **error)
{
  g_autoptr(GPtrArray) page = NULL;
  guint position;

  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->has_more)
    return FALSE;

  page = read_page (self, last_id (self), self->page_size, error);
  if (page == NULL)
    return FALSE;

  self->has_more = page->len == self->page_size;
  position = self->items->len;
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&page));

  if (self->items->len > position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->items->len - position);

  return self->items->len > position;
}

gboolean
retour_rma_list_model_reload (RetourRmaListModel  *self,
                              GError             **error)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 old_last;
  gboolean has_more = TRUE;
  guint prefix = 0;
  guint suffix = 0;

  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->now_us = retour_context_now (self->context);

  /* Down to the oldest row loaded, page by page, so that the rows the
   * view shows stay loaded however far down they are; then no further,
   * so that the rows below line up with the ones loaded before. */
  old_last = last_id (self);
  fresh = g_ptr_array_new_with_free_func (g_object_unref);
  while (has_more &&
         (fresh->len < self->page_size ||
          retour_rma_item_get_id (g_ptr_array_index (fresh, fresh->len - 1)) > old_last))
    {
      g_autoptr(GPtrArray) page = NULL;
      gint64 before_id = 0;

      if (fresh->len > 0)
        before_id = retour_rma_item_get_id (g_ptr_array_index (fresh, fresh->len - 1));

      page = read_page (self, before_id, self->page_size, &local_error);
      if (page == NULL)
        {
          /* The rows shown stay as they were; the error says why they
           * are not up to date. */
          set_error (self, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      has_more = page->len == self->page_size;
      g_ptr_array_extend_and_steal (fresh, g_steal_pointer (&page));
    }

  for (guint i = self->page_size; old_last > 0 && i < fresh->len; i++)
    {
      if (retour_rma_item_get_id (g_ptr_array_index (fresh, i)) < old_last)
        {
          g_ptr_array_set_size (fresh, i);
          has_more = TRUE;
          break;
        }
    }

  set_error (self, NULL);

  /* Only the span between the rows that stayed the same at either end
   * changes: new returns on top are an insertion at 0, a return that left
   * a status filter a removal in the middle, an edited one a row updated
   * in place. The view keeps its place when the rows it shows are not in
   * that span. */
  while (prefix < self->items->len && prefix < fresh->len &&
         retour_rma_item_equal (g_ptr_array_index (self->items, prefix),
                                g_ptr_array_index (fresh, prefix)))
    prefix++;
  while (suffix < self->items->len - prefix && suffix < fresh->len - prefix &&
         retour_rma_item_equal (g_ptr_array_index (self->items, self->items->len - 1 - suffix),
                                g_ptr_array_index (fresh, fresh->len - 1 - suffix)))
    suffix++;

  self->has_more = has_more;
  update_span (self, prefix, self->items->len - prefix - suffix,
               fresh, prefix, fresh->len - prefix - suffix);

  return TRUE;
}

void
retour_rma_list_model_set_page_size (RetourRmaListModel *self,
                                     guint               page_size)
{
  g_return_if_fail (RETOUR_IS_RMA_LIST_MODEL (self));
  g_return_if_fail (page_size > 0);

  self->page_size = page_size;
}

guint
retour_rma_list_model_get_page_size (RetourRmaListModel *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), 0);

  return self->page_size;
}

void
retour_rma_list_model_prefetch (RetourRmaListModel *self,
                                guint               position)
{
  g_return_if_fail (RETOUR_IS_RMA_LIST_MODEL (self));

  if (!self->has_more || self->load_source != 0 || self->error != NULL ||
      position + self->page_size / 2 < self->items->len)
    return;

  /* Not from here: the view may be in the middle of a layout. And after
   * the frame under way is painted: the rows it shows are loaded. */
  self->load_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_more_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->load_source),
                            "[retour] next page of returns");
}

gboolean
retour_rma_list_model_has_more (RetourRmaListModel *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), FALSE);

  return self->has_more;
}

guint
retour_rma_list_model_find (RetourRmaListModel *self,
                            gint64              id)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->items->len; i++)
    {
      if (retour_rma_item_get_id (g_ptr_array_index (self->items, i)) == id)
        return i;
    }

  return G_MAXUINT;
}

const GError *
retour_rma_list_model_get_error (RetourRmaListModel *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), NULL);

  return self->error;
}

gint64
retour_rma_list_model_get_now (RetourRmaListModel *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LIST_MODEL (self), 0);

  return self->now_us;
}
