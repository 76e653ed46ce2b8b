/* test-law-documents.c — the withdrawal form, acknowledgement and repair notice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each document is made in each language and read back with poppler as a
 * customer would read it: the official wording of the language is there,
 * so is what the shop filled in, a hostile name stays text and stays on
 * the page, and the time a notice came is the customer's, with its zone.
 * RETOUR_TEST_KEEP_PDF=DIR keeps the PDFs there to look at.
 */
#include "config.h"

#include <string.h>

#include "retour-catalog.h"
#include "retour-i18n.h"
#include "retour-label-document.h"
#include "retour-law-documents.h"

#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
/* 2026-08-14 13:32:00 UTC: 15:32 in Amsterdam, Paris, Berlin and Warsaw. */
#define DECLARED_US SECONDS (1786714320)
/* 2026-01-20 10:05:00 UTC: 11:05 in winter. */
#define WINTER_US   SECONDS (1768903500)

typedef struct
{
  const char *language;
  const char *country;
  const char *title;
  const char *statement;     /* a piece of the statutory sentence */
  const char *footnote;
  const char *dates;         /* ordered / received as the language writes them */
} Language;

static const Language languages[] = {
  { "en", "IE", "Model withdrawal form",
    "I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods (*)/for the provision of the following service (*)",
    "(*) Delete as appropriate.", "01/08/2026 / 06/08/2026" },
  { "nl", "NL", "Modelformulier voor herroeping",
    "Ik/Wij (*) deel/delen (*) u hierbij mede dat ik/wij (*) onze overeenkomst betreffende de verkoop van de volgende goederen/levering van de volgende dienst (*) herroep/herroepen (*)",
    "(*) Doorhalen wat niet van toepassing is.", "01-08-2026 / 06-08-2026" },
  { "fr", "FR", "Modèle de formulaire de rétractation",
    "Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous",
    "(*) Rayez la mention inutile.", "01/08/2026 / 06/08/2026" },
  { "de", "DE", "Muster-Widerrufsformular",
    "Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen Vertrag über den Kauf der folgenden Waren (*)/die Erbringung der folgenden Dienstleistung (*)",
    "(*) Unzutreffendes streichen.", "01.08.2026 / 06.08.2026" },
  { "pl", "PL", "Wzór formularza odstąpienia od umowy",
    "Ja/My(*) niniejszym informuję/informujemy(*) o moim/naszym odstąpieniu od umowy sprzedaży następujących rzeczy(*)",
    "(*) Niepotrzebne skreślić.", "01.08.2026 / 06.08.2026" },
};

static RetourLawDocumentData *
make_data (const Language *language)
{
  RetourLawDocumentData *data = retour_law_document_data_new ();
  const char *shop_address[] = { "Magazijnweg 12", "3542 DE Utrecht", "NL", NULL };
  const char *customer_address[] = { "Kastanjelaan 3", "1234 AB Ergens", language->country, NULL };

  data->language = g_strdup (language->language);
  data->country = g_strdup (language->country);
  data->shop_name = g_strdup ("Atelier Noord");
  g_strfreev (data->shop_address);
  data->shop_address = g_strdupv ((char **) shop_address);
  data->shop_email = g_strdup ("retour@atelier-noord.example");
  data->customer_name = g_strdup ("Zofia Wiśniewska");
  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv ((char **) customer_address);
  data->customer_email = g_strdup ("zofia@example.org");
  data->rma_number = g_strdup ("R26000128Y");
  data->order_number = g_strdup ("10421");
  data->ordered_us = SECONDS (1785578400);    /* 2026-08-01 10:00 UTC */
  data->received_us = SECONDS (1786010400);   /* 2026-08-06 10:00 UTC */
  data->declared_us = DECLARED_US;
  data->declared_via = RETOUR_DECLARATION_PHONE;
  data->statement = g_strdup ("I no longer want the belt.");
  g_date_set_dmy (&data->guarantee_until, 6, G_DATE_AUGUST, 2028);
  g_date_set_dmy (&data->guarantee_repaired, 6, G_DATE_AUGUST, 2029);
  data->created_us = DECLARED_US + SECONDS (600);
  g_ptr_array_add (data->items, retour_label_item_new ("BLT-BRN-90", "Leather belt, brown, 90 cm", 2, NULL));
  g_ptr_array_add (data->items, retour_label_item_new ("SDR-WHT-M", "Summer dress — white, M", 1, NULL));

  return data;
}

static void
keep (GBytes     *pdf,
      const char *name)
{
  const char *dir = g_getenv ("RETOUR_TEST_KEEP_PDF");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), NULL);
}

/* Any run of blanks, the no-break ones too, reads as one space. */
#define SPACES "[\\s\\x{00A0}\\x{202F}]+"

/* All pages' text, whitespace runs made one space; checks that every
 * character is inside the page's margins. */
static char *
read_text (GBytes *pdf,
           int     expected_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) spaces = g_regex_new (SPACES, 0, 0, NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  PopplerDocument *document = retour_label_document_new (pdf, &error);
  int n_pages;

  g_assert_no_error (error);
  n_pages = poppler_document_get_n_pages (document);
  if (expected_pages > 0)
    g_assert_cmpint (n_pages, ==, expected_pages);

  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      PopplerRectangle *boxes = NULL;
      guint n_boxes = 0;
      double width, height;
      g_autofree char *text = poppler_page_get_text (page);

      poppler_page_get_size (page, &width, &height);
      /* A4, and nothing written in the 20 mm margins. */
      g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
      g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
      g_assert_true (poppler_page_get_text_layout (page, &boxes, &n_boxes));
      for (guint j = 0; j < n_boxes; j++)
        {
          g_assert_cmpfloat (boxes[j].x1, >=, 20 * 72 / 25.4 - 2);
          g_assert_cmpfloat (boxes[j].x2, <=, width - 20 * 72 / 25.4 + 2);
          g_assert_cmpfloat (boxes[j].y1, >=, 20 * 72 / 25.4 - 4);
          g_assert_cmpfloat (boxes[j].y2, <=, height - 20 * 72 / 25.4 + 4);
        }
      g_free (boxes);
      g_string_append_printf (all, "%s\n", text);
      g_object_unref (page);
    }
  g_object_unref (document);

  return g_regex_replace_literal (spaces, all->str, -1, 0, " ", 0, NULL);
}

static void
assert_contains (const char *text,
                 const char *piece)
{
  /* French puts no-break spaces before its colons; what the PDF gives
   * back may have plain ones. */
  g_autoptr(GRegex) spaces = g_regex_new (SPACES, 0, 0, NULL);
  g_autofree char *plain = g_regex_replace_literal (spaces, piece, -1, 0, " ", 0, NULL);

  if (strstr (text, plain) == NULL)
    g_error ("“%s” is not in the document:\n%s", plain, text);
}

/* @msgid in @language once Retour has it translated; until then (a new
 * text, its translation not yet in po/) the English. */
static const char *
translated (const char *language,
            const char *msgid)
{
  return retour_catalog_gettext (retour_catalog_get (language), msgid);
}

static void
test_withdrawal_form_languages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(RetourLawDocumentData) data = make_data (&languages[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = retour_withdrawal_form_render_pdf (data, &error);
      g_autofree char *name = g_strdup_printf ("withdrawal-form-%s.pdf", languages[i].language);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      keep (pdf, name);
      text = read_text (pdf, 1);

      assert_contains (text, languages[i].title);
      assert_contains (text, languages[i].statement);
      assert_contains (text, languages[i].footnote);
      /* The shop's name, geographical address and e-mail, pre-filled. */
      assert_contains (text, "Atelier Noord");
      assert_contains (text, "3542 DE Utrecht");
      assert_contains (text, "retour@atelier-noord.example");
      assert_contains (text, "10421");
      assert_contains (text, "2 × Leather belt, brown, 90 cm");
      assert_contains (text, languages[i].dates);
      assert_contains (text, "Zofia Wiśniewska");
      assert_contains (text, "Kastanjelaan 3");
    }
}

/* No order and no dates: lines to write them on, and still one page. */
static void
test_withdrawal_form_blank (void)
{
  g_autoptr(RetourLawDocumentData) data = retour_law_document_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  data->language = g_strdup ("de_AT.UTF-8");
  pdf = retour_withdrawal_form_render_pdf (data, &error);
  g_assert_no_error (error);
  text = read_text (pdf, 1);
  assert_contains (text, "Muster-Widerrufsformular");
  assert_contains (text, "Unterschrift des/der Verbraucher(s)");
}

static char *
hostile_text (void)
{
  GString *name = g_string_new ("<b>&amp; محمد عبد الله שלום ");

  while (g_utf8_strlen (name->str, -1) < 200)
    g_string_append (name, "Wolfeschlegelsteinhausenbergerdorff ");

  return g_string_free (name, FALSE);
}

static void
test_hostile (void)
{
  g_autofree char *name = hostile_text ();
  g_autofree char *long_line = g_strnfill (300, 'W');
  const char *address[] = { NULL, "شارع الملك فهد ١٢", "<i>x</i> & y", long_line, "l5", "l6", "l7", "l8", "NL", NULL };

  address[0] = name;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(RetourLawDocumentData) data = make_data (&languages[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) form = NULL;
      g_autoptr(GBytes) acknowledgement = NULL;
      g_autoptr(GBytes) notice = NULL;
      g_autofree char *text = NULL;

      g_free (data->customer_name);
      data->customer_name = g_strdup (name);
      g_free (data->shop_name);
      data->shop_name = g_strdup (name);
      g_strfreev (data->customer_address);
      data->customer_address = g_strdupv ((char **) address);
      g_free (data->statement);
      data->statement = g_strjoinv ("\n", (char **) address);

      form = retour_withdrawal_form_render_pdf (data, &error);
      g_assert_no_error (error);
      if (i == 1)
        keep (form, "withdrawal-form-hostile.pdf");
      /* Markup is text, and the form stays one page. */
      text = read_text (form, 1);
      assert_contains (text, "<b>&amp;");
      assert_contains (text, languages[i].footnote);
      g_clear_pointer (&text, g_free);

      acknowledgement = retour_withdrawal_acknowledgement_render_pdf (data, &error);
      g_assert_no_error (error);
      if (i == 1)
        keep (acknowledgement, "acknowledgement-hostile.pdf");
      text = read_text (acknowledgement, 0);
      assert_contains (text, "<i>x</i> & y");
      g_clear_pointer (&text, g_free);

      notice = retour_repair_notice_render_pdf (data, &error);
      g_assert_no_error (error);
      text = read_text (notice, 0);
      assert_contains (text, "<b>&amp;");
    }
}

static void
test_acknowledgement (void)
{
  static const char * const zones[] = {
    "(UTC)", "(Europe/Amsterdam)", "(Europe/Paris)", "(Europe/Berlin)", "(Europe/Warsaw)",
  };
  static const char * const moments[] = {
    "14/08/2026 13:32 UTC", "14-08-2026 15:32 CEST", "14/08/2026 15:32 CEST",
    "14.08.2026 15:32 CEST", "14.08.2026 15:32 CEST",
  };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(RetourLawDocumentData) data = make_data (&languages[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = retour_withdrawal_acknowledgement_render_pdf (data, &error);
      g_autofree char *name = g_strdup_printf ("acknowledgement-%s.pdf", languages[i].language);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      keep (pdf, name);
      text = read_text (pdf, 1);

      /* When, in the customer's time, with the zone named. */
      assert_contains (text, moments[i]);
      assert_contains (text, zones[i]);
      assert_contains (text, translated (languages[i].language, "Acknowledgement of receipt of your withdrawal"));
      assert_contains (text, retour_catalog_pgettext (retour_catalog_get (languages[i].language),
                                                      "notice came", "By phone"));
      /* What it said, about what. */
      assert_contains (text, "I no longer want the belt.");
      assert_contains (text, "2 × Leather belt, brown, 90 cm");
      assert_contains (text, "1 × Summer dress — white, M");
      assert_contains (text, "10421");
      assert_contains (text, "R26-000128-Y");
      assert_contains (text, "Atelier Noord");
      assert_contains (text, "Zofia Wiśniewska");
    }
}

/* In winter the zone is CET; a country Retour has no zone for gets the
 * shop's; no notice, no acknowledgement. */
static void
test_acknowledgement_zones (void)
{
  g_autoptr(RetourLawDocumentData) data = make_data (&languages[3]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  data->declared_us = WINTER_US;
  pdf = retour_withdrawal_acknowledgement_render_pdf (data, &error);
  g_assert_no_error (error);
  text = read_text (pdf, 1);
  assert_contains (text, "20.01.2026 11:05 CET (Europe/Berlin)");
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  /* Austria: no zone of its own here, so the shop's. */
  g_free (data->country);
  data->country = g_strdup ("AT");
  data->time_zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  pdf = retour_withdrawal_acknowledgement_render_pdf (data, &error);
  g_assert_no_error (error);
  text = read_text (pdf, 1);
  assert_contains (text, "20.01.2026 11:05 CET (Europe/Amsterdam)");
  g_clear_pointer (&pdf, g_bytes_unref);

  data->declared_us = 0;
  pdf = retour_withdrawal_acknowledgement_render_pdf (data, &error);
  g_assert_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_DOCUMENT);
  g_assert_null (pdf);
}

static void
test_repair_notice (void)
{
  static const char * const dates[] = { "06/08/2028", "06-08-2028", "06/08/2028", "06.08.2028", "06.08.2028" };
  static const char * const extended[] = { "06/08/2029", "06-08-2029", "06/08/2029", "06.08.2029", "06.08.2029" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(RetourLawDocumentData) data = make_data (&languages[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = retour_repair_notice_render_pdf (data, &error);
      g_autofree char *name = g_strdup_printf ("repair-notice-%s.pdf", languages[i].language);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      keep (pdf, name);
      text = read_text (pdf, 1);

      assert_contains (text, translated (languages[i].language, "Your legal guarantee: repair or replacement"));
      assert_contains (text, translated (languages[i].language,
                                         "If you choose repair, the legal guarantee of the repaired goods "
                                         "is extended once by 12 months."));
      assert_contains (text, retour_catalog_pgettext (retour_catalog_get (languages[i].language),
                                                      "remedy", "Repair"));
      assert_contains (text, retour_catalog_pgettext (retour_catalog_get (languages[i].language),
                                                      "remedy", "Replacement"));
      assert_contains (text, dates[i]);
      assert_contains (text, extended[i]);
      assert_contains (text, "10421");
    }
}

static void
test_catalog (void)
{
  g_assert_null (retour_catalog_get (NULL));
  g_assert_null (retour_catalog_get (""));
  g_assert_null (retour_catalog_get ("es"));
  g_assert_nonnull (retour_catalog_get ("en_GB.UTF-8"));
  g_assert_cmpstr (retour_catalog_get_language (retour_catalog_get ("en")), ==, "en");
  g_assert_cmpstr (retour_catalog_gettext (retour_catalog_get ("en"), "Return Form"), ==, "Return Form");

  /* The Dutch built here: an old text is translated, in any spelling of
   * the language. */
  g_assert_cmpstr (retour_catalog_get_language (retour_catalog_get ("nl_BE.UTF-8")), ==, "nl");
  g_assert_cmpstr (retour_catalog_gettext (retour_catalog_get ("nl-NL"), "Return Form"), ==, "Retourformulier");
  g_assert_cmpstr (retour_catalog_gettext (retour_catalog_get ("nl"), "no such text"), ==, "no such text");
  /* Plurals by the language's rule: Polish has three forms. */
  g_assert_cmpstr (retour_catalog_npgettext (retour_catalog_get ("pl"), "no context", "%u item", "%u items", 5),
                   ==, "%u items");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  retour_i18n_init ();

  g_test_add_func ("/law-documents/catalog", test_catalog);
  g_test_add_func ("/law-documents/withdrawal-form/languages", test_withdrawal_form_languages);
  g_test_add_func ("/law-documents/withdrawal-form/blank", test_withdrawal_form_blank);
  g_test_add_func ("/law-documents/acknowledgement/languages", test_acknowledgement);
  g_test_add_func ("/law-documents/acknowledgement/zones", test_acknowledgement_zones);
  g_test_add_func ("/law-documents/repair-notice/languages", test_repair_notice);
  g_test_add_func ("/law-documents/hostile", test_hostile);

  return g_test_run ();
}
