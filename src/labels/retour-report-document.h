/* retour-report-document.h — a report on A4 paper, as a PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Reports view shows, to print or send: the period and its date
 * basis, every figure beside the period before with its definition, the
 * reasons, the products to look at, the most returned products and the
 * customers who return the most. Drawn with cairo and Pango in the
 * language and number formats of the calling thread's locale (the
 * user's), money in each amount's own currency.
 */
#pragma once

#include <gio/gio.h>

#include "retour-report-store.h"

G_BEGIN_DECLS

/* The PDF of @report, its dates in @tz, headed with @shop_name (may be
 * NULL), dated @created_us (the same report and time: the same bytes).
 * Fails with RETOUR_LABEL_ERROR_PDF when cairo cannot make it. */
GBytes *retour_report_render_pdf (const RetourReport  *report,
                                  GTimeZone           *tz,
                                  const char          *shop_name,
                                  gint64               created_us,
                                  GError             **error);

G_END_DECLS
