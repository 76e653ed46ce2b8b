/* retour-list-cell.c — the text cell every table of the window shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-list-cell.h"
#include "retour-text.h"

GtkWidget *
retour_list_cell_new_inscription (float xalign,
                                  guint nat_chars)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), xalign);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);

  return inscription;
}

void
retour_list_cell_set_text (GtkWidget  *inscription,
                           const char *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_INSCRIPTION (inscription));

  shown = retour_text_for_display (text, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), shown);
}
