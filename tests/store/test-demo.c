/* test-demo.c — the demo shop is one a merchant recognises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing happens after the demo's today; each category comes back about as
 * often as in real web shops, as the inventory page computes it; and every
 * return's reasons fit what was returned.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "retour-check.h"
#include "retour-database-private.h"
#include "retour-demo.h"
#include "retour-inventory-store.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
} Fixture;

/* The size of shop `retour-cli demo` makes unless told otherwise. */
#define N_RMAS 2000

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  RetourDemoOptions options = { .n_rmas = N_RMAS, .seed = 3, .now_us = NOW_US };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("retour-test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->db = retour_database_open (f->path, &error);
  g_assert_no_error (error);
  retour_demo_generate (f->db, &options, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->db);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
count (RetourDatabase *db,
       const char     *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, &error);
  gboolean has_row;

  g_assert_no_error (error);
  retour_stmt_bind_int64 (stmt, 1, NOW_US);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);

  return retour_stmt_column_int64 (stmt, 0);
}

static void
test_nothing_in_the_future (Fixture       *f,
                            gconstpointer  data)
{
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM \"order\""), >, N_RMAS);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM \"order\" WHERE delivered_us > ?1 "
                                 "OR fulfilled_us > ?1 OR ordered_us > ?1 OR updated_us > ?1"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM \"order\" WHERE delivered_us < fulfilled_us "
                                 "OR fulfilled_us < ordered_us"), ==, 0);
  /* Some of the last days' orders are still on their way. */
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM \"order\" WHERE delivered_us IS NULL"), >, 0);

  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_event WHERE created_us > ?1"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM stock_movement WHERE created_us > ?1"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM refund WHERE created_us > ?1"), ==, 0);

  /* A return is asked for once the parcel has arrived. */
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma r JOIN \"order\" o ON o.id = r.order_id "
                                 "WHERE o.delivered_us IS NULL OR o.delivered_us > r.created_us"), ==, 0);
}

typedef struct
{
  const char *category;
  double      lowest;
  double      highest;
} Bounds;

/* The item return rate per category, as the inventory page shows it for
 * @period, against what real shops see: fashion 20–30 %, a few % for home
 * goods (see category_returns in retour-demo.c for the sources). */
static void
assert_believable_rates (Fixture               *f,
                         RetourInventoryPeriod  period,
                         const Bounds          *bounds,
                         guint                  n_bounds,
                         double                 overall_lowest,
                         double                 overall_highest)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(RetourInventory) inventory = NULL;
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  gint64 since_us, until_us;
  gboolean has_row;
  double overall;

  stmt = retour_database_prepare (f->db, "SELECT id, category FROM product", &error);
  g_assert_no_error (error);
  while (retour_stmt_step (stmt, &has_row, &error) && has_row)
    {
      gint64 *id = g_new (gint64, 1);

      *id = retour_stmt_column_int64 (stmt, 0);
      g_hash_table_insert (categories, id, retour_stmt_dup_text (stmt, 1));
    }
  g_assert_no_error (error);

  retour_inventory_period_get_range (period, tz, NOW_US, &since_us, &until_us);
  inventory = retour_inventory_store_load (f->db, since_us, until_us, tz, NOW_US, &error);
  g_assert_no_error (error);

  overall = retour_inventory_return_rate (inventory->summary.returned_of_sold, inventory->summary.sold);
  g_test_message ("period %d: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " units back, %.1f %%",
                  period, inventory->summary.returned_of_sold, inventory->summary.sold, 100 * overall);
  g_assert_cmpfloat (overall, >=, overall_lowest);
  g_assert_cmpfloat (overall, <=, overall_highest);

  for (guint b = 0; b < n_bounds; b++)
    {
      gint64 sold = 0, returned = 0;
      double rate;

      for (guint i = 0; i < inventory->products->len; i++)
        {
          const RetourProductInventory *product = g_ptr_array_index (inventory->products, i);

          if (g_strcmp0 (g_hash_table_lookup (categories, &product->product_id), bounds[b].category) != 0)
            continue;
          /* Never more back than was sold: the rate compares the
           * period's sales with what came of them, not with the
           * period's returns of older sales (166 % in a young month). */
          g_assert_cmpint (product->returned_of_sold, <=, product->sold);
          sold += product->sold;
          returned += product->returned_of_sold;
        }

      rate = retour_inventory_return_rate (returned, sold);
      g_test_message ("  %s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %.1f %%",
                      bounds[b].category, returned, sold, 100 * rate);
      g_assert_cmpint (sold, >, 0);
      g_assert_cmpfloat (rate, >=, bounds[b].lowest);
      g_assert_cmpfloat (rate, <=, bounds[b].highest);
    }
}

static void
test_believable_return_rates (Fixture       *f,
                              gconstpointer  data)
{
  static const Bounds all_time[] = {
    { "Clothing", 0.18, 0.32 },
    { "Shoes", 0.18, 0.32 },
    { "Accessories", 0.06, 0.20 },
    { "Electronics", 0.04, 0.15 },
    { "Home", 0.01, 0.08 },
    { "Toys", 0.01, 0.10 },
    { "Underwear", 0.0, 0.08 },
  };
  /* A month holds a sixth of the sales, and the last weeks' orders are
   * still coming back (the rate is by order date): lower, and looser. */
  static const Bounds last_month[] = {
    { "Clothing", 0.08, 0.35 },
    { "Shoes", 0.08, 0.35 },
    { "Electronics", 0.02, 0.20 },
    { "Home", 0.0, 0.12 },
  };

  assert_believable_rates (f, RETOUR_INVENTORY_PERIOD_ALL_TIME, all_time, G_N_ELEMENTS (all_time), 0.10, 0.22);
  assert_believable_rates (f, RETOUR_INVENTORY_PERIOD_LAST_30_DAYS, last_month, G_N_ELEMENTS (last_month),
                           0.04, 0.25);
  assert_believable_rates (f, RETOUR_INVENTORY_PERIOD_THIS_MONTH, NULL, 0, 0.0, 0.30);
}

static void
test_reasons_fit_the_product (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(RetourInventory) inventory = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since_us, until_us;
  gboolean mug_seen = FALSE;

  /* Only what is sold in sizes comes back for its size, or bought in
   * several sizes to keep one. */
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_line l JOIN reason r ON r.id = l.reason_id "
                                 "WHERE l.sku LIKE 'MUG-%' AND r.code IN ('wrong-size', 'ordered-several')"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_line l JOIN reason r ON r.id = l.reason_id "
                                 "WHERE l.category NOT IN ('Clothing', 'Shoes') "
                                 "AND r.code IN ('wrong-size', 'ordered-several')"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma_line l JOIN reason r ON r.id = l.reason_id "
                                 "WHERE l.sku LIKE 'MUG-%'"), >, 0);
  g_assert_cmpint (count (f->db, "SELECT count (*) FROM rma WHERE notes LIKE '%another size%' AND id NOT IN "
                                 "(SELECT l.rma_id FROM rma_line l JOIN reason r ON r.id = l.reason_id "
                                 " WHERE r.code = 'wrong-size')"), ==, 0);

  /* Fashion comes back for its fit most of all, electronics for defects. */
  {
    g_autoptr(RetourStmt) stmt = retour_database_prepare (f->db,
                                                          "SELECT r.code FROM rma_line l JOIN reason r ON r.id = l.reason_id "
                                                          "WHERE l.category = ?1 GROUP BY r.code "
                                                          "ORDER BY count (*) DESC LIMIT 1",
                                                          &error);
    static const struct { const char *category; const char *top; } tops[] = {
      { "Clothing", "wrong-size" }, { "Shoes", "wrong-size" }, { "Electronics", "defective" },
    };
    gboolean has_row;

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (tops); i++)
      {
        retour_stmt_bind_static_text (stmt, 1, tops[i].category);
        retour_stmt_step (stmt, &has_row, &error);
        g_assert_no_error (error);
        g_assert_true (has_row);
        g_assert_cmpstr (retour_stmt_column_text (stmt, 0), ==, tops[i].top);
        retour_stmt_release (stmt);
      }
  }

  /* And on the inventory page the mug's reasons are a mug's. */
  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_ALL_TIME, tz, NOW_US, &since_us, &until_us);
  inventory = retour_inventory_store_load (f->db, since_us, until_us, tz, NOW_US, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < inventory->products->len; i++)
    {
      const RetourProductInventory *product = g_ptr_array_index (inventory->products, i);

      if (!g_str_has_prefix (product->sku, "MUG-"))
        continue;
      mug_seen = TRUE;
      g_assert_cmpuint (product->n_top_reasons, >, 0);
      for (guint r = 0; r < product->n_top_reasons; r++)
        {
          g_test_message ("mug: %s (%" G_GINT64_FORMAT ")", product->top_reasons[r].label,
                          product->top_reasons[r].units);
          g_assert_cmpstr (product->top_reasons[r].label, !=, "Wrong size");
        }
    }
  g_assert_true (mug_seen);
}

static void
test_demo_checks_clean (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourCheckReport) report = retour_check_database (f->db, RETOUR_CHECK_FULL, NOW_US, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->n_problems, ==, 0);
  g_assert_cmpuint (report->rmas, ==, N_RMAS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/demo/nothing-in-the-future", test_nothing_in_the_future);
  ADD ("/demo/believable-return-rates", test_believable_return_rates);
  ADD ("/demo/reasons-fit-the-product", test_reasons_fit_the_product);
  ADD ("/demo/checks-clean", test_demo_checks_clean);

  return g_test_run ();
}
