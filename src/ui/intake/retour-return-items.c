/* retour-return-items.c — the items that come back, in the phone window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Split from the phone window along what a line is: the widgets of each
 * item, what the policy says about it and how it becomes a line of the
 * request live together here, since the verdict is shown in the item's
 * own row. The window keeps what is about the return as a whole: the
 * customer, the outcome, the resolution and the creating.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-reason-entry.h"
#include "retour-return-items.h"
#include "retour-text.h"

/* How many units of one item a return entered by hand may have. */
#define MAX_MANUAL_QUANTITY 999

/* One item that may come back: a line of the order, or one typed in. */
typedef struct
{
  gint64             order_line_id;    /* 0 for an item typed in */
  char              *title;            /* as shown; NULL for an item typed in */
  char              *category;
  RetourMoney        unit_price;
  guint              qty_ordered;      /* 0 for an item typed in */
  guint              qty_refunded;     /* refunded in the store: not returnable */
  guint              returnable;       /* units that may come back */
  RetourVerdict     *verdict;

  GtkWidget         *row;
  GtkCheckButton    *check;            /* NULL for an item typed in */
  GtkLabel          *subtitle;         /* order lines only */
  GtkSpinButton     *spin;             /* NULL when one unit at most can come back */
  RetourReasonEntry *reason;
  GtkEditable       *title_entry;      /* items typed in only */
  GtkEditable       *sku_entry;
  GtkEditable       *price_entry;
} NewLine;

struct _RetourReturnItems
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkWidget           *add_item_button;

  RetourContext       *context;
  const RetourPolicy  *policy;        /* the window's */
  GPtrArray           *reasons;       /* RetourReason*, active ones */
  GListModel          *reason_labels; /* of GtkStringObject, as self->reasons */
  GPtrArray           *lines;         /* NewLine* */
  /* The dates the items are judged by: the order's, or the delivery
   * date typed in. */
  gint64               ordered_us;
  gint64               fulfilled_us;
  gint64               delivered_us;
};

G_DEFINE_FINAL_TYPE (RetourReturnItems, retour_return_items, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
new_line_free (gpointer data)
{
  NewLine *line = data;

  g_free (line->title);
  g_free (line->category);
  g_clear_pointer (&line->verdict, retour_verdict_free);
  g_free (line);
}

/* The verdicts ------------------------------------------------------------- */

static guint
line_quantity (const NewLine *line)
{
  if (line->spin == NULL)
    return line->returnable;

  return (guint) gtk_spin_button_get_value_as_int (line->spin);
}

static gboolean
line_is_returned (const NewLine *line)
{
  return (line->check == NULL || gtk_check_button_get_active (line->check)) &&
         line_quantity (line) > 0;
}

/* The item's name as the outcome names it: the order's title, else the
 * description typed in, else its heading. */
static char *
dup_line_title (const NewLine *line)
{
  g_autofree char *typed = NULL;

  if (line->title != NULL)
    return g_strdup (line->title);

  typed = retour_text_for_display (gtk_editable_get_text (line->title_entry), RETOUR_TEXT_MAX_LINE,
                                   RETOUR_TEXT_ONE_LINE);
  if (typed != NULL && *g_strstrip (typed) != '\0')
    return g_steal_pointer (&typed);

  return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (line->row)));
}

static void
evaluate_line (RetourReturnItems *self,
               NewLine           *line)
{
  RetourPolicyLineInput input = { 0 };
  g_autofree char *summary = NULL;

  input.category = line->category;
  input.ordered_us = self->ordered_us;
  input.fulfilled_us = self->fulfilled_us;
  input.delivered_us = self->delivered_us;

  g_clear_pointer (&line->verdict, retour_verdict_free);
  line->verdict = retour_policy_evaluate_line (self->policy, &input,
                                               retour_context_now (self->context),
                                               retour_context_get_time_zone (self->context));

  /* What the policy says may quote a category from the storefront. */
  summary = retour_text_for_display (line->verdict->summary, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  if (line->subtitle != NULL)
    {
      g_autofree char *price = retour_money_format (line->unit_price);
      g_autofree char *subtitle = NULL;

      if (line->qty_refunded >= line->qty_ordered && line->qty_refunded > 0)
        /* Translators: the quantity ordered and the price per unit, "2 ×
         * 19,95 €"; the shop refunded all of it in its storefront. */
        subtitle = g_strdup_printf (_("%u × %s — Refunded in the store"), line->qty_ordered, price);
      else if (line->qty_refunded > 0)
        /* Translators: the quantity ordered, the price per unit, how many
         * of those the shop refunded in its storefront, and what the
         * policy says: "2 × 19,95 €, 1 refunded in the store — Eligible,
         * 9 days left". */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u × %s, %u refunded in the store — %s",
                                                 "%u × %s, %u refunded in the store — %s", line->qty_refunded),
                                    line->qty_ordered, price, line->qty_refunded, summary);
      else
        /* Translators: the quantity ordered, the price per unit and what
            the policy says, "2 × 19,95 € — Eligible, 9 days left". */
        subtitle = g_strdup_printf (_("%u × %s — %s"), line->qty_ordered, price, summary);
      gtk_label_set_text (line->subtitle, subtitle);
    }
  else
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (line->row), summary);
}

gboolean
retour_return_items_needs_override (RetourReturnItems *self)
{
  g_return_val_if_fail (RETOUR_IS_RETURN_ITEMS (self), FALSE);

  for (guint i = 0; i < self->lines->len; i++)
    {
      const NewLine *line = g_ptr_array_index (self->lines, i);

      if (line_is_returned (line) && line->verdict->kind == RETOUR_VERDICT_NEEDS_OVERRIDE)
        return TRUE;
    }

  return FALSE;
}

char *
retour_return_items_dup_summary (RetourReturnItems *self,
                                 guint             *n_returned)
{
  g_autoptr(GString) summaries = g_string_new (NULL);

  g_return_val_if_fail (RETOUR_IS_RETURN_ITEMS (self), NULL);
  g_return_val_if_fail (n_returned != NULL, NULL);

  *n_returned = 0;
  for (guint i = 0; i < self->lines->len; i++)
    {
      const NewLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *title = NULL;
      g_autoptr(GString) said = NULL;

      if (!line_is_returned (line))
        continue;

      title = dup_line_title (line);
      said = g_string_new (NULL);
      (*n_returned)++;
      for (guint j = 0; line->verdict->reasons != NULL && j < line->verdict->reasons->len; j++)
        g_string_append_printf (said, "%s%s", j > 0 ? " · " : "",
                                (const char *) g_ptr_array_index (line->verdict->reasons, j));
      if (said->len == 0)
        g_string_append (said, line->verdict->summary);

      if (summaries->len > 0)
        g_string_append_c (summaries, '\n');
      /* Translators: an item that comes back, then what the policy says
       * about it: "Linen shirt: Returnable for 14 days after delivery ·
       * Last day to return: 12/18/2026". */
      g_string_append_printf (summaries, _("%s: %s"), title, said->str);
    }

  return g_string_free (g_steal_pointer (&summaries), FALSE);
}

/* The items ---------------------------------------------------------------- */

static void
reason_changed_cb (RetourReturnItems *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
new_reason_entry (RetourReturnItems *self)
{
  GtkWidget *entry = retour_reason_entry_new (self->reason_labels);

  g_signal_connect_swapped (entry, "changed", G_CALLBACK (reason_changed_cb), self);

  return entry;
}

static GtkWidget *
new_quantity_spin (guint max)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), MIN (1, max));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Quantity"),
                                  -1);

  return spin;
}

static void
line_changed_cb (RetourReturnItems *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* An item not ticked has no quantity or reason to give: they wait,
 * greyed, and the Tab key passes them by. */
static void
line_toggled_cb (GtkCheckButton    *check,
                 RetourReturnItems *self)
{
  gboolean active = gtk_check_button_get_active (check);

  for (guint i = 0; i < self->lines->len; i++)
    {
      NewLine *line = g_ptr_array_index (self->lines, i);

      if (line->check != check)
        continue;
      if (line->spin != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (line->spin), active);
      gtk_widget_set_sensitive (GTK_WIDGET (line->reason), active);
    }

  line_changed_cb (self);
}

/* A click on an item's name ticks it, as on the box. */
static void
title_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkCheckButton  *check)
{
  if (gtk_widget_is_sensitive (GTK_WIDGET (check)))
    gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

static void
clear_lines (RetourReturnItems *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), ((NewLine *) g_ptr_array_index (self->lines, i))->row);
  g_ptr_array_set_size (self->lines, 0);
}

/* A line of the order: ticked if it comes back, with its name, what it
 * cost and what the policy says, and under it the quantity (when more
 * than one unit can come back) and the reason. Two rows, not one, so
 * that a long name or reason fits a phone's width and the fields of one
 * item line up with the next one's. */
static void
add_order_line (RetourReturnItems     *self,
                const RetourOrderLine *order_line)
{
  g_autoptr(RetourProduct) product = NULL;
  NewLine *line = g_new0 (NewLine, 1);
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *reason = new_reason_entry (self);
  GtkGesture *click = gtk_gesture_click_new ();

  if (order_line->product_id != 0)
    product = retour_catalog_store_load_product (retour_context_get_database (self->context), order_line->product_id, NULL);

  line->order_line_id = order_line->id;
  /* The storefront's product title, any length. */
  line->title = retour_text_for_display (order_line->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  if (line->title == NULL)
    line->title = g_strdup ("");
  line->category = product != NULL ? g_strdup (product->category) : NULL;
  line->unit_price = order_line->unit_price;
  line->qty_ordered = order_line->quantity;
  line->qty_refunded = MIN (order_line->qty_refunded_upstream, order_line->quantity);
  /* Only what the store has not refunded may come back. */
  line->returnable = retour_order_line_get_returnable (order_line);
  line->row = row;
  line->check = GTK_CHECK_BUTTON (check);
  line->subtitle = GTK_LABEL (subtitle);
  line->reason = RETOUR_REASON_ENTRY (reason);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The box is the stop for the Tab key, not the row around it. */
  gtk_widget_set_focusable (row, FALSE);

  gtk_label_set_text (GTK_LABEL (title), line->title);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "title");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (title_released_cb), check);
  gtk_widget_add_controller (text, GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, subtitle, NULL,
                                  -1);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 10);
  gtk_grid_attach (GTK_GRID (grid), check, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), text, 1, 0, 1, 1);
  if (line->returnable > 1)
    {
      GtkWidget *spin = new_quantity_spin (line->returnable);

      line->spin = GTK_SPIN_BUTTON (spin);
      gtk_grid_attach (GTK_GRID (grid), spin, 2, 0, 1, 1);
      g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (line_changed_cb), self);
    }
  gtk_widget_set_hexpand (reason, TRUE);
  gtk_grid_attach (GTK_GRID (grid), reason, 1, 1, 2, 1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);

  g_signal_connect (check, "toggled", G_CALLBACK (line_toggled_cb), self);
  /* Shown, so that staff on the phone can say why it cannot come back. */
  gtk_widget_set_sensitive (row, line->returnable > 0);
  if (line->spin != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (line->spin), FALSE);
  gtk_widget_set_sensitive (reason, FALSE);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->lines, line);
  evaluate_line (self, line);
}

static void
add_manual_line (RetourReturnItems *self)
{
  NewLine *line = g_new0 (NewLine, 1);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *title = adw_entry_row_new ();
  GtkWidget *sku = adw_entry_row_new ();
  GtkWidget *price = adw_entry_row_new ();
  GtkWidget *quantity_row = adw_action_row_new ();
  GtkWidget *reason_row = adw_action_row_new ();
  GtkWidget *spin = new_quantity_spin (MAX_MANUAL_QUANTITY);
  GtkWidget *reason = new_reason_entry (self);
  g_autofree char *heading = NULL;

  line->row = row;
  line->returnable = MAX_MANUAL_QUANTITY;
  line->spin = GTK_SPIN_BUTTON (spin);
  line->reason = RETOUR_REASON_ENTRY (reason);
  line->title_entry = GTK_EDITABLE (title);
  line->sku_entry = GTK_EDITABLE (sku);
  line->price_entry = GTK_EDITABLE (price);
  line->unit_price = retour_money_init (0, self->policy->return_shipping.currency);

  /* Translators: the heading of an item typed in, "Item 2". */
  heading = g_strdup_printf (_("Item %u"), self->lines->len + 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (title), _("Description"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sku), _("SKU (if known)"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (price), _("Price per Unit"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (quantity_row), _("Quantity"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason_row), _("Reason"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (quantity_row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (quantity_row), spin);
  gtk_widget_set_valign (reason, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (reason, 200, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (reason_row), reason);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (reason_row), reason);
  /* Their fields are the stops for the Tab key, not the rows. */
  gtk_widget_set_focusable (quantity_row, FALSE);
  gtk_widget_set_focusable (reason_row, FALSE);
  g_signal_connect_swapped (title, "changed", G_CALLBACK (line_changed_cb), self);
  g_signal_connect_swapped (sku, "changed", G_CALLBACK (line_changed_cb), self);
  g_signal_connect_swapped (price, "changed", G_CALLBACK (line_changed_cb), self);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), title);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sku);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), price);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), quantity_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), reason_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (line_changed_cb), self);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->lines, line);
  evaluate_line (self, line);

  gtk_widget_grab_focus (title);
}

/* The API ------------------------------------------------------------------ */

gboolean
retour_return_items_gather (RetourReturnItems  *self,
                            GArray             *items,
                            GError            **error)
{
  g_return_val_if_fail (RETOUR_IS_RETURN_ITEMS (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < self->lines->len; i++)
    {
      NewLine *new_line = g_ptr_array_index (self->lines, i);
      RetourPhoneReturnLine item = { 0 };
      guint reason;

      if (!line_is_returned (new_line))
        continue;

      /* What was typed and not yet taken from the list, as Tab would. */
      if (!retour_reason_entry_commit (new_line->reason))
        {
          g_autofree char *typed = retour_text_for_display (retour_reason_entry_get_text (new_line->reason),
                                                            RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

          gtk_widget_grab_focus (GTK_WIDGET (new_line->reason));
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       /* Translators: %s is what was typed as a return reason. */
                       _("No reason is called “%s”: pick one from the list, or leave the reason empty."),
                       typed);
          return FALSE;
        }
      reason = retour_reason_entry_get_selected (new_line->reason);

      item.order_line_id = new_line->order_line_id;
      item.quantity = line_quantity (new_line);
      if (reason != GTK_INVALID_LIST_POSITION && reason < self->reasons->len)
        item.reason_id = ((RetourReason *) g_ptr_array_index (self->reasons, reason))->id;

      if (new_line->title_entry != NULL)
        {
          g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (new_line->title_entry)));

          item.title = gtk_editable_get_text (new_line->title_entry);
          item.sku = gtk_editable_get_text (new_line->sku_entry);
          /* An item not described is refused before its price matters. */
          if (*title != '\0' &&
              !retour_money_parse (gtk_editable_get_text (new_line->price_entry),
                                   self->policy->return_shipping.currency, &item.unit_price, error))
            return FALSE;
        }

      g_array_append_val (items, item);
    }

  return TRUE;
}

void
retour_return_items_set_context (RetourReturnItems *self,
                                 RetourContext     *context)
{
  g_return_if_fail (RETOUR_IS_RETURN_ITEMS (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

void
retour_return_items_set_policy (RetourReturnItems  *self,
                                const RetourPolicy *policy,
                                GPtrArray          *reasons)
{
  g_autoptr(GtkStringList) reason_labels = gtk_string_list_new (NULL);

  g_return_if_fail (RETOUR_IS_RETURN_ITEMS (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (reasons != NULL);

  self->policy = policy;
  g_ptr_array_ref (reasons);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  self->reasons = reasons;

  for (guint i = 0; i < self->reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (self->reasons, i);
      g_autofree char *label = retour_text_for_display (reason->label, RETOUR_TEXT_MAX_LINE,
                                                        RETOUR_TEXT_ONE_LINE);

      gtk_string_list_append (reason_labels, label != NULL ? label : "");
    }
  g_set_object (&self->reason_labels, G_LIST_MODEL (reason_labels));
}

void
retour_return_items_show_order (RetourReturnItems *self,
                                const RetourOrder *order)
{
  g_return_if_fail (RETOUR_IS_RETURN_ITEMS (self));
  g_return_if_fail (order != NULL);
  g_return_if_fail (self->policy != NULL);

  clear_lines (self);
  self->ordered_us = order->ordered_us;
  self->fulfilled_us = order->fulfilled_us;
  self->delivered_us = order->delivered_us;

  for (guint i = 0; i < order->lines->len; i++)
    {
      const RetourOrderLine *order_line = g_ptr_array_index (order->lines, i);

      /* Taken off the order in the store: not part of it any more. */
      if (!order_line->gone_upstream)
        add_order_line (self, order_line);
    }

  /* One item only: it is the one coming back, if it can. */
  if (self->lines->len == 1 && gtk_widget_get_sensitive (((NewLine *) g_ptr_array_index (self->lines, 0))->row))
    gtk_check_button_set_active (((NewLine *) g_ptr_array_index (self->lines, 0))->check, TRUE);

  gtk_widget_set_visible (self->add_item_button, FALSE);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Space ticks an item that comes back; type its reason and pick it from the list; Tab moves on. Ctrl+Enter creates the return."));
}

void
retour_return_items_show_manual (RetourReturnItems *self,
                                 gint64             delivered_us)
{
  g_return_if_fail (RETOUR_IS_RETURN_ITEMS (self));
  g_return_if_fail (self->policy != NULL);

  clear_lines (self);
  self->ordered_us = 0;
  self->fulfilled_us = 0;
  self->delivered_us = delivered_us;
  add_manual_line (self);

  gtk_widget_set_visible (self->add_item_button, TRUE);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Type each item’s reason and pick it from the list. Ctrl+Enter creates the return."));
}

void
retour_return_items_add_manual (RetourReturnItems *self)
{
  g_return_if_fail (RETOUR_IS_RETURN_ITEMS (self));
  g_return_if_fail (self->policy != NULL);

  add_manual_line (self);
}

void
retour_return_items_set_delivered (RetourReturnItems *self,
                                   gint64             delivered_us)
{
  g_return_if_fail (RETOUR_IS_RETURN_ITEMS (self));
  g_return_if_fail (self->policy != NULL);

  self->delivered_us = delivered_us;
  for (guint i = 0; i < self->lines->len; i++)
    evaluate_line (self, g_ptr_array_index (self->lines, i));
}

gboolean
retour_return_items_focus_first (RetourReturnItems *self)
{
  g_return_val_if_fail (RETOUR_IS_RETURN_ITEMS (self), FALSE);

  for (guint i = 0; i < self->lines->len; i++)
    {
      NewLine *line = g_ptr_array_index (self->lines, i);

      if (gtk_widget_get_sensitive (line->row))
        {
          gtk_widget_grab_focus (GTK_WIDGET (line->check));
          return TRUE;
        }
    }

  return FALSE;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_return_items_dispose (GObject *object)
{
  RetourReturnItems *self = RETOUR_RETURN_ITEMS (object);

  g_clear_object (&self->context);
  g_clear_object (&self->reason_labels);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_RETURN_ITEMS);

  G_OBJECT_CLASS (retour_return_items_parent_class)->dispose (object);
}

static void
retour_return_items_finalize (GObject *object)
{
  RetourReturnItems *self = RETOUR_RETURN_ITEMS (object);

  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_return_items_parent_class)->finalize (object);
}

static void
retour_return_items_class_init (RetourReturnItemsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_return_items_dispose;
  object_class->finalize = retour_return_items_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-return-items.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReturnItems, add_item_button);
}

static void
retour_return_items_init (RetourReturnItems *self)
{
  self->lines = g_ptr_array_new_with_free_func (new_line_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
