/* retour-desk-carrier.c — carriers' return labels at the desk, and
 * following the parcels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-desk"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-catalog-store.h"
#include "retour-connector.h"
#include "retour-desk-carrier.h"
#include "retour-desk.h"
#include "retour-lifecycle.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"

/* ------------------------------------------------------- what to ask */

char *
retour_desk_carrier_for_return (RetourContext    *context,
                                const RetourRma  *rma,
                                GError          **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(GError) local_error = NULL;
  char *carrier;

  carrier = retour_carrier_store_get_choice (db, rma->id, &local_error);
  if (carrier == NULL && local_error == NULL)
    carrier = retour_carrier_store_get_default (db, rma->country, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (carrier == NULL)
    g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                 _("No carrier is chosen for return %s, and none is the default for customers in %s: choose one."),
                 rma->number != NULL ? rma->number : "?", rma->country != NULL ? rma->country : "?");

  return carrier;
}

static char *
setting (RetourDatabase *db,
         const char     *key)
{
  g_autofree char *value = retour_setting_store_get (db, key, "", NULL);

  if (value == NULL)
    return NULL;
  g_strstrip (value);

  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* "3526 KL Utrecht", "75016 Paris", "00-001 Warszawa". */
static void
split_postcode_city (RetourCarrierAddress *address,
                     const char           *line)
{
  g_auto(GStrv) tokens = g_strsplit (line, " ", 3);
  guint n = g_strv_length (tokens);

  /* A Dutch postcode is two tokens, its letters the second. */
  if (n >= 3 && strlen (tokens[0]) == 4 && strlen (tokens[1]) == 2 &&
      g_ascii_isalpha (tokens[1][0]) && g_ascii_isalpha (tokens[1][1]))
    {
      address->postcode = g_strdup_printf ("%s %s", tokens[0], tokens[1]);
      address->city = g_strdup (tokens[2]);
      return;
    }

  address->postcode = g_strdup (tokens[0]);
  address->city = n > 1 ? g_strjoinv (" ", tokens + 1) : NULL;
}

static RetourCarrierAddress *
shop_address (RetourDatabase  *db,
              const char      *carrier,
              GError         **error)
{
  g_autoptr(RetourCarrierAddress) address = retour_carrier_address_new ();
  g_autofree char *street = NULL;
  const RetourCarrierInfo *info = retour_carrier_find_info (carrier);

  address->company = setting (db, RETOUR_SETTING_CARRIER_RETURN_NAME);
  if (address->company != NULL)
    {
      street = setting (db, RETOUR_SETTING_CARRIER_RETURN_STREET);
      address->postcode = setting (db, RETOUR_SETTING_CARRIER_RETURN_POSTCODE);
      address->city = setting (db, RETOUR_SETTING_CARRIER_RETURN_CITY);
    }
  else
    {
      g_autofree char *lines = setting (db, RETOUR_SETTING_RETURN_ADDRESS);
      g_auto(GStrv) parts = g_strsplit (lines != NULL ? lines : "", "\n", -1);

      if (g_strv_length (parts) >= 3)
        {
          address->company = g_strdup (g_strstrip (parts[0]));
          street = g_strdup (g_strstrip (parts[1]));
          split_postcode_city (address, g_strstrip (parts[2]));
        }
    }

  if (address->company == NULL || street == NULL || address->postcode == NULL || address->city == NULL)
    {
      g_set_error_literal (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                           _("The shop’s returns address is incomplete for a carrier: it needs a name, a street with its number, a postcode and a city."));
      return NULL;
    }

  retour_carrier_address_set_line (address, street);
  address->country = setting (db, RETOUR_SETTING_CARRIER_RETURN_COUNTRY);
  if (address->country == NULL)
    address->country = g_strdup (info != NULL ? info->country : "NL");
  address->email = setting (db, RETOUR_SETTING_SHOP_EMAIL);
  address->phone = setting (db, RETOUR_SETTING_CARRIER_RETURN_PHONE);
  address->name = g_strdup (address->company);

  return g_steal_pointer (&address);
}

static char *
blank_to_null (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

RetourLabelRequest *
retour_desk_carrier_request (RetourContext    *context,
                             const RetourRma  *rma,
                             const char       *carrier,
                             GError          **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(RetourLabelRequest) request = retour_label_request_new ();
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  RetourCarrierAddress *sender = request->sender;
  g_autofree char *line = NULL;

  request->now_us = retour_context_now (context);
  if (rma->number == NULL)
    {
      g_set_error_literal (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED,
                           _("The return has no number yet: authorize it first."));
      return NULL;
    }

  if (rma->order_id > 0)
    order = retour_catalog_store_load_order (db, rma->order_id, NULL);
  if (rma->customer_id > 0)
    customer = retour_catalog_store_load_customer (db, rma->customer_id, NULL);

  /* The order's delivery address is where the parcel was; the customer's
   * own when the order has none. */
  if (order != NULL && order->ship_address1 != NULL && *order->ship_address1 != '\0')
    {
      sender->name = blank_to_null (order->ship_name);
      line = g_strdup (order->ship_address1);
      sender->extra = blank_to_null (order->ship_address2);
      sender->postcode = blank_to_null (order->ship_postcode);
      sender->city = blank_to_null (order->ship_city);
      sender->country = blank_to_null (order->ship_country);
    }
  else if (customer != NULL)
    {
      line = g_strdup (customer->address1);
      sender->extra = blank_to_null (customer->address2);
      sender->postcode = blank_to_null (customer->postcode);
      sender->city = blank_to_null (customer->city);
      sender->country = blank_to_null (customer->country);
    }
  if (sender->name == NULL)
    sender->name = blank_to_null (rma->customer_name);
  sender->email = blank_to_null (rma->customer_email);
  sender->phone = blank_to_null (rma->customer_phone);
  if (sender->country == NULL)
    sender->country = blank_to_null (rma->country);

  if (line == NULL || *line == '\0' || sender->postcode == NULL || sender->city == NULL ||
      sender->country == NULL || sender->name == NULL)
    {
      g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                   _("Return %s has no complete address of the customer (name, street, postcode, city, country): enter it on the order or the customer first."),
                   rma->number);
      return NULL;
    }
  retour_carrier_address_set_line (sender, line);

  retour_carrier_address_free (request->receiver);
  request->receiver = shop_address (db, carrier, error);
  if (request->receiver == NULL)
    return NULL;

  request->reference = g_strdup (rma->number);
  request->weight_g = retour_carrier_store_get_weight (db, NULL);

  return g_steal_pointer (&request);
}

/* --------------------------------------------------------- buying one */

typedef struct
{
  RetourContext       *context;
  RetourCarrier       *carrier;
  gint64               rma_id;
  gint64               label_id;
  RetourLabelRequest  *request;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->carrier);
  g_clear_pointer (&data->request, retour_label_request_free);
  g_free (data);
}

/* Keeps the carrier's answer with the return. */
static void
keep_label (GTask              *task,
            RetourCarrierLabel *label)
{
  CreateData *data = g_task_get_task_data (task);
  RetourDatabase *db = retour_context_get_database (data->context);
  const RetourCarrierInfo *info = retour_carrier_get_info (data->carrier);
  g_autofree char *currency = retour_setting_store_get (db, RETOUR_SETTING_CURRENCY, "EUR", NULL);
  gint64 contract = retour_carrier_store_get_contract_price (db, info->id, NULL);
  GError *error = NULL;
  RetourCarrierRecord *record;

  if (!retour_carrier_store_complete (db, data->label_id, label->tracking_number, label->shipment_id, label->pdf,
                                      label->cost_minor, contract,
                                      label->cost_minor >= 0 && label->currency != NULL ? label->currency : currency,
                                      &error) ||
      (record = retour_carrier_store_get (db, data->label_id, &error)) == NULL)
    {
      g_prefix_error (&error, _("%s made label %s, but it could not be kept: "), info->name, label->tracking_number);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, record, (GDestroyNotify) retour_carrier_record_free);
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(RetourCarrierLabel) label = NULL;
  GError *error = NULL;

  label = retour_carrier_create_label_finish (RETOUR_CARRIER (object), result, &error);
  if (label != NULL)
    {
      keep_label (task, label);
      return;
    }

  /* Refused, or never sent: nothing was bought, and the return is as it
   * was. A failure after sending may have bought it: the request stays. */
  if (!g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    retour_carrier_store_abandon (retour_context_get_database (data->context), data->label_id, NULL);

  g_task_return_error (task, error);
}

static void
buy (GTask *task)
{
  CreateData *data = g_task_get_task_data (task);

  retour_carrier_create_label_async (data->carrier, data->request, g_task_get_cancellable (task),
                                     on_created, g_object_ref (task));
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RetourCarrierLabel) label = NULL;
  GError *error = NULL;

  label = retour_carrier_find_label_finish (RETOUR_CARRIER (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (label != NULL)
    keep_label (task, label);
  else
    /* Never made: buying it now buys it once. */
    buy (task);
}

void
retour_desk_create_carrier_label_async (RetourContext        *context,
                                        RetourCarrier        *carrier,
                                        gint64                rma_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  RetourDatabase *db = retour_context_get_database (context);
  const RetourCarrierInfo *info = retour_carrier_get_info (carrier);
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourCarrierRecord) record = NULL;
  CreateData *data = g_new0 (CreateData, 1);
  GError *error = NULL;
  gboolean created;

  g_task_set_source_tag (task, retour_desk_create_carrier_label_async);
  data->context = g_object_ref (context);
  data->carrier = g_object_ref (carrier);
  data->rma_id = rma_id;
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  rma = retour_rma_store_load (db, rma_id, &error);
  if (rma == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* What it has already is the answer, whatever its status now. */
  record = retour_carrier_store_get_live (db, rma_id, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (record != NULL && record->state != RETOUR_CARRIER_LABEL_REQUESTED)
    {
      g_task_return_pointer (task, g_steal_pointer (&record), (GDestroyNotify) retour_carrier_record_free);
      return;
    }

  if (record == NULL && rma->status != RETOUR_RMA_STATUS_AUTHORIZED)
    {
      g_task_return_new_error (task, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOT_EXPECTED,
                               _("Only an authorized return gets a carrier label; %s is %s."),
                               rma->number != NULL ? rma->number : "?",
                               retour_rma_status_get_label (rma->status));
      return;
    }

  data->request = retour_desk_carrier_request (context, rma, info->id, &error);
  if (data->request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&record, retour_carrier_record_free);
  record = retour_carrier_store_begin (db, rma_id, info->id, data->request->reference, retour_context_now (context),
                                       &created, &error);
  if (record == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->label_id = record->id;

  if (created)
    {
      buy (task);
      return;
    }

  if (record->state != RETOUR_CARRIER_LABEL_REQUESTED)
    {
      g_task_return_pointer (task, g_steal_pointer (&record), (GDestroyNotify) retour_carrier_record_free);
      return;
    }

  /* Asked for before, and the answer never came. */
  if (g_strcmp0 (record->carrier, info->id) == 0 && retour_carrier_can_find_label (carrier))
    {
      retour_carrier_find_label_async (carrier, record->reference, cancellable, on_found, g_object_ref (task));
      return;
    }

  {
    const RetourCarrierInfo *asked = retour_carrier_find_info (record->carrier);
    g_autofree char *when = retour_context_format_time (context, record->created_us, "%Y-%m-%d %H:%M");
    const char *name = asked != NULL ? asked->name : record->carrier;

    g_task_return_new_error (task, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_ANSWER_LOST,
                             /* Translators: "A PostNL label for R2612-0001 was asked for on <time>, …" */
                             _("A %s label for %s was asked for on %s and its answer never came; %s cannot be asked whether it made it. Look in its portal: if there is no label, drop the request and ask again."),
                             name, record->reference, when, name);
  }
}

RetourCarrierRecord *
retour_desk_create_carrier_label_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_desk_create_carrier_label_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
retour_desk_forget_carrier_request (RetourContext  *context,
                                    gint64          rma_id,
                                    GError        **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(RetourCarrierRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  record = retour_carrier_store_get_live (db, rma_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (record == NULL || record->state != RETOUR_CARRIER_LABEL_REQUESTED)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("The return has no carrier label waiting for an answer."));
      return FALSE;
    }

  return retour_carrier_store_abandon (db, record->id, error);
}

/* ------------------------------------------------------------ cancel */

typedef struct
{
  RetourContext *context;
  gint64         label_id;
} CancelData;

static void
cancel_data_free (CancelData *data)
{
  g_clear_object (&data->context);
  g_free (data);
}

static void
on_cancelled (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CancelData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!retour_carrier_cancel_label_finish (RETOUR_CARRIER (object), result, &error) ||
      !retour_carrier_store_cancel (retour_context_get_database (data->context), data->label_id,
                                    retour_context_now (data->context), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
retour_desk_cancel_carrier_label_async (RetourContext        *context,
                                        RetourCarrier        *carrier,
                                        gint64                rma_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(RetourCarrierRecord) record = NULL;
  g_autoptr(RetourCarrierLabel) label = retour_carrier_label_new ();
  CancelData *data = g_new0 (CancelData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, retour_desk_cancel_carrier_label_async);
  data->context = g_object_ref (context);
  g_task_set_task_data (task, data, (GDestroyNotify) cancel_data_free);

  record = retour_carrier_store_get_live (retour_context_get_database (context), rma_id, &error);
  if (record == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                             _("The return has no carrier label."));
      g_task_return_error (task, error);
      return;
    }
  data->label_id = record->id;

  /* Nothing at the carrier to cancel: a number staff typed in. */
  if (record->state == RETOUR_CARRIER_LABEL_ENTERED)
    {
      if (!retour_carrier_store_cancel (retour_context_get_database (context), record->id,
                                        retour_context_now (context), &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  label->tracking_number = g_strdup (record->tracking_number);
  label->shipment_id = g_strdup (record->shipment_id);
  retour_carrier_cancel_label_async (carrier, label, cancellable, on_cancelled, g_object_ref (task));
}

gboolean
retour_desk_cancel_carrier_label_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_desk_cancel_carrier_label_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------ entered */

RetourCarrierRecord *
retour_desk_enter_tracking (RetourContext  *context,
                            gint64          rma_id,
                            const char     *carrier,
                            const char     *tracking_number,
                            GError        **error)
{
  g_autofree char *number = NULL;
  const RetourCarrierInfo *info;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (tracking_number != NULL, NULL);

  /* As a scanner or a person types it: any case, spaces. */
  number = g_ascii_strup (tracking_number, -1);
  g_strstrip (number);
  {
    char *to = number;

    for (const char *from = number; *from != '\0'; from++)
      if (*from != ' ')
        *to++ = *from;
    *to = '\0';
  }

  if (carrier == NULL)
    carrier = retour_carrier_guess_from_tracking (number);
  info = retour_carrier_find_info (carrier);
  if (info == NULL)
    {
      g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_UNKNOWN_CARRIER,
                   _("Retour cannot tell the carrier of “%s” from its format: say which carrier it is."), number);
      return NULL;
    }

  return retour_carrier_store_enter (retour_context_get_database (context), rma_id, info->id, number,
                                     retour_context_now (context), error);
}

/* ----------------------------------------------------------- tracking */

gboolean
retour_desk_apply_tracking (RetourContext         *context,
                            gint64                 label_id,
                            const RetourTracking  *tracking,
                            GError               **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_carrier_event_record_free);
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(RetourRma) rma = NULL;
  const RetourCarrierInfo *info;
  gint64 first_scan_us;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (tracking != NULL, FALSE);

  for (guint i = 0; i < tracking->events->len; i++)
    {
      const RetourTrackingEvent *event = g_ptr_array_index (tracking->events, i);
      RetourCarrierEventRecord *record = g_new0 (RetourCarrierEventRecord, 1);

      record->time_us = event->time_us;
      record->code = g_strdup (event->code);
      record->description = g_strdup (event->description);
      record->state = g_strdup (retour_tracking_state_to_string (event->state));
      g_ptr_array_add (events, record);
    }

  if (!retour_database_begin (db, error))
    return FALSE;

  label = retour_carrier_store_get (db, label_id, error);
  if (label == NULL)
    goto failed;
  rma = retour_rma_store_load (db, label->rma_id, error);
  if (rma == NULL)
    goto failed;

  if (!retour_carrier_store_record_tracking (db, label_id, retour_tracking_state_to_string (tracking->state),
                                             tracking->first_scan_us, tracking->delivered_us, events,
                                             retour_context_now (context), error))
    goto failed;

  /* The first scan kept, not a later report's: it is the proof. */
  first_scan_us = label->first_scan_us > 0 ? label->first_scan_us : tracking->first_scan_us;
  info = retour_carrier_find_info (label->carrier);
  if (first_scan_us > 0 &&
      (rma->status == RETOUR_RMA_STATUS_AUTHORIZED || rma->status == RETOUR_RMA_STATUS_IN_TRANSIT) &&
      rma->dispatch_proof_us == 0)
    {
      rma->dispatch_proof_us = first_scan_us;
      if (rma->status == RETOUR_RMA_STATUS_AUTHORIZED)
        {
          g_autofree char *note = g_strdup_printf (_("First scan by %s of parcel %s"),
                                                   info != NULL ? info->name : label->carrier,
                                                   label->tracking_number);

          if (!retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_IN_TRANSIT, retour_context_get_actor (context),
                                            note, retour_context_now (context), error))
            goto failed;
        }
      else if (!retour_rma_store_update (db, rma, retour_context_get_actor (context), error))
        goto failed;
    }

  return retour_database_commit (db, error) || (retour_database_rollback (db), FALSE);

failed:
  retour_database_rollback (db);
  return FALSE;
}

void
retour_track_outcome_free (RetourTrackOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->rma_number);
  g_free (outcome->carrier);
  g_free (outcome->tracking_number);
  g_free (outcome->before);
  g_free (outcome->after);
  g_free (outcome->error);
  g_free (outcome);
}

typedef struct
{
  RetourContext *context;
  GHashTable    *carriers;
  GPtrArray     *labels;     /* RetourCarrierRecord*, to look at */
  guint          next;
  GPtrArray     *outcomes;
  GHashTable    *last_call;  /* carrier id -> monotonic µs of its last call */
} TrackData;

static void
track_data_free (TrackData *data)
{
  g_clear_object (&data->context);
  g_hash_table_unref (data->carriers);
  g_ptr_array_unref (data->labels);
  g_ptr_array_unref (data->outcomes);
  g_hash_table_unref (data->last_call);
  g_free (data);
}

static void track_next (GTask *task);

static void
on_tracked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TrackData *data = g_task_get_task_data (task);
  RetourCarrierRecord *label = g_ptr_array_index (data->labels, data->next);
  RetourTrackOutcome *outcome = g_new0 (RetourTrackOutcome, 1);
  g_autoptr(RetourTracking) tracking = NULL;
  g_autoptr(RetourCarrierRecord) after = NULL;
  GError *error = NULL;

  outcome->rma_id = label->rma_id;
  outcome->rma_number = g_strdup (label->rma_number);
  outcome->carrier = g_strdup (label->carrier);
  outcome->tracking_number = g_strdup (label->tracking_number);
  outcome->before = g_strdup (label->tracking_state);

  tracking = retour_carrier_track_finish (RETOUR_CARRIER (object), result, &error);
  if (tracking == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      retour_track_outcome_free (outcome);
      g_task_return_error (task, error);
      return;
    }

  if (tracking == NULL || !retour_desk_apply_tracking (data->context, label->id, tracking, &error))
    {
      outcome->error = g_strdup (error->message);
      retour_carrier_store_record_poll_error (retour_context_get_database (data->context), label->id,
                                              error->message, retour_context_now (data->context), NULL);
      g_clear_error (&error);
    }

  after = retour_carrier_store_get (retour_context_get_database (data->context), label->id, NULL);
  outcome->after = g_strdup (after != NULL ? after->tracking_state : label->tracking_state);
  outcome->first_scan_us = after != NULL ? after->first_scan_us : 0;
  outcome->delivered_us = after != NULL ? after->delivered_us : 0;
  g_ptr_array_add (data->outcomes, outcome);

  data->next++;
  track_next (task);
}

static gboolean
track_now (gpointer user_data)
{
  GTask *task = user_data;
  TrackData *data = g_task_get_task_data (task);
  RetourCarrierRecord *label = g_ptr_array_index (data->labels, data->next);
  RetourCarrier *carrier = g_hash_table_lookup (data->carriers, label->carrier);

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  g_hash_table_insert (data->last_call, g_strdup (label->carrier), g_memdup2 (&(gint64) { g_get_monotonic_time () },
                                                                              sizeof (gint64)));
  retour_carrier_track_async (carrier, label->tracking_number, g_task_get_cancellable (task), on_tracked,
                              g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
track_next (GTask *task)
{
  TrackData *data = g_task_get_task_data (task);
  RetourCarrierRecord *label;
  RetourCarrier *carrier;
  const RetourCarrierInfo *info;
  gint64 *last;
  gint64 wait_us = 0;
  g_autoptr(GSource) source = NULL;

  if (data->next >= data->labels->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->outcomes), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  label = g_ptr_array_index (data->labels, data->next);
  carrier = g_hash_table_lookup (data->carriers, label->carrier);
  info = retour_carrier_get_info (carrier);

  /* One account's calls keep the carrier's spacing. */
  last = g_hash_table_lookup (data->last_call, label->carrier);
  if (last != NULL)
    wait_us = MAX (*last + (gint64) info->poll_spacing_s * G_USEC_PER_SEC - g_get_monotonic_time (), 0);

  source = g_timeout_source_new ((guint) (wait_us / 1000));
  g_source_set_callback (source, track_now, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

/* The least time between two looks at one parcel of @info's carrier,
 * with @n_open of its parcels to follow: its per-parcel spacing, or its
 * daily budget shared among them. */
static gint64
parcel_spacing_us (const RetourCarrierInfo *info,
                   guint                    n_open)
{
  gint64 spacing = (gint64) info->poll_parcel_s * G_USEC_PER_SEC;

  if (info->calls_per_day > 0)
    spacing = MAX (spacing, (gint64) 86400 * G_USEC_PER_SEC * n_open / info->calls_per_day);

  return spacing;
}

void
retour_desk_track_async (RetourContext        *context,
                         GHashTable           *carriers,
                         const char           *tracking_number,
                         gboolean              force,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  TrackData *data = g_new0 (TrackData, 1);
  gint64 now_us = retour_context_now (context);
  GError *error = NULL;

  g_task_set_source_tag (task, retour_desk_track_async);
  data->context = g_object_ref (context);
  data->carriers = g_hash_table_ref (carriers);
  data->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_carrier_record_free);
  data->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_track_outcome_free);
  data->last_call = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) track_data_free);

  open = retour_carrier_store_list_open (retour_context_get_database (context), &error);
  if (open == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < open->len; i++)
    {
      RetourCarrierRecord *label = g_ptr_array_index (open, i);

      g_hash_table_insert (counts, label->carrier,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, label->carrier)) + 1));
    }

  for (guint i = 0; i < open->len; i++)
    {
      RetourCarrierRecord *label = g_ptr_array_index (open, i);
      RetourCarrier *carrier = g_hash_table_lookup (carriers, label->carrier);

      if (carrier == NULL || label->tracking_number == NULL)
        continue;
      if (tracking_number != NULL && g_ascii_strcasecmp (tracking_number, label->tracking_number) != 0)
        continue;
      if (!force && label->polled_us > 0 &&
          now_us - label->polled_us < parcel_spacing_us (retour_carrier_get_info (carrier),
                                                         GPOINTER_TO_UINT (g_hash_table_lookup (counts, label->carrier))))
        continue;

      g_ptr_array_add (data->labels, g_steal_pointer (&open->pdata[i]));
    }

  track_next (g_steal_pointer (&task));
}

GPtrArray *
retour_desk_track_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_desk_track_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
