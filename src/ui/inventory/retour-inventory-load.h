/* retour-inventory-load.h — the inventory's figures, added up in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a big shop a year's figures take seconds: they are added up in a
 * worker thread on a read-only connection of its own to the database at
 * @path, which hands plain data back to the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "retour-inventory-store.h"

G_BEGIN_DECLS

/* Every product's figures and the shop's for [@since_us, @until_us)
 * (retour_inventory_store_load()), and the parcels on their way
 * (retour_inventory_store_list_expected()), overdue at @now_us in @tz. */
void     retour_inventory_load_async  (const char           *path,
                                       gint64                since_us,
                                       gint64                until_us,
                                       GTimeZone            *tz,
                                       gint64                now_us,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* The figures to @out_inventory, the RetourExpectedArrival* to
 * @out_arrivals. */
gboolean retour_inventory_load_finish (GAsyncResult         *result,
                                       RetourInventory     **out_inventory,
                                       GPtrArray           **out_arrivals,
                                       GError              **error);

G_END_DECLS
