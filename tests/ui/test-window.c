/* test-window.c — the first window, driven like a person would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case gives the real application a database of its own in a
 * temporary folder, presses the real buttons and looks at what is mapped
 * on screen. Needs a display (the suite runs under Xvfb); without one the
 * program reports itself skipped.
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "retour-application.h"
#include "retour-demo.h"
#include "retour-rma-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

/* One registered application for the whole program. */
static RetourApplication *app;

typedef UiTestShop Fixture;

/* Waiting ------------------------------------------------------------------ */

/* Lets whatever is already queued run, without waiting for more. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Finding what is on screen ------------------------------------------------ */

static GtkWidget *
find_button (RetourWindow *window,
             const char   *label)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), match_button, label);

  g_assert_nonnull (button);

  return button;
}

static gboolean
is_shown (RetourWindow *window,
          WidgetMatch   match,
          gconstpointer data)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (window), match, data);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

/* A status in the returns list: the label styled as a tag. */
static gboolean
match_tag (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "status-tag") &&
         gtk_widget_get_mapped (widget);
}

/* The database -------------------------------------------------------------- */

static guint64
count_returns (const char *path)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint64 counts[RETOUR_RMA_N_STATUSES];
  guint64 total = 0;

  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  retour_rma_store_count_by_status (db, counts, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    total += counts[i];

  return total;
}

/* Only the database and SQLite's own companions: no scratch files left
 * from building a demo shop. */
static gboolean
has_leftovers (const Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_equal (name, "shop.db") &&
          !g_str_equal (name, "shop.db-wal") &&
          !g_str_equal (name, "shop.db-shm"))
        {
          g_test_message ("Left in %s: %s", fixture->dir, name);
          return TRUE;
        }
    }

  return FALSE;
}

static void
assert_database_empty (const char *path)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (retour_database_is_empty (db, &error));
  g_assert_no_error (error);
}

/* The returns list shows every return of a small shop, each with its
 * status. */
static void
assert_list_matches_database (RetourWindow *window,
                              const char   *path,
                              guint64       expected_total)
{
  GtkWidget *view = find_widget (GTK_WIDGET (window), match_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));

  g_assert_cmpuint (count_returns (path), ==, expected_total);
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))),
                    ==, expected_total);
  g_assert_true (is_shown (window, match_tag, NULL));
}

/* The cases ----------------------------------------------------------------- */

static void
test_window_start_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  GtkWidget *demo_button;
  GtkWidget *empty_button;
  GtkWidget *refresh_button;
  RetourDemoOptions options = { .n_rmas = 5, .seed = 7, .now_us = g_get_real_time () };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  /* First run: the welcome page, with the demo offered first. */
  g_assert_true (is_shown (window, match_status_page, "Welcome to Retour"));
  demo_button = find_button (window, "Try a Demo Shop");
  empty_button = find_button (window, "Start Empty");
  g_assert_true (gtk_widget_get_mapped (demo_button));
  g_assert_true (gtk_widget_is_sensitive (demo_button));
  g_assert_true (gtk_widget_get_mapped (empty_button));
  g_assert_true (gtk_widget_is_sensitive (empty_button));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == demo_button);

  /* Opening the same database again brings its window forward. */
  g_assert_true (retour_application_open (app, fixture->path) == window);

  gtk_widget_activate (empty_button);
  WAIT_UNTIL (is_shown (window, match_status_page, "No Returns Yet"));
  g_assert_false (is_shown (window, match_status_page, "Welcome to Retour"));

  /* Returns that arrive meanwhile (here: from another connection) show up
   * on Refresh (and by themselves within a second). */
  db = retour_database_open (fixture->path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  refresh_button = find_widget (GTK_WIDGET (window), match_tooltip, "Refresh");
  g_assert_nonnull (refresh_button);
  g_assert_true (gtk_widget_get_mapped (refresh_button));
  gtk_widget_activate (refresh_button);
  WAIT_UNTIL (is_shown (window, match_tag, NULL));
  g_assert_false (is_shown (window, match_status_page, "No Returns Yet"));
  assert_list_matches_database (window, fixture->path, 5);

  ui_test_close_window (window);
}

static void
test_window_demo (Fixture       *fixture,
                  gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  GtkWidget *demo_button;

  retour_window_set_demo_size (window, 40);
  demo_button = find_button (window, "Try a Demo Shop");
  gtk_widget_activate (demo_button);

  /* The choices give way to the progress and a way out. (An activated
   * button shows itself pressed for a moment before it clicks.) */
  WAIT_UNTIL (!gtk_widget_get_mapped (demo_button));
  g_assert_true (is_shown (window, match_button, "Cancel"));
  g_assert_true (is_shown (window, match_type, GSIZE_TO_POINTER (GTK_TYPE_PROGRESS_BAR)));

  WAIT_UNTIL (is_shown (window, match_tag, NULL));
  g_assert_false (is_shown (window, match_status_page, "Welcome to Retour"));

  assert_list_matches_database (window, fixture->path, 40);
  g_assert_false (has_leftovers (fixture));

  ui_test_close_window (window);
}

static void
test_window_demo_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  GtkWidget *demo_button;

  /* Far more than can be built before Cancel is pressed. */
  retour_window_set_demo_size (window, 1000000);
  demo_button = find_button (window, "Try a Demo Shop");
  gtk_widget_activate (demo_button);
  WAIT_UNTIL (is_shown (window, match_button, "Cancel"));
  gtk_widget_activate (find_button (window, "Cancel"));

  /* Back to the choices, and the database as empty as it was. */
  WAIT_UNTIL (gtk_widget_get_mapped (demo_button) && gtk_widget_is_sensitive (demo_button));
  g_assert_true (is_shown (window, match_status_page, "Welcome to Retour"));

  assert_database_empty (fixture->path);
  g_assert_false (has_leftovers (fixture));

  ui_test_close_window (window);
}

static void
test_window_close_while_building (Fixture       *fixture,
                                  gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);

  retour_window_set_demo_size (window, 1000000);
  gtk_widget_activate (find_button (window, "Try a Demo Shop"));
  WAIT_UNTIL (is_shown (window, match_button, "Cancel"));

  /* Closing the window stops the demo shop; the worker finishes on its
   * own, removes its scratch files and copies nothing in. */
  ui_test_close_window (window);
  WAIT_UNTIL (!has_leftovers (fixture));
  assert_database_empty (fixture->path);
}

static void
test_window_open_error (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (fixture->dir, "not-a-folder", NULL);
  g_autofree char *path = g_build_filename (blocker, "shop.db", NULL);
  g_autoptr(GError) error = NULL;
  RetourWindow *window;
  GtkWidget *page;

  /* A file where the database's folder should be. */
  g_file_set_contents (blocker, "", 0, &error);
  g_assert_no_error (error);

  window = ui_test_open_window (app, path);
  page = find_widget (GTK_WIDGET (window), match_status_page, "Could Not Open the Database");
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), path));

  /* Once the obstacle is gone, Try Again gets to the shop. */
  g_remove (blocker);
  gtk_widget_activate (find_widget (page, match_button, "Try Again"));
  WAIT_UNTIL (is_shown (window, match_status_page, "Welcome to Retour"));
  g_assert_false (gtk_widget_get_mapped (page));

  ui_test_close_window (window);
}

static void
test_window_size_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  RetourWindow *window;
  int width;
  int height;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("The GSettings schema is not installed (GSETTINGS_SCHEMA_DIR)");
      return;
    }

  window = ui_test_open_window (app, fixture->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_close (GTK_WINDOW (window));
  drain_main_context ();

  window = ui_test_open_window (app, fixture->path);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);

  ui_test_close_window (window);
}

static void
test_window_about_and_shortcuts (Fixture       *fixture,
                                 gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  GtkWindow *about = NULL;
  GtkWindow *shortcuts = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && about == NULL; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = toplevel;
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Retour");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (about)));
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (shortcuts)));
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);

  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the window tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/window/start-empty", Fixture, NULL,
              ui_test_shop_set_up, test_window_start_empty, ui_test_shop_tear_down);
  g_test_add ("/ui/window/demo", Fixture, NULL,
              ui_test_shop_set_up, test_window_demo, ui_test_shop_tear_down);
  g_test_add ("/ui/window/demo-cancel", Fixture, NULL,
              ui_test_shop_set_up, test_window_demo_cancel, ui_test_shop_tear_down);
  g_test_add ("/ui/window/close-while-building", Fixture, NULL,
              ui_test_shop_set_up, test_window_close_while_building, ui_test_shop_tear_down);
  g_test_add ("/ui/window/open-error", Fixture, NULL,
              ui_test_shop_set_up, test_window_open_error, ui_test_shop_tear_down);
  g_test_add ("/ui/window/size-kept", Fixture, NULL,
              ui_test_shop_set_up, test_window_size_kept, ui_test_shop_tear_down);
  g_test_add ("/ui/window/about-and-shortcuts", Fixture, NULL,
              ui_test_shop_set_up, test_window_about_and_shortcuts, ui_test_shop_tear_down);

  return ui_test_run (&app);
}
