/* retour-storefront.c — copying and freeing the storefront value types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-storefront.h"

static const char * const platform_keys[] = { "woocommerce", "shopify" };

const char *
retour_platform_to_key (RetourPlatform platform)
{
  g_return_val_if_fail ((guint) platform < G_N_ELEMENTS (platform_keys), NULL);

  return platform_keys[platform];
}

gboolean
retour_platform_from_key (const char     *key,
                          RetourPlatform *platform)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (platform_keys); i++)
    if (g_ascii_strcasecmp (key, platform_keys[i]) == 0)
      {
        *platform = (RetourPlatform) i;
        return TRUE;
      }

  return FALSE;
}

const char *
retour_platform_get_label (RetourPlatform platform)
{
  switch (platform)
    {
    case RETOUR_PLATFORM_WOOCOMMERCE:
      return "WooCommerce";
    case RETOUR_PLATFORM_SHOPIFY:
      return "Shopify";
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char * const decline_keys[] = { "other", "final-sale", "return-period-ended" };

const char *
retour_decline_reason_to_key (RetourDeclineReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (decline_keys), NULL);

  return decline_keys[reason];
}

RetourDeclineReason
retour_decline_reason_from_key (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (decline_keys); i++)
    if (g_str_equal (key, decline_keys[i]))
      return (RetourDeclineReason) i;

  return RETOUR_DECLINE_OTHER;
}

const char *
retour_decline_reason_get_label (RetourDeclineReason reason)
{
  switch (reason)
    {
    case RETOUR_DECLINE_FINAL_SALE:
      /* Translators: why a customer's return request is declined, as the
       * storefront (Shopify) records it. */
      return _("Final sale");
    case RETOUR_DECLINE_RETURN_PERIOD_ENDED:
      /* Translators: why a customer's return request is declined. */
      return _("The return period has ended");
    case RETOUR_DECLINE_OTHER:
    default:
      /* Translators: why a customer's return request is declined: none
       * of the storefront's named reasons. */
      return _("Another reason");
    }
}

RetourStorefront *
retour_storefront_new (void)
{
  return g_new0 (RetourStorefront, 1);
}

RetourStorefront *
retour_storefront_copy (const RetourStorefront *storefront)
{
  RetourStorefront *copy = g_memdup2 (storefront, sizeof *storefront);

  copy->name = g_strdup (storefront->name);
  copy->base_url = g_strdup (storefront->base_url);
  copy->last_error = g_strdup (storefront->last_error);

  return copy;
}

void
retour_storefront_free (RetourStorefront *storefront)
{
  if (storefront == NULL)
    return;

  g_free (storefront->name);
  g_free (storefront->base_url);
  g_free (storefront->last_error);
  g_free (storefront);
}

G_DEFINE_BOXED_TYPE (RetourStorefront, retour_storefront, retour_storefront_copy, retour_storefront_free)

static void
storefront_refund_line_free (RetourStorefrontRefundLine *line)
{
  g_free (line->line_external_id);
  g_free (line->title);
  g_free (line);
}

RetourStorefrontRefund *
retour_storefront_refund_new (void)
{
  RetourStorefrontRefund *refund = g_new0 (RetourStorefrontRefund, 1);

  refund->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) storefront_refund_line_free);

  return refund;
}

void
retour_storefront_refund_free (RetourStorefrontRefund *refund)
{
  if (refund == NULL)
    return;

  g_free (refund->external_id);
  g_free (refund->reason);
  g_free (refund->idempotency_key);
  g_clear_pointer (&refund->lines, g_ptr_array_unref);
  g_free (refund);
}

RetourSyncedOrder *
retour_synced_order_new (void)
{
  RetourSyncedOrder *synced = g_new0 (RetourSyncedOrder, 1);

  synced->order = retour_order_new ();
  synced->line_product_ids = g_ptr_array_new_with_free_func (g_free);

  return synced;
}

void
retour_synced_order_free (RetourSyncedOrder *synced)
{
  if (synced == NULL)
    return;

  g_clear_pointer (&synced->order, retour_order_free);
  g_clear_pointer (&synced->customer, retour_customer_free);
  g_clear_pointer (&synced->line_product_ids, g_ptr_array_unref);
  g_clear_pointer (&synced->refunds, g_ptr_array_unref);
  g_free (synced);
}

RetourSyncProblem *
retour_sync_problem_new (void)
{
  return g_new0 (RetourSyncProblem, 1);
}

void
retour_sync_problem_free (RetourSyncProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->external_id);
  g_free (problem->order_number);
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
write_back_line_free (RetourWriteBackLine *line)
{
  g_free (line->line_external_id);
  g_free (line->reason_code);
  g_free (line->reason_label);
  g_free (line);
}

RetourWriteBack *
retour_write_back_new (void)
{
  RetourWriteBack *write_back = g_new0 (RetourWriteBack, 1);

  write_back->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) write_back_line_free);

  return write_back;
}

void
retour_write_back_free (RetourWriteBack *write_back)
{
  if (write_back == NULL)
    return;

  g_free (write_back->order_external_id);
  g_free (write_back->reason);
  g_free (write_back->idempotency_key);
  g_free (write_back->external_id);
  g_free (write_back->rma_number);
  g_free (write_back->return_external_id);
  g_clear_pointer (&write_back->lines, g_ptr_array_unref);
  g_free (write_back);
}

static void
return_request_line_free (RetourReturnRequestLine *line)
{
  g_free (line->line_external_id);
  g_free (line->reason);
  g_free (line->note);
  g_free (line);
}

RetourReturnRequest *
retour_return_request_new (void)
{
  RetourReturnRequest *request = g_new0 (RetourReturnRequest, 1);

  request->lines_complete = TRUE;
  request->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) return_request_line_free);

  return request;
}

void
retour_return_request_free (RetourReturnRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->external_id);
  g_free (request->name);
  g_free (request->order_external_id);
  g_clear_pointer (&request->lines, g_ptr_array_unref);
  g_free (request);
}
