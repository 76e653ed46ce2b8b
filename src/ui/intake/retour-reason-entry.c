/* retour-reason-entry.c — picking a return reason by typing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-reason-entry.h"

/* How well a reason matches what was typed; lower is better. */
typedef enum
{
  MATCH_START,   /* "chan" in "Changed my mind" */
  MATCH_WORD,    /* "mind" */
  MATCH_INSIDE,  /* "ange" */
  MATCH_NONE,
} MatchKind;

typedef struct
{
  guint     position;
  MatchKind kind;
} Match;

struct _RetourReasonEntry
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkEntry          *entry;
  GtkPopover        *popover;
  GtkScrolledWindow *scroller;
  GtkListBox        *list;

  GListModel        *reasons;
  GArray            *matches;     /* Match, as listed */
  guint              completing;  /* > 0 while the text is set, not typed */
};

G_DEFINE_FINAL_TYPE (RetourReasonEntry, retour_reason_entry, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_label (RetourReasonEntry *self,
           guint              position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (self->reasons, position);

  return item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

static MatchKind
match_kind (const char *label,
            const char *typed)
{
  g_autofree char *folded = g_utf8_casefold (label, -1);
  const char *found = strstr (folded, typed);

  if (found == NULL)
    return MATCH_NONE;
  if (found == folded)
    return MATCH_START;

  /* A later occurrence may start a word where the first does not. */
  for (; found != NULL; found = strstr (found + 1, typed))
    {
      gunichar before = g_utf8_get_char (g_utf8_find_prev_char (folded, found));

      if (!g_unichar_isalnum (before))
        return MATCH_WORD;
    }

  return MATCH_INSIDE;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const Match *ma = a;
  const Match *mb = b;

  if (ma->kind != mb->kind)
    return ma->kind < mb->kind ? -1 : 1;

  return ma->position < mb->position ? -1 : ma->position > mb->position;
}

/* The reasons that match @text, best first; every reason when @text is
 * empty. */
static void
find_matches (RetourReasonEntry *self,
              const char        *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *typed = g_utf8_casefold (stripped, -1);
  guint n = g_list_model_get_n_items (self->reasons);

  g_array_set_size (self->matches, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = dup_label (self, i);
      Match match = { i, *typed == '\0' ? MATCH_START : match_kind (label, typed) };

      if (match.kind != MATCH_NONE)
        g_array_append_val (self->matches, match);
    }
  g_array_sort (self->matches, compare_matches);
}

static void
fill_list (RetourReasonEntry *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < self->matches->len; i++)
    {
      g_autofree char *text = dup_label (self, g_array_index (self->matches, Match, i).position);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->list, row);
    }

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
}

static void
show_list (RetourReasonEntry *self)
{
  if (self->matches->len == 0)
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  /* As wide as the field: a long reason is cut short, not widened. */
  gtk_widget_set_size_request (GTK_WIDGET (self->popover), gtk_widget_get_width (GTK_WIDGET (self)), -1);
  gtk_popover_popup (self->popover);
}

/* Lists every reason, the one the field names highlighted. */
static void
show_all (RetourReasonEntry *self)
{
  guint selected = retour_reason_entry_get_selected (self);

  find_matches (self, "");
  fill_list (self);
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, selected));
  show_list (self);
}

static void
move_highlight (RetourReasonEntry *self,
                int                step)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int n = (int) self->matches->len;
  graphene_rect_t bounds;
  int index;

  if (n == 0)
    return;

  index = row != NULL ? gtk_list_box_row_get_index (row) + step : 0;
  index = CLAMP (index, 0, n - 1);
  row = gtk_list_box_get_row_at_index (self->list, index);
  gtk_list_box_select_row (self->list, row);

  /* In sight in a long list; the focus stays in the field. */
  if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->list), &bounds))
    gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (self->scroller),
                               bounds.origin.y, bounds.origin.y + bounds.size.height);
}

static void
set_text (RetourReasonEntry *self,
          const char        *text)
{
  self->completing++;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->completing--;
}

static void
take (RetourReasonEntry *self,
      guint              position)
{
  g_autofree char *label = dup_label (self, position);

  if (label != NULL && g_strcmp0 (label, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    set_text (self, label);
  /* All of a reason too long for the field. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), label);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_popover_popdown (self->popover);
}

/* The reason highlighted in the list, else the best match for what was
 * typed, if any. */
static guint
best_match (RetourReasonEntry *self)
{
  GtkListBoxRow *row = gtk_widget_get_visible (GTK_WIDGET (self->popover))
                         ? gtk_list_box_get_selected_row (self->list)
                         : NULL;

  if (row != NULL)
    return g_array_index (self->matches, Match, gtk_list_box_row_get_index (row)).position;

  find_matches (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  return self->matches->len > 0 ? g_array_index (self->matches, Match, 0).position : GTK_INVALID_LIST_POSITION;
}

/* Signal handlers ---------------------------------------------------------- */

static void
entry_changed_cb (RetourReasonEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  g_signal_emit (self, signals[CHANGED], 0);

  if (self->completing > 0)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), NULL);
  if (*text == '\0')
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  find_matches (self, text);
  fill_list (self);
  show_list (self);
}

static void
entry_activate_cb (RetourReasonEntry *self)
{
  retour_reason_entry_commit (self);
}

static void
entry_icon_release_cb (RetourReasonEntry    *self,
                       GtkEntryIconPosition  position)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (self->popover);
  else
    show_all (self);
}

static void
row_activated_cb (RetourReasonEntry *self,
                  GtkListBoxRow     *row)
{
  take (self, g_array_index (self->matches, Match, gtk_list_box_row_get_index (row)).position);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Before the text field sees them: the keys that work the list. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RetourReasonEntry     *self)
{
  gboolean open = gtk_widget_get_visible (GTK_WIDGET (self->popover));

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (open)
        move_highlight (self, 1);
      else
        show_all (self);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (!open)
        return FALSE;
      move_highlight (self, -1);
      return TRUE;

    case GDK_KEY_Escape:
      if (!open)
        return FALSE;
      gtk_popover_popdown (self->popover);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (!open)
        return FALSE;
      retour_reason_entry_commit (self);
      return TRUE;

    default:
      return FALSE;
    }
}

/* Tab, a click elsewhere: what was typed becomes the reason it matches. */
static void
focus_leave_cb (RetourReasonEntry *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    retour_reason_entry_commit (self);
  gtk_popover_popdown (self->popover);
  /* Left behind, a long reason reads from its start. */
  gtk_editable_set_position (GTK_EDITABLE (self->entry), 0);
}

/* GtkWidget ---------------------------------------------------------------- */

static void
retour_reason_entry_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  RetourReasonEntry *self = RETOUR_REASON_ENTRY (widget);

  gtk_widget_measure (GTK_WIDGET (self->entry), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
retour_reason_entry_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  RetourReasonEntry *self = RETOUR_REASON_ENTRY (widget);

  gtk_widget_size_allocate (GTK_WIDGET (self->entry), &(GtkAllocation) { 0, 0, width, height }, baseline);
  gtk_popover_present (self->popover);
}

static gboolean
retour_reason_entry_grab_focus (GtkWidget *widget)
{
  RetourReasonEntry *self = RETOUR_REASON_ENTRY (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* GObject ------------------------------------------------------------------ */

static void
retour_reason_entry_dispose (GObject *object)
{
  RetourReasonEntry *self = RETOUR_REASON_ENTRY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_REASON_ENTRY);
  g_clear_object (&self->reasons);

  G_OBJECT_CLASS (retour_reason_entry_parent_class)->dispose (object);
}

static void
retour_reason_entry_finalize (GObject *object)
{
  RetourReasonEntry *self = RETOUR_REASON_ENTRY (object);

  g_clear_pointer (&self->matches, g_array_unref);

  G_OBJECT_CLASS (retour_reason_entry_parent_class)->finalize (object);
}

static void
retour_reason_entry_class_init (RetourReasonEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_reason_entry_dispose;
  object_class->finalize = retour_reason_entry_finalize;
  widget_class->measure = retour_reason_entry_measure;
  widget_class->size_allocate = retour_reason_entry_size_allocate;
  widget_class->grab_focus = retour_reason_entry_grab_focus;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-reason-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReasonEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonEntry, popover);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonEntry, scroller);
  gtk_widget_class_bind_template_child (widget_class, RetourReasonEntry, list);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_icon_release_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
retour_reason_entry_init (RetourReasonEntry *self)
{
  GtkEventController *keys;
  GtkEventController *focus;

  self->matches = g_array_new (FALSE, FALSE, sizeof (Match));

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
retour_reason_entry_new (GListModel *reasons)
{
  RetourReasonEntry *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (reasons), NULL);

  self = g_object_new (RETOUR_TYPE_REASON_ENTRY, NULL);
  self->reasons = g_object_ref (reasons);

  return GTK_WIDGET (self);
}

GListModel *
retour_reason_entry_get_model (RetourReasonEntry *self)
{
  g_return_val_if_fail (RETOUR_IS_REASON_ENTRY (self), NULL);

  return self->reasons;
}

guint
retour_reason_entry_get_selected (RetourReasonEntry *self)
{
  g_autofree char *stripped = NULL;
  g_autofree char *typed = NULL;
  guint n;

  g_return_val_if_fail (RETOUR_IS_REASON_ENTRY (self), GTK_INVALID_LIST_POSITION);

  stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  typed = g_utf8_casefold (stripped, -1);
  if (*typed == '\0')
    return GTK_INVALID_LIST_POSITION;

  n = g_list_model_get_n_items (self->reasons);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = dup_label (self, i);
      g_autofree char *folded = g_utf8_casefold (label, -1);

      if (strcmp (folded, typed) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

gboolean
retour_reason_entry_commit (RetourReasonEntry *self)
{
  g_autofree char *stripped = NULL;
  guint position;

  g_return_val_if_fail (RETOUR_IS_REASON_ENTRY (self), FALSE);

  stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (*stripped == '\0')
    {
      gtk_popover_popdown (self->popover);
      return TRUE;
    }

  position = best_match (self);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_error_bell (GTK_WIDGET (self));
      gtk_popover_popdown (self->popover);
      return FALSE;
    }

  take (self, position);

  return TRUE;
}

const char *
retour_reason_entry_get_text (RetourReasonEntry *self)
{
  g_return_val_if_fail (RETOUR_IS_REASON_ENTRY (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}
