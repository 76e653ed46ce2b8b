/* retour-store-resolution.c — the values of a resolution carried out in the storefront.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-store-resolution.h"

static const char * const kind_keys[] = { "exchange-order", "store-credit", "gift-card", "coupon" };
static const char * const state_keys[] = { "queued", "done", "failed" };

const char *
retour_store_resolution_kind_to_key (RetourStoreResolutionKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_keys), NULL);

  return kind_keys[kind];
}

gboolean
retour_store_resolution_kind_from_key (const char                *key,
                                       RetourStoreResolutionKind *kind)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (kind_keys); i++)
    if (g_str_equal (key, kind_keys[i]))
      {
        *kind = (RetourStoreResolutionKind) i;
        return TRUE;
      }

  return FALSE;
}

const char *
retour_store_resolution_state_to_key (RetourStoreResolutionState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_keys), NULL);

  return state_keys[state];
}

gboolean
retour_store_resolution_state_from_key (const char                 *key,
                                        RetourStoreResolutionState *state)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (state_keys); i++)
    if (g_str_equal (key, state_keys[i]))
      {
        *state = (RetourStoreResolutionState) i;
        return TRUE;
      }

  return FALSE;
}

RetourExchangeItem *
retour_exchange_item_new (const char  *variant_external_id,
                          const char  *title,
                          guint        quantity,
                          RetourMoney  unit_price)
{
  RetourExchangeItem *item = g_new0 (RetourExchangeItem, 1);

  item->variant_external_id = g_strdup (variant_external_id);
  item->title = g_strdup (title);
  item->quantity = quantity;
  item->unit_price = unit_price;

  return item;
}

void
retour_exchange_item_free (RetourExchangeItem *item)
{
  if (item == NULL)
    return;

  g_free (item->variant_external_id);
  g_free (item->title);
  g_free (item);
}

RetourStoreResolution *
retour_store_resolution_new (RetourStoreResolutionKind kind)
{
  RetourStoreResolution *resolution = g_new0 (RetourStoreResolution, 1);

  resolution->kind = kind;
  resolution->items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);

  return resolution;
}

void
retour_store_resolution_free (RetourStoreResolution *resolution)
{
  if (resolution == NULL)
    return;

  g_free (resolution->marker);
  g_free (resolution->external_id);
  g_free (resolution->code);
  g_free (resolution->payment_url);
  g_free (resolution->last_error);
  g_free (resolution->actor);
  g_ptr_array_unref (resolution->items);
  g_free (resolution->rma_number);
  g_free (resolution->order_external_id);
  g_free (resolution->order_number);
  g_free (resolution->customer_external_id);
  g_free (resolution->customer_email);
  g_free (resolution->customer_first_name);
  g_free (resolution->customer_last_name);
  g_free (resolution);
}

char *
retour_store_resolution_code_for_marker (const char *marker)
{
  GString *code = g_string_new ("RETOUR-");

  g_return_val_if_fail (marker != NULL, NULL);

  /* Letters and digits of the marker's random part, upper case: codes
   * are typed at a checkout, where WooCommerce compares them without
   * case. Ten of them leave 16^10 codes, enough never to meet another. */
  for (const char *p = marker; *p != '\0' && code->len < 17; p++)
    if (g_ascii_isxdigit (*p) && p > marker + 6)
      g_string_append_c (code, g_ascii_toupper (*p));

  return g_string_free (code, FALSE);
}

char *
retour_store_resolution_describe (const RetourStoreResolution *resolution)
{
  g_autofree char *amount = retour_money_format (resolution->amount);

  switch (resolution->kind)
    {
    case RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER:
      if (resolution->code != NULL)
        /* Translators: %s is the storefront's order number, such as “#1234”. */
        return g_strdup_printf (_("Exchange order %s"), resolution->code);
      return g_strdup (_("Exchange order"));
    case RETOUR_STORE_RESOLUTION_STORE_CREDIT:
      /* Translators: %s is an amount of money. */
      return g_strdup_printf (_("Store credit of %s"), amount);
    case RETOUR_STORE_RESOLUTION_GIFT_CARD:
      if (resolution->code != NULL)
        /* Translators: the first %s is an amount of money, the second the gift card's code. */
        return g_strdup_printf (_("Gift card of %s, code %s"), amount, resolution->code);
      return g_strdup_printf (_("Gift card of %s"), amount);
    case RETOUR_STORE_RESOLUTION_COUPON:
      if (resolution->code != NULL)
        /* Translators: the first %s is an amount of money, the second the coupon's code. */
        return g_strdup_printf (_("Coupon of %s, code %s"), amount, resolution->code);
      return g_strdup_printf (_("Coupon of %s"), amount);
    default:
      g_return_val_if_reached (NULL);
    }
}
