/* retour-law-documents-data.c — what the law's documents say about one
 * return, gathered from the stores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing is stored: the documents are made again from the return
 * whenever they are asked for.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include "retour-catalog-store.h"
#include "retour-label-store.h"
#include "retour-law-documents-data.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"

/* The shop's e-mail address for its customers, for the "To" of the
 * withdrawal form, until the setting store names it. */
static gboolean
line_is_claim (const RetourRmaLine *line,
               RetourLawDocument    document)
{
  switch (document)
    {
    case RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT:
      return line->claim == RETOUR_CLAIM_WITHDRAWAL;
    case RETOUR_LAW_DOCUMENT_REPAIR_NOTICE:
      return line->claim == RETOUR_CLAIM_CONFORMITY;
    case RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM:
    default:
      return TRUE;
    }
}

/* The items the document is about: the lines of its claim, or every line
 * when none is marked so. */
static void
add_items (RetourLawDocumentData *data,
           const RetourRma       *rma,
           GPtrArray             *reasons,
           RetourLawDocument      document)
{
  gboolean any = FALSE;

  for (guint i = 0; i < rma->lines->len && !any; i++)
    any = line_is_claim (g_ptr_array_index (rma->lines, i), document);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      guint quantity = retour_rma_get_line_quantity (rma, line);
      const RetourReason *found;
      const char *reason = NULL;

      if (any && !line_is_claim (line, document))
        continue;
      if (quantity == 0)
        quantity = line->qty_requested;
      if (quantity == 0)
        continue;

      found = retour_reason_find (reasons, line->reason_id);
      if (found != NULL)
        reason = found->label;
      g_ptr_array_add (data->items, retour_label_item_new (line->sku, line->title, quantity, reason));
    }
}

/* The legal guarantee's end, and its end after a repair (one done now,
 * unless one was done already): the repair notice offers the choice
 * with both dates. */
static gboolean
add_guarantee (RetourLawDocumentData  *data,
               RetourDatabase         *db,
               const RetourRma        *rma,
               gint64                  now_us,
               GError                **error)
{
  g_autoptr(RetourPolicy) policy = NULL;
  RetourLawInput input;
  RetourLawDates plain;
  RetourLawDates repaired;
  gint64 repaired_us;

  policy = rma->policy_id != 0 ? retour_policy_store_load (db, rma->policy_id, error)
                               : retour_policy_store_load_current (db, error);
  if (policy == NULL)
    return FALSE;

  retour_law_input_for_rma (rma, policy, &input);
  repaired_us = input.repaired_us != 0 ? input.repaired_us : now_us;

  input.repaired_us = 0;
  retour_law_compute (&input, policy->shop_country, &plain);
  input.repaired_us = repaired_us;
  retour_law_compute (&input, policy->shop_country, &repaired);

  data->guarantee_until = plain.guarantee_until;
  if (repaired.guarantee_extended)
    data->guarantee_repaired = repaired.guarantee_until;

  return TRUE;
}

RetourLawDocumentData *
retour_law_document_data_load (RetourDatabase     *db,
                               const RetourRma    *rma,
                               RetourLawDocument   document,
                               gint64              now_us,
                               GTimeZone          *time_zone,
                               GError            **error)
{
  g_autoptr(RetourLawDocumentData) data = retour_law_document_data_new ();
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (rma != NULL, NULL);

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
  if (data->shop_name == NULL)
    return NULL;
  address = retour_setting_store_get (db, RETOUR_SETTING_RETURN_ADDRESS, "", error);
  if (address == NULL)
    return NULL;
  data->shop_email = retour_setting_store_get (db, RETOUR_SETTING_SHOP_EMAIL, "", error);
  if (data->shop_email == NULL)
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
  data->created_us = now_us;
  data->time_zone = time_zone != NULL ? g_time_zone_ref (time_zone) : NULL;

  if (!add_guarantee (data, db, rma, now_us, error))
    return NULL;

  reasons = retour_policy_store_list_reasons (db, TRUE, error);
  if (reasons == NULL)
    return NULL;
  add_items (data, rma, reasons, document);

  return g_steal_pointer (&data);
}

GBytes *
retour_law_document_render_pdf (const RetourLawDocumentData *data,
                                RetourLawDocument            document,
                                GError                     **error)
{
  switch (document)
    {
    case RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM:
      return retour_withdrawal_form_render_pdf (data, error);
    case RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT:
      return retour_withdrawal_acknowledgement_render_pdf (data, error);
    case RETOUR_LAW_DOCUMENT_REPAIR_NOTICE:
    default:
      return retour_repair_notice_render_pdf (data, error);
    }
}
