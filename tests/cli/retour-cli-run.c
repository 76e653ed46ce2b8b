/* retour-cli-run.c — running the retour-cli under test, for the CLI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $RETOUR_CLI names the program meson built; its outputs are kept whole
 * for the tests to assert on.
 */
#include "config.h"

#include <sys/wait.h>

#include "retour-cli-run.h"

void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs retour-cli with the arguments from @first on (NULL-terminated);
 * with @nobody, as the user nobody through setpriv. */
void
run_cli_argv (Run        *run,
              gboolean    nobody,
              const char *first,
              va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("RETOUR_CLI");
  int wait_status;

  g_assert_nonnull (cli);
  if (nobody)
    {
      g_ptr_array_add (args, (char *) "setpriv");
      g_ptr_array_add (args, (char *) "--reuid=65534");
      g_ptr_array_add (args, (char *) "--regid=65534");
      g_ptr_array_add (args, (char *) "--clear-groups");
    }
  g_ptr_array_add (args, (char *) cli);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  if (run->status != 0)
    g_test_message ("retour-cli %s: %s", first, run->err);
}

void
run_cli (Run        *run,
         const char *first,
         ...)
{
  va_list ap;

  va_start (ap, first);
  run_cli_argv (run, FALSE, first, ap);
  va_end (ap);
}
