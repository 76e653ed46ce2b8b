/* retour-carrier-inpost.c — InPost ShipX return shipments and tracking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A return is a courier shipment (inpost_courier_standard) from the
 * customer to the shop: POST /v1/organizations/{org}/shipments with the
 * RMA number in "reference". ShipX buys it in the background: the
 * shipment is "created", then "confirmed" with its tracking number,
 * read with GET /v1/shipments/{id}; then GET /v1/shipments/{id}/label
 * gives the PDF itself (A6). Its price is calculated_charge_amount. A
 * label whose answer was lost is found again by its reference
 * (GET /v1/organizations/{org}/shipments?reference=…), and a shipment is
 * cancelled with DELETE /v1/shipments/{id} until the parcel is handed
 * in. All with "Authorization: Bearer"; tracking,
 * GET /v1/tracking/{number}, is public.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-carrier-private.h"
#include "retour-connector.h"

/* How often, and how far apart, a new shipment is read until ShipX has
 * bought it. */
#define CONFIRM_READS 10
#define CONFIRM_SPACING_MS 500

#define RETOUR_TYPE_INPOST_CARRIER (retour_inpost_carrier_get_type ())
G_DECLARE_FINAL_TYPE (RetourInpostCarrier, retour_inpost_carrier, RETOUR, INPOST_CARRIER, GObject)

struct _RetourInpostCarrier
{
  GObject               parent_instance;

  RetourHttp           *http;
  RetourCarrierAccount *account;
  char                 *authorization;
};

static void retour_inpost_carrier_iface_init (RetourCarrierInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourInpostCarrier, retour_inpost_carrier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_CARRIER, retour_inpost_carrier_iface_init))

static const RetourCarrierInfo *
get_info (RetourCarrier *self)
{
  return retour_carrier_find_info ("inpost");
}

/* The first leaf of "details": {"sender": {"address": {"post_code":
 * ["invalid"]}}}, its path and its words. */
static gboolean
first_detail (JsonNode  *node,
              GString   *path,
              char     **words)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          gsize length = path->len;

          g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", (const char *) l->data);
          if (first_detail (json_object_get_member (json_node_get_object (node), l->data), path, words))
            return TRUE;
          g_string_truncate (path, length);
        }
      return FALSE;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (first_detail (json_array_get_element (array, i), path, words))
          return TRUE;
      return FALSE;
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *words = g_strdup (json_node_get_string (node));
      return TRUE;
    }

  return FALSE;
}

static void
refusal (const RetourCarrierInfo  *info,
         RetourHttpResponse       *response,
         GError                  **error)
{
  static const struct { const char *name; RetourCarrierField field; } fields[] = {
    { "post_code", RETOUR_CARRIER_FIELD_POSTCODE },
    { "street", RETOUR_CARRIER_FIELD_STREET },
    { "building_number", RETOUR_CARRIER_FIELD_HOUSE_NUMBER },
    { "city", RETOUR_CARRIER_FIELD_CITY },
    { "country_code", RETOUR_CARRIER_FIELD_COUNTRY },
    { "email", RETOUR_CARRIER_FIELD_EMAIL },
    { "phone", RETOUR_CARRIER_FIELD_PHONE },
    { "name", RETOUR_CARRIER_FIELD_NAME },
    { "company_name", RETOUR_CARRIER_FIELD_NAME },
    { "reference", RETOUR_CARRIER_FIELD_REFERENCE },
    { "weight", RETOUR_CARRIER_FIELD_WEIGHT },
  };
  g_autoptr(JsonNode) root = retour_carrier_parse_json (info, response->body, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *details = object != NULL ? json_object_get_member (object, "details") : NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *words = NULL;
  const char *message = retour_carrier_json_string (object, "message");

  if (details != NULL && first_detail (details, path, &words))
    {
      g_auto(GStrv) parts = g_strsplit (path->str, ".", -1);
      guint n = g_strv_length (parts);
      RetourCarrierParty party = RETOUR_CARRIER_PARTY_NONE;
      RetourCarrierField field = RETOUR_CARRIER_FIELD_OTHER;
      g_autofree char *detail = NULL;

      if (n > 0 && strcmp (parts[0], "sender") == 0)
        party = RETOUR_CARRIER_PARTY_SENDER;
      else if (n > 0 && strcmp (parts[0], "receiver") == 0)
        party = RETOUR_CARRIER_PARTY_RECEIVER;
      for (guint i = 0; n > 0 && i < G_N_ELEMENTS (fields); i++)
        if (strcmp (parts[n - 1], fields[i].name) == 0 ||
            (n > 1 && strcmp (parts[n - 2], fields[i].name) == 0))
          field = fields[i].field;

      /* ShipX's words are keys ("invalid", "too_long"): keep the path
       * with them, which says more to whoever reads the message. */
      detail = g_strdup_printf ("%s (%s)", words, path->str);
      retour_carrier_set_field_error (error, info->name, party, field, detail);
      return;
    }

  if (message != NULL)
    g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("%s refused the request: %s"), info->name, message);
}

static const char *
base_url (RetourInpostCarrier *self)
{
  return self->account->base_url != NULL ? self->account->base_url : RETOUR_INPOST_URL;
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_party (JsonBuilder                *builder,
           const char                 *member,
           const RetourCarrierAddress *address)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_member (builder, "name", address->name);
  add_member (builder, "company_name", address->company);
  add_member (builder, "email", address->email);
  add_member (builder, "phone", address->phone);
  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  add_member (builder, "street", address->street != NULL ? address->street : "");
  add_member (builder, "building_number", address->house_number != NULL ? address->house_number : "");
  add_member (builder, "line2", address->extra);
  add_member (builder, "city", address->city != NULL ? address->city : "");
  add_member (builder, "post_code", address->postcode != NULL ? address->postcode : "");
  add_member (builder, "country_code", address->country != NULL ? address->country : "");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* --------------------------------------- a shipment until its label */

typedef struct
{
  char               *id;
  guint               reads;
  RetourCarrierLabel *label;
  RetourCarrierCall   call;
} Job;

static void
job_free (Job *job)
{
  g_free (job->id);
  g_clear_pointer (&job->label, retour_carrier_label_free);
  g_free (job);
}

static void read_shipment (GTask *task);

static gboolean
read_again (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    read_shipment (g_object_ref (task));

  return G_SOURCE_REMOVE;
}

static void
on_pdf (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!retour_carrier_is_pdf (response->body))
    {
      retour_carrier_invalid_reply (job->call.info, _("the label is not a PDF"), &error);
      g_task_return_error (task, error);
      return;
    }

  job->label->pdf = g_bytes_ref (response->body);
  g_task_return_pointer (task, g_steal_pointer (&job->label), (GDestroyNotify) retour_carrier_label_free);
}

/* Reads the shipment @job->id: once bought, its label. */
static gboolean
take_shipment (GTask       *task,
               JsonObject  *shipment,
               GError     **error)
{
  RetourInpostCarrier *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  const char *status = retour_carrier_json_string (shipment, "status");
  const char *tracking = retour_carrier_json_string (shipment, "tracking_number");
  JsonNode *charge = json_object_get_member (shipment, "calculated_charge_amount");
  g_autofree char *url = NULL;
  const char *headers[] = { "Authorization", self->authorization, "Accept", "application/pdf", NULL };
  RetourHttpRequest request = { .method = "GET", .headers = headers, .idempotent = TRUE };

  if (status == NULL)
    return retour_carrier_invalid_reply (job->call.info, _("a shipment without status"), error);

  if (g_strcmp0 (status, "canceled") == 0)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                   _("%s cancelled the shipment before its label was made."), job->call.info->name);
      return FALSE;
    }

  /* Not bought yet: read it again a little later. */
  if (tracking == NULL || g_strcmp0 (status, "created") == 0 || g_strcmp0 (status, "offers_prepared") == 0)
    {
      g_autoptr(GSource) source = NULL;

      if (job->reads >= CONFIRM_READS)
        {
          g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                       _("%s has not finished the shipment yet; try again in a few minutes."),
                       job->call.info->name);
          return FALSE;
        }
      /* The wait holds the task: the reply that led here lets go of it. */
      source = g_timeout_source_new (CONFIRM_SPACING_MS);
      g_source_set_callback (source, read_again, g_object_ref (task), g_object_unref);
      g_source_attach (source, g_task_get_context (task));
      return TRUE;
    }

  job->label = retour_carrier_label_new ();
  job->label->tracking_number = g_strdup (tracking);
  job->label->shipment_id = g_strdup (job->id);
  if (charge != NULL && JSON_NODE_HOLDS_VALUE (charge))
    {
      double amount = json_node_get_value_type (charge) == G_TYPE_STRING
                      ? g_ascii_strtod (json_node_get_string (charge), NULL)
                      : json_node_get_double (charge);

      job->label->cost_minor = (gint64) (amount * 100 + 0.5);
      job->label->currency = g_strdup ("PLN");
    }

  url = g_strdup_printf ("%s/v1/shipments/%s/label?format=pdf&type=A6", base_url (self), job->id);
  request.url = url;
  retour_carrier_send_async (self, self->http, &job->call, &request, g_task_get_cancellable (task),
                             on_pdf, g_object_ref (task));
  return TRUE;
}

static void
on_shipment (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (job->call.info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    retour_carrier_invalid_reply (job->call.info, _("the shipment is not an object"), &error);
  else
    take_shipment (task, json_node_get_object (root), &error);
  if (error != NULL)
    g_task_return_error (task, error);
}

static void
read_shipment (GTask *task)
{
  RetourInpostCarrier *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *url = g_strdup_printf ("%s/v1/shipments/%s", base_url (self), job->id);
  const char *headers[] = { "Authorization", self->authorization, NULL };
  RetourHttpRequest request = { .method = "GET", .url = url, .headers = headers, .idempotent = TRUE };

  job->reads++;
  retour_carrier_send_async (self, self->http, &job->call, &request, g_task_get_cancellable (task),
                             on_shipment, task);
}

static gboolean
take_id (GTask       *task,
         JsonObject  *shipment,
         GError     **error)
{
  Job *job = g_task_get_task_data (task);
  JsonNode *id = shipment != NULL ? json_object_get_member (shipment, "id") : NULL;

  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
    return retour_carrier_invalid_reply (job->call.info, _("a shipment without id"), error);

  job->id = json_node_get_value_type (id) == G_TYPE_STRING ? g_strdup (json_node_get_string (id))
                                                           : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  return TRUE;
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (job->call.info, response->body, &error)) == NULL ||
      !take_id (task, JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* From here on a GET: it may be sent again. */
  job->call.is_post = FALSE;
  if (!take_shipment (task, json_node_get_object (root), &error))
    g_task_return_error (task, error);
  g_object_unref (task);
}

static GTask *
new_job (RetourInpostCarrier *self,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, source_tag);
  job->call.info = get_info (RETOUR_CARRIER (self));
  job->call.refusal = refusal;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  return task;
}

static void
create_label_async (RetourCarrier            *carrier,
                    const RetourLabelRequest *request,
                    GCancellable             *cancellable,
                    GAsyncReadyCallback       callback,
                    gpointer                  user_data)
{
  RetourInpostCarrier *self = RETOUR_INPOST_CARRIER (carrier);
  GTask *task = new_job (self, create_label_async, cancellable, callback, user_data);
  Job *job = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *escaped = g_uri_escape_string (self->account->account, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/v1/organizations/%s/shipments", base_url (self), escaped);
  g_autofree char *weight = g_strdup_printf ("%.3f", MAX (request->weight_g, 1) / 1000.0);
  const char *headers[] = { "Authorization", self->authorization, NULL };
  RetourHttpRequest http_request = {
    .method = "POST", .url = url, .content_type = "application/json", .headers = headers,
  };

  job->call.is_post = TRUE;

  json_builder_begin_object (builder);
  add_party (builder, "sender", request->sender);
  add_party (builder, "receiver", request->receiver);
  json_builder_set_member_name (builder, "parcels");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  /* Template B fits most returns; the courier takes any size up to it. */
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder, "medium");
  json_builder_set_member_name (builder, "weight");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, weight);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, "kg");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "inpost_courier_standard");
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, request->reference);
  json_builder_end_object (builder);

  body = retour_carrier_builder_bytes (builder);
  http_request.body = body;
  retour_carrier_send_async (self, self->http, &job->call, &http_request, cancellable, on_created, task);
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonNode *items = NULL;
  JsonObject *found = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (job->call.info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    items = json_object_get_member (json_node_get_object (root), "items");
  for (guint i = 0; items != NULL && JSON_NODE_HOLDS_ARRAY (items) &&
                    i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (items), i);
      JsonObject *shipment = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (shipment != NULL && g_strcmp0 (retour_carrier_json_string (shipment, "status"), "canceled") != 0)
        {
          found = shipment;
          break;
        }
    }

  if (found == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else if (!take_id (task, found, &error) || !take_shipment (task, found, &error))
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
find_label_async (RetourCarrier       *carrier,
                  const char          *reference,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  RetourInpostCarrier *self = RETOUR_INPOST_CARRIER (carrier);
  GTask *task = new_job (self, find_label_async, cancellable, callback, user_data);
  Job *job = g_task_get_task_data (task);
  g_autofree char *organization = g_uri_escape_string (self->account->account, NULL, FALSE);
  g_autofree char *escaped = g_uri_escape_string (reference, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/v1/organizations/%s/shipments?reference=%s",
                                          base_url (self), organization, escaped);
  const char *headers[] = { "Authorization", self->authorization, NULL };
  RetourHttpRequest request = { .method = "GET", .url = url, .headers = headers, .idempotent = TRUE };

  retour_carrier_send_async (self, self->http, &job->call, &request, cancellable, on_found, task);
}

static void
on_cancelled (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RetourHttpResponse) response = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL)
    {
      /* ShipX refuses once the parcel is handed in. */
      if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED))
        {
          g_autofree char *message = g_strdup (error->message);

          g_clear_error (&error);
          g_set_error (&error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_CANNOT_CANCEL,
                       _("InPost no longer cancels this shipment: %s"), message);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
cancel_label_async (RetourCarrier            *carrier,
                    const RetourCarrierLabel *label,
                    GCancellable             *cancellable,
                    GAsyncReadyCallback       callback,
                    gpointer                  user_data)
{
  RetourInpostCarrier *self = RETOUR_INPOST_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = NULL;
  const char *headers[] = { "Authorization", self->authorization, NULL };
  RetourCarrierCall call = { .info = get_info (carrier), .refusal = refusal };
  RetourHttpRequest request = { .method = "DELETE", .headers = headers, .idempotent = TRUE };

  g_task_set_source_tag (task, cancel_label_async);
  if (label->shipment_id == NULL)
    {
      g_task_return_new_error (task, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_CANNOT_CANCEL,
                               _("The label has no InPost shipment id to cancel."));
      g_object_unref (task);
      return;
    }

  url = g_strdup_printf ("%s/v1/shipments/%s", base_url (self), label->shipment_id);
  request.url = url;
  retour_carrier_send_async (self, self->http, &call, &request, cancellable, on_cancelled, task);
}

static RetourTrackingState
status_state (const char *status)
{
  static const char * const announced[] = {
    "created", "offers_prepared", "offer_selected", "confirmed", NULL,
  };
  static const char * const exceptions[] = {
    "returned_to_sender", "undelivered", "rejected_by_receiver", "claimed",
    "missing", "canceled", "undelivered_wrong_address", NULL,
  };

  if (g_strv_contains (announced, status))
    return RETOUR_TRACKING_ANNOUNCED;
  if (g_strcmp0 (status, "delivered") == 0)
    return RETOUR_TRACKING_DELIVERED;
  if (g_strv_contains (exceptions, status))
    return RETOUR_TRACKING_EXCEPTION;
  return RETOUR_TRACKING_IN_TRANSIT;
}

static void
on_tracked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const RetourCarrierInfo *info = get_info (NULL);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(RetourTracking) tracking = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonNode *details = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    details = json_object_get_member (json_node_get_object (root), "tracking_details");
  if (details == NULL || !JSON_NODE_HOLDS_ARRAY (details))
    {
      retour_carrier_invalid_reply (info, _("no tracking details"), &error);
      g_task_return_error (task, error);
      return;
    }

  tracking = retour_tracking_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (details)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (details), i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *status = retour_carrier_json_string (event, "status");
      gint64 time_us = retour_carrier_parse_iso_time (retour_carrier_json_string (event, "datetime"));

      if (status == NULL || time_us == 0)
        continue;
      retour_carrier_add_event (tracking, time_us, status, retour_carrier_json_string (event, "origin_status"),
                                status_state (status));
    }
  retour_tracking_settle (tracking);

  g_task_return_pointer (task, g_steal_pointer (&tracking), (GDestroyNotify) retour_tracking_free);
}

static void
track_async (RetourCarrier       *carrier,
             const char          *tracking_number,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  RetourInpostCarrier *self = RETOUR_INPOST_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (tracking_number, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/v1/tracking/%s",
                                          self->account->tracking_url != NULL ? self->account->tracking_url
                                                                               : base_url (self),
                                          escaped);
  RetourCarrierCall call = { .info = get_info (carrier), .refusal = refusal };
  RetourHttpRequest request = { .method = "GET", .url = url, .idempotent = TRUE };

  g_task_set_source_tag (task, track_async);
  retour_carrier_send_async (self, self->http, &call, &request, cancellable, on_tracked, task);
}

static void
retour_inpost_carrier_iface_init (RetourCarrierInterface *iface)
{
  iface->get_info = get_info;
  iface->create_label_async = create_label_async;
  iface->find_label_async = find_label_async;
  iface->cancel_label_async = cancel_label_async;
  iface->track_async = track_async;
}

static void
retour_inpost_carrier_finalize (GObject *object)
{
  RetourInpostCarrier *self = RETOUR_INPOST_CARRIER (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->account, retour_carrier_account_free);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (retour_inpost_carrier_parent_class)->finalize (object);
}

static void
retour_inpost_carrier_class_init (RetourInpostCarrierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_inpost_carrier_finalize;
}

static void
retour_inpost_carrier_init (RetourInpostCarrier *self)
{
}

RetourCarrier *
retour_inpost_carrier_new (RetourHttp                 *http,
                           const RetourCarrierAccount *account)
{
  RetourInpostCarrier *self = g_object_new (RETOUR_TYPE_INPOST_CARRIER, NULL);

  self->http = g_object_ref (http);
  self->account = retour_carrier_account_copy (account);
  self->authorization = g_strconcat ("Bearer ", account->key, NULL);

  return RETOUR_CARRIER (self);
}
