/* retour-application-private.h — what the application's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "retour-application.h"

G_BEGIN_DECLS

/* Adds the app.* actions and their accelerators (at startup). */
void _retour_application_actions_init (RetourApplication *self);

G_END_DECLS
