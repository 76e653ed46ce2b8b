/* retour-connector.c — the connector interface and its error domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include "retour-connector.h"
#include "retour-sync-private.h"

G_DEFINE_QUARK (retour-sync-error-quark, retour_sync_error)

G_DEFINE_INTERFACE (RetourConnector, retour_connector, G_TYPE_OBJECT)

static void
retour_connector_default_init (RetourConnectorInterface *iface)
{
}

RetourOrderPage *
retour_order_page_new (void)
{
  RetourOrderPage *page = g_new0 (RetourOrderPage, 1);

  page->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_synced_order_free);
  page->products = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_product_free);
  page->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_sync_problem_free);
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

  return RETOUR_CONNECTOR_GET_IFACE (self)->list_orders_finish (self, result, error);
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

  return RETOUR_CONNECTOR_GET_IFACE (self)->fetch_orders_finish (self, result, error);
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

  return RETOUR_CONNECTOR_GET_IFACE (self)->create_refund_finish (self, result, error);
}
