/* retour-customer-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's rows are few (a lifetime of orders), read on the main
 * thread when the window opens.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-customer-window.h"
#include "retour-lifecycle.h"
#include "retour-report-store.h"
#include "retour-rma-number.h"
#include "retour-search.h"
#include "retour-window.h"

struct _RetourCustomerWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *figures_group;
  AdwPreferencesGroup  *returns_group;
  AdwPreferencesGroup  *orders_group;

  RetourContext        *context;
};

G_DEFINE_FINAL_TYPE (RetourCustomerWindow, retour_customer_window, ADW_TYPE_WINDOW)

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);

  return row;
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
rma_activated_cb (AdwActionRow         *row,
                  RetourCustomerWindow *self)
{
  gint64 rma_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "rma-id"));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (RETOUR_IS_WINDOW (parent) && rma_id > 0)
    {
      retour_window_show_rma (RETOUR_WINDOW (parent), rma_id, NULL);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
show_customer (RetourCustomerWindow *self,
               gint64                customer_id)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourReportCustomer) customer = retour_report_store_load_customer (db, customer_id, &error);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) rmas = NULL;
  g_autoptr(GString) refunded = g_string_new (NULL);
  g_autofree char *orders_text = NULL;
  g_autofree char *bought = NULL;
  g_autofree char *returns_text = NULL;
  g_autofree char *returned = NULL;
  g_autofree char *refunds = NULL;
  double rate;

  if (customer == NULL ||
      (orders = retour_report_store_list_customer_orders (db, customer_id, &error)) == NULL ||
      (rmas = retour_report_store_list_customer_returns (db, customer_id, &error)) == NULL)
    {
      add_row (self->figures_group, _("The customer could not be read"), error->message, NULL);
      return;
    }

  adw_window_title_set_title (self->window_title, customer->name);
  adw_window_title_set_subtitle (self->window_title, customer->email != NULL ? customer->email : "");

  orders_text = format_count (customer->orders);
  bought = g_strdup_printf ("%'" G_GINT64_FORMAT, customer->units_bought);
  returns_text = format_count (customer->returns);
  returned = g_strdup_printf ("%'" G_GINT64_FORMAT, customer->units_returned);
  refunds = format_count (customer->refunds);
  add_row (self->figures_group, _("Orders"), _("Not counting cancelled ones"), orders_text);
  add_row (self->figures_group, _("Items bought"), NULL, bought);
  add_row (self->figures_group, _("Returns"), NULL, returns_text);
  add_row (self->figures_group, _("Items asked back"), NULL, returned);

  rate = retour_report_rate (customer->units_returned, customer->units_bought);
  {
    g_autofree char *value = rate < 0 ? g_strdup (_("—")) : g_strdup_printf ("%.1f %%", rate * 100);
    const char *tier = NULL;

    switch (customer->tier)
      {
      case RETOUR_REPORT_TIER_CRITICAL:
        /* xgettext:no-c-format */
        tier = _("Critical: 60 % or more");
        break;
      case RETOUR_REPORT_TIER_HIGH:
        /* xgettext:no-c-format */
        tier = _("High: 40 % or more");
        break;
      case RETOUR_REPORT_TIER_ELEVATED:
        /* xgettext:no-c-format */
        tier = _("Elevated: 25 % or more");
        break;
      case RETOUR_REPORT_TIER_NONE:
      default:
        tier = _("Items asked back of items bought");
        break;
      }
    add_row (self->figures_group, _("Return rate"), tier, value);
  }

  for (guint i = 0; i < customer->refunded->len; i++)
    {
      const RetourReportMoney *money = &g_array_index (customer->refunded, RetourReportMoney, i);
      g_autofree char *amount = retour_money_format (retour_money_init (money->refunds, money->currency));

      if (refunded->len > 0)
        g_string_append_c (refunded, '\n');
      g_string_append (refunded, amount);
    }
  {
    /* Translators: a count of refund payments. */
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s payment", "%s payments",
                                                              customer->refunds),
                                                 refunds);

    add_row (self->figures_group, _("Refunded"), subtitle, refunded->len > 0 ? refunded->str : _("Nothing"));
  }

  for (guint i = 0; i < rmas->len; i++)
    {
      const RetourRmaSummary *rma = g_ptr_array_index (rmas, i);
      g_autofree char *number = rma->number != NULL ? retour_rma_number_display (rma->number)
                                                    : g_strdup (_("Not authorized yet"));
      g_autofree char *created = retour_context_format_time (self->context, rma->created_us, "%x");
      g_autofree char *amount = retour_money_format (rma->refund);
      /* Translators: a date, a count of items and a status. */
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u item · %s",
                                                                "%s · %u items · %s", rma->units),
                                                   created, rma->units, retour_rma_status_get_label (rma->status));
      GtkWidget *row = add_row (self->returns_group, number, subtitle, amount);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "rma-id", GSIZE_TO_POINTER (rma->id));
      g_signal_connect (row, "activated", G_CALLBACK (rma_activated_cb), self);
    }
  if (rmas->len == 0)
    add_row (self->returns_group, _("No returns"), NULL, NULL);

  for (guint i = 0; i < orders->len; i++)
    {
      const RetourReportOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *ordered = retour_context_format_time (self->context, order->ordered_us, "%x");
      g_autofree char *total = retour_money_format (order->total);

      add_row (self->orders_group, order->number, order->cancelled ? _("Cancelled") : ordered, total);
    }
  if (orders->len == 0)
    add_row (self->orders_group, _("No orders"), NULL, NULL);
}

static void
retour_customer_window_dispose (GObject *object)
{
  RetourCustomerWindow *self = RETOUR_CUSTOMER_WINDOW (object);

  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_CUSTOMER_WINDOW);

  G_OBJECT_CLASS (retour_customer_window_parent_class)->dispose (object);
}

static void
retour_customer_window_class_init (RetourCustomerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_customer_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-customer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerWindow, figures_group);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerWindow, returns_group);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerWindow, orders_group);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_customer_window_init (RetourCustomerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RetourCustomerWindow *
retour_customer_window_new (RetourContext *context,
                            GtkWindow     *parent,
                            gint64         customer_id)
{
  RetourCustomerWindow *self;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_CUSTOMER_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  show_customer (self, customer_id);

  return self;
}
