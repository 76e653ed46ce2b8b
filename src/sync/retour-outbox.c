/* retour-outbox.c — sending the messages that wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-outbox.h"

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

      due = retour_message_store_claim_due (db, RETOUR_MESSAGE_CHANNEL_SMTP, now_us, RETOUR_OUTBOX_LEASE_US,
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

                  if (!retour_message_store_record (db, untried->id, RETOUR_MESSAGE_OUTCOME_RETRY,
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
