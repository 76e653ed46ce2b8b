/* retour-new-return-window.h — taking a return over the phone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One search field finds the order as the customer reads out its number,
 * e-mail address, phone number or name; the items that come back are
 * ticked, with their quantity and reason; the policy's verdict shows as
 * they are; Ctrl+Enter creates the return, authorizes it (an override
 * needs a note, which goes into its history) and shows it in the main
 * window. An order that is not in the database is entered by hand.
 * Everything works from the keyboard, and the keys are spelled out on
 * the page. Closing a form with anything typed in asks first.
 *
 * Actions: new-return.create (Ctrl+Enter), new-return.manual,
 * new-return.change-order, new-return.add-item.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_NEW_RETURN_WINDOW (retour_new_return_window_get_type ())

G_DECLARE_FINAL_TYPE (RetourNewReturnWindow, retour_new_return_window, RETOUR, NEW_RETURN_WINDOW, AdwWindow)

/* A window over @parent; the new return is shown there. */
RetourNewReturnWindow *retour_new_return_window_new (RetourWindow  *parent,
                                                     RetourContext *context);

G_END_DECLS
