/* retour-shopify-connector.h — Shopify GraphQL Admin API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists orders with the `orders` query (sortKey UPDATED_AT, filtered by
 * updated_at, cursor paging; line items beyond the first few are fetched
 * per order), paces itself by the cost bucket every answer reports and
 * waits out THROTTLED errors, which come with HTTP 200. Every query is
 * sized to cost no more than Shopify takes in one (1,000 points): pages
 * hold fewer orders when that needs it, nested lists are paged on their
 * own, and a query refused as too costly (MAX_COST_EXCEEDED) is sent
 * again smaller. Refunds are written back with returnCreate for the items
 * that come back, then refundCreate. The API version is pinned here.
 */
#pragma once

#include "retour-connector.h"
#include "retour-credentials.h"
#include "retour-http.h"

G_BEGIN_DECLS

/* Supported for a year from its release; bump it once a year. */
#define RETOUR_SHOPIFY_API_VERSION "2025-10"
/* Orders per page, and line items read with each (more are read per
 * order): the most orders whose query costs at most 1,000 points with
 * that many lines (989; see the costs in retour-shopify-connector.c). */
#define RETOUR_SHOPIFY_PAGE_SIZE 24
#define RETOUR_SHOPIFY_LINE_PAGE_SIZE 5

#define RETOUR_TYPE_SHOPIFY_CONNECTOR (retour_shopify_connector_get_type ())

G_DECLARE_FINAL_TYPE (RetourShopifyConnector, retour_shopify_connector, RETOUR, SHOPIFY_CONNECTOR, GObject)

/* @base_url: https://SHOP.myshopify.com */
RetourShopifyConnector *retour_shopify_connector_new           (RetourHttp              *http,
                                                                const char              *base_url,
                                                                const RetourCredentials *credentials,
                                                                GError                 **error);
/* Orders per request (1–250) and line items fetched with each order. */
void                    retour_shopify_connector_set_page_size (RetourShopifyConnector  *self,
                                                                guint                    orders,
                                                                guint                    lines);

/* The orders of one `orders` query answer ({"data": {"orders": …}}), with
 * the next cursor; line items past the first page are not fetched here.
 * Every malformed input is an error, never a crash. */
RetourOrderPage        *retour_shopify_parse_orders            (const char              *data,
                                                                gsize                    length,
                                                                GError                 **error);

G_END_DECLS
