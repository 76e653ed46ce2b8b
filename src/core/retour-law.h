/* retour-law.h — the law's clocks: withdrawal and legal guarantee dates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Consumer law in the countries Retour's shops sell to (NL, FR, DE, PL)
 * gives the customer rights with deadlines: 14 days to withdraw from a
 * distance sale (Directive 2011/83/EU arts 9–16), 14 days for the shop to
 * refund once told, two years of legal guarantee (Directive 2019/771).
 * This file computes those dates for one return, in the customer's
 * country, as plain values: no storage, no widgets. The facts and their
 * sources are in the team's research (eu-consumer-law.md); where a fact
 * was unverified the conservative reading is taken, and docs/decisions.md
 * says which.
 *
 * Dates are local calendar dates in the country's time zone; a period
 * that ends on a Saturday, Sunday or national public holiday ends at the
 * end of the next working day (Regulation 1182/71 art 3(4)). Only national
 * public holidays count, not regional ones.
 */
#pragma once

#include <glib.h>

#include "retour-core-types.h"
#include "retour-policy.h"
#include "retour-rma.h"

G_BEGIN_DECLS

/* Public holidays ------------------------------------------------------- */

typedef struct
{
  GDate        date;
  const char  *name;   /* translated: "Easter Monday", "King's Day" */
} RetourPublicHoliday;

/* Whether Retour knows the law and holidays of @country (ISO 3166-1
 * alpha-2, any case): NL, FR, DE and PL. */
gboolean     retour_law_country_is_known     (const char    *country);
/* Europe/Amsterdam, Europe/Paris, Europe/Berlin, Europe/Warsaw; UTC for
 * a country Retour does not know. Never NULL. */
GTimeZone   *retour_law_country_time_zone    (const char    *country);
/* The national public holidays of @country in @year, in date order (an
 * empty array for a country Retour does not know). */
GArray      *retour_law_public_holidays      (const char    *country,
                                              int            year);
/* Not a Saturday, a Sunday or a national public holiday of @country. */
gboolean     retour_law_is_working_day       (const char    *country,
                                              const GDate   *date);

/* The first national public holiday of @country from @nominal (the last
 * day the law's count gave) up to, not including, @deadline (the day it
 * was moved to): the holiday that moved a deadline. FALSE when none did,
 * or only a weekend. @holiday may be NULL. */
gboolean     retour_law_deadline_holiday     (const char          *country,
                                              const GDate         *nominal,
                                              const GDate         *deadline,
                                              RetourPublicHoliday *holiday);

/* The dates of one return ---------------------------------------------- */

/* What the law's sums need to know. Times are UTC microseconds, 0 when
 * unknown. */
typedef struct
{
  const char  *country;               /* the customer's; NULL or unknown: @shop_country */
  gint64       possession_us;         /* the customer had the last parcel */
  gboolean     possession_estimated;
  gboolean     info_given;            /* the withdrawal information went with the order */
  gint64       info_given_late_us;    /* given later, at this time; 0 never */
  gint64       declared_us;           /* notice of withdrawal given (sent) */
  gint64       received_back_us;      /* the shop has the goods back */
  gint64       dispatch_proof_us;     /* proof the customer sent them */
  gint64       repaired_us;           /* a repair under the guarantee was done */
} RetourLawInput;

/* The computed dates. An invalid GDate (g_date_valid() false) is a date
 * that does not apply or cannot be known yet. */
typedef struct
{
  char         country[3];            /* whose law and holidays counted */
  gboolean     country_known;         /* FALSE: weekends only, no holidays */
  GDate        possession;
  gboolean     possession_estimated;
  GDate        withdrawal_deadline;   /* last day to send notice, inclusive */
  GDate        extended_deadline;     /* when the information was missing or late */
  gboolean     declared;
  gboolean     declared_in_time;      /* sent by the (extended) deadline */
  GDate        declared_on;           /* local date of the notice */
  GDate        refund_due_by;         /* declared + 14 days */
  gint64       withhold_until_us;     /* the earlier of goods back and proof of
                                       * dispatch; 0 while neither happened */
  GDate        guarantee_until;       /* possession + 2 years (+ 12 months after a repair) */
  gboolean     guarantee_extended;
  GDate        presumption_until;     /* defects presumed present at delivery until */
} RetourLawDates;

/* Fills @dates from @input. @shop_country stands in for an unknown
 * customer country. */
void         retour_law_compute              (const RetourLawInput *input,
                                              const char           *shop_country,
                                              RetourLawDates       *dates);

/* The input for @rma under @policy (its country, possession, notice,
 * proofs; the policy's withdrawal information). */
void         retour_law_input_for_rma        (const RetourRma      *rma,
                                              const RetourPolicy   *policy,
                                              RetourLawInput       *input);

/* When the customer had the goods, from an order's last delivery
 * (@delivered_us) or, when only its dispatch is known (@fulfilled_us),
 * RETOUR_POSSESSION_ESTIMATE_DAYS later, marked as an estimate. 0 when
 * neither is known. */
gint64       retour_law_possession_us        (gint64                delivered_us,
                                              gint64                fulfilled_us,
                                              gboolean             *estimated);

/* The end of the day the refund of a withdrawal is due by law, in the
 * customer's country, as UTC microseconds (the last microsecond of
 * that day); 0 while no notice was given. */
gint64       retour_law_refund_due_us        (const RetourLawDates *dates);

/* Whole days from @now_us (local date in @dates' country) to @deadline:
 * 0 on the day itself, negative once past. */
int          retour_law_days_until           (const RetourLawDates *dates,
                                              const GDate          *deadline,
                                              gint64                now_us);

/* Claims ----------------------------------------------------------------- */

/* Whether @reason is a lack of conformity (defective, not as described,
 * wrong item, damaged in transit, parts missing): a conformity claim. */
gboolean     retour_law_reason_is_conformity (const RetourReason   *reason);

/* The claim a new line gets: a conformity reason → conformity; within
 * the withdrawal period (as of the notice, else @now_us) → withdrawal;
 * after it → commercial return. */
RetourClaimKind retour_law_default_claim     (const RetourLawDates *dates,
                                              gboolean              conformity_reason,
                                              gint64                now_us);

/* The statutory verdict on a withdrawal at @now_us: eligible within the
 * (extended) deadline, needs an override after it. An Art 16 @exception
 * never refuses: the verdict stays eligible and says "An exception may
 * apply: check the seal". */
RetourVerdict *retour_law_evaluate_withdrawal (const RetourLawDates     *dates,
                                               RetourWithdrawalException exception,
                                               gint64                   now_us);

/* France's surcharge on a late withdrawal refund (Code de la consommation
 * L242-4), @days_late after the refund was due: FALSE when not late or
 * not France; else @percent (0 for "the legal interest rate" in the first
 * ten days) and a translated @description of the tier. */
gboolean     retour_law_late_surcharge       (const char           *country,
                                              int                   days_late,
                                              guint                *percent,
                                              char                **description);

G_END_DECLS
