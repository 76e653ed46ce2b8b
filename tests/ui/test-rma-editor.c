/* test-rma-editor.c — one open return in the editor, as a shop owner sees
 * it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor fits a phone-wide window (360 px) in every status a return
 * can have; it asks before a step that cannot be undone, and a finished
 * return's resolution and refund can no longer be changed; it shows the
 * address the parcel comes from. Needs a display (the suite runs under
 * Xvfb); without one the program reports itself skipped.
 */
#define G_LOG_DOMAIN "test-rma-editor"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "retour-catalog-store.h"
#include "retour-customer-window.h"
#include "retour-demo.h"
#include "retour-i18n.h"
#include "retour-law-documents-data.h"
#include "retour-message-store.h"
#include "retour-messages-window.h"
#include "retour-returns-page.h"
#include "retour-rights-section.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-window.h"
#include "retour-ui-test.h"

/* The narrowest window the editor must fit: a phone. */
#define PHONE_WIDTH 360

static RetourApplication *app;

typedef struct
{
  UiTestShop      shop;
  RetourDatabase *db;
  RetourWindow   *window;
  RetourRmaEditor *editor;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RetourDemoOptions options = { .n_rmas = 120, .seed = 5, .now_us = g_get_real_time () };

  ui_test_shop_set_up (&fixture->shop, data);
  fixture->db = retour_database_open (fixture->shop.path, &error);
  g_assert_no_error (error);
  retour_demo_generate (fixture->db, &options, NULL, &error);
  g_assert_no_error (error);

  fixture->window = ui_test_open_window (app, fixture->shop.path);
  fixture->editor = retour_returns_page_get_editor (retour_window_get_returns_page (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_close_window (fixture->window);
  g_clear_object (&fixture->db);
  ui_test_shop_tear_down (&fixture->shop, data);
}

/* The first return of the demo shop with @status, or 0. */
static gint64
find_return (Fixture         *fixture,
             RetourRmaStatus  status)
{
  for (gint64 id = 1;; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, id, &error);

      if (rma == NULL)
        {
          g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND);
          return 0;
        }
      if (rma->status == status)
        return id;
    }
}

static RetourRmaStatus
stored_status (Fixture *fixture,
               gint64   rma_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, rma_id, &error);

  g_assert_no_error (error);

  return rma->status;
}

/* The editor's error bar's message. */
static gboolean
match_error_message (GtkWidget     *widget,
                     gconstpointer  data)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return GTK_IS_LABEL (widget) && parent != NULL && gtk_widget_has_css_class (parent, "error-bar");
}

/* Runs the editor's @key step and waits until it is stored; says what the
 * editor said if it is not. */
static void
step (Fixture         *fixture,
      gint64           rma_id,
      RetourRmaStatus  to)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.transition", "s",
                                             retour_rma_status_to_key (to)));
  while (stored_status (fixture, rma_id) != to && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (stored_status (fixture, rma_id) != to)
    {
      GtkWidget *bar = find_widget (GTK_WIDGET (fixture->editor), match_error_message, NULL);

      g_error ("The step to %s was not taken: %s", retour_rma_status_to_key (to),
               bar != NULL ? gtk_label_get_text (GTK_LABEL (bar)) : "?");
    }
  ui_test_settle (50);
}

/* A requested return authorized in full, behind the window's back. */
static gint64
authorize_one (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, find_return (fixture, RETOUR_RMA_STATUS_REQUESTED),
                                                    &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      line->qty_authorized = line->qty_requested;
    }
  retour_rma_store_transition (fixture->db, rma, RETOUR_RMA_STATUS_AUTHORIZED, "Tester", NULL,
                               g_get_real_time (), &error);
  g_assert_no_error (error);

  return rma->id;
}

static void
open_return (Fixture *fixture,
             gint64   rma_id)
{
  retour_window_show_rma (fixture->window, rma_id, NULL);
  WAIT_UNTIL (retour_rma_editor_get_rma_id (fixture->editor) == rma_id);
  ui_test_settle (50);
}

/* The editor's own wording, in the language of the run. */
static const char *
T (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

static char *
T_plain (const char *msgid)
{
  return strip_mnemonic (T (msgid));
}

/* Whether the resolution, the refund method and the refund override can
 * be changed; they are all one way or the other. */
static gboolean
settlement_sensitive (Fixture *fixture)
{
  GtkWidget *editor = GTK_WIDGET (fixture->editor);
  GtkWidget *resolution = require (editor, match_combo_row, T ("Resolution"));
  GtkWidget *method = require (editor, match_combo_row, T ("Refund Method"));
  GtkWidget *override = require (editor, match_row, T ("Override the Refund"));
  gboolean sensitive = gtk_widget_is_sensitive (resolution);

  g_assert_cmpint (gtk_widget_is_sensitive (method), ==, sensitive);
  g_assert_cmpint (gtk_widget_is_sensitive (override), ==, sensitive);

  return sensitive;
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);

  return ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* The cases ----------------------------------------------------------------- */

/* Every status the demo shop has: the editor, steps included, is never
 * wider than a phone. */
static void
test_editor_fits_phone (Fixture       *fixture,
                        gconstpointer  data)
{
  guint n_seen = 0;

  for (RetourRmaStatus status = 0; status < RETOUR_RMA_N_STATUSES; status++)
    {
      gint64 rma_id = find_return (fixture, status);
      int minimum = 0;

      if (rma_id == 0)
        continue;

      open_return (fixture, rma_id);
      gtk_widget_measure (GTK_WIDGET (fixture->editor), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_test_message ("%s (%s): the editor needs %d px", retour_rma_status_to_key (status),
                      retour_rma_status_get_label (status), minimum);
      g_assert_cmpint (minimum, <=, PHONE_WIDTH);
      n_seen++;
    }

  /* Forward steps, the label and the other steps all came up. */
  g_assert_cmpuint (n_seen, >=, 6);

  /* For people to look at (RETOUR_SCREENSHOTS=DIR): the whole return,
   * every section, in a window as narrow as a phone and tall enough. */
  if (g_getenv ("RETOUR_SCREENSHOTS") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), PHONE_WIDTH, 3000);
      for (RetourRmaStatus status = 0; status < RETOUR_RMA_N_STATUSES; status++)
        {
          gint64 rma_id = find_return (fixture, status);
          g_autofree char *name = g_strdup_printf ("editor-360-%s.png", retour_rma_status_to_key (status));

          if (rma_id == 0)
            continue;
          open_return (fixture, rma_id);
          ui_test_settle (300);
          ui_test_save_png (fixture->window, name);
        }
    }
}

/* Cancelling is asked first, naming the return: Keep Return leaves it
 * as it was; once cancelled, how it was settled can no longer be changed. */
static void
test_editor_cancel_asks (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 rma_id = authorize_one (fixture);
  g_autofree char *keep = T_plain ("_Keep Return");
  g_autofree char *cancel = T_plain ("_Cancel Return");
  g_autofree char *number = NULL;
  AdwMessageDialog *dialog;

  g_assert_cmpint (rma_id, >, 0);
  /* Authorized, with a number and a label the customer may have. */
  open_return (fixture, rma_id);
  {
    g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, rma_id, NULL);

    number = retour_rma_number_display (rma->number);
  }
  g_assert_true (settlement_sensitive (fixture));

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.transition", "s", "cancelled");
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), number));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "back");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "confirm"), ==, ADW_RESPONSE_DESTRUCTIVE);
  /* It had a label: that is said to be no longer valid. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            T ("The return label can no longer be printed or sent, and a parcel that arrives "
                               "with it is not expected back.")));

  ui_test_settle (200);
  ui_test_save_png (dialog, "cancel-dialog.png");
  click_button (dialog, keep);
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  ui_test_settle (50);
  g_assert_cmpint (stored_status (fixture, rma_id), ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_true (settlement_sensitive (fixture));

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.transition", "s", "cancelled");
  dialog = wait_for_message_dialog ();
  click_button (dialog, cancel);
  WAIT_UNTIL (stored_status (fixture, rma_id) == RETOUR_RMA_STATUS_CANCELLED);
  ui_test_settle (50);
  g_assert_false (settlement_sensitive (fixture));

  /* As it is when it is opened again later. */
  open_return (fixture, find_return (fixture, RETOUR_RMA_STATUS_RECEIVED));
  open_return (fixture, rma_id);
  g_assert_false (settlement_sensitive (fixture));
}

/* Rejecting is asked too; closing is not. */
static void
test_editor_reject_asks (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 rma_id = find_return (fixture, RETOUR_RMA_STATUS_REQUESTED);
  g_autofree char *reject = T_plain ("_Reject Return");
  AdwMessageDialog *dialog;

  g_assert_cmpint (rma_id, >, 0);
  open_return (fixture, rma_id);

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.transition", "s", "rejected");
  dialog = wait_for_message_dialog ();
  /* Closing the dialog is the same as going back. */
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  ui_test_settle (50);
  g_assert_cmpint (stored_status (fixture, rma_id), ==, RETOUR_RMA_STATUS_REQUESTED);

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.transition", "s", "rejected");
  dialog = wait_for_message_dialog ();
  click_button (dialog, reject);
  WAIT_UNTIL (stored_status (fixture, rma_id) == RETOUR_RMA_STATUS_REJECTED);
  ui_test_settle (50);
  g_assert_false (settlement_sensitive (fixture));

  /* Closing, the way a return normally ends, is not asked. */
  rma_id = find_return (fixture, RETOUR_RMA_STATUS_RESOLVED);
  open_return (fixture, rma_id);
  step (fixture, rma_id, RETOUR_RMA_STATUS_CLOSED);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* The address the parcel comes from, the order's shipping address, on
 * lines of its own as the label prints it, and selectable to copy. */
static void
test_editor_shows_address (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 rma_id = find_return (fixture, RETOUR_RMA_STATUS_IN_TRANSIT);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, rma_id, &error);
  g_autoptr(RetourOrder) order = NULL;
  GtkWidget *label;

  g_assert_no_error (error);
  order = retour_catalog_store_load_order (fixture->db, rma->order_id, &error);
  g_assert_no_error (error);
  /* The order went elsewhere than the customer lives. */
  g_free (order->ship_name);
  order->ship_name = g_strdup ("Marta Nowak");
  g_free (order->ship_address1);
  order->ship_address1 = g_strdup ("ul. Długa 5 m. 12");
  g_free (order->ship_postcode);
  order->ship_postcode = g_strdup ("00-238");
  g_free (order->ship_city);
  order->ship_city = g_strdup ("Warszawa");
  g_free (order->ship_country);
  order->ship_country = g_strdup ("pl");
  retour_catalog_store_upsert_order (fixture->db, order, &error);
  g_assert_no_error (error);

  open_return (fixture, rma_id);
  label = require (fixture->editor, match_label_containing, "ul. Długa 5 m. 12");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Marta Nowak\nul. Długa 5 m. 12\n00-238 Warszawa\nPL");
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
}

/* The customer's row opens their page: their orders, returns and refunds,
 * and what staff may not do with a high return rate. */
static void
test_editor_customer_page (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 rma_id = find_return (fixture, RETOUR_RMA_STATUS_IN_TRANSIT);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, rma_id, &error);
  g_autofree char *name = NULL;
  GtkWindow *page;
  GtkWidget *row;

  g_assert_no_error (error);
  g_assert_cmpint (rma->customer_id, >, 0);
  open_return (fixture, rma_id);
  name = retour_text_for_display (rma->customer_name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  row = require (fixture->editor, match_row, name);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activated");
  WAIT_UNTIL ((page = find_toplevel (RETOUR_TYPE_CUSTOMER_WINDOW)) != NULL);
  WAIT_UNTIL (find_widget (GTK_WIDGET (page), match_label_containing,
                           T ("For staff only. A statutory withdrawal cannot be refused because of a high return "
                              "rate: use it to decide what to look at first, and what to offer beyond the law.")) != NULL);
  ui_test_close_window (page);
}

/* What the customer was told opens from the history, exactly as sent. */
static void
test_editor_messages (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 rma_id = find_return (fixture, RETOUR_RMA_STATUS_AUTHORIZED);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  const RetourMessage *message;
  g_autofree char *label = NULL;
  GtkWindow *window;
  GtkWidget *button;

  g_assert_true (retour_message_store_set_channel (fixture->db, RETOUR_MESSAGE_STEP_APPROVED,
                                                   RETOUR_MESSAGE_CHANNEL_SMTP, &error));
  g_assert_true (retour_message_store_queue (fixture->db, rma_id, RETOUR_MESSAGE_STEP_APPROVED, g_get_real_time (),
                                             &error));
  g_assert_no_error (error);
  messages = retour_message_store_list (fixture->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);

  open_return (fixture, rma_id);
  label = T_plain ("_Messages…");
  button = require (fixture->editor, match_button, label);
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  WAIT_UNTIL ((window = find_toplevel (RETOUR_TYPE_MESSAGES_WINDOW)) != NULL);
  ui_test_settle (200);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), match_label, message->body));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), match_label, message->subject));
  ui_test_save_png (window, "messages-window.png");
  ui_test_close_window (window);
}

static gboolean
match_subtitle (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "subtitle") &&
         gtk_widget_get_mapped (widget);
}

/* Beside Record Refund…, in a window as narrow as a phone, the refund's
 * explanation still reads as lines of words, not a word per line. */
static void
test_editor_refund_explained (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *record = T_plain ("_Record Refund…");
  GtkWidget *button = NULL;
  GtkWidget *row;
  GtkWidget *subtitle;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), PHONE_WIDTH, 900);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == PHONE_WIDTH);

  /* A return settled with a refund not paid yet. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, find_return (fixture, RETOUR_RMA_STATUS_INSPECTED),
                                                      &error);

    g_assert_no_error (error);
    rma->resolution = RETOUR_RESOLUTION_REFUND;
    rma->refund_method = RETOUR_REFUND_METHOD_BANK_TRANSFER;
    /* Whatever the policy would say of the demo's items. */
    rma->refund_overridden = TRUE;
    rma->refund = retour_money_init (4990, rma->refund.currency);
    rma->override_note = g_strdup ("Goodwill: the parcel was a week late and the customer had to chase us twice");
    retour_rma_store_transition (fixture->db, rma, RETOUR_RMA_STATUS_RESOLVED, "Tester", NULL,
                                 g_get_real_time (), &error);
    g_assert_no_error (error);
    g_assert_cmpint (rma->refund.minor, >, 0);
    open_return (fixture, rma->id);
  }
  button = require (fixture->editor, match_button, record);
  WAIT_UNTIL (gtk_widget_get_mapped (button));

  ui_test_settle (100);
  row = require (fixture->editor, match_row, T ("Refund"));
  subtitle = require (row, match_subtitle, "the refund's explanation");
  g_test_message ("At %d px the explanation is %d px wide: %s", gtk_widget_get_width (GTK_WIDGET (fixture->window)),
                  gtk_widget_get_width (subtitle), gtk_label_get_text (GTK_LABEL (subtitle)));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpint (gtk_widget_get_width (subtitle), >=, 160);
  if (g_getenv ("RETOUR_SCREENSHOTS") != NULL)
    {
      /* Tall enough to show the whole return. */
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), PHONE_WIDTH, 3000);
      ui_test_settle (300);
      ui_test_save_png (fixture->window, "editor-360-record-refund.png");
    }
}


/* The first return of the demo shop that @match takes, or 0. */
static gint64
find_return_where (Fixture  *fixture,
                   gboolean (*match) (const RetourRma *rma))
{
  for (gint64 id = 1;; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRma) rma = retour_rma_store_load (fixture->db, id, &error);

      if (rma == NULL)
        return 0;
      if (match (rma))
        return id;
    }
}

static gboolean
is_withdrawal_noticed (const RetourRma *rma)
{
  return rma->declared_us != 0 && retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL) &&
         !retour_rma_has_claim (rma, RETOUR_CLAIM_CONFORMITY);
}

static gboolean
is_conformity (const RetourRma *rma)
{
  return retour_rma_has_claim (rma, RETOUR_CLAIM_CONFORMITY);
}

static gboolean
row_sensitive (Fixture    *fixture,
               const char *title)
{
  GtkWidget *row = require (fixture->editor, match_row, T (title));

  return gtk_widget_is_sensitive (row);
}

/* What a PDF says, all pages. */
static char *
pdf_text (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
      g_object_unref (page);
    }
  g_object_unref (document);

  return g_string_free (text, FALSE);
}

/* Writes @document of the open return to @name in @dir and waits for it:
 * a PDF only its owner may read. */
static char *
write_document (Fixture           *fixture,
                const char        *dir,
                RetourLawDocument  document,
                const char        *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GStatBuf st;

  retour_rma_editor_write_document (fixture->editor, document, file);
  WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  return pdf_text (file);
}

/* The law's documents: each offered when it applies, saved as a private
 * PDF in the customer's language, and a failure says so and leaves no
 * file. */
static void
test_editor_documents (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct
  {
    const char *language;
    const char *title;
  } titles[] = {
    { "nl", "Modelformulier voor herroeping" },
    { "fr", "Modèle de formulaire de rétractation" },
    { "de", "Muster-Widerrufsformular" },
    { "pl", "Wzór formularza odstąpienia od umowy" },
  };
  const char *form = "Model Withdrawal Form…";
  const char *acknowledgement = "Withdrawal Acknowledgement…";
  const char *repair = "Repair or Replacement Notice…";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("retour-test-documents-XXXXXX", &error);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourLawDocumentData) expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;
  g_autofree char *missing = NULL;
  gint64 noticed = find_return_where (fixture, is_withdrawal_noticed);
  gint64 conformity = find_return_where (fixture, is_conformity);
  const char *title = "Model withdrawal form";

  g_assert_no_error (error);
  g_assert_cmpint (noticed, >, 0);
  g_assert_cmpint (conformity, >, 0);

  /* A withdrawal: an acknowledgement only while a notice is recorded,
   * as the form says; no repair notice. */
  open_return (fixture, noticed);
  g_assert_true (row_sensitive (fixture, form));
  g_assert_true (row_sensitive (fixture, acknowledgement));
  g_assert_false (row_sensitive (fixture, repair));
  {
    AdwComboRow *notice = ADW_COMBO_ROW (require (fixture->editor, match_combo_row, T ("Notice of Withdrawal")));
    guint via = adw_combo_row_get_selected (notice);

    adw_combo_row_set_selected (notice, RETOUR_DECLARATION_NONE);
    g_assert_false (row_sensitive (fixture, acknowledgement));
    adw_combo_row_set_selected (notice, via);
    g_assert_true (row_sensitive (fixture, acknowledgement));
    gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.save", NULL);
    g_assert_false (retour_rma_editor_is_dirty (fixture->editor));
  }

  /* Under the legal guarantee: the repair notice. */
  open_return (fixture, conformity);
  g_assert_true (row_sensitive (fixture, repair));
  text = write_document (fixture, dir, RETOUR_LAW_DOCUMENT_REPAIR_NOTICE, "repair.pdf");
  {
    g_autoptr(RetourRma) stored = retour_rma_store_load (fixture->db, conformity, &error);
    g_autoptr(RetourLawDocumentData) notice = NULL;

    g_assert_no_error (error);
    notice = retour_law_document_data_load (fixture->db, stored, RETOUR_LAW_DOCUMENT_REPAIR_NOTICE,
                                            g_get_real_time (), NULL, &error);
    g_assert_no_error (error);
    /* The guarantee's end is printed, whatever way the language writes
     * a date. */
    if (g_date_valid (&notice->guarantee_until))
      {
        g_autofree char *year = g_strdup_printf ("%u", g_date_get_year (&notice->guarantee_until));

        g_assert_nonnull (strstr (text, year));
      }
  }
  g_clear_pointer (&text, g_free);

  /* The withdrawal's documents, in the customer's language. */
  open_return (fixture, noticed);
  g_assert_true (row_sensitive (fixture, acknowledgement));
  rma = retour_rma_store_load (fixture->db, noticed, &error);
  g_assert_no_error (error);
  expected = retour_law_document_data_load (fixture->db, rma, RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM,
                                            g_get_real_time (), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (expected->language, titles[i].language) == 0)
      title = titles[i].title;
  g_test_message ("The customer reads %s", expected->language != NULL ? expected->language : "English");
  text = write_document (fixture, dir, RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM, "form.pdf");
  g_assert_nonnull (strstr (text, title));
  g_clear_pointer (&text, g_free);

  number = retour_rma_number_display (rma->number);
  text = write_document (fixture, dir, RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT, "acknowledgement.pdf");
  g_assert_nonnull (strstr (text, number));

  /* A folder that is not there: said in a toast, and no file. */
  missing = g_build_filename (dir, "gone", "form.pdf", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (missing);

    retour_rma_editor_write_document (fixture->editor, RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM, file);
  }
  {
    const char *format = T ("The document was not saved: %s");
    g_autofree char *said = g_strndup (format, strcspn (format, "%"));

    WAIT_UNTIL (find_widget (GTK_WIDGET (fixture->window), match_label_containing, said) != NULL);
  }
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "repair.pdf", "form.pdf", "acknowledgement.pdf" };
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
is_authorized_withdrawal (const RetourRma *rma)
{
  return rma->status == RETOUR_RMA_STATUS_AUTHORIZED && rma->declared_us != 0 &&
         retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL);
}

/* The customer's rights: the law's dates for the return shown, the day
 * of receipt typed in (a typo stays in the field and is said, not
 * saved), the customer's agreement to credit, all in the history. */
static void
test_editor_rights (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 rma_id = find_return_where (fixture, is_authorized_withdrawal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) received = g_date_time_add_days (now, -3);
  g_autofree char *day = g_date_time_format (received, "%Y-%m-%d");
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *possession;
  GtkWidget *bar;
  GtkWidget *rights;
  GtkWidget *consent;

  g_assert_cmpint (rma_id, >, 0);
  open_return (fixture, rma_id);
  require (fixture->editor, match_label_containing, T ("The Customer’s Rights"));
  require (fixture->editor, match_label_containing, g_dpgettext2 (GETTEXT_PACKAGE, "claim", "Withdrawal"));

  possession = require (fixture->editor, match_entry_row, T ("Day Received (YYYY-MM-DD)"));
  gtk_editable_set_text (GTK_EDITABLE (possession), "2026-13-45");
  g_assert_true (gtk_widget_has_css_class (possession, "error"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.save", NULL);
  ui_test_settle (100);
  bar = require (fixture->editor, match_error_message, NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (bar)), T ("Type dates as year-month-day, for example 2026-03-05.")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (possession)), ==, "2026-13-45");

  gtk_editable_set_text (GTK_EDITABLE (possession), day);
  g_assert_false (gtk_widget_has_css_class (possession, "error"));
  /* The dates follow as it is typed: received three days ago. */
  {
    GDate shown;
    char text[64];

    g_date_clear (&shown, 1);
    g_date_set_dmy (&shown, g_date_time_get_day_of_month (received), g_date_time_get_month (received),
                    g_date_time_get_year (received));
    g_date_strftime (text, sizeof text, "%x", &shown);
    require (fixture->editor, match_label_containing, text);
  }

  rights = find_widget (GTK_WIDGET (fixture->editor), match_type, GSIZE_TO_POINTER (RETOUR_TYPE_RIGHTS_SECTION));
  g_assert_nonnull (rights);
  consent = find_widget (rights, match_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_nonnull (consent);
  gtk_switch_set_active (GTK_SWITCH (consent), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.save", NULL);
  ui_test_settle (200);

  stored = retour_rma_store_load (fixture->db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_true (stored->possession_entered);
  g_assert_true (stored->consent_alternative);
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (stored->possession_us / G_USEC_PER_SEC);
    g_autoptr(GTimeZone) tz = retour_law_country_time_zone (stored->country);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
    g_autofree char *stored_day = g_date_time_format (local, "%Y-%m-%d");

    g_assert_cmpstr (stored_day, ==, day);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* In the language of the run, from the build tree's translations. */
  retour_i18n_init ();
  app = ui_test_init_application (&argc, &argv, "the editor tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/rma-editor/fits-phone", Fixture, NULL,
              fixture_set_up, test_editor_fits_phone, fixture_tear_down);

  g_test_add ("/ui/rma-editor/cancel-asks", Fixture, NULL,
              fixture_set_up, test_editor_cancel_asks, fixture_tear_down);
  g_test_add ("/ui/rma-editor/reject-asks", Fixture, NULL,
              fixture_set_up, test_editor_reject_asks, fixture_tear_down);

  g_test_add ("/ui/rma-editor/shows-address", Fixture, NULL,
              fixture_set_up, test_editor_shows_address, fixture_tear_down);

  g_test_add ("/ui/rma-editor/customer-page", Fixture, NULL,
              fixture_set_up, test_editor_customer_page, fixture_tear_down);
  g_test_add ("/ui/rma-editor/messages", Fixture, NULL,
              fixture_set_up, test_editor_messages, fixture_tear_down);
  g_test_add ("/ui/rma-editor/rights", Fixture, NULL,
              fixture_set_up, test_editor_rights, fixture_tear_down);
  g_test_add ("/ui/rma-editor/refund-explained", Fixture, NULL,
              fixture_set_up, test_editor_refund_explained, fixture_tear_down);

  g_test_add ("/ui/rma-editor/documents", Fixture, NULL,
              fixture_set_up, test_editor_documents, fixture_tear_down);

  ret = ui_test_run (&app);

  return ret;
}
