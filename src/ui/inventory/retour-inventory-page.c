/* retour-inventory-page.c — what came back, where it went, what is still
 * out there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shell of the inventory: the period and the view, the figures added
 * up in a worker and handed to the parts that show them, live updates,
 * and the page's actions. The parts: RetourInventoryFigures,
 * RetourProductTable beside RetourProductLedger, RetourArrivalsView.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-arrivals-view.h"
#include "retour-database-watcher.h"
#include "retour-inventory-cells.h"
#include "retour-inventory-figures.h"
#include "retour-inventory-load.h"
#include "retour-inventory-page.h"
#include "retour-list-search.h"
#include "retour-product-ledger.h"
#include "retour-product-table.h"
#include "retour-toast.h"
#include "retour-wrap-box.h"

struct _RetourInventoryPage
{
  AdwBin                  parent_instance;

  /* Template widgets */
  GtkDropDown            *period_dropdown;
  GtkLabel               *overdue_badge;
  GtkSearchEntry         *search_entry;
  GtkSpinner             *spinner;
  RetourInventoryFigures *figures;
  GtkStack               *view_stack;
  AdwLeaflet             *leaflet;
  RetourProductTable     *product_table;
  RetourProductLedger    *ledger;
  RetourArrivalsView     *arrivals_view;

  RetourContext          *context;
  RetourDatabase         *db;
  RetourDatabaseWatcher  *watcher;

  RetourInventoryPeriod   period;
  gboolean                loaded;
  char                   *view;             /* "products" or "arrivals" */

  GCancellable           *cancellable;      /* the load under way */
  gboolean                loading;
  gboolean                reload_pending;
  gboolean                stale;            /* changed while hidden */
  guint                   folded_idle;
};

G_DEFINE_FINAL_TYPE (RetourInventoryPage, retour_inventory_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the page shows ---------------------------------------------------------- */

static void
update_actions (RetourInventoryPage *self)
{
  const RetourProductInventory *product = retour_product_table_get_selected (self->product_table);
  gboolean held = product != NULL && product->held > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.finish-repair", held);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.write-off", held);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.correct", product != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.expire-overdue",
                                 self->loaded && retour_arrivals_view_can_expire (self->arrivals_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.back", adw_leaflet_get_folded (self->leaflet));
}

/* Shows the selected product beside the list: its levels, what can be
 * done with it and its ledger. */
static void
show_detail (RetourInventoryPage *self)
{
  update_actions (self);
  retour_product_ledger_set_product (self->ledger, retour_product_table_get_selected (self->product_table));
}

/* The figures, and the parcels on their way (@arrivals, emptied). */
static void
show_summary (RetourInventoryPage          *self,
              const RetourInventorySummary *summary,
              GPtrArray                    *arrivals)
{
  g_autofree char *n_overdue = retour_inventory_format_count ((gint64) summary->overdue_rmas);
  g_autofree char *badge = NULL;

  retour_inventory_figures_set_summary (self->figures, summary);
  retour_arrivals_view_set_arrivals (self->arrivals_view, arrivals, summary);

  /* Translators: the badge beside “Expected Arrivals”. */
  badge = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s overdue return", "%s overdue returns",
                                        (gulong) summary->overdue_rmas), n_overdue);
  gtk_label_set_text (self->overdue_badge, n_overdue);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->overdue_badge), badge);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_badge), summary->overdue_rmas > 0);
}

static void
set_loading (RetourInventoryPage *self,
             gboolean             loading)
{
  gboolean busy = loading || retour_arrivals_view_get_expiring (self->arrivals_view);

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

/* Loading ------------------------------------------------------------------------ */

static void start_load (RetourInventoryPage *self);

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RetourInventoryPage) self = user_data;
  g_autoptr(RetourInventory) inventory = NULL;
  g_autoptr(GPtrArray) arrivals = NULL;
  g_autoptr(GError) error = NULL;

  if (!retour_inventory_load_finish (result, &inventory, &arrivals, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (inventory == NULL)
    retour_product_table_set_error (self->product_table, error);
  else
    {
      self->loaded = TRUE;
      retour_product_table_set_products (self->product_table, inventory->products);
      show_summary (self, &inventory->summary, arrivals);
      show_detail (self);
    }

  update_actions (self);

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self);
    }
}

static void
start_load (RetourInventoryPage *self)
{
  GTimeZone *tz;
  gint64 now_us;
  gint64 since_us;
  gint64 until_us;

  if (self->db == NULL)
    return;

  /* One at a time: what changed meanwhile is read by the next one. */
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->stale = FALSE;
  retour_database_watcher_catch_up (self->watcher);

  now_us = retour_context_now (self->context);
  tz = retour_context_get_time_zone (self->context);
  retour_inventory_period_get_range (self->period, tz, now_us, &since_us, &until_us);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  retour_inventory_load_async (retour_database_get_path (self->db), since_us, until_us, tz, now_us,
                               self->cancellable, load_cb, g_object_ref (self));
}

/* Live updates ------------------------------------------------------------------ */

/* Hidden, the figures wait until they are looked at. */
static void
database_changed_cb (RetourInventoryPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
}

static void
retour_inventory_page_map (GtkWidget *widget)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);

  GTK_WIDGET_CLASS (retour_inventory_page_parent_class)->map (widget);

  if (self->stale || (self->watcher != NULL && retour_database_watcher_is_behind (self->watcher)))
    start_load (self);
}

/* Callbacks ---------------------------------------------------------------------- */

static void
search_changed_cb (RetourInventoryPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *found = NULL;

  if (*text != '\0' && self->db != NULL)
    {
      ids = retour_inventory_store_find_products (self->db, text, &error);
      if (ids == NULL)
        retour_toast_show (GTK_WIDGET (self), error->message, RETOUR_TOAST_STAYS);
      else
        {
          found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          for (guint i = 0; i < ids->len; i++)
            g_hash_table_add (found, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
        }
    }

  retour_product_table_set_search (self->product_table, found);
  show_detail (self);
}

static void
period_changed_cb (RetourInventoryPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == (guint) self->period)
    return;

  self->period = (RetourInventoryPeriod) selected;
  start_load (self);
}

static void
product_activated_cb (RetourInventoryPage *self)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->ledger));
}

/* The leaflet folds while it is laid out: what changes size with it
 * waits until that is done, or GTK would draw it unallocated. */
static gboolean
apply_folded (gpointer user_data)
{
  RetourInventoryPage *self = user_data;
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  self->folded_idle = 0;

  retour_product_ledger_set_show_back (self->ledger, folded);
  /* A narrow window keeps the numbers and what they count, and leaves
   * the room below to the list. */
  retour_inventory_figures_set_compact (self->figures, folded);
  retour_product_table_set_compact (self->product_table, folded);
  update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
leaflet_folded_cb (RetourInventoryPage *self)
{
  if (self->folded_idle == 0)
    self->folded_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_folded, self, NULL);
}

static void
expiring_changed_cb (RetourInventoryPage *self)
{
  set_loading (self, self->loading);
  update_actions (self);
}

/* Actions ------------------------------------------------------------------------ */

/* inventory.finish-repair, inventory.write-off and inventory.correct. */
static void
retour_inventory_page_change_stock (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);
  RetourStockDialogMode mode = RETOUR_STOCK_DIALOG_CORRECT;

  if (g_str_equal (action_name, "inventory.finish-repair"))
    mode = RETOUR_STOCK_DIALOG_FINISH_REPAIR;
  else if (g_str_equal (action_name, "inventory.write-off"))
    mode = RETOUR_STOCK_DIALOG_WRITE_OFF;

  retour_product_ledger_change_stock (self->ledger, mode);
}

static void
retour_inventory_page_expire_overdue (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  retour_arrivals_view_expire_overdue (RETOUR_INVENTORY_PAGE (widget)->arrivals_view);
}

static void
retour_inventory_page_find (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);

  gtk_stack_set_visible_child_name (self->view_stack, "products");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->product_table));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
retour_inventory_page_back (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);

  if (!adw_leaflet_get_folded (self->leaflet))
    return;

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->product_table));
  gtk_widget_grab_focus (retour_product_table_get_view (self->product_table));
}

static void
set_view (RetourInventoryPage *self,
          const char          *view)
{
  if (g_strcmp0 (view, "arrivals") != 0)
    view = "products";

  if (g_strcmp0 (self->view, view) == 0)
    return;

  g_free (self->view);
  self->view = g_strdup (view);
  gtk_stack_set_visible_child_name (self->view_stack, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* GObject ------------------------------------------------------------------------- */

static void
disconnect_database (RetourInventoryPage *self)
{
  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_data (self->watcher, self);
  g_clear_object (&self->watcher);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  self->reload_pending = FALSE;
  g_clear_object (&self->db);
}

static void
retour_inventory_page_dispose (GObject *object)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (object);

  disconnect_database (self);
  g_clear_object (&self->context);
  g_clear_handle_id (&self->folded_idle, g_source_remove);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_INVENTORY_PAGE);

  G_OBJECT_CLASS (retour_inventory_page_parent_class)->dispose (object);
}

static void
retour_inventory_page_finalize (GObject *object)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (object);

  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (retour_inventory_page_parent_class)->finalize (object);
}

static void
retour_inventory_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (object);

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
retour_inventory_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_inventory_page_set_context (self, g_value_get_object (value));
      break;

    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_inventory_page_class_init (RetourInventoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_inventory_page_dispose;
  object_class->finalize = retour_inventory_page_finalize;
  object_class->get_property = retour_inventory_page_get_property;
  object_class->set_property = retour_inventory_page_set_property;

  widget_class->map = retour_inventory_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "products" or "arrivals". */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "products",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_ARRIVALS_VIEW);
  g_type_ensure (RETOUR_TYPE_INVENTORY_FIGURES);
  g_type_ensure (RETOUR_TYPE_PRODUCT_LEDGER);
  g_type_ensure (RETOUR_TYPE_PRODUCT_TABLE);
  g_type_ensure (RETOUR_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-inventory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, overdue_badge);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, figures);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, product_table);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, ledger);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, arrivals_view);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_detail);
  gtk_widget_class_bind_template_callback (widget_class, product_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, expiring_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_load);

  gtk_widget_class_install_property_action (widget_class, "inventory.view", "view");
  gtk_widget_class_install_action (widget_class, "inventory.find", NULL, retour_inventory_page_find);
  gtk_widget_class_install_action (widget_class, "inventory.back", NULL, retour_inventory_page_back);
  gtk_widget_class_install_action (widget_class, "inventory.finish-repair", NULL, retour_inventory_page_change_stock);
  gtk_widget_class_install_action (widget_class, "inventory.write-off", NULL, retour_inventory_page_change_stock);
  gtk_widget_class_install_action (widget_class, "inventory.correct", NULL, retour_inventory_page_change_stock);
  gtk_widget_class_install_action (widget_class, "inventory.expire-overdue", NULL,
                                   retour_inventory_page_expire_overdue);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "inventory.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "inventory.back", NULL);
}

static void
retour_inventory_page_init (RetourInventoryPage *self)
{
  const RetourInventorySummary none = { 0 };

  self->view = g_strdup ("products");

  gtk_widget_init_template (GTK_WIDGET (self));

  retour_list_search_attach (GTK_WIDGET (self), self->search_entry,
                             retour_product_table_get_view (self->product_table), "inventory.find");

  apply_folded (self);
  show_summary (self, &none, NULL);
  show_detail (self);
}

void
retour_inventory_page_set_context (RetourInventoryPage *self,
                                   RetourContext       *context)
{
  const RetourInventorySummary none = { 0 };

  g_return_if_fail (RETOUR_IS_INVENTORY_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (self->context == context)
    {
      retour_inventory_page_reload (self);
      return;
    }

  disconnect_database (self);
  g_set_object (&self->context, context);
  self->loaded = FALSE;
  retour_product_ledger_set_context (self->ledger, context);
  retour_arrivals_view_set_context (self->arrivals_view, context);
  retour_product_table_clear (self->product_table);
  show_summary (self, &none, NULL);

  self->db = g_object_ref (retour_context_get_database (context));
  self->watcher = retour_database_watcher_new (self->db);
  g_signal_connect_swapped (self->watcher, "changed", G_CALLBACK (database_changed_cb), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);

  /* Nobody looks at the figures yet: they are added up when the page is
   * first shown, not while the window opens. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
}

RetourContext *
retour_inventory_page_get_context (RetourInventoryPage *self)
{
  g_return_val_if_fail (RETOUR_IS_INVENTORY_PAGE (self), NULL);

  return self->context;
}

void
retour_inventory_page_reload (RetourInventoryPage *self)
{
  g_return_if_fail (RETOUR_IS_INVENTORY_PAGE (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
}

void
retour_inventory_page_set_period (RetourInventoryPage   *self,
                                  RetourInventoryPeriod  period)
{
  g_return_if_fail (RETOUR_IS_INVENTORY_PAGE (self));
  g_return_if_fail (period <= RETOUR_INVENTORY_PERIOD_ALL_TIME);

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

void
retour_inventory_page_show_product (RetourInventoryPage *self,
                                    gint64               product_id)
{
  g_return_if_fail (RETOUR_IS_INVENTORY_PAGE (self));

  set_view (self, "products");
  retour_product_table_select (self->product_table, product_id);
  show_detail (self);
  if (retour_product_ledger_get_product (self->ledger) != NULL)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->ledger));
}

gboolean
retour_inventory_page_is_loading (RetourInventoryPage *self)
{
  g_return_val_if_fail (RETOUR_IS_INVENTORY_PAGE (self), FALSE);

  return self->loading || retour_arrivals_view_get_expiring (self->arrivals_view) ||
         (self->stale && self->db != NULL);
}
