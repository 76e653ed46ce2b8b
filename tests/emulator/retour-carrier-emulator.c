/* retour-carrier-emulator.c — PostNL, DHL, InPost and Colissimo for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request and reply shapes are those docs/decisions.md ("Carrier
 * connectors") lists with their sources; where a carrier's documentation
 * was not at hand, the shape its published SDK uses.
 */
#define G_LOG_DOMAIN "retour-emulator"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include <cairo-pdf.h>

#include "retour-barcode.h"
#include "retour-carrier-emulator.h"

#define BASE_TIME_S G_GINT64_CONSTANT (1796115600)  /* 2026-12-01T09:00:00Z */

typedef struct
{
  char                     *carrier;
  char                     *tracking;
  char                     *reference;   /* NULL: the customer's own parcel */
  guint                     shipment_id; /* InPost's */
  gint64                    created_s;
  RetourCarrierEmulatorEnd  end;
  gboolean                  cancelled;
  gboolean                  confirmed;   /* InPost: bought */
} Parcel;

struct _RetourCarrierEmulator
{
  SoupServer *server;
  char       *url;
  gint64      now_s;
  GPtrArray  *parcels;     /* Parcel* */
  GHashTable *faults;      /* carrier -> GQueue of kinds */
  GHashTable *labels;      /* carrier -> count */
  GHashTable *requests;    /* carrier -> count */
  GHashTable *references;  /* carrier -> last reference */
  guint       serial;
  guint       dhl_spacing_ms;
  gint64      dhl_last_us;
};

static void
parcel_free (Parcel *parcel)
{
  g_free (parcel->carrier);
  g_free (parcel->tracking);
  g_free (parcel->reference);
  g_free (parcel);
}

static void
queue_free (GQueue *queue)
{
  g_queue_free_full (queue, g_free);
}

RetourCarrierEmulator *
retour_carrier_emulator_new (void)
{
  RetourCarrierEmulator *self = g_new0 (RetourCarrierEmulator, 1);

  self->now_s = BASE_TIME_S;
  self->parcels = g_ptr_array_new_with_free_func ((GDestroyNotify) parcel_free);
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) queue_free);
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->serial = 1000;

  return self;
}

void
retour_carrier_emulator_free (RetourCarrierEmulator *self)
{
  if (self == NULL)
    return;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->url);
  g_ptr_array_unref (self->parcels);
  g_hash_table_unref (self->faults);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->references);
  g_free (self);
}

gint64
retour_carrier_emulator_get_now (RetourCarrierEmulator *self)
{
  return self->now_s;
}

void
retour_carrier_emulator_advance (RetourCarrierEmulator *self,
                                 gint64                 seconds)
{
  self->now_s += seconds;
}

static const char * const carriers[] = { "postnl", "dhl", "inpost", "colissimo", NULL };

gboolean
retour_carrier_emulator_add_fault (RetourCarrierEmulator  *self,
                                   const char             *carrier,
                                   const char             *kind,
                                   GError                **error)
{
  static const char * const kinds[] = { "throttle", "error500", "error503", "lost", NULL };
  GQueue *queue;

  if (!g_strv_contains (carriers, carrier) || !g_strv_contains (kinds, kind))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "No fault “%s” of “%s”", kind, carrier);
      return FALSE;
    }

  queue = g_hash_table_lookup (self->faults, carrier);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->faults, g_strdup (carrier), queue);
    }
  g_queue_push_tail (queue, g_strdup (kind));

  return TRUE;
}

static Parcel *
find_parcel (RetourCarrierEmulator *self,
             const char            *carrier,
             const char            *tracking)
{
  for (guint i = 0; i < self->parcels->len; i++)
    {
      Parcel *parcel = g_ptr_array_index (self->parcels, i);

      if ((carrier == NULL || strcmp (parcel->carrier, carrier) == 0) &&
          g_strcmp0 (parcel->tracking, tracking) == 0)
        return parcel;
    }

  return NULL;
}

gboolean
retour_carrier_emulator_set_end (RetourCarrierEmulator    *self,
                                 const char               *tracking_number,
                                 RetourCarrierEmulatorEnd  end)
{
  Parcel *parcel = find_parcel (self, NULL, tracking_number);

  if (parcel == NULL)
    return FALSE;

  parcel->end = end;
  return TRUE;
}

gboolean
retour_carrier_emulator_is_cancelled (RetourCarrierEmulator *self,
                                      const char            *tracking_number)
{
  Parcel *parcel = find_parcel (self, NULL, tracking_number);

  return parcel != NULL && parcel->cancelled;
}

void
retour_carrier_emulator_set_dhl_spacing (RetourCarrierEmulator *self,
                                         guint                  spacing_ms)
{
  self->dhl_spacing_ms = spacing_ms;
}

static guint
count (GHashTable *table,
       const char *carrier)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, carrier));
}

static void
increment (GHashTable *table,
           const char *carrier)
{
  g_hash_table_insert (table, g_strdup (carrier), GUINT_TO_POINTER (count (table, carrier) + 1));
}

guint
retour_carrier_emulator_get_labels (RetourCarrierEmulator *self,
                                    const char            *carrier)
{
  return count (self->labels, carrier);
}

guint
retour_carrier_emulator_get_requests (RetourCarrierEmulator *self,
                                      const char            *carrier)
{
  return count (self->requests, carrier);
}

const char *
retour_carrier_emulator_get_reference (RetourCarrierEmulator *self,
                                       const char            *carrier)
{
  return g_hash_table_lookup (self->references, carrier);
}

static Parcel *
new_parcel (RetourCarrierEmulator *self,
            const char            *carrier,
            const char            *reference)
{
  Parcel *parcel = g_new0 (Parcel, 1);
  guint serial = ++self->serial;

  parcel->carrier = g_strdup (carrier);
  parcel->reference = g_strdup (reference);
  parcel->created_s = self->now_s;
  parcel->shipment_id = serial;
  if (strcmp (carrier, "postnl") == 0)
    parcel->tracking = g_strdup_printf ("3S%s%09u", RETOUR_CARRIER_EMULATOR_CODE, serial);
  else if (strcmp (carrier, "dhl") == 0)
    parcel->tracking = g_strdup_printf ("00340434%012u", serial);
  else if (strcmp (carrier, "inpost") == 0)
    parcel->tracking = g_strdup_printf ("62%022u", serial);
  else
    parcel->tracking = g_strdup_printf ("8R%011u", serial);
  g_ptr_array_add (self->parcels, parcel);

  return parcel;
}

char *
retour_carrier_emulator_add_parcel (RetourCarrierEmulator *self,
                                    const char            *carrier)
{
  Parcel *parcel = new_parcel (self, carrier, NULL);

  parcel->confirmed = TRUE;
  return g_strdup (parcel->tracking);
}

/* ------------------------------------------------------------- the PDF */

static cairo_status_t
append_pdf (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page 100 × 150 mm PDF: what the label is, and the tracking
 * number as a Code 128 barcode a scanner reads, as carriers print it
 * (3 dots of 203 dpi a module, 25 mm high, quiet zones of 10 modules). */
static GBytes *
make_pdf (const char *carrier,
          const char *tracking,
          const char *reference)
{
  const double width = 100 / 25.4 * 72;
  const double height = 150 / 25.4 * 72;
  const double module = 3.0 / 203 * 72;
  GByteArray *bytes = g_byte_array_new ();
  g_autoptr(RetourBarcode) barcode = retour_barcode_new (RETOUR_BARCODE_CODE128, tracking, NULL);
  g_autofree char *title = g_strdup_printf ("%s return label", carrier);
  const char *ref = reference != NULL ? reference : "-";
  double y = 88;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_pdf, bytes, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 14);
  cairo_move_to (cr, 20, 40);
  cairo_show_text (cr, title);
  cairo_move_to (cr, 20, 64);
  cairo_show_text (cr, tracking);
  /* The reference as the carrier prints it, 30 characters a line
   * (InPost's may have 100). */
  cairo_set_font_size (cr, 10);
  for (gsize offset = 0, length = strlen (ref); offset < length; offset += 30, y += 14)
    {
      g_autofree char *part = g_strndup (ref + offset, 30);

      cairo_move_to (cr, 20, y);
      cairo_show_text (cr, part);
    }
  if (barcode != NULL)
    retour_barcode_draw (barcode, cr, (width - retour_barcode_get_width (barcode) * module) / 2, 170,
                         module, 25 / 25.4 * 72);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (bytes);
}

/* ----------------------------------------------------------- answering */

static void
respond_text (SoupServerMessage *message,
              guint              status,
              const char        *content_type,
              const char        *text)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
respond_builder (SoupServerMessage *message,
                 guint              status,
                 const char        *content_type,
                 JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  respond_text (message, status, content_type, text);
}

static JsonObject *
request_object (SoupServerMessage *message,
                JsonNode         **root)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(JsonParser) parser = json_parser_new ();

  *root = NULL;
  if (body->length == 0 || !json_parser_load_from_data (parser, body->data, (gssize) body->length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  *root = json_node_ref (json_parser_get_root (parser));
  return json_node_get_object (*root);
}

/* The member at a dotted @path ("sender.address.city"), or NULL. */
static JsonNode *
member_at (JsonObject *object,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL)
        return NULL;
      node = json_object_get_member (object, parts[i]);
      if (node == NULL)
        return NULL;
      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
        node = json_array_get_element (json_node_get_array (node), 0);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

static const char *
string_at (JsonObject *object,
           const char *path)
{
  JsonNode *node = member_at (object, path);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static double
number_at (JsonObject *object,
           const char *path)
{
  JsonNode *node = member_at (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtod (json_node_get_string (node), NULL);
  return json_node_get_double (node);
}

static gboolean
matches (const char *pattern,
         const char *text)
{
  return text != NULL && g_regex_match_simple (pattern, text, 0, 0);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static glong
length_of (const char *text)
{
  return text != NULL ? g_utf8_strlen (text, -1) : 0;
}

/* A script step: when, and how far the parcel got (0 announced, 1 first
 * scan, 2 sorted, 3 the end). */
typedef struct
{
  gint64 time_s;
  guint  stage;
} Step;

static guint
reached_steps (RetourCarrierEmulator *self,
               Parcel                *parcel,
               Step                   steps[4])
{
  static const gint64 offsets[] = {
    0, RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S, RETOUR_CARRIER_EMULATOR_SORTED_S, RETOUR_CARRIER_EMULATOR_DELIVERED_S,
  };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    if (parcel->created_s + offsets[i] <= self->now_s && !(parcel->cancelled && i > 0))
      {
        steps[n].time_s = parcel->created_s + offsets[i];
        steps[n].stage = i;
        n++;
      }

  return n;
}

static char *
format_time (gint64      time_s,
             const char *tz_name,
             const char *format)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (tz_name);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_s);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, format);
}

/* ---------------------------------------------------------------- PostNL */

static void
postnl_refuse (SoupServerMessage *message,
               const char        *field,
               const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Validation failed");
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, 400);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_builder (message, 400, "application/problem+json", builder);
}

/* NULL when @object's address at @prefix is good, else its field. */
static const char *
postnl_check_address (JsonObject  *object,
                      const char  *prefix,
                      const char **why)
{
  static char field[96];
  g_autofree char *country_path = g_strconcat (prefix, ".address.countryIso", NULL);
  g_autofree char *street_path = g_strconcat (prefix, ".address.street", NULL);
  g_autofree char *number_path = g_strconcat (prefix, ".address.houseNumber", NULL);
  g_autofree char *postcode_path = g_strconcat (prefix, ".address.postalCode", NULL);
  g_autofree char *city_path = g_strconcat (prefix, ".address.city", NULL);
  const char *country = string_at (object, country_path);
  const char *street = string_at (object, street_path);
  const char *number = string_at (object, number_path);
  const char *postcode = string_at (object, postcode_path);
  const char *city = string_at (object, city_path);

#define FAIL(name, words) G_STMT_START { g_snprintf (field, sizeof field, "%s.address.%s", prefix, name); \
                                         *why = words; return field; } G_STMT_END
  if (!matches ("^[A-Z]{2}$", country))
    FAIL ("countryIso", "must be an ISO 3166-1 alpha-2 code");
  if (street == NULL || *street == '\0' || length_of (street) > 95)
    FAIL ("street", "is required and at most 95 characters");
  if (strcmp (country, "NL") == 0 && !matches ("^[0-9]", number))
    FAIL ("houseNumber", "is required for the Netherlands");
  if (strcmp (country, "NL") == 0 && !matches ("^[1-9][0-9]{3} ?[A-Z]{2}$", postcode))
    FAIL ("postalCode", "is not a Dutch postcode (1234 AB)");
  if (postcode == NULL || *postcode == '\0')
    FAIL ("postalCode", "is required");
  if (city == NULL || *city == '\0' || length_of (city) > 35)
    FAIL ("city", "is required and at most 35 characters");
#undef FAIL

  return NULL;
}

static void
postnl_label (RetourCarrierEmulator *self,
              SoupServerMessage     *message)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = request_object (message, &root);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *encoded = NULL;
  const char *why = NULL;
  const char *field;
  const char *reference;
  const char *last_name;
  double weight;
  Parcel *parcel;

  if (body == NULL)
    {
      postnl_refuse (message, "body", "is not a JSON object");
      return;
    }

  if ((field = postnl_check_address (body, "sender", &why)) != NULL ||
      (field = postnl_check_address (body, "receiver", &why)) != NULL)
    {
      postnl_refuse (message, field, why);
      return;
    }

  last_name = string_at (body, "sender.contact.lastName");
  if (last_name == NULL || *last_name == '\0' || length_of (last_name) > 35)
    {
      postnl_refuse (message, "sender.contact.lastName", "is required and at most 35 characters");
      return;
    }
  if (g_strcmp0 (string_at (body, "receiver.customerNumber"), RETOUR_CARRIER_EMULATOR_ACCOUNT) != 0 ||
      g_strcmp0 (string_at (body, "receiver.customerCode"), RETOUR_CARRIER_EMULATOR_CODE) != 0)
    {
      postnl_refuse (message, "receiver.customerNumber", "is not a customer of this API key");
      return;
    }
  if (g_strcmp0 (string_at (body, "labelSettings.outputType"), "pdf") != 0 &&
      g_strcmp0 (string_at (body, "labelSettings.outputType"), "zpl") != 0)
    {
      postnl_refuse (message, "labelSettings.outputType", "must be pdf, zpl, jpg, gif or png");
      return;
    }
  reference = string_at (body, "items.customerReferences.shipmentReference");
  if (length_of (reference) > 35)
    {
      postnl_refuse (message, "items[0].customerReferences.shipmentReference", "is at most 35 characters");
      return;
    }
  weight = number_at (body, "items.dimensions.weight");
  if (weight < 1 || weight > 31500)
    {
      postnl_refuse (message, "items[0].dimensions.weight", "must be 1 to 31500 grams");
      return;
    }

  parcel = new_parcel (self, "postnl", reference);
  parcel->confirmed = TRUE;
  pdf = make_pdf ("PostNL", parcel->tracking, reference);
  encoded = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "barcode");
  json_builder_add_string_value (builder, parcel->tracking);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "outputType");
  json_builder_add_string_value (builder, "pdf");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_builder (message, 200, "application/json", builder);
  increment (self->labels, "postnl");
  g_hash_table_insert (self->references, g_strdup ("postnl"), g_strdup (reference));
}

static void
postnl_add_status (JsonBuilder *builder,
                   const Step  *step,
                   Parcel      *parcel)
{
  static const char * const codes[] = { "1", "2", "5", "11", "17", "18" };
  static const char * const words[] = {
    "Zending is voorgemeld", "Zending is aangenomen", "Zending is gesorteerd", "Zending is bezorgd",
    "Zending retour afzender", "Zending is beschadigd",
  };
  guint index = step->stage < 3 ? step->stage : 3 + (guint) parcel->end;
  g_autofree char *time = format_time (step->time_s, "Europe/Amsterdam", "%d-%m-%Y %H:%M:%S");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "StatusCode");
  json_builder_add_string_value (builder, codes[index]);
  json_builder_set_member_name (builder, "StatusDescription");
  json_builder_add_string_value (builder, words[index]);
  json_builder_set_member_name (builder, "PhaseCode");
  json_builder_add_string_value (builder, step->stage == 0 ? "1" : step->stage == 3 ? "4" : "2");
  json_builder_set_member_name (builder, "TimeStamp");
  json_builder_add_string_value (builder, time);
  json_builder_end_object (builder);
}

static void
postnl_status (RetourCarrierEmulator *self,
               SoupServerMessage     *message,
               const char            *barcode)
{
  Parcel *parcel = find_parcel (self, "postnl", barcode);
  g_autoptr(JsonBuilder) builder = NULL;
  Step steps[4];
  guint n;

  if (parcel == NULL)
    {
      respond_text (message, 404, "application/json",
                    "{\"Errors\":[{\"Code\":\"404\",\"Description\":\"Barcode not found\"}]}");
      return;
    }

  n = reached_steps (self, parcel, steps);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "CompleteStatus");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Shipment");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Barcode");
  json_builder_add_string_value (builder, parcel->tracking);
  if (parcel->reference != NULL)
    {
      json_builder_set_member_name (builder, "Reference");
      json_builder_add_string_value (builder, parcel->reference);
    }
  json_builder_set_member_name (builder, "Status");
  postnl_add_status (builder, &steps[n - 1], parcel);
  /* The history, newest first, as PostNL lists it. */
  json_builder_set_member_name (builder, "OldStatus");
  json_builder_begin_array (builder);
  for (guint i = n - 1; i > 0; i--)
    postnl_add_status (builder, &steps[i - 1], parcel);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  respond_builder (message, 200, "application/json", builder);
}

static void
handle_postnl (RetourCarrierEmulator *self,
               SoupServerMessage     *message,
               const char            *method,
               const char            *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  if (g_strcmp0 (soup_message_headers_get_one (headers, "apikey"), RETOUR_CARRIER_EMULATOR_KEY) != 0)
    {
      respond_text (message, 401, "application/json",
                    "{\"fault\":{\"faultstring\":\"Invalid ApiKey\",\"detail\":{\"errorcode\":\"steps.oauth.v2.InvalidApiKey\"}}}");
      return;
    }

  if (strcmp (method, "POST") == 0 && strcmp (path, "/shipment/delivery/v4/return/generate") == 0)
    postnl_label (self, message);
  else if (strcmp (method, "GET") == 0 && g_str_has_prefix (path, "/shipment/v2/status/barcode/"))
    postnl_status (self, message, path + strlen ("/shipment/v2/status/barcode/"));
  else
    respond_text (message, 404, "application/json", "{\"Errors\":[{\"Description\":\"Not found\"}]}");
}

/* ------------------------------------------------------------------- DHL */

static void
dhl_problem (SoupServerMessage *message,
             guint              status,
             const char        *title,
             const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  respond_builder (message, status, "application/problem+json", builder);
}

/* A present but empty string anywhere: DHL checks them. */
static const char *
dhl_find_empty (JsonObject *object,
                GString    *path)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      gsize length = path->len;

      g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", (const char *) l->data);
      if (json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) == '\0')
        return path->str;
      if (JSON_NODE_HOLDS_OBJECT (node) && dhl_find_empty (json_node_get_object (node), path) != NULL)
        return path->str;
      g_string_truncate (path, length);
    }

  return NULL;
}

static void
dhl_label (RetourCarrierEmulator *self,
           SoupServerMessage     *message)
{
  static const char * const countries[] = {
    "AUT", "BEL", "BGR", "CHE", "CYP", "CZE", "DEU", "DNK", "EST", "ESP", "FIN", "FRA", "GBR", "GRC", "HRV",
    "HUN", "IRL", "ITA", "LIE", "LTU", "LUX", "LVA", "MLT", "NLD", "NOR", "POL", "PRT", "ROU", "SWE", "SVN",
    "SVK", NULL,
  };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = request_object (message, &root);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *encoded = NULL;
  GHashTable *query = soup_server_message_get_uri (message) != NULL && g_uri_get_query (soup_server_message_get_uri (message)) != NULL
                      ? g_uri_parse_params (g_uri_get_query (soup_server_message_get_uri (message)), -1, "&", G_URI_PARAMS_NONE, NULL)
                      : NULL;
  const char *label_type = query != NULL ? g_hash_table_lookup (query, "labelType") : NULL;
  const char *reference;
  const char *country;
  const char *text;
  double weight;
  Parcel *parcel;

  if (body == NULL)
    {
      g_clear_pointer (&query, g_hash_table_unref);
      dhl_problem (message, 400, "Bad Request", "body: is not a JSON object");
      return;
    }
  if (label_type == NULL || !g_strv_contains ((const char * const[]) { "BOTH", "SHIPMENT_LABEL", "QR_LABEL", NULL }, label_type))
    {
      g_clear_pointer (&query, g_hash_table_unref);
      dhl_problem (message, 400, "Bad Request", "labelType: must be BOTH, SHIPMENT_LABEL or QR_LABEL");
      return;
    }
  g_clear_pointer (&query, g_hash_table_unref);

#define REFUSE(detail) G_STMT_START { dhl_problem (message, 400, "Bad Request", detail); return; } G_STMT_END
  if (dhl_find_empty (body, path) != NULL)
    {
      g_autofree char *detail = g_strdup_printf ("%s: must not be empty", path->str);
      REFUSE (detail);
    }
  if (g_strcmp0 (string_at (body, "receiverId"), RETOUR_CARRIER_EMULATOR_CODE) != 0)
    REFUSE ("receiverId: no such return receiver for this account");
  reference = string_at (body, "customerReference");
  if (length_of (reference) > 30)
    REFUSE ("customerReference: size must be between 0 and 30");
  text = string_at (body, "shipper.name1");
  if (text == NULL || length_of (text) > 50)
    REFUSE ("shipper.name1: is required and at most 50 characters");
  text = string_at (body, "shipper.addressStreet");
  if (text == NULL || length_of (text) > 50)
    REFUSE ("shipper.addressStreet: is required and at most 50 characters");
  text = string_at (body, "shipper.addressHouse");
  if (text == NULL || length_of (text) > 10)
    REFUSE ("shipper.addressHouse: is required and at most 10 characters");
  country = string_at (body, "shipper.country");
  if (country == NULL || !g_strv_contains (countries, country))
    REFUSE ("shipper.country: not a country DHL takes returns from (ISO 3166-1 alpha-3)");
  text = string_at (body, "shipper.postalCode");
  if (text == NULL || (strcmp (country, "DEU") == 0 && !matches ("^[0-9]{5}$", text)))
    REFUSE ("shipper.postalCode: is not a valid postal code for the country");
  text = string_at (body, "shipper.city");
  if (text == NULL || length_of (text) > 40)
    REFUSE ("shipper.city: is required and at most 40 characters");
  weight = number_at (body, "itemWeight.value");
  if (g_strcmp0 (string_at (body, "itemWeight.uom"), "g") != 0 || weight < 1 || weight > 31500)
    REFUSE ("itemWeight: must be 1 to 31500 g");
#undef REFUSE

  parcel = new_parcel (self, "dhl", reference);
  parcel->confirmed = TRUE;
  pdf = make_pdf ("DHL", parcel->tracking, reference);
  encoded = g_base64_encode (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shipmentNo");
  json_builder_add_string_value (builder, parcel->tracking);
  json_builder_set_member_name (builder, "routingCode");
  json_builder_add_string_value (builder, "40327653113+99000933090010");
  json_builder_set_member_name (builder, "label");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "b64");
  json_builder_add_string_value (builder, encoded);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "sstatus");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Created");
  json_builder_set_member_name (builder, "statusCode");
  json_builder_add_int_value (builder, 201);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  respond_builder (message, 201, "application/json", builder);
  increment (self->labels, "dhl");
  g_hash_table_insert (self->references, g_strdup ("dhl"), g_strdup (reference));
}

static void
dhl_track (RetourCarrierEmulator *self,
           SoupServerMessage     *message)
{
  static const char * const codes[] = { "pre-transit", "transit", "transit", "delivered", "failure", "failure" };
  static const char * const words[] = {
    "The shipment data has been transmitted electronically",
    "The shipment has been posted by the sender at the retail outlet",
    "The shipment has been processed in the parcel center",
    "The shipment has been delivered",
    "The shipment is being returned to the sender",
    "The shipment was damaged",
  };
  GUri *uri = soup_server_message_get_uri (message);
  g_autoptr(GHashTable) query = g_uri_get_query (uri) != NULL
                                ? g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL)
                                : NULL;
  const char *number = query != NULL ? g_hash_table_lookup (query, "trackingNumber") : NULL;
  Parcel *parcel = find_parcel (self, "dhl", number);
  g_autoptr(JsonBuilder) builder = NULL;
  Step steps[4];
  guint n;

  if (parcel == NULL)
    {
      dhl_problem (message, 404, "No result found", "No shipment with given tracking number found.");
      return;
    }

  n = reached_steps (self, parcel, steps);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shipments");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, parcel->tracking);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "parcel-de");
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = n; i > 0; i--)
    {
      guint index = steps[i - 1].stage < 3 ? steps[i - 1].stage : 3 + (guint) parcel->end;
      g_autofree char *time = format_time (steps[i - 1].time_s, "UTC", "%Y-%m-%dT%H:%M:%SZ");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "timestamp");
      json_builder_add_string_value (builder, time);
      json_builder_set_member_name (builder, "statusCode");
      json_builder_add_string_value (builder, codes[index]);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, words[index]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_builder (message, 200, "application/json", builder);
}

static void
handle_dhl (RetourCarrierEmulator *self,
            SoupServerMessage     *message,
            const char            *method,
            const char            *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  if (strcmp (method, "GET") == 0 && strcmp (path, "/track/shipments") == 0)
    {
      gint64 now_us = g_get_monotonic_time ();

      if (g_strcmp0 (soup_message_headers_get_one (headers, "DHL-API-Key"), RETOUR_CARRIER_EMULATOR_KEY) != 0)
        {
          dhl_problem (message, 401, "Unauthorized", "Invalid API key");
          return;
        }
      if (self->dhl_spacing_ms > 0 && self->dhl_last_us != 0 &&
          now_us - self->dhl_last_us < (gint64) self->dhl_spacing_ms * 1000)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After", "1");
          dhl_problem (message, 429, "Too Many Requests", "Rate limit exceeded");
          return;
        }
      self->dhl_last_us = now_us;
      dhl_track (self, message);
      return;
    }

  if (strcmp (method, "POST") == 0 && strcmp (path, "/parcel/de/shipping/returns/v1/orders") == 0)
    {
      g_autofree char *expected = NULL;
      g_autofree char *encoded = NULL;
      const char *authorization = soup_message_headers_get_one (headers, "Authorization");
      const char *key = soup_message_headers_get_one (headers, "dhl-api-key");

      encoded = g_base64_encode ((const guchar *) RETOUR_CARRIER_EMULATOR_ACCOUNT ":" RETOUR_CARRIER_EMULATOR_SECRET,
                                 strlen (RETOUR_CARRIER_EMULATOR_ACCOUNT ":" RETOUR_CARRIER_EMULATOR_SECRET));
      expected = g_strconcat ("Basic ", encoded, NULL);
      if (authorization != NULL && g_str_has_prefix (authorization, "Bearer ") && key != NULL)
        {
          dhl_problem (message, 401, "Unauthorized", "Send either a bearer token or the API key with Basic authentication, not both");
          return;
        }
      if (g_strcmp0 (key, RETOUR_CARRIER_EMULATOR_KEY) != 0 || g_strcmp0 (authorization, expected) != 0)
        {
          dhl_problem (message, 401, "Unauthorized", "Invalid credentials");
          return;
        }
      dhl_label (self, message);
      return;
    }

  dhl_problem (message, 404, "Not Found", "No such resource");
}

/* ---------------------------------------------------------------- InPost */

static void
inpost_error (SoupServerMessage *message,
              guint              status,
              const char        *error,
              const char        *text)
{
  g_autofree char *body = g_strdup_printf ("{\"status\":%u,\"error\":\"%s\",\"message\":\"%s\",\"details\":{}}",
                                           status, error, text);

  respond_text (message, status, "application/json", body);
}

/* {"status":400,"error":"validation_failed","details":{party:{"address":{field:[key]}}}} */
static void
inpost_invalid (SoupServerMessage *message,
                const char        *party,
                gboolean           in_address,
                const char        *field,
                const char        *key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, 400);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, "validation_failed");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "There are some validation errors. Check details object for more info.");
  json_builder_set_member_name (builder, "details");
  json_builder_begin_object (builder);
  if (party != NULL)
    {
      json_builder_set_member_name (builder, party);
      json_builder_begin_object (builder);
    }
  if (in_address)
    {
      json_builder_set_member_name (builder, "address");
      json_builder_begin_object (builder);
    }
  json_builder_set_member_name (builder, field);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, key);
  json_builder_end_array (builder);
  if (in_address)
    json_builder_end_object (builder);
  if (party != NULL)
    json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  respond_builder (message, 400, "application/json", builder);
}

static gboolean
inpost_check_party (SoupServerMessage *message,
                    JsonObject        *body,
                    const char        *party)
{
  g_autofree char *name = g_strconcat (party, ".name", NULL);
  g_autofree char *company = g_strconcat (party, ".company_name", NULL);
  g_autofree char *street = g_strconcat (party, ".address.street", NULL);
  g_autofree char *building = g_strconcat (party, ".address.building_number", NULL);
  g_autofree char *city = g_strconcat (party, ".address.city", NULL);
  g_autofree char *postcode = g_strconcat (party, ".address.post_code", NULL);
  g_autofree char *country = g_strconcat (party, ".address.country_code", NULL);
  const char *country_code = string_at (body, country);

  if ((is_blank (string_at (body, name))) &&
      (is_blank (string_at (body, company))))
    inpost_invalid (message, party, FALSE, "name", "required");
  else if (is_blank (string_at (body, street)))
    inpost_invalid (message, party, TRUE, "street", "required");
  else if (length_of (string_at (body, street)) > 100)
    inpost_invalid (message, party, TRUE, "street", "too_long");
  else if (is_blank (string_at (body, building)))
    inpost_invalid (message, party, TRUE, "building_number", "required");
  else if (is_blank (string_at (body, city)))
    inpost_invalid (message, party, TRUE, "city", "required");
  else if (!matches ("^[A-Z]{2}$", country_code))
    inpost_invalid (message, party, TRUE, "country_code", "invalid");
  else if (strcmp (country_code, "PL") == 0 && !matches ("^[0-9]{2}-[0-9]{3}$", string_at (body, postcode)))
    inpost_invalid (message, party, TRUE, "post_code", "invalid");
  else
    return TRUE;

  return FALSE;
}

static void
inpost_add_shipment (JsonBuilder *builder,
                     Parcel      *parcel)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, parcel->shipment_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, parcel->cancelled ? "canceled" : parcel->confirmed ? "confirmed" : "created");
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "inpost_courier_standard");
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, parcel->reference);
  json_builder_set_member_name (builder, "tracking_number");
  if (parcel->confirmed)
    json_builder_add_string_value (builder, parcel->tracking);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "calculated_charge_amount");
  if (parcel->confirmed)
    json_builder_add_string_value (builder, "16.99");
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
inpost_create (RetourCarrierEmulator *self,
               SoupServerMessage     *message)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = request_object (message, &root);
  g_autoptr(JsonBuilder) builder = NULL;
  const char *service;
  const char *reference;
  double weight;
  Parcel *parcel;

  if (body == NULL)
    {
      inpost_error (message, 400, "invalid_json", "Body is not valid JSON");
      return;
    }
  if (!inpost_check_party (message, body, "sender") || !inpost_check_party (message, body, "receiver"))
    return;

  service = string_at (body, "service");
  if (g_strcmp0 (service, "inpost_courier_standard") != 0 && g_strcmp0 (service, "inpost_locker_standard") != 0)
    {
      inpost_invalid (message, NULL, FALSE, "service", "invalid");
      return;
    }
  reference = string_at (body, "reference");
  if (length_of (reference) > 100)
    {
      inpost_invalid (message, NULL, FALSE, "reference", "too_long");
      return;
    }
  weight = number_at (body, "parcels.weight.amount");
  if (weight <= 0 || weight > 25)
    {
      inpost_invalid (message, "parcels", FALSE, "weight", "invalid");
      return;
    }

  /* Bought in the background: confirmed at the next read. */
  parcel = new_parcel (self, "inpost", reference);
  builder = json_builder_new ();
  inpost_add_shipment (builder, parcel);
  respond_builder (message, 201, "application/json", builder);
  increment (self->labels, "inpost");
  g_hash_table_insert (self->references, g_strdup ("inpost"), g_strdup (reference));
}

static Parcel *
inpost_find_id (RetourCarrierEmulator *self,
                const char            *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (id, 10, 1, G_MAXUINT, &value, NULL))
    return NULL;

  for (guint i = 0; i < self->parcels->len; i++)
    {
      Parcel *parcel = g_ptr_array_index (self->parcels, i);

      if (strcmp (parcel->carrier, "inpost") == 0 && parcel->shipment_id == value)
        return parcel;
    }

  return NULL;
}

static void
inpost_list (RetourCarrierEmulator *self,
             SoupServerMessage     *message)
{
  GUri *uri = soup_server_message_get_uri (message);
  g_autoptr(GHashTable) query = g_uri_get_query (uri) != NULL
                                ? g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL)
                                : NULL;
  const char *reference = query != NULL ? g_hash_table_lookup (query, "reference") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->parcels->len; i++)
    {
      Parcel *parcel = g_ptr_array_index (self->parcels, i);

      if (strcmp (parcel->carrier, "inpost") == 0 && parcel->reference != NULL &&
          (reference == NULL || strcmp (reference, parcel->reference) == 0))
        {
          inpost_add_shipment (builder, parcel);
          n++;
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  respond_builder (message, 200, "application/json", builder);
}

static void
inpost_track (RetourCarrierEmulator *self,
              SoupServerMessage     *message,
              const char            *number)
{
  static const char * const statuses[] = {
    "confirmed", "collected_from_sender", "adopted_at_sorting_center", "delivered", "returned_to_sender",
    "undelivered",
  };
  Parcel *parcel = find_parcel (self, "inpost", number);
  g_autoptr(JsonBuilder) builder = NULL;
  Step steps[4];
  guint n;

  if (parcel == NULL || !parcel->confirmed)
    {
      inpost_error (message, 404, "resource_not_found", "Resource not found");
      return;
    }

  n = reached_steps (self, parcel, steps);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tracking_number");
  json_builder_add_string_value (builder, parcel->tracking);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "inpost_courier_standard");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, statuses[steps[n - 1].stage < 3 ? steps[n - 1].stage : 3 + (guint) parcel->end]);
  json_builder_set_member_name (builder, "tracking_details");
  json_builder_begin_array (builder);
  for (guint i = n; i > 0; i--)
    {
      guint index = steps[i - 1].stage < 3 ? steps[i - 1].stage : 3 + (guint) parcel->end;
      g_autofree char *time = format_time (steps[i - 1].time_s, "Europe/Warsaw", "%Y-%m-%dT%H:%M:%S.000%:z");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, statuses[index]);
      json_builder_set_member_name (builder, "origin_status");
      json_builder_add_string_value (builder, statuses[index]);
      json_builder_set_member_name (builder, "datetime");
      json_builder_add_string_value (builder, time);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_builder (message, 200, "application/json", builder);
}

static void
handle_inpost (RetourCarrierEmulator *self,
               SoupServerMessage     *message,
               const char            *method,
               const char            *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *organization_path = "/v1/organizations/" RETOUR_CARRIER_EMULATOR_ACCOUNT "/shipments";
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  Parcel *parcel;

  /* Tracking is public. */
  if (strcmp (method, "GET") == 0 && n == 4 && strcmp (parts[2], "tracking") == 0)
    {
      inpost_track (self, message, parts[3]);
      return;
    }

  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), "Bearer " RETOUR_CARRIER_EMULATOR_KEY) != 0)
    {
      inpost_error (message, 401, "token_invalid", "Token is missing or invalid.");
      return;
    }

  if (g_str_has_prefix (path, "/v1/organizations/") && strcmp (path, organization_path) != 0)
    {
      inpost_error (message, 403, "access_forbidden", "You are not allowed to access this organization.");
      return;
    }

  if (strcmp (path, organization_path) == 0)
    {
      if (strcmp (method, "POST") == 0)
        inpost_create (self, message);
      else
        inpost_list (self, message);
      return;
    }

  /* /v1/shipments/{id}[/label] */
  parcel = n >= 4 && strcmp (parts[2], "shipments") == 0 ? inpost_find_id (self, parts[3]) : NULL;
  if (parcel == NULL)
    {
      inpost_error (message, 404, "resource_not_found", "Resource not found");
      return;
    }

  if (n == 4 && strcmp (method, "GET") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (!parcel->cancelled)
        parcel->confirmed = TRUE;
      inpost_add_shipment (builder, parcel);
      respond_builder (message, 200, "application/json", builder);
    }
  else if (n == 4 && strcmp (method, "DELETE") == 0)
    {
      Step steps[4];

      /* Only until the courier has it. */
      if (parcel->cancelled || reached_steps (self, parcel, steps) > 1)
        inpost_error (message, 400, "invalid_action", "Shipment cannot be cancelled in its current status.");
      else
        {
          parcel->cancelled = TRUE;
          soup_server_message_set_status (message, 204, NULL);
        }
    }
  else if (n == 5 && strcmp (parts[4], "label") == 0 && strcmp (method, "GET") == 0)
    {
      g_autoptr(GBytes) pdf = NULL;

      if (!parcel->confirmed || parcel->cancelled)
        {
          inpost_error (message, 400, "invalid_status", "The label is not available in this status.");
          return;
        }
      pdf = make_pdf ("InPost", parcel->tracking, parcel->reference);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/pdf", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
    }
  else
    inpost_error (message, 404, "resource_not_found", "Resource not found");
}

/* ------------------------------------------------------------- Colissimo */

#define COLISSIMO_BOUNDARY "uuid:7b1b4a3e-0c2d-4f7e-9a51-5f1c2d3e4f5a"

/* multipart/mixed: the JSON part, then the PDF when there is one. */
static void
colissimo_respond (SoupServerMessage *message,
                   guint              status,
                   const char        *json,
                   GBytes            *pdf)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/mixed");
  g_autoptr(SoupMessageHeaders) json_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) json_bytes = g_bytes_new (json, strlen (json));
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;

  soup_message_headers_replace (json_headers, "Content-Type", "application/json;charset=UTF-8");
  soup_message_headers_replace (json_headers, "Content-Transfer-Encoding", "binary");
  soup_message_headers_replace (json_headers, "Content-ID", "<jsonInfos>");
  soup_multipart_append_part (multipart, json_headers, json_bytes);
  if (pdf != NULL)
    {
      g_autoptr(SoupMessageHeaders) pdf_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);

      soup_message_headers_replace (pdf_headers, "Content-Type", "application/octet-stream");
      soup_message_headers_replace (pdf_headers, "Content-Transfer-Encoding", "binary");
      soup_message_headers_replace (pdf_headers, "Content-ID", "<label>");
      soup_multipart_append_part (multipart, pdf_headers, pdf);
    }

  soup_multipart_to_message (multipart, headers, &body);
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, soup_message_headers_get_one (headers, "Content-Type"),
                                    SOUP_MEMORY_COPY, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
colissimo_refuse (SoupServerMessage *message,
                  const char        *id,
                  const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "ERROR");
  json_builder_set_member_name (builder, "messageContent");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  colissimo_respond (message, 400, json, NULL);
}

/* NULL when the address at @prefix is good; else the message id. */
static const char *
colissimo_check_address (JsonObject  *body,
                         const char  *prefix,
                         gboolean     sender,
                         const char **why)
{
  g_autofree char *last_name = g_strconcat (prefix, ".address.lastName", NULL);
  g_autofree char *company = g_strconcat (prefix, ".address.companyName", NULL);
  g_autofree char *line2 = g_strconcat (prefix, ".address.line2", NULL);
  g_autofree char *zip = g_strconcat (prefix, ".address.zipCode", NULL);
  g_autofree char *city = g_strconcat (prefix, ".address.city", NULL);
  g_autofree char *country = g_strconcat (prefix, ".address.countryCode", NULL);
  const char *line = string_at (body, line2);

  if (sender && string_at (body, last_name) == NULL && string_at (body, company) == NULL)
    {
      *why = "Le nom de l'expéditeur n'a pas été transmis";
      return "30100";
    }
  if (line == NULL || *line == '\0' || length_of (line) > 35)
    {
      *why = sender ? "Le numéro / libellé de voie de l'expéditeur est absent ou dépasse 35 caractères"
                    : "Le numéro / libellé de voie du destinataire est absent ou dépasse 35 caractères";
      return sender ? "30102" : "30202";
    }
  /* CORE is a return within France. */
  if (g_strcmp0 (string_at (body, country), "FR") != 0)
    {
      *why = "Le code pays de l'expéditeur n'est pas autorisé pour ce produit";
      return sender ? "30105" : "30205";
    }
  if (!matches ("^[0-9]{5}$", string_at (body, zip)))
    {
      *why = sender ? "Le code postal de l'expéditeur n'est pas valide"
                    : "Le code postal du destinataire n'est pas valide";
      return sender ? "30103" : "30203";
    }
  if (is_blank (string_at (body, city)) || length_of (string_at (body, city)) > 35)
    {
      *why = sender ? "La commune de l'expéditeur n'a pas été transmise"
                    : "La commune du destinataire n'a pas été transmise";
      return sender ? "30104" : "30204";
    }

  return NULL;
}

static void
colissimo_label (RetourCarrierEmulator *self,
                 SoupServerMessage     *message)
{
  static const char * const formats[] = {
    "PDF_10x15_300dpi", "PDF_A4_300dpi", "ZPL_10x15_203dpi", "ZPL_10x15_300dpi", "DPL_10x15_203dpi", NULL,
  };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = request_object (message, &root);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *json = NULL;
  const char *why = NULL;
  const char *id;
  const char *reference;
  double weight;
  Parcel *parcel;

  if (body == NULL)
    {
      colissimo_refuse (message, "30001", "La requête n'est pas un JSON valide");
      return;
    }
  if (g_strcmp0 (string_at (body, "contractNumber"), RETOUR_CARRIER_EMULATOR_ACCOUNT) != 0 ||
      g_strcmp0 (string_at (body, "password"), RETOUR_CARRIER_EMULATOR_KEY) != 0)
    {
      colissimo_refuse (message, "30000", "Identifiant ou mot de passe incorrect");
      return;
    }
  if (string_at (body, "outputFormat.outputPrintingType") == NULL ||
      !g_strv_contains (formats, string_at (body, "outputFormat.outputPrintingType")))
    {
      colissimo_refuse (message, "30020", "Le format d'impression n'est pas valide");
      return;
    }
  if (g_strcmp0 (string_at (body, "letter.service.productCode"), "CORE") != 0)
    {
      colissimo_refuse (message, "30010", "Le code produit n'est pas autorisé pour ce contrat");
      return;
    }
  if (!matches ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", string_at (body, "letter.service.depositDate")))
    {
      colissimo_refuse (message, "30011", "La date de dépôt n'est pas valide");
      return;
    }
  weight = number_at (body, "letter.parcel.weight");
  if (weight <= 0 || weight > 30)
    {
      colissimo_refuse (message, "30015", "Le poids du colis n'est pas valide (0,01 à 30 kg)");
      return;
    }
  reference = string_at (body, "letter.sender.senderParcelRef");
  if (length_of (reference) > 17)
    {
      colissimo_refuse (message, "30030", "La référence expéditeur dépasse 17 caractères");
      return;
    }
  if ((id = colissimo_check_address (body, "letter.sender", TRUE, &why)) != NULL ||
      (id = colissimo_check_address (body, "letter.addressee", FALSE, &why)) != NULL)
    {
      colissimo_refuse (message, id, why);
      return;
    }

  parcel = new_parcel (self, "colissimo", reference);
  parcel->confirmed = TRUE;
  pdf = make_pdf ("Colissimo", parcel->tracking, reference);
  json = g_strdup_printf ("{\"messages\":[{\"id\":\"0\",\"type\":\"INFOS\",\"messageContent\":\"La requête a été traitée avec succès\"}],"
                          "\"labelXmlV2Reponse\":null,\"labelV2Response\":{\"parcelNumber\":\"%s\",\"parcelNumberPartner\":null,"
                          "\"pdfUrl\":null,\"fields\":null}}", parcel->tracking);
  colissimo_respond (message, 200, json, pdf);
  increment (self->labels, "colissimo");
  g_hash_table_insert (self->references, g_strdup ("colissimo"), g_strdup (reference));
}

static void
laposte_track (RetourCarrierEmulator *self,
               SoupServerMessage     *message,
               const char            *number)
{
  static const char * const codes[] = { "DR1", "PC1", "ET1", "DI1", "RE1", "ND1" };
  static const char * const words[] = {
    "Votre Colissimo va bientôt nous être confié !",
    "Votre colis est pris en charge par La Poste",
    "Votre colis est en cours d'acheminement",
    "Votre colis est livré",
    "Votre colis est retourné à l'expéditeur",
    "Votre colis est endommagé",
  };
  Parcel *parcel = find_parcel (self, "colissimo", number);
  g_autoptr(JsonBuilder) builder = NULL;
  Step steps[4];
  guint n;

  if (parcel == NULL)
    {
      respond_text (message, 404, "application/json",
                    "{\"lang\":\"fr_FR\",\"returnCode\":104,\"returnMessage\":\"Numéro d'envoi inconnu\"}");
      return;
    }

  n = reached_steps (self, parcel, steps);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lang");
  json_builder_add_string_value (builder, "fr_FR");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, "open");
  json_builder_set_member_name (builder, "returnCode");
  json_builder_add_int_value (builder, 200);
  json_builder_set_member_name (builder, "shipment");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idShip");
  json_builder_add_string_value (builder, parcel->tracking);
  json_builder_set_member_name (builder, "product");
  json_builder_add_string_value (builder, "colissimo");
  json_builder_set_member_name (builder, "isFinal");
  json_builder_add_boolean_value (builder, steps[n - 1].stage == 3);
  json_builder_set_member_name (builder, "event");
  json_builder_begin_array (builder);
  for (guint i = n; i > 0; i--)
    {
      guint index = steps[i - 1].stage < 3 ? steps[i - 1].stage : 3 + (guint) parcel->end;
      g_autofree char *time = format_time (steps[i - 1].time_s, "Europe/Paris", "%Y-%m-%dT%H:%M:%S%:z");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, codes[index]);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, words[index]);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, time);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  respond_builder (message, 200, "application/json", builder);
}

static void
handle_colissimo (RetourCarrierEmulator *self,
                  SoupServerMessage     *message,
                  const char            *method,
                  const char            *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  if (strcmp (method, "POST") == 0 && strcmp (path, "/sls-ws/SlsServiceWSRest/2.0/generateLabel") == 0)
    {
      colissimo_label (self, message);
      return;
    }

  if (strcmp (method, "GET") == 0 && g_str_has_prefix (path, "/suivi/v2/idships/"))
    {
      if (g_strcmp0 (soup_message_headers_get_one (headers, "X-Okapi-Key"), RETOUR_CARRIER_EMULATOR_SECRET) != 0)
        {
          respond_text (message, 401, "application/json",
                        "{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid or missing Okapi key\"}");
          return;
        }
      laposte_track (self, message, path + strlen ("/suivi/v2/idships/"));
      return;
    }

  respond_text (message, 404, "application/json", "{\"code\":\"NOT_FOUND\",\"message\":\"Not found\"}");
}

/* -------------------------------------------------------------- routing */

static const char *
carrier_of (const char *path)
{
  if (g_str_has_prefix (path, "/shipment/"))
    return "postnl";
  if (g_str_has_prefix (path, "/parcel/de/") || g_str_has_prefix (path, "/track/"))
    return "dhl";
  if (g_str_has_prefix (path, "/v1/"))
    return "inpost";
  if (g_str_has_prefix (path, "/sls-ws/") || g_str_has_prefix (path, "/suivi/"))
    return "colissimo";
  return NULL;
}

/* The test's hand on the emulator, for one running as a program:
 * POST /_control/advance?seconds=N, /_control/fault?carrier=C&kind=K,
 * /_control/end?number=N&end=returned|damaged, /_control/parcel?carrier=C;
 * GET /_control/labels?carrier=C. */
static void
handle_control (RetourCarrierEmulator *self,
                SoupServerMessage     *message,
                const char            *path,
                GHashTable            *query)
{
  const char *carrier = query != NULL ? g_hash_table_lookup (query, "carrier") : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (strcmp (path, "/_control/advance") == 0 && query != NULL && g_hash_table_lookup (query, "seconds") != NULL)
    {
      retour_carrier_emulator_advance (self, g_ascii_strtoll (g_hash_table_lookup (query, "seconds"), NULL, 10));
      body = g_strdup_printf ("{\"now\":%" G_GINT64_FORMAT "}", self->now_s);
    }
  else if (strcmp (path, "/_control/fault") == 0 && carrier != NULL)
    {
      if (!retour_carrier_emulator_add_fault (self, carrier, g_hash_table_lookup (query, "kind"), &error))
        {
          respond_text (message, 400, "text/plain", error->message);
          return;
        }
      body = g_strdup ("{}");
    }
  else if (strcmp (path, "/_control/end") == 0 && query != NULL)
    {
      const char *end = g_hash_table_lookup (query, "end");

      if (!retour_carrier_emulator_set_end (self, g_hash_table_lookup (query, "number"),
                                            g_strcmp0 (end, "returned") == 0 ? RETOUR_CARRIER_EMULATOR_END_RETURNED
                                            : g_strcmp0 (end, "damaged") == 0 ? RETOUR_CARRIER_EMULATOR_END_DAMAGED
                                            : RETOUR_CARRIER_EMULATOR_END_DELIVERED))
        {
          respond_text (message, 404, "text/plain", "No such parcel");
          return;
        }
      body = g_strdup ("{}");
    }
  else if (strcmp (path, "/_control/parcel") == 0 && g_strv_contains (carriers, carrier != NULL ? carrier : ""))
    {
      g_autofree char *number = retour_carrier_emulator_add_parcel (self, carrier);

      body = g_strdup_printf ("{\"tracking_number\":\"%s\"}", number);
    }
  else if (strcmp (path, "/_control/labels") == 0 && carrier != NULL)
    body = g_strdup_printf ("{\"labels\":%u,\"requests\":%u}", count (self->labels, carrier),
                            count (self->requests, carrier));
  else
    {
      respond_text (message, 404, "text/plain", "No such control");
      return;
    }

  respond_text (message, 200, "application/json", body);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  RetourCarrierEmulator *self = user_data;
  const char *method = soup_server_message_get_method (message);
  const char *carrier = carrier_of (path);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  GQueue *faults;
  g_autofree char *fault = NULL;

  if (g_str_has_prefix (path, "/_control/"))
    {
      handle_control (self, message, path, query);
      return;
    }

  if (carrier == NULL)
    {
      respond_text (message, 404, "text/plain", "Not found");
      return;
    }

  increment (self->requests, carrier);
  faults = g_hash_table_lookup (self->faults, carrier);
  fault = faults != NULL ? g_queue_pop_head (faults) : NULL;

  if (g_strcmp0 (fault, "throttle") == 0)
    {
      soup_message_headers_replace (response_headers, "Retry-After", "1");
      respond_text (message, 429, "application/json", "{\"status\":429,\"error\":\"too_many_requests\",\"message\":\"Rate limit exceeded\"}");
      return;
    }
  if (g_strcmp0 (fault, "error500") == 0)
    {
      respond_text (message, 500, "application/json", "{\"status\":500,\"error\":\"internal_error\",\"message\":\"Internal server error\"}");
      return;
    }
  if (g_strcmp0 (fault, "error503") == 0)
    {
      soup_message_headers_replace (response_headers, "Retry-After", "1");
      respond_text (message, 503, "text/html", "<html><body>Service Unavailable</body></html>");
      return;
    }

  if (strcmp (carrier, "postnl") == 0)
    handle_postnl (self, message, method, path);
  else if (strcmp (carrier, "dhl") == 0)
    handle_dhl (self, message, method, path);
  else if (strcmp (carrier, "inpost") == 0)
    handle_inpost (self, message, method, path);
  else
    handle_colissimo (self, message, method, path);

  /* Carried out, and the answer lost on the way back. */
  if (g_strcmp0 (fault, "lost") == 0)
    {
      soup_message_headers_remove (response_headers, "Retry-After");
      respond_text (message, 504, "text/html", "<html><body>Gateway Timeout</body></html>");
    }
}

gboolean
retour_carrier_emulator_start (RetourCarrierEmulator  *self,
                               GError                **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "retour-carrier-emulator ", NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

const char *
retour_carrier_emulator_get_url (RetourCarrierEmulator *self)
{
  return self->url;
}
