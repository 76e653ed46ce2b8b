/* retour-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <string.h>

#include "retour-database-private.h"
#include "retour-export.h"
#include "retour-stock-store.h"

/* Rows are gathered and written in blocks of about this size. */
#define WRITE_BLOCK (64 * 1024)

/* What spreadsheets take as the start of a formula: tab and carriage
 * return too, because some strip them first, and the full-width forms,
 * which some take for their ASCII twins. */
static gboolean
starts_formula (const char *text)
{
  static const char * const starts[] = {
    "=", "+", "-", "@", "\t", "\r", "\xef\xbc\x9d" /* ＝ */, "\xef\xbc\x8b" /* ＋ */,
    "\xef\xbc\x8d" /* － */, "\xef\xbc\xa0" /* ＠ */,
  };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (g_str_has_prefix (text, starts[i]))
      return TRUE;

  return FALSE;
}

void
retour_csv_append_text (GString    *csv,
                        const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  gboolean quote = strpbrk (valid, ",;\"\r\n") != NULL;
  gboolean part_starts = TRUE;

  g_return_if_fail (csv != NULL);

  if (quote)
    g_string_append_c (csv, '"');

  for (const char *p = valid; *p != '\0'; p++)
    {
      /* The quotes keep the cell whole only for a reader that splits on
       * commas. One that splits on semicolons (Excel in nl, fr, de, pl),
       * or on tabs, starts a cell of its own after any of them, where our
       * quotes are plain characters; and one that was not inside quotes
       * when the line broke starts a row there. So every such part is
       * neutralized, after any quotes it starts with: a quote that opens
       * and closes at once leaves the text behind it as the cell. */
      if (part_starts && *p != '"' && starts_formula (p))
        g_string_append_c (csv, '\'');
      part_starts = (part_starts && *p == '"') || strchr (",;\t\r\n", *p) != NULL;

      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }

  if (quote)
    g_string_append_c (csv, '"');

  g_string_append_c (csv, ',');
}

void
retour_csv_append_number (GString *csv,
                          gint64   value)
{
  g_return_if_fail (csv != NULL);

  g_string_append_printf (csv, "%" G_GINT64_FORMAT ",", value);
}

void
retour_csv_append_amount (GString     *csv,
                          RetourMoney  money)
{
  g_autofree char *text = retour_money_to_string (money);

  g_return_if_fail (csv != NULL);

  g_string_append (csv, text);
  g_string_append_c (csv, ',');
}

void
retour_csv_end_row (GString *csv)
{
  g_return_if_fail (csv != NULL);

  /* Every cell ends in a separator; the last one becomes the line end. */
  if (csv->len > 0 && csv->str[csv->len - 1] == ',')
    g_string_truncate (csv, csv->len - 1);
  g_string_append (csv, "\r\n");
}

typedef struct
{
  GOutputStream *out;
  GTimeZone     *tz;
  GCancellable  *cancellable;
  GString       *block;
} StockExport;

static gboolean
flush_block (StockExport  *export,
             GError      **error)
{
  if (!g_output_stream_write_all (export->out, export->block->str, export->block->len, NULL,
                                  export->cancellable, error))
    return FALSE;

  g_string_truncate (export->block, 0);

  return TRUE;
}

static char *
format_time (GTimeZone *tz,
             gint64     time_us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time_us == 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
}

static gboolean
stock_row (const RetourStockMovement *movement,
           const char                *sku,
           const char                *title,
           gpointer                   user_data,
           GError                   **error)
{
  StockExport *export = user_data;
  g_autofree char *date = format_time (export->tz, movement->created_us);
  GString *row = export->block;

  retour_csv_append_text (row, date);
  retour_csv_append_text (row, sku);
  retour_csv_append_text (row, title);
  retour_csv_append_text (row, retour_enum_to_nick (RETOUR_TYPE_STOCK_BUCKET, movement->bucket));
  retour_csv_append_number (row, movement->delta);
  retour_csv_append_text (row, retour_enum_to_nick (RETOUR_TYPE_STOCK_CAUSE, movement->cause));
  retour_csv_append_text (row, movement->rma_number);
  retour_csv_append_text (row, movement->actor);
  retour_csv_append_text (row, movement->note);
  retour_csv_end_row (row);

  if (row->len >= WRITE_BLOCK)
    return flush_block (export, error);

  return !g_cancellable_set_error_if_cancelled (export->cancellable, error);
}

gboolean
retour_export_stock_csv (RetourDatabase  *db,
                         GOutputStream   *out,
                         GTimeZone       *tz,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(GString) block = g_string_sized_new (WRITE_BLOCK + 1024);
  StockExport export = { out, tz, cancellable, block };
  static const char * const header[] = {
    "date", "sku", "product", "bucket", "change", "cause", "rma_number", "actor", "note",
  };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    retour_csv_append_text (block, header[i]);
  retour_csv_end_row (block);

  return retour_stock_store_foreach_movement (db, stock_row, &export, error) &&
         flush_block (&export, error);
}

/* Returns and refunds ------------------------------------------------------ */

typedef void (*ExportRowFunc) (StockExport *export,
                               RetourStmt  *stmt);

static gboolean
export_rows (RetourDatabase      *db,
             const char          *sql,
             const char * const  *header,
             ExportRowFunc        func,
             StockExport         *export,
             GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean own_transaction;
  gboolean has_row;
  gboolean ok;

  for (guint i = 0; header[i] != NULL; i++)
    retour_csv_append_text (export->block, header[i]);
  retour_csv_end_row (export->block);

  /* One snapshot, as the report reads it. */
  own_transaction = !retour_database_in_transaction (db);
  if (own_transaction && !retour_database_exec (db, "BEGIN", error))
    return FALSE;

  stmt = retour_database_prepare (db, sql, error);
  ok = stmt != NULL;
  while (ok && (ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      func (export, stmt);
      if (export->block->len >= WRITE_BLOCK)
        ok = flush_block (export, error);
      if (ok && g_cancellable_set_error_if_cancelled (export->cancellable, error))
        ok = FALSE;
    }
  g_clear_pointer (&stmt, retour_stmt_release);

  if (own_transaction)
    retour_database_exec (db, "COMMIT", NULL);

  return ok && flush_block (export, error);
}

static void
append_time_cell (StockExport *export,
                  RetourStmt  *stmt,
                  int          column)
{
  g_autofree char *text = format_time (export->tz, retour_stmt_column_int64 (stmt, column));

  retour_csv_append_text (export->block, text);
}

static void
return_row (StockExport *export,
            RetourStmt  *stmt)
{
  GString *row = export->block;
  const char *currency = retour_stmt_column_text (stmt, 13);

  retour_csv_append_text (row, retour_stmt_column_text (stmt, 0));
  retour_csv_append_text (row, retour_stmt_column_text (stmt, 1));
  append_time_cell (export, stmt, 2);
  append_time_cell (export, stmt, 3);
  append_time_cell (export, stmt, 4);
  for (int column = 5; column <= 10; column++)
    retour_csv_append_text (row, retour_stmt_column_text (stmt, column));
  retour_csv_append_number (row, retour_stmt_column_int64 (stmt, 11));
  retour_csv_append_amount (row, retour_money_init (retour_stmt_column_int64 (stmt, 12), currency));
  retour_csv_append_text (row, currency);
  for (int column = 14; column <= 17; column++)
    retour_csv_append_text (row, retour_stmt_column_text (stmt, column));
  retour_csv_end_row (row);
}

gboolean
retour_export_returns_csv (RetourDatabase  *db,
                           GOutputStream   *out,
                           GTimeZone       *tz,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autoptr(GString) block = g_string_sized_new (WRITE_BLOCK + 1024);
  StockExport export = { out, tz, cancellable, block };
  static const char * const header[] = {
    "rma_number", "status", "created", "received", "resolved", "order_number", "customer", "country",
    "sku", "product", "category", "quantity", "unit_price", "currency", "reason", "claim", "resolution",
    "refund_method", NULL,
  };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);

  return export_rows (db,
                      "SELECT r.number, r.status, r.created_us, r.received_us, r.resolved_us, o.number, "
                      "       trim (coalesce (c.first_name, '') || ' ' || coalesce (c.last_name, '')), "
                      "       upper (coalesce (nullif (o.ship_country, ''), c.country)), "
                      "       l.sku, l.title, l.category, l.qty_requested, l.unit_price_minor, r.currency, "
                      "       rs.label, l.claim, r.resolution, r.refund_method "
                      "FROM rma r JOIN rma_line l ON l.rma_id = r.id "
                      "LEFT JOIN \"order\" o ON o.id = r.order_id LEFT JOIN customer c ON c.id = r.customer_id "
                      "LEFT JOIN reason rs ON rs.id = l.reason_id "
                      "WHERE r.status <> 'draft' ORDER BY r.id, l.id",
                      header, return_row, &export, error);
}

static void
refund_row (StockExport *export,
            RetourStmt  *stmt)
{
  GString *row = export->block;
  const char *currency = retour_stmt_column_text (stmt, 5);

  append_time_cell (export, stmt, 0);
  for (int column = 1; column <= 3; column++)
    retour_csv_append_text (row, retour_stmt_column_text (stmt, column));
  retour_csv_append_amount (row, retour_money_init (retour_stmt_column_int64 (stmt, 4), currency));
  for (int column = 5; column <= 10; column++)
    retour_csv_append_text (row, retour_stmt_column_text (stmt, column));
  retour_csv_end_row (row);
}

gboolean
retour_export_refunds_csv (RetourDatabase  *db,
                           GOutputStream   *out,
                           GTimeZone       *tz,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autoptr(GString) block = g_string_sized_new (WRITE_BLOCK + 1024);
  StockExport export = { out, tz, cancellable, block };
  static const char * const header[] = {
    "date", "rma_number", "order_number", "customer", "amount", "currency", "method", "source",
    "external_id", "actor", "note", NULL,
  };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);

  /* A storefront's refund has no return: its order says whose it is. */
  return export_rows (db,
                      "SELECT f.created_us, r.number, o.number, "
                      "       trim (coalesce (c.first_name, '') || ' ' || coalesce (c.last_name, '')), "
                      "       f.amount_minor, f.currency, f.method, f.source, f.external_id, f.actor, f.note "
                      "FROM refund f LEFT JOIN rma r ON r.id = f.rma_id "
                      "LEFT JOIN \"order\" o ON o.id = coalesce (f.order_id, r.order_id) "
                      "LEFT JOIN customer c ON c.id = coalesce (r.customer_id, o.customer_id) "
                      "ORDER BY f.created_us, f.id",
                      header, refund_row, &export, error);
}
