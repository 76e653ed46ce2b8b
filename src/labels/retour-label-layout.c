/* retour-label-layout.c — the label and return form layouts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is in points. The labels are black on white only: thermal
 * printers dither grey into noise. Each block of text gets a box and
 * stays in it (see fit_text()); whatever a shop or a customer typed —
 * 10,000 characters, no address at all, Arabic, emoji — ends up inside.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include <math.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "retour-catalog.h"
#include "retour-label-layout.h"
#include "retour-law-documents.h"
#include "retour-text.h"

#define MM          (72.0 / 25.4)
#define DOT         (72.0 / RETOUR_LABEL_DOTS_PER_INCH)
#define QUIET       10          /* modules of quiet zone each side of Code 128 */
#define SANS        "DejaVu Sans"
#define MONO        "DejaVu Sans Mono"
#define RULE        1.5         /* the heavy rules between label sections */
#define HAIRLINE    0.6

/* Longer texts cannot show on a label anyway; cutting them first keeps a
 * hostile input from costing seconds of shaping. */
#define MAX_NAME_CHARS    200
#define MAX_LINE_CHARS    160
#define MAX_ORDER_CHARS   40
#define MAX_ADDRESS_LINES 6

typedef enum
{
  TEXT_BOLD      = 1 << 0,
  TEXT_MONO      = 1 << 1,
  TEXT_WHITE     = 1 << 2,
  TEXT_CENTER    = 1 << 3,
  TEXT_RIGHT     = 1 << 4,
  TEXT_ONE_LINE  = 1 << 5,
} TextFlags;

typedef struct
{
  cairo_t               *cr;
  PangoContext          *context;
  const RetourLabelData *data;
  RetourBarcode         *code128;
  RetourBarcode         *qr;
  char                  *number;        /* grouped for display */
  char                  *shop_name;
  char                  *return_address;
  char                  *customer_name;
  char                  *customer_address;
  char                  *order_number;
  char                  *order_date;
  char                  *due_date;
  /* The form above the cut line is the customer's to read: in their
   * language, its dates written as that language writes them. */
  const RetourCatalog   *catalog;
  char                  *form_order_date;
  char                  *form_due_date;
  char                  *reason;
  guint                  units;
} Painter;

void
retour_label_get_page_size (RetourLabelFormat  format,
                            double            *width_pt,
                            double            *height_pt)
{
  double width_mm, height_mm;

  retour_label_format_get_size (format, &width_mm, &height_mm);
  if (width_pt != NULL)
    *width_pt = width_mm * MM;
  if (height_pt != NULL)
    *height_pt = height_mm * MM;
}

/* Text ---------------------------------------------------------------------- */

/* One line of @text, at most @max_chars characters, never NULL. */
static char *
clean_text (const char *text,
            gsize       max_chars)
{
  return retour_text_for_display (text != NULL ? text : "", max_chars, RETOUR_TEXT_ONE_LINE);
}

/* The non-empty lines of an address, at most MAX_ADDRESS_LINES: the ones
 * past that are joined onto the last with commas. */
static char *
join_address (char * const *lines)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      char *line = clean_text (lines[i], MAX_LINE_CHARS);

      if (*line == '\0' || kept->len >= 64)
        g_free (line);
      else
        g_ptr_array_add (kept, line);
    }

  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append (out, i < MAX_ADDRESS_LINES ? "\n" : ", ");
      g_string_append (out, g_ptr_array_index (kept, i));
    }

  return g_string_free (out, FALSE);
}

static char *
format_date (const RetourLabelData *data,
             gint64                 time_us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (time_us <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  if (utc != NULL)
    time = data->time_zone != NULL ? g_date_time_to_timezone (utc, data->time_zone) : g_date_time_to_local (utc);

  return time != NULL ? g_date_time_format (time, "%-d %b %Y") : NULL;
}

static char *
format_form_date (const RetourLabelData *data,
                  const RetourCatalog   *catalog,
                  gint64                 time_us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (time_us <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  if (utc != NULL)
    time = data->time_zone != NULL ? g_date_time_to_timezone (utc, data->time_zone) : g_date_time_to_local (utc);

  return time != NULL ? retour_catalog_format_date (catalog, time) : NULL;
}

static PangoLayout *
make_layout (Painter    *p,
             const char *text,
             TextFlags   flags,
             double      size,
             double      width)
{
  PangoLayout *layout = pango_layout_new (p->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, (flags & TEXT_MONO) ? MONO : SANS);
  pango_font_description_set_weight (font, (flags & TEXT_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (flags & TEXT_CENTER)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  else if (flags & TEXT_RIGHT)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  if (flags & TEXT_ONE_LINE)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -1);
    }
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

/* Draws @text in the box (@x, @y, @width, @max_height) at @size, or as
 * much smaller (down to @min_size) as it takes to fit; at @min_size what
 * still does not fit is ellipsized. Returns the height used. */
static double
fit_text (Painter    *p,
          const char *text,
          TextFlags   flags,
          double      size,
          double      min_size,
          double      x,
          double      y,
          double      width,
          double      max_height)
{
  g_autoptr(PangoLayout) layout = NULL;
  double height;

  if (text == NULL || *text == '\0' || width <= 0 || max_height <= 0)
    return 0;

  for (;;)
    {
      g_clear_object (&layout);
      layout = make_layout (p, text, flags, size, width);
      height = layout_height (layout);
      if (height <= max_height || size <= min_size)
        break;
      size = MAX (min_size, size - MAX (0.5, size * 0.08));
    }

  if (height > max_height)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, (int) (max_height * PANGO_SCALE));
      height = layout_height (layout);
    }

  cairo_save (p->cr);
  /* Pango keeps one line per paragraph whatever the height: the clip is
   * the last guard against running into the next block. */
  cairo_rectangle (p->cr, x - 2, y, width + 4, max_height);
  cairo_clip (p->cr);
  if (flags & TEXT_WHITE)
    cairo_set_source_rgb (p->cr, 1, 1, 1);
  else
    cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
  cairo_restore (p->cr);

  return MIN (height, max_height);
}

/* One line at @size, ellipsized to @width. Returns its height. */
static double
draw_line (Painter    *p,
           const char *text,
           TextFlags   flags,
           double      size,
           double      x,
           double      y,
           double      width)
{
  return fit_text (p, text, flags | TEXT_ONE_LINE, size, size, x, y, width, size * 1.5);
}

/* A section caption: small bold capitals, spaced. Returns its height. */
static double
draw_caption (Painter    *p,
              const char *text,
              double      x,
              double      y,
              double      width)
{
  g_autofree char *upper = g_utf8_strup (text, -1);

  return draw_line (p, upper, TEXT_BOLD, 6.5, x, y, width) + 1.5;
}

/* Lines and symbols -------------------------------------------------------- */

static void
draw_rule (Painter *p,
           double   x,
           double   y,
           double   width,
           double   thickness)
{
  cairo_save (p->cr);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_rectangle (p->cr, x, y - thickness / 2, width, thickness);
  cairo_fill (p->cr);
  cairo_restore (p->cr);
}

static void
draw_vrule (Painter *p,
            double   x,
            double   y,
            double   height,
            double   thickness)
{
  cairo_save (p->cr);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_rectangle (p->cr, x - thickness / 2, y, thickness, height);
  cairo_fill (p->cr);
  cairo_restore (p->cr);
}

static double
snap_to_dots (double value)
{
  return round (value / DOT) * DOT;
}

/* The widest whole number of printer dots per module (at most @max_dots)
 * for which the Code 128 and its quiet zones fit in @width. */
static guint
code128_module_dots (Painter *p,
                     double   width,
                     guint    max_dots)
{
  guint modules = retour_barcode_get_width (p->code128) + 2 * QUIET;

  for (guint dots = max_dots; dots > 1; dots--)
    if (modules * dots * DOT <= width)
      return dots;

  return 1;
}

/* The Code 128, centred in @width with its quiet zones, @bar_height high,
 * and the grouped number under it. Returns the height used. */
static double
draw_code128_block (Painter *p,
                    double   x,
                    double   y,
                    double   width,
                    double   bar_height,
                    double   text_size,
                    guint    max_dots)
{
  guint dots = code128_module_dots (p, width, max_dots);
  double module = dots * DOT;
  double symbol_width = retour_barcode_get_width (p->code128) * module;
  double bx = snap_to_dots (x + (width - symbol_width) / 2);
  double by = snap_to_dots (y);
  double text_height;

  retour_barcode_draw (p->code128, p->cr, bx, by, module, bar_height);
  text_height = fit_text (p, p->number, TEXT_BOLD | TEXT_MONO | TEXT_CENTER | TEXT_ONE_LINE,
                          text_size, text_size * 0.5, x, by + bar_height + 3,
                          width, text_size * 1.4);

  return by - y + bar_height + 3 + text_height;
}

/* An item's reason as the customer reads it: in their language when it
 * is one of Retour's own that the shop did not rename. */
static const char *
item_reason (Painter               *p,
             const RetourLabelItem *item)
{
  if (item->reason_msgid != NULL)
    return retour_catalog_gettext (p->catalog, item->reason_msgid);

  return item->reason;
}

/* The reason every item shares, "Several reasons" when they differ, NULL
 * when none is known: in the customer's language, as above. */
static char *
shared_reason (Painter               *p,
               const RetourLabelData *data)
{
  const char *reason = NULL;

  for (guint i = 0; i < data->items->len; i++)
    {
      const char *own = item_reason (p, g_ptr_array_index (data->items, i));

      if (own == NULL || *own == '\0')
        continue;
      if (reason == NULL)
        reason = own;
      else if (!g_str_equal (reason, own))
        /* Translators: on a return label, when the items came back for
         * different reasons. */
        return g_strdup (retour_catalog_gettext (p->catalog, N_("Several reasons")));
    }

  return g_strdup (reason);
}

/* The QR code with its top right corner at (@right, @y), @max_size wide
 * at most. Returns its size. */
static double
draw_qr (Painter *p,
         double   right,
         double   y,
         double   max_size)
{
  guint modules, dots;
  double size;

  if (p->qr == NULL)
    return 0;

  modules = retour_barcode_get_width (p->qr);
  dots = MAX (1, (guint) floor (max_size / (modules * DOT)));
  size = modules * dots * DOT;
  retour_barcode_draw (p->qr, p->cr, snap_to_dots (right - size), snap_to_dots (y),
                       dots * DOT, dots * DOT);

  return size;
}

static double
qr_size (Painter *p,
         double   max_size)
{
  guint modules;

  if (p->qr == NULL)
    return 0;

  modules = retour_barcode_get_width (p->qr);

  return MAX (1, floor (max_size / (modules * DOT))) * modules * DOT;
}

/* The black band across the top: "RETURN" and the number. */
static double
draw_header (Painter *p,
             double   x,
             double   y,
             double   width,
             double   height)
{
  double size = height * 0.55;

  cairo_save (p->cr);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_rectangle (p->cr, x, y, width, height);
  cairo_fill (p->cr);
  cairo_restore (p->cr);

  /* Translators: the large word across the top of a return label. */
  draw_line (p, C_("label", "RETURN"), TEXT_BOLD | TEXT_WHITE, size,
             x + 6, y + (height - size * 1.25) / 2, width * 0.5 - 6);
  draw_line (p, p->number, TEXT_BOLD | TEXT_MONO | TEXT_WHITE | TEXT_RIGHT, size * 0.7,
             x + width * 0.4, y + (height - size * 0.7 * 1.25) / 2, width * 0.6 - 6);

  return height;
}

/* Caption above a value on one line; returns the height used. */
static double
draw_field (Painter    *p,
            const char *caption,
            const char *value,
            double      size,
            double      x,
            double      y,
            double      width)
{
  double height = draw_caption (p, caption, x, y, width);

  return height + draw_line (p, value != NULL && *value != '\0' ? value : "—", TEXT_BOLD,
                             size, x, y + height, width);
}

/* FROM: the customer, in @height. */
static void
draw_from (Painter *p,
           double   x,
           double   y,
           double   width,
           double   height,
           double   name_size)
{
  double used;

  /* Translators: on a return label, above the customer's address. */
  used = draw_caption (p, C_("label", "From"), x, y, width);
  used += fit_text (p, p->customer_name, TEXT_BOLD, name_size, 7, x, y + used, width,
                    MIN (name_size * 2.6, height - used));
  fit_text (p, p->customer_address, 0, name_size * 0.9, 6, x, y + used + 1, width, height - used - 1);
}

/* RETURN TO: the shop, large, in @height. */
static void
draw_return_to (Painter *p,
                double   x,
                double   y,
                double   width,
                double   height,
                double   size)
{
  double used;

  /* Translators: on a return label, above the shop's returns address. */
  used = draw_caption (p, C_("label", "Return to"), x, y, width) + 1;
  used += fit_text (p, p->shop_name, TEXT_BOLD, size * 1.2, 9, x, y + used, width,
                    MIN (size * 1.2 * 2.6, (height - used) * 0.45));
  fit_text (p, p->return_address, TEXT_BOLD, size, 7, x, y + used + 2, width, height - used - 2);
}

/* The label in two layouts ------------------------------------------------ */

/* Portrait, for 100 × 150 mm and A6: the box is the printable area inside
 * the margins. */
static void
draw_label_portrait (Painter *p,
                     double   x,
                     double   y,
                     double   width,
                     double   height)
{
  const double gap = 6;
  const double bar_height = 20 * MM;
  const double number_size = 20;
  const double details_height = 58;
  const double footer_height = p->due_date != NULL ? 16 : 0;
  double bottom = y + height;
  double from_height, qr, barcode_height, column, return_height;
  g_autofree char *items = g_strdup_printf ("%u", p->units);

  y += draw_header (p, x, y, width, 24) + gap;

  /* FROM, with the QR code beside it. */
  qr = qr_size (p, 15 * MM);
  from_height = MAX (qr, 64);
  draw_from (p, x, y, width - (qr > 0 ? qr + gap : 0), from_height, 10.5);
  draw_qr (p, x + width, y, 15 * MM);
  y += from_height + gap;
  draw_rule (p, x, y, width, RULE);
  y += gap;

  /* What is left after the fixed blocks goes to RETURN TO. */
  barcode_height = bar_height + 3 + number_size * 1.4;
  return_height = bottom - y - (gap + details_height + gap) - (gap + barcode_height + gap) - footer_height;
  draw_return_to (p, x, y, width, return_height, 16);
  y += return_height + gap;
  draw_rule (p, x, y, width, RULE);
  y += gap;

  /* ORDER | DATE | ITEMS, then REASON. */
  column = width / 3;
  /* Translators: caption of the order number on a return label. */
  draw_field (p, C_("label", "Order"), p->order_number, 11, x, y, column - gap);
  draw_vrule (p, x + column - gap / 2, y, 24, HAIRLINE);
  /* Translators: caption of the order date on a return label. */
  draw_field (p, C_("label", "Order date"), p->order_date, 11, x + column + gap / 2, y, column - gap);
  draw_vrule (p, x + 2 * column - gap / 2, y, 24, HAIRLINE);
  /* Translators: caption of the number of items in the parcel. */
  draw_field (p, C_("label", "Items"), items, 11, x + 2 * column + gap / 2, y, column - gap);
  {
    /* Translators: caption of the reason for the return on a label. */
    double caption = draw_caption (p, C_("label", "Reason"), x, y + 28, width);

    fit_text (p, p->reason != NULL ? p->reason : "—", 0, 10, 7, x, y + 28 + caption,
              width, details_height - 28 - caption);
  }
  y += details_height + gap;
  draw_rule (p, x, y, width, RULE);
  y += gap;

  draw_code128_block (p, x, y, width, bar_height, number_size, 5);
  y += barcode_height + gap;

  if (p->due_date != NULL)
    {
      /* Translators: %s is a date, the last day to send the parcel. */
      g_autofree char *due = g_strdup_printf (_("Send the parcel by %s"), p->due_date);

      draw_rule (p, x, y, width, HAIRLINE);
      draw_line (p, due, TEXT_BOLD | TEXT_CENTER, 9, x, y + 3, width);
    }
}

/* Landscape, 150 × 100 mm, for the lower half of the A4 sheet. */
static void
draw_label_landscape (Painter *p,
                      double   x,
                      double   y,
                      double   width,
                      double   height)
{
  const double gap = 6;
  const double bar_height = 17 * MM;
  const double number_size = 18;
  double bottom = y + height;
  double left = width * 0.38;
  double barcode_width = width * 0.58;
  double lower_height = bar_height + 3 + number_size * 1.4;
  double upper_height, qr, details_x, details_width, row;
  g_autofree char *items = g_strdup_printf ("%u", p->units);

  y += draw_header (p, x, y, width, 22) + gap;

  upper_height = bottom - y - gap - gap - lower_height;
  draw_from (p, x, y, left - gap, upper_height, 10);
  draw_vrule (p, x + left, y, upper_height, HAIRLINE);
  draw_return_to (p, x + left + gap, y, width - left - gap, upper_height, 16);
  y += upper_height + gap;
  draw_rule (p, x, y, width, RULE);
  y += gap;

  draw_code128_block (p, x, y, barcode_width, bar_height, number_size, 5);
  draw_vrule (p, x + barcode_width, y, lower_height, HAIRLINE);

  qr = qr_size (p, 15 * MM);
  details_x = x + barcode_width + gap;
  details_width = width - barcode_width - gap - (qr > 0 ? qr + gap : 0);
  row = lower_height / 3;
  draw_field (p, C_("label", "Order"), p->order_number, 10, details_x, y, details_width * 0.62 - gap);
  draw_field (p, C_("label", "Items"), items, 10, details_x + details_width * 0.62, y, details_width * 0.38);
  draw_field (p, C_("label", "Reason"), p->reason, 9, details_x, y + row, details_width);
  /* Translators: caption of the last day to send the parcel back. */
  draw_field (p, C_("label", "Send by"), p->due_date, 10, details_x, y + 2 * row, width - barcode_width - gap);
  draw_qr (p, x + width, y, 15 * MM);
}

/* The return form ---------------------------------------------------------- */

static void
draw_items_table (Painter *p,
                  double   x,
                  double   y,
                  double   width,
                  double   height)
{
  const double size = 8.5;
  const double row = 13;
  double sku_width = width * 0.18;
  double qty_width = width * 0.09;
  double reason_width = width * 0.25;
  double title_width = width - sku_width - qty_width - reason_width;
  double cx[4] = { x, x + sku_width, x + sku_width + title_width, x + width - reason_width };
  guint n_items = p->data->items->len;
  guint rows, shown;

  /* Translators: column headings of the items on the return form. */
  draw_caption (p, dpgettext (p->catalog, "form", "SKU"), cx[0], y, sku_width - 4);
  draw_caption (p, dpgettext (p->catalog, "form", "Item"), cx[1], y, title_width - 4);
  {
    g_autofree char *qty = g_utf8_strup (dpgettext (p->catalog, "form", "Qty"), -1);

    draw_line (p, qty, TEXT_BOLD | TEXT_RIGHT, 6.5, cx[2], y, qty_width - 8);
  }
  draw_caption (p, dpgettext (p->catalog, "form", "Reason"), cx[3], y, reason_width);
  y += 11;
  draw_rule (p, x, y, width, HAIRLINE);
  y += 3;

  rows = (guint) MAX (1, floor ((height - 14) / row));
  shown = n_items <= rows ? n_items : rows - 1;

  for (guint i = 0; i < shown; i++)
    {
      const RetourLabelItem *item = g_ptr_array_index (p->data->items, i);
      g_autofree char *sku = clean_text (item->sku, MAX_LINE_CHARS);
      g_autofree char *title = clean_text (item->title, MAX_LINE_CHARS);
      g_autofree char *reason = clean_text (item_reason (p, item), MAX_LINE_CHARS);
      g_autofree char *qty = g_strdup_printf ("%u", item->quantity);

      draw_line (p, *sku != '\0' ? sku : "—", TEXT_MONO, size - 0.5, cx[0], y, sku_width - 6);
      draw_line (p, title, 0, size, cx[1], y, title_width - 6);
      draw_line (p, qty, TEXT_BOLD | TEXT_RIGHT, size, cx[2], y, qty_width - 8);
      draw_line (p, *reason != '\0' ? reason : "—", 0, size, cx[3], y, reason_width);
      y += row;
      draw_rule (p, x, y - 2, width, 0.3);
    }

  if (shown < n_items)
    {
      guint more = n_items - shown;
      /* Translators: the last row of a return form whose items do not all
       * fit on the page. */
      g_autofree char *text = g_strdup_printf (dnpgettext (p->catalog, "form", "and %u more item",
                                                           "and %u more items", more), more);

      draw_line (p, text, TEXT_BOLD, size, cx[1], y, title_width + qty_width + reason_width);
    }
}

/* The upper half of the A4 sheet, in the box inside its margins. */
static void
draw_form (Painter *p,
           double   x,
           double   y,
           double   width,
           double   height)
{
  double bottom = y + height;
  double code_width, header_height, column, used, block_height, table_top, steps_height;
  g_autofree char *shop_line = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *items = g_strdup_printf ("%u", p->units);
  g_autofree char *step1 = NULL;
  g_autofree char *step3 = NULL;
  g_autofree char *steps = NULL;

  /* The barcode and number at the top right, the title at the left. */
  code_width = (retour_barcode_get_width (p->code128) + 2 * QUIET) * 3 * DOT;
  code_width = MIN (code_width, width * 0.5);
  header_height = draw_code128_block (p, x + width - code_width, y, code_width, 15 * MM, 13, 3);

  used = fit_text (p, retour_catalog_gettext (p->catalog, N_("Return Form")), TEXT_BOLD, 20, 12, x, y, width - code_width - 12, 30);
  {
    g_auto(GStrv) lines = g_strsplit (p->return_address, "\n", -1);
    g_autofree char *address = g_strjoinv (", ", lines);

    shop_line = g_strdup_printf ("%s\n%s", p->shop_name, address);
  }
  fit_text (p, shop_line, 0, 8.5, 6.5, x, y + used + 4, width - code_width - 12,
            header_height - used - 4);
  y += MAX (header_height, used) + 8;
  draw_rule (p, x, y, width, RULE);
  y += 8;

  /* RMA number, order and date | customer | send by, items. */
  column = width / 3;
  used = draw_field (p, retour_catalog_gettext (p->catalog, N_("Return number")), p->number, 10, x, y, column - 10);
  used += 4 + draw_field (p, dpgettext (p->catalog, "label", "Order"), p->order_number, 10, x, y + used + 4, column - 10);
  used += 4 + draw_field (p, dpgettext (p->catalog, "label", "Order date"), p->form_order_date, 10, x, y + used + 4, column - 10);
  block_height = used;

  customer = p->customer_address[0] != '\0'
    ? g_strdup_printf ("%s\n%s", p->customer_name, p->customer_address)
    : g_strdup (p->customer_name);
  used = draw_caption (p, retour_catalog_gettext (p->catalog, N_("Customer")), x + column, y, column - 10);
  used += fit_text (p, customer, 0, 9, 6.5, x + column, y + used, column - 10, 80 - used);
  block_height = MAX (block_height, used);

  used = draw_field (p, dpgettext (p->catalog, "label", "Send by"), p->form_due_date, 12, x + 2 * column, y, column);
  used += 4 + draw_field (p, dpgettext (p->catalog, "label", "Items"), items, 10, x + 2 * column, y + used + 4, column);
  block_height = MAX (block_height, used);
  y += block_height + 12;

  /* The instructions take the bottom; the table what is between. */
  step1 = g_strdup (retour_catalog_gettext (p->catalog, N_("1. Put the items and this form in the parcel, packed as you received them.")));
  step3 = p->form_due_date != NULL
    ? g_strdup_printf (retour_catalog_gettext (p->catalog, N_("3. Hand the parcel to the carrier by %s and keep the receipt until your return is settled.")),
                       p->form_due_date)
    : g_strdup (retour_catalog_gettext (p->catalog, N_("3. Hand the parcel to the carrier and keep the receipt until your return is settled.")));
  steps = g_strjoin ("\n", step1,
                     retour_catalog_gettext (p->catalog, N_("2. Cut out the label below and stick it on the parcel, with the barcode flat and fully visible.")),
                     step3, NULL);
  steps_height = 58;
  table_top = y;
  draw_items_table (p, x, table_top, width, bottom - steps_height - 8 - table_top);

  y = bottom - steps_height;
  draw_rule (p, x, y, width, HAIRLINE);
  used = draw_caption (p, retour_catalog_gettext (p->catalog, N_("How to return")), x, y + 5, width);
  fit_text (p, steps, 0, 8.5, 6.5, x, y + 5 + used, width, steps_height - 5 - used);
}

/* The dashed cut line across the sheet at @y, with scissors at the left. */
static void
draw_cut_line (Painter *p,
               double   y,
               double   page_width)
{
  static const double dashes[] = { 4, 3 };
  g_autoptr(PangoLayout) scissors = make_layout (p, "✂", 0, 12, 20);
  double height = layout_height (scissors);

  cairo_save (p->cr);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_set_line_width (p->cr, 0.6);
  cairo_set_dash (p->cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (p->cr, 10 * MM + 20, y);
  cairo_line_to (p->cr, page_width - 10 * MM, y);
  cairo_stroke (p->cr);
  cairo_move_to (p->cr, 10 * MM, y - height / 2);
  pango_cairo_show_layout (p->cr, scissors);
  cairo_restore (p->cr);
}

/* Entry points -------------------------------------------------------------- */

static void
painter_clear (Painter *p)
{
  g_clear_object (&p->context);
  g_clear_pointer (&p->code128, retour_barcode_free);
  g_clear_pointer (&p->qr, retour_barcode_free);
  g_clear_pointer (&p->number, g_free);
  g_clear_pointer (&p->shop_name, g_free);
  g_clear_pointer (&p->return_address, g_free);
  g_clear_pointer (&p->customer_name, g_free);
  g_clear_pointer (&p->customer_address, g_free);
  g_clear_pointer (&p->order_number, g_free);
  g_clear_pointer (&p->order_date, g_free);
  g_clear_pointer (&p->due_date, g_free);
  g_clear_pointer (&p->form_order_date, g_free);
  g_clear_pointer (&p->form_due_date, g_free);
  g_clear_pointer (&p->reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Painter, painter_clear)

static gboolean
painter_init (Painter                *p,
              cairo_t                *cr,
              const RetourLabelData  *data,
              GError                **error)
{
  cairo_font_options_t *options;
  g_autofree char *reason = NULL;

  p->cr = cr;
  p->data = data;

  if (data->rma_number == NULL || *data->rma_number == '\0')
    {
      g_set_error_literal (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_BARCODE,
                           _("A label needs an RMA number: authorize the return first."));
      return FALSE;
    }

  p->code128 = retour_barcode_new (RETOUR_BARCODE_CODE128, data->rma_number, error);
  if (p->code128 == NULL)
    return FALSE;
  if (data->qr_code)
    {
      p->qr = retour_barcode_new (RETOUR_BARCODE_QR_CODE, data->rma_number, error);
      if (p->qr == NULL)
        return FALSE;
    }

  /* 72 dpi: a 10 pt font is 10 units of the page. Unhinted metrics: the
   * same line breaks on the PDF, the screen and the printer. */
  p->context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (p->context, 72);
  pango_context_set_round_glyph_positions (p->context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (p->context, options);
  cairo_font_options_destroy (options);

  p->number = retour_rma_number_display (data->rma_number);
  p->shop_name = clean_text (data->shop_name, MAX_NAME_CHARS);
  p->return_address = join_address (data->return_address);
  p->customer_name = clean_text (data->customer_name, MAX_NAME_CHARS);
  p->customer_address = join_address (data->customer_address);
  p->order_number = clean_text (data->order_number, MAX_ORDER_CHARS);
  p->order_date = format_date (data, data->order_us);
  p->due_date = format_date (data, data->due_us);
  p->catalog = retour_catalog_get (data->language);
  p->form_order_date = format_form_date (data, p->catalog, data->order_us);
  p->form_due_date = format_form_date (data, p->catalog, data->due_us);
  reason = shared_reason (p, data);
  p->reason = reason != NULL ? clean_text (reason, MAX_LINE_CHARS) : NULL;
  p->units = retour_label_data_count_units (data);

  return TRUE;
}

static void
paint_white (cairo_t           *cr,
             RetourLabelFormat  format)
{
  double width, height;

  retour_label_get_page_size (format, &width, &height);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

static gboolean
draw_portrait_format (cairo_t                *cr,
                      const RetourLabelData  *data,
                      RetourLabelFormat       format,
                      GError                **error)
{
  g_auto(Painter) p = { 0 };
  double width, height;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!painter_init (&p, cr, data, error))
    return FALSE;

  retour_label_get_page_size (format, &width, &height);
  paint_white (cr, format);
  draw_label_portrait (&p, 3 * MM, 3 * MM, width - 6 * MM, height - 6 * MM);

  return TRUE;
}

gboolean
retour_label_draw_thermal (cairo_t                *cr,
                           const RetourLabelData  *data,
                           GError                **error)
{
  return draw_portrait_format (cr, data, RETOUR_LABEL_FORMAT_THERMAL, error);
}

gboolean
retour_label_draw_a6 (cairo_t                *cr,
                      const RetourLabelData  *data,
                      GError                **error)
{
  return draw_portrait_format (cr, data, RETOUR_LABEL_FORMAT_A6, error);
}

gboolean
retour_label_draw_a4 (cairo_t                *cr,
                      const RetourLabelData  *data,
                      GError                **error)
{
  g_auto(Painter) p = { 0 };
  double width, height, half, label_x, label_y;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!painter_init (&p, cr, data, error))
    return FALSE;

  retour_label_get_page_size (RETOUR_LABEL_FORMAT_A4, &width, &height);
  half = height / 2;
  paint_white (cr, RETOUR_LABEL_FORMAT_A4);

  draw_form (&p, 15 * MM, 14 * MM, width - 30 * MM, half - 14 * MM - 8 * MM);
  draw_cut_line (&p, half, width);

  /* The label, centred on the lower half, with a thin outline to cut
   * along. */
  label_x = snap_to_dots ((width - 150 * MM) / 2);
  label_y = snap_to_dots (half + (half - 100 * MM) / 2);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.5);
  cairo_rectangle (cr, label_x, label_y, 150 * MM, 100 * MM);
  cairo_stroke (cr);
  cairo_restore (cr);
  draw_label_landscape (&p, label_x + 3 * MM, label_y + 3 * MM, 144 * MM, 94 * MM);

  return TRUE;
}

gboolean
retour_label_draw (cairo_t                *cr,
                   const RetourLabelData  *data,
                   RetourLabelFormat       format,
                   GError                **error)
{
  switch (format)
    {
    case RETOUR_LABEL_FORMAT_THERMAL:
      return retour_label_draw_thermal (cr, data, error);
    case RETOUR_LABEL_FORMAT_A6:
      return retour_label_draw_a6 (cr, data, error);
    case RETOUR_LABEL_FORMAT_A4:
      return retour_label_draw_a4 (cr, data, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* PDF ----------------------------------------------------------------------- */

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *bytes,
                 unsigned int         length)
{
  g_byte_array_append (closure, bytes, length);

  return CAIRO_STATUS_SUCCESS;
}

GBytes *
retour_label_render_pdf (const RetourLabelData  *data,
                         RetourLabelFormat       format,
                         GError                **error)
{
  return retour_label_render_pdf_with_form (data, format, NULL, error);
}

GBytes *
retour_label_render_pdf_with_form (const RetourLabelData        *data,
                                   RetourLabelFormat             format,
                                   const RetourLawDocumentData  *form,
                                   GError                      **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *created_text = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS, NULL);

  retour_label_get_page_size (format, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (append_to_array, array, width, height);

  /* A fixed creation date (cairo would write the current time) makes the
   * same data give the same bytes. */
  created = g_date_time_new_from_unix_utc (MAX (data->created_us, 0) / G_USEC_PER_SEC);
  created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Retour");
  number = retour_rma_number_display (data->rma_number != NULL ? data->rma_number : "");
  /* Translators: the title of a label's PDF; %s is the RMA number. */
  title = g_strdup_printf (_("Return label %s"), number);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);

  cr = cairo_create (surface);
  ok = retour_label_draw (cr, data, format, error);
  cairo_show_page (cr);
  /* The form's second sheet: whoever may withdraw finds the model form
   * in the parcel's paperwork (the label stays alone on the first). */
  if (ok && format == RETOUR_LABEL_FORMAT_A4 && form != NULL &&
      retour_law_document_is_eu_country (form->country))
    {
      retour_withdrawal_form_draw (cr, form);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!ok)
    return NULL;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_PDF,
                   _("The label could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}
