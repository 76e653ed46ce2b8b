/* retour-cli-documents.c — `retour-cli withdrawal-form`, `acknowledgement`
 * and `repair-notice`: the documents of consumer law as PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command gathers what its document says from the stores — the
 * return, its order and customer, the shop's settings — and writes the
 * PDF made by src/labels/retour-law-documents.c. Nothing is stored: the
 * documents are made again from the return whenever they are asked for.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-cli-private.h"
#include "retour-context.h"
#include "retour-label-store.h"
#include "retour-law-documents.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"

typedef enum
{
  DOCUMENT_WITHDRAWAL_FORM,
  DOCUMENT_ACKNOWLEDGEMENT,
  DOCUMENT_REPAIR_NOTICE,
} Document;

static gboolean
line_is_claim (const RetourRmaLine *line,
               Document             document)
{
  switch (document)
    {
    case DOCUMENT_ACKNOWLEDGEMENT:
      return line->claim == RETOUR_CLAIM_WITHDRAWAL;
    case DOCUMENT_REPAIR_NOTICE:
      return line->claim == RETOUR_CLAIM_CONFORMITY;
    case DOCUMENT_WITHDRAWAL_FORM:
    default:
      return TRUE;
    }
}

/* The items the document is about: the lines of its claim (withdrawn
 * ones for an acknowledgement, conformity ones for a repair notice), or
 * every line when none is marked so. */
static void
add_items (RetourLawDocumentData *data,
           const RetourRma       *rma,
           GPtrArray             *reasons,
           Document               document)
{
  gboolean any = FALSE;

  for (guint i = 0; i < rma->lines->len && !any; i++)
    any = line_is_claim (g_ptr_array_index (rma->lines, i), document);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      guint quantity = retour_rma_get_line_quantity (rma, line);
      const char *reason = NULL;

      if (any && !line_is_claim (line, document))
        continue;
      if (quantity == 0)
        quantity = line->qty_requested;
      if (quantity == 0)
        continue;

      for (guint j = 0; reasons != NULL && j < reasons->len; j++)
        {
          const RetourReason *r = g_ptr_array_index (reasons, j);

          if (r->id == line->reason_id)
            reason = r->label;
        }
      g_ptr_array_add (data->items, retour_label_item_new (line->sku, line->title, quantity, reason));
    }
}

static RetourLawDocumentData *
load_data (RetourContext  *context,
           const RetourRma *rma,
           Document        document,
           GError         **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(RetourLawDocumentData) data = retour_law_document_data_new ();
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  g_autofree char *address = NULL;

  if (rma->order_id > 0)
    {
      order = retour_catalog_store_load_order (db, rma->order_id, error);
      if (order == NULL)
        return NULL;
    }
  if (rma->customer_id > 0)
    {
      customer = retour_catalog_store_load_customer (db, rma->customer_id, error);
      if (customer == NULL)
        return NULL;
    }

  data->shop_name = retour_setting_store_get (db, RETOUR_SETTING_SHOP_NAME, "", error);
  address = retour_setting_store_get (db, RETOUR_SETTING_RETURN_ADDRESS, "", error);
  data->shop_email = retour_setting_store_get (db, RETOUR_SETTING_SHOP_EMAIL, "", error);
  if (data->shop_name == NULL || address == NULL || data->shop_email == NULL)
    return NULL;
  g_strfreev (data->shop_address);
  data->shop_address = g_strsplit (address, "\n", -1);

  g_strfreev (data->customer_address);
  data->customer_address = NULL;
  if (!retour_label_store_load_sender (db, rma, &data->customer_name, &data->customer_address, error))
    return NULL;

  /* The customer's language and country as the store knows them on the
   * return, else from the customer and the order. */
  data->language = g_strdup (rma->customer_language != NULL ? rma->customer_language
                             : customer != NULL ? customer->language : NULL);
  if (rma->country != NULL)
    data->country = g_strdup (rma->country);
  else if (order != NULL && order->ship_country != NULL && *order->ship_country != '\0')
    data->country = g_strdup (order->ship_country);
  else if (customer != NULL)
    data->country = g_strdup (customer->country);
  data->customer_email = g_strdup (customer != NULL && customer->email != NULL ? customer->email
                                   : rma->customer_email);

  data->rma_number = g_strdup (rma->number);
  data->order_number = g_strdup (rma->order_number);
  data->ordered_us = order != NULL ? order->ordered_us : 0;
  data->received_us = rma->possession_us > 0 ? rma->possession_us
                      : order != NULL ? order->delivered_us : 0;
  data->declared_us = rma->declared_us;
  data->declared_via = rma->declared_via;
  data->statement = g_strdup (rma->notes);
  data->created_us = retour_context_now (context);
  data->time_zone = g_time_zone_ref (retour_context_get_time_zone (context));

  {
    g_autoptr(GPtrArray) reasons = retour_policy_store_list_reasons (db, TRUE, error);

    if (reasons == NULL)
      return NULL;
    add_items (data, rma, reasons, document);
  }

  return g_steal_pointer (&data);
}

RetourLawDocumentData *
load_withdrawal_form_data (RetourContext    *context,
                           const RetourRma  *rma,
                           GError          **error)
{
  return load_data (context, rma, DOCUMENT_WITHDRAWAL_FORM, error);
}

static int
command_document (Cli        *cli,
                  int         argc,
                  char      **argv,
                  Document    document)
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

  data = load_data (context, rma, document, &error);
  if (data == NULL)
    return fail (cli, error);

  switch (document)
    {
    case DOCUMENT_WITHDRAWAL_FORM:
      pdf = retour_withdrawal_form_render_pdf (data, &error);
      break;
    case DOCUMENT_ACKNOWLEDGEMENT:
      pdf = retour_withdrawal_acknowledgement_render_pdf (data, &error);
      break;
    case DOCUMENT_REPAIR_NOTICE:
    default:
      pdf = retour_repair_notice_render_pdf (data, &error);
      break;
    }
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
  return command_document (cli, argc, argv, DOCUMENT_WITHDRAWAL_FORM);
}

int
command_acknowledgement (Cli   *cli,
                         int    argc,
                         char **argv)
{
  return command_document (cli, argc, argv, DOCUMENT_ACKNOWLEDGEMENT);
}

int
command_repair_notice (Cli   *cli,
                       int    argc,
                       char **argv)
{
  return command_document (cli, argc, argv, DOCUMENT_REPAIR_NOTICE);
}
