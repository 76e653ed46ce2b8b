/* retour-law-documents.h — the documents consumer law asks a shop for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three A4 PDFs, in the customer's language (nl, fr, de, pl; English for
 * any other), drawn with cairo and pango like the labels:
 *
 *  - the model withdrawal form of Directive 2011/83/EU Annex I(B), in each
 *    country's official wording, pre-filled with the shop, the order and
 *    the customer, its signature and date left for the customer;
 *  - the acknowledgement of a withdrawal received (CRD arts 11(3) and
 *    11a(4), Code de la consommation L221-21): the durable record of the
 *    notice, its content, how it came and when, in the customer's time;
 *  - the notice of the choice between repair and replacement and of the
 *    12-month extension of the guarantee after a repair (Directive
 *    2019/771 art 13(2a), from Directive 2024/1799).
 *
 * Like the labels, a document is drawn from a plain value alone: the
 * caller looks everything up, so the same data gives the same bytes.
 */
#pragma once

#include <cairo.h>

#include "retour-barcode.h"
#include "retour-core.h"

G_BEGIN_DECLS

typedef struct
{
  char        *language;           /* the customer's ("nl", …), or NULL */
  char        *country;            /* the customer's (ISO 3166-1 alpha-2), or NULL */
  char        *shop_name;
  char       **shop_address;       /* lines, NULL-terminated; may be empty */
  char        *shop_email;         /* may be NULL */
  char        *customer_name;
  char       **customer_address;   /* lines, NULL-terminated; may be empty */
  char        *customer_email;     /* may be NULL */
  char        *rma_number;         /* compact, or NULL */
  char        *order_number;       /* may be NULL */
  gint64       ordered_us;         /* 0 when unknown */
  gint64       received_us;        /* the customer had the goods; 0 when unknown */
  gint64       declared_us;        /* notice of withdrawal received; 0: none */
  RetourDeclarationChannel declared_via;
  char        *statement;          /* what the notice said (the customer's
                                    * words, as noted), or NULL */
  GDate        guarantee_until;    /* the legal guarantee's end; invalid: not said */
  GDate        guarantee_repaired; /* its end after a repair; invalid: not said */
  gint64       created_us;         /* the PDF's date, and the document's */
  GTimeZone   *time_zone;          /* the shop's, for a country whose zone
                                    * Retour does not know; NULL: UTC */
  GPtrArray   *items;              /* of RetourLabelItem*, owned */
} RetourLawDocumentData;

RetourLawDocumentData *retour_law_document_data_new   (void);
void                   retour_law_document_data_free  (RetourLawDocumentData *data);
/* The form's part of what a return label says (the shop, the customer,
 * the order and its items, the language; the country from the last line
 * of the customer's address when it is a country code, as the store
 * writes it). */
RetourLawDocumentData *retour_law_document_data_new_from_label (const RetourLabelData *label);

/* Whether @country (ISO 3166-1 alpha-2, any case) is a member state of
 * the European Union, where the right of withdrawal applies. */
gboolean   retour_law_document_is_eu_country     (const char                  *country);
/* The time zone the customer's dates are in: Europe/Amsterdam, Paris,
 * Berlin or Warsaw by @data's country, else @data's time_zone, else UTC. */
GTimeZone *retour_law_document_dup_time_zone     (const RetourLawDocumentData *data);

/* Draws the withdrawal form as one A4 page onto @cr (points, origin at
 * the top left), for the return form's second page. */
void       retour_withdrawal_form_draw           (cairo_t                     *cr,
                                                  const RetourLawDocumentData *data);

GBytes    *retour_withdrawal_form_render_pdf     (const RetourLawDocumentData *data,
                                                  GError                     **error);
/* Fails with RETOUR_LABEL_ERROR_DOCUMENT when @data has no declared_us. */
GBytes    *retour_withdrawal_acknowledgement_render_pdf (const RetourLawDocumentData *data,
                                                         GError                     **error);
GBytes    *retour_repair_notice_render_pdf       (const RetourLawDocumentData *data,
                                                  GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourLawDocumentData, retour_law_document_data_free)

G_END_DECLS
