/* retour-report-load.h — a report added up in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A year of a big shop takes longer than a frame: the report is added up
 * in a worker thread on a read-only connection of its own to the
 * database at @path, which hands plain data back to the main thread (the
 * pattern of retour-inventory-load.h).
 */
#pragma once

#include <gio/gio.h>

#include "retour-report-store.h"

G_BEGIN_DECLS

/* retour_report_store_load() for @query (copied), and what the filters
 * can choose from (retour_report_store_list_choices()). */
void     retour_report_load_async    (const char               *path,
                                      const RetourReportQuery  *query,
                                      GTimeZone                *tz,
                                      gint64                    now_us,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data);
gboolean retour_report_load_finish   (GAsyncResult             *result,
                                      RetourReport            **out_report,
                                      GPtrArray               **out_stores,
                                      GPtrArray               **out_categories,
                                      GPtrArray               **out_countries,
                                      GError                  **error);

typedef enum
{
  RETOUR_REPORT_EXPORT_RETURNS,   /* retour_export_returns_csv() */
  RETOUR_REPORT_EXPORT_REFUNDS,   /* retour_export_refunds_csv() */
} RetourReportExport;

/* Writes the CSV file of @what from the database at @path to @file in a
 * worker, readable only by its owner (it names customers), whole or not
 * at all: a failure leaves whatever was there. */
void     retour_report_export_async  (const char               *path,
                                      RetourReportExport        what,
                                      GFile                    *file,
                                      GTimeZone                *tz,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data);
gboolean retour_report_export_finish (GAsyncResult             *result,
                                      GError                  **error);

G_END_DECLS
