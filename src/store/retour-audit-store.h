/* retour-audit-store.h — who changed the shop's settings, and how.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Returns keep their own history (rma_event). Everything else that decides
 * money or what customers see — the policy, the reasons, the business
 * settings, stock corrections — is recorded here, in the transaction that
 * makes the change. The trail is append-only.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_AUDIT_POLICY  "policy"
#define RETOUR_AUDIT_REASON  "reason"
#define RETOUR_AUDIT_SETTING "setting"
#define RETOUR_AUDIT_STOCK   "stock"

#define RETOUR_TYPE_AUDIT_EVENT (retour_audit_event_get_type ())

typedef struct
{
  gint64  id;
  gint64  created_us;
  char   *actor;
  char   *subject;   /* one of RETOUR_AUDIT_* */
  char   *detail;    /* translated at the time of the change */
} RetourAuditEvent;

GType             retour_audit_event_get_type (void) G_GNUC_CONST;
RetourAuditEvent *retour_audit_event_copy     (const RetourAuditEvent *event);
void              retour_audit_event_free     (RetourAuditEvent       *event);

/* Appends an entry; call it inside the transaction of the change. */
gboolean   retour_audit_store_add   (RetourDatabase  *db,
                                     const char      *actor,
                                     const char      *subject,
                                     const char      *detail,
                                     gint64           now_us,
                                     GError         **error);
/* The newest @limit entries about @subject (NULL: all), newest first. */
GPtrArray *retour_audit_store_list  (RetourDatabase  *db,
                                     const char      *subject,
                                     guint            limit,
                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourAuditEvent, retour_audit_event_free)

G_END_DECLS
