/* retour-cli-commands.h — the subcommands of retour-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs `retour-cli ARGS…`: writes results to @out, progress and errors to
 * @err, and returns the exit status (0 success, 1 failure, 2 bad usage). */
int retour_cli_run (int            argc,
                    char         **argv,
                    GOutputStream *out,
                    GOutputStream *err);

G_END_DECLS
