/* retour-message-store.c — messages to the customer, kept as sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-carrier-store.h"
#include "retour-database-private.h"
#include "retour-label-store.h"
#include "retour-message-store.h"
#include "retour-rma-store.h"
#include "retour-rma-store-private.h"
#include "retour-setting-store.h"
#include "retour-sync-store.h"

#define MESSAGE_COLUMNS \
  "m.id, m.rma_id, m.step, m.reference, m.language, m.channel, m.store_id, m.recipient, m.subject, " \
  "m.body, m.state, m.attempts, m.next_attempt_us, m.last_error, m.created_us, m.sent_us, " \
  "m.message_id, r.number, o.external_id "
#define MESSAGE_FROM \
  "FROM customer_message m JOIN rma r ON r.id = m.rma_id LEFT JOIN \"order\" o ON o.id = r.order_id "

void
retour_message_attachment_free (RetourMessageAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->name);
  g_free (attachment->mime_type);
  g_free (attachment->sha256);
  g_clear_pointer (&attachment->data, g_bytes_unref);
  g_free (attachment);
}

void
retour_message_free (RetourMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->language);
  g_free (message->recipient);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->last_error);
  g_free (message->message_id);
  g_free (message->rma_number);
  g_free (message->order_external_id);
  g_clear_pointer (&message->attachments, g_ptr_array_unref);
  g_free (message);
}

static const char *
nick (GType type,
      int   value)
{
  return retour_enum_to_nick (type, value);
}

/* The shop's choices ------------------------------------------------------ */

static char *
step_key (const char        *what,
          RetourMessageStep  step)
{
  return g_strdup_printf ("message-%s:%s", what, nick (RETOUR_TYPE_MESSAGE_STEP, step));
}

RetourMessageChannel
retour_message_store_get_channel (RetourDatabase     *db,
                                  RetourMessageStep   step,
                                  GError            **error)
{
  g_autofree char *key = step_key ("channel", step);
  g_autofree char *value = retour_setting_store_get (db, key, "off", error);
  int channel = RETOUR_MESSAGE_CHANNEL_OFF;

  if (value != NULL)
    retour_enum_from_nick (RETOUR_TYPE_MESSAGE_CHANNEL, value, &channel);

  return channel;
}

gboolean
retour_message_store_set_channel (RetourDatabase        *db,
                                  RetourMessageStep      step,
                                  RetourMessageChannel   channel,
                                  GError               **error)
{
  g_autofree char *key = step_key ("channel", step);

  return retour_setting_store_set (db, key, nick (RETOUR_TYPE_MESSAGE_CHANNEL, channel), error);
}

RetourMessageMode
retour_message_store_get_mode (RetourDatabase     *db,
                               RetourMessageStep   step,
                               GError            **error)
{
  g_autofree char *key = step_key ("mode", step);
  g_autofree char *value = retour_setting_store_get (db, key, "automatic", error);
  int mode = RETOUR_MESSAGE_MODE_AUTOMATIC;

  if (value != NULL)
    retour_enum_from_nick (RETOUR_TYPE_MESSAGE_MODE, value, &mode);

  return mode;
}

gboolean
retour_message_store_set_mode (RetourDatabase      *db,
                               RetourMessageStep    step,
                               RetourMessageMode    mode,
                               GError             **error)
{
  g_autofree char *key = step_key ("mode", step);

  return retour_setting_store_set (db, key, nick (RETOUR_TYPE_MESSAGE_MODE, mode), error);
}

/* Templates ----------------------------------------------------------------- */

static gboolean
check_language (const char  *language,
                GError     **error)
{
  static const char * const ours[] = { "en", "nl", "fr", "de", "pl" };

  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (ours); i++)
    if (g_str_equal (language, ours[i]))
      return TRUE;

  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
               _("Messages are written in English, Dutch, French, German or Polish, not “%s”."),
               language != NULL ? language : "");
  return FALSE;
}

gboolean
retour_message_store_get_template (RetourDatabase      *db,
                                   RetourMessageStep    step,
                                   const char          *language,
                                   char               **subject,
                                   char               **body,
                                   gboolean            *edited,
                                   GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (step < RETOUR_MESSAGE_N_STEPS, FALSE);

  if (!check_language (language, error))
    return FALSE;

  stmt = retour_database_prepare (db, "SELECT subject, body FROM message_template WHERE step = ?1 AND language = ?2",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_static_text (stmt, 1, nick (RETOUR_TYPE_MESSAGE_STEP, step));
  retour_stmt_bind_text (stmt, 2, language);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  if (has_row)
    {
      *subject = retour_stmt_dup_text (stmt, 0);
      *body = retour_stmt_dup_text (stmt, 1);
    }
  else
    {
      const RetourCatalog *catalog = retour_catalog_get (language);

      *subject = g_strdup (retour_message_default_subject (step, catalog));
      *body = g_strdup (retour_message_default_body (step, catalog));
    }
  if (edited != NULL)
    *edited = has_row;

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

gboolean
retour_message_store_set_template (RetourDatabase      *db,
                                   RetourMessageStep    step,
                                   const char          *language,
                                   const char          *subject,
                                   const char          *body,
                                   gint64               now_us,
                                   GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (step < RETOUR_MESSAGE_N_STEPS, FALSE);

  if (!check_language (language, error))
    return FALSE;

  if (subject == NULL && body == NULL)
    {
      stmt = retour_database_prepare (db, "DELETE FROM message_template WHERE step = ?1 AND language = ?2", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_static_text (stmt, 1, nick (RETOUR_TYPE_MESSAGE_STEP, step));
      retour_stmt_bind_text (stmt, 2, language);
      return retour_stmt_run (stmt, error);
    }

  if (is_blank (subject) || is_blank (body))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A message needs a subject and a text."));
      return FALSE;
    }
  /* The subject is one header line: a line break would end it. */
  if (strpbrk (subject, "\r\n") != NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("The subject of a message is one line."));
      return FALSE;
    }

  stmt = retour_database_prepare (db,
                                  "INSERT INTO message_template (step, language, subject, body, updated_us) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5) "
                                  "ON CONFLICT (step, language) DO UPDATE SET subject = excluded.subject, "
                                  "body = excluded.body, updated_us = excluded.updated_us",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_static_text (stmt, 1, nick (RETOUR_TYPE_MESSAGE_STEP, step));
  retour_stmt_bind_text (stmt, 2, language);
  retour_stmt_bind_text (stmt, 3, subject);
  retour_stmt_bind_text (stmt, 4, body);
  retour_stmt_bind_int64 (stmt, 5, now_us);

  return retour_stmt_run (stmt, error);
}

/* Composing ------------------------------------------------------------------ */

/* A locale whose money conventions go with @language. */
static const char *
money_locale (const char *language)
{
  static const struct { const char *language; const char *locale; } locales[] = {
    { "nl", "nl_NL.UTF-8" }, { "fr", "fr_FR.UTF-8" }, { "de", "de_DE.UTF-8" },
    { "pl", "pl_PL.UTF-8" }, { "en", "en_IE.UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    if (g_str_equal (language, locales[i].language))
      return locales[i].locale;

  return "en_IE.UTF-8";
}

static char *
one_line (const char *text)
{
  return retour_text_for_display (text, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
}

static char *
format_items (const RetourRma *rma)
{
  g_autoptr(GString) items = g_string_new (NULL);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      guint quantity = retour_rma_get_line_quantity (rma, line);
      g_autofree char *title = one_line (line->title);

      if (quantity == 0)
        continue;
      if (items->len > 0)
        g_string_append_c (items, '\n');
      g_string_append_printf (items, "%u × %s", quantity, title != NULL ? title : "");
    }

  return g_string_free (g_steal_pointer (&items), FALSE);
}

/* A date the way @language writes it (retour_catalog_format_date()'s
 * formats), known even when Retour has no translations into it. */
static char *
format_time (const char *language,
             gint64      time_us,
             gboolean    with_time)
{
  const char *format = g_str_equal (language, "nl") ? "%d-%m-%Y"
                     : g_str_equal (language, "de") || g_str_equal (language, "pl") ? "%d.%m.%Y"
                     : "%d/%m/%Y";
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;

  if (time_us <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  date = g_date_time_format (local, format);
  if (!with_time)
    return g_steal_pointer (&date);

  clock = g_date_time_format (local, "%H:%M");
  return g_strdup_printf ("%s %s", date, clock);
}

/* Why the return was rejected, as staff wrote it at the step. */
static char *
load_rejection_note (RetourDatabase  *db,
                     gint64           rma_id,
                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT detail FROM rma_event WHERE rma_id = ?1 AND kind = 'status' "
                                  "AND to_status = 'rejected' ORDER BY id DESC LIMIT 1",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return NULL;

  return g_strdup (has_row ? retour_stmt_column_text (stmt, 0) : "");
}

/* A valid address for an envelope and a To header: one line, no blanks,
 * an @ with something either side, ASCII (an international address
 * needs SMTPUTF8, which Retour does not ask a server for). */
static gboolean
is_address (const char *address)
{
  const char *at;

  if (address == NULL || *address == '\0' || strlen (address) > 254)
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("<>()[],;:\"\\", *p) != NULL)
      return FALSE;
  at = strrchr (address, '@');

  return at != NULL && at != address && at[1] != '\0' && strchr (address, '@') == at;
}

typedef struct
{
  char      *language;
  char      *subject;
  char      *body;
  GPtrArray *attachments;  /* of RetourMessageAttachment* */
} Composed;

static void
composed_clear (Composed *composed)
{
  g_clear_pointer (&composed->language, g_free);
  g_clear_pointer (&composed->subject, g_free);
  g_clear_pointer (&composed->body, g_free);
  g_clear_pointer (&composed->attachments, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Composed, composed_clear)

static RetourMessageAttachment *
attachment_new (const char *name,
                const char *mime_type,
                GBytes     *data)
{
  RetourMessageAttachment *attachment = g_new0 (RetourMessageAttachment, 1);

  attachment->name = g_strdup (name);
  attachment->mime_type = g_strdup (mime_type);
  attachment->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  attachment->data = g_bytes_ref (data);
  attachment->size = g_bytes_get_size (data);

  return attachment;
}

/* The label the customer sends the parcel with: the carrier's prepaid
 * one when the return has it, else the newest address label made here;
 * NULL when there is none yet. */
static gboolean
load_label (RetourDatabase  *db,
            gint64           rma_id,
            GBytes         **out_pdf,
            GError         **error)
{
  g_autoptr(RetourCarrierRecord) carrier = NULL;
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_pdf = NULL;

  carrier = retour_carrier_store_get_live (db, rma_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (carrier != NULL && carrier->pdf != NULL)
    {
      *out_pdf = g_bytes_ref (carrier->pdf);
      return TRUE;
    }

  label = retour_label_store_load_newest (db, rma_id, &local_error);
  if (label == NULL && !g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (label != NULL)
    *out_pdf = g_bytes_ref (label->pdf);

  return TRUE;
}

/* The message of @step for @rma in the customer's language, with
 * @refund (NULL but for the money steps). */
static gboolean
compose (RetourDatabase      *db,
         const RetourRma     *rma,
         RetourMessageStep    step,
         const RetourMoney   *refund,
         Composed            *composed,
         GError             **error)
{
  const RetourCatalog *catalog;
  g_autofree char *subject_template = NULL;
  g_autofree char *body_template = NULL;
  g_autofree char *number = NULL;
  g_autofree char *order = NULL;
  g_autofree char *items = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *declared = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *shop_setting = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *name = NULL;
  RetourMessageValues values = { 0 };

  composed->language = g_strdup (retour_message_choose_language (rma->customer_language, rma->country));
  composed->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_message_attachment_free);
  catalog = retour_catalog_get (composed->language);

  if (!retour_message_store_get_template (db, step, composed->language, &subject_template, &body_template,
                                          NULL, error))
    return FALSE;

  shop_setting = retour_setting_store_get (db, RETOUR_SETTING_SHOP_NAME, "", error);
  if (shop_setting == NULL)
    return FALSE;

  number = rma->number != NULL ? retour_rma_number_display (rma->number) : g_strdup ("");
  order = one_line (rma->order_number);
  items = format_items (rma);
  if (refund != NULL)
    amount = retour_money_format_for_locale (*refund, money_locale (composed->language));
  deadline = format_time (composed->language, rma->due_us, FALSE);
  declared = format_time (composed->language, rma->declared_us, TRUE);
  if (step == RETOUR_MESSAGE_STEP_REJECTED)
    {
      g_autofree char *note = load_rejection_note (db, rma->id, error);

      if (note == NULL)
        return FALSE;
      reason = retour_text_for_display (note, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
    }
  shop = one_line (shop_setting);
  name = one_line (rma->customer_name);

  if (step == RETOUR_MESSAGE_STEP_APPROVED)
    {
      g_autoptr(GBytes) label = NULL;

      if (!load_label (db, rma->id, &label, error))
        return FALSE;
      if (label != NULL)
        {
          g_autofree char *file_name = g_strdup_printf ("return-label-%s.pdf",
                                                        rma->number != NULL ? rma->number : "return");

          g_ptr_array_add (composed->attachments, attachment_new (file_name, "application/pdf", label));
          values.label = retour_message_label_sentence (catalog);
        }
    }

  values.rma = number;
  values.order = order;
  values.items = items;
  values.refund = amount;
  values.deadline = deadline;
  values.declared = declared;
  values.reason = reason;
  values.shop = shop;
  values.name = name;

  composed->subject = retour_message_render (subject_template, &values, TRUE);
  composed->body = retour_message_render (body_template, &values, FALSE);

  return TRUE;
}

/* Queueing --------------------------------------------------------------------- */

static gboolean
message_exists (RetourDatabase      *db,
                gint64               rma_id,
                RetourMessageStep    step,
                gint64               reference,
                gboolean            *exists,
                GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT 1 FROM customer_message WHERE rma_id = ?1 AND step = ?2 AND reference = ?3",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_static_text (stmt, 2, nick (RETOUR_TYPE_MESSAGE_STEP, step));
  retour_stmt_bind_int64 (stmt, 3, reference);

  return retour_stmt_step (stmt, exists, error);
}

/* The storefront that tells the customer of @step of @rma itself, or 0:
 * its order's, when that storefront has a notification for the step. */
static gint64
storefront_for (RetourDatabase     *db,
                const RetourRma    *rma,
                RetourMessageStep   step,
                gboolean           *with_the_step,
                GError            **error)
{
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;

  if (rma->order_id == 0)
    return 0;
  order = retour_catalog_store_load_order (db, rma->order_id, error);
  if (order == NULL || order->store_id == 0)
    return 0;
  storefront = retour_sync_store_load (db, order->store_id, error);
  if (storefront == NULL)
    return 0;

  switch (storefront->platform)
    {
    case RETOUR_PLATFORM_WOOCOMMERCE:
      /* A customer note on the order, which WooCommerce mails. */
      return storefront->id;
    case RETOUR_PLATFORM_SHOPIFY:
      /* notifyCustomer of the approval and the decline of a request:
       * the message goes with the decision, as soon as it is sent. */
      *with_the_step = TRUE;
      return (step == RETOUR_MESSAGE_STEP_APPROVED || step == RETOUR_MESSAGE_STEP_REJECTED) &&
             rma->order_id != 0 ? storefront->id : 0;
    default:
      return 0;
    }
}

static char *
new_message_id (RetourDatabase  *db,
                GError         **error)
{
  g_autofree char *from = retour_setting_store_get (db, RETOUR_SETTING_SMTP_FROM, "", error);
  g_autofree char *shop_email = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  const char *at;

  if (from == NULL)
    return NULL;
  if (*from == '\0')
    {
      shop_email = retour_setting_store_get (db, RETOUR_SETTING_SHOP_EMAIL, "", error);
      if (shop_email == NULL)
        return NULL;
    }
  at = strrchr (*from != '\0' ? from : shop_email, '@');

  return g_strdup_printf ("<retour.%s@%s>", uuid,
                          at != NULL && is_address (*from != '\0' ? from : shop_email) ? at + 1 : "retour.invalid");
}

static gboolean
add_history (RetourDatabase  *db,
             gint64           rma_id,
             const char      *actor,
             const char      *detail,
             gint64           now_us,
             GError         **error)
{
  return retour_rma_store_add_detail_event (db, rma_id, "message", actor != NULL ? actor : "retour",
                                            detail, now_us, error);
}

static gboolean
insert_message (RetourDatabase        *db,
                const RetourRma       *rma,
                RetourMessageStep      step,
                gint64                 reference,
                const RetourMoney     *refund,
                gint64                 now_us,
                GError               **error)
{
  g_auto(Composed) composed = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message_id = NULL;
  RetourMessageChannel channel;
  RetourMessageMode mode = RETOUR_MESSAGE_MODE_AUTOMATIC;
  gboolean exists;
  gboolean with_the_step = FALSE;
  gint64 store_id = 0;
  gint64 id;

  channel = retour_message_store_get_channel (db, step, &local_error);
  if (local_error == NULL && channel != RETOUR_MESSAGE_CHANNEL_OFF)
    mode = retour_message_store_get_mode (db, step, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (channel == RETOUR_MESSAGE_CHANNEL_OFF)
    return TRUE;

  if (!message_exists (db, rma->id, step, reference, &exists, error))
    return FALSE;
  if (exists)
    return TRUE;

  if (channel == RETOUR_MESSAGE_CHANNEL_STOREFRONT)
    {
      store_id = storefront_for (db, rma, step, &with_the_step, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (store_id == 0)
        channel = RETOUR_MESSAGE_CHANNEL_SMTP;
      /* Staff confirmed it by taking the step: Shopify tells the
       * customer with the call that reports it, or never. */
      else if (with_the_step)
        mode = RETOUR_MESSAGE_MODE_AUTOMATIC;
    }

  if (channel != RETOUR_MESSAGE_CHANNEL_STOREFRONT && !is_address (rma->customer_email))
    {
      g_autofree char *detail = NULL;

      /* Translators: a line in a return's history; %s is a step, "Return approved". */
      detail = g_strdup_printf (_("%s: not told to the customer, who has no valid e-mail address."),
                                retour_message_step_get_label (step));
      return add_history (db, rma->id, NULL, detail, now_us, error);
    }

  if (!compose (db, rma, step, refund, &composed, error))
    return FALSE;
  message_id = new_message_id (db, error);
  if (message_id == NULL)
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO customer_message (rma_id, step, reference, language, channel, store_id, "
                                  "recipient, subject, body, state, attempts, next_attempt_us, created_us, message_id) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?11, ?12) RETURNING id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma->id);
  retour_stmt_bind_static_text (stmt, 2, nick (RETOUR_TYPE_MESSAGE_STEP, step));
  retour_stmt_bind_int64 (stmt, 3, reference);
  retour_stmt_bind_text (stmt, 4, composed.language);
  retour_stmt_bind_static_text (stmt, 5, nick (RETOUR_TYPE_MESSAGE_CHANNEL, channel));
  retour_stmt_bind_id_or_null (stmt, 6, store_id);
  retour_stmt_bind_text (stmt, 7, is_address (rma->customer_email) ? rma->customer_email : NULL);
  retour_stmt_bind_text (stmt, 8, composed.subject);
  retour_stmt_bind_text (stmt, 9, composed.body);
  retour_stmt_bind_static_text (stmt, 10, nick (RETOUR_TYPE_MESSAGE_STATE,
                                                mode == RETOUR_MESSAGE_MODE_CONFIRM
                                                ? RETOUR_MESSAGE_STATE_AWAITING_CONFIRMATION
                                                : RETOUR_MESSAGE_STATE_QUEUED));
  retour_stmt_bind_int64 (stmt, 11, now_us);
  retour_stmt_bind_text (stmt, 12, message_id);
  if (!retour_stmt_step_row (stmt, NULL, error))
    return FALSE;
  id = retour_stmt_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, retour_stmt_release);

  for (guint i = 0; i < composed.attachments->len; i++)
    {
      RetourMessageAttachment *attachment = g_ptr_array_index (composed.attachments, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (attachment->data, &size);

      stmt = retour_database_prepare (db,
                                      "INSERT INTO customer_message_attachment (message_id, position, name, mime_type, "
                                      "sha256, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, id);
      retour_stmt_bind_int64 (stmt, 2, i);
      retour_stmt_bind_text (stmt, 3, attachment->name);
      retour_stmt_bind_text (stmt, 4, attachment->mime_type);
      retour_stmt_bind_text (stmt, 5, attachment->sha256);
      retour_stmt_bind_blob (stmt, 6, data, size);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, retour_stmt_release);
    }

  return TRUE;
}

gboolean
retour_message_store_queue (RetourDatabase      *db,
                            gint64               rma_id,
                            RetourMessageStep    step,
                            gint64               now_us,
                            GError             **error)
{
  g_autoptr(RetourRma) rma = NULL;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (step < RETOUR_MESSAGE_N_STEPS, FALSE);
  g_return_val_if_fail (step != RETOUR_MESSAGE_STEP_REFUND_PAID && step != RETOUR_MESSAGE_STEP_CREDIT_ISSUED,
                        FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  rma = retour_rma_store_load (db, rma_id, error);
  if (rma == NULL || !insert_message (db, rma, step, 0, NULL, now_us, error))
    {
      retour_txn_rollback (&txn);
      return FALSE;
    }

  return retour_txn_commit (&txn, error);
}

gboolean
retour_message_store_queue_for_status (RetourDatabase   *db,
                                       const RetourRma  *rma,
                                       gint64            now_us,
                                       GError          **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);

  switch (rma->status)
    {
    case RETOUR_RMA_STATUS_AUTHORIZED:
      return retour_message_store_queue (db, rma->id, RETOUR_MESSAGE_STEP_APPROVED, now_us, error);
    case RETOUR_RMA_STATUS_REJECTED:
      return retour_message_store_queue (db, rma->id, RETOUR_MESSAGE_STEP_REJECTED, now_us, error);
    case RETOUR_RMA_STATUS_RECEIVED:
      return retour_message_store_queue (db, rma->id, RETOUR_MESSAGE_STEP_PARCEL_RECEIVED, now_us, error);
    case RETOUR_RMA_STATUS_INSPECTED:
      /* The remedy is chosen: the law wants the customer told before it
       * is carried out. */
      if (rma->resolution == RETOUR_RESOLUTION_REPAIR || rma->resolution == RETOUR_RESOLUTION_REPLACEMENT)
        return retour_message_store_queue (db, rma->id, RETOUR_MESSAGE_STEP_REPAIR_NOTICE, now_us, error);
      return TRUE;
    case RETOUR_RMA_STATUS_RESOLVED:
      if (rma->resolution == RETOUR_RESOLUTION_EXCHANGE)
        return retour_message_store_queue (db, rma->id, RETOUR_MESSAGE_STEP_EXCHANGE_SENT, now_us, error);
      return TRUE;
    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_CLOSED:
    case RETOUR_RMA_STATUS_CANCELLED:
    case RETOUR_RMA_STATUS_EXPIRED:
    default:
      return TRUE;
    }
}

gboolean
retour_message_store_transition (RetourDatabase   *db,
                                 RetourRma        *rma,
                                 RetourRmaStatus   to,
                                 const char       *actor,
                                 const char       *note,
                                 gint64            now_us,
                                 GError          **error)
{
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  if (!retour_rma_store_transition (db, rma, to, actor, note, now_us, error) ||
      !retour_message_store_queue_for_status (db, rma, now_us, error))
    {
      retour_txn_rollback (&txn);
      return FALSE;
    }

  return retour_txn_commit (&txn, error);
}

gboolean
retour_message_store_queue_refund (RetourDatabase  *db,
                                   gint64           refund_id,
                                   gint64           now_us,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *method = NULL;
  RetourMoney amount;
  gint64 rma_id;
  int refund_method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT rma_id, amount_minor, currency, method FROM refund "
                                  "WHERE id = ?1 AND source = 'retour'",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, refund_id);
  if (!retour_stmt_step_row (stmt, _("The refund no longer exists."), error))
    return FALSE;
  rma_id = retour_stmt_column_int64 (stmt, 0);
  currency = retour_stmt_dup_text (stmt, 2);
  amount = retour_money_init (retour_stmt_column_int64 (stmt, 1), currency);
  method = retour_stmt_dup_text (stmt, 3);
  retour_enum_from_nick (RETOUR_TYPE_REFUND_METHOD, method, &refund_method);
  g_clear_pointer (&stmt, retour_stmt_release);

  rma = retour_rma_store_load (db, rma_id, error);
  if (rma == NULL ||
      !insert_message (db, rma,
                       refund_method == RETOUR_REFUND_METHOD_STORE_CREDIT ? RETOUR_MESSAGE_STEP_CREDIT_ISSUED
                                                                          : RETOUR_MESSAGE_STEP_REFUND_PAID,
                       refund_id, &amount, now_us, error))
    {
      retour_txn_rollback (&txn);
      return FALSE;
    }

  return retour_txn_commit (&txn, error);
}

/* Reading ------------------------------------------------------------------------ */

static gpointer
message_from_row (RetourStmt *stmt,
                  gpointer    user_data)
{
  RetourMessage *message = g_new0 (RetourMessage, 1);
  int value;

  message->id = retour_stmt_column_int64 (stmt, 0);
  message->rma_id = retour_stmt_column_int64 (stmt, 1);
  message->step = retour_enum_from_nick (RETOUR_TYPE_MESSAGE_STEP, retour_stmt_column_text (stmt, 2), &value)
                  ? value : RETOUR_MESSAGE_STEP_REQUEST_RECEIVED;
  message->reference = retour_stmt_column_int64 (stmt, 3);
  message->language = retour_stmt_dup_text (stmt, 4);
  message->channel = retour_enum_from_nick (RETOUR_TYPE_MESSAGE_CHANNEL, retour_stmt_column_text (stmt, 5), &value)
                     ? value : RETOUR_MESSAGE_CHANNEL_SMTP;
  message->store_id = retour_stmt_column_int64 (stmt, 6);
  message->recipient = retour_stmt_dup_text (stmt, 7);
  message->subject = retour_stmt_dup_text (stmt, 8);
  message->body = retour_stmt_dup_text (stmt, 9);
  message->state = retour_enum_from_nick (RETOUR_TYPE_MESSAGE_STATE, retour_stmt_column_text (stmt, 10), &value)
                   ? value : RETOUR_MESSAGE_STATE_FAILED;
  message->attempts = (guint) retour_stmt_column_int64 (stmt, 11);
  message->next_attempt_us = retour_stmt_column_int64 (stmt, 12);
  message->last_error = retour_stmt_dup_text (stmt, 13);
  message->created_us = retour_stmt_column_int64 (stmt, 14);
  message->sent_us = retour_stmt_column_int64 (stmt, 15);
  message->message_id = retour_stmt_dup_text (stmt, 16);
  message->rma_number = retour_stmt_dup_text (stmt, 17);
  message->order_external_id = retour_stmt_dup_text (stmt, 18);
  message->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_message_attachment_free);

  return message;
}

static gpointer
attachment_from_row (RetourStmt *stmt,
                     gpointer    user_data)
{
  gboolean with_data = GPOINTER_TO_INT (user_data);
  RetourMessageAttachment *attachment = g_new0 (RetourMessageAttachment, 1);

  attachment->name = retour_stmt_dup_text (stmt, 0);
  attachment->mime_type = retour_stmt_dup_text (stmt, 1);
  attachment->sha256 = retour_stmt_dup_text (stmt, 2);
  attachment->size = (gsize) retour_stmt_column_int64 (stmt, 3);
  if (with_data)
    {
      gsize size;
      gconstpointer data = retour_stmt_column_blob (stmt, 4, &size);

      attachment->data = g_bytes_new (data, size);
    }

  return attachment;
}

static gboolean
load_attachments (RetourDatabase  *db,
                  RetourMessage   *message,
                  gboolean         with_data,
                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  if (with_data)
    stmt = retour_database_prepare (db,
                                    "SELECT name, mime_type, sha256, length (data), data FROM customer_message_attachment "
                                    "WHERE message_id = ?1 ORDER BY position",
                                    error);
  else
    stmt = retour_database_prepare (db,
                                    "SELECT name, mime_type, sha256, length (data) FROM customer_message_attachment "
                                    "WHERE message_id = ?1 ORDER BY position",
                                    error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, message->id);

  return retour_stmt_collect_into (stmt, message->attachments, attachment_from_row,
                                   GINT_TO_POINTER (with_data), error);
}

static gboolean
load_all_attachments (RetourDatabase  *db,
                      GPtrArray       *messages,
                      gboolean         with_data,
                      GError         **error)
{
  for (guint i = 0; i < messages->len; i++)
    if (!load_attachments (db, g_ptr_array_index (messages, i), with_data, error))
      return FALSE;

  return TRUE;
}

GPtrArray *
retour_message_store_list (RetourDatabase  *db,
                           gint64           rma_id,
                           GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                  "WHERE ?1 = 0 OR m.rma_id = ?1 ORDER BY m.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  messages = retour_stmt_collect (stmt, message_from_row, NULL, (GDestroyNotify) retour_message_free, error);
  g_clear_pointer (&stmt, retour_stmt_release);
  if (messages == NULL || !load_all_attachments (db, messages, FALSE, error))
    return NULL;

  return g_steal_pointer (&messages);
}

GPtrArray *
retour_message_store_list_troubled (RetourDatabase  *db,
                                    guint            min_attempts,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                  "WHERE m.state IN ('failed', 'uncertain') "
                                  "OR (m.state = 'queued' AND m.attempts >= ?1) ORDER BY m.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, MAX (min_attempts, 1));
  messages = retour_stmt_collect (stmt, message_from_row, NULL, (GDestroyNotify) retour_message_free, error);
  g_clear_pointer (&stmt, retour_stmt_release);
  if (messages == NULL || !load_all_attachments (db, messages, FALSE, error))
    return NULL;

  return g_steal_pointer (&messages);
}

GPtrArray *
retour_message_store_list_for_staff (RetourDatabase  *db,
                                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                  "WHERE m.state IN ('awaiting-confirmation', 'failed', 'uncertain') "
                                  "OR (m.state = 'queued' AND m.channel = 'handoff') ORDER BY m.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  messages = retour_stmt_collect (stmt, message_from_row, NULL, (GDestroyNotify) retour_message_free, error);
  g_clear_pointer (&stmt, retour_stmt_release);
  if (messages == NULL || !load_all_attachments (db, messages, FALSE, error))
    return NULL;

  return g_steal_pointer (&messages);
}

RetourMessage *
retour_message_store_load (RetourDatabase  *db,
                           gint64           id,
                           GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourMessage) message = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM "WHERE m.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, id);
  if (!retour_stmt_step_row (stmt, _("The message no longer exists."), error))
    return NULL;
  message = message_from_row (stmt, NULL);
  g_clear_pointer (&stmt, retour_stmt_release);

  if (!load_attachments (db, message, TRUE, error))
    return NULL;

  return g_steal_pointer (&message);
}

/* Changing state --------------------------------------------------------------------- */

/* Moves message @id from one of the states in @from (a SQL list) to @to;
 * RETOUR_STORE_ERROR_CONFLICT when it is in none of them any more. */
static gboolean
change_state (RetourDatabase      *db,
              gint64               id,
              const char          *from_sql,
              RetourMessageState   to,
              const char          *conflict,
              GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  /* Only two sets of states are ever asked for; the statements are
   * cached by their text's address. */
  if (g_str_equal (from_sql, "awaiting"))
    stmt = retour_database_prepare (db,
                                    "UPDATE customer_message SET state = ?2, last_error = NULL "
                                    "WHERE id = ?1 AND state = 'awaiting-confirmation'",
                                    error);
  else
    stmt = retour_database_prepare (db,
                                    "UPDATE customer_message SET state = ?2, last_error = NULL "
                                    "WHERE id = ?1 AND state IN ('failed', 'uncertain')",
                                    error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_static_text (stmt, 2, nick (RETOUR_TYPE_MESSAGE_STATE, to));
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  if (retour_database_changes (db) != 1)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT, conflict);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_for_history (RetourDatabase  *db,
                  gint64           id,
                  RetourMessage  **out,
                  GError         **error)
{
  *out = retour_message_store_load (db, id, error);
  return *out != NULL;
}

gboolean
retour_message_store_confirm (RetourDatabase  *db,
                              gint64           id,
                              const char      *actor,
                              gint64           now_us,
                              GError         **error)
{
  g_autoptr(RetourMessage) message = NULL;
  g_autofree char *detail = NULL;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  if (!load_for_history (db, id, &message, error) ||
      !change_state (db, id, "awaiting", RETOUR_MESSAGE_STATE_QUEUED,
                     _("The message is not waiting to be confirmed any more."), error))
    {
      retour_txn_rollback (&txn);
      return FALSE;
    }

  /* Translators: a line in a return's history; %s is the message's subject. */
  detail = g_strdup_printf (_("Message “%s” confirmed to be sent."), message->subject);
  if (!add_history (db, message->rma_id, actor, detail, now_us, error))
    {
      retour_txn_rollback (&txn);
      return FALSE;
    }

  return retour_txn_commit (&txn, error);
}

gboolean
retour_message_store_settle (RetourDatabase  *db,
                             gint64           id,
                             gboolean         resend,
                             const char      *actor,
                             gint64           now_us,
                             GError         **error)
{
  g_autoptr(RetourMessage) message = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *detail = NULL;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  if (!load_for_history (db, id, &message, error) ||
      !change_state (db, id, "troubled", resend ? RETOUR_MESSAGE_STATE_QUEUED : RETOUR_MESSAGE_STATE_SENT,
                     _("Only a message that failed or may have been sent can be settled."), error))
    {
      retour_txn_rollback (&txn);
      return FALSE;
    }

  stmt = retour_database_prepare (db,
                                  "UPDATE customer_message SET next_attempt_us = ?2, attempts = 0, "
                                  "sent_us = CASE WHEN state = 'sent' THEN ?2 ELSE sent_us END WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_int64 (stmt, 2, now_us);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  detail = resend
    /* Translators: a line in a return's history; %s is the message's subject. */
    ? g_strdup_printf (_("Message “%s” to be sent again, as staff decided."), message->subject)
    /* Translators: a line in a return's history; %s is the message's subject. */
    : g_strdup_printf (_("Message “%s” recorded as sent, as staff decided."), message->subject);
  if (!add_history (db, message->rma_id, actor, detail, now_us, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

/* The outbox ---------------------------------------------------------------------------- */

/* An approval queued before its label was made takes the label now, and
 * its text says so. */
static gboolean
refresh_label (RetourDatabase  *db,
               RetourMessage   *message,
               GError         **error)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_auto(Composed) composed = { 0 };
  g_autoptr(GBytes) label = NULL;

  if (message->step != RETOUR_MESSAGE_STEP_APPROVED || message->attachments->len > 0)
    return TRUE;

  if (!load_label (db, message->rma_id, &label, error))
    return FALSE;
  if (label == NULL)
    return TRUE;

  rma = retour_rma_store_load (db, message->rma_id, error);
  if (rma == NULL || !compose (db, rma, message->step, NULL, &composed, error))
    return FALSE;

  stmt = retour_database_prepare (db, "UPDATE customer_message SET subject = ?2, body = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, message->id);
  retour_stmt_bind_text (stmt, 2, composed.subject);
  retour_stmt_bind_text (stmt, 3, composed.body);
  if (!retour_stmt_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, retour_stmt_release);

  for (guint i = 0; i < composed.attachments->len; i++)
    {
      RetourMessageAttachment *attachment = g_ptr_array_index (composed.attachments, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (attachment->data, &size);

      stmt = retour_database_prepare (db,
                                      "INSERT INTO customer_message_attachment (message_id, position, name, mime_type, "
                                      "sha256, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, message->id);
      retour_stmt_bind_int64 (stmt, 2, i);
      retour_stmt_bind_text (stmt, 3, attachment->name);
      retour_stmt_bind_text (stmt, 4, attachment->mime_type);
      retour_stmt_bind_text (stmt, 5, attachment->sha256);
      retour_stmt_bind_blob (stmt, 6, data, size);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, retour_stmt_release);
    }

  g_free (message->subject);
  message->subject = g_steal_pointer (&composed.subject);
  g_free (message->body);
  message->body = g_steal_pointer (&composed.body);
  g_ptr_array_extend_and_steal (message->attachments, g_steal_pointer (&composed.attachments));

  return TRUE;
}

/* Messages whose outbox stopped while sending them: the server may have
 * taken them, so they are not sent again by themselves. */
static gboolean
expire_leases (RetourDatabase  *db,
               gint64           now_us,
               GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT id FROM customer_message WHERE state = 'sending' AND next_attempt_us < ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, now_us);
  ids = retour_stmt_collect_ids (stmt, error);
  if (ids == NULL)
    return FALSE;
  g_clear_pointer (&stmt, retour_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    if (!retour_message_store_record (db, g_array_index (ids, gint64, i), RETOUR_MESSAGE_OUTCOME_UNCERTAIN,
                                      _("Sending stopped before the server answered."), now_us, error))
      return FALSE;

  return TRUE;
}

GPtrArray *
retour_message_store_claim_due (RetourDatabase        *db,
                                RetourMessageChannel   channel,
                                gint64                 store_id,
                                gint64                 now_us,
                                gint64                 lease_us,
                                guint                  limit,
                                GError               **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  if (!retour_txn_begin (&txn, db, error))
    return NULL;

  if (!expire_leases (db, now_us, error))
    return NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                  "WHERE m.state = 'queued' AND m.channel = ?1 AND m.next_attempt_us <= ?2 "
                                  "AND (?4 = 0 OR m.store_id = ?4) "
                                  "ORDER BY m.next_attempt_us, m.id LIMIT ?3",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_static_text (stmt, 1, nick (RETOUR_TYPE_MESSAGE_CHANNEL, channel));
  retour_stmt_bind_int64 (stmt, 2, now_us);
  retour_stmt_bind_int64 (stmt, 3, limit);
  retour_stmt_bind_int64 (stmt, 4, store_id);
  due = retour_stmt_collect (stmt, message_from_row, NULL, (GDestroyNotify) retour_message_free, error);
  if (due == NULL)
    return NULL;
  g_clear_pointer (&stmt, retour_stmt_release);

  claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_message_free);
  for (guint i = 0; i < due->len; i++)
    {
      RetourMessage *message = g_ptr_array_index (due, i);

      /* Another desk's outbox may have taken it since the read. */
      stmt = retour_database_prepare (db,
                                      "UPDATE customer_message SET state = 'sending', attempts = attempts + 1, "
                                      "next_attempt_us = ?2 WHERE id = ?1 AND state = 'queued'",
                                      error);
      if (stmt == NULL)
        return NULL;
      retour_stmt_bind_int64 (stmt, 1, message->id);
      retour_stmt_bind_int64 (stmt, 2, now_us + lease_us);
      if (!retour_stmt_run (stmt, error))
        return NULL;
      g_clear_pointer (&stmt, retour_stmt_release);
      if (retour_database_changes (db) != 1)
        continue;

      message->state = RETOUR_MESSAGE_STATE_SENDING;
      message->attempts++;
      if (!load_attachments (db, message, TRUE, error) || !refresh_label (db, message, error))
        return NULL;
      g_ptr_array_add (claimed, g_ptr_array_steal_index (due, i));
      i--;
    }

  if (!retour_txn_commit (&txn, error))
    return NULL;

  return g_steal_pointer (&claimed);
}

static gint64
backoff_us (guint attempts)
{
  static const gint64 minutes[] = { 1, 5, 15, 60 };

  if (attempts == 0)
    return 0;
  if (attempts <= G_N_ELEMENTS (minutes))
    return minutes[attempts - 1] * 60 * G_USEC_PER_SEC;

  return (gint64) 4 * 60 * 60 * G_USEC_PER_SEC;
}

static const char *
channel_phrase (RetourMessageChannel channel)
{
  switch (channel)
    {
    case RETOUR_MESSAGE_CHANNEL_STOREFRONT:
      return _("through the storefront");
    case RETOUR_MESSAGE_CHANNEL_HANDOFF:
      return _("through the mail client");
    case RETOUR_MESSAGE_CHANNEL_SMTP:
    case RETOUR_MESSAGE_CHANNEL_OFF:
    default:
      return _("by e-mail");
    }
}

gboolean
retour_message_store_record (RetourDatabase        *db,
                             gint64                 id,
                             RetourMessageOutcome   outcome,
                             const char            *detail,
                             gint64                 now_us,
                             GError               **error)
{
  g_autoptr(RetourMessage) message = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *history = NULL;
  const char *recipient;
  RetourMessageState state;
  gint64 next_attempt_us = 0;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  message = retour_message_store_load (db, id, error);
  if (message == NULL)
    return FALSE;
  recipient = message->recipient != NULL ? message->recipient : _("the customer");

  switch (outcome)
    {
    case RETOUR_MESSAGE_OUTCOME_SENT:
    case RETOUR_MESSAGE_OUTCOME_HANDED_OFF:
      state = RETOUR_MESSAGE_STATE_SENT;
      history = outcome == RETOUR_MESSAGE_OUTCOME_SENT
        /* Translators: a line in a return's history: subject, to whom, "by e-mail". */
        ? g_strdup_printf (_("Message “%s” sent to %s %s."), message->subject, recipient,
                           channel_phrase (message->channel))
        /* Translators: a line in a return's history: subject, to whom. */
        : g_strdup_printf (_("Message “%s” to %s handed to the mail client."), message->subject, recipient);
      break;
    case RETOUR_MESSAGE_OUTCOME_UNTRIED:
      state = RETOUR_MESSAGE_STATE_QUEUED;
      next_attempt_us = now_us;
      break;
    case RETOUR_MESSAGE_OUTCOME_RETRY:
      if (message->attempts < RETOUR_MESSAGE_MAX_ATTEMPTS)
        {
          state = RETOUR_MESSAGE_STATE_QUEUED;
          next_attempt_us = now_us + backoff_us (message->attempts);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case RETOUR_MESSAGE_OUTCOME_FAILED:
      state = RETOUR_MESSAGE_STATE_FAILED;
      /* Translators: a line in a return's history: subject, to whom, why. */
      history = g_strdup_printf (_("Message “%s” to %s could not be sent: %s"), message->subject, recipient,
                                 detail != NULL ? detail : "");
      break;
    case RETOUR_MESSAGE_OUTCOME_UNCERTAIN:
    default:
      state = RETOUR_MESSAGE_STATE_UNCERTAIN;
      /* Translators: a line in a return's history: subject, to whom, why. */
      history = g_strdup_printf (_("Message “%s” to %s may or may not have arrived, and is not sent again "
                                   "by itself: %s"),
                                 message->subject, recipient, detail != NULL ? detail : "");
      break;
    }

  /* A message taken but never tried keeps its count of tries. */
  stmt = retour_database_prepare (db,
                                  "UPDATE customer_message SET state = ?2, next_attempt_us = ?3, last_error = ?4, "
                                  "sent_us = ?5, attempts = attempts - ?6 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 6, outcome == RETOUR_MESSAGE_OUTCOME_UNTRIED && message->attempts > 0 ? 1 : 0);
  retour_stmt_bind_int64 (stmt, 1, id);
  retour_stmt_bind_static_text (stmt, 2, nick (RETOUR_TYPE_MESSAGE_STATE, state));
  retour_stmt_bind_time_or_null (stmt, 3, next_attempt_us);
  retour_stmt_bind_text (stmt, 4, state == RETOUR_MESSAGE_STATE_SENT ? NULL : detail);
  retour_stmt_bind_time_or_null (stmt, 5, state == RETOUR_MESSAGE_STATE_SENT ? now_us : 0);
  if (!retour_stmt_run (stmt, error))
    return FALSE;

  if (history != NULL && !add_history (db, message->rma_id, NULL, history, now_us, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

GPtrArray *
retour_message_store_list_storefront (RetourDatabase  *db,
                                      gint64           store_id,
                                      GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
                                  "WHERE m.channel = 'storefront' AND m.state = 'queued' AND m.store_id = ?1 "
                                  "ORDER BY m.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, store_id);

  return retour_stmt_collect (stmt, message_from_row, NULL, (GDestroyNotify) retour_message_free, error);
}

gboolean
retour_message_store_record_storefront (RetourDatabase     *db,
                                        gint64              rma_id,
                                        RetourMessageStep   step,
                                        gint64              now_us,
                                        gboolean           *out_recorded,
                                        GError            **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gint64 id;
  RetourTxn txn;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (out_recorded != NULL)
    *out_recorded = FALSE;

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "SELECT id FROM customer_message WHERE rma_id = ?1 AND step = ?2 "
                                  "AND channel = 'storefront' AND state IN ('queued', 'sending')",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_static_text (stmt, 2, nick (RETOUR_TYPE_MESSAGE_STEP, step));
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return retour_txn_commit (&txn, error);
  id = retour_stmt_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, retour_stmt_release);

  if (!retour_message_store_record (db, id, RETOUR_MESSAGE_OUTCOME_SENT, NULL, now_us, error) ||
      !retour_txn_commit (&txn, error))
    return FALSE;

  if (out_recorded != NULL)
    *out_recorded = TRUE;

  return TRUE;
}

gint64
retour_message_store_count (RetourDatabase  *db,
                            gint64           rma_id,
                            GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), -1);

  stmt = retour_database_prepare (db, "SELECT count (*) FROM customer_message WHERE rma_id = ?1", error);
  if (stmt == NULL)
    return -1;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (!retour_stmt_step_row (stmt, NULL, error))
    return -1;

  return retour_stmt_column_int64 (stmt, 0);
}
