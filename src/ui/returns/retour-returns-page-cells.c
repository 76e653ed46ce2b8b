/* retour-returns-page-cells.c — the returns list's columns: each row's
 * cells, kept and filled again in place, and how wide each column is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "retour-law-text.h"
#include "retour-list-cell.h"
#include "retour-returns-page-private.h"
#include "retour-rma-item.h"
#include "retour-status-tag.h"
#include "retour-text.h"

/* Cells -------------------------------------------------------------------- */

/* A cell shows one column of its row's item, and shows it again when the
 * model updates the item in place ("changed"): the row widgets stay, and
 * only the text of the cells of the rows that changed is set again. */
typedef void (*CellShow) (RetourReturnsPage *self,
                          GtkWidget         *child,
                          RetourRmaItem     *item);

typedef struct
{
  RetourReturnsPage *self;
  GtkListItem       *list_item;
  CellShow           show;
  RetourRmaItem     *item;      /* while bound; the list item holds it */
} CellBinding;

static GQuark
cell_binding_quark (void)
{
  return g_quark_from_static_string ("retour-returns-cell");
}

static void
setup_cell (RetourReturnsPage *self,
            GtkListItem       *list_item,
            GtkWidget         *child)
{
  CellBinding *binding = g_new0 (CellBinding, 1);

  binding->self = self;
  binding->list_item = list_item;
  g_object_set_qdata_full (G_OBJECT (list_item), cell_binding_quark (), binding, g_free);

  /* One line, in the middle of the row: an inscription with room to
   * spare draws ellipsized text at its top, the rest in its middle. */
  gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, child);
}

static void
item_changed_cb (RetourRmaItem *item,
                 CellBinding   *binding)
{
  binding->show (binding->self, gtk_list_item_get_child (binding->list_item), item);
}

static void
bind_cell (GtkListItem *list_item,
           CellShow     show)
{
  CellBinding *binding = g_object_get_qdata (G_OBJECT (list_item), cell_binding_quark ());
  RetourRmaItem *item = RETOUR_RMA_ITEM (gtk_list_item_get_item (list_item));

  binding->show = show;
  binding->item = item;
  g_signal_connect (item, "changed", G_CALLBACK (item_changed_cb), binding);
  show (binding->self, gtk_list_item_get_child (list_item), item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           RetourReturnsPage        *self)
{
  CellBinding *binding = g_object_get_qdata (G_OBJECT (list_item), cell_binding_quark ());

  if (binding->item != NULL)
    g_signal_handlers_disconnect_by_func (binding->item, item_changed_cb, binding);
  binding->item = NULL;
}

/* A one-line cell @chars characters wide. Its size is the page's to say:
 * an inscription that works it out asks its font for its metrics, which
 * lays out a sample text, for each of the eight cells of every new row. */
static GtkWidget *
new_inscription (RetourReturnsPage *self,
                 float              xalign,
                 guint              chars)
{
  GtkWidget *inscription = retour_list_cell_new_inscription (xalign, 0);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 0);
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (inscription), 0);
  gtk_widget_set_size_request (inscription,
                               PANGO_PIXELS_CEIL (chars * self->char_width),
                               PANGO_PIXELS_CEIL (self->line_height));

  return inscription;
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RetourReturnsPage        *self)
{
  GtkWidget *inscription = new_inscription (self, 0.0, NUMBER_CHARS);

  gtk_widget_add_css_class (inscription, "rma-number");
  setup_cell (self, list_item, inscription);
}

static void
setup_customer_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   RetourReturnsPage        *self)
{
  setup_cell (self, list_item, new_inscription (self, 0.0, CUSTOMER_CHARS));
}

static void
setup_order_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RetourReturnsPage        *self)
{
  setup_cell (self, list_item, new_inscription (self, 0.0, ORDER_CHARS));
}

static void
setup_created_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  RetourReturnsPage        *self)
{
  GtkWidget *inscription = new_inscription (self, 0.0, self->created_chars);

  gtk_widget_add_css_class (inscription, "numeric");
  setup_cell (self, list_item, inscription);
}

static void
setup_numeric (RetourReturnsPage *self,
               GtkListItem       *list_item,
               guint              chars)
{
  GtkWidget *inscription = new_inscription (self, 1.0, chars);

  gtk_widget_add_css_class (inscription, "numeric");
  setup_cell (self, list_item, inscription);
}

static void
setup_items_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RetourReturnsPage        *self)
{
  setup_numeric (self, list_item, ITEMS_CHARS);
}

static void
setup_refund_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RetourReturnsPage        *self)
{
  setup_numeric (self, list_item, self->refund_chars);
}

static void
setup_age_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RetourReturnsPage        *self)
{
  setup_numeric (self, list_item, self->age_chars);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RetourReturnsPage        *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "status-tag");
  /* As wide as the widest status: the column keeps its width whatever
   * the rows on screen are. */
  gtk_widget_set_size_request (label, self->tag_width > 0 ? self->tag_width : -1, -1);
  setup_cell (self, list_item, label);
}

static void
setup_action_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RetourReturnsPage        *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "status-tag");
  gtk_widget_set_size_request (label, self->action_width > 0 ? self->action_width : -1, -1);
  setup_cell (self, list_item, label);
}

static void
show_number (RetourReturnsPage *self,
             GtkWidget         *child,
             RetourRmaItem     *item)
{
  g_autofree char *number = retour_rma_item_dup_number (item);

  gtk_inscription_set_text (GTK_INSCRIPTION (child), number);
}

static void
show_status (RetourReturnsPage *self,
             GtkWidget         *child,
             RetourRmaItem     *item)
{
  retour_status_tag_set_status (GTK_LABEL (child), retour_rma_item_get_summary (item)->status);
}

static void
show_action (RetourReturnsPage *self,
             GtkWidget         *child,
             RetourRmaItem     *item)
{
  RetourAction action = retour_rma_item_get_action (item);
  g_autofree char *tooltip = NULL;

  retour_status_tag_set_action (GTK_LABEL (child), action);
  if (action == RETOUR_ACTION_LEGAL_REFUND_SOON || action == RETOUR_ACTION_LEGAL_REFUND_LATE)
    tooltip = retour_law_text_refund_due (retour_rma_item_get_summary (item)->refund_due_us,
                                          retour_rma_item_get_summary (item)->country,
                                          retour_context_now (self->context));
  gtk_widget_set_tooltip_text (child, tooltip);
}

static void
show_customer (RetourReturnsPage *self,
               GtkWidget         *child,
               RetourRmaItem     *item)
{
  const char *name = retour_rma_item_get_summary (item)->customer_name;
  g_autofree char *shown = retour_text_for_display (name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  /* A name of only spaces (or none at all) would be a blank cell that
   * reads as a missing row. */
  if (shown == NULL || *shown == '\0')
    {
      /* Translators: in the list, for a return whose customer has no name. */
      gtk_inscription_set_text (GTK_INSCRIPTION (child), C_("customer", "No name"));
      gtk_widget_add_css_class (child, "dim-label");
    }
  else
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (child), shown);
      gtk_widget_remove_css_class (child, "dim-label");
    }
}

static void
show_order (RetourReturnsPage *self,
            GtkWidget         *child,
            RetourRmaItem     *item)
{
  retour_list_cell_set_text (child, retour_rma_item_get_summary (item)->order_number);
}

/* The calendar day of @us in @tz, as a count of days. */
static gint64
local_day (GTimeZone *tz,
           gint64     us)
{
  gint64 seconds = us / G_USEC_PER_SEC;
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, seconds);
  gint64 local = seconds + (interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0);

  /* Rounded down, also before 1970. */
  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

static void
show_created (RetourReturnsPage *self,
              GtkWidget         *child,
              RetourRmaItem     *item)
{
  const RetourRmaSummary *summary = retour_rma_item_get_summary (item);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (summary->created_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  /* The shop's time zone from the context: looking up the local one
   * reads /etc/localtime each time, and this runs for every row that
   * scrolls into view. */
  if (utc != NULL)
    local = g_date_time_to_timezone (utc, retour_context_get_time_zone (self->context));
  if (local != NULL)
    text = g_date_time_format (local, "%x");

  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
}

static void
show_items (RetourReturnsPage *self,
            GtkWidget         *child,
            RetourRmaItem     *item)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", retour_rma_item_get_summary (item)->units);
  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
}

static void
show_refund (RetourReturnsPage *self,
             GtkWidget         *child,
             RetourRmaItem     *item)
{
  RetourMoney refund = retour_rma_item_get_summary (item)->refund;
  g_autofree char *text = NULL;

  /* Nothing due (yet): a dash reads faster than a column of zeros. */
  if (retour_money_is_zero (refund))
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (child), "—");
      return;
    }

  text = retour_money_format (refund);
  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
}

/* How long ago, in calendar days in the shop's time zone: a return made
 * last night is "1 day" old this morning, not "Today". */
static char *
format_age (gint64 days)
{
  if (days <= 0)
    return g_strdup (C_("age", "Today"));

  /* Translators: how long ago a return was made. */
  return g_strdup_printf (ngettext ("%lld day", "%lld days", (gulong) days), (long long) days);
}

static void
show_age (RetourReturnsPage *self,
          GtkWidget         *child,
          RetourRmaItem     *item)
{
  GTimeZone *tz = retour_context_get_time_zone (self->context);
  gint64 days = local_day (tz, retour_rma_list_model_get_now (self->model)) -
                local_day (tz, retour_rma_item_get_summary (item)->created_us);
  g_autofree char *text = format_age (days);

  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
}

#define DEFINE_BIND(column)                                          \
  static void                                                        \
  bind_##column##_cb (GtkSignalListItemFactory *factory,             \
                      GtkListItem              *list_item,           \
                      RetourReturnsPage        *self)                \
  {                                                                  \
    bind_cell (list_item, show_##column);                            \
  }

DEFINE_BIND (number)
DEFINE_BIND (status)
DEFINE_BIND (action)
DEFINE_BIND (customer)
DEFINE_BIND (order)
DEFINE_BIND (created)
DEFINE_BIND (items)
DEFINE_BIND (refund)
DEFINE_BIND (age)

/* Column widths ----------------------------------------------------------- */

/* The number of characters the longest of @texts has. */
static guint
longest (GPtrArray *texts)
{
  guint chars = 0;

  for (guint i = 0; i < texts->len; i++)
    chars = MAX (chars, (guint) g_utf8_strlen (g_ptr_array_index (texts, i), -1));

  return chars;
}

/* What the date, refund and age columns show at most, in this locale. */
void
_retour_returns_page_count_column_chars (RetourReturnsPage *self)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 28, 12, 0, 0);

  /* A date with two-digit days and months. */
  g_ptr_array_add (texts, g_date_time_format (date, "%x"));
  self->created_chars = longest (texts) + 1;

  g_ptr_array_set_size (texts, 0);
  g_ptr_array_add (texts, retour_money_format (retour_money_init (999999, "EUR")));
  self->refund_chars = longest (texts) + 1;

  g_ptr_array_set_size (texts, 0);
  g_ptr_array_add (texts, format_age (0));
  g_ptr_array_add (texts, format_age (1));
  g_ptr_array_add (texts, format_age (365));
  self->age_chars = longest (texts) + 1;
}

/* The natural width of a status tag showing the longest of @labels, as
 * the list's own CSS draws it. */
static int
measure_tags (RetourReturnsPage  *self,
              const char * const *labels,
              guint               n_labels)
{
  GtkWidget *probe = gtk_label_new (NULL);
  int width = 0;

  /* For the style: a tag inside the page, as in the list. */
  gtk_widget_add_css_class (probe, "status-tag");
  gtk_widget_set_parent (probe, GTK_WIDGET (self->column_view));
  for (guint i = 0; i < n_labels; i++)
    {
      int natural;

      if (labels[i] == NULL)
        continue;
      gtk_label_set_text (GTK_LABEL (probe), labels[i]);
      gtk_widget_measure (probe, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      width = MAX (width, natural);
    }
  gtk_widget_unparent (probe);

  return width;
}

/* The list's font: the width of a character and the height of a line,
 * as GtkInscription works them out. */
void
_retour_returns_page_measure_font (RetourReturnsPage *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->column_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

  self->char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                          pango_font_metrics_get_approximate_digit_width (metrics));
  self->line_height = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);
}

void
_retour_returns_page_measure_tag_columns (RetourReturnsPage *self)
{
  const char *statuses[RETOUR_RMA_N_STATUSES];
  const char *actions[] = {
    retour_action_get_label (RETOUR_ACTION_DECIDE),
    retour_action_get_label (RETOUR_ACTION_OVERDUE),
    retour_action_get_label (RETOUR_ACTION_INSPECT),
    retour_action_get_label (RETOUR_ACTION_RESOLVE),
    retour_action_get_label (RETOUR_ACTION_REFUND),
    retour_action_get_label (RETOUR_ACTION_LEGAL_REFUND_SOON),
    retour_action_get_label (RETOUR_ACTION_LEGAL_REFUND_LATE),
    retour_action_get_label (RETOUR_ACTION_MESSAGE),
    retour_action_get_label (RETOUR_ACTION_PARCEL),
  };

  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    statuses[i] = retour_rma_status_get_label ((RetourRmaStatus) i);

  self->tag_width = measure_tags (self, statuses, G_N_ELEMENTS (statuses));
  self->action_width = measure_tags (self, actions, G_N_ELEMENTS (actions));
}

/* The header of @column, found by its title: GTK 4.8 has no API for it. */
static GtkWidget *
find_header_label (GtkWidget           *widget,
                   GtkColumnViewColumn *column)
{
  if (GTK_IS_LABEL (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), gtk_column_view_column_get_title (column)) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* Only the header: not the rows below it. */
      if (GTK_IS_LIST_VIEW (child))
        continue;
      if ((found = find_header_label (child, column)) != NULL)
        return found;
    }

  return NULL;
}

/* Numbers are right-aligned: so are their columns' titles. */
void
_retour_returns_page_align_numeric_headers (RetourReturnsPage *self)
{
  GtkColumnViewColumn *numeric[] = { self->items_column, self->refund_column, self->age_column };

  for (guint i = 0; i < G_N_ELEMENTS (numeric); i++)
    {
      GtkWidget *label = find_header_label (GTK_WIDGET (self->column_view), numeric[i]);

      if (label == NULL)
        continue;
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
    }
}

void
_retour_returns_page_class_bind_cells (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_customer_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_order_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_items_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_refund_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_age_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_customer_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_order_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_items_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_refund_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_age_cb);
}
