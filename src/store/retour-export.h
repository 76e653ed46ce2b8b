/* retour-export.h — the shop's ledgers as CSV files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180: UTF-8, CRLF line ends, a header row, cells quoted when they
 * hold a comma, a semicolon, a quote or a line break. Spreadsheets run a
 * cell that starts with = + - @ (or a tab or carriage return, which some
 * strip first, or the full-width ＝ ＋ － ＠) as a formula —
 * "=HYPERLINK(…)" in a note would be a link that sends data away — so
 * such text gets a leading apostrophe, which spreadsheets show as text
 * and hide. Not only at the start of a cell: Excel in Dutch, French,
 * German or Polish splits the file on semicolons, LibreOffice may split it
 * on tabs, and a reader that does starts a cell after each of them and
 * after each comma and line break of our text, where our quotes no longer
 * hold it together; each such part is neutralized too (there the
 * apostrophe stays visible, the price of a file that is safe however it is
 * read). Numbers stay plain numbers ("-2"). Times are ISO 8601 with the
 * offset of the shop's time zone.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

/* Appends @text (NULL: empty) to @csv as one text cell, neutralized and
 * quoted as above, followed by a separator. */
void      retour_csv_append_text     (GString        *csv,
                                      const char     *text);
/* Appends @value as a numeric cell, followed by a separator. */
void      retour_csv_append_number   (GString        *csv,
                                      gint64          value);
/* Appends @money's amount as a numeric cell ("-12.50", a point for the
 * decimals whatever the locale), followed by a separator; its currency
 * goes in a column of its own. */
void      retour_csv_append_amount   (GString        *csv,
                                      RetourMoney     money);
/* Ends the row of the cells appended since the last row end. */
void      retour_csv_end_row         (GString        *csv);

/* Writes the whole stock ledger, oldest first, to @out: date, sku,
 * product, bucket, change, cause, rma_number, actor, note. Buckets and
 * causes are written as their storage keys ("on-hand", "write-off"), the
 * header as these column names: the file is for other programs as much
 * as for people, whatever the language of who exported it. */
gboolean  retour_export_stock_csv    (RetourDatabase *db,
                                      GOutputStream  *out,
                                      GTimeZone      *tz,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* Writes every return line, oldest return first, to @out: rma_number,
 * status, created, received, resolved, order_number, customer, country,
 * sku, product, category, quantity, unit_price, currency, reason, claim,
 * resolution, refund_method. Drafts are left out (not yet a return). */
gboolean  retour_export_returns_csv  (RetourDatabase *db,
                                      GOutputStream  *out,
                                      GTimeZone      *tz,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* Writes every refund, oldest first, to @out: date, rma_number,
 * order_number, customer, amount, currency, method, source (retour or
 * storefront), external_id, actor, note. */
gboolean  retour_export_refunds_csv  (RetourDatabase *db,
                                      GOutputStream  *out,
                                      GTimeZone      *tz,
                                      GCancellable   *cancellable,
                                      GError        **error);

G_END_DECLS
