/* retour-sync-engine.h — one sync run of a store, and refund write-back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run lists the orders changed since the store's watermark (less an
 * overlap, so that a change saved upstream just as the last run read is
 * not missed), drops the ones it has seen already in this run, and writes
 * each page in one transaction that also moves the watermark, so a
 * cancelled or failed run resumes where it stopped. A full run (the first
 * one, or when asked) also marks the orders that are gone upstream, among
 * those the storefront lists at all (RetourOrderPage.listed_within_us).
 * Where the storefront has returns that customers ask for (Shopify),
 * a run then reads those waiting for the shop, and makes a return of
 * each it has not yet (retour-request-store.h), and asks again about
 * each return still a request here that the listing no longer shows, so
 * that one withdrawn upstream is cancelled here. Last, it tells the
 * storefront what staff decided on requests: approved when authorized,
 * declined when rejected.
 * Everything happens on the caller's main context; only the network is
 * waited for. The time it records comes from the clock it is given (the
 * context's, retour_context_get_clock()).
 */
#pragma once

#include "retour-connector.h"
#include "retour-credentials.h"
#include "retour-database.h"
#include "retour-http.h"

G_BEGIN_DECLS

/* How far before the watermark an incremental run starts. */
#define RETOUR_SYNC_OVERLAP_US (5 * 60 * G_USEC_PER_SEC)

typedef enum
{
  RETOUR_SYNC_FLAGS_NONE = 0,
  RETOUR_SYNC_FLAGS_FULL = 1 << 0,   /* list everything and mark what is gone */
} RetourSyncFlags;

typedef struct
{
  guint64 orders_listed;   /* distinct orders the storefront listed */
  guint64 orders_changed;  /* of which were new or changed here */
  guint   orders_gone;     /* marked as deleted upstream (full runs) */
  guint   orders_unreadable;  /* skipped: kept as the store's problems */
  guint   pages;
  guint   requests_created;    /* returns made from customers' requests */
  guint   requests_cancelled;  /* returns whose request ended upstream */
  guint   requests_authorized; /* returns whose request was approved upstream */
  guint   requests_waiting;    /* requests whose order is not here yet */
  guint   answers_sent;        /* decisions on requests the storefront now has */
  guint   answers_failed;      /* kept with their returns, for the next run */
  guint   labels_sent;         /* return labels put on the storefront's returns */
  guint   labels_failed;       /* kept with their returns, for the next run */
} RetourSyncStats;

#define RETOUR_TYPE_SYNC_ENGINE (retour_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (RetourSyncEngine, retour_sync_engine, RETOUR, SYNC_ENGINE, GObject)

/* Signals:
 *   "progress" (gint64 store_id, guint64 orders_so_far, gint64 total):
 *   after each page; @total is -1 when the storefront does not say. */

RetourSyncEngine *retour_sync_engine_new               (RetourDatabase          *db,
                                                        RetourClockFunc          clock,
                                                        gpointer                 clock_data);

/* The connector for @storefront's platform; @http may be NULL for a new
 * session with the default time-outs and retries. */
RetourConnector  *retour_sync_connector_new            (const RetourStorefront  *storefront,
                                                        const RetourCredentials *credentials,
                                                        RetourHttp              *http,
                                                        GError                 **error);

/* One short request with @credentials (@storefront needs no id yet):
 * whether the address answers as the platform's API and takes the keys,
 * asking for the orders changed since @now_us. Gives up sooner than a
 * sync would. */
void              retour_sync_test_connection_async    (const RetourStorefront  *storefront,
                                                        const RetourCredentials *credentials,
                                                        gint64                   now_us,
                                                        GCancellable            *cancellable,
                                                        GAsyncReadyCallback      callback,
                                                        gpointer                 user_data);
/* @note: NULL, or a sentence about how the store answered that a person
 * should hear (the keys only worked in the address). */
gboolean          retour_sync_test_connection_finish   (GAsyncResult            *result,
                                                        char                   **note,
                                                        GError                 **error);

void              retour_sync_engine_sync_async        (RetourSyncEngine        *self,
                                                        gint64                   store_id,
                                                        RetourConnector         *connector,
                                                        RetourSyncFlags          flags,
                                                        GCancellable            *cancellable,
                                                        GAsyncReadyCallback      callback,
                                                        gpointer                 user_data);
gboolean          retour_sync_engine_sync_finish       (RetourSyncEngine        *self,
                                                        GAsyncResult            *result,
                                                        RetourSyncStats         *stats,
                                                        GError                 **error);

/* Tells store @store_id's storefront what staff decided on customers'
 * requests since it was last told, and puts the labels made for approved
 * ones on its returns: no sync, and nothing recorded as the store's last
 * sync; what fails stays with its return for the next run. */
void              retour_sync_engine_answer_async      (RetourSyncEngine        *self,
                                                        gint64                   store_id,
                                                        RetourConnector         *connector,
                                                        GCancellable            *cancellable,
                                                        GAsyncReadyCallback      callback,
                                                        gpointer                 user_data);
gboolean          retour_sync_engine_answer_finish     (RetourSyncEngine        *self,
                                                        GAsyncResult            *result,
                                                        RetourSyncStats         *stats,
                                                        GError                 **error);

/* Queues refund @refund_id for its store (giving it an idempotency key)
 * and creates it upstream, once however often this is called. Fails
 * when the store has write-back off; failures stay queued with their
 * message (retour_sync_store_list_pending_write_backs). */
void              retour_sync_engine_write_back_async  (RetourSyncEngine        *self,
                                                        gint64                   refund_id,
                                                        RetourConnector         *connector,
                                                        GCancellable            *cancellable,
                                                        GAsyncReadyCallback      callback,
                                                        gpointer                 user_data);
/* Returns the storefront's id of the refund. */
char             *retour_sync_engine_write_back_finish (RetourSyncEngine        *self,
                                                        GAsyncResult            *result,
                                                        GError                 **error);

/* Makes resolution @resolution_id (queued by the desk:
 * retour_desk_carry_out_resolution()) in its storefront, once however
 * often this is called, and records what came of it: done, with what
 * was made; failed, with the storefront's refusal; or still queued when
 * the answer was lost. Returns the resolution as recorded; fails with the
 * error of the attempt, or with the refusal recorded before (Try Again
 * queues it anew). */
void              retour_sync_engine_carry_out_async   (RetourSyncEngine        *self,
                                                        gint64                   resolution_id,
                                                        RetourConnector         *connector,
                                                        GCancellable            *cancellable,
                                                        GAsyncReadyCallback      callback,
                                                        gpointer                 user_data);
RetourStoreResolution *retour_sync_engine_carry_out_finish (RetourSyncEngine    *self,
                                                        GAsyncResult            *result,
                                                        GError                 **error);

G_END_DECLS
