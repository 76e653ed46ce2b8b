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
#include "retour-desk.h"
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

/* A row whose title ends with @data. */
static gboolean
match_row_suffix (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data);
}

static void
set_body (GtkWidget  *page,
          const char *text)
{
  GtkWidget *view = find_of_type (page, GTK_TYPE_TEXT_VIEW);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static void
take_return (RetourDatabase *db)
{
  g_autoptr(RetourContext) context = retour_context_new (db);
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;

  item.title = "Linen shirt";
  item.unit_price = retour_money_init (4990, "EUR");
  item.quantity = 1;
  request.first_name = "Noor";
  request.email = "noor@example.nl";
  request.order_number = "WEB-1";
  request.delivered_us = g_get_real_time () - 3 * G_TIME_SPAN_DAY;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;
  retour_desk_create_return (context, &request, &rma, &error);
  g_assert_no_error (error);
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
  GtkWidget *page, *approved, *rejected, *channel, *confirm, *preview, *waiting;
  gboolean edited = TRUE;

  db = retour_database_open (fixture->path, &error);
  g_assert_no_error (error);

  /* A return taken on the phone whose approval waits for staff. */
  retour_message_store_set_channel (db, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, &error);
  g_assert_no_error (error);
  retour_message_store_set_mode (db, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_MODE_CONFIRM, &error);
  g_assert_no_error (error);
  take_return (db);

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  page = find_of_type (preferences, RETOUR_TYPE_MESSAGES_PAGE);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_test_settle (100);

  /* The approval waits for staff; the rejection starts off, and goes by
   * e-mail after staff confirm it as soon as that is chosen. */
  approved = require (page, match_row, "Return approved");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (approved)), ==, "E-mail, After staff confirm");
  rejected = require (page, match_row, "Return rejected");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (rejected)), ==, "Not sent");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (rejected), TRUE);
  channel = require (rejected, match_combo_row, "Sent Through");
  adw_combo_row_set_selected (ADW_COMBO_ROW (channel), 2);
  g_assert_cmpint (retour_message_store_get_channel (db, RETOUR_MESSAGE_STEP_REJECTED, NULL), ==,
                   RETOUR_MESSAGE_CHANNEL_SMTP);
  confirm = find_of_type (require (rejected, match_row, "Wait for Staff to Confirm"), GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (confirm), TRUE);
  g_assert_cmpint (retour_message_store_get_mode (db, RETOUR_MESSAGE_STEP_REJECTED, NULL), ==,
                   RETOUR_MESSAGE_MODE_CONFIRM);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (rejected)), ==, "E-mail, After staff confirm");
  g_assert_cmpint (retour_message_store_get_channel (db, RETOUR_MESSAGE_STEP_PARCEL_RECEIVED, NULL), ==,
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

  /* Staff send the approval that waited for them, now. */
  waiting = require (page, match_row_suffix, ": Return approved");
  click_button (waiting, "Send");
  WAIT_UNTIL (gtk_widget_get_visible (require (page, match_row, "Nothing waits for staff")));
  g_assert_cmpuint (retour_test_smtp_count (smtp), ==, 0);
  gtk_widget_activate_action (page, "messages.send-now", NULL);
  WAIT_UNTIL (retour_test_smtp_count (smtp) == 1);
  WAIT_UNTIL (gtk_widget_is_sensitive (require (page, match_button, "Send Now")));
  {
    g_autoptr(JsonObject) received = retour_test_smtp_read (smtp, 1);

    g_assert_cmpstr (json_object_get_string_member (received, "to"), ==, "noor@example.nl");
    g_assert_cmpstr (json_object_get_string_member (received, "from"), ==, "winkel@example.nl");
  }

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
