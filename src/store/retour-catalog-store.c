/* retour-catalog-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-database-private.h"

static gboolean
require_text (const char  *value,
              const char  *what,
              GError     **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID, "%s", what);
  return FALSE;
}

gboolean
retour_catalog_store_upsert_customer (RetourDatabase  *db,
                                      RetourCustomer  *customer,
                                      gint64           now_us,
                                      GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);

  if ((customer->first_name == NULL || *customer->first_name == '\0') &&
      (customer->last_name == NULL || *customer->last_name == '\0') &&
      (customer->email == NULL || *customer->email == '\0'))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A customer needs a name or an e-mail address."));
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  /* With an id, a row entered by hand is updated in place; otherwise the
   * storefront key finds the row to update, if there is one. (One
   * conflict target, the id: PostgreSQL takes only one.) */
  stmt = retour_database_prepare (db,
                                  "INSERT INTO customer (id, store_id, external_id, first_name, last_name, "
                                  "email, phone, language, address1, address2, postcode, city, country, "
                                  "created_us, updated_us) "
                                  "VALUES (coalesce (?1, (SELECT id FROM customer WHERE store_id = ?2 AND external_id = ?3)), "
                                  "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14) "
                                  "ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, "
                                  "last_name = excluded.last_name, email = excluded.email, "
                                  "phone = excluded.phone, language = excluded.language, "
                                  "address1 = excluded.address1, address2 = excluded.address2, "
                                  "postcode = excluded.postcode, city = excluded.city, "
                                  "country = excluded.country, updated_us = excluded.updated_us "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_id_or_null (stmt, 1, customer->id);
  retour_stmt_bind_id_or_null (stmt, 2, customer->store_id);
  retour_stmt_bind_text (stmt, 3, customer->external_id);
  retour_stmt_bind_text (stmt, 4, customer->first_name != NULL ? customer->first_name : "");
  retour_stmt_bind_text (stmt, 5, customer->last_name != NULL ? customer->last_name : "");
  retour_stmt_bind_text (stmt, 6, customer->email);
  retour_stmt_bind_text (stmt, 7, customer->phone);
  retour_stmt_bind_text (stmt, 8, customer->language);
  retour_stmt_bind_text (stmt, 9, customer->address1);
  retour_stmt_bind_text (stmt, 10, customer->address2);
  retour_stmt_bind_text (stmt, 11, customer->postcode);
  retour_stmt_bind_text (stmt, 12, customer->city);
  retour_stmt_bind_text (stmt, 13, customer->country);
  retour_stmt_bind_int64 (stmt, 14, now_us);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  customer->id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  return retour_txn_commit (&txn, error);
}

gboolean
retour_catalog_store_upsert_product (RetourDatabase  *db,
                                     RetourProduct   *product,
                                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (product != NULL, FALSE);

  if (!require_text (product->title, _("A product needs a title."), error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO product (id, store_id, external_id, sku, title, category, "
                                  "price_minor, currency) "
                                  "VALUES (coalesce (?1, (SELECT id FROM product WHERE store_id = ?2 AND external_id = ?3)), "
                                  "?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                  "ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, title = excluded.title, "
                                  "category = excluded.category, price_minor = excluded.price_minor, "
                                  "currency = excluded.currency "
                                  "RETURNING id, on_hand",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_id_or_null (stmt, 1, product->id);
  retour_stmt_bind_id_or_null (stmt, 2, product->store_id);
  retour_stmt_bind_text (stmt, 3, product->external_id);
  retour_stmt_bind_text (stmt, 4, product->sku);
  retour_stmt_bind_text (stmt, 5, product->title);
  retour_stmt_bind_text (stmt, 6, product->category);
  retour_stmt_bind_int64 (stmt, 7, product->price.minor);
  retour_stmt_bind_text (stmt, 8, product->price.currency);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  product->id = retour_stmt_column_int64 (stmt, 0);
  product->on_hand = retour_stmt_column_int64 (stmt, 1);

  return TRUE;
}

static gboolean
upsert_order_line (RetourDatabase   *db,
                   RetourOrder      *order,
                   RetourOrderLine  *line,
                   GError          **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  if (!require_text (line->title, _("An order line needs a product title."), error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO order_line (id, order_id, external_id, product_id, sku, title, "
                                  "quantity, unit_price_minor, total_minor) "
                                  "VALUES (coalesce (?1, (SELECT id FROM order_line WHERE order_id = ?2 AND external_id = ?3)), "
                                  "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                  "ON CONFLICT (id) DO UPDATE SET product_id = excluded.product_id, "
                                  "sku = excluded.sku, title = excluded.title, quantity = excluded.quantity, "
                                  "unit_price_minor = excluded.unit_price_minor, "
                                  "total_minor = excluded.total_minor, gone_upstream = 0 "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_id_or_null (stmt, 1, line->id);
  retour_stmt_bind_int64 (stmt, 2, order->id);
  retour_stmt_bind_text (stmt, 3, line->external_id);
  retour_stmt_bind_id_or_null (stmt, 4, line->product_id);
  retour_stmt_bind_text (stmt, 5, line->sku);
  retour_stmt_bind_text (stmt, 6, line->title);
  retour_stmt_bind_int64 (stmt, 7, line->quantity);
  retour_stmt_bind_int64 (stmt, 8, line->unit_price.minor);
  retour_stmt_bind_int64 (stmt, 9, line->total.minor);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  line->id = retour_stmt_column_int64 (stmt, 0);
  line->order_id = order->id;

  return TRUE;
}

gboolean
retour_catalog_store_upsert_order (RetourDatabase  *db,
                                   RetourOrder     *order,
                                   GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (!require_text (order->number, _("An order needs a number."), error))
    return FALSE;

  if (!retour_currency_is_valid (order->total.currency))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("The order %s has an unknown currency."), order->number);
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  /* A delivery once known stays: a storefront that keeps none (WooCommerce)
   * or has not seen it must not erase the one a carrier or staff gave. */
  stmt = retour_database_prepare (db,
                                  "INSERT INTO \"order\" (id, store_id, external_id, number, customer_id, status, "
                                  "currency, total_minor, ordered_us, fulfilled_us, delivered_us, updated_us, "
                                  "cancelled_us, deleted_upstream, ship_name, ship_address1, ship_address2, "
                                  "ship_postcode, ship_city, ship_country, shipping_minor) "
                                  "VALUES (coalesce (?1, (SELECT id FROM \"order\" WHERE store_id = ?2 AND external_id = ?3)), "
                                  "?2, ?3, ?4, ?5, coalesce (?6, 'completed'), ?7, ?8, ?9, ?10, ?11, "
                                  "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) "
                                  "ON CONFLICT (id) DO UPDATE SET number = excluded.number, "
                                  "customer_id = excluded.customer_id, status = excluded.status, "
                                  "currency = excluded.currency, total_minor = excluded.total_minor, "
                                  "ordered_us = excluded.ordered_us, fulfilled_us = excluded.fulfilled_us, "
                                  "delivered_us = coalesce (excluded.delivered_us, \"order\".delivered_us), "
                                  "updated_us = excluded.updated_us, "
                                  "cancelled_us = excluded.cancelled_us, "
                                  "deleted_upstream = excluded.deleted_upstream, "
                                  "ship_name = excluded.ship_name, ship_address1 = excluded.ship_address1, "
                                  "ship_address2 = excluded.ship_address2, ship_postcode = excluded.ship_postcode, "
                                  "ship_city = excluded.ship_city, ship_country = excluded.ship_country, "
                                  "shipping_minor = excluded.shipping_minor "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_id_or_null (stmt, 1, order->id);
  retour_stmt_bind_id_or_null (stmt, 2, order->store_id);
  retour_stmt_bind_text (stmt, 3, order->external_id);
  retour_stmt_bind_text (stmt, 4, order->number);
  retour_stmt_bind_id_or_null (stmt, 5, order->customer_id);
  retour_stmt_bind_text (stmt, 6, order->status);
  retour_stmt_bind_text (stmt, 7, order->total.currency);
  retour_stmt_bind_int64 (stmt, 8, order->total.minor);
  retour_stmt_bind_int64 (stmt, 9, order->ordered_us);
  retour_stmt_bind_time_or_null (stmt, 10, order->fulfilled_us);
  retour_stmt_bind_time_or_null (stmt, 11, order->delivered_us);
  retour_stmt_bind_int64 (stmt, 12, order->updated_us != 0 ? order->updated_us : order->ordered_us);
  retour_stmt_bind_time_or_null (stmt, 13, order->cancelled_us);
  retour_stmt_bind_int (stmt, 14, order->deleted_upstream);
  retour_stmt_bind_text (stmt, 15, order->ship_name);
  retour_stmt_bind_text (stmt, 16, order->ship_address1);
  retour_stmt_bind_text (stmt, 17, order->ship_address2);
  retour_stmt_bind_text (stmt, 18, order->ship_postcode);
  retour_stmt_bind_text (stmt, 19, order->ship_city);
  retour_stmt_bind_text (stmt, 20, order->ship_country);
  retour_stmt_bind_int64 (stmt, 21, MAX (order->shipping.minor, 0));

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  order->id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < order->lines->len; i++)
    if (!upsert_order_line (db, order, g_ptr_array_index (order->lines, i), error))
      return FALSE;

  return retour_txn_commit (&txn, error);
}

RetourCustomer *
retour_catalog_store_load_customer (RetourDatabase  *db,
                                    gint64           id,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  RetourCustomer *customer;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, store_id, external_id, first_name, last_name, email, phone, "
                                  "language, address1, address2, postcode, city, country "
                                  "FROM customer WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step_row (stmt, _("The customer no longer exists."), error))
    return NULL;

  customer = retour_customer_new ();
  customer->id = retour_stmt_column_int64 (stmt, 0);
  customer->store_id = retour_stmt_column_int64 (stmt, 1);
  customer->external_id = retour_stmt_dup_text (stmt, 2);
  customer->first_name = retour_stmt_dup_text (stmt, 3);
  customer->last_name = retour_stmt_dup_text (stmt, 4);
  customer->email = retour_stmt_dup_text (stmt, 5);
  customer->phone = retour_stmt_dup_text (stmt, 6);
  customer->language = retour_stmt_dup_text (stmt, 7);
  customer->address1 = retour_stmt_dup_text (stmt, 8);
  customer->address2 = retour_stmt_dup_text (stmt, 9);
  customer->postcode = retour_stmt_dup_text (stmt, 10);
  customer->city = retour_stmt_dup_text (stmt, 11);
  customer->country = retour_stmt_dup_text (stmt, 12);

  return customer;
}

RetourProduct *
retour_catalog_store_load_product (RetourDatabase  *db,
                                   gint64           id,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *currency = NULL;
  RetourProduct *product;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, store_id, external_id, sku, title, category, price_minor, "
                                  "currency, on_hand FROM product WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step_row (stmt, _("The product no longer exists."), error))
    return NULL;

  product = retour_product_new ();
  product->id = retour_stmt_column_int64 (stmt, 0);
  product->store_id = retour_stmt_column_int64 (stmt, 1);
  product->external_id = retour_stmt_dup_text (stmt, 2);
  product->sku = retour_stmt_dup_text (stmt, 3);
  product->title = retour_stmt_dup_text (stmt, 4);
  product->category = retour_stmt_dup_text (stmt, 5);
  currency = retour_stmt_dup_text (stmt, 7);
  product->price = retour_money_init (retour_stmt_column_int64 (stmt, 6), currency);
  product->on_hand = retour_stmt_column_int64 (stmt, 8);

  return product;
}

static gpointer
order_line_from_row (RetourStmt *stmt,
                     gpointer    user_data)
{
  RetourOrder *order = user_data;
  RetourOrderLine *line = retour_order_line_new ();

  line->id = retour_stmt_column_int64 (stmt, 0);
  line->order_id = order->id;
  line->external_id = retour_stmt_dup_text (stmt, 1);
  line->product_id = retour_stmt_column_int64 (stmt, 2);
  line->sku = retour_stmt_dup_text (stmt, 3);
  line->title = retour_stmt_dup_text (stmt, 4);
  line->quantity = retour_stmt_column_int (stmt, 5);
  line->unit_price = retour_money_init (retour_stmt_column_int64 (stmt, 6), order->total.currency);
  line->total = retour_money_init (retour_stmt_column_int64 (stmt, 7), order->total.currency);
  line->gone_upstream = retour_stmt_column_int (stmt, 8) != 0;
  line->qty_refunded_upstream = (guint) CLAMP (retour_stmt_column_int64 (stmt, 9), 0, G_MAXINT);

  return line;
}

static gboolean
load_order_lines (RetourDatabase  *db,
                  RetourOrder     *order,
                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT ol.id, ol.external_id, ol.product_id, ol.sku, ol.title, ol.quantity, "
                                  "ol.unit_price_minor, ol.total_minor, ol.gone_upstream, "
                                  "(SELECT coalesce (sum (rl.quantity), 0) FROM refund_line rl "
                                  " WHERE rl.order_line_id = ol.id) "
                                  "FROM order_line ol WHERE ol.order_id = ? ORDER BY ol.id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, order->id);

  return retour_stmt_collect_into (stmt, order->lines, order_line_from_row, order, error);
}

RetourOrder *
retour_catalog_store_load_order (RetourDatabase  *db,
                                 gint64           id,
                                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autofree char *currency = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, store_id, external_id, number, customer_id, status, currency, "
                                  "total_minor, ordered_us, fulfilled_us, delivered_us, updated_us, "
                                  "cancelled_us, deleted_upstream, ship_name, ship_address1, ship_address2, "
                                  "ship_postcode, ship_city, ship_country, shipping_minor "
                                  "FROM \"order\" WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step_row (stmt, _("The order no longer exists."), error))
    return NULL;

  order = retour_order_new ();
  order->id = retour_stmt_column_int64 (stmt, 0);
  order->store_id = retour_stmt_column_int64 (stmt, 1);
  order->external_id = retour_stmt_dup_text (stmt, 2);
  order->number = retour_stmt_dup_text (stmt, 3);
  order->customer_id = retour_stmt_column_int64 (stmt, 4);
  order->status = retour_stmt_dup_text (stmt, 5);
  currency = retour_stmt_dup_text (stmt, 6);
  order->total = retour_money_init (retour_stmt_column_int64 (stmt, 7), currency);
  order->ordered_us = retour_stmt_column_int64 (stmt, 8);
  order->fulfilled_us = retour_stmt_column_int64 (stmt, 9);
  order->delivered_us = retour_stmt_column_int64 (stmt, 10);
  order->updated_us = retour_stmt_column_int64 (stmt, 11);
  order->cancelled_us = retour_stmt_column_int64 (stmt, 12);
  order->deleted_upstream = retour_stmt_column_int (stmt, 13) != 0;
  order->ship_name = retour_stmt_dup_text (stmt, 14);
  order->ship_address1 = retour_stmt_dup_text (stmt, 15);
  order->ship_address2 = retour_stmt_dup_text (stmt, 16);
  order->ship_postcode = retour_stmt_dup_text (stmt, 17);
  order->ship_city = retour_stmt_dup_text (stmt, 18);
  order->ship_country = retour_stmt_dup_text (stmt, 19);
  order->shipping = retour_money_init (retour_stmt_column_int64 (stmt, 20), currency);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!load_order_lines (db, order, error))
    return NULL;

  return g_steal_pointer (&order);
}

static gpointer
text_from_row (RetourStmt *stmt,
               gpointer    user_data)
{
  return retour_stmt_dup_text (stmt, 0);
}

GPtrArray *
retour_catalog_store_list_categories (RetourDatabase  *db,
                                      guint            limit,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  /* min() picks one spelling when a shop wrote "Shoes" and "shoes". */
  stmt = retour_database_prepare (db,
                                  "SELECT min(trim(category)) FROM product "
                                  "WHERE category IS NOT NULL AND trim(category) <> '' "
                                  "GROUP BY lower(trim(category)) "
                                  "ORDER BY lower(trim(category)) LIMIT ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, limit);

  return retour_stmt_collect (stmt, text_from_row, NULL, g_free, error);
}
