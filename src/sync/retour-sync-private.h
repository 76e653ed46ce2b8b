/* retour-sync-private.h — what the connectors share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The skeleton every connector has (retour-connector.c): the checks it is
 * made with, the first and last steps of reading an order, and when a
 * write whose answer was lost may be sent again. And careful JSON
 * reading (retour-sync-json.c): bodies come from the network, so every
 * getter checks the type it finds and fails with
 * RETOUR_SYNC_ERROR_INVALID_DATA naming the field, never with a critical
 * warning or a crash. Money is read from strings ("19.95") or, where a
 * plugin changed the type, from numbers.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "retour-connector.h"
#include "retour-credentials.h"
#include "retour-http.h"

G_BEGIN_DECLS

/* What a connector is made with: an address keys may be sent to
 * (retour_http_check_url()) and keys for @platform. Returns the address
 * without trailing slashes, for the connector to add its paths to. */
char       *retour_connector_check_address (const char              *base_url,
                                            const RetourCredentials *credentials,
                                            RetourPlatform           platform,
                                            GError                 **error);
/* The object of an order in a listing, its id read into @order->external_id;
 * NULL with @error when it is no object or has no id. */
JsonObject *retour_connector_order_object  (JsonNode                *node,
                                            RetourOrder             *order,
                                            GError                 **error);
/* The last step of reading an order: one without a number goes by its id,
 * one never updated by when it was placed. */
void        retour_connector_order_settle  (RetourOrder             *order);
/* After a failed write (@posts sent so far): whether it may have been
 * carried out all the same, its answer lost (a time-out, a cut-off body,
 * a 5xx), and may be sent again, so that the next step is to look for
 * it. */
gboolean    retour_connector_outcome_unknown (RetourHttp            *http,
                                              const GError          *error,
                                              guint                  posts);

/* Deeper nesting than this is refused before parsing. */
#define RETOUR_JSON_MAX_DEPTH 64

JsonNode   *retour_json_parse         (const char   *data,
                                       gsize         length,
                                       GError      **error);
/* The member @name of @object if it is there and not null; NULL otherwise. */
JsonNode   *retour_json_get           (JsonObject   *object,
                                       const char   *name);
JsonObject *retour_json_get_object    (JsonObject   *object,
                                       const char   *name,
                                       gboolean      required,
                                       GError      **error);
JsonArray  *retour_json_get_array     (JsonObject   *object,
                                       const char   *name,
                                       gboolean      required,
                                       GError      **error);
/* Strings as they are, integers as decimal text; NULL when absent or
 * null (an error only if @required). */
gboolean    retour_json_dup_string    (JsonObject   *object,
                                       const char   *name,
                                       gboolean      required,
                                       char        **out,
                                       GError      **error);
/* Integers, or strings of digits; @fallback when absent and not required. */
gboolean    retour_json_get_int       (JsonObject   *object,
                                       const char   *name,
                                       gboolean      required,
                                       gint64        fallback,
                                       gint64       *out,
                                       GError      **error);
gboolean    retour_json_get_bool      (JsonObject   *object,
                                       const char   *name,
                                       gboolean     *out,
                                       GError      **error);
/* A decimal string or a number, in @currency. Absent or null is zero
 * unless @required. */
gboolean    retour_json_get_money     (JsonObject   *object,
                                       const char   *name,
                                       const char   *currency,
                                       gboolean      required,
                                       RetourMoney  *out,
                                       GError      **error);
/* ISO 8601; text without an offset is in @default_tz (UTC for
 * WooCommerce's *_gmt fields). 0 when absent or null, unless @required. */
gboolean    retour_json_get_time      (JsonObject   *object,
                                       const char   *name,
                                       GTimeZone    *default_tz,
                                       gboolean      required,
                                       gint64       *out_us,
                                       GError      **error);
gboolean    retour_json_invalid       (GError      **error,
                                       const char   *field,
                                       const char   *problem);

/* Where in the reply the parser is, so that a message can name the field
 * as a path ("orders[3].line_items[2].total") and the order it is in:
 *
 *   g_autoptr(RetourJsonScope) scope = retour_json_enter ("line_items[%u]", i);
 *
 * The places are kept per thread, for the parse under way on it. */
typedef struct _RetourJsonScope RetourJsonScope;
RetourJsonScope *retour_json_enter    (const char   *format,
                                       ...) G_GNUC_PRINTF (1, 2);
void        retour_json_leave         (RetourJsonScope *scope);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourJsonScope, retour_json_leave)
/* The path of the last field retour_json_invalid() named on this thread,
 * taken (the next call gives NULL); NULL if none. */
char       *retour_json_take_last_field (void);
/* NULL for NULL or "" (storefronts send both for "none"). */
char       *retour_json_null_if_empty (char         *text);

G_END_DECLS
