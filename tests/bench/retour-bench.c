/* retour-bench.c — how fast the store is with a million returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures next to their budgets (docs/performance.md,
 * issue 13); asserts nothing. The database is generated once and kept
 * (pass --fresh to make it again), so the query figures can be re-measured
 * quickly.
 *
 * Timings are wall-clock, which is what a person waits for; on a busy
 * machine that includes waiting for a CPU, so each line also gives the
 * CPU time the query itself took, which load does not change.
 *
 * With --server URL the same figures are taken again on a PostgreSQL
 * server (the shop in the file is moved there first when the server's
 * database is empty) and printed side by side, each against its budget
 * of three times SQLite's (issue 18).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/resource.h>
#include <time.h>

#include "retour-database-private.h"
#include "retour-demo.h"
#include "retour-inventory-store.h"
#include "retour-migrate.h"
#include "retour-report-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-stock-store.h"

#define ROUNDS 200

/* A figure as report() saw it, for the side-by-side table. */
typedef struct
{
  char   *what;
  double  median;
  double  p95;
} Figure;

static void
figure_free (gpointer data)
{
  Figure *figure = data;

  g_free (figure->what);
  g_free (figure);
}

/* Where report() keeps what it printed; NULL keeps nothing. */
static GPtrArray *figures;

/* What a demo shop may cost (issue 13). */
#define GENERATE_BUDGET_S 120.0
#define BYTES_PER_RETURN_BUDGET 1500.0

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU time this thread has used, in ms. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (double) now.tv_sec * 1000.0 + (double) now.tv_nsec / 1.0e6;
}

/* CPU time this process has used, in s. */
static double
process_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_stime.tv_sec +
         ((double) usage.ru_utime.tv_usec + (double) usage.ru_stime.tv_usec) / 1.0e6;
}

/* The CPU time of each sample, beside the wall-clock one in the same
 * order; see report(). */
static GArray *cpu_samples;
static double cpu_start;

static void
sample_begin (gint64 *start)
{
  cpu_start = cpu_ms ();
  *start = g_get_monotonic_time ();
}

static double
sample_end (gint64 start)
{
  double ms = ms_since (start);
  double cpu = cpu_ms () - cpu_start;

  g_array_append_val (cpu_samples, cpu);
  return ms;
}

static double
percentile (GArray *samples,
            guint   percent)
{
  return g_array_index (samples, double, MIN (samples->len - 1, samples->len * percent / 100));
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
  double median, p95, p99;

  g_array_sort (samples, compare_doubles);
  median = percentile (samples, 50);
  p95 = percentile (samples, 95);
  p99 = percentile (samples, 99);

  if (figures != NULL)
    {
      Figure *figure = g_new0 (Figure, 1);

      figure->what = g_strdup (what);
      figure->median = median;
      figure->p95 = p95;
      g_ptr_array_add (figures, figure);
    }

  g_print ("  %-44s median %8.3f ms   p95 %8.3f ms   p99 %8.3f ms", what, median, p95, p99);
  if (budget_ms > 0)
    g_print ("   (budget p95 < %g ms: %s)", budget_ms, p95 < budget_ms ? "within" : "OVER");
  g_print ("\n");

  if (cpu_samples->len == samples->len)
    {
      g_array_sort (cpu_samples, compare_doubles);
      g_print ("  %-44s median %8.3f ms   p95 %8.3f ms   p99 %8.3f ms\n", "  of which CPU",
               percentile (cpu_samples, 50), percentile (cpu_samples, 95), percentile (cpu_samples, 99));
    }
  g_array_set_size (cpu_samples, 0);
}

static void
progress (guint64  done,
          guint64  total,
          gpointer user_data)
{
  if (done % 100000 == 0 || done == total)
    g_printerr ("\r  generating: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT, done, total);
}

static GPtrArray *
column_values (RetourDatabase *db,
               const char     *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, &error);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row;

  g_assert_no_error (error);
  while (retour_stmt_step (stmt, &has_row, &error) && has_row)
    g_ptr_array_add (values, g_strdup (retour_stmt_column_text (stmt, 0)));

  return values;
}

static gint64
max_id (RetourDatabase *db)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, "SELECT max (id) FROM rma", NULL);
  gboolean has_row;

  retour_stmt_step (stmt, &has_row, NULL);
  return retour_stmt_column_int64 (stmt, 0);
}

/* Times the first page of a search for each of @queries in turn. */
static void
bench_search (RetourDatabase *db,
              const char     *what,
              GPtrArray      *queries,
              double          budget_ms)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 found = 0;

  /* A small shop (the 5,000-return demo) may have no sample to search. */
  if (queries->len == 0)
    {
      g_print ("  %-44s no sample in this shop\n", what);
      return;
    }

  for (guint i = 0; i < ROUNDS; i++)
    {
      const char *query = g_ptr_array_index (queries, i % queries->len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      gint64 start;
      double ms;

      sample_begin (&start);
      rows = retour_search_rmas (db, query, -1, 0, 50, &error);
      ms = sample_end (start);

      g_assert_no_error (error);
      found += rows->len;
      g_array_append_val (samples, ms);
    }

  report (what, samples, budget_ms);
  g_print ("  %-44s %.1f rows per first page on average\n", "", (double) found / ROUNDS);
}

/* Every query figure, on the shop at @path (a file or a server). */
static void
run_figures (const char *path,
             GRand      *rand)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GPtrArray) surnames = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  gint64 start, newest;
  guint64 counts[RETOUR_RMA_N_STATUSES];

  /* Opening: what the app does before it can paint the list. The first
   * open after generation may find the page cache warm; that is the case
   * of an app started again during the day. */
  samples = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(RetourDatabase) again = NULL;
      g_autoptr(GPtrArray) page = NULL;
      double ms;

      sample_begin (&start);
      again = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
      g_assert_no_error (error);
      page = retour_search_rmas (again, NULL, -1, 0, 100, &error);
      g_assert_no_error (error);
      ms = sample_end (start);
      g_array_append_val (samples, ms);
    }
  report ("open + first page of 100", samples, 500);

  db = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  newest = max_id (db);

  /* Keyset pages anywhere in the list, as when scrolling. */
  g_array_set_size (samples, 0);
  for (int i = 0; i < ROUNDS; i++)
    {
      gint64 before = 1 + (gint64) (g_rand_double (rand) * (double) newest);
      g_autoptr(GPtrArray) page = NULL;
      double ms;

      sample_begin (&start);
      page = retour_search_rmas (db, NULL, -1, before, 100, &error);
      ms = sample_end (start);
      g_assert_no_error (error);
      g_array_append_val (samples, ms);
    }
  report ("keyset page of 100 rows", samples, 1);

  g_array_set_size (samples, 0);
  for (int i = 0; i < ROUNDS; i++)
    {
      gint64 before = 1 + (gint64) (g_rand_double (rand) * (double) newest);
      g_autoptr(GPtrArray) page = NULL;
      double ms;

      sample_begin (&start);
      page = retour_search_rmas (db, NULL, RETOUR_RMA_STATUS_RECEIVED, before, 100, &error);
      ms = sample_end (start);
      g_assert_no_error (error);
      g_array_append_val (samples, ms);
    }
  report ("keyset page of 100, status “received”", samples, 1);

  /* Searches: a common surname, part of a phone number, an exact RMA
   * number as typed on the phone. */
  surnames = g_ptr_array_new ();
  g_ptr_array_add (surnames, (char *) "Jansen");
  g_ptr_array_add (surnames, (char *) "Müller");
  g_ptr_array_add (surnames, (char *) "Nowak");
  g_ptr_array_add (surnames, (char *) "Dubois");
  bench_search (db, "search: common surname, first page", surnames, 5);

  phones = column_values (db, "SELECT phone FROM customer WHERE id % 997 = 0 LIMIT 200");
  for (guint i = 0; i < phones->len; i++)
    {
      g_autofree char *digits = retour_search_digits (g_ptr_array_index (phones, i));
      char *part = g_strndup (digits + strlen (digits) - 7, 6);

      g_free (phones->pdata[i]);
      phones->pdata[i] = part;
    }
  bench_search (db, "search: 6 digits of a phone number", phones, 5);

  numbers = column_values (db, "SELECT number FROM rma WHERE number IS NOT NULL AND id % 4999 = 0 LIMIT 200");
  for (guint i = 0; i < numbers->len; i++)
    {
      char *display = retour_rma_number_display (g_ptr_array_index (numbers, i));

      g_free (numbers->pdata[i]);
      numbers->pdata[i] = g_ascii_strdown (display, -1);
      g_free (display);
    }
  bench_search (db, "search: exact RMA number (r26-001234-x)", numbers, 5);

  g_array_set_size (samples, 0);
  for (int i = 0; i < 10; i++)
    {
      double ms;

      sample_begin (&start);
      retour_rma_store_count_by_status (db, counts, &error);
      ms = sample_end (start);
      g_assert_no_error (error);
      g_array_append_val (samples, ms);
    }
  report ("count by status (all returns)", samples, 0);

  /* The inventory view: every product's figures for a period, read in a
   * worker; the parcels on their way; a page of one product's ledger. */
  {
    static const struct {
      RetourInventoryPeriod  period;
      const char            *what;
    } periods[] = {
      { RETOUR_INVENTORY_PERIOD_THIS_MONTH, "inventory: products + summary, this month" },
      { RETOUR_INVENTORY_PERIOD_LAST_30_DAYS, "inventory: products + summary, 30 days" },
      { RETOUR_INVENTORY_PERIOD_THIS_YEAR, "inventory: products + summary, this year" },
      { RETOUR_INVENTORY_PERIOD_ALL_TIME, "inventory: products + summary, all time" },
    };
    g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
    gint64 now_us = g_get_real_time ();
    gint64 busiest = 0;

    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      {
        gint64 since_us, until_us;
        guint products = 0;

        retour_inventory_period_get_range (periods[p].period, tz, now_us, &since_us, &until_us);
        g_array_set_size (samples, 0);
        for (int i = 0; i < 5; i++)
          {
            g_autoptr(RetourInventory) inventory = NULL;
            double ms;

            sample_begin (&start);
            inventory = retour_inventory_store_load (db, since_us, until_us, tz, now_us, &error);
            ms = sample_end (start);
            g_assert_no_error (error);
            g_array_append_val (samples, ms);
            products = inventory->products->len;
            if (busiest == 0 && products > 0)
              busiest = ((RetourProductInventory *) inventory->products->pdata[0])->product_id;
          }
        report (periods[p].what, samples, 0);
        g_print ("  %-44s %u products\n", "", products);
      }

    g_array_set_size (samples, 0);
    for (int i = 0; i < 10; i++)
      {
        g_autoptr(GPtrArray) arrivals = NULL;
        double ms;

        sample_begin (&start);
        arrivals = retour_inventory_store_list_expected (db, tz, now_us, &error);
        ms = sample_end (start);
        g_assert_no_error (error);
        g_array_append_val (samples, ms);
        if (i == 0)
          g_print ("  %-44s %u returns on their way\n", "expected arrivals", arrivals->len);
      }
    report ("inventory: expected arrivals", samples, 0);

    g_array_set_size (samples, 0);
    for (int i = 0; i < ROUNDS; i++)
      {
        g_autoptr(GPtrArray) page = NULL;
        double ms;

        sample_begin (&start);
        page = retour_stock_store_list_ledger (db, busiest, 0, 100, &error);
        ms = sample_end (start);
        g_assert_no_error (error);
        g_array_append_val (samples, ms);
      }
    report ("inventory: newest 100 of a product's ledger", samples, 1);

    g_array_set_size (samples, 0);
    for (int i = 0; i < ROUNDS; i++)
      {
        g_autoptr(GArray) ids = NULL;
        double ms;

        sample_begin (&start);
        ids = retour_inventory_store_find_products (db, i % 2 == 0 ? "linen" : "xl", &error);
        ms = sample_end (start);
        g_assert_no_error (error);
        g_array_append_val (samples, ms);
      }
    report ("inventory: product search", samples, 5);
  }

  /* The Reports view: every figure, breakdown and customer of a period,
   * and of the period before (issue 17: under 100 ms at p95). */
  {
    static const struct {
      RetourReportPeriod  period;
      const char         *what;
    } periods[] = {
      { RETOUR_REPORT_PERIOD_THIS_MONTH, "report: this month (+ month before)" },
      { RETOUR_REPORT_PERIOD_LAST_30_DAYS, "report: last 30 days" },
      { RETOUR_REPORT_PERIOD_THIS_QUARTER, "report: this quarter" },
      { RETOUR_REPORT_PERIOD_THIS_YEAR, "report: this year" },
    };
    g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
    gint64 now_us = g_get_real_time ();

    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      {
        RetourReportQuery query = { 0 };
        guint64 returns = 0, customers = 0;

        retour_report_period_get_range (periods[p].period, tz, now_us, &query.since_us, &query.until_us);
        query.interval = retour_report_interval_for_range (query.since_us, query.until_us);
        g_array_set_size (samples, 0);
        for (int i = 0; i < 5; i++)
          {
            g_autoptr(RetourReport) loaded = NULL;
            double ms;

            sample_begin (&start);
            loaded = retour_report_store_load (db, &query, tz, now_us, &error);
            ms = sample_end (start);
            g_assert_no_error (error);
            g_array_append_val (samples, ms);
            returns = loaded->current.returns;
            customers = loaded->customers->len;
          }
        report (periods[p].what, samples, 100);
        g_print ("  %-44s %" G_GUINT64_FORMAT " returns, %" G_GUINT64_FORMAT " customers\n", "", returns, customers);
      }
  }

}

static void
migrate_progress (const char *table,
                  guint64     done,
                  guint64     total,
                  gpointer    user_data)
{
  if (table != NULL)
    g_printerr ("\r  moving to the server: %-24s %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT "   ",
                table, done, total);
}

/* The same figures on @server, beside SQLite's; the shop in @path is
 * moved there first if the server holds none. Budget: each figure within
 * three times SQLite's (issue 18). */
static void
compare_with_server (const char *path,
                     const char *server,
                     GRand      *rand)
{
  g_autoptr(GPtrArray) lite = g_steal_pointer (&figures);
  g_autoptr(GError) error = NULL;
  gboolean empty;

  {
    g_autoptr(RetourDatabase) db = retour_database_open_full (server, RETOUR_DATABASE_OPEN_CREATE, &error);

    g_assert_no_error (error);
    empty = retour_database_is_empty (db, &error);
    g_assert_no_error (error);
  }

  if (empty)
    {
      g_autoptr(RetourMigrateReport) report = NULL;
      gint64 start = g_get_monotonic_time ();

      report = retour_migrate_to_server (path, server, migrate_progress, NULL, NULL, &error);
      g_assert_no_error (error);
      g_printerr ("\n");
      g_print ("  %-44s %8.1f s\n", "moved the shop to the server", ms_since (start) / 1000.0);
    }

  g_print ("\nOn the server: %s\n", server);
  figures = g_ptr_array_new_with_free_func (figure_free);
  run_figures (server, rand);

  g_print ("\n  %-44s %12s %12s %8s\n", "p95, ms", "SQLite", "PostgreSQL", "ratio");
  for (guint i = 0; i < lite->len && i < figures->len; i++)
    {
      const Figure *a = g_ptr_array_index (lite, i);
      const Figure *b = g_ptr_array_index (figures, i);
      double ratio = a->p95 > 0 ? b->p95 / a->p95 : 0;

      g_print ("  %-44s %12.3f %12.3f %7.1f×  (budget ≤ 3×: %s)\n", a->what, a->p95, b->p95, ratio,
               ratio <= 3.0 ? "within" : "OVER");
    }
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_rmas = 1000000;
  g_autofree char *path = NULL;
  gboolean fresh = FALSE;
  g_autofree char *server = NULL;
  GOptionEntry entries[] = {
    { "rmas", 'n', 0, G_OPTION_ARG_INT64, &n_rmas, "Returns in the generated database", "N" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &path, "Where to keep it", "FILE" },
    { "fresh", 0, 0, G_OPTION_ARG_NONE, &fresh, "Generate it again even if it exists", NULL },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Also on this PostgreSQL server (postgresql://…), side by side", "URL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  struct rusage usage;
  GStatBuf st;
  gint64 start;
  double cpu_before;

  setlocale (LC_ALL, "");
  cpu_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (path == NULL)
    path = g_strdup_printf ("retour-bench-%" G_GINT64_FORMAT ".db", n_rmas);

  g_print ("Retour store benchmark: %s (%" G_GINT64_FORMAT " returns)\n", path, n_rmas);

  if (fresh || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      RetourDemoOptions options = { .n_rmas = n_rmas, .seed = 1, .progress = progress };
      g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm_path = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal_path);
      g_unlink (shm_path);

      start = g_get_monotonic_time ();
      cpu_before = process_cpu_s ();
      db = retour_database_open (path, &error);
      g_assert_no_error (error);
      retour_demo_generate (db, &options, NULL, &error);
      g_assert_no_error (error);
      g_printerr ("\n");
      {
        double seconds = ms_since (start) / 1000.0;

        g_print ("  %-44s %8.1f s (budget < %.0f s: %s), of which CPU %.1f s\n", "generate", seconds,
                 GENERATE_BUDGET_S, seconds < GENERATE_BUDGET_S ? "within" : "OVER",
                 process_cpu_s () - cpu_before);
      }
      retour_database_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", NULL);
      g_clear_object (&db);
    }

  if (g_stat (path, &st) == 0)
    {
      double per_return = (double) st.st_size / (double) MAX (n_rmas, 1);

      g_print ("  %-44s %8.0f bytes per return (%.0f MiB; budget ≤ %.0f bytes: %s)\n", "file size",
               per_return, (double) st.st_size / 1048576.0, BYTES_PER_RETURN_BUDGET,
               per_return <= BYTES_PER_RETURN_BUDGET ? "within" : "OVER");
    }

  figures = g_ptr_array_new_with_free_func (figure_free);
  run_figures (path, rand);
  if (server != NULL)
    compare_with_server (path, server, rand);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("  %-44s %8.0f MiB\n", "peak RSS", (double) usage.ru_maxrss / 1024.0);

  return 0;
}
