/* retour-receive-window.c — the packing table: scan a parcel, record what is in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-desk.h"
#include "retour-offline-bar.h"
#include "retour-policy-store.h"
#include "retour-receive-window.h"
#include "retour-rma-line-row.h"
#include "retour-text.h"
#include "retour-window.h"

struct _RetourReceiveWindow
{
  AdwWindow            parent_instance;

  /* Template widgets */
  RetourOfflineBar    *offline_bar;
  GtkEntry            *scan_entry;
  GtkLabel            *message_label;
  GtkStack            *stack;
  AdwPreferencesGroup *lines_group;

  RetourContext       *context;
  RetourRma           *rma;         /* the return being received */
  GPtrArray           *reasons;
  GPtrArray           *line_rows;   /* GtkWidget*, in lines_group */
};

G_DEFINE_FINAL_TYPE (RetourReceiveWindow, retour_receive_window, ADW_TYPE_WINDOW)

typedef enum
{
  MESSAGE_HINT,
  MESSAGE_ERROR,
  MESSAGE_SUCCESS,
} MessageKind;

static void
set_message (RetourReceiveWindow *self,
             MessageKind          kind,
             const char          *text)
{
  GtkWidget *label = GTK_WIDGET (self->message_label);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, kind == MESSAGE_ERROR ? "error"
                                   : kind == MESSAGE_SUCCESS ? "success" : "dim-label");
  gtk_label_set_text (self->message_label, text);

  /* Screen readers hear at once why a scan did not open anything. */
  if (kind == MESSAGE_ERROR)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->scan_entry),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
}

/* A store call failed. A shared database that cannot be reached is said
 * by the offline bar, as in the main window, and the hint stays. */
static void
show_store_error (RetourReceiveWindow *self,
                  const GError        *error)
{
  if (!retour_offline_bar_report (self->offline_bar, error))
    set_message (self, MESSAGE_ERROR, error->message);
}

/* Ready for the next parcel: the field focused and its text selected, so
 * that the next scan replaces it. */
static void
ready_for_scan (RetourReceiveWindow *self,
                gboolean             clear)
{
  if (clear)
    gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->scan_entry), 0, -1);
}

static void
clear_rma (RetourReceiveWindow *self)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    adw_preferences_group_remove (self->lines_group, g_ptr_array_index (self->line_rows, i));
  g_ptr_array_set_size (self->line_rows, 0);
  g_clear_pointer (&self->rma, retour_rma_free);

  gtk_stack_set_visible_child_name (self->stack, "waiting");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receive.confirm", FALSE);
}

static void
show_rma (RetourReceiveWindow *self,
          RetourRma           *rma)
{
  g_autofree char *number = retour_rma_number_display (rma->number);
  /* As the storefront sent them: any length, any characters. */
  g_autofree char *name = retour_text_for_display (rma->customer_name != NULL ? rma->customer_name : "",
                                                   RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *order_number = retour_text_for_display (rma->order_number, RETOUR_TEXT_MAX_LINE,
                                                           RETOUR_TEXT_ONE_LINE);
  g_autofree char *description = NULL;

  clear_rma (self);
  self->rma = rma;

  /* Condition and destination are for the person at the table to say. */
  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      GtkWidget *row;

      row = retour_rma_line_row_new (line, self->reasons, TRUE);
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->line_rows, row);
    }

  adw_preferences_group_set_title (self->lines_group, number);
  if (order_number != NULL)
    /* Translators: a customer's name and the order number. */
    description = g_strdup_printf (_("%s · order %s"), name, order_number);
  else
    description = g_strdup (name);
  adw_preferences_group_set_description (self->lines_group, description);

  gtk_stack_set_visible_child_name (self->stack, "rma");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receive.confirm", TRUE);
}

static void
scan_activate_cb (RetourReceiveWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->scan_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  g_autoptr(RetourRma) rma = NULL;

  rma = retour_desk_find_expected (self->context, text, &error);
  if (rma == NULL)
    {
      /* With the server away, the parcel on screen stays, with what was
       * recorded for it. */
      if (!retour_offline_bar_report (self->offline_bar, error))
        {
          clear_rma (self);
          set_message (self, MESSAGE_ERROR, error->message);
        }
      ready_for_scan (self, FALSE);
      return;
    }

  display = retour_rma_number_display (rma->number);
  show_rma (self, g_steal_pointer (&rma));
  /* Translators: %s is an RMA number. */
  message = g_strdup_printf (_("%s: check what is in the parcel, then press Ctrl+Enter."), display);
  set_message (self, MESSAGE_HINT, message);
  gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), display);
  gtk_widget_child_focus (GTK_WIDGET (self->lines_group), GTK_DIR_TAB_FORWARD);
}

static gboolean
every_condition_known (const RetourRma *rma)
{
  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      if (line->qty_received > 0 && line->condition == RETOUR_CONDITION_UNKNOWN)
        return FALSE;
    }

  return TRUE;
}

static guint
count_restocked (const RetourRma *rma)
{
  guint n = 0;

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      if (line->disposition == RETOUR_DISPOSITION_RESTOCK)
        n += line->qty_accepted;
    }

  return n;
}

static void
retour_receive_window_confirm (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  RetourReceiveWindow *self = RETOUR_RECEIVE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  gboolean inspect;

  if (self->rma == NULL)
    return;

  /* Inspected as well when every item's condition is known. */
  inspect = every_condition_known (self->rma);
  if (!retour_desk_receive (self->context, self->rma, inspect, &error))
    {
      /* What was recorded stays in the form. */
      show_rma (self, g_steal_pointer (&self->rma));
      show_store_error (self, error);
      return;
    }

  display = retour_rma_number_display (self->rma->number);
  if (inspect)
    /* Translators: an RMA number, then how many units go back on the
        shelf. */
    message = g_strdup_printf (ngettext ("%s received and inspected; %u unit back in stock. Ready for the next parcel.",
                                         "%s received and inspected; %u units back in stock. Ready for the next parcel.",
                                         count_restocked (self->rma)),
                               display, count_restocked (self->rma));
  else
    /* Translators: %s is an RMA number. */
    message = g_strdup_printf (_("%s received; inspect it once the condition of every item is known. Ready for the next parcel."),
                               display);

  clear_rma (self);
  set_message (self, MESSAGE_SUCCESS, message);
  ready_for_scan (self, TRUE);
}

static void
retour_receive_window_dispose (GObject *object)
{
  RetourReceiveWindow *self = RETOUR_RECEIVE_WINDOW (object);

  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_RECEIVE_WINDOW);

  G_OBJECT_CLASS (retour_receive_window_parent_class)->dispose (object);
}

static void
retour_receive_window_finalize (GObject *object)
{
  RetourReceiveWindow *self = RETOUR_RECEIVE_WINDOW (object);

  g_clear_pointer (&self->rma, retour_rma_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->line_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_receive_window_parent_class)->finalize (object);
}

static void
retour_receive_window_class_init (RetourReceiveWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_receive_window_dispose;
  object_class->finalize = retour_receive_window_finalize;

  g_type_ensure (RETOUR_TYPE_OFFLINE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-receive-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReceiveWindow, offline_bar);
  gtk_widget_class_bind_template_child (widget_class, RetourReceiveWindow, scan_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourReceiveWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, RetourReceiveWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourReceiveWindow, lines_group);
  gtk_widget_class_bind_template_callback (widget_class, scan_activate_cb);

  gtk_widget_class_install_action (widget_class, "receive.confirm", NULL, retour_receive_window_confirm);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "receive.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "receive.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_receive_window_init (RetourReceiveWindow *self)
{
  self->line_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receive.confirm", FALSE);
}

RetourReceiveWindow *
retour_receive_window_new (GtkWindow     *parent,
                           RetourContext *context)
{
  RetourReceiveWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  self = g_object_new (RETOUR_TYPE_RECEIVE_WINDOW,
                       "transient-for", parent,
                       "application", gtk_window_get_application (parent),
                       NULL);
  self->context = g_object_ref (context);
  if (RETOUR_IS_WINDOW (parent))
    retour_offline_bar_set_window (self->offline_bar, RETOUR_WINDOW (parent));
  self->reasons = retour_policy_store_list_reasons (retour_context_get_database (context), TRUE, &error);
  if (self->reasons == NULL)
    set_message (self, MESSAGE_ERROR, error->message);

  ready_for_scan (self, TRUE);

  return self;
}
