/* retour-policy-page-history.c — the Recent Changes group of the Policy
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-audit-store.h"
#include "retour-policy-page-history.h"
#include "retour-policy-page-private.h"
#include "retour-text.h"

#define HISTORY_LIMIT 8

struct _RetourPolicyPageHistory
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *history_list;

  RetourContext       *context;
};

G_DEFINE_FINAL_TYPE (RetourPolicyPageHistory, retour_policy_page_history, ADW_TYPE_PREFERENCES_GROUP)

static GtkWidget *
new_event_row (RetourPolicyPageHistory *self,
               const RetourAuditEvent  *event)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (event->created_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL
                               ? g_date_time_to_timezone (utc, retour_context_get_time_zone (self->context))
                               : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%x %H:%M") : g_strdup ("");
  /* What changed quotes reasons and categories as they were typed. */
  g_autofree char *detail = retour_text_for_display (event->detail, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  g_autofree char *actor = retour_text_for_display (event->actor != NULL ? event->actor : "",
                                                    RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: when a change was made, and who made it. */
  subtitle = g_strdup_printf (_("%s · %s"), when, actor);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), detail);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

void
retour_policy_page_history_refresh (RetourPolicyPageHistory *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_POLICY_PAGE_HISTORY (self));

  if (self->context == NULL)
    return;

  _retour_policy_page_clear_list_box (self->history_list, NULL);

  events = retour_audit_store_list (retour_context_get_database (self->context), NULL, HISTORY_LIMIT, &error);
  if (events == NULL || events->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     events == NULL ? error->message : _("No changes yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->history_list, row);
      return;
    }

  for (guint i = 0; i < events->len; i++)
    gtk_list_box_append (self->history_list, new_event_row (self, g_ptr_array_index (events, i)));
}

void
retour_policy_page_history_set_context (RetourPolicyPageHistory *self,
                                        RetourContext           *context)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE_HISTORY (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    retour_policy_page_history_refresh (self);
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_history_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (retour_policy_page_history_parent_class)->map (widget);

  /* The Shop page may have written to the trail meanwhile. */
  retour_policy_page_history_refresh (RETOUR_POLICY_PAGE_HISTORY (widget));
}

static void
retour_policy_page_history_dispose (GObject *object)
{
  RetourPolicyPageHistory *self = RETOUR_POLICY_PAGE_HISTORY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_POLICY_PAGE_HISTORY);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (retour_policy_page_history_parent_class)->dispose (object);
}

static void
retour_policy_page_history_class_init (RetourPolicyPageHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_history_dispose;

  widget_class->map = retour_policy_page_history_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-history.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageHistory, history_list);
}

static void
retour_policy_page_history_init (RetourPolicyPageHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
