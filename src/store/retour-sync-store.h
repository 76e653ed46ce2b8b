/* retour-sync-store.h — storefronts, synced pages and refund write-back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of the `store` table (a shop's WooCommerce or Shopify site),
 * the per-store sync state (watermark, last sync, last error), the write
 * of one page of synced orders in one transaction, and the queue of
 * refunds to write back. Credentials are never stored here: they live in
 * the Secret Service (see src/sync/retour-credentials.h).
 */
#pragma once

#include "retour-database.h"

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

/* Fills in @storefront->id. The name must be new. */
gboolean          retour_sync_store_add       (RetourDatabase    *db,
                                               RetourStorefront  *storefront,
                                               gint64             now_us,
                                               GError           **error);
/* Of RetourStorefront*, by name. */
GPtrArray        *retour_sync_store_list      (RetourDatabase    *db,
                                               GError           **error);
RetourStorefront *retour_sync_store_load      (RetourDatabase    *db,
                                               gint64             id,
                                               GError           **error);
RetourStorefront *retour_sync_store_find      (RetourDatabase    *db,
                                               const char        *name,
                                               GError           **error);
gboolean          retour_sync_store_rename    (RetourDatabase    *db,
                                               gint64             id,
                                               const char        *name,
                                               GError           **error);
/* The store's orders, customers and products stay (with their returns);
 * they no longer belong to a storefront. */
gboolean          retour_sync_store_remove    (RetourDatabase    *db,
                                               gint64             id,
                                               GError           **error);
gboolean          retour_sync_store_set_write_back (RetourDatabase *db,
                                                    gint64          id,
                                                    gboolean        write_back,
                                                    gboolean        via_gateway,
                                                    GError        **error);
/* Minutes between the syncs the app starts by itself; 0: only on request. */
gboolean          retour_sync_store_set_sync_interval (RetourDatabase *db,
                                                       gint64          id,
                                                       guint           minutes,
                                                       GError        **error);
/* The end of a sync run: when, and what went wrong (NULL: nothing). */
gboolean          retour_sync_store_record_sync (RetourDatabase  *db,
                                                 gint64           id,
                                                 gint64           time_us,
                                                 const char      *error_message,
                                                 GError         **error);

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

/* How the sync reads orders; an order stored by an older reading is
 * written again even when its update time is the same (see migration 7). */
#define RETOUR_ORDER_READ_VERSION 1

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

/* Writes one page in one transaction: per order of @orders
 * (RetourSyncedOrder*) its customer, the products of its lines (from
 * @products, RetourProduct*), the order and its lines, upserted by
 * (store, storefront id). An order the database already holds with the
 * same update time is left alone, products included, so a repeated sync
 * changes nothing. Moves the store's watermark forward to @watermark_us
 * (0: leave it). *n_written counts the orders that changed. In the same
 * transaction, @problems (RetourSyncProblem*, may be NULL) are recorded
 * as orders that could not be read, and those of @orders are cleared.
 *
 * A new version of an order replaces its lines: a line it no longer has
 * is deleted, or, when a return or a storefront refund refers to it,
 * kept with no units and marked as gone upstream. Its refunds, when the
 * connector read them, replace the order's storefront refunds in the
 * refund ledger; those Retour wrote back itself (known by their
 * storefront id or idempotency key) are not taken for the store's. A
 * storefront refund seen for the first time is noted in the history of
 * the order's returns. */
gboolean          retour_sync_store_write_page (RetourDatabase  *db,
                                                gint64           store_id,
                                                GPtrArray       *products,
                                                GPtrArray       *orders,
                                                GPtrArray       *problems,
                                                gint64           watermark_us,
                                                gint64           now_us,
                                                guint           *n_written,
                                                GError         **error);
/* Forgets the problems of these orders (which the storefront no longer
 * has). */
gboolean          retour_sync_store_clear_problems (RetourDatabase      *db,
                                                    gint64               store_id,
                                                    const char * const  *external_ids,
                                                    GError             **error);
/* The orders of the store that a sync could not read, oldest first
 * (RetourSyncProblem*). */
GPtrArray        *retour_sync_store_list_problems (RetourDatabase *db,
                                                   gint64          store_id,
                                                   GError        **error);
/* After a complete listing of every order updated since @since_us: marks
 * the store's orders from that span that were not listed (@seen_ids, a
 * set of storefront ids) as deleted upstream. Their returns are kept.
 * Orders placed before @listed_since_us (0: none) are left alone: the
 * storefront did not list them however they are (Shopify shows only 60
 * days of orders without the read_all_orders scope). */
gboolean          retour_sync_store_mark_deleted (RetourDatabase *db,
                                                  gint64          store_id,
                                                  GHashTable     *seen_ids,
                                                  gint64          since_us,
                                                  gint64          listed_since_us,
                                                  guint          *n_marked,
                                                  GError        **error);

/* Of RetourStorefrontRefund*, oldest first: the refunds made in the
 * storefront of order @order_id, with the title of each line. */
GPtrArray        *retour_sync_store_list_storefront_refunds (RetourDatabase *db,
                                                             gint64          order_id,
                                                             GError        **error);

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
  GPtrArray   *lines;         /* of RetourWriteBackLine* */
} RetourWriteBack;

void              retour_write_back_free      (RetourWriteBack *write_back);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourWriteBack, retour_write_back_free)

/* Queues refund @refund_id for its order's storefront and gives it an
 * idempotency key if it has none. Fails when the refund's order did not
 * come from a storefront. */
gboolean          retour_sync_store_queue_write_back (RetourDatabase  *db,
                                                      gint64           refund_id,
                                                      gint64           now_us,
                                                      GError         **error);
RetourWriteBack  *retour_sync_store_load_write_back  (RetourDatabase  *db,
                                                      gint64           refund_id,
                                                      GError         **error);
/* The outcome of an attempt: @external_id on success, else @message. */
gboolean          retour_sync_store_record_write_back (RetourDatabase *db,
                                                       gint64          refund_id,
                                                       const char     *external_id,
                                                       const char     *message,
                                                       gint64          now_us,
                                                       GError        **error);
/* Ids (gint64) of the queued refunds of @store_id not written back yet. */
GArray           *retour_sync_store_list_pending_write_backs (RetourDatabase *db,
                                                              gint64          store_id,
                                                              GError        **error);

/* A queued refund as the preferences list it. */
typedef struct
{
  gint64       refund_id;
  gint64       rma_id;
  char        *rma_number;        /* NULL before the return was authorized */
  RetourMoney  amount;
  gint64       queued_us;
  guint        attempts;          /* 0: not tried yet */
  gint64       last_attempt_us;   /* 0: not tried yet */
  char        *last_error;        /* what went wrong the last time; NULL: not tried yet */
} RetourQueuedWriteBack;

void              retour_queued_write_back_free (RetourQueuedWriteBack *queued);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourQueuedWriteBack, retour_queued_write_back_free)

/* Of RetourQueuedWriteBack*: the refunds of @store_id waiting to be
 * written back (never tried, or failed), oldest first. */
GPtrArray        *retour_sync_store_list_queued_write_backs (RetourDatabase *db,
                                                             gint64          store_id,
                                                             GError        **error);

G_END_DECLS
