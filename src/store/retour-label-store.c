/* retour-label-store.c — the label table and the label history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-label-store.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-rma-store-private.h"
#include "retour-setting-store.h"

G_DEFINE_BOXED_TYPE (RetourLabel, retour_label, retour_label_copy, retour_label_free)

RetourLabel *
retour_label_copy (const RetourLabel *label)
{
  RetourLabel *copy;

  g_return_val_if_fail (label != NULL, NULL);

  copy = g_memdup2 (label, sizeof *label);
  if (label->pdf != NULL)
    copy->pdf = g_bytes_ref (label->pdf);

  return copy;
}

void
retour_label_free (RetourLabel *label)
{
  if (label == NULL)
    return;

  g_clear_pointer (&label->pdf, g_bytes_unref);
  g_free (label);
}

/* Whether the RMA can have a label; sets @error when it cannot. */
static gboolean
check_labelable (const char       *number,
                 RetourRmaStatus   status,
                 gint64            rma_id,
                 GError          **error)
{
  if (number == NULL || *number == '\0')
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("Return #%lld has no RMA number yet: authorize it before making a label."),
                   (long long) rma_id);
      return FALSE;
    }

  if (status == RETOUR_RMA_STATUS_REJECTED || status == RETOUR_RMA_STATUS_CANCELLED ||
      status == RETOUR_RMA_STATUS_EXPIRED)
    {
      g_autofree char *display = retour_rma_number_display (number);

      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   /* Translators: the second %s is a status, such as “Cancelled”. */
                   _("Return %s has the status “%s”: it can no longer be sent back with a label."),
                   display, retour_rma_status_get_label (status));
      return FALSE;
    }

  return TRUE;
}

static void
add_line (GPtrArray  *lines,
          const char *line)
{
  if (line != NULL && *line != '\0')
    g_ptr_array_add (lines, g_strdup (line));
}

static char *
join_place (const char *postcode,
            const char *city)
{
  return g_strstrip (g_strjoin (" ", postcode != NULL ? postcode : "", city != NULL ? city : "", NULL));
}

static char **
address_lines (const char *line1,
               const char *line2,
               const char *postcode,
               const char *city,
               const char *country)
{
  GPtrArray *lines = g_ptr_array_new ();
  g_autofree char *place = join_place (postcode, city);
  g_autofree char *upper_country = country != NULL ? g_ascii_strup (country, -1) : NULL;

  add_line (lines, line1);
  add_line (lines, line2);
  add_line (lines, place);
  add_line (lines, upper_country);
  g_ptr_array_add (lines, NULL);

  return (char **) g_ptr_array_free (lines, FALSE);
}

static const RetourReason *
find_reason (GPtrArray *reasons,
             gint64     reason_id)
{
  for (guint i = 0; reason_id > 0 && i < reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);

      if (reason->id == reason_id)
        return reason;
    }

  return NULL;
}

/* The parcel leaves from where the order went, if known. */
static void
sender_of (const RetourRma       *rma,
           const RetourOrder     *order,
           const RetourCustomer  *customer,
           char                 **out_name,
           char                ***out_lines)
{
  if (order != NULL && order->ship_name != NULL && *order->ship_name != '\0')
    *out_name = g_strdup (order->ship_name);
  else if (customer != NULL)
    *out_name = retour_customer_dup_display_name (customer);
  else
    *out_name = g_strdup (rma->customer_name != NULL ? rma->customer_name : "");

  if (order != NULL && order->ship_address1 != NULL && *order->ship_address1 != '\0')
    *out_lines = address_lines (order->ship_address1, order->ship_address2,
                                order->ship_postcode, order->ship_city,
                                order->ship_country);
  else if (customer != NULL)
    *out_lines = address_lines (customer->address1, customer->address2,
                                customer->postcode, customer->city,
                                customer->country);
  else
    *out_lines = g_new0 (char *, 1);
}

/* The order and the customer of @rma, each NULL when it has none. */
static gboolean
load_order_and_customer (RetourDatabase  *db,
                         const RetourRma *rma,
                         RetourOrder    **out_order,
                         RetourCustomer **out_customer,
                         GError         **error)
{
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourCustomer) customer = NULL;

  if (rma->customer_id > 0)
    {
      customer = retour_catalog_store_load_customer (db, rma->customer_id, error);
      if (customer == NULL)
        return FALSE;
    }
  if (rma->order_id > 0)
    {
      order = retour_catalog_store_load_order (db, rma->order_id, error);
      if (order == NULL)
        return FALSE;
    }

  *out_order = g_steal_pointer (&order);
  *out_customer = g_steal_pointer (&customer);

  return TRUE;
}

gboolean
retour_label_store_load_sender (RetourDatabase    *db,
                                const RetourRma   *rma,
                                char             **out_name,
                                char            ***out_lines,
                                GError           **error)
{
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourCustomer) customer = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);
  g_return_val_if_fail (out_name != NULL && out_lines != NULL, FALSE);

  if (!load_order_and_customer (db, rma, &order, &customer, error))
    return FALSE;

  sender_of (rma, order, customer, out_name, out_lines);

  return TRUE;
}

RetourLabelData *
retour_label_store_load_data (RetourDatabase  *db,
                              gint64           rma_id,
                              GError         **error)
{
  g_autoptr(RetourLabelData) data = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  int language;
  g_autofree char *address = NULL;
  g_autofree char *qr = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  rma = retour_rma_store_load (db, rma_id, error);
  if (rma == NULL || !check_labelable (rma->number, rma->status, rma->id, error))
    return NULL;

  if (!load_order_and_customer (db, rma, &order, &customer, error))
    return NULL;

  reasons = retour_policy_store_list_reasons (db, TRUE, error);
  if (reasons == NULL)
    return NULL;

  data = retour_label_data_new ();

  g_free (data->shop_name);
  data->shop_name = retour_setting_store_get (db, RETOUR_SETTING_SHOP_NAME, "", error);
  address = retour_setting_store_get (db, RETOUR_SETTING_RETURN_ADDRESS, "", error);
  qr = retour_setting_store_get (db, RETOUR_SETTING_LABEL_QR_CODE, "true", error);
  if (data->shop_name == NULL || address == NULL || qr == NULL)
    return NULL;
  g_strfreev (data->return_address);
  data->return_address = g_strsplit (address, "\n", -1);
  data->qr_code = !g_str_equal (qr, "false");

  g_free (data->customer_name);
  g_strfreev (data->customer_address);
  sender_of (rma, order, customer, &data->customer_name, &data->customer_address);

  if (customer != NULL)
    {
      data->customer_email = g_strdup (customer->email);
      data->language = g_strdup (customer->language);
    }
  else
    data->customer_email = g_strdup (rma->customer_email);
  /* A customer who never said: the language of the country the order
   * went to. */
  if (data->language == NULL || *data->language == '\0')
    {
      g_free (data->language);
      data->language = g_strdup (retour_customer_language_for_country (order != NULL ? order->ship_country
                                                                        : customer != NULL ? customer->country
                                                                        : NULL));
    }
  language = retour_customer_language_index (data->language);

  g_free (data->rma_number);
  data->rma_number = g_strdup (rma->number);
  data->order_number = g_strdup (rma->order_number);
  data->order_us = order != NULL ? order->ordered_us : 0;
  data->due_us = rma->due_us;
  /* When the return last changed: the same RMA gives the same PDF. */
  data->created_us = MAX (rma->updated_us, rma->authorized_us);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      guint quantity = retour_rma_get_line_quantity (rma, line);
      const RetourReason *reason;
      const char *named;
      RetourLabelItem *item;

      /* A line nothing of which was authorized does not go in the parcel. */
      if (quantity == 0)
        continue;

      reason = find_reason (reasons, line->reason_id);
      named = reason != NULL && language >= 0 ? reason->customer_names[language] : NULL;
      item = retour_label_item_new (line->sku, line->title, quantity,
                                    named != NULL ? named : reason != NULL ? reason->label : NULL);
      /* Printed in the customer's language: as the shop named it for them,
       * else as Retour has it. */
      if (named == NULL && reason != NULL)
        item->reason_msgid = g_strdup (retour_policy_store_default_reason_text (reason));
      g_ptr_array_add (data->items, item);
    }

  return g_steal_pointer (&data);
}

/* The label's history ------------------------------------------------------ */

#define LABEL_SELECT \
  "SELECT id, rma_id, version, format, created_us, printed_us, sent_us, pdf FROM label "

static RetourLabel *
read_label (RetourStmt *stmt,
            gboolean    with_pdf)
{
  RetourLabel *label = g_new0 (RetourLabel, 1);
  int format;

  label->id = retour_stmt_column_int64 (stmt, 0);
  label->rma_id = retour_stmt_column_int64 (stmt, 1);
  label->version = (guint) retour_stmt_column_int (stmt, 2);
  if (retour_enum_from_nick (RETOUR_TYPE_LABEL_FORMAT, retour_stmt_column_text (stmt, 3), &format))
    label->format = (RetourLabelFormat) format;
  label->created_us = retour_stmt_column_int64 (stmt, 4);
  label->printed_us = retour_stmt_column_int64 (stmt, 5);
  label->sent_us = retour_stmt_column_int64 (stmt, 6);
  if (with_pdf)
    {
      gsize size;
      gconstpointer data = retour_stmt_column_blob (stmt, 7, &size);

      label->pdf = g_bytes_new (data, size);
    }

  return label;
}

/* A listed label comes without its bytes (see retour_label_store_list()). */
static gpointer
listed_label_from_row (RetourStmt *stmt,
                       gpointer    user_data)
{
  return read_label (stmt, FALSE);
}

static RetourLabel *
load_one (RetourStmt  *stmt,
          GError     **error)
{
  if (!retour_stmt_step_row (stmt, _("No label has been made for this return yet."), error))
    return NULL;

  return read_label (stmt, TRUE);
}

RetourLabel *
retour_label_store_load (RetourDatabase  *db,
                         gint64           label_id,
                         GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, LABEL_SELECT "WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, label_id);

  return load_one (stmt, error);
}

RetourLabel *
retour_label_store_load_latest (RetourDatabase     *db,
                                gint64              rma_id,
                                RetourLabelFormat   format,
                                GError            **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, LABEL_SELECT "WHERE rma_id = ?1 AND format = ?2 "
                                  "ORDER BY version DESC LIMIT 1",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_static_text (stmt, 2, retour_label_format_to_key (format));

  return load_one (stmt, error);
}

RetourLabel *
retour_label_store_load_newest (RetourDatabase  *db,
                                gint64           rma_id,
                                GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, LABEL_SELECT "WHERE rma_id = ? ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);

  return load_one (stmt, error);
}

RetourLabel *
retour_label_store_reformat (RetourDatabase     *db,
                             gint64              label_id,
                             RetourLabelFormat   format,
                             GBytes             *pdf,
                             GError            **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS, NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  /* Only the newest: an older version is what was printed before the
   * return changed, and stays as it was. */
  stmt = retour_database_prepare (db,
                                  "UPDATE label SET format = ?2, pdf = ?3 "
                                  "WHERE id = ?1 AND version = (SELECT max (version) FROM label AS newest "
                                  "                             WHERE newest.rma_id = label.rma_id) "
                                  "RETURNING id",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, label_id);
  retour_stmt_bind_static_text (stmt, 2, retour_label_format_to_key (format));
  retour_stmt_bind_blob (stmt, 3, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  if (!retour_stmt_step_row (stmt, _("The label is no longer the return’s newest: a newer version was made."), error))
    return NULL;
  retour_stmt_release (g_steal_pointer (&stmt));

  return retour_label_store_load (db, label_id, error);
}

GPtrArray *
retour_label_store_list (RetourDatabase  *db,
                         gint64           rma_id,
                         GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db, LABEL_SELECT "WHERE rma_id = ? ORDER BY version DESC", error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int64 (stmt, 1, rma_id);

  return retour_stmt_collect (stmt, listed_label_from_row, NULL, (GDestroyNotify) retour_label_free, error);
}

RetourLabel *
retour_label_store_add (RetourDatabase     *db,
                        gint64              rma_id,
                        RetourLabelFormat   format,
                        GBytes             *pdf,
                        const char         *actor,
                        gint64              now_us,
                        GError            **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourLabel) latest = NULL;
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *detail = NULL;
  RetourRmaStatus status = RETOUR_RMA_STATUS_DRAFT;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS, NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  if (!retour_txn_begin (&txn, db, error))
    return NULL;

  stmt = retour_database_prepare (db, "SELECT number, status FROM rma WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  if (!retour_stmt_step_row (stmt, _("The return no longer exists."), error))
    return NULL;
  number = retour_stmt_dup_text (stmt, 0);
  retour_rma_status_from_key (retour_stmt_column_text (stmt, 1), &status);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!check_labelable (number, status, rma_id, error))
    return NULL;

  /* Nothing changed since the last one: reuse it, so that it keeps its
   * version and its history. */
  latest = retour_label_store_load_latest (db, rma_id, format, &local_error);
  if (latest == NULL && !g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (latest != NULL && g_bytes_equal (latest->pdf, pdf))
    return g_steal_pointer (&latest);

  label = g_new0 (RetourLabel, 1);
  label->rma_id = rma_id;
  label->format = format;
  label->pdf = g_bytes_ref (pdf);
  label->created_us = now_us;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO label (rma_id, version, format, pdf, created_us) "
                                  "SELECT ?1, coalesce (max (version), 0) + 1, ?2, ?3, ?4 "
                                  "FROM label WHERE rma_id = ?1 "
                                  "RETURNING id, version",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_int64 (stmt, 1, rma_id);
  retour_stmt_bind_static_text (stmt, 2, retour_label_format_to_key (format));
  retour_stmt_bind_blob (stmt, 3, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  retour_stmt_bind_int64 (stmt, 4, now_us);
  if (!retour_stmt_step (stmt, &has_row, error))
    return NULL;
  label->id = retour_stmt_column_int64 (stmt, 0);
  label->version = (guint) retour_stmt_column_int (stmt, 1);
  retour_stmt_release (g_steal_pointer (&stmt));

  /* Translators: in a return's history. The first %s is a label format
   * ("Thermal 100 × 150 mm"), %u the label's version. */
  detail = g_strdup_printf (_("Return label (%s) made, version %u"),
                            retour_label_format_get_label (format), label->version);

  if (!retour_rma_store_add_detail_event (db, rma_id, "label", actor, detail, now_us, error) ||
      !retour_txn_commit (&txn, error))
    return NULL;

  return g_steal_pointer (&label);
}

static gboolean
mark_label (RetourDatabase  *db,
            gint64           label_id,
            gboolean         sent,
            const char      *recipient,
            const char      *actor,
            gint64           now_us,
            GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *detail = NULL;
  RetourLabelFormat format = RETOUR_LABEL_FORMAT_THERMAL;
  gboolean has_row;
  gint64 rma_id;
  guint version;
  int value;

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  if (sent)
    stmt = retour_database_prepare (db, "UPDATE label SET sent_us = ?2 WHERE id = ?1 "
                                    "RETURNING rma_id, version, format", error);
  else
    stmt = retour_database_prepare (db, "UPDATE label SET printed_us = ?2 WHERE id = ?1 "
                                    "RETURNING rma_id, version, format", error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, label_id);
  retour_stmt_bind_int64 (stmt, 2, now_us);
  if (!retour_stmt_step_row (stmt, _("The label no longer exists."), error))
    return FALSE;
  rma_id = retour_stmt_column_int64 (stmt, 0);
  version = (guint) retour_stmt_column_int (stmt, 1);
  if (retour_enum_from_nick (RETOUR_TYPE_LABEL_FORMAT, retour_stmt_column_text (stmt, 2), &value))
    format = (RetourLabelFormat) value;
  /* RETURNING rows are all produced at the first step; finish the
   * statement before the next one. */
  while (retour_stmt_step (stmt, &has_row, NULL) && has_row)
    ;
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!sent)
    /* Translators: in a return's history. %s is a label format, %u the
     * label's version. */
    detail = g_strdup_printf (_("Return label (%s), version %u, printed"),
                              retour_label_format_get_label (format), version);
  else if (recipient != NULL && *recipient != '\0')
    /* Translators: in a return's history. The first %s is a label format,
     * %u the label's version, the last %s an e-mail address. */
    detail = g_strdup_printf (_("Return label (%s), version %u, sent by e-mail to %s"),
                              retour_label_format_get_label (format), version, recipient);
  else
    detail = g_strdup_printf (_("Return label (%s), version %u, sent by e-mail"),
                              retour_label_format_get_label (format), version);

  return retour_rma_store_add_detail_event (db, rma_id, "label", actor, detail, now_us, error) &&
         retour_txn_commit (&txn, error);
}

gboolean
retour_label_store_mark_printed (RetourDatabase  *db,
                                 gint64           label_id,
                                 const char      *actor,
                                 gint64           now_us,
                                 GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  return mark_label (db, label_id, FALSE, NULL, actor, now_us, error);
}

gboolean
retour_label_store_mark_sent (RetourDatabase  *db,
                              gint64           label_id,
                              const char      *recipient,
                              const char      *actor,
                              gint64           now_us,
                              GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  return mark_label (db, label_id, TRUE, recipient, actor, now_us, error);
}
