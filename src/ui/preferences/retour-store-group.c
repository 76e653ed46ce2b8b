/* retour-store-group.c — one connected store in the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The refunds waiting to be written back are listed from the database
 * each time the group reads its store again (after every run of the
 * scheduler), so a refund recorded in the editor and sent, or failed,
 * shows here as soon as the scheduler is done with it. "Retry Now" asks
 * the scheduler, which sends them in turn with the store's syncs.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-resolution-store.h"
#include "retour-rma-number.h"
#include "retour-store-group.h"
#include "retour-sync-engine.h"
#include "retour-sync-store.h"
#include "retour-text.h"
#include "retour-toast.h"

/* The intervals the combo row offers, in its order. */
static const guint intervals_min[] = { 0, 15, 60 };

#define PULSE_INTERVAL_MS 100

struct _RetourStoreGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *status_row;
  AdwActionRow        *error_row;
  AdwActionRow        *progress_row;
  GtkProgressBar      *progress_bar;
  AdwComboRow         *interval_row;
  GtkSwitch           *write_back_switch;
  AdwActionRow        *gateway_row;
  GtkSwitch           *gateway_switch;
  AdwActionRow        *queue_empty_row;
  AdwExpanderRow      *queue_row;
  AdwExpanderRow      *problems_row;
  GPtrArray           *problem_rows;  /* the rows in problems_row */
  AdwExpanderRow      *resolutions_row;
  GPtrArray           *resolution_rows;  /* the rows in resolutions_row */

  GPtrArray           *queue_rows;    /* the rows in queue_row, one per refund */
  guint                n_queued;
  gboolean             retrying;      /* "Retry Now" was pressed; its run has not ended */

  RetourContext       *context;
  RetourSyncScheduler *scheduler;     /* the context's */
  RetourStorefront    *storefront;
  GCancellable        *cancellable;   /* connection tests, keyring */
  guint                pulse_source;
  gboolean             updating;      /* rows set from the store, not by a person */
};

G_DEFINE_FINAL_TYPE (RetourStoreGroup, retour_store_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STOREFRONT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_STORE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (RetourStoreGroup *self,
       const char       *message)
{
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);
}

/* The store's name as messages quote it: a line's worth. */
static char *
dup_display_name (RetourStoreGroup *self)
{
  return retour_text_for_display (self->storefront->name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
}

/* "Just now", "12 minutes ago", "Today at 14:05", "Yesterday at 09:30",
 * or the date and time, in the shop's time zone. */
static char *
format_last_sync (RetourContext *context,
                  gint64         time_us)
{
  gint64 now_us = retour_context_now (context);
  g_autoptr(GDateTime) when = retour_context_to_local (context, time_us);
  g_autoptr(GDateTime) now = retour_context_to_local (context, now_us);
  g_autoptr(GDateTime) today = g_date_time_new (retour_context_get_time_zone (context),
                                                g_date_time_get_year (now), g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (today, -1);
  gint64 minutes = (now_us - time_us) / (60 * G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (when, "%X");
  g_autofree char *date = NULL;

  if (minutes < 1)
    return g_strdup (_("Just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (gulong) minutes), (int) minutes);
  if (g_date_time_compare (when, today) >= 0)
    /* Translators: %s is a time of day. */
    return g_strdup_printf (_("Today at %s"), clock);
  if (g_date_time_compare (when, yesterday) >= 0)
    /* Translators: %s is a time of day. */
    return g_strdup_printf (_("Yesterday at %s"), clock);

  date = g_date_time_format (when, "%x");
  /* Translators: a date and a time of day. */
  return g_strdup_printf (_("%s at %s"), date, clock);
}

static gboolean
pulse_cb (gpointer user_data)
{
  RetourStoreGroup *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
update_progress (RetourStoreGroup *self)
{
  guint64 done = 0;
  gint64 total = -1;
  RetourSyncState state = retour_sync_scheduler_get_state (self->scheduler, self->storefront->id,
                                                           &done, &total);
  g_autofree char *text = NULL;
  gboolean pulse = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), state != RETOUR_SYNC_STATE_IDLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.sync", state == RETOUR_SYNC_STATE_IDLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.cancel", state != RETOUR_SYNC_STATE_IDLE);
  /* The scheduler would send them anyway: the retry waits its turn. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.retry",
                                 state == RETOUR_SYNC_STATE_IDLE && self->n_queued > 0 &&
                                 self->storefront->write_back);

  if (state == RETOUR_SYNC_STATE_QUEUED)
    {
      text = g_strdup (_("Waiting for another store to finish"));
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    }
  else if (state == RETOUR_SYNC_STATE_RUNNING && total > 0)
    {
      g_autofree char *done_str = g_strdup_printf ("%'" G_GUINT64_FORMAT, done);
      g_autofree char *total_str = g_strdup_printf ("%'" G_GINT64_FORMAT, total);

      /* Translators: sync progress, "120 of 2,000 orders"; the plural
         follows the second number. */
      text = g_strdup_printf (ngettext ("%s of %s order", "%s of %s orders", (gulong) MIN (total, G_MAXLONG)),
                              done_str, total_str);
      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
    }
  else if (state == RETOUR_SYNC_STATE_RUNNING && done > 0)
    {
      g_autofree char *done_str = g_strdup_printf ("%'" G_GUINT64_FORMAT, done);

      /* Translators: sync progress when the store does not say how many
         orders there are. */
      text = g_strdup_printf (ngettext ("%s order so far", "%s orders so far", (gulong) MIN (done, G_MAXULONG)),
                              done_str);
      pulse = TRUE;
    }
  else if (state == RETOUR_SYNC_STATE_RUNNING)
    {
      text = g_strdup (_("Connecting to the store…"));
      pulse = TRUE;
    }

  adw_action_row_set_subtitle (self->progress_row, text != NULL ? text : "");

  if (pulse && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
  else if (!pulse)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
}

typedef GtkWidget *(*RowMaker) (RetourContext *context,
                                gconstpointer  item);

/* Puts a row made of each of @items into @expander instead of the rows
 * in @shown (which then holds the new ones); @items NULL just clears. */
static void
fill_expander (RetourContext  *context,
               AdwExpanderRow *expander,
               GPtrArray      *shown,
               GPtrArray      *items,
               RowMaker        make)
{
  for (guint i = 0; i < shown->len; i++)
    adw_expander_row_remove (expander, g_ptr_array_index (shown, i));
  g_ptr_array_set_size (shown, 0);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      GtkWidget *row = make (context, g_ptr_array_index (items, i));

      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (shown, row);
    }
}

/* One refund waiting: "R26-000123-K · €19.95", and what happened to it. */
static GtkWidget *
new_queue_row (RetourContext                *context,
               const RetourQueuedWriteBack *queued)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number = NULL;
  g_autofree char *amount = retour_money_format (queued->amount);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  /* What the storefront answered: a page of HTML as often as a sentence. */
  g_autofree char *last_error = retour_text_for_display (queued->last_error, RETOUR_TEXT_MAX_NOTE,
                                                         RETOUR_TEXT_MULTILINE);

  if (queued->rma_number != NULL)
    number = retour_rma_number_display (queued->rma_number);
  /* Translators: a return's number and the amount refunded,
     "R26-000123-K · €19.95". */
  title = g_strdup_printf (_("%s · %s"), number != NULL ? number : _("Return without a number"), amount);

  if (queued->attempts == 0)
    subtitle = g_strdup (_("Not sent yet"));
  else if (last_error != NULL)
    /* Translators: %u is how often the refund was sent, %s what went
       wrong the last time. */
    subtitle = g_strdup_printf (ngettext ("Failed after %u attempt: %s", "Failed after %u attempts: %s",
                                          queued->attempts),
                                queued->attempts, last_error);
  else
    subtitle = g_strdup (_("Waiting to be sent again"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (queued->last_attempt_us > 0)
    {
      g_autofree char *exact = retour_context_format_time (context, queued->last_attempt_us, "%c");
      /* Translators: %s is a date and time. */
      g_autofree char *tooltip = g_strdup_printf (_("Last sent %s"), exact);

      gtk_widget_set_tooltip_text (row, tooltip);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

/* The refunds of the store waiting to be written back, or that none is. */
static void
update_queue (RetourStoreGroup *self)
{
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  fill_expander (self->context, self->queue_row, self->queue_rows, NULL, NULL);

  queued = retour_sync_store_list_queued_write_backs (retour_context_get_database (self->context),
                                                       self->storefront->id, &error);
  if (queued == NULL)
    {
      /* Shown where the list would be: the refunds are still queued. */
      self->n_queued = 0;
      gtk_widget_set_visible (GTK_WIDGET (self->queue_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->queue_empty_row), TRUE);
      adw_action_row_set_subtitle (self->queue_empty_row, error->message);
      return;
    }

  self->n_queued = queued->len;
  /* Nothing to show of a store that writes nothing back. */
  gtk_widget_set_visible (GTK_WIDGET (self->queue_empty_row), queued->len == 0 && self->storefront->write_back);
  adw_action_row_set_subtitle (self->queue_empty_row,
                               _("None waiting: every refund recorded here is on the store’s orders"));
  gtk_widget_set_visible (GTK_WIDGET (self->queue_row), queued->len > 0);
  if (queued->len == 0)
    return;

  if (self->storefront->write_back)
    /* Translators: how many refunds wait to be sent to the store. */
    subtitle = g_strdup_printf (ngettext ("%u refund waiting", "%u refunds waiting", queued->len), queued->len);
  else
    /* Translators: how many refunds wait while write-back is off. */
    subtitle = g_strdup_printf (ngettext ("%u refund waiting until write-back is turned on",
                                          "%u refunds waiting until write-back is turned on", queued->len),
                                queued->len);
  adw_expander_row_set_subtitle (self->queue_row, subtitle);
  fill_expander (self->context, self->queue_row, self->queue_rows, queued, (RowMaker) new_queue_row);
}

/* One exchange or credit waiting: "R26-000123-K · Coupon of €19.95",
 * and what the store said; Try Again on one it refused. */
static GtkWidget *
new_resolution_row (RetourContext               *context,
                    const RetourStoreResolution *resolution)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number = resolution->rma_number != NULL ? retour_rma_number_display (resolution->rma_number)
                                                            : NULL;
  g_autofree char *what = retour_store_resolution_describe (resolution);
  g_autofree char *message = retour_text_for_display (resolution->last_error, RETOUR_TEXT_MAX_NOTE,
                                                      RETOUR_TEXT_MULTILINE);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a return's number and what the store is to make for
     it, "R26-000123-K · Coupon of €19.95". */
  title = g_strdup_printf (_("%s · %s"), number != NULL ? number : _("Return without a number"), what);
  if (resolution->state == RETOUR_STORE_RESOLUTION_FAILED)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Try Again"));

      /* Translators: %s is what the store answered. */
      subtitle = g_strdup_printf (_("The store refused it: %s"), message != NULL ? message : "");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "store.retry-resolution");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", resolution->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else if (resolution->attempts == 0)
    subtitle = g_strdup (_("Not sent yet"));
  else
    /* Translators: %s says what went wrong the last time. */
    subtitle = g_strdup_printf (_("Waiting to be sent again: %s"), message != NULL ? message : "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

/* The store's exchanges and credits that wait or were refused. */
static void
update_resolutions (RetourStoreGroup *self)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  fill_expander (self->context, self->resolutions_row, self->resolution_rows, NULL, NULL);
  waiting = retour_resolution_store_list_waiting (retour_context_get_database (self->context),
                                                  self->storefront->id, &error);
  if (waiting == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->resolutions_row), TRUE);
      adw_expander_row_set_subtitle (self->resolutions_row, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->resolutions_row), waiting->len > 0);
  if (waiting->len == 0)
    return;
  /* Translators: how many exchanges and credits wait for the store. */
  subtitle = g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting->len), waiting->len);
  adw_expander_row_set_subtitle (self->resolutions_row, subtitle);
  fill_expander (self->context, self->resolutions_row, self->resolution_rows, waiting,
                 (RowMaker) new_resolution_row);
}

/* "Order 10042: …why…"; when it was first met, in the tooltip. */
static GtkWidget *
new_problem_row (RetourContext           *context,
                 const RetourSyncProblem *problem)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number = retour_text_for_display (problem->order_number != NULL ? problem->order_number
                                                                                   : problem->external_id,
                                                     RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *message = retour_text_for_display (problem->message, RETOUR_TEXT_MAX_NOTE,
                                                      RETOUR_TEXT_MULTILINE);
  g_autofree char *first_text = retour_context_format_time (context, problem->first_seen_us, "%c");
  /* Translators: the order's number in the store, "Order 10042". */
  g_autofree char *title = g_strdup_printf (_("Order %s"), number);
  /* Translators: %s is a date and time; %u how many syncs met the order. */
  g_autofree char *tooltip = g_strdup_printf (ngettext ("Could not be read since %s, by %u sync",
                                                        "Could not be read since %s, by %u syncs",
                                                        problem->attempts),
                                              first_text, problem->attempts);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_tooltip_text (row, tooltip);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

/* The orders of the store its syncs could not read, if any. */
static void
update_problems (RetourStoreGroup *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  fill_expander (self->context, self->problems_row, self->problem_rows, NULL, NULL);

  problems = retour_sync_store_list_problems (retour_context_get_database (self->context),
                                              self->storefront->id, &error);
  if (problems == NULL)
    {
      /* Said where the list would be: the orders are still kept aside. */
      gtk_widget_set_visible (GTK_WIDGET (self->problems_row), TRUE);
      adw_expander_row_set_subtitle (self->problems_row, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problems_row), problems->len > 0);
  if (problems->len == 0)
    return;

  /* Translators: how many orders the syncs skipped. */
  subtitle = g_strdup_printf (ngettext ("%u order skipped; every sync asks for it again",
                                        "%u orders skipped; every sync asks for them again", problems->len),
                              problems->len);
  adw_expander_row_set_subtitle (self->problems_row, subtitle);
  fill_expander (self->context, self->problems_row, self->problem_rows, problems, (RowMaker) new_problem_row);
}

static void
update_rows (RetourStoreGroup *self)
{
  const RetourStorefront *store = self->storefront;
  gboolean woo = store->platform == RETOUR_PLATFORM_WOOCOMMERCE;
  g_autofree char *name = dup_display_name (self);
  g_autofree char *url = retour_text_for_display (store->base_url, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *last_error = retour_text_for_display (store->last_error, RETOUR_TEXT_MAX_NOTE,
                                                         RETOUR_TEXT_MULTILINE);
  g_autofree char *description = NULL;
  guint selected = 0;

  self->updating = TRUE;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), name);
  /* Translators: a store's platform and address, "WooCommerce · https://…". */
  description = g_strdup_printf (_("%s · %s"), retour_platform_get_label (store->platform), url);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);

  if (store->last_sync_us > 0)
    {
      g_autofree char *when = format_last_sync (self->context, store->last_sync_us);
      g_autofree char *exact = retour_context_format_time (self->context, store->last_sync_us, "%c");

      adw_action_row_set_subtitle (self->status_row, when);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_row), exact);
    }
  else
    {
      adw_action_row_set_subtitle (self->status_row, _("Never"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_row), NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_row), last_error != NULL);
  adw_action_row_set_subtitle (self->error_row, last_error != NULL ? last_error : "");

  for (guint i = 0; i < G_N_ELEMENTS (intervals_min); i++)
    if (intervals_min[i] == store->sync_interval_min)
      selected = i;
  adw_combo_row_set_selected (self->interval_row, selected);

  gtk_switch_set_active (self->write_back_switch, store->write_back);
  gtk_switch_set_active (self->gateway_switch, store->refund_via_gateway);
  /* Retour refunds through Shopify's gateway never: see decisions.md. */
  gtk_widget_set_visible (GTK_WIDGET (self->gateway_row), woo);
  gtk_widget_set_sensitive (GTK_WIDGET (self->gateway_row), store->write_back);

  update_queue (self);
  update_resolutions (self);
  update_problems (self);

  self->updating = FALSE;

  update_progress (self);
}

void
retour_store_group_refresh (RetourStoreGroup *self)
{
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_STORE_GROUP (self));

  storefront = retour_sync_store_load (retour_context_get_database (self->context), self->storefront->id, &error);
  if (storefront == NULL)
    {
      /* Removed meanwhile (by retour-cli, say): the list reads again. */
      g_signal_emit (self, signals[SIGNAL_STORE_CHANGED], 0);
      return;
    }

  retour_storefront_free (self->storefront);
  self->storefront = g_steal_pointer (&storefront);
  update_rows (self);
}

static void
scheduler_changed_cb (RetourStoreGroup *self,
                      gint64            store_id)
{
  if (store_id == self->storefront->id)
    update_progress (self);
}

static void
scheduler_finished_cb (RetourStoreGroup *self,
                       gint64            store_id,
                       const GError     *error)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  gboolean retrying = self->retrying;

  if (store_id != self->storefront->id)
    return;

  self->retrying = FALSE;
  retour_store_group_refresh (self);
  name = dup_display_name (self);

  if (retrying && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
  else if (retrying && error == NULL)
    {
      /* Translators: %s is a store's name. */
      message = g_strdup_printf (_("The waiting refunds are on “%s” now"), name);
      toast (self, message);
    }
  else if (error == NULL)
    {
      /* Translators: %s is a store's name. */
      message = g_strdup_printf (_("“%s” is up to date"), name);
      toast (self, message);
    }
}

/* Options ----------------------------------------------------------------- */

static void
interval_changed_cb (RetourStoreGroup *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->storefront == NULL || selected >= G_N_ELEMENTS (intervals_min))
    return;

  if (!retour_sync_store_set_sync_interval (retour_context_get_database (self->context), self->storefront->id,
                                            intervals_min[selected], &error))
    toast (self, error->message);

  retour_store_group_refresh (self);
  /* A store just set to sync by itself that never did starts now. */
  retour_sync_scheduler_check (self->scheduler);
}

static void
write_back_changed_cb (RetourStoreGroup *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->storefront == NULL)
    return;

  if (!retour_sync_store_set_write_back (retour_context_get_database (self->context), self->storefront->id,
                                         gtk_switch_get_active (self->write_back_switch),
                                         gtk_switch_get_active (self->gateway_switch), &error))
    toast (self, error->message);

  retour_store_group_refresh (self);
}

/* Actions ----------------------------------------------------------------- */

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);

  retour_sync_scheduler_sync (self->scheduler, self->storefront->id);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);

  self->retrying = TRUE;
  retour_sync_scheduler_write_back (self->scheduler, self->storefront->id);
}

static void
send_resolutions_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);

  retour_sync_scheduler_write_back (self->scheduler, self->storefront->id);
}

/* Try Again: queued as it was, and sent with the store's next run, now. */
static void
retry_resolution_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);
  g_autoptr(GError) error = NULL;

  if (!retour_resolution_store_retry (retour_context_get_database (self->context),
                                      g_variant_get_int64 (param), &error))
    {
      toast (self, error->message);
      return;
    }

  update_resolutions (self);
  retour_sync_scheduler_write_back (self->scheduler, self->storefront->id);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);

  retour_sync_scheduler_cancel (self->scheduler, self->storefront->id);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourStoreGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_display_name (self);
  g_autofree char *message = NULL;
  g_autofree char *note = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.test", TRUE);

  if (retour_sync_test_connection_finish (result, &note, &error))
    /* Translators: %s is a store's name; a note may follow. */
    message = g_strdup_printf (_("Connected to “%s”: the address and the keys work"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    /* Translators: the first %s is a store's name, the second what went wrong. */
    message = g_strdup_printf (_("Could not connect to “%s”: %s"), name, error->message);

  if (note != NULL)
    {
      char *both = g_strconcat (message, ". ", note, NULL);

      g_free (message);
      message = both;
    }
  toast (self, message);
}

static void
test_credentials_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RetourStoreGroup) self = user_data;
  g_autoptr(RetourCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_display_name (self);
  g_autofree char *message = NULL;

  credentials = retour_keyring_lookup_finish (RETOUR_KEYRING (object), result, &error);
  if (credentials == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.test", TRUE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the first %s is a store's name, the second what went wrong. */
      message = g_strdup_printf (_("Could not connect to “%s”: %s"), name, error->message);
      toast (self, message);
      return;
    }

  retour_sync_test_connection_async (self->storefront, credentials, retour_context_now (self->context),
                                     self->cancellable, tested_cb, g_object_ref (self));
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);

  gtk_widget_action_set_enabled (widget, "store.test", FALSE);
  retour_keyring_lookup_async (retour_context_get_keyring (self->context), self->storefront,
                               self->cancellable, test_credentials_cb, g_object_ref (self));
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RetourStoreGroup *self = user_data;
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename") || g_str_equal (name, self->storefront->name))
    return;

  if (!retour_sync_store_rename (retour_context_get_database (self->context), self->storefront->id, name, &error))
    {
      toast (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_STORE_CHANGED], 0);
}

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *name != '\0');
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Rename Store"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), self->storefront->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog, 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
keys_cleared_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Keys left in a keyring that is not there cannot be cleared now. */
  if (!retour_keyring_clear_finish (RETOUR_KEYRING (object), result, &error))
    g_debug ("The keys of a removed store were not cleared: %s", error->message);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RetourStoreGroup *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  retour_sync_scheduler_cancel (self->scheduler, self->storefront->id);
  if (!retour_sync_store_remove (retour_context_get_database (self->context), self->storefront->id, &error))
    {
      toast (self, error->message);
      return;
    }
  /* Not cancellable: the keys go even when the preferences close first. */
  retour_keyring_clear_async (retour_context_get_keyring (self->context), self->storefront, NULL,
                              keys_cleared_cb, NULL);

  g_signal_emit (self, signals[SIGNAL_STORE_CHANGED], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (widget);
  g_autofree char *name = dup_display_name (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a store's name. */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Retour stops syncing this store and deletes its keys from the keyring. "
                                     "The orders, customers and products synced from it stay, and so do their "
                                     "returns; they just no longer belong to a store."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ----------------------------------------------------------------- */

static void
retour_store_group_constructed (GObject *object)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (object);

  G_OBJECT_CLASS (retour_store_group_parent_class)->constructed (object);

  self->scheduler = g_object_ref (retour_context_get_sync_scheduler (self->context));
  g_signal_connect_object (self->scheduler, "changed", G_CALLBACK (scheduler_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "finished", G_CALLBACK (scheduler_finished_cb), self,
                           G_CONNECT_SWAPPED);
  update_rows (self);
}

static void
retour_store_group_dispose (GObject *object)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_STORE_GROUP);

  G_OBJECT_CLASS (retour_store_group_parent_class)->dispose (object);
}

static void
retour_store_group_finalize (GObject *object)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (object);

  g_clear_object (&self->context);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->storefront, retour_storefront_free);
  g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->resolution_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_store_group_parent_class)->finalize (object);
}

static void
retour_store_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_STOREFRONT:
      g_value_set_boxed (value, self->storefront);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_store_group_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RetourStoreGroup *self = RETOUR_STORE_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_STOREFRONT:
      self->storefront = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_store_group_class_init (RetourStoreGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = retour_store_group_constructed;
  object_class->dispose = retour_store_group_dispose;
  object_class->finalize = retour_store_group_finalize;
  object_class->get_property = retour_store_group_get_property;
  object_class->set_property = retour_store_group_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STOREFRONT] =
    g_param_spec_boxed ("storefront", NULL, NULL,
                        RETOUR_TYPE_STOREFRONT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_STORE_CHANGED] = g_signal_new ("store-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-store-group.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, error_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, progress_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, interval_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, write_back_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, gateway_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, gateway_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, queue_empty_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, queue_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, problems_row);
  gtk_widget_class_bind_template_child (widget_class, RetourStoreGroup, resolutions_row);
  gtk_widget_class_bind_template_callback (widget_class, interval_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, write_back_changed_cb);

  gtk_widget_class_install_action (widget_class, "store.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "store.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "store.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "store.send-resolutions", NULL, send_resolutions_action);
  gtk_widget_class_install_action (widget_class, "store.retry-resolution", "x", retry_resolution_action);
  gtk_widget_class_install_action (widget_class, "store.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "store.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "store.remove", NULL, remove_action);
}

static void
retour_store_group_init (RetourStoreGroup *self)
{
  self->cancellable = g_cancellable_new ();
  self->queue_rows = g_ptr_array_new ();
  self->resolution_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
retour_store_group_new (RetourContext          *context,
                        const RetourStorefront *storefront)
{
  GtkWidget *self;
  gboolean owner;

  g_return_val_if_fail (RETOUR_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (storefront != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_STORE_GROUP,
                       "context", context,
                       "storefront", storefront,
                       NULL);

  /* Renaming, removing and re-keying a store are the owner's; any
   * operator may sync it. */
  owner = (retour_database_get_operator_roles (retour_context_get_database (context)) &
           RETOUR_OPERATOR_ROLE_OWNER) != 0;
  gtk_widget_action_set_enabled (self, "store.rename", owner);
  gtk_widget_action_set_enabled (self, "store.remove", owner);

  return self;
}

const RetourStorefront *
retour_store_group_get_storefront (RetourStoreGroup *self)
{
  g_return_val_if_fail (RETOUR_IS_STORE_GROUP (self), NULL);

  return self->storefront;
}
