/* retour-emulator.h — a local WooCommerce or Shopify shop for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves a generated shop of N orders over HTTP on 127.0.0.1 (never any
 * other address), as WooCommerce REST v3 or Shopify GraphQL Admin API,
 * and misbehaves on request the way real shops and their hosts do. Runs
 * on the thread-default main context of whoever starts it, so a test can
 * drive the client and the shop from one loop.
 *
 * Faults are "NAME" or "NAME@N" (fire on the Nth API request, counting
 * from 1; default 2), comma-separated:
 *   throttle   Woo: 429 + Retry-After: 1; Shopify: 200 with THROTTLED
 *   busy       503 with an HTML page and no Retry-After
 *   error500   500
 *   stall      answer only after the stall time (default 2.5 s)
 *   reset      close the connection without an answer
 *   truncate   announce the whole answer, send half, close the connection
 *   malformed  answer, whole, JSON that does not parse
 *   html       200 with an HTML page
 *   unauthorized, forbidden   401, 403
 *   modify     edit three orders that were listed already, then answer
 *   delete     delete the first order listed, then answer
 *   write-stall  carry out the next refund, then stall its answer
 *   return-stall carry out the next Shopify return (returnCreate, or an
 *               approval or decline of a request), then stall its answer
 *   refuse-refund  refuse the next refund (Woo: 400; Shopify: userErrors)
 *   edit-lines  edit the lines of the first two orders listed (the first
 *               loses its last line, or gains one if it has only one; the
 *               second gains a line and one more unit of its first), then
 *               answer
 * and shop options that apply at once: equal-timestamps (orders 5–34 in
 * modification order share one second), huge (the first order gets 300
 * lines), numbers (every fifth order's total is a JSON number),
 * no-orderby-modified (Woo: refuse orderby=modified like old versions),
 * no-read-all-orders (Shopify: the token lacks read_all_orders, so only
 * orders placed in the 60 days before now, by the real clock, are listed),
 * refunds (Woo: every tenth order, from the third, has one unit of its
 * first line refunded in the shop's admin, and every tenth, from the
 * eighth, all of it, in two refunds).
 *
 * WooCommerce refunds are served as GET /orders/{id}/refunds documents
 * them (negative quantities and totals, the order line in the item's
 * _refunded_item_id meta data), with its checks: per_page 1–100, an
 * unknown order 404 woocommerce_rest_shop_order_invalid_id. Creating or
 * deleting a refund modifies its order, as WooCommerce does.
 *
 * Every order but a cancelled one has gone out in parcels (fulfillments):
 * most in one delivered one to three days after it was sent, some in two
 * delivered on different days, some with a parcel still on its way (its
 * delivery 0, as it is for any delivery after the shop's clock). Shopify
 * serves them as Order.fulfillments, a list (createdAt, deliveredAt null
 * until delivered); WooCommerce only as date_completed_gmt, the last
 * parcel's dispatch. The orders' modification times stay as they were
 * before orders had parcels (tests rely on their order), so a parcel may
 * be sent or delivered after its order was last modified. For returns, a
 * Shopify order's
 * lines are all in one returnable fulfillment; a line's returnable
 * quantity is its current quantity less what returns (returnCreate) took
 * of it.
 *
 * Shopify's returns have a status: REQUESTED when a customer asked in
 * their account (retour_emulator_request_return; the units are then no
 * longer returnable), OPEN when made with returnCreate, CANCELED or
 * DECLINED (units returnable again), CLOSED. A REQUESTED one is approved
 * (OPEN) with returnApproveRequest and declined with returnDeclineRequest
 * (a ReturnDeclineReason, a note of at most 500 characters), each
 * refused with ReturnUserError's code otherwise. They are served as
 * order.returns and orders.nodes.returns (every status), and as
 * return(id:); orders(query: "return_status:return_requested") lists the
 * orders with a REQUESTED return.
 *
 * Shopify's GraphQL answers are made from the query text (its root
 * fields, and the page sizes and cursors it asks for; connections always
 * come as nodes and pageInfo, never edges), and every query is priced by
 * Shopify's documented rules (see retour-emulator-graphql.h):
 * one whose requested cost is over the single query limit (1,000) gets
 * MAX_COST_EXCEEDED; otherwise it needs that much in the cost bucket, or
 * gets THROTTLED, and the bucket gives back what the query did not take
 * (the actual cost, from the nodes returned). The bucket refills at its
 * restore rate in real time. By default it is a Standard plan's: 2,000
 * points, 100 a second (Advanced: 4,000 and 200; Plus: 20,000 and
 * 1,000). The throttle fault still answers THROTTLED whatever the bucket
 * holds.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  RETOUR_EMULATOR_WOO,
  RETOUR_EMULATOR_SHOPIFY,
} RetourEmulatorPlatform;

#define RETOUR_EMULATOR_WOO_KEY "ck_emulator"
#define RETOUR_EMULATOR_WOO_SECRET "cs_emulator"
#define RETOUR_EMULATOR_SHOPIFY_TOKEN "shpat_emulator"

/* Shopify's limit on one query, and the Standard plan's bucket. */
#define RETOUR_EMULATOR_SINGLE_QUERY_LIMIT 1000
#define RETOUR_EMULATOR_BUCKET_SIZE 2000
#define RETOUR_EMULATOR_RESTORE_RATE 100

typedef struct
{
  gint64  id;
  char   *name;
  char   *sku;       /* NULL: none */
  gint64  product_id;
  guint   quantity;
  guint   current_quantity;
  gint64  price_minor;
} RetourEmulatorLine;

/* A parcel of an order, as its fulfillment says. */
typedef struct
{
  gint64  created_s;    /* sent */
  gint64  delivered_s;  /* 0: on its way */
} RetourEmulatorFulfillment;

typedef struct
{
  gint64     id;
  char      *number;
  char      *currency;
  gint64     created_s;
  gint64     modified_s;
  char      *status;
  gint64     customer_id;   /* 0: guest */
  char      *first_name;
  char      *last_name;
  char      *email;
  char      *phone;
  char      *city;
  char      *postcode;
  char      *country;
  gboolean   has_shipping;
  gboolean   deleted;
  gboolean   total_as_number;
  GPtrArray *lines;         /* of RetourEmulatorLine* */
  GArray    *fulfillments;  /* of RetourEmulatorFulfillment, oldest first; empty: none */
} RetourEmulatorOrder;

typedef struct
{
  gint64  line_id;
  guint   quantity;
  gint64  total_minor;
} RetourEmulatorRefundLine;

/* A refund of an order: made in the shop's admin, or by a client through
 * the API. */
typedef struct
{
  gint64     id;
  gint64     order_id;
  char      *key;          /* Woo: the client's _retour_idempotency_key; Shopify: the note */
  char      *amount;       /* "19.95" */
  char      *reason;       /* NULL: none */
  gint64     created_s;
  gboolean   in_store;     /* made in the shop's admin */
  gboolean   via_gateway;  /* paid back through the payment gateway */
  GPtrArray *lines;        /* of RetourEmulatorRefundLine*; NULL: money only */
} RetourEmulatorRefund;

typedef struct _RetourEmulator RetourEmulator;

RetourEmulator *retour_emulator_new            (RetourEmulatorPlatform  platform,
                                                guint                   n_orders,
                                                guint                   seed);
void            retour_emulator_free           (RetourEmulator         *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourEmulator, retour_emulator_free)

gboolean        retour_emulator_start          (RetourEmulator         *self,
                                                GError                **error);
/* "http://127.0.0.1:PORT" once started. */
const char     *retour_emulator_get_url        (RetourEmulator         *self);
gboolean        retour_emulator_add_faults     (RetourEmulator         *self,
                                                const char             *spec,
                                                GError                **error);
void            retour_emulator_set_stall_ms   (RetourEmulator         *self,
                                                guint                   stall_ms);
/* Orders in id order, deleted ones included (see ->deleted). */
GPtrArray      *retour_emulator_get_orders     (RetourEmulator         *self);
/* What the storefront shows as the order's total, in minor units. */
gint64          retour_emulator_order_total    (RetourEmulator         *self,
                                                RetourEmulatorOrder    *order);
/* API requests answered or failed so far. */
guint           retour_emulator_get_requests   (RetourEmulator         *self);
/* Refund creations received (POSTs, refundCreate), and refunds kept. */
guint           retour_emulator_get_writes     (RetourEmulator         *self);
guint           retour_emulator_get_refunds    (RetourEmulator         *self);
/* Of RetourEmulatorRefund*, oldest first. */
GPtrArray      *retour_emulator_list_refunds   (RetourEmulator         *self);
/* WooCommerce: an order note it was asked to make (POST /orders/{id}/notes);
 * a customer note is the one WooCommerce mails to the customer. */
typedef struct
{
  gint64    id;
  gint64    order_id;
  char     *note;
  gboolean  customer_note;
  gint64    created_s;
} RetourEmulatorNote;

/* Of RetourEmulatorNote*, oldest first. */
GPtrArray      *retour_emulator_list_notes     (RetourEmulator         *self);
/* WooCommerce: GET /orders/{id}/refunds answered (valid or not). */
guint           retour_emulator_get_refund_reads (RetourEmulator       *self);

/* Edits as the shop's staff make them; each modifies the order now. */
void            retour_emulator_touch_order    (RetourEmulator         *self,
                                                RetourEmulatorOrder    *order);
/* A new line of a product the shop sells, with a new id. */
RetourEmulatorLine *retour_emulator_add_line   (RetourEmulator         *self,
                                                RetourEmulatorOrder    *order);
void            retour_emulator_remove_line    (RetourEmulator         *self,
                                                RetourEmulatorOrder    *order,
                                                guint                   index);
/* WooCommerce: a refund made in the shop's admin of @quantities[i] units
 * of line i of @order (one per line), plus @extra_minor of money only
 * (shipping, say). */
RetourEmulatorRefund *retour_emulator_refund_in_store (RetourEmulator      *self,
                                                       RetourEmulatorOrder *order,
                                                       const guint         *quantities,
                                                       gint64               extra_minor,
                                                       const char          *reason);
gboolean        retour_emulator_delete_refund  (RetourEmulator         *self,
                                                gint64                  refund_id);
/* Shopify: returnCreate calls received, returns kept, and the units of
 * line @line_id they hold. */
guint           retour_emulator_get_return_writes (RetourEmulator      *self);
guint           retour_emulator_get_returns    (RetourEmulator         *self);
guint           retour_emulator_get_returned   (RetourEmulator         *self,
                                                gint64                  line_id);

/* Shopify: a customer asks, in their account, to return @quantities[i]
 * units of line i of @order (one per line; each at most what is left to
 * return), all for @reason (a ReturnReason, "SIZE_TOO_SMALL"…) with
 * @customer_note (may be NULL) on each line. The return is REQUESTED,
 * created now, and the order is modified. Returns the return's id. */
gint64          retour_emulator_request_return (RetourEmulator         *self,
                                                RetourEmulatorOrder    *order,
                                                const guint            *quantities,
                                                const char             *reason,
                                                const char             *customer_note);
/* Shopify: the return's status changed in the shop's admin or by the
 * customer ("CANCELED", "DECLINED", "OPEN"…); its order is modified. */
gboolean        retour_emulator_set_return_status (RetourEmulator      *self,
                                                gint64                  return_id,
                                                const char             *status);
/* NULL: no such return. */
const char     *retour_emulator_get_return_status (RetourEmulator      *self,
                                                gint64                  return_id,
                                                const char            **decline_reason,
                                                const char            **decline_note);

/* Shopify: returnApproveRequest and returnDeclineRequest calls received
 * (carried out or refused), and the customers they notified. */
guint           retour_emulator_get_answer_writes (RetourEmulator      *self);
guint           retour_emulator_get_notifications (RetourEmulator      *self);
guint           retour_emulator_get_deliveries (RetourEmulator         *self);
/* The label of the delivery made for Shopify return @return_id, or NULL. */
GBytes         *retour_emulator_get_return_label (RetourEmulator       *self,
                                                  gint64                return_id);

/* Shopify: every order gets lines until it has @n_lines. */
void            retour_emulator_add_lines      (RetourEmulator         *self,
                                                guint                   n_lines);
/* Shopify's cost bucket: @size points, refilled at @restore_rate points
 * a second; full from now. */
void            retour_emulator_set_bucket     (RetourEmulator         *self,
                                                guint                   size,
                                                guint                   restore_rate);
/* The most one query may cost (Shopify: 1,000). */
void            retour_emulator_set_single_query_limit (RetourEmulator *self,
                                                guint                   limit);
/* The highest requested cost of any query received, refused or not; and
 * of the queries named @operation (their operationName). */
guint           retour_emulator_get_max_query_cost (RetourEmulator     *self);
guint           retour_emulator_get_query_cost (RetourEmulator         *self,
                                                const char             *operation);
/* Queries answered THROTTLED because the bucket was short (not the
 * throttle fault), refused as over the single query limit, and the actual
 * cost of all that ran. */
guint           retour_emulator_get_throttled  (RetourEmulator         *self);
guint           retour_emulator_get_cost_refused (RetourEmulator       *self);
guint64         retour_emulator_get_cost_spent (RetourEmulator         *self);

/* Resolutions (WooCommerce) ---------------------------------------------------
 *
 * POST /orders makes an order of the shop's products (ids 100 to 105,
 * at their list price; another id is refused with 400
 * woocommerce_rest_invalid_product_id), with its fee lines, parent_id,
 * status and meta data; it is listed with the other orders, and GET
 * /orders?parent=ID and GET /orders/ID serve it with its parent_id,
 * payment_url and meta. GET /coupons?code= and POST /coupons, which
 * refuses a code in use with 400 woocommerce_rest_coupon_code_already_exists.
 * The write-stall fault also stalls the answer to the next of these
 * POSTs, after it is carried out. */
typedef struct
{
  gint64  id;
  char   *code;        /* lower case, as WooCommerce keeps it */
  char   *amount;      /* "19.95" */
  char   *email;       /* the one address it is restricted to, or NULL */
  char   *marker;      /* the client's _retour_marker meta, or NULL */
  char   *expires;     /* date_expires_gmt as sent, or NULL */
  guint   usage_limit; /* 0: none */
} RetourEmulatorCoupon;

/* POST /orders and POST /coupons received (carried out or refused). */
guint           retour_emulator_get_resolution_writes (RetourEmulator  *self);
/* Of RetourEmulatorCoupon*, in the order they were made. */
GPtrArray      *retour_emulator_list_coupons   (RetourEmulator         *self);
/* A coupon made in the shop's admin. */
RetourEmulatorCoupon *retour_emulator_add_coupon (RetourEmulator      *self,
                                                const char             *code);
/* Orders made through the API whose parent is order @parent_id; the
 * first of them, with its fee (the credit, negative) and its _retour_rma
 * meta, or NULL. */
guint           retour_emulator_count_exchange_orders (RetourEmulator  *self,
                                                gint64                  parent_id);
RetourEmulatorOrder *retour_emulator_get_exchange_order (RetourEmulator *self,
                                                gint64                  parent_id,
                                                gint64                 *fee_minor,
                                                const char            **rma);

/* Resolutions (Shopify) --------------------------------------------------------
 *
 * draftOrderCreate (variants of the shop's products, ProductVariant/100
 * to /105; another is refused with userErrors), draftOrderComplete (an
 * order of it, listed with the others) and draftOrderInvoiceSend,
 * draftOrders(query: "tag:'X'"); giftCardCreate (a code in use is
 * refused, TAKEN) and giftCards(query:) over codes. draftOrderCreate and
 * giftCardCreate count as resolution writes; write-stall stalls the
 * answer to any of these mutations. */
guint           retour_emulator_count_draft_orders (RetourEmulator     *self);
/* The status of draft order @index, with its discount, note and first
 * line's variant; NULL past the last. */
const char     *retour_emulator_get_draft_order (RetourEmulator        *self,
                                                guint                   index,
                                                gint64                 *discount_minor,
                                                const char            **note,
                                                gint64                 *variant_id);
guint           retour_emulator_count_gift_cards (RetourEmulator       *self);
/* A gift card made in the shop's admin. */
void            retour_emulator_add_gift_card  (RetourEmulator         *self,
                                                const char             *code);

G_END_DECLS
