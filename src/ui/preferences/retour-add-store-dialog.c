/* retour-add-store-dialog.c — connect a WooCommerce or Shopify store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's row needs its id before the keys can be filed under it in
 * the keyring, so the row is added first and taken out again if the
 * keyring refuses: a store without keys would only fail every sync.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-add-store-dialog.h"
#include "retour-sync-engine.h"
#include "retour-sync-store.h"

struct _RetourAddStoreDialog
{
  AdwWindow            parent_instance;

  GtkWidget           *form;
  AdwComboRow         *platform_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *url_row;
  AdwPreferencesGroup *keys_group;
  AdwEntryRow         *key_row;
  AdwEntryRow         *secret_row;
  AdwEntryRow         *token_row;
  GtkSpinner          *spinner;
  GtkLabel            *message_label;

  RetourContext       *context;
  GCancellable        *cancellable;
  RetourStorefront    *storefront;   /* being added */
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (RetourAddStoreDialog, retour_add_store_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static RetourPlatform
get_platform (RetourAddStoreDialog *self)
{
  return adw_combo_row_get_selected (self->platform_row) == 1 ? RETOUR_PLATFORM_SHOPIFY
                                                              : RETOUR_PLATFORM_WOOCOMMERCE;
}

static char *
get_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
is_local_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1");
}

/* The address as the connector wants it (https://host[:port][/path],
 * without a trailing slash), from what was typed: "shop.example.nl",
 * "https://shop.example.nl/", "my-shop.myshopify.com". NULL with a
 * message when it cannot be used. */
static char *
normalize_url (const char      *text,
               RetourPlatform   platform,
               GError         **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;
  gsize length;

  url = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0' || strchr (text, ' ') != NULL)
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           platform == RETOUR_PLATFORM_SHOPIFY
                           ? _("Enter the shop’s domain, such as my-shop.myshopify.com.")
                           : _("Enter the site’s address, such as https://shop.example.com."));
      return NULL;
    }

  if (platform == RETOUR_PLATFORM_SHOPIFY)
    {
      if (!g_str_has_suffix (host, ".myshopify.com") && !is_local_host (host))
        {
          g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                               _("A Shopify shop’s domain ends in .myshopify.com: find it in the Shopify admin under Settings ▸ Domains."));
          return NULL;
        }

      /* The API lives at the domain: whatever path was pasted goes. */
      g_free (url);
      if (g_uri_get_port (uri) > 0)
        url = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));
      else
        url = g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), host);
    }

  if (!retour_http_check_url (url, error))
    return NULL;

  return g_steal_pointer (&url);
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_message (RetourAddStoreDialog *self,
              const char           *message,
              gboolean              error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
}

/* Checks the form. Problems with what was typed are shown at once;
 * fields still empty only keep "Test and Add" insensitive, with a hint.
 * Returns the storefront and credentials to add when all is well. */
static gboolean
validate (RetourAddStoreDialog  *self,
          RetourStorefront     **out_storefront,
          RetourCredentials    **out_credentials)
{
  RetourPlatform platform = get_platform (self);
  g_autofree char *name = get_text (self->name_row);
  g_autofree char *url_text = get_text (self->url_row);
  g_autofree char *url = NULL;
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(RetourStorefront) existing = NULL;
  g_autoptr(GError) url_error = NULL;
  const char *problem = NULL;
  gboolean missing;

  if (platform == RETOUR_PLATFORM_SHOPIFY)
    credentials->access_token = get_text (self->token_row);
  else
    {
      credentials->consumer_key = get_text (self->key_row);
      credentials->consumer_secret = get_text (self->secret_row);
    }

  if (*url_text != '\0')
    url = normalize_url (url_text, platform, &url_error);
  set_row_error (self->url_row, url_error != NULL);

  if (*name != '\0' && self->context != NULL)
    existing = retour_sync_store_find (retour_context_get_database (self->context), name, NULL);
  set_row_error (self->name_row, existing != NULL);

  missing = *name == '\0' || *url_text == '\0' ||
            !retour_credentials_check (credentials, platform, NULL);

  if (url_error != NULL)
    problem = url_error->message;
  else if (existing != NULL)
    problem = _("There is already a store with this name.");

  if (problem != NULL)
    show_message (self, problem, TRUE);
  else if (missing)
    show_message (self,
                  platform == RETOUR_PLATFORM_SHOPIFY
                  ? _("Fill in a name, the shop’s domain and the access token.")
                  : _("Fill in a name, the site’s address, the consumer key and the consumer secret."),
                  FALSE);
  else
    show_message (self, NULL, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-store.add", problem == NULL && !missing && !self->busy);

  if (problem != NULL || missing)
    return FALSE;

  if (out_storefront != NULL)
    {
      RetourStorefront *storefront = retour_storefront_new ();

      storefront->name = g_steal_pointer (&name);
      storefront->platform = platform;
      storefront->base_url = g_steal_pointer (&url);
      *out_storefront = storefront;
    }
  if (out_credentials != NULL)
    *out_credentials = g_steal_pointer (&credentials);

  return TRUE;
}

static void
input_changed_cb (RetourAddStoreDialog *self)
{
  if (!self->busy)
    validate (self, NULL, NULL);
}

static void
platform_changed_cb (RetourAddStoreDialog *self)
{
  gboolean shopify = get_platform (self) == RETOUR_PLATFORM_SHOPIFY;

  if (shopify)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Shop _Domain"));
      adw_preferences_group_set_description (self->keys_group,
                                             _("In the Shopify admin, under Settings ▸ Apps and sales channels ▸ Develop apps, create an app with the read_orders, read_all_orders, read_products, write_orders, read_returns and write_returns scopes, install it, and copy its Admin API access token. Without read_all_orders, Shopify shows only the orders of the last 60 days."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Site _Address"));
      adw_preferences_group_set_description (self->keys_group,
                                             _("In WordPress, under WooCommerce ▸ Settings ▸ Advanced ▸ REST API, add a key with Read/Write permissions."));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->key_row), !shopify);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row), !shopify);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), shopify);

  input_changed_cb (self);
}

static void
set_busy (RetourAddStoreDialog *self,
          gboolean              busy,
          const char           *message)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-store.add", FALSE);
      show_message (self, message, FALSE);
    }
}

/* Something went wrong: say so, and leave everything typed in place. */
static void
fail (RetourAddStoreDialog *self,
      const char           *message)
{
  set_busy (self, FALSE, NULL);
  validate (self, NULL, NULL);
  show_message (self, message, TRUE);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourAddStoreDialog) self = user_data;
  g_autoptr(RetourStorefront) storefront = g_steal_pointer (&self->storefront);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) remove_error = NULL;
  g_autofree char *message = NULL;

  if (retour_keyring_store_finish (RETOUR_KEYRING (object), result, &error))
    {
      g_signal_emit (self, signals[SIGNAL_ADDED], 0, storefront->id);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* No keys, no store. */
  if (!retour_sync_store_remove (retour_context_get_database (self->context), storefront->id, &remove_error))
    g_warning ("Could not take out the store without keys: %s", remove_error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING))
    message = g_strdup (_("The connection works, but the keys cannot be saved: this session has no keyring (Secret Service, such as GNOME Keyring). Retour keeps keys nowhere else, so the store was not added. Unlock or start the keyring, then try again."));
  else
    /* Translators: %s says what went wrong. */
    message = g_strdup_printf (_("The keys could not be saved in the keyring, so the store was not added: %s"),
                               error->message);
  fail (self, message);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourAddStoreDialog) self = user_data;
  g_autoptr(RetourCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!retour_sync_test_connection_finish (result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says what went wrong. */
      message = g_strdup_printf (_("Could not connect to the store: %s"), error->message);
      g_clear_pointer (&self->storefront, retour_storefront_free);
      fail (self, message);
      return;
    }

  /* Read again rather than kept: the fewer copies of keys, the better. */
  if (!validate (self, NULL, &credentials))
    {
      g_clear_pointer (&self->storefront, retour_storefront_free);
      fail (self, _("The form changed while the connection was tested; try again."));
      return;
    }

  if (!retour_sync_store_add (retour_context_get_database (self->context), self->storefront,
                              retour_context_now (self->context), &error))
    {
      g_clear_pointer (&self->storefront, retour_storefront_free);
      fail (self, error->message);
      return;
    }

  set_busy (self, TRUE, _("Saving the keys in the keyring…"));
  retour_keyring_store_async (retour_context_get_keyring (self->context), self->storefront, credentials,
                              self->cancellable, stored_cb, g_object_ref (self));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (widget);
  g_autoptr(RetourCredentials) credentials = NULL;

  if (self->busy || self->context == NULL || !validate (self, &self->storefront, &credentials))
    return;

  set_busy (self, TRUE, _("Testing the connection…"));
  retour_sync_test_connection_async (self->storefront, credentials, retour_context_now (self->context),
                                     self->cancellable, tested_cb, g_object_ref (self));
}

static gboolean
retour_add_store_dialog_close_request (GtkWindow *window)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (window);

  /* A test under way stops; a half-added store is taken out again. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (retour_add_store_dialog_parent_class)->close_request (window);
}

static void
retour_add_store_dialog_dispose (GObject *object)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_ADD_STORE_DIALOG);

  G_OBJECT_CLASS (retour_add_store_dialog_parent_class)->dispose (object);
}

static void
retour_add_store_dialog_finalize (GObject *object)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (object);

  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->storefront, retour_storefront_free);

  G_OBJECT_CLASS (retour_add_store_dialog_parent_class)->finalize (object);
}

static void
retour_add_store_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_add_store_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_add_store_dialog_constructed (GObject *object)
{
  RetourAddStoreDialog *self = RETOUR_ADD_STORE_DIALOG (object);

  G_OBJECT_CLASS (retour_add_store_dialog_parent_class)->constructed (object);

  platform_changed_cb (self);
}

static void
retour_add_store_dialog_class_init (RetourAddStoreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = retour_add_store_dialog_constructed;
  object_class->dispose = retour_add_store_dialog_dispose;
  object_class->finalize = retour_add_store_dialog_finalize;
  object_class->get_property = retour_add_store_dialog_get_property;
  object_class->set_property = retour_add_store_dialog_set_property;

  window_class->close_request = retour_add_store_dialog_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-add-store-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, form);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, platform_row);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, keys_group);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourAddStoreDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, platform_changed_cb);

  gtk_widget_class_install_action (widget_class, "add-store.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_add_store_dialog_init (RetourAddStoreDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

RetourAddStoreDialog *
retour_add_store_dialog_new (GtkWindow     *parent,
                             RetourContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  return g_object_new (RETOUR_TYPE_ADD_STORE_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}
