/* retour-cli-deadline.c — `retour-cli deadline`: the law's dates for a
 * delivery, without a database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Support staff and scripts ask "until when may this customer withdraw,
 * and by when must we refund?" for a country and a delivery date; the
 * answer comes from retour-law.h, the same sums the desk makes.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "retour-cli-private.h"
#include "retour-law.h"

/* A calendar date written YYYY-MM-DD. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

/* Noon of @date in @tz, in UTC microseconds: a day given without a time
 * stays that day in the country whatever the offset. */
static gint64
noon_of (const GDate *date,
         GTimeZone   *tz)
{
  g_autoptr(GDateTime) noon = g_date_time_new (tz,
                                               g_date_get_year (date),
                                               g_date_get_month (date),
                                               g_date_get_day (date),
                                               12, 0, 0);

  return g_date_time_to_unix (noon) * G_USEC_PER_SEC;
}

/* A date (noon), or a date and time in the country's time zone unless it
 * names an offset: 2026-08-20, 2026-08-20T23:30, 2026-08-20T21:30:00Z. */
static gboolean
parse_time (const char *text,
            GTimeZone  *tz,
            gint64     *time_us)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *normal = NULL;
  GDate date;

  if (parse_date (text, &date))
    {
      *time_us = noon_of (&date, tz);
      return TRUE;
    }

  if (text == NULL || strlen (text) < 16 || (text[10] != 'T' && text[10] != ' '))
    return FALSE;

  /* GLib wants the seconds; people leave them out. */
  if (text[13] == ':' && (text[16] == '\0' || text[16] == 'Z' || text[16] == '+' || text[16] == '-'))
    normal = g_strdup_printf ("%.10sT%.5s:00%s", text, text + 11, text + 16);
  else
    normal = g_strdup_printf ("%.10sT%s", text, text + 11);

  time = g_date_time_new_from_iso8601 (normal, tz);
  if (time == NULL)
    return FALSE;

  *time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;

  return TRUE;
}

/* YYYY-MM-DD, or NULL for a date that does not apply. */
static char *
iso_date (const GDate *date)
{
  if (!g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static void
add_date_member (JsonBuilder *builder,
                 const char  *name,
                 const GDate *date)
{
  g_autofree char *text = iso_date (date);

  add_text_member (builder, name, text);
}

/* What moved one deadline past a holiday. */
typedef struct
{
  const char          *deadline;   /* the JSON member it moved */
  const char          *label;      /* translated */
  RetourPublicHoliday  holiday;
} Move;

static void
find_moves (const RetourLawInput *input,
            const RetourLawDates *dates,
            GArray               *moves)
{
  GDate nominal;

  if (!g_date_valid (&dates->possession))
    return;

  nominal = dates->possession;
  g_date_add_days (&nominal, 14);
  {
    Move move = { "withdrawal_deadline", _("Last day to withdraw"), { { 0 }, NULL } };

    if (retour_law_deadline_holiday (dates->country, &nominal, &dates->withdrawal_deadline, &move.holiday))
      g_array_append_val (moves, move);
  }

  /* Information given so late that the initial deadline stands moved
   * nothing of its own. */
  if (g_date_valid (&dates->extended_deadline) &&
      g_date_compare (&dates->extended_deadline, &dates->withdrawal_deadline) != 0)
    {
      Move move = { "extended_deadline", _("Extended until"), { { 0 }, NULL } };
      g_autoptr(GTimeZone) tz = retour_law_country_time_zone (dates->country);

      nominal = dates->withdrawal_deadline;
      g_date_add_months (&nominal, 12);
      if (input->info_given_late_us != 0)
        {
          g_autoptr(GDateTime) informed = g_date_time_new_from_unix_utc (input->info_given_late_us / G_USEC_PER_SEC);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (informed, tz);
          GDate day;

          g_date_clear (&day, 1);
          g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                          g_date_time_get_month (local), g_date_time_get_year (local));
          g_date_add_days (&day, 14);
          if (g_date_compare (&day, &dates->extended_deadline) <= 0)
            nominal = day;
        }

      if (retour_law_deadline_holiday (dates->country, &nominal, &dates->extended_deadline, &move.holiday))
        g_array_append_val (moves, move);
    }
}

static void
print_json_dates (Cli                  *cli,
                  const RetourLawDates *dates,
                  GArray               *moves)
{
  g_autoptr(JsonBuilder) builder = begin_json_object ();

  add_text_member (builder, "country", dates->country);
  add_bool_member (builder, "country_known", dates->country_known);
  add_date_member (builder, "possession_date", &dates->possession);
  add_date_member (builder, "withdrawal_deadline", &dates->withdrawal_deadline);
  add_date_member (builder, "extended_deadline", &dates->extended_deadline);
  add_date_member (builder, "declared_on", &dates->declared_on);
  json_builder_set_member_name (builder, "declared_in_time");
  if (dates->declared)
    json_builder_add_boolean_value (builder, dates->declared_in_time);
  else
    json_builder_add_null_value (builder);
  add_date_member (builder, "refund_due_by", &dates->refund_due_by);
  add_date_member (builder, "guarantee_until", &dates->guarantee_until);
  add_bool_member (builder, "guarantee_extended", dates->guarantee_extended);
  add_date_member (builder, "presumption_until", &dates->presumption_until);

  json_builder_set_member_name (builder, "moved_by");
  json_builder_begin_array (builder);
  for (guint i = 0; i < moves->len; i++)
    {
      const Move *move = &g_array_index (moves, Move, i);

      json_builder_begin_object (builder);
      add_text_member (builder, "deadline", move->deadline);
      add_date_member (builder, "date", &move->holiday.date);
      add_text_member (builder, "holiday", move->holiday.name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  print_json_object (cli, builder);
}

static void
say_date (Cli         *cli,
          const char  *label,
          const GDate *date)
{
  g_autofree char *padded = pad (label, 24);
  g_autofree char *text = iso_date (date);

  if (text != NULL)
    say (cli->out, "%s %s\n", padded, text);
}

static void
print_text_dates (Cli                  *cli,
                  const RetourLawDates *dates,
                  GArray               *moves)
{
  if (!dates->country_known)
    /* Translators: %s is a two-letter country code. */
    say (cli->out, _("Retour does not know the public holidays of %s: only weekends move these dates.\n"),
         dates->country);

  say_date (cli, _("Delivered"), &dates->possession);
  say_date (cli, _("Last day to withdraw"), &dates->withdrawal_deadline);
  say_date (cli, _("Extended until"), &dates->extended_deadline);
  if (dates->declared)
    {
      say_date (cli, _("Notice given on"), &dates->declared_on);
      say (cli->out, "%s\n", dates->declared_in_time ? _("The notice was given in time.")
                                                     : _("The notice was given after the deadline."));
      say_date (cli, _("Refund due by"), &dates->refund_due_by);
    }
  say_date (cli, _("Guarantee until"), &dates->guarantee_until);
  say_date (cli, _("Defects presumed until"), &dates->presumption_until);

  for (guint i = 0; i < moves->len; i++)
    {
      const Move *move = &g_array_index (moves, Move, i);
      g_autofree char *day = iso_date (&move->holiday.date);

      /* Translators: a deadline's label, then a holiday and its date. */
      say (cli->out, _("%s moved past %s (%s).\n"), move->label, move->holiday.name, day);
    }
}

int
command_deadline (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autofree char *country = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *declared = NULL;
  g_autofree char *info_late = NULL;
  g_autofree char *repaired = NULL;
  gboolean no_info = FALSE;
  GOptionEntry entries[] = {
    { "country", 'c', 0, G_OPTION_ARG_STRING, &country, N_("The customer’s country: NL, FR, DE, PL, …"), N_("CODE") },
    { "delivered", 0, 0, G_OPTION_ARG_STRING, &delivered, N_("The day the customer received the last parcel"), N_("YYYY-MM-DD") },
    { "declared", 0, 0, G_OPTION_ARG_STRING, &declared, N_("When the customer gave notice of withdrawal, in the country’s time"), N_("YYYY-MM-DDTHH:MM") },
    { "no-withdrawal-info", 0, 0, G_OPTION_ARG_NONE, &no_info, N_("The shop did not give the withdrawal information with the order"), NULL },
    { "info-given-late", 0, 0, G_OPTION_ARG_STRING, &info_late, N_("The day the shop gave the withdrawal information after all"), N_("YYYY-MM-DD") },
    { "repaired", 0, 0, G_OPTION_ARG_STRING, &repaired, N_("The day a repair under the legal guarantee was done"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GArray) moves = NULL;
  RetourLawInput input = { 0 };
  RetourLawDates dates;
  GDate day;

  if (!parse_options (cli, NULL,
                      _("The dates the law sets for a delivery: the last day to withdraw, its extension, "
                        "the refund deadline, the legal guarantee and the presumption of a defect. "
                        "Deadlines that fall on a weekend or a national public holiday move to the next "
                        "working day. Needs no database."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return usage_error (cli, _("retour-cli deadline takes no arguments, only options"));
  if (country == NULL)
    return usage_error (cli, _("Say which country the customer is in: --country NL"));
  if (!(g_ascii_isalpha (country[0]) && g_ascii_isalpha (country[1]) && country[2] == '\0'))
    {
      /* Translators: %s is what was typed after --country. */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a country code: give two letters, such as NL"),
                                                  country);

      return usage_error (cli, message);
    }
  if (delivered == NULL)
    return usage_error (cli, _("Say when the goods were delivered: --delivered YYYY-MM-DD"));

  tz = retour_law_country_time_zone (country);
  input.country = country;
  input.info_given = !no_info && info_late == NULL;

  {
    struct
    {
      const char *option;
      const char *text;
      gint64     *time_us;
      gboolean    with_time;
    } times[] = {
      { "--delivered", delivered, &input.possession_us, FALSE },
      { "--declared", declared, &input.declared_us, TRUE },
      { "--info-given-late", info_late, &input.info_given_late_us, FALSE },
      { "--repaired", repaired, &input.repaired_us, FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
      {
        g_autofree char *message = NULL;

        if (times[i].text == NULL)
          continue;
        if (times[i].with_time && parse_time (times[i].text, tz, times[i].time_us))
          continue;
        if (!times[i].with_time && parse_date (times[i].text, &day))
          {
            *times[i].time_us = noon_of (&day, tz);
            continue;
          }

        if (times[i].with_time)
          /* Translators: the first %s is what was typed, the second an option. */
          message = g_strdup_printf (_("“%s” is not a date and time for %s: write it as YYYY-MM-DDTHH:MM"),
                                     times[i].text, times[i].option);
        else
          /* Translators: the first %s is what was typed, the second an option. */
          message = g_strdup_printf (_("“%s” is not a date for %s: write it as YYYY-MM-DD"),
                                     times[i].text, times[i].option);

        return usage_error (cli, message);
      }
  }

  retour_law_compute (&input, NULL, &dates);
  moves = g_array_new (FALSE, FALSE, sizeof (Move));
  find_moves (&input, &dates, moves);

  if (cli->json)
    print_json_dates (cli, &dates, moves);
  else
    print_text_dates (cli, &dates, moves);

  return EXIT_SUCCESS;
}
