/* retour-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-check.h"
#include "retour-database-private.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"

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
  gboolean has_row;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    row (stmt, report, data);

  return ok;
}

static void
integrity_row (RetourStmt        *stmt,
               RetourCheckReport *report,
               gpointer           data)
{
  const char *text = retour_stmt_column_text (stmt, 0);

  if (g_strcmp0 (text, "ok") != 0)
    problem (report, _("SQLite integrity: %s"), text);
}

static void
foreign_key_row (RetourStmt        *stmt,
                 RetourCheckReport *report,
                 gpointer           data)
{
  problem (report, _("Row %lld of table %s refers to a missing row of %s"),
           (long long) retour_stmt_column_int64 (stmt, 1),
           retour_stmt_column_text (stmt, 0),
           retour_stmt_column_text (stmt, 2));
}

/* One row per product whose totals differ from its movements: the
 * product, then each bucket's total and sum of movements. */
static void
ledger_row (RetourStmt        *stmt,
            RetourCheckReport *report,
            gpointer           data)
{
  gint64 id = retour_stmt_column_int64 (stmt, 0);
  const char *name = retour_stmt_column_text (stmt, 1);
  gint64 on_hand = retour_stmt_column_int64 (stmt, 2), on_hand_sum = retour_stmt_column_int64 (stmt, 3);
  gint64 held = retour_stmt_column_int64 (stmt, 4), held_sum = retour_stmt_column_int64 (stmt, 5);
  gint64 written_off = retour_stmt_column_int64 (stmt, 6), written_off_sum = retour_stmt_column_int64 (stmt, 7);

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
refund_row (RetourStmt        *stmt,
            RetourCheckReport *report,
            gpointer           data)
{
  problem (report, _("Return %lld was refunded %lld (minor units) but only %lld was due"),
           (long long) retour_stmt_column_int64 (stmt, 0),
           (long long) retour_stmt_column_int64 (stmt, 1),
           (long long) retour_stmt_column_int64 (stmt, 2));
}

static void
storefront_refund_row (RetourStmt        *stmt,
                       RetourCheckReport *report,
                       gpointer           data)
{
  problem (report, _("Refund %lld, made in the store for order %lld, names a line of order %lld"),
           (long long) retour_stmt_column_int64 (stmt, 0),
           (long long) retour_stmt_column_int64 (stmt, 1),
           (long long) retour_stmt_column_int64 (stmt, 2));
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
  gint64 rma_id = retour_stmt_column_int64 (stmt, 0);
  const char *kind = retour_stmt_column_text (stmt, 1);
  RetourRmaStatus from, to;

  if (rma_id != walk->rma_id)
    {
      walk->rma_id = rma_id;
      walk->started = FALSE;
      walk->broken = FALSE;
    }

  if (walk->broken)
    return;

  if (!retour_rma_status_from_key (retour_stmt_column_text (stmt, 2), &from) ||
      !retour_rma_status_from_key (retour_stmt_column_text (stmt, 3), &to))
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
           (long long) retour_stmt_column_int64 (stmt, 0),
           retour_stmt_column_text (stmt, 1),
           retour_stmt_column_is_null (stmt, 2) ? "—" : retour_stmt_column_text (stmt, 2));
}

static void
number_row (RetourStmt        *stmt,
            RetourCheckReport *report,
            gpointer           data)
{
  gint64 id = retour_stmt_column_int64 (stmt, 0);
  const char *number = retour_stmt_column_text (stmt, 1);
  const char *status_key = retour_stmt_column_text (stmt, 2);
  gint64 authorized_us = retour_stmt_column_int64 (stmt, 3);
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
      retour_stmt_column_int64 (stmt, 4) == 0)
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

  return retour_stmt_column_int64 (stmt, 0);
}

/* ------------------------------------------------ the search indexes
 *
 * Since schema 9 an index holds no text, only which documents hold each
 * trigram (detail = none); the text is a view over the tables. FTS5's own
 * 'integrity-check' is an INSERT: it takes the write lock, so it waits for
 * (and fails beside) any program that writes, and cannot run on a
 * read-only database. The same comparison is made here by reading: every
 * (document, trigram) pair the index holds, read through a temporary
 * fts5vocab table, against the pairs the text gives, as sums of hashes,
 * per document where the ids allow it. The trigram tokenizer with
 * case_sensitive 1 takes every run of three characters, exactly as they
 * are. A damaged index b-tree fails the scan itself with SQLITE_CORRUPT. */

/* FNV-1a over one document id and trigram: a sum of these over a set of
 * pairs does not depend on the order they are read in. */
static guint64
token_hash (gint64      doc,
            const char *term,
            gsize       term_len)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);
  const guchar *bytes = (const guchar *) &doc;

  for (gsize i = 0; i < sizeof doc; i++)
    hash = (hash ^ bytes[i]) * G_GUINT64_CONSTANT (1099511628211);
  hash = (hash ^ 0xff) * G_GUINT64_CONSTANT (1099511628211);
  for (gsize i = 0; i < term_len; i++)
    hash = (hash ^ (guchar) term[i]) * G_GUINT64_CONSTANT (1099511628211);

  /* Never 0: a document's sum of 0 means "not in the index" below. */
  return hash | 1;
}

static int
compare_hashes (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

/* The sum over the distinct trigrams of @text, as the index holds them for
 * document @doc: each trigram's hash once (two trigrams of one document
 * with the same 64-bit hash are as good as impossible). */
static guint64
text_hash (gint64      doc,
           const char *text,
           GArray     *scratch)
{
  const char *ends[4];
  guint64 sum = 0;
  int n = 0;

  g_array_set_size (scratch, 0);

  /* A sliding window of the starts of the last three characters. */
  for (const char *c = text; ; c = g_utf8_next_char (c))
    {
      if (n == 4)
        {
          memmove (ends, ends + 1, 3 * sizeof *ends);
          n = 3;
        }
      ends[n++] = c;
      if (n == 4)
        {
          guint64 hash = token_hash (doc, ends[0], (gsize) (ends[3] - ends[0]));

          g_array_append_val (scratch, hash);
        }
      if (*c == '\0')
        break;
    }

  g_array_sort (scratch, compare_hashes);
  for (guint i = 0; i < scratch->len; i++)
    if (i == 0 || g_array_index (scratch, guint64, i) != g_array_index (scratch, guint64, i - 1))
      sum += g_array_index (scratch, guint64, i);

  return sum;
}

typedef struct
{
  const char *vocab;        /* the temporary fts5vocab table */
  const char *text_sql;     /* id, text of every document */
  const char *max_id_sql;   /* the highest document id, and how many */
  const char *damaged;
  const char *unlike;
  gboolean    per_return;   /* name the returns missing or left over */
} IndexCheck;

/* Compares one index with its text. Where document ids are dense, as
 * they are (each a table's next rowid), each document's sum is kept in an
 * array indexed by id, which tells a document missing from the index, or
 * one the index holds of a row that is gone, from one indexed wrongly. */
static gboolean
compare_index (RetourDatabase     *db,
               const IndexCheck   *check,
               RetourCheckReport  *report,
               GError            **error)
{
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree guint64 *sums = NULL;
  g_autoptr(GHashTable) beyond = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  g_autofree char *index_sql = g_strdup_printf ("SELECT doc, term FROM %s", check->vocab);
  g_autoptr(GError) local_error = NULL;
  sqlite3 *handle = retour_database_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  guint64 in_index = 0, in_text = 0;
  gint64 max_id, n_docs;
  gboolean unlike = FALSE;
  int rc;

  {
    g_autoptr(RetourStmt) bounds = retour_database_prepare (db, check->max_id_sql, error);
    gboolean has_row;

    if (bounds == NULL || !retour_stmt_step (bounds, &has_row, error))
      return FALSE;
    max_id = MAX (retour_stmt_column_int64 (bounds, 0), 0);
    n_docs = retour_stmt_column_int64 (bounds, 1);
  }
  if (max_id <= 4 * n_docs + 4096)
    sums = g_new0 (guint64, max_id + 1);

  /* Not cached: the vocabulary table is made by this check. */
  rc = sqlite3_prepare_v2 (handle, index_sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      gint64 doc;
      const char *term;
      guint64 hash;

      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;

      doc = sqlite3_column_int64 (stmt, 0);
      term = sqlite3_column_blob (stmt, 1);
      hash = token_hash (doc, term != NULL ? term : "", (gsize) sqlite3_column_bytes (stmt, 1));

      in_index += hash;
      if (sums == NULL)
        continue;
      if (doc >= 0 && doc <= max_id)
        sums[doc] += hash;
      else
        {
          gint64 *stray = g_new (gint64, 1);

          *stray = doc;
          g_hash_table_add (beyond, stray);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      retour_store_set_error (&local_error, handle, rc);
      goto failed;
    }

  {
    g_autoptr(RetourStmt) texts = retour_database_prepare (db, check->text_sql, &local_error);
    gboolean has_row;

    if (texts == NULL)
      goto failed;

    while (retour_stmt_step (texts, &has_row, &local_error) && has_row)
      {
        gint64 doc = retour_stmt_column_int64 (texts, 0);
        const char *text = retour_stmt_column_text (texts, 1);
        guint64 hash = text_hash (doc, text != NULL ? text : "", scratch);

        in_text += hash;
        if (sums == NULL || doc < 0 || doc > max_id)
          continue;

        if (sums[doc] == 0 && hash != 0)
          {
            if (check->per_return)
              problem (report, _("Return %lld is missing from the search index"), (long long) doc);
            unlike = TRUE;
          }
        else if (sums[doc] != hash)
          unlike = TRUE;
        sums[doc] = 0;
      }
    if (local_error != NULL)
      goto failed;
  }

  /* Documents beyond the highest id are of no row at all. */
  g_hash_table_iter_init (&iter, beyond);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (check->per_return)
        problem (report, _("The search index holds return %lld, which does not exist"),
                 (long long) *(gint64 *) key);
      unlike = TRUE;
    }

  for (gint64 doc = 0; sums != NULL && doc <= max_id; doc++)
    if (sums[doc] != 0)
      {
        if (check->per_return)
          problem (report, _("The search index holds return %lld, which does not exist"), (long long) doc);
        unlike = TRUE;
      }

  if (unlike || in_index != in_text)
    problem (report, "%s", check->unlike);

  return TRUE;

failed:
  if (!g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  problem (report, "%s", check->damaged);
  return TRUE;
}

static gboolean
check_search_indexes (RetourDatabase     *db,
                      RetourCheckReport  *report,
                      GError            **error)
{
  const IndexCheck rmas = {
    "temp.rma_fts_tokens",
    "SELECT id, text FROM rma_search",
    "SELECT max (id), count (*) FROM rma",
    _("The search index of the returns is damaged"),
    _("The search index of the returns does not match the returns"),
    TRUE,
  };
  const IndexCheck orders = {
    "temp.order_fts_tokens",
    "SELECT id, text FROM order_search",
    "SELECT max (id), count (*) FROM \"order\"",
    _("The search index of the orders is damaged"),
    _("The search index of the orders does not match the orders"),
    FALSE,
  };

  /* Temporary tables live in this connection's memory: creating them
   * writes nothing to the database. */
  return retour_database_exec (db,
                               "CREATE VIRTUAL TABLE IF NOT EXISTS temp.rma_fts_tokens "
                               "USING fts5vocab (main, rma_fts, instance)", error) &&
         retour_database_exec (db,
                               "CREATE VIRTUAL TABLE IF NOT EXISTS temp.order_fts_tokens "
                               "USING fts5vocab (main, order_fts, instance)", error) &&
         compare_index (db, &rmas, report, error) &&
         compare_index (db, &orders, report, error);
}

/* On a server the search documents are rows that triggers keep: each
 * must hold what its return's or order's rows say now. */
static gboolean
check_search_documents (RetourDatabase     *db,
                        RetourCheckReport  *report,
                        GError            **error)
{
  gint64 rmas, orders;
  g_autoptr(GError) local_error = NULL;

  rmas = count_rows (db,
                     "SELECT count (*) FROM rma_search s FULL JOIN rma_search_doc d ON d.id = s.id "
                     "WHERE s.text IS DISTINCT FROM d.text",
                     &local_error);
  if (local_error == NULL)
    orders = count_rows (db,
                         "SELECT count (*) FROM order_search s FULL JOIN order_search_doc d ON d.id = s.id "
                         "WHERE s.text IS DISTINCT FROM d.text",
                         &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (rmas > 0)
    problem (report, "%s", _("The search index of the returns does not match the returns"));
  if (orders > 0)
    problem (report, "%s", _("The search index of the orders does not match the orders"));

  return TRUE;
}

/* ------------------------------------------------- the number sequence */

/* The next number the sequence gives must be free: a sequence that fell
 * behind the numbers in use (a demo or restore cut short by an older
 * Retour) would otherwise make authorizations collide. */
static gboolean
check_number_sequence (RetourDatabase     *db,
                       gint64              now_us,
                       RetourCheckReport  *report,
                       GError            **error)
{
  g_autoptr(RetourRmaNumberPattern) pattern = NULL;
  g_autofree char *pattern_text = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean in_use;
  guint64 seq;

  pattern_text = retour_setting_store_get (db, RETOUR_SETTING_NUMBER_PATTERN,
                                           RETOUR_RMA_NUMBER_DEFAULT_PATTERN, error);
  if (pattern_text == NULL ||
      !retour_setting_store_peek_sequence (db, RETOUR_SEQUENCE_RMA_NUMBER, &seq, error))
    return FALSE;

  pattern = retour_rma_number_pattern_new (pattern_text, &local_error);
  if (pattern == NULL)
    {
      problem (report, _("The return number pattern “%s” is not valid: %s"), pattern_text, local_error->message);
      return TRUE;
    }

  when = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  number = retour_rma_number_pattern_format_next (pattern, seq, when);
  if (number == NULL)
    return TRUE;

  if (!retour_rma_store_number_in_use (db, number, &in_use, error))
    return FALSE;

  if (in_use)
    {
      g_autofree char *display = retour_rma_number_display (number);

      problem (report, _("The next return number, %s, is already in use: the number sequence is behind the numbers issued"),
               display);
    }

  return TRUE;
}

RetourCheckReport *
retour_check_database (RetourDatabase    *db,
                       RetourCheckFlags   flags,
                       gint64             now_us,
                       GError           **error)
{
  g_autoptr(RetourCheckReport) report = g_new0 (RetourCheckReport, 1);
  g_autoptr(GError) local_error = NULL;
  HistoryWalk walk = { 0 };
  gboolean shared;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  shared = retour_database_is_shared (db);

  report->problems = g_ptr_array_new_with_free_func (g_free);

  /* One read transaction: every check sees the same snapshot, even while
   * another program writes. (SQLite's reads are that already; on a
   * server, READ COMMITTED would take a new snapshot per statement.) */
  if (!retour_database_exec (db, shared ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN",
                             error))
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

  /* A server checks its pages and enforces foreign keys itself, always. */
  if (local_error == NULL &&
      (shared ||
       (for_each_row (db, (flags & RETOUR_CHECK_QUICK) ? "PRAGMA quick_check" : "PRAGMA integrity_check",
                      integrity_row, report, NULL, &local_error) &&
        for_each_row (db, "PRAGMA foreign_key_check", foreign_key_row, report, NULL, &local_error))) &&
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
                    "SELECT r.id, sum (f.amount_minor), r.refund_minor FROM refund f "
                    "JOIN rma r ON r.id = f.rma_id GROUP BY r.id HAVING sum (f.amount_minor) > r.refund_minor",
                    refund_row, report, NULL, &local_error) &&
      /* Storefront refunds are the order's, not a return's (see the
       * CHECK on refund): only their lines can stray. */
      for_each_row (db,
                    "SELECT f.id, f.order_id, ol.order_id FROM refund_line rl "
                    "JOIN refund f ON f.id = rl.refund_id JOIN order_line ol ON ol.id = rl.order_line_id "
                    "WHERE ol.order_id <> f.order_id",
                    storefront_refund_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT rma_id, kind, from_status, to_status FROM rma_event "
                    "WHERE kind IN ('created', 'status') ORDER BY rma_id, id",
                    history_row, report, &walk, &local_error) &&
      for_each_row (db,
                    "SELECT id, status, last FROM ("
                    "  SELECT r.id, r.status, (SELECT to_status FROM rma_event e WHERE e.rma_id = r.id "
                    "    AND e.kind IN ('created', 'status') ORDER BY e.id DESC LIMIT 1) AS last "
                    "  FROM rma r) AS ends "
                    "WHERE last IS NULL OR last <> status",
                    history_end_row, report, NULL, &local_error) &&
      for_each_row (db,
                    "SELECT r.id, r.number, r.status, r.authorized_us, "
                    "(SELECT coalesce (sum (qty_received), 0) FROM rma_line WHERE rma_id = r.id) FROM rma r",
                    number_row, report, NULL, &local_error))
    {
      if ((shared ? check_search_documents (db, report, &local_error)
                  : check_search_indexes (db, report, &local_error)) &&
          now_us != 0)
        check_number_sequence (db, now_us, report, &local_error);
    }

  retour_database_exec (db, "COMMIT", NULL);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&report);
}
