/* retour-returns-page.c — the returns list beside the return being edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-database-watcher.h"
#include "retour-list-cell.h"
#include "retour-list-search.h"
#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-item.h"
#include "retour-rma-list-model.h"
#include "retour-search.h"
#include "retour-status-tag.h"

/* The "Needs Action" badge counts up to this, and says "999+" beyond. */
#define ACTION_COUNT_CAP 1000

struct _RetourReturnsPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkLabel            *action_badge;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkRevealer         *hint_revealer;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *action_column;
  GtkColumnViewColumn *created_column;
  GtkColumnViewColumn *items_column;
  AdwStatusPage       *error_page;
  RetourRmaEditor     *editor;

  RetourContext       *context;
  RetourDatabase      *db;
  RetourRmaListModel  *model;
  GtkSingleSelection  *selection;
  GCancellable        *count_cancellable;

  char                *view;            /* "all" or "needs-action" */
  char                *query_text;      /* the text searched for, or NULL */
  int                  query_status;
  gint64               selected_id;     /* 0: none */
  RetourDatabaseWatcher *watcher;
  gboolean             restoring_selection;
};

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
  else if (self->query_text != NULL || self->query_status >= 0)
    name = "no-matches";
  else if (is_needing_action (self))
    name = "nothing-to-do";
  else
    name = "empty";

  gtk_stack_set_visible_child_name (self->list_stack, name);

  gtk_column_view_column_set_visible (self->action_column, is_needing_action (self));
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

/* Cells -------------------------------------------------------------------- */

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RetourReturnsPage        *self)
{
  gtk_list_item_set_child (list_item, retour_list_cell_new_inscription (0.0, 14));
}

static void
setup_number_text_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      RetourReturnsPage        *self)
{
  GtkWidget *inscription = retour_list_cell_new_inscription (1.0, 8);

  gtk_widget_add_css_class (inscription, "numeric");
  gtk_list_item_set_child (list_item, inscription);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RetourReturnsPage        *self)
{
  GtkWidget *inscription = retour_list_cell_new_inscription (0.0, 13);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 12);
  gtk_widget_add_css_class (inscription, "rma-number");
  gtk_list_item_set_child (list_item, inscription);
}

static void
setup_tag_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RetourReturnsPage        *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "status-tag");
  gtk_list_item_set_child (list_item, label);
}

static RetourRmaItem *
item_of (GtkListItem *list_item)
{
  return RETOUR_RMA_ITEM (gtk_list_item_get_item (list_item));
}

static void
set_cell_text (GtkListItem *list_item,
               const char  *text)
{
  retour_list_cell_set_text (gtk_list_item_get_child (list_item), text);
}

static void
bind_number_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RetourReturnsPage        *self)
{
  g_autofree char *number = retour_rma_item_dup_number (item_of (list_item));

  set_cell_text (list_item, number);
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RetourReturnsPage        *self)
{
  const RetourRmaSummary *summary = retour_rma_item_get_summary (item_of (list_item));

  retour_status_tag_set_status (GTK_LABEL (gtk_list_item_get_child (list_item)), summary->status);
}

static void
bind_action_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RetourReturnsPage        *self)
{
  retour_status_tag_set_action (GTK_LABEL (gtk_list_item_get_child (list_item)),
                                retour_rma_item_get_action (item_of (list_item)));
}

static void
bind_customer_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  RetourReturnsPage        *self)
{
  set_cell_text (list_item, retour_rma_item_get_summary (item_of (list_item))->customer_name);
}

static void
bind_order_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RetourReturnsPage        *self)
{
  set_cell_text (list_item, retour_rma_item_get_summary (item_of (list_item))->order_number);
}

static void
bind_created_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RetourReturnsPage        *self)
{
  const RetourRmaSummary *summary = retour_rma_item_get_summary (item_of (list_item));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (summary->created_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *text = local != NULL ? g_date_time_format (local, "%x") : NULL;

  set_cell_text (list_item, text);
}

static void
bind_items_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RetourReturnsPage        *self)
{
  g_autofree char *text = g_strdup_printf ("%u", retour_rma_item_get_summary (item_of (list_item))->units);

  set_cell_text (list_item, text);
}

static void
bind_refund_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                RetourReturnsPage        *self)
{
  RetourMoney refund = retour_rma_item_get_summary (item_of (list_item))->refund;
  g_autofree char *text = NULL;

  /* Nothing due (yet): a dash reads faster than a column of zeros. */
  if (retour_money_is_zero (refund))
    text = g_strdup ("—");
  else
    text = retour_money_format (refund);

  set_cell_text (list_item, text);
}

/* Calendar days between two instants in the shop's time zone: a return
 * made last night is "1 day" old this morning, not "Today". (The zone is
 * the context's: looking up the local one reads /etc/localtime each time,
 * and this runs for every row that scrolls into view.) */
static gint64
local_days_between (GTimeZone *tz,
                    gint64     from_us,
                    gint64     to_us)
{
  g_autoptr(GDateTime) from_utc = g_date_time_new_from_unix_utc (from_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) to_utc = g_date_time_new_from_unix_utc (to_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  GDate from_date, to_date;

  if (from_utc == NULL || to_utc == NULL)
    return 0;

  from = g_date_time_to_timezone (from_utc, tz);
  to = g_date_time_to_timezone (to_utc, tz);

  g_date_clear (&from_date, 1);
  g_date_clear (&to_date, 1);
  g_date_set_dmy (&from_date, g_date_time_get_day_of_month (from),
                  g_date_time_get_month (from), g_date_time_get_year (from));
  g_date_set_dmy (&to_date, g_date_time_get_day_of_month (to),
                  g_date_time_get_month (to), g_date_time_get_year (to));

  return MAX (0, g_date_days_between (&from_date, &to_date));
}

static void
bind_age_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RetourReturnsPage        *self)
{
  const RetourRmaSummary *summary = retour_rma_item_get_summary (item_of (list_item));
  gint64 days = local_days_between (retour_context_get_time_zone (self->context),
                                    summary->created_us, retour_rma_list_model_get_now (self->model));
  g_autofree char *text = NULL;

  if (days == 0)
    text = g_strdup (C_("age", "Today"));
  else
    /* Translators: how long ago a return was made. */
    text = g_strdup_printf (ngettext ("%lld day", "%lld days", (gulong) days),
                            (long long) days);

  set_cell_text (list_item, text);
}

/* Callbacks ---------------------------------------------------------------- */

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

  retour_rma_editor_show (self->editor, id);

  /* The editor stays on a return whose edits could not be saved (and
   * says why): so does the selection. */
  self->selected_id = retour_rma_editor_get_rma_id (self->editor);
  if (self->selected_id != id)
    restore_selection (self);
}

static void
row_activated_cb (RetourReturnsPage *self,
                  guint              position)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor));
  gtk_widget_child_focus (GTK_WIDGET (self->editor), GTK_DIR_TAB_FORWARD);
}

static void
leaflet_folded_cb (RetourReturnsPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  retour_rma_editor_set_show_back (self->editor, folded);
  /* A narrow window keeps the columns one tells returns apart by. */
  gtk_column_view_column_set_visible (self->created_column, !folded);
  gtk_column_view_column_set_visible (self->items_column, !folded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "returns.back", folded);
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

  g_free (self->query_text);
  self->query_text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  run_query (self);
}

static void
status_selected_cb (RetourReturnsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  /* Item 0 is "All Statuses"; the others follow the lifecycle order. */
  self->query_status = (selected == 0 || selected == GTK_INVALID_LIST_POSITION) ? -1 : (int) selected - 1;
  run_query (self);
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

  /* The view lets go of the model before the model goes. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-returns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, action_badge);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, hint_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, action_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, created_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, items_column);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourReturnsPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_tag_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_action_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_customer_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_order_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_items_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_refund_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_age_cb);

  gtk_widget_class_install_action (widget_class, "returns.find", NULL, retour_returns_page_find);
  gtk_widget_class_install_action (widget_class, "returns.back", NULL, retour_returns_page_back);
  gtk_widget_class_install_property_action (widget_class, "returns.view", "view");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "returns.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "returns.back", NULL);
}

static void
retour_returns_page_init (RetourReturnsPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  self->view = g_strdup ("all");
  self->query_status = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (statuses, _("All Statuses"));
  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    gtk_string_list_append (statuses, retour_rma_status_get_label ((RetourRmaStatus) i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  retour_list_search_attach (GTK_WIDGET (self), self->search_entry, GTK_WIDGET (self->column_view), "returns.find");

  leaflet_folded_cb (self);
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
  recount (self);
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
  retour_rma_editor_show (self->editor, rma_id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor));
}

RetourRmaEditor *
retour_returns_page_get_editor (RetourReturnsPage *self)
{
  g_return_val_if_fail (RETOUR_IS_RETURNS_PAGE (self), NULL);

  return self->editor;
}
