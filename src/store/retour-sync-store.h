/* retour-sync-store.h — storefronts, synced pages and refund write-back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of the `store` table (a shop's WooCommerce or Shopify site),
 * the per-store sync state (watermark, last sync, last error), the write
 * of one page of synced orders in one transaction, and the queue of
 * refunds to write back. The values themselves (RetourStorefront,
 * RetourSyncedOrder, RetourWriteBack, …) are plain domain types in
 * src/core/retour-storefront.h, so that the connectors need no store.
 * Credentials are never stored here: they live in the Secret Service
 * (see src/sync/retour-credentials.h).
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

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

/* How the sync reads orders; an order stored by an older reading is
 * written again even when its update time is the same (see migration 7). */
#define RETOUR_ORDER_READ_VERSION 1

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
