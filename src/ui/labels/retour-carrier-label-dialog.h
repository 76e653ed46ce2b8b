/* retour-carrier-label-dialog.h — a return's prepaid carrier label:
 * bought, previewed, printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening the dialog buys the label of the return's carrier (the one
 * chosen for it, else its country's default) through the desk, or shows
 * the one it has; the preview is the carrier's PDF, and printing puts
 * it on the 100 × 150 mm label paper. A carrier that refuses says why,
 * and the request can be tried again once the address is corrected.
 */
#pragma once

#include <adwaita.h>

#include "retour-carrier-store.h"
#include "retour-carrier.h"
#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_CARRIER_LABEL_DIALOG (retour_carrier_label_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourCarrierLabelDialog, retour_carrier_label_dialog, RETOUR, CARRIER_LABEL_DIALOG, AdwWindow)

/* @carrier NULL: the return's carrier, its account from the settings and
 * its keys from the keyring. */
RetourCarrierLabelDialog  *retour_carrier_label_dialog_new        (GtkWindow      *parent,
                                                                   RetourContext  *context,
                                                                   gint64          rma_id,
                                                                   RetourCarrier  *carrier);
void                       retour_carrier_label_dialog_present    (GtkWindow      *parent,
                                                                   RetourContext  *context,
                                                                   gint64          rma_id);
/* The label shown; NULL while it is being bought or was refused. */
const RetourCarrierRecord *retour_carrier_label_dialog_get_label  (RetourCarrierLabelDialog *self);
/* The print job of the label on 100 × 150 mm paper; NULL without one. */
GtkPrintOperation         *retour_carrier_label_dialog_create_print_operation (RetourCarrierLabelDialog *self);

G_END_DECLS
