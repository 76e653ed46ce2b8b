/* retour-carrier-dhl.c — DHL Paket's return labels (Retoure API v1) and
 * tracking (Shipment Tracking – Unified).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels: POST /parcel/de/shipping/returns/v1/orders?labelType=SHIPMENT_LABEL
 * with the headers "dhl-api-key" and HTTP Basic (the Business Customer
 * Portal's system user): no token to keep alive, and DHL refuses a
 * request with both that and a bearer token. The RMA number goes in
 * customerReference, of which the label prints 30 characters; the PDF
 * comes in base64 in label.b64. Tracking:
 * GET /track/shipments?trackingNumber=…&service=parcel-de with the
 * header "DHL-API-Key", at most one call each 5 seconds and 250 a day
 * on the default plan. DHL has no call that cancels a return label, nor
 * one that finds it again.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-carrier-private.h"
#include "retour-connector.h"

#define RETOUR_TYPE_DHL_CARRIER (retour_dhl_carrier_get_type ())
G_DECLARE_FINAL_TYPE (RetourDhlCarrier, retour_dhl_carrier, RETOUR, DHL_CARRIER, GObject)

struct _RetourDhlCarrier
{
  GObject               parent_instance;

  RetourHttp           *http;
  RetourCarrierAccount *account;
  char                 *authorization;
};

static void retour_dhl_carrier_iface_init (RetourCarrierInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourDhlCarrier, retour_dhl_carrier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_CARRIER, retour_dhl_carrier_iface_init))

static const RetourCarrierInfo *
get_info (RetourCarrier *self)
{
  return retour_carrier_find_info ("dhl");
}

/* application/problem+json: {"title", "status", "detail"}; a field's
 * refusal has a detail starting with its path ("shipper.postalCode: …"). */
static void
refusal (const RetourCarrierInfo  *info,
         RetourHttpResponse       *response,
         GError                  **error)
{
  static const struct { const char *path; RetourCarrierParty party; RetourCarrierField field; } fields[] = {
    { "shipper.name1", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_NAME },
    { "shipper.addressStreet", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_STREET },
    { "shipper.addressHouse", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_HOUSE_NUMBER },
    { "shipper.postalCode", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_POSTCODE },
    { "shipper.city", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_CITY },
    { "shipper.country", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_COUNTRY },
    { "shipper.email", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_EMAIL },
    { "customerReference", RETOUR_CARRIER_PARTY_NONE, RETOUR_CARRIER_FIELD_REFERENCE },
    { "itemWeight", RETOUR_CARRIER_PARTY_NONE, RETOUR_CARRIER_FIELD_WEIGHT },
    { "receiverId", RETOUR_CARRIER_PARTY_RECEIVER, RETOUR_CARRIER_FIELD_OTHER },
  };
  g_autoptr(JsonNode) root = retour_carrier_parse_json (info, response->body, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *detail = retour_carrier_json_string (object, "detail");

  if (detail == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gsize length = strlen (fields[i].path);

      if (strncmp (detail, fields[i].path, length) == 0 && detail[length] == ':')
        {
          const char *rest = detail + length + 1;

          while (*rest == ' ')
            rest++;
          retour_carrier_set_field_error (error, info->name, fields[i].party, fields[i].field, rest);
          return;
        }
    }

  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
               _("%s refused the request: %s"), info->name, detail);
}

static const char *
base_url (RetourDhlCarrier *self)
{
  return self->account->base_url != NULL ? self->account->base_url : RETOUR_DHL_URL;
}

/* DHL checks fields that are present but empty: leave them out. */
static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
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
  JsonObject *reply = NULL;
  JsonNode *pdf_node = NULL;
  const char *content = NULL;
  GError *error = NULL;
  gsize length = 0;
  guchar *pdf;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  reply = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  pdf_node = reply != NULL ? json_object_get_member (reply, "label") : NULL;
  if (pdf_node != NULL && JSON_NODE_HOLDS_OBJECT (pdf_node))
    content = retour_carrier_json_string (json_node_get_object (pdf_node), "b64");

  label = retour_carrier_label_new ();
  label->tracking_number = g_strdup (retour_carrier_json_string (reply, "shipmentNo"));
  if (label->tracking_number == NULL || content == NULL)
    {
      retour_carrier_invalid_reply (info, _("no shipment number or no label"), &error);
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
  RetourDhlCarrier *self = RETOUR_DHL_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = g_strconcat (base_url (self),
                                      "/parcel/de/shipping/returns/v1/orders?labelType=SHIPMENT_LABEL&docFormat=PDF",
                                      NULL);
  const char *headers[] = { "dhl-api-key", self->account->key, "Authorization", self->authorization, NULL };
  RetourCarrierCall call = { .info = get_info (carrier), .is_post = TRUE, .refusal = refusal };
  RetourHttpRequest http_request = {
    .method = "POST", .url = url, .content_type = "application/json", .headers = headers,
  };
  const char *country = retour_carrier_country_alpha3 (request->sender->country);

  g_task_set_source_tag (task, create_label_async);

  json_builder_begin_object (builder);
  add_member (builder, "receiverId", self->account->code);
  add_member (builder, "customerReference", request->reference);
  json_builder_set_member_name (builder, "shipper");
  json_builder_begin_object (builder);
  add_member (builder, "name1", request->sender->name);
  add_member (builder, "name2", request->sender->company);
  add_member (builder, "addressStreet", request->sender->street);
  add_member (builder, "addressHouse", request->sender->house_number);
  add_member (builder, "postalCode", request->sender->postcode);
  add_member (builder, "city", request->sender->city);
  /* An unknown country goes as it is, and DHL names it in its refusal. */
  add_member (builder, "country", country != NULL ? country : request->sender->country);
  add_member (builder, "email", request->sender->email);
  add_member (builder, "phone", request->sender->phone);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "itemWeight");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uom");
  json_builder_add_string_value (builder, "g");
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, MAX (request->weight_g, 1));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  body = retour_carrier_builder_bytes (builder);
  http_request.body = body;
  retour_carrier_send_async (self, self->http, &call, &http_request, cancellable, on_label, task);
}

/* Unified Tracking's statusCode of an event. */
static RetourTrackingState
status_state (const char *code)
{
  if (g_strcmp0 (code, "transit") == 0)
    return RETOUR_TRACKING_IN_TRANSIT;
  if (g_strcmp0 (code, "delivered") == 0)
    return RETOUR_TRACKING_DELIVERED;
  if (g_strcmp0 (code, "failure") == 0)
    return RETOUR_TRACKING_EXCEPTION;
  /* "pre-transit", "unknown" */
  return RETOUR_TRACKING_ANNOUNCED;
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
  JsonObject *shipment = NULL;
  JsonNode *node;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  node = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "shipments") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), 0)))
    shipment = json_array_get_object_element (json_node_get_array (node), 0);
  if (shipment == NULL)
    {
      retour_carrier_invalid_reply (info, _("no shipment in the tracking"), &error);
      g_task_return_error (task, error);
      return;
    }

  tracking = retour_tracking_new ();
  node = json_object_get_member (shipment, "events");
  for (guint i = 0; node != NULL && JSON_NODE_HOLDS_ARRAY (node) && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      gint64 time_us = retour_carrier_parse_iso_time (retour_carrier_json_string (event, "timestamp"));
      const char *code = retour_carrier_json_string (event, "statusCode");

      if (time_us == 0 || code == NULL)
        continue;
      retour_carrier_add_event (tracking, time_us, code,
                                retour_carrier_json_string (event, "description"), status_state (code));
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
  RetourDhlCarrier *self = RETOUR_DHL_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (tracking_number, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/track/shipments?trackingNumber=%s&service=parcel-de",
                                          self->account->tracking_url != NULL ? self->account->tracking_url
                                                                               : base_url (self),
                                          escaped);
  const char *headers[] = { "DHL-API-Key", self->account->key, NULL };
  RetourCarrierCall call = { .info = get_info (carrier), .refusal = refusal };
  RetourHttpRequest http_request = { .method = "GET", .url = url, .headers = headers, .idempotent = TRUE };

  g_task_set_source_tag (task, track_async);
  retour_carrier_send_async (self, self->http, &call, &http_request, cancellable, on_tracked, task);
}

static void
retour_dhl_carrier_iface_init (RetourCarrierInterface *iface)
{
  iface->get_info = get_info;
  iface->create_label_async = create_label_async;
  iface->track_async = track_async;
}

static void
retour_dhl_carrier_finalize (GObject *object)
{
  RetourDhlCarrier *self = RETOUR_DHL_CARRIER (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->account, retour_carrier_account_free);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (retour_dhl_carrier_parent_class)->finalize (object);
}

static void
retour_dhl_carrier_class_init (RetourDhlCarrierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_dhl_carrier_finalize;
}

static void
retour_dhl_carrier_init (RetourDhlCarrier *self)
{
}

RetourCarrier *
retour_dhl_carrier_new (RetourHttp                 *http,
                        const RetourCarrierAccount *account)
{
  RetourDhlCarrier *self = g_object_new (RETOUR_TYPE_DHL_CARRIER, NULL);
  g_autofree char *pair = g_strdup_printf ("%s:%s", account->account, account->secret);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  self->http = g_object_ref (http);
  self->account = retour_carrier_account_copy (account);
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  memset (pair, 0, strlen (pair));
  memset (encoded, 0, strlen (encoded));

  return RETOUR_CARRIER (self);
}
