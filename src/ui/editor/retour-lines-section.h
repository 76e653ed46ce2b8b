/* retour-lines-section.h — the items of a return, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection: a RetourRmaLineRow per item, with quantities,
 * reason, condition, disposition, serial and notes. The rows edit the
 * editor's working copy in place, so there is nothing left to apply;
 * "edited" is emitted at every change.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_LINES_SECTION (retour_lines_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourLinesSection, retour_lines_section, RETOUR, LINES_SECTION, AdwPreferencesGroup)

G_END_DECLS
