/* retour-credentials.h — a store's keys, kept in the Secret Service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WooCommerce needs a consumer key and secret, Shopify an Admin API access
 * token. They are stored with libsecret (schema
 * "io.github.retour.Retour.Store", keyed by the store's id and address),
 * never in the database, GSettings, logs or error messages; the memory
 * holding them is wiped when freed. On a machine without a desktop session
 * (no Secret Service) the CLI reads them from a private JSON file instead:
 * {"consumer_key": "ck_…", "consumer_secret": "cs_…"} or
 * {"access_token": "shpat_…"}.
 */
#pragma once

#include <gio/gio.h>

#include "retour-core.h"

G_BEGIN_DECLS

typedef struct
{
  char *consumer_key;
  char *consumer_secret;
  char *access_token;
} RetourCredentials;

RetourCredentials *retour_credentials_new           (void);
RetourCredentials *retour_credentials_copy          (const RetourCredentials *credentials);
/* Overwrites the secrets before freeing them. */
void               retour_credentials_free          (RetourCredentials       *credentials);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCredentials, retour_credentials_free)
/* Overwrites and frees a key, or text made from one (a header). */
void               retour_secret_free               (char                    *secret);

/* Whether @credentials have what @platform needs. */
gboolean           retour_credentials_check         (const RetourCredentials *credentials,
                                                     RetourPlatform           platform,
                                                     GError                 **error);
RetourCredentials *retour_credentials_from_json     (const char              *data,
                                                     gsize                    length,
                                                     GError                 **error);
/* Refuses a file that users other than its owner may read. */
RetourCredentials *retour_credentials_load_file     (const char              *path,
                                                     GError                 **error);

/* Keyring access. Without a Secret Service these fail with
 * RETOUR_SYNC_ERROR_NO_KEYRING; lookup fails with _NO_CREDENTIALS when the
 * keyring has nothing for the store. */
void               retour_credentials_store_async   (const RetourStorefront  *storefront,
                                                     const RetourCredentials *credentials,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
gboolean           retour_credentials_store_finish  (GAsyncResult            *result,
                                                     GError                 **error);
gboolean           retour_credentials_store_sync    (const RetourStorefront  *storefront,
                                                     const RetourCredentials *credentials,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);
void               retour_credentials_lookup_async  (const RetourStorefront  *storefront,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
RetourCredentials *retour_credentials_lookup_finish (GAsyncResult            *result,
                                                     GError                 **error);
RetourCredentials *retour_credentials_lookup_sync   (const RetourStorefront  *storefront,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);
gboolean           retour_credentials_clear_sync    (const RetourStorefront  *storefront,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);

G_END_DECLS
