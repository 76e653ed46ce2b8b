/* retour-label-document.h — a stored label PDF, read back with poppler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview and the printout draw the stored bytes, not the layout
 * again: what is shown and printed is what was stored and sent.
 */
#pragma once

#include <cairo.h>
#include <poppler.h>

G_BEGIN_DECLS

/* The document in @pdf (a RETOUR_LABEL_ERROR_DOCUMENT error if it is not
 * a readable PDF with at least one page). */
PopplerDocument *retour_label_document_new     (GBytes          *pdf,
                                                GError         **error);
/* Draws the first page onto @cr in points: paper white first (poppler
 * paints only what is on the page), then the page as vectors. With
 * @for_printing, as poppler prints (no annotations' screen look). */
void             retour_label_document_draw    (PopplerDocument *document,
                                                cairo_t         *cr,
                                                gboolean         for_printing);
/* The same for page @index (from 0): an A4 form may have the model
 * withdrawal form as its second page, which a printout prints too. */
void             retour_label_document_draw_page (PopplerDocument *document,
                                                  int              index,
                                                  cairo_t         *cr,
                                                  gboolean         for_printing);
/* The first page rendered into an opaque ARGB32 image, @scale pixels
 * per point. */
cairo_surface_t *retour_label_document_render  (PopplerDocument *document,
                                                double           scale);
/* The first page's size in points. */
void             retour_label_document_get_size (PopplerDocument *document,
                                                 double          *width_pt,
                                                 double          *height_pt);

G_END_DECLS
