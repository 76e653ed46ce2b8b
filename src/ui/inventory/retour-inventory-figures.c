/* retour-inventory-figures.c — the shop's figures for the period, one
 * card each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-figure-card.h"
#include "retour-inventory-cells.h"
#include "retour-inventory-figures.h"

/* The height of the figures on a narrow window: a row of cards and part
 * of the next, which shows that there are more. */
#define COMPACT_HEIGHT 150

struct _RetourInventoryFigures
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkFlowBox        *flow_box;
  RetourFigureCard  *came_back_card;
  RetourFigureCard  *restocked_card;
  RetourFigureCard  *held_card;
  RetourFigureCard  *written_off_card;
  RetourFigureCard  *out_card;
  RetourFigureCard  *overdue_card;
  RetourFigureCard  *rate_card;

  gboolean           compact;
};

G_DEFINE_FINAL_TYPE (RetourInventoryFigures, retour_inventory_figures, ADW_TYPE_BIN)

static void
set_figure (RetourFigureCard *card,
            gint64            n,
            const char       *caption)
{
  g_autofree char *value = retour_inventory_format_count (n);

  retour_figure_card_set_value (card, value);
  retour_figure_card_set_caption (card, caption);
}

/* As high as the cards need at the width given; compact, no more than
 * COMPACT_HEIGHT, the rest scrolled to. A scrolled window alone would ask
 * for the height of the narrowest layout, four rows, at any width. */
static GtkSizeRequestMode
layout_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
layout_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  RetourInventoryFigures *self = RETOUR_INVENTORY_FIGURES (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (GTK_WIDGET (self->flow_box), orientation, -1, minimum, natural, NULL, NULL);
      return;
    }

  gtk_widget_measure (GTK_WIDGET (self->flow_box), orientation, for_size, minimum, natural, NULL, NULL);
  if (self->compact)
    *minimum = *natural = MIN (*natural, COMPACT_HEIGHT);
  else
    *minimum = *natural;
}

static void
layout_allocate (GtkWidget *widget,
                 int        width,
                 int        height,
                 int        baseline)
{
  gtk_widget_allocate (adw_bin_get_child (ADW_BIN (widget)), width, height, baseline, NULL);
}

static void
retour_inventory_figures_dispose (GObject *object)
{
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_INVENTORY_FIGURES);

  G_OBJECT_CLASS (retour_inventory_figures_parent_class)->dispose (object);
}

static void
retour_inventory_figures_class_init (RetourInventoryFiguresClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = retour_inventory_figures_dispose;

  g_type_ensure (RETOUR_TYPE_FIGURE_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/retour/Retour/ui/retour-inventory-figures.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, flow_box);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, came_back_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, restocked_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, held_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, written_off_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, out_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, overdue_card);
  gtk_widget_class_bind_template_child (widget_class, RetourInventoryFigures, rate_card);
}

static void
retour_inventory_figures_init (RetourInventoryFigures *self)
{
  const RetourInventorySummary none = { 0 };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (layout_request_mode, layout_measure, layout_allocate));

  /* Figures to read, not to pick: no stop for the keyboard on each. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  retour_inventory_figures_set_summary (self, &none);
}

void
retour_inventory_figures_set_summary (RetourInventoryFigures       *self,
                                      const RetourInventorySummary *s)
{
  g_autofree char *came_back = NULL;
  g_autofree char *held = NULL;
  g_autofree char *written_off = NULL;
  g_autofree char *out = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *rate_detail = NULL;

  g_return_if_fail (RETOUR_IS_INVENTORY_FIGURES (self));
  g_return_if_fail (s != NULL);

  /* The captions read under a card's big number and title; each counts
   * its own number, so that every language can inflect it. */
  {
    g_autofree char *awaiting = retour_inventory_format_count (s->awaiting_inspection);
    g_autofree char *held_in = retour_inventory_format_count (s->held_in);
    g_autofree char *total_written_off = retour_inventory_format_count (s->written_off);
    g_autofree char *n_rmas = retour_inventory_format_count ((gint64) s->expected_rmas);
    g_autofree char *units = retour_inventory_format_count (s->overdue_units);

    /* Translators: under “Came Back”; %s is a number of units. */
    came_back = g_strdup_printf (_("Waiting for inspection: %s"), awaiting);
    /* Translators: under “Held for Repair”; %s is a number of units. */
    held = g_strdup_printf (_("Put on hold in the period: %s"), held_in);
    /* Translators: under “Written Off”; %s is a number of units. */
    written_off = g_strdup_printf (_("Written off in all: %s"), total_written_off);
    /* Translators: under “Still Out There”; %s is a number of returns. */
    out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %s return", "In %s returns",
                                        (gulong) s->expected_rmas), n_rmas);
    /* Translators: under “Overdue” (a number of returns); %s is a number of units. */
    overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Past their due date, with %s unit",
                                            "Past their due date, with %s units", (gulong) s->overdue_units),
                               units);
  }

  set_figure (self->came_back_card, s->came_back, came_back);
  set_figure (self->restocked_card, s->restocked, _("On hand again, repairs included"));
  set_figure (self->held_card, s->held, held);
  set_figure (self->written_off_card, s->written_off_in, written_off);
  set_figure (self->out_card, s->expected_back, out);
  set_figure (self->overdue_card, (gint64) s->overdue_rmas, overdue);

  {
    g_autofree char *sold = retour_inventory_format_count (s->sold);
    g_autofree char *returned = retour_inventory_format_count (s->returned_of_sold);

    rate = retour_inventory_format_rate (s->returned_of_sold, s->sold);
    /* Translators: “40 of 320 units sold”: units asked back, units sold. */
    rate_detail = g_strdup_printf (_("%s asked back of %s sold"), returned, sold);
  }
  retour_figure_card_set_value (self->rate_card, rate);
  retour_figure_card_set_caption (self->rate_card, rate_detail);

  /* Overdue is said in words and with an icon, not by colour alone. */
  retour_figure_card_set_warning (self->overdue_card, s->overdue_rmas > 0);
}

void
retour_inventory_figures_set_compact (RetourInventoryFigures *self,
                                      gboolean                compact)
{
  RetourFigureCard *cards[] = {
    self->came_back_card, self->restocked_card, self->held_card, self->written_off_card,
    self->out_card, self->overdue_card, self->rate_card,
  };

  g_return_if_fail (RETOUR_IS_INVENTORY_FIGURES (self));

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    retour_figure_card_set_compact (cards[i], compact);

  /* On a phone the seven figures take four rows: the first is shown,
   * the rest scrolled to, so that the list below keeps its room. */
  self->compact = compact;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
