/* retour-welcome-page.c — the first-run page: the ways into Retour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-welcome-page.h"

struct _RetourWelcomePage
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  GtkButton      *demo_button;
  GtkProgressBar *progress_bar;
  GtkButton      *cancel_button;

  guint           pulse_source;
};

G_DEFINE_FINAL_TYPE (RetourWelcomePage, retour_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Until the first report (the demo reports after each batch of returns
 * it commits), the bar pulses to show that work is under way. */
#define PULSE_INTERVAL_MS 100

static gboolean
pulse_cb (gpointer user_data)
{
  RetourWelcomePage *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
stop_pulsing (RetourWelcomePage *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
}

/* Whichever button leads on: the demo shop, or stopping it. */
static gboolean
retour_welcome_page_grab_focus (GtkWidget *widget)
{
  RetourWelcomePage *self = RETOUR_WELCOME_PAGE (widget);

  if (retour_welcome_page_get_busy (self))
    return gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));

  return gtk_widget_grab_focus (GTK_WIDGET (self->demo_button));
}

static void
retour_welcome_page_dispose (GObject *object)
{
  stop_pulsing (RETOUR_WELCOME_PAGE (object));

  /* gtk_widget_dispose_template() unparents bound direct children behind
   * AdwBin's back, which would then unparent a finalized child: let go of
   * it first. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (retour_welcome_page_parent_class)->dispose (object);
}

static void
retour_welcome_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RetourWelcomePage *self = RETOUR_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, retour_welcome_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_welcome_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RetourWelcomePage *self = RETOUR_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      retour_welcome_page_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_welcome_page_class_init (RetourWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_welcome_page_dispose;
  object_class->get_property = retour_welcome_page_get_property;
  object_class->set_property = retour_welcome_page_set_property;

  widget_class->grab_focus = retour_welcome_page_grab_focus;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, RetourWelcomePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RetourWelcomePage, cancel_button);
}

static void
retour_welcome_page_init (RetourWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
retour_welcome_page_new (void)
{
  return g_object_new (RETOUR_TYPE_WELCOME_PAGE, NULL);
}

gboolean
retour_welcome_page_get_busy (RetourWelcomePage *self)
{
  g_return_val_if_fail (RETOUR_IS_WELCOME_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "progress") == 0;
}

void
retour_welcome_page_set_busy (RetourWelcomePage *self,
                              gboolean           busy)
{
  GtkRoot *root;
  GtkWidget *focus;
  gboolean had_focus;

  g_return_if_fail (RETOUR_IS_WELCOME_PAGE (self));

  busy = !!busy;
  if (busy == retour_welcome_page_get_busy (self))
    return;

  /* The button with the focus is about to be hidden: hand the focus to
   * the one that takes its place rather than let it fall to the window. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));

  if (busy)
    retour_welcome_page_set_progress (self, 0, 0);
  else
    stop_pulsing (self);

  gtk_stack_set_visible_child_name (self->stack, busy ? "progress" : "choices");

  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
retour_welcome_page_set_progress (RetourWelcomePage *self,
                                  guint64            done,
                                  guint64            total)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RETOUR_IS_WELCOME_PAGE (self));

  if (total == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Preparing the demo shop…"));
      if (self->pulse_source == 0)
        self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
      return;
    }

  stop_pulsing (self);

  done = MIN (done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / (double) total);

  if (done == total)
    {
      gtk_progress_bar_set_text (self->progress_bar, _("Finishing…"));
    }
  else
    {
      g_autofree char *done_str = g_strdup_printf ("%'" G_GUINT64_FORMAT, done);
      g_autofree char *total_str = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);

      /* Translators: progress while the demo shop is built, "120 of 2,000
          returns created"; the plural follows the second number. */
      text = g_strdup_printf (ngettext ("%s of %s return created",
                                        "%s of %s returns created",
                                        (gulong) MIN (total, G_MAXULONG)),
                              done_str, total_str);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
}

void
retour_welcome_page_set_cancelling (RetourWelcomePage *self)
{
  g_return_if_fail (RETOUR_IS_WELCOME_PAGE (self));

  stop_pulsing (self);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
}
