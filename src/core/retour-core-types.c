/* retour-core-types.c — labels and storage keys of the domain's enumerations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-core-types.h"
#include "retour-core-private.h"
#include "retour-text.h"

/* Each table gives the labels a context of their own: "Repair" as a
 * disposition is something done to the item, as a resolution something the
 * customer gets, and translators need to tell them apart. */
#define LABEL_LOOKUP(context, table, value) \
  (((guint) (value) < G_N_ELEMENTS (table)) \
   ? g_dpgettext2 (GETTEXT_PACKAGE, context, table[(guint) (value)]) \
   : NULL)

static const char * const condition_labels[] = {
  [RETOUR_CONDITION_UNKNOWN]       = NC_("condition", "Not checked"),
  [RETOUR_CONDITION_NEW_UNOPENED]  = NC_("condition", "New, unopened"),
  [RETOUR_CONDITION_OPENED]        = NC_("condition", "Opened"),
  [RETOUR_CONDITION_USED]          = NC_("condition", "Used"),
  [RETOUR_CONDITION_DAMAGED]       = NC_("condition", "Damaged"),
  [RETOUR_CONDITION_DEFECTIVE]     = NC_("condition", "Defective"),
  [RETOUR_CONDITION_MISSING_PARTS] = NC_("condition", "Missing parts"),
  [RETOUR_CONDITION_MISSING]       = NC_("condition", "Missing"),
};

static const char * const disposition_labels[] = {
  [RETOUR_DISPOSITION_UNDECIDED]          = NC_("disposition", "Undecided"),
  [RETOUR_DISPOSITION_RESTOCK]            = NC_("disposition", "Restock"),
  [RETOUR_DISPOSITION_REFURBISH]          = NC_("disposition", "Refurbish"),
  [RETOUR_DISPOSITION_REPAIR]             = NC_("disposition", "Repair"),
  [RETOUR_DISPOSITION_RECYCLE]            = NC_("disposition", "Recycle"),
  [RETOUR_DISPOSITION_SCRAP]              = NC_("disposition", "Scrap"),
  [RETOUR_DISPOSITION_RETURN_TO_VENDOR]   = NC_("disposition", "Return to vendor"),
  [RETOUR_DISPOSITION_RETURN_TO_CUSTOMER] = NC_("disposition", "Return to customer"),
};

static const char * const resolution_labels[] = {
  [RETOUR_RESOLUTION_UNDECIDED]    = NC_("resolution", "Undecided"),
  [RETOUR_RESOLUTION_REFUND]       = NC_("resolution", "Refund"),
  [RETOUR_RESOLUTION_STORE_CREDIT] = NC_("resolution", "Store credit"),
  [RETOUR_RESOLUTION_EXCHANGE]     = NC_("resolution", "Exchange"),
  [RETOUR_RESOLUTION_REPAIR]       = NC_("resolution", "Repair"),
  [RETOUR_RESOLUTION_REPLACEMENT]  = NC_("resolution", "Replacement"),
  [RETOUR_RESOLUTION_KEEP_IT]      = NC_("resolution", "Refund without return"),
};

static const char * const refund_method_labels[] = {
  [RETOUR_REFUND_METHOD_NONE]             = NC_("refund method", "None"),
  [RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT] = NC_("refund method", "Original payment method"),
  [RETOUR_REFUND_METHOD_BANK_TRANSFER]    = NC_("refund method", "Bank transfer"),
  [RETOUR_REFUND_METHOD_CASH]             = NC_("refund method", "Cash"),
  [RETOUR_REFUND_METHOD_STORE_CREDIT]     = NC_("refund method", "Store credit"),
};

static const char * const refund_timing_labels[] = {
  [RETOUR_REFUND_TIMING_AT_AUTHORIZATION] = NC_("refund timing", "At authorization"),
  [RETOUR_REFUND_TIMING_ON_RECEIPT]       = NC_("refund timing", "On receipt"),
  [RETOUR_REFUND_TIMING_AFTER_INSPECTION] = NC_("refund timing", "After inspection"),
};

static const char * const fee_kind_labels[] = {
  [RETOUR_FEE_NONE]    = NC_("restocking fee", "No fee"),
  [RETOUR_FEE_PERCENT] = NC_("restocking fee", "Percentage of the value"),
  [RETOUR_FEE_FIXED]   = NC_("restocking fee", "Fixed amount"),
};

static const char * const stock_cause_labels[] = {
  [RETOUR_STOCK_CAUSE_INITIAL]    = NC_("stock change", "Initial stock"),
  [RETOUR_STOCK_CAUSE_SALE]       = NC_("stock change", "Sale"),
  [RETOUR_STOCK_CAUSE_RESTOCK]    = NC_("stock change", "Restocked return"),
  [RETOUR_STOCK_CAUSE_CORRECTION] = NC_("stock change", "Correction"),
  [RETOUR_STOCK_CAUSE_SYNC]       = NC_("stock change", "Store sync"),
  [RETOUR_STOCK_CAUSE_HOLD]       = NC_("stock change", "Held for repair"),
  [RETOUR_STOCK_CAUSE_REPAIRED]   = NC_("stock change", "Repaired"),
  [RETOUR_STOCK_CAUSE_WRITE_OFF]  = NC_("stock change", "Written off"),
};

static const char * const stock_bucket_labels[] = {
  [RETOUR_STOCK_BUCKET_ON_HAND]     = NC_("stock bucket", "On hand"),
  [RETOUR_STOCK_BUCKET_HELD]        = NC_("stock bucket", "Held"),
  [RETOUR_STOCK_BUCKET_WRITTEN_OFF] = NC_("stock bucket", "Written off"),
};

static const char * const window_from_labels[] = {
  [RETOUR_WINDOW_FROM_DELIVERY]   = NC_("return window", "Delivery"),
  [RETOUR_WINDOW_FROM_FULFILMENT] = NC_("return window", "Dispatch"),
  [RETOUR_WINDOW_FROM_ORDER]      = NC_("return window", "Order date"),
};

static const char * const claim_kind_labels[] = {
  [RETOUR_CLAIM_COMMERCIAL_RETURN]   = NC_("claim", "Commercial return"),
  [RETOUR_CLAIM_WITHDRAWAL]          = NC_("claim", "Withdrawal"),
  [RETOUR_CLAIM_CONFORMITY]          = NC_("claim", "Legal guarantee"),
  [RETOUR_CLAIM_COMMERCIAL_WARRANTY] = NC_("claim", "Commercial warranty"),
};

static const char * const declaration_channel_labels[] = {
  [RETOUR_DECLARATION_NONE]       = NC_("notice of withdrawal", "Not given"),
  [RETOUR_DECLARATION_PHONE]      = NC_("notice of withdrawal", "By phone"),
  [RETOUR_DECLARATION_EMAIL]      = NC_("notice of withdrawal", "By e-mail"),
  [RETOUR_DECLARATION_LETTER]     = NC_("notice of withdrawal", "By letter"),
  [RETOUR_DECLARATION_STOREFRONT] = NC_("notice of withdrawal", "In the online shop"),
  [RETOUR_DECLARATION_IN_PERSON]  = NC_("notice of withdrawal", "In person"),
};

static const char * const withdrawal_exception_labels[] = {
  [RETOUR_EXCEPTION_NONE]           = NC_("withdrawal exception", "None"),
  [RETOUR_EXCEPTION_PERSONALISED]   = NC_("withdrawal exception", "Made to the customer’s specification"),
  [RETOUR_EXCEPTION_PERISHABLE]     = NC_("withdrawal exception", "Perishable"),
  [RETOUR_EXCEPTION_SEALED_HYGIENE] = NC_("withdrawal exception", "Sealed for health or hygiene"),
  [RETOUR_EXCEPTION_MIXED]          = NC_("withdrawal exception", "Inseparably mixed after delivery"),
  [RETOUR_EXCEPTION_SEALED_MEDIA]   = NC_("withdrawal exception", "Sealed audio, video or software"),
  [RETOUR_EXCEPTION_PRESS]          = NC_("withdrawal exception", "Newspapers and magazines"),
};

static const char * const partial_shipping_labels[] = {
  [RETOUR_PARTIAL_SHIPPING_NONE]     = NC_("partial withdrawal", "No delivery costs"),
  [RETOUR_PARTIAL_SHIPPING_PRO_RATA] = NC_("partial withdrawal", "A share by value"),
};

const char *
retour_claim_kind_get_label (RetourClaimKind kind)
{
  return LABEL_LOOKUP ("claim", claim_kind_labels, kind);
}

const char *
retour_declaration_channel_get_label (RetourDeclarationChannel channel)
{
  return LABEL_LOOKUP ("notice of withdrawal", declaration_channel_labels, channel);
}

const char *
retour_withdrawal_exception_get_label (RetourWithdrawalException exception)
{
  return LABEL_LOOKUP ("withdrawal exception", withdrawal_exception_labels, exception);
}

const char *
retour_partial_shipping_get_label (RetourPartialShipping shipping)
{
  return LABEL_LOOKUP ("partial withdrawal", partial_shipping_labels, shipping);
}

const char *
retour_condition_get_label (RetourCondition condition)
{
  return LABEL_LOOKUP ("condition", condition_labels, condition);
}

const char *
retour_disposition_get_label (RetourDisposition disposition)
{
  return LABEL_LOOKUP ("disposition", disposition_labels, disposition);
}

const char *
retour_resolution_get_label (RetourResolution resolution)
{
  return LABEL_LOOKUP ("resolution", resolution_labels, resolution);
}

const char *
retour_refund_method_get_label (RetourRefundMethod method)
{
  return LABEL_LOOKUP ("refund method", refund_method_labels, method);
}

const char *
retour_refund_timing_get_label (RetourRefundTiming timing)
{
  return LABEL_LOOKUP ("refund timing", refund_timing_labels, timing);
}

const char *
retour_fee_kind_get_label (RetourFeeKind kind)
{
  return LABEL_LOOKUP ("restocking fee", fee_kind_labels, kind);
}

const char *
retour_stock_cause_get_label (RetourStockCause cause)
{
  return LABEL_LOOKUP ("stock change", stock_cause_labels, cause);
}

const char *
retour_stock_bucket_get_label (RetourStockBucket bucket)
{
  return LABEL_LOOKUP ("stock bucket", stock_bucket_labels, bucket);
}

const char *
retour_window_from_get_label (RetourWindowFrom from)
{
  return LABEL_LOOKUP ("return window", window_from_labels, from);
}

const char *
retour_enum_to_nick (GType type,
                     int   value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *enum_value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (type), NULL);

  /* The nicks live in the static tables glib-mkenums generates, so they
   * outlive the class reference taken here. */
  klass = g_type_class_ref (type);
  enum_value = g_enum_get_value (klass, value);

  return enum_value != NULL ? enum_value->value_nick : NULL;
}

gboolean
retour_enum_from_nick (GType       type,
                       const char *nick,
                       int        *out)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *enum_value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (type), FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  enum_value = g_enum_get_value_by_nick (klass, nick);
  if (enum_value == NULL)
    return FALSE;

  if (out != NULL)
    *out = enum_value->value;

  return TRUE;
}

/* Long enough to recognise what was typed, short enough for a dialog. */
#define QUOTE_MAX_CHARS 40

char *
retour_core_quote_input (const char *text)
{
  /* Only the start is ever shown, so a huge input is not read whole; a
   * tab or newline from a scanner would break the message's layout. */
  return retour_text_for_display (text != NULL ? text : "", QUOTE_MAX_CHARS, RETOUR_TEXT_ONE_LINE);
}
