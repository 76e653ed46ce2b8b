/* retour-carrier-colissimo.c — Colissimo's return labels (SLS) and La
 * Poste's tracking (Suivi v2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels: POST /sls-ws/SlsServiceWSRest/2.0/generateLabel, product CORE
 * (a return within France), the contract number and password in the
 * body, the customer as sender with the RMA number in senderParcelRef
 * (17 characters), the shop as addressee. The reply is multipart/mixed:
 * a JSON part (labelV2Response.parcelNumber, or messages[] of type
 * ERROR) and the PDF as a binary part; a refusal may come as the JSON
 * part alone. Tracking: GET /suivi/v2/idships/{id}?lang=fr_FR at
 * api.laposte.fr with the header X-Okapi-Key. Colissimo neither cancels
 * a label (an unused one is not charged) nor finds one again.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-carrier-private.h"
#include "retour-connector.h"

#define RETOUR_TYPE_COLISSIMO_CARRIER (retour_colissimo_carrier_get_type ())
G_DECLARE_FINAL_TYPE (RetourColissimoCarrier, retour_colissimo_carrier, RETOUR, COLISSIMO_CARRIER, GObject)

struct _RetourColissimoCarrier
{
  GObject               parent_instance;

  RetourHttp           *http;
  RetourCarrierAccount *account;
};

static void retour_colissimo_carrier_iface_init (RetourCarrierInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourColissimoCarrier, retour_colissimo_carrier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_CARRIER, retour_colissimo_carrier_iface_init))

static const RetourCarrierInfo *
get_info (RetourCarrier *self)
{
  return retour_carrier_find_info ("colissimo");
}

/* The JSON part of a reply, and its PDF part (NULL: none). */
static JsonNode *
split_reply (RetourHttpResponse  *response,
             GBytes             **pdf,
             GError             **error)
{
  const RetourCarrierInfo *info = get_info (NULL);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) json = NULL;
  const char *type = soup_message_headers_get_content_type (response->headers, NULL);

  if (pdf != NULL)
    *pdf = NULL;

  if (type == NULL || g_ascii_strncasecmp (type, "multipart/", 10) != 0)
    return retour_carrier_parse_json (info, response->body, error);

  multipart = soup_multipart_new_from_message (response->headers, response->body);
  if (multipart == NULL)
    {
      retour_carrier_invalid_reply (info, _("its multipart reply does not parse"), error);
      return NULL;
    }

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers;
      GBytes *body;
      const char *part_type;

      if (!soup_multipart_get_part (multipart, i, &headers, &body))
        continue;
      part_type = soup_message_headers_get_content_type (headers, NULL);
      if (part_type != NULL && g_ascii_strcasecmp (part_type, "application/json") == 0 && json == NULL)
        json = g_bytes_ref (body);
      else if (pdf != NULL && *pdf == NULL && retour_carrier_is_pdf (body))
        *pdf = g_bytes_ref (body);
    }

  if (json == NULL)
    {
      if (pdf != NULL)
        g_clear_pointer (pdf, g_bytes_unref);
      retour_carrier_invalid_reply (info, _("no JSON part"), error);
      return NULL;
    }

  return retour_carrier_parse_json (info, json, error);
}

/* The first message of type ERROR: its id and words. */
static JsonObject *
first_error (JsonNode *root)
{
  JsonNode *messages = JSON_NODE_HOLDS_OBJECT (root)
                       ? json_object_get_member (json_node_get_object (root), "messages") : NULL;

  for (guint i = 0; messages != NULL && JSON_NODE_HOLDS_ARRAY (messages) &&
                    i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (messages), i);
      JsonObject *message = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (g_strcmp0 (retour_carrier_json_string (message, "type"), "ERROR") == 0)
        return message;
    }

  return NULL;
}

/* SLS's message ids of the fields Retour sends; see docs/decisions.md. */
static void
set_refusal (const RetourCarrierInfo  *info,
             JsonObject               *message,
             GError                  **error)
{
  static const struct { const char *id; RetourCarrierParty party; RetourCarrierField field; } ids[] = {
    { "30100", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_NAME },
    { "30102", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_STREET },
    { "30103", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_POSTCODE },
    { "30104", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_CITY },
    { "30105", RETOUR_CARRIER_PARTY_SENDER, RETOUR_CARRIER_FIELD_COUNTRY },
    { "30202", RETOUR_CARRIER_PARTY_RECEIVER, RETOUR_CARRIER_FIELD_STREET },
    { "30203", RETOUR_CARRIER_PARTY_RECEIVER, RETOUR_CARRIER_FIELD_POSTCODE },
    { "30204", RETOUR_CARRIER_PARTY_RECEIVER, RETOUR_CARRIER_FIELD_CITY },
    { "30030", RETOUR_CARRIER_PARTY_NONE, RETOUR_CARRIER_FIELD_REFERENCE },
    { "30015", RETOUR_CARRIER_PARTY_NONE, RETOUR_CARRIER_FIELD_WEIGHT },
  };
  const char *id = retour_carrier_json_string (message, "id");
  const char *words = retour_carrier_json_string (message, "messageContent");

  /* SLS refuses a wrong contract number or password as a message. */
  if (g_strcmp0 (id, "30000") == 0)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED,
                   _("%s refused the account’s keys: check them in the preferences."), info->name);
      return;
    }

  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (ids); i++)
    if (strcmp (id, ids[i].id) == 0)
      {
        retour_carrier_set_field_error (error, info->name, ids[i].party, ids[i].field, words);
        return;
      }

  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
               _("%s refused the request: %s (%s)"), info->name,
               words != NULL ? words : "?", id != NULL ? id : "?");
}

static void
refusal (const RetourCarrierInfo  *info,
         RetourHttpResponse       *response,
         GError                  **error)
{
  g_autoptr(JsonNode) root = split_reply (response, NULL, NULL);
  JsonObject *message = root != NULL ? first_error (root) : NULL;

  if (message != NULL)
    set_refusal (info, message, error);
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

/* Colissimo's lines: line2 is the number and the street, line3 what
 * follows (a lieu-dit, a building). */
static void
add_address (JsonBuilder                *builder,
             const RetourCarrierAddress *address)
{
  g_autofree char *line2 = address->house_number != NULL
                           ? g_strdup_printf ("%s %s", address->house_number, address->street != NULL ? address->street : "")
                           : g_strdup (address->street != NULL ? address->street : "");

  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  add_member (builder, "companyName", address->company);
  add_member (builder, "lastName", address->name);
  add_member (builder, "line2", line2);
  add_member (builder, "line3", address->extra);
  add_member (builder, "countryCode", address->country != NULL ? address->country : "");
  add_member (builder, "city", address->city != NULL ? address->city : "");
  add_member (builder, "zipCode", address->postcode != NULL ? address->postcode : "");
  add_member (builder, "email", address->email);
  add_member (builder, "mobileNumber", address->phone);
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
  g_autoptr(GBytes) pdf = NULL;
  JsonNode *reply;
  JsonObject *message;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = split_reply (response, &pdf, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* SLS may refuse with 200 and only its messages. */
  message = first_error (root);
  if (message != NULL)
    {
      set_refusal (info, message, &error);
      g_task_return_error (task, error);
      return;
    }

  reply = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "labelV2Response")
                                        : NULL;
  label = retour_carrier_label_new ();
  if (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply))
    label->tracking_number = g_strdup (retour_carrier_json_string (json_node_get_object (reply), "parcelNumber"));
  if (label->tracking_number == NULL || pdf == NULL)
    {
      retour_carrier_invalid_reply (info, _("no parcel number or no PDF part"), &error);
      g_task_return_error (task, error);
      return;
    }

  label->pdf = g_steal_pointer (&pdf);
  g_task_return_pointer (task, g_steal_pointer (&label), (GDestroyNotify) retour_carrier_label_free);
}

static void
create_label_async (RetourCarrier            *carrier,
                    const RetourLabelRequest *request,
                    GCancellable             *cancellable,
                    GAsyncReadyCallback       callback,
                    gpointer                  user_data)
{
  RetourColissimoCarrier *self = RETOUR_COLISSIMO_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (request->now_us / G_USEC_PER_SEC);
  g_autofree char *deposit = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *url = g_strconcat (self->account->base_url != NULL ? self->account->base_url : RETOUR_COLISSIMO_URL,
                                      "/sls-ws/SlsServiceWSRest/2.0/generateLabel", NULL);
  RetourCarrierCall call = { .info = get_info (carrier), .is_post = TRUE, .refusal = refusal };
  RetourHttpRequest http_request = {
    .method = "POST", .url = url, .content_type = "application/json",
  };

  g_task_set_source_tag (task, create_label_async);

  json_builder_begin_object (builder);
  add_member (builder, "contractNumber", self->account->account);
  add_member (builder, "password", self->account->key);
  json_builder_set_member_name (builder, "outputFormat");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "x");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "y");
  json_builder_add_int_value (builder, 0);
  add_member (builder, "outputPrintingType", "PDF_10x15_300dpi");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "letter");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_begin_object (builder);
  add_member (builder, "productCode", "CORE");
  add_member (builder, "depositDate", deposit);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "parcel");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "weight");
  json_builder_add_double_value (builder, MAX (request->weight_g, 10) / 1000.0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "sender");
  json_builder_begin_object (builder);
  add_member (builder, "senderParcelRef", request->reference);
  add_address (builder, request->sender);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "addressee");
  json_builder_begin_object (builder);
  add_address (builder, request->receiver);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  body = retour_carrier_builder_bytes (builder);
  http_request.body = body;
  retour_carrier_send_async (self, self->http, &call, &http_request, cancellable, on_label, task);
}

/* La Poste's event codes; see docs/decisions.md. */
static RetourTrackingState
event_state (const char *code)
{
  static const char * const exceptions[] = { "DI2", "RE1", "ND1", "AN1", NULL };

  if (g_str_has_prefix (code, "DR"))
    return RETOUR_TRACKING_ANNOUNCED;
  if (strcmp (code, "DI1") == 0)
    return RETOUR_TRACKING_DELIVERED;
  if (g_strv_contains (exceptions, code))
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
  JsonNode *shipment = NULL;
  JsonNode *events = NULL;
  GError *error = NULL;

  response = retour_carrier_send_finish (result, &error);
  if (response == NULL || (root = retour_carrier_parse_json (info, response->body, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    shipment = json_object_get_member (json_node_get_object (root), "shipment");
  if (shipment != NULL && JSON_NODE_HOLDS_OBJECT (shipment))
    events = json_object_get_member (json_node_get_object (shipment), "event");
  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    {
      retour_carrier_invalid_reply (info, _("no events in the tracking"), &error);
      g_task_return_error (task, error);
      return;
    }

  tracking = retour_tracking_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (events), i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = retour_carrier_json_string (event, "code");
      gint64 time_us = retour_carrier_parse_iso_time (retour_carrier_json_string (event, "date"));

      if (code == NULL || time_us == 0)
        continue;
      retour_carrier_add_event (tracking, time_us, code, retour_carrier_json_string (event, "label"),
                                event_state (code));
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
  RetourColissimoCarrier *self = RETOUR_COLISSIMO_CARRIER (carrier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (tracking_number, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/suivi/v2/idships/%s?lang=fr_FR",
                                          self->account->tracking_url != NULL ? self->account->tracking_url
                                                                               : RETOUR_LAPOSTE_URL,
                                          escaped);
  const char *headers[] = { "X-Okapi-Key", self->account->secret, NULL };
  RetourCarrierCall call = { .info = get_info (carrier), .refusal = refusal };
  RetourHttpRequest request = { .method = "GET", .url = url, .headers = headers, .idempotent = TRUE };

  g_task_set_source_tag (task, track_async);
  retour_carrier_send_async (self, self->http, &call, &request, cancellable, on_tracked, task);
}

static void
retour_colissimo_carrier_iface_init (RetourCarrierInterface *iface)
{
  iface->get_info = get_info;
  iface->create_label_async = create_label_async;
  iface->track_async = track_async;
}

static void
retour_colissimo_carrier_finalize (GObject *object)
{
  RetourColissimoCarrier *self = RETOUR_COLISSIMO_CARRIER (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->account, retour_carrier_account_free);

  G_OBJECT_CLASS (retour_colissimo_carrier_parent_class)->finalize (object);
}

static void
retour_colissimo_carrier_class_init (RetourColissimoCarrierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_colissimo_carrier_finalize;
}

static void
retour_colissimo_carrier_init (RetourColissimoCarrier *self)
{
}

RetourCarrier *
retour_colissimo_carrier_new (RetourHttp                 *http,
                              const RetourCarrierAccount *account)
{
  RetourColissimoCarrier *self = g_object_new (RETOUR_TYPE_COLISSIMO_CARRIER, NULL);

  self->http = g_object_ref (http);
  self->account = retour_carrier_account_copy (account);

  return RETOUR_CARRIER (self);
}
