/* retour-bar-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <adwaita.h>

#include "retour-bar-chart.h"

/* Room between bars, above a column for its number, and the thickness of
 * a horizontal bar. */
#define GAP 6
#define ROW_BAR 12
#define MIN_COLUMNS_HEIGHT 140

struct _RetourBarChart
{
  GtkWidget  parent_instance;

  GPtrArray *labels;      /* char* */
  GArray    *values;      /* gint64 */
  gboolean   horizontal;
  guint      focused;     /* the bar the arrow keys chose */
  guint      hovered;     /* G_MAXUINT: none */
};

G_DEFINE_FINAL_TYPE (RetourBarChart, retour_bar_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_HORIZONTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  BAR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Geometry ------------------------------------------------------------------- */

static int
text_height (RetourBarChart *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "0");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);

  return height;
}

static int
row_height (RetourBarChart *self)
{
  return text_height (self) + 2 + ROW_BAR + GAP;
}

static gint64
max_value (RetourBarChart *self)
{
  gint64 max = 0;

  for (guint i = 0; i < self->values->len; i++)
    max = MAX (max, g_array_index (self->values, gint64, i));

  return max;
}

gboolean
retour_bar_chart_get_bar_area (RetourBarChart  *self,
                               guint            index,
                               graphene_rect_t *area)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int text = text_height (self);
  guint n = self->values->len;

  g_return_val_if_fail (RETOUR_IS_BAR_CHART (self), FALSE);

  if (index >= n || width <= 0 || height <= 0)
    return FALSE;

  /* The whole slot of the bar, not only its filled part: a bar of 0 can
   * be clicked too. */
  if (self->horizontal)
    graphene_rect_init (area, 0, index * row_height (self), width, row_height (self));
  else
    {
      double slot = (double) width / n;

      graphene_rect_init (area, index * slot, text + 2, slot, MAX (height - 2 * (text + 2), 1));
    }

  return TRUE;
}

static guint
bar_at (RetourBarChart *self,
        double          x,
        double          y)
{
  for (guint i = 0; i < self->values->len; i++)
    {
      graphene_rect_t area;

      if (retour_bar_chart_get_bar_area (self, i, &area) &&
          graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }

  return G_MAXUINT;
}

/* Drawing ---------------------------------------------------------------------- */

static void
bar_colors (GdkRGBA *normal,
            GdkRGBA *strong)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  /* Adwaita palette: blue 3 for the bars; blue 4, or blue 2 on dark, for
   * the one pointed at or chosen. */
  gdk_rgba_parse (normal, "#3584e4");
  gdk_rgba_parse (strong, dark ? "#62a0ea" : "#1c71d8");
}

static char *
format_count (gint64 value)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

static void
append_text (RetourBarChart *self,
             GtkSnapshot    *snapshot,
             const char     *text,
             double          x,
             double          y,
             double          max_width,
             gboolean        centred,
             const GdkRGBA  *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width;

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, (int) (MAX (max_width, 1) * PANGO_SCALE));
  pango_layout_get_pixel_size (layout, &width, NULL);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (centred ? x + (max_width - width) / 2 : x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
retour_bar_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  RetourBarChart *self = RETOUR_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int text = text_height (self);
  gint64 max = max_value (self);
  GdkRGBA fg, dim, normal, strong;
  gboolean focus = gtk_widget_has_visible_focus (widget);
  guint n = self->values->len;
  guint label_every = 1;

  if (n == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.55f;
  bar_colors (&normal, &strong);

  if (!self->horizontal)
    {
      /* Labels that do not fit under every column go under every other,
       * or every third… */
      int widest = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, g_ptr_array_index (self->labels, i));
          int label_width;

          pango_layout_get_pixel_size (layout, &label_width, NULL);
          widest = MAX (widest, label_width);
        }
      while (label_every < n && (double) width / n * label_every < widest + GAP)
        label_every++;
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 value = g_array_index (self->values, gint64, i);
      g_autofree char *number = format_count (value);
      const char *label = g_ptr_array_index (self->labels, i);
      gboolean marked = i == self->hovered || (focus && i == self->focused);
      graphene_rect_t area;

      retour_bar_chart_get_bar_area (self, i, &area);

      if (self->horizontal)
        {
          g_autofree char *line = g_strdup_printf ("%s — %s", label, number);
          double length = max > 0 ? (double) value / max * width : 0;

          append_text (self, snapshot, line, 0, area.origin.y, width, FALSE, &fg);
          gtk_snapshot_append_color (snapshot, marked ? &strong : &normal,
                                     &GRAPHENE_RECT_INIT (0, area.origin.y + text + 2, MAX (length, value > 0 ? 2 : 0),
                                                          ROW_BAR));
        }
      else
        {
          double column = area.size.height - text - 2;
          double bar_height = max > 0 ? (double) value / max * column : 0;
          double bar_width = MAX (area.size.width - GAP, 1);
          double x = area.origin.x + (area.size.width - bar_width) / 2;
          double top = area.origin.y + text + 2 + column - bar_height;

          gtk_snapshot_append_color (snapshot, marked ? &strong : &normal,
                                     &GRAPHENE_RECT_INIT (x, top, bar_width, MAX (bar_height, value > 0 ? 2 : 0)));
          if (value > 0)
            append_text (self, snapshot, number, area.origin.x, top - text - 2, area.size.width, TRUE, &dim);
          if (i % label_every == 0)
            append_text (self, snapshot, label, area.origin.x, area.origin.y + area.size.height + 2,
                         area.size.width * label_every, FALSE, &fg);
        }
    }
}

static void
retour_bar_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  RetourBarChart *self = RETOUR_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrow enough for a phone; the labels ellipsize. */
      *minimum = 120;
      *natural = 480;
    }
  else if (self->horizontal)
    *minimum = *natural = MAX (self->values->len, 1) * row_height (self);
  else
    *minimum = *natural = MIN_COLUMNS_HEIGHT + 2 * (text_height (self) + 2);
}

/* Input ------------------------------------------------------------------------ */

static void
activate_bar (RetourBarChart *self,
              guint           index)
{
  if (index >= self->values->len)
    return;

  self->focused = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[BAR_ACTIVATED], 0, index);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            RetourBarChart  *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  activate_bar (self, bar_at (self, x, y));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           RetourBarChart           *self)
{
  guint hovered = bar_at (self, x, y);

  if (hovered != self->hovered)
    {
      self->hovered = hovered;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *motion,
          RetourBarChart           *self)
{
  self->hovered = G_MAXUINT;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RetourBarChart        *self)
{
  guint n = self->values->len;
  gboolean forward = self->horizontal ? keyval == GDK_KEY_Down : keyval == GDK_KEY_Right;
  gboolean back = self->horizontal ? keyval == GDK_KEY_Up : keyval == GDK_KEY_Left;

  if (n == 0)
    return FALSE;

  if (forward || back)
    {
      if (forward && self->focused + 1 < n)
        self->focused++;
      else if (back && self->focused > 0)
        self->focused--;
      else
        return FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    }

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_space)
    {
      activate_bar (self, self->focused);
      return TRUE;
    }

  return FALSE;
}

/* GObject ------------------------------------------------------------------------ */

static void
dark_changed_cb (RetourBarChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
retour_bar_chart_dispose (GObject *object)
{
  RetourBarChart *self = RETOUR_BAR_CHART (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);

  G_OBJECT_CLASS (retour_bar_chart_parent_class)->dispose (object);
}

static void
retour_bar_chart_finalize (GObject *object)
{
  RetourBarChart *self = RETOUR_BAR_CHART (object);

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (retour_bar_chart_parent_class)->finalize (object);
}

static void
retour_bar_chart_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RetourBarChart *self = RETOUR_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_HORIZONTAL:
      g_value_set_boolean (value, self->horizontal);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_bar_chart_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RetourBarChart *self = RETOUR_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_HORIZONTAL:
      retour_bar_chart_set_horizontal (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_bar_chart_class_init (RetourBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_bar_chart_dispose;
  object_class->finalize = retour_bar_chart_finalize;
  object_class->get_property = retour_bar_chart_get_property;
  object_class->set_property = retour_bar_chart_set_property;

  widget_class->snapshot = retour_bar_chart_snapshot;
  widget_class->measure = retour_bar_chart_measure;

  properties[PROP_HORIZONTAL] =
    g_param_spec_boolean ("horizontal", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BAR_ACTIVATED] =
    g_signal_new ("bar-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
retour_bar_chart_init (RetourBarChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->hovered = G_MAXUINT;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb), self);
}

GtkWidget *
retour_bar_chart_new (void)
{
  return g_object_new (RETOUR_TYPE_BAR_CHART, NULL);
}

void
retour_bar_chart_set_bars (RetourBarChart     *self,
                           guint               n_bars,
                           const char * const *labels,
                           const gint64       *values)
{
  g_return_if_fail (RETOUR_IS_BAR_CHART (self));
  g_return_if_fail (n_bars == 0 || (labels != NULL && values != NULL));

  g_ptr_array_set_size (self->labels, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_bars; i++)
    {
      gint64 value = MAX (values[i], 0);

      g_ptr_array_add (self->labels, g_strdup (labels[i] != NULL ? labels[i] : ""));
      g_array_append_val (self->values, value);
    }
  self->focused = MIN (self->focused, n_bars > 0 ? n_bars - 1 : 0);
  self->hovered = G_MAXUINT;

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
retour_bar_chart_get_n_bars (RetourBarChart *self)
{
  g_return_val_if_fail (RETOUR_IS_BAR_CHART (self), 0);

  return self->values->len;
}

gint64
retour_bar_chart_get_value (RetourBarChart *self,
                            guint           index)
{
  g_return_val_if_fail (RETOUR_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->values->len, 0);

  return g_array_index (self->values, gint64, index);
}

void
retour_bar_chart_set_horizontal (RetourBarChart *self,
                                 gboolean        horizontal)
{
  g_return_if_fail (RETOUR_IS_BAR_CHART (self));

  horizontal = !!horizontal;
  if (self->horizontal == horizontal)
    return;

  self->horizontal = horizontal;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HORIZONTAL]);
}
