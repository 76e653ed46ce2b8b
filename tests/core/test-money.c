/* test-money.c — amounts as shops and people write them, arithmetic, and
 * money shown the way each locale writes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-money"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <monetary.h>
#include <string.h>

#include "retour-core.h"

typedef struct
{
  const char *text;
  const char *currency;
  gint64      minor;
} ParseCase;

static void
check_parse (const ParseCase *c)
{
  g_autoptr(GError) error = NULL;
  RetourMoney money = { 0, "" };

  if (!retour_money_parse (c->text, c->currency, &money, &error))
    {
      g_test_fail_printf ("“%s” in %s: %s", c->text, c->currency, error->message);
      return;
    }

  if (money.minor != c->minor || g_ascii_strcasecmp (money.currency, c->currency) != 0)
    g_test_fail_printf ("“%s” in %s: got %" G_GINT64_FORMAT " %s, expected %" G_GINT64_FORMAT,
                        c->text, c->currency, money.minor, money.currency, c->minor);
}

static void
check_parse_fails (const char *text,
                   const char *currency,
                   int         code)
{
  g_autoptr(GError) error = NULL;
  RetourMoney money = retour_money_init (42, "EUR");

  if (retour_money_parse (text, currency, &money, &error))
    {
      g_autofree char *shown = g_utf8_make_valid (text, MIN (strlen (text), 60));

      g_test_fail_printf ("“%s” in %s parsed as %" G_GINT64_FORMAT ", expected an error",
                          shown, currency, money.minor);
      return;
    }

  g_assert_error (error, RETOUR_MONEY_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 200);
  /* A failed parse leaves the output alone. */
  g_assert_cmpint (money.minor, ==, 42);
}

static void
test_currency_table (void)
{
  g_assert_cmpint (retour_currency_exponent ("EUR"), ==, 2);
  g_assert_cmpint (retour_currency_exponent ("PLN"), ==, 2);
  g_assert_cmpint (retour_currency_exponent ("JPY"), ==, 0);
  g_assert_cmpint (retour_currency_exponent ("KWD"), ==, 3);
  g_assert_cmpint (retour_currency_exponent ("BHD"), ==, 3);
  g_assert_cmpint (retour_currency_exponent ("eur"), ==, 2);
  /* Beyond the currencies with a symbol: every ISO 4217 currency in use
   * that a storefront may sell in (WooCommerce offers AED, Shopify CLP). */
  g_assert_cmpint (retour_currency_exponent ("AED"), ==, 2);
  g_assert_cmpint (retour_currency_exponent ("CLP"), ==, 0);
  g_assert_cmpint (retour_currency_exponent ("XOF"), ==, 0);
  g_assert_cmpint (retour_currency_exponent ("TND"), ==, 3);
  g_assert_true (retour_currency_is_valid ("MAD"));
  g_assert_true (retour_currency_is_valid ("vnd"));
  g_assert_cmpstr (retour_currency_symbol ("AED"), ==, "AED");
  g_assert_cmpint (retour_currency_exponent ("XYZ"), ==, -1);
  g_assert_cmpint (retour_currency_exponent ("EURO"), ==, -1);
  g_assert_cmpint (retour_currency_exponent ("EU"), ==, -1);
  g_assert_cmpint (retour_currency_exponent (""), ==, -1);
  g_assert_cmpint (retour_currency_exponent (NULL), ==, -1);

  for (const char * const *code = (const char * const[]) {
         "EUR", "PLN", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "CZK", "HUF", "JPY", "KWD", "BHD", NULL };
       *code != NULL; code++)
    g_assert_true (retour_currency_is_valid (*code));
  g_assert_false (retour_currency_is_valid ("E1R"));
  g_assert_false (retour_currency_is_valid ("\xff\xfe\xfd"));

  g_assert_cmpstr (retour_currency_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (retour_currency_symbol ("PLN"), ==, "zł");
  g_assert_cmpstr (retour_currency_symbol ("USD"), ==, "$");
  g_assert_cmpstr (retour_currency_symbol ("GBP"), ==, "£");
  g_assert_cmpstr (retour_currency_symbol ("CHF"), ==, "CHF");
  g_assert_cmpstr (retour_currency_symbol ("SEK"), ==, "kr");
  g_assert_cmpstr (retour_currency_symbol ("CZK"), ==, "Kč");
  g_assert_cmpstr (retour_currency_symbol ("HUF"), ==, "Ft");
  g_assert_cmpstr (retour_currency_symbol ("JPY"), ==, "¥");
  g_assert_cmpstr (retour_currency_symbol ("KWD"), ==, "KWD");
  g_assert_cmpstr (retour_currency_symbol ("XYZ"), ==, "XYZ");
}

static void
test_init (void)
{
  RetourMoney money = retour_money_init (1995, "eur");

  g_assert_cmpint (money.minor, ==, 1995);
  g_assert_cmpstr (money.currency, ==, "EUR");
  g_assert_false (retour_money_is_zero (money));
  g_assert_true (retour_money_is_zero (retour_money_init (0, "EUR")));
}

static void
test_parse_formats (void)
{
  static const ParseCase cases[] = {
    /* Every form the header names. */
    { "19.95", "EUR", 1995 },
    { "19,95", "EUR", 1995 },
    { "1.234,50", "EUR", 123450 },
    { "1234.50", "AED", 123450 },
    { "1234.567", "KWD", 1234567 },
    { "1234", "XOF", 1234 },
    { "1234.00", "CLP", 1234 },
    { "1,234.50", "EUR", 123450 },
    { "1 234,50", "EUR", 123450 },
    { "-5", "EUR", -500 },
    { "€ 12,50", "EUR", 1250 },
    { "12.50 EUR", "EUR", 1250 },
    /* One kind repeated groups; a single one is the decimal separator. */
    { "1.234.567", "EUR", 123456700 },
    { "1,234,567", "EUR", 123456700 },
    { "1.234.567,89", "EUR", 123456789 },
    { "1,5", "EUR", 150 },
    { "1.234", "EUR", 123 },
    /* The spaces locales and spreadsheets group with. */
    { "1\u00a0234,50", "EUR", 123450 },
    { "1\u202f234,50", "EUR", 123450 },
    { "1\u2009234\u2009567,00", "EUR", 123456700 },
    { "1'234.50", "CHF", 123450 },
    { "1’234.50", "CHF", 123450 },
    { "12,34,567.00", "EUR", 123456700 },
    /* Symbols and codes of the amount's currency, on either side. */
    { "€12,50", "EUR", 1250 },
    { "12,50€", "EUR", 1250 },
    { "12,50 €", "EUR", 1250 },
    { "EUR 12.50", "EUR", 1250 },
    { "eur 12.50", "EUR", 1250 },
    { "12.50EUR", "EUR", 1250 },
    { "12,50 zł", "PLN", 1250 },
    { "1 234,50 zł", "PLN", 123450 },
    { "PLN 7", "PLN", 700 },
    { "kr 99,95", "SEK", 9995 },
    { "99,95 kr.", "DKK", 9995 },
    { "99,95 kr", "DKK", 9995 },
    { "£3.99", "GBP", 399 },
    { "$1,234.50", "USD", 123450 },
    { "US$ 5", "USD", 500 },
    { "1 234,50 Kč", "CZK", 123450 },
    { "1 990 Ft", "HUF", 199000 },
    /* Signs where locales put them. */
    { "+3", "EUR", 300 },
    { "\u22123,00", "EUR", -300 },
    { "-€ 12,50", "EUR", -1250 },
    { "€ -1.234,50", "EUR", -123450 },
    { "-1.234,50 €", "EUR", -123450 },
    { "12,50 €-", "EUR", -1250 },
    { "12,50-", "EUR", -1250 },
    { "CHF- 1’234.50", "CHF", -123450 },
    { "(12.50)", "EUR", -1250 },
    { "(€ 12,50)", "EUR", -1250 },
    /* Leading and trailing blanks, and a lone separator at an edge. */
    { "  19.95\t", "EUR", 1995 },
    { "\u00a019.95\u00a0", "EUR", 1995 },
    { ".5", "EUR", 50 },
    { ",05", "EUR", 5 },
    { "5.", "EUR", 500 },
    { "0", "EUR", 0 },
    { "-0", "EUR", 0 },
    { "007", "EUR", 700 },
    /* More decimals than the currency: half away from zero. */
    { "24.793388", "EUR", 2479 },
    { "0.07", "EUR", 7 },
    { "2.675", "EUR", 268 },
    { "2.665", "EUR", 267 },
    { "2.6649999", "EUR", 266 },
    { "-2.675", "EUR", -268 },
    { "0.005", "EUR", 1 },
    { "-0.005", "EUR", -1 },
    { "0.0049", "EUR", 0 },
    { "-0.004", "EUR", 0 },
    /* Currencies with other exponents. */
    { "1995", "JPY", 1995 },
    { "¥1,234", "JPY", 1234 },
    { "￥1,234", "JPY", 1234 },
    { "1.234.567", "JPY", 1234567 },
    { "19.5", "JPY", 20 },
    { "1,5", "JPY", 2 },
    { "1.2345", "KWD", 1235 },
    { "1,234.5", "KWD", 1234500 },
    { "1.234", "KWD", 1234 },
    { "0.0005", "BHD", 1 },
    /* The ends of gint64. */
    { "92233720368547758.07", "EUR", G_MAXINT64 },
    { "-92233720368547758.07", "EUR", -G_MAXINT64 },
    { "9223372036854775807", "JPY", G_MAXINT64 },
    { "9223372036854775806.5", "JPY", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_parse (&cases[i]);
}

static void
test_parse_long (void)
{
  g_autofree char *zeros = g_strnfill (10000, '0');
  g_autofree char *padded = g_strconcat (zeros, "12,50", NULL);
  g_autofree char *nines = g_strnfill (10000, '9');
  g_autofree char *long_fraction = g_strconcat ("1.", nines, NULL);
  g_autofree char *long_fraction_down = g_strconcat ("1.00", zeros, "9", NULL);
  RetourMoney money;

  g_assert_true (retour_money_parse (padded, "EUR", &money, NULL));
  g_assert_cmpint (money.minor, ==, 1250);

  /* 1.999… rounds up into the next unit. */
  g_assert_true (retour_money_parse (long_fraction, "EUR", &money, NULL));
  g_assert_cmpint (money.minor, ==, 200);

  g_assert_true (retour_money_parse (long_fraction_down, "EUR", &money, NULL));
  g_assert_cmpint (money.minor, ==, 100);

  g_assert_true (retour_money_parse (zeros, "EUR", &money, NULL));
  g_assert_cmpint (money.minor, ==, 0);
}

static void
test_parse_garbage (void)
{
  static const char * const invalid[] = {
    "", "   ", "abc", "€", "-", "+", ".", ",", "()", "( )",
    "12,3,4", "1,2,3.4.5", "1.2.3", "1,234.5,6", "1.234,567,89", "1.234.5",
    "12..5", "12,,5", "1..", "..1", "1.,2", "--5", "+-5", "5-5", "-5-",
    "1 2", "12 50", "1 2345", "1  234", " 1 234 567 8", "1'23", "1'234 567",
    "1 234.567,89", "12€34", "€12€", "€ 12 EUR", "EUR12EUR", "EURO 12", "12 EURO",
    "1e2", "1E2", "0x10", "NaN", "nan", "inf", "-inf", "Infinity",
    "١٢٣", "１２３", "12.50.", "12_50", "12;50", "½", "12\n50", "5%",
    "1,2345.67", "1.23,45",
  };
  g_autofree char *letters = g_strnfill (10000, 'x');
  g_autofree char *many_groups = NULL;
  g_autoptr(GString) groups = g_string_new ("1");

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    check_parse_fails (invalid[i], "EUR", RETOUR_MONEY_ERROR_INVALID);

  /* Not text at all. */
  check_parse_fails ("\xff\xfe" "12", "EUR", RETOUR_MONEY_ERROR_INVALID);
  check_parse_fails ("12\xc3", "EUR", RETOUR_MONEY_ERROR_INVALID);
  check_parse_fails ("\xe2\x82", "EUR", RETOUR_MONEY_ERROR_INVALID);
  check_parse_fails ("1\xc0\xaf" "5", "EUR", RETOUR_MONEY_ERROR_INVALID);

  check_parse_fails (letters, "EUR", RETOUR_MONEY_ERROR_INVALID);

  for (guint i = 0; i < 3000; i++)
    g_string_append (groups, ".000");
  g_string_append (groups, ",5.");
  many_groups = g_strdup (groups->str);
  check_parse_fails (many_groups, "EUR", RETOUR_MONEY_ERROR_INVALID);
}

static void
test_parse_overflow (void)
{
  g_autofree char *nines = g_strnfill (10000, '9');
  g_autoptr(GString) grouped = g_string_new ("1");

  check_parse_fails (nines, "EUR", RETOUR_MONEY_ERROR_OVERFLOW);
  check_parse_fails ("92233720368547758.08", "EUR", RETOUR_MONEY_ERROR_OVERFLOW);
  check_parse_fails ("92233720368547758.075", "EUR", RETOUR_MONEY_ERROR_OVERFLOW);
  check_parse_fails ("-92233720368547758.08", "EUR", RETOUR_MONEY_ERROR_OVERFLOW);
  check_parse_fails ("9223372036854775808", "JPY", RETOUR_MONEY_ERROR_OVERFLOW);
  check_parse_fails ("9223372036854775807", "EUR", RETOUR_MONEY_ERROR_OVERFLOW);

  for (guint i = 0; i < 2000; i++)
    g_string_append (grouped, ".000");
  check_parse_fails (grouped->str, "EUR", RETOUR_MONEY_ERROR_OVERFLOW);
}

static void
test_parse_currency (void)
{
  g_autoptr(GError) error = NULL;
  RetourMoney money;

  /* Another currency's code or symbol is not silently dropped. */
  check_parse_fails ("12.50 USD", "EUR", RETOUR_MONEY_ERROR_CURRENCY);
  check_parse_fails ("$12", "EUR", RETOUR_MONEY_ERROR_CURRENCY);
  check_parse_fails ("12,50 zł", "EUR", RETOUR_MONEY_ERROR_CURRENCY);
  check_parse_fails ("€ 12,50", "PLN", RETOUR_MONEY_ERROR_CURRENCY);

  /* An unknown currency to parse in. */
  check_parse_fails ("12.50", "XYZ", RETOUR_MONEY_ERROR_CURRENCY);
  check_parse_fails ("12.50", "", RETOUR_MONEY_ERROR_CURRENCY);
  check_parse_fails ("12.50", "EURO", RETOUR_MONEY_ERROR_CURRENCY);
  check_parse_fails ("12.50", "\xff\xfe\xfd", RETOUR_MONEY_ERROR_CURRENCY);

  g_assert_false (retour_money_parse ("12.50 USD", "EUR", &money, &error));
  g_assert_nonnull (strstr (error->message, "EUR"));
}

static void
check_from_double (double      value,
                   const char *currency,
                   gint64      expected)
{
  g_autoptr(GError) error = NULL;
  RetourMoney money = { 0, "" };

  if (!retour_money_from_double (value, currency, &money, &error))
    g_test_fail_printf ("%.17g %s: %s", value, currency, error->message);
  else if (money.minor != expected)
    g_test_fail_printf ("%.17g %s: got %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                        value, currency, money.minor, expected);
}

static void
test_from_double (void)
{
  g_autoptr(GError) error = NULL;
  RetourMoney money;

  /* WooCommerce's JSON numbers. */
  check_from_double (19.95, "EUR", 1995);
  check_from_double (0.07, "EUR", 7);
  check_from_double (1e2, "EUR", 10000);
  check_from_double (-19.95, "EUR", -1995);
  check_from_double (24.793388, "EUR", 2479);
  check_from_double (0.0, "EUR", 0);
  check_from_double (-0.0, "EUR", 0);
  check_from_double (1e-10, "EUR", 0);
  check_from_double (9.2e16, "EUR", G_GINT64_CONSTANT (9200000000000000000));
  check_from_double (1234.5, "JPY", 1235);
  check_from_double (1.2345, "KWD", 1235);

  /* Sums of doubles land near, not on, the cents. */
  check_from_double (0.1 + 0.2, "EUR", 30);
  check_from_double (1.1 + 2.2, "EUR", 330);
  check_from_double (19.95 * 3, "EUR", 5985);

  /* The shortest decimal decides, not the binary value: 1.005 is stored
   * as 1.00499999999999989…, but the shop wrote 1.005. */
  check_from_double (1.005, "EUR", 101);
  check_from_double (2.675, "EUR", 268);
  check_from_double (0.615, "EUR", 62);
  check_from_double (8.675, "EUR", 868);
  check_from_double (-1.005, "EUR", -101);

  /* Every cent amount up to € 2,000 survives the trip through a double,
   * however it was computed. */
  for (gint64 cents = 0; cents <= 200000; cents++)
    {
      RetourMoney a;
      RetourMoney b;

      g_assert_true (retour_money_from_double ((double) cents / 100.0, "EUR", &a, NULL));
      g_assert_true (retour_money_from_double ((double) cents * 0.01, "EUR", &b, NULL));
      if (a.minor != cents || b.minor != cents)
        {
          g_test_fail_printf ("%" G_GINT64_FORMAT " cents came back as %" G_GINT64_FORMAT
                              " and %" G_GINT64_FORMAT, cents, a.minor, b.minor);
          break;
        }
    }

  g_assert_false (retour_money_from_double (NAN, "EUR", &money, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (retour_money_from_double (INFINITY, "EUR", &money, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (retour_money_from_double (1e20, "EUR", &money, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (retour_money_from_double (-1e300, "EUR", &money, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (retour_money_from_double (1.0, "XYZ", &money, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_CURRENCY);
}

static void
test_arithmetic (void)
{
  g_autoptr(GError) error = NULL;
  RetourMoney a = retour_money_init (1995, "EUR");
  RetourMoney b = retour_money_init (-500, "EUR");
  RetourMoney out;

  g_assert_true (retour_money_add (a, b, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out.minor, ==, 1495);
  g_assert_cmpstr (out.currency, ==, "EUR");

  g_assert_true (retour_money_subtract (a, b, &out, &error));
  g_assert_cmpint (out.minor, ==, 2495);

  g_assert_true (retour_money_multiply (a, 3, &out, &error));
  g_assert_cmpint (out.minor, ==, 5985);
  g_assert_true (retour_money_multiply (a, -2, &out, &error));
  g_assert_cmpint (out.minor, ==, -3990);

  /* Two currencies never mix. */
  out = retour_money_init (7, "EUR");
  g_assert_false (retour_money_add (a, retour_money_init (100, "PLN"), &out, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_MISMATCH);
  g_assert_cmpint (out.minor, ==, 7);
  g_clear_error (&error);
  g_assert_false (retour_money_subtract (a, retour_money_init (100, "USD"), &out, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_MISMATCH);
  g_clear_error (&error);

  /* Overflow is an error, never a wrapped amount. */
  g_assert_false (retour_money_add (retour_money_init (G_MAXINT64, "EUR"),
                                    retour_money_init (1, "EUR"), &out, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);
  g_assert_false (retour_money_subtract (retour_money_init (G_MININT64, "EUR"),
                                         retour_money_init (1, "EUR"), &out, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);
  g_assert_false (retour_money_multiply (retour_money_init (G_MAXINT64 / 2 + 1, "EUR"), 2, &out, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);
  g_assert_false (retour_money_multiply (retour_money_init (G_MININT64, "EUR"), -1, &out, &error));
  g_assert_error (error, RETOUR_MONEY_ERROR, RETOUR_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_true (retour_money_add (retour_money_init (G_MAXINT64 - 1, "EUR"),
                                   retour_money_init (1, "EUR"), &out, NULL));
  g_assert_cmpint (out.minor, ==, G_MAXINT64);
}

static void
test_percentage (void)
{
  static const struct { gint64 minor; guint basis_points; gint64 expected; } cases[] = {
    { 10000, 1500, 1500 },
    { 1995, 1500, 299 },        /* 299.25 */
    { 1999, 2500, 500 },        /* 499.75 */
    { -1999, 2500, -500 },
    { 5, 5000, 3 },             /* 2.5: away from zero */
    { -5, 5000, -3 },
    { 15, 3333, 5 },            /* 4.9995 */
    { 1995, 0, 0 },
    { 1995, 10000, 1995 },
    { G_MAXINT64, 10000, G_MAXINT64 },
    { G_MAXINT64, 5000, G_MAXINT64 / 2 + 1 },
    { G_MININT64, 10000, G_MININT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RetourMoney result = retour_money_percentage (retour_money_init (cases[i].minor, "EUR"),
                                                    cases[i].basis_points);

      g_assert_cmpint (result.minor, ==, cases[i].expected);
      g_assert_cmpstr (result.currency, ==, "EUR");
    }
}

static void
test_compare (void)
{
  RetourMoney small = retour_money_init (100, "EUR");
  RetourMoney big = retour_money_init (200, "EUR");

  g_assert_cmpint (retour_money_compare (small, big), <, 0);
  g_assert_cmpint (retour_money_compare (big, small), >, 0);
  g_assert_cmpint (retour_money_compare (small, small), ==, 0);
  g_assert_cmpint (retour_money_compare (retour_money_init (G_MININT64, "EUR"),
                                         retour_money_init (G_MAXINT64, "EUR")), <, 0);
  /* Mixed currencies sort by code, whatever the amounts. */
  g_assert_cmpint (retour_money_compare (retour_money_init (999999, "EUR"),
                                         retour_money_init (1, "PLN")), <, 0);
}

static void
test_to_string (void)
{
  static const struct { gint64 minor; const char *currency; const char *text; } cases[] = {
    { 1995, "EUR", "19.95" },
    { -5, "EUR", "-0.05" },
    { 0, "EUR", "0.00" },
    { 123456789, "EUR", "1234567.89" },
    { 1234, "JPY", "1234" },
    { -1234, "JPY", "-1234" },
    { 1234, "KWD", "1.234" },
    { 5, "BHD", "0.005" },
    { G_MAXINT64, "EUR", "92233720368547758.07" },
    { G_MININT64, "EUR", "-92233720368547758.08" },
    { 1995, "XYZ", "19.95" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = retour_money_to_string (retour_money_init (cases[i].minor, cases[i].currency));
      RetourMoney back;

      g_assert_cmpstr (text, ==, cases[i].text);

      /* The plain form reads back exactly. */
      if (retour_currency_is_valid (cases[i].currency) && cases[i].minor != G_MININT64)
        {
          g_assert_true (retour_money_parse (text, cases[i].currency, &back, NULL));
          g_assert_cmpint (back.minor, ==, cases[i].minor);
        }
    }
}

static gboolean
have_locale (const char *name)
{
  locale_t locale = newlocale (LC_ALL_MASK, name, (locale_t) 0);

  if (locale == (locale_t) 0)
    return FALSE;

  freelocale (locale);

  return TRUE;
}

typedef struct
{
  gint64      minor;
  const char *currency;
  const char *expected;
} FormatCase;

typedef struct
{
  const char       *locale;
  const FormatCase *cases;
} LocaleCases;

/* What glibc 2.36's locale data say; spaces between amount and symbol are
 * plain spaces, as in strfmon(). */
static const FormatCase de_DE_cases[] = {
  { 123450, "EUR", "1.234,50 €" },
  { -123450, "EUR", "-1.234,50 €" },
  { 123450, "PLN", "1.234,50 zł" },
  { 5, "EUR", "0,05 €" },
  { 0, "EUR", "0,00 €" },
  { 1234567890, "EUR", "12.345.678,90 €" },
  { 123450, "JPY", "123.450 ¥" },
  { 1234, "KWD", "1,234 KWD" },
  { 1999, "CHF", "19,99 CHF" },
  { 0, NULL, NULL },
};

static const FormatCase nl_NL_cases[] = {
  { 123450, "EUR", "€ 1.234,50" },
  { -123450, "EUR", "€ -1.234,50" },
  { 1995, "EUR", "€ 19,95" },
  { 123450, "USD", "$ 1.234,50" },
  { 0, NULL, NULL },
};

/* fr_FR groups with U+202F NARROW NO-BREAK SPACE, in threes only. */
static const FormatCase fr_FR_cases[] = {
  { 123450, "EUR", "1\u202f234,50 €" },
  { -123450, "EUR", "-1\u202f234,50 €" },
  { 123456789, "EUR", "1\u202f234\u202f567,89 €" },
  { 1995, "EUR", "19,95 €" },
  { 0, NULL, NULL },
};

static const FormatCase pl_PL_cases[] = {
  { 123450, "PLN", "1\u202f234,50 zł" },
  { -123450, "PLN", "-1\u202f234,50 zł" },
  { 123450, "EUR", "1\u202f234,50 €" },
  { 0, NULL, NULL },
};

static const FormatCase en_US_cases[] = {
  { 123450, "USD", "$1,234.50" },
  { -123450, "USD", "-$1,234.50" },
  { 123450, "EUR", "€1,234.50" },
  { 0, NULL, NULL },
};

static const FormatCase de_CH_cases[] = {
  { 123450, "CHF", "CHF 1’234.50" },
  { -123450, "CHF", "CHF- 1’234.50" },
  { 0, NULL, NULL },
};

static const LocaleCases locale_cases[] = {
  { "de_DE.UTF-8", de_DE_cases },
  { "nl_NL.UTF-8", nl_NL_cases },
  { "fr_FR.UTF-8", fr_FR_cases },
  { "pl_PL.UTF-8", pl_PL_cases },
  { "en_US.UTF-8", en_US_cases },
  { "de_CH.UTF-8", de_CH_cases },
};

static void
test_format_locale (gconstpointer data)
{
  const LocaleCases *lc = data;

  if (!have_locale (lc->locale))
    {
      g_test_skip_printf ("locale %s is not installed", lc->locale);
      return;
    }

  for (const FormatCase *c = lc->cases; c->currency != NULL; c++)
    {
      RetourMoney money = retour_money_init (c->minor, c->currency);
      g_autofree char *text = retour_money_format_for_locale (money, lc->locale);
      RetourMoney back;

      g_assert_cmpstr (text, ==, c->expected);

      /* What we write, we read. */
      g_assert_true (retour_money_parse (text, c->currency, &back, NULL));
      g_assert_cmpint (back.minor, ==, c->minor);
    }
}

static void
test_format_current_locale (void)
{
  locale_t german;
  locale_t previous;
  g_autofree char *text = NULL;
  g_autofree char *negative = NULL;

  if (!have_locale ("de_DE.UTF-8"))
    {
      g_test_skip ("locale de_DE.UTF-8 is not installed");
      return;
    }

  german = newlocale (LC_ALL_MASK, "de_DE.UTF-8", (locale_t) 0);
  previous = uselocale (german);
  text = retour_money_format (retour_money_init (123450, "EUR"));
  uselocale (previous);
  freelocale (german);

  g_assert_cmpstr (text, ==, "1.234,50 €");

  /* This thread is back in the C locale, which says nothing about money. */
  g_clear_pointer (&text, g_free);
  text = retour_money_format (retour_money_init (123450, "EUR"));
  negative = retour_money_format (retour_money_init (-123450, "EUR"));
  g_assert_cmpstr (text, ==, "1234.50 €");
  g_assert_cmpstr (negative, ==, "-1234.50 €");
}

static void
test_format_missing_locale (void)
{
  g_autofree char *text = retour_money_format_for_locale (retour_money_init (123450, "EUR"),
                                                         "xx_NOWHERE.UTF-8");
  g_autofree char *current = retour_money_format (retour_money_init (123450, "EUR"));

  /* Falls back to the current (here: C) locale. */
  g_assert_cmpstr (text, ==, current);
}

/* Whatever conventions a locale has, the result is what glibc's own
 * strfmon() gives for the locale's own currency. */
static void
test_format_matches_strfmon (void)
{
  static const char * const names[] = {
    "de_DE.UTF-8", "de_AT.UTF-8", "de_CH.UTF-8", "nl_NL.UTF-8", "nl_BE.UTF-8",
    "fr_FR.UTF-8", "fr_BE.UTF-8", "fr_CH.UTF-8", "pl_PL.UTF-8", "en_US.UTF-8",
    "en_GB.UTF-8", "en_IE.UTF-8", "it_IT.UTF-8", "es_ES.UTF-8", "pt_PT.UTF-8",
    "sv_SE.UTF-8", "da_DK.UTF-8", "nb_NO.UTF-8", "cs_CZ.UTF-8", "hu_HU.UTF-8",
    "fi_FI.UTF-8", "ja_JP.UTF-8", "en_IN.UTF-8", "ro_RO.UTF-8",
  };
  static const gint64 amounts[] = { 0, 5, 1995, 123450, -123450, 123456789, -7 };
  guint compared = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      locale_t locale = newlocale (LC_ALL_MASK, names[i], (locale_t) 0);
      locale_t previous;
      char code[4] = { 0 };
      char symbol[16] = { 0 };
      int frac_digits;

      if (locale == (locale_t) 0)
        continue;

      previous = uselocale (locale);
      {
        struct lconv *conv = localeconv ();

        g_strlcpy (code, conv->int_curr_symbol, sizeof code);
        g_strlcpy (symbol, conv->currency_symbol, sizeof symbol);
        frac_digits = conv->frac_digits;
      }
      uselocale (previous);

      if (retour_currency_is_valid (code) &&
          g_strcmp0 (retour_currency_symbol (code), symbol) == 0 &&
          retour_currency_exponent (code) == frac_digits)
        {
          for (guint j = 0; j < G_N_ELEMENTS (amounts); j++)
            {
              RetourMoney money = retour_money_init (amounts[j], code);
              g_autofree char *ours = retour_money_format_for_locale (money, names[i]);
              char theirs[128];
              double value = (double) amounts[j] / pow (10, frac_digits);

              strfmon_l (theirs, sizeof theirs, locale, "%n", value);
              if (g_strcmp0 (ours, theirs) != 0)
                g_test_fail_printf ("%s: “%s”, strfmon gives “%s”", names[i], ours, theirs);
              compared++;
            }
        }

      freelocale (locale);
    }

  g_test_message ("%u amounts compared with strfmon()", compared);
  if (compared == 0)
    g_test_skip ("no locale with a matching currency symbol is installed");
}

typedef struct
{
  const char *locale;
  RetourMoney money;
  const char *expected;
  gboolean    ok;
} ThreadJob;

static gpointer
format_many_times (gpointer data)
{
  ThreadJob *job = data;

  job->ok = TRUE;
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *text = retour_money_format_for_locale (job->money, job->locale);

      if (g_strcmp0 (text, job->expected) != 0)
        job->ok = FALSE;
    }

  return NULL;
}

/* Two threads formatting for different locales at once see only their own
 * conventions. */
static void
test_format_threads (void)
{
  ThreadJob jobs[] = {
    { "de_DE.UTF-8", { 123450, "EUR" }, "1.234,50 €", FALSE },
    { "en_US.UTF-8", { -123450, "USD" }, "-$1,234.50", FALSE },
    { "nl_NL.UTF-8", { -123450, "EUR" }, "€ -1.234,50", FALSE },
  };
  GThread *threads[G_N_ELEMENTS (jobs)];

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      if (!have_locale (jobs[i].locale))
        {
          g_test_skip_printf ("locale %s is not installed", jobs[i].locale);
          return;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("format", format_many_times, &jobs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (jobs[i].ok);
    }
}

/* Amounts formatted in any of the shop languages read back unchanged. */
static void
test_round_trip (void)
{
  static const char * const names[] = {
    "de_DE.UTF-8", "nl_NL.UTF-8", "fr_FR.UTF-8", "pl_PL.UTF-8", "en_US.UTF-8", "de_CH.UTF-8",
  };
  static const char * const currencies[] = { "EUR", "PLN", "USD", "CHF", "SEK", "JPY", "KWD" };
  guint tried = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!have_locale (names[i]))
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (currencies); j++)
        {
          for (gint64 minor = -1000003; minor <= 1000003; minor += 9973)
            {
              RetourMoney money = retour_money_init (minor * 101, currencies[j]);
              g_autofree char *text = retour_money_format_for_locale (money, names[i]);
              g_autoptr(GError) error = NULL;
              RetourMoney back;

              if (!retour_money_parse (text, currencies[j], &back, &error))
                g_test_fail_printf ("%s: “%s” does not read back: %s", names[i], text, error->message);
              else if (back.minor != money.minor)
                g_test_fail_printf ("%s: “%s” reads back as %" G_GINT64_FORMAT, names[i], text, back.minor);
              tried++;
            }
        }
    }

  if (tried == 0)
    g_test_skip ("none of the shop locales is installed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currency-table", test_currency_table);
  g_test_add_func ("/money/init", test_init);
  g_test_add_func ("/money/parse/formats", test_parse_formats);
  g_test_add_func ("/money/parse/long", test_parse_long);
  g_test_add_func ("/money/parse/garbage", test_parse_garbage);
  g_test_add_func ("/money/parse/overflow", test_parse_overflow);
  g_test_add_func ("/money/parse/currency", test_parse_currency);
  g_test_add_func ("/money/from-double", test_from_double);
  g_test_add_func ("/money/arithmetic", test_arithmetic);
  g_test_add_func ("/money/percentage", test_percentage);
  g_test_add_func ("/money/compare", test_compare);
  g_test_add_func ("/money/to-string", test_to_string);
  for (guint i = 0; i < G_N_ELEMENTS (locale_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/money/format/%s", locale_cases[i].locale);

      g_test_add_data_func (path, &locale_cases[i], test_format_locale);
    }
  g_test_add_func ("/money/format/current-locale", test_format_current_locale);
  g_test_add_func ("/money/format/missing-locale", test_format_missing_locale);
  g_test_add_func ("/money/format/matches-strfmon", test_format_matches_strfmon);
  g_test_add_func ("/money/format/threads", test_format_threads);
  g_test_add_func ("/money/format/round-trip", test_round_trip);

  return g_test_run ();
}
