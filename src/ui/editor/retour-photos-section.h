/* retour-photos-section.h — the photos of a return, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection: a thumbnail per attachment, each with a button
 * to remove it, and a chooser to attach more. Attaching and removing are
 * written at once, not with the editor's Save; "written" follows each,
 * since the history grows with them.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_PHOTOS_SECTION (retour_photos_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourPhotosSection, retour_photos_section, RETOUR, PHOTOS_SECTION, AdwPreferencesGroup)

/* Asks for image files and attaches each to the return shown. */
void retour_photos_section_attach (RetourPhotosSection *self);
/* Removes the attachment @attachment_id. */
void retour_photos_section_remove (RetourPhotosSection *self,
                                   gint64               attachment_id);

G_END_DECLS
