/* test-returns-desk.c — the returns desk, driven from the keyboard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application on a small demo shop, with one order of our own to
 * take a return for. Everything a person does is done with key presses
 * on the X server's keyboard (XTest): GTK 4.8 has no public way to make a
 * key event, and these go through exactly what a person's keys go
 * through — focus, shortcuts, key bindings, input methods. The test then
 * looks at the database and at what the window shows.
 *
 * Needs an X display (the suite runs under Xvfb); elsewhere the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-returns-desk"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "retour-application.h"
#include "retour-catalog-store.h"
#include "retour-demo.h"
#include "retour-new-return-window.h"
#include "retour-policy-store.h"
#include "retour-receive-window.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define ORDER_NUMBER "98765"

static RetourApplication *app;
static Display *xdisplay;
/* Every key pressed with press(), modifiers included; what type_text()
 * types is not counted. */
static guint keys_pressed;

typedef struct
{
  UiTestShop shop;
  gint64     order_id;
  gint64     product_id;
  gint64     mug_id;
} Fixture;

/* Waiting ------------------------------------------------------------------ */

/* Lets the X server deliver what was sent and GTK handle it (a search
 * entry waits a little before it searches). */
static void
settle (guint ms)
{
  XSync (xdisplay, False);
  ui_test_settle (ms);
}

/* The keyboard ---------------------------------------------------------------- */

static void
key_event (KeySym sym,
           Bool   press)
{
  KeyCode code = XKeysymToKeycode (xdisplay, sym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (xdisplay, code, press, CurrentTime);
}

/* Presses and releases @sym, with Shift if the keyboard needs it for
 * that symbol and with @modifier (a modifier's keysym, or NoSymbol). */
static void
stroke (KeySym sym,
        KeySym modifier)
{
  KeyCode code = XKeysymToKeycode (xdisplay, sym);
  gboolean shift = XkbKeycodeToKeysym (xdisplay, code, 0, 0) != sym;

  if (modifier != NoSymbol)
    key_event (modifier, True);
  if (shift)
    key_event (XK_Shift_L, True);
  key_event (sym, True);
  key_event (sym, False);
  if (shift)
    key_event (XK_Shift_L, False);
  if (modifier != NoSymbol)
    key_event (modifier, False);

  settle (30);
}

/* A key a person presses to get around, counted: Ctrl+N is two. */
static void
press (KeySym sym,
       KeySym modifier)
{
  keys_pressed += modifier != NoSymbol ? 2 : 1;
  stroke (sym, modifier);
}

/* Text a person types: what the customer said, not counted. */
static void
type_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char name[2] = { *p, '\0' };
      KeySym sym = *p == '-' ? XK_minus : *p == ' ' ? XK_space : XStringToKeysym (name);

      g_assert_cmpuint (sym, !=, NoSymbol);
      stroke (sym, NoSymbol);
    }
}

/* Gives @window the X server's keyboard focus (Xvfb runs no window
 * manager to do it) and waits until GTK knows. */
static void
focus_window (GtkWindow *window)
{
  GdkSurface *surface;

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  WAIT_UNTIL (gtk_window_is_active (window));
}

/* Finding what is on screen ---------------------------------------------------- */

static gboolean
match_tag (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "status-tag") &&
         gtk_widget_get_mapped (widget) &&
         (data == NULL || g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), data));
}

static gboolean
match_type_entry (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_ENTRY (widget);
}

static gboolean
is_shown (GtkWidget     *root,
          WidgetMatch    match,
          gconstpointer  data)
{
  return find_widget (root, match, data) != NULL;
}

/* The status tag in the list row that shows return @number. */
static const char *
list_status_of (RetourWindow *window,
                const char   *number)
{
  GtkWidget *cell = find_widget (GTK_WIDGET (window), match_inscription, number);
  GtkWidget *tag;

  if (cell == NULL)
    return NULL;

  /* inscription → cell → row */
  tag = find_widget (gtk_widget_get_parent (gtk_widget_get_parent (cell)), match_tag, NULL);

  return tag != NULL ? gtk_label_get_text (GTK_LABEL (tag)) : NULL;
}

/* The fixture ------------------------------------------------------------------ */

/* A small demo shop, and an order delivered two days ago that no return
 * was made for: two of a T-shirt at 19.95 € and a mug at 8.95 €. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(RetourProduct) mug = retour_product_new ();
  RetourOrderLine *line = retour_order_line_new ();
  RetourOrderLine *mug_line = retour_order_line_new ();
  gint64 now_us = g_get_real_time ();
  RetourDemoOptions options = { .n_rmas = 30, .seed = 11, .now_us = now_us };

  ui_test_shop_set_up (&fixture->shop, data);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);

  customer->first_name = g_strdup ("Zofia");
  customer->last_name = g_strdup ("Testowa");
  customer->email = g_strdup ("zofia.testowa@example.pl");
  retour_catalog_store_upsert_customer (db, customer, now_us, &error);
  g_assert_no_error (error);

  product->sku = g_strdup ("TST-TEE-M");
  product->title = g_strdup ("Test T-shirt, M");
  product->category = g_strdup ("tops");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (db, product, &error);
  g_assert_no_error (error);

  mug->sku = g_strdup ("TST-MUG");
  mug->title = g_strdup ("Test mug");
  mug->category = g_strdup ("home");
  mug->price = retour_money_init (895, "EUR");
  retour_catalog_store_upsert_product (db, mug, &error);
  g_assert_no_error (error);

  order->number = g_strdup (ORDER_NUMBER);
  order->customer_id = customer->id;
  order->status = g_strdup ("completed");
  order->total = retour_money_init (3990 + 895, "EUR");
  order->ordered_us = now_us - 5 * G_TIME_SPAN_DAY;
  order->fulfilled_us = now_us - 4 * G_TIME_SPAN_DAY;
  order->delivered_us = now_us - 2 * G_TIME_SPAN_DAY;
  order->updated_us = now_us;
  line->product_id = product->id;
  line->sku = g_strdup (product->sku);
  line->title = g_strdup (product->title);
  line->quantity = 2;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (3990, "EUR");
  g_ptr_array_add (order->lines, line);
  mug_line->product_id = mug->id;
  mug_line->sku = g_strdup (mug->sku);
  mug_line->title = g_strdup (mug->title);
  mug_line->quantity = 1;
  mug_line->unit_price = retour_money_init (895, "EUR");
  mug_line->total = retour_money_init (895, "EUR");
  g_ptr_array_add (order->lines, mug_line);
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);

  fixture->order_id = order->id;
  fixture->product_id = product->id;
  fixture->mug_id = mug->id;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_shop_tear_down (&fixture->shop, data);
}

static RetourWindow *
open_window (const char *path)
{
  RetourWindow *window = retour_application_open (app, path);

  g_assert_true (RETOUR_IS_WINDOW (window));
  focus_window (GTK_WINDOW (window));

  return window;
}

/* The return made for the fixture's order, read back from the file. */
static RetourRma *
load_new_rma (const Fixture *fixture,
              GPtrArray    **events)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  RetourRma *rma;

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  rows = retour_search_rmas (db, ORDER_NUMBER, -1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);

  rma = retour_rma_store_load (db, ((RetourRmaSummary *) g_ptr_array_index (rows, 0))->id, &error);
  g_assert_no_error (error);
  if (events != NULL)
    {
      *events = retour_rma_store_list_events (db, rma->id, &error);
      g_assert_no_error (error);
    }

  return rma;
}

/* The code of reason @reason_id ("changed-mind"), or NULL. */
static char *
dup_reason_code (const Fixture *fixture,
                 gint64         reason_id)
{
  g_autoptr(RetourDatabase) db = retour_database_open (fixture->shop.path, NULL);
  g_autoptr(GPtrArray) reasons = retour_policy_store_list_reasons (db, TRUE, NULL);

  g_assert_nonnull (reasons);
  for (guint i = 0; i < reasons->len; i++)
    if (((RetourReason *) g_ptr_array_index (reasons, i))->id == reason_id)
      return g_strdup (((RetourReason *) g_ptr_array_index (reasons, i))->code);

  return NULL;
}

/* The cases -------------------------------------------------------------------- */

static void
test_desk_phone_then_scan (Fixture       *fixture,
                           gconstpointer  data)
{
  RetourWindow *window = open_window (fixture->shop.path);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) received = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *number = NULL;
  g_autofree char *typed = NULL;
  GtkWindow *dialog;
  GtkWidget *weak;

  /* The list is up, with the demo's returns. */
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));

  /* The phone rings: Ctrl+N, the order number the customer reads out,
   * Enter. */
  keys_pressed = 0;
  press (XK_n, XK_Control_L);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  focus_window (dialog);
  type_text (ORDER_NUMBER);
  settle (300);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Order " ORDER_NUMBER));
  press (XK_Return, NoSymbol);

  /* Both items listed with their verdict, and on screen what the keys
   * do. The T-shirt comes back, both of them, because they "changed my
   * mind": Space ticks it, Tab to its quantity, Up, Tab to its reason,
   * the start of it typed. */
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test T-shirt, M"));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test mug"));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Eligible"));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Space ticks an item"));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Ctrl+Enter creates"));
  press (XK_space, NoSymbol);
  press (XK_Tab, NoSymbol);
  press (XK_Up, NoSymbol);
  press (XK_Tab, NoSymbol);
  type_text ("chan");
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Changed my mind"));

  /* Tab takes the reason the list shows and goes on to the mug: one
   * unit only, so no quantity to pass. It arrived "damaged in transit":
   * typed with its space. */
  press (XK_Tab, NoSymbol);
  press (XK_space, NoSymbol);
  press (XK_Tab, NoSymbol);
  type_text ("damaged in");

  /* The outcome says which item each verdict is about. */
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test T-shirt, M: Returnable"));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test mug: Returnable"));
  /* Beside the shop's verdict, the law's: the call is the notice. */
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Withdrawn in time"));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "notice of withdrawal, recorded at"));

  /* Ctrl+Enter: created, authorized, shown in the main window. */
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  press (XK_Return, XK_Control_L);
  WAIT_UNTIL (weak == NULL);

  /* A two-item return in twelve keys or fewer besides what the customer
   * said, modifiers counted. */
  g_test_message ("The phone return took %u keys besides the typed text", keys_pressed);
  g_assert_cmpuint (keys_pressed, <=, 12);

  rma = load_new_rma (fixture, &events);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_nonnull (rma->number);
  g_assert_cmpint (rma->order_id, ==, fixture->order_id);
  g_assert_cmpuint (rma->lines->len, ==, 2);
  /* The customer is told by when to send it: it can become overdue. */
  g_assert_cmpint (rma->due_us, >, g_get_real_time () + 13 * G_TIME_SPAN_DAY);
  {
    const RetourRmaLine *tee = NULL;
    const RetourRmaLine *mug = NULL;
    g_autofree char *tee_reason = NULL;
    g_autofree char *mug_reason = NULL;

    for (guint i = 0; i < rma->lines->len; i++)
      {
        const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

        if (line->product_id == fixture->product_id)
          tee = line;
        else if (line->product_id == fixture->mug_id)
          mug = line;
      }
    g_assert_nonnull (tee);
    g_assert_nonnull (mug);
    tee_reason = dup_reason_code (fixture, tee->reason_id);
    mug_reason = dup_reason_code (fixture, mug->reason_id);
    g_assert_cmpuint (tee->qty_requested, ==, 2);
    g_assert_cmpuint (tee->qty_authorized, ==, 2);
    g_assert_cmpstr (tee_reason, ==, "changed-mind");
    g_assert_cmpuint (mug->qty_authorized, ==, 1);
    g_assert_cmpstr (mug_reason, ==, "damaged-in-transit");
    /* Changed their mind within the period: a withdrawal; broken on the
     * way: the legal guarantee. */
    g_assert_cmpint (tee->claim, ==, RETOUR_CLAIM_WITHDRAWAL);
    g_assert_cmpint (mug->claim, ==, RETOUR_CLAIM_CONFORMITY);
    g_assert_cmpint (rma->declared_via, ==, RETOUR_DECLARATION_PHONE);
    g_assert_cmpint (rma->declared_us, >, 0);
  }
  g_assert_cmpuint (events->len, >=, 2);
  g_assert_cmpstr (((RetourRmaEvent *) g_ptr_array_index (events, 0))->kind, ==, "created");

  /* The list shows it on top, authorized. */
  number = retour_rma_number_display (rma->number);
  WAIT_UNTIL (g_strcmp0 (list_status_of (window, number), "Authorized") == 0);

  /* The parcel arrives: Ctrl+R, a scan with a misread check character
   * first (refused, the focus stays for the next scan), then the real
   * one, typed in lower case the way a scanner on the wrong layout may. */
  press (XK_r, XK_Control_L);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW)) != NULL);
  focus_window (dialog);
  typed = g_ascii_strdown (rma->number, -1);
  typed[strlen (typed) - 1] = typed[strlen (typed) - 1] == '0' ? '1' : '0';
  type_text (typed);
  press (XK_Return, NoSymbol);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "check character"));
  g_assert_true (GTK_IS_TEXT (gtk_window_get_focus (dialog)));

  g_free (typed);
  typed = g_ascii_strdown (number, -1);
  type_text (typed);
  press (XK_Return, NoSymbol);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test T-shirt, M"));

  /* Everything that was authorized is in the parcel: Ctrl+Enter. */
  press (XK_Return, XK_Control_L);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Ready for the next parcel"));
  g_assert_true (GTK_IS_TEXT (gtk_window_get_focus (dialog)));

  received = load_new_rma (fixture, NULL);
  g_assert_cmpint (received->status, ==, RETOUR_RMA_STATUS_RECEIVED);
  for (guint i = 0; i < received->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (received->lines, i);

      g_assert_cmpuint (line->qty_received, ==, line->product_id == fixture->product_id ? 2 : 1);
    }

  /* The main window follows. */
  press (XK_Escape, NoSymbol);
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW) == NULL);
  WAIT_UNTIL (g_strcmp0 (list_status_of (window, number), "Received") == 0);

  ui_test_close_window (window);
}

/* The new-return window, opened with Ctrl+N and shown the fixture's
 * order. */
static GtkWindow *
open_new_return (void)
{
  GtkWindow *dialog;

  press (XK_n, XK_Control_L);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  focus_window (dialog);
  type_text (ORDER_NUMBER);
  settle (300);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Order " ORDER_NUMBER));
  press (XK_Return, NoSymbol);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test T-shirt, M"));

  return dialog;
}

/* Escape: nothing typed, the window just closes; half filled in, it asks
 * first, and Keep Editing keeps all of it. An open list of reasons is
 * closed first, and only that. */
static void
test_desk_escape_asks (Fixture       *fixture,
                       gconstpointer  data)
{
  RetourWindow *window = open_window (fixture->shop.path);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *question;
  GtkWindow *dialog;

  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));

  /* Nothing typed: gone at once, on either page. */
  press (XK_n, XK_Control_L);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  focus_window (dialog);
  press (XK_Escape, NoSymbol);
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW) == NULL);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  focus_window (GTK_WINDOW (window));
  dialog = open_new_return ();
  press (XK_Escape, NoSymbol);
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW) == NULL);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* The T-shirt ticked and its reason begun: Escape closes the list of
   * reasons, the form stays. */
  focus_window (GTK_WINDOW (window));
  dialog = open_new_return ();
  press (XK_space, NoSymbol);
  press (XK_Tab, NoSymbol);
  press (XK_Tab, NoSymbol);
  type_text ("wro");
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "Wrong size or fit"));
  press (XK_Escape, NoSymbol);
  WAIT_UNTIL (!is_shown (GTK_WIDGET (dialog), match_label_containing, "Wrong size or fit"));
  settle (100);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* Escape again: asked. Keep Editing: all of it still there. */
  press (XK_Escape, NoSymbol);
  WAIT_UNTIL ((question = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (question)));
  g_assert_true (is_shown (GTK_WIDGET (question), match_label_containing, "Discard This Return?"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "keep");
  focus_window (GTK_WINDOW (question));
  press (XK_Return, NoSymbol);
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_true (find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW) == dialog);
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Test T-shirt, M: Returnable"));

  /* The Cancel button asks too; Discard closes it, and nothing is made. */
  focus_window (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  WAIT_UNTIL ((question = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  adw_message_dialog_response (question, "discard");
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW) == NULL);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  rows = retour_search_rmas (db, ORDER_NUMBER, -1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);

  ui_test_close_window (window);
}

/* Another program changes the database: the list follows within about a
 * second, without losing the selection. */
static void
test_desk_live_update (Fixture       *fixture,
                       gconstpointer  data)
{
  RetourWindow *window = open_window (fixture->shop.path);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRmaLine) line = retour_rma_line_new ();
  g_autoptr(RetourPolicy) policy = NULL;
  g_autofree char *id_text = NULL;

  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  rma = retour_rma_new ("EUR", g_get_real_time ());
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  line->title = g_strdup ("Written elsewhere");
  line->qty_ordered = 1;
  line->qty_requested = 1;
  line->unit_price = retour_money_init (500, "EUR");
  retour_rma_add_line (rma, g_steal_pointer (&line));
  retour_rma_store_insert (db, rma, "elsewhere", &error);
  g_assert_no_error (error);

  id_text = g_strdup_printf ("#%" G_GINT64_FORMAT, rma->id);
  WAIT_UNTIL (g_strcmp0 (list_status_of (window, id_text), "Requested") == 0);

  ui_test_close_window (window);
}

static void
test_desk_empty_and_no_matches (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->shop.dir, "empty.db", NULL);
  RetourWindow *window = open_window (path);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-empty", NULL);
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_status_page, "No Returns Yet"));
  ui_test_close_window (window);

  window = open_window (fixture->shop.path);
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));

  /* Ctrl+F, then text nothing matches. Two characters only say what is
   * needed; the list stays. */
  press (XK_f, XK_Control_L);
  type_text ("zq");
  settle (400);
  g_assert_true (is_shown (GTK_WIDGET (window), match_label_containing, "at least three characters"));
  g_assert_true (is_shown (GTK_WIDGET (window), match_tag, NULL));
  type_text ("xzq");
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_status_page, "No Matches"));

  ui_test_close_window (window);
}

static void
fill (GtkWindow  *window,
      const char *title,
      const char *text)
{
  GtkWidget *row = find_widget (GTK_WIDGET (window), match_entry_row, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* A return for an order Retour does not know: the customer and the item
 * typed in. Without a delivery date the policy cannot say yes, so the
 * return needs a note before it can be created, and the note goes into
 * its history. (Filled in with gtk_editable_set_text(): what is tested
 * here is what is stored, the typing is the first case's.) */
static void
test_desk_manual_order (Fixture       *fixture,
                        gconstpointer  data)
{
  RetourWindow *window = open_window (fixture->shop.path);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean noted = FALSE;
  GtkWindow *dialog;
  GtkWidget *weak;

  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.manual", NULL);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_entry_row, "First Name"));

  fill (dialog, "First Name", "Henk");
  fill (dialog, "Last Name", "de Vries");
  fill (dialog, "E-mail", "henk@example.nl");
  fill (dialog, "Order Number (if known)", "MARKT-17");
  {
    /* Long past the withdrawal period: the shop's policy decides. */
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) delivered = g_date_time_add_days (now, -40);
    g_autofree char *text = g_date_time_format (delivered, "%x");

    fill (dialog, "Delivered On", text);
  }
  fill (dialog, "Description", "Wool scarf");
  fill (dialog, "Price per Unit", "24,50");
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Past the withdrawal deadline"));

  /* No note yet: refused, and nothing stored. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.create", NULL);
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "write down why"));

  fill (dialog, "Why the Policy Is Overridden (Required)", "Bought at the market stall");
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.create", NULL);
  WAIT_UNTIL (weak == NULL);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  rows = retour_search_rmas (db, "henk@example.nl", -1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  rma = retour_rma_store_load (db, ((RetourRmaSummary *) g_ptr_array_index (rows, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpstr (rma->customer_name, ==, "Henk de Vries");
  g_assert_cmpint (((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->unit_price.minor, ==, 2450);

  order = retour_catalog_store_load_order (db, rma->order_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (order->store_id, ==, 0);
  g_assert_cmpstr (order->number, ==, "MARKT-17");

  events = retour_rma_store_list_events (db, rma->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->kind, "note") == 0 &&
          g_strcmp0 (event->detail, "Bought at the market stall") == 0)
        noted = TRUE;
    }
  g_assert_true (noted);

  ui_test_close_window (window);
}

/* At the packing table the condition and destination of each item are
 * known: confirming the receipt inspects the return too, and the restocked
 * units go back on hand. (The rows are set with their API; the keyboard is
 * the first case's.) */
static void
test_desk_receive_and_inspect (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourProduct) before = NULL;
  g_autoptr(RetourProduct) after = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) inspected = NULL;
  g_autoptr(RetourRmaLine) line = retour_rma_line_new ();
  const RetourOrderLine *order_line;
  RetourWindow *window;
  GtkWindow *dialog;
  GtkWidget *entry;

  /* An authorized return of both T-shirts, as the phone case makes it. */
  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  order = retour_catalog_store_load_order (db, fixture->order_id, &error);
  g_assert_no_error (error);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  before = retour_catalog_store_load_product (db, fixture->product_id, &error);
  g_assert_no_error (error);
  order_line = g_ptr_array_index (order->lines, 0);
  rma = retour_rma_new ("EUR", g_get_real_time ());
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  line->order_line_id = order_line->id;
  line->product_id = order_line->product_id;
  line->title = g_strdup (order_line->title);
  line->unit_price = order_line->unit_price;
  line->qty_ordered = 2;
  line->qty_requested = 2;
  line->qty_authorized = 2;
  retour_rma_add_line (rma, g_steal_pointer (&line));
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);

  window = open_window (fixture->shop.path);
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  entry = find_widget (GTK_WIDGET (dialog), match_type_entry, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), rma->number);
  g_signal_emit_by_name (entry, "activate");
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_combo_row, "Condition"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), match_combo_row, "Condition")),
                              RETOUR_CONDITION_NEW_UNOPENED);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), match_combo_row, "Goes To")),
                              RETOUR_DISPOSITION_RESTOCK);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.confirm", NULL);
  WAIT_UNTIL (is_shown (GTK_WIDGET (dialog), match_label_containing, "2 units back in stock"));

  inspected = retour_rma_store_load (db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (inspected->status, ==, RETOUR_RMA_STATUS_INSPECTED);
  g_assert_cmpuint (((RetourRmaLine *) g_ptr_array_index (inspected->lines, 0))->qty_accepted, ==, 2);
  after = retour_catalog_store_load_product (db, fixture->product_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->on_hand, ==, before->on_hand + 2);

  gtk_window_destroy (dialog);
  ui_test_close_window (window);
}

/* A resolved return with its refund due: the editor records the payment,
 * the history says so and the return no longer needs action. (The
 * action and the dialog are driven with their API.) */
static guint
count_refunds (RetourDatabase *db,
               gint64          rma_id)
{
  g_autoptr(GPtrArray) refunds = retour_rma_store_list_refunds (db, rma_id, NULL);

  return refunds != NULL ? refunds->len : 0;
}

static void
test_desk_record_refund (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRmaLine) line = retour_rma_line_new ();
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GPtrArray) needing = NULL;
  const RetourOrderLine *order_line;
  const RetourRefund *refund;
  RetourRmaLine *rma_line;
  RetourRmaEditor *editor;
  RetourWindow *window;
  GtkWindow *dialog;
  guint64 count_before;
  guint64 count_after;

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  order = retour_catalog_store_load_order (db, fixture->order_id, &error);
  g_assert_no_error (error);
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  order_line = g_ptr_array_index (order->lines, 0);
  rma = retour_rma_new ("EUR", g_get_real_time ());
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  rma->refund_method = RETOUR_REFUND_METHOD_BANK_TRANSFER;
  line->order_line_id = order_line->id;
  line->product_id = order_line->product_id;
  line->title = g_strdup (order_line->title);
  line->unit_price = order_line->unit_price;
  line->qty_ordered = 2;
  line->qty_requested = 2;
  line->qty_authorized = 2;
  retour_rma_add_line (rma, g_steal_pointer (&line));
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  rma_line = g_ptr_array_index (rma->lines, 0);
  rma_line->qty_received = 2;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_RECEIVED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  rma_line->qty_accepted = 2;
  rma_line->condition = RETOUR_CONDITION_NEW_UNOPENED;
  rma_line->disposition = RETOUR_DISPOSITION_RESTOCK;
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_INSPECTED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_RESOLVED, "test", NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->refund.minor, >, 0);
  g_assert_true (retour_rma_store_refund_is_due (db, rma, &error));
  g_assert_no_error (error);
  count_before = retour_search_count_needing_action (db, g_get_real_time (), 1000, &error);
  g_assert_no_error (error);

  window = open_window (fixture->shop.path);
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));
  retour_window_show_rma (window, rma->id, NULL);
  editor = retour_returns_page_get_editor (retour_window_get_returns_page (window));
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor) == rma->id);

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.record-refund", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (is_shown (GTK_WIDGET (dialog), match_label_containing, "Bank transfer"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");

  /* The answer reaches the editor from the main loop. */
  WAIT_UNTIL (count_refunds (db, rma->id) == 1);
  refunds = retour_rma_store_list_refunds (db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 1);
  refund = g_ptr_array_index (refunds, 0);
  g_assert_cmpint (refund->amount.minor, ==, rma->refund.minor);
  g_assert_cmpstr (refund->amount.currency, ==, "EUR");
  g_assert_cmpint (refund->method, ==, RETOUR_REFUND_METHOD_BANK_TRANSFER);
  g_assert_nonnull (refund->idempotency_key);

  /* The history shows the payment, and there is nothing left to pay. */
  WAIT_UNTIL (is_shown (GTK_WIDGET (editor), match_label_containing, "Refund paid"));

  count_after = retour_search_count_needing_action (db, g_get_real_time (), 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_after, ==, count_before - 1);
  needing = retour_search_rmas_needing_action (db, NULL, g_get_real_time (), 0, 1000, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < needing->len; i++)
    g_assert_cmpint (((RetourRmaSummary *) g_ptr_array_index (needing, i))->id, !=, rma->id);

  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  GdkDisplay *display;
  int event_base, error_base, major, minor;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL || !gtk_init_check ())
    {
      g_printerr ("No X display: skipping the returns desk tests\n");
      return 77;
    }

  display = gdk_display_get_default ();
  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_printerr ("Not an X11 display: skipping the returns desk tests\n");
      return 77;
    }
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor))
    {
      g_printerr ("The X server has no XTest: skipping the returns desk tests\n");
      return 77;
    }

  app = ui_test_new_application ();

  g_test_add ("/ui/returns-desk/phone-then-scan", Fixture, NULL,
              fixture_set_up, test_desk_phone_then_scan, fixture_tear_down);
  g_test_add ("/ui/returns-desk/escape-asks", Fixture, NULL,
              fixture_set_up, test_desk_escape_asks, fixture_tear_down);
  g_test_add ("/ui/returns-desk/receive-and-inspect", Fixture, NULL,
              fixture_set_up, test_desk_receive_and_inspect, fixture_tear_down);
  g_test_add ("/ui/returns-desk/manual-order", Fixture, NULL,
              fixture_set_up, test_desk_manual_order, fixture_tear_down);
  g_test_add ("/ui/returns-desk/live-update", Fixture, NULL,
              fixture_set_up, test_desk_live_update, fixture_tear_down);
  g_test_add ("/ui/returns-desk/empty-and-no-matches", Fixture, NULL,
              fixture_set_up, test_desk_empty_and_no_matches, fixture_tear_down);
  g_test_add ("/ui/returns-desk/record-refund", Fixture, NULL,
              fixture_set_up, test_desk_record_refund, fixture_tear_down);

  return ui_test_run (&app);
}
