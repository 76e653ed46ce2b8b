/* retour-core-private.h — helpers shared by the files of src/core only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a person typed, made fit to quote in an error message: valid UTF-8
 * whatever the bytes were, and cut short with "…" when it is long. */
char *retour_core_quote_input (const char *text);

G_END_DECLS
