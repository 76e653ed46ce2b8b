/* retour-desk-resolution.c — queuing a return's resolution for the storefront.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-desk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-desk-resolution.h"
#include "retour-setting-store.h"

gboolean
retour_desk_credit_kind (RetourContext              *context,
                         gint64                      store_id,
                         RetourStoreResolutionKind  *out_kind,
                         GError                    **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autofree char *setting = NULL;

  storefront = retour_sync_store_load (db, store_id, error);
  if (storefront == NULL)
    return FALSE;

  if (storefront->platform == RETOUR_PLATFORM_WOOCOMMERCE)
    {
      *out_kind = RETOUR_STORE_RESOLUTION_COUPON;
      return TRUE;
    }

  setting = retour_setting_store_get (db, RETOUR_SETTING_SHOPIFY_CREDIT, "gift-card", error);
  if (setting == NULL)
    return FALSE;
  *out_kind = g_str_equal (setting, "store-credit") ? RETOUR_STORE_RESOLUTION_STORE_CREDIT
                                                    : RETOUR_STORE_RESOLUTION_GIFT_CARD;

  return TRUE;
}

static gboolean
check_kind (const RetourRma            *rma,
            RetourPlatform              platform,
            RetourStoreResolutionKind   kind,
            GError                    **error)
{
  gboolean exchange = kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER;

  if (exchange ? (rma->resolution != RETOUR_RESOLUTION_EXCHANGE && rma->resolution != RETOUR_RESOLUTION_REPLACEMENT)
               : rma->resolution != RETOUR_RESOLUTION_STORE_CREDIT)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           exchange
                           ? _("Choose “Exchange” or “Replacement” as the return’s resolution before making an exchange order.")
                           : _("Choose “Store credit” as the return’s resolution before giving credit."));
      return FALSE;
    }

  if ((platform == RETOUR_PLATFORM_WOOCOMMERCE &&
       (kind == RETOUR_STORE_RESOLUTION_STORE_CREDIT || kind == RETOUR_STORE_RESOLUTION_GIFT_CARD)) ||
      (platform == RETOUR_PLATFORM_SHOPIFY && kind == RETOUR_STORE_RESOLUTION_COUPON))
    {
      /* Translators: %s is a storefront platform, “WooCommerce” or “Shopify”. */
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("%s cannot give credit this way."), retour_platform_get_label (platform));
      return FALSE;
    }

  return TRUE;
}

/* What came back is worth: the refund due once it is worked out, before
 * that what was paid for the units accepted (or, before receipt,
 * authorized), as the refund write-back counts them. */
static gboolean
returned_value (const RetourRma  *rma,
                RetourMoney      *out,
                GError          **error)
{
  RetourMoney total = retour_money_init (0, rma->refund.currency);

  if (rma->refund.minor > 0)
    {
      *out = rma->refund;
      return TRUE;
    }

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      guint quantity = line->qty_accepted > 0 ? line->qty_accepted : line->qty_authorized;
      RetourMoney value;

      if (!retour_money_multiply (line->unit_price, quantity, &value, error) ||
          !retour_money_add (total, value, &total, error))
        return FALSE;
    }

  *out = total;
  return TRUE;
}

gboolean
retour_desk_carry_out_resolution (RetourContext              *context,
                                  gint64                      rma_id,
                                  RetourStoreResolutionKind   kind,
                                  RetourMoney                 amount,
                                  GPtrArray                  *items,
                                  RetourStoreResolution     **out_resolution,
                                  RetourStorefront          **out_storefront,
                                  GError                    **error)
{
  RetourDatabase *db;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourStoreResolution) resolution = NULL;
  g_autoptr(RetourRefund) refund = NULL;
  g_autoptr(GError) local_error = NULL;
  RetourMoney total, returned;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = retour_context_get_database (context);

  /* The return as stored, not as an editor may have changed it since:
   * what the storefront makes must match what was saved. */
  rma = retour_rma_store_load (db, rma_id, error);
  if (rma == NULL)
    return FALSE;
  if (rma->order_id != 0)
    {
      order = retour_catalog_store_load_order (db, rma->order_id, error);
      if (order == NULL)
        return FALSE;
    }
  if (order == NULL || order->store_id == 0 || order->external_id == NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("This return’s order did not come from a connected store: make the exchange or the credit in the shop by hand."));
      return FALSE;
    }
  storefront = retour_sync_store_load (db, order->store_id, error);
  if (storefront == NULL)
    return FALSE;

  if (!check_kind (rma, storefront->platform, kind, error))
    return FALSE;

  /* The consent a withdrawal needs for anything but its money back (CRD
   * art 13(1)), and the rest of what makes a return valid. */
  if (!retour_rma_validate (rma, error))
    return FALSE;

  if (!returned_value (rma, &returned, error))
    return FALSE;

  resolution = retour_store_resolution_new (kind);
  resolution->rma_id = rma->id;
  resolution->queued_us = retour_context_now (context);
  resolution->actor = g_strdup (retour_context_get_actor (context));

  if (kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER)
    {
      total = retour_money_init (0, returned.currency);
      if (items == NULL || items->len == 0)
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("Choose the item the customer gets in exchange."));
          return FALSE;
        }
      for (guint i = 0; i < items->len; i++)
        {
          const RetourExchangeItem *item = g_ptr_array_index (items, i);
          RetourMoney line;

          if (item->variant_external_id == NULL || item->quantity == 0 ||
              g_strcmp0 (item->unit_price.currency, returned.currency) != 0 ||
              !retour_money_multiply (item->unit_price, item->quantity, &line, NULL) ||
              !retour_money_add (total, line, &total, NULL))
            {
              /* Translators: %s is a product's title. */
              g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("“%s” cannot be sent in exchange: it is not an item of the store in the return’s currency."),
                           item->title != NULL ? item->title : "");
              return FALSE;
            }
          g_ptr_array_add (resolution->items,
                           retour_exchange_item_new (item->variant_external_id, item->title,
                                                     item->quantity, item->unit_price));
        }
      resolution->amount = total;
      if (!retour_money_subtract (total, returned, &resolution->difference, error))
        return FALSE;
    }
  else
    {
      resolution->amount = retour_money_is_zero (amount) ? returned : amount;
      resolution->difference = retour_money_init (0, resolution->amount.currency);
      if (resolution->amount.minor <= 0)
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("Enter the amount of the credit."));
          return FALSE;
        }
    }

  if (!retour_database_begin (db, error))
    return FALSE;

  /* A cheaper item: the rest is paid back as any refund is, through the
   * storefront when it takes refunds back; in the same transaction, so
   * neither is queued without the other. */
  if (resolution->difference.minor < 0)
    {
      g_autofree char *difference = NULL;

      /* An exchange pays no money by the policy (its refund due is
       * zero): the difference becomes the refund due, with the note an
       * override needs, so that the ledger takes it and the return shows
       * why. */
      rma->refund = retour_money_init (-resolution->difference.minor, resolution->difference.currency);
      difference = retour_money_format (rma->refund);
      rma->refund_overridden = TRUE;
      g_free (rma->override_note);
      /* Translators: %s is an amount of money. */
      rma->override_note = g_strdup_printf (_("The item sent in exchange costs %s less."), difference);
      if (!retour_rma_store_update (db, rma, resolution->actor, &local_error))
        goto failed;

      refund = g_new0 (RetourRefund, 1);
      refund->rma_id = rma->id;
      refund->amount = retour_money_init (-resolution->difference.minor, resolution->difference.currency);
      refund->method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
      refund->created_us = resolution->queued_us;
      refund->actor = g_strdup (resolution->actor);
      /* Translators: %s is the RMA number. */
      refund->note = g_strdup_printf (_("Difference of the exchange of %s"), rma->number != NULL ? rma->number : "");
      refund->idempotency_key = g_uuid_string_random ();
      if (!retour_rma_store_add_refund (db, refund, &local_error) ||
          (storefront->write_back &&
           !retour_sync_store_queue_write_back (db, refund->id, refund->created_us, &local_error)))
        goto failed;
      resolution->difference_refund_id = refund->id;
    }

  if (!retour_resolution_store_queue (db, resolution, &local_error) ||
      !retour_database_commit (db, &local_error))
    goto failed;

  if (out_resolution != NULL)
    *out_resolution = g_steal_pointer (&resolution);
  if (out_storefront != NULL)
    *out_storefront = g_steal_pointer (&storefront);

  return TRUE;

failed:
  retour_database_rollback (db);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
