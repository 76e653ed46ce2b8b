/* retour-resolution-section.h — how a return is settled, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection: the resolution and refund method (what the
 * shop offers today, and the return's own), the refund the policy quotes
 * with how it comes about, an override that needs a note, the notes, and
 * "Record Refund…" once the refund is due and not yet paid in full.
 *
 * Recording a refund asks for the amount (RetourRefundDialog), writes the
 * payment and, for a store that takes them, its place in the write-back
 * queue in one transaction, emits "written", and asks the sync scheduler
 * to send it; a failure to send is told in a toast.
 *
 * Properties:
 *   "can-record-refund" (gboolean, read-only): a refund is due and not
 *     paid in full.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RESOLUTION_SECTION (retour_resolution_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourResolutionSection, retour_resolution_section,
                      RETOUR, RESOLUTION_SECTION, AdwPreferencesGroup)

/* Quotes the refund again from the working copy: the editor calls it
 * after every edit, in this section or another (the items). */
void     retour_resolution_section_update_refund      (RetourResolutionSection *self);
gboolean retour_resolution_section_get_can_record_refund (RetourResolutionSection *self);
/* Asks how much was paid of what is left of the stored return's refund,
 * and records it. */
void     retour_resolution_section_record_refund      (RetourResolutionSection *self);

G_END_DECLS
