/* retour-harness.c — kills and neighbours: is anything ever lost?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   retour-harness [--iterations N] [--seconds S] [--short] [--scenario NAME]
 *
 * Runs the programs that write a shop's database — retour-cli demo, sync
 * (against the storefront emulator), restore, and a scripted app session
 * — and kills each with SIGKILL at a random moment. After every kill it
 * checks the file with SQLite's integrity_check and `retour-cli check`,
 * that everything committed before the kill is still there and whole, and
 * that the next run completes exactly. Then it runs the app's connection
 * pattern (one writing connection, read-only ones coming and going for
 * background jobs) beside every retour-cli command for a while, watching
 * that no WAL or SHM file is deleted under the app and that nobody is
 * locked out for longer than the busy timeout.
 *
 * One line per scenario: iterations, kills, corrupt, failed checks, lost
 * commits. Exits 1 when any of those (but iterations and kills) is not 0.
 * Not part of the fast suite but for `--short`; the full run takes about
 * half an hour on two cores.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retour-database.h"
#include "retour-emulator.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"

/* The store's busy timeout, and what a command may take beyond it before
 * it counts as locked out. */
#define BUSY_TIMEOUT_US   (3 * G_USEC_PER_SEC)
#define LOCKED_OUT_US     (BUSY_TIMEOUT_US + 2 * G_USEC_PER_SEC)

typedef struct
{
  const char *name;
  guint       iterations;
  guint       kills;
  guint       corrupt;
  guint       failed_checks;
  guint       lost;
  guint       locked_out;   /* side by side only */
  guint       deleted;      /* side by side only: WAL or SHM deleted under the app */
} Tally;

static char    *work_dir;
static char    *cli_path;
static char    *emulator_path;
static char    *self_path;
static GRand   *rand_source;
static gboolean verbose;

/* ------------------------------------------------------------ helpers */

static char *
work_file (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/* Copies a closed database file (a template) over @to. */
static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  remove_database (to);
  if (!g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("Cannot copy %s: %s", from, error->message);
}

/* Runs retour-cli to the end; returns its exit status (-1: killed). */
static int
run_cli (char      **out,
         char      **err,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;
  va_list ap;

  g_ptr_array_add (args, cli_path);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL,
                     (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0) |
                     (err == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                     NULL, NULL, out, err, &wait_status, &error))
    g_error ("Cannot run %s: %s", cli_path, error->message);

  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Starts @argv and SIGKILLs it after @delay_us, unless it ended before.
 * Returns TRUE when it was killed. */
static gboolean
run_and_kill (const char * const *argv,
              gint64              delay_us,
              int                *out_stdout)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + delay_us;
  GPid pid;
  int wait_status;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL |
                                 (out_stdout == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0),
                                 NULL, NULL, &pid, NULL, out_stdout, NULL, &error))
    g_error ("Cannot run %s: %s", argv[0], error->message);

  while (g_get_monotonic_time () < deadline)
    {
      if (waitpid (pid, &wait_status, WNOHANG) == pid)
        {
          g_spawn_close_pid (pid);
          return FALSE;
        }
      g_usleep (2000);
    }

  kill (pid, SIGKILL);
  waitpid (pid, &wait_status, 0);
  g_spawn_close_pid (pid);

  return TRUE;
}

static gint64
random_delay (gint64 full_us)
{
  /* Up to a little past a whole run, so some runs finish unkilled. */
  return g_rand_int_range (rand_source, 0, (gint32) MIN (full_us * 11 / 10, G_MAXINT32));
}

/* SQLite's own view of the file, read-only. */
static gboolean
integrity_ok (const char *path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
       sqlite3_busy_timeout (handle, 5000) == SQLITE_OK &&
       sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return ok;
}

static gboolean
check_ok (const char *path)
{
  g_autofree char *out = NULL;
  int status = run_cli (&out, NULL, "check", "--database", path, NULL);

  if (status != 0 && verbose)
    g_printerr ("check of %s: %s\n", path, out);

  return status == 0;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_busy_timeout (handle, 5000) == SQLITE_OK &&
      sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return value;
}

/* The integrity of the file and Retour's own check, after a kill. */
static void
verify (Tally      *tally,
        const char *path)
{
  if (!integrity_ok (path))
    tally->corrupt++;
  else if (!check_ok (path))
    tally->failed_checks++;
}

static void
report (const Tally *tally)
{
  g_print ("%-13s iterations %5u, kills %5u, corrupt %u, failed checks %u, lost commits %u",
           tally->name, tally->iterations, tally->kills, tally->corrupt, tally->failed_checks, tally->lost);
  if (g_str_equal (tally->name, "side-by-side"))
    g_print (", locked out %u, WAL/SHM deleted %u", tally->locked_out, tally->deleted);
  g_print ("\n");
}

static gboolean
tally_clean (const Tally *tally)
{
  return tally->corrupt == 0 && tally->failed_checks == 0 && tally->lost == 0 &&
         tally->locked_out == 0 && tally->deleted == 0;
}

static gint64
time_run (const char * const *argv)
{
  gint64 start = g_get_monotonic_time ();

  run_and_kill (argv, G_MAXINT32, NULL);
  return g_get_monotonic_time () - start;
}

/* --------------------------------------------------------------- demo */

/* A demo is all or nothing: after a kill there is no database, or one
 * with every return. */
static void
scenario_demo (Tally *tally)
{
  g_autofree char *path = work_file ("demo.db");
  const char * const argv[] = { cli_path, "demo", "--rmas", "400", "--database", path, NULL };
  gint64 full_us;

  remove_database (path);
  full_us = time_run (argv);

  for (guint i = 0; i < tally->iterations; i++)
    {
      remove_database (path);
      if (run_and_kill (argv, random_delay (full_us), NULL))
        tally->kills++;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          verify (tally, path);
          if (query_int (path, "SELECT count (*) FROM rma") != 400)
            tally->lost++;
        }

      /* A kill that left nothing is followed by a run that completes. */
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          if (run_cli (NULL, NULL, "demo", "--rmas", "400", "--database", path, NULL) != 0)
            tally->failed_checks++;
          else if (query_int (path, "SELECT count (*) FROM rma") != 400)
            tally->lost++;
        }
    }

  remove_database (path);
}

/* --------------------------------------------------------------- sync */

/* Every order a killed sync committed is whole: the same lines and totals
 * as in a sync that ran to the end. */
static const char orders_sql[] =
  "SELECT count (*) FROM \"order\" o WHERE o.store_id IS NOT NULL";

static guint
count_orders_unlike_reference (const char *path,
                               const char *reference)
{
  g_autofree char *attach = g_strdup_printf ("ATTACH DATABASE 'file:%s?mode=ro' AS ref", reference);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 unlike = -1;

  /* Orders by their storefront id; each with its lines' count and sums. */
  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
      sqlite3_busy_timeout (handle, 5000) == SQLITE_OK &&
      sqlite3_exec (handle, attach, NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (handle,
                          "WITH mine AS (SELECT o.external_id AS id, o.total_minor AS total, o.number AS number, "
                          "                (SELECT count (*) FROM main.order_line l WHERE l.order_id = o.id) AS n, "
                          "                (SELECT coalesce (sum (l.total_minor), 0) FROM main.order_line l WHERE l.order_id = o.id) AS s "
                          "              FROM main.\"order\" o WHERE o.store_id IS NOT NULL), "
                          "     theirs AS (SELECT o.external_id AS id, o.total_minor AS total, o.number AS number, "
                          "                (SELECT count (*) FROM ref.order_line l WHERE l.order_id = o.id) AS n, "
                          "                (SELECT coalesce (sum (l.total_minor), 0) FROM ref.order_line l WHERE l.order_id = o.id) AS s "
                          "              FROM ref.\"order\" o WHERE o.store_id IS NOT NULL) "
                          "SELECT count (*) FROM mine LEFT JOIN theirs USING (id) "
                          "WHERE theirs.id IS NULL OR mine.total IS NOT theirs.total OR mine.n IS NOT theirs.n "
                          "   OR mine.s IS NOT theirs.s OR mine.number IS NOT theirs.number",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    unlike = sqlite3_column_int64 (stmt, 0);
  else if (verbose)
    g_printerr ("compare: %s\n", sqlite3_errmsg (handle));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return unlike < 0 ? G_MAXUINT : (guint) unlike;
}

typedef struct
{
  GPid  pid;
  char *url;
  char *credentials;
} Emulator;

static void
emulator_start (Emulator   *emulator,
                const char *orders)
{
  const char * const argv[] = { emulator_path, "--platform", "woo", "--orders", orders, "--seed", "5", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  int out;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &emulator->pid, NULL, &out, NULL, &error))
    g_error ("Cannot start %s: %s", emulator_path, error->message);

  channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &line, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
    g_error ("The emulator said nothing: %s", error != NULL ? error->message : "");
  emulator->url = g_strdup (g_strstrip (line));

  emulator->credentials = work_file ("credentials.json");
  if (!g_file_set_contents_full (emulator->credentials,
                                 "{\"consumer_key\": \"" RETOUR_EMULATOR_WOO_KEY "\", \"consumer_secret\": \"" RETOUR_EMULATOR_WOO_SECRET "\"}",
                                 -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_error ("%s", error->message);
}

static void
emulator_stop (Emulator *emulator)
{
  kill (emulator->pid, SIGTERM);
  waitpid (emulator->pid, NULL, 0);
  g_spawn_close_pid (emulator->pid);
  g_clear_pointer (&emulator->url, g_free);
  g_clear_pointer (&emulator->credentials, g_free);
}

/* An empty shop with the emulator as its store. */
static void
make_store_template (const char *path,
                     Emulator   *emulator)
{
  remove_database (path);
  if (run_cli (NULL, NULL, "demo", "--rmas", "0", "--database", path, NULL) != 0 ||
      run_cli (NULL, NULL, "store", "add", "--platform", "woocommerce", "--name", "Emulator",
               "--url", emulator->url, "--credentials", emulator->credentials, "--database", path, NULL) != 0)
    g_error ("Cannot set up a store in %s", path);
}

static void
scenario_sync (Tally *tally)
{
  g_autofree char *template = work_file ("sync-template.db");
  g_autofree char *reference = work_file ("sync-reference.db");
  g_autofree char *path = work_file ("sync.db");
  Emulator emulator = { 0 };
  gint64 full_us;

  emulator_start (&emulator, "400");
  make_store_template (template, &emulator);

  copy_file (template, reference);
  {
    const char * const argv[] = { cli_path, "sync", "--credentials", emulator.credentials,
                                  "--database", reference, NULL };

    full_us = time_run (argv);
  }
  if (query_int (reference, orders_sql) != 400)
    g_error ("The reference sync did not get every order");

  for (guint i = 0; i < tally->iterations; i++)
    {
      const char * const argv[] = { cli_path, "sync", "--credentials", emulator.credentials,
                                    "--database", path, NULL };
      gint64 before;

      /* Half the runs start empty, half go on from a killed one. */
      if (i % 2 == 0)
        copy_file (template, path);
      before = query_int (path, orders_sql);

      if (run_and_kill (argv, random_delay (full_us), NULL))
        tally->kills++;

      verify (tally, path);
      /* What was there before is still there, and every order is whole. */
      if (query_int (path, orders_sql) < before || count_orders_unlike_reference (path, reference) != 0)
        tally->lost++;

      /* The next run completes exactly. */
      if (i % 2 == 1)
        {
          if (run_cli (NULL, NULL, "sync", "--credentials", emulator.credentials, "--database", path, NULL) != 0)
            tally->failed_checks++;
          else if (query_int (path, orders_sql) != 400 || count_orders_unlike_reference (path, reference) != 0)
            tally->lost++;
        }
    }

  emulator_stop (&emulator);
  remove_database (template);
  remove_database (reference);
  remove_database (path);
}

/* ------------------------------------------------------------ restore */

/* A killed restore leaves the database as it was or as the backup is. */
static void
scenario_restore (Tally *tally)
{
  g_autofree char *path = work_file ("restore.db");
  g_autofree char *big = work_file ("restore-big.db");
  g_autofree char *small = work_file ("restore-small.db");
  gint64 full_us;

  remove_database (path);
  remove_database (big);
  remove_database (small);
  if (run_cli (NULL, NULL, "demo", "--rmas", "600", "--database", big, NULL) != 0 ||
      run_cli (NULL, NULL, "demo", "--rmas", "150", "--seed", "2", "--database", small, NULL) != 0)
    g_error ("Cannot make the backups to restore");
  copy_file (big, path);

  {
    const char * const argv[] = { cli_path, "restore", "--database", path, small, NULL };

    full_us = time_run (argv);
  }

  for (guint i = 0; i < tally->iterations; i++)
    {
      gint64 before = query_int (path, "SELECT count (*) FROM rma");
      const char *source = before == 600 ? small : big;
      gint64 wanted = before == 600 ? 150 : 600;
      const char * const argv[] = { cli_path, "restore", "--database", path, source, NULL };
      gint64 after;

      if (run_and_kill (argv, random_delay (full_us), NULL))
        tally->kills++;

      verify (tally, path);
      after = query_int (path, "SELECT count (*) FROM rma");
      if (after != before && after != wanted)
        tally->lost++;

      /* Keep the folder from filling with safety copies. */
      {
        g_autoptr(GDir) listing = g_dir_open (work_dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (listing)) != NULL)
          if (g_str_has_prefix (name, "restore.db.before-restore-") && !g_str_has_suffix (name, ".part"))
            {
              g_autofree char *file = work_file (name);

              g_unlink (file);
            }
      }
    }

  remove_database (path);
  remove_database (big);
  remove_database (small);
}

/* --------------------------------------------------------- app session */

/* The child: staff at the desk adding notes to returns, one transaction
 * each, saying each one on standard output once it is committed. */
static int
child_session (const char *path)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_rmas;

  db = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  n_rmas = query_int (path, "SELECT max (id) FROM rma");
  for (guint64 k = 0; ; k++)
    {
      g_autofree char *note = g_strdup_printf ("harness note %d-%" G_GUINT64_FORMAT, (int) getpid (), k);
      gint64 rma_id = 1 + (gint64) (k * 7919 % (guint64) n_rmas);

      if (!retour_rma_store_add_note (db, rma_id, "harness", note, g_get_real_time (), &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%s\n", note);
      fflush (stdout);
      /* Staff type; a few hundred notes a second is plenty. */
      g_usleep (2000);
    }
}

static void
scenario_session (Tally *tally)
{
  g_autofree char *path = work_file ("session.db");

  remove_database (path);
  if (run_cli (NULL, NULL, "demo", "--rmas", "200", "--database", path, NULL) != 0)
    g_error ("Cannot make the shop for the session");

  for (guint i = 0; i < tally->iterations; i++)
    {
      const char * const argv[] = { self_path, "--child-session", path, NULL };

      g_autoptr(GIOChannel) channel = NULL;
      g_autoptr(GPtrArray) said = g_ptr_array_new_with_free_func (g_free);
      char *line = NULL;
      int out;

      /* A fresh shop now and then, so that checking it stays quick. */
      if (i > 0 && i % 100 == 0)
        {
          remove_database (path);
          if (run_cli (NULL, NULL, "demo", "--rmas", "200", "--database", path, NULL) != 0)
            g_error ("Cannot make the shop for the session");
        }

      if (run_and_kill (argv, g_rand_int_range (rand_source, 5000, 400000), &out))
        tally->kills++;

      /* What the child said it committed, it wrote before it was killed. */
      channel = g_io_channel_unix_new (out);
      g_io_channel_set_close_on_unref (channel, TRUE);
      while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
        g_ptr_array_add (said, g_strstrip (line));

      verify (tally, path);

      {
        sqlite3 *handle = NULL;
        sqlite3_stmt *stmt = NULL;

        g_assert (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
        sqlite3_busy_timeout (handle, 5000);
        g_assert (sqlite3_prepare_v2 (handle, "SELECT EXISTS (SELECT 1 FROM rma_event WHERE kind = 'note' AND detail = ?)",
                                      -1, &stmt, NULL) == SQLITE_OK);
        for (guint j = 0; j < said->len; j++)
          {
            sqlite3_bind_text (stmt, 1, g_ptr_array_index (said, j), -1, SQLITE_STATIC);
            if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 1)
              tally->lost++;
            sqlite3_reset (stmt);
          }
        sqlite3_finalize (stmt);
        sqlite3_close (handle);
      }
    }

  remove_database (path);
}

/* -------------------------------------------------------- side by side */

/* Whether a -wal or -shm of @path is open in this process but deleted. */
static gboolean
lost_wal_or_shm (const char *path)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (fds != NULL && (name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, path) && g_str_has_suffix (target, " (deleted)"))
        return TRUE;
    }

  return FALSE;
}

/* The child: the app's connections — one that writes now and then, and
 * read-only ones for background jobs that come and go. Exits 3 when its
 * WAL or SHM was deleted under it, 4 when a write was locked out. */
static int
child_app (const char *path,
           double      seconds)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint locked = 0;

  db = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint k = 0; g_get_monotonic_time () < end; k++)
    {
      g_autofree char *note = g_strdup_printf ("beside %u", k);
      g_autoptr(RetourDatabase) job = NULL;
      guint64 counts[RETOUR_RMA_N_STATUSES];

      if (!retour_rma_store_add_note (db, 1 + k % 50, "app", note, g_get_real_time (), &error))
        {
          g_printerr ("app write: %s\n", error->message);
          g_clear_error (&error);
          locked++;
        }

      job = retour_database_open_full (path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
      if (job == NULL || !retour_rma_store_count_by_status (job, counts, &error))
        {
          g_printerr ("app job: %s\n", error->message);
          g_clear_error (&error);
          locked++;
        }
      g_clear_object (&job);

      if (lost_wal_or_shm (path))
        {
          g_printerr ("app: the WAL or SHM was deleted under it\n");
          return 3;
        }

      g_usleep (50 * 1000);
    }

  return locked > 0 ? 4 : 0;
}

static void
scenario_side_by_side (Tally  *tally,
                       double  seconds)
{
  g_autofree char *path = work_file ("beside.db");
  g_autofree char *csv = work_file ("beside.csv");
  g_autofree char *backup = work_file ("beside-backup.db");
  g_autofree char *pdf = work_file ("beside.pdf");
  g_autofree char *seconds_text = g_strdup_printf ("%.1f", seconds);
  g_autofree char *number = NULL;
  const char * const argv[] = { self_path, "--child-app", path, "--seconds", seconds_text, NULL };
  g_autoptr(GError) error = NULL;
  Emulator emulator = { 0 };
  GPid app;
  int wait_status;
  gint64 end;

  emulator_start (&emulator, "300");
  {
    /* A shop with returns to label, and the store to sync. */
    g_autofree char *demo = work_file ("beside-demo.db");
    g_autofree char *out = NULL;
    JsonParser *parser = json_parser_new ();

    remove_database (demo);
    if (run_cli (NULL, NULL, "demo", "--rmas", "300", "--database", demo, NULL) != 0 ||
        run_cli (NULL, NULL, "restore", "--database", path, demo, NULL) != 0 ||
        run_cli (NULL, NULL, "store", "add", "--platform", "woocommerce", "--name", "Emulator",
                 "--url", emulator.url, "--credentials", emulator.credentials, "--database", path, NULL) != 0 ||
        run_cli (&out, NULL, "search", "--json", "--status", "authorized", "--limit", "1", "--database", path, NULL) != 0 ||
        !json_parser_load_from_data (parser, out, -1, NULL))
      g_error ("Cannot set up the shop beside the app");
    number = g_strdup (json_object_get_string_member (json_array_get_object_element (
      json_node_get_array (json_parser_get_root (parser)), 0), "number"));
    g_object_unref (parser);
    remove_database (demo);
  }

  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &app, &error))
    g_error ("%s", error->message);

  end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC) - 500000;
  for (guint k = 0; g_get_monotonic_time () < end; k++)
    {
      g_autofree char *err = NULL;
      gint64 start = g_get_monotonic_time ();
      int status;

      switch (k % 7)
        {
        case 0: status = run_cli (NULL, &err, "stats", "--database", path, NULL); break;
        case 1: status = run_cli (NULL, &err, "search", "--database", path, "jansen", NULL); break;
        case 2: status = run_cli (NULL, &err, "check", "--database", path, NULL); break;
        case 3: status = run_cli (NULL, &err, "export", "stock", "--output", csv, "--database", path, NULL); break;
        case 4: status = run_cli (NULL, &err, "backup", "--database", path, backup, NULL); break;
        case 5: status = run_cli (NULL, &err, "sync", "--credentials", emulator.credentials, "--database", path, NULL); break;
        default: status = run_cli (NULL, &err, "label", number, "--output", pdf, "--database", path, NULL); break;
        }
      tally->iterations++;

      if (status != 0)
        {
          if (verbose)
            g_printerr ("command %u: %s", k % 7, err);
          tally->failed_checks++;
        }
      if (g_get_monotonic_time () - start > LOCKED_OUT_US)
        tally->locked_out++;
    }

  waitpid (app, &wait_status, 0);
  g_spawn_close_pid (app);
  if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) == 3)
    tally->deleted++;
  else if (WEXITSTATUS (wait_status) == 4)
    tally->locked_out++;
  else if (WEXITSTATUS (wait_status) != 0)
    tally->failed_checks++;

  verify (tally, path);

  emulator_stop (&emulator);
  remove_database (path);
  remove_database (backup);
  g_unlink (csv);
  g_unlink (pdf);
}

/* ---------------------------------------------------------------- main */

int
main (int   argc,
      char *argv[])
{
  gint iterations = 1000;
  double seconds = 180;
  gboolean is_short = FALSE;
  gint64 seed = 0;
  g_autofree char *scenario = NULL;
  g_autofree char *child_session_db = NULL;
  g_autofree char *child_app_db = NULL;
  GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Kills per scenario (default 1000)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "How long the side-by-side run lasts (default 180)", "S" },
    { "short", 0, 0, G_OPTION_ARG_NONE, &is_short, "A few iterations, for the test suite", NULL },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Only demo, sync, restore, session or side-by-side", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the kill times (default: the time)", "SEED" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Say what failed", NULL },
    { "child-session", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &child_session_db, NULL, NULL },
    { "child-app", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &child_app_db, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Tally tallies[] = {
    { .name = "demo" }, { .name = "sync" }, { .name = "restore" }, { .name = "session" }, { .name = "side-by-side" },
  };
  gboolean clean = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("retour-harness: %s\n", error->message);
      return 2;
    }

  if (child_session_db != NULL)
    return child_session (child_session_db);
  if (child_app_db != NULL)
    return child_app (child_app_db, seconds);

  if (is_short)
    {
      iterations = 6;
      seconds = 6;
    }

  cli_path = g_strdup (g_getenv ("RETOUR_CLI") != NULL ? g_getenv ("RETOUR_CLI") : RETOUR_CLI_PATH);
  emulator_path = g_strdup (g_getenv ("RETOUR_EMULATOR") != NULL ? g_getenv ("RETOUR_EMULATOR") : RETOUR_EMULATOR_PATH);
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  rand_source = g_rand_new_with_seed ((guint32) (seed != 0 ? seed : g_get_real_time ()));
  work_dir = g_dir_make_tmp ("retour-harness-XXXXXX", &error);
  if (work_dir == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (tallies); i++)
    {
      Tally *tally = &tallies[i];

      if (scenario != NULL && !g_str_equal (scenario, tally->name))
        continue;

      tally->iterations = (guint) iterations;
      if (g_str_equal (tally->name, "demo"))
        scenario_demo (tally);
      else if (g_str_equal (tally->name, "sync"))
        scenario_sync (tally);
      else if (g_str_equal (tally->name, "restore"))
        scenario_restore (tally);
      else if (g_str_equal (tally->name, "session"))
        scenario_session (tally);
      else
        {
          tally->iterations = 0;
          scenario_side_by_side (tally, seconds);
        }

      report (tally);
      clean = clean && tally_clean (tally);
    }

  /* What kills left behind (credentials, half-written safety copies). */
  {
    g_autoptr(GDir) listing = g_dir_open (work_dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = work_file (name);

        g_unlink (path);
      }
    g_rmdir (work_dir);
  }

  return clean ? 0 : 1;
}
