/* test-message.c — rendering a customer message and choosing its language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "retour-message.h"

/* Values are filled in once: a name that holds a placeholder stays a
 * name, and one that holds a line break cannot add a line to a subject. */
static void
test_render_once (void)
{
  RetourMessageValues values = {
    .rma = "R26-000123-K",
    .shop = "Fietsen Zoë",
    .name = "Eve {shop}\r\nBcc: victim@example.com",
  };
  g_autofree char *subject = retour_message_render ("Return {rma} for {name}", &values, TRUE);
  g_autofree char *body = retour_message_render ("Hello {name},\n{unknown} {rma}\n{shop}", &values, FALSE);

  g_assert_cmpstr (subject, ==, "Return R26-000123-K for Eve {shop} Bcc: victim@example.com");
  g_assert_cmpstr (body, ==, "Hello Eve {shop}\nBcc: victim@example.com,\n{unknown} R26-000123-K\nFietsen Zoë");
}

/* A greeting without a name loses its space, not its comma. */
static void
test_render_without_name (void)
{
  RetourMessageValues values = { 0 };
  g_autofree char *body = retour_message_render ("Hello {name},\nBye {name}!\n{rma}{", &values, FALSE);

  g_assert_cmpstr (body, ==, "Hello,\nBye!\n{");
}

/* Every default template uses only placeholders Retour fills in. */
static void
test_defaults_known (void)
{
  RetourMessageValues values = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" };

  for (guint step = 0; step < RETOUR_MESSAGE_N_STEPS; step++)
    {
      g_autofree char *subject = retour_message_render (retour_message_default_subject (step, NULL), &values, TRUE);
      g_autofree char *body = retour_message_render (retour_message_default_body (step, NULL), &values, FALSE);

      g_assert_null (strchr (subject, '{'));
      g_assert_null (strchr (body, '{'));
      g_assert_nonnull (retour_message_step_get_label (step));
    }
}

static void
test_language (void)
{
  g_assert_cmpstr (retour_message_choose_language ("de_AT.UTF-8", "NL"), ==, "de");
  g_assert_cmpstr (retour_message_choose_language ("fr-BE", "BE"), ==, "fr");
  g_assert_cmpstr (retour_message_choose_language (NULL, "BE"), ==, "nl");
  g_assert_cmpstr (retour_message_choose_language ("", "at"), ==, "de");
  g_assert_cmpstr (retour_message_choose_language ("es", "ES"), ==, "en");
  g_assert_cmpstr (retour_message_choose_language ("it", "PL"), ==, "pl");
  g_assert_cmpstr (retour_message_choose_language (NULL, NULL), ==, "en");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/render-once", test_render_once);
  g_test_add_func ("/message/render-without-name", test_render_without_name);
  g_test_add_func ("/message/defaults-known", test_defaults_known);
  g_test_add_func ("/message/language", test_language);

  return g_test_run ();
}
