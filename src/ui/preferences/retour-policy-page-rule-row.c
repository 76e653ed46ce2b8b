/* retour-policy-page-rule-row.c — one category rule on the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-policy-page-rule-row.h"
#include "retour-preferences-scroll.h"
#include "retour-wrap-box.h"

/* The items of the drop-down, as in the template. */
enum {
  RULE_OWN_WINDOW,
  RULE_FINAL_SALE,
};

struct _RetourPolicyPageRuleRow
{
  AdwPreferencesRow    parent_instance;

  /* Template widgets */
  GtkLabel            *title_label;
  GtkSpinButton       *days_spin;
  GtkDropDown         *kind_dropdown;
  GtkDropDown         *exception_dropdown;
  GtkWidget           *remove_button;

  RetourCategoryRule  *rule;
  const RetourPolicy  *policy;
  gboolean             populating;
};

G_DEFINE_FINAL_TYPE (RetourPolicyPageRuleRow, retour_policy_page_rule_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
days_changed_cb (RetourPolicyPageRuleRow *self)
{
  if (self->populating)
    return;

  self->rule->window_days = gtk_spin_button_get_value_as_int (self->days_spin);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kind_changed_cb (RetourPolicyPageRuleRow *self)
{
  RetourCategoryRule *rule = self->rule;

  if (self->populating)
    return;

  rule->final_sale = gtk_drop_down_get_selected (self->kind_dropdown) == RULE_FINAL_SALE;
  if (!rule->final_sale && rule->window_days < 0)
    rule->window_days = (int) self->policy->window_days;
  gtk_widget_set_visible (GTK_WIDGET (self->days_spin), !rule->final_sale);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
exception_changed_cb (RetourPolicyPageRuleRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->exception_dropdown);

  if (self->populating || selected > RETOUR_EXCEPTION_PRESS)
    return;

  self->rule->exception = (RetourWithdrawalException) selected;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_clicked_cb (RetourPolicyPageRuleRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
populate (RetourPolicyPageRuleRow *self)
{
  const RetourCategoryRule *rule = self->rule;
  /* Categories come from the storefront's products, any length. */
  g_autofree char *category = retour_text_for_display (rule->category, RETOUR_TEXT_MAX_LINE,
                                                       RETOUR_TEXT_ONE_LINE);
  g_autofree char *remove_label = NULL;

  self->populating = TRUE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), category);
  gtk_label_set_text (self->title_label, category);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), category);
  gtk_spin_button_set_value (self->days_spin, rule->window_days >= 0 ? rule->window_days
                                                                     : (int) self->policy->window_days);
  gtk_widget_set_visible (GTK_WIDGET (self->days_spin), !rule->final_sale);
  gtk_drop_down_set_selected (self->kind_dropdown, rule->final_sale ? RULE_FINAL_SALE : RULE_OWN_WINDOW);
  gtk_drop_down_set_selected (self->exception_dropdown, rule->exception);

  /* Translators: %s is a product category. */
  remove_label = g_strdup_printf (_("Remove the Rule for “%s”"), category);
  gtk_widget_set_tooltip_text (self->remove_button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);

  self->populating = FALSE;
}

GtkWidget *
retour_policy_page_rule_row_new (RetourCategoryRule *rule,
                                 const RetourPolicy *policy)
{
  RetourPolicyPageRuleRow *self;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (policy != NULL, NULL);

  self = g_object_new (RETOUR_TYPE_POLICY_PAGE_RULE_ROW, NULL);
  self->rule = rule;
  self->policy = policy;
  populate (self);

  return GTK_WIDGET (self);
}

RetourCategoryRule *
retour_policy_page_rule_row_get_rule (RetourPolicyPageRuleRow *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE_RULE_ROW (self), NULL);

  return self->rule;
}

/* The drop-down's choice, cut short when the row is narrow (“final
 * sale, not returnable” is long in most languages); its list in full. */
static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkListItemFactory *
new_label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (ellipsize));

  return factory;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_rule_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_POLICY_PAGE_RULE_ROW);

  G_OBJECT_CLASS (retour_policy_page_rule_row_parent_class)->dispose (object);
}

static void
retour_policy_page_rule_row_class_init (RetourPolicyPageRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_rule_row_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-rule-row.ui");
  g_type_ensure (RETOUR_TYPE_WRAP_BOX);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRuleRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRuleRow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRuleRow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRuleRow, exception_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageRuleRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, days_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, exception_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
retour_policy_page_rule_row_init (RetourPolicyPageRuleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  {
    g_autoptr(GtkListItemFactory) shown = new_label_factory (TRUE);
    g_autoptr(GtkListItemFactory) listed = new_label_factory (FALSE);

    gtk_drop_down_set_factory (self->kind_dropdown, shown);
    gtk_drop_down_set_list_factory (self->kind_dropdown, listed);
    gtk_drop_down_set_factory (self->exception_dropdown, shown);
    gtk_drop_down_set_list_factory (self->exception_dropdown, listed);
  }

  {
    g_autoptr(GtkStringList) exceptions = gtk_string_list_new (NULL);

    self->populating = TRUE;
    for (RetourWithdrawalException e = RETOUR_EXCEPTION_NONE; e <= RETOUR_EXCEPTION_PRESS; e++)
      gtk_string_list_append (exceptions, retour_withdrawal_exception_get_label (e));
    gtk_drop_down_set_model (self->exception_dropdown, G_LIST_MODEL (exceptions));
    self->populating = FALSE;
  }

  /* Rows come and go with the categories: each lets the page scroll. */
  retour_preferences_let_page_scroll (GTK_WIDGET (self->days_spin));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->days_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* Translators: how many days a category's items may be returned. */
                                  _("Days to Return"), -1);
}
