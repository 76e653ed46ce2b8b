/* retour-policy.c — the return policy: its defaults and checks, the
 * verdict on whether a line may come back, and the refund it is due.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-clock.h"
#include "retour-policy.h"

G_DEFINE_QUARK (retour-policy-error-quark, retour_policy_error)

G_DEFINE_BOXED_TYPE (RetourReason, retour_reason, retour_reason_copy, retour_reason_free)
G_DEFINE_BOXED_TYPE (RetourCategoryRule, retour_category_rule, retour_category_rule_copy, retour_category_rule_free)
G_DEFINE_BOXED_TYPE (RetourPolicy, retour_policy, retour_policy_copy, retour_policy_free)
G_DEFINE_BOXED_TYPE (RetourVerdict, retour_verdict, retour_verdict_copy, retour_verdict_free)
G_DEFINE_BOXED_TYPE (RetourRefundQuote, retour_refund_quote, retour_refund_quote_copy, retour_refund_quote_free)

#define MAX_WINDOW_DAYS 365

#define ALL_RESOLUTIONS (RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REFUND) | \
                         RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_STORE_CREDIT) | \
                         RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_EXCHANGE) | \
                         RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REPAIR) | \
                         RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REPLACEMENT) | \
                         RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_KEEP_IT))

/* Nothing comes back on a keep-it refund, so there is nothing to restock. */
#define FEE_RESOLUTIONS (ALL_RESOLUTIONS & ~RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_KEEP_IT))

#define ALL_REFUND_METHODS (RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT) | \
                            RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_BANK_TRANSFER) | \
                            RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_CASH) | \
                            RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_STORE_CREDIT))

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static GPtrArray *
copy_string_array (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_full (strings != NULL ? strings->len : 0, g_free);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));

  return copy;
}

/* Customers' languages ------------------------------------------------------ */

static const char * const customer_languages[] = { "en", "nl", "fr", "de", "pl" };

G_STATIC_ASSERT (G_N_ELEMENTS (customer_languages) == RETOUR_N_CUSTOMER_LANGUAGES);

const char *
retour_customer_language_code (guint index)
{
  return index < G_N_ELEMENTS (customer_languages) ? customer_languages[index] : NULL;
}

const char *
retour_customer_language_name (guint index)
{
  switch (index)
    {
    case 0: return _("English");
    case 1: return _("Dutch");
    case 2: return _("French");
    case 3: return _("German");
    case 4: return _("Polish");
    default: return NULL;
    }
}

int
retour_customer_language_index (const char *language)
{
  gsize length;

  if (language == NULL)
    return -1;

  length = strcspn (language, "_-.@");
  for (guint i = 0; i < G_N_ELEMENTS (customer_languages); i++)
    if (length == 2 && g_ascii_strncasecmp (language, customer_languages[i], 2) == 0)
      return (int) i;

  return -1;
}

const char *
retour_customer_language_for_country (const char *country)
{
  static const struct
  {
    const char *country;
    const char *language;
  } countries[] = {
    /* Belgium: Dutch is the language of most of its people; a customer
     * in Wallonia whose storefront says French has it from the order. */
    { "NL", "nl" }, { "BE", "nl" }, { "FR", "fr" }, { "LU", "fr" }, { "MC", "fr" },
    { "DE", "de" }, { "AT", "de" }, { "LI", "de" }, { "PL", "pl" },
  };

  for (guint i = 0; country != NULL && i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (country, countries[i].country) == 0)
      return countries[i].language;

  return NULL;
}

/* Reasons ----------------------------------------------------------------- */

RetourReason *
retour_reason_new (const char *code,
                   const char *label,
                   gboolean    controllable)
{
  RetourReason *reason;

  g_return_val_if_fail (code != NULL, NULL);

  reason = g_new0 (RetourReason, 1);
  reason->code = g_strdup (code);
  reason->label = g_strdup (label);
  reason->controllable = controllable;
  reason->restocking_fee = TRUE;

  return reason;
}

RetourReason *
retour_reason_copy (const RetourReason *reason)
{
  RetourReason *copy;

  g_return_val_if_fail (reason != NULL, NULL);

  copy = g_new (RetourReason, 1);
  *copy = *reason;
  copy->code = g_strdup (reason->code);
  copy->label = g_strdup (reason->label);
  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    copy->customer_names[i] = g_strdup (reason->customer_names[i]);

  return copy;
}

void
retour_reason_free (RetourReason *reason)
{
  if (reason == NULL)
    return;

  g_free (reason->code);
  g_free (reason->label);
  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    g_free (reason->customer_names[i]);
  g_free (reason);
}

/* Category rules ---------------------------------------------------------- */

RetourCategoryRule *
retour_category_rule_new (const char *category,
                          int         window_days,
                          gboolean    final_sale)
{
  RetourCategoryRule *rule;

  g_return_val_if_fail (category != NULL, NULL);

  rule = g_new0 (RetourCategoryRule, 1);
  rule->category = g_strdup (category);
  rule->window_days = window_days;
  rule->final_sale = final_sale;

  return rule;
}

RetourCategoryRule *
retour_category_rule_copy (const RetourCategoryRule *rule)
{
  RetourCategoryRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = retour_category_rule_new (rule->category, rule->window_days, rule->final_sale);
  copy->exception = rule->exception;

  return copy;
}

void
retour_category_rule_free (RetourCategoryRule *rule)
{
  if (rule == NULL)
    return;

  g_free (rule->category);
  g_free (rule);
}

/* Policies ---------------------------------------------------------------- */

static RetourMoney
default_amount (const char *text,
                const char *currency)
{
  RetourMoney money = retour_money_init (0, currency);
  gboolean parsed;

  parsed = retour_money_parse (text, currency, &money, NULL);
  g_assert (parsed);

  return money;
}

RetourPolicy *
retour_policy_new_default (const char *currency)
{
  RetourPolicy *policy;

  g_return_val_if_fail (retour_currency_is_valid (currency), NULL);

  policy = g_new0 (RetourPolicy, 1);
  policy->version = 1;
  policy->window_days = 14;
  policy->refund_timing = RETOUR_REFUND_TIMING_AFTER_INSPECTION;
  policy->restocking_fee_kind = RETOUR_FEE_NONE;
  policy->restocking_fee_basis_points = 0;
  policy->restocking_fee_fixed = retour_money_init (0, currency);
  policy->return_shipping = default_amount ("6.95", currency);
  policy->keep_it_threshold = default_amount ("5", currency);
  policy->allowed_resolutions = ALL_RESOLUTIONS;
  policy->allowed_refund_methods = ALL_REFUND_METHODS;
  policy->fee_resolutions = FEE_RESOLUTIONS & ~RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_EXCHANGE);
  policy->window_from = RETOUR_WINDOW_FROM_DELIVERY;
  policy->category_rules = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_category_rule_free);
  policy->reason_rules = g_array_new (FALSE, FALSE, sizeof (RetourReasonRule));
  policy->withdrawal_info_given = TRUE;
  policy->withdrawal_return_cost_customer = FALSE;
  policy->partial_withdrawal_shipping = RETOUR_PARTIAL_SHIPPING_NONE;
  policy->standard_delivery = retour_money_init (-1, currency);

  return policy;
}

RetourPolicy *
retour_policy_copy (const RetourPolicy *policy)
{
  RetourPolicy *copy;
  guint n_rules;

  g_return_val_if_fail (policy != NULL, NULL);

  copy = g_new (RetourPolicy, 1);
  *copy = *policy;

  n_rules = policy->category_rules != NULL ? policy->category_rules->len : 0;
  copy->category_rules = g_ptr_array_new_full (n_rules, (GDestroyNotify) retour_category_rule_free);
  for (guint i = 0; i < n_rules; i++)
    g_ptr_array_add (copy->category_rules,
                     retour_category_rule_copy (g_ptr_array_index (policy->category_rules, i)));

  copy->reason_rules = g_array_new (FALSE, FALSE, sizeof (RetourReasonRule));
  if (policy->reason_rules != NULL)
    g_array_append_vals (copy->reason_rules, policy->reason_rules->data, policy->reason_rules->len);
  copy->shop_country = g_strdup (policy->shop_country);

  return copy;
}

void
retour_policy_free (RetourPolicy *policy)
{
  if (policy == NULL)
    return;

  g_clear_pointer (&policy->category_rules, g_ptr_array_unref);
  g_clear_pointer (&policy->reason_rules, g_array_unref);
  g_free (policy->shop_country);
  g_free (policy);
}

/* Storefronts are not consistent about case ("Sale", "sale"). */
static gboolean
category_equal (const char *a,
                const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);

  return strcmp (folded_a, folded_b) == 0;
}

RetourRefundMethod
retour_policy_default_refund_method (guint allowed_methods)
{
  if ((allowed_methods & RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT)) != 0)
    return RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;

  for (RetourRefundMethod m = RETOUR_REFUND_METHOD_BANK_TRANSFER; m <= RETOUR_REFUND_METHOD_STORE_CREDIT; m++)
    if ((allowed_methods & RETOUR_REFUND_METHOD_MASK (m)) != 0)
      return m;

  return RETOUR_REFUND_METHOD_NONE;
}

void
retour_policy_set_reason_rule (RetourPolicy *policy,
                               gint64        reason_id,
                               gboolean      controllable,
                               gboolean      restocking_fee)
{
  RetourReasonRule rule = { reason_id, controllable != FALSE, restocking_fee != FALSE };

  g_return_if_fail (policy != NULL);
  g_return_if_fail (reason_id > 0);

  if (policy->reason_rules == NULL)
    policy->reason_rules = g_array_new (FALSE, FALSE, sizeof (RetourReasonRule));

  for (guint i = 0; i < policy->reason_rules->len; i++)
    {
      RetourReasonRule *existing = &g_array_index (policy->reason_rules, RetourReasonRule, i);

      if (existing->reason_id == reason_id)
        {
          *existing = rule;
          return;
        }
    }

  g_array_append_val (policy->reason_rules, rule);
}

const RetourReasonRule *
retour_policy_get_reason_rule (const RetourPolicy *policy,
                               gint64              reason_id)
{
  g_return_val_if_fail (policy != NULL, NULL);

  for (guint i = 0; policy->reason_rules != NULL && i < policy->reason_rules->len; i++)
    {
      const RetourReasonRule *rule = &g_array_index (policy->reason_rules, RetourReasonRule, i);

      if (rule->reason_id == reason_id)
        return rule;
    }

  return NULL;
}

static gboolean
reason_rules_cover (const RetourPolicy *a,
                    const RetourPolicy *b)
{
  for (guint i = 0; a->reason_rules != NULL && i < a->reason_rules->len; i++)
    {
      const RetourReasonRule *rule = &g_array_index (a->reason_rules, RetourReasonRule, i);
      const RetourReasonRule *other = retour_policy_get_reason_rule (b, rule->reason_id);

      if (other == NULL ||
          other->controllable != rule->controllable ||
          other->restocking_fee != rule->restocking_fee)
        return FALSE;
    }

  return TRUE;
}

static gboolean
category_rules_cover (const RetourPolicy *a,
                      const RetourPolicy *b)
{
  for (guint i = 0; a->category_rules != NULL && i < a->category_rules->len; i++)
    {
      const RetourCategoryRule *rule = g_ptr_array_index (a->category_rules, i);
      const RetourCategoryRule *other = retour_policy_get_category_rule (b, rule->category);

      if (other == NULL ||
          other->window_days != rule->window_days ||
          other->final_sale != rule->final_sale ||
          other->exception != rule->exception)
        return FALSE;
    }

  return TRUE;
}

gboolean
retour_policy_equal (const RetourPolicy *a,
                     const RetourPolicy *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->window_days == b->window_days &&
         a->window_from == b->window_from &&
         a->refund_timing == b->refund_timing &&
         a->restocking_fee_kind == b->restocking_fee_kind &&
         a->restocking_fee_basis_points == b->restocking_fee_basis_points &&
         retour_money_compare (a->restocking_fee_fixed, b->restocking_fee_fixed) == 0 &&
         retour_money_compare (a->return_shipping, b->return_shipping) == 0 &&
         retour_money_compare (a->keep_it_threshold, b->keep_it_threshold) == 0 &&
         a->allowed_resolutions == b->allowed_resolutions &&
         a->allowed_refund_methods == b->allowed_refund_methods &&
         a->fee_resolutions == b->fee_resolutions &&
         category_rules_cover (a, b) && category_rules_cover (b, a) &&
         reason_rules_cover (a, b) && reason_rules_cover (b, a) &&
         g_strcmp0 (a->shop_country, b->shop_country) == 0 &&
         a->withdrawal_info_given == b->withdrawal_info_given &&
         a->withdrawal_return_cost_customer == b->withdrawal_return_cost_customer &&
         a->partial_withdrawal_shipping == b->partial_withdrawal_shipping &&
         retour_money_compare (a->standard_delivery, b->standard_delivery) == 0;
}

const RetourCategoryRule *
retour_policy_get_category_rule (const RetourPolicy *policy,
                                 const char         *category)
{
  g_return_val_if_fail (policy != NULL, NULL);

  if (category == NULL || policy->category_rules == NULL)
    return NULL;

  for (guint i = 0; i < policy->category_rules->len; i++)
    {
      const RetourCategoryRule *rule = g_ptr_array_index (policy->category_rules, i);

      if (rule->category != NULL && category_equal (rule->category, category))
        return rule;
    }

  return NULL;
}

static gboolean
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID, message);

  return FALSE;
}

gboolean
retour_policy_validate (const RetourPolicy  *policy,
                        GError             **error)
{
  const char *currency;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (policy->window_days > MAX_WINDOW_DAYS)
    return set_invalid (error, _("The return window must be between 0 and 365 days"));

  if ((guint) policy->window_from > RETOUR_WINDOW_FROM_ORDER)
    return set_invalid (error, _("The date the return window counts from is not one Retour knows"));

  if ((guint) policy->refund_timing > RETOUR_REFUND_TIMING_AFTER_INSPECTION)
    return set_invalid (error, _("The refund timing is not one Retour knows"));

  if ((guint) policy->restocking_fee_kind > RETOUR_FEE_FIXED)
    return set_invalid (error, _("The kind of restocking fee is not one Retour knows"));

  if (policy->restocking_fee_basis_points > 10000)
    return set_invalid (error, _("The restocking fee cannot be more than 100%"));

  currency = policy->return_shipping.currency;
  if (!retour_currency_is_valid (currency))
    {
      g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
                   _("The policy’s currency “%s” is not one Retour knows"), currency);
      return FALSE;
    }
  if (strcmp (policy->restocking_fee_fixed.currency, currency) != 0 ||
      strcmp (policy->keep_it_threshold.currency, currency) != 0)
    {
      g_set_error_literal (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
                           _("All amounts of the policy must be in the same currency"));
      return FALSE;
    }

  if (policy->restocking_fee_fixed.minor < 0 ||
      policy->return_shipping.minor < 0 ||
      policy->keep_it_threshold.minor < 0)
    return set_invalid (error, _("The amounts of the policy cannot be negative"));

  /* Negative is "not set", in whatever currency. */
  if (policy->standard_delivery.minor >= 0 &&
      strcmp (policy->standard_delivery.currency, currency) != 0)
    {
      g_set_error_literal (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
                           _("All amounts of the policy must be in the same currency"));
      return FALSE;
    }

  if (policy->shop_country != NULL &&
      !(g_ascii_isalpha (policy->shop_country[0]) && g_ascii_isalpha (policy->shop_country[1]) &&
        policy->shop_country[2] == '\0'))
    return set_invalid (error, _("The shop’s country must be a two-letter code, such as NL"));

  if ((guint) policy->partial_withdrawal_shipping > RETOUR_PARTIAL_SHIPPING_PRO_RATA)
    return set_invalid (error, _("The delivery refunded on a partial withdrawal is not a choice Retour knows"));

  if ((policy->allowed_resolutions & ALL_RESOLUTIONS) == 0 ||
      (policy->allowed_resolutions & ~ALL_RESOLUTIONS) != 0)
    return set_invalid (error, _("Allow at least one resolution"));

  if ((policy->allowed_refund_methods & ~ALL_REFUND_METHODS) != 0 ||
      (policy->fee_resolutions & ~FEE_RESOLUTIONS) != 0)
    return set_invalid (error, _("The policy names a refund method or resolution Retour does not know"));

  if ((policy->allowed_resolutions & RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REFUND)) != 0 &&
      (policy->allowed_refund_methods & ALL_REFUND_METHODS) == 0)
    return set_invalid (error, _("Refunds are allowed, so allow at least one way to pay them"));

  for (guint i = 0; policy->category_rules != NULL && i < policy->category_rules->len; i++)
    {
      const RetourCategoryRule *rule = g_ptr_array_index (policy->category_rules, i);

      if (is_blank (rule->category))
        return set_invalid (error, _("A category rule needs the name of the category"));

      if (rule->window_days < -1 || rule->window_days > MAX_WINDOW_DAYS)
        {
          /* Translators: %s is a product category. */
          g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID,
                       _("The return window for “%s” must be between 0 and 365 days"),
                       rule->category);
          return FALSE;
        }

      if ((guint) rule->exception > RETOUR_EXCEPTION_PRESS)
        {
          /* Translators: %s is a product category. */
          g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID,
                       _("The exception to the right of withdrawal for “%s” is not one Retour knows"),
                       rule->category);
          return FALSE;
        }

      for (guint j = 0; j < i; j++)
        {
          const RetourCategoryRule *earlier = g_ptr_array_index (policy->category_rules, j);

          if (earlier->category != NULL && category_equal (earlier->category, rule->category))
            {
              /* Translators: %s is a product category. */
              g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID,
                           _("The category “%s” has more than one rule"), rule->category);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Verdicts ---------------------------------------------------------------- */

static RetourVerdict *
verdict_new (void)
{
  RetourVerdict *verdict = g_new0 (RetourVerdict, 1);

  g_date_clear (&verdict->deadline, 1);
  verdict->reasons = g_ptr_array_new_with_free_func (g_free);

  return verdict;
}

RetourVerdict *
retour_verdict_copy (const RetourVerdict *verdict)
{
  RetourVerdict *copy;

  g_return_val_if_fail (verdict != NULL, NULL);

  copy = g_new (RetourVerdict, 1);
  *copy = *verdict;
  copy->summary = g_strdup (verdict->summary);
  copy->reasons = copy_string_array (verdict->reasons);

  return copy;
}

void
retour_verdict_free (RetourVerdict *verdict)
{
  if (verdict == NULL)
    return;

  g_free (verdict->summary);
  g_clear_pointer (&verdict->reasons, g_ptr_array_unref);
  g_free (verdict);
}

static char *
format_date (const GDate *date,
             GTimeZone   *tz)
{
  g_autoptr(GDateTime) noon = g_date_time_new (tz,
                                               g_date_get_year (date),
                                               g_date_get_month (date),
                                               g_date_get_day (date),
                                               12, 0, 0);

  if (noon == NULL)
    return g_strdup ("?");

  /* The locale's own way to write a date. */
  return g_date_time_format (noon, "%x");
}

static void
add_reason (RetourVerdict *verdict,
            char          *sentence)
{
  g_ptr_array_add (verdict->reasons, sentence);
}

RetourVerdict *
retour_policy_evaluate_line (const RetourPolicy          *policy,
                             const RetourPolicyLineInput *input,
                             gint64                       now_us,
                             GTimeZone                   *shop_tz)
{
  g_autoptr(RetourVerdict) verdict = NULL;
  g_autofree char *deadline_text = NULL;
  const RetourCategoryRule *rule;
  RetourWindowFrom basis_from;
  gint64 basis_us;
  GDate basis;
  GDate today;
  int window;

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (shop_tz != NULL, NULL);

  verdict = verdict_new ();
  rule = retour_policy_get_category_rule (policy, input->category);

  if (rule != NULL && rule->final_sale)
    {
      verdict->kind = RETOUR_VERDICT_NEEDS_OVERRIDE;
      verdict->final_sale = TRUE;
      verdict->summary = g_strdup (_("Final sale — an override needs a note"));
      add_reason (verdict, g_strdup (_("Final sale: this category is not returnable")));
      return g_steal_pointer (&verdict);
    }

  /* From the date the policy names, else the next one down the chain. */
  switch (policy->window_from)
    {
    case RETOUR_WINDOW_FROM_DELIVERY:
      if (input->delivered_us != 0)
        {
          basis_us = input->delivered_us;
          basis_from = RETOUR_WINDOW_FROM_DELIVERY;
          break;
        }
      G_GNUC_FALLTHROUGH;
    case RETOUR_WINDOW_FROM_FULFILMENT:
      if (input->fulfilled_us != 0)
        {
          basis_us = input->fulfilled_us;
          basis_from = RETOUR_WINDOW_FROM_FULFILMENT;
          break;
        }
      G_GNUC_FALLTHROUGH;
    case RETOUR_WINDOW_FROM_ORDER:
    default:
      basis_us = input->ordered_us;
      basis_from = RETOUR_WINDOW_FROM_ORDER;
      break;
    }

  if (basis_us == 0 || !retour_clock_local_date (basis_us, shop_tz, &basis) ||
      !retour_clock_local_date (now_us, shop_tz, &today))
    {
      verdict->kind = RETOUR_VERDICT_NEEDS_OVERRIDE;
      verdict->summary = g_strdup (_("Return window unknown — an override needs a note"));
      add_reason (verdict, g_strdup (_("The order has no delivery, dispatch or order date, so the return window cannot be checked")));
      return g_steal_pointer (&verdict);
    }

  window = rule != NULL && rule->window_days >= 0 ? rule->window_days : (int) policy->window_days;

  /* Calendar days, not 24-hour periods: a DST change between delivery
   * and today changes nothing. */
  verdict->deadline = basis;
  g_date_add_days (&verdict->deadline, (guint) window);
  verdict->days_left = g_date_days_between (&today, &verdict->deadline);
  deadline_text = format_date (&verdict->deadline, shop_tz);

  if (basis_from == RETOUR_WINDOW_FROM_DELIVERY)
    add_reason (verdict, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Returnable for %d day after delivery",
                                                       "Returnable for %d days after delivery",
                                                       (gulong) window),
                                          window));
  else if (basis_from == RETOUR_WINDOW_FROM_FULFILMENT && policy->window_from == RETOUR_WINDOW_FROM_FULFILMENT)
    add_reason (verdict, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Returnable for %d day after dispatch",
                                                       "Returnable for %d days after dispatch",
                                                       (gulong) window),
                                          window));
  else if (basis_from == RETOUR_WINDOW_FROM_FULFILMENT)
    add_reason (verdict, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Returnable for %d day after dispatch (the delivery date is unknown)",
                                                       "Returnable for %d days after dispatch (the delivery date is unknown)",
                                                       (gulong) window),
                                          window));
  else if (policy->window_from == RETOUR_WINDOW_FROM_ORDER)
    add_reason (verdict, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Returnable for %d day after the order",
                                                       "Returnable for %d days after the order",
                                                       (gulong) window),
                                          window));
  else
    add_reason (verdict, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Returnable for %d day after the order (the delivery date is unknown)",
                                                       "Returnable for %d days after the order (the delivery date is unknown)",
                                                       (gulong) window),
                                          window));

  if (rule != NULL && rule->window_days >= 0)
    {
      /* Translators: %s is a product category. */
      add_reason (verdict, g_strdup_printf (_("The category “%s” has a return window of its own"),
                                            rule->category));
    }

  if (verdict->days_left >= 0)
    {
      verdict->kind = RETOUR_VERDICT_ELIGIBLE;
      if (verdict->days_left == 0)
        verdict->summary = g_strdup (_("Last day to return"));
      else
        verdict->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Eligible, %d day left",
                                                         "Eligible, %d days left",
                                                         (gulong) verdict->days_left),
                                            verdict->days_left);
      /* Translators: %s is a date. */
      add_reason (verdict, g_strdup_printf (_("Last day to return: %s"), deadline_text));
    }
  else
    {
      int late = -verdict->days_left;

      verdict->kind = RETOUR_VERDICT_NEEDS_OVERRIDE;
      verdict->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Outside the return window by %d day — an override needs a note",
                                                       "Outside the return window by %d days — an override needs a note",
                                                       (gulong) late),
                                          late);
      /* Translators: %s is a date. */
      add_reason (verdict, g_strdup_printf (_("The last day to return was %s"), deadline_text));
    }

  return g_steal_pointer (&verdict);
}

/* Refund quotes ----------------------------------------------------------- */

RetourRefundQuote *
retour_refund_quote_copy (const RetourRefundQuote *quote)
{
  RetourRefundQuote *copy;

  g_return_val_if_fail (quote != NULL, NULL);

  copy = g_new (RetourRefundQuote, 1);
  *copy = *quote;
  copy->reasons = copy_string_array (quote->reasons);

  return copy;
}

void
retour_refund_quote_free (RetourRefundQuote *quote)
{
  if (quote == NULL)
    return;

  g_clear_pointer (&quote->reasons, g_ptr_array_unref);
  g_free (quote);
}

const RetourReason *
retour_reason_find (GPtrArray *reasons,
                    gint64     id)
{
  for (guint i = 0; reasons != NULL && id != 0 && i < reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);

      if (reason->id == id)
        return reason;
    }

  return NULL;
}

static void
add_quote_reason (RetourRefundQuote *quote,
                  char              *sentence)
{
  g_ptr_array_add (quote->reasons, sentence);
}

/* @amount × @part / @whole, rounded half up; all three not negative and
 * @part ≤ @whole. */
static gboolean
share_of (RetourMoney   amount,
          gint64        part,
          gint64        whole,
          RetourMoney  *out,
          GError      **error)
{
  guint64 product;

  g_assert (amount.minor >= 0 && part >= 0 && whole > 0 && part <= whole);

  if (!g_uint64_checked_mul (&product, (guint64) amount.minor, (guint64) part))
    {
      g_set_error_literal (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW,
                           _("The result is too large an amount"));
      return FALSE;
    }

  *out = amount;
  out->minor = (gint64) (product / (guint64) whole);
  if (product % (guint64) whole >= ((guint64) whole + 1) / 2)
    out->minor++;

  return TRUE;
}

/* A line's deduction for diminished value, waiting for the keep-it
 * decision. */
typedef struct
{
  const RetourRmaLine *line;
  RetourMoney          value;
} Diminished;

static gboolean
check_amount_currency (RetourMoney   amount,
                       const char   *currency,
                       const char   *title,
                       GError      **error)
{
  if (amount.minor == 0 || strcmp (amount.currency, currency) == 0)
    return TRUE;

  /* Translators: “%s” is an item, then two currency codes. */
  g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
               _("“%s” is priced in %s, but the return is in %s"),
               title != NULL ? title : "", amount.currency, currency);
  return FALSE;
}

/* What a withdrawal refunds of the order's outbound delivery (CRD art
 * 13(1)-(2)): the standard delivery, all of it when the whole order goes
 * back, else what the policy says for part of it. */
static gboolean
quote_outbound (const RetourPolicy  *policy,
                const RetourRma     *rma,
                RetourRefundQuote   *quote,
                guint                withdrawn_units,
                RetourMoney          withdrawn_value,
                GError             **error)
{
  const char *currency = quote->items.currency;
  RetourMoney refundable = rma->order_shipping;
  RetourMoney premium = retour_money_init (0, currency);
  gboolean whole;

  if (withdrawn_units == 0 || rma->order_shipping.minor <= 0)
    return TRUE;

  if (strcmp (rma->order_shipping.currency, currency) != 0)
    {
      /* Translators: both %s are currency codes. */
      g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
                   _("The order’s delivery was paid in %s, but the return is in %s"),
                   rma->order_shipping.currency, currency);
      return FALSE;
    }

  if (policy->standard_delivery.minor >= 0 &&
      retour_money_compare (rma->order_shipping, policy->standard_delivery) > 0)
    {
      refundable = policy->standard_delivery;
      if (!retour_money_subtract (rma->order_shipping, refundable, &premium, error))
        return FALSE;
    }

  whole = rma->order_units > 0 && withdrawn_units >= rma->order_units;

  if (whole)
    {
      g_autofree char *text = NULL;

      quote->outbound_shipping = refundable;
      text = retour_money_format (refundable);
      /* Translators: %s is an amount of money. */
      add_quote_reason (quote, g_strdup_printf (_("Delivery of %s refunded: the whole order is withdrawn"), text));
    }
  else if (policy->partial_withdrawal_shipping == RETOUR_PARTIAL_SHIPPING_PRO_RATA)
    {
      g_autofree char *text = NULL;
      gboolean by_value = rma->order_value.minor > 0 &&
                          strcmp (rma->order_value.currency, currency) == 0;

      if (by_value)
        {
          if (!share_of (refundable, MIN (withdrawn_value.minor, rma->order_value.minor),
                         rma->order_value.minor, &quote->outbound_shipping, error))
            return FALSE;
        }
      else if (rma->order_units > 0)
        {
          if (!share_of (refundable, withdrawn_units, rma->order_units,
                         &quote->outbound_shipping, error))
            return FALSE;
        }
      else
        {
          add_quote_reason (quote, g_strdup (_("No delivery refunded: the order’s size is unknown, so its share cannot be worked out")));
          return TRUE;
        }

      text = retour_money_format (quote->outbound_shipping);
      /* Translators: %s is an amount of money. */
      add_quote_reason (quote, g_strdup_printf (_("Delivery of %s refunded: the withdrawn items’ share of the order"), text));
    }
  else
    {
      add_quote_reason (quote, g_strdup (_("No delivery refunded: only part of the order is withdrawn")));
      return TRUE;
    }

  if (premium.minor > 0)
    {
      g_autofree char *text = retour_money_format (premium);

      /* Translators: %s is an amount of money. */
      add_quote_reason (quote, g_strdup_printf (_("The %s paid above standard delivery is not refunded"), text));
    }

  return TRUE;
}

/* A deduction for handling beyond what was needed to see what the goods
 * are (CRD art 14(2)): only with a reason, and never when the customer
 * was not told of the right of withdrawal. */
static gboolean
quote_diminished (const RetourPolicy  *policy,
                  RetourRefundQuote   *quote,
                  GArray              *diminished,
                  GError             **error)
{
  for (guint i = 0; i < diminished->len; i++)
    {
      const Diminished *item = &g_array_index (diminished, Diminished, i);
      const char *title = item->line->title != NULL ? item->line->title : "";
      RetourMoney amount = item->line->diminished_value;
      g_autofree char *amount_text = NULL;

      if (!policy->withdrawal_info_given)
        {
          /* Translators: “%s” is an item. */
          add_quote_reason (quote, g_strdup_printf (_("No deduction for the lost value of “%s”: the customer was not told of the right of withdrawal"),
                                                    title));
          continue;
        }

      if (is_blank (item->line->diminished_reason))
        {
          /* Translators: “%s” is an item. */
          add_quote_reason (quote, g_strdup_printf (_("No deduction for the lost value of “%s”: it needs a reason"),
                                                    title));
          continue;
        }

      /* Never more than the item is worth. */
      if (retour_money_compare (amount, item->value) > 0)
        amount = item->value;
      if (!retour_money_add (quote->diminished_value, amount, &quote->diminished_value, error))
        return FALSE;

      amount_text = retour_money_format (amount);
      /* Translators: an amount of money, an item, then why it lost value. */
      add_quote_reason (quote, g_strdup_printf (_("%s deducted for the lost value of “%s”: %s"),
                                                amount_text, title, item->line->diminished_reason));
    }

  return TRUE;
}

RetourRefundQuote *
retour_policy_quote (const RetourPolicy  *policy,
                     const RetourRma     *rma,
                     GPtrArray           *reasons,
                     GError             **error)
{
  g_autoptr(RetourRefundQuote) quote = NULL;
  g_autoptr(GArray) diminished = NULL;
  const char *currency;
  RetourMoney fee_base;
  RetourMoney deductions;
  RetourMoney withdrawn_value;
  RetourMoney gross;
  gboolean any_controllable = FALSE;
  gboolean any_conformity = FALSE;
  gboolean any_withdrawal = FALSE;
  gboolean withdrawal_shop_pays = FALSE;
  gboolean fee_waived_withdrawal = FALSE;
  gboolean fee_waived_conformity = FALSE;
  guint fee_lines = 0;
  guint units = 0;
  guint withdrawn_units = 0;

  g_return_val_if_fail (policy != NULL, NULL);
  g_return_val_if_fail (rma != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!retour_policy_validate (policy, error))
    return NULL;

  currency = rma->refund.currency;
  if (strcmp (policy->return_shipping.currency, currency) != 0)
    {
      /* Translators: both %s are currency codes. */
      g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
                   _("The policy is in %s, but the return is in %s"),
                   policy->return_shipping.currency, currency);
      return NULL;
    }

  quote = g_new0 (RetourRefundQuote, 1);
  quote->items = retour_money_init (0, currency);
  quote->restocking_fee = retour_money_init (0, currency);
  quote->return_shipping = retour_money_init (0, currency);
  quote->outbound_shipping = retour_money_init (0, currency);
  quote->diminished_value = retour_money_init (0, currency);
  quote->total = retour_money_init (0, currency);
  quote->reasons = g_ptr_array_new_with_free_func (g_free);
  fee_base = retour_money_init (0, currency);
  withdrawn_value = retour_money_init (0, currency);
  diminished = g_array_new (FALSE, FALSE, sizeof (Diminished));

  for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      guint line_units = retour_rma_get_line_quantity (rma, line);
      const RetourReason *reason = retour_reason_find (reasons, line->reason_id);
      const RetourReasonRule *rule = line->reason_id != 0
                                     ? retour_policy_get_reason_rule (policy, line->reason_id)
                                     : NULL;
      gboolean controllable = rule != NULL ? rule->controllable : (reason != NULL && reason->controllable);
      gboolean carries_fee = rule != NULL ? rule->restocking_fee : (reason == NULL || reason->restocking_fee);
      RetourMoney value;

      if (strcmp (line->unit_price.currency, currency) != 0)
        {
          /* Translators: “%s” is an item, then two currency codes. */
          g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY,
                       _("“%s” is priced in %s, but the return is in %s"),
                       line->title != NULL ? line->title : "",
                       line->unit_price.currency, currency);
          return NULL;
        }

      if (line_units == 0)
        continue;

      if (!retour_money_multiply (line->unit_price, line_units, &value, error) ||
          !retour_money_add (quote->items, value, &quote->items, error))
        return NULL;

      units += line_units;

      if (line->claim == RETOUR_CLAIM_CONFORMITY)
        any_conformity = TRUE;

      if (line->claim == RETOUR_CLAIM_WITHDRAWAL)
        {
          any_withdrawal = TRUE;
          withdrawn_units += line_units;
          if (!retour_money_add (withdrawn_value, value, &withdrawn_value, error))
            return NULL;
          /* The shop bears the parcel unless it told the customer (CRD
           * art 14(1)). */
          if (!policy->withdrawal_return_cost_customer)
            withdrawal_shop_pays = TRUE;

          if (line->diminished_value.minor != 0)
            {
              Diminished item = { line, value };

              if (!check_amount_currency (line->diminished_value, currency, line->title, error))
                return NULL;
              if (line->diminished_value.minor < 0)
                {
                  /* Translators: “%s” is an item. */
                  g_set_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID,
                               _("The lost value of “%s” cannot be negative"),
                               line->title != NULL ? line->title : "");
                  return NULL;
                }
              g_array_append_val (diminished, item);
            }
        }

      if (controllable)
        {
          any_controllable = TRUE;
        }
      else if (carries_fee)
        {
          /* The law allows no charge on a withdrawal or a claim under
           * the legal guarantee beyond what CRD arts 13–14 name. */
          if (line->claim == RETOUR_CLAIM_WITHDRAWAL)
            {
              fee_waived_withdrawal = TRUE;
              continue;
            }
          if (line->claim == RETOUR_CLAIM_CONFORMITY)
            {
              fee_waived_conformity = TRUE;
              continue;
            }

          if (!retour_money_add (fee_base, value, &fee_base, error))
            return NULL;
          fee_lines++;
        }
    }

  {
    g_autofree char *items_text = retour_money_format (quote->items);

    /* Translators: %u is a number of items, %s an amount of money. */
    add_quote_reason (quote, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u item worth %s",
                                                           "%u items worth %s",
                                                           units),
                                              units, items_text));
  }

  if (rma->resolution == RETOUR_RESOLUTION_KEEP_IT)
    {
      quote->keep_it = TRUE;
      add_quote_reason (quote, g_strdup (_("Refund without return: the customer keeps the items")));
    }
  else if (rma->resolution == RETOUR_RESOLUTION_UNDECIDED &&
           (policy->allowed_resolutions & RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_KEEP_IT)) != 0 &&
           quote->items.minor > 0 &&
           retour_money_compare (quote->items, policy->keep_it_threshold) < 0)
    {
      g_autofree char *threshold_text = retour_money_format (policy->keep_it_threshold);

      quote->keep_it = TRUE;
      /* Translators: %s is an amount of money. */
      add_quote_reason (quote, g_strdup_printf (_("Worth less than %s: refund without return, the customer keeps the items"),
                                                threshold_text));
    }

  if (policy->restocking_fee_kind != RETOUR_FEE_NONE && !quote->keep_it)
    {
      if (fee_waived_withdrawal)
        add_quote_reason (quote, g_strdup (_("No restocking fee on a withdrawal: the law allows none")));
      if (fee_waived_conformity)
        add_quote_reason (quote, g_strdup (_("No restocking fee on a claim under the legal guarantee")));
    }

  /* A restocking fee pays for putting back what the customer chose to
   * send back: not when the shop caused it, nothing comes back, or the
   * customer buys something else instead. */
  if (policy->restocking_fee_kind != RETOUR_FEE_NONE && fee_lines > 0)
    {
      RetourResolution fee_resolution = rma->resolution == RETOUR_RESOLUTION_UNDECIDED
                                        ? RETOUR_RESOLUTION_REFUND
                                        : rma->resolution;

      if (!quote->keep_it &&
          (policy->fee_resolutions & RETOUR_RESOLUTION_MASK (fee_resolution)) == 0)
        {
          if (fee_resolution == RETOUR_RESOLUTION_EXCHANGE)
            add_quote_reason (quote, g_strdup (_("No restocking fee on an exchange")));
          else
            /* Translators: %s is a resolution, such as “Repair”. */
            add_quote_reason (quote, g_strdup_printf (_("No restocking fee on this resolution (%s)"),
                                                      retour_resolution_get_label (fee_resolution)));
        }
      else if (!quote->keep_it)
        {
          g_autofree char *fee_text = NULL;

          if (policy->restocking_fee_kind == RETOUR_FEE_PERCENT)
            quote->restocking_fee = retour_money_percentage (fee_base, policy->restocking_fee_basis_points);
          else
            quote->restocking_fee = policy->restocking_fee_fixed;

          fee_text = retour_money_format (quote->restocking_fee);
          if (!retour_money_is_zero (quote->restocking_fee))
            {
              /* Translators: %s is an amount of money. */
              add_quote_reason (quote, g_strdup_printf (_("Restocking fee of %s: the customer chose to return"),
                                                        fee_text));
            }
        }
    }

  /* One parcel: when the shop bears the cost of any item in it, it bears
   * the parcel. */
  if (units > 0 && !quote->keep_it && !retour_money_is_zero (policy->return_shipping))
    {
      g_autofree char *shipping_text = retour_money_format (policy->return_shipping);

      if (any_controllable)
        {
          add_quote_reason (quote, g_strdup (_("No return shipping deducted: the shop caused the return")));
        }
      else if (any_conformity)
        {
          add_quote_reason (quote, g_strdup (_("No return shipping deducted: a claim under the legal guarantee costs the customer nothing")));
        }
      else if (withdrawal_shop_pays)
        {
          add_quote_reason (quote, g_strdup (_("No return shipping deducted: the customer was not told they bear it on a withdrawal")));
        }
      else if (any_withdrawal)
        {
          quote->return_shipping = policy->return_shipping;
          /* Translators: %s is an amount of money. */
          add_quote_reason (quote, g_strdup_printf (_("Return shipping of %s deducted: the customer was told they bear it on a withdrawal"),
                                                    shipping_text));
        }
      else
        {
          quote->return_shipping = policy->return_shipping;
          /* Translators: %s is an amount of money. */
          add_quote_reason (quote, g_strdup_printf (_("Return shipping of %s deducted: the customer chose to return"),
                                                    shipping_text));
        }
    }

  if (!quote_outbound (policy, rma, quote, withdrawn_units, withdrawn_value, error))
    return NULL;

  /* Nothing comes back on a keep-it refund, so nothing lost value. */
  if (!quote->keep_it && !quote_diminished (policy, quote, diminished, error))
    return NULL;

  if (!retour_money_add (quote->items, quote->outbound_shipping, &gross, error) ||
      !retour_money_add (quote->restocking_fee, quote->return_shipping, &deductions, error) ||
      !retour_money_add (deductions, quote->diminished_value, &deductions, error) ||
      !retour_money_subtract (gross, deductions, &quote->total, error))
    return NULL;

  if (quote->total.minor < 0)
    {
      quote->total.minor = 0;
      add_quote_reason (quote, g_strdup (_("The deductions are more than the items are worth: nothing is refunded")));
    }

  return g_steal_pointer (&quote);
}
