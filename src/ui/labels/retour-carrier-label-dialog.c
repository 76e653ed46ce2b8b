/* retour-carrier-label-dialog.c — a return's prepaid carrier label:
 * bought, previewed, printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-carrier-keys.h"
#include "retour-carrier-label-dialog.h"
#include "retour-desk-carrier.h"
#include "retour-label-document.h"
#include "retour-label-view.h"
#include "retour-rma-number.h"
#include "retour-rma-store.h"

struct _RetourCarrierLabelDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *working_page;
  AdwStatusPage        *error_page;
  RetourLabelView      *view;

  RetourContext        *context;
  gint64                rma_id;
  RetourHttp           *http;
  RetourCarrier        *carrier;
  RetourCarrierRecord  *label;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (RetourCarrierLabelDialog, retour_carrier_label_dialog, ADW_TYPE_WINDOW)

static const char *
tracking_state_label (const char *state)
{
  if (g_strcmp0 (state, "in-transit") == 0)
    return _("In transit");
  if (g_strcmp0 (state, "delivered") == 0)
    return _("Delivered");
  if (g_strcmp0 (state, "exception") == 0)
    return _("Carrier exception");
  return _("Not handed in yet");
}

static void
show_error (RetourCarrierLabelDialog *self,
            const GError             *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "carrier-label.retry", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "carrier-label.print", FALSE);
}

static void
show_label (RetourCarrierLabelDialog *self,
            RetourCarrierRecord      *label)
{
  const RetourCarrierInfo *info = retour_carrier_find_info (label->carrier);
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->label, retour_carrier_record_free);
  self->label = label;

  /* Translators: "PostNL · 3SRTRN000001001 · In transit" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), info != NULL ? info->name : label->carrier,
                              label->tracking_number, tracking_state_label (label->tracking_state));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  if (label->pdf == NULL)
    {
      g_set_error_literal (&error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                           _("The parcel’s tracking number was typed in: there is no label to show."));
      show_error (self, error);
      return;
    }
  if (!retour_label_view_set_pdf (self->view, label->pdf, &error))
    {
      show_error (self, error);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "carrier-label.print", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "carrier-label.retry", FALSE);
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RetourCarrierLabelDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  RetourCarrierRecord *label;

  label = retour_desk_create_carrier_label_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (label == NULL)
    show_error (self, error);
  else
    show_label (self, label);
}

static void
buy (RetourCarrierLabelDialog *self)
{
  const RetourCarrierInfo *info = retour_carrier_get_info (self->carrier);
  g_autofree char *title = g_strdup_printf (_("Asking %s for a Label…"), info->name);

  adw_status_page_set_title (self->working_page, title);
  retour_desk_create_carrier_label_async (self->context, self->carrier, self->rma_id, self->cancellable,
                                          on_created, g_object_ref (self));
}

/* The keyring answers on a worker thread: the Secret Service may take a
 * moment, or ask to be unlocked. */
static void
lookup_keys_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RetourCarrierAccount *account = task_data;
  GError *error = NULL;

  if (retour_carrier_keys_lookup_sync (account, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_keys (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RetourCarrierLabelDialog *self = RETOUR_CARRIER_LABEL_DIALOG (object);
  RetourCarrierAccount *account = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      (self->carrier = retour_carrier_new (self->http, account, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  buy (self);
}

static void
start (RetourCarrierLabelDialog *self)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  g_autoptr(RetourCarrierRecord) existing = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *carrier_id = NULL;
  g_autoptr(GTask) task = NULL;
  RetourCarrierAccount *account;

  gtk_stack_set_visible_child_name (self->stack, "working");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "carrier-label.retry", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "carrier-label.print", FALSE);

  if (self->carrier != NULL)
    {
      buy (self);
      return;
    }

  /* A label bought already is shown as it is: no keys needed. */
  existing = retour_carrier_store_get_live (db, self->rma_id, &error);
  if (existing != NULL && existing->state != RETOUR_CARRIER_LABEL_REQUESTED)
    {
      show_label (self, g_steal_pointer (&existing));
      return;
    }

  rma = error == NULL ? retour_rma_store_load (db, self->rma_id, &error) : NULL;
  if (rma != NULL)
    carrier_id = retour_desk_carrier_for_return (self->context, rma, &error);
  /* Not set up: the keyring has nothing to say. */
  if (carrier_id != NULL && retour_carrier_find_info (carrier_id) != NULL &&
      !retour_carrier_account_is_set_up (db, carrier_id))
    g_set_error (&error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                 /* Translators: %s is a carrier ("PostNL"). */
                 _("The shop has no %s account yet: set it up in the preferences, or choose another carrier."),
                 retour_carrier_find_info (carrier_id)->name);
  account = carrier_id != NULL && error == NULL ? retour_carrier_account_load_settings (db, carrier_id, &error) : NULL;
  if (account == NULL)
    {
      show_error (self, error);
      return;
    }

  task = g_task_new (self, self->cancellable, on_keys, NULL);
  g_task_set_task_data (task, account, (GDestroyNotify) retour_carrier_account_free);
  g_task_run_in_thread (task, lookup_keys_thread);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start (RETOUR_CARRIER_LABEL_DIALOG (widget));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           user_data)
{
  retour_label_document_draw_page (user_data, page_nr, gtk_print_context_get_cairo_context (context), TRUE);
}

static void
unref_document (gpointer  data,
                GClosure *closure)
{
  g_object_unref (data);
}

GtkPrintOperation *
retour_carrier_label_dialog_create_print_operation (RetourCarrierLabelDialog *self)
{
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autofree char *number = NULL;
  g_autofree char *job_name = NULL;
  GtkPrintOperation *operation;
  PopplerDocument *document;
  GtkPaperSize *paper;

  g_return_val_if_fail (RETOUR_IS_CARRIER_LABEL_DIALOG (self), NULL);

  document = retour_label_view_get_document (self->view);
  if (self->label == NULL || document == NULL)
    return NULL;

  /* Carriers' labels are 100 × 150 mm (4 × 6 in. printers print them
   * whole), which A6 paper takes too. */
  paper = gtk_paper_size_new_custom ("retour-label-100x150", _("Label 100 × 150 mm"), 100, 150, GTK_UNIT_MM);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_paper_size_free (paper);

  number = retour_rma_number_display (self->label->reference);
  /* Translators: the print job's name; %s is the RMA number. */
  job_name = g_strdup_printf (_("Carrier label %s"), number);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (document));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         g_object_ref (document), unref_document, 0);

  return operation;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RetourCarrierLabelDialog *self = RETOUR_CARRIER_LABEL_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = retour_carrier_label_dialog_create_print_operation (self);
  g_autoptr(GError) error = NULL;

  if (operation == NULL)
    return;

  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self),
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

const RetourCarrierRecord *
retour_carrier_label_dialog_get_label (RetourCarrierLabelDialog *self)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER_LABEL_DIALOG (self), NULL);

  return self->label;
}

static void
retour_carrier_label_dialog_dispose (GObject *object)
{
  RetourCarrierLabelDialog *self = RETOUR_CARRIER_LABEL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_CARRIER_LABEL_DIALOG);

  G_OBJECT_CLASS (retour_carrier_label_dialog_parent_class)->dispose (object);
}

static void
retour_carrier_label_dialog_finalize (GObject *object)
{
  RetourCarrierLabelDialog *self = RETOUR_CARRIER_LABEL_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->carrier);
  g_clear_object (&self->http);
  g_clear_object (&self->context);
  g_clear_pointer (&self->label, retour_carrier_record_free);

  G_OBJECT_CLASS (retour_carrier_label_dialog_parent_class)->finalize (object);
}

static void
retour_carrier_label_dialog_class_init (RetourCarrierLabelDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_carrier_label_dialog_dispose;
  object_class->finalize = retour_carrier_label_dialog_finalize;

  g_type_ensure (RETOUR_TYPE_LABEL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-carrier-label-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourCarrierLabelDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RetourCarrierLabelDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourCarrierLabelDialog, working_page);
  gtk_widget_class_bind_template_child (widget_class, RetourCarrierLabelDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourCarrierLabelDialog, view);

  gtk_widget_class_install_action (widget_class, "carrier-label.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "carrier-label.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "carrier-label.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_carrier_label_dialog_init (RetourCarrierLabelDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->http = retour_http_new ();
}

RetourCarrierLabelDialog *
retour_carrier_label_dialog_new (GtkWindow     *parent,
                                 RetourContext *context,
                                 gint64         rma_id,
                                 RetourCarrier *carrier)
{
  RetourCarrierLabelDialog *self;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_CARRIER_LABEL_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->rma_id = rma_id;
  self->carrier = carrier != NULL ? g_object_ref (carrier) : NULL;
  start (self);

  return self;
}

void
retour_carrier_label_dialog_present (GtkWindow     *parent,
                                     RetourContext *context,
                                     gint64         rma_id)
{
  gtk_window_present (GTK_WINDOW (retour_carrier_label_dialog_new (parent, context, rma_id, NULL)));
}
