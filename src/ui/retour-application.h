/* retour-application.h — the Retour application object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parses the command line (--database FILE), opens the desk's shop (the
 * shared database it is connected to, or the file on this computer) in a
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

/* Opens the database at @location (a file or a shared database) in
 * @window: a shared one off the main thread, with its password from the
 * keyring, while the window says it is connecting. */
void               retour_application_open_in_window (RetourApplication *self,
                                                      RetourWindow      *window,
                                                      const char        *location);
/* The shared database this desk is connected to (its location, without
 * the password), or NULL for the database on this computer. */
char              *retour_application_get_location   (RetourApplication *self);
/* Makes @location (NULL: this computer's database) the desk's shop from
 * now on, and opens it in @window. */
void               retour_application_use_location   (RetourApplication *self,
                                                      RetourWindow      *window,
                                                      const char        *location);
/* Where the passwords of shared databases are kept, and the keyring every
 * shop opened gets: the Secret Service unless replaced (tests). */
RetourKeyring     *retour_application_get_keyring    (RetourApplication *self);
void               retour_application_set_keyring    (RetourApplication *self,
                                                      RetourKeyring     *keyring);

G_END_DECLS
