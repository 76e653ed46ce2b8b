/* retour-lifecycle.h — the RMA lifecycle: statuses and their transitions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   draft -> requested -> authorized -> (in_transit) -> received -> inspected -> resolved -> closed
 *               |             |                                        |
 *               +-> rejected  +-> cancelled / expired                  +-> rejected
 *
 * plus: draft and requested -> cancelled; authorized -> resolved for a
 * keep-it refund (nothing comes back). The table in retour-lifecycle.c is the
 * only place that says which transitions exist; retour_rma_transition()
 * (retour-rma.h) adds the checks that depend on the RMA's content.
 */
#pragma once

#include <glib.h>

#include "retour-core-types.h"

G_BEGIN_DECLS

/* The key stored in the database: "draft", "in_transit", … */
const char *retour_rma_status_to_key       (RetourRmaStatus  status);
gboolean    retour_rma_status_from_key     (const char      *key,
                                            RetourRmaStatus *out_status);
/* Translated, for people: "Requested", "Authorized", "In transit", … */
const char *retour_rma_status_get_label    (RetourRmaStatus  status);
/* The verb of the action that leads into @to, translated: "Authorize",
 * "Mark as received", "Reject", …; NULL for draft, which no step leads
 * into. */
const char *retour_rma_status_get_action_label (RetourRmaStatus to);
gboolean    retour_rma_status_is_terminal  (RetourRmaStatus  status);

/* Whether a return in @status has come as far as @step along the way
 * to closed (draft, requested, authorized, …, resolved, closed). A return
 * that was rejected, cancelled or expired has reached no step. */
gboolean    retour_rma_status_reached      (RetourRmaStatus  status,
                                            RetourRmaStatus  step);

/* Whether the table has an edge @from -> @to. */
gboolean    retour_lifecycle_allows        (RetourRmaStatus  from,
                                            RetourRmaStatus  to);
/* Statuses reachable from @from in one step, in the order the UI offers
 * them (the forward step first); returns how many were written to @out,
 * which must hold RETOUR_RMA_N_STATUSES entries. */
guint       retour_lifecycle_next          (RetourRmaStatus  from,
                                            RetourRmaStatus *out);

G_END_DECLS
