/* retour-policy-page-example.c — the Example group of the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-policy-page-example.h"
#include "retour-policy-page-private.h"
#include "retour-policy-page-section.h"
#include "retour-reason-row.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

struct _RetourPolicyPageExample
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwActionRow        *price_row;
  GtkEntry            *price_entry;
  GtkSpinButton       *days_spin;
  GtkLabel            *days_label;
  AdwComboRow         *category_row;
  AdwComboRow         *reason_row;
  AdwComboRow         *resolution_row;
  AdwActionRow        *verdict_row;
  GtkImage            *verdict_icon;
  AdwActionRow        *refund_row;
  GtkLabel            *refund_label;
  AdwActionRow        *withdrawal_row;
  GtkLabel            *withdrawal_label;

  RetourContext       *context;
  RetourPolicy        *policy;      /* the draft, not owned */
  GPtrArray           *reasons;     /* the draft's, not owned */

  /* What the drop-downs list, item by item. */
  GArray              *resolutions;      /* RetourResolution */
  GPtrArray           *offered_reasons;  /* RetourReason*, not owned */
  GPtrArray           *categories;       /* char*, owned */

  gboolean             populating;
};

static void section_iface_init (RetourPolicyPageSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPolicyPageExample, retour_policy_page_example, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_POLICY_PAGE_SECTION, section_iface_init))

static const char *
get_currency (RetourPolicyPageExample *self)
{
  return self->policy->return_shipping.currency;
}

static void
set_models (RetourPolicyPageExample *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) resolutions = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) old_reasons = g_ptr_array_ref (self->offered_reasons);
  g_autofree char *old_category = NULL;
  RetourResolution old_resolution = RETOUR_RESOLUTION_REFUND;
  guint selected;
  guint category_selected = 0;
  guint reason_selected = 0;
  guint resolution_selected = 0;
  gpointer old_reason = NULL;

  selected = adw_combo_row_get_selected (self->category_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->categories->len)
    old_category = g_strdup (g_ptr_array_index (self->categories, selected - 1));
  selected = adw_combo_row_get_selected (self->reason_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected < old_reasons->len)
    old_reason = g_ptr_array_index (old_reasons, selected);
  selected = adw_combo_row_get_selected (self->resolution_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->resolutions->len)
    old_resolution = g_array_index (self->resolutions, RetourResolution, selected);

  g_ptr_array_unref (self->offered_reasons);
  self->offered_reasons = g_ptr_array_new ();
  g_ptr_array_set_size (self->categories, 0);
  g_array_set_size (self->resolutions, 0);

  gtk_string_list_append (categories, _("No category"));
  for (guint i = 0; i < self->policy->category_rules->len; i++)
    {
      const RetourCategoryRule *rule = g_ptr_array_index (self->policy->category_rules, i);

      gtk_string_list_append (categories, rule->category);
      g_ptr_array_add (self->categories, g_strdup (rule->category));
      if (old_category != NULL && g_ascii_strcasecmp (old_category, rule->category) == 0)
        category_selected = i + 1;
    }

  for (guint i = 0; i < self->reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (self->reasons, i);
      g_autofree char *title = NULL;

      if (reason->retired)
        continue;
      if (reason == old_reason)
        reason_selected = self->offered_reasons->len;
      title = retour_reason_row_format_title (reason);
      gtk_string_list_append (reasons, title);
      g_ptr_array_add (self->offered_reasons, reason);
    }

  for (RetourResolution r = RETOUR_RESOLUTION_REFUND; r <= RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      if ((self->policy->allowed_resolutions & RETOUR_RESOLUTION_MASK (r)) == 0)
        continue;
      if (r == old_resolution)
        resolution_selected = self->resolutions->len;
      gtk_string_list_append (resolutions, retour_resolution_get_label (r));
      g_array_append_val (self->resolutions, r);
    }

  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  adw_combo_row_set_selected (self->category_row, category_selected);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reasons));
  adw_combo_row_set_selected (self->reason_row, reason_selected);
  adw_combo_row_set_model (self->resolution_row, G_LIST_MODEL (resolutions));
  adw_combo_row_set_selected (self->resolution_row, resolution_selected);
}

static char *
join_lines (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (lines, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_nothing (RetourPolicyPageExample *self)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row), "");
  adw_action_row_set_subtitle (self->verdict_row, "");
  gtk_image_set_from_icon_name (self->verdict_icon, NULL);
  gtk_label_set_text (self->refund_label, "—");
  adw_action_row_set_subtitle (self->refund_row, "");
  gtk_widget_set_visible (GTK_WIDGET (self->withdrawal_row), FALSE);
}

/* Whether the sample, delivered at @delivered_us, could still be
 * withdrawn from at @now_us: by the law of the shop's country, as the
 * customer's is not known. */
static gboolean
within_withdrawal (RetourPolicyPageExample *self,
                   gint64                   delivered_us,
                   gint64                   now_us)
{
  RetourLawInput input = { 0 };
  RetourLawDates dates;
  const GDate *deadline;

  input.possession_us = delivered_us;
  input.info_given = self->policy->withdrawal_info_given;
  retour_law_compute (&input, self->policy->shop_country, &dates);
  deadline = g_date_valid (&dates.extended_deadline) ? &dates.extended_deadline : &dates.withdrawal_deadline;

  return g_date_valid (deadline) && retour_law_days_until (&dates, deadline, now_us) >= 0;
}

/* Shows @quote in @row and its @label, or why there is none. */
static void
show_quote (AdwActionRow      *row,
            GtkLabel          *label,
            RetourRefundQuote *quote,
            const GError      *error)
{
  g_autofree char *total = NULL;
  g_autofree char *breakdown = NULL;

  if (quote == NULL)
    {
      gtk_label_set_text (label, "—");
      adw_action_row_set_subtitle (row, error->message);
      return;
    }

  total = retour_money_format (quote->total);
  breakdown = join_lines (quote->reasons);
  gtk_label_set_text (label, total);
  adw_action_row_set_subtitle (row, breakdown);
}

static void
show_verdict (RetourPolicyPageExample *self,
              const RetourVerdict     *verdict)
{
  g_autofree char *text = join_lines (verdict->reasons);
  gboolean eligible = verdict->kind == RETOUR_VERDICT_ELIGIBLE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row), verdict->summary);
  adw_action_row_set_subtitle (self->verdict_row, text);
  gtk_image_set_from_icon_name (self->verdict_icon, eligible ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  _retour_policy_page_set_css_class (self->verdict_icon, "success", eligible);
  _retour_policy_page_set_css_class (self->verdict_icon, "warning", !eligible);
}

/* A return of one item as picked, under the draft. */
static RetourRma *
new_sample (RetourPolicyPageExample *self,
            RetourMoney              price,
            const char              *category,
            gint64                   now_us)
{
  RetourRma *rma = retour_rma_new (get_currency (self), now_us);
  RetourRmaLine *line = retour_rma_line_new ();
  guint selected;

  selected = adw_combo_row_get_selected (self->resolution_row);
  rma->resolution = selected != GTK_INVALID_LIST_POSITION && selected < self->resolutions->len
                    ? g_array_index (self->resolutions, RetourResolution, selected)
                    : RETOUR_RESOLUTION_UNDECIDED;
  g_free (line->title);
  line->title = g_strdup (_("Sample item"));
  line->category = g_strdup (category);
  line->unit_price = price;
  line->qty_ordered = 1;
  line->qty_requested = 1;
  selected = adw_combo_row_get_selected (self->reason_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->offered_reasons->len)
    {
      guint index = 0;

      if (g_ptr_array_find (self->reasons, g_ptr_array_index (self->offered_reasons, selected), &index))
        line->reason_id = (gint64) index + 1;
    }
  retour_rma_add_line (rma, line);

  return rma;
}

static void
update (RetourPolicyPageExample *self)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourVerdict) verdict = NULL;
  g_autoptr(RetourRefundQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  RetourPolicyLineInput input = { 0 };
  RetourMoney price;
  const char *category = NULL;
  gint64 now_us;
  guint days;
  guint selected;
  gboolean withdrawable;

  if (self->policy == NULL || self->context == NULL)
    return;

  days = (guint) gtk_spin_button_get_value_as_int (self->days_spin);
  gtk_label_set_text (self->days_label,
                      /* Translators: follows a number of days: "[10] days ago". */
                      g_dngettext (GETTEXT_PACKAGE, "day ago", "days ago", days));

  if (!_retour_policy_page_parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->price_entry)),
                                         get_currency (self), &price, &problem))
    {
      _retour_policy_page_show_amount_problem (self->price_row, self->price_entry, problem, NULL);
      show_nothing (self);
      return;
    }
  _retour_policy_page_show_amount_problem (self->price_row, self->price_entry, NULL, NULL);

  selected = adw_combo_row_get_selected (self->category_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->categories->len)
    category = g_ptr_array_index (self->categories, selected - 1);

  /* Delivered @days ago, sent the day before, ordered the day before that. */
  now_us = retour_context_now (self->context);
  input.category = category;
  input.delivered_us = now_us - (gint64) days * DAY_US;
  input.fulfilled_us = input.delivered_us - DAY_US;
  input.ordered_us = input.fulfilled_us - DAY_US;
  verdict = retour_policy_evaluate_line (self->policy, &input, now_us, retour_context_get_time_zone (self->context));
  show_verdict (self, verdict);

  /* The reasons as edited, not as saved: the policy's rules give way to
   * the draft's flags, and reasons not saved yet get ids of their own. */
  policy = retour_policy_copy (self->policy);
  g_array_set_size (policy->reason_rules, 0);
  reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  for (guint i = 0; i < self->reasons->len; i++)
    {
      RetourReason *copy = retour_reason_copy (g_ptr_array_index (self->reasons, i));

      copy->id = (gint64) i + 1;
      g_ptr_array_add (reasons, copy);
    }

  rma = new_sample (self, price, category, now_us);
  quote = retour_policy_quote (policy, rma, reasons, &error);
  show_quote (self->refund_row, self->refund_label, quote, error);

  /* The same item withdrawn from: what the law gives, beside what the
   * shop's own policy does. */
  withdrawable = within_withdrawal (self, input.delivered_us, now_us);
  gtk_widget_set_visible (GTK_WIDGET (self->withdrawal_row), withdrawable);
  if (withdrawable)
    {
      g_autoptr(RetourRefundQuote) withdrawal = NULL;
      g_autoptr(GError) withdrawal_error = NULL;

      ((RetourRmaLine *) g_ptr_array_index (rma->lines, 0))->claim = RETOUR_CLAIM_WITHDRAWAL;
      withdrawal = retour_policy_quote (policy, rma, reasons, &withdrawal_error);
      show_quote (self->withdrawal_row, self->withdrawal_label, withdrawal, withdrawal_error);
    }
}

static void
changed_cb (RetourPolicyPageExample *self)
{
  if (!self->populating)
    update (self);
}

void
retour_policy_page_example_set_context (RetourPolicyPageExample *self,
                                        RetourContext           *context)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE_EXAMPLE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

static void
set_draft (RetourPolicyPageSection *section,
           RetourPolicy            *policy,
           GPtrArray               *reasons)
{
  RetourPolicyPageExample *self = RETOUR_POLICY_PAGE_EXAMPLE (section);

  self->policy = policy;
  self->reasons = reasons;
  /* The old draft's reasons go: nothing may point at them any more. */
  g_ptr_array_set_size (self->offered_reasons, 0);

  /* The sample item keeps its price unless the currency changed. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->price_entry)) == '\0')
    {
      g_autofree char *price = retour_money_format (retour_money_init (4995, get_currency (self)));

      self->populating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->price_entry), price);
      self->populating = FALSE;
    }
}

static void
section_iface_init (RetourPolicyPageSectionInterface *iface)
{
  iface->set_draft = set_draft;
}

void
retour_policy_page_example_refresh (RetourPolicyPageExample *self)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE_EXAMPLE (self));

  if (self->policy == NULL)
    return;

  self->populating = TRUE;
  set_models (self);
  self->populating = FALSE;

  update (self);
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_example_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_POLICY_PAGE_EXAMPLE);

  G_OBJECT_CLASS (retour_policy_page_example_parent_class)->dispose (object);
}

static void
retour_policy_page_example_finalize (GObject *object)
{
  RetourPolicyPageExample *self = RETOUR_POLICY_PAGE_EXAMPLE (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->resolutions, g_array_unref);
  g_clear_pointer (&self->offered_reasons, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_policy_page_example_parent_class)->finalize (object);
}

static void
retour_policy_page_example_class_init (RetourPolicyPageExampleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_example_dispose;
  object_class->finalize = retour_policy_page_example_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-example.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, price_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, price_entry);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, days_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, days_label);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, category_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, reason_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, verdict_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, refund_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, refund_label);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, withdrawal_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageExample, withdrawal_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
retour_policy_page_example_init (RetourPolicyPageExample *self)
{
  self->resolutions = g_array_new (FALSE, FALSE, sizeof (RetourResolution));
  self->offered_reasons = g_ptr_array_new ();
  self->categories = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
