/* retour-label-view.c — the label preview widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is rendered once per size into a texture (poppler draws the
 * vectors at the pixel size of the screen) and drawn from there on every
 * frame; resizing, zooming or turning the page renders it again.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <math.h>

#include "retour-label-document.h"
#include "retour-label-view.h"

/* CSS pixels per point at zoom 1: real size on a 96 dpi screen. */
#define PIXELS_PER_POINT (96.0 / 72.0)
#define PADDING 18
#define MIN_ZOOM 0.25
#define MAX_ZOOM 4.0

struct _RetourLabelView
{
  GtkWidget        parent_instance;

  PopplerDocument *document;
  int              page;         /* the one shown, from 0 */
  int              n_pages;
  double           page_width;   /* points */
  double           page_height;
  double           zoom;         /* 0: fit */

  GdkTexture      *texture;
  int              texture_width;
  int              texture_height;
};

G_DEFINE_FINAL_TYPE (RetourLabelView, retour_label_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double zoom_steps[] = { 0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0 };

/* CSS pixels per point for an allocation of @width × @height. */
static double
display_scale (RetourLabelView *self,
               int              width,
               int              height)
{
  if (self->document == NULL)
    return 1.0;

  if (self->zoom > 0)
    return self->zoom * PIXELS_PER_POINT;

  return MAX (0.05, MIN ((width - 2.0 * PADDING) / self->page_width,
                         (height - 2.0 * PADDING) / self->page_height));
}

static GdkTexture *
render_texture (RetourLabelView *self,
                double           pixels_per_point)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height, stride;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        MAX (1, (int) ceil (self->page_width * pixels_per_point)),
                                        MAX (1, (int) ceil (self->page_height * pixels_per_point)));
  cr = cairo_create (surface);
  cairo_scale (cr, pixels_per_point, pixels_per_point);
  retour_label_document_draw_page (self->document, self->page, cr, FALSE);
  cairo_destroy (cr);

  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 in memory order. */
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  cairo_surface_destroy (surface);

  return texture;
}

static void
retour_label_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RetourLabelView *self = RETOUR_LABEL_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  double scale, page_width, page_height, x, y;
  int pixel_width, pixel_height;
  GskRoundedRect outline;
  GdkRGBA shadow = { 0, 0, 0, 0.25 };

  if (self->document == NULL)
    return;

  scale = display_scale (self, width, height);
  page_width = self->page_width * scale;
  page_height = self->page_height * scale;
  /* Whole device pixels, so that texels and pixels line up. */
  pixel_width = (int) ceil (page_width * scale_factor);
  pixel_height = (int) ceil (page_height * scale_factor);
  page_width = (double) pixel_width / scale_factor;
  page_height = (double) pixel_height / scale_factor;
  x = floor (MAX (PADDING, (width - page_width) / 2));
  y = floor (MAX (PADDING, (height - page_height) / 2));

  if (self->texture == NULL || self->texture_width != pixel_width || self->texture_height != pixel_height)
    {
      g_clear_object (&self->texture);
      self->texture = render_texture (self, scale * scale_factor);
      self->texture_width = gdk_texture_get_width (self->texture);
      self->texture_height = gdk_texture_get_height (self->texture);
    }

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, page_width, page_height), 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 4);
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (x, y, page_width, page_height));
}

static void
retour_label_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  RetourLabelView *self = RETOUR_LABEL_VIEW (widget);
  double length;

  if (self->document == NULL)
    {
      *minimum = *natural = 0;
      return;
    }

  length = orientation == GTK_ORIENTATION_HORIZONTAL ? self->page_width : self->page_height;
  if (self->zoom > 0)
    *minimum = *natural = (int) ceil (length * self->zoom * PIXELS_PER_POINT) + 2 * PADDING;
  else
    {
      /* Fitting: small is possible, the real size is natural. */
      *minimum = (int) ceil (length * 0.25) + 2 * PADDING;
      *natural = (int) ceil (length * PIXELS_PER_POINT) + 2 * PADDING;
    }
}

static void
retour_label_view_dispose (GObject *object)
{
  RetourLabelView *self = RETOUR_LABEL_VIEW (object);

  g_clear_object (&self->document);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (retour_label_view_parent_class)->dispose (object);
}

static void
retour_label_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RetourLabelView *self = RETOUR_LABEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_int (value, self->n_pages);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_label_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RetourLabelView *self = RETOUR_LABEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      retour_label_view_set_page (self, g_value_get_int (value));
      break;
    case PROP_ZOOM:
      retour_label_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_label_view_class_init (RetourLabelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_label_view_dispose;
  object_class->get_property = retour_label_view_get_property;
  object_class->set_property = retour_label_view_set_property;

  widget_class->snapshot = retour_label_view_snapshot;
  widget_class->measure = retour_label_view_measure;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         POPPLER_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_int ("n-pages", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         0, MAX_ZOOM, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "labelview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
retour_label_view_init (RetourLabelView *self)
{
}

GtkWidget *
retour_label_view_new (void)
{
  return g_object_new (RETOUR_TYPE_LABEL_VIEW, NULL);
}

gboolean
retour_label_view_set_pdf (RetourLabelView  *self,
                           GBytes           *pdf,
                           GError          **error)
{
  PopplerDocument *document = NULL;

  g_return_val_if_fail (RETOUR_IS_LABEL_VIEW (self), FALSE);

  if (pdf != NULL)
    {
      document = retour_label_document_new (pdf, error);
      if (document == NULL)
        return FALSE;
    }

  g_clear_object (&self->document);
  g_clear_object (&self->texture);
  self->document = document;
  self->page = 0;
  self->n_pages = document != NULL ? poppler_document_get_n_pages (document) : 0;
  if (document != NULL)
    retour_label_document_get_size (document, &self->page_width, &self->page_height);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  gtk_widget_queue_resize (GTK_WIDGET (self));

  return TRUE;
}

int
retour_label_view_get_n_pages (RetourLabelView *self)
{
  g_return_val_if_fail (RETOUR_IS_LABEL_VIEW (self), 0);

  return self->n_pages;
}

int
retour_label_view_get_page (RetourLabelView *self)
{
  g_return_val_if_fail (RETOUR_IS_LABEL_VIEW (self), 0);

  return self->page;
}

void
retour_label_view_set_page (RetourLabelView *self,
                            int              page)
{
  PopplerPage *poppler_page;

  g_return_if_fail (RETOUR_IS_LABEL_VIEW (self));

  page = CLAMP (page, 0, MAX (0, self->n_pages - 1));
  if (page == self->page || self->document == NULL)
    return;

  self->page = page;
  /* A page may have a size of its own. */
  poppler_page = poppler_document_get_page (self->document, page);
  poppler_page_get_size (poppler_page, &self->page_width, &self->page_height);
  g_object_unref (poppler_page);
  g_clear_object (&self->texture);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

PopplerDocument *
retour_label_view_get_document (RetourLabelView *self)
{
  g_return_val_if_fail (RETOUR_IS_LABEL_VIEW (self), NULL);

  return self->document;
}

double
retour_label_view_get_zoom (RetourLabelView *self)
{
  g_return_val_if_fail (RETOUR_IS_LABEL_VIEW (self), 0);

  return self->zoom;
}

void
retour_label_view_set_zoom (RetourLabelView *self,
                            double           zoom)
{
  g_return_if_fail (RETOUR_IS_LABEL_VIEW (self));

  zoom = zoom <= 0 ? 0 : CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
retour_label_view_get_effective_zoom (RetourLabelView *self)
{
  g_return_val_if_fail (RETOUR_IS_LABEL_VIEW (self), 1.0);

  return display_scale (self, gtk_widget_get_width (GTK_WIDGET (self)),
                        gtk_widget_get_height (GTK_WIDGET (self))) / PIXELS_PER_POINT;
}

void
retour_label_view_zoom_in (RetourLabelView *self)
{
  double zoom = retour_label_view_get_effective_zoom (self);

  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > zoom + 0.01)
      {
        retour_label_view_set_zoom (self, zoom_steps[i]);
        return;
      }

  retour_label_view_set_zoom (self, MAX_ZOOM);
}

void
retour_label_view_zoom_out (RetourLabelView *self)
{
  double zoom = retour_label_view_get_effective_zoom (self);

  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < zoom - 0.01)
      {
        retour_label_view_set_zoom (self, zoom_steps[i - 1]);
        return;
      }

  retour_label_view_set_zoom (self, MIN_ZOOM);
}
