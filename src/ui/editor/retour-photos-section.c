/* retour-photos-section.c — the photos of a return, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-desk.h"
#include "retour-photos-section.h"
#include "retour-rma-store.h"

#define THUMBNAIL_SIZE 96

struct _RetourPhotosSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkStack            *photos_stack;
  GtkFlowBox          *photos_box;

  RetourContext       *context;
  gint64               rma_id;   /* 0 when none is shown */
};

static void retour_photos_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPhotosSection, retour_photos_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_photos_section_iface_init))

static RetourDatabase *
get_db (RetourPhotosSection *self)
{
  return retour_context_get_database (self->context);
}

static void
failed (RetourPhotosSection *self,
        const char          *message)
{
  retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), message);
}

static GtkWidget *
new_thumbnail (RetourPhotosSection    *self,
               const RetourAttachment *attachment)
{
  g_autoptr(RetourAttachment) loaded = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture;
  GtkWidget *remove;

  loaded = retour_rma_store_load_attachment (get_db (self), attachment->id, &error);
  if (loaded != NULL && loaded->data != NULL)
    texture = gdk_texture_new_from_bytes (loaded->data, &error);

  if (texture != NULL)
    {
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_picture_set_alternative_text (GTK_PICTURE (picture), attachment->filename);
    }
  else
    {
      /* Not an image GTK can read (or gone): the name says what it is. */
      picture = gtk_image_new_from_icon_name ("image-missing-symbolic");
      gtk_widget_set_tooltip_text (picture, error != NULL ? error->message : attachment->filename);
    }

  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_tooltip_text (overlay, attachment->filename);
  gtk_widget_add_css_class (overlay, "thumbnail");
  gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_margin_top (remove, 4);
  gtk_widget_set_margin_end (remove, 4);
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_add_css_class (remove, "osd");
  gtk_widget_set_tooltip_text (remove, _("Remove Photo"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Photo"),
                                  -1);
  /* The editor's action: it passes the id back to this section. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "editor.remove-photo");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", attachment->id);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), remove);

  return overlay;
}

static void
populate (RetourPhotosSection *self)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_box))) != NULL)
    gtk_flow_box_remove (self->photos_box, child);

  attachments = retour_rma_store_list_attachments (get_db (self), self->rma_id, &error);
  if (attachments == NULL)
    {
      failed (self, error->message);
      gtk_stack_set_visible_child_name (self->photos_stack, "none");
      return;
    }

  for (guint i = 0; i < attachments->len; i++)
    gtk_flow_box_append (self->photos_box, new_thumbnail (self, g_ptr_array_index (attachments, i)));

  gtk_stack_set_visible_child_name (self->photos_stack, attachments->len > 0 ? "photos" : "none");
}

/* Writing ------------------------------------------------------------------- */

static gboolean
write_attachment (RetourPhotosSection  *self,
                  RetourAttachment     *attachment,
                  GError              **error)
{
  return retour_desk_add_attachment (self->context, attachment, error);
}

static gboolean
delete_attachment (RetourPhotosSection  *self,
                   gint64                attachment_id,
                   GError              **error)
{
  return retour_desk_remove_attachment (self->context, attachment_id, error);
}

void
retour_photos_section_remove (RetourPhotosSection *self,
                              gint64               attachment_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_PHOTOS_SECTION (self));

  if (self->rma_id == 0)
    return;

  if (!delete_attachment (self, attachment_id, &error))
    {
      failed (self, error->message);
      return;
    }

  populate (self);
  retour_editor_section_emit_written (RETOUR_EDITOR_SECTION (self));
}

typedef struct
{
  RetourPhotosSection *section;
  gint64               rma_id;
  char                *filename;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_object_unref (job->section);
  g_free (job->filename);
  g_free (job);
}

static void
photo_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AttachJob *job = user_data;
  RetourPhotosSection *self = job->section;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourAttachment) attachment = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime_type = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (self->context != NULL)
        failed (self, error->message);
      attach_job_free (job);
      return;
    }

  if (self->context == NULL)
    {
      attach_job_free (job);
      return;
    }

  content_type = g_content_type_guess (job->filename,
                                       g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), NULL);
  mime_type = g_content_type_get_mime_type (content_type);

  attachment = g_new0 (RetourAttachment, 1);
  attachment->rma_id = job->rma_id;
  attachment->filename = g_strdup (job->filename);
  attachment->mime_type = g_strdup (mime_type != NULL ? mime_type : "application/octet-stream");
  attachment->data = g_steal_pointer (&bytes);
  attachment->created_us = retour_context_now (self->context);

  if (!write_attachment (self, attachment, &error))
    failed (self, error->message);
  else if (self->rma_id == job->rma_id)
    {
      populate (self);
      retour_editor_section_emit_written (RETOUR_EDITOR_SECTION (self));
    }

  attach_job_free (job);
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  RetourPhotosSection *self = user_data;
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->rma_id != 0)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          AttachJob *job = g_new0 (AttachJob, 1);

          job->section = g_object_ref (self);
          job->rma_id = self->rma_id;
          job->filename = g_file_get_basename (file);
          g_file_load_bytes_async (file, NULL, photo_loaded_cb, job);
        }
    }

  g_object_unref (dialog);
  g_object_unref (self);
}

void
retour_photos_section_attach (RetourPhotosSection *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  g_return_if_fail (RETOUR_IS_PHOTOS_SECTION (self));

  if (self->rma_id == 0)
    return;

  chooser = gtk_file_chooser_native_new (_("Attach Photos"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (images, _("Images"));
  gtk_file_filter_add_mime_type (images, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* RetourEditorSection ------------------------------------------------------ */

static void
retour_photos_section_set_rma (RetourEditorSection     *section,
                               RetourRma               *rma,
                               RetourContext           *context,
                               const RetourEditorTerms *terms)
{
  RetourPhotosSection *self = RETOUR_PHOTOS_SECTION (section);

  g_set_object (&self->context, context);
  self->rma_id = rma != NULL ? rma->id : 0;
  if (rma != NULL)
    populate (self);
}

static void
retour_photos_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_photos_section_set_rma;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_photos_section_dispose (GObject *object)
{
  RetourPhotosSection *self = RETOUR_PHOTOS_SECTION (object);

  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_PHOTOS_SECTION);

  G_OBJECT_CLASS (retour_photos_section_parent_class)->dispose (object);
}

static void
retour_photos_section_class_init (RetourPhotosSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_photos_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-photos-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPhotosSection, photos_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourPhotosSection, photos_box);
}

static void
retour_photos_section_init (RetourPhotosSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
