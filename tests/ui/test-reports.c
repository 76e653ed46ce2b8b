/* test-reports.c — the Reports view, used as a shop owner uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application on the small shop whose figures the store and CLI
 * tests know (tests/retour-test-report-shop.c), with the window's clock
 * on 5 December 2026 in Amsterdam. The test opens Reports with the view
 * switcher, reads this month's figures as shown, switches to November,
 * reads them again against the data, clicks the bar of the week of
 * 2 November, and follows a return of its list into the returns desk; at
 * last the window is made as narrow as a phone. Needs a display (the
 * suite runs under Xvfb); without one the program reports itself skipped.
 */
#define G_LOG_DOMAIN "test-reports"

#include "config.h"

#include <string.h>

#include "retour-application.h"
#include "retour-bar-chart.h"
#include "retour-customer-window.h"
#include "retour-reports-page.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-test-report-shop.h"
#include "retour-ui-test.h"
#include "retour-window.h"

static RetourApplication *app;
static GTimeZone *amsterdam;

static gint64
december_fifth (gpointer user_data)
{
  return retour_test_report_shop_time (amsterdam, 12, 5, 12, 0);
}

static void
fixture_set_up (UiTestShop    *shop,
                gconstpointer  data)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  ui_test_shop_set_up (shop, data);
  db = retour_database_open (shop->path, &error);
  g_assert_no_error (error);
  retour_test_report_shop_fill (db, amsterdam);
}

static gboolean
match_switcher_button (GtkWidget     *widget,
                       gconstpointer  data)
{
  g_autofree char *label = NULL;

  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "AdwViewSwitcherButton") != 0 || !gtk_widget_get_mapped (widget))
    return FALSE;

  g_object_get (widget, "label", &label, NULL);
  return g_strcmp0 (label, data) == 0;
}

static gboolean
match_dropdown (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static gboolean
is_shown (GtkWidget     *root,
          WidgetMatch    match,
          gconstpointer  data)
{
  return find_widget (root, match, data) != NULL;
}

/* Scrolls the page so that @widget is at its top, for the screenshot. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, scroller, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 48);
  ui_test_settle (200);
}

static void
test_reports (UiTestShop    *shop,
              gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, shop->path);
  GtkWidget *root = GTK_WIDGET (window);
  RetourReportsPage *page;
  RetourReturnsPage *returns;
  GtkWidget *period;
  GtkWidget *chart;
  GtkListBox *drill;
  GtkListBoxRow *first;
  graphene_rect_t bar;

  retour_context_set_clock (retour_window_get_context (window), december_fifth, NULL);

  /* Reports is the third view. */
  WAIT_UNTIL (is_shown (root, match_switcher_button, "Reports"));
  gtk_widget_activate (find_widget (root, match_switcher_button, "Reports"));
  page = retour_window_get_reports_page (window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)) && !retour_reports_page_is_loading (page) &&
              retour_reports_page_get_report (page) != NULL);

  /* This month, by the day returns were made: O3 and R4, both at
   * midnight on 1 December. The basis is said on screen. */
  period = require (page, match_dropdown, "The period the report covers");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (period)), ==, RETOUR_REPORT_PERIOD_THIS_MONTH);
  g_assert_true (is_shown (root, match_label_containing, "Returns counted by the day they were made"));
  g_assert_cmpstr (retour_reports_page_get_figure_text (page, RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE), ==, "100.0 %");
  g_assert_true (is_shown (root, match_label, "1 returned of 1 sold · before: 66.7 %"));

  /* November: 16 of 21 items came back; 166.10 € in refunds and 40 zł,
   * each in its own currency. */
  g_assert_true (retour_reports_page_set_custom (page, "2026-11-01", "2026-11-30"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (period)), ==, 4);
  WAIT_UNTIL (!retour_reports_page_is_loading (page) &&
              retour_reports_page_get_report (page)->current.units_sold == 21);
  g_assert_cmpstr (retour_reports_page_get_figure_text (page, RETOUR_REPORT_FIGURE_ITEM_RETURN_RATE), ==, "76.2 %");
  g_assert_true (is_shown (root, match_label, "76.2 %"));
  g_assert_true (is_shown (root, match_label, "16 returned of 21 sold · before: 0.0 %"));
  g_assert_cmpuint (strlen (retour_reports_page_get_figure_text (page, RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES)),
                    >, 0);
  g_assert_nonnull (strstr (retour_reports_page_get_figure_text (page, RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES),
                            "166"));
  g_assert_nonnull (strstr (retour_reports_page_get_figure_text (page, RETOUR_REPORT_FIGURE_REFUNDS_AGAINST_SALES),
                            "\n"));
  /* The lamp is the product to look at. */
  g_assert_true (is_shown (root, match_row, "Lamp · LMP"));

  /* Anna, who returns the most, has a page of her own: what she bought
   * and returned, and that the law's withdrawal stands whatever her rate. */
  {
    GtkWidget *anna = require (page, match_row, "Anna de Vries");
    GtkWindow *customer;

    g_signal_emit_by_name (gtk_widget_get_parent (anna), "row-activated", anna);
    WAIT_UNTIL ((customer = find_toplevel (RETOUR_TYPE_CUSTOMER_WINDOW)) != NULL);
    WAIT_UNTIL (is_shown (GTK_WIDGET (customer), match_label, "83.3 %"));
    g_assert_true (is_shown (GTK_WIDGET (customer), match_row, "Return rate"));
    g_assert_true (is_shown (GTK_WIDGET (customer), match_label_containing,
                             "A statutory withdrawal cannot be refused because of a high return rate"));
    g_assert_true (is_shown (GTK_WIDGET (customer), match_row, "O5"));
    ui_test_save_png (customer, "reports-customer.png");
    ui_test_close_window (customer);
  }

  /* Weeks from 26 October: the second bar is the week of 2 November,
   * with R5, R1 and R9's ten lamps. */
  chart = retour_reports_page_get_time_chart (page);
  g_assert_true (RETOUR_IS_BAR_CHART (chart));
  g_assert_cmpuint (retour_bar_chart_get_n_bars (RETOUR_BAR_CHART (chart)), ==, 6);
  g_assert_cmpint (retour_bar_chart_get_value (RETOUR_BAR_CHART (chart), 1), ==, 12);
  WAIT_UNTIL (gtk_widget_get_width (chart) > 0);
  ui_test_save_png (root, "reports-november.png");
  g_assert_true (retour_bar_chart_get_bar_area (RETOUR_BAR_CHART (chart), 1, &bar));
  g_assert_cmpfloat (bar.size.width, >, 10);

  /* A click on it lists the returns behind it, the newest first. The
   * click is the chart's own: its signal, as the click handler emits it
   * for the bar under the pointer. */
  g_signal_emit_by_name (chart, "bar-activated", 1);
  drill = retour_reports_page_get_drill_list (page);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (drill)));
  g_assert_true (is_shown (root, match_label_containing, ": 3 returns"));
  first = gtk_list_box_get_row_at_index (drill, 0);
  g_assert_cmpint (retour_reports_page_get_drill_id (first), ==, 9);
  g_assert_cmpint (retour_reports_page_get_drill_id (gtk_list_box_get_row_at_index (drill, 2)), ==, 1);
  g_assert_null (gtk_list_box_get_row_at_index (drill, 3));
  scroll_to (chart);
  ui_test_save_png (root, "reports-drill.png");

  /* One of them opens in the returns desk. */
  returns = retour_window_get_returns_page (window);
  g_signal_emit_by_name (drill, "row-activated", first);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (returns)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpint (retour_rma_editor_get_rma_id (retour_returns_page_get_editor (returns)), ==, 9);

  /* Back with Alt+3. */
  gtk_widget_activate_action (root, "win.view", "s", "reports");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  ui_test_close_window (window);

  /* As narrow as a phone: the controls wrap, the cards and charts fit. */
  window = retour_application_open (app, shop->path);
  root = GTK_WIDGET (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  WAIT_UNTIL (gtk_widget_get_mapped (root));
  retour_context_set_clock (retour_window_get_context (window), december_fifth, NULL);
  gtk_widget_activate_action (root, "win.view", "s", "reports");
  page = retour_window_get_reports_page (window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)) && !retour_reports_page_is_loading (page) &&
              retour_reports_page_get_report (page) != NULL);
  ui_test_settle (300);
  g_assert_cmpint (gtk_widget_get_width (root), <=, 400);
  chart = retour_reports_page_get_time_chart (page);
  g_assert_cmpint (gtk_widget_get_width (chart), <=, 360);
  ui_test_save_png (root, "reports-narrow.png");
  g_assert_true (is_shown (root, match_label, "1 returned of 1 order · before: 100.0 %"));

  /* In dark mode the bars take the palette's lighter blue. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  scroll_to (chart);
  ui_test_save_png (root, "reports-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The shop's days are Amsterdam's, whatever the machine's zone. */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");

  app = ui_test_init_application (&argc, &argv, "the reports tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/reports/period-figures-drill", UiTestShop, NULL,
              fixture_set_up, test_reports, ui_test_shop_tear_down);

  return ui_test_run (&app);
}
