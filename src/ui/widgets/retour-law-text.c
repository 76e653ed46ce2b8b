/* retour-law-text.c — the law's dates, said for staff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-clock.h"
#include "retour-law-text.h"

char *
retour_law_text_date (const GDate *date)
{
  char text[64];

  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date) || g_date_strftime (text, sizeof text, "%x", date) == 0)
    return g_strdup ("—");

  return g_strdup (text);
}

char *
retour_law_text_refund_due (gint64      due_us,
                            const char *country,
                            gint64      now_us)
{
  g_autoptr(GTimeZone) tz = retour_law_country_time_zone (country);
  g_autofree char *day = NULL;
  g_autofree char *surcharge = NULL;
  GDate due, today;
  int days;
  guint percent;

  if (due_us <= 0)
    return NULL;

  if (!retour_clock_local_date (due_us, tz, &due) || !retour_clock_local_date (now_us, tz, &today))
    return NULL;
  days = g_date_days_between (&today, &due);
  day = retour_law_text_date (&due);

  if (days > 0)
    /* Translators: %s is a date; the refund of a withdrawal. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Refund due by law on %s, in %d day",
                                         "Refund due by law on %s, in %d days", days),
                            day, days);
  if (days == 0)
    return g_strdup_printf (_("Refund due by law today, %s"), day);

  if (retour_law_late_surcharge (country, -days, &percent, &surcharge))
    /* Translators: a date, a number of days, then what French law adds
       to a late refund (a sentence). */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Refund was due by law on %s, %d day ago. %s",
                                         "Refund was due by law on %s, %d days ago. %s", -days),
                            day, -days, surcharge);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Refund was due by law on %s, %d day ago",
                                       "Refund was due by law on %s, %d days ago", -days),
                          day, -days);
}
