/* main.c — retour-emulator: a local WooCommerce or Shopify shop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   retour-emulator --platform woo|shopify --orders N --seed S [--faults LIST]
 *                   [--plan standard|advanced|plus] [--bucket-size N] [--restore-rate N]
 *
 * Prints "http://127.0.0.1:PORT" on standard output and serves until
 * killed. POST /_control {"faults": ["throttle@2", …]} adds faults while
 * it runs; GET /_control/writes counts refund and return creations;
 * GET /_control/cost says what Shopify's cost accounting saw (the most a
 * query asked for, THROTTLED and MAX_COST_EXCEEDED answers, the bucket).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "retour-emulator.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *platform = NULL;
  g_autofree char *faults = NULL;
  gint64 n_orders = 250;
  gint64 seed = 1;
  int stall_ms = 2500;
  g_autofree char *plan = NULL;
  int bucket_size = 0;
  int restore_rate = 0;
  GOptionEntry entries[] = {
    { "platform", 'p', 0, G_OPTION_ARG_STRING, &platform, "woo or shopify", "PLATFORM" },
    { "orders", 'n', 0, G_OPTION_ARG_INT64, &n_orders, "How many orders the shop has", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated shop", "S" },
    { "faults", 'f', 0, G_OPTION_ARG_STRING, &faults, "Faults to inject, e.g. throttle@2,reset@3", "LIST" },
    { "stall-ms", 0, 0, G_OPTION_ARG_INT, &stall_ms, "How long a stall lasts", "MS" },
    { "plan", 0, 0, G_OPTION_ARG_STRING, &plan,
      "Shopify plan whose cost bucket to use: standard (default), advanced or plus", "PLAN" },
    { "bucket-size", 0, 0, G_OPTION_ARG_INT, &bucket_size, "Shopify cost bucket size, in points", "N" },
    { "restore-rate", 0, 0, G_OPTION_ARG_INT, &restore_rate, "Shopify cost bucket refill, points a second", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(RetourEmulator) emulator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  RetourEmulatorPlatform kind;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "retour-emulator: %s\n", error->message);
      return 2;
    }

  if (g_strcmp0 (platform, "shopify") == 0)
    kind = RETOUR_EMULATOR_SHOPIFY;
  else if (platform == NULL || g_strcmp0 (platform, "woo") == 0 || g_strcmp0 (platform, "woocommerce") == 0)
    kind = RETOUR_EMULATOR_WOO;
  else
    {
      fprintf (stderr, "retour-emulator: --platform is woo or shopify\n");
      return 2;
    }

  if (n_orders < 0 || n_orders > 1000000 || stall_ms < 0)
    {
      fprintf (stderr, "retour-emulator: --orders is 0 to 1,000,000\n");
      return 2;
    }

  /* The plans' buckets, as Shopify documents them. */
  if (plan == NULL || g_strcmp0 (plan, "standard") == 0)
    {
      bucket_size = bucket_size > 0 ? bucket_size : RETOUR_EMULATOR_BUCKET_SIZE;
      restore_rate = restore_rate > 0 ? restore_rate : RETOUR_EMULATOR_RESTORE_RATE;
    }
  else if (g_strcmp0 (plan, "advanced") == 0)
    {
      bucket_size = bucket_size > 0 ? bucket_size : 4000;
      restore_rate = restore_rate > 0 ? restore_rate : 200;
    }
  else if (g_strcmp0 (plan, "plus") == 0)
    {
      bucket_size = bucket_size > 0 ? bucket_size : 20000;
      restore_rate = restore_rate > 0 ? restore_rate : 1000;
    }
  else
    {
      fprintf (stderr, "retour-emulator: --plan is standard, advanced or plus\n");
      return 2;
    }
  if (bucket_size < 0 || restore_rate < 0)
    {
      fprintf (stderr, "retour-emulator: --bucket-size and --restore-rate are positive\n");
      return 2;
    }

  emulator = retour_emulator_new (kind, (guint) n_orders, (guint) seed);
  retour_emulator_set_stall_ms (emulator, (guint) stall_ms);
  retour_emulator_set_bucket (emulator, (guint) bucket_size, (guint) restore_rate);
  if ((faults != NULL && !retour_emulator_add_faults (emulator, faults, &error)) ||
      !retour_emulator_start (emulator, &error))
    {
      fprintf (stderr, "retour-emulator: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", retour_emulator_get_url (emulator));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);

  return 0;
}
