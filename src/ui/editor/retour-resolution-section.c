/* retour-resolution-section.c — how a return is settled, in the RMA editor:
 * the fields, the refund quoted from them, and the section's interface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-resolution-section-private.h"
#include "retour-text.h"

enum {
  PROP_0,
  PROP_CAN_RECORD_REFUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void retour_resolution_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourResolutionSection, retour_resolution_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_resolution_section_iface_init))

/* The resolutions and refund methods the current policy offers, and
 * the return's own even when no longer offered, so that an old return
 * still shows what it has. The first item is "undecided" / "none". */
static void
set_choices (RetourResolutionSection *self)
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

/* The fields ---------------------------------------------------------------- */

/* Reads the override into @rma; FALSE with a message when the amount is
 * not one. */
static gboolean
read_override (RetourResolutionSection  *self,
               RetourRma                *rma,
               GError                  **error)
{
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

/* Reads the resolution, refund method and notes into @rma. */
static void
read_choices (RetourResolutionSection *self,
              RetourRma               *rma)
{
  guint resolution = adw_combo_row_get_selected (self->resolution_row);
  guint method = adw_combo_row_get_selected (self->refund_method_row);
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));

  if (resolution < self->shown_resolutions->len)
    rma->resolution = g_array_index (self->shown_resolutions, RetourResolution, resolution);
  if (method < self->shown_methods->len)
    rma->refund_method = g_array_index (self->shown_methods, RetourRefundMethod, method);
  g_free (rma->notes);
  rma->notes = *notes != '\0' ? g_strdup (notes) : NULL;
}

static void
field_changed_cb (RetourResolutionSection *self)
{
  if (self->populating || self->rma == NULL)
    return;

  read_choices (self, self->rma);
  self->changed = TRUE;
  retour_editor_section_emit_edited (RETOUR_EDITOR_SECTION (self));
}

/* How the refund comes about: the policy's reasons quote category names
 * and product titles, an override its note. */
static void
set_refund_subtitle (RetourResolutionSection *self,
                     const char              *text)
{
  g_autofree char *shown = retour_text_for_display (text, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);

  adw_action_row_set_subtitle (self->refund_row, shown);
}

void
retour_resolution_section_update_refund (RetourResolutionSection *self)
{
  g_autoptr(RetourRefundQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) override_error = NULL;
  g_autofree char *amount = NULL;
  g_autoptr(GString) how = g_string_new (NULL);

  g_return_if_fail (RETOUR_IS_RESOLUTION_SECTION (self));

  if (self->rma == NULL)
    return;

  if (!read_override (self, self->rma, &override_error))
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

gboolean
retour_resolution_section_get_can_record_refund (RetourResolutionSection *self)
{
  g_return_val_if_fail (RETOUR_IS_RESOLUTION_SECTION (self), FALSE);

  return self->can_record_refund;
}

void
_retour_resolution_section_set_can_record_refund (RetourResolutionSection *self,
                                                  gboolean                 can_record)
{
  gtk_widget_set_visible (self->record_refund_button, can_record);

  if (self->can_record_refund == can_record)
    return;

  self->can_record_refund = can_record;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RECORD_REFUND]);
}

/* RetourEditorSection ------------------------------------------------------ */

static void
retour_resolution_section_set_rma (RetourEditorSection     *section,
                                   RetourRma               *rma,
                                   RetourContext           *context,
                                   const RetourEditorTerms *terms)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (section);
  g_autofree char *amount = NULL;
  gboolean final;

  g_set_object (&self->context, context);
  g_clear_pointer (&self->saved, retour_rma_free);
  self->rma = rma;
  self->changed = FALSE;
  if (rma == NULL)
    {
      self->policy = NULL;
      self->reasons = NULL;
      _retour_resolution_section_set_can_record_refund (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->store_row), FALSE);
      return;
    }

  self->saved = retour_rma_copy (rma);
  self->policy = terms->policy;
  self->reasons = terms->reasons;
  self->offered_resolutions = terms->offered_resolutions;
  self->offered_methods = terms->offered_methods;

  self->populating = TRUE;

  set_choices (self);

  adw_expander_row_set_enable_expansion (self->override_row, rma->refund_overridden);
  adw_expander_row_set_expanded (self->override_row, rma->refund_overridden);
  amount = rma->refund_overridden ? retour_money_format (rma->refund) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->override_amount_row), amount);
  gtk_editable_set_text (GTK_EDITABLE (self->override_note_row),
                         rma->override_note != NULL ? rma->override_note : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), rma->notes != NULL ? rma->notes : "");

  self->populating = FALSE;

  /* A closed, rejected, cancelled or expired return is done with: how it
   * was settled is shown, not offered for change. The notes stay open. */
  final = retour_rma_status_is_terminal (rma->status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolution_row), !final);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refund_method_row), !final);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refund_row), !final);
  gtk_widget_set_sensitive (GTK_WIDGET (self->override_row), !final);

  retour_resolution_section_update_refund (self);
  _retour_resolution_section_update_record_refund (self);
  _retour_resolution_section_update_store (self);
}

static gboolean
retour_resolution_section_apply (RetourEditorSection  *section,
                                 RetourRma            *rma,
                                 GError              **error)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (section);

  read_choices (self, rma);

  return read_override (self, rma, error);
}

static gboolean
retour_resolution_section_changed (RetourEditorSection *section)
{
  return RETOUR_RESOLUTION_SECTION (section)->changed;
}

static void
retour_resolution_section_reload (RetourEditorSection *section)
{
  _retour_resolution_section_update_record_refund (RETOUR_RESOLUTION_SECTION (section));
  _retour_resolution_section_update_store (RETOUR_RESOLUTION_SECTION (section));
}

static void
retour_resolution_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_resolution_section_set_rma;
  iface->apply = retour_resolution_section_apply;
  iface->changed = retour_resolution_section_changed;
  iface->reload = retour_resolution_section_reload;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_resolution_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (object);

  switch (prop_id)
    {
    case PROP_CAN_RECORD_REFUND:
      g_value_set_boolean (value, self->can_record_refund);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_resolution_section_dispose (GObject *object)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (object);

  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_RESOLUTION_SECTION);

  G_OBJECT_CLASS (retour_resolution_section_parent_class)->dispose (object);
}

static void
retour_resolution_section_finalize (GObject *object)
{
  RetourResolutionSection *self = RETOUR_RESOLUTION_SECTION (object);

  g_clear_pointer (&self->saved, retour_rma_free);
  g_clear_pointer (&self->shown_resolutions, g_array_unref);
  g_clear_pointer (&self->shown_methods, g_array_unref);
  g_clear_pointer (&self->write_back_store_name, g_free);

  G_OBJECT_CLASS (retour_resolution_section_parent_class)->finalize (object);
}

static void
retour_resolution_section_class_init (RetourResolutionSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = retour_resolution_section_get_property;
  object_class->dispose = retour_resolution_section_dispose;
  object_class->finalize = retour_resolution_section_finalize;

  properties[PROP_CAN_RECORD_REFUND] =
    g_param_spec_boolean ("can-record-refund", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-resolution-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, refund_method_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, refund_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, refund_label);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, record_refund_button);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, override_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, override_amount_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, override_note_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, notes_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, store_row);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, carry_out_button);
  gtk_widget_class_bind_template_child (widget_class, RetourResolutionSection, retry_resolution_button);
  _retour_resolution_section_class_init_store (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
retour_resolution_section_init (RetourResolutionSection *self)
{
  self->shown_resolutions = g_array_new (FALSE, FALSE, sizeof (RetourResolution));
  self->shown_methods = g_array_new (FALSE, FALSE, sizeof (RetourRefundMethod));

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_action_row_set_subtitle_lines (self->refund_row, RETOUR_EDITOR_NOTE_LINES);
}
