/* retour-cli-resolve.c — `retour-cli resolve`: a return's resolution carried out in its store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For cron and support: queues what the return's resolution needs from
 * the storefront (unless the desk has), sends it once (a retry after a
 * lost answer finds what was made) and prints what the store made.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-cli-private.h"
#include "retour-desk-resolution.h"
#include "retour-rma-number.h"
#include "retour-sync-engine.h"

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* "ID" or "ID:QUANTITY": a product synced from the store, at its price. */
static RetourExchangeItem *
parse_item (RetourDatabase  *db,
            gint64           store_id,
            const char      *text,
            GError         **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  g_autoptr(GPtrArray) found = NULL;
  RetourExchangeItem *item;
  guint64 quantity = 1;

  if (parts[0] == NULL || *parts[0] == '\0' ||
      (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 1, 1000, &quantity, NULL)))
    {
      /* Translators: %s is what was typed after --item. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an item: give the store’s product id, and a quantity after a colon if more than one."),
                   text);
      return NULL;
    }

  found = retour_resolution_store_find_products (db, store_id, parts[0], 50, error);
  if (found == NULL)
    return NULL;
  for (guint i = 0; i < found->len; i++)
    {
      item = g_ptr_array_index (found, i);
      if (g_strcmp0 (item->variant_external_id, parts[0]) == 0)
        {
          item->quantity = (guint) quantity;
          return g_ptr_array_steal_index (found, i);
        }
    }

  /* Translators: %s is a product id of the store. */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("The store has no product %s that Retour knows of: sync it first."), parts[0]);
  return NULL;
}

static void
print_resolution (Cli                         *cli,
                  const RetourRma             *rma,
                  const RetourStoreResolution *resolution)
{
  g_autofree char *display = retour_rma_number_display (rma->number);
  g_autofree char *text = retour_store_resolution_describe (resolution);

  if (cli->json)
    {
      JsonBuilder *builder = begin_json_object ();
      g_autofree char *amount = retour_money_to_string (resolution->amount);
      g_autofree char *difference = retour_money_to_string (resolution->difference);

      add_text_member (builder, "rma", display);
      add_text_member (builder, "kind", retour_store_resolution_kind_to_key (resolution->kind));
      add_text_member (builder, "state", retour_store_resolution_state_to_key (resolution->state));
      add_text_member (builder, "amount", amount);
      add_text_member (builder, "currency", resolution->amount.currency);
      add_text_member (builder, "difference", difference);
      add_text_member (builder, "external_id", resolution->external_id);
      add_text_member (builder, "code", resolution->code);
      add_text_member (builder, "payment_url", resolution->payment_url);
      add_text_member (builder, "error", resolution->last_error);
      add_text_member (builder, "marker", resolution->marker);
      print_json_object (cli, builder);
      return;
    }

  say (cli->out, "%s: %s\n", display, text);
  if (resolution->payment_url != NULL)
    /* Translators: %s is the address where the customer pays. */
    say (cli->out, _("The customer pays the difference at %s\n"), resolution->payment_url);
}

int
command_resolve (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autofree char *file = NULL;
  g_auto(GStrv) item_texts = NULL;
  g_autofree char *amount_text = NULL;
  GOptionEntry entries[] = {
    { "item", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &item_texts,
      N_("What the customer gets in exchange: the store’s product id, with “:N” for more than one"), N_("ID[:N]") },
    { "amount", 'a', 0, G_OPTION_ARG_STRING, &amount_text,
      N_("The credit’s amount (default: what came back is worth)"), N_("AMOUNT") },
    { "credentials", 'c', 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read the keys from a private JSON file instead of the keyring"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourStoreResolution) resolution = NULL;
  g_autoptr(RetourStoreResolution) done = NULL;
  g_autoptr(RetourCredentials) credentials = NULL;
  g_autoptr(RetourConnector) connector = NULL;
  g_autoptr(RetourSyncEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *compact = NULL;
  RetourClockFunc clock;
  gpointer clock_data;

  if (!parse_options (cli, _("NUMBER"),
                      _("Have the store carry out a return’s exchange or store credit, once, and print what it made."),
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error (cli, _("Say which return: retour-cli resolve NUMBER"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    return fail (cli, error);
  context = retour_context_new (db);

  compact = retour_rma_number_parse (argv[1], &error);
  if (compact == NULL || (rma = retour_rma_store_find_by_number (db, compact, &error)) == NULL)
    return fail (cli, error);

  resolution = retour_resolution_store_load_for_rma (db, rma->id, &error);
  if (error != NULL)
    return fail (cli, error);

  /* Nothing queued at the desk yet: queue what the return's resolution
   * says, with the items and amount given here. */
  if (resolution == NULL)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);
      RetourStoreResolutionKind kind = RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER;
      RetourMoney amount = retour_money_init (0, rma->refund.currency);

      if (rma->order_id == 0 || (order = retour_catalog_store_load_order (db, rma->order_id, &error)) == NULL ||
          order->store_id == 0)
        {
          if (error == NULL)
            g_set_error_literal (&error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                                 _("This return’s order did not come from a connected store: make the exchange or the credit in the shop by hand."));
          return fail (cli, error);
        }

      if (rma->resolution == RETOUR_RESOLUTION_STORE_CREDIT)
        {
          if (!retour_desk_credit_kind (context, order->store_id, &kind, &error))
            return fail (cli, error);
          if (amount_text != NULL && !retour_money_parse (amount_text, rma->refund.currency, &amount, &error))
            return fail (cli, error);
        }
      else if (item_texts == NULL)
        return usage_error (cli, _("Name what the customer gets in exchange with --item."));

      for (guint i = 0; item_texts != NULL && item_texts[i] != NULL; i++)
        {
          RetourExchangeItem *item = parse_item (db, order->store_id, item_texts[i], &error);

          if (item == NULL)
            return fail (cli, error);
          g_ptr_array_add (items, item);
        }

      if (!retour_desk_carry_out_resolution (context, rma->id, kind, amount, items, &resolution, NULL, &error))
        return fail (cli, error);
    }

  storefront = retour_sync_store_load (db, resolution->store_id, &error);
  if (storefront == NULL)
    return fail (cli, error);
  credentials = file != NULL ? retour_credentials_load_file (file, &error)
                             : retour_credentials_lookup_sync (storefront, NULL, &error);
  if (credentials == NULL ||
      (connector = retour_sync_connector_new (storefront, credentials, NULL, &error)) == NULL)
    return fail (cli, error);

  retour_context_get_clock (context, &clock, &clock_data);
  engine = retour_sync_engine_new (db, clock, clock_data);
  retour_sync_engine_carry_out_async (engine, resolution->id, connector, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = retour_sync_engine_carry_out_finish (engine, result, &error);
  if (done == NULL)
    return fail (cli, error);

  print_resolution (cli, rma, done);

  return EXIT_SUCCESS;
}
