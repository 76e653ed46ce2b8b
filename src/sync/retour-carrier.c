/* retour-carrier.c — the carrier interface, its error domain, what Retour
 * knows of each carrier, and what the connectors share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-carrier-private.h"
#include "retour-connector.h"
#include "retour-credentials.h"

G_DEFINE_QUARK (retour-carrier-error-quark, retour_carrier_error)

G_DEFINE_INTERFACE (RetourCarrier, retour_carrier, G_TYPE_OBJECT)

static void
retour_carrier_default_init (RetourCarrierInterface *iface)
{
}

/* Limits and sources in docs/decisions.md ("Carrier connectors"). */
static const RetourCarrierInfo postnl_info = {
  .id = "postnl", .name = "PostNL", .country = "NL",
  .reference_max = 35, .can_cancel = FALSE,
  /* updatedshipments: every 5 to 15 minutes; one parcel hourly is plenty. */
  .poll_spacing_s = 1, .poll_parcel_s = 3600, .calls_per_day = 0,
};
static const RetourCarrierInfo dhl_info = {
  .id = "dhl", .name = "DHL", .country = "DE",
  .reference_max = 30, .can_cancel = FALSE,
  /* Unified Tracking's default plan: one call each 5 s, 250 a day. */
  .poll_spacing_s = 5, .poll_parcel_s = 3600, .calls_per_day = 250,
};
static const RetourCarrierInfo inpost_info = {
  .id = "inpost", .name = "InPost", .country = "PL",
  .reference_max = 100, .can_cancel = TRUE,
  .poll_spacing_s = 1, .poll_parcel_s = 3600, .calls_per_day = 0,
};
static const RetourCarrierInfo colissimo_info = {
  .id = "colissimo", .name = "Colissimo", .country = "FR",
  .reference_max = 17, .can_cancel = FALSE,
  .poll_spacing_s = 1, .poll_parcel_s = 3600, .calls_per_day = 0,
};

static const RetourCarrierInfo * const infos[] = {
  &postnl_info, &dhl_info, &inpost_info, &colissimo_info, NULL,
};

const RetourCarrierInfo * const *
retour_carrier_list_infos (void)
{
  return infos;
}

const RetourCarrierInfo *
retour_carrier_find_info (const char *id)
{
  for (guint i = 0; id != NULL && infos[i] != NULL; i++)
    if (g_ascii_strcasecmp (infos[i]->id, id) == 0)
      return infos[i];

  return NULL;
}

static const char *
describe_field (RetourCarrierParty party,
                RetourCarrierField field)
{
  gboolean customer = party != RETOUR_CARRIER_PARTY_RECEIVER;

  switch (field)
    {
    case RETOUR_CARRIER_FIELD_NAME:
      return customer ? _("the customer’s name") : _("the name of the returns address");
    case RETOUR_CARRIER_FIELD_STREET:
      return customer ? _("the customer’s street") : _("the street of the returns address");
    case RETOUR_CARRIER_FIELD_HOUSE_NUMBER:
      return customer ? _("the customer’s house number") : _("the house number of the returns address");
    case RETOUR_CARRIER_FIELD_POSTCODE:
      return customer ? _("the customer’s postcode") : _("the postcode of the returns address");
    case RETOUR_CARRIER_FIELD_CITY:
      return customer ? _("the customer’s city") : _("the city of the returns address");
    case RETOUR_CARRIER_FIELD_COUNTRY:
      return customer ? _("the customer’s country") : _("the country of the returns address");
    case RETOUR_CARRIER_FIELD_EMAIL:
      return customer ? _("the customer’s e-mail address") : _("the shop’s e-mail address");
    case RETOUR_CARRIER_FIELD_PHONE:
      return customer ? _("the customer’s phone number") : _("the shop’s phone number");
    case RETOUR_CARRIER_FIELD_REFERENCE:
      return _("the reference (the return’s number)");
    case RETOUR_CARRIER_FIELD_WEIGHT:
      return _("the parcel’s weight");
    case RETOUR_CARRIER_FIELD_OTHER:
    default:
      return _("the request");
    }
}

void
retour_carrier_set_field_error (GError             **error,
                                const char          *carrier_name,
                                RetourCarrierParty   party,
                                RetourCarrierField   field,
                                const char          *detail)
{
  g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_INVALID_FIELD,
               /* Translators: "PostNL refused the customer’s postcode: <the carrier's words>";
                  the return stays as it was, and can be tried again once corrected. */
               _("%s refused %s: %s. Correct it and try again."),
               carrier_name, describe_field (party, field),
               detail != NULL && *detail != '\0' ? detail : _("no reason given"));
}

/* -------------------------------------------------------------- values */

RetourCarrierAddress *
retour_carrier_address_new (void)
{
  return g_new0 (RetourCarrierAddress, 1);
}

RetourCarrierAddress *
retour_carrier_address_copy (const RetourCarrierAddress *address)
{
  RetourCarrierAddress *copy = g_new0 (RetourCarrierAddress, 1);

  copy->name = g_strdup (address->name);
  copy->company = g_strdup (address->company);
  copy->street = g_strdup (address->street);
  copy->house_number = g_strdup (address->house_number);
  copy->extra = g_strdup (address->extra);
  copy->postcode = g_strdup (address->postcode);
  copy->city = g_strdup (address->city);
  copy->country = g_strdup (address->country);
  copy->email = g_strdup (address->email);
  copy->phone = g_strdup (address->phone);

  return copy;
}

void
retour_carrier_address_free (RetourCarrierAddress *address)
{
  if (address == NULL)
    return;

  g_free (address->name);
  g_free (address->company);
  g_free (address->street);
  g_free (address->house_number);
  g_free (address->extra);
  g_free (address->postcode);
  g_free (address->city);
  g_free (address->country);
  g_free (address->email);
  g_free (address->phone);
  g_free (address);
}

static gboolean
is_house_number (const char *token)
{
  return g_ascii_isdigit (token[0]);
}

void
retour_carrier_address_set_line (RetourCarrierAddress *address,
                                 const char           *line)
{
  g_autofree char *text = g_strstrip (g_strdup (line != NULL ? line : ""));
  g_auto(GStrv) tokens = g_strsplit_set (text, " ,", -1);
  g_autoptr(GString) street = g_string_new (NULL);
  g_autoptr(GString) number = g_string_new (NULL);
  guint n = g_strv_length (tokens);
  guint first = 0;
  guint last = n;
  int at = -1;

  g_clear_pointer (&address->street, g_free);
  g_clear_pointer (&address->house_number, g_free);

  /* France and Belgium's French part put the number first ("12 rue de
   * la Paix"); most of Europe last, perhaps with a suffix ("12 a",
   * "5/7", "12-14"). */
  for (guint i = n; i > 0; i--)
    if (*tokens[i - 1] != '\0' && is_house_number (tokens[i - 1]))
      {
        at = (int) i - 1;
        break;
      }

  if (at > 0)
    {
      /* The number, and a one- or two-letter suffix after it. */
      g_string_append (number, tokens[at]);
      last = (guint) at;
      for (guint i = (guint) at + 1; i < n; i++)
        if (*tokens[i] != '\0')
          {
            if (strlen (tokens[i]) <= 2)
              g_string_append_printf (number, " %s", tokens[i]);
            else
              {
                /* Not a suffix: the number stood inside the street. */
                g_string_truncate (number, 0);
                last = n;
                break;
              }
          }
    }
  else if (at == 0)
    {
      g_string_append (number, tokens[0]);
      first = 1;
    }

  for (guint i = first; i < last; i++)
    if (*tokens[i] != '\0')
      g_string_append_printf (street, "%s%s", street->len > 0 ? " " : "", tokens[i]);

  address->street = g_string_free (g_steal_pointer (&street), FALSE);
  address->house_number = number->len > 0 ? g_string_free (g_steal_pointer (&number), FALSE) : NULL;
}

RetourLabelRequest *
retour_label_request_new (void)
{
  RetourLabelRequest *request = g_new0 (RetourLabelRequest, 1);

  request->sender = retour_carrier_address_new ();
  request->receiver = retour_carrier_address_new ();

  return request;
}

void
retour_label_request_free (RetourLabelRequest *request)
{
  if (request == NULL)
    return;

  retour_carrier_address_free (request->sender);
  retour_carrier_address_free (request->receiver);
  g_free (request->reference);
  g_free (request);
}

RetourCarrierLabel *
retour_carrier_label_new (void)
{
  RetourCarrierLabel *label = g_new0 (RetourCarrierLabel, 1);

  label->cost_minor = -1;

  return label;
}

void
retour_carrier_label_free (RetourCarrierLabel *label)
{
  if (label == NULL)
    return;

  g_free (label->tracking_number);
  g_free (label->shipment_id);
  g_clear_pointer (&label->pdf, g_bytes_unref);
  g_free (label->currency);
  g_free (label);
}

static const char * const state_names[] = { "announced", "in-transit", "delivered", "exception" };

const char *
retour_tracking_state_to_string (RetourTrackingState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "announced");

  return state_names[state];
}

gboolean
retour_tracking_state_from_string (const char          *text,
                                   RetourTrackingState *state)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (strcmp (text, state_names[i]) == 0)
      {
        *state = (RetourTrackingState) i;
        return TRUE;
      }

  return FALSE;
}

void
retour_tracking_event_free (RetourTrackingEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->code);
  g_free (event->description);
  g_free (event);
}

RetourTracking *
retour_tracking_new (void)
{
  RetourTracking *tracking = g_new0 (RetourTracking, 1);

  tracking->events = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_tracking_event_free);

  return tracking;
}

void
retour_tracking_free (RetourTracking *tracking)
{
  if (tracking == NULL)
    return;

  g_ptr_array_unref (tracking->events);
  g_free (tracking);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const RetourTrackingEvent *x = *(RetourTrackingEvent * const *) a;
  const RetourTrackingEvent *y = *(RetourTrackingEvent * const *) b;

  return x->time_us < y->time_us ? -1 : x->time_us > y->time_us;
}

void
retour_tracking_settle (RetourTracking *tracking)
{
  g_ptr_array_sort (tracking->events, compare_events);

  tracking->state = RETOUR_TRACKING_ANNOUNCED;
  tracking->first_scan_us = 0;
  tracking->delivered_us = 0;
  for (guint i = 0; i < tracking->events->len; i++)
    {
      RetourTrackingEvent *event = g_ptr_array_index (tracking->events, i);

      if (event->state != RETOUR_TRACKING_ANNOUNCED && tracking->first_scan_us == 0)
        tracking->first_scan_us = event->time_us;
      if (event->state == RETOUR_TRACKING_DELIVERED && tracking->delivered_us == 0)
        tracking->delivered_us = event->time_us;
      /* A later pre-announcement (a carrier re-announcing) does not undo
       * a scan. */
      if (event->state != RETOUR_TRACKING_ANNOUNCED || tracking->first_scan_us == 0)
        tracking->state = event->state;
    }
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

const char *
retour_carrier_guess_from_tracking (const char *tracking_number)
{
  g_autofree char *text = NULL;
  gsize length;

  if (tracking_number == NULL)
    return NULL;

  text = g_ascii_strup (tracking_number, -1);
  g_strstrip (text);
  g_strdelimit (text, " ", '\0');
  length = strlen (text);

  /* PostNL: 3S, the customer code's four letters, then the serial. */
  if (length >= 13 && length <= 15 && g_str_has_prefix (text, "3S") &&
      g_ascii_isalpha (text[2]) && g_ascii_isalpha (text[3]) &&
      g_ascii_isalpha (text[4]) && g_ascii_isalpha (text[5]) &&
      all_digits (text + 6, length - 6))
    return "postnl";

  /* InPost: 24 digits. */
  if (length == 24 && all_digits (text, length))
    return "inpost";

  /* DHL Paket: 12 digits, or 20 starting 00340434 (its shipment numbers). */
  if ((length == 12 && all_digits (text, length)) ||
      (length == 20 && g_str_has_prefix (text, "00340434") && all_digits (text, length)))
    return "dhl";

  /* Colissimo: a digit and a letter (the product) then 11 digits, or
   * the UPU form of its international parcels ending in FR. */
  if (length == 13 && g_ascii_isdigit (text[0]) && g_ascii_isalpha (text[1]) &&
      all_digits (text + 2, 11))
    return "colissimo";
  if (length == 13 && g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]) &&
      all_digits (text + 2, 9) && g_str_has_suffix (text, "FR"))
    return "colissimo";

  return NULL;
}

RetourCarrierAccount *
retour_carrier_account_new (const char *carrier)
{
  RetourCarrierAccount *account = g_new0 (RetourCarrierAccount, 1);

  account->carrier = g_strdup (carrier);

  return account;
}

RetourCarrierAccount *
retour_carrier_account_copy (const RetourCarrierAccount *account)
{
  RetourCarrierAccount *copy = retour_carrier_account_new (account->carrier);

  copy->base_url = g_strdup (account->base_url);
  copy->tracking_url = g_strdup (account->tracking_url);
  copy->account = g_strdup (account->account);
  copy->code = g_strdup (account->code);
  copy->key = g_strdup (account->key);
  copy->secret = g_strdup (account->secret);

  return copy;
}

void
retour_carrier_account_free (RetourCarrierAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->carrier);
  g_free (account->base_url);
  g_free (account->tracking_url);
  g_free (account->account);
  g_free (account->code);
  retour_secret_free (account->key);
  retour_secret_free (account->secret);
  g_free (account);
}

/* -------------------------------------------------------- the interface */

static gboolean
check_url (const char  *url,
           GError     **error)
{
  return url == NULL || retour_http_check_url (url, error);
}

RetourCarrier *
retour_carrier_new (RetourHttp                 *http,
                    const RetourCarrierAccount *account,
                    GError                    **error)
{
  const RetourCarrierInfo *info;

  g_return_val_if_fail (RETOUR_IS_HTTP (http), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  info = retour_carrier_find_info (account->carrier);
  if (info == NULL)
    {
      g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_UNKNOWN_CARRIER,
                   _("Retour does not know the carrier “%s”: it knows postnl, dhl, inpost and colissimo."),
                   account->carrier != NULL ? account->carrier : "");
      return NULL;
    }

  if (!check_url (account->base_url, error) || !check_url (account->tracking_url, error))
    return NULL;

  if (account->key == NULL || *account->key == '\0' ||
      ((info == &dhl_info || info == &colissimo_info) &&
       (account->secret == NULL || *account->secret == '\0')))
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_CREDENTIALS,
                   _("The %s account has no keys: set them up in the preferences."), info->name);
      return NULL;
    }

  if ((account->account == NULL || *account->account == '\0') ||
      ((info == &postnl_info || info == &dhl_info) && (account->code == NULL || *account->code == '\0')))
    {
      g_set_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP,
                   info == &postnl_info ? _("The PostNL account needs its customer number and customer code.")
                   : info == &dhl_info ? _("The DHL account needs its user name and the return receiver’s id.")
                   : info == &inpost_info ? _("The InPost account needs its organization id.")
                   : _("The Colissimo account needs its contract number."));
      return NULL;
    }

  if (info == &postnl_info)
    return retour_postnl_carrier_new (http, account);
  if (info == &dhl_info)
    return retour_dhl_carrier_new (http, account);
  if (info == &inpost_info)
    return retour_inpost_carrier_new (http, account);
  return retour_colissimo_carrier_new (http, account);
}

const RetourCarrierInfo *
retour_carrier_get_info (RetourCarrier *self)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER (self), NULL);

  return RETOUR_CARRIER_GET_IFACE (self)->get_info (self);
}

static gpointer
propagate (RetourCarrier  *self,
           GAsyncResult   *result,
           gpointer        source_tag,
           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
retour_carrier_create_label_async (RetourCarrier            *self,
                                   const RetourLabelRequest *request,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_CARRIER (self));
  g_return_if_fail (request != NULL);

  if (!retour_carrier_check_request (retour_carrier_get_info (self), request, &error))
    {
      g_task_report_error (self, callback, user_data,
                           RETOUR_CARRIER_GET_IFACE (self)->create_label_async,
                           g_steal_pointer (&error));
      return;
    }

  RETOUR_CARRIER_GET_IFACE (self)->create_label_async (self, request, cancellable, callback, user_data);
}

RetourCarrierLabel *
retour_carrier_create_label_finish (RetourCarrier  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER (self), NULL);

  return propagate (self, result, RETOUR_CARRIER_GET_IFACE (self)->create_label_async, error);
}

gboolean
retour_carrier_can_find_label (RetourCarrier *self)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER (self), FALSE);

  return RETOUR_CARRIER_GET_IFACE (self)->find_label_async != NULL;
}

void
retour_carrier_find_label_async (RetourCarrier       *self,
                                 const char          *reference,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RETOUR_IS_CARRIER (self));
  g_return_if_fail (retour_carrier_can_find_label (self));
  g_return_if_fail (reference != NULL);

  RETOUR_CARRIER_GET_IFACE (self)->find_label_async (self, reference, cancellable, callback, user_data);
}

RetourCarrierLabel *
retour_carrier_find_label_finish (RetourCarrier  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER (self), NULL);

  return propagate (self, result, RETOUR_CARRIER_GET_IFACE (self)->find_label_async, error);
}

void
retour_carrier_cancel_label_async (RetourCarrier            *self,
                                   const RetourCarrierLabel *label,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data)
{
  RetourCarrierInterface *iface;

  g_return_if_fail (RETOUR_IS_CARRIER (self));
  g_return_if_fail (label != NULL);

  iface = RETOUR_CARRIER_GET_IFACE (self);
  if (iface->cancel_label_async == NULL)
    {
      const RetourCarrierInfo *info = retour_carrier_get_info (self);

      g_task_report_new_error (self, callback, user_data, retour_carrier_cancel_label_async,
                               RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_CANNOT_CANCEL,
                               /* Translators: %s is a carrier ("PostNL"). */
                               _("%s does not cancel labels: an unused return label is not charged, so it can simply be thrown away."),
                               info->name);
      return;
    }

  iface->cancel_label_async (self, label, cancellable, callback, user_data);
}

gboolean
retour_carrier_cancel_label_finish (RetourCarrier  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER (self), FALSE);

  if (g_task_get_source_tag (G_TASK (result)) == retour_carrier_cancel_label_async)
    return g_task_propagate_boolean (G_TASK (result), error);

  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        RETOUR_CARRIER_GET_IFACE (self)->cancel_label_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
retour_carrier_track_async (RetourCarrier       *self,
                            const char          *tracking_number,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RETOUR_IS_CARRIER (self));
  g_return_if_fail (tracking_number != NULL && *tracking_number != '\0');

  RETOUR_CARRIER_GET_IFACE (self)->track_async (self, tracking_number, cancellable, callback, user_data);
}

RetourTracking *
retour_carrier_track_finish (RetourCarrier  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (RETOUR_IS_CARRIER (self), NULL);

  return propagate (self, result, RETOUR_CARRIER_GET_IFACE (self)->track_async, error);
}

/* ------------------------------------------------- shared by connectors */

gboolean
retour_carrier_check_request (const RetourCarrierInfo  *info,
                              const RetourLabelRequest *request,
                              GError                  **error)
{
  g_autofree char *detail = NULL;
  glong length;

  if (request->reference == NULL || *request->reference == '\0')
    {
      retour_carrier_set_field_error (error, info->name, RETOUR_CARRIER_PARTY_NONE,
                                      RETOUR_CARRIER_FIELD_REFERENCE, _("it is empty"));
      return FALSE;
    }

  length = g_utf8_strlen (request->reference, -1);
  if ((guint) length > info->reference_max)
    {
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "it holds at most %u character, and “%s” has %ld",
                                             "it holds at most %u characters, and “%s” has %ld",
                                             info->reference_max),
                                info->reference_max, request->reference, length);
      retour_carrier_set_field_error (error, info->name, RETOUR_CARRIER_PARTY_NONE,
                                      RETOUR_CARRIER_FIELD_REFERENCE, detail);
      return FALSE;
    }

  return TRUE;
}

JsonNode *
retour_carrier_parse_json (const RetourCarrierInfo  *info,
                           GBytes                   *body,
                           GError                  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  g_autoptr(GError) local = NULL;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) length, &local) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                   /* Translators: %s is a carrier ("PostNL"). */
                   _("%s sent a reply that is not JSON: %s"), info->name,
                   local != NULL ? local->message : _("it is empty"));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

const char *
retour_carrier_json_string (JsonObject *object,
                            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
retour_carrier_invalid_reply (const RetourCarrierInfo  *info,
                              const char               *what,
                              GError                  **error)
{
  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
               /* Translators: "PostNL's reply has no label"; the second %s says what is missing. */
               _("%s’s reply is not what its API documents: %s."), info->name, what);
  return FALSE;
}

GBytes *
retour_carrier_builder_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

gboolean
retour_carrier_is_pdf (GBytes *bytes)
{
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  return data != NULL && length > 5 && memcmp (data, "%PDF-", 5) == 0;
}

const char *
retour_carrier_country_alpha3 (const char *alpha2)
{
  static const char * const table[][2] = {
    { "AT", "AUT" }, { "BE", "BEL" }, { "BG", "BGR" }, { "CH", "CHE" }, { "CY", "CYP" },
    { "CZ", "CZE" }, { "DE", "DEU" }, { "DK", "DNK" }, { "EE", "EST" }, { "ES", "ESP" },
    { "FI", "FIN" }, { "FR", "FRA" }, { "GB", "GBR" }, { "GR", "GRC" }, { "HR", "HRV" },
    { "HU", "HUN" }, { "IE", "IRL" }, { "IT", "ITA" }, { "LI", "LIE" }, { "LT", "LTU" },
    { "LU", "LUX" }, { "LV", "LVA" }, { "MT", "MLT" }, { "NL", "NLD" }, { "NO", "NOR" },
    { "PL", "POL" }, { "PT", "PRT" }, { "RO", "ROU" }, { "SE", "SWE" }, { "SI", "SVN" },
    { "SK", "SVK" },
  };

  for (guint i = 0; alpha2 != NULL && i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (table[i][0], alpha2) == 0)
      return table[i][1];

  return NULL;
}

typedef struct
{
  RetourCarrierCall call;
} SendData;

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RetourHttpResponse *response = retour_http_send_finish (RETOUR_HTTP (object), result, &error);

  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) retour_http_response_free);
}

void
retour_carrier_send_async (gpointer                  source,
                           RetourHttp               *http,
                           const RetourCarrierCall  *call,
                           const RetourHttpRequest  *request,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);
  SendData *data = g_new0 (SendData, 1);

  g_task_set_source_tag (task, retour_carrier_send_async);
  data->call = *call;
  g_task_set_task_data (task, data, g_free);
  retour_http_send_async (http, request, retour_carrier_classify, &data->call, cancellable, on_sent, task);
}

RetourHttpResponse *
retour_carrier_send_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_carrier_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

RetourHttpVerdict
retour_carrier_classify (RetourHttpResponse  *response,
                         gint64              *retry_after_us,
                         GError             **error,
                         gpointer             user_data)
{
  RetourCarrierCall *call = user_data;
  const char *name = call->info->name;
  guint status = response->status;

  if (status >= 200 && status < 300)
    return RETOUR_HTTP_DONE;
  if (status == 404 && call->not_found_ok)
    return RETOUR_HTTP_DONE;

  *retry_after_us = retour_http_parse_retry_after (response->headers);

  switch (status)
    {
    case 401:
    case 403:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED,
                   /* Translators: %s is a carrier ("PostNL"). */
                   _("%s refused the account’s keys: check them in the preferences."), name);
      return RETOUR_HTTP_FAIL;
    case 404:
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND,
                   _("%s does not know this parcel or address (HTTP 404)."), name);
      return RETOUR_HTTP_FAIL;
    case 429:
      /* Throttled: nothing was carried out, even of a POST. */
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                   _("%s asks to wait: too many requests."), name);
      return RETOUR_HTTP_RETRY;
    case 400:
    case 409:
    case 422:
      call->refusal (call->info, response, error);
      if (error != NULL && *error == NULL)
        g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                     _("%s refused the request (HTTP %u)."), name, status);
      return RETOUR_HTTP_FAIL;
    default:
      if (status >= 500 || status == 408)
        {
          g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE,
                       _("%s is not available (HTTP %u); try again later."), name, status);
          /* A label may have been bought before the failure: the caller
           * looks before it asks again. */
          return call->is_post ? RETOUR_HTTP_FAIL : RETOUR_HTTP_RETRY;
        }
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_REJECTED,
                   _("%s refused the request (HTTP %u)."), name, status);
      return RETOUR_HTTP_FAIL;
    }
}

gint64
retour_carrier_parse_local_time (const char *text,
                                 const char *order,
                                 const char *tz_name)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (tz_name);
  g_autoptr(GDateTime) time = NULL;
  int values[6] = { 0 };   /* d m Y H M S */
  const char *p = text;

  if (text == NULL || tz == NULL)
    return 0;

  for (const char *o = order; *o != '\0'; o++)
    {
      const char *slot = strchr ("dmYHMS", *o);
      char *end;
      gint64 value;

      if (slot == NULL)
        return 0;
      while (*p != '\0' && !g_ascii_isdigit (*p))
        p++;
      value = g_ascii_strtoll (p, &end, 10);
      if (end == p)
        return 0;
      values[slot - "dmYHMS"] = (int) value;
      p = end;
    }

  time = g_date_time_new (tz, values[2], values[1], values[0], values[3], values[4], values[5]);
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC : 0;
}

gint64
retour_carrier_parse_iso_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time) : 0;
}

void
retour_carrier_add_event (RetourTracking      *tracking,
                          gint64               time_us,
                          const char          *code,
                          const char          *description,
                          RetourTrackingState  state)
{
  RetourTrackingEvent *event = g_new0 (RetourTrackingEvent, 1);

  event->time_us = time_us;
  event->code = g_strdup (code);
  event->description = g_strdup (description);
  event->state = state;
  g_ptr_array_add (tracking->events, event);
}

/* ----------------------------------------------------- connection test */

#define TEST_REFERENCE "RETOUR-CONNECTION-TEST"
#define TEST_PARCEL "RETOURTEST00000000"

static void
on_test_found (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RetourCarrierLabel) label = NULL;
  GError *error = NULL;

  label = retour_carrier_find_label_finish (RETOUR_CARRIER (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_test_tracked (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RetourTracking) tracking = NULL;
  GError *error = NULL;

  tracking = retour_carrier_track_finish (RETOUR_CARRIER (object), result, &error);
  /* "No such parcel" comes only past the keys. */
  if (tracking == NULL && !g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NOT_FOUND))
    g_task_return_error (task, error);
  else
    {
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
    }
}

void
retour_carrier_test_async (RetourCarrier       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RETOUR_IS_CARRIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_carrier_test_async);

  if (retour_carrier_can_find_label (self))
    retour_carrier_find_label_async (self, TEST_REFERENCE, cancellable, on_test_found, task);
  else
    retour_carrier_track_async (self, TEST_PARCEL, cancellable, on_test_tracked, task);
}

gboolean
retour_carrier_test_finish (RetourCarrier  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == retour_carrier_test_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
