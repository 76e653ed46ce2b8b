/* test-text.c — free text made fit for a label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include <string.h>

#include "retour-core.h"

static void
assert_shown (const char      *text,
              gsize            max_chars,
              RetourTextFlags  flags,
              const char      *expected)
{
  g_autofree char *shown = retour_text_for_display (text, max_chars, flags);

  g_assert_cmpstr (shown, ==, expected);
  if (shown != NULL)
    {
      g_assert_true (g_utf8_validate (shown, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, max_chars);
    }
}

/* What fits is shown as it is; NULL stays NULL. */
static void
test_fits (void)
{
  assert_shown (NULL, 10, RETOUR_TEXT_ONE_LINE, NULL);
  assert_shown ("", 10, RETOUR_TEXT_ONE_LINE, "");
  assert_shown ("Zofia Wiśniewska", 200, RETOUR_TEXT_ONE_LINE, "Zofia Wiśniewska");
  /* Exactly the cap: no ellipsis. Characters count, not bytes. */
  assert_shown ("Łódź", 4, RETOUR_TEXT_ONE_LINE, "Łódź");
  assert_shown ("a", 1, RETOUR_TEXT_ONE_LINE, "a");
  /* White space after the cap is not "more". */
  assert_shown ("abcd   \n\t ", 4, RETOUR_TEXT_ONE_LINE, "abcd");
}

/* Longer text is cut at the cap, ellipsis included. */
static void
test_cut (void)
{
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;

  assert_shown ("Łódź!", 4, RETOUR_TEXT_ONE_LINE, "Łód…");
  assert_shown ("abcdef", 1, RETOUR_TEXT_ONE_LINE, "…");
  /* No space before the ellipsis. */
  assert_shown ("abcd  efgh", 7, RETOUR_TEXT_ONE_LINE, "abcd…");

  /* 300 two-byte characters to 200: 199 and the ellipsis. */
  for (guint i = 0; i < 300; i++)
    g_string_append (long_name, "ł");
  expected = g_strdup_printf ("%.*s…", 199 * 2, long_name->str);
  assert_shown (long_name->str, 200, RETOUR_TEXT_ONE_LINE, expected);

  /* A huge text costs no more than a name: only its start is read. */
  g_string_truncate (long_name, 0);
  while (long_name->len < 20 * 1024 * 1024)
    g_string_append (long_name, "Wolfeschlegelsteinhausenbergerdorff ");
  shown = retour_text_for_display (long_name->str, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_assert_cmpuint (g_utf8_strlen (shown, -1), ==, RETOUR_TEXT_MAX_LINE);
  g_assert_true (g_str_has_prefix (shown, "Wolfeschlegelsteinhausenbergerdorff Wolfe"));
  g_assert_true (g_str_has_suffix (shown, "…"));
}

/* Bytes that are not UTF-8 become U+FFFD; nothing is dropped silently. */
static void
test_invalid_utf8 (void)
{
  assert_shown ("Caf\xe9 Noir", 20, RETOUR_TEXT_ONE_LINE, "Caf\xef\xbf\xbd Noir");
  assert_shown ("abc\xc5", 20, RETOUR_TEXT_ONE_LINE, "abc\xef\xbf\xbd");
  assert_shown ("\xff\xfe", 20, RETOUR_TEXT_ONE_LINE, "\xef\xbf\xbd\xef\xbf\xbd");
  /* A sequence cut by the end of the string does not read past it. */
  assert_shown ("ok\xf0\x9f", 20, RETOUR_TEXT_ONE_LINE, "ok\xef\xbf\xbd\xef\xbf\xbd");
}

/* One line: line breaks and control characters are spaces, a run of
 * them one space, none at either end. */
static void
test_one_line (void)
{
  assert_shown ("Line one\r\nLine two\tend\x01", 100, RETOUR_TEXT_ONE_LINE, "Line one Line two end");
  assert_shown ("\n\n  Henk\x1b[31m de Vries \x7f\n", 100, RETOUR_TEXT_ONE_LINE, "Henk [31m de Vries");
  assert_shown ("a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9" "d", 100, RETOUR_TEXT_ONE_LINE, "a b c d");
  assert_shown (" \t\r\n ", 100, RETOUR_TEXT_ONE_LINE, "");
}

/* Several lines: breaks kept as "\n", at most one blank line in a row. */
static void
test_multiline (void)
{
  assert_shown ("a\r\nb\rc\n\n\n\n\nd\x01" "e\n", 100, RETOUR_TEXT_MULTILINE, "a\nb\nc\n\nd e");
  assert_shown ("\n\nfirst\xe2\x80\xa8second", 100, RETOUR_TEXT_MULTILINE, "first\nsecond");
  /* A line break counts as a character; none before the ellipsis. */
  assert_shown ("abc\ndefgh", 5, RETOUR_TEXT_MULTILINE, "abc…");
}

/* The cut does not part a letter from its accent, nor split an emoji or
 * a flag. */
static void
test_clusters (void)
{
  /* e + COMBINING ACUTE ACCENT */
  assert_shown ("abe\xcc\x81" "cd", 4, RETOUR_TEXT_ONE_LINE, "ab…");
  assert_shown ("abe\xcc\x81" "cd", 5, RETOUR_TEXT_ONE_LINE, "abe\xcc\x81…");
  /* 👍🏽: thumbs up, skin tone */
  assert_shown ("ab\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbdxyz", 4, RETOUR_TEXT_ONE_LINE, "ab…");
  /* 👩‍👧: woman, zero width joiner, girl, cut after the joiner and after
   * the woman */
  assert_shown ("ab\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7xyz", 5, RETOUR_TEXT_ONE_LINE, "ab…");
  assert_shown ("ab\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7xyz", 4, RETOUR_TEXT_ONE_LINE, "ab…");
  /* 🇳🇱🇧🇪🇵🇱: three flags of two regional indicators each */
  assert_shown ("\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1\xf0\x9f\x87\xa7\xf0\x9f\x87\xaa\xf0\x9f\x87\xb5\xf0\x9f\x87\xb1",
                4, RETOUR_TEXT_ONE_LINE, "\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1…");
  assert_shown ("\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1\xf0\x9f\x87\xa7\xf0\x9f\x87\xaa\xf0\x9f\x87\xb5\xf0\x9f\x87\xb1",
                5, RETOUR_TEXT_ONE_LINE, "\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1\xf0\x9f\x87\xa7\xf0\x9f\x87\xaa…");
}

/* A letter with thousands of accents ("Zalgo" text) is cut anyway: the
 * cut moves back only so far. */
static void
test_abusive_cluster (void)
{
  g_autoptr(GString) text = g_string_new ("Z");
  g_autofree char *shown = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append (text, "\xcc\x81");
  shown = retour_text_for_display (text->str, RETOUR_TEXT_MAX_LINE, RETOUR_TEXT_ONE_LINE);
  g_assert_true (g_str_has_prefix (shown, "Z\xcc\x81"));
  g_assert_true (g_str_has_suffix (shown, "…"));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, RETOUR_TEXT_MAX_LINE);
  g_assert_cmpuint (g_utf8_strlen (shown, -1), >, RETOUR_TEXT_MAX_LINE / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fits", test_fits);
  g_test_add_func ("/text/cut", test_cut);
  g_test_add_func ("/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text/one-line", test_one_line);
  g_test_add_func ("/text/multiline", test_multiline);
  g_test_add_func ("/text/clusters", test_clusters);
  g_test_add_func ("/text/abusive-cluster", test_abusive_cluster);

  return g_test_run ();
}
