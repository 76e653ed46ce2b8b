/* retour-editor-section.c — the interface every part of the RMA editor
 * implements, and the time format its sections share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include "retour-editor-section.h"

enum {
  EDITED,
  FAILED,
  WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (RetourEditorSection, retour_editor_section, GTK_TYPE_WIDGET)

static void
retour_editor_section_default_init (RetourEditorSectionInterface *iface)
{
  signals[EDITED] = g_signal_new ("edited",
                                  G_TYPE_FROM_INTERFACE (iface),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed",
                                  G_TYPE_FROM_INTERFACE (iface),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[WRITTEN] = g_signal_new ("written",
                                   G_TYPE_FROM_INTERFACE (iface),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

void
retour_editor_section_set_rma (RetourEditorSection     *self,
                               RetourRma               *rma,
                               RetourContext           *context,
                               const RetourEditorTerms *terms)
{
  g_return_if_fail (RETOUR_IS_EDITOR_SECTION (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));
  g_return_if_fail (rma == NULL || terms != NULL);

  RETOUR_EDITOR_SECTION_GET_IFACE (self)->set_rma (self, rma, context, terms);
}

gboolean
retour_editor_section_apply (RetourEditorSection  *self,
                             RetourRma            *rma,
                             GError              **error)
{
  RetourEditorSectionInterface *iface;

  g_return_val_if_fail (RETOUR_IS_EDITOR_SECTION (self), FALSE);
  g_return_val_if_fail (rma != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A section that only shows, or whose widgets write as people type,
   * has nothing left to apply. */
  iface = RETOUR_EDITOR_SECTION_GET_IFACE (self);
  if (iface->apply == NULL)
    return TRUE;

  return iface->apply (self, rma, error);
}

gboolean
retour_editor_section_changed (RetourEditorSection *self)
{
  RetourEditorSectionInterface *iface;

  g_return_val_if_fail (RETOUR_IS_EDITOR_SECTION (self), FALSE);

  iface = RETOUR_EDITOR_SECTION_GET_IFACE (self);

  return iface->changed != NULL && iface->changed (self);
}

void
retour_editor_section_reload (RetourEditorSection *self)
{
  RetourEditorSectionInterface *iface;

  g_return_if_fail (RETOUR_IS_EDITOR_SECTION (self));

  iface = RETOUR_EDITOR_SECTION_GET_IFACE (self);
  if (iface->reload != NULL)
    iface->reload (self);
}

void
retour_editor_section_emit_edited (RetourEditorSection *self)
{
  g_return_if_fail (RETOUR_IS_EDITOR_SECTION (self));

  g_signal_emit (self, signals[EDITED], 0);
}

void
retour_editor_section_emit_failed (RetourEditorSection *self,
                                   const char          *message)
{
  g_return_if_fail (RETOUR_IS_EDITOR_SECTION (self));
  g_return_if_fail (message != NULL);

  g_signal_emit (self, signals[FAILED], 0, message);
}

void
retour_editor_section_emit_written (RetourEditorSection *self)
{
  g_return_if_fail (RETOUR_IS_EDITOR_SECTION (self));

  g_signal_emit (self, signals[WRITTEN], 0);
}
