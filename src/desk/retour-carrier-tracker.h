/* retour-carrier-tracker.h — the app's timer that follows the parcels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While the app runs, retour_desk_track_async() every few minutes: each
 * parcel is still looked at no more often than its carrier allows (the
 * desk's spacing), so the timer only says how often to ask. Connectors
 * come from the shop's carrier accounts, their keys from the keyring (on
 * a worker thread), unless retour_carrier_tracker_set_carriers() gave
 * them. "tracked" is emitted after each round with what changed, so that
 * views reload; retour-cli track does the same from cron.
 */
#pragma once

#include "retour-context.h"
#include "retour-desk-carrier.h"

G_BEGIN_DECLS

#define RETOUR_CARRIER_TRACKER_INTERVAL_S (10 * 60)

#define RETOUR_TYPE_CARRIER_TRACKER (retour_carrier_tracker_get_type ())

G_DECLARE_FINAL_TYPE (RetourCarrierTracker, retour_carrier_tracker, RETOUR, CARRIER_TRACKER, GObject)

RetourCarrierTracker *retour_carrier_tracker_new          (RetourContext        *context);
/* The connectors to use (id → RetourCarrier*), in place of the accounts. */
void                  retour_carrier_tracker_set_carriers (RetourCarrierTracker *self,
                                                           GHashTable           *carriers);
/* A round every @interval_s seconds from now on; 0 stops. */
void                  retour_carrier_tracker_start        (RetourCarrierTracker *self,
                                                           guint                 interval_s);
/* A round now, unless one is under way; TRUE if one started. */
gboolean              retour_carrier_tracker_poll_now     (RetourCarrierTracker *self);
gboolean              retour_carrier_tracker_is_polling   (RetourCarrierTracker *self);

G_END_DECLS
