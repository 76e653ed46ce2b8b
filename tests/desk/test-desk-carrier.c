/* test-desk-carrier.c — carrier labels and tracking at the desk, against
 * the carrier emulator, on both backends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per carrier: an authorized return gets one label however often it is
 * asked for, with its RMA number as the carrier's reference; the desk
 * then follows the parcel without anyone typing a status: the first
 * scan puts the return in transit and is its proof of dispatch, which
 * ends the shop's right to hold back a withdrawal's refund; delivery
 * lists it as at the shop; an exception lists it for Needs Action. A
 * refused address leaves the return as it was until corrected; a lost
 * answer never buys a second label; a parcel the customer sent on their
 * own is followed from its typed number; parcels are not looked at more
 * often than their carrier allows.
 */
#include "config.h"

#include <string.h>

#include "retour-carrier-emulator.h"
#include "retour-carrier-tracker.h"
#include "retour-catalog-store.h"
#include "retour-connector.h"
#include "retour-desk-carrier.h"
#include "retour-desk.h"
#include "retour-law.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"
#include "retour-test-db.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  const char *carrier;
  const char *country;
  const char *customer_line;
  const char *customer_postcode;
  const char *customer_city;
  const char *bad_postcode;     /* one the carrier refuses */
  const char *shop_address;
} Market;

static const Market markets[] = {
  { "postnl", "NL", "Hoofdstraat 12 a", "3511 AB", "Utrecht", "351 AB",
    "Retour Test Shop\nKanaalweg 4\n3526 KL Utrecht" },
  { "dhl", "DE", "Hauptstraße 5", "50667", "Köln", "5066",
    "Retour Test Shop\nIndustriestraße 20\n04109 Leipzig" },
  { "inpost", "PL", "ul. Długa 5/7", "30-001", "Kraków", "30001",
    "Sklep Retour\nul. Krótka 1\n00-001 Warszawa" },
  { "colissimo", "FR", "12 rue de la Paix", "69001", "Lyon", "6900",
    "Boutique Retour\n3 avenue Foch\n75016 Paris" },
};

typedef struct
{
  char                  *dir;
  RetourDatabase        *db;
  RetourContext         *context;
  RetourCarrierEmulator *emulator;
  RetourHttp            *http;
  GHashTable            *carriers;
  const Market          *market;
  RetourOrder           *order;
  GAsyncResult          *result;
} Fixture;

static gint64
emulator_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return retour_carrier_emulator_get_now (f->emulator) * G_USEC_PER_SEC;
}

static void
add_order (Fixture    *f,
           const char *postcode)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourProduct) product = retour_product_new ();
  RetourOrderLine *line = retour_order_line_new ();
  g_autoptr(GError) error = NULL;
  gint64 now_us = emulator_clock (f);

  product->sku = g_strdup ("LMP-01");
  product->title = g_strdup ("Desk lamp");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);

  customer->first_name = g_strdup ("Noor");
  customer->last_name = g_strdup ("Smit");
  customer->email = g_strdup ("noor@example.com");
  customer->phone = g_strdup ("600100200");
  retour_catalog_store_upsert_customer (f->db, customer, now_us, &error);
  g_assert_no_error (error);

  f->order = retour_order_new ();
  f->order->number = g_strdup ("1001");
  f->order->customer_id = customer->id;
  f->order->total = retour_money_init (1995, "EUR");
  f->order->ordered_us = now_us - 10 * DAY_US;
  f->order->delivered_us = now_us - 5 * DAY_US;
  f->order->ship_name = g_strdup ("Noor Smit");
  f->order->ship_address1 = g_strdup (f->market->customer_line);
  f->order->ship_postcode = g_strdup (postcode);
  f->order->ship_city = g_strdup (f->market->customer_city);
  f->order->ship_country = g_strdup (f->market->country);
  line->product_id = product->id;
  line->sku = g_strdup ("LMP-01");
  line->title = g_strdup ("Desk lamp");
  line->quantity = 1;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (1995, "EUR");
  g_ptr_array_add (f->order->lines, line);
  retour_catalog_store_upsert_order (f->db, f->order, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *price_key = NULL;

  f->market = user_data;
  f->emulator = retour_carrier_emulator_new ();
  retour_carrier_emulator_start (f->emulator, &error);
  g_assert_no_error (error);

  f->db = retour_test_db_new ("retour-test-desk-carrier-XXXXXX", &f->dir, NULL);
  f->context = retour_context_new (f->db);
  retour_context_set_clock (f->context, emulator_clock, f);
  retour_context_set_time_zone (f->context, tz);
  retour_context_set_actor (f->context, "Sanne");

  f->http = retour_http_new ();
  retour_http_set_retries (f->http, 3, 10, 2000);
  f->carriers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (markets); i++)
    {
      g_autoptr(RetourCarrierAccount) account = retour_carrier_account_new (markets[i].carrier);
      RetourCarrier *carrier;

      account->base_url = g_strdup (retour_carrier_emulator_get_url (f->emulator));
      account->tracking_url = g_strdup (retour_carrier_emulator_get_url (f->emulator));
      account->account = g_strdup (RETOUR_CARRIER_EMULATOR_ACCOUNT);
      account->code = g_strdup (RETOUR_CARRIER_EMULATOR_CODE);
      account->key = g_strdup (RETOUR_CARRIER_EMULATOR_KEY);
      account->secret = g_strdup (RETOUR_CARRIER_EMULATOR_SECRET);
      carrier = retour_carrier_new (f->http, account, &error);
      g_assert_no_error (error);
      g_hash_table_insert (f->carriers, (gpointer) retour_carrier_get_info (carrier)->id, carrier);
    }

  retour_setting_store_set (f->db, RETOUR_SETTING_RETURN_ADDRESS, f->market->shop_address, &error);
  g_assert_no_error (error);
  retour_carrier_store_set_default (f->db, f->market->country, f->market->carrier, &error);
  g_assert_no_error (error);
  price_key = retour_carrier_store_setting_key (f->market->carrier, "contract-price");
  retour_setting_store_set (f->db, price_key, "495", &error);
  g_assert_no_error (error);

  add_order (f, f->market->customer_postcode);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->result);
  g_clear_pointer (&f->order, retour_order_free);
  g_clear_pointer (&f->carriers, g_hash_table_unref);
  g_clear_object (&f->http);
  g_clear_object (&f->context);
  g_clear_object (&f->db);
  g_clear_pointer (&f->emulator, retour_carrier_emulator_free);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return f->result;
}

static RetourRma *
authorized_return (Fixture *f)
{
  g_autoptr(GPtrArray) reasons = NULL;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  RetourRma *rma = NULL;

  reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  item.order_line_id = ((RetourOrderLine *) g_ptr_array_index (f->order->lines, 0))->id;
  item.quantity = 1;
  item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
  request.order_id = f->order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;
  retour_desk_create_return (f->context, &request, &rma, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);

  return rma;
}

static RetourCarrierRecord *
create_label (Fixture  *f,
              gint64    rma_id,
              GError  **error)
{
  RetourCarrier *carrier = g_hash_table_lookup (f->carriers, f->market->carrier);

  retour_desk_create_carrier_label_async (f->context, carrier, rma_id, NULL, on_done, f);
  return retour_desk_create_carrier_label_finish (wait_result (f), error);
}

static GPtrArray *
track (Fixture  *f,
       gboolean  force)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  retour_desk_track_async (f->context, f->carriers, NULL, force, NULL, on_done, f);
  outcomes = retour_desk_track_finish (wait_result (f), &error);
  g_assert_no_error (error);

  return outcomes;
}

static RetourRma *
reload (Fixture *f,
        gint64   rma_id)
{
  g_autoptr(GError) error = NULL;
  RetourRma *rma = retour_rma_store_load (f->db, rma_id, &error);

  g_assert_no_error (error);
  return rma;
}

static gboolean
listed (GPtrArray *records,
        gint64     rma_id)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    if (((RetourCarrierRecord *) g_ptr_array_index (records, i))->rma_id == rma_id)
      return TRUE;

  return FALSE;
}

static void
test_label_and_tracking (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourRma) moved = NULL;
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(RetourCarrierRecord) again = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) delivered = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  RetourLawInput input;
  RetourLawDates dates;
  RetourTrackOutcome *outcome;
  gint64 made_us = emulator_clock (f);
  gint64 scan_us = made_us + RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S * G_USEC_PER_SEC;
  gboolean noted = FALSE;

  label = create_label (f, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (label->state, ==, RETOUR_CARRIER_LABEL_BOUGHT);
  g_assert_cmpstr (label->carrier, ==, f->market->carrier);
  g_assert_cmpstr (label->reference, ==, rma->number);
  g_assert_cmpstr (retour_carrier_emulator_get_reference (f->emulator, f->market->carrier), ==, rma->number);
  g_assert_nonnull (label->pdf);
  /* InPost says what it costs; the others' is the shop's contract price. */
  if (strcmp (f->market->carrier, "inpost") == 0)
    {
      g_assert_cmpint (label->cost_minor, ==, 1699);
      g_assert_true (label->cost_from_carrier);
    }
  else
    {
      g_assert_cmpint (label->cost_minor, ==, 495);
      g_assert_false (label->cost_from_carrier);
    }

  /* Asked again: the same label, nothing bought. */
  again = create_label (f, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, label->id);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->market->carrier), ==, 1);

  outcomes = track (f, TRUE);
  g_assert_cmpuint (outcomes->len, ==, 1);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_null (outcome->error);
  g_assert_cmpstr (outcome->after, ==, "announced");
  moved = reload (f, rma->id);
  g_assert_cmpint (moved->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_clear_pointer (&moved, retour_rma_free);
  g_clear_pointer (&outcomes, g_ptr_array_unref);

  /* The customer hands the parcel in. */
  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S);
  outcomes = track (f, TRUE);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_null (outcome->error);
  g_assert_cmpstr (outcome->before, ==, "announced");
  g_assert_cmpstr (outcome->after, ==, "in-transit");
  g_assert_cmpint (outcome->first_scan_us, ==, scan_us);
  moved = reload (f, rma->id);
  g_assert_cmpint (moved->status, ==, RETOUR_RMA_STATUS_IN_TRANSIT);
  g_assert_cmpint (moved->dispatch_proof_us, ==, scan_us);
  history = retour_rma_store_list_events (f->db, rma->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      RetourRmaEvent *event = g_ptr_array_index (history, i);

      noted |= event->detail != NULL && strstr (event->detail, "First scan by") != NULL &&
               strstr (event->detail, label->tracking_number) != NULL;
    }
  g_assert_true (noted);

  /* The refund may no longer wait for the goods: the proof is there. */
  policy = retour_policy_store_load (f->db, moved->policy_id, &error);
  g_assert_no_error (error);
  retour_law_input_for_rma (moved, policy, &input);
  retour_law_compute (&input, "NL", &dates);
  g_assert_cmpint (dates.withhold_until_us, ==, scan_us);
  g_clear_pointer (&outcomes, g_ptr_array_unref);

  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_DELIVERED_S);
  outcomes = track (f, TRUE);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_cmpstr (outcome->after, ==, "delivered");
  g_assert_cmpint (outcome->first_scan_us, ==, scan_us);
  g_assert_cmpint (outcome->delivered_us, ==, made_us + RETOUR_CARRIER_EMULATOR_DELIVERED_S * G_USEC_PER_SEC);

  delivered = retour_carrier_store_list_delivered (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (listed (delivered, rma->id));
  open = retour_carrier_store_list_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_false (listed (open, rma->id));
  g_clear_pointer (&outcomes, g_ptr_array_unref);

  /* Nothing left to follow. */
  outcomes = track (f, TRUE);
  g_assert_cmpuint (outcomes->len, ==, 0);
}

static void
test_refused_address (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourRma) after = NULL;
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(RetourCarrierRecord) live = NULL;
  g_autoptr(GError) error = NULL;

  g_free (f->order->ship_postcode);
  f->order->ship_postcode = g_strdup (f->market->bad_postcode);
  retour_catalog_store_upsert_order (f->db, f->order, &error);
  g_assert_no_error (error);

  label = create_label (f, rma->id, &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "postcode"));
  g_clear_error (&error);

  /* The return is as it was. */
  after = reload (f, rma->id);
  g_assert_cmpint (after->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpint (after->version, ==, rma->version);
  live = retour_carrier_store_get_live (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_null (live);

  /* Corrected, it is bought. */
  g_free (f->order->ship_postcode);
  f->order->ship_postcode = g_strdup (f->market->customer_postcode);
  retour_catalog_store_upsert_order (f->db, f->order, &error);
  g_assert_no_error (error);
  label = create_label (f, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (label->state, ==, RETOUR_CARRIER_LABEL_BOUGHT);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->market->carrier), ==, 1);
}

static void
test_lost_answer (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(RetourCarrierRecord) pending = NULL;
  g_autoptr(GError) error = NULL;

  retour_carrier_emulator_add_fault (f->emulator, f->market->carrier, "lost", &error);
  g_assert_no_error (error);
  label = create_label (f, rma->id, &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  pending = retour_carrier_store_get_live (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pending->state, ==, RETOUR_CARRIER_LABEL_REQUESTED);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->market->carrier), ==, 1);

  label = create_label (f, rma->id, &error);
  if (strcmp (f->market->carrier, "inpost") == 0)
    {
      /* Looked up by its reference: the one bought. */
      g_assert_no_error (error);
      g_assert_cmpint (label->state, ==, RETOUR_CARRIER_LABEL_BOUGHT);
      g_assert_cmpint (label->id, ==, pending->id);
      g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->market->carrier), ==, 1);
      return;
    }

  /* The carrier cannot say: staff look first. */
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_ANSWER_LOST);
  g_assert_null (label);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->market->carrier), ==, 1);
  g_clear_error (&error);

  retour_desk_forget_carrier_request (f->context, rma->id, &error);
  g_assert_no_error (error);
  label = create_label (f, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (label->state, ==, RETOUR_CARRIER_LABEL_BOUGHT);
}

static void
test_exception (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) exceptions = NULL;
  g_autoptr(GError) error = NULL;

  label = create_label (f, rma->id, &error);
  g_assert_no_error (error);
  retour_carrier_emulator_set_end (f->emulator, label->tracking_number, RETOUR_CARRIER_EMULATOR_END_RETURNED);
  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_DELIVERED_S);

  outcomes = track (f, TRUE);
  g_assert_cmpstr (((RetourTrackOutcome *) g_ptr_array_index (outcomes, 0))->after, ==, "exception");
  exceptions = retour_carrier_store_list_exceptions (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (listed (exceptions, rma->id));
}

static void
test_entered_number (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourRma) moved = NULL;
  g_autofree char *number = retour_carrier_emulator_add_parcel (f->emulator, f->market->carrier);
  g_autofree char *typed = g_ascii_strdown (number, -1);
  g_autoptr(RetourCarrierRecord) entered = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;

  /* Typed as it came, the carrier recognised from the number. */
  entered = retour_desk_enter_tracking (f->context, rma->id, NULL, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entered->carrier, ==, f->market->carrier);
  g_assert_cmpstr (entered->tracking_number, ==, number);
  g_assert_cmpint (entered->state, ==, RETOUR_CARRIER_LABEL_ENTERED);

  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S);
  outcomes = track (f, TRUE);
  g_assert_cmpuint (outcomes->len, ==, 1);
  moved = reload (f, rma->id);
  g_assert_cmpint (moved->status, ==, RETOUR_RMA_STATUS_IN_TRANSIT);
  g_assert_cmpint (moved->dispatch_proof_us, >, 0);
}

static void
test_poll_spacing (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  const RetourCarrierInfo *info = retour_carrier_find_info (f->market->carrier);

  label = create_label (f, rma->id, &error);
  g_assert_no_error (error);

  first = track (f, FALSE);
  g_assert_cmpuint (first->len, ==, 1);
  /* Looked at just now: not again yet. */
  second = track (f, FALSE);
  g_assert_cmpuint (second->len, ==, 0);

  retour_carrier_emulator_advance (f->emulator, info->poll_parcel_s);
  later = track (f, FALSE);
  /* DHL's 250 calls a day spread over its one parcel allow hourly. */
  g_assert_cmpuint (later->len, ==, 1);
}

static void
test_wrong_status (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(GError) error = NULL;

  retour_desk_cancel (f->context, rma, NULL, &error);
  g_assert_no_error (error);
  label = create_label (f, rma->id, &error);
  g_assert_error (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED);
  g_assert_cmpuint (retour_carrier_emulator_get_requests (f->emulator, f->market->carrier), ==, 0);
}

typedef struct
{
  guint rounds;
  guint looked;
  guint changed;
} Rounds;

static void
on_round (RetourCarrierTracker *tracker,
          guint                 looked,
          guint                 changed,
          Rounds               *rounds)
{
  rounds->rounds++;
  rounds->looked = looked;
  rounds->changed = changed;
}

/* The app's timer: each round follows the parcels that are due, and
 * says how many changed. */
static void
test_tracker (Fixture       *f,
              gconstpointer  user_data)
{
  g_autoptr(RetourRma) rma = authorized_return (f);
  g_autoptr(RetourRma) moved = NULL;
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(RetourCarrierTracker) tracker = retour_carrier_tracker_new (f->context);
  g_autoptr(RetourCarrierTracker) unset = retour_carrier_tracker_new (f->context);
  g_autoptr(GError) error = NULL;
  Rounds rounds = { 0 };
  Rounds none = { 0 };

  label = create_label (f, rma->id, &error);
  g_assert_no_error (error);

  retour_carrier_tracker_set_carriers (tracker, f->carriers);
  g_signal_connect (tracker, "tracked", G_CALLBACK (on_round), &rounds);
  g_assert_true (retour_carrier_tracker_poll_now (tracker));
  g_assert_false (retour_carrier_tracker_poll_now (tracker));
  while (rounds.rounds < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (rounds.looked, ==, 1);
  g_assert_cmpuint (rounds.changed, ==, 0);

  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S);
  g_assert_true (retour_carrier_tracker_poll_now (tracker));
  while (rounds.rounds < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (rounds.changed, ==, 1);
  moved = reload (f, rma->id);
  g_assert_cmpint (moved->status, ==, RETOUR_RMA_STATUS_IN_TRANSIT);

  /* Without accounts set up (the keys would be the keyring's), a round
   * looks at nothing. */
  g_signal_connect (unset, "tracked", G_CALLBACK (on_round), &none);
  g_assert_true (retour_carrier_tracker_poll_now (unset));
  while (none.rounds < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (none.looked, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "label-and-tracking", test_label_and_tracking },
    { "refused-address", test_refused_address },
    { "lost-answer", test_lost_answer },
    { "exception", test_exception },
    { "entered-number", test_entered_number },
    { "poll-spacing", test_poll_spacing },
    { "wrong-status", test_wrong_status },
    { "tracker", test_tracker },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint m = 0; m < G_N_ELEMENTS (markets); m++)
    for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
      {
        g_autofree char *path = g_strdup_printf ("/desk-carrier/%s/%s", markets[m].carrier, tests[i].name);

        g_test_add (path, Fixture, &markets[m], fixture_set_up, tests[i].func, fixture_tear_down);
      }

  return g_test_run ();
}
