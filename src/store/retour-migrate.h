/* retour-migrate.h — moving a shop from its SQLite file onto a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For `retour-cli migrate`: when a shop grows from one desk to several,
 * its file is copied onto a PostgreSQL server, every table and every row
 * with its id, in one transaction of the server. The file is only read.
 */
#pragma once

#include "retour-check.h"
#include "retour-database.h"

G_BEGIN_DECLS

/* Called as the copy goes, on the caller's thread: @done of the @total
 * rows of @table are copied (at its start, after each batch and at its
 * end); once with @table NULL when every table is copied, while the
 * search documents are made and the copy committed. */
typedef void (*RetourMigrateProgress) (const char *table,
                                       guint64     done,
                                       guint64     total,
                                       gpointer    user_data);

typedef struct
{
  char    *table;
  guint64  file_rows;     /* counted again after the copy */
  guint64  server_rows;
} RetourMigrateCount;

typedef struct
{
  GPtrArray *counts;      /* of RetourMigrateCount, in the order copied */
  guint64    rows;        /* copied in all */
  gint64     copy_us;     /* the copy and its commit */
  gint64     check_us;    /* opening and checking both sides, before and after */
} RetourMigrateReport;

void     retour_migrate_report_free (RetourMigrateReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourMigrateReport, retour_migrate_report_free)

/* Copies the shop in the file @from_path onto the server @to_location
 * (a postgresql:// URI or a libpq connection string), which must hold
 * no shop yet: its schema is made or brought up to date first, and the
 * default policy a new server is given is replaced by the file's. The
 * file is checked first (retour_check_database()) and a damaged one is
 * not copied. On any failure, or when @cancellable is cancelled, none
 * of the shop is on the server (its schema may be, made or brought up to
 * date before the copy began). After the commit the counts of every table
 * are compared and the server is checked; a difference is an error that
 * names it (the copy stays on the server then). */
RetourMigrateReport *retour_migrate_to_server        (const char             *from_path,
                                                      const char             *to_location,
                                                      RetourMigrateProgress   progress,
                                                      gpointer                user_data,
                                                      GCancellable           *cancellable,
                                                      GError                **error);

/* The same in a worker thread, without progress. */
void                 retour_migrate_to_server_async  (const char             *from_path,
                                                      const char             *to_location,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
RetourMigrateReport *retour_migrate_to_server_finish (GAsyncResult           *result,
                                                      GError                **error);

G_END_DECLS
