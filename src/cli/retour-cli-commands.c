/* retour-cli-commands.c — what retour-cli does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every subcommand takes --database FILE and --json, prints plain text (or
 * one JSON document) on standard output and, on failure, one line on
 * standard error. Nothing here needs a display or a terminal.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "retour-check.h"
#include "retour-cli-commands.h"
#include "retour-cli-private.h"
#include "retour-context.h"
#include "retour-demo.h"
#include "retour-desk.h"
#include "retour-export.h"
#include "retour-label-layout.h"
#include "retour-label-store.h"
#include "retour-outbox.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-setting-store.h"
#include "retour-sync-engine.h"
#include "retour-sync-store.h"

typedef int (*CommandFunc) (Cli   *cli,
                            int    argc,
                            char **argv);

void
say (GOutputStream *stream,
     const char    *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_output_stream_write_all (stream, text, strlen (text), NULL, NULL, NULL);
}

/* A count with the locale's digit grouping ("10.000" in nl). Counts go
 * into messages as %s: xgettext cannot see through G_GUINT64_FORMAT. */
char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* Pads @text with spaces to @width characters (not bytes: "Geprüft"). */
char *
pad (const char *text,
     int         width)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  int length = (int) g_utf8_strlen (valid, -1);

  if (length >= width)
    return g_steal_pointer (&valid);

  return g_strdup_printf ("%s%*s", valid, width - length, "");
}

int
fail (Cli          *cli,
      const GError *error)
{
  /* One line, as scripts expect: newlines in messages become spaces. */
  g_autofree char *message = g_strdelimit (g_strdup (error->message), "\n", ' ');

  say (cli->err, "retour-cli: %s\n", message);
  return EXIT_FAILURE;
}

/* For a call that makes no sense: the usage is wrong, nothing was done. */
int
usage_error (Cli        *cli,
             const char *message)
{
  say (cli->err, "retour-cli: %s\n", message);
  return EXIT_USAGE;
}

void
print_json (Cli         *cli,
            JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  say (cli->out, "%s\n", text);
}

/* One member of a JSON object: text (null for NULL), a number or a yes/no. */
void
add_text_member (JsonBuilder *builder,
                 const char  *name,
                 const char  *text)
{
  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
add_bool_member (JsonBuilder *builder,
                 const char  *name,
                 gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* A time as ISO 8601, in UTC. */
static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format_iso8601 (time);

  add_text_member (builder, name, text);
}

/* An amount as two members: @name ("12.50"), then "currency". */
static void
add_money_members (JsonBuilder *builder,
                   const char  *name,
                   RetourMoney  amount)
{
  g_autofree char *text = retour_money_to_string (amount);

  add_text_member (builder, name, text);
  add_text_member (builder, "currency", amount.currency);
}

typedef void (*AddMembersFunc) (JsonBuilder   *builder,
                                gconstpointer  row);

/* Prints @rows as a JSON array with an object for each row, which
 * @add_members fills. */
static void
print_json_rows (Cli            *cli,
                 GPtrArray      *rows,
                 AddMembersFunc  add_members)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      json_builder_begin_object (builder);
      add_members (builder, g_ptr_array_index (rows, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  print_json (cli, builder);
}

/* The one JSON object a command prints: begun here, then filled, then
 * ended and printed by print_json_object(). */
JsonBuilder *
begin_json_object (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

void
print_json_object (Cli         *cli,
                   JsonBuilder *builder)
{
  json_builder_end_object (builder);
  print_json (cli, builder);
}

/* Parses the options of one subcommand; the shared ones are added here. */
gboolean
parse_options (Cli           *cli,
               const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  const GOptionEntry common[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &cli->database,
      N_("The database to use (default: the app’s)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      say (cli->err, "retour-cli: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/* Commands that only read open the database read-only: they take no
 * write lock, so they work beside a sync or a restore in another program,
 * and on a file nobody may write (a backup on read-only media). Only demo
 * and restore create a database; every other command on a path without
 * one says so, rather than making an empty shop there. */
RetourDatabase *
open_database (Cli                      *cli,
               RetourDatabaseOpenFlags   flags,
               GError                  **error)
{
  if (cli->database == NULL)
    cli->database = retour_database_get_default_path ();

  return retour_database_open_full (cli->database, flags, error);
}

/* For a command that writes, or asks the time: the database opened with
 * @flags and the context of the work on it. */
static RetourContext *
open_context (Cli                      *cli,
              RetourDatabaseOpenFlags   flags,
              GError                  **error)
{
  g_autoptr(RetourDatabase) db = open_database (cli, flags, error);

  return db != NULL ? retour_context_new (db) : NULL;
}

/* ------------------------------------------------------------------ demo */

typedef struct
{
  Cli      *cli;
  gboolean  tty;
  gint64    started;
  int       last_percent;
} DemoProgress;

static void
demo_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  DemoProgress *progress = user_data;
  int percent = total > 0 ? (int) (done * 100 / total) : 100;

  if (!progress->tty || percent == progress->last_percent)
    return;

  progress->last_percent = percent;
  say (progress->cli->err, "\r");
  say (progress->cli->err, _("Creating returns: %d%%"), percent);
  if (done == total)
    say (progress->cli->err, "\n");
}

static int
command_demo (Cli   *cli,
              int    argc,
              char **argv)
{
  gint64 n_rmas = 2000;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "rmas", 'n', 0, G_OPTION_ARG_INT64, &n_rmas, N_("How many returns to create (default 2000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the random choices (default 1)"), N_("SEED") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  DemoProgress progress = { cli, isatty (STDERR_FILENO), g_get_monotonic_time (), -1 };
  RetourDemoOptions options = { 0 };
  double seconds;

  if (!parse_options (cli, NULL, _("Fill a new database with a realistic demo shop."), entries, &argc, &argv))
    return EXIT_USAGE;

  if (n_rmas < 0 || n_rmas > 100000000)
    return usage_error (cli, _("--rmas must be between 0 and 100,000,000."));

  if (cli->database == NULL)
    cli->database = retour_database_get_default_path ();

  options.n_rmas = (guint64) n_rmas;
  options.seed = (guint64) seed;
  options.progress = demo_progress;
  options.progress_data = &progress;

  if (!retour_demo_create (cli->database, &options, NULL, &error))
    return fail (cli, error);

  seconds = (double) (g_get_monotonic_time () - progress.started) / G_USEC_PER_SEC;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "database", cli->database);
      add_int_member (builder, "rmas", n_rmas);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, seconds);
      print_json_object (cli, builder);
    }
  else
    {
      g_autofree char *count = format_count ((guint64) n_rmas);

      /* Translators: the first %s is a count of returns, the second a file. */
      say (cli->out, g_dngettext (GETTEXT_PACKAGE, "Created a demo shop with %s return in %s in %.1f s\n",
                                  "Created a demo shop with %s returns in %s in %.1f s\n",
                                  (gulong) n_rmas),
           count, cli->database, seconds);
    }

  return EXIT_SUCCESS;
}

/* ----------------------------------------------------------------- stats */

static int
command_stats (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint64 counts[RETOUR_RMA_N_STATUSES];
  guint64 total = 0;

  if (!parse_options (cli, NULL, _("Count the returns in each status."), NULL, &argc, &argv))
    return EXIT_USAGE;

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL || !retour_rma_store_count_by_status (db, counts, &error))
    return fail (cli, error);

  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    total += counts[i];

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_int_member (builder, "rmas", (gint64) total);
      json_builder_set_member_name (builder, "by_status");
      json_builder_begin_object (builder);
      for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
        {
          add_int_member (builder, retour_rma_status_to_key (i), (gint64) counts[i]);
        }
      json_builder_end_object (builder);
      print_json_object (cli, builder);
      return EXIT_SUCCESS;
    }

  {
    g_autofree char *label = pad (_("Returns"), 24);
    g_autofree char *count = format_count (total);

    say (cli->out, "%s %12s\n", label, count);
  }
  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    {
      g_autofree char *label = pad (retour_rma_status_get_label (i), 22);
      g_autofree char *count = format_count (counts[i]);

      say (cli->out, "  %s %12s\n", label, count);
    }

  return EXIT_SUCCESS;
}

/* ----------------------------------------------------------------- check */

static int
command_check (Cli   *cli,
               int    argc,
               char **argv)
{
  gboolean quick = FALSE;
  GOptionEntry entries[] = {
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, N_("Use SQLite’s quicker, less thorough page check"), NULL },
    { NULL }
  };
  g_autoptr(RetourCheckReport) report = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db;

  if (!parse_options (cli, NULL, _("Check the database: SQLite, search index, ledgers, lifecycle."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  context = open_context (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  report = retour_check_database (db, quick ? RETOUR_CHECK_QUICK : RETOUR_CHECK_FULL,
                                  retour_context_now (context), &error);
  if (report == NULL)
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_bool_member (builder, "ok", report->n_problems == 0);
      add_int_member (builder, "rmas", (gint64) report->rmas);
      add_int_member (builder, "events", (gint64) report->events);
      add_int_member (builder, "products", (gint64) report->products);
      add_int_member (builder, "stock_movements", (gint64) report->movements);
      add_int_member (builder, "refunds", (gint64) report->refunds);
      add_int_member (builder, "problem_count", (gint64) report->n_problems);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->problems->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (report->problems, i));
      json_builder_end_array (builder);
      print_json_object (cli, builder);
    }
  else
    {
      g_autofree char *rmas = format_count (report->rmas);
      g_autofree char *events = format_count (report->events);
      g_autofree char *products = format_count (report->products);
      g_autofree char *movements = format_count (report->movements);
      g_autofree char *refunds = format_count (report->refunds);

      /* Translators: each %s is a count. */
      say (cli->out, _("Checked: returns %s, events %s, products %s, stock movements %s, refunds %s.\n"),
           rmas, events, products, movements, refunds);

      for (guint i = 0; i < report->problems->len; i++)
        say (cli->out, "  ✗ %s\n", (const char *) g_ptr_array_index (report->problems, i));
      if (report->n_problems > report->problems->len)
        {
          g_autofree char *more = format_count (report->n_problems - report->problems->len);

          /* Translators: %s is a count of further problems. */
          say (cli->out, _("  … and %s more\n"), more);
        }

      if (report->n_problems == 0)
        say (cli->out, "%s\n", _("No problems found."));
    }

  if (report->n_problems > 0)
    {
      g_autofree char *count = format_count (report->n_problems);

      say (cli->err, g_dngettext (GETTEXT_PACKAGE, "retour-cli: %s problem found\n",
                                  "retour-cli: %s problems found\n",
                                  (gulong) report->n_problems),
           count);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- search */

static char *
format_local_date (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%x") : g_strdup ("");
}

static void
add_order_members (JsonBuilder   *builder,
                   gconstpointer  data)
{
  const RetourOrderSummary *row = data;

  add_int_member (builder, "id", row->id);
  add_text_member (builder, "number", row->number);
  add_text_member (builder, "customer", row->customer_name != NULL ? row->customer_name : "");
  add_text_member (builder, "email", row->email != NULL ? row->email : "");
  add_text_member (builder, "phone", row->phone != NULL ? row->phone : "");
  add_time_member (builder, "ordered", row->ordered_us);
  add_int_member (builder, "lines", row->n_lines);
  add_money_members (builder, "total", row->total);
  add_bool_member (builder, "cancelled", row->cancelled);
}

/* What the phone window's order search finds, newest first. */
static int
print_orders (Cli            *cli,
              RetourDatabase *db,
              const char     *text,
              guint           limit)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = retour_search_orders (db, text, limit, &error);
  if (rows == NULL)
    return fail (cli, error);

  if (cli->json)
    {
      print_json_rows (cli, rows, add_order_members);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const RetourOrderSummary *row = g_ptr_array_index (rows, i);
      g_autofree char *number = pad (row->number, 10);
      g_autofree char *customer = pad (row->customer_name, 28);
      g_autofree char *email = pad (row->email, 32);
      g_autofree char *ordered = format_local_date (row->ordered_us);
      g_autofree char *ordered_column = pad (ordered, 10);
      g_autofree char *total = retour_money_format (row->total);

      say (cli->out, "%s %s %s %s %3u  %s%s\n", number, customer, email, ordered_column, row->n_lines, total,
           /* Translators: after an order that was cancelled in the store. */
           row->cancelled ? _(" (cancelled)") : "");
    }

  if (rows->len == 0)
    say (cli->err, "%s\n", _("No orders match."));

  return EXIT_SUCCESS;
}

static void
add_rma_members (JsonBuilder   *builder,
                 gconstpointer  data)
{
  const RetourRmaSummary *row = data;

  add_int_member (builder, "id", row->id);
  add_text_member (builder, "number", row->number);
  add_text_member (builder, "status", retour_rma_status_to_key (row->status));
  add_text_member (builder, "customer", row->customer_name != NULL ? row->customer_name : "");
  add_text_member (builder, "order", row->order_number != NULL ? row->order_number : "");
  add_time_member (builder, "created", row->created_us);
  add_int_member (builder, "units", row->units);
  add_money_members (builder, "refund", row->refund);
}

static int
command_search (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autofree char *status_key = NULL;
  gboolean orders = FALSE;
  int limit = 50;
  GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_STRING, &status_key, N_("Only returns in this status (requested, authorized, …)"), N_("STATUS") },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit, N_("At most this many results (default 50)"), N_("N") },
    { "orders", 'o', 0, G_OPTION_ARG_NONE, &orders,
      N_("Find orders instead, as the phone window does: by order number, name, e-mail or phone"), NULL },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RetourRmaStatus status;
  int status_filter = -1;

  if (!parse_options (cli, _("TEXT"), _("Find returns by RMA or order number, name, e-mail, phone, SKU or product; newest first."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  text = argc > 1 ? g_strjoinv (" ", argv + 1) : g_strdup ("");

  if (status_key != NULL)
    {
      if (!retour_rma_status_from_key (status_key, &status))
        {
          say (cli->err, _("retour-cli: “%s” is not a status\n"), status_key);
          return EXIT_USAGE;
        }
      status_filter = status;
    }

  if (limit < 1 || limit > 10000)
    return usage_error (cli, _("--limit must be between 1 and 10,000."));

  if (*text != '\0' && !retour_search_is_searchable (text))
    {
      say (cli->err, g_dngettext (GETTEXT_PACKAGE, "retour-cli: type at least %d character to search\n",
                                  "retour-cli: type at least %d characters to search\n",
                                  RETOUR_SEARCH_MIN_CHARS),
           RETOUR_SEARCH_MIN_CHARS);
      return EXIT_USAGE;
    }

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    return fail (cli, error);

  if (orders)
    {
      if (status_key != NULL)
        return usage_error (cli, _("--status is for returns, not orders."));
      return print_orders (cli, db, text, (guint) limit);
    }

  rows = retour_search_rmas (db, text, status_filter, 0, limit, &error);
  if (rows == NULL)
    return fail (cli, error);

  if (cli->json)
    {
      print_json_rows (cli, rows, add_rma_members);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const RetourRmaSummary *row = g_ptr_array_index (rows, i);
      g_autofree char *number = row->number != NULL ? retour_rma_number_display (row->number)
                                                    : g_strdup_printf ("#%" G_GINT64_FORMAT, row->id);
      g_autofree char *refund = retour_money_format (row->refund);
      g_autofree char *created = format_local_date (row->created_us);

      g_autofree char *status_column = pad (retour_rma_status_get_label (row->status), 12);
      g_autofree char *customer = pad (row->customer_name, 28);
      g_autofree char *order = pad (row->order_number, 8);
      g_autofree char *number_column = pad (number, 14);
      g_autofree char *created_column = pad (created, 10);

      say (cli->out, "%s %s %s %s %s %3u  %s\n",
           number_column, status_column, customer, order, created_column, row->units, refund);
    }

  if (rows->len == 0)
    say (cli->err, "%s\n", _("No returns match."));

  return EXIT_SUCCESS;
}

/* -------------------------------------------------------- backup/restore */

static int
command_backup (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options (cli, _("FILE"), _("Copy the database to FILE, safely, even while it is in use."),
                      NULL, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say where the backup goes: retour-cli backup FILE"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL || !retour_database_backup (db, argv[1], &error))
    return fail (cli, error);

  if (!cli->json)
    say (cli->out, _("Backed up %s to %s\n"), cli->database, argv[1]);

  return EXIT_SUCCESS;
}

/* A restore killed while it saved the previous contents leaves a
 * half-written "….before-restore-N.part"; it is of no use to anyone. */
static void
remove_abandoned_safety_copies (const char *database)
{
  g_autofree char *dir = g_path_get_dirname (database);
  g_autofree char *base = g_path_get_basename (database);
  g_autofree char *prefix = g_strconcat (base, ".before-restore-", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".part"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
}

static int
command_restore (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *safety = NULL;
  gboolean empty;

  if (!parse_options (cli, _("FILE"),
                      _("Replace the database with the backup in FILE. The current contents are first saved beside it."),
                      NULL, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say which backup to restore: retour-cli restore FILE"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_CREATE, &error);
  if (db == NULL)
    return fail (cli, error);

  remove_abandoned_safety_copies (cli->database);

  /* A restore replaces everything: keep what was there, in case the wrong
   * file was restored. A database without a shop has nothing to keep. */
  empty = retour_database_is_empty (db, &error);
  if (error != NULL)
    return fail (cli, error);
  if (!empty)
    {
      g_autoptr(RetourContext) context = retour_context_new (db);

      safety = g_strdup_printf ("%s.before-restore-%" G_GINT64_FORMAT, cli->database,
                                retour_context_now (context) / G_USEC_PER_SEC);
      if (!retour_database_backup (db, safety, &error))
        return fail (cli, error);
    }

  if (!retour_database_restore (db, argv[1], &error))
    {
      /* Nothing changed, so the copy of it is not needed. */
      if (safety != NULL)
        g_unlink (safety);
      return fail (cli, error);
    }

  if (!cli->json && safety != NULL)
    say (cli->out, _("Restored %s from %s; the previous contents are in %s\n"), cli->database, argv[1], safety);
  else if (!cli->json)
    say (cli->out, _("Restored %s from %s\n"), cli->database, argv[1]);

  return EXIT_SUCCESS;
}

/* ----------------------------------------------------------------- label */

/* Makes the label from the return as it is now and stores it — unless the
 * newest stored label of that format has the same bytes (nothing changed
 * since), which is then reused as it is — and writes the PDF. */
static int
command_label (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autofree char *format_key = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_key,
      N_("thermal (100 × 150 mm), a6 or a4 (default: the shop’s setting)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the PDF"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourLabelData) data = NULL;
  g_autoptr(RetourLawDocumentData) form = NULL;
  g_autoptr(RetourLabel) label = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;
  RetourDatabase *db;
  RetourLabelFormat format;
  gboolean reused;
  gint64 now_us;

  if (!parse_options (cli, _("NUMBER"), _("Make the return label of a return and write it as PDF."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2 || output == NULL)
    return usage_error (cli,
                        _("Say which return and where the PDF goes: retour-cli label NUMBER --output FILE.pdf"));

  number = retour_rma_number_parse (argv[1], &error);
  if (number == NULL)
    return fail (cli, error);

  context = open_context (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  if (format_key == NULL)
    {
      format_key = retour_setting_store_get (db, RETOUR_SETTING_LABEL_FORMAT, "thermal", &error);
      if (format_key == NULL)
        return fail (cli, error);
    }
  if (!retour_label_format_from_key (format_key, &format))
    return usage_error (cli, _("--format must be thermal, a6 or a4."));

  now_us = retour_context_now (context);

  rma = retour_rma_store_find_by_number (db, number, &error);
  if (rma == NULL)
    return fail (cli, error);

  data = retour_label_store_load_data (db, rma->id, &error);
  if (data == NULL)
    return fail (cli, error);
  data->time_zone = g_time_zone_ref (retour_context_get_time_zone (context));
  /* The A4 form takes the model withdrawal form as its second page. */
  if (format == RETOUR_LABEL_FORMAT_A4)
    {
      form = load_withdrawal_form_data (context, rma, &error);
      if (form == NULL)
        return fail (cli, error);
      form->created_us = data->created_us;
    }
  pdf = retour_label_render_pdf_with_form (data, format, form, &error);
  if (pdf == NULL)
    return fail (cli, error);
  label = retour_label_store_add (db, rma->id, format, pdf, retour_context_get_actor (context), now_us, &error);
  if (label == NULL)
    return fail (cli, error);
  reused = label->created_us != now_us;

  /* The label shows the customer's name and address: private, like the
   * database. */
  if (!g_file_set_contents_full (output, g_bytes_get_data (label->pdf, NULL),
                                 (gssize) g_bytes_get_size (label->pdf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return fail (cli, error);

  display = retour_rma_number_display (number);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "number", number);
      add_text_member (builder, "format", retour_label_format_to_key (format));
      add_int_member (builder, "version", label->version);
      add_bool_member (builder, "reused", reused);
      add_int_member (builder, "bytes", (gint64) g_bytes_get_size (label->pdf));
      add_text_member (builder, "output", output);
      print_json_object (cli, builder);
    }
  else if (reused)
    /* Translators: %s: RMA number, %s: label format, %u: version, %s: file. */
    say (cli->out, _("Return label %s (%s), version %u, unchanged: written to %s\n"),
         display, retour_label_format_get_label (format), label->version, output);
  else
    say (cli->out, _("Return label %s (%s), version %u, made: written to %s\n"),
         display, retour_label_format_get_label (format), label->version, output);

  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- export */

/* Writes the CSV to a temporary file beside @output and puts it in place
 * only when complete: a failure half-way leaves whatever was there. */
static gboolean
export_csv (RetourDatabase  *db,
            GTimeZone       *tz,
            const char      *output,
            gboolean       (*write) (RetourDatabase *, GOutputStream *, GTimeZone *, GCancellable *, GError **),
            GError         **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean existed = g_file_query_exists (file, NULL);

  /* Customer data: readable by its owner only. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &local_error);
  if (stream == NULL)
    goto failed;

  if (write (db, G_OUTPUT_STREAM (stream), tz, NULL, &local_error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    return TRUE;

  /* Closing with a cancelled cancellable drops the temporary file; a file
   * that did not exist before was written in place and goes too. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);

failed:
  {
    g_autofree char *display = g_file_get_parse_name (file);

    /* Translators: the first %s is a file, the second why it failed. */
    g_set_error (error, G_IO_ERROR, local_error->code, _("Could not export to %s: %s"),
                 display, local_error->message);
  }
  return FALSE;
}

static int
command_export (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the CSV file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db;

  static const struct
  {
    const char *what;
    gboolean  (*write) (RetourDatabase *, GOutputStream *, GTimeZone *, GCancellable *, GError **);
  } exports[] = {
    { "stock", retour_export_stock_csv },
    { "returns", retour_export_returns_csv },
    { "refunds", retour_export_refunds_csv },
  };
  guint i;

  /* The parameter is the literal words to type, not a placeholder. */
  if (!parse_options (cli, "stock|returns|refunds",
                      _("Export as CSV: the stock ledger (every movement with its date, product, bucket, change, "
                        "cause, return, who and why), the returns (a row per item) or the refunds."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2 || output == NULL)
    return usage_error (cli, _("Say what to export and where: retour-cli export stock|returns|refunds --output FILE.csv"));

  for (i = 0; i < G_N_ELEMENTS (exports); i++)
    if (g_str_equal (argv[1], exports[i].what))
      break;
  if (i == G_N_ELEMENTS (exports))
    {
      /* Translators: %s is what was asked for. */
      say (cli->err, _("retour-cli: cannot export “%s”; say retour-cli export stock|returns|refunds --output FILE.csv\n"),
           argv[1]);
      return EXIT_USAGE;
    }

  context = open_context (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  if (!export_csv (db, retour_context_get_time_zone (context), output, exports[i].write, &error))
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "database", cli->database);
      add_text_member (builder, "output", output);
      print_json_object (cli, builder);
    }
  else if (i == 0)
    say (cli->out, _("Exported the stock ledger of %s to %s\n"), cli->database, output);
  else if (i == 1)
    say (cli->out, _("Exported the returns of %s to %s\n"), cli->database, output);
  else
    say (cli->out, _("Exported the refunds of %s to %s\n"), cli->database, output);

  return EXIT_SUCCESS;
}

/* ----------------------------------------------------------- store, sync */

typedef struct
{
  Cli          *cli;
  const char   *name;
  gboolean      tty;
  GAsyncResult *result;
} SyncRun;

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ((SyncRun *) user_data)->result = g_object_ref (result);
}

/* Runs the main loop until the call given sync_done() has finished. */
static GAsyncResult *
wait_for_result (SyncRun *run)
{
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (&run->result);
}

/* A line from standard input, without echo when someone types it. */
char *
read_secret_line (Cli        *cli,
                  const char *prompt)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char buffer[1024];
  char *line = NULL;

  if (tty)
    {
      say (cli->err, "%s ", prompt);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    line = g_strdup (g_strstrip (buffer));
  memset (buffer, 0, sizeof buffer);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      say (cli->err, "\n");
    }

  return line;
}

static RetourCredentials *
read_credentials (Cli             *cli,
                  const char      *file,
                  RetourPlatform   platform,
                  GError         **error)
{
  g_autoptr(RetourCredentials) credentials = NULL;

  if (file != NULL)
    credentials = retour_credentials_load_file (file, error);
  else
    {
      credentials = retour_credentials_new ();
      if (platform == RETOUR_PLATFORM_SHOPIFY)
        credentials->access_token = read_secret_line (cli, _("Admin API access token:"));
      else
        {
          credentials->consumer_key = read_secret_line (cli, _("Consumer key:"));
          credentials->consumer_secret = read_secret_line (cli, _("Consumer secret:"));
        }
    }

  if (credentials == NULL || !retour_credentials_check (credentials, platform, error))
    return NULL;

  return g_steal_pointer (&credentials);
}

static int
fail_keyring (Cli          *cli,
              const GError *error)
{
  say (cli->err, "retour-cli: %s\n", error->message);
  if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING))
    say (cli->err, "retour-cli: %s\n",
         _("Without a desktop session, put the keys in a file only you can read and pass --credentials FILE."));
  return EXIT_FAILURE;
}

static int
store_add (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autofree char *platform_key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *file = NULL;
  gboolean write_back = FALSE;
  gboolean no_test = FALSE;
  GOptionEntry entries[] = {
    { "platform", 'p', 0, G_OPTION_ARG_STRING, &platform_key, N_("woocommerce or shopify"), N_("PLATFORM") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("What to call the store"), N_("NAME") },
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, N_("The site’s address (https://…)"), N_("URL") },
    { "credentials", 'c', 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read the keys from a private JSON file instead of standard input"), N_("FILE") },
    { "write-back", 0, 0, G_OPTION_ARG_NONE, &write_back, N_("Create refunds in the store too"), NULL },
    { "no-test", 0, 0, G_OPTION_ARG_NONE, &no_test,
      N_("Save the store without first trying its address and keys"), NULL },
    { NULL }
  };
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(RetourCredentials) credentials = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db;

  if (!parse_options (cli, NULL, _("Connect a WooCommerce or Shopify store. The keys go to the keyring."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (name == NULL || url == NULL || !retour_platform_from_key (platform_key, &storefront->platform))
    return usage_error (cli, _("Say --platform woocommerce|shopify, --name and --url."));

  storefront->name = g_strdup (name);
  storefront->base_url = g_strdup (url);
  storefront->write_back = write_back;
  if (!retour_http_check_url (url, &error) ||
      (credentials = read_credentials (cli, file, storefront->platform, &error)) == NULL)
    return fail (cli, error);

  context = open_context (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  /* A store with a wrong address or wrong keys would only fail at its
   * first sync, perhaps at night from cron: try it now. */
  if (!no_test)
    {
      SyncRun run = { cli, name, FALSE, NULL };
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *note = NULL;

      retour_sync_test_connection_async (storefront, credentials, retour_context_now (context), NULL,
                                         sync_done, &run);
      result = wait_for_result (&run);
      if (!retour_sync_test_connection_finish (result, &note, &error))
        {
          g_prefix_error (&error, _("The store was not added: "));
          say (cli->err, "retour-cli: %s\n", error->message);
          say (cli->err, "retour-cli: %s\n", _("Check the address and the keys, or add --no-test to save it anyway."));
          return EXIT_FAILURE;
        }
      if (note != NULL)
        say (cli->err, "retour-cli: %s\n", note);
    }

  if (!retour_sync_store_add (db, storefront, retour_context_now (context), &error))
    return fail (cli, error);

  if (!retour_credentials_store_sync (storefront, credentials, NULL, &error))
    {
      /* Headless with a file: the file is where the keys live. */
      if (file != NULL && g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING))
        say (cli->err, _("retour-cli: the keyring is not available; pass --credentials %s to retour-cli sync\n"), file);
      else
        {
          g_autoptr(GError) remove_error = NULL;

          retour_sync_store_remove (db, storefront->id, &remove_error);
          return fail_keyring (cli, error);
        }
    }

  if (!cli->json)
    say (cli->out, _("Added the %s store “%s” at %s\n"), retour_platform_get_label (storefront->platform),
         storefront->name, storefront->base_url);

  return EXIT_SUCCESS;
}

static int
store_list (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!parse_options (cli, NULL, _("List the connected stores and how their last sync went."), NULL, &argc, &argv))
    return EXIT_USAGE;

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL || (stores = retour_sync_store_list (db, &error)) == NULL)
    return fail (cli, error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < stores->len; i++)
    {
      RetourStorefront *store = g_ptr_array_index (stores, i);
      g_autoptr(GDateTime) last = store->last_sync_us > 0
                                  ? g_date_time_new_from_unix_local (store->last_sync_us / G_USEC_PER_SEC) : NULL;
      g_autofree char *when = last != NULL ? g_date_time_format (last, "%x %X") : g_strdup (_("never"));

      if (!cli->json)
        {
          say (cli->out, "%-20s %-12s %-40s %s\n", store->name, retour_platform_get_label (store->platform),
               store->base_url, when);
          if (store->last_error != NULL)
            say (cli->out, "  ✗ %s\n", store->last_error);
          continue;
        }

      json_builder_begin_object (builder);
      add_text_member (builder, "name", store->name);
      add_text_member (builder, "platform", retour_platform_to_key (store->platform));
      add_text_member (builder, "url", store->base_url);
      add_bool_member (builder, "write_back", store->write_back);
      add_int_member (builder, "last_sync_us", store->last_sync_us);
      add_text_member (builder, "last_error", store->last_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (cli->json)
    print_json (cli, builder);
  else if (stores->len == 0)
    say (cli->err, "%s\n", _("No stores are connected."));

  return EXIT_SUCCESS;
}

static int
store_remove (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(RetourStorefront) storefront = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;

  if (!parse_options (cli, _("NAME"), _("Disconnect a store. Its orders and returns stay."), NULL, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say which store: retour-cli store remove NAME"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL || (storefront = retour_sync_store_find (db, argv[1], &error)) == NULL)
    return fail (cli, error);

  /* Keys left in a keyring that is not there cannot be cleared now. */
  if (!retour_credentials_clear_sync (storefront, NULL, &keyring_error))
    g_debug ("Keys of store %s not cleared: %s", storefront->name, keyring_error->message);

  if (!retour_sync_store_remove (db, storefront->id, &error))
    return fail (cli, error);

  if (!cli->json)
    say (cli->out, _("Removed the store “%s”; its orders and returns are kept.\n"), storefront->name);

  return EXIT_SUCCESS;
}

/* The orders each store's syncs could not read, and why. */
static int
store_problems (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &only, N_("Only this store"), N_("NAME") },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint total = 0;

  if (!parse_options (cli, NULL, _("List the orders a sync could not read, and why; each sync asks for them again."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL || (stores = retour_sync_store_list (db, &error)) == NULL)
    return fail (cli, error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < stores->len; i++)
    {
      RetourStorefront *store = g_ptr_array_index (stores, i);
      g_autoptr(GPtrArray) problems = NULL;

      if (only != NULL && g_strcmp0 (only, store->name) != 0)
        continue;

      problems = retour_sync_store_list_problems (db, store->id, &error);
      if (problems == NULL)
        return fail (cli, error);
      total += problems->len;

      for (guint j = 0; j < problems->len; j++)
        {
          const RetourSyncProblem *problem = g_ptr_array_index (problems, j);
          g_autofree char *first = format_local_date (problem->first_seen_us);

          if (!cli->json)
            {
              /* Translators: "Shop NL, order 10042 (id 5123), first met 03/12/2026, 4 syncs:" */
              say (cli->out, g_dngettext (GETTEXT_PACKAGE, "%s, order %s (id %s), first met %s, %u sync:\n",
                                          "%s, order %s (id %s), first met %s, %u syncs:\n", problem->attempts),
                   store->name, problem->order_number != NULL ? problem->order_number : "?",
                   problem->external_id, first, problem->attempts);
              say (cli->out, "  ✗ %s\n", problem->message);
              continue;
            }

          json_builder_begin_object (builder);
          add_text_member (builder, "store", store->name);
          add_text_member (builder, "external_id", problem->external_id);
          add_text_member (builder, "order_number", problem->order_number);
          add_text_member (builder, "field", problem->field);
          add_text_member (builder, "message", problem->message);
          add_int_member (builder, "first_seen_us", problem->first_seen_us);
          add_int_member (builder, "last_seen_us", problem->last_seen_us);
          add_int_member (builder, "attempts", problem->attempts);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  if (cli->json)
    print_json (cli, builder);
  else if (total == 0)
    say (cli->err, "%s\n", _("Every order of every store could be read."));

  return EXIT_SUCCESS;
}

static int
command_store (Cli   *cli,
               int    argc,
               char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return store_add (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return store_list (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove"))
    return store_remove (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "problems"))
    return store_problems (cli, argc - 1, argv + 1);

  say (cli->err, "%s\n", _("Usage: retour-cli store add|list|remove|problems [OPTIONS…]"));
  return EXIT_USAGE;
}


static void
sync_progress (RetourSyncEngine *engine,
               gint64            store_id,
               guint64           done,
               gint64            total,
               SyncRun          *run)
{
  g_autofree char *done_text = NULL;

  if (!run->tty)
    return;

  done_text = format_count (done);
  say (run->cli->err, "\r");
  if (total >= 0)
    {
      g_autofree char *total_text = format_count ((guint64) total);

      /* Translators: “Syncing Shop: 200 of 1,000 orders”. */
      say (run->cli->err, g_dngettext (GETTEXT_PACKAGE, "Syncing %s: %s of %s order",
                                       "Syncing %s: %s of %s orders", (gulong) total),
           run->name, done_text, total_text);
    }
  else
    {
      say (run->cli->err, g_dngettext (GETTEXT_PACKAGE, "Syncing %s: %s order",
                                       "Syncing %s: %s orders", (gulong) done),
           run->name, done_text);
    }
}


static gboolean
sync_store (Cli              *cli,
            RetourContext    *context,
            RetourStorefront *storefront,
            const char       *file,
            gboolean          full,
            GError          **error)
{
  RetourDatabase *db = retour_context_get_database (context);
  g_autoptr(RetourCredentials) credentials = NULL;
  g_autoptr(RetourConnector) connector = NULL;
  g_autoptr(RetourSyncEngine) engine = NULL;
  g_autoptr(GArray) pending = NULL;
  SyncRun run = { cli, storefront->name, isatty (STDERR_FILENO), NULL };
  g_autoptr(GAsyncResult) result = NULL;
  RetourSyncStats stats = { 0 };
  RetourClockFunc clock;
  gpointer clock_data;
  gboolean ok;

  retour_context_get_clock (context, &clock, &clock_data);
  engine = retour_sync_engine_new (db, clock, clock_data);

  credentials = file != NULL ? retour_credentials_load_file (file, error)
                             : retour_credentials_lookup_sync (storefront, NULL, error);
  if (credentials == NULL ||
      (connector = retour_sync_connector_new (storefront, credentials, NULL, error)) == NULL)
    return FALSE;

  g_signal_connect (engine, "progress", G_CALLBACK (sync_progress), &run);
  retour_sync_engine_sync_async (engine, storefront->id, connector,
                                 full ? RETOUR_SYNC_FLAGS_FULL : RETOUR_SYNC_FLAGS_NONE, NULL, sync_done, &run);
  result = wait_for_result (&run);
  ok = retour_sync_engine_sync_finish (engine, result, &stats, error);
  if (run.tty)
    say (cli->err, "\n");
  if (!ok)
    return FALSE;

  if (!cli->json)
    {
      g_autofree char *listed = format_count (stats.orders_listed);
      g_autofree char *changed = format_count (stats.orders_changed);
      g_autofree char *gone = format_count (stats.orders_gone);

      /* Translators: the first %s is the store; the others are counts. */
      say (cli->out, _("%s: orders listed %s, new or changed %s, gone upstream %s\n"),
           storefront->name, listed, changed, gone);
      if (stats.orders_unreadable > 0)
        say (cli->out, g_dngettext (GETTEXT_PACKAGE,
                                    "%s: %u order could not be read and was skipped; “retour-cli store problems” says why\n",
                                    "%s: %u orders could not be read and were skipped; “retour-cli store problems” says why\n",
                                    stats.orders_unreadable),
             storefront->name, stats.orders_unreadable);
    }

  /* What the shop tells its WooCommerce customers through the store:
   * customer notes, which WooCommerce mails. */
  if (RETOUR_IS_WOO_CONNECTOR (connector))
    {
      g_autoptr(GAsyncResult) notes = NULL;
      RetourOutboxStats sent = { 0 };

      retour_outbox_send_notes_async (db, RETOUR_WOO_CONNECTOR (connector), storefront->id,
                                      retour_context_now (context), NULL, sync_done, &run);
      notes = wait_for_result (&run);
      if (!retour_outbox_send_notes_finish (notes, &sent, error))
        return FALSE;
      if (!cli->json && sent.sent + sent.failed + sent.retrying > 0)
        /* Translators: the first %s is the store; the others are counts of messages. */
        say (cli->out, _("%s: messages to customers sent %u, failed %u, to try again %u\n"),
             storefront->name, sent.sent, sent.failed, sent.retrying);
    }

  /* Refunds whose write-back failed before get another try, by an
   * operator who may send refunds (the server would refuse the others). */
  if (!storefront->write_back ||
      (retour_database_get_operator_roles (db) & RETOUR_OPERATOR_ROLE_ACCOUNTS) == 0)
    return TRUE;

  pending = retour_sync_store_list_pending_write_backs (db, storefront->id, error);
  if (pending == NULL)
    return FALSE;
  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(GAsyncResult) write_back = NULL;
      g_autofree char *id = NULL;

      retour_sync_engine_write_back_async (engine, g_array_index (pending, gint64, i), connector, NULL,
                                           sync_done, &run);
      write_back = wait_for_result (&run);
      id = retour_sync_engine_write_back_finish (engine, write_back, error);
      if (id == NULL)
        return FALSE;
    }

  return TRUE;
}

static int
command_sync (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;
  gboolean full = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_STRING, &name, N_("Only this store (default: all)"), N_("NAME") },
    { "credentials", 'c', 0, G_OPTION_ARG_FILENAME, &file,
      N_("Read the keys from a private JSON file instead of the keyring"), N_("FILE") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("List every order, and mark those deleted in the store"), NULL },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  RetourDatabase *db;
  int status = EXIT_SUCCESS;

  if (!parse_options (cli, NULL, _("Fetch new and changed orders from the connected stores."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  context = open_context (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (context == NULL)
    return fail (cli, error);
  db = retour_context_get_database (context);

  if (name != NULL)
    {
      RetourStorefront *storefront = retour_sync_store_find (db, name, &error);

      if (storefront == NULL)
        return fail (cli, error);
      stores = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_storefront_free);
      g_ptr_array_add (stores, storefront);
    }
  else if ((stores = retour_sync_store_list (db, &error)) == NULL)
    return fail (cli, error);

  if (stores->len == 0)
    {
      say (cli->err, "retour-cli: %s\n", _("No stores are connected: add one with retour-cli store add."));
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < stores->len; i++)
    {
      RetourStorefront *storefront = g_ptr_array_index (stores, i);

      if (!sync_store (cli, context, storefront, file, full, &error))
        {
          g_prefix_error (&error, "%s: ", storefront->name);
          fail_keyring (cli, error);
          g_clear_error (&error);
          status = EXIT_FAILURE;
        }
    }

  return status;
}

/* --------------------------------------------------------------- receive */

/* What the packing table records when a parcel holds what was
 * authorized: every unit received, and accepted. */
static int
command_receive (Cli   *cli,
                 int    argc,
                 char **argv)
{
  gboolean inspect = FALSE;
  GOptionEntry entries[] = {
    { "inspect", 'i', 0, G_OPTION_ARG_NONE, &inspect,
      N_("Inspect it too, which puts the accepted units in stock (the condition of every item must be recorded)"), NULL },
    { NULL }
  };
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  guint received = 0;
  guint restocked = 0;

  if (!parse_options (cli, _("NUMBER"),
                      _("Record the parcel of a return as received, holding everything that was authorized."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say which return came back: retour-cli receive NUMBER"));

  context = open_context (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (context == NULL)
    return fail (cli, error);

  rma = retour_desk_find_expected (context, argv[1], &error);
  if (rma == NULL || !retour_desk_receive (context, rma, inspect, &error))
    return fail (cli, error);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      received += line->qty_received;
      if (inspect && line->disposition == RETOUR_DISPOSITION_RESTOCK)
        restocked += line->qty_accepted;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "number", rma->number);
      add_text_member (builder, "status", retour_rma_status_to_key (rma->status));
      add_int_member (builder, "received", received);
      add_int_member (builder, "restocked", restocked);
      print_json_object (cli, builder);
      return EXIT_SUCCESS;
    }

  display = retour_rma_number_display (rma->number);
  if (inspect)
    /* Translators: an RMA number, then how many units go back on the
        shelf. */
    say (cli->out, g_dngettext (GETTEXT_PACKAGE, "%s received and inspected; %u unit back in stock\n",
                                "%s received and inspected; %u units back in stock\n", restocked),
         display, restocked);
  else
    /* Translators: an RMA number, then how many units came back. */
    say (cli->out, g_dngettext (GETTEXT_PACKAGE, "%s received: %u unit\n", "%s received: %u units\n", received),
         display, received);

  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- expire */

/* Meant for cron as much as for people: all or none, and finding
 * nothing to expire is no failure. */
static int
command_expire (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint n_expired = 0;

  if (!parse_options (cli, NULL,
                      _("Expire every return whose parcel was due before today and has not arrived."),
                      NULL, &argc, &argv))
    return EXIT_USAGE;

  context = open_context (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (context == NULL)
    return fail (cli, error);

  if (!retour_desk_expire_overdue (context, &n_expired, &error))
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_int_member (builder, "expired", n_expired);
      print_json_object (cli, builder);
    }
  else if (n_expired == 0)
    say (cli->out, "%s\n", _("No return is overdue."));
  else
    {
      g_autofree char *count = format_count (n_expired);

      /* Translators: %s is a count of returns. */
      say (cli->out, g_dngettext (GETTEXT_PACKAGE, "Expired %s overdue return",
                                  "Expired %s overdue returns", (gulong) n_expired),
           count);
      say (cli->out, "\n");
    }

  return EXIT_SUCCESS;
}

/* ------------------------------------------------------------------ main */

static const struct
{
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "demo", command_demo, N_("Fill a new database with a realistic demo shop") },
  { "stats", command_stats, N_("Count the returns in each status") },
  { "check", command_check, N_("Check the integrity of the database") },
  { "search", command_search, N_("Find returns, newest first") },
  { "show", command_show, N_("Show a return, with the law’s dates for each item") },
  { "backup", command_backup, N_("Copy the database to a file") },
  { "restore", command_restore, N_("Replace the database with a backup") },
  { "store", command_store, N_("Connect, list or remove WooCommerce and Shopify stores") },
  { "sync", command_sync, N_("Fetch new and changed orders from the stores") },
  { "label", command_label, N_("Make a return label as PDF") },
  { "carrier-label", command_carrier_label, N_("Buy a carrier’s prepaid return label, and write its PDF") },
  { "track", command_track, N_("Follow the parcels on their way with their carriers") },
  { "withdrawal-form", command_withdrawal_form, N_("Write the model withdrawal form of a return as PDF") },
  { "acknowledgement", command_acknowledgement, N_("Write the acknowledgement of a notice of withdrawal as PDF") },
  { "repair-notice", command_repair_notice, N_("Write the notice of the choice between repair and replacement as PDF") },
  { "report", command_report, N_("Print the figures of the Reports view for a period") },
  { "export", command_export, N_("Export the stock ledger, the returns or the refunds as CSV") },
  { "receive", command_receive, N_("Record a return’s parcel as received") },
  { "resolve", command_resolve, N_("Have the store carry out a return’s exchange or store credit") },
  { "expire", command_expire, N_("Expire the returns whose parcel is overdue") },
  { "messages", command_messages, N_("List what returns told their customers, and what waits") },
  { "outbox", command_outbox, N_("Send the messages to customers that wait") },
  { "server", command_server, N_("Set up a shop on a PostgreSQL server, and its operators") },
  { "migrate", command_migrate, N_("Move a shop’s file onto a PostgreSQL server") },
  { "customer", command_customer, N_("Export or anonymise a customer’s data (GDPR)") },
  { "retention", command_retention, N_("Anonymise the customers kept longer than the shop’s rule allows") },
  { "deadline", command_deadline, N_("Work out the law’s deadlines for a delivery") },
};

static void
usage (Cli *cli)
{
  say (cli->err, "%s\n\n", _("Usage: retour-cli COMMAND [--database FILE] [--json] [OPTIONS…]"));
  say (cli->err, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    say (cli->err, "  %-16s %s\n", commands[i].name, _(commands[i].summary));
  say (cli->err, "\n%s\n", _("“retour-cli COMMAND --help” tells more about a command."));
}

int
retour_cli_run (int            argc,
                char         **argv,
                GOutputStream *out,
                GOutputStream *err)
{
  Cli cli = { out, err, NULL, FALSE };
  int status = EXIT_USAGE;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage (&cli);
      return argc < 2 ? EXIT_USAGE : EXIT_SUCCESS;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      say (out, "retour-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        /* The subcommand sees itself as argv[0]. */
        status = commands[i].func (&cli, argc - 1, argv + 1);
        g_free (cli.database);
        return status;
      }

  say (err, _("retour-cli: “%s” is not a command\n\n"), argv[1]);
  usage (&cli);

  return status;
}
