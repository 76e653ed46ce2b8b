/* retour-inventory-load.c — the inventory's figures, added up in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-inventory-load.h"

typedef struct
{
  char      *path;
  gint64     since_us;
  gint64     until_us;
  GTimeZone *tz;
  gint64     now_us;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  g_free (job);
}

typedef struct
{
  RetourInventory *inventory;
  GPtrArray       *arrivals;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_pointer (&loaded->inventory, retour_inventory_free);
  g_clear_pointer (&loaded->arrivals, g_ptr_array_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = NULL;
  gint64 begin_us = g_get_monotonic_time ();

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loaded = g_new0 (Loaded, 1);
  loaded->inventory = retour_inventory_store_load (db, job->since_us, job->until_us, job->tz, job->now_us, &error);
  if (loaded->inventory != NULL && !g_task_return_error_if_cancelled (task))
    {
      loaded->arrivals = retour_inventory_store_list_expected (db, job->tz, job->now_us, &error);
      if (loaded->arrivals != NULL)
        {
          g_debug ("Added up the inventory in %.1f ms", (g_get_monotonic_time () - begin_us) / 1000.0);
          g_task_return_pointer (task, g_steal_pointer (&loaded), loaded_free);
          return;
        }
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
}

void
retour_inventory_load_async (const char          *path,
                             gint64               since_us,
                             gint64               until_us,
                             GTimeZone           *tz,
                             gint64               now_us,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (tz != NULL);

  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (path);
  job->since_us = since_us;
  job->until_us = until_us;
  job->tz = g_time_zone_ref (tz);
  job->now_us = now_us;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_inventory_load_async);
  g_task_set_task_data (task, job, load_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

gboolean
retour_inventory_load_finish (GAsyncResult     *result,
                              RetourInventory **out_inventory,
                              GPtrArray       **out_arrivals,
                              GError          **error)
{
  g_autoptr(Loaded) loaded = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_inventory_load_async, FALSE);
  g_return_val_if_fail (out_inventory != NULL, FALSE);
  g_return_val_if_fail (out_arrivals != NULL, FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  *out_inventory = g_steal_pointer (&loaded->inventory);
  *out_arrivals = g_steal_pointer (&loaded->arrivals);

  return TRUE;
}
