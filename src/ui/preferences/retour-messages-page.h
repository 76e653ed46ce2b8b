/* retour-messages-page.h — the Customer Messages page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The messages waiting for staff (to confirm, to open in the mail
 * client, failed or uncertain) with what staff can do about each, and
 * Send Now for the e-mail that is due. Per step of a return, the channel its message goes through (off, the
 * storefront, e-mail, the mail client) and whether staff confirm it
 * first, each applied as it is chosen; the shop's mail server, saved
 * together (the password to the keyring) and tried with Test
 * Connection; and the words of each step in each language, with a live
 * preview of what a customer reads.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_MESSAGES_PAGE (retour_messages_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourMessagesPage, retour_messages_page, RETOUR, MESSAGES_PAGE, AdwPreferencesPage)

RetourContext *retour_messages_page_get_context (RetourMessagesPage *self);
void           retour_messages_page_set_context (RetourMessagesPage *self,
                                                 RetourContext      *context);

G_END_DECLS
