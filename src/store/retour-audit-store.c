/* retour-audit-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include "retour-audit-store.h"
#include "retour-database-private.h"

G_DEFINE_BOXED_TYPE (RetourAuditEvent, retour_audit_event, retour_audit_event_copy, retour_audit_event_free)

RetourAuditEvent *
retour_audit_event_copy (const RetourAuditEvent *event)
{
  RetourAuditEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new (RetourAuditEvent, 1);
  *copy = *event;
  copy->actor = g_strdup (event->actor);
  copy->subject = g_strdup (event->subject);
  copy->detail = g_strdup (event->detail);

  return copy;
}

void
retour_audit_event_free (RetourAuditEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->actor);
  g_free (event->subject);
  g_free (event->detail);
  g_free (event);
}

gboolean
retour_audit_store_add (RetourDatabase  *db,
                        const char      *actor,
                        const char      *subject,
                        const char      *detail,
                        gint64           now_us,
                        GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (subject != NULL && detail != NULL, FALSE);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO audit_event (created_us, actor, subject, detail) "
                                  "VALUES (?, ?, ?, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, now_us);
  retour_stmt_bind_static_text (stmt, 2, actor != NULL ? actor : "");
  retour_stmt_bind_static_text (stmt, 3, subject);
  retour_stmt_bind_static_text (stmt, 4, detail);

  return retour_stmt_run (stmt, error);
}

static gpointer
audit_event_from_row (RetourStmt *stmt,
                      gpointer    user_data)
{
  RetourAuditEvent *event = g_new0 (RetourAuditEvent, 1);

  event->id = retour_stmt_column_int64 (stmt, 0);
  event->created_us = retour_stmt_column_int64 (stmt, 1);
  event->actor = retour_stmt_dup_text (stmt, 2);
  event->subject = retour_stmt_dup_text (stmt, 3);
  event->detail = retour_stmt_dup_text (stmt, 4);

  return event;
}

GPtrArray *
retour_audit_store_list (RetourDatabase  *db,
                         const char      *subject,
                         guint            limit,
                         GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, created_us, actor, subject, detail FROM audit_event "
                                  "WHERE CAST (?1 AS TEXT) IS NULL OR subject = ?1 ORDER BY id DESC LIMIT ?2",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_text (stmt, 1, subject);
  retour_stmt_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : G_MAXINT64);

  return retour_stmt_collect (stmt, audit_event_from_row, NULL,
                              (GDestroyNotify) retour_audit_event_free, error);
}
