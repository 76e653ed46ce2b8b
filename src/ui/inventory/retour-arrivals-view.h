/* retour-arrivals-view.h — the parcels on their way, and expiring the
 * overdue ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inventory's second view: every return that is authorized or in
 * transit, the longest overdue first, each opening its return
 * (win.show-rma). The overdue ones can be expired, after a confirmation
 * that says how many: in a worker, on a connection of its own, with a
 * toast that says how many were.
 *
 * Its button activates the inventory page's inventory.expire-overdue,
 * which the page enables from retour_arrivals_view_can_expire() and
 * carries out with retour_arrivals_view_expire_overdue().
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-inventory-store.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_ARRIVALS_VIEW (retour_arrivals_view_get_type ())

G_DECLARE_FINAL_TYPE (RetourArrivalsView, retour_arrivals_view, RETOUR, ARRIVALS_VIEW, AdwBin)

/* Properties:
 *   "expiring" (gboolean, read-only): an expiry is under way.
 * Signals:
 *   "expired" (RetourArrivalsView *view): returns were expired, on a
 *   connection that the window's does not hear from: the figures are to
 *   be read again. */

void     retour_arrivals_view_set_context     (RetourArrivalsView           *self,
                                               RetourContext                *context);
/* The rows, from @arrivals (RetourExpectedArrival*, emptied; NULL: none),
 * and how many are on their way and overdue, from @summary. */
void     retour_arrivals_view_set_arrivals    (RetourArrivalsView           *self,
                                               GPtrArray                    *arrivals,
                                               const RetourInventorySummary *summary);
/* Whether there are overdue returns to expire, and no expiry under way. */
gboolean retour_arrivals_view_can_expire      (RetourArrivalsView           *self);
gboolean retour_arrivals_view_get_expiring    (RetourArrivalsView           *self);
/* Asks whether to expire the overdue returns, and does. */
void     retour_arrivals_view_expire_overdue  (RetourArrivalsView           *self);

G_END_DECLS
