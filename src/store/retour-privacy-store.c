/* retour-privacy-store.c — a customer's data erased (GDPR art. 17).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The erasure is a list of steps, one per table or kind of data, in
 * `steps` below; each replaces what it holds of one customer. To erase a
 * new kind of data (message bodies, carrier label files…), write one
 * function of the RetourPrivacyStep type and add a line to `steps`: it
 * runs in the anonymisation's transaction, before the customer row is
 * overwritten, with the old name, e-mail and phone in subject->needles
 * and the customer's returns in subject->rma_ids.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "retour-audit-store.h"
#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-privacy-store.h"
#include "retour-setting-store.h"

#define RETOUR_SETTING_RETENTION_LAST_DAY "retention-last-day"

typedef struct
{
  gint64      customer_id;
  gint64      store_id;      /* 0 when entered by hand */
  char       *external_id;   /* the storefront's customer id, or NULL */
  char       *email;         /* the old address, or NULL */
  char       *placeholder;   /* "Anonymised customer 1234" */
  GPtrArray  *needles;       /* old personal strings, case-folded */
  GArray     *rma_ids;       /* the customer's returns, by customer or by order */
  gint64      now_us;
} RetourPrivacySubject;

typedef gboolean (*RetourPrivacyStep) (RetourDatabase        *db,
                                       RetourPrivacySubject  *subject,
                                       GError               **error);

static void
subject_clear (RetourPrivacySubject *subject)
{
  g_clear_pointer (&subject->external_id, g_free);
  g_clear_pointer (&subject->email, g_free);
  g_clear_pointer (&subject->placeholder, g_free);
  g_clear_pointer (&subject->needles, g_ptr_array_unref);
  g_clear_pointer (&subject->rma_ids, g_array_unref);
}

static char *
placeholder_for (gint64 customer_id)
{
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, RETOUR_PRIVACY_PLACEHOLDER_NAME, customer_id);
}

/* Whether free text names the subject: holds one of the old strings,
 * whatever its case. */
static gboolean
names_subject (RetourPrivacySubject *subject,
               const char           *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL || *text == '\0' || subject->needles->len == 0)
    return FALSE;

  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < subject->needles->len; i++)
    if (strstr (folded, g_ptr_array_index (subject->needles, i)) != NULL)
      return TRUE;

  return FALSE;
}

static void
add_needle (GPtrArray  *needles,
            const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return;

  stripped = g_strstrip (g_strdup (text));
  /* Shorter strings ("NL", "12") are in too many texts to say anything
   * about who they name. */
  if (g_utf8_strlen (stripped, -1) < 3)
    return;

  g_ptr_array_add (needles, g_utf8_casefold (stripped, -1));
}

static gboolean
load_subject (RetourDatabase        *db,
              gint64                 customer_id,
              gint64                 now_us,
              RetourPrivacySubject  *subject,
              GError               **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT store_id, external_id, first_name, last_name, email, phone, "
                                  "address1, address2, city FROM customer WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, customer_id);
  if (!retour_stmt_step_row (stmt, _("There is no such customer."), error))
    return FALSE;

  subject->customer_id = customer_id;
  subject->now_us = now_us;
  subject->store_id = retour_stmt_column_is_null (stmt, 0) ? 0 : retour_stmt_column_int64 (stmt, 0);
  subject->external_id = retour_stmt_dup_text (stmt, 1);
  subject->email = retour_stmt_dup_text (stmt, 4);
  subject->placeholder = placeholder_for (customer_id);
  subject->needles = g_ptr_array_new_with_free_func (g_free);

  /* A customer anonymised before is not searched for in texts by the
   * placeholder's words. */
  if (g_strcmp0 (retour_stmt_column_text (stmt, 2), RETOUR_PRIVACY_PLACEHOLDER_NAME) != 0)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", retour_stmt_column_text (stmt, 2),
                                               retour_stmt_column_text (stmt, 3));

      add_needle (subject->needles, name);
      add_needle (subject->needles, retour_stmt_column_text (stmt, 2));
      add_needle (subject->needles, retour_stmt_column_text (stmt, 3));
    }
  for (int column = 4; column <= 8; column++)
    add_needle (subject->needles, retour_stmt_column_text (stmt, column));
  retour_stmt_release (g_steal_pointer (&stmt));

  /* The names and addresses the orders were shipped to, too: a parcel
   * for someone else still says where the customer lives. */
  stmt = retour_database_prepare (db,
                                  "SELECT ship_name, ship_address1, ship_address2, ship_city "
                                  "FROM \"order\" WHERE customer_id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, customer_id);
  for (;;)
    {
      if (!retour_stmt_step (stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      if (g_strcmp0 (retour_stmt_column_text (stmt, 0), subject->placeholder) != 0)
        add_needle (subject->needles, retour_stmt_column_text (stmt, 0));
      for (int column = 1; column <= 3; column++)
        add_needle (subject->needles, retour_stmt_column_text (stmt, column));
    }
  retour_stmt_release (g_steal_pointer (&stmt));

  stmt = retour_database_prepare (db,
                                  "SELECT id FROM rma WHERE customer_id = ?1 "
                                  "OR order_id IN (SELECT id FROM \"order\" WHERE customer_id = ?1) "
                                  "ORDER BY id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, customer_id);
  subject->rma_ids = retour_stmt_collect_ids (stmt, error);

  return subject->rma_ids != NULL;
}

/* Runs @sql, which takes a return's id as its one parameter, for each of
 * the subject's returns. */
static gboolean
run_per_rma (RetourDatabase        *db,
             RetourPrivacySubject  *subject,
             const char            *sql,
             GError               **error)
{
  for (guint i = 0; i < subject->rma_ids->len; i++)
    {
      g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, g_array_index (subject->rma_ids, gint64, i));
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64  id;
  char   *text;
} IdText;

static void
id_text_free (gpointer data)
{
  IdText *row = data;

  g_free (row->text);
  g_free (row);
}

static gpointer
id_text_from_row (RetourStmt *stmt,
                  gpointer    user_data)
{
  IdText *row = g_new0 (IdText, 1);

  row->id = retour_stmt_column_int64 (stmt, 0);
  row->text = retour_stmt_dup_text (stmt, 1);

  return row;
}

/* The ids of the rows @select_sql gives (id, text; ?1 a return's id)
 * whose text names the subject, for each of the subject's returns. */
static GArray *
collect_naming (RetourDatabase        *db,
                RetourPrivacySubject  *subject,
                const char            *select_sql,
                GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < subject->rma_ids->len; i++)
    {
      g_autoptr(RetourStmt) stmt = retour_database_prepare (db, select_sql, error);
      g_autoptr(GPtrArray) rows = NULL;

      if (stmt == NULL)
        return NULL;
      retour_stmt_bind_int64 (stmt, 1, g_array_index (subject->rma_ids, gint64, i));
      rows = retour_stmt_collect (stmt, id_text_from_row, NULL, id_text_free, error);
      if (rows == NULL)
        return NULL;
      for (guint j = 0; j < rows->len; j++)
        {
          IdText *row = g_ptr_array_index (rows, j);

          if (names_subject (subject, row->text))
            g_array_append_val (ids, row->id);
        }
    }

  return g_steal_pointer (&ids);
}

static gboolean
run_per_id (RetourDatabase  *db,
            GArray          *ids,
            const char      *sql,
            GError         **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      retour_stmt_bind_static_text (stmt, 2, RETOUR_PRIVACY_STRUCK_OUT);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ steps */

/* History: the entries whose text is the staff's own words about the
 * customer (notes, edits of notes, photo names) are struck out; the
 * others (status steps, refunds, labels) only when they name them. The
 * entry stays, with its time, who and what kind: the trail of the money
 * is whole. */
static gboolean
strike_out_history (RetourDatabase        *db,
                    RetourPrivacySubject  *subject,
                    GError               **error)
{
  g_autoptr(GArray) ids = NULL;

  if (!run_per_rma (db, subject,
                    "UPDATE rma_event SET detail = '" RETOUR_PRIVACY_STRUCK_OUT "' "
                    "WHERE rma_id = ?1 AND kind IN ('note', 'edited', 'attachment') "
                    "AND detail IS NOT NULL AND detail <> '" RETOUR_PRIVACY_STRUCK_OUT "'",
                    error))
    return FALSE;

  ids = collect_naming (db, subject,
                        "SELECT id, detail FROM rma_event WHERE rma_id = ?1 AND detail IS NOT NULL",
                        error);

  return ids != NULL &&
         run_per_id (db, ids, "UPDATE rma_event SET detail = ?2 WHERE id = ?1", error);
}

/* Notes on a return and its lines are free text about a person: they
 * go, whatever they say. What decided money (an override's or a
 * deduction's reason, a refund's note) stays unless it names them. */
static gboolean
erase_rma_texts (RetourDatabase        *db,
                 RetourPrivacySubject  *subject,
                 GError               **error)
{
  g_autoptr(GArray) overrides = NULL;
  g_autoptr(GArray) deductions = NULL;
  g_autoptr(GArray) refunds = NULL;

  overrides = collect_naming (db, subject, "SELECT id, override_note FROM rma WHERE id = ?1", error);
  if (overrides == NULL)
    return FALSE;
  deductions = collect_naming (db, subject, "SELECT id, diminished_reason FROM rma_line WHERE rma_id = ?1",
                               error);
  if (deductions == NULL)
    return FALSE;
  refunds = collect_naming (db, subject, "SELECT id, note FROM refund WHERE rma_id = ?1", error);
  if (refunds == NULL)
    return FALSE;

  /* The version moves on, so that a desk holding the return with its
   * old notes cannot save them back, and an open editor reads it again. */
  return run_per_rma (db, subject, "UPDATE rma SET notes = NULL, version = version + 1 WHERE id = ?1", error) &&
         run_per_rma (db, subject,
                      "UPDATE rma_line SET notes = NULL WHERE rma_id = ?1 AND notes IS NOT NULL",
                      error) &&
         run_per_id (db, overrides,
                     "UPDATE rma SET override_note = ?2, version = version + 1 WHERE id = ?1", error) &&
         run_per_id (db, deductions, "UPDATE rma_line SET diminished_reason = ?2 WHERE id = ?1", error) &&
         run_per_id (db, refunds, "UPDATE refund SET note = ?2 WHERE id = ?1", error);
}

/* Photos show the customer's things, home or face, and their file
 * names often name them: the rows go with their bytes (a placeholder
 * row would claim a photo there is none of). The history still says a
 * photo was added, struck out above. */
static gboolean
delete_attachments (RetourDatabase        *db,
                    RetourPrivacySubject  *subject,
                    GError               **error)
{
  return run_per_rma (db, subject, "DELETE FROM attachment WHERE rma_id = ?1", error);
}

/* A label PDF prints the customer's name and address; it cannot be
 * drawn again without them. The label stays (its version, when it was
 * printed and sent) with no PDF: zero bytes. */
static gboolean
empty_label_pdfs (RetourDatabase        *db,
                  RetourPrivacySubject  *subject,
                  GError               **error)
{
  for (guint i = 0; i < subject->rma_ids->len; i++)
    {
      g_autoptr(RetourStmt) stmt = NULL;

      stmt = retour_database_prepare (db, "UPDATE label SET pdf = ?2 WHERE rma_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, g_array_index (subject->rma_ids, gint64, i));
      retour_stmt_bind_blob (stmt, 2, "", 0);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* The messages to the customer keep that they were sent, when, through
 * which channel and for which step (the evidence of a step's date), not
 * what they said nor to whom: the text names the customer, and the
 * attachments are their label and documents. */
static gboolean
erase_messages (RetourDatabase        *db,
                RetourPrivacySubject  *subject,
                GError               **error)
{
  return run_per_rma (db, subject,
                      "DELETE FROM customer_message_attachment WHERE message_id IN "
                      "(SELECT id FROM customer_message WHERE rma_id = ?1)",
                      error) &&
         run_per_rma (db, subject,
                      "UPDATE customer_message SET recipient = NULL, subject = '" RETOUR_PRIVACY_STRUCK_OUT "', "
                      "body = '" RETOUR_PRIVACY_STRUCK_OUT "', last_error = NULL WHERE rma_id = ?1",
                      error);
}

/* A carrier's label prints the customer's name and address: its PDF
 * goes; the label's carrier, tracking number, cost and events stay (the
 * shipping cost in the accounts, the proof of dispatch). */
static gboolean
empty_carrier_pdfs (RetourDatabase        *db,
                    RetourPrivacySubject  *subject,
                    GError               **error)
{
  return run_per_rma (db, subject, "UPDATE carrier_label SET pdf = NULL WHERE rma_id = ?1", error);
}

/* Orders keep their number, lines, money and country (for the VAT of
 * the sale); who they went to and where goes. */
static gboolean
anonymise_orders (RetourDatabase        *db,
                  RetourPrivacySubject  *subject,
                  GError               **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "UPDATE \"order\" SET ship_name = ?2, ship_address1 = NULL, "
                                  "ship_address2 = NULL, ship_postcode = NULL, ship_city = NULL "
                                  "WHERE customer_id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, subject->customer_id);
  retour_stmt_bind_static_text (stmt, 2, subject->placeholder);

  return retour_stmt_run (stmt, error);
}

/* Last: the steps above find the old data through this row. The
 * storefront's customer id stays, as the key a sync is recognised by;
 * the country, for the law that applies to the returns. The search
 * index follows the row (its triggers), as it does every edit. */
static gboolean
anonymise_customer_row (RetourDatabase        *db,
                        RetourPrivacySubject  *subject,
                        GError               **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, subject->customer_id);

  stmt = retour_database_prepare (db,
                                  "UPDATE customer SET first_name = ?2, last_name = ?3, email = NULL, "
                                  "phone = NULL, language = NULL, address1 = NULL, address2 = NULL, "
                                  "postcode = NULL, city = NULL, updated_us = ?4 "
                                  "WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, subject->customer_id);
  retour_stmt_bind_static_text (stmt, 2, RETOUR_PRIVACY_PLACEHOLDER_NAME);
  retour_stmt_bind_text (stmt, 3, number);
  retour_stmt_bind_int64 (stmt, 4, subject->now_us);

  return retour_stmt_run (stmt, error);
}

/* In this order; the customer row last. Add a step for each new table
 * that holds what a customer wrote or what names them. */
static const struct
{
  const char        *name;
  RetourPrivacyStep  run;
} steps[] = {
  { "history", strike_out_history },
  { "return texts", erase_rma_texts },
  { "photos", delete_attachments },
  { "label PDFs", empty_label_pdfs },
  { "messages", erase_messages },
  { "carrier label PDFs", empty_carrier_pdfs },
  { "orders", anonymise_orders },
  { "customer", anonymise_customer_row },
};

/* ------------------------------------------------------ keys for the sync */

/* The key an e-mail address is recognised by: HMAC-SHA-256 of its folded
 * form under a random key of this shop, so that the list of anonymised
 * customers cannot be read back by hashing known addresses elsewhere. */
static gboolean
get_salt (RetourDatabase  *db,
          gboolean         create,
          char           **out_salt,
          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *salt = NULL;
  guint8 bytes[32];
  gboolean has_row;

  *out_salt = NULL;
  stmt = retour_database_prepare (db, "SELECT value FROM setting WHERE key = 'privacy.salt'", error);
  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_salt = retour_stmt_dup_text (stmt, 0);
      return TRUE;
    }
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!create)
    return TRUE;

  /* From the kernel's generator, not a file: the store opens nothing
   * but its database. */
  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("No random key could be made for the anonymised customers: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  salt = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, sizeof bytes);

  stmt = retour_database_prepare (db, "INSERT INTO setting (key, value) VALUES ('privacy.salt', ?)", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_text (stmt, 1, salt);
  if (!retour_stmt_run (stmt, error))
    return FALSE;
  *out_salt = g_steal_pointer (&salt);

  return TRUE;
}

static char *
email_hash (const char *salt,
            const char *email)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  if (salt == NULL || email == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (email));
  if (*stripped == '\0')
    return NULL;
  folded = g_utf8_casefold (stripped, -1);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) salt, strlen (salt), folded, -1);
}

static gboolean
remember_keys (RetourDatabase        *db,
               RetourPrivacySubject  *subject,
               GError               **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;

  if (!get_salt (db, TRUE, &salt, error))
    return FALSE;
  hash = email_hash (salt, subject->email);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO anonymised_customer (customer_id, store_id, external_id, "
                                  "email_hash, created_us) VALUES (?, ?, ?, ?, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, subject->customer_id);
  retour_stmt_bind_id_or_null (stmt, 2, subject->store_id);
  retour_stmt_bind_text (stmt, 3, subject->external_id);
  retour_stmt_bind_text (stmt, 4, hash);
  retour_stmt_bind_int64 (stmt, 5, subject->now_us);

  return retour_stmt_run (stmt, error);
}

/* --------------------------------------------------------------- no trace */

static gboolean
set_secure_delete (RetourDatabase  *db,
                   gboolean         on,
                   GError         **error)
{
  sqlite3 *handle = retour_database_get_handle (db);
  int rc;

  if (handle == NULL)
    return TRUE;

  rc = sqlite3_exec (handle, on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return retour_store_set_error (error, handle, rc);

  return TRUE;
}

/* What the transaction left outside the live rows: FTS5 keeps a
 * deleted document's terms in older segments until they are merged, and
 * the WAL keeps the pages as they were before. With secure_delete on,
 * the merge and the checkpoint overwrite the freed space with zeros. */
static gboolean
leave_no_trace (RetourDatabase  *db,
                GError         **error)
{
  sqlite3 *handle = retour_database_get_handle (db);

  if (handle == NULL)
    {
      /* A server: dead row versions go at the next VACUUM; do it now for
       * the tables written. Only the tables' owner may, the others get
       * a warning from the server and autovacuum does it later. */
      return retour_database_exec (db,
                                   "VACUUM customer, \"order\", rma, rma_line, rma_event, refund, "
                                   "attachment, label, rma_search_doc, order_search_doc, "
                                   "customer_message, customer_message_attachment, carrier_label",
                                   error);
    }

  {
    g_auto(RetourTxn) txn = { 0 };

    if (!retour_txn_begin (&txn, db, error) ||
        !retour_database_exec (db, "INSERT INTO rma_fts (rma_fts) VALUES ('optimize')", error) ||
        !retour_database_exec (db, "INSERT INTO order_fts (order_fts) VALUES ('optimize')", error) ||
        !retour_txn_commit (&txn, error))
      return FALSE;
  }

  /* Busy (another connection reading) is not a failure: the pages are
   * then overwritten at a later checkpoint. */
  sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  return TRUE;
}

/* ------------------------------------------------------------------ public */

gboolean
retour_privacy_store_find_customer (RetourDatabase  *db,
                                    const char      *email_or_id,
                                    gint64          *out_customer_id,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *folded = NULL;
  guint64 id;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (email_or_id != NULL, FALSE);

  if (g_ascii_string_to_unsigned (email_or_id, 10, 1, G_MAXINT64, &id, NULL))
    {
      gboolean has_row;

      stmt = retour_database_prepare (db, "SELECT id FROM customer WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, (gint64) id);
      if (!retour_stmt_step (stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                       _("There is no customer %s."), email_or_id);
          return FALSE;
        }
      *out_customer_id = (gint64) id;
      return TRUE;
    }

  /* Addresses are compared folded in C: SQLite's lower() knows only
   * ASCII. */
  folded = g_utf8_casefold (email_or_id, -1);
  stmt = retour_database_prepare (db, "SELECT id, email FROM customer WHERE email IS NOT NULL ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autoptr(GPtrArray) rows = retour_stmt_collect (stmt, id_text_from_row, NULL, id_text_free, error);

    if (rows == NULL)
      return FALSE;
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    for (guint i = 0; i < rows->len; i++)
      {
        IdText *row = g_ptr_array_index (rows, i);
        g_autofree char *email = g_utf8_casefold (row->text, -1);

        if (g_str_equal (g_strstrip (email), folded))
          g_array_append_val (ids, row->id);
      }
  }

  if (ids->len == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("No customer has this e-mail address."));
      return FALSE;
    }
  if (ids->len > 1)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   /* Translators: %u is a number of customers (at least 2). */
                   _("%u customers have this e-mail address; name one by its number."), ids->len);
      return FALSE;
    }

  *out_customer_id = g_array_index (ids, gint64, 0);
  return TRUE;
}

/* One customer, in one transaction; secure_delete is on already. */
static gboolean
anonymise_one (RetourDatabase       *db,
               gint64                customer_id,
               RetourPrivacyReason   reason,
               const char           *actor,
               gint64                now_us,
               GError              **error)
{
  g_auto(RetourTxn) txn = { 0 };
  RetourPrivacySubject subject = { 0 };
  g_autofree char *detail = NULL;
  gboolean ok = FALSE;

  if (!retour_txn_begin (&txn, db, error) ||
      !load_subject (db, customer_id, now_us, &subject, error))
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!steps[i].run (db, &subject, error))
      {
        g_prefix_error (error, "%s: ", steps[i].name);
        goto out;
      }

  if (reason == RETOUR_PRIVACY_RETENTION)
    /* Translators: in the shop's audit trail; %s is "Anonymised customer 1234". */
    detail = g_strdup_printf (_("%s: anonymised by the shop's retention rule"), subject.placeholder);
  else
    /* Translators: in the shop's audit trail; %s is "Anonymised customer 1234". */
    detail = g_strdup_printf (_("%s: customer anonymised on request"), subject.placeholder);

  ok = remember_keys (db, &subject, error) &&
       retour_audit_store_add (db, actor, RETOUR_AUDIT_CUSTOMER, detail, now_us, error) &&
       retour_txn_commit (&txn, error);

out:
  subject_clear (&subject);
  return ok;
}

gboolean
retour_privacy_store_anonymise (RetourDatabase       *db,
                                gint64                customer_id,
                                RetourPrivacyReason   reason,
                                const char           *actor,
                                gint64                now_us,
                                GError              **error)
{
  gboolean ok;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (!retour_database_in_transaction (db), FALSE);

  if (!set_secure_delete (db, TRUE, error))
    return FALSE;

  ok = anonymise_one (db, customer_id, reason, actor, now_us, error) &&
       leave_no_trace (db, error);

  /* The connection's other writes need not pay for zeroing. */
  return set_secure_delete (db, FALSE, ok ? error : NULL) && ok;
}

gboolean
retour_privacy_store_list_records (RetourDatabase  *db,
                                   gint64           customer_id,
                                   GArray         **out_order_ids,
                                   GArray         **out_rma_ids,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GArray) orders = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "SELECT id FROM \"order\" WHERE customer_id = ? ORDER BY ordered_us, id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, customer_id);
  orders = retour_stmt_collect_ids (stmt, error);
  if (orders == NULL)
    return FALSE;
  retour_stmt_release (g_steal_pointer (&stmt));

  stmt = retour_database_prepare (db,
                                  "SELECT id FROM rma WHERE customer_id = ?1 "
                                  "OR order_id IN (SELECT id FROM \"order\" WHERE customer_id = ?1) "
                                  "ORDER BY id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, customer_id);
  *out_rma_ids = retour_stmt_collect_ids (stmt, error);
  if (*out_rma_ids == NULL)
    return FALSE;

  *out_order_ids = g_steal_pointer (&orders);
  return TRUE;
}

gboolean
retour_privacy_store_is_anonymised (RetourDatabase  *db,
                                    gint64           customer_id,
                                    gboolean        *out_anonymised,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db, "SELECT 1 FROM anonymised_customer WHERE customer_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, customer_id);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *out_anonymised = has_row;
  return TRUE;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

gboolean
retour_privacy_store_screen_synced (RetourDatabase  *db,
                                    gint64           store_id,
                                    RetourCustomer  *customer,
                                    RetourOrder     *order,
                                    gboolean        *out_anonymised,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *placeholder = NULL;
  g_autofree char *number = NULL;
  gboolean has_row;
  gint64 customer_id = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (out_anonymised != NULL)
    *out_anonymised = FALSE;
  if (customer == NULL)
    return TRUE;

  if (!get_salt (db, FALSE, &salt, error))
    return FALSE;
  hash = email_hash (salt, customer->email);

  stmt = retour_database_prepare (db,
                                  "SELECT coalesce (customer_id, 0) FROM anonymised_customer "
                                  "WHERE (store_id = ?1 AND external_id = ?2) OR email_hash = ?3 "
                                  "ORDER BY id LIMIT 1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  retour_stmt_bind_int64 (stmt, 1, store_id);
  retour_stmt_bind_text (stmt, 2, customer->external_id);
  retour_stmt_bind_text (stmt, 3, hash);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  customer_id = retour_stmt_column_int64 (stmt, 0);

  if (out_anonymised != NULL)
    *out_anonymised = TRUE;
  if (customer_id > 0)
    customer->id = customer_id;
  placeholder = placeholder_for (customer_id);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, customer_id);
  replace (&customer->first_name, RETOUR_PRIVACY_PLACEHOLDER_NAME);
  replace (&customer->last_name, number);
  replace (&customer->email, NULL);
  replace (&customer->phone, NULL);
  replace (&customer->language, NULL);
  replace (&customer->address1, NULL);
  replace (&customer->address2, NULL);
  replace (&customer->postcode, NULL);
  replace (&customer->city, NULL);

  if (order != NULL)
    {
      replace (&order->ship_name, placeholder);
      replace (&order->ship_address1, NULL);
      replace (&order->ship_address2, NULL);
      replace (&order->ship_postcode, NULL);
      replace (&order->ship_city, NULL);
    }

  return TRUE;
}

/* ------------------------------------------------------------ retention */

guint
retour_privacy_default_retention_years (const char *country)
{
  static const struct { const char *country; guint years; } laws[] = {
    { "NL", 7 },    /* art. 52 lid 4 AWR */
    { "FR", 10 },   /* art. L123-22 code de commerce */
    { "DE", 10 },   /* § 147 Abs. 3 AO, § 257 Abs. 4 HGB: books 10, vouchers 8 since 2025 */
    { "PL", 5 },    /* art. 74 ust. 2 ustawy o rachunkowości, art. 86 § 1 Ordynacji podatkowej */
  };

  for (guint i = 0; country != NULL && i < G_N_ELEMENTS (laws); i++)
    if (g_ascii_strcasecmp (country, laws[i].country) == 0)
      return laws[i].years;

  /* The longest of them where the law is not known here. */
  return 10;
}

gint64
retour_privacy_retention_cutoff (gint64 now_us,
                                 guint  years)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) cutoff = g_date_time_new_local (g_date_time_get_year (now) - (int) years, 1, 1, 0, 0, 0);

  return g_date_time_to_unix (cutoff) * G_USEC_PER_SEC;
}

gboolean
retour_privacy_store_get_retention (RetourDatabase  *db,
                                    gboolean        *out_on,
                                    guint           *out_years,
                                    GError         **error)
{
  g_autofree char *on = NULL;
  g_autofree char *years = NULL;
  guint64 value = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  on = retour_setting_store_get (db, RETOUR_SETTING_RETENTION, "off", error);
  if (on == NULL)
    return FALSE;
  years = retour_setting_store_get (db, RETOUR_SETTING_RETENTION_YEARS, "", error);
  if (years == NULL)
    return FALSE;

  if (!g_ascii_string_to_unsigned (years, 10, 1, 30, &value, NULL))
    {
      g_autoptr(RetourPolicy) policy = retour_policy_store_load_current (db, error);

      if (policy == NULL)
        return FALSE;
      value = retour_privacy_default_retention_years (policy->shop_country);
    }

  *out_on = g_str_equal (on, "on");
  *out_years = (guint) value;
  return TRUE;
}

gboolean
retour_privacy_store_set_retention (RetourDatabase  *db,
                                    gboolean         on,
                                    guint            years,
                                    const char      *actor,
                                    gint64           now_us,
                                    GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autofree char *value = g_strdup_printf ("%u", years);
  g_autofree char *detail = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (years < 1 || years > 30)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Customers are kept between 1 and 30 years."));
      return FALSE;
    }

  if (on)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: in the shop's audit trail. */
                                           "Customers anonymised after %u year without an order",
                                           "Customers anonymised after %u years without an order",
                                           years),
                              years);
  else
    /* Translators: in the shop's audit trail. */
    detail = g_strdup (_("Customers no longer anonymised after a time"));

  return retour_txn_begin (&txn, db, error) &&
         retour_setting_store_set (db, RETOUR_SETTING_RETENTION, on ? "on" : "off", error) &&
         retour_setting_store_set (db, RETOUR_SETTING_RETENTION_YEARS, value, error) &&
         retour_audit_store_add (db, actor, RETOUR_AUDIT_SETTING, detail, now_us, error) &&
         retour_txn_commit (&txn, error);
}

GArray *
retour_privacy_store_list_expired (RetourDatabase  *db,
                                   guint            years,
                                   gint64           now_us,
                                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT c.id FROM customer c "
                                  "WHERE c.created_us < ?1 "
                                  "AND NOT EXISTS (SELECT 1 FROM anonymised_customer a WHERE a.customer_id = c.id) "
                                  "AND NOT EXISTS (SELECT 1 FROM \"order\" o WHERE o.customer_id = c.id "
                                  "                AND o.ordered_us >= ?1) "
                                  "AND NOT EXISTS (SELECT 1 FROM rma r WHERE (r.customer_id = c.id "
                                  "                OR r.order_id IN (SELECT id FROM \"order\" WHERE customer_id = c.id)) "
                                  "                AND (r.created_us >= ?1 OR r.status NOT IN "
                                  "                     ('closed', 'rejected', 'cancelled', 'expired'))) "
                                  "ORDER BY c.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, retour_privacy_retention_cutoff (now_us, years));

  return retour_stmt_collect_ids (stmt, error);
}

gboolean
retour_privacy_store_apply_retention (RetourDatabase  *db,
                                      guint            years,
                                      const char      *actor,
                                      gint64           now_us,
                                      guint           *out_n,
                                      GError         **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  *out_n = 0;
  ids = retour_privacy_store_list_expired (db, years, now_us, error);
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    return TRUE;

  if (!set_secure_delete (db, TRUE, error))
    return FALSE;

  for (guint i = 0; ok && i < ids->len; i++)
    {
      ok = anonymise_one (db, g_array_index (ids, gint64, i), RETOUR_PRIVACY_RETENTION, actor, now_us, error);
      if (ok)
        (*out_n)++;
    }

  /* What the anonymised ones left behind goes even when one failed. */
  if (*out_n > 0)
    ok = leave_no_trace (db, ok ? error : NULL) && ok;

  return set_secure_delete (db, FALSE, ok ? error : NULL) && ok;
}

gboolean
retour_privacy_store_run_daily (RetourDatabase  *db,
                                const char      *actor,
                                gint64           now_us,
                                guint           *out_n,
                                GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *last = NULL;
  gboolean on = FALSE;
  guint years = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  *out_n = 0;
  if ((retour_database_get_operator_roles (db) & RETOUR_OPERATOR_ROLE_OWNER) == 0)
    return TRUE;
  if (!retour_privacy_store_get_retention (db, &on, &years, error))
    return FALSE;
  if (!on)
    return TRUE;
  last = retour_setting_store_get (db, RETOUR_SETTING_RETENTION_LAST_DAY, "", error);
  if (last == NULL)
    return FALSE;
  if (g_str_equal (last, today))
    return TRUE;

  /* Marked first: a failure is not retried every tick of the day. */
  return retour_setting_store_set (db, RETOUR_SETTING_RETENTION_LAST_DAY, today, error) &&
         retour_privacy_store_apply_retention (db, years, actor, now_us, out_n, error);
}
