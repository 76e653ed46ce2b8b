/* retour-i18n.h — the translations of a Retour program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds Retour's text domain:
 * to the installed translations, or, for a program started from the build
 * tree (build-aux/run, _build/src/cli/retour-cli), to the ones built
 * there, so that a build that was never installed speaks the user's
 * language too. For the two main()s. */
void retour_i18n_init (void);

G_END_DECLS
