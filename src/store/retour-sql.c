/* retour-sql.c — statements that do not know their database: the calls
 * the stores make, handed to the statement's backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include "retour-sql-backend.h"

void
retour_stmt_bind_null (RetourStmt *stmt,
                       int         index)
{
  stmt->backend->bind_null (stmt->handle, index);
}

void
retour_stmt_bind_int64 (RetourStmt *stmt,
                        int         index,
                        gint64      value)
{
  stmt->backend->bind_int64 (stmt->handle, index, value);
}

void
retour_stmt_bind_int (RetourStmt *stmt,
                      int         index,
                      int         value)
{
  stmt->backend->bind_int64 (stmt->handle, index, value);
}

/* Text in a shop is UTF-8. Bytes that are not (a hostile or broken
 * storefront reply, a paste of binary junk) become U+FFFD on the way in,
 * on both backends alike: PostgreSQL refuses them outright, and SQLite
 * would keep them to trip up every later reader. */
static void
bind_text (RetourStmt *stmt,
           int         index,
           const char *text,
           gboolean    copy)
{
  if (text == NULL)
    stmt->backend->bind_null (stmt->handle, index);
  else if (G_LIKELY (g_utf8_validate (text, -1, NULL)))
    stmt->backend->bind_text (stmt->handle, index, text, copy);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      stmt->backend->bind_text (stmt->handle, index, valid, TRUE);
    }
}

void
retour_stmt_bind_text (RetourStmt *stmt,
                       int         index,
                       const char *text)
{
  bind_text (stmt, index, text, TRUE);
}

void
retour_stmt_bind_static_text (RetourStmt *stmt,
                              int         index,
                              const char *text)
{
  bind_text (stmt, index, text, FALSE);
}

void
retour_stmt_bind_blob (RetourStmt    *stmt,
                       int            index,
                       gconstpointer  data,
                       gsize          size)
{
  stmt->backend->bind_blob (stmt->handle, index, data, size);
}

gboolean
retour_stmt_column_is_null (RetourStmt *stmt,
                            int         column)
{
  return stmt->backend->column_is_null (stmt->handle, column);
}

gint64
retour_stmt_column_int64 (RetourStmt *stmt,
                          int         column)
{
  return stmt->backend->column_int64 (stmt->handle, column);
}

int
retour_stmt_column_int (RetourStmt *stmt,
                        int         column)
{
  return (int) stmt->backend->column_int64 (stmt->handle, column);
}

const char *
retour_stmt_column_text (RetourStmt *stmt,
                         int         column)
{
  return stmt->backend->column_text (stmt->handle, column);
}

gconstpointer
retour_stmt_column_blob (RetourStmt *stmt,
                         int         column,
                         gsize      *size)
{
  return stmt->backend->column_blob (stmt->handle, column, size);
}
