/* retour-desk-resolution.h — carrying out a return's resolution in the storefront.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Staff chose an exchange or store credit on a return; these calls have
 * the storefront make it (an exchange order, a credit, a gift card, a
 * coupon). The desk only queues it, in one transaction with the refund
 * of what a cheaper exchange leaves over; the sync scheduler or
 * `retour-cli resolve` sends it (src/sync), and it waits while the desk
 * is offline.
 */
#pragma once

#include "retour-desk.h"
#include "retour-resolution-store.h"

G_BEGIN_DECLS

/* How the storefront of @store_id gives store credit: a coupon on
 * WooCommerce, on Shopify what the shop set. */
gboolean          retour_desk_credit_kind       (RetourContext              *context,
                                                 gint64                      store_id,
                                                 RetourStoreResolutionKind  *out_kind,
                                                 GError                    **error);

/* Queues the storefront's part of the resolution of return @rma_id, as
 * stored: for an exchange or a replacement, an exchange order of @items
 * (of RetourExchangeItem*, in the refund's currency); for store credit,
 * @kind of @amount (zero: what came back is worth: the refund due,
 * or before it is worked out what was paid for the items). A withdrawal is resolved so
 * only with the customer's consent. An exchange for a cheaper item
 * records the refund of the difference (queued for the store as refunds
 * are); a dearer one leaves the storefront to ask for it. On success
 * *@out_resolution (may be NULL) is what was queued and
 * *@out_storefront (may be NULL) where it goes. */
gboolean          retour_desk_carry_out_resolution (RetourContext              *context,
                                                    gint64                      rma_id,
                                                    RetourStoreResolutionKind   kind,
                                                    RetourMoney                 amount,
                                                    GPtrArray                  *items,
                                                    RetourStoreResolution     **out_resolution,
                                                    RetourStorefront          **out_storefront,
                                                    GError                    **error);

G_END_DECLS
