/* retour-reason-row.c — one offered return reason, edited in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-reason-row.h"

struct _RetourReasonRow
{
  AdwExpanderRow  parent_instance;

  /* Template widgets */
  AdwEntryRow    *name_row;
  AdwEntryRow    *customer_name_rows[RETOUR_N_CUSTOMER_LANGUAGES];
  GtkSwitch      *controllable_switch;
  GtkWidget      *fee_row;
  GtkSwitch      *fee_switch;
  GtkSwitch      *photo_switch;
  GtkWidget      *up_button;
  GtkWidget      *down_button;
  AdwActionRow   *retire_row;
  GtkButton      *retire_button;

  RetourReason   *reason;
  char           *problem;
  char           *summary;
  gboolean        can_move_up;
  gboolean        can_move_down;
  gboolean        can_retire;
  gboolean        populating;
};

G_DEFINE_FINAL_TYPE (RetourReasonRow, retour_reason_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_PROBLEM,
  PROP_SUMMARY,
  PROP_CAN_MOVE_UP,
  PROP_CAN_MOVE_DOWN,
  PROP_CAN_RETIRE,
  N_PROPS
};

enum {
  CHANGED,
  MOVE,
  RETIRE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
retour_reason_row_format_title (const RetourReason *reason)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (reason != NULL, NULL);

  title = retour_text_for_display (reason->label != NULL ? reason->label : "",
                                   RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  return *title != '\0' ? g_steal_pointer (&title) : g_strdup (_("Unnamed Reason"));
}

static void
update_title (RetourReasonRow *self)
{
  g_autofree char *title = retour_reason_row_format_title (self->reason);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
}

/* A problem marks the row and its name, and says what it is where the
 * summary would be. */
static void
update_problem (RetourReasonRow *self)
{
  const char *subtitle = self->problem != NULL ? self->problem : self->summary;

  if (self->problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_row), self->problem);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle != NULL ? subtitle : "");
}

static void
name_changed_cb (RetourReasonRow *self)
{
  if (self->populating)
    return;

  g_free (self->reason->label);
  self->reason->label = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  update_title (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
customer_name_changed_cb (RetourReasonRow *self,
                          AdwEntryRow     *row)
{
  g_autofree char *name = NULL;

  if (self->populating)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    if (self->customer_name_rows[i] == row)
      {
        g_free (self->reason->customer_names[i]);
        self->reason->customer_names[i] = *name != '\0' ? g_steal_pointer (&name) : NULL;
      }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
flags_changed_cb (RetourReasonRow *self)
{
  RetourReason *reason = self->reason;

  if (self->populating)
    return;

  reason->controllable = gtk_switch_get_active (self->controllable_switch);
  reason->restocking_fee = gtk_switch_get_active (self->fee_switch);
  reason->requires_photo = gtk_switch_get_active (self->photo_switch);
  gtk_widget_set_sensitive (self->fee_row, !reason->controllable);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[MOVE], 0, g_str_equal (action_name, "reason.move-up") ? -1 : +1);
}

/* Alt+↑ and Alt+↓ from anywhere in the row, the name entry too. They are
 * the row's at either end of the list as well, where nothing moves. */
static gboolean
move_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  g_signal_emit (widget, signals[MOVE], 0, g_variant_get_int32 (args));

  return TRUE;
}

static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_signal_emit (widget, signals[RETIRE], 0);
}

static void
populate (RetourReasonRow *self)
{
  const RetourReason *reason = self->reason;

  self->populating = TRUE;

  update_title (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), reason->label != NULL ? reason->label : "");
  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    gtk_editable_set_text (GTK_EDITABLE (self->customer_name_rows[i]),
                           reason->customer_names[i] != NULL ? reason->customer_names[i] : "");
  gtk_switch_set_active (self->controllable_switch, reason->controllable);
  gtk_switch_set_active (self->fee_switch, reason->restocking_fee);
  gtk_switch_set_active (self->photo_switch, reason->requires_photo);
  gtk_widget_set_sensitive (self->fee_row, !reason->controllable);

  /* One added in this draft is in no return yet: it can simply go. */
  if (reason->id == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->retire_row), _("Remove This Reason"));
      adw_action_row_set_subtitle (self->retire_row, _("It is new: no return has it yet"));
      gtk_button_set_label (self->retire_button, _("_Remove"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->retire_row), _("Retire This Reason"));
      adw_action_row_set_subtitle (self->retire_row,
                                   _("New returns can no longer pick it; returns that have it keep it"));
      gtk_button_set_label (self->retire_button, _("_Retire"));
    }

  self->populating = FALSE;
}

GtkWidget *
retour_reason_row_new (RetourReason *reason)
{
  RetourReasonRow *self;

  g_return_val_if_fail (reason != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_REASON_ROW, NULL);
  self->reason = reason;
  populate (self);

  return GTK_WIDGET (self);
}

RetourReason *
retour_reason_row_get_reason (RetourReasonRow *self)
{
  g_return_val_if_fail (RETOUR_IS_REASON_ROW (self), NULL);

  return self->reason;
}

static void
set_text (RetourReasonRow  *self,
          char            **field,
          const char       *text,
          GParamSpec       *pspec)
{
  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_strdup (text);
  update_problem (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
retour_reason_row_set_problem (RetourReasonRow *self,
                               const char      *problem)
{
  g_return_if_fail (RETOUR_IS_REASON_ROW (self));

  set_text (self, &self->problem, problem, properties[PROP_PROBLEM]);
}

void
retour_reason_row_set_summary (RetourReasonRow *self,
                               const char      *summary)
{
  g_return_if_fail (RETOUR_IS_REASON_ROW (self));

  set_text (self, &self->summary, summary, properties[PROP_SUMMARY]);
}

static void
set_can_move (RetourReasonRow *self,
              gboolean        *field,
              gboolean         can_move,
              GParamSpec      *pspec)
{
  can_move = !!can_move;
  if (*field == can_move)
    return;

  *field = can_move;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reason.move-up", self->can_move_up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reason.move-down", self->can_move_down);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
retour_reason_row_set_can_move (RetourReasonRow *self,
                                gboolean         up,
                                gboolean         down)
{
  g_return_if_fail (RETOUR_IS_REASON_ROW (self));

  set_can_move (self, &self->can_move_up, up, properties[PROP_CAN_MOVE_UP]);
  set_can_move (self, &self->can_move_down, down, properties[PROP_CAN_MOVE_DOWN]);
}

void
retour_reason_row_set_can_retire (RetourReasonRow *self,
                                  gboolean         can_retire)
{
  g_return_if_fail (RETOUR_IS_REASON_ROW (self));

  can_retire = !!can_retire;
  if (self->can_retire == can_retire)
    return;

  self->can_retire = can_retire;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reason.retire", can_retire);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->retire_button),
                               can_retire ? NULL : _("The last reason offered cannot be retired"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RETIRE]);
}

void
retour_reason_row_focus (RetourReasonRow     *self,
                         RetourReasonRowPart  part)
{
  g_return_if_fail (RETOUR_IS_REASON_ROW (self));

  switch (part)
    {
    case RETOUR_REASON_ROW_PART_NAME:
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      break;
    case RETOUR_REASON_ROW_PART_UP:
      gtk_widget_grab_focus (self->up_button);
      break;
    case RETOUR_REASON_ROW_PART_DOWN:
      gtk_widget_grab_focus (self->down_button);
      break;
    case RETOUR_REASON_ROW_PART_ROW:
    default:
      gtk_widget_grab_focus (GTK_WIDGET (self));
      break;
    }
}

/* GObject ------------------------------------------------------------------ */

static void
retour_reason_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_REASON_ROW);

  G_OBJECT_CLASS (retour_reason_row_parent_class)->dispose (object);
}

static void
retour_reason_row_finalize (GObject *object)
{
  RetourReasonRow *self = RETOUR_REASON_ROW (object);

  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (retour_reason_row_parent_class)->finalize (object);
}

static void
retour_reason_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RetourReasonRow *self = RETOUR_REASON_ROW (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_CAN_MOVE_UP:
      g_value_set_boolean (value, self->can_move_up);
      break;

    case PROP_CAN_MOVE_DOWN:
      g_value_set_boolean (value, self->can_move_down);
      break;

    case PROP_CAN_RETIRE:
      g_value_set_boolean (value, self->can_retire);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_reason_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RetourReasonRow *self = RETOUR_REASON_ROW (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      retour_reason_row_set_problem (self, g_value_get_string (value));
      break;

    case PROP_SUMMARY:
      retour_reason_row_set_summary (self, g_value_get_string (value));
      break;

    case PROP_CAN_MOVE_UP:
      retour_reason_row_set_can_move (self, g_value_get_boolean (value), self->can_move_down);
      break;

    case PROP_CAN_MOVE_DOWN:
      retour_reason_row_set_can_move (self, self->can_move_up, g_value_get_boolean (value));
      break;

    case PROP_CAN_RETIRE:
      retour_reason_row_set_can_retire (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_reason_row_class_init (RetourReasonRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_reason_row_dispose;
  object_class->finalize = retour_reason_row_finalize;
  object_class->get_property = retour_reason_row_get_property;
  object_class->set_property = retour_reason_row_set_property;

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_MOVE_UP] =
    g_param_spec_boolean ("can-move-up", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_MOVE_DOWN] =
    g_param_spec_boolean ("can-move-down", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_RETIRE] =
    g_param_spec_boolean ("can-retire", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[MOVE] =
    g_signal_new ("move",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  signals[RETIRE] =
    g_signal_new ("retire",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-reason-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, name_row);
  gtk_widget_class_bind_template_child_full (widget_class, "customer_name_0", FALSE,
                                             G_STRUCT_OFFSET (RetourReasonRow, customer_name_rows[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "customer_name_1", FALSE,
                                             G_STRUCT_OFFSET (RetourReasonRow, customer_name_rows[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "customer_name_2", FALSE,
                                             G_STRUCT_OFFSET (RetourReasonRow, customer_name_rows[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "customer_name_3", FALSE,
                                             G_STRUCT_OFFSET (RetourReasonRow, customer_name_rows[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "customer_name_4", FALSE,
                                             G_STRUCT_OFFSET (RetourReasonRow, customer_name_rows[4]));
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, controllable_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, fee_row);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, fee_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, photo_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, retire_row);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonRow, retire_button);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flags_changed_cb);

  gtk_widget_class_install_action (widget_class, "reason.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "reason.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "reason.retire", NULL, retire_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, move_shortcut_cb, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, move_shortcut_cb, "i", +1);
}

static void
retour_reason_row_init (RetourReasonRow *self)
{
  self->can_move_up = TRUE;
  self->can_move_down = TRUE;
  self->can_retire = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    {
      /* Translators: the title of an entry for what customers read as a
       * return reason in one language; %s is the language ("Dutch"). */
      g_autofree char *title = g_strdup_printf (_("Name for Customers (%s)"), retour_customer_language_name (i));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_name_rows[i]), title);
    }
}
