/* retour-resolution-store.h — resolutions carried out in the storefront, queued and recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store_resolution table: what staff asked the storefront to make
 * for a return's resolution (retour-store-resolution.h), waiting while
 * the desk is offline, and what the storefront answered. A return has at
 * most one. Each call is one transaction.
 */
#pragma once

#include "retour-core.h"
#include "retour-database.h"

G_BEGIN_DECLS

/* The shop setting that says how Shopify gives store credit: "gift-card"
 * (the default) or "store-credit" (the customer's store credit account,
 * which Retour cannot credit in the store yet). */
#define RETOUR_SETTING_SHOPIFY_CREDIT "resolution.shopify-credit"
/* Days a WooCommerce coupon stays valid; "0": no expiry. */
#define RETOUR_SETTING_COUPON_DAYS "resolution.coupon-days"
#define RETOUR_DEFAULT_COUPON_DAYS 365


/* Queues @resolution (its rma_id, store_id left 0, kind, amount,
 * difference, difference_refund_id, items, actor, queued_us) for the
 * storefront of its return's order, with a new marker, and sets its id,
 * store_id and marker. Refused when the order did not come from a
 * connected store, when the return has no number yet, and when the
 * return already has one queued or done; one that failed is replaced. */
gboolean               retour_resolution_store_queue        (RetourDatabase         *db,
                                                             RetourStoreResolution  *resolution,
                                                             GError                **error);
/* With its items and the context a connector needs. */
RetourStoreResolution *retour_resolution_store_load         (RetourDatabase         *db,
                                                             gint64                  id,
                                                             GError                **error);
/* The return's, or NULL (without @error) when it has none. */
RetourStoreResolution *retour_resolution_store_load_for_rma (RetourDatabase         *db,
                                                             gint64                  rma_id,
                                                             GError                **error);

/* What came of an attempt: made (@external_id, and @code and
 * @payment_url when there are; the resolution is done); refused by the
 * storefront (@refused, @message: failed); or not known (@message: it
 * stays queued, to be looked for and sent again). */
gboolean               retour_resolution_store_record       (RetourDatabase         *db,
                                                             gint64                  id,
                                                             const char             *external_id,
                                                             const char             *code,
                                                             const char             *payment_url,
                                                             gboolean                refused,
                                                             const char             *message,
                                                             gint64                  now_us,
                                                             GError                **error);
/* Puts a failed one back in the queue, unchanged: Try Again. */
gboolean               retour_resolution_store_retry        (RetourDatabase         *db,
                                                             gint64                  id,
                                                             GError                **error);

/* Ids (gint64) of the queued resolutions of @store_id, oldest first. */
GArray                *retour_resolution_store_list_pending (RetourDatabase         *db,
                                                             gint64                  store_id,
                                                             GError                **error);
/* Of RetourStoreResolution* (without items): those of @store_id that
 * wait (queued) or failed, oldest first, as the preferences list them. */
GPtrArray             *retour_resolution_store_list_waiting (RetourDatabase         *db,
                                                             gint64                  store_id,
                                                             GError                **error);

/* Of RetourExchangeItem* (quantity 1, at the product's price): the
 * products synced from store @store_id that can be sent in exchange,
 * whose storefront id is @text or whose title or SKU holds it (NULL or
 * "": all), by title, at most @limit. */
GPtrArray             *retour_resolution_store_find_products (RetourDatabase    *db,
                                                              gint64             store_id,
                                                              const char        *text,
                                                              guint              limit,
                                                              GError           **error);

G_END_DECLS
