/* retour-test-db.c — scratch databases for the store, sync and labels tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "retour-database-private.h"
#include "retour-test-db.h"

/* Opens shop.db in a new directory made from @dir_template (as
 * g_dir_make_tmp() takes it); the directory goes to @dir and, unless
 * @path is NULL, the file's path to @path. */
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
  const char *name;

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
