/* retour-clock.c — the real time, read in one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include "retour-clock.h"

gint64
retour_clock_real_time (gpointer user_data)
{
  return g_get_real_time ();
}

gboolean
retour_clock_local_date (gint64     time_us,
                         GTimeZone *tz,
                         GDate     *out)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 seconds = time_us / G_USEC_PER_SEC;

  /* Round towards the past, also before 1970. */
  if (time_us % G_USEC_PER_SEC < 0)
    seconds--;

  utc = g_date_time_new_from_unix_utc (seconds);
  if (utc == NULL)
    return FALSE;
  local = g_date_time_to_timezone (utc, tz);
  if (local == NULL)
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));

  return TRUE;
}
