/* retour-messages-window.h — what a return told its customer, as sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every message of one return, oldest first: its step, channel, state,
 * recipient and time, the exact subject and text the customer got, and
 * its attachments with their SHA-256, each of which can be saved again
 * byte for byte. It is the record a dispute about a withdrawal or a
 * refund's date needs.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_MESSAGES_WINDOW (retour_messages_window_get_type ())

G_DECLARE_FINAL_TYPE (RetourMessagesWindow, retour_messages_window, RETOUR, MESSAGES_WINDOW, AdwWindow)

/* The messages of return @rma_id, over @parent. */
RetourMessagesWindow *retour_messages_window_new (RetourContext *context,
                                                  GtkWindow     *parent,
                                                  gint64         rma_id);

G_END_DECLS
