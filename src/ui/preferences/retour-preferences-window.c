/* retour-preferences-window.c — the shop's preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The policy is saved as a whole (it is versioned), so while it has
 * unsaved changes a bar with Save Policy and Discard stays below whatever
 * page is shown, and closing the window asks what to do with them. The
 * other pages apply each setting on its own.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-policy-page.h"
#include "retour-preferences-scroll.h"
#include "retour-preferences-window.h"
#include "retour-messages-page.h"
#include "retour-shop-page.h"
#include "retour-carriers-page.h"
#include "retour-stores-page.h"

struct _RetourPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RetourPolicyPage     *policy_page;
  RetourShopPage       *shop_page;
  RetourMessagesPage   *messages_page;
  RetourStoresPage     *stores_page;
  RetourCarriersPage   *carriers_page;
  GtkActionBar         *policy_bar;
  GtkLabel             *policy_bar_label;
  AdwMessageDialog     *close_dialog;

  RetourContext        *context;
};

G_DEFINE_FINAL_TYPE (RetourPreferencesWindow, retour_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
retour_preferences_window_constructed (GObject *object)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (retour_preferences_window_parent_class)->constructed (object);

  /* Every page takes the shop the same way, through its "context". */
  g_object_set (self->policy_page, "context", self->context, NULL);
  g_object_set (self->shop_page, "context", self->context, NULL);
  g_object_set (self->messages_page, "context", self->context, NULL);
  g_object_set (self->stores_page, "context", self->context, NULL);
  g_object_set (self->carriers_page, "context", self->context, NULL);
}

static void
policy_state_cb (RetourPreferencesWindow *self)
{
  gboolean modified = retour_policy_page_get_modified (self->policy_page);
  gboolean can_save = retour_policy_page_get_can_save (self->policy_page);
  const char *problem = retour_policy_page_get_problem (self->policy_page);

  gtk_action_bar_set_revealed (self->policy_bar, modified);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.save-policy", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.discard-policy", modified);

  gtk_label_set_text (self->policy_bar_label,
                      problem != NULL ? problem : _("The policy has unsaved changes"));
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->policy_bar_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->policy_bar_label), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->policy_bar_label), problem);
}

static void
save_policy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (widget);

  retour_policy_page_save (self->policy_page);
}

static void
discard_policy_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (widget);

  retour_policy_page_discard (self->policy_page);
}

static gboolean
destroy_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

static void
close_response_cb (RetourPreferencesWindow *self,
                   const char              *response)
{
  self->close_dialog = NULL;

  if (g_str_equal (response, "discard"))
    retour_policy_page_discard (self->policy_page);
  else if (!g_str_equal (response, "save") || !retour_policy_page_save (self->policy_page))
    {
      /* Cancelled, or the save failed (its toast says why): stay, and
       * show the policy that is still being edited. */
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                               ADW_PREFERENCES_PAGE (self->policy_page));
      return;
    }

  /* Once the dialog, which is over this window, has closed itself. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_cb, g_object_ref (self), g_object_unref);
}

static gboolean
retour_preferences_window_close_request (GtkWindow *window)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (window);
  const char *problem;
  GtkWidget *dialog;

  if (!retour_policy_page_get_modified (self->policy_page))
    return GTK_WINDOW_CLASS (retour_preferences_window_parent_class)->close_request (window);

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return TRUE;
    }

  problem = retour_policy_page_get_problem (self->policy_page);
  dialog = adw_message_dialog_new (window, _("Save Changes to the Policy?"), NULL);
  if (problem != NULL)
    /* Translators: %s says what is wrong, e.g. “Offer at least one resolution”. */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The changes cannot be saved as they are (%s): discard them, or cancel and correct them."),
                                    problem);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("Saved, the policy applies to returns created from now on; returns made earlier keep the policy they were made under."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save",
                                           retour_policy_page_get_can_save (self->policy_page));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           retour_policy_page_get_can_save (self->policy_page) ? "save" : "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, G_CONNECT_SWAPPED);
  self->close_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
retour_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (retour_preferences_window_parent_class)->dispose (object);
}

static void
retour_preferences_window_finalize (GObject *object)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (retour_preferences_window_parent_class)->finalize (object);
}

static void
retour_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  RetourPreferencesWindow *self = RETOUR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_preferences_window_class_init (RetourPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = retour_preferences_window_constructed;
  object_class->dispose = retour_preferences_window_dispose;
  object_class->finalize = retour_preferences_window_finalize;
  object_class->get_property = retour_preferences_window_get_property;
  object_class->set_property = retour_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = retour_preferences_window_close_request;

  g_type_ensure (RETOUR_TYPE_POLICY_PAGE);
  g_type_ensure (RETOUR_TYPE_SHOP_PAGE);
  g_type_ensure (RETOUR_TYPE_MESSAGES_PAGE);
  g_type_ensure (RETOUR_TYPE_STORES_PAGE);
  g_type_ensure (RETOUR_TYPE_CARRIERS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, policy_page);
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, shop_page);
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, messages_page);
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, stores_page);
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, carriers_page);
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, policy_bar);
  gtk_widget_class_bind_template_child (widget_class, RetourPreferencesWindow, policy_bar_label);
  gtk_widget_class_bind_template_callback (widget_class, policy_state_cb);

  gtk_widget_class_install_action (widget_class, "preferences.save-policy", NULL, save_policy_action);
  gtk_widget_class_install_action (widget_class, "preferences.discard-policy", NULL, discard_policy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "preferences.save-policy", NULL);
}

static void
retour_preferences_window_init (RetourPreferencesWindow *self)
{
  GtkWidget *content;
  GtkWidget *box;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* AdwPreferencesWindow fills its content with the pages (and the toast
   * overlay): the bar goes below them, so that it stays in view while a
   * long page scrolls and on every page. */
  content = g_object_ref (adw_window_get_content (ADW_WINDOW (self)));
  adw_window_set_content (ADW_WINDOW (self), NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), content);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->policy_bar));
  adw_window_set_content (ADW_WINDOW (self), box);
  g_object_unref (content);

  /* Rows added later (the categories' rules) do the same for their own. */
  retour_preferences_let_page_scroll (GTK_WIDGET (self));

  policy_state_cb (self);
}

RetourPreferencesWindow *
retour_preferences_window_new (GtkWindow     *parent,
                               RetourContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);

  return g_object_new (RETOUR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}

RetourContext *
retour_preferences_window_get_context (RetourPreferencesWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_PREFERENCES_WINDOW (self), NULL);

  return self->context;
}

void
retour_preferences_window_add_store (RetourPreferencesWindow *self)
{
  g_return_if_fail (RETOUR_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->stores_page));
  retour_stores_page_add_store (self->stores_page);
}

gboolean
retour_preferences_window_has_unsaved_changes (RetourPreferencesWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_PREFERENCES_WINDOW (self), FALSE);

  return retour_policy_page_get_modified (self->policy_page);
}
