/* test-inventory.c — the inventory view, used as a shop owner uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application on a small shop of our own: two products, a lamp
 * waiting for repair, a mug back on the shelf, two parcels on their way
 * (one overdue). The test switches to Inventory with the view switcher,
 * reads the figures shown, finishes the repair and corrects a count
 * through their dialogs, follows a ledger line to its return and expires
 * the overdue return, and checks both the window and the database.
 * Needs a display (the suite runs under Xvfb); without one the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-inventory"

#include "config.h"

#include <string.h>

#include "retour-application.h"
#include "retour-catalog-store.h"
#include "retour-check.h"
#include "retour-inventory-page.h"
#include "retour-policy-store.h"
#include "retour-record-item.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-stock-dialog.h"
#include "retour-stock-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static RetourApplication *app;

typedef struct
{
  UiTestShop shop;
  gint64     lamp_id;
  gint64     mug_id;
  gint64     repair_rma_id;    /* the lamps on the workbench */
  gint64     overdue_rma_id;
  gint64     due_later_rma_id;
} Fixture;

/* The shop ------------------------------------------------------------------------- */

static RetourProduct *
add_product (RetourDatabase *db,
             const char     *sku,
             const char     *title,
             gint64          on_hand)
{
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GError) error = NULL;
  RetourStockMovement initial = { 0 };

  product->sku = g_strdup (sku);
  product->title = g_strdup (title);
  product->price = retour_money_init (2995, "EUR");
  retour_catalog_store_upsert_product (db, product, &error);
  g_assert_no_error (error);

  initial.product_id = product->id;
  initial.delta = on_hand;
  initial.cause = RETOUR_STOCK_CAUSE_INITIAL;
  initial.created_us = g_get_real_time () - 30 * DAY_US;
  initial.actor = (char *) "test";
  retour_stock_store_add_movement (db, &initial, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&product);
}

/* A return of @quantity of line @index of @order, taken as far as @to. */
static gint64
add_return (RetourDatabase    *db,
            RetourPolicy      *policy,
            gint64             reason_id,
            RetourOrder       *order,
            guint              index,
            guint              quantity,
            RetourRmaStatus    to,
            RetourDisposition  disposition,
            gint64             due_us)
{
  const RetourOrderLine *ordered = g_ptr_array_index (order->lines, index);
  g_autoptr(RetourRma) rma = retour_rma_new ("EUR", g_get_real_time () - 8 * DAY_US);
  RetourRmaLine *line = retour_rma_line_new ();
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_real_time ();

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->policy_id = policy->id;
  line->order_line_id = ordered->id;
  line->product_id = ordered->product_id;
  line->sku = g_strdup (ordered->sku);
  g_free (line->title);
  line->title = g_strdup (ordered->title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = ordered->quantity;
  line->qty_requested = quantity;
  line->reason_id = reason_id;
  retour_rma_add_line (rma, line);
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);

  line->qty_authorized = quantity;
  rma->due_us = due_us;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, now_us - 7 * DAY_US, &error);
  g_assert_no_error (error);
  if (to == RETOUR_RMA_STATUS_AUTHORIZED)
    return rma->id;

  line->qty_received = quantity;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_RECEIVED, "test", NULL, now_us - 2 * DAY_US, &error);
  g_assert_no_error (error);

  line->condition = RETOUR_CONDITION_USED;
  line->disposition = disposition;
  line->qty_accepted = quantity;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_INSPECTED, "test", NULL, now_us - DAY_US, &error);
  g_assert_no_error (error);

  return rma->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourProduct) lamp = NULL;
  g_autoptr(RetourProduct) mug = NULL;
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  RetourOrderLine *line;
  gint64 now_us = g_get_real_time ();
  gint64 reason_id;

  ui_test_shop_set_up (&fixture->shop, data);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);
  reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;

  lamp = add_product (db, "LMP-7", "Desk lamp", 10);
  mug = add_product (db, "MUG-2", "Stoneware mug", 5);
  fixture->lamp_id = lamp->id;
  fixture->mug_id = mug->id;

  customer->first_name = g_strdup ("Noor");
  customer->last_name = g_strdup ("Bakker");
  retour_catalog_store_upsert_customer (db, customer, now_us, &error);
  g_assert_no_error (error);

  /* One order: four lamps, two mugs. */
  order->number = g_strdup ("7001");
  order->customer_id = customer->id;
  order->total = retour_money_init (17970, "EUR");
  order->ordered_us = now_us - 10 * DAY_US;
  order->delivered_us = now_us - 9 * DAY_US;
  order->updated_us = now_us;
  line = retour_order_line_new ();
  line->product_id = lamp->id;
  line->sku = g_strdup (lamp->sku);
  line->title = g_strdup (lamp->title);
  line->quantity = 4;
  line->unit_price = lamp->price;
  line->total = retour_money_init (4 * 2995, "EUR");
  g_ptr_array_add (order->lines, line);
  line = retour_order_line_new ();
  line->product_id = mug->id;
  line->sku = g_strdup (mug->sku);
  line->title = g_strdup (mug->title);
  line->quantity = 2;
  line->unit_price = mug->price;
  line->total = retour_money_init (2 * 2995, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);

  /* Two lamps to repair; a mug back on the shelf; a mug overdue since
   * three days; a lamp due in five days. */
  fixture->repair_rma_id = add_return (db, policy, reason_id, order, 0, 2, RETOUR_RMA_STATUS_INSPECTED,
                                       RETOUR_DISPOSITION_REPAIR, now_us + 7 * DAY_US);
  add_return (db, policy, reason_id, order, 1, 1, RETOUR_RMA_STATUS_INSPECTED, RETOUR_DISPOSITION_RESTOCK,
              now_us + 7 * DAY_US);
  fixture->overdue_rma_id = add_return (db, policy, reason_id, order, 1, 1, RETOUR_RMA_STATUS_AUTHORIZED,
                                        RETOUR_DISPOSITION_UNDECIDED, now_us - 3 * DAY_US);
  fixture->due_later_rma_id = add_return (db, policy, reason_id, order, 0, 1, RETOUR_RMA_STATUS_AUTHORIZED,
                                          RETOUR_DISPOSITION_UNDECIDED, now_us + 5 * DAY_US);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_shop_tear_down (&fixture->shop, data);
}

/* What is on screen -------------------------------------------------------------------- */

static gboolean
match_mapped_tooltip (GtkWidget     *widget,
                      gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static gboolean
match_mapped_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return match_button (widget, data) && gtk_widget_get_mapped (widget);
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
is_shown (GtkWidget     *root,
          WidgetMatch    match,
          gconstpointer  data)
{
  return find_widget (root, match, data) != NULL;
}

/* The big number of the summary card headed @heading. */
static const char *
summary_value (GtkWidget  *root,
               const char *heading)
{
  GtkWidget *label = find_widget (root, match_label, heading);
  GtkWidget *card;

  g_assert_nonnull (label);
  card = gtk_widget_get_parent (label);
  /* The overdue card has an icon beside its heading. */
  if (GTK_IS_BOX (card) && gtk_orientable_get_orientation (GTK_ORIENTABLE (card)) == GTK_ORIENTATION_HORIZONTAL)
    card = gtk_widget_get_parent (card);

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (gtk_widget_get_first_child (card))));
}

/* The text of cell @column (0: the product) of the product list's row
 * showing @title. */
static const char *
product_cell (GtkWidget  *root,
              const char *title,
              guint       column)
{
  GtkWidget *title_cell = find_widget (root, match_inscription, title);
  GtkWidget *cell;

  if (title_cell == NULL || column == 0)
    return title_cell != NULL ? gtk_inscription_get_text (GTK_INSCRIPTION (title_cell)) : NULL;

  /* inscription → box → cell → row */
  cell = gtk_widget_get_parent (gtk_widget_get_parent (title_cell));
  for (guint i = 0; i < column && cell != NULL; i++)
    cell = gtk_widget_get_next_sibling (cell);
  g_assert_nonnull (cell);

  return gtk_inscription_get_text (GTK_INSCRIPTION (gtk_widget_get_first_child (cell)));
}

enum { COLUMN_ON_HAND = 1, COLUMN_EXPECTED = 2, COLUMN_HELD = 5, COLUMN_RETURN_RATE = 7 };

static void
select_product (RetourInventoryPage *page,
                const char          *title)
{
  GtkWidget *view = find_widget (GTK_WIDGET (page), match_table, "Product");
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const RetourProductInventory *product = retour_record_item_get ((RetourRecordItem *) item,
                                                                      RETOUR_TYPE_PRODUCT_INVENTORY);

      if (g_strcmp0 (product->title, title) == 0)
        {
          gtk_selection_model_select_item (model, i, TRUE);
          return;
        }
    }

  g_assert_not_reached ();
}

/* The cases ------------------------------------------------------------------------------ */

static void
test_inventory (Fixture       *fixture,
                gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourInventoryPage *page = retour_window_get_inventory_page (window);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *dropdown;
  GtkWidget *weak;
  GtkWindow *dialog;
  GtkWidget *spin;
  GtkWidget *apply;

  /* The returns desk first; Inventory is one click away. */
  WAIT_UNTIL (is_shown (root, match_switcher_button, "Inventory"));
  gtk_widget_activate (find_widget (root, match_switcher_button, "Inventory"));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* All time: the figures do not depend on the day the test runs. */
  dropdown = find_widget (GTK_WIDGET (page), match_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, RETOUR_INVENTORY_PERIOD_THIS_MONTH);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), RETOUR_INVENTORY_PERIOD_ALL_TIME);
  WAIT_UNTIL (!retour_inventory_page_is_loading (page) && product_cell (root, "Desk lamp", 0) != NULL);

  /* What came back, went back on the shelf, is held, is still out there. */
  g_assert_cmpstr (summary_value (root, "Came Back"), ==, "3");
  g_assert_cmpstr (summary_value (root, "Back on the Shelf"), ==, "1");
  g_assert_cmpstr (summary_value (root, "Held for Repair"), ==, "2");
  g_assert_cmpstr (summary_value (root, "Written Off"), ==, "0");
  g_assert_cmpstr (summary_value (root, "Still Out There"), ==, "2");
  g_assert_cmpstr (summary_value (root, "Overdue"), ==, "1");
  /* 5 units asked back of 6 sold. */
  g_assert_cmpstr (summary_value (root, "Return Rate"), ==, "83.3 %");

  g_assert_cmpstr (product_cell (root, "Desk lamp", COLUMN_ON_HAND), ==, "10");
  g_assert_cmpstr (product_cell (root, "Desk lamp", COLUMN_EXPECTED), ==, "1");
  g_assert_cmpstr (product_cell (root, "Desk lamp", COLUMN_HELD), ==, "2");
  g_assert_cmpstr (product_cell (root, "Desk lamp", COLUMN_RETURN_RATE), ==, "75.0 %");
  g_assert_cmpstr (product_cell (root, "Stoneware mug", COLUMN_ON_HAND), ==, "6");

  /* The lamp's ledger: held for repair, from its return. */
  select_product (page, "Desk lamp");
  WAIT_UNTIL (is_shown (root, match_label, "On hand 10 · Held 2 · Written off 0"));
  g_assert_true (is_shown (root, match_inscription, "Held for repair"));
  g_assert_true (gtk_widget_is_sensitive (find_widget (root, match_mapped_button, "Finish Repair…")));

  /* Finish the repair: more than are held is refused as it is typed. */
  gtk_widget_activate (find_widget (root, match_mapped_button, "Finish Repair…"));
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_STOCK_DIALOG)) != NULL);
  spin = find_widget (GTK_WIDGET (dialog), match_type, GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));
  apply = find_widget (GTK_WIDGET (dialog), match_button, "Back on Hand");
  g_assert_nonnull (apply);
  gtk_editable_set_text (GTK_EDITABLE (spin), "3");
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label, "Only 2 units are held."));
  g_assert_false (gtk_widget_is_sensitive (apply));
  gtk_editable_set_text (GTK_EDITABLE (spin), "2");
  WAIT_UNTIL (gtk_widget_is_sensitive (apply));

  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  gtk_widget_activate (apply);
  WAIT_UNTIL (weak == NULL);

  /* On hand goes up by two, the figures follow. */
  WAIT_UNTIL (is_shown (root, match_label, "On hand 12 · Held 0 · Written off 0"));
  WAIT_UNTIL (g_strcmp0 (product_cell (root, "Desk lamp", COLUMN_ON_HAND), "12") == 0);
  WAIT_UNTIL (g_strcmp0 (summary_value (root, "Held for Repair"), "0") == 0);
  g_assert_cmpstr (summary_value (root, "Back on the Shelf"), ==, "3");
  g_assert_true (is_shown (root, match_inscription, "Repaired"));
  g_assert_false (gtk_widget_is_sensitive (find_widget (root, match_mapped_button, "Finish Repair…")));
  {
    g_autoptr(RetourDatabase) db = retour_database_open (fixture->shop.path, NULL);
    g_autoptr(RetourProduct) lamp = retour_catalog_store_load_product (db, fixture->lamp_id, NULL);

    g_assert_cmpint (lamp->on_hand, ==, 12);
  }

  /* A correction needs a note; what was typed stays while it is missing. */
  gtk_widget_activate (find_widget (root, match_mapped_button, "Correct Stock…"));
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_STOCK_DIALOG)) != NULL);
  spin = find_widget (GTK_WIDGET (dialog), match_type, GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));
  apply = find_widget (GTK_WIDGET (dialog), match_button, "Correct");
  gtk_editable_set_text (GTK_EDITABLE (spin), "-20");
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label, "There are only 12 units there to take away."));
  gtk_editable_set_text (GTK_EDITABLE (spin), "-1");
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label, "Say why in the note: a correction needs one."));
  g_assert_false (gtk_widget_is_sensitive (apply));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), match_type,
                                                    GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW))),
                         "Dropped one in the stock room");
  WAIT_UNTIL (gtk_widget_is_sensitive (apply));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "-1");
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  gtk_widget_activate (apply);
  WAIT_UNTIL (weak == NULL);
  WAIT_UNTIL (is_shown (root, match_label, "On hand 11 · Held 0 · Written off 0"));
  g_assert_true (is_shown (root, match_inscription, "Correction"));

  /* A ledger line opens the return it came from, in the returns desk. */
  {
    g_autoptr(RetourDatabase) db = retour_database_open (fixture->shop.path, NULL);
    g_autoptr(RetourRma) rma = retour_rma_store_load (db, fixture->repair_rma_id, NULL);
    g_autofree char *number = retour_rma_number_display (rma->number);
    RetourReturnsPage *returns = retour_window_get_returns_page (window);

    WAIT_UNTIL (is_shown (root, match_mapped_button, number));
    gtk_widget_activate (find_widget (root, match_mapped_button, number));
    WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (returns)));
    g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
    g_assert_cmpint (retour_rma_editor_get_rma_id (retour_returns_page_get_editor (returns)), ==,
                     fixture->repair_rma_id);
  }

  /* Back to the inventory, to the parcels on their way. */
  gtk_widget_activate (find_widget (root, match_switcher_button, "Inventory"));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)) && !retour_inventory_page_is_loading (page));
  gtk_widget_activate (find_widget (root, match_mapped_tooltip, "Returns whose parcels are on their way"));
  WAIT_UNTIL (is_shown (root, match_label, "2 returns on their way, 1 of them overdue."));
  /* The overdue one says so in words, beside its icon. */
  g_assert_true (is_shown (root, match_label, "Overdue"));

  /* Asked to expire, the shop owner thinks better of it: Cancel, or
   * closing the dialog (Escape), changes nothing. The safe answer is the
   * default one; Expire is marked as destroying something. */
  for (guint way = 0; way < 2; way++)
    {
      gtk_widget_activate (find_widget (root, match_mapped_button, "Expire Overdue…"));
      WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
      g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
      g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
      g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "expire"), ==,
                       ADW_RESPONSE_DESTRUCTIVE);
      if (way == 0)
        click_button (dialog, "Cancel");
      else
        gtk_window_close (dialog);
      WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
      ui_test_settle (300);

      g_assert_false (retour_inventory_page_is_loading (page));
      g_assert_true (is_shown (root, match_label, "2 returns on their way, 1 of them overdue."));
      g_assert_false (is_shown (root, match_label_containing, "Expired"));
      g_assert_true (gtk_widget_is_sensitive (find_widget (root, match_mapped_button, "Expire Overdue…")));
      {
        g_autoptr(RetourDatabase) db = retour_database_open (fixture->shop.path, NULL);
        g_autoptr(RetourRma) overdue = retour_rma_store_load (db, fixture->overdue_rma_id, NULL);

        g_assert_cmpint (overdue->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
      }
    }

  /* Expire the overdue one, after saying how many. */
  gtk_widget_activate (find_widget (root, match_mapped_button, "Expire Overdue…"));
  WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Expire 1 Overdue Return?");
  g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "can no longer be received") != NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "expire");
  WAIT_UNTIL (is_shown (root, match_label, "1 return on its way, 0 of them overdue."));
  WAIT_UNTIL (is_shown (root, match_label, "Expired 1 overdue return"));
  g_assert_false (gtk_widget_is_sensitive (find_widget (root, match_mapped_button, "Expire Overdue…")));
  {
    g_autoptr(RetourDatabase) db = retour_database_open (fixture->shop.path, NULL);
    g_autoptr(RetourRma) expired = retour_rma_store_load (db, fixture->overdue_rma_id, NULL);
    g_autoptr(RetourRma) kept = retour_rma_store_load (db, fixture->due_later_rma_id, NULL);
    g_autoptr(RetourCheckReport) report = retour_check_database (db, RETOUR_CHECK_QUICK, 0, NULL);

    g_assert_cmpint (expired->status, ==, RETOUR_RMA_STATUS_EXPIRED);
    g_assert_cmpint (kept->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
    g_assert_cmpuint (report->n_problems, ==, 0);
  }

  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the inventory tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/inventory/figures-repair-expire", Fixture, NULL,
              fixture_set_up, test_inventory, fixture_tear_down);

  return ui_test_run (&app);
}
