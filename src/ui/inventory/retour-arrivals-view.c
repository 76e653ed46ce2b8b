/* retour-arrivals-view.c — the parcels on their way, and expiring the
 * overdue ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-arrivals-view.h"
#include "retour-desk.h"
#include "retour-inventory-cells.h"
#include "retour-list-cell.h"
#include "retour-record-item.h"
#include "retour-status-tag.h"
#include "retour-toast.h"

struct _RetourArrivalsView
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *view;

  RetourContext      *context;
  GListStore         *arrivals;         /* RetourRecordItem of RetourExpectedArrival */
  GtkSingleSelection *selection;
  guint64             overdue_rmas;     /* as last read; 0 once expired */
  gboolean            expiring;
};

G_DEFINE_FINAL_TYPE (RetourArrivalsView, retour_arrivals_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EXPIRING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Expiring ------------------------------------------------------------------------- */

static void
set_expiring (RetourArrivalsView *self,
              gboolean            expiring)
{
  self->expiring = expiring;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRING]);
}

static void
expire_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourArrivalsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_expired = 0;

  if (!retour_desk_expire_overdue_finish (result, &n_expired, &error))
    {
      set_expiring (self, FALSE);
      retour_toast_show (GTK_WIDGET (self), error->message, RETOUR_TOAST_STAYS);
      return;
    }

  /* None is overdue until the figures, read again, say otherwise. */
  self->overdue_rmas = 0;
  set_expiring (self, FALSE);

  if (n_expired == 0)
    message = g_strdup (_("No return was overdue any more."));
  else
    {
      g_autofree char *count = retour_inventory_format_count (n_expired);

      /* Translators: %s is a count of returns. */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expired %s overdue return",
                                              "Expired %s overdue returns", (gulong) n_expired),
                                 count);
    }
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);

  g_signal_emit (self, signals[EXPIRED], 0);
}

static void
expire_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    RetourArrivalsView *self)
{
  if (g_strcmp0 (response, "expire") != 0 || self->context == NULL || self->expiring)
    return;

  set_expiring (self, TRUE);

  /* Not cancelled with the view: a half-done expiry is rolled back
   * anyway, and one that completes should not be reported as failed. */
  retour_desk_expire_overdue_async (self->context, NULL, expire_cb, g_object_ref (self));
}

/* The columns ---------------------------------------------------------------------- */

#define ARRIVAL(record) ((const RetourExpectedArrival *) (record))

static void
bind_return (GtkWidget     *cell,
             gconstpointer  record,
             gpointer       user_data)
{
  retour_inventory_cell_set_return (cell, ARRIVAL (record)->rma_id, ARRIVAL (record)->number);
}

static void
bind_status (GtkWidget     *cell,
             gconstpointer  record,
             gpointer       user_data)
{
  retour_status_tag_set_status (GTK_LABEL (cell), ARRIVAL (record)->status);
}

static void
bind_customer (GtkWidget     *cell,
               gconstpointer  record,
               gpointer       user_data)
{
  retour_list_cell_set_text (cell, ARRIVAL (record)->customer_name);
}

static void
bind_order (GtkWidget     *cell,
            gconstpointer  record,
            gpointer       user_data)
{
  retour_list_cell_set_text (cell, ARRIVAL (record)->order_number);
}

static void
bind_units (GtkWidget     *cell,
            gconstpointer  record,
            gpointer       user_data)
{
  retour_inventory_cell_set_number (cell, ARRIVAL (record)->units);
}

static void
bind_due (GtkWidget     *cell,
          gconstpointer  record,
          gpointer       user_data)
{
  RetourArrivalsView *self = user_data;
  gint64 due_us = ARRIVAL (record)->due_us;
  g_autofree char *due = due_us != 0 ? retour_inventory_format_local (retour_context_get_time_zone (self->context),
                                                                      due_us, "%x")
                                     : g_strdup ("—");

  retour_list_cell_set_text (cell, due);
}

static void
bind_overdue (GtkWidget     *cell,
              gconstpointer  record,
              gpointer       user_data)
{
  gtk_widget_set_visible (cell, ARRIVAL (record)->overdue);
}

static void
add_columns (RetourArrivalsView *self)
{
  GType type = RETOUR_TYPE_EXPECTED_ARRIVAL;
  GtkColumnView *view = self->view;

  retour_inventory_column_add (view, C_("column", "Return"), type, RETOUR_CELL_RETURN, bind_return, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Status"), type, RETOUR_CELL_TAG, bind_status, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Customer"), type, RETOUR_CELL_TEXT, bind_customer, self, NULL,
                               TRUE);
  retour_inventory_column_add (view, C_("column", "Order"), type, RETOUR_CELL_TEXT, bind_order, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Units"), type, RETOUR_CELL_NUMBER, bind_units, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Due"), type, RETOUR_CELL_TEXT, bind_due, self, NULL, FALSE);
  retour_inventory_column_add (view, C_("column", "Overdue"), type, RETOUR_CELL_OVERDUE, bind_overdue, self, NULL,
                               FALSE);
}

static void
activate_cb (RetourArrivalsView *self,
             guint               position)
{
  const RetourExpectedArrival *arrival = retour_record_item_get_at (G_LIST_MODEL (self->selection), position,
                                                                    RETOUR_TYPE_EXPECTED_ARRIVAL);

  if (arrival != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-rma", "x", arrival->rma_id);
}

/* GObject ------------------------------------------------------------------------- */

static void
retour_arrivals_view_dispose (GObject *object)
{
  RetourArrivalsView *self = RETOUR_ARRIVALS_VIEW (object);

  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->arrivals);
  g_clear_object (&self->context);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_ARRIVALS_VIEW);

  G_OBJECT_CLASS (retour_arrivals_view_parent_class)->dispose (object);
}

static void
retour_arrivals_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RetourArrivalsView *self = RETOUR_ARRIVALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXPIRING:
      g_value_set_boolean (value, self->expiring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_arrivals_view_class_init (RetourArrivalsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_arrivals_view_dispose;
  object_class->get_property = retour_arrivals_view_get_property;

  properties[PROP_EXPIRING] =
    g_param_spec_boolean ("expiring", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EXPIRED] = g_signal_new ("expired",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-arrivals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourArrivalsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RetourArrivalsView, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourArrivalsView, view);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
retour_arrivals_view_init (RetourArrivalsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->arrivals = g_list_store_new (RETOUR_TYPE_RECORD_ITEM);
  add_columns (self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->arrivals)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
}

void
retour_arrivals_view_set_context (RetourArrivalsView *self,
                                  RetourContext      *context)
{
  g_return_if_fail (RETOUR_IS_ARRIVALS_VIEW (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

void
retour_arrivals_view_set_arrivals (RetourArrivalsView           *self,
                                   GPtrArray                    *arrivals,
                                   const RetourInventorySummary *summary)
{
  g_autofree char *n_rmas = NULL;
  g_autofree char *n_overdue = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (RETOUR_IS_ARRIVALS_VIEW (self));
  g_return_if_fail (summary != NULL);

  retour_record_item_store_splice (self->arrivals, 0, g_list_model_get_n_items (G_LIST_MODEL (self->arrivals)),
                                   RETOUR_TYPE_EXPECTED_ARRIVAL, arrivals);
  self->overdue_rmas = summary->overdue_rmas;

  n_rmas = retour_inventory_format_count ((gint64) summary->expected_rmas);
  n_overdue = retour_inventory_format_count ((gint64) summary->overdue_rmas);
  if (summary->expected_rmas == 0)
    text = g_strdup (_("No parcels are on their way."));
  else
    /* Translators: “12 returns on their way, 3 of them overdue”. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s return on its way, %s of them overdue.",
                                         "%s returns on their way, %s of them overdue.",
                                         (gulong) summary->expected_rmas),
                            n_rmas, n_overdue);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->arrivals)) > 0 ? "list" : "empty");
}

gboolean
retour_arrivals_view_can_expire (RetourArrivalsView *self)
{
  g_return_val_if_fail (RETOUR_IS_ARRIVALS_VIEW (self), FALSE);

  return !self->expiring && self->overdue_rmas > 0;
}

gboolean
retour_arrivals_view_get_expiring (RetourArrivalsView *self)
{
  g_return_val_if_fail (RETOUR_IS_ARRIVALS_VIEW (self), FALSE);

  return self->expiring;
}

void
retour_arrivals_view_expire_overdue (RetourArrivalsView *self)
{
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  guint64 n;

  g_return_if_fail (RETOUR_IS_ARRIVALS_VIEW (self));

  n = self->overdue_rmas;
  if (n == 0)
    return;

  count = retour_inventory_format_count ((gint64) n);
  /* Translators: %s is a count of returns. */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expire %s Overdue Return?",
                                          "Expire %s Overdue Returns?", (gulong) n),
                             count);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, NULL));
  adw_message_dialog_set_body (dialog,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "Its parcel was due before today and has not arrived. An expired return is closed: it can no longer be received, and its history says why.",
                                            "Their parcels were due before today and have not arrived. An expired return is closed: it can no longer be received, and its history says why.",
                                            (gulong) n));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "expire", _("_Expire"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "expire", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (expire_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
