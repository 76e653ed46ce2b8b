/* retour-cli-private.h — what the files of retour-cli share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * retour-cli-commands.c keeps the shared plumbing (options, output, JSON)
 * and the table of commands; a command that grew a file of its own
 * (retour-cli-migrate.c) uses that plumbing through this header. Only
 * src/cli includes it.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Bad usage: nothing was done. */
#define EXIT_USAGE 2

typedef struct
{
  GOutputStream *out;
  GOutputStream *err;
  char          *database;
  gboolean       json;
} Cli;

void         say               (GOutputStream *stream,
                                const char    *format,
                                ...) G_GNUC_PRINTF (2, 3);
/* A count with the locale's digit grouping, for messages (as %s). */
char        *format_count      (guint64        n);
/* @text padded with spaces to @width characters. */
char        *pad               (const char    *text,
                                int            width);
/* Prints @error as one line on standard error; returns EXIT_FAILURE. */
int          fail              (Cli           *cli,
                                const GError  *error);
/* Prints @message; returns EXIT_USAGE. */
int          usage_error       (Cli           *cli,
                                const char    *message);

/* Parses a subcommand's options, with --database and --json added. */
gboolean     parse_options     (Cli           *cli,
                                const char    *parameter,
                                const char    *summary,
                                GOptionEntry  *entries,
                                int           *argc,
                                char        ***argv);

/* The one JSON object a command prints: begun, filled, then printed. */
JsonBuilder *begin_json_object (void);
void         print_json_object (Cli           *cli,
                                JsonBuilder   *builder);
void         add_text_member   (JsonBuilder   *builder,
                                const char    *name,
                                const char    *text);
void         add_int_member    (JsonBuilder   *builder,
                                const char    *name,
                                gint64         value);
void         add_bool_member   (JsonBuilder   *builder,
                                const char    *name,
                                gboolean       value);

/* retour-cli-migrate.c */
int          retour_cli_command_migrate (Cli   *cli,
                                         int    argc,
                                         char **argv);

G_END_DECLS
