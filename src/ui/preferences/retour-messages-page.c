/* retour-messages-page.c — the Customer Messages page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-message-store.h"
#include "retour-outbox.h"
#include "retour-rma-number.h"
#include "retour-messages-page.h"
#include "retour-setting-store.h"
#include "retour-smtp.h"
#include "retour-toast.h"

/* In the order of the Language row's items. */
static const char * const languages[] = { "en", "nl", "fr", "de", "pl" };

/* In the order of the channel rows' items. */
static const RetourMessageChannel channels[] = {
  RETOUR_MESSAGE_CHANNEL_OFF, RETOUR_MESSAGE_CHANNEL_STOREFRONT, RETOUR_MESSAGE_CHANNEL_SMTP,
  RETOUR_MESSAGE_CHANNEL_HANDOFF,
};

struct _RetourMessagesPage
{
  AdwPreferencesPage    parent_instance;

  /* Template widgets */
  AdwPreferencesGroup  *waiting_group;
  AdwActionRow         *nothing_waiting_row;
  AdwPreferencesGroup  *steps_group;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwComboRow          *security_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  AdwEntryRow          *from_row;
  GtkButton            *test_button;
  GtkLabel             *server_status;
  AdwComboRow          *template_step_row;
  AdwComboRow          *template_language_row;
  AdwEntryRow          *subject_row;
  GtkTextView          *body_view;
  GtkLabel             *placeholders_label;
  GtkLabel             *preview_subject;
  GtkLabel             *preview_body;

  RetourContext        *context;
  GCancellable         *cancellable;
  GPtrArray            *waiting_rows;   /* AdwActionRow*, in waiting_group */
  AdwExpanderRow       *step_rows[RETOUR_MESSAGE_N_STEPS];
  AdwComboRow          *channel_rows[RETOUR_MESSAGE_N_STEPS];
  GtkSwitch            *confirm_switches[RETOUR_MESSAGE_N_STEPS];
  gboolean              populating;
};

G_DEFINE_FINAL_TYPE (RetourMessagesPage, retour_messages_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RetourDatabase *
get_db (RetourMessagesPage *self)
{
  return retour_context_get_database (self->context);
}

static void
toast (RetourMessagesPage *self,
       const char         *message,
       RetourToastKind     kind)
{
  retour_toast_show (GTK_WIDGET (self), message, kind);
}

/* Waiting for staff ------------------------------------------------------------- */

static void refresh_waiting (RetourMessagesPage *self);

static gint64
message_id_of (GtkWidget *button)
{
  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "message-id"));
}

static void
confirm_clicked_cb (GtkButton          *button,
                    RetourMessagesPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!retour_message_store_confirm (get_db (self), message_id_of (GTK_WIDGET (button)),
                                     retour_context_get_actor (self->context), retour_context_now (self->context),
                                     &error))
    toast (self, error->message, RETOUR_TOAST_STAYS);
  refresh_waiting (self);
}

static void
hand_off_clicked_cb (GtkButton          *button,
                     RetourMessagesPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!retour_outbox_hand_off (get_db (self), message_id_of (GTK_WIDGET (button)), NULL,
                               retour_context_now (self->context), &error))
    toast (self, error->message, RETOUR_TOAST_STAYS);
  refresh_waiting (self);
}

static void
settle (RetourMessagesPage *self,
        GtkWidget          *button,
        gboolean            resend)
{
  g_autoptr(GError) error = NULL;

  if (!retour_message_store_settle (get_db (self), message_id_of (button), resend,
                                    retour_context_get_actor (self->context), retour_context_now (self->context),
                                    &error))
    toast (self, error->message, RETOUR_TOAST_STAYS);
  refresh_waiting (self);
}

static void
resend_clicked_cb (GtkButton          *button,
                   RetourMessagesPage *self)
{
  settle (self, GTK_WIDGET (button), TRUE);
}

static void
mark_sent_clicked_cb (GtkButton          *button,
                      RetourMessagesPage *self)
{
  settle (self, GTK_WIDGET (button), FALSE);
}

static void
add_button (RetourMessagesPage  *self,
            AdwActionRow        *row,
            const char          *label,
            gint64               id,
            GCallback            callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "message-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (button, "clicked", callback, self);
  adw_action_row_add_suffix (row, button);
}

static void
refresh_waiting (RetourMessagesPage *self)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->waiting_rows->len; i++)
    adw_preferences_group_remove (self->waiting_group, g_ptr_array_index (self->waiting_rows, i));
  g_ptr_array_set_size (self->waiting_rows, 0);

  messages = retour_message_store_list_for_staff (get_db (self), &error);
  if (messages == NULL)
    {
      toast (self, error->message, RETOUR_TOAST_STAYS);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->nothing_waiting_row), messages->len == 0);

  for (guint i = 0; i < messages->len; i++)
    {
      const RetourMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *number = message->rma_number != NULL
                                ? retour_rma_number_display (message->rma_number)
                                : g_strdup_printf ("#%" G_GINT64_FORMAT, message->rma_id);
      /* Translators: a message waiting for staff: the return's number, the step. */
      g_autofree char *title = g_strdup_printf (_("%s: %s"), number, retour_message_step_get_label (message->step));
      g_autofree char *subtitle = NULL;
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      if (message->last_error != NULL &&
          (message->state == RETOUR_MESSAGE_STATE_FAILED || message->state == RETOUR_MESSAGE_STATE_UNCERTAIN))
        /* Translators: a message waiting for staff: its state, to whom, why. */
        subtitle = g_strdup_printf (_("%s, to %s: %s"), retour_message_state_get_label (message->state),
                                    message->recipient != NULL ? message->recipient : "—", message->last_error);
      else
        /* Translators: a message waiting for staff: its state, to whom. */
        subtitle = g_strdup_printf (_("%s, to %s"), retour_message_state_get_label (message->state),
                                    message->recipient != NULL ? message->recipient : "—");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, subtitle);
      adw_action_row_set_subtitle_lines (row, 3);

      switch (message->state)
        {
        case RETOUR_MESSAGE_STATE_AWAITING_CONFIRMATION:
        case RETOUR_MESSAGE_STATE_QUEUED:
          if (message->channel == RETOUR_MESSAGE_CHANNEL_HANDOFF)
            add_button (self, row, _("_Open in Mail Client"), message->id, G_CALLBACK (hand_off_clicked_cb));
          else
            add_button (self, row, _("_Send"), message->id, G_CALLBACK (confirm_clicked_cb));
          break;
        case RETOUR_MESSAGE_STATE_FAILED:
        case RETOUR_MESSAGE_STATE_UNCERTAIN:
          add_button (self, row, _("Mark as _Arrived"), message->id, G_CALLBACK (mark_sent_clicked_cb));
          add_button (self, row, _("Send _Again"), message->id, G_CALLBACK (resend_clicked_cb));
          break;
        case RETOUR_MESSAGE_STATE_SENDING:
        case RETOUR_MESSAGE_STATE_SENT:
        default:
          break;
        }

      adw_preferences_group_add (self->waiting_group, GTK_WIDGET (row));
      g_ptr_array_add (self->waiting_rows, row);
    }
}

static void
send_now_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RetourMessagesPage *self = user_data;
  RetourOutboxStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  if (!retour_outbox_send_due_finish (result, &stats, &error))
    {
      if (self->context != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message, RETOUR_TOAST_STAYS);
    }
  else if (self->context != NULL)
    {
      /* Translators: counts of messages after Send Now. */
      g_autofree char *text = g_strdup_printf (_("Sent %u, to try again later %u, failed %u, perhaps sent %u"),
                                               stats.sent, stats.retrying, stats.failed, stats.uncertain);

      toast (self, text, stats.failed + stats.uncertain > 0 ? RETOUR_TOAST_STAYS : RETOUR_TOAST_BRIEF);
    }

  /* A page closed meanwhile has nothing to show it on. */
  if (self->context != NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.send-now", TRUE);
      refresh_waiting (self);
    }
  g_object_unref (self);
}

static void
send_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (widget);

  gtk_widget_action_set_enabled (widget, "messages.send-now", FALSE);
  retour_outbox_send_due_async (retour_database_get_path (get_db (self)), retour_context_now (self->context),
                                self->cancellable, send_now_done_cb, g_object_ref (self));
}

/* Steps ----------------------------------------------------------------------- */

static void
update_step_subtitle (RetourMessagesPage *self,
                      RetourMessageStep   step)
{
  guint selected = adw_combo_row_get_selected (self->channel_rows[step]);
  RetourMessageChannel channel = selected < G_N_ELEMENTS (channels) ? channels[selected] : RETOUR_MESSAGE_CHANNEL_OFF;
  g_autofree char *subtitle = NULL;

  if (channel == RETOUR_MESSAGE_CHANNEL_OFF)
    subtitle = g_strdup (retour_message_channel_get_label (channel));
  else
    /* Translators: how a step's message goes: "E-mail, after staff confirm". */
    subtitle = g_strdup_printf (_("%s, %s"), retour_message_channel_get_label (channel),
                                retour_message_mode_get_label (gtk_switch_get_active (self->confirm_switches[step])
                                                               ? RETOUR_MESSAGE_MODE_CONFIRM
                                                               : RETOUR_MESSAGE_MODE_AUTOMATIC));
  adw_expander_row_set_subtitle (self->step_rows[step], subtitle);
}

static RetourMessageStep
find_step (RetourMessagesPage *self,
           gpointer            widget)
{
  for (guint step = 0; step < RETOUR_MESSAGE_N_STEPS; step++)
    if (widget == (gpointer) self->channel_rows[step] || widget == (gpointer) self->confirm_switches[step])
      return step;

  g_assert_not_reached ();
  return 0;
}

static void
channel_changed_cb (AdwComboRow        *row,
                    GParamSpec         *pspec,
                    RetourMessagesPage *self)
{
  RetourMessageStep step = find_step (self, row);
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (self->populating || selected >= G_N_ELEMENTS (channels))
    return;

  if (!retour_message_store_set_channel (get_db (self), step, channels[selected], &error))
    toast (self, error->message, RETOUR_TOAST_STAYS);
  update_step_subtitle (self, step);
}

static void
confirm_changed_cb (GtkSwitch          *toggle,
                    GParamSpec         *pspec,
                    RetourMessagesPage *self)
{
  RetourMessageStep step = find_step (self, toggle);
  g_autoptr(GError) error = NULL;

  if (self->populating)
    return;

  if (!retour_message_store_set_mode (get_db (self), step,
                                      gtk_switch_get_active (toggle) ? RETOUR_MESSAGE_MODE_CONFIRM
                                                                     : RETOUR_MESSAGE_MODE_AUTOMATIC,
                                      &error))
    toast (self, error->message, RETOUR_TOAST_STAYS);
  update_step_subtitle (self, step);
}

static void
build_step_rows (RetourMessagesPage *self)
{
  for (guint step = 0; step < RETOUR_MESSAGE_N_STEPS; step++)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      AdwActionRow *confirm_row;

      for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
        gtk_string_list_append (model, retour_message_channel_get_label (channels[i]));

      self->step_rows[step] = ADW_EXPANDER_ROW (adw_expander_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->step_rows[step]),
                                     retour_message_step_get_label (step));

      self->channel_rows[step] = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->channel_rows[step]), _("Sent Through"));
      adw_combo_row_set_model (self->channel_rows[step], G_LIST_MODEL (model));
      g_signal_connect (self->channel_rows[step], "notify::selected", G_CALLBACK (channel_changed_cb), self);
      adw_expander_row_add_row (self->step_rows[step], GTK_WIDGET (self->channel_rows[step]));

      confirm_row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (confirm_row), _("Wait for Staff to Confirm"));
      adw_action_row_set_subtitle (confirm_row, _("Otherwise sent as soon as the step is taken"));
      self->confirm_switches[step] = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (self->confirm_switches[step]), GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm_switches[step]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Wait for Staff to Confirm"), -1);
      adw_action_row_add_suffix (confirm_row, GTK_WIDGET (self->confirm_switches[step]));
      adw_action_row_set_activatable_widget (confirm_row, GTK_WIDGET (self->confirm_switches[step]));
      g_signal_connect (self->confirm_switches[step], "notify::active", G_CALLBACK (confirm_changed_cb), self);
      adw_expander_row_add_row (self->step_rows[step], GTK_WIDGET (confirm_row));

      adw_preferences_group_add (self->steps_group, GTK_WIDGET (self->step_rows[step]));
    }
}

/* The mail server ------------------------------------------------------------------ */

static void
show_server_status (RetourMessagesPage *self,
                    const char         *text,
                    gboolean            problem)
{
  gtk_label_set_text (self->server_status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_status), text != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_status), "error");
}

static void
server_changed_cb (RetourMessagesPage *self)
{
  if (!self->populating)
    show_server_status (self, NULL, FALSE);
}

static const char *
security_key (RetourMessagesPage *self)
{
  switch (adw_combo_row_get_selected (self->security_row))
    {
    case 1:
      return "tls";
    case 2:
      return "none";
    default:
      return "starttls";
    }
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The account as the rows say, or NULL with @error: what the settings
 * would give once saved. */
static RetourSmtpAccount *
account_from_rows (RetourMessagesPage  *self,
                   GError             **error)
{
  g_autoptr(RetourDatabase) scratch = NULL;
  g_autoptr(RetourSmtpAccount) account = g_new0 (RetourSmtpAccount, 1);
  g_autofree char *port = entry_text (self->port_row);
  g_autofree char *from = entry_text (self->from_row);
  g_autofree char *user = entry_text (self->user_row);
  guint64 number = 0;

  account->host = entry_text (self->host_row);
  account->security = adw_combo_row_get_selected (self->security_row) == 1 ? RETOUR_SMTP_SECURITY_TLS
                    : adw_combo_row_get_selected (self->security_row) == 2 ? RETOUR_SMTP_SECURITY_NONE
                    : RETOUR_SMTP_SECURITY_STARTTLS;
  if (*port == '\0')
    account->port = account->security == RETOUR_SMTP_SECURITY_TLS ? 465 : 587;
  else if (g_ascii_string_to_unsigned (port, 10, 1, 65535, &number, NULL))
    account->port = (guint) number;
  else
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("The mail server’s port “%s” is not a number from 1 to 65535."), port);
      return NULL;
    }
  account->user = *user != '\0' ? g_steal_pointer (&user) : NULL;
  account->from_address = *from != '\0' ? g_steal_pointer (&from)
                                        : retour_setting_store_get (get_db (self), RETOUR_SETTING_SHOP_EMAIL, "", NULL);
  account->from_name = retour_setting_store_get (get_db (self), RETOUR_SETTING_SHOP_NAME, "", NULL);
  if (*account->host == '\0')
    {
      g_set_error_literal (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                           _("No mail server is set up for sending messages to customers."));
      return NULL;
    }

  return g_steal_pointer (&account);
}

typedef struct
{
  RetourSmtpAccount *account;
  gboolean           store_password;  /* the typed one, in the keyring */
  gboolean           check;           /* and try the connection */
} ServerJob;

static void
server_job_free (ServerJob *job)
{
  retour_smtp_account_free (job->account);
  g_free (job);
}

/* On a worker thread: the keyring may ask, and the server may be slow. */
static void
server_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ServerJob *job = task_data;
  GError *error = NULL;

  if (job->store_password && !retour_smtp_store_password (job->account, job->account->password, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->check)
    {
      if (job->account->password == NULL && job->account->user != NULL)
        {
          job->account->password = retour_smtp_lookup_password (job->account, cancellable, &error);
          if (error != NULL)
            {
              g_task_return_error (task, error);
              return;
            }
        }
      if (!retour_smtp_check (job->account, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
server_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RetourMessagesPage *self = user_data;
  ServerJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* A page closed meanwhile has nothing to show it on. */
  if (self->context == NULL)
    {
      g_object_unref (self);
      return;
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_server_status (self, error->message, TRUE);
    }
  else if (job->check)
    show_server_status (self, _("The mail server took the login: messages can be sent."), FALSE);
  else
    {
      show_server_status (self, _("Saved. The password is in the keyring."), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.test-connection", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.save-server", TRUE);
  g_object_unref (self);
}

static void
run_server_job (RetourMessagesPage *self,
                RetourSmtpAccount  *account,
                gboolean            store_password,
                gboolean            check)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, server_done_cb, g_object_ref (self));
  ServerJob *job = g_new0 (ServerJob, 1);

  job->account = account;
  job->store_password = store_password;
  job->check = check;
  g_task_set_task_data (task, job, (GDestroyNotify) server_job_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.test-connection", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.save-server", FALSE);
  show_server_status (self, check ? _("Connecting…") : _("Saving…"), FALSE);
  g_task_run_in_thread (task, server_thread);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  RetourSmtpAccount *account = account_from_rows (self, &error);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (account == NULL)
    {
      show_server_status (self, error->message, TRUE);
      return;
    }
  account->password = *password != '\0' ? g_strdup (password) : NULL;

  run_server_job (self, account, FALSE, TRUE);
}

static gboolean
set_setting (RetourMessagesPage  *self,
             const char          *key,
             const char          *value,
             GError             **error)
{
  return retour_setting_store_set (get_db (self), key, value, error);
}

static void
save_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourSmtpAccount) account = account_from_rows (self, &error);
  g_autofree char *host = entry_text (self->host_row);
  g_autofree char *port = entry_text (self->port_row);
  g_autofree char *user = entry_text (self->user_row);
  g_autofree char *from = entry_text (self->from_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  /* An empty server turns e-mail off; anything else must make sense. */
  if (account == NULL && *host != '\0')
    {
      show_server_status (self, error->message, TRUE);
      return;
    }
  g_clear_error (&error);

  if (!retour_database_begin (get_db (self), &error))
    {
      show_server_status (self, error->message, TRUE);
      return;
    }
  if (!set_setting (self, RETOUR_SETTING_SMTP_HOST, host, &error) ||
      !set_setting (self, RETOUR_SETTING_SMTP_PORT, port, &error) ||
      !set_setting (self, RETOUR_SETTING_SMTP_SECURITY, security_key (self), &error) ||
      !set_setting (self, RETOUR_SETTING_SMTP_USER, user, &error) ||
      !set_setting (self, RETOUR_SETTING_SMTP_FROM, from, &error) ||
      !retour_database_commit (get_db (self), &error))
    {
      retour_database_rollback (get_db (self));
      show_server_status (self, error->message, TRUE);
      return;
    }

  if (account == NULL || *password == '\0')
    {
      show_server_status (self, _("Saved."), FALSE);
      return;
    }

  account->password = g_strdup (password);
  run_server_job (self, g_steal_pointer (&account), TRUE, FALSE);
}

static void
populate_server (RetourMessagesPage *self)
{
  const struct { const char *key; AdwEntryRow *row; } rows[] = {
    { RETOUR_SETTING_SMTP_HOST, self->host_row },
    { RETOUR_SETTING_SMTP_PORT, self->port_row },
    { RETOUR_SETTING_SMTP_USER, self->user_row },
    { RETOUR_SETTING_SMTP_FROM, self->from_row },
  };
  g_autofree char *security = retour_setting_store_get (get_db (self), RETOUR_SETTING_SMTP_SECURITY, "starttls",
                                                        NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = retour_setting_store_get (get_db (self), rows[i].key, "", NULL);

      gtk_editable_set_text (GTK_EDITABLE (rows[i].row), value != NULL ? value : "");
    }
  adw_combo_row_set_selected (self->security_row, g_strcmp0 (security, "tls") == 0 ? 1
                                                  : g_strcmp0 (security, "none") == 0 ? 2 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

/* Words ------------------------------------------------------------------------------- */

static RetourMessageStep
template_step (RetourMessagesPage *self)
{
  return MIN (adw_combo_row_get_selected (self->template_step_row), RETOUR_MESSAGE_N_STEPS - 1);
}

static const char *
template_language (RetourMessagesPage *self)
{
  return languages[MIN (adw_combo_row_get_selected (self->template_language_row), G_N_ELEMENTS (languages) - 1)];
}

static char *
get_body (RetourMessagesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* What a customer reads, with an example return. */
static void
update_preview (RetourMessagesPage *self)
{
  const RetourCatalog *catalog = retour_catalog_get (template_language (self));
  g_autofree char *body = get_body (self);
  g_autofree char *shop = retour_setting_store_get (get_db (self), RETOUR_SETTING_SHOP_NAME, "", NULL);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (retour_context_now (self->context) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, retour_context_get_time_zone (self->context));
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 14);
  g_autofree char *today = retour_catalog_format_date (catalog, now);
  g_autofree char *deadline = retour_catalog_format_date (catalog, later);
  g_autofree char *declared = g_strdup_printf ("%s %s", today, "15:42");
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  RetourMessageValues values = {
    .rma = "R26-000123-K",
    .order = "#1042",
    .items = "2 × Linen shirt (M)\n1 × Canvas bag",
    .refund = "€ 49.90",
    .deadline = deadline,
    .declared = declared,
    .reason = _("The items were worn."),
    .label = retour_message_label_sentence (catalog),
    .shop = shop,
    .name = "Anna de Vries",
  };

  subject = retour_message_render (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), &values, TRUE);
  text = retour_message_render (body, &values, FALSE);
  gtk_label_set_text (self->preview_subject, subject);
  gtk_label_set_text (self->preview_body, text);
}

static void
template_edited_cb (RetourMessagesPage *self)
{
  update_preview (self);
}

static void
load_template (RetourMessagesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gboolean edited = FALSE;

  if (!retour_message_store_get_template (get_db (self), template_step (self), template_language (self), &subject,
                                          &body, &edited, &error))
    {
      toast (self, error->message, RETOUR_TOAST_STAYS);
      return;
    }

  self->populating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body, -1);
  self->populating = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.reset-template", edited);
  update_preview (self);
}

static void
template_choice_cb (RetourMessagesPage *self)
{
  if (self->context != NULL && !self->populating)
    load_template (self);
}

static void
save_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (widget);
  g_autofree char *body = get_body (self);
  g_autoptr(GError) error = NULL;

  if (!retour_message_store_set_template (get_db (self), template_step (self), template_language (self),
                                          gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body,
                                          retour_context_now (self->context), &error))
    {
      toast (self, error->message, RETOUR_TOAST_STAYS);
      return;
    }

  gtk_widget_action_set_enabled (widget, "messages.reset-template", TRUE);
  toast (self, _("The shop’s words are saved"), RETOUR_TOAST_BRIEF);
}

static void
reset_template_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!retour_message_store_set_template (get_db (self), template_step (self), template_language (self), NULL, NULL,
                                          retour_context_now (self->context), &error))
    {
      toast (self, error->message, RETOUR_TOAST_STAYS);
      return;
    }

  load_template (self);
}

/* Loading ----------------------------------------------------------------------------- */

static void
populate (RetourMessagesPage *self)
{
  g_autoptr(GtkStringList) steps = gtk_string_list_new (NULL);
  g_autoptr(GString) placeholders = g_string_new (_("Placeholders:"));
  const char * const *names = retour_message_get_placeholders ();

  self->populating = TRUE;

  for (guint step = 0; step < RETOUR_MESSAGE_N_STEPS; step++)
    {
      RetourMessageChannel channel = retour_message_store_get_channel (get_db (self), step, NULL);
      RetourMessageMode mode = retour_message_store_get_mode (get_db (self), step, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
        if (channels[i] == channel)
          adw_combo_row_set_selected (self->channel_rows[step], i);
      gtk_switch_set_active (self->confirm_switches[step], mode == RETOUR_MESSAGE_MODE_CONFIRM);
      update_step_subtitle (self, step);
      gtk_string_list_append (steps, retour_message_step_get_label (step));
    }
  adw_combo_row_set_model (self->template_step_row, G_LIST_MODEL (steps));
  populate_server (self);

  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (placeholders, " {%s}", names[i]);
  gtk_label_set_text (self->placeholders_label, placeholders->str);

  self->populating = FALSE;
  show_server_status (self, NULL, FALSE);
  load_template (self);
  refresh_waiting (self);
}

RetourContext *
retour_messages_page_get_context (RetourMessagesPage *self)
{
  g_return_val_if_fail (RETOUR_IS_MESSAGES_PAGE (self), NULL);

  return self->context;
}

void
retour_messages_page_set_context (RetourMessagesPage *self,
                                  RetourContext      *context)
{
  g_return_if_fail (RETOUR_IS_MESSAGES_PAGE (self));
  g_return_if_fail (context == NULL || RETOUR_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  if (self->context != NULL)
    populate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
retour_messages_page_dispose (GObject *object)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->waiting_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_MESSAGES_PAGE);

  G_OBJECT_CLASS (retour_messages_page_parent_class)->dispose (object);
}

static void
retour_messages_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_messages_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RetourMessagesPage *self = RETOUR_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_messages_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_messages_page_class_init (RetourMessagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_messages_page_dispose;
  object_class->get_property = retour_messages_page_get_property;
  object_class->set_property = retour_messages_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-messages-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, nothing_waiting_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, security_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, server_status);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, template_step_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, template_language_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, placeholders_label);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, preview_subject);
  gtk_widget_class_bind_template_child (widget_class, RetourMessagesPage, preview_body);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_choice_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_edited_cb);

  gtk_widget_class_install_action (widget_class, "messages.send-now", NULL, send_now_action);
  gtk_widget_class_install_action (widget_class, "messages.test-connection", NULL, test_connection_action);
  gtk_widget_class_install_action (widget_class, "messages.save-server", NULL, save_server_action);
  gtk_widget_class_install_action (widget_class, "messages.save-template", NULL, save_template_action);
  gtk_widget_class_install_action (widget_class, "messages.reset-template", NULL, reset_template_action);
}

static void
retour_messages_page_init (RetourMessagesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->waiting_rows = g_ptr_array_new ();
  build_step_rows (self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (template_edited_cb), self);
}
