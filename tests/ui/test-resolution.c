/* test-resolution.c — an exchange carried out in the store from the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the WooCommerce emulator in-process: a return resolved as an
 * exchange shows, in its Resolution section, that the store has not made
 * it yet; Carry Out… offers the store's products with the price
 * difference of the one picked, and carrying it out has the sync
 * scheduler make the exchange order, which the section then names. The
 * same at a phone's width.
 */
#include "config.h"

#include <string.h>

#include "retour-database-private.h"
#include "retour-desk-resolution.h"
#include "retour-emulator.h"
#include "retour-keyring.h"
#include "retour-policy-store.h"
#include "retour-resolution-dialog.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-sync-engine.h"
#include "retour-window.h"
#include "retour-ui-test.h"

static RetourApplication *app;

typedef struct
{
  UiTestShop      shop;
  RetourEmulator *emulator;
  gint64          store_id;
  gint64          rma_id;
  gint64          parent_id;   /* the order in the emulator */
  char           *product;     /* the title of a product sold in euros */
} Fixture;

static gint64
real_time_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A synced store and, of its first order in euros, a return of one item
 * resolved as an exchange with the customer's consent. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(RetourConnector) connector = NULL;
  g_autoptr(RetourSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };

  ui_test_shop_set_up (&fixture->shop, data);
  fixture->emulator = retour_emulator_new (RETOUR_EMULATOR_WOO, 12, 7);
  retour_emulator_start (fixture->emulator, &error);
  g_assert_no_error (error);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  storefront->name = g_strdup ("Emulated shop");
  storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup (retour_emulator_get_url (fixture->emulator));
  retour_sync_store_add (db, storefront, g_get_real_time (), &error);
  g_assert_no_error (error);
  fixture->store_id = storefront->id;

  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  connector = retour_sync_connector_new (storefront, credentials, NULL, &error);
  g_assert_no_error (error);
  engine = retour_sync_engine_new (db, real_time_clock, NULL);
  retour_sync_engine_sync_async (engine, storefront->id, connector, RETOUR_SYNC_FLAGS_NONE, NULL, on_done, &result);
  WAIT_UNTIL (result != NULL);
  retour_sync_engine_sync_finish (engine, result, NULL, &error);
  g_assert_no_error (error);

  context = retour_context_new (db);
  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (db,
                                                          "SELECT l.id, l.order_id, o.external_id FROM order_line l "
                                                          "JOIN \"order\" o ON o.id = l.order_id "
                                                          "WHERE o.currency = 'EUR' ORDER BY l.id LIMIT 1",
                                                          &error);

    g_assert_no_error (error);
    retour_stmt_step_row (stmt, "no order line", &error);
    g_assert_no_error (error);
    item.order_line_id = retour_stmt_column_int64 (stmt, 0);
    request.order_id = retour_stmt_column_int64 (stmt, 1);
    fixture->parent_id = g_ascii_strtoll (retour_stmt_column_text (stmt, 2), NULL, 10);
  }
  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (db,
                                                          "SELECT title FROM product WHERE currency = 'EUR' "
                                                          "AND external_id IS NOT NULL ORDER BY title LIMIT 1",
                                                          &error);

    g_assert_no_error (error);
    retour_stmt_step_row (stmt, "no product", &error);
    g_assert_no_error (error);
    fixture->product = retour_stmt_dup_text (stmt, 0);
  }
  item.quantity = 1;
  item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_EXCHANGE;
  request.consent_alternative = TRUE;
  request.override_note = "Agreed on the phone";
  retour_desk_create_return (context, &request, &rma, &error);
  g_assert_no_error (error);
  fixture->rma_id = rma->id;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->emulator, retour_emulator_free);
  g_free (fixture->product);
  ui_test_shop_tear_down (&fixture->shop, data);
}

static gboolean
store_row_says (GtkWidget  *row,
                const char *prefix)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return subtitle != NULL && g_str_has_prefix (subtitle, prefix);
}

/* Scrolls the editor so that @row is at the top of what shows. */
static void
scroll_to (GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point = GRAPHENE_POINT_INIT (0, 0);
  graphene_point_t in_child;

  g_assert_true (gtk_widget_compute_point (row, child, &point, &in_child));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            MAX (in_child.y - 60, 0));
  ui_test_settle (100);
}

static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourContext *context = retour_window_get_context (window);
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GError) error = NULL;
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (context);
  RetourRmaEditor *editor;
  GtkWindow *dialog;
  GtkWidget *store_row, *product_row, *difference;

  /* The store's keys, where the scheduler looks for them. */
  storefront = retour_sync_store_load (retour_context_get_database (context), fixture->store_id, &error);
  g_assert_no_error (error);
  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  retour_keyring_store_async (keyring, storefront, credentials, NULL, on_done, &stored);
  WAIT_UNTIL (stored != NULL);
  retour_keyring_store_finish (keyring, stored, &error);
  g_assert_no_error (error);
  retour_context_set_keyring (context, keyring);

  gtk_window_present (GTK_WINDOW (window));
  retour_window_show_rma (window, fixture->rma_id, NULL);
  editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == fixture->rma_id);
  ui_test_settle (50);

  store_row = require (editor, match_row, "In the Store");
  g_assert_true (gtk_widget_get_visible (store_row));
  g_assert_true (store_row_says (store_row, "Not carried out in the store yet"));
  scroll_to (store_row);
  ui_test_save_png (window, "resolution-exchange-before.png");

  /* Exchange: a product of the store, and what it means for the money. */
  click_button (editor, "Carry Out…");
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_RESOLUTION_DIALOG)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "carry-out"));
  product_row = require (dialog, match_row, fixture->product);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (product_row))),
                               TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "carry-out"));
  difference = require (dialog, match_label_containing, "The customer");
  g_assert_nonnull (difference);
  ui_test_settle (100);
  ui_test_save_png (dialog, "resolution-exchange-dialog.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "carry-out");

  /* The scheduler sends it; the section names the new order. */
  WAIT_UNTIL (retour_emulator_get_resolution_writes (fixture->emulator) == 1 &&
              !retour_sync_scheduler_get_busy (scheduler));
  store_row = require (editor, match_row, "In the Store");
  WAIT_UNTIL (store_row_says (store_row, "Exchange order #"));
  g_assert_cmpuint (retour_emulator_count_exchange_orders (fixture->emulator, fixture->parent_id), ==, 1);
  g_assert_false (gtk_widget_get_visible (require (editor, match_button, "Carry Out…")));
  ui_test_settle (100);
  scroll_to (store_row);
  g_assert_true (gtk_widget_get_mapped (store_row));
  ui_test_save_png (window, "resolution-exchange-done.png");

  /* At a phone's width the result still reads. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 760);
  ui_test_settle (500);
  /* Narrow, the editor is a page of its own, laid out anew. */
  scroll_to (store_row);
  ui_test_settle (300);
  scroll_to (store_row);
  g_assert_true (gtk_widget_get_mapped (store_row));
  ui_test_save_png (window, "resolution-exchange-done-360.png");

  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* No Secret Service, whoever runs the test: never their keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/retour-test-no-bus", TRUE);

  app = ui_test_init_application (&argc, &argv, "the resolution tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/resolution/exchange", Fixture, NULL, fixture_set_up, test_exchange, fixture_tear_down);

  return ui_test_run (&app);
}
