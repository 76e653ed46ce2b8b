/* retour-resolution-section-refund.c — what is left to pay of a return's
 * refund, and recording a payment of it, in the resolution section.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The payment is asked for with RetourRefundDialog and written with its
 * place in the store's write-back queue; the sync scheduler then sends it.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-desk.h"
#include "retour-refund-dialog.h"
#include "retour-resolution-section-private.h"
#include "retour-rma-store.h"
#include "retour-sync-store.h"
#include "retour-text.h"
#include "retour-toast.h"

static RetourDatabase *
get_db (RetourResolutionSection *self)
{
  return retour_context_get_database (self->context);
}

static void
failed (RetourResolutionSection *self,
        const char              *message)
{
  retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), message);
}

/* How the stored return's refund is paid: its own method, else the
 * original payment method if the shop offers it, else the first one it
 * offers. */
static RetourRefundMethod
refund_method (RetourResolutionSection *self)
{
  if (self->saved->refund_method != RETOUR_REFUND_METHOD_NONE)
    return self->saved->refund_method;

  /* Nothing known of the policy: the method every shop has. */
  if (self->offered_methods == 0)
    return RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;

  return retour_policy_default_refund_method (self->offered_methods);
}

/* What is left to pay ---------------------------------------------------- */

/* How much of the stored return's refund is still to be paid: FALSE when
 * nothing is (not due yet, or paid in full), with @error set only when
 * the database could not say. */
static gboolean
get_refund_left (RetourResolutionSection  *self,
                 RetourMoney              *left,
                 GError                  **error)
{
  g_autoptr(GPtrArray) refunds = NULL;
  RetourMoney paid;

  if (self->saved == NULL || self->saved->refund.minor <= 0)
    return FALSE;

  if (!retour_rma_store_refund_is_due (get_db (self), self->saved, error))
    return FALSE;

  refunds = retour_rma_store_list_refunds (get_db (self), self->saved->id, error);
  if (refunds == NULL)
    return FALSE;

  paid = retour_money_init (0, self->saved->refund.currency);
  for (guint i = 0; i < refunds->len; i++)
    {
      const RetourRefund *refund = g_ptr_array_index (refunds, i);

      if (!retour_money_add (paid, refund->amount, &paid, error))
        return FALSE;
    }

  if (!retour_money_subtract (self->saved->refund, paid, left, error))
    return FALSE;

  return left->minor > 0;
}

void
_retour_resolution_section_update_record_refund (RetourResolutionSection *self)
{
  g_autoptr(GError) error = NULL;
  RetourMoney left;
  gboolean can_record = get_refund_left (self, &left, &error);

  if (error != NULL)
    failed (self, error->message);

  /* Refunds are the accounts role's; other desks see what is due. */
  if (self->context != NULL &&
      (retour_database_get_operator_roles (retour_context_get_database (self->context)) &
       (RETOUR_OPERATOR_ROLE_ACCOUNTS | RETOUR_OPERATOR_ROLE_OWNER)) == 0)
    can_record = FALSE;

  _retour_resolution_section_set_can_record_refund (self, can_record);
}

/* Recording a refund ---------------------------------------------------------- */

static void
toast (RetourResolutionSection *self,
       const char              *message)
{
  /* It says something went wrong: it stays until dismissed. */
  if (!retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_STAYS))
    failed (self, message);
}

static void
report_write_back_failure (RetourResolutionSection *self,
                           const char              *store,
                           const GError            *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->context == NULL)
    return;

  /* What matters comes first: a long reason is cut off on screen, and
   * the store's queue in the preferences shows it whole.
   * Translators: the first %s is the store's name, the second says what
   * went wrong. */
  message = g_strdup_printf (_("Refund recorded and queued: sending it to %s failed, so Retour will try "
                               "again at the next sync (%s)"),
                             store, error->message);
  toast (self, message);
}

static void
write_back_finished_cb (RetourSyncScheduler     *scheduler,
                        gint64                   store_id,
                        const GError            *error,
                        RetourResolutionSection *self)
{
  if (store_id != self->write_back_store_id)
    return;

  g_clear_signal_handler (&self->write_back_handler, scheduler);
  if (error != NULL)
    report_write_back_failure (self, self->write_back_store_name, error);
}

/* Asks the shop's sync scheduler to send @storefront's queued
 * refunds now: it runs them in turn with the store's syncs, so a refund is
 * never sent twice at once, and it retries after the next sync if this
 * attempt fails. */
static void
send_write_backs (RetourResolutionSection *self,
                  const RetourStorefront  *storefront)
{
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (self->context);

  if (self->write_back_handler == 0)
    self->write_back_handler = g_signal_connect_object (scheduler, "finished",
                                                        G_CALLBACK (write_back_finished_cb), self, 0);
  self->write_back_store_id = storefront->id;
  g_free (self->write_back_store_name);
  self->write_back_store_name = retour_text_for_display (storefront->name, RETOUR_TEXT_MAX_LINE,
                                                         RETOUR_TEXT_ONE_LINE);

  retour_sync_scheduler_write_back (scheduler, storefront->id);
}

typedef struct
{
  RetourResolutionSection *section;
  gint64                   rma_id;
} RefundAsked;

static void
refund_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree RefundAsked *asked = user_data;
  g_autoptr(RetourResolutionSection) self = asked->section;
  g_autoptr(RetourRefund) refund = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(GError) error = NULL;
  RetourMoney amount;

  /* Staff said no, or moved to another return meanwhile. */
  if (!retour_refund_dialog_run_finish (result, &amount, NULL) ||
      self->saved == NULL || self->saved->id != asked->rma_id)
    return;

  refund = g_new0 (RetourRefund, 1);
  refund->rma_id = asked->rma_id;
  refund->amount = amount;
  refund->method = refund_method (self);
  refund->idempotency_key = g_uuid_string_random ();

  if (!retour_desk_record_refund (self->context, refund, &storefront, &error))
    {
      failed (self, error->message);
      return;
    }

  /* The editor reads the return again, this section with it. */
  retour_editor_section_emit_written (RETOUR_EDITOR_SECTION (self));
  if (storefront != NULL)
    send_write_backs (self, storefront);
}

void
retour_resolution_section_record_refund (RetourResolutionSection *self)
{
  g_autoptr(GError) error = NULL;
  RetourMoney left;
  RefundAsked *asked;

  g_return_if_fail (RETOUR_IS_RESOLUTION_SECTION (self));

  if (self->saved == NULL)
    return;

  if (!get_refund_left (self, &left, &error))
    {
      if (error != NULL)
        failed (self, error->message);
      _retour_resolution_section_update_record_refund (self);
      return;
    }

  asked = g_new0 (RefundAsked, 1);
  asked->section = g_object_ref (self);
  asked->rma_id = self->saved->id;
  retour_refund_dialog_run_async (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), left,
                                  self->saved->customer_name, refund_method (self), NULL,
                                  refund_chosen_cb, asked);
}

