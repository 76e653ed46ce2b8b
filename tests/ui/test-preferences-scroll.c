/* test-preferences-scroll.c — the scroll wheel over the preferences moves
 * the page, never a number on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shop owner scrolled the Policy page and the pointer passed over a
 * category's "days to return": 30 became 63. The wheel turns here through
 * the X server (XTest), as a mouse's does: GTK 4.8 has no public way to
 * make an input event, and emitting a controller's signal would skip the
 * choice of who gets the event, which is what is tested. Over the return
 * window's spin button and over a category rule's (a row added after the
 * window opened), the value stays and the page scrolls.
 *
 * Needs an X display (the suite runs under Xvfb); elsewhere the program
 * reports itself skipped.
 */
#define G_LOG_DOMAIN "test-preferences-scroll"

#include "config.h"

#include <locale.h>

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "retour-application.h"
#include "retour-policy-page.h"
#include "retour-preferences-window.h"
#include "retour-window.h"
#include "retour-ui-test.h"

static RetourApplication *app;
static Display *xdisplay;

typedef UiTestShop Fixture;

static void
settle (guint ms)
{
  XSync (xdisplay, False);
  ui_test_settle (ms);
}

/* Moves the pointer onto the middle of @widget and turns the wheel one
 * notch down (X button 5). */
static void
scroll_down_over (GtkWidget *widget)
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
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface), DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y), &root_x, &root_y, &child);

  XTestFakeMotionEvent (xdisplay, -1, root_x, root_y, CurrentTime);
  settle (100);
  /* The widget under the pointer is the one meant. */
  g_assert_true (gtk_widget_pick (GTK_WIDGET (native), point.x, point.y, GTK_PICK_DEFAULT) == widget ||
                 gtk_widget_is_ancestor (gtk_widget_pick (GTK_WIDGET (native), point.x, point.y, GTK_PICK_DEFAULT),
                                         widget));
  XTestFakeButtonEvent (xdisplay, 5, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay, 5, False, CurrentTime);
  settle (300);
}

static gboolean
match_spin (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

/* The spin button of the row titled @title in the group titled @group. */
static GtkSpinButton *
row_spin (gpointer    root,
          const char *group,
          const char *title)
{
  GtkWidget *row = require (require (root, match_group, group), match_row, title);

  return GTK_SPIN_BUTTON (require (row, match_spin, "a spin button"));
}

/* Scrolls @adjustment so that @widget is near the top of what is seen. */
static void
bring_near_top (GtkAdjustment *adjustment,
                GtkWidget     *scrolled,
                GtkWidget     *widget)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 80);
  settle (200);
}

static void
assert_wheel_scrolls_page (GtkSpinButton *spin)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (spin), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double value = gtk_spin_button_get_value (spin);
  double scrolled_to;

  bring_near_top (adjustment, scrolled, GTK_WIDGET (spin));
  scrolled_to = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled_to, <, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  scroll_down_over (GTK_WIDGET (spin));

  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, value);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, scrolled_to);
}

static void
test_wheel_scrolls_page (Fixture       *fixture,
                         gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  RetourPreferencesWindow *preferences;
  GtkWidget *add_row;
  GtkSpinButton *spin;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  /* Low enough that the Policy page scrolls. */
  gtk_window_set_default_size (GTK_WINDOW (preferences), 680, 500);
  settle (200);

  /* The return window's days. */
  spin = row_spin (preferences, "Return Window", "Days to Return");
  assert_wheel_scrolls_page (spin);

  /* A category added now, with its rule's days. */
  add_row = require (require (preferences, match_group, "Categories"), match_row, "Add a Category");
  gtk_editable_set_text (GTK_EDITABLE (add_row), "Electronics");
  g_signal_emit_by_name (add_row, "apply");
  spin = row_spin (preferences, "Categories", "Electronics");
  gtk_spin_button_set_value (spin, 30);
  settle (100);
  assert_wheel_scrolls_page (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 30);

  /* Its own steps still change it. */
  gtk_spin_button_spin (spin, GTK_SPIN_STEP_FORWARD, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 31);

  ui_test_close_window (preferences);
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
      g_printerr ("No X display: skipping the preferences scroll tests\n");
      return 77;
    }

  display = gdk_display_get_default ();
  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_printerr ("Not an X11 display: skipping the preferences scroll tests\n");
      return 77;
    }
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor))
    {
      g_printerr ("The X server has no XTest: skipping the preferences scroll tests\n");
      return 77;
    }

  app = ui_test_new_application ();

  g_test_add ("/ui/preferences-scroll/wheel-scrolls-page", Fixture, NULL,
              ui_test_shop_set_up, test_wheel_scrolls_page, ui_test_shop_tear_down);

  return ui_test_run (&app);
}
