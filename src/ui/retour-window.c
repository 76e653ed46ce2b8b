/* retour-window.c — the main window: one shop's database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-application.h"
#include "retour-carrier-tracker.h"
#include "retour-connect-dialog.h"
#include "retour-database-watcher.h"
#include "retour-demo.h"
#include "retour-inventory-page.h"
#include "retour-reports-page.h"
#include "retour-label-dialog.h"
#include "retour-new-return-window.h"
#include "retour-outbox.h"
#include "retour-preferences-window.h"
#include "retour-receive-window.h"
#include "retour-returns-page.h"
#include "retour-text.h"
#include "retour-welcome-page.h"
#include "retour-window.h"
#include "retour-toast.h"

/* Big enough to fill every list and report with something to look at,
 * small enough to be built in a few seconds. */
#define DEFAULT_DEMO_SIZE 2000
/* The same demo shop every time: easier to write documentation and to
 * help people against. */
#define DEMO_SEED 1

struct _RetourWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *shared_indicator;
  GtkWidget            *start_squeezer;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  RetourWelcomePage    *welcome_page;
  AdwViewStack         *view_stack;
  RetourReturnsPage    *returns_page;
  AdwBin               *inventory_bin;
  RetourInventoryPage  *inventory_page;    /* NULL until first shown */
  AdwBin               *reports_bin;
  RetourReportsPage    *reports_page;      /* NULL until first shown */
  AdwStatusPage        *error_page;
  GtkWidget            *server_error_buttons;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  GtkSpinner           *offline_spinner;

  GSettings            *settings;          /* NULL without the schema */
  /* On a shared database: notices a connection that broke. */
  RetourDatabaseWatcher *watcher;
  GCancellable         *reconnect_cancellable;  /* non-NULL while trying */
  RetourContext        *context;
  RetourCarrierTracker *tracker;           /* follows the shop's parcels */
  guint                 outbox_source;     /* sends the e-mail that is due */
  GCancellable         *outbox_cancellable;  /* non-NULL while it does */
  char                 *path;
  char                 *error_message;     /* why it could not be opened */
  GCancellable         *demo_cancellable;  /* non-NULL while building */
  guint64               demo_size;
};

G_DEFINE_FINAL_TYPE (RetourWindow, retour_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DEMO_SIZE,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
retour_window_show_toast (RetourWindow *self,
                          const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, retour_toast_new (message, RETOUR_TOAST_STAYS));
}

static void
retour_window_update_actions (RetourWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean has_shop = self->context != NULL;
  gboolean building = self->demo_cancellable != NULL;
  gboolean welcome = g_strcmp0 (page, "welcome") == 0;
  gboolean shop = has_shop && g_strcmp0 (page, "shop") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-demo",
                                 has_shop && welcome && !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-empty",
                                 has_shop && welcome && !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-demo",
                                 building && !g_cancellable_is_cancelled (self->demo_cancellable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", shop);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-return", shop);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.receive", shop);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-rma", shop);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.view", shop);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-open",
                                 g_strcmp0 (page, "error") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect",
                                 has_shop && self->reconnect_cancellable == NULL &&
                                 gtk_revealer_get_reveal_child (self->offline_revealer));
}

/* @name: "welcome", "shop" (the returns and the inventory), "connecting"
 * (to a shared database) or "error". */
static void
retour_window_show_page (RetourWindow *self,
                         const char   *name)
{
  gboolean shop = g_str_equal (name, "shop");

  gtk_stack_set_visible_child_name (self->stack, name);

  /* Pages that are one large status page read better under a header bar
   * that blends into them. */
  if (shop)
    gtk_widget_remove_css_class (GTK_WIDGET (self->header_bar), "flat");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->header_bar), "flat");

  /* Returns and Inventory only make sense with a shop open. */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, shop);

  gtk_widget_set_visible (self->start_squeezer, shop);
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (name, "connecting"));
  retour_window_update_actions (self);

  if (g_str_equal (name, "welcome"))
    gtk_widget_grab_focus (GTK_WIDGET (self->welcome_page));
}

/* What a job's callback gets instead of the window: the window must not
 * be kept alive by its jobs, since closing it is what cancels them (in
 * dispose). The application is held meanwhile, so that the process
 * outlives the window and a cancelled job still cleans up after itself. */
typedef struct
{
  GWeakRef      window;
  GApplication *application;
} WindowJob;

static WindowJob *
retour_window_job_new (RetourWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  WindowJob *job = g_new0 (WindowJob, 1);

  g_weak_ref_init (&job->window, self);
  if (application != NULL)
    {
      job->application = g_object_ref (G_APPLICATION (application));
      g_application_hold (job->application);
    }

  return job;
}

/* Frees @job; returns the window (a new reference) or NULL if it is
 * gone. */
static RetourWindow *
retour_window_job_end (WindowJob *job)
{
  RetourWindow *self = g_weak_ref_get (&job->window);

  g_weak_ref_clear (&job->window);
  if (job->application != NULL)
    {
      g_application_release (job->application);
      g_object_unref (job->application);
    }
  g_free (job);

  /* gtk_widget_dispose_template() clears the template pointers, should
   * the window have been disposed while still referenced elsewhere. */
  if (self != NULL && self->stack == NULL)
    g_clear_object (&self);

  return self;
}

/* The returns ------------------------------------------------------------- */

/* The inventory page, made on first use. */
static RetourInventoryPage *
retour_window_ensure_inventory_page (RetourWindow *self)
{
  if (self->inventory_page == NULL)
    {
      self->inventory_page = g_object_new (RETOUR_TYPE_INVENTORY_PAGE, NULL);
      adw_bin_set_child (self->inventory_bin, GTK_WIDGET (self->inventory_page));
      if (self->context != NULL)
        g_object_set (self->inventory_page, "context", self->context, NULL);
    }

  return self->inventory_page;
}

/* The reports page, made on first use like the inventory's. */
static RetourReportsPage *
retour_window_ensure_reports_page (RetourWindow *self)
{
  if (self->reports_page == NULL)
    {
      self->reports_page = g_object_new (RETOUR_TYPE_REPORTS_PAGE, NULL);
      adw_bin_set_child (self->reports_bin, GTK_WIDGET (self->reports_page));
      if (self->context != NULL)
        g_object_set (self->reports_page, "context", self->context, NULL);
    }

  return self->reports_page;
}

static void
retour_window_show_shop (RetourWindow *self)
{
  /* Every page takes the shop the same way, through its "context". The
   * inventory page is made when it is first shown. */
  g_object_set (self->returns_page, "context", self->context, NULL);
  if (self->inventory_page != NULL)
    g_object_set (self->inventory_page, "context", self->context, NULL);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "inventory") == 0)
    retour_window_ensure_inventory_page (self);
  if (self->reports_page != NULL)
    g_object_set (self->reports_page, "context", self->context, NULL);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "reports") == 0)
    retour_window_ensure_reports_page (self);
  retour_window_show_page (self, "shop");
}

/* The view switcher: "returns", "inventory" or "reports". */
static void
view_changed_cb (RetourWindow *self)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "inventory") == 0 && self->context != NULL)
    retour_window_ensure_inventory_page (self);
  if (g_strcmp0 (view, "reports") == 0 && self->context != NULL)
    retour_window_ensure_reports_page (self);

  /* The view's own list takes the keyboard, as it does on opening. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->view_stack)) && g_strcmp0 (view, "inventory") == 0)
    gtk_widget_child_focus (GTK_WIDGET (self->inventory_page), GTK_DIR_TAB_FORWARD);
}

static void
retour_window_view (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);
  const char *view = g_variant_get_string (param, NULL);

  if (g_str_equal (view, "returns") || g_str_equal (view, "inventory") || g_str_equal (view, "reports"))
    adw_view_stack_set_visible_child_name (self->view_stack, view);
}

static void
retour_window_show_rma_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);
  gint64 rma_id = g_variant_get_int64 (param);

  if (rma_id > 0)
    retour_window_show_rma (self, rma_id, NULL);
}

/* The demo shop ----------------------------------------------------------- */

static void
retour_window_demo_progress_cb (guint64  done,
                                guint64  total,
                                gpointer user_data)
{
  RetourWindow *self = user_data;

  retour_welcome_page_set_progress (self->welcome_page, done, total);
}

static void
retour_window_demo_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RetourWindow) self = retour_window_job_end (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = retour_demo_create_finish (result, &error);

  if (self == NULL)
    return;

  g_clear_object (&self->demo_cancellable);
  retour_welcome_page_set_busy (self->welcome_page, FALSE);

  if (!ok)
    {
      /* Cancel leaves the database as empty as it was: back to the
       * choices, nothing to report. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        retour_window_show_toast (self, error->message);

      retour_window_update_actions (self);
      return;
    }

  retour_window_show_shop (self);
}

static void
retour_window_try_demo (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);
  RetourDemoOptions options = { 0 };

  if (self->context == NULL || self->demo_cancellable != NULL)
    return;

  options.n_rmas = self->demo_size;
  options.seed = DEMO_SEED;
  options.now_us = retour_context_now (self->context);
  options.progress = retour_window_demo_progress_cb;
  options.progress_data = self;

  self->demo_cancellable = g_cancellable_new ();
  retour_welcome_page_set_busy (self->welcome_page, TRUE);
  retour_window_update_actions (self);

  retour_demo_create_async (self->path,
                            &options,
                            self->demo_cancellable,
                            retour_window_demo_cb,
                            retour_window_job_new (self));
}

static void
retour_window_cancel_demo (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);

  if (self->demo_cancellable == NULL)
    return;

  /* The worker notices between two batches; until then the page says
   * what is going on. */
  g_cancellable_cancel (self->demo_cancellable);
  retour_welcome_page_set_cancelling (self->welcome_page);
  retour_window_update_actions (self);
}

/* The other actions ------------------------------------------------------- */

static void
retour_window_start_empty (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);

  if (self->context == NULL || self->demo_cancellable != NULL)
    return;

  retour_window_show_shop (self);
}

static void
retour_window_refresh (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);

  if (self->context == NULL)
    return;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "inventory") == 0)
    retour_inventory_page_reload (retour_window_ensure_inventory_page (self));
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "reports") == 0)
    retour_reports_page_reload (retour_window_ensure_reports_page (self));
  else
    retour_returns_page_reload (self->returns_page);
}

static void
retour_window_new_return (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);

  if (self->context == NULL)
    return;

  gtk_window_present (GTK_WINDOW (retour_new_return_window_new (self, self->context)));
}

static void
retour_window_receive (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);

  if (self->context == NULL)
    return;

  gtk_window_present (GTK_WINDOW (retour_receive_window_new (GTK_WINDOW (self), self->context)));
}

static void
retour_window_label (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);

  if (self->context == NULL)
    return;

  retour_label_dialog_present (GTK_WINDOW (self), self->context, g_variant_get_int64 (param));
}

static void
retour_window_retry_open (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);
  g_autofree char *path = g_strdup (self->path);
  GtkApplication *application;

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (application == NULL || path == NULL)
    return;

  retour_application_open_in_window (RETOUR_APPLICATION (application), self, path);

  /* The page looks the same as before: say that it was tried. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    retour_window_show_toast (self, self->error_message);
}

/* Offline ------------------------------------------------------------------- */

static void
set_offline (RetourWindow *self,
             gboolean      offline)
{
  if (offline && self->context == NULL)
    return;

  if (gtk_revealer_get_reveal_child (self->offline_revealer) != offline)
    {
      gtk_revealer_set_reveal_child (self->offline_revealer, offline);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }
  retour_window_update_actions (self);
}

static void
connection_lost_cb (RetourWindow *self)
{
  set_offline (self, TRUE);
}

static void
retour_window_offline (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  set_offline (RETOUR_WINDOW (widget), TRUE);
}

static void
reconnect_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  RetourDatabase *db;

  db = retour_database_open_full (task_data, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, g_object_unref);
}

static void
reconnect_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RetourWindow) self = retour_window_job_end (user_data);
  g_autoptr(RetourDatabase) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = G_CANCELLABLE (g_task_get_cancellable (G_TASK (result)));

  fresh = g_task_propagate_pointer (G_TASK (result), &error);

  /* Gone, or on another shop since. */
  if (self == NULL || self->reconnect_cancellable != cancellable)
    return;

  g_clear_object (&self->reconnect_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_spinner), FALSE);
  gtk_spinner_set_spinning (self->offline_spinner, FALSE);

  /* The same RetourDatabase, with a new connection: every view, the
   * editor with its unsaved edits and the other windows of this shop go
   * on as they were. */
  if (fresh == NULL ||
      !retour_database_reconnect_from (retour_context_get_database (self->context), fresh, &error))
    {
      retour_window_show_toast (self, error->message);
      retour_window_update_actions (self);
      return;
    }

  set_offline (self, FALSE);
}

static void
retour_window_reconnect (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RetourWindow *self = RETOUR_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->context == NULL || self->reconnect_cancellable != NULL)
    return;

  self->reconnect_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->offline_spinner), TRUE);
  gtk_spinner_set_spinning (self->offline_spinner, TRUE);
  retour_window_update_actions (self);

  task = g_task_new (NULL, self->reconnect_cancellable, reconnect_cb, retour_window_job_new (self));
  g_task_set_source_tag (task, retour_window_reconnect);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, reconnect_thread);
}

/* The title says which shared database the desk is on. */
static void
update_subtitle (RetourWindow *self)
{
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;

  if (self->context != NULL && retour_database_is_shared (retour_context_get_database (self->context)))
    where = retour_database_location_describe (self->path);

  if (where != NULL)
    /* Translators: under the window's title; %s is a shared database,
       such as "retour on db.example.com". */
    subtitle = g_strdup_printf (_("Shared: %s"), where);

  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle != NULL ? subtitle : "");
  /* A narrow window cuts the subtitle short; a wide one shows the view
   * switcher instead, and the indicator. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switcher_title), subtitle);
  gtk_widget_set_tooltip_text (self->shared_indicator, subtitle);
  gtk_widget_set_visible (self->shared_indicator, subtitle != NULL);
}

/* Forgets the shop's connection: its watcher, a reconnection under way,
 * the offline bar. */
static void
retour_window_clear_connection (RetourWindow *self)
{
  if (self->watcher != NULL)
    g_signal_handlers_disconnect_by_data (self->watcher, self);
  g_clear_object (&self->watcher);
  if (self->reconnect_cancellable != NULL)
    g_cancellable_cancel (self->reconnect_cancellable);
  g_clear_object (&self->reconnect_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_spinner), FALSE);
  gtk_spinner_set_spinning (self->offline_spinner, FALSE);
  if (gtk_revealer_get_reveal_child (self->offline_revealer))
    {
      gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }
}

/* Window state ------------------------------------------------------------ */

static GSettings *
retour_window_settings_new (void)
{
  static const struct {
    const char *key;
    const char *type;
  } keys[] = {
    { "window-width", "i" },
    { "window-height", "i" },
    { "window-maximized", "b" },
  };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Uninstalled builds and tests may lack the schema; the window then
   * simply does not remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not found: the window size is not kept",
               APPLICATION_ID);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = NULL;

      if (!g_settings_schema_has_key (schema, keys[i].key))
        {
          g_debug ("GSettings schema %s has no key %s: the window size is not kept",
                   APPLICATION_ID, keys[i].key);
          return NULL;
        }

      key = g_settings_schema_get_key (schema, keys[i].key);
      if (!g_variant_type_equal (g_settings_schema_key_get_value_type (key),
                                 G_VARIANT_TYPE (keys[i].type)))
        {
          g_debug ("GSettings key %s is not of type %s: the window size is not kept",
                   keys[i].key, keys[i].type);
          return NULL;
        }
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
retour_window_restore_state (RetourWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
retour_window_save_state (RetourWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  /* The default size follows the window as it is resized and keeps the
   * unmaximized size while maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* GObject ----------------------------------------------------------------- */

static gboolean
retour_window_close_request (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* The preferences go with this window: an unsaved policy is asked
   * about there first, rather than lost with it. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (RETOUR_IS_PREFERENCES_WINDOW (other) &&
          gtk_window_get_transient_for (other) == window &&
          retour_preferences_window_has_unsaved_changes (RETOUR_PREFERENCES_WINDOW (other)))
        {
          gtk_window_present (other);
          gtk_window_close (other);
          return TRUE;
        }
    }

  retour_window_save_state (RETOUR_WINDOW (window));

  return GTK_WINDOW_CLASS (retour_window_parent_class)->close_request (window);
}

static void
retour_window_dispose (GObject *object)
{
  RetourWindow *self = RETOUR_WINDOW (object);

  /* Jobs still under way notice this, finish on their own (cleaning up
   * after themselves) and leave the window alone. */
  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
  g_clear_object (&self->demo_cancellable);

  if (self->offline_revealer != NULL)
    retour_window_clear_connection (self);
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  if (self->outbox_cancellable != NULL)
    g_cancellable_cancel (self->outbox_cancellable);
  g_clear_object (&self->outbox_cancellable);
  if (self->tracker != NULL)
    retour_carrier_tracker_start (self->tracker, 0);
  g_clear_object (&self->tracker);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  /* They go with their bins. */
  self->inventory_page = NULL;
  self->reports_page = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_WINDOW);

  G_OBJECT_CLASS (retour_window_parent_class)->dispose (object);
}

static void
retour_window_finalize (GObject *object)
{
  RetourWindow *self = RETOUR_WINDOW (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (retour_window_parent_class)->finalize (object);
}

static void
retour_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RetourWindow *self = RETOUR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_DEMO_SIZE:
      g_value_set_uint64 (value, self->demo_size);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, retour_window_get_offline (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RetourWindow *self = RETOUR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DEMO_SIZE:
      retour_window_set_demo_size (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_window_class_init (RetourWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = retour_window_dispose;
  object_class->finalize = retour_window_finalize;
  object_class->get_property = retour_window_get_property;
  object_class->set_property = retour_window_set_property;

  window_class->close_request = retour_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEMO_SIZE] =
    g_param_spec_uint64 ("demo-size", NULL, NULL,
                         1, G_MAXUINT64, DEFAULT_DEMO_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The phone and receive windows say it too. */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_RETURNS_PAGE);
  g_type_ensure (RETOUR_TYPE_INVENTORY_PAGE);
  g_type_ensure (RETOUR_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, shared_indicator);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, inventory_bin);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, reports_bin);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, start_squeezer);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, returns_page);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, server_error_buttons);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, RetourWindow, offline_spinner);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.try-demo", NULL, retour_window_try_demo);
  gtk_widget_class_install_action (widget_class, "win.cancel-demo", NULL, retour_window_cancel_demo);
  gtk_widget_class_install_action (widget_class, "win.start-empty", NULL, retour_window_start_empty);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, retour_window_refresh);
  gtk_widget_class_install_action (widget_class, "win.retry-open", NULL, retour_window_retry_open);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, retour_window_reconnect);
  gtk_widget_class_install_action (widget_class, "win.offline", NULL, retour_window_offline);
  gtk_widget_class_install_action (widget_class, "win.new-return", NULL, retour_window_new_return);
  gtk_widget_class_install_action (widget_class, "win.receive", NULL, retour_window_receive);
  gtk_widget_class_install_action (widget_class, "win.label", "x", retour_window_label);
  gtk_widget_class_install_action (widget_class, "win.show-rma", "x", retour_window_show_rma_action);
  gtk_widget_class_install_action (widget_class, "win.view", "s", retour_window_view);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-return", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.receive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view", "s", "returns");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view", "s", "inventory");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.view", "s", "reports");
}

static void
retour_window_init (RetourWindow *self)
{
  self->demo_size = DEFAULT_DEMO_SIZE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = retour_window_settings_new ();
  retour_window_restore_state (self);

  retour_window_update_actions (self);
}

RetourWindow *
retour_window_new (RetourApplication *application)
{
  g_return_val_if_fail (RETOUR_IS_APPLICATION (application), NULL);

  return g_object_new (RETOUR_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* How often the window sends the e-mail that is due. */
#define OUTBOX_INTERVAL_S (5 * 60)

static void
outbox_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RetourWindow *self = user_data;
  RetourOutboxStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  /* A run that fails leaves its messages to try again (and the ones that
   * keep failing in Needs Action); the next tick tries. */
  if (!retour_outbox_send_due_finish (result, &stats, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The outbox could not send: %s", error->message);
    }
  else if (self->context != NULL && stats.sent + stats.failed + stats.uncertain > 0)
    retour_returns_page_reload (self->returns_page);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_clear_object (&self->outbox_cancellable);
  g_object_unref (self);
}

static gboolean
outbox_cb (gpointer user_data)
{
  RetourWindow *self = user_data;

  if (self->context == NULL || self->outbox_cancellable != NULL ||
      gtk_revealer_get_reveal_child (self->offline_revealer))
    return G_SOURCE_CONTINUE;

  self->outbox_cancellable = g_cancellable_new ();
  retour_outbox_send_due_async (retour_database_get_path (retour_context_get_database (self->context)),
                                retour_context_now (self->context), self->outbox_cancellable, outbox_done_cb,
                                g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

static void parcels_tracked_cb (RetourWindow *self,
                                guint         n_tracked,
                                guint         n_changed);

void
retour_window_set_context (RetourWindow  *self,
                           RetourContext *context)
{
  RetourDatabase *db;
  g_autoptr(GError) error = NULL;
  gboolean empty;

  g_return_if_fail (RETOUR_IS_WINDOW (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));
  g_return_if_fail (self->demo_cancellable == NULL);

  db = retour_context_get_database (context);

  g_free (self->path);
  self->path = g_strdup (retour_database_get_path (db));

  empty = retour_database_is_empty (db, &error);
  if (error != NULL)
    {
      retour_window_show_error (self, self->path, error);
      return;
    }

  if (self->context != context)
    {
      retour_window_clear_connection (self);
      if (retour_database_is_shared (db))
        {
          self->watcher = retour_database_watcher_new (db);
          g_signal_connect_swapped (self->watcher, "connection-lost", G_CALLBACK (connection_lost_cb), self);
        }
    }

  if (g_set_object (&self->context, context))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);

      /* While the shop is open its parcels are followed; what a round
       * changed (in transit, delivered, an exception) shows at once. */
      g_clear_object (&self->tracker);
      self->tracker = retour_carrier_tracker_new (context);
      g_signal_connect_object (self->tracker, "tracked", G_CALLBACK (parcels_tracked_cb), self, G_CONNECT_SWAPPED);
      retour_carrier_tracker_start (self->tracker, RETOUR_CARRIER_TRACKER_INTERVAL_S);

      /* And the e-mail to customers goes out as it falls due, retries
       * included, without anyone pressing Send Now. */
      if (self->outbox_source == 0)
        self->outbox_source = g_timeout_add_seconds (OUTBOX_INTERVAL_S, outbox_cb, self);
    }
  update_subtitle (self);

  if (empty)
    retour_window_show_page (self, "welcome");
  else
    retour_window_show_shop (self);
}

static void
parcels_tracked_cb (RetourWindow *self,
                    guint         n_tracked,
                    guint         n_changed)
{
  if (n_changed > 0 && self->context != NULL)
    retour_returns_page_reload (self->returns_page);
}

RetourContext *
retour_window_get_context (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), NULL);

  return self->context;
}

void
retour_window_show_error (RetourWindow *self,
                          const char   *path,
                          const GError *error)
{
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  g_autofree char *file = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (RETOUR_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->demo_cancellable == NULL);

  if (self->path != path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }

  if (self->context != NULL)
    {
      retour_window_clear_connection (self);
      g_clear_object (&self->context);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
    }
  update_subtitle (self);

  display = retour_database_location_is_server (path) ? retour_database_location_describe (path)
                                                       : g_filename_display_name (path);
  message = g_markup_escape_text (error->message, -1);
  file = g_markup_escape_text (display, -1);
  description = g_strdup_printf ("%s\n\n<small>%s</small>", message, file);
  adw_status_page_set_description (self->error_page, description);
  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  gtk_widget_set_visible (self->server_error_buttons, retour_database_location_is_server (path));

  retour_window_show_page (self, "error");
}

void
retour_window_show_connecting (RetourWindow *self,
                               const char   *location)
{
  g_autofree char *where = NULL;

  g_return_if_fail (RETOUR_IS_WINDOW (self));
  g_return_if_fail (location != NULL);
  g_return_if_fail (self->demo_cancellable == NULL);

  if (self->path != location)
    {
      g_free (self->path);
      self->path = g_strdup (location);
    }

  if (self->context != NULL)
    {
      retour_window_clear_connection (self);
      g_clear_object (&self->context);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
    }
  update_subtitle (self);

  where = retour_database_location_describe (location);
  adw_status_page_set_description (self->connecting_page, where);
  retour_window_show_page (self, "connecting");
}

gboolean
retour_window_get_offline (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->offline_revealer);
}

const char *
retour_window_get_path (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), NULL);

  return self->path;
}

guint64
retour_window_get_demo_size (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), 0);

  return self->demo_size;
}

void
retour_window_set_demo_size (RetourWindow *self,
                             guint64       n_rmas)
{
  g_return_if_fail (RETOUR_IS_WINDOW (self));
  g_return_if_fail (n_rmas > 0);

  if (self->demo_size == n_rmas)
    return;

  self->demo_size = n_rmas;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_SIZE]);
}

void
retour_window_show_rma (RetourWindow *self,
                        gint64        rma_id,
                        const char   *message)
{
  g_return_if_fail (RETOUR_IS_WINDOW (self));
  g_return_if_fail (rma_id > 0);

  if (self->context == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "returns");

  /* The list catches up with the new return first, so that it can be
   * selected in it. */
  retour_returns_page_reload (self->returns_page);
  retour_returns_page_show_rma (self->returns_page, rma_id);

  if (message != NULL)
    {
      AdwToast *toast = retour_toast_new (message, RETOUR_TOAST_BRIEF);

      /* A return taken on the phone usually needs its label next. */
      adw_toast_set_button_label (toast, _("Return _Label…"));
      adw_toast_set_action_name (toast, "win.label");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (rma_id));
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

RetourReturnsPage *
retour_window_get_returns_page (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), NULL);

  return self->returns_page;
}

RetourInventoryPage *
retour_window_get_inventory_page (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), NULL);

  return retour_window_ensure_inventory_page (self);
}

RetourReportsPage *
retour_window_get_reports_page (RetourWindow *self)
{
  g_return_val_if_fail (RETOUR_IS_WINDOW (self), NULL);

  return retour_window_ensure_reports_page (self);
}
