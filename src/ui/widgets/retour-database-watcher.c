/* retour-database-watcher.c — tells a view when the database changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Commits on the view's own connection come as the database's
 * "committed" signal; other programs' commits only show in the data
 * version: on a file it is polled, on a shared database the server's
 * notification wakes the watcher at once. One watcher does both for every view
 * that updates live, and says it once the main loop is idle: the action
 * that committed is done by then, and changes in between are said once.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib-unix.h>

#include "retour-database-watcher.h"

/* Other programs' changes show within this. */
#define POLL_INTERVAL_MS 1000

struct _RetourDatabaseWatcher
{
  GObject         parent_instance;

  RetourDatabase *db;
  guint64         seen;       /* the data version the view caught up with */
  gulong          committed_handler;
  guint           poll_source;
  guint           notify_source;
  int             notify_fd;
  gboolean        had_notify_fd;    /* a shared database's */
  guint           changed_source;   /* "changed" to be said */
};

enum {
  CHANGED,
  CONNECTION_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RetourDatabaseWatcher, retour_database_watcher, G_TYPE_OBJECT)

static void
retour_database_watcher_dispose (GObject *object)
{
  RetourDatabaseWatcher *self = RETOUR_DATABASE_WATCHER (object);

  if (self->committed_handler != 0)
    g_clear_signal_handler (&self->committed_handler, self->db);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->notify_source, g_source_remove);
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (retour_database_watcher_parent_class)->dispose (object);
}

static void
retour_database_watcher_class_init (RetourDatabaseWatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = retour_database_watcher_dispose;

  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[CONNECTION_LOST] = g_signal_new ("connection-lost",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
}

static void
retour_database_watcher_init (RetourDatabaseWatcher *self)
{
}

static gboolean
changed_cb (gpointer user_data)
{
  RetourDatabaseWatcher *self = user_data;

  self->changed_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static void
changed (RetourDatabaseWatcher *self)
{
  if (self->changed_source == 0)
    self->changed_source = g_idle_add (changed_cb, self);
}

static void
committed_cb (RetourDatabase        *db,
              RetourDatabaseWatcher *self)
{
  changed (self);
}

static gboolean notify_cb (int           fd,
                           GIOCondition  condition,
                           gpointer      user_data);

static gboolean
watch_notifications (RetourDatabaseWatcher *self)
{
  self->notify_fd = retour_database_get_watch_fd (self->db);
  if (self->notify_fd < 0)
    return FALSE;

  self->notify_source = g_unix_fd_add (self->notify_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, notify_cb, self);
  return TRUE;
}

static gboolean
poll_cb (gpointer user_data)
{
  RetourDatabaseWatcher *self = user_data;

  if (retour_database_watcher_is_behind (self))
    changed (self);

  /* A shared database whose connection was mended: back to waking on
   * the server's notifications. */
  if (self->had_notify_fd && watch_notifications (self))
    {
      self->poll_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_polling (RetourDatabaseWatcher *self)
{
  self->poll_source = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->poll_source),
                            "[retour] database changes");
}

/* The server's socket is readable: a notification, most likely. A
 * connection that broke makes it readable for good; then the watcher
 * falls back to polling, which keeps going while the desk is offline. */
static gboolean
notify_cb (int           fd,
           GIOCondition  condition,
           gpointer      user_data)
{
  RetourDatabaseWatcher *self = user_data;

  if (retour_database_watcher_is_behind (self))
    changed (self);

  if ((condition & (G_IO_HUP | G_IO_ERR)) != 0 ||
      retour_database_get_watch_fd (self->db) != self->notify_fd)
    {
      self->notify_source = 0;
      self->notify_fd = -1;
      start_polling (self);
      g_signal_emit (self, signals[CONNECTION_LOST], 0);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

RetourDatabaseWatcher *
retour_database_watcher_new (RetourDatabase *db)
{
  RetourDatabaseWatcher *self;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  self = g_object_new (RETOUR_TYPE_DATABASE_WATCHER, NULL);
  self->db = g_object_ref (db);
  self->seen = retour_database_get_data_version (db);
  self->committed_handler = g_signal_connect (db, "committed", G_CALLBACK (committed_cb), self);

  self->had_notify_fd = watch_notifications (self);
  if (!self->had_notify_fd)
    start_polling (self);

  return self;
}

void
retour_database_watcher_catch_up (RetourDatabaseWatcher *self)
{
  g_return_if_fail (RETOUR_IS_DATABASE_WATCHER (self));

  self->seen = retour_database_get_data_version (self->db);
  g_clear_handle_id (&self->changed_source, g_source_remove);
}

gboolean
retour_database_watcher_is_behind (RetourDatabaseWatcher *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE_WATCHER (self), FALSE);

  return retour_database_get_data_version (self->db) != self->seen;
}
