/* retour-resolution-section-store.c — the return's resolution carried out in its store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a return resolved as an exchange, a replacement or store credit
 * whose order came from a connected store: what the store made
 * ("Exchange order #1234", a coupon's code), what waits to be sent, or
 * what the store refused, in its words, with Try Again. Carry Out asks
 * what to make (RetourResolutionDialog), queues it at the desk and has
 * the sync scheduler send it, as recorded refunds are sent.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-desk-resolution.h"
#include "retour-resolution-dialog.h"
#include "retour-resolution-section-private.h"
#include "retour-text.h"

/* How many of the store's products the exchange offers to choose from. */
#define PRODUCTS_OFFERED 200

static void
failed (RetourResolutionSection *self,
        const char              *message)
{
  retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), message);
}

/* The store of the saved return's order, 0 when it has none. */
static gint64
order_store_id (RetourResolutionSection *self)
{
  g_autoptr(RetourOrder) order = NULL;

  if (self->saved == NULL || self->saved->order_id == 0)
    return 0;
  order = retour_catalog_store_load_order (retour_context_get_database (self->context), self->saved->order_id, NULL);

  return order != NULL && order->external_id != NULL ? order->store_id : 0;
}

static gboolean
wants_store (const RetourRma *rma)
{
  return rma->resolution == RETOUR_RESOLUTION_EXCHANGE || rma->resolution == RETOUR_RESOLUTION_REPLACEMENT ||
         rma->resolution == RETOUR_RESOLUTION_STORE_CREDIT;
}

void
_retour_resolution_section_update_store (RetourResolutionSection *self)
{
  g_autoptr(RetourStoreResolution) resolution = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  gboolean can_carry_out = FALSE;
  gboolean can_retry = FALSE;

  if (self->context == NULL || self->saved == NULL || self->saved->number == NULL ||
      !wants_store (self->saved) || order_store_id (self) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->store_row), FALSE);
      return;
    }

  resolution = retour_resolution_store_load_for_rma (retour_context_get_database (self->context),
                                                     self->saved->id, &error);
  if (error != NULL)
    subtitle = g_strdup (error->message);
  else if (resolution == NULL)
    {
      subtitle = g_strdup (_("Not carried out in the store yet"));
      can_carry_out = !retour_rma_status_is_terminal (self->saved->status);
    }
  else
    {
      g_autofree char *what = retour_store_resolution_describe (resolution);
      g_autofree char *message = retour_text_for_display (resolution->last_error, RETOUR_TEXT_MAX_NOTE,
                                                          RETOUR_TEXT_MULTILINE);

      switch (resolution->state)
        {
        case RETOUR_STORE_RESOLUTION_DONE:
          subtitle = resolution->payment_url != NULL
                     /* Translators: %s says what the store made, “Exchange order #1234”. */
                     ? g_strdup_printf (_("%s, waiting for the customer to pay the difference"), what)
                     : g_steal_pointer (&what);
          break;
        case RETOUR_STORE_RESOLUTION_FAILED:
          /* Translators: the first %s says what was asked for, the second what the store answered. */
          subtitle = g_strdup_printf (_("%s: the store refused it: %s"), what, message != NULL ? message : "");
          can_retry = TRUE;
          break;
        case RETOUR_STORE_RESOLUTION_QUEUED:
        default:
          subtitle = message != NULL
                     /* Translators: the first %s says what was asked for, the second what went wrong. */
                     ? g_strdup_printf (_("%s, waiting to be sent again: %s"), what, message)
                     /* Translators: %s says what was asked for, “Coupon of €19.95”. */
                     : g_strdup_printf (_("%s, waiting to be sent to the store"), what);
          break;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->store_row), TRUE);
  adw_action_row_set_subtitle (self->store_row, subtitle);
  gtk_widget_set_visible (self->carry_out_button, can_carry_out);
  gtk_widget_set_visible (self->retry_resolution_button, can_retry);
}

static void
send_cb (RetourSyncScheduler     *scheduler,
         gint64                   store_id,
         const GError            *error,
         RetourResolutionSection *self)
{
  if (store_id != self->store_resolution_store_id)
    return;

  g_clear_signal_handler (&self->store_resolution_handler, scheduler);
  _retour_resolution_section_update_store (self);
}

/* Has the scheduler send what waits for @store_id now, and shows what
 * became of it when it is done. */
static void
send_now (RetourResolutionSection *self,
          gint64                   store_id)
{
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (self->context);

  if (self->store_resolution_handler == 0)
    self->store_resolution_handler = g_signal_connect_object (scheduler, "finished", G_CALLBACK (send_cb), self, 0);
  self->store_resolution_store_id = store_id;
  retour_sync_scheduler_write_back (scheduler, store_id);
}

typedef struct
{
  RetourResolutionSection   *section;
  gint64                     rma_id;
  RetourStoreResolutionKind  kind;
} CarryOut;

static void
chosen_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree CarryOut *asked = user_data;
  g_autoptr(RetourResolutionSection) self = asked->section;
  g_autoptr(RetourExchangeItem) item = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_exchange_item_free);
  g_autoptr(RetourStoreResolution) queued = NULL;
  g_autoptr(GError) error = NULL;
  RetourMoney amount = { 0 };

  if (!retour_resolution_dialog_run_finish (result, &item, &amount, NULL) ||
      self->saved == NULL || self->saved->id != asked->rma_id)
    return;

  if (item != NULL)
    g_ptr_array_add (items, g_steal_pointer (&item));
  if (!retour_desk_carry_out_resolution (self->context, asked->rma_id, asked->kind, amount, items,
                                         &queued, NULL, &error))
    {
      failed (self, error->message);
      return;
    }

  /* The editor reads the return again (a cheaper exchange refunds the
   * difference), this section with it. */
  retour_editor_section_emit_written (RETOUR_EDITOR_SECTION (self));
  send_now (self, queued->store_id);
}

static void
carry_out_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (widget);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  RetourStoreResolutionKind kind = RETOUR_STORE_RESOLUTION_EXCHANGE_ORDER;
  RetourMoney returned;
  CarryOut *asked;
  gint64 store_id = order_store_id (self);

  if (self->saved == NULL || store_id == 0)
    return;

  /* Unsaved edits first: the store makes what the return says as saved. */
  if (self->changed)
    {
      failed (self, _("Save the return first: the store makes what it says."));
      return;
    }

  returned = retour_money_init (0, self->saved->refund.currency);
  for (guint i = 0; i < self->saved->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (self->saved->lines, i);
      guint quantity = line->qty_accepted > 0 ? line->qty_accepted : line->qty_authorized;

      returned.minor += line->unit_price.minor * quantity;
    }
  if (self->saved->refund.minor > 0)
    returned = self->saved->refund;

  if (self->saved->resolution == RETOUR_RESOLUTION_STORE_CREDIT)
    {
      if (!retour_desk_credit_kind (self->context, store_id, &kind, &error))
        {
          failed (self, error->message);
          return;
        }
    }
  else
    {
      products = retour_resolution_store_find_products (retour_context_get_database (self->context), store_id,
                                                        NULL, PRODUCTS_OFFERED, &error);
      if (products == NULL)
        {
          failed (self, error->message);
          return;
        }
      /* Only what is sold in the return's currency can stand for it. */
      for (guint i = products->len; i > 0; i--)
        {
          const RetourExchangeItem *product = g_ptr_array_index (products, i - 1);

          if (g_strcmp0 (product->unit_price.currency, returned.currency) != 0)
            g_ptr_array_remove_index (products, i - 1);
        }
      if (products->len == 0)
        {
          failed (self, _("Retour knows none of the store’s products yet: sync the store first."));
          return;
        }
    }

  asked = g_new0 (CarryOut, 1);
  asked->section = g_object_ref (self);
  asked->rma_id = self->saved->id;
  asked->kind = kind;
  retour_resolution_dialog_run_async (GTK_WINDOW (gtk_widget_get_root (widget)), kind, products, returned, NULL,
                                      chosen_cb, asked);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (widget);
  g_autoptr(RetourStoreResolution) resolution = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db;

  if (self->saved == NULL)
    return;
  db = retour_context_get_database (self->context);
  resolution = retour_resolution_store_load_for_rma (db, self->saved->id, &error);
  if (resolution == NULL || !retour_resolution_store_retry (db, resolution->id, &error))
    {
      if (error != NULL)
        failed (self, error->message);
      return;
    }

  _retour_resolution_section_update_store (self);
  send_now (self, resolution->store_id);
}

void
_retour_resolution_section_class_init_store (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "resolution.carry-out", NULL, carry_out_action);
  gtk_widget_class_install_action (widget_class, "resolution.retry", NULL, retry_action);
}
