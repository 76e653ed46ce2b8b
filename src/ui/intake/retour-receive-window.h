/* retour-receive-window.h — the packing table: scan a parcel, record what is in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A focused field takes barcode-scanner input: the scanner types the RMA
 * number and Enter. Numbers typed on the wrong keyboard layout (AZERTY,
 * QWERTZ) are read right, and a wrong check character is caught before
 * anything is looked up. An authorized or in-transit return opens with
 * its items: received and accepted units, condition and where each goes.
 * Confirming (Ctrl+Enter) moves it to received, and on to inspected when
 * every item's condition is known, in one transaction: the store puts
 * restocked units back on hand and computes the refund when the policy
 * makes it due. Then the field is ready for the next parcel.
 *
 * Actions: receive.confirm (Ctrl+Enter).
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RECEIVE_WINDOW (retour_receive_window_get_type ())

G_DECLARE_FINAL_TYPE (RetourReceiveWindow, retour_receive_window, RETOUR, RECEIVE_WINDOW, AdwWindow)

RetourReceiveWindow *retour_receive_window_new (GtkWindow     *parent,
                                                RetourContext *context);

G_END_DECLS
