/* retour-label-dialog.h — preview, print, save and e-mail a return label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening the dialog makes the label of the chosen format from the return
 * as it is now and stores it (or reuses the stored one if nothing changed
 * since, see retour_label_store_add()); the preview, the printout, the
 * saved file and the e-mail attachment are all those stored bytes.
 * Printing and e-mailing are written to the return's history.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_LABEL_DIALOG (retour_label_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourLabelDialog, retour_label_dialog, RETOUR, LABEL_DIALOG, AdwWindow)

RetourLabelDialog *retour_label_dialog_new         (GtkWindow      *parent,
                                                    RetourContext  *context,
                                                    gint64          rma_id);
/* Opens the dialog for RMA @rma_id, modal over @parent. */
void               retour_label_dialog_present     (GtkWindow      *parent,
                                                    RetourContext  *context,
                                                    gint64          rma_id);
RetourLabelFormat  retour_label_dialog_get_format  (RetourLabelDialog *self);
void               retour_label_dialog_set_format  (RetourLabelDialog *self,
                                                    RetourLabelFormat  format);
/* The print job of the label shown, every page of it, without the
 * printing's record: the dialog runs it with the print dialog, a test
 * exports it. NULL while there is no label. */
GtkPrintOperation *retour_label_dialog_create_print_operation (RetourLabelDialog *self);

G_END_DECLS
