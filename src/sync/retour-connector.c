/* retour-connector.c — the connector interface and its error domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include "retour-connector.h"

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
  page->total = -1;

  return page;
}

void
retour_order_page_free (RetourOrderPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->orders, g_ptr_array_unref);
  g_clear_pointer (&page->products, g_ptr_array_unref);
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
