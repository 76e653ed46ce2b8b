/* retour-test-rma.c — returns built the way the desk builds them, for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "retour-test-rma.h"

/* A requested return of one unit of @ordered, a line of @order, under the
 * policy version @policy_id; not stored. The line's product is left for
 * the caller to set, as not every test wants it. */
RetourRma *
retour_test_rma_of_line (const RetourOrder     *order,
                         const RetourOrderLine *ordered,
                         gint64                 policy_id)
{
  RetourRma *rma = retour_rma_new (order->total.currency, g_get_real_time ());
  RetourRmaLine *line = retour_rma_line_new ();

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->policy_id = policy_id;
  line->order_line_id = ordered->id;
  line->sku = g_strdup (ordered->sku);
  g_free (line->title);
  line->title = g_strdup (ordered->title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = ordered->quantity;
  line->qty_requested = 1;
  retour_rma_add_line (rma, line);

  return rma;
}
