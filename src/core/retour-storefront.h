/* retour-storefront.h — a shop's web store and what passes between it and Retour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain values, with no database and no network behind them: a
 * storefront as the `store` table keeps it, an order as a connector read
 * it (or could not), the refunds the storefront lists, and a refund as it
 * is to be written back. The store layer reads and writes them
 * (retour-sync-store.h); the connectors in src/sync speak them to the
 * storefronts' APIs without knowing about the database.
 */
#pragma once

#include <glib-object.h>

#include "retour-money.h"
#include "retour-order.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_PLATFORM_WOOCOMMERCE,
  RETOUR_PLATFORM_SHOPIFY,
} RetourPlatform;

/* "woocommerce", "shopify": the words the database and the CLI use. */
const char      *retour_platform_to_key          (RetourPlatform  platform);
gboolean         retour_platform_from_key        (const char     *key,
                                                  RetourPlatform *platform);
/* "WooCommerce", "Shopify". */
const char      *retour_platform_get_label       (RetourPlatform  platform);

#define RETOUR_TYPE_STOREFRONT (retour_storefront_get_type ())

typedef struct
{
  gint64          id;
  char           *name;
  RetourPlatform  platform;
  char           *base_url;
  gboolean        write_back;          /* refunds go upstream; off by default */
  gboolean        refund_via_gateway;  /* ... and through the payment gateway */
  gint64          watermark_us;        /* 0: never synced */
  gint64          last_sync_us;        /* 0: never synced */
  char           *last_error;          /* NULL when the last sync went well */
  gint64          created_us;
  guint           sync_interval_min;   /* the app syncs by itself this often; 0: never */
} RetourStorefront;

GType             retour_storefront_get_type  (void) G_GNUC_CONST;
RetourStorefront *retour_storefront_new       (void);
RetourStorefront *retour_storefront_copy      (const RetourStorefront *storefront);
void              retour_storefront_free      (RetourStorefront       *storefront);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourStorefront, retour_storefront_free)

/* What a refund made in the storefront took of one order line. */
typedef struct
{
  char        *line_external_id;
  char        *title;      /* the order line's, when the store loads it; else NULL */
  guint        quantity;   /* 0: money only, no units */
  RetourMoney  amount;
} RetourStorefrontRefundLine;

/* A refund of an order as its storefront lists it: one made in the
 * storefront's own admin, or (read from the storefront, never stored as
 * such) one that Retour wrote back. */
typedef struct
{
  gint64       id;                /* in the refund ledger; 0 until stored */
  char        *external_id;       /* the storefront's id of the refund */
  RetourMoney  amount;
  char        *reason;            /* NULL: none given */
  gint64       created_us;
  gboolean     via_gateway;       /* the money went back through the payment gateway */
  char        *idempotency_key;   /* the key of Retour's write-back it carries, or NULL */
  GPtrArray   *lines;             /* of RetourStorefrontRefundLine* */
} RetourStorefrontRefund;

RetourStorefrontRefund *retour_storefront_refund_new  (void);
void                    retour_storefront_refund_free (RetourStorefrontRefund *refund);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourStorefrontRefund, retour_storefront_refund_free)

/* One order as a connector read it. Its customer and the products of its
 * lines are linked by their storefront ids when the page is written. */
typedef struct
{
  RetourOrder    *order;
  RetourCustomer *customer;          /* NULL: no customer on the order */
  GPtrArray      *line_product_ids;  /* char* per line of @order, or NULL */
  GPtrArray      *refunds;           /* of RetourStorefrontRefund*: every refund of the
                                      * order upstream, Retour's own included; NULL when
                                      * they were not read (Shopify's line quantities
                                      * already leave refunded units out) */
} RetourSyncedOrder;

RetourSyncedOrder *retour_synced_order_new  (void);
void               retour_synced_order_free (RetourSyncedOrder *synced);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourSyncedOrder, retour_synced_order_free)

/* An order the sync could not read: which, where in the reply and why. */
typedef struct
{
  gint64  store_id;
  char   *external_id;
  char   *order_number;   /* NULL when not even that could be read */
  char   *field;          /* a path into the order, "line_items[2].total"; may be NULL */
  char   *message;        /* why, a sentence */
  gint64  first_seen_us;
  gint64  last_seen_us;
  guint   attempts;       /* syncs that met it */
} RetourSyncProblem;

RetourSyncProblem *retour_sync_problem_new  (void);
void               retour_sync_problem_free (RetourSyncProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourSyncProblem, retour_sync_problem_free)

/* A refund as the storefront is to receive it. */
typedef struct
{
  char    *line_external_id;
  guint    quantity;
  gboolean restock;
  char    *reason_code;    /* the return line's reason ("defective"), or NULL */
  char    *reason_label;   /* as the shop names it ("Defective or does not work"), or NULL */
} RetourWriteBackLine;

typedef struct
{
  gint64       refund_id;
  gint64       store_id;
  char        *order_external_id;
  RetourMoney  amount;
  char        *reason;
  char        *idempotency_key;
  char        *external_id;   /* set once the storefront has it */
  char        *rma_number;    /* NULL before the return was authorized */
  gboolean     items_return;  /* the items come back (not a refund without return) */
  char        *return_external_id;  /* the storefront's return the RMA was made from
                                     * (a customer's request), which the items come
                                     * back through; NULL: none */
  GPtrArray   *lines;         /* of RetourWriteBackLine* */
} RetourWriteBack;

RetourWriteBack  *retour_write_back_new       (void);
void              retour_write_back_free      (RetourWriteBack *write_back);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourWriteBack, retour_write_back_free)

/* Why the shop declines a customer's request, in the storefront's terms
 * (Shopify's ReturnDeclineReason); stored as "other", "final-sale",
 * "return-period-ended". */
typedef enum
{
  RETOUR_DECLINE_OTHER,
  RETOUR_DECLINE_FINAL_SALE,
  RETOUR_DECLINE_RETURN_PERIOD_ENDED,
} RetourDeclineReason;

/* The most a decline's note to the customer holds (Shopify: 500
 * characters); a longer one is cut. */
#define RETOUR_DECLINE_NOTE_MAX_CHARS 500

const char      *retour_decline_reason_to_key    (RetourDeclineReason  reason);
/* RETOUR_DECLINE_OTHER for NULL or a key Retour does not know. */
RetourDeclineReason retour_decline_reason_from_key (const char         *key);
/* What staff read for @reason ("The return period has ended"). */
const char      *retour_decline_reason_get_label (RetourDeclineReason  reason);

/* Where a return a customer asked for in the storefront stands there. */
typedef enum
{
  RETOUR_RETURN_REQUEST_REQUESTED,  /* waiting for the shop to decide */
  RETOUR_RETURN_REQUEST_OPEN,       /* approved */
  RETOUR_RETURN_REQUEST_DECLINED,
  RETOUR_RETURN_REQUEST_CANCELED,   /* withdrawn by the customer or the shop's staff */
  RETOUR_RETURN_REQUEST_CLOSED,
  RETOUR_RETURN_REQUEST_GONE,       /* the storefront no longer has it */
} RetourReturnRequestStatus;

typedef struct
{
  char  *line_external_id;  /* the order line's storefront id */
  guint  quantity;
  char  *reason;            /* the storefront's reason ("SIZE_TOO_SMALL"), or NULL */
  char  *note;              /* the customer's words, or NULL */
} RetourReturnRequestLine;

/* A return a customer asked for in the storefront (Shopify: a Return),
 * as a connector read it. */
typedef struct
{
  char                      *external_id;        /* "gid://shopify/Return/1" */
  char                      *name;               /* "#1001-R1", or NULL */
  char                      *order_external_id;
  RetourReturnRequestStatus  status;
  gint64                     requested_us;       /* when the customer asked */
  gboolean                   lines_complete;     /* FALSE: the storefront had more lines than were read */
  GPtrArray                 *lines;              /* of RetourReturnRequestLine* */
} RetourReturnRequest;

RetourReturnRequest *retour_return_request_new  (void);
void                 retour_return_request_free (RetourReturnRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourReturnRequest, retour_return_request_free)

G_END_DECLS
