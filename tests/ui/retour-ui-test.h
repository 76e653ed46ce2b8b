/* retour-ui-test.h — what the UI test programs share: a shop of the
 * case's own, the application and its windows, waiting for the main loop,
 * and finding widgets the way a person finds them on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "retour-application.h"
#include "retour-window.h"

G_BEGIN_DECLS

#define UI_TEST_TIMEOUT_SECONDS 60

/* A GSourceFunc that sets the gboolean at @flag and removes itself. */
gboolean   ui_test_set_flag       (gpointer       flag);

/* Runs the main loop until @condition holds; aborts the test after
 * UI_TEST_TIMEOUT_SECONDS. */
#define WAIT_UNTIL(condition)                                                  \
  G_STMT_START {                                                               \
    gboolean timed_out_ = FALSE;                                               \
    guint timeout_id_ = g_timeout_add_seconds (UI_TEST_TIMEOUT_SECONDS,        \
                                               ui_test_set_flag, &timed_out_); \
    while (!(condition) && !timed_out_)                                        \
      g_main_context_iteration (NULL, TRUE);                                   \
    if (timed_out_)                                                            \
      g_error ("Timed out waiting until %s", #condition);                     \
    g_source_remove (timeout_id_);                                             \
  } G_STMT_END

/* Runs the main loop for @ms milliseconds: layout, paint, idle work. */
void       ui_test_settle         (guint          ms);

typedef gboolean (*WidgetMatch) (GtkWidget     *widget,
                                 gconstpointer  data);

/* The first widget in @root's tree, @root included, that @match takes. */
GtkWidget *find_widget            (GtkWidget     *root,
                                   WidgetMatch    match,
                                   gconstpointer  data);
/* "_Save" -> "Save". Returns a new string. */
char      *strip_mnemonic         (const char    *label);
/* A button whose label, without its mnemonic, is @data. */
gboolean   match_button           (GtkWidget     *widget,
                                   gconstpointer  data);
/* An AdwStatusPage titled @data. */
gboolean   match_status_page      (GtkWidget     *widget,
                                   gconstpointer  data);
/* A widget of the GType GPOINTER_TO_SIZE (@data). */
gboolean   match_type             (GtkWidget     *widget,
                                   gconstpointer  data);
/* An AdwPreferencesRow titled @data, as a person reads it (no mnemonic). */
gboolean   match_row              (GtkWidget     *widget,
                                   gconstpointer  data);
/* An AdwPreferencesRow whose title starts with @data. */
gboolean   match_row_prefix       (GtkWidget     *widget,
                                   gconstpointer  data);
/* An AdwPreferencesGroup titled @data. */
gboolean   match_group            (GtkWidget     *widget,
                                   gconstpointer  data);
/* A GtkColumnView whose first column is titled @data. */
gboolean   match_table            (GtkWidget     *widget,
                                   gconstpointer  data);
/* How an icon-only button is known: a button whose tooltip is @data. */
gboolean   match_tooltip          (GtkWidget     *widget,
                                   gconstpointer  data);

/* The matchers below take only what is mapped: on screen, not on a
 * hidden page. */

/* A label reading @data. */
gboolean   match_label            (GtkWidget     *widget,
                                   gconstpointer  data);
/* A label whose text contains @data. */
gboolean   match_label_containing (GtkWidget     *widget,
                                   gconstpointer  data);
/* A GtkInscription (a list cell) reading @data. */
gboolean   match_inscription      (GtkWidget     *widget,
                                   gconstpointer  data);
/* An AdwEntryRow titled @data. */
gboolean   match_entry_row        (GtkWidget     *widget,
                                   gconstpointer  data);
/* An AdwComboRow titled @data. */
gboolean   match_combo_row        (GtkWidget     *widget,
                                   gconstpointer  data);

/* find_widget() for what must be there: the test stops with @what's name
 * when it is not. */
GtkWidget *require                (gpointer       root,
                                   WidgetMatch    match,
                                   const char    *what);
/* Activates the button labelled @label, which must be sensitive. */
void       click_button           (gpointer       root,
                                   const char    *label);
/* The first toplevel window of @type that is mapped, or NULL. */
GtkWindow *find_toplevel          (GType          type);

/* A RetourApplication of the program's own (no D-Bus name: it is its own
 * primary instance), registered, with animations off so that page changes
 * take effect at once. It is never run: the cases iterate the main context
 * themselves. */
RetourApplication *ui_test_new_application  (void);
/* Starts a UI test program: the user's locale, GTest, GTK and
 * ui_test_new_application(). Without a display it says that @what (“the
 * window tests”) are skipped and returns NULL: the program then exits 77. */
RetourApplication *ui_test_init_application (int          *argc,
                                             char       ***argv,
                                             const char   *what);
/* Runs the cases added, then lets go of *@app. */
int        ui_test_run            (RetourApplication **app);

/* Opens @path in a new window of @app and waits until it is on screen. */
RetourWindow *ui_test_open_window (RetourApplication *app,
                                   const char        *path);
/* Destroys @window and waits until it is gone, with what it was doing. */
void       ui_test_close_window   (gpointer       window);

/* Where a case keeps its shop: a scratch folder of its own and the path
 * of a database in it, not created until something opens it. A program
 * whose cases need more puts one first in its own fixture, as `shop`. */
typedef struct
{
  char *dir;
  char *path;
} UiTestShop;

/* GTest set-up and tear-down: the folder is named after the case and
 * removed with all in it. */
void       ui_test_shop_set_up    (UiTestShop    *shop,
                                   gconstpointer  data);
void       ui_test_shop_tear_down (UiTestShop    *shop,
                                   gconstpointer  data);

/* With RETOUR_SCREENSHOTS=DIR set, saves @widget as last drawn to
 * DIR/@name; otherwise does nothing. */
void       ui_test_save_png       (gpointer       widget,
                                   const char    *name);

G_END_DECLS
