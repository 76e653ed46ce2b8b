/* retour-inventory-cells.c — the inventory's one way to declare a table
 * column, and the number formats its views share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-core.h"
#include "retour-inventory-cells.h"
#include "retour-inventory-store.h"
#include "retour-list-cell.h"
#include "retour-record-item.h"

typedef struct
{
  GType              record_type;
  RetourCellKind     kind;
  RetourCellBindFunc bind;
  gpointer           user_data;
} Column;

/* Formats ------------------------------------------------------------------- */

char *
retour_inventory_format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

char *
retour_inventory_format_rate (gint64 returned,
                              gint64 sold)
{
  double rate = retour_inventory_return_rate (returned, sold);

  if (rate < 0)
    return g_strdup ("—");

  /* Translators: a return rate, “12.5 %”. */
  return g_strdup_printf (_("%.1f %%"), rate * 100.0);
}

char *
retour_inventory_format_local (GTimeZone  *tz,
                               gint64      time_us,
                               const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_format (local, format) : g_strdup ("");
}

/* Cells ---------------------------------------------------------------------- */

static GtkWidget *
new_inscription (float xalign,
                 guint nat_chars)
{
  GtkWidget *inscription = retour_list_cell_new_inscription (xalign, nat_chars);

  /* One line, in the middle of a row that may be two lines high. */
  gtk_widget_set_valign (inscription, GTK_ALIGN_CENTER);

  return inscription;
}

static GtkWidget *
new_box (GtkOrientation  orientation,
         int             spacing,
         GtkWidget      *first,
         GtkWidget      *second)
{
  GtkWidget *box = gtk_box_new (orientation, spacing);

  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);

  return box;
}

/* Two lines: the first is what the row is read by, the second is dim. */
static GtkWidget *
new_two_lines (guint nat_chars,
               guint min_chars)
{
  GtkWidget *first = new_inscription (0.0, nat_chars);
  GtkWidget *second = new_inscription (0.0, nat_chars);
  GtkWidget *cell;

  /* The first keeps some room when the window is tight. */
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (first), min_chars);
  gtk_widget_add_css_class (second, "dim-label");
  gtk_widget_add_css_class (second, "caption");

  cell = new_box (GTK_ORIENTATION_VERTICAL, 0, first, second);
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);

  return cell;
}

static GtkWidget *
new_return (void)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *none = gtk_label_new ("—");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "rma-link");
  gtk_widget_add_css_class (button, "rma-number");
  gtk_widget_add_css_class (none, "dim-label");

  return new_box (GTK_ORIENTATION_HORIZONTAL, 0, button, none);
}

/* Overdue in words and with an icon, in the error colour: never by
 * colour alone. */
static GtkWidget *
new_overdue (void)
{
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "dialog-warning-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);
  GtkWidget *cell = new_box (GTK_ORIENTATION_HORIZONTAL, 4, icon, gtk_label_new (_("Overdue")));

  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_widget_add_css_class (cell, "status-tag");
  gtk_widget_add_css_class (cell, "error");

  return cell;
}

static GtkWidget *
new_cell (RetourCellKind kind)
{
  GtkWidget *cell;

  switch (kind)
    {
    /* A count keeps four digits in view when the window is tight, a
     * rate its unit. */
    case RETOUR_CELL_NUMBER:
    case RETOUR_CELL_RATE:
      cell = new_inscription (1.0, kind == RETOUR_CELL_RATE ? 7 : 4);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), kind == RETOUR_CELL_RATE ? 6 : 3);
      gtk_widget_add_css_class (cell, "numeric");
      return cell;

    case RETOUR_CELL_PRODUCT:
      return new_two_lines (28, 12);

    case RETOUR_CELL_TWO_LINES:
      return new_two_lines (14, 8);

    case RETOUR_CELL_RETURN:
      return new_return ();

    case RETOUR_CELL_TAG:
      cell = gtk_label_new (NULL);
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
      gtk_widget_add_css_class (cell, "status-tag");
      return cell;

    case RETOUR_CELL_OVERDUE:
      return new_overdue ();

    case RETOUR_CELL_TEXT:
    default:
      cell = new_inscription (0.0, 14);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 8);
      return cell;
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               Column                   *column)
{
  gtk_list_item_set_child (list_item, new_cell (column->kind));
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              Column                   *column)
{
  RetourRecordItem *item = gtk_list_item_get_item (list_item);
  gconstpointer record = item != NULL ? retour_record_item_get (item, column->record_type) : NULL;

  if (record != NULL)
    column->bind (gtk_list_item_get_child (list_item), record, column->user_data);
}

void
retour_inventory_cell_set_number (GtkWidget *cell,
                                  gint64     n)
{
  g_autofree char *text = retour_inventory_format_count (n);

  retour_list_cell_set_text (cell, text);
}

void
retour_inventory_cell_set_return (GtkWidget  *cell,
                                  gint64      rma_id,
                                  const char *number)
{
  GtkWidget *button = gtk_widget_get_first_child (cell);
  GtkWidget *none = gtk_widget_get_next_sibling (button);
  g_autofree char *display = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (button, rma_id > 0);
  gtk_widget_set_visible (none, rma_id <= 0);
  if (rma_id <= 0)
    return;

  display = number != NULL ? retour_rma_number_display (number) : g_strdup_printf ("#%" G_GINT64_FORMAT, rma_id);
  /* Translators: %s is an RMA number. */
  tooltip = g_strdup_printf (_("Open return %s"), display);
  gtk_button_set_label (GTK_BUTTON (button), display);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* The target first: the action takes an int64, never nothing. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (rma_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-rma");
}

/* Columns -------------------------------------------------------------------- */

/* A header may take two lines and then be cut short, with the whole title
 * on hover: the numbers' columns, headed in German “Wieder eingelagert”,
 * then give up their room to the product's name rather than push the last
 * columns off the edge. GTK 4.8 has no API for the header: its title is
 * the last one the view made, a GtkColumnViewTitle holding a label. */
static void
let_header_wrap (GtkColumnView *view,
                 const char    *title)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (view));
  GtkWidget *button = header != NULL ? gtk_widget_get_last_child (header) : NULL;
  GtkWidget *box = button != NULL ? gtk_widget_get_first_child (button) : NULL;
  GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

  if (!GTK_IS_LABEL (label) || g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) != 0)
    {
      g_debug ("No header label for the column “%s”", title);
      return;
    }

  /* Asking for its longest word, a header wraps between words while
   * there is room; at six characters it is cut short. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_WORD);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_widget_set_tooltip_text (button, title);
}

GtkColumnViewColumn *
retour_inventory_column_add (GtkColumnView      *view,
                             const char         *title,
                             GType               record_type,
                             RetourCellKind      kind,
                             RetourCellBindFunc  bind,
                             gpointer            user_data,
                             GtkSorter          *sorter,
                             gboolean            expand)
{
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;
  Column *data;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (bind != NULL, NULL);

  factory = gtk_signal_list_item_factory_new ();
  data = g_new0 (Column, 1);
  data->record_type = record_type;
  data->kind = kind;
  data->bind = bind;
  data->user_data = user_data;
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), data);
  g_object_set_data_full (G_OBJECT (factory), "retour-column", data, g_free);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (view, column);
  let_header_wrap (view, title);
  g_object_unref (column);
  g_clear_object (&sorter);

  return column;
}
