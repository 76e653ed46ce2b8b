/* retour-product-ledger.c — one product: its stock, what can be done
 * with it, its ledger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-inventory-cells.h"
#include "retour-list-cell.h"
#include "retour-product-ledger.h"
#include "retour-record-item.h"
#include "retour-stock-store.h"
#include "retour-text.h"
#include "retour-toast.h"

/* Ledger rows read at a time, as the list is scrolled down. */
#define LEDGER_PAGE 100

struct _RetourProductLedger
{
  AdwBin                  parent_instance;

  /* Template widgets */
  GtkStack               *stack;
  GtkWidget              *back_button;
  GtkLabel               *title_label;
  GtkLabel               *sku_label;
  GtkLabel               *levels_label;
  GtkLabel               *period_label;
  GtkLabel               *reasons_label;
  GtkFlowBox             *held_actions;
  GtkStack               *ledger_stack;
  GtkColumnView          *view;

  RetourContext          *context;
  RetourProductInventory *product;      /* NULL: none */
  GListStore             *ledger;       /* RetourRecordItem of RetourStockMovement */
  gboolean                complete;     /* every movement is read */
};

G_DEFINE_FINAL_TYPE (RetourProductLedger, retour_product_ledger, ADW_TYPE_BIN)

/* Reading ------------------------------------------------------------------------ */

static void
load_page (RetourProductLedger *self)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before_id = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ledger));

  if (self->context == NULL || self->product == NULL || self->complete)
    return;

  if (n > 0)
    before_id = ((const RetourStockMovement *) retour_record_item_get_at (G_LIST_MODEL (self->ledger), n - 1,
                                                                            RETOUR_TYPE_STOCK_MOVEMENT))->id;

  page = retour_stock_store_list_ledger (retour_context_get_database (self->context), self->product->product_id,
                                         before_id, LEDGER_PAGE, &error);
  if (page == NULL)
    {
      retour_toast_show (GTK_WIDGET (self), error->message, RETOUR_TOAST_STAYS);
      self->complete = TRUE;
      return;
    }

  self->complete = page->len < LEDGER_PAGE;
  retour_record_item_store_splice (self->ledger, n, 0, RETOUR_TYPE_STOCK_MOVEMENT, page);
}

static void
edge_reached_cb (RetourProductLedger *self,
                 GtkPositionType      position)
{
  if (position == GTK_POS_BOTTOM)
    load_page (self);
}

/* A label of one line, with the whole text on hover. */
static void
set_line (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
show_figures (RetourProductLedger *self)
{
  const RetourProductInventory *product = self->product;
  g_autofree char *title = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *on_hand = retour_inventory_format_count (product->on_hand);
  g_autofree char *held = retour_inventory_format_count (product->held);
  g_autofree char *written_off = retour_inventory_format_count (product->written_off);
  g_autofree char *came_back = retour_inventory_format_count (product->came_back);
  g_autofree char *restocked = retour_inventory_format_count (product->restocked);
  g_autofree char *written_off_in = retour_inventory_format_count (product->written_off_in);
  g_autofree char *levels = NULL;
  g_autofree char *period = NULL;
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *reasons_shown = NULL;

  /* One line each, with the whole text on hover: the header then has
   * the same height at any width, which its scrolled window relies on.
   * "Whole" up to a line's worth: the storefront's titles have no end. */
  title = retour_text_for_display (product->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  sku = retour_text_for_display (product->sku != NULL ? product->sku : "", RETOUR_TEXT_MAX_LINE,
                                 RETOUR_TEXT_ONE_LINE);
  set_line (self->title_label, title);
  gtk_label_set_text (self->sku_label, sku);
  gtk_widget_set_visible (GTK_WIDGET (self->sku_label), *sku != '\0');

  /* Translators: a product's stock now: “On hand 22 · Held 1 · Written off 3”. */
  levels = g_strdup_printf (_("On hand %s · Held %s · Written off %s"), on_hand, held, written_off);
  set_line (self->levels_label, levels);

  /* Translators: what happened to a product in the chosen period. */
  period = g_strdup_printf (_("In the period: %s came back, %s back on the shelf, %s written off"),
                            came_back, restocked, written_off_in);
  set_line (self->period_label, period);

  /* The reasons one to a line, most first. */
  for (guint i = 0; i < product->n_top_reasons; i++)
    {
      g_autofree char *units = retour_inventory_format_count (product->top_reasons[i].units);

      if (i > 0)
        g_string_append_c (reasons, '\n');
      /* Translators: units returned for a reason: “6 × Not as described”. */
      g_string_append_printf (reasons, _("%s × %s"), units, product->top_reasons[i].label);
    }
  /* The shop names its reasons, at any length. */
  reasons_shown = retour_text_for_display (reasons->str, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  set_line (self->reasons_label, reasons_shown);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), reasons->len > 0);
}

/* The ledger's columns ------------------------------------------------------------ */

#define MOVEMENT(record) ((const RetourStockMovement *) (record))

static void
bind_date (GtkWidget     *cell,
           gconstpointer  record,
           gpointer       user_data)
{
  RetourProductLedger *self = user_data;
  GTimeZone *tz = retour_context_get_time_zone (self->context);
  g_autofree char *date = retour_inventory_format_local (tz, MOVEMENT (record)->created_us, "%x");
  g_autofree char *time = retour_inventory_format_local (tz, MOVEMENT (record)->created_us, "%x %X");

  retour_list_cell_set_text (cell, date);
  gtk_widget_set_tooltip_text (cell, time);
}

static void
bind_change (GtkWidget     *cell,
             gconstpointer  record,
             gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%+'" G_GINT64_FORMAT, MOVEMENT (record)->delta);

  retour_list_cell_set_text (cell, text);
}

/* The cause over the stock it moved, with who and why on hover. */
static void
bind_movement (GtkWidget     *cell,
               gconstpointer  record,
               gpointer       user_data)
{
  const RetourStockMovement *movement = record;
  GtkWidget *cause = gtk_widget_get_first_child (cell);
  GtkWidget *bucket = gtk_widget_get_next_sibling (cause);
  const char *cause_label = retour_stock_cause_get_label (movement->cause);
  const char *bucket_label = retour_stock_bucket_get_label (movement->bucket);
  /* Typed by people, any length. */
  g_autofree char *actor = retour_text_for_display (movement->actor != NULL ? movement->actor : "",
                                                    RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *note = retour_text_for_display (movement->note, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  g_autofree char *tooltip = NULL;

  retour_list_cell_set_text (cause, cause_label);
  retour_list_cell_set_text (bucket, bucket_label);
  /* "Written off" into written off needs saying once. */
  gtk_widget_set_visible (bucket, g_strcmp0 (cause_label, bucket_label) != 0);
  if (note != NULL && *note != '\0')
    /* Translators: who made a stock movement, and their note. */
    tooltip = g_strdup_printf (_("%s: %s"), actor, note);
  else
    tooltip = g_strdup (actor);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

static void
bind_return (GtkWidget     *cell,
             gconstpointer  record,
             gpointer       user_data)
{
  retour_inventory_cell_set_return (cell, MOVEMENT (record)->rma_id, MOVEMENT (record)->rma_number);
}

static void
add_columns (RetourProductLedger *self)
{
  GType type = RETOUR_TYPE_STOCK_MOVEMENT;
  GtkColumnView *view = self->view;

  retour_inventory_column_add (view, C_("column", "Date"), type, RETOUR_CELL_TEXT, bind_date, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Change"), type, RETOUR_CELL_NUMBER, bind_change, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Movement"), type, RETOUR_CELL_TWO_LINES, bind_movement, self, NULL,
                               TRUE);
  retour_inventory_column_add (view, C_("column", "Return"), type, RETOUR_CELL_RETURN, bind_return, self, NULL, FALSE);
}

/* GObject ------------------------------------------------------------------------- */

static void
retour_product_ledger_dispose (GObject *object)
{
  RetourProductLedger *self = RETOUR_PRODUCT_LEDGER (object);

  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  g_clear_object (&self->ledger);
  g_clear_object (&self->context);
  g_clear_pointer (&self->product, retour_product_inventory_free);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_PRODUCT_LEDGER);

  G_OBJECT_CLASS (retour_product_ledger_parent_class)->dispose (object);
}

static void
retour_product_ledger_class_init (RetourProductLedgerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = retour_product_ledger_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-product-ledger.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, back_button);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, title_label);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, sku_label);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, levels_label);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, period_label);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, held_actions);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, ledger_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourProductLedger, view);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);
}

static void
retour_product_ledger_init (RetourProductLedger *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The buttons take the keyboard, not the places they sit in. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->held_actions));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  self->ledger = g_list_store_new (RETOUR_TYPE_RECORD_ITEM);
  add_columns (self);
  gtk_column_view_set_model (self->view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->ledger)))));
}

void
retour_product_ledger_set_context (RetourProductLedger *self,
                                   RetourContext       *context)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_LEDGER (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

void
retour_product_ledger_set_product (RetourProductLedger          *self,
                                   const RetourProductInventory *product)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_LEDGER (self));

  g_clear_pointer (&self->product, retour_product_inventory_free);
  /* The ledger is read again: a movement may have been added. */
  self->complete = FALSE;
  g_list_store_remove_all (self->ledger);

  if (product == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->product = retour_product_inventory_copy (product);
  show_figures (self);
  load_page (self);

  gtk_stack_set_visible_child_name (self->ledger_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->ledger)) > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->stack, "product");
}

const RetourProductInventory *
retour_product_ledger_get_product (RetourProductLedger *self)
{
  g_return_val_if_fail (RETOUR_IS_PRODUCT_LEDGER (self), NULL);

  return self->product;
}

static void
stock_applied_cb (RetourStockDialog   *dialog,
                  const char          *message,
                  RetourProductLedger *self)
{
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);
}

void
retour_product_ledger_change_stock (RetourProductLedger   *self,
                                    RetourStockDialogMode  mode)
{
  RetourStockDialog *dialog;

  g_return_if_fail (RETOUR_IS_PRODUCT_LEDGER (self));

  if (self->product == NULL || self->context == NULL)
    return;

  dialog = retour_stock_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->context, mode,
                                    self->product);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (stock_applied_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
retour_product_ledger_set_show_back (RetourProductLedger *self,
                                     gboolean             show_back)
{
  g_return_if_fail (RETOUR_IS_PRODUCT_LEDGER (self));

  gtk_widget_set_visible (self->back_button, show_back);
}
