/* retour-law-documents.c — withdrawal form, acknowledgement, repair notice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The documents are letters, not labels: text flows down the page in
 * paragraphs and onto a next page when it must. Whatever a shop or a
 * customer typed is cut to a line's or a note's worth, set as plain text
 * (never markup) and wrapped inside the margins.
 *
 * The withdrawal form's statutory wording is not translated: each
 * language's text is the one its law gives (DE Anlage 2 zu Art. 246a
 * EGBGB; FR annexe à l'article R221-1 du Code de la consommation; NL and
 * EN Directive 2011/83/EU Annex I(B); PL załącznik nr 2 do ustawy o
 * prawach konsumenta), kept here verbatim and not in po/, where a
 * translator could reword it or a missing translation would put English
 * on a French consumer's form. Everything around it goes through the
 * customer's catalog (retour-catalog.h) like any other text.
 *
 * The German text was checked against the published Anlage 2 (in force
 * since 28 May 2022, without the fax number); the English, French, Dutch
 * and Polish ones are as those texts were last known here and still want
 * a line-by-line check against the Official Journal, Légifrance, wetten.nl
 * and ISAP before a shop relies on them.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "retour-catalog.h"
#include "retour-law-documents.h"
#include "retour-text.h"

#define MM             (72.0 / 25.4)
#define PAGE_WIDTH     (210 * MM)
#define PAGE_HEIGHT    (297 * MM)
#define MARGIN         (20 * MM)
#define SANS           "DejaVu Sans"
#define MAX_ADDRESS_LINES 6

/* The model withdrawal form ------------------------------------------------ */

typedef struct
{
  const char *language;
  const char *title;
  const char *instruction;
  const char *to;
  const char *statement;
  const char *dates;
  const char *name;
  const char *address;
  const char *signature;
  const char *date;
  const char *footnote;
} ModelForm;

/* The trader's bracketed part of "To" is what the shop fills in, so it
 * is replaced by the shop's name and addresses. */
static const ModelForm model_forms[] = {
  {
    "en",
    "Model withdrawal form",
    "(complete and return this form only if you wish to withdraw from the contract)",
    "— To:",
    "— I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the "
    "following goods (*)/for the provision of the following service (*),",
    "— Ordered on (*)/received on (*),",
    "— Name of consumer(s),",
    "— Address of consumer(s),",
    "— Signature of consumer(s) (only if this form is notified on paper),",
    "— Date",
    "(*) Delete as appropriate.",
  },
  {
    "nl",
    "Modelformulier voor herroeping",
    "(dit formulier alleen invullen en terugzenden als u de overeenkomst wilt herroepen)",
    "— Aan:",
    "— Ik/Wij (*) deel/delen (*) u hierbij mede dat ik/wij (*) onze overeenkomst betreffende de "
    "verkoop van de volgende goederen/levering van de volgende dienst (*) herroep/herroepen (*)",
    "— Besteld op (*)/ontvangen op (*)",
    "— Naam/Namen consument(en)",
    "— Adres consument(en)",
    "— Handtekening van consument(en) (alleen wanneer dit formulier op papier wordt ingediend)",
    "— Datum",
    "(*) Doorhalen wat niet van toepassing is.",
  },
  {
    "fr",
    "Modèle de formulaire de rétractation",
    "(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous "
    "rétracter du contrat.)",
    "A l'attention de\u00a0:",
    "Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat "
    "portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous\u00a0:",
    "Commandé le (*)/reçu le (*)\u00a0:",
    "Nom du (des) consommateur(s)\u00a0:",
    "Adresse du (des) consommateur(s)\u00a0:",
    "Signature du (des) consommateur(s) (uniquement en cas de notification du présent formulaire "
    "sur papier)\u00a0:",
    "Date\u00a0:",
    "(*) Rayez la mention inutile.",
  },
  {
    "de",
    "Muster-Widerrufsformular",
    "(Wenn Sie den Vertrag widerrufen wollen, dann füllen Sie bitte dieses Formular aus und senden "
    "Sie es zurück.)",
    "– An:",
    "– Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen Vertrag über den Kauf "
    "der folgenden Waren (*)/die Erbringung der folgenden Dienstleistung (*)",
    "– Bestellt am (*)/erhalten am (*)",
    "– Name des/der Verbraucher(s)",
    "– Anschrift des/der Verbraucher(s)",
    "– Unterschrift des/der Verbraucher(s) (nur bei Mitteilung auf Papier)",
    "– Datum",
    "(*) Unzutreffendes streichen.",
  },
  {
    "pl",
    "Wzór formularza odstąpienia od umowy",
    "(formularz ten należy wypełnić i odesłać tylko w przypadku chęci odstąpienia od umowy)",
    "– Adresat:",
    "– Ja/My(*) niniejszym informuję/informujemy(*) o moim/naszym odstąpieniu od umowy sprzedaży "
    "następujących rzeczy(*) umowy dostawy następujących rzeczy(*) umowy o dzieło polegającej na "
    "wykonaniu następujących rzeczy(*)/o świadczenie następującej usługi(*)",
    "– Data zawarcia umowy(*)/odbioru(*)",
    "– Imię i nazwisko konsumenta(-ów)",
    "– Adres konsumenta(-ów)",
    "– Podpis konsumenta(-ów) (tylko jeżeli formularz jest przesyłany w wersji papierowej)",
    "– Data",
    "(*) Niepotrzebne skreślić.",
  },
};

static const ModelForm *
find_model_form (const char *language)
{
  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (model_forms); i++)
    if (g_str_equal (model_forms[i].language, language))
      return &model_forms[i];

  return &model_forms[0];
}

/* The data ------------------------------------------------------------------ */

RetourLawDocumentData *
retour_law_document_data_new (void)
{
  RetourLawDocumentData *data = g_new0 (RetourLawDocumentData, 1);

  data->shop_address = g_new0 (char *, 1);
  data->customer_address = g_new0 (char *, 1);
  g_date_clear (&data->guarantee_until, 1);
  g_date_clear (&data->guarantee_repaired, 1);
  data->items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_label_item_free);

  return data;
}

void
retour_law_document_data_free (RetourLawDocumentData *data)
{
  if (data == NULL)
    return;

  g_free (data->language);
  g_free (data->country);
  g_free (data->shop_name);
  g_strfreev (data->shop_address);
  g_free (data->shop_email);
  g_free (data->customer_name);
  g_strfreev (data->customer_address);
  g_free (data->customer_email);
  g_free (data->rma_number);
  g_free (data->order_number);
  g_free (data->statement);
  g_clear_pointer (&data->time_zone, g_time_zone_unref);
  g_ptr_array_unref (data->items);
  g_free (data);
}

RetourLawDocumentData *
retour_law_document_data_new_from_label (const RetourLabelData *label)
{
  RetourLawDocumentData *data = retour_law_document_data_new ();
  guint n_lines;

  g_return_val_if_fail (label != NULL, NULL);

  data->language = g_strdup (label->language);
  data->shop_name = g_strdup (label->shop_name);
  g_strfreev (data->shop_address);
  data->shop_address = g_strdupv (label->return_address);
  data->customer_name = g_strdup (label->customer_name);
  data->customer_email = g_strdup (label->customer_email);
  data->rma_number = g_strdup (label->rma_number);
  data->order_number = g_strdup (label->order_number);
  data->ordered_us = label->order_us;
  data->created_us = label->created_us;
  data->time_zone = label->time_zone != NULL ? g_time_zone_ref (label->time_zone) : NULL;

  /* The store ends the address with the country's code on its own line;
   * the form says the country once, in the address. */
  n_lines = label->customer_address != NULL ? g_strv_length (label->customer_address) : 0;
  g_strfreev (data->customer_address);
  data->customer_address = g_strdupv (label->customer_address);
  if (n_lines > 0)
    {
      const char *last = label->customer_address[n_lines - 1];

      if (strlen (last) == 2 && g_ascii_isalpha (last[0]) && g_ascii_isalpha (last[1]))
        data->country = g_ascii_strup (last, -1);
    }

  for (guint i = 0; i < label->items->len; i++)
    g_ptr_array_add (data->items, retour_label_item_copy (g_ptr_array_index (label->items, i)));

  return data;
}

gboolean
retour_law_document_is_eu_country (const char *country)
{
  static const char * const members[] = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
  };

  if (country == NULL || strlen (country) != 2)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (g_ascii_strcasecmp (members[i], country) == 0)
      return TRUE;

  return FALSE;
}

GTimeZone *
retour_law_document_dup_time_zone (const RetourLawDocumentData *data)
{
  static const char * const zones[][2] = {
    { "NL", "Europe/Amsterdam" },
    { "FR", "Europe/Paris" },
    { "DE", "Europe/Berlin" },
    { "PL", "Europe/Warsaw" },
  };

  for (guint i = 0; data->country != NULL && i < G_N_ELEMENTS (zones); i++)
    if (g_ascii_strcasecmp (zones[i][0], data->country) == 0)
      {
        GTimeZone *zone = g_time_zone_new_identifier (zones[i][1]);

        if (zone != NULL)
          return zone;
      }

  return data->time_zone != NULL ? g_time_zone_ref (data->time_zone) : g_time_zone_new_utc ();
}

/* Writing ------------------------------------------------------------------- */

typedef enum
{
  STYLE_BODY,
  STYLE_SMALL,
  STYLE_TITLE,
  STYLE_HEADING,
  STYLE_VALUE,    /* a pre-filled value: bold */
} Style;

typedef struct
{
  cairo_t             *cr;
  PangoContext        *context;
  const RetourCatalog *catalog;
  const char          *language;
  GTimeZone           *zone;
  double               y;
  gboolean             may_break;   /* FALSE: one page, what does not fit is left off */
  gboolean             overflowed;
} Writer;

static void
writer_init (Writer                      *w,
             cairo_t                     *cr,
             const RetourLawDocumentData *data,
             gboolean                     may_break)
{
  cairo_font_options_t *options;

  w->cr = cr;
  w->catalog = retour_catalog_get (data->language);
  w->language = retour_catalog_get_language (w->catalog);
  /* A language Retour has a form in, though no catalog (a build without
   * translations): the form in it all the same. */
  if (w->catalog == NULL)
    {
      g_autofree char *code = retour_catalog_language_code (data->language);

      if (code != NULL && find_model_form (code) != &model_forms[0])
        w->language = find_model_form (code)->language;
    }
  w->zone = retour_law_document_dup_time_zone (data);
  w->y = MARGIN;
  w->may_break = may_break;

  /* As the labels: 72 dpi, unhinted metrics, the same lines everywhere. */
  w->context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (w->context, 72);
  pango_context_set_round_glyph_positions (w->context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (w->context, options);
  cairo_font_options_destroy (options);
}

static void
writer_clear (Writer *w)
{
  g_clear_object (&w->context);
  g_clear_pointer (&w->zone, g_time_zone_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static void
paint_white (cairo_t *cr)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
writer_new_page (Writer *w)
{
  cairo_show_page (w->cr);
  paint_white (w->cr);
  w->y = MARGIN;
}

/* Room for @height more on this page, on a next one if need be; FALSE
 * when there is none (one page only, and it is full). */
static gboolean
writer_make_room (Writer *w,
                  double  height)
{
  if (w->y + height <= PAGE_HEIGHT - MARGIN)
    return TRUE;
  if (!w->may_break || w->y <= MARGIN)
    {
      w->overflowed = w->y + height > PAGE_HEIGHT - MARGIN;
      return !w->overflowed;
    }

  writer_new_page (w);
  return TRUE;
}

static PangoLayout *
make_layout (Writer     *w,
             const char *text,
             Style       style,
             double      width)
{
  PangoLayout *layout = pango_layout_new (w->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  double size = 10;

  pango_font_description_set_family_static (font, SANS);
  switch (style)
    {
    case STYLE_TITLE:
      size = 17;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_HEADING:
      size = 10.5;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_VALUE:
      size = 10.5;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_SMALL:
      size = 8.5;
      break;
    case STYLE_BODY:
    default:
      break;
    }
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_spacing (layout, (int) (size * 0.2 * PANGO_SCALE));
  /* Plain text: a name with "<b>" in it shows "<b>". */
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/* @text at @indent from the margin, line by line onto as many pages as it
 * takes, then @space_after. */
static void
write_text (Writer     *w,
            const char *text,
            Style       style,
            double      indent,
            double      space_after)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutIter *iter;
  double width = PAGE_WIDTH - 2 * MARGIN - indent;

  if (text == NULL || *text == '\0')
    return;

  layout = make_layout (w, text, style, width);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      int y0, y1;
      double line_height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      line_height = (double) (y1 - y0) / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - y0) / PANGO_SCALE;

      if (!writer_make_room (w, line_height))
        break;

      cairo_save (w->cr);
      cairo_set_source_rgb (w->cr, 0, 0, 0);
      cairo_move_to (w->cr, MARGIN + indent + (double) logical.x / PANGO_SCALE, w->y + baseline);
      pango_cairo_show_layout_line (w->cr, line);
      cairo_restore (w->cr);
      w->y += line_height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  w->y += space_after;
}

static void
write_rule (Writer *w,
            double  indent,
            double  width,
            double  space_before,
            double  space_after)
{
  if (!writer_make_room (w, space_before + space_after))
    return;

  w->y += space_before;
  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, 0, 0, 0);
  cairo_rectangle (w->cr, MARGIN + indent, w->y - 0.3, width, 0.6);
  cairo_fill (w->cr);
  cairo_restore (w->cr);
  w->y += space_after;
}

/* Text of the shop's or the customer's, fit to show. */
static char *
clean_line (const char *text)
{
  return retour_text_for_display (text != NULL ? text : "", RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
}

static char *
clean_address (char * const *lines)
{
  GString *out = g_string_new (NULL);
  guint kept = 0;

  for (guint i = 0; lines != NULL && lines[i] != NULL && kept < 16; i++)
    {
      g_autofree char *line = clean_line (lines[i]);

      if (*line == '\0')
        continue;
      if (kept > 0)
        g_string_append (out, kept < MAX_ADDRESS_LINES ? "\n" : ", ");
      g_string_append (out, line);
      kept++;
    }

  return g_string_free (out, FALSE);
}

static GDateTime *
local_time (Writer *w,
            gint64  time_us)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time_us <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return utc != NULL ? g_date_time_to_timezone (utc, w->zone) : NULL;
}

static char *
format_day (Writer *w,
            gint64  time_us)
{
  g_autoptr(GDateTime) time = local_time (w, time_us);

  return time != NULL ? retour_catalog_format_date (w->catalog, time) : NULL;
}

static char *
format_gdate (Writer      *w,
              const GDate *date)
{
  g_autoptr(GDateTime) time = NULL;

  if (!g_date_valid (date))
    return NULL;

  time = g_date_time_new (w->zone, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 12, 0, 0);

  return time != NULL ? retour_catalog_format_date (w->catalog, time) : NULL;
}

/* The date, the time and the zone by its name: "14-08-2026 15:32 CEST
 * (Europe/Amsterdam)", so that the record says whose clock it was. */
static char *
format_moment (Writer *w,
               gint64  time_us)
{
  g_autoptr(GDateTime) time = local_time (w, time_us);
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  const char *identifier;

  if (time == NULL)
    return NULL;

  day = retour_catalog_format_date (w->catalog, time);
  clock = g_date_time_format (time, "%H:%M %Z");
  identifier = g_time_zone_get_identifier (w->zone);

  return g_strdup_printf ("%s %s (%s)", day, clock, identifier);
}

static char *
items_text (Writer                      *w,
            const RetourLawDocumentData *data)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < data->items->len; i++)
    {
      const RetourLabelItem *item = g_ptr_array_index (data->items, i);
      g_autofree char *title = clean_line (item->title);
      g_autofree char *sku = clean_line (item->sku);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (*sku != '\0')
        g_string_append_printf (out, "%u × %s (%s)", item->quantity, title, sku);
      else
        g_string_append_printf (out, "%u × %s", item->quantity, title);
    }

  return g_string_free (out, FALSE);
}

static char *
shop_block (const RetourLawDocumentData *data)
{
  g_autofree char *name = clean_line (data->shop_name);
  g_autofree char *address = clean_address (data->shop_address);
  g_autofree char *email = clean_line (data->shop_email);
  GString *out = g_string_new (name);

  if (*address != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", address);
  if (*email != '\0')
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", email);

  return g_string_free (out, FALSE);
}

/* A caption and its value below it, indented. */
static void
write_field (Writer     *w,
             const char *caption,
             const char *value)
{
  /* The caption does not end a page without its value. */
  writer_make_room (w, 34);
  write_text (w, caption, STYLE_SMALL, 0, 1);
  write_text (w, value != NULL && *value != '\0' ? value : "—", STYLE_VALUE, 8, 6);
}

/* The withdrawal form ------------------------------------------------------ */

static void
write_withdrawal_form (Writer                      *w,
                       const RetourLawDocumentData *data)
{
  const ModelForm *form = find_model_form (w->language);
  const double indent = 12;
  double line_width = PAGE_WIDTH - 2 * MARGIN - indent;
  g_autofree char *shop = shop_block (data);
  g_autofree char *order = clean_line (data->order_number);
  g_autofree char *items = items_text (w, data);
  g_autofree char *ordered = format_day (w, data->ordered_us);
  g_autofree char *received = format_day (w, data->received_us);
  g_autofree char *dates = NULL;
  g_autofree char *name = clean_line (data->customer_name);
  g_autofree char *address = clean_address (data->customer_address);

  write_text (w, form->title, STYLE_TITLE, 0, 4);
  write_text (w, form->instruction, STYLE_BODY, 0, 14);

  write_text (w, form->to, STYLE_BODY, 0, 2);
  write_text (w, shop, STYLE_VALUE, indent, 12);

  write_text (w, form->statement, STYLE_BODY, 0, 4);
  if (*order != '\0')
    {
      /* Translators: on the withdrawal form, under "I hereby give notice
       * that I withdraw from my contract of sale of the following goods";
       * %s is the shop's order number. */
      g_autofree char *text = g_strdup_printf (dpgettext (w->catalog, "withdrawal form", "Order %s"), order);

      write_text (w, text, STYLE_VALUE, indent, 2);
    }
  write_text (w, items, STYLE_BODY, indent, 2);
  /* Room to write the goods by hand when the form comes without them. */
  if (*order == '\0' && *items == '\0')
    {
      write_rule (w, indent, line_width, 18, 0);
      write_rule (w, indent, line_width, 18, 0);
    }
  w->y += 10;

  write_text (w, form->dates, STYLE_BODY, 0, 2);
  if (ordered != NULL || received != NULL)
    {
      dates = g_strdup_printf ("%s / %s", ordered != NULL ? ordered : "…………", received != NULL ? received : "…………");
      write_text (w, dates, STYLE_VALUE, indent, 12);
    }
  else
    write_rule (w, indent, line_width, 18, 12);

  write_text (w, form->name, STYLE_BODY, 0, 2);
  if (*name != '\0')
    write_text (w, name, STYLE_VALUE, indent, 12);
  else
    write_rule (w, indent, line_width, 18, 12);

  write_text (w, form->address, STYLE_BODY, 0, 2);
  if (*address != '\0')
    write_text (w, address, STYLE_VALUE, indent, 12);
  else
    {
      write_rule (w, indent, line_width, 18, 0);
      write_rule (w, indent, line_width, 18, 12);
    }

  /* Left for the customer. */
  write_text (w, form->signature, STYLE_BODY, 0, 0);
  write_rule (w, indent, line_width * 0.6, 30, 14);
  write_text (w, form->date, STYLE_BODY, 0, 0);
  write_rule (w, indent, line_width * 0.35, 24, 18);

  write_rule (w, 0, 40, 0, 6);
  write_text (w, form->footnote, STYLE_SMALL, 0, 0);
}

void
retour_withdrawal_form_draw (cairo_t                     *cr,
                             const RetourLawDocumentData *data)
{
  g_auto(Writer) w = { 0 };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (data != NULL);

  writer_init (&w, cr, data, FALSE);
  paint_white (cr);
  write_withdrawal_form (&w, data);
}

/* The acknowledgement ------------------------------------------------------ */

static const char *
channel_text (Writer                   *w,
              RetourDeclarationChannel  channel)
{
  switch (channel)
    {
    case RETOUR_DECLARATION_PHONE:
      /* Translators: how a notice of withdrawal came, in an acknowledgement. */
      return dpgettext (w->catalog, "notice came", "By phone");
    case RETOUR_DECLARATION_EMAIL:
      return dpgettext (w->catalog, "notice came", "By e-mail");
    case RETOUR_DECLARATION_LETTER:
      return dpgettext (w->catalog, "notice came", "By letter");
    case RETOUR_DECLARATION_STOREFRONT:
      return dpgettext (w->catalog, "notice came", "Through the withdrawal function of our online shop");
    case RETOUR_DECLARATION_IN_PERSON:
      return dpgettext (w->catalog, "notice came", "In person");
    case RETOUR_DECLARATION_NONE:
    default:
      return dpgettext (w->catalog, "notice came", "Not recorded");
    }
}

static void
write_letterhead (Writer                      *w,
                  const RetourLawDocumentData *data)
{
  g_autofree char *shop = shop_block (data);

  write_text (w, shop, STYLE_SMALL, 0, 14);
}

static void
write_addressee (Writer                      *w,
                 const RetourLawDocumentData *data)
{
  g_autofree char *name = clean_line (data->customer_name);
  g_autofree char *address = clean_address (data->customer_address);
  g_autofree char *email = clean_line (data->customer_email);
  g_autoptr(GString) block = g_string_new (name);

  if (*address != '\0')
    g_string_append_printf (block, "%s%s", block->len > 0 ? "\n" : "", address);
  if (*email != '\0')
    g_string_append_printf (block, "%s%s", block->len > 0 ? "\n" : "", email);
  write_text (w, block->str, STYLE_BODY, 0, 18);
}

static void
write_acknowledgement (Writer                      *w,
                       const RetourLawDocumentData *data)
{
  g_autofree char *number = data->rma_number != NULL ? retour_rma_number_display (data->rma_number) : NULL;
  g_autofree char *order = clean_line (data->order_number);
  g_autofree char *ordered = format_day (w, data->ordered_us);
  g_autofree char *received = format_day (w, data->received_us);
  g_autofree char *declared = format_moment (w, data->declared_us);
  g_autofree char *issued = format_moment (w, data->created_us);
  g_autofree char *items = items_text (w, data);
  g_autofree char *statement = retour_text_for_display (data->statement != NULL ? data->statement : "",
                                                         RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);

  write_letterhead (w, data);
  write_addressee (w, data);

  write_text (w, retour_catalog_gettext (w->catalog, N_("Acknowledgement of receipt of your withdrawal")),
              STYLE_TITLE, 0, 8);
  write_text (w, retour_catalog_gettext (w->catalog,
                                         N_("We have received your notice that you withdraw from the contract "
                                            "below. This acknowledgement is the record of your notice: please "
                                            "keep it.")),
              STYLE_BODY, 0, 12);

  write_field (w, retour_catalog_gettext (w->catalog, N_("Notice received on")), declared);
  write_field (w, retour_catalog_gettext (w->catalog, N_("How the notice came")),
               channel_text (w, data->declared_via));
  write_field (w, retour_catalog_gettext (w->catalog, N_("Content of the notice")),
               *statement != '\0' ? statement
               : retour_catalog_gettext (w->catalog, N_("Withdrawal from the contract for the items below.")));
  write_field (w, dpgettext (w->catalog, "label", "Order"), order);
  write_field (w, retour_catalog_gettext (w->catalog, N_("Ordered on")), ordered);
  if (received != NULL)
    write_field (w, retour_catalog_gettext (w->catalog, N_("Received on")), received);
  if (number != NULL)
    write_field (w, retour_catalog_gettext (w->catalog, N_("Return number")), number);
  write_field (w, retour_catalog_gettext (w->catalog, N_("Items withdrawn")), items);

  w->y += 6;
  write_text (w, retour_catalog_gettext (w->catalog,
                                         N_("We will refund your payments, including the standard delivery "
                                            "costs, without undue delay and at the latest 14 days after the "
                                            "day we received your notice, by the means of payment you used. "
                                            "We may wait with the refund until we have received the goods "
                                            "back or you have shown that you sent them, whichever is "
                                            "earlier.")),
              STYLE_BODY, 0, 14);

  if (issued != NULL)
    {
      /* Translators: at the foot of an acknowledgement; %s is a date and time. */
      g_autofree char *text = g_strdup_printf (retour_catalog_gettext (w->catalog, N_("Issued on %s")), issued);

      write_text (w, text, STYLE_SMALL, 0, 0);
    }
}

/* The repair notice --------------------------------------------------------- */

static void
write_repair_notice (Writer                      *w,
                     const RetourLawDocumentData *data)
{
  g_autofree char *order = clean_line (data->order_number);
  g_autofree char *number = data->rma_number != NULL ? retour_rma_number_display (data->rma_number) : NULL;
  g_autofree char *items = items_text (w, data);
  g_autofree char *until = format_gdate (w, &data->guarantee_until);
  g_autofree char *repaired = format_gdate (w, &data->guarantee_repaired);
  g_autofree char *issued = format_day (w, data->created_us);
  g_autofree char *choice = NULL;

  write_letterhead (w, data);
  write_addressee (w, data);

  write_text (w, retour_catalog_gettext (w->catalog, N_("Your legal guarantee: repair or replacement")),
              STYLE_TITLE, 0, 8);
  write_field (w, dpgettext (w->catalog, "label", "Order"), order);
  if (number != NULL)
    write_field (w, retour_catalog_gettext (w->catalog, N_("Return number")), number);
  write_field (w, retour_catalog_gettext (w->catalog, N_("The goods concerned")), items);
  w->y += 4;

  write_text (w, retour_catalog_gettext (w->catalog,
                                         N_("You have told us that these goods are not in conformity with "
                                            "the contract. Under the legal guarantee you may choose whether "
                                            "we repair them or replace them, free of charge, within a "
                                            "reasonable time and without significant inconvenience to you, "
                                            "unless the remedy you choose is impossible or would cost us "
                                            "disproportionately more than the other.")),
              STYLE_BODY, 0, 8);
  write_text (w, retour_catalog_gettext (w->catalog,
                                         N_("If you choose repair, the legal guarantee of the repaired goods "
                                            "is extended once by 12 months.")),
              STYLE_HEADING, 0, 8);
  if (until != NULL && repaired != NULL)
    {
      /* Translators: both %s are dates. */
      g_autofree char *text = g_strdup_printf (retour_catalog_gettext (w->catalog,
                                                                       N_("Your legal guarantee runs until %s; "
                                                                          "after a repair it runs until %s.")),
                                               until, repaired);

      write_text (w, text, STYLE_BODY, 0, 8);
    }
  else if (until != NULL)
    {
      /* Translators: %s is a date. */
      g_autofree char *text = g_strdup_printf (retour_catalog_gettext (w->catalog,
                                                                       N_("Your legal guarantee runs until %s.")),
                                               until);

      write_text (w, text, STYLE_BODY, 0, 8);
    }
  write_text (w, retour_catalog_gettext (w->catalog,
                                         N_("We give you refurbished goods as a replacement only if you ask "
                                            "for them. If neither repair nor replacement is possible or puts "
                                            "the goods in conformity, you may ask for a price reduction or "
                                            "end the contract.")),
              STYLE_BODY, 0, 14);

  write_text (w, retour_catalog_gettext (w->catalog, N_("Please tell us your choice:")), STYLE_HEADING, 0, 6);
  /* Translators: the two remedies the customer ticks one of. */
  choice = g_strdup_printf ("☐  %s\n☐  %s",
                            dpgettext (w->catalog, "remedy", "Repair"),
                            dpgettext (w->catalog, "remedy", "Replacement"));
  write_text (w, choice, STYLE_VALUE, 8, 18);

  if (issued != NULL)
    {
      g_autofree char *text = g_strdup_printf (retour_catalog_gettext (w->catalog, N_("Issued on %s")), issued);

      write_text (w, text, STYLE_SMALL, 0, 0);
    }
}

/* PDF ----------------------------------------------------------------------- */

typedef void (*WriteFunc) (Writer                      *w,
                           const RetourLawDocumentData *data);

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *bytes,
                 unsigned int         length)
{
  g_byte_array_append (closure, bytes, length);

  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_pdf (const RetourLawDocumentData  *data,
            const char                   *title,
            WriteFunc                     write,
            GError                      **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *created_text = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_to_array, array, PAGE_WIDTH, PAGE_HEIGHT);

  /* A fixed date, as on the labels: the same data, the same bytes. */
  created = g_date_time_new_from_unix_utc (MAX (data->created_us, 0) / G_USEC_PER_SEC);
  created_text = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, created_text);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Retour");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);

  cr = cairo_create (surface);
  {
    g_auto(Writer) w = { 0 };

    writer_init (&w, cr, data, TRUE);
    paint_white (cr);
    write (&w, data);
  }
  cairo_show_page (cr);
  cairo_destroy (cr);
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

GBytes *
retour_withdrawal_form_render_pdf (const RetourLawDocumentData  *data,
                                   GError                      **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  code = retour_catalog_language_code (data->language);

  return render_pdf (data, find_model_form (code)->title, write_withdrawal_form, error);
}

GBytes *
retour_withdrawal_acknowledgement_render_pdf (const RetourLawDocumentData  *data,
                                              GError                      **error)
{
  g_return_val_if_fail (data != NULL, NULL);

  if (data->declared_us <= 0)
    {
      g_set_error_literal (error, RETOUR_LABEL_ERROR, RETOUR_LABEL_ERROR_DOCUMENT,
                           _("This return has no notice of withdrawal recorded."));
      return NULL;
    }

  return render_pdf (data, retour_catalog_gettext (retour_catalog_get (data->language),
                                                   N_("Acknowledgement of receipt of your withdrawal")),
                     write_acknowledgement, error);
}

GBytes *
retour_repair_notice_render_pdf (const RetourLawDocumentData  *data,
                                 GError                      **error)
{
  g_return_val_if_fail (data != NULL, NULL);

  return render_pdf (data, retour_catalog_gettext (retour_catalog_get (data->language),
                                                   N_("Your legal guarantee: repair or replacement")),
                     write_repair_notice, error);
}
