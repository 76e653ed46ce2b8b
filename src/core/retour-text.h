/* retour-text.h — free text from a storefront or a person, made fit to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A label lays out every character it is given, and Pango's cost grows
 * faster than the text: a 10,000-character customer name kept the window
 * busy for minutes. So whatever shows text that somebody else typed (names,
 * addresses, order numbers, product titles, SKUs, notes) shows it through
 * retour_text_for_display() with one of the caps below. Only what is shown
 * is cut; what is stored and what an entry edits stay whole.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many characters of a text are shown. A name, e-mail address, phone
 * number, order number, SKU or product title is one line; longer ones are
 * not names any more, and the cut leaves enough to recognize them. */
#define RETOUR_TEXT_MAX_LINE  200
/* A note, or a history entry that quotes one: it wraps, but a label of
 * more than a screenful helps nobody (the entry that edits it has it all). */
#define RETOUR_TEXT_MAX_NOTE  2000

typedef enum
{
  RETOUR_TEXT_ONE_LINE  = 0,
  RETOUR_TEXT_MULTILINE = 1 << 0,  /* keep line breaks, as "\n" */
} RetourTextFlags;

char *retour_text_for_display (const char      *text,
                               gsize            max_chars,
                               RetourTextFlags  flags);

G_END_DECLS
