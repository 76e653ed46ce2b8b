/* retour-outbox.h — sending the messages that wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox takes the messages that are due from the message store,
 * sends them and records each outcome there: sent; not delivered, to
 * be tried again later (the server said 4xx, or could not be reached);
 * failed (5xx: shown to staff); or uncertain (the connection broke after
 * the message had gone, before the server confirmed it), which is never
 * retried by itself: staff decide (retour_message_store_settle()), so
 * that a customer never gets a message twice. A WooCommerce store's
 * messages go as customer notes on their orders, which WooCommerce
 * mails. Storefront messages of Shopify are the sync's (it tells Shopify
 * with notifyCustomer); those of the mail client are the window's.
 */
#pragma once

#include <gio/gio.h>

#include "retour-smtp.h"
#include "retour-woo-connector.h"

G_BEGIN_DECLS

/* How long an outbox holds a message it is sending before another one
 * may take it as stopped midway (and so uncertain). */
#define RETOUR_OUTBOX_LEASE_US ((gint64) 15 * 60 * G_USEC_PER_SEC)

typedef struct
{
  guint sent;
  guint retrying;   /* not delivered; queued again for later */
  guint failed;
  guint uncertain;
} RetourOutboxStats;

/* Sends the e-mail messages due at @now_us through @account (with its
 * password), one after another. Fails (after recording the message it
 * was at as one to try again) when the account cannot be used at all:
 * a login refused, no TLS where it is required; or when @cancellable
 * is cancelled. @stats may be NULL. Blocks. */
gboolean retour_outbox_send_smtp (RetourDatabase           *db,
                                  const RetourSmtpAccount  *account,
                                  gint64                    now_us,
                                  GCancellable             *cancellable,
                                  RetourOutboxStats        *stats,
                                  GError                  **error);

/* retour_outbox_send_smtp () with the shop's account and its password
 * from the keyring, on a worker thread over a connection of its own to
 * the database at @location (the server may be slow, the keyring may
 * ask). Does nothing, successfully, when the shop has set no mail
 * server. */
void     retour_outbox_send_due_async    (const char           *location,
                                          gint64                now_us,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean retour_outbox_send_due_finish   (GAsyncResult         *result,
                                          RetourOutboxStats    *stats,
                                          GError              **error);

/* Hands message @id (of the mail client channel, waiting to be sent or
 * confirmed) to the desktop's mail client with `@program --utf8
 * --subject … --body … --attach FILE… ADDRESS` (@program NULL:
 * xdg-email), the attachments written to Retour's cache, where the mail
 * client finds them after xdg-email returns. When the program says it
 * opened the composer, the message is recorded as handed to the mail
 * client: Retour cannot know whether it was sent. From the window only:
 * it opens a window on the desktop. Blocks until the program returns. */
gboolean retour_outbox_hand_off          (RetourDatabase       *db,
                                          gint64                id,
                                          const char           *program,
                                          gint64                now_us,
                                          GError              **error);

/* Sends the storefront messages of WooCommerce store @store_id due at
 * @now_us as customer notes through @connector, one after another. A
 * note the store refuses (4xx) fails; one it could not take (5xx, no
 * connection) waits to be tried again; keys it refuses stop the run. */
void     retour_outbox_send_notes_async  (RetourDatabase       *db,
                                          RetourWooConnector   *connector,
                                          gint64                store_id,
                                          gint64                now_us,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean retour_outbox_send_notes_finish (GAsyncResult         *result,
                                          RetourOutboxStats    *stats,
                                          GError              **error);

G_END_DECLS
