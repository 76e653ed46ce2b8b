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
 * before a return is created, and again after a lost answer. When none
 * has it, the order's returnable fulfillment line items, which a return
 * is made of, are read: when needed rather than synced, since what can
 * still be returned changes with every fulfillment and return. Both are
 * paged, in queries of their own: together, at Shopify's page sizes, they
 * would cost forty times what Shopify takes in one query.
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

/* What the queries cost, by Shopify's documented rules ("GraphQL Admin
 * API rate limits"): a field returning an object costs 1 and what it
 * selects, a scalar or an enum 0, a connection 2 plus `first` times one
 * node (an object: 1 and what it selects), pageInfo being an object of its
 * own; a mutation 10. Shopify refuses, before running it, a query whose
 * requested cost is over 1,000 (MAX_COST_EXCEEDED), and throttles one that
 * asks for more than its bucket holds.
 *
 * RetourOrders, F orders with L lines each, S = 2 when the scopes are asked
 *   (currentAppInstallation 1 + accessScopes 1), else 0:
 *     line  = 1 + originalUnitPriceSet 1 + shopMoney 1 + variant 1 + product 1  = 5
 *     order = 1 + currentTotalPriceSet 1 + shopMoney 1 + totalShippingPriceSet 1
 *             + shopMoney 1 + customer 1 + shippingAddress 1
 *             + fulfillments, a list cut at 4 (2 + 4 × 1)
 *             + lineItems (2 + pageInfo 1 + L × 5)                               = 16 + 5L
 *     query = S + orders (2 + pageInfo 1 + F × (16 + 5L))                        = S + 3 + F (16 + 5L)
 *   24 orders of 5 lines: 2 + 3 + 24 × 41 = 989, and 987 without the scopes.
 *   (With 3 parcels a page still holds only 24 orders, 965 points; 5 would
 *   cut it to 23.)
 *   (The former 50 orders of 10 lines: 2 + 3 + 50 × 58 = 2,905.)
 * RetourOrderLines, M lines: order 1 + lineItems (2 + 1 + 5M)                  = 4 + 5M;  199: 999
 * RetourOrderRefunds: order 1 + refunds, a list cut at 250 (2 + 250 × 1)       = 253
 * RetourOrderReturns, R returns, one line of each (all carry the marker):
 *   order 1 + returns (2 + 1 + R × (1 + returnLineItems (2 + 1 × 1)))           = 4 + 4R;  50: 204
 * RetourReturnableFulfillments, F fulfillments of L lines:
 *   2 + pageInfo 1 + F × (1 + returnableFulfillmentLineItems (2 + 1
 *   + L × (1 + fulfillmentLineItem 1 + lineItem 1)))                             = 3 + F (4 + 3L);  10 × 30: 943
 * RetourFulfillmentLines, M lines: fulfillment 1 + 2 + 1 + 3M                  = 4 + 3M;  250: 754
 * RetourRefundCreate, RetourReturnCreate: 10.
 * Resolutions (see the section at the end):
 *   RetourDraftOrdersByMarker: draftOrders (2 + 5 × (1 + order 1))             = 12
 *   RetourGiftCardsByCode: giftCards (2 + 5 × 1)                                 = 7
 *   RetourDraftOrderCreate, RetourDraftOrderComplete,
 *   RetourDraftOrderInvoiceSend, RetourGiftCardCreate: 10.
 * (The former RetourOrderReturns, 50 returns × 50 lines and 50 fulfillments
 * × 250 lines in one query: 2,653 + 37,652 = 40,305.)
 */
#define MAX_QUERY_COST 1000
#define MUTATION_COST 10

#define LINE_FIELDS \
  "id name sku quantity currentQuantity refundableQuantity " \
  "originalUnitPriceSet { shopMoney { amount currencyCode } } variant { id } product { id }"
#define LINE_COST 5
/* The parcels read with each order: most orders go out in one to three,
 * and a page of orders holds as many with four as with three (see the
 * sums above). An order with more is read as if its parcels had not all
 * arrived (see read_fulfillments). */
#define FULFILLMENTS_LISTED 4
/* An order without its lines: see the sums above. */
#define ORDER_COST (12 + FULFILLMENTS_LISTED)

static const char orders_query[] =
  "query RetourOrders($first: Int!, $after: String, $query: String, $lines: Int!, $scopes: Boolean!) {"
  " currentAppInstallation @include(if: $scopes) { accessScopes { handle } }"
  " orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id name createdAt updatedAt cancelledAt displayFulfillmentStatus currencyCode email phone"
  "   currentTotalPriceSet { shopMoney { amount currencyCode } }"
  "   totalShippingPriceSet { shopMoney { amount currencyCode } }"
  "   customer { id firstName lastName email phone }"
  "   shippingAddress { name address1 address2 city zip countryCodeV2 }"
  "   fulfillments(first: " G_STRINGIFY (FULFILLMENTS_LISTED) ") { status createdAt deliveredAt }"
  "   lineItems(first: $lines) { pageInfo { hasNextPage endCursor } nodes { " LINE_FIELDS " } } } } }";

static const char lines_query[] =
  "query RetourOrderLines($id: ID!, $first: Int!, $after: String) {"
  " order(id: $id) { lineItems(first: $first, after: $after) {"
  "  pageInfo { hasNextPage endCursor } nodes { " LINE_FIELDS " } } } }";

/* A list, not a connection: it cannot be paged, so it is read whole
 * (the 250 in the query). */
#define REFUNDS_LISTED 250

static const char refunds_query[] =
  "query RetourOrderRefunds($id: ID!) { order(id: $id) { refunds(first: 250) { id note } } }";

static const char refund_mutation[] =
  "mutation RetourRefundCreate($input: RefundInput!) {"
  " refundCreate(input: $input) { refund { id } userErrors { field message } } }";

static const char returns_query[] =
  "query RetourOrderReturns($id: ID!, $first: Int!, $after: String) {"
  " order(id: $id) { returns(first: $first, after: $after) {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id name returnLineItems(first: 1) { nodes { returnReasonNote } } } } } }";

static const char returnable_query[] =
  "query RetourReturnableFulfillments($id: ID!, $first: Int!, $after: String, $lines: Int!) {"
  " returnableFulfillments(orderId: $id, first: $first, after: $after) {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id returnableFulfillmentLineItems(first: $lines) {"
  "   pageInfo { hasNextPage endCursor }"
  "   nodes { quantity fulfillmentLineItem { id lineItem { id } } } } } } }";

static const char fulfillment_lines_query[] =
  "query RetourFulfillmentLines($id: ID!, $first: Int!, $after: String) {"
  " returnableFulfillment(id: $id) { returnableFulfillmentLineItems(first: $first, after: $after) {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { quantity fulfillmentLineItem { id lineItem { id } } } } } }";

static const char return_mutation[] =
  "mutation RetourReturnCreate($input: ReturnInput!) {"
  " returnCreate(returnInput: $input) { return { id name } userErrors { field message } } }";

/* Returns customers asked for: the orders Shopify lists as having one
 * (return_status:return_requested), each with its newest returns, of
 * which the REQUESTED ones are taken. A return line item is a
 * ReturnLineItemType, an interface: the order line is only on
 * ReturnLineItem, hence the inline fragment, which costs what its fields
 * cost.
 * RetourReturnRequests, P orders, R returns of L lines:
 *   line   = 1 + fulfillmentLineItem 1 + lineItem 1                          = 3
 *   return = 1 + returnLineItems (2 + pageInfo 1 + L × 3)                    = 4 + 3L
 *   order  = 1 + returns (2 + pageInfo 1 + R × (4 + 3L))                     = 4 + R (4 + 3L)
 *   query  = orders (2 + pageInfo 1 + P × (4 + R (4 + 3L)))                  = 3 + P (4 + R (4 + 3L))
 *   5 orders, 5 returns of 10 lines: 3 + 5 × 174 = 873.
 * RetourReturnRequest, one return of L lines:
 *   return 1 + order 1 + returnLineItems (2 + 1 + 3L)                        = 5 + 3L;  250: 755 */
#define REQUEST_LINE_COST 3
#define REQUEST_RETURNS 5
#define REQUEST_LINES 10

#define REQUEST_LINE_FIELDS \
  "id quantity returnReason customerNote ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } }"

static const char requests_query[] =
  "query RetourReturnRequests($first: Int!, $after: String, $returns: Int!, $lines: Int!) {"
  " orders(first: $first, after: $after, sortKey: UPDATED_AT, query: \"return_status:return_requested\") {"
  "  pageInfo { hasNextPage endCursor }"
  "  nodes { id returns(last: $returns) { pageInfo { hasPreviousPage }"
  "   nodes { id name status createdAt returnLineItems(first: $lines) { pageInfo { hasNextPage }"
  "    nodes { " REQUEST_LINE_FIELDS " } } } } } } }";

static const char approve_mutation[] =
  "mutation RetourReturnApprove($input: ReturnApproveRequestInput!) {"
  " returnApproveRequest(input: $input) { return { id status } userErrors { field message code } } }";

static const char decline_mutation[] =
  "mutation RetourReturnDecline($input: ReturnDeclineRequestInput!) {"
  " returnDeclineRequest(input: $input) { return { id status } userErrors { field message code } } }";

static const char request_query[] =
  "query RetourReturnRequest($id: ID!, $lines: Int!) {"
  " return(id: $id) { id name status createdAt order { id }"
  "  returnLineItems(first: $lines) { pageInfo { hasNextPage } nodes { " REQUEST_LINE_FIELDS " } } } }";

/* A return label on an approved request: the label is uploaded where
 * Shopify says (stagedUploadsCreate, resource RETURN_LABEL, PUT with the
 * headers its parameters name), then a reverse delivery of the return's
 * reverse fulfillment order is made with it (reverseDeliveryCreateWithShipping,
 * every line: an empty list of line items). Before making one, and after a
 * lost answer, the return is read: a delivery already there is the label.
 * RetourReturnLabel: return 1 + reverseFulfillmentOrders (2 + 5 × (1 +
 * reverseDeliveries (2 + 1)))                                              = 23 */
#define LABEL_FULFILLMENT_ORDERS 5
#define LABEL_LOOKUP_COST (3 + LABEL_FULFILLMENT_ORDERS * 4)

static const char label_query[] =
  "query RetourReturnLabel($id: ID!) {"
  " return(id: $id) { id status reverseFulfillmentOrders(first: 5) {"
  "  nodes { id reverseDeliveries(first: 1) { nodes { id } } } } } }";

static const char upload_mutation[] =
  "mutation RetourLabelUpload($input: [StagedUploadInput!]!) {"
  " stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } }"
  "  userErrors { field message } } }";

static const char delivery_mutation[] =
  "mutation RetourReverseDelivery($id: ID!, $lines: [ReverseDeliveryLineItemInput!]!,"
  " $label: ReverseDeliveryLabelInput, $notify: Boolean) {"
  " reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $id, reverseDeliveryLineItems: $lines,"
  "  labelInput: $label, notifyCustomer: $notify) { reverseDelivery { id } userErrors { field message code } } }";

/* Shopify's most per page, and what the write-back asks for at most. */
#define MAX_PAGE 250
#define RETURNS_PER_PAGE 50
#define FULFILLMENTS_PER_PAGE 10
#define FULFILLMENT_LINES_PER_PAGE 30

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
  guint       page_size;       /* at most; fewer when the query would cost too much */
  guint       line_page_size;
  OrderScope  order_scope;     /* as the first page of the last listing said */

  /* Shopify's cost accounting, as its answers tell it. */
  double      max_query_cost;  /* the single query limit */
  double      cost_ratio;      /* the most Shopify asked for a query, over our estimate of it */
  double      bucket_size;     /* 0: not known yet */
  double      bucket_available;
  double      restore_rate;    /* points a second */
  gint64      bucket_at_us;    /* monotonic: when the bucket held that */
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
  g_clear_pointer (&self->token, retour_secret_free);

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
  self->line_page_size = RETOUR_SHOPIFY_LINE_PAGE_SIZE;
  self->max_query_cost = MAX_QUERY_COST;
  self->cost_ratio = 1.0;
}

RetourShopifyConnector *
retour_shopify_connector_new (RetourHttp               *http,
                              const char               *base_url,
                              const RetourCredentials  *credentials,
                              GError                  **error)
{
  g_autoptr(RetourShopifyConnector) self = NULL;
  char *address;

  g_return_val_if_fail (RETOUR_IS_HTTP (http), NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  address = retour_connector_check_address (base_url, credentials, RETOUR_PLATFORM_SHOPIFY, error);
  if (address == NULL)
    return NULL;

  self = g_object_new (RETOUR_TYPE_SHOPIFY_CONNECTOR, NULL);
  self->http = g_object_ref (http);
  self->base_url = address;
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
    {
      g_autoptr(RetourJsonScope) scope = retour_json_enter ("lineItems.nodes[%u]", i);

      if (!parse_line (json_array_get_element (nodes, i), currency, synced, products, products_seen, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_customer (JsonObject         *object,
                RetourSyncedOrder  *synced,
                GError            **error)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourJsonScope) scope = NULL;
  g_autofree char *order_email = NULL;
  g_autofree char *order_phone = NULL;
  JsonObject *node = retour_json_get_object (object, "customer", FALSE, error);

  if (node == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (!retour_json_dup_string (object, "email", FALSE, &order_email, error) ||
      !retour_json_dup_string (object, "phone", FALSE, &order_phone, error))
    return FALSE;

  if (node != NULL)
    scope = retour_json_enter ("customer");
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
  g_autoptr(RetourJsonScope) scope = NULL;

  /* Digital goods have no shipping address: null. */
  if (address == NULL)
    return error == NULL || *error == NULL;

  scope = retour_json_enter ("shippingAddress");

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

/* The day the customer had the goods is the delivery of the last parcel
 * (CRD art 9(2)(b)): delivered_us is set only when every parcel has been
 * delivered, to the latest delivery; fulfilled_us is the latest dispatch,
 * from which Retour estimates the day while a parcel is on its way.
 * A cancelled fulfillment (a label voided, say) never arrives and is not
 * a parcel. Four fulfillments may be four of more: one not read could
 * still be on its way, so the delivery is then left unknown and the
 * possession date is an estimate, marked as such, that staff can set on
 * the return. A delivery reaches Retour when the order is listed again:
 * in an incremental run if Shopify counts it as an update of the order
 * (not verified), else in the next full run. */
static gboolean
read_fulfillments (JsonObject   *object,
                   RetourOrder  *order,
                   GError      **error)
{
  JsonArray *fulfillments = retour_json_get_array (object, "fulfillments", FALSE, error);
  gboolean all_delivered = TRUE;
  gint64 delivered_us = 0;
  guint n_parcels = 0;

  if (fulfillments == NULL)
    return error == NULL || *error == NULL;

  for (guint i = 0; i < json_array_get_length (fulfillments); i++)
    {
      g_autoptr(RetourJsonScope) scope = retour_json_enter ("fulfillments[%u]", i);
      JsonNode *node = json_array_get_element (fulfillments, i);
      g_autofree char *status = NULL;
      JsonObject *fulfillment;
      gint64 created_us, parcel_delivered_us;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return retour_json_invalid (error, "fulfillments", _("not an object"));
      fulfillment = json_node_get_object (node);

      if (!retour_json_dup_string (fulfillment, "status", FALSE, &status, error) ||
          !retour_json_get_time (fulfillment, "createdAt", NULL, TRUE, &created_us, error) ||
          !retour_json_get_time (fulfillment, "deliveredAt", NULL, FALSE, &parcel_delivered_us, error))
        return FALSE;

      if (status != NULL &&
          (g_str_equal (status, "CANCELLED") || g_str_equal (status, "ERROR") || g_str_equal (status, "FAILURE")))
        continue;

      n_parcels++;
      order->fulfilled_us = MAX (order->fulfilled_us, created_us);
      if (parcel_delivered_us == 0)
        all_delivered = FALSE;
      delivered_us = MAX (delivered_us, parcel_delivered_us);
    }

  if (n_parcels > 0 && all_delivered && json_array_get_length (fulfillments) < FULFILLMENTS_LISTED)
    order->delivered_us = delivered_us;

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
  JsonObject *shipping_set;
  JsonObject *shipping_money = NULL;
  RetourOrder *order = synced->order;
  JsonObject *object, *total_set, *shop_money;
  JsonArray *lines;

  object = retour_connector_order_object (node, order, error);
  if (object == NULL)
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

  order->shipping = retour_money_init (0, currency);
  if ((shipping_set = retour_json_get_object (object, "totalShippingPriceSet", FALSE, error)) != NULL &&
      (shipping_money = retour_json_get_object (shipping_set, "shopMoney", TRUE, error)) == NULL)
    goto failed;
  if (error != NULL && *error != NULL)
    goto failed;

  if (!retour_json_get_money (shop_money, "amount", currency, TRUE, &order->total, error) ||
      (shipping_money != NULL &&
       !retour_json_get_money (shipping_money, "amount", currency, TRUE, &order->shipping, error)) ||
      !retour_json_dup_string (object, "name", FALSE, &order->number, error) ||
      !retour_json_dup_string (object, "displayFulfillmentStatus", FALSE, &fulfillment, error) ||
      !retour_json_get_time (object, "createdAt", NULL, TRUE, &order->ordered_us, error) ||
      !retour_json_get_time (object, "updatedAt", NULL, FALSE, &order->updated_us, error) ||
      !retour_json_get_time (object, "cancelledAt", NULL, FALSE, &order->cancelled_us, error) ||
      !parse_customer (object, synced, error) ||
      !parse_shipping (object, order, error) ||
      !read_fulfillments (object, order, error) ||
      !get_connection (object, "lineItems", &lines, more_lines, lines_cursor, error) ||
      !parse_lines (lines, currency, synced, page->products, products_seen, error))
    goto failed;

  retour_connector_order_settle (order);
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

      g_autoptr(RetourJsonScope) scope = retour_json_enter ("orders.nodes[%u]", i);
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

/* Sets the variables of a query of its kind at the largest sizes whose
 * estimated cost is within @budget, and that cost in *@cost; FALSE, with
 * the cost of the smallest, when not even that is. */
typedef gboolean (*BuildVariablesFunc) (RetourShopifyConnector *self,
                                        gpointer                data,
                                        double                  budget,
                                        JsonBuilder            *variables,
                                        guint                  *cost);

typedef struct
{
  const char         *operation;
  const char         *text;
  gboolean            mutation;
  BuildVariablesFunc  build_variables;
} Query;

typedef struct
{
  RetourShopifyConnector *self;
  gboolean                mutation;
  JsonNode               *root;
  double                  requested;     /* as Shopify priced it; 0: not said */
  guint                   refused_cost;  /* MAX_COST_EXCEEDED: what Shopify said it costs */
  guint                   refused_limit; /* and its limit */
} Call;

static void
call_free (Call *call)
{
  g_clear_pointer (&call->root, json_node_unref);
  g_free (call);
}

/* The most items, up to @preferred, at @each points apiece on top of
 * @fixed, within @budget; 0 when not even one. */
static guint
fit (guint  preferred,
     guint  fixed,
     guint  each,
     double budget)
{
  double room = budget - fixed;

  if (room < each)
    return 0;

  return (guint) MIN ((double) preferred, room / each);
}

/* What one query may cost, in our estimate's points: Shopify's limit, or
 * the bucket when that is smaller (such a query would wait forever),
 * less what Shopify charged above our estimate so far. */
static double
query_budget (RetourShopifyConnector *self)
{
  double limit = self->max_query_cost;

  if (self->bucket_size > 0)
    limit = MIN (limit, self->bucket_size);

  return limit / self->cost_ratio;
}

static double
get_number (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? retour_json_get (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return -1;

  return json_node_get_double (node);
}

/* extensions.cost of an answer: how the bucket stands, to pace the next
 * request; the wait until it holds what this one asked for, -1 when the
 * answer does not say. */
static gint64
read_cost (RetourShopifyConnector *self,
           JsonObject             *root,
           double                 *requested_out)
{
  JsonObject *extensions = retour_json_get_object (root, "extensions", FALSE, NULL);
  JsonObject *cost = extensions != NULL ? retour_json_get_object (extensions, "cost", FALSE, NULL) : NULL;
  JsonObject *status = cost != NULL ? retour_json_get_object (cost, "throttleStatus", FALSE, NULL) : NULL;
  double need = get_number (cost, "requestedQueryCost");
  double size = get_number (status, "maximumAvailable");
  double have = get_number (status, "currentlyAvailable");
  double per_second = get_number (status, "restoreRate");

  *requested_out = MAX (need, 0);
  if (have < 0 || !(per_second > 0))
    return -1;

  self->bucket_size = size > 0 ? size : 0;
  self->bucket_available = have;
  self->restore_rate = per_second;
  self->bucket_at_us = g_get_monotonic_time ();

  if (!(need > have))
    return 0;

  /* A millisecond more: timers round down. */
  return (gint64) ((need - have) / per_second * G_USEC_PER_SEC) + 1000;
}

/* How long until the bucket holds @need points, as it stood at the last
 * answer and has refilled since. */
static gint64
bucket_wait (RetourShopifyConnector *self,
             double                  need)
{
  double have;

  if (!(self->restore_rate > 0))
    return 0;

  have = self->bucket_available +
         self->restore_rate * (double) (g_get_monotonic_time () - self->bucket_at_us) / G_USEC_PER_SEC;
  if (self->bucket_size > 0)
    have = MIN (have, self->bucket_size);
  if (need <= have)
    return 0;

  return (gint64) ((need - have) / self->restore_rate * G_USEC_PER_SEC);
}

/* Shopify's message is several lines with links; the first says it. */
static char *
first_line (const char *message)
{
  const char *end;

  if (message == NULL)
    return g_strdup ("?");

  end = strchr (message, '\n');
  return g_strstrip (end != NULL ? g_strndup (message, end - message) : g_strdup (message));
}

static void
set_too_costly (GError **error,
                guint    cost,
                guint    limit)
{
  /* Translators: points are Shopify's unit of what a request costs it;
   * both numbers are in them. */
  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
               _("Shopify refused a request as too large: it would cost %u points, and Shopify allows %u."),
               cost, limit);
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
  call->requested = 0;
  call->refused_cost = 0;
  call->refused_limit = 0;
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
  wait_us = read_cost (call->self, object, &call->requested);

  errors = retour_json_get_array (object, "errors", FALSE, NULL);
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *extensions;
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;
      g_autofree char *line = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      retour_json_dup_string (json_node_get_object (node), "message", FALSE, &message, NULL);
      extensions = retour_json_get_object (json_node_get_object (node), "extensions", FALSE, NULL);
      if (extensions != NULL)
        retour_json_dup_string (extensions, "code", FALSE, &code, NULL);
      line = first_line (message);

      if (g_strcmp0 (code, "THROTTLED") == 0)
        {
          /* Wait until the bucket holds what this query asks for. */
          g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE, _("Throttled by Shopify"));
          *retry_after_us = wait_us > 0 ? wait_us : -1;
          return RETOUR_HTTP_RETRY;
        }
      if (g_strcmp0 (code, "MAX_COST_EXCEEDED") == 0)
        {
          double cost = get_number (extensions, "cost");
          double limit = get_number (extensions, "maxCost");

          /* The caller sends a smaller one; this is what shows if it
           * cannot. */
          call->refused_cost = cost > 0 ? (guint) MIN (cost, G_MAXUINT) : 0;
          call->refused_limit = limit > 0 ? (guint) MIN (limit, G_MAXUINT) : 0;
          if (call->refused_cost > 0)
            set_too_costly (error, call->refused_cost,
                            call->refused_limit > 0 ? call->refused_limit : MAX_QUERY_COST);
          else
            g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                         _("Shopify refused the query: %s"), line);
          return RETOUR_HTTP_FAIL;
        }
      if (g_strcmp0 (code, "ACCESS_DENIED") == 0)
        {
          g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN,
                       _("The access token for %s is missing a permission (scope): %s"), where, line);
          return RETOUR_HTTP_FAIL;
        }

      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                   _("Shopify refused the query: %s"), line);
      return RETOUR_HTTP_FAIL;
    }

  return RETOUR_HTTP_DONE;
}

static void send_query_now (GTask *task);

typedef struct
{
  const Query *query;
  gpointer     query_data;  /* for its variables; the caller's, and alive while this runs */
  GBytes      *body;
  guint        estimate;    /* of the query in body */
  Call        *call;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->call, call_free);
  g_free (data);
}

/* The request at the sizes the budget allows now; FALSE with @error when
 * nothing fits, or nothing smaller than what was refused. */
static gboolean
build_request (RetourShopifyConnector  *self,
               QueryData               *data,
               GError                 **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint refused = data->body != NULL ? data->estimate : 0;
  guint estimate = 0;
  gboolean fits;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operationName");
  json_builder_add_string_value (builder, data->query->operation);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, data->query->text);
  json_builder_set_member_name (builder, "variables");
  json_builder_begin_object (builder);
  fits = data->query->build_variables (self, data->query_data, query_budget (self), builder, &estimate);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (!fits || (refused > 0 && estimate >= refused))
    {
      set_too_costly (error, (guint) MIN (estimate * self->cost_ratio, G_MAXUINT), (guint) self->max_query_cost);
      return FALSE;
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  g_clear_pointer (&data->body, g_bytes_unref);
  data->body = g_bytes_new_take (text, length);
  data->estimate = estimate;

  return TRUE;
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

/* Paced by the bucket: the query goes when it holds what the query will
 * ask for, so that a sync does not run into THROTTLED. */
static void
send_when_bucket_holds (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  gint64 wait_us = bucket_wait (self, data->estimate * self->cost_ratio);

  if (wait_us > 0)
    {
      g_autoptr(GSource) source = g_timeout_source_new ((guint) (wait_us / 1000 + 1));

      if (g_task_get_cancellable (task) != NULL)
        {
          g_autoptr(GSource) cancelled = g_cancellable_source_new (g_task_get_cancellable (task));

          g_source_set_dummy_callback (cancelled);
          g_source_add_child_source (source, cancelled);
        }
      g_debug ("Waiting %" G_GINT64_FORMAT " ms for Shopify's cost bucket", wait_us / 1000);
      g_task_attach_source (task, source, on_bucket_refilled);
      return;
    }

  send_query_now (task);
}

static void on_query_answer (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
send_query_now (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  const char *headers[] = { "X-Shopify-Access-Token", self->token, NULL };
  RetourHttpRequest request = { "POST", self->endpoint, "application/json", data->body, headers,
                                !data->query->mutation };

  retour_http_send_async (self->http, &request, classify, data->call,
                          g_task_get_cancellable (task), on_query_answer, task);
}

/* Runs one GraphQL operation; the task returns its answer. */
static void
send_query (RetourShopifyConnector *self,
            const Query            *query,
            gpointer                query_data,
            GCancellable           *cancellable,
            GAsyncReadyCallback     callback,
            gpointer                user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  QueryData *data = g_new0 (QueryData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, send_query);
  data->query = query;
  data->query_data = query_data;
  data->call = g_new0 (Call, 1);
  data->call->self = self;
  data->call->mutation = query->mutation;
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);

  if (!build_request (self, data, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_when_bucket_holds (task);
}

static void
on_query_answer (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  Call *call = data->call;
  g_autoptr(RetourHttpResponse) response = NULL;
  GError *error = NULL;

  response = retour_http_send_finish (RETOUR_HTTP (object), result, &error);
  if (response == NULL && call->refused_cost > 0)
    {
      /* Too costly for Shopify: learn by how much, and ask for less. */
      if (call->refused_limit > 0)
        self->max_query_cost = call->refused_limit;
      self->cost_ratio = MAX (self->cost_ratio, (double) call->refused_cost / MAX (data->estimate, 1));
      g_debug ("%s cost %u by Shopify's count (%u by ours), over %u: asking for less",
               data->query->operation, call->refused_cost, data->estimate, (guint) self->max_query_cost);

      g_clear_error (&error);
      if (build_request (self, data, &error))
        {
          send_when_bucket_holds (task);
          return;
        }
    }

  if (response == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Shopify counts more than we do: the next queries are made smaller. */
  if (call->requested > data->estimate && data->estimate > 0)
    self->cost_ratio = MAX (self->cost_ratio, call->requested / data->estimate);

  g_task_return_pointer (task, json_node_ref (call->root), (GDestroyNotify) json_node_unref);
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

static void
add_int_variable (JsonBuilder *variables,
                  const char  *name,
                  gint64       value)
{
  json_builder_set_member_name (variables, name);
  json_builder_add_int_value (variables, value);
}

static void
add_string_variable (JsonBuilder *variables,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (variables, name);
  if (value != NULL)
    json_builder_add_string_value (variables, value);
  else
    json_builder_add_null_value (variables);
}

/* ----------------------------------------------------------- list orders */

typedef struct
{
  char            *query;     /* updated_at:>'…', or NULL for all */
  char            *cursor;
  gboolean         asked_scopes;
  RetourOrderPage *page;
  GPtrArray       *more;      /* of MoreLines*, fetched one after another */
  GHashTable      *products_seen;
  GArray          *dropped;   /* indexes of orders deleted while we looked */
  gboolean         fetch;     /* asked for by id: no watermark to move */
} ListData;

/* RetourOrders: the most orders that fit, then fewer lines with each. */
static gboolean
build_orders_variables (RetourShopifyConnector *self,
                        gpointer                user_data,
                        double                  budget,
                        JsonBuilder            *variables,
                        guint                  *cost)
{
  ListData *data = user_data;
  guint fixed = (data->asked_scopes ? 2 : 0) + 3;
  guint lines = self->line_page_size;
  guint orders;

  while ((orders = fit (self->page_size, fixed, ORDER_COST + LINE_COST * lines, budget)) == 0 && lines > 1)
    lines--;
  *cost = fixed + MAX (orders, 1) * (ORDER_COST + LINE_COST * lines);

  add_int_variable (variables, "first", orders);
  add_int_variable (variables, "lines", lines);
  json_builder_set_member_name (variables, "scopes");
  json_builder_add_boolean_value (variables, data->asked_scopes);
  add_string_variable (variables, "after", data->cursor);
  add_string_variable (variables, "query", data->query);

  return orders > 0;
}

static const Query orders_kind = { "RetourOrders", orders_query, FALSE, build_orders_variables };

/* RetourOrderLines: the next lines of the first order that has more. */
static gboolean
build_lines_variables (RetourShopifyConnector *self,
                       gpointer                user_data,
                       double                  budget,
                       JsonBuilder            *variables,
                       guint                  *cost)
{
  ListData *data = user_data;
  MoreLines *more = g_ptr_array_index (data->more, 0);
  RetourSyncedOrder *synced = g_ptr_array_index (data->page->orders, more->order_index);
  guint lines = fit (MAX_PAGE, 4, LINE_COST, budget);

  *cost = 4 + LINE_COST * MAX (lines, 1);
  add_string_variable (variables, "id", synced->order->external_id);
  add_int_variable (variables, "first", lines);
  add_string_variable (variables, "after", more->cursor);

  return lines > 0;
}

static const Query lines_kind = { "RetourOrderLines", lines_query, FALSE, build_lines_variables };

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
  g_free (data->query);
  g_free (data->cursor);
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

  if (data->fetch)
    data->page->watermark_us = 0;

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

  if (data->more->len == 0)
    {
      finish_list (task);
      return;
    }

  send_query (self, &lines_kind, data, g_task_get_cancellable (task), on_more_lines, task);
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
    data->page->listed_within_us = (gint64) LISTED_DAYS * 24 * 3600 * G_USEC_PER_SEC;

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
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, retour_shopify_connector_list_orders_async);
  data->more = g_ptr_array_new_with_free_func ((GDestroyNotify) more_lines_free);
  data->products_seen = g_hash_table_new (g_str_hash, g_str_equal);
  data->dropped = g_array_new (FALSE, FALSE, sizeof (guint));
  data->cursor = g_strdup (cursor);
  /* Once per listing: the scopes may have changed since the last one. */
  data->asked_scopes = cursor == NULL || self->order_scope == SCOPE_UNKNOWN;
  if (since_us > 0)
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (since_us / G_USEC_PER_SEC);

      data->query = g_date_time_format (since, "updated_at:>'%Y-%m-%dT%H:%M:%SZ'");
    }
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  send_query (self, &orders_kind, data, cancellable, on_orders, task);
}

/* The orders of these ids, by Shopify's search ("id:1 OR id:2"): one page,
 * moving no watermark. */
static void
retour_shopify_connector_fetch_orders_async (RetourConnector     *connector,
                                             const char * const  *external_ids,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);
  g_autoptr(GString) query = g_string_new (NULL);

  g_task_set_source_tag (task, retour_shopify_connector_fetch_orders_async);
  data->more = g_ptr_array_new_with_free_func ((GDestroyNotify) more_lines_free);
  data->products_seen = g_hash_table_new (g_str_hash, g_str_equal);
  data->dropped = g_array_new (FALSE, FALSE, sizeof (guint));
  data->fetch = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  /* Ids are gids; the search takes the number at their end. */
  for (guint i = 0; external_ids[i] != NULL; i++)
    {
      const char *number = g_str_has_prefix (external_ids[i], "gid://shopify/Order/")
                           ? external_ids[i] + strlen ("gid://shopify/Order/") : NULL;

      if (number != NULL && g_ascii_string_to_unsigned (number, 10, 1, G_MAXINT64, NULL, NULL))
        g_string_append_printf (query, "%sid:%s", query->len > 0 ? " OR " : "", number);
    }

  if (query->len == 0)
    {
      g_task_return_pointer (task, retour_order_page_new (), (GDestroyNotify) retour_order_page_free);
      g_object_unref (task);
      return;
    }

  data->query = g_string_free (g_steal_pointer (&query), FALSE);
  send_query (self, &orders_kind, data, cancellable, on_orders, task);
}

/* ------------------------------------------------------------ write-back */

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

/* A fulfillment with more returnable line items than its first page. */
typedef struct
{
  char *fulfillment_id;
  char *cursor;
} MoreReturnable;

static void
more_returnable_free (MoreReturnable *more)
{
  g_free (more->fulfillment_id);
  g_free (more->cursor);
  g_free (more);
}

typedef struct
{
  char       *order_id;
  char       *marker;           /* "[retour:KEY]" in the refund's note */
  JsonNode   *input;
  guint       posts;
  char       *return_marker;    /* "[retour:RMA]" in the return's notes; NULL: no return */
  guint       return_posts;
  GPtrArray  *return_lines;     /* of RetourWriteBackLine*, borrowed from the write-back */
  JsonNode   *return_input;     /* the returnCreate input being sent */
  char       *cursor;           /* of the returns, then of the returnable fulfillments */
  GPtrArray  *returnable;       /* of Returnable*, read so far */
  GPtrArray  *more_returnable;  /* of MoreReturnable*, read one after another */
} RefundData;

static void
refund_data_free (RefundData *data)
{
  g_free (data->order_id);
  g_free (data->marker);
  g_clear_pointer (&data->input, json_node_unref);
  g_free (data->return_marker);
  g_clear_pointer (&data->return_lines, g_ptr_array_unref);
  g_clear_pointer (&data->return_input, json_node_unref);
  g_free (data->cursor);
  g_clear_pointer (&data->returnable, g_ptr_array_unref);
  g_clear_pointer (&data->more_returnable, g_ptr_array_unref);
  g_free (data);
}

static gboolean
build_refunds_variables (RetourShopifyConnector *self,
                         gpointer                user_data,
                         double                  budget,
                         JsonBuilder            *variables,
                         guint                  *cost)
{
  RefundData *data = user_data;

  *cost = 3 + REFUNDS_LISTED;
  add_string_variable (variables, "id", data->order_id);

  return *cost <= budget;
}

static const Query refunds_kind = { "RetourOrderRefunds", refunds_query, FALSE, build_refunds_variables };

static gboolean
build_refund_variables (RetourShopifyConnector *self,
                        gpointer                user_data,
                        double                  budget,
                        JsonBuilder            *variables,
                        guint                  *cost)
{
  RefundData *data = user_data;

  *cost = MUTATION_COST;
  json_builder_set_member_name (variables, "input");
  json_builder_add_value (variables, json_node_copy (data->input));

  return *cost <= budget;
}

static const Query refund_kind = { "RetourRefundCreate", refund_mutation, TRUE, build_refund_variables };

/* RetourOrderReturns: a page of the order's returns, one line of each. */
static gboolean
build_returns_variables (RetourShopifyConnector *self,
                         gpointer                user_data,
                         double                  budget,
                         JsonBuilder            *variables,
                         guint                  *cost)
{
  RefundData *data = user_data;
  guint returns = fit (RETURNS_PER_PAGE, 4, 4, budget);

  *cost = 4 + 4 * MAX (returns, 1);
  add_string_variable (variables, "id", data->order_id);
  add_int_variable (variables, "first", returns);
  add_string_variable (variables, "after", data->cursor);

  return returns > 0;
}

static const Query returns_kind = { "RetourOrderReturns", returns_query, FALSE, build_returns_variables };

/* RetourReturnableFulfillments: the most fulfillments that fit, then
 * fewer line items of each. */
static gboolean
build_returnable_variables (RetourShopifyConnector *self,
                            gpointer                user_data,
                            double                  budget,
                            JsonBuilder            *variables,
                            guint                  *cost)
{
  RefundData *data = user_data;
  guint lines = FULFILLMENT_LINES_PER_PAGE;
  guint fulfillments;

  while ((fulfillments = fit (FULFILLMENTS_PER_PAGE, 3, 4 + 3 * lines, budget)) == 0 && lines > 1)
    lines--;
  *cost = 3 + MAX (fulfillments, 1) * (4 + 3 * lines);

  add_string_variable (variables, "id", data->order_id);
  add_int_variable (variables, "first", fulfillments);
  add_string_variable (variables, "after", data->cursor);
  add_int_variable (variables, "lines", lines);

  return fulfillments > 0;
}

static const Query returnable_kind = {
  "RetourReturnableFulfillments", returnable_query, FALSE, build_returnable_variables
};

/* RetourFulfillmentLines: the next line items of the first fulfillment
 * that has more. */
static gboolean
build_fulfillment_lines_variables (RetourShopifyConnector *self,
                                   gpointer                user_data,
                                   double                  budget,
                                   JsonBuilder            *variables,
                                   guint                  *cost)
{
  RefundData *data = user_data;
  MoreReturnable *more = g_ptr_array_index (data->more_returnable, 0);
  guint lines = fit (MAX_PAGE, 4, 3, budget);

  *cost = 4 + 3 * MAX (lines, 1);
  add_string_variable (variables, "id", more->fulfillment_id);
  add_int_variable (variables, "first", lines);
  add_string_variable (variables, "after", more->cursor);

  return lines > 0;
}

static const Query fulfillment_lines_kind = {
  "RetourFulfillmentLines", fulfillment_lines_query, FALSE, build_fulfillment_lines_variables
};

static gboolean
build_return_variables (RetourShopifyConnector *self,
                        gpointer                user_data,
                        double                  budget,
                        JsonBuilder            *variables,
                        guint                  *cost)
{
  RefundData *data = user_data;

  *cost = MUTATION_COST;
  json_builder_set_member_name (variables, "input");
  json_builder_add_value (variables, json_node_copy (data->return_input));

  return *cost <= budget;
}

static const Query return_kind = { "RetourReturnCreate", return_mutation, TRUE, build_return_variables };

static void send_refund_lookup (GTask *task);
static void send_return_lookup (GTask *task);

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

/* The id of what a mutation (@posts sent so far) made, from its answer:
 * data.@mutation.@made.id. NULL when it made nothing: with *@out_lost set
 * when the answer was lost and it may have been carried out all the same
 * (look for it before sending it again), with *@out_refused set to
 * Shopify's reason when it refused (userErrors), else with @error. */
static char *
finish_mutation (RetourShopifyConnector  *self,
                 GAsyncResult            *result,
                 const char              *mutation,
                 const char              *made,
                 guint                    posts,
                 gboolean                *out_lost,
                 char                   **out_refused,
                 GError                 **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object_data, *payload, *object;
  char *id = NULL;

  *out_lost = FALSE;
  *out_refused = NULL;

  root = send_query_finish (self, result, &local_error);
  if (root == NULL)
    {
      *out_lost = retour_connector_outcome_unknown (self->http, local_error, posts);
      if (*out_lost)
        g_debug ("%s failed (%s); looking for it before trying again", mutation, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if ((object_data = get_data (root, error)) == NULL ||
      (payload = retour_json_get_object (object_data, mutation, TRUE, error)) == NULL ||
      (*out_refused = first_user_error (payload)) != NULL)
    return NULL;

  if ((object = retour_json_get_object (payload, made, TRUE, error)) == NULL ||
      !retour_json_dup_string (object, "id", TRUE, &id, error))
    return NULL;

  return id;
}

/* The order a lookup asked about, from its answer (kept in @root); NULL
 * with @error, which says so when Shopify no longer has the order. */
static JsonObject *
finish_order_lookup (RetourShopifyConnector  *self,
                     GAsyncResult            *result,
                     JsonNode               **root,
                     GError                 **error)
{
  JsonObject *object_data, *order;
  GError *local_error = NULL;

  *root = send_query_finish (self, result, &local_error);
  if (*root == NULL || (object_data = get_data (*root, &local_error)) == NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  order = retour_json_get_object (object_data, "order", FALSE, &local_error);
  if (order == NULL && local_error == NULL)
    g_set_error_literal (&local_error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                         _("The order no longer exists in Shopify."));
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return order;
}

static void
on_refund_created (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  RefundData *data = g_task_get_task_data (task);
  g_autofree char *refused = NULL;
  GError *error = NULL;
  gboolean lost;
  char *id;

  id = finish_mutation (RETOUR_SHOPIFY_CONNECTOR (object), result, "refundCreate", "refund", data->posts,
                        &lost, &refused, &error);
  /* The answer is lost, not necessarily the refund: look first. */
  if (lost)
    {
      send_refund_lookup (task);
      return;
    }
  if (refused != NULL)
    g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("Shopify refused the refund: %s"), refused);

  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
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
  g_autoptr(JsonNode) root = NULL;
  JsonObject *order;
  JsonArray *refunds;
  GError *error = NULL;

  order = finish_order_lookup (self, result, &root, &error);
  if (order == NULL)
    goto failed;

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
  send_query (self, &refund_kind, data, g_task_get_cancellable (task), on_refund_created, task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
send_refund_lookup (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);

  send_query (self, &refunds_kind, g_task_get_task_data (task), g_task_get_cancellable (task),
              on_refund_lookup, task);
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

/* One page of a fulfillment's returnableFulfillmentLineItems {"nodes":
 * [{"quantity": 1, "fulfillmentLineItem": {"id": …, "lineItem": {"id": …}}}]},
 * added to what is returnable. */
static gboolean
read_returnable_lines (JsonObject  *fulfillment,
                       GPtrArray   *items,
                       gboolean    *has_next,
                       char       **cursor,
                       GError     **error)
{
  JsonArray *lines;

  if (!get_connection (fulfillment, "returnableFulfillmentLineItems", &lines, has_next, cursor, error))
    return FALSE;

  for (guint j = 0; j < json_array_get_length (lines); j++)
    {
      JsonNode *line = json_array_get_element (lines, j);
      JsonObject *fulfillment_line, *line_item;
      Returnable *item;

      if (!JSON_NODE_HOLDS_OBJECT (line))
        return retour_json_invalid (error, "returnableFulfillmentLineItems", _("an item is not an object"));

      item = g_new0 (Returnable, 1);
      g_ptr_array_add (items, item);
      if (!retour_json_get_int (json_node_get_object (line), "quantity", TRUE, 0, &item->quantity, error) ||
          (fulfillment_line = retour_json_get_object (json_node_get_object (line), "fulfillmentLineItem",
                                                      TRUE, error)) == NULL ||
          !retour_json_dup_string (fulfillment_line, "id", TRUE, &item->id, error) ||
          (line_item = retour_json_get_object (fulfillment_line, "lineItem", TRUE, error)) == NULL ||
          !retour_json_dup_string (line_item, "id", TRUE, &item->line_id, error))
        return FALSE;
      if (item->quantity < 0)
        return retour_json_invalid (error, "quantity", _("out of range"));
    }

  return TRUE;
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
  RefundData *data = g_task_get_task_data (task);
  g_autofree char *refused = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;
  gboolean lost;

  id = finish_mutation (RETOUR_SHOPIFY_CONNECTOR (object), result, "returnCreate", "return", data->return_posts,
                        &lost, &refused, &error);
  if (lost)
    {
      send_return_lookup (task);
      return;
    }
  if (refused != NULL)
    g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("Shopify refused the return: %s"), refused);
  if (id == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_debug ("Created return %s of order %s", id, data->order_id);
  send_refund_lookup (task);
}

static void on_returnable_page (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_fulfillment_lines (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);

/* All that is returnable is read: the return, if anything of what comes
 * back is. */
static void
create_return (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);
  JsonNode *input = build_return_input (data, data->returnable);

  if (input == NULL)
    {
      g_debug ("Nothing of order %s is returnable in Shopify: refund only", data->order_id);
      send_refund_lookup (task);
      return;
    }

  g_clear_pointer (&data->return_input, json_node_unref);
  data->return_input = input;
  data->return_posts++;
  send_query (self, &return_kind, data, g_task_get_cancellable (task), on_return_created, task);
}

/* The next page of returnable fulfillments, then the next page of line
 * items of each fulfillment that has more, then the return. */
static void
read_more_returnable (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);

  if (data->cursor != NULL)
    send_query (self, &returnable_kind, data, g_task_get_cancellable (task), on_returnable_page, task);
  else if (data->more_returnable->len > 0)
    send_query (self, &fulfillment_lines_kind, data, g_task_get_cancellable (task), on_fulfillment_lines, task);
  else
    create_return (task);
}

static void
on_fulfillment_lines (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  MoreReturnable *more = g_ptr_array_index (data->more_returnable, 0);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  JsonObject *object_data, *fulfillment;
  gboolean has_next = FALSE;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;

  /* Null once nothing of it is returnable any more. */
  fulfillment = retour_json_get_object (object_data, "returnableFulfillment", FALSE, &error);
  if (error != NULL ||
      (fulfillment != NULL &&
       !read_returnable_lines (fulfillment, data->returnable, &has_next, &cursor, &error)))
    {
      g_prefix_error (&error, _("Order %s: "), data->order_id);
      goto failed;
    }

  if (has_next)
    {
      g_free (more->cursor);
      more->cursor = g_steal_pointer (&cursor);
    }
  else
    g_ptr_array_remove_index (data->more_returnable, 0);

  read_more_returnable (task);
  return;

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* A page of {"returnableFulfillments": {"nodes": [{"id": …,
 * "returnableFulfillmentLineItems": …}]}}. */
static void
on_returnable_page (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  JsonObject *object_data;
  JsonArray *nodes = NULL;
  gboolean has_next = FALSE;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;

  /* None at all: nothing was shipped. */
  if (retour_json_get (object_data, "returnableFulfillments") != NULL &&
      !get_connection (object_data, "returnableFulfillments", &nodes, &has_next, &cursor, &error))
    goto prefixed;

  for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      g_autofree char *id = NULL;
      g_autofree char *lines_cursor = NULL;
      gboolean more_lines = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          retour_json_invalid (&error, "returnableFulfillments", _("an item is not an object"));
          goto prefixed;
        }
      if (!retour_json_dup_string (json_node_get_object (node), "id", FALSE, &id, &error) ||
          !read_returnable_lines (json_node_get_object (node), data->returnable, &more_lines, &lines_cursor,
                                  &error))
        goto prefixed;

      if (more_lines)
        {
          MoreReturnable *more = g_new0 (MoreReturnable, 1);

          if (id == NULL)
            {
              more_returnable_free (more);
              retour_json_invalid (&error, "id", _("missing"));
              goto prefixed;
            }
          more->fulfillment_id = g_steal_pointer (&id);
          more->cursor = g_steal_pointer (&lines_cursor);
          g_ptr_array_add (data->more_returnable, more);
        }
    }

  g_free (data->cursor);
  data->cursor = has_next ? g_steal_pointer (&cursor) : NULL;
  read_more_returnable (task);
  return;

prefixed:
  g_prefix_error (&error, _("Order %s: "), data->order_id);
failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
send_returnable_lookup (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  RefundData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->cursor, g_free);
  g_ptr_array_set_size (data->returnable, 0);
  g_ptr_array_set_size (data->more_returnable, 0);
  send_query (self, &returnable_kind, data, g_task_get_cancellable (task), on_returnable_page, task);
}

/* A page of the order's returns: one with the RMA's marker is the return
 * made already, by an earlier refund of the RMA or an answer that was
 * lost, and the refund is next. */
static void
on_returns_page (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RefundData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  JsonObject *order;
  JsonArray *nodes = NULL;
  gboolean has_next = FALSE;
  GError *error = NULL;

  order = finish_order_lookup (self, result, &root, &error);
  if (order == NULL)
    goto failed;

  if (retour_json_get (order, "returns") != NULL &&
      !get_connection (order, "returns", &nodes, &has_next, &cursor, &error))
    {
      g_prefix_error (&error, _("Order %s: "), data->order_id);
      goto failed;
    }

  for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && has_marker (json_node_get_object (node), data->return_marker))
        {
          send_refund_lookup (task);
          return;
        }
    }

  g_free (data->cursor);
  data->cursor = has_next ? g_steal_pointer (&cursor) : NULL;
  if (data->cursor != NULL)
    send_query (self, &returns_kind, data, g_task_get_cancellable (task), on_returns_page, task);
  else
    send_returnable_lookup (task);
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

  g_clear_pointer (&data->cursor, g_free);
  send_query (self, &returns_kind, data, g_task_get_cancellable (task), on_returns_page, task);
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

  /* Nothing comes back from a refund without return; and a return the
   * customer requested is in Shopify already, approved. */
  if (!write_back->items_return || write_back->lines->len == 0 || write_back->return_external_id != NULL)
    {
      send_refund_lookup (task);
      return;
    }

  /* Before the RMA is authorized it has no number; its first refund's
   * key stands in. */
  data->return_marker = g_strdup_printf ("[retour:%s]", write_back->rma_number != NULL ? write_back->rma_number
                                                                                      : write_back->idempotency_key);
  data->return_lines = g_ptr_array_ref (write_back->lines);
  data->returnable = g_ptr_array_new_with_free_func ((GDestroyNotify) returnable_free);
  data->more_returnable = g_ptr_array_new_with_free_func ((GDestroyNotify) more_returnable_free);
  send_return_lookup (task);
}

/* -------------------------------------------------------- return requests */

static gboolean
parse_request_status (const char                 *text,
                      RetourReturnRequestStatus  *status,
                      GError                    **error)
{
  static const struct { const char *name; RetourReturnRequestStatus status; } statuses[] = {
    { "REQUESTED", RETOUR_RETURN_REQUEST_REQUESTED },
    { "OPEN", RETOUR_RETURN_REQUEST_OPEN },
    { "DECLINED", RETOUR_RETURN_REQUEST_DECLINED },
    { "CANCELED", RETOUR_RETURN_REQUEST_CANCELED },
    { "CLOSED", RETOUR_RETURN_REQUEST_CLOSED },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (text, statuses[i].name))
      {
        *status = statuses[i].status;
        return TRUE;
      }

  return retour_json_invalid (error, "status", _("not a return status"));
}

/* One return line item; an unverified one (made outside Shopify's
 * fulfillments) names no order line and cannot be read. */
static gboolean
parse_request_line (JsonNode             *node,
                    RetourReturnRequest  *request,
                    GError              **error)
{
  RetourReturnRequestLine *line;
  JsonObject *object, *fulfillment, *line_item;
  g_autofree char *line_id = NULL;
  gint64 quantity;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return retour_json_invalid (error, "returnLineItems", _("not an object"));
  object = json_node_get_object (node);

  if ((fulfillment = retour_json_get_object (object, "fulfillmentLineItem", TRUE, error)) == NULL ||
      (line_item = retour_json_get_object (fulfillment, "lineItem", TRUE, error)) == NULL ||
      !retour_json_dup_string (line_item, "id", TRUE, &line_id, error) ||
      !retour_json_get_int (object, "quantity", TRUE, 0, &quantity, error))
    return FALSE;
  if (quantity < 1 || quantity > G_MAXINT)
    return retour_json_invalid (error, "quantity", _("not a quantity"));

  line = g_new0 (RetourReturnRequestLine, 1);
  g_ptr_array_add (request->lines, line);
  line->line_external_id = g_steal_pointer (&line_id);
  line->quantity = (guint) quantity;

  if (!retour_json_dup_string (object, "returnReason", FALSE, &line->reason, error) ||
      !retour_json_dup_string (object, "customerNote", FALSE, &line->note, error))
    return FALSE;
  line->note = retour_json_null_if_empty (line->note);

  return TRUE;
}

/* A Return of the order @order_id (NULL: its own order { id }). */
static RetourReturnRequest *
parse_request (JsonObject  *object,
               const char  *order_id,
               GError     **error)
{
  g_autoptr(RetourReturnRequest) request = retour_return_request_new ();
  g_autofree char *status = NULL;
  JsonArray *nodes;
  JsonObject *order, *lines, *page_info;
  gboolean more = FALSE;

  if (!retour_json_dup_string (object, "id", TRUE, &request->external_id, error) ||
      !retour_json_dup_string (object, "name", FALSE, &request->name, error) ||
      !retour_json_dup_string (object, "status", TRUE, &status, error) ||
      !parse_request_status (status, &request->status, error) ||
      !retour_json_get_time (object, "createdAt", NULL, TRUE, &request->requested_us, error))
    return NULL;

  if (order_id != NULL)
    request->order_external_id = g_strdup (order_id);
  else if ((order = retour_json_get_object (object, "order", TRUE, error)) == NULL ||
           !retour_json_dup_string (order, "id", TRUE, &request->order_external_id, error))
    return NULL;

  if ((lines = retour_json_get_object (object, "returnLineItems", TRUE, error)) == NULL ||
      (nodes = retour_json_get_array (lines, "nodes", TRUE, error)) == NULL)
    return NULL;
  page_info = retour_json_get_object (lines, "pageInfo", FALSE, error);
  if (page_info != NULL && !retour_json_get_bool (page_info, "hasNextPage", &more, error))
    return NULL;
  if (error != NULL && *error != NULL)
    return NULL;
  request->lines_complete = !more;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      g_autoptr(RetourJsonScope) scope = retour_json_enter ("returnLineItems.nodes[%u]", i);

      if (!parse_request_line (json_array_get_element (nodes, i), request, error))
        return NULL;
    }
  if (request->lines->len == 0)
    {
      retour_json_invalid (error, "returnLineItems", _("empty"));
      return NULL;
    }

  return g_steal_pointer (&request);
}

typedef struct
{
  char            *cursor;      /* of the listing */
  char            *external_id; /* of the one return fetched */
  RetourOrderPage *page;
  guint            next;        /* the request whose lines are read in full next */
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_free (data->cursor);
  g_free (data->external_id);
  g_clear_pointer (&data->page, retour_order_page_free);
  g_free (data);
}

/* RetourReturnRequests: as many orders as fit, then fewer lines, then
 * fewer returns of each. */
static gboolean
build_requests_variables (RetourShopifyConnector *self,
                          gpointer                user_data,
                          double                  budget,
                          JsonBuilder            *variables,
                          guint                  *cost)
{
  RequestData *data = user_data;
  guint returns = REQUEST_RETURNS, lines = REQUEST_LINES;
  guint orders;

  while ((orders = fit (MAX_PAGE, 3, 4 + returns * (4 + REQUEST_LINE_COST * lines), budget)) == 0 &&
         (lines > 1 || returns > 1))
    {
      if (lines > 1)
        lines--;
      else
        returns--;
    }
  *cost = 3 + MAX (orders, 1) * (4 + returns * (4 + REQUEST_LINE_COST * lines));

  add_int_variable (variables, "first", orders);
  add_int_variable (variables, "returns", returns);
  add_int_variable (variables, "lines", lines);
  add_string_variable (variables, "after", data->cursor);

  return orders > 0;
}

static const Query requests_kind = { "RetourReturnRequests", requests_query, FALSE, build_requests_variables };

/* RetourReturnRequest: one return, with as many of its lines as fit. */
static gboolean
build_request_variables (RetourShopifyConnector *self,
                         gpointer                user_data,
                         double                  budget,
                         JsonBuilder            *variables,
                         guint                  *cost)
{
  RequestData *data = user_data;
  guint lines = fit (MAX_PAGE, 5, REQUEST_LINE_COST, budget);

  *cost = 5 + REQUEST_LINE_COST * MAX (lines, 1);
  add_string_variable (variables, "id", data->external_id);
  add_int_variable (variables, "lines", lines);

  return lines > 0;
}

static const Query request_kind = { "RetourReturnRequest", request_query, FALSE, build_request_variables };

/* The requests of one answer of RetourReturnRequests: each REQUESTED
 * return of each order; one that cannot be read is left out and said. */
static RetourOrderPage *
parse_requests_data (JsonObject  *data,
                     GError     **error)
{
  g_autoptr(RetourOrderPage) page = retour_order_page_new ();
  JsonArray *nodes;
  gboolean has_next;

  if (!get_connection (data, "orders", &nodes, &has_next, &page->next_cursor, error))
    return NULL;
  if (!has_next)
    g_clear_pointer (&page->next_cursor, g_free);

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      g_autoptr(RetourJsonScope) scope = retour_json_enter ("orders.nodes[%u]", i);
      JsonNode *node = json_array_get_element (nodes, i);
      g_autofree char *order_id = NULL;
      JsonObject *order, *returns;
      JsonArray *list;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          retour_json_invalid (error, "orders.nodes", _("not an object"));
          return NULL;
        }
      order = json_node_get_object (node);
      if (!retour_json_dup_string (order, "id", TRUE, &order_id, error) ||
          (returns = retour_json_get_object (order, "returns", TRUE, error)) == NULL ||
          (list = retour_json_get_array (returns, "nodes", TRUE, error)) == NULL)
        return NULL;

      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          g_autoptr(RetourJsonScope) return_scope = retour_json_enter ("returns.nodes[%u]", j);
          JsonNode *item = json_array_get_element (list, j);
          g_autoptr(GError) request_error = NULL;
          g_autofree char *status = NULL;
          RetourReturnRequest *request;

          /* Only what waits for the shop is new to it. */
          if (!JSON_NODE_HOLDS_OBJECT (item) ||
              !retour_json_dup_string (json_node_get_object (item), "status", FALSE, &status, NULL) ||
              g_strcmp0 (status, "REQUESTED") != 0)
            continue;

          request = parse_request (json_node_get_object (item), order_id, &request_error);
          if (request == NULL)
            {
              g_message ("A return requested in order %s cannot be read: %s", order_id, request_error->message);
              continue;
            }
          g_ptr_array_add (page->return_requests, request);
        }
    }

  return g_steal_pointer (&page);
}

static void read_request_lines (GTask *task);

static void
on_request_lines (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object_data, *returned;
  RetourReturnRequest *whole;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  returned = retour_json_get_object (object_data, "return", FALSE, &error);
  if (returned == NULL && error == NULL)
    {
      /* Gone since the listing: nothing to take. */
      g_ptr_array_remove_index (data->page->return_requests, data->next);
      read_request_lines (task);
      return;
    }
  if (returned == NULL || (whole = parse_request (returned, NULL, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  retour_return_request_free (g_ptr_array_index (data->page->return_requests, data->next));
  g_ptr_array_index (data->page->return_requests, data->next) = whole;
  data->next++;
  read_request_lines (task);
}

/* A request with more lines than the listing holds is read again whole. */
static void
read_request_lines (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);

  for (; data->next < data->page->return_requests->len; data->next++)
    {
      RetourReturnRequest *request = g_ptr_array_index (data->page->return_requests, data->next);

      if (!request->lines_complete)
        {
          g_free (data->external_id);
          data->external_id = g_strdup (request->external_id);
          send_query (self, &request_kind, data, g_task_get_cancellable (task), on_request_lines, task);
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&data->page), (GDestroyNotify) retour_order_page_free);
  g_object_unref (task);
}

static void
on_requests (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object_data;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL ||
      (data->page = parse_requests_data (object_data, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  read_request_lines (task);
}

static void
retour_shopify_connector_list_return_requests_async (RetourConnector     *connector,
                                                     const char          *cursor,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RequestData *data = g_new0 (RequestData, 1);

  g_task_set_source_tag (task, retour_shopify_connector_list_return_requests_async);
  data->cursor = g_strdup (cursor);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  send_query (self, &requests_kind, data, cancellable, on_requests, task);
}

static void
on_request_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RetourReturnRequest) request = NULL;
  JsonObject *object_data, *returned;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;

  returned = retour_json_get_object (object_data, "return", FALSE, &error);
  if (returned == NULL && error == NULL)
    {
      request = retour_return_request_new ();
      request->external_id = g_strdup (data->external_id);
      request->status = RETOUR_RETURN_REQUEST_GONE;
    }
  else if (returned == NULL || (request = parse_request (returned, NULL, &error)) == NULL)
    goto failed;

  g_task_return_pointer (task, g_steal_pointer (&request), (GDestroyNotify) retour_return_request_free);
  g_object_unref (task);
  return;

failed:
  g_prefix_error (&error, _("Return %s: "), data->external_id);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
retour_shopify_connector_fetch_return_request_async (RetourConnector     *connector,
                                                     const char          *external_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RequestData *data = g_new0 (RequestData, 1);

  g_task_set_source_tag (task, retour_shopify_connector_fetch_return_request_async);
  data->external_id = g_strdup (external_id);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  send_query (self, &request_kind, data, cancellable, on_request_fetched, task);
}

/* ------------------------------------------------------ answering requests */

typedef struct
{
  RequestData  lookup;      /* first: the RetourReturnRequest query reads it */
  gboolean     approve;
  const char  *reason;
  char        *note;
  gboolean     notify;
  guint        posts;
  char        *refused;     /* Shopify's reason, from the last refusal */
} AnswerData;

static void
answer_data_free (AnswerData *data)
{
  g_free (data->lookup.external_id);
  g_free (data->note);
  g_free (data->refused);
  g_free (data);
}

static gboolean
build_answer_variables (RetourShopifyConnector *self,
                        gpointer                user_data,
                        double                  budget,
                        JsonBuilder            *variables,
                        guint                  *cost)
{
  AnswerData *data = user_data;

  *cost = MUTATION_COST;
  json_builder_set_member_name (variables, "input");
  json_builder_begin_object (variables);
  add_string_variable (variables, "id", data->lookup.external_id);
  if (!data->approve)
    {
      add_string_variable (variables, "declineReason", data->reason);
      if (data->note != NULL)
        add_string_variable (variables, "declineNote", data->note);
    }
  json_builder_set_member_name (variables, "notifyCustomer");
  json_builder_add_boolean_value (variables, data->notify);
  json_builder_end_object (variables);

  return TRUE;
}

static const Query approve_kind = { "RetourReturnApprove", approve_mutation, TRUE, build_answer_variables };
static const Query decline_kind = { "RetourReturnDecline", decline_mutation, TRUE, build_answer_variables };

static void send_answer (GTask *task);

/* After a lost answer or a refusal: what became of the request says
 * whether the answer is there already, to be sent again, or refused. */
static void
on_answer_lookup (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  AnswerData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RetourReturnRequest) request = NULL;
  JsonObject *object_data, *returned;
  RetourReturnRequestStatus wanted = data->approve ? RETOUR_RETURN_REQUEST_OPEN : RETOUR_RETURN_REQUEST_DECLINED;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    goto failed;
  returned = retour_json_get_object (object_data, "return", FALSE, &error);
  if (returned == NULL && error == NULL)
    {
      g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                   _("Shopify no longer has the return request %s."), data->lookup.external_id);
      goto failed;
    }
  if (returned == NULL || (request = parse_request (returned, NULL, &error)) == NULL)
    goto failed;

  /* Withdrawn by the customer: there is nothing left to decline. */
  if (request->status == wanted || (!data->approve && request->status == RETOUR_RETURN_REQUEST_CANCELED))
    {
      g_task_return_pointer (task, g_strdup (data->lookup.external_id), g_free);
      g_object_unref (task);
      return;
    }
  /* Lost on the way there: once more. */
  if (request->status == RETOUR_RETURN_REQUEST_REQUESTED && data->refused == NULL && data->posts < 2)
    {
      send_answer (task);
      return;
    }

  if (data->refused != NULL)
    g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 data->approve ? _("Shopify refused to approve the return request: %s")
                               : _("Shopify refused to decline the return request: %s"),
                 data->refused);
  else
    g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                         _("The return request was decided otherwise in Shopify meanwhile."));

failed:
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_answer_sent (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  AnswerData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean lost;
  char *id;

  g_clear_pointer (&data->refused, g_free);
  id = finish_mutation (self, result, data->approve ? "returnApproveRequest" : "returnDeclineRequest", "return",
                        data->posts, &lost, &data->refused, &error);
  if (id != NULL)
    {
      g_task_return_pointer (task, id, g_free);
      g_object_unref (task);
      return;
    }
  /* Lost, or refused because an earlier try whose answer was lost was
   * carried out: either way the request tells. */
  if (lost || data->refused != NULL)
    {
      send_query (self, &request_kind, &data->lookup, g_task_get_cancellable (task), on_answer_lookup, task);
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
send_answer (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  AnswerData *data = g_task_get_task_data (task);

  data->posts++;
  send_query (self, data->approve ? &approve_kind : &decline_kind, data, g_task_get_cancellable (task),
              on_answer_sent, task);
}

static void
retour_shopify_connector_answer_return_request_async (RetourConnector     *connector,
                                                      const char          *external_id,
                                                      gboolean             approve,
                                                      RetourDeclineReason  reason,
                                                      const char          *note,
                                                      gboolean             notify_customer,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AnswerData *data = g_new0 (AnswerData, 1);

  g_task_set_source_tag (task, retour_shopify_connector_answer_return_request_async);
  data->lookup.external_id = g_strdup (external_id);
  data->approve = approve;
  data->reason = reason == RETOUR_DECLINE_FINAL_SALE ? "FINAL_SALE"
                 : reason == RETOUR_DECLINE_RETURN_PERIOD_ENDED ? "RETURN_PERIOD_ENDED" : "OTHER";
  if (note != NULL && *note != '\0')
    data->note = g_utf8_substring (note, 0, MIN (g_utf8_strlen (note, -1), RETOUR_DECLINE_NOTE_MAX_CHARS));
  data->notify = notify_customer;
  g_task_set_task_data (task, data, (GDestroyNotify) answer_data_free);

  send_answer (task);
}

/* ------------------------------------------------------ labels on returns */

typedef struct
{
  RequestData  lookup;       /* its external_id: the return */
  GBytes      *pdf;
  char        *filename;
  gboolean     notify;
  char        *fulfillment_order;  /* the return's reverse fulfillment order */
  char        *resource_url;       /* where the upload went, for the delivery */
  guint        posts;
  char        *refused;
} LabelData;

static void
label_data_free (LabelData *data)
{
  g_free (data->lookup.external_id);
  g_bytes_unref (data->pdf);
  g_free (data->filename);
  g_free (data->fulfillment_order);
  g_free (data->resource_url);
  g_free (data->refused);
  g_free (data);
}

static gboolean
build_label_lookup_variables (RetourShopifyConnector *self,
                              gpointer                user_data,
                              double                  budget,
                              JsonBuilder            *variables,
                              guint                  *cost)
{
  LabelData *data = user_data;

  *cost = LABEL_LOOKUP_COST;
  add_string_variable (variables, "id", data->lookup.external_id);

  return TRUE;
}

static gboolean
build_upload_variables (RetourShopifyConnector *self,
                        gpointer                user_data,
                        double                  budget,
                        JsonBuilder            *variables,
                        guint                  *cost)
{
  LabelData *data = user_data;
  g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (data->pdf));

  *cost = MUTATION_COST;
  json_builder_set_member_name (variables, "input");
  json_builder_begin_array (variables);
  json_builder_begin_object (variables);
  add_string_variable (variables, "resource", "RETURN_LABEL");
  add_string_variable (variables, "filename", data->filename);
  add_string_variable (variables, "mimeType", "application/pdf");
  add_string_variable (variables, "httpMethod", "PUT");
  add_string_variable (variables, "fileSize", size);
  json_builder_end_object (variables);
  json_builder_end_array (variables);

  return TRUE;
}

static gboolean
build_delivery_variables (RetourShopifyConnector *self,
                          gpointer                user_data,
                          double                  budget,
                          JsonBuilder            *variables,
                          guint                  *cost)
{
  LabelData *data = user_data;

  *cost = MUTATION_COST;
  add_string_variable (variables, "id", data->fulfillment_order);
  /* None named: a delivery line for every line of the order to come back. */
  json_builder_set_member_name (variables, "lines");
  json_builder_begin_array (variables);
  json_builder_end_array (variables);
  json_builder_set_member_name (variables, "label");
  json_builder_begin_object (variables);
  add_string_variable (variables, "fileUrl", data->resource_url);
  json_builder_end_object (variables);
  json_builder_set_member_name (variables, "notify");
  json_builder_add_boolean_value (variables, data->notify);

  return TRUE;
}

static const Query label_lookup_kind = { "RetourReturnLabel", label_query, FALSE, build_label_lookup_variables };
static const Query upload_kind = { "RetourLabelUpload", upload_mutation, TRUE, build_upload_variables };
static const Query delivery_kind = { "RetourReverseDelivery", delivery_mutation, TRUE, build_delivery_variables };

static void
label_done (GTask  *task,
            char   *delivery_id,
            GError *error)
{
  LabelData *data = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_prefix_error (&error, _("Return %s: "), data->lookup.external_id);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, delivery_id, g_free);
  g_object_unref (task);
}

static void
on_delivery_made (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data);

static void
make_delivery (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  LabelData *data = g_task_get_task_data (task);

  data->posts++;
  send_query (self, &delivery_kind, data, g_task_get_cancellable (task), on_delivery_made, task);
}

static RetourHttpVerdict
classify_upload (RetourHttpResponse  *response,
                 gint64              *retry_after_us,
                 GError             **error,
                 gpointer             user_data)
{
  *retry_after_us = retour_http_parse_retry_after (response->headers);
  if (response->status >= 200 && response->status < 300)
    return RETOUR_HTTP_DONE;
  if (response->status == 429 || response->status >= 500)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                   _("Shopify’s file storage is not available (HTTP %u)"), response->status);
      return RETOUR_HTTP_RETRY;
    }

  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
               _("Shopify’s file storage refused the label (HTTP %u)."), response->status);
  return RETOUR_HTTP_FAIL;
}

static void
on_label_uploaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(RetourHttpResponse) response = NULL;
  GError *error = NULL;

  response = retour_http_send_finish (RETOUR_HTTP (object), result, &error);
  if (response == NULL)
    {
      label_done (task, NULL, error);
      return;
    }

  make_delivery (task);
}

/* The staged target: the file goes there with the headers its
 * parameters name (a PUT to cloud storage takes them as headers). */
static void
on_upload_staged (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  LabelData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *content_type = NULL;
  JsonObject *object_data, *payload, *target;
  JsonArray *targets, *parameters;
  RetourHttpRequest request = { "PUT", NULL, "application/pdf", data->pdf, NULL, TRUE };
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL ||
      (payload = retour_json_get_object (object_data, "stagedUploadsCreate", TRUE, &error)) == NULL)
    {
      label_done (task, NULL, error);
      return;
    }
  if ((refused = first_user_error (payload)) != NULL)
    {
      label_done (task, NULL, g_error_new (RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                                           _("Shopify refused to take the label: %s"), refused));
      return;
    }
  if ((targets = retour_json_get_array (payload, "stagedTargets", TRUE, &error)) == NULL ||
      json_array_get_length (targets) != 1 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (targets, 0)))
    {
      if (error == NULL)
        g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                             _("Shopify did not say where to put the label."));
      label_done (task, NULL, error);
      return;
    }
  target = json_array_get_object_element (targets, 0);
  if (!retour_json_dup_string (target, "url", TRUE, &url, &error) ||
      !retour_json_dup_string (target, "resourceUrl", TRUE, &data->resource_url, &error) ||
      (parameters = retour_json_get_array (target, "parameters", TRUE, &error)) == NULL ||
      !retour_http_check_url (url, &error))
    {
      label_done (task, NULL, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonNode *node = json_array_get_element (parameters, i);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !retour_json_dup_string (json_node_get_object (node), "name", TRUE, &name, &error) ||
          !retour_json_dup_string (json_node_get_object (node), "value", TRUE, &value, &error))
        {
          label_done (task, NULL, error);
          return;
        }
      if (g_str_equal (name, "content_type"))
        {
          g_free (content_type);
          content_type = g_steal_pointer (&value);
          continue;
        }
      g_ptr_array_add (headers, g_strdup (g_str_equal (name, "acl") ? "x-goog-acl" : name));
      g_ptr_array_add (headers, g_steal_pointer (&value));
    }
  if (content_type != NULL)
    request.content_type = content_type;
  g_ptr_array_add (headers, NULL);

  /* Not the store's address: no access token goes there. */
  request.url = url;
  request.headers = (const char * const *) headers->pdata;
  retour_http_send_async (self->http, &request, classify_upload, NULL, g_task_get_cancellable (task),
                          on_label_uploaded, task);
}

static void
on_label_lookup (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  LabelData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *status = NULL;
  JsonObject *object_data, *returned, *orders;
  JsonArray *nodes;
  GError *error = NULL;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL)
    {
      label_done (task, NULL, error);
      return;
    }
  returned = retour_json_get_object (object_data, "return", FALSE, &error);
  if (returned == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                             _("Shopify no longer has the return."));
      label_done (task, NULL, error);
      return;
    }
  if (!retour_json_dup_string (returned, "status", TRUE, &status, &error) ||
      (orders = retour_json_get_object (returned, "reverseFulfillmentOrders", TRUE, &error)) == NULL ||
      (nodes = retour_json_get_array (orders, "nodes", TRUE, &error)) == NULL)
    {
      label_done (task, NULL, error);
      return;
    }

  g_clear_pointer (&data->fulfillment_order, g_free);
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      JsonObject *deliveries;
      JsonArray *made;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      deliveries = retour_json_get_object (json_node_get_object (node), "reverseDeliveries", FALSE, NULL);
      made = deliveries != NULL ? retour_json_get_array (deliveries, "nodes", FALSE, NULL) : NULL;
      if (made != NULL && json_array_get_length (made) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (made, 0)))
        {
          char *id = NULL;

          /* There already: made by an earlier try whose answer was lost,
           * or by staff in Shopify's admin. */
          if (retour_json_dup_string (json_array_get_object_element (made, 0), "id", TRUE, &id, &error))
            label_done (task, id, NULL);
          else
            label_done (task, NULL, error);
          return;
        }
      if (data->fulfillment_order == NULL)
        retour_json_dup_string (json_node_get_object (node), "id", FALSE, &data->fulfillment_order, NULL);
    }

  if (!g_str_equal (status, "OPEN") || data->fulfillment_order == NULL)
    {
      label_done (task, NULL,
                  data->refused != NULL
                  ? g_error_new (RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                                 _("Shopify refused the return label: %s"), data->refused)
                  : g_error_new_literal (RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                                         _("The return is not open in Shopify, so no label can be put on it.")));
      return;
    }
  if (data->refused != NULL || data->posts >= 2)
    {
      label_done (task, NULL, g_error_new (RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                                           _("Shopify refused the return label: %s"),
                                           data->refused != NULL ? data->refused : _("no answer")));
      return;
    }

  /* Uploaded already by a try whose delivery was lost: the staged file
   * is kept for a while, and used again. */
  if (data->resource_url != NULL)
    make_delivery (task);
  else
    send_query (self, &upload_kind, data, g_task_get_cancellable (task), on_upload_staged, task);
}

static void
on_delivery_made (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  LabelData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean lost;
  char *id;

  g_clear_pointer (&data->refused, g_free);
  id = finish_mutation (self, result, "reverseDeliveryCreateWithShipping", "reverseDelivery", data->posts,
                        &lost, &data->refused, &error);
  if (id != NULL)
    {
      label_done (task, id, NULL);
      return;
    }
  /* Lost, or refused: the return says whether the delivery is there. */
  if (lost || data->refused != NULL)
    {
      send_query (self, &label_lookup_kind, data, g_task_get_cancellable (task), on_label_lookup, task);
      return;
    }

  label_done (task, NULL, error);
}

static void
retour_shopify_connector_attach_return_label_async (RetourConnector     *connector,
                                                    const char          *external_id,
                                                    GBytes              *pdf,
                                                    const char          *filename,
                                                    gboolean             notify_customer,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  LabelData *data = g_new0 (LabelData, 1);

  g_task_set_source_tag (task, retour_shopify_connector_attach_return_label_async);
  data->lookup.external_id = g_strdup (external_id);
  data->pdf = g_bytes_ref (pdf);
  data->filename = g_strdup (filename);
  data->notify = notify_customer;
  g_task_set_task_data (task, data, (GDestroyNotify) label_data_free);

  send_query (self, &label_lookup_kind, data, cancellable, on_label_lookup, task);
}

/* ----------------------------------------------------------- resolutions */

/* An exchange is a draft order of the replacement items, less a discount
 * of what came back, tagged with the resolution's marker: draftOrders
 * (query: "tag:…") finds it again after a lost answer, in whatever state
 * it reached. Nothing to pay: it is completed into an order at once.
 * Something to pay: its invoice goes to the customer, and the draft
 * stays open until they pay it. Store credit is a gift card whose code is
 * made from the marker (giftCards' default search covers codes) and
 * whose note carries the marker. */

#define RESOLUTION_LOOKUP_FIRST 5

static const char draft_orders_query[] =
  "query RetourDraftOrdersByMarker($query: String!) {"
  " draftOrders(first: 5, query: $query) {"
  "  nodes { id name status invoiceUrl tags order { id name } } } }";

static const char draft_order_create_mutation[] =
  "mutation RetourDraftOrderCreate($input: DraftOrderInput!) {"
  " draftOrderCreate(input: $input) {"
  "  draftOrder { id name status invoiceUrl tags order { id name } } userErrors { field message } } }";

static const char draft_order_complete_mutation[] =
  "mutation RetourDraftOrderComplete($id: ID!) {"
  " draftOrderComplete(id: $id) {"
  "  draftOrder { id name status invoiceUrl tags order { id name } } userErrors { field message } } }";

static const char draft_order_invoice_mutation[] =
  "mutation RetourDraftOrderInvoiceSend($id: ID!) {"
  " draftOrderInvoiceSend(id: $id) {"
  "  draftOrder { id name status invoiceUrl tags order { id name } } userErrors { field message } } }";

static const char gift_cards_query[] =
  "query RetourGiftCardsByCode($query: String!) {"
  " giftCards(first: 5, query: $query) { nodes { id note lastCharacters } } }";

static const char gift_card_create_mutation[] =
  "mutation RetourGiftCardCreate($input: GiftCardCreateInput!) {"
  " giftCardCreate(input: $input) {"
  "  giftCard { id note lastCharacters } giftCardCode userErrors { field message code } } }";

typedef struct
{
  RetourStoreResolution *resolution;  /* owned copy */
  char                  *code;        /* a gift card's */
  char                  *draft_id;    /* the draft order found or made */
  guint                  posts;       /* creations sent */
} ShopifyResolutionData;

static void
shopify_resolution_data_free (ShopifyResolutionData *data)
{
  retour_store_resolution_free (data->resolution);
  g_free (data->code);
  g_free (data->draft_id);
  g_free (data);
}

static gboolean
build_marker_variables (RetourShopifyConnector *self,
                        gpointer                user_data,
                        double                  budget,
                        JsonBuilder            *variables,
                        guint                   *cost)
{
  ShopifyResolutionData *data = user_data;
  g_autofree char *query = NULL;

  if (data->resolution->kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER)
    {
      *cost = 2 + RESOLUTION_LOOKUP_FIRST * 2;
      query = g_strdup_printf ("tag:'%s'", data->resolution->marker);
    }
  else
    {
      *cost = 2 + RESOLUTION_LOOKUP_FIRST;
      query = g_strdup (data->code);
    }
  add_string_variable (variables, "query", query);

  return *cost <= budget;
}

static const Query draft_orders_kind = {
  "RetourDraftOrdersByMarker", draft_orders_query, FALSE, build_marker_variables
};
static const Query gift_cards_kind = {
  "RetourGiftCardsByCode", gift_cards_query, FALSE, build_marker_variables
};

static void
add_money_string (JsonBuilder *builder,
                  const char  *name,
                  RetourMoney  money)
{
  g_autofree char *text = retour_money_to_string (money);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static gboolean
is_customer_gid (const char *id)
{
  return id != NULL && g_str_has_prefix (id, "gid://shopify/Customer/");
}

static gboolean
build_draft_create_variables (RetourShopifyConnector *self,
                              gpointer                user_data,
                              double                  budget,
                              JsonBuilder            *variables,
                              guint                  *cost)
{
  ShopifyResolutionData *data = user_data;
  const RetourStoreResolution *resolution = data->resolution;
  gint64 credit_minor = resolution->amount.minor - MAX (resolution->difference.minor, 0);
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;

  /* Translators: %s is an RMA number; the discount's title on the new order in the shop. */
  title = g_strdup_printf (_("Exchange for return %s"), resolution->rma_number);
  /* Translators: the first %s is an RMA number, the second the order's number in the shop. */
  note = g_strdup_printf (_("Exchange for return %s of order %s"), resolution->rma_number,
                          resolution->order_number != NULL ? resolution->order_number : "");

  *cost = MUTATION_COST;
  json_builder_set_member_name (variables, "input");
  json_builder_begin_object (variables);
  if (is_customer_gid (resolution->customer_external_id))
    {
      add_string_variable (variables, "customerId", resolution->customer_external_id);
      json_builder_set_member_name (variables, "useCustomerDefaultAddress");
      json_builder_add_boolean_value (variables, TRUE);
    }
  if (resolution->customer_email != NULL)
    add_string_variable (variables, "email", resolution->customer_email);
  add_string_variable (variables, "note", note);
  json_builder_set_member_name (variables, "tags");
  json_builder_begin_array (variables);
  json_builder_add_string_value (variables, "retour-exchange");
  json_builder_add_string_value (variables, resolution->marker);
  json_builder_end_array (variables);
  json_builder_set_member_name (variables, "lineItems");
  json_builder_begin_array (variables);
  for (guint i = 0; i < resolution->items->len; i++)
    {
      const RetourExchangeItem *item = g_ptr_array_index (resolution->items, i);

      json_builder_begin_object (variables);
      add_string_variable (variables, "variantId", item->variant_external_id);
      add_int_variable (variables, "quantity", item->quantity);
      json_builder_end_object (variables);
    }
  json_builder_end_array (variables);
  if (credit_minor > 0)
    {
      json_builder_set_member_name (variables, "appliedDiscount");
      json_builder_begin_object (variables);
      add_string_variable (variables, "title", title);
      add_string_variable (variables, "valueType", "FIXED_AMOUNT");
      json_builder_set_member_name (variables, "value");
      json_builder_add_double_value (variables, (double) credit_minor / 100.0);
      add_money_string (variables, "amount", retour_money_init (credit_minor, resolution->amount.currency));
      json_builder_end_object (variables);
    }
  json_builder_end_object (variables);

  return *cost <= budget;
}

static gboolean
build_draft_id_variables (RetourShopifyConnector *self,
                          gpointer                user_data,
                          double                  budget,
                          JsonBuilder            *variables,
                          guint                  *cost)
{
  ShopifyResolutionData *data = user_data;

  *cost = MUTATION_COST;
  add_string_variable (variables, "id", data->draft_id);

  return *cost <= budget;
}

static gboolean
build_gift_card_variables (RetourShopifyConnector *self,
                           gpointer                user_data,
                           double                  budget,
                           JsonBuilder            *variables,
                           guint                  *cost)
{
  ShopifyResolutionData *data = user_data;
  const RetourStoreResolution *resolution = data->resolution;

  *cost = MUTATION_COST;
  json_builder_set_member_name (variables, "input");
  json_builder_begin_object (variables);
  add_money_string (variables, "initialValue", resolution->amount);
  add_string_variable (variables, "code", data->code);
  add_string_variable (variables, "note", resolution->marker);
  if (is_customer_gid (resolution->customer_external_id))
    add_string_variable (variables, "customerId", resolution->customer_external_id);
  if (resolution->expires_us > 0)
    {
      g_autoptr(GDateTime) expires = g_date_time_new_from_unix_utc (resolution->expires_us / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (expires, "%Y-%m-%d");

      add_string_variable (variables, "expiresOn", date);
    }
  json_builder_end_object (variables);

  return *cost <= budget;
}

static const Query draft_create_kind = {
  "RetourDraftOrderCreate", draft_order_create_mutation, TRUE, build_draft_create_variables
};
static const Query draft_complete_kind = {
  "RetourDraftOrderComplete", draft_order_complete_mutation, TRUE, build_draft_id_variables
};
static const Query draft_invoice_kind = {
  "RetourDraftOrderInvoiceSend", draft_order_invoice_mutation, TRUE, build_draft_id_variables
};
static const Query gift_card_create_kind = {
  "RetourGiftCardCreate", gift_card_create_mutation, TRUE, build_gift_card_variables
};

static void send_resolution_lookup (GTask *task);
static void on_draft_step (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
return_outcome (GTask                   *task,
                RetourResolutionOutcome *outcome)
{
  g_task_return_pointer (task, outcome, (GDestroyNotify) retour_resolution_outcome_free);
  g_object_unref (task);
}

/* Takes the next step of a draft order found or made: done when it is an
 * order, or when its invoice is out; else complete it, or send its
 * invoice. */
static void
advance_draft (GTask      *task,
               JsonObject *draft)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  ShopifyResolutionData *data = g_task_get_task_data (task);
  g_autofree char *status = NULL;
  g_autofree char *name = NULL;
  JsonObject *order = retour_json_get_object (draft, "order", FALSE, NULL);
  RetourResolutionOutcome *outcome;

  g_clear_pointer (&data->draft_id, g_free);
  retour_json_dup_string (draft, "id", FALSE, &data->draft_id, NULL);
  retour_json_dup_string (draft, "status", FALSE, &status, NULL);
  retour_json_dup_string (draft, "name", FALSE, &name, NULL);

  if (order != NULL)
    {
      outcome = g_new0 (RetourResolutionOutcome, 1);
      retour_json_dup_string (order, "id", FALSE, &outcome->external_id, NULL);
      retour_json_dup_string (order, "name", FALSE, &outcome->code, NULL);
      if (outcome->external_id != NULL)
        {
          return_outcome (task, outcome);
          return;
        }
      retour_resolution_outcome_free (outcome);
    }

  if (data->draft_id == NULL)
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                               _("Shopify’s answer about the exchange order could not be read."));
      g_object_unref (task);
      return;
    }

  if (data->resolution->difference.minor > 0)
    {
      /* The customer pays the difference through the draft's invoice. */
      if (g_strcmp0 (status, "INVOICE_SENT") == 0)
        {
          outcome = g_new0 (RetourResolutionOutcome, 1);
          outcome->external_id = g_strdup (data->draft_id);
          outcome->code = g_steal_pointer (&name);
          retour_json_dup_string (draft, "invoiceUrl", FALSE, &outcome->payment_url, NULL);
          return_outcome (task, outcome);
          return;
        }
      data->posts++;
      send_query (self, &draft_invoice_kind, data, g_task_get_cancellable (task), on_draft_step, task);
      return;
    }

  data->posts++;
  send_query (self, &draft_complete_kind, data, g_task_get_cancellable (task), on_draft_step, task);
}

/* The answer of a draft order mutation: its draftOrder, the next step. */
static void
on_draft_step (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  ShopifyResolutionData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  JsonObject *object_data, *payload = NULL, *draft;
  const char * const mutations[] = { "draftOrderCreate", "draftOrderComplete", "draftOrderInvoiceSend" };

  root = send_query_finish (self, result, &error);
  if (root == NULL)
    {
      /* Lost: whatever step it was, the lookup finds where the draft is. */
      if (retour_connector_outcome_unknown (self->http, error, data->posts))
        {
          g_debug ("A draft order step failed (%s); looking for it", error->message);
          send_resolution_lookup (task);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  object_data = get_data (root, &error);
  for (guint i = 0; object_data != NULL && payload == NULL && i < G_N_ELEMENTS (mutations); i++)
    payload = retour_json_get_object (object_data, mutations[i], FALSE, NULL);
  if (payload != NULL && (refused = first_user_error (payload)) != NULL)
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                               _("Shopify refused the exchange order: %s"), refused);
      g_object_unref (task);
      return;
    }
  draft = payload != NULL ? retour_json_get_object (payload, "draftOrder", FALSE, NULL) : NULL;
  if (draft == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                             _("Shopify’s answer about the exchange order could not be read."));
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  advance_draft (task, draft);
}

static void
on_gift_card_created (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  ShopifyResolutionData *data = g_task_get_task_data (task);
  g_autofree char *refused = NULL;
  RetourResolutionOutcome *outcome;
  GError *error = NULL;
  gboolean lost;
  char *id;

  id = finish_mutation (self, result, "giftCardCreate", "giftCard", data->posts, &lost, &refused, &error);
  if (lost)
    {
      send_resolution_lookup (task);
      return;
    }
  if (refused != NULL)
    g_set_error (&error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("Shopify refused the gift card: %s"), refused);
  if (id == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  outcome = g_new0 (RetourResolutionOutcome, 1);
  outcome->external_id = id;
  outcome->code = g_strdup (data->code);
  return_outcome (task, outcome);
}

static void
on_resolution_lookup (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (object);
  ShopifyResolutionData *data = g_task_get_task_data (task);
  gboolean exchange = data->resolution->kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *object_data, *connection;
  JsonArray *nodes;

  root = send_query_finish (self, result, &error);
  if (root == NULL || (object_data = get_data (root, &error)) == NULL ||
      (connection = retour_json_get_object (object_data, exchange ? "draftOrders" : "giftCards", TRUE,
                                            &error)) == NULL ||
      (nodes = retour_json_get_array (connection, "nodes", TRUE, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      JsonObject *found;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      found = json_node_get_object (node);

      if (exchange)
        {
          JsonArray *tags = retour_json_get_array (found, "tags", FALSE, NULL);

          for (guint j = 0; tags != NULL && j < json_array_get_length (tags); j++)
            if (g_strcmp0 (json_array_get_string_element (tags, j), data->resolution->marker) == 0)
              {
                advance_draft (task, found);
                return;
              }
        }
      else
        {
          g_autofree char *note = NULL;
          RetourResolutionOutcome *outcome;

          retour_json_dup_string (found, "note", FALSE, &note, NULL);
          if (g_strcmp0 (note, data->resolution->marker) == 0)
            {
              outcome = g_new0 (RetourResolutionOutcome, 1);
              retour_json_dup_string (found, "id", FALSE, &outcome->external_id, NULL);
              outcome->code = g_strdup (data->code);
              return_outcome (task, outcome);
              return;
            }
        }
    }

  data->posts++;
  if (exchange)
    send_query (self, &draft_create_kind, data, g_task_get_cancellable (task), on_draft_step, task);
  else
    send_query (self, &gift_card_create_kind, data, g_task_get_cancellable (task), on_gift_card_created, task);
}

static void
send_resolution_lookup (GTask *task)
{
  RetourShopifyConnector *self = g_task_get_source_object (task);
  ShopifyResolutionData *data = g_task_get_task_data (task);

  send_query (self, data->resolution->kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER ? &draft_orders_kind
                                                                                     : &gift_cards_kind,
              data, g_task_get_cancellable (task), on_resolution_lookup, task);
}

static void
retour_shopify_connector_carry_out_resolution_async (RetourConnector        *connector,
                                                     RetourStoreResolution  *resolution,
                                                     GCancellable           *cancellable,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data)
{
  RetourShopifyConnector *self = RETOUR_SHOPIFY_CONNECTOR (connector);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ShopifyResolutionData *data = g_new0 (ShopifyResolutionData, 1);
  RetourStoreResolution *copy = retour_store_resolution_new (resolution->kind);

  g_task_set_source_tag (task, retour_shopify_connector_carry_out_resolution_async);
  g_task_set_task_data (task, data, (GDestroyNotify) shopify_resolution_data_free);

  copy->amount = resolution->amount;
  copy->difference = resolution->difference;
  copy->marker = g_strdup (resolution->marker);
  copy->rma_number = g_strdup (resolution->rma_number);
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
  data->resolution = copy;
  data->code = retour_store_resolution_code_for_marker (resolution->marker);

  send_resolution_lookup (task);
}

static void
connector_iface_init (RetourConnectorInterface *iface)
{
  iface->list_orders_async = retour_shopify_connector_list_orders_async;
  iface->create_refund_async = retour_shopify_connector_create_refund_async;
  iface->fetch_orders_async = retour_shopify_connector_fetch_orders_async;
  iface->list_return_requests_async = retour_shopify_connector_list_return_requests_async;
  iface->fetch_return_request_async = retour_shopify_connector_fetch_return_request_async;
  iface->answer_return_request_async = retour_shopify_connector_answer_return_request_async;
  iface->attach_return_label_async = retour_shopify_connector_attach_return_label_async;
  iface->carry_out_resolution_async = retour_shopify_connector_carry_out_resolution_async;
}
