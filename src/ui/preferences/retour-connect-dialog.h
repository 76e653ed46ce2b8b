/* retour-connect-dialog.h — put this desk on a shop's shared database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks for the PostgreSQL server (address, port, database), the
 * operator's user name and password, and how the connection is
 * encrypted. "Connect" opens the database on a worker thread first;
 * only when that works is the password put in the keyring, and then
 * "connected" says where the shop is (the location, never with the
 * password), for the application to keep and open. Whatever goes wrong
 * is said in the dialog, and what was typed stays.
 */
#pragma once

#include <adwaita.h>

#include "retour-keyring.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CONNECT_DIALOG (retour_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourConnectDialog, retour_connect_dialog, RETOUR, CONNECT_DIALOG, AdwWindow)

/* Signals:
 *   "connected" (const char *location): the connection works and the
 *   password is kept; the dialog closes itself next. */

/* @location (may be NULL) fills in the form: the shared database in use,
 * to change it. */
RetourConnectDialog *retour_connect_dialog_new         (GtkWindow     *parent,
                                                        RetourKeyring *keyring,
                                                        const char    *location);

/* "retour on db.example.com": a shared database as people know it, for
 * titles; NULL when @location is not one. */
char                *retour_database_location_describe (const char    *location);

G_END_DECLS
