/* retour-http.h — HTTP requests to a storefront, with bounded retries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession per connector. A request is retried on time-outs, reset
 * or refused connections, bodies cut off before their announced end
 * (libsoup fails those as transfers), and whatever the caller's classifier
 * calls transient (429, 5xx, Shopify's THROTTLED), waiting as the server
 * asks (Retry-After) or with exponential backoff, a bounded number of
 * times. Nothing else is: a body that arrived whole but cannot be read, or
 * a refusal, would come back the same, and failing at once tells the
 * person waiting sooner. Only idempotent requests are retried after a
 * transport failure: for a POST the answer is unknown, and the caller
 * decides.
 * Callbacks run on the thread-default main context of the caller.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} RetourHttpResponse;

void                retour_http_response_free (RetourHttpResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourHttpResponse, retour_http_response_free)

typedef enum
{
  RETOUR_HTTP_DONE,    /* the response is the answer */
  RETOUR_HTTP_RETRY,   /* transient: try again after *retry_after_us (-1: backoff) */
  RETOUR_HTTP_FAIL,    /* give up with the error set */
} RetourHttpVerdict;

typedef RetourHttpVerdict (*RetourHttpClassifyFunc) (RetourHttpResponse  *response,
                                                     gint64              *retry_after_us,
                                                     GError             **error,
                                                     gpointer             user_data);

typedef struct
{
  const char *method;        /* "GET", "POST" */
  const char *url;
  const char *content_type;  /* of @body */
  GBytes     *body;          /* NULL for none */
  const char * const *headers;  /* name, value, name, value, …, NULL */
  gboolean    idempotent;    /* may be sent again after a transport failure */
} RetourHttpRequest;

#define RETOUR_TYPE_HTTP (retour_http_get_type ())

G_DECLARE_FINAL_TYPE (RetourHttp, retour_http, RETOUR, HTTP, GObject)

RetourHttp         *retour_http_new               (void);
/* Seconds without progress before a request counts as timed out. */
void                retour_http_set_timeout       (RetourHttp   *self,
                                                   guint         seconds);
/* At most @max_attempts tries; backoff starts at @base_delay_ms and
 * doubles; no wait (asked for or not) is longer than @max_delay_ms. */
void                retour_http_set_retries       (RetourHttp   *self,
                                                   guint         max_attempts,
                                                   guint         base_delay_ms,
                                                   guint         max_delay_ms);
guint               retour_http_get_max_attempts  (RetourHttp   *self);

/* Sends @request (copied) until @classify says done or fail, or the
 * attempts run out (RETOUR_SYNC_ERROR_UNAVAILABLE). */
void                retour_http_send_async        (RetourHttp              *self,
                                                   const RetourHttpRequest *request,
                                                   RetourHttpClassifyFunc   classify,
                                                   gpointer                 classify_data,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
RetourHttpResponse *retour_http_send_finish       (RetourHttp              *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);

/* The wait a 429 or 503 asks for: Retry-After in seconds or as a date;
 * -1 when there is none. */
gint64              retour_http_parse_retry_after (SoupMessageHeaders *headers);
/* The address @url with its query and any user info removed, for
 * messages: never a key or token. */
char               *retour_http_describe_url      (const char         *url);
/* https everywhere, http only to this computer (localhost, 127.0.0.1,
 * ::1). Fails with RETOUR_SYNC_ERROR_INSECURE or _INVALID_DATA. */
/* Whether what is sent to @url stays private: https, or this computer. */
gboolean            retour_http_url_is_private    (const char         *url);
gboolean            retour_http_check_url         (const char         *url,
                                                   GError            **error);

G_END_DECLS
