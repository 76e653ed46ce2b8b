/* retour-preferences-window.h — the shop's preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One window per shop window, over it and with its RetourContext: the
 * Policy (RetourPolicyPage), Shop (RetourShopPage) and Stores
 * (RetourStoresPage) pages.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_PREFERENCES_WINDOW (retour_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RetourPreferencesWindow, retour_preferences_window, RETOUR, PREFERENCES_WINDOW, AdwPreferencesWindow)

RetourPreferencesWindow *retour_preferences_window_new         (GtkWindow               *parent,
                                                                RetourContext           *context);
RetourContext           *retour_preferences_window_get_context (RetourPreferencesWindow *self);
/* Shows the Stores page and opens the Add Store dialog over it. */
void                     retour_preferences_window_add_store   (RetourPreferencesWindow *self);
/* Whether the Policy page holds changes that are not saved. */
gboolean                 retour_preferences_window_has_unsaved_changes (RetourPreferencesWindow *self);

G_END_DECLS
