/* retour-application-actions.c — the app.* actions: quit, about, labels,
 * preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * app.show-label(rma-id) opens the label dialog of a return.
 * app.preferences (Ctrl+,) opens the preferences of the active window's
 * shop; app.connect-store opens them on the Stores page with the Add
 * Store dialog (the welcome page's "Connect a Store…").
 * app.connect-database opens "Connect to a Shared Database…" for the
 * active window's desk, app.use-local-database takes the desk back to
 * the database on this computer.
 *
 * Keyboard Shortcuts is win.show-help-overlay, which GtkApplication adds
 * to every window (with Ctrl+?) because gtk/help-overlay.ui sits under
 * the application's resource base path.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-application-private.h"
#include "retour-connect-dialog.h"
#include "retour-label-dialog.h"
#include "retour-preferences-window.h"
#include "retour-window.h"

#define RETOUR_WEBSITE   "https://github.com/retour/retour"
#define RETOUR_ISSUE_URL "https://github.com/retour/retour/issues"

static void
retour_application_actions_about (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  RetourApplication *self = user_data;
  GtkWindow *parent;
  AdwAboutWindow *about;

  g_assert (RETOUR_IS_APPLICATION (self));

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Retour"));
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Retour developers"));
  adw_about_window_set_copyright (about, _("© 2026 The Retour developers"));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, RETOUR_WEBSITE);
  adw_about_window_set_issue_url (about, RETOUR_ISSUE_URL);
  /* Translators: replace with your names, one per line, to be credited in
      the About window. */
  adw_about_window_set_translator_credits (about, _("translator-credits"));

  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (about), parent);
      gtk_window_set_modal (GTK_WINDOW (about), TRUE);
    }

  gtk_window_present (GTK_WINDOW (about));
}

static void
retour_application_actions_quit (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  RetourApplication *self = user_data;
  GList *windows = NULL;

  g_assert (RETOUR_IS_APPLICATION (self));

  /* Closing rather than g_application_quit(): each window saves its state
   * and cancels its jobs, and the application ends once the last window
   * is gone and the jobs have cleaned up. */
  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (g_steal_pointer (&windows), g_object_unref);
}

/* app.show-label(rma-id): the label dialog of a return, over the active
 * window and with its shop. */
static void
retour_application_actions_show_label (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  RetourApplication *self = user_data;
  GtkWindow *parent;
  RetourContext *context;

  g_assert (RETOUR_IS_APPLICATION (self));

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!RETOUR_IS_WINDOW (parent))
    return;

  context = retour_window_get_context (RETOUR_WINDOW (parent));
  if (context != NULL)
    retour_label_dialog_present (parent, context, g_variant_get_int64 (param));
}

/* The preferences of the active window's shop: the ones already open over
 * it, or new ones. NULL when the window has no shop. */
static RetourPreferencesWindow *
present_preferences (RetourApplication *self)
{
  GtkWindow *parent;
  RetourContext *context;
  RetourPreferencesWindow *preferences;
  g_autoptr(GListModel) toplevels = NULL;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!RETOUR_IS_WINDOW (parent))
    return NULL;

  context = retour_window_get_context (RETOUR_WINDOW (parent));
  if (context == NULL)
    return NULL;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (RETOUR_IS_PREFERENCES_WINDOW (window) &&
          retour_preferences_window_get_context (RETOUR_PREFERENCES_WINDOW (window)) == context)
        {
          gtk_window_present (window);
          return RETOUR_PREFERENCES_WINDOW (window);
        }
    }

  preferences = retour_preferences_window_new (parent, context);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));

  return preferences;
}

static void
retour_application_actions_preferences (GSimpleAction *action,
                                        GVariant      *param,
                                        gpointer       user_data)
{
  g_assert (RETOUR_IS_APPLICATION (user_data));

  present_preferences (user_data);
}

static void
retour_application_actions_connect_store (GSimpleAction *action,
                                          GVariant      *param,
                                          gpointer       user_data)
{
  RetourPreferencesWindow *preferences;

  g_assert (RETOUR_IS_APPLICATION (user_data));

  preferences = present_preferences (user_data);
  if (preferences != NULL)
    retour_preferences_window_add_store (preferences);
}

/* The main window the action is for: the active one, or the one the
 * active dialog (the preferences) belongs to. */
static RetourWindow *
active_shop_window (RetourApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  while (window != NULL && !RETOUR_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  return window != NULL ? RETOUR_WINDOW (window) : NULL;
}

static void
database_connected_cb (RetourConnectDialog *dialog,
                       const char          *location,
                       RetourApplication   *self)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  while (window != NULL && !RETOUR_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  if (window != NULL)
    retour_application_use_location (self, RETOUR_WINDOW (window), location);
}

static void
retour_application_actions_connect_database (GSimpleAction *action,
                                             GVariant      *param,
                                             gpointer       user_data)
{
  RetourApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *location = NULL;
  RetourConnectDialog *dialog;

  g_assert (RETOUR_IS_APPLICATION (self));

  if (active_shop_window (self) == NULL)
    return;

  /* Filled in with the shared database in use, to change it. */
  location = retour_application_get_location (self);
  dialog = retour_connect_dialog_new (parent, retour_application_get_keyring (self), location);
  g_signal_connect_object (dialog, "connected", G_CALLBACK (database_connected_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retour_application_actions_use_local_database (GSimpleAction *action,
                                               GVariant      *param,
                                               gpointer       user_data)
{
  RetourApplication *self = user_data;
  RetourWindow *window;

  g_assert (RETOUR_IS_APPLICATION (self));

  window = active_shop_window (self);
  if (window != NULL)
    retour_application_use_location (self, window, NULL);
}

void
_retour_application_actions_init (RetourApplication *self)
{
  static const GActionEntry actions[] = {
    { "about", retour_application_actions_about },
    { "quit", retour_application_actions_quit },
    { "show-label", retour_application_actions_show_label, "x" },
    { "preferences", retour_application_actions_preferences },
    { "connect-store", retour_application_actions_connect_store },
    { "connect-database", retour_application_actions_connect_database },
    { "use-local-database", retour_application_actions_use_local_database },
  };
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const preferences_accels[] = { "<Control>comma", NULL };

  g_assert (RETOUR_IS_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   actions,
                                   G_N_ELEMENTS (actions),
                                   self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}
