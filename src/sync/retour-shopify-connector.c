/* retour-shopify-connector.c — Shopify GraphQL Admin API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Idempotent write-back: refundCreate (in the pinned version) takes no
 * idempotency key, so the refund's note carries "[retour:KEY]" and, after
 * an answer that was lost, the order's refunds are searched for it before
 * the mutation is sent again.
 *
 * The return itself goes first, with returnCreate: Shopify only takes a
 * return of items not refunded yet. It is one per RMA, however many
 * refunds the RMA has, so the reason note of each of its lines carries
 * "[retour:RMA NUMBER]", and the order's returns are searched for it
 * before a return is created, and again after a lost answer. The same
 * query reads the order's returnable fulfillment line items, which a
 * return is made of: they are read when needed rather than synced, since
 * what can still be returned changes with every fulfillment and return.
 * A refund without a return (keep-it), or of items Shopify holds no
 * longer returnable (never shipped, or returned in Shopify's admin),
 * creates no return.
 *
 * Without the read_all_orders scope Shopify lists only the orders of the
 * last 60 days; the first page of each listing asks which scopes the
 * token has, and every page says from when orders are listed, so that a
 * full run does not take older orders for deleted ones.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-shopify-connector.h"
#include "retour-sync-private.h"

#define LINE_FIELDS \
  "id name sku quantity currentQuantity refundableQuantity " \
  "originalUnitPriceSet { shopMoney { amount currencyCode } } variant { id } product { id }"

static const char orders_query[] =
  "query RetourOrders($first: Int!, $after: String, $query: String, $lines: Int!, $scopes: Boolean!) {"
  " currentAppInstallation @include(if: $scopes) { accessScopes { handle } }"
  " orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id name createdAt updatedAt cancelledAt displayFulfillmentStatus currencyCode email phone"
  "   currentTotalPriceSet { shopMoney { amount currencyCode } }"
  "   customer { id firstName lastName email phone }"
  "   shippingAddress { name address1 address2 city zip countryCodeV2 }"
  "   lineItems(first: $lines) { pageInfo { hasNextPage endCursor } nodes { " LINE_FIELDS " } } } } }";

static const char lines_query[] =
  "query RetourOrderLines($id: ID!, $after: String) {"
  " order(id: $id) { lineItems(first: 100, after: $after) {"
  "  pageInfo { hasNextPage endCursor } nodes { " LINE_FIELDS " } } } }";

static const char refunds_query[] =
  "query RetourOrderRefunds($id: ID!) { order(id: $id) { refunds(first: 250) { id note } } }";

static const char refund_mutation[] =
  "mutation RetourRefundCreate($input: RefundInput!) {"
  " refundCreate(input: $input) { refund { id } userErrors { field message } } }";

static const char returns_query[] =
  "query RetourOrderReturns($id: ID!) {"
  " order(id: $id) { returns(first: 50) { nodes { id name"
  "  returnLineItems(first: 50) { nodes { returnReasonNote } } } } }"
  " returnableFulfillments(orderId: $id, first: 50) { nodes {"
  "  returnableFulfillmentLineItems(first: 250) { nodes { quantity"
  "   fulfillmentLineItem { id lineItem { id } } } } } } }";

static const char return_mutation[] =
  "mutation RetourReturnCreate($input: ReturnInput!) {"
  " returnCreate(returnInput: $input) { return { id name } userErrors { field message } } }";

/* How far back Shopify lists orders without read_all_orders, less a day
 * for an order that ages out while a run pages. */
#define LISTED_DAYS 59

/* Shopify's limit on a return line's reason note. */
#define REASON_NOTE_MAX_CHARS 255

typedef enum
{
  SCOPE_UNKNOWN,
  SCOPE_RECENT_ORDERS,   /* the last 60 days only */
  SCOPE_ALL_ORDERS,      /* read_all_orders */
} OrderScope;

struct _RetourShopifyConnector
{
  GObject     parent_instance;

  RetourHttp *http;
  char       *base_url;
  char       *endpoint;
  char       *token;
  guint       page_size;
  guint       line_page_size;
  gint64      not_before_us;  /* monotonic: the cost bucket is empty until then */
  OrderScope  order_scope;    /* as the first page of the last listing said */
};

static void connector_iface_init (RetourConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourShopifyConnector, retour_shopify_connector, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_CONNECTOR, connector_iface_init))

static void
retour_shopify_connector_finalize (GObject *object)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (retour_shopify_connector_parent_class)->finalize (object);
}

static void
retour_shopify_connector_class_init (RetourShopifyConnectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_shopify_connector_finalize;
}

static void
retour_shopify_connector_init (RetourShopifyConnector *self)
{
  self->page_size = RETOUR_SHOPIFY_PAGE_SIZE;
  self->line_page_size = 10;
}

RetourShopifyConnector *
retour_shopify_connector_new (RetourHttp               *http,
                              const char               *base_url,
                              const RetourCredentials  *credentials,
                              GError                  **error)
{
  g_autoptr(RetourShopifyConnector) self = NULL;
  gsize length;

  g_return_val_if_fail (RETOUR_IS_HTTP (http), NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  if (!retour_http_check_url (base_url, error) ||
      !retour_credentials_check (credentials, RETOUR_PLATFORM_SHOPIFY, error))
    return NULL;

  self = g_object_new (RETOUR_TYPE_SHOPIFY_CONNECTOR, NULL);
  self->http = g_object_ref (http);
  self->base_url = g_strdup (base_url);
  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';
  self->endpoint = g_strconcat (self->base_url, "/admin/api/" RETOUR_SHOPIFY_API_VERSION "/graphql.json", NULL);
  self->token = g_strdup (credentials->access_token);

  return g_steal_pointer (&self);
}

void
retour_shopify_connector_set_page_size (RetourShopifyConnector *self,
                                        guint                   orders,
                                        guint                   lines)
{
  g_return_if_fail (RETOUR_IS_SHOPIFY_CONNECTOR (self));
  g_return_if_fail (orders >= 1 && orders <= 250);
  g_return_if_fail (lines >= 1 && lines <= 250);

  self->page_size = orders;
  self->line_page_size = lines;
}

/* ---------------------------------------------------------------- parser */

typedef struct
{
  guint  order_index;
  char  *cursor;
} MoreLines;

static void
more_lines_free (MoreLines *more)
{
  g_free (more->cursor);
  g_free (more);
}

/* {"amount": "19.95", "currencyCode": "EUR"} inside …Set.shopMoney */
static gboolean
get_shop_money (JsonObject   *object,
                const char   *name,
                const char   *currency,
                RetourMoney  *out,
                GError      **error)
{
  JsonObject *set = retour_json_get_object (object, name, TRUE, error);
  JsonObject *money;
  g_autofree char *code = NULL;

  if (set == NULL || (money = retour_json_get_object (set, "shopMoney", TRUE, error)) == NULL)
    return FALSE;

  if (!retour_json_dup_string (money, "currencyCode", FALSE, &code, error))
    return FALSE;
  if (code != NULL && g_ascii_strcasecmp (code, currency) != 0)
    return retour_json_invalid (error, name, _("in another currency than the order"));

  return retour_json_get_money (money, "amount", currency, TRUE, out, error);
}

static gboolean
get_connection (JsonObject  *object,
                const char  *name,
                JsonArray  **nodes,
                gboolean    *has_next,
                char       **end_cursor,
                GError     **error)
{
  JsonObject *connection = retour_json_get_object (object, name, TRUE, error);
  JsonObject *page_info;

  *has_next = FALSE;
  *end_cursor = NULL;
  if (connection == NULL ||
      (*nodes = retour_json_get_array (connection, "nodes", TRUE, error)) == NULL)
    return FALSE;

  page_info = retour_json_get_object (connection, "pageInfo", FALSE, error);
  if (page_info == NULL)
    return error == NULL || *error == NULL;

  if (!retour_json_get_bool (page_info, "hasNextPage", has_next, error) ||
      !retour_json_dup_string (page_info, "endCursor", FALSE, end_cursor, error))
    return FALSE;

  if (*has_next && *end_cursor == NULL)
    return retour_json_invalid (error, "endCursor", _("missing"));

  return TRUE;
}

static gboolean
parse_line (JsonNode           *node,
            const char         *currency,
            RetourSyncedOrder  *synced,
            GPtrArray          *products,
            GHashTable         *products_seen,
            GError            **error)
{
  g_autoptr(RetourOrderLine) line = retour_order_line_new ();
  char *product_external_id = NULL;
  JsonObject *object, *variant, *product;
  gint64 quantity, current, refundable;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return retour_json_invalid (error, "lineItems", _("an item is not an object"));
  object = json_node_get_object (node);

  if (!retour_json_dup_string (object, "id", TRUE, &line->external_id, error) ||
      !retour_json_dup_string (object, "name", FALSE, &line->title, error) ||
      !retour_json_dup_string (object, "sku", FALSE, &line->sku, error) ||
      !retour_json_get_int (object, "quantity", TRUE, 0, &quantity, error) ||
      !retour_json_get_int (object, "currentQuantity", FALSE, quantity, &current, error) ||
      !retour_json_get_int (object, "refundableQuantity", FALSE, current, &refundable, error) ||
      !get_shop_money (object, "originalUnitPriceSet", currency, &line->unit_price, error))
    return FALSE;

  /* What the customer has after edits and removals is what can come back. */
  if (quantity < 0 || current < 0 || current > quantity || current > G_MAXINT ||
      refundable < 0 || refundable > quantity)
    return retour_json_invalid (error, "currentQuantity", _("out of range"));
  line->quantity = (guint) current;
  if (!retour_money_multiply (line->unit_price, current, &line->total, NULL))
    return retour_json_invalid (error, "originalUnitPriceSet", _("out of range"));

  line->sku = retour_json_null_if_empty (line->sku);
  line->title = retour_json_null_if_empty (line->title);
  if (line->title == NULL)
    line->title = g_strdup (line->sku != NULL ? line->sku : line->external_id);

  variant = retour_json_get_object (object, "variant", FALSE, error);
  if (variant == NULL && error != NULL && *error != NULL)
    return FALSE;
  product = retour_json_get_object (object, "product", FALSE, error);
  if (product == NULL && error != NULL && *error != NULL)
    return FALSE;
  if ((variant != NULL && !retour_json_dup_string (variant, "id", TRUE, &product_external_id, error)) ||
      (product_external_id == NULL && product != NULL &&
       !retour_json_dup_string (product, "id", TRUE, &product_external_id, error)))
    return FALSE;

  if (product_external_id != NULL && !g_hash_table_contains (products_seen, product_external_id))
    {
      RetourProduct *item = retour_product_new ();

      item->external_id = g_strdup (product_external_id);
      item->sku = g_strdup (line->sku);
      item->title = g_strdup (line->title);
      item->price = line->unit_price;
      g_ptr_array_add (products, item);
      g_hash_table_add (products_seen, item->external_id);
    }

  g_ptr_array_add (synced->line_product_ids, product_external_id);
  g_ptr_array_add (synced->order->lines, g_steal_pointer (&line));

  return TRUE;
}

static gboolean
parse_lines (JsonArray          *nodes,
             const char         *currency,
             RetourSyncedOrder  *synced,
             GPtrArray          *products,
             GHashTable         *products_seen,
             GError            **error)
{
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    if (!parse_line (json_array_get_element (nodes, i), currency, synced, products, products_seen, error))
      return FALSE;

  return TRUE;
}

static gboolean
parse_customer (JsonObject         *object,
                RetourSyncedOrder  *synced,
                GError            **error)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autofree char *order_email = NULL;
  g_autofree char *order_phone = NULL;
  JsonObject *node = retour_json_get_object (object, "customer", FALSE, error);

  if (node == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (!retour_json_dup_string (object, "email", FALSE, &order_email, error) ||
      !retour_json_dup_string (object, "phone", FALSE, &order_phone, error))
    return FALSE;

  if (node != NULL &&
      (!retour_json_dup_string (node, "id", TRUE, &customer->external_id, error) ||
       !retour_json_dup_string (node, "firstName", FALSE, &customer->first_name, error) ||
       !retour_json_dup_string (node, "lastName", FALSE, &customer->last_name, error) ||
       !retour_json_dup_string (node, "email", FALSE, &customer->email, error) ||
       !retour_json_dup_string (node, "phone", FALSE, &customer->phone, error)))
    return FALSE;

  customer->email = retour_json_null_if_empty (customer->email);
  customer->phone = retour_json_null_if_empty (customer->phone);
  if (customer->email == NULL)
    customer->email = retour_json_null_if_empty (g_steal_pointer (&order_email));
  if (customer->phone == NULL)
    customer->phone = retour_json_null_if_empty (g_steal_pointer (&order_phone));

  if ((customer->first_name == NULL || *customer->first_name == '\0') &&
      (customer->last_name == NULL || *customer->last_name == '\0') &&
      customer->email == NULL)
    return TRUE;

  /* A guest checkout: the same e-mail address is the same person. */
  if (customer->external_id == NULL)
    customer->external_id = g_strconcat ("guest:", customer->email != NULL ? customer->email
                                                                           : synced->order->external_id, NULL);

  synced->customer = g_steal_pointer (&customer);
  return TRUE;
}

static gboolean
parse_shipping (JsonObject   *object,
                RetourOrder  *order,
                GError      **error)
{
  JsonObject *address = retour_json_get_object (object, "shippingAddress", FALSE, error);

  /* Digital goods have no shipping address: null. */
  if (address == NULL)
    return error == NULL || *error == NULL;

  if (!retour_json_dup_string (address, "name", FALSE, &order->ship_name, error) ||
      !retour_json_dup_string (address, "address1", FALSE, &order->ship_address1, error) ||
      !retour_json_dup_string (address, "address2", FALSE, &order->ship_address2, error) ||
      !retour_json_dup_string (address, "zip", FALSE, &order->ship_postcode, error) ||
      !retour_json_dup_string (address, "city", FALSE, &order->ship_city, error) ||
      !retour_json_dup_string (address, "countryCodeV2", FALSE, &order->ship_country, error))
    return FALSE;

  order->ship_name = retour_json_null_if_empty (order->ship_name);
  order->ship_address2 = retour_json_null_if_empty (order->ship_address2);

  return TRUE;
}

static RetourSyncedOrder *
parse_order (JsonNode         *node,
             RetourOrderPage  *page,
             GHashTable       *products_seen,
             gboolean         *more_lines,
             char            **lines_cursor,
             GError          **error)
{
  g_autoptr(RetourSyncedOrder) synced = retour_synced_order_new ();
  g_autofree char *currency = NULL;
  g_autofree char *fulfillment = NULL;
  RetourOrder *order = synced->order;
  JsonObject *object, *total_set, *shop_money;
  JsonArray *lines;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      retour_json_invalid (error, "orders", _("an item is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!retour_json_dup_string (object, "id", TRUE, &order->external_id, error))
    return NULL;

  /* The order's currency is the one its shop money is in. */
  if ((total_set = retour_json_get_object (object, "currentTotalPriceSet", TRUE, error)) == NULL ||
      (shop_money = retour_json_get_object (total_set, "shopMoney", TRUE, error)) == NULL ||
      !retour_json_dup_string (shop_money, "currencyCode", FALSE, &currency, error))
    goto failed;
  if (currency == NULL && !retour_json_dup_string (object, "currencyCode", TRUE, &currency, error))
    goto failed;
  if (!retour_currency_is_valid (currency))
    {
      retour_json_invalid (error, "currencyCode", _("not a currency code"));
      goto failed;
    }

  if (!retour_json_get_money (shop_money, "amount", currency, TRUE, &order->total, error) ||
      !retour_json_dup_string (object, "name", FALSE, &order->number, error) ||
      !retour_json_dup_string (object, "displayFulfillmentStatus", FALSE, &fulfillment, error) ||
      !retour_json_get_time (object, "createdAt", NULL, TRUE, &order->ordered_us, error) ||
      !retour_json_get_time (object, "updatedAt", NULL, FALSE, &order->updated_us, error) ||
      !retour_json_get_time (object, "cancelledAt", NULL, FALSE, &order->cancelled_us, error) ||
      !parse_customer (object, synced, error) ||
      !parse_shipping (object, order, error) ||
      !get_connection (object, "lineItems", &lines, more_lines, lines_cursor, error) ||
      !parse_lines (lines, currency, synced, page->products, products_seen, error))
    goto failed;

  order->number = retour_json_null_if_empty (order->number);
  if (order->number == NULL)
    order->number = g_strdup (order->external_id);
  if (order->updated_us == 0)
    order->updated_us = order->ordered_us;
  order->status = order->cancelled_us != 0 ? g_strdup ("cancelled")
                                            : g_ascii_strdown (fulfillment != NULL ? fulfillment : "open", -1);

  return g_steal_pointer (&synced);

failed:
  /* The order is named by whoever keeps the error: a problem of the page
   * carries its number and id. */
  return NULL;
}

static RetourOrderPage *
parse_orders_data (JsonObject  *data,
                   GPtrArray   *more,
                   GError     **error)
{
  g_autoptr(RetourOrderPage) page = retour_order_page_new ();
  g_autoptr(GHashTable) products_seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *nodes;
  gboolean has_next;

  if (!get_connection (data, "orders", &nodes, &has_next, &page->next_cursor, error))
    return NULL;
  if (!has_next)
    g_clear_pointer (&page->next_cursor, g_free);

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      g_autofree char *lines_cursor = NULL;
      gboolean more_lines = FALSE;
      RetourSyncedOrder *synced;

      g_autoptr(GError) order_error = NULL;
      JsonNode *node = json_array_get_element (nodes, i);

      /* One order that cannot be read is kept aside, not the page. */
      synced = parse_order (node, page, products_seen, &more_lines, &lines_cursor, &order_error);
      if (synced == NULL)
        {
          retour_order_page_add_problem (page, node, "id", "name", order_error);
          continue;
        }
      g_ptr_array_add (page->orders, synced);

      if (more_lines && more != NULL)
        {
          MoreLines *entry = g_new0 (MoreLines, 1);

          entry->order_index = page->orders->len - 1;
          entry->cursor = g_steal_pointer (&lines_cursor);
          g_ptr_array_add (more, entry);
        }
    }

  for (guint i = 0; i < page->orders->len; i++)
    page->watermark_us = MAX (page->watermark_us,
                              ((RetourSyncedOrder *) g_ptr_array_index (page->orders, i))->order->updated_us);

  return g_steal_pointer (&page);
}

static JsonObject *
get_data (JsonNode  *root,
          GError   **error)
{
  JsonObject *data;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (data = retour_json_get_object (json_node_get_object (root), "data", TRUE, error)) == NULL)
    {
      g_clear_error (error);
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("Shopify did not answer with data."));
      return NULL;
    }

  return data;
}

RetourOrderPage *
retour_shopify_parse_orders (const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  root = retour_json_parse (data != NULL ? data : "", length, error);
  if (root == NULL || (object = get_data (root, error)) == NULL)
    return NULL;

  return parse_orders_data (object, NULL, error);
}

/* --------------------------------------------------------------- queries */

typedef struct
{
  RetourShopifyConnector *self;
  gboolean                mutation;
  JsonNode               *root;
} Call;

static void
call_free (Call *call)
{
  g_clear_pointer (&call->root, json_node_unref);
  g_free (call);
}

static gint64
wait_for_cost (JsonObject *root,
               double     *requested_out)
{
  JsonObject *extensions = retour_json_get_object (root, "extensions", FALSE, NULL);
  JsonObject *cost = extensions != NULL ? retour_json_get_object (extensions, "cost", FALSE, NULL) : NULL;
  JsonObject *status = cost != NULL ? retour_json_get_object (cost, "throttleStatus", FALSE, NULL) : NULL;
  JsonNode *requested, *available, *rate;
  double need, have, per_second;

  if (status == NULL)
    return -1;

  requested = retour_json_get (cost, "requestedQueryCost");
  available = retour_json_get (status, "currentlyAvailable");
  rate = retour_json_get (status, "restoreRate");
  if (requested == NULL || available == NULL || rate == NULL ||
      !JSON_NODE_HOLDS_VALUE (requested) || !JSON_NODE_HOLDS_VALUE (available) || !JSON_NODE_HOLDS_VALUE (rate) ||
      json_node_get_value_type (requested) == G_TYPE_STRING ||
      json_node_get_value_type (available) == G_TYPE_STRING ||
      json_node_get_value_type (rate) == G_TYPE_STRING)
    return -1;

  need = json_node_get_double (requested);
  have = json_node_get_double (available);
  per_second = json_node_get_double (rate);
  if (requested_out != NULL)
    *requested_out = need;
  if (!(per_second > 0) || !(need > have))
    return 0;

  return (gint64) ((need - have) / per_second * G_USEC_PER_SEC);
}

static RetourHttpVerdict
classify (RetourHttpResponse  *response,
          gint64              *retry_after_us,
          GError             **error,
          gpointer             user_data)
{
  Call *call = user_data;
  g_autofree char *where = retour_http_describe_url (call->self->base_url);
  JsonArray *errors;
  JsonObject *object;
  guint status = response->status;
  gsize length;
  const char *body = g_bytes_get_data (response->body, &length);
  gint64 wait_us;

  g_clear_pointer (&call->root, json_node_unref);
  *retry_after_us = retour_http_parse_retry_after (response->headers);

  switch (status)
    {
    case 401:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED,
                   _("Shopify refused the access token for %s: check the token."), where);
      return RETOUR_HTTP_FAIL;
    case 402:
    case 423:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN,
                   _("The Shopify store %s is frozen or locked."), where);
      return RETOUR_HTTP_FAIL;
    case 403:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN,
                   _("The access token for %s is missing a permission (scope): it needs read_orders and read_products, and to write refunds back also write_orders, read_returns and write_returns."),
                   where);
      return RETOUR_HTTP_FAIL;
    case 404:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                   _("No Shopify store answers at %s: check the address."), where);
      return RETOUR_HTTP_FAIL;
    case 429:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE, _("Too many requests (HTTP 429)"));
      return RETOUR_HTTP_RETRY;
    default:
      break;
    }

  if (status >= 500)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                   _("Shopify is not available (HTTP %u)"), status);
      return call->mutation ? RETOUR_HTTP_FAIL : RETOUR_HTTP_RETRY;
    }

  if (status < 200 || status >= 300)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                   _("Shopify refused the request (HTTP %u)."), status);
      return RETOUR_HTTP_FAIL;
    }

  /* A body cut off on the way never gets here: libsoup fails the
   * transfer, and that is tried again. One that arrived whole and does not
   * parse, or is not what GraphQL answers, would come back the same. */
  call->root = retour_json_parse (body != NULL ? body : "", length, error);
  if (call->root == NULL)
    return RETOUR_HTTP_FAIL;
  if (!JSON_NODE_HOLDS_OBJECT (call->root))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("Shopify did not answer with data."));
      return RETOUR_HTTP_FAIL;
    }
  object = json_node_get_object (call->root);

  /* Pace the next request by the bucket: wait until it holds what this
   * one cost. */
  wait_us = wait_for_cost (object, NULL);
  call->self->not_before_us = wait_us > 0 ? g_get_monotonic_time () + wait_us : 0;

  errors = retour_json_get_array (object, "errors", FALSE, NULL);
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *extensions;
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      retour_json_dup_string (json_node_get_object (node), "message", FALSE, &message, NULL);
      extensions = retour_json_get_object (json_node_get_object (node), "extensions", FALSE, NULL);
      if (extensions != NULL)
        retour_json_dup_string (extensions, "code", FALSE, &code, NULL);

      if (g_strcmp0 (code, "THROTTLED") == 0)
        {
          g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE, _("Throttled by Shopify"));
          *retry_after_us = wait_us > 0 ? wait_us : -1;
          call->self->not_before_us = 0;
          return RETOUR_HTTP_RETRY;
        }
      if (g_strcmp0 (code, "ACCESS_DENIED") == 0)
        {
          g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN,
                       _("The access token for %s is missing a permission (scope): %s"),
                       where, message != NULL ? message : "");
          return RETOUR_HTTP_FAIL;
        }

      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                   _("Shopify refused the query: %s"), message != NULL ? message : "?");
      return RETOUR_HTTP_FAIL;
    }

  return RETOUR_HTTP_DONE;
}

static void on_query_answer (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

typedef struct
{
  GBytes *body;
  Call   *call;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->call, call_free);
  g_free (data);
}

static void
send_query_now (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  const char *headers[] = { "X-Shopify-Access-Token", self->token, NULL };
  RetourHttpRequest request = { "POST", self->endpoint, "application/json", data->body, headers,
                                !data->call->mutation };

  retour_http_send_async (self->http, &request, classify, data->call,
                          g_task_get_cancellable (task), on_query_answer, task);
}

static gboolean
on_bucket_refilled (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    send_query_now (task);

  return G_SOURCE_REMOVE;
}

/* Runs one GraphQL operation; the task returns its "data" node. */
static void
send_query (RetourShopifyConnector *self,
            const char             *operation,
            const char             *query,
            JsonBuilder            *variables,
            gboolean                mutation,
            GCancellable           *cancellable,
            GAsyncReadyCallback     callback,
            gpointer                user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) vars = json_builder_get_root (variables);
  QueryData *data = g_new0 (QueryData, 1);
  gint64 now = g_get_monotonic_time ();
  char *text;
  gsize length;

  g_task_set_source_tag (task, send_query);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operationName");
  json_builder_add_string_value (builder, operation);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  json_builder_set_member_name (builder, "variables");
  json_builder_add_value (builder, g_steal_pointer (&vars));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  data->body = g_bytes_new_take (text, length);
  data->call = g_new0 (Call, 1);
  data->call->self = self;
  data->call->mutation = mutation;
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);

  if (self->not_before_us > now)
    {
      g_autoptr(GSource) source = g_timeout_source_new ((guint) ((self->not_before_us - now) / 1000 + 1));

      if (cancellable != NULL)
        {
          g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

          g_source_set_dummy_callback (cancelled);
          g_source_add_child_source (source, cancelled);
        }
      g_task_attach_source (task, source, on_bucket_refilled);
      return;
    }

  send_query_now (task);
}

static void
on_query_answer (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  QueryData *data = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  GError *error = NULL;

  response = retour_http_send_finish (RETOUR_HTTP (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, json_node_ref (data->call->root), (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

static JsonNode *
send_query_finish (RetourShopifyConnector  *self,
                   GAsyncResult            *result,
                   GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == send_query, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----------------------------------------------------------- list orders */

typedef struct
{
  RetourOrderPage *page;
  GPtrArray       *more;      /* of MoreLines*, fetched one after another */
  GHashTable      *products_seen;
  GArray          *dropped;   /* indexes of orders deleted while we looked */
  gboolean         asked_scopes;
} ListData;

/* {"currentAppInstallation": {"accessScopes": [{"handle": "read_orders"}, …]}}:
 * whether the token sees orders older than 60 days. Anything unreadable
 * counts as no. */
static OrderScope
read_order_scope (JsonObject *data)
{
  JsonObject *installation = retour_json_get_object (data, "currentAppInstallation", FALSE, NULL);
  JsonArray *scopes = installation != NULL ? retour_json_get_array (installation, "accessScopes", FALSE, NULL)
                                           : NULL;

  for (guint i = 0; scopes != NULL && i < json_array_get_length (scopes); i++)
    {
      JsonNode *node = json_array_get_element (scopes, i);
      g_autofree char *handle = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          retour_json_dup_string (json_node_get_object (node), "handle", FALSE, &handle, NULL) &&
          g_strcmp0 (handle, "read_all_orders") == 0)
        return SCOPE_ALL_ORDERS;
    }

  return SCOPE_RECENT_ORDERS;
}

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->page, retour_order_page_free);
  g_clear_pointer (&data->more, g_ptr_array_unref);
  g_clear_pointer (&data->products_seen, g_hash_table_unref);
  g_clear_pointer (&data->dropped, g_array_unref);
  g_free (data);
}

static void fetch_more_lines (GTask *task);

static void
finish_list (GTask *task)
{
  ListData *data = g_task_get_task_data (task);

  /* From the back, so the indexes stay right. */
  for (guint i = data->dropped->len; i > 0; i--)
    g_ptr_array_remove_index (data->page->orders, g_array_index (data->dropped, guint, i - 1));

  g_task_return_pointer (task, g_steal_pointer (&data->page), (GDestroyNotify) retour_order_page_free);
  g_object_unref (task);
}

static void
on_more_lines (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  ListData *data = g_task_get_task_data (task);
  MoreLines *more = g_ptr_array_index (data->more, 0);
  RetourSyncedOrder *synced = g_ptr_array_index (data->page->orders, more->order_index);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  JsonObject *object_data, *order;
  JsonArray *nodes;
  GError *error = NULL;
  gboolean has_next;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;

  order = retour_json_get_object (object_data, "order", FALSE, &error);
  if (order == NULL)
    {
      if (error != NULL)
        goto failed;
      /* Deleted between the two queries: a later full sync marks it. */
      g_array_append_val (data->dropped, more->order_index);
      g_ptr_array_remove_index (data->more, 0);
      fetch_more_lines (task);
      return;
    }

  if (!get_connection (order, "lineItems", &nodes, &has_next, &cursor, &error) ||
      !parse_lines (nodes, synced->order->total.currency, synced, data->page->products,
                    data->products_seen, &error))
    {
      g_prefix_error (&error, _("Order %s: "), synced->order->external_id);
      goto failed;
    }

  if (has_next)
    {
      g_free (more->cursor);
      more->cursor = g_steal_pointer (&cursor);
    }
  else
    g_ptr_array_remove_index (data->more, 0);

  fetch_more_lines (task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
fetch_more_lines (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) variables = json_builder_new ();
  MoreLines *more;
  RetourSyncedOrder *synced;

  if (data->more->len == 0)
    {
      finish_list (task);
      return;
    }

  more = g_ptr_array_index (data->more, 0);
  synced = g_ptr_array_index (data->page->orders, more->order_index);

  json_builder_begin_object (variables);
  json_builder_set_member_name (variables, "id");
  json_builder_add_string_value (variables, synced->order->external_id);
  json_builder_set_member_name (variables, "after");
  json_builder_add_string_value (variables, more->cursor);
  json_builder_end_object (variables);

  send_query (self, "RetourOrderLines", lines_query, variables, FALSE,
              g_task_get_cancellable (task), on_more_lines, task);
}

static void
on_orders (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object_data;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL ||
      (data->page = parse_orders_data (object_data, data->more, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (data->asked_scopes)
    self->order_scope = read_order_scope (object_data);
  if (self->order_scope != SCOPE_ALL_ORDERS)
    data->page->listed_since_us = g_get_real_time () - (gint64) LISTED_DAYS * 24 * 3600 * G_USEC_PER_SEC;

  /* Products seen on this page, so that more lines do not add them twice. */
  for (guint i = 0; i < data->page->products->len; i++)
    g_hash_table_add (data->products_seen,
                      ((RetourProduct *) g_ptr_array_index (data->page->products, i))->external_id);

  fetch_more_lines (task);
}

static void
retour_shopify_connector_list_orders_async (RetourConnector     *connector,
                                            gint64               since_us,
                                            const char          *cursor,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) variables = json_builder_new ();
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, retour_shopify_connector_list_orders_async);
  data->more = g_ptr_array_new_with_free_func ((GDestroyNotify) more_lines_free);
  data->products_seen = g_hash_table_new (g_str_hash, g_str_equal);
  data->dropped = g_array_new (FALSE, FALSE, sizeof (guint));
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  json_builder_begin_object (variables);
  json_builder_set_member_name (variables, "first");
  json_builder_add_int_value (variables, self->page_size);
  json_builder_set_member_name (variables, "lines");
  json_builder_add_int_value (variables, self->line_page_size);
  /* Once per listing: the scopes may have changed since the last one. */
  data->asked_scopes = cursor == NULL || self->order_scope == SCOPE_UNKNOWN;
  json_builder_set_member_name (variables, "scopes");
  json_builder_add_boolean_value (variables, data->asked_scopes);
  json_builder_set_member_name (variables, "after");
  if (cursor != NULL)
    json_builder_add_string_value (variables, cursor);
  else
    json_builder_add_null_value (variables);
  json_builder_set_member_name (variables, "query");
  if (since_us > 0)
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (since_us / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (since, "updated_at:>'%Y-%m-%dT%H:%M:%SZ'");

      json_builder_add_string_value (variables, text);
    }
  else
    json_builder_add_null_value (variables);
  json_builder_end_object (variables);

  send_query (self, "RetourOrders", orders_query, variables, FALSE, cancellable, on_orders, task);
}

static RetourOrderPage *
retour_shopify_connector_list_orders_finish (RetourConnector  *connector,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_shopify_connector_list_orders_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------ write-back */

typedef struct
{
  char       *order_id;
  char       *marker;         /* "[retour:KEY]" in the refund's note */
  JsonNode   *input;
  guint       posts;
  char       *return_marker;  /* "[retour:RMA]" in the return's notes; NULL: no return */
  guint       return_posts;
  GPtrArray  *return_lines;   /* of RetourWriteBackLine*, borrowed from the write-back */
} RefundData;

static void
refund_data_free (RefundData *data)
{
  g_free (data->order_id);
  g_free (data->marker);
  g_clear_pointer (&data->input, json_node_unref);
  g_free (data->return_marker);
  g_clear_pointer (&data->return_lines, g_ptr_array_unref);
  g_free (data);
}

static void send_refund_lookup (GTask *task);
static void send_return_lookup (GTask *task);

/* After a failed mutation: whether it may have been carried out all the
 * same, its answer lost (a time-out, a cut-off body, a 5xx), so that the
 * next step is to look for it. */
static gboolean
outcome_unknown (RetourShopifyConnector *self,
                 const GError           *error,
                 guint                   posts)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE) ||
          g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA)) &&
         posts < retour_http_get_max_attempts (self->http);
}

/* The first of a mutation's userErrors, or NULL when there are none. */
static char *
first_user_error (JsonObject *payload)
{
  JsonArray *user_errors = retour_json_get_array (payload, "userErrors", FALSE, NULL);
  JsonNode *first;
  char *message = NULL;

  if (user_errors == NULL || json_array_get_length (user_errors) == 0)
    return NULL;

  first = json_array_get_element (user_errors, 0);
  if (JSON_NODE_HOLDS_OBJECT (first))
    retour_json_dup_string (json_node_get_object (first), "message", FALSE, &message, NULL);

  return message != NULL ? message : g_strdup ("?");
}

/* The id of what a mutation made: data.@mutation.@made.id. NULL when it
 * made nothing: with @error when the answer is not one, or with
 * *@out_refused set to Shopify's reason when it refused (userErrors). */
static char *
read_mutation_id (JsonNode     *root,
                  const char   *mutation,
                  const char   *made,
                  char        **out_refused,
                  GError      **error)
{
  JsonObject *object_data, *payload, *object;
  char *id = NULL;

  *out_refused = NULL;

  if ((object_data = get_data (root, error)) == NULL ||
      (payload = retour_json_get_object (object_data, mutation, TRUE, error)) == NULL ||
      (*out_refused = first_user_error (payload)) != NULL)
    return NULL;

  if ((object = retour_json_get_object (payload, made, TRUE, error)) == NULL ||
      !retour_json_dup_string (object, "id", TRUE, &id, error))
    return NULL;

  return id;
}

static void
on_refund_created (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *refused = NULL;
  GError *error = NULL;
  char *id = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL)
    {
      if (outcome_unknown (self, error, data->posts))
        {
          /* The answer is lost, not necessarily the refund: look first. */
          g_debug ("refundCreate failed (%s); looking for it before trying again", error->message);
          g_clear_error (&error);
          send_refund_lookup (task);
          return;
        }
      goto failed;
    }

  id = read_mutation_id (root, "refundCreate", "refund", &refused, &error);
  if (refused != NULL)
    g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("Shopify refused the refund: %s"), refused);
  if (id == NULL)
    goto failed;

  g_task_return_pointer (task, id, g_free);
  g_object_unref (task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_refund_lookup (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) variables = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object_data, *order;
  JsonArray *refunds;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;

  order = retour_json_get_object (object_data, "order", FALSE, &error);
  if (order == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                             _("The order no longer exists in Shopify."));
      goto failed;
    }

  refunds = retour_json_get_array (order, "refunds", FALSE, NULL);
  for (guint i = 0; refunds != NULL && i < json_array_get_length (refunds); i++)
    {
      JsonNode *node = json_array_get_element (refunds, i);
      g_autofree char *note = NULL;
      char *id = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          retour_json_dup_string (json_node_get_object (node), "note", FALSE, &note, NULL) &&
          note != NULL && strstr (note, data->marker) != NULL &&
          retour_json_dup_string (json_node_get_object (node), "id", TRUE, &id, NULL))
        {
          g_task_return_pointer (task, id, g_free);
          g_object_unref (task);
          return;
        }
    }

  data->posts++;
  json_builder_begin_object (variables);
  json_builder_set_member_name (variables, "input");
  json_builder_add_value (variables, json_node_ref (data->input));
  json_builder_end_object (variables);
  send_query (self, "RetourRefundCreate", refund_mutation, variables, TRUE,
              g_task_get_cancellable (task), on_refund_created, task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
send_refund_lookup (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) variables = json_builder_new ();

  json_builder_begin_object (variables);
  json_builder_set_member_name (variables, "id");
  json_builder_add_string_value (variables, data->order_id);
  json_builder_end_object (variables);
  send_query (self, "RetourOrderRefunds", refunds_query, variables, FALSE,
              g_task_get_cancellable (task), on_refund_lookup, task);
}

/* The return ------------------------------------------------------------- */

/* Shopify's ReturnReason for one of the shop's reason codes (the default
 * reasons of retour-policy-store.c); the note says the shop's own words. */
static const char *
return_reason (const char *code)
{
  static const struct
  {
    const char *code;
    const char *reason;
  } reasons[] = {
    { "changed-mind", "UNWANTED" },
    { "ordered-several", "UNWANTED" },
    { "better-price", "UNWANTED" },
    { "not-as-described", "NOT_AS_DESCRIBED" },
    { "wrong-item", "WRONG_ITEM" },
    { "damaged-in-transit", "DEFECTIVE" },
    { "defective", "DEFECTIVE" },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (code, reasons[i].code))
      return reasons[i].reason;

  return "OTHER";
}

/* "Wrong size or fit [retour:R26000123K]", within Shopify's limit: the
 * marker is never cut. */
static char *
reason_note (const RetourWriteBackLine *line,
             const char                *marker)
{
  glong room = REASON_NOTE_MAX_CHARS - g_utf8_strlen (marker, -1) - 1;
  g_autofree char *label = NULL;

  if (line->reason_label == NULL || *line->reason_label == '\0' || room <= 0 ||
      !g_utf8_validate (line->reason_label, -1, NULL))
    return g_strdup (marker);

  label = g_utf8_substring (line->reason_label, 0, MIN (g_utf8_strlen (line->reason_label, -1), room));
  return g_strdup_printf ("%s %s", g_strstrip (label), marker);
}

static gboolean
has_marker (JsonObject *returned,
            const char *marker)
{
  JsonObject *connection = retour_json_get_object (returned, "returnLineItems", FALSE, NULL);
  JsonArray *nodes = connection != NULL ? retour_json_get_array (connection, "nodes", FALSE, NULL) : NULL;

  for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      g_autofree char *note = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          retour_json_dup_string (json_node_get_object (node), "returnReasonNote", FALSE, &note, NULL) &&
          note != NULL && strstr (note, marker) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* One returnable fulfillment line item: what is left of it to return. */
typedef struct
{
  char   *id;        /* FulfillmentLineItem */
  char   *line_id;   /* its LineItem */
  gint64  quantity;
} Returnable;

static void
returnable_free (Returnable *item)
{
  g_free (item->id);
  g_free (item->line_id);
  g_free (item);
}

/* From {"returnableFulfillments": {"nodes": [{"returnableFulfillmentLineItems":
 * {"nodes": [{"quantity": 1, "fulfillmentLineItem": {"id": …, "lineItem": {"id": …}}}]}}]}}. */
static GPtrArray *
read_returnable (JsonObject  *data,
                 GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) returnable_free);
  JsonObject *fulfillments = retour_json_get_object (data, "returnableFulfillments", FALSE, error);
  JsonArray *nodes;

  if (fulfillments == NULL)
    return error == NULL || *error == NULL ? g_steal_pointer (&items) : NULL;
  if ((nodes = retour_json_get_array (fulfillments, "nodes", TRUE, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      JsonObject *connection;
      JsonArray *lines;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          retour_json_invalid (error, "returnableFulfillments", _("an item is not an object"));
          return NULL;
        }
      connection = retour_json_get_object (json_node_get_object (node), "returnableFulfillmentLineItems", TRUE, error);
      if (connection == NULL || (lines = retour_json_get_array (connection, "nodes", TRUE, error)) == NULL)
        return NULL;

      for (guint j = 0; j < json_array_get_length (lines); j++)
        {
          JsonNode *line = json_array_get_element (lines, j);
          JsonObject *fulfillment_line, *line_item;
          g_autoptr(GError) local_error = NULL;
          Returnable *item;

          if (!JSON_NODE_HOLDS_OBJECT (line))
            {
              retour_json_invalid (error, "returnableFulfillmentLineItems", _("an item is not an object"));
              return NULL;
            }

          item = g_new0 (Returnable, 1);
          g_ptr_array_add (items, item);
          if (!retour_json_get_int (json_node_get_object (line), "quantity", TRUE, 0, &item->quantity, error) ||
              (fulfillment_line = retour_json_get_object (json_node_get_object (line), "fulfillmentLineItem",
                                                          TRUE, error)) == NULL ||
              !retour_json_dup_string (fulfillment_line, "id", TRUE, &item->id, error) ||
              (line_item = retour_json_get_object (fulfillment_line, "lineItem", TRUE, error)) == NULL ||
              !retour_json_dup_string (line_item, "id", TRUE, &item->line_id, error))
            return NULL;
          if (item->quantity < 0)
            {
              retour_json_invalid (error, "quantity", _("out of range"));
              return NULL;
            }
        }
    }

  return g_steal_pointer (&items);
}

/* The returnInput for what comes back, from what is still returnable;
 * NULL when nothing of it is (never shipped, or returned already in
 * Shopify's admin). */
static JsonNode *
build_return_input (RefundData *data,
                    GPtrArray  *returnable)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_lines = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_string_value (builder, data->order_id);
  json_builder_set_member_name (builder, "returnLineItems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < data->return_lines->len; i++)
    {
      RetourWriteBackLine *line = g_ptr_array_index (data->return_lines, i);
      g_autofree char *note = reason_note (line, data->return_marker);
      gint64 left = line->quantity;

      /* A line item shipped in two parcels is two fulfillment line items. */
      for (guint j = 0; j < returnable->len && left > 0; j++)
        {
          Returnable *item = g_ptr_array_index (returnable, j);
          gint64 quantity = MIN (left, item->quantity);

          if (quantity <= 0 || g_strcmp0 (item->line_id, line->line_external_id) != 0)
            continue;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "fulfillmentLineItemId");
          json_builder_add_string_value (builder, item->id);
          json_builder_set_member_name (builder, "quantity");
          json_builder_add_int_value (builder, quantity);
          json_builder_set_member_name (builder, "returnReason");
          json_builder_add_string_value (builder, return_reason (line->reason_code));
          json_builder_set_member_name (builder, "returnReasonNote");
          json_builder_add_string_value (builder, note);
          json_builder_end_object (builder);

          item->quantity -= quantity;
          left -= quantity;
          n_lines++;
        }

      if (left > 0)
        g_debug ("%" G_GINT64_FORMAT " of %u units of %s are not returnable in Shopify",
                 left, line->quantity, line->line_external_id);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return n_lines > 0 ? json_builder_get_root (builder) : NULL;
}

static void
on_return_created (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL)
    {
      if (outcome_unknown (self, error, data->return_posts))
        {
          g_debug ("returnCreate failed (%s); looking for it before trying again", error->message);
          g_clear_error (&error);
          send_return_lookup (task);
          return;
        }
      goto failed;
    }

  id = read_mutation_id (root, "returnCreate", "return", &refused, &error);
  if (refused != NULL)
    g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("Shopify refused the return: %s"), refused);
  if (id == NULL)
    goto failed;

  g_debug ("Created return %s of order %s", id, data->order_id);
  send_refund_lookup (task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_return_lookup (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) variables = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(GPtrArray) returnable = NULL;
  JsonObject *object_data, *order, *returns;
  JsonArray *nodes;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;

  order = retour_json_get_object (object_data, "order", FALSE, &error);
  if (order == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                             _("The order no longer exists in Shopify."));
      goto failed;
    }

  /* Made already, by an earlier refund of the RMA or an answer that was
   * lost: the refund is next. */
  returns = retour_json_get_object (order, "returns", FALSE, &error);
  nodes = returns != NULL ? retour_json_get_array (returns, "nodes", FALSE, &error) : NULL;
  if (error != NULL)
    goto failed;
  for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && has_marker (json_node_get_object (node), data->return_marker))
        {
          send_refund_lookup (task);
          return;
        }
    }

  returnable = read_returnable (object_data, &error);
  if (returnable == NULL)
    {
      g_prefix_error (&error, _("Order %s: "), data->order_id);
      goto failed;
    }

  input = build_return_input (data, returnable);
  if (input == NULL)
    {
      g_debug ("Nothing of order %s is returnable in Shopify: refund only", data->order_id);
      send_refund_lookup (task);
      return;
    }

  data->return_posts++;
  json_builder_begin_object (variables);
  json_builder_set_member_name (variables, "input");
  json_builder_add_value (variables, g_steal_pointer (&input));
  json_builder_end_object (variables);
  send_query (self, "RetourReturnCreate", return_mutation, variables, TRUE,
              g_task_get_cancellable (task), on_return_created, task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
send_return_lookup (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) variables = json_builder_new ();

  json_builder_begin_object (variables);
  json_builder_set_member_name (variables, "id");
  json_builder_add_string_value (variables, data->order_id);
  json_builder_end_object (variables);
  send_query (self, "RetourOrderReturns", returns_query, variables, FALSE,
              g_task_get_cancellable (task), on_return_lookup, task);
}

/* The refund ------------------------------------------------------------- */

static JsonNode *
build_refund_input (RetourWriteBack *write_back,
                    const char      *marker)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *note = g_strdup_printf ("%s %s", write_back->reason != NULL ? write_back->reason : "", marker);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_string_value (builder, write_back->order_external_id);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, g_strstrip (note));
  json_builder_set_member_name (builder, "notify");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "refundLineItems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < write_back->lines->len; i++)
    {
      RetourWriteBackLine *line = g_ptr_array_index (write_back->lines, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lineItemId");
      json_builder_add_string_value (builder, line->line_external_id);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, line->quantity);
      json_builder_set_member_name (builder, "restockType");
      json_builder_add_string_value (builder, line->restock ? "RETURN" : "NO_RESTOCK");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
retour_shopify_connector_create_refund_async (RetourConnector     *connector,
                                              RetourWriteBack     *write_back,
                                              gboolean             via_gateway,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RefundData *data;

  g_task_set_source_tag (task, retour_shopify_connector_create_refund_async);

  /* Paying back through Shopify Payments needs the original transaction;
   * Retour records the refund and restock, and the money is refunded in
   * Shopify's admin. */
  if (via_gateway)
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                               _("Retour cannot refund through Shopify’s payment gateway; refund the payment in Shopify and turn off “refund through the gateway” for this store."));
      g_object_unref (task);
      return;
    }

  data = g_new0 (RefundData, 1);
  data->order_id = g_strdup (write_back->order_external_id);
  data->marker = g_strdup_printf ("[retour:%s]", write_back->idempotency_key);
  data->input = build_refund_input (write_back, data->marker);
  g_task_set_task_data (task, data, (GDestroyNotify) refund_data_free);

  /* Nothing comes back from a refund without return. */
  if (!write_back->items_return || write_back->lines->len == 0)
    {
      send_refund_lookup (task);
      return;
    }

  /* Before the RMA is authorized it has no number; its first refund's
   * key stands in. */
  data->return_marker = g_strdup_printf ("[retour:%s]", write_back->rma_number != NULL ? write_back->rma_number
                                                                                      : write_back->idempotency_key);
  data->return_lines = g_ptr_array_ref (write_back->lines);
  send_return_lookup (task);
}

static char *
retour_shopify_connector_create_refund_finish (RetourConnector  *connector,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_shopify_connector_create_refund_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
connector_iface_init (RetourConnectorInterface *iface)
{
  iface->list_orders_async = retour_shopify_connector_list_orders_async;
  iface->list_orders_finish = retour_shopify_connector_list_orders_finish;
  iface->create_refund_async = retour_shopify_connector_create_refund_async;
  iface->create_refund_finish = retour_shopify_connector_create_refund_finish;
}
