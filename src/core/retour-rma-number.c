/* retour-rma-number.c — making, checking and reading back RMA numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check is the weighted sum described in retour-rma-number.h. Reading
 * a number back has to cope with what people and barcode scanners really
 * type: lower case, separators, and a scanner that sends US key positions
 * to a computer set to a French (AZERTY) or German (QWERTZ) layout.
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-rma-number.h"
#include "retour-core-private.h"

G_DEFINE_QUARK (retour-rma-number-error-quark, retour_rma_number_error)

#define MODULUS 37

/* 2 has order 36 modulo 37: up to this length every position has a weight
 * of its own. Single errors and adjacent swaps are caught at any length;
 * the limit keeps numbers short enough to read out and scan. A sequence
 * that outgrows its width may pass it, which costs nothing but length. */
#define MAX_NUMBER_LENGTH 36

/* A 64-bit sequence value has at most 20 digits. */
#define MAX_SEQ_DIGITS 20

typedef enum
{
  FIELD_LITERAL,
  FIELD_YY,
  FIELD_YYYY,
  FIELD_MM,
  FIELD_SEQ,
  FIELD_CHECK,
} FieldKind;

typedef struct
{
  FieldKind kind;
  char      literal;  /* FIELD_LITERAL */
  guint     width;    /* FIELD_SEQ: minimum digits */
} Field;

struct _RetourRmaNumberPattern
{
  char     *text;
  GArray   *fields;     /* of Field, in order */
  gboolean  uses_date;  /* {YY}, {YYYY} or {MM}: formatting needs a time */
};

static int
char_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;

  return -1;
}

static char
value_char (int value)
{
  g_assert (value >= 0 && value < 36);

  return value < 10 ? (char) ('0' + value) : (char) ('A' + value - 10);
}

/* The weighted sum of @text's characters, the rightmost weighted
 * 2^@first_exponent; -1 if a character is not A–Z or 0–9. */
static int
weighted_sum (const char *text,
              gsize       length,
              guint       first_exponent)
{
  int weight = 1;
  int sum = 0;

  for (guint i = 0; i < first_exponent; i++)
    weight = weight * 2 % MODULUS;

  for (gsize i = length; i-- > 0;)
    {
      int value = char_value (text[i]);

      if (value < 0)
        return -1;

      sum = (sum + value * weight) % MODULUS;
      weight = weight * 2 % MODULUS;
    }

  return sum;
}

char
retour_rma_number_check_char (const char *body)
{
  gsize length;
  int sum;
  int check;

  g_return_val_if_fail (body != NULL, 0);

  length = strlen (body);
  if (length == 0)
    return 0;

  /* The body's rightmost character sits at i = 1, next to the check. */
  sum = weighted_sum (body, length, 1);
  if (sum < 0)
    return 0;

  check = (MODULUS - sum) % MODULUS;

  /* 36 would need a 37th symbol: this body gets no number. */
  if (check == 36)
    return 0;

  return value_char (check);
}

gboolean
retour_rma_number_is_valid (const char *compact)
{
  gsize length;

  if (compact == NULL)
    return FALSE;

  length = strlen (compact);
  if (length < 2)
    return FALSE;

  return weighted_sum (compact, length, 0) == 0;
}

/* Patterns ------------------------------------------------------------------ */

static void
set_pattern_error (GError     **error,
                   const char  *pattern,
                   const char  *detail)
{
  g_autofree char *quoted = retour_core_quote_input (pattern);

  /* Translators: the first %s is the pattern, the second says what is wrong with it. */
  g_set_error (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_PATTERN,
               _("“%s” is not a valid RMA number pattern: %s"), quoted, detail);
}

static gboolean
parse_field (const char *name,
             gsize       length,
             Field      *field)
{
  if (length == 2 && memcmp (name, "YY", 2) == 0)
    field->kind = FIELD_YY;
  else if (length == 4 && memcmp (name, "YYYY", 4) == 0)
    field->kind = FIELD_YYYY;
  else if (length == 2 && memcmp (name, "MM", 2) == 0)
    field->kind = FIELD_MM;
  else if (length == 5 && memcmp (name, "CHECK", 5) == 0)
    field->kind = FIELD_CHECK;
  else if (length == 3 && memcmp (name, "SEQ", 3) == 0)
    {
      field->kind = FIELD_SEQ;
      field->width = 1;
    }
  else if (length > 4 && length <= 6 && memcmp (name, "SEQ:", 4) == 0)
    {
      guint width = 0;

      for (gsize i = 4; i < length; i++)
        {
          if (!g_ascii_isdigit (name[i]))
            return FALSE;
          width = width * 10 + (guint) (name[i] - '0');
        }
      if (width < 1 || width > MAX_SEQ_DIGITS)
        return FALSE;

      field->kind = FIELD_SEQ;
      field->width = width;
    }
  else
    {
      return FALSE;
    }

  return TRUE;
}

RetourRmaNumberPattern *
retour_rma_number_pattern_new (const char  *pattern,
                               GError     **error)
{
  g_autoptr(RetourRmaNumberPattern) self = NULL;
  guint n_seq = 0;
  guint n_check = 0;
  guint shortest = 0;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (pattern, -1, NULL))
    {
      set_pattern_error (error, pattern, _("it is not valid text"));
      return NULL;
    }

  self = g_new0 (RetourRmaNumberPattern, 1);
  self->text = g_strdup (pattern);
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));

  for (const char *p = pattern; *p != '\0';)
    {
      Field field = { FIELD_LITERAL, 0, 0 };

      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          if (close == NULL)
            {
              set_pattern_error (error, pattern, _("a “{” has no matching “}”"));
              return NULL;
            }

          if (!parse_field (p + 1, (gsize) (close - p - 1), &field))
            {
              g_autofree char *name = g_strndup (p, (gsize) (close - p + 1));
              g_autofree char *detail = NULL;

              /* Translators: %s is what was written between braces, e.g. “{DD}”. */
              detail = g_strdup_printf (_("%s is not a field; use {YY}, {YYYY}, {MM}, {SEQ}, {SEQ:n} (n from 1 to 20) or {CHECK}"),
                                        name);
              set_pattern_error (error, pattern, detail);
              return NULL;
            }

          p = close + 1;
        }
      else if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
        {
          field.literal = *p;
          p++;
        }
      else
        {
          g_autofree char *character = g_strndup (p, (gsize) (g_utf8_next_char (p) - p));
          g_autofree char *detail = NULL;

          /* Barcode scanners on other keyboard layouts type punctuation
           * and lower case differently, so only these may be printed. */
          detail = g_strdup_printf (_("“%s” is not allowed; besides the fields, use only capital letters A–Z and digits 0–9"),
                                    character);
          set_pattern_error (error, pattern, detail);
          return NULL;
        }

      switch (field.kind)
        {
        case FIELD_LITERAL:
          shortest++;
          break;
        case FIELD_YY:
        case FIELD_MM:
          shortest += 2;
          self->uses_date = TRUE;
          break;
        case FIELD_YYYY:
          shortest += 4;
          self->uses_date = TRUE;
          break;
        case FIELD_SEQ:
          shortest += field.width;
          n_seq++;
          break;
        case FIELD_CHECK:
          shortest++;
          n_check++;
          break;
        default:
          g_assert_not_reached ();
        }

      if (n_check > 0 && field.kind != FIELD_CHECK)
        {
          set_pattern_error (error, pattern, _("{CHECK} must come last"));
          return NULL;
        }

      g_array_append_val (self->fields, field);
    }

  if (n_seq != 1)
    {
      set_pattern_error (error, pattern,
                         n_seq == 0 ? _("it needs a {SEQ} field")
                                    : _("it may have only one {SEQ} field"));
      return NULL;
    }
  if (n_check != 1)
    {
      set_pattern_error (error, pattern,
                         n_check == 0 ? _("it needs a {CHECK} field at the end")
                                      : _("it may have only one {CHECK} field"));
      return NULL;
    }
  if (shortest > MAX_NUMBER_LENGTH)
    {
      set_pattern_error (error, pattern, _("the numbers would be too long to read out or scan"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
retour_rma_number_pattern_free (RetourRmaNumberPattern *self)
{
  if (self == NULL)
    return;

  g_free (self->text);
  g_array_unref (self->fields);
  g_free (self);
}

const char *
retour_rma_number_pattern_get_text (const RetourRmaNumberPattern *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

char *
retour_rma_number_pattern_format_next (const RetourRmaNumberPattern *self,
                                       guint64                       seq,
                                       GDateTime                    *when)
{
  char *number = NULL;

  /* Of any 37 values in a row, at most one has no check character. */
  for (guint i = 0; number == NULL && i < 37; i++)
    number = retour_rma_number_pattern_format (self, seq + i, when);

  return number;
}

char *
retour_rma_number_pattern_format (const RetourRmaNumberPattern *self,
                                  guint64                       seq,
                                  GDateTime                    *when)
{
  g_autoptr(GString) number = NULL;
  char check;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (when != NULL || !self->uses_date, NULL);

  number = g_string_new (NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = &g_array_index (self->fields, Field, i);

      switch (field->kind)
        {
        case FIELD_LITERAL:
          g_string_append_c (number, field->literal);
          break;
        case FIELD_YY:
          g_string_append_printf (number, "%02d", g_date_time_get_year (when) % 100);
          break;
        case FIELD_YYYY:
          g_string_append_printf (number, "%04d", g_date_time_get_year (when));
          break;
        case FIELD_MM:
          g_string_append_printf (number, "%02d", g_date_time_get_month (when));
          break;
        case FIELD_SEQ:
          g_string_append_printf (number, "%0*" G_GUINT64_FORMAT, (int) field->width, seq);
          break;
        case FIELD_CHECK:
          check = retour_rma_number_check_char (number->str);
          if (check == 0)
            return NULL;
          g_string_append_c (number, check);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (g_steal_pointer (&number), FALSE);
}

/* Reading numbers back ---------------------------------------------------------- */

/* What a typed character stands for in one interpretation. */
enum
{
  MAP_SKIP = -1,  /* a separator */
  MAP_BAD  = -2,  /* nothing in this interpretation */
};

typedef enum
{
  LAYOUT_AS_TYPED,
  LAYOUT_AZERTY,
  LAYOUT_QWERTZ,
  N_LAYOUTS
} Layout;

static gboolean
is_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == '-' || c == '.' || c == '/';
}

static int
map_as_typed (gunichar c)
{
  if (is_separator (c))
    return MAP_SKIP;
  if (c < 0x80 && g_ascii_isalnum ((char) c))
    return g_ascii_toupper ((char) c);

  return MAP_BAD;
}

/* The unshifted digit row of a French (and, for 6 and 8, Belgian) AZERTY
 * keyboard, where a scanner sending US key positions lands; upper case
 * too, for Caps Lock. */
static int
azerty_digit (gunichar c)
{
  switch (c)
    {
    case '&':
      return '1';
    case 0x00E9:  /* é */
    case 0x00C9:  /* É */
      return '2';
    case '"':
      return '3';
    case '\'':
      return '4';
    case '(':
      return '5';
    case 0x00A7:  /* § (Belgian) */
      return '6';
    case 0x00E8:  /* è */
    case 0x00C8:  /* È */
      return '7';
    case '_':
    case '!':     /* Belgian */
      return '8';
    case 0x00E7:  /* ç */
    case 0x00C7:  /* Ç */
      return '9';
    case 0x00E0:  /* à */
    case 0x00C0:  /* À */
      return '0';
    default:
      return 0;
    }
}

static int
map_azerty (gunichar c,
            gboolean dash_is_six)
{
  int digit = azerty_digit (c);
  int mapped;

  if (digit != 0)
    return digit;

  /* '-' is where the 6 is, but also what people type between groups. */
  if (c == '-')
    return dash_is_six ? '6' : MAP_SKIP;

  /* The US M key is AZERTY's ",", "?" with Shift. */
  if (c == ',' || c == '?')
    return 'M';

  mapped = map_as_typed (c);
  switch (mapped)
    {
    case 'A':
      return 'Q';
    case 'Q':
      return 'A';
    case 'Z':
      return 'W';
    case 'W':
      return 'Z';
    default:
      return mapped;
    }
}

static int
map_qwertz (gunichar c)
{
  int mapped = map_as_typed (c);

  switch (mapped)
    {
    case 'Y':
      return 'Z';
    case 'Z':
      return 'Y';
    default:
      return mapped;
    }
}

static void
free_string (gpointer string)
{
  g_string_free (string, TRUE);
}

char *
retour_rma_number_parse (const char  *input,
                         GError     **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *quoted = NULL;
  gboolean clean[N_LAYOUTS] = { TRUE, TRUE, TRUE };
  gboolean dash_is_six = FALSE;
  gboolean long_enough = FALSE;
  gunichar first_bad = 0;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  quoted = retour_core_quote_input (input);

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_CHARACTER,
                   _("“%s” is not an RMA number: it contains bytes that are not text"),
                   quoted);
      return NULL;
    }

  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (azerty_digit (g_utf8_get_char (p)) != 0)
        {
          dash_is_six = TRUE;
          break;
        }
    }

  candidates = g_ptr_array_new_with_free_func (free_string);
  for (guint layout = 0; layout < N_LAYOUTS; layout++)
    g_ptr_array_add (candidates, g_string_new (NULL));

  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int mapped[N_LAYOUTS];

      mapped[LAYOUT_AS_TYPED] = map_as_typed (c);
      mapped[LAYOUT_AZERTY] = map_azerty (c, dash_is_six);
      mapped[LAYOUT_QWERTZ] = map_qwertz (c);

      if (mapped[LAYOUT_AS_TYPED] == MAP_BAD && first_bad == 0)
        first_bad = c;

      for (guint layout = 0; layout < N_LAYOUTS; layout++)
        {
          if (mapped[layout] == MAP_BAD)
            clean[layout] = FALSE;
          else if (mapped[layout] != MAP_SKIP)
            g_string_append_c (g_ptr_array_index (candidates, layout), (char) mapped[layout]);
        }
    }

  /* The most literal reading comes first: a number typed correctly is
   * never reinterpreted. */
  for (guint layout = 0; layout < N_LAYOUTS; layout++)
    {
      GString *candidate = g_ptr_array_index (candidates, layout);

      if (!clean[layout])
        continue;

      if (candidate->len >= 2)
        long_enough = TRUE;

      if (retour_rma_number_is_valid (candidate->str))
        return g_strdup (candidate->str);
    }

  if (clean[LAYOUT_AS_TYPED] &&
      ((GString *) g_ptr_array_index (candidates, LAYOUT_AS_TYPED))->len == 0)
    {
      g_set_error_literal (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_EMPTY,
                           _("Type or scan an RMA number"));
      return NULL;
    }

  if (!clean[LAYOUT_AS_TYPED] && !clean[LAYOUT_AZERTY] && !clean[LAYOUT_QWERTZ])
    {
      char character[8] = { 0 };

      if (first_bad < 0x20 || first_bad == 0x7f)
        character[0] = '?';
      else
        g_unichar_to_utf8 (first_bad, character);

      g_set_error (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_CHARACTER,
                   _("“%s” is not an RMA number: “%s” is not a letter or a digit"),
                   quoted, character);
      return NULL;
    }

  if (!long_enough)
    {
      g_set_error (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_CHECK,
                   _("“%s” is too short to be an RMA number"), quoted);
      return NULL;
    }

  g_set_error (error, RETOUR_RMA_NUMBER_ERROR, RETOUR_RMA_NUMBER_ERROR_CHECK,
               _("“%s” is not an RMA number: the check character does not match. "
                 "Check for a mistyped character."),
               quoted);

  return NULL;
}

char *
retour_rma_number_display (const char *compact)
{
  gsize length;
  gsize body;

  g_return_val_if_fail (compact != NULL, NULL);

  length = strlen (compact);
  body = length > 0 ? length - 1 : 0;

  /* Splitting bytes of a multi-byte character would make invalid text;
   * a compact number never has one, so such input is shown as it is. */
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) compact[i] >= 0x80)
        return g_strdup (compact);
    }

  if (length < 2)
    return g_strdup (compact);

  if (body >= 6 + 2)
    return g_strdup_printf ("%.*s-%.6s-%c", (int) (body - 6), compact,
                            compact + body - 6, compact[body]);

  return g_strdup_printf ("%.*s-%c", (int) body, compact, compact[body]);
}
