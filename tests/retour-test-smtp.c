/* retour-test-smtp.c — a real SMTP server on 127.0.0.1 for the message tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "retour-test-smtp.h"

static RetourTestSmtp *
start (const char *mode,
       guint       times,
       const char *login,
       const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *times_text = g_strdup_printf ("%u", times);
  const char *python = g_getenv ("RETOUR_TEST_PYTHON");
  const char *script = g_getenv ("RETOUR_TEST_SMTP_SERVER");
  RetourTestSmtp *smtp = g_new0 (RetourTestSmtp, 1);

  g_assert_nonnull (python);
  g_assert_nonnull (script);

  smtp->dir = g_dir_make_tmp ("retour-test-mail-XXXXXX", &error);
  g_assert_no_error (error);
  if (login != NULL)
    smtp->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      python, script, smtp->dir, "--login", login, "--password", password, NULL);
  else
    smtp->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      python, script, smtp->dir, "--mode", mode, "--times", times_text, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (smtp->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  smtp->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (smtp->port, >, 0);

  return smtp;
}

RetourTestSmtp *
retour_test_smtp_start (const char *mode,
                        guint       times)
{
  return start (mode, times, NULL, NULL);
}

RetourTestSmtp *
retour_test_smtp_start_with_login (const char *login,
                                   const char *password)
{
  return start ("accept", 0, login, password);
}

void
retour_test_smtp_stop (RetourTestSmtp *smtp)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (smtp == NULL)
    return;

  /* The server stops when its stdin closes. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (smtp->process), NULL, NULL);
  g_subprocess_wait (smtp->process, NULL, NULL);
  g_clear_object (&smtp->process);

  dir = g_dir_open (smtp->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (smtp->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (smtp->dir);
  g_free (smtp->dir);
  g_free (smtp);
}

guint
retour_test_smtp_count (RetourTestSmtp *smtp)
{
  g_autoptr(GDir) dir = g_dir_open (smtp->dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      n++;

  return n;
}

JsonObject *
retour_test_smtp_read (RetourTestSmtp *smtp,
                       guint           n)
{
  g_autofree char *name = g_strdup_printf ("%u.json", n);
  g_autofree char *path = g_build_filename (smtp->dir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}
