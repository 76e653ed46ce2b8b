/* retour-policy-page.c — the Policy page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shell over the page's groups. It holds the draft (a RetourPolicy and
 * the list of RetourReason) and what is saved, shows the return window,
 * the resolutions and the refund methods itself, and gives the draft to
 * its sections (RetourPolicyPageSection, retour-policy-page-<group>.c):
 * Right of Withdrawal, Categories, Refunds and Reasons edit the rest in
 * place, the Example judges a sample return by it. After each change the
 * draft is checked, compared with what is saved and run through the
 * Example. Text that is not a valid amount stays in its entry, marked,
 * and the draft keeps the last valid value: the page is then modified but
 * cannot be saved.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-policy-page.h"
#include "retour-policy-page-categories.h"
#include "retour-policy-page-example.h"
#include "retour-policy-page-history.h"
#include "retour-policy-page-law.h"
#include "retour-policy-page-private.h"
#include "retour-policy-page-reasons.h"
#include "retour-policy-page-refunds.h"
#include "retour-policy-page-section.h"
#include "retour-policy-store.h"
#include "retour-toast.h"

struct _RetourPolicyPage
{
  AdwPreferencesPage          parent_instance;

  /* Template widgets */
  GtkSpinButton              *window_spin;
  AdwComboRow                *window_from_row;
  RetourPolicyPageLaw        *law;
  RetourPolicyPageCategories *categories;
  AdwPreferencesGroup        *resolutions_group;
  AdwPreferencesGroup        *methods_group;
  RetourPolicyPageRefunds    *refunds;
  RetourPolicyPageReasons    *reasons_group;
  RetourPolicyPageExample    *example;
  RetourPolicyPageHistory    *history;

  GtkSwitch                  *resolution_switches[N_RESOLUTIONS];
  GtkSwitch                  *method_switches[N_METHODS];
  GtkLabel                   *resolutions_error;
  GtkLabel                   *methods_error;

  RetourContext              *context;
  RetourPolicy               *saved_policy;
  GPtrArray                  *saved_reasons;   /* RetourReason*, retired ones too */
  RetourPolicy               *draft;
  GPtrArray                  *reasons;         /* the draft's, in the shop's order */

  char                       *problem;
  gboolean                    modified;
  gboolean                    can_save;
  gboolean                    populating;
};

G_DEFINE_FINAL_TYPE (RetourPolicyPage, retour_policy_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_MODIFIED,
  PROP_CAN_SAVE,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RetourDatabase *
get_db (RetourPolicyPage *self)
{
  return retour_context_get_database (self->context);
}

static void
toast (RetourPolicyPage *self,
       const char       *message)
{
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);
}

/* The draft --------------------------------------------------------------- */

static gboolean
reasons_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const RetourReason *x = g_ptr_array_index (a, i);
      const RetourReason *y = g_ptr_array_index (b, i);
      g_autofree char *x_label = g_strstrip (g_strdup (x->label != NULL ? x->label : ""));
      g_autofree char *y_label = g_strstrip (g_strdup (y->label != NULL ? y->label : ""));

      if (x->id != y->id || strcmp (x_label, y_label) != 0 ||
          x->controllable != y->controllable || x->restocking_fee != y->restocking_fee ||
          x->requires_photo != y->requires_photo || x->retired != y->retired)
        return FALSE;
      for (guint j = 0; j < RETOUR_N_CUSTOMER_LANGUAGES; j++)
        if (g_strcmp0 (x->customer_names[j], y->customer_names[j]) != 0)
          return FALSE;
    }

  return TRUE;
}

static void
set_problem (char       **first,
             const char  *problem)
{
  if (*first == NULL && problem != NULL)
    *first = g_strdup (problem);
}

/* After every change to the draft: marks what is wrong, decides whether
 * the draft can be saved, and runs the example again. */
static void
draft_changed (RetourPolicyPage *self)
{
  RetourPolicy *draft = self->draft;
  g_autofree char *reasons_problem = NULL;
  g_autoptr(GError) error = NULL;
  char *problem = NULL;
  const char *resolutions_problem = NULL;
  const char *methods_problem = NULL;
  gboolean modified;
  gboolean can_save;

  if (draft == NULL)
    return;

  if ((draft->allowed_resolutions & RETOUR_RESOLUTION_MASK (RETOUR_RESOLUTION_REFUND)) != 0 &&
      draft->allowed_refund_methods == 0)
    methods_problem = _("Refunds are offered: allow at least one way to pay them");
  if (draft->allowed_resolutions == 0)
    resolutions_problem = _("Offer at least one resolution");
  _retour_policy_page_show_group_error (self->resolutions_error, resolutions_problem);
  _retour_policy_page_show_group_error (self->methods_error, methods_problem);

  reasons_problem = retour_policy_page_reasons_check (self->reasons_group);

  /* The policy is the owner's: another operator may try changes out (the
   * example follows them) but the save bar says why it cannot save. */
  if (self->context != NULL &&
      (retour_database_get_operator_roles (get_db (self)) & RETOUR_OPERATOR_ROLE_OWNER) == 0)
    set_problem (&problem, _("Only the shop’s owner may change the policy."));
  set_problem (&problem, retour_policy_page_law_get_problem (self->law));
  set_problem (&problem, retour_policy_page_refunds_get_problem (self->refunds));
  set_problem (&problem, resolutions_problem);
  set_problem (&problem, methods_problem);
  set_problem (&problem, reasons_problem);
  if (problem == NULL && !retour_policy_validate (draft, &error))
    problem = g_strdup (error->message);

  if (g_strcmp0 (problem, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  else
    g_free (problem);

  modified = !retour_policy_equal (self->saved_policy, draft) ||
             !reasons_equal (self->saved_reasons, self->reasons) ||
             retour_policy_page_refunds_has_refused_text (self->refunds) ||
             retour_policy_page_law_get_problem (self->law) != NULL;
  can_save = modified && problem == NULL;

  if (!self->populating)
    retour_policy_page_example_refresh (self->example);

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  if (can_save != self->can_save)
    {
      self->can_save = can_save;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
    }
}

static void
section_changed_cb (RetourPolicyPage *self)
{
  if (!self->populating)
    draft_changed (self);
}

/* Return window, resolutions, refund methods ------------------------------ */

static const char *
refund_method_title (RetourRefundMethod method)
{
  switch (method)
    {
    case RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT:
      return C_("refund method", "_Original Payment Method");
    case RETOUR_REFUND_METHOD_BANK_TRANSFER:
      return C_("refund method", "_Bank Transfer");
    case RETOUR_REFUND_METHOD_CASH:
      return C_("refund method", "_Cash");
    case RETOUR_REFUND_METHOD_STORE_CREDIT:
      return C_("refund method", "_Store Credit");
    case RETOUR_REFUND_METHOD_NONE:
    default:
      return NULL;
    }
}

static void
offers_changed_cb (RetourPolicyPage *self)
{
  if (self->populating)
    return;

  self->draft->allowed_resolutions = _retour_policy_page_read_switches (self->resolution_switches, N_RESOLUTIONS,
                                                                        RETOUR_RESOLUTION_REFUND);
  self->draft->allowed_refund_methods = _retour_policy_page_read_switches (self->method_switches, N_METHODS,
                                                                           RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT);
  draft_changed (self);
}

static GtkLabel *
new_group_error (AdwPreferencesGroup *group)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (group, label);

  return GTK_LABEL (label);
}

static void
build_switch_rows (RetourPolicyPage *self)
{
  for (RetourResolution r = RETOUR_RESOLUTION_REFUND; r <= RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      GtkWidget *row;
      const char *subtitle = r == RETOUR_RESOLUTION_KEEP_IT
                             ? _("The customer keeps items worth less than the keep-it threshold")
                             : NULL;

      self->resolution_switches[r] = _retour_policy_page_new_switch_row (_retour_policy_page_resolution_title (r),
                                                                         subtitle, &row);
      g_signal_connect_object (self->resolution_switches[r], "notify::active",
                               G_CALLBACK (offers_changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->resolutions_group, row);
    }
  self->resolutions_error = new_group_error (self->resolutions_group);

  for (RetourRefundMethod m = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT; m <= RETOUR_REFUND_METHOD_STORE_CREDIT; m++)
    {
      GtkWidget *row;

      self->method_switches[m] = _retour_policy_page_new_switch_row (refund_method_title (m), NULL, &row);
      g_signal_connect_object (self->method_switches[m], "notify::active",
                               G_CALLBACK (offers_changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->methods_group, row);
    }
  self->methods_error = new_group_error (self->methods_group);
}

static void
window_changed_cb (RetourPolicyPage *self)
{
  if (self->populating)
    return;

  self->draft->window_days = (guint) gtk_spin_button_get_value_as_int (self->window_spin);
  draft_changed (self);
}

static const char *
window_from_explanation (RetourWindowFrom from)
{
  switch (from)
    {
    case RETOUR_WINDOW_FROM_DELIVERY:
      return _("When the delivery date is not known, from dispatch, else from the order date");
    case RETOUR_WINDOW_FROM_FULFILMENT:
      return _("When the dispatch date is not known, from the order date");
    case RETOUR_WINDOW_FROM_ORDER:
    default:
      return _("From the day the customer ordered, whenever the parcel arrived");
    }
}

static void
window_from_changed_cb (RetourPolicyPage *self)
{
  guint selected = adw_combo_row_get_selected (self->window_from_row);

  if (selected > RETOUR_WINDOW_FROM_ORDER)
    return;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->window_from_row),
                               window_from_explanation ((RetourWindowFrom) selected));

  if (self->populating)
    return;

  self->draft->window_from = (RetourWindowFrom) selected;
  draft_changed (self);
}

void
retour_policy_page_refresh_history (RetourPolicyPage *self)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE (self));

  retour_policy_page_history_refresh (self->history);
}

/* Loading and saving ------------------------------------------------------ */

/* Shows the draft in every widget. */
static void
populate (RetourPolicyPage *self)
{
  RetourPolicy *draft = self->draft;
  RetourPolicyPageSection *sections[] = {
    RETOUR_POLICY_PAGE_SECTION (self->law),
    RETOUR_POLICY_PAGE_SECTION (self->categories),
    RETOUR_POLICY_PAGE_SECTION (self->refunds),
    RETOUR_POLICY_PAGE_SECTION (self->reasons_group),
    RETOUR_POLICY_PAGE_SECTION (self->example),
  };

  self->populating = TRUE;

  gtk_spin_button_set_value (self->window_spin, draft->window_days);
  adw_combo_row_set_selected (self->window_from_row, draft->window_from);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->window_from_row), window_from_explanation (draft->window_from));
  _retour_policy_page_write_switches (self->resolution_switches, N_RESOLUTIONS, draft->allowed_resolutions);
  _retour_policy_page_write_switches (self->method_switches, N_METHODS, draft->allowed_refund_methods);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    retour_policy_page_section_set_draft (sections[i], draft, self->reasons);

  self->populating = FALSE;

  draft_changed (self);
}

/* Reads the saved policy and reasons; the draft starts over from them. */
static gboolean
load (RetourPolicyPage  *self,
      GError           **error)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GPtrArray) draft_reasons = NULL;

  policy = retour_policy_store_load_current (get_db (self), error);
  if (policy == NULL)
    return FALSE;
  reasons = retour_policy_store_list_reasons (get_db (self), TRUE, error);
  if (reasons == NULL)
    return FALSE;

  draft_reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  for (guint i = 0; i < reasons->len; i++)
    g_ptr_array_add (draft_reasons, retour_reason_copy (g_ptr_array_index (reasons, i)));

  g_clear_pointer (&self->saved_policy, retour_policy_free);
  g_clear_pointer (&self->draft, retour_policy_free);
  g_clear_pointer (&self->saved_reasons, g_ptr_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  self->draft = retour_policy_copy (policy);
  self->saved_policy = g_steal_pointer (&policy);
  self->saved_reasons = g_steal_pointer (&reasons);
  self->reasons = g_steal_pointer (&draft_reasons);

  populate (self);

  return TRUE;
}

static void
load_or_complain (RetourPolicyPage *self)
{
  g_autoptr(GError) error = NULL;

  if (load (self, &error))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
      return;
    }

  /* Nothing to edit: better a page that cannot be used than one that
   * would save a policy made up here. */
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), error->message);
  toast (self, error->message);
}

gboolean
retour_policy_page_save (RetourPolicyPage *self)
{
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  gboolean new_version = FALSE;

  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE (self), FALSE);

  if (self->draft == NULL)
    return FALSE;

  if (!self->can_save)
    {
      if (self->problem != NULL)
        toast (self, self->problem);
      return !self->modified;
    }

  /* Copies: when the save fails, the draft is exactly as it was. */
  policy = retour_policy_copy (self->draft);
  reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  for (guint i = 0; i < self->reasons->len; i++)
    g_ptr_array_add (reasons, retour_reason_copy (g_ptr_array_index (self->reasons, i)));

  if (!retour_policy_store_save (get_db (self), policy, reasons,
                                 retour_context_get_actor (self->context),
                                 retour_context_now (self->context),
                                 &new_version, &error))
    {
      /* Translators: %s says why, e.g. “The database is locked”. */
      g_autofree char *message = g_strdup_printf (_("The policy was not saved: %s"), error->message);

      toast (self, message);
      return FALSE;
    }

  toast (self, new_version ? _("Policy saved. New returns follow it; existing returns keep theirs.")
                           : _("Reasons saved"));

  load_or_complain (self);
  retour_policy_page_refresh_history (self);

  return TRUE;
}

void
retour_policy_page_discard (RetourPolicyPage *self)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE (self));

  if (self->context != NULL)
    load_or_complain (self);
}

gboolean
retour_policy_page_get_modified (RetourPolicyPage *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE (self), FALSE);

  return self->modified;
}

gboolean
retour_policy_page_get_can_save (RetourPolicyPage *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE (self), FALSE);

  return self->can_save;
}

const char *
retour_policy_page_get_problem (RetourPolicyPage *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE (self), NULL);

  return self->problem;
}

RetourContext *
retour_policy_page_get_context (RetourPolicyPage *self)
{
  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE (self), NULL);

  return self->context;
}

void
retour_policy_page_set_context (RetourPolicyPage *self,
                                RetourContext    *context)
{
  g_return_if_fail (RETOUR_IS_POLICY_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  retour_policy_page_categories_set_context (self->categories, context);
  retour_policy_page_example_set_context (self->example, context);
  retour_policy_page_history_set_context (self->history, context);
  load_or_complain (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
add_reason_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  RetourPolicyPage *self = RETOUR_POLICY_PAGE (widget);

  retour_policy_page_reasons_add (self->reasons_group);
}

/* GObject ----------------------------------------------------------------- */

static void
retour_policy_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_POLICY_PAGE);

  G_OBJECT_CLASS (retour_policy_page_parent_class)->dispose (object);
}

static void
retour_policy_page_finalize (GObject *object)
{
  RetourPolicyPage *self = RETOUR_POLICY_PAGE (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->saved_policy, retour_policy_free);
  g_clear_pointer (&self->draft, retour_policy_free);
  g_clear_pointer (&self->saved_reasons, g_ptr_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (retour_policy_page_parent_class)->finalize (object);
}

static void
retour_policy_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RetourPolicyPage *self = RETOUR_POLICY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_policy_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RetourPolicyPage *self = RETOUR_POLICY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_policy_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_policy_page_class_init (RetourPolicyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (RETOUR_TYPE_POLICY_PAGE_CATEGORIES);
  g_type_ensure (RETOUR_TYPE_POLICY_PAGE_EXAMPLE);
  g_type_ensure (RETOUR_TYPE_POLICY_PAGE_HISTORY);
  g_type_ensure (RETOUR_TYPE_POLICY_PAGE_LAW);
  g_type_ensure (RETOUR_TYPE_POLICY_PAGE_REASONS);
  g_type_ensure (RETOUR_TYPE_POLICY_PAGE_REFUNDS);

  object_class->dispose = retour_policy_page_dispose;
  object_class->finalize = retour_policy_page_finalize;
  object_class->get_property = retour_policy_page_get_property;
  object_class->set_property = retour_policy_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-policy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, window_spin);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, window_from_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, law);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, categories);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, resolutions_group);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, methods_group);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, refunds);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, reasons_group);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, example);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPage, history);
  gtk_widget_class_bind_template_callback (widget_class, window_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, window_from_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_changed_cb);

  gtk_widget_class_install_action (widget_class, "policy.add-reason", NULL, add_reason_action);
}

static void
retour_policy_page_init (RetourPolicyPage *self)
{
  g_autoptr(GtkStringList) window_from = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Until there is a policy to show, nothing reacts. */
  self->populating = TRUE;

  for (RetourWindowFrom f = RETOUR_WINDOW_FROM_DELIVERY; f <= RETOUR_WINDOW_FROM_ORDER; f++)
    gtk_string_list_append (window_from, retour_window_from_get_label (f));
  adw_combo_row_set_model (self->window_from_row, G_LIST_MODEL (window_from));

  build_switch_rows (self);

  self->populating = FALSE;
}
