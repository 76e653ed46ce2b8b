/* retour-law-documents-data.h — what the law's documents say about one
 * return, gathered from the stores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLI and the editor make the same documents from the same return:
 * both gather their data here, from the return, its order and customer,
 * the shop's settings and the law's dates under the return's policy.
 */
#pragma once

#include "retour-database.h"
#include "retour-law-documents.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_LAW_DOCUMENT_WITHDRAWAL_FORM,
  RETOUR_LAW_DOCUMENT_ACKNOWLEDGEMENT,
  RETOUR_LAW_DOCUMENT_REPAIR_NOTICE,
} RetourLawDocument;

/* The data of @document for @rma as stored in @db: its items are the
 * lines of the document's claim (withdrawn ones for an acknowledgement,
 * conformity ones for a repair notice), or every line when none is;
 * made at @now_us, with @time_zone (the shop's) for a customer country
 * Retour does not know. */
RetourLawDocumentData *retour_law_document_data_load (RetourDatabase     *db,
                                                      const RetourRma    *rma,
                                                      RetourLawDocument   document,
                                                      gint64              now_us,
                                                      GTimeZone          *time_zone,
                                                      GError            **error);

/* @document drawn from @data as PDF. */
GBytes                *retour_law_document_render_pdf (const RetourLawDocumentData *data,
                                                       RetourLawDocument            document,
                                                       GError                     **error);

G_END_DECLS
