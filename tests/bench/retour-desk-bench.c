/* retour-desk-bench.c — how the returns desk feels with a million returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real window under a display and prints figures to compare
 * with DESIGN.md's performance budget; asserts nothing:
 *
 *   - launch: from opening the database to the first painted frame of the
 *     list with rows in it;
 *   - search: from a search keystroke (the entry's search-changed) to the
 *     updated first page, and to the next painted frame;
 *   - scrolling: each item fetch of the lazy list model as the view walks
 *     down 20,000 rows, page reads included, and each page read alone.
 *
 * The database is the one retour-bench uses (bench-1M.db beside it),
 * generated the same way when it is missing.
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "retour-application.h"
#include "retour-demo.h"
#include "retour-rma-list-model.h"
#include "retour-search.h"
#include "retour-window.h"

#define SCROLL_ROWS 20000
#define LAUNCHES 5

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *samples,
        double      budget_ms)
{
  double median, p95, p99, max;

  g_array_sort (samples, compare_doubles);
  median = g_array_index (samples, double, samples->len / 2);
  p95 = g_array_index (samples, double, MIN (samples->len - 1, samples->len * 95 / 100));
  p99 = g_array_index (samples, double, MIN (samples->len - 1, samples->len * 99 / 100));
  max = g_array_index (samples, double, samples->len - 1);

  g_print ("  %-40s n %6u   median %8.3f ms   p95 %8.3f ms   p99 %8.3f ms   max %8.3f ms",
           what, samples->len, median, p95, p99, max);
  if (budget_ms > 0)
    g_print ("   (budget %.0f ms: %s)", budget_ms, p95 <= budget_ms ? "within" : "OVER");
  g_print ("\n");
}

static void
progress (guint64  done,
          guint64  total,
          gpointer user_data)
{
  if (done % 100000 == 0 || done == total)
    g_printerr ("\r  generating: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, done, total);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Painting ----------------------------------------------------------------- */

typedef struct
{
  GtkWidget *view;
  gboolean   need_rows;
  gboolean   painted;
} PaintWatch;

static void
after_paint_cb (GdkFrameClock *clock,
                PaintWatch    *watch)
{
  GtkSelectionModel *model;

  /* A search that finds nothing paints "No Matches" instead. */
  if (!watch->need_rows)
    {
      watch->painted = TRUE;
      return;
    }

  if (watch->view == NULL || !gtk_widget_get_mapped (watch->view))
    return;

  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (watch->view));
  if (model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    watch->painted = TRUE;
}

/* Runs the main loop until the next frame with @view mapped (and showing
 * rows, if @need_rows) has been painted. */
static void
wait_for_paint (GtkWindow *window,
                GtkWidget *view,
                gboolean   need_rows)
{
  PaintWatch watch = { view, need_rows, FALSE };
  GdkFrameClock *clock;
  gulong handler;

  while (gtk_native_get_surface (GTK_NATIVE (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!watch.painted)
    {
      g_main_context_iteration (NULL, TRUE);
      if (watch.view == NULL)
        watch.view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
    }
  g_signal_handler_disconnect (clock, handler);
}

static RetourRmaListModel *
list_model_of (GtkWidget *view)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));

  return RETOUR_RMA_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

/* What people search for: last names, e-mail domains, phone digits, SKUs. */
static GPtrArray *
search_terms (const char *path)
{
  static const char * const fixed[] = {
    "jan", "müller", "example.nl", "0612", "+48", "R26-0001", "dress", "TEE", "wiś", "bos",
  };
  g_autoptr(RetourDatabase) db = retour_database_open (path, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (terms, g_strdup (fixed[i]));

  /* And the names and order numbers of a few returns, as read out. */
  rows = db != NULL ? retour_search_rmas (db, NULL, -1, 0, 40, NULL) : NULL;
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      RetourRmaSummary *row = g_ptr_array_index (rows, i);

      if (row->customer_name != NULL && i % 2 == 0)
        g_ptr_array_add (terms, g_strdup (row->customer_name));
      else if (row->order_number != NULL)
        g_ptr_array_add (terms, g_strdup (row->order_number));
    }

  return terms;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— the returns desk with many returns");
  g_autoptr(RetourApplication) app = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) painted = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autofree char *path = NULL;
  gint64 n_rmas = 1000000;
  RetourWindow *window;
  GtkWidget *view;
  GtkWidget *entry;
  RetourRmaListModel *model;
  gint64 start;
  const GOptionEntry entries[] = {
    { "rmas", 'n', 0, G_OPTION_ARG_INT64, &n_rmas, "Returns in the generated database", "N" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &path, "The database (made if missing)", "FILE" },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if ((g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL) || !gtk_init_check ())
    {
      g_printerr ("No display: skipping the returns desk benchmark (run it under xvfb-run)\n");
      return 77;
    }

  if (path == NULL)
    path = g_strdup_printf ("retour-bench-%" G_GINT64_FORMAT ".db", n_rmas);

  g_print ("Retour returns desk benchmark: %s (%" G_GINT64_FORMAT " returns)\n", path, n_rmas);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      RetourDemoOptions options = { .n_rmas = n_rmas, .seed = 1, .progress = progress };
      g_autoptr(RetourDatabase) db = retour_database_open (path, &error);

      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      retour_demo_generate (db, &options, NULL, &error);
      g_assert_no_error (error);
      g_printerr ("\n");
      g_print ("  %-40s %8.1f s\n", "generate", ms_since (start) / 1000.0);
    }

  app = retour_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* Launch: the database opened, the window made, the first page read and
   * painted. The first launch also pays for loading the templates. */
  samples = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < LAUNCHES; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      window = retour_application_open (app, path);
      wait_for_paint (GTK_WINDOW (window), NULL, TRUE);
      ms = ms_since (start);
      g_array_append_val (samples, ms);
      if (i < LAUNCHES - 1)
        gtk_window_destroy (GTK_WINDOW (window));
    }
  report ("launch to first painted list", samples, 500);

  view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  entry = find_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  model = list_model_of (view);

  /* Search: the handler reads the first page and tells the view; then
   * the view paints it. (The entry's own typing delay is not counted.) */
  terms = search_terms (path);
  g_array_set_size (samples, 0);
  painted = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < terms->len; i++)
      {
        double ms;

        g_signal_handlers_block_matched (entry, G_SIGNAL_MATCH_ID,
                                         g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY),
                                         0, NULL, NULL, NULL);
        gtk_editable_set_text (GTK_EDITABLE (entry), g_ptr_array_index (terms, i));
        g_signal_handlers_unblock_matched (entry, G_SIGNAL_MATCH_ID,
                                           g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY),
                                           0, NULL, NULL, NULL);
        while (g_main_context_iteration (NULL, FALSE))
          ;

        start = g_get_monotonic_time ();
        g_signal_emit_by_name (entry, "search-changed");
        ms = ms_since (start);
        g_array_append_val (samples, ms);
        wait_for_paint (GTK_WINDOW (window), view, FALSE);
        ms = ms_since (start);
        g_array_append_val (painted, ms);
      }
  report ("search keystroke to first page", samples, 5);
  report ("search keystroke to painted frame", painted, 0);

  /* The same searches on a model no view shows: what the query and the
   * model cost, without the view's response to items-changed. */
  {
    g_autoptr(RetourRmaListModel) alone = retour_rma_list_model_new (retour_window_get_context (window));

    g_array_set_size (samples, 0);
    for (guint round = 0; round < 3; round++)
      for (guint i = 0; i < terms->len; i++)
        {
          double ms;

          start = g_get_monotonic_time ();
          retour_rma_list_model_set_query (alone, g_ptr_array_index (terms, i), -1, FALSE, NULL);
          ms = ms_since (start);
          g_array_append_val (samples, ms);
        }
    report ("first page query, model alone", samples, 5);
  }

  /* Scrolling: the view asks for every row on its way down; near the end
   * of what is loaded the model reads the next page (here right away,
   * where the view would let an idle handler do it). */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (entry, "search-changed");
  g_array_set_size (samples, 0);
  pages = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint position = 0; position < SCROLL_ROWS; position++)
    {
      g_autoptr(GObject) item = NULL;
      double ms;

      start = g_get_monotonic_time ();
      if (position >= g_list_model_get_n_items (G_LIST_MODEL (model)))
        {
          gint64 page_start = g_get_monotonic_time ();
          double page_ms;

          if (!retour_rma_list_model_load_more (model, &error))
            break;
          page_ms = ms_since (page_start);
          g_array_append_val (pages, page_ms);
        }
      item = g_list_model_get_item (G_LIST_MODEL (model), position);
      ms = ms_since (start);
      g_array_append_val (samples, ms);
    }
  g_assert_no_error (error);
  report ("item fetch while scrolling", samples, 0);
  report ("page of 100 while scrolling", pages, 1);

  /* And the view itself, scrolled a page at a time through what is
   * loaded: one frame per step. */
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
    g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));

    for (int step = 0; step < 200; step++)
      {
        double ms;

        start = g_get_monotonic_time ();
        gtk_adjustment_set_value (adjustment,
                                  gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
        wait_for_paint (GTK_WINDOW (window), view, FALSE);
        ms = ms_since (start);
        g_array_append_val (frames, ms);
      }
    report ("scroll a screen to painted frame", frames, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return 0;
}
