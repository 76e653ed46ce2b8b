/* test-law.c — the law's clocks: holidays, the withdrawal deadline and
 * its extension in each country, the customer's local midnight, the
 * guarantee, France's surcharge on a late refund and the default claim.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected date was checked against a calendar (Python's datetime
 * and dateutil.easter), not worked out with the code under test.
 */
#define G_LOG_DOMAIN "test-law"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "retour-core.h"
#include "retour-law.h"

/* @time ("2026-03-31T23:30:00") in @zone, as UTC microseconds. */
static gint64
at (const char *zone,
    const char *time)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) parsed = NULL;

  g_assert_nonnull (tz);
  parsed = g_date_time_new_from_iso8601 (time, tz);
  g_assert_nonnull (parsed);

  return g_date_time_to_unix (parsed) * G_USEC_PER_SEC;
}

/* Noon of @date ("2026-03-03") in @country's time zone. */
static gint64
noon (const char *country,
      const char *date)
{
  g_autoptr(GTimeZone) tz = retour_law_country_time_zone (country);
  g_autofree char *text = g_strdup_printf ("%sT12:00:00", date);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (text, tz);

  g_assert_nonnull (parsed);

  return g_date_time_to_unix (parsed) * G_USEC_PER_SEC;
}

static char *
iso (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("invalid");

  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static GDate
date_of (const char *text)
{
  GDate date;
  int year, month, day;

  g_assert_cmpint (sscanf (text, "%d-%d-%d", &year, &month, &day), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return date;
}

static void
compute (const char     *country,
         const char     *delivered,
         RetourLawDates *dates)
{
  RetourLawInput input = { 0 };

  input.country = country;
  input.possession_us = noon (country, delivered);
  input.info_given = TRUE;
  retour_law_compute (&input, NULL, dates);
}

/* The last day to withdraw for goods @delivered in @country. */
static char *
deadline (const char *country,
          const char *delivered)
{
  RetourLawDates dates;

  compute (country, delivered, &dates);

  return iso (&dates.withdrawal_deadline);
}

#define assert_deadline(country, delivered, expected) \
  G_STMT_START { \
    g_autofree char *got_ = deadline (country, delivered); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static gboolean
is_holiday (const char *country,
            const char *date)
{
  GDate day = date_of (date);
  g_autoptr(GArray) holidays = retour_law_public_holidays (country, g_date_get_year (&day));

  for (guint i = 0; i < holidays->len; i++)
    if (g_date_compare (&g_array_index (holidays, RetourPublicHoliday, i).date, &day) == 0)
      return TRUE;

  return FALSE;
}

static void
test_countries (void)
{
  g_autoptr(GTimeZone) nl = retour_law_country_time_zone ("nl");
  g_autoptr(GTimeZone) other = retour_law_country_time_zone ("BE");
  g_autoptr(GTimeZone) none = retour_law_country_time_zone (NULL);

  g_assert_true (retour_law_country_is_known ("NL"));
  g_assert_true (retour_law_country_is_known ("fr"));
  g_assert_true (retour_law_country_is_known ("De"));
  g_assert_true (retour_law_country_is_known ("PL"));
  g_assert_false (retour_law_country_is_known ("BE"));
  g_assert_false (retour_law_country_is_known ("NLD"));
  g_assert_false (retour_law_country_is_known (""));
  g_assert_false (retour_law_country_is_known (NULL));

  g_assert_nonnull (nl);
  if (g_strcmp0 (g_time_zone_get_identifier (nl), "UTC") != 0)
    g_assert_cmpstr (g_time_zone_get_identifier (nl), ==, "Europe/Amsterdam");
  g_assert_cmpstr (g_time_zone_get_identifier (other), ==, "UTC");
  g_assert_cmpstr (g_time_zone_get_identifier (none), ==, "UTC");
}

/* Easter by the Gregorian computus, against known dates, including the
 * earliest (22 March) and latest (25 April) possible. */
static void
test_easter (void)
{
  static const struct { const char *sunday; const char *monday; } cases[] = {
    { "2000-04-23", "2000-04-24" },
    { "2024-03-31", "2024-04-01" },
    { "2025-04-20", "2025-04-21" },
    { "2026-04-05", "2026-04-06" },
    { "2027-03-28", "2027-03-29" },
    { "2028-04-16", "2028-04-17" },
    { "2038-04-25", "2038-04-26" },
    { "2285-03-22", "2285-03-23" },
  };

  /* Poland keeps Easter Sunday itself, France the Monday. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (is_holiday ("PL", cases[i].sunday));
      g_assert_true (is_holiday ("FR", cases[i].monday));
      g_assert_false (is_holiday ("FR", cases[i].sunday));
    }
}

static void
test_holidays_lists (void)
{
  static const char * const nl_2026[] = {
    "2026-01-01", "2026-04-03", "2026-04-05", "2026-04-06", "2026-04-27", "2026-05-05",
    "2026-05-14", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26",
  };
  static const char * const fr_2027[] = {
    "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
    "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25",
  };
  static const char * const de_2028[] = {
    "2028-01-01", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-25", "2028-06-05",
    "2028-10-03", "2028-12-25", "2028-12-26",
  };
  static const char * const pl_2026[] = {
    "2026-01-01", "2026-01-06", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-03",
    "2026-05-24", "2026-06-04", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-24",
    "2026-12-25", "2026-12-26",
  };
  static const struct { const char *country; int year; const char * const *days; guint n; } lists[] = {
    { "NL", 2026, nl_2026, G_N_ELEMENTS (nl_2026) },
    { "FR", 2027, fr_2027, G_N_ELEMENTS (fr_2027) },
    { "DE", 2028, de_2028, G_N_ELEMENTS (de_2028) },
    { "PL", 2026, pl_2026, G_N_ELEMENTS (pl_2026) },
  };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(GArray) holidays = retour_law_public_holidays (lists[l].country, lists[l].year);

      g_test_message ("%s %d", lists[l].country, lists[l].year);
      g_assert_cmpuint (holidays->len, ==, lists[l].n);
      for (guint i = 0; i < holidays->len; i++)
        {
          const RetourPublicHoliday *holiday = &g_array_index (holidays, RetourPublicHoliday, i);
          g_autofree char *day = iso (&holiday->date);

          g_assert_cmpstr (day, ==, lists[l].days[i]);
          g_assert_nonnull (holiday->name);
          g_assert_cmpstr (holiday->name, !=, "");
        }
    }

  /* King's Day is the Saturday before when 27 April is a Sunday. */
  g_assert_true (is_holiday ("NL", "2025-04-26"));
  g_assert_false (is_holiday ("NL", "2025-04-27"));
  g_assert_true (is_holiday ("NL", "2028-04-27"));

  /* National only: Corpus Christi in Poland, not in Germany; Alsace's
   * Good Friday and 26 December not in France; 24 December in Poland
   * from 2025 on. */
  g_assert_true (is_holiday ("PL", "2027-05-27"));
  g_assert_false (is_holiday ("DE", "2027-05-27"));
  g_assert_false (is_holiday ("FR", "2027-03-26"));
  g_assert_false (is_holiday ("FR", "2027-12-26"));
  g_assert_true (is_holiday ("DE", "2027-03-26"));
  g_assert_true (is_holiday ("PL", "2025-12-24"));
  g_assert_false (is_holiday ("PL", "2024-12-24"));

  /* A country Retour does not know has none. */
  {
    g_autoptr(GArray) none = retour_law_public_holidays ("BE", 2026);

    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Names are there to show: the one that moved a deadline. */
  {
    GDate nominal = date_of ("2026-04-06");
    GDate moved = date_of ("2026-04-07");
    RetourPublicHoliday holiday;

    g_assert_true (retour_law_deadline_holiday ("NL", &nominal, &moved, &holiday));
    g_assert_cmpstr (holiday.name, ==, "Easter Monday");
    nominal = date_of ("2026-03-21");
    moved = date_of ("2026-03-23");
    g_assert_false (retour_law_deadline_holiday ("NL", &nominal, &moved, NULL));
  }
}

static void
test_working_days (void)
{
  GDate day = date_of ("2026-03-17");

  g_assert_true (retour_law_is_working_day ("NL", &day));
  day = date_of ("2026-03-21");   /* Saturday */
  g_assert_false (retour_law_is_working_day ("NL", &day));
  g_assert_false (retour_law_is_working_day ("BE", &day));
  day = date_of ("2026-07-14");
  g_assert_false (retour_law_is_working_day ("FR", &day));
  g_assert_true (retour_law_is_working_day ("DE", &day));
  g_assert_true (retour_law_is_working_day ("BE", &day));
}

/* 14 days, then past weekends and each country's holidays. */
static void
test_deadlines (void)
{
  /* The plain case, and a Saturday moved to Monday. */
  assert_deadline ("NL", "2026-03-03", "2026-03-17");
  assert_deadline ("NL", "2026-03-07", "2026-03-23");
  assert_deadline ("PL", "2026-03-08", "2026-03-23");

  /* The Netherlands. */
  assert_deadline ("NL", "2026-03-23", "2026-04-07");   /* Easter Monday */
  assert_deadline ("NL", "2026-03-20", "2026-04-07");   /* Good Friday, Easter */
  assert_deadline ("NL", "2026-04-13", "2026-04-28");   /* King's Day */
  assert_deadline ("NL", "2026-04-21", "2026-05-06");   /* Liberation Day */
  assert_deadline ("NL", "2026-04-30", "2026-05-15");   /* Ascension */
  assert_deadline ("NL", "2026-05-11", "2026-05-26");   /* Whit Monday */
  assert_deadline ("NL", "2026-12-11", "2026-12-28");   /* Christmas, weekend */
  assert_deadline ("NL", "2027-04-21", "2027-05-07");   /* 5 May, then Ascension */
  assert_deadline ("NL", "2028-04-13", "2028-04-28");   /* King's Day 2028 */

  /* France. */
  assert_deadline ("FR", "2026-03-20", "2026-04-03");   /* Good Friday counts not */
  assert_deadline ("FR", "2026-04-17", "2026-05-04");   /* 1 May */
  assert_deadline ("FR", "2026-04-24", "2026-05-11");   /* 8 May */
  assert_deadline ("FR", "2026-06-30", "2026-07-15");   /* 14 July */
  assert_deadline ("FR", "2026-10-28", "2026-11-12");   /* 11 November */
  assert_deadline ("FR", "2027-10-18", "2027-11-02");   /* 1 November */
  assert_deadline ("FR", "2028-05-22", "2028-06-06");   /* Whit Monday 2028 */

  /* Germany. */
  assert_deadline ("DE", "2026-03-20", "2026-04-07");   /* Good Friday, Easter */
  assert_deadline ("DE", "2028-09-19", "2028-10-04");   /* Unity Day */
  assert_deadline ("DE", "2026-05-21", "2026-06-04");   /* Corpus Christi is regional */
  assert_deadline ("DE", "2027-12-11", "2027-12-27");   /* 25th a Saturday */

  /* Poland. */
  assert_deadline ("PL", "2026-05-21", "2026-06-05");   /* Corpus Christi */
  assert_deadline ("PL", "2027-04-19", "2027-05-04");   /* 3 May */
  assert_deadline ("PL", "2026-10-28", "2026-11-12");   /* 11 November */
  assert_deadline ("PL", "2026-12-10", "2026-12-28");   /* 24 December, Christmas */
  assert_deadline ("PL", "2026-12-23", "2027-01-07");   /* Epiphany */
  assert_deadline ("PL", "2028-04-19", "2028-05-04");   /* 3 May */
}

/* One delivery, four laws. */
static void
test_same_day_other_countries (void)
{
  assert_deadline ("NL", "2026-04-30", "2026-05-15");
  assert_deadline ("FR", "2026-04-30", "2026-05-15");
  assert_deadline ("DE", "2026-04-30", "2026-05-15");
  assert_deadline ("PL", "2026-04-30", "2026-05-14");   /* no Ascension */

  assert_deadline ("NL", "2026-12-10", "2026-12-24");
  assert_deadline ("DE", "2026-12-10", "2026-12-24");
  assert_deadline ("PL", "2026-12-10", "2026-12-28");

  assert_deadline ("FR", "2026-06-30", "2026-07-15");
  assert_deadline ("NL", "2026-06-30", "2026-07-14");

  /* Weekends only where Retour does not know the holidays. */
  {
    RetourLawDates dates;

    compute ("BE", "2026-03-23", &dates);
    g_assert_false (dates.country_known);
    g_assert_cmpstr (dates.country, ==, "BE");
    {
      g_autofree char *got = iso (&dates.withdrawal_deadline);

      g_assert_cmpstr (got, ==, "2026-04-06");
    }
  }
}

/* The customer's country, else the shop's, else weekends only. */
static void
test_country_fallback (void)
{
  RetourLawInput input = { 0 };
  RetourLawDates dates;
  g_autofree char *with_shop = NULL;

  input.possession_us = noon ("FR", "2026-06-30");
  input.info_given = TRUE;

  retour_law_compute (&input, "fr", &dates);
  g_assert_cmpstr (dates.country, ==, "FR");
  g_assert_true (dates.country_known);
  with_shop = iso (&dates.withdrawal_deadline);
  g_assert_cmpstr (with_shop, ==, "2026-07-15");

  input.country = "";
  retour_law_compute (&input, NULL, &dates);
  g_assert_cmpstr (dates.country, ==, "");
  g_assert_false (dates.country_known);

  input.country = "nl";
  retour_law_compute (&input, "FR", &dates);
  g_assert_cmpstr (dates.country, ==, "NL");

  /* Nothing known of the delivery: no deadline, but the notice is not
   * late either. */
  input.possession_us = 0;
  input.declared_us = noon ("NL", "2026-07-01");
  retour_law_compute (&input, "NL", &dates);
  g_assert_false (g_date_valid (&dates.possession));
  g_assert_false (g_date_valid (&dates.withdrawal_deadline));
  g_assert_false (g_date_valid (&dates.guarantee_until));
  g_assert_false (g_date_valid (&dates.presumption_until));
  g_assert_true (dates.declared);
  g_assert_true (dates.declared_in_time);
  {
    g_autofree char *due = iso (&dates.refund_due_by);

    g_assert_cmpstr (due, ==, "2026-07-15");
  }
}

static void
test_extension (void)
{
  RetourLawInput input = { 0 };
  RetourLawDates dates;

  input.country = "NL";
  input.possession_us = noon ("NL", "2026-03-03");
  input.info_given = TRUE;
  retour_law_compute (&input, NULL, &dates);
  g_assert_false (g_date_valid (&dates.extended_deadline));

  /* Not given: 12 months after the end of the 14 days. */
  input.info_given = FALSE;
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *first = iso (&dates.withdrawal_deadline);
    g_autofree char *extended = iso (&dates.extended_deadline);

    g_assert_cmpstr (first, ==, "2026-03-17");
    g_assert_cmpstr (extended, ==, "2027-03-17");
  }

  /* 2 January 2027 is a Saturday. */
  input.possession_us = noon ("NL", "2025-12-19");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *first = iso (&dates.withdrawal_deadline);
    g_autofree char *extended = iso (&dates.extended_deadline);

    g_assert_cmpstr (first, ==, "2026-01-02");
    g_assert_cmpstr (extended, ==, "2027-01-04");
  }

  /* Given late, on 1 June: 14 days from then. */
  input.possession_us = noon ("NL", "2026-03-03");
  input.info_given_late_us = noon ("NL", "2026-06-01");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *extended = iso (&dates.extended_deadline);

    g_assert_cmpstr (extended, ==, "2026-06-15");
  }

  /* Given before the goods came: the 14 days from delivery still stand. */
  input.info_given_late_us = noon ("NL", "2026-03-02");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *extended = iso (&dates.extended_deadline);

    g_assert_cmpstr (extended, ==, "2026-03-17");
  }

  /* Given after the 12 months: too late to shorten anything. */
  input.info_given_late_us = noon ("NL", "2027-05-01");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *extended = iso (&dates.extended_deadline);

    g_assert_cmpstr (extended, ==, "2027-03-17");
  }

  /* A notice in the extension is in time. */
  input.info_given_late_us = 0;
  input.declared_us = noon ("NL", "2026-11-30");
  retour_law_compute (&input, NULL, &dates);
  g_assert_true (dates.declared_in_time);
  input.declared_us = noon ("NL", "2027-03-18");
  retour_law_compute (&input, NULL, &dates);
  g_assert_false (dates.declared_in_time);
}

/* The notice counts on the customer's local date, whatever UTC says,
 * also in the weeks the clocks change. */
static void
test_local_midnight (void)
{
  RetourLawInput input = { 0 };
  RetourLawDates dates;

  if (g_time_zone_new_identifier ("Europe/Amsterdam") == NULL)
    {
      g_test_skip ("tzdata is not installed");
      return;
    }

  input.country = "NL";
  input.info_given = TRUE;

  /* Summer time began on 29 March 2026; the deadline is 31 March. */
  input.possession_us = noon ("NL", "2026-03-17");
  input.declared_us = at ("Europe/Amsterdam", "2026-03-31T23:30:00");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *last = iso (&dates.withdrawal_deadline);

    g_assert_cmpstr (last, ==, "2026-03-31");
  }
  g_assert_true (dates.declared_in_time);

  /* 00:30 on 1 April in Amsterdam is still 31 March in UTC: late. */
  input.declared_us = at ("UTC", "2026-03-31T22:30:00");
  retour_law_compute (&input, NULL, &dates);
  g_assert_false (dates.declared_in_time);
  {
    g_autofree char *on = iso (&dates.declared_on);
    g_autofree char *due = iso (&dates.refund_due_by);

    g_assert_cmpstr (on, ==, "2026-04-01");
    g_assert_cmpstr (due, ==, "2026-04-15");
  }

  /* Winter time came back on 25 October 2026; the deadline is 26 October. */
  input.possession_us = noon ("NL", "2026-10-12");
  input.declared_us = at ("Europe/Amsterdam", "2026-10-26T23:59:59");
  retour_law_compute (&input, NULL, &dates);
  g_assert_true (dates.declared_in_time);
  input.declared_us = at ("UTC", "2026-10-26T23:30:00");   /* 00:30 on the 27th */
  retour_law_compute (&input, NULL, &dates);
  g_assert_false (dates.declared_in_time);

  /* A parcel delivered at 00:30 local time counts from that local day. */
  input.possession_us = at ("Europe/Warsaw", "2026-03-03T00:30:00");
  input.country = "PL";
  input.declared_us = 0;
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *had = iso (&dates.possession);
    g_autofree char *last = iso (&dates.withdrawal_deadline);

    g_assert_cmpstr (had, ==, "2026-03-03");
    g_assert_cmpstr (last, ==, "2026-03-17");
  }

  /* Days left, judged on the local date too. */
  input.country = "NL";
  input.possession_us = noon ("NL", "2026-03-17");
  retour_law_compute (&input, NULL, &dates);
  g_assert_cmpint (retour_law_days_until (&dates, &dates.withdrawal_deadline,
                                          at ("Europe/Amsterdam", "2026-03-30T09:00:00")), ==, 1);
  g_assert_cmpint (retour_law_days_until (&dates, &dates.withdrawal_deadline,
                                          at ("Europe/Amsterdam", "2026-03-31T23:59:00")), ==, 0);
  g_assert_cmpint (retour_law_days_until (&dates, &dates.withdrawal_deadline,
                                          at ("UTC", "2026-03-31T22:30:00")), ==, -1);
}

/* The shop's refund deadline does not move past a holiday, and it may
 * wait for the goods or the proof of sending, whichever comes first. */
static void
test_refund_and_withholding (void)
{
  RetourLawInput input = { 0 };
  RetourLawDates dates;

  input.country = "DE";
  input.info_given = TRUE;
  input.possession_us = noon ("DE", "2026-12-05");
  input.declared_us = noon ("DE", "2026-12-11");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *due = iso (&dates.refund_due_by);

    g_assert_cmpstr (due, ==, "2026-12-25");
  }
  g_assert_cmpint (dates.withhold_until_us, ==, 0);

  input.received_back_us = noon ("DE", "2026-12-20");
  retour_law_compute (&input, NULL, &dates);
  g_assert_cmpint (dates.withhold_until_us, ==, input.received_back_us);

  input.dispatch_proof_us = noon ("DE", "2026-12-15");
  retour_law_compute (&input, NULL, &dates);
  g_assert_cmpint (dates.withhold_until_us, ==, input.dispatch_proof_us);

  input.received_back_us = 0;
  retour_law_compute (&input, NULL, &dates);
  g_assert_cmpint (dates.withhold_until_us, ==, input.dispatch_proof_us);
}

static void
test_guarantee (void)
{
  static const struct { const char *country; const char *presumption; } cases[] = {
    { "NL", "2027-06-10" },
    { "DE", "2027-06-10" },
    { "FR", "2028-06-10" },
    { "PL", "2028-06-10" },
  };
  RetourLawInput input = { 0 };
  RetourLawDates dates;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *guarantee = NULL;
      g_autofree char *presumption = NULL;

      compute (cases[i].country, "2026-06-10", &dates);
      guarantee = iso (&dates.guarantee_until);
      presumption = iso (&dates.presumption_until);
      g_assert_cmpstr (guarantee, ==, "2028-06-10");
      g_assert_cmpstr (presumption, ==, cases[i].presumption);
      g_assert_false (dates.guarantee_extended);
    }

  /* From a leap day to the last day of February. */
  compute ("DE", "2024-02-29", &dates);
  {
    g_autofree char *guarantee = iso (&dates.guarantee_until);
    g_autofree char *presumption = iso (&dates.presumption_until);

    g_assert_cmpstr (guarantee, ==, "2026-02-28");
    g_assert_cmpstr (presumption, ==, "2025-02-28");
  }

  /* A repair from 31 July 2026 on adds 12 months, once. */
  input.country = "FR";
  input.info_given = TRUE;
  input.possession_us = noon ("FR", "2025-09-01");
  input.repaired_us = noon ("FR", "2026-07-30");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *guarantee = iso (&dates.guarantee_until);

    g_assert_cmpstr (guarantee, ==, "2027-09-01");
    g_assert_false (dates.guarantee_extended);
  }
  input.repaired_us = noon ("FR", "2026-07-31");
  retour_law_compute (&input, NULL, &dates);
  {
    g_autofree char *guarantee = iso (&dates.guarantee_until);
    g_autofree char *presumption = iso (&dates.presumption_until);

    g_assert_cmpstr (guarantee, ==, "2028-09-01");
    g_assert_true (dates.guarantee_extended);
    g_assert_cmpstr (presumption, ==, "2027-09-01");
  }
}

static void
test_surcharge (void)
{
  static const struct { int days; guint percent; } tiers[] = {
    { 1, 0 }, { 10, 0 }, { 11, 5 }, { 20, 5 }, { 21, 10 }, { 30, 10 },
    { 31, 20 }, { 60, 20 }, { 61, 50 }, { 90, 50 }, { 91, 55 }, { 120, 55 },
    { 121, 60 }, { 360, 95 }, { 361, 100 }, { 1000, 100 },
  };
  guint percent = 99;
  char *description = (char *) "untouched";

  g_assert_false (retour_law_late_surcharge ("NL", 40, &percent, &description));
  g_assert_cmpuint (percent, ==, 0);
  g_assert_null (description);
  g_assert_false (retour_law_late_surcharge ("FR", 0, &percent, &description));
  g_assert_false (retour_law_late_surcharge ("FR", -3, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (retour_law_late_surcharge ("fr", tiers[i].days, &percent, &text));
      g_test_message ("%d days: %u %%, %s", tiers[i].days, percent, text);
      g_assert_cmpuint (percent, ==, tiers[i].percent);
      g_assert_nonnull (strstr (text, "L242-4"));
      if (percent == 0)
        g_assert_nonnull (strstr (text, "legal rate"));
      else
        g_assert_nonnull (strstr (text, "up to the product’s price"));
    }
}

static void
test_claims (void)
{
  RetourReason defective = { .code = (char *) "defective" };
  RetourReason transit = { .code = (char *) "damaged-in-transit" };
  RetourReason described = { .code = (char *) "not-as-described" };
  RetourReason wrong = { .code = (char *) "wrong-item" };
  RetourReason own = { .code = (char *) "Screen-Defect" };
  RetourReason size = { .code = (char *) "wrong-size" };
  RetourReason late = { .code = (char *) "arrived-late" };
  RetourReason mind = { .code = (char *) "changed-mind" };
  RetourLawDates dates;

  g_assert_true (retour_law_reason_is_conformity (&defective));
  g_assert_true (retour_law_reason_is_conformity (&transit));
  g_assert_true (retour_law_reason_is_conformity (&described));
  g_assert_true (retour_law_reason_is_conformity (&wrong));
  g_assert_true (retour_law_reason_is_conformity (&own));
  g_assert_false (retour_law_reason_is_conformity (&size));
  g_assert_false (retour_law_reason_is_conformity (&late));
  g_assert_false (retour_law_reason_is_conformity (&mind));
  g_assert_false (retour_law_reason_is_conformity (NULL));

  compute ("NL", "2026-03-03", &dates);
  g_assert_cmpint (retour_law_default_claim (&dates, TRUE, noon ("NL", "2026-03-05")), ==,
                   RETOUR_CLAIM_CONFORMITY);
  g_assert_cmpint (retour_law_default_claim (&dates, FALSE, noon ("NL", "2026-03-17")), ==,
                   RETOUR_CLAIM_WITHDRAWAL);
  g_assert_cmpint (retour_law_default_claim (&dates, FALSE, noon ("NL", "2026-03-18")), ==,
                   RETOUR_CLAIM_COMMERCIAL_RETURN);
  g_assert_cmpint (retour_law_default_claim (&dates, TRUE, noon ("NL", "2027-03-18")), ==,
                   RETOUR_CLAIM_CONFORMITY);

  /* A notice given in time keeps the claim a withdrawal later on. */
  {
    RetourLawInput input = { 0 };

    input.country = "NL";
    input.info_given = TRUE;
    input.possession_us = noon ("NL", "2026-03-03");
    input.declared_us = noon ("NL", "2026-03-16");
    retour_law_compute (&input, NULL, &dates);
    g_assert_cmpint (retour_law_default_claim (&dates, FALSE, noon ("NL", "2026-04-20")), ==,
                     RETOUR_CLAIM_WITHDRAWAL);

    /* Delivery unknown: it cannot be too late yet. */
    input.possession_us = 0;
    input.declared_us = 0;
    retour_law_compute (&input, NULL, &dates);
    g_assert_cmpint (retour_law_default_claim (&dates, FALSE, noon ("NL", "2026-04-20")), ==,
                     RETOUR_CLAIM_WITHDRAWAL);
  }
}

static gboolean
has_reason (GPtrArray  *reasons,
            const char *sentence)
{
  for (guint i = 0; i < reasons->len; i++)
    if (strcmp (g_ptr_array_index (reasons, i), sentence) == 0)
      return TRUE;

  return FALSE;
}

static void
test_verdict (void)
{
  RetourLawDates dates;

  compute ("NL", "2026-03-03", &dates);

  {
    g_autoptr(RetourVerdict) verdict = retour_law_evaluate_withdrawal (&dates, RETOUR_EXCEPTION_NONE,
                                                                       noon ("NL", "2026-03-10"));

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_ELIGIBLE);
    g_assert_cmpint (verdict->days_left, ==, 7);
    g_assert_cmpstr (verdict->summary, ==, "Withdrawal possible, 7 days left");
  }

  /* An exception never refuses: it asks staff to look. */
  {
    g_autoptr(RetourVerdict) verdict = retour_law_evaluate_withdrawal (&dates, RETOUR_EXCEPTION_SEALED_HYGIENE,
                                                                       noon ("NL", "2026-03-17"));

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_ELIGIBLE);
    g_assert_cmpstr (verdict->summary, ==, "Last day to withdraw");
    g_assert_true (has_reason (verdict->reasons, "An exception may apply: check the seal"));
  }
  {
    g_autoptr(RetourVerdict) verdict = retour_law_evaluate_withdrawal (&dates, RETOUR_EXCEPTION_PERSONALISED,
                                                                       noon ("NL", "2026-03-12"));

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_ELIGIBLE);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (verdict->reasons, 0), "An exception may apply"));
  }

  /* After the deadline staff decide, with a note. */
  {
    g_autoptr(RetourVerdict) verdict = retour_law_evaluate_withdrawal (&dates, RETOUR_EXCEPTION_NONE,
                                                                       noon ("NL", "2026-03-20"));

    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_NEEDS_OVERRIDE);
    g_assert_cmpint (verdict->days_left, ==, -3);
    g_assert_cmpstr (verdict->summary, ==, "Past the withdrawal deadline by 3 days");
  }

  /* Without a delivery date there is nothing to refuse on. */
  {
    RetourLawInput input = { 0 };
    g_autoptr(RetourVerdict) verdict = NULL;

    input.country = "NL";
    retour_law_compute (&input, NULL, &dates);
    verdict = retour_law_evaluate_withdrawal (&dates, RETOUR_EXCEPTION_NONE, noon ("NL", "2030-01-01"));
    g_assert_cmpint (verdict->kind, ==, RETOUR_VERDICT_ELIGIBLE);
    g_assert_false (g_date_valid (&verdict->deadline));
  }
}

static void
test_input_for_rma (void)
{
  g_autoptr(RetourPolicy) policy = retour_policy_new_default ("EUR");
  g_autoptr(RetourRma) rma = retour_rma_new ("EUR", 0);
  RetourRmaLine *line = retour_rma_line_new ();
  RetourLawInput input;
  RetourLawDates dates;

  line->title = g_strdup ("Kettle");
  line->claim = RETOUR_CLAIM_CONFORMITY;
  retour_rma_add_line (rma, line);
  rma->country = g_strdup ("PL");
  rma->possession_us = noon ("PL", "2026-05-21");
  rma->declared_us = noon ("PL", "2026-05-25");
  rma->received_us = noon ("PL", "2026-06-02");
  rma->dispatch_proof_us = noon ("PL", "2026-05-27");
  rma->resolution = RETOUR_RESOLUTION_REPAIR;
  rma->resolved_us = noon ("PL", "2026-08-03");
  policy->withdrawal_info_given = FALSE;
  policy->shop_country = g_strdup ("NL");

  retour_law_input_for_rma (rma, policy, &input);
  g_assert_cmpstr (input.country, ==, "PL");
  g_assert_false (input.info_given);
  g_assert_cmpint (input.repaired_us, ==, rma->resolved_us);

  retour_law_compute (&input, policy->shop_country, &dates);
  {
    g_autofree char *last = iso (&dates.withdrawal_deadline);
    g_autofree char *guarantee = iso (&dates.guarantee_until);

    g_assert_cmpstr (last, ==, "2026-06-05");
    g_assert_cmpstr (guarantee, ==, "2029-05-21");
  }
  g_assert_cmpint (dates.withhold_until_us, ==, rma->dispatch_proof_us);

  /* Without the customer's country, the shop's law. */
  g_clear_pointer (&rma->country, g_free);
  retour_law_input_for_rma (rma, policy, &input);
  retour_law_compute (&input, policy->shop_country, &dates);
  g_assert_cmpstr (dates.country, ==, "NL");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/law/countries", test_countries);
  g_test_add_func ("/law/easter", test_easter);
  g_test_add_func ("/law/holidays", test_holidays_lists);
  g_test_add_func ("/law/working-days", test_working_days);
  g_test_add_func ("/law/deadlines", test_deadlines);
  g_test_add_func ("/law/same-day-other-countries", test_same_day_other_countries);
  g_test_add_func ("/law/country-fallback", test_country_fallback);
  g_test_add_func ("/law/extension", test_extension);
  g_test_add_func ("/law/local-midnight", test_local_midnight);
  g_test_add_func ("/law/refund-and-withholding", test_refund_and_withholding);
  g_test_add_func ("/law/guarantee", test_guarantee);
  g_test_add_func ("/law/surcharge", test_surcharge);
  g_test_add_func ("/law/claims", test_claims);
  g_test_add_func ("/law/verdict", test_verdict);
  g_test_add_func ("/law/input-for-rma", test_input_for_rma);

  return g_test_run ();
}
