/* retour-demo.h — a realistic demo shop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Products in categories, customers from the Netherlands, France, Germany
 * and Poland, six months of orders, and returns in every lifecycle state,
 * each walked through the lifecycle with its events, refunds and stock
 * movements, as if staff had done it. Deterministic for a given seed.
 *
 * retour_demo_create_async() builds it in a worker thread, for the
 * window's "Try the demo", with progress reported back on the caller's
 * main context. It is kept beside the demo it builds, not with the
 * window: it needs no GTK, only a connection of its own (an SQLite
 * connection belongs to one thread at a time), which
 * retour_demo_create() opens anyway.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef void (*RetourDemoProgress) (guint64   done,
                                    guint64   total,
                                    gpointer  user_data);

typedef struct
{
  guint64             n_rmas;        /* returns to create */
  guint64             seed;
  gint64              now_us;        /* "today" of the demo shop */
  RetourDemoProgress  progress;      /* may be NULL; called from this thread */
  gpointer            progress_data;
} RetourDemoOptions;

/* Fills an empty database. Refuses one that already holds a shop. Writes in
 * transactions of 10,000 returns and reports progress every 250; on error
 * or cancellation the transaction under way is rolled back, and what was
 * committed before it stays (build into a scratch file to get all or
 * nothing). */
gboolean retour_demo_generate (RetourDatabase           *db,
                               const RetourDemoOptions  *options,
                               GCancellable             *cancellable,
                               GError                  **error);

/* Makes a demo shop at @path, all or nothing: it is built in a scratch
 * file beside @path and put in place only when complete, so a demo that is
 * killed, cancelled or runs out of disk leaves no database (or the empty
 * one that was there). Refuses a database that already holds a shop. */
gboolean retour_demo_create   (const char               *path,
                               const RetourDemoOptions  *options,
                               GCancellable             *cancellable,
                               GError                  **error);

/* retour_demo_create() in a worker thread. While it runs, leave the
 * database at @path alone.
 *
 * @options->progress is called on the caller's thread-default main
 * context, not on the worker: reports are coalesced, and none arrives once
 * @cancellable is cancelled or _finish() has returned — cancel before
 * @options->progress_data goes away. */
void     retour_demo_create_async  (const char               *path,
                                    const RetourDemoOptions  *options,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data);
gboolean retour_demo_create_finish (GAsyncResult             *result,
                                    GError                  **error);

G_END_DECLS
