/* retour-outbox.c — sending the messages that wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "retour-connector.h"
#include "retour-outbox.h"
#include "retour-setting-store.h"

/* Messages taken from the store at a time: the rest stay free for
 * another desk's outbox meanwhile. */
#define BATCH 10

gboolean
retour_outbox_send_smtp (RetourDatabase           *db,
                         const RetourSmtpAccount  *account,
                         gint64                    now_us,
                         GCancellable             *cancellable,
                         RetourOutboxStats        *stats,
                         GError                  **error)
{
  RetourOutboxStats local_stats = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;

  for (;;)
    {
      g_autoptr(GPtrArray) due = NULL;

      due = retour_message_store_claim_due (db, RETOUR_MESSAGE_CHANNEL_SMTP, 0, now_us, RETOUR_OUTBOX_LEASE_US,
                                            BATCH, error);
      if (due == NULL)
        return FALSE;
      if (due->len == 0)
        return TRUE;

      for (guint i = 0; i < due->len; i++)
        {
          RetourMessage *message = g_ptr_array_index (due, i);
          g_autoptr(GError) send_error = NULL;
          g_autoptr(GBytes) data = NULL;
          RetourMessageOutcome outcome;
          gboolean stop = FALSE;

          data = retour_smtp_build (account, message, now_us, &send_error);
          if (data != NULL && retour_smtp_send (account, message->recipient, data, cancellable, &send_error))
            outcome = RETOUR_MESSAGE_OUTCOME_SENT;
          else if (g_error_matches (send_error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_PERMANENT))
            outcome = RETOUR_MESSAGE_OUTCOME_FAILED;
          else if (g_error_matches (send_error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_UNCERTAIN))
            outcome = RETOUR_MESSAGE_OUTCOME_UNCERTAIN;
          else
            {
              outcome = RETOUR_MESSAGE_OUTCOME_RETRY;
              /* Not the message's fault: the next one would fare no better. */
              stop = g_error_matches (send_error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP) ||
                     g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            }

          if (!retour_message_store_record (db, message->id, outcome,
                                            send_error != NULL ? send_error->message : NULL, now_us, error))
            return FALSE;

          switch (outcome)
            {
            case RETOUR_MESSAGE_OUTCOME_SENT:
            case RETOUR_MESSAGE_OUTCOME_HANDED_OFF:
              stats->sent++;
              break;
            case RETOUR_MESSAGE_OUTCOME_FAILED:
              stats->failed++;
              break;
            case RETOUR_MESSAGE_OUTCOME_UNCERTAIN:
              stats->uncertain++;
              break;
            case RETOUR_MESSAGE_OUTCOME_RETRY:
            case RETOUR_MESSAGE_OUTCOME_UNTRIED:
            default:
              stats->retrying++;
              break;
            }

          if (stop)
            {
              /* The others taken with it go back as they were, untried. */
              for (guint j = i + 1; j < due->len; j++)
                {
                  RetourMessage *untried = g_ptr_array_index (due, j);

                  if (!retour_message_store_record (db, untried->id, RETOUR_MESSAGE_OUTCOME_UNTRIED,
                                                    send_error->message, now_us, error))
                    return FALSE;
                  stats->retrying++;
                }
              g_propagate_error (error, g_steal_pointer (&send_error));
              return FALSE;
            }
        }
    }
}

/* WooCommerce's customer notes ----------------------------------------------- */

typedef struct
{
  RetourDatabase    *db;
  gint64             store_id;
  gint64             now_us;
  GPtrArray         *due;      /* RetourMessage* */
  guint              next;
  RetourOutboxStats  stats;
} NotesJob;

static void
notes_job_free (NotesJob *job)
{
  g_clear_object (&job->db);
  g_clear_pointer (&job->due, g_ptr_array_unref);
  g_free (job);
}

/* WooCommerce mails a customer note under its own subject ("Note added
 * to your order"): the message's subject opens the note. */
static char *
note_text (const RetourMessage *message)
{
  return g_strdup_printf ("%s\n\n%s", message->subject, message->body);
}

static void send_next_note (GTask *task);

static void
on_note_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NotesJob *job = g_task_get_task_data (task);
  RetourMessage *message = g_ptr_array_index (job->due, job->next - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *id = NULL;
  RetourMessageOutcome outcome;
  gboolean stop = FALSE;

  id = retour_woo_connector_add_note_finish (RETOUR_WOO_CONNECTOR (object), result, &error);
  if (id != NULL)
    outcome = RETOUR_MESSAGE_OUTCOME_SENT;
  else if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED) ||
           g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND))
    outcome = RETOUR_MESSAGE_OUTCOME_FAILED;
  else
    {
      outcome = RETOUR_MESSAGE_OUTCOME_RETRY;
      stop = g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED) ||
             g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN) ||
             g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  if (!retour_message_store_record (job->db, message->id, outcome, error != NULL ? error->message : NULL,
                                    job->now_us, &store_error))
    {
      g_task_return_error (task, g_steal_pointer (&store_error));
      return;
    }

  if (outcome == RETOUR_MESSAGE_OUTCOME_SENT)
    job->stats.sent++;
  else if (outcome == RETOUR_MESSAGE_OUTCOME_FAILED)
    job->stats.failed++;
  else
    job->stats.retrying++;

  if (stop)
    {
      for (; job->next < job->due->len; job->next++)
        {
          RetourMessage *untried = g_ptr_array_index (job->due, job->next);

          if (!retour_message_store_record (job->db, untried->id, RETOUR_MESSAGE_OUTCOME_UNTRIED, error->message,
                                            job->now_us, &store_error))
            {
              g_task_return_error (task, g_steal_pointer (&store_error));
              return;
            }
          job->stats.retrying++;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_next_note (g_steal_pointer (&task));
}

static void
send_next_note (GTask *task)
{
  NotesJob *job = g_task_get_task_data (task);
  RetourWooConnector *connector = g_task_get_source_object (task);
  RetourMessage *message;
  g_autofree char *text = NULL;

  if (job->next == job->due->len)
    {
      GError *error = NULL;

      /* The next batch, until none is due. */
      g_clear_pointer (&job->due, g_ptr_array_unref);
      job->next = 0;
      job->due = retour_message_store_claim_due (job->db, RETOUR_MESSAGE_CHANNEL_STOREFRONT, job->store_id,
                                                 job->now_us, RETOUR_OUTBOX_LEASE_US, BATCH, &error);
      if (job->due == NULL)
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      if (job->due->len == 0)
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
    }

  message = g_ptr_array_index (job->due, job->next++);
  if (message->order_external_id == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!retour_message_store_record (job->db, message->id, RETOUR_MESSAGE_OUTCOME_FAILED,
                                        _("The return’s order is not one of the store’s."), job->now_us, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      job->stats.failed++;
      send_next_note (task);
      return;
    }

  text = note_text (message);
  retour_woo_connector_add_note_async (connector, message->order_external_id, text, g_task_get_cancellable (task),
                                       on_note_added, task);
}

void
retour_outbox_send_notes_async (RetourDatabase       *db,
                                RetourWooConnector   *connector,
                                gint64                store_id,
                                gint64                now_us,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  GTask *task;
  NotesJob *job;

  g_return_if_fail (RETOUR_IS_DATABASE (db));
  g_return_if_fail (RETOUR_IS_WOO_CONNECTOR (connector));
  g_return_if_fail (store_id > 0);

  task = g_task_new (connector, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_outbox_send_notes_async);
  job = g_new0 (NotesJob, 1);
  job->db = g_object_ref (db);
  job->store_id = store_id;
  job->now_us = now_us;
  job->due = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_message_free);
  g_task_set_task_data (task, job, (GDestroyNotify) notes_job_free);

  send_next_note (task);
}

gboolean
retour_outbox_send_notes_finish (GAsyncResult       *result,
                                 RetourOutboxStats  *stats,
                                 GError            **error)
{
  NotesJob *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_outbox_send_notes_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (stats != NULL)
    *stats = job->stats;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The desktop's mail client ---------------------------------------------------- */

/* Where the attachments of message @id are put for the mail client. */
static char *
write_attachments (const RetourMessage  *message,
                   GPtrArray            *paths,
                   GError              **error)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, message->id);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "retour", "mail-client", number, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot make the folder %s for the attachments: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  for (guint i = 0; i < message->attachments->len; i++)
    {
      const RetourMessageAttachment *attachment = g_ptr_array_index (message->attachments, i);
      g_autofree char *name = g_path_get_basename (attachment->name);
      char *path;
      gsize size;
      gconstpointer data = g_bytes_get_data (attachment->data, &size);

      /* Nothing in a stored name leads out of the folder. */
      if (name[0] == '.' || strchr (name, G_DIR_SEPARATOR) != NULL)
        {
          g_free (name);
          name = g_strdup_printf ("attachment-%u", i + 1);
        }
      path = g_build_filename (dir, name, NULL);
      g_ptr_array_add (paths, path);
      if (!g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return NULL;
    }

  return g_steal_pointer (&dir);
}

gboolean
retour_outbox_hand_off (RetourDatabase  *db,
                        gint64           id,
                        const char      *program,
                        gint64           now_us,
                        GError         **error)
{
  g_autoptr(RetourMessage) message = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *dir = NULL;
  g_autofree char *err_text = NULL;
  int wait_status = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  message = retour_message_store_load (db, id, error);
  if (message == NULL)
    return FALSE;

  if (message->channel != RETOUR_MESSAGE_CHANNEL_HANDOFF ||
      (message->state != RETOUR_MESSAGE_STATE_QUEUED &&
       message->state != RETOUR_MESSAGE_STATE_AWAITING_CONFIRMATION))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT,
                           _("The message is not waiting for the mail client."));
      return FALSE;
    }
  /* An address that starts with "-" would be read as an option. */
  if (message->recipient == NULL || message->recipient[0] == '-')
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_PERMANENT,
                   _("“%s” is not an e-mail address a message can be sent to."),
                   message->recipient != NULL ? message->recipient : "");
      return FALSE;
    }

  dir = write_attachments (message, paths, error);
  if (dir == NULL)
    return FALSE;

  g_ptr_array_add (argv, (gpointer) (program != NULL ? program : "xdg-email"));
  g_ptr_array_add (argv, (gpointer) "--utf8");
  g_ptr_array_add (argv, (gpointer) "--subject");
  g_ptr_array_add (argv, message->subject);
  g_ptr_array_add (argv, (gpointer) "--body");
  g_ptr_array_add (argv, message->body);
  for (guint i = 0; i < paths->len; i++)
    {
      g_ptr_array_add (argv, (gpointer) "--attach");
      g_ptr_array_add (argv, g_ptr_array_index (paths, i));
    }
  g_ptr_array_add (argv, message->recipient);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err_text, &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_strstrip (err_text);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The mail client could not be opened: %s"),
                   err_text != NULL && *err_text != '\0' ? err_text : _("xdg-email failed"));
      return FALSE;
    }

  return retour_message_store_record (db, id, RETOUR_MESSAGE_OUTCOME_HANDED_OFF, NULL, now_us, error);
}

/* ------------------------------------------------------------ due e-mail */

typedef struct
{
  char              *location;
  gint64             now_us;
  RetourOutboxStats  stats;
} DueJob;

static void
due_job_free (DueJob *job)
{
  g_free (job->location);
  g_free (job);
}

static void
send_due_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DueJob *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourSmtpAccount) account = NULL;
  g_autofree char *host = NULL;
  GError *error = NULL;

  db = retour_database_open_full (job->location, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL ||
      (host = retour_setting_store_get (db, RETOUR_SETTING_SMTP_HOST, "", &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (*host == '\0')
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if ((account = retour_smtp_account_load (db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (account->user != NULL)
    {
      account->password = retour_smtp_lookup_password (account, cancellable, &error);
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (!retour_outbox_send_smtp (db, account, job->now_us, cancellable, &job->stats, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
retour_outbox_send_due_async (const char          *location,
                              gint64               now_us,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  DueJob *job = g_new0 (DueJob, 1);

  g_return_if_fail (location != NULL);

  g_task_set_source_tag (task, retour_outbox_send_due_async);
  job->location = g_strdup (location);
  job->now_us = now_us;
  g_task_set_task_data (task, job, (GDestroyNotify) due_job_free);
  g_task_run_in_thread (task, send_due_thread);
}

gboolean
retour_outbox_send_due_finish (GAsyncResult       *result,
                               RetourOutboxStats  *stats,
                               GError            **error)
{
  DueJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_outbox_send_due_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (stats != NULL)
    *stats = job->stats;

  return TRUE;
}
