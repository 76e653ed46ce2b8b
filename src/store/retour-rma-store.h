/* retour-rma-store.h — reading and writing returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function that writes does so in one transaction (its own, or the
 * caller's if one is open), together with the rma_event rows that record
 * the change and the search index entry. On failure nothing is left behind
 * and the RetourRma passed in is as it was.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_RMA_EVENT (retour_rma_event_get_type ())

typedef struct
{
  gint64           id;
  gint64           rma_id;
  gint64           created_us;
  char            *actor;
  char            *kind;        /* "created", "status", "edited", "note", "label", … */
  RetourRmaStatus  from_status;  /* for "status": the step; for "created", */
  RetourRmaStatus  to_status;    /* both are the first status; otherwise both
                                  * are the status at the time */
  char            *detail;      /* free text: the note, what changed */
} RetourRmaEvent;

GType            retour_rma_event_get_type   (void) G_GNUC_CONST;
RetourRmaEvent  *retour_rma_event_new        (const char     *kind,
                                              gint64          created_us,
                                              const char     *actor);
RetourRmaEvent  *retour_rma_event_copy       (const RetourRmaEvent *event);
void             retour_rma_event_free       (RetourRmaEvent *event);

/* Stores a new RMA with its lines; fills in the ids. */
gboolean         retour_rma_store_insert     (RetourDatabase   *db,
                                              RetourRma        *rma,
                                              const char       *actor,
                                              GError          **error);
/* Writes back the fields and lines of a stored RMA (not its status: see
 * retour_rma_store_transition()). */
gboolean         retour_rma_store_update     (RetourDatabase   *db,
                                              RetourRma        *rma,
                                              const char       *actor,
                                              GError          **error);
RetourRma       *retour_rma_store_load       (RetourDatabase   *db,
                                              gint64            id,
                                              GError          **error);
/* @compact is a canonical number (see retour_rma_number_parse()). */
RetourRma       *retour_rma_store_find_by_number (RetourDatabase *db,
                                                  const char     *compact,
                                                  GError        **error);
/* Whether a return already has the number @number (compact). */
gboolean         retour_rma_store_number_in_use  (RetourDatabase *db,
                                                  const char     *number,
                                                  gboolean       *in_use,
                                                  GError        **error);
/* Moves a stored RMA to @to: issues its number when it is authorized,
 * writes the RMA (with its lines: set received quantities, conditions and
 * dispositions on @rma before moving it to received or inspected) and a
 * "status" event with @note (may be NULL). Moving to inspected puts each
 * line's accepted units through the stock ledger by its disposition: on
 * hand (restock), held (refurbish, repair) or written off (recycle, scrap,
 * return to vendor). When the RMA reaches the step at which its policy makes the
 * refund due (authorization, receipt or inspection), the refund is
 * computed by the policy, unless it was overridden. */
gboolean         retour_rma_store_transition (RetourDatabase   *db,
                                              RetourRma        *rma,
                                              RetourRmaStatus   to,
                                              const char       *actor,
                                              const char       *note,
                                              gint64            now_us,
                                              GError          **error);
/* The history of an RMA, oldest first: a GPtrArray of RetourRmaEvent*. */
GPtrArray       *retour_rma_store_list_events (RetourDatabase  *db,
                                               gint64           rma_id,
                                               GError         **error);
/* Stores an RMA together with a history that happened elsewhere (a
 * migration from another tool, the demo shop): @events (RetourRmaEvent*)
 * are written as given, in order. The history must be a valid path through
 * the lifecycle that ends at the RMA's status. */
gboolean         retour_rma_store_import     (RetourDatabase   *db,
                                              RetourRma        *rma,
                                              GPtrArray        *events,
                                              GError          **error);
/* Whether the refund of @rma is due at its status under its policy's
 * refund timing. */
gboolean         retour_rma_store_refund_is_due (RetourDatabase *db,
                                                 const RetourRma *rma,
                                                 GError        **error);

/* Adds a free-text note to the history. */
gboolean         retour_rma_store_add_note   (RetourDatabase   *db,
                                              gint64            rma_id,
                                              const char       *actor,
                                              const char       *note,
                                              gint64            now_us,
                                              GError          **error);
/* Number of returns in each status; @counts has RETOUR_RMA_N_STATUSES
 * entries. */
gboolean         retour_rma_store_count_by_status (RetourDatabase *db,
                                                   guint64        *counts,
                                                   GError        **error);

#define RETOUR_TYPE_REFUND (retour_refund_get_type ())

/* Money paid back for an RMA: a ledger, one row per payment. */
typedef struct
{
  gint64              id;
  gint64              rma_id;
  RetourMoney         amount;
  RetourRefundMethod  method;
  gint64              created_us;
  char               *actor;
  char               *note;
  char               *external_id;      /* the storefront's id, once written back */
  char               *idempotency_key;  /* NULL, or unique across all refunds */
} RetourRefund;

GType            retour_refund_get_type      (void) G_GNUC_CONST;
RetourRefund    *retour_refund_copy          (const RetourRefund *refund);
void             retour_refund_free          (RetourRefund       *refund);

/* Records a payment and a "refund" event; refuses to pay back more than
 * the RMA's refund amount in total. */
gboolean         retour_rma_store_add_refund (RetourDatabase   *db,
                                              RetourRefund     *refund,
                                              GError          **error);
GPtrArray       *retour_rma_store_list_refunds (RetourDatabase *db,
                                                gint64          rma_id,
                                                GError        **error);

#define RETOUR_TYPE_ATTACHMENT (retour_attachment_get_type ())

/* A photo or document attached to an RMA (or one of its lines). */
typedef struct
{
  gint64   id;
  gint64   rma_id;
  gint64   rma_line_id;   /* 0: the whole RMA */
  char    *filename;
  char    *mime_type;
  GBytes  *data;          /* NULL in lists: load it with _load_attachment() */
  gint64   created_us;
} RetourAttachment;

GType             retour_attachment_get_type  (void) G_GNUC_CONST;
RetourAttachment *retour_attachment_copy      (const RetourAttachment *attachment);
void              retour_attachment_free      (RetourAttachment       *attachment);

/* Stores @attachment (with its data) and an "attachment" event; fills in
 * its id. Refuses files over 20 MB. */
gboolean         retour_rma_store_add_attachment    (RetourDatabase   *db,
                                                     RetourAttachment *attachment,
                                                     const char       *actor,
                                                     GError          **error);
/* The attachments of an RMA without their data, oldest first. */
GPtrArray       *retour_rma_store_list_attachments  (RetourDatabase   *db,
                                                     gint64            rma_id,
                                                     GError          **error);
RetourAttachment *retour_rma_store_load_attachment  (RetourDatabase   *db,
                                                     gint64            id,
                                                     GError          **error);
gboolean         retour_rma_store_remove_attachment (RetourDatabase   *db,
                                                     gint64            id,
                                                     const char       *actor,
                                                     gint64            now_us,
                                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRmaEvent, retour_rma_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourAttachment, retour_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRefund, retour_refund_free)

G_END_DECLS
