/* retour-carrier-keys.c — a carrier account: its settings, and its keys
 * in the keyring or a credentials file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "retour-carrier-keys.h"
#include "retour-carrier-store.h"
#include "retour-connector.h"
#include "retour-credentials.h"
#include "retour-setting-store.h"

static const char * const setting_names[] = { "account", "code", "base-url", "tracking-url" };

static char **
account_field (RetourCarrierAccount *account,
               guint                 index)
{
  switch (index)
    {
    case 0: return &account->account;
    case 1: return &account->code;
    case 2: return &account->base_url;
    default: return &account->tracking_url;
    }
}

RetourCarrierAccount *
retour_carrier_account_load_settings (RetourDatabase  *db,
                                      const char      *carrier,
                                      GError         **error)
{
  g_autoptr(RetourCarrierAccount) account = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  if (retour_carrier_find_info (carrier) == NULL)
    {
      g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_UNKNOWN_CARRIER,
                   _("Retour does not know the carrier “%s”: it knows postnl, dhl, inpost and colissimo."),
                   carrier != NULL ? carrier : "");
      return NULL;
    }

  account = retour_carrier_account_new (retour_carrier_find_info (carrier)->id);
  for (guint i = 0; i < G_N_ELEMENTS (setting_names); i++)
    {
      g_autofree char *key = retour_carrier_store_setting_key (account->carrier, setting_names[i]);
      char *value = retour_setting_store_get (db, key, "", error);

      if (value == NULL)
        return NULL;
      if (*value == '\0')
        g_free (value);
      else
        *account_field (account, i) = value;
    }

  return g_steal_pointer (&account);
}

gboolean
retour_carrier_account_save_settings (RetourDatabase              *db,
                                      const RetourCarrierAccount  *account,
                                      GError                     **error)
{
  RetourCarrierAccount *copy = (RetourCarrierAccount *) account;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (retour_carrier_find_info (account->carrier) != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (setting_names); i++)
    {
      g_autofree char *key = retour_carrier_store_setting_key (account->carrier, setting_names[i]);
      const char *value = *account_field (copy, i);

      if (!retour_setting_store_set (db, key, value != NULL ? value : "", error))
        return FALSE;
    }

  return TRUE;
}

gboolean
retour_carrier_account_is_set_up (RetourDatabase *db,
                                  const char     *carrier)
{
  g_autofree char *key = retour_carrier_store_setting_key (carrier, "account");
  g_autofree char *value = retour_setting_store_get (db, key, "", NULL);

  return value != NULL && *value != '\0';
}

static void
take_member (JsonObject  *object,
             const char  *member,
             char       **field)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING || *json_node_get_string (node) == '\0')
    return;

  retour_secret_free (*field);
  *field = g_strdup (json_node_get_string (node));
}

RetourCarrierAccount *
retour_carrier_account_from_file (RetourDatabase  *db,
                                  const char      *path,
                                  const char      *carrier,
                                  GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RetourCarrierAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *found = NULL;

  account = retour_carrier_account_load_settings (db, carrier, error);
  if (account == NULL)
    return NULL;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                   _("Could not read the credentials file “%s”: %s"), path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    found = json_node_get_object (root);
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
      {
        JsonNode *node = json_array_get_element (json_node_get_array (root), i);
        JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        JsonNode *name = object != NULL ? json_object_get_member (object, "carrier") : NULL;

        if (name != NULL && json_node_get_value_type (name) == G_TYPE_STRING &&
            g_ascii_strcasecmp (json_node_get_string (name), account->carrier) == 0)
          found = object;
      }

  if (found != NULL && json_object_has_member (found, "carrier") &&
      (json_node_get_value_type (json_object_get_member (found, "carrier")) != G_TYPE_STRING ||
       g_ascii_strcasecmp (json_object_get_string_member (found, "carrier"), account->carrier) != 0))
    found = NULL;

  if (found == NULL)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                   _("The credentials file “%s” holds no account for %s."),
                   path, retour_carrier_find_info (account->carrier)->name);
      return NULL;
    }

  take_member (found, "account", &account->account);
  take_member (found, "code", &account->code);
  take_member (found, "key", &account->key);
  take_member (found, "secret", &account->secret);
  take_member (found, "base_url", &account->base_url);
  take_member (found, "tracking_url", &account->tracking_url);

  return g_steal_pointer (&account);
}

/* ------------------------------------------------------------ keyring */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".Carrier", SECRET_SCHEMA_NONE,
    {
      { "carrier", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static gboolean
keyring_error (GError **error,
               GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING,
                   _("The keyring (Secret Service) is not available: %s"), cause->message);
      g_error_free (cause);
    }

  return FALSE;
}

gboolean
retour_carrier_keys_store_sync (const RetourCarrierAccount  *account,
                                GCancellable                *cancellable,
                                GError                     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *label = NULL;
  const RetourCarrierInfo *info = retour_carrier_find_info (account->carrier);
  GError *local_error = NULL;
  char *text;
  gboolean stored;

  g_return_val_if_fail (info != NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, account->key != NULL ? account->key : "");
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, account->secret != NULL ? account->secret : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  /* Translators: %s is a carrier ("PostNL"); the keyring shows this. */
  label = g_strdup_printf (_("Retour: %s account keys"), info->name);
  stored = secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, text,
                                       cancellable, &local_error, "carrier", info->id, NULL);
  retour_secret_free (text);

  return stored || keyring_error (error, local_error);
}

gboolean
retour_carrier_keys_lookup_sync (RetourCarrierAccount  *account,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  const RetourCarrierInfo *info = retour_carrier_find_info (account->carrier);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GError *local_error = NULL;
  char *text;
  gboolean parsed;

  g_return_val_if_fail (info != NULL, FALSE);

  text = secret_password_lookup_sync (get_schema (), cancellable, &local_error, "carrier", info->id, NULL);
  if (local_error != NULL)
    return keyring_error (error, local_error);
  if (text == NULL)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_CREDENTIALS,
                   _("The keyring holds no keys for %s: set the account up in the preferences."), info->name);
      return FALSE;
    }

  parsed = json_parser_load_from_data (parser, text, -1, NULL) &&
           JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
  secret_password_free (text);
  if (!parsed)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS,
                   _("The keyring’s keys for %s cannot be read; enter them again."), info->name);
      return FALSE;
    }

  take_member (json_node_get_object (json_parser_get_root (parser)), "key", &account->key);
  take_member (json_node_get_object (json_parser_get_root (parser)), "secret", &account->secret);

  return TRUE;
}

gboolean
retour_carrier_keys_clear_sync (const char    *carrier,
                                GCancellable  *cancellable,
                                GError       **error)
{
  const RetourCarrierInfo *info = retour_carrier_find_info (carrier);
  GError *local_error = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  secret_password_clear_sync (get_schema (), cancellable, &local_error, "carrier", info->id, NULL);

  return local_error == NULL || keyring_error (error, local_error);
}
