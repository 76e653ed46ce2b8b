/* retour-return-items.h — the items that come back, in the phone window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Items to Return" group of the phone window: the lines of the
 * order, ticked when they come back, or items typed in by hand, each
 * with its quantity, its reason and what the policy says about it. The
 * window keeps the customer, the outcome and the creating; it reads the
 * items from here.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-desk.h"
#include "retour-order.h"
#include "retour-policy.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RETURN_ITEMS (retour_return_items_get_type ())

G_DECLARE_FINAL_TYPE (RetourReturnItems, retour_return_items, RETOUR, RETURN_ITEMS, AdwPreferencesGroup)

/* Signals:
 *   "changed" (RetourReturnItems *self): something was typed, ticked or
 *   picked in an item; its verdict may have changed. */

/* Where products are looked up, and the clock and time zone the policy
 * is applied with; set before anything is shown. */
void      retour_return_items_set_context        (RetourReturnItems   *self,
                                                  RetourContext       *context);
/* The policy the items are judged by (not copied: it must outlive the
 * items shown with it) and the active reasons (RetourReason*) the reason
 * fields offer. Set before showing items; it clears none. */
void      retour_return_items_set_policy         (RetourReturnItems   *self,
                                                  const RetourPolicy  *policy,
                                                  GPtrArray           *reasons);
/* The lines of @order, in place of any shown; an order of one item has
 * it ticked. */
void      retour_return_items_show_order         (RetourReturnItems   *self,
                                                  const RetourOrder   *order);
/* One item to type in, in place of any shown, judged as delivered at
 * @delivered_us (0 when not known). */
void      retour_return_items_show_manual        (RetourReturnItems   *self,
                                                  gint64               delivered_us);
/* One more item to type in; it takes the focus. */
void      retour_return_items_add_manual         (RetourReturnItems   *self);
/* The delivery date typed in changed: the items typed in are judged again. */
void      retour_return_items_set_delivered      (RetourReturnItems   *self,
                                                  gint64               delivered_us);
/* Focuses the first item that can come back; FALSE when none can. */
gboolean  retour_return_items_focus_first        (RetourReturnItems   *self);
/* Each item that comes back with what the policy says about it, a line
 * each; @n_returned is how many come back. */
char     *retour_return_items_dup_summary        (RetourReturnItems   *self,
                                                  guint               *n_returned);
/* Whether any item that comes back needs an override. */
gboolean  retour_return_items_needs_override     (RetourReturnItems   *self);
/* The items that come back, appended to @lines (RetourPhoneReturnLine);
 * FALSE with an error when a reason or a price typed in is not one. The
 * text stays the items': it must not change meanwhile. */
gboolean  retour_return_items_gather             (RetourReturnItems   *self,
                                                  GArray              *lines,
                                                  GError             **error);

G_END_DECLS
