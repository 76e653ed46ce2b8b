/* retour-cli-server.c — `retour-cli server`: a shop on a PostgreSQL server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For whoever runs the shop's server: init makes the schema and the
 * operators' roles (and is safe to run again), add-operator adds a
 * login in some of them, list-operators shows who has which.
 */
#define G_LOG_DOMAIN "retour-cli"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "retour-cli-private.h"
#include "retour-server-setup.h"

/* Unambiguous to read out or type: no l, o, 0 or 1. 32 symbols, so five
 * random bits each. */
#define PASSWORD_ALPHABET "abcdefghijkmnpqrstuvwxyz23456789"
#define PASSWORD_GROUPS 4
#define PASSWORD_GROUP_LENGTH 5

/* --url is what the issue and the docs say; --database works as for
 * every other command. Without either there is nothing to set up: the
 * app's own file is no server. */
static gboolean
take_location (Cli   *cli,
               char **url)
{
  if (*url != NULL)
    {
      g_free (cli->database);
      cli->database = g_steal_pointer (url);
    }

  return cli->database != NULL;
}

static void
add_roles_member (JsonBuilder         *builder,
                  RetourOperatorRoles  roles)
{
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (RetourOperatorRoles role = RETOUR_OPERATOR_ROLE_DESK; role <= RETOUR_OPERATOR_ROLE_OWNER; role <<= 1)
    if (roles & role)
      json_builder_add_string_value (builder, retour_operator_role_to_key (role));
  json_builder_end_array (builder);
}

/* "desk, warehouse": the role keys, as typed after --role. */
static char *
format_roles (RetourOperatorRoles roles)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (RetourOperatorRoles role = RETOUR_OPERATOR_ROLE_DESK; role <= RETOUR_OPERATOR_ROLE_OWNER; role <<= 1)
    if (roles & role)
      g_strv_builder_add (keys, retour_operator_role_to_key (role));
  list = g_strv_builder_end (keys);

  return g_strjoinv (", ", list);
}

/* ------------------------------------------------------------------ init */

static int
server_init (Cli   *cli,
             int    argc,
             char **argv)
{
  g_autofree char *url = NULL;
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, N_("The server’s database (postgresql://…)"), N_("URL") },
    { NULL }
  };
  g_autoptr(RetourServerInit) init = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options (cli, NULL,
                      _("Create or update the shop’s schema and the operators’ roles on a PostgreSQL server. Safe to run again."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (!take_location (cli, &url))
    return usage_error (cli, _("Say which server: retour-cli server init --url postgresql://…"));

  init = retour_server_init (cli->database, &error);
  if (init == NULL)
    return fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      json_builder_set_member_name (builder, "schema_before");
      json_builder_add_int_value (builder, init->schema_before);
      json_builder_set_member_name (builder, "schema_after");
      json_builder_add_int_value (builder, init->schema_after);
      json_builder_set_member_name (builder, "roles_created");
      json_builder_begin_array (builder);
      for (guint i = 0; init->roles_created[i] != NULL; i++)
        json_builder_add_string_value (builder, init->roles_created[i]);
      json_builder_end_array (builder);
      add_bool_member (builder, "privileges_changed", init->privileges_changed);
      add_bool_member (builder, "changed", retour_server_init_changed (init));
      print_json_object (cli, builder);
      return EXIT_SUCCESS;
    }

  if (!retour_server_init_changed (init))
    {
      say (cli->out, _("The server was set up already (schema %d); nothing changed.\n"), init->schema_after);
      return EXIT_SUCCESS;
    }

  if (init->schema_before == 0)
    say (cli->out, _("Created the shop’s schema (version %d).\n"), init->schema_after);
  else if (init->schema_before != init->schema_after)
    say (cli->out, _("Updated the shop’s schema from version %d to %d.\n"), init->schema_before, init->schema_after);

  if (init->roles_created[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", init->roles_created);

      say (cli->out, _("Created the roles %s.\n"), names);
    }

  if (init->privileges_changed)
    say (cli->out, "%s\n", _("Set what each role may do."));

  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------- add-operator */

/* 100 random bits, read out as four groups of five. */
static char *
generate_password (GError **error)
{
  guint8 bytes[PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH];
  GString *password = g_string_new (NULL);

  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make up a password: %s"), g_strerror (saved_errno));
      g_string_free (password, TRUE);
      return NULL;
    }

  for (guint i = 0; i < sizeof bytes; i++)
    {
      if (i > 0 && i % PASSWORD_GROUP_LENGTH == 0)
        g_string_append_c (password, '-');
      g_string_append_c (password, PASSWORD_ALPHABET[bytes[i] % (sizeof PASSWORD_ALPHABET - 1)]);
    }
  memset (bytes, 0, sizeof bytes);

  return g_string_free (password, FALSE);
}

static int
server_add_operator (Cli   *cli,
                     int    argc,
                     char **argv)
{
  g_autofree char *url = NULL;
  g_auto(GStrv) role_keys = NULL;
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, N_("The server’s database (postgresql://…)"), N_("URL") },
    { "role", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &role_keys,
      N_("desk, warehouse, accounts or owner; repeat for more than one"), N_("ROLE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from standard input instead of making one up"), NULL },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *listed = NULL;
  RetourOperatorRoles roles = RETOUR_OPERATOR_ROLE_NONE;
  gboolean generated;

  if (!parse_options (cli, _("NAME"), _("Add an operator: a login on the shop’s server, in one or more roles."),
                      entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (cli, _("Say who: retour-cli server add-operator NAME --role ROLE --url postgresql://…"));
  if (!take_location (cli, &url))
    return usage_error (cli, _("Say which server: --url postgresql://…"));

  for (guint i = 0; role_keys != NULL && role_keys[i] != NULL; i++)
    {
      RetourOperatorRoles role;

      if (!retour_operator_role_from_key (role_keys[i], &role))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a role: say desk, warehouse, accounts or owner."),
                                                      role_keys[i]);

          return usage_error (cli, message);
        }
      roles |= role;
    }
  if (roles == RETOUR_OPERATOR_ROLE_NONE)
    return usage_error (cli, _("Give the operator at least one --role: desk, warehouse, accounts or owner."));

  generated = !password_stdin;
  if (password_stdin)
    password = read_secret_line (cli, _("Password:"));
  else
    password = generate_password (&error);
  if (password == NULL && error != NULL)
    return fail (cli, error);
  if (password == NULL || *password == '\0')
    return usage_error (cli, _("No password was given on standard input."));

  db = open_database (cli, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL || !retour_server_add_operator (db, argv[1], roles, password, &error))
    return fail (cli, error);

  listed = format_roles (roles);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = begin_json_object ();

      add_text_member (builder, "name", argv[1]);
      add_roles_member (builder, roles);
      add_text_member (builder, "password", generated ? password : NULL);
      print_json_object (cli, builder);
    }
  else
    {
      /* Translators: the operator's name, then roles ("desk, warehouse"). */
      say (cli->out, _("Added the operator “%s” (%s).\n"), argv[1], listed);
      if (generated)
        {
          say (cli->out, _("Password: %s\n"), password);
          say (cli->out, "%s\n", _("It is shown only this once: give it to the operator, who signs in with it."));
        }
    }

  memset (password, 0, strlen (password));
  return EXIT_SUCCESS;
}

/* -------------------------------------------------------- list-operators */

static int
server_list_operators (Cli   *cli,
                       int    argc,
                       char **argv)
{
  g_autofree char *url = NULL;
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, N_("The server’s database (postgresql://…)"), N_("URL") },
    { NULL }
  };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GPtrArray) operators = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!parse_options (cli, NULL, _("List the operators of the shop’s server and their roles."), entries, &argc, &argv))
    return EXIT_USAGE;

  if (!take_location (cli, &url))
    return usage_error (cli, _("Say which server: --url postgresql://…"));

  db = open_database (cli, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL || (operators = retour_server_list_operators (db, &error)) == NULL)
    return fail (cli, error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < operators->len; i++)
    {
      const RetourOperator *op = g_ptr_array_index (operators, i);

      if (!cli->json)
        {
          g_autofree char *listed = format_roles (op->roles);

          say (cli->out, "%-24s %s\n", op->name, listed);
          continue;
        }

      json_builder_begin_object (builder);
      add_text_member (builder, "name", op->name);
      add_roles_member (builder, op->roles);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (cli->json)
    print_json (cli, builder);
  else if (operators->len == 0)
    say (cli->err, "%s\n", _("The server has no operators yet; add one with “retour-cli server add-operator”."));

  return EXIT_SUCCESS;
}

int
command_server (Cli   *cli,
                int    argc,
                char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "init"))
    return server_init (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "add-operator"))
    return server_add_operator (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list-operators"))
    return server_list_operators (cli, argc - 1, argv + 1);

  say (cli->err, "%s\n", _("Usage: retour-cli server init|add-operator|list-operators [OPTIONS…]"));
  return EXIT_USAGE;
}
