/* retour-test-report-shop.h — a small shop with known report figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "retour-database.h"

G_BEGIN_DECLS

/* Fills the new database @db (a file or a server) with the shop described
 * in retour-test-report-shop.c, its times in @tz (Europe/Amsterdam). */
void    retour_test_report_shop_fill (RetourDatabase *db,
                                      GTimeZone      *tz);
/* A time of 2026 in @tz. */
gint64  retour_test_report_shop_time (GTimeZone      *tz,
                                      int             month,
                                      int             day,
                                      int             hour,
                                      int             minute);

G_END_DECLS
