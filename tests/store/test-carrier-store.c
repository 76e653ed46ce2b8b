/* test-carrier-store.c — carrier labels and tracking, on both backends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A return has one live label however often buying it starts; a label
 * the carrier refused is removed and can be asked for again; a lost
 * answer stays requested; its cost comes from the carrier or the shop's
 * contract price; a parcel staff typed in is tracked like a bought one;
 * tracking keeps each event once and never moves the first scan; a
 * carrier's exception is found for Needs Action while the return waits
 * for its parcel; the carrier chosen per return and per country, the
 * contract price and the parcel weight are settings.
 */
#include "config.h"

#include "retour-carrier-store.h"
#include "retour-demo.h"
#include "retour-setting-store.h"
#include "retour-test-db.h"

typedef struct
{
  char           *dir;
  RetourDatabase *db;
} Fixture;

#define NOW_US G_GINT64_CONSTANT (1796115600000000)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  RetourDemoOptions options = { .n_rmas = 80, .seed = 16, .now_us = NOW_US };
  g_autoptr(GError) error = NULL;

  f->db = retour_test_db_new ("retour-test-carrier-XXXXXX", &f->dir, NULL);
  retour_demo_generate (f->db, &options, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
}

/* The @n-th return (from 0) in @status. */
static gint64
rma_in (Fixture    *f,
        const char *status,
        guint       n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM rma WHERE status = '%s' ORDER BY id LIMIT 1 OFFSET ?1",
                                          status);
  gint64 id = retour_test_db_query_int (f->db, sql, n);

  g_assert_cmpint (id, >, 0);
  return id;
}

static GBytes *
some_pdf (void)
{
  return g_bytes_new_static ("%PDF-1.4 a label", 16);
}

static void
test_one_live_label (Fixture       *f,
                     gconstpointer  user_data)
{
  gint64 rma_id = rma_in (f, "closed", 0);
  g_autoptr(RetourCarrierRecord) first = NULL;
  g_autoptr(RetourCarrierRecord) again = NULL;
  g_autoptr(RetourCarrierRecord) bought = NULL;
  g_autoptr(RetourCarrierRecord) after = NULL;
  g_autoptr(GBytes) pdf = some_pdf ();
  g_autoptr(GError) error = NULL;
  gboolean created;

  first = retour_carrier_store_begin (f->db, rma_id, "postnl", "R2612-0001", NOW_US, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpint (first->state, ==, RETOUR_CARRIER_LABEL_REQUESTED);
  g_assert_cmpstr (first->reference, ==, "R2612-0001");

  /* An answer lost: the request is still there, and nothing new. */
  again = retour_carrier_store_begin (f->db, rma_id, "dhl", "R2612-0001", NOW_US + 1, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpint (again->id, ==, first->id);
  g_assert_cmpstr (again->carrier, ==, "postnl");
  g_assert_cmpint (again->state, ==, RETOUR_CARRIER_LABEL_REQUESTED);

  retour_carrier_store_complete (f->db, first->id, "3SRTRN000001001", NULL, pdf, -1, 495, "EUR", &error);
  g_assert_no_error (error);
  bought = retour_carrier_store_get_live (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bought->state, ==, RETOUR_CARRIER_LABEL_BOUGHT);
  g_assert_cmpstr (bought->tracking_number, ==, "3SRTRN000001001");
  g_assert_true (g_bytes_equal (bought->pdf, pdf));
  g_assert_cmpint (bought->cost_minor, ==, 495);
  g_assert_false (bought->cost_from_carrier);
  g_assert_cmpstr (bought->currency, ==, "EUR");
  g_assert_cmpstr (bought->tracking_state, ==, "announced");

  /* Completing twice is refused: one purchase, one answer. */
  g_assert_false (retour_carrier_store_complete (f->db, first->id, "3SRTRN000001002", NULL, pdf, -1, 495, "EUR",
                                                 &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = retour_carrier_store_begin (f->db, rma_id, "postnl", "R2612-0001", NOW_US + 2, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpint (after->state, ==, RETOUR_CARRIER_LABEL_BOUGHT);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM carrier_label WHERE rma_id = ?1", rma_id),
                   ==, 1);
  retour_test_db_assert_ok (f->db, 0);
}

static void
test_refused_and_cancelled (Fixture       *f,
                            gconstpointer  user_data)
{
  gint64 rma_id = rma_in (f, "closed", 1);
  g_autoptr(RetourCarrierRecord) request = NULL;
  g_autoptr(RetourCarrierRecord) none = NULL;
  g_autoptr(RetourCarrierRecord) retry = NULL;
  g_autoptr(RetourCarrierRecord) third = NULL;
  g_autoptr(GBytes) pdf = some_pdf ();
  g_autoptr(GError) error = NULL;
  gboolean created;

  request = retour_carrier_store_begin (f->db, rma_id, "inpost", "R1", NOW_US, &created, &error);
  g_assert_no_error (error);
  retour_carrier_store_abandon (f->db, request->id, &error);
  g_assert_no_error (error);
  none = retour_carrier_store_get_live (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  retry = retour_carrier_store_begin (f->db, rma_id, "inpost", "R1", NOW_US, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  retour_carrier_store_complete (f->db, retry->id, "620000000000000000001002", "1002", pdf, 1699, 999, "PLN", &error);
  g_assert_no_error (error);
  /* A bought label is not abandoned. */
  retour_carrier_store_abandon (f->db, retry->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&retry, retour_carrier_record_free);
  retry = retour_carrier_store_get_live (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retry->cost_minor, ==, 1699);
  g_assert_true (retry->cost_from_carrier);
  g_assert_cmpstr (retry->shipment_id, ==, "1002");

  retour_carrier_store_cancel (f->db, retry->id, NOW_US + 10, &error);
  g_assert_no_error (error);
  g_assert_false (retour_carrier_store_cancel (f->db, retry->id, NOW_US + 11, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Cancelled, a new one may be bought. */
  third = retour_carrier_store_begin (f->db, rma_id, "inpost", "R1", NOW_US + 20, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM carrier_label WHERE rma_id = ?1", rma_id),
                   ==, 2);
}

static void
test_entered_and_tracked (Fixture       *f,
                          gconstpointer  user_data)
{
  gint64 rma_id = rma_in (f, "in_transit", 0);
  gint64 other_id = rma_in (f, "closed", 0);
  g_autoptr(RetourCarrierRecord) entered = NULL;
  g_autoptr(RetourCarrierRecord) refused = NULL;
  g_autoptr(RetourCarrierRecord) tracked = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_carrier_event_record_free);
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) exceptions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 scan_us = NOW_US + G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC;
  RetourCarrierEventRecord *event;
  gboolean found = FALSE;

  entered = retour_carrier_store_enter (f->db, rma_id, "dhl", "00340434000000001001", NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entered->state, ==, RETOUR_CARRIER_LABEL_ENTERED);
  g_assert_null (entered->pdf);
  refused = retour_carrier_store_enter (f->db, rma_id, "dhl", "00340434000000001002", NOW_US, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_assert_null (refused);
  g_clear_error (&error);

  open = retour_carrier_store_list_open (f->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->len; i++)
    found |= ((RetourCarrierRecord *) g_ptr_array_index (open, i))->id == entered->id;
  g_assert_true (found);

  event = g_new0 (RetourCarrierEventRecord, 1);
  event->time_us = NOW_US;
  event->code = g_strdup ("pre-transit");
  event->state = g_strdup ("announced");
  g_ptr_array_add (events, event);
  event = g_new0 (RetourCarrierEventRecord, 1);
  event->time_us = scan_us;
  event->code = g_strdup ("transit");
  event->description = g_strdup ("Posted at the retail outlet");
  event->state = g_strdup ("in-transit");
  g_ptr_array_add (events, event);
  retour_carrier_store_record_tracking (f->db, entered->id, "in-transit", scan_us, 0, events, NOW_US + 1, &error);
  g_assert_no_error (error);
  /* The same poll again, and a later one with another first scan. */
  retour_carrier_store_record_tracking (f->db, entered->id, "in-transit", scan_us, 0, events, NOW_US + 2, &error);
  g_assert_no_error (error);
  retour_carrier_store_record_tracking (f->db, entered->id, "exception", scan_us + 1, 0, NULL, NOW_US + 3, &error);
  g_assert_no_error (error);

  kept = retour_carrier_store_list_events (f->db, entered->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 2);
  g_assert_cmpstr (((RetourCarrierEventRecord *) g_ptr_array_index (kept, 1))->description, ==,
                   "Posted at the retail outlet");
  tracked = retour_carrier_store_get (f->db, entered->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracked->first_scan_us, ==, scan_us);
  g_assert_cmpstr (tracked->tracking_state, ==, "exception");
  g_assert_cmpint (tracked->polled_us, ==, NOW_US + 3);

  exceptions = retour_carrier_store_list_exceptions (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exceptions->len, ==, 1);
  g_assert_cmpint (((RetourCarrierRecord *) g_ptr_array_index (exceptions, 0))->rma_id, ==, rma_id);

  retour_carrier_store_record_poll_error (f->db, entered->id, "DHL is not available", NOW_US + 4, &error);
  g_assert_no_error (error);
  g_clear_pointer (&tracked, retour_carrier_record_free);
  tracked = retour_carrier_store_get (f->db, entered->id, &error);
  g_assert_cmpstr (tracked->poll_error, ==, "DHL is not available");

  /* Another return may not take the same parcel. */
  g_clear_pointer (&refused, retour_carrier_record_free);
  refused = retour_carrier_store_enter (f->db, other_id, "dhl", "00340434000000001001", NOW_US, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_assert_null (refused);
}

static void
test_settings (Fixture       *f,
               gconstpointer  user_data)
{
  gint64 rma_id = rma_in (f, "in_transit", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *dutch = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *key = retour_carrier_store_setting_key ("postnl", "contract-price");

  none = retour_carrier_store_get_choice (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  retour_carrier_store_set_choice (f->db, rma_id, "dhl", &error);
  retour_carrier_store_set_choice (f->db, rma_id, "colissimo", &error);
  g_assert_no_error (error);
  chosen = retour_carrier_store_get_choice (f->db, rma_id, &error);
  g_assert_cmpstr (chosen, ==, "colissimo");
  retour_carrier_store_set_choice (f->db, rma_id, NULL, &error);
  cleared = retour_carrier_store_get_choice (f->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);

  retour_carrier_store_set_default (f->db, "nl", "postnl", &error);
  g_assert_no_error (error);
  dutch = retour_carrier_store_get_default (f->db, "NL", &error);
  g_assert_cmpstr (dutch, ==, "postnl");
  unset = retour_carrier_store_get_default (f->db, "PL", &error);
  g_assert_no_error (error);
  g_assert_null (unset);

  g_assert_cmpint (retour_carrier_store_get_contract_price (f->db, "postnl", &error), ==, -1);
  g_assert_cmpstr (key, ==, "carrier-postnl-contract-price");
  retour_setting_store_set (f->db, key, "495", &error);
  g_assert_no_error (error);
  g_assert_cmpint (retour_carrier_store_get_contract_price (f->db, "postnl", &error), ==, 495);

  g_assert_cmpuint (retour_carrier_store_get_weight (f->db, &error), ==, RETOUR_CARRIER_DEFAULT_WEIGHT_G);
  retour_setting_store_set (f->db, RETOUR_SETTING_CARRIER_WEIGHT, "750", &error);
  g_assert_cmpuint (retour_carrier_store_get_weight (f->db, &error), ==, 750);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/carrier-store/one-live-label", Fixture, NULL, fixture_set_up, test_one_live_label, fixture_tear_down);
  g_test_add ("/carrier-store/refused-and-cancelled", Fixture, NULL, fixture_set_up, test_refused_and_cancelled,
              fixture_tear_down);
  g_test_add ("/carrier-store/entered-and-tracked", Fixture, NULL, fixture_set_up, test_entered_and_tracked,
              fixture_tear_down);
  g_test_add ("/carrier-store/settings", Fixture, NULL, fixture_set_up, test_settings, fixture_tear_down);

  return g_test_run ();
}
