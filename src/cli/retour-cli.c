/* retour-cli.c — the entry point of retour-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>

#include "retour-cli-commands.h"
#include "retour-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  g_autoptr(GOutputStream) err = g_unix_output_stream_new (STDERR_FILENO, FALSE);

  retour_i18n_init ();

  return retour_cli_run (argc, argv, out, err);
}
