/* retour-cli-private.h — what the files of retour-cli share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The commands live in retour-cli-commands.c, those for a shop's server
 * in retour-cli-server.c, `migrate` in retour-cli-migrate.c and `show` in
 * retour-cli-show.c; all print, parse options and open the database the
 * same way, with the helpers declared here.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "retour-context.h"
#include "retour-database.h"
#include "retour-law-documents.h"

G_BEGIN_DECLS

#define EXIT_USAGE 2

typedef struct
{
  GOutputStream *out;
  GOutputStream *err;
  char          *database;
  gboolean       json;
} Cli;

void            say               (GOutputStream            *stream,
                                   const char               *format,
                                   ...) G_GNUC_PRINTF (2, 3);
/* Prints @error's message as one line on standard error: EXIT_FAILURE. */
int             fail              (Cli                      *cli,
                                   const GError             *error);
/* For a call that makes no sense: EXIT_USAGE. */
int             usage_error       (Cli                      *cli,
                                   const char               *message);

/* A count with the locale's digit grouping, for messages (as %s). */
char           *format_count      (guint64                   n);
/* @text padded with spaces to @width characters. */
char           *pad               (const char               *text,
                                   int                       width);

void            print_json        (Cli                      *cli,
                                   JsonBuilder              *builder);
void            add_text_member   (JsonBuilder              *builder,
                                   const char               *name,
                                   const char               *text);
void            add_int_member    (JsonBuilder              *builder,
                                   const char               *name,
                                   gint64                    value);
void            add_bool_member   (JsonBuilder              *builder,
                                   const char               *name,
                                   gboolean                  value);
JsonBuilder    *begin_json_object (void);
void            print_json_object (Cli                      *cli,
                                   JsonBuilder              *builder);

/* Parses a subcommand's options, with --database and --json added. */
gboolean        parse_options     (Cli                      *cli,
                                   const char               *parameter,
                                   const char               *summary,
                                   GOptionEntry             *entries,
                                   int                      *argc,
                                   char                   ***argv);
/* The database of --database (by default the app's), opened with @flags. */
RetourDatabase *open_database     (Cli                      *cli,
                                   RetourDatabaseOpenFlags   flags,
                                   GError                  **error);
/* A line from standard input, without echo when someone types it. */
char           *read_secret_line  (Cli                      *cli,
                                   const char               *prompt);

/* retour-cli-server.c */
int             command_server    (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-carrier.c */
int             command_carrier_label (Cli                  *cli,
                                       int                   argc,
                                       char                **argv);
int             command_track     (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-deadline.c */
int             command_deadline  (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-report.c */
int             command_report    (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-show.c */
int             command_show      (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-messages.c */
int             command_messages  (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);
int             command_outbox    (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-resolve.c */
int             command_resolve   (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-migrate.c */
int             command_migrate   (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-privacy.c */
int             command_customer  (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);
int             command_retention (Cli                      *cli,
                                   int                       argc,
                                   char                    **argv);

/* retour-cli-documents.c */
/* What the model withdrawal form of @rma says, from the stores. */
RetourLawDocumentData *load_withdrawal_form_data (RetourContext    *context,
                                                  const RetourRma  *rma,
                                                  GError          **error);
int             command_withdrawal_form (Cli                *cli,
                                         int                 argc,
                                         char              **argv);
int             command_acknowledgement (Cli                *cli,
                                         int                 argc,
                                         char              **argv);
int             command_repair_notice   (Cli                *cli,
                                         int                 argc,
                                         char              **argv);

G_END_DECLS
