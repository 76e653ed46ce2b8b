/* retour-label-store.h — stored return labels and what happened to them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A label is stored as the PDF bytes that were made, so a reprint is the
 * same document byte for byte. Versions count per RMA across formats; a
 * version is what the label says, and the newest one may be remade on
 * other paper without a new version (retour_label_store_reformat());
 * storing, printing and sending each add a "label" event to the RMA's
 * history in the same transaction. Only an authorized RMA (one with a
 * number, not cancelled, rejected or expired) can have a label.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

/* "true" (the default) or "false": whether labels carry a QR code of the
 * number besides the Code 128. */
#define RETOUR_SETTING_LABEL_QR_CODE "label-qr-code"

#define RETOUR_TYPE_LABEL (retour_label_get_type ())

typedef struct
{
  gint64             id;
  gint64             rma_id;
  guint              version;     /* 1, 2, … per RMA */
  RetourLabelFormat  format;
  GBytes            *pdf;
  gint64             created_us;
  gint64             printed_us;  /* last printed, 0 if never */
  gint64             sent_us;     /* last sent, 0 if never */
} RetourLabel;

GType             retour_label_get_type            (void) G_GNUC_CONST;
RetourLabel      *retour_label_copy                (const RetourLabel *label);
void              retour_label_free                (RetourLabel       *label);

/* What the label of RMA @rma_id says, from the RMA, its order and
 * customer, the reasons and the shop's settings. The sender is the
 * order's shipping address, else the customer's. Fails for an RMA that
 * cannot have a label (see above). */
RetourLabelData  *retour_label_store_load_data     (RetourDatabase  *db,
                                                    gint64           rma_id,
                                                    GError         **error);
/* Where the parcel of @rma comes from, as its label says: the name and
 * the address lines (NULL-terminated, possibly none) of the order's
 * shipping address, else the customer's. Works for a return in any
 * status. */
gboolean          retour_label_store_load_sender   (RetourDatabase    *db,
                                                    const RetourRma   *rma,
                                                    char             **out_name,
                                                    char            ***out_lines,
                                                    GError           **error);
/* Stores @pdf as the next version of the RMA's label, with the event
 * "Return label (…) made, version N". When the newest stored label of
 * @format has exactly these bytes — nothing changed since — that label is
 * returned and nothing is written. */
RetourLabel      *retour_label_store_add           (RetourDatabase    *db,
                                                    gint64             rma_id,
                                                    RetourLabelFormat  format,
                                                    GBytes            *pdf,
                                                    const char        *actor,
                                                    gint64             now_us,
                                                    GError           **error);
RetourLabel      *retour_label_store_load          (RetourDatabase  *db,
                                                    gint64           label_id,
                                                    GError         **error);
/* The newest stored label of @format, or NULL with a
 * RETOUR_STORE_ERROR_NOT_FOUND error when there is none. */
RetourLabel      *retour_label_store_load_latest   (RetourDatabase    *db,
                                                    gint64             rma_id,
                                                    RetourLabelFormat  format,
                                                    GError           **error);
/* The RMA's newest label, of whichever format, or NULL with a
 * RETOUR_STORE_ERROR_NOT_FOUND error when there is none. */
RetourLabel      *retour_label_store_load_newest   (RetourDatabase    *db,
                                                    gint64             rma_id,
                                                    GError           **error);
/* The newest label @label_id, the same content on other paper: it takes
 * @format and @pdf and keeps its version, dates and history, so that
 * switching the paper back and forth makes no new versions (a new
 * version is for a new content, see retour_label_store_add()). Fails
 * with RETOUR_STORE_ERROR_NOT_FOUND when @label_id is not the newest. */
RetourLabel      *retour_label_store_reformat      (RetourDatabase    *db,
                                                    gint64             label_id,
                                                    RetourLabelFormat  format,
                                                    GBytes            *pdf,
                                                    GError           **error);
/* The RMA's labels, newest first, without their bytes (pdf is NULL): a
 * GPtrArray of RetourLabel*. */
GPtrArray        *retour_label_store_list          (RetourDatabase  *db,
                                                    gint64           rma_id,
                                                    GError         **error);
/* Records that the label was printed, with an event. */
gboolean          retour_label_store_mark_printed  (RetourDatabase  *db,
                                                    gint64           label_id,
                                                    const char      *actor,
                                                    gint64           now_us,
                                                    GError         **error);
/* Records that the label was handed to the mail client for @recipient
 * (may be NULL), with an event. */
gboolean          retour_label_store_mark_sent     (RetourDatabase  *db,
                                                    gint64           label_id,
                                                    const char      *recipient,
                                                    const char      *actor,
                                                    gint64           now_us,
                                                    GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourLabel, retour_label_free)

G_END_DECLS
