/* retour-request-store.c — returns customers asked for in a storefront.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-message-store.h"
#include "retour-policy-store.h"
#include "retour-request-store.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"
#include "retour-sync-store.h"

/* Until the shop maps them in the preferences: Shopify's ReturnReason
 * onto the reasons every shop starts with (retour-policy-store.c). */
static const struct
{
  const char *storefront;
  const char *code;
} default_reasons[] = {
  { "SIZE_TOO_SMALL", "wrong-size" },
  { "SIZE_TOO_LARGE", "wrong-size" },
  { "UNWANTED", "changed-mind" },
  { "STYLE", "changed-mind" },
  { "COLOR", "changed-mind" },
  { "NOT_AS_DESCRIBED", "not-as-described" },
  { "WRONG_ITEM", "wrong-item" },
  { "DEFECTIVE", "defective" },
  { "OTHER", NULL },
};

/* The setting that holds the shop's own choice for a storefront reason:
 * a reason code, or NO_REASON. */
#define REASON_SETTING_PREFIX "storefront-reason-"
#define NO_REASON "none"

const char *
retour_request_store_default_reason (const char *storefront_reason)
{
  for (guint i = 0; storefront_reason != NULL && i < G_N_ELEMENTS (default_reasons); i++)
    if (g_str_equal (storefront_reason, default_reasons[i].storefront))
      return default_reasons[i].code;

  return NULL;
}

const char *
retour_request_store_storefront_reason_label (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (default_reasons), NULL);

  switch (index)
    {
    /* Translators: the reasons a customer picks when asking for a return
     * in their Shopify account, as Shopify's admin names them. */
    case 0: return _("Size was too small");
    case 1: return _("Size was too large");
    case 2: return _("Customer changed their mind");
    case 3: return C_("return reason", "Style");
    case 4: return C_("return reason", "Color");
    case 5: return _("Item not as described");
    case 6: return _("Received the wrong item");
    case 7: return _("Damaged or defective");
    default: return C_("return reason", "Other");
    }
}

const char *
retour_request_store_storefront_reason (guint index)
{
  return index < G_N_ELEMENTS (default_reasons) ? default_reasons[index].storefront : NULL;
}

static gboolean
is_storefront_reason (const char *storefront_reason)
{
  for (guint i = 0; storefront_reason != NULL && i < G_N_ELEMENTS (default_reasons); i++)
    if (g_str_equal (storefront_reason, default_reasons[i].storefront))
      return TRUE;

  return FALSE;
}

char *
retour_request_store_get_reason (RetourDatabase  *db,
                                 const char      *storefront_reason,
                                 GError         **error)
{
  g_autofree char *key = g_strconcat (REASON_SETTING_PREFIX, storefront_reason, NULL);
  g_autofree char *code = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  code = retour_setting_store_get (db, key, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (code == NULL)
    return g_strdup (retour_request_store_default_reason (storefront_reason));
  if (g_str_equal (code, NO_REASON))
    return NULL;

  return g_steal_pointer (&code);
}

gboolean
retour_request_store_set_reason (RetourDatabase  *db,
                                 const char      *storefront_reason,
                                 const char      *code,
                                 const char      *actor,
                                 gint64           now_us,
                                 GError         **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (is_storefront_reason (storefront_reason), FALSE);

  key = g_strconcat (REASON_SETTING_PREFIX, storefront_reason, NULL);

  return retour_setting_store_change (db, key, code != NULL ? code : NO_REASON, actor, now_us, error);
}

/* The shop's reason for each storefront reason, as it maps them now. */
static GHashTable *
load_reason_map (RetourDatabase  *db,
                 GError         **error)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (default_reasons); i++)
    {
      GError *local_error = NULL;
      char *code = retour_request_store_get_reason (db, default_reasons[i].storefront, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_hash_table_insert (map, (gpointer) default_reasons[i].storefront, code);
    }

  return g_steal_pointer (&map);
}

/* The reason the shop still uses for @storefront_reason; NULL: none. */
static const RetourReason *
find_reason (GPtrArray  *reasons,
             GHashTable *map,
             const char *storefront_reason)
{
  const char *code = storefront_reason != NULL ? g_hash_table_lookup (map, storefront_reason) : NULL;

  for (guint i = 0; code != NULL && i < reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);

      if (g_str_equal (reason->code, code) && !reason->retired)
        return reason;
    }

  return NULL;
}

static const RetourOrderLine *
find_order_line (const RetourOrder *order,
                 const char        *external_id)
{
  for (guint i = 0; i < order->lines->len; i++)
    {
      const RetourOrderLine *line = g_ptr_array_index (order->lines, i);

      if (g_strcmp0 (line->external_id, external_id) == 0)
        return line;
    }

  return NULL;
}

/* The id of the return made from the request, and its status; 0 if none. */
static gboolean
find_rma (RetourDatabase   *db,
          gint64            store_id,
          const char       *external_id,
          gint64           *rma_id,
          GError          **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db, "SELECT id FROM rma WHERE store_id = ?1 AND storefront_return_id = ?2",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, external_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *rma_id = has_row ? retour_stmt_column_int64 (stmt, 0) : 0;
  return TRUE;
}

static gboolean
find_order (RetourDatabase  *db,
            gint64           store_id,
            const char      *external_id,
            gint64          *order_id,
            GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db, "SELECT id FROM \"order\" WHERE store_id = ?1 AND external_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, external_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *order_id = has_row ? retour_stmt_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Ends the return made from a request that ended upstream, while it is
 * still a request here: once staff decided, their decision stands, and
 * answering the storefront is theirs. */
static gboolean
end_request (RetourDatabase       *db,
             gint64                rma_id,
             RetourReturnRequest  *request,
             const char           *actor,
             gint64                now_us,
             RetourRequestStats   *stats,
             GError              **error)
{
  g_autoptr(RetourRma) rma = NULL;
  RetourRmaStatus to = RETOUR_RMA_STATUS_CANCELLED;
  const char *note;

  switch (request->status)
    {
    case RETOUR_RETURN_REQUEST_OPEN:
    case RETOUR_RETURN_REQUEST_CLOSED:
      /* Approved by staff in the storefront's admin: the shop decided. */
      to = RETOUR_RMA_STATUS_AUTHORIZED;
      note = _("The request was approved in the storefront.");
      break;
    case RETOUR_RETURN_REQUEST_CANCELED:
      note = _("The request was withdrawn in the storefront.");
      break;
    case RETOUR_RETURN_REQUEST_DECLINED:
      note = _("The request was declined in the storefront.");
      break;
    case RETOUR_RETURN_REQUEST_GONE:
      note = _("The storefront no longer has the request.");
      break;
    default:
      return TRUE;
    }

  rma = retour_rma_store_load (db, rma_id, error);
  if (rma == NULL)
    return FALSE;
  if (rma->status != RETOUR_RMA_STATUS_REQUESTED)
    return TRUE;

  /* Every unit asked for, as the storefront approved the whole request. */
  if (to == RETOUR_RMA_STATUS_AUTHORIZED)
    for (guint i = 0; i < rma->lines->len; i++)
      {
        RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

        line->qty_authorized = line->qty_requested;
      }

  /* Nothing to tell the storefront about it. */
  if (!retour_rma_store_transition (db, rma, to, actor, note, now_us, error) ||
      !retour_request_store_record_answer (db, rma_id, NULL, now_us, error))
    return FALSE;
  if (to == RETOUR_RMA_STATUS_AUTHORIZED)
    stats->authorized++;
  else
    stats->cancelled++;

  return TRUE;
}

/* The claim of each line, from its reason and the law's dates as of the
 * request, as the desk gives a return taken on the phone. */
static void
set_claims (RetourRma          *rma,
            const RetourPolicy *policy,
            GPtrArray          *reasons,
            gint64              now_us)
{
  RetourLawInput input;
  RetourLawDates dates;

  retour_law_input_for_rma (rma, policy, &input);
  retour_law_compute (&input, policy->shop_country, &dates);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      const RetourReason *reason = NULL;

      for (guint j = 0; j < reasons->len && reason == NULL; j++)
        if (((RetourReason *) reasons->pdata[j])->id == line->reason_id)
          reason = reasons->pdata[j];

      line->claim = retour_law_default_claim (&dates, reason != NULL && retour_law_reason_is_conformity (reason),
                                              now_us);
    }
}

/* The return of a new request, or NULL when its order or a line of it is
 * not here yet (or no longer has what the customer asks for). */
static RetourRma *
build_rma (RetourDatabase       *db,
           gint64                order_id,
           RetourReturnRequest  *request,
           const RetourPolicy   *policy,
           GPtrArray            *reasons,
           GHashTable           *reason_map,
           gint64                now_us,
           GError              **error)
{
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;

  order = retour_catalog_store_load_order (db, order_id, error);
  if (order == NULL)
    return NULL;

  rma = retour_rma_new (order->total.currency, now_us);
  for (guint i = 0; i < request->lines->len; i++)
    {
      RetourReturnRequestLine *item = g_ptr_array_index (request->lines, i);
      const RetourOrderLine *ordered = find_order_line (order, item->line_external_id);
      g_autoptr(RetourRmaLine) line = NULL;
      g_autoptr(RetourProduct) product = NULL;
      const RetourReason *reason;

      if (ordered == NULL || ordered->gone_upstream || item->quantity > ordered->quantity)
        {
          g_debug ("Return request %s: line %s is not on the order here as asked; waiting",
                   request->external_id, item->line_external_id);
          return NULL;
        }

      if (ordered->product_id != 0)
        product = retour_catalog_store_load_product (db, ordered->product_id, NULL);

      line = retour_rma_line_new ();
      line->order_line_id = ordered->id;
      line->product_id = ordered->product_id;
      line->sku = g_strdup (ordered->sku);
      g_free (line->title);
      line->title = g_strdup (ordered->title);
      line->category = product != NULL ? g_strdup (product->category) : NULL;
      line->unit_price = ordered->unit_price;
      line->qty_ordered = ordered->quantity;
      line->qty_requested = item->quantity;
      reason = find_reason (reasons, reason_map, item->reason);
      line->reason_id = reason != NULL ? reason->id : 0;
      line->notes = g_strdup (item->note);
      retour_rma_add_line (rma, g_steal_pointer (&line));
    }

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->country = g_strdup (order->ship_country);
  if (order->delivered_us != 0)
    rma->possession_us = order->delivered_us;
  else if (order->fulfilled_us != 0)
    {
      rma->possession_us = order->fulfilled_us + RETOUR_POSSESSION_ESTIMATE_DAYS * G_TIME_SPAN_DAY;
      rma->possession_estimated = TRUE;
    }
  rma->declared_via = RETOUR_DECLARATION_STOREFRONT;
  rma->declared_us = request->requested_us;
  set_claims (rma, policy, reasons, now_us);

  return g_steal_pointer (&rma);
}

static gboolean
keep_storefront_id (RetourDatabase       *db,
                    gint64                store_id,
                    gint64                rma_id,
                    RetourReturnRequest  *request,
                    GError              **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db, "UPDATE rma SET store_id = ?1, storefront_return_id = ?2 WHERE id = ?3",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, request->external_id);
  retour_stmt_bind_int64 (stmt, 3, rma_id);

  return retour_stmt_run (stmt, error);
}

static gboolean
write_request (RetourDatabase       *db,
               gint64                store_id,
               const char           *actor,
               RetourReturnRequest  *request,
               const RetourPolicy   *policy,
               GPtrArray            *reasons,
               GHashTable           *reason_map,
               gint64                now_us,
               RetourRequestStats   *stats,
               GError              **error)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autofree char *note = NULL;
  gint64 rma_id, order_id;

  if (!find_rma (db, store_id, request->external_id, &rma_id, error))
    return FALSE;
  if (rma_id != 0)
    return end_request (db, rma_id, request, actor, now_us, stats, error);
  if (request->status != RETOUR_RETURN_REQUEST_REQUESTED)
    return TRUE;

  if (!find_order (db, store_id, request->order_external_id, &order_id, error))
    return FALSE;
  if (order_id == 0)
    {
      stats->waiting++;
      return TRUE;
    }

  rma = build_rma (db, order_id, request, policy, reasons, reason_map, now_us, error);
  if (rma == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      stats->waiting++;
      return TRUE;
    }

  /* Translators: in a return's history; the first %s is the store's
   * name, the second the storefront's name of the request ("#1042-R1"). */
  note = g_strdup_printf (_("Requested by the customer in %s (%s)."), actor,
                          request->name != NULL ? request->name : request->external_id);
  /* On a server only the desk's role takes new returns: a sync another
   * role runs leaves the request for a desk's (a savepoint, since a
   * refused statement ends PostgreSQL's transaction). */
  {
    g_auto(RetourTxn) one = { 0 };
    g_autoptr(GError) local_error = NULL;

    if (!retour_txn_begin (&one, db, error))
      return FALSE;
    /* The customer is told the shop has the request, or, for a
     * withdrawal, given its acknowledgement on a durable medium: with the
     * return, or neither. */
    if (retour_rma_store_insert (db, rma, actor, &local_error) &&
        keep_storefront_id (db, store_id, rma->id, request, &local_error) &&
        retour_rma_store_add_note (db, rma->id, actor, note, now_us, &local_error) &&
        retour_message_store_queue (db, rma->id,
                                    retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL)
                                    ? RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED
                                    : RETOUR_MESSAGE_STEP_REQUEST_RECEIVED,
                                    now_us, &local_error) &&
        retour_txn_commit (&one, &local_error))
      {
        stats->created++;
        return TRUE;
      }
    if (!g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED))
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
    g_debug ("Return request %s left for the desk: %s", request->external_id, local_error->message);
  }
  stats->waiting++;

  return TRUE;
}

gboolean
retour_request_store_write (RetourDatabase      *db,
                            gint64               store_id,
                            GPtrArray           *requests,
                            gint64               now_us,
                            RetourRequestStats  *stats,
                            GError             **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GHashTable) reason_map = NULL;
  RetourRequestStats own_stats = { 0 };

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (requests != NULL, FALSE);

  if (stats == NULL)
    stats = &own_stats;
  if (requests->len == 0)
    return TRUE;

  if (!retour_txn_begin (&txn, db, error) ||
      (storefront = retour_sync_store_load (db, store_id, error)) == NULL ||
      (policy = retour_policy_store_load_current (db, error)) == NULL ||
      (reasons = retour_policy_store_list_reasons (db, TRUE, error)) == NULL ||
      (reason_map = load_reason_map (db, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < requests->len; i++)
    if (!write_request (db, store_id, storefront->name, g_ptr_array_index (requests, i), policy, reasons,
                        reason_map, now_us, stats, error))
      return FALSE;

  return retour_txn_commit (&txn, error);
}

static gpointer
read_id (RetourStmt *stmt,
         gpointer    user_data)
{
  return retour_stmt_dup_text (stmt, 0);
}

GPtrArray *
retour_request_store_list_open (RetourDatabase  *db,
                                gint64           store_id,
                                GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT storefront_return_id FROM rma "
                                  "WHERE store_id = ?1 AND storefront_return_id IS NOT NULL "
                                  "AND status = 'requested' ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect (stmt, read_id, NULL, g_free, error);
}

void
retour_request_answer_free (RetourRequestAnswer *answer)
{
  if (answer == NULL)
    return;

  g_free (answer->external_id);
  g_free (answer->note);
  g_free (answer);
}

static gpointer
read_answer (RetourStmt *stmt,
             gpointer    user_data)
{
  RetourRequestAnswer *answer = g_new0 (RetourRequestAnswer, 1);

  answer->rma_id = retour_stmt_column_int64 (stmt, 0);
  answer->external_id = retour_stmt_dup_text (stmt, 1);
  answer->approve = g_strcmp0 (retour_stmt_column_text (stmt, 2), "rejected") != 0;
  answer->note = retour_stmt_column_is_null (stmt, 3) ? NULL : retour_stmt_dup_text (stmt, 3);
  answer->reason = retour_decline_reason_from_key (retour_stmt_column_text (stmt, 4));

  return answer;
}

GPtrArray *
retour_request_store_list_unanswered (RetourDatabase  *db,
                                      gint64           store_id,
                                      guint            limit,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  /* The rejection's note is the one its step was taken with. */
  stmt = retour_database_prepare (db,
                                  "SELECT r.id, r.storefront_return_id, r.status, "
                                  "  (SELECT e.detail FROM rma_event e WHERE e.rma_id = r.id AND e.kind = 'status' "
                                  "   AND e.to_status = 'rejected' ORDER BY e.id DESC LIMIT 1), "
                                  "  r.storefront_decline_reason "
                                  "FROM rma r "
                                  "WHERE r.store_id = ?1 AND r.storefront_return_id IS NOT NULL "
                                  "AND r.storefront_answered_us IS NULL "
                                  "AND r.status IN ('authorized', 'in_transit', 'received', 'inspected', 'resolved', "
                                  "                 'closed', 'rejected') "
                                  "ORDER BY r.id LIMIT ?2",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_int64 (stmt, 2, limit);

  return retour_stmt_collect (stmt, read_answer, NULL, (GDestroyNotify) retour_request_answer_free, error);
}

gboolean
retour_request_store_record_answer (RetourDatabase  *db,
                                    gint64           rma_id,
                                    const char      *message,
                                    gint64           now_us,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db,
                                  "UPDATE rma SET storefront_answered_us = ?2, storefront_answer_error = ?3 "
                                  "WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_time_or_null (stmt, 2, message == NULL ? now_us : 0);
  retour_stmt_bind_text (stmt, 3, message);

  return retour_stmt_run (stmt, error);
}

gboolean
retour_request_store_set_decline_reason (RetourDatabase       *db,
                                         gint64                rma_id,
                                         RetourDeclineReason   reason,
                                         GError              **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "UPDATE rma SET storefront_decline_reason = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_text (stmt, 2, retour_decline_reason_to_key (reason));

  return retour_stmt_run (stmt, error);
}

void
retour_request_label_free (RetourRequestLabel *label)
{
  if (label == NULL)
    return;

  g_free (label->external_id);
  g_free (label->number);
  g_clear_pointer (&label->pdf, g_bytes_unref);
  g_free (label);
}

static gpointer
read_label (RetourStmt *stmt,
            gpointer    user_data)
{
  RetourRequestLabel *label = g_new0 (RetourRequestLabel, 1);
  gconstpointer pdf;
  gsize size = 0;

  label->rma_id = retour_stmt_column_int64 (stmt, 0);
  label->external_id = retour_stmt_dup_text (stmt, 1);
  label->number = retour_stmt_dup_text (stmt, 2);
  pdf = retour_stmt_column_blob (stmt, 3, &size);
  label->pdf = g_bytes_new (pdf, size);

  return label;
}

GPtrArray *
retour_request_store_list_labels (RetourDatabase  *db,
                                  gint64           store_id,
                                  guint            limit,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  /* Approved upstream means answered without an error while authorized
   * or further: a rejected return has no label to put there. */
  /* The carrier's prepaid label when there is one, else the newest
   * address label made here. */
  stmt = retour_database_prepare (db,
                                  "SELECT r.id, r.storefront_return_id, r.number, coalesce (c.pdf, l.pdf) "
                                  "FROM rma r "
                                  "LEFT JOIN carrier_label c ON c.rma_id = r.id AND c.state <> 'cancelled' "
                                  "  AND c.state = 'bought' AND c.pdf IS NOT NULL "
                                  "LEFT JOIN label l ON l.rma_id = r.id "
                                  "  AND l.version = (SELECT max (n.version) FROM label n WHERE n.rma_id = r.id) "
                                  "WHERE r.store_id = ?1 AND r.storefront_return_id IS NOT NULL "
                                  "AND r.storefront_answered_us IS NOT NULL AND r.storefront_label_id IS NULL "
                                  "AND r.status IN ('authorized', 'in_transit') "
                                  "AND (c.id IS NOT NULL OR l.id IS NOT NULL) "
                                  "ORDER BY r.id LIMIT ?2",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_int64 (stmt, 2, limit);

  return retour_stmt_collect (stmt, read_label, NULL, (GDestroyNotify) retour_request_label_free, error);
}

gboolean
retour_request_store_record_label (RetourDatabase  *db,
                                   gint64           rma_id,
                                   const char      *label_id,
                                   const char      *message,
                                   gint64           now_us,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail ((label_id == NULL) != (message == NULL), FALSE);

  stmt = retour_database_prepare (db,
                                  "UPDATE rma SET storefront_label_id = ?2, storefront_label_us = ?3, "
                                  "storefront_label_error = ?4 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_text (stmt, 2, label_id);
  retour_stmt_bind_time_or_null (stmt, 3, label_id != NULL ? now_us : 0);
  retour_stmt_bind_text (stmt, 4, message);

  return retour_stmt_run (stmt, error);
}

void
retour_request_state_free (RetourRequestState *state)
{
  if (state == NULL)
    return;

  g_free (state->store_name);
  g_free (state->external_id);
  g_free (state->answer_error);
  g_free (state->label_error);
  g_free (state);
}

RetourRequestState *
retour_request_store_load_state (RetourDatabase  *db,
                                 gint64           rma_id,
                                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  RetourRequestState *state;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT s.id, s.name, s.platform, r.storefront_return_id, "
                                  "  r.storefront_answered_us, r.storefront_answer_error, "
                                  "  r.storefront_decline_reason, r.storefront_label_us, r.storefront_label_error "
                                  "FROM rma r JOIN store s ON s.id = r.store_id "
                                  "WHERE r.id = ?1 AND r.storefront_return_id IS NOT NULL",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);

  if (!retour_stmt_step (stmt, &has_row, error) || !has_row)
    return NULL;

  state = g_new0 (RetourRequestState, 1);
  state->store_id = retour_stmt_column_int64 (stmt, 0);
  state->store_name = retour_stmt_dup_text (stmt, 1);
  if (!retour_platform_from_key (retour_stmt_column_text (stmt, 2), &state->platform))
    state->platform = RETOUR_PLATFORM_SHOPIFY;
  state->external_id = retour_stmt_dup_text (stmt, 3);
  state->answered_us = retour_stmt_column_int64 (stmt, 4);
  state->answer_error = retour_stmt_column_is_null (stmt, 5) ? NULL : retour_stmt_dup_text (stmt, 5);
  state->decline_reason = retour_decline_reason_from_key (retour_stmt_column_text (stmt, 6));
  state->label_us = retour_stmt_column_int64 (stmt, 7);
  state->label_error = retour_stmt_column_is_null (stmt, 8) ? NULL : retour_stmt_dup_text (stmt, 8);

  return state;
}
