/* retour-jobs.h — database work that must not block the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An SQLite connection belongs to one thread at a time, so each job opens
 * its own RetourDatabase on the same file in a worker thread and hands
 * plain data back to the main thread. While a job runs, the window leaves
 * its own connection alone.
 */
#pragma once

#include <gio/gio.h>

#include "retour-database.h"
#include "retour-demo.h"

G_BEGIN_DECLS

/* Counts the returns in the database at @path that need action at
 * @now_us, up to @cap (retour_search_count_needing_action()). */
void     retour_jobs_count_needing_action_async  (const char               *path,
                                                  gint64                    now_us,
                                                  guint64                   cap,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
gboolean retour_jobs_count_needing_action_finish (GAsyncResult             *result,
                                                  guint64                  *count,
                                                  GError                  **error);

/* Fills the empty database at @path with a demo shop. The shop is built in
 * a scratch file beside it and copied in only when complete, so a
 * cancelled or failed run leaves the database as empty as it was.
 *
 * @options->progress is called on the caller's thread-default main
 * context, not on the worker: reports are coalesced, and none arrives once
 * @cancellable is cancelled or _finish() has returned — cancel before
 * @options->progress_data goes away. */
void     retour_jobs_generate_demo_async    (const char               *path,
                                             const RetourDemoOptions  *options,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
gboolean retour_jobs_generate_demo_finish   (GAsyncResult             *result,
                                             GError                  **error);

G_END_DECLS
