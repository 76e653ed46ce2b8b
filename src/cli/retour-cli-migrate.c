/* retour-cli-migrate.c — `retour-cli migrate`: a shop's file onto a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The day a shop goes from one desk to several, its SQLite file is moved
 * onto the PostgreSQL server the desks will share (retour-migrate.h does
 * the work). The file is left as it was; what lands on the server is
 * counted table by table and checked before the command says it is done.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "retour-cli-private.h"
#include "retour-database.h"
#include "retour-migrate.h"

typedef struct
{
  Cli      *cli;
  gboolean  tty;
} MigrateProgress;

/* One line per table on standard error; on a terminal the count of the
 * table under way goes up in place. */
static void
migrate_progress (const char *table,
                  guint64     done,
                  guint64     total,
                  gpointer    user_data)
{
  MigrateProgress *progress = user_data;
  g_autofree char *done_text = format_count (done);
  g_autofree char *total_text = format_count (total);

  if (progress->cli->json)
    return;

  if (table == NULL)
    {
      say (progress->cli->err, "%s\n", _("Rebuilding the search index and committing…"));
      return;
    }

  if (done < total && !progress->tty)
    return;

  if (progress->tty)
    say (progress->cli->err, "\r");
  /* Translators: a table, then rows copied of its rows. */
  say (progress->cli->err, _("Copying %s: %s of %s rows"), table, done_text, total_text);
  if (done == total)
    say (progress->cli->err, "\n");
}

int
command_migrate (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_FILENAME, &from, N_("The shop’s database file (default: --database, or the app’s)"), N_("FILE") },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, N_("The server: postgresql://USER@HOST/DATABASE or a connection string"), N_("URL") },
    { NULL }
  };
  g_autoptr(RetourMigrateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  MigrateProgress progress = { cli, isatty (STDERR_FILENO) };

  if (!parse_options (cli, NULL,
                      _("Move a shop’s database file onto a PostgreSQL server that holds no shop yet. "
                        "The file is not changed; every table is copied in one transaction, then "
                        "counted and checked on both sides."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return usage_error (cli, _("retour-cli migrate takes no arguments, only --from FILE --to URL"));
  if (to == NULL)
    return usage_error (cli, _("Say which server to move the shop onto: --to postgresql://…"));

  if (from == NULL)
    from = g_strdup (cli->database);
  if (from == NULL)
    from = retour_database_get_default_path ();

  report = retour_migrate_to_server (from, to, migrate_progress, &progress, NULL, &error);
  if (report == NULL)
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_bool_member (builder, "ok", TRUE);
      add_text_member (builder, "from", from);
      add_int_member (builder, "rows", (gint64) report->rows);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, (double) report->copy_us / G_USEC_PER_SEC);
      json_builder_set_member_name (builder, "check_seconds");
      json_builder_add_double_value (builder, (double) report->check_us / G_USEC_PER_SEC);
      json_builder_set_member_name (builder, "tables");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->counts->len; i++)
        {
          RetourMigrateCount *count = g_ptr_array_index (report->counts, i);

          json_builder_begin_object (builder);
          add_text_member (builder, "table", count->table);
          add_int_member (builder, "file", (gint64) count->file_rows);
          add_int_member (builder, "server", (gint64) count->server_rows);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json_object (cli, builder);
      return EXIT_SUCCESS;
    }

  {
    g_autofree char *rows = format_count (report->rows);
    g_autofree char *table = pad (_("Table"), 22);

    /* The server's address is not repeated: it may hold a password. */
    /* Translators: the first %s is a file, the second a count of rows. */
    say (cli->out, _("Moved %s onto the server: %s rows in %.1f s, checked in %.1f s.\n"),
         from, rows, (double) report->copy_us / G_USEC_PER_SEC, (double) report->check_us / G_USEC_PER_SEC);
    say (cli->out, "%s %12s %12s\n", table, _("File"), _("Server"));
  }

  for (guint i = 0; i < report->counts->len; i++)
    {
      RetourMigrateCount *count = g_ptr_array_index (report->counts, i);
      g_autofree char *table = pad (count->table, 22);
      g_autofree char *file_rows = format_count (count->file_rows);
      g_autofree char *server_rows = format_count (count->server_rows);

      say (cli->out, "%s %12s %12s\n", table, file_rows, server_rows);
    }

  say (cli->out, "%s\n", _("Every table has the same rows on both sides, and the check finds no problems on either."));

  return EXIT_SUCCESS;
}
