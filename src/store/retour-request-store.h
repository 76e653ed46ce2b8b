/* retour-request-store.h — returns customers asked for in a storefront.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync hands over the requests it read (RetourReturnRequest, from
 * src/core/retour-storefront.h); each becomes one return in *requested*,
 * found again by its store and storefront id (rma.store_id,
 * rma.storefront_return_id), so that writing the same request twice
 * changes nothing. The customer's notice is the request: declared then,
 * through the storefront, and each line's claim follows from the law's
 * dates as for a return taken on the phone. A request withdrawn,
 * declined or gone upstream cancels its return while that is still a
 * request, with a line in its history.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef struct
{
  guint created;    /* new returns */
  guint cancelled;  /* returns cancelled because the request ended upstream */
  guint waiting;    /* requests left for a later sync: their order or one of
                     * its lines is not here yet */
} RetourRequestStats;

/* The shop's reason code for a storefront's reason ("SIZE_TOO_SMALL" →
 * "wrong-size"); NULL when it has none (OTHER, UNKNOWN, anything new). */
const char *retour_request_store_default_reason (const char          *storefront_reason);

/* Writes @requests (RetourReturnRequest*) of store @store_id in one
 * transaction; @stats may be NULL. */
gboolean    retour_request_store_write          (RetourDatabase      *db,
                                                 gint64               store_id,
                                                 GPtrArray           *requests,
                                                 gint64               now_us,
                                                 RetourRequestStats  *stats,
                                                 GError             **error);
/* The storefront ids (char*) of the store's returns that are still
 * requests here, oldest first. */
GPtrArray  *retour_request_store_list_open      (RetourDatabase      *db,
                                                 gint64               store_id,
                                                 GError             **error);

G_END_DECLS
