/* retour-carrier-emulator.h — PostNL, DHL, InPost and Colissimo for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One local HTTP server (127.0.0.1) answers the calls Retour's carrier
 * connectors make, in the shapes the carriers document, and refuses
 * what they would refuse: wrong keys, fields out of their limits, a
 * Polish postcode without its dash. Each label's parcel then follows a
 * script on the emulator's own clock: announced when made, first scan
 * two hours later, sorted at six, delivered (or an exception) at 26.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The keys every carrier takes (see retour_carrier_emulator_account()). */
#define RETOUR_CARRIER_EMULATOR_KEY "emulator-key"
#define RETOUR_CARRIER_EMULATOR_SECRET "emulator-secret"
#define RETOUR_CARRIER_EMULATOR_ACCOUNT "10010010"
#define RETOUR_CARRIER_EMULATOR_CODE "RTRN"

/* When the script's steps happen after a label is made. */
#define RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S (G_GINT64_CONSTANT (2) * 3600)
#define RETOUR_CARRIER_EMULATOR_SORTED_S (G_GINT64_CONSTANT (6) * 3600)
#define RETOUR_CARRIER_EMULATOR_DELIVERED_S (G_GINT64_CONSTANT (26) * 3600)

typedef struct _RetourCarrierEmulator RetourCarrierEmulator;

typedef enum
{
  RETOUR_CARRIER_EMULATOR_END_DELIVERED,
  RETOUR_CARRIER_EMULATOR_END_RETURNED,  /* returned to the customer */
  RETOUR_CARRIER_EMULATOR_END_DAMAGED,
} RetourCarrierEmulatorEnd;

RetourCarrierEmulator *retour_carrier_emulator_new   (void);
void                   retour_carrier_emulator_free  (RetourCarrierEmulator *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCarrierEmulator, retour_carrier_emulator_free)

gboolean    retour_carrier_emulator_start     (RetourCarrierEmulator  *self,
                                               GError                **error);
/* "http://127.0.0.1:PORT" once started: the base and tracking address
 * of every carrier. */
const char *retour_carrier_emulator_get_url   (RetourCarrierEmulator  *self);

/* The emulated time, UTC seconds; it starts at 2026-12-01 09:00 UTC and
 * moves only when told. */
gint64      retour_carrier_emulator_get_now   (RetourCarrierEmulator  *self);
void        retour_carrier_emulator_advance   (RetourCarrierEmulator  *self,
                                               gint64                  seconds);

/* The next requests to @carrier ("postnl", …) fail as @kind says, one
 * each, in order: "throttle" (429, Retry-After 1), "error500", "error503"
 * (Retry-After 1), or "lost" (carried out, then answered 504 as a
 * gateway that lost the answer). */
gboolean    retour_carrier_emulator_add_fault (RetourCarrierEmulator  *self,
                                               const char             *carrier,
                                               const char             *kind,
                                               GError                **error);
/* The parcel @tracking_number's script ends as @end. */
gboolean    retour_carrier_emulator_set_end   (RetourCarrierEmulator  *self,
                                               const char             *tracking_number,
                                               RetourCarrierEmulatorEnd end);
/* A parcel of @carrier made outside Retour (the customer's own), made
 * now; returns its tracking number. */
char       *retour_carrier_emulator_add_parcel (RetourCarrierEmulator *self,
                                                const char            *carrier);

/* Labels bought from @carrier (refusals not counted), and requests of
 * any kind it answered. */
guint       retour_carrier_emulator_get_labels   (RetourCarrierEmulator *self,
                                                  const char            *carrier);
guint       retour_carrier_emulator_get_requests (RetourCarrierEmulator *self,
                                                  const char            *carrier);
/* The reference of @carrier's last label; NULL: none. */
const char *retour_carrier_emulator_get_reference (RetourCarrierEmulator *self,
                                                   const char            *carrier);
/* Whether the parcel was cancelled. */
gboolean    retour_carrier_emulator_is_cancelled (RetourCarrierEmulator *self,
                                                  const char            *tracking_number);
/* Least real time between two DHL tracking calls (DHL: 5000 ms); one
 * sooner is answered 429. 0: no limit. */
void        retour_carrier_emulator_set_dhl_spacing (RetourCarrierEmulator *self,
                                                     guint                  spacing_ms);

G_END_DECLS
