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
