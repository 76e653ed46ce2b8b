/* retour-setting-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include "retour-database-private.h"
#include "retour-setting-store.h"

char *
retour_setting_store_get (RetourDatabase  *db,
                          const char      *key,
                          const char      *fallback,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = retour_database_prepare (db, "SELECT value FROM setting WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (!retour_stmt_step (stmt, &has_row, error))
    return NULL;

  return has_row ? retour_stmt_dup_text (stmt, 0) : g_strdup (fallback);
}

gboolean
retour_setting_store_set (RetourDatabase  *db,
                          const char      *key,
                          const char      *value,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return retour_stmt_run (stmt, error);
}

gboolean
retour_setting_store_next_sequence (RetourDatabase  *db,
                                    const char      *name,
                                    guint64         *out_value,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO sequence (name, next_value) VALUES (?1, 2) "
                                  "ON CONFLICT (name) DO UPDATE SET next_value = next_value + 1 "
                                  "RETURNING next_value - 1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  g_assert (has_row);
  *out_value = (guint64) sqlite3_column_int64 (stmt, 0);

  /* RETURNING rows are produced before the statement finishes; run it to
   * the end so the update is applied before the statement is reset. */
  while (has_row)
    if (!retour_stmt_step (stmt, &has_row, error))
      return FALSE;

  return TRUE;
}
