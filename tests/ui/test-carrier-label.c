/* test-carrier-label.c — the carrier label dialog, from the editor and
 * against the carrier emulator in this process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor of an authorized return opens the dialog; without a carrier
 * set up it says what is missing and offers to try again. With PostNL's
 * emulated account the dialog buys the label, shows the carrier's PDF
 * in its preview with the tracking number in its title, and prints it
 * as one 100 × 150 mm page.
 */
#define G_LOG_DOMAIN "test-carrier-label"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "retour-carrier-emulator.h"
#include "retour-carrier-label-dialog.h"
#include "retour-carriers-page.h"
#include "retour-catalog-store.h"
#include "retour-desk.h"
#include "retour-label-view.h"
#include "retour-policy-store.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-setting-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static RetourApplication *app;

typedef struct
{
  UiTestShop      shop;
  RetourDatabase *db;
  RetourContext  *context;
  gint64          rma_id;
} Fixture;

/* A Dutch customer's return of a lamp, authorized, and the shop's
 * returns address; PostNL for customers in the Netherlands. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) rma = NULL;
  RetourOrderLine *line = retour_order_line_new ();
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_real_time ();

  ui_test_shop_set_up (&fixture->shop, data);
  fixture->db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  fixture->context = retour_context_new (fixture->db);

  product->sku = g_strdup ("LMP-01");
  product->title = g_strdup ("Desk lamp");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (fixture->db, product, &error);
  g_assert_no_error (error);
  customer->first_name = g_strdup ("Anna");
  customer->last_name = g_strdup ("de Vries");
  customer->email = g_strdup ("anna@example.nl");
  retour_catalog_store_upsert_customer (fixture->db, customer, now_us, &error);
  g_assert_no_error (error);
  order->number = g_strdup ("1001");
  order->customer_id = customer->id;
  order->total = retour_money_init (1995, "EUR");
  order->ordered_us = now_us - 10 * DAY_US;
  order->delivered_us = now_us - 5 * DAY_US;
  order->ship_name = g_strdup ("Anna de Vries");
  order->ship_address1 = g_strdup ("Hoofdstraat 12 a");
  order->ship_postcode = g_strdup ("3511 AB");
  order->ship_city = g_strdup ("Utrecht");
  order->ship_country = g_strdup ("NL");
  line->product_id = product->id;
  line->sku = g_strdup ("LMP-01");
  line->title = g_strdup ("Desk lamp");
  line->quantity = 1;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (1995, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (fixture->db, order, &error);
  g_assert_no_error (error);

  reasons = retour_policy_store_list_reasons (fixture->db, FALSE, &error);
  g_assert_no_error (error);
  item.order_line_id = line->id;
  item.quantity = 1;
  item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;
  retour_desk_create_return (fixture->context, &request, &rma, &error);
  g_assert_no_error (error);
  fixture->rma_id = rma->id;

  retour_setting_store_set (fixture->db, RETOUR_SETTING_RETURN_ADDRESS,
                            "Retour Test Shop\nKanaalweg 4\n3526 KL Utrecht", &error);
  g_assert_no_error (error);
  retour_carrier_store_set_default (fixture->db, "NL", "postnl", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->db);
  ui_test_shop_tear_down (&fixture->shop, data);
}

static gboolean
match_no_label_page (GtkWidget     *widget,
                     gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), data) == 0;
}

/* The editor's Carrier Label button opens the dialog; with no PostNL
 * account set up, it says so and waits to try again. */
static void
test_from_the_editor (Fixture       *fixture,
                      gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourRmaEditor *editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  GtkWindow *dialog = NULL;
  GtkWidget *page;

  retour_window_show_rma (window, fixture->rma_id, NULL);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == fixture->rma_id);
  ui_test_settle (50);

  click_button (editor, "Carrier Label…");
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_CARRIER_LABEL_DIALOG)) != NULL);
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_no_label_page, "No Carrier Label") != NULL);
  page = find_widget (GTK_WIDGET (dialog), match_no_label_page, "No Carrier Label");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), "PostNL"));
  g_assert_null (retour_carrier_label_dialog_get_label (RETOUR_CARRIER_LABEL_DIALOG (dialog)));

  gtk_window_destroy (dialog);
  ui_test_close_window (window);
}

static void
test_buys_and_previews (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RetourCarrierEmulator) emulator = retour_carrier_emulator_new ();
  g_autoptr(RetourCarrierAccount) account = retour_carrier_account_new ("postnl");
  g_autoptr(RetourHttp) http = retour_http_new ();
  g_autoptr(RetourCarrier) carrier = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GObject) printed = NULL;
  g_autoptr(GObject) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->shop.dir, "printed.pdf", NULL);
  g_autofree char *uri = NULL;
  RetourCarrierLabelDialog *dialog;
  const RetourCarrierRecord *label;
  RetourLabelView *view;
  const char *subtitle;
  double width, height;

  retour_carrier_emulator_start (emulator, &error);
  g_assert_no_error (error);
  account->base_url = g_strdup (retour_carrier_emulator_get_url (emulator));
  account->tracking_url = g_strdup (retour_carrier_emulator_get_url (emulator));
  account->account = g_strdup (RETOUR_CARRIER_EMULATOR_ACCOUNT);
  account->code = g_strdup (RETOUR_CARRIER_EMULATOR_CODE);
  account->key = g_strdup (RETOUR_CARRIER_EMULATOR_KEY);
  carrier = retour_carrier_new (http, account, &error);
  g_assert_no_error (error);

  dialog = retour_carrier_label_dialog_new (NULL, fixture->context, fixture->rma_id, carrier);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_UNTIL (retour_carrier_label_dialog_get_label (dialog) != NULL);
  label = retour_carrier_label_dialog_get_label (dialog);
  g_assert_cmpstr (label->carrier, ==, "postnl");
  g_assert_cmpuint (retour_carrier_emulator_get_labels (emulator, "postnl"), ==, 1);

  view = RETOUR_LABEL_VIEW (find_widget (GTK_WIDGET (dialog), match_type, GSIZE_TO_POINTER (RETOUR_TYPE_LABEL_VIEW)));
  g_assert_nonnull (view);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0);
  g_assert_cmpint (retour_label_view_get_n_pages (view), ==, 1);
  subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (dialog), match_type,
                                                                          GSIZE_TO_POINTER (ADW_TYPE_WINDOW_TITLE))));
  g_assert_nonnull (strstr (subtitle, label->tracking_number));
  g_assert_nonnull (strstr (subtitle, "PostNL"));
  ui_test_save_png (dialog, "carrier-label.png");

  operation = retour_carrier_label_dialog_create_print_operation (dialog);
  g_assert_nonnull (operation);
  gtk_print_operation_set_export_filename (operation, path);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  uri = g_filename_to_uri (path, NULL, NULL);
  printed = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (POPPLER_DOCUMENT (printed)), ==, 1);
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (printed), 0));
  poppler_page_get_size (POPPLER_PAGE (page), &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 100 / 25.4 * 72, 1);
  g_assert_cmpfloat_with_epsilon (height, 150 / 25.4 * 72, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
}

/* The Carriers page tries the keys before it keeps anything: PostNL's
 * emulator refuses a wrong key, and neither key nor settings are kept;
 * the country's default is a switch. */
static void
test_carriers_page (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RetourCarrierEmulator) emulator = retour_carrier_emulator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base_key = retour_carrier_store_setting_key ("postnl", "base-url");
  g_autofree char *tracking_key = retour_carrier_store_setting_key ("postnl", "tracking-url");
  g_autofree char *account_key = retour_carrier_store_setting_key ("postnl", "account");
  g_autofree char *saved = NULL;
  g_autofree char *dutch = NULL;
  AdwPreferencesWindow *window;
  RetourCarriersPage *page;
  GtkWidget *save;
  GtkWidget *row;

  retour_carrier_emulator_start (emulator, &error);
  g_assert_no_error (error);
  retour_setting_store_set (fixture->db, base_key, retour_carrier_emulator_get_url (emulator), &error);
  retour_setting_store_set (fixture->db, tracking_key, retour_carrier_emulator_get_url (emulator), &error);
  g_assert_no_error (error);
  retour_carrier_store_set_default (fixture->db, "NL", NULL, &error);
  g_assert_no_error (error);

  window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  page = g_object_new (RETOUR_TYPE_CARRIERS_PAGE, "context", fixture->context, NULL);
  adw_preferences_window_add (window, ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));

  gtk_editable_set_text (GTK_EDITABLE (require (page, match_entry_row, "Customer Number")),
                         RETOUR_CARRIER_EMULATOR_ACCOUNT);
  gtk_editable_set_text (GTK_EDITABLE (require (page, match_entry_row, "Customer Code")),
                         RETOUR_CARRIER_EMULATOR_CODE);
  row = find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (ADW_TYPE_PASSWORD_ENTRY_ROW));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "API Key");
  gtk_editable_set_text (GTK_EDITABLE (row), "not-the-key");

  save = require (page, match_button, "Test and Save");
  click_button (page, "Test and Save");
  WAIT_UNTIL (retour_carrier_emulator_get_requests (emulator, "postnl") > 0 && gtk_widget_is_sensitive (save));
  saved = retour_setting_store_get (fixture->db, account_key, "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, "");
  g_assert_cmpuint (retour_carrier_emulator_get_labels (emulator, "postnl"), ==, 0);

  /* PostNL's group comes first: its switch is the first. */
  gtk_switch_set_active (GTK_SWITCH (find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH))),
                         TRUE);
  dutch = retour_carrier_store_get_default (fixture->db, "NL", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dutch, ==, "postnl");
  ui_test_save_png (window, "carriers-page.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the carrier label tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/carrier-label/from-the-editor", Fixture, NULL,
              fixture_set_up, test_from_the_editor, fixture_tear_down);
  g_test_add ("/ui/carrier-label/buys-and-previews", Fixture, NULL,
              fixture_set_up, test_buys_and_previews, fixture_tear_down);

  g_test_add ("/ui/carrier-label/carriers-page", Fixture, NULL,
              fixture_set_up, test_carriers_page, fixture_tear_down);

  return ui_test_run (&app);
}
