/* retour-carrier-store.c — carriers' return labels, their tracking, and
 * the shop's carrier settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-carrier-store.h"
#include "retour-database-private.h"
#include "retour-setting-store.h"

static const char * const label_states[] = { "requested", "bought", "entered", "cancelled" };

void
retour_carrier_record_free (RetourCarrierRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->carrier);
  g_free (record->reference);
  g_free (record->tracking_number);
  g_free (record->shipment_id);
  g_clear_pointer (&record->pdf, g_bytes_unref);
  g_free (record->currency);
  g_free (record->tracking_state);
  g_free (record->poll_error);
  g_free (record->rma_number);
  g_free (record->rma_status);
  g_free (record);
}

void
retour_carrier_event_record_free (RetourCarrierEventRecord *event)
{
  if (event == NULL)
    return;

  g_free (event->code);
  g_free (event->description);
  g_free (event->state);
  g_free (event);
}

#define COLUMNS "l.id, l.rma_id, l.carrier, l.reference, l.state, l.tracking_number, l.shipment_id, " \
                "l.cost_minor, l.currency, l.cost_from, l.created_us, l.cancelled_us, l.tracking_state, " \
                "l.first_scan_us, l.delivered_us, l.polled_us, l.poll_error, r.number, r.status"
#define FROM " FROM carrier_label AS l JOIN rma AS r ON r.id = l.rma_id "

static char *
dup_or_null (RetourStmt *stmt,
             int         column)
{
  return retour_stmt_column_is_null (stmt, column) ? NULL : retour_stmt_dup_text (stmt, column);
}

static gpointer
read_record (RetourStmt *stmt,
             gpointer    with_pdf)
{
  RetourCarrierRecord *record = g_new0 (RetourCarrierRecord, 1);
  const char *state = retour_stmt_column_text (stmt, 4);

  record->id = retour_stmt_column_int64 (stmt, 0);
  record->rma_id = retour_stmt_column_int64 (stmt, 1);
  record->carrier = retour_stmt_dup_text (stmt, 2);
  record->reference = retour_stmt_dup_text (stmt, 3);
  for (guint i = 0; i < G_N_ELEMENTS (label_states); i++)
    if (g_strcmp0 (state, label_states[i]) == 0)
      record->state = (RetourCarrierLabelState) i;
  record->tracking_number = dup_or_null (stmt, 5);
  record->shipment_id = dup_or_null (stmt, 6);
  record->cost_minor = retour_stmt_column_is_null (stmt, 7) ? -1 : retour_stmt_column_int64 (stmt, 7);
  record->currency = dup_or_null (stmt, 8);
  record->cost_from_carrier = g_strcmp0 (retour_stmt_column_text (stmt, 9), "carrier") == 0;
  record->created_us = retour_stmt_column_int64 (stmt, 10);
  record->cancelled_us = retour_stmt_column_int64 (stmt, 11);
  record->tracking_state = retour_stmt_dup_text (stmt, 12);
  record->first_scan_us = retour_stmt_column_int64 (stmt, 13);
  record->delivered_us = retour_stmt_column_int64 (stmt, 14);
  record->polled_us = retour_stmt_column_int64 (stmt, 15);
  record->poll_error = dup_or_null (stmt, 16);
  record->rma_number = dup_or_null (stmt, 17);
  record->rma_status = retour_stmt_dup_text (stmt, 18);

  if (with_pdf != NULL && !retour_stmt_column_is_null (stmt, 19))
    {
      gsize size;
      gconstpointer data = retour_stmt_column_blob (stmt, 19, &size);

      record->pdf = g_bytes_new (data, size);
    }

  return record;
}

/* The one row @sql (with ?1 bound to @id) finds, with its PDF; NULL
 * without error when there is none. */
static RetourCarrierRecord *
load_one (RetourDatabase  *db,
          const char      *where,
          gint64           id,
          GError         **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " COLUMNS ", l.pdf" FROM, where, NULL);
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step (stmt, &has_row, error) || !has_row)
    return NULL;

  return read_record (stmt, GINT_TO_POINTER (TRUE));
}

RetourCarrierRecord *
retour_carrier_store_get_live (RetourDatabase  *db,
                               gint64           rma_id,
                               GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  return load_one (db, "WHERE l.rma_id = ?1 AND l.state <> 'cancelled'", rma_id, error);
}

RetourCarrierRecord *
retour_carrier_store_get (RetourDatabase  *db,
                          gint64           label_id,
                          GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  RetourCarrierRecord *record;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  record = load_one (db, "WHERE l.id = ?1", label_id, &local_error);
  if (record == NULL && local_error == NULL)
    g_set_error_literal (&local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                         _("The carrier label is gone."));
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return record;
}

static gboolean
insert_requested (RetourDatabase  *db,
                  gint64           rma_id,
                  const char      *carrier,
                  const char      *reference,
                  gint64           now_us,
                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO carrier_label (rma_id, carrier, reference, state, created_us) "
                                  "VALUES (?1, ?2, ?3, 'requested', ?4)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_text (stmt, 2, carrier);
  retour_stmt_bind_text (stmt, 3, reference);
  retour_stmt_bind_int64 (stmt, 4, now_us);

  return retour_stmt_run (stmt, error);
}

RetourCarrierRecord *
retour_carrier_store_begin (RetourDatabase  *db,
                            gint64           rma_id,
                            const char      *carrier,
                            const char      *reference,
                            gint64           now_us,
                            gboolean        *created,
                            GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourCarrierRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (carrier != NULL && reference != NULL, NULL);

  *created = FALSE;
  if (!retour_txn_begin (&txn, db, error))
    return NULL;

  record = retour_carrier_store_get_live (db, rma_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (record == NULL)
    {
      g_auto(RetourTxn) insert = { 0 };

      /* Another desk may write its request at the same moment: the
       * unique index lets one through, and the other finds it. */
      if (!retour_txn_begin (&insert, db, error))
        return NULL;
      if (insert_requested (db, rma_id, carrier, reference, now_us, &local_error))
        {
          if (!retour_txn_commit (&insert, error))
            return NULL;
          *created = TRUE;
        }
      else if (!g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      else
        {
          retour_txn_rollback (&insert);
          g_clear_error (&local_error);
        }

      record = retour_carrier_store_get_live (db, rma_id, error);
      if (record == NULL)
        return NULL;
    }

  if (!retour_txn_commit (&txn, error))
    return NULL;

  return g_steal_pointer (&record);
}

gboolean
retour_carrier_store_complete (RetourDatabase  *db,
                               gint64           label_id,
                               const char      *tracking_number,
                               const char      *shipment_id,
                               GBytes          *pdf,
                               gint64           cost_minor,
                               gint64           contract_minor,
                               const char      *currency,
                               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gint64 cost = cost_minor >= 0 ? cost_minor : contract_minor;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (tracking_number != NULL && pdf != NULL, FALSE);

  stmt = retour_database_prepare (db,
                                  "UPDATE carrier_label SET state = 'bought', tracking_number = ?2, "
                                  "shipment_id = ?3, pdf = ?4, cost_minor = ?5, currency = ?6, cost_from = ?7 "
                                  "WHERE id = ?1 AND state = 'requested' RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, label_id);
  retour_stmt_bind_text (stmt, 2, tracking_number);
  retour_stmt_bind_text (stmt, 3, shipment_id);
  retour_stmt_bind_blob (stmt, 4, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  if (cost >= 0)
    retour_stmt_bind_int64 (stmt, 5, cost);
  else
    retour_stmt_bind_null (stmt, 5);
  retour_stmt_bind_text (stmt, 6, cost >= 0 ? currency : NULL);
  if (cost < 0)
    retour_stmt_bind_null (stmt, 7);
  else
    retour_stmt_bind_static_text (stmt, 7, cost_minor >= 0 ? "carrier" : "contract");

  return retour_stmt_step_row (stmt, _("The carrier label is no longer waiting for the carrier’s answer."), error);
}

gboolean
retour_carrier_store_abandon (RetourDatabase  *db,
                              gint64           label_id,
                              GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "DELETE FROM carrier_label WHERE id = ?1 AND state = 'requested'", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, label_id);

  return retour_stmt_run (stmt, error);
}

RetourCarrierRecord *
retour_carrier_store_enter (RetourDatabase  *db,
                            gint64           rma_id,
                            const char      *carrier,
                            const char      *tracking_number,
                            gint64           now_us,
                            GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourCarrierRecord) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  RetourCarrierRecord *record;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (carrier != NULL && tracking_number != NULL, NULL);

  if (!retour_txn_begin (&txn, db, error))
    return NULL;

  existing = retour_carrier_store_get_live (db, rma_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (existing != NULL)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                   _("The return already has a %s parcel (%s): cancel that label first."),
                   existing->carrier, existing->tracking_number != NULL ? existing->tracking_number : existing->reference);
      return NULL;
    }

  stmt = retour_database_prepare (db,
                                  "INSERT INTO carrier_label (rma_id, carrier, reference, state, tracking_number, created_us) "
                                  "SELECT id, ?2, coalesce (number, ''), 'entered', ?3, CAST (?4 AS BIGINT) FROM rma WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_text (stmt, 2, carrier);
  retour_stmt_bind_text (stmt, 3, tracking_number);
  retour_stmt_bind_int64 (stmt, 4, now_us);
  if (!retour_stmt_run (stmt, error))
    return NULL;

  record = retour_carrier_store_get_live (db, rma_id, error);
  if (record == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND, _("The return is gone."));
      return NULL;
    }
  if (!retour_txn_commit (&txn, error))
    {
      retour_carrier_record_free (record);
      return NULL;
    }

  return record;
}

gboolean
retour_carrier_store_cancel (RetourDatabase  *db,
                             gint64           label_id,
                             gint64           now_us,
                             GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db,
                                  "UPDATE carrier_label SET state = 'cancelled', cancelled_us = ?2 "
                                  "WHERE id = ?1 AND state <> 'cancelled' RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, label_id);
  retour_stmt_bind_int64 (stmt, 2, now_us);

  return retour_stmt_step_row (stmt, _("The carrier label is cancelled already."), error);
}

GPtrArray *
retour_carrier_store_list_open (RetourDatabase  *db,
                                GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " COLUMNS FROM
                                  "WHERE l.state IN ('bought', 'entered') "
                                  "AND l.tracking_state IN ('announced', 'in-transit') "
                                  "AND r.status NOT IN ('cancelled', 'closed', 'rejected', 'expired') "
                                  "ORDER BY coalesce (l.polled_us, 0), l.id",
                                  error);
  if (stmt == NULL)
    return NULL;

  return retour_stmt_collect (stmt, read_record, NULL, (GDestroyNotify) retour_carrier_record_free, error);
}

GPtrArray *
retour_carrier_store_list_exceptions (RetourDatabase  *db,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " COLUMNS FROM
                                  "WHERE l.state IN ('bought', 'entered') AND l.tracking_state = 'exception' "
                                  "AND r.status IN ('authorized', 'in_transit') "
                                  "ORDER BY l.polled_us, l.id",
                                  error);
  if (stmt == NULL)
    return NULL;

  return retour_stmt_collect (stmt, read_record, NULL, (GDestroyNotify) retour_carrier_record_free, error);
}

GPtrArray *
retour_carrier_store_list_delivered (RetourDatabase  *db,
                                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " COLUMNS FROM
                                  "WHERE l.state IN ('bought', 'entered') AND l.tracking_state = 'delivered' "
                                  "AND r.status IN ('authorized', 'in_transit') "
                                  "ORDER BY l.delivered_us, l.id",
                                  error);
  if (stmt == NULL)
    return NULL;

  return retour_stmt_collect (stmt, read_record, NULL, (GDestroyNotify) retour_carrier_record_free, error);
}

static gpointer
read_event (RetourStmt *stmt,
            gpointer    user_data)
{
  RetourCarrierEventRecord *event = g_new0 (RetourCarrierEventRecord, 1);

  event->time_us = retour_stmt_column_int64 (stmt, 0);
  event->code = retour_stmt_dup_text (stmt, 1);
  event->description = dup_or_null (stmt, 2);
  event->state = retour_stmt_dup_text (stmt, 3);

  return event;
}

GPtrArray *
retour_carrier_store_list_events (RetourDatabase  *db,
                                  gint64           label_id,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT time_us, code, description, state FROM carrier_event "
                                  "WHERE label_id = ?1 ORDER BY time_us, id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, label_id);

  return retour_stmt_collect (stmt, read_event, NULL, (GDestroyNotify) retour_carrier_event_record_free, error);
}

gboolean
retour_carrier_store_record_tracking (RetourDatabase  *db,
                                      gint64           label_id,
                                      const char      *tracking_state,
                                      gint64           first_scan_us,
                                      gint64           delivered_us,
                                      GPtrArray       *events,
                                      gint64           now_us,
                                      GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (tracking_state != NULL, FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "UPDATE carrier_label SET tracking_state = ?2, "
                                  "first_scan_us = coalesce (first_scan_us, ?3), "
                                  "delivered_us = coalesce (delivered_us, ?4), "
                                  "polled_us = ?5, poll_error = NULL "
                                  "WHERE id = ?1 RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, label_id);
  retour_stmt_bind_text (stmt, 2, tracking_state);
  retour_stmt_bind_time_or_null (stmt, 3, first_scan_us);
  retour_stmt_bind_time_or_null (stmt, 4, delivered_us);
  retour_stmt_bind_int64 (stmt, 5, now_us);
  if (!retour_stmt_step_row (stmt, _("The carrier label is gone."), error))
    return FALSE;
  g_clear_pointer (&stmt, retour_stmt_release);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      RetourCarrierEventRecord *event = g_ptr_array_index (events, i);

      stmt = retour_database_prepare (db,
                                      "INSERT INTO carrier_event (label_id, time_us, code, description, state) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5) "
                                      "ON CONFLICT (label_id, time_us, code) DO NOTHING",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, label_id);
      retour_stmt_bind_int64 (stmt, 2, event->time_us);
      retour_stmt_bind_text (stmt, 3, event->code);
      retour_stmt_bind_text (stmt, 4, event->description);
      retour_stmt_bind_text (stmt, 5, event->state);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, retour_stmt_release);
    }

  return retour_txn_commit (&txn, error);
}

gboolean
retour_carrier_store_record_poll_error (RetourDatabase  *db,
                                        gint64           label_id,
                                        const char      *message,
                                        gint64           now_us,
                                        GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "UPDATE carrier_label SET polled_us = ?2, poll_error = ?3 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, label_id);
  retour_stmt_bind_int64 (stmt, 2, now_us);
  retour_stmt_bind_text (stmt, 3, message);

  return retour_stmt_run (stmt, error);
}

char *
retour_carrier_store_get_choice (RetourDatabase  *db,
                                 gint64           rma_id,
                                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, "SELECT carrier FROM carrier_choice WHERE rma_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (!retour_stmt_step (stmt, &has_row, error) || !has_row)
    return NULL;

  return retour_stmt_dup_text (stmt, 0);
}

gboolean
retour_carrier_store_set_choice (RetourDatabase  *db,
                                 gint64           rma_id,
                                 const char      *carrier,
                                 GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (carrier == NULL)
    stmt = retour_database_prepare (db, "DELETE FROM carrier_choice WHERE rma_id = ?1", error);
  else
    stmt = retour_database_prepare (db,
                                    "INSERT INTO carrier_choice (rma_id, carrier) VALUES (?1, ?2) "
                                    "ON CONFLICT (rma_id) DO UPDATE SET carrier = excluded.carrier",
                                    error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (carrier != NULL)
    retour_stmt_bind_text (stmt, 2, carrier);

  return retour_stmt_run (stmt, error);
}

/* ------------------------------------------------------------ settings */

char *
retour_carrier_store_setting_key (const char *carrier,
                                  const char *what)
{
  return g_strdup_printf ("carrier-%s-%s", carrier, what);
}

char *
retour_carrier_store_get_default (RetourDatabase  *db,
                                  const char      *country,
                                  GError         **error)
{
  g_autofree char *upper = g_ascii_strup (country != NULL ? country : "", -1);
  g_autofree char *key = g_strconcat ("carrier-default-", upper, NULL);
  g_autofree char *value = NULL;

  if (country == NULL)
    return NULL;

  value = retour_setting_store_get (db, key, "", error);
  if (value == NULL || *value == '\0')
    return NULL;

  return g_steal_pointer (&value);
}

gboolean
retour_carrier_store_set_default (RetourDatabase  *db,
                                  const char      *country,
                                  const char      *carrier,
                                  GError         **error)
{
  g_autofree char *upper = g_ascii_strup (country, -1);
  g_autofree char *key = g_strconcat ("carrier-default-", upper, NULL);

  return retour_setting_store_set (db, key, carrier != NULL ? carrier : "", error);
}

gint64
retour_carrier_store_get_contract_price (RetourDatabase  *db,
                                         const char      *carrier,
                                         GError         **error)
{
  g_autofree char *key = retour_carrier_store_setting_key (carrier, "contract-price");
  g_autofree char *value = retour_setting_store_get (db, key, "", error);
  gint64 price;

  if (value == NULL || *value == '\0' ||
      !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &price, NULL))
    return -1;

  return price;
}

guint
retour_carrier_store_get_weight (RetourDatabase  *db,
                                 GError         **error)
{
  g_autofree char *value = retour_setting_store_get (db, RETOUR_SETTING_CARRIER_WEIGHT, "", error);
  guint64 weight;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 31500, &weight, NULL))
    return RETOUR_CARRIER_DEFAULT_WEIGHT_G;

  return (guint) weight;
}
