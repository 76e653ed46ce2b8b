/* retour-sql-postgres.h — the shared backend: a PostgreSQL server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection to a PostgreSQL 15 server through libpq. The store's SQL
 * is written once with SQLite's numbered parameters (?1, ?2, … or ?);
 * this backend renumbers them as $1, $2, … when it prepares a statement.
 */
#pragma once

#include <libpq-fe.h>

#include "retour-sql-backend.h"

G_BEGIN_DECLS

typedef struct _RetourPgConn RetourPgConn;

/* Connects with a libpq connection string or URI
 * ("postgresql://user@host/db?sslmode=verify-full", "host=/tmp dbname=x").
 * @password, when not NULL, is used instead of one in @conninfo (it comes
 * from the keyring). Fails with a RETOUR_STORE_ERROR a person can act on:
 * a server that cannot be reached, a wrong password, a missing database. */
RetourPgConn *retour_pg_conn_open        (const char    *conninfo,
                                          const char    *password,
                                          GError       **error);
void          retour_pg_conn_close       (RetourPgConn  *conn);
PGconn       *retour_pg_conn_get_handle  (RetourPgConn  *conn);

/* Whether the connection to the server is still up (after an error that
 * may have been the network). */
gboolean      retour_pg_conn_is_alive    (RetourPgConn  *conn);

/* Turns a failed PGresult (or, with @result NULL, the connection's last
 * error) into a RETOUR_STORE_ERROR by its SQLSTATE. Always FALSE. */
gboolean      retour_pg_set_error        (GError       **error,
                                          RetourPgConn  *conn,
                                          const PGresult *result);

/* "?1 … ?12", "?" and "?NNN" become "$1 … $12"; text in quotes and
 * comments is left alone. The caller frees the result. */
char         *retour_pg_renumber         (const char    *sql);

extern const RetourSqlBackend retour_sql_postgres;

G_END_DECLS
