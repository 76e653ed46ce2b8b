/* retour-policy-page-law.c — the Right of Withdrawal group of the Policy
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-policy-page-law.h"
#include "retour-policy-page-private.h"
#include "retour-policy-page-section.h"

/* The countries whose law Retour knows, in the drop-down's order; the
 * last item is any other country (no code). */
static const char * const countries[] = { "NL", "FR", "DE", "PL" };
#define OTHER_COUNTRY G_N_ELEMENTS (countries)

struct _RetourPolicyPageLaw
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwComboRow         *country_row;
  GtkSwitch           *info_switch;
  GtkSwitch           *return_cost_switch;
  AdwComboRow         *partial_row;
  AdwActionRow        *delivery_row;
  GtkEntry            *delivery_entry;

  RetourPolicy        *policy;   /* the draft, not owned */
  char                *delivery_problem;
  gboolean             populating;
};

static void section_iface_init (RetourPolicyPageSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPolicyPageLaw, retour_policy_page_law, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_POLICY_PAGE_SECTION, section_iface_init))

static const char *
country_title (guint index)
{
  static const char * const names[] = {
    NC_("country", "Netherlands"),
    NC_("country", "France"),
    NC_("country", "Germany"),
    NC_("country", "Poland"),
  };

  if (index < G_N_ELEMENTS (names))
    return g_dpgettext2 (GETTEXT_PACKAGE, "country", names[index]);

  return C_("country", "Another country");
}

static guint
country_index (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_strcmp0 (code, countries[i]) == 0)
      return i;

  return OTHER_COUNTRY;
}

static gboolean
is_editing (RetourPolicyPageLaw *self)
{
  return self->policy != NULL && !self->populating;
}

static void
update (RetourPolicyPageLaw *self)
{
  _retour_policy_page_show_amount_problem (self->delivery_row, self->delivery_entry, self->delivery_problem,
                                           _("What an order paid above it is premium delivery, which a withdrawal does not refund. Empty: not set."));
}

static void
choice_changed_cb (RetourPolicyPageLaw *self)
{
  guint country = adw_combo_row_get_selected (self->country_row);
  guint partial = adw_combo_row_get_selected (self->partial_row);

  /* Nothing is selected for a moment while a drop-down changes models. */
  if (!is_editing (self) || country > OTHER_COUNTRY || partial > RETOUR_PARTIAL_SHIPPING_PRO_RATA)
    return;

  /* A country Retour does not list (set elsewhere) stays until another
   * one is picked. */
  if (country != country_index (self->policy->shop_country))
    {
      g_free (self->policy->shop_country);
      self->policy->shop_country = country < OTHER_COUNTRY ? g_strdup (countries[country]) : NULL;
    }
  self->policy->withdrawal_info_given = gtk_switch_get_active (self->info_switch);
  self->policy->withdrawal_return_cost_customer = gtk_switch_get_active (self->return_cost_switch);
  self->policy->partial_withdrawal_shipping = (RetourPartialShipping) partial;

  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static void
delivery_changed_cb (RetourPolicyPageLaw *self)
{
  g_autofree char *text = NULL;
  const char *currency;
  RetourMoney value;
  char *message = NULL;

  if (!is_editing (self))
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->delivery_entry))));
  currency = self->policy->return_shipping.currency;
  g_clear_pointer (&self->delivery_problem, g_free);

  if (*text == '\0')
    self->policy->standard_delivery = retour_money_init (-1, currency);
  else if (_retour_policy_page_parse_amount (text, currency, &value, &message))
    self->policy->standard_delivery = value;
  else
    self->delivery_problem = message;

  update (self);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static void
set_draft (RetourPolicyPageSection *section,
           RetourPolicy            *policy,
           GPtrArray               *reasons)
{
  RetourPolicyPageLaw *self = RETOUR_POLICY_PAGE_LAW (section);
  g_autofree char *delivery = NULL;

  self->policy = policy;
  if (policy->standard_delivery.minor >= 0)
    delivery = retour_money_format (policy->standard_delivery);

  self->populating = TRUE;

  g_clear_pointer (&self->delivery_problem, g_free);
  adw_combo_row_set_selected (self->country_row, country_index (policy->shop_country));
  gtk_switch_set_active (self->info_switch, policy->withdrawal_info_given);
  gtk_switch_set_active (self->return_cost_switch, policy->withdrawal_return_cost_customer);
  adw_combo_row_set_selected (self->partial_row, policy->partial_withdrawal_shipping);
  gtk_editable_set_text (GTK_EDITABLE (self->delivery_entry), delivery != NULL ? delivery : "");

  self->populating = FALSE;

  update (self);
}

static void
section_iface_init (RetourPolicyPageSectionInterface *iface)
{
  iface->set_draft = set_draft;
}

const char *
retour_policy_page_law_get_problem (RetourPolicyPageLaw *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE_LAW (self), NULL);

  return self->delivery_problem;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_law_dispose (GObject *object)
{
  RetourPolicyPageLaw *self = RETOUR_POLICY_PAGE_LAW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_POLICY_PAGE_LAW);
  g_clear_pointer (&self->delivery_problem, g_free);

  G_OBJECT_CLASS (retour_policy_page_law_parent_class)->dispose (object);
}

static void
retour_policy_page_law_class_init (RetourPolicyPageLawClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_law_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-law.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageLaw, country_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageLaw, info_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageLaw, return_cost_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageLaw, partial_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageLaw, delivery_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageLaw, delivery_entry);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, delivery_changed_cb);
}

static void
retour_policy_page_law_init (RetourPolicyPageLaw *self)
{
  g_autoptr(GtkStringList) country_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) partial_list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->populating = TRUE;
  for (guint i = 0; i <= OTHER_COUNTRY; i++)
    gtk_string_list_append (country_list, country_title (i));
  adw_combo_row_set_model (self->country_row, G_LIST_MODEL (country_list));
  for (RetourPartialShipping s = RETOUR_PARTIAL_SHIPPING_NONE; s <= RETOUR_PARTIAL_SHIPPING_PRO_RATA; s++)
    gtk_string_list_append (partial_list, retour_partial_shipping_get_label (s));
  adw_combo_row_set_model (self->partial_row, G_LIST_MODEL (partial_list));
  self->populating = FALSE;
}
