/* retour-keyring.h — where a shop's store keys are kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window app reaches the keys of its stores through the keyring in its
 * RetourContext rather than calling libsecret directly, so that a test can
 * hand it a keyring that lives in memory: tests run without a desktop
 * session, and must never write into the keyring of the person running
 * them. The real one is the Secret Service (retour-credentials.h); every
 * call is asynchronous, since the Secret Service may ask for a password.
 */
#pragma once

#include "retour-credentials.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_KEYRING (retour_keyring_get_type ())

G_DECLARE_FINAL_TYPE (RetourKeyring, retour_keyring, RETOUR, KEYRING, GObject)

/* The Secret Service of the user's session. */
RetourKeyring     *retour_keyring_new           (void);
/* Keys kept in this process only, forgotten when it ends (tests). */
RetourKeyring     *retour_keyring_new_in_memory (void);

/* Fails with RETOUR_SYNC_ERROR_NO_KEYRING when there is no Secret
 * Service; @storefront needs its id. */
void               retour_keyring_store_async   (RetourKeyring           *self,
                                                 const RetourStorefront  *storefront,
                                                 const RetourCredentials *credentials,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
gboolean           retour_keyring_store_finish  (RetourKeyring           *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);
/* Fails with RETOUR_SYNC_ERROR_NO_CREDENTIALS when nothing is kept for
 * @storefront. */
void               retour_keyring_lookup_async  (RetourKeyring           *self,
                                                 const RetourStorefront  *storefront,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
RetourCredentials *retour_keyring_lookup_finish (RetourKeyring           *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);
void               retour_keyring_clear_async   (RetourKeyring           *self,
                                                 const RetourStorefront  *storefront,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
gboolean           retour_keyring_clear_finish  (RetourKeyring           *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);

/* The password of an operator on a shared database, filed under its
 * location (the conninfo without a password), with libsecret schema
 * "io.github.retour.Retour.Database". Store fails with
 * RETOUR_SYNC_ERROR_NO_KEYRING when there is no Secret Service. */
void               retour_keyring_store_password_async  (RetourKeyring        *self,
                                                         const char           *location,
                                                         const char           *password,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           retour_keyring_store_password_finish (RetourKeyring        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* NULL without an error when nothing is kept for @location: a server
 * that trusts this computer needs no password. Free the result with
 * retour_secret_free(). */
void               retour_keyring_lookup_password_async  (RetourKeyring       *self,
                                                          const char          *location,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char              *retour_keyring_lookup_password_finish (RetourKeyring       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void               retour_keyring_clear_password_async  (RetourKeyring        *self,
                                                         const char           *location,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           retour_keyring_clear_password_finish (RetourKeyring        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
