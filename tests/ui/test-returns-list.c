/* test-returns-list.c — the returns list as a person meets it: keys,
 * clicks, a narrow window, and how the table is laid out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application on a demo shop with a few returns of our own (a
 * customer without a name, one with a very long name). Keys and clicks go
 * through the X server (XTest), as a person's do: GTK 4.8 has no public
 * way to make an input event. The layout cases measure what the window
 * draws: where the divider is, how wide the columns are, where text sits.
 *
 * Needs an X display (the suite runs under Xvfb); elsewhere the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-returns-list"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "retour-application.h"
#include "retour-catalog-store.h"
#include "retour-demo.h"
#include "retour-label-dialog.h"
#include "retour-policy-store.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-item.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-window.h"
#include "retour-wrap-box.h"
#include "retour-ui-test.h"

#define LONG_NAME_FIRST "Maximiliane-Henriette"
#define LONG_NAME_LAST "von Hohenzollern-Sigmaringen-Wittelsbach"

static RetourApplication *app;
static Display *xdisplay;

typedef struct
{
  UiTestShop shop;
  gint64     blank_id;      /* a return whose customer's name is blank */
  gint64     long_id;       /* and one whose name is very long */
} Fixture;

/* Input ------------------------------------------------------------------------ */

static void
settle (guint ms)
{
  XSync (xdisplay, False);
  ui_test_settle (ms);
}

static void
key_event (KeySym sym,
           Bool   press)
{
  KeyCode code = XKeysymToKeycode (xdisplay, sym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (xdisplay, code, press, CurrentTime);
}

/* Presses and releases @sym with @modifier (a modifier's keysym, or
 * NoSymbol). */
static void
press (KeySym sym,
       KeySym modifier)
{
  if (modifier != NoSymbol)
    key_event (modifier, True);
  key_event (sym, True);
  key_event (sym, False);
  if (modifier != NoSymbol)
    key_event (modifier, False);

  settle (50);
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

/* A click of the first button on the middle of @widget. */
static void
click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t point;
  double surface_x, surface_y;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y),
                         &root_x, &root_y, &child);

  XTestFakeMotionEvent (xdisplay, -1, root_x, root_y, CurrentTime);
  settle (50);
  XTestFakeButtonEvent (xdisplay, 1, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 1, False, CurrentTime);
  /* Apart from the next click: not a double click. */
  settle (600);
}

/* Finding what is on screen -------------------------------------------------- */

static gboolean
is_shown (GtkWidget     *root,
          WidgetMatch    match,
          gconstpointer  data)
{
  return find_widget (root, match, data) != NULL;
}

static gboolean
match_tag (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "status-tag") &&
         gtk_widget_get_mapped (widget);
}

/* The editor's title: the open return's number. */
static gboolean
match_number_title (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "rma-number") &&
         gtk_widget_get_mapped (widget);
}

static RetourReturnsPage *
page_of (RetourWindow *window)
{
  return retour_window_get_returns_page (window);
}

static RetourRmaEditor *
editor_of (RetourWindow *window)
{
  return retour_returns_page_get_editor (page_of (window));
}

static GtkWidget *
column_view_of (RetourWindow *window)
{
  return require (page_of (window), match_type, (const char *) GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
}

static GtkSelectionModel *
selection_of (RetourWindow *window)
{
  return gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view_of (window)));
}

static const RetourRmaSummary *
summary_at (RetourWindow *window,
            guint         position)
{
  g_autoptr(RetourRmaItem) item = g_list_model_get_item (G_LIST_MODEL (selection_of (window)), position);

  g_assert_nonnull (item);

  /* The model holds the item. */
  return retour_rma_item_get_summary (item);
}

static gint64
id_at (RetourWindow *window,
       guint         position)
{
  return summary_at (window, position)->id;
}

/* The first row showing a return in @status. */
static guint
position_in_status (RetourWindow    *window,
                    RetourRmaStatus  status)
{
  GListModel *model = G_LIST_MODEL (selection_of (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (summary_at (window, i)->status == status)
        return i;
    }

  g_error ("No return in status %d in the list", status);
}

/* The list cell (an inscription) that shows @text. */
static GtkWidget *
cell_showing (RetourWindow *window,
              const char   *text)
{
  return find_widget (column_view_of (window), match_inscription, text);
}

/* The row (GTK's own widget) that @cell is in. */
static GtkWidget *
row_of (GtkWidget *cell)
{
  /* inscription → cell → row */
  return gtk_widget_get_parent (gtk_widget_get_parent (cell));
}

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *found)
{
  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, found);
}

/* The text cells of a row, left to right. */
static GPtrArray *
row_cells (GtkWidget *row)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_inscriptions (row, found);

  return found;
}

static char *
number_text (const RetourRmaSummary *summary)
{
  if (summary->number != NULL)
    return retour_rma_number_display (summary->number);

  return g_strdup_printf ("#%" G_GINT64_FORMAT, summary->id);
}

/* Whether the editor's title (the number) shows text selected. */
static gboolean
title_selected (RetourWindow *window)
{
  GtkWidget *title = find_widget (GTK_WIDGET (editor_of (window)), match_number_title, NULL);

  g_assert_nonnull (title);

  return gtk_label_get_selection_bounds (GTK_LABEL (title), NULL, NULL);
}

static void
select_position (RetourWindow *window,
                 guint         position)
{
  gtk_selection_model_select_item (selection_of (window), position, TRUE);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor_of (window)) == id_at (window, position));
  settle (100);
}

/* @widget's bounds in @other's coordinates. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *other)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, other, &bounds));

  return bounds;
}

/* The fixture -------------------------------------------------------------------- */

static gint64
insert_return (RetourDatabase *db,
               const char     *first_name,
               const char     *last_name,
               const char     *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRmaLine) line = retour_rma_line_new ();

  customer->first_name = g_strdup (first_name);
  customer->last_name = g_strdup (last_name);
  customer->email = g_strdup_printf ("%s@example.org", title);
  retour_catalog_store_upsert_customer (db, customer, g_get_real_time (), &error);
  g_assert_no_error (error);

  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  rma = retour_rma_new ("EUR", g_get_real_time ());
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->customer_id = customer->id;
  line->title = g_strdup (title);
  line->qty_ordered = 1;
  line->qty_requested = 1;
  line->unit_price = retour_money_init (1500, "EUR");
  retour_rma_add_line (rma, g_steal_pointer (&line));
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);

  return rma->id;
}

/* A demo shop of 80 returns (more than a screen), then two of our own on
 * top: one for a customer whose name is only spaces, one for a customer
 * with a name too long for its column. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  RetourDemoOptions options = { .n_rmas = 80, .seed = 5, .now_us = g_get_real_time () };

  ui_test_shop_set_up (&fixture->shop, data);

  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);

  fixture->blank_id = insert_return (db, "  ", " ", "Blank name test");
  fixture->long_id = insert_return (db, LONG_NAME_FIRST, LONG_NAME_LAST, "Long name test");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_shop_tear_down (&fixture->shop, data);
}

static RetourWindow *
open_window (const Fixture *fixture,
             int            width,
             int            height)
{
  RetourWindow *window = retour_application_open (app, fixture->shop.path);

  g_assert_true (RETOUR_IS_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  focus_window (GTK_WINDOW (window));
  WAIT_UNTIL (is_shown (GTK_WIDGET (window), match_tag, NULL));
  settle (200);

  return window;
}

/* The cases ------------------------------------------------------------------ */

/* Return on the row that has the keyboard opens that row, whichever was
 * selected: Ctrl+Down moves the focus and leaves the selection. */
static void
test_list_return_opens_row (Fixture       *fixture,
                            gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 1280, 800);
  GtkWidget *view = column_view_of (window);
  GtkWidget *focus;

  select_position (window, 0);
  gtk_widget_grab_focus (view);
  settle (100);
  press (XK_Down, XK_Control_L);
  press (XK_Down, XK_Control_L);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection_of (window))), ==, 0);

  press (XK_Return, NoSymbol);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor_of (window)) == id_at (window, 2));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection_of (window))), ==, 2);

  /* The keyboard is in the editor, and its number is not selected text. */
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (editor_of (window))));
  g_assert_false (title_selected (window));

  ui_test_close_window (window);
}

static gboolean
match_label_dialog_for (GtkWidget     *widget,
                        gconstpointer  data)
{
  return ADW_IS_WINDOW_TITLE (widget) &&
         g_str_has_prefix (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), data);
}

/* Ctrl+P opens the label of the return that is open, once it has one. */
static void
test_list_label_shortcut (Fixture       *fixture,
                          gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 1280, 800);
  guint authorized = position_in_status (window, RETOUR_RMA_STATUS_AUTHORIZED);
  guint requested = position_in_status (window, RETOUR_RMA_STATUS_REQUESTED);
  g_autofree char *number = number_text (summary_at (window, authorized));
  GtkWindow *dialog;

  select_position (window, authorized);
  gtk_widget_grab_focus (column_view_of (window));
  settle (100);
  press (XK_p, XK_Control_L);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_LABEL_DIALOG)) != NULL);
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_label_dialog_for, number) != NULL);
  gtk_window_destroy (dialog);
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_LABEL_DIALOG) == NULL);

  /* A requested return has no label yet: nothing opens. */
  focus_window (GTK_WINDOW (window));
  select_position (window, requested);
  gtk_widget_grab_focus (column_view_of (window));
  settle (100);
  press (XK_p, XK_Control_L);
  settle (300);
  g_assert_null (find_toplevel (RETOUR_TYPE_LABEL_DIALOG));

  ui_test_close_window (window);
}

/* A customer whose name is only spaces reads "No name", dimmed, rather
 * than a blank cell. */
static void
test_list_blank_name (Fixture       *fixture,
                      gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 1280, 800);
  g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, fixture->blank_id);
  GtkWidget *cell = cell_showing (window, number);
  GtkWidget *name;

  g_assert_nonnull (cell);
  name = find_widget (row_of (cell), match_inscription, "No name");
  g_assert_nonnull (name);
  g_assert_true (gtk_widget_has_css_class (name, "dim-label"));

  /* And a name shown after it in the same cell is not dimmed. */
  name = cell_showing (window, LONG_NAME_FIRST " " LONG_NAME_LAST);
  g_assert_nonnull (name);
  g_assert_false (gtk_widget_has_css_class (name, "dim-label"));

  ui_test_close_window (window);
}

static int
text_width (GtkWidget *inscription)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (inscription,
                                                                  gtk_inscription_get_text (GTK_INSCRIPTION (inscription)));
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

static gboolean
match_header (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0 &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) == NULL;
}

/* With the editor open on a wide window: the divider stays where it is
 * whatever return is selected; the customer gets the room, the number,
 * order and date columns what they show; numeric titles sit over their
 * numbers; an ellipsized name sits on the row's line like the rest. */
static void
test_list_layout (Fixture       *fixture,
                  gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 1280, 800);
  GtkWidget *editor = GTK_WIDGET (editor_of (window));
  const guint others[] = { 1, 0, 7, 23, 42, 3 };
  guint positions[G_N_ELEMENTS (others) + 2];
  double divider = -1;
  GtkWidget *name;
  GtkWidget *row;
  GtkWidget *header;
  g_autoptr(GPtrArray) cells = NULL;
  GtkWidget *number, *customer, *order, *created, *refund;
  graphene_rect_t a, b;

  /* The returns with the most steps to offer (and the widest editor)
   * first: the pane may widen for them once. */
  positions[0] = position_in_status (window, RETOUR_RMA_STATUS_AUTHORIZED);
  positions[1] = position_in_status (window, RETOUR_RMA_STATUS_IN_TRANSIT);
  memcpy (positions + 2, others, sizeof others);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      select_position (window, positions[i]);
      settle (200);
      a = bounds_in (editor, GTK_WIDGET (window));
      if (i < 2)
        divider = a.origin.x;
      g_assert_cmpfloat_with_epsilon (a.origin.x, divider, 0.5);
    }

  /* The long name's row, left to right: number, customer, order, date,
   * items, refund, age (the status is a tag). */
  name = cell_showing (window, LONG_NAME_FIRST " " LONG_NAME_LAST);
  g_assert_nonnull (name);
  row = row_of (name);
  cells = row_cells (row);
  g_assert_cmpuint (cells->len, ==, 7);
  number = g_ptr_array_index (cells, 0);
  customer = g_ptr_array_index (cells, 1);
  order = g_ptr_array_index (cells, 2);
  created = g_ptr_array_index (cells, 3);
  refund = g_ptr_array_index (cells, 5);
  g_assert_true (customer == name);

  /* The name is longer than its cell, and its cell the widest. */
  g_assert_cmpint (text_width (customer), >, gtk_widget_get_width (customer));
  g_assert_cmpint (gtk_widget_get_width (customer), >, gtk_widget_get_width (order));
  g_assert_cmpint (gtk_widget_get_width (customer), >, gtk_widget_get_width (created));
  g_assert_cmpint (gtk_widget_get_width (customer), >, gtk_widget_get_width (number));

  /* A date column about as wide as a date (it was half empty). */
  g_assert_cmpint (gtk_widget_get_width (created), <, text_width (created) * 3 / 2);

  /* The ellipsized name on the same line as the number beside it. */
  a = bounds_in (customer, row);
  b = bounds_in (number, row);
  g_assert_cmpfloat_with_epsilon (a.origin.y, b.origin.y, 0.5);
  g_assert_cmpfloat_with_epsilon (a.size.height, b.size.height, 0.5);

  /* "Refund" ends where the amounts end. */
  header = find_widget (column_view_of (window), match_header, "Refund");
  g_assert_nonnull (header);
  a = bounds_in (header, column_view_of (window));
  b = bounds_in (refund, column_view_of (window));
  g_assert_cmpfloat (fabs ((a.origin.x + a.size.width) - (b.origin.x + b.size.width)), <=, 3);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (header)), ==, 1.0);

  /* Large Text: the cells grow with their font. */
  {
    GtkSettings *settings = gtk_settings_get_default ();
    g_autofree char *font = NULL;
    int height = gtk_widget_get_height (number);
    g_autofree char *text = g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (number)));
    GtkWidget *bigger;

    g_object_get (settings, "gtk-font-name", &font, NULL);
    g_object_set (settings, "gtk-font-name", "Sans 20", NULL);
    settle (500);
    bigger = cell_showing (window, text);
    g_assert_nonnull (bigger);
    g_assert_cmpint (gtk_widget_get_height (bigger), >, height);
    g_object_set (settings, "gtk-font-name", font, NULL);
    settle (300);
  }

  ui_test_close_window (window);
}

static const char *
shown_status (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

/* In Needs Action the status filter does not apply: it says All Statuses
 * (greyed) and the status chosen comes back with All. Its popup has no
 * tooltip over it. */
static void
test_list_status_filter (Fixture       *fixture,
                         gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 1280, 800);
  GtkDropDown *dropdown = GTK_DROP_DOWN (require (page_of (window), match_type,
                                                  (const char *) GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN)));

  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (dropdown)));

  gtk_drop_down_set_selected (dropdown, RETOUR_RMA_STATUS_RECEIVED + 1);
  settle (200);
  g_assert_cmpstr (shown_status (dropdown), ==, "Received");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dropdown)));

  gtk_widget_activate_action (GTK_WIDGET (page_of (window)), "returns.view", "s", "needs-action");
  settle (200);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dropdown)));
  g_assert_cmpstr (shown_status (dropdown), ==, "All Statuses");

  gtk_widget_activate_action (GTK_WIDGET (page_of (window)), "returns.view", "s", "all");
  settle (200);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dropdown)));
  g_assert_cmpstr (shown_status (dropdown), ==, "Received");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection_of (window))); i++)
    g_assert_cmpint (summary_at (window, i)->status, ==, RETOUR_RMA_STATUS_RECEIVED);

  ui_test_close_window (window);
}

/* A return shown from elsewhere (a new one, after Ctrl+N) is selected and
 * in view, even with the list scrolled down. */
static void
test_list_shown_return_in_view (Fixture       *fixture,
                                gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 1280, 800);
  GtkWidget *view = column_view_of (window);
  GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_autofree char *number = number_text (summary_at (window, 0));
  GtkWidget *cell;
  graphene_rect_t bounds;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  retour_window_show_rma (window, id_at (window, 0), NULL);
  settle (300);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection_of (window))), ==, 0);
  cell = cell_showing (window, number);
  g_assert_nonnull (cell);
  bounds = bounds_in (cell, scrolled);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scrolled));

  ui_test_close_window (window);
}

static gboolean
match_title_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_has_css_class (widget, "title") &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* As narrow as a phone: the window stays 360 px wide, the header and the
 * filters fit, the list does without columns rather than scroll sideways,
 * the title is whole, and a click on a row opens it. (An open return is as
 * wide as the editor's minimum width allows.) */
static void
test_list_narrow (Fixture       *fixture,
                  gconstpointer  data)
{
  RetourWindow *window = open_window (fixture, 360, 740);
  GtkWidget *header = require (window, match_type, (const char *) GSIZE_TO_POINTER (ADW_TYPE_HEADER_BAR));
  GtkWidget *filters = require (page_of (window), match_type, (const char *) GSIZE_TO_POINTER (RETOUR_TYPE_WRAP_BOX));
  GtkWidget *view = column_view_of (window);
  GtkWidget *title;
  GtkWidget *cell;
  g_autofree char *number = NULL;
  int minimum, natural;

  settle (500);
  /* The window did not widen itself. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_measure (filters, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360 - 12);

  /* The list does without columns rather than scroll sideways (once the
   * width is known: on a busy machine that takes more than a settle). */
  WAIT_UNTIL (gtk_adjustment_get_upper (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view))) <=
              gtk_widget_get_width (view) + 1);

  title = find_widget (header, match_title_label, "Retour");
  g_assert_nonnull (title);
  gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (title), >=, natural);

  /* One click on a row: that return, open. */
  number = number_text (summary_at (window, 4));
  cell = cell_showing (window, number);
  g_assert_nonnull (cell);
  click (cell);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (editor_of (window)) == id_at (window, 4));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor_of (window))));
  g_assert_false (gtk_widget_get_mapped (view));
  g_assert_false (title_selected (window));

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
      g_printerr ("No X display: skipping the returns list tests\n");
      return 77;
    }

  display = gdk_display_get_default ();
  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_printerr ("Not an X11 display: skipping the returns list tests\n");
      return 77;
    }
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor))
    {
      g_printerr ("The X server has no XTest: skipping the returns list tests\n");
      return 77;
    }

  app = ui_test_new_application ();

  g_test_add ("/ui/returns-list/return-opens-row", Fixture, NULL,
              fixture_set_up, test_list_return_opens_row, fixture_tear_down);
  g_test_add ("/ui/returns-list/label-shortcut", Fixture, NULL,
              fixture_set_up, test_list_label_shortcut, fixture_tear_down);
  g_test_add ("/ui/returns-list/blank-name", Fixture, NULL,
              fixture_set_up, test_list_blank_name, fixture_tear_down);
  g_test_add ("/ui/returns-list/layout", Fixture, NULL,
              fixture_set_up, test_list_layout, fixture_tear_down);
  g_test_add ("/ui/returns-list/status-filter", Fixture, NULL,
              fixture_set_up, test_list_status_filter, fixture_tear_down);
  g_test_add ("/ui/returns-list/shown-return-in-view", Fixture, NULL,
              fixture_set_up, test_list_shown_return_in_view, fixture_tear_down);
  g_test_add ("/ui/returns-list/narrow", Fixture, NULL,
              fixture_set_up, test_list_narrow, fixture_tear_down);

  return ui_test_run (&app);
}
