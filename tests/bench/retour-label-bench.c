/* retour-label-bench.c — how long a label takes: PDF and preview.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each format: making the PDF from a return of a demo shop (budget:
 * 10 ms, docs/performance.md), and rendering its preview at 2× (a HiDPI screen) the
 * way the dialog does. Prints the median and the slowest of --runs runs,
 * after one warm-up run that loads the fonts. Asserts nothing.
 *
 *   retour-label-bench [--runs N]
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "retour-demo.h"
#include "retour-label-document.h"
#include "retour-label-layout.h"
#include "retour-label-store.h"
#include "retour-rma-store.h"

#define PDF_BUDGET_MS 10.0

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *times,
        double      budget)
{
  g_array_sort (times, compare_doubles);
  g_print ("  %-32s median %6.2f ms   max %6.2f ms%s\n", what,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, times->len - 1),
           budget > 0 ? (g_array_index (times, double, times->len / 2) < budget ? "   (< 10 ms: ok)"
                                                                                : "   (over 10 ms)")
                      : "");
}

int
main (int   argc,
      char *argv[])
{
  gint64 runs = 50;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT64, &runs, "Runs per measurement (default 50)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourLabelData) data = NULL;
  RetourDemoOptions demo = { .n_rmas = 200, .seed = 1, .now_us = g_get_real_time () };
  gint64 rma_id = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || runs < 1)
    {
      g_printerr ("retour-label-bench: %s\n", error != NULL ? error->message : "--runs must be 1 or more");
      return 2;
    }

  dir = g_dir_make_tmp ("retour-label-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "shop.db", NULL);
  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &demo, NULL, &error);
  g_assert_no_error (error);

  for (gint64 id = 1; rma_id == 0; id++)
    {
      g_autoptr(RetourRma) rma = retour_rma_store_load (db, id, &error);

      g_assert_no_error (error);
      if (rma->status == RETOUR_RMA_STATUS_AUTHORIZED || rma->status == RETOUR_RMA_STATUS_IN_TRANSIT)
        rma_id = id;
    }

  {
    gint64 start = g_get_monotonic_time ();

    data = retour_label_store_load_data (db, rma_id, &error);
    g_assert_no_error (error);
    g_print ("Label of return %s (%u items), %" G_GINT64_FORMAT " runs\n",
             data->rma_number, data->items->len, runs);
    g_print ("  %-32s %6.2f ms\n", "load the label data", (g_get_monotonic_time () - start) / 1000.0);
  }

  for (guint f = 0; f < RETOUR_LABEL_N_FORMATS; f++)
    {
      g_autoptr(GArray) pdf_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) preview_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GBytes) pdf = NULL;
      gsize size = 0;

      for (gint64 i = 0; i <= runs; i++)
        {
          gint64 start = g_get_monotonic_time ();
          double ms;

          g_clear_pointer (&pdf, g_bytes_unref);
          pdf = retour_label_render_pdf (data, (RetourLabelFormat) f, &error);
          g_assert_no_error (error);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          size = g_bytes_get_size (pdf);
          if (i > 0)  /* the first run loads the fonts */
            g_array_append_val (pdf_times, ms);
        }

      for (gint64 i = 0; i <= runs; i++)
        {
          gint64 start = g_get_monotonic_time ();
          PopplerDocument *document = retour_label_document_new (pdf, &error);
          cairo_surface_t *image;
          double ms;

          g_assert_no_error (error);
          image = retour_label_document_render (document, 2.0 * 96.0 / 72.0);
          cairo_surface_destroy (image);
          g_object_unref (document);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          if (i > 0)
            g_array_append_val (preview_times, ms);
        }

      g_print ("%s (%.1f kB)\n", retour_label_format_get_label ((RetourLabelFormat) f), size / 1024.0);
      report ("make the PDF", pdf_times, PDF_BUDGET_MS);
      report ("preview at 2x (real size, HiDPI)", preview_times, 0);
    }

  g_clear_object (&db);
  {
    g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
    const char *name;

    while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }

  return 0;
}
