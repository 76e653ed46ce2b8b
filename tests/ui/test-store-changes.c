/* test-store-changes.c — what staff see of changes made in the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A WooCommerce order synced, a return made of two of its items, then the
 * shop edits the order in its own admin: it takes one returned item off
 * the order and refunds a unit of the other and all of a third, and the
 * next sync brings that in (through the sync store, as a sync writes it).
 * The editor shows the removed item as removed, the other as partly
 * refunded in the store, the store's refunds of the order with what they
 * took and how much, and the refund in the return's history; a new
 * return of the order offers only what the store did not refund.
 *
 * Needs a display (the suite runs under Xvfb); without one the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-store-changes"

#include "config.h"

#include <string.h>

#include "retour-application.h"
#include "retour-catalog-store.h"
#include "retour-new-return-window.h"
#include "retour-policy-store.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-line-row.h"
#include "retour-rma-store.h"
#include "retour-sync-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define ORDER_NUMBER "4711"
#define SCARF "Wool scarf"
#define BEANIE "Beanie"
#define GLOVES "Leather gloves"

static RetourApplication *app;

typedef struct
{
  UiTestShop shop;
  gint64     rma_id;
} Fixture;

/* The order as WooCommerce lists it: @scarf scarves (line 11), two
 * beanies (line 12), one pair of gloves (line 13), at @updated_us, and
 * the refunds the shop made in its admin. */
static RetourSyncedOrder *
synced_order (gint64   now_us,
              gint64   updated_us,
              gboolean scarf,
              gboolean refunded)
{
  static const struct { const char *id; const char *title; guint quantity; gint64 price; } lines[] = {
    { "11", SCARF, 1, 2495 }, { "12", BEANIE, 2, 1995 }, { "13", GLOVES, 1, 4900 },
  };
  RetourSyncedOrder *synced = retour_synced_order_new ();
  RetourOrder *order = synced->order;
  gint64 total = 0;

  order->external_id = g_strdup ("4711");
  order->number = g_strdup (ORDER_NUMBER);
  order->status = g_strdup ("completed");
  order->ordered_us = now_us - 6 * G_TIME_SPAN_DAY;
  order->fulfilled_us = now_us - 5 * G_TIME_SPAN_DAY;
  order->delivered_us = now_us - 3 * G_TIME_SPAN_DAY;
  order->updated_us = updated_us;

  for (guint i = scarf ? 0 : 1; i < G_N_ELEMENTS (lines); i++)
    {
      RetourOrderLine *line = retour_order_line_new ();

      line->external_id = g_strdup (lines[i].id);
      line->title = g_strdup (lines[i].title);
      line->quantity = lines[i].quantity;
      line->unit_price = retour_money_init (lines[i].price, "EUR");
      line->total = retour_money_init (lines[i].price * lines[i].quantity, "EUR");
      total += line->total.minor;
      g_ptr_array_add (order->lines, line);
      g_ptr_array_add (synced->line_product_ids, NULL);
    }
  order->total = retour_money_init (total, "EUR");

  synced->customer = retour_customer_new ();
  synced->customer->external_id = g_strdup ("guest:ines@example.nl");
  synced->customer->first_name = g_strdup ("Ines");
  synced->customer->last_name = g_strdup ("de Wit");
  synced->customer->email = g_strdup ("ines@example.nl");

  synced->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_storefront_refund_free);
  if (refunded)
    {
      RetourStorefrontRefund *refund = retour_storefront_refund_new ();
      RetourStorefrontRefundLine *beanie = g_new0 (RetourStorefrontRefundLine, 1);
      RetourStorefrontRefundLine *gloves = g_new0 (RetourStorefrontRefundLine, 1);

      refund->external_id = g_strdup ("9001");
      refund->amount = retour_money_init (1995 + 4900, "EUR");
      refund->reason = g_strdup ("Arrived damaged");
      refund->created_us = updated_us;
      refund->via_gateway = TRUE;
      beanie->line_external_id = g_strdup ("12");
      beanie->quantity = 1;
      beanie->amount = retour_money_init (1995, "EUR");
      gloves->line_external_id = g_strdup ("13");
      gloves->quantity = 1;
      gloves->amount = retour_money_init (4900, "EUR");
      g_ptr_array_add (refund->lines, beanie);
      g_ptr_array_add (refund->lines, gloves);
      g_ptr_array_add (synced->refunds, refund);
    }

  return synced;
}

/* Writes @synced as a sync writes a page; returns the order's id. */
static gint64
write_order (RetourDatabase    *db,
             gint64             store_id,
             RetourSyncedOrder *synced)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_synced_order_free);
  g_autoptr(GError) error = NULL;
  guint written = 0;

  g_ptr_array_add (orders, synced);
  retour_sync_store_write_page (db, store_id, NULL, orders, NULL, 0, g_get_real_time (), &written, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 1);

  return synced->order->id;
}

static RetourRmaLine *
return_line (const RetourOrderLine *ordered)
{
  RetourRmaLine *line = retour_rma_line_new ();

  line->order_line_id = ordered->id;
  g_free (line->title);
  line->title = g_strdup (ordered->title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = ordered->quantity;
  line->qty_requested = 1;

  return line;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  gint64 now_us = g_get_real_time ();

  ui_test_shop_set_up (&fixture->shop, data);
  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);

  storefront->name = g_strdup ("Webshop");
  storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup ("https://shop.example.nl");
  retour_sync_store_add (db, storefront, now_us, &error);
  g_assert_no_error (error);

  /* Synced as ordered; a return of the scarf and a beanie is made. */
  order = retour_catalog_store_load_order (db, write_order (db, storefront->id,
                                                           synced_order (now_us, now_us - 2 * G_TIME_SPAN_DAY,
                                                                         TRUE, FALSE)),
                                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (order->lines->len, ==, 3);

  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  rma = retour_rma_new ("EUR", now_us - G_TIME_SPAN_DAY);
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  retour_rma_add_line (rma, return_line (g_ptr_array_index (order->lines, 0)));
  retour_rma_add_line (rma, return_line (g_ptr_array_index (order->lines, 1)));
  retour_rma_store_insert (db, rma, "Staff", &error);
  g_assert_no_error (error);

  /* Then the shop takes the scarf off the order and refunds a beanie and
   * the gloves in its admin; the next sync brings it in. */
  write_order (db, storefront->id, synced_order (now_us, now_us - G_TIME_SPAN_HOUR, FALSE, TRUE));

  fixture->rma_id = rma->id;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_shop_tear_down (&fixture->shop, data);
}

/* Finding what is on screen -------------------------------------------------- */

static gboolean
match_mapped_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
match_mapped_group (GtkWidget     *widget,
                    gconstpointer  data)
{
  return ADW_IS_PREFERENCES_GROUP (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), data) == 0;
}

static gboolean
match_line_row (GtkWidget     *widget,
                gconstpointer  data)
{
  return RETOUR_IS_RMA_LINE_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
match_spin (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
match_search_entry (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

/* The cases ------------------------------------------------------------------- */

/* The return's items say what the store did to them; the store's refund
 * of the order is listed with its items and amount, and is in the
 * history. */
static void
test_editor_shows_store_changes (Fixture       *fixture,
                                 gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->shop.path);
  RetourRmaEditor *editor;
  g_autofree char *amount = retour_money_format (retour_money_init (1995 + 4900, "EUR"));
  GtkWidget *scarf, *beanie, *group, *refund, *spin;

  retour_window_show_rma (window, fixture->rma_id, NULL);
  editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == fixture->rma_id);
  WAIT_UNTIL (find_widget (GTK_WIDGET (editor), match_line_row, SCARF) != NULL);

  /* The scarf: still in the return, marked removed; no more of it can
   * be asked for. */
  scarf = require (GTK_WIDGET (editor), match_line_row, SCARF);
  require (scarf, match_label, "Removed from the order in the store");
  spin = require (scarf, match_spin, NULL);
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin))), ==, 1);

  /* The beanie: one of the two refunded in the store. */
  beanie = require (GTK_WIDGET (editor), match_line_row, BEANIE);
  require (beanie, match_label, "1 refunded in the store");
  g_assert_null (find_widget (beanie, match_label, "Removed from the order in the store"));

  /* The store's refund of the order, with what it took and how much. */
  group = require (GTK_WIDGET (editor), match_mapped_group, "Refunded in the Store");
  refund = require (group, match_mapped_row, "1 × " BEANIE ", 1 × " GLOVES);
  require (refund, match_label, amount);
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (refund)), " · Arrived damaged"));

  /* And in the history. */
  require (GTK_WIDGET (editor), match_mapped_row, "Refunded in the store");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* On the phone, a new return of the order: the removed scarf is not
 * offered, one beanie is, the gloves are shown but cannot be ticked. */
static void
test_new_return_offers_what_is_left (Fixture       *fixture,
                                     gconstpointer  data)
{
  RetourWindow *window = retour_application_open (app, fixture->shop.path);
  GtkWindow *dialog;
  GtkWidget *entry, *found, *beanie, *gloves;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  entry = require (GTK_WIDGET (dialog), match_search_entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), ORDER_NUMBER);
  WAIT_UNTIL ((found = find_widget (GTK_WIDGET (dialog), match_mapped_row, "Order " ORDER_NUMBER " — Ines de Wit")) != NULL);
  /* The scarf is no longer part of the order. */
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (found)), " · 2 items"));
  g_signal_emit_by_name (entry, "activate");
  WAIT_UNTIL ((beanie = find_widget (GTK_WIDGET (dialog), match_mapped_row, BEANIE)) != NULL);

  g_assert_null (find_widget (GTK_WIDGET (dialog), match_mapped_row, SCARF));

  /* One beanie of two can come back: it can be ticked, and there is no
   * quantity to choose (the phone window asks for one only when more
   * than one unit can come back). */
  g_assert_true (gtk_widget_get_sensitive (beanie));
  g_assert_null (find_widget (beanie, match_spin, NULL));
  require (beanie, match_label_containing, "1 refunded in the store");

  gloves = require (GTK_WIDGET (dialog), match_mapped_row, GLOVES);
  g_assert_false (gtk_widget_is_sensitive (gloves));
  g_assert_null (find_widget (gloves, match_spin, NULL));
  require (gloves, match_label_containing, "Refunded in the store");

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the store changes tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/store-changes/editor", Fixture, NULL,
              fixture_set_up, test_editor_shows_store_changes, fixture_tear_down);
  g_test_add ("/ui/store-changes/new-return", Fixture, NULL,
              fixture_set_up, test_new_return_offers_what_is_left, fixture_tear_down);

  return ui_test_run (&app);
}
