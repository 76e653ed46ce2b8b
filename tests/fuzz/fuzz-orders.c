/* fuzz-orders.c — libFuzzer target for the storefront order parsers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bodies come from the network; whatever they hold, the parsers must
 * answer with orders or with an error — never crash, hang, leak or warn.
 * The first byte picks the parser, the rest is the body. Built only with
 * -Dfuzzing=true and clang; run with build-aux/fuzz.
 */
#include "config.h"

#include "retour-shopify-connector.h"
#include "retour-woo-connector.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(RetourOrderPage) page = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;

  if (data[0] & 1)
    page = retour_shopify_parse_orders ((const char *) data + 1, size - 1, &error);
  else
    page = retour_woo_parse_orders ((const char *) data + 1, size - 1, &error);

  /* Exactly one of the two. */
  if ((page == NULL) == (error == NULL))
    __builtin_trap ();

  return 0;
}
