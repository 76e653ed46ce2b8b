/* test-label-dialog.c — the label dialog on a demo shop's return.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the dialog the way the returns desk does, and checks what a person
 * would see: the preview shows the stored label at the paper's size, the
 * format switch shows the other paper, and nothing is left unrecorded.
 * Needs a display (the suite runs under Xvfb); without one it reports
 * itself skipped.
 */
#define G_LOG_DOMAIN "test-label-dialog"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "retour-catalog-store.h"
#include "retour-demo.h"
#include "retour-label-dialog.h"
#include "retour-label-layout.h"
#include "retour-label-store.h"
#include "retour-label-view.h"
#include "retour-rma-store.h"
#include "retour-ui-test.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)

static gboolean
match_view (GtkWidget *widget)
{
  return RETOUR_IS_LABEL_VIEW (widget);
}

static GtkWidget *
find_view (GtkWidget *root)
{
  if (match_view (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static RetourLabelDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (RETOUR_IS_LABEL_DIALOG (window))
        return RETOUR_LABEL_DIALOG (window);
    }

  return NULL;
}

static void
wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Mapped, and given its size. */
  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
}

/* The preview shows a label of @n_pages pages on @format paper. */
static void
assert_pages (RetourLabelView   *view,
              RetourLabelFormat  format,
              int                n_pages)
{
  PopplerDocument *document = retour_label_view_get_document (view);
  PopplerPage *page;
  double width, height, expected_width, expected_height;

  g_assert_nonnull (document);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, n_pages);
  g_assert_cmpint (retour_label_view_get_n_pages (view), ==, n_pages);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &width, &height);
  retour_label_get_page_size (format, &expected_width, &expected_height);
  g_assert_cmpfloat_with_epsilon (width, expected_width, 0.01);
  g_assert_cmpfloat_with_epsilon (height, expected_height, 0.01);
  g_object_unref (page);
}

static void
assert_page_size (RetourLabelView   *view,
                  RetourLabelFormat  format)
{
  assert_pages (view, format, 1);
}

static void
count_page_cb (GtkPrintOperation *operation,
               GtkPrintContext   *context,
               int                page_nr,
               gpointer           user_data)
{
  int *drawn = user_data;

  *drawn |= 1 << page_nr;
}

/* The printout has every page of the preview: exported to a PDF file
 * (no printer in a test), each page asked for once. */
static void
assert_prints_pages (RetourLabelDialog *dialog,
                     const char        *dir,
                     int                n_pages)
{
  g_autoptr(GtkPrintOperation) operation = retour_label_dialog_create_print_operation (dialog);
  g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *printed;
  int drawn = 0;

  g_assert_nonnull (operation);
  g_signal_connect (operation, "draw-page", G_CALLBACK (count_page_cb), &drawn);
  gtk_print_operation_set_export_filename (operation, path);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_cmpint (drawn, ==, (1 << n_pages) - 1);

  printed = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (printed), ==, n_pages);
  g_object_unref (printed);
  g_unlink (path);
}

/* The return has one label, @version, on @format paper. */
static void
assert_one_version (RetourDatabase    *db,
                    gint64             rma_id,
                    guint              version,
                    RetourLabelFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = retour_label_store_list (db, rma_id, &error);
  const RetourLabel *label;

  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 1);
  label = g_ptr_array_index (labels, 0);
  g_assert_cmpuint (label->version, ==, version);
  g_assert_cmpint (label->format, ==, format);
}

static void
close_dialog (RetourLabelDialog *dialog)
{
  GtkWidget *weak = GTK_WIDGET (dialog);

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Gives the order of return @rma_id another shipping address. */
static void
move_order (RetourDatabase *db,
            gint64          rma_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourRma) rma = retour_rma_store_load (db, rma_id, &error);
  g_autoptr(RetourOrder) order = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (rma->order_id, >, 0);
  order = retour_catalog_store_load_order (db, rma->order_id, &error);
  g_assert_no_error (error);
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
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);
}

static void
test_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  RetourDemoOptions options = { .n_rmas = 200, .seed = 5, .now_us = NOW_US };
  RetourLabelDialog *dialog;
  RetourLabelView *view;
  gint64 rma_id = 0;

  dir = g_dir_make_tmp ("retour-test-label-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "shop.db", NULL);
  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);
  context = retour_context_new (db);

  /* The first return that can have a label. */
  for (gint64 id = 1; rma_id == 0; id++)
    {
      g_autoptr(RetourRma) rma = retour_rma_store_load (db, id, &error);

      g_assert_no_error (error);
      if (rma->status == RETOUR_RMA_STATUS_AUTHORIZED || rma->status == RETOUR_RMA_STATUS_IN_TRANSIT)
        rma_id = id;
    }

  retour_label_dialog_present (NULL, context, rma_id);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  wait_until_mapped (GTK_WIDGET (dialog));

  view = RETOUR_LABEL_VIEW (find_view (GTK_WIDGET (dialog)));
  g_assert_nonnull (view);
  wait_until_mapped (GTK_WIDGET (view));
  /* The demo shop prints on thermal labels. */
  g_assert_cmpint (retour_label_dialog_get_format (dialog), ==, RETOUR_LABEL_FORMAT_THERMAL);
  assert_page_size (view, RETOUR_LABEL_FORMAT_THERMAL);
  g_assert_cmpfloat (retour_label_view_get_zoom (view), ==, 0);
  g_assert_cmpfloat (retour_label_view_get_effective_zoom (view), >, 0.2);

  /* Zooming keeps the page, at the chosen size. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "label.zoom-actual", NULL);
  g_assert_cmpfloat (retour_label_view_get_zoom (view), ==, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "label.zoom-in", NULL);
  g_assert_cmpfloat (retour_label_view_get_zoom (view), >, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "label.zoom-fit", NULL);
  g_assert_cmpfloat (retour_label_view_get_zoom (view), ==, 0);

  assert_prints_pages (dialog, dir, 1);

  /* A4 has the model withdrawal form after the return form: both are
   * shown, a page at a time, and both are printed. */
  retour_label_dialog_set_format (dialog, RETOUR_LABEL_FORMAT_A4);
  assert_pages (view, RETOUR_LABEL_FORMAT_A4, 2);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (retour_label_view_get_page (view), ==, 0);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), match_label, "Page 1 of 2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "label.next-page", NULL));
  g_assert_cmpint (retour_label_view_get_page (view), ==, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), match_label, "Page 2 of 2"));
  assert_prints_pages (dialog, dir, 2);

  /* Other paper, the same label: still version 1, now on A4. */
  assert_one_version (db, rma_id, 1, RETOUR_LABEL_FORMAT_A4);
  retour_label_dialog_set_format (dialog, RETOUR_LABEL_FORMAT_THERMAL);
  assert_page_size (view, RETOUR_LABEL_FORMAT_THERMAL);
  assert_one_version (db, rma_id, 1, RETOUR_LABEL_FORMAT_THERMAL);
  close_dialog (dialog);

  /* The order went to another address: the label says something else,
   * and that is version 2, in the paper chosen. */
  move_order (db, rma_id);
  retour_label_dialog_present (NULL, context, rma_id);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  wait_until_mapped (GTK_WIDGET (dialog));
  labels = retour_label_store_list (db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 2);
  g_assert_cmpuint (((RetourLabel *) labels->pdata[0])->version, ==, 2);
  g_assert_cmpuint (((RetourLabel *) labels->pdata[1])->version, ==, 1);
  g_assert_cmpint (((RetourLabel *) labels->pdata[1])->format, ==, RETOUR_LABEL_FORMAT_THERMAL);
  close_dialog (dialog);

  g_clear_object (&context);
  g_clear_object (&db);
  {
    g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
    const char *name;

    while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

static AdwMessageDialog *
wait_for_message (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  AdwMessageDialog *message = NULL;

  while (message == NULL && g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; message == NULL && i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            message = ADW_MESSAGE_DIALOG (window);
        }
    }
  g_assert_nonnull (message);

  return message;
}

/* A stand-in xdg-email in @dir that says @says on stderr and exits with
 * @status. */
static void
write_fake_xdg_email (const char *dir,
                      const char *says,
                      int         status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "xdg-email", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho '%s' >&2\nexit %d\n", says, status);

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

/* Sends the label by e-mail with PATH set to @path; returns the message
 * dialog that says it could not be. */
static AdwMessageDialog *
email_fails (RetourLabelDialog *dialog,
             const char        *path)
{
  g_autofree char *saved = g_strdup (g_getenv ("PATH"));
  AdwMessageDialog *message;

  g_setenv ("PATH", path, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "label.email", NULL);
  g_setenv ("PATH", saved, TRUE);
  message = wait_for_message ();
  g_test_message ("%s: %s", adw_message_dialog_get_heading (message), adw_message_dialog_get_body (message));

  return message;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* No mail program: the dialog says so plainly, and offers to save the
 * PDF, which opens the file chooser. Another failure says what went
 * wrong after a sentence a person reads. */
static void
test_email_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourLabel) label = NULL;
  RetourDemoOptions options = { .n_rmas = 60, .seed = 5, .now_us = NOW_US };
  RetourLabelDialog *dialog;
  AdwMessageDialog *message;
  gint64 rma_id = 0;

  dir = g_dir_make_tmp ("retour-test-label-email-XXXXXX", &error);
  g_assert_no_error (error);
  bin = g_dir_make_tmp ("retour-test-label-bin-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "shop.db", NULL);
  db = retour_database_open (path, &error);
  g_assert_no_error (error);
  retour_demo_generate (db, &options, NULL, &error);
  g_assert_no_error (error);
  context = retour_context_new (db);
  for (gint64 id = 1; rma_id == 0; id++)
    {
      g_autoptr(RetourRma) rma = retour_rma_store_load (db, id, &error);

      g_assert_no_error (error);
      if (rma->status == RETOUR_RMA_STATUS_AUTHORIZED || rma->status == RETOUR_RMA_STATUS_IN_TRANSIT)
        rma_id = id;
    }

  retour_label_dialog_present (NULL, context, rma_id);
  dialog = find_dialog ();
  wait_until_mapped (GTK_WIDGET (dialog));

  /* No xdg-email at all. */
  message = email_fails (dialog, bin);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "No e-mail program is set up"));
  g_assert_null (strstr (adw_message_dialog_get_body (message), "Failed to execute"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (message, "save"), ==, "_Save as PDF…");
  g_assert_cmpstr (adw_message_dialog_get_default_response (message), ==, "save");
  adw_message_dialog_response (message, "save");
  gtk_window_destroy (GTK_WINDOW (message));
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    gboolean shown = FALSE;

    while (!shown && g_get_monotonic_time () < deadline)
      {
        GListModel *toplevels = gtk_window_get_toplevels ();

        g_main_context_iteration (NULL, TRUE);
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

            shown |= GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window));
          }
      }
    g_assert_true (shown);
  }

  /* xdg-email finds no mail program to use (its exit status 3). */
  write_fake_xdg_email (bin, "xdg-email: no method available for opening mailto:", 3);
  message = email_fails (dialog, bin);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "No e-mail program is set up"));
  gtk_window_destroy (GTK_WINDOW (message));

  /* Another failure: a sentence first, then the detail. */
  write_fake_xdg_email (bin, "thunderbird: profile locked", 4);
  message = email_fails (dialog, bin);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (message),
                                   "The label could not be handed to your e-mail program."));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "Details: thunderbird: profile locked"));
  gtk_window_destroy (GTK_WINDOW (message));

  /* None of these sent the label. */
  label = retour_label_store_load_newest (db, rma_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (label->sent_us, ==, 0);

  /* A mail program that takes the message: the label counts as sent. */
  write_fake_xdg_email (bin, "", 0);
  {
    g_autofree char *saved = g_strdup (g_getenv ("PATH"));
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    g_setenv ("PATH", bin, TRUE);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "label.email", NULL);
    g_setenv ("PATH", saved, TRUE);
    while (label->sent_us == 0 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_clear_pointer (&label, retour_label_free);
        label = retour_label_store_load_newest (db, rma_id, &error);
        g_assert_no_error (error);
      }
    g_assert_cmpint (label->sent_us, !=, 0);
  }

  close_dialog (dialog);
  g_clear_object (&context);
  g_clear_object (&db);
  remove_dir (dir);
  remove_dir (bin);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/ui/label-dialog/preview", test_dialog);
  g_test_add_func ("/ui/label-dialog/email-fails", test_email_fails);

  return g_test_run ();
}
