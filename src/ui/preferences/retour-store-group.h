/* retour-store-group.h — one connected store in the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the store's platform and address, when it last synced and what
 * went wrong if it failed, a sync under way with its progress, the
 * store's options: periodic sync, refund write-back and (WooCommerce)
 * refunds through the payment gateway, and the refunds waiting to be
 * written back, with what went wrong and how often. Its actions
 * (store.sync, store.cancel, store.retry, store.test, store.rename,
 * store.remove) act on the store; runs, and retried write-backs, go
 * through the context's RetourSyncScheduler.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_STORE_GROUP (retour_store_group_get_type ())

G_DECLARE_FINAL_TYPE (RetourStoreGroup, retour_store_group, RETOUR, STORE_GROUP, AdwPreferencesGroup)

/* Signals:
 *   "store-changed": the store was renamed or removed; the list it is in
 *   should be read again. */

GtkWidget              *retour_store_group_new            (RetourContext          *context,
                                                           const RetourStorefront *storefront);
const RetourStorefront *retour_store_group_get_storefront (RetourStoreGroup       *self);
/* Reads the store again (after a sync) and updates the rows; a minute
 * later the relative time reads differently too. */
void                    retour_store_group_refresh        (RetourStoreGroup       *self);

G_END_DECLS
