/* retour-pdf-file.c — saving a PDF the app made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A label or a document of the law names a customer: it is written mode
 * 0600, to a temporary file beside the chosen one that takes its name
 * only once complete (g_file_set_contents_full() for a local file, which
 * removes the temporary file when it fails; g_file_replace_contents()
 * for another), on a worker thread so that a slow disk does not stop the
 * window.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-pdf-file.h"
#include "retour-toast.h"

typedef struct
{
  RetourPdfFileChosen  chosen;
  GWeakRef             owner;
  gboolean             done;
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_weak_ref_clear (&choice->owner);
  g_free (choice);
}

/* The dialog kept itself alive until answered or until its window went. */
static void
finish (GtkNativeDialog *chooser,
        Choice          *choice)
{
  if (choice->done)
    return;

  choice->done = TRUE;
  g_object_unref (chooser);
}

static void
response_cb (GtkNativeDialog *chooser,
             int              response,
             Choice          *choice)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&choice->owner);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && owner != NULL && !choice->done)
    choice->chosen (owner, file);

  finish (chooser, choice);
}

static void
parent_destroyed_cb (GtkNativeDialog *chooser)
{
  gtk_native_dialog_destroy (chooser);
  finish (chooser, g_object_get_data (G_OBJECT (chooser), "retour-choice"));
}

void
retour_pdf_file_choose (GtkWindow           *parent,
                        const char          *title,
                        const char          *name,
                        RetourPdfFileChosen  chosen,
                        GObject             *owner)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  Choice *choice;

  g_return_if_fail (title != NULL && name != NULL && chosen != NULL);
  g_return_if_fail (G_IS_OBJECT (owner));

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  choice = g_new0 (Choice, 1);
  choice->chosen = chosen;
  g_weak_ref_init (&choice->owner, owner);
  g_object_set_data_full (G_OBJECT (chooser), "retour-choice", choice, choice_free);
  g_signal_connect (chooser, "response", G_CALLBACK (response_cb), choice);
  /* Closing the window closes the question about it. */
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), chooser, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

char *
retour_pdf_file_describe_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    return g_strdup (_("The document was not saved: the disk is full. Free some space or choose another place."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
      g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ROFS))
    return g_strdup (_("The document was not saved: that folder cannot be written to. Choose another folder."));

  /* Translators: %s is the reason, as the system gave it. */
  return g_strdup_printf (_("The document was not saved: %s"), error->message);
}

/* Writing ------------------------------------------------------------------- */

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *file = source;
  GBytes *pdf = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  gboolean written;

  if (path != NULL)
    written = g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                                        G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  else
    written = g_file_replace_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION | G_FILE_CREATE_PRIVATE, NULL,
                                       cancellable, &error);

  if (written)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
open_cb (AdwToast *toast,
         gpointer  user_data)
{
  const char *uri = user_data;
  GtkWidget *overlay = g_object_get_data (G_OBJECT (toast), "retour-overlay");
  GtkRoot *root = overlay != NULL ? gtk_widget_get_root (overlay) : NULL;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdwToastOverlay) overlay = user_data;
  g_autoptr(GError) error = NULL;
  const char *done = g_object_get_data (G_OBJECT (result), "retour-done");
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = retour_pdf_file_describe_error (error);

      adw_toast_overlay_add_toast (overlay, retour_toast_new (message, RETOUR_TOAST_STAYS));
      return;
    }

  toast = retour_toast_new (done, RETOUR_TOAST_BRIEF);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data (G_OBJECT (toast), "retour-overlay", overlay);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_cb),
                         g_file_get_uri (G_FILE (source)), (GClosureNotify) G_CALLBACK (g_free), 0);
  adw_toast_overlay_add_toast (overlay, toast);
}

void
retour_pdf_file_write (AdwToastOverlay *overlay,
                       GFile           *file,
                       GBytes          *pdf,
                       const char      *done)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (pdf != NULL && done != NULL);

  task = g_task_new (file, NULL, write_done_cb, g_object_ref (overlay));
  g_task_set_source_tag (task, retour_pdf_file_write);
  g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "retour-done", g_strdup (done), g_free);
  g_task_run_in_thread (task, write_thread);
}
