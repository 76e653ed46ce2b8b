/* test-messages-page.c — the Customer Messages page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As a shop owner sets it up: the approval sent by e-mail after staff
 * confirm it, German words of the shop's own with the preview following
 * every key, Retour's words back with one click, and the shop's mail
 * server (a real one on 127.0.0.1, tests/sync/smtp-server.py) tried with
 * Test Connection and saved.
 */
#define G_LOG_DOMAIN "test-messages-page"

#include "config.h"

#include <string.h>

#include "retour-application.h"
#include "retour-message-store.h"
#include "retour-messages-page.h"
#include "retour-preferences-window.h"
#include "retour-setting-store.h"
#include "retour-test-smtp.h"
#include "retour-window.h"
#include "retour-ui-test.h"

static RetourApplication *app;

typedef UiTestShop Fixture;

static GtkWidget *
find_of_type (gpointer root,
              GType    type)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (root), match_type, GSIZE_TO_POINTER (type));

  if (widget == NULL)
    g_error ("No %s found", g_type_name (type));

  return widget;
}

static char *
get_setting (RetourDatabase *db,
             const char     *key)
{
  g_autoptr(GError) error = NULL;
  char *value = retour_setting_store_get (db, key, NULL, &error);

  g_assert_no_error (error);
  return value;
}

static void
set_body (GtkWidget  *page,
          const char *text)
{
  GtkWidget *view = find_of_type (page, GTK_TYPE_TEXT_VIEW);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static void
test_messages_page (Fixture       *fixture,
                    gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourTestSmtp) smtp = retour_test_smtp_start ("accept", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *port = g_strdup_printf ("%u", smtp->port);
  g_autofree char *host = NULL;
  g_autofree char *security = NULL;
  RetourPreferencesWindow *preferences;
  GtkWidget *page, *approved, *channel, *confirm, *preview;
  gboolean edited = TRUE;

  db = retour_database_open (fixture->path, &error);
  g_assert_no_error (error);

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  page = find_of_type (preferences, RETOUR_TYPE_MESSAGES_PAGE);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_test_settle (100);

  /* Every step starts off; the approval goes by e-mail, after staff
   * confirm it, as soon as it is chosen. */
  approved = require (page, match_row, "Return approved");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (approved)), ==, "Not sent");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (approved), TRUE);
  channel = require (approved, match_combo_row, "Sent Through");
  adw_combo_row_set_selected (ADW_COMBO_ROW (channel), 2);
  g_assert_cmpint (retour_message_store_get_channel (db, RETOUR_MESSAGE_STEP_APPROVED, NULL), ==,
                   RETOUR_MESSAGE_CHANNEL_SMTP);
  confirm = find_of_type (require (approved, match_row, "Wait for Staff to Confirm"), GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (confirm), TRUE);
  g_assert_cmpint (retour_message_store_get_mode (db, RETOUR_MESSAGE_STEP_APPROVED, NULL), ==,
                   RETOUR_MESSAGE_MODE_CONFIRM);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (approved)), ==, "E-mail, After staff confirm");
  g_assert_cmpint (retour_message_store_get_channel (db, RETOUR_MESSAGE_STEP_REJECTED, NULL), ==,
                   RETOUR_MESSAGE_CHANNEL_OFF);

  /* The German words of the approval, with the preview following. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (page, match_row, "Step")),
                              RETOUR_MESSAGE_STEP_APPROVED);
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (page, match_row, "Language")), 3);
  preview = find_widget (page, match_label_containing, "Your return R26-000123-K is approved");
  g_assert_nonnull (preview);
  gtk_editable_set_text (GTK_EDITABLE (require (page, match_row, "Subject")),
                         "Ihre Rücksendung {rma} für {name}");
  set_body (page, "Guten Tag {name},\n{items}\n{shop}");
  g_assert_nonnull (find_widget (page, match_label_containing, "Ihre Rücksendung R26-000123-K für Anna de Vries"));
  g_assert_nonnull (find_widget (page, match_label_containing, "Guten Tag Anna de Vries,\n2 × Linen shirt (M)"));

  gtk_widget_activate_action (page, "messages.save-template", NULL);
  retour_message_store_get_template (db, RETOUR_MESSAGE_STEP_APPROVED, "de", &subject, &body, &edited, &error);
  g_assert_no_error (error);
  g_assert_true (edited);
  g_assert_cmpstr (subject, ==, "Ihre Rücksendung {rma} für {name}");
  g_assert_cmpstr (body, ==, "Guten Tag {name},\n{items}\n{shop}");

  /* Retour's words again. */
  gtk_widget_activate_action (page, "messages.reset-template", NULL);
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);
  retour_message_store_get_template (db, RETOUR_MESSAGE_STEP_APPROVED, "de", &subject, &body, &edited, &error);
  g_assert_no_error (error);
  g_assert_false (edited);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (require (page, match_row, "Subject"))), ==, subject);

  /* The mail server: tried before it is saved, then saved. */
  gtk_editable_set_text (GTK_EDITABLE (require (page, match_row, "Server")), "127.0.0.1");
  gtk_editable_set_text (GTK_EDITABLE (require (page, match_row, "Port (empty: 587, or 465 for TLS)")), port);
  adw_combo_row_set_selected (ADW_COMBO_ROW (require (page, match_row, "Encryption")), 2);
  gtk_editable_set_text (GTK_EDITABLE (require (page, match_row,
                                                "From Address (empty: the shop’s e-mail address)")),
                         "winkel@example.nl");
  gtk_widget_activate_action (page, "messages.test-connection", NULL);
  WAIT_UNTIL (find_widget (page, match_label, "The mail server took the login: messages can be sent.") != NULL);
  host = get_setting (db, RETOUR_SETTING_SMTP_HOST);
  g_assert_null (host);

  gtk_widget_activate_action (page, "messages.save-server", NULL);
  host = get_setting (db, RETOUR_SETTING_SMTP_HOST);
  security = get_setting (db, RETOUR_SETTING_SMTP_SECURITY);
  g_assert_cmpstr (host, ==, "127.0.0.1");
  g_assert_cmpstr (security, ==, "none");
  g_assert_cmpuint (retour_test_smtp_count (smtp), ==, 0);

  ui_test_save_png (preferences, "messages-page.png");
  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the customer messages page tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/messages-page", Fixture, NULL, ui_test_shop_set_up, test_messages_page, ui_test_shop_tear_down);

  return ui_test_run (&app);
}
