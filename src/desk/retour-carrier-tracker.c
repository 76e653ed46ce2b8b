/* retour-carrier-tracker.c — the app's timer that follows the parcels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-desk"

#include "config.h"

#include "retour-carrier-keys.h"
#include "retour-carrier-tracker.h"

struct _RetourCarrierTracker
{
  GObject        parent_instance;

  RetourContext *context;
  RetourHttp    *http;
  GHashTable    *given;       /* id -> RetourCarrier*, or NULL: the accounts */
  GCancellable  *cancellable;
  guint          timer;
  gboolean       polling;
};

G_DEFINE_FINAL_TYPE (RetourCarrierTracker, retour_carrier_tracker, G_TYPE_OBJECT)

enum {
  TRACKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_tracked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RetourCarrierTracker) self = user_data;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  self->polling = FALSE;
  outcomes = retour_desk_track_finish (result, &error);
  if (outcomes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not follow the parcels: %s", error->message);
      return;
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      RetourTrackOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->error != NULL)
        g_debug ("%s %s: %s", outcome->carrier, outcome->tracking_number, outcome->error);
      else if (g_strcmp0 (outcome->before, outcome->after) != 0)
        changed++;
    }

  g_signal_emit (self, signals[TRACKED], 0, outcomes->len, changed);
}

static void
track (RetourCarrierTracker *self,
       GHashTable           *carriers)
{
  retour_desk_track_async (self->context, carriers, NULL, FALSE, self->cancellable, on_tracked, g_object_ref (self));
}

/* The keys of the accounts set up (RetourCarrierAccount*, their settings
 * read on the main thread), from the keyring on a worker thread, which
 * the Secret Service may keep waiting. An account without its keys is
 * left out of the round. */
static void
keys_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *accounts = task_data;

  for (guint i = 0; i < accounts->len; i++)
    {
      RetourCarrierAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GError) error = NULL;

      if (!retour_carrier_keys_lookup_sync (account, cancellable, &error))
        {
          g_debug ("%s is left out of tracking: %s", account->carrier, error->message);
          g_clear_pointer (&account->key, g_free);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_keys (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RetourCarrierTracker *self = RETOUR_CARRIER_TRACKER (object);
  GPtrArray *accounts = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) carriers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || g_cancellable_is_cancelled (self->cancellable))
    {
      self->polling = FALSE;
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      RetourCarrierAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GError) error = NULL;
      RetourCarrier *carrier = account->key != NULL ? retour_carrier_new (self->http, account, &error) : NULL;

      if (carrier != NULL)
        g_hash_table_insert (carriers, (gpointer) retour_carrier_get_info (carrier)->id, carrier);
      else if (error != NULL)
        g_debug ("%s is left out of tracking: %s", account->carrier, error->message);
    }

  track (self, carriers);
}

gboolean
retour_carrier_tracker_poll_now (RetourCarrierTracker *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (RETOUR_IS_CARRIER_TRACKER (self), FALSE);

  if (self->polling)
    return FALSE;
  self->polling = TRUE;

  if (self->given != NULL)
    {
      track (self, self->given);
      return TRUE;
    }

  {
    RetourDatabase *db = retour_context_get_database (self->context);
    const RetourCarrierInfo * const *infos = retour_carrier_list_infos ();
    GPtrArray *accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_carrier_account_free);

    for (guint i = 0; infos[i] != NULL; i++)
      {
        RetourCarrierAccount *account = retour_carrier_account_is_set_up (db, infos[i]->id)
                                        ? retour_carrier_account_load_settings (db, infos[i]->id, NULL) : NULL;

        if (account != NULL)
          g_ptr_array_add (accounts, account);
      }

    task = g_task_new (self, self->cancellable, on_keys, NULL);
    g_task_set_task_data (task, accounts, (GDestroyNotify) g_ptr_array_unref);
    g_task_run_in_thread (task, keys_thread);
  }
  return TRUE;
}

gboolean
retour_carrier_tracker_is_polling (RetourCarrierTracker *self)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER_TRACKER (self), FALSE);

  return self->polling;
}

static gboolean
tick (gpointer user_data)
{
  retour_carrier_tracker_poll_now (user_data);

  return G_SOURCE_CONTINUE;
}

void
retour_carrier_tracker_start (RetourCarrierTracker *self,
                              guint                 interval_s)
{
  g_return_if_fail (RETOUR_IS_CARRIER_TRACKER (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  if (interval_s > 0)
    self->timer = g_timeout_add_seconds (interval_s, tick, self);
}

void
retour_carrier_tracker_set_carriers (RetourCarrierTracker *self,
                                     GHashTable           *carriers)
{
  g_return_if_fail (RETOUR_IS_CARRIER_TRACKER (self));

  g_clear_pointer (&self->given, g_hash_table_unref);
  self->given = carriers != NULL ? g_hash_table_ref (carriers) : NULL;
}

static void
retour_carrier_tracker_dispose (GObject *object)
{
  RetourCarrierTracker *self = RETOUR_CARRIER_TRACKER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (retour_carrier_tracker_parent_class)->dispose (object);
}

static void
retour_carrier_tracker_finalize (GObject *object)
{
  RetourCarrierTracker *self = RETOUR_CARRIER_TRACKER (object);

  g_clear_object (&self->context);
  g_clear_object (&self->http);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->given, g_hash_table_unref);

  G_OBJECT_CLASS (retour_carrier_tracker_parent_class)->finalize (object);
}

static void
retour_carrier_tracker_class_init (RetourCarrierTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = retour_carrier_tracker_dispose;
  object_class->finalize = retour_carrier_tracker_finalize;

  /* After a round: how many parcels were looked at, and how many of
   * them changed state. */
  signals[TRACKED] = g_signal_new ("tracked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
retour_carrier_tracker_init (RetourCarrierTracker *self)
{
  self->http = retour_http_new ();
  self->cancellable = g_cancellable_new ();
}

RetourCarrierTracker *
retour_carrier_tracker_new (RetourContext *context)
{
  RetourCarrierTracker *self;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_CARRIER_TRACKER, NULL);
  self->context = g_object_ref (context);

  return self;
}
