/* retour-test-csv.h — reading an exported CSV file as spreadsheets do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spreadsheets do not all split a CSV file on commas: Excel in Dutch,
 * French, German or Polish splits on semicolons, and LibreOffice's import
 * may split on tabs too. A file read with a separator it was not written
 * with still has its quotes honoured, but only where a cell of that
 * reading starts; elsewhere a quote is an ordinary character.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rows of @text, each a NULL-terminated array of cells, read with
 * @separator the way Excel reads it: a cell that starts with a quote runs
 * to the quote that closes it (two quotes inside are one), and whatever
 * follows the closing quote up to the next separator belongs to the cell
 * too. Outside quotes a CR, an LF or a CRLF ends the row. */
GPtrArray *retour_test_csv_read                (const char *text,
                                                char        separator);

/* Fails the test when a cell of @text, read with a comma, a semicolon or
 * a tab as separator, starts with what spreadsheets take as a formula
 * (= + - @ tab CR, or the full-width ＝ ＋ － ＠). A cell that is a whole
 * number ("-2") is a number, not a formula. */
void       retour_test_csv_assert_no_formulas  (const char *text);

G_END_DECLS
