/* retour-lines-section.c — the items of a return, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-lines-section.h"
#include "retour-rma-line-row.h"

struct _RetourLinesSection
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *line_rows;   /* GtkWidget*, in the group */
  gboolean             changed;
};

static void retour_lines_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourLinesSection, retour_lines_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_lines_section_iface_init))

static void
line_changed_cb (RetourLinesSection *self)
{
  self->changed = TRUE;
  retour_editor_section_emit_edited (RETOUR_EDITOR_SECTION (self));
}

static void
remove_rows (RetourLinesSection *self)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->line_rows, i));
  g_ptr_array_set_size (self->line_rows, 0);
}

static void
retour_lines_section_set_rma (RetourEditorSection     *section,
                              RetourRma               *rma,
                              RetourContext           *context,
                              const RetourEditorTerms *terms)
{
  RetourLinesSection *self = RETOUR_LINES_SECTION (section);

  /* A row edits its line, which goes with @rma. */
  remove_rows (self);
  self->changed = FALSE;
  if (rma == NULL)
    return;

  for (guint i = 0; i < rma->lines->len; i++)
    {
      GtkWidget *row = retour_rma_line_row_new (g_ptr_array_index (rma->lines, i), terms->reasons, FALSE);

      g_signal_connect_swapped (row, "changed", G_CALLBACK (line_changed_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->line_rows, row);
    }
}

static gboolean
retour_lines_section_changed (RetourEditorSection *section)
{
  return RETOUR_LINES_SECTION (section)->changed;
}

/* The rows edit the lines in place; only what cannot be saved is left
 * to say. */
static gboolean
retour_lines_section_apply (RetourEditorSection  *section,
                            RetourRma            *rma,
                            GError              **error)
{
  RetourLinesSection *self = RETOUR_LINES_SECTION (section);

  for (guint i = 0; i < self->line_rows->len; i++)
    if (!retour_rma_line_row_check (g_ptr_array_index (self->line_rows, i), error))
      return FALSE;

  return TRUE;
}

static void
retour_lines_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_lines_section_set_rma;
  iface->apply = retour_lines_section_apply;
  iface->changed = retour_lines_section_changed;
}

static void
retour_lines_section_finalize (GObject *object)
{
  RetourLinesSection *self = RETOUR_LINES_SECTION (object);

  g_clear_pointer (&self->line_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_lines_section_parent_class)->finalize (object);
}

static void
retour_lines_section_class_init (RetourLinesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = retour_lines_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-lines-section.ui");
}

static void
retour_lines_section_init (RetourLinesSection *self)
{
  self->line_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
