/* retour-rma-editor.c — one return, to read and to change: the shell over
 * the editor's sections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-carrier-label-dialog.h"
#include "retour-customer-section.h"
#include "retour-desk.h"
#include "retour-editor-section.h"
#include "retour-history-section.h"
#include "retour-law-documents-data.h"
#include "retour-lines-section.h"
#include "retour-pdf-file.h"
#include "retour-request-section.h"
#include "retour-photos-section.h"
#include "retour-policy-store.h"
#include "retour-resolution-section.h"
#include "retour-rights-section.h"
#include "retour-rma-editor.h"
#include "retour-rma-store.h"
#include "retour-status-tag.h"
#include "retour-store-refunds-section.h"
#include "retour-text.h"

#define N_SECTIONS 8

struct _RetourRmaEditor
{
  AdwBin                     parent_instance;

  /* Template widgets */
  GtkStack                  *stack;
  AdwStatusPage             *error_page;
  GtkWidget                 *back_button;
  GtkLabel                  *title_label;
  GtkLabel                  *status_label;
  GtkRevealer               *error_revealer;
  GtkLabel                  *error_label;
  GtkWidget                 *theirs_button;
  GtkScrolledWindow         *scrolled_window;
  GtkWidget                 *steps_box;
  GtkButton                 *next_step_button;
  GtkWidget                 *other_steps_button;
  GtkWidget                 *other_steps_child;
  GtkWidget                 *label_button;
  GtkWidget                 *label_child;
  GtkWidget                 *carrier_label_child;
  GMenu                     *other_steps_section;
  RetourCustomerSection     *customer_section;
  RetourLinesSection        *lines_section;
  RetourRightsSection       *rights_section;
  RetourStoreRefundsSection *store_refunds_section;
  RetourRequestSection      *request_section;
  RetourPhotosSection       *photos_section;
  RetourResolutionSection   *resolution_section;
  RetourHistorySection      *history_section;

  /* The sections above, in the order they are filled. */
  RetourEditorSection       *sections[N_SECTIONS];

  RetourContext             *context;
  RetourRma                 *rma;      /* the working copy, which the sections edit */
  RetourRma                 *saved;    /* as last read */
  RetourPolicy              *policy;   /* the one the return was made under */
  GPtrArray                 *reasons;  /* RetourReason*, retired ones too */
  gboolean                   dirty;
  RetourLawDocument          asked;    /* the document the save dialog is for, */
  gint64                     asked_id; /* and its return */
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RetourRmaEditor, retour_rma_editor, ADW_TYPE_BIN)

static gboolean load (RetourRmaEditor *self,
                      gint64           id);

static RetourDatabase *
get_db (RetourRmaEditor *self)
{
  return retour_context_get_database (self->context);
}

static void
show_error (RetourRmaEditor *self,
            const char      *message)
{
  /* A message may quote what a storefront or a person wrote. */
  g_autofree char *shown = retour_text_for_display (message, RETOUR_TEXT_MAX_NOTE, RETOUR_TEXT_MULTILINE);

  gtk_label_set_text (self->error_label, shown);
  gtk_widget_set_visible (self->theirs_button, FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
hide_error (RetourRmaEditor *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (self->theirs_button, FALSE);
}

/* A store call failed. A shared database that cannot be reached is said
 * by the window, which offers to try again; the form stays as it is. A
 * return another desk saved first offers their version. */
static void
show_store_error (RetourRmaEditor *self,
                  const GError    *error)
{
  if (g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE) &&
      gtk_widget_activate_action (GTK_WIDGET (self), "win.offline", NULL))
    {
      hide_error (self);
      return;
    }

  show_error (self, error->message);
  gtk_widget_set_visible (self->theirs_button,
                          g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONFLICT));
}

/* Unsaved when a section says so; Save is offered only then. */
static void
update_dirty (RetourRmaEditor *self)
{
  self->dirty = FALSE;
  for (guint i = 0; self->rma != NULL && i < N_SECTIONS; i++)
    self->dirty |= retour_editor_section_changed (self->sections[i]);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->dirty);
}

/* The law's documents as the form stands: an acknowledgement once a
 * notice of withdrawal is recorded for an item withdrawn, a repair
 * notice for an item under the legal guarantee, the model form always. */
static void
update_documents (RetourRmaEditor *self)
{
  RetourRma *rma = self->rma;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.withdrawal-form", rma != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.acknowledgement",
                                 rma != NULL && rma->declared_us != 0 &&
                                 rma->declared_via != RETOUR_DECLARATION_NONE &&
                                 retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.repair-notice",
                                 rma != NULL && retour_rma_has_claim (rma, RETOUR_CLAIM_CONFORMITY));
}

/* Gives every section @rma (NULL: none). */
static void
set_sections (RetourRmaEditor         *self,
              RetourRma               *rma,
              const RetourEditorTerms *terms)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    retour_editor_section_set_rma (self->sections[i], rma, self->context, terms);
}

/* Gathers every section's edits into the working copy; FALSE with the
 * first field that is not valid. */
static gboolean
apply_sections (RetourRmaEditor  *self,
                GError          **error)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    if (!retour_editor_section_apply (self->sections[i], self->rma, error))
      return FALSE;

  return TRUE;
}

static void
clear_rma (RetourRmaEditor *self)
{
  set_sections (self, NULL, NULL);
  g_clear_pointer (&self->rma, retour_rma_free);
  g_clear_pointer (&self->saved, retour_rma_free);
  update_dirty (self);
  update_documents (self);
}

/* The header ---------------------------------------------------------------- */

static void
populate_steps (RetourRmaEditor *self)
{
  RetourRmaStatus allowed[RETOUR_RMA_N_STATUSES];
  RetourRmaStatus next[RETOUR_RMA_N_STATUSES];
  guint n_allowed = retour_lifecycle_next (self->rma->status, allowed);
  RetourOperatorRoles roles = retour_database_get_operator_roles (retour_context_get_database (self->context));
  gboolean label = self->rma->status == RETOUR_RMA_STATUS_AUTHORIZED ||
                   self->rma->status == RETOUR_RMA_STATUS_IN_TRANSIT;
  guint n = 0;

  /* Only the steps the operator's role may take: on a shared database the
   * server would refuse the others (a warehouse desk does not resolve). */
  for (guint i = 0; i < n_allowed; i++)
    if (retour_operator_roles_allow_step (roles, allowed[i]))
      next[n++] = allowed[i];

  g_menu_remove_all (self->other_steps_section);
  gtk_widget_set_visible (self->steps_box, n > 0);
  if (n == 0)
    return;

  /* The label goes with the parcel: only once the return is authorized
   * and until it arrives. */
  gtk_widget_set_visible (self->label_child, label);
  gtk_widget_set_visible (self->carrier_label_child, label);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->label_button), "x", self->rma->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->label_button), "win.label");

  /* The step forward as the button, the others (reject, cancel, …) in a
   * menu: only what the lifecycle allows from here. */
  gtk_button_set_label (self->next_step_button, retour_rma_status_get_action_label (next[0]));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->next_step_button), "s",
                                    retour_rma_status_to_key (next[0]));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_step_button), "editor.transition");

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (retour_rma_status_get_action_label (next[i]), NULL);

      g_menu_item_set_action_and_target (item, "editor.transition", "s", retour_rma_status_to_key (next[i]));
      g_menu_append_item (self->other_steps_section, item);
    }
  gtk_widget_set_visible (self->other_steps_child, n > 1);
}

/* The number and status, and the steps. */
static void
populate_header (RetourRmaEditor *self)
{
  g_autofree char *title = NULL;

  if (self->rma->number != NULL)
    title = retour_rma_number_display (self->rma->number);
  else
    /* Translators: a return not authorized yet, known by its row id. */
    title = g_strdup_printf ("#%" G_GINT64_FORMAT, self->rma->id);
  gtk_label_set_text (self->title_label, title);
  retour_status_tag_set_status (self->status_label, self->rma->status);

  populate_steps (self);
}

/* Reading and writing ------------------------------------------------------- */

/* Reads the return @id; FALSE (and the error page) if it cannot be. */
static gboolean
load (RetourRmaEditor *self,
      gint64           id)
{
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(RetourPolicy) current = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) old_rma = NULL;
  g_autoptr(RetourPolicy) old_policy = NULL;
  g_autoptr(GPtrArray) old_reasons = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db = get_db (self);
  RetourEditorTerms terms;

  rma = retour_rma_store_load (db, id, &error);
  if (rma != NULL)
    reasons = retour_policy_store_list_reasons (db, TRUE, &error);
  if (reasons != NULL)
    policy = rma->policy_id != 0
               ? retour_policy_store_load (db, rma->policy_id, &error)
               : retour_policy_store_load_current (db, &error);

  if (policy == NULL)
    {
      g_autofree char *description = g_markup_escape_text (error->message, -1);

      clear_rma (self);
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return FALSE;
    }

  /* Without the current policy, the return's own says what is offered. */
  current = retour_policy_store_load_current (db, NULL);
  terms.offered_resolutions = (current != NULL ? current : policy)->allowed_resolutions;
  terms.offered_methods = (current != NULL ? current : policy)->allowed_refund_methods;

  /* The sections hold on to the old return until they are given the new
   * one: it goes on the way out. */
  g_clear_pointer (&self->saved, retour_rma_free);
  self->saved = retour_rma_copy (rma);
  old_rma = g_steal_pointer (&self->rma);
  old_policy = g_steal_pointer (&self->policy);
  old_reasons = g_steal_pointer (&self->reasons);
  self->rma = g_steal_pointer (&rma);
  self->policy = g_steal_pointer (&policy);
  self->reasons = g_steal_pointer (&reasons);
  terms.policy = self->policy;
  terms.reasons = self->reasons;

  hide_error (self);
  populate_header (self);
  set_sections (self, self->rma, &terms);
  update_dirty (self);
  update_documents (self);
  gtk_stack_set_visible_child_name (self->stack, "rma");

  return TRUE;
}

/* Writes the working copy as it is. */
static gboolean
write_rma (RetourRmaEditor  *self,
           GError          **error)
{
  return retour_desk_save_return (self->context, self->rma, error);
}

/* Moves the working copy, edits included, on to @to. */
static gboolean
write_transition (RetourRmaEditor  *self,
                  RetourRmaStatus   to,
                  GError          **error)
{
  return retour_desk_transition (self->context, self->rma, to, NULL, error);
}

static gboolean
save (RetourRmaEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->rma == NULL)
    return FALSE;

  if (!apply_sections (self, &error) || !write_rma (self, &error))
    {
      /* The working copy is as it was before the attempt: every edit is
       * still in the form. */
      show_store_error (self, error);
      return FALSE;
    }

  return load (self, self->rma->id);
}

/* What the sections tell ---------------------------------------------------- */

static void
section_edited_cb (RetourRmaEditor *self)
{
  update_dirty (self);
  update_documents (self);
  retour_rights_section_update (self->rights_section);
  retour_resolution_section_update_refund (self->resolution_section);
}

/* A photo attached or removed: the history says so. */
static void
photos_written_cb (RetourRmaEditor *self)
{
  if (self->context != NULL)
    retour_editor_section_reload (RETOUR_EDITOR_SECTION (self->history_section));
}

/* A refund recorded: the return is read again, with what is left to pay. */
static void
refund_written_cb (RetourRmaEditor *self)
{
  hide_error (self);
  if (self->rma != NULL && self->context != NULL)
    load (self, self->rma->id);
}

static void
can_record_refund_cb (RetourRmaEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.record-refund",
                                 retour_resolution_section_get_can_record_refund (self->resolution_section));
}

/* Actions ------------------------------------------------------------------ */

static void
retour_rma_editor_save (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  save (RETOUR_RMA_EDITOR (widget));
}

/* Moves the return on to @to, with what is in the form; a return a
 * customer asked for in a storefront is declined there for @reason with
 * @note to them. */
static void
transition_full (RetourRmaEditor     *self,
                 RetourRmaStatus      to,
                 RetourDeclineReason  reason,
                 const char          *note)
{
  g_autoptr(GError) error = NULL;
  gboolean from_store = retour_request_section_get_from_store (self->request_section);
  gboolean ok;

  /* The step writes the return as it is in the form, edits included. */
  ok = apply_sections (self, &error);
  if (ok && from_store && to == RETOUR_RMA_STATUS_REJECTED)
    ok = retour_desk_decline_request (self->context, self->rma, reason, note, &error);
  else if (ok)
    ok = write_transition (self, to, &error);
  if (!ok)
    {
      show_store_error (self, error);
      return;
    }

  load (self, self->rma->id);

  /* The customer waits for the decision: it goes to the store now. */
  if (from_store && (to == RETOUR_RMA_STATUS_AUTHORIZED || to == RETOUR_RMA_STATUS_REJECTED))
    retour_request_section_send (self->request_section);
}

static void
transition (RetourRmaEditor *self,
            RetourRmaStatus  to)
{
  transition_full (self, to, RETOUR_DECLINE_OTHER, NULL);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RetourRmaEditor  *self)
{
  gint64 rma_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "rma-id"));
  RetourRmaStatus to = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "to"));

  GtkWidget *fields = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *note = NULL;

  /* The editor may have moved on to another return meanwhile. */
  if (!g_str_equal (response, "confirm") || self->rma == NULL || self->rma->id != rma_id)
    return;

  if (fields == NULL)
    {
      transition (self, to);
      return;
    }

  note = retour_decline_fields_dup_note (fields);
  transition_full (self, to, retour_decline_fields_get_reason (fields), note);
}


/* A step to a status the return never leaves again (but Close, its
 * normal end) is asked first, saying what it means. */
static gboolean
confirm_transition (RetourRmaEditor *self,
                    RetourRmaStatus  to)
{
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const char *confirm;
  AdwMessageDialog *dialog;

  if (!retour_rma_status_is_terminal (to) || to == RETOUR_RMA_STATUS_CLOSED)
    return FALSE;

  title = g_strdup (gtk_label_get_text (self->title_label));
  switch (to)
    {
    case RETOUR_RMA_STATUS_CANCELLED:
      /* Translators: %s is a return's number, such as R26-000128-Y. */
      heading = g_strdup_printf (_("Cancel Return %s?"), title);
      g_string_append (body, _("A cancelled return cannot be reopened, and its resolution and refund can no longer be "
                               "changed."));
      confirm = _("_Cancel Return");
      break;

    case RETOUR_RMA_STATUS_REJECTED:
      /* Translators: %s is a return's number, such as R26-000128-Y. */
      heading = g_strdup_printf (_("Reject Return %s?"), title);
      g_string_append (body, _("A rejected return cannot be reopened, and its resolution and refund can no longer be "
                               "changed."));
      confirm = _("_Reject Return");
      break;

    case RETOUR_RMA_STATUS_EXPIRED:
    default:
      /* Translators: %s is a return's number, such as R26-000128-Y. */
      heading = g_strdup_printf (_("Mark Return %s as Expired?"), title);
      g_string_append (body, _("An expired return cannot be reopened, and its resolution and refund can no longer be "
                               "changed."));
      confirm = _("_Expire Return");
      break;
    }

  /* A label made for it is refused at the packing table from now on, and
   * no new one can be made (see retour_desk_check_expected ()). */
  if (self->rma->status == RETOUR_RMA_STATUS_AUTHORIZED || self->rma->status == RETOUR_RMA_STATUS_IN_TRANSIT)
    {
      g_string_append_c (body, ' ');
      g_string_append (body, _("The return label can no longer be printed or sent, and a parcel that arrives "
                               "with it is not expected back."));
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, body->str));
  /* Translators: the safe way out of the dialog that asks before a
   * return is cancelled, rejected or marked as expired. */
  adw_message_dialog_add_responses (dialog, "back", _("_Keep Return"), "confirm", confirm, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "back");
  adw_message_dialog_set_close_response (dialog, "back");
  g_object_set_data (G_OBJECT (dialog), "rma-id", GSIZE_TO_POINTER (self->rma->id));
  g_object_set_data (G_OBJECT (dialog), "to", GUINT_TO_POINTER (to));
  if (to == RETOUR_RMA_STATUS_REJECTED && retour_request_section_get_from_store (self->request_section))
    adw_message_dialog_set_extra_child (dialog, retour_decline_fields_new ());
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
retour_rma_editor_transition (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  RetourRmaStatus to;

  if (self->rma == NULL || !retour_rma_status_from_key (g_variant_get_string (param, NULL), &to))
    return;

  if (!confirm_transition (self, to))
    transition (self, to);
}

static void
retour_rma_editor_dismiss_error (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  hide_error (RETOUR_RMA_EDITOR (widget));
}

static void
theirs_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RetourRmaEditor  *self)
{
  gint64 rma_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "rma-id"));

  if (g_str_equal (response, "show") && self->rma != NULL && self->rma->id == rma_id)
    load (self, rma_id);
}

/* Another desk saved the return first. Their version replaces the form
 * only once it is clear that what was typed here goes: a merge of the
 * two would have to guess, field by field, which change is meant to
 * stand, and the person at the other desk may be on the phone about it. */
static void
retour_rma_editor_show_theirs (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  AdwMessageDialog *dialog;

  if (self->rma == NULL)
    return;

  if (!self->dirty)
    {
      load (self, self->rma->id);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Show Their Version?"),
                                                       _("Your changes to this return will be dropped, and the form "
                                                         "shows the return as the other desk saved it. Copy what "
                                                         "you want to keep first.")));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep My Changes"), "show", _("_Drop My Changes"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "show", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data (G_OBJECT (dialog), "rma-id", GSIZE_TO_POINTER (self->rma->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (theirs_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retour_rma_editor_attach_photo (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  retour_photos_section_attach (RETOUR_RMA_EDITOR (widget)->photos_section);
}

static void
retour_rma_editor_remove_photo (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  retour_photos_section_remove (RETOUR_RMA_EDITOR (widget)->photos_section, g_variant_get_int64 (param));
}

static void
retour_rma_editor_record_refund (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);

  if (self->rma == NULL)
    return;

  /* The refund is recorded against the return as stored: what was typed
   * is saved first (and stays in the form if it cannot be). */
  if (self->dirty && !save (self))
    return;

  retour_resolution_section_record_refund (self->resolution_section);
}

/* The law's documents ------------------------------------------------------- */

static const struct
{
  const char *action;
  const char *title;      /* of the save dialog */
  const char *saved;
} documents[] = {
  [RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM] = {
    "editor.withdrawal-form", N_("Save Model Withdrawal Form"), N_("Withdrawal form saved") },
  [RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT] = {
    "editor.acknowledgement", N_("Save Withdrawal Acknowledgement"), N_("Withdrawal acknowledgement saved") },
  [RETOUR_LAW_DOCUMENT_REPAIR_NOTICE] = {
    "editor.repair-notice", N_("Save Repair or Replacement Notice"), N_("Repair or replacement notice saved") },
};

static char *
document_file_name (RetourLawDocument  document,
                    const char        *number)
{
  switch (document)
    {
    case RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM:
      /* Translators: a file name; %s is a return's number, such as R26-000128-Y. */
      return g_strdup_printf (_("Withdrawal form %s.pdf"), number);
    case RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT:
      /* Translators: a file name; %s is a return's number, such as R26-000128-Y. */
      return g_strdup_printf (_("Withdrawal acknowledgement %s.pdf"), number);
    case RETOUR_LAW_DOCUMENT_REPAIR_NOTICE:
    default:
      /* Translators: a file name; %s is a return's number, such as R26-000128-Y. */
      return g_strdup_printf (_("Repair or replacement notice %s.pdf"), number);
    }
}

static void
document_chosen_cb (GObject *owner,
                    GFile   *file)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (owner);

  if (self->saved != NULL && self->saved->id == self->asked_id)
    retour_rma_editor_write_document (self, self->asked, file);
}

/* The carrier's prepaid label of the return as stored. */
static void
retour_rma_editor_carrier_label (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);

  if (self->rma == NULL || (self->dirty && !save (self)))
    return;

  retour_carrier_label_dialog_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->context, self->rma->id);
}

static void
retour_rma_editor_document (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (widget);
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;

  if (self->rma == NULL)
    return;

  /* The document says what the return says as stored: what was typed
   * is saved first (and stays in the form if it cannot be). */
  if (self->dirty && !save (self))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    if (g_str_equal (action_name, documents[i].action))
      self->asked = (RetourLawDocument) i;
  self->asked_id = self->rma->id;

  /* The number as shown, with no folder separator in it. */
  name = g_strdelimit (g_strdup (gtk_label_get_text (self->title_label)), "/\\", '-');
  file_name = document_file_name (self->asked, name);
  retour_pdf_file_choose (GTK_WINDOW (gtk_widget_get_root (widget)), _(documents[self->asked].title),
                          file_name, document_chosen_cb, G_OBJECT (self));
}

/* GObject ------------------------------------------------------------------ */

static void
retour_rma_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_rma_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_rma_editor_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_rma_editor_dispose (GObject *object)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (object);

  g_clear_object (&self->context);

  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_RMA_EDITOR);

  G_OBJECT_CLASS (retour_rma_editor_parent_class)->dispose (object);
}

static void
retour_rma_editor_finalize (GObject *object)
{
  RetourRmaEditor *self = RETOUR_RMA_EDITOR (object);

  g_clear_pointer (&self->rma, retour_rma_free);
  g_clear_pointer (&self->saved, retour_rma_free);
  g_clear_pointer (&self->policy, retour_policy_free);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (retour_rma_editor_parent_class)->finalize (object);
}

static void
retour_rma_editor_class_init (RetourRmaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = retour_rma_editor_get_property;
  object_class->set_property = retour_rma_editor_set_property;
  object_class->dispose = retour_rma_editor_dispose;
  object_class->finalize = retour_rma_editor_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RETOUR_TYPE_CUSTOMER_SECTION);
  g_type_ensure (RETOUR_TYPE_LINES_SECTION);
  g_type_ensure (RETOUR_TYPE_RIGHTS_SECTION);
  g_type_ensure (RETOUR_TYPE_STORE_REFUNDS_SECTION);
  g_type_ensure (RETOUR_TYPE_REQUEST_SECTION);
  g_type_ensure (RETOUR_TYPE_PHOTOS_SECTION);
  g_type_ensure (RETOUR_TYPE_RESOLUTION_SECTION);
  g_type_ensure (RETOUR_TYPE_HISTORY_SECTION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-rma-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, error_page);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, theirs_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, steps_box);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, next_step_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, other_steps_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, label_button);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, label_child);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, carrier_label_child);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, other_steps_child);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, other_steps_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, customer_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, lines_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, rights_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, store_refunds_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, request_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, photos_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, resolution_section);
  gtk_widget_class_bind_template_child (widget_class, RetourRmaEditor, history_section);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, retour_rma_editor_save);
  gtk_widget_class_install_action (widget_class, "editor.transition", "s", retour_rma_editor_transition);
  gtk_widget_class_install_action (widget_class, "editor.attach-photo", NULL, retour_rma_editor_attach_photo);
  gtk_widget_class_install_action (widget_class, "editor.remove-photo", "x", retour_rma_editor_remove_photo);
  gtk_widget_class_install_action (widget_class, "editor.dismiss-error", NULL, retour_rma_editor_dismiss_error);
  gtk_widget_class_install_action (widget_class, "editor.show-theirs", NULL, retour_rma_editor_show_theirs);
  gtk_widget_class_install_action (widget_class, "editor.record-refund", NULL, retour_rma_editor_record_refund);
  gtk_widget_class_install_action (widget_class, "editor.withdrawal-form", NULL, retour_rma_editor_document);
  gtk_widget_class_install_action (widget_class, "editor.carrier-label", NULL, retour_rma_editor_carrier_label);
  gtk_widget_class_install_action (widget_class, "editor.acknowledgement", NULL, retour_rma_editor_document);
  gtk_widget_class_install_action (widget_class, "editor.repair-notice", NULL, retour_rma_editor_document);
}

static void
retour_rma_editor_init (RetourRmaEditor *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* In the order they are given a return: the form's, but the photos,
   * which decode every image, last. */
  self->sections[0] = RETOUR_EDITOR_SECTION (self->customer_section);
  self->sections[1] = RETOUR_EDITOR_SECTION (self->lines_section);
  self->sections[2] = RETOUR_EDITOR_SECTION (self->rights_section);
  self->sections[3] = RETOUR_EDITOR_SECTION (self->store_refunds_section);
  self->sections[4] = RETOUR_EDITOR_SECTION (self->resolution_section);
  self->sections[5] = RETOUR_EDITOR_SECTION (self->history_section);
  self->sections[6] = RETOUR_EDITOR_SECTION (self->photos_section);
  self->sections[7] = RETOUR_EDITOR_SECTION (self->request_section);
  /* A photo or a refund may finish after the editor is gone. */
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_signal_connect_object (self->sections[i], "edited", G_CALLBACK (section_edited_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sections[i], "failed", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->photos_section, "written", G_CALLBACK (photos_written_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->resolution_section, "written", G_CALLBACK (refund_written_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->resolution_section, "notify::can-record-refund",
                           G_CALLBACK (can_record_refund_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+S saves wherever the focus is in the window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_s, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("editor.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_dirty (self);
  update_documents (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.record-refund", FALSE);
}

void
retour_rma_editor_set_context (RetourRmaEditor *self,
                               RetourContext   *context)
{
  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  clear_rma (self);
  gtk_stack_set_visible_child_name (self->stack, "none");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
retour_rma_editor_show (RetourRmaEditor *self,
                        gint64           rma_id)
{
  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));
  g_return_if_fail (self->context != NULL);

  if (self->rma != NULL && self->rma->id == rma_id)
    return;

  /* Moving on to another return keeps what was typed into this one. When
   * it cannot be saved, the editor stays on it and says why. */
  if (self->dirty && !save (self))
    return;

  if (rma_id == 0)
    {
      clear_rma (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  if (load (self, rma_id))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

gint64
retour_rma_editor_get_rma_id (RetourRmaEditor *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_EDITOR (self), 0);

  return self->rma != NULL ? self->rma->id : 0;
}

RetourContext *
retour_rma_editor_get_context (RetourRmaEditor *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_EDITOR (self), NULL);

  return self->context;
}

void
retour_rma_editor_refresh (RetourRmaEditor *self)
{
  g_autoptr(RetourRma) fresh = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));

  if (self->rma == NULL || self->dirty)
    return;

  fresh = retour_rma_store_load (get_db (self), self->rma->id, &error);
  if (fresh == NULL)
    {
      show_store_error (self, error);
      return;
    }

  /* Unchanged: leave the form (and the focus in it) alone; the history
   * and the refunds paid may still have grown. The row's version tells
   * a save at another desk, whatever time its clock said. */
  if (fresh->version == self->saved->version && fresh->updated_us == self->saved->updated_us &&
      fresh->status == self->saved->status)
    {
      for (guint i = 0; i < N_SECTIONS; i++)
        retour_editor_section_reload (self->sections[i]);
      return;
    }

  load (self, self->rma->id);
}

gboolean
retour_rma_editor_is_dirty (RetourRmaEditor *self)
{
  g_return_val_if_fail (RETOUR_IS_RMA_EDITOR (self), FALSE);

  return self->dirty;
}

void
retour_rma_editor_set_show_back (RetourRmaEditor *self,
                                 gboolean         show_back)
{
  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));

  gtk_widget_set_visible (self->back_button, show_back);
}

void
retour_rma_editor_write_document (RetourRmaEditor   *self,
                                  RetourLawDocument  document,
                                  GFile             *file)
{
  g_autoptr(RetourLawDocumentData) data = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  g_return_if_fail (RETOUR_IS_RMA_EDITOR (self));
  g_return_if_fail ((guint) document < G_N_ELEMENTS (documents));
  g_return_if_fail (G_IS_FILE (file));

  if (self->saved == NULL)
    return;

  data = retour_law_document_data_load (get_db (self), self->saved, document, retour_context_now (self->context),
                                        retour_context_get_time_zone (self->context), &error);
  if (data != NULL)
    pdf = retour_law_document_render_pdf (data, document, &error);
  if (pdf == NULL)
    {
      show_store_error (self, error);
      return;
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_return_if_fail (overlay != NULL);
  retour_pdf_file_write (ADW_TOAST_OVERLAY (overlay), file, pdf, _(documents[document].saved));
}
