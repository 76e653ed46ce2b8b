/* retour-bar-chart.h — a small bar chart, drawn with GTK's snapshot API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12 has no chart library for GTK 4; the Reports view needs two
 * kinds of bars and no more: columns over time (vertical) and a
 * breakdown with a long label per bar (horizontal, each label above its
 * bar so that it fits a phone's width). Bars are in the Adwaita palette's
 * blue, lighter in dark mode; counts are printed with the locale's digit
 * grouping. A click on a bar, or Enter on the bar chosen with the arrow
 * keys, emits "bar-activated" with its index. The chart is a picture for
 * those who see it: the page puts a table with the same numbers beside
 * it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RETOUR_TYPE_BAR_CHART (retour_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (RetourBarChart, retour_bar_chart, RETOUR, BAR_CHART, GtkWidget)

/* Properties:
 *   "horizontal" (boolean): bars across, each under its label.
 * Signals:
 *   "bar-activated" (guint index). */

GtkWidget *retour_bar_chart_new            (void);
/* The bars: @n_bars labels and values (not negative). */
void       retour_bar_chart_set_bars       (RetourBarChart      *self,
                                            guint                n_bars,
                                            const char * const  *labels,
                                            const gint64        *values);
guint      retour_bar_chart_get_n_bars     (RetourBarChart      *self);
gint64     retour_bar_chart_get_value      (RetourBarChart      *self,
                                            guint                index);
void       retour_bar_chart_set_horizontal (RetourBarChart      *self,
                                            gboolean             horizontal);
/* Where bar @index is, in the chart's coordinates: for a click in a test. */
gboolean   retour_bar_chart_get_bar_area   (RetourBarChart      *self,
                                            guint                index,
                                            graphene_rect_t     *area);

G_END_DECLS
