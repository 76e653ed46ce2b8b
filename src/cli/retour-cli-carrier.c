/* retour-cli-carrier.c — `retour-cli carrier-label` and `retour-cli track`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   retour-cli carrier-label NUMBER [--carrier postnl|dhl|inpost|colissimo]
 *                            [--output FILE.pdf] [--credentials FILE]
 *   retour-cli track [NUMBER] [--force] [--credentials FILE] [--json]
 *
 * The first buys a return's prepaid carrier label (or gives the one it
 * has) and writes its PDF; the second, for cron, looks at the parcels
 * that are on their way, each no more often than its carrier allows
 * (NUMBER, a return's or a parcel's, looks at that one now), and applies
 * what the carriers report. Keys come from the keyring, or from a
 * credentials file (retour-carrier-keys.h). Exit status 1 when a parcel
 * could not be looked at.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-carrier-keys.h"
#include "retour-cli-private.h"
#include "retour-connector.h"
#include "retour-desk-carrier.h"
#include "retour-rma-number.h"
#include "retour-rma-store.h"

static RetourContext *
open_carrier_context (Cli     *cli,
                      GError **error)
{
  g_autoptr(RetourDatabase) db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, error);

  return db != NULL ? retour_context_new (db) : NULL;
}

/* @carrier's connector: its account from @credentials when given and it
 * has one, else from the settings and the keyring. */
static RetourCarrier *
make_carrier (RetourDatabase  *db,
              RetourHttp      *http,
              const char      *carrier,
              const char      *credentials,
              gboolean         file_only,
              GError         **error)
{
  g_autoptr(RetourCarrierAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  if (credentials != NULL)
    {
      account = retour_carrier_account_from_file (db, credentials, carrier, &local_error);
      if (account == NULL && (file_only ||
                              !g_error_matches (local_error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_BAD_CREDENTIALS)))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
    }

  if (account == NULL)
    {
      account = retour_carrier_account_load_settings (db, carrier, error);
      if (account == NULL || !retour_carrier_keys_lookup_sync (account, NULL, error))
        return NULL;
    }

  return retour_carrier_new (http, account, error);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static char *
format_money (gint64      minor,
              const char *currency)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d %s", minor / 100, (int) (minor % 100),
                          currency != NULL ? currency : "");
}

int
command_carrier_label (Cli   *cli,
                       int    argc,
                       char **argv)
{
  g_autofree char *carrier_id = NULL;
  g_autofree char *output = NULL;
  g_autofree char *credentials = NULL;
  GOptionEntry entries[] = {
    { "carrier", 'c', 0, G_OPTION_ARG_STRING, &carrier_id,
      N_("postnl, dhl, inpost or colissimo (default: the return’s, else its country’s)"), N_("CARRIER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the PDF"), N_("FILE") },
    { "credentials", 0, 0, G_OPTION_ARG_FILENAME, &credentials,
      N_("A JSON file with the carrier account’s keys, instead of the keyring"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourHttp) http = NULL;
  g_autoptr(RetourCarrier) carrier = NULL;
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;
  const RetourCarrierInfo *info;
  RetourDatabase *db;

  if (!parse_options (cli, _("NUMBER"),
                      _("Buy a carrier’s prepaid return label for an authorized return, or give the one it has."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say which return: retour-cli carrier-label NUMBER [--carrier CARRIER] [--output FILE.pdf]"));
  if (carrier_id != NULL && retour_carrier_find_info (carrier_id) == NULL)
    return usage_error (cli, _("--carrier must be postnl, dhl, inpost or colissimo."));

  number = retour_rma_number_parse (argv[1], &error);
  if (number == NULL)
    return fail (cli, error);

  context = open_carrier_context (cli, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  rma = retour_rma_store_find_by_number (db, number, &error);
  if (rma == NULL)
    return fail (cli, error);

  if (carrier_id == NULL)
    {
      carrier_id = retour_desk_carrier_for_return (context, rma, &error);
      if (carrier_id == NULL)
        return fail (cli, error);
    }

  http = retour_http_new ();
  carrier = make_carrier (db, http, carrier_id, credentials, TRUE, &error);
  if (carrier == NULL)
    return fail (cli, error);
  info = retour_carrier_get_info (carrier);

  retour_desk_create_carrier_label_async (context, carrier, rma->id, NULL, on_done, &result);
  label = retour_desk_create_carrier_label_finish (wait_result (&result), &error);
  if (label == NULL)
    return fail (cli, error);

  if (output != NULL && label->pdf == NULL)
    {
      g_set_error (&error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                   _("The return’s parcel has a tracking number typed in, and no label to write."));
      return fail (cli, error);
    }
  /* The label shows the customer's address: private, like the database. */
  if (output != NULL &&
      !g_file_set_contents_full (output, g_bytes_get_data (label->pdf, NULL), (gssize) g_bytes_get_size (label->pdf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return fail (cli, error);

  display = retour_rma_number_display (number);
  info = retour_carrier_find_info (label->carrier);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "number", number);
      add_text_member (builder, "carrier", label->carrier);
      add_text_member (builder, "tracking_number", label->tracking_number);
      add_text_member (builder, "reference", label->reference);
      if (label->cost_minor >= 0)
        {
          add_int_member (builder, "cost_minor", label->cost_minor);
          add_text_member (builder, "currency", label->currency);
          add_text_member (builder, "cost_from", label->cost_from_carrier ? "carrier" : "contract");
        }
      add_int_member (builder, "bytes", label->pdf != NULL ? (gint64) g_bytes_get_size (label->pdf) : 0);
      if (output != NULL)
        add_text_member (builder, "output", output);
      print_json_object (cli, builder);
    }
  else
    {
      g_autofree char *cost = label->cost_minor >= 0 ? format_money (label->cost_minor, label->currency) : NULL;

      /* Translators: "Return R2612-0001: PostNL label 3SRTRN000001001" */
      say (cli->out, _("Return %s: %s label %s"), display, info != NULL ? info->name : label->carrier,
           label->tracking_number);
      if (cost != NULL)
        say (cli->out, label->cost_from_carrier ? _(", %s as the carrier charges") : _(", %s as contracted"), cost);
      if (output != NULL)
        say (cli->out, _(", written to %s"), output);
      say (cli->out, "\n");
    }

  return EXIT_SUCCESS;
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       time_us)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (time_us <= 0)
    return;

  time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  text = g_date_time_format_iso8601 (time);
  add_text_member (builder, name, text);
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "in-transit") == 0)
    return _("in transit");
  if (g_strcmp0 (state, "delivered") == 0)
    return _("delivered");
  if (g_strcmp0 (state, "exception") == 0)
    return _("exception: look at it");
  return _("announced");
}

int
command_track (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autofree char *credentials = NULL;
  g_autofree char *entered = NULL;
  g_autofree char *entered_carrier = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "credentials", 0, 0, G_OPTION_ARG_FILENAME, &credentials,
      N_("A JSON file with carrier accounts’ keys, instead of the keyring"), N_("FILE") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Look at every parcel now, however recently it was"), NULL },
    { "enter", 'e', 0, G_OPTION_ARG_STRING, &entered,
      N_("Record the tracking number of a parcel the customer sent themselves, for the return NUMBER"),
      N_("TRACKING") },
    { "carrier", 'c', 0, G_OPTION_ARG_STRING, &entered_carrier,
      N_("The carrier of the tracking number given with --enter (default: recognised from the number)"),
      N_("CARRIER") },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourHttp) http = NULL;
  g_autoptr(GHashTable) carriers = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tracking_number = NULL;
  const RetourCarrierInfo * const *infos = retour_carrier_list_infos ();
  RetourDatabase *db;
  gboolean failed = FALSE;

  if (!parse_options (cli, _("[NUMBER]"),
                      _("Look at the parcels on their way, and apply what the carriers report. NUMBER, a return’s or a parcel’s, looks at that one now."),
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 2)
    return usage_error (cli, _("Say one return or parcel at most: retour-cli track [NUMBER]"));

  context = open_carrier_context (cli, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  if (entered != NULL)
    {
      g_autofree char *number = argc == 2 ? retour_rma_number_parse (argv[1], NULL) : NULL;
      g_autoptr(RetourRma) rma = number != NULL ? retour_rma_store_find_by_number (db, number, NULL) : NULL;
      g_autoptr(RetourCarrierRecord) record = NULL;

      if (rma == NULL)
        return usage_error (cli, _("Say which return the parcel is for: retour-cli track NUMBER --enter TRACKING"));
      record = retour_desk_enter_tracking (context, rma->id, entered_carrier, entered, &error);
      if (record == NULL)
        return fail (cli, error);
      if (!cli->json)
        {
          g_autofree char *shown = retour_rma_number_display (rma->number);
          const RetourCarrierInfo *info = retour_carrier_find_info (record->carrier);

          /* Translators: a carrier's name, a tracking number, a return's number. */
          say (cli->out, _("%s parcel %s recorded for return %s\n"), info != NULL ? info->name : record->carrier,
               record->tracking_number, shown);
        }
    }

  if (argc == 2)
    {
      g_autofree char *number = retour_rma_number_parse (argv[1], NULL);
      g_autoptr(RetourRma) rma = number != NULL ? retour_rma_store_find_by_number (db, number, NULL) : NULL;
      g_autoptr(RetourCarrierRecord) label = rma != NULL ? retour_carrier_store_get_live (db, rma->id, NULL) : NULL;

      tracking_number = g_strdup (label != NULL && label->tracking_number != NULL ? label->tracking_number : argv[1]);
      force = TRUE;
    }

  open = retour_carrier_store_list_open (db, &error);
  if (open == NULL)
    return fail (cli, error);

  /* A connector for each carrier with a parcel to follow. */
  http = retour_http_new ();
  carriers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; infos[i] != NULL; i++)
    {
      g_autoptr(GError) carrier_error = NULL;
      RetourCarrier *carrier;
      gboolean wanted = FALSE;

      for (guint j = 0; j < open->len && !wanted; j++)
        wanted = g_strcmp0 (((RetourCarrierRecord *) g_ptr_array_index (open, j))->carrier, infos[i]->id) == 0;
      if (!wanted)
        continue;

      carrier = make_carrier (db, http, infos[i]->id, credentials, FALSE, &carrier_error);
      if (carrier == NULL)
        {
          /* Translators: "PostNL: <why its parcels cannot be followed>" */
          say (cli->err, _("%s: %s\n"), infos[i]->name, carrier_error->message);
          failed = TRUE;
          continue;
        }
      g_hash_table_insert (carriers, (gpointer) infos[i]->id, carrier);
    }

  retour_desk_track_async (context, carriers, tracking_number, force, NULL, on_done, &result);
  outcomes = retour_desk_track_finish (wait_result (&result), &error);
  if (outcomes == NULL)
    return fail (cli, error);

  if (tracking_number != NULL && outcomes->len == 0)
    {
      g_set_error (&error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                   _("No parcel on its way is %s, or its carrier is not set up."), tracking_number);
      return fail (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      json_builder_set_member_name (builder, "parcels");
      json_builder_begin_array (builder);
      for (guint i = 0; i < outcomes->len; i++)
        {
          RetourTrackOutcome *outcome = g_ptr_array_index (outcomes, i);

          json_builder_begin_object (builder);
          add_text_member (builder, "number", outcome->rma_number);
          add_text_member (builder, "carrier", outcome->carrier);
          add_text_member (builder, "tracking_number", outcome->tracking_number);
          add_text_member (builder, "before", outcome->before);
          add_text_member (builder, "after", outcome->after);
          add_time (builder, "first_scan", outcome->first_scan_us);
          add_time (builder, "delivered", outcome->delivered_us);
          if (outcome->error != NULL)
            add_text_member (builder, "error", outcome->error);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json_object (cli, builder);
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      RetourTrackOutcome *outcome = g_ptr_array_index (outcomes, i);
      const RetourCarrierInfo *info = retour_carrier_find_info (outcome->carrier);
      g_autofree char *display = outcome->rma_number != NULL ? retour_rma_number_display (outcome->rma_number)
                                                             : g_strdup ("?");

      if (outcome->error != NULL)
        {
          say (cli->err, _("%s (%s %s): %s\n"), display, info != NULL ? info->name : outcome->carrier,
               outcome->tracking_number, outcome->error);
          failed = TRUE;
        }
      else if (!cli->json)
        say (cli->out, "%s  %s %s  %s\n", display, info != NULL ? info->name : outcome->carrier,
             outcome->tracking_number, state_label (outcome->after));
    }

  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
