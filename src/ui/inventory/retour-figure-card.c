/* retour-figure-card.c — one figure of the inventory: what it counts,
 * the number, a line under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-figure-card.h"

struct _RetourFigureCard
{
  GtkBox     parent_instance;

  GtkWidget *warning_icon;
  GtkLabel  *title_label;
  GtkLabel  *value_label;
  GtkLabel  *caption_label;
};

G_DEFINE_FINAL_TYPE (RetourFigureCard, retour_figure_card, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
retour_figure_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_FIGURE_CARD);

  G_OBJECT_CLASS (retour_figure_card_parent_class)->dispose (object);
}

static void
retour_figure_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RetourFigureCard *self = RETOUR_FIGURE_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_figure_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RetourFigureCard *self = RETOUR_FIGURE_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      retour_figure_card_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_figure_card_class_init (RetourFigureCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_figure_card_dispose;
  object_class->get_property = retour_figure_card_get_property;
  object_class->set_property = retour_figure_card_set_property;

  /* What the figure counts; set where the card is declared. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-figure-card.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourFigureCard, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, RetourFigureCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, RetourFigureCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, RetourFigureCard, caption_label);
}

static void
retour_figure_card_init (RetourFigureCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
retour_figure_card_set_title (RetourFigureCard *self,
                              const char       *title)
{
  g_return_if_fail (RETOUR_IS_FIGURE_CARD (self));

  if (g_strcmp0 (gtk_label_get_text (self->title_label), title != NULL ? title : "") == 0)
    return;

  gtk_label_set_text (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
retour_figure_card_set_value (RetourFigureCard *self,
                              const char       *value)
{
  g_return_if_fail (RETOUR_IS_FIGURE_CARD (self));

  gtk_label_set_text (self->value_label, value);
}

void
retour_figure_card_set_caption (RetourFigureCard *self,
                                const char       *caption)
{
  g_return_if_fail (RETOUR_IS_FIGURE_CARD (self));

  gtk_label_set_text (self->caption_label, caption);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->caption_label), caption);
}

void
retour_figure_card_set_compact (RetourFigureCard *self,
                                gboolean          compact)
{
  g_return_if_fail (RETOUR_IS_FIGURE_CARD (self));

  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), !compact);
  if (compact)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "caption-heading");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "caption-heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
    }
}

void
retour_figure_card_set_warning (RetourFigureCard *self,
                                gboolean          warning)
{
  g_return_if_fail (RETOUR_IS_FIGURE_CARD (self));

  gtk_widget_set_visible (self->warning_icon, warning);
  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (self), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue");
}
