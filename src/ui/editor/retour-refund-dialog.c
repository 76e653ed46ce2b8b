/* retour-refund-dialog.c — asks how much to refund, and to whom.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The amount due is offered and may be lowered or raised (the ledger
 * refuses more than is due); what is typed is parsed in the return's
 * currency, and Record is only possible for an amount above zero.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-refund-dialog.h"

struct _RetourRefundDialog
{
  AdwMessageDialog  parent_instance;

  GtkEditable      *entry;
  char              currency[4];
  GTask            *task;   /* while shown */
};

G_DEFINE_FINAL_TYPE (RetourRefundDialog, retour_refund_dialog, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
read_amount (RetourRefundDialog *self,
             RetourMoney        *amount)
{
  return retour_money_parse (gtk_editable_get_text (self->entry), self->currency, amount, NULL) &&
         amount->minor > 0;
}

static void
amount_changed_cb (RetourRefundDialog *self)
{
  RetourMoney amount;
  gboolean valid = read_amount (self, &amount);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "record", valid);
}

static void
retour_refund_dialog_response (AdwMessageDialog *dialog,
                               const char       *response)
{
  RetourRefundDialog *self = RETOUR_REFUND_DIALOG (dialog);
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  RetourMoney amount;

  if (ADW_MESSAGE_DIALOG_CLASS (retour_refund_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (retour_refund_dialog_parent_class)->response (dialog, response);

  if (task == NULL)
    return;

  if (g_strcmp0 (response, "record") == 0 && read_amount (self, &amount))
    g_task_return_pointer (task, g_memdup2 (&amount, sizeof amount), g_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "No refund was recorded");
}

static void
retour_refund_dialog_dispose (GObject *object)
{
  RetourRefundDialog *self = RETOUR_REFUND_DIALOG (object);

  /* Closed without an answer: as good as Cancel. */
  if (self->task != NULL)
    retour_refund_dialog_response (ADW_MESSAGE_DIALOG (self), "cancel");

  G_OBJECT_CLASS (retour_refund_dialog_parent_class)->dispose (object);
}

static void
retour_refund_dialog_class_init (RetourRefundDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = retour_refund_dialog_dispose;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = retour_refund_dialog_response;
}

static void
retour_refund_dialog_init (RetourRefundDialog *self)
{
  GtkWidget *entry = gtk_entry_new ();

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Record Refund?"));

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Amount to Refund"),
                                  -1);
  gtk_widget_add_css_class (entry, "numeric");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), entry);
  self->entry = GTK_EDITABLE (entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (amount_changed_cb), self, G_CONNECT_SWAPPED);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record Refund"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

void
retour_refund_dialog_run_async (GtkWindow           *parent,
                                RetourMoney          due,
                                const char          *customer_name,
                                RetourRefundMethod   method,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RetourRefundDialog *self;
  g_autofree char *amount = retour_money_format (due);
  /* A name as the storefront sent it: a line's worth. */
  g_autofree char *name = retour_text_for_display (customer_name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  self = g_object_new (RETOUR_TYPE_REFUND_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, retour_refund_dialog_run_async);
  g_strlcpy (self->currency, due.currency, sizeof self->currency);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  /* Translators: an amount of money, a customer's
                                   * name and a way of paying ("Bank transfer"). */
                                  _("Record a refund of %s to %s by %s?"),
                                  amount,
                                  name != NULL ? name : _("the customer"),
                                  retour_refund_method_get_label (method));
  gtk_editable_set_text (self->entry, amount);

  gtk_window_present (GTK_WINDOW (self));
}

gboolean
retour_refund_dialog_run_finish (GAsyncResult  *result,
                                 RetourMoney   *amount,
                                 GError       **error)
{
  g_autofree RetourMoney *chosen = NULL;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_refund_dialog_run_async, FALSE);

  chosen = g_task_propagate_pointer (G_TASK (result), error);
  if (chosen == NULL)
    return FALSE;

  *amount = *chosen;
  return TRUE;
}
