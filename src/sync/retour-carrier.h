/* retour-carrier.h — what every carrier connector can do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A carrier connector speaks one parcel carrier's API (PostNL, DHL Paket
 * Retoure, InPost ShipX, Colissimo SLS): it buys a prepaid return label
 * for a parcel the customer sends to the shop, cancels one where the
 * carrier allows it, and reads the parcel's tracking. Calls are
 * asynchronous on the caller's main context, cancellable, and retried
 * inside (429 with Retry-After, 5xx of reads) a bounded number of times,
 * so an error that reaches the caller is one to show. Errors are in the
 * RETOUR_SYNC_ERROR domain (transport, keys, refusals) or in
 * RETOUR_CARRIER_ERROR (a field the carrier refused, a label it cannot
 * cancel); every message is translated and names what to correct.
 */
#pragma once

#include <gio/gio.h>

#include "retour-http.h"

G_BEGIN_DECLS

#define RETOUR_CARRIER_ERROR (retour_carrier_error_quark ())

typedef enum
{
  RETOUR_CARRIER_ERROR_INVALID_FIELD,  /* the carrier refused a field; the message names it */
  RETOUR_CARRIER_ERROR_CANNOT_CANCEL,  /* this carrier, or this label, cannot be cancelled */
  RETOUR_CARRIER_ERROR_UNKNOWN_CARRIER,
  RETOUR_CARRIER_ERROR_NOT_SET_UP,     /* an account setting is missing */
  RETOUR_CARRIER_ERROR_ANSWER_LOST,    /* a label asked for may have been bought: look first */
} RetourCarrierError;

GQuark retour_carrier_error_quark (void);

/* The parts of a label request a carrier can refuse. */
typedef enum
{
  RETOUR_CARRIER_FIELD_OTHER,
  RETOUR_CARRIER_FIELD_NAME,
  RETOUR_CARRIER_FIELD_STREET,
  RETOUR_CARRIER_FIELD_HOUSE_NUMBER,
  RETOUR_CARRIER_FIELD_POSTCODE,
  RETOUR_CARRIER_FIELD_CITY,
  RETOUR_CARRIER_FIELD_COUNTRY,
  RETOUR_CARRIER_FIELD_EMAIL,
  RETOUR_CARRIER_FIELD_PHONE,
  RETOUR_CARRIER_FIELD_REFERENCE,
  RETOUR_CARRIER_FIELD_WEIGHT,
} RetourCarrierField;

typedef enum
{
  RETOUR_CARRIER_PARTY_NONE,      /* the parcel, not an address */
  RETOUR_CARRIER_PARTY_SENDER,    /* the customer */
  RETOUR_CARRIER_PARTY_RECEIVER,  /* the shop's returns address */
} RetourCarrierParty;

/* Fails with RETOUR_CARRIER_ERROR_INVALID_FIELD: "@carrier_name refused
 * the customer’s postcode: @detail". */
void         retour_carrier_set_field_error (GError             **error,
                                             const char          *carrier_name,
                                             RetourCarrierParty   party,
                                             RetourCarrierField   field,
                                             const char          *detail);

/* What Retour knows of a carrier, whatever its account. */
typedef struct
{
  const char *id;             /* "postnl", "dhl", "inpost", "colissimo" */
  const char *name;           /* "PostNL" */
  const char *country;        /* its first market, ISO 3166-1 alpha-2 */
  guint       reference_max;  /* characters of the reference field the RMA number goes in */
  gboolean    can_cancel;     /* through its API */
  guint       poll_spacing_s; /* the least time between two tracking calls of one account */
  guint       poll_parcel_s;  /* the least time between two looks at one parcel */
  guint       calls_per_day;  /* the account's tracking budget a day; 0: none documented */
} RetourCarrierInfo;

/* NULL-terminated, in a fixed order. */
const RetourCarrierInfo * const *retour_carrier_list_infos (void);
/* NULL for an id Retour does not know. */
const RetourCarrierInfo *retour_carrier_find_info (const char *id);

/* Who sends or receives a parcel, split the way carriers want it. */
typedef struct
{
  char *name;          /* the person */
  char *company;       /* NULL: none */
  char *street;
  char *house_number;  /* "12", "12a"; NULL: none found */
  char *extra;         /* the second address line; NULL: none */
  char *postcode;
  char *city;
  char *country;       /* ISO 3166-1 alpha-2 */
  char *email;         /* NULL: none */
  char *phone;         /* NULL: none */
} RetourCarrierAddress;

RetourCarrierAddress *retour_carrier_address_new  (void);
RetourCarrierAddress *retour_carrier_address_copy (const RetourCarrierAddress *address);
void                  retour_carrier_address_free (RetourCarrierAddress       *address);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCarrierAddress, retour_carrier_address_free)
/* Splits an address line ("Hoofdstraat 12 a", "12 rue de la Paix",
 * "ul. Długa 5/7") into @address's street and house number. */
void                  retour_carrier_address_set_line (RetourCarrierAddress *address,
                                                       const char           *line);

typedef struct
{
  RetourCarrierAddress *sender;     /* the customer */
  RetourCarrierAddress *receiver;   /* the shop's returns address */
  char                 *reference;  /* the RMA number */
  guint                 weight_g;
  gint64                now_us;     /* when it is asked for: the day the
                                     * parcel is handed in, by the carriers
                                     * that want it */
} RetourLabelRequest;

RetourLabelRequest *retour_label_request_new  (void);
void                retour_label_request_free (RetourLabelRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourLabelRequest, retour_label_request_free)

typedef struct
{
  char   *tracking_number;
  char   *shipment_id;     /* the carrier's id of the shipment, when it is not the tracking number */
  GBytes *pdf;
  gint64  cost_minor;      /* what the carrier says it costs; -1: it does not say */
  char   *currency;        /* of @cost_minor */
} RetourCarrierLabel;

RetourCarrierLabel *retour_carrier_label_new  (void);
void                retour_carrier_label_free (RetourCarrierLabel *label);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCarrierLabel, retour_carrier_label_free)

/* Where a parcel is, in the order it gets there. */
typedef enum
{
  RETOUR_TRACKING_ANNOUNCED,   /* label made, no scan yet */
  RETOUR_TRACKING_IN_TRANSIT,  /* the carrier has it: its first scan happened */
  RETOUR_TRACKING_DELIVERED,   /* at the shop */
  RETOUR_TRACKING_EXCEPTION,   /* returned to the customer, damaged, lost: somebody must look */
} RetourTrackingState;

const char *retour_tracking_state_to_string   (RetourTrackingState state);
gboolean    retour_tracking_state_from_string (const char          *text,
                                               RetourTrackingState *state);

typedef struct
{
  gint64               time_us;
  char                *code;         /* the carrier's own */
  char                *description;  /* the carrier's words */
  RetourTrackingState  state;        /* what the event means for Retour */
} RetourTrackingEvent;

void retour_tracking_event_free (RetourTrackingEvent *event);

typedef struct
{
  RetourTrackingState  state;          /* of the latest event */
  gint64               first_scan_us;  /* 0: none yet */
  gint64               delivered_us;   /* 0: not delivered */
  GPtrArray           *events;         /* of RetourTrackingEvent*, oldest first */
} RetourTracking;

RetourTracking *retour_tracking_new  (void);
void            retour_tracking_free (RetourTracking *tracking);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourTracking, retour_tracking_free)
/* Sorts @tracking's events and sets its state, first scan and delivery
 * from them: the first scan is the first event past ANNOUNCED. */
void            retour_tracking_settle (RetourTracking *tracking);

/* The carrier of a tracking number typed by staff, recognised by its
 * format (see docs/decisions.md for the patterns and their sources);
 * NULL when none fits or more than one might. */
const char *retour_carrier_guess_from_tracking (const char *tracking_number);

/* An account's settings. Non-secret ones live in the settings table,
 * @key and @secret in the keyring. */
typedef struct
{
  char *carrier;       /* "postnl", … */
  char *base_url;      /* the label API; NULL: the carrier's production host */
  char *tracking_url;  /* the tracking API; NULL: the carrier's */
  char *account;       /* PostNL customer number, DHL user, InPost organization, Colissimo contract */
  char *code;          /* PostNL customer code, DHL receiverId; else NULL */
  char *key;           /* secret: PostNL apikey, DHL api key, InPost token, Colissimo password */
  char *secret;        /* secret: DHL user's password, La Poste Okapi key; else NULL */
} RetourCarrierAccount;

RetourCarrierAccount *retour_carrier_account_new  (const char *carrier);
RetourCarrierAccount *retour_carrier_account_copy (const RetourCarrierAccount *account);
void                  retour_carrier_account_free (RetourCarrierAccount       *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCarrierAccount, retour_carrier_account_free)

#define RETOUR_TYPE_CARRIER (retour_carrier_get_type ())

G_DECLARE_INTERFACE (RetourCarrier, retour_carrier, RETOUR, CARRIER, GObject)

/* Each call answers with a GTask whose source object is the connector
 * and whose source tag is the vfunc itself. */
struct _RetourCarrierInterface
{
  GTypeInterface parent_iface;

  const RetourCarrierInfo *(*get_info) (RetourCarrier *self);

  void (*create_label_async) (RetourCarrier            *self,
                              const RetourLabelRequest *request,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data);
  /* Optional: the label made earlier for @reference, when the carrier
   * can look one up (an answer that was lost); NULL without error when
   * there is none. */
  void (*find_label_async)   (RetourCarrier            *self,
                              const char               *reference,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data);
  /* Optional: NULL when the carrier does not cancel labels. */
  void (*cancel_label_async) (RetourCarrier            *self,
                              const RetourCarrierLabel *label,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data);
  void (*track_async)        (RetourCarrier            *self,
                              const char               *tracking_number,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data);
};

/* A connector for @account, sending through @http. */
RetourCarrier           *retour_carrier_new                (RetourHttp                 *http,
                                                            const RetourCarrierAccount *account,
                                                            GError                    **error);
const RetourCarrierInfo *retour_carrier_get_info           (RetourCarrier            *self);

/* Buys a return label for @request. A reference longer than the
 * carrier's field fails with RETOUR_CARRIER_ERROR_INVALID_FIELD before
 * anything is sent: a cut RMA number would not find its return. The
 * request is not sent again after a 5xx or a lost answer, which may have
 * bought the label: see retour_carrier_find_label_async(). */
void                retour_carrier_create_label_async  (RetourCarrier            *self,
                                                        const RetourLabelRequest *request,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
RetourCarrierLabel *retour_carrier_create_label_finish (RetourCarrier            *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

gboolean            retour_carrier_can_find_label      (RetourCarrier            *self);
void                retour_carrier_find_label_async    (RetourCarrier            *self,
                                                        const char               *reference,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
/* NULL with no error: the carrier has no label for the reference. */
RetourCarrierLabel *retour_carrier_find_label_finish   (RetourCarrier            *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

/* Fails with RETOUR_CARRIER_ERROR_CANNOT_CANCEL for a carrier that does
 * not cancel labels, saying what happens to an unused one instead. */
void                retour_carrier_cancel_label_async  (RetourCarrier            *self,
                                                        const RetourCarrierLabel *label,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
gboolean            retour_carrier_cancel_label_finish (RetourCarrier            *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

void                retour_carrier_track_async         (RetourCarrier            *self,
                                                        const char               *tracking_number,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
RetourTracking     *retour_carrier_track_finish        (RetourCarrier            *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

/* Whether the carrier takes the account's keys, without buying
 * anything: a look-up of a label that does not exist (InPost), else the
 * tracking of a parcel that does not exist, which a carrier that takes
 * the keys answers "not found". Colissimo's contract password is only
 * tried by a label: this tries its tracking key. */
void                retour_carrier_test_async          (RetourCarrier            *self,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
gboolean            retour_carrier_test_finish         (RetourCarrier            *self,
                                                        GAsyncResult             *result,
                                                        GError                  **error);

G_END_DECLS
