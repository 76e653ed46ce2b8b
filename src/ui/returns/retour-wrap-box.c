/* retour-wrap-box.c — a row of controls that gives one of them a line of
 * its own when the row does not fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-wrap-box.h"

struct _RetourWrapBox
{
  GtkWidget  parent_instance;

  GtkWidget *wrap_child;
  int        spacing;
  gboolean   wrapped;
};

G_DEFINE_FINAL_TYPE (RetourWrapBox, retour_wrap_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WRAP_CHILD,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The minimum and natural widths of the visible children other than the
 * wrap child, with the spacing between them, and how many there are. */
static guint
measure_others (RetourWrapBox *self,
                int           *minimum,
                int           *natural)
{
  guint n = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (child == self->wrap_child || !gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      *minimum += child_min;
      *natural += child_nat;
      n++;
    }

  if (n > 1)
    {
      *minimum += (n - 1) * self->spacing;
      *natural += (n - 1) * self->spacing;
    }

  return n;
}

static void
measure_wrap_child (RetourWrapBox *self,
                    int           *minimum,
                    int           *natural)
{
  *minimum = *natural = 0;
  if (self->wrap_child != NULL && gtk_widget_should_layout (self->wrap_child))
    gtk_widget_measure (self->wrap_child, GTK_ORIENTATION_HORIZONTAL, -1, minimum, natural, NULL, NULL);
}

/* Whether the wrap child needs a line of its own at @width. */
static gboolean
needs_wrap (RetourWrapBox *self,
            int            width)
{
  int others_min, others_nat, wrap_min, wrap_nat;
  guint n;

  if (self->wrap_child == NULL || !gtk_widget_should_layout (self->wrap_child) || width < 0)
    return FALSE;

  n = measure_others (self, &others_min, &others_nat);
  measure_wrap_child (self, &wrap_min, &wrap_nat);

  return others_min + (n > 0 ? self->spacing : 0) + wrap_min > width;
}

/* The height of a line of the children other than the wrap child. */
static int
line_height (RetourWrapBox *self,
             gboolean       with_wrap_child)
{
  int height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min;

      if ((child == self->wrap_child && !with_wrap_child) || !gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &child_min, NULL, NULL, NULL);
      height = MAX (height, child_min);
    }

  return height;
}

static void
retour_wrap_box_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  RetourWrapBox *self = RETOUR_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int others_min, others_nat, wrap_min, wrap_nat, gap;
      guint n = measure_others (self, &others_min, &others_nat);

      measure_wrap_child (self, &wrap_min, &wrap_nat);
      gap = n > 0 && (wrap_min > 0 || wrap_nat > 0) ? self->spacing : 0;

      /* Narrow: the wrap child below the others. Wide: all in a row. */
      *minimum = MAX (others_min, wrap_min);
      *natural = others_nat + gap + wrap_nat;
    }
  else if (needs_wrap (self, for_size))
    {
      int wrap_height = 0;

      gtk_widget_measure (self->wrap_child, GTK_ORIENTATION_VERTICAL, for_size, &wrap_height, NULL, NULL, NULL);
      *minimum = *natural = line_height (self, FALSE) + self->spacing + wrap_height;
    }
  else
    {
      *minimum = *natural = line_height (self, TRUE);
    }
}

/* Places the children other than the wrap child on a line at @y, those
 * before the wrap child from the start, those after it from the end of
 * @width; returns the room left between them, where the wrap child goes
 * on a single line (@gap_start gets where that room begins). */
static int
allocate_line (RetourWrapBox *self,
               int            width,
               int            y,
               int            height,
               int           *gap_start)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int others_min, others_nat;
  guint n = measure_others (self, &others_min, &others_nat);
  g_autofree GtkRequestedSize *sizes = g_new0 (GtkRequestedSize, MAX (n, 1));
  int extra;
  int start = 0;
  int end = width;
  gboolean after_wrap = FALSE;
  guint i = 0;

  /* Each gets its natural width if there is room, else a fair share of
   * what there is beyond the minimum. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == self->wrap_child || !gtk_widget_should_layout (child))
        continue;

      sizes[i].data = child;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &sizes[i].minimum_size, &sizes[i].natural_size, NULL, NULL);
      i++;
    }
  extra = MAX (0, width - others_min);
  gtk_distribute_natural_allocation (extra, n, sizes);

  i = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width, x;

      if (child == self->wrap_child)
        {
          after_wrap = TRUE;
          continue;
        }
      if (!gtk_widget_should_layout (child))
        continue;

      child_width = sizes[i++].minimum_size;
      if (after_wrap)
        x = end - child_width;
      else
        x = start;

      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - child_width : x, y, child_width, height },
                                -1);

      if (after_wrap)
        end = x - self->spacing;
      else
        start = x + child_width + self->spacing;
    }

  *gap_start = rtl ? width - end : start;

  return MAX (0, end - start);
}

static void
retour_wrap_box_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  RetourWrapBox *self = RETOUR_WRAP_BOX (widget);
  gboolean wrapped = needs_wrap (self, width);
  int gap, gap_start;

  if (wrapped)
    {
      int first = line_height (self, FALSE);

      allocate_line (self, width, 0, first, &gap_start);
      gtk_widget_size_allocate (self->wrap_child,
                                &(GtkAllocation) { 0, first + self->spacing, width, height - first - self->spacing },
                                -1);
    }
  else
    {
      gap = allocate_line (self, width, 0, height, &gap_start);
      if (self->wrap_child != NULL && gtk_widget_should_layout (self->wrap_child))
        {
          int wrap_min, wrap_nat;

          measure_wrap_child (self, &wrap_min, &wrap_nat);
          gtk_widget_size_allocate (self->wrap_child,
                                    &(GtkAllocation) { gap_start, 0, MAX (wrap_min, gap), height },
                                    -1);
        }
    }

  self->wrapped = wrapped;
}

static GtkSizeRequestMode
retour_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
retour_wrap_box_dispose (GObject *object)
{
  RetourWrapBox *self = RETOUR_WRAP_BOX (object);
  GtkWidget *child;

  self->wrap_child = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (retour_wrap_box_parent_class)->dispose (object);
}

static void
retour_wrap_box_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RetourWrapBox *self = RETOUR_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_WRAP_CHILD:
      g_value_set_object (value, self->wrap_child);
      break;

    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_wrap_box_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RetourWrapBox *self = RETOUR_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_WRAP_CHILD:
      retour_wrap_box_set_wrap_child (self, g_value_get_object (value));
      break;

    case PROP_SPACING:
      if (self->spacing != g_value_get_int (value))
        {
          self->spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_wrap_box_class_init (RetourWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_wrap_box_dispose;
  object_class->get_property = retour_wrap_box_get_property;
  object_class->set_property = retour_wrap_box_set_property;

  widget_class->measure = retour_wrap_box_measure;
  widget_class->size_allocate = retour_wrap_box_size_allocate;
  widget_class->get_request_mode = retour_wrap_box_get_request_mode;

  /* One of the children: the one that takes the room left in a row, and
   * that goes below the others when there is not enough. */
  properties[PROP_WRAP_CHILD] =
    g_param_spec_object ("wrap-child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
retour_wrap_box_init (RetourWrapBox *self)
{
}

GtkWidget *
retour_wrap_box_get_wrap_child (RetourWrapBox *self)
{
  g_return_val_if_fail (RETOUR_IS_WRAP_BOX (self), NULL);

  return self->wrap_child;
}

void
retour_wrap_box_set_wrap_child (RetourWrapBox *self,
                                GtkWidget     *child)
{
  g_return_if_fail (RETOUR_IS_WRAP_BOX (self));
  g_return_if_fail (child == NULL || gtk_widget_get_parent (child) == GTK_WIDGET (self));

  if (self->wrap_child == child)
    return;

  self->wrap_child = child;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP_CHILD]);
}

gboolean
retour_wrap_box_get_wrapped (RetourWrapBox *self)
{
  g_return_val_if_fail (RETOUR_IS_WRAP_BOX (self), FALSE);

  return self->wrapped;
}
