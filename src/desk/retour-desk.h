/* retour-desk.h — what staff do at the returns desk, one call each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Taking a return over the phone, receiving a parcel, recording a
 * refund, expiring the returns that never came, putting stock right: the
 * window and retour-cli call the same functions here, each one
 * transaction (all of it is written, or nothing), each failing with a
 * GError whose message a person can act on. The time and the name in the
 * history come from the RetourContext, never from the caller's clock.
 */
#pragma once

#include <gio/gio.h>

#include "retour-context.h"
#include "retour-rma-store.h"
#include "retour-sync-store.h"

G_BEGIN_DECLS

#define RETOUR_DESK_ERROR (retour_desk_error_quark ())

/* The errors of the desk's own rules; what the stores and the lifecycle
 * refuse comes in their domains (RETOUR_STORE_ERROR, RETOUR_RMA_ERROR). */
typedef enum
{
  RETOUR_DESK_ERROR_NOTE_REQUIRED,  /* outside the policy, and no note says why */
  RETOUR_DESK_ERROR_NOT_EXPECTED,   /* the return is not waiting for its parcel */
  RETOUR_DESK_ERROR_NOT_ON_ORDER,   /* an item the order does not (any longer) have */
} RetourDeskError;

GQuark            retour_desk_error_quark      (void);

/* Taking a return over the phone ------------------------------------------ */

/* One item that comes back. For an item of the order only
 * @order_line_id, @quantity and @reason_id count: the rest is the
 * order's. An item typed in has @order_line_id 0 and says what it is. */
typedef struct
{
  gint64       order_line_id;
  guint        quantity;       /* units coming back */
  gint64       reason_id;      /* 0: no reason given */

  /* Items typed in only */
  const char  *title;          /* required */
  const char  *sku;            /* may be NULL */
  RetourMoney  unit_price;     /* in the policy's currency */
} RetourPhoneReturnLine;

/* What the phone window gathered. Text is used as typed: surrounding
 * blanks are dropped, and blank counts as not given. */
typedef struct
{
  /* The order in Retour, or 0 for one it does not know: then the
   * customer and the order are written from what was typed below. */
  gint64                        order_id;
  const char                   *first_name;
  const char                   *last_name;
  const char                   *email;
  const char                   *phone;
  const char                   *order_number;   /* not given: one is made from the time */
  gint64                        delivered_us;   /* 0: not known */

  /* The policy the customer was told about; 0: the current one. */
  gint64                        policy_id;
  const RetourPhoneReturnLine  *lines;
  guint                         n_lines;
  RetourResolution              resolution;
  /* Why a return the policy does not allow is accepted anyway: required
   * then, and written into its history; not used otherwise. */
  const char                   *override_note;

  /* How and when the customer gave notice of withdrawal: the call itself
   * (RETOUR_DECLARATION_PHONE, 0: now) unless staff say it came earlier
   * another way. It starts the law's 14 days to refund. */
  RetourDeclarationChannel      declared_via;
  gint64                        declared_us;
  /* The customer expressly agreed to store credit or an exchange instead
   * of their money back: without it a withdrawal is not resolved so. */
  gboolean                      consent_alternative;
} RetourPhoneReturn;

/* Creates the return of @request and authorizes it (which gives it its
 * number), together with the customer and order typed in and the
 * override's note. Each line gets its claim (retour_law_default_claim()):
 * the legal guarantee for a defect, else the statutory withdrawal while
 * its period runs, else a commercial return; only a commercial return
 * can need an override, since the law's rights are not the policy's to
 * refuse. Its parcel is due 14 days from today, the time the
 * law gives to send goods back once the shop is told, or by the last day
 * the policy gives an item if that is later. *@out_rma (may be NULL) is
 * the return as stored. */
gboolean          retour_desk_create_return    (RetourContext            *context,
                                                const RetourPhoneReturn  *request,
                                                RetourRma               **out_rma,
                                                GError                  **error);

/* Receiving ---------------------------------------------------------------- */

/* The return whose number was scanned or typed (@text, as read: any case,
 * dashes or not) if its parcel is expected (authorized or in transit),
 * ready to receive: every authorized unit received, and every received
 * unit accepted, unless it already says otherwise. */
RetourRma        *retour_desk_find_expected    (RetourContext  *context,
                                                const char     *text,
                                                GError        **error);
/* Whether the parcel of @rma is expected: RETOUR_DESK_ERROR_NOT_EXPECTED
 * with the number and status otherwise. */
gboolean          retour_desk_check_expected   (const RetourRma *rma,
                                                GError         **error);
/* Marks @rma received with its lines as they are (quantities, conditions,
 * dispositions), and with @inspect inspected as well, which puts the
 * accepted units in stock: both or neither. Refused when the return as
 * stored is no longer expected (received meanwhile). On failure @rma is
 * as it was. */
gboolean          retour_desk_receive          (RetourContext  *context,
                                                RetourRma      *rma,
                                                gboolean        inspect,
                                                GError        **error);

/* The editor's steps -------------------------------------------------------- */

/* Writes the fields and lines of a stored return as edited (not its
 * status). On failure @rma is as it was. */
gboolean          retour_desk_save_return      (RetourContext  *context,
                                                RetourRma      *rma,
                                                GError        **error);
/* Moves @rma to @to with its edits, @note (may be NULL) in its history;
 * the lifecycle and the stores say what is allowed. On failure @rma is as
 * it was. */
gboolean          retour_desk_transition       (RetourContext    *context,
                                                RetourRma        *rma,
                                                RetourRmaStatus   to,
                                                const char       *note,
                                                GError          **error);
/* Rejects @rma, made from a customer's request in a storefront, for
 * @reason (which the storefront is told) with @note (may be NULL) in its
 * history and, when the storefront has a message, to the customer. On
 * failure @rma is as it was. */
gboolean          retour_desk_decline_request  (RetourContext        *context,
                                                RetourRma            *rma,
                                                RetourDeclineReason   reason,
                                                const char           *note,
                                                GError              **error);
/* Records the condition of what came back: accepted units go into stock
 * by their disposition. */
gboolean          retour_desk_inspect          (RetourContext  *context,
                                                RetourRma      *rma,
                                                GError        **error);
gboolean          retour_desk_cancel           (RetourContext  *context,
                                                RetourRma      *rma,
                                                const char     *note,
                                                GError        **error);
/* Attaches a photo or document; its time is the context's. */
gboolean          retour_desk_add_attachment   (RetourContext     *context,
                                                RetourAttachment  *attachment,
                                                GError           **error);
gboolean          retour_desk_remove_attachment (RetourContext  *context,
                                                 gint64          attachment_id,
                                                 GError        **error);

/* Refunds ------------------------------------------------------------------ */

/* Records @refund (its rma_id, amount, method, note, idempotency key) at
 * the context's time and in the actor's name and, when the return's
 * order came from a storefront that takes refunds back, queues it to be
 * written back there: both in one transaction, so a refund recorded is
 * never left unsent by a crash in between. *@out_write_back_to (may be
 * NULL) is that storefront, or NULL when nothing was queued; sending is
 * the caller's (the sync scheduler, retour-cli sync). */
gboolean          retour_desk_record_refund    (RetourContext      *context,
                                                RetourRefund       *refund,
                                                RetourStorefront  **out_write_back_to,
                                                GError            **error);

/* Overdue returns ------------------------------------------------------------ */

/* Expires every return whose parcel was due before today (in the
 * context's time zone): all or none. *@out_n_expired (may be NULL) says
 * how many. */
gboolean          retour_desk_expire_overdue   (RetourContext  *context,
                                                guint          *out_n_expired,
                                                GError        **error);
/* The same on a worker thread, over a connection of its own to the
 * context's database (with the context's clock, time zone and actor): a
 * shop with many returns need not wait. The caller's connection does not
 * see it as its own commit; a view reloads when it is told it is done. */
void              retour_desk_expire_overdue_async  (RetourContext        *context,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          retour_desk_expire_overdue_finish (GAsyncResult  *result,
                                                     guint         *out_n_expired,
                                                     GError       **error);

/* Stock ------------------------------------------------------------------------ */

/* Puts @quantity held units of a product back on hand: the repair is
 * done. @note may be NULL. */
gboolean          retour_desk_finish_repair    (RetourContext  *context,
                                                gint64          product_id,
                                                gint64          quantity,
                                                const char     *note,
                                                GError        **error);
/* Writes off @quantity held units of a product. @note may be NULL. */
gboolean          retour_desk_write_off_held   (RetourContext  *context,
                                                gint64          product_id,
                                                gint64          quantity,
                                                const char     *note,
                                                GError        **error);
/* Corrects a count by @delta (≠ 0); @note says why and is required. */
gboolean          retour_desk_correct_stock    (RetourContext      *context,
                                                gint64              product_id,
                                                RetourStockBucket   bucket,
                                                gint64              delta,
                                                const char         *note,
                                                GError            **error);

G_END_DECLS
