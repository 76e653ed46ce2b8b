/* retour-label-mail.c — the label e-mail in the customer's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message goes to the customer, in their language, while Retour runs
 * in the shop's: gettext can only give the one language of the process,
 * and switching it for a moment would change it for every thread. So the
 * message is kept here in each language Retour is translated to. The
 * translations of these few lines live in this table, not in po/: a
 * translator adding a language adds a row.
 */
#define G_LOG_DOMAIN "retour-labels"

#include "config.h"

#include "retour-label-mail.h"
#include "retour-text.h"

typedef struct
{
  const char *language;
  const char *subject;
  const char *body;
  const char *deadline;   /* a sentence with {deadline} */
  const char *greeting;   /* "Hello {name}," */
  const char *date;       /* how the deadline is written */
} Message;

/* {number}, {order}, {name}, {deadline} and {shop} are filled in. */
static const Message messages[] = {
  {
    "en",
    "Your return label for return {number}",
    "Please find attached the return label for your return {number} (order {order}).\n\n"
    "Print the label, put the items and the return form in the parcel and stick the label on it, "
    "with the barcode flat and fully visible.",
    " Please hand the parcel to the carrier by {deadline}.",
    "Hello {name},",
    "%d/%m/%Y",
  },
  {
    "nl",
    "Je retourlabel voor retour {number}",
    "In de bijlage vind je het retourlabel voor je retour {number} (bestelling {order}).\n\n"
    "Print het label, doe de artikelen en het retourformulier in het pakket en plak het label erop, "
    "met de streepjescode vlak en goed zichtbaar.",
    " Geef het pakket uiterlijk {deadline} af bij de vervoerder.",
    "Hallo {name},",
    "%d-%m-%Y",
  },
  {
    "fr",
    "Votre étiquette de retour pour le retour {number}",
    "Vous trouverez ci-joint l’étiquette de retour pour votre retour {number} (commande {order}).\n\n"
    "Imprimez l’étiquette, placez les articles et le formulaire de retour dans le colis et collez-y "
    "l’étiquette, le code-barres bien à plat et entièrement visible.",
    " Merci de remettre le colis au transporteur au plus tard le {deadline}.",
    "Bonjour {name},",
    "%d/%m/%Y",
  },
  {
    "de",
    "Ihr Rücksendeetikett für die Rücksendung {number}",
    "Anbei erhalten Sie das Rücksendeetikett für Ihre Rücksendung {number} (Bestellung {order}).\n\n"
    "Drucken Sie das Etikett aus, legen Sie die Artikel und das Rücksendeformular in das Paket und "
    "kleben Sie das Etikett darauf, mit dem Strichcode glatt und vollständig sichtbar.",
    " Bitte geben Sie das Paket bis spätestens {deadline} beim Versanddienstleister ab.",
    "Guten Tag {name},",
    "%d.%m.%Y",
  },
  {
    "pl",
    "Etykieta zwrotna do zwrotu {number}",
    "W załączniku przesyłamy etykietę zwrotną do zwrotu {number} (zamówienie {order}).\n\n"
    "Wydrukuj etykietę, włóż produkty i formularz zwrotu do paczki i naklej na nią etykietę tak, "
    "aby kod kreskowy był płaski i w pełni widoczny.",
    " Nadaj paczkę u przewoźnika najpóźniej {deadline}.",
    "Dzień dobry {name},",
    "%d.%m.%Y",
  },
};

static const Message *
find_message (const char *language)
{
  g_autofree char *code = NULL;

  if (language == NULL || *language == '\0')
    return NULL;

  /* "nl_BE.UTF-8", "de-AT" -> "nl", "de" */
  code = g_ascii_strdown (language, MIN (strcspn (language, "_-.@"), 8));

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    if (g_str_equal (messages[i].language, code))
      return &messages[i];

  return NULL;
}

gboolean
retour_label_mail_has_language (const char *language)
{
  return find_message (language) != NULL;
}

static char *
fill (const char *text,
      const char *name,
      const char *value)
{
  g_autoptr(GString) out = g_string_new (text);
  g_autofree char *placeholder = g_strdup_printf ("{%s}", name);

  g_string_replace (out, placeholder, value != NULL ? value : "", 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
retour_label_mail_compose (const RetourLabelData  *data,
                           const char             *fallback_language,
                           char                  **subject,
                           char                  **body)
{
  const Message *message;
  g_autofree char *number = NULL;
  g_autofree char *deadline = NULL;
  /* As the storefront and the shop typed them: one line each, so that
   * nothing in a name can add lines of its own to the letter, and a
   * line's worth, so that the message stays a message. */
  g_autofree char *name = retour_text_for_display (data->customer_name, RETOUR_TEXT_MAX_LINE,
                                                   RETOUR_TEXT_ONE_LINE);
  g_autofree char *shop = retour_text_for_display (data->shop_name, RETOUR_TEXT_MAX_LINE,
                                                   RETOUR_TEXT_ONE_LINE);
  g_autofree char *order = retour_text_for_display (data->order_number, RETOUR_TEXT_MAX_LINE,
                                                    RETOUR_TEXT_ONE_LINE);
  g_autoptr(GString) text = g_string_new (NULL);
  const char * const *languages = g_get_language_names ();
  /* The customer's name last, so that nothing typed in it is filled in. */
  const char *fields[][2] = { { "number", NULL }, { "order", NULL }, { "deadline", NULL },
                              { "shop", NULL }, { "name", NULL } };

  g_return_if_fail (data != NULL);
  g_return_if_fail (subject != NULL && body != NULL);

  message = find_message (data->language);
  if (message == NULL)
    message = find_message (fallback_language);
  for (guint i = 0; message == NULL && languages[i] != NULL; i++)
    message = find_message (languages[i]);
  if (message == NULL)
    message = &messages[0];

  number = retour_rma_number_display (data->rma_number != NULL ? data->rma_number : "");
  if (data->due_us > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (data->due_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) due = NULL;

      if (utc != NULL)
        due = data->time_zone != NULL ? g_date_time_to_timezone (utc, data->time_zone) : g_date_time_to_local (utc);
      deadline = due != NULL ? g_date_time_format (due, message->date) : NULL;
    }

  fields[0][1] = number;
  fields[1][1] = order != NULL ? order : "—";
  fields[2][1] = deadline;
  fields[3][1] = shop;
  fields[4][1] = name;

  if (name != NULL && *name != '\0')
    g_string_append_printf (text, "%s\n\n", message->greeting);
  else
    {
      /* No name: the greeting without it ("Hello,"). */
      g_autofree char *bare = fill (message->greeting, "name", "");
      char *space = strstr (bare, " ,");

      if (space != NULL)
        memmove (space, space + 1, strlen (space + 1) + 1);
      g_string_append_printf (text, "%s\n\n", bare);
    }
  g_string_append (text, message->body);
  if (deadline != NULL)
    g_string_append (text, message->deadline);
  if (shop != NULL && *shop != '\0')
    g_string_append_printf (text, "\n\n%s", shop);
  g_string_append_c (text, '\n');

  *subject = g_strdup (message->subject);
  *body = g_string_free (g_steal_pointer (&text), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char *filled = fill (*subject, fields[i][0], fields[i][1]);

      g_free (*subject);
      *subject = filled;
      filled = fill (*body, fields[i][0], fields[i][1]);
      g_free (*body);
      *body = filled;
    }
}
