/* retour-message-store.h — messages to the customer, kept as sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The step a message reports queues it in the same transaction
 * (retour_message_store_queue()): rendered there, in the customer's
 * language, through the channel and in the mode the shop chose for the
 * step. A return has at most one message per step (per refund for the
 * money steps), whatever its channel: a step is never told twice. An
 * outbox (src/sync/retour-outbox.h) claims what is due, sends it and
 * records how it went; a storefront's sync does the same for the
 * storefront channel (retour_message_store_record_storefront()).
 *
 * The message is its own record: the exact subject and body, the
 * attachments' bytes and SHA-256, the recipient, the channel, the
 * Message-ID and the times stay in customer_message; the return's
 * history (rma_event, kind "message") gets a line whenever a message is
 * sent, handed to the mail client, fails or becomes uncertain, and when
 * a step is not told because the customer has no e-mail address.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

/* The SMTP account the outbox sends through. The password is never
 * here: it lives in the keyring (retour-keyring.h) or a private file. */
#define RETOUR_SETTING_SMTP_HOST      "smtp-host"
#define RETOUR_SETTING_SMTP_PORT      "smtp-port"      /* default: 587, or 465 for tls */
#define RETOUR_SETTING_SMTP_SECURITY  "smtp-security"  /* "starttls", "tls", "none" */
#define RETOUR_SETTING_SMTP_USER      "smtp-user"
#define RETOUR_SETTING_SMTP_FROM      "smtp-from"      /* default: the shop's e-mail */

/* A message is given up (failed) after this many tries that the server
 * answered "later" or that did not reach it. */
#define RETOUR_MESSAGE_MAX_ATTEMPTS 10

typedef struct
{
  char    *name;
  char    *mime_type;
  char    *sha256;      /* hex, of data */
  GBytes  *data;        /* NULL in lists */
  gsize    size;
} RetourMessageAttachment;

typedef struct
{
  gint64                id;
  gint64                rma_id;
  RetourMessageStep     step;
  gint64                reference;      /* the refund of a money step, else 0 */
  char                 *language;       /* "en", "nl", … */
  RetourMessageChannel  channel;
  gint64                store_id;       /* a storefront message's storefront, else 0 */
  char                 *recipient;      /* the customer's e-mail; may be NULL for a storefront */
  char                 *subject;
  char                 *body;
  RetourMessageState    state;
  guint                 attempts;
  gint64                next_attempt_us;
  char                 *last_error;
  gint64                created_us;
  gint64                sent_us;
  char                 *message_id;     /* "<…@…>" */
  GPtrArray            *attachments;    /* of RetourMessageAttachment*, owned */

  /* Read-only context, filled when loaded. */
  char                 *rma_number;     /* compact; NULL before authorization */
  char                 *order_external_id;  /* the storefront's id of the order */
} RetourMessage;

void            retour_message_attachment_free (RetourMessageAttachment *attachment);
void            retour_message_free            (RetourMessage           *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourMessageAttachment, retour_message_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourMessage, retour_message_free)

/* The shop's choices per step. Until it chooses, every step is off:
 * Retour does not start writing to customers without being told to. */
RetourMessageChannel retour_message_store_get_channel (RetourDatabase        *db,
                                                       RetourMessageStep      step,
                                                       GError               **error);
gboolean        retour_message_store_set_channel  (RetourDatabase        *db,
                                                   RetourMessageStep      step,
                                                   RetourMessageChannel   channel,
                                                   GError               **error);
RetourMessageMode retour_message_store_get_mode   (RetourDatabase        *db,
                                                   RetourMessageStep      step,
                                                   GError               **error);
gboolean        retour_message_store_set_mode     (RetourDatabase        *db,
                                                   RetourMessageStep      step,
                                                   RetourMessageMode      mode,
                                                   GError               **error);

/* The template of @step in @language ("en", "nl", "fr", "de", "pl"): the
 * shop's when it wrote one (*@edited TRUE), else Retour's own. */
gboolean        retour_message_store_get_template (RetourDatabase        *db,
                                                   RetourMessageStep      step,
                                                   const char            *language,
                                                   char                 **subject,
                                                   char                 **body,
                                                   gboolean              *edited,
                                                   GError               **error);
/* The shop's own template; @subject and @body NULL go back to Retour's. */
gboolean        retour_message_store_set_template (RetourDatabase        *db,
                                                   RetourMessageStep      step,
                                                   const char            *language,
                                                   const char            *subject,
                                                   const char            *body,
                                                   gint64                 now_us,
                                                   GError               **error);

/* Queues the message of @step for return @rma_id, inside the caller's
 * transaction (or one of its own): rendered in the customer's language
 * with the shop's template, through the step's channel, waiting for
 * staff or queued to send now as the step's mode says; an approval
 * carries the return's newest label. Does nothing when the step's
 * channel is off, or when the return already has this step's message.
 * A message that needs an e-mail address (e-mail, mail client) and has
 * none (or one that is not an address) is not written; the return's
 * history says so. The storefront channel is used when the return's
 * order came from a storefront that has the step's notification
 * (WooCommerce: an order note to the customer, any step; Shopify:
 * approved and rejected, sent with the decision whatever the step's
 * mode); otherwise e-mail stands in. For the money
 * steps use retour_message_store_queue_refund(). */
gboolean        retour_message_store_queue        (RetourDatabase        *db,
                                                   gint64                 rma_id,
                                                   RetourMessageStep      step,
                                                   gint64                 now_us,
                                                   GError               **error);
/* Queues what @rma, just moved to its status, tells the customer:
 * authorized, approved; rejected, rejected; received, parcel received;
 * inspected as a repair or replacement, the repair notice; resolved as
 * an exchange, exchange sent. Inside the caller's transaction. */
gboolean        retour_message_store_queue_for_status (RetourDatabase    *db,
                                                       const RetourRma   *rma,
                                                       gint64             now_us,
                                                       GError           **error);
/* retour_rma_store_transition() and retour_message_store_queue_for_status()
 * in one transaction (a savepoint inside the caller's): the step and
 * what it tells the customer, both or neither. */
gboolean        retour_message_store_transition   (RetourDatabase        *db,
                                                   RetourRma             *rma,
                                                   RetourRmaStatus        to,
                                                   const char            *actor,
                                                   const char            *note,
                                                   gint64                 now_us,
                                                   GError               **error);
/* Queues the confirmation of refund @refund_id: refund paid, or store
 * credit issued for a refund paid as credit. Each refund is confirmed
 * once, so a return refunded in parts tells each part. */
gboolean        retour_message_store_queue_refund (RetourDatabase        *db,
                                                   gint64                 refund_id,
                                                   gint64                 now_us,
                                                   GError               **error);

/* The messages of return @rma_id (0: of every return), oldest first,
 * without their attachments' bytes: RetourMessage*. */
GPtrArray      *retour_message_store_list         (RetourDatabase        *db,
                                                   gint64                 rma_id,
                                                   GError               **error);
/* Messages that staff should look at, oldest first: failed, uncertain,
 * or tried @min_attempts times without success. For Needs Action. */
GPtrArray      *retour_message_store_list_troubled (RetourDatabase       *db,
                                                    guint                 min_attempts,
                                                    GError              **error);
/* Messages waiting for staff, oldest first: to be confirmed, to be
 * opened in the mail client, failed or uncertain. */
GPtrArray      *retour_message_store_list_for_staff (RetourDatabase      *db,
                                                     GError             **error);
/* How many messages return @rma_id has, sent or not. */
gint64          retour_message_store_count        (RetourDatabase        *db,
                                                   gint64                 rma_id,
                                                   GError               **error);
/* One message with its attachments' bytes, as sent. */
RetourMessage  *retour_message_store_load         (RetourDatabase        *db,
                                                   gint64                 id,
                                                   GError               **error);

/* Staff confirm a message that waits for them: it is queued. */
gboolean        retour_message_store_confirm      (RetourDatabase        *db,
                                                   gint64                 id,
                                                   const char            *actor,
                                                   gint64                 now_us,
                                                   GError               **error);
/* Staff decide on a message that failed or is uncertain: @resend queues
 * it again (staff know it did not arrive); otherwise it is recorded as
 * sent (staff know it did). */
gboolean        retour_message_store_settle       (RetourDatabase        *db,
                                                   gint64                 id,
                                                   gboolean               resend,
                                                   const char            *actor,
                                                   gint64                 now_us,
                                                   GError               **error);

/* For an outbox: takes up to @limit queued messages of @channel (and of
 * storefront @store_id; 0: of any) due at @now_us and marks them being sent until @now_us + @lease_us, in one
 * transaction, so that another desk's outbox leaves them. A message
 * still marked being sent after its lease (its outbox stopped midway)
 * becomes uncertain first. Returns RetourMessage* with their
 * attachments. An approval without a label gets the label made since
 * it was queued. */
GPtrArray      *retour_message_store_claim_due    (RetourDatabase        *db,
                                                   RetourMessageChannel   channel,
                                                   gint64                 store_id,
                                                   gint64                 now_us,
                                                   gint64                 lease_us,
                                                   guint                  limit,
                                                   GError               **error);

typedef enum
{
  RETOUR_MESSAGE_OUTCOME_SENT,
  RETOUR_MESSAGE_OUTCOME_RETRY,      /* not delivered; try again later */
  RETOUR_MESSAGE_OUTCOME_FAILED,     /* refused for good */
  RETOUR_MESSAGE_OUTCOME_UNCERTAIN,  /* may have been delivered */
  RETOUR_MESSAGE_OUTCOME_HANDED_OFF, /* given to the desktop's mail client */
  RETOUR_MESSAGE_OUTCOME_UNTRIED,    /* taken but not tried (the run stopped before it):
                                      * queued again as it was */
} RetourMessageOutcome;

/* Records how sending message @id went; @detail says why for anything
 * but sent. A retry waits longer after each try (1, 5, 15, 60 minutes,
 * then 4 hours), and after RETOUR_MESSAGE_MAX_ATTEMPTS tries fails. */
gboolean        retour_message_store_record       (RetourDatabase        *db,
                                                   gint64                 id,
                                                   RetourMessageOutcome   outcome,
                                                   const char            *detail,
                                                   gint64                 now_us,
                                                   GError               **error);

/* For a storefront's sync: the queued storefront messages of store
 * @store_id (of every step), oldest first. */
GPtrArray      *retour_message_store_list_storefront (RetourDatabase     *db,
                                                      gint64              store_id,
                                                      GError            **error);
/* For a storefront's sync: the storefront was told of @step of return
 * @rma_id (Shopify's notifyCustomer went with the call that succeeded).
 * Records the queued (or waiting) storefront message of that step as
 * sent; nothing when there is none (the step's channel is another, or
 * it was recorded already). *@out_recorded (may be NULL) says whether
 * one was. */
gboolean        retour_message_store_record_storefront (RetourDatabase     *db,
                                                        gint64              rma_id,
                                                        RetourMessageStep   step,
                                                        gint64              now_us,
                                                        gboolean           *out_recorded,
                                                        GError            **error);

G_END_DECLS
