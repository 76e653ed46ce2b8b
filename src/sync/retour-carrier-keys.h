/* retour-carrier-keys.h — a carrier account: its settings, and its keys
 * in the keyring or a credentials file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is not secret (the account or contract number, PostNL's customer
 * code, DHL's return receiver, the API's address when it is not the
 * carrier's own) is in the shop's settings
 * (retour_carrier_store_setting_key()); the key and the second secret
 * (DHL's password, La Poste's Okapi key) are one Secret Service item per
 * carrier, never in the database. retour-cli can take an account from a
 * JSON file instead:
 *
 *   {"carrier": "postnl", "account": "10010010", "code": "DEVC",
 *    "key": "…", "secret": "…", "base_url": "https://…", "tracking_url": "https://…"}
 *
 * (an array of such objects for more carriers); what the file leaves
 * out comes from the settings.
 */
#pragma once

#include "retour-carrier.h"
#include "retour-database.h"

G_BEGIN_DECLS

/* The account's settings, without its keys. */
RetourCarrierAccount *retour_carrier_account_load_settings (RetourDatabase              *db,
                                                            const char                  *carrier,
                                                            GError                     **error);
gboolean              retour_carrier_account_save_settings (RetourDatabase              *db,
                                                            const RetourCarrierAccount  *account,
                                                            GError                     **error);
/* Whether the shop set the carrier up (its account setting is there). */
gboolean              retour_carrier_account_is_set_up     (RetourDatabase              *db,
                                                            const char                  *carrier);

/* The account of @carrier in the credentials file at @path, its gaps
 * filled from @db's settings. */
RetourCarrierAccount *retour_carrier_account_from_file     (RetourDatabase              *db,
                                                            const char                  *path,
                                                            const char                  *carrier,
                                                            GError                     **error);

/* The keyring: @account's key and secret (the rest is ignored). */
gboolean              retour_carrier_keys_store_sync       (const RetourCarrierAccount  *account,
                                                            GCancellable                *cancellable,
                                                            GError                     **error);
/* Fills @account's key and secret from the keyring; fails with
 * RETOUR_SYNC_ERROR_NO_CREDENTIALS when it holds none. */
gboolean              retour_carrier_keys_lookup_sync      (RetourCarrierAccount        *account,
                                                            GCancellable                *cancellable,
                                                            GError                     **error);
gboolean              retour_carrier_keys_clear_sync       (const char                  *carrier,
                                                            GCancellable                *cancellable,
                                                            GError                     **error);

G_END_DECLS
