/* retour-smtp.c — sending a customer message through the shop's mail server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libcurl is given the finished message through a read callback, so
 * that this file knows when the last byte was handed over: a failure
 * before that is no delivery (the server only takes a message at the
 * final "."), a failure after it with no reply is an uncertain one.
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <string.h>

#include <errno.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "retour-connector.h"

#include "retour-setting-store.h"
#include "retour-smtp.h"

G_DEFINE_QUARK (retour-smtp-error-quark, retour_smtp_error)

/* A line of a message ends so, and none is longer than 78 characters
 * here, far below SMTP's 998. */
#define CRLF "\r\n"
#define BASE64_LINE 76

void
retour_smtp_account_free (RetourSmtpAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->host);
  g_free (account->user);
  if (account->password != NULL)
    {
      memset (account->password, 0, strlen (account->password));
      g_free (account->password);
    }
  g_free (account->from_address);
  g_free (account->from_name);
  g_free (account);
}

static gboolean
is_local_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_prefix (host, "127.") ||
         g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

/* An address that can go into an envelope and a header as it is. */
static gboolean
is_address (const char *address)
{
  const char *at;

  if (address == NULL || *address == '\0' || strlen (address) > 254)
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("<>()[],;:\"\\", *p) != NULL)
      return FALSE;
  at = strchr (address, '@');

  return at != NULL && at != address && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

/* A host name or address literal: nothing that would change the URL. */
static gboolean
is_host (const char *host)
{
  if (host == NULL || *host == '\0' || strlen (host) > 253)
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-:[]", *p) == NULL)
      return FALSE;

  return TRUE;
}

RetourSmtpAccount *
retour_smtp_account_load (RetourDatabase  *db,
                          GError         **error)
{
  g_autoptr(RetourSmtpAccount) account = g_new0 (RetourSmtpAccount, 1);
  g_autofree char *port = NULL;
  g_autofree char *security = NULL;
  g_autofree char *shop_email = NULL;
  guint64 number = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  if ((account->host = retour_setting_store_get (db, RETOUR_SETTING_SMTP_HOST, "", error)) == NULL ||
      (port = retour_setting_store_get (db, RETOUR_SETTING_SMTP_PORT, "", error)) == NULL ||
      (security = retour_setting_store_get (db, RETOUR_SETTING_SMTP_SECURITY, "starttls", error)) == NULL ||
      (account->user = retour_setting_store_get (db, RETOUR_SETTING_SMTP_USER, "", error)) == NULL ||
      (account->from_address = retour_setting_store_get (db, RETOUR_SETTING_SMTP_FROM, "", error)) == NULL ||
      (shop_email = retour_setting_store_get (db, RETOUR_SETTING_SHOP_EMAIL, "", error)) == NULL ||
      (account->from_name = retour_setting_store_get (db, RETOUR_SETTING_SHOP_NAME, "", error)) == NULL)
    return NULL;

  if (*account->user == '\0')
    g_clear_pointer (&account->user, g_free);
  if (*account->from_address == '\0')
    {
      g_free (account->from_address);
      account->from_address = g_steal_pointer (&shop_email);
    }
  if (*account->from_name == '\0')
    g_clear_pointer (&account->from_name, g_free);

  if (g_str_equal (security, "tls"))
    account->security = RETOUR_SMTP_SECURITY_TLS;
  else if (g_str_equal (security, "none"))
    account->security = RETOUR_SMTP_SECURITY_NONE;
  else
    account->security = RETOUR_SMTP_SECURITY_STARTTLS;

  if (*port == '\0')
    account->port = account->security == RETOUR_SMTP_SECURITY_TLS ? 465 : 587;
  else if (g_ascii_string_to_unsigned (port, 10, 1, 65535, &number, NULL))
    account->port = (guint) number;

  if (!is_host (account->host))
    {
      g_set_error_literal (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                           _("No mail server is set up for sending messages to customers."));
      return NULL;
    }
  if (account->port == 0)
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("The mail server’s port “%s” is not a number from 1 to 65535."), port);
      return NULL;
    }
  if (!is_address (account->from_address))
    {
      g_set_error_literal (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                           _("Messages to customers need the shop’s e-mail address to send from."));
      return NULL;
    }
  if (account->security == RETOUR_SMTP_SECURITY_NONE && !is_local_host (account->host))
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("The mail server %s is not on this computer: it must be reached with STARTTLS or TLS."),
                   account->host);
      return NULL;
    }

  return g_steal_pointer (&account);
}

char *
retour_smtp_account_get_location (const RetourSmtpAccount *account)
{
  g_return_val_if_fail (account != NULL, NULL);

  return g_strdup_printf ("smtp://%s@%s:%u", account->user != NULL ? account->user : "", account->host,
                          account->port);
}

/* The password ------------------------------------------------------------ */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".Smtp", SECRET_SCHEMA_NONE,
    {
      { "location", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
set_keyring_error (GError **error,
                   GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else
    g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING,
                 _("The keyring cannot be reached: %s"), cause->message);
}

char *
retour_smtp_lookup_password (const RetourSmtpAccount  *account,
                             GCancellable             *cancellable,
                             GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *location = retour_smtp_account_get_location (account);
  char *secret;
  char *password;

  secret = secret_password_lookup_sync (get_schema (), cancellable, &local_error, "location", location, NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return NULL;
    }
  if (secret == NULL)
    return NULL;

  password = g_strdup (secret);
  secret_password_free (secret);

  return password;
}

gboolean
retour_smtp_store_password (const RetourSmtpAccount  *account,
                            const char               *password,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *location = retour_smtp_account_get_location (account);
  /* Translators: the keyring's name of the password; %s is "smtp://user@host:587". */
  g_autofree char *label = g_strdup_printf (_("Retour: mail server %s"), location);

  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                                   &local_error, "location", location, NULL))
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

char *
retour_smtp_read_password_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  char *contents = NULL;
  char *password;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("Cannot read the password file %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if ((st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("The password file %s may be read by other users; make it private first (chmod 600)."),
                   path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("Cannot read the password file %s: %s"), path, local_error->message);
      return NULL;
    }

  password = g_strndup (contents, strcspn (contents, "\r\n"));
  memset (contents, 0, length);
  g_free (contents);

  return password;
}

/* Building the message --------------------------------------------------- */

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      return FALSE;

  return TRUE;
}

/* @text (one line) as RFC 2047 encoded-words, each at most 75
 * characters, on folded lines; a character is never split. */
static void
append_encoded_words (GString    *out,
                      const char *text)
{
  const char *p = text;
  gboolean first = TRUE;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      /* 45 bytes are 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" = 72. */
      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > 45)
            break;
          end = next;
        }
      if (end == p)
        end = g_utf8_next_char (p);

      encoded = g_base64_encode ((const guchar *) p, (gsize) (end - p));
      if (!first)
        g_string_append (out, CRLF " ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", encoded);
      first = FALSE;
      p = end;
    }
}

/* One line of text for a header: control characters (a CR or LF typed
 * into a name) become spaces, so that nothing can start a header. */
static char *
header_text (const char *text)
{
  char *line = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (char *p = line; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p == 0x7f)
      *p = ' ';

  return g_strstrip (line);
}

static void
append_unstructured (GString    *out,
                     const char *name,
                     const char *value)
{
  g_autofree char *line = header_text (value);

  g_string_append_printf (out, "%s: ", name);
  /* Plain text as is while it fits a line and cannot be read as an
   * encoded-word; anything else encoded. */
  if (is_plain_ascii (line) && strlen (line) <= 70 && strstr (line, "=?") == NULL)
    g_string_append (out, line);
  else
    append_encoded_words (out, line);
  g_string_append (out, CRLF);
}

static void
append_mailbox (GString    *out,
                const char *name,
                const char *display_name,
                const char *address)
{
  g_autofree char *line = header_text (display_name);

  g_string_append_printf (out, "%s: ", name);
  if (*line != '\0')
    {
      if (is_plain_ascii (line) && strlen (line) <= 60 && strstr (line, "=?") == NULL)
        {
          g_string_append_c (out, '"');
          for (const char *p = line; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_c (out, '\\');
              g_string_append_c (out, *p);
            }
          g_string_append (out, "\" ");
        }
      else
        {
          append_encoded_words (out, line);
          g_string_append_c (out, ' ');
        }
    }
  g_string_append_printf (out, "<%s>" CRLF, address);
}

static void
append_base64 (GString       *out,
               gconstpointer  data,
               gsize          size)
{
  g_autofree char *encoded = g_base64_encode (data, size);
  gsize length = strlen (encoded);

  for (gsize i = 0; i < length; i += BASE64_LINE)
    {
      g_string_append_len (out, encoded + i, MIN (BASE64_LINE, length - i));
      g_string_append (out, CRLF);
    }
}

/* RFC 5322's date, with English names whatever the locale. */
static char *
format_date (gint64 date_us)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (date_us / G_USEC_PER_SEC);

  if (utc == NULL)
    return NULL;

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (utc) - 1], g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1], g_date_time_get_year (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

/* A file name for the Content-Type and Content-Disposition parameters:
 * ASCII without quotes, which every mail client reads. */
static char *
parameter_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "attachment", "C");

  for (char *p = ascii; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == '"' || *p == '\\' || *p == '/' || (guchar) *p >= 0x7f)
      *p = '_';

  return g_steal_pointer (&ascii);
}

/* A MIME type as the store keeps it, or application/octet-stream for
 * anything that is not one. */
static const char *
mime_type_of (const char *mime_type)
{
  const char *slash = mime_type != NULL ? strchr (mime_type, '/') : NULL;

  if (slash == NULL || slash == mime_type || slash[1] == '\0' || strchr (slash + 1, '/') != NULL)
    return "application/octet-stream";
  for (const char *p = mime_type; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/+.-", *p) == NULL)
      return "application/octet-stream";

  return mime_type;
}

GBytes *
retour_smtp_build (const RetourSmtpAccount  *account,
                   const RetourMessage      *message,
                   gint64                    date_us,
                   GError                  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *date = format_date (date_us);
  g_autofree char *boundary = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *body = NULL;
  gboolean multipart;

  g_return_val_if_fail (account != NULL && message != NULL, NULL);

  if (!is_address (message->recipient))
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_PERMANENT,
                   _("“%s” is not an e-mail address a message can be sent to."),
                   message->recipient != NULL ? message->recipient : "");
      return NULL;
    }
  if (!is_address (account->from_address) || date == NULL || message->message_id == NULL)
    {
      g_set_error_literal (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                           _("Messages to customers need the shop’s e-mail address to send from."));
      return NULL;
    }

  multipart = message->attachments != NULL && message->attachments->len > 0;
  boundary = g_strdup_printf ("=_retour_%s", uuid);

  append_mailbox (out, "From", account->from_name, account->from_address);
  g_string_append_printf (out, "To: <%s>" CRLF, message->recipient);
  append_unstructured (out, "Subject", message->subject);
  g_string_append_printf (out, "Date: %s" CRLF, date);
  g_string_append_printf (out, "Message-ID: %s" CRLF, message->message_id);
  g_string_append (out, "MIME-Version: 1.0" CRLF);
  g_string_append (out, "Auto-Submitted: auto-generated" CRLF);
  if (multipart)
    g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"%s\"" CRLF CRLF
                                 "--%s" CRLF, boundary, boundary);

  /* The text in base64: any line length, any character, no server
   * needs 8BITMIME for it. Line ends are CRLF, as MIME asks of text. */
  body = g_utf8_make_valid (message->body != NULL ? message->body : "", -1);
  {
    g_autoptr(GString) text = g_string_new (body);

    g_string_replace (text, "\r\n", "\n", 0);
    g_string_replace (text, "\n", CRLF, 0);
    g_string_append (out, "Content-Type: text/plain; charset=UTF-8" CRLF
                          "Content-Transfer-Encoding: base64" CRLF CRLF);
    append_base64 (out, text->str, text->len);
  }

  for (guint i = 0; multipart && i < message->attachments->len; i++)
    {
      const RetourMessageAttachment *attachment = g_ptr_array_index (message->attachments, i);
      g_autofree char *name = parameter_name (attachment->name);
      const char *mime_type = mime_type_of (attachment->mime_type);
      gconstpointer data;
      gsize size;

      if (attachment->data == NULL)
        {
          g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_PERMANENT,
                       _("The attachment %s of the message is missing."), name);
          return NULL;
        }
      data = g_bytes_get_data (attachment->data, &size);
      g_string_append_printf (out, "--%s" CRLF
                                   "Content-Type: %s; name=\"%s\"" CRLF
                                   "Content-Disposition: attachment; filename=\"%s\"" CRLF
                                   "Content-Transfer-Encoding: base64" CRLF CRLF,
                              boundary, mime_type, name, name);
      append_base64 (out, data, size);
    }
  if (multipart)
    g_string_append_printf (out, "--%s--" CRLF, boundary);

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* Sending ------------------------------------------------------------------ */

typedef struct
{
  const guint8  *data;
  gsize          size;
  gsize          offset;
  gboolean       all_read;     /* the last byte went to libcurl */
  GCancellable  *cancellable;
  char           last_reply[256];
} Upload;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  Upload *upload = user_data;
  gsize chunk = MIN (size * n, upload->size - upload->offset);

  memcpy (buffer, upload->data + upload->offset, chunk);
  upload->offset += chunk;
  /* libcurl stops asking once it has the size it was told. */
  if (upload->offset == upload->size)
    upload->all_read = TRUE;

  return chunk;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Upload *upload = user_data;

  return g_cancellable_is_cancelled (upload->cancellable) ? 1 : 0;
}

/* Keeps the server's last reply line, to say what it said. */
static int
debug_cb (CURL          *curl,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Upload *upload = user_data;
  gsize length;

  if (type != CURLINFO_HEADER_IN)
    return 0;

  length = MIN (size, sizeof upload->last_reply - 1);
  memcpy (upload->last_reply, data, length);
  upload->last_reply[length] = '\0';
  g_strchomp (upload->last_reply);
  for (char *p = upload->last_reply; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      *p = '?';

  return 0;
}

static gboolean
is_setup_error (CURLcode code)
{
  switch (code)
    {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_AUTH_ERROR:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
set_error_from (GError        **error,
                CURLcode        code,
                long            reply,
                const Upload   *upload,
                const char     *curl_message)
{
  const char *said = upload->last_reply[0] != '\0' ? upload->last_reply : curl_message;

  if (code == CURLE_ABORTED_BY_CALLBACK && !upload->all_read)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled."));
      return FALSE;
    }

  /* A login refused or TLS that fails is the account's, not the
   * message's: every message would fare the same. */
  if (is_setup_error (code) && !upload->all_read)
    g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                 _("Cannot send through the mail server: %s"), said);
  else if (reply >= 400 && reply < 500)
    g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_TEMPORARY,
                 _("The mail server asks to try again later: %s"), said);
  else if (reply >= 500 && reply < 600)
    g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_PERMANENT,
                 _("The mail server refused the message: %s"), said);
  else if (upload->all_read)
    /* The whole message went, and the server never said whether it took
     * it: it may have. */
    g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_UNCERTAIN,
                 _("The connection to the mail server broke after the message was sent, before the "
                   "server confirmed it: %s"), curl_message);
  else
    g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_TEMPORARY,
                 _("Cannot reach the mail server: %s"), curl_message);

  return FALSE;
}

static gboolean perform (const RetourSmtpAccount  *account,
                         const char               *recipient,
                         GBytes                   *data,
                         GCancellable             *cancellable,
                         GError                  **error);

gboolean
retour_smtp_send (const RetourSmtpAccount  *account,
                  const char               *recipient,
                  GBytes                   *data,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  return perform (account, recipient, data, cancellable, error);
}

gboolean
retour_smtp_check (const RetourSmtpAccount  *account,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_return_val_if_fail (account != NULL, FALSE);

  return perform (account, NULL, NULL, cancellable, error);
}

/* Sends @data to @recipient; with @data NULL, only connects and logs in. */
static gboolean
perform (const RetourSmtpAccount  *account,
         const char               *recipient,
         GBytes                   *data,
         GCancellable             *cancellable,
         GError                  **error)
{
  static gsize curl_ready = 0;
  CURL *curl;
  struct curl_slist *recipients = NULL;
  g_autofree char *url = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  char curl_message[CURL_ERROR_SIZE] = "";
  Upload upload = { 0 };
  CURLcode code;
  long reply = 0;

  if ((data != NULL && !is_address (recipient)) || !is_address (account->from_address) || !is_host (account->host))
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_PERMANENT,
                   _("“%s” is not an e-mail address a message can be sent to."), recipient != NULL ? recipient : "");
      return FALSE;
    }
  if (account->security == RETOUR_SMTP_SECURITY_NONE && !is_local_host (account->host))
    {
      g_set_error (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_SETUP,
                   _("The mail server %s is not on this computer: it must be reached with STARTTLS or TLS."),
                   account->host);
      return FALSE;
    }

  if (g_once_init_enter (&curl_ready))
    g_once_init_leave (&curl_ready, curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : 2);

  curl = curl_easy_init ();
  if (curl == NULL || curl_ready != 1)
    {
      g_set_error_literal (error, RETOUR_SMTP_ERROR, RETOUR_SMTP_ERROR_TEMPORARY,
                           _("Cannot start sending mail: out of memory."));
      if (curl != NULL)
        curl_easy_cleanup (curl);
      return FALSE;
    }

  if (data != NULL)
    upload.data = g_bytes_get_data (data, &upload.size);
  upload.cancellable = cancellable;

  url = g_strdup_printf ("%s://%s:%u", account->security == RETOUR_SMTP_SECURITY_TLS ? "smtps" : "smtp",
                         account->host, account->port);
  from = g_strdup_printf ("<%s>", account->from_address);
  to = g_strdup_printf ("<%s>", recipient != NULL ? recipient : "");
  recipients = curl_slist_append (NULL, to);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (account->security == RETOUR_SMTP_SECURITY_STARTTLS)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  if (account->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, account->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, account->password != NULL ? account->password : "");
    }
  if (data != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
      curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
      curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) upload.size);
      curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
      curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
    }
  else
    /* Greeting, EHLO, STARTTLS and the login are the connection's: stop
     * there. */
    curl_easy_setopt (curl, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &upload);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, &upload);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_message);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 30L);
  /* A stalled server is given up after a minute without progress. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 60L);

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &reply);
  if (curl_message[0] == '\0')
    g_strlcpy (curl_message, curl_easy_strerror (code), sizeof curl_message);

  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  g_debug ("SMTP to %s: curl %d, reply %ld (%s), all read %d", url, code, reply, upload.last_reply,
           upload.all_read);

  if (code == CURLE_OK)
    return TRUE;

  return set_error_from (error, code, reply, &upload, curl_message);
}

static RetourSmtpAccount *account_copy (const RetourSmtpAccount *account);

typedef struct
{
  RetourSmtpAccount *account;
  char              *recipient;
  GBytes            *data;
} SendJob;

static void
send_job_free (gpointer data)
{
  SendJob *job = data;

  retour_smtp_account_free (job->account);
  g_free (job->recipient);
  g_bytes_unref (job->data);
  g_free (job);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendJob *job = task_data;
  GError *error = NULL;

  if (retour_smtp_send (job->account, job->recipient, job->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
retour_smtp_send_async (const RetourSmtpAccount  *account,
                        const char               *recipient,
                        GBytes                   *data,
                        GCancellable             *cancellable,
                        GAsyncReadyCallback       callback,
                        gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  SendJob *job;

  g_return_if_fail (account != NULL && data != NULL);

  job = g_new0 (SendJob, 1);
  job->account = account_copy (account);
  job->recipient = g_strdup (recipient);
  job->data = g_bytes_ref (data);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_smtp_send_async);
  g_task_set_task_data (task, job, send_job_free);
  g_task_run_in_thread (task, send_thread);
}

gboolean
retour_smtp_send_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_smtp_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static RetourSmtpAccount *
account_copy (const RetourSmtpAccount *account)
{
  RetourSmtpAccount *copy = g_new0 (RetourSmtpAccount, 1);

  copy->host = g_strdup (account->host);
  copy->port = account->port;
  copy->security = account->security;
  copy->user = g_strdup (account->user);
  copy->password = g_strdup (account->password);
  copy->from_address = g_strdup (account->from_address);
  copy->from_name = g_strdup (account->from_name);

  return copy;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (retour_smtp_check (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
retour_smtp_check_async (const RetourSmtpAccount  *account,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_smtp_check_async);
  g_task_set_task_data (task, account_copy (account), (GDestroyNotify) retour_smtp_account_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
retour_smtp_check_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_smtp_check_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
