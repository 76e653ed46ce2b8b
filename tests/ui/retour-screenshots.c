/* retour-screenshots.c — renders the returns desk's main screens to PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by build-aux/screenshots: opens the real window on a demo shop and
 * saves what it paints (gtk_widget_paintable_new() rendered with the
 * window's own GskRenderer) — the list, the editor, a new return, the
 * receive window, the empty and no-match states, a narrow window, dark
 * mode, and the Policy and Shop pages of the preferences. Not a test: it asserts nothing, it is for people to look at.
 */
#define G_LOG_DOMAIN "retour-screenshots"

#include "config.h"

#include <glib/gstdio.h>

#include "retour-application.h"
#include "retour-carriers-page.h"
#include "retour-demo.h"
#include "retour-i18n.h"
#include "retour-inventory-page.h"
#include "retour-new-return-window.h"
#include "retour-policy-page.h"
#include "retour-preferences-window.h"
#include "retour-shop-page.h"
#include "retour-receive-window.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-stock-dialog.h"
#include "retour-reports-page.h"
#include "retour-window.h"
#include "retour-ui-test.h"

static RetourApplication *app;
static const char *output_dir;

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (output_dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_print ("%s\n", path);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static RetourRmaSummary *
first_in_status (RetourDatabase  *db,
                 RetourRmaStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = retour_search_rmas (db, NULL, status, 0, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);

  return retour_rma_summary_copy (g_ptr_array_index (rows, 0));
}

static void
shoot_desk (const char *path)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRmaSummary) inspected = NULL;
  g_autoptr(RetourRmaSummary) authorized = NULL;
  g_autoptr(RetourRmaSummary) requested = NULL;
  g_autofree char *number = NULL;
  RetourWindow *window;
  GtkWindow *dialog;
  GtkWidget *entry;
  GtkWidget *page;
  AdwStyleManager *style = adw_style_manager_get_default ();

  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  inspected = first_in_status (db, RETOUR_RMA_STATUS_INSPECTED);
  authorized = first_in_status (db, RETOUR_RMA_STATUS_AUTHORIZED);
  requested = first_in_status (db, RETOUR_RMA_STATUS_REQUESTED);

  window = retour_application_open (app, path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (800);
  save_png (GTK_WIDGET (window), "list.png");

  retour_window_show_rma (window, inspected->id, NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "editor.png");

  page = GTK_WIDGET (retour_window_get_returns_page (window));
  gtk_widget_activate_action (page, "returns.view", "s", "needs-action");
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "needs-action.png");

  /* The refund the law wants soonest, with the customer's rights, whole,
   * and as narrow as a phone. */
  {
    g_autoptr(GPtrArray) due = retour_search_rmas_needing_action (db, NULL, g_get_real_time (), 0, 1, NULL, &error);

    g_assert_no_error (error);
    if (due->len > 0)
      {
        retour_window_show_rma (window, ((RetourRmaSummary *) due->pdata[0])->id, NULL);
        gtk_window_set_default_size (GTK_WINDOW (window), 1280, 2200);
        ui_test_settle (800);
        save_png (GTK_WIDGET (window), "editor-rights.png");
        gtk_window_set_default_size (GTK_WINDOW (window), 360, 3400);
        ui_test_settle (800);
        save_png (GTK_WIDGET (window), "editor-rights-narrow.png");
        gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
        ui_test_settle (400);
      }
  }
  gtk_widget_activate_action (page, "returns.view", "s", "all");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  retour_window_show_rma (window, requested->id, NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_widget_activate_action (page, "returns.find", NULL);
  entry = gtk_window_get_focus (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzzqqq");
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "no-matches.png");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  ui_test_settle (300);

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 760);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "narrow-list.png");
  retour_window_show_rma (window, authorized->id, NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "narrow-editor.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (400);

  /* A return over the phone: the order found by its number. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  ui_test_settle (400);
  dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW);
  entry = find_type (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), requested->customer_name);
  ui_test_settle (600);
  save_png (GTK_WIDGET (dialog), "new-return-search.png");
  g_signal_emit_by_name (find_type (entry, GTK_TYPE_TEXT), "activate");
  ui_test_settle (600);
  save_png (GTK_WIDGET (dialog), "new-return.png");
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  ui_test_settle (400);
  dialog = find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW);
  entry = find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  number = g_strdup (authorized->number);
  gtk_editable_set_text (GTK_EDITABLE (entry), number);
  g_signal_emit_by_name (entry, "activate");
  ui_test_settle (600);
  save_png (GTK_WIDGET (dialog), "receive.png");
  gtk_editable_set_text (GTK_EDITABLE (entry), "R26-000123-K");
  g_signal_emit_by_name (entry, "activate");
  ui_test_settle (400);
  save_png (GTK_WIDGET (dialog), "receive-invalid.png");
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle (200);
}

/* Scrolls the page that holds @widget so that it is at the top. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  /* From the top of what is in view. */
  gtk_widget_translate_coordinates (widget, scrolled, 0, 0, &x, &y);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 12);
}

static void
shoot_preferences (const char *path)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  RetourWindow *window = retour_application_open (app, path);
  GtkWidget *preferences;
  GtkWidget *page;
  GtkWidget *row;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (600);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_settle (200);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  ui_test_settle (600);
  preferences = GTK_WIDGET (find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW));
  page = find_type (preferences, RETOUR_TYPE_POLICY_PAGE);
  save_png (preferences, "preferences-policy.png");

  /* A fee of 10 %, a reason opened, and the example below it. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (page, match_row, "Restocking Fee")), RETOUR_FEE_PERCENT);
  gtk_editable_set_text (GTK_EDITABLE (find_type (find_widget (page, match_row, "Percentage of the Value"),
                                                  GTK_TYPE_ENTRY)), "10");
  row = find_widget (find_widget (page, match_group, "Reasons"), match_type, GSIZE_TO_POINTER (ADW_TYPE_EXPANDER_ROW));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_test_settle (400);
  scroll_to (find_widget (page, match_group, "Reasons"));
  ui_test_settle (400);
  save_png (preferences, "preferences-policy-reasons.png");
  scroll_to (find_widget (page, match_group, "Example"));
  ui_test_settle (400);
  save_png (preferences, "preferences-policy-example.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_settle (600);
  save_png (preferences, "preferences-policy-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  retour_policy_page_discard (RETOUR_POLICY_PAGE (page));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "shop");
  ui_test_settle (600);
  save_png (preferences, "preferences-shop.png");
  scroll_to (find_widget (find_type (preferences, RETOUR_TYPE_SHOP_PAGE), match_group, "Labels"));
  ui_test_settle (400);
  save_png (preferences, "preferences-shop-numbers.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_settle (600);
  save_png (preferences, "preferences-shop-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "messages");
  ui_test_settle (600);
  save_png (preferences, "preferences-messages.png");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (find_type (preferences, RETOUR_TYPE_CARRIERS_PAGE)));
  ui_test_settle (600);
  save_png (preferences, "preferences-carriers.png");
  gtk_window_set_default_size (GTK_WINDOW (preferences), 360, 700);
  ui_test_settle (800);
  save_png (preferences, "preferences-carriers-narrow.png");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "messages");
  ui_test_settle (600);
  save_png (preferences, "preferences-messages-narrow.png");

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle (200);
}

/* The inventory: this month's figures, the busiest product's ledger, a
 * repair being finished, the parcels on their way, and narrow. */
static void
shoot_inventory (const char *path)
{
  RetourWindow *window = retour_application_open (app, path);
  RetourInventoryPage *page = retour_window_get_inventory_page (window);
  GtkColumnView *view;
  GtkSelectionModel *model;
  GtkWindow *dialog;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (400);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "inventory");
  WAIT_UNTIL (!retour_inventory_page_is_loading (page));
  ui_test_settle (400);

  /* The product that came back most is first: show its ledger. */
  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), match_table, "Product"));
  model = gtk_column_view_get_model (view);
  gtk_selection_model_select_item (model, 0, TRUE);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "inventory.png");

  gtk_widget_activate_action (GTK_WIDGET (page), "inventory.correct", NULL);
  ui_test_settle (400);
  dialog = find_toplevel (RETOUR_TYPE_STOCK_DIALOG);
  if (dialog != NULL)
    {
      save_png (GTK_WIDGET (dialog), "inventory-correct.png");
      gtk_window_destroy (dialog);
    }

  gtk_widget_activate_action (GTK_WIDGET (page), "inventory.view", "s", "arrivals");
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "inventory-arrivals.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_settle (400);
  save_png (GTK_WIDGET (window), "inventory-arrivals-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_widget_activate_action (GTK_WIDGET (page), "inventory.view", "s", "products");
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 760);
  ui_test_settle (800);
  save_png (GTK_WIDGET (window), "inventory-narrow.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle (200);
}

static void
shoot_reports (const char *path)
{
  RetourWindow *window = retour_application_open (app, path);
  RetourReportsPage *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (600);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_settle (200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "reports");
  ui_test_settle (200);
  page = retour_window_get_reports_page (window);
  WAIT_UNTIL (!retour_reports_page_is_loading (page));
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "reports.png");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_settle (400);
  save_png (GTK_WIDGET (window), "reports-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 760);
  ui_test_settle (800);
  save_png (GTK_WIDGET (window), "reports-narrow.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle (200);
}

static void
shoot_empty (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  RetourWindow *window = retour_application_open (app, path);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "welcome.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-empty", NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle (200);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *output = NULL;
  g_autofree char *scratch = NULL;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "A demo shop to show", "FILE" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "Where the PNG files go", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— screenshots of the returns desk");

  /* In the language of the run, with the translations of the build. */
  retour_i18n_init ();
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || database == NULL || output == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--database and --output are required");
      return 2;
    }

  gtk_init ();
  output_dir = output;
  g_mkdir_with_parents (output, 0755);
  scratch = g_dir_make_tmp ("retour-screenshots-XXXXXX", &error);
  g_assert_no_error (error);

  app = ui_test_new_application ();

  shoot_desk (database);
  shoot_preferences (database);
  shoot_inventory (database);
  shoot_reports (database);
  shoot_empty (scratch);

  g_clear_object (&app);

  return 0;
}
