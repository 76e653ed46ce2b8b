/* test-carrier.c — the carrier connectors against the carrier emulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each carrier, on 127.0.0.1 in this process: a label made with the RMA
 * number at its reference field's limit carries it, and one a character
 * longer is refused before anything is bought; wrong keys, a 429 waited
 * out as Retry-After asks, a 5xx that is not resent for a label (it may
 * have been bought) but is for tracking, a refused field named in the
 * message; tracking from announced through the first scan to delivered,
 * and an exception; cancelling where the carrier can, a clear refusal
 * where it cannot; a lost answer found again where the carrier can look
 * labels up. And the parts without a network: address lines split into
 * street and number, tracking numbers recognised by their format.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "retour-carrier.h"
#include "retour-carrier-emulator.h"
#include "retour-connector.h"

typedef struct
{
  RetourCarrierEmulator *emulator;
  RetourHttp            *http;
  RetourCarrier         *carrier;
  const char            *id;
  GAsyncResult          *result;
} Fixture;

static RetourCarrierAccount *
emulator_account (RetourCarrierEmulator *emulator,
                  const char            *id)
{
  RetourCarrierAccount *account = retour_carrier_account_new (id);

  account->base_url = g_strdup (retour_carrier_emulator_get_url (emulator));
  account->tracking_url = g_strdup (retour_carrier_emulator_get_url (emulator));
  account->account = g_strdup (RETOUR_CARRIER_EMULATOR_ACCOUNT);
  account->code = g_strdup (RETOUR_CARRIER_EMULATOR_CODE);
  account->key = g_strdup (RETOUR_CARRIER_EMULATOR_KEY);
  account->secret = g_strdup (RETOUR_CARRIER_EMULATOR_SECRET);

  return account;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(RetourCarrierAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  f->id = user_data;
  f->emulator = retour_carrier_emulator_new ();
  retour_carrier_emulator_start (f->emulator, &error);
  g_assert_no_error (error);

  /* Quick backoff; a Retry-After is still waited out (one second). */
  f->http = retour_http_new ();
  retour_http_set_retries (f->http, 4, 10, 3000);
  account = emulator_account (f->emulator, f->id);
  f->carrier = retour_carrier_new (f->http, account, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->carrier);
  g_clear_object (&f->http);
  g_clear_pointer (&f->emulator, retour_carrier_emulator_free);
  g_clear_object (&f->result);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return f->result;
}

/* A customer of the carrier's country, and the shop's returns address. */
static RetourLabelRequest *
make_request (const char *id,
              const char *reference)
{
  RetourLabelRequest *request = retour_label_request_new ();
  RetourCarrierAddress *sender = request->sender;
  RetourCarrierAddress *receiver = request->receiver;

  request->reference = g_strdup (reference);
  request->weight_g = 800;
  request->now_us = g_get_real_time ();
  sender->email = g_strdup ("customer@example.com");
  receiver->company = g_strdup ("Retour Test Shop");
  receiver->name = g_strdup ("Returns desk");
  receiver->phone = g_strdup ("+31201234567");

  if (strcmp (id, "postnl") == 0)
    {
      sender->name = g_strdup ("Anna de Vries");
      retour_carrier_address_set_line (sender, "Hoofdstraat 12 a");
      sender->postcode = g_strdup ("3511 AB");
      sender->city = g_strdup ("Utrecht");
      sender->country = g_strdup ("NL");
      retour_carrier_address_set_line (receiver, "Kanaalweg 4");
      receiver->postcode = g_strdup ("3526 KL");
      receiver->city = g_strdup ("Utrecht");
      receiver->country = g_strdup ("NL");
    }
  else if (strcmp (id, "dhl") == 0)
    {
      sender->name = g_strdup ("Jürgen Müller");
      retour_carrier_address_set_line (sender, "Hauptstraße 5");
      sender->postcode = g_strdup ("50667");
      sender->city = g_strdup ("Köln");
      sender->country = g_strdup ("DE");
      retour_carrier_address_set_line (receiver, "Industriestraße 20");
      receiver->postcode = g_strdup ("04109");
      receiver->city = g_strdup ("Leipzig");
      receiver->country = g_strdup ("DE");
    }
  else if (strcmp (id, "inpost") == 0)
    {
      sender->name = g_strdup ("Agnieszka Wiśniewska");
      sender->phone = g_strdup ("600100200");
      retour_carrier_address_set_line (sender, "ul. Długa 5/7");
      sender->postcode = g_strdup ("30-001");
      sender->city = g_strdup ("Kraków");
      sender->country = g_strdup ("PL");
      retour_carrier_address_set_line (receiver, "ul. Krótka 1");
      receiver->postcode = g_strdup ("00-001");
      receiver->city = g_strdup ("Warszawa");
      receiver->country = g_strdup ("PL");
    }
  else
    {
      sender->name = g_strdup ("Maëlle Lefèvre");
      retour_carrier_address_set_line (sender, "12 rue de la Paix");
      sender->postcode = g_strdup ("69001");
      sender->city = g_strdup ("Lyon");
      sender->country = g_strdup ("FR");
      retour_carrier_address_set_line (receiver, "3 avenue Foch");
      receiver->postcode = g_strdup ("75016");
      receiver->city = g_strdup ("Paris");
      receiver->country = g_strdup ("FR");
    }

  return request;
}

/* "R2612-" and digits up to @length characters. */
static char *
reference_of_length (guint length)
{
  GString *text = g_string_new ("R2612-");

  while (text->len < length)
    g_string_append_c (text, (char) ('0' + text->len % 10));
  g_string_truncate (text, length);

  return g_string_free (text, FALSE);
}

/* Runs @argv; TRUE if it exited 0. */
static gboolean
run (const char * const  *argv,
     char               **out)
{
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out, NULL, &status, NULL))
    return FALSE;

  return g_spawn_check_wait_status (status, NULL);
}

/* The PDF's one page, as poppler reads it: its text has @reference,
 * and its Code 128 barcode, rasterized at 203 dpi as a thermal printer
 * would, reads back as @tracking (when pdftoppm and zbarimg are there). */
static void
assert_label_reads (GBytes     *pdf,
                    const char *tracking,
                    const char *reference)
{
  g_autoptr(GObject) document = NULL;
  g_autoptr(GObject) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *dir = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *png_base = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *decoded = NULL;
  double width, height;

  document = G_OBJECT (poppler_document_new_from_bytes (pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (POPPLER_DOCUMENT (document)), ==, 1);
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (document), 0));
  poppler_page_get_size (POPPLER_PAGE (page), &width, &height);
  /* 100 × 150 mm, within a point. */
  g_assert_cmpfloat_with_epsilon (width, 283.46, 1);
  g_assert_cmpfloat_with_epsilon (height, 425.2, 1);
  text = poppler_page_get_text (POPPLER_PAGE (page));
  {
    g_autoptr(GString) joined = g_string_new (NULL);

    /* Printed 30 characters a line. */
    for (const char *c = text; *c != '\0'; c++)
      if (*c != '\n')
        g_string_append_c (joined, *c);
    g_assert_nonnull (strstr (joined->str, reference));
  }

  if (pdftoppm == NULL || zbarimg == NULL)
    {
      g_test_message ("pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed: barcode not read");
      return;
    }

  dir = g_dir_make_tmp ("retour-test-carrier-XXXXXX", &error);
  g_assert_no_error (error);
  pdf_path = g_build_filename (dir, "label.pdf", NULL);
  png_base = g_build_filename (dir, "label", NULL);
  png_path = g_build_filename (dir, "label.png", NULL);
  g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  {
    const char *rasterize[] = { "pdftoppm", "-r", "203", "-png", "-singlefile", pdf_path, png_base, NULL };
    const char *scan[] = { "zbarimg", "--raw", "-q", "-Sdisable", "-Scode128.enable", png_path, NULL };

    g_assert_true (run (rasterize, NULL));
    g_assert_true (run (scan, &decoded));
  }
  g_assert_cmpstr (g_strstrip (decoded), ==, tracking);

  g_unlink (pdf_path);
  g_unlink (png_path);
  g_rmdir (dir);
}

static RetourCarrierLabel *
create_label (Fixture                  *f,
              const RetourLabelRequest *request,
              GError                  **error)
{
  retour_carrier_create_label_async (f->carrier, request, NULL, on_done, f);
  return retour_carrier_create_label_finish (f->carrier, wait_result (f), error);
}

static RetourTracking *
track (Fixture     *f,
       const char  *number,
       GError     **error)
{
  retour_carrier_track_async (f->carrier, number, NULL, on_done, f);
  return retour_carrier_track_finish (f->carrier, wait_result (f), error);
}

static void
test_label_at_limit (Fixture       *f,
                     gconstpointer  user_data)
{
  const RetourCarrierInfo *info = retour_carrier_get_info (f->carrier);
  g_autofree char *reference = reference_of_length (info->reference_max);
  g_autoptr(RetourLabelRequest) request = make_request (f->id, reference);
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  label = create_label (f, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (label);
  g_assert_cmpstr (retour_carrier_guess_from_tracking (label->tracking_number), ==, f->id);
  data = g_bytes_get_data (label->pdf, &length);
  g_assert_true (length > 100 && memcmp (data, "%PDF-", 5) == 0);
  /* The label says which return it is, and its barcode is the parcel's. */
  assert_label_reads (label->pdf, label->tracking_number, reference);
  g_assert_cmpstr (retour_carrier_emulator_get_reference (f->emulator, f->id), ==, reference);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 1);
  if (strcmp (f->id, "inpost") == 0)
    {
      g_assert_cmpint (label->cost_minor, ==, 1699);
      g_assert_cmpstr (label->currency, ==, "PLN");
      g_assert_nonnull (label->shipment_id);
    }
  else
    g_assert_cmpint (label->cost_minor, ==, -1);
}

static void
test_label_over_limit (Fixture       *f,
                       gconstpointer  user_data)
{
  const RetourCarrierInfo *info = retour_carrier_get_info (f->carrier);
  g_autofree char *reference = reference_of_length (info->reference_max + 1);
  g_autoptr(RetourLabelRequest) request = make_request (f->id, reference);
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;

  label = create_label (f, request, &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_INVALID_FIELD);
  g_assert_null (label);
  g_assert_nonnull (strstr (error->message, info->name));
  g_assert_nonnull (strstr (error->message, "reference"));
  g_assert_nonnull (strstr (error->message, reference));
  /* Nothing was sent, nothing bought. */
  g_assert_cmpuint (retour_carrier_emulator_get_requests (f->emulator, f->id), ==, 0);
}

/* The emulator refuses an over-long reference too, as the carrier does:
 * sent through a connector that believes in a longer field. */
static void
test_emulator_refuses_reference (Fixture       *f,
                                 gconstpointer  user_data)
{
  const RetourCarrierInfo *info = retour_carrier_get_info (f->carrier);
  g_autofree char *reference = reference_of_length (info->reference_max + 1);
  g_autoptr(RetourLabelRequest) request = make_request (f->id, reference);
  RetourCarrierInterface *iface = RETOUR_CARRIER_GET_IFACE (f->carrier);
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;

  /* Past the interface's own check, straight to the connector. */
  iface->create_label_async (f->carrier, request, NULL, on_done, f);
  label = retour_carrier_create_label_finish (f->carrier, wait_result (f), &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "reference"));
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 0);
}

static void
test_wrong_keys (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(RetourCarrierAccount) account = emulator_account (f->emulator, f->id);
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0001");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(RetourTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = retour_carrier_emulator_add_parcel (f->emulator, f->id);

  g_clear_object (&f->carrier);
  g_free (account->key);
  account->key = g_strdup ("wrong-key");
  g_free (account->secret);
  account->secret = g_strdup ("wrong-secret");
  f->carrier = retour_carrier_new (f->http, account, &error);
  g_assert_no_error (error);

  label = create_label (f, request, &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, retour_carrier_get_info (f->carrier)->name));
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 0);
  g_clear_error (&error);

  /* InPost's tracking is public: it needs no key. */
  tracking = track (f, number, &error);
  if (strcmp (f->id, "inpost") == 0)
    g_assert_no_error (error);
  else
    g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED);
}

static void
test_throttled (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0002");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  retour_carrier_emulator_add_fault (f->emulator, f->id, "throttle", &error);
  g_assert_no_error (error);

  label = create_label (f, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (label);
  /* Retry-After: 1 was waited out, not the 10 ms backoff. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 1);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0003");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(RetourTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = retour_carrier_emulator_add_parcel (f->emulator, f->id);
  guint requests;

  /* A label's 5xx is not sent again: it may have been bought. */
  retour_carrier_emulator_add_fault (f->emulator, f->id, "error500", &error);
  g_assert_no_error (error);
  label = create_label (f, request, &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE);
  g_assert_null (label);
  g_assert_cmpuint (retour_carrier_emulator_get_requests (f->emulator, f->id), ==, 1);
  g_clear_error (&error);

  /* Tracking is: reading twice costs nothing. */
  requests = retour_carrier_emulator_get_requests (f->emulator, f->id);
  retour_carrier_emulator_add_fault (f->emulator, f->id, "error500", &error);
  retour_carrier_emulator_add_fault (f->emulator, f->id, "error503", &error);
  g_assert_no_error (error);
  tracking = track (f, number, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tracking);
  g_assert_cmpuint (retour_carrier_emulator_get_requests (f->emulator, f->id), ==, requests + 3);
}

static void
test_refused_field (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0004");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected;

  if (strcmp (f->id, "inpost") == 0)
    {
      /* A Polish postcode without its dash. */
      g_free (request->sender->postcode);
      request->sender->postcode = g_strdup ("30001");
      expected = "the customer’s postcode";
    }
  else if (strcmp (f->id, "colissimo") == 0)
    {
      /* Colissimo's address lines hold 35 characters. */
      retour_carrier_address_set_line (request->sender, "12 boulevard du Maréchal Jean-Marie de Lattre de Tassigny");
      expected = "the customer’s street";
    }
  else if (strcmp (f->id, "dhl") == 0)
    {
      g_free (request->sender->postcode);
      request->sender->postcode = g_strdup ("5066");
      expected = "the customer’s postcode";
    }
  else
    {
      g_free (request->sender->postcode);
      request->sender->postcode = g_strdup ("351 AB");
      expected = "the customer’s postcode";
    }

  label = create_label (f, request, &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, retour_carrier_get_info (f->carrier)->name));
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 0);
  g_clear_error (&error);

  /* Corrected, it goes through. */
  g_clear_pointer (&request, retour_label_request_free);
  request = make_request (f->id, "R2612-0004");
  label = create_label (f, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 1);
}

static void
test_tracking (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0005");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  gint64 made_us = retour_carrier_emulator_get_now (f->emulator) * G_USEC_PER_SEC;
  RetourTracking *tracking;

  label = create_label (f, request, &error);
  g_assert_no_error (error);

  tracking = track (f, label->tracking_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracking->state, ==, RETOUR_TRACKING_ANNOUNCED);
  g_assert_cmpint (tracking->first_scan_us, ==, 0);
  retour_tracking_free (tracking);

  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S);
  tracking = track (f, label->tracking_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracking->state, ==, RETOUR_TRACKING_IN_TRANSIT);
  g_assert_cmpint (tracking->first_scan_us, ==, made_us + RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S * G_USEC_PER_SEC);
  g_assert_cmpuint (tracking->events->len, ==, 2);
  retour_tracking_free (tracking);

  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_SORTED_S);
  tracking = track (f, label->tracking_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracking->state, ==, RETOUR_TRACKING_IN_TRANSIT);
  g_assert_cmpint (tracking->delivered_us, ==, 0);
  retour_tracking_free (tracking);

  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_DELIVERED_S);
  tracking = track (f, label->tracking_number, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracking->state, ==, RETOUR_TRACKING_DELIVERED);
  g_assert_cmpint (tracking->first_scan_us, ==, made_us + RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S * G_USEC_PER_SEC);
  g_assert_cmpint (tracking->delivered_us, ==, made_us + RETOUR_CARRIER_EMULATOR_DELIVERED_S * G_USEC_PER_SEC);
  g_assert_cmpuint (tracking->events->len, ==, 4);
  retour_tracking_free (tracking);
}

static void
test_tracking_exception (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *returned = retour_carrier_emulator_add_parcel (f->emulator, f->id);
  g_autofree char *damaged = retour_carrier_emulator_add_parcel (f->emulator, f->id);
  RetourTracking *tracking;

  retour_carrier_emulator_set_end (f->emulator, returned, RETOUR_CARRIER_EMULATOR_END_RETURNED);
  retour_carrier_emulator_set_end (f->emulator, damaged, RETOUR_CARRIER_EMULATOR_END_DAMAGED);
  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_DELIVERED_S);

  tracking = track (f, returned, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracking->state, ==, RETOUR_TRACKING_EXCEPTION);
  g_assert_cmpint (tracking->first_scan_us, >, 0);
  g_assert_cmpint (tracking->delivered_us, ==, 0);
  retour_tracking_free (tracking);

  tracking = track (f, damaged, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tracking->state, ==, RETOUR_TRACKING_EXCEPTION);
  retour_tracking_free (tracking);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0006");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done;

  label = create_label (f, request, &error);
  g_assert_no_error (error);

  retour_carrier_cancel_label_async (f->carrier, label, NULL, on_done, f);
  done = retour_carrier_cancel_label_finish (f->carrier, wait_result (f), &error);
  if (!retour_carrier_get_info (f->carrier)->can_cancel)
    {
      g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_CANNOT_CANCEL);
      g_assert_nonnull (strstr (error->message, "does not cancel labels"));
      g_assert_false (done);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (done);
  g_assert_true (retour_carrier_emulator_is_cancelled (f->emulator, label->tracking_number));

  /* Once the courier has a parcel, it stays bought. */
  g_clear_pointer (&label, retour_carrier_label_free);
  g_clear_pointer (&request, retour_label_request_free);
  request = make_request (f->id, "R2612-0007");
  label = create_label (f, request, &error);
  g_assert_no_error (error);
  retour_carrier_emulator_advance (f->emulator, RETOUR_CARRIER_EMULATOR_FIRST_SCAN_S);
  retour_carrier_cancel_label_async (f->carrier, label, NULL, on_done, f);
  done = retour_carrier_cancel_label_finish (f->carrier, wait_result (f), &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_CANNOT_CANCEL);
  g_assert_false (done);
}

static void
test_lost_answer (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(RetourLabelRequest) request = make_request (f->id, "R2612-0008");
  g_autoptr(RetourCarrierLabel) label = NULL;
  g_autoptr(RetourCarrierLabel) found = NULL;
  g_autoptr(GError) error = NULL;

  retour_carrier_emulator_add_fault (f->emulator, f->id, "lost", &error);
  g_assert_no_error (error);
  label = create_label (f, request, &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  /* Bought all the same. */
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 1);

  if (!retour_carrier_can_find_label (f->carrier))
    return;

  retour_carrier_find_label_async (f->carrier, "R2612-0008", NULL, on_done, f);
  found = retour_carrier_find_label_finish (f->carrier, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_nonnull (found->pdf);
  g_assert_cmpstr (retour_carrier_guess_from_tracking (found->tracking_number), ==, f->id);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 1);
  g_clear_pointer (&found, retour_carrier_label_free);

  retour_carrier_find_label_async (f->carrier, "R2612-9999", NULL, on_done, f);
  found = retour_carrier_find_label_finish (f->carrier, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_dhl_spacing (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *number = retour_carrier_emulator_add_parcel (f->emulator, "dhl");
  g_autoptr(GError) error = NULL;
  RetourTracking *tracking;

  /* DHL answers a call sooner than its spacing with 429: the connector
   * waits and gets its answer. */
  retour_carrier_emulator_set_dhl_spacing (f->emulator, 500);
  tracking = track (f, number, &error);
  g_assert_no_error (error);
  retour_tracking_free (tracking);
  tracking = track (f, number, &error);
  g_assert_no_error (error);
  retour_tracking_free (tracking);
  g_assert_cmpuint (retour_carrier_emulator_get_requests (f->emulator, "dhl"), ==, 3);
}

/* The keys are tried without buying anything. */
static void
test_connection (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(RetourCarrierAccount) account = emulator_account (f->emulator, f->id);
  g_autoptr(GError) error = NULL;
  gboolean works;

  retour_carrier_test_async (f->carrier, NULL, on_done, f);
  works = retour_carrier_test_finish (f->carrier, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (works);

  g_clear_object (&f->carrier);
  g_free (account->key);
  account->key = g_strdup ("wrong-key");
  g_free (account->secret);
  account->secret = g_strdup ("wrong-secret");
  f->carrier = retour_carrier_new (f->http, account, &error);
  g_assert_no_error (error);
  retour_carrier_test_async (f->carrier, NULL, on_done, f);
  works = retour_carrier_test_finish (f->carrier, wait_result (f), &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_UNAUTHORIZED);
  g_assert_false (works);
  g_assert_cmpuint (retour_carrier_emulator_get_labels (f->emulator, f->id), ==, 0);
}

static void
test_address_lines (void)
{
  static const struct { const char *line; const char *street; const char *number; } cases[] = {
    { "Hoofdstraat 12", "Hoofdstraat", "12" },
    { "Hoofdstraat 12 a", "Hoofdstraat", "12 a" },
    { "Hoofdstraat 12a", "Hoofdstraat", "12a" },
    { "12 rue de la Paix", "rue de la Paix", "12" },
    { "ul. Długa 5/7", "ul. Długa", "5/7" },
    { "Straße des 17. Juni 135", "Straße des 17. Juni", "135" },
    { "Le Moulin", "Le Moulin", NULL },
    { "  Kanaalweg   4  ", "Kanaalweg", "4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RetourCarrierAddress) address = retour_carrier_address_new ();

      retour_carrier_address_set_line (address, cases[i].line);
      g_assert_cmpstr (address->street, ==, cases[i].street);
      g_assert_cmpstr (address->house_number, ==, cases[i].number);
    }
}

static void
test_guess_carrier (void)
{
  static const struct { const char *number; const char *carrier; } cases[] = {
    { "3SDEVC272730803", "postnl" },
    { "3sdevc272730803", "postnl" },
    { "520000000000000000000009", "inpost" },
    { "003404341610940425", NULL },
    { "00340434161094042557", "dhl" },
    { "340434161094", "dhl" },
    { "8R00000001234", "colissimo" },
    { "6A12345678901", "colissimo" },
    { "CB123456789FR", "colissimo" },
    { "CB123456789NL", NULL },
    { "1Z999AA10123456784", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (retour_carrier_guess_from_tracking (cases[i].number), ==, cases[i].carrier);
}

static void
test_account_checks (void)
{
  g_autoptr(RetourHttp) http = retour_http_new ();
  g_autoptr(RetourCarrierAccount) account = retour_carrier_account_new ("postnl");
  g_autoptr(RetourCarrier) carrier = NULL;
  g_autoptr(GError) error = NULL;

  carrier = retour_carrier_new (http, account, &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_CREDENTIALS);
  g_clear_error (&error);

  account->key = g_strdup ("key");
  carrier = retour_carrier_new (http, account, &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_NOT_SET_UP);
  g_clear_error (&error);

  /* Keys never go out in the clear. */
  account->account = g_strdup ("1");
  account->code = g_strdup ("ABCD");
  account->base_url = g_strdup ("http://carrier.example.com");
  carrier = retour_carrier_new (http, account, &error);
  g_assert_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INSECURE);
  g_clear_error (&error);

  g_free (account->carrier);
  account->carrier = g_strdup ("ups");
  carrier = retour_carrier_new (http, account, &error);
  g_assert_error (error, RETOUR_CARRIER_ERROR, RETOUR_CARRIER_ERROR_UNKNOWN_CARRIER);
}

static void
add_carrier_tests (const char *id)
{
  static const struct { const char *name; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "label-at-limit", test_label_at_limit },
    { "label-over-limit", test_label_over_limit },
    { "emulator-refuses-reference", test_emulator_refuses_reference },
    { "wrong-keys", test_wrong_keys },
    { "throttled", test_throttled },
    { "server-error", test_server_error },
    { "refused-field", test_refused_field },
    { "tracking", test_tracking },
    { "tracking-exception", test_tracking_exception },
    { "cancel", test_cancel },
    { "lost-answer", test_lost_answer },
    { "connection", test_connection },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/carrier/%s/%s", id, tests[i].name);

      g_test_add (path, Fixture, id, fixture_set_up, tests[i].func, fixture_tear_down);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_carrier_tests ("postnl");
  add_carrier_tests ("dhl");
  add_carrier_tests ("inpost");
  add_carrier_tests ("colissimo");
  g_test_add ("/carrier/dhl/spacing", Fixture, "dhl", fixture_set_up, test_dhl_spacing, fixture_tear_down);
  g_test_add_func ("/carrier/address-lines", test_address_lines);
  g_test_add_func ("/carrier/guess-carrier", test_guess_carrier);
  g_test_add_func ("/carrier/account-checks", test_account_checks);

  return g_test_run ();
}
