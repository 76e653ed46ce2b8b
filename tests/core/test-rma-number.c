/* test-rma-number.c — RMA numbers catch every single typo and every swap of
 * neighbours, and read back however a person or a scanner typed them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rma-number"

#include "config.h"

#include <string.h>

#include "retour-core.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* The scheme of retour-rma-number.h, written out again independently. */
static int
reference_sum (const char *text)
{
  gsize length = strlen (text);
  long sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      const char *found = strchr (alphabet, text[length - 1 - i]);
      long weight = 1;

      g_assert_nonnull (found);
      for (gsize k = 0; k < i; k++)
        weight = weight * 2 % 37;
      sum += (found - alphabet) * weight;
    }

  return (int) (sum % 37);
}

static GDateTime *
amsterdam_time (int year,
                int month,
                int day,
                int hour,
                int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");

  if (tz == NULL)
    return NULL;

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/* At least @count numbers from several patterns, years and sequence
 * ranges. */
static GPtrArray *
sample_numbers (guint count)
{
  static const char * const patterns[] = {
    RETOUR_RMA_NUMBER_DEFAULT_PATTERN,
    "{YYYY}{MM}{SEQ:5}{CHECK}",
    "RMA{SEQ:8}{CHECK}",
    "{SEQ}{CHECK}",
    "QZWAMY{SEQ:3}{CHECK}",
  };
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260329);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 29, 12, 0, 0);

  for (guint64 i = 0; numbers->len < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRmaNumberPattern) pattern =
        retour_rma_number_pattern_new (patterns[i % G_N_ELEMENTS (patterns)], &error);
      g_autoptr(GDateTime) date = g_date_time_add_days (when, g_rand_int_range (rand, -4000, 4000));
      guint64 seq = i % 3 == 0 ? i : (guint64) g_rand_int_range (rand, 0, G_MAXINT32);
      char *number;

      g_assert_no_error (error);
      number = retour_rma_number_pattern_format (pattern, seq, date);
      if (number != NULL)
        g_ptr_array_add (numbers, number);
    }

  return numbers;
}

static void
test_check_char (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 6, 1, 0, 0, 0);
  g_autoptr(RetourRmaNumberPattern) pattern =
    retour_rma_number_pattern_new (RETOUR_RMA_NUMBER_DEFAULT_PATTERN, NULL);
  g_autofree char *number = retour_rma_number_pattern_format (pattern, 128, when);

  /* The example of the header. */
  g_assert_cmpstr (number, ==, "R26000128Y");
  g_assert_cmpint (retour_rma_number_check_char ("R26000128"), ==, 'Y');
  g_assert_cmpint (retour_rma_number_check_char ("R26000123"), ==, '7');
  g_assert_true (retour_rma_number_is_valid ("R26000128Y"));
  g_assert_true (retour_rma_number_is_valid ("R260001237"));
  g_assert_cmpint (reference_sum ("R26000128Y"), ==, 0);

  /* Not a body at all. */
  g_assert_cmpint (retour_rma_number_check_char (""), ==, 0);
  g_assert_cmpint (retour_rma_number_check_char ("r26000128"), ==, 0);
  g_assert_cmpint (retour_rma_number_check_char ("R26-000128"), ==, 0);
  g_assert_cmpint (retour_rma_number_check_char ("R26\xff"), ==, 0);

  g_assert_false (retour_rma_number_is_valid (NULL));
  g_assert_false (retour_rma_number_is_valid (""));
  g_assert_false (retour_rma_number_is_valid ("0"));
  g_assert_false (retour_rma_number_is_valid ("r26000128y"));
  g_assert_false (retour_rma_number_is_valid ("R26-000128-Y"));
}

/* Every single wrong character, whatever it is replaced by, and every swap
 * of two different neighbours, is caught. */
static void
test_detects_errors (void)
{
  g_autoptr(GPtrArray) numbers = sample_numbers (2500);
  guint64 substitutions = 0;
  guint64 swaps = 0;

  for (guint n = 0; n < numbers->len; n++)
    {
      const char *number = g_ptr_array_index (numbers, n);
      g_autofree char *copy = g_strdup (number);
      gsize length = strlen (number);

      g_assert_true (retour_rma_number_is_valid (number));
      g_assert_cmpint (reference_sum (number), ==, 0);

      for (gsize i = 0; i < length; i++)
        {
          for (const char *c = alphabet; *c != '\0'; c++)
            {
              if (*c == number[i])
                continue;

              copy[i] = *c;
              if (retour_rma_number_is_valid (copy))
                g_test_fail_printf ("%s with position %" G_GSIZE_FORMAT " as %c passes", number, i, *c);
              substitutions++;
            }
          copy[i] = number[i];
        }

      for (gsize i = 0; i + 1 < length; i++)
        {
          if (number[i] == number[i + 1])
            continue;

          copy[i] = number[i + 1];
          copy[i + 1] = number[i];
          if (retour_rma_number_is_valid (copy))
            g_test_fail_printf ("%s with positions %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT
                                " swapped passes", number, i, i + 1);
          copy[i] = number[i];
          copy[i + 1] = number[i + 1];
          swaps++;
        }
    }

  g_test_message ("%" G_GUINT64_FORMAT " substitutions and %" G_GUINT64_FORMAT
                  " swaps in %u numbers rejected", substitutions, swaps, numbers->len);
  g_assert_cmpuint (numbers->len, >=, 2000);
}

/* The sequence values that get no number are exactly those whose check
 * would have to be a 37th symbol — about one in 37. */
static void
test_skipped_values (void)
{
  g_autoptr(RetourRmaNumberPattern) pattern =
    retour_rma_number_pattern_new (RETOUR_RMA_NUMBER_DEFAULT_PATTERN, NULL);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  guint skipped = 0;

  for (guint64 seq = 0; seq < 20000; seq++)
    {
      g_autofree char *body = g_strdup_printf ("R26%06" G_GUINT64_FORMAT, seq);
      g_autofree char *number = retour_rma_number_pattern_format (pattern, seq, when);
      /* The check value the body needs: -sum (mod 37), weights from 2. */
      g_autofree char *with_zero = g_strconcat (body, "0", NULL);
      int needed = (37 - reference_sum (with_zero)) % 37;

      if (needed == 36)
        {
          g_assert_null (number);
          g_assert_cmpint (retour_rma_number_check_char (body), ==, 0);
          skipped++;
        }
      else
        {
          g_assert_nonnull (number);
          g_assert_true (g_str_has_prefix (number, body));
          g_assert_cmpint (number[strlen (body)], ==, alphabet[needed]);
          g_assert_true (retour_rma_number_is_valid (number));
        }
    }

  g_assert_cmpuint (skipped, >, 20000 / 37 - 100);
  g_assert_cmpuint (skipped, <, 20000 / 37 + 100);
}

static char *
parse_ok (const char *input)
{
  g_autoptr(GError) error = NULL;
  char *number = retour_rma_number_parse (input, &error);

  if (number == NULL)
    g_test_fail_printf ("“%s” does not parse: %s", input, error->message);

  return number;
}

static void
test_parse_as_typed (void)
{
  g_autoptr(GPtrArray) numbers = sample_numbers (2000);

  for (guint n = 0; n < numbers->len; n++)
    {
      const char *number = g_ptr_array_index (numbers, n);
      g_autofree char *lower = g_ascii_strdown (number, -1);
      g_autofree char *display = retour_rma_number_display (number);
      g_autofree char *display_lower = g_ascii_strdown (display, -1);
      g_autofree char *spaced = g_strdup_printf ("  %s\t\n", number);
      g_autofree char *dotted = g_strdelimit (g_strdup (display), "-", '.');
      const char *inputs[] = { number, lower, display, display_lower, spaced, dotted };

      for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
        {
          g_autofree char *parsed = parse_ok (inputs[i]);

          g_assert_cmpstr (parsed, ==, number);
        }
    }

  {
    g_autofree char *a = parse_ok ("r26-000128-y");
    g_autofree char *b = parse_ok ("R26 000 128 Y");
    g_autofree char *c = parse_ok ("R26/000128/Y");
    g_autofree char *d = parse_ok ("\u00a0R26.000128.Y\u00a0");

    g_assert_cmpstr (a, ==, "R26000128Y");
    g_assert_cmpstr (b, ==, "R26000128Y");
    g_assert_cmpstr (c, ==, "R26000128Y");
    g_assert_cmpstr (d, ==, "R26000128Y");
  }
}

/* What a scanner sending US key positions produces on a French AZERTY
 * layout: the digit row without Shift, A/Q and Z/W swapped, M on ",". */
static char *
type_on_azerty (const char *number,
                gboolean    shifted_m)
{
  static const char * const digit_row[] = { "à", "&", "é", "\"", "'", "(", "-", "è", "_", "ç" };
  GString *typed = g_string_new (NULL);

  for (const char *p = number; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append (typed, digit_row[*p - '0']);
      else if (*p == 'A')
        g_string_append_c (typed, 'Q');
      else if (*p == 'Q')
        g_string_append_c (typed, 'A');
      else if (*p == 'Z')
        g_string_append_c (typed, 'W');
      else if (*p == 'W')
        g_string_append_c (typed, 'Z');
      else if (*p == 'M')
        g_string_append_c (typed, shifted_m ? '?' : ',');
      else
        g_string_append_c (typed, *p);
    }

  return g_string_free (typed, FALSE);
}

static gboolean
has_azerty_only_digit (const char *typed)
{
  return strpbrk (typed, "&\"'(_") != NULL ||
         strstr (typed, "é") != NULL || strstr (typed, "è") != NULL ||
         strstr (typed, "ç") != NULL || strstr (typed, "à") != NULL;
}

static void
test_parse_azerty (void)
{
  g_autoptr(GPtrArray) numbers = sample_numbers (2000);
  guint ambiguous = 0;

  for (guint n = 0; n < numbers->len; n++)
    {
      const char *number = g_ptr_array_index (numbers, n);
      g_autofree char *typed = type_on_azerty (number, n % 2 == 0);
      g_autofree char *typed_lower = type_on_azerty (number, FALSE);
      g_autofree char *parsed = NULL;

      /* Only 6s (typed "-") and no other digit: nothing says that the
       * dashes are digits rather than separators. */
      if (!has_azerty_only_digit (typed))
        {
          ambiguous++;
          continue;
        }

      parsed = parse_ok (typed);
      g_assert_cmpstr (parsed, ==, number);

      /* Caps Lock on a French layout gives É, È, Ç, À. */
      g_clear_pointer (&parsed, g_free);
      {
        g_autofree char *upper = g_utf8_strup (typed_lower, -1);

        parsed = parse_ok (upper);
        g_assert_cmpstr (parsed, ==, number);
      }
    }

  g_assert_cmpuint (ambiguous, <, numbers->len / 100);

  {
    g_autofree char *a = parse_ok ("Ré-ààà&éçZ");      /* R26000129W */
    g_autofree char *b = parse_ok ("ré-ààà&é_y");      /* lower case too */
    g_autofree char *c = parse_ok ("Ré§ààà&é!Y");      /* Belgian 6 and 8 */
    /* Digits from the numeric keypad arrive right; the letters do not. */
    g_autofree char *d = parse_ok ("R26000129Z");

    g_assert_cmpstr (a, ==, "R26000129W");
    g_assert_cmpstr (b, ==, "R26000128Y");
    g_assert_cmpstr (c, ==, "R26000128Y");
    g_assert_cmpstr (d, ==, "R26000129W");
  }
}

static void
test_parse_qwertz (void)
{
  g_autoptr(RetourRmaNumberPattern) pattern =
    retour_rma_number_pattern_new (RETOUR_RMA_NUMBER_DEFAULT_PATTERN, NULL);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  guint tried = 0;

  /* Y and Z swap places on a German keyboard; in the default pattern only
   * the check character can be one of them. */
  for (guint64 seq = 0; seq < 5000; seq++)
    {
      g_autofree char *number = retour_rma_number_pattern_format (pattern, seq, when);
      g_autofree char *typed = NULL;
      g_autofree char *parsed = NULL;
      char *last;

      if (number == NULL)
        continue;

      last = number + strlen (number) - 1;
      if (*last != 'Y' && *last != 'Z')
        continue;

      typed = g_strdup (number);
      typed[strlen (typed) - 1] = *last == 'Y' ? 'Z' : 'Y';
      g_assert_false (retour_rma_number_is_valid (typed));

      parsed = parse_ok (typed);
      g_assert_cmpstr (parsed, ==, number);
      tried++;
    }

  g_assert_cmpuint (tried, >, 100);

  {
    g_autofree char *a = parse_ok ("R26000128Z");
    g_autofree char *b = parse_ok ("r26-000128-z");

    g_assert_cmpstr (a, ==, "R26000128Y");
    g_assert_cmpstr (b, ==, "R26000128Y");
  }
}

static void
check_parse_error (const char *input,
                   int         code,
                   const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = retour_rma_number_parse (input, &error);

  g_assert_null (number);
  g_assert_error (error, RETOUR_RMA_NUMBER_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 300);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_test_fail_printf ("“%s”: “%s” does not say “%s”", input, error->message, message_part);
}

static void
test_parse_errors (void)
{
  g_autofree char *many = g_strnfill (10000, 'A');
  g_autofree char *many_digits = g_strnfill (10000, '7');
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  check_parse_error ("", RETOUR_RMA_NUMBER_ERROR_EMPTY, NULL);
  check_parse_error (" - . / ", RETOUR_RMA_NUMBER_ERROR_EMPTY, NULL);
  check_parse_error ("R26000128X", RETOUR_RMA_NUMBER_ERROR_CHECK,
                     "“R26000128X” is not an RMA number: the check character does not match. "
                     "Check for a mistyped character.");
  check_parse_error ("R26-000128-X", RETOUR_RMA_NUMBER_ERROR_CHECK, "R26-000128-X");
  check_parse_error ("R26000821Y", RETOUR_RMA_NUMBER_ERROR_CHECK, NULL);
  check_parse_error ("R", RETOUR_RMA_NUMBER_ERROR_CHECK, "too short");
  check_parse_error ("R26€000128Y", RETOUR_RMA_NUMBER_ERROR_CHARACTER, "“€”");
  check_parse_error ("R26#000128Y", RETOUR_RMA_NUMBER_ERROR_CHARACTER, "“#”");
  check_parse_error ("R26\xff\xfe", RETOUR_RMA_NUMBER_ERROR_CHARACTER, NULL);
  check_parse_error ("\xc3", RETOUR_RMA_NUMBER_ERROR_CHARACTER, NULL);
  check_parse_error ("\x01\x02", RETOUR_RMA_NUMBER_ERROR_CHARACTER, NULL);

  /* Huge input: an error, quoted short. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *number = retour_rma_number_parse (many, &error);

    g_assert_null (number);
    g_assert_nonnull (error);
    g_assert_cmpuint (strlen (error->message), <, 300);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *number = retour_rma_number_parse (many_digits, &error);

    /* 10,000 sevens may or may not carry a valid check; either way the
     * answer is a verdict, not a crash. */
    g_assert_true ((number == NULL) != (error == NULL));
  }

  /* Random bytes and random near-numbers: never a crash, and whatever is
   * accepted carries a valid check. */
  for (guint i = 0; i < 20000; i++)
    {
      static const char pool[] = "R26000128YZAQWM-_&\"'(é ./,?\xff\xc3x";
      char input[24];
      guint length = (guint) g_rand_int_range (rand, 0, sizeof input);
      g_autoptr(GError) error = NULL;
      g_autofree char *number = NULL;

      for (guint k = 0; k < length; k++)
        input[k] = i % 2 == 0 ? (char) g_rand_int_range (rand, 1, 256)
                              : pool[g_rand_int_range (rand, 0, sizeof pool - 1)];
      input[length] = '\0';

      number = retour_rma_number_parse (input, &error);
      if (number != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (retour_rma_number_is_valid (number));
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
}

static void
test_display (void)
{
  static const struct { const char *compact; const char *display; } cases[] = {
    { "R26000128Y", "R26-000128-Y" },
    /* The six before the check split off once two or more precede them. */
    { "202603001234X", "202603-001234-X" },
    { "12345678X", "12-345678-X" },
    { "1234567X", "1234567-X" },
    { "AB", "A-B" },
    { "A", "A" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *display = retour_rma_number_display (cases[i].compact);

      g_assert_cmpstr (display, ==, cases[i].display);
    }
}

static void
test_pattern_valid (void)
{
  g_autoptr(GDateTime) new_year = amsterdam_time (2027, 1, 1, 0, 30);
  static const struct { const char *pattern; guint64 seq; const char *prefix; } cases[] = {
    { RETOUR_RMA_NUMBER_DEFAULT_PATTERN, 128, "R27000128" },
    { "{YYYY}{MM}{SEQ:5}{CHECK}", 42, "20270100042" },
    { "RMA{SEQ:8}{CHECK}", 7, "RMA00000007" },
    { "{SEQ}{CHECK}", 7, "7" },
    { "R{YY}{SEQ:2}{CHECK}", 12345, "R2712345" },
    { "{SEQ:20}{CHECK}", G_MAXUINT64, "18446744073709551615" },
    { "X9{YY}{SEQ:06}{CHECK}", 5, "X927000005" },
  };

  if (new_year == NULL)
    {
      g_test_skip ("the time zone Europe/Amsterdam is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRmaNumberPattern) pattern = retour_rma_number_pattern_new (cases[i].pattern, &error);
      g_autofree char *number = NULL;
      guint64 seq = cases[i].seq;

      g_assert_no_error (error);
      g_assert_cmpstr (retour_rma_number_pattern_get_text (pattern), ==, cases[i].pattern);

      /* Take the next value when one has no check character. */
      while ((number = retour_rma_number_pattern_format (pattern, seq, new_year)) == NULL)
        seq--;

      if (seq == cases[i].seq)
        g_assert_true (g_str_has_prefix (number, cases[i].prefix));
      g_assert_cmpuint (strlen (number), ==, strlen (cases[i].prefix) + 1);
      g_assert_true (retour_rma_number_is_valid (number));
    }

  /* The date is the one of the issuing time zone: 00:30 on 1 January in
   * Amsterdam is still 2026 in UTC. */
  {
    g_autoptr(RetourRmaNumberPattern) pattern = retour_rma_number_pattern_new ("{YYYY}{MM}{SEQ}{CHECK}", NULL);
    g_autoptr(GDateTime) utc = g_date_time_to_utc (new_year);
    g_autofree char *local = retour_rma_number_pattern_format (pattern, 1, new_year);
    g_autofree char *in_utc = retour_rma_number_pattern_format (pattern, 1, utc);

    g_assert_true (g_str_has_prefix (local, "2027011"));
    g_assert_true (g_str_has_prefix (in_utc, "2026121"));
  }

  /* A pattern without a date needs no time. */
  {
    g_autoptr(RetourRmaNumberPattern) pattern = retour_rma_number_pattern_new ("RMA{SEQ:4}{CHECK}", NULL);
    g_autofree char *number = retour_rma_number_pattern_format (pattern, 3, NULL);
    g_autofree char *next = retour_rma_number_pattern_format (pattern, 4, NULL);

    g_assert_true (number != NULL || next != NULL);
  }
}

static void
test_pattern_invalid (void)
{
  static const char * const invalid[] = {
    "",
    "R{YY}{SEQ:6}",
    "R{YY}{CHECK}",
    "R{CHECK}{SEQ}",
    "{SEQ}{CHECK}X",
    "r{SEQ}{CHECK}",
    "R-{SEQ}{CHECK}",
    "R {SEQ}{CHECK}",
    "R{SEQ:0}{CHECK}",
    "R{SEQ:21}{CHECK}",
    "R{SEQ:x}{CHECK}",
    "R{SEQ:}{CHECK}",
    "R{SEQ:1234567}{CHECK}",
    "R{seq}{CHECK}",
    "R{DD}{SEQ}{CHECK}",
    "R{}{SEQ}{CHECK}",
    "R{SEQ",
    "R{SEQ}{CHECK",
    "R}{SEQ}{CHECK}",
    "{SEQ}{SEQ}{CHECK}",
    "{SEQ}{CHECK}{CHECK}",
    "É{SEQ}{CHECK}",
    "R\xff{SEQ}{CHECK}",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789{SEQ}{CHECK}",
    "{YYYY}{YYYY}{YYYY}{YYYY}{YYYY}{YYYY}{YYYY}{YYYY}{SEQ:6}{CHECK}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RetourRmaNumberPattern) pattern = retour_rma_number_pattern_new (invalid[i], &error);

      if (pattern != NULL)
        {
          g_test_fail_printf ("the pattern “%s” is accepted", invalid[i]);
          continue;
        }
      g_assert_error (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_PATTERN);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "pattern"));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RetourRmaNumberPattern) pattern = retour_rma_number_pattern_new ("R{DD}{SEQ}{CHECK}", &error);

    g_assert_null (pattern);
    g_assert_nonnull (strstr (error->message, "{DD}"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rma-number/check-char", test_check_char);
  g_test_add_func ("/rma-number/detects-errors", test_detects_errors);
  g_test_add_func ("/rma-number/skipped-values", test_skipped_values);
  g_test_add_func ("/rma-number/parse/as-typed", test_parse_as_typed);
  g_test_add_func ("/rma-number/parse/azerty", test_parse_azerty);
  g_test_add_func ("/rma-number/parse/qwertz", test_parse_qwertz);
  g_test_add_func ("/rma-number/parse/errors", test_parse_errors);
  g_test_add_func ("/rma-number/display", test_display);
  g_test_add_func ("/rma-number/pattern/valid", test_pattern_valid);
  g_test_add_func ("/rma-number/pattern/invalid", test_pattern_invalid);

  return g_test_run ();
}
