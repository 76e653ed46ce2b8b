/* retour-customer-section.c — who returns what they ordered, in the RMA
 * editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-customer-section.h"
#include "retour-customer-window.h"
#include "retour-label-store.h"
#include "retour-text.h"

struct _RetourCustomerSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwActionRow        *customer_row;
  GtkWidget           *address_row;
  GtkLabel            *address_label;
  AdwActionRow        *order_row;
  GtkWidget           *customer_arrow;

  RetourContext       *context;
  gint64               customer_id;
};

static void retour_customer_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourCustomerSection, retour_customer_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_customer_section_iface_init))

/* Where the parcel comes from, as the label prints it. Hidden when no
 * address is known. */
static void
show_address (RetourCustomerSection *self,
              RetourRma             *rma,
              RetourContext         *context)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;

  if (!retour_label_store_load_sender (retour_context_get_database (context), rma, &name, &lines, &error))
    {
      retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), error->message);
      gtk_widget_set_visible (self->address_row, FALSE);
      return;
    }

  if (lines[0] == NULL)
    {
      gtk_widget_set_visible (self->address_row, FALSE);
      return;
    }

  joined = g_strjoinv ("\n", lines);
  /* The name only when the parcel goes to someone else than the customer
   * named above it. */
  if (name != NULL && *name != '\0' && g_strcmp0 (name, rma->customer_name) != 0)
    text = g_strdup_printf ("%s\n%s", name, joined);
  else
    text = g_steal_pointer (&joined);
  /* As the storefront sent it: any length, any characters. */
  shown = retour_text_for_display (text, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);
  gtk_label_set_text (self->address_label, shown);
  gtk_widget_set_visible (self->address_row, TRUE);
}

static void
retour_customer_section_set_rma (RetourEditorSection     *section,
                                 RetourRma               *rma,
                                 RetourContext           *context,
                                 const RetourEditorTerms *terms)
{
  RetourCustomerSection *self = RETOUR_CUSTOMER_SECTION (section);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *order_number = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *order = NULL;
  g_autofree char *created = NULL;
  g_autofree char *created_text = NULL;

  if (rma == NULL)
    return;

  /* As the storefront sent them: any length, any characters. */
  name = retour_text_for_display (rma->customer_name, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  email = retour_text_for_display (rma->customer_email, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  phone = retour_text_for_display (rma->customer_phone, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  order_number = retour_text_for_display (rma->order_number, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 name != NULL ? name : _("Unknown customer"));
  if (email != NULL && phone != NULL)
    contact = g_strdup_printf ("%s · %s", email, phone);
  else
    contact = g_strdup (email != NULL ? email : phone);
  adw_action_row_set_subtitle (self->customer_row, contact != NULL ? contact : "");

  /* Their orders, returns and refunds, a click away. */
  g_set_object (&self->context, context);
  self->customer_id = rma->customer_id;
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->customer_row), rma->customer_id > 0);
  gtk_widget_set_visible (self->customer_arrow, rma->customer_id > 0);

  if (order_number != NULL)
    /* Translators: %s is the shop's order number. */
    order = g_strdup_printf (_("Order %s"), order_number);
  else
    order = g_strdup (_("Not from a known order"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->order_row), order);
  created = retour_context_format_time (context, rma->created_us, "%x");
  /* Translators: %s is a date. */
  created_text = g_strdup_printf (_("Return made on %s"), created);
  adw_action_row_set_subtitle (self->order_row, created_text);

  show_address (self, rma, context);
}

static void
customer_activated_cb (RetourCustomerSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RetourCustomerWindow *window;

  if (self->context == NULL || self->customer_id <= 0)
    return;

  window = retour_customer_window_new (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       self->customer_id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
retour_customer_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_customer_section_set_rma;
}

static void
retour_customer_section_dispose (GObject *object)
{
  g_clear_object (&RETOUR_CUSTOMER_SECTION (object)->context);
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_CUSTOMER_SECTION);

  G_OBJECT_CLASS (retour_customer_section_parent_class)->dispose (object);
}

static void
retour_customer_section_class_init (RetourCustomerSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_customer_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-customer-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerSection, customer_row);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerSection, customer_arrow);
  gtk_widget_class_bind_template_callback (widget_class, customer_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerSection, order_row);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerSection, address_row);
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerSection, address_label);
}

static void
retour_customer_section_init (RetourCustomerSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
