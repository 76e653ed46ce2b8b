/* retour-policy-store.h — policy versions and the reasons list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

/* The newest policy version: what new RMAs are created under. */
RetourPolicy *retour_policy_store_load_current (RetourDatabase  *db,
                                                GError         **error);
RetourPolicy *retour_policy_store_load         (RetourDatabase  *db,
                                                gint64           policy_id,
                                                GError         **error);
/* Stores @policy as a new version made at @now_us (old versions are
 * never changed); fills in its id and version. Its reason rules are
 * stored with it; when it has none, the reasons' flags as they are now
 * are stored as its rules, so a reason changed later never changes a
 * refund under this version. */
gboolean      retour_policy_store_add_version  (RetourDatabase  *db,
                                                RetourPolicy    *policy,
                                                gint64           now_us,
                                                GError         **error);

/* RetourReason*, in the shop's order; retired ones only if asked for. */
GPtrArray    *retour_policy_store_list_reasons (RetourDatabase  *db,
                                                gboolean         include_retired,
                                                GError         **error);
/* The English name Retour gave @reason, one of the reasons every shop
 * starts with, while the shop still calls it that (in English or in the
 * language Retour runs in): a text Retour has translations of, for what
 * the customer reads. NULL for a reason the shop added or renamed. */
const char   *retour_policy_store_default_reason_text (const RetourReason *reason);
/* Adds @reason at the end of the list; fills in its id and position. */
gboolean      retour_policy_store_add_reason   (RetourDatabase  *db,
                                                RetourReason    *reason,
                                                GError         **error);
/* Renames, retires or moves a stored reason. Flags changed this way count
 * only for policy versions added afterwards: use
 * retour_policy_store_save() for what the shop edits. */
gboolean      retour_policy_store_update_reason (RetourDatabase *db,
                                                 const RetourReason *reason,
                                                 GError        **error);

/* Checks a reasons list as the preferences edit it: every reason named,
 * no two offered reasons with the same name (case and accents aside), at
 * least one offered. On failure, *out_index (if not NULL) is the index of
 * the reason at fault. */
gboolean      retour_policy_store_validate_reasons (GPtrArray  *reasons,
                                                    guint      *out_index,
                                                    GError    **error);

/* Saves what the shop edited in the preferences, in one transaction:
 * @reasons is the whole list (RetourReason*, retired ones included) in the
 * shop's order — a reason with id 0 is added (with a code made from its
 * name), the others are updated, positions follow the list; a reason left
 * out of the list is not touched. Then, when @policy together with the
 * reasons' flags would decide anything differently from the current
 * version, it is stored as a new version (its reason rules taken from
 * @reasons) and *out_new_version is set. Every change is written to the
 * audit trail by @actor at @now_us. Fills in the ids, positions, codes and
 * the policy's id and version. Nothing is written when anything fails. */
gboolean      retour_policy_store_save      (RetourDatabase  *db,
                                             RetourPolicy    *policy,
                                             GPtrArray       *reasons,
                                             const char      *actor,
                                             gint64           now_us,
                                             gboolean        *out_new_version,
                                             GError         **error);

/* Gives a new database a first policy (in the currency of the user's
 * locale) and the usual reasons, named in the user's language. Does
 * nothing when a policy exists. */
gboolean      retour_policy_store_ensure_defaults (RetourDatabase *db,
                                                   GError        **error);
/* Whether the database has its first policy, read without a write lock. */
gboolean      retour_policy_store_has_defaults    (RetourDatabase *db,
                                                   GError        **error);

G_END_DECLS
