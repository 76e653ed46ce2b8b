/* retour-order.c — copying and freeing the order value types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include "retour-order.h"

G_DEFINE_BOXED_TYPE (RetourCustomer, retour_customer, retour_customer_copy, retour_customer_free)
G_DEFINE_BOXED_TYPE (RetourProduct, retour_product, retour_product_copy, retour_product_free)
G_DEFINE_BOXED_TYPE (RetourOrderLine, retour_order_line, retour_order_line_copy, retour_order_line_free)
G_DEFINE_BOXED_TYPE (RetourOrder, retour_order, retour_order_copy, retour_order_free)

RetourCustomer *
retour_customer_new (void)
{
  return g_new0 (RetourCustomer, 1);
}

RetourCustomer *
retour_customer_copy (const RetourCustomer *customer)
{
  RetourCustomer *copy;

  g_return_val_if_fail (customer != NULL, NULL);

  copy = g_memdup2 (customer, sizeof *customer);
  copy->external_id = g_strdup (customer->external_id);
  copy->first_name = g_strdup (customer->first_name);
  copy->last_name = g_strdup (customer->last_name);
  copy->email = g_strdup (customer->email);
  copy->phone = g_strdup (customer->phone);
  copy->language = g_strdup (customer->language);
  copy->address1 = g_strdup (customer->address1);
  copy->address2 = g_strdup (customer->address2);
  copy->postcode = g_strdup (customer->postcode);
  copy->city = g_strdup (customer->city);
  copy->country = g_strdup (customer->country);

  return copy;
}

void
retour_customer_free (RetourCustomer *customer)
{
  if (customer == NULL)
    return;

  g_free (customer->external_id);
  g_free (customer->first_name);
  g_free (customer->last_name);
  g_free (customer->email);
  g_free (customer->phone);
  g_free (customer->language);
  g_free (customer->address1);
  g_free (customer->address2);
  g_free (customer->postcode);
  g_free (customer->city);
  g_free (customer->country);
  g_free (customer);
}

char *
retour_customer_dup_display_name (const RetourCustomer *customer)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (customer != NULL, NULL);

  name = g_strstrip (g_strjoin (" ",
                                customer->first_name != NULL ? customer->first_name : "",
                                customer->last_name != NULL ? customer->last_name : "",
                                NULL));
  if (*name != '\0')
    return g_steal_pointer (&name);

  return g_strdup (customer->email != NULL ? customer->email : "");
}

RetourProduct *
retour_product_new (void)
{
  return g_new0 (RetourProduct, 1);
}

RetourProduct *
retour_product_copy (const RetourProduct *product)
{
  RetourProduct *copy;

  g_return_val_if_fail (product != NULL, NULL);

  copy = g_memdup2 (product, sizeof *product);
  copy->external_id = g_strdup (product->external_id);
  copy->sku = g_strdup (product->sku);
  copy->title = g_strdup (product->title);
  copy->category = g_strdup (product->category);

  return copy;
}

void
retour_product_free (RetourProduct *product)
{
  if (product == NULL)
    return;

  g_free (product->external_id);
  g_free (product->sku);
  g_free (product->title);
  g_free (product->category);
  g_free (product);
}

RetourOrderLine *
retour_order_line_new (void)
{
  return g_new0 (RetourOrderLine, 1);
}

RetourOrderLine *
retour_order_line_copy (const RetourOrderLine *line)
{
  RetourOrderLine *copy;

  g_return_val_if_fail (line != NULL, NULL);

  copy = g_memdup2 (line, sizeof *line);
  copy->external_id = g_strdup (line->external_id);
  copy->sku = g_strdup (line->sku);
  copy->title = g_strdup (line->title);

  return copy;
}

guint
retour_order_line_get_returnable (const RetourOrderLine *line)
{
  g_return_val_if_fail (line != NULL, 0);

  if (line->gone_upstream || line->qty_refunded_upstream >= line->quantity)
    return 0;

  return line->quantity - line->qty_refunded_upstream;
}

void
retour_order_line_free (RetourOrderLine *line)
{
  if (line == NULL)
    return;

  g_free (line->external_id);
  g_free (line->sku);
  g_free (line->title);
  g_free (line);
}

RetourOrder *
retour_order_new (void)
{
  RetourOrder *order = g_new0 (RetourOrder, 1);

  order->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_order_line_free);

  return order;
}

static gpointer
copy_line (gconstpointer line,
           gpointer      user_data)
{
  return retour_order_line_copy (line);
}

RetourOrder *
retour_order_copy (const RetourOrder *order)
{
  RetourOrder *copy;

  g_return_val_if_fail (order != NULL, NULL);

  copy = g_memdup2 (order, sizeof *order);
  copy->external_id = g_strdup (order->external_id);
  copy->number = g_strdup (order->number);
  copy->status = g_strdup (order->status);
  copy->ship_name = g_strdup (order->ship_name);
  copy->ship_address1 = g_strdup (order->ship_address1);
  copy->ship_address2 = g_strdup (order->ship_address2);
  copy->ship_postcode = g_strdup (order->ship_postcode);
  copy->ship_city = g_strdup (order->ship_city);
  copy->ship_country = g_strdup (order->ship_country);
  copy->lines = g_ptr_array_copy (order->lines, copy_line, NULL);
  g_ptr_array_set_free_func (copy->lines, (GDestroyNotify) retour_order_line_free);

  return copy;
}

void
retour_order_free (RetourOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->external_id);
  g_free (order->number);
  g_free (order->status);
  g_free (order->ship_name);
  g_free (order->ship_address1);
  g_free (order->ship_address2);
  g_free (order->ship_postcode);
  g_free (order->ship_city);
  g_free (order->ship_country);
  g_clear_pointer (&order->lines, g_ptr_array_unref);
  g_free (order);
}
