/* retour-label-mail.h — the e-mail that sends a customer their label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "retour-core.h"

G_BEGIN_DECLS

/* The subject and body of the message, in the customer's language
 * (@data's language) when Retour has the message in it, else in
 * @fallback_language (the shop's; NULL: the language Retour runs in),
 * else in English. */
void   retour_label_mail_compose        (const RetourLabelData  *data,
                                         const char             *fallback_language,
                                         char                  **subject,
                                         char                  **body);
/* The languages the message exists in: "en", "nl", "fr", "de", "pl". */
gboolean retour_label_mail_has_language (const char             *language);

G_END_DECLS
