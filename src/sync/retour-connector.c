/* retour-connector.c — the connector interface, its error domain, and
 * the skeleton the connectors share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-connector.h"
#include "retour-sync-private.h"

G_DEFINE_QUARK (retour-sync-error-quark, retour_sync_error)

G_DEFINE_INTERFACE (RetourConnector, retour_connector, G_TYPE_OBJECT)

static void
retour_connector_default_init (RetourConnectorInterface *iface)
{
}

/* The answer of a call whose vfunc is @source_tag. */
static gpointer
propagate (RetourConnector  *self,
           GAsyncResult     *result,
           gpointer          source_tag,
           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

RetourOrderPage *
retour_order_page_new (void)
{
  RetourOrderPage *page = g_new0 (RetourOrderPage, 1);

  page->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_synced_order_free);
  page->products = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_product_free);
  page->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_sync_problem_free);
  page->return_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_return_request_free);
  page->total = -1;

  return page;
}

void
retour_order_page_add_problem (RetourOrderPage *page,
                               JsonNode        *node,
                               const char      *id_member,
                               const char      *number_member,
                               const GError    *error)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  RetourSyncProblem *problem = retour_sync_problem_new ();

  g_return_if_fail (page != NULL && error != NULL);

  /* Where the bad field was, before reading the ids moves the place. */
  problem->field = retour_json_take_last_field ();
  if (object != NULL)
    {
      retour_json_dup_string (object, id_member, FALSE, &problem->external_id, NULL);
      retour_json_dup_string (object, number_member, FALSE, &problem->order_number, NULL);
      g_free (retour_json_take_last_field ());
    }
  /* Without its id an order cannot be asked for again; it is still kept,
   * so that somebody hears of it. */
  if (problem->external_id == NULL)
    problem->external_id = g_strdup_printf ("?%u", page->orders->len + page->problems->len + 1);
  problem->message = g_strdup (error->message);
  g_ptr_array_add (page->problems, problem);
}

void
retour_order_page_free (RetourOrderPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->orders, g_ptr_array_unref);
  g_clear_pointer (&page->products, g_ptr_array_unref);
  g_clear_pointer (&page->problems, g_ptr_array_unref);
  g_clear_pointer (&page->return_requests, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

void
retour_connector_list_orders_async (RetourConnector     *self,
                                    gint64               since_us,
                                    const char          *cursor,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RETOUR_IS_CONNECTOR (self));

  RETOUR_CONNECTOR_GET_IFACE (self)->list_orders_async (self, since_us, cursor, cancellable, callback, user_data);
}

RetourOrderPage *
retour_connector_list_orders_finish (RetourConnector  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (RETOUR_IS_CONNECTOR (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->list_orders_async, error);
}

gboolean
retour_connector_can_fetch_orders (RetourConnector *self)
{
  g_return_val_if_fail (RETOUR_IS_CONNECTOR (self), FALSE);

  return RETOUR_CONNECTOR_GET_IFACE (self)->fetch_orders_async != NULL;
}

void
retour_connector_fetch_orders_async (RetourConnector     *self,
                                     const char * const  *external_ids,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (retour_connector_can_fetch_orders (self));
  g_return_if_fail (external_ids != NULL && g_strv_length ((char **) external_ids) <= RETOUR_CONNECTOR_MAX_FETCH);

  RETOUR_CONNECTOR_GET_IFACE (self)->fetch_orders_async (self, external_ids, cancellable, callback, user_data);
}

RetourOrderPage *
retour_connector_fetch_orders_finish (RetourConnector  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (retour_connector_can_fetch_orders (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->fetch_orders_async, error);
}

gboolean
retour_connector_can_list_return_requests (RetourConnector *self)
{
  g_return_val_if_fail (RETOUR_IS_CONNECTOR (self), FALSE);

  return RETOUR_CONNECTOR_GET_IFACE (self)->list_return_requests_async != NULL;
}

void
retour_connector_list_return_requests_async (RetourConnector     *self,
                                             const char          *cursor,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (retour_connector_can_list_return_requests (self));

  RETOUR_CONNECTOR_GET_IFACE (self)->list_return_requests_async (self, cursor, cancellable, callback, user_data);
}

RetourOrderPage *
retour_connector_list_return_requests_finish (RetourConnector  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  g_return_val_if_fail (retour_connector_can_list_return_requests (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->list_return_requests_async, error);
}

void
retour_connector_fetch_return_request_async (RetourConnector     *self,
                                             const char          *external_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (retour_connector_can_list_return_requests (self));
  g_return_if_fail (external_id != NULL);

  RETOUR_CONNECTOR_GET_IFACE (self)->fetch_return_request_async (self, external_id, cancellable, callback,
                                                                 user_data);
}

RetourReturnRequest *
retour_connector_fetch_return_request_finish (RetourConnector  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  g_return_val_if_fail (retour_connector_can_list_return_requests (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->fetch_return_request_async, error);
}

void
retour_connector_answer_return_request_async (RetourConnector     *self,
                                              const char          *external_id,
                                              gboolean             approve,
                                              RetourDeclineReason  reason,
                                              const char          *note,
                                              gboolean             notify_customer,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (retour_connector_can_list_return_requests (self));
  g_return_if_fail (external_id != NULL);

  RETOUR_CONNECTOR_GET_IFACE (self)->answer_return_request_async (self, external_id, approve, reason, note,
                                                                  notify_customer, cancellable, callback,
                                                                  user_data);
}

gboolean
retour_connector_answer_return_request_finish (RetourConnector  *self,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (retour_connector_can_list_return_requests (self), FALSE);

  id = propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->answer_return_request_async, error);
  return id != NULL;
}

void
retour_connector_attach_return_label_async (RetourConnector     *self,
                                            const char          *external_id,
                                            GBytes              *pdf,
                                            const char          *filename,
                                            gboolean             notify_customer,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (retour_connector_can_list_return_requests (self));
  g_return_if_fail (external_id != NULL && pdf != NULL && filename != NULL);

  RETOUR_CONNECTOR_GET_IFACE (self)->attach_return_label_async (self, external_id, pdf, filename, notify_customer,
                                                                cancellable, callback, user_data);
}

char *
retour_connector_attach_return_label_finish (RetourConnector  *self,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (retour_connector_can_list_return_requests (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->attach_return_label_async, error);
}

void
retour_connector_create_refund_async (RetourConnector     *self,
                                      RetourWriteBack     *write_back,
                                      gboolean             via_gateway,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RETOUR_IS_CONNECTOR (self));
  g_return_if_fail (write_back != NULL && write_back->idempotency_key != NULL);

  RETOUR_CONNECTOR_GET_IFACE (self)->create_refund_async (self, write_back, via_gateway, cancellable,
                                                         callback, user_data);
}

char *
retour_connector_create_refund_finish (RetourConnector  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (RETOUR_IS_CONNECTOR (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->create_refund_async, error);
}

/* --------------------------------------------------- the shared skeleton */

char *
retour_connector_check_address (const char               *base_url,
                                const RetourCredentials  *credentials,
                                RetourPlatform            platform,
                                GError                  **error)
{
  char *address;
  gsize length;

  g_return_val_if_fail (credentials != NULL, NULL);

  if (!retour_http_check_url (base_url, error) ||
      !retour_credentials_check (credentials, platform, error))
    return NULL;

  address = g_strdup (base_url);
  length = strlen (address);
  while (length > 0 && address[length - 1] == '/')
    address[--length] = '\0';

  return address;
}

JsonObject *
retour_connector_order_object (JsonNode     *node,
                               RetourOrder  *order,
                               GError      **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      retour_json_invalid (error, "orders", _("an item is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!retour_json_dup_string (object, "id", TRUE, &order->external_id, error))
    return NULL;

  return object;
}

void
retour_connector_order_settle (RetourOrder *order)
{
  order->number = retour_json_null_if_empty (order->number);
  if (order->number == NULL)
    order->number = g_strdup (order->external_id);
  if (order->updated_us == 0)
    order->updated_us = order->ordered_us;
}

gboolean
retour_connector_outcome_unknown (RetourHttp   *http,
                                  const GError *error,
                                  guint         posts)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE) ||
          g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA)) &&
         posts < retour_http_get_max_attempts (http);
}

/* Resolutions carried out in the storefront --------------------------------- */

void
retour_resolution_outcome_free (RetourResolutionOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->external_id);
  g_free (outcome->code);
  g_free (outcome->payment_url);
  g_free (outcome);
}

gboolean
retour_connector_can_carry_out (RetourConnector           *self,
                                RetourStoreResolutionKind  kind)
{
  g_return_val_if_fail (RETOUR_IS_CONNECTOR (self), FALSE);

  if (RETOUR_CONNECTOR_GET_IFACE (self)->carry_out_resolution_async == NULL)
    return FALSE;

  /* Only Shopify lists return requests, and only it has gift cards;
   * WooCommerce core has coupons instead. Shopify's store credit
   * accounts are not credited yet: storeCreditAccountCredit has no marker
   * to find a credit by after a lost answer (see docs/decisions.md). */
  if (kind == RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER)
    return TRUE;
  if (retour_connector_can_list_return_requests (self))
    return kind == RETOUR_STORE_RESOLUTION_GIFT_CARD;
  return kind == RETOUR_STORE_RESOLUTION_COUPON;
}

void
retour_connector_carry_out_resolution_async (RetourConnector        *self,
                                             RetourStoreResolution  *resolution,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data)
{
  g_return_if_fail (RETOUR_IS_CONNECTOR (self));
  g_return_if_fail (resolution != NULL && resolution->marker != NULL);
  g_return_if_fail (retour_connector_can_carry_out (self, resolution->kind));

  RETOUR_CONNECTOR_GET_IFACE (self)->carry_out_resolution_async (self, resolution, cancellable,
                                                                callback, user_data);
}

RetourResolutionOutcome *
retour_connector_carry_out_resolution_finish (RetourConnector  *self,
                                              GAsyncResult     *result,
                                              GError          **error)
{
  g_return_val_if_fail (RETOUR_IS_CONNECTOR (self), NULL);

  return propagate (self, result, RETOUR_CONNECTOR_GET_IFACE (self)->carry_out_resolution_async, error);
}

gboolean
retour_connector_resolution_outcome_unknown (const GError *error)
{
  /* Inside, a lost answer is looked for and sent again while attempts
   * last; what reaches the caller as unavailable or unreadable may still
   * have been made. */
  return g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE) ||
         g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
