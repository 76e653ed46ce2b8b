/* test-privacy-ui.c — a customer's data exported and anonymised from the
 * editor, and the retention rule in the preferences, as a shop owner
 * goes about it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-privacy-ui"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "retour-catalog-store.h"
#include "retour-customer-section.h"
#include "retour-demo.h"
#include "retour-i18n.h"
#include "retour-preferences-window.h"
#include "retour-privacy-store.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-shop-page.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define PHONE_WIDTH 360

static RetourApplication *app;

typedef struct
{
  UiTestShop       shop;
  RetourDatabase  *db;
  RetourWindow    *window;
  RetourRmaEditor *editor;
  gint64           rma_id;
  gint64           customer_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  RetourDemoOptions options = { .n_rmas = 40, .seed = 7, .now_us = g_get_real_time () };

  ui_test_shop_set_up (&fixture->shop, data);
  fixture->db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (fixture->db, &options, NULL, &error);
  g_assert_no_error (error);

  fixture->window = ui_test_open_window (app, fixture->shop.path);
  fixture->editor = retour_returns_page_get_editor (retour_window_get_returns_page (fixture->window));

  fixture->rma_id = 40;
  rma = retour_rma_store_load (fixture->db, fixture->rma_id, &error);
  g_assert_no_error (error);
  fixture->customer_id = rma->customer_id;
  g_assert_cmpint (fixture->customer_id, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_close_window (fixture->window);
  g_clear_object (&fixture->db);
  ui_test_shop_tear_down (&fixture->shop, data);
}

static const char *
T (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

static void
open_return (Fixture *fixture)
{
  retour_window_show_rma (fixture->window, fixture->rma_id, NULL);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (fixture->editor) == fixture->rma_id);
  ui_test_settle (50);
}

static gint64
customers_with_email (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourCustomer) customer = NULL;

  customer = retour_catalog_store_load_customer (fixture->db, fixture->customer_id, &error);
  g_assert_no_error (error);

  return customer->email != NULL;
}

/* Asked first, saying it cannot be undone; Cancel changes nothing;
 * Anonymise does it, and the editor shows the placeholder. */
static void
test_anonymise_asks (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *section;
  AdwMessageDialog *dialog;
  g_autofree char *cancel = strip_mnemonic (T ("_Cancel"));
  g_autofree char *anonymise = strip_mnemonic (T ("_Anonymise"));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), PHONE_WIDTH, 1600);
  open_return (fixture);
  section = require (fixture->editor, match_type, GSIZE_TO_POINTER (RETOUR_TYPE_CUSTOMER_SECTION));
  {
    GtkWidget *menu = require (section, match_type, GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON));

    g_assert_cmpstr (gtk_widget_get_tooltip_text (menu), ==, T ("Customer Data"));
    g_assert_true (gtk_widget_get_mapped (menu));
  }
  ui_test_save_png (fixture->window, "privacy-editor-360.png");

  gtk_widget_activate_action (section, "customer.anonymise", NULL);
  WAIT_UNTIL ((dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "anonymise"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be undone"));
  ui_test_settle (200);
  ui_test_save_png (dialog, "privacy-anonymise-dialog.png");

  click_button (dialog, cancel);
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_true (customers_with_email (fixture));

  gtk_widget_activate_action (section, "customer.anonymise", NULL);
  WAIT_UNTIL ((dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  click_button (dialog, anonymise);
  WAIT_UNTIL (!customers_with_email (fixture));

  /* The editor reads the return again, as after any change elsewhere. */
  WAIT_UNTIL (find_widget (GTK_WIDGET (fixture->editor), match_row_prefix, RETOUR_PRIVACY_PLACEHOLDER_NAME) != NULL);
  ui_test_settle (200);
  ui_test_save_png (fixture->window, "privacy-editor-anonymised-360.png");
}

/* Export Customer Data…: the folder chooser; the export goes into a
 * folder of its own in the one chosen, private. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *section;
  GtkWindow *chooser;
  AdwMessageDialog *done;
  g_autofree char *target = g_build_filename (fixture->shop.dir, "exports", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (target);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *json = NULL;
  const char *name;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
  open_return (fixture);
  section = require (fixture->editor, match_type, GSIZE_TO_POINTER (RETOUR_TYPE_CUSTOMER_SECTION));

  gtk_widget_activate_action (section, "customer.export", NULL);
  WAIT_UNTIL ((chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL);
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), folder, NULL);
  ui_test_settle (100);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  WAIT_UNTIL ((done = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  listing = g_dir_open (target, 0, NULL);
  g_assert_nonnull (listing);
  name = g_dir_read_name (listing);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_prefix (name, "customer-"));
  json = g_build_filename (target, name, "customer.json", NULL);
  g_assert_cmpint (g_stat (json, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  adw_message_dialog_response (done, "close");
}

/* For people to look at: the page scrolled to @row. */
static void
scroll_to (RetourPreferencesWindow *preferences,
           GtkWidget               *row)
{
  GtkWidget *page = GTK_WIDGET (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences)));
  GtkWidget *scrolled = require (page, match_type, GSIZE_TO_POINTER (GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t at;

  ui_test_settle (200);
  g_assert_true (gtk_widget_compute_point (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, at.y - 120);
  ui_test_settle (300);
}

/* The rule in the Shop preferences: off, with its country's default
 * and what it would do now; turned on, stored. */
static void
test_retention_preferences (Fixture       *fixture,
                            gconstpointer  data)
{
  RetourPreferencesWindow *preferences;
  GtkWidget *row;
  gboolean on = TRUE;
  guint years = 0;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (fixture->window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (require (preferences, match_type,
                                                                          GSIZE_TO_POINTER (RETOUR_TYPE_SHOP_PAGE))));
  ui_test_settle (200);

  row = find_widget (GTK_WIDGET (preferences), match_row, T ("Anonymise Old Customers"));
  g_assert_nonnull (row);
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)));
  require (preferences, match_row_prefix, "0 ");

  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), TRUE);
  ui_test_settle (100);
  retour_privacy_store_get_retention (fixture->db, &on, &years, &error);
  g_assert_no_error (error);
  g_assert_true (on);

  if (g_getenv ("RETOUR_SCREENSHOTS") != NULL)
    {
      scroll_to (preferences, row);
      ui_test_save_png (preferences, "privacy-preferences.png");
      gtk_window_set_default_size (GTK_WINDOW (preferences), PHONE_WIDTH, 900);
      ui_test_settle (300);
      scroll_to (preferences, row);
      ui_test_save_png (preferences, "privacy-preferences-360.png");
    }
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  retour_i18n_init ();
  app = ui_test_init_application (&argc, &argv, "the privacy tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/privacy/anonymise-asks", Fixture, NULL, fixture_set_up, test_anonymise_asks, fixture_tear_down);
  g_test_add ("/ui/privacy/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/ui/privacy/retention-preferences", Fixture, NULL,
              fixture_set_up, test_retention_preferences, fixture_tear_down);

  return ui_test_run (&app);
}
