/* retour-stores-page.c — the Stores page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-add-store-dialog.h"
#include "retour-store-group.h"
#include "retour-stores-page.h"
#include "retour-sync-store.h"
#include "retour-text.h"
#include "retour-toast.h"

struct _RetourStoresPage
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *empty_group;

  RetourContext       *context;
  GPtrArray           *groups;        /* RetourStoreGroup*, as shown */
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

  gtk_widget_class_install_action (widget_class, "stores.add", NULL, add_action);
}

static void
retour_stores_page_init (RetourStoresPage *self)
{
  /* Not owned: the page holds its groups. */
  self->groups = g_ptr_array_new ();
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
