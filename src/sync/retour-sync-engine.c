/* retour-sync-engine.c — one sync run of a store, and refund write-back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-message-store.h"
#include "retour-request-store.h"
#include "retour-resolution-store.h"
#include "retour-setting-store.h"
#include "retour-shopify-connector.h"
#include "retour-sync-engine.h"
#include "retour-sync-store.h"
#include "retour-woo-connector.h"

struct _RetourSyncEngine
{
  GObject          parent_instance;

  RetourDatabase  *db;
  RetourClockFunc  clock;
  gpointer         clock_data;
};

G_DEFINE_FINAL_TYPE (RetourSyncEngine, retour_sync_engine, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
retour_sync_engine_finalize (GObject *object)
{
  RetourSyncEngine *self = RETOUR_SYNC_ENGINE (object);

  g_clear_object (&self->db);

  G_OBJECT_CLASS (retour_sync_engine_parent_class)->finalize (object);
}

static void
retour_sync_engine_class_init (RetourSyncEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_sync_engine_finalize;

  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE,
                                           3, G_TYPE_INT64, G_TYPE_UINT64, G_TYPE_INT64);
}

static void
retour_sync_engine_init (RetourSyncEngine *self)
{
}

RetourSyncEngine *
retour_sync_engine_new (RetourDatabase  *db,
                        RetourClockFunc  clock,
                        gpointer         clock_data)
{
  RetourSyncEngine *self;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (clock != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_SYNC_ENGINE, NULL);
  self->db = g_object_ref (db);
  self->clock = clock;
  self->clock_data = clock_data;

  return self;
}

static gint64
engine_now (RetourSyncEngine *self)
{
  return self->clock (self->clock_data);
}

RetourConnector *
retour_sync_connector_new (const RetourStorefront  *storefront,
                           const RetourCredentials *credentials,
                           RetourHttp              *http,
                           GError                 **error)
{
  g_autoptr(RetourHttp) own_http = NULL;

  g_return_val_if_fail (storefront != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  if (http == NULL)
    http = own_http = retour_http_new ();

  switch (storefront->platform)
    {
    case RETOUR_PLATFORM_WOOCOMMERCE:
      return RETOUR_CONNECTOR (retour_woo_connector_new (http, storefront->base_url, credentials, error));
    case RETOUR_PLATFORM_SHOPIFY:
      return RETOUR_CONNECTOR (retour_shopify_connector_new (http, storefront->base_url, credentials, error));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------- connection test */

/* A person is waiting for the answer: a few quick tries, not a sync's
 * patience. */
#define TEST_TIMEOUT_S      15
#define TEST_ATTEMPTS       2
#define TEST_BASE_DELAY_MS  250
#define TEST_MAX_DELAY_MS   2000

static void
on_test_page (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RetourOrderPage) page = NULL;
  GError *error = NULL;

  page = retour_connector_list_orders_finish (RETOUR_CONNECTOR (object), result, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else if (RETOUR_IS_WOO_CONNECTOR (object) && retour_woo_connector_get_keys_in_query (RETOUR_WOO_CONNECTOR (object)))
    /* Which way of sending the keys worked is worth saying when it is
     * the unusual one: the host is set up so that others may hit it too. */
    g_task_return_pointer (task,
                           g_strdup (_("The site’s web server drops the Authorization header, so the keys are sent in the address instead (encrypted, over https). Syncing works; the host’s support can fix the header.")),
                           g_free);
  else
    g_task_return_pointer (task, g_strdup (""), g_free);
}

void
retour_sync_test_connection_async (const RetourStorefront  *storefront,
                                   const RetourCredentials *credentials,
                                   gint64                   now_us,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RetourHttp) http = retour_http_new ();
  RetourConnector *connector;
  GError *error = NULL;

  g_return_if_fail (storefront != NULL);
  g_return_if_fail (credentials != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_sync_test_connection_async);

  retour_http_set_timeout (http, TEST_TIMEOUT_S);
  retour_http_set_retries (http, TEST_ATTEMPTS, TEST_BASE_DELAY_MS, TEST_MAX_DELAY_MS);
  connector = retour_sync_connector_new (storefront, credentials, http, &error);
  if (connector == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, connector, g_object_unref);

  /* The orders changed from now on: none, or hardly any, but the keys and
   * the address are checked all the same. Shopify gets the query a sync
   * sends, at its page size: what Shopify prices as too costly shows
   * here, not at the first sync. */
  if (RETOUR_IS_WOO_CONNECTOR (connector))
    retour_woo_connector_set_page_size (RETOUR_WOO_CONNECTOR (connector), 1);
  retour_connector_list_orders_async (connector, now_us, NULL, cancellable, on_test_page,
                                      g_steal_pointer (&task));
}

gboolean
retour_sync_test_connection_finish (GAsyncResult  *result,
                                    char         **note,
                                    GError       **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_sync_test_connection_async, FALSE);

  text = g_task_propagate_pointer (G_TASK (result), error);
  if (text == NULL)
    return FALSE;

  if (note != NULL)
    *note = *text != '\0' ? g_steal_pointer (&text) : NULL;

  return TRUE;
}

/* ------------------------------------------------------------------ sync */

typedef struct
{
  gint64           store_id;
  RetourConnector *connector;
  gint64           since_us;
  gboolean         full;
  GHashTable      *seen;          /* storefront id -> gint64* update time */
  GStrv            refetch;       /* orders earlier runs could not read */
  gint64           newest_us;
  gint64           listed_since_us;
  gint64           total;
  GHashTable      *requests_seen;  /* storefront ids of the requests listed */
  GPtrArray       *requests_ended; /* those still requests here but no longer listed */
  GPtrArray       *answers;        /* RetourRequestAnswer* to tell the storefront */
  GPtrArray       *labels;         /* RetourRequestLabel* to put on the storefront's returns */
  GHashTable      *told;           /* "rma:step" of the messages the storefront is to send */
  gboolean         label_tells;    /* the storefront mails a label it is given */
  gboolean         answers_only;   /* no sync: only tell the storefront what was decided */
  RetourSyncStats  stats;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->connector);
  g_clear_pointer (&data->seen, g_hash_table_unref);
  g_clear_pointer (&data->requests_seen, g_hash_table_unref);
  g_clear_pointer (&data->requests_ended, g_ptr_array_unref);
  g_clear_pointer (&data->answers, g_ptr_array_unref);
  g_clear_pointer (&data->labels, g_ptr_array_unref);
  g_clear_pointer (&data->told, g_hash_table_unref);
  g_strfreev (data->refetch);
  g_free (data);
}

static void request_page (GTask      *task,
                          const char *cursor);
static void fetch_problems (GTask *task);

static void
end_run (GTask  *task,
         GError *error)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GError) record_error = NULL;

  /* Each page was its own transaction: what failed is one page, or the
   * network after some, not the run. Whoever reads the message (the
   * window, retour-cli, the store's last error) should not think the
   * orders already written were lost, nor fetch them all again. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      data->stats.orders_changed > 0)
    {
      guint64 n = data->stats.orders_changed;
      g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
      g_autofree char *saved = NULL;
      char *message;

      /* Translators: follows what went wrong; %s is a count of orders. */
      saved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order was saved before the error; the next sync continues from there.",
                                            "%s orders were saved before the error; the next sync continues from there.",
                                            (gulong) MIN (n, G_MAXULONG)),
                               count);
      message = g_strconcat (error->message, " ", saved, NULL);
      g_free (error->message);
      error->message = message;
    }

  /* A cancelled run is not a failure to show; the pages it wrote stay.
   * Answers alone are no sync: their failures stay with their returns. */
  if (!data->answers_only && (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (!retour_sync_store_record_sync (self->db, data->store_id, engine_now (self),
                                          error != NULL ? error->message : NULL, &record_error))
        g_warning ("Could not record the end of a sync: %s", record_error->message);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (&data->stats, sizeof data->stats), g_free);
  g_object_unref (task);
}

/* ------------------------------------------------------- return requests */

/* How many returns a run asks about one by one, at most: the rest wait
 * for the next run. */
#define MAX_REQUESTS_CHECKED 25

static void request_requests (GTask      *task,
                              const char *cursor);
static void check_next_request (GTask *task);

static gboolean
store_requests (RetourSyncEngine  *self,
                SyncData          *data,
                GPtrArray         *requests,
                GError           **error)
{
  RetourRequestStats stats = { 0 };

  if (!retour_request_store_write (self->db, data->store_id, requests, engine_now (self), &stats, error))
    return FALSE;

  data->stats.requests_created += stats.created;
  data->stats.requests_cancelled += stats.cancelled;
  data->stats.requests_authorized += stats.authorized;
  data->stats.requests_waiting += stats.waiting;
  return TRUE;
}

static void
on_request_checked (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_return_request_free);
  RetourReturnRequest *request;
  GError *error = NULL;

  request = retour_connector_fetch_return_request_finish (RETOUR_CONNECTOR (object), result, &error);
  if (request == NULL)
    {
      end_run (task, error);
      return;
    }

  g_ptr_array_add (one, request);
  if (!store_requests (self, data, one, &error))
    {
      end_run (task, error);
      return;
    }

  g_ptr_array_remove_index (data->requests_ended, 0);
  check_next_request (task);
}

static void send_next_answer (GTask *task);

static char *
told_key (gint64            rma_id,
          RetourMessageStep step)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%d", rma_id, (int) step);
}

static RetourMessageStep
answer_step (const RetourRequestAnswer *answer)
{
  return answer->approve ? RETOUR_MESSAGE_STEP_APPROVED : RETOUR_MESSAGE_STEP_REJECTED;
}

/* Whether a message of @step for return @rma_id waits for the
 * storefront to send it. */
static gboolean
storefront_tells (SyncData          *data,
                  gint64             rma_id,
                  RetourMessageStep  step)
{
  g_autofree char *key = told_key (rma_id, step);

  return data->told != NULL && g_hash_table_contains (data->told, key);
}

static void
on_answer_sent (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  RetourRequestAnswer *answer = g_ptr_array_index (data->answers, 0);
  g_autoptr(GError) error = NULL;
  GError *record_error = NULL;

  /* A failure is kept with the return and tried again next run; it does
   * not stop this one, nor the other answers. */
  retour_connector_answer_return_request_finish (RETOUR_CONNECTOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }
  /* The answer and the message Shopify sent with it, both or neither. */
  if (!retour_request_store_record_answer (self->db, answer->rma_id, error != NULL ? error->message : NULL,
                                           engine_now (self), &record_error) ||
      (error == NULL &&
       storefront_tells (data, answer->rma_id, answer_step (answer)) &&
       !retour_message_store_record_storefront (self->db, answer->rma_id, answer_step (answer), engine_now (self),
                                                NULL, &record_error)))
    {
      end_run (task, record_error);
      return;
    }
  if (error != NULL)
    data->stats.answers_failed++;
  else
    data->stats.answers_sent++;

  g_ptr_array_remove_index (data->answers, 0);
  send_next_answer (task);
}

static void attach_labels (GTask *task);

static void
send_next_answer (GTask *task)
{
  SyncData *data = g_task_get_task_data (task);
  RetourRequestAnswer *answer;

  if (data->answers->len == 0)
    {
      attach_labels (task);
      return;
    }

  /* Shopify tells the customer when the shop chose Shopify's own
   * message for the step (one is queued for it); a decline goes with the
   * reason staff chose. */
  answer = g_ptr_array_index (data->answers, 0);
  retour_connector_answer_return_request_async (data->connector, answer->external_id, answer->approve,
                                                answer->reason, answer->note,
                                                storefront_tells (data, answer->rma_id, answer_step (answer)),
                                                g_task_get_cancellable (task), on_answer_sent, task);
}

static void send_next_label (GTask *task);

static void
on_label_attached (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  RetourRequestLabel *label = g_ptr_array_index (data->labels, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GError *record_error = NULL;

  /* As with answers: a failure stays with the return for the next run. */
  id = retour_connector_attach_return_label_finish (RETOUR_CONNECTOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }
  if (!retour_request_store_record_label (self->db, label->rma_id, id, error != NULL ? error->message : NULL,
                                          engine_now (self), &record_error))
    {
      end_run (task, record_error);
      return;
    }
  if (error != NULL)
    data->stats.labels_failed++;
  else
    data->stats.labels_sent++;

  g_ptr_array_remove_index (data->labels, 0);
  send_next_label (task);
}

static void
send_next_label (GTask *task)
{
  SyncData *data = g_task_get_task_data (task);
  RetourRequestLabel *label;
  g_autofree char *filename = NULL;

  if (data->labels->len == 0)
    {
      end_run (task, NULL);
      return;
    }

  /* Shopify sends the customer the label with how to send the parcel,
   * as it does for a label staff add in its admin, when the shop chose
   * Shopify's messages for the approval; else the approval Retour sends
   * carries the label itself, and one message is enough. */
  label = g_ptr_array_index (data->labels, 0);
  /* Translators: the file name of a return label the customer downloads
   * from their account in the shop; %s is the return's number. */
  filename = g_strdup_printf (_("return-label-%s.pdf"), label->number);
  retour_connector_attach_return_label_async (data->connector, label->external_id, label->pdf, filename,
                                              data->label_tells,
                                              g_task_get_cancellable (task), on_label_attached, task);
}

/* The labels made for approved requests that their storefront returns
 * do not carry yet, at most as many as a run asks about. */
static void
attach_labels (GTask *task)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->labels = retour_request_store_list_labels (self->db, data->store_id, MAX_REQUESTS_CHECKED, &error);
  if (data->labels == NULL)
    {
      end_run (task, error);
      return;
    }
  data->label_tells = retour_message_store_get_channel (self->db, RETOUR_MESSAGE_STEP_APPROVED, &error) ==
                      RETOUR_MESSAGE_CHANNEL_STOREFRONT;
  if (error != NULL)
    {
      end_run (task, error);
      return;
    }

  send_next_label (task);
}

/* The decisions staff took on requests since the storefront was last
 * told, at most as many as a run asks about, and which of them the
 * storefront is to tell the customer about. */
static void
answer_requests (GTask *task)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  GError *error = NULL;

  data->answers = retour_request_store_list_unanswered (self->db, data->store_id, MAX_REQUESTS_CHECKED, &error);
  if (data->answers == NULL ||
      (messages = retour_message_store_list_storefront (self->db, data->store_id, &error)) == NULL)
    {
      end_run (task, error);
      return;
    }

  data->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < messages->len; i++)
    {
      const RetourMessage *message = g_ptr_array_index (messages, i);

      g_hash_table_add (data->told, told_key (message->rma_id, message->step));
    }

  send_next_answer (task);
}

static void
check_next_request (GTask *task)
{
  SyncData *data = g_task_get_task_data (task);

  if (data->requests_ended->len == 0)
    {
      answer_requests (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  retour_connector_fetch_return_request_async (data->connector, g_ptr_array_index (data->requests_ended, 0),
                                               g_task_get_cancellable (task), on_request_checked, task);
}

/* The requests here that the listing did not show have been decided,
 * withdrawn or removed upstream: each is asked about. */
static void
check_ended_requests (GTask *task)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) open = NULL;
  GError *error = NULL;

  open = retour_request_store_list_open (self->db, data->store_id, &error);
  if (open == NULL)
    {
      end_run (task, error);
      return;
    }

  data->requests_ended = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < open->len && data->requests_ended->len < MAX_REQUESTS_CHECKED; i++)
    if (!g_hash_table_contains (data->requests_seen, g_ptr_array_index (open, i)))
      g_ptr_array_add (data->requests_ended, g_strdup (g_ptr_array_index (open, i)));

  check_next_request (task);
}

static void
on_requests_page (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(RetourOrderPage) page = NULL;
  GError *error = NULL;

  page = retour_connector_list_return_requests_finish (RETOUR_CONNECTOR (object), result, &error);
  if (page == NULL && g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_FORBIDDEN))
    {
      /* The shop gave Retour its orders but not its returns (Shopify's
       * read_returns scope): the orders are all a run can do. */
      g_message ("Store %" G_GINT64_FORMAT ": return requests not read: %s", data->store_id, error->message);
      g_clear_error (&error);
      end_run (task, NULL);
      return;
    }
  if (page == NULL)
    {
      end_run (task, error);
      return;
    }

  for (guint i = 0; i < page->return_requests->len; i++)
    g_hash_table_add (data->requests_seen,
                      g_strdup (((RetourReturnRequest *) g_ptr_array_index (page->return_requests, i))->external_id));

  if (!store_requests (self, data, page->return_requests, &error))
    {
      end_run (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (page->next_cursor != NULL)
    request_requests (task, page->next_cursor);
  else
    check_ended_requests (task);
}

static void
request_requests (GTask      *task,
                  const char *cursor)
{
  SyncData *data = g_task_get_task_data (task);

  retour_connector_list_return_requests_async (data->connector, cursor, g_task_get_cancellable (task),
                                               on_requests_page, task);
}

/* After the orders, so that the order of a request made since the last
 * run is here: its update time moved with the request. */
static void
read_requests (GTask *task)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);

  /* Requests become returns, and decisions on them are the desk's: a
   * desk signed in without that role leaves them to one that has it,
   * rather than have the server refuse the run. */
  if (!retour_connector_can_list_return_requests (data->connector) ||
      (retour_database_get_operator_roles (self->db) & RETOUR_OPERATOR_ROLE_DESK) == 0)
    {
      end_run (task, NULL);
      return;
    }

  data->requests_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  request_requests (task, NULL);
}

static void
finish_run (GTask *task)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  GError *error = NULL;

  /* Connectors that page by id only know the watermark at the end. */
  if (data->newest_us > 0 &&
      !retour_sync_store_write_page (self->db, data->store_id, NULL, NULL, NULL, data->newest_us,
                                     engine_now (self), NULL, &error))
    {
      end_run (task, error);
      return;
    }

  if (data->full &&
      !retour_sync_store_mark_deleted (self->db, data->store_id, data->seen, data->since_us,
                                       data->listed_since_us, &data->stats.orders_gone, &error))
    {
      end_run (task, error);
      return;
    }

  read_requests (task);
}

/* Writes a page in one transaction: its orders, and the ones it could not
 * read kept aside with why, so that one bad order never stops every
 * later sync at itself. */
static gboolean
store_page (RetourSyncEngine  *self,
            SyncData          *data,
            RetourOrderPage   *page,
            gint64             watermark_us,
            GError           **error)
{
  guint written = 0;

  if (!retour_sync_store_write_page (self->db, data->store_id, page->products, page->orders, page->problems,
                                     watermark_us, engine_now (self), &written, error))
    return FALSE;

  data->stats.orders_changed += written;
  data->stats.orders_unreadable += page->problems->len;
  return TRUE;
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(RetourOrderPage) page = NULL;
  GError *error = NULL;

  page = retour_connector_list_orders_finish (RETOUR_CONNECTOR (object), result, &error);
  if (page == NULL)
    {
      end_run (task, error);
      return;
    }

  /* The same order may come twice (overlapping pages, or edited while we
   * page): keep the first copy of each version. */
  for (guint i = page->orders->len; i > 0; i--)
    {
      RetourSyncedOrder *synced = g_ptr_array_index (page->orders, i - 1);
      gint64 *seen = g_hash_table_lookup (data->seen, synced->order->external_id);

      if (seen != NULL && *seen == synced->order->updated_us)
        {
          g_ptr_array_remove_index (page->orders, i - 1);
          continue;
        }
      if (seen == NULL)
        data->stats.orders_listed++;
      g_hash_table_insert (data->seen, g_strdup (synced->order->external_id),
                           g_memdup2 (&synced->order->updated_us, sizeof (gint64)));
      data->newest_us = MAX (data->newest_us, synced->order->updated_us);
    }

  if (!store_page (self, data, page, page->watermark_us, &error))
    {
      end_run (task, error);
      return;
    }

  data->stats.pages++;
  /* What the storefront hid on any page of the run is not known to be
   * gone. */
  if (page->listed_within_us > 0)
    data->listed_since_us = MAX (data->listed_since_us, engine_now (self) - page->listed_within_us);
  if (data->total < 0)
    data->total = page->total;

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, data->store_id, data->stats.orders_listed,
                 data->total >= 0 ? MAX (data->total, (gint64) data->stats.orders_listed) : (gint64) -1);

  if (page->next_cursor == NULL)
    {
      finish_run (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  request_page (task, page->next_cursor);
}

/* The orders that earlier runs could not read are asked for again first:
 * the watermark went past them, so no listing would bring them back. */
static void
on_problems_fetched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(RetourOrderPage) page = NULL;
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GError *error = NULL;

  page = retour_connector_fetch_orders_finish (RETOUR_CONNECTOR (object), result, &error);
  if (page == NULL)
    {
      end_run (task, error);
      return;
    }

  /* What the store no longer has is no longer a problem. */
  for (guint i = 0; i < page->orders->len; i++)
    g_hash_table_add (answered, ((RetourSyncedOrder *) g_ptr_array_index (page->orders, i))->order->external_id);
  for (guint i = 0; i < page->problems->len; i++)
    g_hash_table_add (answered, ((RetourSyncProblem *) g_ptr_array_index (page->problems, i))->external_id);
  /* Unless the answer went on past one page: those are asked next time. */
  for (guint i = 0; page->next_cursor == NULL && data->refetch[i] != NULL; i++)
    if (!g_hash_table_contains (answered, data->refetch[i]))
      g_ptr_array_add (gone, data->refetch[i]);
  g_ptr_array_add (gone, NULL);

  if (!store_page (self, data, page, 0, &error) ||
      !retour_sync_store_clear_problems (self->db, data->store_id, (const char * const *) gone->pdata, &error))
    {
      end_run (task, error);
      return;
    }

  for (guint i = 0; i < page->orders->len; i++)
    {
      RetourSyncedOrder *synced = g_ptr_array_index (page->orders, i);

      g_hash_table_insert (data->seen, g_strdup (synced->order->external_id),
                           g_memdup2 (&synced->order->updated_us, sizeof (gint64)));
    }

  request_page (task, NULL);
}

static void
fetch_problems (GTask *task)
{
  RetourSyncEngine *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  GError *error = NULL;
  guint n = 0;

  if (!retour_connector_can_fetch_orders (data->connector))
    {
      request_page (task, NULL);
      return;
    }

  problems = retour_sync_store_list_problems (self->db, data->store_id, &error);
  if (problems == NULL)
    {
      end_run (task, error);
      return;
    }

  /* Ids made up for orders that had none cannot be asked for. */
  for (guint i = 0; i < problems->len && n < RETOUR_CONNECTOR_MAX_FETCH; i++)
    {
      const RetourSyncProblem *problem = g_ptr_array_index (problems, i);

      if (problem->external_id[0] != '?')
        {
          g_strv_builder_add (ids, problem->external_id);
          n++;
        }
    }

  if (n == 0)
    {
      request_page (task, NULL);
      return;
    }

  data->refetch = g_strv_builder_end (ids);
  retour_connector_fetch_orders_async (data->connector, (const char * const *) data->refetch,
                                       g_task_get_cancellable (task), on_problems_fetched, task);
}

static void
request_page (GTask      *task,
              const char *cursor)
{
  SyncData *data = g_task_get_task_data (task);

  retour_connector_list_orders_async (data->connector, data->since_us, cursor,
                                      g_task_get_cancellable (task), on_page, task);
}

void
retour_sync_engine_sync_async (RetourSyncEngine    *self,
                               gint64               store_id,
                               RetourConnector     *connector,
                               RetourSyncFlags      flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(RetourStorefront) storefront = NULL;
  GError *error = NULL;
  GTask *task;
  SyncData *data;

  g_return_if_fail (RETOUR_IS_SYNC_ENGINE (self));
  g_return_if_fail (RETOUR_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_sync_engine_sync_async);

  data = g_new0 (SyncData, 1);
  data->store_id = store_id;
  data->connector = g_object_ref (connector);
  data->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->total = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) sync_data_free);

  storefront = retour_sync_store_load (self->db, store_id, &error);
  if (storefront == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data->full = (flags & RETOUR_SYNC_FLAGS_FULL) != 0 || storefront->watermark_us == 0;
  data->since_us = data->full ? 0 : MAX (storefront->watermark_us - RETOUR_SYNC_OVERLAP_US, 0);
  g_debug ("Syncing store %" G_GINT64_FORMAT " (%s) since %" G_GINT64_FORMAT,
           store_id, data->full ? "full" : "incremental", data->since_us);

  fetch_problems (task);
}

gboolean
retour_sync_engine_sync_finish (RetourSyncEngine  *self,
                                GAsyncResult      *result,
                                RetourSyncStats   *stats,
                                GError           **error)
{
  g_autofree RetourSyncStats *result_stats = NULL;

  g_return_val_if_fail (RETOUR_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_sync_engine_sync_async, FALSE);

  result_stats = g_task_propagate_pointer (G_TASK (result), error);
  if (result_stats == NULL)
    return FALSE;

  if (stats != NULL)
    *stats = *result_stats;

  return TRUE;
}

/* ------------------------------------------------------------- answers */

void
retour_sync_engine_answer_async (RetourSyncEngine    *self,
                                 gint64               store_id,
                                 RetourConnector     *connector,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SyncData *data;
  GTask *task;

  g_return_if_fail (RETOUR_IS_SYNC_ENGINE (self));
  g_return_if_fail (RETOUR_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_sync_engine_answer_async);
  data = g_new0 (SyncData, 1);
  data->store_id = store_id;
  data->connector = g_object_ref (connector);
  data->answers_only = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) sync_data_free);

  if (!retour_connector_can_list_return_requests (connector) ||
      (retour_database_get_operator_roles (self->db) & RETOUR_OPERATOR_ROLE_DESK) == 0)
    {
      end_run (task, NULL);
      return;
    }

  answer_requests (task);
}

gboolean
retour_sync_engine_answer_finish (RetourSyncEngine  *self,
                                  GAsyncResult      *result,
                                  RetourSyncStats   *stats,
                                  GError           **error)
{
  g_autofree RetourSyncStats *result_stats = NULL;

  g_return_val_if_fail (RETOUR_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_sync_engine_answer_async, FALSE);

  result_stats = g_task_propagate_pointer (G_TASK (result), error);
  if (result_stats == NULL)
    return FALSE;
  if (stats != NULL)
    *stats = *result_stats;

  return TRUE;
}

/* ------------------------------------------------------------ write-back */

static void
on_refund_created (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  RetourWriteBack *write_back = g_task_get_task_data (task);
  g_autoptr(GError) record_error = NULL;
  GError *error = NULL;
  char *id;

  id = retour_connector_create_refund_finish (RETOUR_CONNECTOR (object), result, &error);

  /* Kept visible and retryable when it failed. */
  if (!retour_sync_store_record_write_back (self->db, write_back->refund_id, id,
                                            error != NULL ? error->message : NULL,
                                            engine_now (self), &record_error))
    {
      g_clear_error (&error);
      g_free (id);
      g_task_return_error (task, g_steal_pointer (&record_error));
      g_object_unref (task);
      return;
    }

  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

void
retour_sync_engine_write_back_async (RetourSyncEngine    *self,
                                     gint64               refund_id,
                                     RetourConnector     *connector,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(RetourStorefront) storefront = NULL;
  RetourWriteBack *write_back = NULL;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (RETOUR_IS_SYNC_ENGINE (self));
  g_return_if_fail (RETOUR_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_sync_engine_write_back_async);

  if (!retour_sync_store_queue_write_back (self->db, refund_id, engine_now (self), &error) ||
      (write_back = retour_sync_store_load_write_back (self->db, refund_id, &error)) == NULL ||
      (storefront = retour_sync_store_load (self->db, write_back->store_id, &error)) == NULL)
    {
      retour_write_back_free (write_back);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, write_back, (GDestroyNotify) retour_write_back_free);

  if (write_back->external_id != NULL)
    {
      g_task_return_pointer (task, g_strdup (write_back->external_id), g_free);
      g_object_unref (task);
      return;
    }

  if (!storefront->write_back)
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                               _("Refunds are not written back to the store “%s”; turn it on in the store’s settings first."),
                               storefront->name);
      g_object_unref (task);
      return;
    }

  retour_connector_create_refund_async (connector, write_back, storefront->refund_via_gateway,
                                        cancellable, on_refund_created, task);
}

char *
retour_sync_engine_write_back_finish (RetourSyncEngine  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (RETOUR_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_sync_engine_write_back_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ----------------------------------------------------------- resolutions */

/* What the storefront refused stays refused until staff change it or try
 * again; keys that fail, a store that is down or a lost answer leave it
 * queued for the next run. */
static gboolean
resolution_refused (const GError *error)
{
  return g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED) ||
         g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND);
}

static void
on_resolution_carried_out (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GTask *task = user_data;
  RetourSyncEngine *self = g_task_get_source_object (task);
  RetourStoreResolution *resolution = g_task_get_task_data (task);
  g_autoptr(RetourResolutionOutcome) outcome = NULL;
  g_autoptr(RetourStoreResolution) recorded = NULL;
  g_autoptr(GError) record_error = NULL;
  g_autoptr(GError) error = NULL;

  outcome = retour_connector_carry_out_resolution_finish (RETOUR_CONNECTOR (object), result, &error);

  /* A cancelled run says nothing about the storefront: nothing is
   * recorded, and the next run looks for it. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !retour_resolution_store_record (self->db, resolution->id,
                                       outcome != NULL ? outcome->external_id : NULL,
                                       outcome != NULL ? outcome->code : NULL,
                                       outcome != NULL ? outcome->payment_url : NULL,
                                       resolution_refused (error),
                                       error != NULL ? error->message : NULL,
                                       engine_now (self), &record_error))
    {
      g_task_return_error (task, g_steal_pointer (&record_error));
      g_object_unref (task);
      return;
    }

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  recorded = retour_resolution_store_load (self->db, resolution->id, &record_error);
  if (recorded == NULL)
    g_task_return_error (task, g_steal_pointer (&record_error));
  else
    g_task_return_pointer (task, g_steal_pointer (&recorded), (GDestroyNotify) retour_store_resolution_free);
  g_object_unref (task);
}

void
retour_sync_engine_carry_out_async (RetourSyncEngine    *self,
                                    gint64               resolution_id,
                                    RetourConnector     *connector,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(RetourStoreResolution) resolution = NULL;
  g_autofree char *days = NULL;
  GError *error = NULL;
  GTask *task;
  gint64 n_days;

  g_return_if_fail (RETOUR_IS_SYNC_ENGINE (self));
  g_return_if_fail (RETOUR_IS_CONNECTOR (connector));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_sync_engine_carry_out_async);

  resolution = retour_resolution_store_load (self->db, resolution_id, &error);
  if (resolution == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  switch (resolution->state)
    {
    case RETOUR_STORE_RESOLUTION_DONE:
      g_task_return_pointer (task, g_steal_pointer (&resolution), (GDestroyNotify) retour_store_resolution_free);
      g_object_unref (task);
      return;
    case RETOUR_STORE_RESOLUTION_FAILED:
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED, "%s",
                               resolution->last_error != NULL ? resolution->last_error : "");
      g_object_unref (task);
      return;
    case RETOUR_STORE_RESOLUTION_QUEUED:
    default:
      break;
    }

  if (!retour_connector_can_carry_out (connector, resolution->kind))
    {
      g_task_return_new_error (task, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                               _("This store cannot make what the return’s resolution needs."));
      g_object_unref (task);
      return;
    }

  /* A coupon runs out when the shop says, counted from when it is made. */
  days = retour_setting_store_get (self->db, RETOUR_SETTING_COUPON_DAYS, NULL, NULL);
  n_days = days != NULL ? g_ascii_strtoll (days, NULL, 10) : RETOUR_DEFAULT_COUPON_DAYS;
  if (n_days > 0)
    resolution->expires_us = engine_now (self) + n_days * G_TIME_SPAN_DAY;

  g_task_set_task_data (task, resolution, (GDestroyNotify) retour_store_resolution_free);
  retour_connector_carry_out_resolution_async (connector, g_steal_pointer (&resolution), cancellable,
                                               on_resolution_carried_out, task);
}

RetourStoreResolution *
retour_sync_engine_carry_out_finish (RetourSyncEngine  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (RETOUR_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_sync_engine_carry_out_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
