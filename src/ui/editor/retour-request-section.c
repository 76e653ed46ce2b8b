/* retour-request-section.c — where a return a customer asked for in the
 * storefront stands with that storefront, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-request-section.h"
#include "retour-request-store.h"
#include "retour-sync-scheduler.h"
#include "retour-text.h"

struct _RetourRequestSection
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *request_row;
  AdwActionRow        *decision_row;
  AdwActionRow        *label_row;
  GtkButton           *send_button;

  RetourContext       *context;
  gint64               rma_id;
  RetourRmaStatus      status;
  gint64               declared_us;
  gint64               store_id;      /* 0: the return was not asked for in a store */
  gulong               finished_handler;
};

static void retour_request_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourRequestSection, retour_request_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_request_section_iface_init))

static char *
format_time (RetourRequestSection *self,
             gint64                time_us)
{
  /* Translators: a date and time in the editor, as strftime () takes it. */
  return retour_context_format_time (self->context, time_us, _("%x %H:%M"));
}

static void
show_decision (RetourRequestSection     *self,
               const RetourRequestState *state,
               const char               *store)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = state->answered_us > 0 ? format_time (self, state->answered_us) : NULL;
  g_autofree char *error = retour_text_for_display (state->answer_error, RETOUR_TEXT_MAX_LINE * 4,
                                                    RETOUR_TEXT_ONE_LINE);
  gboolean rejected = self->status == RETOUR_RMA_STATUS_REJECTED;
  gboolean can_send = FALSE;

  switch (self->status)
    {
    case RETOUR_RMA_STATUS_REQUESTED:
      title = g_strdup (_("Waiting for your decision"));
      /* Translators: %s is a store's name. */
      subtitle = g_strdup_printf (_("Authorize or reject the return; %s is told right away."), store);
      break;

    case RETOUR_RMA_STATUS_CANCELLED:
    case RETOUR_RMA_STATUS_EXPIRED:
      if (state->answered_us > 0 && state->answer_error == NULL)
        {
          title = g_strdup (_("Ended before a decision"));
          subtitle = g_strdup (_("The customer withdrew the request, or the store ended it."));
          break;
        }
      G_GNUC_FALLTHROUGH;

    default:
      if (state->answered_us > 0)
        {
          title = g_strdup (rejected ? _("The store has your decline") : _("The store has your approval"));
          if (rejected)
            /* Translators: %s is why the request was declined, then a
             * date and time. */
            subtitle = g_strdup_printf (_("%s · sent %s"), retour_decline_reason_get_label (state->decline_reason),
                                        when);
          else
            /* Translators: %s is a date and time. */
            subtitle = g_strdup_printf (_("Sent %s"), when);
        }
      else if (error != NULL)
        {
          title = g_strdup (rejected ? _("The decline has not reached the store")
                                     : _("The approval has not reached the store"));
          subtitle = g_steal_pointer (&error);
          can_send = TRUE;
        }
      else
        {
          title = g_strdup (rejected ? _("Sending the decline to the store")
                                     : _("Sending the approval to the store"));
          subtitle = g_strdup (_("It goes out now, or with the next sync if the store cannot be reached."));
          can_send = TRUE;
        }
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->decision_row), title);
  adw_action_row_set_subtitle (self->decision_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->send_button), can_send);
}

static void
show_label (RetourRequestSection     *self,
            const RetourRequestState *state)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *error = retour_text_for_display (state->label_error, RETOUR_TEXT_MAX_LINE * 4,
                                                    RETOUR_TEXT_ONE_LINE);
  const char *title;
  gboolean on_its_way = self->status == RETOUR_RMA_STATUS_AUTHORIZED ||
                        self->status == RETOUR_RMA_STATUS_IN_TRANSIT;

  if (state->label_us > 0)
    {
      g_autofree char *when = format_time (self, state->label_us);

      title = _("The return label is in the customer’s account");
      /* Translators: %s is a date and time. */
      subtitle = g_strdup_printf (_("Put there %s"), when);
    }
  else if (!on_its_way)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->label_row), FALSE);
      return;
    }
  else if (error != NULL)
    {
      title = _("The return label has not reached the store");
      subtitle = g_steal_pointer (&error);
      gtk_widget_set_visible (GTK_WIDGET (self->send_button), TRUE);
    }
  else
    {
      title = _("No return label in the store yet");
      subtitle = g_strdup (_("Make the return label here: it is put on the store’s return for the customer to "
                             "download."));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->label_row), title);
  adw_action_row_set_subtitle (self->label_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->label_row), TRUE);
}

static void
refresh (RetourRequestSection *self)
{
  g_autoptr(RetourRequestState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store = NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  self->store_id = 0;
  if (self->context != NULL && self->rma_id > 0)
    state = retour_request_store_load_state (retour_context_get_database (self->context), self->rma_id, &error);
  if (error != NULL)
    retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self), state != NULL);
  if (state == NULL)
    return;

  self->store_id = state->store_id;
  store = retour_text_for_display (state->store_name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  /* Translators: %s is a store's name. */
  title = g_strdup_printf (_("Asked for by the customer in %s"), store);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->request_row), title);
  if (self->declared_us > 0)
    {
      when = format_time (self, self->declared_us);
      /* Translators: %s is a storefront platform (Shopify), then a date and time. */
      subtitle = g_strdup_printf (_("%s · %s"), retour_platform_get_label (state->platform), when);
    }
  else
    subtitle = g_strdup (retour_platform_get_label (state->platform));
  adw_action_row_set_subtitle (self->request_row, subtitle);

  show_decision (self, state, store);
  show_label (self, state);
}

static void
finished_cb (RetourSyncScheduler  *scheduler,
             gint64                store_id,
             const GError         *error,
             RetourRequestSection *self)
{
  if (store_id == self->store_id)
    refresh (self);
}

void
retour_request_section_send (RetourRequestSection *self)
{
  RetourSyncScheduler *scheduler;

  g_return_if_fail (RETOUR_IS_REQUEST_SECTION (self));

  if (self->context == NULL || self->store_id == 0)
    return;

  /* In turn with the store's syncs and refunds: nothing goes twice at
   * once, and what fails stays with the return for the next run. */
  scheduler = retour_context_get_sync_scheduler (self->context);
  if (self->finished_handler == 0)
    self->finished_handler = g_signal_connect_object (scheduler, "finished", G_CALLBACK (finished_cb), self, 0);
  retour_sync_scheduler_write_back (scheduler, self->store_id);
}

gboolean
retour_request_section_get_from_store (RetourRequestSection *self)
{
  g_return_val_if_fail (RETOUR_IS_REQUEST_SECTION (self), FALSE);

  return self->store_id != 0;
}

static void
send_clicked_cb (RetourRequestSection *self)
{
  retour_request_section_send (self);
}

static void
retour_request_section_set_rma (RetourEditorSection     *section,
                                RetourRma               *rma,
                                RetourContext           *context,
                                const RetourEditorTerms *terms)
{
  RetourRequestSection *self = RETOUR_REQUEST_SECTION (section);

  if (self->context != context && self->finished_handler != 0)
    g_clear_signal_handler (&self->finished_handler, retour_context_get_sync_scheduler (self->context));
  g_set_object (&self->context, context);
  self->rma_id = rma != NULL ? rma->id : 0;
  self->status = rma != NULL ? rma->status : RETOUR_RMA_STATUS_REQUESTED;
  self->declared_us = rma != NULL ? rma->declared_us : 0;

  refresh (self);
}

/* Decline fields ------------------------------------------------------------ */

/* The storefront's reasons, in the order the drop-down lists them. */
static const RetourDeclineReason decline_reasons[] = {
  RETOUR_DECLINE_OTHER, RETOUR_DECLINE_FINAL_SALE, RETOUR_DECLINE_RETURN_PERIOD_ENDED,
};

GtkWidget *
retour_decline_fields_new (void)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reasons, *note, *caption;

  for (guint i = 0; i < G_N_ELEMENTS (decline_reasons); i++)
    gtk_string_list_append (labels, retour_decline_reason_get_label (decline_reasons[i]));
  reasons = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reasons), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why the return is declined"), -1);
  note = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (note), RETOUR_DECLINE_NOTE_MAX_CHARS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Message to the customer (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message to the customer"), -1);
  caption = gtk_label_new (_("The store tells the customer the reason and your message. A withdrawal within its "
                             "14 days cannot be declined for a final sale unless the law makes an exception."));
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), reasons);
  gtk_box_append (GTK_BOX (box), note);
  gtk_box_append (GTK_BOX (box), caption);

  g_object_set_data (G_OBJECT (box), "reasons", reasons);
  g_object_set_data (G_OBJECT (box), "note", note);

  return box;
}

RetourDeclineReason
retour_decline_fields_get_reason (GtkWidget *fields)
{
  GtkDropDown *reasons = g_object_get_data (G_OBJECT (fields), "reasons");
  guint selected;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (reasons), RETOUR_DECLINE_OTHER);

  selected = gtk_drop_down_get_selected (reasons);
  return selected < G_N_ELEMENTS (decline_reasons) ? decline_reasons[selected] : RETOUR_DECLINE_OTHER;
}

char *
retour_decline_fields_dup_note (GtkWidget *fields)
{
  GtkEditable *note = g_object_get_data (G_OBJECT (fields), "note");
  g_autofree char *text = NULL;

  g_return_val_if_fail (GTK_IS_EDITABLE (note), NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (note)));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* GObject ---------------------------------------------------------------------- */

static void
retour_request_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_request_section_set_rma;
}

static void
retour_request_section_dispose (GObject *object)
{
  RetourRequestSection *self = RETOUR_REQUEST_SECTION (object);

  if (self->finished_handler != 0)
    g_clear_signal_handler (&self->finished_handler, retour_context_get_sync_scheduler (self->context));
  g_clear_object (&self->context);

  G_OBJECT_CLASS (retour_request_section_parent_class)->dispose (object);
}

static void
retour_request_section_class_init (RetourRequestSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_request_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-request-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourRequestSection, request_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRequestSection, decision_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRequestSection, label_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRequestSection, send_button);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
}

static void
retour_request_section_init (RetourRequestSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
