/* retour-cli-show.c — `retour-cli show`: one return, with the law's dates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a script or a person at the terminal needs to answer "by when must
 * this one be refunded?": the return, its items, and per item the claim
 * and the dates the law gives it in the customer's country.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-cli-private.h"
#include "retour-context.h"
#include "retour-core.h"
#include "retour-law.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"

/* An ISO date, or null when it does not apply. */
static void
add_date_member (JsonBuilder *builder,
                 const char  *name,
                 const GDate *date)
{
  char text[16];

  json_builder_set_member_name (builder, name);
  if (date == NULL || !g_date_valid (date))
    {
      json_builder_add_null_value (builder);
      return;
    }

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  json_builder_add_string_value (builder, text);
}

/* A time as ISO 8601 in @tz (the customer's country: the law counts its
 * days there), or null. */
static void
add_local_time_member (JsonBuilder *builder,
                       const char  *name,
                       gint64       time_us,
                       GTimeZone   *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, name);
  if (time_us == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, tz);
  text = g_date_time_format_iso8601 (local);
  json_builder_add_string_value (builder, text);
}

static void
add_money_member (JsonBuilder *builder,
                  const char  *name,
                  RetourMoney  amount)
{
  g_autofree char *text = retour_money_to_string (amount);

  add_text_member (builder, name, text);
}

static void
add_claim (JsonBuilder          *builder,
           const RetourRmaLine  *line,
           const RetourRma      *rma,
           const RetourLawDates *dates,
           GTimeZone            *tz)
{
  json_builder_set_member_name (builder, "claim");
  json_builder_begin_object (builder);
  add_text_member (builder, "kind", retour_enum_to_nick (RETOUR_TYPE_CLAIM_KIND, line->claim));
  add_date_member (builder, "possession_date", &dates->possession);
  add_bool_member (builder, "possession_estimated", dates->possession_estimated);
  add_date_member (builder, "withdrawal_deadline", &dates->withdrawal_deadline);
  add_date_member (builder, "extended_deadline", &dates->extended_deadline);
  add_local_time_member (builder, "declared_at", rma->declared_us, tz);
  add_text_member (builder, "declared_via",
                   rma->declared_us != 0 ? retour_enum_to_nick (RETOUR_TYPE_DECLARATION_CHANNEL,
                                                                rma->declared_via)
                                         : NULL);
  /* The refund's and the wait's dates are the withdrawal's only. */
  add_date_member (builder, "refund_due_by",
                   line->claim == RETOUR_CLAIM_WITHDRAWAL ? &dates->refund_due_by : NULL);
  add_local_time_member (builder, "withhold_until",
                         line->claim == RETOUR_CLAIM_WITHDRAWAL ? dates->withhold_until_us : 0, tz);
  add_date_member (builder, "guarantee_until", &dates->guarantee_until);
  add_date_member (builder, "presumption_until", &dates->presumption_until);
  json_builder_end_object (builder);
}

static void
print_json_rma (Cli                  *cli,
                const RetourRma      *rma,
                const RetourLawDates *dates)
{
  g_autoptr(JsonBuilder) builder = begin_json_object ();
  g_autoptr(GTimeZone) tz = retour_law_country_time_zone (dates->country);

  add_text_member (builder, "number", rma->number);
  add_int_member (builder, "id", rma->id);
  add_text_member (builder, "status", retour_rma_status_to_key (rma->status));
  add_text_member (builder, "order", rma->order_number);
  add_text_member (builder, "customer", rma->customer_name);
  add_text_member (builder, "country", dates->country);
  add_text_member (builder, "resolution", retour_enum_to_nick (RETOUR_TYPE_RESOLUTION, rma->resolution));
  add_money_member (builder, "refund", rma->refund);
  add_text_member (builder, "currency", rma->refund.currency);
  add_bool_member (builder, "consent_alternative", rma->consent_alternative);
  add_local_time_member (builder, "dispatch_proof", rma->dispatch_proof_us, tz);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      json_builder_begin_object (builder);
      add_text_member (builder, "sku", line->sku);
      add_text_member (builder, "title", line->title);
      add_int_member (builder, "requested", line->qty_requested);
      add_int_member (builder, "authorized", line->qty_authorized);
      add_int_member (builder, "received", line->qty_received);
      add_money_member (builder, "unit_price", line->unit_price);
      if (line->diminished_value.minor > 0)
        {
          add_money_member (builder, "diminished_value", line->diminished_value);
          add_text_member (builder, "diminished_reason", line->diminished_reason);
        }
      add_claim (builder, line, rma, dates, tz);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  print_json_object (cli, builder);
}

static char *
format_date (const GDate *date)
{
  char text[16];

  if (!g_date_valid (date))
    return g_strdup ("—");

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

static void
print_text_rma (Cli                  *cli,
                const RetourRma      *rma,
                const RetourLawDates *dates)
{
  g_autofree char *number = rma->number != NULL ? retour_rma_number_display (rma->number)
                                                : g_strdup_printf ("#%" G_GINT64_FORMAT, rma->id);
  g_autofree char *received = format_date (&dates->possession);
  g_autofree char *deadline = format_date (g_date_valid (&dates->extended_deadline) ? &dates->extended_deadline
                                                                                     : &dates->withdrawal_deadline);
  g_autofree char *due = format_date (&dates->refund_due_by);
  g_autofree char *guarantee = format_date (&dates->guarantee_until);

  say (cli->out, "%s  %s  %s\n", number, retour_rma_status_get_label (rma->status),
       rma->customer_name != NULL ? rma->customer_name : "");
  /* Translators: the lines of `retour-cli show`; values follow. */
  say (cli->out, _("Country:              %s\n"), dates->country);
  say (cli->out, dates->possession_estimated ? _("Received:             %s (estimated)\n")
                                             : _("Received:             %s\n"), received);
  say (cli->out, _("May withdraw until:   %s\n"), deadline);
  if (retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL))
    say (cli->out, _("Refund due by:        %s\n"), due);
  say (cli->out, _("Legal guarantee until: %s\n"), guarantee);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      say (cli->out, "  %u × %s  (%s)\n", line->qty_requested, line->title,
           retour_claim_kind_get_label (line->claim));
    }
}

int
command_show (Cli   *cli,
              int    argc,
              char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *compact = NULL;
  RetourLawInput input;
  RetourLawDates dates;

  if (!parse_options (cli, _("NUMBER"),
                      _("Show a return with, per item, its claim and the dates the law gives it."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say which return: retour-cli show NUMBER"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    return fail (cli, error);

  /* "#1234": a return not authorized yet, by its row id. */
  if (argv[1][0] == '#')
    {
      gint64 id = g_ascii_strtoll (argv[1] + 1, NULL, 10);

      rma = id > 0 ? retour_rma_store_load (db, id, &error) : NULL;
      if (id <= 0)
        return usage_error (cli, _("A return without a number is named by its row, as in “#1234”."));
    }
  else
    {
      compact = retour_rma_number_parse (argv[1], &error);
      if (compact != NULL)
        rma = retour_rma_store_find_by_number (db, compact, &error);
    }
  if (rma == NULL)
    return fail (cli, error);

  policy = retour_policy_store_load (db, rma->policy_id, &error);
  if (policy == NULL)
    return fail (cli, error);

  retour_law_input_for_rma (rma, policy, &input);
  retour_law_compute (&input, policy->shop_country, &dates);

  if (cli->json)
    print_json_rma (cli, rma, &dates);
  else
    print_text_rma (cli, rma, &dates);

  return EXIT_SUCCESS;
}
