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
 * request, with a line in its history; one approved upstream authorizes
 * it, every unit asked for. Once staff authorize or reject a
 * return made from a request, the storefront is to be told (approved,
 * declined): the store keeps whether it has been.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef struct
{
  guint created;    /* new returns */
  guint cancelled;  /* returns cancelled because the request ended upstream */
  guint authorized; /* returns authorized because staff approved the request upstream */
  guint waiting;    /* requests left for a later sync: their order or one of
                     * its lines is not here yet */
} RetourRequestStats;

/* The shop's reason code for a storefront's reason ("SIZE_TOO_SMALL" →
 * "wrong-size") until the shop maps it otherwise; NULL when it has none
 * (OTHER, UNKNOWN, anything new). */
const char *retour_request_store_default_reason (const char          *storefront_reason);
/* Shopify's reasons a customer picks from, by @index from 0 (NULL past
 * the last), and what Shopify's admin calls each. */
const char *retour_request_store_storefront_reason       (guint         index);
const char *retour_request_store_storefront_reason_label (guint         index);
/* The shop's reason code a request's @storefront_reason becomes: as the
 * shop mapped it, else the default; NULL for none. */
char       *retour_request_store_get_reason     (RetourDatabase      *db,
                                                 const char          *storefront_reason,
                                                 GError             **error);
/* Maps @storefront_reason onto the shop's reason @code (NULL: none), with
 * an audit entry by @actor. Requests already made keep their reasons. */
gboolean    retour_request_store_set_reason     (RetourDatabase      *db,
                                                 const char          *storefront_reason,
                                                 const char          *code,
                                                 const char          *actor,
                                                 gint64               now_us,
                                                 GError             **error);

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

/* A decision on a request that the storefront does not have yet. */
typedef struct
{
  gint64    rma_id;
  char     *external_id;  /* the storefront's id of the request */
  gboolean  approve;      /* authorized (or further); FALSE: rejected */
  RetourDeclineReason reason;  /* why it was rejected, in the storefront's terms */
  char     *note;         /* why it was rejected, as staff wrote it; may be NULL */
} RetourRequestAnswer;

void        retour_request_answer_free          (RetourRequestAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRequestAnswer, retour_request_answer_free)

/* Of RetourRequestAnswer*, oldest return first, at most @limit: the
 * store's returns made from requests that staff authorized or rejected
 * and whose storefront has not been told. A return cancelled here, or
 * expired, has nothing to tell. */
GPtrArray  *retour_request_store_list_unanswered (RetourDatabase     *db,
                                                  gint64              store_id,
                                                  guint               limit,
                                                  GError            **error);
/* The outcome of telling the storefront: done (@message NULL), or why
 * not, kept for the next try. */
gboolean    retour_request_store_record_answer  (RetourDatabase      *db,
                                                 gint64               rma_id,
                                                 const char          *message,
                                                 gint64               now_us,
                                                 GError             **error);

/* Why staff decline the request @rma_id came from, in the storefront's
 * terms; kept for when the storefront is told. In the caller's
 * transaction, with the step to rejected. */
gboolean    retour_request_store_set_decline_reason (RetourDatabase      *db,
                                                     gint64               rma_id,
                                                     RetourDeclineReason  reason,
                                                     GError             **error);

/* A return label to put on the storefront's return, so that the customer
 * finds it in their account. */
typedef struct
{
  gint64  rma_id;
  char   *external_id;  /* the storefront's return */
  char   *number;       /* the RMA's */
  GBytes *pdf;          /* the newest label made for it */
} RetourRequestLabel;

void        retour_request_label_free           (RetourRequestLabel *label);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRequestLabel, retour_request_label_free)

/* Of RetourRequestLabel*, oldest return first, at most @limit: returns
 * made from requests that the storefront has approved, still on their
 * way (authorized, in transit), with a label made here (the carrier's
 * prepaid one, else the newest address label) and none put on the
 * storefront's return yet. */
GPtrArray  *retour_request_store_list_labels    (RetourDatabase      *db,
                                                 gint64               store_id,
                                                 guint                limit,
                                                 GError             **error);
/* The label is on the storefront's return as @label_id, or (@label_id
 * NULL) why it is not, kept for the next try. */
gboolean    retour_request_store_record_label   (RetourDatabase      *db,
                                                 gint64               rma_id,
                                                 const char          *label_id,
                                                 const char          *message,
                                                 gint64               now_us,
                                                 GError             **error);

/* Where a return made from a storefront request stands with that
 * storefront, for the editor. */
typedef struct
{
  gint64               store_id;
  char                *store_name;
  RetourPlatform       platform;
  char                *external_id;
  gint64               answered_us;     /* 0: the storefront has no decision yet */
  char                *answer_error;   /* why the last try to tell it failed, or NULL */
  RetourDeclineReason  decline_reason;
  gint64               label_us;        /* 0: no label on the storefront's return */
  char                *label_error;
} RetourRequestState;

void        retour_request_state_free           (RetourRequestState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRequestState, retour_request_state_free)

/* NULL with no error when @rma_id was not made from a storefront
 * request (or its store was removed). */
RetourRequestState *retour_request_store_load_state (RetourDatabase  *db,
                                                     gint64           rma_id,
                                                     GError         **error);

G_END_DECLS
