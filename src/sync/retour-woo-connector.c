/* retour-woo-connector.c — WooCommerce REST API v3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Paging: offset paging over a list sorted by modification time skips an
 * order whenever one on an earlier page is modified or deleted between
 * requests (the rest shift up by one). So after each full page the next
 * request starts again at page 1 with modified_after set one second before
 * the last order seen (WooCommerce compares whole seconds); orders seen
 * twice are deduplicated by the engine. Only when a whole page shares that
 * second does paging step to the next page number. Stores that do not
 * know orderby=modified get orderby=id and plain paging.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-sync-private.h"
#include "retour-woo-connector.h"

#define IDEMPOTENCY_META_KEY "_retour_idempotency_key"
#define MARKER_META_KEY "_retour_marker"
#define RMA_META_KEY "_retour_rma"

struct _RetourWooConnector
{
  GObject     parent_instance;

  RetourHttp *http;
  char       *base_url;
  char       *authorization;
  char       *key_query;      /* "consumer_key=…&consumer_secret=…", for hosts that drop the header */
  gboolean    keys_in_query;  /* this host drops the Authorization header */
  guint       page_size;
  gboolean    by_id;

  /* The refunds read for the last page, by "ORDER@UPDATED": paging
   * lists the last orders of a page again at the top of the next one,
   * whose refunds need not be asked for twice. */
  GHashTable *recent_refunds;
};

static void connector_iface_init (RetourConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourWooConnector, retour_woo_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_CONNECTOR, connector_iface_init))

static void
retour_woo_connector_finalize (GObject *object)
{
  RetourWooConnector *self = RETOUR_WOO_CONNECTOR (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->recent_refunds, g_hash_table_unref);
  g_clear_pointer (&self->authorization, retour_secret_free);
  g_clear_pointer (&self->key_query, retour_secret_free);

  G_OBJECT_CLASS (retour_woo_connector_parent_class)->finalize (object);
}

static void
retour_woo_connector_class_init (RetourWooConnectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_woo_connector_finalize;
}

static void
retour_woo_connector_init (RetourWooConnector *self)
{
  self->page_size = RETOUR_WOO_PAGE_SIZE;
}

RetourWooConnector *
retour_woo_connector_new (RetourHttp               *http,
                          const char               *base_url,
                          const RetourCredentials  *credentials,
                          GError                  **error)
{
  g_autoptr(RetourWooConnector) self = NULL;
  char *address;
  char *pair, *encoded, *key, *secret;

  g_return_val_if_fail (RETOUR_IS_HTTP (http), NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  address = retour_connector_check_address (base_url, credentials, RETOUR_PLATFORM_WOOCOMMERCE, error);
  if (address == NULL)
    return NULL;

  self = g_object_new (RETOUR_TYPE_WOO_CONNECTOR, NULL);
  self->http = g_object_ref (http);
  self->base_url = address;

  pair = g_strconcat (credentials->consumer_key, ":", credentials->consumer_secret, NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  key = g_uri_escape_string (credentials->consumer_key, NULL, FALSE);
  secret = g_uri_escape_string (credentials->consumer_secret, NULL, FALSE);
  self->key_query = g_strconcat ("consumer_key=", key, "&consumer_secret=", secret, NULL);
  retour_secret_free (pair);
  retour_secret_free (encoded);
  retour_secret_free (key);
  retour_secret_free (secret);

  return g_steal_pointer (&self);
}

void
retour_woo_connector_set_page_size (RetourWooConnector *self,
                                    guint               page_size)
{
  g_return_if_fail (RETOUR_IS_WOO_CONNECTOR (self));
  g_return_if_fail (page_size >= 1 && page_size <= 100);

  self->page_size = page_size;
}

/* ---------------------------------------------------------------- parser */

static char *
join_name (const char *first,
           const char *last)
{
  g_autofree char *name = g_strjoin (" ", first != NULL ? first : "", last != NULL ? last : "", NULL);

  return retour_json_null_if_empty (g_strdup (g_strstrip (name)));
}

static gboolean
parse_customer (JsonObject         *order,
                const char         *order_id,
                RetourSyncedOrder  *synced,
                GError            **error)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourJsonScope) scope = NULL;
  JsonObject *billing;
  gint64 customer_id;

  billing = retour_json_get_object (order, "billing", FALSE, error);
  if (billing == NULL)
    return error == NULL || *error == NULL;

  if (!retour_json_get_int (order, "customer_id", FALSE, 0, &customer_id, error))
    return FALSE;

  scope = retour_json_enter ("billing");
  if (!retour_json_dup_string (billing, "first_name", FALSE, &customer->first_name, error) ||
      !retour_json_dup_string (billing, "last_name", FALSE, &customer->last_name, error) ||
      !retour_json_dup_string (billing, "email", FALSE, &customer->email, error) ||
      !retour_json_dup_string (billing, "phone", FALSE, &customer->phone, error) ||
      !retour_json_dup_string (billing, "address_1", FALSE, &customer->address1, error) ||
      !retour_json_dup_string (billing, "address_2", FALSE, &customer->address2, error) ||
      !retour_json_dup_string (billing, "postcode", FALSE, &customer->postcode, error) ||
      !retour_json_dup_string (billing, "city", FALSE, &customer->city, error) ||
      !retour_json_dup_string (billing, "country", FALSE, &customer->country, error))
    return FALSE;

  customer->email = retour_json_null_if_empty (customer->email);
  customer->phone = retour_json_null_if_empty (customer->phone);
  customer->address1 = retour_json_null_if_empty (customer->address1);
  customer->address2 = retour_json_null_if_empty (customer->address2);
  customer->postcode = retour_json_null_if_empty (customer->postcode);
  customer->city = retour_json_null_if_empty (customer->city);
  customer->country = retour_json_null_if_empty (customer->country);

  if ((customer->first_name == NULL || *customer->first_name == '\0') &&
      (customer->last_name == NULL || *customer->last_name == '\0') &&
      customer->email == NULL)
    return TRUE;

  /* Guests have no account: the same e-mail address is the same person,
   * and without one the order is its own customer. */
  if (customer_id > 0)
    customer->external_id = g_strdup_printf ("%" G_GINT64_FORMAT, customer_id);
  else if (customer->email != NULL)
    customer->external_id = g_strconcat ("guest:", customer->email, NULL);
  else
    customer->external_id = g_strconcat ("order:", order_id, NULL);

  synced->customer = g_steal_pointer (&customer);
  return TRUE;
}

static gboolean
parse_shipping (JsonObject   *object,
                RetourOrder  *order,
                GError      **error)
{
  g_autoptr(RetourJsonScope) scope = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  JsonObject *shipping = retour_json_get_object (object, "shipping", FALSE, error);

  if (shipping == NULL)
    return error == NULL || *error == NULL;

  scope = retour_json_enter ("shipping");

  if (!retour_json_dup_string (shipping, "first_name", FALSE, &first, error) ||
      !retour_json_dup_string (shipping, "last_name", FALSE, &last, error) ||
      !retour_json_dup_string (shipping, "address_1", FALSE, &order->ship_address1, error) ||
      !retour_json_dup_string (shipping, "address_2", FALSE, &order->ship_address2, error) ||
      !retour_json_dup_string (shipping, "postcode", FALSE, &order->ship_postcode, error) ||
      !retour_json_dup_string (shipping, "city", FALSE, &order->ship_city, error) ||
      !retour_json_dup_string (shipping, "country", FALSE, &order->ship_country, error))
    return FALSE;

  order->ship_name = join_name (first, last);
  order->ship_address1 = retour_json_null_if_empty (order->ship_address1);
  order->ship_address2 = retour_json_null_if_empty (order->ship_address2);
  order->ship_postcode = retour_json_null_if_empty (order->ship_postcode);
  order->ship_city = retour_json_null_if_empty (order->ship_city);
  order->ship_country = retour_json_null_if_empty (order->ship_country);

  return TRUE;
}

static gboolean
parse_line (JsonNode           *node,
            const char         *currency,
            RetourSyncedOrder  *synced,
            GHashTable         *products_seen,
            RetourOrderPage    *page,
            GError            **error)
{
  g_autoptr(RetourOrderLine) line = retour_order_line_new ();
  g_autofree char *product_external_id = NULL;
  JsonObject *object;
  gint64 product_id, variation_id, quantity;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return retour_json_invalid (error, "line_items", _("an item is not an object"));
  object = json_node_get_object (node);

  if (!retour_json_dup_string (object, "id", TRUE, &line->external_id, error) ||
      !retour_json_dup_string (object, "name", FALSE, &line->title, error) ||
      !retour_json_dup_string (object, "sku", FALSE, &line->sku, error) ||
      !retour_json_get_int (object, "product_id", FALSE, 0, &product_id, error) ||
      !retour_json_get_int (object, "variation_id", FALSE, 0, &variation_id, error) ||
      !retour_json_get_int (object, "quantity", TRUE, 0, &quantity, error) ||
      !retour_json_get_money (object, "total", currency, TRUE, &line->total, error) ||
      /* The one money field WooCommerce sends as a JSON number. */
      !retour_json_get_money (object, "price", currency, FALSE, &line->unit_price, error))
    return FALSE;

  if (quantity < 0 || quantity > G_MAXINT)
    return retour_json_invalid (error, "quantity", _("out of range"));
  line->quantity = (guint) quantity;
  line->sku = retour_json_null_if_empty (line->sku);
  line->title = retour_json_null_if_empty (line->title);
  if (line->title == NULL)
    line->title = g_strdup (line->sku != NULL ? line->sku : line->external_id);

  if (variation_id > 0)
    product_external_id = g_strdup_printf ("%" G_GINT64_FORMAT, variation_id);
  else if (product_id > 0)
    product_external_id = g_strdup_printf ("%" G_GINT64_FORMAT, product_id);

  if (product_external_id != NULL && !g_hash_table_contains (products_seen, product_external_id))
    {
      RetourProduct *product = retour_product_new ();

      product->external_id = g_strdup (product_external_id);
      product->sku = g_strdup (line->sku);
      product->title = g_strdup (line->title);
      product->price = line->unit_price;
      g_ptr_array_add (page->products, product);
      g_hash_table_add (products_seen, product->external_id);
    }

  g_ptr_array_add (synced->line_product_ids, g_steal_pointer (&product_external_id));
  g_ptr_array_add (synced->order->lines, g_steal_pointer (&line));

  return TRUE;
}

/* The order lists its refunds by id and total only; their items come
 * from GET /orders/{id}/refunds, which the connector asks only for orders
 * that have any: until then @synced->refunds stays NULL. An order without
 * refunds has none, and that is known at once. */
static gboolean
check_refunds (JsonObject         *object,
               const char         *currency,
               RetourSyncedOrder  *synced,
               GError            **error)
{
  JsonArray *refunds = retour_json_get_array (object, "refunds", FALSE, error);

  if (refunds == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (refunds == NULL || json_array_get_length (refunds) == 0)
    {
      synced->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_storefront_refund_free);
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (refunds); i++)
    {
      JsonNode *node = json_array_get_element (refunds, i);
      RetourMoney total;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return retour_json_invalid (error, "refunds", _("an item is not an object"));
      /* Refunds are listed with negative totals. */
      if (!retour_json_get_money (json_node_get_object (node), "total", currency, TRUE, &total, error))
        return FALSE;
      if (total.minor > 0)
        return retour_json_invalid (error, "refunds", _("a refund with a positive total"));
    }

  return TRUE;
}

static RetourSyncedOrder *
parse_order (JsonNode         *node,
             GHashTable       *products_seen,
             RetourOrderPage  *page,
             GError          **error)
{
  g_autoptr(RetourSyncedOrder) synced = retour_synced_order_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *currency = NULL;
  RetourOrder *order = synced->order;
  JsonObject *object;
  JsonArray *lines;

  object = retour_connector_order_object (node, order, error);
  if (object == NULL)
    return NULL;

  if (!retour_json_dup_string (object, "number", FALSE, &order->number, error) ||
      !retour_json_dup_string (object, "status", FALSE, &order->status, error) ||
      !retour_json_dup_string (object, "currency", TRUE, &currency, error))
    goto failed;

  if (!retour_currency_is_valid (currency))
    {
      retour_json_invalid (error, "currency", _("not a currency code"));
      goto failed;
    }

  /* *_gmt fields are UTC without an offset. WooCommerce core knows when
   * an order was completed, which shops do as they ship it: the dispatch,
   * from which Retour estimates the day the customer had the goods. It
   * keeps no delivery (only shipment-tracking plugins do, each its own
   * way), so delivered_us stays unknown and the sync leaves alone one that
   * staff entered. */
  order->shipping = retour_money_init (0, currency);
  if (!retour_json_get_money (object, "total", currency, TRUE, &order->total, error) ||
      !retour_json_get_money (object, "shipping_total", currency, FALSE, &order->shipping, error) ||
      !retour_json_get_time (object, "date_created_gmt", utc, TRUE, &order->ordered_us, error) ||
      !retour_json_get_time (object, "date_modified_gmt", utc, FALSE, &order->updated_us, error) ||
      !retour_json_get_time (object, "date_completed_gmt", utc, FALSE, &order->fulfilled_us, error) ||
      !parse_customer (object, order->external_id, synced, error) ||
      !parse_shipping (object, order, error) ||
      !check_refunds (object, currency, synced, error))
    goto failed;

  retour_connector_order_settle (order);
  if (g_strcmp0 (order->status, "cancelled") == 0)
    order->cancelled_us = order->updated_us;
  /* A trashed order is as good as deleted; its returns stay. */
  order->deleted_upstream = g_strcmp0 (order->status, "trash") == 0;

  lines = retour_json_get_array (object, "line_items", TRUE, error);
  if (lines == NULL)
    goto failed;
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      g_autoptr(RetourJsonScope) scope = retour_json_enter ("line_items[%u]", i);

      if (!parse_line (json_array_get_element (lines, i), currency, synced, products_seen, page, error))
        goto failed;
    }

  return g_steal_pointer (&synced);

failed:
  /* The order is named by whoever keeps the error: a problem of the page
   * carries its number and id. */
  return NULL;
}

static RetourOrderPage *
parse_orders_node (JsonNode  *root,
                   GError   **error)
{
  g_autoptr(RetourOrderPage) page = retour_order_page_new ();
  g_autoptr(GHashTable) products_seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store did not answer with a list of orders."));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(RetourJsonScope) scope = retour_json_enter ("orders[%u]", i);
      g_autoptr(GError) order_error = NULL;
      RetourSyncedOrder *synced = parse_order (node, products_seen, page, &order_error);

      /* One order that cannot be read is kept aside, not the page. */
      if (synced == NULL)
        retour_order_page_add_problem (page, node, "id", "number", order_error);
      else
        g_ptr_array_add (page->orders, synced);
    }

  return g_steal_pointer (&page);
}

RetourOrderPage *
retour_woo_parse_orders (const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = retour_json_parse (data != NULL ? data : "", length, error);
  if (root == NULL)
    return NULL;

  return parse_orders_node (root, error);
}

/* The value of meta_data entry @key of @object (a string, or a number as
 * text), or NULL. */
static char *
dup_meta (JsonObject *object,
          const char *key)
{
  JsonArray *meta = retour_json_get_array (object, "meta_data", FALSE, NULL);

  for (guint i = 0; meta != NULL && i < json_array_get_length (meta); i++)
    {
      JsonNode *entry = json_array_get_element (meta, i);
      g_autofree char *name = NULL;
      char *value = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      if (retour_json_dup_string (json_node_get_object (entry), "key", FALSE, &name, NULL) &&
          g_strcmp0 (name, key) == 0 &&
          retour_json_dup_string (json_node_get_object (entry), "value", FALSE, &value, NULL))
        return value;
    }

  return NULL;
}

/* The order line a refunded item stands for. WooCommerce keeps the link in
 * the item's meta data (_refunded_item_id); without it, the one line of
 * the order with the item's product, if there is exactly one. */
static char *
refunded_line_id (JsonObject         *item,
                  RetourSyncedOrder  *synced,
                  gint64              product_id,
                  gint64              variation_id)
{
  g_autofree char *product = NULL;
  char *line_id = dup_meta (item, "_refunded_item_id");
  guint found = 0;

  if (line_id != NULL)
    return line_id;

  if (variation_id > 0)
    product = g_strdup_printf ("%" G_GINT64_FORMAT, variation_id);
  else if (product_id > 0)
    product = g_strdup_printf ("%" G_GINT64_FORMAT, product_id);
  else
    return NULL;

  for (guint i = 0; i < synced->order->lines->len && i < synced->line_product_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (synced->line_product_ids, i), product) == 0)
      {
        RetourOrderLine *line = g_ptr_array_index (synced->order->lines, i);

        g_free (line_id);
        line_id = g_strdup (line->external_id);
        found++;
      }

  if (found != 1)
    g_clear_pointer (&line_id, g_free);

  return line_id;
}

static gboolean
parse_refund_item (JsonNode                *node,
                   const char              *currency,
                   RetourSyncedOrder       *synced,
                   RetourStorefrontRefund  *refund,
                   GError                 **error)
{
  g_autofree RetourStorefrontRefundLine *line = g_new0 (RetourStorefrontRefundLine, 1);
  JsonObject *object;
  RetourMoney total;
  gint64 quantity, product_id, variation_id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return retour_json_invalid (error, "line_items", _("an item is not an object"));
  object = json_node_get_object (node);

  if (!retour_json_get_int (object, "quantity", FALSE, 0, &quantity, error) ||
      !retour_json_get_int (object, "product_id", FALSE, 0, &product_id, error) ||
      !retour_json_get_int (object, "variation_id", FALSE, 0, &variation_id, error) ||
      !retour_json_get_money (object, "total", currency, FALSE, &total, error))
    return FALSE;

  /* Refunded items are listed with negative quantities and totals. Where
   * a total is missing, the amount asked for (refund_total) is all there
   * is. */
  if (retour_json_get (object, "total") == NULL &&
      !retour_json_get_money (object, "refund_total", currency, FALSE, &total, error))
    return FALSE;
  if (quantity < -G_MAXINT || quantity > G_MAXINT || total.minor == G_MININT64)
    return retour_json_invalid (error, "quantity", _("out of range"));

  line->quantity = (guint) ABS (quantity);
  line->amount = retour_money_init (ABS (total.minor), currency);
  line->line_external_id = refunded_line_id (object, synced, product_id, variation_id);
  if (line->line_external_id == NULL)
    {
      g_debug ("A refunded item of order %s names no line of it", synced->order->external_id);
      return TRUE;
    }

  g_ptr_array_add (refund->lines, g_steal_pointer (&line));
  return TRUE;
}

static RetourStorefrontRefund *
parse_refund (JsonNode           *node,
              const char         *currency,
              RetourSyncedOrder  *synced,
              GError            **error)
{
  g_autoptr(RetourStorefrontRefund) refund = retour_storefront_refund_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  JsonObject *object;
  JsonArray *items;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      retour_json_invalid (error, "refunds", _("an item is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!retour_json_dup_string (object, "id", TRUE, &refund->external_id, error) ||
      !retour_json_get_money (object, "amount", currency, TRUE, &refund->amount, error) ||
      !retour_json_dup_string (object, "reason", FALSE, &refund->reason, error) ||
      !retour_json_get_time (object, "date_created_gmt", utc, FALSE, &refund->created_us, error) ||
      !retour_json_get_bool (object, "refunded_payment", &refund->via_gateway, error))
    return NULL;

  if (refund->amount.minor < 0)
    {
      retour_json_invalid (error, "amount", _("a refund with a negative amount"));
      return NULL;
    }
  refund->reason = retour_json_null_if_empty (refund->reason);
  if (refund->created_us == 0)
    refund->created_us = synced->order->updated_us;
  /* Retour's own write-back carries its key (see build_refund_body ()). */
  refund->idempotency_key = dup_meta (object, IDEMPOTENCY_META_KEY);

  items = retour_json_get_array (object, "line_items", FALSE, error);
  if (items == NULL && error != NULL && *error != NULL)
    return NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    if (!parse_refund_item (json_array_get_element (items, i), currency, synced, refund, error))
      return NULL;

  return g_steal_pointer (&refund);
}

/* Appends the refunds of @root, a GET /orders/{id}/refunds body, to
 * @refunds. */
static gboolean
parse_refunds_node (JsonNode           *root,
                    RetourSyncedOrder  *synced,
                    GPtrArray          *refunds,
                    GError            **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                   _("The store did not answer with a list of refunds for order %s."),
                   synced->order->external_id);
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RetourStorefrontRefund *refund = parse_refund (json_array_get_element (array, i),
                                                     synced->order->total.currency, synced, error);

      if (refund == NULL)
        {
          g_prefix_error (error, _("Refunds of order %s: "), synced->order->external_id);
          return FALSE;
        }
      g_ptr_array_add (refunds, refund);
    }

  return TRUE;
}

gboolean
retour_woo_parse_refunds (const char         *data,
                          gsize               length,
                          RetourSyncedOrder  *synced,
                          GError            **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) refunds = NULL;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (synced != NULL, FALSE);

  root = retour_json_parse (data != NULL ? data : "", length, error);
  if (root == NULL)
    return FALSE;

  refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_storefront_refund_free);
  if (!parse_refunds_node (root, synced, refunds, error))
    return FALSE;

  g_clear_pointer (&synced->refunds, g_ptr_array_unref);
  synced->refunds = g_steal_pointer (&refunds);

  return TRUE;
}

/* ------------------------------------------------------------ HTTP calls */

typedef struct
{
  RetourWooConnector *self;
  gboolean            is_post;
  JsonNode           *root;   /* the parsed body of a successful answer */
  char               *code;   /* WooCommerce's error code of a failed one */
} Call;

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->root, json_node_unref);
  g_clear_pointer (&call->code, g_free);
}

/* {"code": "...", "message": "...", "data": {"status": N}}, or a host's
 * HTML page. */
static char *
error_message (Call               *call,
               RetourHttpResponse *response)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);
  g_autoptr(JsonNode) root = data != NULL ? retour_json_parse (data, length, NULL) : NULL;
  g_autofree char *message = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      g_clear_pointer (&call->code, g_free);
      retour_json_dup_string (object, "code", FALSE, &call->code, NULL);
      retour_json_dup_string (object, "message", FALSE, &message, NULL);
    }

  if (message != NULL && *message != '\0')
    return g_strdup_printf ("%s (HTTP %u)", message, response->status);

  return g_strdup_printf (_("HTTP status %u"), response->status);
}

static RetourHttpVerdict
classify (RetourHttpResponse  *response,
          gint64              *retry_after_us,
          GError             **error,
          gpointer             user_data)
{
  Call *call = user_data;
  g_autofree char *where = retour_http_describe_url (call->self->base_url);
  g_autofree char *message = NULL;
  guint status = response->status;

  call_clear (call);

  if (status >= 200 && status < 300)
    {
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);

      /* A body cut off on the way never gets here: libsoup fails the
       * transfer, and that is tried again. One that arrived whole and does
       * not parse would come back the same. */
      call->root = retour_json_parse (data != NULL ? data : "", length, error);
      return call->root != NULL ? RETOUR_HTTP_DONE : RETOUR_HTTP_FAIL;
    }

  message = error_message (call, response);
  *retry_after_us = retour_http_parse_retry_after (response->headers);

  switch (status)
    {
    case 401:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED,
                   _("The store at %s refused the keys: check the consumer key and secret. %s"), where, message);
      return RETOUR_HTTP_FAIL;
    case 403:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN,
                   _("The keys may not do this at %s: give them Read/Write permission in WooCommerce. %s"),
                   where, message);
      return RETOUR_HTTP_FAIL;
    case 404:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                   _("No WooCommerce API at %s: check the address, and that WordPress permalinks are on. %s"),
                   where, message);
      return RETOUR_HTTP_FAIL;
    case 429:
      /* Rate limited: the request was not processed, even a POST. */
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE, _("Too many requests: %s"), message);
      return RETOUR_HTTP_RETRY;
    case 408:
    case 500:
    case 502:
    case 503:
    case 504:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                   _("The store is not available: %s"), message);
      /* A POST may have been carried out before the failure: the caller
       * looks before it tries again. */
      return call->is_post ? RETOUR_HTTP_FAIL : RETOUR_HTTP_RETRY;
    default:
      g_set_error (error, RETOUR_SYNC_ERROR,
                   status >= 400 && status < 500 ? RETOUR_SYNC_ERROR_REJECTED : RETOUR_SYNC_ERROR_FAILED,
                   _("The store at %s refused the request: %s"), where, message);
      return RETOUR_HTTP_FAIL;
    }
}

/* ------------------------------------------------------------- sending */

/* Every request goes through here. Some hosts (Apache with PHP as CGI)
 * drop the Authorization header before WordPress sees it, and
 * WooCommerce answers 401. Over https (or to this computer) WooCommerce
 * also takes the keys as query parameters: after a 401 the request is
 * sent once more that way, and when that works the connector keeps to it
 * and says so. Over plain http to another host keys are never sent. */

typedef struct
{
  RetourHttpRequest  request;
  char              *url;        /* without keys */
  Call              *call;
  gboolean           tried_query;
} SendData;

static void
send_data_free (SendData *data)
{
  g_free (data->url);
  g_free (data);
}

static void on_sent (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
send_attempt (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  const char *headers[] = { "Authorization", self->authorization, NULL };
  RetourHttpRequest request = data->request;

  if (self->keys_in_query)
    {
      url = g_strconcat (data->url, strchr (data->url, '?') != NULL ? "&" : "?", self->key_query, NULL);
      request.headers = NULL;
    }
  else
    {
      url = g_strdup (data->url);
      request.headers = headers;
    }
  request.url = url;

  retour_http_send_async (self->http, &request, classify, data->call,
                          g_task_get_cancellable (task), on_sent, task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  RetourWooConnector *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  RetourHttpResponse *response;
  GError *error = NULL;

  response = retour_http_send_finish (RETOUR_HTTP (object), result, &error);
  if (response == NULL && !self->keys_in_query && !data->tried_query &&
      g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED) &&
      retour_http_url_is_private (self->base_url))
    {
      g_debug ("%s refused the keys in the Authorization header; sending them as parameters",
               self->base_url);
      g_clear_error (&error);
      data->tried_query = TRUE;
      self->keys_in_query = TRUE;
      send_attempt (task);
      return;
    }

  /* Neither way worked: the keys are wrong, not the header. */
  if (response == NULL && data->tried_query)
    self->keys_in_query = FALSE;

  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) retour_http_response_free);
  g_object_unref (task);
}

/* retour_http_send_async() with the keys, the one way that works. The
 * request's url and body are copied; its headers are set here. */
static void
send_async (RetourWooConnector      *self,
            const RetourHttpRequest *request,
            Call                    *call,
            GCancellable            *cancellable,
            GAsyncReadyCallback      callback,
            gpointer                 user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SendData *data = g_new0 (SendData, 1);

  g_task_set_source_tag (task, send_async);
  data->request = *request;
  data->url = g_strdup (request->url);
  data->request.url = NULL;
  data->call = call;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  send_attempt (task);
}

static RetourHttpResponse *
send_finish (GAsyncResult  *result,
             GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
retour_woo_connector_get_keys_in_query (RetourWooConnector *self)
{
  g_return_val_if_fail (RETOUR_IS_WOO_CONNECTOR (self), FALSE);

  return self->keys_in_query;
}

/* ----------------------------------------------------------- list orders */

typedef struct
{
  Call             call;
  gint64           after_us;
  guint            page;
  gboolean         by_id;
  char            *include;        /* a fetch of these ids, comma-separated; NULL for a listing */

  /* The page listed, while the refunds of its orders are read. */
  RetourOrderPage *result;
  guint            next_order;     /* the next order of @result whose refunds to read */
  guint            refunds_page;   /* of GET /orders/{id}/refunds */
  GPtrArray       *refunds;        /* what the pages so far of that listing hold */
  GHashTable      *read_refunds;   /* becomes the connector's recent_refunds */
} ListData;

static void
list_data_free (ListData *data)
{
  call_clear (&data->call);
  g_free (data->include);
  g_clear_pointer (&data->result, retour_order_page_free);
  g_clear_pointer (&data->refunds, g_ptr_array_unref);
  g_clear_pointer (&data->read_refunds, g_hash_table_unref);
  g_free (data);
}

static char *
refunds_key (RetourSyncedOrder *synced)
{
  return g_strdup_printf ("%s@%" G_GINT64_FORMAT, synced->order->external_id, synced->order->updated_us);
}

static gint64
whole_seconds (gint64 time_us)
{
  return time_us - (time_us % G_USEC_PER_SEC);
}

static void on_list_answer (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
send_list_request (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GString) url = g_string_new (self->base_url);
  RetourHttpRequest request = { "GET", NULL, NULL, NULL, NULL, TRUE };

  if (data->include != NULL)
    g_string_append_printf (url, "/wp-json/wc/v3/orders?per_page=%u&include=%s&dates_are_gmt=true",
                            RETOUR_CONNECTOR_MAX_FETCH, data->include);
  else
    g_string_append_printf (url, "/wp-json/wc/v3/orders?per_page=%u&page=%u&orderby=%s&order=asc&dates_are_gmt=true",
                            self->page_size, data->page, data->by_id ? "id" : "modified");
  if (data->after_us > 0 && data->include == NULL)
    {
      g_autoptr(GDateTime) after = g_date_time_new_from_unix_utc (data->after_us / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (after, "%Y-%m-%dT%H:%M:%S");

      g_string_append_printf (url, "&modified_after=%s", text);
    }

  request.url = url->str;
  send_async (self, &request, &data->call,
                          g_task_get_cancellable (task), on_list_answer, task);
}

static gint64 header_int (SoupMessageHeaders *headers,
                          const char         *name);

/* Per page of refunds: WooCommerce's most. */
#define REFUNDS_PAGE_SIZE 100

static void read_next_refunds (GTask *task);

static void
on_refunds_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  RetourSyncedOrder *synced = g_ptr_array_index (data->result->orders, data->next_order);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total_pages;
  guint before;

  response = send_finish (result, &error);
  if (response == NULL)
    {
      /* Deleted since it was listed: its refunds stay as they were, and
       * the next full run finds the order gone. */
      if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND) &&
          g_strcmp0 (data->call.code, "woocommerce_rest_shop_order_invalid_id") == 0)
        {
          g_debug ("Order %s is gone; its refunds were not read", synced->order->external_id);
          g_clear_pointer (&data->refunds, g_ptr_array_unref);
          data->next_order++;
          read_next_refunds (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  before = data->refunds->len;
  if (!parse_refunds_node (data->call.root, synced, data->refunds, &error))
    {
      /* As an order that cannot be read: kept aside and asked for again
       * by the next sync, while the rest of the page goes on. */
      RetourSyncProblem *problem = retour_sync_problem_new ();

      problem->external_id = g_strdup (synced->order->external_id);
      problem->order_number = g_strdup (synced->order->number);
      problem->message = g_strdup (error->message);
      g_ptr_array_add (data->result->problems, problem);
      g_ptr_array_remove_index (data->result->orders, data->next_order);
      g_clear_pointer (&data->refunds, g_ptr_array_unref);
      read_next_refunds (g_steal_pointer (&task));
      return;
    }

  total_pages = header_int (response->headers, "X-WP-TotalPages");
  if (data->refunds->len - before >= REFUNDS_PAGE_SIZE &&
      (total_pages < 0 || data->refunds_page < (guint64) total_pages))
    {
      data->refunds_page++;
    }
  else
    {
      synced->refunds = g_steal_pointer (&data->refunds);
      g_hash_table_insert (data->read_refunds, refunds_key (synced), g_ptr_array_ref (synced->refunds));
      data->next_order++;
    }

  read_next_refunds (g_steal_pointer (&task));
}

/* Reads the refunds of the orders of the page that have any, one order
 * (and one page of its refunds) at a time, then returns the page. */
static void
read_next_refunds (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  RetourHttpRequest request = { "GET", NULL, NULL, NULL, NULL, TRUE };
  g_autofree char *order_id = NULL;
  g_autofree char *url = NULL;
  RetourSyncedOrder *synced = NULL;

  if (data->read_refunds == NULL)
    data->read_refunds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);

  while (data->next_order < data->result->orders->len)
    {
      g_autofree char *key = NULL;
      GPtrArray *known;

      synced = g_ptr_array_index (data->result->orders, data->next_order);
      if (synced->refunds == NULL)
        {
          key = refunds_key (synced);
          known = self->recent_refunds != NULL ? g_hash_table_lookup (self->recent_refunds, key) : NULL;
          if (known == NULL)
            break;
          /* Only read from here on: the page and the cache share it. */
          synced->refunds = g_ptr_array_ref (known);
          g_hash_table_insert (data->read_refunds, g_steal_pointer (&key), g_ptr_array_ref (known));
        }
      data->next_order++;
      synced = NULL;
    }

  if (synced == NULL)
    {
      g_clear_pointer (&self->recent_refunds, g_hash_table_unref);
      self->recent_refunds = g_steal_pointer (&data->read_refunds);
      g_task_return_pointer (task, g_steal_pointer (&data->result), (GDestroyNotify) retour_order_page_free);
      g_object_unref (task);
      return;
    }

  if (data->refunds == NULL)
    {
      data->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_storefront_refund_free);
      data->refunds_page = 1;
    }

  order_id = g_uri_escape_string (synced->order->external_id, NULL, FALSE);
  url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%s/refunds?per_page=%u&page=%u",
                         self->base_url, order_id, REFUNDS_PAGE_SIZE, data->refunds_page);
  request.url = url;
  data->call.is_post = FALSE;
  send_async (self, &request, &data->call,
                          g_task_get_cancellable (task), on_refunds_answer, task);
}

static gint64
header_int (SoupMessageHeaders *headers,
            const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);
  guint64 number;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &number, NULL))
    return -1;

  return (gint64) number;
}

static void
on_list_answer (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RetourWooConnector *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(RetourOrderPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total_pages, last_us = 0;
  guint n;

  response = send_finish (result, &error);
  if (response == NULL)
    {
      /* Older WooCommerce does not sort by modification time. */
      if (!data->by_id && g_strcmp0 (data->call.code, "rest_invalid_param") == 0)
        {
          g_debug ("The store does not sort orders by modification time; sorting by id");
          self->by_id = TRUE;
          data->by_id = TRUE;
          data->page = 1;
          send_list_request (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  page = parse_orders_node (data->call.root, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A fetch by id is one page of its own, and moves no watermark. */
  if (data->include != NULL)
    {
      data->result = g_steal_pointer (&page);
      data->next_order = 0;
      read_next_refunds (g_steal_pointer (&task));
      return;
    }

  page->total = header_int (response->headers, "X-WP-Total");
  total_pages = header_int (response->headers, "X-WP-TotalPages");
  /* Orders that could not be read still filled the page. */
  n = page->orders->len + page->problems->len;
  for (guint i = 0; i < page->orders->len; i++)
    last_us = MAX (last_us, ((RetourSyncedOrder *) g_ptr_array_index (page->orders, i))->order->updated_us);

  if (n < self->page_size || (total_pages >= 0 && data->page >= (guint64) total_pages))
    {
      /* The end: every change up to the newest one seen is here. */
      page->next_cursor = NULL;
      page->watermark_us = data->by_id ? 0 : last_us;
    }
  else if (data->by_id)
    {
      page->next_cursor = g_strdup_printf ("i:%" G_GINT64_FORMAT ":%u", data->after_us, data->page + 1);
    }
  else
    {
      gint64 next_after = whole_seconds (last_us) - G_USEC_PER_SEC;

      if (next_after > data->after_us)
        {
          page->next_cursor = g_strdup_printf ("m:%" G_GINT64_FORMAT ":1", next_after);
          page->watermark_us = next_after;
        }
      else
        {
          page->next_cursor = g_strdup_printf ("m:%" G_GINT64_FORMAT ":%u", data->after_us, data->page + 1);
        }
    }

  data->result = g_steal_pointer (&page);
  data->next_order = 0;
  read_next_refunds (g_steal_pointer (&task));
}

static gboolean
parse_cursor (const char *cursor,
              ListData   *data)
{
  g_auto(GStrv) parts = g_strsplit (cursor, ":", 3);
  gint64 after;
  guint64 page;

  if (g_strv_length (parts) != 3 ||
      (!g_str_equal (parts[0], "m") && !g_str_equal (parts[0], "i")) ||
      !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, &after, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXUINT32, &page, NULL))
    return FALSE;

  data->by_id = g_str_equal (parts[0], "i");
  data->after_us = after;
  data->page = (guint) page;

  return TRUE;
}

static void
retour_woo_connector_list_orders_async (RetourConnector     *connector,
                                        gint64               since_us,
                                        const char          *cursor,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RetourWooConnector *self = RETOUR_WOO_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, retour_woo_connector_list_orders_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  data->call.self = self;
  data->after_us = MAX (since_us, 0);
  data->page = 1;
  data->by_id = self->by_id;

  if (cursor != NULL && !parse_cursor (cursor, data))
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FAILED,
                               _("The sync cannot continue from where it stopped; start it again."));
      g_object_unref (task);
      return;
    }

  send_list_request (task);
}

static void
retour_woo_connector_fetch_orders_async (RetourConnector     *connector,
                                         const char * const  *external_ids,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  RetourWooConnector *self = RETOUR_WOO_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);
  g_autoptr(GString) include = g_string_new (NULL);

  g_task_set_source_tag (task, retour_woo_connector_fetch_orders_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  data->call.self = self;
  data->page = 1;

  /* WooCommerce ids are numbers; anything else cannot be one of its. */
  for (guint i = 0; external_ids[i] != NULL; i++)
    if (g_ascii_string_to_unsigned (external_ids[i], 10, 1, G_MAXINT64, NULL, NULL))
      g_string_append_printf (include, "%s%s", include->len > 0 ? "," : "", external_ids[i]);

  if (include->len == 0)
    {
      g_task_return_pointer (task, retour_order_page_new (), (GDestroyNotify) retour_order_page_free);
      g_object_unref (task);
      return;
    }

  data->include = g_string_free (g_steal_pointer (&include), FALSE);
  send_list_request (task);
}

/* ------------------------------------------------------------ write-back */

typedef struct
{
  Call    call;
  char   *order_id;
  char   *key;
  GBytes *body;
  guint   posts;
} RefundData;

static void
refund_data_free (RefundData *data)
{
  call_clear (&data->call);
  g_free (data->order_id);
  g_free (data->key);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

static void add_json_id (JsonBuilder *builder,
                         const char  *id);

static GBytes *
build_refund_body (RetourWriteBack *write_back,
                   gboolean         via_gateway)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *amount = retour_money_to_string (write_back->amount);
  gboolean restock = FALSE;
  char *text;
  gsize length;

  for (guint i = 0; i < write_back->lines->len; i++)
    restock |= ((RetourWriteBackLine *) g_ptr_array_index (write_back->lines, i))->restock;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, write_back->reason != NULL ? write_back->reason : "");
  /* WooCommerce's default (true) would pay through the gateway. */
  json_builder_set_member_name (builder, "api_refund");
  json_builder_add_boolean_value (builder, via_gateway);
  json_builder_set_member_name (builder, "api_restock");
  json_builder_add_boolean_value (builder, restock);
  json_builder_set_member_name (builder, "line_items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < write_back->lines->len; i++)
    {
      RetourWriteBackLine *line = g_ptr_array_index (write_back->lines, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      add_json_id (builder, line->line_external_id);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, line->quantity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, IDEMPOTENCY_META_KEY);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, write_back->idempotency_key);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static void
add_json_id (JsonBuilder *builder,
             const char  *id)
{
  gint64 number;

  if (g_ascii_string_to_signed (id, 10, 1, G_MAXINT64, &number, NULL))
    json_builder_add_int_value (builder, number);
  else
    json_builder_add_string_value (builder, id);
}

/* The id of the refund of @json_node carrying our idempotency key. */
static char *
find_refund (JsonNode   *root,
             const char *key)
{
  JsonArray *refunds;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  refunds = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (refunds); i++)
    {
      JsonNode *node = json_array_get_element (refunds, i);
      g_autofree char *value = NULL;
      char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      value = dup_meta (json_node_get_object (node), IDEMPOTENCY_META_KEY);
      if (g_strcmp0 (value, key) == 0 &&
          retour_json_dup_string (json_node_get_object (node), "id", TRUE, &id, NULL))
        return id;
    }

  return NULL;
}

static void send_refund_lookup (GTask *task);

static void
on_refund_posted (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  response = send_finish (result, &error);
  if (response != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (data->call.root) &&
          retour_json_dup_string (json_node_get_object (data->call.root), "id", TRUE, &id, NULL))
        {
          g_task_return_pointer (task, id, g_free);
          return;
        }
      /* Created, but the answer was unreadable: the lookup finds it. */
      g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store’s answer to the refund could not be read."));
    }

  if (!retour_connector_outcome_unknown (data->call.self->http, error, data->posts))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The answer is unknown: the refund may exist. Look before posting
   * again. */
  g_debug ("Refund POST failed (%s); looking for it before trying again", error->message);
  send_refund_lookup (g_steal_pointer (&task));
}

static void
on_refund_lookup (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RetourWooConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  RetourHttpRequest request = { "POST", NULL, "application/json", NULL, NULL, FALSE };
  GCancellable *cancellable;
  char *id;

  response = send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = find_refund (data->call.root, data->key);
  if (id != NULL)
    {
      g_task_return_pointer (task, id, g_free);
      return;
    }

  data->posts++;
  data->call.is_post = TRUE;
  url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%s/refunds", self->base_url, data->order_id);
  request.url = url;
  request.body = data->body;
  cancellable = g_task_get_cancellable (task);
  send_async (self, &request, &data->call,
                          cancellable, on_refund_posted, g_steal_pointer (&task));
}

static void
send_refund_lookup (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%s/refunds?per_page=100",
                                          self->base_url, data->order_id);
  RetourHttpRequest request = { "GET", url, NULL, NULL, NULL, TRUE };

  data->call.is_post = FALSE;
  send_async (self, &request, &data->call,
                          g_task_get_cancellable (task), on_refund_lookup, task);
}

static void
retour_woo_connector_create_refund_async (RetourConnector     *connector,
                                          RetourWriteBack     *write_back,
                                          gboolean             via_gateway,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RetourWooConnector *self = RETOUR_WOO_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RefundData *data = g_new0 (RefundData, 1);

  g_task_set_source_tag (task, retour_woo_connector_create_refund_async);
  g_task_set_task_data (task, data, (GDestroyNotify) refund_data_free);
  data->call.self = self;
  data->order_id = g_uri_escape_string (write_back->order_external_id, NULL, FALSE);
  data->key = g_strdup (write_back->idempotency_key);
  data->body = build_refund_body (write_back, via_gateway);

  send_refund_lookup (task);
}

/* --------------------------------------------------------- order notes */

typedef struct
{
  Call    call;
  char   *order_id;
  char   *note;
  GBytes *body;
  guint   posts;
} NoteData;

static void
note_data_free (NoteData *data)
{
  call_clear (&data->call);
  g_free (data->order_id);
  g_free (data->note);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

/* The id of the customer note in @root (a GET /notes body) with @text. */
static char *
find_note (JsonNode   *root,
           const char *text)
{
  JsonArray *notes;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  notes = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (notes); i++)
    {
      JsonNode *node = json_array_get_element (notes, i);
      g_autofree char *note = NULL;
      char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_get_boolean_member_with_default (json_node_get_object (node), "customer_note", FALSE))
        continue;
      if (retour_json_dup_string (json_node_get_object (node), "note", FALSE, &note, NULL) &&
          g_strcmp0 (note, text) == 0 &&
          retour_json_dup_string (json_node_get_object (node), "id", TRUE, &id, NULL))
        return id;
    }

  return NULL;
}

static void send_note_lookup (GTask *task);

static void
on_note_posted (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NoteData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  response = send_finish (result, &error);
  if (response != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (data->call.root) &&
          retour_json_dup_string (json_node_get_object (data->call.root), "id", TRUE, &id, NULL))
        {
          g_task_return_pointer (task, id, g_free);
          return;
        }
      g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store’s answer to the order note could not be read."));
    }

  if (!retour_connector_outcome_unknown (data->call.self->http, error, data->posts))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The note may have been made: look before posting again, so that the
   * customer is not mailed twice. */
  g_debug ("Order note POST failed (%s); looking for it before trying again", error->message);
  send_note_lookup (g_steal_pointer (&task));
}

static void
on_note_lookup (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RetourWooConnector *self = g_task_get_source_object (task);
  NoteData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  RetourHttpRequest request = { "POST", NULL, "application/json", NULL, NULL, FALSE };
  GCancellable *cancellable;
  char *id;

  response = send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = find_note (data->call.root, data->note);
  if (id != NULL)
    {
      g_task_return_pointer (task, id, g_free);
      return;
    }

  data->posts++;
  data->call.is_post = TRUE;
  url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%s/notes", self->base_url, data->order_id);
  request.url = url;
  request.body = data->body;
  cancellable = g_task_get_cancellable (task);
  send_async (self, &request, &data->call, cancellable, on_note_posted, g_steal_pointer (&task));
}

static void
send_note_lookup (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  NoteData *data = g_task_get_task_data (task);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%s/notes?type=customer",
                                          self->base_url, data->order_id);
  RetourHttpRequest request = { "GET", url, NULL, NULL, NULL, TRUE };

  data->call.is_post = FALSE;
  send_async (self, &request, &data->call, g_task_get_cancellable (task), on_note_lookup, task);
}

void
retour_woo_connector_add_note_async (RetourWooConnector  *self,
                                     const char          *order_external_id,
                                     const char          *note,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  NoteData *data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  g_return_if_fail (RETOUR_IS_WOO_CONNECTOR (self));
  g_return_if_fail (order_external_id != NULL && note != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_woo_connector_add_note_async);
  data = g_new0 (NoteData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) note_data_free);
  data->call.self = self;
  data->order_id = g_uri_escape_string (order_external_id, NULL, FALSE);
  data->note = g_strdup (note);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, note);
  json_builder_set_member_name (builder, "customer_note");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  data->body = g_bytes_new_take (text, length);

  send_note_lookup (task);
}

char *
retour_woo_connector_add_note_finish (RetourWooConnector  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_woo_connector_add_note_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----------------------------------------------------------- resolutions */

/* An exchange is a new order (POST /orders) whose parent is the order the
 * items came back from: GET /orders?parent= finds it again, by the
 * marker in its meta data, after an answer that was lost. WooCommerce
 * core has no store credit; it is a single-use coupon (POST /coupons)
 * whose code is made from the marker, so GET /coupons?code= finds it. */

typedef struct
{
  Call                    call;
  RetourStoreResolution  *resolution;  /* a copy of what the connector needs, owned */
  char                   *code;        /* a coupon's */
  JsonNode               *original;    /* the order the items came back from, once read */
  guint                   posts;
} ResolutionData;

static void
resolution_data_free (ResolutionData *data)
{
  call_clear (&data->call);
  retour_store_resolution_free (data->resolution);
  g_free (data->code);
  g_clear_pointer (&data->original, json_node_unref);
  g_free (data);
}

static RetourStoreResolution *
copy_resolution (const RetourStoreResolution *resolution)
{
  RetourStoreResolution *copy = retour_store_resolution_new (resolution->kind);

  copy->amount = resolution->amount;
  copy->difference = resolution->difference;
  copy->marker = g_strdup (resolution->marker);
  copy->rma_number = g_strdup (resolution->rma_number);
  copy->order_external_id = g_strdup (resolution->order_external_id);
  copy->order_number = g_strdup (resolution->order_number);
  copy->customer_external_id = g_strdup (resolution->customer_external_id);
  copy->customer_email = g_strdup (resolution->customer_email);
  copy->expires_us = resolution->expires_us;
  for (guint i = 0; i < resolution->items->len; i++)
    {
      const RetourExchangeItem *item = g_ptr_array_index (resolution->items, i);

      g_ptr_array_add (copy->items, retour_exchange_item_new (item->variant_external_id, item->title,
                                                              item->quantity, item->unit_price));
    }

  return copy;
}

static void
add_meta (JsonBuilder *builder,
          const char  *key,
          const char  *value)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value != NULL ? value : "");
  json_builder_end_object (builder);
}

static GBytes *
builder_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* The new order: the replacement items at their price, less a fee line
 * of what came back (at most their price), so that the customer pays
 * only what the exchange costs more. Nothing to pay: processing, paid.
 * Something: pending payment, for its payment link. */
static GBytes *
build_exchange_body (ResolutionData *data)
{
  const RetourStoreResolution *resolution = data->resolution;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *original = data->original != NULL && JSON_NODE_HOLDS_OBJECT (data->original)
                         ? json_node_get_object (data->original) : NULL;
  gint64 credit_minor = resolution->amount.minor - MAX (resolution->difference.minor, 0);
  gboolean pays = resolution->difference.minor > 0;
  g_autofree char *credit = NULL;
  g_autofree char *fee_name = NULL;
  gint64 customer_id = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, pays ? "pending" : "processing");
  json_builder_set_member_name (builder, "set_paid");
  json_builder_add_boolean_value (builder, !pays);
  json_builder_set_member_name (builder, "parent_id");
  add_json_id (builder, resolution->order_external_id);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, resolution->amount.currency);

  if (original != NULL)
    {
      const char * const copied[] = { "billing", "shipping" };

      for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
        {
          JsonNode *node = json_object_get_member (original, copied[i]);

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            {
              json_builder_set_member_name (builder, copied[i]);
              json_builder_add_value (builder, json_node_copy (node));
            }
        }
      retour_json_get_int (original, "customer_id", FALSE, 0, &customer_id, NULL);
    }
  json_builder_set_member_name (builder, "customer_id");
  json_builder_add_int_value (builder, MAX (customer_id, 0));

  json_builder_set_member_name (builder, "line_items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < resolution->items->len; i++)
    {
      const RetourExchangeItem *item = g_ptr_array_index (resolution->items, i);

      /* A variation's id serves as product_id: WooCommerce finds the
       * variation, and Retour keeps no parent ids. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "product_id");
      add_json_id (builder, item->variant_external_id);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, item->quantity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (credit_minor > 0)
    {
      credit = retour_money_to_string (retour_money_init (-credit_minor, resolution->amount.currency));
      /* Translators: %s is an RMA number; this names a line of the new
       * order in the shop. */
      fee_name = g_strdup_printf (_("Exchange for return %s"), resolution->rma_number);
      json_builder_set_member_name (builder, "fee_lines");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, fee_name);
      json_builder_set_member_name (builder, "total");
      json_builder_add_string_value (builder, credit);
      json_builder_set_member_name (builder, "tax_status");
      json_builder_add_string_value (builder, "none");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  add_meta (builder, MARKER_META_KEY, resolution->marker);
  add_meta (builder, RMA_META_KEY, resolution->rma_number);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_bytes (builder);
}

static GBytes *
build_coupon_body (ResolutionData *data)
{
  const RetourStoreResolution *resolution = data->resolution;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *amount = retour_money_to_string (resolution->amount);
  g_autofree char *description = NULL;

  /* Translators: %s is an RMA number; the coupon's description in the shop. */
  description = g_strdup_printf (_("Store credit for return %s"), resolution->rma_number);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, data->code);
  json_builder_set_member_name (builder, "discount_type");
  json_builder_add_string_value (builder, "fixed_cart");
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "usage_limit");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "usage_limit_per_user");
  json_builder_add_int_value (builder, 1);
  if (resolution->customer_email != NULL)
    {
      json_builder_set_member_name (builder, "email_restrictions");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, resolution->customer_email);
      json_builder_end_array (builder);
    }
  if (resolution->expires_us > 0)
    {
      g_autoptr(GDateTime) expires = g_date_time_new_from_unix_utc (resolution->expires_us / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S");

      json_builder_set_member_name (builder, "date_expires_gmt");
      json_builder_add_string_value (builder, text);
    }
  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  add_meta (builder, MARKER_META_KEY, resolution->marker);
  add_meta (builder, RMA_META_KEY, resolution->rma_number);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_bytes (builder);
}

/* The outcome of an order or coupon object, NULL when it is not ours. */
static RetourResolutionOutcome *
outcome_of (JsonNode   *node,
            const char *marker,
            gboolean    coupon)
{
  g_autoptr(RetourResolutionOutcome) outcome = NULL;
  g_autofree char *found = NULL;
  g_autofree char *number = NULL;
  g_autofree char *status = NULL;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  found = dup_meta (object, MARKER_META_KEY);
  if (g_strcmp0 (found, marker) != 0)
    return NULL;

  outcome = g_new0 (RetourResolutionOutcome, 1);
  if (!retour_json_dup_string (object, "id", TRUE, &outcome->external_id, NULL))
    return NULL;
  if (coupon)
    {
      retour_json_dup_string (object, "code", FALSE, &outcome->code, NULL);
      return g_steal_pointer (&outcome);
    }

  retour_json_dup_string (object, "number", FALSE, &number, NULL);
  outcome->code = g_strconcat ("#", number != NULL ? number : outcome->external_id, NULL);
  retour_json_dup_string (object, "status", FALSE, &status, NULL);
  if (g_strcmp0 (status, "pending") == 0)
    {
      retour_json_dup_string (object, "payment_url", FALSE, &outcome->payment_url, NULL);
      outcome->payment_url = retour_json_null_if_empty (outcome->payment_url);
    }

  return g_steal_pointer (&outcome);
}

static RetourResolutionOutcome *
find_outcome (JsonNode   *root,
              const char *marker,
              gboolean    coupon)
{
  JsonArray *list;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      RetourResolutionOutcome *outcome = outcome_of (json_array_get_element (list, i), marker, coupon);

      if (outcome != NULL)
        return outcome;
    }

  return NULL;
}

static gboolean
is_coupon (ResolutionData *data)
{
  return data->resolution->kind == RETOUR_STORE_RESOLUTION_COUPON;
}

static void send_resolution_lookup (GTask *task);

static void
on_resolution_posted (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolutionData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  RetourResolutionOutcome *outcome;

  response = send_finish (result, &error);
  if (response != NULL)
    {
      outcome = outcome_of (data->call.root, data->resolution->marker, is_coupon (data));
      if (outcome != NULL)
        {
          g_task_return_pointer (task, outcome, (GDestroyNotify) retour_resolution_outcome_free);
          return;
        }
      g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store’s answer could not be read."));
    }

  if (!retour_connector_outcome_unknown (data->call.self->http, error, data->posts))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Resolution POST failed (%s); looking for it before trying again", error->message);
  send_resolution_lookup (g_steal_pointer (&task));
}

static void
post_resolution (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  ResolutionData *data = g_task_get_task_data (task);
  g_autofree char *url = g_strdup_printf ("%s/wp-json/wc/v3/%s", self->base_url,
                                          is_coupon (data) ? "coupons" : "orders");
  g_autoptr(GBytes) body = is_coupon (data) ? build_coupon_body (data) : build_exchange_body (data);
  RetourHttpRequest request = { "POST", url, "application/json", body, NULL, FALSE };

  data->posts++;
  data->call.is_post = TRUE;
  send_async (self, &request, &data->call, g_task_get_cancellable (task), on_resolution_posted, task);
}

static void
on_original_read (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolutionData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->original = g_steal_pointer (&data->call.root);
  post_resolution (g_steal_pointer (&task));
}

static void
on_resolution_lookup (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RetourWooConnector *self = g_task_get_source_object (task);
  ResolutionData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *order_id = NULL;
  RetourHttpRequest request = { "GET", NULL, NULL, NULL, NULL, TRUE };
  RetourResolutionOutcome *outcome;
  GCancellable *cancellable;

  response = send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  outcome = find_outcome (data->call.root, data->resolution->marker, is_coupon (data));
  if (outcome != NULL)
    {
      g_task_return_pointer (task, outcome, (GDestroyNotify) retour_resolution_outcome_free);
      return;
    }

  /* The new order ships to where the first one went, and belongs to the
   * same customer. */
  if (!is_coupon (data) && data->original == NULL)
    {
      order_id = g_uri_escape_string (data->resolution->order_external_id, NULL, FALSE);
      url = g_strdup_printf ("%s/wp-json/wc/v3/orders/%s", self->base_url, order_id);
      request.url = url;
      data->call.is_post = FALSE;
      cancellable = g_task_get_cancellable (task);
      send_async (self, &request, &data->call, cancellable, on_original_read, g_steal_pointer (&task));
      return;
    }

  post_resolution (g_steal_pointer (&task));
}

static void
send_resolution_lookup (GTask *task)
{
  RetourWooConnector *self = g_task_get_source_object (task);
  ResolutionData *data = g_task_get_task_data (task);
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  RetourHttpRequest request = { "GET", NULL, NULL, NULL, NULL, TRUE };

  if (is_coupon (data))
    {
      escaped = g_uri_escape_string (data->code, NULL, FALSE);
      url = g_strdup_printf ("%s/wp-json/wc/v3/coupons?code=%s", self->base_url, escaped);
    }
  else
    {
      escaped = g_uri_escape_string (data->resolution->order_external_id, NULL, FALSE);
      url = g_strdup_printf ("%s/wp-json/wc/v3/orders?parent=%s&per_page=100&status=any",
                             self->base_url, escaped);
    }
  request.url = url;
  data->call.is_post = FALSE;
  send_async (self, &request, &data->call, g_task_get_cancellable (task), on_resolution_lookup, task);
}

static void
retour_woo_connector_carry_out_resolution_async (RetourConnector        *connector,
                                                 RetourStoreResolution  *resolution,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data)
{
  RetourWooConnector *self = RETOUR_WOO_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ResolutionData *data = g_new0 (ResolutionData, 1);

  g_task_set_source_tag (task, retour_woo_connector_carry_out_resolution_async);
  g_task_set_task_data (task, data, (GDestroyNotify) resolution_data_free);
  data->call.self = self;
  data->resolution = copy_resolution (resolution);
  data->code = retour_store_resolution_code_for_marker (resolution->marker);

  send_resolution_lookup (task);
}

static void
connector_iface_init (RetourConnectorInterface *iface)
{
  iface->list_orders_async = retour_woo_connector_list_orders_async;
  iface->create_refund_async = retour_woo_connector_create_refund_async;
  iface->fetch_orders_async = retour_woo_connector_fetch_orders_async;
  iface->carry_out_resolution_async = retour_woo_connector_carry_out_resolution_async;
}
