/* retour-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <string.h>

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

static gboolean
stock_row (const RetourStockMovement *movement,
           const char                *sku,
           const char                *title,
           gpointer                   user_data,
           GError                   **error)
{
  StockExport *export = user_data;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (movement->created_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, export->tz) : NULL;
  g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
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
