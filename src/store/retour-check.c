/* retour-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-check.h"
#include "retour-database-private.h"

#define MAX_LISTED_PROBLEMS 100

void
retour_check_report_free (RetourCheckReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static void problem (RetourCheckReport *report,
                     const char        *format,
                     ...) G_GNUC_PRINTF (2, 3);

static void
problem (RetourCheckReport *report,
         const char        *format,
         ...)
{
  va_list args;

  report->n_problems++;
  if (report->problems->len >= MAX_LISTED_PROBLEMS)
    return;

  va_start (args, format);
  g_ptr_array_add (report->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Runs @sql and hands each row to @row; stops on the first error. */
typedef void (*RowFunc) (RetourStmt        *stmt,
                         RetourCheckReport *report,
                         gpointer           data);

static gboolean
for_each_row (RetourDatabase     *db,
              const char         *sql,
              RowFunc             row,
              RetourCheckReport  *report,
              gpointer            data,
              GError            **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;

  while (retour_stmt_step (stmt, &has_row, &local_error) && has_row)
    row (stmt, report, data);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
integrity_row (RetourStmt        *stmt,
               RetourCheckReport *report,
               gpointer           data)
{
  const char *text = (const char *) sqlite3_column_text (stmt, 0);

  if (g_strcmp0 (text, "ok") != 0)
    problem (report, _("SQLite integrity: %s"), text);
}

static void
foreign_key_row (RetourStmt        *stmt,
                 RetourCheckReport *report,
                 gpointer           data)
{
  problem (report, _("Row %lld of table %s refers to a missing row of %s"),
           (long long) sqlite3_column_int64 (stmt, 1),
           (const char *) sqlite3_column_text (stmt, 0),
           (const char *) sqlite3_column_text (stmt, 2));
}

/* One row per product whose totals differ from its movements: the
 * product, then each bucket's total and sum of movements. */
static void
ledger_row (RetourStmt        *stmt,
            RetourCheckReport *report,
            gpointer           data)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  const char *name = (const char *) sqlite3_column_text (stmt, 1);
  gint64 on_hand = sqlite3_column_int64 (stmt, 2), on_hand_sum = sqlite3_column_int64 (stmt, 3);
  gint64 held = sqlite3_column_int64 (stmt, 4), held_sum = sqlite3_column_int64 (stmt, 5);
  gint64 written_off = sqlite3_column_int64 (stmt, 6), written_off_sum = sqlite3_column_int64 (stmt, 7);

  if (on_hand != on_hand_sum)
    problem (report, _("Product %lld (%s) has %lld on hand but its stock movements add up to %lld"),
             (long long) id, name, (long long) on_hand, (long long) on_hand_sum);
  if (held != held_sum)
    problem (report, _("Product %lld (%s) has %lld held but its held stock movements add up to %lld"),
             (long long) id, name, (long long) held, (long long) held_sum);
  if (written_off != written_off_sum)
    problem (report, _("Product %lld (%s) has %lld written off but its written-off stock movements add up to %lld"),
             (long long) id, name, (long long) written_off, (long long) written_off_sum);
}

static void
index_missing_row (RetourStmt        *stmt,
                   RetourCheckReport *report,
                   gpointer           data)
{
  problem (report, _("Return %lld is missing from the search index"),
           (long long) sqlite3_column_int64 (stmt, 0));
}

static void
index_orphan_row (RetourStmt        *stmt,
                  RetourCheckReport *report,
                  gpointer           data)
{
  problem (report, _("The search index holds return %lld, which does not exist"),
           (long long) sqlite3_column_int64 (stmt, 0));
}

static void
refund_row (RetourStmt        *stmt,
            RetourCheckReport *report,
            gpointer           data)
{
  problem (report, _("Return %lld was refunded %lld (minor units) but only %lld was due"),
           (long long) sqlite3_column_int64 (stmt, 0),
           (long long) sqlite3_column_int64 (stmt, 1),
           (long long) sqlite3_column_int64 (stmt, 2));
}

/* Walks every RMA's status events in order (rma_id, id). */
typedef struct
{
  gint64           rma_id;
  RetourRmaStatus  at;
  gboolean         started;
  gboolean         broken;
} HistoryWalk;

static void
history_row (RetourStmt        *stmt,
             RetourCheckReport *report,
             gpointer           data)
{
  HistoryWalk *walk = data;
  gint64 rma_id = sqlite3_column_int64 (stmt, 0);
  const char *kind = (const char *) sqlite3_column_text (stmt, 1);
  RetourRmaStatus from, to;

  if (rma_id != walk->rma_id)
    {
      walk->rma_id = rma_id;
      walk->started = FALSE;
      walk->broken = FALSE;
    }

  if (walk->broken)
    return;

  if (!retour_rma_status_from_key ((const char *) sqlite3_column_text (stmt, 2), &from) ||
      !retour_rma_status_from_key ((const char *) sqlite3_column_text (stmt, 3), &to))
    {
      problem (report, _("Return %lld has an event with an unknown status"), (long long) rma_id);
      walk->broken = TRUE;
      return;
    }

  if (g_strcmp0 (kind, "created") == 0)
    {
      if (walk->started)
        problem (report, _("Return %lld was created twice"), (long long) rma_id);
      walk->started = TRUE;
      walk->at = to;
      return;
    }

  if (!walk->started)
    {
      problem (report, _("The history of return %lld does not start with its creation"), (long long) rma_id);
      walk->broken = TRUE;
      return;
    }

  if (g_strcmp0 (kind, "status") != 0)
    return;

  if (from != walk->at || !retour_lifecycle_allows (from, to))
    {
      problem (report, _("Return %lld went from %s to %s, which the lifecycle does not allow"),
               (long long) rma_id, retour_rma_status_get_label (walk->at), retour_rma_status_get_label (to));
      walk->broken = TRUE;
      return;
    }

  walk->at = to;
}

/* Compares each RMA's status with where its history ended. The query
 * returns, per RMA, its status and the to_status of its last created or
 * status event. */
static void
history_end_row (RetourStmt        *stmt,
                 RetourCheckReport *report,
                 gpointer           data)
{
  problem (report, _("Return %lld is %s but its history ends at %s"),
           (long long) sqlite3_column_int64 (stmt, 0),
           (const char *) sqlite3_column_text (stmt, 1),
           sqlite3_column_type (stmt, 2) == SQLITE_NULL ? "—" : (const char *) sqlite3_column_text (stmt, 2));
}

static void
number_row (RetourStmt        *stmt,
            RetourCheckReport *report,
            gpointer           data)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  const char *number = (const char *) sqlite3_column_text (stmt, 1);
  const char *status_key = (const char *) sqlite3_column_text (stmt, 2);
  gint64 authorized_us = sqlite3_column_int64 (stmt, 3);
  RetourRmaStatus status;

  if (!retour_rma_status_from_key (status_key, &status))
    {
      problem (report, _("Return %lld has an unknown status “%s”"), (long long) id, status_key);
      return;
    }

  if (number != NULL && !retour_rma_number_is_valid (number))
    problem (report, _("Return %lld has the number %s, whose check character is wrong"),
             (long long) id, number);

  /* A number is issued on authorization, and only then. */
  if (number == NULL && authorized_us != 0)
    problem (report, _("Return %lld was authorized but has no number"), (long long) id);
  if (number != NULL && authorized_us == 0)
    problem (report, _("Return %lld has a number but was never authorized"), (long long) id);

  if ((status == RETOUR_RMA_STATUS_RECEIVED || status == RETOUR_RMA_STATUS_INSPECTED) &&
      sqlite3_column_int64 (stmt, 4) == 0)
    problem (report, _("Return %lld is %s but no unit was received"), (long long) id, status_key);
}

static guint64
count_rows (RetourDatabase  *db,
            const char      *sql,
            GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  gboolean has_row;

  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

RetourCheckReport *
retour_check_database (RetourDatabase    *db,
                       RetourCheckFlags   flags,
                       GError           **error)
{
  g_autoptr(RetourCheckReport) report = g_new0 (RetourCheckReport, 1);
  g_autoptr(GError) local_error = NULL;
  HistoryWalk walk = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  report->problems = g_ptr_array_new_with_free_func (g_free);

  /* One read transaction: every check sees the same snapshot, even while
   * another program writes. */
  if (!retour_database_exec (db, "BEGIN", error))
    return NULL;

  report->rmas = count_rows (db, "SELECT count (*) FROM rma", &local_error);
  if (local_error == NULL)
    report->events = count_rows (db, "SELECT count (*) FROM rma_event", &local_error);
  if (local_error == NULL)
    report->products = count_rows (db, "SELECT count (*) FROM product", &local_error);
  if (local_error == NULL)
    report->movements = count_rows (db, "SELECT count (*) FROM stock_movement", &local_error);
  if (local_error == NULL)
    report->refunds = count_rows (db, "SELECT count (*) FROM refund", &local_error);

  if (local_error == NULL &&
      for_each_row (db, (flags & RETOUR_CHECK_QUICK) ? "PRAGMA quick_check" : "PRAGMA integrity_check",
                    integrity_row, report, NULL, &local_error) &&
      for_each_row (db, "PRAGMA foreign_key_check", foreign_key_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT p.id, coalesce (p.sku, p.title), "
                    "       p.on_hand, coalesce (m.on_hand, 0), p.held, coalesce (m.held, 0), "
                    "       p.written_off, coalesce (m.written_off, 0) FROM product p "
                    "LEFT JOIN (SELECT product_id, "
                    "             sum (CASE bucket WHEN 'on-hand' THEN delta ELSE 0 END) AS on_hand, "
                    "             sum (CASE bucket WHEN 'held' THEN delta ELSE 0 END) AS held, "
                    "             sum (CASE bucket WHEN 'written-off' THEN delta ELSE 0 END) AS written_off "
                    "           FROM stock_movement GROUP BY product_id) m ON m.product_id = p.id "
                    "WHERE p.on_hand <> coalesce (m.on_hand, 0) OR p.held <> coalesce (m.held, 0) "
                    "   OR p.written_off <> coalesce (m.written_off, 0)",
                    ledger_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT r.id FROM rma r WHERE NOT EXISTS (SELECT 1 FROM rma_fts WHERE rowid = r.id)",
                    index_missing_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT f.rowid FROM rma_fts f WHERE NOT EXISTS (SELECT 1 FROM rma WHERE id = f.rowid)",
                    index_orphan_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT r.id, sum (f.amount_minor), r.refund_minor FROM refund f "
                    "JOIN rma r ON r.id = f.rma_id GROUP BY r.id HAVING sum (f.amount_minor) > r.refund_minor",
                    refund_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT rma_id, kind, from_status, to_status FROM rma_event "
                    "WHERE kind IN ('created', 'status') ORDER BY rma_id, id",
                    history_row, report, &walk, &local_error) &&
      for_each_row (db,
                    "SELECT r.id, r.status, (SELECT to_status FROM rma_event e WHERE e.rma_id = r.id "
                    "  AND e.kind IN ('created', 'status') ORDER BY e.id DESC LIMIT 1) AS last "
                    "FROM rma r WHERE last IS NULL OR last <> r.status",
                    history_end_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT r.id, r.number, r.status, r.authorized_us, "
                    "(SELECT coalesce (sum (qty_received), 0) FROM rma_line WHERE rma_id = r.id) FROM rma r",
                    number_row, report, NULL, &local_error))
    {
      /* FTS5's own check: the index matches its stored content. */
      if (!retour_database_exec (db, "INSERT INTO rma_fts (rma_fts, rank) VALUES ('integrity-check', 0)",
                                 &local_error))
        {
          if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT))
            {
              problem (report, _("The search index is damaged"));
              g_clear_error (&local_error);
            }
        }
    }

  retour_database_exec (db, "COMMIT", NULL);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&report);
}
