/* retour-editor-section.h — one part of the RMA editor, behind one interface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor (RetourRmaEditor) is a shell over sections, as GNOME
 * Calendar's event editor is: it reads a return and gives it to each
 * section with set_rma(), gathers their edits into it with apply() before
 * it writes, and asks changed() whether any are unsaved. A section owns
 * its widgets and its part of the return: customer and order, the items,
 * the store's own refunds, the photos, the resolution and refund, the
 * history.
 *
 * Signals every section may emit:
 *   "edited" (section): someone changed a field: the return has unsaved
 *     edits, and the refund is to be quoted again.
 *   "failed" (section, const char *message): something could not be read
 *     or written; the editor shows @message above the form.
 *   "written" (section): the section wrote to the database by itself (a
 *     photo, a refund), so that what other sections show may be old.
 */
#pragma once

#include <gtk/gtk.h>

#include "retour-context.h"
#include "retour-core.h"

G_BEGIN_DECLS

/* A note, in the history or under the refund, shows at most this many
 * lines; the entries that edit the notes hold them whole. */
#define RETOUR_EDITOR_NOTE_LINES 20

#define RETOUR_TYPE_EDITOR_SECTION (retour_editor_section_get_type ())

G_DECLARE_INTERFACE (RetourEditorSection, retour_editor_section, RETOUR, EDITOR_SECTION, GtkWidget)

/* What a return is judged by, read with it. The editor owns it; it stays
 * valid until the next set_rma(). */
typedef struct
{
  const RetourPolicy *policy;   /* the one the return was made under */
  GPtrArray          *reasons;  /* RetourReason*, retired ones too */
  /* What the current policy offers (RETOUR_RESOLUTION_MASK()s and
   * RETOUR_REFUND_METHOD_MASK()s): an old return keeps its money rules,
   * but staff offer what the shop offers today. */
  guint               offered_resolutions;
  guint               offered_methods;
} RetourEditorTerms;

struct _RetourEditorSectionInterface
{
  GTypeInterface parent_iface;

  void     (*set_rma) (RetourEditorSection      *self,
                       RetourRma                *rma,
                       RetourContext            *context,
                       const RetourEditorTerms  *terms);
  gboolean (*apply)   (RetourEditorSection      *self,
                       RetourRma                *rma,
                       GError                  **error);
  gboolean (*changed) (RetourEditorSection      *self);
  void     (*reload)  (RetourEditorSection      *self);
};

/* Shows @rma, the editor's working copy as just read (NULL: none is
 * shown, @terms NULL too). @rma and @terms stay valid until the next
 * call; a section may edit @rma in place as people type (the items do),
 * so that the refund quoted from it is always current. */
void      retour_editor_section_set_rma      (RetourEditorSection      *self,
                                              RetourRma                *rma,
                                              RetourContext            *context,
                                              const RetourEditorTerms  *terms);
/* Writes the section's fields into @rma before it is stored; FALSE with
 * @error when one of them is not valid (the field says so too). */
gboolean  retour_editor_section_apply        (RetourEditorSection      *self,
                                              RetourRma                *rma,
                                              GError                  **error);
/* Whether the section has edits not saved yet. */
gboolean  retour_editor_section_changed      (RetourEditorSection      *self);
/* Reads again what may change elsewhere while the return itself does
 * not (its history, the refunds paid), leaving edits alone. */
void      retour_editor_section_reload       (RetourEditorSection      *self);

void      retour_editor_section_emit_edited  (RetourEditorSection      *self);
void      retour_editor_section_emit_failed  (RetourEditorSection      *self,
                                              const char               *message);
void      retour_editor_section_emit_written (RetourEditorSection      *self);

G_END_DECLS
