/* retour-sql.h — statements that do not know their database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stores bind parameters and read columns through these calls only,
 * so the same repository code runs on SQLite and on PostgreSQL. SQL text
 * is written once with numbered parameters (?1, ?2, …), which both
 * backends accept; what the dialects do differently lives in the backends
 * (retour-sql-backend.h), not in the stores.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RetourStmt RetourStmt;

/* Parameters are numbered from 1, as in the SQL. Text is copied unless
 * bound as static; a blob must stay alive until the statement is
 * released. */
void          retour_stmt_bind_null        (RetourStmt  *stmt,
                                            int          index);
void          retour_stmt_bind_int64       (RetourStmt  *stmt,
                                            int          index,
                                            gint64       value);
void          retour_stmt_bind_int         (RetourStmt  *stmt,
                                            int          index,
                                            int          value);
void          retour_stmt_bind_text        (RetourStmt  *stmt,
                                            int          index,
                                            const char  *text);
/* For text that outlives the statement's use: a string literal, an
 * enum's nick, a field of an object the caller holds. */
void          retour_stmt_bind_static_text (RetourStmt  *stmt,
                                            int          index,
                                            const char  *text);
void          retour_stmt_bind_blob        (RetourStmt  *stmt,
                                            int          index,
                                            gconstpointer data,
                                            gsize        size);

/* Columns are numbered from 0. A NULL reads as 0, NULL text or an empty
 * blob; what a column returns is valid until the next step. */
gboolean      retour_stmt_column_is_null   (RetourStmt  *stmt,
                                            int          column);
gint64        retour_stmt_column_int64     (RetourStmt  *stmt,
                                            int          column);
int           retour_stmt_column_int       (RetourStmt  *stmt,
                                            int          column);
const char   *retour_stmt_column_text      (RetourStmt  *stmt,
                                            int          column);
gconstpointer retour_stmt_column_blob      (RetourStmt  *stmt,
                                            int          column,
                                            gsize       *size);

G_END_DECLS
