/* retour-request-section.h — where a return a customer asked for in the
 * storefront stands with that storefront, in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RetourEditorSection that only shows: the storefront the request came
 * from, whether the storefront has the shop's decision (and why not, with
 * Try Again), and whether the return label is in the customer's account
 * there. Hidden for returns staff made. It follows the store's runs, so
 * that what was sent after a step shows without reopening the return.
 */
#pragma once

#include <adwaita.h>

#include "retour-editor-section.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_REQUEST_SECTION (retour_request_section_get_type ())

G_DECLARE_FINAL_TYPE (RetourRequestSection, retour_request_section, RETOUR, REQUEST_SECTION, AdwPreferencesGroup)

/* Tells the storefront of the shown return what is waiting for it now:
 * the decision and the label (retour_sync_scheduler_write_back()). */
void     retour_request_section_send         (RetourRequestSection *self);
/* Whether the shown return was asked for in a storefront. */
gboolean retour_request_section_get_from_store (RetourRequestSection *self);

/* What rejecting a return asked for in a storefront tells the store and
 * the customer: the storefront's reason and a message, in fields for the
 * confirmation dialog. */
GtkWidget           *retour_decline_fields_new        (void);
RetourDeclineReason  retour_decline_fields_get_reason (GtkWidget *fields);
/* The message as typed, trimmed; NULL when there is none. */
char                *retour_decline_fields_dup_note   (GtkWidget *fields);

G_END_DECLS
