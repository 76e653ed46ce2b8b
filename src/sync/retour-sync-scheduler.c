/* retour-sync-scheduler.c — one shop's syncs, one at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-outbox.h"
#include "retour-resolution-store.h"
#include "retour-sync-engine.h"
#include "retour-sync-scheduler.h"
#include "retour-sync-store.h"

/* How often the stores are looked at while syncing automatically;
 * intervals are whole minutes, so a run starts at most this late. */
#define CHECK_INTERVAL_S 60

typedef struct
{
  RetourSyncScheduler *scheduler;        /* unowned: a run holds it */
  gint64               store_id;
  GCancellable        *cancellable;
  RetourStorefront    *storefront;
  RetourConnector     *connector;
  RetourSyncEngine    *engine;
  gboolean             write_back_only;  /* no sync: only send queued refunds */
  GArray              *pending;          /* refund ids to write back */
  guint                next_pending;
  char                *write_back_error;
  GArray              *resolutions;      /* queued resolution ids to carry out */
  guint                next_resolution;
  GError              *end_error;        /* how the run ends once they are sent */
  gboolean             end_record;
  guint64              done;
  gint64               total;
} Job;

struct _RetourSyncScheduler
{
  GObject          parent_instance;

  RetourDatabase  *db;
  RetourKeyring   *keyring;
  RetourClockFunc  clock;
  gpointer         clock_data;

  GQueue           queue;      /* Job* waiting */
  Job             *current;
  GHashTable      *attempted;  /* gint64* store id -> gint64* start of its last run */
  guint            timer;      /* while syncing automatically */
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (RetourSyncScheduler, retour_sync_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_next (RetourSyncScheduler *self);

static void
job_free (Job *job)
{
  if (job->engine != NULL)
    g_signal_handlers_disconnect_by_data (job->engine, job);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->storefront, retour_storefront_free);
  g_clear_object (&job->connector);
  g_clear_object (&job->engine);
  g_clear_pointer (&job->pending, g_array_unref);
  g_clear_pointer (&job->resolutions, g_array_unref);
  g_clear_error (&job->end_error);
  g_clear_pointer (&job->write_back_error, g_free);
  g_free (job);
}

static gint64
scheduler_now (RetourSyncScheduler *self)
{
  return self->clock (self->clock_data);
}

static void
update_busy (RetourSyncScheduler *self)
{
  gboolean busy = self->current != NULL || !g_queue_is_empty (&self->queue);

  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
retour_sync_scheduler_dispose (GObject *object)
{
  RetourSyncScheduler *self = RETOUR_SYNC_SCHEDULER (object);

  retour_sync_scheduler_shutdown (self);

  G_OBJECT_CLASS (retour_sync_scheduler_parent_class)->dispose (object);
}

static void
retour_sync_scheduler_finalize (GObject *object)
{
  RetourSyncScheduler *self = RETOUR_SYNC_SCHEDULER (object);

  /* Every run holds a reference to the scheduler until it has ended. */
  g_assert (self->current == NULL);

  g_queue_clear_full (&self->queue, (GDestroyNotify) job_free);
  g_clear_pointer (&self->attempted, g_hash_table_unref);
  g_clear_object (&self->db);
  g_clear_object (&self->keyring);

  G_OBJECT_CLASS (retour_sync_scheduler_parent_class)->finalize (object);
}

static void
retour_sync_scheduler_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RetourSyncScheduler *self = RETOUR_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_sync_scheduler_class_init (RetourSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = retour_sync_scheduler_dispose;
  object_class->finalize = retour_sync_scheduler_finalize;
  object_class->get_property = retour_sync_scheduler_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_INT64);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE,
                                           2, G_TYPE_INT64, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static gboolean
check_cb (gpointer user_data)
{
  retour_sync_scheduler_check (user_data);

  return G_SOURCE_CONTINUE;
}

static void
retour_sync_scheduler_init (RetourSyncScheduler *self)
{
  g_queue_init (&self->queue);
  self->attempted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

RetourSyncScheduler *
retour_sync_scheduler_new (RetourDatabase  *database,
                           RetourKeyring   *keyring,
                           RetourClockFunc  clock,
                           gpointer         clock_data)
{
  RetourSyncScheduler *self;

  g_return_val_if_fail (RETOUR_IS_DATABASE (database), NULL);
  g_return_val_if_fail (RETOUR_IS_KEYRING (keyring), NULL);
  g_return_val_if_fail (clock != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_SYNC_SCHEDULER, NULL);
  self->db = g_object_ref (database);
  self->keyring = g_object_ref (keyring);
  self->clock = clock;
  self->clock_data = clock_data;

  return self;
}

void
retour_sync_scheduler_set_keyring (RetourSyncScheduler *self,
                                   RetourKeyring       *keyring)
{
  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (RETOUR_IS_KEYRING (keyring));

  g_set_object (&self->keyring, keyring);
}

void
retour_sync_scheduler_set_clock (RetourSyncScheduler *self,
                                 RetourClockFunc      clock,
                                 gpointer             clock_data)
{
  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (clock != NULL);

  self->clock = clock;
  self->clock_data = clock_data;
}

/* Running --------------------------------------------------------------- */

/* Ends the current run. @record: the error happened outside the engine's
 * run, which records its own. */
static void
end_job (RetourSyncScheduler *self,
         GError              *error,
         gboolean             record)
{
  Job *job = g_steal_pointer (&self->current);
  g_autoptr(GError) owned_error = error;
  g_autoptr(GError) record_error = NULL;

  if (record && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !retour_sync_store_record_sync (self->db, job->store_id, scheduler_now (self), error->message,
                                      &record_error))
    g_warning ("Could not record how a sync ended: %s", record_error->message);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Sync of store %" G_GINT64_FORMAT " failed: %s", job->store_id, error->message);

  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, job->store_id, error);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, job->store_id);
  job_free (job);

  start_next (self);
  update_busy (self);

  /* Taken when the run started. */
  g_object_unref (self);
}

static void write_next (RetourSyncScheduler *self);
static void carry_out_next (RetourSyncScheduler *self);

static void
carried_out_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RetourSyncScheduler *self = user_data;
  g_autoptr(RetourStoreResolution) resolution = NULL;
  GError *error = NULL;

  /* The engine records each outcome with its resolution, where the
   * store's preferences and the return show it; one that fails does not
   * hold up the others. */
  resolution = retour_sync_engine_carry_out_finish (RETOUR_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_job (self, error, FALSE);
      return;
    }
  if (error != NULL)
    g_debug ("A resolution was not carried out: %s", error->message);
  g_clear_error (&error);

  carry_out_next (self);
}

static void
carry_out_next (RetourSyncScheduler *self)
{
  Job *job = self->current;

  if (job->next_resolution >= job->resolutions->len)
    {
      end_job (self, g_steal_pointer (&job->end_error), job->end_record);
      return;
    }

  retour_sync_engine_carry_out_async (job->engine, g_array_index (job->resolutions, gint64, job->next_resolution++),
                                      job->connector, job->cancellable, carried_out_cb, self);
}

/* After the refunds, the exchanges and credits queued at the desk go to
 * the store; then the run ends with @error (see end_job()). */
static void
carry_out_queued (RetourSyncScheduler *self,
                  GError              *error,
                  gboolean             record)
{
  Job *job = self->current;
  GError *list_error = NULL;

  job->end_error = error;
  job->end_record = record;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || job->connector == NULL ||
      (job->resolutions = retour_resolution_store_list_pending (self->db, job->store_id, &list_error)) == NULL)
    {
      if (list_error != NULL)
        g_warning ("Could not list the resolutions waiting for the store: %s", list_error->message);
      g_clear_error (&list_error);
      end_job (self, g_steal_pointer (&job->end_error), record);
      return;
    }

  if (job->engine == NULL)
    job->engine = retour_sync_engine_new (self->db, self->clock, self->clock_data);
  carry_out_next (self);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RetourSyncScheduler *self = user_data;
  g_autofree char *external_id = NULL;
  GError *error = NULL;

  external_id = retour_sync_engine_write_back_finish (RETOUR_SYNC_ENGINE (object), result, &error);
  if (external_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_job (self, error, FALSE);
          return;
        }

      /* The engine keeps it queued with its message; the next run tries
       * again. The others may still go through. */
      if (self->current->write_back_error == NULL)
        self->current->write_back_error = g_strdup (error->message);
      g_clear_error (&error);
    }

  write_next (self);
}

static void
write_next (RetourSyncScheduler *self)
{
  Job *job = self->current;

  if (job->next_pending >= job->pending->len)
    {
      /* After a sync the failure is the store's last error; on its own, a
       * write-back was no sync, so the refunds stay queued with their
       * messages and whoever asked is told through "finished". */
      if (job->write_back_error != NULL)
        carry_out_queued (self,
                          g_error_new (RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FAILED,
                                       /* Translators: %s says what went wrong. */
                                       _("Refunds could not be written back to the store: %s"), job->write_back_error),
                          !job->write_back_only);
      else
        carry_out_queued (self, NULL, FALSE);
      return;
    }

  retour_sync_engine_write_back_async (job->engine, g_array_index (job->pending, gint64, job->next_pending++),
                                       job->connector, job->cancellable, written_cb, self);
}

static void
progress_cb (RetourSyncEngine *engine,
             gint64            store_id,
             guint64           done,
             gint64            total,
             gpointer          user_data)
{
  Job *job = user_data;

  job->done = done;
  job->total = total;
  g_signal_emit (job->scheduler, signals[SIGNAL_CHANGED], 0, job->store_id);
}

/* Sends the store's queued refunds, one after the other: new ones, and
 * those whose write-back failed before. */
static void
write_back_pending (RetourSyncScheduler *self)
{
  Job *job = self->current;
  GError *error = NULL;

  /* Refunds are the accounts role's: a desk signed in without it syncs
   * orders but leaves the queued refunds to one that has it, rather than
   * have the server refuse each of them. */
  if (!job->storefront->write_back ||
      (retour_database_get_operator_roles (self->db) & RETOUR_OPERATOR_ROLE_ACCOUNTS) == 0)
    {
      carry_out_queued (self, NULL, FALSE);
      return;
    }

  job->pending = retour_sync_store_list_pending_write_backs (self->db, job->store_id, &error);
  if (job->pending == NULL)
    {
      end_job (self, error, !job->write_back_only);
      return;
    }

  write_next (self);
}

static void
notes_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RetourSyncScheduler *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A note the store could not take waits with its message for the next
   * run; the refunds still go. */
  if (!retour_outbox_send_notes_finish (result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_job (self, g_steal_pointer (&error), FALSE);
          return;
        }
      g_debug ("Messages to customers as order notes: %s", error->message);
    }

  write_back_pending (self);
}

/* The messages to customers that go as WooCommerce order notes (which
 * WooCommerce mails), then the refunds. */
static void
send_notes (RetourSyncScheduler *self)
{
  Job *job = self->current;

  if (!RETOUR_IS_WOO_CONNECTOR (job->connector))
    {
      write_back_pending (self);
      return;
    }

  retour_outbox_send_notes_async (self->db, RETOUR_WOO_CONNECTOR (job->connector), job->store_id,
                                  scheduler_now (self), job->cancellable, notes_sent_cb, self);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RetourSyncScheduler *self = user_data;
  GError *error = NULL;

  if (!retour_sync_engine_sync_finish (RETOUR_SYNC_ENGINE (object), result, NULL, &error))
    {
      end_job (self, error, FALSE);
      return;
    }

  send_notes (self);
}

/* Decisions on customers' requests go first: the customer waits for
 * them, and they are the desk's, not the accounts role's. */
static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RetourSyncScheduler *self = user_data;
  GError *error = NULL;

  if (!retour_sync_engine_answer_finish (RETOUR_SYNC_ENGINE (object), result, NULL, &error))
    {
      end_job (self, error, FALSE);
      return;
    }

  send_notes (self);
}

static void
credentials_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RetourSyncScheduler *self = user_data;
  Job *job = self->current;
  g_autoptr(RetourCredentials) credentials = NULL;
  GError *error = NULL;

  credentials = retour_keyring_lookup_finish (RETOUR_KEYRING (object), result, &error);
  if (credentials == NULL ||
      (job->connector = retour_sync_connector_new (job->storefront, credentials, NULL, &error)) == NULL)
    {
      end_job (self, error, TRUE);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      end_job (self, error, FALSE);
      return;
    }

  job->engine = retour_sync_engine_new (self->db, self->clock, self->clock_data);
  if (job->write_back_only)
    {
      retour_sync_engine_answer_async (job->engine, job->store_id, job->connector, job->cancellable,
                                       answered_cb, self);
      return;
    }

  g_signal_connect (job->engine, "progress", G_CALLBACK (progress_cb), job);
  retour_sync_engine_sync_async (job->engine, job->store_id, job->connector, RETOUR_SYNC_FLAGS_NONE,
                                 job->cancellable, synced_cb, self);
}

static void
start_next (RetourSyncScheduler *self)
{
  Job *job;
  GError *error = NULL;
  gint64 now_us;

  if (self->current != NULL || g_queue_is_empty (&self->queue))
    return;

  job = self->current = g_queue_pop_head (&self->queue);
  g_object_ref (self);
  now_us = scheduler_now (self);

  /* Only a sync counts for the store's interval. */
  if (!job->write_back_only)
    g_hash_table_insert (self->attempted, g_memdup2 (&job->store_id, sizeof job->store_id),
                         g_memdup2 (&now_us, sizeof now_us));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, job->store_id);

  job->storefront = retour_sync_store_load (self->db, job->store_id, &error);
  if (job->storefront == NULL)
    {
      /* Removed while it waited: nothing to record it on. */
      end_job (self, error, FALSE);
      return;
    }

  retour_keyring_lookup_async (self->keyring, job->storefront, job->cancellable, credentials_cb, self);
}

/* Public ------------------------------------------------------------------ */

void
retour_sync_scheduler_set_automatic (RetourSyncScheduler *self,
                                     gboolean             automatic)
{
  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  if (!automatic)
    g_clear_handle_id (&self->timer, g_source_remove);
  else if (self->timer == 0)
    self->timer = g_timeout_add_seconds (CHECK_INTERVAL_S, check_cb, self);
}

static Job *
find_queued (RetourSyncScheduler *self,
             gint64               store_id)
{
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      Job *job = l->data;

      if (job->store_id == store_id)
        return job;
    }

  return NULL;
}

static gboolean
is_current (RetourSyncScheduler *self,
            gint64               store_id)
{
  return self->current != NULL && self->current->store_id == store_id;
}

static void
queue_job (RetourSyncScheduler *self,
           gint64               store_id,
           gboolean             write_back_only)
{
  Job *job = g_new0 (Job, 1);

  job->scheduler = self;
  job->store_id = store_id;
  job->cancellable = g_cancellable_new ();
  job->total = -1;
  job->write_back_only = write_back_only;
  g_queue_push_tail (&self->queue, job);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, store_id);

  start_next (self);
  update_busy (self);
}

void
retour_sync_scheduler_sync (RetourSyncScheduler *self,
                            gint64               store_id)
{
  Job *queued;

  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  /* A queued write-back becomes a sync, which writes back afterwards. */
  queued = find_queued (self, store_id);
  if (queued != NULL)
    {
      queued->write_back_only = FALSE;
      return;
    }

  if (is_current (self, store_id) && !self->current->write_back_only)
    return;

  queue_job (self, store_id, FALSE);
}

void
retour_sync_scheduler_write_back (RetourSyncScheduler *self,
                                  gint64               store_id)
{
  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  /* A queued run of the store sends its queued refunds anyway; a run under
   * way may have listed them already, so another one follows it. */
  if (find_queued (self, store_id) != NULL)
    return;

  queue_job (self, store_id, TRUE);
}

void
retour_sync_scheduler_cancel (RetourSyncScheduler *self,
                              gint64               store_id)
{
  Job *job;

  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  if (is_current (self, store_id))
    {
      /* The run ends, and says so, once the engine has stopped. */
      g_cancellable_cancel (self->current->cancellable);
      return;
    }

  job = find_queued (self, store_id);
  if (job == NULL)
    return;

  g_queue_remove (&self->queue, job);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, store_id);
  job_free (job);
  update_busy (self);
}

void
retour_sync_scheduler_cancel_all (RetourSyncScheduler *self)
{
  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  g_queue_clear_full (&self->queue, (GDestroyNotify) job_free);
  if (self->current != NULL)
    g_cancellable_cancel (self->current->cancellable);
  update_busy (self);
}

void
retour_sync_scheduler_shutdown (RetourSyncScheduler *self)
{
  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  retour_sync_scheduler_set_automatic (self, FALSE);
  retour_sync_scheduler_cancel_all (self);
}

void
retour_sync_scheduler_check (RetourSyncScheduler *self)
{
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_us;

  g_return_if_fail (RETOUR_IS_SYNC_SCHEDULER (self));

  if (self->timer == 0)
    return;

  stores = retour_sync_store_list (self->db, &error);
  if (stores == NULL)
    {
      g_warning ("Could not list the stores to sync: %s", error->message);
      return;
    }

  now_us = scheduler_now (self);
  for (guint i = 0; i < stores->len; i++)
    {
      RetourStorefront *storefront = g_ptr_array_index (stores, i);
      gint64 *attempted = g_hash_table_lookup (self->attempted, &storefront->id);
      gint64 last_us = MAX (storefront->last_sync_us, attempted != NULL ? *attempted : 0);

      if (storefront->sync_interval_min > 0 &&
          now_us - last_us >= (gint64) storefront->sync_interval_min * 60 * G_USEC_PER_SEC)
        retour_sync_scheduler_sync (self, storefront->id);
    }
}

RetourSyncState
retour_sync_scheduler_get_state (RetourSyncScheduler *self,
                                 gint64               store_id,
                                 guint64             *done,
                                 gint64              *total)
{
  g_return_val_if_fail (RETOUR_IS_SYNC_SCHEDULER (self), RETOUR_SYNC_STATE_IDLE);

  if (done != NULL)
    *done = 0;
  if (total != NULL)
    *total = -1;

  if (is_current (self, store_id))
    {
      if (done != NULL)
        *done = self->current->done;
      if (total != NULL)
        *total = self->current->total;
      return RETOUR_SYNC_STATE_RUNNING;
    }

  if (find_queued (self, store_id) != NULL)
    return RETOUR_SYNC_STATE_QUEUED;

  return RETOUR_SYNC_STATE_IDLE;
}

gboolean
retour_sync_scheduler_get_busy (RetourSyncScheduler *self)
{
  g_return_val_if_fail (RETOUR_IS_SYNC_SCHEDULER (self), FALSE);

  return self->busy;
}
