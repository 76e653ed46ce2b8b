/* retour-policy-page-reasons.c — the Reasons group of the Policy page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-policy-page-private.h"
#include "retour-policy-page-section.h"
#include "retour-policy-page-reasons.h"
#include "retour-policy-store.h"
#include "retour-reason-row.h"

struct _RetourPolicyPageReasons
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *reasons_list;
  GtkWidget           *retired_list;
  AdwExpanderRow      *retired_row;
  GtkLabel            *reasons_error;

  RetourPolicy        *policy;         /* the draft, not owned */
  GPtrArray           *reasons;        /* the draft's, not owned, in the shop's order */
  GPtrArray           *rows;           /* RetourReasonRow*, as shown */
  GPtrArray           *retired_rows;   /* GtkWidget*, in retired_row */
  GHashTable          *expanded;       /* RetourReason* whose row is open */
};

static void section_iface_init (RetourPolicyPageSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPolicyPageReasons, retour_policy_page_reasons, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_POLICY_PAGE_SECTION, section_iface_init))

static void rebuild (RetourPolicyPageReasons *self,
                     RetourReason            *focus,
                     RetourReasonRowPart      target);

/* What the reason means for the money, under the draft policy. */
static char *
reason_summary (const RetourPolicy *policy,
                const RetourReason *reason)
{
  gboolean fee = policy->restocking_fee_kind != RETOUR_FEE_NONE && reason->restocking_fee;
  gboolean shipping = !retour_money_is_zero (policy->return_shipping);
  const char *who;

  if (reason->controllable)
    who = _("The shop’s responsibility: nothing deducted");
  else if (fee && shipping)
    who = _("The customer’s choice: restocking fee and return shipping deducted");
  else if (fee)
    who = _("The customer’s choice: restocking fee deducted");
  else if (shipping)
    who = _("The customer’s choice: return shipping deducted");
  else
    who = _("The customer’s choice: nothing deducted");

  if (reason->requires_photo)
    /* Translators: what a reason means, then that it needs a photo. */
    return g_strdup_printf (_("%s · Photo required"), who);

  return g_strdup (who);
}

static RetourReasonRow *
find_row (RetourPolicyPageReasons *self,
          const RetourReason      *reason)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      RetourReasonRow *row = g_ptr_array_index (self->rows, i);

      if (retour_reason_row_get_reason (row) == reason)
        return row;
    }

  return NULL;
}

/* The offered reason next to @index in @direction (-1 up, +1 down), or
 * G_MAXUINT at either end. */
static guint
neighbour (RetourPolicyPageReasons *self,
           guint                    index,
           int                      direction)
{
  for (int i = (int) index + direction; i >= 0 && i < (int) self->reasons->len; i += direction)
    if (!((RetourReason *) g_ptr_array_index (self->reasons, i))->retired)
      return (guint) i;

  return G_MAXUINT;
}

static guint
count_offered (RetourPolicyPageReasons *self)
{
  guint n = 0;

  for (guint i = 0; i < self->reasons->len; i++)
    if (!((RetourReason *) g_ptr_array_index (self->reasons, i))->retired)
      n++;

  return n;
}

static void
reason_move_cb (RetourPolicyPageReasons *self,
                int                      direction,
                RetourReasonRow         *row)
{
  RetourReason *reason = retour_reason_row_get_reason (row);
  RetourReasonRowPart target = direction < 0 ? RETOUR_REASON_ROW_PART_UP : RETOUR_REASON_ROW_PART_DOWN;
  guint index;
  guint other;

  if (!g_ptr_array_find (self->reasons, reason, &index))
    return;

  other = neighbour (self, index, direction);
  if (other == G_MAXUINT)
    return;

  self->reasons->pdata[index] = self->reasons->pdata[other];
  self->reasons->pdata[other] = reason;

  /* At the end the button goes insensitive: keep the focus on the row. */
  if (neighbour (self, other, direction) == G_MAXUINT)
    target = RETOUR_REASON_ROW_PART_ROW;

  rebuild (self, reason, target);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static void
reason_retire_cb (RetourPolicyPageReasons *self,
                  RetourReasonRow         *row)
{
  RetourReason *reason = retour_reason_row_get_reason (row);
  RetourReason *focus;
  guint index;
  guint next;

  if (!g_ptr_array_find (self->reasons, reason, &index) || count_offered (self) <= 1)
    return;

  next = neighbour (self, index, +1);
  if (next == G_MAXUINT)
    next = neighbour (self, index, -1);
  focus = next != G_MAXUINT ? g_ptr_array_index (self->reasons, next) : NULL;

  g_hash_table_remove (self->expanded, reason);
  /* One added in this draft is in no return yet: it simply goes. */
  if (reason->id == 0)
    g_ptr_array_remove_index (self->reasons, index);
  else
    reason->retired = TRUE;
  rebuild (self, focus, RETOUR_REASON_ROW_PART_ROW);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

/* The retired reasons' rows are made anew whenever the list changes, so
 * the place a row was made for is still the reason's. */
static void
offer_again_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RetourPolicyPageReasons *self = RETOUR_POLICY_PAGE_REASONS (widget);
  guint index = g_variant_get_uint32 (param);
  RetourReason *reason;

  if (self->reasons == NULL || index >= self->reasons->len)
    return;

  reason = g_ptr_array_index (self->reasons, index);
  reason->retired = FALSE;
  rebuild (self, reason, RETOUR_REASON_ROW_PART_ROW);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static void
reason_changed_cb (RetourPolicyPageReasons *self)
{
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static void
reason_expanded_cb (RetourPolicyPageReasons *self,
                    GParamSpec              *pspec,
                    RetourReasonRow         *row)
{
  RetourReason *reason = retour_reason_row_get_reason (row);

  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    g_hash_table_add (self->expanded, reason);
  else
    g_hash_table_remove (self->expanded, reason);
}

static GtkWidget *
new_reason_row (RetourPolicyPageReasons *self,
                RetourReason            *reason)
{
  GtkWidget *row = retour_reason_row_new (reason);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, reason));
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (reason_expanded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "changed", G_CALLBACK (reason_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (reason_move_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "retire", G_CALLBACK (reason_retire_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static GtkWidget *
new_retired_row (RetourReason *reason,
                 guint         index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Offer Again"));
  g_autofree char *title = retour_reason_row_format_title (reason);
  g_autofree char *label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "dim-label");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: %s is the name of a return reason. */
  label = g_strdup_printf (_("Offer “%s” Again"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reasons.offer-again");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
rebuild (RetourPolicyPageReasons *self,
         RetourReason            *focus,
         RetourReasonRowPart      target)
{
  RetourReasonRow *focus_row;

  _retour_policy_page_clear_list_box (self->reasons_list, NULL);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < self->retired_rows->len; i++)
    adw_expander_row_remove (self->retired_row, g_ptr_array_index (self->retired_rows, i));
  g_ptr_array_set_size (self->retired_rows, 0);

  for (guint i = 0; i < self->reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (self->reasons, i);

      if (reason->retired)
        {
          GtkWidget *row = new_retired_row (reason, i);

          adw_expander_row_add_row (self->retired_row, row);
          g_ptr_array_add (self->retired_rows, row);
        }
      else
        {
          GtkWidget *row = new_reason_row (self, reason);

          gtk_list_box_append (self->reasons_list, row);
          g_ptr_array_add (self->rows, row);
        }
    }

  gtk_widget_set_visible (self->retired_list, self->retired_rows->len > 0);

  focus_row = focus != NULL ? find_row (self, focus) : NULL;
  if (focus_row != NULL)
    retour_reason_row_focus (focus_row, target);
  else if (focus != NULL && focus->retired == FALSE)
    gtk_widget_grab_focus (GTK_WIDGET (self->reasons_list));
  else if (focus != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->retired_row));
}

void
retour_policy_page_reasons_add (RetourPolicyPageReasons *self)
{
  RetourReason *reason;

  g_return_if_fail (RETOUR_IS_POLICY_PAGE_REASONS (self));

  if (self->reasons == NULL)
    return;

  /* The store makes the code from the name when it saves. */
  reason = retour_reason_new ("", "", FALSE);
  g_ptr_array_add (self->reasons, reason);
  g_hash_table_add (self->expanded, reason);
  rebuild (self, reason, RETOUR_REASON_ROW_PART_NAME);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

/* Whether @a and @b would be taken for one reason (the store's rule: case
 * and accents aside). */
static gboolean
reasons_clash (const RetourReason *a,
               const RetourReason *b)
{
  g_autoptr(GPtrArray) pair = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  RetourReason *copy;

  copy = retour_reason_copy (a);
  copy->retired = FALSE;
  g_ptr_array_add (pair, copy);
  copy = retour_reason_copy (b);
  copy->retired = FALSE;
  g_ptr_array_add (pair, copy);

  return !retour_policy_store_validate_reasons (pair, NULL, NULL);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy == '\0';
}

/* Marks the reasons that cannot be saved; returns the first problem. */
char *
retour_policy_page_reasons_check (RetourPolicyPageReasons *self)
{
  g_autoptr(GError) error = NULL;
  char *first = NULL;
  guint offered;

  g_return_val_if_fail (RETOUR_IS_POLICY_PAGE_REASONS (self), NULL);

  if (self->reasons == NULL)
    return NULL;

  offered = count_offered (self);

  for (guint i = 0; i < self->rows->len; i++)
    {
      RetourReasonRow *row = g_ptr_array_index (self->rows, i);
      RetourReason *reason = retour_reason_row_get_reason (row);
      const char *problem = NULL;
      g_autofree char *summary = NULL;
      guint index = 0;

      if (is_blank (reason->label))
        problem = _("A reason needs a name");
      else
        for (guint j = 0; j < self->rows->len && problem == NULL; j++)
          {
            RetourReason *other = retour_reason_row_get_reason (g_ptr_array_index (self->rows, j));

            if (j != i && !is_blank (other->label) && reasons_clash (reason, other))
              problem = _("Another reason has this name");
          }

      summary = problem == NULL ? reason_summary (self->policy, reason) : NULL;
      retour_reason_row_set_problem (row, problem);
      retour_reason_row_set_summary (row, summary);

      g_ptr_array_find (self->reasons, reason, &index);
      retour_reason_row_set_can_move (row, neighbour (self, index, -1) != G_MAXUINT,
                                      neighbour (self, index, +1) != G_MAXUINT);
      retour_reason_row_set_can_retire (row, offered > 1);

      if (problem != NULL && first == NULL)
        first = g_strdup (problem);
    }

  if (first == NULL && !retour_policy_store_validate_reasons (self->reasons, NULL, &error))
    first = g_strdup (error->message);

  _retour_policy_page_show_group_error (self->reasons_error, first);

  return first;
}

static void
set_draft (RetourPolicyPageSection *section,
           RetourPolicy            *policy,
           GPtrArray               *reasons)
{
  RetourPolicyPageReasons *self = RETOUR_POLICY_PAGE_REASONS (section);

  /* The old draft's reasons go: nothing may point at them any more. */
  g_hash_table_remove_all (self->expanded);
  self->policy = policy;
  self->reasons = reasons;
  rebuild (self, NULL, RETOUR_REASON_ROW_PART_ROW);
}

static void
section_iface_init (RetourPolicyPageSectionInterface *iface)
{
  iface->set_draft = set_draft;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_reasons_dispose (GObject *object)
{
  RetourPolicyPageReasons *self = RETOUR_POLICY_PAGE_REASONS (object);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_POLICY_PAGE_REASONS);

  G_OBJECT_CLASS (retour_policy_page_reasons_parent_class)->dispose (object);
}

static void
retour_policy_page_reasons_finalize (GObject *object)
{
  RetourPolicyPageReasons *self = RETOUR_POLICY_PAGE_REASONS (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->retired_rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (retour_policy_page_reasons_parent_class)->finalize (object);
}

static void
retour_policy_page_reasons_class_init (RetourPolicyPageReasonsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_reasons_dispose;
  object_class->finalize = retour_policy_page_reasons_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-reasons.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageReasons, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageReasons, retired_list);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageReasons, retired_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageReasons, reasons_error);

  gtk_widget_class_install_action (widget_class, "reasons.offer-again", "u", offer_again_action);
}

static void
retour_policy_page_reasons_init (RetourPolicyPageReasons *self)
{
  self->rows = g_ptr_array_new ();
  self->retired_rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}
