/* retour-product-table.c — every product with its stock and returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-inventory-cells.h"
#include "retour-list-cell.h"
#include "retour-product-table.h"
#include "retour-record-item.h"
#include "retour-text.h"

struct _RetourProductTable
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkColumnView      *view;
  GtkSpinner         *loading_spinner;
  AdwStatusPage      *error_page;

  GListStore         *products;          /* RetourRecordItem of RetourProductInventory */
  GtkCustomFilter    *filter;
  GHashTable         *search_ids;        /* product ids found, or NULL: all */
  GtkSingleSelection *selection;
  gint64              selected_id;       /* 0: none */
  gboolean            restoring_selection;
  GPtrArray          *narrow_columns;    /* hidden when compact */

  gboolean            loaded;
  GError             *error;
};

G_DEFINE_FINAL_TYPE (RetourProductTable, retour_product_table, ADW_TYPE_BIN)

enum {
  SELECTION_CHANGED,
  PRODUCT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define PRODUCT(item) ((const RetourProductInventory *) retour_record_item_get ((RetourRecordItem *) (item), \
                                                                                 RETOUR_TYPE_PRODUCT_INVENTORY))

/* What the table shows ---------------------------------------------------------- */

static void
update_stack (RetourProductTable *self)
{
  const char *name;

  if (self->error != NULL)
    {
      g_autofree char *description = g_markup_escape_text (self->error->message, -1);

      adw_status_page_set_description (self->error_page, description);
      name = "error";
    }
  else if (!self->loaded)
    name = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    name = "list";
  else if (self->search_ids != NULL)
    name = "no-matches";
  else
    name = "empty";

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
}

/* Puts the selection back on the product it was on. */
static void
restore_selection (RetourProductTable *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->selected_id != 0 && i < g_list_model_get_n_items (model); i++)
    {
      const RetourProductInventory *product = retour_record_item_get_at (model, i, RETOUR_TYPE_PRODUCT_INVENTORY);

      if (product->product_id == self->selected_id)
        {
          position = i;
          break;
        }
    }

  self->restoring_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->restoring_selection = FALSE;
}

static void
selection_changed_cb (RetourProductTable *self)
{
  const RetourProductInventory *product;

  if (self->restoring_selection)
    return;

  product = retour_product_table_get_selected (self);
  self->selected_id = product != NULL ? product->product_id : 0;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
activate_cb (RetourProductTable *self,
             guint               position)
{
  g_signal_emit (self, signals[PRODUCT_ACTIVATED], 0);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RetourProductTable *self = user_data;
  const RetourProductInventory *product = PRODUCT (item);

  return self->search_ids == NULL ||
         (product != NULL && g_hash_table_contains (self->search_ids, &product->product_id));
}

/* Sorting -------------------------------------------------------------------------- */

static int
order_of (double u,
          double v)
{
  return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* By the gint64 figure at the offset @user_data. */
static int
compare_figures (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  gsize offset = GPOINTER_TO_SIZE (user_data);
  gint64 u = G_STRUCT_MEMBER (gint64, PRODUCT (a), offset);
  gint64 v = G_STRUCT_MEMBER (gint64, PRODUCT (b), offset);

  return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const RetourProductInventory *x = PRODUCT (a);
  const RetourProductInventory *y = PRODUCT (b);
  int order = g_utf8_collate (x->title, y->title);

  if (order == 0)
    order = g_strcmp0 (x->sku, y->sku);

  return order_of (order, 0);
}

static int
compare_rates (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const RetourProductInventory *x = PRODUCT (a);
  const RetourProductInventory *y = PRODUCT (b);

  return order_of (retour_inventory_return_rate (x->returned_of_sold, x->sold),
                   retour_inventory_return_rate (y->returned_of_sold, y->sold));
}

/* Most came back first, then by name. */
static int
compare_came_back (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  gint64 x = PRODUCT (a)->came_back;
  gint64 y = PRODUCT (b)->came_back;

  if (x != y)
    return x > y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  return compare_titles (a, b, NULL);
}

/* Columns ------------------------------------------------------------------------- */

static void
bind_product (GtkWidget     *cell,
              gconstpointer  record,
              gpointer       user_data)
{
  const RetourProductInventory *product = record;
  GtkWidget *title = gtk_widget_get_first_child (cell);

  retour_list_cell_set_text (title, product->title);
  retour_list_cell_set_text (gtk_widget_get_next_sibling (title), product->sku);
}

/* The gint64 figure at the offset @user_data. */
static void
bind_figure (GtkWidget     *cell,
             gconstpointer  record,
             gpointer       user_data)
{
  retour_inventory_cell_set_number (cell, G_STRUCT_MEMBER (gint64, record, GPOINTER_TO_SIZE (user_data)));
}

static void
bind_rate (GtkWidget     *cell,
           gconstpointer  record,
           gpointer       user_data)
{
  const RetourProductInventory *product = record;
  g_autofree char *rate = retour_inventory_format_rate (product->returned_of_sold, product->sold);
  g_autofree char *returned = retour_inventory_format_count (product->returned_of_sold);
  g_autofree char *sold = retour_inventory_format_count (product->sold);
  g_autofree char *tooltip = g_strdup_printf (_("%s asked back of %s sold"), returned, sold);

  retour_list_cell_set_text (cell, rate);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

/* The first reason, with every one on hover. */
static void
bind_reason (GtkWidget     *cell,
             gconstpointer  record,
             gpointer       user_data)
{
  const RetourProductInventory *product = record;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *tooltip = NULL;

  if (product->n_top_reasons == 0)
    {
      retour_list_cell_set_text (cell, "—");
      gtk_widget_set_tooltip_text (cell, NULL);
      return;
    }

  for (guint i = 0; i < product->n_top_reasons; i++)
    {
      g_autofree char *units = retour_inventory_format_count (product->top_reasons[i].units);

      /* Translators: a reason and how many units were returned for it. */
      g_string_append_printf (all, _("%s (%s)"), product->top_reasons[i].label, units);
      if (i == 0)
        first = g_strdup (all->str);
      if (i + 1 < product->n_top_reasons)
        g_string_append_c (all, '\n');
    }

  retour_list_cell_set_text (cell, first);
  tooltip = retour_text_for_display (all->str, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

/* @narrow: hidden when compact. */
static void
add_column (RetourProductTable *self,
            const char         *title,
            RetourCellKind      kind,
            RetourCellBindFunc  bind,
            gpointer            bind_data,
            GtkSorter          *sorter,
            gboolean            expand,
            gboolean            narrow)
{
  GtkColumnViewColumn *column = retour_inventory_column_add (self->view, title, RETOUR_TYPE_PRODUCT_INVENTORY, kind,
                                                             bind, bind_data, sorter, expand);

  if (narrow)
    g_ptr_array_add (self->narrow_columns, column);
}

/* A column of the gint64 figure at @offset, sorted by it. */
static void
add_figure_column (RetourProductTable *self,
                   const char         *title,
                   gsize               offset,
                   gboolean            narrow)
{
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_figures, GSIZE_TO_POINTER (offset), NULL));

  add_column (self, title, RETOUR_CELL_NUMBER, bind_figure, GSIZE_TO_POINTER (offset), sorter, FALSE, narrow);
}

#define FIGURE(field) G_STRUCT_OFFSET (RetourProductInventory, field)

static void
add_columns (RetourProductTable *self)
{
  add_column (self, C_("column", "Product"), RETOUR_CELL_PRODUCT, bind_product, NULL,
              GTK_SORTER (gtk_custom_sorter_new (compare_titles, NULL, NULL)), TRUE, FALSE);
  add_figure_column (self, C_("column", "On Hand"), FIGURE (on_hand), FALSE);
  /* A narrow window keeps what a shop asks first, with whole headers:
   * how many are here, and how many come back. */
  add_figure_column (self, C_("column", "Expected"), FIGURE (expected_back), TRUE);
  add_figure_column (self, C_("column", "To Inspect"), FIGURE (awaiting_inspection), TRUE);
  add_figure_column (self, C_("column", "Restocked"), FIGURE (restocked), TRUE);
  add_figure_column (self, C_("column", "Held"), FIGURE (held), TRUE);
  add_figure_column (self, C_("column", "Written Off"), FIGURE (written_off_in), TRUE);
  add_column (self, C_("column", "Return Rate"), RETOUR_CELL_RATE, bind_rate, NULL,
              GTK_SORTER (gtk_custom_sorter_new (compare_rates, NULL, NULL)), FALSE, FALSE);
  add_column (self, C_("column", "Top Reason"), RETOUR_CELL_TEXT, bind_reason, NULL, NULL, FALSE, TRUE);
}

/* GObject -------------------------------------------------------------------------- */

static void
retour_product_table_dispose (GObject *object)
{
  RetourProductTable *self = RETOUR_PRODUCT_TABLE (object);

  /* The view lets go of the model before the model goes. */
  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->products);
  g_clear_pointer (&self->narrow_columns, g_ptr_array_unref);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_PRODUCT_TABLE);

  G_OBJECT_CLASS (retour_product_table_parent_class)->dispose (object);
}

static void
retour_product_table_finalize (GObject *object)
{
  RetourProductTable *self = RETOUR_PRODUCT_TABLE (object);

  g_clear_pointer (&self->search_ids, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (retour_product_table_parent_class)->finalize (object);
}

static void
retour_product_table_class_init (RetourProductTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_product_table_dispose;
  object_class->finalize = retour_product_table_finalize;

  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed",
                                             G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
  signals[PRODUCT_ACTIVATED] = g_signal_new ("product-activated",
                                             G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-product-table.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourProductTable, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourProductTable, view);
  gtk_widget_class_bind_template_child (widget_class, RetourProductTable, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourProductTable, error_page);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
retour_product_table_init (RetourProductTable *self)
{
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkMultiSorter *sorter;

  self->narrow_columns = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Searched by the store, sorted by the column headers. */
  self->products = g_list_store_new (RETOUR_TYPE_RECORD_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->products)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  add_columns (self);
  /* The column clicked decides; until one is, what came back most
   * comes first: where to look. */
  sorter = gtk_multi_sorter_new ();
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->view)));
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (compare_came_back, NULL, NULL)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));

  update_stack (self);
}

void
retour_product_table_set_products (RetourProductTable *self,
                                   GPtrArray          *products)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_TABLE (self));
  g_return_if_fail (products != NULL);

  /* The rows are swapped in place: the sorting, the scroll position and
   * the selection (by product) stay. */
  self->restoring_selection = TRUE;
  retour_record_item_store_splice (self->products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->products)),
                                   RETOUR_TYPE_PRODUCT_INVENTORY, products);
  self->restoring_selection = FALSE;
  restore_selection (self);

  self->loaded = TRUE;
  g_clear_error (&self->error);
  update_stack (self);
}

void
retour_product_table_clear (RetourProductTable *self)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_TABLE (self));

  self->selected_id = 0;
  self->loaded = FALSE;
  g_list_store_remove_all (self->products);
  update_stack (self);
}

void
retour_product_table_set_error (RetourProductTable *self,
                                const GError       *error)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_TABLE (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  update_stack (self);
}

void
retour_product_table_set_search (RetourProductTable *self,
                                 GHashTable         *product_ids)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_TABLE (self));

  g_clear_pointer (&self->search_ids, g_hash_table_unref);
  self->search_ids = product_ids;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  restore_selection (self);
  update_stack (self);
}

const RetourProductInventory *
retour_product_table_get_selected (RetourProductTable *self)
{
  RetourRecordItem *item;

  g_return_val_if_fail (RETOUR_IS_PRODUCT_TABLE (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? PRODUCT (item) : NULL;
}

void
retour_product_table_select (RetourProductTable *self,
                             gint64              product_id)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_TABLE (self));

  self->selected_id = product_id;
  restore_selection (self);
}

void
retour_product_table_set_compact (RetourProductTable *self,
                                  gboolean            compact)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_TABLE (self));

  for (guint i = 0; i < self->narrow_columns->len; i++)
    gtk_column_view_column_set_visible (g_ptr_array_index (self->narrow_columns, i), !compact);
}

GtkWidget *
retour_product_table_get_view (RetourProductTable *self)
{
  g_return_val_if_fail (RETOUR_IS_PRODUCT_TABLE (self), NULL);

  return GTK_WIDGET (self->view);
}
