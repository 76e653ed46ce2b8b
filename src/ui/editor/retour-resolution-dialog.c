/* retour-resolution-dialog.c — asks what the store makes for a return's resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An exchange: the store's products, narrowed by what staff type, one
 * chosen, and what that means for the customer (they pay the difference,
 * get it back, or neither). Credit: its amount, what came back is worth
 * unless staff change it. Carry Out is possible only for a choice that
 * can be made.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "retour-resolution-dialog.h"
#include "retour-text.h"

struct _RetourResolutionDialog
{
  AdwMessageDialog  parent_instance;

  GtkBox           *box;
  GtkEditable      *search;
  GtkListBox       *list;
  GtkLabel         *difference_label;
  GtkEditable      *amount_entry;

  GPtrArray        *products;   /* RetourExchangeItem*, or NULL for credit */
  GPtrArray        *rows;       /* the check button of each product */
  RetourMoney       returned;
  GTask            *task;       /* while shown */
};

G_DEFINE_FINAL_TYPE (RetourResolutionDialog, retour_resolution_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The product chosen, or NULL. */
static RetourExchangeItem *
chosen_item (RetourResolutionDialog *self)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->rows, i)))
      return g_ptr_array_index (self->products, i);

  return NULL;
}

static gboolean
read_amount (RetourResolutionDialog *self,
             RetourMoney            *amount)
{
  return self->amount_entry != NULL &&
         retour_money_parse (gtk_editable_get_text (self->amount_entry), self->returned.currency, amount, NULL) &&
         amount->minor > 0;
}

static void
update (RetourResolutionDialog *self)
{
  RetourExchangeItem *item;
  RetourMoney amount;
  gboolean valid;

  if (self->products == NULL)
    {
      valid = read_amount (self, &amount);
      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (self->amount_entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->amount_entry), "error");
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "carry-out", valid);
      return;
    }

  item = chosen_item (self);
  valid = item != NULL;
  if (item == NULL)
    gtk_label_set_text (self->difference_label, _("Choose what the customer gets in exchange."));
  else
    {
      gint64 difference = item->unit_price.minor - self->returned.minor;
      g_autofree char *text = retour_money_format (retour_money_init (ABS (difference), self->returned.currency));
      g_autofree char *message = NULL;

      if (difference > 0)
        /* Translators: %s is an amount of money. */
        message = g_strdup_printf (_("The customer pays %s more: the store sends them an invoice."), text);
      else if (difference < 0)
        /* Translators: %s is an amount of money. */
        message = g_strdup_printf (_("The customer gets %s back, refunded as refunds are."), text);
      else
        message = g_strdup (_("Same price: nothing to pay or refund."));
      gtk_label_set_text (self->difference_label, message);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "carry-out", valid);
}

static void
search_changed_cb (RetourResolutionDialog *self)
{
  g_autofree char *text = g_utf8_casefold (gtk_editable_get_text (self->search), -1);

  /* Narrows the list; the choice stays, even when hidden. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      RetourExchangeItem *item = g_ptr_array_index (self->products, i);
      g_autofree char *title = g_utf8_casefold (item->title != NULL ? item->title : "", -1);
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (self->rows, i), GTK_TYPE_LIST_BOX_ROW);

      gtk_widget_set_visible (row, *text == '\0' || strstr (title, text) != NULL ||
                                   g_strcmp0 (item->variant_external_id, gtk_editable_get_text (self->search)) == 0);
    }
}

static void
retour_resolution_dialog_response (AdwMessageDialog *dialog,
                                   const char       *response)
{
  RetourResolutionDialog *self = RETOUR_RESOLUTION_DIALOG (dialog);
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  RetourExchangeItem *item = chosen_item (self);
  RetourMoney amount;

  if (ADW_MESSAGE_DIALOG_CLASS (retour_resolution_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (retour_resolution_dialog_parent_class)->response (dialog, response);
  if (task == NULL)
    return;

  if (g_strcmp0 (response, "carry-out") == 0 && self->products != NULL && item != NULL)
    g_task_return_pointer (task, retour_exchange_item_new (item->variant_external_id, item->title, 1,
                                                           item->unit_price),
                           (GDestroyNotify) retour_exchange_item_free);
  else if (g_strcmp0 (response, "carry-out") == 0 && self->products == NULL && read_amount (self, &amount))
    g_task_return_pointer (task, g_memdup2 (&amount, sizeof amount), g_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Nothing was carried out");
}

static void
retour_resolution_dialog_dispose (GObject *object)
{
  RetourResolutionDialog *self = RETOUR_RESOLUTION_DIALOG (object);

  /* Closed without an answer: as good as Cancel. */
  if (self->task != NULL)
    retour_resolution_dialog_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_resolution_dialog_parent_class)->dispose (object);
}

static void
retour_resolution_dialog_class_init (RetourResolutionDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = retour_resolution_dialog_dispose;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = retour_resolution_dialog_response;
}

static void
retour_resolution_dialog_init (RetourResolutionDialog *self)
{
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), GTK_WIDGET (self->box));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "carry-out", _("C_arry Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "carry-out", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "carry-out");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

static void
add_product_rows (RetourResolutionDialog *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkCheckButton *group = NULL;

  self->search = GTK_EDITABLE (gtk_search_entry_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the Store’s Products"),
                                  -1);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->box, GTK_WIDGET (self->search));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  self->rows = g_ptr_array_new ();
  for (guint i = 0; i < self->products->len; i++)
    {
      RetourExchangeItem *item = g_ptr_array_index (self->products, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *title = retour_text_for_display (item->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
      g_autofree char *price = retour_money_format (item->unit_price);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), price);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      group = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, check);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_box_append (self->box, scrolled);

  self->difference_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->difference_label, TRUE);
  gtk_label_set_xalign (self->difference_label, 0);
  gtk_box_append (self->box, GTK_WIDGET (self->difference_label));
}

void
retour_resolution_dialog_run_async (GtkWindow                  *parent,
                                    RetourStoreResolutionKind   kind,
                                    GPtrArray                  *products,
                                    RetourMoney                 returned,
                                    GCancellable               *cancellable,
                                    GAsyncReadyCallback         callback,
                                    gpointer                    user_data)
{
  RetourResolutionDialog *self;
  g_autofree char *worth = retour_money_format (returned);

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail ((kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER) == (products != NULL && products->len > 0));

  self = g_object_new (RETOUR_TYPE_RESOLUTION_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, retour_resolution_dialog_run_async);
  g_task_set_task_data (self->task, GINT_TO_POINTER (products != NULL), NULL);
  self->returned = returned;

  if (products != NULL)
    {
      self->products = g_ptr_array_ref (products);
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Exchange"));
      /* Translators: %s is an amount of money. */
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                      _("What came back is worth %s. The store makes a new order of the item chosen."),
                                      worth);
      add_product_rows (self);
    }
  else
    {
      GtkWidget *entry = gtk_entry_new ();

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                      kind == RETOUR_STORE_RESOLUTION_COUPON ? _("Coupon") : _("Gift Card"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   kind == RETOUR_STORE_RESOLUTION_COUPON
                                   ? _("The store makes a coupon for one order, for the customer’s e-mail address only.")
                                   : _("The store makes a gift card for the customer."));
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Amount of the Credit"),
                                      -1);
      gtk_widget_add_css_class (entry, "numeric");
      gtk_box_append (self->box, entry);
      self->amount_entry = GTK_EDITABLE (entry);
      gtk_editable_set_text (self->amount_entry, worth);
      g_signal_connect_object (entry, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  update (self);
  gtk_window_present (GTK_WINDOW (self));
}

gboolean
retour_resolution_dialog_run_finish (GAsyncResult         *result,
                                     RetourExchangeItem  **item,
                                     RetourMoney          *amount,
                                     GError              **error)
{
  gboolean exchange;
  gpointer answer;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_resolution_dialog_run_async, FALSE);

  exchange = GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));
  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;

  *item = NULL;
  if (exchange)
    *item = answer;
  else
    {
      *amount = *(RetourMoney *) answer;
      g_free (answer);
    }

  return TRUE;
}
