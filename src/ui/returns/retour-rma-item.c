/* retour-rma-item.c — one row of the returns list, as a GObject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-rma-item.h"

struct _RetourRmaItem
{
  GObject           parent_instance;

  RetourRmaSummary *summary;
  RetourAction      action;
};

G_DEFINE_FINAL_TYPE (RetourRmaItem, retour_rma_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
retour_rma_item_finalize (GObject *object)
{
  RetourRmaItem *self = RETOUR_RMA_ITEM (object);

  g_clear_pointer (&self->summary, retour_rma_summary_free);

  G_OBJECT_CLASS (retour_rma_item_parent_class)->finalize (object);
}

static void
retour_rma_item_class_init (RetourRmaItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = retour_rma_item_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
retour_rma_item_init (RetourRmaItem *self)
{
}

RetourRmaItem *
retour_rma_item_new (RetourRmaSummary *summary,
                     RetourAction      action)
{
  RetourRmaItem *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_RMA_ITEM, NULL);
  self->summary = summary;
  self->action = action;

  return self;
}

const RetourRmaSummary *
retour_rma_item_get_summary (RetourRmaItem *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_ITEM (self), NULL);

  return self->summary;
}

gint64
retour_rma_item_get_id (RetourRmaItem *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_ITEM (self), 0);

  return self->summary->id;
}

RetourAction
retour_rma_item_get_action (RetourRmaItem *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_ITEM (self), RETOUR_ACTION_NONE);

  return self->action;
}

void
retour_rma_item_take (RetourRmaItem *self,
                      RetourRmaItem *other)
{
  g_return_if_fail (RETOUR_IS_RMA_ITEM (self));
  g_return_if_fail (RETOUR_IS_RMA_ITEM (other));
  g_return_if_fail (other->summary != NULL);

  if (retour_rma_item_equal (self, other))
    return;

  g_clear_pointer (&self->summary, retour_rma_summary_free);
  self->summary = g_steal_pointer (&other->summary);
  self->action = other->action;

  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
retour_rma_item_equal (RetourRmaItem *a,
                       RetourRmaItem *b)
{
  const RetourRmaSummary *x;
  const RetourRmaSummary *y;

  g_return_val_if_fail (RETOUR_IS_RMA_ITEM (a), FALSE);
  g_return_val_if_fail (RETOUR_IS_RMA_ITEM (b), FALSE);

  x = a->summary;
  y = b->summary;

  return x->id == y->id &&
         a->action == b->action &&
         x->status == y->status &&
         x->units == y->units &&
         x->created_us == y->created_us &&
         retour_money_compare (x->refund, y->refund) == 0 &&
         g_strcmp0 (x->number, y->number) == 0 &&
         g_strcmp0 (x->customer_name, y->customer_name) == 0 &&
         g_strcmp0 (x->order_number, y->order_number) == 0;
}

char *
retour_rma_item_dup_number (RetourRmaItem *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_ITEM (self), NULL);

  if (self->summary->number != NULL)
    return retour_rma_number_display (self->summary->number);

  /* Translators: a return not authorized yet, known by its row id. */
  return g_strdup_printf ("#%" G_GINT64_FORMAT, self->summary->id);
}

const char *
retour_action_get_label (RetourAction action)
{
  switch (action)
    {
    case RETOUR_ACTION_DECIDE:
      /* Translators: what a requested return needs: authorize or reject. */
      return C_("needed action", "Decide");
    case RETOUR_ACTION_OVERDUE:
      /* Translators: an authorized return whose parcel is late. */
      return C_("needed action", "Overdue");
    case RETOUR_ACTION_INSPECT:
      return C_("needed action", "Inspect");
    case RETOUR_ACTION_RESOLVE:
      return C_("needed action", "Resolve");
    case RETOUR_ACTION_REFUND:
      return C_("needed action", "Refund due");
    case RETOUR_ACTION_LEGAL_REFUND_SOON:
      /* Translators: a withdrawal whose refund the law says is due
         within days. Short: it is a tag in a column. */
      return C_("needed action", "Refund by law");
    case RETOUR_ACTION_LEGAL_REFUND_LATE:
      /* Translators: a withdrawal refunded later than the law allows. */
      return C_("needed action", "Refund late");
    case RETOUR_ACTION_MESSAGE:
      /* Translators: a message to the customer failed or may not have
         arrived. Short: it is a tag in a column. */
      return C_("needed action", "Message failed");
    case RETOUR_ACTION_PARCEL:
      /* Translators: the carrier reports a problem with the return's
         parcel (sent back, damaged). Short: a tag in a column. */
      return C_("needed action", "Parcel problem");
    case RETOUR_ACTION_NONE:
    default:
      return NULL;
    }
}
