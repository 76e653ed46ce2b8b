/* retour-messages-window.c — what a return told its customer, as sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "retour-message-store.h"
#include "retour-messages-window.h"
#include "retour-rma-number.h"
#include "retour-text.h"

struct _RetourMessagesWindow
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  AdwToastOverlay     *toast_overlay;
  AdwPreferencesPage  *page;

  RetourContext       *context;
  GtkFileChooserNative *chooser;
  GBytes              *saving;     /* the attachment being saved */
};

G_DEFINE_FINAL_TYPE (RetourMessagesWindow, retour_messages_window, ADW_TYPE_WINDOW)

static void
toast (RetourMessagesWindow *self,
       const char           *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
save_response_cb (GtkNativeDialog      *dialog,
                  int                   response,
                  RetourMessagesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gsize size;
  gconstpointer data;

  if (response == GTK_RESPONSE_ACCEPT && self->saving != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      data = g_bytes_get_data (self->saving, &size);
      /* The customer's data: readable by this user only. */
      if (path == NULL || !g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        toast (self, error != NULL ? error->message : _("The attachment could not be saved there."));
      else
        toast (self, _("Attachment saved"));
    }

  g_clear_pointer (&self->saving, g_bytes_unref);
  g_clear_object (&self->chooser);
}

/* Saves an attachment again, exactly as it was sent. */
static void
save_attachment_cb (GtkButton            *button,
                    RetourMessagesWindow *self)
{
  gint64 message_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "message-id"));
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));
  g_autoptr(RetourMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  RetourMessageAttachment *attachment;

  if (self->chooser != NULL)
    return;

  message = retour_message_store_load (retour_context_get_database (self->context), message_id, &error);
  if (message == NULL || position >= message->attachments->len)
    {
      toast (self, error != NULL ? error->message : _("The attachment is no longer there."));
      return;
    }
  attachment = g_ptr_array_index (message->attachments, position);
  self->saving = g_bytes_ref (attachment->data);

  self->chooser = gtk_file_chooser_native_new (_("Save Attachment"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), attachment->name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GtkWidget *
new_row (const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *shown = retour_text_for_display (value, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown != NULL ? shown : "—");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static void
add_message (RetourMessagesWindow *self,
             const RetourMessage  *message)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *when = NULL;
  g_autofree char *state = NULL;
  g_autofree char *description = NULL;
  GtkWidget *text;

  when = retour_context_format_time (self->context, message->sent_us > 0 ? message->sent_us : message->created_us,
                                     /* Translators: a date and time, as strftime () takes it. */
                                     _("%x %H:%M"));
  if (message->last_error != NULL && message->state != RETOUR_MESSAGE_STATE_SENT)
    /* Translators: a message's state, then why it is so. */
    state = g_strdup_printf (_("%s: %s"), retour_message_state_get_label (message->state), message->last_error);
  else
    state = g_strdup (retour_message_state_get_label (message->state));
  /* Translators: how a message went, and when. */
  description = g_strdup_printf (_("%s · %s"), retour_message_channel_get_label (message->channel), when);

  adw_preferences_group_set_title (group, retour_message_step_get_label (message->step));
  adw_preferences_group_set_description (group, description);
  adw_preferences_group_add (group, new_row (_("To"), message->recipient));
  adw_preferences_group_add (group, new_row (_("State"), state));
  adw_preferences_group_add (group, new_row (_("Subject"), message->subject));
  adw_preferences_group_add (group, new_row (_("Message-ID"), message->message_id));

  /* The exact text the customer got, to be read and copied. */
  text = gtk_label_new (message->body);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_margin_top (text, 12);
  gtk_widget_set_margin_bottom (text, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL, _("The message’s text"), -1);
  /* Not in the focus chain: a selectable label that takes the focus first
   * is shown all selected. The mouse still selects in it. */
  gtk_widget_set_focusable (text, FALSE);
  adw_preferences_group_add (group, text);

  for (guint i = 0; i < message->attachments->len; i++)
    {
      const RetourMessageAttachment *attachment = g_ptr_array_index (message->attachments, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("document-save-symbolic");
      g_autofree char *name = retour_text_for_display (attachment->name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
      /* Translators: the checksum of an attachment as sent, to show it is the same file. */
      g_autofree char *hash = g_strdup_printf (_("SHA-256 %s"), attachment->sha256);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hash);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Save the attachment as it was sent"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save Attachment"),
                                      -1);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "message-id", GSIZE_TO_POINTER (message->id));
      g_object_set_data (G_OBJECT (button), "position", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (save_attachment_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (group, row);
    }

  adw_preferences_page_add (self->page, group);
}

static void
load (RetourMessagesWindow *self,
      gint64                rma_id)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = retour_message_store_list (retour_context_get_database (self->context), rma_id, &error);
  if (messages == NULL)
    {
      toast (self, error->message);
      return;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      const RetourMessage *listed = g_ptr_array_index (messages, i);
      /* With the attachments' names and hashes. */
      g_autoptr(RetourMessage) message = retour_message_store_load (retour_context_get_database (self->context),
                                                                    listed->id, &error);

      if (message == NULL)
        {
          toast (self, error->message);
          return;
        }
      add_message (self, message);
      if (i == 0 && message->rma_number != NULL)
        {
          g_autofree char *number = retour_rma_number_display (message->rma_number);

          adw_window_title_set_subtitle (self->window_title, number);
        }
    }
}

static void
retour_messages_window_dispose (GObject *object)
{
  RetourMessagesWindow *self = RETOUR_MESSAGES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->saving, g_bytes_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (retour_messages_window_parent_class)->dispose (object);
}

static void
retour_messages_window_class_init (RetourMessagesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_messages_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-messages-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesWindow, page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_messages_window_init (RetourMessagesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RetourMessagesWindow *
retour_messages_window_new (RetourContext *context,
                            GtkWindow     *parent,
                            gint64         rma_id)
{
  RetourMessagesWindow *self;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_MESSAGES_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  load (self, rma_id);

  return self;
}
