/* test-preferences.c — connecting a store in the preferences, and syncing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application opens a database of its own in a temporary folder;
 * a WooCommerce or Shopify shop is served by the emulator in this
 * process, on http://127.0.0.1 (plain http is allowed to this computer
 * only). The cases go the way a shop owner does: "Connect a Store…" on
 * the welcome page, the form, "Test and Add", "Sync Now", and check what
 * they would: the store's row says when it synced, the orders are in the
 * database, a bad address is refused before anything is saved, and
 * without a keyring nothing is saved either. A refund the shop refuses
 * when the editor records it is announced, waits in the store's queue in
 * the preferences with the shop's reason, and goes with "Retry Now".
 *
 * Keys: the isolated environment has no Secret Service, and a test must
 * never write into the keyring of whoever runs it. The window's context
 * is given a keyring that lives in memory (retour_keyring_new_in_memory),
 * the same seam the app uses for the real one. The session bus address
 * is pointed at nothing, so the Secret Service case fails the way a
 * session without a keyring does, whatever machine runs the test.
 *
 * With RETOUR_SCREENSHOTS=DIR set, the cases also save what the Stores
 * page, the Add Store dialog and a sync under way look like.
 */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <string.h>


#include "retour-add-store-dialog.h"
#include "retour-application.h"
#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-emulator.h"
#include "retour-label-dialog.h"
#include "retour-policy-store.h"
#include "retour-preferences-window.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-number.h"
#include "retour-rma-store.h"
#include "retour-store-group.h"
#include "retour-sync-store.h"
#include "retour-test-rma.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define N_ORDERS        250

static RetourApplication *app;

/* The shop each case connects to. */
static const RetourEmulatorPlatform woocommerce = RETOUR_EMULATOR_WOO;
static const RetourEmulatorPlatform shopify = RETOUR_EMULATOR_SHOPIFY;

typedef struct
{
  UiTestShop      shop;
  RetourEmulator *emulator;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ui_test_shop_set_up (&fixture->shop, data);

  /* Three pages of 100 (WooCommerce) or nine of 30 (Shopify); the second
   * one is slow, so that the sync can be seen under way. Request 1 is the
   * connection test. Shopify's bucket is a Plus plan's, so that the sync
   * does not wait for it. */
  fixture->emulator = retour_emulator_new (*(const RetourEmulatorPlatform *) data, N_ORDERS, 7);
  retour_emulator_set_stall_ms (fixture->emulator, 1500);
  retour_emulator_set_bucket (fixture->emulator, 20000, 1000);
  retour_emulator_add_faults (fixture->emulator, "stall@3", &error);
  g_assert_no_error (error);
  retour_emulator_start (fixture->emulator, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->emulator, retour_emulator_free);
  ui_test_shop_tear_down (&fixture->shop, data);
}

/* Waiting ------------------------------------------------------------------ */

/* Finding what is on screen ------------------------------------------------ */

/* The same, among the rows on show: the write-back queue has two rows of
 * one title, one for when it is empty. */
static gboolean
match_shown_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return match_row (widget, data) && gtk_widget_is_visible (widget);
}

static void
type_into (gpointer    root,
           const char *row_title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (require (root, match_row, row_title)), text);
}

/* What the Add Store dialog says below the form: the label beside the
 * spinner. */
static gboolean
match_message (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && GTK_IS_SPINNER (gtk_widget_get_prev_sibling (widget));
}

static const char *
dialog_message (RetourAddStoreDialog *dialog)
{
  return gtk_label_get_text (GTK_LABEL (require (dialog, match_message, "message")));
}

/* Screenshots -------------------------------------------------------------- */

/* The database ------------------------------------------------------------- */

static gint64
count (const char *path,
       const char *sql)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  stmt = retour_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);

  return retour_stmt_column_int64 (stmt, 0);
}

static guint
count_emulator_orders (RetourEmulator *emulator)
{
  GPtrArray *orders = retour_emulator_get_orders (emulator);
  guint n = 0;

  for (guint i = 0; i < orders->len; i++)
    if (!((RetourEmulatorOrder *) g_ptr_array_index (orders, i))->deleted)
      n++;

  return n;
}

/* The flow ----------------------------------------------------------------- */

/* "Connect a Store…" on the welcome page: the preferences, on the Stores
 * page, with the Add Store dialog over them. */
static RetourAddStoreDialog *
connect_a_store (RetourWindow             *window,
                 RetourPreferencesWindow **out_preferences)
{
  RetourPreferencesWindow *preferences;
  RetourAddStoreDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  click_button (window, "Connect a Store…");

  WAIT_UNTIL ((dialog = (RetourAddStoreDialog *) find_toplevel (RETOUR_TYPE_ADD_STORE_DIALOG)) != NULL);
  preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (retour_preferences_window_get_context (preferences) == retour_window_get_context (window));
  g_assert_cmpstr (adw_preferences_page_get_title (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences))),
                   ==, "Connected Stores");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (preferences));

  *out_preferences = preferences;
  return dialog;
}

static void
fill_in (RetourAddStoreDialog *dialog,
         const char           *url)
{
  type_into (dialog, "Name", "Emulated shop");
  type_into (dialog, "Site Address", url);
  type_into (dialog, "Consumer Key", RETOUR_EMULATOR_WOO_KEY);
  type_into (dialog, "Consumer Secret", RETOUR_EMULATOR_WOO_SECRET);
}

/* The cases ------------------------------------------------------------------ */

/* A requested return of one unit of the first line of the first order
 * synced into @db, not stored yet; that order goes to @order_out. */
static RetourRma *
new_synced_return (RetourDatabase  *db,
                   RetourOrder    **order_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  RetourRma *rma;
  gboolean has_row;

  stmt = retour_database_prepare (db, "SELECT id FROM \"order\" WHERE store_id IS NOT NULL ORDER BY id LIMIT 1",
                                  &error);
  g_assert_no_error (error);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  order = retour_catalog_store_load_order (db, retour_stmt_column_int64 (stmt, 0), &error);
  g_assert_no_error (error);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);

  rma = retour_test_rma_of_line (order, g_ptr_array_index (order->lines, 0), policy->id);

  *order_out = g_steal_pointer (&order);
  return rma;
}

/* Records a refund of 1.00 for the first line of a synced order and
 * queues it for write-back in the same transaction, as the RMA editor
 * does. */
static void
record_synced_refund (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = retour_database_open (path, &error);
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  RetourRefund refund = { 0 };
  RetourRmaLine *line;

  g_assert_no_error (error);
  rma = new_synced_return (db, &order);
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);
  line = g_ptr_array_index (rma->lines, 0);
  line->qty_authorized = 1;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  rma->refund = retour_money_init (100, order->total.currency);
  rma->refund_overridden = TRUE;
  rma->override_note = g_strdup ("Goodwill");
  retour_rma_store_update (db, rma, "test", &error);
  g_assert_no_error (error);

  refund.rma_id = rma->id;
  refund.amount = rma->refund;
  refund.method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
  refund.created_us = g_get_real_time ();
  refund.idempotency_key = g_uuid_string_random ();
  retour_database_begin (db, &error);
  g_assert_no_error (error);
  retour_rma_store_add_refund (db, &refund, &error);
  g_assert_no_error (error);
  retour_sync_store_queue_write_back (db, refund.id, refund.created_us, &error);
  g_assert_no_error (error);
  retour_database_commit (db, &error);
  g_assert_no_error (error);
  g_free (refund.idempotency_key);
}

static void
test_preferences_add_and_sync (Fixture       *fixture,
                               gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourContext *context = retour_window_get_context (window);
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (context);
  RetourPreferencesWindow *preferences = NULL;
  RetourAddStoreDialog *dialog;
  RetourStoreGroup *group;
  AdwActionRow *status_row;
  AdwActionRow *progress_row;
  GtkWidget *weak;
  AdwMessageDialog *confirm;
  gint64 n_orders;

  retour_context_set_keyring (context, keyring);

  dialog = connect_a_store (window, &preferences);
  ui_test_save_png (preferences, "stores-empty.png");

  /* Plain http to another computer: refused as it is typed, and nothing
   * is saved when Test and Add is pressed all the same. */
  fill_in (dialog, "http://shop.example.nl");
  g_assert_nonnull (strstr (dialog_message (dialog), "https://"));
  g_assert_true (gtk_widget_has_css_class (require (dialog, match_row, "Site Address"), "error"));
  g_assert_false (gtk_widget_is_sensitive (require (dialog, match_button, "Test and Add")));
  ui_test_save_png (dialog, "add-store-invalid.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "add-store.add", NULL);
  ui_test_settle (200);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store"), ==, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  /* The emulator, on this computer: allowed over http. */
  type_into (dialog, "Site Address", retour_emulator_get_url (fixture->emulator));
  g_assert_cmpstr (dialog_message (dialog), ==, "");
  ui_test_save_png (dialog, "add-store.png");
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  click_button (dialog, "Test and Add");
  WAIT_UNTIL (weak == NULL);

  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store"), ==, 1);
  /* Only the address and the name went to the database. */
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store WHERE name = 'Emulated shop' "
                                              "AND platform = 'woocommerce' AND write_back = 0 "
                                              "AND refund_via_gateway = 0 AND sync_interval_min = 0"), ==, 1);

  WAIT_UNTIL ((group = (RetourStoreGroup *) find_widget (GTK_WIDGET (preferences), match_type,
                                                         GSIZE_TO_POINTER (RETOUR_TYPE_STORE_GROUP))) != NULL);
  status_row = ADW_ACTION_ROW (require (group, match_row, "Last Sync"));
  progress_row = ADW_ACTION_ROW (require (group, match_row, "Syncing"));
  g_assert_cmpstr (adw_action_row_get_subtitle (status_row), ==, "Never");
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "Emulated shop");
  ui_test_save_png (preferences, "stores.png");

  /* Sync Now: the progress shows while the slow page is on its way. */
  click_button (group, "Sync Now");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (progress_row)) &&
              g_str_has_suffix (adw_action_row_get_subtitle (progress_row), "of 250 orders"));
  g_assert_false (gtk_widget_is_sensitive (require (group, match_button, "Sync Now")));
  ui_test_save_png (preferences, "sync-in-progress.png");

  WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
  ui_test_settle (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (progress_row)));
  g_assert_false (gtk_widget_get_visible (require (group, match_row, "The Last Sync Failed")));
  g_assert_cmpstr (adw_action_row_get_subtitle (status_row), ==, "Just now");
  g_assert_true (gtk_widget_is_sensitive (require (group, match_button, "Sync Now")));
  ui_test_save_png (preferences, "stores-synced.png");

  /* Every order of the shop, once. */
  n_orders = count (fixture->shop.path, "SELECT count(*) FROM \"order\" WHERE store_id IS NOT NULL");
  g_assert_cmpint (n_orders, ==, count_emulator_orders (fixture->emulator));
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(DISTINCT external_id) FROM \"order\""), ==, n_orders);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store WHERE last_sync_us > 0 "
                                              "AND last_error IS NULL"), ==, 1);

  /* The shop is not empty any more: the window left the welcome page. */
  WAIT_UNTIL (find_widget (GTK_WIDGET (window), match_type, GSIZE_TO_POINTER (ADW_TYPE_STATUS_PAGE)) == NULL ||
              !gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), match_type,
                                                   GSIZE_TO_POINTER (ADW_TYPE_STATUS_PAGE))));

  /* Options go to the store's row. Just synced, a store set to sync
   * every 15 minutes is not due yet; write-back is what the gateway
   * switch depends on. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (group, match_row, "Sync Automatically")), 1);
  g_assert_cmpint (count (fixture->shop.path, "SELECT sync_interval_min FROM store"), ==, 15);
  g_assert_false (retour_sync_scheduler_get_busy (scheduler));
  g_assert_false (gtk_widget_is_sensitive (require (group, match_row, "Refund Through the Payment Gateway")));
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (
                           ADW_ACTION_ROW (require (group, match_row, "Write Refunds Back to the Store")))), TRUE);
  g_assert_cmpint (count (fixture->shop.path, "SELECT write_back FROM store"), ==, 1);
  g_assert_true (gtk_widget_is_sensitive (require (group, match_row, "Refund Through the Payment Gateway")));
  g_assert_cmpint (count (fixture->shop.path, "SELECT refund_via_gateway FROM store"), ==, 0);

  /* A refund recorded for a synced order goes to the store once, even
   * when a sync of the same store is asked for at the same moment: the
   * scheduler runs them in turn. */
  {
    gint64 store_id = count (fixture->shop.path, "SELECT id FROM store");
    gint64 last_sync = count (fixture->shop.path, "SELECT last_sync_us FROM store");
    guint writes = retour_emulator_get_writes (fixture->emulator);

    /* On its own: sent at once, and not taken for a sync. */
    record_synced_refund (fixture->shop.path);
    retour_sync_scheduler_write_back (scheduler, store_id);
    WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
    g_assert_cmpuint (retour_emulator_get_writes (fixture->emulator), ==, writes + 1);
    g_assert_cmpint (count (fixture->shop.path, "SELECT last_sync_us FROM store"), ==, last_sync);

    /* With a sync asked for at the same moment: still sent once. */
    record_synced_refund (fixture->shop.path);
    retour_sync_scheduler_write_back (scheduler, store_id);
    retour_sync_scheduler_sync (scheduler, store_id);
    WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
    g_assert_cmpuint (retour_emulator_get_writes (fixture->emulator), ==, writes + 2);
    g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM refund WHERE external_id IS NOT NULL"), ==, 2);
  }

  /* Remove, confirmed: the store goes, its orders stay. */
  gtk_widget_activate_action (GTK_WIDGET (group), "store.remove", NULL);
  WAIT_UNTIL ((confirm = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "stay"));
  ui_test_save_png (confirm, "remove-store.png");
  adw_message_dialog_response (confirm, "remove");
  WAIT_UNTIL (find_widget (GTK_WIDGET (preferences), match_type, GSIZE_TO_POINTER (RETOUR_TYPE_STORE_GROUP)) == NULL);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store"), ==, 0);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM \"order\""), ==, n_orders);

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

static RetourStoreGroup *
find_store_group (RetourPreferencesWindow *preferences)
{
  RetourStoreGroup *group;

  WAIT_UNTIL ((group = (RetourStoreGroup *) find_widget (GTK_WIDGET (preferences), match_type,
                                                         GSIZE_TO_POINTER (RETOUR_TYPE_STORE_GROUP))) != NULL);
  return group;
}

/* "Sync Now", and wait until the run is over. */
static void
sync_now (RetourContext    *context,
          RetourStoreGroup *group)
{
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (context);

  /* A button clicks a moment after it is activated, as on screen. */
  click_button (group, "Sync Now");
  WAIT_UNTIL (retour_sync_scheduler_get_busy (scheduler));
  WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
  ui_test_settle (100);
}

/* Shopify, through the same form: the platform changes what it asks
 * for, a domain that is not Shopify's is refused as it is typed, and the
 * store added syncs every order of the shop. */
static void
test_preferences_add_shopify (Fixture       *fixture,
                              gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourContext *context = retour_window_get_context (window);
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  RetourPreferencesWindow *preferences = NULL;
  RetourAddStoreDialog *dialog;
  RetourStoreGroup *group;
  AdwActionRow *progress_row;
  g_autofree char *description = NULL;
  g_autofree char *stored = NULL;
  GtkWidget *weak;
  gint64 n_orders;

  retour_context_set_keyring (context, keyring);

  dialog = connect_a_store (window, &preferences);
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (dialog, match_row, "Platform")), 1);
  g_assert_false (gtk_widget_get_visible (require (dialog, match_row, "Consumer Key")));
  g_assert_false (gtk_widget_get_visible (require (dialog, match_row, "Consumer Secret")));
  g_assert_true (gtk_widget_get_visible (require (dialog, match_row, "Admin API Access Token")));
  g_assert_nonnull (strstr (dialog_message (dialog), "access token"));

  type_into (dialog, "Name", "Emulated Shopify");
  type_into (dialog, "Admin API Access Token", RETOUR_EMULATOR_SHOPIFY_TOKEN);
  type_into (dialog, "Shop Domain", "https://shop.example.nl");
  g_assert_nonnull (strstr (dialog_message (dialog), ".myshopify.com"));
  g_assert_true (gtk_widget_has_css_class (require (dialog, match_row, "Shop Domain"), "error"));
  g_assert_false (gtk_widget_is_sensitive (require (dialog, match_button, "Test and Add")));

  /* The emulator, on this computer: allowed over http. */
  type_into (dialog, "Shop Domain", retour_emulator_get_url (fixture->emulator));
  g_assert_cmpstr (dialog_message (dialog), ==, "");
  ui_test_save_png (dialog, "add-shopify-store.png");
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  click_button (dialog, "Test and Add");
  WAIT_UNTIL (weak == NULL);

  /* The address and the name in the database, the token in the keyring. */
  stored = g_strdup_printf ("SELECT count(*) FROM store WHERE name = 'Emulated Shopify' AND platform = 'shopify' "
                            "AND base_url = '%s' AND write_back = 0", retour_emulator_get_url (fixture->emulator));
  g_assert_cmpint (count (fixture->shop.path, stored), ==, 1);

  group = find_store_group (preferences);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "Emulated Shopify");
  description = g_strdup_printf ("Shopify · %s", retour_emulator_get_url (fixture->emulator));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, description);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (group, match_row, "Last Sync"))), ==, "Never");
  /* Shopify refunds never go through the gateway from here. */
  g_assert_false (gtk_widget_get_visible (require (group, match_row, "Refund Through the Payment Gateway")));

  /* Sync Now: Shopify does not say how many orders there are, so the
   * progress counts them. */
  progress_row = ADW_ACTION_ROW (require (group, match_row, "Syncing"));
  click_button (group, "Sync Now");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (progress_row)) &&
              g_str_has_suffix (adw_action_row_get_subtitle (progress_row), "orders so far"));
  ui_test_save_png (preferences, "shopify-sync-in-progress.png");
  WAIT_UNTIL (!retour_sync_scheduler_get_busy (retour_context_get_sync_scheduler (context)));
  ui_test_settle (100);
  g_assert_false (gtk_widget_get_visible (require (group, match_row, "The Last Sync Failed")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (group, match_row, "Last Sync"))), ==,
                   "Just now");

  /* Every order of the shop, once, under its Shopify id. */
  n_orders = count (fixture->shop.path, "SELECT count(*) FROM \"order\" WHERE store_id IS NOT NULL");
  g_assert_cmpint (n_orders, ==, count_emulator_orders (fixture->emulator));
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(DISTINCT external_id) FROM \"order\" "
                                              "WHERE external_id LIKE 'gid://shopify/Order/%'"), ==, n_orders);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store WHERE last_sync_us > 0 "
                                              "AND last_error IS NULL"), ==, 1);

  /* Write-back off, no queue to show; on, an empty one. */
  g_assert_null (find_widget (GTK_WIDGET (group), match_shown_row, "Refunds to Write Back"));
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (
                           ADW_ACTION_ROW (require (group, match_row, "Write Refunds Back to the Store")))), TRUE);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (group, match_shown_row,
                                                                                  "Refunds to Write Back"))),
                            "None waiting"));
  ui_test_save_png (preferences, "shopify-store.png");

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

/* A resolved return of one unit of the first line of a synced order,
 * its refund due: what the editor pays back. */
static RetourRma *
resolved_return (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = retour_database_open (path, &error);
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  RetourRmaLine *line;

  g_assert_no_error (error);
  rma = new_synced_return (db, &order);
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  rma->refund_method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
  line = g_ptr_array_index (rma->lines, 0);
  line->product_id = ((const RetourOrderLine *) g_ptr_array_index (order->lines, 0))->product_id;
  line->qty_authorized = 1;
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  line = g_ptr_array_index (rma->lines, 0);
  line->qty_received = 1;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_RECEIVED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  line->qty_accepted = 1;
  line->condition = RETOUR_CONDITION_NEW_UNOPENED;
  line->disposition = RETOUR_DISPOSITION_RESTOCK;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_INSPECTED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_RESOLVED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (rma->number);
  g_assert_cmpint (rma->refund.minor, >, 0);
  g_assert_true (retour_rma_store_refund_is_due (db, rma, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&rma);
}

/* The shop refuses a refund the editor records: the refund is kept, the
 * editor says it will be sent again, the store's queue in the
 * preferences shows it with the shop's reason, and "Retry Now" sends it
 * once the shop takes it. */
static void
test_preferences_write_back_failure (Fixture       *fixture,
                                     gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourContext *context = retour_window_get_context (window);
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (context);
  RetourPreferencesWindow *preferences = NULL;
  RetourAddStoreDialog *dialog;
  RetourStoreGroup *group;
  RetourRmaEditor *editor;
  GtkWindow *confirm;
  GtkWidget *queue_row, *refund_row, *weak;
  g_autoptr(RetourRma) rma = NULL;
  g_autofree char *number = NULL;
  g_autofree char *amount = NULL;
  const char *subtitle;

  retour_context_set_keyring (context, keyring);

  /* A store, synced, that takes refunds. */
  dialog = connect_a_store (window, &preferences);
  fill_in (dialog, retour_emulator_get_url (fixture->emulator));
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  click_button (dialog, "Test and Add");
  WAIT_UNTIL (weak == NULL);
  group = find_store_group (preferences);
  sync_now (context, group);
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (
                           ADW_ACTION_ROW (require (group, match_row, "Write Refunds Back to the Store")))), TRUE);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (group, match_shown_row,
                                                                                  "Refunds to Write Back"))),
                            "None waiting"));
  ui_test_close_window (preferences);

  /* The editor records the refund; the shop refuses it. */
  rma = resolved_return (fixture->shop.path);
  retour_emulator_add_faults (fixture->emulator, "refuse-refund", NULL);
  gtk_window_present (GTK_WINDOW (window));
  retour_window_show_rma (window, rma->id, NULL);
  editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == rma->id);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.record-refund", NULL);
  WAIT_UNTIL ((confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (confirm)));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "record");

  /* Said at once, with the shop's reason, and that it is not lost. */
  WAIT_UNTIL (find_widget (GTK_WIDGET (window), match_label_containing, "will try again") != NULL);
  {
    const char *text = gtk_label_get_text (GTK_LABEL (require (window, match_label_containing, "will try again")));

    g_assert_true (g_str_has_prefix (text, "Refund recorded and queued"));
    g_assert_nonnull (strstr (text, "Emulated shop"));
    g_assert_nonnull (strstr (text, "Invalid refund amount"));
  }
  ui_test_save_png (window, "write-back-failed.png");
  g_assert_false (retour_sync_scheduler_get_busy (scheduler));
  g_assert_cmpuint (retour_emulator_get_writes (fixture->emulator), ==, 1);
  g_assert_cmpuint (retour_emulator_get_refunds (fixture->emulator), ==, 0);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM refund WHERE external_id IS NULL"), ==, 1);

  /* The preferences show it waiting, with why. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  group = find_store_group (preferences);
  /* The Stores page, as a person picks it. */
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (group),
                                                                                          ADW_TYPE_PREFERENCES_PAGE)));
  queue_row = require (group, match_shown_row, "Refunds to Write Back");
  g_assert_true (ADW_IS_EXPANDER_ROW (queue_row));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (queue_row)), ==, "1 refund waiting");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (queue_row), TRUE);
  number = retour_rma_number_display (rma->number);
  amount = retour_money_format (rma->refund);
  refund_row = require (queue_row, match_row_prefix, number);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (refund_row)), amount));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (refund_row));
  g_assert_true (g_str_has_prefix (subtitle, "Failed after 1 attempt: "));
  g_assert_nonnull (strstr (subtitle, "Invalid refund amount"));
  ui_test_settle (100);
  g_assert_true (gtk_widget_get_mapped (refund_row));
  ui_test_save_png (preferences, "write-back-queue.png");

  /* The shop takes it now: Retry Now sends it, once. */
  click_button (group, "Retry Now");
  WAIT_UNTIL (retour_emulator_get_writes (fixture->emulator) == 2 && !retour_sync_scheduler_get_busy (scheduler));
  WAIT_UNTIL (find_widget (GTK_WIDGET (preferences), match_label_containing, "The waiting refunds are on") != NULL);
  g_assert_cmpuint (retour_emulator_get_writes (fixture->emulator), ==, 2);
  g_assert_cmpuint (retour_emulator_get_refunds (fixture->emulator), ==, 1);
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM refund WHERE external_id IS NOT NULL"), ==, 1);
  g_assert_false (gtk_widget_get_visible (queue_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (group, match_shown_row,
                                                                                  "Refunds to Write Back"))),
                            "None waiting"));

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

/* The customer asks, in their Shopify account, to return one unit of the
 * first line of the @skip-th order that still has all of it. */
static gint64
ask_in_shopify (RetourEmulator *emulator,
                guint           skip,
                const char     *reason,
                const char     *note)
{
  GPtrArray *orders = retour_emulator_get_orders (emulator);
  const guint one[] = { 1 };

  for (guint i = 0; i < orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (orders, i);
      gboolean whole = !order->deleted && !g_str_equal (order->status, "cancelled") && order->lines->len == 1;

      for (guint j = 0; j < order->lines->len; j++)
        whole = whole && ((RetourEmulatorLine *) order->lines->pdata[j])->current_quantity > 0;
      if (whole && skip-- == 0)
        return retour_emulator_request_return (emulator, order, one, reason, note);
    }

  g_assert_not_reached ();
}

static void
exec_sql (const char *path,
          const char *sql)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  stmt = retour_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  retour_stmt_run (stmt, &error);
  g_assert_no_error (error);
}

static RetourRmaEditor *
show_return (RetourWindow *window,
             gint64        rma_id)
{
  RetourRmaEditor *editor;

  gtk_window_present (GTK_WINDOW (window));
  retour_window_show_rma (window, rma_id, NULL);
  editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == rma_id);
  ui_test_settle (50);

  return editor;
}

/* Two customers ask for returns in their Shopify account. After a sync
 * both are returns, waiting for a decision, and the editor says where
 * they came from. Rejecting one asks why, in Shopify's terms, and for a
 * message; Shopify has the decline right away, with both. Authorizing the
 * other approves it in Shopify, and the label made for it lands in the
 * customer's account there; the editor follows each step. */
static void
test_preferences_shopify_requests (Fixture       *fixture,
                                   gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourContext *context = retour_window_get_context (window);
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (context);
  RetourPreferencesWindow *preferences = NULL;
  RetourAddStoreDialog *dialog;
  RetourStoreGroup *group;
  RetourRmaEditor *editor;
  GtkWindow *confirm, *label_dialog;
  GtkWidget *weak;
  g_autoptr(GBytes) label = NULL;
  g_autofree char *sql = NULL;
  const char *reason = NULL, *note = NULL;
  gint64 decline_id, approve_id, decline_rma, approve_rma;

  retour_context_set_keyring (context, keyring);

  dialog = connect_a_store (window, &preferences);
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (dialog, match_row, "Platform")), 1);
  type_into (dialog, "Name", "Emulated Shopify");
  type_into (dialog, "Admin API Access Token", RETOUR_EMULATOR_SHOPIFY_TOKEN);
  type_into (dialog, "Shop Domain", retour_emulator_get_url (fixture->emulator));
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  click_button (dialog, "Test and Add");
  WAIT_UNTIL (weak == NULL);
  group = find_store_group (preferences);
  sync_now (context, group);

  /* Shopify's reasons as the shop's: by default, and as the shop maps
   * them on the same page. */
  {
    AdwComboRow *style = ADW_COMBO_ROW (require (preferences, match_row, "Style"));
    AdwComboRow *small = ADW_COMBO_ROW (require (preferences, match_row, "Size was too small"));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (style)));
    g_assert_cmpuint (adw_combo_row_get_selected (small), >, 0);
    g_assert_cmpuint (adw_combo_row_get_selected (style), >, 0);
    adw_combo_row_set_selected (style, 0);
    gtk_widget_grab_focus (GTK_WIDGET (style));
    ui_test_settle (100);
    ui_test_save_png (preferences, "shopify-request-reasons.png");
    g_assert_cmpint (count (fixture->shop.path, "SELECT count (*) FROM setting "
                                                "WHERE key = 'storefront-reason-STYLE' AND value = 'none'"), ==, 1);
  }

  decline_id = ask_in_shopify (fixture->emulator, 0, "STYLE", "Too bright");
  approve_id = ask_in_shopify (fixture->emulator, 1, "SIZE_TOO_SMALL", NULL);
  sync_now (context, group);
  ui_test_close_window (preferences);

  sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM rma WHERE status = 'requested' "
                         "AND storefront_return_id = 'gid://shopify/Return/%" G_GINT64_FORMAT "'", decline_id);
  decline_rma = count (fixture->shop.path, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM rma WHERE status = 'requested' "
                         "AND storefront_return_id = 'gid://shopify/Return/%" G_GINT64_FORMAT "'", approve_id);
  approve_rma = count (fixture->shop.path, sql);
  g_assert_cmpint (decline_rma, >, 0);
  g_assert_cmpint (approve_rma, >, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM rma_line l JOIN reason r ON r.id = l.reason_id "
                         "WHERE l.rma_id = %" G_GINT64_FORMAT " AND r.code = 'wrong-size'", approve_rma);
  g_assert_cmpint (count (fixture->shop.path, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM rma_line WHERE rma_id = %" G_GINT64_FORMAT " AND reason_id IS NULL "
                         "AND notes = 'Too bright'", decline_rma);
  g_assert_cmpint (count (fixture->shop.path, sql), ==, 1);

  /* Where it came from, and what it waits for. */
  editor = show_return (window, decline_rma);
  g_assert_true (gtk_widget_get_visible (require (editor, match_row, "Asked for by the customer in Emulated Shopify")));
  g_assert_true (gtk_widget_get_visible (require (editor, match_row, "Waiting for your decision")));

  /* Rejected: why, and a message, go to Shopify now. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.transition", "s", "rejected");
  WAIT_UNTIL ((confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (confirm)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (require (confirm, match_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN))),
                              RETOUR_DECLINE_RETURN_PERIOD_ENDED);
  gtk_editable_set_text (GTK_EDITABLE (require (confirm, match_type, GSIZE_TO_POINTER (GTK_TYPE_ENTRY))),
                         "Bought in March");
  ui_test_save_png (confirm, "decline-request.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "confirm");
  WAIT_UNTIL (g_strcmp0 (retour_emulator_get_return_status (fixture->emulator, decline_id, &reason, &note),
                         "DECLINED") == 0);
  g_assert_cmpstr (reason, ==, "RETURN_PERIOD_ENDED");
  g_assert_cmpstr (note, ==, "Bought in March");
  WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
  WAIT_UNTIL (find_widget (GTK_WIDGET (editor), match_row, "The store has your decline") != NULL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (editor, match_row,
                                                                                  "The store has your decline"))),
                            "The return period has ended"));

  /* Authorized: approved in Shopify; the label follows it there. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE rma_line SET qty_authorized = qty_requested WHERE rma_id = %" G_GINT64_FORMAT,
                         approve_rma);
  exec_sql (fixture->shop.path, sql);
  editor = show_return (window, approve_rma);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.transition", "s", "authorized");
  WAIT_UNTIL (g_strcmp0 (retour_emulator_get_return_status (fixture->emulator, approve_id, NULL, NULL), "OPEN") == 0);
  WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
  WAIT_UNTIL (find_widget (GTK_WIDGET (editor), match_row, "The store has your approval") != NULL);
  g_assert_true (gtk_widget_get_visible (require (editor, match_row, "No return label in the store yet")));

  retour_label_dialog_present (GTK_WINDOW (window), context, approve_rma);
  WAIT_UNTIL ((label = retour_emulator_get_return_label (fixture->emulator, approve_id)) != NULL);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (label, NULL), "%PDF-"));
  WAIT_UNTIL (!retour_sync_scheduler_get_busy (scheduler));
  label_dialog = find_toplevel (RETOUR_TYPE_LABEL_DIALOG);
  ui_test_close_window (label_dialog);
  WAIT_UNTIL (find_widget (GTK_WIDGET (editor), match_row, "The return label is in the customer’s account") != NULL);
  g_assert_cmpuint (retour_emulator_get_deliveries (fixture->emulator), ==, 1);
  ui_test_save_png (window, "request-approved.png");

  ui_test_close_window (window);
}

/* An order the sync cannot read is listed with the store, with why, and
 * goes from the list once the shop has fixed it. */
static void
test_preferences_unreadable_order (Fixture       *fixture,
                                   gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourContext *context = retour_window_get_context (window);
  g_autoptr(RetourKeyring) keyring = retour_keyring_new_in_memory ();
  GPtrArray *orders = retour_emulator_get_orders (fixture->emulator);
  RetourEmulatorOrder *bad = g_ptr_array_index (orders, 7);
  g_autofree char *currency = g_strdup (bad->currency);
  RetourPreferencesWindow *preferences = NULL;
  RetourAddStoreDialog *dialog;
  RetourStoreGroup *group;
  GtkWidget *problems_row, *weak;
  g_autofree char *title = g_strdup_printf ("Order %s", bad->number);

  retour_context_set_keyring (context, keyring);
  g_free (bad->currency);
  bad->currency = g_strdup ("ZZZ");

  dialog = connect_a_store (window, &preferences);
  fill_in (dialog, retour_emulator_get_url (fixture->emulator));
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  click_button (dialog, "Test and Add");
  WAIT_UNTIL (weak == NULL);
  group = find_store_group (preferences);
  g_assert_null (find_widget (GTK_WIDGET (group), match_shown_row, "Orders That Could Not Be Read"));

  sync_now (context, group);
  /* The sync went well for every other order. */
  g_assert_false (gtk_widget_get_visible (require (group, match_row, "The Last Sync Failed")));
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM \"order\" WHERE store_id IS NOT NULL"),
                   ==, count_emulator_orders (fixture->emulator) - 1);
  problems_row = require (group, match_shown_row, "Orders That Could Not Be Read");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (problems_row)), ==,
                   "1 order skipped; every sync asks for it again");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (problems_row), TRUE);
  ui_test_settle (100);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (require (group, match_row, title))),
                            "currency"));
  ui_test_save_png (preferences, "stores-unreadable-order.png");

  /* Fixed in the shop: the next sync reads it. */
  g_free (bad->currency);
  bad->currency = g_steal_pointer (&currency);
  sync_now (context, group);
  g_assert_null (find_widget (GTK_WIDGET (group), match_shown_row, "Orders That Could Not Be Read"));
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM \"order\" WHERE store_id IS NOT NULL"),
                   ==, count_emulator_orders (fixture->emulator));

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

static void
test_preferences_no_keyring (Fixture       *fixture,
                             gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourPreferencesWindow *preferences = NULL;
  RetourAddStoreDialog *dialog;

  /* The context keeps its Secret Service keyring, which this session
   * does not have. */
  dialog = connect_a_store (window, &preferences);
  fill_in (dialog, retour_emulator_get_url (fixture->emulator));
  click_button (dialog, "Test and Add");

  WAIT_UNTIL (strstr (dialog_message (dialog), "not added") != NULL);
  g_assert_nonnull (strstr (dialog_message (dialog), "no keyring"));
  g_assert_true (gtk_widget_has_css_class (require (dialog, match_message, "message"), "error"));
  ui_test_save_png (dialog, "add-store-no-keyring.png");
  g_assert_cmpint (count (fixture->shop.path, "SELECT count(*) FROM store"), ==, 0);
  /* What was typed is still there, to try again. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (require (dialog, match_row, "Name"))), ==, "Emulated shop");
  g_assert_true (gtk_widget_is_sensitive (require (dialog, match_button, "Test and Add")));

  ui_test_close_window (dialog);
  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* No Secret Service, whoever runs the test: never their keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/retour-test-no-bus", TRUE);

  app = ui_test_init_application (&argc, &argv, "the preferences tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/preferences/add-and-sync", Fixture, &woocommerce,
              fixture_set_up, test_preferences_add_and_sync, fixture_tear_down);
  g_test_add ("/ui/preferences/add-shopify", Fixture, &shopify,
              fixture_set_up, test_preferences_add_shopify, fixture_tear_down);
  g_test_add ("/ui/preferences/write-back-failure", Fixture, &woocommerce,
              fixture_set_up, test_preferences_write_back_failure, fixture_tear_down);
  g_test_add ("/ui/preferences/shopify-requests", Fixture, &shopify,
              fixture_set_up, test_preferences_shopify_requests, fixture_tear_down);
  g_test_add ("/ui/preferences/unreadable-order", Fixture, &woocommerce,
              fixture_set_up, test_preferences_unreadable_order, fixture_tear_down);
  g_test_add ("/ui/preferences/no-keyring", Fixture, &woocommerce,
              fixture_set_up, test_preferences_no_keyring, fixture_tear_down);

  return ui_test_run (&app);
}
