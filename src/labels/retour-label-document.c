/* retour-label-document.c — drawing a stored label with poppler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "retour-barcode.h"
#include "retour-label-document.h"

PopplerDocument *
retour_label_document_new (GBytes  *pdf,
                           GError **error)
{
  PopplerDocument *document;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (pdf != NULL, NULL);

  /* (Poppler 22.12 has no g_autoptr() support for its types.) */
  document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (document == NULL || poppler_document_get_n_pages (document) < 1)
    {
      g_clear_object (&document);
      g_set_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_DOCUMENT,
                   _("The stored label cannot be read: %s"),
                   local_error != NULL ? local_error->message : _("it has no pages"));
      return NULL;
    }

  return document;
}

void
retour_label_document_get_size (PopplerDocument *document,
                                double          *width_pt,
                                double          *height_pt)
{
  PopplerPage *page;

  g_return_if_fail (POPPLER_IS_DOCUMENT (document));

  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, width_pt, height_pt);
  g_object_unref (page);
}

void
retour_label_document_draw (PopplerDocument *document,
                            cairo_t         *cr,
                            gboolean         for_printing)
{
  retour_label_document_draw_page (document, 0, cr, for_printing);
}

void
retour_label_document_draw_page (PopplerDocument *document,
                                 int              index,
                                 cairo_t         *cr,
                                 gboolean         for_printing)
{
  PopplerPage *page;
  double width, height;

  g_return_if_fail (POPPLER_IS_DOCUMENT (document));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (index >= 0 && index < poppler_document_get_n_pages (document));

  page = poppler_document_get_page (document, index);
  poppler_page_get_size (page, &width, &height);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);

  cairo_save (cr);
  if (for_printing)
    poppler_page_render_for_printing (page, cr);
  else
    poppler_page_render (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

cairo_surface_t *
retour_label_document_render (PopplerDocument *document,
                              double           scale)
{
  cairo_surface_t *surface;
  double width, height;
  cairo_t *cr;

  g_return_val_if_fail (POPPLER_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (scale > 0, NULL);

  retour_label_document_get_size (document, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        MAX (1, (int) ceil (width * scale)),
                                        MAX (1, (int) ceil (height * scale)));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  retour_label_document_draw (document, cr, FALSE);
  cairo_destroy (cr);

  return surface;
}
