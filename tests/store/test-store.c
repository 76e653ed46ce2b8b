/* test-store.c — the SQLite store: schema, repositories, search, errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "retour-catalog-store.h"
#include "retour-check.h"
#include "retour-database-private.h"
#include "retour-search-postgres.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-setting-store.h"
#include "retour-stock-store.h"
#include "retour-test-db.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
  RetourPolicy   *policy;
  GPtrArray      *reasons;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->db = retour_test_db_new ("retour-test-store-XXXXXX", &f->dir, &f->path);
  f->policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  f->reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
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

static gint64
count (RetourDatabase *db,
       const char     *sql)
{
  return retour_test_db_query_int (db, sql, 0);
}

static gint64
add_customer (Fixture    *f,
              const char *first,
              const char *last,
              const char *email,
              const char *phone,
              const char *city)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(GError) error = NULL;

  customer->first_name = g_strdup (first);
  customer->last_name = g_strdup (last);
  customer->email = g_strdup (email);
  customer->phone = g_strdup (phone);
  customer->city = g_strdup (city);
  retour_catalog_store_upsert_customer (f->db, customer, NOW_US, &error);
  g_assert_no_error (error);

  return customer->id;
}

static RetourOrder *
add_order (Fixture    *f,
           gint64      customer_id,
           const char *number,
           const char *sku,
           const char *title,
           guint       quantity,
           gint64      price)
{
  g_autoptr(RetourOrder) order = retour_order_new ();
  RetourOrderLine *line = retour_order_line_new ();
  g_autoptr(GError) error = NULL;

  order->number = g_strdup (number);
  order->customer_id = customer_id;
  order->total = retour_money_init (price * quantity, "EUR");
  order->ordered_us = NOW_US - 10 * G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  order->delivered_us = NOW_US - 7 * G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  line->sku = g_strdup (sku);
  line->title = g_strdup (title);
  line->quantity = quantity;
  line->unit_price = retour_money_init (price, "EUR");
  line->total = retour_money_init (price * quantity, "EUR");
  g_ptr_array_add (order->lines, line);

  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&order);
}

/* A requested return of the order's first line. */
static RetourRma *
new_rma (Fixture     *f,
         RetourOrder *order,
         guint        quantity)
{
  const RetourOrderLine *ordered = g_ptr_array_index (order->lines, 0);
  RetourRma *rma = retour_rma_new ("EUR", NOW_US);
  RetourRmaLine *line = retour_rma_line_new ();

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->policy_id = f->policy->id;
  line->order_line_id = ordered->id;
  line->sku = g_strdup (ordered->sku);
  g_free (line->title);
  line->title = g_strdup (ordered->title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = ordered->quantity;
  line->qty_requested = quantity;
  line->reason_id = ((RetourReason *) g_ptr_array_index (f->reasons, 0))->id;
  retour_rma_add_line (rma, line);

  return rma;
}

static RetourRma *
insert_rma (Fixture     *f,
            RetourOrder *order,
            guint        quantity)
{
  RetourRma *rma = new_rma (f, order, quantity);
  g_autoptr(GError) error = NULL;

  retour_rma_store_insert (f->db, rma, "test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->id, >, 0);

  return rma;
}

/* ------------------------------------------------------------------ tests */

static void
test_open_creates_schema (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;

  g_assert_cmpint (retour_database_get_schema_version (f->db), ==,
                   retour_database_get_latest_schema_version ());
  g_assert_cmpint (retour_database_get_latest_schema_version (), >=, 1);
  g_assert_true (retour_database_is_empty (f->db, &error));
  g_assert_no_error (error);

  /* A new shop starts with a policy and the usual reasons. */
  g_assert_cmpuint (f->policy->version, ==, 1);
  g_assert_cmpuint (f->policy->window_days, ==, 14);
  g_assert_cmpuint (f->reasons->len, >=, 8);

  pattern = retour_setting_store_get (f->db, RETOUR_SETTING_NUMBER_PATTERN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pattern, ==, RETOUR_RMA_NUMBER_DEFAULT_PATTERN);

  if (retour_test_db_is_shared ())
    {
      g_assert_true (retour_database_is_shared (f->db));
      g_assert_cmpint (retour_database_get_schema_version (f->db), ==, retour_database_get_latest_schema_version ());
      return;
    }
  g_assert_cmpstr (sqlite3_db_filename (retour_database_get_handle (f->db), "main"), ==, f->path);
  g_assert_cmpint (count (f->db, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_reopen_is_idempotent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Emma", "de Vries", NULL, NULL, NULL),
                                            "1001", "LSH-M", "Linen shirt", 1, 4995);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);
  g_autoptr(RetourDatabase) again = NULL;

  g_clear_object (&f->db);
  again = retour_database_open (f->path, &error);
  g_assert_no_error (error);

  /* Nothing applied twice, nothing lost, defaults not duplicated. */
  g_assert_cmpint (count (again, "SELECT count (*) FROM rma"), ==, 1);
  g_assert_cmpint (count (again, "SELECT count (*) FROM policy"), ==, 1);
  g_assert_cmpint (count (again, "SELECT count (*) FROM reason"), ==, f->reasons->len);
  f->db = g_steal_pointer (&again);
}

static void
test_upsert_is_idempotent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(RetourCustomer) customer = retour_customer_new ();
      g_autoptr(RetourOrder) order = retour_order_new ();
      RetourOrderLine *line = retour_order_line_new ();
      g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db,
                                                            "INSERT INTO store (id, name, platform, base_url, created_us) "
                                                            "VALUES (1, 'Shop', 'woocommerce', 'https://shop.example', 0) ON CONFLICT DO NOTHING",
                                                            &error);

      g_assert_no_error (error);
      retour_stmt_run (stmt, &error);
      g_assert_no_error (error);

      customer->store_id = 1;
      customer->external_id = g_strdup ("77");
      customer->first_name = g_strdup ("Zofia");
      customer->last_name = g_strdup (round == 0 ? "Nowak" : "Wiśniewska");
      retour_catalog_store_upsert_customer (f->db, customer, NOW_US, &error);
      g_assert_no_error (error);

      order->store_id = 1;
      order->external_id = g_strdup ("5001");
      order->number = g_strdup ("5001");
      order->customer_id = customer->id;
      order->total = retour_money_init (round == 0 ? 1000 : 1250, "PLN");
      order->ordered_us = NOW_US;
      line->external_id = g_strdup ("1");
      line->title = g_strdup ("Kubek");
      line->quantity = 1;
      line->unit_price = order->total;
      line->total = order->total;
      g_ptr_array_add (order->lines, line);
      retour_catalog_store_upsert_order (f->db, order, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpint (count (f->db, "SELECT count (*) FROM customer"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM \"order\""), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM order_line"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT total_minor FROM \"order\""), ==, 1250);

  {
    g_autoptr(RetourOrder) loaded = retour_catalog_store_load_order (f->db, 1, &error);
    g_autoptr(RetourCustomer) customer = retour_catalog_store_load_customer (f->db, loaded->customer_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (customer->last_name, ==, "Wiśniewska");
    g_assert_cmpstr (loaded->total.currency, ==, "PLN");
    g_assert_cmpuint (loaded->lines->len, ==, 1);
  }
}

static void
test_rma_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Jürgen", "Groß", "jg@example.de", NULL, "Görlitz"),
                                            "1002", "HPH-01", "Wireless headphones", 2, 14900);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 2);
  g_autoptr(RetourRma) loaded = NULL;
  g_autoptr(GPtrArray) events = NULL;
  RetourRmaLine *line;

  loaded = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->status, ==, RETOUR_RMA_STATUS_REQUESTED);
  g_assert_null (loaded->number);
  g_assert_cmpstr (loaded->customer_name, ==, "Jürgen Groß");
  g_assert_cmpstr (loaded->order_number, ==, "1002");
  g_assert_cmpuint (loaded->lines->len, ==, 1);
  line = g_ptr_array_index (loaded->lines, 0);
  g_assert_cmpuint (line->qty_requested, ==, 2);
  g_assert_cmpint (line->unit_price.minor, ==, 14900);
  g_assert_cmpstr (line->title, ==, "Wireless headphones");

  /* An edit is saved, and the history says what changed. */
  line->qty_authorized = 1;
  loaded->notes = g_strdup ("Customer keeps one pair");
  loaded->resolution = RETOUR_RESOLUTION_STORE_CREDIT;
  retour_rma_store_update (f->db, loaded, "Sanne", &error);
  g_assert_no_error (error);

  events = retour_rma_store_list_events (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((RetourRmaEvent *) events->pdata[0])->kind, ==, "created");
  g_assert_cmpstr (((RetourRmaEvent *) events->pdata[1])->kind, ==, "edited");
  g_assert_cmpstr (((RetourRmaEvent *) events->pdata[1])->actor, ==, "Sanne");
  g_assert_nonnull (strstr (((RetourRmaEvent *) events->pdata[1])->detail, "authorized 1"));

  g_clear_pointer (&rma, retour_rma_free);
  rma = retour_rma_store_load (f->db, loaded->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rma->notes, ==, "Customer keeps one pair");
  g_assert_cmpint (rma->resolution, ==, RETOUR_RESOLUTION_STORE_CREDIT);
  g_assert_cmpuint (((RetourRmaLine *) rma->lines->pdata[0])->qty_authorized, ==, 1);
}

/* Two desks open the same return; the second save is refused, says who
 * saved first, and leaves the second desk's edits in its copy. */
static void
test_stale_save_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Anna", "Nowak", NULL, NULL, "Łódź"),
                                            "1010", "MUG-01", "Ceramic mug", 2, 1295);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);
  g_autoptr(RetourDatabase) other_desk = retour_database_open_full (f->path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_autoptr(RetourRma) mine = NULL;
  g_autoptr(RetourRma) theirs = NULL;
  g_autoptr(RetourRma) stored = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (rma->version, ==, 1);
  mine = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  theirs = retour_rma_store_load (other_desk, rma->id, &error);
  g_assert_no_error (error);

  g_free (theirs->notes);
  theirs->notes = g_strdup ("Called the customer");
  retour_rma_store_update (other_desk, theirs, "Mehmet", &error);
  g_assert_no_error (error);
  g_assert_cmpint (theirs->version, ==, 2);

  g_free (mine->notes);
  mine->notes = g_strdup ("Box was damaged");
  retour_rma_store_update (f->db, mine, "Sanne", &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Mehmet"));
  g_clear_error (&error);
  g_assert_cmpstr (mine->notes, ==, "Box was damaged");
  g_assert_cmpint (mine->version, ==, 1);

  /* A transition from the stale copy is refused the same way. */
  retour_rma_store_transition (f->db, mine, RETOUR_RMA_STATUS_REJECTED, "Sanne", NULL, NOW_US, &error);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  stored = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->notes, ==, "Called the customer");
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_REQUESTED);

  /* Reloaded, the same edit goes through. */
  g_free (stored->notes);
  stored->notes = g_strdup ("Box was damaged");
  retour_rma_store_update (f->db, stored, "Sanne", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->version, ==, 3);
}

static void
test_transition_issues_number (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Léa", "Lefèvre", NULL, NULL, NULL),
                                            "1003", "SDR-M", "Summer dress", 1, 6495);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);
  g_autoptr(RetourRma) found = NULL;
  g_autoptr(RetourRma) second = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *typed = NULL;

  ((RetourRmaLine *) rma->lines->pdata[0])->qty_authorized = 1;
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Sanne", NULL, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_nonnull (rma->number);
  g_assert_true (retour_rma_number_is_valid (rma->number));

  /* Found by its number however it is typed. */
  typed = retour_rma_number_display (rma->number);
  {
    g_autofree char *lower = g_ascii_strdown (typed, -1);
    g_autofree char *compact = retour_rma_number_parse (lower, &error);

    g_assert_no_error (error);
    found = retour_rma_store_find_by_number (f->db, compact, &error);
    g_assert_no_error (error);
    g_assert_cmpint (found->id, ==, rma->id);
  }

  events = retour_rma_store_list_events (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((RetourRmaEvent *) events->pdata[1])->from_status, ==, RETOUR_RMA_STATUS_REQUESTED);
  g_assert_cmpint (((RetourRmaEvent *) events->pdata[1])->to_status, ==, RETOUR_RMA_STATUS_AUTHORIZED);

  /* Numbers are never reused. */
  second = insert_rma (f, order, 1);
  ((RetourRmaLine *) second->lines->pdata[0])->qty_authorized = 1;
  retour_rma_store_transition (f->db, second, RETOUR_RMA_STATUS_AUTHORIZED, "Sanne", NULL, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->number, !=, rma->number);
}

static void
test_forbidden_transition_changes_nothing (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Bram", "Bakker", NULL, NULL, NULL),
                                            "1004", "MUG-01", "Ceramic mug", 1, 1295);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);

  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_CLOSED, "Sanne", NULL, NOW_US, &error);
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_TRANSITION);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_REQUESTED);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma WHERE status = 'requested'"), ==, 1);
  g_clear_error (&error);

  /* Authorizing nothing is refused, and no number is used up for it. */
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Sanne", NULL, NOW_US, &error);
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_assert_null (rma->number);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM sequence"), ==, 0);
}

static void
test_rollback_leaves_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Inès", "Faure", NULL, NULL, NULL),
                                            "1005", "SCF-01", "Knitted scarf", 1, 2995);
  g_autoptr(RetourRma) rma = new_rma (f, order, 1);

  /* A policy that does not exist: the foreign key fails after the RMA row
   * and its lines have been written inside the transaction. */
  rma->policy_id = 999;
  g_assert_false (retour_rma_store_insert (f->db, rma, "test", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);

  g_assert_cmpint (rma->id, ==, 0);
  g_assert_cmpint (((RetourRmaLine *) rma->lines->pdata[0])->id, ==, 0);
  g_assert_cmpint (rma->policy_id, ==, 999);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_line"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event"), ==, 0);
  g_assert_cmpint (count (f->db, retour_test_db_is_shared () ? "SELECT count (*) FROM rma_search_doc"
                                                              : "SELECT count (*) FROM rma_fts"), ==, 0);
  g_assert_false (retour_database_in_transaction (f->db));

  /* The same RMA, corrected, saves. */
  g_clear_error (&error);
  rma->policy_id = f->policy->id;
  retour_rma_store_insert (f->db, rma, "test", &error);
  g_assert_no_error (error);
}

static const char *
hostile_strings[] = {
  "O'Brien \"the quote\" `back`",
  "'; DROP TABLE rma; --",
  "\" OR 1=1 -- NEAR(a b) * ^col:",
  "محمد العلي",
  "שרה כהן",
  "Zoë 👩‍👩‍👧 Łódź 🏳️‍🌈",
  "line one\nline two\ttab",
  "%s %n %x",
};

static char *
binary_junk (guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  char *junk = g_malloc (257);

  for (int i = 0; i < 256; i++)
    junk[i] = (char) g_rand_int_range (rand, 1, 256);
  junk[256] = '\0';

  return junk;
}

/* Text is stored as UTF-8: what is not comes back with U+FFFD in place
 * of the bytes that were not, on both backends. */
static void
check_round_trip (Fixture    *f,
                  const char *given)
{
  g_autofree char *text = g_utf8_make_valid (given, -1);
  g_autoptr(GError) error = NULL;
  gint64 customer_id = add_customer (f, given, given, given, given, given);
  g_autoptr(RetourOrder) order = add_order (f, customer_id, given, given, given, 1, 100);
  g_autoptr(RetourRma) rma = new_rma (f, order, 1);
  g_autoptr(RetourRma) loaded = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  g_autoptr(GPtrArray) found = NULL;
  RetourRmaLine *line;

  rma->notes = g_strdup (given);
  line = g_ptr_array_index (rma->lines, 0);
  line->serial = g_strdup (given);
  retour_rma_store_insert (f->db, rma, given, &error);
  g_assert_no_error (error);

  loaded = retour_rma_store_load (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->notes, ==, text);
  g_assert_cmpstr (loaded->order_number, ==, text);
  g_assert_cmpstr (((RetourRmaLine *) loaded->lines->pdata[0])->title, ==, text);
  g_assert_cmpstr (((RetourRmaLine *) loaded->lines->pdata[0])->serial, ==, text);

  customer = retour_catalog_store_load_customer (f->db, customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->first_name, ==, text);
  g_assert_cmpstr (customer->email, ==, text);
  g_assert_cmpstr (customer->phone, ==, text);

  /* Searching for it never fails, whatever it contains. */
  found = retour_search_rmas (f->db, given, -1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
}

static void
test_hostile_strings (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (10000, 'x');
  g_autofree char *junk = binary_junk (7);

  for (guint i = 0; i < G_N_ELEMENTS (hostile_strings); i++)
    check_round_trip (f, hostile_strings[i]);
  check_round_trip (f, long_text);
  check_round_trip (f, junk);

  /* The table the SQL injection named is still there, with every row. */
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma"), ==, G_N_ELEMENTS (hostile_strings) + 2);
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 zofia = add_customer (f, "Zofia", "Wiśniewska", "zofia.w@example.pl", "+48 512 345 678", "Łódź");
  gint64 jurgen = add_customer (f, "Jürgen", "Müller", "j.mueller@example.de", "+49 151 2223334", "Köln");
  g_autoptr(RetourOrder) first = add_order (f, zofia, "20417", "LSH-WHT-M", "Linen shirt — white, M", 1, 4995);
  g_autoptr(RetourOrder) second = add_order (f, jurgen, "20418", "HPH-01", "Wireless headphones", 1, 14900);
  g_autoptr(RetourOrder) third = add_order (f, zofia, "20419", "MUG-01", "Ceramic mug", 1, 1295);
  g_autoptr(RetourRma) a = insert_rma (f, first, 1);
  g_autoptr(RetourRma) b = insert_rma (f, second, 1);
  g_autoptr(RetourRma) c = insert_rma (f, third, 1);
  struct { const char *query; gint64 expect[3]; } cases[] = {
    { "wisniewska", { c->id, a->id, 0 } },      /* accents folded */
    { "Wiśniewska", { c->id, a->id, 0 } },
    { "lodz", { 0 } },                          /* the city is not indexed */
    { "muller", { b->id, 0 } },
    { "MÜLLER", { b->id, 0 } },
    { "345 678", { c->id, a->id, 0 } },         /* part of a phone number */
    { "0151 2223", { b->id, 0 } },              /* national form of +49 151 */
    { "example.de", { b->id, 0 } },
    { "20418", { b->id, 0 } },
    { "LSH-WHT", { a->id, 0 } },
    { "lsh-wht-m", { a->id, 0 } },              /* a SKU with digits-free dashes */
    { "headphones", { b->id, 0 } },
    { "zofia mug", { c->id, 0 } },              /* every word must match */
    { "nobody", { 0 } },
  };

  ((RetourRmaLine *) b->lines->pdata[0])->qty_authorized = 1;
  retour_rma_store_transition (f->db, b, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, NOW_US, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) rows = retour_search_rmas (f->db, cases[i].query, -1, 0, 10, &error);
      guint n = 0;

      g_assert_no_error (error);
      while (n < 3 && cases[i].expect[n] != 0)
        n++;
      g_test_message ("query “%s”", cases[i].query);
      g_assert_cmpuint (rows->len, ==, n);
      for (guint j = 0; j < n; j++)
        g_assert_cmpint (((RetourRmaSummary *) rows->pdata[j])->id, ==, cases[i].expect[j]);
    }

  /* The RMA number, typed with separators and in lower case. */
  {
    g_autofree char *display = retour_rma_number_display (b->number);
    g_autofree char *typed = g_ascii_strdown (display, -1);
    g_autoptr(GPtrArray) rows = retour_search_rmas (f->db, typed, -1, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((RetourRmaSummary *) rows->pdata[0])->number, ==, b->number);
  }

  /* Status filter and too-short text. */
  {
    g_autoptr(GPtrArray) rows = retour_search_rmas (f->db, "example", RETOUR_RMA_STATUS_AUTHORIZED, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_false (retour_search_is_searchable ("ab"));
    g_assert_true (retour_search_is_searchable ("abc"));
  }
}

static gboolean
has_problem (RetourCheckReport *report,
             const char        *text)
{
  for (guint i = 0; i < report->problems->len; i++)
    if (strstr (g_ptr_array_index (report->problems, i), text) != NULL)
      return TRUE;

  return FALSE;
}

static RetourCheckReport *
check (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RetourCheckReport *report = retour_check_database (f->db, RETOUR_CHECK_FULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (report->problems, i));

  return report;
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  retour_database_exec (f->db, sql, &error);
  g_assert_no_error (error);
}

/* The index holds no text (schema 9), so check compares what it holds
 * with the text the tables give: a return left out, one that is not
 * there, and one indexed with other text are all found. */
static void
test_check_finds_broken_index (Fixture       *f,
                               gconstpointer  data)
{
  gint64 lena = add_customer (f, "Lena", "Fischer", "lena.f@example.de", "+49 151 9998887", NULL);
  g_autoptr(RetourOrder) order = add_order (f, lena, "30001", "HPH-01", "Wireless headphones", 1, 14900);
  g_autoptr(RetourRma) a = insert_rma (f, order, 1);
  g_autoptr(RetourRma) b = insert_rma (f, order, 1);
  g_autofree char *leave_out = g_strdup_printf ("INSERT INTO rma_fts (rma_fts, rowid, text) "
                                                "SELECT 'delete', id, text FROM rma_search WHERE id = %"
                                                G_GINT64_FORMAT, a->id);
  g_autofree char *put_back = g_strdup_printf ("INSERT INTO rma_fts (rowid, text) "
                                               "SELECT id, text FROM rma_search WHERE id = %"
                                               G_GINT64_FORMAT, a->id);
  g_autofree char *other_text = g_strdup_printf ("INSERT INTO rma_fts (rma_fts, rowid, text) "
                                                 "SELECT 'delete', id, text FROM rma_search WHERE id = %"
                                                 G_GINT64_FORMAT "; "
                                                 "INSERT INTO rma_fts (rowid, text) VALUES (%" G_GINT64_FORMAT
                                                 ", 'somebody else')", b->id, b->id);
  g_autofree char *missing = g_strdup_printf ("Return %" G_GINT64_FORMAT " is missing from the search index", a->id);
  g_autoptr(RetourCheckReport) clean = check (f);
  g_autoptr(RetourCheckReport) left_out = NULL;
  g_autoptr(RetourCheckReport) back = NULL;
  g_autoptr(RetourCheckReport) stray = NULL;
  g_autoptr(RetourCheckReport) changed = NULL;

  RETOUR_TEST_FILE_ONLY ();

  g_assert_cmpuint (clean->n_problems, ==, 0);

  exec (f, leave_out);
  left_out = check (f);
  g_assert_true (has_problem (left_out, missing));
  g_assert_true (has_problem (left_out, "does not match the returns"));

  exec (f, put_back);
  back = check (f);
  g_assert_cmpuint (back->n_problems, ==, 0);

  exec (f, "INSERT INTO rma_fts (rowid, text) VALUES (9999, 'no such return'); "
           "INSERT INTO rma_fts (rowid, text) VALUES (0, 'nor this one')");
  stray = check (f);
  g_assert_true (has_problem (stray, "holds return 9999, which does not exist"));
  g_assert_true (has_problem (stray, "holds return 0, which does not exist"));
  exec (f, "INSERT INTO rma_fts (rma_fts, rowid, text) VALUES ('delete', 9999, 'no such return'); "
           "INSERT INTO rma_fts (rma_fts, rowid, text) VALUES ('delete', 0, 'nor this one')");

  exec (f, other_text);
  changed = check (f);
  g_assert_cmpuint (changed->n_problems, ==, 1);
  g_assert_true (has_problem (changed, "does not match the returns"));

  /* And the orders' index likewise. */
  exec (f, "INSERT INTO order_fts (rowid, text) VALUES (4242, 'stray order')");
  g_clear_pointer (&changed, retour_check_report_free);
  changed = check (f);
  g_assert_true (has_problem (changed, "does not match the orders"));
}

static void
test_keyset_pages (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Daan", "Jansen", NULL, NULL, NULL),
                                            "1006", "CBL-01", "USB-C cable 1 m", 1, 899);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 before = 0, previous = G_MAXINT64;
  guint pages = 0;

  for (int i = 0; i < 25; i++)
    retour_rma_free (insert_rma (f, order, 1));

  /* Pages of 10 walk all 25, newest first, each row once. */
  for (;;)
    {
      g_autoptr(GPtrArray) rows = retour_search_rmas (f->db, "jansen", -1, before, 10, &error);

      g_assert_no_error (error);
      if (rows->len == 0)
        break;
      pages++;
      for (guint i = 0; i < rows->len; i++)
        {
          RetourRmaSummary *row = g_ptr_array_index (rows, i);

          g_assert_cmpint (row->id, <, previous);
          previous = row->id;
          g_assert_false (g_hash_table_contains (seen, &row->id));
          g_hash_table_add (seen, g_memdup2 (&row->id, sizeof row->id));
          g_assert_cmpstr (row->customer_name, ==, "Daan Jansen");
          g_assert_cmpuint (row->units, ==, 1);
        }
      before = ((RetourRmaSummary *) rows->pdata[rows->len - 1])->id;
    }

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 25);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Uwe", "Koch", NULL, NULL, NULL),
                                            "1007", "BLT-01", "Leather belt", 1, 3995);
  g_autoptr(RetourRma) rma = new_rma (f, order, 1);
  sqlite3 *other = NULL;

  RETOUR_TEST_FILE_ONLY ();

  /* Another program holds the write lock. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (retour_rma_store_insert (f->db, rma, "test", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "in use by another program"));
  g_assert_cmpint (rma->id, ==, 0);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  /* Once it lets go, the same RMA saves. */
  g_clear_error (&error);
  retour_rma_store_insert (f->db, rma, "test", &error);
  g_assert_no_error (error);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Hugo", "Martin", NULL, NULL, NULL),
                                            "1008", "TOT-01", "Canvas tote bag", 1, 1995);
  g_autoptr(RetourRma) rma = new_rma (f, order, 1);

  RETOUR_TEST_FILE_ONLY ();

  retour_database_exec (f->db, "PRAGMA query_only = ON", &error);
  g_assert_no_error (error);

  g_assert_false (retour_rma_store_insert (f->db, rma, "test", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_READ_ONLY);
  g_assert_cmpint (rma->id, ==, 0);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Ewa", "Mazur", NULL, NULL, NULL),
                                            "1009", "THR-01", "Wool throw", 1, 6995);
  g_autoptr(RetourRma) rma = new_rma (f, order, 1);
  g_autofree char *limit = NULL;
  gint64 before = count (f->db, "SELECT count (*) FROM rma_event");

  RETOUR_TEST_FILE_ONLY ();

  /* The database may not grow: what a full disk looks like to SQLite. */
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, count (f->db, "PRAGMA page_count"));
  retour_database_exec (f->db, limit, &error);
  g_assert_no_error (error);

  rma->notes = g_strnfill (200000, 'n');
  g_assert_false (retour_rma_store_insert (f->db, rma, "test", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_cmpint (rma->id, ==, 0);
  g_assert_cmpuint (strlen (rma->notes), ==, 200000);   /* what was typed is kept */
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event"), ==, before);
}

static void
test_corrupt_and_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("retour-test-corrupt-XXXXXX", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autoptr(RetourDatabase) db = NULL;

  g_file_set_contents (garbage, "This is a spreadsheet, not a database.\n", -1, &error);
  g_assert_no_error (error);
  db = retour_database_open (garbage, &error);
  g_assert_null (db);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, garbage));
  g_clear_error (&error);

  /* The file is left as it was. */
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (garbage, &contents, NULL, &error);
    g_assert_cmpstr (contents, ==, "This is a spreadsheet, not a database.\n");
  }

  /* Another program's SQLite database gets no Retour tables added. */
  {
    g_autofree char *foreign = g_build_filename (dir, "foreign.db", NULL);
    sqlite3 *handle = NULL;

    g_assert_cmpint (sqlite3_open (foreign, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (handle);

    db = retour_database_open (foreign, &error);
    g_assert_null (db);
    g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT);
    g_clear_error (&error);
    db = retour_database_open_full (foreign, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
    g_assert_null (db);
    g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT);
    g_clear_error (&error);

    g_assert_cmpint (sqlite3_open (foreign, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "SELECT * FROM store", NULL, NULL, NULL), ==, SQLITE_ERROR);
    sqlite3_close (handle);
  }

  db = retour_database_open (newer, &error);
  g_assert_no_error (error);
  retour_database_exec (db, "PRAGMA user_version = 9999", &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  db = retour_database_open (newer, &error);
  g_assert_null (db);
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW);

  retour_test_db_remove_dir (dir);
}

static gint64
raw_count (sqlite3    *raw,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Every row of every table of @old_path is in @new_path with the values
 * it had in each of its columns: a migration adds columns and rows, and
 * may rebuild a table, but never loses or changes what was there. The
 * search indexes (virtual tables and their shadow tables) are rebuilt by
 * design and left out, and so is the one value a migration resets on
 * purpose: a store's sync watermark (version 7 reads every order again). */
static void
assert_rows_kept (const char *old_path,
                  const char *new_path)
{
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS old", old_path);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open_v2 (new_path, &raw, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, attach, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (raw,
                                       "SELECT t.name FROM old.sqlite_master t WHERE t.type = 'table' "
                                       "AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                       "AND t.sql NOT LIKE 'CREATE VIRTUAL%' "
                                       "AND NOT EXISTS (SELECT 1 FROM old.sqlite_master v "
                                       "  WHERE v.sql LIKE 'CREATE VIRTUAL%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >=, 10);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autoptr(GString) columns = g_string_new (NULL);
      g_autofree char *info = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s', 'old')", table);
      g_autofree char *lost = NULL;
      g_autofree char *old_count = g_strdup_printf ("SELECT count (*) FROM old.\"%s\"", table);
      g_autofree char *new_count = g_strdup_printf ("SELECT count (*) FROM main.\"%s\"", table);

      g_assert_cmpint (sqlite3_prepare_v2 (raw, info, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (stmt, 0);

          if (g_str_equal (table, "store") && g_str_equal (column, "watermark_us"))
            continue;
          g_string_append_printf (columns, "%s\"%s\"", columns->len > 0 ? ", " : "", column);
        }
      sqlite3_finalize (stmt);

      lost = g_strdup_printf ("SELECT count (*) FROM (SELECT %s FROM old.\"%s\" EXCEPT SELECT %s FROM main.\"%s\")",
                              columns->str, table, columns->str, table);
      if (raw_count (raw, lost) != 0)
        g_error ("Migrating lost or changed %" G_GINT64_FORMAT " rows of %s", raw_count (raw, lost), table);
      g_assert_cmpint (raw_count (raw, new_count), >=, raw_count (raw, old_count));
    }

  sqlite3_close (raw);
}

/* The ids an old index (a search document per row, text kept in the
 * index) finds for @word as a phrase, newest first. */
static GArray *
old_matches (sqlite3    *raw,
             const char *table,
             const char *word)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ?1 ORDER BY rowid DESC",
                                          table, table);
  g_autoptr(GString) phrase = g_string_new ("\"");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  for (const char *c = word; *c != '\0'; c++)
    g_string_append_len (phrase, c, *c == '"' ? 2 : 1);
  g_string_append_c (phrase, '"');

  g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, phrase->str, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  return ids;
}

/* The words of the old documents a person might type: each run of three
 * characters or more between spaces without digits (numbers have search
 * forms of their own), and six digits out of each phone number. */
static GPtrArray *
words_of_documents (sqlite3    *raw,
                    const char *sql)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int column = 0; column < sqlite3_column_count (stmt); column++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, column);
        g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", " @", -1);

        for (guint i = 0; parts[i] != NULL; i++)
          {
            const char *word = parts[i];
            gboolean digits = strpbrk (word, "0123456789") != NULL;
            char *fragment;

            if (digits && strlen (word) >= 7 && strspn (word, "0123456789") == strlen (word) && word[1] != '0')
              fragment = g_strndup (word + 1, 6);
            else if (!digits && strchr (word, '"') == NULL && g_utf8_strlen (word, -1) >= 3)
              fragment = g_strdup (word);
            else
              continue;

            if (g_hash_table_contains (seen, fragment))
              {
                g_free (fragment);
                continue;
              }
            g_hash_table_add (seen, fragment);
            g_ptr_array_add (words, fragment);
          }
      }
  sqlite3_finalize (stmt);

  return words;
}

/* The upgraded database finds for each word what the old index found:
 * the same returns and orders, in the same order. */
static void
assert_searches_kept (const char     *old_path,
                      RetourDatabase *db)
{
  g_autoptr(GPtrArray) rma_words = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;
  gboolean has_orders;
  guint found = 0;

  g_assert_cmpint (sqlite3_open_v2 (old_path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  has_orders = raw_count (raw, "SELECT count (*) FROM sqlite_master WHERE name = 'order_fts'") > 0;

  rma_words = words_of_documents (raw, "SELECT c0, c1, c2, c3, c4, c5, c6, c7 FROM rma_fts_content");
  g_assert_cmpuint (rma_words->len, >=, 20);
  for (guint i = 0; i < rma_words->len; i++)
    {
      const char *word = g_ptr_array_index (rma_words, i);
      g_autoptr(GArray) expected = old_matches (raw, "rma_fts", word);
      g_autoptr(GPtrArray) rows = retour_search_rmas (db, word, -1, 0, 1000, &error);

      g_assert_no_error (error);
      if (rows->len != expected->len)
        g_error ("“%s” found %u returns, the old index %u", word, rows->len, expected->len);
      for (guint j = 0; j < rows->len; j++)
        g_assert_cmpint (((RetourRmaSummary *) rows->pdata[j])->id, ==, g_array_index (expected, gint64, j));
      found += rows->len;
    }
  g_assert_cmpuint (found, >=, rma_words->len);

  if (has_orders)
    {
      g_autoptr(GPtrArray) order_words = words_of_documents (raw, "SELECT c0, c1, c2, c3 FROM order_fts_content");

      for (guint i = 0; i < order_words->len; i++)
        {
          const char *word = g_ptr_array_index (order_words, i);
          g_autoptr(GArray) expected = old_matches (raw, "order_fts", word);
          g_autoptr(GPtrArray) orders = retour_search_orders (db, word, 1000, &error);

          g_assert_no_error (error);
          if (orders->len != expected->len)
            g_error ("“%s” found %u orders, the old index %u", word, orders->len, expected->len);
          for (guint j = 0; j < orders->len; j++)
            g_assert_cmpint (((RetourOrderSummary *) orders->pdata[j])->id, ==, g_array_index (expected, gint64, j));
        }
    }

  sqlite3_close (raw);
}

static void
test_migrate_fixtures (void)
{
  const char *fixtures = g_test_get_filename (G_TEST_DIST, "store", "fixtures", NULL);
  g_autoptr(GDir) dir = g_dir_open (fixtures, 0, NULL);
  const char *name;
  guint n = 0;

  RETOUR_TEST_FILE_ONLY ();

  g_assert_nonnull (dir);

  /* Each fixture is a dump of a database at an earlier schema version with
   * a few returns in it; opening it must bring it up to date and keep
   * every row. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sql_path = g_build_filename (fixtures, name, NULL);
      g_autofree char *sql = NULL;
      g_autofree char *tmp = g_dir_make_tmp ("retour-test-migrate-XXXXXX", NULL);
      g_autofree char *db_path = g_build_filename (tmp, "old.db", NULL);
      g_autofree char *copy_path = g_build_filename (tmp, "copy.db", NULL);
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(RetourDatabase) db = NULL;
      g_autoptr(RetourCheckReport) report = NULL;
      g_autoptr(GError) error = NULL;
      sqlite3 *raw = NULL;
      gint64 rmas, events;

      if (!g_str_has_suffix (name, ".sql"))
        continue;

      g_file_get_contents (sql_path, &sql, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_open (db_path, &raw), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (raw);
      g_file_get_contents (db_path, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (copy_path, contents, (gssize) length, &error);
      g_assert_no_error (error);

      db = retour_database_open (db_path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (retour_database_get_schema_version (db), ==,
                       retour_database_get_latest_schema_version ());

      rmas = count (db, "SELECT count (*) FROM rma");
      events = count (db, "SELECT count (*) FROM rma_event");
      g_assert_cmpint (rmas, >, 0);
      g_assert_cmpint (events, >=, rmas);

      report = retour_check_database (db, RETOUR_CHECK_FULL, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (report->n_problems, ==, 0);
      g_assert_cmpuint (report->rmas, ==, rmas);

      assert_searches_kept (copy_path, db);

      g_clear_object (&db);
      assert_rows_kept (copy_path, db_path);
      retour_test_db_remove_dir (tmp);
      n++;
    }

  g_assert_cmpuint (n, >=, 1);
}

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Piotr", "Kowalski", NULL, NULL, NULL),
                                            "1010", "SPK-01", "Bluetooth speaker", 1, 7900);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.db", NULL);

  RETOUR_TEST_FILE_ONLY ();

  retour_database_backup (f->db, backup, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  /* Changes after the backup are gone once it is restored. */
  retour_rma_free (insert_rma (f, order, 1));
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma"), ==, 2);

  retour_database_restore (f->db, backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_fts"), ==, 1);

  /* A file that is not a backup is refused, and nothing changes. */
  g_file_set_contents (garbage, "not a database at all, just some text that is long enough", -1, NULL);
  g_assert_false (retour_database_restore (f->db, garbage, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma"), ==, 1);
  g_unlink (backup);
  g_unlink (garbage);
}

static void
test_stock_ledger (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GPtrArray) movements = NULL;
  g_autoptr(RetourProduct) loaded = NULL;
  gint64 deltas[] = { 40, -3, 2, -1 };
  RetourStockMovement zero = { 0 };

  product->sku = g_strdup ("CND-01");
  product->title = g_strdup ("Scented candle");
  product->price = retour_money_init (1895, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (deltas); i++)
    {
      RetourStockMovement movement = { 0 };

      movement.product_id = product->id;
      movement.delta = deltas[i];
      movement.cause = i == 0 ? RETOUR_STOCK_CAUSE_INITIAL : RETOUR_STOCK_CAUSE_CORRECTION;
      movement.created_us = NOW_US;
      movement.actor = (char *) "test";
      retour_stock_store_add_movement (f->db, &movement, &error);
      g_assert_no_error (error);
    }

  loaded = retour_catalog_store_load_product (f->db, product->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->on_hand, ==, 38);

  movements = retour_stock_store_list_movements (f->db, product->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (movements->len, ==, 4);

  /* The past is not edited: corrections are new movements. */
  g_assert_false (retour_database_exec (f->db, "UPDATE stock_movement SET delta = 100", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (retour_database_exec (f->db, "DELETE FROM stock_movement", &error));
  g_clear_error (&error);

  zero.product_id = product->id;
  g_assert_false (retour_stock_store_add_movement (f->db, &zero, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
}

static void
test_policy_versions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourPolicy) changed = retour_policy_copy (f->policy);
  g_autoptr(RetourPolicy) current = NULL;
  g_autoptr(RetourPolicy) old = NULL;
  RetourCategoryRule *rule = g_new0 (RetourCategoryRule, 1);

  changed->window_days = 30;
  rule->category = g_strdup ("Underwear");
  rule->window_days = -1;
  rule->final_sale = TRUE;
  g_ptr_array_add (changed->category_rules, rule);

  retour_policy_store_add_version (f->db, changed, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->version, ==, 2);

  current = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->window_days, ==, 30);
  g_assert_cmpuint (current->category_rules->len, ==, 1);
  g_assert_true (retour_policy_get_category_rule (current, "Underwear")->final_sale);

  /* The version an old RMA points at is unchanged. */
  old = retour_policy_store_load (f->db, f->policy->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old->window_days, ==, 14);
  g_assert_cmpuint (old->category_rules->len, ==, 0);

  g_assert_false (retour_database_exec (f->db, "UPDATE policy SET window_days = 1", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
}

static void
test_refund_ledger (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Noor", "Smit", NULL, NULL, NULL),
                                            "1011", "LMP-01", "Desk lamp", 1, 5995);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);
  g_autoptr(GPtrArray) refunds = NULL;
  RetourRefund refund = { 0 };

  rma->refund = retour_money_init (5995, "EUR");
  retour_rma_store_update (f->db, rma, "test", &error);
  g_assert_no_error (error);

  refund.rma_id = rma->id;
  refund.amount = retour_money_init (5000, "EUR");
  refund.method = RETOUR_REFUND_METHOD_BANK_TRANSFER;
  refund.created_us = NOW_US;
  retour_rma_store_add_refund (f->db, &refund, &error);
  g_assert_no_error (error);

  /* Never more than is due, in total. */
  refund.id = 0;
  refund.amount = retour_money_init (1000, "EUR");
  g_assert_false (retour_rma_store_add_refund (f->db, &refund, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  refund.amount = retour_money_init (995, "EUR");
  retour_rma_store_add_refund (f->db, &refund, &error);
  g_assert_no_error (error);

  refunds = retour_rma_store_list_refunds (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refunds->len, ==, 2);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event WHERE kind = 'refund'"), ==, 2);
}


static void
test_order_search (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 anouk = add_customer (f, "Anouk", "van 't Hof", "anouk.hof@example.nl", "+31 6 4455 6677", NULL);
  gint64 lukasz = add_customer (f, "Łukasz", "Dąbrowski", "lukasz@example.pl", "+48 601 222 333", NULL);
  g_autoptr(RetourOrder) first = add_order (f, anouk, "#31001", "MUG-01", "Ceramic mug", 2, 1295);
  g_autoptr(RetourOrder) second = add_order (f, lukasz, "31002", "LSH-M", "Linen shirt", 1, 4995);
  g_autoptr(RetourOrder) third = add_order (f, anouk, "31003", "CND-01", "Scented candle", 1, 1895);
  g_autoptr(RetourOrder) market = add_order (f, lukasz, "MARKT-17", "TOT-01", "Canvas tote bag", 1, 1995);
  struct { const char *query; gint64 expect[3]; } cases[] = {
    { "31001", { first->id, 0 } },                 /* "#" optional */
    { "#31002", { second->id, 0 } },
    { "3100", { third->id, second->id, first->id } },
    { "#31003", { third->id, 0 } },
    { "dabrowski", { market->id, second->id, 0 } },
    { "van 't hof", { third->id, first->id, 0 } },
    { "anouk.hof@", { third->id, first->id, 0 } },
    { "06 4455", { third->id, first->id, 0 } },     /* national form */
    { "+48 601 222", { market->id, second->id, 0 } },
    { "markt-17", { market->id, 0 } },          /* as written, dash and all */
    { "zz", { 0 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) orders = retour_search_orders (f->db, cases[i].query, 10, &error);
      guint n = 0;

      g_assert_no_error (error);
      while (n < 3 && cases[i].expect[n] != 0)
        n++;
      g_test_message ("query “%s”", cases[i].query);
      g_assert_cmpuint (orders->len, ==, n);
      for (guint j = 0; j < n; j++)
        g_assert_cmpint (((RetourOrderSummary *) orders->pdata[j])->id, ==, cases[i].expect[j]);
    }

  /* What the caller sees of a found order. */
  {
    g_autoptr(GPtrArray) orders = retour_search_orders (f->db, "31001", 10, &error);
    RetourOrderSummary *order = g_ptr_array_index (orders, 0);

    g_assert_cmpstr (order->customer_name, ==, "Anouk van 't Hof");
    g_assert_cmpint (order->total.minor, ==, 2590);
    g_assert_cmpuint (order->n_lines, ==, 1);
    g_assert_cmpint (order->delivered_us, ==, first->delivered_us);
  }
}

static RetourRma *
rma_at (Fixture         *f,
        RetourOrder     *order,
        RetourRmaStatus  target)
{
  static const RetourRmaStatus path[] = {
    RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_STATUS_RECEIVED, RETOUR_RMA_STATUS_INSPECTED,
    RETOUR_RMA_STATUS_RESOLVED, RETOUR_RMA_STATUS_CLOSED,
  };
  RetourRma *rma = insert_rma (f, order, 1);
  RetourRmaLine *line = g_ptr_array_index (rma->lines, 0);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (path) && rma->status != target; i++)
    {
      line->qty_authorized = 1;
      if (path[i] == RETOUR_RMA_STATUS_RECEIVED)
        line->qty_received = 1;
      if (path[i] == RETOUR_RMA_STATUS_INSPECTED)
        {
          line->condition = RETOUR_CONDITION_NEW_UNOPENED;
          line->disposition = RETOUR_DISPOSITION_RESTOCK;
          line->qty_accepted = 1;
        }
      if (path[i] == RETOUR_RMA_STATUS_RESOLVED)
        rma->resolution = RETOUR_RESOLUTION_REFUND;
      retour_rma_store_transition (f->db, rma, path[i], "test", NULL, NOW_US, &error);
      g_assert_no_error (error);
    }

  return rma;
}

static void
test_needs_action (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Sem", "Visser", NULL, NULL, NULL),
                                            "1020", "WSK-01", "Wool socks, 2 pairs", 1, 1495);
  g_autoptr(RetourRma) requested = rma_at (f, order, RETOUR_RMA_STATUS_REQUESTED);
  g_autoptr(RetourRma) waiting = rma_at (f, order, RETOUR_RMA_STATUS_AUTHORIZED);
  g_autoptr(RetourRma) overdue = rma_at (f, order, RETOUR_RMA_STATUS_AUTHORIZED);
  g_autoptr(RetourRma) received = rma_at (f, order, RETOUR_RMA_STATUS_RECEIVED);
  g_autoptr(RetourRma) inspected = rma_at (f, order, RETOUR_RMA_STATUS_INSPECTED);
  g_autoptr(RetourRma) unpaid = rma_at (f, order, RETOUR_RMA_STATUS_RESOLVED);
  g_autoptr(RetourRma) closed = rma_at (f, order, RETOUR_RMA_STATUS_CLOSED);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) actions = NULL;
  gint64 later = NOW_US + 30 * G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  struct { gint64 id; RetourAction action; } expect[] = {
    { unpaid->id, RETOUR_ACTION_REFUND },
    { inspected->id, RETOUR_ACTION_RESOLVE },
    { received->id, RETOUR_ACTION_INSPECT },
    { overdue->id, RETOUR_ACTION_OVERDUE },
    { requested->id, RETOUR_ACTION_DECIDE },
  };

  /* Only one of the two authorized returns is past its due date. */
  waiting->due_us = later + 1;
  retour_rma_store_update (f->db, waiting, "test", &error);
  g_assert_no_error (error);
  overdue->due_us = later - 1;
  retour_rma_store_update (f->db, overdue, "test", &error);
  g_assert_no_error (error);

  rows = retour_search_rmas_needing_action (f->db, NULL, later, 0, 50, &actions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpint (((RetourRmaSummary *) rows->pdata[i])->id, ==, expect[i].id);
      g_assert_cmpint (g_array_index (actions, RetourAction, i), ==, expect[i].action);
    }

  g_assert_cmpuint (retour_search_count_needing_action (f->db, later, 1000, &error), ==, 5);
  g_assert_cmpuint (retour_search_count_needing_action (f->db, later, 3, &error), ==, 3);
  g_assert_no_error (error);

  /* Paid in full, it no longer needs anyone. */
  {
    RetourRefund refund = { 0 };

    refund.rma_id = unpaid->id;
    refund.amount = unpaid->refund;
    refund.method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
    refund.created_us = NOW_US;
    retour_rma_store_add_refund (f->db, &refund, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (retour_search_count_needing_action (f->db, later, 1000, &error), ==, 4);
  }

  /* With text, through the search index. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = retour_search_rmas_needing_action (f->db, "visser", later, 0, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpint (closed->status, ==, RETOUR_RMA_STATUS_CLOSED);  /* and not listed */
}

/* A message to the customer that failed or may not have arrived, and a
 * parcel the carrier reports a problem with, need someone whatever the
 * return's status: before what the status asks for, a message first,
 * and not once the return is closed. */
static void
test_needs_action_troubles (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Sem", "Visser", NULL, NULL, NULL),
                                            "1021", "WSK-02", "Wool socks, 3 pairs", 1, 1995);
  g_autoptr(RetourRma) requested = rma_at (f, order, RETOUR_RMA_STATUS_REQUESTED);
  g_autoptr(RetourRma) told = rma_at (f, order, RETOUR_RMA_STATUS_AUTHORIZED);
  g_autoptr(RetourRma) lost = rma_at (f, order, RETOUR_RMA_STATUS_AUTHORIZED);
  g_autoptr(RetourRma) both = rma_at (f, order, RETOUR_RMA_STATUS_RECEIVED);
  g_autoptr(RetourRma) closed = rma_at (f, order, RETOUR_RMA_STATUS_CLOSED);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) actions = NULL;
  g_autofree char *sql = NULL;
  struct { gint64 id; RetourAction action; } expect[] = {
    { both->id, RETOUR_ACTION_MESSAGE },
    { lost->id, RETOUR_ACTION_PARCEL },
    { told->id, RETOUR_ACTION_MESSAGE },
    { requested->id, RETOUR_ACTION_DECIDE },
  };
  const struct { gint64 rma_id; const char *state; guint attempts; } messages[] = {
    { told->id, "uncertain", 1 }, { both->id, "failed", 10 }, { closed->id, "failed", 10 },
    /* One retry is no trouble yet. */
    { requested->id, "queued", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO customer_message (rma_id, step, language, channel, recipient, subject, "
                             "body, state, attempts, created_us, message_id) VALUES (%" G_GINT64_FORMAT ", "
                             "'approved', 'nl', 'smtp', 'sem@example.nl', 'Retour', 'Tekst', '%s', %u, 1, "
                             "'<%u@retour.test>')", messages[i].rma_id, messages[i].state, messages[i].attempts, i);
      exec (f, sql);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_free (sql);
      sql = g_strdup_printf ("INSERT INTO carrier_label (rma_id, carrier, reference, state, tracking_number, "
                             "created_us, tracking_state) VALUES (%" G_GINT64_FORMAT ", 'postnl', 'R', 'bought', "
                             "'3STEST%u', 1, 'exception')", i == 0 ? lost->id : both->id, i);
      exec (f, sql);
    }

  /* Due dates far off: nothing is overdue. */
  rows = retour_search_rmas_needing_action (f->db, NULL, NOW_US, 0, 50, &actions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpint (((RetourRmaSummary *) rows->pdata[i])->id, ==, expect[i].id);
      g_assert_cmpint (g_array_index (actions, RetourAction, i), ==, expect[i].action);
    }
  g_assert_cmpuint (retour_search_count_needing_action (f->db, NOW_US, 1000, &error), ==, G_N_ELEMENTS (expect));
  g_assert_no_error (error);

  /* The same through the search index. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&actions, g_array_unref);
  rows = retour_search_rmas_needing_action (f->db, "visser", NOW_US, 0, 50, &actions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (g_array_index (actions, RetourAction, i), ==, expect[i].action);
}

/* Makes every line of @rma a withdrawal noticed at @declared_us. */
static void
withdraw (Fixture   *f,
          RetourRma *rma,
          gint64     declared_us)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < rma->lines->len; i++)
    ((RetourRmaLine *) rma->lines->pdata[i])->claim = RETOUR_CLAIM_WITHDRAWAL;
  rma->declared_us = declared_us;
  rma->declared_via = RETOUR_DECLARATION_EMAIL;
  retour_rma_store_update (f->db, rma, "test", &error);
  g_assert_no_error (error);
}

/* The refunds the law wants within three days, or wanted already, head
 * the first page, the latest first; the pages after it hold the rest as
 * before, and a refund paid in full leaves the list. */
static void
test_needs_action_legal_refunds (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Léa", "Faure", NULL, NULL, NULL),
                                            "1021", "WSK-01", "Wool socks, 2 pairs", 1, 1495);
  g_autoptr(RetourRma) soon = rma_at (f, order, RETOUR_RMA_STATUS_REQUESTED);
  g_autoptr(RetourRma) late = rma_at (f, order, RETOUR_RMA_STATUS_AUTHORIZED);
  g_autoptr(RetourRma) commercial = rma_at (f, order, RETOUR_RMA_STATUS_REQUESTED);
  g_autoptr(RetourRma) later_due = rma_at (f, order, RETOUR_RMA_STATUS_RECEIVED);
  g_autoptr(RetourRma) paid = rma_at (f, order, RETOUR_RMA_STATUS_RESOLVED);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GArray) actions = NULL;
  gint64 day = G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  RetourRefund refund = { 0 };
  struct { gint64 id; RetourAction action; } expect[] = {
    { late->id, RETOUR_ACTION_LEGAL_REFUND_LATE },
    { soon->id, RETOUR_ACTION_LEGAL_REFUND_SOON },
    { later_due->id, RETOUR_ACTION_INSPECT },
    { commercial->id, RETOUR_ACTION_DECIDE },
  };

  /* Neither came back yet; the customers sent proof of dispatch. */
  soon->dispatch_proof_us = NOW_US - 10 * day;
  late->dispatch_proof_us = NOW_US - 18 * day;
  withdraw (f, soon, NOW_US - 12 * day);
  withdraw (f, late, NOW_US - 20 * day);
  withdraw (f, later_due, NOW_US - 2 * day);
  paid->refund = retour_money_init (1495, "EUR");
  withdraw (f, paid, NOW_US - 20 * day);
  refund.rma_id = paid->id;
  refund.amount = paid->refund;
  refund.method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
  refund.created_us = NOW_US;
  retour_rma_store_add_refund (f->db, &refund, &error);
  g_assert_no_error (error);

  rows = retour_search_rmas_needing_action (f->db, NULL, NOW_US, 0, 2, &actions, &error);
  g_assert_no_error (error);
  /* The two due by law, then a page of the rest. */
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpint (((RetourRmaSummary *) rows->pdata[i])->id, ==, expect[i].id);
      g_assert_cmpint (g_array_index (actions, RetourAction, i), ==, expect[i].action);
    }
  g_assert_cmpint (((RetourRmaSummary *) rows->pdata[0])->refund_due_us, <, NOW_US);
  g_assert_cmpint (((RetourRmaSummary *) rows->pdata[1])->refund_due_us, >, NOW_US);

  /* The next page does not bring them back. */
  next = retour_search_rmas_needing_action (f->db, NULL, NOW_US, commercial->id, 50, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < next->len; i++)
    {
      gint64 id = ((RetourRmaSummary *) next->pdata[i])->id;

      g_assert_cmpint (id, !=, soon->id);
      g_assert_cmpint (id, !=, late->id);
    }

  /* Without the goods or a proof of dispatch the shop may wait. */
  late->dispatch_proof_us = 0;
  retour_rma_store_update (f->db, late, "test", &error);
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&actions, g_array_unref);
  rows = retour_search_rmas_needing_action (f->db, NULL, NOW_US, 0, 50, &actions, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((RetourRmaSummary *) rows->pdata[0])->id, ==, soon->id);
  for (guint i = 1; i < rows->len; i++)
    if (((RetourRmaSummary *) rows->pdata[i])->id == late->id)
      g_assert_cmpint (g_array_index (actions, RetourAction, i), !=, RETOUR_ACTION_LEGAL_REFUND_LATE);
  late->dispatch_proof_us = NOW_US - 18 * day;
  retour_rma_store_update (f->db, late, "test", &error);
  g_assert_no_error (error);

  /* Counted with the rest; the paid one is not. */
  g_assert_cmpuint (retour_search_count_needing_action (f->db, NOW_US, 1000, &error), ==, 4);
  g_assert_no_error (error);
}

static void
test_inspection_restocks_and_refund_timing (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourProduct) after = NULL;
  RetourRmaLine *line;
  RetourStockMovement initial = { 0 };

  product->sku = g_strdup ("BLT-01");
  product->title = g_strdup ("Leather belt");
  product->price = retour_money_init (3995, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);
  initial.product_id = product->id;
  initial.delta = 10;
  initial.cause = RETOUR_STOCK_CAUSE_INITIAL;
  initial.actor = (char *) "test";
  retour_stock_store_add_movement (f->db, &initial, &error);
  g_assert_no_error (error);

  order = add_order (f, add_customer (f, "Mia", "Weber", NULL, NULL, NULL), "1030", "BLT-01", "Leather belt", 1, 3995);
  rma = insert_rma (f, order, 1);
  line = g_ptr_array_index (rma->lines, 0);
  line->product_id = product->id;
  retour_rma_store_update (f->db, rma, "test", &error);
  g_assert_no_error (error);

  /* The default policy pays after inspection: nothing is due before. */
  line->qty_authorized = 1;
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "test", NULL, NOW_US, &error);
  g_assert_no_error (error);
  line->qty_received = 1;
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_RECEIVED, "test", NULL, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->refund.minor, ==, 0);
  g_assert_false (retour_rma_store_refund_is_due (f->db, rma, &error));

  line->condition = RETOUR_CONDITION_OPENED;
  line->disposition = RETOUR_DISPOSITION_RESTOCK;
  line->qty_accepted = 1;
  retour_rma_store_transition (f->db, rma, RETOUR_RMA_STATUS_INSPECTED, "test", NULL, NOW_US, &error);
  g_assert_no_error (error);
  g_assert_true (retour_rma_store_refund_is_due (f->db, rma, &error));

  /* The customer's own reason: the return shipping is deducted. */
  g_assert_cmpint (rma->refund.minor, ==, 3995 - f->policy->return_shipping.minor);

  /* One unit back on the shelf, through the ledger. */
  after = retour_catalog_store_load_product (f->db, product->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->on_hand, ==, 11);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM stock_movement WHERE cause = 'restock'"), ==, 1);
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourOrder) order = add_order (f, add_customer (f, "Zoé", "Faure", NULL, NULL, NULL),
                                            "1040", "LMP-01", "Desk lamp", 1, 5995);
  g_autoptr(RetourRma) rma = insert_rma (f, order, 1);
  g_autoptr(RetourAttachment) photo = g_new0 (RetourAttachment, 1);
  g_autoptr(RetourAttachment) huge = g_new0 (RetourAttachment, 1);
  g_autoptr(RetourAttachment) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };

  photo->rma_id = rma->id;
  photo->filename = g_strdup ("scratch on the base.png");
  photo->mime_type = g_strdup ("image/png");
  photo->data = g_bytes_new_static (png, sizeof png);
  photo->created_us = NOW_US;
  retour_rma_store_add_attachment (f->db, photo, "Sanne", &error);
  g_assert_no_error (error);
  g_assert_cmpint (photo->id, >, 0);

  list = retour_rma_store_list_attachments (f->db, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_null (((RetourAttachment *) list->pdata[0])->data);

  loaded = retour_rma_store_load_attachment (f->db, photo->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded->data, photo->data));
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event WHERE kind = 'attachment'"), ==, 1);

  huge->rma_id = rma->id;
  huge->filename = g_strdup ("video.mp4");
  huge->data = g_bytes_new_take (g_malloc0 (21 * 1024 * 1024), 21 * 1024 * 1024);
  g_assert_false (retour_rma_store_add_attachment (f->db, huge, "Sanne", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  retour_rma_store_remove_attachment (f->db, photo->id, "Sanne", NOW_US, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM attachment"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event WHERE kind = 'attachment'"), ==, 2);
}

static void
on_committed (RetourDatabase *db,
              guint          *n)
{
  (*n)++;
}

static void
test_change_notification (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourDatabase) other = NULL;
  guint64 version = retour_database_get_data_version (f->db);
  guint committed = 0;

  g_signal_connect (f->db, "committed", G_CALLBACK (on_committed), &committed);

  /* Our own commit: the signal, and a new version. */
  add_customer (f, "Thijs", "Mulder", NULL, NULL, NULL);
  g_assert_cmpuint (committed, ==, 1);
  g_assert_cmpuint (retour_database_get_data_version (f->db), !=, version);
  version = retour_database_get_data_version (f->db);

  /* Reading changes nothing. */
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM customer"), ==, 1);
  g_assert_cmpuint (retour_database_get_data_version (f->db), ==, version);

  /* Another connection's commit (another window, the CLI, a sync). */
  other = retour_database_open (f->path, &error);
  g_assert_no_error (error);
  retour_setting_store_set (other, RETOUR_SETTING_SHOP_NAME, "Winkel", &error);
  g_assert_no_error (error);

  /* On a server the other desk's commit arrives as a notification on the
   * connection's socket, within a second: wait for it there, as the
   * window's watcher does, never by polling. */
  if (retour_test_db_is_shared ())
    {
      GPollFD poll_fd = { retour_database_get_watch_fd (f->db), G_IO_IN, 0 };

      g_assert_cmpint (poll_fd.fd, >=, 0);
      g_assert_cmpint (g_poll (&poll_fd, 1, 1000), ==, 1);
    }
  else
    g_assert_cmpint (retour_database_get_watch_fd (f->db), ==, -1);

  g_assert_cmpuint (retour_database_get_data_version (f->db), !=, version);
  g_assert_cmpuint (committed, ==, 1);

  /* Our own commits are not heard twice. */
  version = retour_database_get_data_version (f->db);
  add_customer (f, "Noor", "Bakker", NULL, NULL, NULL);
  g_assert_cmpuint (retour_database_get_data_version (f->db), ==, version + 1);
}

/* On a server the index is asked with LIKE when the word has one form. */
static void
test_postgres_like (void)
{
  g_autofree char *plain = retour_search_postgres_like ("jansen");
  g_autofree char *longest = retour_search_postgres_like ("de\nvries");
  g_autofree char *escaped = retour_search_postgres_like ("50%_off");
  g_autofree char *phone = retour_search_postgres_like ("0612345678\t31612345678");

  g_assert_cmpstr (plain, ==, "%jansen%");
  g_assert_cmpstr (longest, ==, "%vries%");
  g_assert_cmpstr (escaped, ==, "%50\\%\\_off%");
  g_assert_null (phone);
}

/* The steps the UI offers follow the server's rules (roles.sql). */
static void
test_roles_allow_steps (void)
{
  g_assert_true (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_WAREHOUSE, RETOUR_RMA_STATUS_RECEIVED));
  g_assert_false (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_WAREHOUSE, RETOUR_RMA_STATUS_RESOLVED));
  g_assert_false (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_ACCOUNTS, RETOUR_RMA_STATUS_RECEIVED));
  g_assert_true (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_ACCOUNTS, RETOUR_RMA_STATUS_CLOSED));
  g_assert_false (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_DESK, RETOUR_RMA_STATUS_INSPECTED));
  g_assert_true (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_DESK, RETOUR_RMA_STATUS_CANCELLED));
  for (int s = 0; s < RETOUR_RMA_N_STATUSES; s++)
    g_assert_true (retour_operator_roles_allow_step (RETOUR_OPERATOR_ROLE_OWNER, s));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open-creates-schema", test_open_creates_schema);
  ADD ("/store/reopen-is-idempotent", test_reopen_is_idempotent);
  ADD ("/store/upsert-is-idempotent", test_upsert_is_idempotent);
  ADD ("/store/rma-round-trip", test_rma_round_trip);
  ADD ("/store/stale-save-refused", test_stale_save_refused);
  ADD ("/store/transition-issues-number", test_transition_issues_number);
  ADD ("/store/forbidden-transition-changes-nothing", test_forbidden_transition_changes_nothing);
  ADD ("/store/rollback-leaves-nothing", test_rollback_leaves_nothing);
  ADD ("/store/hostile-strings", test_hostile_strings);
  ADD ("/store/search", test_search);
  ADD ("/store/keyset-pages", test_keyset_pages);
  ADD ("/store/check-finds-broken-index", test_check_finds_broken_index);
  ADD ("/store/errors/busy", test_busy);
  ADD ("/store/errors/read-only", test_read_only);
  ADD ("/store/errors/disk-full", test_disk_full);
  if (!retour_test_db_is_shared ())
    g_test_add_func ("/store/errors/corrupt-and-too-new", test_corrupt_and_too_new);
  g_test_add_func ("/store/roles-allow-steps", test_roles_allow_steps);
  g_test_add_func ("/store/postgres-like", test_postgres_like);
  g_test_add_func ("/store/migrations/fixtures", test_migrate_fixtures);
  ADD ("/store/backup-restore", test_backup_restore);
  ADD ("/store/stock-ledger", test_stock_ledger);
  ADD ("/store/policy-versions", test_policy_versions);
  ADD ("/store/refund-ledger", test_refund_ledger);
  ADD ("/store/order-search", test_order_search);
  ADD ("/store/needs-action", test_needs_action);
  ADD ("/store/needs-action/legal-refunds", test_needs_action_legal_refunds);
  ADD ("/store/needs-action/troubles", test_needs_action_troubles);
  ADD ("/store/inspection-restocks-and-refund-timing", test_inspection_restocks_and_refund_timing);
  ADD ("/store/attachments", test_attachments);
  ADD ("/store/change-notification", test_change_notification);

  return g_test_run ();
}
