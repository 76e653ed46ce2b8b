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

/* How the children are arranged at a given width. */
typedef enum
{
  ONE_LINE,      /* all in a row, the wrap child taking the room left */
  WRAP,          /* the others on a line, the wrap child below */
  WRAP_AFTER,    /* those before the wrap child on a line; below, the wrap
                  * child and those after it */
} Arrangement;

/* Which children: those before the wrap child, those after it. */
typedef enum
{
  BEFORE = 1 << 0,
  AFTER  = 1 << 1,
} Group;

static gboolean
is_after_wrap_child (RetourWrapBox *self,
                     GtkWidget     *child)
{
  for (GtkWidget *sibling = gtk_widget_get_prev_sibling (child);
       sibling != NULL;
       sibling = gtk_widget_get_prev_sibling (sibling))
    {
      if (sibling == self->wrap_child)
        return TRUE;
    }

  return FALSE;
}

static gboolean
in_group (RetourWrapBox *self,
          GtkWidget     *child,
          Group          group)
{
  if (child == self->wrap_child || !gtk_widget_should_layout (child))
    return FALSE;

  return (group & (is_after_wrap_child (self, child) ? AFTER : BEFORE)) != 0;
}

/* The minimum and natural widths of the visible children of @group side by
 * side, with the spacing between them; returns how many there are. */
static guint
measure_group (RetourWrapBox *self,
               Group          group,
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

      if (!in_group (self, child, group))
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

static gboolean
has_wrap_child (RetourWrapBox *self)
{
  return self->wrap_child != NULL && gtk_widget_should_layout (self->wrap_child);
}

static void
measure_wrap_child (RetourWrapBox *self,
                    int           *minimum,
                    int           *natural)
{
  *minimum = *natural = 0;
  if (has_wrap_child (self))
    gtk_widget_measure (self->wrap_child, GTK_ORIENTATION_HORIZONTAL, -1, minimum, natural, NULL, NULL);
}

/* The least width each arrangement needs. */
static void
arrangement_widths (RetourWrapBox *self,
                    int            widths[3],
                    int           *natural)
{
  int before_min, before_nat, after_min, after_nat, others_min, others_nat, wrap_min, wrap_nat;
  guint n_after = measure_group (self, AFTER, &after_min, &after_nat);
  guint n_others = measure_group (self, BEFORE | AFTER, &others_min, &others_nat);

  measure_group (self, BEFORE, &before_min, &before_nat);
  measure_wrap_child (self, &wrap_min, &wrap_nat);

  widths[ONE_LINE] = others_min + (n_others > 0 ? self->spacing : 0) + wrap_min;
  widths[WRAP] = MAX (others_min, wrap_min);
  widths[WRAP_AFTER] = MAX (before_min, wrap_min + (n_after > 0 ? self->spacing : 0) + after_min);

  if (natural != NULL)
    *natural = others_nat + (n_others > 0 ? self->spacing : 0) + wrap_nat;
}

static Arrangement
arrangement_for (RetourWrapBox *self,
                 int            width)
{
  int widths[3];

  if (!has_wrap_child (self) || width < 0)
    return ONE_LINE;

  arrangement_widths (self, widths, NULL);
  if (width >= widths[ONE_LINE])
    return ONE_LINE;
  if (width >= widths[WRAP])
    return WRAP;

  return WRAP_AFTER;
}

/* The height of a line of the children of @group (and of the wrap child,
 * with @with_wrap_child). */
static int
line_height (RetourWrapBox *self,
             Group          group,
             gboolean       with_wrap_child)
{
  int height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min;

      if (!(in_group (self, child, group) || (with_wrap_child && child == self->wrap_child && has_wrap_child (self))))
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
      int widths[3];

      arrangement_widths (self, widths, natural);
      *minimum = MIN (widths[ONE_LINE], MIN (widths[WRAP], widths[WRAP_AFTER]));
      *natural = MAX (*natural, *minimum);
      return;
    }

  switch (arrangement_for (self, for_size))
    {
    case WRAP:
      *minimum = line_height (self, BEFORE | AFTER, FALSE) + self->spacing + line_height (self, 0, TRUE);
      break;

    case WRAP_AFTER:
      *minimum = line_height (self, BEFORE, FALSE) + self->spacing + line_height (self, AFTER, TRUE);
      break;

    case ONE_LINE:
    default:
      *minimum = line_height (self, BEFORE | AFTER, TRUE);
      break;
    }

  *natural = *minimum;
}

/* Places the children of @group and (with @with_wrap_child) the wrap
 * child on a line of @width at @y: those before the wrap child from the
 * start, those after it from the end, each as wide as there is room for
 * (their natural width, or a fair share), and the wrap child in the room
 * left between them. */
static void
allocate_line (RetourWrapBox *self,
               Group          group,
               gboolean       with_wrap_child,
               int            width,
               int            y,
               int            height)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int others_min, others_nat, wrap_min = 0, wrap_nat = 0;
  guint n = measure_group (self, group, &others_min, &others_nat);
  g_autofree GtkRequestedSize *sizes = g_new0 (GtkRequestedSize, MAX (n, 1));
  int start = 0;
  int end = width;
  int extra;
  guint i = 0;

  if (with_wrap_child)
    measure_wrap_child (self, &wrap_min, &wrap_nat);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!in_group (self, child, group))
        continue;

      sizes[i].data = child;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &sizes[i].minimum_size, &sizes[i].natural_size, NULL, NULL);
      i++;
    }
  extra = width - others_min;
  if (with_wrap_child)
    extra -= wrap_min + (n > 0 ? self->spacing : 0);
  gtk_distribute_natural_allocation (MAX (0, extra), n, sizes);

  i = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean after;
      int child_width, x;

      if (!in_group (self, child, group))
        continue;

      after = is_after_wrap_child (self, child);
      child_width = sizes[i++].minimum_size;
      x = after ? end - child_width : start;
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - child_width : x, y, child_width, height },
                                -1);
      if (after)
        end = x - self->spacing;
      else
        start = x + child_width + self->spacing;
    }

  if (with_wrap_child && has_wrap_child (self))
    {
      int wrap_width = MAX (wrap_min, end - start);

      gtk_widget_size_allocate (self->wrap_child,
                                &(GtkAllocation) { rtl ? width - start - wrap_width : start, y, wrap_width, height },
                                -1);
    }
}

static void
retour_wrap_box_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  RetourWrapBox *self = RETOUR_WRAP_BOX (widget);
  Arrangement arrangement = arrangement_for (self, width);
  int first;

  switch (arrangement)
    {
    case WRAP:
      first = line_height (self, BEFORE | AFTER, FALSE);
      allocate_line (self, BEFORE | AFTER, FALSE, width, 0, first);
      allocate_line (self, 0, TRUE, width, first + self->spacing, height - first - self->spacing);
      break;

    case WRAP_AFTER:
      first = line_height (self, BEFORE, FALSE);
      allocate_line (self, BEFORE, FALSE, width, 0, first);
      allocate_line (self, AFTER, TRUE, width, first + self->spacing, height - first - self->spacing);
      break;

    case ONE_LINE:
    default:
      allocate_line (self, BEFORE | AFTER, TRUE, width, 0, height);
      break;
    }

  self->wrapped = arrangement != ONE_LINE;
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
