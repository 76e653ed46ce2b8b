/* retour-barcode.h — Code 128 and QR symbols from zint, drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zint encodes; the modules come out of its vector output as rectangles in
 * module units, and are drawn here as filled cairo rectangles, so a symbol
 * stays vector in the PDF and on the printer. Quiet zones and the human-
 * readable text are left to the caller.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define RETOUR_LABEL_ERROR (retour_label_error_quark ())

typedef enum
{
  RETOUR_LABEL_ERROR_FAILED,
  RETOUR_LABEL_ERROR_BARCODE,   /* the number cannot be encoded */
  RETOUR_LABEL_ERROR_PDF,       /* cairo could not make the PDF */
  RETOUR_LABEL_ERROR_DOCUMENT,  /* stored bytes that are not a readable PDF */
} RetourLabelError;

typedef enum
{
  RETOUR_BARCODE_CODE128,
  RETOUR_BARCODE_QR_CODE,
} RetourBarcodeKind;

typedef struct _RetourBarcode RetourBarcode;

GQuark          retour_label_error_quark  (void);

/* Encodes @text (A–Z and 0–9 are what scanners type reliably). */
RetourBarcode  *retour_barcode_new        (RetourBarcodeKind  kind,
                                           const char        *text,
                                           GError           **error);
void            retour_barcode_free       (RetourBarcode     *self);
/* The symbol's size in modules, without quiet zones (a linear symbol is
 * one module high). */
guint           retour_barcode_get_width  (const RetourBarcode *self);
guint           retour_barcode_get_height (const RetourBarcode *self);
/* Fills the dark modules at (@x, @y), each @module_width wide and
 * @module_height high (for Code 128: the bar height). */
void            retour_barcode_draw       (const RetourBarcode *self,
                                           cairo_t             *cr,
                                           double               x,
                                           double               y,
                                           double               module_width,
                                           double               module_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourBarcode, retour_barcode_free)

G_END_DECLS
