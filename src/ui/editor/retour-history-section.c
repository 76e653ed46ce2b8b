/* retour-history-section.c — what happened to a return, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-history-section.h"
#include "retour-message-store.h"
#include "retour-messages-window.h"
#include "retour-rma-store.h"
#include "retour-text.h"

struct _RetourHistorySection
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *history_list;
  GtkWidget           *messages_button;

  RetourContext       *context;
  gint64               rma_id;   /* 0 when none is shown */
};

static void retour_history_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourHistorySection, retour_history_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_history_section_iface_init))

static const char *
event_title (const RetourRmaEvent *event)
{
  if (g_strcmp0 (event->kind, "created") == 0)
    return C_("history", "Created");
  if (g_strcmp0 (event->kind, "status") == 0)
    return retour_rma_status_get_label (event->to_status);
  if (g_strcmp0 (event->kind, "edited") == 0)
    return C_("history", "Edited");
  if (g_strcmp0 (event->kind, "note") == 0)
    return C_("history", "Note");
  if (g_strcmp0 (event->kind, "refund") == 0)
    return C_("history", "Refund paid");
  if (g_strcmp0 (event->kind, "store-refund") == 0)
    return C_("history", "Refunded in the store");
  if (g_strcmp0 (event->kind, "attachment") == 0)
    return C_("history", "Photo attached");
  if (g_strcmp0 (event->kind, "label") == 0)
    return C_("history", "Return label");
  if (g_strcmp0 (event->kind, "message") == 0)
    return C_("history", "Message to the customer");

  return event->kind;
}

static const char *
event_icon (const RetourRmaEvent *event)
{
  if (g_strcmp0 (event->kind, "note") == 0)
    return "document-edit-symbolic";
  if (g_strcmp0 (event->kind, "attachment") == 0)
    return "mail-attachment-symbolic";
  if (g_strcmp0 (event->kind, "refund") == 0 || g_strcmp0 (event->kind, "store-refund") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (event->kind, "message") == 0)
    return "mail-unread-symbolic";

  return "media-record-symbolic";
}

static GtkWidget *
new_event_row (RetourContext        *context,
               const RetourRmaEvent *event)
{
  g_autofree char *when = retour_context_format_time (context, event->created_us, "%x %H:%M");
  /* Notes and what they quote (file names, e-mail addresses) were typed
   * by people: the history shows a screenful of each. */
  g_autofree char *actor = retour_text_for_display (event->actor != NULL ? event->actor : "",
                                                    RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *detail = retour_text_for_display (event->detail, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (event_icon (event));

  if (detail != NULL && *detail != '\0')
    subtitle = g_strdup_printf ("%s · %s\n%s", when, actor, detail);
  else
    subtitle = g_strdup_printf ("%s · %s", when, actor);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event_title (event));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), RETOUR_EDITOR_NOTE_LINES);
  gtk_widget_add_css_class (icon, "timeline-dot");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, event_title (event),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static void
populate (RetourHistorySection *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  events = retour_rma_store_list_events (retour_context_get_database (self->context), self->rma_id, &error);
  if (events == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->history_list, row);
      return;
    }

  /* Newest first: what happened last is what one looks for. */
  for (guint i = events->len; i > 0; i--)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i - 1);

      gtk_list_box_append (self->history_list, new_event_row (self->context, event));
    }

  /* The messages themselves, as sent or waiting, a click away. */
  gtk_widget_set_visible (self->messages_button,
                          retour_message_store_count (retour_context_get_database (self->context), self->rma_id,
                                                      NULL) > 0);
}

static void
messages_clicked_cb (RetourHistorySection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RetourMessagesWindow *window;

  if (self->context == NULL || self->rma_id == 0)
    return;

  window = retour_messages_window_new (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->rma_id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
retour_history_section_set_rma (RetourEditorSection     *section,
                                RetourRma               *rma,
                                RetourContext           *context,
                                const RetourEditorTerms *terms)
{
  RetourHistorySection *self = RETOUR_HISTORY_SECTION (section);

  g_set_object (&self->context, context);
  self->rma_id = rma != NULL ? rma->id : 0;
  if (rma != NULL)
    populate (self);
}

static void
retour_history_section_reload (RetourEditorSection *section)
{
  RetourHistorySection *self = RETOUR_HISTORY_SECTION (section);

  if (self->rma_id != 0)
    populate (self);
}

static void
retour_history_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_history_section_set_rma;
  iface->reload = retour_history_section_reload;
}

static void
retour_history_section_dispose (GObject *object)
{
  RetourHistorySection *self = RETOUR_HISTORY_SECTION (object);

  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_HISTORY_SECTION);

  G_OBJECT_CLASS (retour_history_section_parent_class)->dispose (object);
}

static void
retour_history_section_class_init (RetourHistorySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_history_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-history-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourHistorySection, history_list);
  gtk_widget_class_bind_template_child (widget_class, RetourHistorySection, messages_button);
  gtk_widget_class_bind_template_callback (widget_class, messages_clicked_cb);
}

static void
retour_history_section_init (RetourHistorySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
