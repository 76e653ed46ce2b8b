/* retour-desk.c — what staff do at the returns desk, one call each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A call that writes through more than one store opens the transaction
 * itself (retour_database_begin()); one that writes through a single
 * store call leaves it to the store, which makes that call one
 * transaction of its own.
 */
#define G_LOG_DOMAIN "retour-desk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-desk.h"
#include "retour-inventory-store.h"
#include "retour-law.h"
#include "retour-message-store.h"
#include "retour-policy-store.h"
#include "retour-request-store.h"
#include "retour-stock-store.h"

G_DEFINE_QUARK (retour-desk-error-quark, retour_desk_error)

/* Days a customer has to send the goods back after telling the shop they
 * withdraw from the purchase: Art. 14(1) Directive 2011/83/EU. */
#define SEND_BACK_DAYS 14

/* @text without surrounding blanks, or NULL when nothing is left. */
static char *
dup_given (const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return NULL;

  stripped = g_strstrip (g_strdup (text));

  return *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/* Taking a return over the phone ------------------------------------------ */

static RetourRefundMethod
refund_method_for (const RetourPolicy *policy,
                   RetourResolution    resolution)
{
  switch (resolution)
    {
    case RETOUR_RESOLUTION_REFUND:
    case RETOUR_RESOLUTION_KEEP_IT:
      return retour_policy_default_refund_method (policy->allowed_refund_methods);
    case RETOUR_RESOLUTION_STORE_CREDIT:
      return RETOUR_REFUND_METHOD_STORE_CREDIT;
    case RETOUR_RESOLUTION_UNDECIDED:
    case RETOUR_RESOLUTION_EXCHANGE:
    case RETOUR_RESOLUTION_REPAIR:
    case RETOUR_RESOLUTION_REPLACEMENT:
    default:
      return RETOUR_REFUND_METHOD_NONE;
    }
}

static const RetourOrderLine *
find_order_line (const RetourOrder *order,
                 gint64             order_line_id)
{
  for (guint i = 0; i < order->lines->len; i++)
    {
      const RetourOrderLine *line = g_ptr_array_index (order->lines, i);

      if (line->id == order_line_id)
        return line;
    }

  return NULL;
}

/* The line of the return for @item; NULL with an error saying what is
 * missing. The order's own lines are taken as the order has them. */
static RetourRmaLine *
build_line (RetourDatabase               *db,
            const RetourOrder            *order,
            const RetourPhoneReturnLine  *item,
            GError                      **error)
{
  g_autoptr(RetourRmaLine) line = retour_rma_line_new ();

  if (item->order_line_id == 0)
    {
      g_free (line->title);
      line->title = dup_given (item->title);
      line->sku = dup_given (item->sku);
      if (line->title == NULL)
        {
          g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                               _("Describe every item that comes back."));
          return NULL;
        }
      line->unit_price = item->unit_price;
      /* What the customer says was bought: the store checks every line's
       * quantities against an ordered one. */
      line->qty_ordered = item->quantity;
    }
  else
    {
      const RetourOrderLine *ordered = order != NULL ? find_order_line (order, item->order_line_id) : NULL;
      g_autoptr(RetourProduct) product = NULL;

      if (ordered == NULL || ordered->gone_upstream)
        {
          g_set_error_literal (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_ON_ORDER,
                               _("An item of the return is no longer on the order. Choose the order again."));
          return NULL;
        }

      /* The category is the policy's to judge by; a product that cannot
       * be read has none. */
      if (ordered->product_id != 0)
        product = retour_catalog_store_load_product (db, ordered->product_id, NULL);

      line->order_line_id = ordered->id;
      line->product_id = ordered->product_id;
      line->sku = g_strdup (ordered->sku);
      g_free (line->title);
      line->title = g_strdup (ordered->title);
      line->category = product != NULL ? g_strdup (product->category) : NULL;
      line->unit_price = ordered->unit_price;
      line->qty_ordered = ordered->quantity;
    }

  line->qty_requested = item->quantity;
  line->qty_authorized = item->quantity;
  line->reason_id = item->reason_id;

  return g_steal_pointer (&line);
}

/* What the policy says about @line of a return for @order (NULL: one
 * typed in, delivered at @delivered_us). */
static RetourVerdict *
evaluate_line (RetourContext       *context,
               const RetourPolicy  *policy,
               const RetourOrder   *order,
               gint64               delivered_us,
               const RetourRmaLine *line)
{
  RetourPolicyLineInput input = { 0 };

  input.category = line->category;
  if (order != NULL)
    {
      input.ordered_us = order->ordered_us;
      input.fulfilled_us = order->fulfilled_us;
      input.delivered_us = order->delivered_us;
    }
  else
    input.delivered_us = delivered_us;

  return retour_policy_evaluate_line (policy, &input, retour_context_now (context),
                                      retour_context_get_time_zone (context));
}

/* Whether the policy accepts some line only with an override. A
 * withdrawal or a legal-guarantee claim is the law's, which a policy
 * cannot narrow: only commercial claims are judged by it. */
static gboolean
needs_override (RetourContext      *context,
                const RetourPolicy *policy,
                const RetourOrder  *order,
                gint64              delivered_us,
                const RetourRma    *rma)
{
  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      g_autoptr(RetourVerdict) verdict = NULL;

      if (line->claim == RETOUR_CLAIM_WITHDRAWAL || line->claim == RETOUR_CLAIM_CONFORMITY)
        continue;

      verdict = evaluate_line (context, policy, order, delivered_us, line);
      if (verdict->kind == RETOUR_VERDICT_NEEDS_OVERRIDE)
        return TRUE;
    }

  return FALSE;
}

/* Gives each line of @rma its claim from its reason and the law's dates,
 * as of the customer's notice. */
static void
set_default_claims (RetourContext      *context,
                    const RetourPolicy *policy,
                    RetourRma          *rma)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(GPtrArray) reasons = retour_policy_store_list_reasons (db, TRUE, NULL);
  RetourLawInput input;
  RetourLawDates dates;

  retour_law_input_for_rma (rma, policy, &input);
  retour_law_compute (&input, policy->shop_country, &dates);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      const RetourReason *reason = retour_reason_find (reasons, line->reason_id);

      line->claim = retour_law_default_claim (&dates,
                                              reason != NULL && retour_law_reason_is_conformity (reason),
                                              retour_context_now (context));
    }
}

/* By when the customer sends the parcel: 14 days after telling the shop,
 * which the phone call does (Art. 14(1) Directive 2011/83/EU), or the
 * last day the policy gives an item if that is later, since the shop
 * promised that. A day in the shop's time zone, held as its local noon
 * as dates typed in are, so it reads as the same day wherever the label
 * is printed; the return is overdue from the day after. */
static gint64
send_by_us (RetourContext      *context,
            const RetourPolicy *policy,
            const RetourOrder  *order,
            gint64              delivered_us,
            const RetourRma    *rma)
{
  GTimeZone *tz = retour_context_get_time_zone (context);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (retour_context_now (context) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) noon = NULL;
  GDate last;

  g_date_clear (&last, 1);
  g_date_set_dmy (&last, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_add_days (&last, SEND_BACK_DAYS);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      g_autoptr(RetourVerdict) verdict = evaluate_line (context, policy, order, delivered_us,
                                                        g_ptr_array_index (rma->lines, i));

      if (g_date_valid (&verdict->deadline) && g_date_compare (&verdict->deadline, &last) > 0)
        last = verdict->deadline;
    }

  noon = g_date_time_new (tz, g_date_get_year (&last), g_date_get_month (&last), g_date_get_day (&last),
                          12, 0, 0);

  return g_date_time_to_unix (noon) * G_USEC_PER_SEC;
}

/* The customer and the order typed in, written in the caller's
 * transaction. */
static RetourOrder *
store_typed_order (RetourContext            *context,
                   const RetourPhoneReturn  *request,
                   const RetourMoney        *total,
                   GError                  **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  gint64 now_us = retour_context_now (context);
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();

  customer->first_name = dup_given (request->first_name);
  customer->last_name = dup_given (request->last_name);
  customer->email = dup_given (request->email);
  customer->phone = dup_given (request->phone);
  if (!retour_catalog_store_upsert_customer (db, customer, now_us, error))
    return NULL;

  order->number = dup_given (request->order_number);
  if (order->number == NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, retour_context_get_time_zone (context));

      /* An order from outside the shop's storefront has no number: one
       * that says so and when it was entered. */
      order->number = g_date_time_format (now, "M%Y%m%d-%H%M%S");
    }
  order->customer_id = customer->id;
  order->total = *total;
  order->ordered_us = request->delivered_us != 0 ? request->delivered_us : now_us;
  order->delivered_us = request->delivered_us;
  order->updated_us = now_us;
  if (!retour_catalog_store_upsert_order (db, order, error))
    return NULL;

  return g_steal_pointer (&order);
}

static gboolean
is_typed_customer_known (const RetourPhoneReturn *request)
{
  g_autofree char *first_name = dup_given (request->first_name);
  g_autofree char *last_name = dup_given (request->last_name);
  g_autofree char *email = dup_given (request->email);

  return first_name != NULL || last_name != NULL || email != NULL;
}

/* Writes the customer and order typed in (if so), the return, the
 * override's note and the authorization, in the caller's transaction. */
static gboolean
create_in_transaction (RetourContext            *context,
                       const RetourPhoneReturn  *request,
                       RetourRma                *rma,
                       const RetourMoney        *total,
                       const char               *note,
                       GError                  **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  const char *actor = retour_context_get_actor (context);
  gint64 now_us = retour_context_now (context);

  if (request->order_id == 0)
    {
      g_autoptr(RetourOrder) order = store_typed_order (context, request, total, error);

      if (order == NULL)
        return FALSE;
      rma->order_id = order->id;
      rma->customer_id = order->customer_id;
    }

  /* The call is the customer's notice of withdrawal: they are owed its
   * acknowledgement on a durable medium, before the approval. */
  return retour_rma_store_insert (db, rma, actor, error) &&
         (note == NULL || retour_rma_store_add_note (db, rma->id, actor, note, now_us, error)) &&
         retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, actor, NULL, now_us, error) &&
         (!retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL) ||
          retour_message_store_queue (db, rma->id, RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED, now_us, error)) &&
         retour_message_store_queue_for_status (db, rma, now_us, error);
}

gboolean
retour_desk_create_return (RetourContext            *context,
                           const RetourPhoneReturn  *request,
                           RetourRma               **out_rma,
                           GError                  **error)
{
  RetourDatabase *db;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autofree char *note = NULL;
  const char *currency;
  RetourMoney total;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (request->n_lines == 0 || request->lines != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = retour_context_get_database (context);

  policy = request->policy_id != 0 ? retour_policy_store_load (db, request->policy_id, error)
                                   : retour_policy_store_load_current (db, error);
  if (policy == NULL)
    return FALSE;

  if (request->order_id != 0)
    {
      order = retour_catalog_store_load_order (db, request->order_id, error);
      if (order == NULL)
        return FALSE;
    }

  currency = order != NULL ? order->total.currency : policy->return_shipping.currency;
  rma = retour_rma_new (currency, retour_context_now (context));
  total = retour_money_init (0, currency);

  for (guint i = 0; i < request->n_lines; i++)
    {
      const RetourPhoneReturnLine *item = &request->lines[i];
      RetourRmaLine *line;

      if (item->quantity == 0)
        continue;

      line = build_line (db, order, item, error);
      if (line == NULL)
        return FALSE;
      retour_rma_add_line (rma, line);

      if (item->order_line_id == 0)
        {
          RetourMoney subtotal;

          if (!retour_money_multiply (line->unit_price, item->quantity, &subtotal, error) ||
              !retour_money_add (total, subtotal, &total, error))
            return FALSE;
        }
    }

  if (rma->lines->len == 0)
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Tick at least one item that comes back."));
      return FALSE;
    }

  /* The law's facts first: the claims, and so whether the policy has a
   * say, follow from them. */
  if (order != NULL)
    {
      rma->country = g_strdup (order->ship_country);
      rma->possession_us = retour_law_possession_us (order->delivered_us, order->fulfilled_us,
                                                     &rma->possession_estimated);
    }
  else
    rma->possession_us = request->delivered_us;
  rma->declared_via = request->declared_via != RETOUR_DECLARATION_NONE ? request->declared_via
                                                                      : RETOUR_DECLARATION_PHONE;
  rma->declared_us = request->declared_us != 0 ? request->declared_us : retour_context_now (context);
  set_default_claims (context, policy, rma);

  if (needs_override (context, policy, order, request->delivered_us, rma))
    {
      note = dup_given (request->override_note);
      if (note == NULL)
        {
          g_set_error_literal (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOTE_REQUIRED,
                               _("The policy does not allow this return: write down why it is accepted anyway."));
          return FALSE;
        }
    }

  if (order == NULL && !is_typed_customer_known (request))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Enter the customer’s name or e-mail address."));
      return FALSE;
    }

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->resolution = request->resolution;
  rma->consent_alternative = request->consent_alternative;
  rma->refund_method = refund_method_for (policy, request->resolution);
  rma->due_us = send_by_us (context, policy, order, request->delivered_us, rma);
  if (order != NULL)
    {
      rma->order_id = order->id;
      rma->customer_id = order->customer_id;
    }

  /* All of it or nothing: the customer and order typed in, the return,
   * the override's note and the authorization. */
  if (!retour_database_begin (db, error))
    return FALSE;

  if (!create_in_transaction (context, request, rma, &total, note, error) ||
      !retour_database_commit (db, error))
    {
      retour_database_rollback (db);
      return FALSE;
    }

  if (out_rma != NULL)
    {
      /* With who and what it is for, as a load fills them in; it is
       * created whether or not that read works. */
      RetourRma *stored = retour_rma_store_load (db, rma->id, NULL);

      *out_rma = stored != NULL ? stored : g_steal_pointer (&rma);
    }

  return TRUE;
}

/* Receiving ---------------------------------------------------------------- */

static char *
dup_number_display (const RetourRma *rma)
{
  if (rma->number == NULL)
    return g_strdup_printf ("#%" G_GINT64_FORMAT, rma->id);

  return retour_rma_number_display (rma->number);
}

gboolean
retour_desk_check_expected (const RetourRma  *rma,
                            GError          **error)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (rma != NULL, FALSE);

  if (rma->status == RETOUR_RMA_STATUS_AUTHORIZED || rma->status == RETOUR_RMA_STATUS_IN_TRANSIT)
    return TRUE;

  display = dup_number_display (rma);
  g_set_error (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED,
               /* Translators: an RMA number, then its status ("Received",
                   "Closed", …). */
               _("%s is not expected back (status: %s)."), display,
               retour_rma_status_get_label (rma->status));

  return FALSE;
}

RetourRma *
retour_desk_find_expected (RetourContext  *context,
                           const char     *text,
                           GError        **error)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *compact = NULL;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  compact = retour_rma_number_parse (text, error);
  if (compact == NULL)
    return NULL;

  rma = retour_rma_store_find_by_number (retour_context_get_database (context), compact, &local_error);
  if (rma == NULL)
    {
      if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *display = retour_rma_number_display (compact);

          /* Translators: %s is an RMA number. */
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                       _("No return has the number %s."), display);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!retour_desk_check_expected (rma, error))
    return NULL;

  /* What the parcel should hold: everything authorized, accepted as it
   * comes unless someone says otherwise. Condition and destination are
   * for the person at the table to say. */
  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      if (line->qty_received == 0)
        line->qty_received = line->qty_authorized;
      if (line->qty_accepted == 0)
        line->qty_accepted = line->qty_received;
    }

  return g_steal_pointer (&rma);
}

gboolean
retour_desk_receive (RetourContext  *context,
                     RetourRma      *rma,
                     gboolean        inspect,
                     GError        **error)
{
  RetourDatabase *db;
  const char *actor;
  gint64 now_us;
  g_autoptr(RetourRma) before = NULL;
  g_autoptr(RetourRma) stored = NULL;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (rma != NULL && rma->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!retour_desk_check_expected (rma, error))
    return FALSE;

  db = retour_context_get_database (context);
  actor = retour_context_get_actor (context);
  now_us = retour_context_now (context);
  before = retour_rma_copy (rma);

  /* Received, and inspected as well if asked: both or neither. The
   * status is checked as stored, not as @rma was loaded: a parcel
   * received meanwhile elsewhere is not taken into stock twice. */
  if (retour_database_begin (db, error))
    {
      if ((stored = retour_rma_store_load (db, rma->id, error)) != NULL &&
          retour_desk_check_expected (stored, error) &&
          retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_RECEIVED, actor, NULL, now_us, error) &&
          retour_message_store_queue_for_status (db, rma, now_us, error) &&
          (!inspect || (retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_INSPECTED, actor, NULL, now_us, error) &&
                        retour_message_store_queue_for_status (db, rma, now_us, error))) &&
          retour_database_commit (db, error))
        return TRUE;

      retour_database_rollback (db);
    }

  retour_rma_restore (rma, before);
  return FALSE;
}

/* The editor's steps -------------------------------------------------------- */

gboolean
retour_desk_save_return (RetourContext  *context,
                         RetourRma      *rma,
                         GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);

  return retour_rma_store_update (retour_context_get_database (context), rma,
                                  retour_context_get_actor (context), error);
}

gboolean
retour_desk_transition (RetourContext    *context,
                        RetourRma        *rma,
                        RetourRmaStatus   to,
                        const char       *note,
                        GError          **error)
{
  g_autoptr(RetourRma) before = NULL;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);

  before = retour_rma_copy (rma);

  /* The step and what it tells the customer, both or neither; inside a
   * caller's transaction as well (a savepoint). */
  if (retour_message_store_transition (retour_context_get_database (context), rma, to,
                                       retour_context_get_actor (context), note,
                                       retour_context_now (context), error))
    return TRUE;

  retour_rma_restore (rma, before);
  return FALSE;
}

gboolean
retour_desk_decline_request (RetourContext        *context,
                             RetourRma            *rma,
                             RetourDeclineReason   reason,
                             const char           *note,
                             GError              **error)
{
  RetourDatabase *db;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);

  db = retour_context_get_database (context);

  /* The reason goes with the step, or neither: a decline sent without
   * the reason staff chose would tell the customer something else. */
  if (!retour_database_begin (db, error))
    return FALSE;

  if (!retour_request_store_set_decline_reason (db, rma->id, reason, error) ||
      !retour_desk_transition (context, rma, RETOUR_RMA_STATUS_REJECTED, note, error) ||
      !retour_database_commit (db, error))
    {
      retour_database_rollback (db);
      return FALSE;
    }

  return TRUE;
}

gboolean
retour_desk_inspect (RetourContext  *context,
                     RetourRma      *rma,
                     GError        **error)
{
  return retour_desk_transition (context, rma, RETOUR_RMA_STATUS_INSPECTED, NULL, error);
}

gboolean
retour_desk_cancel (RetourContext  *context,
                    RetourRma      *rma,
                    const char     *note,
                    GError        **error)
{
  return retour_desk_transition (context, rma, RETOUR_RMA_STATUS_CANCELLED, note, error);
}

gboolean
retour_desk_add_attachment (RetourContext     *context,
                            RetourAttachment  *attachment,
                            GError           **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (attachment != NULL, FALSE);

  attachment->created_us = retour_context_now (context);

  return retour_rma_store_add_attachment (retour_context_get_database (context), attachment,
                                          retour_context_get_actor (context), error);
}

gboolean
retour_desk_remove_attachment (RetourContext  *context,
                               gint64          attachment_id,
                               GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);

  return retour_rma_store_remove_attachment (retour_context_get_database (context), attachment_id,
                                             retour_context_get_actor (context),
                                             retour_context_now (context), error);
}

/* Refunds ------------------------------------------------------------------ */

/* The storefront a refund of @rma_id is written back to: the one its
 * order came from, if refunds go back there. NULL without an error when
 * there is none. */
static RetourStorefront *
load_write_back_store (RetourDatabase  *db,
                       gint64           rma_id,
                       GError         **error)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;

  rma = retour_rma_store_load (db, rma_id, error);
  if (rma == NULL || rma->order_id == 0)
    return NULL;

  order = retour_catalog_store_load_order (db, rma->order_id, error);
  if (order == NULL || order->store_id == 0)
    return NULL;

  storefront = retour_sync_store_load (db, order->store_id, error);
  if (storefront == NULL || !storefront->write_back)
    return NULL;

  return g_steal_pointer (&storefront);
}

gboolean
retour_desk_record_refund (RetourContext      *context,
                           RetourRefund       *refund,
                           RetourStorefront  **out_write_back_to,
                           GError            **error)
{
  RetourDatabase *db;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (refund != NULL && refund->rma_id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = retour_context_get_database (context);
  refund->created_us = retour_context_now (context);
  g_free (refund->actor);
  refund->actor = g_strdup (retour_context_get_actor (context));

  /* The payment and its place in the write-back queue are one change: a
   * refund recorded here is never left unsent by a crash in between. */
  if (!retour_database_begin (db, error))
    return FALSE;

  storefront = load_write_back_store (db, refund->rma_id, &local_error);
  if (local_error != NULL ||
      !retour_rma_store_add_refund (db, refund, &local_error) ||
      (storefront != NULL &&
       !retour_sync_store_queue_write_back (db, refund->id, refund->created_us, &local_error)) ||
      !retour_message_store_queue_refund (db, refund->id, refund->created_us, &local_error) ||
      !retour_database_commit (db, &local_error))
    {
      retour_database_rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_write_back_to != NULL)
    *out_write_back_to = g_steal_pointer (&storefront);

  return TRUE;
}

/* Overdue returns ------------------------------------------------------------ */

gboolean
retour_desk_expire_overdue (RetourContext  *context,
                            guint          *out_n_expired,
                            GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);

  /* The store expires them in one batch transaction of its own. */
  return retour_inventory_store_expire_overdue (retour_context_get_database (context),
                                                retour_context_get_time_zone (context),
                                                retour_context_now (context),
                                                retour_context_get_actor (context),
                                                out_n_expired, error);
}

typedef struct
{
  RetourContext *context;
  char          *path;
} ExpireJob;

static void
expire_job_free (gpointer data)
{
  ExpireJob *job = data;

  g_clear_object (&job->context);
  g_free (job->path);
  g_free (job);
}

static void
expire_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExpireJob *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint n_expired = 0;

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  context = retour_context_new_for_thread (job->context, db);
  if (!retour_desk_expire_overdue (context, &n_expired, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_int (task, n_expired);
}

void
retour_desk_expire_overdue_async (RetourContext       *context,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExpireJob *job;

  g_return_if_fail (RETOUR_IS_CONTEXT (context));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (ExpireJob, 1);
  job->context = g_object_ref (context);
  job->path = g_strdup (retour_database_get_path (retour_context_get_database (context)));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_desk_expire_overdue_async);
  g_task_set_task_data (task, job, expire_job_free);
  g_task_run_in_thread (task, expire_thread);
}

gboolean
retour_desk_expire_overdue_finish (GAsyncResult  *result,
                                   guint         *out_n_expired,
                                   GError       **error)
{
  gssize n_expired;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_desk_expire_overdue_async, FALSE);

  n_expired = g_task_propagate_int (G_TASK (result), error);
  if (n_expired < 0)
    return FALSE;

  if (out_n_expired != NULL)
    *out_n_expired = (guint) n_expired;

  return TRUE;
}

/* Stock ------------------------------------------------------------------------ */

gboolean
retour_desk_finish_repair (RetourContext  *context,
                           gint64          product_id,
                           gint64          quantity,
                           const char     *note,
                           GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);

  return retour_stock_store_finish_held (retour_context_get_database (context), product_id, quantity,
                                         RETOUR_STOCK_BUCKET_ON_HAND, retour_context_get_actor (context),
                                         note, retour_context_now (context), error);
}

gboolean
retour_desk_write_off_held (RetourContext  *context,
                            gint64          product_id,
                            gint64          quantity,
                            const char     *note,
                            GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);

  return retour_stock_store_finish_held (retour_context_get_database (context), product_id, quantity,
                                         RETOUR_STOCK_BUCKET_WRITTEN_OFF, retour_context_get_actor (context),
                                         note, retour_context_now (context), error);
}

gboolean
retour_desk_correct_stock (RetourContext      *context,
                           gint64              product_id,
                           RetourStockBucket   bucket,
                           gint64              delta,
                           const char         *note,
                           GError            **error)
{
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);

  return retour_stock_store_correct (retour_context_get_database (context), product_id, bucket, delta,
                                     retour_context_get_actor (context), note,
                                     retour_context_now (context), error);
}
