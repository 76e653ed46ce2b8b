/* retour-sync-scheduler.h — one shop's syncs, one at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One per shop database, carried by its RetourContext
 * (retour_context_get_sync_scheduler()), which hands it the database,
 * the keyring and the clock. Every run of the shop's stores goes through
 * it: "Sync Now" in the preferences queues a run of one store, a refund
 * recorded in the editor queues a write-back-only run, and once it syncs
 * automatically (the app asks that of each window's shop) it also queues
 * every store whose sync interval has passed since its last run. Runs go
 * one after another, each on the main context with the engine's
 * asynchronous calls: only the network is waited for, never the main
 * loop. A run looks the store's keys up in the keyring, syncs, and then
 * retries the refunds still waiting to be written back; the engine
 * records the last sync and last error. As only one run of a shop is
 * under way at a time, no refund is ever sent by two runs at once.
 */
#pragma once

#include <gio/gio.h>

#include "retour-database.h"
#include "retour-keyring.h"

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
 *   "changed" (gint64 store_id): a run of the store was queued, started,
 *   made progress or ended.
 *   "finished" (gint64 store_id, GError *error): a run ended; @error is
 *   NULL when it went well, G_IO_ERROR_CANCELLED when it was cancelled.
 * Property "busy": whether a run is under way or queued. */

RetourSyncScheduler *retour_sync_scheduler_new           (RetourDatabase      *database,
                                                          RetourKeyring       *keyring,
                                                          RetourClockFunc      clock,
                                                          gpointer             clock_data);
/* Runs that start from now on look the keys up in @keyring. */
void                 retour_sync_scheduler_set_keyring   (RetourSyncScheduler *self,
                                                          RetourKeyring       *keyring);
void                 retour_sync_scheduler_set_clock     (RetourSyncScheduler *self,
                                                          RetourClockFunc      clock,
                                                          gpointer             clock_data);
/* Whether the stores are synced by their intervals too (off at first). */
void                 retour_sync_scheduler_set_automatic (RetourSyncScheduler *self,
                                                          gboolean             automatic);
/* Queues a run of @store_id unless one is queued or under way. */
void                 retour_sync_scheduler_sync          (RetourSyncScheduler *self,
                                                          gint64               store_id);
/* Sends the store's queued refund write-backs now, and what staff
 * decided on customers' requests with the labels made for them, in turn
 * with its syncs, so that nothing is ever sent by two runs at once. Ends
 * with "finished" like a sync, but is not recorded as one. */
void                 retour_sync_scheduler_write_back    (RetourSyncScheduler *self,
                                                          gint64               store_id);
void                 retour_sync_scheduler_cancel        (RetourSyncScheduler *self,
                                                          gint64               store_id);
/* Cancels the run under way and empties the queue. */
void                 retour_sync_scheduler_cancel_all    (RetourSyncScheduler *self);
/* Cancels everything and stops syncing automatically (the shop closing). */
void                 retour_sync_scheduler_shutdown      (RetourSyncScheduler *self);
/* When syncing automatically, queues the stores whose interval has
 * passed; a timer calls it every minute. */
void                 retour_sync_scheduler_check         (RetourSyncScheduler *self);
/* @done and @total (-1: not known) are the orders of a running sync. */
RetourSyncState      retour_sync_scheduler_get_state     (RetourSyncScheduler *self,
                                                          gint64               store_id,
                                                          guint64             *done,
                                                          gint64              *total);
gboolean             retour_sync_scheduler_get_busy      (RetourSyncScheduler *self);

G_END_DECLS
