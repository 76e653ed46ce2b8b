/* retour-order.h — customers, products and orders, as plain values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a storefront sync produces and the store keeps. Rows that came from
 * a storefront carry its store id and their id there (external_id); rows
 * entered by hand have neither.
 */
#pragma once

#include <glib-object.h>

#include "retour-money.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CUSTOMER (retour_customer_get_type ())
#define RETOUR_TYPE_PRODUCT (retour_product_get_type ())
#define RETOUR_TYPE_ORDER_LINE (retour_order_line_get_type ())
#define RETOUR_TYPE_ORDER (retour_order_get_type ())

typedef struct
{
  gint64  id;
  gint64  store_id;
  char   *external_id;
  char   *first_name;
  char   *last_name;
  char   *email;
  char   *phone;
  char   *language;   /* "nl", "fr", "de", "pl", … or NULL */
  char   *address1;
  char   *address2;
  char   *postcode;
  char   *city;
  char   *country;    /* ISO 3166-1 alpha-2 */
} RetourCustomer;

typedef struct
{
  gint64       id;
  gint64       store_id;
  char        *external_id;
  char        *sku;
  char        *title;
  char        *category;
  RetourMoney  price;
  gint64       on_hand;   /* read-only: moves only through the stock ledger */
} RetourProduct;

typedef struct
{
  gint64       id;
  gint64       order_id;
  char        *external_id;
  gint64       product_id;
  char        *sku;
  char        *title;
  guint        quantity;
  RetourMoney  unit_price;
  RetourMoney  total;

  /* Read-only, filled by the store when it loads an order (never written
   * back): what happened to the line in the storefront since. */
  gboolean     gone_upstream;          /* removed from the order there; kept
                                        * because a return or refund names it */
  guint        qty_refunded_upstream;  /* units refunded there, not by Retour */
} RetourOrderLine;

typedef struct
{
  gint64       id;
  gint64       store_id;
  char        *external_id;
  char        *number;        /* as the shop shows it: "1042", "#1042" */
  gint64       customer_id;
  char        *status;        /* the storefront's word for it */
  RetourMoney  total;
  RetourMoney  shipping;      /* what the customer paid for delivery */
  gint64       ordered_us;
  gint64       fulfilled_us;  /* 0 when unknown */
  gint64       delivered_us;  /* 0 when unknown */
  gint64       updated_us;
  gint64       cancelled_us;  /* 0 unless cancelled */
  gboolean     deleted_upstream;
  char        *ship_name;
  char        *ship_address1;
  char        *ship_address2;
  char        *ship_postcode;
  char        *ship_city;
  char        *ship_country;
  GPtrArray   *lines;         /* of RetourOrderLine*, owned */
} RetourOrder;

GType            retour_customer_get_type    (void) G_GNUC_CONST;
RetourCustomer  *retour_customer_new         (void);
RetourCustomer  *retour_customer_copy        (const RetourCustomer *customer);
void             retour_customer_free        (RetourCustomer       *customer);
/* "Zofia Wiśniewska"; the e-mail address when there is no name. */
char            *retour_customer_dup_display_name (const RetourCustomer *customer);

GType            retour_product_get_type     (void) G_GNUC_CONST;
RetourProduct   *retour_product_new          (void);
RetourProduct   *retour_product_copy         (const RetourProduct  *product);
void             retour_product_free         (RetourProduct        *product);

GType            retour_order_line_get_type  (void) G_GNUC_CONST;
RetourOrderLine *retour_order_line_new       (void);
RetourOrderLine *retour_order_line_copy      (const RetourOrderLine *line);
void             retour_order_line_free      (RetourOrderLine      *line);
/* What a new return may still take of @line: nothing once the line is
 * gone from the order upstream, else what was not refunded there. */
guint            retour_order_line_get_returnable (const RetourOrderLine *line);

GType            retour_order_get_type       (void) G_GNUC_CONST;
RetourOrder     *retour_order_new            (void);
RetourOrder     *retour_order_copy           (const RetourOrder    *order);
void             retour_order_free           (RetourOrder          *order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCustomer, retour_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourProduct, retour_product_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourOrderLine, retour_order_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourOrder, retour_order_free)

G_END_DECLS
