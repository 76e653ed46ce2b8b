/* retour-carriers-page.c — the Carriers page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-carrier-keys.h"
#include "retour-carrier-store.h"
#include "retour-carriers-page.h"
#include "retour-toast.h"

/* The rows of one carrier's group. */
typedef struct
{
  RetourCarriersPage      *page;      /* unowned */
  const RetourCarrierInfo *info;
  AdwEntryRow             *account;
  AdwEntryRow             *code;      /* NULL: the carrier has none */
  AdwPasswordEntryRow     *key;
  AdwPasswordEntryRow     *secret;    /* NULL: the carrier has none */
  GtkSwitch               *default_switch;
  GtkButton               *save;
  RetourCarrierAccount    *testing;   /* while a test runs */
} CarrierRows;

struct _RetourCarriersPage
{
  AdwPreferencesPage  parent_instance;

  RetourContext      *context;
  RetourHttp         *http;
  GCancellable       *cancellable;
  GPtrArray          *rows;   /* CarrierRows* */
};

G_DEFINE_FINAL_TYPE (RetourCarriersPage, retour_carriers_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
carrier_rows_free (CarrierRows *rows)
{
  g_clear_pointer (&rows->testing, retour_carrier_account_free);
  g_free (rows);
}

static void
toast (RetourCarriersPage *self,
       const char         *message)
{
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);
}

/* The account as typed, over the settings it does not show (the API's
 * address, for a test shop). */
static RetourCarrierAccount *
typed_account (CarrierRows *rows)
{
  RetourDatabase *db = retour_context_get_database (rows->page->context);
  RetourCarrierAccount *account = retour_carrier_account_load_settings (db, rows->info->id, NULL);

  if (account == NULL)
    account = retour_carrier_account_new (rows->info->id);

  g_free (account->account);
  account->account = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->account))));
  if (rows->code != NULL)
    {
      g_free (account->code);
      account->code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->code))));
    }
  g_free (account->key);
  account->key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->key)));
  if (rows->secret != NULL)
    {
      g_free (account->secret);
      account->secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->secret)));
    }

  return account;
}

static void
store_keys_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;

  if (retour_carrier_keys_store_sync (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_keys_stored (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RetourCarriersPage *self = RETOUR_CARRIERS_PAGE (object);
  CarrierRows *rows = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (rows->save), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !retour_carrier_account_save_settings (retour_context_get_database (self->context), rows->testing, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      g_clear_pointer (&rows->testing, retour_carrier_account_free);
      return;
    }

  g_clear_pointer (&rows->testing, retour_carrier_account_free);
  /* Translators: %s is a carrier ("PostNL"). */
  message = g_strdup_printf (_("%s account saved"), rows->info->name);
  toast (self, message);
}

static void
on_tested (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CarrierRows *rows = user_data;
  RetourCarriersPage *self = rows->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!retour_carrier_test_finish (RETOUR_CARRIER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (rows->save), TRUE);
      g_clear_pointer (&rows->testing, retour_carrier_account_free);
      /* Nothing is kept that the carrier did not take. */
      toast (self, error->message);
      return;
    }

  task = g_task_new (self, self->cancellable, on_keys_stored, rows);
  g_task_set_task_data (task, retour_carrier_account_copy (rows->testing),
                        (GDestroyNotify) retour_carrier_account_free);
  g_task_run_in_thread (task, store_keys_thread);
}

static void
save_clicked_cb (GtkButton   *button,
                 CarrierRows *rows)
{
  RetourCarriersPage *self = rows->page;
  g_autoptr(RetourCarrier) carrier = NULL;
  g_autoptr(GError) error = NULL;

  if (self->context == NULL || rows->testing != NULL)
    return;

  rows->testing = typed_account (rows);
  carrier = retour_carrier_new (self->http, rows->testing, &error);
  if (carrier == NULL)
    {
      g_clear_pointer (&rows->testing, retour_carrier_account_free);
      toast (self, error->message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (rows->save), FALSE);
  retour_carrier_test_async (carrier, self->cancellable, on_tested, rows);
}

static void
default_changed_cb (GtkSwitch   *button,
                    GParamSpec  *pspec,
                    CarrierRows *rows)
{
  RetourDatabase *db = rows->page->context != NULL ? retour_context_get_database (rows->page->context) : NULL;
  g_autofree char *current = NULL;
  g_autoptr(GError) error = NULL;

  if (db == NULL)
    return;

  current = retour_carrier_store_get_default (db, rows->info->country, NULL);
  if (gtk_switch_get_active (button) == (g_strcmp0 (current, rows->info->id) == 0))
    return;

  if (!retour_carrier_store_set_default (db, rows->info->country,
                                         gtk_switch_get_active (button) ? rows->info->id : NULL, &error))
    toast (rows->page, error->message);
}

static const char *
account_title (const RetourCarrierInfo *info)
{
  if (g_str_equal (info->id, "postnl"))
    return _("Customer Number");
  if (g_str_equal (info->id, "dhl"))
    return _("User of the Business Customer Portal");
  if (g_str_equal (info->id, "inpost"))
    return _("Organization ID");
  return _("Contract Number");
}

static const char *
description (const RetourCarrierInfo *info)
{
  if (g_str_equal (info->id, "postnl"))
    return _("Return labels through PostNL’s API, tracked with the same key.");
  if (g_str_equal (info->id, "dhl"))
    return _("DHL Paket returns (Retoure API) with an API key and the portal’s system user; the return receiver is set up in the Business Customer Portal.");
  if (g_str_equal (info->id, "inpost"))
    return _("InPost ShipX courier returns, with the token from InPost Manager.");
  return _("Colissimo returns within France (product CORE), tracked through La Poste’s Okapi key.");
}

static void
add_carrier_group (RetourCarriersPage      *self,
                   const RetourCarrierInfo *info)
{
  CarrierRows *rows = g_new0 (CarrierRows, 1);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwActionRow *default_row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *default_title = NULL;

  rows->page = self;
  rows->info = info;
  adw_preferences_group_set_title (group, info->name);
  adw_preferences_group_set_description (group, description (info));

  rows->account = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->account), account_title (info));
  adw_preferences_group_add (group, GTK_WIDGET (rows->account));
  if (g_str_equal (info->id, "postnl") || g_str_equal (info->id, "dhl"))
    {
      rows->code = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->code),
                                     g_str_equal (info->id, "postnl") ? _("Customer Code") : _("Return Receiver ID"));
      adw_preferences_group_add (group, GTK_WIDGET (rows->code));
    }
  rows->key = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->key),
                                 g_str_equal (info->id, "colissimo") ? _("Password")
                                 : g_str_equal (info->id, "inpost") ? _("Token") : _("API Key"));
  adw_preferences_group_add (group, GTK_WIDGET (rows->key));
  if (g_str_equal (info->id, "dhl") || g_str_equal (info->id, "colissimo"))
    {
      rows->secret = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->secret),
                                     g_str_equal (info->id, "dhl") ? _("Password of the System User")
                                                                   : _("La Poste Okapi Key"));
      adw_preferences_group_add (group, GTK_WIDGET (rows->secret));
    }

  /* Translators: "Default for Customers in NL" */
  default_title = g_strdup_printf (_("Default for Customers in %s"), info->country);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (default_row), default_title);
  rows->default_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (rows->default_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (default_row, GTK_WIDGET (rows->default_switch));
  adw_action_row_set_activatable_widget (default_row, GTK_WIDGET (rows->default_switch));
  adw_preferences_group_add (group, GTK_WIDGET (default_row));
  g_signal_connect (rows->default_switch, "notify::active", G_CALLBACK (default_changed_cb), rows);

  rows->save = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Test and Save")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (rows->save),
                               _("Try the keys with the carrier, then keep them in the keyring"));
  /* Below the form, not beside the title: beside a long description in
   * German the window could no longer narrow to 360 px. */
  gtk_widget_set_halign (GTK_WIDGET (rows->save), GTK_ALIGN_END);
  gtk_widget_set_margin_top (GTK_WIDGET (rows->save), 12);
  adw_preferences_group_add (group, GTK_WIDGET (rows->save));
  g_signal_connect (rows->save, "clicked", G_CALLBACK (save_clicked_cb), rows);

  g_ptr_array_add (self->rows, rows);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

/* Shows the settings as stored; the keys stay in the keyring. */
static void
load (RetourCarriersPage *self)
{
  RetourDatabase *db = retour_context_get_database (self->context);

  for (guint i = 0; i < self->rows->len; i++)
    {
      CarrierRows *rows = g_ptr_array_index (self->rows, i);
      g_autoptr(RetourCarrierAccount) account = retour_carrier_account_load_settings (db, rows->info->id, NULL);
      g_autofree char *current = retour_carrier_store_get_default (db, rows->info->country, NULL);

      gtk_editable_set_text (GTK_EDITABLE (rows->account),
                             account != NULL && account->account != NULL ? account->account : "");
      if (rows->code != NULL)
        gtk_editable_set_text (GTK_EDITABLE (rows->code),
                               account != NULL && account->code != NULL ? account->code : "");
      gtk_switch_set_active (rows->default_switch, g_strcmp0 (current, rows->info->id) == 0);
    }
}

RetourContext *
retour_carriers_page_get_context (RetourCarriersPage *self)
{
  g_return_val_if_fail (RETOUR_IS_CARRIERS_PAGE (self), NULL);

  return self->context;
}

void
retour_carriers_page_set_context (RetourCarriersPage *self,
                                  RetourContext      *context)
{
  g_return_if_fail (RETOUR_IS_CARRIERS_PAGE (self));

  if (!g_set_object (&self->context, context))
    return;

  if (self->context != NULL)
    load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
retour_carriers_page_dispose (GObject *object)
{
  RetourCarriersPage *self = RETOUR_CARRIERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (retour_carriers_page_parent_class)->dispose (object);
}

static void
retour_carriers_page_finalize (GObject *object)
{
  RetourCarriersPage *self = RETOUR_CARRIERS_PAGE (object);

  g_clear_object (&self->context);
  g_clear_object (&self->http);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_carriers_page_parent_class)->finalize (object);
}

static void
retour_carriers_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RetourCarriersPage *self = RETOUR_CARRIERS_PAGE (object);

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
retour_carriers_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RetourCarriersPage *self = RETOUR_CARRIERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_carriers_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_carriers_page_class_init (RetourCarriersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_carriers_page_dispose;
  object_class->finalize = retour_carriers_page_finalize;
  object_class->get_property = retour_carriers_page_get_property;
  object_class->set_property = retour_carriers_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-carriers-page.ui");
}

static void
retour_carriers_page_init (RetourCarriersPage *self)
{
  const RetourCarrierInfo * const *infos = retour_carrier_list_infos ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->http = retour_http_new ();
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) carrier_rows_free);

  for (guint i = 0; infos[i] != NULL; i++)
    add_carrier_group (self, infos[i]);
}
