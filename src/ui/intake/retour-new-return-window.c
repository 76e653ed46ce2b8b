/* retour-new-return-window.c — taking a return over the phone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-new-return-window.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-text.h"
#include "retour-window.h"

/* Enough to find the order; a longer list only slows the eye down. */
#define MAX_RESULTS 20
/* How many units of one item a return entered by hand may have. */
#define MAX_MANUAL_QUANTITY 999
/* A pause longer than this starts a new type-ahead on a reason. */
#define TYPEAHEAD_RESET_US (G_USEC_PER_SEC)

/* One item that may come back: a line of the order, or one typed in. */
typedef struct
{
  gint64          order_line_id;    /* 0 for an item typed in */
  gint64          product_id;
  char           *sku;
  char           *title;
  char           *category;
  RetourMoney     unit_price;
  guint           qty_ordered;      /* 0 for an item typed in */
  guint           qty_refunded;     /* refunded in the store: not returnable */
  RetourVerdict  *verdict;

  GtkWidget      *row;
  GtkCheckButton *check;            /* NULL for an item typed in */
  GtkSpinButton  *spin;
  GtkDropDown    *reason;
  GtkEditable    *title_entry;      /* items typed in only */
  GtkEditable    *sku_entry;
  GtkEditable    *price_entry;
} NewLine;

struct _RetourNewReturnWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *stack;
  GtkSearchEntry       *order_entry;
  GtkLabel             *search_status_label;
  GtkListBox           *results_list;
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
  GPtrArray            *results;     /* RetourOrderSummary*, as listed */
  RetourOrder          *order;       /* NULL when typed in */
  RetourCustomer       *customer;
  GPtrArray            *lines;       /* NewLine* */
  GArray               *resolutions; /* RetourResolution per item of resolution_row */
  GString              *typeahead;   /* what was typed on a reason so far */
  gint64                typeahead_us;
};

G_DEFINE_FINAL_TYPE (RetourNewReturnWindow, retour_new_return_window, ADW_TYPE_WINDOW)

static void
new_line_free (gpointer data)
{
  NewLine *line = data;

  g_free (line->sku);
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

static gboolean
line_is_returned (const NewLine *line)
{
  return (line->check == NULL || gtk_check_button_get_active (line->check)) &&
         gtk_spin_button_get_value_as_int (line->spin) > 0;
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
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line->row), subtitle);
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

      if (!line_is_returned (line))
        continue;

      returned++;
      if (summaries->len > 0)
        g_string_append_c (summaries, '\n');
      for (guint j = 0; line->verdict->reasons != NULL && j < line->verdict->reasons->len; j++)
        {
          if (j > 0)
            g_string_append_c (summaries, '\n');
          g_string_append (summaries, g_ptr_array_index (line->verdict->reasons, j));
        }
      if (line->verdict->reasons == NULL || line->verdict->reasons->len == 0)
        g_string_append (summaries, line->verdict->summary);
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

/* Type-ahead on a closed reason drop-down, as on the phone: typing
 * "chan" picks "Changed my mind". The first reason whose name starts with
 * what was typed wins, else the first that contains it. */
static gboolean
reason_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       RetourNewReturnWindow *self)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  GListModel *model = gtk_drop_down_get_model (dropdown);
  gunichar c = gdk_keyval_to_unicode (keyval);
  gint64 now_us = g_get_monotonic_time ();
  g_autofree char *typed = NULL;
  guint contains = GTK_INVALID_LIST_POSITION;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      c == 0 || !g_unichar_isprint (c) || (c == ' ' && self->typeahead->len == 0))
    return FALSE;

  if (now_us - self->typeahead_us > TYPEAHEAD_RESET_US)
    g_string_truncate (self->typeahead, 0);
  self->typeahead_us = now_us;
  g_string_append_unichar (self->typeahead, c);
  typed = g_utf8_casefold (self->typeahead->str, -1);

  /* Item 0 is "No reason given". */
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      g_autofree char *label = g_utf8_casefold (gtk_string_object_get_string (item), -1);

      if (g_str_has_prefix (label, typed))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
      if (contains == GTK_INVALID_LIST_POSITION && strstr (label, typed) != NULL)
        contains = i;
    }

  if (contains != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (dropdown, contains);
  else
    gtk_widget_error_bell (GTK_WIDGET (dropdown));

  return TRUE;
}

static GtkWidget *
new_reason_dropdown (RetourNewReturnWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  gtk_string_list_append (labels, _("No reason given"));
  for (guint i = 0; i < self->reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (self->reasons, i);
      g_autofree char *label = retour_text_for_display (reason->label, RETOUR_TEXT_MAX_LINE,
                                                        RETOUR_TEXT_ONE_LINE);

      gtk_string_list_append (labels, label);
    }

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (reason_key_pressed_cb), self);
  gtk_widget_add_controller (dropdown, keys);
  /* Opened (Space), the list can be searched too. */
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (dropdown),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                  -1);

  return dropdown;
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
  update_outcome (self);
}

static void
clear_lines (RetourNewReturnWindow *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    adw_preferences_group_remove (self->lines_group, ((NewLine *) g_ptr_array_index (self->lines, i))->row);
  g_ptr_array_set_size (self->lines, 0);
}

static void
add_order_line (RetourNewReturnWindow *self,
                const RetourOrderLine *order_line)
{
  g_autoptr(RetourProduct) product = NULL;
  /* The storefront's product title, any length. */
  g_autofree char *title = retour_text_for_display (order_line->title, RETOUR_TEXT_MAX_LINE,
                                                    RETOUR_TEXT_ONE_LINE);
  NewLine *line = g_new0 (NewLine, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  /* Only what the store has not refunded may come back. */
  guint returnable = retour_order_line_get_returnable (order_line);
  GtkWidget *spin = new_quantity_spin (returnable);
  GtkWidget *reason = new_reason_dropdown (self);

  if (order_line->product_id != 0)
    product = retour_catalog_store_load_product (get_db (self), order_line->product_id, NULL);

  line->order_line_id = order_line->id;
  line->product_id = order_line->product_id;
  line->sku = g_strdup (order_line->sku);
  line->title = g_strdup (order_line->title);
  line->category = product != NULL ? g_strdup (product->category) : NULL;
  line->unit_price = order_line->unit_price;
  line->qty_ordered = order_line->quantity;
  line->qty_refunded = MIN (order_line->qty_refunded_upstream, order_line->quantity);
  line->row = row;
  line->check = GTK_CHECK_BUTTON (check);
  line->spin = GTK_SPIN_BUTTON (spin);
  line->reason = GTK_DROP_DOWN (reason);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reason);

  g_signal_connect_swapped (check, "toggled", G_CALLBACK (line_changed_cb), self);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (line_changed_cb), self);
  /* Shown, so that staff on the phone can say why it cannot come back. */
  gtk_widget_set_sensitive (row, returnable > 0);

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
  GtkWidget *reason = new_reason_dropdown (self);
  g_autofree char *heading = NULL;

  line->row = row;
  line->spin = GTK_SPIN_BUTTON (spin);
  line->reason = GTK_DROP_DOWN (reason);
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
  adw_action_row_add_suffix (ADW_ACTION_ROW (reason_row), reason);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (reason_row), reason);

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

static void
show_order_page (RetourNewReturnWindow *self)
{
  gboolean manual = self->order == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->customer_group), manual);
  gtk_widget_set_visible (self->add_item_button, manual);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.add-item", manual);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.create", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->override_note_row), "");
  gtk_stack_set_visible_child_name (self->stack, "order");
  update_outcome (self);
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

/* The search --------------------------------------------------------------- */

static GtkWidget *
new_result_row (const RetourOrderSummary *summary)
{
  GtkWidget *row = adw_action_row_new ();
  /* As the storefront sent them: any length, any characters. */
  g_autofree char *number = retour_text_for_display (summary->number, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *name = retour_text_for_display (summary->customer_name != NULL ? summary->customer_name : "",
                                                   RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *email = retour_text_for_display (summary->email, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *phone = retour_text_for_display (summary->phone, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *title = NULL;
  g_autofree char *total = retour_money_format (summary->total);
  g_autofree char *date = dup_local_date (summary->ordered_us);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  /* Translators: an order found, "Order 1042 — Zofia Wiśniewska". */
  title = g_strdup_printf (_("Order %s — %s"), number != NULL ? number : "", name);
  if (email != NULL)
    g_string_append (subtitle, email);
  if (phone != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", phone);
  g_string_append_printf (subtitle, "%s%s · %s · ", subtitle->len > 0 ? "\n" : "",
                          date != NULL ? date : "", total);
  g_string_append_printf (subtitle, ngettext ("%u item", "%u items", summary->n_lines), summary->n_lines);
  if (summary->cancelled)
    g_string_append_printf (subtitle, " · %s", _("cancelled"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
order_search_changed_cb (RetourNewReturnWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->order_entry))));
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  g_ptr_array_set_size (self->results, 0);

  if (*text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      gtk_label_set_text (self->search_status_label,
                          _("Type what the customer reads out; press Enter to take the first order, or the arrow keys to pick another."));
      return;
    }

  results = retour_search_orders (get_db (self), text, MAX_RESULTS, &error);
  if (results == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      gtk_label_set_text (self->search_status_label, error->message);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      RetourOrderSummary *summary = g_ptr_array_index (results, i);

      gtk_list_box_append (self->results_list, new_result_row (summary));
      g_ptr_array_add (self->results, retour_order_summary_copy (summary));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->results_list), results->len > 0);
  if (results->len == 0)
    gtk_label_set_text (self->search_status_label,
                        retour_search_is_searchable (text)
                          ? _("No order matches. Check the spelling, or enter the order by hand.")
                          : _("Keep typing: at least three characters, or the whole order number."));
  else
    gtk_label_set_text (self->search_status_label,
                        _("Enter takes the first order; the arrow keys pick another."));

  gtk_list_box_select_row (self->results_list, gtk_list_box_get_row_at_index (self->results_list, 0));
}

static void
order_entry_activate_cb (RetourNewReturnWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (row != NULL)
    pick_order (self, g_ptr_array_index (self->results, gtk_list_box_row_get_index (row)));
}

static void
result_activated_cb (RetourNewReturnWindow *self,
                     GtkListBoxRow         *row)
{
  guint index = gtk_list_box_row_get_index (row);

  if (index < self->results->len)
    pick_order (self, g_ptr_array_index (self->results, index));
}

/* Down from the search field goes into the results. */
static gboolean
order_entry_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            RetourNewReturnWindow *self)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  row = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (row == NULL)
    return FALSE;

  gtk_list_box_select_row (self->results_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));

  return TRUE;
}

/* Creating ----------------------------------------------------------------- */

static void
set_text (char       **field,
          const char  *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_free (*field);
  *field = *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/* The customer and order typed in, written in the caller's transaction. */
static gboolean
store_manual_order (RetourNewReturnWindow  *self,
                    const RetourMoney      *total,
                    gint64                  now_us,
                    GError                **error)
{
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->order_number_row));
  gint64 delivered_us = manual_delivered_us (self);

  set_text (&customer->first_name, gtk_editable_get_text (GTK_EDITABLE (self->first_name_row)));
  set_text (&customer->last_name, gtk_editable_get_text (GTK_EDITABLE (self->last_name_row)));
  set_text (&customer->email, gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
  set_text (&customer->phone, gtk_editable_get_text (GTK_EDITABLE (self->phone_row)));
  if (customer->first_name == NULL && customer->last_name == NULL && customer->email == NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Enter the customer’s name or e-mail address."));
      return FALSE;
    }

  if (!retour_catalog_store_upsert_customer (get_db (self), customer, now_us, error))
    return FALSE;

  set_text (&order->number, number);
  if (order->number == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);

      /* An order from outside the shop's storefront has no number: one
       * that says so and when it was entered. */
      order->number = g_date_time_format (now, "M%Y%m%d-%H%M%S");
    }
  order->customer_id = customer->id;
  order->total = *total;
  order->ordered_us = delivered_us != 0 ? delivered_us : now_us;
  order->delivered_us = delivered_us;
  order->updated_us = now_us;
  if (!retour_catalog_store_upsert_order (get_db (self), order, error))
    return FALSE;

  self->customer = g_steal_pointer (&customer);
  self->order = g_steal_pointer (&order);

  return TRUE;
}

/* The return as the form has it; NULL with an error saying what is
 * missing. */
static RetourRma *
build_rma (RetourNewReturnWindow  *self,
           gint64                  now_us,
           RetourMoney            *total,
           GError                **error)
{
  const char *currency = self->order != NULL ? self->order->total.currency
                                             : self->policy->return_shipping.currency;
  g_autoptr(RetourRma) rma = retour_rma_new (currency, now_us);
  RetourResolution resolution = RETOUR_RESOLUTION_UNDECIDED;
  guint position = adw_combo_row_get_selected (self->resolution_row);

  *total = retour_money_init (0, currency);

  for (guint i = 0; i < self->lines->len; i++)
    {
      NewLine *new_line = g_ptr_array_index (self->lines, i);
      RetourRmaLine *line;
      guint reason = gtk_drop_down_get_selected (new_line->reason);
      guint quantity = gtk_spin_button_get_value_as_int (new_line->spin);

      if (!line_is_returned (new_line))
        continue;

      line = retour_rma_line_new ();
      if (new_line->title_entry != NULL)
        {
          const char *price = gtk_editable_get_text (new_line->price_entry);
          RetourMoney subtotal;

          set_text (&line->title, gtk_editable_get_text (new_line->title_entry));
          set_text (&line->sku, gtk_editable_get_text (new_line->sku_entry));
          if (line->title == NULL)
            {
              retour_rma_line_free (line);
              g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                                   _("Describe every item that comes back."));
              return NULL;
            }
          if (!retour_money_parse (price, currency, &line->unit_price, error) ||
              !retour_money_multiply (line->unit_price, quantity, &subtotal, error) ||
              !retour_money_add (*total, subtotal, total, error))
            {
              retour_rma_line_free (line);
              return NULL;
            }
        }
      else
        {
          line->order_line_id = new_line->order_line_id;
          line->product_id = new_line->product_id;
          line->sku = g_strdup (new_line->sku);
          line->title = g_strdup (new_line->title);
          line->category = g_strdup (new_line->category);
          line->unit_price = new_line->unit_price;
          line->qty_ordered = new_line->qty_ordered;
        }

      /* For an item typed in, what the customer says was bought: the
       * store checks every line's quantities against an ordered one. */
      if (new_line->title_entry != NULL)
        line->qty_ordered = quantity;
      line->qty_requested = quantity;
      line->qty_authorized = quantity;
      if (reason > 0 && reason != GTK_INVALID_LIST_POSITION && reason - 1 < self->reasons->len)
        line->reason_id = ((RetourReason *) g_ptr_array_index (self->reasons, reason - 1))->id;
      retour_rma_add_line (rma, line);
    }

  if (rma->lines->len == 0)
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Tick at least one item that comes back."));
      return NULL;
    }

  if (position < self->resolutions->len)
    resolution = g_array_index (self->resolutions, RetourResolution, position);

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = self->policy->id;
  rma->resolution = resolution;
  switch (resolution)
    {
    case RETOUR_RESOLUTION_REFUND:
    case RETOUR_RESOLUTION_KEEP_IT:
      rma->refund_method = retour_policy_default_refund_method (self->policy->allowed_refund_methods);
      break;
    case RETOUR_RESOLUTION_STORE_CREDIT:
      rma->refund_method = RETOUR_REFUND_METHOD_STORE_CREDIT;
      break;
    case RETOUR_RESOLUTION_UNDECIDED:
    case RETOUR_RESOLUTION_EXCHANGE:
    case RETOUR_RESOLUTION_REPAIR:
    case RETOUR_RESOLUTION_REPLACEMENT:
    default:
      rma->refund_method = RETOUR_REFUND_METHOD_NONE;
      break;
    }

  return g_steal_pointer (&rma);
}

/* Writes the customer and order typed in (if so), the return, the
 * override's note and the authorization, in the caller's transaction. */
static gboolean
create_in_transaction (RetourNewReturnWindow  *self,
                       RetourRma              *rma,
                       const RetourMoney      *total,
                       const char             *note,
                       gint64                  now_us,
                       GError                **error)
{
  RetourDatabase *db = get_db (self);
  const char *actor = retour_context_get_actor (self->context);

  if (self->order == NULL && !store_manual_order (self, total, now_us, error))
    return FALSE;

  rma->order_id = self->order->id;
  rma->customer_id = self->order->customer_id;

  return retour_rma_store_insert (db, rma, actor, error) &&
         (note == NULL || retour_rma_store_add_note (db, rma->id, actor, note, now_us, error)) &&
         retour_rma_store_transition (db, rma, RETOUR_RMA_STATUS_AUTHORIZED, actor, NULL, now_us, error);
}

static void
retour_new_return_window_create (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (widget);
  RetourDatabase *db = get_db (self);
  gint64 now_us = retour_context_now (self->context);
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;
  gboolean manual = self->order == NULL;
  RetourMoney total;

  if (self->policy == NULL)
    return;

  rma = build_rma (self, now_us, &total, &error);
  if (rma == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (needs_override (self))
    {
      note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->override_note_row))));
      if (*note == '\0')
        {
          show_error (self, _("The policy does not allow this return: write down why it is accepted anyway."));
          gtk_widget_grab_focus (GTK_WIDGET (self->override_note_row));
          return;
        }
    }

  /* All of it or nothing: the customer and order typed in, the return,
   * the override's note and the authorization. */
  if (!retour_database_begin (db, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (create_in_transaction (self, rma, &total, note, now_us, &error) &&
      retour_database_commit (db, &error))
    {
      number = retour_rma_number_display (rma->number);
      /* Translators: %s is an RMA number. */
      message = g_strdup_printf (_("Return %s created and authorized"), number);
      if (self->parent != NULL)
        retour_window_show_rma (self->parent, rma->id, message);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  retour_database_rollback (db);
  if (manual)
    {
      /* Typed in again on the next try, from the form. */
      g_clear_pointer (&self->order, retour_order_free);
      g_clear_pointer (&self->customer, retour_customer_free);
    }
  show_error (self, error->message);
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

  clear_lines (self);
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
  gtk_widget_set_visible (GTK_WIDGET (self->order_group), FALSE);

  show_order_page (self);
  add_manual_line (self);
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
  gtk_widget_grab_focus (GTK_WIDGET (self->order_entry));
}

static void
retour_new_return_window_add_item (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (widget);

  if (self->order == NULL && self->policy != NULL)
    add_manual_line (self);
}

/* GObject ------------------------------------------------------------------ */

static void
retour_new_return_window_dispose (GObject *object)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (object);

  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_NEW_RETURN_WINDOW);

  G_OBJECT_CLASS (retour_new_return_window_parent_class)->dispose (object);
}

static void
retour_new_return_window_finalize (GObject *object)
{
  RetourNewReturnWindow *self = RETOUR_NEW_RETURN_WINDOW (object);

  g_clear_pointer (&self->policy, retour_policy_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->resolutions, g_array_unref);
  if (self->typeahead != NULL)
    g_string_free (self->typeahead, TRUE);

  G_OBJECT_CLASS (retour_new_return_window_parent_class)->finalize (object);
}

static void
retour_new_return_window_class_init (RetourNewReturnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_new_return_window_dispose;
  object_class->finalize = retour_new_return_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-new-return-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, order_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, search_status_label);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, results_list);
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
  gtk_widget_class_bind_template_callback (widget_class, order_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, verdicts_changed_cb);

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
  GtkEventController *keys;

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_order_summary_free);
  self->lines = g_ptr_array_new_with_free_func (new_line_free);
  self->resolutions = g_array_new (FALSE, FALSE, sizeof (RetourResolution));
  self->typeahead = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (order_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->order_entry), keys);

  /* What the customer reads out is looked up at once. */
  gtk_search_entry_set_search_delay (self->order_entry, 100);

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
  self->context = g_object_ref (context);

  gtk_widget_grab_focus (GTK_WIDGET (self->order_entry));

  return self;
}
