/* retour-rma-line-row.h — one item of a return, to edit or to receive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An expander row over a RetourRmaLine that belongs to the caller's
 * working copy of a return: every change is written into the line at
 * once, and "changed" is emitted. Quantities keep their chain (requested
 * ≥ authorized ≥ received ≥ accepted, requested ≤ ordered when known).
 * In receiving mode only what is recorded at the packing table is shown:
 * received and accepted units, condition and where the item goes.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RMA_LINE_ROW (retour_rma_line_row_get_type ())

G_DECLARE_FINAL_TYPE (RetourRmaLineRow, retour_rma_line_row, RETOUR, RMA_LINE_ROW, AdwExpanderRow)

/* Signals:
 *   "changed" (RetourRmaLineRow *row): the line was edited. */

/* @line must outlive the row. @reasons holds RetourReason* (retired ones
 * are offered only when the line already has one). */
GtkWidget     *retour_rma_line_row_new       (RetourRmaLine *line,
                                              GPtrArray     *reasons,
                                              gboolean       receiving);
RetourRmaLine *retour_rma_line_row_get_line  (RetourRmaLineRow *self);
/* Whether what was typed can be saved: a deduction for diminished value
 * that is an amount, with its reason. */
gboolean       retour_rma_line_row_check     (RetourRmaLineRow  *self,
                                              GError           **error);

G_END_DECLS
