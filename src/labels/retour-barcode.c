/* retour-barcode.c — zint's vector output as cairo rectangles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zint 2.11 multiplies vector coordinates by scale × 2: with scale 0.5 a
 * vector unit is one module, which is what the caller scales by. The
 * rectangles are copied out so the zint symbol can be freed at once.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <zint.h>

#include "retour-barcode.h"

typedef struct
{
  float x;
  float y;
  float width;
  float height;
} Rect;

struct _RetourBarcode
{
  RetourBarcodeKind  kind;
  guint              width;
  guint              height;
  GArray            *rects;  /* of Rect, in modules */
};

G_DEFINE_QUARK (retour-label-error-quark, retour_label_error)

RetourBarcode *
retour_barcode_new (RetourBarcodeKind   kind,
                    const char         *text,
                    GError            **error)
{
  g_autoptr(RetourBarcode) self = NULL;
  struct zint_symbol *symbol;
  int rc;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0' || strlen (text) > 80)
    {
      g_set_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_BARCODE,
                   _("“%s” cannot be printed as a barcode."), text);
      return NULL;
    }

  symbol = ZBarcode_Create ();
  if (symbol == NULL)
    {
      g_set_error_literal (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_BARCODE,
                           _("Out of memory while making the barcode."));
      return NULL;
    }

  symbol->symbology = kind == RETOUR_BARCODE_QR_CODE ? BARCODE_QRCODE : BARCODE_CODE128;
  symbol->scale = 0.5f;
  symbol->show_hrt = 0;
  symbol->input_mode = DATA_MODE;
  if (kind == RETOUR_BARCODE_CODE128)
    symbol->height = 1.0f;
  else
    symbol->option_1 = 2;  /* error correction M: survives a crease */

  rc = ZBarcode_Encode_and_Buffer_Vector (symbol, (const unsigned char *) text, (int) strlen (text), 0);
  if (rc >= ZINT_ERROR || symbol->vector == NULL)
    {
      g_set_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_BARCODE,
                   _("“%s” cannot be printed as a barcode: %s"), text, symbol->errtxt);
      ZBarcode_Delete (symbol);
      return NULL;
    }

  self = g_new0 (RetourBarcode, 1);
  self->kind = kind;
  self->width = (guint) (symbol->vector->width + 0.5f);
  self->height = kind == RETOUR_BARCODE_CODE128 ? 1 : (guint) (symbol->vector->height + 0.5f);
  self->rects = g_array_new (FALSE, FALSE, sizeof (Rect));

  for (const struct zint_vector_rect *r = symbol->vector->rectangles; r != NULL; r = r->next)
    {
      Rect rect = { r->x, r->y, r->width, r->height };

      /* A linear symbol's bars are as high as the caller draws them. */
      if (kind == RETOUR_BARCODE_CODE128)
        {
          rect.y = 0.0f;
          rect.height = 1.0f;
        }
      g_array_append_val (self->rects, rect);
    }

  ZBarcode_Delete (symbol);

  return g_steal_pointer (&self);
}

void
retour_barcode_free (RetourBarcode *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->rects, g_array_unref);
  g_free (self);
}

guint
retour_barcode_get_width (const RetourBarcode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->width;
}

guint
retour_barcode_get_height (const RetourBarcode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->height;
}

void
retour_barcode_draw (const RetourBarcode *self,
                     cairo_t             *cr,
                     double               x,
                     double               y,
                     double               module_width,
                     double               module_height)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < self->rects->len; i++)
    {
      const Rect *rect = &g_array_index (self->rects, Rect, i);

      cairo_rectangle (cr,
                       x + rect->x * module_width,
                       y + rect->y * module_height,
                       rect->width * module_width,
                       rect->height * module_height);
    }
  /* One fill for all modules: adjacent QR modules then meet without the
   * hairline seams separate fills would leave in a rasterizer. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
}
