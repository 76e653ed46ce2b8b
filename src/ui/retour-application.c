/* retour-application.c — the Retour application object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "retour-application-private.h"
#include "retour-privacy-store.h"
#include "retour-window.h"

struct _RetourApplication
{
  AdwApplication parent_instance;

  guint          sigint_source;
  guint          sigterm_source;

  /* The schedulers of the shops with a sync under way: each keeps the
   * application held. */
  GHashTable    *syncing;

  GSettings     *settings;   /* NULL without the schema's database-location */
  guint          retention_source;
  RetourKeyring *keyring;    /* made when first needed */
};

G_DEFINE_FINAL_TYPE (RetourApplication, retour_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the shop in FILE instead of the default one"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  G_OPTION_ENTRY_NULL
};

static int
retour_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Go on: to the primary instance's command_line. */
  return -1;
}

/* Runs in the primary instance, also for a second `retour --database …`,
 * whose relative path is resolved against its own working folder. */
static int
retour_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  RetourApplication *self = RETOUR_APPLICATION (application);
  GVariantDict *options;
  const char *arg = NULL;
  g_autofree char *path = NULL;

  options = g_application_command_line_get_options_dict (command_line);

  if (g_variant_dict_lookup (options, "database", "^&ay", &arg) && retour_database_location_is_server (arg))
    {
      /* A shared database, for this run only: the desk's own stays. */
      path = g_strdup (arg);
    }
  else if (arg != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arg);

      path = g_file_get_path (file);
      if (path == NULL)
        {
          /* Translators: %s is what was given after --database. */
          g_application_command_line_printerr (command_line, _("%s is not a local file\n"), arg);
          return EXIT_FAILURE;
        }
    }

  retour_application_open (self, path);

  return EXIT_SUCCESS;
}

static void
retour_application_activate (GApplication *application)
{
  retour_application_open (RETOUR_APPLICATION (application), NULL);
}

/* Ctrl+C in a terminal, or the session ending: quit as from the menu, so
 * that windows keep their size and a demo shop being built is cancelled
 * and cleaned up rather than cut off halfway. */
static gboolean
retour_application_terminate_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

/* Syncs --------------------------------------------------------------------- */

/* A sync under way keeps the process alive, so that closing the last
 * window (which cancels it) lets it end cleanly rather than cut off. */
static void
retour_application_sync_busy_cb (RetourApplication   *self,
                                 GParamSpec          *pspec,
                                 RetourSyncScheduler *scheduler)
{
  if (!retour_sync_scheduler_get_busy (scheduler))
    {
      if (g_hash_table_remove (self->syncing, scheduler))
        g_application_release (G_APPLICATION (self));
    }
  else if (!g_hash_table_contains (self->syncing, scheduler))
    {
      g_hash_table_add (self->syncing, g_object_ref (scheduler));
      g_application_hold (G_APPLICATION (self));
    }
}

/* A shop's first sync is a way out of the welcome page: its window shows
 * the returns desk (win.start-empty is only enabled on the welcome page). */
static void
retour_application_sync_finished_cb (RetourApplication   *self,
                                     gint64               store_id,
                                     const GError        *error,
                                     RetourSyncScheduler *scheduler)
{
  if (error != NULL)
    return;

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      RetourContext *context = RETOUR_IS_WINDOW (l->data) ? retour_window_get_context (l->data) : NULL;

      if (context != NULL && retour_context_get_sync_scheduler (context) == scheduler)
        gtk_widget_activate_action (l->data, "win.start-empty", NULL);
    }
}

/* The shop of a window syncs its stores by their intervals for as long as
 * it is open. */
static void
retour_application_window_context_cb (RetourApplication *self,
                                      GParamSpec        *pspec,
                                      RetourWindow      *window)
{
  RetourContext *context = retour_window_get_context (window);
  RetourSyncScheduler *scheduler;

  if (context == NULL)
    return;

  scheduler = retour_context_get_sync_scheduler (context);
  retour_sync_scheduler_set_automatic (scheduler, TRUE);

  if (g_signal_handler_find (scheduler, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             retour_application_sync_busy_cb, self) != 0)
    return;

  g_signal_connect_object (scheduler, "notify::busy", G_CALLBACK (retour_application_sync_busy_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scheduler, "finished", G_CALLBACK (retour_application_sync_finished_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Cancels what the shops are syncing. @shutdown: for good, and without
 * waiting for the runs to say they stopped. */
static void
retour_application_stop_syncs (RetourApplication *self,
                               gboolean           shutdown)
{
  g_autoptr(GPtrArray) schedulers = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;

  /* Cancelling may end a run at once, and take its scheduler out of
   * the set: walk a copy. */
  g_hash_table_iter_init (&iter, self->syncing);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (schedulers, g_object_ref (key));

  for (guint i = 0; i < schedulers->len; i++)
    {
      RetourSyncScheduler *scheduler = g_ptr_array_index (schedulers, i);

      if (shutdown)
        {
          g_signal_handlers_disconnect_by_data (scheduler, self);
          retour_sync_scheduler_shutdown (scheduler);
        }
      else
        retour_sync_scheduler_cancel_all (scheduler);
    }

  if (shutdown)
    g_hash_table_remove_all (self->syncing);
}

static void
retour_application_window_added (GtkApplication *application,
                                 GtkWindow      *window)
{
  RetourApplication *self = RETOUR_APPLICATION (application);

  GTK_APPLICATION_CLASS (retour_application_parent_class)->window_added (application, window);

  if (RETOUR_IS_WINDOW (window))
    {
      g_signal_connect_object (window, "notify::context", G_CALLBACK (retour_application_window_context_cb),
                               self, G_CONNECT_SWAPPED);
      retour_application_window_context_cb (self, NULL, RETOUR_WINDOW (window));
    }
}

static void
retour_application_window_removed (GtkApplication *application,
                                   GtkWindow      *window)
{
  RetourApplication *self = RETOUR_APPLICATION (application);

  GTK_APPLICATION_CLASS (retour_application_parent_class)->window_removed (application, window);

  /* The last window closed: stop syncing, and let the process end. */
  if (gtk_application_get_windows (application) == NULL)
    retour_application_stop_syncs (self, FALSE);
}

/* The shop's retention rule, applied once a day by whichever desk is
 * open (the store keeps the day it last ran); checked every hour, so a
 * desk left open overnight runs it on the new day. */
#define RETENTION_CHECK_S (60 * 60)

static gboolean
retention_tick_cb (gpointer user_data)
{
  RetourApplication *self = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      RetourContext *context;
      g_autoptr(GError) error = NULL;
      guint n = 0;

      if (!RETOUR_IS_WINDOW (l->data) || (context = retour_window_get_context (l->data)) == NULL)
        continue;
      if (!retour_privacy_store_run_daily (retour_context_get_database (context),
                                           retour_context_get_actor (context),
                                           retour_context_now (context), &n, &error))
        g_warning ("The retention rule could not run: %s", error->message);
      else if (n > 0)
        g_debug ("The retention rule anonymised %u customers", n);
    }

  return G_SOURCE_CONTINUE;
}

/* A minute after start (a shop opened in the morning, closed before an
 * hour has passed), then every hour. */
static gboolean
retention_first_cb (gpointer user_data)
{
  RetourApplication *self = user_data;

  retention_tick_cb (self);
  self->retention_source = g_timeout_add_seconds (RETENTION_CHECK_S, retention_tick_cb, self);

  return G_SOURCE_REMOVE;
}

static void
retour_application_startup (GApplication *application)
{
  RetourApplication *self = RETOUR_APPLICATION (application);

  /* AdwApplication loads style.css from the resource base path and makes
   * the colours follow the system's light or dark preference. */
  G_APPLICATION_CLASS (retour_application_parent_class)->startup (application);

  _retour_application_actions_init (self);

  self->sigint_source = g_unix_signal_add (SIGINT, retour_application_terminate_cb, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, retour_application_terminate_cb, self);
  self->retention_source = g_timeout_add_seconds (60, retention_first_cb, self);
}

static void
retour_application_shutdown (GApplication *application)
{
  RetourApplication *self = RETOUR_APPLICATION (application);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->retention_source, g_source_remove);
  retour_application_stop_syncs (self, TRUE);

  G_APPLICATION_CLASS (retour_application_parent_class)->shutdown (application);
}

static void
retour_application_finalize (GObject *object)
{
  RetourApplication *self = RETOUR_APPLICATION (object);

  g_clear_pointer (&self->syncing, g_hash_table_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->keyring);

  G_OBJECT_CLASS (retour_application_parent_class)->finalize (object);
}

static void
retour_application_class_init (RetourApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = retour_application_finalize;

  app_class->handle_local_options = retour_application_handle_local_options;
  app_class->command_line = retour_application_command_line;
  app_class->activate = retour_application_activate;
  app_class->startup = retour_application_startup;
  app_class->shutdown = retour_application_shutdown;

  gtk_app_class->window_added = retour_application_window_added;
  gtk_app_class->window_removed = retour_application_window_removed;
}

/* The desk's settings, if the schema is installed and knows where the
 * shop is: uninstalled builds may lack it, and then the desk always
 * opens the database on this computer. */
static GSettings *
retour_application_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "database-location"))
    {
      g_debug ("GSettings schema %s with database-location not found: the desk uses this computer's database",
               APPLICATION_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
retour_application_init (RetourApplication *self)
{
  self->settings = retour_application_settings_new ();
  self->syncing = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The returns desk for small online shops."));
}

RetourApplication *
retour_application_new (void)
{
  return g_object_new (RETOUR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/retour/Retour",
                       NULL);
}

/* Opening a shop ------------------------------------------------------------ */

/* A shared database is opened off the main thread (a server may take
 * seconds to answer, or not answer at all), with the password from the
 * keyring; the window says meanwhile that it is connecting. */
typedef struct
{
  GWeakRef           window;
  RetourApplication *application;   /* held */
  char              *location;
  GError            *keyring_error;   /* why there was no password */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_weak_ref_clear (&job->window);
  g_application_release (G_APPLICATION (job->application));
  g_object_unref (job->application);
  g_free (job->location);
  g_clear_error (&job->keyring_error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenJob, open_job_free)

static RetourContext *
retour_application_new_context (RetourApplication *self,
                                RetourDatabase    *db)
{
  RetourContext *context = retour_context_new (db);

  retour_context_set_keyring (context, retour_application_get_keyring (self));

  return context;
}

static void
open_server_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  RetourDatabase *db;

  /* Never CREATE: a server without a shop is set up by its owner with
   * retour-cli server init, not by whichever desk opens it first. */
  db = retour_database_open_full (task_data, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, g_object_unref);
}

static void
open_server_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OpenJob) job = user_data;
  g_autoptr(RetourWindow) window = g_weak_ref_get (&job->window);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;

  db = g_task_propagate_pointer (G_TASK (result), &error);

  /* The window was closed, or has been given another shop meanwhile. */
  if (window == NULL || g_strcmp0 (retour_window_get_path (window), job->location) != 0)
    return;

  if (db == NULL)
    {
      /* Refused for want of the password the keyring would have had. */
      if (job->keyring_error != NULL && g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED))
        retour_window_show_error (window, job->location, job->keyring_error);
      else
        retour_window_show_error (window, job->location, error);
      return;
    }

  context = retour_application_new_context (job->application, db);
  retour_window_set_context (window, context);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OpenJob) job = user_data;
  g_autoptr(RetourWindow) window = g_weak_ref_get (&job->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  char *location;
  char *password;

  password = retour_keyring_lookup_password_finish (RETOUR_KEYRING (object), result, &error);
  if (window == NULL || g_strcmp0 (retour_window_get_path (window), job->location) != 0)
    {
      retour_secret_free (password);
      return;
    }

  /* Without one the server may still let this computer in (trust,
   * ~/.pgpass); if not, it says so. */
  job->keyring_error = g_steal_pointer (&error);
  if (password != NULL)
    retour_database_set_server_password (job->location, password);
  retour_secret_free (password);

  location = g_strdup (job->location);
  task = g_task_new (NULL, NULL, open_server_cb, g_steal_pointer (&job));
  g_task_set_source_tag (task, password_cb);
  g_task_set_task_data (task, location, g_free);
  g_task_run_in_thread (task, open_server_thread);
}

void
retour_application_open_in_window (RetourApplication *self,
                                   RetourWindow      *window,
                                   const char        *location)
{
  g_return_if_fail (RETOUR_IS_APPLICATION (self));
  g_return_if_fail (RETOUR_IS_WINDOW (window));
  g_return_if_fail (location != NULL);

  if (retour_database_location_is_server (location))
    {
      OpenJob *job = g_new0 (OpenJob, 1);

      g_weak_ref_init (&job->window, window);
      job->application = g_object_ref (self);
      g_application_hold (G_APPLICATION (self));
      job->location = g_strdup (location);

      retour_window_show_connecting (window, location);
      retour_keyring_lookup_password_async (retour_application_get_keyring (self), location, NULL,
                                            password_cb, job);
    }
  else
    {
      g_autoptr(RetourContext) context = NULL;
      g_autoptr(GError) error = NULL;

      context = retour_application_open_context (self, location, &error);
      if (context != NULL)
        retour_window_set_context (window, context);
      else
        retour_window_show_error (window, location, error);
    }
}

char *
retour_application_get_location (RetourApplication *self)
{
  g_autofree char *location = NULL;

  g_return_val_if_fail (RETOUR_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    location = g_settings_get_string (self->settings, "database-location");

  if (location != NULL && retour_database_location_is_server (location))
    return g_steal_pointer (&location);

  return NULL;
}

void
retour_application_use_location (RetourApplication *self,
                                  RetourWindow      *window,
                                  const char        *location)
{
  g_autofree char *old = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GListModel) toplevels = NULL;

  g_return_if_fail (RETOUR_IS_APPLICATION (self));
  g_return_if_fail (RETOUR_IS_WINDOW (window));
  g_return_if_fail (location == NULL || retour_database_location_is_server (location));

  old = retour_application_get_location (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "database-location", location != NULL ? location : "");

  /* Back to this computer: the password of the server left is of no
   * more use here. */
  if (old != NULL && g_strcmp0 (old, location) != 0)
    {
      retour_database_set_server_password (old, NULL);
      retour_keyring_clear_password_async (retour_application_get_keyring (self), old, NULL, NULL, NULL);
    }

  /* What is open over the window (its preferences) belongs to the shop
   * it leaves. */
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i - 1);

      if (gtk_window_get_transient_for (other) == GTK_WINDOW (window))
        gtk_window_destroy (other);
    }

  if (location == NULL)
    location = path = retour_database_get_default_path ();
  retour_application_open_in_window (self, window, location);
}

RetourKeyring *
retour_application_get_keyring (RetourApplication *self)
{
  g_return_val_if_fail (RETOUR_IS_APPLICATION (self), NULL);

  if (self->keyring == NULL)
    self->keyring = retour_keyring_new ();

  return self->keyring;
}

void
retour_application_set_keyring (RetourApplication *self,
                                RetourKeyring     *keyring)
{
  g_return_if_fail (RETOUR_IS_APPLICATION (self));
  g_return_if_fail (RETOUR_IS_KEYRING (keyring));

  g_set_object (&self->keyring, keyring);
}

RetourWindow *
retour_application_open (RetourApplication *self,
                         const char        *path)
{
  g_autofree char *default_path = NULL;
  g_autofree char *canonical = NULL;
  RetourWindow *window;

  g_return_val_if_fail (RETOUR_IS_APPLICATION (self), NULL);

  /* The desk's shop: the shared database it was connected to, or the
   * file on this computer. */
  if (path == NULL)
    path = default_path = retour_application_get_location (self);
  if (path == NULL)
    path = default_path = retour_database_get_default_path ();
  canonical = retour_database_location_is_server (path) ? g_strdup (path) : g_canonicalize_filename (path, NULL);

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (RETOUR_IS_WINDOW (l->data) &&
          g_strcmp0 (retour_window_get_path (l->data), canonical) == 0)
        {
          gtk_window_present (l->data);
          return l->data;
        }
    }

  window = retour_window_new (self);
  retour_application_open_in_window (self, window, canonical);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

RetourContext *
retour_application_open_context (RetourApplication  *self,
                                 const char         *path,
                                 GError            **error)
{
  g_autoptr(RetourDatabase) db = NULL;

  g_return_val_if_fail (RETOUR_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = retour_database_open (path, error);
  if (db == NULL)
    return NULL;

  return retour_application_new_context (self, db);
}
