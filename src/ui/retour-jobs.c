/* retour-jobs.c — database work that must not block the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "retour-jobs.h"
#include "retour-search.h"

/* Counting ---------------------------------------------------------------- */

typedef struct
{
  char    *path;
  gint64   now_us;
  guint64  cap;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_free (job->path);
  g_free (job);
}

static void
count_needing_action_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  CountJob *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *count = NULL;
  gint64 begin_us;

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  begin_us = g_get_monotonic_time ();
  count = g_new0 (guint64, 1);
  *count = retour_search_count_needing_action (db, job->now_us, job->cap, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("Counted the returns that need action in %.1f ms",
           (g_get_monotonic_time () - begin_us) / 1000.0);

  g_task_return_pointer (task, g_steal_pointer (&count), g_free);
}

void
retour_jobs_count_needing_action_async (const char          *path,
                                        gint64               now_us,
                                        guint64              cap,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (CountJob, 1);
  job->path = g_strdup (path);
  job->now_us = now_us;
  job->cap = cap;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_jobs_count_needing_action_async);
  g_task_set_task_data (task, job, count_job_free);
  g_task_run_in_thread (task, count_needing_action_thread);
}

gboolean
retour_jobs_count_needing_action_finish (GAsyncResult  *result,
                                         guint64       *count,
                                         GError       **error)
{
  g_autofree guint64 *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        retour_jobs_count_needing_action_async, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  *count = *found;

  return TRUE;
}

/* The demo shop ----------------------------------------------------------- */

/* Shared by the worker, the progress reports queued on the caller's main
 * context and the task, any of which may drop the last reference: it holds
 * nothing that belongs to one thread. */
typedef struct
{
  char              *path;
  RetourDemoOptions  options;
  GMainContext      *context;
  GCancellable      *cancellable;

  GMutex             mutex;
  guint64            done;
  guint64            total;
  gboolean           report_pending;
  gboolean           finished;
} DemoJob;

static void
demo_job_clear (gpointer data)
{
  DemoJob *job = data;

  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_mutex_clear (&job->mutex);
}

static DemoJob *
demo_job_ref (DemoJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
demo_job_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, demo_job_clear);
}

/* Runs on the caller's main context. */
static gboolean
demo_job_report (gpointer data)
{
  DemoJob *job = data;
  RetourDemoProgress progress;
  guint64 done;
  guint64 total;

  g_mutex_lock (&job->mutex);
  done = job->done;
  total = job->total;
  job->report_pending = FALSE;
  progress = job->finished ? NULL : job->options.progress;
  g_mutex_unlock (&job->mutex);

  if (progress != NULL && !g_cancellable_is_cancelled (job->cancellable))
    progress (done, total, job->options.progress_data);

  return G_SOURCE_REMOVE;
}

/* Runs on the worker, possibly once per return: only the newest numbers
 * matter, so at most one report waits on the main context. An idle source
 * rather than g_main_context_invoke(), which could run the report right
 * here on the worker when nobody iterates the main context. */
static void
demo_job_progress_in_thread (guint64  done,
                             guint64  total,
                             gpointer user_data)
{
  DemoJob *job = user_data;
  gboolean schedule;

  g_mutex_lock (&job->mutex);
  job->done = done;
  job->total = total;
  schedule = !job->report_pending;
  job->report_pending = TRUE;
  g_mutex_unlock (&job->mutex);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, demo_job_report, demo_job_ref (job), demo_job_unref);
      g_source_set_static_name (source, "[retour] demo progress");
      g_source_attach (source, job->context);
    }
}

static void
generate_demo_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DemoJob *job = task_data;
  RetourDemoOptions options = job->options;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  options.progress = demo_job_progress_in_thread;
  options.progress_data = job;

  ok = retour_demo_create (job->path, &options, cancellable, &error);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
retour_jobs_generate_demo_async (const char               *path,
                                 const RetourDemoOptions  *options,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  DemoJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_atomic_rc_box_new0 (DemoJob);
  g_mutex_init (&job->mutex);
  job->path = g_strdup (path);
  job->options = *options;
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_jobs_generate_demo_async);
  g_task_set_task_data (task, job, demo_job_unref);
  g_task_run_in_thread (task, generate_demo_thread);
}

gboolean
retour_jobs_generate_demo_finish (GAsyncResult  *result,
                                  GError       **error)
{
  DemoJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        retour_jobs_generate_demo_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  g_mutex_lock (&job->mutex);
  job->finished = TRUE;
  g_mutex_unlock (&job->mutex);

  return g_task_propagate_boolean (G_TASK (result), error);
}
