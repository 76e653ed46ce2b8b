/* retour-carrier-postnl.c — PostNL's return labels and tracking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels: POST /shipment/delivery/v4/return/generate (sender the
 * customer, receiver the shop with its customer number and code, the RMA
 * number in items[].customerReferences.shipmentReference), PDF in
 * base64 in items[].labels[].label. Tracking:
 * GET /shipment/v2/status/barcode/{barcode}?detail=true, its status
 * history in CompleteStatus.Shipment.OldStatus and .Status. Both with
 * the header "apikey". PostNL has no call that cancels a label, and
 * none that gives a label's PDF again.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-carrier-private.h"
#include "retour-connector.h"

#define RETOUR_TYPE_POSTNL_CARRIER (retour_postnl_carrier_get_type ())
G_DECLARE_FINAL_TYPE (RetourPostnlCarrier, retour_postnl_carrier, RETOUR, POSTNL_CARRIER, GObject)

struct _RetourPostnlCarrier
{
  GObject               parent_instance;

  RetourHttp           *http;
  RetourCarrierAccount *account;
};

static void retour_postnl_carrier_iface_init (RetourCarrierInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPostnlCarrier, retour_postnl_carrier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_CARRIER, retour_postnl_carrier_iface_init))

static const RetourCarrierInfo *
get_info (RetourCarrier *self)
{
  return retour_carrier_find_info ("postnl");
}

/* {"errors": [{"field": "sender.address.postalCode", "message": …}]},
 * else {"title": …, "detail": …}. */
static void
refusal (const RetourCarrierInfo  *info,
         RetourHttpResponse       *response,
         GError                  **error)
{
  static const struct { const char *suffix; RetourCarrierField field; } fields[] = {
    { "address.postalCode", RETOUR_CARRIER_FIELD_POSTCODE },
    { "address.street", RETOUR_CARRIER_FIELD_STREET },
    { "address.houseNumber", RETOUR_CARRIER_FIELD_HOUSE_NUMBER },
    { "address.city", RETOUR_CARRIER_FIELD_CITY },
    { "address.countryIso", RETOUR_CARRIER_FIELD_COUNTRY },
    { "contact.email", RETOUR_CARRIER_FIELD_EMAIL },
    { "contact.lastName", RETOUR_CARRIER_FIELD_NAME },
    { "customerReferences.shipmentReference", RETOUR_CARRIER_FIELD_REFERENCE },
    { "dimensions.weight", RETOUR_CARRIER_FIELD_WEIGHT },
  };
  g_autoptr(JsonNode) root = retour_carrier_parse_json (info, response->body, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *errors = object != NULL ? json_object_get_member (object, "errors") : NULL;

  if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) &&
      json_array_get_length (json_node_get_array (errors)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (errors), 0);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
      const char *path = retour_carrier_json_string (entry, "field");
      const char *message = retour_carrier_json_string (entry, "message");
      RetourCarrierParty party = RETOUR_CARRIER_PARTY_NONE;
      RetourCarrierField field = RETOUR_CARRIER_FIELD_OTHER;

      if (path != NULL && g_str_has_prefix (path, "sender."))
        party = RETOUR_CARRIER_PARTY_SENDER;
      else if (path != NULL && g_str_has_prefix (path, "receiver."))
        party = RETOUR_CARRIER_PARTY_RECEIVER;
      for (guint i = 0; path != NULL && i < G_N_ELEMENTS (fields); i++)
        if (g_str_has_suffix (path, fields[i].suffix))
          field = fields[i].field;

      retour_carrier_set_field_error (error, info->name, party, field, message);
      return;
    }

  if (object != NULL && retour_carrier_json_string (object, "detail") != NULL)
    g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                 _("%s refused the request: %s"), info->name, retour_carrier_json_string (object, "detail"));
}

static const char *
base_url (RetourPostnlCarrier *self)
{
  return self->account->base_url != NULL ? self->account->base_url : RETOUR_POSTNL_URL;
}

static void
add_address (JsonBuilder                *builder,
             const RetourCarrierAddress *address,
             gboolean                    contact)
{
  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "countryIso");
  json_builder_add_string_value (builder, address->country != NULL ? address->country : "");
  if (address->company != NULL)
    {
      json_builder_set_member_name (builder, "companyName");
      json_builder_add_string_value (builder, address->company);
    }
  json_builder_set_member_name (builder, "street");
  json_builder_add_string_value (builder, address->street != NULL ? address->street : "");
  if (address->house_number != NULL)
    {
      json_builder_set_member_name (builder, "houseNumber");
      json_builder_add_string_value (builder, address->house_number);
    }
  json_builder_set_member_name (builder, "postalCode");
  json_builder_add_string_value (builder, address->postcode != NULL ? address->postcode : "");
  json_builder_set_member_name (builder, "city");
  json_builder_add_string_value (builder, address->city != NULL ? address->city : "");
  json_builder_end_object (builder);

  if (!contact)
    return;

  json_builder_set_member_name (builder, "contact");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lastName");
  json_builder_add_string_value (builder, address->name != NULL ? address->name : "");
  if (address->email != NULL)
    {
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, address->email);
    }
  if (address->phone != NULL)
    {
      json_builder_set_member_name (builder, "mobileNumber");
      json_builder_add_string_value (builder, address->phone);
    }
  json_builder_end_object (builder);
}

static void
on_label (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const RetourCarrierInfo *info = get_info (NULL);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *item = NULL;
  JsonArray *labels = NULL;
  const char *content = NULL;
  gsize length = 0;
  guchar *pdf;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "items") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "items")))
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");

      if (json_array_get_length (items) > 0 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
        item = json_array_get_object_element (items, 0);
    }
  if (item != NULL && json_object_has_member (item, "labels") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, "labels")))
    labels = json_object_get_array_member (item, "labels");
  if (labels != NULL && json_array_get_length (labels) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (labels, 0)))
    content = retour_carrier_json_string (json_array_get_object_element (labels, 0), "label");

  label = retour_carrier_label_new ();
  label->tracking_number = g_strdup (retour_carrier_json_string (item, "barcode"));
  if (label->tracking_number == NULL || content == NULL)
    {
      retour_carrier_invalid_reply (info, _("no barcode or no label"), &error);
      g_task_return_error (task, error);
      return;
    }

  pdf = g_base64_decode (content, &length);
  label->pdf = g_bytes_new_take (pdf, length);
  if (!retour_carrier_is_pdf (label->pdf))
    {
      retour_carrier_invalid_reply (info, _("the label is not a PDF"), &error);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&label), (GDestroyNotify) retour_carrier_label_free);
}

static void
create_label_async (RetourCarrier            *carrier,
                    const RetourLabelRequest *request,
                    GCancellable             *cancellable,
                    GAsyncReadyCallback       callback,
                    gpointer                  user_data)
{
  RetourPostnlCarrier *self = RETOUR_POSTNL_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = g_strconcat (base_url (self), "/shipment/delivery/v4/return/generate", NULL);
  const char *headers[] = { "apikey", self->account->key, NULL };
  RetourCarrierCall call = { .info = get_info (carrier), .is_post = TRUE, .refusal = refusal };
  RetourHttpRequest http_request = {
    .method = "POST", .url = url, .content_type = "application/json", .headers = headers,
  };

  g_task_set_source_tag (task, create_label_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sender");
  json_builder_begin_object (builder);
  add_address (builder, request->sender, TRUE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "receiver");
  json_builder_begin_object (builder);
  add_address (builder, request->receiver, FALSE);
  json_builder_set_member_name (builder, "customerNumber");
  json_builder_add_string_value (builder, self->account->account);
  json_builder_set_member_name (builder, "customerCode");
  json_builder_add_string_value (builder, self->account->code);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "labelSettings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outputType");
  json_builder_add_string_value (builder, "pdf");
  json_builder_set_member_name (builder, "resolution");
  json_builder_add_string_value (builder, "300");
  json_builder_set_member_name (builder, "printMethod");
  /* Dutch customers hand the parcel in at a point, which prints nothing. */
  json_builder_add_string_value (builder, "retailPrint");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "shipmentType");
  json_builder_add_string_value (builder, "parcel");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dimensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "weight");
  json_builder_add_int_value (builder, MAX (request->weight_g, 1));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "customerReferences");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shipmentReference");
  json_builder_add_string_value (builder, request->reference);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  body = retour_carrier_builder_bytes (builder);
  http_request.body = body;
  retour_carrier_send_async (self, self->http, &call, &http_request, cancellable, on_label, task);
}

/* PostNL's status codes; see docs/decisions.md. */
static RetourTrackingState
status_state (gint64 code)
{
  switch (code)
    {
    case 1:    /* pre-announced */
    case 13:   /* pre-announced, not yet accepted */
      return RETOUR_TRACKING_ANNOUNCED;
    case 11:   /* delivered */
      return RETOUR_TRACKING_DELIVERED;
    case 14:   /* refused for good */
    case 17:   /* returned to the sender */
    case 18:   /* damaged */
      return RETOUR_TRACKING_EXCEPTION;
    default:
      return RETOUR_TRACKING_IN_TRANSIT;
    }
}

static void
add_status (RetourTracking *tracking,
            JsonNode       *node)
{
  JsonObject *status = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *code = retour_carrier_json_string (status, "StatusCode");
  gint64 time_us;

  if (code == NULL)
    return;

  time_us = retour_carrier_parse_local_time (retour_carrier_json_string (status, "TimeStamp"),
                                             "dmYHMS", "Europe/Amsterdam");
  if (time_us == 0)
    return;

  retour_carrier_add_event (tracking, time_us, code, retour_carrier_json_string (status, "StatusDescription"),
                            status_state (g_ascii_strtoll (code, NULL, 10)));
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
  JsonObject *complete = NULL;
  JsonObject *shipment = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), "CompleteStatus");

      complete = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  if (complete != NULL)
    {
      JsonNode *node = json_object_get_member (complete, "Shipment");

      /* One parcel is an object; a multi-collo shipment an array. */
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
        node = json_array_get_element (json_node_get_array (node), 0);
      shipment = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  if (shipment == NULL)
    {
      retour_carrier_invalid_reply (info, _("no shipment in the status"), &error);
      g_task_return_error (task, error);
      return;
    }

  tracking = retour_tracking_new ();
  if (json_object_has_member (shipment, "OldStatus") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (shipment, "OldStatus")))
    {
      JsonArray *old = json_object_get_array_member (shipment, "OldStatus");

      for (guint i = 0; i < json_array_get_length (old); i++)
        add_status (tracking, json_array_get_element (old, i));
    }
  add_status (tracking, json_object_get_member (shipment, "Status"));
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
  RetourPostnlCarrier *self = RETOUR_POSTNL_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (tracking_number, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/shipment/v2/status/barcode/%s?detail=true",
                                          self->account->tracking_url != NULL ? self->account->tracking_url
                                                                               : base_url (self),
                                          escaped);
  const char *headers[] = { "apikey", self->account->key, NULL };
  RetourCarrierCall call = { .info = get_info (carrier), .refusal = refusal };
  RetourHttpRequest http_request = { .method = "GET", .url = url, .headers = headers, .idempotent = TRUE };

  g_task_set_source_tag (task, track_async);
  retour_carrier_send_async (self, self->http, &call, &http_request, cancellable, on_tracked, task);
}

static void
retour_postnl_carrier_iface_init (RetourCarrierInterface *iface)
{
  iface->get_info = get_info;
  iface->create_label_async = create_label_async;
  iface->track_async = track_async;
}

static void
retour_postnl_carrier_finalize (GObject *object)
{
  RetourPostnlCarrier *self = RETOUR_POSTNL_CARRIER (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->account, retour_carrier_account_free);

  G_OBJECT_CLASS (retour_postnl_carrier_parent_class)->finalize (object);
}

static void
retour_postnl_carrier_class_init (RetourPostnlCarrierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_postnl_carrier_finalize;
}

static void
retour_postnl_carrier_init (RetourPostnlCarrier *self)
{
}

RetourCarrier *
retour_postnl_carrier_new (RetourHttp                 *http,
                           const RetourCarrierAccount *account)
{
  RetourPostnlCarrier *self = g_object_new (RETOUR_TYPE_POSTNL_CARRIER, NULL);

  self->http = g_object_ref (http);
  self->account = retour_carrier_account_copy (account);

  return RETOUR_CARRIER (self);
}
