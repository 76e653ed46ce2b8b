/* retour-stock-dialog.c — finish held units, or correct a stock count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-desk.h"
#include "retour-stock-dialog.h"
#include "retour-text.h"

/* A correction larger than this is a typing mistake, not a count. */
#define MAX_CORRECTION 100000

struct _RetourStockDialog
{
  AdwWindow               parent_instance;

  /* Template widgets */
  GtkWidget              *apply_button;
  GtkLabel               *description_label;
  AdwComboRow            *bucket_row;
  AdwActionRow           *quantity_row;
  GtkSpinButton          *quantity_spin;
  GtkAdjustment          *quantity_adjustment;
  AdwEntryRow            *note_row;
  GtkLabel               *hint_label;
  GtkLabel               *problem_label;

  RetourContext          *context;
  RetourStockDialogMode   mode;
  RetourProductInventory *product;
  gboolean                touched;   /* something was typed or chosen */
};

G_DEFINE_FINAL_TYPE (RetourStockDialog, retour_stock_dialog, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The product as the dialog and its toast name it: the storefront's title
 * and SKU, a line's worth of each. */
static char *
product_name (const RetourProductInventory *product)
{
  g_autofree char *title = retour_text_for_display (product->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *sku = retour_text_for_display (product->sku, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  if (sku == NULL || *sku == '\0')
    return g_steal_pointer (&title);

  /* Translators: a product and its SKU: “Desk lamp (LMP-7)”. */
  return g_strdup_printf (_("%s (%s)"), title, sku);
}

static gint64
level_of (const RetourProductInventory *product,
          RetourStockBucket             bucket)
{
  switch (bucket)
    {
    case RETOUR_STOCK_BUCKET_HELD:
      return product->held;
    case RETOUR_STOCK_BUCKET_WRITTEN_OFF:
      return product->written_off;
    case RETOUR_STOCK_BUCKET_ON_HAND:
    default:
      return product->on_hand;
    }
}

static RetourStockBucket
selected_bucket (RetourStockDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->bucket_row);

  return selected <= RETOUR_STOCK_BUCKET_WRITTEN_OFF ? (RetourStockBucket) selected : RETOUR_STOCK_BUCKET_ON_HAND;
}

/* The quantity as typed so far: a spin button only takes in its text on
 * Enter or when it loses the focus, and the checks follow each key. */
static gint64
current_quantity (RetourStockDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->quantity_spin))));
  gint64 value;

  if (g_ascii_string_to_signed (text, 10, -MAX_CORRECTION, MAX_CORRECTION, &value, NULL))
    return value;

  return gtk_spin_button_get_value_as_int (self->quantity_spin);
}

static char *
dup_note (RetourStockDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
}

static void
show_problem (RetourStockDialog *self,
              const char        *message)
{
  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
}

/* What stands in the way of applying, as a sentence, or NULL. */
static char *
validate (RetourStockDialog *self)
{
  gint64 quantity = current_quantity (self);
  g_autofree char *note = dup_note (self);

  if (self->mode != RETOUR_STOCK_DIALOG_CORRECT)
    {
      if (quantity < 1)
        return g_strdup (_("Say how many units are done: one or more."));
      if (quantity > self->product->held)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Only %lld unit is held.",
                                             "Only %lld units are held.", (gulong) self->product->held),
                                (long long) self->product->held);
      return NULL;
    }

  if (quantity == 0)
    return g_strdup (_("Type how much the count changes: a minus sign takes units away."));

  if (level_of (self->product, selected_bucket (self)) + quantity < 0)
    {
      gint64 level = level_of (self->product, selected_bucket (self));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "There is only %lld unit there to take away.",
                                           "There are only %lld units there to take away.", (gulong) level),
                              (long long) level);
    }

  if (*note == '\0')
    return g_strdup (_("Say why in the note: a correction needs one."));

  return NULL;
}

static void
update (RetourStockDialog *self)
{
  g_autofree char *problem = validate (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.apply", problem == NULL);
  /* Nothing to correct before anything was typed. */
  show_problem (self, self->touched ? problem : NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "error");
}

static void
input_changed_cb (RetourStockDialog *self)
{
  /* The template and the setup set the fields before anyone types. */
  if (self->product == NULL)
    return;

  self->touched = self->touched || gtk_widget_get_mapped (GTK_WIDGET (self));
  update (self);
}

static void
retour_stock_dialog_apply (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  RetourStockDialog *self = RETOUR_STOCK_DIALOG (widget);
  gint64 quantity;
  g_autofree char *note = NULL;
  g_autofree char *name = product_name (self->product);
  g_autofree char *message = NULL;
  g_autofree char *problem = validate (self);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Enter in a field activates the default button even when the action
   * is off: say what is missing instead. */
  if (problem != NULL)
    {
      show_problem (self, problem);
      return;
    }

  quantity = current_quantity (self);
  note = dup_note (self);

  switch (self->mode)
    {
    case RETOUR_STOCK_DIALOG_FINISH_REPAIR:
      ok = retour_desk_finish_repair (self->context, self->product->product_id, quantity, note, &error);
      /* Translators: “2 units of Desk lamp (LMP-7) back on hand”. */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld unit of %s back on hand",
                                              "%lld units of %s back on hand", (gulong) quantity),
                                 (long long) quantity, name);
      break;

    case RETOUR_STOCK_DIALOG_WRITE_OFF:
      ok = retour_desk_write_off_held (self->context, self->product->product_id, quantity, note, &error);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld unit of %s written off",
                                              "%lld units of %s written off", (gulong) quantity),
                                 (long long) quantity, name);
      break;

    case RETOUR_STOCK_DIALOG_CORRECT:
    default:
      ok = retour_desk_correct_stock (self->context, self->product->product_id, selected_bucket (self),
                                      quantity, note, &error);
      /* Translators: “Desk lamp (LMP-7): On hand corrected by -2”. */
      message = g_strdup_printf (_("%s: %s corrected by %+lld"), name,
                                 retour_stock_bucket_get_label (selected_bucket (self)), (long long) quantity);
      break;
    }

  if (!ok)
    {
      /* Everything typed stays; the reason is said where it was typed. */
      show_problem (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
      return;
    }

  g_signal_emit (self, signals[APPLIED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
setup_mode (RetourStockDialog *self)
{
  g_autofree char *name = product_name (self->product);
  g_autofree char *description = NULL;
  g_autoptr(GtkStringList) buckets = gtk_string_list_new (NULL);
  gint64 held = self->product->held;

  for (guint i = RETOUR_STOCK_BUCKET_ON_HAND; i <= RETOUR_STOCK_BUCKET_WRITTEN_OFF; i++)
    {
      g_autofree char *item = g_strdup_printf ("%s (%'" G_GINT64_FORMAT ")",
                                               retour_stock_bucket_get_label (i), level_of (self->product, i));

      gtk_string_list_append (buckets, item);
    }
  adw_combo_row_set_model (self->bucket_row, G_LIST_MODEL (buckets));

  switch (self->mode)
    {
    case RETOUR_STOCK_DIALOG_FINISH_REPAIR:
      gtk_window_set_title (GTK_WINDOW (self), _("Finish Repair"));
      gtk_button_set_label (GTK_BUTTON (self->apply_button), _("_Back on Hand"));
      gtk_widget_add_css_class (self->apply_button, "suggested-action");
      /* Translators: “3 units of Desk lamp (LMP-7) are held for repair or refurbishment.” */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%lld unit of %s is held for repair or refurbishment. How many are done and can be sold again?",
                                                  "%lld units of %s are held for repair or refurbishment. How many are done and can be sold again?",
                                                  (gulong) held),
                                     (long long) held, name);
      gtk_label_set_text (self->hint_label, _("They move from held to on hand; the ledger keeps both steps."));
      break;

    case RETOUR_STOCK_DIALOG_WRITE_OFF:
      gtk_window_set_title (GTK_WINDOW (self), _("Write Off"));
      gtk_button_set_label (GTK_BUTTON (self->apply_button), _("_Write Off"));
      gtk_widget_add_css_class (self->apply_button, "destructive-action");
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%lld unit of %s is held for repair or refurbishment. How many cannot be saved?",
                                                  "%lld units of %s are held for repair or refurbishment. How many cannot be saved?",
                                                  (gulong) held),
                                     (long long) held, name);
      gtk_label_set_text (self->hint_label, _("They move from held to written off: recycled, scrapped or sent back to the vendor."));
      break;

    case RETOUR_STOCK_DIALOG_CORRECT:
    default:
      gtk_window_set_title (GTK_WINDOW (self), _("Correct Stock"));
      gtk_button_set_label (GTK_BUTTON (self->apply_button), _("C_orrect"));
      gtk_widget_add_css_class (self->apply_button, "suggested-action");
      description = g_strdup_printf (_("Correct the count of %s after counting it, or to put a mistake right."), name);
      gtk_label_set_text (self->hint_label,
                          _("A correction is a new line in the ledger, with your name and the note; the past is never changed."));
      gtk_widget_set_visible (GTK_WIDGET (self->bucket_row), TRUE);
      break;
    }

  gtk_label_set_text (self->description_label, description);

  if (self->mode == RETOUR_STOCK_DIALOG_CORRECT)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->quantity_row), _("_Change"));
      adw_action_row_set_subtitle (self->quantity_row, _("Units to add, or to take away with a minus sign"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), _("_Why (required)"));
      gtk_adjustment_configure (self->quantity_adjustment, 0, -MAX_CORRECTION, MAX_CORRECTION, 1, 10, 0);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->quantity_row), _("_Units"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), _("_Note (optional)"));
      gtk_adjustment_configure (self->quantity_adjustment, MIN (held, 1), MIN (held, 1), MAX (held, 1), 1, 10, 0);
    }
}

static void
retour_stock_dialog_dispose (GObject *object)
{
  RetourStockDialog *self = RETOUR_STOCK_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->product, retour_product_inventory_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_STOCK_DIALOG);

  G_OBJECT_CLASS (retour_stock_dialog_parent_class)->dispose (object);
}

static void
retour_stock_dialog_class_init (RetourStockDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_stock_dialog_dispose;

  signals[APPLIED] = g_signal_new ("applied",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-stock-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, bucket_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, quantity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, RetourStockDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);

  gtk_widget_class_install_action (widget_class, "stock.apply", NULL, retour_stock_dialog_apply);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_stock_dialog_init (RetourStockDialog *self)
{
  GtkEditable *text;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter in the quantity applies, as it does in the note (GTK 4.8's
   * spin button has no property for it; its text field has). */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->quantity_spin));
  if (GTK_IS_TEXT (text))
    gtk_text_set_activates_default (GTK_TEXT (text), TRUE);
}

RetourStockDialog *
retour_stock_dialog_new (GtkWindow                    *parent,
                         RetourContext                *context,
                         RetourStockDialogMode         mode,
                         const RetourProductInventory *product)
{
  RetourStockDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (product != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_STOCK_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->mode = mode;
  self->product = retour_product_inventory_copy (product);

  setup_mode (self);
  update (self);

  /* The field that needs typing first. */
  gtk_widget_grab_focus (GTK_WIDGET (self->quantity_spin));

  return self;
}
