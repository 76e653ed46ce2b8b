/* retour-policy-page-categories.c — the Categories group of the Policy
 * page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-catalog-store.h"
#include "retour-policy-page-categories.h"
#include "retour-policy-page-private.h"
#include "retour-policy-page-section.h"
#include "retour-policy-page-rule-row.h"

#define KNOWN_CATEGORIES 200

struct _RetourPolicyPageCategories
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *categories_list;
  AdwEntryRow         *add_category_row;
  GtkWidget           *known_categories_button;
  GtkPopover          *known_categories_popover;
  GtkListBox          *known_categories_list;
  GtkLabel            *categories_error;

  RetourPolicy        *policy;   /* the draft, not owned */
  GPtrArray           *known;    /* char*, as listed in the popover */
};

static void section_iface_init (RetourPolicyPageSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourPolicyPageCategories, retour_policy_page_categories, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_POLICY_PAGE_SECTION, section_iface_init))

static void rebuild (RetourPolicyPageCategories *self,
                     guint                       focus_index);

static void
show_problem (RetourPolicyPageCategories *self,
              const char                 *problem)
{
  _retour_policy_page_set_css_class (self->add_category_row, "error", problem != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_category_row), problem);
  _retour_policy_page_show_group_error (self->categories_error, problem);
}

static void
rule_changed_cb (RetourPolicyPageCategories *self)
{
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

static void
rule_remove_cb (RetourPolicyPageCategories *self,
                RetourPolicyPageRuleRow    *row)
{
  guint index;

  if (!g_ptr_array_find (self->policy->category_rules, retour_policy_page_rule_row_get_rule (row), &index))
    return;

  g_ptr_array_remove_index (self->policy->category_rules, index);
  rebuild (self, index);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));
}

/* Shows the draft's rules above the row that adds one; the focus goes
 * to the rule at @focus_index (or the next one up, or the add row) when
 * it is not G_MAXUINT. */
static void
rebuild (RetourPolicyPageCategories *self,
         guint                       focus_index)
{
  GPtrArray *rules = self->policy->category_rules;
  GtkWidget *focus = NULL;

  _retour_policy_page_clear_list_box (self->categories_list, GTK_WIDGET (self->add_category_row));

  for (guint i = 0; i < rules->len; i++)
    {
      GtkWidget *row = retour_policy_page_rule_row_new (g_ptr_array_index (rules, i), self->policy);

      g_signal_connect_object (row, "changed", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (rule_remove_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_insert (self->categories_list, row, (int) i);
      if (focus_index != G_MAXUINT && (i == focus_index || (focus_index >= rules->len && i + 1 == rules->len)))
        focus = row;
    }

  if (focus_index != G_MAXUINT)
    gtk_widget_grab_focus (focus != NULL ? focus : GTK_WIDGET (self->add_category_row));
}

static gboolean
add_rule (RetourPolicyPageCategories *self,
          const char                 *category)
{
  g_autofree char *name = g_strstrip (g_strdup (category));
  g_autofree char *problem = NULL;

  if (self->policy == NULL)
    return FALSE;

  if (*name == '\0')
    problem = g_strdup (_("Type the name of a category"));
  else if (retour_policy_get_category_rule (self->policy, name) != NULL)
    {
      g_autofree char *shown = retour_text_for_display (name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

      /* Translators: %s is a product category. */
      problem = g_strdup_printf (_("“%s” has a rule already"), shown);
    }

  show_problem (self, problem);
  if (problem != NULL)
    return FALSE;

  g_ptr_array_add (self->policy->category_rules,
                   retour_category_rule_new (name, (int) self->policy->window_days, FALSE));
  rebuild (self, G_MAXUINT);
  retour_policy_page_section_changed (RETOUR_POLICY_PAGE_SECTION (self));

  return TRUE;
}

static void
add_category_cb (RetourPolicyPageCategories *self)
{
  if (add_rule (self, gtk_editable_get_text (GTK_EDITABLE (self->add_category_row))))
    gtk_editable_set_text (GTK_EDITABLE (self->add_category_row), "");
}

static void
add_category_changed_cb (RetourPolicyPageCategories *self)
{
  show_problem (self, NULL);
}

static void
known_category_activated_cb (RetourPolicyPageCategories *self,
                             GtkListBoxRow              *row)
{
  int index = gtk_list_box_row_get_index (row);

  gtk_popover_popdown (self->known_categories_popover);
  if (index >= 0 && (guint) index < self->known->len)
    add_rule (self, g_ptr_array_index (self->known, index));
}

void
retour_policy_page_categories_set_context (RetourPolicyPageCategories *self,
                                           RetourContext              *context)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_POLICY_PAGE_CATEGORIES (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  _retour_policy_page_clear_list_box (self->known_categories_list, NULL);
  g_ptr_array_set_size (self->known, 0);

  /* Only a help to type less: without it, any name can still be typed. */
  categories = retour_catalog_store_list_categories (retour_context_get_database (context), KNOWN_CATEGORIES,
                                                     &error);
  if (categories == NULL)
    g_debug ("Categories of the catalog not read: %s", error->message);

  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const char *category = g_ptr_array_index (categories, i);
      g_autofree char *shown = retour_text_for_display (category, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
      GtkWidget *label = gtk_label_new (shown);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_append (self->known_categories_list, row);
      g_ptr_array_add (self->known, g_strdup (category));
    }

  gtk_widget_set_visible (self->known_categories_button, self->known->len > 0);
}

static void
set_draft (RetourPolicyPageSection *section,
           RetourPolicy            *policy,
           GPtrArray               *reasons)
{
  RetourPolicyPageCategories *self = RETOUR_POLICY_PAGE_CATEGORIES (section);

  self->policy = policy;
  show_problem (self, NULL);
  rebuild (self, G_MAXUINT);
}

static void
section_iface_init (RetourPolicyPageSectionInterface *iface)
{
  iface->set_draft = set_draft;
}

/* GObject ------------------------------------------------------------------ */

static void
retour_policy_page_categories_dispose (GObject *object)
{
  RetourPolicyPageCategories *self = RETOUR_POLICY_PAGE_CATEGORIES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_POLICY_PAGE_CATEGORIES);
  g_clear_pointer (&self->known, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_policy_page_categories_parent_class)->dispose (object);
}

static void
retour_policy_page_categories_class_init (RetourPolicyPageCategoriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_policy_page_categories_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-policy-page-categories.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageCategories, categories_list);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageCategories, add_category_row);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageCategories, known_categories_button);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageCategories, known_categories_popover);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageCategories, known_categories_list);
  gtk_widget_class_bind_template_child (widget_class, RetourPolicyPageCategories, categories_error);
  gtk_widget_class_bind_template_callback (widget_class, add_category_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, known_category_activated_cb);
}

static void
retour_policy_page_categories_init (RetourPolicyPageCategories *self)
{
  self->known = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
