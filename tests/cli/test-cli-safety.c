/* test-cli-safety.c — the app, retour-cli and cron on one database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test plays what happens at a shop: the window open with its
 * background connections while a script runs retour-cli beside it, a
 * command killed half-way, a backup on read-only media, a path typed
 * wrong. The database is only ever touched through SQLite here too, except
 * where a test damages a file on purpose while nothing has it open.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retour-check.h"
#include "retour-cli-run.h"
#include "retour-database.h"
#include "retour-setting-store.h"

static char *tmp_dir;
static char *demo_db;   /* a demo shop of 300 returns, made once */

/* As root (CI), "a file the user cannot write" needs another user: the
 * commands then run as nobody. */
static gboolean
as_nobody (void)
{
  g_autofree char *setpriv = getuid () == 0 ? g_find_program_in_path ("setpriv") : NULL;

  return setpriv != NULL;
}

static void
run_cli_as_reader (Run        *run,
                   const char *first,
                   ...)
{
  va_list ap;

  va_start (ap, first);
  run_cli_argv (run, as_nobody (), first, ap);
  va_end (ap);
}

static char *
scratch_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
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

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static guint
file_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_mode & 0777;
}

static ino_t
file_inode (const char *path)
{
  GStatBuf info;

  if (g_stat (path, &info) != 0)
    return 0;
  return info.st_ino;
}

/* A copy of the demo shop, to spoil as a test likes. */
static char *
copy_demo (const char *name)
{
  g_autofree char *path = scratch_path (name);
  g_auto(Run) backup = { 0 };

  remove_database (path);
  run_cli (&backup, "backup", "--database", demo_db, path, NULL);
  g_assert_cmpint (backup.status, ==, 0);

  return g_steal_pointer (&path);
}

static gint64
count_returns (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) stats = { 0 };

  run_cli (&stats, "stats", "--json", "--database", path, NULL);
  g_assert_cmpint (stats.status, ==, 0);
  json_parser_load_from_data (parser, stats.out, -1, &error);
  g_assert_no_error (error);

  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "rmas");
}

static const char *
first_number (const char *path)
{
  static char number[32];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) search = { 0 };
  JsonArray *rows;

  /* The newest return that has a number: a small shop need not have one
   * waiting to be sent back right now. */
  run_cli (&search, "search", "--json", "--limit", "50", "--database", path, NULL);
  g_assert_cmpint (search.status, ==, 0);
  json_parser_load_from_data (parser, search.out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (json_object_has_member (row, "number") && !json_object_get_null_member (row, "number"))
        {
          g_strlcpy (number, json_object_get_string_member (row, "number"), sizeof number);
          return number;
        }
    }

  g_assert_not_reached ();
}

static void
assert_check_passes (const char *path)
{
  g_auto(Run) check = { 0 };

  run_cli (&check, "check", "--database", path, NULL);
  g_test_message ("%s", check.out);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "No problems found"));
}

/* -------------------------------------------------------------- tests */

/* The window keeps one connection and opens more for its background
 * jobs; a command run beside it must leave its WAL alone. Before, every
 * open read the file's header with a descriptor of its own, whose close
 * dropped the app's locks, and the CLI then deleted the WAL under it. */
static void
test_wal_kept_beside_app (void)
{
  g_autofree char *path = copy_demo ("beside-app.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *app_label = scratch_path ("app-label.pdf");
  g_autofree char *cli_label = scratch_path ("cli-label.pdf");
  g_autoptr(RetourDatabase) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) stats = { 0 };
  g_auto(Run) label = { 0 };
  g_autofree char *value = NULL;
  ino_t wal_inode, shm_inode;

  app = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (retour_setting_store_set (app, "shop-name", "Atelier Noord", &error));
  g_assert_no_error (error);

  /* Background jobs come and go. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RetourDatabase) job = retour_database_open_full (path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);

      g_assert_no_error (error);
    }

  wal_inode = file_inode (wal);
  shm_inode = file_inode (shm);
  g_assert_cmpuint (wal_inode, !=, 0);
  g_assert_cmpuint (shm_inode, !=, 0);

  run_cli (&stats, "stats", "--database", path, NULL);
  g_assert_cmpint (stats.status, ==, 0);

  /* The very files the app has open are still there. */
  g_assert_cmpuint (file_inode (wal), ==, wal_inode);
  g_assert_cmpuint (file_inode (shm), ==, shm_inode);

  /* Both go on writing and each sees the other's work. */
  g_assert_true (retour_setting_store_set (app, "shop-name", "Atelier Zuid", &error));
  g_assert_no_error (error);
  run_cli (&label, "label", first_number (path), "--output", cli_label, "--database", path, NULL);
  g_assert_cmpint (label.status, ==, 0);
  g_assert_true (retour_setting_store_set (app, "label-format", "a6", &error));
  g_assert_no_error (error);

  value = retour_setting_store_get (app, "shop-name", NULL, &error);
  g_assert_cmpstr (value, ==, "Atelier Zuid");
  g_clear_object (&app);

  assert_check_passes (path);
  remove_database (path);
}

/* Reading takes no write lock: while another program holds one (a sync,
 * a long save), stats, search, check, export and backup all work. */
static void
test_readers_beside_writer (void)
{
  g_autofree char *path = copy_demo ("beside-writer.db");
  g_autofree char *csv = scratch_path ("beside-writer.csv");
  g_autofree char *backup = scratch_path ("beside-writer-backup.db");
  g_autoptr(RetourDatabase) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char *number = first_number (path);
  g_auto(Run) stats = { 0 };
  g_auto(Run) search = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) copy = { 0 };

  writer = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (retour_database_begin (writer, &error));
  g_assert_true (retour_setting_store_set (writer, "shop-name", "Half-way", &error));
  g_assert_no_error (error);

  run_cli (&stats, "stats", "--database", path, NULL);
  g_assert_cmpint (stats.status, ==, 0);
  run_cli (&search, "search", "--database", path, number, NULL);
  g_assert_cmpint (search.status, ==, 0);
  g_assert_nonnull (strstr (search.out, "-"));
  run_cli (&check, "check", "--database", path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "No problems found"));
  run_cli (&export, "export", "stock", "--output", csv, "--database", path, NULL);
  g_assert_cmpint (export.status, ==, 0);
  run_cli (&copy, "backup", "--database", path, backup, NULL);
  g_assert_cmpint (copy.status, ==, 0);

  g_assert_true (retour_database_commit (writer, &error));
  g_assert_no_error (error);
  g_clear_object (&writer);

  /* The backup is of the last commit before it, not of the half-done work. */
  {
    g_autoptr(RetourDatabase) copied = retour_database_open_full (backup, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    name = retour_setting_store_get (copied, "shop-name", "", &error);
    g_assert_cmpstr (name, !=, "Half-way");
  }

  remove_database (path);
  remove_database (backup);
  g_unlink (csv);
}

/* A backup on read-only media, or a file the user may not write: the
 * reading commands work, and the file is not changed by a single byte. */
static void
test_read_only_file (void)
{
  g_autofree char *dir = scratch_path ("read-only");
  g_autofree char *path = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *csv = scratch_path ("read-only.csv");
  g_autofree char *digest = NULL;
  g_autofree char *after = NULL;
  g_autofree char *number = NULL;
  g_auto(Run) backup = { 0 };
  g_auto(Run) stats = { 0 };
  g_auto(Run) search = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) export = { 0 };
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  run_cli (&backup, "backup", "--database", demo_db, path, NULL);
  g_assert_cmpint (backup.status, ==, 0);
  number = g_strdup (first_number (path));

  digest = file_digest (path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (tmp_dir, 0755), ==, 0);

  run_cli_as_reader (&stats, "stats", "--database", path, NULL);
  g_assert_cmpint (stats.status, ==, 0);
  run_cli_as_reader (&search, "search", "--database", path, number, NULL);
  g_assert_cmpint (search.status, ==, 0);
  run_cli_as_reader (&check, "check", "--database", path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "No problems found"));
  run_cli (&export, "export", "stock", "--output", csv, "--database", path, NULL);
  g_assert_cmpint (export.status, ==, 0);

  after = file_digest (path);
  g_assert_cmpstr (after, ==, digest);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_cmpstr (name, ==, "shop.db");

  g_chmod (dir, 0700);
  g_chmod (path, 0600);
  remove_database (path);
  g_rmdir (dir);
  g_unlink (csv);
}

/* A path typed wrong is said to be wrong, and nothing is created there. */
static void
test_missing_database (void)
{
  g_autofree char *path = scratch_path ("typo/retuor.db");
  g_autofree char *out = scratch_path ("typo.out");
  const char *commands[][6] = {
    { "stats", NULL },
    { "check", NULL },
    { "search", "jansen", NULL },
    { "export", "stock", "--output", out, NULL },
    { "backup", out, NULL },
    { "label", "R26000128Y", "--output", out, NULL },
    { "sync", NULL },
    { "store", "list", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      int wait_status;

      g_ptr_array_add (args, (char *) g_getenv ("RETOUR_CLI"));
      for (guint j = 0; commands[i][j] != NULL; j++)
        g_ptr_array_add (args, (char *) commands[i][j]);
      g_ptr_array_add (args, (char *) "--database");
      g_ptr_array_add (args, path);
      g_ptr_array_add (args, NULL);

      g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                    NULL, &err, &wait_status, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", commands[i][0], err);
      g_assert_true (WIFEXITED (wait_status));
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
      g_assert_nonnull (strstr (err, "There is no database at"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
}

/* A demo killed at any moment leaves no database or a whole one, never a
 * shop that looks healthy and fails every authorization; the next demo
 * then completes. */
static void
test_killed_demo (void)
{
  g_autofree char *path = scratch_path ("killed-demo.db");
  const char *cli = g_getenv ("RETOUR_CLI");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint wholes = 0, absents = 0;

  for (guint i = 0; i < 8; i++)
    {
      const char *argv[] = { cli, "demo", "--rmas", "600", "--database", path, NULL };
      g_autoptr(GError) error = NULL;
      GPid pid;
      int wait_status;

      remove_database (path);
      g_spawn_async (NULL, (char **) argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 20, 900) * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, &wait_status, 0);
      g_spawn_close_pid (pid);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          absents++;
          continue;
        }
      wholes++;
      g_assert_cmpint (count_returns (path), ==, 600);
      assert_check_passes (path);
    }
  g_test_message ("killed demos: %u left nothing, %u finished", absents, wholes);

  /* No scratch files are left behind once the next demo has run. */
  remove_database (path);
  {
    g_auto(Run) demo = { 0 };
    g_autoptr(GDir) listing = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    run_cli (&demo, "demo", "--rmas", "100", "--database", path, NULL);
    g_assert_cmpint (demo.status, ==, 0);
    while ((name = g_dir_read_name (listing)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".retour-demo-"));
  }
  assert_check_passes (path);
  remove_database (path);
}

/* A number sequence behind the numbers in use (what a cut-short demo of
 * an older Retour left) is found by check. */
static void
test_check_finds_sequence_behind (void)
{
  g_autofree char *path = copy_demo ("sequence-behind.db");
  g_auto(Run) check = { 0 };
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "UPDATE sequence SET next_value = 1 WHERE name = 'rma-number'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  run_cli (&check, "check", "--database", path, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.out, "number sequence is behind"));

  remove_database (path);
}

/* Many programs opening a new database at once: exactly one creates the
 * schema, and every one of them gets a working database. */
static void
test_concurrent_first_open (void)
{
  g_autofree char *path = scratch_path ("first-open.db");
  enum { N_OPENERS = 24 };
  pid_t pids[N_OPENERS];
  guint failed = 0;

  remove_database (path);
  for (guint i = 0; i < N_OPENERS; i++)
    {
      pids[i] = fork ();
      g_assert_cmpint (pids[i], >=, 0);
      if (pids[i] == 0)
        {
          GError *open_error = NULL;
          RetourDatabase *db = retour_database_open (path, &open_error);

          if (db == NULL)
            g_printerr ("opener %u: %s\n", i, open_error->message);
          _exit (db != NULL && retour_database_get_schema_version (db) ==
                                 retour_database_get_latest_schema_version () ? 0 : 1);
        }
    }

  for (guint i = 0; i < N_OPENERS; i++)
    {
      int wait_status;

      waitpid (pids[i], &wait_status, 0);
      if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 0)
        failed++;
    }
  g_assert_cmpuint (failed, ==, 0);
  assert_check_passes (path);
  remove_database (path);
}

/* Restoring reads the backup and never writes it: it may be on read-only
 * media, and an older one stays as it was (the copy is updated). */
static void
test_restore_leaves_backup_alone (void)
{
  g_autofree char *backup = copy_demo ("restore-source.db");
  g_autofree char *target = scratch_path ("restore-target.db");
  g_autofree char *stale = g_strconcat (target, ".before-restore-1700000000.part", NULL);
  g_autofree char *digest = file_digest (backup);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (backup, "-wal", NULL);
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };

  remove_database (target);
  g_assert_cmpint (g_chmod (backup, 0444), ==, 0);

  run_cli (&first, "restore", "--database", target, backup, NULL);
  g_assert_cmpint (first.status, ==, 0);

  /* A half-written safety copy of an earlier, killed restore is cleared. */
  g_assert_true (g_file_set_contents (stale, "half", -1, NULL));
  run_cli (&second, "restore", "--database", target, backup, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (second.out, "previous contents"));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));

  after = file_digest (backup);
  g_assert_cmpstr (after, ==, digest);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_returns (target), ==, 300);
  assert_check_passes (target);

  g_chmod (backup, 0600);
  remove_database (backup);
  remove_database (target);
}

/* An older backup (schema 1) is restored and brought up to date; the file
 * itself stays schema 1. */
static void
test_restore_older_backup (void)
{
  const char *fixture = g_test_get_filename (G_TEST_DIST, "store", "fixtures", "schema-1.sql", NULL);
  g_autofree char *backup = scratch_path ("schema-1.db");
  g_autofree char *target = scratch_path ("from-schema-1.db");
  g_autofree char *sql = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) restore = { 0 };
  sqlite3 *handle = NULL;

  remove_database (backup);
  remove_database (target);
  g_file_get_contents (fixture, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (backup, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  digest = file_digest (backup);

  run_cli (&restore, "restore", "--database", target, backup, NULL);
  g_assert_cmpint (restore.status, ==, 0);

  after = file_digest (backup);
  g_assert_cmpstr (after, ==, digest);
  {
    g_autoptr(RetourDatabase) db = retour_database_open_full (target, RETOUR_DATABASE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_cmpint (retour_database_get_schema_version (db), ==, retour_database_get_latest_schema_version ());
  }

  remove_database (backup);
  remove_database (target);
}

/* Names, addresses and phone numbers are for the shop's eyes only. */
static void
test_private_files (void)
{
  g_autofree char *dir = scratch_path ("private/shop");
  g_autofree char *path = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backup = scratch_path ("private-backup.db");
  g_autofree char *csv = scratch_path ("private.csv");
  g_autofree char *pdf = scratch_path ("private.pdf");
  g_autoptr(RetourDatabase) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) demo = { 0 };
  g_auto(Run) copy = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) label = { 0 };
  mode_t saved = umask (022);

  run_cli (&demo, "demo", "--rmas", "100", "--database", path, NULL);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);

  app = retour_database_open_full (path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (retour_setting_store_set (app, "shop-name", "Private", &error));
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  run_cli (&copy, "backup", "--database", path, backup, NULL);
  g_assert_cmpint (copy.status, ==, 0);
  g_assert_cmpuint (file_mode (backup), ==, 0600);
  run_cli (&export, "export", "stock", "--output", csv, "--database", path, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpuint (file_mode (csv), ==, 0600);
  run_cli (&label, "label", first_number (path), "--output", pdf, "--database", path, NULL);
  g_assert_cmpint (label.status, ==, 0);
  g_assert_cmpuint (file_mode (pdf), ==, 0600);

  umask (saved);
  g_clear_object (&app);
  remove_database (path);
  remove_database (backup);
  g_unlink (csv);
  g_unlink (pdf);
}

/* The backup API copies damaged pages as they are: such a copy is refused
 * rather than kept as a backup that would fail on the day it is needed. */
static void
test_backup_refuses_damaged (void)
{
  g_autofree char *path = copy_demo ("damaged.db");
  g_autofree char *out = scratch_path ("damaged-backup.db");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) backup = { 0 };
  gsize length;

  /* Spoil a page in the middle of the file (nothing has it open). */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  for (gsize i = length / 2; i < length / 2 + 4096 && i < length; i++)
    contents[i] = (char) (i * 37);
  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);

  run_cli (&backup, "backup", "--database", path, out, NULL);
  g_assert_cmpint (backup.status, ==, 1);
  g_assert_nonnull (strstr (backup.err, "damaged"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  remove_database (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) demo = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("retour-cli-safety-XXXXXX", &error);
  g_assert_no_error (error);
  demo_db = g_build_filename (tmp_dir, "demo.db", NULL);
  run_cli (&demo, "demo", "--rmas", "300", "--database", demo_db, NULL);
  g_assert_cmpint (demo.status, ==, 0);

  g_test_add_func ("/cli/safety/wal-kept-beside-app", test_wal_kept_beside_app);
  g_test_add_func ("/cli/safety/readers-beside-writer", test_readers_beside_writer);
  g_test_add_func ("/cli/safety/read-only-file", test_read_only_file);
  g_test_add_func ("/cli/safety/missing-database", test_missing_database);
  g_test_add_func ("/cli/safety/killed-demo", test_killed_demo);
  g_test_add_func ("/cli/safety/check-finds-sequence-behind", test_check_finds_sequence_behind);
  g_test_add_func ("/cli/safety/concurrent-first-open", test_concurrent_first_open);
  g_test_add_func ("/cli/safety/restore-leaves-backup-alone", test_restore_leaves_backup_alone);
  g_test_add_func ("/cli/safety/restore-older-backup", test_restore_older_backup);
  g_test_add_func ("/cli/safety/private-files", test_private_files);
  g_test_add_func ("/cli/safety/backup-refuses-damaged", test_backup_refuses_damaged);

  status = g_test_run ();

  remove_database (demo_db);
  g_rmdir (tmp_dir);
  g_free (demo_db);
  g_free (tmp_dir);

  return status;
}
