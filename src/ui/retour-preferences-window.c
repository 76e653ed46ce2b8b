/* retour-preferences-window.c — the shop's preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-preferences-window.h"
#include "retour-stores-page.h"

struct _RetourPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RetourStoresPage     *stores_page;

  RetourContext        *context;
  RetourSyncScheduler  *scheduler;
};

G_DEFINE_FINAL_TYPE (RetourPreferencesWindow, retour_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SCHEDULER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
retour_preferences_window_constructed (GObject *object)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (retour_preferences_window_parent_class)->constructed (object);

  retour_stores_page_set_shop (self->stores_page, self->context, self->scheduler);
}

static void
retour_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (retour_preferences_window_parent_class)->dispose (object);
}

static void
retour_preferences_window_finalize (GObject *object)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (retour_preferences_window_parent_class)->finalize (object);
}

static void
retour_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_preferences_window_class_init (RetourPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = retour_preferences_window_constructed;
  object_class->dispose = retour_preferences_window_dispose;
  object_class->finalize = retour_preferences_window_finalize;
  object_class->get_property = retour_preferences_window_get_property;
  object_class->set_property = retour_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL,
                         RETOUR_TYPE_SYNC_SCHEDULER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_STORES_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, stores_page);
}

static void
retour_preferences_window_init (RetourPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RetourPreferencesWindow *
retour_preferences_window_new (GtkWindow           *parent,
                               RetourContext       *context,
                               RetourSyncScheduler *scheduler)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (RETOUR_IS_SYNC_SCHEDULER (scheduler), NULL);

  return g_object_new (RETOUR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       "scheduler", scheduler,
                       NULL);
}

RetourContext *
retour_preferences_window_get_context (RetourPreferencesWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_PREFERENCES_WINDOW (self), NULL);

  return self->context;
}

void
retour_preferences_window_add_store (RetourPreferencesWindow *self)
{
  g_return_if_fail (RETOUR_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->stores_page));
  retour_stores_page_add_store (self->stores_page);
}
