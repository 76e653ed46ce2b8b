/* retour-woo-connector.h — WooCommerce REST API v3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists orders with GET /wp-json/wc/v3/orders (modified_after with
 * dates_are_gmt=true, orderby=modified ascending; stores too old for that
 * fall back to orderby=id), the refunds of the orders that have any with
 * GET /orders/{id}/refunds, and writes refunds back with
 * POST /orders/{id}/refunds, and adds customer notes (the messages to
 * the customer) with POST /orders/{id}/notes. Keys travel as HTTP Basic
 * over https.
 */
#pragma once

#include "retour-connector.h"
#include "retour-credentials.h"
#include "retour-http.h"

G_BEGIN_DECLS

#define RETOUR_WOO_PAGE_SIZE 100

#define RETOUR_TYPE_WOO_CONNECTOR (retour_woo_connector_get_type ())

G_DECLARE_FINAL_TYPE (RetourWooConnector, retour_woo_connector, RETOUR, WOO_CONNECTOR, GObject)

RetourWooConnector *retour_woo_connector_new           (RetourHttp              *http,
                                                        const char              *base_url,
                                                        const RetourCredentials *credentials,
                                                        GError                 **error);
/* 1–100 orders per request; RETOUR_WOO_PAGE_SIZE unless changed. */
void                retour_woo_connector_set_page_size (RetourWooConnector      *self,
                                                        guint                    page_size);
/* Whether this store takes the keys only as query parameters, because its
 * host drops the Authorization header (found out on the first 401). */
gboolean            retour_woo_connector_get_keys_in_query (RetourWooConnector *self);

/* Adds @note to the order as a customer note (POST /orders/{id}/notes,
 * customer_note: true), which WooCommerce mails to the customer. Looks
 * for the same customer note first, and again after a lost answer, so
 * that the customer gets it once. Finishes with the note's id. */
void                retour_woo_connector_add_note_async  (RetourWooConnector  *self,
                                                          const char          *order_external_id,
                                                          const char          *note,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char               *retour_woo_connector_add_note_finish (RetourWooConnector  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* The orders of one GET /orders body (a JSON array), as a page without
 * cursor or total. Every malformed input is an error, never a crash. */
RetourOrderPage    *retour_woo_parse_orders            (const char              *data,
                                                        gsize                    length,
                                                        GError                 **error);
/* Sets @synced->refunds to the refunds of one GET /orders/{id}/refunds
 * body (a JSON array) for the order @synced, each refunded item linked
 * to the line of @synced it names. */
gboolean            retour_woo_parse_refunds           (const char              *data,
                                                        gsize                    length,
                                                        RetourSyncedOrder       *synced,
                                                        GError                 **error);

G_END_DECLS
