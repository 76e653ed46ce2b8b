/* retour-ui-test.h — what the UI test programs share: waiting for the
 * main loop, and finding widgets the way a person finds them on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "retour-application.h"

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
/* The first toplevel window of @type that is mapped, or NULL. */
GtkWindow *find_toplevel          (GType          type);

/* Starts a UI test program: the user's locale, GTest, GTK and a
 * RetourApplication of its own (no D-Bus name: the test is its own primary
 * instance) with animations off, so that page changes take effect at once.
 * NULL when there is no display: the program then exits 77, "skipped". */
RetourApplication *ui_test_init_application (int          *argc,
                                             char       ***argv);

/* A new scratch folder named after @prefix; *@out_database is the path of
 * a shop database in it, not created yet. */
char      *ui_test_make_scratch   (const char    *prefix,
                                   char         **out_database);
/* Removes @path and, for a folder, everything in it (symbolic links are
 * removed, never followed). */
void       ui_test_remove_tree    (const char    *path);

G_END_DECLS
