/* retour-search.h — finding returns, newest first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are keyset pages: ask for the rows older than the last one you
 * have (before_id), never for an offset, so page 10,000 costs what page 1
 * costs. With search text, the FTS5 trigram index answers in rowid order,
 * which is creation order, so the newest matches come first without
 * sorting every match.
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRmaSummary, retour_rma_summary_free)

G_END_DECLS
