/* retour-cli-documents.c — `retour-cli withdrawal-form`, `acknowledgement`
 * and `repair-notice`: the documents of consumer law as PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command gathers what its document says from the stores (the
 * return, its order and customer, the shop's settings, the law's dates:
 * src/labels/retour-law-documents-data.c, which the editor shares) and
 * writes the PDF. Nothing is stored: the documents are made again from
 * the return whenever they are asked for.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-cli-private.h"
#include "retour-context.h"
#include "retour-law-documents-data.h"
#include "retour-rma-store.h"

RetourLawDocumentData *
load_withdrawal_form_data (RetourContext    *context,
                           const RetourRma  *rma,
                           GError          **error)
{
  return retour_law_document_data_load (retour_context_get_database (context), rma,
                                        RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM, retour_context_now (context),
                                        retour_context_get_time_zone (context), error);
}

static int
command_document (Cli                *cli,
                  int                 argc,
                  char              **argv,
                  RetourLawDocument   document)
{
  static const struct
  {
    const char *name;
    const char *summary;
    const char *usage;
  } documents[] = {
    { "withdrawal-form", N_("Write the model withdrawal form of a return, pre-filled, as PDF."),
      N_("Say which return and where the PDF goes: retour-cli withdrawal-form NUMBER --output FILE.pdf") },
    { "acknowledgement", N_("Write the acknowledgement of a return’s notice of withdrawal as PDF."),
      N_("Say which return and where the PDF goes: retour-cli acknowledgement NUMBER --output FILE.pdf") },
    { "repair-notice", N_("Write the notice of the choice between repair and replacement as PDF."),
      N_("Say which return and where the PDF goes: retour-cli repair-notice NUMBER --output FILE.pdf") },
  };
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the PDF"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourLawDocumentData) data = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;

  if (!parse_options (cli, _("NUMBER"), _(documents[document].summary), entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2 || output == NULL)
    return usage_error (cli, _(documents[document].usage));

  number = retour_rma_number_parse (argv[1], &error);
  if (number == NULL)
    return fail (cli, error);

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    return fail (cli, error);
  context = retour_context_new (db);

  rma = retour_rma_store_find_by_number (db, number, &error);
  if (rma == NULL)
    return fail (cli, error);

  data = retour_law_document_data_load (db, rma, document, retour_context_now (context),
                                        retour_context_get_time_zone (context), &error);
  if (data == NULL)
    return fail (cli, error);

  pdf = retour_law_document_render_pdf (data, document, &error);
  if (pdf == NULL)
    return fail (cli, error);

  /* The customer's name and address: private, like the database. */
  if (!g_file_set_contents_full (output, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return fail (cli, error);

  display = retour_rma_number_display (number);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "number", number);
      add_text_member (builder, "document", documents[document].name);
      add_text_member (builder, "language", data->language);
      add_int_member (builder, "bytes", (gint64) g_bytes_get_size (pdf));
      add_text_member (builder, "output", output);
      print_json_object (cli, builder);
    }
  else
    /* Translators: %s: RMA number, %s: file. */
    say (cli->out, _("Document of return %s written to %s\n"), display, output);

  return EXIT_SUCCESS;
}

int
command_withdrawal_form (Cli   *cli,
                         int    argc,
                         char **argv)
{
  return command_document (cli, argc, argv, RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM);
}

int
command_acknowledgement (Cli   *cli,
                         int    argc,
                         char **argv)
{
  return command_document (cli, argc, argv, RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT);
}

int
command_repair_notice (Cli   *cli,
                       int    argc,
                       char **argv)
{
  return command_document (cli, argc, argv, RETOUR_LAW_DOCUMENT_REPAIR_NOTICE);
}
