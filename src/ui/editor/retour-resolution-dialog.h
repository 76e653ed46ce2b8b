/* retour-resolution-dialog.h — asks what the store makes for a return's resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RESOLUTION_DIALOG (retour_resolution_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourResolutionDialog, retour_resolution_dialog, RETOUR, RESOLUTION_DIALOG, AdwMessageDialog)

/* Shows over @parent, for an exchange (@products, of RetourExchangeItem*,
 * not empty), the items to choose from, filtered as staff type, and the
 * difference of the one chosen to @returned, what came back is worth; for
 * credit of @kind (@products NULL), the amount, @returned at first.
 * Finishes with the item chosen (a RetourExchangeItem*, quantity 1) or
 * the amount, or G_IO_ERROR_CANCELLED. */
void      retour_resolution_dialog_run_async  (GtkWindow                  *parent,
                                               RetourStoreResolutionKind   kind,
                                               GPtrArray                  *products,
                                               RetourMoney                 returned,
                                               GCancellable               *cancellable,
                                               GAsyncReadyCallback         callback,
                                               gpointer                    user_data);
gboolean  retour_resolution_dialog_run_finish (GAsyncResult               *result,
                                               RetourExchangeItem        **item,
                                               RetourMoney                *amount,
                                               GError                    **error);

G_END_DECLS
