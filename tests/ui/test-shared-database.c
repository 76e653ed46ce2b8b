/* test-shared-database.c — the window app on a shop's shared database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Connect to a Shared Database…" with a wrong password says so and keeps
 * what was typed; with the right one, the location goes to GSettings, the
 * password to the keyring (one in memory: a test never writes into the
 * keyring of whoever runs it) and the window opens on the shared shop.
 * A return saved at another desk first is refused in the editor, with the
 * typed notes still in the form and their version one confirmation away.
 * A connection the server ends shows the offline bar, keeps the typed
 * notes, and after Try Again the save goes through; the phone-return
 * window says it the same way, keeps its form while the server refuses
 * connections, and creates the return once it takes them again; the
 * receive window keeps the scanned parcel and receives it then. A
 * warehouse operator's window offers receiving and not refunds, an
 * accounts operator's the other way round, and the server refuses a
 * refund the warehouse records anyway. Another desk's change
 * leaves the list's selection and scroll position as they were.
 *
 * The server cases need the private cluster build-aux/test starts
 * (RETOUR_TEST_POSTGRES, and for a password RETOUR_TEST_POSTGRES_TCP and
 * RETOUR_TEST_POSTGRES_PASSWORD); without it they are skipped. With
 * RETOUR_SCREENSHOTS=DIR set, the dialog and the offline bar are saved
 * wide and at 360 px.
 */
#define G_LOG_DOMAIN "test-shared-database"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libpq-fe.h>

#include "retour-connect-dialog.h"
#include "retour-demo.h"
#include "retour-desk.h"
#include "retour-i18n.h"
#include "retour-new-return-window.h"
#include "retour-offline-bar.h"
#include "retour-receive-window.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-item.h"
#include "retour-rma-store.h"
#include "retour-server-setup.h"
#include "retour-search.h"
#include "retour-test-db.h"
#include "retour-window.h"
#include "retour-ui-test.h"

#define PHONE_WIDTH 360

static RetourApplication *app;

typedef struct
{
  UiTestShop  shop;
  char       *server_db;   /* the database made on the cluster, or NULL */
} Fixture;

/* The cluster ---------------------------------------------------------------- */

static gboolean
have_cluster (void)
{
  if (g_getenv ("RETOUR_TEST_POSTGRES") != NULL)
    return TRUE;

  g_test_skip ("RETOUR_TEST_POSTGRES is not set: run the tests with build-aux/test");
  return FALSE;
}


/* A new database on the cluster with a demo shop in it; its conninfo
 * over the Unix socket (trust). */
static char *
new_shared_shop (Fixture *fixture,
                 guint    n_rmas)
{
  g_autofree char *conninfo = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  RetourDemoOptions options = { .n_rmas = n_rmas, .seed = 3, .now_us = g_get_real_time () };

  fixture->server_db = retour_test_db_create_on_cluster ("retour_ui");

  /* Set up as retour-cli server init does: opened with CREATE. */
  conninfo = g_strdup_printf ("%s dbname=%s", g_getenv ("RETOUR_TEST_POSTGRES"), fixture->server_db);
  db = retour_database_open_full (conninfo, RETOUR_DATABASE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  if (n_rmas > 0)
    {
      retour_demo_generate (db, &options, NULL, &error);
      g_assert_no_error (error);
    }

  return g_steal_pointer (&conninfo);
}

/* Ends every connection to the fixture's database but this one's: the
 * server going away, as far as the window can tell. */
static void
end_connections (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                                          "WHERE datname = '%s' AND pid <> pg_backend_pid ()",
                                          fixture->server_db);

  retour_test_db_exec_on_cluster (sql);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_test_shop_set_up (&fixture->shop, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_string (settings, "database-location", "");

  if (fixture->server_db != NULL)
    {
      retour_test_db_drop_on_cluster (fixture->server_db);
      g_clear_pointer (&fixture->server_db, g_free);
    }
  ui_test_shop_tear_down (&fixture->shop, data);
}

/* Finding and typing ----------------------------------------------------------- */

/* @msgid as it reads on screen in the language of the run, without its
 * mnemonic: the cases run in German too, for the screenshots. */
static const char *
tr (const char *msgid)
{
  static GPtrArray *kept;

  if (kept == NULL)
    kept = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (kept, strip_mnemonic (_(msgid)));

  return g_ptr_array_index (kept, kept->len - 1);
}

static void
type_into (gpointer    root,
           const char *row_title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (require (root, match_row, row_title)), text);
}

static const char *
text_of (gpointer    root,
         const char *row_title)
{
  return gtk_editable_get_text (GTK_EDITABLE (require (root, match_row, row_title)));
}

/* What the dialog says below the form: the label beside the spinner. */
static GtkLabel *
dialog_message (RetourConnectDialog *dialog)
{
  GtkWidget *spinner = require (dialog, match_type, GSIZE_TO_POINTER (GTK_TYPE_SPINNER));

  return GTK_LABEL (gtk_widget_get_next_sibling (spinner));
}

static RetourConnectDialog *
open_connect_dialog (RetourWindow *window)
{
  RetourConnectDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "connect-database", NULL);
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_CONNECT_DIALOG) != NULL);
  dialog = RETOUR_CONNECT_DIALOG (find_toplevel (RETOUR_TYPE_CONNECT_DIALOG));
  ui_test_settle (100);

  return dialog;
}

/* The value of @key in a libpq "key=value …" string without quotes. */
static char *
conninfo_value (const char *conninfo,
                const char *key)
{
  g_auto(GStrv) words = g_strsplit (conninfo, " ", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], prefix))
      return g_strdup (words[i] + strlen (prefix));

  return NULL;
}

static void
fill_in_server (RetourConnectDialog *dialog,
                const char          *dbname,
                const char          *password)
{
  const char *tcp = g_getenv ("RETOUR_TEST_POSTGRES_TCP");
  g_autofree char *host = conninfo_value (tcp, "host");
  g_autofree char *port = conninfo_value (tcp, "port");
  g_autofree char *user = conninfo_value (tcp, "user");

  type_into (dialog, tr ("_Server Address"), host);
  type_into (dialog, tr ("_Port"), port);
  type_into (dialog, tr ("_Database"), dbname);
  type_into (dialog, tr ("_User Name"), user);
  type_into (dialog, tr ("Pass_word"), password);
}

static RetourRmaEditor *
editor_of (RetourWindow *window)
{
  return retour_returns_page_get_editor (retour_window_get_returns_page (window));
}

/* The return's notes in the editor (the resolution's, not a line's). */
static GtkEditable *
notes_row (RetourWindow *window)
{
  GtkWidget *section = require (editor_of (window), match_type,
                                GSIZE_TO_POINTER (g_type_from_name ("RetourResolutionSection")));

  return GTK_EDITABLE (require (section, match_entry_row, tr ("Notes")));
}

static GtkLabel *
editor_error (RetourWindow *window)
{
  GtkWidget *revealer = require (editor_of (window), match_type, GSIZE_TO_POINTER (GTK_TYPE_REVEALER));

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return NULL;

  return GTK_LABEL (require (revealer, match_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL)));
}

static char *
stored_notes (const char *location,
              gint64      rma_id)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  rma = retour_rma_store_load (db, rma_id, &error);
  g_assert_no_error (error);

  return g_strdup (rma->notes != NULL ? rma->notes : "");
}

/* Another desk changes the notes of @rma_id, as Anna. */
static void
change_at_another_desk (const char *location,
                        gint64      rma_id,
                        const char *notes)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  rma = retour_rma_store_load (db, rma_id, &error);
  g_assert_no_error (error);
  g_free (rma->notes);
  rma->notes = g_strdup (notes);
  rma->updated_us = g_get_real_time ();
  retour_rma_store_update (db, rma, "Anna", &error);
  g_assert_no_error (error);
}

static void
save_shots (gpointer    window,
            const char *name)
{
  g_autofree char *wide = g_strdup_printf ("%s.png", name);
  g_autofree char *narrow = g_strdup_printf ("%s-360.png", name);
  int width;
  int height;

  if (g_getenv ("RETOUR_SCREENSHOTS") == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  ui_test_settle (300);
  ui_test_save_png (window, wide);
  gtk_window_set_default_size (GTK_WINDOW (window), PHONE_WIDTH, height);
  ui_test_settle (500);
  ui_test_save_png (window, narrow);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  ui_test_settle (300);
}

/* The cases ------------------------------------------------------------------- */

static void
test_connect_denied (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *location = NULL;
  g_autofree char *dbname = NULL;
  RetourWindow *window;
  RetourConnectDialog *dialog;
  GtkLabel *message;

  if (!have_cluster ())
    return;
  if (g_getenv ("RETOUR_TEST_POSTGRES_TCP") == NULL)
    {
      g_test_skip ("RETOUR_TEST_POSTGRES_TCP is not set");
      return;
    }

  location = new_shared_shop (fixture, 0);
  window = ui_test_open_window (app, fixture->shop.path);
  dialog = open_connect_dialog (window);
  save_shots (dialog, "connect-dialog-empty");

  fill_in_server (dialog, fixture->server_db, "not the password");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connect.connect", NULL);
  message = dialog_message (dialog);
  WAIT_UNTIL (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));

  /* A refusal, said at the password. */
  g_assert_cmpstr (gtk_label_get_text (message), !=, "");
  g_assert_true (gtk_widget_has_css_class (require (dialog, match_row, tr ("Pass_word")), "error"));
  /* Everything typed is still there, to correct and try again. */
  g_assert_cmpstr (text_of (dialog, tr ("_Database")), ==, fixture->server_db);
  g_assert_cmpstr (text_of (dialog, tr ("Pass_word")), ==, "not the password");
  g_assert_true (gtk_widget_is_sensitive (require (dialog, match_button, tr ("C_onnect"))));
  save_shots (dialog, "connect-dialog-denied");

  /* Nothing was kept: the desk still works on this computer. */
  g_assert_null (retour_application_get_location (app));
  g_assert_cmpstr (retour_window_get_path (window), ==, fixture->shop.path);

  ui_test_close_window (dialog);
  ui_test_close_window (window);
}

/* A database on the server that nobody set up for Retour. */
static void
test_connect_no_shop (Fixture       *fixture,
                      gconstpointer  data)
{
  RetourWindow *window;
  RetourConnectDialog *dialog;
  GtkLabel *message;

  if (!have_cluster ())
    return;
  if (g_getenv ("RETOUR_TEST_POSTGRES_TCP") == NULL || g_getenv ("RETOUR_TEST_POSTGRES_PASSWORD") == NULL)
    {
      g_test_skip ("RETOUR_TEST_POSTGRES_TCP or _PASSWORD is not set");
      return;
    }

  fixture->server_db = retour_test_db_create_on_cluster ("retour_ui");

  window = ui_test_open_window (app, fixture->shop.path);
  dialog = open_connect_dialog (window);
  fill_in_server (dialog, fixture->server_db, g_getenv ("RETOUR_TEST_POSTGRES_PASSWORD"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connect.connect", NULL);
  message = dialog_message (dialog);
  WAIT_UNTIL (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));

  /* It says how to set one up, and sets up nothing itself. */
  g_assert_nonnull (strstr (gtk_label_get_text (message), "retour-cli server init"));
  g_assert_false (gtk_widget_has_css_class (require (dialog, match_row, tr ("Pass_word")), "error"));
  g_assert_null (retour_application_get_location (app));

  ui_test_close_window (dialog);
  ui_test_close_window (window);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **password = user_data;
  g_autoptr(GError) error = NULL;

  *password = retour_keyring_lookup_password_finish (RETOUR_KEYRING (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*password);
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *location = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *password = NULL;
  RetourWindow *window;
  RetourConnectDialog *dialog;
  GtkWidget *weak;
  RetourContext *context;

  if (!have_cluster ())
    return;
  if (g_getenv ("RETOUR_TEST_POSTGRES_TCP") == NULL || g_getenv ("RETOUR_TEST_POSTGRES_PASSWORD") == NULL)
    {
      g_test_skip ("RETOUR_TEST_POSTGRES_TCP or _PASSWORD is not set");
      return;
    }

  conninfo = new_shared_shop (fixture, 20);
  window = ui_test_open_window (app, fixture->shop.path);
  dialog = open_connect_dialog (window);
  fill_in_server (dialog, fixture->server_db, g_getenv ("RETOUR_TEST_POSTGRES_PASSWORD"));

  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connect.connect", NULL);
  WAIT_UNTIL (weak == NULL || gtk_widget_has_css_class (GTK_WIDGET (dialog_message (dialog)), "error"));
  if (weak != NULL)
    g_error ("Could not connect: %s", gtk_label_get_text (dialog_message (dialog)));

  /* The location, without the password, is the desk's from now on. */
  settings = g_settings_new (APPLICATION_ID);
  kept = g_settings_get_string (settings, "database-location");
  g_assert_true (retour_database_location_is_server (kept));
  g_assert_nonnull (strstr (kept, fixture->server_db));
  g_assert_null (strstr (kept, g_getenv ("RETOUR_TEST_POSTGRES_PASSWORD")));
  location = retour_application_get_location (app);
  g_assert_cmpstr (location, ==, kept);

  /* The password is in the keyring, under the location. */
  retour_keyring_lookup_password_async (retour_application_get_keyring (app), location, NULL, password_cb, &password);
  WAIT_UNTIL (password != NULL);
  g_assert_cmpstr (password, ==, g_getenv ("RETOUR_TEST_POSTGRES_PASSWORD"));

  /* The window shows the shared shop, and says so. */
  WAIT_UNTIL (retour_window_get_context (window) != NULL &&
              g_strcmp0 (retour_window_get_path (window), location) == 0);
  context = retour_window_get_context (window);
  g_assert_true (retour_database_is_shared (retour_context_get_database (context)));
  g_assert_nonnull (strstr (adw_view_switcher_title_get_subtitle (ADW_VIEW_SWITCHER_TITLE (require (window, match_type, GSIZE_TO_POINTER (ADW_TYPE_VIEW_SWITCHER_TITLE)))),
                           fixture->server_db));
  save_shots (window, "shared-window");

  ui_test_close_window (window);

  /* The next start opens it again, password from the keyring. */
  retour_database_set_server_password (location, NULL);
  window = retour_application_open (app, NULL);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  g_assert_cmpstr (retour_window_get_path (window), ==, location);
  ui_test_close_window (window);
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  RetourDemoOptions options = { .n_rmas = 30, .seed = 4, .now_us = g_get_real_time () };
  RetourWindow *window;
  AdwMessageDialog *confirm;
  GtkLabel *message;
  const gint64 rma_id = 7;

  /* The versions are the store's, the same on a file as on a server. */
  db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);

  window = ui_test_open_window (app, fixture->shop.path);
  retour_window_show_rma (window, rma_id, NULL);
  ui_test_settle (100);
  gtk_editable_set_text (notes_row (window), "Customer called: wants a refund, not an exchange");
  WAIT_UNTIL (retour_rma_editor_is_dirty (editor_of (window)));

  change_at_another_desk (fixture->shop.path, rma_id, "Parcel arrived damaged");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor_of (window)), "editor.save", NULL));
  ui_test_settle (200);

  message = editor_error (window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_text (message), "Anna"));
  g_assert_true (gtk_widget_get_visible (require (editor_of (window), match_button, tr ("Show _Their Version…"))));
  /* What was typed is still in the form, and not saved over theirs. */
  g_assert_cmpstr (gtk_editable_get_text (notes_row (window)), ==, "Customer called: wants a refund, not an exchange");
  notes = stored_notes (fixture->shop.path, rma_id);
  g_assert_cmpstr (notes, ==, "Parcel arrived damaged");
  ui_test_save_png (window, "editor-conflict.png");

  /* Their version, once it is clear that the typed notes go. */
  gtk_widget_activate_action (GTK_WIDGET (editor_of (window)), "editor.show-theirs", NULL);
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "show");
  ui_test_settle (200);
  g_assert_cmpstr (gtk_editable_get_text (notes_row (window)), ==, "Parcel arrived damaged");
  g_assert_false (retour_rma_editor_is_dirty (editor_of (window)));

  ui_test_close_window (window);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *location = NULL;
  g_autofree char *notes = NULL;
  RetourWindow *window;
  const gint64 rma_id = 5;
  const char *typed = "Called back at 14:00; label sent again";

  if (!have_cluster ())
    return;

  location = new_shared_shop (fixture, 20);
  window = ui_test_open_window (app, location);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  retour_window_show_rma (window, rma_id, NULL);
  ui_test_settle (100);
  gtk_editable_set_text (notes_row (window), typed);
  WAIT_UNTIL (retour_rma_editor_is_dirty (editor_of (window)));

  end_connections (fixture);
  gtk_widget_activate_action (GTK_WIDGET (editor_of (window)), "editor.save", NULL);
  WAIT_UNTIL (retour_window_get_offline (window));
  ui_test_settle (300);

  g_assert_nonnull (find_widget (GTK_WIDGET (window), match_label,
                                 _("The shared database cannot be reached. Your changes are kept.")));
  g_assert_cmpstr (gtk_editable_get_text (notes_row (window)), ==, typed);
  g_assert_true (retour_rma_editor_is_dirty (editor_of (window)));
  notes = stored_notes (location, rma_id);
  g_assert_cmpstr (notes, !=, typed);
  save_shots (window, "offline-bar");

  /* The server is back (it never left): Try Again, then the save works. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reconnect", NULL));
  WAIT_UNTIL (!retour_window_get_offline (window));
  g_assert_cmpstr (gtk_editable_get_text (notes_row (window)), ==, typed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor_of (window)), "editor.save", NULL));
  ui_test_settle (100);
  g_clear_pointer (&notes, g_free);
  notes = stored_notes (location, rma_id);
  g_assert_cmpstr (notes, ==, typed);
  g_assert_false (retour_rma_editor_is_dirty (editor_of (window)));

  ui_test_close_window (window);
}

/* The server takes no connections to the fixture's database (@allow
 * FALSE), and those it had are ended; or it takes them again. */
static void
allow_connections (Fixture  *fixture,
                   gboolean  allow)
{
  g_autofree char *sql = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS %s",
                                          fixture->server_db, allow ? "true" : "false");

  retour_test_db_exec_on_cluster (sql);
  if (!allow)
    end_connections (fixture);
}

static guint
count_found (const char *location,
             const char *query)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  rows = retour_search_rmas (db, query, -1, 0, 10, &error);
  g_assert_no_error (error);

  return rows->len;
}

/* A return taken over the phone while the server is away: the window
 * says so as the main window does, and everything typed stays. Try Again
 * while it is still away changes nothing; once it is back, the return is
 * created. */
static void
test_offline_new_return (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *typed[][2] = {
    { "First Name", "Henk" },
    { "Last Name", "de Vries" },
    { "E-mail", "henk.offline@example.nl" },
    { "Order Number (if known)", "MARKT-18" },
    { "Description", "Wool scarf" },
    { "Price per Unit", "24,50" },
    { "Why the Policy Is Overridden (Required)", "Bought at the market stall" },
  };
  g_autofree char *location = NULL;
  RetourWindow *window;
  GtkWindow *dialog;
  RetourOfflineBar *bar;
  GtkWidget *weak;

  if (!have_cluster ())
    return;

  location = new_shared_shop (fixture, 10);
  window = ui_test_open_window (app, location);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.manual", NULL);
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_row, tr ("Description")) != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    type_into (dialog, tr (typed[i][0]), typed[i][1]);
  bar = RETOUR_OFFLINE_BAR (require (dialog, match_type, GSIZE_TO_POINTER (RETOUR_TYPE_OFFLINE_BAR)));
  g_assert_false (retour_offline_bar_get_shown (bar));

  allow_connections (fixture, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.create", NULL);
  WAIT_UNTIL (retour_offline_bar_get_shown (bar));
  ui_test_settle (300);

  /* The main window's words, in the window where it happened, and no
   * other message under them; the main window says it too. */
  g_assert_true (retour_window_get_offline (window));
  g_assert_nonnull (find_widget (GTK_WIDGET (bar), match_label,
                                 _("The shared database cannot be reached. Your changes are kept.")));
  g_assert_nonnull (find_widget (GTK_WIDGET (bar), match_button, tr ("_Try Again")));
  /* The window's own error bar, just below. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_next_sibling (GTK_WIDGET (bar)))));
  g_assert_true (find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW) == dialog);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    g_assert_cmpstr (text_of (dialog, tr (typed[i][0])), ==, typed[i][1]);
  save_shots (dialog, "offline-new-return");

  /* Still away: Try Again leaves everything as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "offline-bar.reconnect", NULL));
  ui_test_settle (1500);
  g_assert_true (retour_offline_bar_get_shown (bar));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    g_assert_cmpstr (text_of (dialog, tr (typed[i][0])), ==, typed[i][1]);

  /* Back: Try Again, then Create makes the return. */
  allow_connections (fixture, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "offline-bar.reconnect", NULL));
  WAIT_UNTIL (!retour_offline_bar_get_shown (bar));
  g_assert_false (retour_window_get_offline (window));
  g_assert_cmpuint (count_found (location, "henk.offline@example.nl"), ==, 0);

  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.create", NULL);
  WAIT_UNTIL (weak == NULL);
  g_assert_cmpuint (count_found (location, "henk.offline@example.nl"), ==, 1);

  ui_test_close_window (window);
}

/* At the packing table the same: the parcel scanned before the server
 * went away stays on screen, and is received once it is back. */
static void
test_offline_receive (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *location = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(GError) error = NULL;
  const RetourRmaSummary *arriving;
  RetourWindow *window;
  GtkWindow *dialog;
  RetourOfflineBar *bar;
  GtkWidget *entry;

  if (!have_cluster ())
    return;

  location = new_shared_shop (fixture, 60);
  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  /* A parcel the shop expects: authorized, or on its way. */
  rows = retour_search_rmas (db, "", RETOUR_RMA_STATUS_AUTHORIZED, 0, 1, &error);
  g_assert_no_error (error);
  if (rows->len == 0)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      rows = retour_search_rmas (db, "", RETOUR_RMA_STATUS_IN_TRANSIT, 0, 1, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (rows->len, ==, 1);
  arriving = g_ptr_array_index (rows, 0);

  window = ui_test_open_window (app, location);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  entry = require (dialog, match_type, GSIZE_TO_POINTER (GTK_TYPE_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (entry), arriving->number);
  g_signal_emit_by_name (entry, "activate");
  ui_test_settle (200);
  bar = RETOUR_OFFLINE_BAR (require (dialog, match_type, GSIZE_TO_POINTER (RETOUR_TYPE_OFFLINE_BAR)));

  allow_connections (fixture, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.confirm", NULL));
  WAIT_UNTIL (retour_offline_bar_get_shown (bar));
  g_assert_true (retour_window_get_offline (window));
  g_assert_nonnull (find_widget (GTK_WIDGET (bar), match_label,
                                 _("The shared database cannot be reached. Your changes are kept.")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (require (dialog, match_type,
                                                                          GSIZE_TO_POINTER (GTK_TYPE_STACK)))),
                   ==, "rma");

  allow_connections (fixture, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "offline-bar.reconnect", NULL));
  WAIT_UNTIL (!retour_offline_bar_get_shown (bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "receive.confirm", NULL));
  ui_test_settle (200);

  g_clear_object (&db);
  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  stored = retour_rma_store_load (db, arriving->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_RECEIVED);

  gtk_window_destroy (dialog);
  ui_test_close_window (window);
}

/* Roles ------------------------------------------------------------------------ */

/* Operators are the cluster's login roles: made as retour-cli server
 * add-operator makes them, gone again at the end. */
static const char *const operators[] = { "ui-wim-warehouse", "ui-els-accounts" };

static void
drop_operators (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS \"%s\"", operators[i]);

      retour_test_db_exec_on_cluster (sql);
    }
}

/* @location as the operator @name, who signs in over the socket. */
static char *
add_operator (const char          *location,
              const char          *name,
              RetourOperatorRoles  roles)
{
  g_autoptr(RetourServerInit) init = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  /* As retour-cli server init, then server add-operator. */
  init = retour_server_init (location, &error);
  g_assert_no_error (error);
  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  retour_server_add_operator (db, name, roles, "geheim-42", &error);
  g_assert_no_error (error);

  return g_strdup_printf ("%s user=%s", location, name);
}

/* The newest return in @status but @except (authorized: or in transit). */
static gint64
find_return (RetourDatabase  *db,
             RetourRmaStatus  status,
             gint64           except)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = retour_search_rmas (db, "", status, 0, 2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const RetourRmaSummary *row = g_ptr_array_index (rows, i);

      if (row->id != except)
        return row->id;
    }

  /* A parcel on its way is as expected as one authorized. */
  if (status == RETOUR_RMA_STATUS_AUTHORIZED)
    return find_return (db, RETOUR_RMA_STATUS_IN_TRANSIT, except);

  g_error ("The demo shop has too few returns %s", retour_rma_status_to_key (status));
}

/* A return, to be refunded, received and inspected at the shop with
 * everything back on the shelf: its refund is due and nothing of it
 * paid. */
static gint64
inspected_return (RetourDatabase *db,
                  gint64          except)
{
  g_autoptr(RetourContext) context = retour_context_new (db);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) parcel = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;

  rma = retour_rma_store_load (db, find_return (db, RETOUR_RMA_STATUS_AUTHORIZED, except), &error);
  g_assert_no_error (error);
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  retour_desk_save_return (context, rma, &error);
  g_assert_no_error (error);
  parcel = retour_desk_find_expected (context, rma->number, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < parcel->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (parcel->lines, i);

      line->condition = RETOUR_CONDITION_NEW_UNOPENED;
      line->disposition = RETOUR_DISPOSITION_RESTOCK;
    }
  retour_desk_receive (context, parcel, TRUE, &error);
  g_assert_no_error (error);

  g_clear_pointer (&rma, retour_rma_free);
  rma = retour_rma_store_load (db, parcel->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_INSPECTED);
  g_assert_true (retour_rma_store_refund_is_due (db, rma, NULL));
  g_assert_cmpint (rma->refund.minor, >, 0);
  refunds = retour_rma_store_list_refunds (db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 0);

  return rma->id;
}

static gboolean
menu_has (GMenuModel *model,
          const char *label)
{
  for (int i = 0; model != NULL && i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &text) &&
          g_str_equal (text, label))
        return TRUE;
      if (menu_has (section, label))
        return TRUE;
    }

  return FALSE;
}

/* Whether the editor offers the step to @to: its button, or an item of
 * its menu of other steps beside it. */
static gboolean
offers_step (RetourWindow    *window,
             RetourRmaStatus  to)
{
  const char *label = retour_rma_status_get_action_label (to);
  g_autofree char *stripped = strip_mnemonic (label);
  GtkWidget *editor = GTK_WIDGET (editor_of (window));
  GtkWidget *button = find_widget (editor, match_button, stripped);
  GtkWidget *menu = find_widget (editor, match_type, GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON));

  if (button != NULL && gtk_widget_is_visible (button))
    return TRUE;

  return menu != NULL && gtk_widget_is_visible (menu) &&
         menu_has (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu)), label);
}

static gboolean
offers_refund (RetourWindow *window)
{
  GtkWidget *button = find_widget (GTK_WIDGET (editor_of (window)), match_button, tr ("_Record Refund…"));

  return button != NULL && gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button);
}

/* Each desk sees only what its operator may do, and the server holds to
 * it when the desk tries anyway. */
static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *location = NULL;
  g_autofree char *warehouse = NULL;
  g_autofree char *accounts = NULL;
  g_autoptr(RetourRefund) refund = g_new0 (RetourRefund, 1);
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;
  RetourWindow *window;
  gint64 arriving;
  gint64 due;

  if (!have_cluster ())
    return;

  location = new_shared_shop (fixture, 60);
  drop_operators ();
  warehouse = add_operator (location, operators[0], RETOUR_OPERATOR_ROLE_WAREHOUSE);
  accounts = add_operator (location, operators[1], RETOUR_OPERATOR_ROLE_ACCOUNTS);
  admin = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  arriving = find_return (admin, RETOUR_RMA_STATUS_AUTHORIZED, 0);
  due = inspected_return (admin, arriving);

  /* The packing table: receiving, not refunds. */
  window = ui_test_open_window (app, warehouse);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  g_assert_cmpint (retour_database_get_operator_roles (retour_context_get_database (retour_window_get_context (window))),
                   ==, RETOUR_OPERATOR_ROLE_WAREHOUSE);
  retour_window_show_rma (window, arriving, NULL);
  ui_test_settle (200);
  g_assert_true (offers_step (window, RETOUR_RMA_STATUS_RECEIVED));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL));
  WAIT_UNTIL (find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW) != NULL);
  gtk_window_destroy (find_toplevel (RETOUR_TYPE_RECEIVE_WINDOW));

  retour_window_show_rma (window, due, NULL);
  ui_test_settle (200);
  g_assert_false (offers_refund (window));
  g_assert_false (offers_step (window, RETOUR_RMA_STATUS_RESOLVED));

  /* Tried anyway, from the same connection: the server says no, in
   * words, and nothing is paid. */
  refund->rma_id = due;
  refund->amount = retour_money_init (100, "EUR");
  refund->method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
  g_assert_false (retour_desk_record_refund (retour_window_get_context (window), refund, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, _("Your operator role may not do this.")));
  g_clear_error (&error);

  /* So is a step it is not offered: the editor says why. */
  gtk_widget_activate_action (GTK_WIDGET (editor_of (window)), "editor.transition", "s",
                              retour_rma_status_to_key (RETOUR_RMA_STATUS_RESOLVED));
  ui_test_settle (300);
  stored = retour_rma_store_load (admin, due, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_INSPECTED);
  refunds = retour_rma_store_list_refunds (admin, due, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 0);
  g_assert_nonnull (editor_error (window));
  g_assert_nonnull (strstr (gtk_label_get_text (editor_error (window)), _("Your operator role may not do this.")));
  ui_test_close_window (window);

  /* The bookkeeper: refunds, not the packing table's steps. */
  window = ui_test_open_window (app, accounts);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  retour_window_show_rma (window, due, NULL);
  ui_test_settle (200);
  g_assert_true (offers_refund (window));
  g_assert_true (offers_step (window, RETOUR_RMA_STATUS_RESOLVED));
  retour_window_show_rma (window, arriving, NULL);
  ui_test_settle (200);
  g_assert_false (offers_step (window, RETOUR_RMA_STATUS_RECEIVED));
  ui_test_close_window (window);

  g_clear_object (&admin);
  retour_test_db_drop_on_cluster (fixture->server_db);
  g_clear_pointer (&fixture->server_db, g_free);
  drop_operators ();
}

/* The return selected in the list, and the list's scroll position. */
static gint64
selected_id (RetourWindow *window)
{
  GtkWidget *view = require (window, match_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  g_autoptr(RetourRmaItem) item = NULL;

  item = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)) != NULL
           ? g_object_ref (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)))
           : NULL;

  return item != NULL ? retour_rma_item_get_id (item) : 0;
}

/* The return in the list's row @position. */
static gint64
id_at (RetourWindow *window,
       guint         position)
{
  GtkWidget *view = require (window, match_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_autoptr(RetourRmaItem) item = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), >, position);
  item = g_list_model_get_item (model, position);

  return retour_rma_item_get_id (item);
}

static double
scroll_position (RetourWindow *window)
{
  GtkWidget *view = require (window, match_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));

  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)));
}

static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *location = NULL;
  RetourWindow *window;
  double scrolled;
  gint64 rma_id;

  if (!have_cluster ())
    return;

  location = new_shared_shop (fixture, 60);
  window = ui_test_open_window (app, location);
  WAIT_UNTIL (retour_window_get_context (window) != NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_test_settle (300);

  /* A return far down the list: the list scrolls to it. */
  rma_id = id_at (window, 40);
  retour_window_show_rma (window, rma_id, NULL);
  ui_test_settle (500);
  g_assert_cmpint (selected_id (window), ==, rma_id);
  scrolled = scroll_position (window);
  g_assert_cmpfloat (scrolled, >, 0);

  /* Another desk changes it and one above it; the notification brings
   * both here within a second. */
  change_at_another_desk (location, rma_id, "Changed at the packing table");
  change_at_another_desk (location, id_at (window, 2), "Changed in the office");
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (notes_row (window)), "Changed at the packing table") == 0);
  ui_test_settle (300);

  g_assert_cmpint (selected_id (window), ==, rma_id);
  g_assert_cmpfloat_with_epsilon (scroll_position (window), scrolled, 0.5);

  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RetourKeyring) keyring = NULL;

  retour_i18n_init ();
  app = ui_test_init_application (&argc, &argv, "the shared database tests");
  if (app == NULL)
    return 77;

  /* Never the keyring of whoever runs the test. */
  keyring = retour_keyring_new_in_memory ();
  retour_application_set_keyring (app, keyring);

  g_test_add ("/ui/shared/connect-denied", Fixture, NULL, fixture_set_up, test_connect_denied, fixture_tear_down);
  g_test_add ("/ui/shared/connect-no-shop", Fixture, NULL, fixture_set_up, test_connect_no_shop, fixture_tear_down);
  g_test_add ("/ui/shared/connect", Fixture, NULL, fixture_set_up, test_connect, fixture_tear_down);
  g_test_add ("/ui/shared/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/ui/shared/offline", Fixture, NULL, fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/ui/shared/offline-new-return", Fixture, NULL, fixture_set_up, test_offline_new_return, fixture_tear_down);
  g_test_add ("/ui/shared/offline-receive", Fixture, NULL, fixture_set_up, test_offline_receive, fixture_tear_down);
  g_test_add ("/ui/shared/roles", Fixture, NULL, fixture_set_up, test_roles, fixture_tear_down);
  g_test_add ("/ui/shared/live", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);

  return ui_test_run (&app);
}
