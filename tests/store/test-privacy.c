/* test-privacy.c — a customer erased: nothing of them left, the money whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "retour-audit-store.h"
#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-label-store.h"
#include "retour-message-store.h"
#include "retour-policy-store.h"
#include "retour-privacy-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-sync-store.h"
#include "retour-test-db.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */

/* Who is erased, and what must not be found of them afterwards. */
#define FIRST   "Zofia"
#define LAST    "Wiśniewska"
#define EMAIL   "zofia.w@example.pl"
#define PHONE   "+48 601 234 567"
#define STREET  "ul. Floriańska 12"
#define CITY    "Kraków"

/* Where the others live: nothing in common with her. */
static const char *
phone_of (const char *first)
{
  return g_str_equal (first, FIRST) ? PHONE : "+31 6 9876 5432";
}

static const char *
street_of (const char *first)
{
  return g_str_equal (first, FIRST) ? STREET : "Dorpsstraat 3";
}

static const char *
city_of (const char *first)
{
  return g_str_equal (first, FIRST) ? CITY : "Utrecht";
}

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
  RetourPolicy   *policy;
  GPtrArray      *reasons;
  gint64          store_id;
  gint64          zofia;
  gint64          jan;
  gint64          zofia_rma;
  gint64          jan_rma;
} Fixture;

static RetourSyncedOrder *
synced_order (const char *order_id,
              const char *customer_id,
              const char *first,
              const char *last,
              const char *email,
              gint64      updated_us)
{
  RetourSyncedOrder *synced = retour_synced_order_new ();
  RetourOrder *order = synced->order;
  RetourOrderLine *line = retour_order_line_new ();

  order->external_id = g_strdup (order_id);
  order->number = g_strdup_printf ("#%s", order_id);
  order->status = g_strdup ("completed");
  order->ordered_us = NOW_US - 10 * G_TIME_SPAN_DAY;
  order->delivered_us = NOW_US - 7 * G_TIME_SPAN_DAY;
  order->updated_us = updated_us;
  order->ship_name = g_strdup_printf ("%s %s", first, last);
  order->ship_address1 = g_strdup (street_of (first));
  order->ship_postcode = g_strdup (g_str_equal (first, FIRST) ? "31-005" : "3512 AB");
  order->ship_city = g_strdup (city_of (first));
  order->ship_country = g_strdup ("PL");
  line->external_id = g_strdup ("1");
  line->title = g_strdup ("Wool scarf");
  line->sku = g_strdup ("SCARF-1");
  line->quantity = 2;
  line->unit_price = retour_money_init (2495, "EUR");
  line->total = retour_money_init (4990, "EUR");
  g_ptr_array_add (order->lines, line);
  g_ptr_array_add (synced->line_product_ids, NULL);
  order->total = retour_money_init (4990, "EUR");

  synced->customer = retour_customer_new ();
  synced->customer->external_id = g_strdup (customer_id);
  synced->customer->first_name = g_strdup (first);
  synced->customer->last_name = g_strdup (last);
  synced->customer->email = g_strdup (email);
  synced->customer->phone = g_strdup (phone_of (first));
  synced->customer->address1 = g_strdup (street_of (first));
  synced->customer->city = g_strdup (city_of (first));
  synced->customer->country = g_strdup ("PL");

  return synced;
}

static gint64
write_order (Fixture           *f,
             RetourSyncedOrder *synced)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_synced_order_free);
  g_autoptr(GError) error = NULL;
  guint written = 0;

  g_ptr_array_add (orders, synced);
  retour_sync_store_write_page (f->db, f->store_id, NULL, orders, NULL, 0, NOW_US, &written, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 1);

  return synced->order->id;
}

/* A return of the order's line, with notes, a note in its history, a
 * photo and a label; refunded. */
static gint64
add_return (Fixture    *f,
            gint64      order_id,
            const char *first,
            const char *who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = retour_catalog_store_load_order (f->db, order_id, &error);
  const RetourOrderLine *ordered = g_ptr_array_index (order->lines, 0);
  g_autoptr(RetourRma) rma = retour_rma_new ("EUR", NOW_US);
  RetourRmaLine *line = retour_rma_line_new ();
  g_autoptr(RetourAttachment) photo = g_new0 (RetourAttachment, 1);
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *pdf_text = NULL;
  g_autofree char *note = g_strdup_printf ("%s called from %s", who, phone_of (first));

  g_assert_no_error (error);
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->policy_id = f->policy->id;
  rma->notes = g_strdup_printf ("%s wants it picked up at %s", who, street_of (first));
  line->order_line_id = ordered->id;
  line->sku = g_strdup (ordered->sku);
  g_free (line->title);
  line->title = g_strdup (ordered->title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = ordered->quantity;
  line->qty_requested = 1;
  line->qty_authorized = 1;
  line->notes = g_strdup_printf ("Box addressed to %s", who);
  line->reason_id = ((RetourReason *) g_ptr_array_index (f->reasons, 0))->id;
  retour_rma_add_line (rma, line);
  retour_rma_store_insert (f->db, rma, "test", &error);
  g_assert_no_error (error);

  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Sanne", NULL, NOW_US, &error);
  g_assert_no_error (error);
  retour_rma_store_add_note (f->db, rma->id, "Sanne", note, NOW_US, &error);
  g_assert_no_error (error);

  photo->rma_id = rma->id;
  photo->filename = g_strdup_printf ("%s-scarf.jpg", who);
  photo->mime_type = g_strdup ("image/jpeg");
  photo->data = g_bytes_new_take (g_strdup_printf ("%s in EXIF", who), strlen (who) + 8);
  photo->created_us = NOW_US;
  retour_rma_store_add_attachment (f->db, photo, "Sanne", &error);
  g_assert_no_error (error);

  pdf_text = g_strdup_printf ("%%PDF-1.5 %s %s %s", who, street_of (first), city_of (first));
  pdf = g_bytes_new (pdf_text, strlen (pdf_text));
  label = retour_label_store_add (f->db, rma->id, RETOUR_LABEL_FORMAT_A6, pdf, "Sanne", NOW_US, &error);
  g_assert_no_error (error);

  return rma->id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();

  f->db = retour_test_db_new ("retour-test-privacy-XXXXXX", &f->dir, &f->path);
  f->policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  f->reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);

  storefront->name = g_strdup ("Wełna");
  storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup ("https://welna.example");
  retour_sync_store_add (f->db, storefront, NOW_US, &error);
  g_assert_no_error (error);
  f->store_id = storefront->id;

  {
    gint64 order = write_order (f, synced_order ("501", "77", FIRST, LAST, EMAIL, NOW_US - G_TIME_SPAN_DAY));
    gint64 other = write_order (f, synced_order ("502", "78", "Jan", "Jansen", "jan@example.nl",
                                                 NOW_US - G_TIME_SPAN_DAY));

    f->zofia_rma = add_return (f, order, FIRST, FIRST " " LAST);
    f->jan_rma = add_return (f, other, "Jan", "Jan Jansen");
    f->zofia = retour_test_db_query_int (f->db, "SELECT customer_id FROM \"order\" WHERE id = ?", order);
    f->jan = retour_test_db_query_int (f->db, "SELECT customer_id FROM \"order\" WHERE id = ?", other);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->reasons, g_ptr_array_unref);
  g_clear_pointer (&f->policy, retour_policy_free);
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static guint
count_found (Fixture    *f,
             const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = retour_search_rmas (f->db, query, -1, 0, 50, &error);

  g_assert_no_error (error);
  return found->len;
}

static void
anonymise (Fixture *f,
           gint64   customer_id)
{
  g_autoptr(GError) error = NULL;

  retour_privacy_store_anonymise (f->db, customer_id, RETOUR_PRIVACY_ON_REQUEST, "Sanne", NOW_US, &error);
  g_assert_no_error (error);
}

static void
test_find_customer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->jan);
  gint64 found = 0;

  g_assert_true (retour_privacy_store_find_customer (f->db, "ZOFIA.W@Example.pl", &found, &error));
  g_assert_no_error (error);
  g_assert_cmpint (found, ==, f->zofia);
  g_assert_true (retour_privacy_store_find_customer (f->db, id, &found, &error));
  g_assert_cmpint (found, ==, f->jan);
  g_assert_false (retour_privacy_store_find_customer (f->db, "nobody@example.pl", &found, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
}

/* Everything of Zofia's goes; Jan's stays; the money and the ledger do
 * not move, and check finds nothing wrong. */
static void
test_anonymise_everywhere (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autofree char *placeholder = g_strdup_printf ("Anonymised customer %" G_GINT64_FORMAT, f->zofia);
  gint64 money = retour_test_db_query_int (f->db, "SELECT sum (total_minor) FROM \"order\"", 0);
  gint64 refunds = retour_test_db_query_int (f->db, "SELECT sum (refund_minor) FROM rma", 0);
  guint n_events = 0;

  g_assert_cmpuint (count_found (f, LAST), ==, 1);
  g_assert_cmpuint (count_found (f, "601234567"), ==, 1);
  events = retour_rma_store_list_events (f->db, f->zofia_rma, &error);
  g_assert_no_error (error);
  n_events = events->len;
  g_clear_pointer (&events, g_ptr_array_unref);

  anonymise (f, f->zofia);

  rma = retour_rma_store_load (f->db, f->zofia_rma, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rma->customer_name, ==, placeholder);
  g_assert_null (rma->notes);
  g_assert_null (((RetourRmaLine *) rma->lines->pdata[0])->notes);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer WHERE id = ? AND email IS NULL "
                                                    "AND phone IS NULL AND address1 IS NULL AND city IS NULL "
                                                    "AND country = 'PL'", f->zofia), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM \"order\" WHERE customer_id = ? "
                                                    "AND ship_address1 IS NULL AND ship_city IS NULL "
                                                    "AND ship_name LIKE 'Anonymised customer %'", f->zofia), ==, 1);

  /* The history keeps every entry, with its free text struck out. */
  events = retour_rma_store_list_events (f->db, f->zofia_rma, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, n_events);
  for (guint i = 0; i < events->len; i++)
    {
      RetourRmaEvent *event = g_ptr_array_index (events, i);

      g_assert_null (event->detail != NULL ? strstr (event->detail, LAST) : NULL);
      g_assert_null (event->detail != NULL ? strstr (event->detail, "601") : NULL);
      if (g_strcmp0 (event->kind, "note") == 0 || g_strcmp0 (event->kind, "attachment") == 0)
        g_assert_cmpstr (event->detail, ==, RETOUR_PRIVACY_STRUCK_OUT);
    }

  photos = retour_rma_store_list_attachments (f->db, f->zofia_rma, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM label WHERE rma_id = ? "
                                                    "AND length (pdf) = 0", f->zofia_rma), ==, 1);

  /* The search finds the placeholder, not her; Jan as before. */
  g_assert_cmpuint (count_found (f, LAST), ==, 0);
  g_assert_cmpuint (count_found (f, "zofia"), ==, 0);
  g_assert_cmpuint (count_found (f, "601234567"), ==, 0);
  g_assert_cmpuint (count_found (f, "Anonymised customer"), ==, 1);
  g_assert_cmpuint (count_found (f, "Jansen"), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer WHERE id = ? "
                                                    "AND email = 'jan@example.nl' AND city IS NOT NULL",
                                             f->jan), ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM attachment WHERE rma_id = ?",
                                             f->jan_rma), ==, 1);

  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT sum (total_minor) FROM \"order\"", 0), ==, money);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT sum (refund_minor) FROM rma", 0), ==, refunds);
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);

  /* Audited without her data. */
  audit = retour_audit_store_list (f->db, RETOUR_AUDIT_CUSTOMER, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((RetourAuditEvent *) audit->pdata[0])->actor, !=, "");
  g_assert_nonnull (strstr (((RetourAuditEvent *) audit->pdata[0])->detail, placeholder));
  g_assert_null (strstr (((RetourAuditEvent *) audit->pdata[0])->detail, LAST));

  /* The history stays append-only otherwise. */
  g_assert_false (retour_database_exec (f->db, "UPDATE rma_event SET detail = 'rewritten'", &error));
  g_assert_nonnull (error);
}

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* Byte by byte: the file holds NULs, which end a string search. */
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;

  return FALSE;
}

/* No byte of her left in the file or its WAL: not in free pages, not in
 * the search index's old segments. */
static void
test_no_byte_left (Fixture       *f,
                   gconstpointer  data)
{
  static const char *needles[] = {
    LAST, "Wisniewska", "wisniewska", EMAIL, PHONE, "601234567", "601 234 567", "Floriańska", "Krak",
    "31-005",
  };
  g_autofree char *wal = NULL;

  RETOUR_TEST_FILE_ONLY ();

  /* What she was told, with her label attached, names her too. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (retour_message_store_set_channel (f->db, RETOUR_MESSAGE_STEP_APPROVED,
                                                     RETOUR_MESSAGE_CHANNEL_SMTP, &error));
    g_assert_true (retour_message_store_queue (f->db, f->zofia_rma, RETOUR_MESSAGE_STEP_APPROVED, NOW_US, &error));
    g_assert_no_error (error);
    g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer_message WHERE rma_id = ?",
                                               f->zofia_rma), ==, 1);
  }

  wal = g_strconcat (f->path, "-wal", NULL);
  g_assert_true (file_holds (f->path, LAST) || file_holds (wal, LAST));

  anonymise (f, f->zofia);
  /* The message stays as the evidence that she was told, and when. */
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer_message WHERE rma_id = ? "
                                                    "AND recipient IS NULL AND body = '[anonymised]'",
                                             f->zofia_rma), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_test_message ("looking for %s", needles[i]);
      g_assert_false (file_holds (f->path, needles[i]));
      g_assert_false (file_holds (wal, needles[i]));
    }
  /* Jan is still there to be found, so the test reads the right file. */
  g_assert_true (file_holds (f->path, "jan@example.nl") || file_holds (wal, "jan@example.nl"));
}

/* The storefront still has her: a sync of her order, changed since,
 * writes the placeholder, by her customer id and by her e-mail address
 * (a guest order of hers under a new id). */
static void
test_resync_keeps_her_out (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *placeholder = g_strdup_printf ("Anonymised customer %" G_GINT64_FORMAT, f->zofia);

  anonymise (f, f->zofia);

  write_order (f, synced_order ("501", "77", FIRST, LAST, EMAIL, NOW_US));
  write_order (f, synced_order ("503", "guest:9", FIRST, LAST, "Zofia.W@example.pl ", NOW_US));

  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer WHERE email IS NOT NULL "
                                                    "AND email <> 'jan@example.nl'", 0), ==, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM \"order\" WHERE ship_address1 IS NOT NULL "
                                                    "AND customer_id <> ?", f->jan), ==, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM \"order\" WHERE customer_id = ?",
                                             f->zofia), ==, 2);
  g_assert_cmpuint (count_found (f, LAST), ==, 0);
  g_assert_cmpuint (count_found (f, placeholder), ==, 1);
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);
}

/* A customer entered long ago, with an order at @ordered_us (0: none)
 * and, when @rma_status is not -1, a return of it made at @rma_us. */
static gint64
customer_with_order (Fixture    *f,
                     const char *name,
                     gint64      ordered_us,
                     int         rma_status,
                     gint64      rma_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  RetourOrderLine *line;
  gint64 long_ago = retour_privacy_retention_cutoff (NOW_US, 20);

  customer->first_name = g_strdup (name);
  customer->email = g_strdup_printf ("%s@example.nl", name);
  retour_catalog_store_upsert_customer (f->db, customer, long_ago, &error);
  g_assert_no_error (error);
  if (ordered_us == 0)
    return customer->id;

  line = retour_order_line_new ();
  order->number = g_strdup (name);
  order->customer_id = customer->id;
  order->total = retour_money_init (1000, "EUR");
  order->ordered_us = ordered_us;
  line->title = g_strdup ("Scarf");
  line->quantity = 1;
  line->unit_price = retour_money_init (1000, "EUR");
  line->total = retour_money_init (1000, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  if (rma_status >= 0)
    {
      g_autoptr(RetourRma) rma = retour_rma_new ("EUR", rma_us);
      RetourRmaLine *returned = retour_rma_line_new ();
      const RetourOrderLine *ordered = g_ptr_array_index (order->lines, 0);

      rma->status = RETOUR_RMA_STATUS_REQUESTED;
      rma->order_id = order->id;
      rma->customer_id = customer->id;
      rma->policy_id = f->policy->id;
      returned->order_line_id = ordered->id;
      g_free (returned->title);
      returned->title = g_strdup ("Scarf");
      returned->unit_price = ordered->unit_price;
      returned->qty_ordered = 1;
      returned->qty_requested = 1;
      returned->reason_id = ((RetourReason *) g_ptr_array_index (f->reasons, 0))->id;
      retour_rma_add_line (rma, returned);
      retour_rma_store_insert (f->db, rma, "test", &error);
      g_assert_no_error (error);
      if (rma_status != RETOUR_RMA_STATUS_REQUESTED)
        {
          retour_rma_store_transition (f->db, rma, rma_status, "test", NULL, rma_us, &error);
          g_assert_no_error (error);
        }
    }

  return customer->id;
}

static gboolean
holds_id (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

/* Seven years at 18 November 2026: orders of 2018 and before go, of
 * 2019 stay; an open return or a return made since keeps a customer. */
static void
test_retention_boundaries (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expired = NULL;
  g_autoptr(GDateTime) cutoff_time = NULL;
  gint64 cutoff = retour_privacy_retention_cutoff (NOW_US, 7);
  gint64 before, at, after, never, open, returned_since, closed_old, done;
  guint n = 0;
  gboolean on = TRUE;
  guint years = 0;

  cutoff_time = g_date_time_new_from_unix_local (cutoff / G_USEC_PER_SEC);
  g_assert_cmpint (g_date_time_get_year (cutoff_time), ==, 2019);
  g_assert_cmpint (g_date_time_get_day_of_year (cutoff_time), ==, 1);
  g_assert_cmpint (g_date_time_get_hour (cutoff_time), ==, 0);

  before = customer_with_order (f, "before", cutoff - G_USEC_PER_SEC, -1, 0);
  at = customer_with_order (f, "at", cutoff, -1, 0);
  after = customer_with_order (f, "after", cutoff + G_USEC_PER_SEC, -1, 0);
  never = customer_with_order (f, "never", 0, -1, 0);
  open = customer_with_order (f, "open", cutoff - G_TIME_SPAN_DAY, RETOUR_RMA_STATUS_REQUESTED,
                              cutoff - G_TIME_SPAN_HOUR);
  returned_since = customer_with_order (f, "since", cutoff - G_TIME_SPAN_DAY, RETOUR_RMA_STATUS_CANCELLED,
                                        cutoff + G_TIME_SPAN_HOUR);
  closed_old = customer_with_order (f, "closed", cutoff - G_TIME_SPAN_DAY, RETOUR_RMA_STATUS_CANCELLED,
                                    cutoff - G_TIME_SPAN_HOUR);
  done = customer_with_order (f, "done", cutoff - G_TIME_SPAN_DAY, -1, 0);
  retour_privacy_store_anonymise (f->db, done, RETOUR_PRIVACY_ON_REQUEST, "Sanne", NOW_US, &error);
  g_assert_no_error (error);

  expired = retour_privacy_store_list_expired (f->db, 7, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_true (holds_id (expired, before));
  g_assert_false (holds_id (expired, at));
  g_assert_false (holds_id (expired, after));
  g_assert_true (holds_id (expired, never));
  g_assert_false (holds_id (expired, open));
  g_assert_false (holds_id (expired, returned_since));
  g_assert_true (holds_id (expired, closed_old));
  g_assert_false (holds_id (expired, done));
  /* The fixture's customers ordered last week. */
  g_assert_false (holds_id (expired, f->zofia));
  g_assert_false (holds_id (expired, f->jan));
  g_assert_cmpuint (expired->len, ==, 3);

  /* The rule as the shop has it: off, the years of its country. */
  retour_privacy_store_get_retention (f->db, &on, &years, &error);
  g_assert_no_error (error);
  g_assert_false (on);
  g_assert_cmpuint (years, ==, retour_privacy_default_retention_years (f->policy->shop_country));
  retour_privacy_store_set_retention (f->db, TRUE, 7, "Sanne", NOW_US, &error);
  g_assert_no_error (error);
  retour_privacy_store_get_retention (f->db, &on, &years, &error);
  g_assert_true (on);
  g_assert_cmpuint (years, ==, 7);
  g_assert_false (retour_privacy_store_set_retention (f->db, TRUE, 0, "Sanne", NOW_US, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* As the app's timer runs it: once a day. */
  retour_privacy_store_run_daily (f->db, "Retour", NOW_US, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  customer_with_order (f, "later", cutoff - G_TIME_SPAN_DAY, -1, 0);
  retour_privacy_store_run_daily (f->db, "Retour", NOW_US + G_TIME_SPAN_HOUR, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  retour_privacy_store_apply_retention (f->db, 7, "Retour", NOW_US, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM customer WHERE email IS NULL", 0), ==, 5);
  g_clear_pointer (&expired, g_array_unref);
  expired = retour_privacy_store_list_expired (f->db, 7, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expired->len, ==, 0);
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);
}

static void
test_default_years (void)
{
  g_assert_cmpuint (retour_privacy_default_retention_years ("NL"), ==, 7);
  g_assert_cmpuint (retour_privacy_default_retention_years ("fr"), ==, 10);
  g_assert_cmpuint (retour_privacy_default_retention_years ("DE"), ==, 10);
  g_assert_cmpuint (retour_privacy_default_retention_years ("PL"), ==, 5);
  g_assert_cmpuint (retour_privacy_default_retention_years (NULL), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/privacy/find-customer", test_find_customer);
  ADD ("/privacy/anonymise-everywhere", test_anonymise_everywhere);
  ADD ("/privacy/no-byte-left", test_no_byte_left);
  ADD ("/privacy/resync-keeps-her-out", test_resync_keeps_her_out);
  ADD ("/privacy/retention-boundaries", test_retention_boundaries);
  g_test_add_func ("/privacy/default-years", test_default_years);

#undef ADD

  return g_test_run ();
}
