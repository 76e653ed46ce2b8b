/* test-policy.c — what staff see when they ask whether an item may come
 * back, and what the customer gets: the verdict text, the days left, the
 * refund and how it came about.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-policy"

#include "config.h"

#include <string.h>

#include "retour-core.h"

/* Shared by the window tests; NULL when tzdata lacks the zone. */
typedef struct
{
  GTimeZone *amsterdam;
  GTimeZone *utc;
} Zones;

static void
zones_set_up (Zones         *zones,
              gconstpointer  data)
{
  zones->amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  zones->utc = g_time_zone_new_utc ();
}

static void
zones_tear_down (Zones         *zones,
                 gconstpointer  data)
{
  g_clear_pointer (&zones->amsterdam, g_time_zone_unref);
  g_clear_pointer (&zones->utc, g_time_zone_unref);
}

/* Amsterdam, or NULL with the test marked skipped. */
static GTimeZone *
amsterdam_or_skip (Zones *zones)
{
  if (zones->amsterdam == NULL)
    g_test_skip ("the time zone Europe/Amsterdam is not installed");

  return zones->amsterdam;
}

static gint64
at (GTimeZone *tz,
    int        year,
    int        month,
    int        day,
    int        hour,
    int        minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (time);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gboolean
has_reason (GPtrArray  *reasons,
            const char *sentence)
{
  for (guint i = 0; i < reasons->len; i++)
    {
      if (strcmp (g_ptr_array_index (reasons, i), sentence) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_reason_starting (GPtrArray  *reasons,
                     const char *start)
{
  for (guint i = 0; i < reasons->len; i++)
    {
      if (g_str_has_prefix (g_ptr_array_index (reasons, i), start))
        return TRUE;
    }

  return FALSE;
}

/* Evaluates a line delivered at @delivered_us and checks what staff read. */
static void
check_window (const RetourPolicy *policy,
              const char         *category,
              gint64              delivered_us,
              gint64              now_us,
              GTimeZone          *tz,
              int                 days_left,
              const char         *summary)
{
  RetourPolicyLineInput input = { category, delivered_us - 3 * G_TIME_SPAN_DAY, 0, delivered_us };
  g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, now_us, tz);

  g_assert_nonnull (verdict);
  g_assert_cmpstr (verdict->summary, ==, summary);
  g_assert_cmpint (verdict->days_left, ==, days_left);
  g_assert_cmpint (verdict->kind, ==, days_left >= 0 ? RETOUR_VERDICT_ELIGIBLE
                                                     : RETOUR_VERDICT_NEEDS_OVERRIDE);
  g_assert_true (g_date_valid (&verdict->deadline));
  g_assert_false (verdict->final_sale);
  g_assert_cmpuint (verdict->reasons->len, >, 0);
}

static void
test_default (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(RetourPolicy) yen = retour_policy_new_default ("JPY");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (policy->window_days, ==, 14);
  g_assert_cmpint (policy->refund_timing, ==, RETOUR_REFUND_TIMING_AFTER_INSPECTION);
  g_assert_cmpint (policy->restocking_fee_kind, ==, RETOUR_FEE_NONE);
  g_assert_cmpint (policy->return_shipping.minor, ==, 695);
  g_assert_cmpstr (policy->return_shipping.currency, ==, "EUR");
  g_assert_cmpint (policy->keep_it_threshold.minor, ==, 500);
  g_assert_cmpint (policy->restocking_fee_fixed.minor, ==, 0);
  g_assert_cmpuint (policy->category_rules->len, ==, 0);
  for (RetourResolution r = RETOUR_RESOLUTION_REFUND; r <= RETOUR_RESOLUTION_KEEP_IT; r++)
    g_assert_true (policy->allowed_resolutions & RETOUR_RESOLUTION_MASK (r));
  g_assert_true (retour_policy_validate (policy, &error));
  g_assert_no_error (error);

  /* The same figures in a currency without cents. */
  g_assert_cmpint (yen->return_shipping.minor, ==, 7);
  g_assert_cmpint (yen->keep_it_threshold.minor, ==, 5);
  g_assert_true (retour_policy_validate (yen, NULL));
}

static void
check_invalid (RetourPolicy *policy,
               int           code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (retour_policy_validate (policy, &error));
  g_assert_error (error, RETOUR_POLICY_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_validate (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");

  policy->window_days = 365;
  g_assert_true (retour_policy_validate (policy, NULL));
  policy->window_days = 366;
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  policy->window_days = 0;
  g_assert_true (retour_policy_validate (policy, NULL));

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 10000;
  g_assert_true (retour_policy_validate (policy, NULL));
  policy->restocking_fee_basis_points = 10001;
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  policy->restocking_fee_basis_points = 1500;

  policy->keep_it_threshold = retour_money_init (500, "PLN");
  check_invalid (policy, RETOUR_POLICY_ERROR_CURRENCY);
  policy->keep_it_threshold = retour_money_init (500, "EUR");
  policy->restocking_fee_fixed = retour_money_init (0, "USD");
  check_invalid (policy, RETOUR_POLICY_ERROR_CURRENCY);
  policy->restocking_fee_fixed = retour_money_init (0, "EUR");

  policy->return_shipping.minor = -1;
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  policy->return_shipping.minor = 695;

  policy->allowed_resolutions = 0;
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  policy->allowed_resolutions = RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_UNDECIDED);
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  policy->allowed_resolutions = RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REFUND);
  g_assert_true (retour_policy_validate (policy, NULL));

  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Shoes", 30, FALSE));
  g_assert_true (retour_policy_validate (policy, NULL));
  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("shoes", 10, FALSE));
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  g_ptr_array_remove_index (policy->category_rules, 1);

  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Hats", 400, FALSE));
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  ((RetourCategoryRule *) g_ptr_array_index (policy->category_rules, 1))->window_days = -2;
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
  ((RetourCategoryRule *) g_ptr_array_index (policy->category_rules, 1))->window_days = -1;
  g_assert_true (retour_policy_validate (policy, NULL));

  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("  ", 5, FALSE));
  check_invalid (policy, RETOUR_POLICY_ERROR_INVALID);
}

static void
test_copy (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(RetourPolicy) copy = NULL;
  g_autoptr(RetourReason) reason = retour_reason_new ("changed-mind", "Changed my mind", FALSE);
  g_autoptr(RetourReason) reason_copy = NULL;

  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Shoes", 30, FALSE));
  copy = g_boxed_copy (RETOUR_TYPE_POLICY, policy);

  ((RetourCategoryRule *) g_ptr_array_index (copy->category_rules, 0))->window_days = 7;
  g_assert_cmpint (retour_policy_get_category_rule (policy, "Shoes")->window_days, ==, 30);
  g_assert_cmpint (retour_policy_get_category_rule (copy, "Shoes")->window_days, ==, 7);

  reason_copy = retour_reason_copy (reason);
  g_assert_cmpstr (reason_copy->label, ==, "Changed my mind");
  g_assert_true (reason_copy->code != reason->code);
  g_assert_false (reason_copy->controllable);
}

static void
test_category_rule_lookup (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");

  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Électronique", 30, FALSE));

  g_assert_nonnull (retour_policy_get_category_rule (policy, "électronique"));
  g_assert_nonnull (retour_policy_get_category_rule (policy, "ÉLECTRONIQUE"));
  g_assert_null (retour_policy_get_category_rule (policy, "Electronique"));
  g_assert_null (retour_policy_get_category_rule (policy, NULL));
  g_assert_null (retour_policy_get_category_rule (policy, "\xff"));
}

/* The header's own example: delivered on 3 March, 14 days, returnable until
 * the end of 17 March, local time. */
static void
test_window_basic (Zones         *zones,
                   gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  GTimeZone *tz = amsterdam_or_skip (zones);
  gint64 delivered;

  if (tz == NULL)
    return;

  delivered = at (tz, 2026, 3, 3, 12, 0);

  check_window (policy, NULL, delivered, at (tz, 2026, 3, 3, 12, 5), tz, 14, "Eligible, 14 days left");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 16, 9, 0), tz, 1, "Eligible, 1 day left");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 17, 0, 0), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 17, 23, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 18, 0, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 20, 15, 0), tz, -3,
                "Outside the return window by 3 days — an override needs a note");

  {
    RetourPolicyLineInput input = { NULL, 0, 0, delivered };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, at (tz, 2026, 3, 8, 10, 0), tz);
    g_autoptr(RetourVerdict) copy = retour_verdict_copy (verdict);

    g_assert_cmpint (g_date_get_day (&verdict->deadline), ==, 17);
    g_assert_cmpint (g_date_get_month (&verdict->deadline), ==, G_DATE_MARCH);
    g_assert_cmpint (g_date_get_year (&verdict->deadline), ==, 2026);
    g_assert_true (has_reason (verdict->reasons, "Returnable for 14 days after delivery"));
    g_assert_true (has_reason_starting (verdict->reasons, "Last day to return: "));

    g_assert_cmpstr (copy->summary, ==, "Eligible, 9 days left");
    g_assert_true (copy->summary != verdict->summary);
    g_assert_cmpuint (copy->reasons->len, ==, verdict->reasons->len);
    g_assert_cmpint (g_date_compare (&copy->deadline, &verdict->deadline), ==, 0);
  }
}

/* Clocks go forward on 29 March 2026 and back on 25 October 2026 in
 * Amsterdam; days are calendar days all the same. */
static void
test_window_dst (Zones         *zones,
                 gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  GTimeZone *tz = amsterdam_or_skip (zones);
  gint64 delivered;

  if (tz == NULL)
    return;

  /* Spring: 29 March has 23 hours. Fourteen days after a delivery at
   * 00:30 on 15 March, only 13 days 23¾ hours have passed at 00:15 on the
   * 29th — it is still the last day, not past it. */
  delivered = at (tz, 2026, 3, 15, 0, 30);
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 29, 0, 15), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 28, 23, 59), tz, 1, "Eligible, 1 day left");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 29, 23, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (tz, 2026, 3, 30, 0, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");

  /* That last day ends at 22:00 UTC (summer time, UTC+2). */
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 3, 29, 21, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 3, 29, 22, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");

  /* A delivery late on the day before the change. */
  delivered = at (tz, 2026, 3, 28, 23, 30);
  check_window (policy, NULL, delivered, at (tz, 2026, 4, 11, 23, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (tz, 2026, 4, 12, 0, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");

  /* Autumn: 25 October has 25 hours and 02:30 happens twice. */
  delivered = at (tz, 2026, 10, 11, 23, 45);
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 10, 25, 0, 30), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 10, 25, 1, 30), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (tz, 2026, 10, 24, 23, 59), tz, 1, "Eligible, 1 day left");

  /* That last day ends at 23:00 UTC (winter time, UTC+1). */
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 10, 25, 22, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 10, 25, 23, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");

  /* Eleven days after the change, counted across it. */
  delivered = at (tz, 2026, 10, 20, 12, 0);
  check_window (policy, NULL, delivered, at (tz, 2026, 10, 31, 12, 0), tz, 3, "Eligible, 3 days left");
}

/* Delivered at 23:30 UTC is the next day in Amsterdam: the window starts a
 * day later than it would in UTC. */
static void
test_window_day_edge (Zones         *zones,
                      gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  GTimeZone *tz = amsterdam_or_skip (zones);
  gint64 delivered;

  if (tz == NULL)
    return;

  delivered = at (zones->utc, 2026, 6, 10, 23, 30);   /* 11 June, 01:30 local */

  check_window (policy, NULL, delivered, at (tz, 2026, 6, 25, 23, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 6, 25, 21, 59), tz, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 6, 25, 22, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");

  /* The same line judged by a shop on UTC. */
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 6, 24, 23, 59), zones->utc, 0, "Last day to return");
  check_window (policy, NULL, delivered, at (zones->utc, 2026, 6, 25, 21, 59), zones->utc, -1,
                "Outside the return window by 1 day — an override needs a note");

  {
    RetourPolicyLineInput input = { NULL, 0, 0, delivered };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, delivered, tz);

    g_assert_cmpint (g_date_get_day (&verdict->deadline), ==, 25);
  }
}

static void
test_window_basis (Zones         *zones,
                   gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  GTimeZone *tz = zones->utc;
  gint64 ordered = at (tz, 2026, 5, 1, 10, 0);
  gint64 fulfilled = at (tz, 2026, 5, 3, 10, 0);
  gint64 delivered = at (tz, 2026, 5, 6, 10, 0);
  gint64 now = at (tz, 2026, 5, 16, 10, 0);

  {
    RetourPolicyLineInput input = { NULL, ordered, fulfilled, delivered };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, now, tz);

    g_assert_cmpstr (verdict->summary, ==, "Eligible, 4 days left");
  }
  {
    RetourPolicyLineInput input = { NULL, ordered, fulfilled, 0 };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, now, tz);

    g_assert_cmpstr (verdict->summary, ==, "Eligible, 1 day left");
    g_assert_true (has_reason (verdict->reasons,
                               "Returnable for 14 days after dispatch (the delivery date is unknown)"));
  }
  {
    RetourPolicyLineInput input = { NULL, ordered, 0, 0 };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, now, tz);

    g_assert_cmpstr (verdict->summary, ==, "Outside the return window by 1 day — an override needs a note");
    g_assert_true (has_reason (verdict->reasons,
                               "Returnable for 14 days after the order (the delivery date is unknown)"));
    g_assert_true (has_reason_starting (verdict->reasons, "The last day to return was "));
  }
  {
    RetourPolicyLineInput input = { NULL, 0, 0, 0 };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, now, tz);

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_NEEDS_OVERRIDE);
    g_assert_cmpstr (verdict->summary, ==, "Return window unknown — an override needs a note");
    g_assert_false (g_date_valid (&verdict->deadline));
  }
  {
    /* A time no calendar has: milliseconds mistaken for microseconds. */
    RetourPolicyLineInput input = { NULL, 0, 0, G_MAXINT64 };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, now, tz);

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_NEEDS_OVERRIDE);
    g_assert_false (g_date_valid (&verdict->deadline));
  }
}

static void
test_window_categories (Zones         *zones,
                        gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  GTimeZone *tz = zones->utc;
  gint64 delivered = at (tz, 2026, 9, 1, 12, 0);
  gint64 day_20 = at (tz, 2026, 9, 21, 12, 0);

  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Electronics", 30, FALSE));
  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Food", 0, FALSE));
  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Clearance", -1, TRUE));
  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Books", -1, FALSE));
  g_assert_true (retour_policy_validate (policy, NULL));

  check_window (policy, NULL, delivered, day_20, tz, -6,
                "Outside the return window by 6 days — an override needs a note");
  check_window (policy, "Electronics", delivered, day_20, tz, 10, "Eligible, 10 days left");
  check_window (policy, "electronics", delivered, day_20, tz, 10, "Eligible, 10 days left");
  check_window (policy, "Books", delivered, day_20, tz, -6,
                "Outside the return window by 6 days — an override needs a note");
  check_window (policy, "Garden", delivered, day_20, tz, -6,
                "Outside the return window by 6 days — an override needs a note");

  /* A window of 0 days: the day of delivery only. */
  check_window (policy, "Food", delivered, at (tz, 2026, 9, 1, 23, 0), tz, 0, "Last day to return");
  check_window (policy, "Food", delivered, at (tz, 2026, 9, 2, 0, 0), tz, -1,
                "Outside the return window by 1 day — an override needs a note");

  {
    RetourPolicyLineInput input = { "Electronics", 0, 0, delivered };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, day_20, tz);

    g_assert_true (has_reason (verdict->reasons, "Returnable for 30 days after delivery"));
    g_assert_true (has_reason (verdict->reasons, "The category “Electronics” has a return window of its own"));
  }

  /* Final sale, however fresh the delivery. */
  {
    RetourPolicyLineInput input = { "clearance", 0, 0, delivered };
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &input, delivered, tz);

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_NEEDS_OVERRIDE);
    g_assert_true (verdict->final_sale);
    g_assert_cmpstr (verdict->summary, ==, "Final sale — an override needs a note");
    g_assert_true (has_reason (verdict->reasons, "Final sale: this category is not returnable"));
    g_assert_false (g_date_valid (&verdict->deadline));
  }
}

/* Quotes ------------------------------------------------------------------ */

enum
{
  REASON_CHANGED_MIND = 1,
  REASON_DEFECTIVE = 2,
  REASON_WRONG_SIZE = 3,
};

static GPtrArray *
make_reasons (void)
{
  GPtrArray *reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  RetourReason *reason;

  reason = retour_reason_new ("changed-mind", "Changed my mind", FALSE);
  reason->id = REASON_CHANGED_MIND;
  g_ptr_array_add (reasons, reason);
  reason = retour_reason_new ("defective", "Defective", TRUE);
  reason->id = REASON_DEFECTIVE;
  g_ptr_array_add (reasons, reason);
  reason = retour_reason_new ("wrong-size", "Wrong size", FALSE);
  reason->id = REASON_WRONG_SIZE;
  g_ptr_array_add (reasons, reason);

  return reasons;
}

/* An inspected return: @qty accepted of each line. */
static void
add_accepted_line (RetourRma  *rma,
                   const char *title,
                   gint64      unit_price,
                   guint       qty,
                   gint64      reason_id)
{
  RetourRmaLine *line = retour_rma_line_new ();

  line->title = g_strdup (title);
  line->unit_price = retour_money_init (unit_price, rma->refund.currency);
  line->qty_ordered = line->qty_requested = line->qty_authorized = qty;
  line->qty_received = line->qty_accepted = qty;
  line->condition = RETOUR_CONDITION_OPENED;
  line->reason_id = reason_id;
  retour_rma_add_line (rma, line);
}

static RetourRma *
inspected_rma (void)
{
  RetourRma *rma = retour_rma_new ("EUR", 0);

  rma->status = RETOUR_RMA_STATUS_INSPECTED;
  rma->resolution = RETOUR_RESOLUTION_REFUND;

  return rma;
}

static RetourRefundQuote *
quote_ok (const RetourPolicy *policy,
          const RetourRma    *rma,
          GPtrArray          *reasons)
{
  g_autoptr(GError) error = NULL;
  RetourRefundQuote *quote = retour_policy_quote (policy, rma, reasons, &error);

  g_assert_no_error (error);
  g_assert_nonnull (quote);
  g_assert_cmpstr (quote->total.currency, ==, rma->refund.currency);

  return quote;
}

static void
test_quote_customer_reason (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();
  g_autoptr(RetourRefundQuote) quote = NULL;

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  add_accepted_line (rma, "Rain jacket", 2995, 2, REASON_CHANGED_MIND);

  quote = quote_ok (policy, rma, reasons);
  g_assert_cmpint (quote->items.minor, ==, 5990);
  g_assert_cmpint (quote->restocking_fee.minor, ==, 599);
  g_assert_cmpint (quote->return_shipping.minor, ==, 695);
  g_assert_cmpint (quote->total.minor, ==, 4696);
  g_assert_false (quote->keep_it);

  /* The test runs in the C locale: amounts read "59.90 €". */
  g_assert_true (has_reason (quote->reasons, "2 items worth 59.90 €"));
  g_assert_true (has_reason (quote->reasons, "Restocking fee of 5.99 €: the customer chose to return"));
  g_assert_true (has_reason (quote->reasons, "Return shipping of 6.95 € deducted: the customer chose to return"));

  {
    g_autoptr(RetourRefundQuote) copy = g_boxed_copy (RETOUR_TYPE_REFUND_QUOTE, quote);

    g_assert_cmpint (copy->total.minor, ==, 4696);
    g_assert_cmpuint (copy->reasons->len, ==, quote->reasons->len);
  }
}

/* The shop's fault on one line: no shipping deducted at all, and a fee
 * only on the line the customer chose to send back. */
static void
test_quote_controllable (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();
  g_autoptr(RetourRma) defective_only = inspected_rma ();
  g_autoptr(RetourRefundQuote) quote = NULL;
  g_autoptr(RetourRefundQuote) defective_quote = NULL;

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  add_accepted_line (rma, "Rain jacket", 2995, 2, REASON_CHANGED_MIND);
  add_accepted_line (rma, "Headlamp", 1000, 1, REASON_DEFECTIVE);

  quote = quote_ok (policy, rma, reasons);
  g_assert_cmpint (quote->items.minor, ==, 6990);
  g_assert_cmpint (quote->restocking_fee.minor, ==, 599);
  g_assert_cmpint (quote->return_shipping.minor, ==, 0);
  g_assert_cmpint (quote->total.minor, ==, 6391);
  g_assert_true (has_reason (quote->reasons, "No return shipping deducted: the shop caused the return"));

  add_accepted_line (defective_only, "Headlamp", 1000, 1, REASON_DEFECTIVE);
  defective_quote = quote_ok (policy, defective_only, reasons);
  g_assert_cmpint (defective_quote->restocking_fee.minor, ==, 0);
  g_assert_cmpint (defective_quote->return_shipping.minor, ==, 0);
  g_assert_cmpint (defective_quote->total.minor, ==, 1000);
}

static void
test_quote_fees (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();

  add_accepted_line (rma, "Rain jacket", 2995, 2, REASON_CHANGED_MIND);
  add_accepted_line (rma, "Trousers", 4995, 1, REASON_WRONG_SIZE);

  /* A fixed fee is charged once per return. */
  policy->restocking_fee_kind = RETOUR_FEE_FIXED;
  policy->restocking_fee_fixed = retour_money_init (500, "EUR");
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->items.minor, ==, 10985);
    g_assert_cmpint (quote->restocking_fee.minor, ==, 500);
    g_assert_cmpint (quote->total.minor, ==, 10985 - 500 - 695);
  }

  /* A percentage of the lines that carry it, rounded once. */
  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1250;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 1373);   /* 1373.125 */
    g_assert_cmpint (quote->total.minor, ==, 10985 - 1373 - 695);
  }

  /* No fee when the customer takes something else instead. */
  rma->resolution = RETOUR_RESOLUTION_EXCHANGE;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
    g_assert_cmpint (quote->total.minor, ==, 10985 - 695);
    g_assert_true (has_reason (quote->reasons, "No restocking fee on an exchange"));
  }

  /* Without the reasons list, no line is known to be the shop's doing. */
  rma->resolution = RETOUR_RESOLUTION_STORE_CREDIT;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 1))->reason_id = REASON_DEFECTIVE;
  {
    g_autoptr(RetourRefundQuote) with_reasons = quote_ok (policy, rma, reasons);
    g_autoptr(RetourRefundQuote) without = quote_ok (policy, rma, NULL);

    g_assert_cmpint (with_reasons->restocking_fee.minor, ==, 749);   /* 748.75 */
    g_assert_cmpint (with_reasons->return_shipping.minor, ==, 0);
    g_assert_cmpint (without->restocking_fee.minor, ==, 1373);
    g_assert_cmpint (without->return_shipping.minor, ==, 695);
  }
}

/* Worth less than sending it back: refund, and the customer keeps it. */
static void
test_quote_keep_it (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = retour_rma_new ("EUR", 0);
  RetourRmaLine *line = retour_rma_line_new ();

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;

  line->title = g_strdup ("Phone case");
  line->unit_price = retour_money_init (399, "EUR");
  line->qty_ordered = line->qty_requested = 1;
  line->reason_id = REASON_CHANGED_MIND;
  retour_rma_add_line (rma, line);
  rma->status = RETOUR_RMA_STATUS_REQUESTED;

  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_true (quote->keep_it);
    g_assert_cmpint (quote->items.minor, ==, 399);
    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_cmpint (quote->return_shipping.minor, ==, 0);
    g_assert_cmpint (quote->total.minor, ==, 399);
    g_assert_true (has_reason (quote->reasons,
                               "Worth less than 5.00 €: refund without return, the customer keeps the items"));
  }

  /* At the threshold it is no longer "less": it comes back, and the
   * deductions eat the whole refund. */
  line->unit_price.minor = 500;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_false (quote->keep_it);
    g_assert_cmpint (quote->restocking_fee.minor, ==, 50);
    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
    g_assert_cmpint (quote->total.minor, ==, 0);
    g_assert_true (has_reason (quote->reasons,
                               "The deductions are more than the items are worth: nothing is refunded"));
  }

  /* A policy that does not allow it never suggests it. */
  line->unit_price.minor = 399;
  policy->allowed_resolutions &= ~RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_KEEP_IT);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_false (quote->keep_it);
    g_assert_cmpint (quote->total.minor, ==, 0);
  }

  /* Nor when staff already chose a refund with return. */
  policy->allowed_resolutions |= RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_KEEP_IT);
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_false (quote->keep_it);
  }

  /* Chosen and resolved: nothing was received, the refund still counts
   * the unit the customer keeps. */
  rma->resolution = RETOUR_RESOLUTION_KEEP_IT;
  rma->status = RETOUR_RMA_STATUS_RESOLVED;
  line->qty_authorized = 1;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_true (quote->keep_it);
    g_assert_cmpint (quote->items.minor, ==, 399);
    g_assert_cmpint (quote->total.minor, ==, 399);
    g_assert_true (has_reason (quote->reasons, "Refund without return: the customer keeps the items"));
  }
}

/* The quantity that counts follows the status. */
static void
test_quote_quantities (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(RetourRma) rma = retour_rma_new ("EUR", 0);
  RetourRmaLine *line = retour_rma_line_new ();

  policy->return_shipping.minor = 0;
  line->title = g_strdup ("Plates");
  line->unit_price = retour_money_init (1000, "EUR");
  line->qty_ordered = 6;
  line->qty_requested = 5;
  line->qty_authorized = 4;
  line->qty_received = 3;
  line->qty_accepted = 2;
  retour_rma_add_line (rma, line);
  rma->resolution = RETOUR_RESOLUTION_REFUND;

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, NULL);

    g_assert_cmpint (quote->total.minor, ==, 5000);
  }
  rma->status = RETOUR_RMA_STATUS_AUTHORIZED;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, NULL);

    g_assert_cmpint (quote->total.minor, ==, 4000);
  }
  rma->status = RETOUR_RMA_STATUS_RECEIVED;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, NULL);

    g_assert_cmpint (quote->total.minor, ==, 3000);
  }
  rma->status = RETOUR_RMA_STATUS_INSPECTED;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, NULL);

    g_assert_cmpint (quote->total.minor, ==, 2000);
    g_assert_true (has_reason (quote->reasons, "2 items worth 20.00 €"));
  }
}

static void
test_quote_errors (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("PLN");
  g_autoptr(RetourRma) rma = inspected_rma ();
  g_autoptr(GError) error = NULL;
  RetourRefundQuote *quote;

  add_accepted_line (rma, "Rain jacket", 2995, 1, REASON_CHANGED_MIND);

  quote = retour_policy_quote (policy, rma, NULL, &error);
  g_assert_null (quote);
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY);
  g_assert_cmpstr (error->message, ==, "The policy is in PLN, but the return is in EUR");
  g_clear_error (&error);

  /* A line priced in another currency than the return. */
  g_clear_pointer (&policy, retour_policy_free);
  policy = retour_policy_new_default ("EUR");
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->unit_price = retour_money_init (2995, "USD");
  quote = retour_policy_quote (policy, rma, NULL, &error);
  g_assert_null (quote);
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY);
  g_clear_error (&error);
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->unit_price = retour_money_init (2995, "EUR");

  /* A policy out of range is refused, not half applied. */
  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 20000;
  quote = retour_policy_quote (policy, rma, NULL, &error);
  g_assert_null (quote);
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  /* Amounts that do not fit: an error, not a wrapped refund. */
  policy->restocking_fee_basis_points = 0;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->unit_price.minor = G_MAXINT64 / 2 + 1;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->qty_ordered = 2;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->qty_requested = 2;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->qty_authorized = 2;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->qty_received = 2;
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->qty_accepted = 2;
  quote = retour_policy_quote (policy, rma, NULL, &error);
  g_assert_null (quote);
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
}

static void
test_window_from (Zones         *zones,
                  gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  GTimeZone *tz = zones->utc;
  gint64 ordered = at (tz, 2026, 5, 1, 10, 0);
  gint64 fulfilled = at (tz, 2026, 5, 3, 10, 0);
  gint64 delivered = at (tz, 2026, 5, 6, 10, 0);
  gint64 now = at (tz, 2026, 5, 16, 10, 0);
  RetourPolicyLineInput all_dates = { NULL, ordered, fulfilled, delivered };
  RetourPolicyLineInput no_delivery = { NULL, ordered, fulfilled, 0 };

  /* From dispatch, even when the delivery date is known. */
  policy->window_from = RETOUR_WINDOW_FROM_FULFILMENT;
  {
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &all_dates, now, tz);

    g_assert_cmpstr (verdict->summary, ==, "Eligible, 1 day left");
    g_assert_true (has_reason (verdict->reasons, "Returnable for 14 days after dispatch"));
  }

  /* From the order date: 1 May + 14 days is 15 May, yesterday. */
  policy->window_from = RETOUR_WINDOW_FROM_ORDER;
  {
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &all_dates, now, tz);

    g_assert_cmpint (verdict->days_left, ==, -1);
    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_NEEDS_OVERRIDE);
    g_assert_true (has_reason (verdict->reasons, "Returnable for 14 days after the order"));
  }

  /* From delivery, which is unknown: dispatch counts instead, and says so. */
  policy->window_from = RETOUR_WINDOW_FROM_DELIVERY;
  {
    g_autoptr(RetourVerdict) verdict = retour_policy_evaluate_line (policy, &no_delivery, now, tz);

    g_assert_cmpint (verdict->days_left, ==, 1);
    g_assert_true (has_reason (verdict->reasons,
                               "Returnable for 14 days after dispatch (the delivery date is unknown)"));
  }

  /* A value from a newer version is refused, not guessed at. */
  policy->window_from = 7;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (retour_policy_validate (policy, &error));
    g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
  }
}

static void
test_quote_fee_by_resolution_and_reason (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();

  add_accepted_line (rma, "Rain jacket", 2000, 1, REASON_CHANGED_MIND);
  add_accepted_line (rma, "Trousers", 4000, 1, REASON_WRONG_SIZE);
  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;

  /* By resolution: the shop charges it on refunds, not on store credit. */
  policy->fee_resolutions = RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REFUND);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 600);
  }
  rma->resolution = RETOUR_RESOLUTION_STORE_CREDIT;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_true (has_reason (quote->reasons, "No restocking fee on this resolution (Store credit)"));
  }
  /* Undecided counts as a refund. */
  rma->resolution = RETOUR_RESOLUTION_UNDECIDED;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 600);
  }

  /* By reason: the reason says "no fee" for wrong sizes. */
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  for (guint i = 0; i < reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (reasons, i);

      if (reason->id == REASON_WRONG_SIZE)
        reason->restocking_fee = FALSE;
    }
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 200);
    /* Still the customer's reason: shipping is deducted. */
    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
  }

  /* The policy version's own rule wins over the reason as it is now:
   * this version still charged the fee on wrong sizes. */
  retour_policy_set_reason_rule (policy, REASON_WRONG_SIZE, FALSE, TRUE);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 600);
  }

  /* A rule that makes a reason the shop's: no fee, no shipping. */
  retour_policy_set_reason_rule (policy, REASON_CHANGED_MIND, TRUE, TRUE);
  retour_policy_set_reason_rule (policy, REASON_WRONG_SIZE, TRUE, TRUE);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_cmpint (quote->return_shipping.minor, ==, 0);
    g_assert_cmpint (quote->total.minor, ==, 6000);
  }
}

static void
test_equal_and_refund_methods (void)
{
  g_autoptr(RetourPolicy) a = retour_policy_new_default ("EUR");
  g_autoptr(RetourPolicy) b = retour_policy_copy (a);
  g_autoptr(GError) error = NULL;

  g_assert_true (retour_policy_equal (a, b));
  b->id = 12;
  b->version = 7;
  g_assert_true (retour_policy_equal (a, b));

  b->allowed_refund_methods &= ~RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_CASH);
  g_assert_false (retour_policy_equal (a, b));
  b->allowed_refund_methods = a->allowed_refund_methods;

  g_ptr_array_add (b->category_rules, retour_category_rule_new ("Sale", -1, TRUE));
  g_assert_false (retour_policy_equal (a, b));
  g_ptr_array_add (a->category_rules, retour_category_rule_new ("sale", -1, TRUE));
  g_assert_true (retour_policy_equal (a, b));

  retour_policy_set_reason_rule (a, 3, FALSE, TRUE);
  g_assert_false (retour_policy_equal (a, b));
  retour_policy_set_reason_rule (b, 3, FALSE, FALSE);
  g_assert_false (retour_policy_equal (a, b));
  retour_policy_set_reason_rule (b, 3, FALSE, TRUE);
  g_assert_true (retour_policy_equal (a, b));
  g_assert_cmpuint (b->reason_rules->len, ==, 1);

  /* The method a refund gets when nobody chose one. */
  g_assert_cmpint (retour_policy_default_refund_method (a->allowed_refund_methods), ==,
                   RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT);
  g_assert_cmpint (retour_policy_default_refund_method (RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_CASH) |
                                                        RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_STORE_CREDIT)),
                   ==, RETOUR_REFUND_METHOD_CASH);
  g_assert_cmpint (retour_policy_default_refund_method (0), ==, RETOUR_REFUND_METHOD_NONE);

  /* Refunds allowed but no way to pay them. */
  a->allowed_refund_methods = 0;
  g_assert_false (retour_policy_validate (a, &error));
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
  g_clear_error (&error);
  /* Fine when only exchanges and repairs are offered. */
  a->allowed_resolutions = RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_EXCHANGE) |
                           RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REPAIR);
  g_assert_true (retour_policy_validate (a, &error));
  g_assert_no_error (error);
}

/* A line of @qty units, inspected and accepted, under @claim. */
static RetourRmaLine *
add_claim_line (RetourRma       *rma,
                const char      *title,
                gint64           unit_price,
                guint            qty,
                gint64           reason_id,
                RetourClaimKind  claim)
{
  RetourRmaLine *line;

  add_accepted_line (rma, title, unit_price, qty, reason_id);
  line = g_ptr_array_index (rma->lines, rma->lines->len - 1);
  line->claim = claim;

  return line;
}

/* A withdrawal of the whole order refunds its standard delivery, with
 * no fee and no return shipping unless the customer was told. */
static void
test_quote_withdrawal_whole (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  add_claim_line (rma, "Rain jacket", 2995, 2, REASON_CHANGED_MIND, RETOUR_CLAIM_WITHDRAWAL);
  rma->order_shipping = retour_money_init (495, "EUR");
  rma->order_units = 2;

  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->items.minor, ==, 5990);
    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_cmpint (quote->return_shipping.minor, ==, 0);
    g_assert_cmpint (quote->outbound_shipping.minor, ==, 495);
    g_assert_cmpint (quote->total.minor, ==, 5990 + 495);
    g_assert_true (has_reason (quote->reasons, "No restocking fee on a withdrawal: the law allows none"));
    g_assert_true (has_reason (quote->reasons, "No return shipping deducted: the customer was not told they bear it on a withdrawal"));
    g_assert_true (has_reason (quote->reasons, "Delivery of 4.95 € refunded: the whole order is withdrawn"));
  }

  /* Told they bear the parcel: it is deducted. */
  policy->withdrawal_return_cost_customer = TRUE;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
    g_assert_cmpint (quote->total.minor, ==, 5990 + 495 - 695);
    g_assert_true (has_reason (quote->reasons, "Return shipping of 6.95 € deducted: the customer was told they bear it on a withdrawal"));
  }

  /* Express delivery: only the standard delivery comes back. */
  rma->order_shipping = retour_money_init (1495, "EUR");
  policy->standard_delivery = retour_money_init (495, "EUR");
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 495);
    g_assert_cmpint (quote->total.minor, ==, 5990 + 495 - 695);
    g_assert_true (has_reason (quote->reasons, "The 10.00 € paid above standard delivery is not refunded"));
  }

  /* Cheaper than standard: all of it. */
  rma->order_shipping = retour_money_init (395, "EUR");
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 395);
  }

  /* Delivery paid in another currency is a mistake, not a guess. */
  rma->order_shipping = retour_money_init (395, "USD");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RetourRefundQuote) quote = retour_policy_quote (policy, rma, reasons, &error);

    g_assert_null (quote);
    g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY);
  }
}

/* Part of an order: no delivery by default, or its share. */
static void
test_quote_withdrawal_partial (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();

  add_claim_line (rma, "Scarf", 2500, 1, REASON_CHANGED_MIND, RETOUR_CLAIM_WITHDRAWAL);
  rma->order_shipping = retour_money_init (495, "EUR");
  rma->order_units = 4;
  rma->order_value = retour_money_init (20000, "EUR");

  g_assert_cmpint (policy->partial_withdrawal_shipping, ==, RETOUR_PARTIAL_SHIPPING_NONE);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 0);
    g_assert_cmpint (quote->total.minor, ==, 2500);
    g_assert_true (has_reason (quote->reasons, "No delivery refunded: only part of the order is withdrawn"));
  }

  /* By value: 25 of 200 → 4.95 × 1/8 = 0.61875. */
  policy->partial_withdrawal_shipping = RETOUR_PARTIAL_SHIPPING_PRO_RATA;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 62);
    g_assert_cmpint (quote->total.minor, ==, 2562);
    g_assert_true (has_reason (quote->reasons, "Delivery of 0.62 € refunded: the withdrawn items’ share of the order"));
  }

  /* The order's value unknown: by units, 1 of 4. */
  rma->order_value.minor = 0;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 124);   /* 123.75 */
  }

  /* A commercial return of the other units does not make it whole. */
  add_claim_line (rma, "Gloves", 2500, 3, REASON_CHANGED_MIND, RETOUR_CLAIM_COMMERCIAL_RETURN);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 124);
  }

  /* Withdrawing them too is: all of it. */
  ((RetourRmaLine *) g_ptr_array_index (rma->lines, 1))->claim = RETOUR_CLAIM_WITHDRAWAL;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->outbound_shipping.minor, ==, 495);
  }
}

/* The law allows no fee on a withdrawal or a conformity claim; the
 * shop's own returns keep theirs. */
static void
test_quote_fee_by_claim (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) commercial = inspected_rma ();
  g_autoptr(RetourRma) mixed = inspected_rma ();
  g_autoptr(RetourRma) conformity = inspected_rma ();

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  policy->withdrawal_return_cost_customer = TRUE;

  add_claim_line (commercial, "Boots", 5000, 1, REASON_CHANGED_MIND, RETOUR_CLAIM_COMMERCIAL_RETURN);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, commercial, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 500);
    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
    g_assert_cmpint (quote->total.minor, ==, 5000 - 500 - 695);
  }

  add_claim_line (mixed, "Boots", 5000, 1, REASON_CHANGED_MIND, RETOUR_CLAIM_COMMERCIAL_RETURN);
  add_claim_line (mixed, "Belt", 3000, 1, REASON_CHANGED_MIND, RETOUR_CLAIM_WITHDRAWAL);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, mixed, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 500);   /* the boots' only */
    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
    g_assert_cmpint (quote->total.minor, ==, 8000 - 500 - 695);
    g_assert_true (has_reason (quote->reasons, "No restocking fee on a withdrawal: the law allows none"));
  }

  /* Staff decided a "wrong size" is a defect after all. */
  add_claim_line (conformity, "Boots", 5000, 1, REASON_WRONG_SIZE, RETOUR_CLAIM_CONFORMITY);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, conformity, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_cmpint (quote->return_shipping.minor, ==, 0);
    g_assert_cmpint (quote->outbound_shipping.minor, ==, 0);
    g_assert_cmpint (quote->total.minor, ==, 5000);
    g_assert_true (has_reason (quote->reasons, "No restocking fee on a claim under the legal guarantee"));
    g_assert_true (has_reason (quote->reasons, "No return shipping deducted: a claim under the legal guarantee costs the customer nothing"));
  }

  /* A fixed fee is not charged on a return that is all withdrawal. */
  policy->restocking_fee_kind = RETOUR_FEE_FIXED;
  policy->restocking_fee_fixed = retour_money_init (500, "EUR");
  ((RetourRmaLine *) g_ptr_array_index (conformity->lines, 0))->claim = RETOUR_CLAIM_WITHDRAWAL;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, conformity, reasons);

    g_assert_cmpint (quote->restocking_fee.minor, ==, 0);
    g_assert_cmpint (quote->return_shipping.minor, ==, 695);
  }
}

/* Lost value from handling: its own line, with its reason, only on a
 * withdrawal and only when the customer was told of the right. */
static void
test_quote_diminished_value (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GPtrArray) reasons = make_reasons ();
  g_autoptr(RetourRma) rma = inspected_rma ();
  RetourRmaLine *shoes;

  shoes = add_claim_line (rma, "Shoes", 4000, 1, REASON_CHANGED_MIND, RETOUR_CLAIM_WITHDRAWAL);
  shoes->diminished_value = retour_money_init (800, "EUR");
  shoes->diminished_reason = g_strdup ("worn outside, the soles are marked");

  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->diminished_value.minor, ==, 800);
    g_assert_cmpint (quote->total.minor, ==, 3200);
    g_assert_true (has_reason (quote->reasons, "8.00 € deducted for the lost value of “Shoes”: worn outside, the soles are marked"));
  }

  /* Never more than the item. */
  shoes->diminished_value.minor = 5000;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->diminished_value.minor, ==, 4000);
    g_assert_cmpint (quote->total.minor, ==, 0);
  }
  shoes->diminished_value.minor = 800;

  /* Not told of the right: nothing may be deducted. */
  policy->withdrawal_info_given = FALSE;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->diminished_value.minor, ==, 0);
    g_assert_cmpint (quote->total.minor, ==, 4000);
    g_assert_true (has_reason (quote->reasons, "No deduction for the lost value of “Shoes”: the customer was not told of the right of withdrawal"));
  }
  policy->withdrawal_info_given = TRUE;

  /* Without a reason: not deducted. */
  g_clear_pointer (&shoes->diminished_reason, g_free);
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->diminished_value.minor, ==, 0);
    g_assert_true (has_reason (quote->reasons, "No deduction for the lost value of “Shoes”: it needs a reason"));
  }
  shoes->diminished_reason = g_strdup ("scratched");

  /* A commercial return is priced by the policy, not this rule. */
  shoes->claim = RETOUR_CLAIM_COMMERCIAL_RETURN;
  {
    g_autoptr(RetourRefundQuote) quote = quote_ok (policy, rma, reasons);

    g_assert_cmpint (quote->diminished_value.minor, ==, 0);
    g_assert_cmpint (quote->total.minor, ==, 4000 - 695);
  }

  /* A negative amount is refused. */
  shoes->claim = RETOUR_CLAIM_WITHDRAWAL;
  shoes->diminished_value.minor = -100;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RetourRefundQuote) quote = retour_policy_quote (policy, rma, reasons, &error);

    g_assert_null (quote);
    g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
  }
}

static void
test_validate_law_settings (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(GError) error = NULL;

  /* Not set: any currency. */
  policy->standard_delivery = retour_money_init (-1, "USD");
  g_assert_true (retour_policy_validate (policy, &error));
  g_assert_no_error (error);

  policy->standard_delivery = retour_money_init (495, "USD");
  g_assert_false (retour_policy_validate (policy, &error));
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_CURRENCY);
  g_clear_error (&error);
  policy->standard_delivery = retour_money_init (495, "EUR");

  policy->shop_country = g_strdup ("NLD");
  g_assert_false (retour_policy_validate (policy, &error));
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
  g_clear_error (&error);
  g_free (policy->shop_country);
  policy->shop_country = g_strdup ("nl");
  g_assert_true (retour_policy_validate (policy, &error));
  g_assert_no_error (error);

  policy->partial_withdrawal_shipping = 7;
  g_assert_false (retour_policy_validate (policy, &error));
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/default", test_default);
  g_test_add_func ("/policy/validate", test_validate);
  g_test_add_func ("/policy/copy", test_copy);
  g_test_add_func ("/policy/category-rule-lookup", test_category_rule_lookup);
  g_test_add ("/policy/window/basic", Zones, NULL, zones_set_up, test_window_basic, zones_tear_down);
  g_test_add ("/policy/window/dst", Zones, NULL, zones_set_up, test_window_dst, zones_tear_down);
  g_test_add ("/policy/window/day-edge", Zones, NULL, zones_set_up, test_window_day_edge, zones_tear_down);
  g_test_add ("/policy/window/basis", Zones, NULL, zones_set_up, test_window_basis, zones_tear_down);
  g_test_add ("/policy/window/categories", Zones, NULL, zones_set_up, test_window_categories, zones_tear_down);
  g_test_add_func ("/policy/quote/customer-reason", test_quote_customer_reason);
  g_test_add_func ("/policy/quote/controllable", test_quote_controllable);
  g_test_add_func ("/policy/quote/fees", test_quote_fees);
  g_test_add_func ("/policy/quote/keep-it", test_quote_keep_it);
  g_test_add_func ("/policy/quote/quantities", test_quote_quantities);
  g_test_add_func ("/policy/quote/errors", test_quote_errors);
  g_test_add ("/policy/window/from", Zones, NULL, zones_set_up, test_window_from, zones_tear_down);
  g_test_add_func ("/policy/quote/fee-by-resolution-and-reason", test_quote_fee_by_resolution_and_reason);
  g_test_add_func ("/policy/equal-and-refund-methods", test_equal_and_refund_methods);
  g_test_add_func ("/policy/quote/withdrawal-whole", test_quote_withdrawal_whole);
  g_test_add_func ("/policy/quote/withdrawal-partial", test_quote_withdrawal_partial);
  g_test_add_func ("/policy/quote/fee-by-claim", test_quote_fee_by_claim);
  g_test_add_func ("/policy/quote/diminished-value", test_quote_diminished_value);
  g_test_add_func ("/policy/validate-law-settings", test_validate_law_settings);

  return g_test_run ();
}
