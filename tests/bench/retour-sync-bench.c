/* retour-sync-bench.c — how long a sync of 10,000 orders takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves a shop from the emulator in this process (127.0.0.1) and syncs
 * it into a new database, 100 orders per page (WooCommerce) or as many as
 * Shopify takes in one query (30), then prints the wall time, the peak
 * resident memory of the process (emulator included) and the longest the
 * main loop went without running a 1 ms timer, next to the budgets in
 * docs/performance.md (< 10 s, < 100 MB). It asserts nothing.
 *
 * Shopify's cost bucket never runs dry here unless --plan says which
 * one to use: it measures Retour, and no plan's bucket lets 10,000 orders
 * through in 10 s (about 20 points an order: 200,000 points, where Plus
 * restores 1,000 a second). What the plans would add is printed instead,
 * from the points the queries took.
 *
 *   retour-sync-bench [--orders N] [--platform woo|shopify] [--plan standard|advanced|plus]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "retour-emulator.h"
#include "retour-shopify-connector.h"
#include "retour-sync-engine.h"
#include "retour-sync-store.h"
#include "retour-woo-connector.h"

/* Shopify's plans: bucket size and restore rate (points a second). */
static const struct
{
  const char *name;
  guint       size;
  guint       restore_rate;
} plans[] = {
  { "standard", 2000, 100 },
  { "advanced", 4000, 200 },
  { "plus", 20000, 1000 },
};

/* A bucket that never runs dry. */
#define UNMETERED 1000000000

typedef struct
{
  gint64        last_tick;
  gint64        longest_stall;
  GAsyncResult *result;
} Bench;

static gboolean
tick (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  bench->longest_stall = MAX (bench->longest_stall, now - bench->last_tick);
  bench->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Bench *) user_data)->result = g_object_ref (result);
}

/* The emulator dates its orders by the real time. */
static gint64
real_time_clock (gpointer user_data)
{
  return g_get_real_time ();
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_orders = 10000;
  g_autofree char *platform = NULL;
  g_autofree char *plan = NULL;
  GOptionEntry entries[] = {
    { "orders", 'n', 0, G_OPTION_ARG_INT64, &n_orders, "Orders in the shop (default 10,000)", "N" },
    { "platform", 'p', 0, G_OPTION_ARG_STRING, &platform, "woo (default) or shopify", "PLATFORM" },
    { "plan", 0, 0, G_OPTION_ARG_STRING, &plan, "Shopify's bucket: standard, advanced or plus (default: none)",
      "PLAN" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourCredentials) credentials = retour_credentials_new ();
  g_autoptr(RetourEmulator) emulator = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourConnector) connector = NULL;
  g_autoptr(RetourSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  RetourSyncStats stats = { 0 };
  Bench bench = { 0 };
  struct rusage usage;
  gboolean shopify;
  gint64 started, elapsed;
  guint timer;
  guint bucket_size = UNMETERED, restore_rate = UNMETERED;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_orders < 1 || n_orders > 1000000)
    {
      fprintf (stderr, "retour-sync-bench: %s\n", error != NULL ? error->message : "--orders is 1 to 1,000,000");
      return 2;
    }
  shopify = g_strcmp0 (platform, "shopify") == 0;
  for (guint i = 0; plan != NULL && i < G_N_ELEMENTS (plans); i++)
    if (g_str_equal (plan, plans[i].name))
      {
        bucket_size = plans[i].size;
        restore_rate = plans[i].restore_rate;
      }
  if (plan != NULL && bucket_size == UNMETERED)
    {
      fprintf (stderr, "retour-sync-bench: --plan is standard, advanced or plus\n");
      return 2;
    }

  emulator = retour_emulator_new (shopify ? RETOUR_EMULATOR_SHOPIFY : RETOUR_EMULATOR_WOO, (guint) n_orders, 1);
  retour_emulator_set_bucket (emulator, bucket_size, restore_rate);
  if (!retour_emulator_start (emulator, &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("retour-sync-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "shop.db", NULL);
  db = retour_database_open (path, &error);
  g_assert_no_error (error);

  storefront->name = g_strdup ("Bench");
  storefront->platform = shopify ? RETOUR_PLATFORM_SHOPIFY : RETOUR_PLATFORM_WOOCOMMERCE;
  storefront->base_url = g_strdup (retour_emulator_get_url (emulator));
  retour_sync_store_add (db, storefront, g_get_real_time (), &error);
  g_assert_no_error (error);

  credentials->consumer_key = g_strdup (RETOUR_EMULATOR_WOO_KEY);
  credentials->consumer_secret = g_strdup (RETOUR_EMULATOR_WOO_SECRET);
  credentials->access_token = g_strdup (RETOUR_EMULATOR_SHOPIFY_TOKEN);
  connector = retour_sync_connector_new (storefront, credentials, NULL, &error);
  g_assert_no_error (error);
  if (!shopify)
    retour_woo_connector_set_page_size (RETOUR_WOO_CONNECTOR (connector), 100);

  engine = retour_sync_engine_new (db, real_time_clock, NULL);
  bench.last_tick = g_get_monotonic_time ();
  timer = g_timeout_add (1, tick, &bench);

  started = g_get_monotonic_time ();
  retour_sync_engine_sync_async (engine, storefront->id, connector, RETOUR_SYNC_FLAGS_NONE, NULL, on_done, &bench);
  while (bench.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - started;
  g_source_remove (timer);

  if (!retour_sync_engine_sync_finish (engine, bench.result, &stats, &error))
    g_error ("%s", error->message);
  g_clear_object (&bench.result);

  getrusage (RUSAGE_SELF, &usage);
  printf ("Synced %" G_GUINT64_FORMAT " %s orders in %u pages\n", stats.orders_listed,
          shopify ? "Shopify" : "WooCommerce", stats.pages);
  printf ("  wall time            %8.2f s    (budget 10 s)\n", (double) elapsed / G_USEC_PER_SEC);
  printf ("  peak RSS             %8.1f MB   (budget 100 MB; emulator included)\n", usage.ru_maxrss / 1024.0);
  printf ("  longest loop stall   %8.1f ms\n", (double) bench.longest_stall / 1000);
  if (shopify)
    {
      guint64 spent = retour_emulator_get_cost_spent (emulator);

      printf ("  Shopify query cost   %8" G_GUINT64_FORMAT " points (at most %u in one query)\n",
              spent, retour_emulator_get_max_query_cost (emulator));
      for (guint i = 0; plan == NULL && i < G_N_ELEMENTS (plans); i++)
        printf ("  bucket %-13s %8.0f s or more of waiting, on that plan\n", plans[i].name,
                spent > plans[i].size ? (double) (spent - plans[i].size) / plans[i].restore_rate : 0.0);
    }

  g_clear_object (&engine);
  g_clear_object (&connector);
  g_clear_object (&db);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (dir);

  return 0;
}
