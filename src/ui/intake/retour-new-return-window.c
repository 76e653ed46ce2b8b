/* retour-new-return-window.c — taking a return over the phone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-desk.h"
#include "retour-law.h"
#include "retour-new-return-window.h"
#include "retour-offline-bar.h"
#include "retour-order-search.h"
#include "retour-policy-store.h"
#include "retour-return-items.h"
#include "retour-search.h"
#include "retour-text.h"
#include "retour-window.h"

struct _RetourNewReturnWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  RetourOfflineBar     *offline_bar;
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
  RetourReturnItems    *items;
  AdwActionRow         *verdict_row;
  GtkImage             *verdict_icon;
  AdwActionRow         *law_row;
  GtkImage             *law_icon;
  AdwEntryRow          *override_note_row;
  AdwComboRow          *resolution_row;
  AdwActionRow         *consent_row;
  GtkSwitch            *consent_switch;

  RetourWindow         *parent;      /* weak */
  RetourContext        *context;
  RetourPolicy         *policy;
  RetourOrder          *order;       /* NULL when typed in */
  RetourCustomer       *customer;
  GArray               *resolutions; /* RetourResolution per item of resolution_row */
  AdwMessageDialog     *discard_dialog;
  guint                 building;    /* > 0 while the form is filled in, not typed in */
  gboolean              modified;    /* something was typed, ticked or picked */
  gboolean              discarding;  /* closing without asking */
  gboolean              withdrawal;  /* the law's period runs: it is the customer's right */
};

G_DEFINE_FINAL_TYPE (RetourNewReturnWindow, retour_new_return_window, ADW_TYPE_WINDOW)

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

/* A store call failed. A shared database that cannot be reached is said
 * by the offline bar, as in the main window; the form stays as it is. */
static void
show_store_error (RetourNewReturnWindow *self,
                  const GError          *error)
{
  if (retour_offline_bar_report (self->offline_bar, error))
    show_error (self, NULL);
  else
    show_error (self, error->message);
}

/* The day @us falls on where the shop is; NULL when there is none. */
static char *
dup_local_date (RetourNewReturnWindow *self,
                gint64                 us)
{
  if (us == 0)
    return NULL;

  return retour_context_format_time (self->context, us, "%x");
}

/* The form ----------------------------------------------------------------- */

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

/* The outcome -------------------------------------------------------------- */

/* What the law says of a withdrawal told on this call: the call is the
 * customer's notice, now; the period runs from the order's delivery (or
 * its dispatch, estimated, or the date typed in), in the customer's
 * country. Sets self->withdrawal. */
static void
update_law (RetourNewReturnWindow *self)
{
  gint64 now_us = retour_context_now (self->context);
  g_autoptr(RetourVerdict) verdict = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, retour_context_get_time_zone (self->context));
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  RetourLawInput input = { 0 };
  RetourLawDates dates;

  if (self->order != NULL)
    {
      input.country = self->order->ship_country != NULL ? self->order->ship_country
                      : self->customer != NULL ? self->customer->country : NULL;
      input.possession_us = retour_law_possession_us (self->order->delivered_us, self->order->fulfilled_us,
                                                      &input.possession_estimated);
    }
  else
    input.possession_us = manual_delivered_us (self);
  input.info_given = self->policy->withdrawal_info_given;
  input.declared_us = now_us;
  retour_law_compute (&input, self->policy->shop_country, &dates);

  verdict = retour_law_evaluate_withdrawal (&dates, RETOUR_EXCEPTION_NONE, now_us);
  self->withdrawal = verdict->kind == RETOUR_VERDICT_ELIGIBLE;

  for (guint i = 0; i < verdict->reasons->len; i++)
    {
      g_string_append (subtitle, verdict->reasons->pdata[i]);
      g_string_append_c (subtitle, '\n');
    }
  if (self->withdrawal)
    /* Translators: %s is a time of day. */
    g_string_append_printf (subtitle, _("This call is the customer’s notice of withdrawal, recorded at %s."), time);
  else if (subtitle->len > 0)
    g_string_truncate (subtitle, subtitle->len - 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->law_row), verdict->summary);
  adw_action_row_set_subtitle (self->law_row, subtitle->str);
  gtk_widget_remove_css_class (GTK_WIDGET (self->law_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->law_icon), self->withdrawal ? "success" : "dim-label");
}

static RetourResolution
selected_resolution (RetourNewReturnWindow *self)
{
  guint position = adw_combo_row_get_selected (self->resolution_row);

  return position < self->resolutions->len ? g_array_index (self->resolutions, RetourResolution, position)
                                           : RETOUR_RESOLUTION_UNDECIDED;
}

/* Credit or an exchange for a withdrawal: the customer must agree. */
static void
update_consent (RetourNewReturnWindow *self)
{
  RetourResolution resolution = selected_resolution (self);

  gtk_widget_set_visible (GTK_WIDGET (self->consent_row),
                          self->withdrawal && (resolution == RETOUR_RESOLUTION_STORE_CREDIT ||
                                               resolution == RETOUR_RESOLUTION_EXCHANGE));
}

static void
resolution_changed_cb (RetourNewReturnWindow *self)
{
  update_consent (self);
}

static void
update_outcome (RetourNewReturnWindow *self)
{
  g_autofree char *summaries = NULL;
  g_autofree char *shown = NULL;
  guint returned = 0;
  gboolean override;

  summaries = retour_return_items_dup_summary (self->items, &returned);

  /* The policy's reasons may quote categories from the storefront. */
  shown = retour_text_for_display (summaries, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  update_law (self);
  update_consent (self);
  /* The policy cannot take away what the law gives. */
  override = retour_return_items_needs_override (self->items) && !self->withdrawal;
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
  else if (retour_return_items_needs_override (self->items))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row),
                                     _("Outside the shop’s policy, but a withdrawal the law allows — the return is authorized when created"));
      adw_action_row_set_subtitle (self->verdict_row, shown);
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-information-symbolic");
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

  retour_return_items_set_delivered (self->items, manual_delivered_us (self));
  update_outcome (self);
}

static void
items_changed_cb (RetourNewReturnWindow *self)
{
  mark_modified (self);
  update_outcome (self);
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

  /* The items borrow the policy: they are given the new one before the
   * old one goes. */
  retour_return_items_set_policy (self->items, policy, reasons);
  g_clear_pointer (&self->policy, retour_policy_free);
  self->policy = g_steal_pointer (&policy);

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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.add-item", manual);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-return.create", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->override_note_row), "");
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
      show_store_error (self, error);
      return;
    }
  show_error (self, NULL);

  self->building++;
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
  ordered = dup_local_date (self, self->order->ordered_us);
  delivered = dup_local_date (self, self->order->delivered_us);
  if (delivered != NULL)
    /* Translators: a customer's name, then two dates. */
    description = g_strdup_printf (_("%s · ordered %s, delivered %s"), name, ordered, delivered);
  else
    /* Translators: a customer's name, then a date. */
    description = g_strdup_printf (_("%s · ordered %s"), name, ordered != NULL ? ordered : "");
  adw_preferences_group_set_title (self->order_group, title);
  adw_preferences_group_set_description (self->order_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->order_group), TRUE);

  retour_return_items_show_order (self->items, self->order);

  show_order_page (self);
  self->building--;

  retour_return_items_focus_first (self->items);
}

static void
order_chosen_cb (RetourNewReturnWindow    *self,
                 const RetourOrderSummary *summary)
{
  pick_order (self, summary);
}

/* Creating ----------------------------------------------------------------- */

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

  if (self->policy == NULL)
    return;

  if (!retour_return_items_gather (self->items, items, &error))
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
  request.resolution = selected_resolution (self);
  request.consent_alternative = gtk_widget_get_visible (GTK_WIDGET (self->consent_row)) &&
                                gtk_switch_get_active (self->consent_switch);
  request.override_note = gtk_editable_get_text (GTK_EDITABLE (self->override_note_row));

  /* On failure the form keeps everything typed, for the next try. */
  if (!retour_desk_create_return (self->context, &request, &rma, &error))
    {
      show_store_error (self, error);
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
      show_store_error (self, error);
      return;
    }
  show_error (self, NULL);

  self->building++;
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
  gtk_widget_set_visible (GTK_WIDGET (self->order_group), FALSE);

  retour_return_items_show_manual (self->items, manual_delivered_us (self));
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
      retour_return_items_add_manual (self->items);
      update_outcome (self);
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
  g_clear_pointer (&self->order, retour_order_free);
  g_clear_pointer (&self->customer, retour_customer_free);
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

  g_type_ensure (RETOUR_TYPE_OFFLINE_BAR);
  g_type_ensure (RETOUR_TYPE_ORDER_SEARCH);
  g_type_ensure (RETOUR_TYPE_RETURN_ITEMS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-new-return-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, offline_bar);
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
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, items);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, verdict_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, law_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, law_icon);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, consent_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, override_note_row);
  gtk_widget_class_bind_template_child (widget_class, RetourNewReturnWindow, resolution_row);
  gtk_widget_class_bind_template_callback (widget_class, order_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, verdicts_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, resolution_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, items_changed_cb);
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
  retour_offline_bar_set_window (self->offline_bar, parent);
  g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), self, G_CONNECT_SWAPPED);
  self->context = g_object_ref (context);
  retour_order_search_set_context (self->order_search, context);
  retour_return_items_set_context (self->items, context);

  gtk_widget_grab_focus (GTK_WIDGET (self->order_search));

  return self;
}
