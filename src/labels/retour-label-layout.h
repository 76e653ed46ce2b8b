/* retour-label-layout.h — return labels and return forms, drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing function per format renders a RetourLabelData onto any
 * cairo context whose user space is points with the origin at the top
 * left corner of the page: the PDF, and through it the preview and the
 * printout, come from this code alone.
 *
 * Layout rules: text is set with pango at 72 dpi with hinted metrics off
 * (the same layout on every surface), in DejaVu Sans, and a text that is
 * too long first wraps, then shrinks down to a legible minimum, and is
 * ellipsized only below that: it never runs out of its box. The Code 128
 * barcode has a module width of a whole number of 203 dpi printer dots
 * (at least 3, 0.375 mm, where it fits), starts on the dot grid and keeps
 * quiet zones of at least 10 modules.
 *
 * The label's texts are in the language Retour runs in (the shop's): the
 * label is read by carriers and the shop's staff. The A4 return form
 * above the cut line is the customer's to read, so it is in the
 * customer's language (@data's; else the shop's, else English) — and so
 * is its second page, the model withdrawal form, which a customer in the
 * European Union gets with it from retour_label_render_pdf_with_form()
 * (see retour-law-documents.h). The A4 form lists as many items as fit on its half page and ends the list
 * with "and N more items" rather than running onto a second page: the
 * label that follows must stay on the one sheet that is printed.
 */
#pragma once

#include <cairo.h>

#include "retour-barcode.h"
#include "retour-core.h"
#include "retour-law-documents.h"

G_BEGIN_DECLS

#define RETOUR_LABEL_DOTS_PER_INCH 203.0

/* The page size of @format in points. */
void      retour_label_get_page_size  (RetourLabelFormat       format,
                                       double                 *width_pt,
                                       double                 *height_pt);

/* A 100 × 150 mm label with 3 mm margins. */
gboolean  retour_label_draw_thermal   (cairo_t                *cr,
                                       const RetourLabelData  *data,
                                       GError                **error);
/* The same label on A6 (105 × 148 mm). */
gboolean  retour_label_draw_a6        (cairo_t                *cr,
                                       const RetourLabelData  *data,
                                       GError                **error);
/* An A4 page: the return form on the upper half, a dashed cut line and a
 * 150 × 100 mm landscape label on the lower half. */
gboolean  retour_label_draw_a4        (cairo_t                *cr,
                                       const RetourLabelData  *data,
                                       GError                **error);
/* Calls the drawing function of @format. */
gboolean  retour_label_draw           (cairo_t                *cr,
                                       const RetourLabelData  *data,
                                       RetourLabelFormat       format,
                                       GError                **error);

/* The one-page PDF of @format with fonts embedded. Its creation date is
 * @data's created_us, so the same data gives the same bytes. */
GBytes   *retour_label_render_pdf     (const RetourLabelData  *data,
                                       RetourLabelFormat       format,
                                       GError                **error);
/* The same, and for A4 the model withdrawal form made from @form as a
 * second page when @form's customer lives in the European Union (NULL:
 * none). The label stays alone on the first sheet; a caller that shows
 * or prints the PDF takes every page. */
GBytes   *retour_label_render_pdf_with_form (const RetourLabelData        *data,
                                             RetourLabelFormat             format,
                                             const RetourLawDocumentData  *form,
                                             GError                      **error);

G_END_DECLS
