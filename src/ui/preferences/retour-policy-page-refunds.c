/* retour-policy-page-refunds.c — the Refunds group of the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-policy-page-private.h"
#include "retour-policy-page-section.h"
#include "retour-policy-page-refunds.h"

struct _RetourPolicyPageRefunds
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwComboRow         *timing_row;
  AdwComboRow         *fee_kind_row;
  AdwActionRow        *fee_percent_row;
  GtkEntry            *fee_percent_entry;
  AdwActionRow        *fee_fixed_row;
  GtkEntry            *fee_fixed_entry;
  AdwExpanderRow      *fee_resolutions_row;
  AdwActionRow        *shipping_row;
  GtkEntry            *shipping_entry;
  AdwActionRow        *keep_it_row;
  GtkEntry            *keep_it_entry;

  GtkSwitch           *fee_switches[N_RESOLUTIONS];

  RetourPolicy        *policy;   /* the draft, not owned */

  /* What is wrong with the text of an amount; NULL when it is valid. */
  char                *fee_percent_problem;
  char                *fee_fixed_problem;
  char                *shipping_problem;
  char                *keep_it_problem;

  gboolean             populating;
};

static void section_iface_init (RetourPolicyPageSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPolicyPageRefunds, retour_policy_page_refunds, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_POLICY_PAGE_SECTION, section_iface_init))

static char *
format_percent (guint basis_points)
{
  if (basis_points % 100 == 0)
    return g_strdup_printf ("%u", basis_points / 100);

  /* In the locale's own way: "12,5" in de_DE. */
  return g_strdup_printf ("%.*f", basis_points % 10 == 0 ? 1 : 2, basis_points / 100.0);
}

/* "10", "12.5", "12,5 %": at most two decimals, 0–100. */
static gboolean
parse_percent (const char  *text,
               guint       *out_basis_points,
               char       **out_problem)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize length = strlen (copy);
  guint64 whole = 0;
  guint fraction = 0;
  guint decimals = 0;
  gboolean digits = FALSE;
  gboolean separator = FALSE;

  /* A "%" typed after the number is welcome. */
  if (length > 0 && copy[length - 1] == '%')
    {
      copy[--length] = '\0';
      g_strchomp (copy);
    }

  for (const char *p = copy; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          digits = TRUE;
          if (!separator)
            whole = whole * 10 + (guint64) (*p - '0');
          else if (++decimals <= 2)
            fraction = fraction * 10 + (guint) (*p - '0');
          else
            goto invalid;
          if (whole > 100)
            goto out_of_range;
        }
      else if ((*p == '.' || *p == ',') && !separator)
        separator = TRUE;
      else
        goto invalid;
    }

  if (!digits)
    goto invalid;

  while (decimals < 2)
    {
      fraction *= 10;
      decimals++;
    }

  if (whole * 100 + fraction > 10000)
    goto out_of_range;

  *out_basis_points = (guint) (whole * 100 + fraction);
  return TRUE;

invalid:
  *out_problem = g_strdup (_("Enter a percentage such as 10 or 12.5"));
  return FALSE;

out_of_range:
  *out_problem = g_strdup (_("The fee can be at most 100 %"));
  return FALSE;
}

static char *
fee_resolutions_summary (guint mask)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (RetourResolution r = RETOUR_RESOLUTION_REFUND; r < RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      if ((mask & RETOUR_RESOLUTION_MASK (r)) == 0)
        continue;
      if (text->len > 0)
        /* Translators: between the items of a list: "Refund, Repair". */
        g_string_append (text, _(", "));
      g_string_append (text, retour_resolution_get_label (r));
    }

  if (text->len == 0)
    g_string_assign (text, _("Nothing: the fee is never charged"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Shows the rows the kind of fee needs, and marks the amounts refused. */
static void
update (RetourPolicyPageRefunds *self)
{
  RetourFeeKind kind = self->policy->restocking_fee_kind;
  g_autofree char *fee_summary = fee_resolutions_summary (self->policy->fee_resolutions);

  gtk_widget_set_visible (GTK_WIDGET (self->fee_percent_row), kind == RETOUR_FEE_PERCENT);
  gtk_widget_set_visible (GTK_WIDGET (self->fee_fixed_row), kind == RETOUR_FEE_FIXED);
  gtk_widget_set_visible (GTK_WIDGET (self->fee_resolutions_row), kind != RETOUR_FEE_NONE);
  adw_expander_row_set_subtitle (self->fee_resolutions_row, fee_summary);

  _retour_policy_page_show_amount_problem (self->fee_percent_row, self->fee_percent_entry,
                                           self->fee_percent_problem, NULL);
  _retour_policy_page_show_amount_problem (self->fee_fixed_row, self->fee_fixed_entry, self->fee_fixed_problem,
                                           _("Once per return, whatever it holds"));
  _retour_policy_page_show_amount_problem (self->shipping_row, self->shipping_entry, self->shipping_problem,
                                           _("From refunds for the customer’s own reasons"));
  _retour_policy_page_show_amount_problem (self->keep_it_row, self->keep_it_entry, self->keep_it_problem,
                                           _("Refund without return when the items are worth less"));
}

static void
emit_changed (RetourPolicyPageRefunds *self)
{
  update (self);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static gboolean
is_editing (RetourPolicyPageRefunds *self)
{
  return self->policy != NULL && !self->populating;
}

static void
amount_changed (RetourPolicyPageRefunds  *self,
                GtkEntry                 *entry,
                RetourMoney              *field,
                char                    **problem)
{
  RetourMoney value;
  char *message = NULL;

  g_clear_pointer (problem, g_free);
  if (_retour_policy_page_parse_amount (gtk_editable_get_text (GTK_EDITABLE (entry)),
                                        self->policy->return_shipping.currency, &value, &message))
    *field = value;
  else
    *problem = message;

  emit_changed (self);
}

static void
fee_fixed_changed_cb (RetourPolicyPageRefunds *self)
{
  if (is_editing (self))
    amount_changed (self, self->fee_fixed_entry, &self->policy->restocking_fee_fixed, &self->fee_fixed_problem);
}

static void
shipping_changed_cb (RetourPolicyPageRefunds *self)
{
  if (is_editing (self))
    amount_changed (self, self->shipping_entry, &self->policy->return_shipping, &self->shipping_problem);
}

static void
keep_it_changed_cb (RetourPolicyPageRefunds *self)
{
  if (is_editing (self))
    amount_changed (self, self->keep_it_entry, &self->policy->keep_it_threshold, &self->keep_it_problem);
}

static void
fee_percent_changed_cb (RetourPolicyPageRefunds *self)
{
  guint basis_points;
  char *message = NULL;

  if (!is_editing (self))
    return;

  g_clear_pointer (&self->fee_percent_problem, g_free);
  if (parse_percent (gtk_editable_get_text (GTK_EDITABLE (self->fee_percent_entry)), &basis_points, &message))
    self->policy->restocking_fee_basis_points = basis_points;
  else
    self->fee_percent_problem = message;

  emit_changed (self);
}

static void
choice_changed_cb (RetourPolicyPageRefunds *self)
{
  guint timing = adw_combo_row_get_selected (self->timing_row);
  guint fee_kind = adw_combo_row_get_selected (self->fee_kind_row);

  /* Nothing is selected for a moment while a drop-down changes models. */
  if (!is_editing (self) || timing > RETOUR_REFUND_TIMING_AFTER_INSPECTION || fee_kind > RETOUR_FEE_FIXED)
    return;

  self->policy->refund_timing = (RetourRefundTiming) timing;
  self->policy->restocking_fee_kind = (RetourFeeKind) fee_kind;
  emit_changed (self);
}

static void
fee_resolutions_changed_cb (RetourPolicyPageRefunds *self)
{
  if (!is_editing (self))
    return;

  self->policy->fee_resolutions = _retour_policy_page_read_switches (self->fee_switches, N_RESOLUTIONS,
                                                                     RETOUR_RESOLUTION_REFUND);
  emit_changed (self);
}

static void
set_entry_money (GtkEntry    *entry,
                 RetourMoney  money)
{
  g_autofree char *text = retour_money_format (money);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
clear_problems (RetourPolicyPageRefunds *self)
{
  g_clear_pointer (&self->fee_percent_problem, g_free);
  g_clear_pointer (&self->fee_fixed_problem, g_free);
  g_clear_pointer (&self->shipping_problem, g_free);
  g_clear_pointer (&self->keep_it_problem, g_free);
}

static void
set_draft (RetourPolicyPageSection *section,
           RetourPolicy            *policy,
           GPtrArray               *reasons)
{
  RetourPolicyPageRefunds *self = RETOUR_POLICY_PAGE_REFUNDS (section);
  g_autofree char *percent = NULL;

  self->policy = policy;
  percent = format_percent (policy->restocking_fee_basis_points);

  self->populating = TRUE;

  clear_problems (self);
  adw_combo_row_set_selected (self->timing_row, policy->refund_timing);
  adw_combo_row_set_selected (self->fee_kind_row, policy->restocking_fee_kind);
  gtk_editable_set_text (GTK_EDITABLE (self->fee_percent_entry), percent);
  set_entry_money (self->fee_fixed_entry, policy->restocking_fee_fixed);
  set_entry_money (self->shipping_entry, policy->return_shipping);
  set_entry_money (self->keep_it_entry, policy->keep_it_threshold);
  _retour_policy_page_write_switches (self->fee_switches, N_RESOLUTIONS, policy->fee_resolutions);

  self->populating = FALSE;

  update (self);
}

static void
section_iface_init (RetourPolicyPageSectionInterface *iface)
{
  iface->set_draft = set_draft;
}

const char *
retour_policy_page_refunds_get_problem (RetourPolicyPageRefunds *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE_REFUNDS (self), NULL);

  if (self->policy == NULL)
    return NULL;

  if (self->policy->restocking_fee_kind == RETOUR_FEE_PERCENT && self->fee_percent_problem != NULL)
    return self->fee_percent_problem;
  if (self->policy->restocking_fee_kind == RETOUR_FEE_FIXED && self->fee_fixed_problem != NULL)
    return self->fee_fixed_problem;
  if (self->shipping_problem != NULL)
    return self->shipping_problem;

  return self->keep_it_problem;
}

gboolean
retour_policy_page_refunds_has_refused_text (RetourPolicyPageRefunds *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE_REFUNDS (self), FALSE);

  return self->fee_percent_problem != NULL || self->fee_fixed_problem != NULL ||
         self->shipping_problem != NULL || self->keep_it_problem != NULL;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_refunds_dispose (GObject *object)
{
  RetourPolicyPageRefunds *self = RETOUR_POLICY_PAGE_REFUNDS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_POLICY_PAGE_REFUNDS);
  clear_problems (self);

  G_OBJECT_CLASS (retour_policy_page_refunds_parent_class)->dispose (object);
}

static void
retour_policy_page_refunds_class_init (RetourPolicyPageRefundsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_refunds_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-refunds.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, timing_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, fee_kind_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, fee_percent_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, fee_percent_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, fee_fixed_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, fee_fixed_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, fee_resolutions_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, shipping_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, shipping_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, keep_it_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRefunds, keep_it_entry);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fee_percent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fee_fixed_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, shipping_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_it_changed_cb);
}

static void
retour_policy_page_refunds_init (RetourPolicyPageRefunds *self)
{
  g_autoptr(GtkStringList) timings = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) fee_kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (RetourRefundTiming t = RETOUR_REFUND_TIMING_AT_AUTHORIZATION; t <= RETOUR_REFUND_TIMING_AFTER_INSPECTION; t++)
    gtk_string_list_append (timings, retour_refund_timing_get_label (t));
  adw_combo_row_set_model (self->timing_row, G_LIST_MODEL (timings));
  for (RetourFeeKind k = RETOUR_FEE_NONE; k <= RETOUR_FEE_FIXED; k++)
    gtk_string_list_append (fee_kinds, retour_fee_kind_get_label (k));
  adw_combo_row_set_model (self->fee_kind_row, G_LIST_MODEL (fee_kinds));

  /* Nothing comes back on a keep-it refund: no fee to charge. */
  for (RetourResolution r = RETOUR_RESOLUTION_REFUND; r < RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      GtkWidget *row;

      self->fee_switches[r] = _retour_policy_page_new_switch_row (_retour_policy_page_resolution_title (r), NULL,
                                                                  &row);
      g_signal_connect_object (self->fee_switches[r], "notify::active",
                               G_CALLBACK (fee_resolutions_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->fee_resolutions_row, row);
    }
}
