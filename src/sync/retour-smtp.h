/* retour-smtp.h — sending a customer message through the shop's mail server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message is built here, byte for byte (MIME, RFC 2047 encoded
 * headers, the attachments in base64), and handed to libcurl, which
 * speaks SMTP: STARTTLS on the submission port, or TLS from the start
 * (smtps). What went wrong says what the outbox may do about it: try
 * again later (the server said "later", or could not be reached), give
 * up (the server refused the message for good), or leave it to staff:
 * the connection broke after the whole message had gone and before the
 * server said whether it took it, so it may have arrived, and sending
 * it again could give the customer two.
 */
#pragma once

#include <gio/gio.h>

#include "retour-message-store.h"

G_BEGIN_DECLS

#define RETOUR_SMTP_ERROR (retour_smtp_error_quark ())

typedef enum
{
  RETOUR_SMTP_ERROR_TEMPORARY,  /* not delivered: a 4xx, or the server not reached */
  RETOUR_SMTP_ERROR_PERMANENT,  /* not delivered, and will not be: a 5xx, TLS, login */
  RETOUR_SMTP_ERROR_UNCERTAIN,  /* sent, and no answer: perhaps delivered */
  RETOUR_SMTP_ERROR_SETUP,      /* the account is not set up, or not usable */
} RetourSmtpError;

GQuark retour_smtp_error_quark (void);

typedef enum
{
  RETOUR_SMTP_SECURITY_STARTTLS,
  RETOUR_SMTP_SECURITY_TLS,
  /* No encryption: only to a server on this computer (tests, a local
   * relay), never over a network. */
  RETOUR_SMTP_SECURITY_NONE,
} RetourSmtpSecurity;

typedef struct
{
  char               *host;
  guint               port;
  RetourSmtpSecurity  security;
  char               *user;          /* NULL: no login */
  char               *password;      /* from the keyring or a private file, never the database */
  char               *from_address;
  char               *from_name;     /* the shop's name; may be NULL */
} RetourSmtpAccount;

void               retour_smtp_account_free (RetourSmtpAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourSmtpAccount, retour_smtp_account_free)

/* The account as the shop's settings describe it, without its password;
 * RETOUR_SMTP_ERROR_SETUP when there is no server or From address, or
 * one without encryption that is not on this computer. */
RetourSmtpAccount *retour_smtp_account_load (RetourDatabase           *db,
                                             GError                  **error);
/* Where the password of @account is filed in the keyring. */
char              *retour_smtp_account_get_location (const RetourSmtpAccount *account);

/* The password of @account in the user's keyring (libsecret schema
 * "io.github.retour.Retour.Smtp", by the account's location): NULL
 * without an error when none is kept; RETOUR_SYNC_ERROR_NO_KEYRING when
 * there is no Secret Service. Blocks. */
char              *retour_smtp_lookup_password (const RetourSmtpAccount *account,
                                                GCancellable            *cancellable,
                                                GError                 **error);
gboolean           retour_smtp_store_password  (const RetourSmtpAccount *account,
                                                const char              *password,
                                                GCancellable            *cancellable,
                                                GError                 **error);
/* The password from the first line of @path, a file only its owner may
 * read: one that others may read is refused. */
char              *retour_smtp_read_password_file (const char          *path,
                                                   GError             **error);

/* The message as it goes to the server: headers (From the shop, To
 * @message's recipient, Subject, Date @date_us, Message-ID, MIME), the
 * text as UTF-8, and the attachments. */
GBytes            *retour_smtp_build        (const RetourSmtpAccount  *account,
                                             const RetourMessage      *message,
                                             gint64                    date_us,
                                             GError                  **error);

/* Sends @data (from retour_smtp_build()) to @recipient. Blocks: call it
 * on a worker thread, or use the async pair. */
gboolean           retour_smtp_send         (const RetourSmtpAccount  *account,
                                             const char               *recipient,
                                             GBytes                   *data,
                                             GCancellable             *cancellable,
                                             GError                  **error);
void               retour_smtp_send_async   (const RetourSmtpAccount  *account,
                                             const char               *recipient,
                                             GBytes                   *data,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
gboolean           retour_smtp_send_finish  (GAsyncResult             *result,
                                             GError                  **error);

/* Connects and logs in as sending would (TLS, login) and sends
 * nothing: Test Connection in the preferences. Blocks; the async pair
 * runs it on a worker thread. */
gboolean           retour_smtp_check        (const RetourSmtpAccount  *account,
                                             GCancellable             *cancellable,
                                             GError                  **error);
void               retour_smtp_check_async  (const RetourSmtpAccount  *account,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
gboolean           retour_smtp_check_finish (GAsyncResult             *result,
                                             GError                  **error);

G_END_DECLS
