/* retour-search.h — finding returns, newest first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are keyset pages: ask for the rows older than the last one you
 * have (before_id), never for an offset, so page 10,000 costs what page 1
 * costs. With search text, the FTS5 trigram index answers in rowid order,
 * which is creation order, so the newest matches come first without
 * sorting every match.
 *
 * The count of returns that need action also comes as an asynchronous
 * call for the window, which must not wait on it: an SQLite connection
 * belongs to one thread at a time, so it opens its own read-only
 * connection to the same file in a worker thread and hands the number
 * back. It lives here, beside the count it runs, rather than in the
 * returns room that calls it: it needs no GTK, and the rule it follows
 * is the store's.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RMA_SUMMARY (retour_rma_summary_get_type ())

/* Text shorter than this finds nothing: the index is made of trigrams. */
#define RETOUR_SEARCH_MIN_CHARS 3

/* One row of the returns list. */
typedef struct
{
  gint64           id;
  char            *number;         /* compact, or NULL before authorization */
  RetourRmaStatus  status;
  char            *customer_name;
  char            *order_number;
  gint64           created_us;
  guint            units;          /* units requested */
  RetourMoney      refund;
  /* Filled for the "Needs action" view only: when a withdrawal's refund
   * is due by law (0: none is), and the customer's country. */
  gint64           refund_due_us;
  char            *country;
} RetourRmaSummary;

GType             retour_rma_summary_get_type  (void) G_GNUC_CONST;
RetourRmaSummary *retour_rma_summary_copy      (const RetourRmaSummary *summary);
void              retour_rma_summary_free      (RetourRmaSummary       *summary);

/* Whether @text is long enough to search for. */
gboolean          retour_search_is_searchable  (const char             *text);

/* Up to @limit returns older than @before_id (0: from the newest), newest
 * first: those matching @text (RMA or order number, name, e-mail, phone,
 * SKU, product title, notes; NULL or empty: all) and, if @status is not
 * -1, in that status. A GPtrArray of RetourRmaSummary*. */
GPtrArray        *retour_search_rmas           (RetourDatabase         *db,
                                                const char             *text,
                                                int                     status,
                                                gint64                  before_id,
                                                guint                   limit,
                                                GError                **error);

/* What needs someone's attention, for the "Needs action" view. */
typedef enum
{
  RETOUR_ACTION_NONE,
  RETOUR_ACTION_DECIDE,      /* requested: authorize or reject */
  RETOUR_ACTION_OVERDUE,     /* authorized or in transit, past its due date */
  RETOUR_ACTION_INSPECT,     /* received, not inspected */
  RETOUR_ACTION_RESOLVE,     /* inspected, not resolved */
  RETOUR_ACTION_REFUND,      /* resolved, and less refunded than is due */
  RETOUR_ACTION_LEGAL_REFUND_SOON,  /* a withdrawal's refund is due by law within
                                     * RETOUR_LEGAL_REFUND_NOTICE_DAYS */
  RETOUR_ACTION_LEGAL_REFUND_LATE,  /* … and its day has passed */
  RETOUR_ACTION_MESSAGE,     /* a message to the customer failed, keeps failing,
                              * or may not have arrived */
  RETOUR_ACTION_PARCEL,      /* the carrier reports a problem with the parcel
                              * (returned to sender, damaged) */
} RetourAction;

/* How many tries make a message that keeps failing something to look at. */
#define RETOUR_MESSAGE_TROUBLE_ATTEMPTS 3

/* How many days before a withdrawal's refund falls due by law the desk
 * lists it first. */
#define RETOUR_LEGAL_REFUND_NOTICE_DAYS 3

/* Like retour_search_rmas(), but only returns that need action at @now_us,
 * each with the action in @out_actions (a GArray of RetourAction, one per
 * row) when not NULL. Without @text the first page (@before_id 0) starts
 * with every return whose refund is due by law within
 * RETOUR_LEGAL_REFUND_NOTICE_DAYS or late, the most urgent first; the pages
 * after it hold the rest, newest first. */
GPtrArray        *retour_search_rmas_needing_action (RetourDatabase  *db,
                                                     const char      *text,
                                                     gint64           now_us,
                                                     gint64           before_id,
                                                     guint            limit,
                                                     GArray         **out_actions,
                                                     GError         **error);
/* How many returns need action, counted up to @cap (a count that would
 * read every row is bounded). */
guint64           retour_search_count_needing_action (RetourDatabase *db,
                                                      gint64          now_us,
                                                      guint64         cap,
                                                      GError        **error);
/* The same count on the database at @path, in a worker thread with a
 * connection of its own; the caller's connection is left alone. */
void              retour_search_count_needing_action_async  (const char          *path,
                                                             gint64               now_us,
                                                             guint64              cap,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          retour_search_count_needing_action_finish (GAsyncResult        *result,
                                                             guint64             *count,
                                                             GError             **error);

#define RETOUR_TYPE_ORDER_SUMMARY (retour_order_summary_get_type ())

/* One order found by the "new return" search. */
typedef struct
{
  gint64       id;
  char        *number;
  char        *customer_name;
  char        *email;
  char        *phone;
  gint64       ordered_us;
  gint64       delivered_us;   /* 0 when unknown */
  RetourMoney  total;
  guint        n_lines;
  gboolean     cancelled;      /* cancelled or deleted in the storefront */
} RetourOrderSummary;

GType               retour_order_summary_get_type (void) G_GNUC_CONST;
RetourOrderSummary *retour_order_summary_copy     (const RetourOrderSummary *summary);
void                retour_order_summary_free     (RetourOrderSummary       *summary);

/* Orders matching @text (order number, customer name, e-mail, phone, SKU,
 * product), newest first, at most @limit. An exact order number comes
 * first. A GPtrArray of RetourOrderSummary*. */
GPtrArray        *retour_search_orders         (RetourDatabase         *db,
                                                const char             *text,
                                                guint                   limit,
                                                GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRmaSummary, retour_rma_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourOrderSummary, retour_order_summary_free)

G_END_DECLS
