/* retour-sql-sqlite.c — the embedded backend: one SQLite file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection is a sqlite3 handle, a statement a sqlite3_stmt; this
 * file only translates. Opening, WAL and migrations stay in
 * retour-database.c, which knows the file.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include "retour-database-private.h"
#include "retour-sql-backend.h"

static gpointer
lite_prepare (gpointer     conn,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Persistent: the store keeps its statements for the connection's life. */
  rc = sqlite3_prepare_v3 (conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      retour_store_set_error (error, conn, rc);
      return NULL;
    }

  return stmt;
}

static void
lite_finalize (gpointer handle)
{
  sqlite3_finalize (handle);
}

static void
lite_reset (gpointer handle)
{
  sqlite3_reset (handle);
  sqlite3_clear_bindings (handle);
}

static void
lite_bind_null (gpointer handle,
                int      index)
{
  sqlite3_bind_null (handle, index);
}

static void
lite_bind_int64 (gpointer handle,
                 int      index,
                 gint64   value)
{
  sqlite3_bind_int64 (handle, index, value);
}

static void
lite_bind_text (gpointer    handle,
                int         index,
                const char *text,
                gboolean    copy)
{
  sqlite3_bind_text (handle, index, text, -1, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static void
lite_bind_blob (gpointer      handle,
                int           index,
                gconstpointer data,
                gsize         size)
{
  /* A zero-length blob is a blob, not a NULL: SQLite needs an address. */
  sqlite3_bind_blob64 (handle, index, data != NULL ? data : "", size, SQLITE_STATIC);
}

static RetourSqlStep
lite_step (gpointer   handle,
           GError   **error)
{
  int rc = sqlite3_step (handle);

  if (rc == SQLITE_ROW)
    return RETOUR_SQL_STEP_ROW;
  if (rc == SQLITE_DONE)
    return RETOUR_SQL_STEP_DONE;

  retour_store_set_error (error, sqlite3_db_handle (handle), rc);
  return RETOUR_SQL_STEP_ERROR;
}

static gboolean
lite_column_is_null (gpointer handle,
                     int      column)
{
  return sqlite3_column_type (handle, column) == SQLITE_NULL;
}

static gint64
lite_column_int64 (gpointer handle,
                   int      column)
{
  return sqlite3_column_int64 (handle, column);
}

static const char *
lite_column_text (gpointer handle,
                  int      column)
{
  return (const char *) sqlite3_column_text (handle, column);
}

static gconstpointer
lite_column_blob (gpointer  handle,
                  int       column,
                  gsize    *size)
{
  /* The blob first, then its size: that is the order SQLite asks for. */
  gconstpointer data = sqlite3_column_blob (handle, column);

  *size = (gsize) sqlite3_column_bytes (handle, column);
  return data;
}

static gboolean
lite_exec (gpointer     conn,
           const char  *sql,
           GError     **error)
{
  int rc = sqlite3_exec (conn, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return retour_store_set_error (error, conn, rc);

  return TRUE;
}

static gint64
lite_changes (gpointer conn)
{
  return sqlite3_changes (conn);
}

static gboolean
lite_in_transaction (gpointer conn)
{
  return !sqlite3_get_autocommit (conn);
}

/* PRAGMA data_version changes with other connections' commits only. Not
 * cached: a prepared PRAGMA would keep answering from its first run. */
static guint64
lite_data_version (gpointer conn)
{
  sqlite3_stmt *stmt = NULL;
  guint64 version = 0;

  if (sqlite3_prepare_v2 (conn, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

const RetourSqlBackend retour_sql_sqlite = {
  .name = "sqlite",
  .migrations = "/io/github/retour/Retour/store/migrations",
  .set_version = "PRAGMA user_version = ",
  .begin_sql = "BEGIN IMMEDIATE",
  .prepare = lite_prepare,
  .finalize = lite_finalize,
  .reset = lite_reset,
  .bind_null = lite_bind_null,
  .bind_int64 = lite_bind_int64,
  .bind_text = lite_bind_text,
  .bind_blob = lite_bind_blob,
  .step = lite_step,
  .column_is_null = lite_column_is_null,
  .column_int64 = lite_column_int64,
  .column_text = lite_column_text,
  .column_blob = lite_column_blob,
  .exec = lite_exec,
  .changes = lite_changes,
  .in_transaction = lite_in_transaction,
  .data_version = lite_data_version,
};
