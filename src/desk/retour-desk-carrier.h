/* retour-desk-carrier.h — carriers' return labels at the desk, and
 * following the parcels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Buying a label for an authorized return is one call: the request is
 * written first (retour-carrier-store.h), so that a lost answer never
 * buys a second label; the carrier's PDF, tracking number and cost are
 * kept with the return in one transaction. Tracking a parcel applies
 * what the carrier reports: its first scan moves the return to in
 * transit and is the customer's proof of dispatch
 * (rma.dispatch_proof_us, which ends the shop's right to hold back a
 * withdrawal's refund); delivery makes it ready to receive; an exception
 * (returned to the customer, damaged) is listed for Needs Action
 * (retour_carrier_store_list_exceptions()). Staff may type the tracking
 * number of a parcel the customer sent on their own: it is then followed
 * the same way.
 */
#pragma once

#include "retour-carrier-store.h"
#include "retour-carrier.h"
#include "retour-context.h"

G_BEGIN_DECLS

/* Settings of the shop's returns address as carriers want it; when the
 * name is not set, the lines of RETOUR_SETTING_RETURN_ADDRESS are read:
 * name, street and number, postcode and city. */
#define RETOUR_SETTING_CARRIER_RETURN_NAME     "carrier-return-name"
#define RETOUR_SETTING_CARRIER_RETURN_STREET   "carrier-return-street"
#define RETOUR_SETTING_CARRIER_RETURN_POSTCODE "carrier-return-postcode"
#define RETOUR_SETTING_CARRIER_RETURN_CITY     "carrier-return-city"
#define RETOUR_SETTING_CARRIER_RETURN_COUNTRY  "carrier-return-country"
#define RETOUR_SETTING_CARRIER_RETURN_PHONE    "carrier-return-phone"

/* The carrier of @rma: the one chosen for it, else the default of its
 * customer's country; fails with RETOUR_CARRIER_ERROR_NOT_SET_UP. */
char               *retour_desk_carrier_for_return (RetourContext    *context,
                                                    const RetourRma  *rma,
                                                    GError          **error);
/* What a label of @rma asks for: the customer's address from the order
 * (else the customer), the shop's returns address, the RMA number, the
 * shop's parcel weight. @carrier's country stands in for a returns
 * address without one. */
RetourLabelRequest *retour_desk_carrier_request    (RetourContext    *context,
                                                    const RetourRma  *rma,
                                                    const char       *carrier,
                                                    GError          **error);

/* Buys @carrier's label for the authorized return @rma_id, or gives the
 * one it has. A request whose answer was lost is looked up where the
 * carrier can (InPost) and else refused with what to do. A refusal of
 * the carrier (a field, the keys) leaves the return as it was. */
void                 retour_desk_create_carrier_label_async  (RetourContext        *context,
                                                              RetourCarrier        *carrier,
                                                              gint64                rma_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
RetourCarrierRecord *retour_desk_create_carrier_label_finish (GAsyncResult         *result,
                                                              GError              **error);
/* Drops a request whose answer was lost, once staff found in the
 * carrier's portal that no label was bought (or voided it there). */
gboolean             retour_desk_forget_carrier_request (RetourContext  *context,
                                                         gint64          rma_id,
                                                         GError        **error);
/* Cancels the return's label at the carrier (where it can) and here. */
void                 retour_desk_cancel_carrier_label_async  (RetourContext        *context,
                                                              RetourCarrier        *carrier,
                                                              gint64                rma_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             retour_desk_cancel_carrier_label_finish (GAsyncResult         *result,
                                                              GError              **error);

/* A parcel the customer sent themselves: @carrier NULL is recognised
 * from the number's format (retour_carrier_guess_from_tracking()). */
RetourCarrierRecord *retour_desk_enter_tracking   (RetourContext  *context,
                                                   gint64          rma_id,
                                                   const char     *carrier,
                                                   const char     *tracking_number,
                                                   GError        **error);

/* Writes what the carrier reported of @label_id's parcel and what it
 * means for its return, in one transaction. */
gboolean             retour_desk_apply_tracking   (RetourContext         *context,
                                                   gint64                 label_id,
                                                   const RetourTracking  *tracking,
                                                   GError               **error);

/* One parcel looked at by retour_desk_track_async(). */
typedef struct
{
  gint64   rma_id;
  char    *rma_number;
  char    *carrier;
  char    *tracking_number;
  char    *before;         /* tracking state before */
  char    *after;          /* and after; the same when the poll failed */
  gint64   first_scan_us;
  gint64   delivered_us;
  char    *error;          /* why it could not be looked at; NULL: it was */
} RetourTrackOutcome;

void retour_track_outcome_free (RetourTrackOutcome *outcome);

/* Looks at the open parcels (announced or in transit) whose carrier is
 * in @carriers (id → RetourCarrier*), each no sooner than its carrier
 * allows (RetourCarrierInfo's spacing, per parcel and per account, and
 * its daily budget) unless @force, and applies what they report. With
 * @tracking_number only that parcel. Returns RetourTrackOutcome*; a
 * carrier's failure is an outcome, not an error. */
void       retour_desk_track_async  (RetourContext        *context,
                                     GHashTable           *carriers,
                                     const char           *tracking_number,
                                     gboolean              force,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
GPtrArray *retour_desk_track_finish (GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
