/* retour-cli-messages.c — `retour-cli messages` and `retour-cli outbox`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For cron and for support: what each return told its customer and what
 * still waits (and why), a waiting message confirmed or a troubled one
 * settled, and the outbox sent through the shop's mail server with the
 * password from the keyring or from a private file.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>

#include "retour-cli-private.h"
#include "retour-connector.h"
#include "retour-core.h"
#include "retour-message-store.h"
#include "retour-outbox.h"
#include "retour-rma-store.h"

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time_us == 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format_iso8601 (local) : NULL;
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       time_us)
{
  g_autofree char *text = format_time (time_us);

  add_text_member (builder, name, text);
}

static void
print_json_messages (Cli       *cli,
                     GPtrArray *messages)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      const RetourMessage *message = g_ptr_array_index (messages, i);

      json_builder_begin_object (builder);
      add_int_member (builder, "id", message->id);
      add_text_member (builder, "rma", message->rma_number);
      add_int_member (builder, "rma_id", message->rma_id);
      add_text_member (builder, "step", retour_enum_to_nick (RETOUR_TYPE_MESSAGE_STEP, message->step));
      add_text_member (builder, "state", retour_enum_to_nick (RETOUR_TYPE_MESSAGE_STATE, message->state));
      add_text_member (builder, "channel", retour_enum_to_nick (RETOUR_TYPE_MESSAGE_CHANNEL, message->channel));
      add_text_member (builder, "language", message->language);
      add_text_member (builder, "recipient", message->recipient);
      add_text_member (builder, "subject", message->subject);
      add_text_member (builder, "body", message->body);
      add_text_member (builder, "message_id", message->message_id);
      add_time_member (builder, "created_at", message->created_us);
      add_time_member (builder, "sent_at", message->sent_us);
      add_int_member (builder, "attempts", message->attempts);
      add_time_member (builder, "next_attempt_at",
                       message->state == RETOUR_MESSAGE_STATE_QUEUED ? message->next_attempt_us : 0);
      add_text_member (builder, "last_error", message->last_error);
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint j = 0; j < message->attachments->len; j++)
        {
          const RetourMessageAttachment *attachment = g_ptr_array_index (message->attachments, j);

          json_builder_begin_object (builder);
          add_text_member (builder, "name", attachment->name);
          add_text_member (builder, "mime_type", attachment->mime_type);
          add_text_member (builder, "sha256", attachment->sha256);
          add_int_member (builder, "size", (gint64) attachment->size);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  print_json (cli, builder);
}

static void
print_text_messages (Cli       *cli,
                     GPtrArray *messages)
{
  if (messages->len == 0)
    {
      say (cli->out, "%s\n", _("No messages to customers."));
      return;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      const RetourMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *number = message->rma_number != NULL ? retour_rma_number_display (message->rma_number)
                                                            : g_strdup_printf ("#%" G_GINT64_FORMAT, message->rma_id);
      g_autofree char *when = format_time (message->sent_us != 0 ? message->sent_us : message->created_us);

      say (cli->out, "%" G_GINT64_FORMAT "  %s  %s  %s  %s  %s\n", message->id, number,
           retour_message_step_get_label (message->step), retour_message_state_get_label (message->state),
           retour_message_channel_get_label (message->channel), when != NULL ? when : "");
      /* Translators: a line of `retour-cli messages`: the recipient, then the subject. */
      say (cli->out, _("    to %s: %s\n"), message->recipient != NULL ? message->recipient : "—", message->subject);
      if (message->last_error != NULL && message->state != RETOUR_MESSAGE_STATE_SENT)
        /* Translators: a line of `retour-cli messages`: why the last try failed. */
        say (cli->out, _("    %s\n"), message->last_error);
    }
}

/* The id of the return @text names ("R26-000123-K", "#1234"), or 0 with
 * @error. */
static gint64
find_rma_id (RetourDatabase  *db,
             const char      *text,
             GError         **error)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autofree char *compact = NULL;

  if (text[0] == '#')
    {
      gint64 id = g_ascii_strtoll (text + 1, NULL, 10);

      rma = id > 0 ? retour_rma_store_load (db, id, error) : NULL;
      if (id <= 0)
        g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                             _("A return without a number is named by its row, as in “#1234”."));
    }
  else
    {
      compact = retour_rma_number_parse (text, error);
      if (compact != NULL)
        rma = retour_rma_store_find_by_number (db, compact, error);
    }

  return rma != NULL ? rma->id : 0;
}

int
command_messages (Cli   *cli,
                  int    argc,
                  char **argv)
{
  gint64 confirm = 0, resend = 0, mark_sent = 0;
  gboolean troubled = FALSE;
  GOptionEntry entries[] = {
    { "troubled", 't', 0, G_OPTION_ARG_NONE, &troubled,
      N_("Only messages that failed, may have been sent, or keep failing"), NULL },
    { "confirm", 0, 0, G_OPTION_ARG_INT64, &confirm, N_("Send a message that waits for staff"), N_("ID") },
    { "resend", 0, 0, G_OPTION_ARG_INT64, &resend,
      N_("Send a failed or uncertain message again (it did not arrive)"), N_("ID") },
    { "mark-sent", 0, 0, G_OPTION_ARG_INT64, &mark_sent,
      N_("Record a failed or uncertain message as sent (it did arrive)"), N_("ID") },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  gint64 rma_id = 0;
  gint64 id;

  if (!parse_options (cli, _("[NUMBER]"),
                      _("List the messages sent to customers and those that wait, or act on one."),
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 2)
    return usage_error (cli, _("Name at most one return: retour-cli messages [NUMBER]"));

  id = confirm != 0 ? confirm : resend != 0 ? resend : mark_sent;
  if ((confirm != 0) + (resend != 0) + (mark_sent != 0) > 1)
    return usage_error (cli, _("Use one of --confirm, --resend and --mark-sent at a time."));

  if (id != 0)
    {
      db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
      if (db == NULL)
        return fail (cli, error);
      context = retour_context_new (db);

      if (confirm != 0)
        retour_message_store_confirm (db, id, retour_context_get_actor (context), retour_context_now (context),
                                      &error);
      else
        retour_message_store_settle (db, id, resend != 0, retour_context_get_actor (context),
                                     retour_context_now (context), &error);
      if (error != NULL)
        return fail (cli, error);
      if (!cli->json)
        say (cli->out, "%s\n", confirm != 0 || resend != 0 ? _("The message waits in the outbox.")
                                                           : _("The message is recorded as sent."));
      return EXIT_SUCCESS;
    }

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    return fail (cli, error);

  if (argc == 2 && (rma_id = find_rma_id (db, argv[1], &error)) == 0)
    return fail (cli, error);

  messages = troubled ? retour_message_store_list_troubled (db, 3, &error)
                      : retour_message_store_list (db, rma_id, &error);
  if (messages == NULL)
    return fail (cli, error);

  if (cli->json)
    print_json_messages (cli, messages);
  else
    print_text_messages (cli, messages);

  return EXIT_SUCCESS;
}

int
command_outbox (Cli   *cli,
                int    argc,
                char **argv)
{
  gboolean send = FALSE;
  gboolean store_password = FALSE;
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    { "send", 's', 0, G_OPTION_ARG_NONE, &send, N_("Send the e-mail messages that are due"), NULL },
    { "credentials", 'c', 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read the mail server’s password from a private file instead of the keyring"), N_("FILE") },
    { "store-password", 0, 0, G_OPTION_ARG_NONE, &store_password,
      N_("Read the mail server’s password from standard input and keep it in the keyring"), NULL },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourSmtpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  RetourOutboxStats stats = { 0 };
  gboolean ok;

  if (!parse_options (cli, NULL, _("Send the messages to customers that wait, through the shop’s mail server."),
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || send == store_password)
    return usage_error (cli, _("Say what to do: retour-cli outbox --send, or --store-password"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    return fail (cli, error);
  context = retour_context_new (db);

  account = retour_smtp_account_load (db, &error);
  if (account == NULL)
    return fail (cli, error);

  if (store_password)
    {
      g_autofree char *password = read_secret_line (cli, _("Mail server password:"));

      if (password == NULL || *password == '\0')
        return usage_error (cli, _("No password was given."));
      if (!retour_smtp_store_password (account, password, NULL, &error))
        return fail (cli, error);
      memset (password, 0, strlen (password));
      return EXIT_SUCCESS;
    }

  if (file != NULL)
    account->password = retour_smtp_read_password_file (file, &error);
  else if (account->user != NULL)
    {
      account->password = retour_smtp_lookup_password (account, NULL, &error);
      if (account->password == NULL && error == NULL)
        g_set_error (&error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                     _("The keyring holds no password for %s; keep one with “retour-cli outbox --store-password”, "
                       "or pass --credentials FILE."),
                     account->host);
    }
  if (error != NULL)
    {
      say (cli->err, "retour-cli: %s\n", error->message);
      if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING))
        say (cli->err, "retour-cli: %s\n",
             _("Without a desktop session, put the password in a file only you can read and pass --credentials FILE."));
      return EXIT_FAILURE;
    }

  ok = retour_outbox_send_smtp (db, account, retour_context_now (context), NULL, &stats, &error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_int_member (builder, "sent", stats.sent);
      add_int_member (builder, "retrying", stats.retrying);
      add_int_member (builder, "failed", stats.failed);
      add_int_member (builder, "uncertain", stats.uncertain);
      add_text_member (builder, "error", error != NULL ? error->message : NULL);
      print_json_object (cli, builder);
    }
  else
    {
      /* Translators: counts of messages after `retour-cli outbox --send`. */
      say (cli->out, _("Sent %u, to try again later %u, failed %u, perhaps sent %u\n"), stats.sent, stats.retrying,
           stats.failed, stats.uncertain);
      if (stats.failed + stats.uncertain > 0)
        say (cli->out, "%s\n", _("“retour-cli messages --troubled” lists the messages staff must look at."));
    }

  if (!ok)
    return fail (cli, error);

  return stats.failed + stats.uncertain > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
