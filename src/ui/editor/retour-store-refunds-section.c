/* retour-store-refunds-section.c — what the shop refunded of the order in
 * its own storefront admin, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-store-refunds-section.h"
#include "retour-sync-store.h"
#include "retour-text.h"

struct _RetourStoreRefundsSection
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows;   /* GtkWidget*, in the group */
};

static void retour_store_refunds_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourStoreRefundsSection, retour_store_refunds_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_store_refunds_section_iface_init))

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

static GtkWidget *
new_refund_row (RetourContext                *context,
                const RetourStorefrontRefund *refund)
{
  g_autofree char *items = describe_refund_items (refund);
  g_autofree char *amount = retour_money_format (refund->amount);
  g_autofree char *when = retour_context_format_time (context, refund->created_us, "%x");
  g_autofree char *reason = retour_text_for_display (refund->reason, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
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

  return row;
}

static void
retour_store_refunds_section_set_rma (RetourEditorSection     *section,
                                      RetourRma               *rma,
                                      RetourContext           *context,
                                      const RetourEditorTerms *terms)
{
  RetourStoreRefundsSection *self = RETOUR_STORE_REFUNDS_SECTION (section);
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (rma != NULL && rma->order_id != 0)
    refunds = retour_sync_store_list_storefront_refunds (retour_context_get_database (context),
                                                         rma->order_id, &error);
  if (error != NULL)
    retour_editor_section_emit_failed (section, error->message);

  for (guint i = 0; refunds != NULL && i < refunds->len; i++)
    {
      GtkWidget *row = new_refund_row (context, g_ptr_array_index (refunds, i));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

static void
retour_store_refunds_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_store_refunds_section_set_rma;
}

static void
retour_store_refunds_section_finalize (GObject *object)
{
  RetourStoreRefundsSection *self = RETOUR_STORE_REFUNDS_SECTION (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_store_refunds_section_parent_class)->finalize (object);
}

static void
retour_store_refunds_section_class_init (RetourStoreRefundsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = retour_store_refunds_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-store-refunds-section.ui");
}

static void
retour_store_refunds_section_init (RetourStoreRefundsSection *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
