/* retour-money.c — exact amounts: the currency table, parsing of what
 * storefronts and people write, checked arithmetic, and formatting by the
 * conventions of a locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include "retour-money.h"
#include "retour-core-private.h"

G_DEFINE_QUARK (retour-money-error-quark, retour_money_error)

/* ISO 4217 has currencies of up to four decimals (CLF, UYW). */
#define MAX_EXPONENT 4

typedef struct
{
  char        code[4];
  int         exponent;  /* minor units */
  const char *symbol;    /* NULL: the code serves as the symbol */
  const char *alias;     /* another spelling people type, or NULL */
} CurrencyInfo;

/* The symbols a European shop's customers recognise, sorted by code;
 * dollars other than the US one carry a prefix so that "$" always means
 * USD. Which currencies exist, and their minor units, come from ICU. */
static const struct
{
  const char *code;
  const char *symbol;
  const char *alias;
} symbols[] = {
  { "AUD", "A$",  NULL },
  { "BGN", "лв.", "лв" },
  { "BRL", "R$",  NULL },
  { "CAD", "CA$", NULL },
  { "CNY", "CN¥", NULL },
  { "CZK", "Kč",  NULL },
  { "DKK", "kr.", "kr" },
  { "EUR", "€",   NULL },
  { "GBP", "£",   NULL },
  { "HKD", "HK$", NULL },
  { "HUF", "Ft",  NULL },
  { "ILS", "₪",   NULL },
  { "INR", "₹",   NULL },
  { "ISK", "kr",  NULL },
  { "JPY", "¥",   "￥" },
  { "KRW", "₩",   NULL },
  { "MXN", "MX$", NULL },
  { "NOK", "kr",  NULL },
  { "NZD", "NZ$", NULL },
  { "PLN", "zł",  NULL },
  { "RON", "lei", NULL },
  { "SEK", "kr",  NULL },
  { "SGD", "S$",  NULL },
  { "TRY", "₺",   NULL },
  { "UAH", "₴",   NULL },
  { "USD", "$",   "US$" },
  { "ZAR", "R",   NULL },
};

/* Every ISO 4217 currency in use, sorted by code; made once. */
static CurrencyInfo *currencies;
static gsize         n_currencies;

static int
compare_codes (const void *a,
               const void *b)
{
  return strcmp (((const CurrencyInfo *) a)->code, ((const CurrencyInfo *) b)->code);
}

/* ICU's currency data (CLDR) is the maintained list on the system: every
 * currency that is in use and not deprecated, with its digits. Where CLDR
 * gives fewer digits than ISO (IQD 0 rather than 3), an amount with more
 * decimals is still read exactly when they are zeros, and refused
 * otherwise, never rounded. */
static void
load_currencies (void)
{
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration *codes = ucurr_openISOCurrencies (UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  GArray *list = g_array_new (FALSE, TRUE, sizeof (CurrencyInfo));
  const char *code;
  int32_t length;

  while (U_SUCCESS (status) && (code = uenum_next (codes, &length, &status)) != NULL)
    {
      CurrencyInfo info = { { 0 } };
      UChar wide[4];
      UErrorCode digits_status = U_ZERO_ERROR;
      int32_t digits;

      if (length != 3)
        continue;

      u_charsToUChars (code, wide, 4);
      digits = ucurr_getDefaultFractionDigits (wide, &digits_status);
      if (U_FAILURE (digits_status) || digits < 0 || digits > MAX_EXPONENT)
        continue;

      memcpy (info.code, code, 4);
      info.exponent = digits;
      for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
        if (strcmp (symbols[i].code, code) == 0)
          {
            info.symbol = symbols[i].symbol;
            info.alias = symbols[i].alias;
          }
      g_array_append_val (list, info);
    }
  uenum_close (codes);

  g_array_sort (list, compare_codes);
  n_currencies = list->len;
  currencies = (CurrencyInfo *) (void *) g_array_free (list, FALSE);
}

static const CurrencyInfo *
all_currencies (gsize *n)
{
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      load_currencies ();
      g_once_init_leave (&loaded, 1);
    }

  *n = n_currencies;
  return currencies;
}

/* Most currencies have two decimals; an amount in a code this build does
 * not know (written by a newer version) is still shown that way. */
#define DEFAULT_EXPONENT 2

static const gint64 powers_of_ten[] = { 1, 10, 100, 1000, 10000 };

static int
compare_currency (const void *key,
                  const void *element)
{
  return strcmp (key, ((const CurrencyInfo *) element)->code);
}

static const CurrencyInfo *
currency_lookup (const char *code)
{
  const CurrencyInfo *table;
  char upper[4];
  gsize n;

  if (code == NULL)
    return NULL;

  /* The NUL check comes for free: it is not a letter. */
  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (code[i]))
        return NULL;
      upper[i] = g_ascii_toupper (code[i]);
    }
  if (code[3] != '\0')
    return NULL;
  upper[3] = '\0';

  table = all_currencies (&n);
  return bsearch (upper, table, n, sizeof table[0], compare_currency);
}

static const char *
currency_info_symbol (const CurrencyInfo *info)
{
  return info->symbol != NULL ? info->symbol : info->code;
}

int
retour_currency_exponent (const char *code)
{
  const CurrencyInfo *info = currency_lookup (code);

  return info != NULL ? info->exponent : -1;
}

gboolean
retour_currency_is_valid (const char *code)
{
  return currency_lookup (code) != NULL;
}

const char *
retour_currency_symbol (const char *code)
{
  const CurrencyInfo *info;

  g_return_val_if_fail (code != NULL, NULL);

  info = currency_lookup (code);

  return info != NULL ? currency_info_symbol (info) : code;
}

static int
money_exponent (RetourMoney money)
{
  int exponent = retour_currency_exponent (money.currency);

  return exponent >= 0 ? exponent : DEFAULT_EXPONENT;
}

RetourMoney
retour_money_init (gint64      minor,
                   const char *currency)
{
  RetourMoney money = { minor, "" };

  g_return_val_if_fail (currency != NULL, money);

  /* Anything but three letters is left empty rather than half copied;
   * retour_currency_is_valid() is where callers check. */
  if (g_ascii_isalpha (currency[0]) && g_ascii_isalpha (currency[1]) &&
      g_ascii_isalpha (currency[2]) && currency[3] == '\0')
    {
      for (guint i = 0; i < 3; i++)
        money.currency[i] = g_ascii_toupper (currency[i]);
    }

  return money;
}

gboolean
retour_money_is_zero (RetourMoney money)
{
  return money.minor == 0;
}

/* Parsing ---------------------------------------------------------------- */

typedef enum
{
  SEP_DOT,
  SEP_COMMA,
  SEP_SPACE,
  SEP_APOSTROPHE,
} SepKind;

typedef struct
{
  SepKind kind;
  gsize   digits_before;  /* length of the digit run it ends */
} Separator;

static gboolean
has_prefix (const char *p,
            const char *end,
            const char *prefix)
{
  gsize len = strlen (prefix);

  return (gsize) (end - p) >= len && memcmp (p, prefix, len) == 0;
}

static gboolean
has_suffix (const char *p,
            const char *end,
            const char *suffix)
{
  gsize len = strlen (suffix);

  return (gsize) (end - p) >= len && memcmp (end - len, suffix, len) == 0;
}

/* Spaces that group digits or stand around a symbol: the plain one, and
 * the no-break ones that locales (fr_FR, pl_PL) and spreadsheets use. */
static gsize
space_length (const char *p,
              const char *end)
{
  if (p >= end)
    return 0;
  if (*p == ' ' || *p == '\t')
    return 1;
  if (has_prefix (p, end, "\xc2\xa0"))          /* U+00A0 */
    return 2;
  if (has_prefix (p, end, "\xe2\x80\xaf") ||    /* U+202F narrow */
      has_prefix (p, end, "\xe2\x80\x89") ||    /* U+2009 thin */
      has_prefix (p, end, "\xe2\x80\x87"))      /* U+2007 figure */
    return 3;

  return 0;
}

static gsize
space_length_before (const char *start,
                     const char *end)
{
  for (gsize len = 1; len <= 3 && (gsize) (end - start) >= len; len++)
    {
      if (space_length (end - len, end) == len)
        return len;
    }

  return 0;
}

static void
trim (const char **p,
      const char **end)
{
  gsize len;

  while ((len = space_length (*p, *end)) > 0)
    *p += len;
  while (*end > *p && (len = space_length_before (*p, *end)) > 0)
    *end -= len;
}

static gsize
sign_length (const char *p,
             const char *end,
             gboolean   *negative)
{
  if (p >= end)
    return 0;
  if (*p == '-' || *p == '+')
    {
      *negative = *p == '-';
      return 1;
    }
  if (has_prefix (p, end, "\xe2\x88\x92"))      /* U+2212 minus */
    {
      *negative = TRUE;
      return 3;
    }

  return 0;
}

static gsize
sign_length_before (const char *start,
                    const char *end,
                    gboolean   *negative)
{
  if (end > start && (end[-1] == '-' || end[-1] == '+'))
    {
      *negative = end[-1] == '-';
      return 1;
    }
  if (has_suffix (start, end, "\xe2\x88\x92"))
    {
      *negative = TRUE;
      return 3;
    }

  return 0;
}

/* Codes and symbols that are letters ("EUR", "kr", "R") count only as
 * whole words, so that "12 EUR" does not end in the rand's "R". */
static gboolean
letter_after (const char *p,
              const char *end)
{
  return p < end && g_unichar_isalpha (g_utf8_get_char (p));
}

static gboolean
letter_before (const char *start,
               const char *p)
{
  return p > start && g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (p)));
}

static gsize
affix_length_at_start (const char         *p,
                       const char         *end,
                       const CurrencyInfo *info)
{
  const char *spellings[] = { info->code, info->symbol, info->alias };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      gsize len = spellings[i] != NULL ? strlen (spellings[i]) : 0;

      if (len == 0 || (gsize) (end - p) < len)
        continue;

      /* The code in any case: "eur 12". */
      if ((i == 0 ? g_ascii_strncasecmp (p, spellings[i], len) : memcmp (p, spellings[i], len)) != 0)
        continue;

      if (letter_before (p, p + len) && letter_after (p + len, end))
        continue;

      return len;
    }

  return 0;
}

static gsize
affix_length_at_end (const char         *p,
                     const char         *end,
                     const CurrencyInfo *info)
{
  const char *spellings[] = { info->code, info->symbol, info->alias };

  /* The longer spelling first: "kr." must not leave a stray ".". */
  if (info->symbol != NULL && info->alias != NULL &&
      strlen (info->alias) > strlen (info->symbol))
    {
      spellings[1] = info->alias;
      spellings[2] = info->symbol;
    }

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      gsize len = spellings[i] != NULL ? strlen (spellings[i]) : 0;

      if (len == 0 || (gsize) (end - p) < len)
        continue;

      if ((i == 0 ? g_ascii_strncasecmp (end - len, spellings[i], len) : memcmp (end - len, spellings[i], len)) != 0)
        continue;

      if (letter_after (end - len, end) && letter_before (p, end - len))
        continue;

      return len;
    }

  return 0;
}

/* Whether the text carries the code or symbol of another currency, so the
 * error can say so instead of calling it garbage. */
static gboolean
mentions_other_currency (const char         *p,
                         const char         *end,
                         const CurrencyInfo *own)
{
  gsize n;
  const CurrencyInfo *table = all_currencies (&n);

  for (gsize i = 0; i < n; i++)
    {
      const CurrencyInfo *info = &table[i];

      if (info == own)
        continue;

      if (affix_length_at_start (p, end, info) > 0 ||
          affix_length_at_end (p, end, info) > 0)
        return TRUE;
    }

  return FALSE;
}

/* Turns a row of decimal digits into minor units. The first @point digits
 * (fewer: padded with zeros) form the count of minor units; the digit after
 * them decides the rounding, half away from zero. */
static gboolean
digits_to_minor (const char *digits,
                 gsize       n_digits,
                 gssize      point,
                 gboolean    negative,
                 gint64     *out)
{
  gint64 value = 0;

  for (gssize i = 0; i < point; i++)
    {
      int digit = (gsize) i < n_digits ? digits[i] - '0' : 0;

      if (__builtin_mul_overflow (value, 10, &value) ||
          __builtin_add_overflow (value, digit, &value))
        return FALSE;
    }

  if (point >= 0 && (gsize) point < n_digits && digits[point] >= '5')
    {
      if (__builtin_add_overflow (value, 1, &value))
        return FALSE;
    }

  *out = negative ? -value : value;

  return TRUE;
}

static gboolean
set_invalid (GError     **error,
             const char  *text)
{
  g_autofree char *quoted = retour_core_quote_input (text);

  g_set_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_INVALID,
               _("“%s” is not an amount of money"), quoted);

  return FALSE;
}

static gboolean
set_overflow (GError     **error,
              const char  *text)
{
  g_autofree char *quoted = retour_core_quote_input (text);

  g_set_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW,
               _("“%s” is too large an amount"), quoted);

  return FALSE;
}

static gboolean
set_unknown_currency (GError     **error,
                      const char  *code)
{
  g_autofree char *quoted = retour_core_quote_input (code);

  g_set_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_CURRENCY,
               _("“%s” is not a currency code Retour knows"), quoted);

  return FALSE;
}

/* The number of digits before the decimal separator, if the @n_groups
 * grouping separators before it stand where grouping separators can: the
 * first group has 1–3 digits, the last (@last_run) 3, those between 2 or 3
 * (Indian lakhs: "12,34,567"). */
static gboolean
count_integer_digits (GArray *seps,
                      guint   n_groups,
                      gsize   last_run,
                      gsize  *out)
{
  gsize count = 0;

  for (guint i = 0; i < n_groups; i++)
    {
      gsize len = g_array_index (seps, Separator, i).digits_before;

      if (i == 0 ? (len < 1 || len > 3) : (len < 2 || len > 3))
        return FALSE;
      count += len;
    }
  if (n_groups > 0 && last_run != 3)
    return FALSE;

  *out = count + last_run;

  return TRUE;
}

/* Splits the number part into digits, grouping and decimal separator by
 * the rules in retour-money.h. */
static gboolean
parse_number (const char         *text,
              const char         *p,
              const char         *end,
              const CurrencyInfo *info,
              gboolean            negative,
              RetourMoney        *out,
              GError            **error)
{
  g_autoptr(GArray) seps = g_array_new (FALSE, FALSE, sizeof (Separator));
  g_autoptr(GString) digits = g_string_new (NULL);
  gsize run = 0;
  guint n_dots = 0, n_commas = 0;
  gboolean has_space = FALSE, has_apostrophe = FALSE;
  int decimal = -1;    /* index in seps of the decimal separator */
  int kinds_of_grouping = 0;
  gsize int_digits = 0;
  gint64 minor;

  while (p < end)
    {
      Separator sep = { SEP_DOT, run };
      gsize len;

      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          run++;
          p++;
          continue;
        }

      if (*p == '.' || *p == ',')
        {
          sep.kind = *p == '.' ? SEP_DOT : SEP_COMMA;
          len = 1;
        }
      else if (*p == '\'')
        {
          sep.kind = SEP_APOSTROPHE;
          len = 1;
        }
      else if (has_prefix (p, end, "\xe2\x80\x99"))  /* U+2019, de_CH */
        {
          sep.kind = SEP_APOSTROPHE;
          len = 3;
        }
      else if ((len = space_length (p, end)) > 0)
        {
          sep.kind = SEP_SPACE;
        }
      else
        {
          return set_invalid (error, text);
        }

      /* Two separators in a row, or grouping before any digit. */
      if (run == 0 && (seps->len > 0 || sep.kind == SEP_SPACE || sep.kind == SEP_APOSTROPHE))
        return set_invalid (error, text);

      switch (sep.kind)
        {
        case SEP_DOT:
          n_dots++;
          break;
        case SEP_COMMA:
          n_commas++;
          break;
        case SEP_SPACE:
          has_space = TRUE;
          break;
        case SEP_APOSTROPHE:
          has_apostrophe = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }

      g_array_append_val (seps, sep);
      run = 0;
      p += len;
    }

  if (digits->len == 0)
    return set_invalid (error, text);

  /* Which '.' or ',' is the decimal separator. */
  if (n_dots > 0 && n_commas > 0)
    {
      for (int i = (int) seps->len - 1; i >= 0; i--)
        {
          SepKind kind = g_array_index (seps, Separator, i).kind;

          if (kind == SEP_DOT || kind == SEP_COMMA)
            {
              if ((kind == SEP_DOT ? n_dots : n_commas) != 1)
                return set_invalid (error, text);
              decimal = i;
              break;
            }
        }
      kinds_of_grouping++;
    }
  else if ((n_dots == 1 || n_commas == 1) &&
           info->exponent == 0 && seps->len == 1 && run == 3)
    {
      /* "¥1,234": a yen amount has no decimals to separate. */
      kinds_of_grouping++;
    }
  else if (n_dots == 1 || n_commas == 1)
    {
      for (guint i = 0; i < seps->len; i++)
        {
          SepKind kind = g_array_index (seps, Separator, i).kind;

          if (kind == SEP_DOT || kind == SEP_COMMA)
            decimal = (int) i;
        }
    }
  else if (n_dots > 1 || n_commas > 1)
    {
      kinds_of_grouping++;
    }

  kinds_of_grouping += has_space + has_apostrophe;
  if (kinds_of_grouping > 1)
    return set_invalid (error, text);

  /* Nothing may follow the decimal separator but digits. */
  if (decimal >= 0 && (guint) decimal != seps->len - 1)
    return set_invalid (error, text);

  if (!count_integer_digits (seps,
                             decimal >= 0 ? (guint) decimal : seps->len,
                             decimal >= 0 ? g_array_index (seps, Separator, decimal).digits_before : run,
                             &int_digits))
    return set_invalid (error, text);

  /* A grouping separator at the very end: "1.234.". */
  if (decimal < 0 && seps->len > 0 && run == 0)
    return set_invalid (error, text);

  if (!digits_to_minor (digits->str, digits->len,
                        (gssize) int_digits + info->exponent, negative, &minor))
    return set_overflow (error, text);

  *out = retour_money_init (minor, info->code);

  return TRUE;
}

gboolean
retour_money_parse (const char   *text,
                    const char   *currency,
                    RetourMoney  *out,
                    GError      **error)
{
  const CurrencyInfo *info;
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  gboolean have_sign = FALSE;
  gboolean have_affix = FALSE;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = currency_lookup (currency);
  if (info == NULL)
    return set_unknown_currency (error, currency);

  if (!g_utf8_validate (text, -1, NULL))
    return set_invalid (error, text);

  p = text;
  end = text + strlen (text);
  trim (&p, &end);

  /* Accountants write a negative amount in parentheses. */
  if (end - p >= 2 && *p == '(' && end[-1] == ')')
    {
      negative = have_sign = TRUE;
      p++;
      end--;
      trim (&p, &end);
    }

  /* The sign may stand on either side of the symbol, the symbol on either
   * side of the number: "-€ 5", "€ -5" (nl_NL), "CHF- 5" (de_CH), "5 €-". */
  if (!have_sign && (len = sign_length (p, end, &negative)) > 0)
    {
      have_sign = TRUE;
      p += len;
      trim (&p, &end);
    }
  if ((len = affix_length_at_start (p, end, info)) > 0)
    {
      have_affix = TRUE;
      p += len;
      trim (&p, &end);
      if (!have_sign && (len = sign_length (p, end, &negative)) > 0)
        {
          have_sign = TRUE;
          p += len;
          trim (&p, &end);
        }
    }
  if (!have_sign && (len = sign_length_before (p, end, &negative)) > 0)
    {
      have_sign = TRUE;
      end -= len;
      trim (&p, &end);
    }
  if (!have_affix && (len = affix_length_at_end (p, end, info)) > 0)
    {
      end -= len;
      trim (&p, &end);
      if (!have_sign && (len = sign_length_before (p, end, &negative)) > 0)
        {
          end -= len;
          trim (&p, &end);
        }
    }

  if (mentions_other_currency (p, end, info))
    {
      g_autofree char *quoted = retour_core_quote_input (text);

      g_set_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_CURRENCY,
                   _("“%s” is not an amount in %s"), quoted, info->code);
      return FALSE;
    }

  return parse_number (text, p, end, info, negative, out, error);
}

gboolean
retour_money_from_double (double        value,
                          const char   *currency,
                          RetourMoney  *out,
                          GError      **error)
{
  const CurrencyInfo *info;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  gssize int_digits = 0;
  gint64 exponent = 0;
  gint64 minor;
  const char *p;

  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = currency_lookup (currency);
  if (info == NULL)
    return set_unknown_currency (error, currency);

  if (!isfinite (value))
    {
      g_set_error_literal (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_INVALID,
                           _("The amount is not a number"));
      return FALSE;
    }

  /* The shortest decimal that reads back as the same double is what the
   * shop typed: 19.95 and not 19.949999999999999, 1.005 and not
   * 1.00499999999999989. Up to 15 digits always suffice for that when the
   * shop typed 15 or fewer; 17 always read back. */
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  /* The form is fixed: [-]digits[.digits][e[+-]digits]. */
  p = buffer;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      g_string_append_c (digits, *p);
      int_digits++;
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        g_string_append_c (digits, *p);
    }
  if (*p == 'e' || *p == 'E')
    {
      exponent = g_ascii_strtoll (p + 1, NULL, 10);
    }

  if (!digits_to_minor (digits->str, digits->len,
                        int_digits + (gssize) exponent + info->exponent,
                        negative, &minor))
    return set_overflow (error, buffer);

  *out = retour_money_init (minor, info->code);

  return TRUE;
}

/* Arithmetic --------------------------------------------------------------- */

static gboolean
check_same_currency (RetourMoney   a,
                     RetourMoney   b,
                     GError      **error)
{
  if (strcmp (a.currency, b.currency) == 0)
    return TRUE;

  g_set_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_MISMATCH,
               _("An amount in %s cannot be combined with one in %s"),
               a.currency, b.currency);

  return FALSE;
}

static gboolean
set_result_overflow (GError **error)
{
  g_set_error_literal (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW,
                       _("The result is too large an amount"));

  return FALSE;
}

gboolean
retour_money_add (RetourMoney   a,
                  RetourMoney   b,
                  RetourMoney  *out,
                  GError      **error)
{
  gint64 sum;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_add_overflow (a.minor, b.minor, &sum))
    return set_result_overflow (error);

  *out = a;
  out->minor = sum;

  return TRUE;
}

gboolean
retour_money_subtract (RetourMoney   a,
                       RetourMoney   b,
                       RetourMoney  *out,
                       GError      **error)
{
  gint64 difference;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_sub_overflow (a.minor, b.minor, &difference))
    return set_result_overflow (error);

  *out = a;
  out->minor = difference;

  return TRUE;
}

gboolean
retour_money_multiply (RetourMoney   a,
                       gint64        factor,
                       RetourMoney  *out,
                       GError      **error)
{
  gint64 product;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_mul_overflow (a.minor, factor, &product))
    return set_result_overflow (error);

  *out = a;
  out->minor = product;

  return TRUE;
}

RetourMoney
retour_money_percentage (RetourMoney money,
                         guint       basis_points)
{
  gint64 whole;
  gint64 rest;
  gint64 part;

  g_return_val_if_fail (basis_points <= 10000, money);

  /* Split so that nothing overflows: |whole * bp| <= |minor| and
   * |rest * bp| < 10^8. */
  whole = money.minor / 10000;
  rest = money.minor % 10000;
  part = rest * (gint64) basis_points;
  part = (part >= 0 ? part + 5000 : part - 5000) / 10000;

  money.minor = whole * (gint64) basis_points + part;

  return money;
}

int
retour_money_compare (RetourMoney a,
                      RetourMoney b)
{
  int by_currency = strcmp (a.currency, b.currency);

  if (by_currency != 0)
    return by_currency;

  return (a.minor > b.minor) - (a.minor < b.minor);
}

/* Formatting -------------------------------------------------------------- */

/* The magnitude split at the decimal point; G_MININT64 has no positive
 * counterpart in gint64, hence the unsigned arithmetic. */
static void
split_minor (gint64   minor,
             int      exponent,
             guint64 *units,
             guint64 *fraction)
{
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64 scale = (guint64) powers_of_ten[exponent];

  *units = magnitude / scale;
  *fraction = magnitude % scale;
}

char *
retour_money_to_string (RetourMoney money)
{
  int exponent = money_exponent (money);
  guint64 units;
  guint64 fraction;

  split_minor (money.minor, exponent, &units, &fraction);

  if (exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, money.minor < 0 ? "-" : "", units);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          money.minor < 0 ? "-" : "", units, exponent, fraction);
}

/* What a locale says about writing money (the lconv fields), in UTF-8. */
typedef struct
{
  char *decimal_point;
  char *thousands_sep;
  char *grouping;
  char *positive_sign;
  char *negative_sign;
  int   p_cs_precedes;
  int   p_sep_by_space;
  int   p_sign_posn;
  int   n_cs_precedes;
  int   n_sep_by_space;
  int   n_sign_posn;
} Conventions;

static void
conventions_clear (Conventions *conventions)
{
  g_free (conventions->decimal_point);
  g_free (conventions->thousands_sep);
  g_free (conventions->grouping);
  g_free (conventions->positive_sign);
  g_free (conventions->negative_sign);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conventions, conventions_clear)

/* @locale (locale_t) 0 means the calling thread's current locale.
 *
 * nl_langinfo_l() rather than localeconv(): glibc's localeconv() fills one
 * static struct shared by every thread, so two threads formatting at once
 * could read each other's conventions, and uselocale() would not help. */
static const char *
langinfo (nl_item  item,
          locale_t locale)
{
  return locale != (locale_t) 0 ? nl_langinfo_l (item, locale) : nl_langinfo (item);
}

/* A numeric lconv field; CHAR_MAX (or, as a plain char, -1) means the
 * locale does not say, and @fallback is used. */
static int
langinfo_int (nl_item  item,
              locale_t locale,
              int      max,
              int      fallback)
{
  int value = (signed char) langinfo (item, locale)[0];

  return value >= 0 && value <= max ? value : fallback;
}

static char *
langinfo_utf8 (nl_item     item,
               locale_t    locale,
               const char *codeset,
               const char *fallback)
{
  const char *value = langinfo (item, locale);
  char *converted;

  if (g_utf8_validate (value, -1, NULL))
    return g_strdup (value);

  /* A legacy locale such as fr_FR@euro (ISO 8859-15). */
  converted = g_convert (value, -1, "UTF-8", codeset, NULL, NULL, NULL);

  return converted != NULL ? converted : g_strdup (fallback);
}

static void
conventions_read (Conventions *conventions,
                  locale_t     locale)
{
  const char *codeset = langinfo (CODESET, locale);

  conventions->decimal_point = langinfo_utf8 (MON_DECIMAL_POINT, locale, codeset, ".");
  conventions->thousands_sep = langinfo_utf8 (MON_THOUSANDS_SEP, locale, codeset, " ");
  conventions->grouping = g_strdup (langinfo (MON_GROUPING, locale));
  conventions->positive_sign = langinfo_utf8 (POSITIVE_SIGN, locale, codeset, "");
  conventions->negative_sign = langinfo_utf8 (NEGATIVE_SIGN, locale, codeset, "-");

  /* The C locale says nothing at all; "-1234.50 €" reads well anywhere. */
  conventions->p_cs_precedes = langinfo_int (P_CS_PRECEDES, locale, 1, 0);
  conventions->n_cs_precedes = langinfo_int (N_CS_PRECEDES, locale, 1, 0);
  conventions->p_sep_by_space = langinfo_int (P_SEP_BY_SPACE, locale, 2, 1);
  conventions->n_sep_by_space = langinfo_int (N_SEP_BY_SPACE, locale, 2, 1);
  conventions->p_sign_posn = langinfo_int (P_SIGN_POSN, locale, 4, 1);
  conventions->n_sign_posn = langinfo_int (N_SIGN_POSN, locale, 4, 1);

  if (conventions->decimal_point[0] == '\0')
    {
      g_free (conventions->decimal_point);
      conventions->decimal_point = g_strdup (".");
    }
  if (conventions->negative_sign[0] == '\0')
    {
      g_free (conventions->negative_sign);
      conventions->negative_sign = g_strdup ("-");
    }
}

/* Digits grouped from the right: mon_grouping gives the size of each
 * group, the last size repeats, CHAR_MAX (or a negative char) stops. */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *grouping,
                const char *separator)
{
  gsize n_digits = strlen (digits);
  gsize breaks[32];   /* offsets where a separator goes; 20 digits at most */
  guint n_breaks = 0;
  gsize remaining = n_digits;
  guint index = 0;

  if (separator[0] != '\0')
    {
      while (grouping[index] != '\0' && n_breaks < G_N_ELEMENTS (breaks))
        {
          int size = (signed char) grouping[index];

          if (size <= 0 || size == SCHAR_MAX || remaining <= (gsize) size)
            break;

          remaining -= (gsize) size;
          breaks[n_breaks++] = remaining;
          if (grouping[index + 1] != '\0')
            index++;
        }
    }

  for (gsize i = 0; i < n_digits; i++)
    {
      if (n_breaks > 0 && breaks[n_breaks - 1] == i)
        {
          g_string_append (out, separator);
          n_breaks--;
        }
      g_string_append_c (out, digits[i]);
    }
}

/* Puts value, symbol and sign together as C99 7.11.2.1 describes
 * cs_precedes, sep_by_space and sign_posn. */
static char *
compose (const char *value,
         const char *symbol,
         const char *sign,
         gboolean    cs_precedes,
         int         sep_by_space,
         int         sign_posn)
{
  GString *out = g_string_new (NULL);
  const char *space = sep_by_space != 0 ? " " : "";

  if (symbol[0] == '\0')
    {
      if (sign_posn == 0 && sign[0] != '\0')
        g_string_append_printf (out, "(%s)", value);
      else if (sign_posn == 2)
        g_string_append_printf (out, "%s%s", value, sign);
      else
        g_string_append_printf (out, "%s%s", sign, value);

      return g_string_free (out, FALSE);
    }

  if (sign_posn == 0 && sign[0] != '\0')
    {
      if (cs_precedes)
        g_string_append_printf (out, "(%s%s%s)", symbol, space, value);
      else
        g_string_append_printf (out, "(%s%s%s)", value, space, symbol);

      return g_string_free (out, FALSE);
    }

  if (sign[0] == '\0' || sign_posn == 0)
    {
      if (cs_precedes)
        g_string_append_printf (out, "%s%s%s", symbol, space, value);
      else
        g_string_append_printf (out, "%s%s%s", value, space, symbol);

      return g_string_free (out, FALSE);
    }

  if (cs_precedes)
    {
      switch (sign_posn)
        {
        case 1:   /* sign symbol value */
        case 3:
          if (sep_by_space == 2)
            g_string_append_printf (out, "%s %s%s", sign, symbol, value);
          else
            g_string_append_printf (out, "%s%s%s%s", sign, symbol, space, value);
          break;

        case 2:   /* symbol value sign */
          if (sep_by_space == 2)
            g_string_append_printf (out, "%s%s %s", symbol, value, sign);
          else
            g_string_append_printf (out, "%s%s%s%s", symbol, space, value, sign);
          break;

        case 4:   /* symbol sign value */
        default:
          if (sep_by_space == 2)
            g_string_append_printf (out, "%s %s%s", symbol, sign, value);
          else
            g_string_append_printf (out, "%s%s%s%s", symbol, sign, space, value);
          break;
        }
    }
  else
    {
      switch (sign_posn)
        {
        case 2:   /* value symbol sign */
        case 4:
          if (sep_by_space == 2)
            g_string_append_printf (out, "%s%s %s", value, symbol, sign);
          else
            g_string_append_printf (out, "%s%s%s%s", value, space, symbol, sign);
          break;

        case 3:   /* value sign symbol */
          if (sep_by_space == 2)
            g_string_append_printf (out, "%s%s %s", value, sign, symbol);
          else
            g_string_append_printf (out, "%s%s%s%s", value, space, sign, symbol);
          break;

        case 1:   /* sign value symbol */
        default:
          if (sep_by_space == 2)
            g_string_append_printf (out, "%s %s%s", sign, value, symbol);
          else
            g_string_append_printf (out, "%s%s%s%s", sign, value, space, symbol);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

static char *
format_with (RetourMoney  money,
             locale_t     locale)
{
  g_auto(Conventions) conventions = { 0 };
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *units_text = NULL;
  int exponent = money_exponent (money);
  gboolean negative = money.minor < 0;
  guint64 units;
  guint64 fraction;

  conventions_read (&conventions, locale);
  split_minor (money.minor, exponent, &units, &fraction);

  units_text = g_strdup_printf ("%" G_GUINT64_FORMAT, units);
  append_grouped (value, units_text, conventions.grouping, conventions.thousands_sep);
  if (exponent > 0)
    g_string_append_printf (value, "%s%0*" G_GUINT64_FORMAT,
                            conventions.decimal_point, exponent, fraction);

  /* The amount's own symbol, never the locale's: a German shop selling in
   * złoty writes "1.234,50 zł". */
  return compose (value->str,
                  money.currency[0] != '\0' ? retour_currency_symbol (money.currency) : "",
                  negative ? conventions.negative_sign : conventions.positive_sign,
                  negative ? conventions.n_cs_precedes : conventions.p_cs_precedes,
                  negative ? conventions.n_sep_by_space : conventions.p_sep_by_space,
                  negative ? conventions.n_sign_posn : conventions.p_sign_posn);
}

char *
retour_money_format (RetourMoney money)
{
  return format_with (money, (locale_t) 0);
}

char *
retour_money_format_for_locale (RetourMoney  money,
                                const char  *locale)
{
  locale_t handle;
  char *formatted;

  g_return_val_if_fail (locale != NULL, NULL);

  /* LC_CTYPE too, so that CODESET tells which charset the strings are in. */
  handle = newlocale (LC_CTYPE_MASK | LC_MONETARY_MASK, locale, (locale_t) 0);
  if (handle == (locale_t) 0)
    return format_with (money, (locale_t) 0);

  formatted = format_with (money, handle);
  freelocale (handle);

  return formatted;
}
