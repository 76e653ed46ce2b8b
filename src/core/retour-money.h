/* retour-money.h — exact amounts of money.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money is a count of minor units (cents) and an ISO 4217 code, never a
 * double. Storefront strings are parsed digit by digit; amounts with more
 * decimals than the currency has (WooCommerce subtotals such as
 * "24.793388") are rounded half away from zero, as commercial rounding does.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RETOUR_MONEY_ERROR (retour_money_error_quark ())

typedef enum
{
  RETOUR_MONEY_ERROR_INVALID,   /* not an amount: "12,3,4", "abc", "" */
  RETOUR_MONEY_ERROR_OVERFLOW,  /* does not fit in 64 bits of minor units */
  RETOUR_MONEY_ERROR_CURRENCY,  /* unknown or malformed currency code */
  RETOUR_MONEY_ERROR_MISMATCH,  /* arithmetic across two currencies */
} RetourMoneyError;

typedef struct
{
  gint64 minor;        /* amount in minor units of @currency */
  char   currency[4];  /* ISO 4217 code, upper case, NUL-terminated */
} RetourMoney;

GQuark       retour_money_error_quark       (void);

/* Decimal places of a currency (EUR 2, JPY 0, KWD 3); -1 if unknown.
 * Codes match in any case ("eur"); RetourMoney always holds upper case. */
int          retour_currency_exponent       (const char        *code);
gboolean     retour_currency_is_valid       (const char        *code);
/* "€", "zł", "$", "£"; the code itself for currencies without one. */
const char  *retour_currency_symbol         (const char        *code);

/* Upper-cases @currency; anything but three ASCII letters leaves the
 * currency empty (check codes from outside with retour_currency_is_valid()). */
RetourMoney  retour_money_init              (gint64             minor,
                                             const char        *currency);
gboolean     retour_money_is_zero           (RetourMoney        money);

/* Parses "19.95", "19,95", "1.234,50", "1,234.50", "1 234,50", "-5",
 * "€ 12,50", "12.50 EUR". Rules: with both '.' and ',' the last one is the
 * decimal separator; one kind repeated ("1.234.567") is grouping; a single
 * one is the decimal separator — except in a currency without minor units
 * (JPY), where a single one followed by exactly three digits ("¥1,234")
 * groups. Spaces (also U+00A0, U+202F) and "'" (also U+2019) group; groups
 * after the first have three digits (two in Indian lakhs). A symbol or
 * code of @currency may stand before or after, the sign ('-', '+', U+2212,
 * or parentheses) on either side of the symbol, so everything
 * retour_money_format() writes reads back. No exponents: "1e2" is not an
 * amount here (see retour_money_from_double()). Fails with
 * RETOUR_MONEY_ERROR_INVALID, _OVERFLOW, or _CURRENCY for an unknown
 * @currency or text that names another currency ("12.50 USD"). */
gboolean     retour_money_parse             (const char        *text,
                                             const char        *currency,
                                             RetourMoney       *out,
                                             GError           **error);
/* For JSON numbers such as WooCommerce's line "price": 19.95 becomes 1995
 * exactly (through the shortest decimal representation of the double). */
gboolean     retour_money_from_double       (double             value,
                                             const char        *currency,
                                             RetourMoney       *out,
                                             GError           **error);

gboolean     retour_money_add               (RetourMoney        a,
                                             RetourMoney        b,
                                             RetourMoney       *out,
                                             GError           **error);
gboolean     retour_money_subtract          (RetourMoney        a,
                                             RetourMoney        b,
                                             RetourMoney       *out,
                                             GError           **error);
gboolean     retour_money_multiply          (RetourMoney        a,
                                             gint64             factor,
                                             RetourMoney       *out,
                                             GError           **error);
/* @basis_points / 10000 of @money, rounded half away from zero;
 * @basis_points is at most 10000 (100 %). */
RetourMoney  retour_money_percentage        (RetourMoney        money,
                                             guint              basis_points);
/* Orders by currency code first, then by amount, so that a list of mixed
 * currencies sorts into groups. */
int          retour_money_compare           (RetourMoney        a,
                                             RetourMoney        b);

/* "1995" EUR -> "19.95": the plain, locale-independent form for CSV, APIs
 * and storage. */
char        *retour_money_to_string         (RetourMoney        money);
/* Formatted by the conventions of the current LC_MONETARY locale (of the
 * calling thread), with the amount's own symbol: "1.234,50 zł" in de_DE.
 * Thread-safe. */
char        *retour_money_format            (RetourMoney        money);
/* The same for a named locale ("de_DE.UTF-8"); falls back to the current
 * locale if that one is not installed. */
char        *retour_money_format_for_locale (RetourMoney        money,
                                             const char        *locale);

G_END_DECLS
