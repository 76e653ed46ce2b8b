/* retour-stores-page.c — the Stores page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-add-store-dialog.h"
#include "retour-policy-store.h"
#include "retour-request-store.h"
#include "retour-store-group.h"
#include "retour-stores-page.h"
#include "retour-sync-store.h"
#include "retour-text.h"
#include "retour-toast.h"

struct _RetourStoresPage
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *empty_group;
  AdwPreferencesGroup *reasons_group;

  RetourContext       *context;
  GPtrArray           *groups;        /* RetourStoreGroup*, as shown */
  GPtrArray           *reason_rows;   /* AdwComboRow*, one per Shopify reason */
  GPtrArray           *reason_codes;  /* char*: the code each combo row position stands for, NULL first */
  gboolean             filling;
  guint                reload_source;
  guint                clock_source;
};

G_DEFINE_FINAL_TYPE (RetourStoresPage, retour_stores_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "5 minutes ago" goes stale: read it again this often. */
#define CLOCK_INTERVAL_S 30

static void
toast (RetourStoresPage *self,
       const char       *message)
{
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);
}

static gboolean
reload_cb (gpointer user_data)
{
  RetourStoresPage *self = user_data;

  self->reload_source = 0;
  retour_stores_page_reload (self);

  return G_SOURCE_REMOVE;
}

/* A group asks from inside its own handler: rebuild once it has returned. */
static void
store_changed_cb (RetourStoresPage *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_cb, self);
}

static gboolean
clock_cb (gpointer user_data)
{
  RetourStoresPage *self = user_data;

  for (guint i = 0; i < self->groups->len; i++)
    retour_store_group_refresh (g_ptr_array_index (self->groups, i));

  return G_SOURCE_CONTINUE;
}

static void
reason_selected_cb (AdwComboRow      *row,
                    GParamSpec       *pspec,
                    RetourStoresPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "storefront-reason"));
  guint selected = adw_combo_row_get_selected (row);
  const char *code;
  g_autoptr(GError) error = NULL;

  if (self->filling || selected == GTK_INVALID_LIST_POSITION || selected >= self->reason_codes->len)
    return;

  code = g_ptr_array_index (self->reason_codes, selected);
  if (!retour_request_store_set_reason (retour_context_get_database (self->context),
                                        retour_request_store_storefront_reason (index), code,
                                        retour_context_get_actor (self->context),
                                        retour_context_now (self->context), &error))
    {
      toast (self, error->message);
      /* Back to what is stored. */
      retour_stores_page_reload (self);
    }
}

/* A row per reason a customer can pick in Shopify, each offering the
 * shop's reasons in use (and none), on what it maps to now. */
static void
fill_reasons (RetourStoresPage *self,
              GPtrArray        *stores)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  gboolean shopify = FALSE;

  for (guint i = 0; i < self->reason_rows->len; i++)
    adw_preferences_group_remove (self->reasons_group, g_ptr_array_index (self->reason_rows, i));
  g_ptr_array_set_size (self->reason_rows, 0);
  g_ptr_array_set_size (self->reason_codes, 0);

  for (guint i = 0; i < stores->len; i++)
    shopify |= ((RetourStorefront *) g_ptr_array_index (stores, i))->platform == RETOUR_PLATFORM_SHOPIFY;
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_group), shopify);
  if (!shopify)
    return;

  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  if (reasons == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* Translators: what a reason picked in the storefront becomes when the
   * shop has no reason for it: the line has none, and staff choose. */
  gtk_string_list_append (labels, C_("reason", "None, staff choose"));
  g_ptr_array_add (self->reason_codes, NULL);
  for (guint i = 0; i < reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);
      g_autofree char *label = retour_text_for_display (reason->label, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->reason_codes, g_strdup (reason->code));
    }

  self->filling = TRUE;
  for (guint i = 0; retour_request_store_storefront_reason (i) != NULL; i++)
    {
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *code = retour_request_store_get_reason (db, retour_request_store_storefront_reason (i),
                                                               &error);
      guint selected = 0;

      if (error != NULL)
        {
          toast (self, error->message);
          g_clear_error (&error);
        }
      for (guint j = 1; code != NULL && j < self->reason_codes->len; j++)
        if (g_str_equal (g_ptr_array_index (self->reason_codes, j), code))
          selected = j;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), retour_request_store_storefront_reason_label (i));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data (G_OBJECT (row), "storefront-reason", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (reason_selected_cb), self, 0);
      adw_preferences_group_add (self->reasons_group, row);
      g_ptr_array_add (self->reason_rows, row);
    }
  self->filling = FALSE;
}

void
retour_stores_page_reload (RetourStoresPage *self)
{
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_STORES_PAGE (self));

  for (guint i = 0; i < self->groups->len; i++)
    {
      GObject *group = g_ptr_array_index (self->groups, i);

      g_signal_handlers_disconnect_by_data (group, self);
      adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
    }
  g_ptr_array_set_size (self->groups, 0);

  if (self->context == NULL)
    return;

  /* Connecting and removing stores is the owner's; the server refuses it
   * to other operators, so it is not offered. Syncing stays open. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stores.add",
                                 (retour_database_get_operator_roles (retour_context_get_database (self->context)) &
                                  RETOUR_OPERATOR_ROLE_OWNER) != 0);

  stores = retour_sync_store_list (retour_context_get_database (self->context), &error);
  if (stores == NULL)
    {
      toast (self, error->message);
      return;
    }

  for (guint i = 0; i < stores->len; i++)
    {
      GtkWidget *group = retour_store_group_new (self->context, g_ptr_array_index (stores, i));

      g_signal_connect_object (group, "store-changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->groups, group);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_group), stores->len == 0);

  /* Below the stores: it is about all of them. */
  g_object_ref (self->reasons_group);
  adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self), self->reasons_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->reasons_group);
  g_object_unref (self->reasons_group);
  fill_reasons (self, stores);
}

static void
added_cb (RetourStoresPage *self,
          gint64            store_id)
{
  retour_stores_page_reload (self);
}

void
retour_stores_page_add_store (RetourStoresPage *self)
{
  RetourAddStoreDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (RETOUR_IS_STORES_PAGE (self));

  if (self->context == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = retour_add_store_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
  g_signal_connect_object (dialog, "added", G_CALLBACK (added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  retour_stores_page_add_store (RETOUR_STORES_PAGE (widget));
}

static void
retour_stores_page_map (GtkWidget *widget)
{
  RetourStoresPage *self = RETOUR_STORES_PAGE (widget);

  GTK_WIDGET_CLASS (retour_stores_page_parent_class)->map (widget);

  clock_cb (self);
  if (self->clock_source == 0)
    self->clock_source = g_timeout_add_seconds (CLOCK_INTERVAL_S, clock_cb, self);
}

static void
retour_stores_page_unmap (GtkWidget *widget)
{
  RetourStoresPage *self = RETOUR_STORES_PAGE (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);

  GTK_WIDGET_CLASS (retour_stores_page_parent_class)->unmap (widget);
}

static void
retour_stores_page_dispose (GObject *object)
{
  RetourStoresPage *self = RETOUR_STORES_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->groups != NULL)
    g_ptr_array_set_size (self->groups, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_STORES_PAGE);

  G_OBJECT_CLASS (retour_stores_page_parent_class)->dispose (object);
}

static void
retour_stores_page_finalize (GObject *object)
{
  RetourStoresPage *self = RETOUR_STORES_PAGE (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->reason_rows, g_ptr_array_unref);
  g_clear_pointer (&self->reason_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_stores_page_parent_class)->finalize (object);
}

static void
retour_stores_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RetourStoresPage *self = RETOUR_STORES_PAGE (object);

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
retour_stores_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RetourStoresPage *self = RETOUR_STORES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_stores_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_stores_page_class_init (RetourStoresPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_stores_page_dispose;
  object_class->finalize = retour_stores_page_finalize;
  object_class->get_property = retour_stores_page_get_property;
  object_class->set_property = retour_stores_page_set_property;

  /* The shop whose stores are shown, set by the preferences window;
   * setting it again reloads. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = retour_stores_page_map;
  widget_class->unmap = retour_stores_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-stores-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourStoresPage, empty_group);
  gtk_widget_class_bind_template_child (widget_class, RetourStoresPage, reasons_group);

  gtk_widget_class_install_action (widget_class, "stores.add", NULL, add_action);
}

static void
retour_stores_page_init (RetourStoresPage *self)
{
  /* Not owned: the page holds its groups. */
  self->groups = g_ptr_array_new ();
  self->reason_rows = g_ptr_array_new ();
  self->reason_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
retour_stores_page_set_context (RetourStoresPage *self,
                                RetourContext    *context)
{
  g_return_if_fail (RETOUR_IS_STORES_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  retour_stores_page_reload (self);
}
