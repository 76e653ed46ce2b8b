/* retour-i18n.c — the translations of a Retour program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "retour-i18n.h"

/* Whether this program runs from the build tree it was built in. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  return self != NULL && g_str_has_prefix (self, BUILD_ROOT G_DIR_SEPARATOR_S);
}

void
retour_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, running_uninstalled () ? BUILD_ROOT G_DIR_SEPARATOR_S "po" : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
