/* retour-rma-editor.h — one return, to read and to change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The number, status and the steps the lifecycle allows now, then the
 * sections (RetourEditorSection): customer and order, the items with
 * their quantities, reasons, conditions and dispositions, what the shop
 * refunded in its own admin, photos, the resolution and the refund the
 * policy computes (with an override that needs a note), and the history.
 * The editor works on a copy of the return, which the sections edit:
 * Save (Ctrl+S) writes it in one transaction, and a failed save leaves
 * every edit in the form and says why.
 *
 * Actions: editor.save, editor.transition ("s": the status key to move
 * to; cancelling, rejecting and expiring, which cannot be undone, are
 * asked first), editor.attach-photo, editor.remove-photo ("x": the attachment),
 * editor.record-refund, editor.dismiss-error; editor.withdrawal-form,
 * editor.acknowledgement (once a notice of withdrawal is recorded for an
 * item withdrawn) and editor.repair-notice (for an item under the legal
 * guarantee) save the law's documents as PDF, in the customer's language.
 *
 * Properties:
 *   "context" (RetourContext): the shop whose returns are shown; setting
 *     it shows none.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-law-documents-data.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RMA_EDITOR (retour_rma_editor_get_type ())

G_DECLARE_FINAL_TYPE (RetourRmaEditor, retour_rma_editor, RETOUR, RMA_EDITOR, AdwBin)

void           retour_rma_editor_set_context   (RetourRmaEditor *self,
                                               RetourContext   *context);
RetourContext *retour_rma_editor_get_context   (RetourRmaEditor *self);
/* Opens the return @rma_id; 0 shows that none is selected. */
void           retour_rma_editor_show          (RetourRmaEditor *self,
                                               gint64           rma_id);
gint64         retour_rma_editor_get_rma_id    (RetourRmaEditor *self);
/* Reads the open return again after a change elsewhere, unless it has
 * edits not saved yet. */
void           retour_rma_editor_refresh       (RetourRmaEditor *self);
gboolean       retour_rma_editor_is_dirty      (RetourRmaEditor *self);
/* Shows the button back to the list (a folded window). */
void           retour_rma_editor_set_show_back (RetourRmaEditor *self,
                                               gboolean         show_back);
/* Writes @document of the open return, as stored, to @file (what the
 * save dialog's answer does), then says so in the window's toast. */
void           retour_rma_editor_write_document (RetourRmaEditor   *self,
                                                 RetourLawDocument  document,
                                                 GFile             *file);

G_END_DECLS
