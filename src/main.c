/* main.c — the entry point of the Retour window app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything else lives in the libraries (see src/meson.build); this only
 * sets up translations and runs the application.
 */
#define G_LOG_DOMAIN "retour"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "retour-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RetourApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = retour_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
