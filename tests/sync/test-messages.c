/* test-messages.c — messages to the customer, as the customer gets them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Returns are taken at the desk of a scratch shop with a fixed clock;
 * what their steps queue goes through the outbox to a real SMTP server
 * on 127.0.0.1 (tests/sync/smtp-server.py, aiosmtpd), which saves each
 * message it takes and what a mail program shows of it: the decoded
 * subject and names, the text, the attachments. The server can answer
 * 421 at connect, 451 or 550 after the data, or drop the connection
 * after the data, to check what is retried, reported, or left to staff.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "retour-catalog-store.h"
#include "retour-desk.h"
#include "retour-emulator.h"
#include "retour-label-store.h"
#include "retour-message-store.h"
#include "retour-outbox.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"
#include "retour-sync-store.h"
#include "retour-test-db.h"
#include "retour-test-smtp.h"
#include "retour-woo-connector.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
  RetourContext  *context;
  gint64          now_us;

  RetourTestSmtp *server;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now_us;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = retour_test_db_new ("retour-test-messages-XXXXXX", &f->dir, &f->path);
  f->now_us = NOW_US;
  f->context = retour_context_new (f->db);
  retour_context_set_clock (f->context, fixture_clock, f);
  retour_context_set_actor (f->context, "Sanne");

  retour_setting_store_set (f->db, RETOUR_SETTING_SHOP_NAME, "Fietsen Zoë", &error);
  g_assert_no_error (error);
  retour_setting_store_set (f->db, RETOUR_SETTING_SHOP_EMAIL, "shop@fietsen.example", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, retour_test_smtp_stop);
  g_clear_object (&f->context);
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Starts the test SMTP server in @mode for the first @times and points
 * the shop's settings at it. */
static void
start_server (Fixture    *f,
              const char *mode,
              guint       times)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  f->server = retour_test_smtp_start (mode, times);
  port = g_strdup_printf ("%u", f->server->port);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_HOST, "127.0.0.1", &error);
  g_assert_no_error (error);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_PORT, port, &error);
  g_assert_no_error (error);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_SECURITY, "none", &error);
  g_assert_no_error (error);
}

static guint
count_received (Fixture *f)
{
  return retour_test_smtp_count (f->server);
}

static JsonObject *
read_received (Fixture *f,
               guint    n)
{
  return retour_test_smtp_read (f->server, n);
}

/* A customer of @language with an order of two bicycle bells delivered
 * a week ago (from storefront @store_id, as its order @external_id; 0:
 * typed in), and its return taken on the phone (authorized at once). */
static RetourRma *
take_store_return (Fixture    *f,
                   const char *name,
                   const char *email,
                   const char *language,
                   const char *country,
                   gint64      store_id,
                   const char *external_id)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GPtrArray) reasons = NULL;
  RetourOrderLine *line = retour_order_line_new ();
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strdup_printf ("#%u", g_random_int_range (1000, 9999));
  RetourRma *rma = NULL;

  product->sku = g_strdup ("BEL-01");
  product->title = g_strdup ("Fietsbel “Ding”");
  product->price = retour_money_init (1250, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);

  customer->first_name = g_strdup (name);
  customer->email = g_strdup (email);
  customer->language = g_strdup (language);
  customer->country = g_strdup (country);
  retour_catalog_store_upsert_customer (f->db, customer, f->now_us, &error);
  g_assert_no_error (error);

  order->number = g_strdup (number);
  order->store_id = store_id;
  order->external_id = g_strdup (external_id);
  order->customer_id = customer->id;
  order->ship_country = g_strdup (country);
  order->total = retour_money_init (2500, "EUR");
  order->ordered_us = f->now_us - 10 * DAY_US;
  order->delivered_us = f->now_us - 7 * DAY_US;
  line->product_id = product->id;
  line->external_id = store_id != 0 ? g_strdup_printf ("%s-1", external_id) : NULL;
  line->sku = g_strdup ("BEL-01");
  line->title = g_strdup ("Fietsbel “Ding”");
  line->quantity = 2;
  line->unit_price = retour_money_init (1250, "EUR");
  line->total = retour_money_init (2500, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < reasons->len && item.reason_id == 0; i++)
    if (g_str_equal (((RetourReason *) reasons->pdata[i])->code, "changed-mind"))
      item.reason_id = ((RetourReason *) reasons->pdata[i])->id;
  g_assert_cmpint (item.reason_id, !=, 0);

  item.order_line_id = line->id;
  item.quantity = 2;
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;

  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rma);

  return rma;
}

static RetourRma *
take_return (Fixture    *f,
             const char *name,
             const char *email,
             const char *language,
             const char *country)
{
  return take_store_return (f, name, email, language, country, 0, NULL);
}

static void
use_channel (Fixture              *f,
             RetourMessageStep     step,
             RetourMessageChannel  channel,
             RetourMessageMode     mode)
{
  g_autoptr(GError) error = NULL;

  retour_message_store_set_channel (f->db, step, channel, &error);
  g_assert_no_error (error);
  retour_message_store_set_mode (f->db, step, mode, &error);
  g_assert_no_error (error);
}

static GPtrArray *
list_messages (Fixture *f,
               gint64   rma_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = retour_message_store_list (f->db, rma_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (messages);

  return messages;
}

static RetourOutboxStats
run_outbox (Fixture *f)
{
  g_autoptr(RetourSmtpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  RetourOutboxStats stats = { 0 };

  account = retour_smtp_account_load (f->db, &error);
  g_assert_no_error (error);
  retour_outbox_send_smtp (f->db, account, f->now_us, NULL, &stats, &error);
  g_assert_no_error (error);

  return stats;
}

static RetourMessage *
load_message (Fixture *f,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  RetourMessage *message = retour_message_store_load (f->db, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);

  return message;
}

/* Until the shop chooses a channel, a step tells nobody anything. */
static void
test_off_until_chosen (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RetourRma) rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  g_autoptr(GPtrArray) messages = list_messages (f, rma->id);

  g_assert_cmpuint (messages->len, ==, 0);
}

/* The phone call is a withdrawal: its acknowledgement, with the date
 * and time of the call, and the approval, each once, in the customer's
 * language, with the shop's own German text. */
static void
test_queued_with_the_step (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) english = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) english_messages = NULL;
  g_autoptr(GPtrArray) events = NULL;
  RetourMessage *ack, *approved;

  use_channel (f, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED, RETOUR_MESSAGE_CHANNEL_SMTP,
               RETOUR_MESSAGE_MODE_AUTOMATIC);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_CONFIRM);
  retour_message_store_set_template (f->db, RETOUR_MESSAGE_STEP_APPROVED, "de",
                                     "Ihre Rücksendung {rma} ist genehmigt",
                                     "Guten Tag {name},\n\nIhre Rücksendung {rma} (Bestellung {order}):\n{items}\n\n{shop}",
                                     f->now_us, &error);
  g_assert_no_error (error);

  /* A German order shipped to Austria, and an order without a locale
   * shipped to Ireland. */
  rma = take_return (f, "Jürgen", "juergen@example.at", "de_AT", "AT");
  english = take_return (f, "Aoife", "aoife@example.ie", NULL, "IE");

  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 2);
  ack = g_ptr_array_index (messages, 0);
  approved = g_ptr_array_index (messages, 1);

  g_assert_cmpint (ack->step, ==, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED);
  g_assert_cmpint (ack->state, ==, RETOUR_MESSAGE_STATE_QUEUED);
  g_assert_cmpstr (ack->recipient, ==, "juergen@example.at");
  g_assert_cmpstr (ack->language, ==, "de");
  /* When the notice came (the call, 18/11/2026 in the machine's zone),
   * and what it is for. */
  g_assert_nonnull (strstr (ack->body, "Jürgen"));
  g_assert_nonnull (strstr (ack->body, "2 × Fietsbel “Ding”"));
  g_assert_nonnull (strstr (ack->body, "Fietsen Zoë"));
  g_assert_nonnull (strstr (ack->body, ".11.2026 "));
  g_assert_null (strchr (ack->body, '{'));

  g_assert_cmpint (approved->step, ==, RETOUR_MESSAGE_STEP_APPROVED);
  g_assert_cmpint (approved->state, ==, RETOUR_MESSAGE_STATE_AWAITING_CONFIRMATION);
  g_assert_true (g_str_has_prefix (approved->subject, "Ihre Rücksendung R"));
  g_assert_true (g_str_has_suffix (approved->subject, " ist genehmigt"));
  g_assert_true (g_str_has_prefix (approved->body, "Guten Tag Jürgen,\n"));

  english_messages = list_messages (f, english->id);
  g_assert_cmpuint (english_messages->len, ==, 2);
  approved = g_ptr_array_index (english_messages, 1);
  g_assert_cmpstr (approved->language, ==, "en");
  g_assert_true (g_str_has_prefix (approved->subject, "Your return R"));
  g_assert_true (g_str_has_prefix (approved->body, "Hello Aoife,\n"));

  /* Queued again (a step taken twice, a retried call): still one. */
  retour_message_store_queue (f->db, rma->id, RETOUR_MESSAGE_STEP_APPROVED, f->now_us, &error);
  g_assert_no_error (error);
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 2);

  /* The rejection of a request tells why, in words staff wrote. */
  events = retour_rma_store_list_events (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
}

/* A customer without an address is not written to, and the history
 * says so; a message waiting for staff is not sent until confirmed. */
static void
test_no_address_and_confirm (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) nobody = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  gboolean noted = FALSE;
  gint64 id;

  start_server (f, "accept", 0);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_CONFIRM);

  nobody = take_return (f, "Piet", "piet at home\r\nBcc: x@example.com", "nl", "NL");
  messages = list_messages (f, nobody->id);
  g_assert_cmpuint (messages->len, ==, 0);
  events = retour_rma_store_list_events (f->db, nobody->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      RetourRmaEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->kind, "message") && strstr (event->detail, "no valid e-mail address") != NULL)
        noted = TRUE;
    }
  g_assert_true (noted);

  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 1);
  id = ((RetourMessage *) messages->pdata[0])->id;

  g_assert_cmpuint (run_outbox (f).sent, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 0);

  retour_message_store_confirm (f->db, id, "Sanne", f->now_us, &error);
  g_assert_no_error (error);
  /* Confirmed once is enough: a second confirmation is refused. */
  retour_message_store_confirm (f->db, id, "Sanne", f->now_us, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_cmpuint (run_outbox (f).sent, ==, 1);
  g_assert_cmpuint (count_received (f), ==, 1);

  /* Nothing is left to claim. */
  claimed = retour_message_store_claim_due (f->db, RETOUR_MESSAGE_CHANNEL_SMTP, 0, f->now_us + DAY_US,
                                            RETOUR_OUTBOX_LEASE_US, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 0);
}

/* What the customer receives: the shop as From, their address as To,
 * the subject decoded in their language, a Date, the Message-ID Retour
 * keeps, the text, and the label's PDF, byte for byte. */
static void
test_sent_as_the_customer_sees_it (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RetourMessage) sent = NULL;
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *pdf_sha = NULL;
  g_autofree char *pdf_text = NULL;
  JsonArray *rcpt, *attachments;
  JsonObject *attachment;
  RetourOutboxStats stats;

  start_server (f, "accept", 0);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  retour_message_store_set_template (f->db, RETOUR_MESSAGE_STEP_APPROVED, "pl",
                                     "Zwrot {rma} został zaakceptowany — dziękujemy, {name}!",
                                     "Dzień dobry {name},\n\n{label}Zwrot {rma}:\n{items}\n\nŻółć i gęślą jaźń.\n{shop}",
                                     f->now_us, &error);
  g_assert_no_error (error);

  rma = take_return (f, "Zoë \"Łucja\" Kowalska", "zoe@example.pl", "pl", "PL");

  /* The label is made after the approval was queued: it goes with it. */
  pdf_text = g_strdup_printf ("%%PDF-1.4\n%% label of %s\n%s\n%%%%EOF\n", rma->number,
                              "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz");
  pdf = g_bytes_new (pdf_text, strlen (pdf_text));
  pdf_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  label = retour_label_store_add (f->db, rma->id, RETOUR_LABEL_FORMAT_A6, pdf, "Sanne", f->now_us, &error);
  g_assert_no_error (error);

  stats = run_outbox (f);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (count_received (f), ==, 1);

  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 1);
  sent = load_message (f, ((RetourMessage *) messages->pdata[0])->id);
  g_assert_cmpint (sent->state, ==, RETOUR_MESSAGE_STATE_SENT);
  g_assert_cmpint (sent->sent_us, ==, f->now_us);
  g_assert_cmpuint (sent->attachments->len, ==, 1);
  g_assert_cmpstr (((RetourMessageAttachment *) sent->attachments->pdata[0])->sha256, ==, pdf_sha);
  g_assert_true (g_bytes_equal (((RetourMessageAttachment *) sent->attachments->pdata[0])->data, pdf));

  received = read_received (f, 1);
  g_assert_cmpstr (json_object_get_string_member (received, "mail_from"), ==, "shop@fietsen.example");
  rcpt = json_object_get_array_member (received, "rcpt_tos");
  g_assert_cmpuint (json_array_get_length (rcpt), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (rcpt, 0), ==, "zoe@example.pl");
  g_assert_cmpstr (json_object_get_string_member (received, "from"), ==, "Fietsen Zoë <shop@fietsen.example>");
  g_assert_cmpstr (json_object_get_string_member (received, "to"), ==, "zoe@example.pl");
  g_assert_cmpstr (json_object_get_string_member (received, "subject"), ==, sent->subject);
  g_assert_true (g_str_has_prefix (sent->subject, "Zwrot R"));
  g_assert_true (g_str_has_suffix (sent->subject, " został zaakceptowany — dziękujemy, Zoë \"Łucja\" Kowalska!"));
  g_assert_cmpstr (json_object_get_string_member (received, "message_id"), ==, sent->message_id);
  g_assert_true (g_str_has_suffix (sent->message_id, "@fietsen.example>"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (received, "date"), "Wed, 18 Nov 2026 "));
  /* The text as Retour keeps it, with CRLF line ends on the wire. */
  {
    g_autoptr(GString) body = g_string_new (json_object_get_string_member (received, "body"));

    g_string_replace (body, "\r\n", "\n", 0);
    g_assert_cmpstr (body->str, ==, sent->body);
  }
  g_assert_nonnull (strstr (sent->body, "Żółć i gęślą jaźń."));
  g_assert_nonnull (strstr (sent->body, "The return label is attached"));

  attachments = json_object_get_array_member (received, "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  attachment = json_array_get_object_element (attachments, 0);
  g_assert_cmpstr (json_object_get_string_member (attachment, "content_type"), ==, "application/pdf");
  g_assert_cmpstr (json_object_get_string_member (attachment, "sha256"), ==, pdf_sha);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (attachment, "filename"), ".pdf"));

  /* Sent is sent: another run sends nothing. */
  f->now_us += DAY_US;
  g_assert_cmpuint (run_outbox (f).sent, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 1);
}

/* A name that tries to add a header or fill in a placeholder is only a
 * name. */
static void
test_hostile_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(JsonObject) received = NULL;
  g_autofree char *eml = NULL;
  g_autofree char *path = NULL;

  start_server (f, "accept", 0);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  retour_message_store_set_template (f->db, RETOUR_MESSAGE_STEP_APPROVED, "en",
                                     "For {name} about {rma}", "Hello {name},\n{shop}", f->now_us, &error);
  g_assert_no_error (error);

  rma = take_return (f, "Eve\r\nBcc: victim@example.com\r\n{shop} {rma}", "eve@example.com", "en", "GB");

  g_assert_cmpuint (run_outbox (f).sent, ==, 1);
  received = read_received (f, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (received, "rcpt_tos")), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (received, "subject"),
                            "Eve Bcc: victim@example.com {shop} {rma} about R"));
  g_assert_nonnull (strstr (json_object_get_string_member (received, "body"), "{shop} {rma}"));

  path = g_build_filename (f->server->dir, "1.eml", NULL);
  g_file_get_contents (path, &eml, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (eml, "\r\nBcc:"));
}

/* 421 when connecting, or 451 after the data: not delivered, tried
 * again after a wait, and then delivered exactly once. */
static void
test_retried_after_temporary_failure (Fixture       *f,
                                      gconstpointer  data)
{
  const char *mode = data;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RetourMessage) message = NULL;
  RetourOutboxStats stats;

  start_server (f, mode, 1);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  messages = list_messages (f, rma->id);

  stats = run_outbox (f);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (stats.retrying, ==, 1);
  g_assert_cmpuint (count_received (f), ==, 0);
  message = load_message (f, ((RetourMessage *) messages->pdata[0])->id);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_QUEUED);
  g_assert_cmpuint (message->attempts, ==, 1);
  g_assert_nonnull (strstr (message->last_error, mode));
  g_assert_cmpint (message->next_attempt_us, >, f->now_us);

  /* Not before its time. */
  g_assert_cmpuint (run_outbox (f).sent, ==, 0);

  f->now_us = message->next_attempt_us;
  stats = run_outbox (f);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (count_received (f), ==, 1);

  f->now_us += DAY_US;
  g_assert_cmpuint (run_outbox (f).sent, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 1);
}

/* 550: refused for good, shown for Needs Action, never tried again. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) troubled = NULL;
  RetourMessage *message;
  RetourOutboxStats stats;

  start_server (f, "550", 1);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");

  stats = run_outbox (f);
  g_assert_cmpuint (stats.failed, ==, 1);
  g_assert_cmpuint (count_received (f), ==, 0);

  troubled = retour_message_store_list_troubled (f->db, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (troubled->len, ==, 1);
  message = g_ptr_array_index (troubled, 0);
  g_assert_cmpint (message->rma_id, ==, rma->id);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_FAILED);
  g_assert_nonnull (strstr (message->last_error, "550"));

  f->now_us += DAY_US;
  g_assert_cmpuint (run_outbox (f).sent, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 0);

  /* Staff fix the address with the customer and send it again. */
  retour_message_store_settle (f->db, message->id, TRUE, "Sanne", f->now_us, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run_outbox (f).sent, ==, 1);
  g_assert_cmpuint (count_received (f), ==, 1);
}

/* The connection dropped after the data: the message may have arrived
 * (it did), so it is uncertain, shown, and never sent again by itself. */
static void
test_dropped_is_uncertain (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) troubled = NULL;
  g_autoptr(RetourMessage) message = NULL;
  RetourOutboxStats stats;

  start_server (f, "drop", 1);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  messages = list_messages (f, rma->id);

  stats = run_outbox (f);
  g_assert_cmpuint (stats.uncertain, ==, 1);
  g_assert_cmpuint (stats.sent + stats.retrying + stats.failed, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 1);

  message = load_message (f, ((RetourMessage *) messages->pdata[0])->id);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_UNCERTAIN);
  troubled = retour_message_store_list_troubled (f->db, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (troubled->len, ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      f->now_us += DAY_US;
      g_assert_cmpuint (run_outbox (f).sent, ==, 0);
    }
  g_assert_cmpuint (count_received (f), ==, 1);

  /* The customer says it came: staff record it as sent. */
  retour_message_store_settle (f->db, message->id, FALSE, "Sanne", f->now_us, &error);
  g_assert_no_error (error);
  g_clear_pointer (&message, retour_message_free);
  message = load_message (f, ((RetourMessage *) messages->pdata[0])->id);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_SENT);
  g_assert_cmpuint (run_outbox (f).sent, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 1);
}

/* An outbox that stopped while sending (a crash, a lost connection to
 * the database) leaves a message that may have gone: once its lease
 * ends it is uncertain, not sent again. */
static void
test_stopped_outbox (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(RetourMessage) message = NULL;

  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");

  claimed = retour_message_store_claim_due (f->db, RETOUR_MESSAGE_CHANNEL_SMTP, 0, f->now_us,
                                            RETOUR_OUTBOX_LEASE_US, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);

  /* Another desk's outbox, meanwhile, leaves it. */
  again = retour_message_store_claim_due (f->db, RETOUR_MESSAGE_CHANNEL_SMTP, 0, f->now_us + MINUTE_US,
                                          RETOUR_OUTBOX_LEASE_US, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&again, g_ptr_array_unref);

  again = retour_message_store_claim_due (f->db, RETOUR_MESSAGE_CHANNEL_SMTP, 0,
                                          f->now_us + RETOUR_OUTBOX_LEASE_US + MINUTE_US,
                                          RETOUR_OUTBOX_LEASE_US, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  message = load_message (f, ((RetourMessage *) claimed->pdata[0])->id);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_UNCERTAIN);
}

/* A workflow that takes a step inside a transaction of its own (declining
 * a request with its reason) queues the step's message inside it: a
 * rollback takes both back, a commit keeps both. */
static void
test_inside_a_transaction (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  use_channel (f, RETOUR_MESSAGE_STEP_PARCEL_RECEIVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(RetourRma) stored = retour_rma_store_load (f->db, rma->id, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < stored->lines->len; i++)
        {
          RetourRmaLine *line = g_ptr_array_index (stored->lines, i);

          line->qty_received = line->qty_authorized;
        }

      retour_database_begin (f->db, &error);
      g_assert_no_error (error);
      retour_desk_transition (f->context, stored, RETOUR_RMA_STATUS_RECEIVED, NULL, &error);
      g_assert_no_error (error);
      if (attempt == 0)
        retour_database_rollback (f->db);
      else
        {
          retour_database_commit (f->db, &error);
          g_assert_no_error (error);
        }

      messages = list_messages (f, rma->id);
      g_assert_cmpuint (messages->len, ==, attempt);
      g_clear_pointer (&messages, g_ptr_array_unref);
    }
}

/* Each refund is confirmed once, with its amount; a second part of the
 * refund is a second message. The storefront's sync records its own. */
static void
test_refunds_and_storefront (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  gboolean recorded = TRUE;

  use_channel (f, RETOUR_MESSAGE_STEP_REFUND_PAID, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  /* Its parcel arrives and is checked: the refund is due. */
  {
    g_autoptr(RetourRma) expected = retour_desk_find_expected (f->context, rma->number, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < expected->lines->len; i++)
      {
        RetourRmaLine *line = g_ptr_array_index (expected->lines, i);

        line->condition = RETOUR_CONDITION_NEW_UNOPENED;
        line->disposition = RETOUR_DISPOSITION_RESTOCK;
      }
    retour_desk_receive (f->context, expected, TRUE, &error);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RetourRefund) refund = g_new0 (RetourRefund, 1);

      refund->rma_id = rma->id;
      refund->amount = retour_money_init (1000 + i * 250, "EUR");
      refund->method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
      retour_desk_record_refund (f->context, refund, NULL, &error);
      g_assert_no_error (error);
    }

  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      RetourMessage *message = g_ptr_array_index (messages, i);

      g_assert_cmpint (message->step, ==, RETOUR_MESSAGE_STEP_REFUND_PAID);
      g_assert_cmpint (message->reference, >, 0);
      g_assert_nonnull (strstr (message->body, i == 0 ? "10,00" : "12,50"));
    }

  /* No storefront message waits for this step: nothing recorded. */
  retour_message_store_record_storefront (f->db, rma->id, RETOUR_MESSAGE_STEP_APPROVED, f->now_us,
                                          &recorded, &error);
  g_assert_no_error (error);
  g_assert_false (recorded);
}

static void
on_notes_sent (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static RetourOutboxStats
send_notes (Fixture            *f,
            RetourWooConnector *connector,
            gint64              store_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RetourOutboxStats stats = { 0 };

  retour_outbox_send_notes_async (f->db, connector, store_id, f->now_us, NULL, on_notes_sent, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  retour_outbox_send_notes_finish (result, &stats, &error);
  g_assert_no_error (error);

  return stats;
}

/* A WooCommerce store's customer is told through an order note that
 * WooCommerce mails; a lost answer does not make a second note, and a
 * note for an order the store does not have fails and is shown. */
static void
test_woocommerce_note (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(RetourHttp) http = retour_http_new ();
  g_autoptr(RetourWooConnector) connector = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) lost = NULL;
  g_autoptr(RetourRma) gone = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) troubled = NULL;
  RetourEmulator *emulator = retour_emulator_new (RETOUR_EMULATOR_WOO, 3, 7);
  RetourEmulatorOrder *first, *second;
  RetourEmulatorNote *note;
  RetourMessage *message;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  RetourOutboxStats stats;

  retour_emulator_set_stall_ms (emulator, 1600);
  retour_emulator_start (emulator, &error);
  g_assert_no_error (error);
  first = g_ptr_array_index (retour_emulator_get_orders (emulator), 0);
  second = g_ptr_array_index (retour_emulator_get_orders (emulator), 1);
  first_id = g_strdup_printf ("%" G_GINT64_FORMAT, first->id);
  second_id = g_strdup_printf ("%" G_GINT64_FORMAT, second->id);

  storefront->name = g_strdup ("Fietsen online");
  storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup (retour_emulator_get_url (emulator));
  retour_sync_store_add (f->db, storefront, f->now_us, &error);
  g_assert_no_error (error);
  retour_http_set_timeout (http, 1);
  retour_http_set_retries (http, 2, 20, 200);
  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  connector = retour_woo_connector_new (http, storefront->base_url, credentials, &error);
  g_assert_no_error (error);

  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_STOREFRONT,
               RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_store_return (f, "Noor", "noor@example.nl", "nl", "NL", storefront->id, first_id);
  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpint (message->channel, ==, RETOUR_MESSAGE_CHANNEL_STOREFRONT);
  g_assert_cmpint (message->store_id, ==, storefront->id);

  /* E-mail is not the storefront's: the SMTP outbox leaves it. */
  g_assert_cmpuint (retour_message_store_claim_due (f->db, RETOUR_MESSAGE_CHANNEL_SMTP, 0, f->now_us,
                                                    RETOUR_OUTBOX_LEASE_US, 10, &error)->len, ==, 0);
  g_assert_no_error (error);

  stats = send_notes (f, connector, storefront->id);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (retour_emulator_list_notes (emulator)->len, ==, 1);
  note = g_ptr_array_index (retour_emulator_list_notes (emulator), 0);
  g_assert_cmpint (note->order_id, ==, first->id);
  g_assert_true (note->customer_note);
  g_assert_true (g_str_has_prefix (note->note, message->subject));
  g_assert_nonnull (strstr (note->note, message->body));

  /* The answer to the next note is lost: the note is found, not made
   * again. */
  retour_emulator_add_faults (emulator, "write-stall", &error);
  g_assert_no_error (error);
  lost = take_store_return (f, "Bram", "bram@example.nl", "nl", "NL", storefront->id, second_id);
  /* And one for an order the store does not have. */
  gone = take_store_return (f, "Els", "els@example.nl", "nl", "NL", storefront->id, "999999");

  stats = send_notes (f, connector, storefront->id);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.failed, ==, 1);
  g_assert_cmpuint (retour_emulator_list_notes (emulator)->len, ==, 2);
  note = g_ptr_array_index (retour_emulator_list_notes (emulator), 1);
  g_assert_cmpint (note->order_id, ==, second->id);

  troubled = retour_message_store_list_troubled (f->db, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (troubled->len, ==, 1);
  message = g_ptr_array_index (troubled, 0);
  g_assert_cmpint (message->rma_id, ==, gone->id);
  g_assert_nonnull (strstr (message->last_error, "Invalid ID"));

  f->now_us += DAY_US;
  stats = send_notes (f, connector, storefront->id);
  g_assert_cmpuint (stats.sent + stats.failed + stats.retrying, ==, 0);
  g_assert_cmpuint (retour_emulator_list_notes (emulator)->len, ==, 2);

  g_clear_object (&connector);
  retour_emulator_free (emulator);
}

/* The mail client gets the message as Retour keeps it, and the message
 * is recorded as handed to it, once. */
static void
test_mail_client (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RetourMessage) message = NULL;
  g_autofree char *program = g_build_filename (f->dir, "fake-xdg-email", NULL);
  g_autofree char *args_file = g_build_filename (f->dir, "xdg-email-args", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nfor a in \"$@\"; do printf '%%s\\036' \"$a\"; done > '%s'\n",
                                             args_file);
  g_autofree char *args = NULL;
  g_autofree char *expected = NULL;

  g_file_set_contents (program, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (program, 0700), ==, 0);

  start_server (f, "accept", 0);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_HANDOFF, RETOUR_MESSAGE_MODE_CONFIRM);
  rma = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 1);
  message = load_message (f, ((RetourMessage *) messages->pdata[0])->id);

  /* Not the outbox's to send, even once confirmed. */
  g_assert_cmpuint (run_outbox (f).sent, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 0);

  retour_outbox_hand_off (f->db, message->id, program, f->now_us, &error);
  g_assert_no_error (error);
  g_file_get_contents (args_file, &args, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("--utf8\036--subject\036%s\036--body\036%s\036noor@example.nl\036",
                              message->subject, message->body);
  g_assert_cmpstr (args, ==, expected);
  g_unlink (args_file);

  g_clear_pointer (&message, retour_message_free);
  message = load_message (f, ((RetourMessage *) messages->pdata[0])->id);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_SENT);

  /* Handed once: a second time is refused, and runs nothing. */
  retour_outbox_hand_off (f->db, message->id, program, f->now_us, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT);
  g_assert_false (g_file_test (args_file, G_FILE_TEST_EXISTS));
  g_unlink (program);
}

/* Test Connection: logs in and sends nothing; a wrong password is the
 * account's problem, said as such. */
static void
test_check_connection (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RetourTestSmtp) smtp = retour_test_smtp_start_with_login ("winkel", "juist");
  g_autoptr(RetourSmtpAccount) account = g_new0 (RetourSmtpAccount, 1);
  g_autoptr(GError) error = NULL;

  account->host = g_strdup ("127.0.0.1");
  account->port = smtp->port;
  account->security = RETOUR_SMTP_SECURITY_NONE;
  account->user = g_strdup ("winkel");
  account->password = g_strdup ("juist");
  account->from_address = g_strdup ("shop@fietsen.example");

  g_assert_true (retour_smtp_check (account, NULL, &error));
  g_assert_no_error (error);

  g_free (account->password);
  account->password = g_strdup ("fout");
  g_assert_false (retour_smtp_check (account, NULL, &error));
  g_assert_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP);
  g_assert_nonnull (strstr (error->message, "535"));
  g_assert_cmpuint (retour_test_smtp_count (smtp), ==, 0);

  /* No encryption to another computer is refused before connecting. */
  g_clear_error (&error);
  g_free (account->host);
  account->host = g_strdup ("smtp.example.com");
  g_assert_false (retour_smtp_check (account, NULL, &error));
  g_assert_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP);
}

/* A login the server refuses stops the run: the message it was at waits
 * to be tried again, the ones after it were never tried and keep their
 * count of tries. */
static void
test_refused_login (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) first = NULL;
  g_autoptr(RetourRma) second = NULL;
  g_autoptr(RetourSmtpAccount) account = NULL;
  g_autoptr(GPtrArray) tried = NULL;
  g_autoptr(GPtrArray) untried = NULL;
  g_autofree char *port = NULL;
  RetourMessage *message;
  RetourOutboxStats stats = { 0 };

  f->server = retour_test_smtp_start_with_login ("winkel", "juist");
  port = g_strdup_printf ("%u", f->server->port);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_HOST, "127.0.0.1", &error);
  g_assert_no_error (error);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_PORT, port, &error);
  g_assert_no_error (error);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_SECURITY, "none", &error);
  g_assert_no_error (error);
  retour_setting_store_set (f->db, RETOUR_SETTING_SMTP_USER, "winkel", &error);
  g_assert_no_error (error);
  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_SMTP, RETOUR_MESSAGE_MODE_AUTOMATIC);
  first = take_return (f, "Noor", "noor@example.nl", "nl", "NL");
  second = take_return (f, "Bram", "bram@example.nl", "nl", "NL");

  account = retour_smtp_account_load (f->db, &error);
  g_assert_no_error (error);
  account->password = g_strdup ("fout");
  g_assert_false (retour_outbox_send_smtp (f->db, account, f->now_us, NULL, &stats, &error));
  g_assert_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP);
  g_assert_cmpuint (stats.sent + stats.failed + stats.uncertain, ==, 0);
  g_assert_cmpuint (count_received (f), ==, 0);

  tried = list_messages (f, first->id);
  message = g_ptr_array_index (tried, 0);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_QUEUED);
  g_assert_cmpuint (message->attempts, ==, 1);
  g_assert_cmpint (message->next_attempt_us, >, f->now_us);
  untried = list_messages (f, second->id);
  message = g_ptr_array_index (untried, 0);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_QUEUED);
  g_assert_cmpuint (message->attempts, ==, 0);
  g_assert_cmpint (message->next_attempt_us, ==, f->now_us);

  /* With the right password both go, once. */
  g_clear_error (&error);
  g_free (account->password);
  account->password = g_strdup ("juist");
  f->now_us += DAY_US;
  retour_outbox_send_smtp (f->db, account, f->now_us, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_received (f), ==, 2);
}

/* Shopify tells the customer with the approval the sync sends
 * (notifyCustomer): the message waits for the sync, whatever the step's
 * mode, and the sync records it once. */
static void
test_shopify_storefront (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) received = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  RetourMessage *message;
  gboolean recorded = FALSE;

  storefront->name = g_strdup ("Fietsen op Shopify");
  storefront->platform = RETOUR_PLATFORM_SHOPIFY;
  storefront->base_url = g_strdup ("https://fietsen.myshopify.com");
  retour_sync_store_add (f->db, storefront, f->now_us, &error);
  g_assert_no_error (error);

  use_channel (f, RETOUR_MESSAGE_STEP_APPROVED, RETOUR_MESSAGE_CHANNEL_STOREFRONT, RETOUR_MESSAGE_MODE_CONFIRM);
  use_channel (f, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED, RETOUR_MESSAGE_CHANNEL_STOREFRONT,
               RETOUR_MESSAGE_MODE_AUTOMATIC);
  rma = take_store_return (f, "Noor", "noor@example.nl", "nl", "NL", storefront->id, "gid://shopify/Order/1");

  /* Shopify has no acknowledgement of its own: e-mail stands in. */
  messages = list_messages (f, rma->id);
  g_assert_cmpuint (messages->len, ==, 2);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpint (message->step, ==, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED);
  g_assert_cmpint (message->channel, ==, RETOUR_MESSAGE_CHANNEL_SMTP);
  message = g_ptr_array_index (messages, 1);
  g_assert_cmpint (message->channel, ==, RETOUR_MESSAGE_CHANNEL_STOREFRONT);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_QUEUED);

  waiting = retour_message_store_list_storefront (f->db, storefront->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpint (((RetourMessage *) waiting->pdata[0])->step, ==, RETOUR_MESSAGE_STEP_APPROVED);

  /* No outbox takes it but the sync. */
  claimed = retour_message_store_claim_due (f->db, RETOUR_MESSAGE_CHANNEL_SMTP, 0, f->now_us + DAY_US,
                                            RETOUR_OUTBOX_LEASE_US, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_cmpint (((RetourMessage *) claimed->pdata[0])->step, ==, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED);

  retour_message_store_record_storefront (f->db, rma->id, RETOUR_MESSAGE_STEP_APPROVED, f->now_us, &recorded,
                                          &error);
  g_assert_no_error (error);
  g_assert_true (recorded);
  retour_message_store_record_storefront (f->db, rma->id, RETOUR_MESSAGE_STEP_APPROVED, f->now_us, &recorded,
                                          &error);
  g_assert_no_error (error);
  g_assert_false (recorded);

  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = list_messages (f, rma->id);
  message = g_ptr_array_index (messages, 1);
  g_assert_cmpint (message->state, ==, RETOUR_MESSAGE_STATE_SENT);
  g_assert_cmpint (message->sent_us, ==, f->now_us);
}

static void
add (const char    *path,
     gconstpointer  data,
     void         (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("/messages/off-until-chosen", NULL, test_off_until_chosen);
  add ("/messages/queued-with-the-step", NULL, test_queued_with_the_step);
  add ("/messages/no-address-and-confirm", NULL, test_no_address_and_confirm);
  add ("/messages/refunds-and-storefront", NULL, test_refunds_and_storefront);
  add ("/messages/stopped-outbox", NULL, test_stopped_outbox);
  add ("/messages/inside-a-transaction", NULL, test_inside_a_transaction);
  add ("/messages/woocommerce-note", NULL, test_woocommerce_note);
  add ("/messages/shopify-storefront", NULL, test_shopify_storefront);
  add ("/messages/mail-client", NULL, test_mail_client);
  add ("/smtp/as-the-customer-sees-it", NULL, test_sent_as_the_customer_sees_it);
  add ("/smtp/check-connection", NULL, test_check_connection);
  add ("/smtp/refused-login", NULL, test_refused_login);
  add ("/smtp/hostile-name", NULL, test_hostile_name);
  add ("/smtp/421-at-connect", "421", test_retried_after_temporary_failure);
  add ("/smtp/451-after-data", "451", test_retried_after_temporary_failure);
  add ("/smtp/550-refused", NULL, test_refused);
  add ("/smtp/dropped-after-data", NULL, test_dropped_is_uncertain);

  return g_test_run ();
}
