/* retour-test-db.c — scratch databases for the store, sync and labels tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "retour-database-private.h"
#include "retour-test-db.h"

/* The name of the database made on the server, kept in the test's
 * directory so that removing the directory drops it too. */
#define SERVER_DB_FILE "server-database"

gboolean
retour_test_db_is_shared (void)
{
  return g_strcmp0 (g_getenv ("RETOUR_TEST_BACKEND"), "postgres") == 0;
}

void
retour_test_db_exec_on_cluster (const char *sql)
{
  const char *conninfo = g_getenv ("RETOUR_TEST_POSTGRES");
  PGconn *pg;
  PGresult *result;

  g_assert_nonnull (conninfo);
  pg = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  result = PQexec (pg, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (pg);
}

char *
retour_test_db_create_on_cluster (const char *prefix)
{
  char *name = g_strdup_printf ("%s_%08x%08x", prefix, g_random_int (), g_random_int ());
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);

  retour_test_db_exec_on_cluster (create);
  return name;
}

void
retour_test_db_drop_on_cluster (const char *name)
{
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);

  retour_test_db_exec_on_cluster (drop);
}

/* A new, empty database on the test cluster, and its conninfo. */
static char *
new_server_database (const char *dir)
{
  g_autofree char *name = NULL;
  g_autofree char *marker = g_build_filename (dir, SERVER_DB_FILE, NULL);
  g_autoptr(GError) error = NULL;

  if (g_getenv ("RETOUR_TEST_POSTGRES") == NULL)
    g_error ("RETOUR_TEST_BACKEND=postgres needs RETOUR_TEST_POSTGRES; run the tests with build-aux/test");

  name = retour_test_db_create_on_cluster ("retour_t");
  g_file_set_contents (marker, name, -1, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("%s dbname=%s", g_getenv ("RETOUR_TEST_POSTGRES"), name);
}

/* Opens shop.db in a new directory made from @dir_template (as
 * g_dir_make_tmp() takes it); the directory goes to @dir and, unless
 * @path is NULL, the file's path to @path. With RETOUR_TEST_BACKEND set
 * to postgres, the shop is a new database on the test cluster instead,
 * and @path its connection string: the same tests run on both. */
RetourDatabase *
retour_test_db_new (const char  *dir_template,
                    char       **dir,
                    char       **path)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  *dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  if (retour_test_db_is_shared ())
    file = new_server_database (*dir);
  else
    file = g_build_filename (*dir, "shop.db", NULL);
  db = retour_database_open (file, &error);
  g_assert_no_error (error);

  if (path != NULL)
    *path = g_steal_pointer (&file);

  return g_steal_pointer (&db);
}

/* The database must be closed first: the directory goes with its files
 * (the journal and WAL files beside the database too). */
void
retour_test_db_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *marker = g_build_filename (dir, SERVER_DB_FILE, NULL);
  g_autofree char *server_db = NULL;
  const char *name;

  if (g_file_get_contents (marker, &server_db, NULL, NULL))
    retour_test_db_drop_on_cluster (server_db);

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The first column of the one row @sql gives; @arg is bound to ?1 when
 * the statement has a parameter. */
gint64
retour_test_db_query_int (RetourDatabase *db,
                          const char     *sql,
                          gint64          arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, &error);
  gboolean has_row = FALSE;

  g_assert_no_error (error);
  if (strchr (sql, '?') != NULL)
    retour_stmt_bind_int64 (stmt, 1, arg);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);

  return retour_stmt_column_int64 (stmt, 0);
}

/* retour-check finds nothing wrong; what it finds goes to the test log. */
void
retour_test_db_assert_ok (RetourDatabase   *db,
                          RetourCheckFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourCheckReport) report = retour_check_database (db, flags, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->n_problems, ==, 0);
}
