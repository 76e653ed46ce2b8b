/* retour-database-watcher.h — tells a view when the database changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_DATABASE_WATCHER (retour_database_watcher_get_type ())

G_DECLARE_FINAL_TYPE (RetourDatabaseWatcher, retour_database_watcher, RETOUR, DATABASE_WATCHER, GObject)

/* Signals:
 *   "changed" (RetourDatabaseWatcher *watcher): once the main loop is
 *   idle after a commit on @db's own connection, or after another
 *   program — a second window, retour-cli, cron — committed since the
 *   view last caught up (noticed within a second, and said again each
 *   second until it catches up). Changes in between are said once.
 *   "connection-lost" (RetourDatabaseWatcher *watcher): a shared
 *   database's connection broke (the server went away, or ended it):
 *   the window says it is offline. When the connection is mended
 *   (retour_database_reconnect_from()), the watcher follows the new
 *   one and says so again the next time it breaks. */

RetourDatabaseWatcher *retour_database_watcher_new       (RetourDatabase        *db);
/* The view has read the database as it is now: a change not said yet
 * is not said. */
void                   retour_database_watcher_catch_up  (RetourDatabaseWatcher *self);
/* Whether anything was committed since the view last caught up. */
gboolean               retour_database_watcher_is_behind (RetourDatabaseWatcher *self);

G_END_DECLS
