/* retour-catalog-store.h — customers, products and orders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Upserts are keyed by (store_id, external_id) for rows from a storefront,
 * so syncing the same order twice changes nothing; rows entered by hand
 * (store_id 0) are inserted, or updated by id.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

gboolean        retour_catalog_store_upsert_customer (RetourDatabase  *db,
                                                      RetourCustomer  *customer,
                                                      gint64           now_us,
                                                      GError         **error);
gboolean        retour_catalog_store_upsert_product  (RetourDatabase  *db,
                                                      RetourProduct   *product,
                                                      GError         **error);
/* Writes the order and its lines; fills in their ids. */
gboolean        retour_catalog_store_upsert_order    (RetourDatabase  *db,
                                                      RetourOrder     *order,
                                                      GError         **error);

RetourCustomer *retour_catalog_store_load_customer   (RetourDatabase  *db,
                                                      gint64           id,
                                                      GError         **error);
RetourProduct  *retour_catalog_store_load_product    (RetourDatabase  *db,
                                                      gint64           id,
                                                      GError         **error);
RetourOrder    *retour_catalog_store_load_order      (RetourDatabase  *db,
                                                      gint64           id,
                                                      GError         **error);

/* The product categories of the catalog (char*), each once whatever its
 * case, sorted without regard to case; at most @limit of them. */
GPtrArray      *retour_catalog_store_list_categories (RetourDatabase  *db,
                                                      guint            limit,
                                                      GError         **error);

G_END_DECLS
