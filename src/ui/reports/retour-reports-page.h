/* retour-reports-page.h — what returns cost, why things come back, and
 * who returns the most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The third view of the window. A period (this month, the last 30 days,
 * this quarter, this year or days of one's own), the date basis it counts
 * returns by, stated on screen, and filters by store, category and
 * country; the figures of retour-report-store.h beside those of the
 * period before, each with its definition behind an info button; returns
 * over time and their reasons as bar charts, each with a table of the
 * same numbers; the products whose reasons cluster, the products, the
 * categories and the customers who return the most. A click on a bar or
 * a row lists the returns behind it, and a click on one of those opens it
 * in the returns desk (win.show-rma). The report is added up in a worker
 * (retour-report-load.h), again when the database changes while it is
 * shown.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-report-store.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_REPORTS_PAGE (retour_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (RetourReportsPage, retour_reports_page, RETOUR, REPORTS_PAGE, AdwBin)

/* Properties:
 *   "context" (RetourContext): the shop. */

void                retour_reports_page_set_context   (RetourReportsPage  *self,
                                                       RetourContext      *context);
/* Adds the report up again (once shown, when hidden). */
void                retour_reports_page_reload        (RetourReportsPage  *self);
void                retour_reports_page_set_period    (RetourReportsPage  *self,
                                                       RetourReportPeriod  period);
/* Days of one's own, [first, last] as local dates "YYYY-MM-DD": FALSE
 * when either is not a date or the last is before the first. */
gboolean            retour_reports_page_set_custom    (RetourReportsPage  *self,
                                                       const char         *first,
                                                       const char         *last);
/* Whether a report is being added up, or waits to be. */
gboolean            retour_reports_page_is_loading    (RetourReportsPage  *self);
/* The report shown, or NULL. */
const RetourReport *retour_reports_page_get_report    (RetourReportsPage  *self);
/* The value of @figure's card as shown. */
const char         *retour_reports_page_get_figure_text (RetourReportsPage *self,
                                                         RetourReportFigure figure);
/* The returns over time, for a test's click. */
GtkWidget          *retour_reports_page_get_time_chart (RetourReportsPage *self);
/* The list of the returns behind the last bar or row clicked: its rows
 * hold the returns' ids (retour_reports_page_get_drill_id()). */
GtkListBox         *retour_reports_page_get_drill_list (RetourReportsPage *self);
gint64              retour_reports_page_get_drill_id   (GtkListBoxRow     *row);

G_END_DECLS
