/* retour-add-store-dialog.h — connect a WooCommerce or Shopify store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks for the platform, a name, the shop's address and its keys, checks
 * them as they are typed (https only, except for this computer), and on
 * "Test and Add" makes one request to the shop before anything is saved.
 * The store's row goes into the database and its keys into the keyring of
 * the context, never anywhere else; when the keyring cannot take them,
 * the row is taken out again and the dialog says why.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_ADD_STORE_DIALOG (retour_add_store_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourAddStoreDialog, retour_add_store_dialog, RETOUR, ADD_STORE_DIALOG, AdwWindow)

/* Signals:
 *   "added" (gint64 store_id): the store is saved, keys and all; the
 *   dialog closes itself next. */

RetourAddStoreDialog *retour_add_store_dialog_new (GtkWindow     *parent,
                                                   RetourContext *context);

G_END_DECLS
