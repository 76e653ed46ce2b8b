/* retour-test-db.h — scratch databases for the store, sync and labels tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test gets a new database in a directory of its own below the
 * system's temporary directory, and removes both when it is done.
 */
#pragma once

#include <glib.h>

#include "retour-check.h"
#include "retour-database.h"

G_BEGIN_DECLS

RetourDatabase *retour_test_db_new        (const char     *dir_template,
                                           char          **dir,
                                           char          **path);
void            retour_test_db_remove_dir (const char     *dir);
/* The test cluster (RETOUR_TEST_POSTGRES, from build-aux/test): runs @sql
 * as its superuser on the maintenance database; makes a new empty
 * database named from @prefix and returns its name; drops one. */
void            retour_test_db_exec_on_cluster   (const char *sql);
char           *retour_test_db_create_on_cluster (const char *prefix);
void            retour_test_db_drop_on_cluster   (const char *name);

/* Whether the tests run on the shared backend (RETOUR_TEST_BACKEND). */
gboolean        retour_test_db_is_shared  (void);

/* For a test of what only a file has (locks, WAL, PRAGMAs, backups). */
#define RETOUR_TEST_FILE_ONLY() \
  G_STMT_START { \
    if (retour_test_db_is_shared ()) \
      { \
        g_test_skip ("about a database file, not a server"); \
        return; \
      } \
  } G_STMT_END
gint64          retour_test_db_query_int  (RetourDatabase *db,
                                           const char     *sql,
                                           gint64          arg);
void            retour_test_db_assert_ok  (RetourDatabase   *db,
                                           RetourCheckFlags  flags);

G_END_DECLS
