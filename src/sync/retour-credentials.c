/* retour-credentials.c — a store's keys, kept in the Secret Service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>

#include "retour-credentials.h"
#include "retour-sync-private.h"

#define SCHEMA_NAME APPLICATION_ID ".Store"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "store-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
retour_secret_free (char *secret)
{
  /* Through a volatile pointer: a plain memset before g_free() may be
   * left out by the compiler. */
  if (secret != NULL)
    {
      volatile char *p = secret;

      while (*p != '\0')
        *p++ = '\0';
    }
  g_free (secret);
}

RetourCredentials *
retour_credentials_new (void)
{
  return g_new0 (RetourCredentials, 1);
}

RetourCredentials *
retour_credentials_copy (const RetourCredentials *credentials)
{
  RetourCredentials *copy = retour_credentials_new ();

  copy->consumer_key = g_strdup (credentials->consumer_key);
  copy->consumer_secret = g_strdup (credentials->consumer_secret);
  copy->access_token = g_strdup (credentials->access_token);

  return copy;
}

void
retour_credentials_free (RetourCredentials *credentials)
{
  if (credentials == NULL)
    return;

  retour_secret_free (credentials->consumer_key);
  retour_secret_free (credentials->consumer_secret);
  retour_secret_free (credentials->access_token);
  g_free (credentials);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

gboolean
retour_credentials_check (const RetourCredentials *credentials,
                          RetourPlatform           platform,
                          GError                 **error)
{
  g_return_val_if_fail (credentials != NULL, FALSE);

  if (platform == RETOUR_PLATFORM_SHOPIFY && !has_text (credentials->access_token))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                           _("A Shopify store needs an Admin API access token."));
      return FALSE;
    }

  if (platform == RETOUR_PLATFORM_WOOCOMMERCE &&
      (!has_text (credentials->consumer_key) || !has_text (credentials->consumer_secret)))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                           _("A WooCommerce store needs a consumer key and a consumer secret."));
      return FALSE;
    }

  return TRUE;
}

RetourCredentials *
retour_credentials_from_json (const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  root = retour_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                           _("The credentials are not a JSON object with “consumer_key” and “consumer_secret”, or “access_token”."));
      return NULL;
    }

  object = json_node_get_object (root);
  if (!retour_json_dup_string (object, "consumer_key", FALSE, &credentials->consumer_key, NULL) ||
      !retour_json_dup_string (object, "consumer_secret", FALSE, &credentials->consumer_secret, NULL) ||
      !retour_json_dup_string (object, "access_token", FALSE, &credentials->access_token, NULL) ||
      (!has_text (credentials->access_token) &&
       (!has_text (credentials->consumer_key) || !has_text (credentials->consumer_secret))))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                           _("The credentials need “consumer_key” and “consumer_secret” (WooCommerce) or “access_token” (Shopify), as text."));
      return NULL;
    }

  return g_steal_pointer (&credentials);
}

RetourCredentials *
retour_credentials_load_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  RetourCredentials *credentials;
  GStatBuf st;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                   _("Cannot read the credentials file %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  if ((st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                   _("The credentials file %s may be read by other users; make it private first (chmod 600)."),
                   path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                   _("Cannot read the credentials file %s: %s"), path, local_error->message);
      return NULL;
    }

  credentials = retour_credentials_from_json (contents, length, error);
  memset (contents, 0, length);
  g_free (contents);

  if (credentials == NULL)
    g_prefix_error (error, "%s: ", path);

  return credentials;
}

static GHashTable *
attributes_for (const RetourStorefront *storefront)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "store-id",
                       g_strdup_printf ("%" G_GINT64_FORMAT, storefront->id));
  g_hash_table_insert (attributes, (gpointer) "url", g_strdup (storefront->base_url));

  return attributes;
}

static void
set_keyring_error (GError      **error,
                   const GError *cause)
{
  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING,
               _("The keyring (Secret Service) is not available: %s"), cause->message);
}

gboolean
retour_credentials_store_sync (const RetourStorefront  *storefront,
                               const RetourCredentials *credentials,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean ok;

  g_return_val_if_fail (storefront != NULL && storefront->id > 0, FALSE);
  g_return_val_if_fail (credentials != NULL, FALSE);

  if (!retour_credentials_check (credentials, storefront->platform, error))
    return FALSE;

  json_builder_begin_object (builder);
  if (credentials->consumer_key != NULL)
    {
      json_builder_set_member_name (builder, "consumer_key");
      json_builder_add_string_value (builder, credentials->consumer_key);
      json_builder_set_member_name (builder, "consumer_secret");
      json_builder_add_string_value (builder, credentials->consumer_secret);
    }
  if (credentials->access_token != NULL)
    {
      json_builder_set_member_name (builder, "access_token");
      json_builder_add_string_value (builder, credentials->access_token);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  secret = json_generator_to_data (generator, NULL);

  attributes = attributes_for (storefront);
  /* Translators: the name of a password in the keyring (Seahorse). */
  label = g_strdup_printf (_("Retour: keys for the store “%s”"), storefront->name);
  ok = secret_password_storev_sync (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                                    cancellable, &local_error);
  memset (secret, 0, strlen (secret));

  if (!ok)
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

RetourCredentials *
retour_credentials_lookup_sync (const RetourStorefront  *storefront,
                                GCancellable            *cancellable,
                                GError                 **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  RetourCredentials *credentials;
  char *secret;

  g_return_val_if_fail (storefront != NULL, NULL);

  attributes = attributes_for (storefront);
  secret = secret_password_lookupv_sync (get_schema (), attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return NULL;
    }
  if (secret == NULL)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_CREDENTIALS,
                   _("The keyring holds no keys for the store “%s”; enter them again."), storefront->name);
      return NULL;
    }

  credentials = retour_credentials_from_json (secret, strlen (secret), error);
  secret_password_free (secret);

  return credentials;
}

gboolean
retour_credentials_clear_sync (const RetourStorefront  *storefront,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (storefront != NULL, FALSE);

  attributes = attributes_for (storefront);
  secret_password_clearv_sync (get_schema (), attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  RetourStorefront  *storefront;
  RetourCredentials *credentials;
} KeyringJob;

static void
keyring_job_free (KeyringJob *job)
{
  retour_storefront_free (job->storefront);
  retour_credentials_free (job->credentials);
  g_free (job);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KeyringJob *job = task_data;
  GError *error = NULL;

  if (retour_credentials_store_sync (job->storefront, job->credentials, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
retour_credentials_store_async (const RetourStorefront  *storefront,
                                const RetourCredentials *credentials,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringJob *job = g_new0 (KeyringJob, 1);

  g_task_set_source_tag (task, retour_credentials_store_async);
  job->storefront = retour_storefront_copy (storefront);
  job->credentials = retour_credentials_copy (credentials);
  g_task_set_task_data (task, job, (GDestroyNotify) keyring_job_free);
  g_task_run_in_thread (task, store_thread);
}

gboolean
retour_credentials_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KeyringJob *job = task_data;
  GError *error = NULL;
  RetourCredentials *credentials;

  credentials = retour_credentials_lookup_sync (job->storefront, cancellable, &error);
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) retour_credentials_free);
  else
    g_task_return_error (task, error);
}

void
retour_credentials_lookup_async (const RetourStorefront  *storefront,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringJob *job = g_new0 (KeyringJob, 1);

  g_task_set_source_tag (task, retour_credentials_lookup_async);
  job->storefront = retour_storefront_copy (storefront);
  g_task_set_task_data (task, job, (GDestroyNotify) keyring_job_free);
  g_task_run_in_thread (task, lookup_thread);
}

RetourCredentials *
retour_credentials_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
