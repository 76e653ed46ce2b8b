/* retour-history-section.h — what happened to a return, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection that only shows: the return's events (steps,
 * edits, notes, refunds, photos, labels), newest first, each with when,
 * who and what was noted. reload() reads them again.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_HISTORY_SECTION (retour_history_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourHistorySection, retour_history_section, RETOUR, HISTORY_SECTION, AdwPreferencesGroup)

G_END_DECLS
