/* retour-cli-run.h — running the retour-cli under test, for the CLI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one run of retour-cli did: its exit status and both outputs. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

void run_clear (Run *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

void run_cli_argv (Run        *run,
                   gboolean    nobody,
                   const char *first,
                   va_list     ap);
void run_cli      (Run        *run,
                   const char *first,
                   ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
