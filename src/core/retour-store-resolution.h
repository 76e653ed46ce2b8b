/* retour-store-resolution.h — a return's resolution as the storefront carries it out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Staff choose an exchange or store credit on a return; the storefront
 * makes it happen: a new order for the replacement items, a credit on
 * the customer's account, a gift card, a single-use coupon. This is what
 * Retour asked the storefront for and what became of it: plain values,
 * stored by retour-resolution-store.h and spoken to the storefronts by
 * the connectors in src/sync.
 *
 * Each carries a marker, made once when it is queued and sent with it
 * (an exchange order's tag and meta, a coupon's code): after an answer
 * that was lost the connector looks for the marker before creating
 * anything again, so nothing is made twice.
 */
#pragma once

#include <glib-object.h>

#include "retour-money.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER,  /* a new order with the replacement items */
  RETOUR_STORE_RESOLUTION_STORE_CREDIT,    /* Shopify: the customer's store credit account */
  RETOUR_STORE_RESOLUTION_GIFT_CARD,       /* Shopify: a gift card for the customer */
  RETOUR_STORE_RESOLUTION_COUPON,          /* WooCommerce: a single-use coupon */
} RetourStoreResolutionKind;

typedef enum
{
  RETOUR_STORE_RESOLUTION_QUEUED,  /* to be sent, or sent with its answer lost */
  RETOUR_STORE_RESOLUTION_DONE,
  RETOUR_STORE_RESOLUTION_FAILED,  /* the storefront refused it; its message says why */
} RetourStoreResolutionState;

/* "exchange-order", "store-credit", "gift-card", "coupon". */
const char *retour_store_resolution_kind_to_key   (RetourStoreResolutionKind   kind);
gboolean    retour_store_resolution_kind_from_key (const char                 *key,
                                                   RetourStoreResolutionKind  *kind);
/* "queued", "done", "failed". */
const char *retour_store_resolution_state_to_key  (RetourStoreResolutionState  state);
gboolean    retour_store_resolution_state_from_key (const char                 *key,
                                                   RetourStoreResolutionState *state);

/* One replacement item of an exchange. */
typedef struct
{
  char        *variant_external_id;  /* the storefront's id of what is sent (a
                                      * Shopify ProductVariant gid, a Woo product
                                      * or variation id) */
  char        *title;
  guint        quantity;
  RetourMoney  unit_price;
} RetourExchangeItem;

RetourExchangeItem *retour_exchange_item_new  (const char  *variant_external_id,
                                               const char  *title,
                                               guint        quantity,
                                               RetourMoney  unit_price);
void                retour_exchange_item_free (RetourExchangeItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourExchangeItem, retour_exchange_item_free)

typedef struct
{
  gint64                      id;          /* 0 until stored */
  gint64                      rma_id;
  gint64                      store_id;
  RetourStoreResolutionKind   kind;
  /* Exchange: what the replacement items cost; credit, gift card,
   * coupon: its value. */
  RetourMoney                 amount;
  /* Exchange only: the replacement's price less what came back. Above
   * zero the customer pays it (an invoice, a payment link); below, it is
   * refunded (@difference_refund_id). */
  RetourMoney                 difference;
  gint64                      difference_refund_id;  /* 0: none */
  char                       *marker;      /* sent with it, found again by it */
  RetourStoreResolutionState  state;
  char                       *external_id; /* the storefront's id once made */
  char                       *code;        /* what staff and the customer read: an
                                            * order's name ("#1234"), a coupon's code */
  char                       *payment_url; /* where the customer pays the difference */
  char                       *last_error;  /* the storefront's message; NULL: none */
  guint                       attempts;
  gint64                      queued_us;
  gint64                      last_attempt_us;  /* 0: not tried yet */
  gint64                      done_us;          /* 0: not done */
  char                       *actor;
  GPtrArray                  *items;       /* of RetourExchangeItem*: exchange only */

  /* Read-only context the store fills in when it loads one, for the
   * connector: whom and what it is for. */
  char                       *rma_number;
  char                       *order_external_id;
  char                       *order_number;
  char                       *customer_external_id;
  char                       *customer_email;
  char                       *customer_first_name;
  char                       *customer_last_name;
  /* Set by whoever sends it, from the shop's settings: when a coupon
   * expires (UTC microseconds; 0: never). */
  gint64                      expires_us;
} RetourStoreResolution;

RetourStoreResolution *retour_store_resolution_new  (RetourStoreResolutionKind kind);
void                   retour_store_resolution_free (RetourStoreResolution    *resolution);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourStoreResolution, retour_store_resolution_free)

/* The text of a coupon or gift card code made from @marker: the same
 * marker always gives the same code, which is how a lost answer is
 * found again by code. */
char       *retour_store_resolution_code_for_marker (const char *marker);

/* What the return shows: “Exchange order #1234”, “Coupon RETOUR-…”,
 * “Store credit of €20.00”, “Gift card …”; for one not done yet what it
 * will be. */
char       *retour_store_resolution_describe (const RetourStoreResolution *resolution);

G_END_DECLS
