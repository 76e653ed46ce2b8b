/* test-long-text.c — a storefront sends a 10,000-character name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer names, e-mail addresses, order numbers, product titles and
 * notes come from storefronts and people, and nothing bounds them. A label
 * given all of such a text lays it out, which once kept the window busy
 * for seconds to minutes. Here a return whose every free text is
 * thousands of characters long is opened in the list, the editor, the
 * receive window, the new-return window and the inventory: each shows it,
 * cut, and no label or tooltip holds more than a note and a line of
 * wording; the entries that edit a text keep all of it, and saving stores
 * it whole.
 *
 * How long each step took is printed (g_test_message), not asserted: a
 * slow machine must not fail the test, a frozen window does (the runner's
 * time-out).
 *
 * Needs a display (the suite runs under Xvfb); without one the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-long-text"

#include "config.h"

#include "retour-application.h"
#include "retour-catalog-store.h"
#include "retour-demo.h"
#include "retour-inventory-page.h"
#include "retour-inventory-store.h"
#include "retour-new-return-window.h"
#include "retour-policy-store.h"
#include "retour-receive-window.h"
#include "retour-record-item.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define LONG_CHARS 10000
/* What the texts start with, to find them on screen. */
#define NAME_START  "Zyxwa Wolfeschlegelsteinhausenbergerdorff"
#define TITLE_START "Qwerty Summer dress"
#define NOTE_START  "Customer says"
#define ORDER_START "QX-"

static RetourApplication *app;

typedef struct
{
  UiTestShop  shop;
  char       *name;       /* the customer's first name; the last is empty */
  char       *title;
  char       *note;
  char       *order_number;
  gint64      product_id;
  gint64      rma_id;
} Fixture;

/* Exactly @n_chars characters: @start, then words that wrap. */
static char *
long_text (const char *start,
           gsize       n_chars)
{
  static const char * const words[] = { "Wolfeschlegelsteinhausenbergerdorff", "Łukasz", "żółć", "Müller-Lüdenscheidt", "van" };
  g_autoptr(GString) text = g_string_new (start);

  for (guint i = 0; g_utf8_strlen (text->str, -1) < (glong) n_chars + 1; i++)
    g_string_append_printf (text, " %s", words[i % G_N_ELEMENTS (words)]);

  return g_utf8_substring (text->str, 0, n_chars);
}

/* A small demo shop, and one authorized return whose customer, order,
 * item and notes are all far too long. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRmaLine) line = retour_rma_line_new ();
  RetourOrderLine *order_line = retour_order_line_new ();
  gint64 now_us = g_get_real_time ();
  RetourDemoOptions options = { .n_rmas = 20, .seed = 5, .now_us = now_us };

  ui_test_shop_set_up (&fixture->shop, data);
  fixture->name = long_text (NAME_START, LONG_CHARS);
  fixture->title = long_text (TITLE_START, LONG_CHARS);
  fixture->note = long_text (NOTE_START, LONG_CHARS);
  fixture->order_number = long_text (ORDER_START "Zyxwa", 2000);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);

  customer->first_name = g_strdup (fixture->name);
  customer->last_name = g_strdup ("");
  customer->email = long_text ("zyxwa.", 1000);
  customer->phone = long_text ("+48 601", 1000);
  customer->address1 = long_text ("ul. Piotrkowska", LONG_CHARS);
  customer->city = long_text ("Łódź", 1000);
  retour_catalog_store_upsert_customer (db, customer, now_us, &error);
  g_assert_no_error (error);

  product->sku = long_text ("SKU", 1000);
  product->title = g_strdup (fixture->title);
  product->category = g_strdup ("tops");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (db, product, &error);
  g_assert_no_error (error);

  order->number = g_strdup (fixture->order_number);
  order->customer_id = customer->id;
  order->status = g_strdup ("completed");
  order->total = retour_money_init (3990, "EUR");
  order->ordered_us = now_us - 5 * G_TIME_SPAN_DAY;
  order->delivered_us = now_us - 2 * G_TIME_SPAN_DAY;
  order->updated_us = now_us;
  order_line->product_id = product->id;
  order_line->sku = g_strdup (product->sku);
  order_line->title = g_strdup (product->title);
  order_line->quantity = 2;
  order_line->unit_price = retour_money_init (1995, "EUR");
  order_line->total = retour_money_init (3990, "EUR");
  g_ptr_array_add (order->lines, order_line);
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);

  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  rma = retour_rma_new ("EUR", now_us);
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->order_id = order->id;
  rma->customer_id = customer->id;
  rma->notes = g_strdup (fixture->note);
  line->order_line_id = order_line->id;
  line->product_id = product->id;
  line->sku = g_strdup (product->sku);
  line->title = g_strdup (product->title);
  line->unit_price = order_line->unit_price;
  line->qty_ordered = 2;
  line->qty_requested = 2;
  line->qty_authorized = 2;
  line->notes = g_strdup (fixture->note);
  line->serial = long_text ("SN", 1000);
  retour_rma_add_line (rma, g_steal_pointer (&line));
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, now_us, &error);
  g_assert_no_error (error);
  /* The history quotes a note as long. */
  retour_rma_store_add_note (db, rma->id, "test", fixture->note, now_us, &error);
  g_assert_no_error (error);

  fixture->product_id = product->id;
  fixture->rma_id = rma->id;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_shop_tear_down (&fixture->shop, data);
  g_free (fixture->name);
  g_free (fixture->title);
  g_free (fixture->note);
  g_free (fixture->order_number);
}

/* Waiting for the screen ----------------------------------------------------- */

static void
count_paint_cb (GdkFrameClock *clock,
                guint         *n_paints)
{
  (*n_paints)++;
}

/* Runs the main loop until @window has painted two more frames: one
 * frame is whatever was under way, the next lays out what is there now. */
static void
wait_for_frames (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint n_paints = 0;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &n_paints);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  WAIT_UNTIL (n_paints >= 2);
  g_signal_handler_disconnect (clock, handler);
}

static double
seconds_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / (double) G_USEC_PER_SEC;
}

/* Finding what is on screen -------------------------------------------------- */

static gboolean
match_title_prefix (GtkWidget     *widget,
                    gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data);
}

static gboolean
match_inscription_prefix (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
         gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL &&
         g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), data);
}

static gboolean
match_label_prefix (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
match_type_entry (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget);
}

/* Selects product @product_id in the inventory's table, as a click does. */
static void
select_product (RetourInventoryPage *page,
                gint64               product_id)
{
  GtkWidget *view = find_widget (GTK_WIDGET (page), match_table, "Product");
  GtkSelectionModel *model;

  g_assert_nonnull (view);
  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const RetourProductInventory *product = retour_record_item_get ((RetourRecordItem *) item,
                                                                      RETOUR_TYPE_PRODUCT_INVENTORY);

      if (product->product_id == product_id)
        {
          gtk_selection_model_select_item (model, i, TRUE);
          return;
        }
    }

  g_assert_not_reached ();
}

/* The row titled @prefix…: shown, and each of the @n_texts texts in its
 * title cut to a line's worth. */
static void
assert_row_shows (GtkWidget  *root,
                  const char *prefix,
                  guint       n_texts)
{
  GtkWidget *row = find_widget (root, match_title_prefix, prefix);
  const char *title;

  g_assert_nonnull (row);
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_assert_cmpuint (g_utf8_strlen (title, -1), <=, n_texts * RETOUR_TEXT_MAX_LINE + 20);
  g_assert_true (g_str_has_suffix (title, "…"));
}

/* No label, inscription or tooltip under @widget holds more than a note
 * and a line of wording around it: what Pango is asked to lay out stays
 * bounded. */
#define MAX_SHOWN (RETOUR_TEXT_MAX_NOTE + RETOUR_TEXT_MAX_LINE)

static void
assert_text_bounded (GtkWidget *widget)
{
  const char *text = NULL;
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text != NULL && g_utf8_strlen (text, -1) > MAX_SHOWN)
    g_error ("A %s shows %ld characters: “%.40s…”", G_OBJECT_TYPE_NAME (widget),
             g_utf8_strlen (text, -1), text);
  if (tooltip != NULL && g_utf8_strlen (tooltip, -1) > MAX_SHOWN)
    g_error ("A %s has a tooltip of %ld characters: “%.40s…”", G_OBJECT_TYPE_NAME (widget),
             g_utf8_strlen (tooltip, -1), tooltip);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_text_bounded (child);
}

/* The cases ------------------------------------------------------------------- */

/* The list shows the return, and the editor opens it: every text shown
 * and cut, the entries holding all of it, and a save stores it whole. */
static void
test_long_text_editor (Fixture       *fixture,
                       gconstpointer  data)
{
  RetourWindow *window;
  RetourRmaEditor *editor;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *cell;
  GtkWidget *notes;
  AdwComboRow *resolution;
  const char *shown;
  gint64 start_us;

  start_us = g_get_monotonic_time ();
  window = ui_test_open_window (app, fixture->shop.path);

  /* The list: the return is the newest, on top, its customer cut. */
  WAIT_UNTIL ((cell = find_widget (GTK_WIDGET (window), match_inscription_prefix, NAME_START)) != NULL);
  wait_for_frames (GTK_WINDOW (window));
  g_test_message ("The window with the list showed the return after %.2f s", seconds_since (start_us));
  shown = gtk_inscription_get_text (GTK_INSCRIPTION (cell));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, RETOUR_TEXT_MAX_LINE);
  g_assert_true (g_str_has_suffix (shown, "…"));
  assert_text_bounded (GTK_WIDGET (window));

  /* The editor. */
  start_us = g_get_monotonic_time ();
  retour_window_show_rma (window, fixture->rma_id, NULL);
  editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == fixture->rma_id);
  WAIT_UNTIL (find_widget (GTK_WIDGET (editor), match_title_prefix, NAME_START) != NULL);
  wait_for_frames (GTK_WINDOW (window));
  g_test_message ("The editor showed the return after %.2f s", seconds_since (start_us));

  assert_row_shows (GTK_WIDGET (editor), NAME_START, 1);
  assert_row_shows (GTK_WIDGET (editor), TITLE_START, 1);
  assert_row_shows (GTK_WIDGET (editor), "Order " ORDER_START, 1);
  assert_text_bounded (GTK_WIDGET (window));

  /* The note is edited whole. */
  notes = find_widget (GTK_WIDGET (editor), match_entry_row, "Notes");
  g_assert_nonnull (notes);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (notes)), ==, fixture->note);

  /* Another resolution, saved: the texts are stored as they were. */
  resolution = ADW_COMBO_ROW (find_widget (GTK_WIDGET (editor), match_combo_row, "Resolution"));
  g_assert_nonnull (resolution);
  adw_combo_row_set_selected (resolution, adw_combo_row_get_selected (resolution) == 1 ? 2 : 1);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  saved = retour_rma_store_load (db, fixture->rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->resolution, !=, RETOUR_RESOLUTION_UNDECIDED);
  g_assert_cmpstr (saved->notes, ==, fixture->note);
  g_assert_cmpstr (saved->customer_name, ==, fixture->name);
  g_assert_cmpstr (saved->order_number, ==, fixture->order_number);
  g_assert_cmpstr (((RetourRmaLine *) g_ptr_array_index (saved->lines, 0))->title, ==, fixture->title);
  g_assert_cmpstr (((RetourRmaLine *) g_ptr_array_index (saved->lines, 0))->notes, ==, fixture->note);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* At the packing table and on the phone: the same return scanned in the
 * receive window, its order found in the new-return window. */
static void
test_long_text_receive_and_new_return (Fixture       *fixture,
                                       gconstpointer  data)
{
  RetourWindow *window = retour_application_open (app, fixture->shop.path);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkWidget *entry;
  gint64 start_us;

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  rma = retour_rma_store_load (db, fixture->rma_id, &error);
  g_assert_no_error (error);

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW)) != NULL);
  entry = find_widget (GTK_WIDGET (dialog), match_type_entry, NULL);
  g_assert_nonnull (entry);
  start_us = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (entry), rma->number);
  g_signal_emit_by_name (entry, "activate");
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_title_prefix, TITLE_START) != NULL);
  wait_for_frames (dialog);
  g_test_message ("The receive window showed the return after %.2f s", seconds_since (start_us));
  assert_row_shows (GTK_WIDGET (dialog), TITLE_START, 1);
  assert_text_bounded (GTK_WIDGET (dialog));
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  entry = find_widget (GTK_WIDGET (dialog), match_type_entry, NULL);
  g_assert_nonnull (entry);
  start_us = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (entry), "zyxwa");
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_title_prefix, "Order " ORDER_START) != NULL);
  wait_for_frames (dialog);
  g_test_message ("The new-return window found the order after %.2f s", seconds_since (start_us));
  assert_row_shows (GTK_WIDGET (dialog), "Order " ORDER_START, 2);
  assert_text_bounded (GTK_WIDGET (dialog));

  /* The order taken: its item listed. */
  start_us = g_get_monotonic_time ();
  g_signal_emit_by_name (entry, "activate");
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_title_prefix, TITLE_START) != NULL);
  wait_for_frames (dialog);
  g_test_message ("The new-return window showed the order after %.2f s", seconds_since (start_us));
  assert_row_shows (GTK_WIDGET (dialog), TITLE_START, 1);
  assert_text_bounded (GTK_WIDGET (dialog));
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The inventory: the product in its list, its details, and the return
 * on its way with its customer. */
static void
test_long_text_inventory (Fixture       *fixture,
                          gconstpointer  data)
{
  RetourWindow *window = retour_application_open (app, fixture->shop.path);
  RetourInventoryPage *page = retour_window_get_inventory_page (window);
  GtkWidget *cell;
  GtkWidget *title;
  gint64 start_us;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  start_us = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "inventory");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  retour_inventory_page_set_period (page, RETOUR_INVENTORY_PERIOD_ALL_TIME);
  WAIT_UNTIL (!retour_inventory_page_is_loading (page) &&
              (cell = find_widget (GTK_WIDGET (page), match_inscription_prefix, TITLE_START)) != NULL);
  g_assert_cmpuint (g_utf8_strlen (gtk_inscription_get_text (GTK_INSCRIPTION (cell)), -1), <=,
                    RETOUR_TEXT_MAX_LINE);
  assert_text_bounded (GTK_WIDGET (window));

  select_product (page, fixture->product_id);
  WAIT_UNTIL ((title = find_widget (GTK_WIDGET (page), match_label_prefix, TITLE_START)) != NULL);
  wait_for_frames (GTK_WINDOW (window));
  g_test_message ("The inventory showed the product after %.2f s", seconds_since (start_us));
  g_assert_cmpuint (g_utf8_strlen (gtk_label_get_text (GTK_LABEL (title)), -1), <=, RETOUR_TEXT_MAX_LINE);
  assert_text_bounded (GTK_WIDGET (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the long text tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/long-text/editor", Fixture, NULL,
              fixture_set_up, test_long_text_editor, fixture_tear_down);
  g_test_add ("/ui/long-text/receive-and-new-return", Fixture, NULL,
              fixture_set_up, test_long_text_receive_and_new_return, fixture_tear_down);
  g_test_add ("/ui/long-text/inventory", Fixture, NULL,
              fixture_set_up, test_long_text_inventory, fixture_tear_down);

  return ui_test_run (&app);
}
