/* test-report-document.c — the report on A4: the figures of the small
 * shop of retour-test-report-shop.c, read back from the PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "retour-label-document.h"
#include "retour-report-document.h"
#include "retour-test-db.h"
#include "retour-test-report-shop.h"

/* All pages' text, whitespace runs made one space; every character inside
 * the margins of an A4 page. */
static char *
read_text (GBytes *pdf,
           int    *out_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("[\\s\\x{00A0}\\x{202F}]+", 0, 0, NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  PopplerDocument *document = retour_label_document_new (pdf, &error);

  g_assert_no_error (error);
  *out_pages = poppler_document_get_n_pages (document);

  for (int i = 0; i < *out_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree PopplerRectangle *boxes = NULL;
      guint n_boxes = 0;
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
      g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
      g_assert_true (poppler_page_get_text_layout (page, &boxes, &n_boxes));
      for (guint j = 0; j < n_boxes; j++)
        {
          g_assert_cmpfloat (boxes[j].x1, >=, 18 * 72 / 25.4 - 0.5);
          g_assert_cmpfloat (boxes[j].x2, <=, width - 18 * 72 / 25.4 + 0.5);
        }
      g_string_append (all, text);
      g_string_append_c (all, ' ');
      g_object_unref (page);
    }
  g_object_unref (document);

  return g_regex_replace_literal (spaces, all->str, -1, 0, " ", 0, NULL);
}

static void
test_november (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RetourDatabase) db = retour_test_db_new ("retour-test-report-pdf-XXXXXX", &dir, &path);
  g_autoptr(RetourReport) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RetourReportQuery query = { 0 };
  int pages;

  retour_test_report_shop_fill (db, tz);
  query.since_us = retour_test_report_shop_time (tz, 11, 1, 0, 0);
  query.until_us = retour_test_report_shop_time (tz, 12, 1, 0, 0);
  report = retour_report_store_load (db, &query, tz, retour_test_report_shop_time (tz, 12, 5, 12, 0), &error);
  g_assert_no_error (error);

  pdf = retour_report_render_pdf (report, tz, "Fietsenwinkel <b>&", G_GINT64_CONSTANT (1796000000) * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  text = read_text (pdf, &pages);
  g_test_message ("%d pages: %s", pages, text);
  g_assert_cmpint (pages, >=, 1);

  /* The shop's name as typed, the period and its basis. */
  g_assert_nonnull (strstr (text, "Returns Report — Fietsenwinkel <b>&"));
  g_assert_nonnull (strstr (text, "Returns counted by the day they were made"));
  /* Figures beside the period before, with their definitions. The
   * columns of a table come out of poppler in no fixed order: each value
   * is looked for on its own. */
  g_assert_nonnull (strstr (text, "Item return rate 76.2 % 0.0 %"));
  g_assert_nonnull (strstr (text, "125.0 %"));
  g_assert_nonnull (strstr (text, "Time to refund 4.0 days —"));
  g_assert_nonnull (strstr (text, "Units customers asked to send back"));
  /* Money per currency, never added. */
  g_assert_nonnull (strstr (text, "Refunds against sales 166.10 €; 40.00 zł 0.00 €"));
  g_assert_nonnull (strstr (text, "Restocking fees recovered 20.00 €; 0.00 zł"));
  g_assert_null (strstr (text, "206.10"));
  /* The reasons, the lamp to look at, Anna among the serial returners
   * with the sentence about the law. */
  g_assert_nonnull (strstr (text, "Wrong size or fit"));
  g_assert_nonnull (strstr (text, "43.8 %"));
  g_assert_nonnull (strstr (text, "Lamp (LMP)"));
  g_assert_nonnull (strstr (text, "76.9 %"));
  g_assert_nonnull (strstr (text, "Anna de Vries"));
  g_assert_nonnull (strstr (text, "83.3 %"));
  g_assert_nonnull (strstr (text, "cannot be refused because of a high return rate"));
  /* Ben returns too, but once: not a serial returner. */
  g_assert_null (strstr (text, "Ben Krüger"));

  /* The same report at the same time: the same bytes. */
  again = retour_report_render_pdf (report, tz, "Fietsenwinkel <b>&", G_GINT64_CONSTANT (1796000000) * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pdf, again));

  g_clear_object (&db);
  retour_test_db_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Numbers as the English the expected text is written in. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-document/november", test_november);

  return g_test_run ();
}
