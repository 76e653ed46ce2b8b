/* retour-reports-page.c — what returns cost, why things come back, and
 * who returns the most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The controls and the frame are in the template; the cards, charts and
 * lists are made anew from each report, which holds at most a few hundred
 * rows (the lists show the first RETOUR_REPORTS_ROWS).
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "retour-bar-chart.h"
#include "retour-customer-window.h"
#include "retour-database-watcher.h"
#include "retour-pdf-file.h"
#include "retour-report-document.h"
#include "retour-report-load.h"
#include "retour-reports-page.h"
#include "retour-rma-number.h"
#include "retour-search.h"
#include "retour-setting-store.h"
#include "retour-toast.h"

/* Rows shown of the products, categories and customers. */
#define RETOUR_REPORTS_ROWS 20

#define PERIOD_CUSTOM 4

struct _RetourReportsPage
{
  AdwBin                  parent_instance;

  /* Template widgets */
  GtkDropDown            *period_dropdown;
  GtkDropDown            *basis_dropdown;
  GtkDropDown            *store_dropdown;
  GtkDropDown            *category_dropdown;
  GtkDropDown            *country_dropdown;
  GtkStringList          *store_list;
  GtkStringList          *category_list;
  GtkStringList          *country_list;
  GtkWidget              *custom_box;
  GtkEntry               *from_entry;
  GtkEntry               *to_entry;
  GtkLabel               *basis_label;
  GtkStack               *state_stack;
  GtkSpinner             *spinner;
  AdwStatusPage          *error_page;
  GtkFlowBox             *figures_box;
  GtkWidget              *drill_box;
  GtkLabel               *drill_title;
  GtkListBox             *drill_list;
  GtkBox                 *sections_box;

  RetourContext          *context;
  RetourDatabase         *db;
  RetourDatabaseWatcher  *watcher;

  RetourReport           *report;
  GPtrArray              *stores;          /* RetourReportChoice*, as in store_list after "All" */
  GPtrArray              *categories;      /* char* */
  GPtrArray              *countries;       /* char* */
  gboolean                updating_choices;

  gint64                  custom_since_us; /* 0 until days of one's own are given */
  gint64                  custom_until_us;

  GtkLabel               *figure_values[RETOUR_REPORT_N_FIGURES];
  GtkWidget              *time_chart;

  GCancellable           *cancellable;
  gboolean                loading;
  gboolean                reload_pending;
  gboolean                stale;
};

G_DEFINE_FINAL_TYPE (RetourReportsPage, retour_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (RetourReportsPage *self);

/* The query --------------------------------------------------------------------- */

static const char *
selected_choice (GPtrArray   *choices,
                 GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* Position 0 is "All …". */
  if (choices == NULL || selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > choices->len)
    return NULL;

  return g_ptr_array_index (choices, selected - 1);
}

/* The query the controls say; FALSE while the custom period has no days. */
static gboolean
get_query (RetourReportsPage *self,
           RetourReportQuery *query)
{
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  guint basis = gtk_drop_down_get_selected (self->basis_dropdown);
  guint store = gtk_drop_down_get_selected (self->store_dropdown);
  GTimeZone *tz = retour_context_get_time_zone (self->context);

  memset (query, 0, sizeof *query);

  if (period == PERIOD_CUSTOM)
    {
      if (self->custom_since_us == 0)
        return FALSE;
      query->since_us = self->custom_since_us;
      query->until_us = self->custom_until_us;
    }
  else
    retour_report_period_get_range (period <= RETOUR_REPORT_PERIOD_THIS_YEAR ? period
                                                                             : RETOUR_REPORT_PERIOD_THIS_MONTH,
                                    tz, retour_context_now (self->context), &query->since_us, &query->until_us);

  query->basis = basis <= RETOUR_REPORT_BASIS_ORDERED ? basis : RETOUR_REPORT_BASIS_CREATED;
  query->interval = retour_report_interval_for_range (query->since_us, query->until_us);
  if (self->stores != NULL && store != GTK_INVALID_LIST_POSITION && store > 0 && store <= self->stores->len)
    query->store_id = ((RetourReportChoice *) g_ptr_array_index (self->stores, store - 1))->id;
  query->category = selected_choice (self->categories, self->category_dropdown);
  query->country = selected_choice (self->countries, self->country_dropdown);

  return TRUE;
}

/* Formatting ---------------------------------------------------------------------- */

static char *
format_rate (double rate)
{
  if (rate < 0)
    /* Translators: a rate that cannot be worked out (nothing was sold). */
    return g_strdup (_("—"));

  /* The locale's decimal separator: printf follows LC_NUMERIC. */
  return g_strdup_printf ("%.1f %%", rate * 100);
}

static char *
format_days (gint64 duration_us)
{
  double days = duration_us / (double) G_TIME_SPAN_DAY;

  if (duration_us < 0)
    return g_strdup (_("—"));

  /* Translators: a duration in days, with one decimal. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.1f day", "%.1f days", days == 1.0 ? 1 : 2), days);
}

static char *
format_date (RetourReportsPage *self,
             gint64             time_us,
             const char        *format)
{
  return retour_context_format_time (self->context, time_us, format);
}

typedef gint64 (*MoneyField) (const RetourReportMoney *money);

static gint64 field_refunds (const RetourReportMoney *m) { return m->refunds; }
static gint64 field_fees (const RetourReportMoney *m) { return m->restocking_fees; }
static gint64 field_written_off (const RetourReportMoney *m) { return m->written_off; }
static gint64 field_retained (const RetourReportMoney *m) { return m->retained; }
static gint64 field_shipping (const RetourReportMoney *m) { return m->shipping_charged; }

/* One amount per currency, a line each: never added across. */
static char *
format_amounts (const RetourReportFigures *figures,
                MoneyField                 field)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; figures->money != NULL && i < figures->money->len; i++)
    {
      const RetourReportMoney *money = &g_array_index (figures->money, RetourReportMoney, i);
      g_autofree char *amount = retour_money_format (retour_money_init (field (money), money->currency));

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, amount);
    }

  if (text->len == 0)
    g_string_append (text, _("—"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A rate per currency, "EUR 12.3 %" a line each; without the code when
 * there is one currency. */
static char *
format_money_rates (const RetourReportFigures *figures,
                    MoneyField                 part,
                    MoneyField                 whole)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = figures->money != NULL ? figures->money->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const RetourReportMoney *money = &g_array_index (figures->money, RetourReportMoney, i);
      g_autofree char *rate = format_rate (retour_report_rate (part (money), whole (money)));

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (n > 1)
        g_string_append_printf (text, "%s %s", money->currency, rate);
      else
        g_string_append (text, rate);
    }

  if (text->len == 0)
    g_string_append (text, _("—"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64 field_sales (const RetourReportMoney *m) { return m->sales; }
static gint64 field_returned (const RetourReportMoney *m) { return m->returned_value; }
static gint64 field_decided (const RetourReportMoney *m) { return m->decided_value; }

/* Figure cards ----------------------------------------------------------------------- */

static GtkWidget *
make_card (RetourReportsPage  *self,
           RetourReportFigure  figure,
           const char         *value,
           const char         *caption)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (retour_report_figure_title (figure));
  GtkWidget *info = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *definition = gtk_label_new (retour_report_figure_definition (figure));
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *info_name = g_strdup_printf (_("What “%s” means"), retour_report_figure_title (figure));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "summary-card");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);

  /* The definition, one click away. */
  gtk_label_set_wrap (GTK_LABEL (definition), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (definition), 40);
  gtk_label_set_xalign (GTK_LABEL (definition), 0);
  gtk_widget_set_margin_top (definition, 6);
  gtk_widget_set_margin_bottom (definition, 6);
  gtk_widget_set_margin_start (definition, 6);
  gtk_widget_set_margin_end (definition, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), definition);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (info), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (info), "help-about-symbolic");
  gtk_widget_add_css_class (info, "flat");
  gtk_widget_set_valign (info, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (info, info_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (info), GTK_ACCESSIBLE_PROPERTY_LABEL, info_name, -1);
  gtk_box_append (GTK_BOX (header), info);
  gtk_box_append (GTK_BOX (card), header);

  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "summary-value");
  gtk_box_append (GTK_BOX (card), value_label);
  self->figure_values[figure] = GTK_LABEL (value_label);

  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_box_append (GTK_BOX (card), caption_label);

  gtk_flow_box_append (self->figures_box, card);

  return card;
}

static void
show_figures (RetourReportsPage *self)
{
  const RetourReportFigures *now = &self->report->current;
  const RetourReportFigures *before = &self->report->previous;
  gint64 reasoned = now->controllable_units + now->uncontrollable_units;
  gint64 reasoned_before = before->controllable_units + before->uncontrollable_units;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))) != NULL)
    gtk_flow_box_remove (self->figures_box, child);
  memset (self->figure_values, 0, sizeof self->figure_values);

  {
    g_autofree char *value = format_rate (retour_report_rate (now->orders_returned, now->orders));
    g_autofree char *was = format_rate (retour_report_rate (before->orders_returned, before->orders));
    /* Translators: counts of orders, then the figure of the period before. */
    g_autofree char *caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%'llu returned of %'llu order · before: %s",
                                                             "%'llu returned of %'llu orders · before: %s",
                                                             now->orders),
                                                (unsigned long long) now->orders_returned,
                                                (unsigned long long) now->orders, was);

    make_card (self, RETOUR_REPORT_FIGURE_ORDER_RETURN_RATE, value, caption);
  }
  {
    g_autofree char *value = format_rate (retour_report_rate (now->units_returned, now->units_sold));
    g_autofree char *was = format_rate (retour_report_rate (before->units_returned, before->units_sold));
    /* Translators: counts of items, then the figure of the period before. */
    g_autofree char *caption = g_strdup_printf (_("%'lld returned of %'lld sold · before: %s"),
                                                (long long) now->units_returned, (long long) now->units_sold, was);

    make_card (self, RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE, value, caption);
  }
  {
    g_autofree char *value = format_money_rates (now, field_returned, field_sales);
    g_autofree char *was = format_money_rates (before, field_returned, field_sales);
    g_autofree char *caption = g_strdup_printf (_("Before: %s"), was);

    make_card (self, RETOUR_REPORT_FIGURE_REVENUE_RETURN_RATE, value, caption);
  }
  {
    g_autofree char *value = format_amounts (now, field_refunds);
    g_autofree char *rates = format_money_rates (now, field_refunds, field_sales);
    g_autofree char *was = format_amounts (before, field_refunds);
    /* Translators: a share of the sales, then the amount of the period before. */
    g_autofree char *caption = g_strdup_printf (_("%s of sales · before: %s"), rates, was);

    make_card (self, RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES, value, caption);
  }
  {
    g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'llu label", "%'llu labels",
                                                           now->labels),
                                              (unsigned long long) now->labels);
    g_autofree char *charged = format_amounts (now, field_shipping);
    /* Translators: %s is an amount of money (or one per currency). */
    g_autofree char *caption = g_strdup_printf (_("Deducted from refunds: %s. What carriers charge is not known "
                                                  "yet."),
                                                charged);

    make_card (self, RETOUR_REPORT_FIGURE_RETURN_SHIPPING, value, caption);
  }
  {
    g_autofree char *value = format_amounts (now, field_fees);
    g_autofree char *was = format_amounts (before, field_fees);
    g_autofree char *caption = g_strdup_printf (_("Before: %s"), was);

    make_card (self, RETOUR_REPORT_FIGURE_RESTOCKING_FEES, value, caption);
  }
  {
    g_autofree char *value = format_amounts (now, field_written_off);
    g_autofree char *was = format_amounts (before, field_written_off);
    g_autofree char *caption = g_strdup_printf (_("Before: %s"), was);

    make_card (self, RETOUR_REPORT_FIGURE_WRITTEN_OFF, value, caption);
  }
  {
    g_autofree char *value = format_amounts (now, field_retained);
    g_autofree char *share = format_money_rates (now, field_retained, field_decided);
    /* Translators: %s is a share (or one per currency). */
    g_autofree char *caption = g_strdup_printf (_("%s of the value of decided returns"), share);

    make_card (self, RETOUR_REPORT_FIGURE_RETAINED_REVENUE, value, caption);
  }
  {
    g_autofree char *value = format_days (now->refund_median_us);
    g_autofree char *p90 = format_days (now->refund_p90_us);
    g_autofree char *was = format_days (before->refund_median_us);
    /* Translators: a duration, then the figure of the period before. */
    g_autofree char *caption = g_strdup_printf (_("9 in 10 within %s · before: %s"), p90, was);

    make_card (self, RETOUR_REPORT_FIGURE_TIME_TO_REFUND, value, caption);
  }
  {
    g_autofree char *value = format_rate (retour_report_rate (now->statutory_in_time, now->statutory_returns));
    g_autofree char *was = format_rate (retour_report_rate (before->statutory_in_time, before->statutory_returns));
    /* Translators: counts of withdrawals, then the figure of the period before. */
    g_autofree char *caption = g_strdup_printf (_("%'llu of %'llu withdrawals · before: %s"),
                                                (unsigned long long) now->statutory_in_time,
                                                (unsigned long long) now->statutory_returns, was);

    make_card (self, RETOUR_REPORT_FIGURE_STATUTORY_IN_TIME, value, caption);
  }
  {
    g_autofree char *value = format_rate (retour_report_rate (now->controllable_units, reasoned));
    g_autofree char *was = format_rate (retour_report_rate (before->controllable_units, reasoned_before));
    /* Translators: counts of items, then the figure of the period before. */
    g_autofree char *caption = g_strdup_printf (_("%'lld of %'lld items · before: %s"),
                                                (long long) now->controllable_units, (long long) reasoned, was);

    make_card (self, RETOUR_REPORT_FIGURE_CONTROLLABLE, value, caption);
  }
}

/* Lists ---------------------------------------------------------------------------- */

typedef struct
{
  RetourReportDrill  drill;
  char              *category;   /* the drill's, owned */
  char              *title;      /* what the list of returns is called */
} DrillData;

static void
drill_data_free (gpointer data)
{
  DrillData *drill = data;

  g_free (drill->category);
  g_free (drill->title);
  g_free (drill);
}

static DrillData *
drill_data_new (gint64      since_us,
                gint64      until_us,
                gint64      reason_id,
                gint64      product_id,
                const char *category,
                char       *title)   /* taken */
{
  DrillData *drill = g_new0 (DrillData, 1);

  drill->drill.since_us = since_us;
  drill->drill.until_us = until_us;
  drill->drill.reason_id = reason_id;
  drill->drill.product_id = product_id;
  drill->category = g_strdup (category);
  drill->drill.category = drill->category;
  drill->title = title;

  return drill;
}

static void
show_drill (RetourReportsPage *self,
            const DrillData   *drill,
            GtkWidget         *source)
{
  g_autoptr(GPtrArray) rmas = NULL;
  g_autoptr(GError) error = NULL;
  RetourReportQuery query;
  GtkWidget *child;
  GtkWidget *section = source;

  if (self->db == NULL || !get_query (self, &query))
    return;

  /* Under the section of what was clicked. */
  while (section != NULL && gtk_widget_get_parent (section) != GTK_WIDGET (self->sections_box))
    section = gtk_widget_get_parent (section);
  if (section != NULL && section != self->drill_box)
    gtk_box_reorder_child_after (self->sections_box, self->drill_box, section);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->drill_list))) != NULL)
    gtk_list_box_remove (self->drill_list, child);

  rmas = retour_report_store_list_returns (self->db, &query, &drill->drill, &error);
  if (rmas == NULL)
    {
      gtk_label_set_text (self->drill_title, error->message);
      gtk_widget_set_visible (self->drill_box, TRUE);
      return;
    }

  {
    /* Translators: what was clicked, then how many returns it holds. */
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u return", "%s: %u returns",
                                                           rmas->len),
                                              drill->title, rmas->len);

    gtk_label_set_text (self->drill_title, title);
  }

  for (guint i = 0; i < rmas->len; i++)
    {
      const RetourRmaSummary *rma = g_ptr_array_index (rmas, i);
      g_autofree char *number = rma->number != NULL ? retour_rma_number_display (rma->number)
                                                    : g_strdup (_("Not authorized yet"));
      g_autofree char *created = format_date (self, rma->created_us, "%x");
      g_autofree char *title = g_strdup_printf ("%s · %s", number, rma->customer_name != NULL ? rma->customer_name : "");
      /* Translators: a date, a count of items and a status. */
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u item · %s",
                                                                "%s · %u items · %s", rma->units),
                                                   created, rma->units, retour_rma_status_get_label (rma->status));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "rma-id", g_memdup2 (&rma->id, sizeof rma->id), g_free);
      gtk_list_box_append (self->drill_list, row);
    }

  gtk_widget_set_visible (self->drill_box, TRUE);
  if (rmas->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->drill_list, 0)));
}

static void
row_activated_cb (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  RetourReportsPage *self)
{
  const DrillData *drill = g_object_get_data (G_OBJECT (row), "drill");
  gint64 customer_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "customer-id"));

  if (drill != NULL)
    show_drill (self, drill, GTK_WIDGET (list));
  else if (customer_id > 0 && self->context != NULL)
    {
      RetourCustomerWindow *window = retour_customer_window_new (self->context,
                                                                 GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                                 customer_id);

      gtk_window_present (GTK_WINDOW (window));
    }
}

/* An activatable row (when @drill is given) with a title, a subtitle and
 * a value at its end. */
static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *value,
         DrillData  *drill)   /* taken */
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value_label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_label_set_justify (GTK_LABEL (value_label), GTK_JUSTIFY_RIGHT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
  if (drill != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "drill", drill, drill_data_free);
    }
  gtk_list_box_append (list, row);

  return row;
}

static GtkListBox *
new_list (RetourReportsPage *self)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (row_activated_cb), self);

  return GTK_LIST_BOX (list);
}

/* A heading and what it is about, and below it @content. */
static void
add_section (RetourReportsPage *self,
             const char        *heading,
             const char        *about,
             GtkWidget         *header_end,
             GtkWidget         *content)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (heading);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (header), label);
  if (header_end != NULL)
    gtk_box_append (GTK_BOX (header), header_end);
  gtk_box_append (GTK_BOX (box), header);

  if (about != NULL)
    {
      GtkWidget *about_label = gtk_label_new (about);

      gtk_label_set_xalign (GTK_LABEL (about_label), 0);
      gtk_label_set_wrap (GTK_LABEL (about_label), TRUE);
      gtk_widget_add_css_class (about_label, "dim-label");
      gtk_box_append (GTK_BOX (box), about_label);
    }

  gtk_box_append (GTK_BOX (box), content);
  gtk_box_append (self->sections_box, box);
}

static void
table_toggled_cb (GtkToggleButton *button,
                  GtkStack        *stack)
{
  gtk_stack_set_visible_child_name (stack, gtk_toggle_button_get_active (button) ? "table" : "chart");
}

typedef struct
{
  RetourReportsPage *self;
  GPtrArray         *drills;   /* DrillData*, one per bar */
} ChartDrills;

static void
chart_drills_free (gpointer data)
{
  ChartDrills *drills = data;

  g_ptr_array_unref (drills->drills);
  g_free (drills);
}

static void
chart_drills_notify (gpointer  data,
                     GClosure *closure)
{
  chart_drills_free (data);
}

static void
bar_activated_cb (RetourBarChart *chart,
                  guint           index,
                  ChartDrills    *drills)
{
  if (index < drills->drills->len)
    show_drill (drills->self, g_ptr_array_index (drills->drills, index), GTK_WIDGET (chart));
}

/* A chart, and a table of the same numbers behind a toggle: the rows of
 * the table drill down as the bars do. */
static GtkWidget *
add_chart_section (RetourReportsPage  *self,
                   const char         *heading,
                   const char         *about,
                   gboolean            horizontal,
                   guint               n_bars,
                   const char * const *labels,
                   const gint64       *values,
                   GPtrArray          *drills)   /* DrillData*, taken */
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *chart = retour_bar_chart_new ();
  GtkWidget *toggle = gtk_toggle_button_new_with_mnemonic (_("_Table"));
  GtkListBox *table = new_list (self);
  ChartDrills *chart_drills = g_new0 (ChartDrills, 1);
  g_autofree char *description = g_strdup_printf (_("%s, as a bar chart; the table beside it has the same numbers"),
                                                  heading);

  retour_bar_chart_set_horizontal (RETOUR_BAR_CHART (chart), horizontal);
  retour_bar_chart_set_bars (RETOUR_BAR_CHART (chart), n_bars, labels, values);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);

  for (guint i = 0; i < n_bars; i++)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, values[i]);
      const DrillData *drill = g_ptr_array_index (drills, i);

      add_row (table, labels[i], NULL, count,
               drill_data_new (drill->drill.since_us, drill->drill.until_us, drill->drill.reason_id,
                               drill->drill.product_id, drill->category, g_strdup (drill->title)));
    }

  chart_drills->self = self;
  chart_drills->drills = drills;
  g_signal_connect_data (chart, "bar-activated", G_CALLBACK (bar_activated_cb), chart_drills,
                         chart_drills_notify, 0);

  gtk_stack_add_named (GTK_STACK (stack), chart, "chart");
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (table), "table");
  gtk_widget_set_tooltip_text (toggle, _("Show the numbers as a table"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_signal_connect (toggle, "toggled", G_CALLBACK (table_toggled_cb), stack);

  add_section (self, heading, about, toggle, stack);

  return chart;
}

static char *
interval_label (RetourReportsPage *self,
                gint64             start_us)
{
  /* Short, to fit under a column: "Nov" or "2 Nov". */
  return format_date (self, start_us, self->report->interval == RETOUR_REPORT_INTERVAL_MONTH ? "%b" : "%e %b");
}

static void
show_time_chart (RetourReportsPage *self)
{
  const RetourReportSeries *series = &self->report->series;
  guint n = series->starts->len;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *values = g_new0 (gint64, MAX (n, 1));
  GPtrArray *drills = g_ptr_array_new_with_free_func (drill_data_free);

  for (guint i = 0; i < n; i++)
    {
      gint64 start_us = g_array_index (series->starts, gint64, i);
      gint64 end_us = i + 1 < n ? g_array_index (series->starts, gint64, i + 1) : self->report->current.until_us;
      g_autofree char *from = format_date (self, MAX (start_us, self->report->current.since_us), "%x");
      char *title;

      for (guint j = 0; j < series->reasons->len; j++)
        values[i] += series->units[i * series->reasons->len + j];
      g_ptr_array_add (labels, interval_label (self, start_us));

      /* Translators: %s is the first day of a week or month. */
      title = g_strdup_printf (self->report->interval == RETOUR_REPORT_INTERVAL_MONTH ? _("The month from %s")
                                                                                     : _("The week from %s"),
                               from);
      g_ptr_array_add (drills, drill_data_new (MAX (start_us, self->report->current.since_us),
                                               MIN (end_us, self->report->current.until_us), -1, 0, NULL, title));
    }
  g_ptr_array_add (labels, NULL);

  self->time_chart = add_chart_section (self, _("Items Returned Over Time"),
                                        retour_report_basis_describe (self->report->basis), FALSE, n,
                                        (const char * const *) labels->pdata, values, drills);
}

static void
show_reason_chart (RetourReportsPage *self)
{
  const RetourReportSeries *series = &self->report->series;
  guint n = series->reasons->len;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree gint64 *values = g_new0 (gint64, MAX (n, 1));
  GPtrArray *drills = g_ptr_array_new_with_free_func (drill_data_free);

  for (guint j = 0; j < n; j++)
    {
      const RetourReportReason *reason = g_ptr_array_index (series->reasons, j);

      g_ptr_array_add (labels, reason->label);
      values[j] = reason->units;
      g_ptr_array_add (drills, drill_data_new (0, 0, reason->reason_id, 0, NULL, g_strdup (reason->label)));
    }
  g_ptr_array_add (labels, NULL);

  add_chart_section (self, _("Why Things Come Back"), _("Items returned for each reason"), TRUE, n,
                     (const char * const *) labels->pdata, values, drills);
}

static char *
row_subtitle (const RetourReportRow *row)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *rate = format_rate (retour_report_rate (row->returned, row->sold));
  g_autofree char *value = retour_money_format (retour_money_init (row->returned_value, row->currency));

  /* Translators: counts of items, a rate and an amount of money. */
  g_string_printf (text, _("%'lld of %'lld sold returned (%s), worth %s"),
                   (long long) row->returned, (long long) row->sold, rate, value);
  for (guint i = 0; i < row->n_top_reasons; i++)
    g_string_append_printf (text, i == 0 ? "\n%s (%'" G_GINT64_FORMAT ")" : ", %s (%'" G_GINT64_FORMAT ")",
                            row->top_reasons[i].label, row->top_reasons[i].units);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
row_title (const RetourReportRow *row)
{
  if (row->product_id > 0)
    return row->sku != NULL ? g_strdup_printf ("%s · %s", row->title, row->sku) : g_strdup (row->title);

  return g_strdup (row->title[0] != '\0' ? row->title : _("No category"));
}

static void
show_rows (RetourReportsPage *self,
           const char        *heading,
           const char        *about,
           GPtrArray         *rows,
           gboolean           clusters_only)
{
  GtkListBox *list = new_list (self);
  guint shown = 0;

  for (guint i = 0; i < rows->len && shown < RETOUR_REPORTS_ROWS; i++)
    {
      const RetourReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *title = row_title (row);
      g_autofree char *subtitle = row_subtitle (row);
      g_autofree char *returned = g_strdup_printf ("%'" G_GINT64_FORMAT, row->returned);

      if ((clusters_only && !row->cluster) || row->returned == 0)
        continue;

      add_row (list, title, subtitle, returned,
               drill_data_new (0, 0, -1, row->product_id, row->product_id > 0 ? NULL : row->category,
                               g_strdup (title)));
      shown++;
    }

  if (shown == 0)
    {
      if (clusters_only)
        return;
      add_row (list, _("Nothing was returned"), NULL, "", NULL);
    }

  add_section (self, heading, about, NULL, GTK_WIDGET (list));
}

static const char *
tier_label (RetourReportTier tier)
{
  switch (tier)
    {
    case RETOUR_REPORT_TIER_CRITICAL:
      return _("Critical");
    case RETOUR_REPORT_TIER_HIGH:
      return _("High");
    case RETOUR_REPORT_TIER_ELEVATED:
      return _("Elevated");
    case RETOUR_REPORT_TIER_NONE:
    default:
      return "";
    }
}

static void
show_customers (RetourReportsPage *self)
{
  GtkListBox *list = new_list (self);
  GPtrArray *customers = self->report->customers;
  guint shown = 0;

  for (guint i = 0; i < customers->len && shown < RETOUR_REPORTS_ROWS; i++)
    {
      const RetourReportCustomer *customer = g_ptr_array_index (customers, i);
      g_autofree char *rate = format_rate (retour_report_rate (customer->units_returned, customer->units_bought));
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *value = customer->serial ? g_strdup_printf ("%s\n%s", rate, tier_label (customer->tier))
                                                : g_strdup (rate);
      GtkWidget *row;

      /* Translators: lifetime counts of a customer. */
      g_string_printf (subtitle, _("%'llu orders, %'llu returns, %'lld of %'lld items returned"),
                       (unsigned long long) customer->orders, (unsigned long long) customer->returns,
                       (long long) customer->units_returned, (long long) customer->units_bought);
      for (guint j = 0; j < customer->refunded->len; j++)
        {
          const RetourReportMoney *money = &g_array_index (customer->refunded, RetourReportMoney, j);
          g_autofree char *amount = retour_money_format (retour_money_init (money->refunds, money->currency));

          g_string_append_printf (subtitle, j == 0 ? "\n%s" : ", %s", amount);
        }
      if (customer->refunded->len > 0)
        /* Translators: follows the amounts refunded to a customer. */
        g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, " in %'llu refund", " in %'llu refunds",
                                                       customer->refunds),
                                (unsigned long long) customer->refunds);

      row = add_row (list, customer->name, subtitle->str, value, NULL);
      /* Their page: orders, returns, refunds. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "customer-id", GSIZE_TO_POINTER (customer->customer_id));
      shown++;
    }

  if (shown == 0)
    add_row (list, _("Nobody returned anything"), NULL, "", NULL);

  add_section (self, _("Customers Who Return the Most"),
               _("Their return rate over all they ever bought, highest first; from 25 % with at least two returns "
                 "a serial returner. For staff only: a statutory withdrawal cannot be refused because of a high "
                 "return rate."),
               NULL, GTK_WIDGET (list));
}

static void
show_basis (RetourReportsPage *self)
{
  const RetourReportFigures *now = &self->report->current;
  g_autofree char *from = format_date (self, now->since_us, "%x");
  g_autofree char *to = format_date (self, now->until_us - 1, "%x");
  g_autofree char *before_from = format_date (self, self->report->previous.since_us, "%x");
  g_autofree char *before_to = format_date (self, self->report->previous.until_us - 1, "%x");
  /* Translators: two dates, the date basis, and two dates more. */
  g_autofree char *text = g_strdup_printf (_("%s to %s. %s. Compared with %s to %s."), from, to,
                                           retour_report_basis_describe (self->report->basis), before_from,
                                           before_to);

  gtk_label_set_text (self->basis_label, text);
}

static void
show_report (RetourReportsPage *self)
{
  GtkWidget *child;

  child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != self->drill_box)
        gtk_box_remove (self->sections_box, child);
      child = next;
    }
  self->time_chart = NULL;
  gtk_widget_set_visible (self->drill_box, FALSE);

  show_basis (self);
  show_figures (self);
  show_time_chart (self);
  show_reason_chart (self);
  show_rows (self, _("Look at This"), retour_report_figure_definition (RETOUR_REPORT_FIGURE_REASON_CLUSTER),
             self->report->products, TRUE);
  show_rows (self, _("Products"), _("The most returned first"), self->report->products, FALSE);
  show_rows (self, _("Categories"), _("The most returned first"), self->report->categories, FALSE);
  show_customers (self);
}

/* Filters' choices -------------------------------------------------------------- */

static guint
find_text (GPtrArray  *texts,
           const char *text)
{
  for (guint i = 0; text != NULL && texts != NULL && i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return i + 1;

  return 0;
}

static void
fill_list (GtkStringList *list,
           const char    *all,
           GPtrArray     *texts)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_ptr_array_add (items, (gpointer) all);
  for (guint i = 0; i < texts->len; i++)
    g_ptr_array_add (items, g_ptr_array_index (texts, i));
  g_ptr_array_add (items, NULL);

  gtk_string_list_splice (list, 0, n, (const char * const *) items->pdata);
}

/* New choices, keeping what was chosen when it is still there. */
static void
set_choices (RetourReportsPage *self,
             GPtrArray         *stores,
             GPtrArray         *categories,
             GPtrArray         *countries)
{
  gint64 store_id = 0;
  g_autofree char *category = g_strdup (selected_choice (self->categories, self->category_dropdown));
  g_autofree char *country = g_strdup (selected_choice (self->countries, self->country_dropdown));
  guint store = gtk_drop_down_get_selected (self->store_dropdown);
  g_autoptr(GPtrArray) store_names = g_ptr_array_new ();
  guint store_position = 0;

  if (self->stores != NULL && store != GTK_INVALID_LIST_POSITION && store > 0 && store <= self->stores->len)
    store_id = ((RetourReportChoice *) g_ptr_array_index (self->stores, store - 1))->id;

  self->updating_choices = TRUE;

  g_clear_pointer (&self->stores, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);
  self->stores = stores;
  self->categories = categories;
  self->countries = countries;

  for (guint i = 0; i < stores->len; i++)
    {
      RetourReportChoice *choice = g_ptr_array_index (stores, i);

      g_ptr_array_add (store_names, choice->name);
      if (choice->id == store_id)
        store_position = i + 1;
    }
  fill_list (self->store_list, _("All Stores"), store_names);
  fill_list (self->category_list, _("All Categories"), categories);
  fill_list (self->country_list, _("All Countries"), countries);

  gtk_drop_down_set_selected (self->store_dropdown, store_position);
  gtk_drop_down_set_selected (self->category_dropdown, find_text (categories, category));
  gtk_drop_down_set_selected (self->country_dropdown, find_text (countries, country));
  /* One store has nothing to choose. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->store_dropdown)), stores->len > 1);

  self->updating_choices = FALSE;
}

/* Loading ----------------------------------------------------------------------- */

static void
set_loading (RetourReportsPage *self,
             gboolean           loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading && self->report == NULL)
    gtk_stack_set_visible_child_name (self->state_stack, "loading");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RetourReportsPage) self = user_data;
  g_autoptr(RetourReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *stores = NULL, *categories = NULL, *countries = NULL;

  if (!retour_report_load_finish (result, &report, &stores, &categories, &countries, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_loading (self, FALSE);
      if (g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.offline", NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      return;
    }

  set_loading (self, FALSE);
  g_clear_pointer (&self->report, retour_report_free);
  self->report = g_steal_pointer (&report);
  set_choices (self, stores, categories, countries);
  show_report (self);
  gtk_stack_set_visible_child_name (self->state_stack, "report");

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self);
    }
}

static void
start_load (RetourReportsPage *self)
{
  RetourReportQuery query;

  if (self->db == NULL)
    return;

  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->stale = FALSE;
  retour_database_watcher_catch_up (self->watcher);

  if (!get_query (self, &query))
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  retour_report_load_async (retour_database_get_path (self->db), &query, retour_context_get_time_zone (self->context),
                            retour_context_now (self->context), self->cancellable, load_cb, g_object_ref (self));
}

static void
database_changed_cb (RetourReportsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
}

/* Callbacks -------------------------------------------------------------------- */

static void
query_changed_cb (RetourReportsPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CUSTOM;

  if (self->updating_choices)
    return;

  gtk_widget_set_visible (self->custom_box, custom);
  if (custom && self->custom_since_us == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
      return;
    }

  start_load (self);
}

static gboolean
parse_day (GTimeZone  *tz,
           const char *text,
           int         days,
           gint64     *out_us)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  int year, month, dom;
  char end;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &dom, &end) != 3 ||
      !g_date_valid_dmy (dom, month, year))
    return FALSE;

  day = g_date_time_new (tz, year, month, dom, 0, 0, 0);
  if (day == NULL)
    return FALSE;
  shifted = g_date_time_add_days (day, days);
  g_date_time_get_ymd (shifted, &year, &month, &dom);
  midnight = g_date_time_new (tz, year, month, dom, 0, 0, 0);
  *out_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;

  return TRUE;
}

gboolean
retour_reports_page_set_custom (RetourReportsPage *self,
                                const char        *first,
                                const char        *last)
{
  GTimeZone *tz;
  gint64 since_us, until_us;

  g_return_val_if_fail (RETOUR_IS_REPORTS_PAGE (self), FALSE);

  if (self->context == NULL)
    return FALSE;

  tz = retour_context_get_time_zone (self->context);
  if (!parse_day (tz, first, 0, &since_us) || !parse_day (tz, last, 1, &until_us) || until_us <= since_us)
    return FALSE;

  self->custom_since_us = since_us;
  self->custom_until_us = until_us;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), last);

  if (gtk_drop_down_get_selected (self->period_dropdown) != PERIOD_CUSTOM)
    gtk_drop_down_set_selected (self->period_dropdown, PERIOD_CUSTOM);
  else
    start_load (self);

  return TRUE;
}

static void
custom_apply_cb (RetourReportsPage *self)
{
  const char *first = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *last = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  gboolean ok = retour_reports_page_set_custom (self, first, last);

  /* Said by the entries themselves, not by a dialog. */
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->from_entry), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
    }
}

static void
drill_close_cb (RetourReportsPage *self)
{
  gtk_widget_set_visible (self->drill_box, FALSE);
}

static void
drill_row_activated_cb (RetourReportsPage *self,
                        GtkListBoxRow     *row)
{
  gint64 rma_id = retour_reports_page_get_drill_id (row);

  if (rma_id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-rma", "x", rma_id);
}

/* Exports ---------------------------------------------------------------------- */

static AdwToastOverlay *
toast_overlay (RetourReportsPage *self)
{
  return ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
}

static void
pdf_chosen (GObject *owner,
            GFile   *file)
{
  RetourReportsPage *self = RETOUR_REPORTS_PAGE (owner);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shop_name = NULL;

  if (self->report == NULL || self->db == NULL)
    return;

  shop_name = retour_setting_store_get (self->db, RETOUR_SETTING_SHOP_NAME, "", NULL);
  pdf = retour_report_render_pdf (self->report, retour_context_get_time_zone (self->context), shop_name,
                                  retour_context_now (self->context), &error);
  if (pdf == NULL)
    {
      retour_toast_show (GTK_WIDGET (self), error->message, RETOUR_TOAST_STAYS);
      return;
    }

  if (toast_overlay (self) != NULL)
    retour_pdf_file_write (toast_overlay (self), file, pdf, _("Report saved"));
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!retour_report_export_finish (result, &error))
    {
      g_autofree char *message = retour_pdf_file_describe_error (error);

      retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_STAYS);
      return;
    }

  retour_toast_show (GTK_WIDGET (self), _("Exported"), RETOUR_TOAST_BRIEF);
}

static void
csv_response_cb (GtkNativeDialog   *chooser,
                 int                response,
                 RetourReportsPage *self)
{
  RetourReportExport what = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "retour-export"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->db != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    retour_report_export_async (retour_database_get_path (self->db), what, file,
                                retour_context_get_time_zone (self->context), NULL, export_cb,
                                g_object_ref (self));

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_csv (RetourReportsPage  *self,
            RetourReportExport  what)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (what == RETOUR_REPORT_EXPORT_RETURNS ? _("Export Returns")
                                                                               : _("Export Refunds"),
                                         parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* The file's name is for other programs as much as for people. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     what == RETOUR_REPORT_EXPORT_RETURNS ? "returns.csv" : "refunds.csv");
  g_object_set_data (G_OBJECT (chooser), "retour-export", GUINT_TO_POINTER (what));
  g_signal_connect (chooser, "response", G_CALLBACK (csv_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RetourReportsPage *self = RETOUR_REPORTS_PAGE (widget);
  const char *what = g_variant_get_string (param, NULL);

  if (self->db == NULL)
    return;

  if (g_str_equal (what, "pdf"))
    {
      g_autofree char *name = NULL;
      g_autofree char *from = NULL;

      if (self->report == NULL)
        return;
      from = format_date (self, self->report->current.since_us, "%Y-%m-%d");
      /* Translators: a file name; %s is the period's first day. */
      name = g_strdup_printf (_("returns-report-%s.pdf"), from);
      retour_pdf_file_choose (GTK_WINDOW (gtk_widget_get_root (widget)), _("Save the Report"), name, pdf_chosen,
                              G_OBJECT (self));
    }
  else if (g_str_equal (what, "returns"))
    choose_csv (self, RETOUR_REPORT_EXPORT_RETURNS);
  else if (g_str_equal (what, "refunds"))
    choose_csv (self, RETOUR_REPORT_EXPORT_REFUNDS);
}

/* GObject ---------------------------------------------------------------------- */

static void
disconnect_database (RetourReportsPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  self->reload_pending = FALSE;

  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_data (self->watcher, self);
  g_clear_object (&self->watcher);
  g_clear_object (&self->db);
}

static void
retour_reports_page_map (GtkWidget *widget)
{
  RetourReportsPage *self = RETOUR_REPORTS_PAGE (widget);

  GTK_WIDGET_CLASS (retour_reports_page_parent_class)->map (widget);

  if (self->stale || (self->watcher != NULL && retour_database_watcher_is_behind (self->watcher)))
    start_load (self);
}

static void
retour_reports_page_dispose (GObject *object)
{
  RetourReportsPage *self = RETOUR_REPORTS_PAGE (object);

  disconnect_database (self);
  g_clear_object (&self->context);
  g_clear_pointer (&self->report, retour_report_free);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_REPORTS_PAGE);

  G_OBJECT_CLASS (retour_reports_page_parent_class)->dispose (object);
}

static void
retour_reports_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RetourReportsPage *self = RETOUR_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_reports_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RetourReportsPage *self = RETOUR_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_reports_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_reports_page_class_init (RetourReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_reports_page_dispose;
  object_class->get_property = retour_reports_page_get_property;
  object_class->set_property = retour_reports_page_set_property;

  widget_class->map = retour_reports_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RETOUR_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_BAR_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, basis_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, store_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, store_list);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, category_list);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, country_list);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, basis_label);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, drill_box);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, drill_title);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, drill_list);
  gtk_widget_class_bind_template_child (widget_class, RetourReportsPage, sections_box);
  gtk_widget_class_bind_template_callback (widget_class, query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, drill_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, drill_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_action);
}

static void
retour_reports_page_init (RetourReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
retour_reports_page_set_context (RetourReportsPage *self,
                                 RetourContext     *context)
{
  g_return_if_fail (RETOUR_IS_REPORTS_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (self->context == context)
    {
      retour_reports_page_reload (self);
      return;
    }

  disconnect_database (self);
  g_set_object (&self->context, context);
  g_clear_pointer (&self->report, retour_report_free);

  self->db = g_object_ref (retour_context_get_database (context));
  self->watcher = retour_database_watcher_new (self->db);
  g_signal_connect_swapped (self->watcher, "changed", G_CALLBACK (database_changed_cb), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
}

void
retour_reports_page_reload (RetourReportsPage *self)
{
  g_return_if_fail (RETOUR_IS_REPORTS_PAGE (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
}

void
retour_reports_page_set_period (RetourReportsPage  *self,
                                RetourReportPeriod  period)
{
  g_return_if_fail (RETOUR_IS_REPORTS_PAGE (self));
  g_return_if_fail (period <= RETOUR_REPORT_PERIOD_THIS_YEAR);

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

gboolean
retour_reports_page_is_loading (RetourReportsPage *self)
{
  g_return_val_if_fail (RETOUR_IS_REPORTS_PAGE (self), FALSE);

  return self->loading || self->reload_pending || (self->stale && self->db != NULL);
}

const RetourReport *
retour_reports_page_get_report (RetourReportsPage *self)
{
  g_return_val_if_fail (RETOUR_IS_REPORTS_PAGE (self), NULL);

  return self->report;
}

const char *
retour_reports_page_get_figure_text (RetourReportsPage  *self,
                                     RetourReportFigure  figure)
{
  g_return_val_if_fail (RETOUR_IS_REPORTS_PAGE (self), NULL);
  g_return_val_if_fail (figure < RETOUR_REPORT_N_FIGURES, NULL);

  return self->figure_values[figure] != NULL ? gtk_label_get_text (self->figure_values[figure]) : NULL;
}

GtkWidget *
retour_reports_page_get_time_chart (RetourReportsPage *self)
{
  g_return_val_if_fail (RETOUR_IS_REPORTS_PAGE (self), NULL);

  return self->time_chart;
}

GtkListBox *
retour_reports_page_get_drill_list (RetourReportsPage *self)
{
  g_return_val_if_fail (RETOUR_IS_REPORTS_PAGE (self), NULL);

  return self->drill_list;
}

gint64
retour_reports_page_get_drill_id (GtkListBoxRow *row)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "rma-id");

  return id != NULL ? *id : 0;
}
