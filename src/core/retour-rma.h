/* retour-rma.h — a return (RMA) and its lines, as plain values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RMAs are boxed structs with public fields: the store loads one, the editor
 * changes a copy, and the store writes the copy back in one transaction.
 * When the write fails the copy — everything the user typed — is still there.
 *
 * Quantities per line: ordered ≥ requested ≥ authorized ≥ received ≥
 * accepted. Partial authorization and partial receipt are normal.
 */
#pragma once

#include <glib-object.h>

#include "retour-core-types.h"
#include "retour-money.h"

G_BEGIN_DECLS

#define RETOUR_RMA_ERROR (retour_rma_error_quark ())

typedef enum
{
  RETOUR_RMA_ERROR_TRANSITION,  /* the lifecycle has no such step */
  RETOUR_RMA_ERROR_QUANTITY,    /* quantities out of order (see above) */
  RETOUR_RMA_ERROR_INCOMPLETE,  /* the step needs something not yet there */
  RETOUR_RMA_ERROR_CURRENCY,    /* a line priced in another currency than the refund */
} RetourRmaError;

/* When only the order's dispatch is known, the customer is taken to have
 * had the goods this many days later, marked as an estimate. Later rather
 * than sooner: an estimate must not cut the withdrawal period short. */
#define RETOUR_POSSESSION_ESTIMATE_DAYS 3

#define RETOUR_TYPE_RMA_LINE (retour_rma_line_get_type ())
#define RETOUR_TYPE_RMA (retour_rma_get_type ())

typedef struct
{
  gint64             id;             /* 0 until stored */
  gint64             order_line_id;  /* 0 for a line entered by hand */
  gint64             product_id;     /* 0 when the product is not known */
  char              *sku;            /* may be NULL */
  char              *title;
  char              *category;       /* may be NULL; policy rules use it */
  RetourMoney        unit_price;
  guint              qty_ordered;
  guint              qty_requested;
  guint              qty_authorized;
  guint              qty_received;
  guint              qty_accepted;
  gint64             reason_id;      /* 0 = none chosen yet */
  RetourCondition    condition;
  RetourDisposition  disposition;
  char              *serial;
  char              *notes;
  RetourClaimKind    claim;           /* decided when the return is made */
  /* A deduction for handling beyond what was needed to establish the
   * item's nature (CRD art 14(2)): its own line, with a reason. */
  RetourMoney        diminished_value;
  char              *diminished_reason;

  /* Read-only context filled by the store when it loads an RMA (never
   * written back): what became of the order line in the storefront. */
  gboolean           gone_upstream;          /* removed from the order there */
  guint              qty_refunded_upstream;  /* units refunded there, not by Retour */
} RetourRmaLine;

typedef struct
{
  gint64              id;           /* 0 until stored; creation order */
  char               *number;       /* compact; NULL until authorized */
  RetourRmaStatus     status;
  gint64              order_id;     /* 0 for a return without a known order */
  gint64              customer_id;
  gint64              policy_id;    /* the policy version it was created under */
  RetourResolution    resolution;
  RetourRefundMethod  refund_method;
  RetourMoney         refund;       /* the amount due, computed or overridden */
  gboolean            refund_overridden;
  char               *override_note;  /* required when overridden */
  char               *notes;
  gint64              created_us;   /* UTC, microseconds since the epoch */
  gint64              updated_us;
  gint64              authorized_us;
  gint64              due_us;       /* parcel expected by (authorized only) */
  gint64              received_us;
  gint64              resolved_us;
  gint64              closed_us;
  /* The stored row's version, as loaded: a save of an older one is
   * refused, so that one desk never overwrites another's change. */
  gint64              version;

  /* The law's facts (see retour-law.h). UTC microseconds, 0 unknown. */
  gint64              possession_us;         /* the customer had the last parcel */
  gboolean            possession_estimated;  /* from the dispatch date, not a delivery */
  gboolean            possession_entered;    /* staff entered it; else it follows the
                                              * order's delivery (or dispatch) date */
  gint64              declared_us;           /* notice of withdrawal given */
  RetourDeclarationChannel declared_via;
  gint64              dispatch_proof_us;     /* carrier's first scan, or the customer's proof */
  /* The customer expressly agreed to store credit or an exchange in place
   * of a refund by the original means (CRD art 13(1)). */
  gboolean            consent_alternative;

  GPtrArray          *lines;        /* of RetourRmaLine*, owned */

  /* Read-only context filled by the store when it loads an RMA (never
   * written back): who and what the return is for. */
  char               *order_number;
  char               *customer_name;
  char               *customer_email;
  char               *customer_phone;
  char               *customer_language;  /* "nl", …; NULL when unknown */
  char               *country;            /* the order's shipping country, else the
                                           * customer's; NULL when unknown */
  RetourMoney         order_shipping;     /* what the order paid for delivery */
  guint               order_units;        /* units the order still has (0 unknown):
                                           * a withdrawal of all of them is whole */
  RetourMoney         order_value;        /* what those units are worth (0 unknown):
                                           * a partial withdrawal's share of the
                                           * delivery, pro rata by value */
} RetourRma;

GQuark          retour_rma_error_quark      (void);

GType           retour_rma_line_get_type    (void) G_GNUC_CONST;
RetourRmaLine  *retour_rma_line_new         (void);
RetourRmaLine  *retour_rma_line_copy        (const RetourRmaLine *line);
void            retour_rma_line_free        (RetourRmaLine       *line);
/* Checks the quantity chain of one line, and that it has a title. A line
 * entered by hand (order_line_id 0) with qty_ordered 0 has no known
 * ordered quantity, and only the rest of the chain is checked. */
gboolean        retour_rma_line_validate    (const RetourRmaLine *line,
                                             GError             **error);

GType           retour_rma_get_type         (void) G_GNUC_CONST;
/* A draft in @currency, created at @now_us. */
RetourRma      *retour_rma_new              (const char          *currency,
                                             gint64               now_us);
RetourRma      *retour_rma_copy             (const RetourRma     *rma);
void            retour_rma_free             (RetourRma           *rma);
/* Takes ownership of @line. A line whose unit price has no currency yet
 * ("") takes the RMA's refund currency. */
void            retour_rma_add_line         (RetourRma           *rma,
                                             RetourRmaLine       *line);
/* The quantity of a line that counts at the RMA's status: accepted once
 * inspected (inspected, resolved, closed, rejected), received once
 * received, authorized once authorized (authorized, in transit, expired),
 * else requested (draft, requested, cancelled). */
guint           retour_rma_line_effective_quantity (const RetourRmaLine *line,
                                                    RetourRmaStatus      status);
/* The quantity of @line that counts for @rma: its effective quantity,
 * except that a keep-it refund (resolved or closed without anything
 * received) counts the authorized units, since none come back. */
guint           retour_rma_get_line_quantity (const RetourRma     *rma,
                                              const RetourRmaLine *line);
/* Sum of retour_rma_get_line_quantity() over all lines. */
guint           retour_rma_count_units      (const RetourRma     *rma);
/* Puts @rma back as @saved, a copy made of it before a write that
 * failed, and takes what @rma had into @saved (to be freed). The line
 * objects of @rma stay where they are, their contents put back: a form
 * that edits them in place keeps editing the return. */
void            retour_rma_restore          (RetourRma           *rma,
                                             RetourRma           *saved);
/* Whether some line of @rma comes back under @claim. */
gboolean        retour_rma_has_claim        (const RetourRma     *rma,
                                             RetourClaimKind      claim);
/* Every line valid and priced in the refund currency, a note when the
 * refund is overridden, and on a withdrawal, store credit or an exchange
 * only with the customer's consent. */
gboolean        retour_rma_validate         (const RetourRma     *rma,
                                             GError             **error);

/* Whether @rma may move to @to now: the lifecycle table, a valid RMA
 * (retour_rma_validate()), plus what the step needs: authorizing needs an
 * authorized quantity and a number (the store issues it before the step);
 * receiving needs a received quantity; inspecting needs the condition of
 * every received line; resolving needs a resolution, and straight from
 * authorized only a keep-it one. */
gboolean        retour_rma_can_transition   (const RetourRma     *rma,
                                             RetourRmaStatus      to,
                                             GError             **error);
/* Moves @rma to @to at @now_us and sets the step's timestamp
 * (authorized_us, received_us, resolved_us; closed_us for every status
 * that ends the return: closed, rejected, cancelled, expired). The caller
 * (the store) records the event and writes the RMA in one transaction. */
gboolean        retour_rma_transition       (RetourRma           *rma,
                                             RetourRmaStatus      to,
                                             gint64               now_us,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRmaLine, retour_rma_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRma, retour_rma_free)

G_END_DECLS
