/* retour-policy.h — the return policy and its verdicts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A policy is a versioned value: an RMA keeps the version it was created
 * under, so a later change of policy never changes an old refund.
 *
 * Return windows are counted in calendar days in the shop's time zone: an
 * item delivered on 3 March with a 14-day window may be returned until the
 * end of 17 March, local time, whatever the UTC offset or a DST change in
 * between. Evaluation gives a verdict with its reasons, never just a
 * boolean.
 */
#pragma once

#include <glib-object.h>

#include "retour-core-types.h"
#include "retour-money.h"
#include "retour-rma.h"

G_BEGIN_DECLS

#define RETOUR_POLICY_ERROR (retour_policy_error_quark ())

typedef enum
{
  RETOUR_POLICY_ERROR_INVALID,   /* a setting out of range */
  RETOUR_POLICY_ERROR_CURRENCY,  /* amounts in another currency */
} RetourPolicyError;

#define RETOUR_TYPE_REASON (retour_reason_get_type ())
#define RETOUR_TYPE_CATEGORY_RULE (retour_category_rule_get_type ())
#define RETOUR_TYPE_POLICY (retour_policy_get_type ())
#define RETOUR_TYPE_VERDICT (retour_verdict_get_type ())
#define RETOUR_TYPE_REFUND_QUOTE (retour_refund_quote_get_type ())

/* A return reason. Controllable reasons are the shop's doing (wrong
 * description, damaged in transit, late): no fee, no shipping deduction.
 * Of the others, only those with restocking_fee set carry the restocking
 * fee (a shop may waive it for, say, "ordered two sizes"). */
typedef struct
{
  gint64    id;
  char     *code;            /* stable: "changed-mind" */
  char     *label;           /* as the shop named it */
  gboolean  controllable;
  gboolean  requires_photo;
  guint     position;
  gboolean  retired;         /* kept for old RMAs, not offered for new ones */
  gboolean  restocking_fee;  /* ignored when controllable */
  char     *customer_names[5]; /* what customers read, by the index of
                                * retour_customer_language_code (); NULL:
                                * the shop gave none in that language */
} RetourReason;

/* The languages Retour writes to customers in: "en", "nl", "fr", "de",
 * "pl", by @index from 0; NULL past the last. */
#define RETOUR_N_CUSTOMER_LANGUAGES 5
const char   *retour_customer_language_code  (guint        index);
/* The language's name, translated: "Dutch". */
const char   *retour_customer_language_name  (guint        index);
/* The index of @language ("de", "de_AT.UTF-8", "nl-BE"), or -1. */
int           retour_customer_language_index (const char  *language);
/* The language to write to a customer in @country (ISO 3166-1 alpha-2)
 * in, when they did not say: "nl" for NL and BE, "fr" for FR and LU,
 * "de" for DE and AT, "pl" for PL; NULL for any other. */
const char   *retour_customer_language_for_country (const char *country);

/* What a policy version says about one reason: the flags that decide
 * money, so that a reason changed later does not change old refunds. */
typedef struct
{
  gint64    reason_id;
  gboolean  controllable;
  gboolean  restocking_fee;
} RetourReasonRule;

typedef struct
{
  char     *category;
  int       window_days;     /* -1: the policy's window */
  gboolean  final_sale;      /* not returnable beyond the statutory right */
  RetourWithdrawalException exception;  /* an Art 16 exception that may apply */
} RetourCategoryRule;

typedef struct
{
  gint64              id;
  guint               version;
  guint               window_days;
  RetourWindowFrom    window_from;
  RetourRefundTiming  refund_timing;
  RetourFeeKind       restocking_fee_kind;
  guint               restocking_fee_basis_points;  /* with RETOUR_FEE_PERCENT */
  RetourMoney         restocking_fee_fixed;         /* with RETOUR_FEE_FIXED, per RMA */
  RetourMoney         return_shipping;              /* deducted when the customer's reason */
  RetourMoney         keep_it_threshold;            /* items worth less: refund, keep it */
  guint               allowed_resolutions;          /* RETOUR_RESOLUTION_MASK()s */
  guint               allowed_refund_methods;       /* RETOUR_REFUND_METHOD_MASK()s */
  guint               fee_resolutions;              /* resolutions that carry the fee;
                                                     * an undecided one counts as a refund */
  GPtrArray          *category_rules;               /* of RetourCategoryRule*, owned
                                                     * (retour_category_rule_free) */
  GArray             *reason_rules;                 /* of RetourReasonRule; may be empty
                                                     * (then the reasons' own flags count) */

  /* What the law's sums need to know of the shop (see retour-law.h). */
  char               *shop_country;                 /* ISO 3166-1 alpha-2: the law and
                                                     * holidays when the customer's
                                                     * country is unknown */
  gboolean            withdrawal_info_given;        /* the CRD art 6(1)(h) information
                                                     * goes with every order */
  gboolean            withdrawal_return_cost_customer; /* and it says the customer bears
                                                        * the direct cost of sending back */
  RetourPartialShipping partial_withdrawal_shipping;
  RetourMoney         standard_delivery;            /* the cheapest standard delivery on
                                                     * offer; what an order paid above it
                                                     * is a premium a withdrawal does not
                                                     * refund. Negative: not set */
} RetourPolicy;

typedef enum
{
  RETOUR_VERDICT_ELIGIBLE,
  RETOUR_VERDICT_NEEDS_OVERRIDE,   /* staff may still accept it, with a note */
} RetourVerdictKind;

typedef struct
{
  RetourVerdictKind kind;
  int               days_left;     /* < 0: outside the window by -days_left */
  GDate             deadline;      /* last local day to return; invalid if no window applies */
  gboolean          final_sale;
  char             *summary;       /* "Eligible, 9 days left" (translated) */
  GPtrArray        *reasons;       /* of char*, translated sentences */
} RetourVerdict;

/* What the policy needs to know of one order line. Times are UTC
 * microseconds, 0 when unknown; the window counts from delivery, else
 * fulfilment, else the order date. */
typedef struct
{
  const char          *category;
  gint64               ordered_us;
  gint64               fulfilled_us;
  gint64               delivered_us;
} RetourPolicyLineInput;

typedef struct
{
  RetourMoney  items;           /* value of the units that count */
  RetourMoney  restocking_fee;
  RetourMoney  return_shipping;
  RetourMoney  outbound_shipping;  /* refunded on a withdrawal (CRD art 13) */
  RetourMoney  diminished_value;   /* deducted on a withdrawal (CRD art 14(2)) */
  RetourMoney  total;           /* items + outbound − fee − shipping − diminished,
                                 * never below zero */
  gboolean     keep_it;         /* worth less than the threshold: refund without return */
  GPtrArray   *reasons;         /* of char*, translated: how the total came about */
} RetourRefundQuote;

GQuark              retour_policy_error_quark   (void);

GType               retour_reason_get_type      (void) G_GNUC_CONST;
RetourReason       *retour_reason_new           (const char          *code,
                                                 const char          *label,
                                                 gboolean             controllable);
RetourReason       *retour_reason_copy          (const RetourReason  *reason);
void                retour_reason_free          (RetourReason        *reason);

/* The reason of @reasons (RetourReason*, may be NULL) with @id; NULL for
 * none or id 0. */
const RetourReason *retour_reason_find          (GPtrArray           *reasons,
                                                 gint64               id);
GType               retour_category_rule_get_type (void) G_GNUC_CONST;
/* @window_days -1 for the policy's window. */
RetourCategoryRule *retour_category_rule_new    (const char          *category,
                                                 int                  window_days,
                                                 gboolean             final_sale);
RetourCategoryRule *retour_category_rule_copy   (const RetourCategoryRule *rule);
void                retour_category_rule_free   (RetourCategoryRule  *rule);

GType               retour_policy_get_type      (void) G_GNUC_CONST;
/* A sensible start for a shop in the EU: 14 days from delivery (the legal
 * minimum for distance sales), refund after inspection, no fee (when one is
 * set, it applies to refunds, store credit, repairs and replacements),
 * €6.95 return shipping deducted for the customer's own reasons, keep-it
 * below €5, every resolution and refund method allowed. In another currency the same figures (6.95 and 5 of
 * it), for the shop to adjust. Version 1, id 0 (not stored). */
RetourPolicy       *retour_policy_new_default   (const char          *currency);
RetourPolicy       *retour_policy_copy          (const RetourPolicy  *policy);
void                retour_policy_free          (RetourPolicy        *policy);
/* Window 0–365 days (category rules: -1 or 0–365, one rule per
 * category), fee at most 10000 basis points, amounts not negative and all
 * in one currency, at least one resolution allowed, and at least one
 * refund method when refunds are. */
gboolean            retour_policy_validate      (const RetourPolicy  *policy,
                                                 GError             **error);
/* How a refund is paid when the return does not say: the original
 * payment method when @allowed_methods (RETOUR_REFUND_METHOD_MASK()s)
 * has it, else the first one it has; NONE when it has none. */
RetourRefundMethod  retour_policy_default_refund_method (guint allowed_methods);
/* Whether @a and @b would decide every verdict and refund alike (ids and
 * version numbers aside). */
gboolean            retour_policy_equal         (const RetourPolicy  *a,
                                                 const RetourPolicy  *b);
/* Sets the rule for @reason_id, replacing an earlier one. */
void                retour_policy_set_reason_rule (RetourPolicy      *policy,
                                                   gint64             reason_id,
                                                   gboolean           controllable,
                                                   gboolean           restocking_fee);
/* The rule for @reason_id, or NULL when the policy has none. */
const RetourReasonRule *retour_policy_get_reason_rule (const RetourPolicy *policy,
                                                       gint64              reason_id);
/* The rule for @category (compared without regard to case), or NULL. */
const RetourCategoryRule *retour_policy_get_category_rule (const RetourPolicy *policy,
                                                           const char         *category);

GType               retour_verdict_get_type     (void) G_GNUC_CONST;
RetourVerdict      *retour_verdict_copy         (const RetourVerdict *verdict);
void                retour_verdict_free         (RetourVerdict       *verdict);

/* Whether a line may be returned at @now_us, judged in @shop_tz. A final
 * sale, or a line without any known date, needs an override; the deadline
 * is then invalid. */
RetourVerdict      *retour_policy_evaluate_line (const RetourPolicy            *policy,
                                                 const RetourPolicyLineInput   *input,
                                                 gint64                         now_us,
                                                 GTimeZone                     *shop_tz);

GType               retour_refund_quote_get_type (void) G_GNUC_CONST;
RetourRefundQuote  *retour_refund_quote_copy    (const RetourRefundQuote *quote);
void                retour_refund_quote_free    (RetourRefundQuote   *quote);

/* The refund @rma is due under @policy: the quantities of its lines
 * (retour_rma_get_line_quantity()) at their unit prices; a restocking fee
 * on lines whose reason is not controllable and carries the fee — a line
 * without a known reason counts as the customer's — when the resolution is
 * one of the policy's fee_resolutions (never on keep-it refunds). A
 * reason's flags come from the policy's reason rules, else from @reasons
 * (RetourReason*, looked up by id; may be NULL). Return
 * shipping deducted once unless a controllable reason is among the lines
 * or it is a keep-it refund. It is one when the RMA's resolution is
 * keep-it, or still undecided while the policy allows keep-it and the items
 * are worth less than the threshold. Fails with RETOUR_POLICY_ERROR_INVALID
 * or _CURRENCY when the policy is not valid or the amounts are not all in
 * one currency. */
RetourRefundQuote  *retour_policy_quote         (const RetourPolicy  *policy,
                                                 const RetourRma     *rma,
                                                 GPtrArray           *reasons,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourReason, retour_reason_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCategoryRule, retour_category_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourPolicy, retour_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourVerdict, retour_verdict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRefundQuote, retour_refund_quote_free)

G_END_DECLS
