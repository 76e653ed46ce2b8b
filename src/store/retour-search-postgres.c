/* retour-search-postgres.c — what the PostgreSQL search queries are given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See retour-search-postgres.h: the index is asked for one word, as a
 * regular expression pg_trgm reads trigrams from, and every word is then
 * checked against the text.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <string.h>

#include "retour-search-postgres.h"

/* A form as a literal in an advanced regular expression: every ASCII
 * character that is not a letter or a digit is escaped (a backslash
 * before anything but a letter or digit means the character itself);
 * other characters are never special. */
static void
append_literal (GString    *regex,
                const char *form,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = form[i];

      if (c < 0x80 && !g_ascii_isalnum (c))
        g_string_append_c (regex, '\\');
      g_string_append_c (regex, c);
    }
}

/* The word of @pattern whose shortest form is longest. */
static const char *
pick_word (GStrv words)
{
  const char *best = NULL;
  glong best_length = -1;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) forms = g_strsplit (words[i], "\t", -1);
      glong shortest = G_MAXLONG;

      for (guint j = 0; forms[j] != NULL; j++)
        shortest = MIN (shortest, g_utf8_strlen (forms[j], -1));
      if (*words[i] != '\0' && shortest > best_length)
        {
          best = words[i];
          best_length = shortest;
        }
    }

  return best;
}

char *
retour_search_postgres_like (const char *pattern)
{
  g_auto(GStrv) words = NULL;
  const char *best;
  GString *like;

  g_return_val_if_fail (pattern != NULL, NULL);

  words = g_strsplit (pattern, "\n", -1);
  best = pick_word (words);
  if (best == NULL || strchr (best, '\t') != NULL)
    return NULL;

  /* Folded words hold letters and digits; escape LIKE's own characters
   * all the same, with its default escape character. */
  like = g_string_new ("%");
  for (const char *p = best; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (like, '\\');
      g_string_append_c (like, *p);
    }
  g_string_append_c (like, '%');

  return g_string_free (like, FALSE);
}

char *
retour_search_postgres_regex (const char *pattern)
{
  g_auto(GStrv) words = NULL;
  const char *best = NULL;
  glong best_length = -1;
  GString *regex;

  g_return_val_if_fail (pattern != NULL, NULL);

  words = g_strsplit (pattern, "\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) forms = g_strsplit (words[i], "\t", -1);
      glong shortest = G_MAXLONG;

      for (guint j = 0; forms[j] != NULL; j++)
        shortest = MIN (shortest, g_utf8_strlen (forms[j], -1));
      if (*words[i] != '\0' && shortest > best_length)
        {
          best = words[i];
          best_length = shortest;
        }
    }

  if (best == NULL)
    return NULL;

  regex = g_string_new (NULL);
  for (const char *form = best; ; )
    {
      const char *end = strchr (form, '\t');

      append_literal (regex, form, end != NULL ? (gsize) (end - form) : strlen (form));
      if (end == NULL)
        break;
      g_string_append_c (regex, '|');
      form = end + 1;
    }

  return g_string_free (regex, FALSE);
}
