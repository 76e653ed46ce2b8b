/* main.c — the entry point of the Retour window app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything else lives in the libraries (see src/meson.build); this only
 * sets up translations and runs the application.
 */
#define G_LOG_DOMAIN "retour"

#include "config.h"



#include "retour-application.h"
#include "retour-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RetourApplication) app = NULL;

  retour_i18n_init ();

  app = retour_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
