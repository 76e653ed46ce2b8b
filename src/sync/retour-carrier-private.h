/* retour-carrier-private.h — what the carrier connectors share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "retour-carrier.h"
#include "retour-http.h"

G_BEGIN_DECLS

/* Reads a refusal (HTTP 400, 409, 422) the carrier's way: sets @error,
 * naming the field where the body does. */
typedef void (*RetourCarrierRefusalFunc) (const RetourCarrierInfo  *info,
                                          RetourHttpResponse       *response,
                                          GError                  **error);

/* One request's classification, as retour_http_send_async() asks. */
typedef struct
{
  const RetourCarrierInfo  *info;
  gboolean                  is_post;   /* a 5xx may have been carried out: not resent */
  RetourCarrierRefusalFunc  refusal;
  gboolean                  not_found_ok;  /* a 404 is an answer, not an error */
} RetourCarrierCall;

RetourHttpVerdict retour_carrier_classify (RetourHttpResponse  *response,
                                           gint64              *retry_after_us,
                                           GError             **error,
                                           gpointer             user_data);

/* retour_http_send_async() with @call (copied) as the classifier's
 * data, on a task of @source. */
void                retour_carrier_send_async  (gpointer                  source,
                                                RetourHttp               *http,
                                                const RetourCarrierCall  *call,
                                                const RetourHttpRequest  *request,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
RetourHttpResponse *retour_carrier_send_finish (GAsyncResult             *result,
                                                GError                  **error);

/* The body parsed as JSON; fails with RETOUR_SYNC_ERROR_INVALID_DATA. */
JsonNode   *retour_carrier_parse_json    (const RetourCarrierInfo  *info,
                                          GBytes                   *body,
                                          GError                  **error);
/* A string member of @object, or NULL. */
const char *retour_carrier_json_string   (JsonObject               *object,
                                          const char               *member);
/* Fails with RETOUR_SYNC_ERROR_INVALID_DATA: "@info's reply …". */
gboolean    retour_carrier_invalid_reply (const RetourCarrierInfo  *info,
                                          const char               *what,
                                          GError                  **error);
/* The reference checked against the carrier's limit, before anything is
 * sent. */
gboolean    retour_carrier_check_request (const RetourCarrierInfo  *info,
                                          const RetourLabelRequest *request,
                                          GError                  **error);
/* JSON text of @builder's root, as a request body. */
GBytes     *retour_carrier_builder_bytes (JsonBuilder              *builder);
/* Whether @bytes start like a PDF. */
gboolean    retour_carrier_is_pdf        (GBytes                   *bytes);

/* Local time @text in @format's fields, in @tz: "%d-%m-%Y %H:%M:%S"
 * style with only d, m, Y, H, M, S; 0 when it does not parse. */
gint64      retour_carrier_parse_local_time (const char *text,
                                             const char *order,
                                             const char *tz_name);
/* An ISO 8601 time with offset; 0 when it does not parse. */
gint64      retour_carrier_parse_iso_time   (const char *text);
/* Appends an event to @tracking. */
void        retour_carrier_add_event        (RetourTracking      *tracking,
                                             gint64               time_us,
                                             const char          *code,
                                             const char          *description,
                                             RetourTrackingState  state);

/* A Retour country code's ISO 3166-1 alpha-3 (DHL wants those); NULL
 * when Retour does not know it. */
const char *retour_carrier_country_alpha3 (const char *alpha2);

RetourCarrier *retour_postnl_carrier_new    (RetourHttp *http, const RetourCarrierAccount *account);
RetourCarrier *retour_dhl_carrier_new       (RetourHttp *http, const RetourCarrierAccount *account);
RetourCarrier *retour_inpost_carrier_new    (RetourHttp *http, const RetourCarrierAccount *account);
RetourCarrier *retour_colissimo_carrier_new (RetourHttp *http, const RetourCarrierAccount *account);

/* The carriers' own hosts. */
#define RETOUR_POSTNL_URL "https://api.postnl.nl"
#define RETOUR_DHL_URL "https://api-eu.dhl.com"
#define RETOUR_INPOST_URL "https://api-shipx-pl.easypack24.net"
#define RETOUR_COLISSIMO_URL "https://ws.colissimo.fr"
#define RETOUR_LAPOSTE_URL "https://api.laposte.fr"

G_END_DECLS
