/* retour-law-text.h — the law's dates, said for staff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list of returns and the editor say the same things about a
 * withdrawal's deadlines in the same words.
 */
#pragma once

#include <glib.h>

#include "retour-law.h"

G_BEGIN_DECLS

/* A date as people read it here: "19/03/2026" in the user's locale. */
char *retour_law_text_date         (const GDate *date);

/* "Due by law on 19/03/2026, in 2 days", "… today", "… 3 days late";
 * late in France, also the surcharge the Code de la consommation adds.
 * @due_us is the end of the day it is due (RetourRma's refund due, as the
 * store keeps it), @country the customer's. */
char *retour_law_text_refund_due   (gint64       due_us,
                                    const char  *country,
                                    gint64       now_us);

G_END_DECLS
