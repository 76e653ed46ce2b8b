/* test-labels.c — return labels: layout, PDF, barcode, stored versions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A label is checked the way a carrier and a scanner would: the PDF opens,
 * the page is the paper's size, the number is there as text, and the
 * barcode rasterized at a thermal printer's 203 dpi decodes to the number
 * (pdftoppm and zbarimg, from poppler-utils and zbar-tools; that part is
 * skipped when they are missing).
 */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "retour-cli-commands.h"
#include "retour-database-private.h"
#include "retour-demo.h"
#include "retour-i18n.h"
#include "retour-label-document.h"
#include "retour-label-layout.h"
#include "retour-label-mail.h"
#include "retour-label-store.h"
#include "retour-law-documents-data.h"
#include "retour-rma-store.h"
#include "retour-test-db.h"

#define NUMBER   "R26000128Y"
#define DISPLAY  "R26-000128-Y"
#define SECONDS(n) ((gint64) (n) * G_USEC_PER_SEC)
#define NOW_US   SECONDS (1795000000)

static const RetourLabelFormat all_formats[] = {
  RETOUR_LABEL_FORMAT_THERMAL,
  RETOUR_LABEL_FORMAT_A6,
  RETOUR_LABEL_FORMAT_A4,
};

static RetourLabelData *
make_data (void)
{
  RetourLabelData *data = retour_label_data_new ();
  const char *shop_address[] = { "Atelier Noord — Retouren", "Magazijnweg 12", "3542 DE Utrecht", "Netherlands", NULL };
  const char *customer_address[] = { "ul. Piotrkowska 104/7", "90-926 Łódź", "PL", NULL };

  g_free (data->shop_name);
  data->shop_name = g_strdup ("Atelier Noord");
  g_strfreev (data->return_address);
  data->return_address = g_strdupv ((char **) shop_address);
  g_free (data->customer_name);
  data->customer_name = g_strdup ("Zofia Wiśniewska");
  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv ((char **) customer_address);
  g_free (data->rma_number);
  data->rma_number = g_strdup (NUMBER);
  data->order_number = g_strdup ("10421");
  data->order_us = NOW_US - 20 * G_TIME_SPAN_DAY;
  data->due_us = NOW_US + 14 * G_TIME_SPAN_DAY;
  data->created_us = NOW_US;
  g_ptr_array_add (data->items, retour_label_item_new ("SDR-WHT-M", "Summer dress — white, M", 1, "Too small"));
  g_ptr_array_add (data->items, retour_label_item_new ("BLT-BRN-90", "Leather belt, brown, 90 cm", 2, "Too small"));

  return data;
}

/* Runs @argv; TRUE if it exited 0. */
static gboolean
run (const char * const  *argv,
     char               **out)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out, NULL, &status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return FALSE;
    }

  return g_spawn_check_wait_status (status, NULL);
}

/* What a Code 128 scanner reads from the page rasterized at 203 dpi: the
 * decoded symbols, one per line; NULL (and the test skipped) without the
 * tools. */
typedef enum
{
  WHOLE_PAGE,
  UPPER_HALF,
  LOWER_HALF,
} Region;

/* zbarimg reports two symbols with the same text once: the halves of the
 * A4 sheet are scanned apart to see both. */
static char *
decode_code128 (GBytes *pdf,
                Region  region,
                double  page_height)
{
  g_autofree char *y = g_strdup_printf ("%d", region == LOWER_HALF ? (int) (page_height / 72 * 203 / 2) : 0);
  g_autofree char *h = g_strdup_printf ("%d", region == WHOLE_PAGE ? 0 : (int) (page_height / 72 * 203 / 2));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *png_base = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  char *out = NULL;

  if (pdftoppm == NULL || zbarimg == NULL)
    {
      g_test_skip ("pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed");
      return NULL;
    }

  dir = g_dir_make_tmp ("retour-test-labels-XXXXXX", &error);
  g_assert_no_error (error);
  pdf_path = g_build_filename (dir, "label.pdf", NULL);
  png_base = g_build_filename (dir, "label", NULL);
  png_path = g_build_filename (dir, "label.png", NULL);
  g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);

  {
    const char *rasterize[] = { "pdftoppm", "-r", "203", "-png", "-singlefile", "-y", y, "-H", h,
                                pdf_path, png_base, NULL };
    const char *scan[] = { "zbarimg", "--raw", "-q", "-Sdisable", "-Scode128.enable", png_path, NULL };

    g_assert_true (run (rasterize, NULL));
    if (!run (scan, &out))
      g_clear_pointer (&out, g_free);
  }

  g_unlink (pdf_path);
  g_unlink (png_path);
  g_rmdir (dir);

  return out != NULL ? out : g_strdup ("");
}

static void
assert_region_decodes (GBytes     *pdf,
                       Region      region,
                       double      page_height,
                       const char *number)
{
  g_autofree char *decoded = decode_code128 (pdf, region, page_height);
  g_auto(GStrv) lines = NULL;

  if (decoded == NULL)
    return;

  lines = g_strsplit (g_strstrip (decoded), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_cmpstr (g_strstrip (lines[0]), ==, number);
}

/* Asserts that the Code 128 reads @number — on an A4 sheet, both the
 * form's and the label's. */
static void
assert_barcode_decodes (GBytes            *pdf,
                        RetourLabelFormat  format,
                        const char        *number)
{
  double height;

  retour_label_get_page_size (format, NULL, &height);
  if (format != RETOUR_LABEL_FORMAT_A4)
    assert_region_decodes (pdf, WHOLE_PAGE, height, number);
  else
    {
      assert_region_decodes (pdf, UPPER_HALF, height, number);
      assert_region_decodes (pdf, LOWER_HALF, height, number);
    }
}

/* Loads @pdf with poppler and checks its one page and its text; returns
 * the text. */
static char *
check_pdf (GBytes            *pdf,
           RetourLabelFormat  format,
           const char        *display)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  PopplerPage *page;
  double width, height, expected_width, expected_height;
  char *text;

  document = retour_label_document_new (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);

  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  retour_label_get_page_size (format, &expected_width, &expected_height);
  g_assert_cmpfloat_with_epsilon (width, expected_width, 0.01);
  g_assert_cmpfloat_with_epsilon (height, expected_height, 0.01);

  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, display));

  g_object_unref (page);
  g_object_unref (document);

  return text;
}

static void
test_formats (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  const double sizes_pt[][2] = { { 283.46, 425.20 }, { 297.64, 419.53 }, { 595.28, 841.89 } };

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = retour_label_render_pdf (data, all_formats[i], &error);
      g_autofree char *text = NULL;
      double width, height;

      g_assert_no_error (error);
      g_assert_nonnull (pdf);

      retour_label_get_page_size (all_formats[i], &width, &height);
      g_assert_cmpfloat_with_epsilon (width, sizes_pt[i][0], 0.01);
      g_assert_cmpfloat_with_epsilon (height, sizes_pt[i][1], 0.01);

      text = check_pdf (pdf, all_formats[i], DISPLAY);
      g_assert_nonnull (strstr (text, "Zofia Wiśniewska"));
      g_assert_nonnull (strstr (text, "Łódź"));
      g_assert_nonnull (strstr (text, "Atelier Noord"));
      g_assert_nonnull (strstr (text, "10421"));
      if (all_formats[i] == RETOUR_LABEL_FORMAT_A4)
        {
          /* The form lists the items with their SKUs. */
          g_assert_nonnull (strstr (text, "BLT-BRN-90"));
          g_assert_nonnull (strstr (text, "Leather belt"));
        }

      /* The A4 sheet repeats the barcode on the form and the label. */
      assert_barcode_decodes (pdf, all_formats[i], NUMBER);
    }
}

static void
test_same_data_same_bytes (void)
{
  g_autoptr(RetourLabelData) data = make_data ();

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) first = retour_label_render_pdf (data, all_formats[i], &error);
      g_autoptr(GBytes) second = retour_label_render_pdf (data, all_formats[i], &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (first, second));
    }
}

static void
test_no_number (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_free (data->rma_number);
  data->rma_number = g_strdup ("");
  pdf = retour_label_render_pdf (data, RETOUR_LABEL_FORMAT_THERMAL, &error);
  g_assert_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_BARCODE);
  g_assert_null (pdf);
}

/* Whatever was typed, the label is a valid PDF whose barcode scans. */
static void
check_hostile (RetourLabelData *data,
               const char      *what)
{
  g_test_message ("hostile input: %s", what);

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = retour_label_render_pdf (data, all_formats[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = check_pdf (pdf, all_formats[i], DISPLAY);
      assert_barcode_decodes (pdf, all_formats[i], NUMBER);
    }
}

static void
test_hostile_long_name (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  GString *name = g_string_new (NULL);

  for (guint i = 0; name->len < 10000; i++)
    g_string_append (name, i % 7 == 0 ? "Wolfeschlegelsteinhausenbergerdorff " : "Łukasz ");
  g_free (data->customer_name);
  data->customer_name = g_string_free (name, FALSE);
  g_free (data->shop_name);
  data->shop_name = g_strnfill (10000, 'W');

  check_hostile (data, "10,000-character names");
}

static void
test_hostile_empty (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  const char *empty[] = { "", "", "   ", "", NULL };

  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv ((char **) empty);
  g_strfreev (data->return_address);
  data->return_address = g_new0 (char *, 1);
  g_free (data->customer_name);
  data->customer_name = g_strdup ("");
  g_clear_pointer (&data->order_number, g_free);
  data->order_us = 0;
  data->due_us = 0;
  g_ptr_array_set_size (data->items, 0);

  check_hostile (data, "empty names, addresses, order and items");
}

static void
test_hostile_scripts (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  const char *arabic[] = { "شارع الملك فهد ١٢", "الرياض ١٢٣٤٥", "SA", NULL };
  const char *mixed[] = { "Straße des 17. Juni 135 📦🎁", "Москва, ул. Тверская 7", "Peña Nieto ñ é ł ß",
                          "a\tb\x01 c", "line 5", "line 6", "line 7", "line 8", "line 9", NULL };

  g_free (data->customer_name);
  data->customer_name = g_strdup ("محمد عبد الله — Иван Петров 😀");
  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv ((char **) arabic);
  g_strfreev (data->return_address);
  data->return_address = g_strdupv ((char **) mixed);
  /* Not UTF-8 at all. */
  g_free (data->shop_name);
  data->shop_name = g_strdup ("Caf\xe9 \xff\xfe Shop");

  check_hostile (data, "RTL text, Cyrillic, emoji, control characters, invalid UTF-8");
}

/* The text of page @index of @pdf, its whitespace runs made one space. */
static char *
page_text (GBytes *pdf,
           int     index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  PopplerDocument *document = retour_label_document_new (pdf, &error);
  PopplerPage *page;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (index, <, poppler_document_get_n_pages (document));
  page = poppler_document_get_page (document, index);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (document);

  return g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);
}

/* A Dutch customer's A4 form came out in the language Retour ran in
 * (English): the form is the customer's to read. The label below the cut
 * line stays in the shop's language, for the carrier. */
static void
test_a4_customer_language (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *form = NULL;
  g_autofree char *withdrawal = NULL;
  g_autoptr(RetourLawDocumentData) withdrawal_data = NULL;
  const char *customer_address[] = { "Oudegracht 12", "3511 AB Utrecht", "NL", NULL };

  if (!g_str_equal (g_dgettext (GETTEXT_PACKAGE, "Return Form"), "Return Form"))
    {
      g_test_skip ("Retour runs in another language than English here");
      return;
    }

  data->language = g_strdup ("nl");
  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv ((char **) customer_address);
  /* One of Retour's own reasons, as the shop still calls it: in Dutch. */
  {
    RetourLabelItem *item = g_ptr_array_index (data->items, 0);

    g_free (item->reason);
    item->reason = g_strdup ("Wrong size or fit");
    item->reason_msgid = g_strdup ("Wrong size or fit");
  }
  withdrawal_data = retour_law_document_data_new_from_label (data);
  pdf = retour_label_render_pdf_with_form (data, RETOUR_LABEL_FORMAT_A4, withdrawal_data, &error);
  g_assert_no_error (error);

  form = page_text (pdf, 0);
  g_assert_nonnull (strstr (form, "Retourformulier"));
  g_assert_nonnull (strstr (form, "ZO STUUR JE IETS TERUG"));
  g_assert_null (strstr (form, "Return Form"));
  /* The dates as Dutch writes them. */
  g_assert_nonnull (strstr (form, "-2026"));
  /* The reasons: Retour's own in Dutch, the shop's own as it wrote it. */
  g_assert_nonnull (strstr (form, "Verkeerde maat of pasvorm"));
  g_assert_null (strstr (form, "Wrong size or fit"));
  g_assert_nonnull (strstr (form, "Too small"));

  /* A customer in the Netherlands: the Dutch model form on page 2. */
  withdrawal = page_text (pdf, 1);
  g_assert_nonnull (strstr (withdrawal, "Modelformulier voor herroeping"));
  g_assert_nonnull (strstr (withdrawal, "Zofia"));

  /* A printout draws the second page too: ink on it. */
  {
    PopplerDocument *document = retour_label_document_new (pdf, &error);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 150, 212);
    cairo_t *cr = cairo_create (surface);
    const guint8 *pixels;
    guint dark = 0;

    g_assert_no_error (error);
    cairo_scale (cr, 0.25, 0.25);
    retour_label_document_draw_page (document, 1, cr, TRUE);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    pixels = cairo_image_surface_get_data (surface);
    for (int y = 0; y < 212; y++)
      for (int x = 0; x < 150; x++)
        dark += pixels[y * cairo_image_surface_get_stride (surface) + 4 * x + 1] < 128;
    g_assert_cmpuint (dark, >, 100);
    cairo_surface_destroy (surface);
    g_object_unref (document);
  }
}

/* A customer outside the European Union gets no withdrawal form; one whose
 * language Retour has no translations into gets the shop's language. */
static void
test_a4_outside_eu (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autoptr(RetourLawDocumentData) withdrawal_data = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  const char *customer_address[] = { "1 Main Street", "Springfield", "US", NULL };

  data->language = g_strdup ("es");
  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv ((char **) customer_address);
  withdrawal_data = retour_law_document_data_new_from_label (data);
  pdf = retour_label_render_pdf_with_form (data, RETOUR_LABEL_FORMAT_A4, withdrawal_data, &error);
  g_assert_no_error (error);
  document = retour_label_document_new (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
  g_object_unref (document);

  if (g_str_equal (g_dgettext (GETTEXT_PACKAGE, "Return Form"), "Return Form"))
    {
      g_autofree char *form = page_text (pdf, 0);

      g_assert_nonnull (strstr (form, "Return Form"));
    }
}

static void
test_hostile_many_items (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_set_size (data->items, 0);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *sku = g_strdup_printf ("SKU-%04u", i);
      g_autofree char *title = g_strdup_printf ("Item number %u with a rather long product title that goes on", i);

      g_ptr_array_add (data->items, retour_label_item_new (sku, title, 1 + i % 3, i % 2 ? "Too small" : "Damaged"));
    }

  check_hostile (data, "a 200-line return");

  /* The form ends its list with how many more there are. */
  pdf = retour_label_render_pdf (data, RETOUR_LABEL_FORMAT_A4, &error);
  g_assert_no_error (error);
  text = check_pdf (pdf, RETOUR_LABEL_FORMAT_A4, DISPLAY);
  g_assert_nonnull (strstr (text, "SKU-0000"));
  g_assert_null (strstr (text, "SKU-0199"));
  g_assert_true (g_regex_match_simple ("and [0-9]+ more items", text, 0, 0));
  g_assert_nonnull (strstr (text, "Several reasons"));
}

/* Stored labels ------------------------------------------------------------ */

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  RetourDemoOptions options = { .n_rmas = 200, .seed = 3, .now_us = NOW_US };

  f->db = retour_test_db_new ("retour-test-labels-XXXXXX", &f->dir, &f->path);
  retour_demo_generate (f->db, &options, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  unused)
{
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
find_rma (RetourDatabase *db,
          const char     *sql)
{
  return retour_test_db_query_int (db, sql, 0);
}

static guint
count_label_events (RetourDatabase *db,
                    gint64          rma_id,
                    const char     *detail_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = retour_rma_store_list_events (db, rma_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, "label") && strstr (event->detail, detail_part) != NULL)
        n++;
    }

  return n;
}

static RetourLabel *
make_and_store (Fixture           *f,
                gint64             rma_id,
                RetourLabelFormat  format,
                gint64             now_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourLabelData) data = retour_label_store_load_data (f->db, rma_id, &error);
  g_autoptr(GBytes) pdf = NULL;
  RetourLabel *label;

  g_assert_no_error (error);
  pdf = retour_label_render_pdf (data, format, &error);
  g_assert_no_error (error);
  label = retour_label_store_add (f->db, rma_id, format, pdf, "Tester", now_us, &error);
  g_assert_no_error (error);

  return label;
}

static GBytes *
render (Fixture           *f,
        gint64             rma_id,
        RetourLabelFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourLabelData) data = retour_label_store_load_data (f->db, rma_id, &error);
  GBytes *pdf;

  g_assert_no_error (error);
  pdf = retour_label_render_pdf (data, format, &error);
  g_assert_no_error (error);

  return pdf;
}

/* The same label on other paper keeps its version; only the newest can
 * change paper. The sender is what the label data says. */
static void
test_store_reformat (Fixture       *f,
                     gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourLabel) first = NULL;
  g_autoptr(RetourLabel) a4 = NULL;
  g_autoptr(RetourLabel) back = NULL;
  g_autoptr(RetourLabel) newest = NULL;
  g_autoptr(RetourLabel) edited = NULL;
  g_autoptr(RetourLabel) refused = NULL;
  g_autoptr(GBytes) a4_pdf = NULL;
  g_autoptr(GBytes) thermal_pdf = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourLabelData) data = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 rma_id;

  rma_id = find_rma (f->db, "SELECT id FROM rma WHERE status IN ('authorized', 'in_transit') ORDER BY id LIMIT 1");
  rma = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);

  data = retour_label_store_load_data (f->db, rma_id, &error);
  g_assert_no_error (error);
  retour_label_store_load_sender (f->db, rma, &name, &lines, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, data->customer_name);
  g_assert_true (g_strv_equal ((const char * const *) lines, (const char * const *) data->customer_address));

  retour_label_store_load_newest (f->db, rma_id, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  first = make_and_store (f, rma_id, RETOUR_LABEL_FORMAT_THERMAL, NOW_US);
  a4_pdf = render (f, rma_id, RETOUR_LABEL_FORMAT_A4);
  a4 = retour_label_store_reformat (f->db, first->id, RETOUR_LABEL_FORMAT_A4, a4_pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a4->id, ==, first->id);
  g_assert_cmpuint (a4->version, ==, 1);
  g_assert_cmpint (a4->format, ==, RETOUR_LABEL_FORMAT_A4);
  g_assert_true (g_bytes_equal (a4->pdf, a4_pdf));

  thermal_pdf = render (f, rma_id, RETOUR_LABEL_FORMAT_THERMAL);
  back = retour_label_store_reformat (f->db, first->id, RETOUR_LABEL_FORMAT_THERMAL, thermal_pdf, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back->pdf, first->pdf));
  newest = retour_label_store_load_newest (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (newest->id, ==, first->id);
  labels = retour_label_store_list (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpuint (count_label_events (f->db, rma_id, "made"), ==, 1);

  /* Once the content changed, version 1 is history and keeps its paper. */
  g_free (((RetourRmaLine *) rma->lines->pdata[0])->title);
  ((RetourRmaLine *) rma->lines->pdata[0])->title = g_strdup ("Renamed item");
  rma->updated_us = NOW_US + SECONDS (3600);
  retour_rma_store_update (f->db, rma, "Tester", &error);
  g_assert_no_error (error);
  edited = make_and_store (f, rma_id, RETOUR_LABEL_FORMAT_THERMAL, NOW_US + SECONDS (7200));
  g_assert_cmpuint (edited->version, ==, 2);
  refused = retour_label_store_reformat (f->db, first->id, RETOUR_LABEL_FORMAT_A4, a4_pdf, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_assert_null (refused);
  g_clear_error (&error);
  g_clear_pointer (&newest, retour_label_free);
  newest = retour_label_store_load (f->db, first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (newest->format, ==, RETOUR_LABEL_FORMAT_THERMAL);
}

static void
test_store_versions (Fixture       *f,
                     gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourLabel) first = NULL;
  g_autoptr(RetourLabel) again = NULL;
  g_autoptr(RetourLabel) latest = NULL;
  g_autoptr(RetourLabel) edited = NULL;
  g_autoptr(RetourLabel) a4 = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourLabelData) data = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *text = NULL;
  g_autofree char *display = NULL;
  gint64 rma_id;

  rma_id = find_rma (f->db, "SELECT id FROM rma WHERE status IN ('authorized', 'in_transit') ORDER BY id LIMIT 1");
  rma = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);
  display = retour_rma_number_display (rma->number);

  /* What the label says comes from the RMA, its customer and the shop. */
  data = retour_label_store_load_data (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->rma_number, ==, rma->number);
  g_assert_cmpstr (data->shop_name, ==, "Atelier Noord");
  g_assert_cmpstr (data->return_address[1], ==, "Magazijnweg 12");
  g_assert_cmpstr (data->order_number, ==, rma->order_number);
  g_assert_cmpuint (retour_label_data_count_units (data), ==, retour_rma_count_units (rma));
  g_assert_cmpint (data->due_us, ==, rma->due_us);
  g_assert_nonnull (data->customer_address[0]);

  first = make_and_store (f, rma_id, RETOUR_LABEL_FORMAT_THERMAL, NOW_US);
  g_assert_cmpuint (first->version, ==, 1);
  g_assert_cmpuint (count_label_events (f->db, rma_id, "made, version 1"), ==, 1);
  text = check_pdf (first->pdf, RETOUR_LABEL_FORMAT_THERMAL, display);
  assert_barcode_decodes (first->pdf, RETOUR_LABEL_FORMAT_THERMAL, rma->number);

  /* Nothing changed: the same label, no new version, no new event. */
  again = make_and_store (f, rma_id, RETOUR_LABEL_FORMAT_THERMAL, NOW_US + SECONDS (60));
  g_assert_cmpint (again->id, ==, first->id);
  g_assert_cmpuint (again->version, ==, 1);
  g_assert_cmpuint (count_label_events (f->db, rma_id, "made"), ==, 1);

  /* A reprint is the stored bytes. */
  latest = retour_label_store_load_latest (f->db, rma_id, RETOUR_LABEL_FORMAT_THERMAL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (latest->pdf, first->pdf));

  /* After an edit, a new version. */
  g_free (((RetourRmaLine *) rma->lines->pdata[0])->title);
  ((RetourRmaLine *) rma->lines->pdata[0])->title = g_strdup ("Renamed item");
  rma->updated_us = NOW_US + SECONDS (3600);
  retour_rma_store_update (f->db, rma, "Tester", &error);
  g_assert_no_error (error);
  edited = make_and_store (f, rma_id, RETOUR_LABEL_FORMAT_THERMAL, NOW_US + SECONDS (7200));
  g_assert_cmpuint (edited->version, ==, 2);
  g_assert_false (g_bytes_equal (edited->pdf, first->pdf));
  g_assert_cmpuint (count_label_events (f->db, rma_id, "made, version 2"), ==, 1);

  /* Versions count across formats. */
  a4 = make_and_store (f, rma_id, RETOUR_LABEL_FORMAT_A4, NOW_US + SECONDS (7300));
  g_assert_cmpuint (a4->version, ==, 3);
  g_assert_cmpint (a4->format, ==, RETOUR_LABEL_FORMAT_A4);

  /* The old version is still there, byte for byte. */
  g_clear_pointer (&latest, retour_label_free);
  latest = retour_label_store_load (f->db, first->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (latest->pdf, first->pdf));

  labels = retour_label_store_list (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 3);
  g_assert_cmpuint (((RetourLabel *) labels->pdata[0])->version, ==, 3);

  /* Printing and sending are in the history. */
  retour_label_store_mark_printed (f->db, edited->id, "Tester", NOW_US + SECONDS (8000), &error);
  g_assert_no_error (error);
  retour_label_store_mark_sent (f->db, edited->id, "klant@example.nl", "Tester",
                                NOW_US + SECONDS (9000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_label_events (f->db, rma_id, "version 2, printed"), ==, 1);
  g_assert_cmpuint (count_label_events (f->db, rma_id, "sent by e-mail to klant@example.nl"), ==, 1);
  g_clear_pointer (&latest, retour_label_free);
  latest = retour_label_store_load (f->db, edited->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (latest->printed_us, ==, NOW_US + SECONDS (8000));
  g_assert_cmpint (latest->sent_us, ==, NOW_US + SECONDS (9000));
}

/* Exactly @n_chars characters of words that wrap, starting with @start. */
static char *
long_text (const char *start,
           gsize       n_chars)
{
  g_autoptr(GString) text = g_string_new (start);

  while (g_utf8_strlen (text->str, -1) <= (glong) n_chars)
    g_string_append (text, " Wolfeschlegelsteinhausenbergerdorff Łukasz");

  return g_utf8_substring (text->str, 0, n_chars);
}

static void
exec_sql (RetourDatabase *db,
          const char     *sql,
          const char     *text,
          gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, &error);
  gboolean has_row;

  g_assert_no_error (error);
  retour_stmt_bind_text (stmt, 1, text);
  retour_stmt_bind_int64 (stmt, 2, id);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
}

/* A return whose customer's name, address, order number and item are
 * 10,000 characters each, as a storefront may send them: every format is
 * a valid PDF with the start of each, made as fast as any other, and the
 * return keeps every character. */
static void
test_store_long_text (Fixture       *f,
                      gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) after = NULL;
  g_autoptr(RetourLabelData) data = NULL;
  g_autofree char *name = long_text ("Zyxwa", 10000);
  g_autofree char *address = long_text ("ul. Piotrkowska", 10000);
  g_autofree char *order_number = long_text ("QX-", 10000);
  g_autofree char *title = long_text ("Summer dress", 10000);
  g_autofree char *display = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gint64 rma_id;

  rma_id = find_rma (f->db, "SELECT id FROM rma WHERE status IN ('authorized', 'in_transit') AND "
                     "order_id IS NOT NULL ORDER BY id LIMIT 1");
  rma = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);
  display = retour_rma_number_display (rma->number);

  exec_sql (f->db, "UPDATE customer SET first_name = ?1, last_name = '' WHERE id = ?2", name, rma->customer_id);
  exec_sql (f->db, "UPDATE customer SET address1 = ?1 WHERE id = ?2", address, rma->customer_id);
  /* Without a shipping name the label names the customer. */
  exec_sql (f->db, "UPDATE \"order\" SET number = ?1, ship_name = NULL, ship_address1 = NULL "
            "WHERE id = ?2", order_number, rma->order_id);
  exec_sql (f->db, "UPDATE rma_line SET title = ?1, sku = ?1 WHERE rma_id = ?2", title, rma_id);

  data = retour_label_store_load_data (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data->customer_name, ==, name);

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      gint64 start_us = g_get_monotonic_time ();
      g_autoptr(GBytes) pdf = retour_label_render_pdf (data, all_formats[i], &error);
      g_autoptr(RetourLabel) label = NULL;
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_test_message ("%s label made in %.1f ms", retour_label_format_to_key (all_formats[i]),
                      (g_get_monotonic_time () - start_us) / 1000.0);

      text = check_pdf (pdf, all_formats[i], display);
      g_assert_nonnull (strstr (text, "Zyxwa Wolfeschlegelsteinhausenbergerdorff"));
      g_assert_nonnull (strstr (text, "ul. Piotrkowska"));
      /* A label shows the start of each text, not the whole of any. */
      g_assert_cmpuint (strlen (text), <, 10000);
      assert_barcode_decodes (pdf, all_formats[i], rma->number);

      label = retour_label_store_add (f->db, rma_id, all_formats[i], pdf, "Tester", NOW_US, &error);
      g_assert_no_error (error);
    }

  /* The e-mail greets the customer on one line, with a line's worth of
   * the name. */
  g_free (data->language);
  data->language = g_strdup ("en");
  retour_label_mail_compose (data, NULL, &subject, &body);
  g_assert_true (g_str_has_prefix (body, "Hello Zyxwa Wolfeschlegelsteinhausenbergerdorff"));
  g_assert_cmpuint (g_utf8_strlen (body, -1), <, 2000);

  /* Only what is shown was cut. */
  after = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->customer_name, ==, name);
  g_assert_cmpstr (after->order_number, ==, order_number);
  g_assert_cmpstr (((RetourRmaLine *) g_ptr_array_index (after->lines, 0))->title, ==, title);
}

static void
test_store_refuses (Fixture       *f,
                    gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourLabelData) data = NULL;
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.5", 8);
  gint64 requested, cancelled;

  /* Not authorized yet: no number, no label. */
  requested = find_rma (f->db, "SELECT id FROM rma WHERE number IS NULL LIMIT 1");
  data = retour_label_store_load_data (f->db, requested, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_null (data);
  g_clear_error (&error);

  label = retour_label_store_add (f->db, requested, RETOUR_LABEL_FORMAT_THERMAL, pdf, "Tester", NOW_US, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_null (label);
  g_clear_error (&error);

  cancelled = find_rma (f->db, "SELECT id FROM rma WHERE number IS NOT NULL AND status IN "
                        "('cancelled', 'expired', 'rejected') LIMIT 1");
  data = retour_label_store_load_data (f->db, cancelled, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_null (data);
  g_clear_error (&error);

  /* Nothing was stored, nothing was written to the history. */
  g_assert_cmpuint (count_label_events (f->db, requested, ""), ==, 0);
  label = retour_label_store_load_latest (f->db, requested, RETOUR_LABEL_FORMAT_THERMAL, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_assert_null (label);
}

/* The preview renders the stored bytes: the page, white, at the scale. */
static void
test_preview_render (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = retour_label_render_pdf (data, RETOUR_LABEL_FORMAT_THERMAL, &error);
  PopplerDocument *document;
  cairo_surface_t *image;
  double width, height;
  guint32 corner;

  g_assert_no_error (error);
  document = retour_label_document_new (pdf, &error);
  g_assert_no_error (error);
  retour_label_document_get_size (document, &width, &height);

  image = retour_label_document_render (document, 2.0);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (width * 2));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (height * 2));
  cairo_surface_flush (image);
  corner = *(guint32 *) cairo_image_surface_get_data (image);
  g_assert_cmphex (corner, ==, 0xffffffff);

  cairo_surface_destroy (image);
  g_object_unref (document);

  /* Bytes that are not a PDF are an error, not a crash. */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("not a pdf", 9);

    document = retour_label_document_new (junk, &error);
    g_assert_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_DOCUMENT);
    g_assert_null (document);
  }
}

/* The e-mail is in the customer's language, else the fallback. */
static void
test_mail (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  data->language = g_strdup ("nl");
  retour_label_mail_compose (data, "de", &subject, &body);
  g_assert_cmpstr (subject, ==, "Je retourlabel voor retour " DISPLAY);
  g_assert_true (g_str_has_prefix (body, "Hallo Zofia Wiśniewska,"));
  g_assert_nonnull (strstr (body, "(bestelling 10421)"));
  g_assert_nonnull (strstr (body, "uiterlijk "));
  g_assert_nonnull (strstr (body, "Atelier Noord"));
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  /* A language Retour has no message in: the shop's. */
  g_free (data->language);
  data->language = g_strdup ("sv");
  retour_label_mail_compose (data, "de_DE.UTF-8", &subject, &body);
  g_assert_true (g_str_has_prefix (subject, "Ihr Rücksendeetikett"));
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  /* No name, no deadline: no dangling words. */
  g_free (data->customer_name);
  data->customer_name = g_strdup ("");
  data->due_us = 0;
  g_free (data->language);
  data->language = g_strdup ("fr");
  retour_label_mail_compose (data, NULL, &subject, &body);
  g_assert_true (g_str_has_prefix (body, "Bonjour,\n"));
  g_assert_null (strstr (body, "{"));
  g_assert_null (strstr (body, "au plus tard"));
}

/* The deadline is the day in the shop's time zone, not the machine's:
 * 23:30 UTC on the 1st of March is the 2nd in Warsaw. */
static void
test_mail_time_zone (void)
{
  g_autoptr(RetourLabelData) data = make_data ();
  g_autoptr(GDateTime) due = g_date_time_new_utc (2027, 3, 1, 23, 30, 0);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  data->language = g_strdup ("en");
  data->due_us = g_date_time_to_unix (due) * G_USEC_PER_SEC;

  data->time_zone = g_time_zone_new_utc ();
  retour_label_mail_compose (data, NULL, &subject, &body);
  g_assert_nonnull (strstr (body, "by 01/03/2027."));
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  g_time_zone_unref (data->time_zone);
  data->time_zone = g_time_zone_new_identifier ("+01:00");
  retour_label_mail_compose (data, NULL, &subject, &body);
  g_assert_nonnull (strstr (body, "by 02/03/2027."));
}

/* Runs retour-cli with @args on @f's database; returns its exit status
 * and what it wrote on standard error. */
static int
run_cli (Fixture            *f,
         const char * const *args,
         char              **err_text)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) err = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status;

  g_ptr_array_add (argv, (gpointer) "retour-cli");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, f->path);
  g_ptr_array_add (argv, NULL);

  status = retour_cli_run ((int) argv->len - 1, (char **) argv->pdata, out, err);
  g_output_stream_write_all (err, "", 1, NULL, NULL, NULL);
  g_output_stream_close (err, NULL, NULL);
  *err_text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (err));

  return status;
}

/* The documents from the command line, for a Dutch customer of the demo:
 * the Dutch model form on its own and as the A4 form's second page; no
 * acknowledgement for a return whose notice was never recorded. */
static void
test_cli_documents (Fixture       *f,
                    gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *form_path = g_build_filename (f->dir, "form.pdf", NULL);
  g_autofree char *label_path = g_build_filename (f->dir, "label.pdf", NULL);
  g_autofree char *ack_path = g_build_filename (f->dir, "ack.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 rma_id;

  rma_id = find_rma (f->db, "SELECT r.id FROM rma r JOIN customer c ON c.id = r.customer_id "
                            "WHERE c.language = 'nl' AND r.number IS NOT NULL "
                            "AND r.status IN ('authorized', 'in_transit') ORDER BY r.id LIMIT 1");
  g_assert_cmpint (rma_id, >, 0);
  rma = retour_rma_store_load (f->db, rma_id, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { "withdrawal-form", rma->number, "--output", form_path, NULL };

    g_assert_cmpint (run_cli (f, args, &err), ==, 0);
    g_clear_pointer (&err, g_free);
  }
  g_assert_true (g_file_get_contents (form_path, &contents, &length, &error));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  text = page_text (pdf, 0);
  g_assert_nonnull (strstr (text, "Modelformulier voor herroeping"));
  g_assert_nonnull (strstr (text, rma->order_number));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&pdf, g_bytes_unref);

  {
    const char *args[] = { "label", rma->number, "--format", "a4", "--output", label_path, NULL };

    g_assert_cmpint (run_cli (f, args, &err), ==, 0);
    g_clear_pointer (&err, g_free);
  }
  g_assert_true (g_file_get_contents (label_path, &contents, &length, &error));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  text = page_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Modelformulier voor herroeping"));
  g_clear_pointer (&text, g_free);

  {
    const char *args[] = { "acknowledgement", rma->number, "--output", ack_path, NULL };

    /* (Once the store keeps notices, the demo may have one for it.) */
    if (rma->declared_us > 0)
      g_assert_cmpint (run_cli (f, args, &err), ==, 0);
    else
      {
        g_assert_cmpint (run_cli (f, args, &err), ==, 1);
        g_assert_nonnull (strstr (err, "This return has no notice of withdrawal recorded"));
        g_assert_false (g_file_test (ack_path, G_FILE_TEST_EXISTS));
      }
  }

  g_unlink (form_path);
  g_unlink (label_path);
  g_unlink (ack_path);
}

/* The documents' data from the stores, as the CLI and the editor gather
 * it: a repair notice is about the items under the legal guarantee and
 * gives the guarantee's end, and its end 12 months later after a repair
 * done now; an acknowledgement is about the items withdrawn. */
static void
test_law_documents_data (Fixture       *f,
                         gconstpointer  unused)
{
  guint repair_notices = 0;
  guint acknowledgements = 0;

  for (gint64 id = 1;; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRma) rma = retour_rma_store_load (f->db, id, &error);
      g_autoptr(RetourLawDocumentData) data = NULL;
      guint claimed = 0;

      if (rma == NULL)
        {
          g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
          break;
        }

      if (retour_rma_has_claim (rma, RETOUR_CLAIM_CONFORMITY) && rma->possession_us != 0)
        {
          data = retour_law_document_data_load (f->db, rma, RETOUR_LAW_DOCUMENT_REPAIR_NOTICE, NOW_US, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (g_date_valid (&data->guarantee_until));
          /* A repair done already extends only from 31 July 2026 on. */
          if (rma->resolution != RETOUR_RESOLUTION_REPAIR || rma->resolved_us == 0)
            g_assert_true (g_date_valid (&data->guarantee_repaired));
          if (g_date_valid (&data->guarantee_repaired))
            {
              g_date_add_months (&data->guarantee_until, 12);
              g_assert_cmpint (g_date_compare (&data->guarantee_until, &data->guarantee_repaired), ==, 0);
            }
          for (guint i = 0; i < rma->lines->len; i++)
            claimed += ((RetourRmaLine *) rma->lines->pdata[i])->claim == RETOUR_CLAIM_CONFORMITY;
          g_assert_cmpuint (data->items->len, <=, claimed);
          g_assert_cmpuint (data->items->len, >, 0);
          repair_notices++;
        }
      else if (retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL) && rma->declared_us != 0)
        {
          data = retour_law_document_data_load (f->db, rma, RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT, NOW_US, NULL,
                                                &error);
          g_assert_no_error (error);
          g_assert_cmpint (data->declared_us, ==, rma->declared_us);
          g_assert_cmpint (data->created_us, ==, NOW_US);
          for (guint i = 0; i < rma->lines->len; i++)
            claimed += ((RetourRmaLine *) rma->lines->pdata[i])->claim == RETOUR_CLAIM_WITHDRAWAL;
          g_assert_cmpuint (data->items->len, <=, claimed);
          acknowledgements++;
        }
    }

  g_assert_cmpuint (repair_notices, >, 0);
  g_assert_cmpuint (acknowledgements, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The customer's language is read from the translations built here. */
  retour_i18n_init ();

  g_test_add_func ("/labels/pdf/formats", test_formats);
  g_test_add_func ("/labels/pdf/a4-customer-language", test_a4_customer_language);
  g_test_add_func ("/labels/pdf/a4-outside-eu", test_a4_outside_eu);
  g_test_add_func ("/labels/pdf/same-data-same-bytes", test_same_data_same_bytes);
  g_test_add_func ("/labels/pdf/no-number", test_no_number);
  g_test_add_func ("/labels/hostile/long-names", test_hostile_long_name);
  g_test_add_func ("/labels/hostile/empty", test_hostile_empty);
  g_test_add_func ("/labels/hostile/scripts", test_hostile_scripts);
  g_test_add_func ("/labels/hostile/many-items", test_hostile_many_items);
  g_test_add_func ("/labels/preview/render", test_preview_render);
  g_test_add_func ("/labels/mail/languages", test_mail);
  g_test_add_func ("/labels/mail/time-zone", test_mail_time_zone);
  g_test_add ("/labels/store/versions", Fixture, NULL, fixture_set_up, test_store_versions, fixture_tear_down);
  g_test_add ("/labels/store/reformat", Fixture, NULL, fixture_set_up, test_store_reformat, fixture_tear_down);
  g_test_add ("/labels/store/refuses", Fixture, NULL, fixture_set_up, test_store_refuses, fixture_tear_down);
  g_test_add ("/labels/store/long-text", Fixture, NULL, fixture_set_up, test_store_long_text, fixture_tear_down);
  g_test_add ("/labels/cli/documents", Fixture, NULL, fixture_set_up, test_cli_documents, fixture_tear_down);
  g_test_add ("/labels/store/law-documents-data", Fixture, NULL, fixture_set_up, test_law_documents_data,
              fixture_tear_down);

  return g_test_run ();
}
