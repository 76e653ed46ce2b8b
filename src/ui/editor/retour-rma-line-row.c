/* retour-rma-line-row.c — one item of a return, to edit or to receive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-rma-line-row.h"
#include "retour-text.h"

struct _RetourRmaLineRow
{
  AdwExpanderRow  parent_instance;

  /* Template widgets */
  GtkLabel       *upstream_label;
  GtkLabel       *quantity_label;
  GtkWidget      *requested_row;
  GtkWidget      *authorized_row;
  GtkWidget      *received_row;
  GtkWidget      *accepted_row;
  GtkSpinButton  *requested_spin;
  GtkSpinButton  *authorized_spin;
  GtkSpinButton  *received_spin;
  GtkSpinButton  *accepted_spin;
  AdwComboRow    *reason_row;
  AdwComboRow    *claim_row;
  AdwComboRow    *condition_row;
  AdwComboRow    *disposition_row;
  AdwEntryRow    *diminished_row;
  AdwEntryRow    *diminished_reason_row;
  AdwEntryRow    *serial_row;
  AdwEntryRow    *notes_row;

  RetourRmaLine  *line;
  gboolean        diminished_invalid;  /* the amount typed is not one */
  GArray         *reason_ids;   /* gint64 per item of the reason row; 0 = none */
  gboolean        receiving;
  gboolean        populating;
};

G_DEFINE_FINAL_TYPE (RetourRmaLineRow, retour_rma_line_row, ADW_TYPE_EXPANDER_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListModel *
enum_labels (guint         n,
             const char *(*get_label) (int value))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, get_label ((int) i));

  return G_LIST_MODEL (list);
}

static const char *
condition_label (int value)
{
  return retour_condition_get_label ((RetourCondition) value);
}

static const char *
disposition_label (int value)
{
  return retour_disposition_get_label ((RetourDisposition) value);
}

static const char *
claim_label (int value)
{
  return retour_claim_kind_get_label ((RetourClaimKind) value);
}

/* The deduction is for withdrawals only: the law allows none on the
 * other claims, and the shop's own policy has its restocking fee. */
static void
update_diminished (RetourRmaLineRow *self)
{
  gboolean withdrawal = self->line->claim == RETOUR_CLAIM_WITHDRAWAL && !self->receiving;

  gtk_widget_set_visible (GTK_WIDGET (self->diminished_row), withdrawal);
  gtk_widget_set_visible (GTK_WIDGET (self->diminished_reason_row), withdrawal);
}

/* "2 of 3" in the row's header: what counts at this point. */
static void
update_summary (RetourRmaLineRow *self)
{
  const RetourRmaLine *line = self->line;
  g_autofree char *price = retour_money_format (line->unit_price);
  g_autofree char *sku = retour_text_for_display (line->sku, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autofree char *subtitle = NULL;
  g_autofree char *quantity = NULL;

  if (sku != NULL && *sku != '\0')
    /* Translators: an item's SKU, its price per unit, and the right it
       comes back under ("Withdrawal"). */
    subtitle = g_strdup_printf (_("%s · %s each · %s"), sku, price, retour_claim_kind_get_label (line->claim));
  else
    /* Translators: an item's price per unit, and the right it comes
       back under ("Withdrawal"). */
    subtitle = g_strdup_printf (_("%s each · %s"), price, retour_claim_kind_get_label (line->claim));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  if (self->receiving)
    /* Translators: units received of those authorized, "1 of 2". */
    quantity = g_strdup_printf (_("%u of %u"), line->qty_received, line->qty_authorized);
  else if (line->qty_ordered > 0)
    /* Translators: units requested of those ordered, "1 of 2 ordered". */
    quantity = g_strdup_printf (_("%u of %u ordered"), line->qty_requested, line->qty_ordered);
  else
    quantity = g_strdup_printf ("%u", line->qty_requested);
  gtk_label_set_text (self->quantity_label, quantity);
}

/* What became of the item in the storefront since the return was made:
 * staff must see it before they send a label or pay. */
static void
update_upstream (RetourRmaLineRow *self)
{
  const RetourRmaLine *line = self->line;
  g_autofree char *text = NULL;

  if (line->gone_upstream)
    text = g_strdup (_("Removed from the order in the store"));
  else if (line->qty_refunded_upstream > 0)
    /* Translators: units of this item the shop refunded in its own
     * storefront admin, not through Retour. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refunded in the store",
                                         "%u refunded in the store", line->qty_refunded_upstream),
                            line->qty_refunded_upstream);

  gtk_label_set_text (self->upstream_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->upstream_label), text != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->upstream_label),
                               line->gone_upstream
                               ? _("The shop took this item off the order after the return was made")
                               : NULL);
}

/* Each quantity is bounded by the one before it in the chain; what is
 * requested, by what the storefront still has of the item, but never
 * below what the return already holds. */
static void
update_bounds (RetourRmaLineRow *self)
{
  const RetourRmaLine *line = self->line;
  guint ordered_cap = line->qty_ordered > 0 ? line->qty_ordered : 999;

  if (line->gone_upstream)
    ordered_cap = MIN (ordered_cap, line->qty_requested);
  else if (line->qty_refunded_upstream > 0)
    ordered_cap = MAX (ordered_cap - MIN (line->qty_refunded_upstream, ordered_cap), line->qty_requested);

  gtk_spin_button_set_range (self->requested_spin, 0, ordered_cap);
  gtk_spin_button_set_range (self->authorized_spin, 0, line->qty_requested);
  gtk_spin_button_set_range (self->received_spin, 0, line->qty_authorized);
  gtk_spin_button_set_range (self->accepted_spin, 0, line->qty_received);
}

static void
populate (RetourRmaLineRow *self,
          GPtrArray        *reasons)
{
  const RetourRmaLine *line = self->line;
  /* The storefront's product title, any length: AdwExpanderRow wraps its
   * title on as many lines as it takes. */
  g_autofree char *title = retour_text_for_display (line->title, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_autoptr(GtkStringList) reason_labels = gtk_string_list_new (NULL);
  g_autoptr(GListModel) conditions = NULL;
  g_autoptr(GListModel) dispositions = NULL;
  g_autoptr(GListModel) claims = NULL;
  guint reason_position = 0;
  gint64 none = 0;

  self->populating = TRUE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title != NULL ? title : "");

  gtk_string_list_append (reason_labels, _("No reason given"));
  g_array_append_val (self->reason_ids, none);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);
      g_autofree char *label = NULL;

      if (reason->retired && reason->id != line->reason_id)
        continue;

      if (reason->id == line->reason_id)
        reason_position = self->reason_ids->len;
      label = retour_text_for_display (reason->label, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
      gtk_string_list_append (reason_labels, label);
      g_array_append_val (self->reason_ids, reason->id);
    }
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reason_labels));
  adw_combo_row_set_selected (self->reason_row, reason_position);

  conditions = enum_labels (RETOUR_CONDITION_MISSING + 1, condition_label);
  adw_combo_row_set_model (self->condition_row, conditions);
  adw_combo_row_set_selected (self->condition_row, line->condition);

  claims = enum_labels (RETOUR_CLAIM_COMMERCIAL_WARRANTY + 1, claim_label);
  adw_combo_row_set_model (self->claim_row, claims);
  adw_combo_row_set_selected (self->claim_row, line->claim);

  if (line->diminished_value.minor > 0)
    {
      g_autofree char *amount = retour_money_to_string (line->diminished_value);

      gtk_editable_set_text (GTK_EDITABLE (self->diminished_row), amount);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->diminished_reason_row),
                         line->diminished_reason != NULL ? line->diminished_reason : "");
  update_diminished (self);

  dispositions = enum_labels (RETOUR_DISPOSITION_RETURN_TO_CUSTOMER + 1, disposition_label);
  adw_combo_row_set_model (self->disposition_row, dispositions);
  adw_combo_row_set_selected (self->disposition_row, line->disposition);

  /* Ranges first: a value outside the range would be clamped. */
  gtk_spin_button_set_range (self->requested_spin, 0, 999);
  gtk_spin_button_set_range (self->authorized_spin, 0, 999);
  gtk_spin_button_set_range (self->received_spin, 0, 999);
  gtk_spin_button_set_range (self->accepted_spin, 0, 999);
  gtk_spin_button_set_value (self->requested_spin, line->qty_requested);
  gtk_spin_button_set_value (self->authorized_spin, line->qty_authorized);
  gtk_spin_button_set_value (self->received_spin, line->qty_received);
  gtk_spin_button_set_value (self->accepted_spin, line->qty_accepted);
  update_bounds (self);

  gtk_editable_set_text (GTK_EDITABLE (self->serial_row), line->serial != NULL ? line->serial : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), line->notes != NULL ? line->notes : "");

  /* At the packing table: what arrived, in what state, and where it goes. */
  gtk_widget_set_visible (self->requested_row, !self->receiving);
  gtk_widget_set_visible (self->authorized_row, !self->receiving);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), !self->receiving);
  gtk_widget_set_visible (GTK_WIDGET (self->claim_row), !self->receiving);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_row), !self->receiving);

  update_summary (self);
  update_upstream (self);

  self->populating = FALSE;
}

static void
emit_changed (RetourRmaLineRow *self)
{
  update_summary (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
quantity_changed_cb (RetourRmaLineRow *self)
{
  RetourRmaLine *line = self->line;

  if (self->populating)
    return;

  line->qty_requested = gtk_spin_button_get_value_as_int (self->requested_spin);
  line->qty_authorized = gtk_spin_button_get_value_as_int (self->authorized_spin);
  line->qty_received = gtk_spin_button_get_value_as_int (self->received_spin);
  line->qty_accepted = gtk_spin_button_get_value_as_int (self->accepted_spin);

  /* Lowering one quantity lowers the ones after it (the ranges clamp
   * them), which calls back here with the chain in order. */
  self->populating = TRUE;
  update_bounds (self);
  self->populating = FALSE;

  line->qty_authorized = gtk_spin_button_get_value_as_int (self->authorized_spin);
  line->qty_received = gtk_spin_button_get_value_as_int (self->received_spin);
  line->qty_accepted = gtk_spin_button_get_value_as_int (self->accepted_spin);

  emit_changed (self);
}

static void
choice_changed_cb (RetourRmaLineRow *self)
{
  guint reason = adw_combo_row_get_selected (self->reason_row);
  guint condition = adw_combo_row_get_selected (self->condition_row);
  guint disposition = adw_combo_row_get_selected (self->disposition_row);
  guint claim = adw_combo_row_get_selected (self->claim_row);

  if (self->populating)
    return;

  if (claim <= RETOUR_CLAIM_COMMERCIAL_WARRANTY)
    self->line->claim = (RetourClaimKind) claim;
  update_diminished (self);

  if (reason < self->reason_ids->len)
    self->line->reason_id = g_array_index (self->reason_ids, gint64, reason);
  if (condition <= RETOUR_CONDITION_MISSING)
    self->line->condition = (RetourCondition) condition;
  if (disposition <= RETOUR_DISPOSITION_RETURN_TO_CUSTOMER)
    self->line->disposition = (RetourDisposition) disposition;

  emit_changed (self);
}

static void
set_text_field (char       **field,
                const char  *text)
{
  g_free (*field);
  *field = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
}

static void
text_changed_cb (RetourRmaLineRow *self)
{
  if (self->populating)
    return;

  set_text_field (&self->line->serial, gtk_editable_get_text (GTK_EDITABLE (self->serial_row)));
  set_text_field (&self->line->notes, gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));

  emit_changed (self);
}

/* The amount as typed, in the line's currency; empty is none. A typo
 * keeps what the line had, marks the row, and retour_rma_line_row_check()
 * says so before anything is saved. */
static void
diminished_changed_cb (RetourRmaLineRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->diminished_row));
  const char *currency = self->line->unit_price.currency;
  RetourMoney amount = retour_money_init (0, currency);

  if (self->populating)
    return;

  self->diminished_invalid = *text != '\0' &&
                             (!retour_money_parse (text, currency, &amount, NULL) || amount.minor < 0);
  if (self->diminished_invalid)
    gtk_widget_add_css_class (GTK_WIDGET (self->diminished_row), "error");
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->diminished_row), "error");
      self->line->diminished_value = amount;
    }
  set_text_field (&self->line->diminished_reason,
                  gtk_editable_get_text (GTK_EDITABLE (self->diminished_reason_row)));
  emit_changed (self);
}

gboolean
retour_rma_line_row_check (RetourRmaLineRow  *self,
                           GError           **error)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LINE_ROW (self), FALSE);

  if (self->line->claim != RETOUR_CLAIM_WITHDRAWAL)
    return TRUE;

  if (self->diminished_invalid)
    {
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                   /* Translators: %s is an item. */
                   _("The deduction for diminished value of “%s” is not an amount."), self->line->title);
      return FALSE;
    }

  if (self->line->diminished_value.minor > 0 && self->line->diminished_reason == NULL)
    {
      g_set_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                   /* Translators: %s is an item. */
                   _("Say why the value of “%s” is diminished: the customer is told."), self->line->title);
      return FALSE;
    }

  return TRUE;
}

static void
retour_rma_line_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_RMA_LINE_ROW);

  G_OBJECT_CLASS (retour_rma_line_row_parent_class)->dispose (object);
}

static void
retour_rma_line_row_finalize (GObject *object)
{
  RetourRmaLineRow *self = RETOUR_RMA_LINE_ROW (object);

  g_clear_pointer (&self->reason_ids, g_array_unref);

  G_OBJECT_CLASS (retour_rma_line_row_parent_class)->finalize (object);
}

static void
retour_rma_line_row_class_init (RetourRmaLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_rma_line_row_dispose;
  object_class->finalize = retour_rma_line_row_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-rma-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, upstream_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, quantity_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, requested_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, authorized_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, received_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, accepted_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, requested_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, authorized_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, received_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, accepted_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, claim_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, condition_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, diminished_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, diminished_reason_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, disposition_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, serial_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaLineRow, notes_row);
  gtk_widget_class_bind_template_callback (widget_class, quantity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, diminished_changed_cb);
}

static void
retour_rma_line_row_init (RetourRmaLineRow *self)
{
  self->reason_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
retour_rma_line_row_new (RetourRmaLine *line,
                         GPtrArray     *reasons,
                         gboolean       receiving)
{
  RetourRmaLineRow *self;

  g_return_val_if_fail (line != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_RMA_LINE_ROW, NULL);
  self->line = line;
  self->receiving = receiving;
  populate (self, reasons);

  if (receiving)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);

  return GTK_WIDGET (self);
}

RetourRmaLine *
retour_rma_line_row_get_line (RetourRmaLineRow *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_LINE_ROW (self), NULL);

  return self->line;
}
