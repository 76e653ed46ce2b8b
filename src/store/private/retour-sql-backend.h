/* retour-sql-backend.h — what a database backend provides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One table of functions per backend (retour-sql-sqlite.c, and the server
 * backend beside it). RetourDatabase holds a connection and its backend;
 * a RetourStmt holds a backend statement and its backend. Only the store's
 * database code and the backends include this.
 */
#pragma once

#include "retour-sql.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_SQL_STEP_ERROR = -1,
  RETOUR_SQL_STEP_DONE  = 0,
  RETOUR_SQL_STEP_ROW   = 1,
} RetourSqlStep;

typedef struct
{
  const char     *name;

  /* Where the backend's migrations are (GResource), and the statement
   * that records a version once its migration ran, to which the number
   * is appended. */
  const char     *migrations;
  const char     *set_version;

  /* The statement that opens an outermost write transaction: SQLite
   * takes its write lock up front with BEGIN IMMEDIATE, so a busy
   * database fails at the start rather than half-way. */
  const char     *begin_sql;

  gpointer      (*prepare)         (gpointer      conn,
                                    const char   *sql,
                                    GError      **error);
  void          (*finalize)        (gpointer      handle);
  /* Back to before the first step, with no parameters bound. */
  void          (*reset)           (gpointer      handle);

  void          (*bind_null)       (gpointer      handle,
                                    int           index);
  void          (*bind_int64)      (gpointer      handle,
                                    int           index,
                                    gint64        value);
  void          (*bind_text)       (gpointer      handle,
                                    int           index,
                                    const char   *text,
                                    gboolean      copy);
  void          (*bind_blob)       (gpointer      handle,
                                    int           index,
                                    gconstpointer data,
                                    gsize         size);

  RetourSqlStep (*step)            (gpointer      handle,
                                    GError      **error);

  gboolean      (*column_is_null)  (gpointer      handle,
                                    int           column);
  gint64        (*column_int64)    (gpointer      handle,
                                    int           column);
  const char   *(*column_text)     (gpointer      handle,
                                    int           column);
  gconstpointer (*column_blob)     (gpointer      handle,
                                    int           column,
                                    gsize        *size);

  /* One or more statements without parameters or results. */
  gboolean      (*exec)            (gpointer      conn,
                                    const char   *sql,
                                    GError      **error);
  /* Rows changed by the connection's last INSERT, UPDATE or DELETE. */
  gint64        (*changes)         (gpointer      conn);
  /* Whether a transaction is open on the connection: a failed COMMIT
   * may already have ended it. */
  gboolean      (*in_transaction)  (gpointer      conn);
  /* A number that changes when another connection commits a change
   * (SQLite: PRAGMA data_version; a server: its notifications). */
  guint64       (*data_version)    (gpointer      conn);
  /* A descriptor that becomes readable when another connection may have
   * committed (a server's notifications), or NULL: then data_version is
   * polled. */
  int           (*watch_fd)        (gpointer      conn);
} RetourSqlBackend;

struct _RetourStmt
{
  const RetourSqlBackend *backend;
  gpointer                handle;
};

extern const RetourSqlBackend retour_sql_sqlite;

G_END_DECLS
