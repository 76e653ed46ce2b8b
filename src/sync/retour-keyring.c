/* retour-keyring.c — where a shop's store keys are kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "retour-connector.h"
#include "retour-keyring.h"

struct _RetourKeyring
{
  GObject     parent_instance;

  /* NULL for the Secret Service; else "id url" -> RetourCredentials*. */
  GHashTable *memory;
  /* With memory: a shared database's location -> its password. */
  GHashTable *passwords;
};

G_DEFINE_FINAL_TYPE (RetourKeyring, retour_keyring, G_TYPE_OBJECT)

static void
retour_keyring_finalize (GObject *object)
{
  RetourKeyring *self = RETOUR_KEYRING (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);
  g_clear_pointer (&self->passwords, g_hash_table_unref);

  G_OBJECT_CLASS (retour_keyring_parent_class)->finalize (object);
}

static void
retour_keyring_class_init (RetourKeyringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_keyring_finalize;
}

static void
retour_keyring_init (RetourKeyring *self)
{
}

RetourKeyring *
retour_keyring_new (void)
{
  return g_object_new (RETOUR_TYPE_KEYRING, NULL);
}

RetourKeyring *
retour_keyring_new_in_memory (void)
{
  RetourKeyring *self = g_object_new (RETOUR_TYPE_KEYRING, NULL);

  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) retour_credentials_free);
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) retour_secret_free);

  return self;
}

/* The same attributes the Secret Service items are found by. */
static char *
memory_key (const RetourStorefront *storefront)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s", storefront->id, storefront->base_url);
}

/* Answers from memory come in a later main loop iteration, like the
 * Secret Service's. */
static GTask *
memory_task (RetourKeyring       *self,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  return task;
}

/* The Secret Service's answer, handed on as this keyring's. */
static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (retour_credentials_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
retour_keyring_store_async (RetourKeyring           *self,
                            const RetourStorefront  *storefront,
                            const RetourCredentials *credentials,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (RETOUR_IS_KEYRING (self));
  g_return_if_fail (storefront != NULL && storefront->id > 0);
  g_return_if_fail (credentials != NULL);

  task = memory_task (self, retour_keyring_store_async, cancellable, callback, user_data);

  if (self->memory == NULL)
    {
      retour_credentials_store_async (storefront, credentials, cancellable, store_cb,
                                      g_steal_pointer (&task));
      return;
    }

  if (!retour_credentials_check (credentials, storefront->platform, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_replace (self->memory, memory_key (storefront), retour_credentials_copy (credentials));
  g_task_return_boolean (task, TRUE);
}

gboolean
retour_keyring_store_finish (RetourKeyring  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_keyring_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RetourCredentials *credentials;
  GError *error = NULL;

  credentials = retour_credentials_lookup_finish (result, &error);
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) retour_credentials_free);
  else
    g_task_return_error (task, error);
}

void
retour_keyring_lookup_async (RetourKeyring          *self,
                             const RetourStorefront *storefront,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  RetourCredentials *credentials;

  g_return_if_fail (RETOUR_IS_KEYRING (self));
  g_return_if_fail (storefront != NULL);

  task = memory_task (self, retour_keyring_lookup_async, cancellable, callback, user_data);

  if (self->memory == NULL)
    {
      retour_credentials_lookup_async (storefront, cancellable, lookup_cb, g_steal_pointer (&task));
      return;
    }

  key = memory_key (storefront);
  credentials = g_hash_table_lookup (self->memory, key);
  if (credentials == NULL)
    g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_CREDENTIALS,
                             _("The keyring holds no keys for the store “%s”; enter them again."),
                             storefront->name);
  else
    g_task_return_pointer (task, retour_credentials_copy (credentials),
                           (GDestroyNotify) retour_credentials_free);
}

RetourCredentials *
retour_keyring_lookup_finish (RetourKeyring  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_keyring_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (retour_credentials_clear_sync (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
retour_keyring_clear_async (RetourKeyring          *self,
                            const RetourStorefront *storefront,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (RETOUR_IS_KEYRING (self));
  g_return_if_fail (storefront != NULL);

  task = memory_task (self, retour_keyring_clear_async, cancellable, callback, user_data);

  if (self->memory == NULL)
    {
      g_task_set_task_data (task, retour_storefront_copy (storefront), (GDestroyNotify) retour_storefront_free);
      g_task_run_in_thread (task, clear_thread);
      return;
    }

  key = memory_key (storefront);
  g_hash_table_remove (self->memory, key);
  g_task_return_boolean (task, TRUE);
}

gboolean
retour_keyring_clear_finish (RetourKeyring  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_keyring_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Shared databases' passwords ---------------------------------------------- */

static const SecretSchema *
get_password_schema (void)
{
  /* Not the stores' schema: its attributes are a store's id and address. */
  static const SecretSchema schema = {
    APPLICATION_ID ".Database", SECRET_SCHEMA_NONE,
    {
      { "location", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
return_keyring_error (GTask  *task,
                      GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, cause);
  else
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING,
                               _("The keyring (Secret Service) is not available: %s"), cause->message);
      g_error_free (cause);
    }
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_keyring_error (task, error);
}

void
retour_keyring_store_password_async (RetourKeyring       *self,
                                     const char          *location,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (RETOUR_IS_KEYRING (self));
  g_return_if_fail (location != NULL);
  g_return_if_fail (password != NULL);

  task = memory_task (self, retour_keyring_store_password_async, cancellable, callback, user_data);

  if (self->passwords != NULL)
    {
      g_hash_table_replace (self->passwords, g_strdup (location), g_strdup (password));
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Translators: the name of a password in the keyring (Seahorse); %s is
     the shared database, such as "shop on db.example.com". */
  label = g_strdup_printf (_("Retour: password for the shared database %s"), location);
  secret_password_store (get_password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_password_cb, g_steal_pointer (&task),
                         "location", location, NULL);
}

gboolean
retour_keyring_store_password_finish (RetourKeyring  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_keyring_store_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (password), (GDestroyNotify) retour_secret_free);
  if (password != NULL)
    secret_password_free (password);
}

void
retour_keyring_lookup_password_async (RetourKeyring       *self,
                                      const char          *location,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RETOUR_IS_KEYRING (self));
  g_return_if_fail (location != NULL);

  task = memory_task (self, retour_keyring_lookup_password_async, cancellable, callback, user_data);

  if (self->passwords != NULL)
    {
      g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->passwords, location)),
                             (GDestroyNotify) retour_secret_free);
      return;
    }

  secret_password_lookup (get_password_schema (), cancellable, lookup_password_cb, g_steal_pointer (&task),
                          "location", location, NULL);
}

char *
retour_keyring_lookup_password_finish (RetourKeyring  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_keyring_lookup_password_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
retour_keyring_clear_password_async (RetourKeyring       *self,
                                     const char          *location,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RETOUR_IS_KEYRING (self));
  g_return_if_fail (location != NULL);

  task = memory_task (self, retour_keyring_clear_password_async, cancellable, callback, user_data);

  if (self->passwords != NULL)
    {
      g_hash_table_remove (self->passwords, location);
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (get_password_schema (), cancellable, clear_password_cb, g_steal_pointer (&task),
                         "location", location, NULL);
}

gboolean
retour_keyring_clear_password_finish (RetourKeyring  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_keyring_clear_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
