/* retour-rma-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each public function is one transaction (or a savepoint in the caller's).
 * They change the RetourRma they are given (ids, number, status) only once
 * the transaction has committed; on failure it is put back as it was, so
 * the form that holds it keeps everything the user typed.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-law.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-rma-store-private.h"
#include "retour-setting-store.h"
#include "retour-stock-store.h"


G_DEFINE_BOXED_TYPE (RetourRmaEvent, retour_rma_event, retour_rma_event_copy, retour_rma_event_free)
G_DEFINE_BOXED_TYPE (RetourRefund, retour_refund, retour_refund_copy, retour_refund_free)
G_DEFINE_BOXED_TYPE (RetourAttachment, retour_attachment, retour_attachment_copy, retour_attachment_free)

/* Photos from a phone are a few MB; a 20 MB limit keeps the database, and
 * its backups, a size one can e-mail to support. */
#define MAX_ATTACHMENT_SIZE (20 * 1024 * 1024)

RetourRmaEvent *
retour_rma_event_new (const char *kind,
                      gint64      created_us,
                      const char *actor)
{
  RetourRmaEvent *event = g_new0 (RetourRmaEvent, 1);

  event->kind = g_strdup (kind);
  event->created_us = created_us;
  event->actor = g_strdup (actor);

  return event;
}

RetourRmaEvent *
retour_rma_event_copy (const RetourRmaEvent *event)
{
  RetourRmaEvent *copy = g_memdup2 (event, sizeof *event);

  copy->actor = g_strdup (event->actor);
  copy->kind = g_strdup (event->kind);
  copy->detail = g_strdup (event->detail);

  return copy;
}

void
retour_rma_event_free (RetourRmaEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->actor);
  g_free (event->kind);
  g_free (event->detail);
  g_free (event);
}

RetourRefund *
retour_refund_copy (const RetourRefund *refund)
{
  RetourRefund *copy = g_memdup2 (refund, sizeof *refund);

  copy->actor = g_strdup (refund->actor);
  copy->note = g_strdup (refund->note);
  copy->external_id = g_strdup (refund->external_id);
  copy->idempotency_key = g_strdup (refund->idempotency_key);

  return copy;
}

void
retour_refund_free (RetourRefund *refund)
{
  if (refund == NULL)
    return;

  g_free (refund->actor);
  g_free (refund->note);
  g_free (refund->external_id);
  g_free (refund->idempotency_key);
  g_free (refund);
}

static gboolean
insert_event (RetourDatabase        *db,
              gint64                 rma_id,
              const RetourRmaEvent  *event,
              GError               **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO rma_event (rma_id, created_us, actor, kind, from_status, "
                                  "to_status, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_int64 (stmt, 2, event->created_us);
  retour_stmt_bind_text (stmt, 3, event->actor != NULL ? event->actor : "");
  retour_stmt_bind_text (stmt, 4, event->kind);
  retour_stmt_bind_static_text (stmt, 5, retour_rma_status_to_key (event->from_status));
  retour_stmt_bind_static_text (stmt, 6, retour_rma_status_to_key (event->to_status));
  retour_stmt_bind_text (stmt, 7, event->detail);

  return retour_stmt_run (stmt, error);
}

static gboolean
add_event (RetourDatabase   *db,
           const RetourRma  *rma,
           const char       *kind,
           RetourRmaStatus   from,
           const char       *actor,
           const char       *detail,
           gint64            now_us,
           GError          **error)
{
  RetourRmaEvent event = {
    .rma_id = rma->id,
    .created_us = now_us,
    .actor = (char *) actor,
    .kind = (char *) kind,
    .from_status = from,
    .to_status = rma->status,
    .detail = (char *) detail,
  };

  return insert_event (db, rma->id, &event, error);
}

static void
bind_rma_fields (RetourStmt      *stmt,
                 const RetourRma *rma)
{
  /* ?1 is the id; the rest in the order of RMA_FIELDS. */
  retour_stmt_bind_text (stmt, 2, rma->number);
  retour_stmt_bind_static_text (stmt, 3, retour_rma_status_to_key (rma->status));
  retour_stmt_bind_id_or_null (stmt, 4, rma->order_id);
  retour_stmt_bind_id_or_null (stmt, 5, rma->customer_id);
  retour_stmt_bind_int64 (stmt, 6, rma->policy_id);
  retour_stmt_bind_enum (stmt, 7, RETOUR_TYPE_RESOLUTION, rma->resolution);
  retour_stmt_bind_enum (stmt, 8, RETOUR_TYPE_REFUND_METHOD, rma->refund_method);
  retour_stmt_bind_text (stmt, 9, rma->refund.currency);
  retour_stmt_bind_int64 (stmt, 10, rma->refund.minor);
  retour_stmt_bind_int (stmt, 11, rma->refund_overridden);
  retour_stmt_bind_text (stmt, 12, rma->override_note);
  retour_stmt_bind_text (stmt, 13, rma->notes);
  retour_stmt_bind_int64 (stmt, 14, rma->created_us);
  retour_stmt_bind_int64 (stmt, 15, rma->updated_us);
  retour_stmt_bind_time_or_null (stmt, 16, rma->authorized_us);
  retour_stmt_bind_time_or_null (stmt, 17, rma->due_us);
  retour_stmt_bind_time_or_null (stmt, 18, rma->received_us);
  retour_stmt_bind_time_or_null (stmt, 19, rma->resolved_us);
  retour_stmt_bind_time_or_null (stmt, 20, rma->closed_us);
  /* ?21 is the version an update starts from. */
  retour_stmt_bind_time_or_null (stmt, 22, rma->possession_entered ? rma->possession_us : 0);
  retour_stmt_bind_int (stmt, 23, rma->possession_entered && rma->possession_estimated);
  retour_stmt_bind_time_or_null (stmt, 24, rma->declared_us);
  retour_stmt_bind_enum (stmt, 25, RETOUR_TYPE_DECLARATION_CHANNEL, rma->declared_via);
  retour_stmt_bind_time_or_null (stmt, 26, rma->dispatch_proof_us);
  retour_stmt_bind_int (stmt, 27, rma->consent_alternative);
  /* ?28, the refund's legal due date, is computed by the caller
   * (law_refund_due_us()). */
}

/* The end of the day by which a withdrawal's refund is due by law, in
 * UTC microseconds; 0 when none is due: no line is withdrawn, or the
 * customer has not given notice. The customer's country is the order's
 * shipping country, else theirs, else the shop's. */
static gboolean
law_refund_due_us (RetourDatabase   *db,
                   const RetourRma  *rma,
                   gint64           *out,
                   GError          **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  RetourLawInput input = { 0 };
  RetourLawDates dates;
  gboolean has_row;

  *out = 0;
  if (!retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL) || rma->declared_us == 0)
    return TRUE;

  stmt = retour_database_prepare (db,
                                  "SELECT coalesce (o.ship_country, c.country), p.shop_country "
                                  "FROM policy p LEFT JOIN \"order\" o ON o.id = ?2 "
                                  "LEFT JOIN customer c ON c.id = ?3 WHERE p.id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma->policy_id);
  retour_stmt_bind_int64 (stmt, 2, rma->order_id);
  retour_stmt_bind_int64 (stmt, 3, rma->customer_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  input.country = has_row ? retour_stmt_column_text (stmt, 0) : NULL;
  input.possession_us = rma->possession_us;
  input.info_given = TRUE;
  input.declared_us = rma->declared_us;
  retour_law_compute (&input, has_row ? retour_stmt_column_text (stmt, 1) : NULL, &dates);
  *out = retour_law_refund_due_us (&dates);

  return TRUE;
}

static gboolean
bind_refund_due (RetourDatabase   *db,
                 RetourStmt       *stmt,
                 const RetourRma  *rma,
                 GError          **error)
{
  gint64 due_us;

  if (!law_refund_due_us (db, rma, &due_us, error))
    return FALSE;

  retour_stmt_bind_time_or_null (stmt, 28, due_us);
  return TRUE;
}

static gboolean
write_line (RetourDatabase  *db,
            gint64           rma_id,
            RetourRmaLine   *line,
            GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO rma_line (id, rma_id, order_line_id, product_id, sku, title, "
                                  "category, unit_price_minor, qty_ordered, qty_requested, qty_authorized, "
                                  "qty_received, qty_accepted, reason_id, condition, disposition, serial, notes, "
                                  "claim, diminished_minor, diminished_reason) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                  "?16, ?17, ?18, ?19, ?20, ?21) "
                                  "ON CONFLICT (id) DO UPDATE SET order_line_id = excluded.order_line_id, "
                                  "product_id = excluded.product_id, sku = excluded.sku, "
                                  "title = excluded.title, category = excluded.category, "
                                  "unit_price_minor = excluded.unit_price_minor, "
                                  "qty_ordered = excluded.qty_ordered, qty_requested = excluded.qty_requested, "
                                  "qty_authorized = excluded.qty_authorized, "
                                  "qty_received = excluded.qty_received, qty_accepted = excluded.qty_accepted, "
                                  "reason_id = excluded.reason_id, condition = excluded.condition, "
                                  "disposition = excluded.disposition, serial = excluded.serial, "
                                  "notes = excluded.notes, claim = excluded.claim, "
                                  "diminished_minor = excluded.diminished_minor, "
                                  "diminished_reason = excluded.diminished_reason "
                                  "WHERE rma_line.rma_id = excluded.rma_id "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_id_or_null (stmt, 1, line->id);
  retour_stmt_bind_int64 (stmt, 2, rma_id);
  retour_stmt_bind_id_or_null (stmt, 3, line->order_line_id);
  retour_stmt_bind_id_or_null (stmt, 4, line->product_id);
  retour_stmt_bind_text (stmt, 5, line->sku);
  retour_stmt_bind_text (stmt, 6, line->title);
  retour_stmt_bind_text (stmt, 7, line->category);
  retour_stmt_bind_int64 (stmt, 8, line->unit_price.minor);
  retour_stmt_bind_int64 (stmt, 9, line->qty_ordered);
  retour_stmt_bind_int64 (stmt, 10, line->qty_requested);
  retour_stmt_bind_int64 (stmt, 11, line->qty_authorized);
  retour_stmt_bind_int64 (stmt, 12, line->qty_received);
  retour_stmt_bind_int64 (stmt, 13, line->qty_accepted);
  retour_stmt_bind_id_or_null (stmt, 14, line->reason_id);
  retour_stmt_bind_enum (stmt, 15, RETOUR_TYPE_CONDITION, line->condition);
  retour_stmt_bind_enum (stmt, 16, RETOUR_TYPE_DISPOSITION, line->disposition);
  retour_stmt_bind_text (stmt, 17, line->serial);
  retour_stmt_bind_text (stmt, 18, line->notes);
  retour_stmt_bind_enum (stmt, 19, RETOUR_TYPE_CLAIM_KIND, line->claim);
  retour_stmt_bind_int64 (stmt, 20, line->diminished_value.minor);
  retour_stmt_bind_text (stmt, 21, line->diminished_value.minor > 0 ? line->diminished_reason : NULL);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  /* No row: the id belongs to another RMA's line. */
  if (!has_row)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                           _("A line of this return belongs to another return."));
      return FALSE;
    }

  line->id = retour_stmt_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
write_lines (RetourDatabase  *db,
             RetourRma       *rma,
             GError         **error)
{
  for (guint i = 0; i < rma->lines->len; i++)
    if (!write_line (db, rma->id, g_ptr_array_index (rma->lines, i), error))
      return FALSE;

  return TRUE;
}

#define RMA_INSERT \
  "INSERT INTO rma (number, status, order_id, customer_id, policy_id, resolution, " \
  "refund_method, currency, refund_minor, refund_overridden, override_note, notes, " \
  "created_us, updated_us, authorized_us, due_us, received_us, resolved_us, closed_us, " \
  "possession_us, possession_estimated, declared_us, declared_via, dispatch_proof_us, " \
  "consent_alternative, refund_due_us) " \
  "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, " \
  "?18, ?19, ?20, ?22, ?23, ?24, ?25, ?26, ?27, ?28) RETURNING id, version"

static gboolean
insert_rma_row (RetourDatabase  *db,
                RetourRma       *rma,
                GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, RMA_INSERT, error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;

  bind_rma_fields (stmt, rma);
  if (!bind_refund_due (db, stmt, rma, error) ||
      !retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  rma->id = retour_stmt_column_int64 (stmt, 0);
  rma->version = retour_stmt_column_int64 (stmt, 1);

  return TRUE;
}

static gboolean
validate_for_store (const RetourRma  *rma,
                    GError          **error)
{
  if (!retour_rma_validate (rma, error))
    return FALSE;

  if (rma->policy_id <= 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("The return has no policy to follow."));
      return FALSE;
    }

  return TRUE;
}

gboolean
retour_rma_store_insert (RetourDatabase  *db,
                         RetourRma       *rma,
                         const char      *actor,
                         GError         **error)
{
  g_autoptr(RetourRma) saved = NULL;
  g_auto(RetourTxn) txn = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL && rma->id == 0, FALSE);
  g_return_val_if_fail (rma->status == RETOUR_RMA_STATUS_DRAFT ||
                        rma->status == RETOUR_RMA_STATUS_REQUESTED, FALSE);

  if (!validate_for_store (rma, error))
    return FALSE;

  saved = retour_rma_copy (rma);

  if (retour_txn_begin (&txn, db, error) &&
      insert_rma_row (db, rma, error) &&
      write_lines (db, rma, error) &&
      add_event (db, rma, "created", rma->status, actor, NULL, rma->created_us, error) &&
      retour_txn_commit (&txn, error))
    return TRUE;

  retour_rma_restore (rma, saved);
  return FALSE;
}

/* A history is acceptable if it starts with "created" and every "status"
 * event is a step the lifecycle allows from where the previous one left
 * off, ending where the RMA is. */
static gboolean
validate_history (const RetourRma  *rma,
                  GPtrArray        *events,
                  GError          **error)
{
  RetourRmaStatus at;

  if (events->len == 0 || g_strcmp0 (((RetourRmaEvent *) events->pdata[0])->kind, "created") != 0)
    goto invalid;

  at = ((RetourRmaEvent *) events->pdata[0])->to_status;
  for (guint i = 1; i < events->len; i++)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->kind, "status") != 0)
        continue;
      if (event->from_status != at || !retour_lifecycle_allows (at, event->to_status))
        goto invalid;
      at = event->to_status;
    }

  if (at == rma->status)
    return TRUE;

invalid:
  g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("The history of the return does not follow the lifecycle."));
  return FALSE;
}

gboolean
retour_rma_store_import (RetourDatabase  *db,
                         RetourRma       *rma,
                         GPtrArray       *events,
                         GError         **error)
{
  g_autoptr(RetourRma) saved = NULL;
  g_auto(RetourTxn) txn = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL && rma->id == 0, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

  if (!validate_for_store (rma, error) || !validate_history (rma, events, error))
    return FALSE;

  if (rma->number != NULL && !retour_rma_number_is_valid (rma->number))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("“%s” is not a valid RMA number."), rma->number);
      return FALSE;
    }

  saved = retour_rma_copy (rma);

  if (!retour_txn_begin (&txn, db, error) ||
      !insert_rma_row (db, rma, error) ||
      !write_lines (db, rma, error))
    goto failed;

  for (guint i = 0; i < events->len; i++)
    if (!insert_event (db, rma->id, g_ptr_array_index (events, i), error))
      goto failed;

  if (retour_txn_commit (&txn, error))
    return TRUE;

failed:
  retour_rma_restore (rma, saved);
  return FALSE;
}

/* What an edit changed, for the audit trail: "Refund: 12.00 → 10.00". */
static char *
format_local_time (gint64 time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  /* Translators: a date and time in the history, e.g. 2026-12-07 14:02. */
  return g_date_time_format (when, _("%Y-%m-%d %H:%M"));
}

static char *
format_local_date (gint64 time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return g_date_time_format (when, "%Y-%m-%d");
}

static char *
describe_changes (const RetourRma *before,
                  const RetourRma *after)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (before->resolution != after->resolution)
    g_string_append_printf (text, _("Resolution: %s → %s\n"),
                            retour_resolution_get_label (before->resolution),
                            retour_resolution_get_label (after->resolution));
  if (before->refund_method != after->refund_method)
    g_string_append_printf (text, _("Refund method: %s → %s\n"),
                            retour_refund_method_get_label (before->refund_method),
                            retour_refund_method_get_label (after->refund_method));
  if (before->refund.minor != after->refund.minor ||
      before->refund_overridden != after->refund_overridden)
    {
      g_autofree char *from = retour_money_to_string (before->refund);
      g_autofree char *to = retour_money_to_string (after->refund);

      g_string_append_printf (text, _("Refund: %s → %s %s"), from, to, after->refund.currency);
      if (after->refund_overridden)
        g_string_append_printf (text, _(" (overridden: %s)"), after->override_note);
      g_string_append_c (text, '\n');
    }
  if (g_strcmp0 (before->notes, after->notes) != 0)
    g_string_append (text, _("Notes changed\n"));
  if (before->declared_us != after->declared_us || before->declared_via != after->declared_via)
    {
      if (after->declared_us == 0)
        g_string_append (text, _("Notice of withdrawal removed\n"));
      else
        {
          g_autofree char *when = format_local_time (after->declared_us);

          /* Translators: how the notice came ("By phone"), then a date and time. */
          g_string_append_printf (text, _("Notice of withdrawal: %s, %s\n"),
                                  retour_declaration_channel_get_label (after->declared_via), when);
        }
    }
  if (before->possession_entered != after->possession_entered ||
      (after->possession_entered && before->possession_us != after->possession_us))
    {
      if (!after->possession_entered)
        g_string_append (text, _("Date of receipt follows the order again\n"));
      else
        {
          g_autofree char *when = format_local_date (after->possession_us);

          g_string_append_printf (text, _("Customer received the goods on %s\n"), when);
        }
    }
  if (before->dispatch_proof_us != after->dispatch_proof_us)
    {
      if (after->dispatch_proof_us == 0)
        g_string_append (text, _("Proof of dispatch removed\n"));
      else
        {
          g_autofree char *when = format_local_date (after->dispatch_proof_us);

          g_string_append_printf (text, _("Proof of dispatch from %s\n"), when);
        }
    }
  if (before->consent_alternative != after->consent_alternative)
    g_string_append (text, after->consent_alternative
                             ? _("The customer agreed to store credit or an exchange instead of a refund\n")
                             : _("The customer’s agreement to store credit or an exchange withdrawn\n"));
  if (before->lines->len != after->lines->len)
    g_string_append_printf (text, _("Lines: %u → %u\n"), before->lines->len, after->lines->len);

  for (guint i = 0; i < after->lines->len; i++)
    {
      const RetourRmaLine *b = NULL;
      const RetourRmaLine *a = g_ptr_array_index (after->lines, i);

      for (guint j = 0; j < before->lines->len && b == NULL; j++)
        if (((RetourRmaLine *) before->lines->pdata[j])->id == a->id)
          b = before->lines->pdata[j];

      if (b == NULL)
        continue;

      if (a->qty_authorized != b->qty_authorized || a->qty_received != b->qty_received ||
          a->qty_accepted != b->qty_accepted || a->qty_requested != b->qty_requested)
        g_string_append_printf (text, _("%s: requested %u, authorized %u, received %u, accepted %u\n"),
                                a->title, a->qty_requested, a->qty_authorized,
                                a->qty_received, a->qty_accepted);
      if (a->condition != b->condition)
        g_string_append_printf (text, _("%s: condition %s\n"), a->title,
                                retour_condition_get_label (a->condition));
      if (a->disposition != b->disposition)
        g_string_append_printf (text, _("%s: disposition %s\n"), a->title,
                                retour_disposition_get_label (a->disposition));
      if (a->reason_id != b->reason_id)
        g_string_append_printf (text, _("%s: reason changed\n"), a->title);
      if (a->claim != b->claim)
        /* Translators: an item, then two kinds of claim ("Withdrawal → Legal guarantee"). */
        g_string_append_printf (text, _("%s: claim %s → %s\n"), a->title,
                                retour_claim_kind_get_label (b->claim),
                                retour_claim_kind_get_label (a->claim));
      if (a->diminished_value.minor != b->diminished_value.minor ||
          g_strcmp0 (a->diminished_reason, b->diminished_reason) != 0)
        {
          g_autofree char *amount = retour_money_to_string (a->diminished_value);

          g_string_append_printf (text, _("%s: deduction for diminished value %s %s (%s)\n"),
                                  a->title, amount, a->diminished_value.currency,
                                  a->diminished_reason != NULL ? a->diminished_reason : "—");
        }
      if (g_strcmp0 (a->serial, b->serial) != 0)
        g_string_append_printf (text, _("%s: serial number %s\n"), a->title,
                                a->serial != NULL ? a->serial : "—");
    }

  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
delete_removed_lines (RetourDatabase   *db,
                      const RetourRma  *rma,
                      const RetourRma  *before,
                      GError          **error)
{
  for (guint i = 0; i < before->lines->len; i++)
    {
      const RetourRmaLine *old = g_ptr_array_index (before->lines, i);
      g_autoptr(RetourStmt) stmt = NULL;
      gboolean kept = FALSE;

      for (guint j = 0; j < rma->lines->len && !kept; j++)
        kept = ((RetourRmaLine *) rma->lines->pdata[j])->id == old->id;
      if (kept)
        continue;

      stmt = retour_database_prepare (db, "DELETE FROM rma_line WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, old->id);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* The row was not at the version the caller loaded: say who changed it
 * and when, from its history, or that it is gone. */
static gboolean
changed_elsewhere_error (RetourDatabase  *db,
                         gint64           rma_id,
                         GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT r.id, e.actor, e.created_us FROM rma r "
                                  "LEFT JOIN rma_event e ON e.id = "
                                  "  (SELECT max (id) FROM rma_event WHERE rma_id = r.id) "
                                  "WHERE r.id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("The return no longer exists."));
      return FALSE;
    }

  if (retour_stmt_column_is_null (stmt, 1))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT,
                           _("The return was changed at another desk in the meantime. Your changes are still here; reopen the return to see theirs."));
      return FALSE;
    }

  when = g_date_time_new_from_unix_local (retour_stmt_column_int64 (stmt, 2) / G_USEC_PER_SEC);
  /* Translators: a time of day in the message below, e.g. 14:02. */
  time = g_date_time_format (when, _("%H:%M"));
  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT,
               /* Translators: the first %s is a person (an operator's name),
                  the second a time of day. */
               _("The return was changed at another desk by %s at %s. Your changes are still here; reopen the return to see theirs."),
               retour_stmt_column_text (stmt, 1), time);
  return FALSE;
}

static gboolean
update_rma_row (RetourDatabase   *db,
                RetourRma        *rma,
                GError          **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "UPDATE rma SET number = ?2, status = ?3, order_id = ?4, customer_id = ?5, "
                                  "policy_id = ?6, resolution = ?7, refund_method = ?8, currency = ?9, "
                                  "refund_minor = ?10, refund_overridden = ?11, override_note = ?12, "
                                  "notes = ?13, created_us = ?14, updated_us = ?15, authorized_us = ?16, "
                                  "due_us = ?17, received_us = ?18, resolved_us = ?19, closed_us = ?20, "
                                  "possession_us = ?22, possession_estimated = ?23, declared_us = ?24, "
                                  "declared_via = ?25, dispatch_proof_us = ?26, consent_alternative = ?27, "
                                  "refund_due_us = ?28, version = version + 1 "
                                  "WHERE id = ?1 AND version = ?21",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, rma->id);
  bind_rma_fields (stmt, rma);
  retour_stmt_bind_int64 (stmt, 21, rma->version);
  if (!bind_refund_due (db, stmt, rma, error) ||
      !retour_stmt_run (stmt, error))
    return FALSE;

  if (retour_database_changes (db) == 0)
    return changed_elsewhere_error (db, rma->id, error);

  rma->version++;
  return TRUE;
}

gboolean
retour_rma_store_update (RetourDatabase  *db,
                         RetourRma       *rma,
                         const char      *actor,
                         GError         **error)
{
  g_autoptr(RetourRma) saved = NULL;
  g_autoptr(RetourRma) before = NULL;
  g_auto(RetourTxn) txn = { 0 };
  g_autofree char *changes = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL && rma->id > 0, FALSE);

  if (!validate_for_store (rma, error))
    return FALSE;

  if (rma->refund_overridden && (rma->override_note == NULL || *rma->override_note == '\0'))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A refund that differs from the policy needs a note saying why."));
      return FALSE;
    }

  saved = retour_rma_copy (rma);

  if (!retour_txn_begin (&txn, db, error))
    goto failed;

  before = retour_rma_store_load (db, rma->id, error);
  if (before == NULL)
    goto failed;

  if (before->version != rma->version)
    {
      changed_elsewhere_error (db, rma->id, error);
      goto failed;
    }

  /* Status and number move only through retour_rma_store_transition(). */
  if (before->status != rma->status || g_strcmp0 (before->number, rma->number) != 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("The return was changed elsewhere in the meantime. Reopen it and try again."));
      goto failed;
    }

  changes = describe_changes (before, rma);

  if (update_rma_row (db, rma, error) &&
      delete_removed_lines (db, rma, before, error) &&
      write_lines (db, rma, error) &&
      (*changes == '\0' ||
       add_event (db, rma, "edited", rma->status, actor, changes, rma->updated_us, error)) &&
      retour_txn_commit (&txn, error))
    return TRUE;

failed:
  retour_rma_restore (rma, saved);
  return FALSE;
}

static gboolean
issue_number (RetourDatabase  *db,
              RetourRma       *rma,
              gint64           now_us,
              GError         **error)
{
  g_autoptr(RetourRmaNumberPattern) pattern = NULL;
  g_autofree char *pattern_text = NULL;
  g_autoptr(GDateTime) when = NULL;

  pattern_text = retour_setting_store_get (db, RETOUR_SETTING_NUMBER_PATTERN,
                                           RETOUR_RMA_NUMBER_DEFAULT_PATTERN, error);
  if (pattern_text == NULL)
    return FALSE;

  pattern = retour_rma_number_pattern_new (pattern_text, error);
  if (pattern == NULL)
    return FALSE;

  when = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);

  /* One sequence value in 37 has no check character and is skipped. So
   * is a number already in use: a sequence that fell behind (`retour-cli
   * check` reports it) must not make every authorization fail. */
  while (rma->number == NULL)
    {
      gboolean in_use;
      guint64 seq;

      if (!retour_setting_store_next_sequence (db, RETOUR_SEQUENCE_RMA_NUMBER, &seq, error))
        return FALSE;
      rma->number = retour_rma_number_pattern_format (pattern, seq, when);
      if (rma->number == NULL)
        continue;

      if (!retour_rma_store_number_in_use (db, rma->number, &in_use, error))
        return FALSE;
      if (in_use)
        {
          g_debug ("Skipping the return number %s, which is in use", rma->number);
          g_clear_pointer (&rma->number, g_free);
        }
    }

  return TRUE;
}

gboolean
retour_rma_store_number_in_use (RetourDatabase  *db,
                                const char      *number,
                                gboolean        *in_use,
                                GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (number != NULL && in_use != NULL, FALSE);

  stmt = retour_database_prepare (db, "SELECT EXISTS (SELECT 1 FROM rma WHERE number = ?)", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_text (stmt, 1, number);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *in_use = retour_stmt_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Whether @status is at or past the step at which @timing makes the
 * refund due. A return that ended without coming back owes nothing. */
static gboolean
timing_reached (RetourRefundTiming timing,
                RetourRmaStatus    status)
{
  switch (timing)
    {
    case RETOUR_REFUND_TIMING_AT_AUTHORIZATION:
      return retour_rma_status_reached (status, RETOUR_RMA_STATUS_AUTHORIZED);
    case RETOUR_REFUND_TIMING_ON_RECEIPT:
      return retour_rma_status_reached (status, RETOUR_RMA_STATUS_RECEIVED);
    case RETOUR_REFUND_TIMING_AFTER_INSPECTION:
    default:
      return retour_rma_status_reached (status, RETOUR_RMA_STATUS_INSPECTED);
    }
}

static gboolean
resolution_pays_money (RetourResolution resolution)
{
  return resolution == RETOUR_RESOLUTION_UNDECIDED || resolution == RETOUR_RESOLUTION_REFUND ||
         resolution == RETOUR_RESOLUTION_STORE_CREDIT || resolution == RETOUR_RESOLUTION_KEEP_IT;
}

gboolean
retour_rma_store_refund_is_due (RetourDatabase   *db,
                                const RetourRma  *rma,
                                GError          **error)
{
  g_autoptr(RetourPolicy) policy = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);

  policy = retour_policy_store_load (db, rma->policy_id, error);
  if (policy == NULL)
    return FALSE;

  /* A keep-it refund is due as soon as it is granted: nothing comes back. */
  if (rma->resolution == RETOUR_RESOLUTION_KEEP_IT)
    return timing_reached (RETOUR_REFUND_TIMING_AT_AUTHORIZATION, rma->status);

  return resolution_pays_money (rma->resolution) && timing_reached (policy->refund_timing, rma->status);
}

/* At the step where the policy makes the refund due, the policy computes
 * it — unless staff overrode it with a note. */
static gboolean
compute_refund_if_due (RetourDatabase   *db,
                       RetourRma        *rma,
                       RetourRmaStatus   from,
                       GError          **error)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRefundQuote) quote = NULL;
  RetourRefundTiming timing;

  if (rma->refund_overridden)
    return TRUE;

  policy = retour_policy_store_load (db, rma->policy_id, error);
  if (policy == NULL)
    return FALSE;

  timing = rma->resolution == RETOUR_RESOLUTION_KEEP_IT ? RETOUR_REFUND_TIMING_AT_AUTHORIZATION
                                                         : policy->refund_timing;
  if (!timing_reached (timing, rma->status) || timing_reached (timing, from))
    return TRUE;

  reasons = retour_policy_store_list_reasons (db, TRUE, error);
  if (reasons == NULL)
    return FALSE;

  quote = retour_policy_quote (policy, rma, reasons, error);
  if (quote == NULL)
    return FALSE;

  rma->refund = resolution_pays_money (rma->resolution) ? quote->total
                                                         : retour_money_init (0, rma->refund.currency);
  return TRUE;
}

/* Every accepted unit goes where its disposition sends it — on hand, held
 * for repair or written off — through the ledger, once per line. */
static gboolean
take_back_accepted_units (RetourDatabase   *db,
                          const RetourRma  *rma,
                          const char       *actor,
                          gint64            now_us,
                          GError          **error)
{
  for (guint i = 0; i < rma->lines->len; i++)
    if (!retour_stock_store_take_back_line (db, rma->id, g_ptr_array_index (rma->lines, i),
                                            actor, now_us, error))
      return FALSE;

  return TRUE;
}

gboolean
retour_rma_store_transition (RetourDatabase   *db,
                             RetourRma        *rma,
                             RetourRmaStatus   to,
                             const char       *actor,
                             const char       *note,
                             gint64            now_us,
                             GError          **error)
{
  g_autoptr(RetourRma) saved = NULL;
  g_auto(RetourTxn) txn = { 0 };
  RetourRmaStatus from;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL && rma->id > 0, FALSE);

  saved = retour_rma_copy (rma);
  from = rma->status;

  if (!retour_txn_begin (&txn, db, error))
    goto failed;

  if (to == RETOUR_RMA_STATUS_AUTHORIZED && rma->number == NULL &&
      retour_lifecycle_allows (from, to) &&
      !issue_number (db, rma, now_us, error))
    goto failed;

  if (retour_rma_transition (rma, to, now_us, error) &&
      compute_refund_if_due (db, rma, from, error) &&
      update_rma_row (db, rma, error) &&
      write_lines (db, rma, error) &&
      (to != RETOUR_RMA_STATUS_INSPECTED || take_back_accepted_units (db, rma, actor, now_us, error)) &&
      add_event (db, rma, "status", from, actor, note, now_us, error) &&
      retour_txn_commit (&txn, error))
    return TRUE;

failed:
  retour_rma_restore (rma, saved);
  return FALSE;
}

/* A history entry that records something other than a step: a note, a
 * refund, a photo, a label. It takes the RMA's status at the time. */
gboolean
retour_rma_store_add_detail_event (RetourDatabase  *db,
                                   gint64           rma_id,
                                   const char      *kind,
                                   const char      *actor,
                                   const char      *detail,
                                   gint64           now_us,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO rma_event (rma_id, created_us, actor, kind, from_status, "
                                  "to_status, detail) SELECT id, ?2, ?3, ?4, status, status, ?5 "
                                  "FROM rma WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_int64 (stmt, 2, now_us);
  retour_stmt_bind_text (stmt, 3, actor != NULL ? actor : "");
  retour_stmt_bind_static_text (stmt, 4, kind);
  retour_stmt_bind_text (stmt, 5, detail);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  if (retour_database_changes (db) == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("The return no longer exists."));
      return FALSE;
    }

  return TRUE;
}

gboolean
retour_rma_store_add_note (RetourDatabase  *db,
                           gint64           rma_id,
                           const char      *actor,
                           const char      *note,
                           gint64           now_us,
                           GError         **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (note));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("The note is empty."));
      return FALSE;
    }

  return retour_rma_store_add_detail_event (db, rma_id, "note", actor, trimmed, now_us, error);
}

#define RMA_SELECT \
  "SELECT r.id, r.number, r.status, r.order_id, r.customer_id, r.policy_id, r.resolution, " \
  "r.refund_method, r.currency, r.refund_minor, r.refund_overridden, r.override_note, r.notes, " \
  "r.created_us, r.updated_us, r.authorized_us, r.due_us, r.received_us, r.resolved_us, " \
  "r.closed_us, o.number, trim (c.first_name || ' ' || c.last_name), c.email, c.phone, " \
  "r.version, r.possession_us, r.possession_estimated, o.delivered_us, o.fulfilled_us, " \
  "r.declared_us, r.declared_via, r.dispatch_proof_us, r.consent_alternative, c.language, " \
  "coalesce (o.ship_country, c.country), o.shipping_minor, " \
  "(SELECT sum (ol.quantity) FROM order_line ol " \
  " WHERE ol.order_id = r.order_id AND ol.gone_upstream = 0), " \
  "(SELECT sum (ol.quantity * ol.unit_price_minor) FROM order_line ol " \
  " WHERE ol.order_id = r.order_id AND ol.gone_upstream = 0) " \
  "FROM rma r LEFT JOIN \"order\" o ON o.id = r.order_id " \
  "LEFT JOIN customer c ON c.id = r.customer_id "

static gboolean
load_lines (RetourDatabase  *db,
            RetourRma       *rma,
            GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  stmt = retour_database_prepare (db,
                                  "SELECT l.id, l.order_line_id, l.product_id, l.sku, l.title, l.category, "
                                  "l.unit_price_minor, l.qty_ordered, l.qty_requested, l.qty_authorized, "
                                  "l.qty_received, l.qty_accepted, l.reason_id, l.condition, l.disposition, "
                                  "l.serial, l.notes, coalesce (ol.gone_upstream, 0), "
                                  "(SELECT coalesce (sum (rl.quantity), 0) FROM refund_line rl "
                                  " WHERE rl.order_line_id = l.order_line_id), "
                                  "l.claim, l.diminished_minor, l.diminished_reason "
                                  "FROM rma_line l LEFT JOIN order_line ol ON ol.id = l.order_line_id "
                                  "WHERE l.rma_id = ? ORDER BY l.id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, rma->id);
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      RetourRmaLine *line = retour_rma_line_new ();

      line->id = retour_stmt_column_int64 (stmt, 0);
      line->order_line_id = retour_stmt_column_int64 (stmt, 1);
      line->product_id = retour_stmt_column_int64 (stmt, 2);
      line->sku = retour_stmt_dup_text (stmt, 3);
      g_free (line->title);
      line->title = retour_stmt_dup_text (stmt, 4);
      line->category = retour_stmt_dup_text (stmt, 5);
      line->unit_price = retour_money_init (retour_stmt_column_int64 (stmt, 6), rma->refund.currency);
      line->qty_ordered = retour_stmt_column_int (stmt, 7);
      line->qty_requested = retour_stmt_column_int (stmt, 8);
      line->qty_authorized = retour_stmt_column_int (stmt, 9);
      line->qty_received = retour_stmt_column_int (stmt, 10);
      line->qty_accepted = retour_stmt_column_int (stmt, 11);
      line->reason_id = retour_stmt_column_int64 (stmt, 12);
      line->condition = retour_stmt_get_enum (stmt, 13, RETOUR_TYPE_CONDITION, RETOUR_CONDITION_UNKNOWN);
      line->disposition = retour_stmt_get_enum (stmt, 14, RETOUR_TYPE_DISPOSITION,
                                                RETOUR_DISPOSITION_UNDECIDED);
      line->serial = retour_stmt_dup_text (stmt, 15);
      line->notes = retour_stmt_dup_text (stmt, 16);
      line->gone_upstream = retour_stmt_column_int (stmt, 17) != 0;
      line->qty_refunded_upstream = (guint) CLAMP (retour_stmt_column_int64 (stmt, 18), 0, G_MAXINT);
      line->claim = retour_stmt_get_enum (stmt, 19, RETOUR_TYPE_CLAIM_KIND, RETOUR_CLAIM_COMMERCIAL_RETURN);
      line->diminished_value = retour_money_init (retour_stmt_column_int64 (stmt, 20), rma->refund.currency);
      line->diminished_reason = retour_stmt_dup_text (stmt, 21);
      retour_rma_add_line (rma, line);
    }

  return ok;
}

/* Columns 25 on of RMA_SELECT. Staff may enter when the customer had
 * the goods; else it is the order's delivery, else an estimate from its
 * dispatch. */
static void
load_law_facts (RetourStmt *stmt,
                RetourRma  *rma)
{
  if (!retour_stmt_column_is_null (stmt, 25))
    {
      rma->possession_entered = TRUE;
      rma->possession_us = retour_stmt_column_int64 (stmt, 25);
      rma->possession_estimated = retour_stmt_column_int (stmt, 26) != 0;
    }
  else
    rma->possession_us = retour_law_possession_us (retour_stmt_column_int64 (stmt, 27),
                                                   retour_stmt_column_int64 (stmt, 28),
                                                   &rma->possession_estimated);

  rma->declared_us = retour_stmt_column_int64 (stmt, 29);
  rma->declared_via = retour_stmt_get_enum (stmt, 30, RETOUR_TYPE_DECLARATION_CHANNEL,
                                            RETOUR_DECLARATION_NONE);
  rma->dispatch_proof_us = retour_stmt_column_int64 (stmt, 31);
  rma->consent_alternative = retour_stmt_column_int (stmt, 32) != 0;
  rma->customer_language = retour_stmt_dup_text (stmt, 33);
  rma->country = retour_stmt_dup_text (stmt, 34);
  rma->order_shipping = retour_money_init (retour_stmt_column_int64 (stmt, 35), rma->refund.currency);
  rma->order_units = (guint) CLAMP (retour_stmt_column_int64 (stmt, 36), 0, G_MAXINT);
  rma->order_value = retour_money_init (retour_stmt_column_int64 (stmt, 37), rma->refund.currency);
}

static RetourRma *
load_rma_where (RetourDatabase  *db,
                const char      *sql,
                gint64           id,
                const char      *number,
                GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  g_autoptr(RetourRma) rma = NULL;
  const char *currency;
  gboolean has_row;

  if (stmt == NULL)
    return NULL;

  if (number != NULL)
    retour_stmt_bind_text (stmt, 1, number);
  else
    retour_stmt_bind_int64 (stmt, 1, id);

  if (!retour_stmt_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      if (number != NULL)
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                     _("There is no return with the number %s."), number);
      else
        g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                             _("The return no longer exists."));
      return NULL;
    }

  currency = retour_stmt_column_text (stmt, 8);
  rma = retour_rma_new (currency, retour_stmt_column_int64 (stmt, 13));
  rma->id = retour_stmt_column_int64 (stmt, 0);
  rma->number = retour_stmt_dup_text (stmt, 1);
  if (!retour_rma_status_from_key (retour_stmt_column_text (stmt, 2), &rma->status))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW,
                           _("The return has a status this version of Retour does not know."));
      return NULL;
    }
  rma->order_id = retour_stmt_column_int64 (stmt, 3);
  rma->customer_id = retour_stmt_column_int64 (stmt, 4);
  rma->policy_id = retour_stmt_column_int64 (stmt, 5);
  rma->resolution = retour_stmt_get_enum (stmt, 6, RETOUR_TYPE_RESOLUTION, RETOUR_RESOLUTION_UNDECIDED);
  rma->refund_method = retour_stmt_get_enum (stmt, 7, RETOUR_TYPE_REFUND_METHOD, RETOUR_REFUND_METHOD_NONE);
  rma->refund = retour_money_init (retour_stmt_column_int64 (stmt, 9), currency);
  rma->refund_overridden = retour_stmt_column_int (stmt, 10) != 0;
  rma->override_note = retour_stmt_dup_text (stmt, 11);
  rma->notes = retour_stmt_dup_text (stmt, 12);
  rma->updated_us = retour_stmt_column_int64 (stmt, 14);
  rma->authorized_us = retour_stmt_column_int64 (stmt, 15);
  rma->due_us = retour_stmt_column_int64 (stmt, 16);
  rma->received_us = retour_stmt_column_int64 (stmt, 17);
  rma->resolved_us = retour_stmt_column_int64 (stmt, 18);
  rma->closed_us = retour_stmt_column_int64 (stmt, 19);
  rma->order_number = retour_stmt_dup_text (stmt, 20);
  rma->customer_name = retour_stmt_dup_text (stmt, 21);
  rma->customer_email = retour_stmt_dup_text (stmt, 22);
  rma->customer_phone = retour_stmt_dup_text (stmt, 23);
  rma->version = retour_stmt_column_int64 (stmt, 24);
  load_law_facts (stmt, rma);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!load_lines (db, rma, error))
    return NULL;

  return g_steal_pointer (&rma);
}

RetourRma *
retour_rma_store_load (RetourDatabase  *db,
                       gint64           id,
                       GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  return load_rma_where (db, RMA_SELECT "WHERE r.id = ?", id, NULL, error);
}

RetourRma *
retour_rma_store_find_by_number (RetourDatabase  *db,
                                 const char      *compact,
                                 GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (compact != NULL, NULL);

  return load_rma_where (db, RMA_SELECT "WHERE r.number = ?", 0, compact, error);
}

static gpointer
rma_event_from_row (RetourStmt *stmt,
                    gpointer    user_data)
{
  const gint64 *rma_id = user_data;
  RetourRmaEvent *event = retour_rma_event_new (retour_stmt_column_text (stmt, 3),
                                                retour_stmt_column_int64 (stmt, 1),
                                                retour_stmt_column_text (stmt, 2));

  event->id = retour_stmt_column_int64 (stmt, 0);
  event->rma_id = *rma_id;
  retour_rma_status_from_key (retour_stmt_column_text (stmt, 4), &event->from_status);
  retour_rma_status_from_key (retour_stmt_column_text (stmt, 5), &event->to_status);
  event->detail = retour_stmt_dup_text (stmt, 6);

  return event;
}

GPtrArray *
retour_rma_store_list_events (RetourDatabase  *db,
                              gint64           rma_id,
                              GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, created_us, actor, kind, from_status, to_status, detail "
                                  "FROM rma_event WHERE rma_id = ? ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, rma_id);

  return retour_stmt_collect (stmt, rma_event_from_row, &rma_id, (GDestroyNotify) retour_rma_event_free, error);
}

gboolean
retour_rma_store_count_by_status (RetourDatabase  *db,
                                  guint64         *counts,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof (guint64) * RETOUR_RMA_N_STATUSES);

  /* Answered from the (status, id) index alone. */
  stmt = retour_database_prepare (db, "SELECT status, count (*) FROM rma GROUP BY status", error);
  if (stmt == NULL)
    return FALSE;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      RetourRmaStatus status;

      if (retour_rma_status_from_key (retour_stmt_column_text (stmt, 0), &status))
        counts[status] = retour_stmt_column_int64 (stmt, 1);
    }

  return ok;
}

gboolean
retour_rma_store_add_refund (RetourDatabase  *db,
                             RetourRefund    *refund,
                             GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *amount = NULL;
  gboolean has_row;
  gint64 due, paid, id;
  const char *currency;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (refund != NULL && refund->rma_id > 0, FALSE);

  if (refund->amount.minor <= 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A refund must be more than zero."));
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT r.refund_minor, r.currency, "
                                  "(SELECT coalesce (sum (amount_minor), 0) FROM refund WHERE rma_id = r.id) "
                                  "FROM rma r WHERE r.id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, refund->rma_id);
  if (!retour_stmt_step_row (stmt, _("The return no longer exists."), error))
    return FALSE;

  due = retour_stmt_column_int64 (stmt, 0);
  currency = retour_stmt_column_text (stmt, 1);
  paid = retour_stmt_column_int64 (stmt, 2);

  if (g_strcmp0 (currency, refund->amount.currency) != 0)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("The refund is in %s but the return is in %s."), refund->amount.currency, currency);
      return FALSE;
    }

  if (paid + refund->amount.minor > due)
    {
      g_autofree char *left = retour_money_format (retour_money_init (MAX (due - paid, 0), currency));

      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("That is more than is due: %s is left to refund."), left);
      return FALSE;
    }
  retour_stmt_release (g_steal_pointer (&stmt));

  stmt = retour_database_prepare (db,
                                  "INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor, "
                                  "note, external_id, idempotency_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, refund->rma_id);
  retour_stmt_bind_int64 (stmt, 2, refund->amount.minor);
  retour_stmt_bind_text (stmt, 3, refund->amount.currency);
  retour_stmt_bind_enum (stmt, 4, RETOUR_TYPE_REFUND_METHOD, refund->method);
  retour_stmt_bind_int64 (stmt, 5, refund->created_us);
  retour_stmt_bind_text (stmt, 6, refund->actor != NULL ? refund->actor : "");
  retour_stmt_bind_text (stmt, 7, refund->note);
  retour_stmt_bind_text (stmt, 8, refund->external_id);
  retour_stmt_bind_text (stmt, 9, refund->idempotency_key);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  amount = retour_money_to_string (refund->amount);
  detail = g_strdup_printf (_("Refunded %s %s by %s"), amount, refund->amount.currency,
                            retour_refund_method_get_label (refund->method));

  if (!retour_rma_store_add_detail_event (db, refund->rma_id, "refund", refund->actor, detail, refund->created_us,
                                          error) ||
      !retour_txn_commit (&txn, error))
    return FALSE;

  refund->id = id;

  return TRUE;
}

static gpointer
refund_from_row (RetourStmt *stmt,
                 gpointer    user_data)
{
  const gint64 *rma_id = user_data;
  RetourRefund *refund = g_new0 (RetourRefund, 1);

  refund->id = retour_stmt_column_int64 (stmt, 0);
  refund->rma_id = *rma_id;
  refund->amount = retour_money_init (retour_stmt_column_int64 (stmt, 1),
                                      retour_stmt_column_text (stmt, 2));
  refund->method = retour_stmt_get_enum (stmt, 3, RETOUR_TYPE_REFUND_METHOD, RETOUR_REFUND_METHOD_NONE);
  refund->created_us = retour_stmt_column_int64 (stmt, 4);
  refund->actor = retour_stmt_dup_text (stmt, 5);
  refund->note = retour_stmt_dup_text (stmt, 6);
  refund->external_id = retour_stmt_dup_text (stmt, 7);
  refund->idempotency_key = retour_stmt_dup_text (stmt, 8);

  return refund;
}

GPtrArray *
retour_rma_store_list_refunds (RetourDatabase  *db,
                               gint64           rma_id,
                               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, amount_minor, currency, method, created_us, actor, note, "
                                  "external_id, idempotency_key FROM refund WHERE rma_id = ? ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, rma_id);

  return retour_stmt_collect (stmt, refund_from_row, &rma_id, (GDestroyNotify) retour_refund_free, error);
}

RetourAttachment *
retour_attachment_copy (const RetourAttachment *attachment)
{
  RetourAttachment *copy = g_memdup2 (attachment, sizeof *attachment);

  copy->filename = g_strdup (attachment->filename);
  copy->mime_type = g_strdup (attachment->mime_type);
  if (attachment->data != NULL)
    copy->data = g_bytes_ref (attachment->data);

  return copy;
}

void
retour_attachment_free (RetourAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->filename);
  g_free (attachment->mime_type);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment);
}


gboolean
retour_rma_store_add_attachment (RetourDatabase    *db,
                                 RetourAttachment  *attachment,
                                 const char        *actor,
                                 GError           **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean has_row;
  gint64 id;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (attachment != NULL && attachment->data != NULL, FALSE);

  if (g_bytes_get_size (attachment->data) > MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("“%s” is larger than 20 MB. Attach a smaller photo."),
                   attachment->filename != NULL ? attachment->filename : "");
      return FALSE;
    }

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO attachment (rma_id, rma_line_id, filename, mime_type, data, "
                                  "created_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, attachment->rma_id);
  retour_stmt_bind_id_or_null (stmt, 2, attachment->rma_line_id);
  retour_stmt_bind_text (stmt, 3, attachment->filename != NULL ? attachment->filename : "");
  retour_stmt_bind_text (stmt, 4, attachment->mime_type != NULL ? attachment->mime_type : "application/octet-stream");
  retour_stmt_bind_blob (stmt, 5, g_bytes_get_data (attachment->data, NULL),
                       g_bytes_get_size (attachment->data));
  retour_stmt_bind_int64 (stmt, 6, attachment->created_us);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  id = retour_stmt_column_int64 (stmt, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  detail = g_strdup_printf (_("Attached “%s”"), attachment->filename != NULL ? attachment->filename : "");
  if (!retour_rma_store_add_detail_event (db, attachment->rma_id, "attachment", actor, detail,
                                          attachment->created_us, error) ||
      !retour_txn_commit (&txn, error))
    return FALSE;

  attachment->id = id;
  return TRUE;
}

static RetourAttachment *
attachment_from_row (RetourStmt *stmt,
                     gboolean    with_data)
{
  RetourAttachment *attachment = g_new0 (RetourAttachment, 1);

  attachment->id = retour_stmt_column_int64 (stmt, 0);
  attachment->rma_id = retour_stmt_column_int64 (stmt, 1);
  attachment->rma_line_id = retour_stmt_column_int64 (stmt, 2);
  attachment->filename = retour_stmt_dup_text (stmt, 3);
  attachment->mime_type = retour_stmt_dup_text (stmt, 4);
  attachment->created_us = retour_stmt_column_int64 (stmt, 5);
  if (with_data)
    {
      gsize size;
      gconstpointer data = retour_stmt_column_blob (stmt, 6, &size);

      attachment->data = g_bytes_new (data, size);
    }

  return attachment;
}

/* A listed attachment comes without its bytes (see
 * retour_rma_store_list_attachments()). */
static gpointer
listed_attachment_from_row (RetourStmt *stmt,
                            gpointer    user_data)
{
  return attachment_from_row (stmt, FALSE);
}

GPtrArray *
retour_rma_store_list_attachments (RetourDatabase  *db,
                                   gint64           rma_id,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, rma_id, rma_line_id, filename, mime_type, created_us "
                                  "FROM attachment WHERE rma_id = ? ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, rma_id);

  return retour_stmt_collect (stmt, listed_attachment_from_row, NULL,
                              (GDestroyNotify) retour_attachment_free, error);
}

RetourAttachment *
retour_rma_store_load_attachment (RetourDatabase  *db,
                                  gint64           id,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, rma_id, rma_line_id, filename, mime_type, created_us, data "
                                  "FROM attachment WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step_row (stmt, _("The attachment no longer exists."), error))
    return NULL;

  return attachment_from_row (stmt, TRUE);
}

gboolean
retour_rma_store_remove_attachment (RetourDatabase  *db,
                                    gint64           id,
                                    const char      *actor,
                                    gint64           now_us,
                                    GError         **error)
{
  g_autoptr(RetourAttachment) attachment = NULL;
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  attachment = retour_rma_store_load_attachment (db, id, error);
  if (attachment == NULL)
    return FALSE;

  stmt = retour_database_prepare (db, "DELETE FROM attachment WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  detail = g_strdup_printf (_("Removed “%s”"), attachment->filename);
  if (!retour_rma_store_add_detail_event (db, attachment->rma_id, "attachment", actor, detail, now_us, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}
