/* retour-application.h — the Retour application object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parses the command line (--database FILE), opens the database in a
 * window, and owns the application-wide actions (retour-application-
 * actions.c). A database that cannot be opened is shown in the window with
 * its error, never a crash.
 */
#pragma once

#include <adwaita.h>

#include "retour-context.h"
#include "retour-ui-types.h"

G_BEGIN_DECLS

#define RETOUR_TYPE_APPLICATION (retour_application_get_type ())

G_DECLARE_FINAL_TYPE (RetourApplication, retour_application, RETOUR, APPLICATION, AdwApplication)

RetourApplication *retour_application_new          (void);
/* Presents the window showing the database at @path (NULL: the default
 * one, see retour_database_get_default_path()), opening one if there is
 * none. The window shows the error if the database cannot be opened. */
RetourWindow      *retour_application_open         (RetourApplication  *self,
                                                    const char         *path);
/* Opens the database at @path and makes the context a window works
 * with. */
RetourContext     *retour_application_open_context (RetourApplication  *self,
                                                    const char         *path,
                                                    GError            **error);

G_END_DECLS
