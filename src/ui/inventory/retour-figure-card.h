/* retour-figure-card.h — one figure of the inventory: what it counts,
 * the number, a line under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A card with a heading (the title), a big number (the value) and a
 * caption that says more about it. A card that warns shows an icon
 * beside its heading and its number in the error colour: a warning is
 * never said by colour alone.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_FIGURE_CARD (retour_figure_card_get_type ())

G_DECLARE_FINAL_TYPE (RetourFigureCard, retour_figure_card, RETOUR, FIGURE_CARD, GtkBox)

/* Properties:
 *   "title" (string): what the figure counts, as declared in a template. */

void retour_figure_card_set_title        (RetourFigureCard *self,
                                          const char       *title);
void retour_figure_card_set_value        (RetourFigureCard *self,
                                          const char       *value);
/* The caption, also as the tooltip: it wraps, and may not fit. */
void retour_figure_card_set_caption      (RetourFigureCard *self,
                                          const char       *caption);
/* Compact: no caption, a smaller title; for a narrow window. */
void retour_figure_card_set_compact      (RetourFigureCard *self,
                                          gboolean          compact);
void retour_figure_card_set_warning      (RetourFigureCard *self,
                                          gboolean          warning);

G_END_DECLS
