/* retour-overview-page.c — how many returns there are, in which state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-core.h"
#include "retour-overview-page.h"

/* A spinner that flashes up for a few milliseconds looks like a glitch:
 * show it only when counting takes a noticeable time. */
#define SPINNER_DELAY_MS 300

struct _RetourOverviewPage
{
  AdwBin                parent_instance;

  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkLabel             *total_label;
  AdwPreferencesGroup  *status_group;
  AdwStatusPage        *error_page;

  GtkWidget            *rows[RETOUR_RMA_N_STATUSES];
  GtkLabel             *tags[RETOUR_RMA_N_STATUSES];
  guint                 spinner_source;
};

G_DEFINE_FINAL_TYPE (RetourOverviewPage, retour_overview_page, ADW_TYPE_BIN)

/* The colour of each status's tag (style.css): warning where the shop has
 * to act next, accent where it waits on the customer or the carrier,
 * success for a settled return, error for a refused one, and the neutral
 * grey for what needs nobody. */
static const char * const status_tones[RETOUR_RMA_N_STATUSES] = {
  [RETOUR_RMA_STATUS_DRAFT]      = "neutral",
  [RETOUR_RMA_STATUS_REQUESTED]  = "warning",
  [RETOUR_RMA_STATUS_AUTHORIZED] = "accent",
  [RETOUR_RMA_STATUS_IN_TRANSIT] = "accent",
  [RETOUR_RMA_STATUS_RECEIVED]   = "warning",
  [RETOUR_RMA_STATUS_INSPECTED]  = "warning",
  [RETOUR_RMA_STATUS_RESOLVED]   = "success",
  [RETOUR_RMA_STATUS_CLOSED]     = "neutral",
  [RETOUR_RMA_STATUS_REJECTED]   = "error",
  [RETOUR_RMA_STATUS_CANCELLED]  = "neutral",
  [RETOUR_RMA_STATUS_EXPIRED]    = "neutral",
};

static char *
format_count (guint64 n)
{
  /* The ' flag groups digits the way the locale does: 1,234 or 1.234. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
stop_spinner (RetourOverviewPage *self)
{
  g_clear_handle_id (&self->spinner_source, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
}

static gboolean
show_spinner_cb (gpointer user_data)
{
  RetourOverviewPage *self = user_data;

  self->spinner_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);

  return G_SOURCE_REMOVE;
}

static void
retour_overview_page_dispose (GObject *object)
{
  RetourOverviewPage *self = RETOUR_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->spinner_source, g_source_remove);

  /* gtk_widget_dispose_template() unparents bound direct children behind
   * AdwBin's back, which would then unparent a finalized child: let go of
   * it first. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_OVERVIEW_PAGE);

  G_OBJECT_CLASS (retour_overview_page_parent_class)->dispose (object);
}

static void
retour_overview_page_class_init (RetourOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_overview_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RetourOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourOverviewPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, RetourOverviewPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, RetourOverviewPage, error_page);
}

static void
retour_overview_page_init (RetourOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One row per status, in lifecycle order, shown when it has returns. */
  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *tag = gtk_label_new (NULL);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     retour_rma_status_get_label ((RetourRmaStatus) i));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "status-tag");
      gtk_widget_add_css_class (tag, status_tones[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);

      gtk_widget_set_visible (row, FALSE);
      adw_preferences_group_add (self->status_group, row);

      self->rows[i] = row;
      self->tags[i] = GTK_LABEL (tag);
    }
}

GtkWidget *
retour_overview_page_new (void)
{
  return g_object_new (RETOUR_TYPE_OVERVIEW_PAGE, NULL);
}

void
retour_overview_page_set_loading (RetourOverviewPage *self)
{
  const char *shown;

  g_return_if_fail (RETOUR_IS_OVERVIEW_PAGE (self));

  shown = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (shown, "counts") == 0 || g_strcmp0 (shown, "empty") == 0)
    return;

  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (self->spinner_source == 0 && !gtk_spinner_get_spinning (self->spinner))
    self->spinner_source = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
}

void
retour_overview_page_set_counts (RetourOverviewPage *self,
                                 const guint64      *counts)
{
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *total_str = NULL;
  g_autofree char *text = NULL;
  const char *number_at;
  guint64 total = 0;

  g_return_if_fail (RETOUR_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (counts != NULL);

  stop_spinner (self);

  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    {
      g_autofree char *count_str = format_count (counts[i]);

      total += counts[i];
      gtk_label_set_text (self->tags[i], count_str);
      gtk_widget_set_visible (self->rows[i], counts[i] > 0);
    }

  if (total == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The number is set large inside the translated sentence, so that
   * translators keep the word order of their language. Attributes rather
   * than markup: a translation is never parsed as markup. */
  total_str = format_count (total);
  /* Translators: the total on the overview, "2,000 returns"; %s is the
      number, already grouped the way your locale groups digits. */
  text = g_strdup_printf (ngettext ("%s return", "%s returns", (gulong) MIN (total, G_MAXULONG)),
                          total_str);
  attrs = pango_attr_list_new ();
  number_at = strstr (text, total_str);
  if (number_at != NULL)
    {
      guint start = number_at - text;
      guint end = start + strlen (total_str);
      PangoAttribute *attrs_for_number[] = {
        pango_attr_scale_new (3.0),
        pango_attr_weight_new (PANGO_WEIGHT_HEAVY),
        pango_attr_font_features_new ("tnum"),
      };

      for (guint i = 0; i < G_N_ELEMENTS (attrs_for_number); i++)
        {
          attrs_for_number[i]->start_index = start;
          attrs_for_number[i]->end_index = end;
          pango_attr_list_insert (attrs, attrs_for_number[i]);
        }
    }
  gtk_label_set_text (self->total_label, text);
  gtk_label_set_attributes (self->total_label, attrs);

  gtk_stack_set_visible_child_name (self->stack, "counts");
}

void
retour_overview_page_set_error (RetourOverviewPage *self,
                                const GError       *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (RETOUR_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (error != NULL);

  stop_spinner (self);

  description = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}
