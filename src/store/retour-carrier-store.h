/* retour-carrier-store.h — carriers' return labels, their tracking, and
 * the shop's carrier settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A return has at most one label that is not cancelled. Buying one goes
 * in two steps around the carrier's call: retour_carrier_store_begin()
 * writes it as *requested* (or finds the one there), then
 * retour_carrier_store_complete() keeps what the carrier answered, or
 * retour_carrier_store_abandon() removes the request the carrier refused.
 * A request left *requested* is one whose answer was lost: it is never
 * bought again blindly. Tracking is written as the carrier reports it;
 * what it means for the return (in transit, proof of dispatch) is the
 * desk's to write (src/desk/retour-desk.h).
 *
 * Settings: which carrier serves customers of a country, each account's
 * non-secret settings (its keys are in the keyring), the shop's contract
 * price per carrier and its default parcel weight.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_CARRIER_LABEL_REQUESTED,  /* sent to the carrier; no answer kept */
  RETOUR_CARRIER_LABEL_BOUGHT,
  RETOUR_CARRIER_LABEL_ENTERED,    /* a tracking number staff typed in */
  RETOUR_CARRIER_LABEL_CANCELLED,
} RetourCarrierLabelState;

typedef struct
{
  gint64                   id;
  gint64                   rma_id;
  char                    *carrier;          /* "postnl", … */
  char                    *reference;        /* what the carrier has as reference: the RMA number */
  RetourCarrierLabelState  state;
  char                    *tracking_number;  /* NULL until bought */
  char                    *shipment_id;      /* the carrier's id, when not the tracking number */
  GBytes                  *pdf;              /* NULL: none (entered, requested) */
  gint64                   cost_minor;       /* -1: unknown */
  char                    *currency;
  gboolean                 cost_from_carrier;/* else the shop's contract price */
  gint64                   created_us;
  gint64                   cancelled_us;
  char                    *tracking_state;   /* "announced", "in-transit", "delivered", "exception" */
  gint64                   first_scan_us;
  gint64                   delivered_us;
  gint64                   polled_us;        /* 0: never */
  char                    *poll_error;       /* why the last poll failed; NULL: it did not */

  /* Read-only context: the return's number and status nick. */
  char                    *rma_number;
  char                    *rma_status;
} RetourCarrierRecord;

void retour_carrier_record_free (RetourCarrierRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCarrierRecord, retour_carrier_record_free)

typedef struct
{
  gint64  time_us;
  char   *code;
  char   *description;
  char   *state;
} RetourCarrierEventRecord;

void retour_carrier_event_record_free (RetourCarrierEventRecord *event);

/* The return's label that is not cancelled, or a new one written as
 * requested for @carrier and @reference (*@created TRUE). */
RetourCarrierRecord *retour_carrier_store_begin    (RetourDatabase  *db,
                                                    gint64           rma_id,
                                                    const char      *carrier,
                                                    const char      *reference,
                                                    gint64           now_us,
                                                    gboolean        *created,
                                                    GError         **error);
/* A requested label bought: what the carrier answered. @cost_minor -1:
 * the carrier did not say, and @contract_minor (-1: none set) is kept
 * instead. */
gboolean  retour_carrier_store_complete  (RetourDatabase  *db,
                                          gint64           label_id,
                                          const char      *tracking_number,
                                          const char      *shipment_id,
                                          GBytes          *pdf,
                                          gint64           cost_minor,
                                          gint64           contract_minor,
                                          const char      *currency,
                                          GError         **error);
/* Removes a label still requested, which the carrier refused. */
gboolean  retour_carrier_store_abandon   (RetourDatabase  *db,
                                          gint64           label_id,
                                          GError         **error);
/* A parcel the customer sent themselves, by its tracking number. Fails
 * with RETOUR_STORE_ERROR_CONSTRAINT when the return has a label. */
RetourCarrierRecord *retour_carrier_store_enter (RetourDatabase *db,
                                                 gint64          rma_id,
                                                 const char     *carrier,
                                                 const char     *tracking_number,
                                                 gint64          now_us,
                                                 GError        **error);
gboolean  retour_carrier_store_cancel    (RetourDatabase  *db,
                                          gint64           label_id,
                                          gint64           now_us,
                                          GError         **error);
/* NULL without error: the return has none. */
RetourCarrierRecord *retour_carrier_store_get_live (RetourDatabase *db,
                                                    gint64          rma_id,
                                                    GError        **error);
RetourCarrierRecord *retour_carrier_store_get      (RetourDatabase *db,
                                                    gint64          label_id,
                                                    GError        **error);
/* Of RetourCarrierRecord* (without PDFs): the labels whose parcel is
 * announced or in transit, least recently polled first. */
GPtrArray *retour_carrier_store_list_open       (RetourDatabase *db,
                                                 GError        **error);
/* Of RetourCarrierRecord* (without PDFs): parcels a carrier reported
 * an exception for (returned to the customer, damaged, lost), of returns
 * not yet received, closed or cancelled — for Needs Action. */
GPtrArray *retour_carrier_store_list_exceptions (RetourDatabase *db,
                                                 GError        **error);
/* Of RetourCarrierRecord* (without PDFs): parcels the carrier
 * delivered whose return is not received yet, delivered first — for
 * Expected Arrivals, which shows them as at the shop, ready to receive. */
GPtrArray *retour_carrier_store_list_delivered  (RetourDatabase *db,
                                                 GError        **error);
/* Of RetourCarrierEventRecord*, oldest first. */
GPtrArray *retour_carrier_store_list_events     (RetourDatabase *db,
                                                 gint64          label_id,
                                                 GError        **error);

/* Writes a poll's outcome in one transaction: the label's tracking
 * state and times, and the events (RetourCarrierEventRecord*) not kept
 * yet. The first scan and the delivery, once kept, are never moved. */
gboolean  retour_carrier_store_record_tracking (RetourDatabase *db,
                                                gint64          label_id,
                                                const char     *tracking_state,
                                                gint64          first_scan_us,
                                                gint64          delivered_us,
                                                GPtrArray      *events,
                                                gint64          now_us,
                                                GError        **error);
gboolean  retour_carrier_store_record_poll_error (RetourDatabase *db,
                                                  gint64          label_id,
                                                  const char     *message,
                                                  gint64          now_us,
                                                  GError        **error);

/* The carrier chosen for one return; NULL: the country's default. */
char     *retour_carrier_store_get_choice (RetourDatabase *db,
                                           gint64          rma_id,
                                           GError        **error);
gboolean  retour_carrier_store_set_choice (RetourDatabase *db,
                                           gint64          rma_id,
                                           const char     *carrier,
                                           GError        **error);

/* Settings keys: "carrier-default-NL" (a carrier id), and per carrier
 * "carrier-postnl-account", "-code", "-base-url", "-tracking-url",
 * "-contract-price" (minor units of the shop's currency); and the
 * parcel's weight when nothing else says. */
#define RETOUR_SETTING_CARRIER_WEIGHT "carrier-parcel-weight-g"
#define RETOUR_CARRIER_DEFAULT_WEIGHT_G 1000

char     *retour_carrier_store_setting_key (const char     *carrier,
                                            const char     *what);
/* The carrier for customers in @country (ISO alpha-2); NULL: none set. */
char     *retour_carrier_store_get_default (RetourDatabase *db,
                                            const char     *country,
                                            GError        **error);
gboolean  retour_carrier_store_set_default (RetourDatabase *db,
                                            const char     *country,
                                            const char     *carrier,
                                            GError        **error);
/* The shop's contract price for a label of @carrier; -1: none set. */
gint64    retour_carrier_store_get_contract_price (RetourDatabase *db,
                                                   const char     *carrier,
                                                   GError        **error);
guint     retour_carrier_store_get_weight (RetourDatabase *db,
                                           GError        **error);

G_END_DECLS
