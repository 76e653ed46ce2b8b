/* retour-ui-test.c — what the UI test programs share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "retour-ui-test.h"

gboolean
ui_test_set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;

  return G_SOURCE_REMOVE;
}

void
ui_test_settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, ui_test_set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

char *
strip_mnemonic (const char *label)
{
  GString *str = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (str, *p);
    }

  return g_string_free (str, FALSE);
}

gboolean
match_button (GtkWidget     *widget,
              gconstpointer  data)
{
  g_autofree char *label = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return FALSE;

  label = strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));

  return g_str_equal (label, data);
}

gboolean
match_status_page (GtkWidget     *widget,
                   gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), data) == 0;
}

gboolean
match_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

gboolean
match_row (GtkWidget     *widget,
           gconstpointer  data)
{
  g_autofree char *title = NULL;

  if (!ADW_IS_PREFERENCES_ROW (widget))
    return FALSE;

  title = strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));

  return g_str_equal (title, data);
}

gboolean
match_row_prefix (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data);
}

gboolean
match_group (GtkWidget     *widget,
             gconstpointer  data)
{
  return ADW_IS_PREFERENCES_GROUP (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), data) == 0;
}

gboolean
match_table (GtkWidget     *widget,
             gconstpointer  data)
{
  g_autoptr(GtkColumnViewColumn) first = NULL;

  if (!GTK_IS_COLUMN_VIEW (widget))
    return FALSE;

  first = g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget)), 0);
  return first != NULL && g_strcmp0 (gtk_column_view_column_get_title (first), data) == 0;
}

gboolean
match_tooltip (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

gboolean
match_label (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

gboolean
match_label_containing (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

gboolean
match_inscription (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), data) == 0;
}

gboolean
match_entry_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

gboolean
match_combo_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_COMBO_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

GtkWidget *
require (gpointer     root,
         WidgetMatch  match,
         const char  *what)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (root), match, what);

  if (widget == NULL)
    g_error ("No “%s” found", what);

  return widget;
}

void
click_button (gpointer    root,
              const char *label)
{
  GtkWidget *button = require (root, match_button, label);

  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

RetourApplication *
ui_test_new_application (void)
{
  g_autoptr(RetourApplication) app = retour_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return g_steal_pointer (&app);
}

RetourApplication *
ui_test_init_application (int         *argc,
                          char      ***argv,
                          const char  *what)
{
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);

  if ((g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL) ||
      !gtk_init_check ())
    {
      g_printerr ("No display: skipping %s\n", what);
      return NULL;
    }

  return ui_test_new_application ();
}

int
ui_test_run (RetourApplication **app)
{
  int ret = g_test_run ();

  g_clear_object (app);

  return ret;
}

RetourWindow *
ui_test_open_window (RetourApplication *app,
                     const char        *path)
{
  RetourWindow *window = retour_application_open (app, path);

  g_assert_true (RETOUR_IS_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  return window;
}

void
ui_test_close_window (gpointer window)
{
  GtkWidget *weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (weak == NULL);
}

/* Removes @path and, for a folder, everything in it (symbolic links are
 * removed, never followed). */
static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

void
ui_test_shop_set_up (UiTestShop    *shop,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdelimit (g_strdup (g_test_get_path ()), "/", '-');
  g_autofree char *template = g_strdup_printf ("retour%s-XXXXXX", name);

  shop->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  shop->path = g_build_filename (shop->dir, "shop.db", NULL);
}

void
ui_test_shop_tear_down (UiTestShop    *shop,
                        gconstpointer  data)
{
  remove_tree (shop->dir);
  g_clear_pointer (&shop->dir, g_free);
  g_clear_pointer (&shop->path, g_free);
}

void
ui_test_save_png (gpointer    widget,
                  const char *name)
{
  const char *dir = g_getenv ("RETOUR_SCREENSHOTS");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  ui_test_settle (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
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
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}
