/* retour-report-load.c — a report added up in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-export.h"
#include "retour-report-load.h"

typedef struct
{
  char              *path;
  RetourReportQuery  query;
  char              *category;   /* the query's, owned */
  char              *country;
  GTimeZone         *tz;
  gint64             now_us;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  g_free (job->category);
  g_free (job->country);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  g_free (job);
}

typedef struct
{
  RetourReport *report;
  GPtrArray    *stores;
  GPtrArray    *categories;
  GPtrArray    *countries;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_pointer (&loaded->report, retour_report_free);
  g_clear_pointer (&loaded->stores, g_ptr_array_unref);
  g_clear_pointer (&loaded->categories, g_ptr_array_unref);
  g_clear_pointer (&loaded->countries, g_ptr_array_unref);
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
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);
  gint64 begin_us = g_get_monotonic_time ();

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loaded->report = retour_report_store_load (db, &job->query, job->tz, job->now_us, &error);
  if (loaded->report == NULL ||
      !retour_report_store_list_choices (db, &loaded->stores, &loaded->categories, &loaded->countries, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Added up the report in %.1f ms", (g_get_monotonic_time () - begin_us) / 1000.0);
  g_task_return_pointer (task, g_steal_pointer (&loaded), loaded_free);
}

void
retour_report_load_async (const char              *path,
                          const RetourReportQuery *query,
                          GTimeZone               *tz,
                          gint64                   now_us,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (query != NULL);
  g_return_if_fail (tz != NULL);

  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (path);
  job->query = *query;
  job->category = g_strdup (query->category);
  job->country = g_strdup (query->country);
  job->query.category = job->category;
  job->query.country = job->country;
  job->tz = g_time_zone_ref (tz);
  job->now_us = now_us;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_report_load_async);
  g_task_set_task_data (task, job, load_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

gboolean
retour_report_load_finish (GAsyncResult  *result,
                           RetourReport **out_report,
                           GPtrArray    **out_stores,
                           GPtrArray    **out_categories,
                           GPtrArray    **out_countries,
                           GError       **error)
{
  g_autoptr(Loaded) loaded = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_report_load_async, FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  *out_report = g_steal_pointer (&loaded->report);
  *out_stores = g_steal_pointer (&loaded->stores);
  *out_categories = g_steal_pointer (&loaded->categories);
  *out_countries = g_steal_pointer (&loaded->countries);

  return TRUE;
}

/* Exports ------------------------------------------------------------------------ */

typedef struct
{
  char               *path;
  RetourReportExport  what;
  GFile              *file;
  GTimeZone          *tz;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->path);
  g_clear_object (&job->file);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written;

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Written to a temporary file and moved over the old one on close. */
  stream = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->what == RETOUR_REPORT_EXPORT_RETURNS)
    written = retour_export_returns_csv (db, G_OUTPUT_STREAM (stream), job->tz, cancellable, &error);
  else
    written = retour_export_refunds_csv (db, G_OUTPUT_STREAM (stream), job->tz, cancellable, &error);

  if (written && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Closing with a cancelled cancellable drops the temporary file. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
retour_report_export_async (const char          *path,
                            RetourReportExport   what,
                            GFile               *file,
                            GTimeZone           *tz,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (tz != NULL);

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (path);
  job->what = what;
  job->file = g_object_ref (file);
  job->tz = g_time_zone_ref (tz);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_report_export_async);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
retour_report_export_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_report_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
