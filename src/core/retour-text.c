/* retour-text.c — free text made fit for a label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See retour-text.h for why. The work is bounded by the cap, not by the
 * text: a megabyte of name costs what its first line costs.
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include "retour-text.h"

#define ELLIPSIS "…"

/* A cut moves back at most this far to keep a letter with what combines
 * with it. A longer "letter" is an abuse of combining marks and is cut
 * like any other text. */
#define MAX_CLUSTER_CHARS 32

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 ||
         c == 0x2028 || c == 0x2029;
}

/* Shown as boxes or hex codes, or breaking the line of a one-line label;
 * a tab is no better than a space in a label. */
static gboolean
is_control (gunichar c)
{
  return g_unichar_iscntrl (c) || is_line_break (c);
}

/* Whether @c belongs to the character before it: an accent, a variation
 * selector, an emoji's skin tone, the joiner between two emoji and the
 * tags of a regional flag. GLib has no grapheme breaking (Pango does, but
 * the domain layer does without it); these are the splits one would see. */
static gboolean
extends_previous (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      break;
    }

  return c == 0x200D ||
         (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0100 && c <= 0xE01EF) ||
         (c >= 0x1F3FB && c <= 0x1F3FF) ||
         (c >= 0xE0020 && c <= 0xE007F);
}

static gboolean
is_regional_indicator (gunichar c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Whether the regional indicators that end just before @end in @text are
 * an odd number: then the last one is the first half of a flag. */
static gboolean
odd_regional_run (const char *text,
                  const char *end)
{
  guint n = 0;

  while (end > text && n < MAX_CLUSTER_CHARS)
    {
      end = g_utf8_prev_char (end);
      if (!is_regional_indicator (g_utf8_get_char (end)))
        break;
      n++;
    }

  return n % 2 == 1;
}

/* The end of the first @n_chars characters of @text (valid UTF-8, at
 * least that long), moved back so as not to part a letter from its accent
 * or split an emoji or a flag. */
static const char *
find_cut (const char *text,
          gsize       n_chars)
{
  const char *cut = g_utf8_offset_to_pointer (text, n_chars);

  for (guint i = 0; i < MAX_CLUSTER_CHARS && cut > text; i++)
    {
      const char *prev = g_utf8_prev_char (cut);
      gunichar before = g_utf8_get_char (prev);
      gunichar after = g_utf8_get_char (cut);

      if (extends_previous (after) || before == 0x200D ||
          (is_regional_indicator (before) && is_regional_indicator (after) &&
           odd_regional_run (text, cut)))
        cut = prev;
      else
        break;
    }

  return cut;
}

/* Drops the white space at the end of @out; *@n_chars (if not NULL)
 * follows. */
static void
trim_end (GString *out,
          gsize   *n_chars)
{
  while (out->len > 0)
    {
      const char *last = g_utf8_prev_char (out->str + out->len);

      if (!g_unichar_isspace (g_utf8_get_char (last)))
        break;
      g_string_truncate (out, last - out->str);
      if (n_chars != NULL)
        (*n_chars)--;
    }
}

/* Whether nothing but white space and control characters is left. */
static gboolean
only_space (const char *p)
{
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2 || !(g_unichar_isspace (c) || is_control (c)))
        return FALSE;
      p = g_utf8_next_char (p);
    }

  return TRUE;
}

/**
 * retour_text_for_display:
 * @text: (nullable): text as stored: maybe not UTF-8, maybe huge
 * @max_chars: the most characters to return, ellipsis included (> 0)
 * @flags: whether line breaks are kept
 *
 * @text as a label should show it: valid UTF-8 (a bad byte becomes U+FFFD),
 * control characters made spaces (a run of them one space), line breaks
 * made spaces too unless @flags has %RETOUR_TEXT_MULTILINE (then they are
 * "\n", and never more than one blank line in a row), without white space
 * at either end, and at most @max_chars characters: a longer text is cut
 * where a character ends, before any accent or emoji part that goes with
 * it, and ends in "…".
 *
 * Returns: (transfer full) (nullable): the text to show, or %NULL if
 * @text is %NULL.
 */
char *
retour_text_for_display (const char      *text,
                         gsize            max_chars,
                         RetourTextFlags  flags)
{
  gboolean multiline = (flags & RETOUR_TEXT_MULTILINE) != 0;
  g_autoptr(GString) out = NULL;
  gsize n_chars = 0;
  const char *p = text;
  const char *cut;

  g_return_val_if_fail (max_chars > 0, NULL);

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (MIN (max_chars, 64) * 2);

  /* One character more than fits is read, and nothing after it unless it
   * is white space: whether there is more to show decides the ellipsis. */
  while (*p != '\0' && n_chars <= max_chars)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: a storefront in Latin-1, a cut sequence. */
          c = 0xFFFD;
          p++;
        }
      else
        p = g_utf8_next_char (p);

      if (multiline && is_line_break (c))
        {
          if (c == '\r' && *p == '\n')
            p++;
          if (out->len == 0 || g_str_has_suffix (out->str, "\n\n"))
            continue;
          g_string_append_c (out, '\n');
        }
      else if (is_control (c))
        {
          if (out->len == 0 || out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\n')
            continue;
          g_string_append_c (out, ' ');
        }
      else if (out->len == 0 && g_unichar_isspace (c))
        continue;
      else
        g_string_append_unichar (out, c);

      n_chars++;
    }

  trim_end (out, &n_chars);
  if (n_chars <= max_chars && only_space (p))
    return g_string_free (g_steal_pointer (&out), FALSE);

  cut = find_cut (out->str, MIN (n_chars, max_chars - 1));
  g_string_truncate (out, cut - out->str);
  trim_end (out, NULL);
  g_string_append (out, ELLIPSIS);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
