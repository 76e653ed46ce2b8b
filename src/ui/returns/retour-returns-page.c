/* retour-returns-page.c — the returns list beside the return being edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "retour-database-watcher.h"
#include "retour-editor-pane.h"
#include "retour-list-cell.h"
#include "retour-list-search.h"
#include "retour-returns-page-private.h"
#include "retour-rma-editor.h"
#include "retour-rma-item.h"
#include "retour-rma-list-model.h"
#include "retour-search.h"
#include "retour-status-tag.h"
#include "retour-text.h"
#include "retour-wrap-box.h"

/* The "Needs Action" badge counts up to this, and says "999+" beyond. */
#define ACTION_COUNT_CAP 1000

/* Rows read at a time, whatever the height of the window. */
#define MIN_PAGE_ROWS   20
#define MAX_PAGE_ROWS  100

G_DEFINE_FINAL_TYPE (RetourReturnsPage, retour_returns_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_needing_action (RetourReturnsPage *self)
{
  return g_strcmp0 (self->view, "needs-action") == 0;
}

/* What the list area shows ------------------------------------------------- */

static void
update_list_stack (RetourReturnsPage *self)
{
  const GError *error = self->model != NULL ? retour_rma_list_model_get_error (self->model) : NULL;
  guint n_items = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  const char *name;

  if (error != NULL)
    {
      g_autofree char *description = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, description);
      name = "error";
    }
  else if (n_items > 0)
    name = "list";
  else if (self->query_text != NULL || (self->query_status >= 0 && !is_needing_action (self)))
    name = "no-matches";
  else if (is_needing_action (self))
    name = "nothing-to-do";
  else
    name = "empty";

  gtk_stack_set_visible_child_name (self->list_stack, name);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), !is_needing_action (self));
}

/* Puts the selection back on the return it was on, after the rows were
 * read again. */
static void
restore_selection (RetourReturnsPage *self)
{
  guint position = G_MAXUINT;

  if (self->selected_id != 0)
    position = retour_rma_list_model_find (self->model, self->selected_id);

  self->restoring_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->restoring_selection = FALSE;
}

static void update_label_action (RetourReturnsPage *self);

static void
run_query (RetourReturnsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;

  self->restoring_selection = TRUE;
  if (!retour_rma_list_model_set_query (self->model,
                                        self->query_text,
                                        is_needing_action (self) ? -1 : self->query_status,
                                        is_needing_action (self),
                                        &error))
    g_debug ("Could not read the returns: %s", error->message);
  self->restoring_selection = FALSE;

  restore_selection (self);
  update_list_stack (self);
  update_label_action (self);

  /* Another search, filter or view: its first rows, from the top. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), 0);
}

/* Counting ----------------------------------------------------------------- */

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RetourReturnsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 count;

  if (!retour_search_count_needing_action_finish (result, &count, &error))
    {
      /* The badge is a hint: without it the view still works. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not count the returns that need action: %s", error->message);
      return;
    }

  g_clear_object (&self->count_cancellable);

  if (count >= ACTION_COUNT_CAP)
    /* Translators: more returns need action than are counted. */
    text = g_strdup_printf (_("%u+"), ACTION_COUNT_CAP - 1);
  else
    text = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);

  gtk_label_set_text (self->action_badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->action_badge), count > 0);
}

static void
recount (RetourReturnsPage *self)
{
  if (self->db == NULL)
    return;

  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();

  retour_search_count_needing_action_async (retour_database_get_path (self->db),
                                            retour_context_now (self->context),
                                            ACTION_COUNT_CAP,
                                            self->count_cancellable,
                                            count_cb,
                                            g_object_ref (self));
}

/* Callbacks ---------------------------------------------------------------- */

/* The return open in the editor can have its label made (only once it is
 * authorized and until its parcel arrives, as the editor's button). */
static void
update_label_action (RetourReturnsPage *self)
{
  guint position = GTK_INVALID_LIST_POSITION;
  gboolean label = FALSE;

  if (self->model != NULL && self->selected_id != 0)
    position = retour_rma_list_model_find (self->model, self->selected_id);
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(RetourRmaItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      RetourRmaStatus status = retour_rma_item_get_summary (item)->status;

      label = status == RETOUR_RMA_STATUS_AUTHORIZED || status == RETOUR_RMA_STATUS_IN_TRANSIT;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "returns.label", label);
}

/* The editor, made the first time a return is opened: until then the
 * pane says that none is. */
static RetourRmaEditor *
ensure_editor (RetourReturnsPage *self)
{
  if (self->editor == NULL)
    {
      self->editor = g_object_new (RETOUR_TYPE_RMA_EDITOR,
                                   "width-request", 360,
                                   "hexpand", FALSE,
                                   NULL);
      if (self->context != NULL)
        retour_rma_editor_set_context (self->editor, self->context);
      retour_rma_editor_set_show_back (self->editor, adw_leaflet_get_folded (self->leaflet));
      retour_editor_pane_set_child (RETOUR_EDITOR_PANE (self->editor_pane), GTK_WIDGET (self->editor));
    }

  return self->editor;
}

/* Selectable labels under @widget select all their text when the focus
 * passes through them; the focus moving on leaves it selected. */
static void
unselect_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)) &&
      gtk_label_get_selection_bounds (GTK_LABEL (widget), NULL, NULL))
    gtk_label_select_region (GTK_LABEL (widget), 0, 0);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    unselect_labels (child);
}

/* Moves the keyboard into the editor, as a person would with Tab. The
 * return's number, first in the editor, is read, not about to be copied
 * or replaced: it is not left selected. */
static void
focus_editor (RetourReturnsPage *self)
{
  gtk_widget_child_focus (GTK_WIDGET (ensure_editor (self)), GTK_DIR_TAB_FORWARD);
  unselect_labels (GTK_WIDGET (self->editor));
}

static void
open_editor (RetourReturnsPage *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
  focus_editor (self);
}

/* The view's own list, inside the column view: it has the actions
 * GtkColumnView lacks in GTK 4.8 (list.scroll-to-item). */
static GtkWidget *
inner_list_view (RetourReturnsPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }

  return NULL;
}

static void
scroll_to_selection (RetourReturnsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkWidget *list = inner_list_view (self);

  if (position != GTK_INVALID_LIST_POSITION && list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
}

static void
selection_changed_cb (RetourReturnsPage *self)
{
  RetourRmaItem *item;
  gint64 id;

  if (self->restoring_selection)
    return;

  item = gtk_single_selection_get_selected_item (self->selection);
  id = item != NULL ? retour_rma_item_get_id (item) : 0;
  if (id == self->selected_id || id == 0)
    return;

  retour_rma_editor_show (ensure_editor (self), id);

  /* The editor stays on a return whose edits could not be saved (and
   * says why): so does the selection. */
  self->selected_id = retour_rma_editor_get_rma_id (self->editor);
  if (self->selected_id != id)
    restore_selection (self);

  update_label_action (self);
}

/* Return (or a double click) on a row opens it, whichever row was
 * selected before. */
static void
row_activated_cb (RetourReturnsPage *self,
                  guint              position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (self->selected_id != 0 &&
      self->editor != NULL && self->selected_id == retour_rma_editor_get_rma_id (self->editor))
    open_editor (self);
}

/* On a narrow window the list and the editor take turns: a click on a row
 * (which selects it) opens it, where a wide window shows it beside. */
static void
list_clicked_cb (RetourReturnsPage *self,
                 int                n_press,
                 double             x,
                 double             y,
                 GtkGestureClick   *gesture)
{
  GtkWidget *picked;

  if (n_press != 1 || !adw_leaflet_get_folded (self->leaflet) ||
      gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) != GDK_BUTTON_PRIMARY)
    return;

  /* A row, not a column header. */
  picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  if (picked == NULL || gtk_widget_get_ancestor (picked, GTK_TYPE_LIST_VIEW) == NULL)
    return;

  if (self->selected_id != 0 &&
      self->editor != NULL && self->selected_id == retour_rma_editor_get_rma_id (self->editor))
    open_editor (self);
}

static void
leaflet_folded_cb (RetourReturnsPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  if (self->editor != NULL)
    retour_rma_editor_set_show_back (self->editor, folded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "returns.back", folded);
}

/* A list too narrow for its columns does without the least needed of
 * them, one at a time (the date, the items, the refund, the order, the
 * age) rather than scroll sideways; each comes back once the list is as
 * wide as it was with it. */
static gboolean
fit_columns_cb (gpointer user_data)
{
  RetourReturnsPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));
  double width = gtk_adjustment_get_page_size (adjustment);
  double needed = gtk_adjustment_get_upper (adjustment);

  self->fit_source = 0;
  if (width <= 0)
    return G_SOURCE_REMOVE;

  if (needed > width + 1)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->optional); i++)
        {
          if (self->needed_width[i] == 0)
            {
              self->needed_width[i] = needed;
              gtk_column_view_column_set_visible (self->optional[i], FALSE);
              break;
            }
        }
    }
  else
    {
      for (guint i = G_N_ELEMENTS (self->optional); i-- > 0;)
        {
          if (self->needed_width[i] == 0)
            continue;
          if (width >= self->needed_width[i])
            {
              self->needed_width[i] = 0;
              gtk_column_view_column_set_visible (self->optional[i], TRUE);
            }
          break;
        }
    }

  return G_SOURCE_REMOVE;
}

/* Not while the view is being laid out: after. */
static void
list_resized_cb (RetourReturnsPage *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, fit_columns_cb, self, NULL);
}

static void
search_changed_cb (RetourReturnsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  /* Too short to search the index for: keep what is shown and say why
   * nothing happens. */
  if (*text != '\0' && !retour_search_is_searchable (text))
    {
      gtk_revealer_set_reveal_child (self->hint_revealer, TRUE);
      return;
    }

  gtk_revealer_set_reveal_child (self->hint_revealer, FALSE);

  if (g_strcmp0 (self->query_text, *text != '\0' ? text : NULL) == 0)
    return;

  g_free (self->query_text);
  self->query_text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  run_query (self);
}

static void
status_selected_cb (RetourReturnsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  /* "Needs Action" shows every status: the drop-down says so, and the
   * status chosen for the other view waits. */
  if (is_needing_action (self))
    return;

  /* Item 0 is "All Statuses"; the others follow the lifecycle order. */
  self->query_status = (selected == 0 || selected == GTK_INVALID_LIST_POSITION) ? -1 : (int) selected - 1;
  run_query (self);
}

/* Reads further when the rows on screen come near the end of the rows
 * read so far; and reads a screen and a half of rows at a time, about what
 * a person sees of a search, since each row read makes a row widget. */
static void
scrolled_cb (RetourReturnsPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  double upper = gtk_adjustment_get_upper (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  guint n_items;

  if (self->model == NULL || upper <= 0)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n_items > 0 && page > 0)
    {
      double row_height = upper / n_items;
      guint rows = (guint) ceil (page / row_height);

      retour_rma_list_model_set_page_size (self->model, CLAMP (rows + rows / 2, MIN_PAGE_ROWS, MAX_PAGE_ROWS));
    }

  retour_rma_list_model_prefetch (self->model, (guint) (n_items * (gtk_adjustment_get_value (adjustment) + page) / upper));
}

/* Another font or size (Large Text): cells and tags are measured again,
 * and the rows made again with them. */
static void
font_changed_cb (RetourReturnsPage *self)
{
  if (self->tag_width == 0 || self->selection == NULL)
    return;

  _retour_returns_page_measure_font (self);
  _retour_returns_page_measure_tag_columns (self);
  gtk_column_view_set_model (self->column_view, NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

/* Actions ------------------------------------------------------------------ */

static void
retour_returns_page_find (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
retour_returns_page_back (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (widget);

  if (!adw_leaflet_get_folded (self->leaflet))
    return;

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
retour_returns_page_label (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (widget);

  if (self->selected_id != 0)
    gtk_widget_activate_action (widget, "win.label", "x", self->selected_id);
}

static void
set_view (RetourReturnsPage *self,
          const char        *view)
{
  if (g_strcmp0 (view, "needs-action") != 0)
    view = "all";

  if (g_strcmp0 (self->view, view) == 0)
    return;

  g_free (self->view);
  self->view = g_strdup (view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);

  /* What needs doing is a column of its own in "Needs Action" only. */
  if (is_needing_action (self))
    gtk_column_view_insert_column (self->column_view, 2, self->action_column_ref);
  else
    gtk_column_view_remove_column (self->column_view, self->action_column_ref);

  /* The status filter does not apply there: it says "All Statuses". */
  g_signal_handlers_block_by_func (self->status_dropdown, status_selected_cb, self);
  gtk_drop_down_set_selected (self->status_dropdown, is_needing_action (self) ? 0 : (guint) (self->query_status + 1));
  g_signal_handlers_unblock_by_func (self->status_dropdown, status_selected_cb, self);

  run_query (self);
}

/* GObject ------------------------------------------------------------------ */

static void
disconnect_database (RetourReturnsPage *self)
{
  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_data (self->watcher, self);
  g_clear_object (&self->watcher);
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  g_clear_object (&self->db);
}

static void
retour_returns_page_dispose (GObject *object)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (object);

  disconnect_database (self);

  /* It goes with its pane. */
  self->editor = NULL;

  /* The view lets go of the model before the model goes. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_object (&self->action_column_ref);
  g_clear_handle_id (&self->fit_source, g_source_remove);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_RETURNS_PAGE);

  G_OBJECT_CLASS (retour_returns_page_parent_class)->dispose (object);
}

static void
retour_returns_page_finalize (GObject *object)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (object);

  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->query_text, g_free);

  G_OBJECT_CLASS (retour_returns_page_parent_class)->finalize (object);
}

static void
retour_returns_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_returns_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RetourReturnsPage *self = RETOUR_RETURNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_returns_page_set_context (self, g_value_get_object (value));
      break;

    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_returns_page_class_init (RetourReturnsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_returns_page_dispose;
  object_class->finalize = retour_returns_page_finalize;
  object_class->get_property = retour_returns_page_get_property;
  object_class->set_property = retour_returns_page_set_property;

  /* The shop shown, set by the window; setting it again reloads. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "all" or "needs-action". */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "all",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_RMA_EDITOR);
  g_type_ensure (RETOUR_TYPE_EDITOR_PANE);
  g_type_ensure (RETOUR_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-returns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, action_badge);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, hint_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, action_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, created_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, items_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, order_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, refund_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, age_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_clicked_cb);
  _retour_returns_page_class_bind_cells (widget_class);

  gtk_widget_class_install_action (widget_class, "returns.find", NULL, retour_returns_page_find);
  gtk_widget_class_install_action (widget_class, "returns.back", NULL, retour_returns_page_back);
  gtk_widget_class_install_action (widget_class, "returns.label", NULL, retour_returns_page_label);
  gtk_widget_class_install_property_action (widget_class, "returns.view", "view");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "returns.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "returns.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "returns.label", NULL);
}

static void
retour_returns_page_init (RetourReturnsPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  self->view = g_strdup ("all");
  self->query_status = -1;
  _retour_returns_page_count_column_chars (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->action_column_ref = g_object_ref (self->action_column);
  gtk_column_view_remove_column (self->column_view, self->action_column);
  _retour_returns_page_align_numeric_headers (self);

  gtk_string_list_append (statuses, _("All Statuses"));
  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    gtk_string_list_append (statuses, retour_rma_status_get_label ((RetourRmaStatus) i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  retour_list_search_attach (GTK_WIDGET (self), self->search_entry, GTK_WIDGET (self->column_view), "returns.find");

  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)),
                           "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)),
                           "changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);

  self->optional[0] = self->created_column;
  self->optional[1] = self->items_column;
  self->optional[2] = self->refund_column;
  self->optional[3] = self->order_column;
  self->optional[4] = self->age_column;
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view)),
                           "changed", G_CALLBACK (list_resized_cb), self, G_CONNECT_SWAPPED);

  leaflet_folded_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "returns.label", FALSE);

  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-font-name",
                           G_CALLBACK (font_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (font_changed_cb), self, G_CONNECT_SWAPPED);
}

void
retour_returns_page_set_context (RetourReturnsPage *self,
                                 RetourContext     *context)
{
  g_return_if_fail (RETOUR_IS_RETURNS_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (self->context == context)
    {
      retour_returns_page_reload (self);
      return;
    }

  disconnect_database (self);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_set_object (&self->context, context);
  self->selected_id = 0;

  /* Before the first row is made: cells are as wide as what they show,
   * tags as wide as the widest of them. */
  if (self->tag_width == 0)
    {
      _retour_returns_page_measure_font (self);
      _retour_returns_page_measure_tag_columns (self);
    }

  self->db = g_object_ref (retour_context_get_database (context));
  self->watcher = retour_database_watcher_new (self->db);
  /* After a commit on the page's own connection (the editor, the
   * new-return and receive windows), or one in another program. */
  g_signal_connect_swapped (self->watcher, "changed", G_CALLBACK (retour_returns_page_reload), self);

  self->model = retour_rma_list_model_new (context);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  if (self->editor != NULL)
    retour_rma_editor_set_context (self->editor, context);

  run_query (self);
  recount (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
retour_returns_page_reload (RetourReturnsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_RETURNS_PAGE (self));

  if (self->model == NULL)
    return;

  retour_database_watcher_catch_up (self->watcher);

  self->restoring_selection = TRUE;
  if (!retour_rma_list_model_reload (self->model, &error))
    g_debug ("Could not read the returns again: %s", error->message);
  self->restoring_selection = FALSE;

  restore_selection (self);
  update_list_stack (self);
  update_label_action (self);
  recount (self);
  if (self->editor != NULL)
    retour_rma_editor_refresh (self->editor);
}

void
retour_returns_page_show_rma (RetourReturnsPage *self,
                              gint64             rma_id)
{
  g_return_if_fail (RETOUR_IS_RETURNS_PAGE (self));
  g_return_if_fail (rma_id > 0);

  self->selected_id = rma_id;
  restore_selection (self);
  retour_rma_editor_show (ensure_editor (self), rma_id);
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
  /* A return just made is selected on top of the list: in view too, if
   * the list was scrolled down. */
  scroll_to_selection (self);
  update_label_action (self);
}

RetourRmaEditor *
retour_returns_page_get_editor (RetourReturnsPage *self)
{
  g_return_val_if_fail (RETOUR_IS_RETURNS_PAGE (self), NULL);

  return ensure_editor (self);
}
