/* retour-stock-dialog.h — finish held units, or correct a stock count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small modal window over the inventory view: how many units of a
 * product are repaired (back on hand), written off, or — for a correction —
 * which bucket changes by how much, and why. What was typed is checked as
 * it is typed; what the store refuses is said in the window, which keeps
 * everything typed. On success it emits "applied" with a sentence for a
 * toast, and closes.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-inventory-store.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_STOCK_DIALOG_FINISH_REPAIR,   /* held -> on hand */
  RETOUR_STOCK_DIALOG_WRITE_OFF,       /* held -> written off */
  RETOUR_STOCK_DIALOG_CORRECT,         /* any bucket, ±, with a note */
} RetourStockDialogMode;

#define RETOUR_TYPE_STOCK_DIALOG (retour_stock_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RetourStockDialog, retour_stock_dialog, RETOUR, STOCK_DIALOG, AdwWindow)

/* Signals:
 *   "applied" (RetourStockDialog *dialog, const char *message): the change
 *   is committed; @message says what changed. */

RetourStockDialog *retour_stock_dialog_new (GtkWindow                    *parent,
                                            RetourContext                *context,
                                            RetourStockDialogMode         mode,
                                            const RetourProductInventory *product);

G_END_DECLS
