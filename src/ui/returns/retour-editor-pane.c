/* retour-editor-pane.c — the editor's side of the returns desk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-editor-pane.h"

struct _RetourEditorPane
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  int        natural_width;
  int        widest_minimum;   /* the child's largest minimum width so far */
};

static void retour_editor_pane_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourEditorPane, retour_editor_pane, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, retour_editor_pane_buildable_init))

enum {
  PROP_0,
  PROP_CHILD,
  PROP_NATURAL_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable_iface;

static void
retour_editor_pane_buildable_add_child (GtkBuildable *buildable,
                                        GtkBuilder   *builder,
                                        GObject      *child,
                                        const char   *type)
{
  if (GTK_IS_WIDGET (child))
    retour_editor_pane_set_child (RETOUR_EDITOR_PANE (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
retour_editor_pane_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = retour_editor_pane_buildable_add_child;
}

static void
retour_editor_pane_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  RetourEditorPane *self = RETOUR_EDITOR_PANE (widget);

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;

  gtk_widget_measure (self->child, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);

  /* An editor that needs more room than the natural width (a return with
   * more steps to offer) widens the pane once, not back and forth. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && self->natural_width >= 0)
    {
      self->widest_minimum = MAX (self->widest_minimum, *minimum);
      *natural = MAX (self->widest_minimum, self->natural_width);
    }
}

static void
retour_editor_pane_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  RetourEditorPane *self = RETOUR_EDITOR_PANE (widget);

  if (self->child != NULL && gtk_widget_get_visible (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
retour_editor_pane_get_request_mode (GtkWidget *widget)
{
  RetourEditorPane *self = RETOUR_EDITOR_PANE (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
retour_editor_pane_dispose (GObject *object)
{
  RetourEditorPane *self = RETOUR_EDITOR_PANE (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (retour_editor_pane_parent_class)->dispose (object);
}

static void
retour_editor_pane_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RetourEditorPane *self = RETOUR_EDITOR_PANE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    case PROP_NATURAL_WIDTH:
      g_value_set_int (value, self->natural_width);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_editor_pane_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RetourEditorPane *self = RETOUR_EDITOR_PANE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      retour_editor_pane_set_child (self, g_value_get_object (value));
      break;

    case PROP_NATURAL_WIDTH:
      retour_editor_pane_set_natural_width (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_editor_pane_class_init (RetourEditorPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_editor_pane_dispose;
  object_class->get_property = retour_editor_pane_get_property;
  object_class->set_property = retour_editor_pane_set_property;

  widget_class->measure = retour_editor_pane_measure;
  widget_class->size_allocate = retour_editor_pane_size_allocate;
  widget_class->get_request_mode = retour_editor_pane_get_request_mode;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* -1: the child's own. */
  properties[PROP_NATURAL_WIDTH] =
    g_param_spec_int ("natural-width", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
retour_editor_pane_init (RetourEditorPane *self)
{
  self->natural_width = -1;
}

GtkWidget *
retour_editor_pane_get_child (RetourEditorPane *self)
{
  g_return_val_if_fail (RETOUR_IS_EDITOR_PANE (self), NULL);

  return self->child;
}

void
retour_editor_pane_set_child (RetourEditorPane *self,
                              GtkWidget        *child)
{
  g_return_if_fail (RETOUR_IS_EDITOR_PANE (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

int
retour_editor_pane_get_natural_width (RetourEditorPane *self)
{
  g_return_val_if_fail (RETOUR_IS_EDITOR_PANE (self), -1);

  return self->natural_width;
}

void
retour_editor_pane_set_natural_width (RetourEditorPane *self,
                                      int               natural_width)
{
  g_return_if_fail (RETOUR_IS_EDITOR_PANE (self));
  g_return_if_fail (natural_width >= -1);

  if (self->natural_width == natural_width)
    return;

  self->natural_width = natural_width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATURAL_WIDTH]);
}
