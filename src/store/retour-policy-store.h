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
/* Stores @policy as a new version (old versions are never changed); fills
 * in its id and version. */
gboolean      retour_policy_store_add_version  (RetourDatabase  *db,
                                                RetourPolicy    *policy,
                                                GError         **error);

/* RetourReason*, in the shop's order; retired ones only if asked for. */
GPtrArray    *retour_policy_store_list_reasons (RetourDatabase  *db,
                                                gboolean         include_retired,
                                                GError         **error);
/* Adds @reason at the end of the list; fills in its id and position. */
gboolean      retour_policy_store_add_reason   (RetourDatabase  *db,
                                                RetourReason    *reason,
                                                GError         **error);
/* Renames, retires or moves a stored reason. */
gboolean      retour_policy_store_update_reason (RetourDatabase *db,
                                                 const RetourReason *reason,
                                                 GError        **error);

/* Gives a new database a first policy (in the currency of the user's
 * locale) and the usual reasons, named in the user's language. Does
 * nothing when a policy exists. */
gboolean      retour_policy_store_ensure_defaults (RetourDatabase *db,
                                                   GError        **error);

G_END_DECLS
