/* retour-privacy-store.h — a customer's data erased (GDPR art. 17).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Erasure is anonymisation: the customer's personal data is replaced by
 * a stable placeholder ("Anonymised customer 1234") wherever it is
 * stored, so that the returns, their money and the stock ledger stay
 * whole for the accounts the law makes the shop keep. It is audited
 * without the data (who, when, why), and the customer's keys are kept so
 * that a sync does not bring the data back.
 */
#pragma once

#include "retour-database.h"
#include "retour-order.h"

G_BEGIN_DECLS

/* The audit_event subject of an anonymisation. */
#define RETOUR_AUDIT_CUSTOMER "customer"

/* What an anonymised customer is called, everywhere, whoever reads it:
 * the same on every desk and in every language, since it is data (a
 * name a search finds), not a message. */
#define RETOUR_PRIVACY_PLACEHOLDER_NAME "Anonymised customer"

/* What a history entry's free text reads once struck out. */
#define RETOUR_PRIVACY_STRUCK_OUT "[anonymised]"

typedef enum
{
  RETOUR_PRIVACY_ON_REQUEST,   /* the customer asked (art. 17) */
  RETOUR_PRIVACY_RETENTION,    /* the shop's retention rule (art. 5(1)(e)) */
} RetourPrivacyReason;

/* The customer that @email_or_id names: a customer id ("1234"), or an
 * e-mail address (any case). RETOUR_STORE_ERROR_NOT_FOUND when none,
 * RETOUR_STORE_ERROR_INVALID when an address belongs to several. */
gboolean  retour_privacy_store_find_customer (RetourDatabase  *db,
                                              const char      *email_or_id,
                                              gint64          *out_customer_id,
                                              GError         **error);

/* Replaces customer @customer_id's personal data everywhere, in one
 * transaction, and records it. On a file the writes leave no old byte
 * behind: secure_delete for them, the search index merged, the WAL
 * checkpointed and truncated (when no other connection reads at that
 * moment, the next checkpoint does it). On a server the tables are
 * vacuumed; the server's WAL and backups are its administrator's. */
gboolean  retour_privacy_store_anonymise     (RetourDatabase       *db,
                                              gint64                customer_id,
                                              RetourPrivacyReason   reason,
                                              const char           *actor,
                                              gint64                now_us,
                                              GError              **error);

/* For a sync, before it writes @customer and @order of store @store_id:
 * when the customer was anonymised, puts the placeholder in place of
 * what the storefront sent (and the customer's row id, so that the same
 * row is written again). *out_anonymised (may be NULL) says whether it
 * did. */
gboolean  retour_privacy_store_screen_synced (RetourDatabase  *db,
                                              gint64           store_id,
                                              RetourCustomer  *customer,
                                              RetourOrder     *order,
                                              gboolean        *out_anonymised,
                                              GError         **error);

/* What is held about customer @customer_id (GDPR art. 15): the ids of
 * their orders and of their returns (by customer or by order), oldest
 * first, for an export to load with the stores' own functions. */
gboolean  retour_privacy_store_list_records  (RetourDatabase  *db,
                                              gint64           customer_id,
                                              GArray         **out_order_ids,
                                              GArray         **out_rma_ids,
                                              GError         **error);

/* Whether customer @customer_id has been anonymised. */
gboolean  retour_privacy_store_is_anonymised (RetourDatabase  *db,
                                              gint64           customer_id,
                                              gboolean        *out_anonymised,
                                              GError         **error);

/* ------------------------------------------------------------ retention */

/* The shop's rule (settings "retention" = "on"/"off", "retention-years"). */
#define RETOUR_SETTING_RETENTION        "retention"
#define RETOUR_SETTING_RETENTION_YEARS  "retention-years"

/* How many years a shop in @country (ISO 3166-1 alpha-2, or NULL) must
 * keep its accounting records, as the default of the rule: NL 7, FR 10,
 * DE 10, PL 5; 10 elsewhere. Sources in docs/decisions.md. */
guint     retour_privacy_default_retention_years (const char *country);

/* The first instant whose orders still count under a rule of @years at
 * @now_us: 1 January, local time, of the year @years before this one.
 * Every one of these laws counts its years from the end of the year a
 * record was made in, so a record of 2018 kept 7 years may go in 2026. */
gint64    retour_privacy_retention_cutoff        (gint64      now_us,
                                                  guint       years);

/* The shop's rule: whether it is on, and its years (the default for
 * the shop's country, from the current policy, until the shop set it). */
gboolean  retour_privacy_store_get_retention     (RetourDatabase  *db,
                                                  gboolean        *out_on,
                                                  guint           *out_years,
                                                  GError         **error);
/* Sets the rule, with an audit entry by @actor. @years: 1 to 30. */
gboolean  retour_privacy_store_set_retention     (RetourDatabase  *db,
                                                  gboolean         on,
                                                  guint            years,
                                                  const char      *actor,
                                                  gint64           now_us,
                                                  GError         **error);

/* The customers the rule of @years at @now_us anonymises, by id: not
 * anonymised yet, no return open, and no order and no return made since
 * the cutoff (a customer without either: not entered since). */
GArray   *retour_privacy_store_list_expired      (RetourDatabase  *db,
                                                  guint            years,
                                                  gint64           now_us,
                                                  GError         **error);

/* Anonymises those customers, one transaction each; *out_n says how
 * many. Stops at the first failure (those before it stay anonymised). */
gboolean  retour_privacy_store_apply_retention   (RetourDatabase  *db,
                                                  guint            years,
                                                  const char      *actor,
                                                  gint64           now_us,
                                                  guint           *out_n,
                                                  GError         **error);

/* For the app's timer: applies the rule once a day (local date of
 * @now_us, setting "retention-last-day"), when the shop turned it on and
 * the operator may (the owner, on a server). *out_n: how many were
 * anonymised; 0 when it had run today, or the rule is off. */
gboolean  retour_privacy_store_run_daily         (RetourDatabase  *db,
                                                  const char      *actor,
                                                  gint64           now_us,
                                                  guint           *out_n,
                                                  GError         **error);

G_END_DECLS
