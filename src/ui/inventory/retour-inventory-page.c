/* retour-inventory-page.c — what came back, where it went, what is still
 * out there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-inventory-page.h"
#include "retour-database-watcher.h"
#include "retour-record-item.h"
#include "retour-status-tag.h"
#include "retour-stock-dialog.h"
#include "retour-stock-store.h"
#include "retour-text.h"
#include "retour-toast.h"

/* Other programs' changes show up within this time. */
/* Ledger rows read at a time, as the list is scrolled down. */
#define LEDGER_PAGE 100

struct _RetourInventoryPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkDropDown         *period_dropdown;
  GtkLabel            *overdue_badge;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *spinner;
  GtkLabel            *came_back_value;
  GtkLabel            *came_back_detail;
  GtkLabel            *restocked_value;
  GtkLabel            *restocked_detail;
  GtkLabel            *held_value;
  GtkLabel            *held_detail;
  GtkLabel            *written_off_value;
  GtkLabel            *written_off_detail;
  GtkLabel            *out_value;
  GtkLabel            *out_detail;
  GtkWidget           *overdue_card;
  GtkWidget           *overdue_icon;
  GtkLabel            *overdue_value;
  GtkLabel            *overdue_detail;
  GtkLabel            *rate_value;
  GtkLabel            *rate_detail;
  GtkStack            *view_stack;
  AdwLeaflet          *leaflet;
  GtkStack            *product_stack;
  GtkColumnView       *product_view;
  GtkSpinner          *loading_spinner;
  AdwStatusPage       *error_page;
  GtkWidget           *detail_pane;
  GtkStack            *detail_stack;
  GtkWidget           *back_button;
  GtkLabel            *detail_title;
  GtkLabel            *detail_sku;
  GtkLabel            *detail_levels;
  GtkLabel            *detail_period;
  GtkLabel            *detail_reasons;
  GtkStack            *ledger_stack;
  GtkColumnView       *ledger_view;
  GtkLabel            *arrivals_label;
  GtkStack            *arrivals_stack;
  GtkColumnView       *arrivals_view;

  RetourContext       *context;
  RetourDatabase      *db;

  GListStore          *products;         /* RetourRecordItem of RetourProductInventory */
  GtkCustomFilter     *product_filter;
  GHashTable          *search_ids;       /* product ids found, or NULL: all */
  GtkSingleSelection  *product_selection;
  gint64               selected_id;      /* 0: none */
  gboolean             restoring_selection;
  GPtrArray           *narrow_columns;   /* hidden when folded */

  GListStore          *ledger;           /* RetourRecordItem of RetourStockMovement */
  gint64               ledger_product_id;
  gboolean             ledger_complete;

  GListStore          *arrivals;         /* RetourRecordItem of RetourExpectedArrival */
  GtkSingleSelection  *arrival_selection;

  RetourInventoryPeriod period;
  RetourInventorySummary summary;
  gboolean             loaded;
  GError              *load_error;
  char                *view;             /* "products" or "arrivals" */

  GCancellable        *cancellable;      /* the load or expiry under way */
  gboolean             loading;
  gboolean             expiring;
  gboolean             reload_pending;
  gboolean             stale;            /* changed while hidden */
  RetourDatabaseWatcher *watcher;
  guint                reload_source;
};

G_DEFINE_FINAL_TYPE (RetourInventoryPage, retour_inventory_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (RetourInventoryPage *self);

/* Formatting ----------------------------------------------------------------- */

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* "12.5 %", or an em dash when nothing was sold. */
static char *
format_rate (gint64 returned,
             gint64 sold)
{
  double rate = retour_inventory_return_rate (returned, sold);

  if (rate < 0)
    return g_strdup ("—");

  /* Translators: a return rate, “12.5 %”. */
  return g_strdup_printf (_("%.1f %%"), rate * 100.0);
}

static char *
format_local (RetourInventoryPage *self,
              gint64               time_us,
              const char          *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, retour_context_get_time_zone (self->context))
                                           : NULL;

  return local != NULL ? g_date_time_format (local, format) : g_strdup ("");
}

/* The toast overlay of the window, for what an action did. */
static void
show_toast (RetourInventoryPage *self,
            const char          *message,
            gboolean             stays)
{
  retour_toast_show (GTK_WIDGET (self), message, stays ? RETOUR_TOAST_STAYS : RETOUR_TOAST_BRIEF);
}

/* The selected product -------------------------------------------------------- */

static const RetourProductInventory *
selected_product (RetourInventoryPage *self)
{
  RetourRecordItem *item;

  if (self->product_selection == NULL)
    return NULL;

  item = gtk_single_selection_get_selected_item (self->product_selection);
  return item != NULL ? retour_record_item_get (item, RETOUR_TYPE_PRODUCT_INVENTORY) : NULL;
}

static void
update_actions (RetourInventoryPage *self)
{
  const RetourProductInventory *product = selected_product (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.finish-repair", product != NULL && product->held > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.write-off", product != NULL && product->held > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.correct", product != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.expire-overdue",
                                 self->loaded && !self->expiring && self->summary.overdue_rmas > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.back", adw_leaflet_get_folded (self->leaflet));
}

static void
load_ledger_page (RetourInventoryPage *self)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GListStore) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before_id = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ledger));
  guint read;

  if (self->db == NULL || self->ledger_product_id == 0 || self->ledger_complete)
    return;

  if (n > 0)
    before_id = ((const RetourStockMovement *) retour_record_item_get_at (G_LIST_MODEL (self->ledger), n - 1,
                                                                            RETOUR_TYPE_STOCK_MOVEMENT))->id;

  page = retour_stock_store_list_ledger (self->db, self->ledger_product_id, before_id, LEDGER_PAGE, &error);
  if (page == NULL)
    {
      show_toast (self, error->message, TRUE);
      self->ledger_complete = TRUE;
      return;
    }

  read = page->len;
  self->ledger_complete = read < LEDGER_PAGE;
  items = retour_record_item_store_new (RETOUR_TYPE_STOCK_MOVEMENT, page);
  for (guint i = 0; i < read; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      g_list_store_append (self->ledger, item);
    }
}

/* Shows the selected product beside the list: its levels, what can be
 * done with it and its ledger, newest first. */
static void
show_detail (RetourInventoryPage *self)
{
  const RetourProductInventory *product = selected_product (self);
  g_autofree char *title = NULL;
  g_autofree char *sku = NULL;
  g_autofree char *on_hand = NULL;
  g_autofree char *held = NULL;
  g_autofree char *written_off = NULL;
  g_autofree char *levels = NULL;

  update_actions (self);

  if (product == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      self->ledger_product_id = 0;
      g_list_store_remove_all (self->ledger);
      return;
    }

  /* One line each, with the whole text on hover: the header then has
   * the same height at any width, which its scrolled window relies on.
   * "Whole" up to a line's worth: the storefront's titles have no end. */
  title = retour_text_for_display (product->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  sku = retour_text_for_display (product->sku != NULL ? product->sku : "", RETOUR_TEXT_MAX_LINE,
                                 RETOUR_TEXT_ONE_LINE);
  gtk_label_set_text (self->detail_title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_title), title);
  gtk_label_set_text (self->detail_sku, sku);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_sku), *sku != '\0');

  on_hand = format_count (product->on_hand);
  held = format_count (product->held);
  written_off = format_count (product->written_off);
  /* Translators: a product's stock now: “On hand 22 · Held 1 · Written off 3”. */
  levels = g_strdup_printf (_("On hand %s · Held %s · Written off %s"), on_hand, held, written_off);
  gtk_label_set_text (self->detail_levels, levels);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_levels), levels);

  {
    g_autofree char *came_back = format_count (product->came_back);
    g_autofree char *restocked = format_count (product->restocked);
    g_autofree char *written_off_in = format_count (product->written_off_in);
    g_autofree char *period = NULL;
    g_autoptr(GString) reasons = g_string_new (NULL);
    g_autofree char *reasons_shown = NULL;

    /* Translators: what happened to a product in the chosen period. */
    period = g_strdup_printf (_("In the period: %s came back, %s back on the shelf, %s written off"),
                              came_back, restocked, written_off_in);
    gtk_label_set_text (self->detail_period, period);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_period), period);

    /* The reasons one to a line, most first. */
    for (guint i = 0; i < product->n_top_reasons; i++)
      {
        g_autofree char *units = format_count (product->top_reasons[i].units);

        if (i > 0)
          g_string_append_c (reasons, '\n');
        /* Translators: units returned for a reason: “6 × Not as described”. */
        g_string_append_printf (reasons, _("%s × %s"), units, product->top_reasons[i].label);
      }
    /* The shop names its reasons, at any length. */
    reasons_shown = retour_text_for_display (reasons->str, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
    gtk_label_set_text (self->detail_reasons, reasons_shown);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_reasons), reasons_shown);
    gtk_widget_set_visible (GTK_WIDGET (self->detail_reasons), reasons->len > 0);
  }

  /* The ledger is read again: a movement may have been added. */
  self->ledger_product_id = product->product_id;
  self->ledger_complete = FALSE;
  g_list_store_remove_all (self->ledger);
  load_ledger_page (self);

  gtk_stack_set_visible_child_name (self->ledger_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->ledger)) > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->detail_stack, "product");
}

static void
restore_selection (RetourInventoryPage *self)
{
  GListModel *model = G_LIST_MODEL (self->product_selection);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->selected_id != 0 && i < g_list_model_get_n_items (model); i++)
    {
      const RetourProductInventory *product = retour_record_item_get_at (model, i, RETOUR_TYPE_PRODUCT_INVENTORY);

      if (product->product_id == self->selected_id)
        {
          position = i;
          break;
        }
    }

  self->restoring_selection = TRUE;
  gtk_single_selection_set_selected (self->product_selection, position);
  self->restoring_selection = FALSE;
}

static void
product_selection_changed_cb (RetourInventoryPage *self)
{
  const RetourProductInventory *product;

  if (self->restoring_selection)
    return;

  product = selected_product (self);
  self->selected_id = product != NULL ? product->product_id : 0;
  show_detail (self);
}

static void
product_activated_cb (RetourInventoryPage *self,
                      guint                position)
{
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

static void
ledger_edge_reached_cb (RetourInventoryPage *self,
                        GtkPositionType      position)
{
  if (position == GTK_POS_BOTTOM)
    load_ledger_page (self);
}

/* What the page shows ------------------------------------------------------------ */

static void
update_product_stack (RetourInventoryPage *self)
{
  const char *name;

  if (self->load_error != NULL)
    {
      g_autofree char *description = g_markup_escape_text (self->load_error->message, -1);

      adw_status_page_set_description (self->error_page, description);
      name = "error";
    }
  else if (!self->loaded)
    name = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->product_selection)) > 0)
    name = "list";
  else if (self->search_ids != NULL)
    name = "no-matches";
  else
    name = "empty";

  gtk_stack_set_visible_child_name (self->product_stack, name);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
}

static void
set_pair (GtkLabel   *value,
          GtkLabel   *detail,
          gint64      n,
          const char *detail_text)
{
  g_autofree char *text = format_count (n);

  gtk_label_set_text (value, text);
  gtk_label_set_text (detail, detail_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (detail), detail_text);
}

static void
update_summary (RetourInventoryPage *self)
{
  const RetourInventorySummary *s = &self->summary;
  g_autofree char *came_back = NULL;
  g_autofree char *restocked = NULL;
  g_autofree char *held = NULL;
  g_autofree char *written_off = NULL;
  g_autofree char *out = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *rate_detail = NULL;
  g_autofree char *sold = NULL;
  g_autofree char *returned = NULL;
  g_autofree char *n_rmas = format_count ((gint64) s->expected_rmas);
  g_autofree char *n_overdue = format_count ((gint64) s->overdue_rmas);
  g_autofree char *awaiting = format_count (s->awaiting_inspection);
  g_autofree char *held_in = format_count (s->held_in);
  g_autofree char *total_written_off = format_count (s->written_off);
  g_autofree char *arrivals = NULL;

  /* The details read under a card's big number and title; each counts
   * its own number, so that every language can inflect it. */
  /* Translators: under “Came Back”; %s is a number of units. */
  came_back = g_strdup_printf (_("Waiting for inspection: %s"), awaiting);
  restocked = g_strdup (_("On hand again, repairs included"));
  /* Translators: under “Held for Repair”; %s is a number of units. */
  held = g_strdup_printf (_("Put on hold in the period: %s"), held_in);
  /* Translators: under “Written Off”; %s is a number of units. */
  written_off = g_strdup_printf (_("Written off in all: %s"), total_written_off);
  /* Translators: under “Still Out There”; %s is a number of returns. */
  out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %s return", "In %s returns",
                                      (gulong) s->expected_rmas), n_rmas);
  {
    g_autofree char *units = format_count (s->overdue_units);

    /* Translators: under “Overdue” (a number of returns); %s is a number of units. */
    overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Past their due date, with %s unit",
                                            "Past their due date, with %s units", (gulong) s->overdue_units),
                               units);
  }

  set_pair (self->came_back_value, self->came_back_detail, s->came_back, came_back);
  set_pair (self->restocked_value, self->restocked_detail, s->restocked, restocked);
  set_pair (self->held_value, self->held_detail, s->held, held);
  set_pair (self->written_off_value, self->written_off_detail, s->written_off_in, written_off);
  set_pair (self->out_value, self->out_detail, s->expected_back, out);
  set_pair (self->overdue_value, self->overdue_detail, (gint64) s->overdue_rmas, overdue);

  rate = format_rate (s->returned, s->sold);
  sold = format_count (s->sold);
  returned = format_count (s->returned);
  /* Translators: “40 of 320 units sold”: units asked back, units sold. */
  rate_detail = g_strdup_printf (_("%s asked back of %s sold"), returned, sold);
  gtk_label_set_text (self->rate_value, rate);
  gtk_label_set_text (self->rate_detail, rate_detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rate_detail), rate_detail);

  /* Overdue is said in words and with an icon, not by colour alone. */
  gtk_widget_set_visible (self->overdue_icon, s->overdue_rmas > 0);
  if (s->overdue_rmas > 0)
    gtk_widget_add_css_class (self->overdue_card, "overdue");
  else
    gtk_widget_remove_css_class (self->overdue_card, "overdue");

  gtk_label_set_text (self->overdue_badge, n_overdue);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_badge), s->overdue_rmas > 0);
  {
    /* Translators: the badge beside “Expected Arrivals”. */
    g_autofree char *badge = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s overdue return", "%s overdue returns",
                                                           (gulong) s->overdue_rmas), n_overdue);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->overdue_badge), badge);
  }

  if (s->expected_rmas == 0)
    arrivals = g_strdup (_("No parcels are on their way."));
  else
    /* Translators: “12 returns on their way, 3 of them overdue”. */
    arrivals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s return on its way, %s of them overdue.",
                                             "%s returns on their way, %s of them overdue.",
                                             (gulong) s->expected_rmas),
                                n_rmas, n_overdue);
  gtk_label_set_text (self->arrivals_label, arrivals);
  gtk_stack_set_visible_child_name (self->arrivals_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->arrivals)) > 0 ? "list" : "empty");
}

/* Loading --------------------------------------------------------------------------- */

typedef struct
{
  char      *path;
  gint64     since_us;
  gint64     until_us;
  gint64     now_us;
  GTimeZone *tz;
  char      *actor;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_clear_pointer (&job->tz, g_time_zone_unref);
  g_free (job->actor);
  g_free (job);
}

typedef struct
{
  RetourInventory *inventory;
  GPtrArray       *arrivals;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_pointer (&loaded->inventory, retour_inventory_free);
  g_clear_pointer (&loaded->arrivals, g_ptr_array_unref);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  Loaded *loaded;
  gint64 begin_us = g_get_monotonic_time ();

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loaded = g_new0 (Loaded, 1);
  loaded->inventory = retour_inventory_store_load (db, job->since_us, job->until_us, job->tz, job->now_us, &error);
  if (loaded->inventory != NULL && !g_task_return_error_if_cancelled (task))
    {
      loaded->arrivals = retour_inventory_store_list_expected (db, job->tz, job->now_us, &error);
      if (loaded->arrivals != NULL)
        {
          g_debug ("Added up the inventory in %.1f ms", (g_get_monotonic_time () - begin_us) / 1000.0);
          g_task_return_pointer (task, loaded, loaded_free);
          return;
        }
    }

  loaded_free (loaded);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_loading (RetourInventoryPage *self,
             gboolean             loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading || self->expiring);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading || self->expiring);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RetourInventoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) products = NULL;
  g_autoptr(GListStore) arrivals = NULL;
  Loaded *loaded;
  guint n_products, n_arrivals;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (loaded == NULL)
    {
      g_clear_error (&self->load_error);
      self->load_error = g_steal_pointer (&error);
      update_product_stack (self);
    }
  else
    {
      g_clear_error (&self->load_error);
      self->summary = loaded->inventory->summary;
      self->loaded = TRUE;

      products = retour_record_item_store_new (RETOUR_TYPE_PRODUCT_INVENTORY, loaded->inventory->products);
      arrivals = retour_record_item_store_new (RETOUR_TYPE_EXPECTED_ARRIVAL, loaded->arrivals);
      loaded_free (loaded);

      /* Swap the rows in place: the sorting, the scroll position and the
       * selection (by product) stay. */
      n_products = g_list_model_get_n_items (G_LIST_MODEL (products));
      n_arrivals = g_list_model_get_n_items (G_LIST_MODEL (arrivals));
      {
        g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

        for (guint i = 0; i < n_products; i++)
          g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (products), i));
        self->restoring_selection = TRUE;
        g_list_store_splice (self->products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->products)),
                             items->pdata, items->len);
        self->restoring_selection = FALSE;

        g_ptr_array_set_size (items, 0);
        for (guint i = 0; i < n_arrivals; i++)
          g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (arrivals), i));
        g_list_store_splice (self->arrivals, 0, g_list_model_get_n_items (G_LIST_MODEL (self->arrivals)),
                             items->pdata, items->len);
      }

      restore_selection (self);
      show_detail (self);
      update_summary (self);
      update_product_stack (self);
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
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->db == NULL)
    return;

  /* One at a time: what changed meanwhile is read by the next one. */
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->stale = FALSE;
  retour_database_watcher_catch_up (self->watcher);

  job = g_new0 (Job, 1);
  job->path = g_strdup (retour_database_get_path (self->db));
  job->now_us = retour_context_now (self->context);
  job->tz = g_time_zone_ref (retour_context_get_time_zone (self->context));
  retour_inventory_period_get_range (self->period, job->tz, job->now_us, &job->since_us, &job->until_us);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  update_product_stack (self);

  task = g_task_new (NULL, self->cancellable, load_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, job, job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

/* Live updates ------------------------------------------------------------------------ */

static gboolean
reload_cb (gpointer user_data)
{
  RetourInventoryPage *self = user_data;

  self->reload_source = 0;
  start_load (self);

  return G_SOURCE_REMOVE;
}

static void
changed (RetourInventoryPage *self)
{
  /* Hidden, the figures wait until they are looked at. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_cb, self);
}

static void
database_changed_cb (RetourDatabaseWatcher *watcher,
                     RetourInventoryPage   *self)
{
  changed (self);
}

static void
retour_inventory_page_map (GtkWidget *widget)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);

  GTK_WIDGET_CLASS (retour_inventory_page_parent_class)->map (widget);

  if (self->stale || (self->watcher != NULL && retour_database_watcher_is_behind (self->watcher)))
    start_load (self);
}

/* Cells --------------------------------------------------------------------------------- */

typedef enum
{
  CELL_TEXT,
  CELL_NUMBER,
  CELL_PRODUCT,   /* title over SKU */
  CELL_TWO_LINES, /* what over where */
  CELL_RETURN,    /* the RMA number as a button that opens it */
  CELL_TAG,
  CELL_OVERDUE,   /* an icon and the word, not a colour alone */
} CellKind;

typedef void (*BindFunc) (RetourInventoryPage *self,
                          GtkWidget           *cell,
                          gconstpointer        record);

typedef struct
{
  RetourInventoryPage *self;
  GType                record_type;
  CellKind             kind;
  BindFunc             bind;
} Column;

static GtkWidget *
new_inscription (float xalign,
                 guint nat_chars)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), xalign);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  /* One line, in the middle of a row that may be two lines high. */
  gtk_widget_set_valign (inscription, GTK_ALIGN_CENTER);

  return inscription;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               Column                   *column)
{
  GtkWidget *cell;

  switch (column->kind)
    {
    case CELL_NUMBER:
      cell = new_inscription (1.0, 5);
      gtk_widget_add_css_class (cell, "numeric");
      break;

    case CELL_PRODUCT:
    case CELL_TWO_LINES:
      {
        gboolean product = column->kind == CELL_PRODUCT;
        GtkWidget *title = new_inscription (0.0, product ? 28 : 14);
        GtkWidget *sku = new_inscription (0.0, product ? 28 : 14);

        /* The name is what the list is read by: it keeps some room
         * when the window is tight. */
        gtk_inscription_set_min_chars (GTK_INSCRIPTION (title), product ? 16 : 8);

        cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (sku, "dim-label");
        gtk_widget_add_css_class (sku, "caption");
        gtk_box_append (GTK_BOX (cell), title);
        gtk_box_append (GTK_BOX (cell), sku);
      }
      break;

    case CELL_RETURN:
      {
        GtkWidget *button = gtk_button_new ();
        GtkWidget *none = gtk_label_new ("—");

        cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
        gtk_widget_add_css_class (button, "flat");
        gtk_widget_add_css_class (button, "rma-link");
        gtk_widget_add_css_class (button, "rma-number");
        gtk_widget_add_css_class (none, "dim-label");
        gtk_box_append (GTK_BOX (cell), button);
        gtk_box_append (GTK_BOX (cell), none);
      }
      break;

    case CELL_TAG:
      cell = gtk_label_new (NULL);
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
      gtk_widget_add_css_class (cell, "status-tag");
      break;

    case CELL_OVERDUE:
      {
        GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                        "icon-name", "dialog-warning-symbolic",
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                        NULL);
        GtkWidget *label = gtk_label_new (_("Overdue"));

        cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
        gtk_widget_set_halign (cell, GTK_ALIGN_START);
        gtk_widget_add_css_class (cell, "status-tag");
        gtk_widget_add_css_class (cell, "error");
        gtk_box_append (GTK_BOX (cell), icon);
        gtk_box_append (GTK_BOX (cell), label);
      }
      break;

    case CELL_TEXT:
    default:
      cell = new_inscription (0.0, 14);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 8);
      break;
    }

  gtk_list_item_set_child (list_item, cell);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              Column                   *column)
{
  RetourRecordItem *item = gtk_list_item_get_item (list_item);
  gconstpointer record = item != NULL ? retour_record_item_get (item, column->record_type) : NULL;

  if (record != NULL)
    column->bind (column->self, gtk_list_item_get_child (list_item), record);
}

/* A cell shows one line, ellipsized; product titles, SKUs, customers'
 * names and order numbers come from storefronts, of any length, and an
 * inscription lays out every character it is given before it ellipsizes. */
static void
set_text (GtkWidget  *cell,
          const char *text)
{
  g_autofree char *shown = retour_text_for_display (text, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  gtk_inscription_set_text (GTK_INSCRIPTION (cell), shown);
}

static void
set_number (GtkWidget *cell,
            gint64     n)
{
  g_autofree char *text = format_count (n);

  set_text (cell, text);
}

/* Opens return @rma_id from @button, or shows a dash without one. */
static void
set_return (GtkWidget  *cell,
            gint64      rma_id,
            const char *number)
{
  GtkWidget *button = gtk_widget_get_first_child (cell);
  GtkWidget *none = gtk_widget_get_next_sibling (button);
  g_autofree char *display = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (button, rma_id > 0);
  gtk_widget_set_visible (none, rma_id <= 0);
  if (rma_id <= 0)
    return;

  display = number != NULL ? retour_rma_number_display (number) : g_strdup_printf ("#%" G_GINT64_FORMAT, rma_id);
  /* Translators: %s is an RMA number. */
  tooltip = g_strdup_printf (_("Open return %s"), display);
  gtk_button_set_label (GTK_BUTTON (button), display);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* The target first: the action takes an int64, never nothing. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (rma_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-rma");
}

static GtkColumnViewColumn *
add_column (RetourInventoryPage *self,
            GtkColumnView       *view,
            const char          *title,
            GType                record_type,
            CellKind             kind,
            BindFunc             bind,
            GtkSorter           *sorter,
            gboolean             expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  Column *data = g_new0 (Column, 1);

  data->self = self;
  data->record_type = record_type;
  data->kind = kind;
  data->bind = bind;
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), data);
  g_object_set_data_full (G_OBJECT (factory), "retour-column", data, g_free);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (view, column);
  g_object_unref (column);
  g_clear_object (&sorter);

  return column;
}

/* The products' columns --------------------------------------------------------------- */

#define PRODUCT(record) ((const RetourProductInventory *) (record))

static void
bind_product (RetourInventoryPage *self,
              GtkWidget           *cell,
              gconstpointer        record)
{
  GtkWidget *title = gtk_widget_get_first_child (cell);

  set_text (title, PRODUCT (record)->title);
  set_text (gtk_widget_get_next_sibling (title), PRODUCT (record)->sku);
}

#define BIND_FIELD(name, field)                                  \
  static void                                                    \
  bind_##name (RetourInventoryPage *self,                        \
               GtkWidget           *cell,                        \
               gconstpointer        record)                      \
  {                                                              \
    set_number (cell, PRODUCT (record)->field);                  \
  }

BIND_FIELD (on_hand, on_hand)
BIND_FIELD (expected, expected_back)
BIND_FIELD (awaiting, awaiting_inspection)
BIND_FIELD (restocked, restocked)
BIND_FIELD (held, held)
BIND_FIELD (written_off, written_off_in)

static void
bind_rate (RetourInventoryPage *self,
           GtkWidget           *cell,
           gconstpointer        record)
{
  g_autofree char *rate = format_rate (PRODUCT (record)->returned, PRODUCT (record)->sold);
  g_autofree char *returned = format_count (PRODUCT (record)->returned);
  g_autofree char *sold = format_count (PRODUCT (record)->sold);
  g_autofree char *tooltip = g_strdup_printf (_("%s asked back of %s sold"), returned, sold);

  set_text (cell, rate);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

static void
bind_reason (RetourInventoryPage *self,
             GtkWidget           *cell,
             gconstpointer        record)
{
  const RetourProductInventory *product = record;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *tooltip = NULL;

  if (product->n_top_reasons == 0)
    {
      set_text (cell, "—");
      gtk_widget_set_tooltip_text (cell, NULL);
      return;
    }

  for (guint i = 0; i < product->n_top_reasons; i++)
    {
      g_autofree char *units = format_count (product->top_reasons[i].units);

      /* Translators: a reason and how many units were returned for it. */
      g_string_append_printf (all, _("%s (%s)"), product->top_reasons[i].label, units);
      if (i == 0)
        first = g_strdup (all->str);
      if (i + 1 < product->n_top_reasons)
        g_string_append_c (all, '\n');
    }

  set_text (cell, first);
  tooltip = retour_text_for_display (all->str, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

typedef gint64 (*FieldFunc) (const RetourProductInventory *product);

static int
compare_products (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const RetourProductInventory *x = retour_record_item_get ((RetourRecordItem *) a, RETOUR_TYPE_PRODUCT_INVENTORY);
  const RetourProductInventory *y = retour_record_item_get ((RetourRecordItem *) b, RETOUR_TYPE_PRODUCT_INVENTORY);
  gsize offset = GPOINTER_TO_SIZE (user_data);
  gint64 u = G_STRUCT_MEMBER (gint64, x, offset);
  gint64 v = G_STRUCT_MEMBER (gint64, y, offset);

  return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const RetourProductInventory *x = retour_record_item_get ((RetourRecordItem *) a, RETOUR_TYPE_PRODUCT_INVENTORY);
  const RetourProductInventory *y = retour_record_item_get ((RetourRecordItem *) b, RETOUR_TYPE_PRODUCT_INVENTORY);
  int order = g_utf8_collate (x->title, y->title);

  if (order == 0)
    order = g_strcmp0 (x->sku, y->sku);

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_rates (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const RetourProductInventory *x = retour_record_item_get ((RetourRecordItem *) a, RETOUR_TYPE_PRODUCT_INVENTORY);
  const RetourProductInventory *y = retour_record_item_get ((RetourRecordItem *) b, RETOUR_TYPE_PRODUCT_INVENTORY);
  double u = retour_inventory_return_rate (x->returned, x->sold);
  double v = retour_inventory_return_rate (y->returned, y->sold);

  return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Most came back first, then by name. */
static int
compare_came_back (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const RetourProductInventory *x = retour_record_item_get ((RetourRecordItem *) a, RETOUR_TYPE_PRODUCT_INVENTORY);
  const RetourProductInventory *y = retour_record_item_get ((RetourRecordItem *) b, RETOUR_TYPE_PRODUCT_INVENTORY);

  if (x->came_back != y->came_back)
    return x->came_back > y->came_back ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  return compare_titles (a, b, NULL);
}

static GtkSorter *
field_sorter (gsize offset)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_products, GSIZE_TO_POINTER (offset), NULL));
}

static void
build_product_columns (RetourInventoryPage *self)
{
  GType type = RETOUR_TYPE_PRODUCT_INVENTORY;
  GtkColumnView *view = self->product_view;

  add_column (self, view, C_("column", "Product"), type, CELL_PRODUCT, bind_product,
              GTK_SORTER (gtk_custom_sorter_new (compare_titles, NULL, NULL)), TRUE);
  add_column (self, view, C_("column", "On Hand"), type, CELL_NUMBER, bind_on_hand,
              field_sorter (G_STRUCT_OFFSET (RetourProductInventory, on_hand)), FALSE);
  add_column (self, view, C_("column", "Expected"), type, CELL_NUMBER, bind_expected,
              field_sorter (G_STRUCT_OFFSET (RetourProductInventory, expected_back)), FALSE);
  g_ptr_array_add (self->narrow_columns,
                   add_column (self, view, C_("column", "To Inspect"), type, CELL_NUMBER, bind_awaiting,
                               field_sorter (G_STRUCT_OFFSET (RetourProductInventory, awaiting_inspection)), FALSE));
  g_ptr_array_add (self->narrow_columns,
                   add_column (self, view, C_("column", "Restocked"), type, CELL_NUMBER, bind_restocked,
                               field_sorter (G_STRUCT_OFFSET (RetourProductInventory, restocked)), FALSE));
  add_column (self, view, C_("column", "Held"), type, CELL_NUMBER, bind_held,
              field_sorter (G_STRUCT_OFFSET (RetourProductInventory, held)), FALSE);
  g_ptr_array_add (self->narrow_columns,
                   add_column (self, view, C_("column", "Written Off"), type, CELL_NUMBER, bind_written_off,
                               field_sorter (G_STRUCT_OFFSET (RetourProductInventory, written_off_in)), FALSE));
  add_column (self, view, C_("column", "Return Rate"), type, CELL_NUMBER, bind_rate,
              GTK_SORTER (gtk_custom_sorter_new (compare_rates, NULL, NULL)), FALSE);
  g_ptr_array_add (self->narrow_columns,
                   add_column (self, view, C_("column", "Top Reason"), type, CELL_TEXT, bind_reason, NULL, FALSE));
}

/* The ledger's columns ----------------------------------------------------------------- */

#define MOVEMENT(record) ((const RetourStockMovement *) (record))

static void
bind_movement_date (RetourInventoryPage *self,
                    GtkWidget           *cell,
                    gconstpointer        record)
{
  g_autofree char *date = format_local (self, MOVEMENT (record)->created_us, "%x");
  g_autofree char *time = format_local (self, MOVEMENT (record)->created_us, "%x %X");

  set_text (cell, date);
  gtk_widget_set_tooltip_text (cell, time);
}

static void
bind_movement_change (RetourInventoryPage *self,
                      GtkWidget           *cell,
                      gconstpointer        record)
{
  g_autofree char *text = g_strdup_printf ("%+'" G_GINT64_FORMAT, MOVEMENT (record)->delta);

  set_text (cell, text);
}

/* The cause over the stock it moved, with who and why on hover. */
static void
bind_movement (RetourInventoryPage *self,
               GtkWidget           *cell,
               gconstpointer        record)
{
  const RetourStockMovement *movement = record;
  GtkWidget *cause = gtk_widget_get_first_child (cell);
  /* Typed by people, any length. */
  g_autofree char *actor = retour_text_for_display (movement->actor != NULL ? movement->actor : "",
                                                    RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *note = retour_text_for_display (movement->note, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  g_autofree char *tooltip = NULL;

  set_text (cause, retour_stock_cause_get_label (movement->cause));
  /* "Written off" into written off needs saying once. */
  set_text (gtk_widget_get_next_sibling (cause), retour_stock_bucket_get_label (movement->bucket));
  gtk_widget_set_visible (gtk_widget_get_next_sibling (cause),
                          g_strcmp0 (retour_stock_cause_get_label (movement->cause),
                                     retour_stock_bucket_get_label (movement->bucket)) != 0);
  if (note != NULL && *note != '\0')
    /* Translators: who made a stock movement, and their note. */
    tooltip = g_strdup_printf (_("%s: %s"), actor, note);
  else
    tooltip = g_strdup (actor);
  gtk_widget_set_tooltip_text (cell, tooltip);
}

static void
bind_movement_return (RetourInventoryPage *self,
                      GtkWidget           *cell,
                      gconstpointer        record)
{
  set_return (cell, MOVEMENT (record)->rma_id, MOVEMENT (record)->rma_number);
}

static void
build_ledger_columns (RetourInventoryPage *self)
{
  GType type = RETOUR_TYPE_STOCK_MOVEMENT;
  GtkColumnView *view = self->ledger_view;

  add_column (self, view, C_("column", "Date"), type, CELL_TEXT, bind_movement_date, NULL, FALSE);
  add_column (self, view, C_("column", "Change"), type, CELL_NUMBER, bind_movement_change, NULL, FALSE);
  add_column (self, view, C_("column", "Movement"), type, CELL_TWO_LINES, bind_movement, NULL, TRUE);
  add_column (self, view, C_("column", "Return"), type, CELL_RETURN, bind_movement_return, NULL, FALSE);
}

/* The arrivals' columns -------------------------------------------------------------- */

#define ARRIVAL(record) ((const RetourExpectedArrival *) (record))

static void
bind_arrival_return (RetourInventoryPage *self,
                     GtkWidget           *cell,
                     gconstpointer        record)
{
  set_return (cell, ARRIVAL (record)->rma_id, ARRIVAL (record)->number);
}

static void
bind_arrival_status (RetourInventoryPage *self,
                     GtkWidget           *cell,
                     gconstpointer        record)
{
  retour_status_tag_set_status (GTK_LABEL (cell), ARRIVAL (record)->status);
}

static void
bind_arrival_customer (RetourInventoryPage *self,
                       GtkWidget           *cell,
                       gconstpointer        record)
{
  set_text (cell, ARRIVAL (record)->customer_name);
}

static void
bind_arrival_order (RetourInventoryPage *self,
                    GtkWidget           *cell,
                    gconstpointer        record)
{
  set_text (cell, ARRIVAL (record)->order_number);
}

static void
bind_arrival_units (RetourInventoryPage *self,
                    GtkWidget           *cell,
                    gconstpointer        record)
{
  set_number (cell, ARRIVAL (record)->units);
}

static void
bind_arrival_due (RetourInventoryPage *self,
                  GtkWidget           *cell,
                  gconstpointer        record)
{
  g_autofree char *due = ARRIVAL (record)->due_us != 0 ? format_local (self, ARRIVAL (record)->due_us, "%x")
                                                       : g_strdup ("—");

  set_text (cell, due);
}

/* Overdue in words and with an icon, in the error colour: never by
 * colour alone. */
static void
bind_arrival_overdue (RetourInventoryPage *self,
                      GtkWidget           *cell,
                      gconstpointer        record)
{
  gtk_widget_set_visible (cell, ARRIVAL (record)->overdue);
}

static void
build_arrival_columns (RetourInventoryPage *self)
{
  GType type = RETOUR_TYPE_EXPECTED_ARRIVAL;
  GtkColumnView *view = self->arrivals_view;

  add_column (self, view, C_("column", "Return"), type, CELL_RETURN, bind_arrival_return, NULL, FALSE);
  add_column (self, view, C_("column", "Status"), type, CELL_TAG, bind_arrival_status, NULL, FALSE);
  add_column (self, view, C_("column", "Customer"), type, CELL_TEXT, bind_arrival_customer, NULL, TRUE);
  add_column (self, view, C_("column", "Order"), type, CELL_TEXT, bind_arrival_order, NULL, FALSE);
  add_column (self, view, C_("column", "Units"), type, CELL_NUMBER, bind_arrival_units, NULL, FALSE);
  add_column (self, view, C_("column", "Due"), type, CELL_TEXT, bind_arrival_due, NULL, FALSE);
  add_column (self, view, C_("column", "Overdue"), type, CELL_OVERDUE, bind_arrival_overdue, NULL, FALSE);
}

static void
arrival_activated_cb (RetourInventoryPage *self,
                      guint                position)
{
  const RetourExpectedArrival *arrival = retour_record_item_get_at (G_LIST_MODEL (self->arrival_selection),
                                                                    position, RETOUR_TYPE_EXPECTED_ARRIVAL);

  if (arrival != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-rma", "x", arrival->rma_id);
}

/* Search -------------------------------------------------------------------------------- */

static gboolean
product_filter_func (gpointer item,
                     gpointer user_data)
{
  RetourInventoryPage *self = user_data;
  const RetourProductInventory *product = retour_record_item_get (item, RETOUR_TYPE_PRODUCT_INVENTORY);

  return self->search_ids == NULL ||
         (product != NULL && g_hash_table_contains (self->search_ids, &product->product_id));
}

static void
search_changed_cb (RetourInventoryPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->search_ids, g_hash_table_unref);

  if (*text != '\0' && self->db != NULL)
    {
      ids = retour_inventory_store_find_products (self->db, text, &error);
      if (ids == NULL)
        show_toast (self, error->message, TRUE);
      else
        {
          self->search_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          for (guint i = 0; i < ids->len; i++)
            g_hash_table_add (self->search_ids, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
        }
    }

  gtk_filter_changed (GTK_FILTER (self->product_filter), GTK_FILTER_CHANGE_DIFFERENT);
  restore_selection (self);
  show_detail (self);
  update_product_stack (self);
}

static void
stop_search_cb (RetourInventoryPage *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->product_view));
}

/* Callbacks and actions -------------------------------------------------------------------- */

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
leaflet_folded_cb (RetourInventoryPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  GtkLabel *details[] = {
    self->came_back_detail, self->restocked_detail, self->held_detail, self->written_off_detail,
    self->out_detail, self->overdue_detail, self->rate_detail,
  };

  gtk_widget_set_visible (self->back_button, folded);
  /* A narrow window keeps the numbers and what they count, and leaves
   * the room below to the list. */
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    gtk_widget_set_visible (GTK_WIDGET (details[i]), !folded);
  for (guint i = 0; self->narrow_columns != NULL && i < self->narrow_columns->len; i++)
    gtk_column_view_column_set_visible (g_ptr_array_index (self->narrow_columns, i), !folded);
  update_actions (self);
}

static void
stock_applied_cb (RetourStockDialog   *dialog,
                  const char          *message,
                  RetourInventoryPage *self)
{
  show_toast (self, message, FALSE);
}

static void
open_stock_dialog (RetourInventoryPage   *self,
                   RetourStockDialogMode  mode)
{
  const RetourProductInventory *product = selected_product (self);
  RetourStockDialog *dialog;

  if (product == NULL || self->context == NULL)
    return;

  dialog = retour_stock_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->context, mode, product);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (stock_applied_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retour_inventory_page_finish_repair (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  open_stock_dialog (RETOUR_INVENTORY_PAGE (widget), RETOUR_STOCK_DIALOG_FINISH_REPAIR);
}

static void
retour_inventory_page_write_off (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  open_stock_dialog (RETOUR_INVENTORY_PAGE (widget), RETOUR_STOCK_DIALOG_WRITE_OFF);
}

static void
retour_inventory_page_correct (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  open_stock_dialog (RETOUR_INVENTORY_PAGE (widget), RETOUR_STOCK_DIALOG_CORRECT);
}

static void
expire_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint n_expired = 0;

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL ||
      !retour_inventory_store_expire_overdue (db, job->tz, job->now_us, job->actor, &n_expired, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_int (task, n_expired);
}

static void
expire_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourInventoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gssize n_expired;

  self->expiring = FALSE;
  set_loading (self, self->loading);

  n_expired = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      show_toast (self, error->message, TRUE);
      update_actions (self);
      return;
    }

  if (n_expired == 0)
    message = g_strdup (_("No return was overdue any more."));
  else
    {
      g_autofree char *count = format_count (n_expired);

      /* Translators: %s is a count of returns. */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expired %s overdue return",
                                              "Expired %s overdue returns", (gulong) n_expired),
                                 count);
    }
  show_toast (self, message, FALSE);

  /* Written on another connection: the window's does not signal it. */
  start_load (self);
}

static void
expire_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    RetourInventoryPage *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (g_strcmp0 (response, "expire") != 0 || self->db == NULL || self->expiring)
    return;

  job = g_new0 (Job, 1);
  job->path = g_strdup (retour_database_get_path (self->db));
  job->now_us = retour_context_now (self->context);
  job->tz = g_time_zone_ref (retour_context_get_time_zone (self->context));
  job->actor = g_strdup (retour_context_get_actor (self->context));

  self->expiring = TRUE;
  set_loading (self, self->loading);
  update_actions (self);

  /* Not cancelled with the page: a half-done expiry is rolled back
   * anyway, and one that completes should not be reported as failed. */
  task = g_task_new (NULL, NULL, expire_cb, g_object_ref (self));
  g_task_set_source_tag (task, expire_response_cb);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, expire_thread);
}

static void
retour_inventory_page_expire_overdue (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);
  g_autofree char *count = format_count ((gint64) self->summary.overdue_rmas);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  guint64 n = self->summary.overdue_rmas;

  if (n == 0)
    return;

  /* Translators: %s is a count of returns. */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expire %s Overdue Return?",
                                          "Expire %s Overdue Returns?", (gulong) n),
                             count);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, NULL));
  adw_message_dialog_set_body (dialog,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "Its parcel was due before today and has not arrived. An expired return is closed: it can no longer be received, and its history says why.",
                                            "Their parcels were due before today and have not arrived. An expired return is closed: it can no longer be received, and its history says why.",
                                            (gulong) n));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "expire", _("_Expire"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "expire", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (expire_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retour_inventory_page_find (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (widget);

  gtk_stack_set_visible_child_name (self->view_stack, "products");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->product_stack));
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

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->product_stack));
  gtk_widget_grab_focus (GTK_WIDGET (self->product_view));
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

/* GObject ------------------------------------------------------------------------------- */

static void
disconnect_database (RetourInventoryPage *self)
{
  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_data (self->watcher, self);
  g_clear_object (&self->watcher);
  g_clear_handle_id (&self->reload_source, g_source_remove);
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

  if (self->product_view != NULL)
    gtk_column_view_set_model (self->product_view, NULL);
  if (self->ledger_view != NULL)
    gtk_column_view_set_model (self->ledger_view, NULL);
  if (self->arrivals_view != NULL)
    gtk_column_view_set_model (self->arrivals_view, NULL);
  g_clear_object (&self->product_selection);
  g_clear_object (&self->arrival_selection);
  g_clear_object (&self->product_filter);
  g_clear_object (&self->products);
  g_clear_object (&self->ledger);
  g_clear_object (&self->arrivals);
  g_clear_pointer (&self->narrow_columns, g_ptr_array_unref);
  g_clear_object (&self->context);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_INVENTORY_PAGE);

  G_OBJECT_CLASS (retour_inventory_page_parent_class)->dispose (object);
}

static void
retour_inventory_page_finalize (GObject *object)
{
  RetourInventoryPage *self = RETOUR_INVENTORY_PAGE (object);

  g_clear_pointer (&self->search_ids, g_hash_table_unref);
  g_clear_error (&self->load_error);
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

  /* "products" or "arrivals". */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "products",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-inventory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, overdue_badge);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, came_back_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, came_back_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, restocked_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, restocked_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, held_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, held_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, written_off_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, written_off_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, out_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, out_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, overdue_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, overdue_icon);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, overdue_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, overdue_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, rate_value);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, rate_detail);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, product_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, product_view);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_sku);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_levels);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_period);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, detail_reasons);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, ledger_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, ledger_view);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, arrivals_label);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, arrivals_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryPage, arrivals_view);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ledger_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, arrival_activated_cb);

  gtk_widget_class_install_property_action (widget_class, "inventory.view", "view");
  gtk_widget_class_install_action (widget_class, "inventory.find", NULL, retour_inventory_page_find);
  gtk_widget_class_install_action (widget_class, "inventory.back", NULL, retour_inventory_page_back);
  gtk_widget_class_install_action (widget_class, "inventory.finish-repair", NULL, retour_inventory_page_finish_repair);
  gtk_widget_class_install_action (widget_class, "inventory.write-off", NULL, retour_inventory_page_write_off);
  gtk_widget_class_install_action (widget_class, "inventory.correct", NULL, retour_inventory_page_correct);
  gtk_widget_class_install_action (widget_class, "inventory.expire-overdue", NULL,
                                   retour_inventory_page_expire_overdue);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "inventory.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "inventory.back", NULL);
}

static void
retour_inventory_page_init (RetourInventoryPage *self)
{
  GtkEventController *shortcuts;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkMultiSorter *sorter;

  self->view = g_strdup ("products");
  self->narrow_columns = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Products: searched by the store, sorted by the column headers. */
  self->products = g_list_store_new (RETOUR_TYPE_RECORD_ITEM);
  self->product_filter = gtk_custom_filter_new (product_filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->products)),
                                        GTK_FILTER (g_object_ref (self->product_filter)));
  build_product_columns (self);
  /* The column clicked decides; until one is, what came back most
   * comes first: where to look. */
  sorter = gtk_multi_sorter_new ();
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->product_view)));
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (compare_came_back, NULL, NULL)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (sorter));
  self->product_selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->product_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->product_selection, TRUE);
  g_signal_connect_swapped (self->product_selection, "notify::selected",
                            G_CALLBACK (product_selection_changed_cb), self);
  gtk_column_view_set_model (self->product_view, GTK_SELECTION_MODEL (self->product_selection));

  self->ledger = g_list_store_new (RETOUR_TYPE_RECORD_ITEM);
  build_ledger_columns (self);
  gtk_column_view_set_model (self->ledger_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->ledger)))));

  self->arrivals = g_list_store_new (RETOUR_TYPE_RECORD_ITEM);
  build_arrival_columns (self);
  self->arrival_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->arrivals)));
  gtk_single_selection_set_autoselect (self->arrival_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->arrival_selection, TRUE);
  gtk_column_view_set_model (self->arrivals_view, GTK_SELECTION_MODEL (self->arrival_selection));

  /* Typing in the product list searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->product_view));

  /* Ctrl+F wherever the focus is, while the page is shown. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("inventory.find")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  leaflet_folded_cb (self);
  update_product_stack (self);
  update_summary (self);
  show_detail (self);
}

void
retour_inventory_page_set_context (RetourInventoryPage *self,
                                   RetourContext       *context)
{
  g_return_if_fail (RETOUR_IS_INVENTORY_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (self->context == context)
    {
      retour_inventory_page_reload (self);
      return;
    }

  disconnect_database (self);
  g_set_object (&self->context, context);
  self->selected_id = 0;
  self->loaded = FALSE;
  memset (&self->summary, 0, sizeof self->summary);
  g_list_store_remove_all (self->products);
  g_list_store_remove_all (self->arrivals);

  self->db = g_object_ref (retour_context_get_database (context));
  self->watcher = retour_database_watcher_new (self->db);
  g_signal_connect (self->watcher, "changed", G_CALLBACK (database_changed_cb), self);

  update_summary (self);

  /* Nobody looks at the figures yet: they are added up when the page is
   * first shown, not while the window opens. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_load (self);
  else
    self->stale = TRUE;
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
  self->selected_id = product_id;
  restore_selection (self);
  show_detail (self);
  if (selected_product (self) != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
}

gboolean
retour_inventory_page_is_loading (RetourInventoryPage *self)
{
  g_return_val_if_fail (RETOUR_IS_INVENTORY_PAGE (self), FALSE);

  return self->loading || self->expiring || (self->stale && self->db != NULL);
}
