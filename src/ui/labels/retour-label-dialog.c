/* retour-label-dialog.c — the label dialog: preview, print, save, e-mail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Making a label takes a few milliseconds, so it is done on the main
 * thread with the window's connection. On A4 the model withdrawal form
 * follows as a second page, which the preview turns to and the printer
 * gets too. Printing draws the stored PDF's pages with poppler onto the printer's cairo context: vectors, on a page the
 * size of the label with no margins. The e-mail is handed to the user's
 * mail program with xdg-email; inside Flatpak, the runtime's xdg-email
 * (flatpak-xdg-utils) passes it on to the Email portal, attachment and all.
 * Without xdg-email, or when it finds no mail program, the dialog says so
 * and offers to save the PDF instead.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "retour-label-dialog.h"
#include "retour-label-document.h"
#include "retour-label-layout.h"
#include "retour-label-mail.h"
#include "retour-label-store.h"
#include "retour-label-view.h"
#include "retour-law-documents-data.h"
#include "retour-pdf-file.h"
#include "retour-request-store.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"
#include "retour-sync-scheduler.h"
#include "retour-text.h"
#include "retour-toast.h"

struct _RetourLabelDialog
{
  AdwWindow             parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkDropDown          *format_dropdown;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  RetourLabelView      *view;
  GtkButton            *zoom_button;
  GtkWidget            *pages_box;
  GtkLabel             *page_label;

  RetourContext        *context;
  gint64                rma_id;
  RetourLabelData      *data;
  RetourLawDocumentData *form;   /* the A4 form's second page; NULL until asked for */
  RetourLabel          *label;
};

G_DEFINE_FINAL_TYPE (RetourLabelDialog, retour_label_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_RMA_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (RetourLabelDialog *self,
       const char        *message)
{
  /* An error may quote a customer's address or what the e-mail program
   * said. */
  adw_toast_overlay_add_toast (self->toast_overlay, retour_toast_new (message, RETOUR_TOAST_BRIEF));
}

static void
update_actions (RetourLabelDialog *self)
{
  gboolean have_label = self->label != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.print", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.save", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.email", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.zoom-in", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.zoom-out", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.zoom-toggle", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.zoom-fit", have_label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.zoom-actual", have_label);
}

/* "Page 1 of 2" and the buttons to turn, only for a form of more than
 * one page. */
static void
pages_changed_cb (RetourLabelDialog *self)
{
  int page = retour_label_view_get_page (self->view);
  int n_pages = retour_label_view_get_n_pages (self->view);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->pages_box, n_pages > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.previous-page", page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.next-page", page + 1 < n_pages);

  /* Translators: the page of the preview shown, and how many there are. */
  text = g_strdup_printf (_("Page %d of %d"), page + 1, MAX (n_pages, 1));
  gtk_label_set_text (self->page_label, text);
}

static void
show_error (RetourLabelDialog *self,
            const GError      *error)
{
  /* The description is markup, and what went wrong may quote the
   * return's data. */
  g_autofree char *shown = retour_text_for_display (error->message, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  g_autofree char *escaped = g_markup_escape_text (shown, -1);

  g_clear_pointer (&self->label, retour_label_free);
  retour_label_view_set_pdf (self->view, NULL, NULL);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

/* The label in @format: on A4 with the model withdrawal form as its
 * second page for a customer in the European Union. */
static GBytes *
render_label (RetourLabelDialog  *self,
              RetourLabelFormat   format,
              GError            **error)
{
  if (format == RETOUR_LABEL_FORMAT_A4 && self->form == NULL)
    {
      RetourDatabase *db = retour_context_get_database (self->context);
      g_autoptr(RetourRma) rma = retour_rma_store_load (db, self->rma_id, error);

      if (rma == NULL)
        return NULL;
      self->form = retour_law_document_data_load (db, rma, RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM,
                                                  self->data->created_us,
                                                  retour_context_get_time_zone (self->context), error);
      if (self->form == NULL)
        return NULL;
    }

  return retour_label_render_pdf_with_form (self->data, format,
                                            format == RETOUR_LABEL_FORMAT_A4 ? self->form : NULL, error);
}

/* Whether @label says what the return's label says now: the same data
 * gives the same bytes in the same format. */
static gboolean
says_the_same (RetourLabelDialog *self,
               const RetourLabel *label)
{
  g_autoptr(GBytes) pdf = render_label (self, label->format, NULL);

  return pdf != NULL && g_bytes_equal (pdf, label->pdf);
}

/* Stores @pdf, the label in @format. A version is a content: when the
 * newest label says the same on other paper, the paper changes and the
 * version stays; a new version is made only when what the label says
 * changed (an address, the items, a date…). */
static RetourLabel *
store_label (RetourLabelDialog  *self,
             RetourLabelFormat   format,
             GBytes             *pdf,
             GError            **error)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  g_autoptr(RetourLabel) newest = NULL;
  g_autoptr(GError) local_error = NULL;

  newest = retour_label_store_load_newest (db, self->rma_id, &local_error);
  if (newest == NULL && !g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (newest != NULL && newest->format != format && says_the_same (self, newest))
    return retour_label_store_reformat (db, newest->id, format, pdf, error);

  return retour_label_store_add (db, self->rma_id, format, pdf, retour_context_get_actor (self->context),
                                 retour_context_now (self->context), error);
}

/* A label for a return the customer asked for in a storefront that has
 * the approval goes to the customer's account there, now. */
static void
send_to_store (RetourLabelDialog *self)
{
  g_autoptr(RetourRequestState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = retour_request_store_load_state (retour_context_get_database (self->context), self->rma_id, &error);
  if (error != NULL)
    g_debug ("Could not read the return's request: %s", error->message);
  if (state != NULL && state->answered_us > 0 && state->answer_error == NULL && state->label_us == 0)
    retour_sync_scheduler_write_back (retour_context_get_sync_scheduler (self->context), state->store_id);
}

/* Makes the label in the chosen format (or finds it stored unchanged)
 * and shows it. */
static void
make_label (RetourLabelDialog *self)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  RetourLabelFormat format = retour_label_dialog_get_format (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  if (self->data == NULL)
    {
      self->data = retour_label_store_load_data (db, self->rma_id, &error);
      if (self->data == NULL)
        {
          show_error (self, error);
          return;
        }
      self->data->time_zone = g_time_zone_ref (retour_context_get_time_zone (self->context));
    }

  g_clear_pointer (&self->label, retour_label_free);
  pdf = render_label (self, format, &error);
  if (pdf != NULL)
    self->label = store_label (self, format, pdf, &error);
  if (self->label == NULL || !retour_label_view_set_pdf (self->view, self->label->pdf, &error))
    {
      show_error (self, error);
      return;
    }

  send_to_store (self);

  number = retour_rma_number_display (self->data->rma_number);
  /* Translators: the dialog's subtitle: an RMA number and the version of
   * its label. */
  subtitle = g_strdup_printf (_("%s · Version %u"), number, self->label->version);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_actions (self);
}

static void
format_changed_cb (RetourLabelDialog *self)
{
  if (self->context != NULL)
    make_label (self);
}

static void
zoom_changed_cb (RetourLabelDialog *self)
{
  double zoom = retour_label_view_get_zoom (self->view);
  g_autofree char *text = NULL;

  if (zoom <= 0)
    /* Translators: the zoom button when the page fits the window. */
    text = g_strdup (C_("zoom", "Fit"));
  else
    text = g_strdup_printf ("%.0f %%", zoom * 100);
  gtk_button_set_label (self->zoom_button, text);
}

/* Printing ------------------------------------------------------------------ */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           user_data)
{
  PopplerDocument *document = user_data;

  retour_label_document_draw_page (document, page_nr, gtk_print_context_get_cairo_context (context), TRUE);
}

static void
unref_document (gpointer  data,
                GClosure *closure)
{
  g_object_unref (data);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  g_autoptr(RetourLabelDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      toast (self, error->message);
      return;
    }

  if (result != GTK_PRINT_OPERATION_RESULT_APPLY || self->label == NULL)
    return;

  if (!retour_label_store_mark_printed (retour_context_get_database (self->context), self->label->id,
                                        retour_context_get_actor (self->context),
                                        retour_context_now (self->context), &error))
    toast (self, error->message);
  else
    toast (self, _("Sent to the printer"));
}

static GtkPaperSize *
paper_size_for (RetourLabelFormat format)
{
  double width, height;

  switch (format)
    {
    case RETOUR_LABEL_FORMAT_A6:
      return gtk_paper_size_new ("iso_a6");
    case RETOUR_LABEL_FORMAT_A4:
      return gtk_paper_size_new (GTK_PAPER_NAME_A4);
    case RETOUR_LABEL_FORMAT_THERMAL:
    default:
      retour_label_format_get_size (format, &width, &height);
      return gtk_paper_size_new_custom ("retour-label-100x150", _("Label 100 × 150 mm"),
                                        width, height, GTK_UNIT_MM);
    }
}

GtkPrintOperation *
retour_label_dialog_create_print_operation (RetourLabelDialog *self)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = NULL;
  GtkPaperSize *paper;
  PopplerDocument *document;
  g_autofree char *number = NULL;
  g_autofree char *job_name = NULL;

  g_return_val_if_fail (RETOUR_IS_LABEL_DIALOG (self), NULL);

  document = retour_label_view_get_document (self->view);
  if (self->label == NULL || document == NULL)
    return NULL;

  paper = paper_size_for (self->label->format);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_paper_size_free (paper);

  number = retour_rma_number_display (self->data->rma_number);
  /* Translators: the print job's name; %s is the RMA number. */
  job_name = g_strdup_printf (_("Return label %s"), number);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name);
  /* Every page: the A4 form has the withdrawal form as its second. */
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
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = retour_label_dialog_create_print_operation (self);
  g_autoptr(GError) error = NULL;

  if (operation == NULL)
    return;

  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), g_object_ref (self));

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

/* Saving -------------------------------------------------------------------- */

static void
save_chosen_cb (GObject *owner,
                GFile   *file)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (owner);

  if (self->label != NULL)
    retour_pdf_file_write (self->toast_overlay, file, self->label->pdf, _("Label saved"));
}

static char *
file_name_for (RetourLabelDialog *self)
{
  g_autofree char *number = retour_rma_number_display (self->data->rma_number);

  return g_strdup_printf ("%s-%s.pdf", number, retour_label_format_to_key (self->label->format));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (widget);
  g_autofree char *name = NULL;

  if (self->label == NULL)
    return;

  name = file_name_for (self);
  retour_pdf_file_choose (GTK_WINDOW (self), _("Save Label as PDF"), name, save_chosen_cb, G_OBJECT (self));
}

/* E-mail -------------------------------------------------------------------- */

/* The PDF in the user's cache folder, for the mail program to attach. */
static char *
write_attachment (RetourLabelDialog  *self,
                  GError            **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "retour", "labels", NULL);
  g_autofree char *name = file_name_for (self);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!g_file_set_contents_full (path, g_bytes_get_data (self->label->pdf, NULL),
                                 (gssize) g_bytes_get_size (self->label->pdf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&path);
}

/* How long xdg-email gets to fail before the message counts as handed
 * over: some mail programs stay in its foreground until they are closed. */
#define MAIL_HANDOVER_MS 3000

/* xdg-email's exit status when it finds no mail program to use. */
#define XDG_EMAIL_NO_TOOL 3

typedef struct
{
  RetourLabelDialog *dialog;  /* owned */
  gint64             label_id;
  char              *address;
  guint              handover_id;
  gboolean           done;
} MailRun;

static void
mail_run_free (MailRun *run)
{
  g_clear_handle_id (&run->handover_id, g_source_remove);
  g_clear_object (&run->dialog);
  g_free (run->address);
  g_free (run);
}

static void
mail_failed_response_cb (AdwMessageDialog  *message,
                         const char        *response,
                         RetourLabelDialog *self)
{
  if (g_str_equal (response, "save"))
    gtk_widget_activate_action (GTK_WIDGET (self), "label.save", NULL);
}

/* Says that the label could not be handed to a mail program, and offers
 * to save it instead, to attach by hand. @detail (may be NULL) is what
 * went wrong, as the system said it. */
static void
mail_failed (RetourLabelDialog *self,
             gboolean           no_program,
             const char        *detail)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *message;

  if (no_program)
    g_string_append (body, _("No e-mail program is set up on this computer, so the label cannot be sent "
                             "from here. Save it as a PDF and attach it to a message yourself."));
  else
    g_string_append (body, _("The label could not be handed to your e-mail program. Save it as a PDF and "
                             "attach it to a message yourself."));

  /* A missing program is all there is to say; anything else may need
   * whoever looks after the computer. */
  if (!no_program && detail != NULL && *detail != '\0')
    {
      /* What xdg-email or the system said may be long and technical:
       * last, and cut to a note's length. */
      g_autofree char *shown = retour_text_for_display (detail, RETOUR_TEXT_MAX_NOTE / 4, RETOUR_TEXT_MULTILINE);

      g_string_append (body, "\n\n");
      /* Translators: %s is the technical reason, as the system gave it. */
      g_string_append_printf (body, _("Details: %s"), shown);
    }

  message = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                        no_program ? _("No E-mail Program")
                                                                   : _("Could Not Start the E-mail Program"),
                                                        body->str));
  adw_message_dialog_add_responses (message, "close", _("_Close"), "save", _("_Save as PDF…"), NULL);
  adw_message_dialog_set_response_appearance (message, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (message, "save");
  adw_message_dialog_set_close_response (message, "close");
  g_signal_connect_object (message, "response", G_CALLBACK (mail_failed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (message));
}

/* The mail program has the message: the label counts as sent. */
static void
mail_handed_over (MailRun *run)
{
  RetourLabelDialog *self = run->dialog;
  g_autoptr(GError) error = NULL;

  run->done = TRUE;
  if (self->context == NULL)
    return;

  if (!retour_label_store_mark_sent (retour_context_get_database (self->context), run->label_id,
                                     run->address, retour_context_get_actor (self->context),
                                     retour_context_now (self->context), &error))
    toast (self, error->message);
  else
    toast (self, _("The message is ready in your e-mail program"));
}

static gboolean
mail_handover_cb (gpointer user_data)
{
  MailRun *run = user_data;

  run->handover_id = 0;
  if (!run->done)
    mail_handed_over (run);

  return G_SOURCE_REMOVE;
}

static void
mail_exited_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MailRun *run = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (process, result, NULL, &errors, &error);

  if (!run->done)
    {
      if (error == NULL && g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
        mail_handed_over (run);
      else
        {
          gboolean no_program = g_subprocess_get_if_exited (process) &&
                                g_subprocess_get_exit_status (process) == XDG_EMAIL_NO_TOOL;

          run->done = TRUE;
          /* Nobody to tell once the dialog was closed. */
          if (gtk_widget_get_visible (GTK_WIDGET (run->dialog)))
            mail_failed (run->dialog, no_program, error != NULL ? error->message : g_strstrip (errors));
        }
    }

  mail_run_free (run);
}

static void
email_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  const char *address;
  MailRun *run;

  if (self->label == NULL)
    return;

  path = write_attachment (self, &error);
  if (path == NULL)
    {
      toast (self, error->message);
      return;
    }

  retour_label_mail_compose (self->data, NULL, &subject, &body);
  address = self->data->customer_email;

  g_ptr_array_add (argv, (gpointer) "xdg-email");
  g_ptr_array_add (argv, (gpointer) "--utf8");
  g_ptr_array_add (argv, (gpointer) "--subject");
  g_ptr_array_add (argv, subject);
  g_ptr_array_add (argv, (gpointer) "--body");
  g_ptr_array_add (argv, body);
  g_ptr_array_add (argv, (gpointer) "--attach");
  g_ptr_array_add (argv, path);
  if (address != NULL && *address != '\0')
    g_ptr_array_add (argv, (gpointer) address);
  g_ptr_array_add (argv, NULL);

  /* Found on PATH; without xdg-utils there is no way to a mail program. */
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      mail_failed (self, g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT), error->message);
      return;
    }

  run = g_new0 (MailRun, 1);
  run->dialog = g_object_ref (self);
  run->label_id = self->label->id;
  run->address = g_strdup (address);
  run->handover_id = g_timeout_add (MAIL_HANDOVER_MS, mail_handover_cb, run);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, mail_exited_cb, run);
}

/* Zoom ---------------------------------------------------------------------- */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (widget);

  if (g_str_equal (action_name, "label.zoom-in"))
    retour_label_view_zoom_in (self->view);
  else if (g_str_equal (action_name, "label.zoom-out"))
    retour_label_view_zoom_out (self->view);
  else if (g_str_equal (action_name, "label.zoom-fit"))
    retour_label_view_set_zoom (self->view, 0);
  else if (g_str_equal (action_name, "label.zoom-actual"))
    retour_label_view_set_zoom (self->view, 1.0);
  else
    retour_label_view_set_zoom (self->view, retour_label_view_get_zoom (self->view) > 0 ? 0 : 1.0);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (widget);
  int page = retour_label_view_get_page (self->view);

  retour_label_view_set_page (self->view, g_str_equal (action_name, "label.next-page") ? page + 1 : page - 1);
}

/* Object -------------------------------------------------------------------- */

static void
retour_label_dialog_constructed (GObject *object)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (object);
  g_autoptr(GtkStringList) formats = gtk_string_list_new (NULL);
  g_autofree char *key = NULL;
  RetourLabelFormat format = RETOUR_LABEL_FORMAT_THERMAL;

  G_OBJECT_CLASS (retour_label_dialog_parent_class)->constructed (object);

  g_assert (RETOUR_IS_CONTEXT (self->context));

  for (guint i = 0; i < RETOUR_LABEL_N_FORMATS; i++)
    gtk_string_list_append (formats, retour_label_format_get_label ((RetourLabelFormat) i));

  /* The shop's usual paper first; a setting that cannot be read is no
   * reason not to show the label. */
  key = retour_setting_store_get (retour_context_get_database (self->context),
                                  RETOUR_SETTING_LABEL_FORMAT, "thermal", NULL);
  retour_label_format_from_key (key, &format);

  /* Setting the model selects the first item, then the format: the
   * handler makes the label only once the context is there. */
  g_signal_handlers_block_by_func (self->format_dropdown, format_changed_cb, self);
  gtk_drop_down_set_model (self->format_dropdown, G_LIST_MODEL (formats));
  gtk_drop_down_set_selected (self->format_dropdown, format);
  g_signal_handlers_unblock_by_func (self->format_dropdown, format_changed_cb, self);

  zoom_changed_cb (self);
  make_label (self);
  pages_changed_cb (self);
}

static void
retour_label_dialog_dispose (GObject *object)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_LABEL_DIALOG);

  G_OBJECT_CLASS (retour_label_dialog_parent_class)->dispose (object);
}

static void
retour_label_dialog_finalize (GObject *object)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->data, retour_label_data_free);
  g_clear_pointer (&self->form, retour_law_document_data_free);
  g_clear_pointer (&self->label, retour_label_free);

  G_OBJECT_CLASS (retour_label_dialog_parent_class)->finalize (object);
}

static void
retour_label_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_RMA_ID:
      g_value_set_int64 (value, self->rma_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_label_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RetourLabelDialog *self = RETOUR_LABEL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_RMA_ID:
      self->rma_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_label_dialog_class_init (RetourLabelDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = retour_label_dialog_constructed;
  object_class->dispose = retour_label_dialog_dispose;
  object_class->finalize = retour_label_dialog_finalize;
  object_class->get_property = retour_label_dialog_get_property;
  object_class->set_property = retour_label_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RMA_ID] =
    g_param_spec_int64 ("rma-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_LABEL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-label-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, view);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, pages_box);
  gtk_widget_class_bind_template_child (widget_class, RetourLabelDialog, page_label);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pages_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_changed_cb);

  gtk_widget_class_install_action (widget_class, "label.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "label.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "label.email", NULL, email_action);
  gtk_widget_class_install_action (widget_class, "label.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "label.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "label.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "label.zoom-actual", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "label.zoom-toggle", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "label.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "label.next-page", NULL, page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "label.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "label.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "label.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "label.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "label.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "label.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "label.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "label.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "label.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "label.zoom-actual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_label_dialog_init (RetourLabelDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RetourLabelDialog *
retour_label_dialog_new (GtkWindow     *parent,
                         RetourContext *context,
                         gint64         rma_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  return g_object_new (RETOUR_TYPE_LABEL_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       "rma-id", rma_id,
                       NULL);
}

void
retour_label_dialog_present (GtkWindow     *parent,
                             RetourContext *context,
                             gint64         rma_id)
{
  RetourLabelDialog *self = retour_label_dialog_new (parent, context, rma_id);

  gtk_window_present (GTK_WINDOW (self));
}

RetourLabelFormat
retour_label_dialog_get_format (RetourLabelDialog *self)
{
  guint selected;

  g_return_val_if_fail (RETOUR_IS_LABEL_DIALOG (self), RETOUR_LABEL_FORMAT_THERMAL);

  selected = gtk_drop_down_get_selected (self->format_dropdown);

  return selected < RETOUR_LABEL_N_FORMATS ? (RetourLabelFormat) selected : RETOUR_LABEL_FORMAT_THERMAL;
}

void
retour_label_dialog_set_format (RetourLabelDialog *self,
                                RetourLabelFormat  format)
{
  g_return_if_fail (RETOUR_IS_LABEL_DIALOG (self));
  g_return_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS);

  gtk_drop_down_set_selected (self->format_dropdown, format);
}
