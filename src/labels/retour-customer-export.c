/* retour-customer-export.c — everything held about one customer (GDPR art. 15).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data is read through the stores' own functions, record by record,
 * from the ids retour_privacy_store_list_records() gives: so an export
 * holds what the desk shows, and only what belongs to this customer.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "retour-catalog-store.h"
#include "retour-catalog.h"
#include "retour-core-enums.h"
#include "retour-customer-export.h"
#include "retour-label-store.h"
#include "retour-message-store.h"
#include "retour-privacy-store.h"
#include "retour-rma-number.h"
#include "retour-rma-store.h"

#define PAGE_WIDTH  595.0   /* A4, in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      56.0

static gboolean
write_private (const char    *path,
               gconstpointer  data,
               gsize          size,
               GError       **error)
{
  return g_file_set_contents_full (path, data, (gssize) size,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found != NULL ? found->value_nick : "unknown";
}

static char *
iso_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = NULL;

  if (time_us == 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (time);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       time_us)
{
  g_autofree char *text = iso_time (time_us);

  add_string (builder, name, text);
}

/* Minor units and currency, as a program reads money best. */
static void
add_money (JsonBuilder *builder,
           const char  *name,
           RetourMoney  money)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "minor");
  json_builder_add_int_value (builder, money.minor);
  add_string (builder, "currency", money.currency);
  json_builder_end_object (builder);
}

/* A name for a stored file that says what it was and cannot leave the
 * folder: "12-photo_of_scarf.jpg". */
static char *
safe_file_name (gint64      id,
                const char *name)
{
  GString *safe = g_string_new (NULL);

  g_string_printf (safe, "%" G_GINT64_FORMAT "-", id);
  for (const char *p = name != NULL ? name : ""; *p != '\0'; p++)
    g_string_append_c (safe, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '_');
  if (safe->str[safe->len - 1] == '-' || g_str_has_suffix (safe->str, "."))
    g_string_append (safe, "file");

  return g_string_free (safe, FALSE);
}

/* Writes @bytes to @subdir/@name below @dir; lists it in @builder with
 * its path, size and SHA-256. */
static gboolean
write_file (JsonBuilder  *builder,
            const char   *dir,
            const char   *subdir,
            const char   *name,
            GBytes       *bytes,
            GError      **error)
{
  g_autofree char *folder = g_build_filename (dir, subdir, NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *relative = g_build_filename (subdir, name, NULL);
  g_autofree char *hash = NULL;
  gsize size = 0;
  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (gconstpointer) "", size);
  add_string (builder, "file", relative);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) size);
  add_string (builder, "sha256", hash);

  return write_private (path, data != NULL ? data : "", size, error);
}

typedef struct
{
  RetourCustomer *customer;
  GPtrArray      *orders;     /* RetourOrder* */
  GPtrArray      *rmas;       /* RetourRma* */
  guint           n_photos;
  guint           n_labels;
} Held;

static void
held_clear (Held *held)
{
  g_clear_pointer (&held->customer, retour_customer_free);
  g_clear_pointer (&held->orders, g_ptr_array_unref);
  g_clear_pointer (&held->rmas, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Held, held_clear)

static void
build_customer (JsonBuilder          *builder,
                const RetourCustomer *customer)
{
  json_builder_set_member_name (builder, "customer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, customer->id);
  add_string (builder, "storefront_id", customer->external_id);
  add_string (builder, "first_name", customer->first_name);
  add_string (builder, "last_name", customer->last_name);
  add_string (builder, "email", customer->email);
  add_string (builder, "phone", customer->phone);
  add_string (builder, "language", customer->language);
  add_string (builder, "address1", customer->address1);
  add_string (builder, "address2", customer->address2);
  add_string (builder, "postcode", customer->postcode);
  add_string (builder, "city", customer->city);
  add_string (builder, "country", customer->country);
  json_builder_end_object (builder);
}

static void
build_order (JsonBuilder       *builder,
             const RetourOrder *order)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, order->id);
  add_string (builder, "number", order->number);
  add_string (builder, "status", order->status);
  add_time (builder, "ordered", order->ordered_us);
  add_time (builder, "delivered", order->delivered_us);
  add_money (builder, "total", order->total);
  add_string (builder, "ship_name", order->ship_name);
  add_string (builder, "ship_address1", order->ship_address1);
  add_string (builder, "ship_address2", order->ship_address2);
  add_string (builder, "ship_postcode", order->ship_postcode);
  add_string (builder, "ship_city", order->ship_city);
  add_string (builder, "ship_country", order->ship_country);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < order->lines->len; i++)
    {
      const RetourOrderLine *line = g_ptr_array_index (order->lines, i);

      json_builder_begin_object (builder);
      add_string (builder, "sku", line->sku);
      add_string (builder, "title", line->title);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, line->quantity);
      add_money (builder, "total", line->total);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
build_rma (JsonBuilder     *builder,
           RetourDatabase  *db,
           const RetourRma *rma,
           const char      *dir,
           Held            *held,
           GError         **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  events = retour_rma_store_list_events (db, rma->id, error);
  if (events == NULL)
    return FALSE;
  refunds = retour_rma_store_list_refunds (db, rma->id, error);
  if (refunds == NULL)
    return FALSE;
  photos = retour_rma_store_list_attachments (db, rma->id, error);
  if (photos == NULL)
    return FALSE;
  labels = retour_label_store_list (db, rma->id, error);
  if (labels == NULL || (messages = retour_message_store_list (db, rma->id, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, rma->id);
  add_string (builder, "number", rma->number);
  add_string (builder, "status", enum_nick (RETOUR_TYPE_RMA_STATUS, rma->status));
  add_string (builder, "order_number", rma->order_number);
  add_string (builder, "resolution", enum_nick (RETOUR_TYPE_RESOLUTION, rma->resolution));
  add_money (builder, "refund", rma->refund);
  add_string (builder, "notes", rma->notes);
  add_time (builder, "created", rma->created_us);
  add_time (builder, "received", rma->received_us);
  add_time (builder, "closed", rma->closed_us);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      json_builder_begin_object (builder);
      add_string (builder, "sku", line->sku);
      add_string (builder, "title", line->title);
      json_builder_set_member_name (builder, "requested");
      json_builder_add_int_value (builder, line->qty_requested);
      json_builder_set_member_name (builder, "received");
      json_builder_add_int_value (builder, line->qty_received);
      json_builder_set_member_name (builder, "accepted");
      json_builder_add_int_value (builder, line->qty_accepted);
      add_string (builder, "condition", enum_nick (RETOUR_TYPE_CONDITION, line->condition));
      add_string (builder, "notes", line->notes);
      add_string (builder, "deduction_reason", line->diminished_reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i);

      json_builder_begin_object (builder);
      add_time (builder, "time", event->created_us);
      add_string (builder, "kind", event->kind);
      add_string (builder, "by", event->actor);
      add_string (builder, "detail", event->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "refunds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < refunds->len; i++)
    {
      const RetourRefund *refund = g_ptr_array_index (refunds, i);

      json_builder_begin_object (builder);
      add_time (builder, "time", refund->created_us);
      add_money (builder, "amount", refund->amount);
      add_string (builder, "method", enum_nick (RETOUR_TYPE_REFUND_METHOD, refund->method));
      add_string (builder, "note", refund->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  for (guint i = 0; i < photos->len; i++)
    {
      const RetourAttachment *listed = g_ptr_array_index (photos, i);
      g_autoptr(RetourAttachment) photo = retour_rma_store_load_attachment (db, listed->id, error);
      g_autofree char *name = NULL;

      if (photo == NULL)
        return FALSE;
      name = safe_file_name (photo->id, photo->filename);
      json_builder_begin_object (builder);
      add_string (builder, "name", photo->filename);
      add_string (builder, "type", photo->mime_type);
      add_time (builder, "added", photo->created_us);
      if (!write_file (builder, dir, "photos", name, photo->data, error))
        return FALSE;
      json_builder_end_object (builder);
      held->n_photos++;
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < labels->len; i++)
    {
      const RetourLabel *listed = g_ptr_array_index (labels, i);
      g_autoptr(RetourLabel) label = retour_label_store_load (db, listed->id, error);
      g_autofree char *name = NULL;

      if (label == NULL)
        return FALSE;
      name = g_strdup_printf ("%" G_GINT64_FORMAT "-v%u.pdf", rma->id, label->version);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, label->version);
      add_time (builder, "made", label->created_us);
      /* An anonymised customer's labels are kept with no PDF. */
      if (label->pdf != NULL && g_bytes_get_size (label->pdf) > 0)
        {
          if (!write_file (builder, dir, "labels", name, label->pdf, error))
            return FALSE;
          held->n_labels++;
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* What they were told: exactly as sent (attachments as names and
   * hashes; the labels are above). */
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      const RetourMessage *listed = g_ptr_array_index (messages, i);
      g_autoptr(RetourMessage) message = retour_message_store_load (db, listed->id, error);

      if (message == NULL)
        return FALSE;
      json_builder_begin_object (builder);
      add_string (builder, "step", enum_nick (RETOUR_TYPE_MESSAGE_STEP, message->step));
      add_string (builder, "channel", enum_nick (RETOUR_TYPE_MESSAGE_CHANNEL, message->channel));
      add_string (builder, "state", enum_nick (RETOUR_TYPE_MESSAGE_STATE, message->state));
      add_string (builder, "language", message->language);
      add_string (builder, "to", message->recipient);
      add_time (builder, "written", message->created_us);
      if (message->sent_us > 0)
        add_time (builder, "sent", message->sent_us);
      add_string (builder, "subject", message->subject);
      add_string (builder, "text", message->body);
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint j = 0; j < message->attachments->len; j++)
        {
          const RetourMessageAttachment *attachment = g_ptr_array_index (message->attachments, j);

          json_builder_begin_object (builder);
          add_string (builder, "name", attachment->name);
          add_string (builder, "sha256", attachment->sha256);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return TRUE;
}

/* --------------------------------------------------------------- summary */

typedef struct
{
  cairo_t *cr;
  double   y;
} Page;

static void
paragraph (Page       *page,
           const char *text,
           gboolean    heading)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *font = pango_font_description_from_string (heading ? "Sans Bold 13" : "Sans 10");
  int height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);

  if (page->y + (double) height / PANGO_SCALE > PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  if (heading)
    page->y += 8;
  cairo_move_to (page->cr, MARGIN, page->y);
  pango_cairo_show_layout (page->cr, layout);
  page->y += (double) height / PANGO_SCALE + 4;

  pango_font_description_free (font);
  g_object_unref (layout);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static char *
date_text (const RetourCatalog *catalog,
           gint64               time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return retour_catalog_format_date (catalog, time);
}

static GBytes *
render_summary (const Held  *held,
                gint64       now_us,
                GError     **error)
{
  const RetourCatalog *catalog = retour_catalog_get (held->customer->language);
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autofree char *name = retour_customer_dup_display_name (held->customer);
  g_autofree char *today = date_text (catalog, now_us);
  g_autofree char *intro = NULL;
  g_autofree char *files = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };

  surface = cairo_pdf_surface_create_for_stream (append_to_array, array, PAGE_WIDTH, PAGE_HEIGHT);
  page.cr = cairo_create (surface);
  cairo_set_source_rgb (page.cr, 0, 0, 0);

  paragraph (&page, retour_catalog_gettext (catalog, N_("What we hold about you")), TRUE);
  /* Translators: in the summary of a customer's data; the first %s is
   * a date, the second the customer's name. */
  intro = g_strdup_printf (retour_catalog_gettext (catalog, N_("Prepared on %s for %s.")), today, name);
  paragraph (&page, intro, FALSE);

  paragraph (&page, retour_catalog_gettext (catalog, N_("Your details")), TRUE);
  {
    const RetourCustomer *c = held->customer;
    g_autofree char *details = g_strjoin ("\n",
                                          name,
                                          c->email != NULL ? c->email : "",
                                          c->phone != NULL ? c->phone : "",
                                          c->address1 != NULL ? c->address1 : "",
                                          c->address2 != NULL ? c->address2 : "",
                                          c->postcode != NULL ? c->postcode : "",
                                          c->city != NULL ? c->city : "",
                                          c->country != NULL ? c->country : "",
                                          NULL);
    g_auto(GStrv) lines = g_strsplit (details, "\n", -1);
    g_autofree char *compact = NULL;
    GStrvBuilder *kept = g_strv_builder_new ();
    g_auto(GStrv) kept_lines = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      if (*lines[i] != '\0')
        g_strv_builder_add (kept, lines[i]);
    kept_lines = g_strv_builder_end (kept);
    g_strv_builder_unref (kept);
    compact = g_strjoinv ("\n", kept_lines);
    paragraph (&page, compact, FALSE);
  }

  paragraph (&page, retour_catalog_gettext (catalog, N_("Your orders")), TRUE);
  for (guint i = 0; i < held->orders->len; i++)
    {
      const RetourOrder *order = g_ptr_array_index (held->orders, i);
      g_autofree char *date = date_text (catalog, order->ordered_us);
      g_autofree char *total = retour_money_format (order->total);
      /* Translators: in the summary of a customer's data: an order's
       * number, its date and its total ("1042 of 14-08-2026: 49.90 EUR"). */
      g_autofree char *line = g_strdup_printf (retour_catalog_gettext (catalog, N_("%s of %s: %s")),
                                               order->number, date, total);

      paragraph (&page, line, FALSE);
    }

  paragraph (&page, retour_catalog_gettext (catalog, N_("Your returns")), TRUE);
  for (guint i = 0; i < held->rmas->len; i++)
    {
      const RetourRma *rma = g_ptr_array_index (held->rmas, i);
      g_autofree char *date = date_text (catalog, rma->created_us);
      g_autofree char *refund = retour_money_format (rma->refund);
      g_autofree char *number = rma->number != NULL ? retour_rma_number_display (rma->number)
                                                    : g_strdup_printf ("#%" G_GINT64_FORMAT, rma->id);
      GString *items = g_string_new (NULL);
      g_autofree char *line = NULL;

      for (guint j = 0; j < rma->lines->len; j++)
        {
          const RetourRmaLine *returned = g_ptr_array_index (rma->lines, j);

          g_string_append_printf (items, "%s%u × %s", j > 0 ? ", " : "", returned->qty_requested, returned->title);
        }
      /* Translators: in the summary of a customer's data: a return's
       * number, its date, what it returned and the refund ("R1042 of
       * 14-08-2026: 1 × Scarf; refund 24.95 EUR"). */
      line = g_strdup_printf (retour_catalog_gettext (catalog, N_("%s of %s: %s; refund %s")),
                              number, date, items->str, refund);
      g_string_free (items, TRUE);
      paragraph (&page, line, FALSE);
    }

  /* Translators: in the summary of a customer's data. */
  files = g_strdup_printf (retour_catalog_gettext (catalog, N_("This folder also holds your %u photos and "
                                                                "%u return labels. customer.json holds all "
                                                                "of it in a form a computer reads.")),
                           held->n_photos, held->n_labels);
  paragraph (&page, files, FALSE);

  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not make the summary: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}

gboolean
retour_customer_export (RetourDatabase  *db,
                        gint64           customer_id,
                        const char      *dir,
                        gint64           now_us,
                        GError         **error)
{
  g_auto(Held) held = { 0 };
  g_autoptr(GArray) order_ids = NULL;
  g_autoptr(GArray) rma_ids = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) summary = NULL;
  g_autofree char *json_path = g_build_filename (dir, "customer.json", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "summary.pdf", NULL);
  g_autofree char *json = NULL;
  gsize json_length = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (g_file_test (json_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s holds an export already; choose an empty folder."), dir);
      return FALSE;
    }

  held.customer = retour_catalog_store_load_customer (db, customer_id, error);
  if (held.customer == NULL ||
      !retour_privacy_store_list_records (db, customer_id, &order_ids, &rma_ids, error))
    return FALSE;

  held.orders = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_order_free);
  for (guint i = 0; i < order_ids->len; i++)
    {
      RetourOrder *order = retour_catalog_store_load_order (db, g_array_index (order_ids, gint64, i), error);

      if (order == NULL)
        return FALSE;
      g_ptr_array_add (held.orders, order);
    }
  held.rmas = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_free);
  for (guint i = 0; i < rma_ids->len; i++)
    {
      RetourRma *rma = retour_rma_store_load (db, g_array_index (rma_ids, gint64, i), error);

      if (rma == NULL)
        return FALSE;
      g_ptr_array_add (held.rmas, rma);
    }

  json_builder_begin_object (builder);
  add_string (builder, "format", "retour-customer-export-1");
  add_time (builder, "exported", now_us);
  build_customer (builder, held.customer);
  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < held.orders->len; i++)
    build_order (builder, g_ptr_array_index (held.orders, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "returns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < held.rmas->len; i++)
    if (!build_rma (builder, db, g_ptr_array_index (held.rmas, i), dir, &held, error))
      return FALSE;
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, &json_length);

  summary = render_summary (&held, now_us, error);

  return summary != NULL &&
         write_private (json_path, json, json_length, error) &&
         write_private (pdf_path, g_bytes_get_data (summary, NULL), g_bytes_get_size (summary), error);
}
