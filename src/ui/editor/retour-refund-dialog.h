/* retour-refund-dialog.h — asks how much to refund, and to whom.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_REFUND_DIALOG (retour_refund_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourRefundDialog, retour_refund_dialog, RETOUR, REFUND_DIALOG, AdwMessageDialog)

/* Shows the question over @parent: "Record a refund of @due to
 * @customer_name by @method?", with the amount to change. Finishes with
 * the amount to record, or G_IO_ERROR_CANCELLED when staff said no. */
void     retour_refund_dialog_run_async  (GtkWindow           *parent,
                                          RetourMoney          due,
                                          const char          *customer_name,
                                          RetourRefundMethod   method,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean retour_refund_dialog_run_finish (GAsyncResult        *result,
                                          RetourMoney         *amount,
                                          GError             **error);

G_END_DECLS
