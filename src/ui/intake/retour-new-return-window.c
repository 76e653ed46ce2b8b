/* retour-new-return-window.c — taking a return over the phone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-desk.h"
#include "retour-new-return-window.h"
#include "retour-order-search.h"
#include "retour-policy-store.h"
#include "retour-reason-entry.h"
#include "retour-search.h"
#include "retour-text.h"
#include "retour-window.h"

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

struct _RetourNewReturnWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *stack;
  RetourOrderSearch    *order_search;
  AdwPreferencesGroup  *order_group;
  AdwPreferencesGroup  *customer_group;
  AdwEntryRow          *first_name_row;
  AdwEntryRow          *last_name_row;
  AdwEntryRow          *email_row;
  AdwEntryRow          *phone_row;
  AdwEntryRow          *order_number_row;
  AdwEntryRow          *delivered_row;
  AdwPreferencesGroup  *lines_group;
  GtkWidget            *add_item_button;
  AdwActionRow         *verdict_row;
  GtkImage             *verdict_icon;
  AdwEntryRow          *override_note_row;
  AdwComboRow          *resolution_row;

  RetourWindow         *parent;      /* weak */
  RetourContext        *context;
  RetourPolicy         *policy;
  GPtrArray            *reasons;     /* RetourReason*, active ones */
  RetourOrder          *order;       /* NULL when typed in */
  RetourCustomer       *customer;
  GPtrArray            *lines;       /* NewLine* */
  GArray               *resolutions; /* RetourResolution per item of resolution_row */
  GListModel           *reason_labels; /* of GtkStringObject, as self->reasons */
  AdwMessageDialog     *discard_dialog;
  guint                 building;    /* > 0 while the form is filled in, not typed in */
  gboolean              modified;    /* something was typed, ticked or picked */
  gboolean              discarding;  /* closing without asking */
};

G_DEFINE_FINAL_TYPE (RetourNewReturnWindow, retour_new_return_window, ADW_TYPE_WINDOW)

static void
new_line_free (gpointer data)
{
  NewLine *line = data;

  g_free (line->title);
  g_free (line->category);
  g_clear_pointer (&line->verdict, retour_verdict_free);
  g_free (line);
}

static RetourDatabase *
get_db (RetourNewReturnWindow *self)
{
  return retour_context_get_database (self->context);
}

static void
show_error (RetourNewReturnWindow *self,
            const char            *message)
{
  /* A message may quote what a storefront or a person wrote. */
  g_autofree char *shown = retour_text_for_display (message, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);

  gtk_label_set_text (self->error_label, shown);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static char *
dup_local_date (gint64 us)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (us == 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%x") : NULL;
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
dup_line_title (RetourNewReturnWindow *self,
                const NewLine         *line)
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

/* Something was typed, ticked or picked: closing now loses it. */
static void
mark_modified (RetourNewReturnWindow *self)
{
  if (self->building == 0)
    self->modified = TRUE;
}

/* The delivery date typed in for an order entered by hand, as UTC
 * microseconds at local noon; 0 when there is none or it is not a date. */
static gint64
manual_delivered_us (RetourNewReturnWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->delivered_row));
  g_autoptr(GDateTime) noon = NULL;
  GDate date;

  if (*text == '\0')
    return 0;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, text);
  if (!g_date_valid (&date))
    return 0;

  noon = g_date_time_new (retour_context_get_time_zone (self->context),
                          g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                          12, 0, 0);

  return noon != NULL ? g_date_time_to_unix (noon) * G_USEC_PER_SEC : 0;
}

static void
evaluate_line (RetourNewReturnWindow *self,
               NewLine               *line)
{
  RetourPolicyLineInput input = { 0 };
  g_autofree char *summary = NULL;

  input.category = line->category;
  if (self->order != NULL)
    {
      input.ordered_us = self->order->ordered_us;
      input.fulfilled_us = self->order->fulfilled_us;
      input.delivered_us = self->order->delivered_us;
    }
  else
    input.delivered_us = manual_delivered_us (self);

  g_clear_pointer (&line->verdict, retour_verdict_free);
  line->verdict = retour_policy_evaluate_line (self->policy, &input,
                                               retour_context_now (self->context),
                                               retour_context_get_time_zone (self->context));

  /* What the policy says may quote a category from the storefront. */
  summary = retour_text_for_display (line->verdict->summary, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  if (self->order != NULL)
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

/* Whether any item that comes back needs an override. */
static gboolean
needs_override (RetourNewReturnWindow *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      const NewLine *line = g_ptr_array_index (self->lines, i);

      if (line_is_returned (line) && line->verdict->kind == RETOUR_VERDICT_NEEDS_OVERRIDE)
        return TRUE;
    }

  return FALSE;
}

static void
update_outcome (RetourNewReturnWindow *self)
{
  g_autoptr(GString) summaries = g_string_new (NULL);
  g_autofree char *shown = NULL;
  guint returned = 0;
  gboolean override;

  for (guint i = 0; i < self->lines->len; i++)
    {
      const NewLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *title = NULL;
      g_autoptr(GString) said = NULL;

      if (!line_is_returned (line))
        continue;

      title = dup_line_title (self, line);
      said = g_string_new (NULL);
      returned++;
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

  /* The policy's reasons may quote categories from the storefront. */
  shown = retour_text_for_display (summaries->str, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  override = needs_override (self);
  gtk_widget_set_visible (GTK_WIDGET (self->override_note_row), override);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "warning");

  if (returned == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row),
                                     _("Tick the items that come back"));
      adw_action_row_set_subtitle (self->verdict_row, "");
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-information-symbolic");
    }
  else if (override)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row),
                                     _("Outside the policy — an override needs a note"));
      adw_action_row_set_subtitle (self->verdict_row, shown);
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), "warning");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row),
                                     _("Eligible — the return is authorized when created"));
      adw_action_row_set_subtitle (self->verdict_row, shown);
      gtk_image_set_from_icon_name (self->verdict_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), "success");
    }
}

static void
verdicts_changed_cb (RetourNewReturnWindow *self)
{
  if (self->order != NULL || self->policy == NULL)
    return;

  for (guint i = 0; i < self->lines->len; i++)
    evaluate_line (self, g_ptr_array_index (self->lines, i));
  update_outcome (self);
}

/* The items ---------------------------------------------------------------- */

static void
reason_changed_cb (RetourNewReturnWindow *self)
{
  mark_modified (self);
  update_outcome (self);
}

static GtkWidget *
new_reason_entry (RetourNewReturnWindow *self)
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
line_changed_cb (RetourNewReturnWindow *self)
{
  mark_modified (self);
  update_outcome (self);
}

/* An item not ticked has no quantity or reason to give: they wait,
 * greyed, and the Tab key passes them by. */
static void
line_toggled_cb (GtkCheckButton        *check,
                 RetourNewReturnWindow *self)
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
clear_lines (RetourNewReturnWindow *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    adw_preferences_group_remove (self->lines_group, ((NewLine *) g_ptr_array_index (self->lines, i))->row);
  g_ptr_array_set_size (self->lines, 0);
}

/* A line of the order: ticked if it comes back, with its name, what it
 * cost and what the policy says, and under it the quantity (when more
 * than one unit can come back) and the reason. Two rows, not one, so
 * that a long name or reason fits a phone's width and the fields of one
 * item line up with the next one's. */
static void
add_order_line (RetourNewReturnWindow *self,
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
    product = retour_catalog_store_load_product (get_db (self), order_line->product_id, NULL);

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

  adw_preferences_group_add (self->lines_group, row);
  g_ptr_array_add (self->lines, line);
  evaluate_line (self, line);
}

static void
add_manual_line (RetourNewReturnWindow *self)
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
  g_signal_connect_swapped (sku, "changed", G_CALLBACK (mark_modified), self);
  g_signal_connect_swapped (price, "changed", G_CALLBACK (mark_modified), self);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), title);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sku);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), price);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), quantity_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), reason_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (line_changed_cb), self);

  adw_preferences_group_add (self->lines_group, row);
  g_ptr_array_add (self->lines, line);
  evaluate_line (self, line);
  update_outcome (self);

  gtk_widget_grab_focus (title);
}

/* The order ---------------------------------------------------------------- */

static gboolean
load_policy (RetourNewReturnWindow  *self,
             GError                **error)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reason_labels = gtk_string_list_new (NULL);

  policy = retour_policy_store_load_current (get_db (self), error);
  if (policy == NULL)
    return FALSE;
  reasons = retour_policy_store_list_reasons (get_db (self), FALSE, error);
  if (reasons == NULL)
    return FALSE;

  g_clear_pointer (&self->policy, retour_policy_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  self->policy = g_steal_pointer (&policy);
  self->reasons = g_steal_pointer (&reasons);

  for (guint i = 0; i < self->reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (self->reasons, i);
      g_autofree char *label = retour_text_for_display (reason->label, RETOUR_TEXT_MAX_LINE,
                                                        RETOUR_TEXT_ONE_LINE);

      gtk_string_list_append (reason_labels, label != NULL ? label : "");
    }
  g_set_object (&self->reason_labels, G_LIST_MODEL (reason_labels));

  /* The resolutions the policy allows, a refund first when it does. */
  g_array_set_size (self->resolutions, 0);
  for (RetourResolution r = RETOUR_RESOLUTION_REFUND; r <= RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      if ((self->policy->allowed_resolutions & RETOUR_RESOLUTION_MASK (r)) == 0)
        continue;
      gtk_string_list_append (labels, retour_resolution_get_label (r));
      g_array_append_val (self->resolutions, r);
    }
  {
    RetourResolution undecided = RETOUR_RESOLUTION_UNDECIDED;

    gtk_string_list_append (labels, retour_resolution_get_label (undecided));
    g_array_append_val (self->resolutions, undecided);
  }
  adw_combo_row_set_model (self->resolution_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->resolution_row, 0);

  return TRUE;
}

static gboolean
customer_typed_in (RetourNewReturnWindow *self)
{
  AdwEntryRow *rows[] = { self->first_name_row, self->last_name_row, self->email_row,
                          self->phone_row, self->order_number_row, self->delivered_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) != '\0')
      return TRUE;

  return FALSE;
}

/* Called with the form filled in (self->building > 0): nothing typed in
 * it yet but what was typed about the customer before. */
static void
show_order_page (RetourNewReturnWindow *self)
{
  gboolean manual = self->order == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->customer_group), manual);
  gtk_widget_set_visible (self->add_item_button, manual);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.add-item", manual);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.create", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->override_note_row), "");
  adw_preferences_group_set_description (self->lines_group,
                                         manual
                                           ? _("Type each item’s reason and pick it from the list. Ctrl+Enter creates the return.")
                                           : _("Space ticks an item that comes back; type its reason and pick it from the list; Tab moves on. Ctrl+Enter creates the return."));
  gtk_stack_set_visible_child_name (self->stack, "order");
  update_outcome (self);
  self->modified = manual && customer_typed_in (self);
}

static void
pick_order (RetourNewReturnWindow    *self,
            const RetourOrderSummary *summary)
{
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *ordered = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *description = NULL;

  order = retour_catalog_store_load_order (get_db (self), summary->id, &error);
  if (order != NULL && order->customer_id != 0)
    customer = retour_catalog_store_load_customer (get_db (self), order->customer_id, &error);
  if (order == NULL || error != NULL || !load_policy (self, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);

  self->building++;
  clear_lines (self);
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
  self->order = g_steal_pointer (&order);
  self->customer = g_steal_pointer (&customer);

  /* As the storefront sent them: any length, any characters. */
  number = retour_text_for_display (self->order->number, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  name = retour_text_for_display (summary->customer_name != NULL ? summary->customer_name : "",
                                  RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  /* Translators: %s is the shop's order number. */
  title = g_strdup_printf (_("Order %s"), number);
  ordered = dup_local_date (self->order->ordered_us);
  delivered = dup_local_date (self->order->delivered_us);
  if (delivered != NULL)
    /* Translators: a customer's name, then two dates. */
    description = g_strdup_printf (_("%s · ordered %s, delivered %s"), name, ordered, delivered);
  else
    /* Translators: a customer's name, then a date. */
    description = g_strdup_printf (_("%s · ordered %s"), name, ordered != NULL ? ordered : "");
  adw_preferences_group_set_title (self->order_group, title);
  adw_preferences_group_set_description (self->order_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->order_group), TRUE);

  for (guint i = 0; i < self->order->lines->len; i++)
    {
      const RetourOrderLine *order_line = g_ptr_array_index (self->order->lines, i);

      /* Taken off the order in the store: not part of it any more. */
      if (!order_line->gone_upstream)
        add_order_line (self, order_line);
    }

  /* One item only: it is the one coming back, if it can. */
  if (self->lines->len == 1 && gtk_widget_get_sensitive (((NewLine *) g_ptr_array_index (self->lines, 0))->row))
    gtk_check_button_set_active (((NewLine *) g_ptr_array_index (self->lines, 0))->check, TRUE);

  show_order_page (self);
  self->building--;

  for (guint i = 0; i < self->lines->len; i++)
    {
      NewLine *line = g_ptr_array_index (self->lines, i);

      if (gtk_widget_get_sensitive (line->row))
        {
          gtk_widget_grab_focus (GTK_WIDGET (line->check));
          break;
        }
    }
}

static void
order_chosen_cb (RetourNewReturnWindow    *self,
                 const RetourOrderSummary *summary)
{
  pick_order (self, summary);
}

/* Creating ----------------------------------------------------------------- */

/* The items that come back as the form has them, into @items
 * (RetourPhoneReturnLine); FALSE with an error when a price typed in is
 * not one. The text stays the form's: it must not change meanwhile. */
static gboolean
gather_items (RetourNewReturnWindow  *self,
              GArray                 *items,
              GError                **error)
{
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

static void
retour_new_return_window_create (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (widget);
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (RetourPhoneReturnLine));
  RetourPhoneReturn request = { 0 };
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;
  guint position;

  if (self->policy == NULL)
    return;

  if (!gather_items (self, items, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (self->order != NULL)
    request.order_id = self->order->id;
  else
    {
      request.first_name = gtk_editable_get_text (GTK_EDITABLE (self->first_name_row));
      request.last_name = gtk_editable_get_text (GTK_EDITABLE (self->last_name_row));
      request.email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
      request.phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
      request.order_number = gtk_editable_get_text (GTK_EDITABLE (self->order_number_row));
      request.delivered_us = manual_delivered_us (self);
    }
  request.policy_id = self->policy->id;
  request.lines = (const RetourPhoneReturnLine *) items->data;
  request.n_lines = items->len;
  position = adw_combo_row_get_selected (self->resolution_row);
  request.resolution = position < self->resolutions->len
                         ? g_array_index (self->resolutions, RetourResolution, position)
                         : RETOUR_RESOLUTION_UNDECIDED;
  request.override_note = gtk_editable_get_text (GTK_EDITABLE (self->override_note_row));

  /* On failure the form keeps everything typed, for the next try. */
  if (!retour_desk_create_return (self->context, &request, &rma, &error))
    {
      show_error (self, error->message);
      if (g_error_matches (error, RETOUR_DESK_ERROR, RETOUR_DESK_ERROR_NOTE_REQUIRED))
        gtk_widget_grab_focus (GTK_WIDGET (self->override_note_row));
      return;
    }

  number = retour_rma_number_display (rma->number);
  /* Translators: %s is an RMA number. */
  message = g_strdup_printf (_("Return %s created and authorized"), number);
  if (self->parent != NULL)
    retour_window_show_rma (self->parent, rma->id, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
retour_new_return_window_manual (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!load_policy (self, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);

  self->building++;
  clear_lines (self);
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
  gtk_widget_set_visible (GTK_WIDGET (self->order_group), FALSE);

  add_manual_line (self);
  show_order_page (self);
  self->building--;
  gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
}

static void
retour_new_return_window_change_order (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (widget);

  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "search");
  gtk_widget_action_set_enabled (widget, "new-return.create", FALSE);
  gtk_widget_action_set_enabled (widget, "new-return.add-item", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->order_search));
}

static void
retour_new_return_window_add_item (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (widget);

  if (self->order == NULL && self->policy != NULL)
    {
      mark_modified (self);
      add_manual_line (self);
    }
}

/* Closing ------------------------------------------------------------------ */

static void
discard_response_cb (RetourNewReturnWindow *self,
                     const char            *response,
                     AdwMessageDialog      *dialog)
{
  self->discard_dialog = NULL;
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* The question goes before the window it is about, and lets go of it
   * first: the window is gone before the question's signal returns. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  self->discarding = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Escape, Cancel or the window's close button: what was typed is not
 * thrown away without a question. An empty form just closes. */
static gboolean
retour_new_return_window_close_request (GtkWindow *window)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (window);
  AdwMessageDialog *dialog;

  if (!self->modified || self->discarding)
    return GTK_WINDOW_CLASS (retour_new_return_window_parent_class)->close_request (window);

  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return TRUE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard This Return?"),
                                                       _("What was entered for it is lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
  self->discard_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* The main window is going. GTK lets go of it only when this window is
 * disposed, which the window group's reference may put off until after
 * the main window is freed: let go now. */
static void
parent_destroyed_cb (RetourNewReturnWindow *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
retour_new_return_window_dispose (GObject *object)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->context);
  g_clear_object (&self->reason_labels);
  if (self->discard_dialog != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self->discard_dialog), NULL);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->discard_dialog)));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_NEW_RETURN_WINDOW);

  G_OBJECT_CLASS (retour_new_return_window_parent_class)->dispose (object);
}

static void
retour_new_return_window_finalize (GObject *object)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (object);

  g_clear_pointer (&self->policy, retour_policy_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->resolutions, g_array_unref);

  G_OBJECT_CLASS (retour_new_return_window_parent_class)->finalize (object);
}

static void
retour_new_return_window_class_init (RetourNewReturnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = retour_new_return_window_dispose;
  object_class->finalize = retour_new_return_window_finalize;
  window_class->close_request = retour_new_return_window_close_request;

  g_type_ensure (RETOUR_TYPE_ORDER_SEARCH);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-new-return-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, order_search);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, order_group);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, customer_group);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, order_number_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, delivered_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, lines_group);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, add_item_button);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, verdict_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, override_note_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, resolution_row);
  gtk_widget_class_bind_template_callback (widget_class, order_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, verdicts_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mark_modified);

  gtk_widget_class_install_action (widget_class, "new-return.create", NULL, retour_new_return_window_create);
  gtk_widget_class_install_action (widget_class, "new-return.manual", NULL, retour_new_return_window_manual);
  gtk_widget_class_install_action (widget_class, "new-return.change-order", NULL, retour_new_return_window_change_order);
  gtk_widget_class_install_action (widget_class, "new-return.add-item", NULL, retour_new_return_window_add_item);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "new-return.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "new-return.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_new_return_window_init (RetourNewReturnWindow *self)
{
  self->lines = g_ptr_array_new_with_free_func (new_line_free);
  self->resolutions = g_array_new (FALSE, FALSE, sizeof (RetourResolution));

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.create", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.add-item", FALSE);
}

RetourNewReturnWindow *
retour_new_return_window_new (RetourWindow  *parent,
                              RetourContext *context)
{
  RetourNewReturnWindow *self;

  g_return_val_if_fail (RETOUR_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_NEW_RETURN_WINDOW,
                       "transient-for", parent,
                       "application", gtk_window_get_application (GTK_WINDOW (parent)),
                       NULL);
  g_set_weak_pointer (&self->parent, parent);
  g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), self, G_CONNECT_SWAPPED);
  self->context = g_object_ref (context);
  retour_order_search_set_context (self->order_search, context);

  gtk_widget_grab_focus (GTK_WIDGET (self->order_search));

  return self;
}
