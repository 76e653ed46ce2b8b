/* retour-resolution-section-private.h — what the resolution section's
 * files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * retour-resolution-section.c holds the fields, the refund quoted from
 * them and the section's interface; retour-resolution-section-refund.c
 * what is left to pay and recording a payment of it.
 */
#pragma once

#include "retour-resolution-section.h"

G_BEGIN_DECLS

struct _RetourResolutionSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwComboRow         *resolution_row;
  AdwComboRow         *refund_method_row;
  AdwActionRow        *refund_row;
  GtkLabel            *refund_label;
  GtkWidget           *record_refund_button;
  AdwExpanderRow      *override_row;
  AdwEntryRow         *override_amount_row;
  AdwEntryRow         *override_note_row;
  AdwEntryRow         *notes_row;
  AdwActionRow        *store_row;
  GtkWidget           *carry_out_button;
  GtkWidget           *retry_resolution_button;

  RetourContext       *context;
  RetourRma           *rma;      /* the editor's working copy */
  RetourRma           *saved;    /* as last read: a refund is recorded against it */
  const RetourPolicy  *policy;
  GPtrArray           *reasons;
  guint                offered_resolutions;
  guint                offered_methods;
  GArray              *shown_resolutions;  /* RetourResolution per item of resolution_row */
  GArray              *shown_methods;      /* RetourRefundMethod per item of refund_method_row */
  /* The last store asked to send a recorded refund, so that a failure
   * can be told here. */
  gulong               write_back_handler;
  gint64               write_back_store_id;
  char                *write_back_store_name;
  /* The store asked to send a resolution, to show what came of it. */
  gulong               store_resolution_handler;
  gint64               store_resolution_store_id;
  gboolean             populating;
  gboolean             changed;
  gboolean             can_record_refund;
};

/* In retour-resolution-section.c: shows or hides "Record Refund…". */
void _retour_resolution_section_set_can_record_refund (RetourResolutionSection *self,
                                                       gboolean                 can_record);
/* In retour-resolution-section-refund.c: reads again what is left to pay
 * of the stored return's refund. */
void _retour_resolution_section_update_record_refund  (RetourResolutionSection *self);

/* In retour-resolution-section-store.c: what the store made of the saved
 * return's resolution, or that it can be carried out there; and the
 * actions of that row. */
void _retour_resolution_section_update_store          (RetourResolutionSection *self);
void _retour_resolution_section_class_init_store      (GtkWidgetClass          *widget_class);

G_END_DECLS
