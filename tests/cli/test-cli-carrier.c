/* test-cli-carrier.c — retour-cli carrier-label and track, against the
 * carrier emulator program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shop with a return in each of the four countries: carrier-label
 * buys each its label, with its RMA number as the reference, and writes
 * the PDF; a second run gives the same label; wrong keys and an unknown
 * carrier say so. track, as cron runs it, follows the parcels: in
 * transit after the first scan (with its proof of dispatch), not looked
 * at again sooner than the carrier allows, delivered in the end, and
 * --json says it all.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>

#include "retour-carrier-store.h"
#include "retour-catalog-store.h"
#include "retour-cli-run.h"
#include "retour-desk.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  const char *carrier;
  const char *country;
  const char *line;
  const char *postcode;
  const char *city;
} Customer;

static const Customer customers[] = {
  { "postnl", "NL", "Hoofdstraat 12 a", "3511 AB", "Utrecht" },
  { "dhl", "DE", "Hauptstraße 5", "50667", "Köln" },
  { "inpost", "PL", "ul. Długa 5/7", "30-001", "Kraków" },
  { "colissimo", "FR", "12 rue de la Paix", "69001", "Lyon" },
};

static char *tmp_dir;

typedef struct
{
  GSubprocess *emulator;
  char        *url;
  SoupSession *session;
  char        *db_path;
  char        *keys;
  char        *numbers[G_N_ELEMENTS (customers)];
} Shop;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
control (Shop       *shop,
         const char *method,
         const char *path_and_query)
{
  g_autofree char *uri = g_strconcat (shop->url, path_and_query, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (shop->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static guint
labels_bought (Shop       *shop,
               const char *carrier)
{
  g_autofree char *query = g_strdup_printf ("/_control/labels?carrier=%s", carrier);
  g_autofree char *answer = control (shop, "GET", query);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, answer, -1, NULL));
  return (guint) json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "labels");
}

static void
write_keys (Shop       *shop,
            const char *path,
            const char *key)
{
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    g_string_append_printf (text, "%s{\"carrier\": \"%s\", \"account\": \"10010010\", \"code\": \"RTRN\", "
                            "\"key\": \"%s\", \"secret\": \"emulator-secret\", \"base_url\": \"%s\", "
                            "\"tracking_url\": \"%s\"}",
                            i > 0 ? ", " : "", customers[i].carrier, key, shop->url, shop->url);
  g_string_append (text, "]");
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0600);
}

/* A return authorized for a customer of each country, their carrier the
 * country's default. */
static void
shop_set_up (Shop *shop)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_name = NULL;
  static guint shops;
  gint64 now_us = g_get_real_time ();
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  shop->emulator = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RETOUR_CARRIER_EMULATOR"), NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (shop->emulator));
  shop->url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (shop->url, "http://127.0.0.1:"));
  shop->session = soup_session_new ();

  db_name = g_strdup_printf ("carriers-%u.db", ++shops);
  shop->db_path = g_build_filename (tmp_dir, db_name, NULL);
  shop->keys = g_build_filename (tmp_dir, "carrier-keys.json", NULL);
  write_keys (shop, shop->keys, "emulator-key");

  db = retour_database_open (shop->db_path, &error);
  g_assert_no_error (error);
  context = retour_context_new (db);
  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);

  /* One returns address suits the four: each carrier's own country
   * stands in for its missing country, and its format is each's. */
  retour_setting_store_set (db, RETOUR_SETTING_CARRIER_WEIGHT, "900", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autoptr(RetourCustomer) customer = retour_customer_new ();
      g_autoptr(RetourProduct) product = retour_product_new ();
      g_autoptr(RetourOrder) order = retour_order_new ();
      RetourOrderLine *line = retour_order_line_new ();
      RetourPhoneReturnLine item = { 0 };
      RetourPhoneReturn request = { 0 };
      g_autoptr(RetourRma) rma = NULL;

      product->sku = g_strdup_printf ("SKU-%u", i);
      product->title = g_strdup ("Desk lamp");
      product->price = retour_money_init (1995, "EUR");
      retour_catalog_store_upsert_product (db, product, &error);
      g_assert_no_error (error);
      customer->first_name = g_strdup ("Noor");
      customer->last_name = g_strdup ("Smit");
      customer->email = g_strdup ("noor@example.com");
      retour_catalog_store_upsert_customer (db, customer, now_us, &error);
      g_assert_no_error (error);

      order->number = g_strdup_printf ("10%02u", i);
      order->customer_id = customer->id;
      order->total = retour_money_init (1995, "EUR");
      order->ordered_us = now_us - 10 * DAY_US;
      order->delivered_us = now_us - 5 * DAY_US;
      order->ship_name = g_strdup ("Noor Smit");
      order->ship_address1 = g_strdup (customers[i].line);
      order->ship_postcode = g_strdup (customers[i].postcode);
      order->ship_city = g_strdup (customers[i].city);
      order->ship_country = g_strdup (customers[i].country);
      line->product_id = product->id;
      line->sku = g_strdup (product->sku);
      line->title = g_strdup ("Desk lamp");
      line->quantity = 1;
      line->unit_price = retour_money_init (1995, "EUR");
      line->total = retour_money_init (1995, "EUR");
      g_ptr_array_add (order->lines, line);
      retour_catalog_store_upsert_order (db, order, &error);
      g_assert_no_error (error);

      item.order_line_id = line->id;
      item.quantity = 1;
      item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
      request.order_id = order->id;
      request.lines = &item;
      request.n_lines = 1;
      request.resolution = RETOUR_RESOLUTION_REFUND;
      retour_desk_create_return (context, &request, &rma, &error);
      g_assert_no_error (error);
      shop->numbers[i] = g_strdup (rma->number);

      retour_carrier_store_set_default (db, customers[i].country, customers[i].carrier, &error);
      g_assert_no_error (error);
    }
}

static void
shop_set_address (Shop       *shop,
                  const char *lines)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  db = retour_database_open (shop->db_path, &error);
  g_assert_no_error (error);
  retour_setting_store_set (db, RETOUR_SETTING_RETURN_ADDRESS, lines, &error);
  g_assert_no_error (error);
}

static void
shop_tear_down (Shop *shop)
{
  g_subprocess_force_exit (shop->emulator);
  g_subprocess_wait (shop->emulator, NULL, NULL);
  g_clear_object (&shop->emulator);
  g_clear_object (&shop->session);
  g_unlink (shop->keys);
  g_free (shop->keys);
  g_free (shop->db_path);
  g_free (shop->url);
  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    g_free (shop->numbers[i]);
}

/* Each carrier's returns address: their postcodes are all different. */
static const char * const shop_addresses[] = {
  "Retour Test Shop\nKanaalweg 4\n3526 KL Utrecht",
  "Retour Test Shop\nIndustriestraße 20\n04109 Leipzig",
  "Sklep Retour\nul. Krótka 1\n00-001 Warszawa",
  "Boutique Retour\n3 avenue Foch\n75016 Paris",
};

static JsonObject *
parse_object (const char  *text,
              JsonParser  *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_carrier_label_and_track (void)
{
  Shop shop = { 0 };
  char *tracking[G_N_ELEMENTS (customers)] = { NULL };
  g_autoptr(GError) error = NULL;

  shop_set_up (&shop);

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autofree char *pdf_path = g_strdup_printf ("%s/label-%s.pdf", tmp_dir, customers[i].carrier);
      g_autofree char *pdf = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonParser) again_parser = json_parser_new ();
      g_auto(Run) made = { 0 };
      g_auto(Run) again = { 0 };
      g_auto(Run) text = { 0 };
      JsonObject *object;
      gsize length;

      shop_set_address (&shop, shop_addresses[i]);
      run_cli (&made, "carrier-label", shop.numbers[i], "--output", pdf_path, "--credentials", shop.keys,
               "--database", shop.db_path, "--json", NULL);
      g_test_message ("%s%s", made.out, made.err);
      g_assert_cmpint (made.status, ==, 0);
      object = parse_object (made.out, parser);
      g_assert_cmpstr (json_object_get_string_member (object, "carrier"), ==, customers[i].carrier);
      g_assert_cmpstr (json_object_get_string_member (object, "reference"), ==, shop.numbers[i]);
      tracking[i] = g_strdup (json_object_get_string_member (object, "tracking_number"));
      g_file_get_contents (pdf_path, &pdf, &length, &error);
      g_assert_no_error (error);
      g_assert_true (length > 100 && memcmp (pdf, "%PDF-", 5) == 0);
      g_assert_cmpuint (labels_bought (&shop, customers[i].carrier), ==, 1);

      /* Once bought, the same label. */
      run_cli (&again, "carrier-label", shop.numbers[i], "--credentials", shop.keys, "--database", shop.db_path,
               "--json", NULL);
      g_assert_cmpint (again.status, ==, 0);
      object = parse_object (again.out, again_parser);
      g_assert_cmpstr (json_object_get_string_member (object, "tracking_number"), ==, tracking[i]);
      g_assert_cmpuint (labels_bought (&shop, customers[i].carrier), ==, 1);

      run_cli (&text, "carrier-label", shop.numbers[i], "--credentials", shop.keys, "--database", shop.db_path,
               NULL);
      g_assert_cmpint (text.status, ==, 0);
      g_assert_nonnull (strstr (text.out, tracking[i]));
      g_unlink (pdf_path);
    }

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonParser) later_parser = json_parser_new ();
    g_autoptr(JsonParser) forced_parser = json_parser_new ();
    g_auto(Run) first = { 0 };
    g_auto(Run) soon = { 0 };
    g_auto(Run) forced = { 0 };
    g_auto(Run) one = { 0 };
    g_autofree char *advanced = NULL;
    JsonArray *parcels;

    /* As cron runs it: every parcel, announced. */
    run_cli (&first, "track", "--credentials", shop.keys, "--database", shop.db_path, "--json", NULL);
    g_test_message ("%s%s", first.out, first.err);
    g_assert_cmpint (first.status, ==, 0);
    parcels = json_object_get_array_member (parse_object (first.out, parser), "parcels");
    g_assert_cmpuint (json_array_get_length (parcels), ==, G_N_ELEMENTS (customers));
    for (guint i = 0; i < json_array_get_length (parcels); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parcels, i), "after"), ==,
                       "announced");

    /* The customers hand their parcels in; cron comes back a minute
     * later, too soon for any carrier. */
    advanced = control (&shop, "POST", "/_control/advance?seconds=7200");
    run_cli (&soon, "track", "--credentials", shop.keys, "--database", shop.db_path, "--json", NULL);
    g_assert_cmpint (soon.status, ==, 0);
    parcels = json_object_get_array_member (parse_object (soon.out, later_parser), "parcels");
    g_assert_cmpuint (json_array_get_length (parcels), ==, 0);

    run_cli (&forced, "track", "--force", "--credentials", shop.keys, "--database", shop.db_path, "--json", NULL);
    g_test_message ("%s%s", forced.out, forced.err);
    g_assert_cmpint (forced.status, ==, 0);
    parcels = json_object_get_array_member (parse_object (forced.out, forced_parser), "parcels");
    g_assert_cmpuint (json_array_get_length (parcels), ==, G_N_ELEMENTS (customers));
    for (guint i = 0; i < json_array_get_length (parcels); i++)
      {
        JsonObject *parcel = json_array_get_object_element (parcels, i);

        g_assert_cmpstr (json_object_get_string_member (parcel, "after"), ==, "in-transit");
        g_assert_true (json_object_has_member (parcel, "first_scan"));
      }

    {
      g_autoptr(RetourDatabase) db = retour_database_open (shop.db_path, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
        {
          g_autoptr(RetourRma) rma = retour_rma_store_find_by_number (db, shop.numbers[i], &error);

          g_assert_no_error (error);
          g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_IN_TRANSIT);
          /* 2026-12-01 11:00 UTC, the emulator's first scan. */
          g_assert_cmpint (rma->dispatch_proof_us, ==, G_GINT64_CONSTANT (1796122800) * G_USEC_PER_SEC);
        }
    }

    /* One return's parcel, asked for by its number: looked at now. */
    g_free (control (&shop, "POST", "/_control/advance?seconds=86400"));
    run_cli (&one, "track", shop.numbers[0], "--credentials", shop.keys, "--database", shop.db_path, NULL);
    g_test_message ("%s%s", one.out, one.err);
    g_assert_cmpint (one.status, ==, 0);
    g_assert_nonnull (strstr (one.out, tracking[0]));
    g_assert_nonnull (strstr (one.out, "delivered"));
    g_assert_null (strstr (one.out, tracking[1]));
  }

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    g_free (tracking[i]);

  shop_tear_down (&shop);
}

static void
test_carrier_label_refusals (void)
{
  Shop shop = { 0 };
  g_autofree char *wrong = NULL;
  g_auto(Run) keys = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) busy = { 0 };
  g_auto(Run) bought = { 0 };

  shop_set_up (&shop);
  shop_set_address (&shop, shop_addresses[0]);
  wrong = g_build_filename (tmp_dir, "wrong-keys.json", NULL);
  write_keys (&shop, wrong, "not-the-key");

  run_cli (&keys, "carrier-label", shop.numbers[0], "--credentials", wrong, "--database", shop.db_path, NULL);
  g_assert_cmpint (keys.status, ==, 1);
  g_assert_nonnull (strstr (keys.err, "PostNL refused the account’s keys"));
  g_assert_cmpuint (labels_bought (&shop, "postnl"), ==, 0);

  run_cli (&unknown, "carrier-label", shop.numbers[0], "--carrier", "ups", "--credentials", shop.keys,
           "--database", shop.db_path, NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  run_cli (&missing, "carrier-label", "--database", shop.db_path, NULL);
  g_assert_cmpint (missing.status, ==, 2);

  /* Throttled once: waited out, then bought once. */
  g_free (control (&shop, "POST", "/_control/fault?carrier=postnl&kind=throttle"));
  run_cli (&busy, "carrier-label", shop.numbers[0], "--credentials", shop.keys, "--database", shop.db_path, NULL);
  g_test_message ("%s%s", busy.out, busy.err);
  g_assert_cmpint (busy.status, ==, 0);
  g_assert_cmpuint (labels_bought (&shop, "postnl"), ==, 1);

  /* A Dutch return sent with another carrier than its country's. */
  shop_set_address (&shop, shop_addresses[1]);
  run_cli (&bought, "carrier-label", shop.numbers[1], "--carrier", "dhl", "--credentials", shop.keys,
           "--database", shop.db_path, NULL);
  g_assert_cmpint (bought.status, ==, 0);
  g_assert_nonnull (strstr (bought.out, "DHL label"));

  g_unlink (wrong);
  shop_tear_down (&shop);
}

/* A parcel the customer sent themselves: staff type its tracking number,
 * the carrier is recognised from it, and it is followed like a bought
 * label's. A number no carrier writes is refused, naming the choices. */
static void
test_track_entered (void)
{
  Shop shop = { 0 };
  g_auto(Run) entered = { 0 };
  g_auto(Run) unknown = { 0 };
  g_autoptr(GError) error = NULL;

  shop_set_up (&shop);

  run_cli (&unknown, "track", shop.numbers[1], "--enter", "XYZ", "--credentials", shop.keys,
           "--database", shop.db_path, NULL);
  g_test_message ("%s%s", unknown.out, unknown.err);
  g_assert_cmpint (unknown.status, !=, 0);

  run_cli (&entered, "track", shop.numbers[0], "--enter", "3SABCD123456789", "--credentials", shop.keys,
           "--database", shop.db_path, NULL);
  g_test_message ("%s%s", entered.out, entered.err);
  g_assert_nonnull (strstr (entered.out, "PostNL parcel 3SABCD123456789 recorded for return R26-"));
  /* Looked at at once; the emulated PostNL has never seen this parcel,
   * and says so, as cron's exit status does. */
  g_assert_cmpint (entered.status, ==, 1);
  g_assert_nonnull (strstr (entered.err, "PostNL does not know this parcel"));

  {
    g_autoptr(RetourDatabase) db = retour_database_open (shop.db_path, &error);
    g_autoptr(RetourRma) rma = NULL;
    g_autoptr(RetourCarrierRecord) label = NULL;

    g_assert_no_error (error);
    rma = retour_rma_store_find_by_number (db, shop.numbers[0], &error);
    g_assert_no_error (error);
    label = retour_carrier_store_get_live (db, rma->id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (label);
    g_assert_cmpint (label->state, ==, RETOUR_CARRIER_LABEL_ENTERED);
    g_assert_cmpstr (label->carrier, ==, "postnl");
    g_assert_null (label->pdf);
  }

  shop_tear_down (&shop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("retour-test-cli-carrier-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/carrier-label-and-track", test_carrier_label_and_track);
  g_test_add_func ("/cli/carrier-label-refusals", test_carrier_label_refusals);
  g_test_add_func ("/cli/track-entered", test_track_entered);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}
