/* retour-core-types.h — the domain's enumerations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTypes for these come from glib-mkenums (retour-core-enums.h). The enum
 * value nicks ("new-unopened", "return-to-vendor", …) are the keys stored in
 * the database and exported to CSV: never rename a nick, only add values at
 * the end of an enum.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  RETOUR_RMA_STATUS_DRAFT,
  RETOUR_RMA_STATUS_REQUESTED,
  RETOUR_RMA_STATUS_AUTHORIZED,
  RETOUR_RMA_STATUS_IN_TRANSIT,
  RETOUR_RMA_STATUS_RECEIVED,
  RETOUR_RMA_STATUS_INSPECTED,
  RETOUR_RMA_STATUS_RESOLVED,
  RETOUR_RMA_STATUS_CLOSED,
  RETOUR_RMA_STATUS_REJECTED,
  RETOUR_RMA_STATUS_CANCELLED,
  RETOUR_RMA_STATUS_EXPIRED,
} RetourRmaStatus;

#define RETOUR_RMA_N_STATUSES (RETOUR_RMA_STATUS_EXPIRED + 1)

/* Condition of a received unit. */
typedef enum
{
  RETOUR_CONDITION_UNKNOWN,
  RETOUR_CONDITION_NEW_UNOPENED,
  RETOUR_CONDITION_OPENED,
  RETOUR_CONDITION_USED,
  RETOUR_CONDITION_DAMAGED,
  RETOUR_CONDITION_DEFECTIVE,
  RETOUR_CONDITION_MISSING_PARTS,
  RETOUR_CONDITION_MISSING,
} RetourCondition;

/* Where a received unit goes. Only RESTOCK puts it back on hand. */
typedef enum
{
  RETOUR_DISPOSITION_UNDECIDED,
  RETOUR_DISPOSITION_RESTOCK,
  RETOUR_DISPOSITION_REFURBISH,
  RETOUR_DISPOSITION_REPAIR,
  RETOUR_DISPOSITION_RECYCLE,
  RETOUR_DISPOSITION_SCRAP,
  RETOUR_DISPOSITION_RETURN_TO_VENDOR,
  RETOUR_DISPOSITION_RETURN_TO_CUSTOMER,
} RetourDisposition;

/* What the customer gets. */
typedef enum
{
  RETOUR_RESOLUTION_UNDECIDED,
  RETOUR_RESOLUTION_REFUND,
  RETOUR_RESOLUTION_STORE_CREDIT,
  RETOUR_RESOLUTION_EXCHANGE,
  RETOUR_RESOLUTION_REPAIR,
  RETOUR_RESOLUTION_REPLACEMENT,
  RETOUR_RESOLUTION_KEEP_IT,
} RetourResolution;

#define RETOUR_RESOLUTION_MASK(r) (1u << (r))

/* How money goes back. */
typedef enum
{
  RETOUR_REFUND_METHOD_NONE,
  RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT,
  RETOUR_REFUND_METHOD_BANK_TRANSFER,
  RETOUR_REFUND_METHOD_CASH,
  RETOUR_REFUND_METHOD_STORE_CREDIT,
} RetourRefundMethod;

/* When the refund becomes due. */
typedef enum
{
  RETOUR_REFUND_TIMING_AT_AUTHORIZATION,
  RETOUR_REFUND_TIMING_ON_RECEIPT,
  RETOUR_REFUND_TIMING_AFTER_INSPECTION,
} RetourRefundTiming;

typedef enum
{
  RETOUR_FEE_NONE,
  RETOUR_FEE_PERCENT,
  RETOUR_FEE_FIXED,
} RetourFeeKind;

/* Why a stock level changed: one per stock_movement row. */
typedef enum
{
  RETOUR_STOCK_CAUSE_INITIAL,
  RETOUR_STOCK_CAUSE_SALE,
  RETOUR_STOCK_CAUSE_RESTOCK,
  RETOUR_STOCK_CAUSE_CORRECTION,
  RETOUR_STOCK_CAUSE_SYNC,
  RETOUR_STOCK_CAUSE_HOLD,        /* a returned unit waits for refurbishment or repair */
  RETOUR_STOCK_CAUSE_REPAIRED,    /* a held unit is done and goes back on the shelf */
  RETOUR_STOCK_CAUSE_WRITE_OFF,   /* recycled, scrapped or sent back to the vendor */
} RetourStockCause;

/* Where a movement counts. Units on hand can be sold; held units wait for
 * refurbishment or repair; written-off units are gone for good (recycled,
 * scrapped, returned to the vendor) and are counted so the inventory view
 * can say what came back and where it went. */
typedef enum
{
  RETOUR_STOCK_BUCKET_ON_HAND,
  RETOUR_STOCK_BUCKET_HELD,
  RETOUR_STOCK_BUCKET_WRITTEN_OFF,
} RetourStockBucket;

/* The date a return window counts from. When that date is not known, the
 * next one down counts: delivery, else fulfilment, else the order date. */
typedef enum
{
  RETOUR_WINDOW_FROM_DELIVERY,
  RETOUR_WINDOW_FROM_FULFILMENT,
  RETOUR_WINDOW_FROM_ORDER,
} RetourWindowFrom;

#define RETOUR_REFUND_METHOD_MASK(m) (1u << (m))

/* Translated names for people, e.g. "New, unopened", "Return to vendor",
 * "Store credit", "Original payment method", "After inspection". NULL for
 * a value outside the enumeration. */
const char *retour_condition_get_label      (RetourCondition     condition);
const char *retour_disposition_get_label    (RetourDisposition   disposition);
const char *retour_resolution_get_label     (RetourResolution    resolution);
const char *retour_refund_method_get_label  (RetourRefundMethod  method);
const char *retour_refund_timing_get_label  (RetourRefundTiming  timing);
const char *retour_fee_kind_get_label       (RetourFeeKind       kind);
const char *retour_stock_cause_get_label    (RetourStockCause    cause);
const char *retour_stock_bucket_get_label   (RetourStockBucket   bucket);
const char *retour_window_from_get_label    (RetourWindowFrom    from);

/* The storage keys: the nick of @value in the enumeration @type
 * ("new-unopened"), or NULL if @type has no such value. */
const char *retour_enum_to_nick             (GType               type,
                                             int                 value);
/* The value whose nick is @nick; FALSE for NULL or a nick @type does not
 * have (say, one written by a newer version). */
gboolean    retour_enum_from_nick           (GType               type,
                                             const char         *nick,
                                             int                *out);

/* Under which right a line comes back; decides deadlines and money.
 * Withdrawal is the statutory right (Directive 2011/83/EU arts 9–16),
 * conformity the legal guarantee (Directive 2019/771), a commercial
 * return the shop's own policy, a commercial warranty the shop's or the
 * maker's guarantee statement. */
typedef enum
{
  RETOUR_CLAIM_COMMERCIAL_RETURN,
  RETOUR_CLAIM_WITHDRAWAL,
  RETOUR_CLAIM_CONFORMITY,
  RETOUR_CLAIM_COMMERCIAL_WARRANTY,
} RetourClaimKind;

/* How the customer gave notice of withdrawal. */
typedef enum
{
  RETOUR_DECLARATION_NONE,
  RETOUR_DECLARATION_PHONE,
  RETOUR_DECLARATION_EMAIL,
  RETOUR_DECLARATION_LETTER,
  RETOUR_DECLARATION_STOREFRONT,   /* the shop's online withdrawal function (CRD art 11a) */
  RETOUR_DECLARATION_IN_PERSON,
} RetourDeclarationChannel;

/* The Art 16 exceptions to the right of withdrawal that apply to goods.
 * Retour never refuses on these: it says an exception may apply. */
typedef enum
{
  RETOUR_EXCEPTION_NONE,
  RETOUR_EXCEPTION_PERSONALISED,     /* (c) made to the customer's specification */
  RETOUR_EXCEPTION_PERISHABLE,       /* (d) deteriorates or expires rapidly */
  RETOUR_EXCEPTION_SEALED_HYGIENE,   /* (e) sealed for health or hygiene, once unsealed */
  RETOUR_EXCEPTION_MIXED,            /* (f) inseparably mixed with other items */
  RETOUR_EXCEPTION_SEALED_MEDIA,     /* (i) sealed audio, video or software, once unsealed */
  RETOUR_EXCEPTION_PRESS,            /* (j) newspapers and periodicals */
} RetourWithdrawalException;

/* What part of the outbound delivery a partial withdrawal refunds. */
typedef enum
{
  RETOUR_PARTIAL_SHIPPING_NONE,
  RETOUR_PARTIAL_SHIPPING_PRO_RATA,
} RetourPartialShipping;

/* Translated names: "Withdrawal", "Legal guarantee", "By phone", … */
const char *retour_claim_kind_get_label          (RetourClaimKind            kind);
const char *retour_declaration_channel_get_label (RetourDeclarationChannel   channel);
const char *retour_withdrawal_exception_get_label (RetourWithdrawalException exception);
const char *retour_partial_shipping_get_label    (RetourPartialShipping      shipping);

G_END_DECLS
