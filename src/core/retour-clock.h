/* retour-clock.h — where "now" comes from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layers that read the time once per call take `gint64 now_us`; those
 * that keep reading it while they work (a sync run, the sync scheduler)
 * take a clock instead. Either way the time is the context's
 * (retour_context_get_clock()), so that a test with a fixed clock sees
 * fixed times everywhere.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* UTC microseconds since the epoch. */
typedef gint64 (*RetourClockFunc) (gpointer user_data);

/* The real time: a context's clock unless a test replaces it, and the
 * "today" of a demo shop made before any context exists. The one place
 * Retour reads it. */
gint64   retour_clock_real_time (gpointer user_data);

/* The calendar day @time_us (UTC microseconds) falls on in @tz. FALSE
 * for a time GDateTime cannot represent (a corrupt value, milliseconds
 * taken for microseconds). */
gboolean retour_clock_local_date (gint64     time_us,
                                  GTimeZone *tz,
                                  GDate     *out);

G_END_DECLS
