/* retour-context.h — what every part of the app is handed instead of globals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The database, the clock, the shop's time zone, the name written into
 * the audit trail, the keyring the stores' keys are kept in, and the
 * scheduler every sync of the shop goes through. The app makes one per
 * shop window and the CLI one per command; tests make one with a fixed
 * clock and a keyring in memory.
 */
#pragma once

#include <gio/gio.h>

#include "retour-database.h"
#include "retour-keyring.h"
#include "retour-sync-scheduler.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CONTEXT (retour_context_get_type ())

G_DECLARE_FINAL_TYPE (RetourContext, retour_context, RETOUR, CONTEXT, GObject)

RetourContext  *retour_context_new            (RetourDatabase  *database);
/* For work on a worker thread, which needs a connection of its own (one
 * connection is used from one thread at a time): a context over
 * @database with @self's clock, time zone, actor and keyring (if it has
 * made one), so that the worker's "now" and name are the caller's. @self
 * is only read, so the worker may call this, as long as nobody changes
 * @self meanwhile (its setters are for when it is made) and its clock
 * may be called from any thread (the real one may). */
RetourContext  *retour_context_new_for_thread (RetourContext   *self,
                                               RetourDatabase  *database);
RetourDatabase *retour_context_get_database   (RetourContext   *self);
/* UTC microseconds since the epoch, from the context's clock. */
gint64          retour_context_now            (RetourContext   *self);
/* Replaces the real-time clock (tests, demo); NULL puts it back. */
void            retour_context_set_clock      (RetourContext   *self,
                                               RetourClockFunc  func,
                                               gpointer         user_data);
/* The clock as a function, for what reads the time as it works (a sync
 * engine); it stays the one given even if the context's is replaced
 * later. */
void            retour_context_get_clock      (RetourContext   *self,
                                               RetourClockFunc *func,
                                               gpointer        *user_data);
/* The time zone return windows are judged in: the local one by default. */
GTimeZone      *retour_context_get_time_zone  (RetourContext   *self);
/* @utc_us (UTC microseconds) as a date and time in the context's time
 * zone, for showing; NULL when out of GDateTime's range. */
GDateTime      *retour_context_to_local       (RetourContext   *self,
                                               gint64           utc_us);
/* retour_context_to_local() formatted with g_date_time_format(); "" when
 * out of range. */
char           *retour_context_format_time    (RetourContext   *self,
                                               gint64           utc_us,
                                               const char      *format);
void            retour_context_set_time_zone  (RetourContext   *self,
                                               GTimeZone       *tz);
/* Who is at the keyboard, for the audit trail. */
const char     *retour_context_get_actor      (RetourContext   *self);
void            retour_context_set_actor      (RetourContext   *self,
                                               const char      *actor);
/* The Secret Service unless replaced (tests). */
RetourKeyring  *retour_context_get_keyring    (RetourContext   *self);
void            retour_context_set_keyring    (RetourContext   *self,
                                               RetourKeyring   *keyring);
/* The shop's one sync scheduler, made when first asked for with the
 * context's database, keyring and clock (a keyring or clock set later
 * reaches it too). It is shut down with the context. */
RetourSyncScheduler *retour_context_get_sync_scheduler (RetourContext *self);

G_END_DECLS
