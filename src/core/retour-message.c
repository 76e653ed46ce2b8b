/* retour-message.c — the messages a return sends its customer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-message.h"

/* The one context of every default subject and body: they are looked up
 * in the customer's catalog with it (retour_catalog_pgettext()). */
#define CONTEXT "customer message"

typedef struct
{
  const char *subject;
  const char *body;
} Template;

/* In the order of RetourMessageStep. */
static const Template templates[RETOUR_MESSAGE_N_STEPS] = {
  {
    /* Translators: the subject of the e-mail a customer gets when their return request
     * reaches the shop. {order} is their order number ("#1042"). */
    NC_ ("customer message", "We have received your return request for order {order}"),
    /* Translators: the e-mail a customer gets when their return request reaches the shop.
     * Keep the placeholders in braces as they are: {name} is the customer's name (the
     * greeting loses it when there is none), {order} the order number, {items} the
     * items the customer asked to return, one per line ("2 × Blue shirt"), {shop} the
     * shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "Thank you for your return request for order {order}. We have received it and "
         "will let you know shortly whether it is approved and how to send the items back.\n"
         "\n"
         "You asked to return:\n"
         "{items}\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the acknowledgement of a customer's withdrawal from
     * their purchase (the legal right to withdraw within 14 days). {order} is the order
     * number. */
    NC_ ("customer message", "Acknowledgement of your withdrawal from order {order}"),
    /* Translators: the acknowledgement the law requires when a customer withdraws from
     * a purchase; it is their durable record of it. Keep the placeholders as they are:
     * {name} the customer's name, {declared} the date and time the shop received the
     * notice ("14/08/2026 15:42"), {order} the order number, {items} the items
     * concerned, one per line, {rma} the return number, {deadline} the last day to
     * send the items, {shop} the shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "We confirm that on {declared} we received your notice that you withdraw from "
         "the contract for order {order}.\n"
         "\n"
         "Your withdrawal concerns:\n"
         "{items}\n"
         "\n"
         "Your return number is {rma}. Please send the items back by {deadline}.\n"
         "\n"
         "Please keep this message: it records your withdrawal and when we received it.\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the e-mail saying a return is approved. {rma} is the
     * return number ("R26-000123-K"). */
    NC_ ("customer message", "Your return {rma} is approved"),
    /* Translators: the e-mail saying a return is approved. Keep the placeholders as
     * they are: {name} the customer's name, {rma} the return number, {order} the order
     * number, {items} the items to send back, one per line, {label} a sentence saying
     * the return label is attached (empty when there is no label), {deadline} the last
     * day to hand the parcel to the carrier, {shop} the shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "Your return {rma} for order {order} is approved.\n"
         "\n"
         "Please send back:\n"
         "{items}\n"
         "\n"
         "{label}Please hand the parcel to the carrier by {deadline}.\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the e-mail saying a return request was turned down.
     * {order} is the order number. */
    NC_ ("customer message", "Your return request for order {order}"),
    /* Translators: the e-mail saying a return request was turned down. Keep the
     * placeholders as they are: {name} the customer's name, {order} the order number,
     * {items} the items, one per line, {reason} why, as the shop wrote it, {shop} the
     * shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "We are sorry: we cannot accept the return of these items from order {order}:\n"
         "{items}\n"
         "\n"
         "The reason: {reason}\n"
         "\n"
         "If you have any questions, simply reply to this message.\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the e-mail saying the returned parcel arrived. {rma}
     * is the return number. */
    NC_ ("customer message", "We have received your return {rma}"),
    /* Translators: the e-mail saying the returned parcel arrived at the shop. Keep the
     * placeholders as they are: {name} the customer's name, {rma} the return number,
     * {order} the order number, {items} the items received, one per line, {shop} the
     * shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "Your parcel with return {rma} (order {order}) has arrived. It contained:\n"
         "{items}\n"
         "\n"
         "We will check the items and let you know as soon as your return is settled.\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the e-mail saying money was paid back. {rma} is the
     * return number. */
    NC_ ("customer message", "Your refund for return {rma}"),
    /* Translators: the e-mail saying money was paid back. Keep the placeholders as they
     * are: {name} the customer's name, {refund} the amount paid back with its currency
     * ("€ 49.90"), {rma} the return number, {order} the order number, {items} the items
     * returned, one per line, {shop} the shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "We have paid you back {refund} for your return {rma} (order {order}).\n"
         "\n"
         "Returned items:\n"
         "{items}\n"
         "\n"
         "Depending on your bank or payment method, it may take a few days before you see "
         "the amount.\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the e-mail saying store credit was issued for a
     * return. {rma} is the return number. */
    NC_ ("customer message", "Your store credit for return {rma}"),
    /* Translators: the e-mail saying store credit was issued. Keep the placeholders as
     * they are: {name} the customer's name, {refund} the credit's amount with its
     * currency, {rma} the return number, {order} the order number, {items} the items
     * returned, one per line, {shop} the shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "For your return {rma} (order {order}) we have issued store credit of {refund}.\n"
         "\n"
         "Returned items:\n"
         "{items}\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the e-mail saying the exchange item was sent. {rma}
     * is the return number. */
    NC_ ("customer message", "Your exchange for return {rma} is on its way"),
    /* Translators: the e-mail saying the exchange was sent. Keep the placeholders as
     * they are: {name} the customer's name, {rma} the return number, {order} the order
     * number, {items} the items returned, one per line, {shop} the shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "We have sent you the exchange for your return {rma} (order {order}).\n"
         "\n"
         "Returned items:\n"
         "{items}\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
  {
    /* Translators: the subject of the notice telling a customer their faulty item will
     * be repaired or replaced. {rma} is the return number. */
    NC_ ("customer message", "Repair or replacement for return {rma}"),
    /* Translators: the notice the law requires before a faulty item is repaired or
     * replaced under the legal guarantee: which remedy, and that a repair extends the
     * guarantee by 12 months. Keep the placeholders as they are: {name} the customer's
     * name, {rma} the return number, {order} the order number, {items} the items, one
     * per line, {shop} the shop's name. */
    NC_ ("customer message",
         "Hello {name},\n"
         "\n"
         "We have checked the items of your return {rma} (order {order}):\n"
         "{items}\n"
         "\n"
         "They are faulty, and we will repair or replace them free of charge under the "
         "legal guarantee. If an item is repaired, its legal guarantee is extended by "
         "12 months. If you prefer the other remedy, please reply to this message before "
         "we carry it out.\n"
         "\n"
         "Kind regards,\n"
         "{shop}"),
  },
};

static const char * const placeholders[] = {
  "rma", "order", "items", "refund", "deadline", "declared", "reason", "label", "shop", "name", NULL
};

const char * const *
retour_message_get_placeholders (void)
{
  return placeholders;
}

const char *
retour_message_step_get_label (RetourMessageStep step)
{
  switch (step)
    {
    case RETOUR_MESSAGE_STEP_REQUEST_RECEIVED:
      return _("Request received");
    case RETOUR_MESSAGE_STEP_WITHDRAWAL_ACKNOWLEDGED:
      return _("Withdrawal acknowledged");
    case RETOUR_MESSAGE_STEP_APPROVED:
      return _("Return approved");
    case RETOUR_MESSAGE_STEP_REJECTED:
      return _("Return rejected");
    case RETOUR_MESSAGE_STEP_PARCEL_RECEIVED:
      return _("Parcel received");
    case RETOUR_MESSAGE_STEP_REFUND_PAID:
      return _("Refund paid");
    case RETOUR_MESSAGE_STEP_CREDIT_ISSUED:
      return _("Store credit issued");
    case RETOUR_MESSAGE_STEP_EXCHANGE_SENT:
      return _("Exchange sent");
    case RETOUR_MESSAGE_STEP_REPAIR_NOTICE:
      return _("Repair or replacement notice");
    default:
      return NULL;
    }
}

const char *
retour_message_channel_get_label (RetourMessageChannel channel)
{
  switch (channel)
    {
    case RETOUR_MESSAGE_CHANNEL_OFF:
      return _("Not sent");
    case RETOUR_MESSAGE_CHANNEL_STOREFRONT:
      return _("Storefront notification");
    case RETOUR_MESSAGE_CHANNEL_SMTP:
      return _("E-mail");
    case RETOUR_MESSAGE_CHANNEL_HANDOFF:
      return _("Mail client");
    default:
      return NULL;
    }
}

const char *
retour_message_mode_get_label (RetourMessageMode mode)
{
  switch (mode)
    {
    case RETOUR_MESSAGE_MODE_AUTOMATIC:
      return _("Automatically");
    case RETOUR_MESSAGE_MODE_CONFIRM:
      return _("After staff confirm");
    default:
      return NULL;
    }
}

const char *
retour_message_state_get_label (RetourMessageState state)
{
  switch (state)
    {
    case RETOUR_MESSAGE_STATE_AWAITING_CONFIRMATION:
      return _("Waiting to be confirmed");
    case RETOUR_MESSAGE_STATE_QUEUED:
      return _("Waiting to be sent");
    case RETOUR_MESSAGE_STATE_SENDING:
      return _("Being sent");
    case RETOUR_MESSAGE_STATE_SENT:
      return _("Sent");
    case RETOUR_MESSAGE_STATE_FAILED:
      return _("Could not be sent");
    case RETOUR_MESSAGE_STATE_UNCERTAIN:
      return _("Perhaps sent");
    default:
      return NULL;
    }
}

static const char *
lookup_value (const RetourMessageValues *values,
              const char                *name,
              gsize                      length)
{
  const char * const fields[] = {
    values->rma, values->order, values->items, values->refund, values->deadline,
    values->declared, values->reason, values->label, values->shop, values->name,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (placeholders) - 1);

  for (guint i = 0; placeholders[i] != NULL; i++)
    if (strlen (placeholders[i]) == length && strncmp (placeholders[i], name, length) == 0)
      return fields[i] != NULL ? fields[i] : "";

  return NULL;
}

static void
append_value (GString    *out,
              const char *value,
              gboolean    one_line)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\r' && p[1] == '\n')
        continue;
      if (one_line && (*p == '\r' || *p == '\n'))
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p == '\r' ? '\n' : *p);
    }
}

char *
retour_message_render (const char                 *template,
                       const RetourMessageValues  *values,
                       gboolean                    one_line)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (template != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  out = g_string_sized_new (strlen (template) + 256);
  p = template;
  while (*p != '\0')
    {
      const char *close;
      const char *value;

      if (*p != '{' || (close = strchr (p + 1, '}')) == NULL ||
          (value = lookup_value (values, p + 1, (gsize) (close - p - 1))) == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }

      /* "Hello {name}," without a name is "Hello,". */
      if (*value == '\0' && out->len > 0 && out->str[out->len - 1] == ' ' &&
          (close[1] == ',' || close[1] == '!'))
        g_string_truncate (out, out->len - 1);

      append_value (out, value, one_line);
      p = close + 1;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *
retour_message_default_subject (RetourMessageStep     step,
                                const RetourCatalog  *catalog)
{
  g_return_val_if_fail (step < RETOUR_MESSAGE_N_STEPS, NULL);

  return retour_catalog_pgettext (catalog, CONTEXT, templates[step].subject);
}

const char *
retour_message_default_body (RetourMessageStep     step,
                             const RetourCatalog  *catalog)
{
  g_return_val_if_fail (step < RETOUR_MESSAGE_N_STEPS, NULL);

  return retour_catalog_pgettext (catalog, CONTEXT, templates[step].body);
}

const char *
retour_message_label_sentence (const RetourCatalog *catalog)
{
  /* Translators: a paragraph of the e-mail saying a return is approved, shown only
   * when the return label is attached; it ends with a blank line before the next
   * paragraph. */
  return retour_catalog_pgettext (catalog, CONTEXT,
                                  NC_ ("customer message",
                                       "The return label is attached: print it, put the items in "
                                       "the parcel and stick the label on it, with the barcode flat "
                                       "and fully visible.\n\n"));
}

/* Where a country's customers are written to in one of Retour's
 * languages. Belgium is written to in Dutch, its most spoken language:
 * a Belgian order placed in French says so in its locale, which wins.
 * Switzerland likewise in German. */
static const struct
{
  const char *country;
  const char *language;
} country_languages[] = {
  { "NL", "nl" }, { "BE", "nl" }, { "SR", "nl" },
  { "FR", "fr" }, { "LU", "fr" }, { "MC", "fr" },
  { "DE", "de" }, { "AT", "de" }, { "CH", "de" }, { "LI", "de" },
  { "PL", "pl" },
};

const char *
retour_message_choose_language (const char *order_language,
                                const char *country)
{
  static const char * const ours[] = { "en", "nl", "fr", "de", "pl" };
  g_autofree char *code = retour_catalog_language_code (order_language);

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (ours); i++)
    if (g_str_equal (code, ours[i]))
      return ours[i];

  for (guint i = 0; country != NULL && i < G_N_ELEMENTS (country_languages); i++)
    if (g_ascii_strcasecmp (country, country_languages[i].country) == 0)
      return country_languages[i].language;

  return "en";
}
