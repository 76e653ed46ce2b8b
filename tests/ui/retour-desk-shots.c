/* retour-desk-shots.c — the returns desk, wide and as narrow as a phone,
 * rendered to PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: it asserts nothing, it is for people to look at, in each
 * language (LANGUAGE and LC_ALL of the run; the translations are read
 * from the build tree). Opens the real window on a demo shop and saves
 * what it paints: the list with a return open beside it and the "Needs
 * Action" view at 1280 px, and the list and an opened return at 360 px.
 *
 *   retour-desk-shots --database SHOP --output DIR [--prefix NAME-]
 */
#define G_LOG_DOMAIN "retour-desk-shots"

#include "config.h"

#include <glib/gstdio.h>

#include "retour-application.h"
#include "retour-i18n.h"
#include "retour-search.h"
#include "retour-window.h"
#include "retour-ui-test.h"

static const char *output_dir;
static const char *prefix = "";

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (prefix, name, NULL);
  g_autofree char *path = g_build_filename (output_dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* A paintable made while a redraw is pending (a blinking text cursor)
   * is empty: then the next frame is waited for. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        ui_test_settle (20);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_print ("%s (%d × %d)\n", path, width, height);
}

static gint64
first_in_status (RetourDatabase  *db,
                 RetourRmaStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = retour_search_rmas (db, NULL, status, 0, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);

  return ((RetourRmaSummary *) g_ptr_array_index (rows, 0))->id;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name_prefix = NULL;
  g_autoptr(GOptionContext) options = g_option_context_new ("— screenshots of the returns desk");
  g_autoptr(RetourApplication) app = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "A demo shop to show", "FILE" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "Where the PNG files go", "DIR" },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &name_prefix, "Put before each file name", "TEXT" },
    G_OPTION_ENTRY_NULL
  };
  RetourWindow *window;
  GtkWidget *page;
  gint64 inspected, authorized;

  retour_i18n_init ();
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || database == NULL || output == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--database and --output are required");
      return 2;
    }

  gtk_init ();
  output_dir = output;
  if (name_prefix != NULL)
    prefix = name_prefix;
  g_mkdir_with_parents (output, 0755);

  db = retour_database_open (database, &error);
  g_assert_no_error (error);
  inspected = first_in_status (db, RETOUR_RMA_STATUS_INSPECTED);
  authorized = first_in_status (db, RETOUR_RMA_STATUS_AUTHORIZED);

  app = ui_test_new_application ();
  window = retour_application_open (app, database);
  page = GTK_WIDGET (retour_window_get_returns_page (window));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (800);
  retour_window_show_rma (window, inspected, NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "desk-1280.png");

  gtk_widget_activate_action (page, "returns.view", "s", "needs-action");
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "needs-action-1280.png");
  gtk_widget_activate_action (page, "returns.view", "s", "all");
  ui_test_settle (300);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 740);
  ui_test_settle (800);
  gtk_widget_activate_action (page, "returns.back", NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "list-360.png");

  retour_window_show_rma (window, authorized, NULL);
  ui_test_settle (600);
  save_png (GTK_WIDGET (window), "editor-360.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle (200);
  g_clear_object (&app);

  return 0;
}
