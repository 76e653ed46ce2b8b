/* retour-law.c — the law's clocks: national public holidays, the
 * withdrawal and guarantee dates of one return, the default claim, the
 * statutory verdict and France's surcharge on a late refund.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The choices where the law leaves room (which days count as holidays,
 * whether the shop's refund deadline moves past a holiday, what an
 * unknown country means) are in docs/decisions.md, "The law's clocks".
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-clock.h"
#include "retour-law.h"

typedef enum
{
  COUNTRY_NL,
  COUNTRY_FR,
  COUNTRY_DE,
  COUNTRY_PL,
  COUNTRY_OTHER,
} Country;

static const struct
{
  const char *code;
  const char *zone;
} countries[] = {
  [COUNTRY_NL] = { "NL", "Europe/Amsterdam" },
  [COUNTRY_FR] = { "FR", "Europe/Paris" },
  [COUNTRY_DE] = { "DE", "Europe/Berlin" },
  [COUNTRY_PL] = { "PL", "Europe/Warsaw" },
};

/* Days after possession in which to withdraw (CRD art 9(1)), and after
 * the notice in which to refund (art 13(1)). */
#define WITHDRAWAL_DAYS 14
#define REFUND_DAYS 14

/* Directive 2024/1799 applies to repairs from this day on. */
#define REPAIR_EXTENSION_YEAR 2026
#define REPAIR_EXTENSION_MONTH G_DATE_JULY
#define REPAIR_EXTENSION_DAY 31

/* The Gregorian computus needs a Gregorian year. */
#define FIRST_YEAR 1583
#define LAST_YEAR 9999

static gboolean
is_country_code (const char *country)
{
  return country != NULL &&
         g_ascii_isalpha (country[0]) && g_ascii_isalpha (country[1]) &&
         country[2] == '\0';
}

static Country
country_from_code (const char *country)
{
  if (!is_country_code (country))
    return COUNTRY_OTHER;

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (country, countries[i].code) == 0)
      return (Country) i;

  return COUNTRY_OTHER;
}

gboolean
retour_law_country_is_known (const char *country)
{
  return country_from_code (country) != COUNTRY_OTHER;
}

/* (transfer full) */
GTimeZone *
retour_law_country_time_zone (const char *country)
{
  Country which = country_from_code (country);
  GTimeZone *tz = NULL;

  if (which != COUNTRY_OTHER)
    tz = g_time_zone_new_identifier (countries[which].zone);

  /* Without tzdata, UTC rather than nothing: a date at worst an hour or
   * two early. */
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  return tz;
}

/* Public holidays ------------------------------------------------------- */

/* Easter Sunday of @year by the anonymous Gregorian algorithm (Meeus,
 * Astronomical Algorithms, ch. 8). */
static void
easter_sunday (int    year,
               GDate *date)
{
  int a = year % 19;
  int b = year / 100;
  int c = year % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
add_fixed (GArray     *holidays,
           int         year,
           int         month,
           int         day,
           const char *name)
{
  RetourPublicHoliday holiday;

  g_date_clear (&holiday.date, 1);
  g_date_set_dmy (&holiday.date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  holiday.name = name;
  g_array_append_val (holidays, holiday);
}

static void
add_from_easter (GArray      *holidays,
                 const GDate *easter,
                 int          offset,
                 const char  *name)
{
  RetourPublicHoliday holiday;

  holiday.date = *easter;
  if (offset >= 0)
    g_date_add_days (&holiday.date, (guint) offset);
  else
    g_date_subtract_days (&holiday.date, (guint) -offset);
  holiday.name = name;
  g_array_append_val (holidays, holiday);
}

static int
compare_holidays (gconstpointer a,
                  gconstpointer b)
{
  const RetourPublicHoliday *first = a;
  const RetourPublicHoliday *second = b;

  return g_date_compare (&first->date, &second->date);
}

/* The Netherlands: the "algemeen erkende feestdagen" of the Algemene
 * termijnenwet art 3, which is what moves a deadline there, and Good
 * Friday, which the law leaves in doubt (docs/decisions.md). */
static void
add_holidays_nl (GArray      *holidays,
                 int          year,
                 const GDate *easter)
{
  add_fixed (holidays, year, 1, 1, _("New Year’s Day"));
  add_from_easter (holidays, easter, -2, _("Good Friday"));
  add_from_easter (holidays, easter, 0, _("Easter Sunday"));
  add_from_easter (holidays, easter, 1, _("Easter Monday"));

  if (year >= 2014)
    {
      GDate birthday;

      /* Celebrated on the Saturday before when the 27th is a Sunday. */
      g_date_clear (&birthday, 1);
      g_date_set_dmy (&birthday, 27, G_DATE_APRIL, (GDateYear) year);
      add_fixed (holidays, year, 4,
                 g_date_get_weekday (&birthday) == G_DATE_SUNDAY ? 26 : 27,
                 _("King’s Day"));
    }
  else if (year >= 1949)
    {
      GDate birthday;

      g_date_clear (&birthday, 1);
      g_date_set_dmy (&birthday, 30, G_DATE_APRIL, (GDateYear) year);
      add_fixed (holidays, year, 4,
                 g_date_get_weekday (&birthday) == G_DATE_SUNDAY ? 29 : 30,
                 _("Queen’s Day"));
    }

  add_fixed (holidays, year, 5, 5, _("Liberation Day"));
  add_from_easter (holidays, easter, 39, _("Ascension Day"));
  add_from_easter (holidays, easter, 49, _("Whit Sunday"));
  add_from_easter (holidays, easter, 50, _("Whit Monday"));
  add_fixed (holidays, year, 12, 25, _("Christmas Day"));
  add_fixed (holidays, year, 12, 26, _("Second Day of Christmas"));
}

/* France: the jours fériés of the Code du travail art L3133-1, without
 * the two days only Alsace and Moselle keep. */
static void
add_holidays_fr (GArray      *holidays,
                 int          year,
                 const GDate *easter)
{
  add_fixed (holidays, year, 1, 1, _("New Year’s Day"));
  add_from_easter (holidays, easter, 1, _("Easter Monday"));
  add_fixed (holidays, year, 5, 1, _("Labour Day"));
  add_fixed (holidays, year, 5, 8, _("Victory in Europe Day"));
  add_from_easter (holidays, easter, 39, _("Ascension Day"));
  add_from_easter (holidays, easter, 50, _("Whit Monday"));
  add_fixed (holidays, year, 7, 14, _("Bastille Day"));
  add_fixed (holidays, year, 8, 15, _("Assumption Day"));
  add_fixed (holidays, year, 11, 1, _("All Saints’ Day"));
  add_fixed (holidays, year, 11, 11, _("Armistice Day"));
  add_fixed (holidays, year, 12, 25, _("Christmas Day"));
}

/* Germany: the holidays of every Land; those of some Länder only
 * (Epiphany, Corpus Christi, Reformation Day, …) do not count. */
static void
add_holidays_de (GArray      *holidays,
                 int          year,
                 const GDate *easter)
{
  add_fixed (holidays, year, 1, 1, _("New Year’s Day"));
  add_from_easter (holidays, easter, -2, _("Good Friday"));
  add_from_easter (holidays, easter, 1, _("Easter Monday"));
  add_fixed (holidays, year, 5, 1, _("Labour Day"));
  add_from_easter (holidays, easter, 39, _("Ascension Day"));
  add_from_easter (holidays, easter, 50, _("Whit Monday"));
  if (year >= 1990)
    add_fixed (holidays, year, 10, 3, _("German Unity Day"));
  /* The 500th anniversary of the Reformation was a holiday everywhere. */
  if (year == 2017)
    add_fixed (holidays, year, 10, 31, _("Reformation Day"));
  add_fixed (holidays, year, 12, 25, _("Christmas Day"));
  add_fixed (holidays, year, 12, 26, _("Second Day of Christmas"));
}

/* Poland: the dni wolne od pracy of the act of 18 January 1951. */
static void
add_holidays_pl (GArray      *holidays,
                 int          year,
                 const GDate *easter)
{
  add_fixed (holidays, year, 1, 1, _("New Year’s Day"));
  if (year >= 2011)
    add_fixed (holidays, year, 1, 6, _("Epiphany"));
  add_from_easter (holidays, easter, 0, _("Easter Sunday"));
  add_from_easter (holidays, easter, 1, _("Easter Monday"));
  add_fixed (holidays, year, 5, 1, _("Labour Day"));
  add_fixed (holidays, year, 5, 3, _("Constitution Day"));
  add_from_easter (holidays, easter, 49, _("Whit Sunday"));
  add_from_easter (holidays, easter, 60, _("Corpus Christi"));
  add_fixed (holidays, year, 8, 15, _("Assumption Day"));
  add_fixed (holidays, year, 11, 1, _("All Saints’ Day"));
  add_fixed (holidays, year, 11, 11, _("Independence Day"));
  if (year >= 2025)
    add_fixed (holidays, year, 12, 24, _("Christmas Eve"));
  add_fixed (holidays, year, 12, 25, _("Christmas Day"));
  add_fixed (holidays, year, 12, 26, _("Second Day of Christmas"));
}

static GArray *
holidays_of (Country country,
             int     year)
{
  GArray *holidays = g_array_sized_new (FALSE, FALSE, sizeof (RetourPublicHoliday), 16);
  GDate easter;

  if (country == COUNTRY_OTHER || year < FIRST_YEAR || year > LAST_YEAR)
    return holidays;

  easter_sunday (year, &easter);

  switch (country)
    {
    case COUNTRY_NL:
      add_holidays_nl (holidays, year, &easter);
      break;
    case COUNTRY_FR:
      add_holidays_fr (holidays, year, &easter);
      break;
    case COUNTRY_DE:
      add_holidays_de (holidays, year, &easter);
      break;
    case COUNTRY_PL:
      add_holidays_pl (holidays, year, &easter);
      break;
    case COUNTRY_OTHER:
    default:
      break;
    }

  g_array_sort (holidays, compare_holidays);

  return holidays;
}

GArray *
retour_law_public_holidays (const char *country,
                            int         year)
{
  return holidays_of (country_from_code (country), year);
}

/* The holiday on @date, or NULL. */
static const char *
holiday_on (Country      country,
            const GDate *date)
{
  g_autoptr(GArray) holidays = holidays_of (country, g_date_get_year (date));

  for (guint i = 0; i < holidays->len; i++)
    {
      const RetourPublicHoliday *holiday = &g_array_index (holidays, RetourPublicHoliday, i);

      if (g_date_compare (&holiday->date, date) == 0)
        return holiday->name;
    }

  return NULL;
}

static gboolean
is_working_day (Country      country,
                const GDate *date)
{
  GDateWeekday weekday = g_date_get_weekday (date);

  if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
    return FALSE;

  return holiday_on (country, date) == NULL;
}

gboolean
retour_law_is_working_day (const char  *country,
                           const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return is_working_day (country_from_code (country), date);
}

/* A period whose last day is not a working day ends at the end of the
 * next working day (Regulation 1182/71 art 3(4)). */
static void
roll_to_working_day (Country  country,
                     GDate   *date)
{
  while (!is_working_day (country, date))
    g_date_add_days (date, 1);
}

gboolean
retour_law_deadline_holiday (const char          *country,
                             const GDate         *nominal,
                             const GDate         *deadline,
                             RetourPublicHoliday *holiday)
{
  Country which = country_from_code (country);
  GDate day;

  g_return_val_if_fail (nominal != NULL, FALSE);
  g_return_val_if_fail (deadline != NULL, FALSE);

  if (!g_date_valid (nominal) || !g_date_valid (deadline))
    return FALSE;

  for (day = *nominal; g_date_compare (&day, deadline) < 0; g_date_add_days (&day, 1))
    {
      const char *name = holiday_on (which, &day);

      if (name != NULL)
        {
          if (holiday != NULL)
            {
              holiday->date = day;
              holiday->name = name;
            }
          return TRUE;
        }
    }

  return FALSE;
}

/* The dates of one return ---------------------------------------------- */

static const GDate *
effective_deadline (const RetourLawDates *dates)
{
  return g_date_valid (&dates->extended_deadline) ? &dates->extended_deadline
                                                  : &dates->withdrawal_deadline;
}

void
retour_law_compute (const RetourLawInput *input,
                    const char           *shop_country,
                    RetourLawDates       *dates)
{
  g_autoptr(GTimeZone) tz = NULL;
  const char *code;
  Country country;
  GDate repaired;

  g_return_if_fail (input != NULL);
  g_return_if_fail (dates != NULL);

  memset (dates, 0, sizeof *dates);
  g_date_clear (&dates->possession, 1);
  g_date_clear (&dates->withdrawal_deadline, 1);
  g_date_clear (&dates->extended_deadline, 1);
  g_date_clear (&dates->declared_on, 1);
  g_date_clear (&dates->refund_due_by, 1);
  g_date_clear (&dates->guarantee_until, 1);
  g_date_clear (&dates->presumption_until, 1);

  /* The customer's country when given, else the shop's; a country
   * outside the four counts weekends only. */
  if (is_country_code (input->country))
    code = input->country;
  else if (is_country_code (shop_country))
    code = shop_country;
  else
    code = "";

  dates->country[0] = g_ascii_toupper (code[0]);
  dates->country[1] = code[0] != '\0' ? g_ascii_toupper (code[1]) : '\0';
  dates->country[2] = '\0';
  country = country_from_code (dates->country);
  dates->country_known = country != COUNTRY_OTHER;
  tz = retour_law_country_time_zone (dates->country);

  if (input->possession_us != 0 && retour_clock_local_date (input->possession_us, tz, &dates->possession))
    {
      dates->possession_estimated = input->possession_estimated;

      dates->withdrawal_deadline = dates->possession;
      g_date_add_days (&dates->withdrawal_deadline, WITHDRAWAL_DAYS);
      roll_to_working_day (country, &dates->withdrawal_deadline);

      /* Without the information the period runs on for 12 months after
       * its end; information given late within them ends it 14 days
       * after, never before the initial deadline (CRD art 10). */
      if (!input->info_given)
        {
          GDate twelve_months = dates->withdrawal_deadline;
          GDate informed;

          g_date_add_months (&twelve_months, 12);
          roll_to_working_day (country, &twelve_months);

          if (input->info_given_late_us != 0 &&
              retour_clock_local_date (input->info_given_late_us, tz, &informed) &&
              g_date_compare (&informed, &twelve_months) <= 0)
            {
              dates->extended_deadline = informed;
              g_date_add_days (&dates->extended_deadline, WITHDRAWAL_DAYS);
              roll_to_working_day (country, &dates->extended_deadline);
              if (g_date_compare (&dates->extended_deadline, &dates->withdrawal_deadline) < 0)
                dates->extended_deadline = dates->withdrawal_deadline;
            }
          else
            {
              dates->extended_deadline = twelve_months;
            }
        }

      /* The guarantee and the presumption are the time in which a defect
       * must show, not a time to act in: no working-day roll. */
      dates->guarantee_until = dates->possession;
      g_date_add_years (&dates->guarantee_until, 2);
      if (input->repaired_us != 0 && retour_clock_local_date (input->repaired_us, tz, &repaired))
        {
          GDate from;

          g_date_clear (&from, 1);
          g_date_set_dmy (&from, REPAIR_EXTENSION_DAY, REPAIR_EXTENSION_MONTH, REPAIR_EXTENSION_YEAR);
          if (g_date_compare (&repaired, &from) >= 0)
            {
              g_date_add_months (&dates->guarantee_until, 12);
              dates->guarantee_extended = TRUE;
            }
        }

      dates->presumption_until = dates->possession;
      g_date_add_years (&dates->presumption_until,
                        country == COUNTRY_DE || country == COUNTRY_NL ? 1 : 2);
    }

  if (input->declared_us != 0 && retour_clock_local_date (input->declared_us, tz, &dates->declared_on))
    {
      dates->declared = TRUE;
      /* Sent by the last day, in the customer's own calendar. Before the
       * goods arrive, or while their arrival is unknown, a notice cannot
       * be late (CRD art 9(3)). */
      dates->declared_in_time = !g_date_valid (effective_deadline (dates)) ||
                                g_date_compare (&dates->declared_on, effective_deadline (dates)) <= 0;
      /* The shop's own deadline is not moved past a holiday. */
      dates->refund_due_by = dates->declared_on;
      g_date_add_days (&dates->refund_due_by, REFUND_DAYS);
    }

  if (input->received_back_us != 0 && input->dispatch_proof_us != 0)
    dates->withhold_until_us = MIN (input->received_back_us, input->dispatch_proof_us);
  else
    dates->withhold_until_us = input->received_back_us != 0 ? input->received_back_us
                                                            : input->dispatch_proof_us;
}

void
retour_law_input_for_rma (const RetourRma    *rma,
                          const RetourPolicy *policy,
                          RetourLawInput     *input)
{
  g_return_if_fail (input != NULL);
  memset (input, 0, sizeof *input);
  g_return_if_fail (rma != NULL);
  g_return_if_fail (policy != NULL);

  input->country = rma->country;
  input->possession_us = rma->possession_us;
  input->possession_estimated = rma->possession_estimated;
  input->info_given = policy->withdrawal_info_given;
  input->declared_us = rma->declared_us;
  input->received_back_us = rma->received_us;
  input->dispatch_proof_us = rma->dispatch_proof_us;

  /* A repair the return resolved under the legal guarantee. */
  if (rma->resolution == RETOUR_RESOLUTION_REPAIR && rma->resolved_us != 0)
    {
      for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
        {
          const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

          if (line->claim == RETOUR_CLAIM_CONFORMITY)
            {
              input->repaired_us = rma->resolved_us;
              break;
            }
        }
    }
}

gint64
retour_law_possession_us (gint64    delivered_us,
                          gint64    fulfilled_us,
                          gboolean *estimated)
{
  g_return_val_if_fail (estimated != NULL, 0);

  *estimated = delivered_us == 0 && fulfilled_us != 0;
  if (delivered_us != 0)
    return delivered_us;
  if (fulfilled_us != 0)
    return fulfilled_us + RETOUR_POSSESSION_ESTIMATE_DAYS * G_TIME_SPAN_DAY;

  return 0;
}

gint64
retour_law_refund_due_us (const RetourLawDates *dates)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) end = NULL;
  GDate next;

  g_return_val_if_fail (dates != NULL, 0);

  if (!g_date_valid (&dates->refund_due_by))
    return 0;

  next = dates->refund_due_by;
  g_date_add_days (&next, 1);
  tz = retour_law_country_time_zone (dates->country);
  end = g_date_time_new (tz, g_date_get_year (&next), g_date_get_month (&next), g_date_get_day (&next), 0, 0, 0);

  return end != NULL ? g_date_time_to_unix (end) * G_USEC_PER_SEC - 1 : 0;
}

int
retour_law_days_until (const RetourLawDates *dates,
                       const GDate          *deadline,
                       gint64                now_us)
{
  g_autoptr(GTimeZone) tz = NULL;
  GDate today;

  g_return_val_if_fail (dates != NULL, 0);
  g_return_val_if_fail (deadline != NULL && g_date_valid (deadline), 0);

  tz = retour_law_country_time_zone (dates->country);
  if (!retour_clock_local_date (now_us, tz, &today))
    return 0;

  return g_date_days_between (&today, deadline);
}

/* Claims ----------------------------------------------------------------- */

/* The reasons Retour's default list and demo create for a lack of
 * conformity, and words a shop's own codes use for one. "arrived-late"
 * is the shop's doing but not a defect of the goods. */
static const char * const conformity_codes[] = {
  "defective",
  "damaged-in-transit",
  "not-as-described",
  "wrong-item",
  "missing-parts",
  "incomplete",
  "faulty",
  "broken",
};

static const char * const conformity_words[] = {
  "defect",
  "damage",
  "broken",
  "faulty",
  "not-as-described",
  "wrong-item",
  "missing-part",
};

gboolean
retour_law_reason_is_conformity (const RetourReason *reason)
{
  g_autofree char *code = NULL;

  if (reason == NULL || reason->code == NULL)
    return FALSE;

  code = g_ascii_strdown (reason->code, -1);
  for (guint i = 0; i < G_N_ELEMENTS (conformity_codes); i++)
    if (strcmp (code, conformity_codes[i]) == 0)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (conformity_words); i++)
    if (strstr (code, conformity_words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* The local day a withdrawal is judged on: its notice, else today. */
static gboolean
judged_on (const RetourLawDates *dates,
           gint64                now_us,
           GDate                *day)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (dates->declared)
    {
      *day = dates->declared_on;
      return TRUE;
    }

  tz = retour_law_country_time_zone (dates->country);

  return retour_clock_local_date (now_us, tz, day);
}

RetourClaimKind
retour_law_default_claim (const RetourLawDates *dates,
                          gboolean              conformity_reason,
                          gint64                now_us)
{
  GDate day;

  g_return_val_if_fail (dates != NULL, RETOUR_CLAIM_COMMERCIAL_RETURN);

  if (conformity_reason)
    return RETOUR_CLAIM_CONFORMITY;

  /* While the goods' arrival is unknown the period cannot have ended. */
  if (!g_date_valid (effective_deadline (dates)))
    return RETOUR_CLAIM_WITHDRAWAL;

  if (!judged_on (dates, now_us, &day) ||
      g_date_compare (&day, effective_deadline (dates)) <= 0)
    return RETOUR_CLAIM_WITHDRAWAL;

  return RETOUR_CLAIM_COMMERCIAL_RETURN;
}

/* The statutory verdict -------------------------------------------------- */

static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) noon = g_date_time_new_utc (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date),
                                                   12, 0, 0);

  if (noon == NULL)
    return g_strdup ("?");

  /* The locale's own way to write a date. */
  return g_date_time_format (noon, "%x");
}

static const char *
exception_sentence (RetourWithdrawalException exception)
{
  switch (exception)
    {
    case RETOUR_EXCEPTION_PERSONALISED:
      return _("An exception may apply: check whether the item was made to the customer’s specification");
    case RETOUR_EXCEPTION_PERISHABLE:
      return _("An exception may apply: check whether the goods deteriorate or expire rapidly");
    case RETOUR_EXCEPTION_SEALED_HYGIENE:
    case RETOUR_EXCEPTION_SEALED_MEDIA:
      return _("An exception may apply: check the seal");
    case RETOUR_EXCEPTION_MIXED:
      return _("An exception may apply: check whether the item was inseparably mixed with other items");
    case RETOUR_EXCEPTION_PRESS:
      return _("An exception may apply: check whether it is a newspaper or magazine sold outside a subscription");
    case RETOUR_EXCEPTION_NONE:
    default:
      return NULL;
    }
}

RetourVerdict *
retour_law_evaluate_withdrawal (const RetourLawDates      *dates,
                                RetourWithdrawalException  exception,
                                gint64                     now_us)
{
  RetourVerdict *verdict;
  const char *exception_text;
  const GDate *deadline;
  g_autofree char *deadline_text = NULL;
  GDate day;

  g_return_val_if_fail (dates != NULL, NULL);

  verdict = g_new0 (RetourVerdict, 1);
  g_date_clear (&verdict->deadline, 1);
  verdict->reasons = g_ptr_array_new_with_free_func (g_free);

  /* An exception only ever adds a question for staff: the goods may be
   * unsealed or not, and that is for a person to see. */
  exception_text = exception_sentence (exception);
  if (exception_text != NULL)
    g_ptr_array_add (verdict->reasons, g_strdup (exception_text));

  deadline = effective_deadline (dates);
  if (!g_date_valid (deadline))
    {
      verdict->kind = RETOUR_VERDICT_ELIGIBLE;
      verdict->summary = g_strdup (_("Withdrawal possible: the date the customer received the goods is unknown"));
      g_ptr_array_add (verdict->reasons,
                       g_strdup (_("Enter the date the last parcel was delivered to know the withdrawal deadline")));
      return verdict;
    }

  verdict->deadline = *deadline;
  deadline_text = format_date (deadline);

  if (!judged_on (dates, now_us, &day))
    day = *deadline;
  verdict->days_left = g_date_days_between (&day, deadline);

  if (dates->possession_estimated)
    g_ptr_array_add (verdict->reasons,
                     g_strdup (_("The delivery date is an estimate from the dispatch date")));

  if (g_date_valid (&dates->extended_deadline))
    /* Translators: %s is a date. */
    g_ptr_array_add (verdict->reasons,
                     g_strdup_printf (_("The withdrawal information was not given with the order: the period is extended until %s"),
                                      deadline_text));
  else
    g_ptr_array_add (verdict->reasons,
                     g_strdup (_("The customer may withdraw within 14 days of receiving the goods, without giving a reason")));

  if (verdict->days_left >= 0)
    {
      verdict->kind = RETOUR_VERDICT_ELIGIBLE;
      if (dates->declared)
        verdict->summary = g_strdup (_("Withdrawn in time"));
      else if (verdict->days_left == 0)
        verdict->summary = g_strdup (_("Last day to withdraw"));
      else
        verdict->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Withdrawal possible, %d day left",
                                                         "Withdrawal possible, %d days left",
                                                         (gulong) verdict->days_left),
                                            verdict->days_left);
      /* Translators: %s is a date. */
      g_ptr_array_add (verdict->reasons,
                       g_strdup_printf (_("Last day to withdraw: %s"), deadline_text));
    }
  else
    {
      int late = -verdict->days_left;

      verdict->kind = RETOUR_VERDICT_NEEDS_OVERRIDE;
      verdict->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Past the withdrawal deadline by %d day",
                                                       "Past the withdrawal deadline by %d days",
                                                       (gulong) late),
                                          late);
      /* Translators: %s is a date. */
      g_ptr_array_add (verdict->reasons,
                       g_strdup_printf (_("The last day to withdraw was %s"), deadline_text));
    }

  return verdict;
}

/* France's surcharge ----------------------------------------------------- */

gboolean
retour_law_late_surcharge (const char  *country,
                           int          days_late,
                           guint       *percent,
                           char       **description)
{
  guint tier;

  if (percent != NULL)
    *percent = 0;
  if (description != NULL)
    *description = NULL;

  if (country_from_code (country) != COUNTRY_FR || days_late <= 0)
    return FALSE;

  /* L242-4: the legal interest rate up to ten days late, then 5, 10, 20
   * and 50 % at 10, 20, 30 and 60 days, then five points more for each
   * further month (counted as 30 days), up to the product's price. */
  if (days_late <= 10)
    tier = 0;
  else if (days_late <= 20)
    tier = 5;
  else if (days_late <= 30)
    tier = 10;
  else if (days_late <= 60)
    tier = 20;
  else if (days_late <= 90)
    tier = 50;
  else
    tier = MIN (100, 50 + 5 * (guint) ((days_late - 91) / 30 + 1));

  if (percent != NULL)
    *percent = tier;

  if (description != NULL)
    {
      if (tier == 0)
        *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Refund %d day late: it carries interest at the legal rate (Code de la consommation L242-4)",
                                                     "Refund %d days late: it carries interest at the legal rate (Code de la consommation L242-4)",
                                                     (gulong) days_late),
                                        days_late);
      else
        /* Translators: %d is a number of days, %u a percentage; “%%” is a percent sign. */
        *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Refund %d day late: it grows by %u %%, and more with each further month, up to the product’s price (Code de la consommation L242-4)",
                                                     "Refund %d days late: it grows by %u %%, and more with each further month, up to the product’s price (Code de la consommation L242-4)",
                                                     (gulong) days_late),
                                        days_late, tier);
    }

  return TRUE;
}
