/* retour-connector.h — what every storefront connector can do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connector speaks one storefront's API (WooCommerce REST, Shopify
 * GraphQL). It lists the orders changed since a time, one page per call,
 * and — when the owner opted in — creates a refund upstream. Calls are
 * asynchronous on the caller's main context; retries of transient faults
 * (throttling, 5xx, time-outs, cut-off bodies) happen inside, bounded, so
 * an error that reaches the caller is one to show.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_SYNC_ERROR (retour_sync_error_quark ())

typedef enum
{
  RETOUR_SYNC_ERROR_FAILED,
  RETOUR_SYNC_ERROR_INVALID_DATA,    /* a body that is not what the API documents */
  RETOUR_SYNC_ERROR_UNAUTHORIZED,    /* 401: wrong or revoked key or token */
  RETOUR_SYNC_ERROR_FORBIDDEN,       /* 403: a permission or scope is missing */
  RETOUR_SYNC_ERROR_NOT_FOUND,       /* 404: wrong address, or no such order */
  RETOUR_SYNC_ERROR_REJECTED,        /* 4xx / userErrors: the request was refused */
  RETOUR_SYNC_ERROR_UNAVAILABLE,     /* still failing after the last retry */
  RETOUR_SYNC_ERROR_INSECURE,        /* plain http to a host that is not this computer */
  RETOUR_SYNC_ERROR_NO_CREDENTIALS,  /* nothing in the keyring for this store */
  RETOUR_SYNC_ERROR_NO_KEYRING,      /* no Secret Service to ask */
  RETOUR_SYNC_ERROR_BAD_CREDENTIALS, /* a credentials file that cannot be used */
} RetourSyncError;

GQuark retour_sync_error_quark (void);

/* One page of orders. The connector sets everything but the store ids. */
typedef struct
{
  GPtrArray *orders;        /* of RetourSyncedOrder* */
  GPtrArray *products;      /* of RetourProduct*, one per storefront id */
  GPtrArray *problems;      /* of RetourSyncProblem*: orders of the page that could
                             * not be read; the others are in @orders */
  char      *next_cursor;   /* where the next page starts; NULL after the last */
  gint64     total;         /* orders in the whole listing; -1 if unknown */
  gint64     watermark_us;  /* every order updated before this is listed; 0 if unknown */
  gint64     listed_within_us;  /* orders placed longer ago than this are never
                                 * listed (Shopify without read_all_orders); 0: all are */
  GPtrArray *return_requests;   /* of RetourReturnRequest*: only in a listing of them */
} RetourOrderPage;

RetourOrderPage *retour_order_page_new  (void);
/* Keeps the order at @node, which could not be read because of @error, as
 * a problem of the page: its id and number are taken from the members
 * @id_member and @number_member when they can be read. */
void             retour_order_page_add_problem (RetourOrderPage *page,
                                                JsonNode        *node,
                                                const char      *id_member,
                                                const char      *number_member,
                                                const GError    *error);
void             retour_order_page_free (RetourOrderPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourOrderPage, retour_order_page_free)

#define RETOUR_TYPE_CONNECTOR (retour_connector_get_type ())

G_DECLARE_INTERFACE (RetourConnector, retour_connector, RETOUR, CONNECTOR, GObject)

/* Each call answers with a GTask whose source object is the connector
 * and whose source tag is the vfunc itself, returning a pointer (a
 * RetourOrderPage*, or the refund's id); the interface finishes them all
 * the same way. */
struct _RetourConnectorInterface
{
  GTypeInterface parent_iface;

  void (*list_orders_async)   (RetourConnector     *self,
                               gint64               since_us,
                               const char          *cursor,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
  void (*create_refund_async) (RetourConnector     *self,
                               RetourWriteBack     *write_back,
                               gboolean             via_gateway,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
  /* Optional: the orders of these storefront ids, at most
   * RETOUR_CONNECTOR_MAX_FETCH, as one page without a cursor. */
  void (*fetch_orders_async)  (RetourConnector     *self,
                               const char * const  *external_ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
  /* Optional, both or neither: the returns customers asked for in the
   * storefront that wait for the shop's decision, a page at a time (a
   * RetourOrderPage of return_requests only); and one of them by its
   * storefront id, whatever became of it (a RetourReturnRequest*). */
  void (*list_return_requests_async) (RetourConnector     *self,
                                      const char          *cursor,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
  void (*fetch_return_request_async) (RetourConnector     *self,
                                      const char          *external_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
  /* With the two above: approves a request, or declines it; returns its
   * storefront id. */
  void (*answer_return_request_async) (RetourConnector     *self,
                                       const char          *external_id,
                                       gboolean             approve,
                                       RetourDeclineReason  reason,
                                       const char          *note,
                                       gboolean             notify_customer,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
  /* With the three above: puts a return label on an approved request;
   * returns the storefront's id of what carries it. */
  void (*attach_return_label_async) (RetourConnector     *self,
                                     const char          *external_id,
                                     GBytes              *pdf,
                                     const char          *filename,
                                     gboolean             notify_customer,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

  /* Optional: makes what a return's resolution needs in the storefront
   * (retour_connector_carry_out_resolution_async()); returns a
   * RetourResolutionOutcome*. */
  void (*carry_out_resolution_async) (RetourConnector        *self,
                                      RetourStoreResolution  *resolution,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data);
};

/* How many orders one fetch asks for: what fits one page of either
 * platform (a Shopify page of orders is kept under its query cost). */
#define RETOUR_CONNECTOR_MAX_FETCH 25

gboolean         retour_connector_can_fetch_orders     (RetourConnector      *self);
void             retour_connector_fetch_orders_async   (RetourConnector      *self,
                                                        const char * const   *external_ids,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
RetourOrderPage *retour_connector_fetch_orders_finish  (RetourConnector      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Whether the storefront has returns that customers ask for (Shopify). */
gboolean         retour_connector_can_list_return_requests    (RetourConnector      *self);
/* The returns customers asked for that the shop has not decided yet,
 * starting at @cursor (NULL: the first page); the page holds no orders. */
void             retour_connector_list_return_requests_async  (RetourConnector      *self,
                                                               const char           *cursor,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
RetourOrderPage *retour_connector_list_return_requests_finish (RetourConnector      *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* One request as it stands now; its status is RETOUR_RETURN_REQUEST_GONE
 * when the storefront no longer has it. */
void             retour_connector_fetch_return_request_async  (RetourConnector      *self,
                                                               const char           *external_id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
RetourReturnRequest *retour_connector_fetch_return_request_finish (RetourConnector  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* Approves the request @external_id (@approve), or declines it for
 * @reason with @note to the customer (NULL: none; cut to
 * RETOUR_DECLINE_NOTE_MAX_CHARS); the storefront tells the customer when
 * @notify_customer. Once however often it is called: a request already
 * answered so upstream (after an answer that was lost) counts as done,
 * and so does declining one the customer withdrew. */
void             retour_connector_answer_return_request_async  (RetourConnector     *self,
                                                                const char          *external_id,
                                                                gboolean             approve,
                                                                RetourDeclineReason  reason,
                                                                const char          *note,
                                                                gboolean             notify_customer,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean         retour_connector_answer_return_request_finish (RetourConnector     *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

/* Puts the return label @pdf (named @filename) on the approved request
 * @external_id, where the customer finds it in their account; the
 * storefront tells them when @notify_customer. Once however often it is
 * called: a label already there (after an answer that was lost) counts
 * as done. Returns the storefront's id of the delivery that carries it. */
void             retour_connector_attach_return_label_async  (RetourConnector     *self,
                                                              const char          *external_id,
                                                              GBytes              *pdf,
                                                              const char          *filename,
                                                              gboolean             notify_customer,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
char            *retour_connector_attach_return_label_finish (RetourConnector     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* Lists the orders updated after @since_us (0: all), oldest change first,
 * starting at @cursor (NULL: the first page). */
void             retour_connector_list_orders_async    (RetourConnector      *self,
                                                        gint64                since_us,
                                                        const char           *cursor,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
RetourOrderPage *retour_connector_list_orders_finish   (RetourConnector      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Creates @write_back upstream unless it is there already (found by its
 * idempotency key), so calling it again after a time-out never refunds
 * twice. Money moves through the payment gateway only with @via_gateway.
 * Where the storefront keeps returns apart from refunds (Shopify), the
 * return of the items is created first, once per RMA however often this
 * is called. Returns the storefront's id of the refund. */
void             retour_connector_create_refund_async  (RetourConnector      *self,
                                                        RetourWriteBack      *write_back,
                                                        gboolean              via_gateway,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char            *retour_connector_create_refund_finish (RetourConnector      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Resolutions carried out in the storefront --------------------------------- */

/* What the storefront made for a resolution. */
typedef struct
{
  char *external_id;  /* its id there */
  char *code;         /* what the customer reads: "#1234", a coupon's code */
  char *payment_url;  /* where the customer pays what an exchange costs more; NULL: nothing */
} RetourResolutionOutcome;

void             retour_resolution_outcome_free (RetourResolutionOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourResolutionOutcome, retour_resolution_outcome_free)

/* Whether the storefront can make @kind (WooCommerce: exchange orders
 * and coupons; Shopify: exchange orders and gift cards). */
gboolean         retour_connector_can_carry_out (RetourConnector           *self,
                                                 RetourStoreResolutionKind  kind);
/* Makes @resolution upstream unless it is there already, found by its
 * marker, so that calling it again after a lost answer never makes it
 * twice. A refusal (an unknown or sold-out item, a customer without an
 * account, a code that is taken) is RETOUR_SYNC_ERROR_REJECTED with the
 * storefront's words; an error for which
 * retour_connector_resolution_outcome_unknown() is TRUE may have made
 * it. */
void             retour_connector_carry_out_resolution_async  (RetourConnector        *self,
                                                               RetourStoreResolution  *resolution,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
RetourResolutionOutcome *retour_connector_carry_out_resolution_finish (RetourConnector  *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
/* Whether a failure of retour_connector_carry_out_resolution_async()
 * leaves it unknown what the storefront made: the resolution stays
 * queued, to be looked for. */
gboolean         retour_connector_resolution_outcome_unknown (const GError *error);

G_END_DECLS
