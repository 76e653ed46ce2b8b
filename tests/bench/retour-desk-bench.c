/* retour-desk-bench.c — how the returns desk feels with a million returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real window under a display and prints figures next to
 * the budget in docs/performance.md; asserts nothing:
 *
 *   - launch: from opening the database to the first painted frame of the
 *     list with rows in it, in this process (warm) and in a new process
 *     with the database out of the page cache (cold);
 *   - search: from a search (the entry's search-changed) to the updated
 *     first page, and to the next painted frame, with where that frame's
 *     time goes; and from a typed character, the entry's own delay
 *     included;
 *   - scrolling: each item fetch of the lazy list model as the view walks
 *     down 20,000 rows, each page read alone, and a screen at a time in the
 *     view to the painted frame;
 *   - memory: the resident size of a new process showing a 200-return shop
 *     and one showing this database, after the same scrolling and searches.
 *
 * The renderer is cairo unless GSK_RENDERER says otherwise: software GL
 * (Mesa's llvmpipe, all a virtual display has) measures the machine more
 * than the app. The database is the one retour-bench uses (bench-1M.db
 * beside it), generated the same way when it is missing.
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "retour-application.h"
#include "retour-demo.h"
#include "retour-rma-list-model.h"
#include "retour-search.h"
#include "retour-window.h"

#define SCROLL_ROWS 20000
#define LAUNCHES 5
#define SMALL_SHOP 200
/* Between two keystrokes or scroll steps: a quick typist's pace, and more
 * than a frame, so that the frame clock is not still pacing the last one. */
#define TYPING_PAUSE_MS 40

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

/* The CPU time this thread has used, in µs: what the app costs, whatever
 * else the machine is doing (the wall clock counts the other programs'
 * turns too). GTK paints on this thread. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            guint   percent)
{
  return g_array_index (sorted, double, MIN (sorted->len - 1, sorted->len * percent / 100));
}

static const char *
verdict (double value,
         double budget)
{
  return value <= budget ? "within" : "OVER";
}

/* Prints the spread of @samples; a budget <= 0 is none. */
static void
report (const char *what,
        GArray     *samples,
        double      median_budget_ms,
        double      p95_budget_ms)
{
  double median, p95;

  if (samples->len == 0)
    {
      g_print ("  %-44s no samples\n", what);
      return;
    }

  g_array_sort (samples, compare_doubles);
  median = percentile (samples, 50);
  p95 = percentile (samples, 95);

  g_print ("  %-44s n %5u  median %8.3f ms  p95 %8.3f ms  p99 %8.3f ms  max %8.3f ms",
           what, samples->len, median, p95, percentile (samples, 99),
           g_array_index (samples, double, samples->len - 1));
  if (median_budget_ms > 0)
    g_print ("  [median ≤ %g ms: %s]", median_budget_ms, verdict (median, median_budget_ms));
  if (p95_budget_ms > 0)
    g_print ("  [p95 ≤ %g ms: %s]", p95_budget_ms, verdict (p95, p95_budget_ms));
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

static void
generate (const char *path,
          gint64      n_rmas,
          gboolean    verbose)
{
  RetourDemoOptions options = { .n_rmas = n_rmas, .seed = 1, .progress = verbose ? progress : NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = retour_database_open (path, &error);
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);
  if (verbose)
    {
      g_printerr ("\n");
      g_print ("  %-44s %8.1f s\n", "generate", ms_since (start) / 1000.0);
    }
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

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
pause_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Painting ----------------------------------------------------------------- */

typedef struct
{
  GtkWidget *view;
  gboolean   need_rows;
  gboolean   painted;
  gint64     layout_start;   /* the frame's "update" phase: just before layout */
  gint64     layout_end;
  gint64     paint_end;
} PaintWatch;

static gboolean
shows_rows (PaintWatch *watch)
{
  GtkSelectionModel *model;

  /* A search that finds nothing paints "No Matches" instead. */
  if (!watch->need_rows)
    return TRUE;

  if (watch->view == NULL || !gtk_widget_get_mapped (watch->view))
    return FALSE;

  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (watch->view));

  return model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static void
update_cb (GdkFrameClock *clock,
           PaintWatch    *watch)
{
  watch->layout_start = g_get_monotonic_time ();
}

/* Connected after GTK's own handlers: these mark the ends of the phases. */
static void
layout_cb (GdkFrameClock *clock,
           PaintWatch    *watch)
{
  watch->layout_end = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          PaintWatch    *watch)
{
  watch->paint_end = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                PaintWatch    *watch)
{
  if (shows_rows (watch))
    watch->painted = TRUE;
}

/* Runs the main loop until the next frame with @view mapped (and showing
 * rows, if @need_rows) has been painted; @watch_out gets the times of
 * that frame's phases. */
static void
wait_for_paint (GtkWindow  *window,
                GtkWidget  *view,
                gboolean    need_rows,
                PaintWatch *watch_out)
{
  PaintWatch watch = { view, need_rows, FALSE, 0, 0, 0 };
  GdkFrameClock *clock;
  gulong handlers[4];

  while (gtk_native_get_surface (GTK_NATIVE (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));
  handlers[0] = g_signal_connect (clock, "update", G_CALLBACK (update_cb), &watch);
  handlers[1] = g_signal_connect_after (clock, "layout", G_CALLBACK (layout_cb), &watch);
  handlers[2] = g_signal_connect_after (clock, "paint", G_CALLBACK (paint_cb), &watch);
  handlers[3] = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!watch.painted)
    {
      g_main_context_iteration (NULL, TRUE);
      if (watch.view == NULL)
        watch.view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
    }
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (clock, handlers[i]);

  if (watch_out != NULL)
    *watch_out = watch;
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

static RetourApplication *
new_application (void)
{
  g_autoptr(RetourApplication) app = retour_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return g_steal_pointer (&app);
}

/* Puts @text in the search entry; with @emit, the search starts now.
 * (Replacing the text empties the entry first, and an empty entry says
 * so at once: not a search anyone typed, so it is not heard.) */
static void
set_search_text (GtkWidget  *entry,
                 const char *text,
                 gboolean    emit)
{
  guint signal_id = g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY);

  g_signal_handlers_block_matched (entry, G_SIGNAL_MATCH_ID, signal_id, 0, NULL, NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_handlers_unblock_matched (entry, G_SIGNAL_MATCH_ID, signal_id, 0, NULL, NULL, NULL);
  drain ();
  if (emit)
    g_signal_emit_by_name (entry, "search-changed");
}

/* The entry times its search from each change: with @hold it waits
 * forever, so that the searches measured are the ones started here, and
 * none a second time later. Returns the delay there was. */
static guint
hold_searches (GtkWidget *entry,
               gboolean   hold,
               guint      delay)
{
  guint old = gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry));

  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), hold ? G_MAXUINT : delay);

  return old;
}

/* Scrolls @view down a screen at a time, @steps times; @frames (if not
 * NULL) gets the time from each step to its painted frame and @work the
 * time that frame spent in layout and paint. */
static void
scroll_screens (GtkWindow *window,
                GtkWidget *view,
                guint      steps,
                GArray    *frames,
                GArray    *work)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  for (guint step = 0; step < steps; step++)
    {
      PaintWatch watch;
      gint64 start;
      double ms;

      pause_ms (TYPING_PAUSE_MS);
      start = g_get_monotonic_time ();
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
      wait_for_paint (window, view, FALSE, &watch);
      ms = ms_since (start);
      if (frames != NULL)
        g_array_append_val (frames, ms);
      if (work != NULL && watch.layout_start > start && watch.paint_end > watch.layout_start)
        {
          ms = (double) (watch.paint_end - watch.layout_start) / 1000.0;
          g_array_append_val (work, ms);
        }
    }
}

/* The CPU time this process has used so far (all its threads), in ms. */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1000000.0;
}

/* Resident and peak resident set size of this process, in kB. */
static void
read_rss (guint64 *rss_kb,
          guint64 *hwm_kb)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *rss_kb = *hwm_kb = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;

  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss_kb = g_ascii_strtoull (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *hwm_kb = g_ascii_strtoull (lines[i] + 6, NULL, 10);
    }
}

/* A new process ------------------------------------------------------------- */

/* What a launched copy of this program does: open @path as the app does,
 * say when the list is painted, then scroll and search as a person would
 * and say how much memory that took. */
static int
run_child (const char *path)
{
  g_autoptr(RetourApplication) app = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  RetourWindow *window;
  GtkWidget *view;
  GtkWidget *entry;
  guint64 rss_kb, hwm_kb;

  gint64 start = g_get_monotonic_time ();
  double init_ms, app_ms, open_ms;

  if (!gtk_init_check ())
    return 77;
  init_ms = ms_since (start);

  app = new_application ();
  app_ms = ms_since (start);
  window = retour_application_open (app, path);
  open_ms = ms_since (start);
  wait_for_paint (GTK_WINDOW (window), NULL, TRUE, NULL);
  g_print ("painted\n");
  g_print ("phases %.1f %.1f %.1f %.1f %.1f\n", init_ms, app_ms, open_ms, ms_since (start), process_cpu_ms ());
  fflush (stdout);
  if (g_getenv ("RETOUR_DESK_BENCH_LAUNCH_ONLY") != NULL)
    return 0;

  view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  entry = find_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);

  /* Through the first 2,000 rows, a search for each of ten terms, back. */
  hold_searches (entry, TRUE, 0);
  scroll_screens (GTK_WINDOW (window), view, 80, NULL, NULL);
  terms = search_terms (path);
  for (guint i = 0; i < MIN (terms->len, 10); i++)
    {
      set_search_text (entry, g_ptr_array_index (terms, i), TRUE);
      wait_for_paint (GTK_WINDOW (window), view, FALSE, NULL);
    }
  set_search_text (entry, "", TRUE);
  wait_for_paint (GTK_WINDOW (window), view, FALSE, NULL);

  read_rss (&rss_kb, &hwm_kb);
  g_print ("rss %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", rss_kb, hwm_kb);
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  drain ();

  return 0;
}

/* Drops @path (and its journal) from the page cache, as after a reboot:
 * the first page is then read from the disk. */
static void
evict (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      int fd = g_open (file, O_RDONLY, 0);

      if (fd < 0)
        continue;
      fdatasync (fd);
      posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
      close (fd);
    }
}

typedef struct
{
  double  painted_ms;   /* from the spawn to "painted" */
  double  phases[5];    /* from main(): GTK, the application, the window, painted;
                         * and the CPU time the process used until then */
  guint64 rss_kb;
  guint64 hwm_kb;
} ChildResult;

static gboolean
launch_child (const char  *self_path,
              const char  *path,
              ChildResult *result)
{
  g_autoptr(GError) error = NULL;
  GIOChannel *channel;
  const char *argv[] = { self_path, "--child", "--database", path, NULL };
  GPid pid;
  int out_fd;
  gint64 start = g_get_monotonic_time ();
  char *line;
  gboolean painted = FALSE;

  *result = (ChildResult) { 0 };

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    {
      g_printerr ("Could not launch %s: %s\n", self_path, error->message);
      return FALSE;
    }

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      g_strchomp (line);
      if (g_str_equal (line, "painted"))
        {
          result->painted_ms = ms_since (start);
          painted = TRUE;
        }
      else if (g_str_has_prefix (line, "phases "))
        {
          char *end = line + 7;

          for (guint i = 0; i < G_N_ELEMENTS (result->phases); i++)
            result->phases[i] = g_ascii_strtod (end, &end);
        }
      else if (g_str_has_prefix (line, "rss "))
        {
          char *end = NULL;

          result->rss_kb = g_ascii_strtoull (line + 4, &end, 10);
          result->hwm_kb = g_ascii_strtoull (end, NULL, 10);
        }
      g_free (line);
    }
  g_io_channel_unref (channel);

  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  return painted && result->rss_kb > 0;
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
  g_autoptr(GArray) handler = NULL;
  g_autoptr(GArray) layout = NULL;
  g_autoptr(GArray) paint = NULL;
  g_autoptr(GArray) gap = NULL;
  g_autoptr(GArray) cpu = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *small_dir = NULL;
  g_autofree char *small_path = NULL;
  gint64 n_rmas = 1000000;
  gboolean child = FALSE;
  gboolean searches_only = FALSE;
  gboolean processes_only = FALSE;
  gboolean scrolling_only = FALSE;
  gboolean searched = FALSE;
  gulong searched_id;
  guint app_delay;
  RetourWindow *window;
  GtkWidget *view;
  GtkWidget *entry;
  RetourRmaListModel *model;
  gint64 start;
  gint64 handled;
  gint64 start_cpu;
  const GOptionEntry entries[] = {
    { "rmas", 'n', 0, G_OPTION_ARG_INT64, &n_rmas, "Returns in the generated database", "N" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &path, "The database (made if missing)", "FILE" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, "Launched by the benchmark itself", NULL },
    { "searches-only", 0, 0, G_OPTION_ARG_NONE, &searches_only, "Launch and search only: no scrolling, no new processes", NULL },
    { "processes-only", 0, 0, G_OPTION_ARG_NONE, &processes_only, "Only the launches and memory of new processes", NULL },
    { "scrolling-only", 0, 0, G_OPTION_ARG_NONE, &scrolling_only, "Launch and scroll the view only", NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* Before GTK reads it. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  if (child)
    return path != NULL ? run_child (path) : 2;

  if ((g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL) || !gtk_init_check ())
    {
      g_printerr ("No display: skipping the returns desk benchmark (run it under xvfb-run)\n");
      return 77;
    }

  if (path == NULL)
    path = g_strdup_printf ("retour-bench-%" G_GINT64_FORMAT ".db", n_rmas);

  g_print ("Retour returns desk benchmark: %s (%" G_GINT64_FORMAT " returns)\n", path, n_rmas);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    generate (path, n_rmas, TRUE);

  samples = g_array_new (FALSE, FALSE, sizeof (double));
  cpu = g_array_new (FALSE, FALSE, sizeof (double));
  if (processes_only)
    goto processes;

  app = new_application ();

  /* Launch: the database opened, the window made, the first page read and
   * painted. The first launch also pays for loading the templates. */
  for (int i = 0; i < LAUNCHES; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      window = retour_application_open (app, path);
      wait_for_paint (GTK_WINDOW (window), NULL, TRUE, NULL);
      ms = ms_since (start);
      g_array_append_val (samples, ms);
      if (i == 0)
        g_print ("  renderer: %s (GSK_RENDERER=%s)\n",
                 G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
                 g_getenv ("GSK_RENDERER"));
      if (i < LAUNCHES - 1)
        gtk_window_destroy (GTK_WINDOW (window));
    }
  report ("launch to first painted list (in process)", samples, 0, 500);

  view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  entry = find_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  model = list_model_of (view);
  if (scrolling_only)
    goto scrolling;

  /* Search: the handler reads the first page and tells the view; then
   * the view lays out and paints it. */
  terms = search_terms (path);
  app_delay = hold_searches (entry, TRUE, 0);
  g_array_set_size (samples, 0);
  painted = g_array_new (FALSE, FALSE, sizeof (double));
  handler = g_array_new (FALSE, FALSE, sizeof (double));
  layout = g_array_new (FALSE, FALSE, sizeof (double));
  paint = g_array_new (FALSE, FALSE, sizeof (double));
  gap = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < terms->len; i++)
      {
        PaintWatch watch;
        double ms;

        set_search_text (entry, g_ptr_array_index (terms, i), FALSE);
        pause_ms (TYPING_PAUSE_MS);

        start = g_get_monotonic_time ();
        start_cpu = cpu_time ();
        g_signal_emit_by_name (entry, "search-changed");
        handled = g_get_monotonic_time ();
        ms = ms_since (start);
        g_array_append_val (samples, ms);
        wait_for_paint (GTK_WINDOW (window), view, FALSE, &watch);
        ms = ms_since (start);
        g_array_append_val (painted, ms);
        ms = (double) (cpu_time () - start_cpu) / 1000.0;
        g_array_append_val (cpu, ms);
        if (watch.layout_start > start && watch.paint_end > watch.layout_end)
          {
            ms = (double) (watch.layout_end - watch.layout_start) / 1000.0;
            g_array_append_val (layout, ms);
            ms = (double) (watch.paint_end - watch.layout_end) / 1000.0;
            g_array_append_val (paint, ms);
            ms = (double) (watch.layout_start - handled) / 1000.0;
            g_array_append_val (gap, ms);
          }
      }
  report ("search keystroke to first page", samples, 0, 5);
  report ("search keystroke to painted frame", painted, 16, 33);
  report ("  in CPU time of the app's thread", cpu, 0, 0);
  report ("  then to the frame's start", gap, 0, 0);
  report ("  of which the frame's layout", layout, 0, 0);
  report ("  of which the frame's snapshot and render", paint, 0, 0);

  /* The same, a character at a time as typed: the entry's own delay
   * before it searches is counted. (Its delay back re-arms its timer for
   * the text there is: that search first.) */
  searched = FALSE;
  searched_id = g_signal_connect_swapped (entry, "search-changed", G_CALLBACK (set_flag), &searched);
  hold_searches (entry, FALSE, app_delay);
  while (!searched)
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (GTK_WINDOW (window), view, FALSE, NULL);
  g_array_set_size (painted, 0);
  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);
      g_autofree char *prefix = NULL;
      double ms;
      int position;

      /* Everything but the last character, searched for and painted. */
      prefix = g_utf8_substring (term, 0, MAX (0, g_utf8_strlen (term, -1) - 1));
      set_search_text (entry, prefix, TRUE);
      wait_for_paint (GTK_WINDOW (window), view, FALSE, NULL);
      pause_ms (TYPING_PAUSE_MS);

      /* The last character, typed at the end. */
      searched = FALSE;
      position = -1;
      start = g_get_monotonic_time ();
      gtk_editable_insert_text (GTK_EDITABLE (entry), term + strlen (prefix), -1, &position);
      /* The frame that shows the search's result, not the typed text. */
      while (!searched)
        g_main_context_iteration (NULL, TRUE);
      wait_for_paint (GTK_WINDOW (window), view, FALSE, NULL);
      ms = ms_since (start);
      g_array_append_val (painted, ms);
    }
  g_signal_handler_disconnect (entry, searched_id);
  report ("typed character to painted frame", painted, 16, 33);

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
    report ("first page query, model alone", samples, 0, 5);
  }

  if (searches_only)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      drain ();
      return 0;
    }

  /* Scrolling: the view asks for every row on its way down; near the end
   * of what is loaded the model reads the next page (here right away,
   * where the view would let an idle handler do it). */
  hold_searches (entry, TRUE, 0);
  set_search_text (entry, "", TRUE);
  wait_for_paint (GTK_WINDOW (window), view, TRUE, NULL);
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
  report ("item fetch while scrolling", samples, 0, 0);
  report ("page of " G_STRINGIFY (RETOUR_RMA_LIST_MODEL_PAGE_SIZE) " while scrolling", pages, 0, 1);

  /* And the view itself, scrolled a screen at a time. */
scrolling:
  {
    g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));

    scroll_screens (GTK_WINDOW (window), view, 200, frames, work);
    report ("scroll a screen to painted frame", frames, 0, 16.7);
    report ("  of which the frame's layout and paint", work, 0, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
  if (scrolling_only)
    return 0;

  /* New processes: the first launch of the day, the database read from
   * the disk; and the memory a million returns cost over a small shop. */
processes:
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  small_dir = g_dir_make_tmp ("retour-desk-bench-XXXXXX", &error);
  g_assert_no_error (error);
  small_path = g_build_filename (small_dir, "small.db", NULL);
  generate (small_path, SMALL_SHOP, FALSE);
  if (self_path != NULL)
    {
      ChildResult small = { 0 }, big = { 0 };
      gboolean ok = TRUE;

      g_array_set_size (samples, 0);
      g_array_set_size (cpu, 0);
      for (int i = 0; i < LAUNCHES && ok; i++)
        {
          ChildResult result;

          evict (path);
          ok = launch_child (self_path, path, &result);
          g_array_append_val (samples, result.painted_ms);
          g_print ("    launch %d: %6.1f ms: process start %5.1f, GTK %5.1f, application %5.1f, window %5.1f, painted %5.1f; CPU %5.1f ms\n",
                   i + 1, result.painted_ms, result.painted_ms - result.phases[3],
                   result.phases[0], result.phases[1] - result.phases[0],
                   result.phases[2] - result.phases[1], result.phases[3] - result.phases[2],
                   result.phases[4]);
          g_array_append_val (cpu, result.phases[4]);
          if (i == 0)
            big = result;
        }
      report ("cold launch to first painted list (process)", samples, 0, 500);
      report ("  in CPU time of the process", cpu, 0, 0);

      ok = ok && launch_child (self_path, small_path, &small);
      if (ok)
        {
          double growth = ((double) big.rss_kb - (double) small.rss_kb) / 1024.0;

          g_print ("  %-44s %6.1f MB (peak %6.1f MB)\n",
                   "resident, " G_STRINGIFY (SMALL_SHOP) "-return shop", small.rss_kb / 1024.0, small.hwm_kb / 1024.0);
          g_print ("  %-44s %6.1f MB (peak %6.1f MB)\n",
                   "resident, this database", big.rss_kb / 1024.0, big.hwm_kb / 1024.0);
          g_print ("  %-44s %+6.1f MB  [< 20 MB: %s]\n", "resident growth", growth,
                   growth < 20 ? "within" : "OVER");
        }
      else
        g_print ("  (the launched copies did not report)\n");
    }

  g_unlink (small_path);
  {
    g_autofree char *wal = g_strconcat (small_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (small_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (small_dir);

  return 0;
}
