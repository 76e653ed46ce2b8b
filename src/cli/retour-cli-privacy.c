/* retour-cli-privacy.c — `customer export|anonymise` and `retention`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's request under the GDPR answered from a terminal: what the
 * shop holds about them (art. 15), or their data erased (art. 17); and
 * the shop's retention rule run from cron (art. 5(1)(e)).
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "retour-cli-private.h"
#include "retour-customer-export.h"
#include "retour-privacy-store.h"

/* What anonymising keeps and what it takes, said before it is done. */
static void
say_what_stays (Cli *cli)
{
  say (cli->err, "%s\n",
       _("The customer’s name, e-mail address, phone number and addresses are replaced by "
         "“Anonymised customer” and a number, in the customer, their orders and their returns. "
         "Notes on their returns, history texts that name them, their photos and their label "
         "PDFs are removed. Orders, returns, refunds, amounts and stock stay, for the accounts. "
         "This cannot be undone."));
}

static gboolean
confirm (Cli        *cli,
         const char *question)
{
  char answer[64];

  say (cli->err, "%s ", question);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);

  /* Translators: the answer "yes" to a question of retour-cli, as typed. */
  return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0 ||
         g_utf8_collate (answer, C_("answer", "yes")) == 0;
}

static int
customer_export (Cli            *cli,
                 RetourContext  *context,
                 gint64          customer_id,
                 const char     *output)
{
  g_autoptr(GError) error = NULL;

  if (!retour_customer_export (retour_context_get_database (context), customer_id, output,
                               retour_context_now (context), &error))
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_int_member (builder, "customer", customer_id);
      add_text_member (builder, "output", output);
      print_json_object (cli, builder);
    }
  else
    say (cli->out, _("Wrote what is held about customer %lld to %s\n"), (long long) customer_id, output);

  return EXIT_SUCCESS;
}

static int
customer_anonymise (Cli            *cli,
                    RetourContext  *context,
                    gint64          customer_id,
                    gboolean        yes)
{
  g_autoptr(GError) error = NULL;

  if (!yes)
    {
      if (!isatty (STDIN_FILENO))
        return usage_error (cli, _("Anonymising cannot be undone: add --yes to do it without a question."));
      say_what_stays (cli);
      if (!confirm (cli, _("Anonymise this customer? [y/N]")))
        {
          say (cli->err, "%s\n", _("Nothing was changed."));
          return EXIT_FAILURE;
        }
    }

  if (!retour_privacy_store_anonymise (retour_context_get_database (context), customer_id,
                                       RETOUR_PRIVACY_ON_REQUEST, retour_context_get_actor (context),
                                       retour_context_now (context), &error))
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_int_member (builder, "customer", customer_id);
      add_bool_member (builder, "anonymised", TRUE);
      print_json_object (cli, builder);
    }
  else
    say (cli->out, _("Customer %lld is anonymised.\n"), (long long) customer_id);

  return EXIT_SUCCESS;
}

int
command_customer (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  gboolean yes = FALSE;
  gint64 customer_id = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The folder to write the export to"), N_("DIR") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Anonymise without asking first"), NULL },
    { NULL }
  };

  if (!parse_options (cli, _("export|anonymise EMAIL|ID"),
                      _("Answer a customer’s request under the GDPR: export everything held about "
                        "them, or anonymise them."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 3 || (g_strcmp0 (argv[1], "export") != 0 && g_strcmp0 (argv[1], "anonymise") != 0))
    return usage_error (cli, _("Say what to do and for whom: retour-cli customer export|anonymise EMAIL|ID"));
  if (g_str_equal (argv[1], "export") && output == NULL)
    return usage_error (cli, _("Say where the export goes: --output DIR"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    return fail (cli, error);
  context = retour_context_new (db);

  if (!retour_privacy_store_find_customer (db, argv[2], &customer_id, &error))
    return fail (cli, error);

  if (g_str_equal (argv[1], "export"))
    return customer_export (cli, context, customer_id, output);

  return customer_anonymise (cli, context, customer_id, yes);
}

int
command_retention (Cli   *cli,
                   int    argc,
                   char **argv)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expired = NULL;
  gboolean dry_run = FALSE;
  gboolean apply = FALSE;
  gboolean on = FALSE;
  guint years = 0;
  guint n = 0;
  gint64 now_us;
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Only list the customers it would anonymise (the default)"), NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply, N_("Anonymise them, if the shop turned the rule on"), NULL },
    { NULL }
  };

  if (!parse_options (cli, NULL,
                      _("Anonymise the customers with no open return and no order for as many years "
                        "as the shop keeps its accounts."),
                      entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || (dry_run && apply))
    return usage_error (cli, _("Give either --dry-run or --apply."));

  db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    return fail (cli, error);
  context = retour_context_new (db);
  now_us = retour_context_now (context);

  if (!retour_privacy_store_get_retention (db, &on, &years, &error))
    return fail (cli, error);

  if (apply)
    {
      if (!on)
        {
          say (cli->err, "%s\n", _("The shop has not turned the retention rule on: nothing was changed."));
          return EXIT_FAILURE;
        }
      if (!retour_privacy_store_apply_retention (db, years, retour_context_get_actor (context), now_us, &n,
                                                 &error))
        return fail (cli, error);
    }
  else
    {
      expired = retour_privacy_store_list_expired (db, years, now_us, &error);
      if (expired == NULL)
        return fail (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_bool_member (builder, "on", on);
      add_int_member (builder, "years", years);
      add_bool_member (builder, "applied", apply);
      if (apply)
        add_int_member (builder, "anonymised", n);
      else
        {
          json_builder_set_member_name (builder, "customers");
          json_builder_begin_array (builder);
          for (guint i = 0; i < expired->len; i++)
            json_builder_add_int_value (builder, g_array_index (expired, gint64, i));
          json_builder_end_array (builder);
        }
      print_json_object (cli, builder);
    }
  else if (apply)
    say (cli->out, g_dngettext (GETTEXT_PACKAGE, "Anonymised %u customer.\n", "Anonymised %u customers.\n", n), n);
  else
    {
      for (guint i = 0; i < expired->len; i++)
        say (cli->out, "%" G_GINT64_FORMAT "\n", g_array_index (expired, gint64, i));
      say (cli->err,
           g_dngettext (GETTEXT_PACKAGE,
                        /* Translators: %u customers, %u years. */
                        "%u customer without an order for %u years or more would be anonymised.\n",
                        "%u customers without an order for %u years or more would be anonymised.\n",
                        expired->len),
           expired->len, years);
    }

  return EXIT_SUCCESS;
}
