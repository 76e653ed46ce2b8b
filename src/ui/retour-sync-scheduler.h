/* retour-sync-scheduler.h — the syncs the window app runs, one at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owned by the application. "Sync Now" in the preferences queues a run of
 * one store; for the shops it watches (one per open window), the
 * scheduler also queues by itself every store whose sync interval has
 * passed since its last run. Runs go one after another, each on the main
 * context with the engine's asynchronous calls: only the network is
 * waited for, never the main loop. A run looks the store's keys up in the
 * context's keyring, syncs, and then retries the refunds still waiting
 * to be written back; the engine records the last sync and last error.
 * A refund recorded in the editor is sent by a write-back-only run.
 */
#pragma once

#include <gio/gio.h>

#include "retour-context.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_SYNC_STATE_IDLE,
  RETOUR_SYNC_STATE_QUEUED,
  RETOUR_SYNC_STATE_RUNNING,
} RetourSyncState;

#define RETOUR_TYPE_SYNC_SCHEDULER (retour_sync_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (RetourSyncScheduler, retour_sync_scheduler, RETOUR, SYNC_SCHEDULER, GObject)

/* Signals:
 *   "changed" (RetourContext *context, gint64 store_id): a run of the
 *   store was queued, started, made progress or ended.
 *   "finished" (RetourContext *context, gint64 store_id, GError *error):
 *   a run ended; @error is NULL when it went well, G_IO_ERROR_CANCELLED
 *   when it was cancelled.
 * Property "busy": whether a run is under way or queued. */

RetourSyncScheduler *retour_sync_scheduler_new        (void);
/* Syncs the stores of @context's shop by their intervals for as long as
 * @context lives. */
void                 retour_sync_scheduler_watch      (RetourSyncScheduler *self,
                                                       RetourContext       *context);
/* Queues a run of @store_id unless one is queued or under way. */
void                 retour_sync_scheduler_sync       (RetourSyncScheduler *self,
                                                       RetourContext       *context,
                                                       gint64               store_id);
/* Sends the store's queued refund write-backs now, in turn with its
 * syncs, so that no refund is ever sent by two runs at once. Ends with
 * "finished" like a sync, but is not recorded as one. */
void                 retour_sync_scheduler_write_back (RetourSyncScheduler *self,
                                                       RetourContext       *context,
                                                       gint64               store_id);
void                 retour_sync_scheduler_cancel     (RetourSyncScheduler *self,
                                                       RetourContext       *context,
                                                       gint64               store_id);
/* Cancels the run under way and empties the queue. */
void                 retour_sync_scheduler_cancel_all (RetourSyncScheduler *self);
/* Cancels everything and stops the timer (the application shutting down). */
void                 retour_sync_scheduler_shutdown   (RetourSyncScheduler *self);
/* Queues the watched stores whose interval has passed; the timer calls it
 * every minute. */
void                 retour_sync_scheduler_check      (RetourSyncScheduler *self);
/* @done and @total (-1: not known) are the orders of a running sync. */
RetourSyncState      retour_sync_scheduler_get_state  (RetourSyncScheduler *self,
                                                       RetourContext       *context,
                                                       gint64               store_id,
                                                       guint64             *done,
                                                       gint64              *total);
gboolean             retour_sync_scheduler_get_busy   (RetourSyncScheduler *self);

G_END_DECLS
