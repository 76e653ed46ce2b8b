/* retour-inventory-cells.h — the inventory's one way to declare a table
 * column, and the number formats its views share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The products, the ledger and the arrivals are GtkColumnViews of
 * RetourRecordItems. A column is a title, the kind of cell it shows and a
 * function that fills a cell from a row's record; the cells of one kind
 * look the same in every table.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  RETOUR_CELL_TEXT,
  RETOUR_CELL_NUMBER,
  RETOUR_CELL_RATE,       /* a number with a unit, “14.9 %” */
  RETOUR_CELL_PRODUCT,    /* title over SKU */
  RETOUR_CELL_TWO_LINES,  /* what over where */
  RETOUR_CELL_RETURN,     /* the RMA number as a button that opens it */
  RETOUR_CELL_TAG,
  RETOUR_CELL_OVERDUE,    /* an icon and the word, not a colour alone */
} RetourCellKind;

/* Fills @cell, made for the column's kind, from @record. */
typedef void (*RetourCellBindFunc) (GtkWidget     *cell,
                                    gconstpointer  record,
                                    gpointer       user_data);

/* Appends a resizable column to @view whose cells show records of
 * @record_type (boxed, in RetourRecordItems) through @bind. @sorter
 * (nullable) is taken. The view keeps the column. */
GtkColumnViewColumn *retour_inventory_column_add      (GtkColumnView      *view,
                                                       const char         *title,
                                                       GType               record_type,
                                                       RetourCellKind      kind,
                                                       RetourCellBindFunc  bind,
                                                       gpointer            user_data,
                                                       GtkSorter          *sorter,
                                                       gboolean            expand);

/* RETOUR_CELL_TEXT and RETOUR_CELL_NUMBER cells, and each line of the
 * two-line ones, are inscriptions: retour_list_cell_set_text() fills
 * them, this with a count. */
void                 retour_inventory_cell_set_number (GtkWidget          *cell,
                                                       gint64              n);
/* For RETOUR_CELL_RETURN cells: opens return @rma_id (win.show-rma), or
 * shows a dash without one. */
void                 retour_inventory_cell_set_return (GtkWidget          *cell,
                                                       gint64              rma_id,
                                                       const char         *number);

/* "1,234" in the user's locale. */
char                *retour_inventory_format_count    (gint64              n);
/* "12.5 %", or an em dash when nothing was sold. */
char                *retour_inventory_format_rate     (gint64              returned,
                                                       gint64              sold);
/* @time_us in the shop's time zone @tz, by g_date_time_format(). */
char                *retour_inventory_format_local    (GTimeZone          *tz,
                                                       gint64              time_us,
                                                       const char         *format);

G_END_DECLS
