/* retour-message.h — what a return tells its customer, and in which words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step of a return that the customer hears about (a request
 * received, a withdrawal acknowledged, approved, rejected, the parcel
 * received, the money back, …) has a message: a subject and a body with
 * placeholders, in the customer's language. Retour has one of each in
 * English, marked for translation and looked up in the customer's
 * language through a RetourCatalog; the shop may write its own
 * (src/store/retour-message-store.h keeps them). Rendering fills the
 * placeholders in one pass over the template, so that nothing a
 * customer typed (a name, a note) is ever read as a placeholder, and
 * values that go into one line (a subject, a name) lose their line
 * breaks.
 */
#pragma once

#include <glib.h>

#include "retour-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  RETOUR_MESSAGE_STEP_REQUEST_RECEIVED,        /* a storefront request became a return */
  RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED, /* the durable record of a withdrawal */
  RETOUR_MESSAGE_STEP_APPROVED,                /* authorized, with the label if there is one */
  RETOUR_MESSAGE_STEP_REJECTED,
  RETOUR_MESSAGE_STEP_PARCEL_RECEIVED,
  RETOUR_MESSAGE_STEP_REFUND_PAID,             /* one per refund recorded */
  RETOUR_MESSAGE_STEP_CREDIT_ISSUED,           /* one per refund paid as store credit */
  RETOUR_MESSAGE_STEP_EXCHANGE_SENT,
  RETOUR_MESSAGE_STEP_REPAIR_NOTICE,           /* repair or replacement, before it is done */
} RetourMessageStep;

#define RETOUR_MESSAGE_N_STEPS (RETOUR_MESSAGE_STEP_REPAIR_NOTICE + 1)

/* How a message reaches the customer. */
typedef enum
{
  RETOUR_MESSAGE_CHANNEL_OFF,         /* not sent at all */
  RETOUR_MESSAGE_CHANNEL_STOREFRONT,  /* the storefront's own notification */
  RETOUR_MESSAGE_CHANNEL_SMTP,        /* Retour's e-mail through the shop's server */
  RETOUR_MESSAGE_CHANNEL_HANDOFF,     /* handed to the desktop's mail client */
} RetourMessageChannel;

typedef enum
{
  RETOUR_MESSAGE_MODE_AUTOMATIC,
  RETOUR_MESSAGE_MODE_CONFIRM,        /* waits until staff confirm it */
} RetourMessageMode;

typedef enum
{
  RETOUR_MESSAGE_STATE_AWAITING_CONFIRMATION,
  RETOUR_MESSAGE_STATE_QUEUED,
  RETOUR_MESSAGE_STATE_SENDING,       /* taken by an outbox, not answered yet */
  RETOUR_MESSAGE_STATE_SENT,
  RETOUR_MESSAGE_STATE_FAILED,        /* refused for good: staff must look */
  RETOUR_MESSAGE_STATE_UNCERTAIN,     /* may have arrived: never sent again by itself */
} RetourMessageState;

/* Names for people ("Return approved", "E-mail", "After staff confirm",
 * "Waiting to be confirmed"), translated in the language Retour runs in. */
const char *retour_message_step_get_label    (RetourMessageStep     step);
const char *retour_message_channel_get_label (RetourMessageChannel  channel);
const char *retour_message_mode_get_label    (RetourMessageMode     mode);
const char *retour_message_state_get_label   (RetourMessageState    state);

/* What the placeholders stand for; NULL reads as empty. Values are used
 * as given: the caller makes them fit to show (retour_text_for_display()). */
typedef struct
{
  const char *rma;        /* {rma}: the return's number, "R26-000123-K" */
  const char *order;      /* {order}: the order's number as the shop shows it */
  const char *items;      /* {items}: one line per item, "2 × Blue shirt (M)" */
  const char *refund;     /* {refund}: an amount with its currency */
  const char *deadline;   /* {deadline}: a date, as the step means it */
  const char *declared;   /* {declared}: when the notice of withdrawal came, date and time */
  const char *reason;     /* {reason}: why a return was rejected */
  const char *label;      /* {label}: the sentence that says the label is attached, or empty */
  const char *shop;       /* {shop}: the shop's name */
  const char *name;       /* {name}: the customer's name */
} RetourMessageValues;

/* The placeholders a template may use, NULL-terminated, without braces. */
const char * const *retour_message_get_placeholders (void);

/* Fills @template's placeholders with @values in one pass: a value is
 * never read again for placeholders. An unknown "{word}" stays as it is.
 * With @one_line, line breaks in values become spaces (for a subject). A
 * greeting without a name ("Hello {name},") loses the space before the
 * comma. */
char       *retour_message_render            (const char                 *template,
                                              const RetourMessageValues  *values,
                                              gboolean                    one_line);

/* Retour's own subject and body of @step in @catalog's language (see
 * retour_catalog_get()). */
const char *retour_message_default_subject   (RetourMessageStep     step,
                                              const RetourCatalog  *catalog);
const char *retour_message_default_body      (RetourMessageStep     step,
                                              const RetourCatalog  *catalog);
/* The sentence {label} stands for when the label is attached. */
const char *retour_message_label_sentence    (const RetourCatalog  *catalog);

/* The language to write to a customer in: @order_language ("de_AT",
 * "nl") if Retour has it, else the one of the shipping @country (ISO
 * 3166-1 alpha-2), else English. "en", "nl", "fr", "de" or "pl". */
const char *retour_message_choose_language   (const char           *order_language,
                                              const char           *country);

G_END_DECLS
