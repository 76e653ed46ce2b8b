/* test-cli-messages.c — `retour-cli messages` and `outbox` as cron runs them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shop whose approvals go out by e-mail, a real SMTP server on
 * 127.0.0.1 that wants a login, and retour-cli: the list of what waits,
 * the password from a private file (a file others may read is refused),
 * a message that waits for staff confirmed from the command line, and
 * what the server received.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "retour-catalog-store.h"
#include "retour-cli-run.h"
#include "retour-desk.h"
#include "retour-message-store.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"
#include "retour-test-smtp.h"

typedef struct
{
  char           *dir;
  char           *db_path;
  char           *password_file;
  RetourTestSmtp *smtp;
} Fixture;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* A phone return of one lamp for @email, authorized at once. */
static void
take_return (RetourContext *context,
             const char    *number,
             const char    *email)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) rma = NULL;
  RetourOrderLine *line = retour_order_line_new ();
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 now_us = retour_context_now (context);

  customer->first_name = g_strdup ("Noor");
  customer->email = g_strdup (email);
  customer->language = g_strdup ("nl");
  retour_catalog_store_upsert_customer (db, customer, now_us, &error);
  g_assert_no_error (error);

  order->number = g_strdup (number);
  order->customer_id = customer->id;
  order->ship_country = g_strdup ("NL");
  order->total = retour_money_init (1995, "EUR");
  order->ordered_us = now_us - 10 * G_TIME_SPAN_DAY;
  order->delivered_us = now_us - 7 * G_TIME_SPAN_DAY;
  line->title = g_strdup ("Bureaulamp");
  line->quantity = 1;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (1995, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);

  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);
  item.order_line_id = line->id;
  item.quantity = 1;
  item.reason_id = ((RetourReason *) reasons->pdata[0])->id;
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;
  retour_desk_create_return (context, &request, &rma, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autofree char *port = NULL;

  f->dir = g_dir_make_tmp ("retour-test-cli-messages-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "shop.db", NULL);
  f->password_file = g_build_filename (f->dir, "smtp-password", NULL);
  f->smtp = retour_test_smtp_start_with_login ("winkel", "geheim wachtwoord");

  db = retour_database_open (f->db_path, &error);
  g_assert_no_error (error);
  context = retour_context_new (db);
  port = g_strdup_printf ("%u", f->smtp->port);
  retour_setting_store_set (db, RETOUR_SETTING_SHOP_NAME, "Lampenwinkel", &error);
  g_assert_no_error (error);
  retour_setting_store_set (db, RETOUR_SETTING_SHOP_EMAIL, "info@lampen.example", &error);
  g_assert_no_error (error);
  retour_setting_store_set (db, RETOUR_SETTING_SMTP_HOST, "127.0.0.1", &error);
  g_assert_no_error (error);
  retour_setting_store_set (db, RETOUR_SETTING_SMTP_PORT, port, &error);
  g_assert_no_error (error);
  retour_setting_store_set (db, RETOUR_SETTING_SMTP_SECURITY, "none", &error);
  g_assert_no_error (error);
  retour_setting_store_set (db, RETOUR_SETTING_SMTP_USER, "winkel", &error);
  g_assert_no_error (error);
  retour_message_store_set_channel (db, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, &error);
  g_assert_no_error (error);

  take_return (context, "#2001", "noor@example.nl");
  retour_message_store_set_mode (db, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_MODE_CONFIRM, &error);
  g_assert_no_error (error);
  take_return (context, "#2002", "bram@example.nl");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_pointer (&f->smtp, retour_test_smtp_stop);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->password_file);
}

static void
write_password (Fixture    *f,
                const char *password,
                int         mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->password_file, password, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->password_file, mode), ==, 0);
}

static void
test_messages_and_outbox (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) open_file = { 0 };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) send = { 0 };
  g_auto(Run) confirm = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) sent = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonObject) received = NULL;
  JsonArray *messages;
  JsonObject *first, *second;
  g_autofree char *second_id = NULL;

  /* What waits: one to send, one for staff to confirm. */
  run_cli (&list, "messages", "--json", "--database", f->db_path, NULL);
  g_assert_cmpint (list.status, ==, 0);
  root = parse_json (list.out);
  messages = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  first = json_array_get_object_element (messages, 0);
  second = json_array_get_object_element (messages, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "step"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (first, "recipient"), ==, "noor@example.nl");
  g_assert_cmpstr (json_object_get_string_member (first, "language"), ==, "nl");
  g_assert_true (json_object_get_null_member (first, "sent_at"));
  g_assert_cmpstr (json_object_get_string_member (second, "state"), ==, "awaiting-confirmation");
  second_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (second, "id"));

  /* A password others may read is refused, and nothing is sent. */
  write_password (f, "geheim wachtwoord\n", 0644);
  run_cli (&open_file, "outbox", "--send", "--credentials", f->password_file, "--database", f->db_path, NULL);
  g_assert_cmpint (open_file.status, !=, 0);
  g_assert_nonnull (strstr (open_file.err, "chmod 600"));
  g_assert_cmpuint (retour_test_smtp_count (f->smtp), ==, 0);

  /* A wrong password: the account's fault, not the message's, which
   * waits for the next run. */
  write_password (f, "verkeerd\n", 0600);
  run_cli (&wrong, "outbox", "--send", "--credentials", f->password_file, "--database", f->db_path, NULL);
  g_test_message ("%s%s", wrong.out, wrong.err);
  g_assert_cmpint (wrong.status, !=, 0);
  g_assert_nonnull (strstr (wrong.err, "535"));
  g_assert_cmpuint (retour_test_smtp_count (f->smtp), ==, 0);

  /* Staff confirm the second; with the right password in a private
   * file it goes, while the first waits its minute after the refusal. */
  write_password (f, "geheim wachtwoord\n", 0600);
  run_cli (&confirm, "messages", "--confirm", second_id, "--database", f->db_path, NULL);
  g_assert_cmpint (confirm.status, ==, 0);
  run_cli (&send, "outbox", "--send", "--json", "--credentials", f->password_file, "--database", f->db_path,
           NULL);
  g_test_message ("%s%s", send.out, send.err);
  g_assert_cmpint (send.status, ==, 0);
  result = parse_json (send.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "sent"), ==, 1);
  g_assert_cmpuint (retour_test_smtp_count (f->smtp), ==, 1);
  received = retour_test_smtp_read (f->smtp, 1);
  g_assert_cmpstr (json_object_get_string_member (received, "to"), ==, "bram@example.nl");
  g_assert_cmpstr (json_object_get_string_member (received, "from"), ==, "Lampenwinkel <info@lampen.example>");

  /* Run again at once: nothing is sent twice. */
  run_cli (&again, "outbox", "--send", "--credentials", f->password_file, "--database", f->db_path, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpuint (retour_test_smtp_count (f->smtp), ==, 1);

  run_cli (&sent, "messages", "#2", "--database", f->db_path, NULL);
  g_assert_cmpint (sent.status, ==, 0);
  g_assert_nonnull (strstr (sent.out, "bram@example.nl"));
  g_assert_nonnull (strstr (sent.out, "Sent"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/messages-and-outbox", Fixture, NULL, fixture_set_up, test_messages_and_outbox,
              fixture_tear_down);

  return g_test_run ();
}
