/* retour-http.c — HTTP requests to a storefront, with bounded retries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-connector.h"
#include "retour-http.h"

#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_MAX_ATTEMPTS 6
#define DEFAULT_BASE_DELAY_MS 500
#define DEFAULT_MAX_DELAY_MS 60000

struct _RetourHttp
{
  GObject      parent_instance;

  SoupSession *session;
  guint        max_attempts;
  guint        base_delay_ms;
  guint        max_delay_ms;
};

G_DEFINE_FINAL_TYPE (RetourHttp, retour_http, G_TYPE_OBJECT)

typedef struct
{
  char                   *method;
  char                   *url;
  char                   *content_type;
  GBytes                 *body;
  GStrv                   headers;
  gboolean                idempotent;
  RetourHttpClassifyFunc  classify;
  gpointer                classify_data;
  guint                   attempt;
  SoupMessage            *message;
  char                   *last_problem;
} SendData;

static void
send_data_free (SendData *data)
{
  g_free (data->method);
  g_free (data->url);
  g_free (data->content_type);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_strfreev (data->headers);
  g_clear_object (&data->message);
  g_free (data->last_problem);
  g_free (data);
}

void
retour_http_response_free (RetourHttpResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

static void
retour_http_finalize (GObject *object)
{
  RetourHttp *self = RETOUR_HTTP (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (retour_http_parent_class)->finalize (object);
}

static void
retour_http_class_init (RetourHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_http_finalize;
}

static void
retour_http_init (RetourHttp *self)
{
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION " ",
                                                 NULL);
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
}

RetourHttp *
retour_http_new (void)
{
  return g_object_new (RETOUR_TYPE_HTTP, NULL);
}

void
retour_http_set_timeout (RetourHttp *self,
                         guint       seconds)
{
  g_return_if_fail (RETOUR_IS_HTTP (self));
  g_return_if_fail (seconds > 0);

  g_object_set (self->session, "timeout", seconds, NULL);
}

void
retour_http_set_retries (RetourHttp *self,
                         guint       max_attempts,
                         guint       base_delay_ms,
                         guint       max_delay_ms)
{
  g_return_if_fail (RETOUR_IS_HTTP (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = MAX (max_delay_ms, base_delay_ms);
}

guint
retour_http_get_max_attempts (RetourHttp *self)
{
  g_return_val_if_fail (RETOUR_IS_HTTP (self), 1);

  return self->max_attempts;
}

gint64
retour_http_parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return (gint64) seconds * G_USEC_PER_SEC;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  return MAX (g_date_time_difference (date, now), 0);
}

char *
retour_http_describe_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return g_strdup ("?");

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}

gboolean
retour_http_url_is_private (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (uri == NULL || host == NULL)
    return FALSE;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ||
         g_ascii_strcasecmp (host, "localhost") == 0 ||
         g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0;
}

gboolean
retour_http_check_url (const char  *url,
                       GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                   _("“%s” is not the address of a web site; it should start with https://."),
                   url != NULL ? url : "");
      return FALSE;
    }

  if (!retour_http_url_is_private (url))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INSECURE,
                           _("The store’s address must start with https://: keys are never sent unencrypted (plain http:// is only allowed on this computer)."));
      return FALSE;
    }

  return TRUE;
}

static void send_attempt (GTask *task);

static gboolean
retry_now (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  send_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Schedules the next attempt, or fails when none is left. */
static void
retry_later (GTask      *task,
             gint64      wait_us,
             const char *problem)
{
  RetourHttp *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;
  guint delay_ms;

  g_free (data->last_problem);
  data->last_problem = g_strdup (problem);

  if (data->attempt >= self->max_attempts)
    {
      g_autofree char *where = retour_http_describe_url (data->url);

      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%s did not answer properly after %u attempt: %s",
                                            "%s did not answer properly after %u attempts: %s",
                                            data->attempt),
                               where, data->attempt, problem);
      g_object_unref (task);
      return;
    }

  if (wait_us >= 0)
    {
      delay_ms = (guint) MIN (wait_us / 1000, (gint64) self->max_delay_ms);
    }
  else
    {
      guint shift = MIN (data->attempt - 1, 16u);
      guint64 backoff = (guint64) self->base_delay_ms << shift;

      /* Up to a quarter more, so that clients that failed together do
       * not all come back at the same moment. */
      backoff += g_random_int_range (0, (gint32) (backoff / 4 + 1));
      delay_ms = (guint) MIN (backoff, (guint64) self->max_delay_ms);
    }

  g_debug ("Attempt %u of %s failed (%s); next in %u ms", data->attempt, data->method, problem, delay_ms);

  source = g_timeout_source_new (delay_ms);
  if (g_task_get_cancellable (task) != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (g_task_get_cancellable (task));

      /* Cancelling wakes the wait at once. */
      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }
  g_task_attach_source (task, source, retry_now);
}

static gboolean
is_transport_transient (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  /* Cut-off responses and resolver hiccups; TLS certificate problems are
   * never transient. */
  return error->domain == SOUP_SESSION_ERROR || error->domain == G_RESOLVER_ERROR;
}

/* The largest reply read. A page of 100 WooCommerce orders heavy with
 * plugins' metadata is a few megabytes; anything far beyond that is not a
 * page of orders (a log, a backup, a misconfigured proxy), and reading it
 * would only fill memory. */
#define MAX_BODY_BYTES (16 * 1024 * 1024)

/* GMemoryOutputStream grows through this; refusing to grow past the cap
 * makes the splice fail with G_IO_ERROR_NO_SPACE. */
static gpointer
capped_realloc (gpointer data,
                gsize    size)
{
  if (size > MAX_BODY_BYTES)
    return NULL;

  return g_try_realloc (data, size);
}

static void
fail_too_large (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  g_autofree char *where = retour_http_describe_url (data->url);
  g_autofree char *limit = g_format_size (MAX_BODY_BYTES);

  /* The same reply would come again: no retry. */
  g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           /* Translators: the first %s is the store's address, the second a size
                              ("16.8 MB"). */
                           _("%s sent a reply larger than %s, which is not a page of orders; nothing of it was used."),
                           where, limit);
  g_object_unref (task);
}

/* A reply that did not come whole: retried when it may come whole next
 * time. */
static void
transport_failed (GTask  *task,
                  GError *error)
{
  SendData *data = g_task_get_task_data (task);
  g_autofree char *where = retour_http_describe_url (data->url);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (data->idempotent && is_transport_transient (error))
    {
      retry_later (task, -1, error->message);
      return;
    }

  g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                           _("Could not reach %s: %s"), where, error->message);
  g_object_unref (task);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (object);
  g_autoptr(RetourHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  RetourHttpVerdict verdict;
  gint64 retry_after_us = -1;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, &error) < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        fail_too_large (task);
      else
        transport_failed (task, error);
      return;
    }

  response = g_new0 (RetourHttpResponse, 1);
  response->status = soup_message_get_status (data->message);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (data->message));
  response->body = g_memory_output_stream_steal_as_bytes (out);

  verdict = data->classify (response, &retry_after_us, &error, data->classify_data);
  switch (verdict)
    {
    case RETOUR_HTTP_DONE:
      g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) retour_http_response_free);
      g_object_unref (task);
      break;

    case RETOUR_HTTP_RETRY:
      {
        g_autofree char *problem = error != NULL ? g_strdup (error->message)
                                                 : g_strdup_printf (_("HTTP status %u"), response->status);
        retry_later (task, retry_after_us, problem);
      }
      break;

    case RETOUR_HTTP_FAIL:
    default:
      g_assert (error != NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      break;
    }
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  goffset announced;

  in = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (in == NULL)
    {
      transport_failed (task, error);
      return;
    }

  /* A reply that says up front it is too large is not read at all. */
  announced = soup_message_headers_get_content_length (soup_message_get_response_headers (data->message));
  if (announced > MAX_BODY_BYTES)
    {
      g_input_stream_close (in, NULL, NULL);
      fail_too_large (task);
      return;
    }

  out = g_memory_output_stream_new (NULL, 0, capped_realloc, g_free);
  g_output_stream_splice_async (out, in,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_read, task);
}

static void
send_attempt (GTask *task)
{
  RetourHttp *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  data->attempt++;
  g_clear_object (&data->message);
  data->message = soup_message_new (data->method, data->url);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                               _("“%s” is not the address of a web site."), data->url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  for (guint i = 0; data->headers != NULL && data->headers[i] != NULL && data->headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (headers, data->headers[i], data->headers[i + 1]);

  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (data->message, data->content_type, data->body);

  /* A POST whose answer was lost is not resent by libsoup either. */
  if (!data->idempotent)
    soup_message_add_flags (data->message, SOUP_MESSAGE_NEW_CONNECTION);

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, task);
}

void
retour_http_send_async (RetourHttp              *self,
                        const RetourHttpRequest *request,
                        RetourHttpClassifyFunc   classify,
                        gpointer                 classify_data,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  GTask *task;
  SendData *data;
  guint n_headers = 0;

  g_return_if_fail (RETOUR_IS_HTTP (self));
  g_return_if_fail (request != NULL && request->method != NULL && request->url != NULL);
  g_return_if_fail (classify != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_http_send_async);

  data = g_new0 (SendData, 1);
  data->method = g_strdup (request->method);
  data->url = g_strdup (request->url);
  data->content_type = g_strdup (request->content_type);
  data->body = request->body != NULL ? g_bytes_ref (request->body) : NULL;
  while (request->headers != NULL && request->headers[n_headers] != NULL)
    n_headers++;
  data->headers = g_new0 (char *, n_headers + 1);
  for (guint i = 0; i < n_headers; i++)
    data->headers[i] = g_strdup (request->headers[i]);
  data->idempotent = request->idempotent;
  data->classify = classify;
  data->classify_data = classify_data;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  /* The task holds itself until it returns. */
  send_attempt (task);
}

RetourHttpResponse *
retour_http_send_finish (RetourHttp    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (RETOUR_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
