/* retour-order-search.c — finding the order a customer reads out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-order-search.h"
#include "retour-search.h"
#include "retour-text.h"

/* Enough to find the order; a longer list only slows the eye down. */
#define MAX_RESULTS 20

struct _RetourOrderSearch
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkSearchEntry *order_entry;
  GtkLabel       *search_status_label;
  GtkListBox     *results_list;

  RetourContext  *context;
  GPtrArray      *results;     /* RetourOrderSummary*, as listed */
};

G_DEFINE_FINAL_TYPE (RetourOrderSearch, retour_order_search, GTK_TYPE_WIDGET)

enum {
  ORDER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The day @us falls on where the shop is; NULL when there is none. */
static char *
dup_local_date (RetourOrderSearch *self,
                gint64             us)
{
  if (us == 0)
    return NULL;

  return retour_context_format_time (self->context, us, "%x");
}

static void
choose (RetourOrderSearch *self,
        guint              index)
{
  if (index < self->results->len)
    g_signal_emit (self, signals[ORDER_CHOSEN], 0, g_ptr_array_index (self->results, index));
}

static GtkWidget *
new_result_row (RetourOrderSearch         *self,
                const RetourOrderSummary *summary)
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
  g_autofree char *date = dup_local_date (self, summary->ordered_us);
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
order_search_changed_cb (RetourOrderSearch *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->order_entry))));
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  g_ptr_array_set_size (self->results, 0);

  if (*text == '\0' || self->context == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      gtk_label_set_text (self->search_status_label,
                          _("Type what the customer reads out; press Enter to take the first order, or the arrow keys to pick another."));
      return;
    }

  results = retour_search_orders (retour_context_get_database (self->context), text, MAX_RESULTS, &error);
  if (results == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      gtk_label_set_text (self->search_status_label, error->message);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      RetourOrderSummary *summary = g_ptr_array_index (results, i);

      gtk_list_box_append (self->results_list, new_result_row (self, summary));
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
order_entry_activate_cb (RetourOrderSearch *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (row != NULL)
    choose (self, gtk_list_box_row_get_index (row));
}

/* The search field takes Escape for itself; on the phone it means "never
 * mind", and nothing of a return is typed here yet to lose. */
static void
order_entry_stop_search_cb (RetourOrderSearch *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "window.close", NULL);
}

static void
result_activated_cb (RetourOrderSearch *self,
                     GtkListBoxRow     *row)
{
  choose (self, gtk_list_box_row_get_index (row));
}

/* Down from the search field goes into the results. */
static gboolean
order_entry_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            RetourOrderSearch     *self)
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

static gboolean
retour_order_search_grab_focus (GtkWidget *widget)
{
  RetourOrderSearch *self = RETOUR_ORDER_SEARCH (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->order_entry));
}

static void
retour_order_search_dispose (GObject *object)
{
  RetourOrderSearch *self = RETOUR_ORDER_SEARCH (object);

  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_ORDER_SEARCH);

  G_OBJECT_CLASS (retour_order_search_parent_class)->dispose (object);
}

static void
retour_order_search_finalize (GObject *object)
{
  RetourOrderSearch *self = RETOUR_ORDER_SEARCH (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_order_search_parent_class)->finalize (object);
}

static void
retour_order_search_class_init (RetourOrderSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_order_search_dispose;
  object_class->finalize = retour_order_search_finalize;
  widget_class->grab_focus = retour_order_search_grab_focus;

  signals[ORDER_CHOSEN] =
    g_signal_new ("order-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  RETOUR_TYPE_ORDER_SUMMARY | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-order-search.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourOrderSearch, order_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourOrderSearch, search_status_label);
  gtk_widget_class_bind_template_child (widget_class, RetourOrderSearch, results_list);
  gtk_widget_class_bind_template_callback (widget_class, order_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
}

static void
retour_order_search_init (RetourOrderSearch *self)
{
  GtkEventController *keys;

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_order_summary_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (order_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->order_entry), keys);

  /* What the customer reads out is looked up at once. */
  gtk_search_entry_set_search_delay (self->order_entry, 100);
}

void
retour_order_search_set_context (RetourOrderSearch *self,
                                 RetourContext     *context)
{
  g_return_if_fail (RETOUR_IS_ORDER_SEARCH (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}
