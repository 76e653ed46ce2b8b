/* retour-rma-editor.c — one return, to read and to change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-policy-store.h"
#include "retour-rma-editor.h"
#include "retour-rma-line-row.h"
#include "retour-rma-store.h"
#include "retour-status-tag.h"
#include "retour-sync-store.h"
#include "retour-text.h"
#include "retour-toast.h"
#include "retour-refund-dialog.h"

#define THUMBNAIL_SIZE 96
/* A note, in the history or under the refund, shows at most this many
 * lines; the entries that edit the notes hold them whole. */
#define NOTE_LINES 20

struct _RetourRmaEditor
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkWidget            *back_button;
  GtkLabel             *title_label;
  GtkLabel             *status_label;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkScrolledWindow    *scrolled_window;
  GtkWidget            *steps_box;
  GtkButton            *next_step_button;
  GtkWidget            *other_steps_button;
  GtkWidget            *label_button;
  GMenu                *other_steps_section;
  AdwActionRow         *customer_row;
  AdwActionRow         *order_row;
  AdwPreferencesGroup  *lines_group;
  AdwPreferencesGroup  *store_refunds_group;
  GtkStack             *photos_stack;
  GtkFlowBox           *photos_box;
  AdwComboRow          *resolution_row;
  AdwComboRow          *refund_method_row;
  AdwActionRow         *refund_row;
  GtkLabel             *refund_label;
  AdwExpanderRow       *override_row;
  AdwEntryRow          *override_amount_row;
  AdwEntryRow          *override_note_row;
  AdwEntryRow          *notes_row;
  GtkListBox           *history_list;
  GtkWidget            *record_refund_button;

  RetourContext        *context;
  RetourRma            *rma;          /* the working copy */
  RetourRma            *saved;        /* as last read */
  RetourPolicy         *policy;       /* the one the return was made under */
  /* What the current policy offers (RETOUR_RESOLUTION_MASK()s and
   * RETOUR_REFUND_METHOD_MASK()s): an old return keeps its money rules,
   * but staff offer what the shop offers today. */
  guint                 offered_resolutions;
  guint                 offered_methods;
  GArray               *shown_resolutions;  /* RetourResolution per item of resolution_row */
  GArray               *shown_methods;      /* RetourRefundMethod per item of refund_method_row */
  GPtrArray            *reasons;      /* RetourReason*, retired ones too */
  GPtrArray            *line_rows;    /* GtkWidget*, in lines_group */
  GPtrArray            *store_refund_rows;  /* GtkWidget*, in store_refunds_group */
  /* The last store asked to send a recorded refund, so that a failure
   * can be told here. */
  gulong                write_back_handler;
  gint64                write_back_store_id;
  char                 *write_back_store_name;
  gboolean              populating;
  gboolean              dirty;
};

G_DEFINE_FINAL_TYPE (RetourRmaEditor, retour_rma_editor, ADW_TYPE_BIN)

static RetourDatabase *
get_db (RetourRmaEditor *self)
{
  return retour_context_get_database (self->context);
}

static void
show_error (RetourRmaEditor *self,
            const char      *message)
{
  /* A message may quote what a storefront or a person wrote. */
  g_autofree char *shown = retour_text_for_display (message, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);

  gtk_label_set_text (self->error_label, shown);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
hide_error (RetourRmaEditor *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
set_dirty (RetourRmaEditor *self,
           gboolean         dirty)
{
  self->dirty = dirty;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", dirty && self->rma != NULL);
}

static char *
dup_local_time (gint64      us,
                const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, format) : g_strdup ("");
}

/* The resolutions and refund methods the current policy offers, and
 * the return's own even when no longer offered, so that an old return
 * still shows what it has. The first item is "undecided" / "none". */
static void
set_choices (RetourRmaEditor *self)
{
  g_autoptr(GtkStringList) resolutions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  guint selected_resolution = 0;
  guint selected_method = 0;

  g_array_set_size (self->shown_resolutions, 0);
  for (RetourResolution r = RETOUR_RESOLUTION_UNDECIDED; r <= RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      if (r != RETOUR_RESOLUTION_UNDECIDED && r != self->rma->resolution &&
          (self->offered_resolutions & RETOUR_RESOLUTION_MASK (r)) == 0)
        continue;
      if (r == self->rma->resolution)
        selected_resolution = self->shown_resolutions->len;
      gtk_string_list_append (resolutions, retour_resolution_get_label (r));
      g_array_append_val (self->shown_resolutions, r);
    }

  g_array_set_size (self->shown_methods, 0);
  for (RetourRefundMethod m = RETOUR_REFUND_METHOD_NONE; m <= RETOUR_REFUND_METHOD_STORE_CREDIT; m++)
    {
      if (m != RETOUR_REFUND_METHOD_NONE && m != self->rma->refund_method &&
          (self->offered_methods & RETOUR_REFUND_METHOD_MASK (m)) == 0)
        continue;
      if (m == self->rma->refund_method)
        selected_method = self->shown_methods->len;
      gtk_string_list_append (methods, retour_refund_method_get_label (m));
      g_array_append_val (self->shown_methods, m);
    }

  adw_combo_row_set_model (self->resolution_row, G_LIST_MODEL (resolutions));
  adw_combo_row_set_selected (self->resolution_row, selected_resolution);
  adw_combo_row_set_model (self->refund_method_row, G_LIST_MODEL (methods));
  adw_combo_row_set_selected (self->refund_method_row, selected_method);
}

/* How a refund is paid when the return does not say: the original
 * payment method if the shop offers it, else the first one it offers. */
static RetourRefundMethod
default_refund_method (RetourRmaEditor *self)
{
  /* Nothing known of the policy: the method every shop has. */
  if (self->offered_methods == 0)
    return RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;

  return retour_policy_default_refund_method (self->offered_methods);
}

/* The refund ---------------------------------------------------------------- */

/* Reads the override into the working copy; FALSE with a message when the
 * amount is not one. */
static gboolean
read_override (RetourRmaEditor  *self,
               GError          **error)
{
  RetourRma *rma = self->rma;
  const char *amount = gtk_editable_get_text (GTK_EDITABLE (self->override_amount_row));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->override_note_row));
  RetourMoney money;

  rma->refund_overridden = adw_expander_row_get_enable_expansion (self->override_row);

  g_free (rma->override_note);
  rma->override_note = *note != '\0' ? g_strdup (note) : NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->override_amount_row), "error");
  if (!rma->refund_overridden)
    return TRUE;

  if (!retour_money_parse (amount, rma->refund.currency, &money, error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->override_amount_row), "error");
      return FALSE;
    }

  rma->refund = money;

  return TRUE;
}

/* How the refund comes about: the policy's reasons quote category names
 * and product titles, an override its note. */
static void
set_refund_subtitle (RetourRmaEditor *self,
                     const char      *text)
{
  g_autofree char *shown = retour_text_for_display (text, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);

  adw_action_row_set_subtitle (self->refund_row, shown);
}

static void
update_refund (RetourRmaEditor *self)
{
  g_autoptr(RetourRefundQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) override_error = NULL;
  g_autofree char *amount = NULL;
  g_autoptr(GString) how = g_string_new (NULL);

  if (!read_override (self, &override_error))
    {
      gtk_label_set_text (self->refund_label, "");
      set_refund_subtitle (self, override_error->message);
      return;
    }

  if (self->rma->refund_overridden)
    {
      amount = retour_money_format (self->rma->refund);
      gtk_label_set_text (self->refund_label, amount);
      set_refund_subtitle (self, self->rma->override_note != NULL
                                   ? self->rma->override_note
                                   : _("Overridden: say why below"));
      return;
    }

  if (self->policy != NULL)
    quote = retour_policy_quote (self->policy, self->rma, self->reasons, &error);
  if (quote == NULL)
    {
      gtk_label_set_text (self->refund_label, "");
      set_refund_subtitle (self, error != NULL ? error->message : _("The return’s policy could not be read"));
      return;
    }

  for (guint i = 0; quote->reasons != NULL && i < quote->reasons->len; i++)
    {
      if (how->len > 0)
        g_string_append_c (how, '\n');
      g_string_append (how, g_ptr_array_index (quote->reasons, i));
    }

  amount = retour_money_format (quote->total);
  gtk_label_set_text (self->refund_label, amount);
  set_refund_subtitle (self, how->str);
}

/* How much of the stored return's refund is still to be paid: FALSE when
 * nothing is (not due yet, or paid in full), with @error set only when
 * the database could not say. */
static gboolean
get_refund_left (RetourRmaEditor  *self,
                 RetourMoney      *left,
                 GError          **error)
{
  g_autoptr(GPtrArray) refunds = NULL;
  RetourMoney paid;

  if (self->saved == NULL || self->saved->refund.minor <= 0)
    return FALSE;

  if (!retour_rma_store_refund_is_due (get_db (self), self->saved, error))
    return FALSE;

  refunds = retour_rma_store_list_refunds (get_db (self), self->saved->id, error);
  if (refunds == NULL)
    return FALSE;

  paid = retour_money_init (0, self->saved->refund.currency);
  for (guint i = 0; i < refunds->len; i++)
    {
      const RetourRefund *refund = g_ptr_array_index (refunds, i);

      if (!retour_money_add (paid, refund->amount, &paid, error))
        return FALSE;
    }

  if (!retour_money_subtract (self->saved->refund, paid, left, error))
    return FALSE;

  return left->minor > 0;
}

static void
update_record_refund (RetourRmaEditor *self)
{
  g_autoptr(GError) error = NULL;
  RetourMoney left;
  gboolean can_record = get_refund_left (self, &left, &error);

  if (error != NULL)
    show_error (self, error->message);

  gtk_widget_set_visible (self->record_refund_button, can_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.record-refund", can_record);
}

/* Filling the form -------------------------------------------------------- */

static void
line_changed_cb (RetourRmaEditor *self)
{
  set_dirty (self, TRUE);
  update_refund (self);
}

static void
populate_lines (RetourRmaEditor *self)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    adw_preferences_group_remove (self->lines_group, g_ptr_array_index (self->line_rows, i));
  g_ptr_array_set_size (self->line_rows, 0);

  for (guint i = 0; i < self->rma->lines->len; i++)
    {
      GtkWidget *row = retour_rma_line_row_new (g_ptr_array_index (self->rma->lines, i),
                                                self->reasons, FALSE);

      g_signal_connect_swapped (row, "changed", G_CALLBACK (line_changed_cb), self);
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->line_rows, row);
    }
}

static void
populate_steps (RetourRmaEditor *self)
{
  RetourRmaStatus next[RETOUR_RMA_N_STATUSES];
  guint n = retour_lifecycle_next (self->rma->status, next);

  gboolean label = self->rma->status == RETOUR_RMA_STATUS_AUTHORIZED ||
                   self->rma->status == RETOUR_RMA_STATUS_IN_TRANSIT;

  g_menu_remove_all (self->other_steps_section);
  gtk_widget_set_visible (self->steps_box, n > 0);
  if (n == 0)
    return;

  /* The label goes with the parcel: only once the return is authorized
   * and until it arrives. */
  gtk_widget_set_visible (self->label_button, label);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->label_button), "x", self->rma->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->label_button), "win.label");

  /* The step forward as the button, the others (reject, cancel, …) in a
   * menu: only what the lifecycle allows from here. */
  gtk_button_set_label (self->next_step_button, retour_rma_status_get_action_label (next[0]));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->next_step_button), "s",
                                    retour_rma_status_to_key (next[0]));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_step_button), "editor.transition");

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (retour_rma_status_get_action_label (next[i]), NULL);

      g_menu_item_set_action_and_target (item, "editor.transition", "s", retour_rma_status_to_key (next[i]));
      g_menu_append_item (self->other_steps_section, item);
    }
  gtk_widget_set_visible (self->other_steps_button, n > 1);
}

/* "1 × Wool scarf, 2 × Beanie": what a refund made in the store took. */
static char *
describe_refund_items (const RetourStorefrontRefund *refund)
{
  GString *items = g_string_new (NULL);

  for (guint i = 0; i < refund->lines->len; i++)
    {
      const RetourStorefrontRefundLine *line = g_ptr_array_index (refund->lines, i);
      /* The storefront's product title, any length. */
      g_autofree char *title = retour_text_for_display (line->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

      if (line->quantity == 0)
        continue;
      if (items->len > 0)
        g_string_append (items, ", ");
      /* Translators: a quantity and a product, "1 × Wool scarf". */
      g_string_append_printf (items, _("%u × %s"), line->quantity, title != NULL ? title : "");
    }

  return g_string_free (items, FALSE);
}

/* The refunds the shop made in its own storefront admin for the order:
 * not Retour's money, but what they refunded cannot come back again,
 * and staff deciding this return's refund must see them. */
static void
populate_store_refunds (RetourRmaEditor *self)
{
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->store_refund_rows->len; i++)
    adw_preferences_group_remove (self->store_refunds_group, g_ptr_array_index (self->store_refund_rows, i));
  g_ptr_array_set_size (self->store_refund_rows, 0);

  if (self->rma->order_id != 0)
    refunds = retour_sync_store_list_storefront_refunds (get_db (self), self->rma->order_id, &error);
  if (error != NULL)
    show_error (self, error->message);

  for (guint i = 0; refunds != NULL && i < refunds->len; i++)
    {
      const RetourStorefrontRefund *refund = g_ptr_array_index (refunds, i);
      g_autofree char *items = describe_refund_items (refund);
      g_autofree char *amount = retour_money_format (refund->amount);
      g_autofree char *when = dup_local_time (refund->created_us, "%x");
      g_autofree char *reason = retour_text_for_display (refund->reason, RETOUR_TEXT_MAX_LINE,
                                                         RETOUR_TEXT_ONE_LINE);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (amount);

      if (reason != NULL && *reason != '\0')
        /* Translators: a date, then why the shop refunded. */
        subtitle = g_strdup_printf (_("%s · %s"), when, reason);
      else
        subtitle = g_steal_pointer (&when);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     *items != '\0' ? items : C_("store refund", "Money only, no items"));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_widget_set_focusable (row, FALSE);
      adw_preferences_group_add (self->store_refunds_group, row);
      g_ptr_array_add (self->store_refund_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->store_refunds_group), self->store_refund_rows->len > 0);
}

static const char *
event_title (const RetourRmaEvent *event)
{
  if (g_strcmp0 (event->kind, "created") == 0)
    return C_("history", "Created");
  if (g_strcmp0 (event->kind, "status") == 0)
    return retour_rma_status_get_label (event->to_status);
  if (g_strcmp0 (event->kind, "edited") == 0)
    return C_("history", "Edited");
  if (g_strcmp0 (event->kind, "note") == 0)
    return C_("history", "Note");
  if (g_strcmp0 (event->kind, "refund") == 0)
    return C_("history", "Refund paid");
  if (g_strcmp0 (event->kind, "store-refund") == 0)
    return C_("history", "Refunded in the store");
  if (g_strcmp0 (event->kind, "attachment") == 0)
    return C_("history", "Photo attached");
  if (g_strcmp0 (event->kind, "label") == 0)
    return C_("history", "Return label");

  return event->kind;
}

static const char *
event_icon (const RetourRmaEvent *event)
{
  if (g_strcmp0 (event->kind, "note") == 0)
    return "document-edit-symbolic";
  if (g_strcmp0 (event->kind, "attachment") == 0)
    return "mail-attachment-symbolic";
  if (g_strcmp0 (event->kind, "refund") == 0 || g_strcmp0 (event->kind, "store-refund") == 0)
    return "emblem-ok-symbolic";

  return "media-record-symbolic";
}

static void
populate_history (RetourRmaEditor *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  events = retour_rma_store_list_events (get_db (self), self->rma->id, &error);
  if (events == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->history_list, row);
      return;
    }

  /* Newest first: what happened last is what one looks for. */
  for (guint i = events->len; i > 0; i--)
    {
      const RetourRmaEvent *event = g_ptr_array_index (events, i - 1);
      g_autofree char *when = dup_local_time (event->created_us, "%x %H:%M");
      /* Notes and what they quote (file names, e-mail addresses) were
       * typed by people: the history shows a screenful of each. */
      g_autofree char *actor = retour_text_for_display (event->actor != NULL ? event->actor : "",
                                                        RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
      g_autofree char *detail = retour_text_for_display (event->detail, RETOUR_TEXT_MAX_NOTE,
                                                         RETOUR_TEXT_MULTILINE);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (event_icon (event));

      if (detail != NULL && *detail != '\0')
        subtitle = g_strdup_printf ("%s · %s\n%s", when, actor, detail);
      else
        subtitle = g_strdup_printf ("%s · %s", when, actor);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event_title (event));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), NOTE_LINES);
      gtk_widget_add_css_class (icon, "timeline-dot");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, event_title (event),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->history_list, row);
    }
}

static GtkWidget *
new_thumbnail (RetourRmaEditor        *self,
               const RetourAttachment *attachment)
{
  g_autoptr(RetourAttachment) loaded = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture;
  GtkWidget *remove;

  loaded = retour_rma_store_load_attachment (get_db (self), attachment->id, &error);
  if (loaded != NULL && loaded->data != NULL)
    texture = gdk_texture_new_from_bytes (loaded->data, &error);

  if (texture != NULL)
    {
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_picture_set_alternative_text (GTK_PICTURE (picture), attachment->filename);
    }
  else
    {
      /* Not an image GTK can read (or gone): the name says what it is. */
      picture = gtk_image_new_from_icon_name ("image-missing-symbolic");
      gtk_widget_set_tooltip_text (picture, error != NULL ? error->message : attachment->filename);
    }

  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_tooltip_text (overlay, attachment->filename);
  gtk_widget_add_css_class (overlay, "thumbnail");
  gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_margin_top (remove, 4);
  gtk_widget_set_margin_end (remove, 4);
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_add_css_class (remove, "osd");
  gtk_widget_set_tooltip_text (remove, _("Remove Photo"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Photo"),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "editor.remove-photo");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", attachment->id);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), remove);

  return overlay;
}

static void
populate_photos (RetourRmaEditor *self)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_box))) != NULL)
    gtk_flow_box_remove (self->photos_box, child);

  attachments = retour_rma_store_list_attachments (get_db (self), self->rma->id, &error);
  if (attachments == NULL)
    {
      show_error (self, error->message);
      gtk_stack_set_visible_child_name (self->photos_stack, "none");
      return;
    }

  for (guint i = 0; i < attachments->len; i++)
    gtk_flow_box_append (self->photos_box, new_thumbnail (self, g_ptr_array_index (attachments, i)));

  gtk_stack_set_visible_child_name (self->photos_stack, attachments->len > 0 ? "photos" : "none");
}

static void
populate (RetourRmaEditor *self)
{
  RetourRma *rma = self->rma;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *order_number = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *order = NULL;
  g_autofree char *created = NULL;
  g_autofree char *created_text = NULL;
  g_autofree char *amount = NULL;

  self->populating = TRUE;

  if (rma->number != NULL)
    title = retour_rma_number_display (rma->number);
  else
    /* Translators: a return not authorized yet, known by its row id. */
    title = g_strdup_printf ("#%" G_GINT64_FORMAT, rma->id);
  gtk_label_set_text (self->title_label, title);
  retour_status_tag_set_status (self->status_label, rma->status);

  populate_steps (self);

  /* As the storefront sent them: any length, any characters. */
  name = retour_text_for_display (rma->customer_name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  email = retour_text_for_display (rma->customer_email, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  phone = retour_text_for_display (rma->customer_phone, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  order_number = retour_text_for_display (rma->order_number, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 name != NULL ? name : _("Unknown customer"));
  if (email != NULL && phone != NULL)
    contact = g_strdup_printf ("%s · %s", email, phone);
  else
    contact = g_strdup (email != NULL ? email : phone);
  adw_action_row_set_subtitle (self->customer_row, contact != NULL ? contact : "");

  if (order_number != NULL)
    /* Translators: %s is the shop's order number. */
    order = g_strdup_printf (_("Order %s"), order_number);
  else
    order = g_strdup (_("Not from a known order"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->order_row), order);
  created = dup_local_time (rma->created_us, "%x");
  /* Translators: %s is a date. */
  created_text = g_strdup_printf (_("Return made on %s"), created);
  adw_action_row_set_subtitle (self->order_row, created_text);

  populate_lines (self);
  populate_store_refunds (self);

  set_choices (self);

  adw_expander_row_set_enable_expansion (self->override_row, rma->refund_overridden);
  adw_expander_row_set_expanded (self->override_row, rma->refund_overridden);
  amount = rma->refund_overridden ? retour_money_format (rma->refund) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->override_amount_row), amount);
  gtk_editable_set_text (GTK_EDITABLE (self->override_note_row),
                         rma->override_note != NULL ? rma->override_note : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), rma->notes != NULL ? rma->notes : "");

  self->populating = FALSE;

  update_refund (self);
  update_record_refund (self);
  populate_history (self);
  populate_photos (self);
}

static void
field_changed_cb (RetourRmaEditor *self)
{
  guint resolution;
  guint method;
  const char *notes;

  if (self->populating || self->rma == NULL)
    return;

  resolution = adw_combo_row_get_selected (self->resolution_row);
  method = adw_combo_row_get_selected (self->refund_method_row);
  notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));

  if (resolution < self->shown_resolutions->len)
    self->rma->resolution = g_array_index (self->shown_resolutions, RetourResolution, resolution);
  if (method < self->shown_methods->len)
    self->rma->refund_method = g_array_index (self->shown_methods, RetourRefundMethod, method);
  g_free (self->rma->notes);
  self->rma->notes = *notes != '\0' ? g_strdup (notes) : NULL;

  set_dirty (self, TRUE);
  update_refund (self);
}

/* Reads the return @id; FALSE (and the error page) if it cannot be. */
static gboolean
load (RetourRmaEditor *self,
      gint64           id)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourPolicy) current = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db = get_db (self);

  rma = retour_rma_store_load (db, id, &error);
  if (rma != NULL)
    reasons = retour_policy_store_list_reasons (db, TRUE, &error);
  if (reasons != NULL)
    policy = rma->policy_id != 0
               ? retour_policy_store_load (db, rma->policy_id, &error)
               : retour_policy_store_load_current (db, &error);

  if (policy == NULL)
    {
      g_autofree char *description = g_markup_escape_text (error->message, -1);

      g_clear_pointer (&self->rma, retour_rma_free);
      g_clear_pointer (&self->saved, retour_rma_free);
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      set_dirty (self, FALSE);
      return FALSE;
    }

  g_clear_pointer (&self->saved, retour_rma_free);
  g_clear_pointer (&self->rma, retour_rma_free);
  g_clear_pointer (&self->policy, retour_policy_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  self->saved = retour_rma_copy (rma);
  self->rma = g_steal_pointer (&rma);
  /* Without the current policy, the return's own says what is offered. */
  current = retour_policy_store_load_current (db, NULL);
  self->offered_resolutions = (current != NULL ? current : policy)->allowed_resolutions;
  self->offered_methods = (current != NULL ? current : policy)->allowed_refund_methods;
  self->policy = g_steal_pointer (&policy);
  self->reasons = g_steal_pointer (&reasons);

  hide_error (self);
  populate (self);
  set_dirty (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "rma");

  return TRUE;
}

/* Actions ------------------------------------------------------------------ */

static gboolean
save (RetourRmaEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->rma == NULL)
    return FALSE;

  if (!read_override (self, &error) ||
      !retour_rma_store_update (get_db (self), self->rma,
                                retour_context_get_actor (self->context), &error))
    {
      /* The working copy is as it was before the attempt: every edit is
       * still in the form. */
      show_error (self, error->message);
      return FALSE;
    }

  return load (self, self->rma->id);
}

static void
retour_rma_editor_save (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  save (RETOUR_RMA_EDITOR (widget));
}

static void
retour_rma_editor_transition (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  RetourRmaStatus to;

  if (self->rma == NULL || !retour_rma_status_from_key (g_variant_get_string (param, NULL), &to))
    return;

  /* The step writes the return as it is in the form, edits included. */
  if (!read_override (self, &error) ||
      !retour_rma_store_transition (get_db (self), self->rma, to,
                                    retour_context_get_actor (self->context), NULL,
                                    retour_context_now (self->context), &error))
    {
      show_error (self, error->message);
      return;
    }

  load (self, self->rma->id);
}

static void
retour_rma_editor_dismiss_error (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  hide_error (RETOUR_RMA_EDITOR (widget));
}

static void
retour_rma_editor_remove_photo (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->rma == NULL)
    return;

  if (!retour_rma_store_remove_attachment (get_db (self), g_variant_get_int64 (param),
                                           retour_context_get_actor (self->context),
                                           retour_context_now (self->context), &error))
    {
      show_error (self, error->message);
      return;
    }

  populate_photos (self);
  populate_history (self);
}

typedef struct
{
  RetourRmaEditor *editor;
  gint64           rma_id;
  char            *filename;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_object_unref (job->editor);
  g_free (job->filename);
  g_free (job);
}

static void
photo_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AttachJob *job = user_data;
  RetourRmaEditor *self = job->editor;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourAttachment) attachment = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime_type = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      if (self->context != NULL)
        show_error (self, error->message);
      attach_job_free (job);
      return;
    }

  if (self->context == NULL)
    {
      attach_job_free (job);
      return;
    }

  content_type = g_content_type_guess (job->filename,
                                       g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), NULL);
  mime_type = g_content_type_get_mime_type (content_type);

  attachment = g_new0 (RetourAttachment, 1);
  attachment->rma_id = job->rma_id;
  attachment->filename = g_strdup (job->filename);
  attachment->mime_type = g_strdup (mime_type != NULL ? mime_type : "application/octet-stream");
  attachment->data = g_steal_pointer (&bytes);
  attachment->created_us = retour_context_now (self->context);

  if (!retour_rma_store_add_attachment (get_db (self), attachment,
                                        retour_context_get_actor (self->context), &error))
    show_error (self, error->message);
  else if (self->rma != NULL && self->rma->id == job->rma_id)
    {
      populate_photos (self);
      populate_history (self);
    }

  attach_job_free (job);
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  RetourRmaEditor *self = user_data;
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->rma != NULL)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          AttachJob *job = g_new0 (AttachJob, 1);

          job->editor = g_object_ref (self);
          job->rma_id = self->rma->id;
          job->filename = g_file_get_basename (file);
          g_file_load_bytes_async (file, NULL, photo_loaded_cb, job);
        }
    }

  g_object_unref (dialog);
  g_object_unref (self);
}

static void
retour_rma_editor_attach_photo (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  if (self->rma == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Attach Photos"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (images, _("Images"));
  gtk_file_filter_add_mime_type (images, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Recording a refund ---------------------------------------------------------- */

static void
toast (RetourRmaEditor *self,
       const char      *message)
{
  /* It says something went wrong: it stays until dismissed. */
  if (!retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_STAYS))
    show_error (self, message);
}

static void
report_write_back_failure (RetourRmaEditor *self,
                           const char      *store,
                           const GError    *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->context == NULL)
    return;

  /* What matters comes first: a long reason is cut off on screen, and
   * the store's queue in the preferences shows it whole.
   * Translators: the first %s is the store's name, the second says what
   * went wrong. */
  message = g_strdup_printf (_("Refund recorded and queued: sending it to %s failed, so Retour will try "
                               "again at the next sync (%s)"),
                             store, error->message);
  toast (self, message);
}

static void
write_back_finished_cb (RetourSyncScheduler *scheduler,
                        gint64               store_id,
                        const GError        *error,
                        RetourRmaEditor     *self)
{
  if (store_id != self->write_back_store_id)
    return;

  g_clear_signal_handler (&self->write_back_handler, scheduler);
  if (error != NULL)
    report_write_back_failure (self, self->write_back_store_name, error);
}

/* The store that takes refund write-backs for the stored return's order,
 * or NULL. */
static RetourStorefront *
write_back_store (RetourRmaEditor  *self,
                  GError          **error)
{
  RetourDatabase *db = get_db (self);
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;

  if (self->saved->order_id == 0)
    return NULL;

  order = retour_catalog_store_load_order (db, self->saved->order_id, error);
  if (order == NULL || order->store_id == 0)
    return NULL;

  storefront = retour_sync_store_load (db, order->store_id, error);
  if (storefront == NULL || !storefront->write_back)
    return NULL;

  return g_steal_pointer (&storefront);
}

/* Asks the shop's sync scheduler to send @storefront's queued refunds
 * now: it runs them in turn with the store's syncs, so a refund is never
 * sent twice at once, and it retries after the next sync if this attempt
 * fails. */
static void
send_write_backs (RetourRmaEditor        *self,
                  const RetourStorefront *storefront)
{
  RetourSyncScheduler *scheduler = retour_context_get_sync_scheduler (self->context);

  if (self->write_back_handler == 0)
    self->write_back_handler = g_signal_connect_object (scheduler, "finished",
                                                        G_CALLBACK (write_back_finished_cb), self, 0);
  self->write_back_store_id = storefront->id;
  g_free (self->write_back_store_name);
  self->write_back_store_name = retour_text_for_display (storefront->name, RETOUR_TEXT_MAX_LINE,
                                                         RETOUR_TEXT_ONE_LINE);

  retour_sync_scheduler_write_back (scheduler, storefront->id);
}

typedef struct
{
  RetourRmaEditor *editor;
  gint64           rma_id;
} RefundAsked;

static void
refund_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree RefundAsked *asked = user_data;
  g_autoptr(RetourRmaEditor) self = asked->editor;
  g_autoptr(RetourRefund) refund = NULL;
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(GError) error = NULL;
  RetourMoney amount;
  RetourDatabase *db;

  /* Staff said no, or moved to another return meanwhile. */
  if (!retour_refund_dialog_run_finish (result, &amount, NULL) ||
      self->saved == NULL || self->saved->id != asked->rma_id)
    return;

  db = get_db (self);

  refund = g_new0 (RetourRefund, 1);
  refund->rma_id = asked->rma_id;
  refund->amount = amount;
  refund->method = self->saved->refund_method != RETOUR_REFUND_METHOD_NONE
                     ? self->saved->refund_method
                     : default_refund_method (self);
  refund->created_us = retour_context_now (self->context);
  refund->actor = g_strdup (retour_context_get_actor (self->context));
  refund->idempotency_key = g_uuid_string_random ();

  storefront = write_back_store (self, &error);
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* The payment and its place in the write-back queue are one change: a
   * refund recorded here is never left unsent by a crash in between. */
  if (!retour_database_begin (db, &error) ||
      !retour_rma_store_add_refund (db, refund, &error) ||
      (storefront != NULL &&
       !retour_sync_store_queue_write_back (db, refund->id, refund->created_us, &error)) ||
      !retour_database_commit (db, &error))
    {
      retour_database_rollback (db);
      show_error (self, error->message);
      return;
    }

  hide_error (self);
  load (self, asked->rma_id);
  if (storefront != NULL)
    send_write_backs (self, storefront);
}

static void
retour_rma_editor_record_refund (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  RetourRefundMethod method;
  RetourMoney left;
  RefundAsked *asked;

  if (self->rma == NULL)
    return;

  /* The refund is recorded against the return as stored: what was typed
   * is saved first (and stays in the form if it cannot be). */
  if (self->dirty && !save (self))
    return;

  if (!get_refund_left (self, &left, &error))
    {
      if (error != NULL)
        show_error (self, error->message);
      update_record_refund (self);
      return;
    }

  method = self->saved->refund_method != RETOUR_REFUND_METHOD_NONE
             ? self->saved->refund_method
             : default_refund_method (self);

  asked = g_new0 (RefundAsked, 1);
  asked->editor = g_object_ref (self);
  asked->rma_id = self->saved->id;
  retour_refund_dialog_run_async (GTK_WINDOW (gtk_widget_get_root (widget)), left,
                                  self->saved->customer_name, method, NULL, refund_chosen_cb, asked);
}

/* GObject ------------------------------------------------------------------ */

static void
retour_rma_editor_dispose (GObject *object)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (object);

  g_clear_object (&self->context);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_RMA_EDITOR);

  G_OBJECT_CLASS (retour_rma_editor_parent_class)->dispose (object);
}

static void
retour_rma_editor_finalize (GObject *object)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (object);

  g_clear_pointer (&self->rma, retour_rma_free);
  g_clear_pointer (&self->saved, retour_rma_free);
  g_clear_pointer (&self->policy, retour_policy_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->line_rows, g_ptr_array_unref);
  g_clear_pointer (&self->store_refund_rows, g_ptr_array_unref);
  g_clear_pointer (&self->shown_resolutions, g_array_unref);
  g_clear_pointer (&self->shown_methods, g_array_unref);
  g_clear_pointer (&self->write_back_store_name, g_free);

  G_OBJECT_CLASS (retour_rma_editor_parent_class)->finalize (object);
}

static void
retour_rma_editor_class_init (RetourRmaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_rma_editor_dispose;
  object_class->finalize = retour_rma_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-rma-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, steps_box);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, next_step_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, other_steps_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, label_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, other_steps_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, customer_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, order_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, lines_group);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, store_refunds_group);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, photos_stack);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, photos_box);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, refund_method_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, refund_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, refund_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, override_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, override_amount_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, override_note_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, history_list);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, record_refund_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, retour_rma_editor_save);
  gtk_widget_class_install_action (widget_class, "editor.transition", "s", retour_rma_editor_transition);
  gtk_widget_class_install_action (widget_class, "editor.attach-photo", NULL, retour_rma_editor_attach_photo);
  gtk_widget_class_install_action (widget_class, "editor.remove-photo", "x", retour_rma_editor_remove_photo);
  gtk_widget_class_install_action (widget_class, "editor.dismiss-error", NULL, retour_rma_editor_dismiss_error);
  gtk_widget_class_install_action (widget_class, "editor.record-refund", NULL, retour_rma_editor_record_refund);
}

static void
retour_rma_editor_init (RetourRmaEditor *self)
{
  GtkEventController *shortcuts;

  self->line_rows = g_ptr_array_new ();
  self->store_refund_rows = g_ptr_array_new ();
  self->shown_resolutions = g_array_new (FALSE, FALSE, sizeof (RetourResolution));
  self->shown_methods = g_array_new (FALSE, FALSE, sizeof (RetourRefundMethod));

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_action_row_set_subtitle_lines (self->refund_row, NOTE_LINES);

  /* Ctrl+S saves wherever the focus is in the window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("editor.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  set_dirty (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.record-refund", FALSE);
}

void
retour_rma_editor_set_context (RetourRmaEditor *self,
                               RetourContext   *context)
{
  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  g_clear_pointer (&self->rma, retour_rma_free);
  g_clear_pointer (&self->saved, retour_rma_free);
  set_dirty (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

void
retour_rma_editor_show (RetourRmaEditor *self,
                        gint64           rma_id)
{
  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));
  g_return_if_fail (self->context != NULL);

  if (self->rma != NULL && self->rma->id == rma_id)
    return;

  /* Moving on to another return keeps what was typed into this one. When
   * it cannot be saved, the editor stays on it and says why. */
  if (self->dirty && !save (self))
    return;

  if (rma_id == 0)
    {
      g_clear_pointer (&self->rma, retour_rma_free);
      g_clear_pointer (&self->saved, retour_rma_free);
      set_dirty (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  if (load (self, rma_id))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

gint64
retour_rma_editor_get_rma_id (RetourRmaEditor *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_EDITOR (self), 0);

  return self->rma != NULL ? self->rma->id : 0;
}

void
retour_rma_editor_refresh (RetourRmaEditor *self)
{
  g_autoptr(RetourRma) fresh = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));

  if (self->rma == NULL || self->dirty)
    return;

  fresh = retour_rma_store_load (get_db (self), self->rma->id, &error);
  if (fresh == NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* Unchanged: leave the form (and the focus in it) alone; the history
   * may still have grown. */
  if (fresh->updated_us == self->saved->updated_us && fresh->status == self->saved->status)
    {
      populate_history (self);
      update_record_refund (self);
      return;
    }

  load (self, self->rma->id);
}

gboolean
retour_rma_editor_is_dirty (RetourRmaEditor *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_EDITOR (self), FALSE);

  return self->dirty;
}

void
retour_rma_editor_set_show_back (RetourRmaEditor *self,
                                 gboolean         show_back)
{
  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));

  gtk_widget_set_visible (self->back_button, show_back);
}
