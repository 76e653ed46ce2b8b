/* retour-label-view.h — a stored label PDF, shown as the page it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws one page of the PDF bytes (the first, until another is chosen:
 * the A4 return form has the withdrawal form after it) with poppler on
 * white paper, at
 * the widget's size (zoom 0, "fit") or at a zoom factor where 1.0 is the
 * paper's real size on a 96 dpi screen. The page is rendered at the
 * display's scale factor, so it is sharp on HiDPI screens.
 */
#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_LABEL_VIEW (retour_label_view_get_type ())

G_DECLARE_FINAL_TYPE (RetourLabelView, retour_label_view, RETOUR, LABEL_VIEW, GtkWidget)

GtkWidget       *retour_label_view_new           (void);
/* Shows @pdf (NULL: nothing); FALSE with @error if it is not a PDF. */
gboolean         retour_label_view_set_pdf       (RetourLabelView  *self,
                                                  GBytes           *pdf,
                                                  GError          **error);
PopplerDocument *retour_label_view_get_document  (RetourLabelView  *self);
int              retour_label_view_get_n_pages   (RetourLabelView  *self);
/* The page shown, from 0; a new PDF shows its first. */
int              retour_label_view_get_page      (RetourLabelView  *self);
void             retour_label_view_set_page      (RetourLabelView  *self,
                                                  int               page);
/* 0 fits the page in the widget. */
double           retour_label_view_get_zoom      (RetourLabelView  *self);
void             retour_label_view_set_zoom      (RetourLabelView  *self,
                                                  double            zoom);
/* The zoom the page is shown at now (for "fit": what fitting gives). */
double           retour_label_view_get_effective_zoom (RetourLabelView *self);
void             retour_label_view_zoom_in       (RetourLabelView  *self);
void             retour_label_view_zoom_out      (RetourLabelView  *self);

G_END_DECLS
