/* retour-rma.c — a return and its lines: copying, validation, and the
 * checks that a step of the lifecycle needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-lifecycle.h"
#include "retour-rma.h"

G_DEFINE_QUARK (retour-rma-error-quark, retour_rma_error)

G_DEFINE_BOXED_TYPE (RetourRmaLine, retour_rma_line, retour_rma_line_copy, retour_rma_line_free)
G_DEFINE_BOXED_TYPE (RetourRma, retour_rma, retour_rma_copy, retour_rma_free)

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

RetourRmaLine *
retour_rma_line_new (void)
{
  RetourRmaLine *line = g_new0 (RetourRmaLine, 1);

  line->condition = RETOUR_CONDITION_UNKNOWN;
  line->disposition = RETOUR_DISPOSITION_UNDECIDED;

  return line;
}

RetourRmaLine *
retour_rma_line_copy (const RetourRmaLine *line)
{
  RetourRmaLine *copy;

  g_return_val_if_fail (line != NULL, NULL);

  copy = g_new (RetourRmaLine, 1);
  *copy = *line;
  copy->sku = g_strdup (line->sku);
  copy->title = g_strdup (line->title);
  copy->category = g_strdup (line->category);
  copy->serial = g_strdup (line->serial);
  copy->notes = g_strdup (line->notes);
  copy->diminished_reason = g_strdup (line->diminished_reason);

  return copy;
}

void
retour_rma_line_free (RetourRmaLine *line)
{
  if (line == NULL)
    return;

  g_free (line->sku);
  g_free (line->title);
  g_free (line->category);
  g_free (line->serial);
  g_free (line->notes);
  g_free (line->diminished_reason);
  g_free (line);
}

gboolean
retour_rma_line_validate (const RetourRmaLine  *line,
                          GError              **error)
{
  gboolean ordered_known;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (line->title))
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Every returned item needs a title"));
      return FALSE;
    }

  /* An item entered by hand, without its order, has no known ordered
   * quantity to compare with. */
  ordered_known = line->order_line_id != 0 || line->qty_ordered != 0;

  if (ordered_known && line->qty_requested > line->qty_ordered)
    {
      /* Translators: “%s” is an item; the numbers are counts of it. */
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_QUANTITY,
                   _("“%s”: %u requested, but only %u ordered"),
                   line->title, line->qty_requested, line->qty_ordered);
      return FALSE;
    }
  if (line->qty_authorized > line->qty_requested)
    {
      /* Translators: “%s” is an item; the numbers are counts of it. */
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_QUANTITY,
                   _("“%s”: %u authorized, but only %u requested"),
                   line->title, line->qty_authorized, line->qty_requested);
      return FALSE;
    }
  if (line->qty_received > line->qty_authorized)
    {
      /* Translators: “%s” is an item; the numbers are counts of it. */
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_QUANTITY,
                   _("“%s”: %u received, but only %u authorized. Authorize the extra items first."),
                   line->title, line->qty_received, line->qty_authorized);
      return FALSE;
    }
  if (line->qty_accepted > line->qty_received)
    {
      /* Translators: “%s” is an item; the numbers are counts of it. */
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_QUANTITY,
                   _("“%s”: %u accepted, but only %u received"),
                   line->title, line->qty_accepted, line->qty_received);
      return FALSE;
    }

  return TRUE;
}

RetourRma *
retour_rma_new (const char *currency,
                gint64      now_us)
{
  RetourRma *rma;

  g_return_val_if_fail (currency != NULL, NULL);

  rma = g_new0 (RetourRma, 1);
  rma->status = RETOUR_RMA_STATUS_DRAFT;
  rma->resolution = RETOUR_RESOLUTION_UNDECIDED;
  rma->refund_method = RETOUR_REFUND_METHOD_NONE;
  rma->refund = retour_money_init (0, currency);
  rma->order_shipping = retour_money_init (0, currency);
  rma->order_value = retour_money_init (0, currency);
  rma->created_us = now_us;
  rma->updated_us = now_us;
  rma->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_line_free);

  return rma;
}

RetourRma *
retour_rma_copy (const RetourRma *rma)
{
  RetourRma *copy;
  guint n_lines;

  g_return_val_if_fail (rma != NULL, NULL);

  copy = g_new (RetourRma, 1);
  *copy = *rma;
  copy->number = g_strdup (rma->number);
  copy->override_note = g_strdup (rma->override_note);
  copy->notes = g_strdup (rma->notes);
  copy->order_number = g_strdup (rma->order_number);
  copy->customer_name = g_strdup (rma->customer_name);
  copy->customer_email = g_strdup (rma->customer_email);
  copy->customer_phone = g_strdup (rma->customer_phone);
  copy->customer_language = g_strdup (rma->customer_language);
  copy->country = g_strdup (rma->country);

  n_lines = rma->lines != NULL ? rma->lines->len : 0;
  copy->lines = g_ptr_array_new_full (n_lines, (GDestroyNotify) retour_rma_line_free);
  for (guint i = 0; i < n_lines; i++)
    g_ptr_array_add (copy->lines, retour_rma_line_copy (g_ptr_array_index (rma->lines, i)));

  return copy;
}

void
retour_rma_free (RetourRma *rma)
{
  if (rma == NULL)
    return;

  g_free (rma->number);
  g_free (rma->override_note);
  g_free (rma->notes);
  g_clear_pointer (&rma->lines, g_ptr_array_unref);
  g_free (rma->order_number);
  g_free (rma->customer_name);
  g_free (rma->customer_email);
  g_free (rma->customer_phone);
  g_free (rma->customer_language);
  g_free (rma->country);
  g_free (rma);
}

void
retour_rma_add_line (RetourRma     *rma,
                     RetourRmaLine *line)
{
  g_return_if_fail (rma != NULL);
  g_return_if_fail (line != NULL);

  if (rma->lines == NULL)
    rma->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_line_free);

  if (line->unit_price.currency[0] == '\0')
    memcpy (line->unit_price.currency, rma->refund.currency, sizeof line->unit_price.currency);
  if (line->diminished_value.currency[0] == '\0')
    memcpy (line->diminished_value.currency, rma->refund.currency, sizeof line->diminished_value.currency);

  g_ptr_array_add (rma->lines, line);
}

guint
retour_rma_line_effective_quantity (const RetourRmaLine *line,
                                    RetourRmaStatus      status)
{
  g_return_val_if_fail (line != NULL, 0);

  switch (status)
    {
    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
    case RETOUR_RMA_STATUS_CANCELLED:
      return line->qty_requested;

    case RETOUR_RMA_STATUS_AUTHORIZED:
    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_EXPIRED:
      return line->qty_authorized;

    case RETOUR_RMA_STATUS_RECEIVED:
      return line->qty_received;

    case RETOUR_RMA_STATUS_INSPECTED:
    case RETOUR_RMA_STATUS_RESOLVED:
    case RETOUR_RMA_STATUS_CLOSED:
    case RETOUR_RMA_STATUS_REJECTED:
      return line->qty_accepted;

    default:
      g_return_val_if_reached (0);
    }
}

guint
retour_rma_get_line_quantity (const RetourRma     *rma,
                              const RetourRmaLine *line)
{
  g_return_val_if_fail (rma != NULL, 0);
  g_return_val_if_fail (line != NULL, 0);

  if (rma->resolution == RETOUR_RESOLUTION_KEEP_IT &&
      (rma->status == RETOUR_RMA_STATUS_RESOLVED || rma->status == RETOUR_RMA_STATUS_CLOSED) &&
      line->qty_received == 0)
    return line->qty_authorized;

  return retour_rma_line_effective_quantity (line, rma->status);
}

guint
retour_rma_count_units (const RetourRma *rma)
{
  guint units = 0;

  g_return_val_if_fail (rma != NULL, 0);

  for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
    units += retour_rma_get_line_quantity (rma, g_ptr_array_index (rma->lines, i));

  return units;
}

void
retour_rma_restore (RetourRma *rma,
                    RetourRma *saved)
{
  RetourRma tmp;
  GPtrArray *lines;

  g_return_if_fail (rma != NULL && saved != NULL);

  /* A write changes the lines' contents (their ids), never how many
   * there are; when it did, the whole array goes back. */
  if (rma->lines != NULL && saved->lines != NULL && rma->lines->len == saved->lines->len)
    {
      for (guint i = 0; i < rma->lines->len; i++)
        {
          RetourRmaLine line = *(RetourRmaLine *) rma->lines->pdata[i];

          *(RetourRmaLine *) rma->lines->pdata[i] = *(RetourRmaLine *) saved->lines->pdata[i];
          *(RetourRmaLine *) saved->lines->pdata[i] = line;
        }
      lines = rma->lines;
      rma->lines = saved->lines;
      saved->lines = lines;
    }

  tmp = *rma;
  *rma = *saved;
  *saved = tmp;
}

gboolean
retour_rma_has_claim (const RetourRma *rma,
                      RetourClaimKind  claim)
{
  g_return_val_if_fail (rma != NULL, FALSE);

  for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
    if (((RetourRmaLine *) rma->lines->pdata[i])->claim == claim)
      return TRUE;

  return FALSE;
}

gboolean
retour_rma_validate (const RetourRma  *rma,
                     GError          **error)
{
  g_return_val_if_fail (rma != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!retour_currency_is_valid (rma->refund.currency))
    {
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_CURRENCY,
                   _("The return’s currency “%s” is not one Retour knows"),
                   rma->refund.currency);
      return FALSE;
    }

  for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      if (!retour_rma_line_validate (line, error))
        return FALSE;

      if (strcmp (line->unit_price.currency, rma->refund.currency) != 0)
        {
          /* Translators: “%s” is an item, then two currency codes. */
          g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_CURRENCY,
                       _("“%s” is priced in %s, but the return is in %s"),
                       line->title,
                       line->unit_price.currency[0] != '\0' ? line->unit_price.currency : "?",
                       rma->refund.currency);
          return FALSE;
        }
    }

  if (rma->refund_overridden && is_blank (rma->override_note))
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Write a note saying why the refund was changed"));
      return FALSE;
    }

  /* A withdrawal is refunded by the original means of payment unless the
   * customer expressly agreed otherwise (CRD art 13(1)). */
  if (!rma->consent_alternative && retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL) &&
      (rma->resolution == RETOUR_RESOLUTION_STORE_CREDIT || rma->resolution == RETOUR_RESOLUTION_EXCHANGE ||
       rma->refund_method == RETOUR_REFUND_METHOD_STORE_CREDIT))
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("The customer withdrew from the purchase: store credit or an exchange instead of their money back needs their explicit agreement. Record it, or refund by the original means of payment."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_transition_error (const RetourRma  *rma,
                      RetourRmaStatus   to,
                      GError          **error)
{
  if (retour_rma_status_is_terminal (rma->status))
    {
      /* Translators: %s is a status such as “Closed”. */
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_TRANSITION,
                   _("This return is “%s”: it can no longer change"),
                   retour_rma_status_get_label (rma->status));
    }
  else
    {
      /* Translators: both %s are statuses, e.g. “A return that is
       * “Requested” cannot be moved to “Received””. */
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_TRANSITION,
                   _("A return that is “%s” cannot be moved to “%s”"),
                   retour_rma_status_get_label (rma->status),
                   retour_rma_status_get_label (to));
    }

  return FALSE;
}

static gboolean
set_incomplete (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE, message);

  return FALSE;
}

gboolean
retour_rma_can_transition (const RetourRma  *rma,
                           RetourRmaStatus   to,
                           GError          **error)
{
  guint authorized = 0;
  guint received = 0;

  g_return_val_if_fail (rma != NULL, FALSE);
  g_return_val_if_fail ((guint) rma->status < RETOUR_RMA_N_STATUSES, FALSE);
  g_return_val_if_fail ((guint) to < RETOUR_RMA_N_STATUSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!retour_lifecycle_allows (rma->status, to))
    return set_transition_error (rma, to, error);

  if (!retour_rma_validate (rma, error))
    return FALSE;

  for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      authorized += line->qty_authorized;
      received += line->qty_received;
    }

  switch (to)
    {
    case RETOUR_RMA_STATUS_AUTHORIZED:
      if (authorized == 0)
        return set_incomplete (error, _("Authorize at least one item first"));
      if (rma->number == NULL || rma->number[0] == '\0')
        return set_incomplete (error, _("The return needs an RMA number before it can be authorized"));
      break;

    case RETOUR_RMA_STATUS_RECEIVED:
      if (received == 0)
        return set_incomplete (error, _("Record at least one received item first"));
      break;

    case RETOUR_RMA_STATUS_INSPECTED:
      for (guint i = 0; rma->lines != NULL && i < rma->lines->len; i++)
        {
          const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

          if (line->qty_received > 0 && line->condition == RETOUR_CONDITION_UNKNOWN)
            {
              /* Translators: %s is an item. */
              g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Record the condition of “%s” first"), line->title);
              return FALSE;
            }
        }
      break;

    case RETOUR_RMA_STATUS_RESOLVED:
      if (rma->resolution == RETOUR_RESOLUTION_UNDECIDED)
        return set_incomplete (error, _("Choose a resolution first"));
      if (rma->status == RETOUR_RMA_STATUS_AUTHORIZED &&
          rma->resolution != RETOUR_RESOLUTION_KEEP_IT)
        return set_incomplete (error, _("Only a refund without return can be resolved before the items arrive"));
      break;

    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_CLOSED:
    case RETOUR_RMA_STATUS_REJECTED:
    case RETOUR_RMA_STATUS_CANCELLED:
    case RETOUR_RMA_STATUS_EXPIRED:
    default:
      break;
    }

  return TRUE;
}

gboolean
retour_rma_transition (RetourRma        *rma,
                       RetourRmaStatus   to,
                       gint64            now_us,
                       GError          **error)
{
  g_return_val_if_fail (rma != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!retour_rma_can_transition (rma, to, error))
    return FALSE;

  rma->status = to;
  rma->updated_us = now_us;

  switch (to)
    {
    case RETOUR_RMA_STATUS_AUTHORIZED:
      rma->authorized_us = now_us;
      break;

    case RETOUR_RMA_STATUS_RECEIVED:
      rma->received_us = now_us;
      break;

    case RETOUR_RMA_STATUS_RESOLVED:
      rma->resolved_us = now_us;
      break;

    /* Reports measure how long returns take to end, however they end. */
    case RETOUR_RMA_STATUS_CLOSED:
    case RETOUR_RMA_STATUS_REJECTED:
    case RETOUR_RMA_STATUS_CANCELLED:
    case RETOUR_RMA_STATUS_EXPIRED:
      rma->closed_us = now_us;
      break;

    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_INSPECTED:
    default:
      break;
    }

  return TRUE;
}
