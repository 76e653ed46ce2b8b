/* test-inventory-narrow.c — the inventory view at every width, and the
 * preferences at 360 px, in the longest language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window on a demo shop, in German (the longest strings; another
 * language with RETOUR_TEST_LANGUAGE=fr and so on; the translations are
 * read from the build tree). At 1280 px every column of the product table
 * is on screen; at 360 px, GNOME's narrowest, the page fits the window,
 * the figures wrap instead of running off its edge, and every column of
 * the product table and of the expected arrivals is on screen or scrolled
 * to with the product's name still in view. Each page of the preferences
 * fits a 360 px window too.
 *
 * With RETOUR_SCREENSHOTS=DIR set, the cases save what they look at.
 * Needs a display (the suite runs under Xvfb); without one the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-inventory-narrow"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "retour-application.h"
#include "retour-demo.h"
#include "retour-figure-card.h"
#include "retour-i18n.h"
#include "retour-inventory-figures.h"
#include "retour-inventory-page.h"
#include "retour-policy-page.h"
#include "retour-preferences-window.h"
#include "retour-product-ledger.h"
#include "retour-shop-page.h"
#include "retour-stores-page.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define NARROW 360

static RetourApplication *app;
static const char *language;

typedef UiTestShop Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  RetourDemoOptions options = { .n_rmas = 120, .seed = 13, .now_us = g_get_real_time () };

  ui_test_shop_set_up (fixture, data);

  db = retour_database_open (fixture->path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
match_column_view (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_COLUMN_VIEW (widget) && gtk_widget_get_mapped (widget);
}

/* The inventory in a window @width px wide, its figures added up for
 * all time (the demo's returns are spread over months). */
static RetourWindow *
open_inventory (const Fixture *fixture,
                int            width)
{
  RetourWindow *window = retour_application_open (app, fixture->path);
  RetourInventoryPage *page = retour_window_get_inventory_page (window);
  GtkWidget *dropdown;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 760);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "inventory");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  dropdown = find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), RETOUR_INVENTORY_PERIOD_ALL_TIME);
  WAIT_UNTIL (!retour_inventory_page_is_loading (page) && find_widget (GTK_WIDGET (page), match_column_view, NULL));
  ui_test_settle (500);

  return window;
}

static void
save_png (gpointer    widget,
          const char *what,
          int         width)
{
  g_autofree char *name = g_strdup_printf ("inventory-%s-%s-%d.png", language, what, width);

  ui_test_save_png (widget, name);
}

/* Whether @widget lies within @area's width, as drawn now. */
static gboolean
within (GtkWidget *widget,
        GtkWidget *area)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, area, &bounds))
    return FALSE;

  return bounds.origin.x >= -0.5 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (area) + 0.5;
}

/* The figure cards shown under @widget. */
static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (RETOUR_IS_FIGURE_CARD (widget))
    {
      g_ptr_array_add (cards, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_cards (child, cards);
}

/* The header buttons of @view's visible columns, in order. */
static GPtrArray *
column_titles (GtkWidget *view)
{
  GPtrArray *titles = g_ptr_array_new ();
  GtkWidget *header = gtk_widget_get_first_child (view);

  for (GtkWidget *title = gtk_widget_get_first_child (header);
       title != NULL;
       title = gtk_widget_get_next_sibling (title))
    if (gtk_widget_get_visible (title))
      g_ptr_array_add (titles, title);

  return titles;
}

/* Every visible column of @view is within its width, or comes into it
 * when the table is scrolled sideways; with @first_stays, the first
 * column (the product) stays in view however far it is scrolled. */
static void
assert_columns_reachable (GtkWidget *view,
                          gboolean   first_stays)
{
  g_autoptr(GPtrArray) titles = column_titles (view);
  GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));

  g_assert_cmpuint (titles->len, >=, 2);
  g_assert_nonnull (scrolled);

  for (guint i = 0; i < titles->len; i++)
    {
      GtkWidget *title = g_ptr_array_index (titles, i);
      GtkWidget *label = find_widget (title, match_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL));
      graphene_rect_t bounds;

      /* A header cut short reads in full on hover. */
      g_assert_cmpstr (gtk_widget_get_tooltip_text (title), ==, gtk_label_get_text (GTK_LABEL (label)));

      if (within (title, scrolled))
        continue;

      /* Off the edge: scrolled to, it is there. */
      g_assert_true (gtk_widget_compute_bounds (title, view, &bounds));
      gtk_adjustment_set_value (hadjustment, bounds.origin.x);
      ui_test_settle (100);
      if (!within (title, scrolled))
        g_error ("Column %u of %u (%s) cannot be scrolled into view", i + 1, titles->len,
                 gtk_label_get_text (GTK_LABEL (label)));
      if (first_stays)
        g_assert_true (within (g_ptr_array_index (titles, 0), scrolled));
    }

  gtk_adjustment_set_value (hadjustment, 0);
  ui_test_settle (100);
}

static void
test_wide (Fixture       *fixture,
           gconstpointer  data)
{
  RetourWindow *window = open_inventory (fixture, 1280);
  RetourInventoryPage *page = retour_window_get_inventory_page (window);
  GtkWidget *view = find_widget (GTK_WIDGET (page), match_column_view, NULL);
  g_autoptr(GPtrArray) titles = column_titles (view);

  save_png (window, "products", 1280);

  /* Wide, the whole table is on screen at once. */
  for (guint i = 0; i < titles->len; i++)
    g_assert_true (within (g_ptr_array_index (titles, i), gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW)));
  g_assert_true (within (GTK_WIDGET (page), GTK_WIDGET (window)));

  gtk_widget_activate_action (GTK_WIDGET (page), "inventory.view", "s", "arrivals");
  ui_test_settle (300);
  save_png (window, "arrivals", 1280);

  ui_test_close_window (window);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  RetourWindow *window = open_inventory (fixture, NARROW);
  RetourInventoryPage *page = retour_window_get_inventory_page (window);
  GtkWidget *figures = find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (RETOUR_TYPE_INVENTORY_FIGURES));
  GtkWidget *leaflet = find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (ADW_TYPE_LEAFLET));
  GtkWidget *view;
  int minimum;

  /* The list and the ledger, one at a time; the page then makes itself
   * compact. */
  WAIT_UNTIL (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  ui_test_settle (300);

  save_png (window, "products", NARROW);

  /* The page asks no more than GNOME's narrowest window, and the window
   * did not widen itself. */
  gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, NARROW);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, NARROW);

  /* Every figure is on screen: they wrap rather than run off the edge. */
  {
    g_autoptr(GPtrArray) cards = g_ptr_array_new ();

    collect_cards (figures, cards);
    g_assert_cmpuint (cards->len, ==, 7);
    for (guint i = 0; i < cards->len; i++)
      g_assert_true (within (g_ptr_array_index (cards, i), GTK_WIDGET (window)));
  }

  /* The products: every column on screen or scrolled to, the name kept. */
  view = find_widget (GTK_WIDGET (page), match_column_view, NULL);
  assert_columns_reachable (view, TRUE);

  /* A product opened: its ledger in place of the list, in the window. */
  {
    GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
    GtkWidget *ledger = find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (RETOUR_TYPE_PRODUCT_LEDGER));

    gtk_selection_model_select_item (model, 0, TRUE);
    g_signal_emit_by_name (view, "activate", 0);
    WAIT_UNTIL (gtk_widget_get_mapped (ledger) && !gtk_widget_get_mapped (view));
    ui_test_settle (300);
    save_png (window, "ledger", NARROW);
    g_assert_true (within (ledger, GTK_WIDGET (window)));
    gtk_widget_activate_action (GTK_WIDGET (page), "inventory.back", NULL);
    WAIT_UNTIL (gtk_widget_get_mapped (view));
  }

  /* The parcels on their way: every column can be reached. */
  gtk_widget_activate_action (GTK_WIDGET (page), "inventory.view", "s", "arrivals");
  ui_test_settle (300);
  save_png (window, "arrivals", NARROW);
  view = find_widget (GTK_WIDGET (page), match_column_view, NULL);
  g_assert_nonnull (view);
  assert_columns_reachable (view, FALSE);

  ui_test_close_window (window);
}

/* The preferences, which the inventory's owner sets, at 360 px: every
 * page fits. */
static void
test_preferences_narrow (Fixture       *fixture,
                         gconstpointer  data)
{
  RetourWindow *window = retour_application_open (app, fixture->path);
  GtkWindow *preferences;
  const char *pages[] = { "policy", "shop", "stores" };
  GType types[] = { RETOUR_TYPE_POLICY_PAGE, RETOUR_TYPE_SHOP_PAGE, RETOUR_TYPE_STORES_PAGE };

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  gtk_window_set_default_size (preferences, NARROW, 700);
  ui_test_settle (500);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = find_widget (GTK_WIDGET (preferences), match_type, GSIZE_TO_POINTER (types[i]));
      g_autofree char *name = g_strdup_printf ("preferences-%s", pages[i]);
      int minimum;

      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
      ui_test_settle (300);
      save_png (preferences, name, NARROW);

      /* What is in the window; the window adds its frame. */
      gtk_widget_measure (adw_window_get_content (ADW_WINDOW (preferences)), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_assert_cmpint (minimum, <=, NARROW);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (preferences)), <=, NARROW);
    }

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale = NULL;

  /* Before GTK starts: its own strings and ours in that language. */
  language = g_getenv ("RETOUR_TEST_LANGUAGE");
  if (language == NULL)
    language = "de";
  locale = g_strdup_printf ("%s_%s.UTF-8", language, g_str_equal (language, "en") ? "US" : language);
  for (char *p = strchr (locale, '_') + 1; *p != '.'; p++)
    *p = g_ascii_toupper (*p);
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("LC_ALL", locale, TRUE);
  /* Without that locale on the machine, gettext still follows LANGUAGE
   * in C.UTF-8. */
  if (setlocale (LC_ALL, "") == NULL)
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  retour_i18n_init ();

  app = ui_test_init_application (&argc, &argv, "the narrow inventory tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/inventory-narrow/wide", Fixture, NULL, fixture_set_up, test_wide, ui_test_shop_tear_down);
  g_test_add ("/ui/inventory-narrow/narrow", Fixture, NULL, fixture_set_up, test_narrow, ui_test_shop_tear_down);
  g_test_add ("/ui/inventory-narrow/preferences", Fixture, NULL, fixture_set_up, test_preferences_narrow,
              ui_test_shop_tear_down);

  return ui_test_run (&app);
}
