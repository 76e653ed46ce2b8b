/* retour-customer-section.c — who returns what they ordered, in the RMA
 * editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-customer-export.h"
#include "retour-customer-section.h"
#include "retour-customer-window.h"
#include "retour-label-store.h"
#include "retour-privacy-store.h"
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
  GtkWidget           *data_button;

  RetourContext       *context;
  gint64               customer_id;   /* 0: none known */
  gboolean             anonymised;
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

/* Exporting is for every desk; anonymising, which rewrites history, for
 * the shop's owner (a server allows no one else). */
static void
update_actions (RetourCustomerSection *self)
{
  gboolean known = self->customer_id != 0 && self->context != NULL;
  gboolean owner = FALSE;

  self->anonymised = FALSE;
  if (known)
    {
      RetourDatabase *db = retour_context_get_database (self->context);
      g_autoptr(GError) error = NULL;

      owner = (retour_database_get_operator_roles (db) & RETOUR_OPERATOR_ROLE_OWNER) != 0;
      if (!retour_privacy_store_is_anonymised (db, self->customer_id, &self->anonymised, &error))
        g_debug ("Could not tell whether the customer was anonymised: %s", error->message);
    }

  gtk_widget_set_visible (self->data_button, known);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.export", known);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.anonymise", known && owner && !self->anonymised);
}

static void
export_response_cb (GtkNativeDialog       *chooser,
                    int                    response,
                    RetourCustomerSection *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *dir = NULL;

  if (response != GTK_RESPONSE_ACCEPT || self->context == NULL || self->customer_id == 0)
    goto out;

  folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  parent = folder != NULL ? g_file_get_path (folder) : NULL;
  if (parent == NULL)
    goto out;

  /* A folder of its own in the one chosen, named so that a second export
   * of the day stands beside the first. */
  now = g_date_time_new_from_unix_local (retour_context_now (self->context) / G_USEC_PER_SEC);
  stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  name = g_strdup_printf ("customer-%" G_GINT64_FORMAT "-%s", self->customer_id, stamp);
  dir = g_build_filename (parent, name, NULL);

  if (!retour_customer_export (retour_context_get_database (self->context), self->customer_id, dir,
                               retour_context_now (self->context), &error))
    retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), error->message);
  else
    {
      AdwMessageDialog *done;
      g_autofree char *body = NULL;

      /* Translators: %s is a folder. */
      body = g_strdup_printf (_("Written to %s: a summary to read (summary.pdf), the same as data "
                                "(customer.json), and their photos and labels. Hand it to the customer "
                                "safely, then delete it."), dir);
      done = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                         _("Customer Data Exported"), body));
      adw_message_dialog_add_response (done, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (done));
    }

out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
retour_customer_section_export (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  RetourCustomerSection *self = RETOUR_CUSTOMER_SECTION (widget);
  GtkFileChooserNative *chooser;

  if (self->customer_id == 0)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Customer Data"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
anonymise_response_cb (AdwMessageDialog      *dialog,
                       const char            *response,
                       RetourCustomerSection *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "anonymise") != 0 || self->context == NULL || self->customer_id == 0)
    return;

  if (!retour_privacy_store_anonymise (retour_context_get_database (self->context), self->customer_id,
                                       RETOUR_PRIVACY_ON_REQUEST, retour_context_get_actor (self->context),
                                       retour_context_now (self->context), &error))
    {
      retour_editor_section_emit_failed (RETOUR_EDITOR_SECTION (self), error->message);
      return;
    }

  /* The editor reads the return again as it does after any change made
   * elsewhere: its version moved on. */
  update_actions (self);
}

static void
retour_customer_section_anonymise (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  RetourCustomerSection *self = RETOUR_CUSTOMER_SECTION (widget);
  AdwMessageDialog *dialog;

  if (self->customer_id == 0)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Anonymise Customer?"),
                                                       _("Their name, e-mail address, phone number and addresses "
                                                         "are replaced everywhere by “Anonymised customer” and a "
                                                         "number. Notes on their returns, their photos and their "
                                                         "return labels are removed. Their orders, returns, refunds "
                                                         "and the stock stay, for the shop’s accounts. This cannot "
                                                         "be undone.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "anonymise", _("_Anonymise"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "anonymise", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (anonymise_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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

  g_set_object (&self->context, context);
  self->customer_id = rma != NULL ? rma->customer_id : 0;
  update_actions (self);
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
  RetourCustomerSection *self = RETOUR_CUSTOMER_SECTION (object);

  g_clear_object (&self->context);

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
  gtk_widget_class_bind_template_child (widget_class, RetourCustomerSection, data_button);

  gtk_widget_class_install_action (widget_class, "customer.export", NULL, retour_customer_section_export);
  gtk_widget_class_install_action (widget_class, "customer.anonymise", NULL, retour_customer_section_anonymise);
}

static void
retour_customer_section_init (RetourCustomerSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}
