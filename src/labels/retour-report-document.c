/* retour-report-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines of text flow down the page and onto the next one; a table row is
 * a line with columns at fixed stops. The same 72 dpi, unhinted metrics as
 * the labels and the law's documents, so the PDF does not depend on the
 * screen.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "retour-barcode.h"
#include "retour-report-document.h"

#define MM           (72.0 / 25.4)
#define PAGE_WIDTH   (210 * MM)
#define PAGE_HEIGHT  (297 * MM)
#define MARGIN       (18 * MM)
#define TEXT_WIDTH   (PAGE_WIDTH - 2 * MARGIN)
#define SANS         "DejaVu Sans"

/* Rows of the products and customers tables. */
#define TABLE_ROWS 15

typedef enum
{
  STYLE_BODY,
  STYLE_TITLE,
  STYLE_HEADING,
  STYLE_BOLD,
  STYLE_SMALL,
} Style;

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  GTimeZone    *tz;
  double        y;
} Writer;

static void
paint_white (cairo_t *cr)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_fill (cr);
  cairo_restore (cr);
}

static PangoLayout *
make_layout (Writer     *w,
             const char *text,
             Style       style,
             double      width)
{
  PangoLayout *layout = pango_layout_new (w->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  double size = 9.5;

  pango_font_description_set_family_static (font, SANS);
  switch (style)
    {
    case STYLE_TITLE:
      size = 17;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_HEADING:
      size = 11.5;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_BOLD:
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_SMALL:
      size = 8;
      break;
    case STYLE_BODY:
    default:
      break;
    }
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Plain text: a product called "<b>" prints "<b>". */
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
make_room (Writer *w,
           double  height)
{
  if (w->y + height <= PAGE_HEIGHT - MARGIN || w->y <= MARGIN)
    return;

  cairo_show_page (w->cr);
  paint_white (w->cr);
  w->y = MARGIN;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

static void
show_layout (Writer      *w,
             PangoLayout *layout,
             double       x,
             double       grey)
{
  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, grey, grey, grey);
  cairo_move_to (w->cr, MARGIN + x, w->y);
  pango_cairo_show_layout (w->cr, layout);
  cairo_restore (w->cr);
}

/* A paragraph, kept on one page (they are short), then @space_after. */
static void
write_text (Writer     *w,
            const char *text,
            Style       style,
            double      indent,
            double      space_after)
{
  g_autoptr(PangoLayout) layout = NULL;
  double height;

  if (text == NULL || *text == '\0')
    return;

  layout = make_layout (w, text, style, TEXT_WIDTH - indent);
  height = layout_height (layout);
  make_room (w, height);
  show_layout (w, layout, indent, style == STYLE_SMALL ? 0.3 : 0);
  w->y += height + space_after;
}

/* One row of a table: each cell from its stop to the next (the last to
 * the margin); numbers right-aligned when @right says so. */
static void
write_row (Writer             *w,
           const char * const *cells,
           const double       *stops,
           guint               n,
           guint               right,   /* bit i: cell i right-aligned */
           Style               style)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double height = 0;

  for (guint i = 0; i < n; i++)
    {
      double width = (i + 1 < n ? stops[i + 1] : TEXT_WIDTH) - stops[i] - 6;
      PangoLayout *layout = make_layout (w, cells[i] != NULL ? cells[i] : "", style, width);

      if (right & (1u << i))
        pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      height = MAX (height, layout_height (layout));
      g_ptr_array_add (layouts, layout);
    }

  make_room (w, height);
  for (guint i = 0; i < n; i++)
    show_layout (w, g_ptr_array_index (layouts, i), stops[i], 0);
  w->y += height + 3;
}

/* A section's heading, with room above it. */
static void
write_heading (Writer     *w,
               const char *text)
{
  w->y += 10;
  write_text (w, text, STYLE_HEADING, 0, 3);
}

static void
write_rule (Writer *w)
{
  make_room (w, 8);
  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (w->cr, 0.5);
  cairo_move_to (w->cr, MARGIN, w->y + 3);
  cairo_line_to (w->cr, PAGE_WIDTH - MARGIN, w->y + 3);
  cairo_stroke (w->cr);
  cairo_restore (w->cr);
  w->y += 8;
}

/* Text ----------------------------------------------------------------------------- */

static char *
format_rate (double rate)
{
  if (rate < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%.1f %%", rate * 100);
}

static char *
format_day (Writer *w,
            gint64  time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, w->tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%x") : g_strdup ("");
}

static char *
format_days (gint64 duration_us)
{
  double days = duration_us / (double) G_TIME_SPAN_DAY;

  if (duration_us < 0)
    return g_strdup ("—");

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.1f day", "%.1f days", days == 1.0 ? 1 : 2), days);
}

typedef enum
{
  AMOUNT_REFUNDS,
  AMOUNT_FEES,
  AMOUNT_WRITTEN_OFF,
  AMOUNT_RETAINED,
  RATE_REVENUE,
  RATE_RETAINED,
} MoneyText;

/* Per currency, "; " between them: never added up. */
static char *
format_money (const RetourReportFigures *figures,
              MoneyText                  what)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < figures->money->len; i++)
    {
      const RetourReportMoney *money = &g_array_index (figures->money, RetourReportMoney, i);
      g_autofree char *part = NULL;

      switch (what)
        {
        case AMOUNT_REFUNDS:
          part = retour_money_format (retour_money_init (money->refunds, money->currency));
          break;
        case AMOUNT_FEES:
          part = retour_money_format (retour_money_init (money->restocking_fees, money->currency));
          break;
        case AMOUNT_WRITTEN_OFF:
          part = retour_money_format (retour_money_init (money->written_off, money->currency));
          break;
        case AMOUNT_RETAINED:
          part = retour_money_format (retour_money_init (money->retained, money->currency));
          break;
        case RATE_REVENUE:
          {
            g_autofree char *rate = format_rate (retour_report_rate (money->returned_value, money->sales));

            part = g_strdup_printf ("%s %s", money->currency, rate);
          }
          break;
        case RATE_RETAINED:
        default:
          {
            g_autofree char *rate = format_rate (retour_report_rate (money->retained, money->decided_value));

            part = g_strdup_printf ("%s %s", money->currency, rate);
          }
          break;
        }

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, part);
    }

  if (text->len == 0)
    g_string_append (text, "—");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
figure_value (const RetourReportFigures *f,
              RetourReportFigure         figure)
{
  switch (figure)
    {
    case RETOUR_REPORT_FIGURE_ORDER_RETURN_RATE:
      return format_rate (retour_report_rate (f->orders_returned, f->orders));
    case RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE:
      return format_rate (retour_report_rate (f->units_returned, f->units_sold));
    case RETOUR_REPORT_FIGURE_REVENUE_RETURN_RATE:
      return format_money (f, RATE_REVENUE);
    case RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES:
      return format_money (f, AMOUNT_REFUNDS);
    case RETOUR_REPORT_FIGURE_RETURN_SHIPPING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'llu label", "%'llu labels", f->labels),
                              (unsigned long long) f->labels);
    case RETOUR_REPORT_FIGURE_RESTOCKING_FEES:
      return format_money (f, AMOUNT_FEES);
    case RETOUR_REPORT_FIGURE_WRITTEN_OFF:
      return format_money (f, AMOUNT_WRITTEN_OFF);
    case RETOUR_REPORT_FIGURE_RETAINED_REVENUE:
      {
        g_autofree char *amounts = format_money (f, AMOUNT_RETAINED);
        g_autofree char *shares = format_money (f, RATE_RETAINED);

        return g_strdup_printf ("%s (%s)", amounts, shares);
      }
    case RETOUR_REPORT_FIGURE_TIME_TO_REFUND:
      return format_days (f->refund_median_us);
    case RETOUR_REPORT_FIGURE_STATUTORY_IN_TIME:
      return format_rate (retour_report_rate (f->statutory_in_time, f->statutory_returns));
    case RETOUR_REPORT_FIGURE_CONTROLLABLE:
      return format_rate (retour_report_rate (f->controllable_units,
                                              f->controllable_units + f->uncontrollable_units));
    case RETOUR_REPORT_FIGURE_REASON_CLUSTER:
    case RETOUR_REPORT_FIGURE_SERIAL_RETURNER:
    case RETOUR_REPORT_N_FIGURES:
    default:
      return NULL;
    }
}

/* The document ------------------------------------------------------------------- */

static void
write_figures (Writer             *w,
               const RetourReport *report)
{
  const double stops[] = { 0, TEXT_WIDTH * 0.42, TEXT_WIDTH * 0.72 };
  const char *header[] = { _("Figure"), _("This period"), _("Period before") };

  write_heading (w, _("Figures"));
  write_row (w, header, stops, 3, 0, STYLE_BOLD);
  write_rule (w);

  for (guint i = 0; i < RETOUR_REPORT_N_FIGURES; i++)
    {
      g_autofree char *now = figure_value (&report->current, i);
      g_autofree char *before = figure_value (&report->previous, i);
      const char *cells[3];

      if (now == NULL)
        continue;

      cells[0] = retour_report_figure_title (i);
      cells[1] = now;
      cells[2] = before;
      write_row (w, cells, stops, 3, 0, STYLE_BODY);
      write_text (w, retour_report_figure_definition (i), STYLE_SMALL, 0, 5);
    }
}

static void
write_reasons (Writer             *w,
               const RetourReport *report)
{
  const double stops[] = { 0, TEXT_WIDTH * 0.72, TEXT_WIDTH * 0.86 };
  const char *header[] = { _("Reason"), _("Items"), _("Share") };
  gint64 total = 0;

  write_heading (w, _("Why Things Come Back"));
  write_row (w, header, stops, 3, 0x6, STYLE_BOLD);
  write_rule (w);

  for (guint j = 0; j < report->series.reasons->len; j++)
    total += ((RetourReportReason *) g_ptr_array_index (report->series.reasons, j))->units;

  for (guint j = 0; j < report->series.reasons->len; j++)
    {
      const RetourReportReason *reason = g_ptr_array_index (report->series.reasons, j);
      g_autofree char *units = g_strdup_printf ("%'" G_GINT64_FORMAT, reason->units);
      g_autofree char *share = format_rate (retour_report_rate (reason->units, total));
      const char *cells[] = { reason->label, units, share };

      write_row (w, cells, stops, 3, 0x6, STYLE_BODY);
    }
}

static void
write_products (Writer             *w,
                const char         *heading,
                const char         *about,
                GPtrArray          *rows,
                gboolean            clusters_only)
{
  const double stops[] = { 0, TEXT_WIDTH * 0.40, TEXT_WIDTH * 0.52, TEXT_WIDTH * 0.64, TEXT_WIDTH * 0.76 };
  const char *header[] = { _("Product"), _("Sold"), _("Returned"), _("Rate"), _("Top reason") };
  guint shown = 0;

  for (guint i = 0; i < rows->len && shown < TABLE_ROWS; i++)
    {
      const RetourReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *title = row->sku != NULL ? g_strdup_printf ("%s (%s)", row->title, row->sku)
                                                : g_strdup (row->title);
      g_autofree char *sold = g_strdup_printf ("%'" G_GINT64_FORMAT, row->sold);
      g_autofree char *returned = g_strdup_printf ("%'" G_GINT64_FORMAT, row->returned);
      g_autofree char *rate = format_rate (retour_report_rate (row->returned, row->sold));
      const char *cells[] = { title, sold, returned, rate,
                              row->n_top_reasons > 0 ? row->top_reasons[0].label : "" };

      if ((clusters_only && !row->cluster) || row->returned == 0)
        continue;

      if (shown == 0)
        {
          write_heading (w, heading);
          write_text (w, about, STYLE_SMALL, 0, 4);
          write_row (w, header, stops, 5, 0xe, STYLE_BOLD);
          write_rule (w);
        }
      write_row (w, cells, stops, 5, 0xe, STYLE_BODY);
      shown++;
    }
}

static void
write_customers (Writer             *w,
                 const RetourReport *report)
{
  const double stops[] = { 0, TEXT_WIDTH * 0.40, TEXT_WIDTH * 0.52, TEXT_WIDTH * 0.64, TEXT_WIDTH * 0.80 };
  const char *header[] = { _("Customer"), _("Orders"), _("Returns"), _("Items back"), _("Return rate") };
  guint shown = 0;

  for (guint i = 0; i < report->customers->len && shown < TABLE_ROWS; i++)
    {
      const RetourReportCustomer *customer = g_ptr_array_index (report->customers, i);
      g_autofree char *orders = g_strdup_printf ("%'" G_GUINT64_FORMAT, customer->orders);
      g_autofree char *returns = g_strdup_printf ("%'" G_GUINT64_FORMAT, customer->returns);
      g_autofree char *items = g_strdup_printf ("%'" G_GINT64_FORMAT " / %'" G_GINT64_FORMAT,
                                                customer->units_returned, customer->units_bought);
      g_autofree char *rate = format_rate (retour_report_rate (customer->units_returned, customer->units_bought));
      const char *cells[] = { customer->name, orders, returns, items, rate };

      if (!customer->serial)
        continue;

      if (shown == 0)
        {
          write_heading (w, retour_report_figure_title (RETOUR_REPORT_FIGURE_SERIAL_RETURNER));
          write_text (w, retour_report_figure_definition (RETOUR_REPORT_FIGURE_SERIAL_RETURNER), STYLE_SMALL, 0, 4);
          write_row (w, header, stops, 5, 0x1e, STYLE_BOLD);
          write_rule (w);
        }
      write_row (w, cells, stops, 5, 0x1e, STYLE_BODY);
      shown++;
    }
}

static void
write_report (Writer             *w,
              const RetourReport *report,
              const char         *shop_name)
{
  g_autofree char *from = format_day (w, report->current.since_us);
  g_autofree char *to = format_day (w, report->current.until_us - 1);
  g_autofree char *before_from = format_day (w, report->previous.since_us);
  g_autofree char *before_to = format_day (w, report->previous.until_us - 1);
  /* Translators: two dates, the date basis, and two dates more. */
  g_autofree char *period = g_strdup_printf (_("%s to %s. %s. Compared with %s to %s."), from, to,
                                             retour_report_basis_describe (report->basis), before_from,
                                             before_to);
  g_autofree char *title = shop_name != NULL && *shop_name != '\0'
                           /* Translators: %s is the shop's name. */
                           ? g_strdup_printf (_("Returns Report — %s"), shop_name)
                           : g_strdup (_("Returns Report"));

  write_text (w, title, STYLE_TITLE, 0, 4);
  write_text (w, period, STYLE_BODY, 0, 2);
  write_figures (w, report);
  write_reasons (w, report);
  write_products (w, _("Look at This"), retour_report_figure_definition (RETOUR_REPORT_FIGURE_REASON_CLUSTER),
                  report->products, TRUE);
  write_products (w, _("Most Returned Products"), _("Units on the period’s orders, and asked back on its returns."),
                  report->products, FALSE);
  write_customers (w, report);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *bytes,
                 unsigned int         length)
{
  g_byte_array_append (closure, bytes, length);

  return CAIRO_STATUS_SUCCESS;
}

GBytes *
retour_report_render_pdf (const RetourReport  *report,
                          GTimeZone           *tz,
                          const char          *shop_name,
                          gint64               created_us,
                          GError             **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *created_text = NULL;
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_status_t status;
  Writer w = { 0 };

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_to_array, array, PAGE_WIDTH, PAGE_HEIGHT);
  created = g_date_time_new_from_unix_utc (MAX (created_us, 0) / G_USEC_PER_SEC);
  created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Retour");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Returns Report"));

  w.cr = cairo_create (surface);
  w.tz = tz;
  w.y = MARGIN;
  w.context = pango_cairo_create_context (w.cr);
  pango_cairo_context_set_resolution (w.context, 72);
  pango_context_set_round_glyph_positions (w.context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (w.context, options);
  cairo_font_options_destroy (options);

  paint_white (w.cr);
  write_report (&w, report, shop_name);
  cairo_show_page (w.cr);

  g_clear_object (&w.context);
  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_PDF,
                   _("The document could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}
