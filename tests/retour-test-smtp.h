/* retour-test-smtp.h — a real SMTP server on 127.0.0.1 for the message tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/sync/smtp-server.py (aiosmtpd) under the interpreter meson found
 * (RETOUR_TEST_PYTHON, RETOUR_TEST_SMTP_SERVER), on a free port, saving
 * what it takes in a directory of its own.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *dir;
  guint        port;
} RetourTestSmtp;

/* Answers @mode ("accept", "421", "451", "550", "drop") the first
 * @times, then accepts. */
RetourTestSmtp *retour_test_smtp_start         (const char     *mode,
                                                guint           times);
/* One that takes messages only from @login with @password. */
RetourTestSmtp *retour_test_smtp_start_with_login (const char  *login,
                                                   const char  *password);
void            retour_test_smtp_stop          (RetourTestSmtp *smtp);
/* How many messages it took. */
guint           retour_test_smtp_count         (RetourTestSmtp *smtp);
/* What a mail program shows of the @n-th (from 1): mail_from, rcpt_tos,
 * from, to, subject, date, message_id, body, attachments (filename,
 * content_type, sha256, size). */
JsonObject     *retour_test_smtp_read          (RetourTestSmtp *smtp,
                                                guint           n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourTestSmtp, retour_test_smtp_stop)

G_END_DECLS
