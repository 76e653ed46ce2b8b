/* retour-reason-row.h — one offered return reason, edited in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An expander row over a RetourReason of the caller's draft: its name and
 * its flags (the shop's responsibility, the restocking fee, a photo
 * required) are written into the reason as they change, and "changed" is
 * emitted. Where the reason stands in the list and whether it may go are
 * the caller's to decide: the row asks with "move" (its arrow buttons, or
 * Alt+↑ and Alt+↓ from anywhere in it) and "retire", and shows what it is
 * told through its properties.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_REASON_ROW (retour_reason_row_get_type ())

G_DECLARE_FINAL_TYPE (RetourReasonRow, retour_reason_row, RETOUR, REASON_ROW, AdwExpanderRow)

/* Where the focus goes in a row made anew. */
typedef enum
{
  RETOUR_REASON_ROW_PART_ROW,
  RETOUR_REASON_ROW_PART_NAME,
  RETOUR_REASON_ROW_PART_UP,
  RETOUR_REASON_ROW_PART_DOWN,
} RetourReasonRowPart;

/* Signals:
 *   "changed" (RetourReasonRow *row): the name or a flag was edited.
 *   "move" (RetourReasonRow *row, int direction): -1 up, +1 down.
 *   "retire" (RetourReasonRow *row): Retire, or Remove for a reason
 *   added in this draft.
 *
 * Properties: "problem" (what is wrong with the reason, shown instead of
 * "summary" and marking the row, or NULL), "summary" (what it means for
 * the money), "can-move-up", "can-move-down", "can-retire". */

/* @reason must outlive the row. */
GtkWidget    *retour_reason_row_new           (RetourReason        *reason);
RetourReason *retour_reason_row_get_reason    (RetourReasonRow     *self);
void          retour_reason_row_set_problem   (RetourReasonRow     *self,
                                               const char          *problem);
void          retour_reason_row_set_summary   (RetourReasonRow     *self,
                                               const char          *summary);
void          retour_reason_row_set_can_move  (RetourReasonRow     *self,
                                               gboolean             up,
                                               gboolean             down);
void          retour_reason_row_set_can_retire (RetourReasonRow    *self,
                                                gboolean            can_retire);
void          retour_reason_row_focus         (RetourReasonRow     *self,
                                               RetourReasonRowPart  part);

/* The reason's name as a row's title: a line's worth of it. */
char         *retour_reason_row_format_title  (const RetourReason  *reason);

G_END_DECLS
