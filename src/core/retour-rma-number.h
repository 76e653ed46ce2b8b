/* retour-rma-number.h — RMA numbers with a check character.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A number is made from a pattern (default "R{YY}{SEQ:6}{CHECK}", giving
 * "R26000128Y" for sequence value 128 in 2026) and uses only A–Z and 0–9, so that barcode scanners on any
 * keyboard layout can type it. The check character makes every single wrong
 * character and every swap of two adjacent characters detectable:
 *
 *   sum over all characters c_i (check character included, i = 0 for the
 *   rightmost) of value(c_i) * 2^i  ≡ 0  (mod 37)
 *
 * with value 0–9 for digits and 10–35 for A–Z. 37 is prime and 2 generates
 * its multiplicative group, so all weights of a number shorter than 36
 * characters are distinct and non-zero: a substitution changes the sum by
 * w·d and a swap by (w_i − w_{i+1})·d, neither ever a multiple of 37. (ISO
 * 7064 MOD 37,36, the hybrid scheme, misses some adjacent swaps.) The price:
 * for one sequence value in 37 the check would have to be a 37th symbol;
 * such values are skipped and never issued.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RETOUR_RMA_NUMBER_DEFAULT_PATTERN "R{YY}{SEQ:6}{CHECK}"
#define RETOUR_RMA_NUMBER_ERROR (retour_rma_number_error_quark ())

typedef enum
{
  RETOUR_RMA_NUMBER_ERROR_EMPTY,        /* nothing but separators */
  RETOUR_RMA_NUMBER_ERROR_CHARACTER,    /* a character no layout explains */
  RETOUR_RMA_NUMBER_ERROR_CHECK,        /* check character does not match */
  RETOUR_RMA_NUMBER_ERROR_PATTERN,      /* malformed pattern */
} RetourRmaNumberError;

typedef struct _RetourRmaNumberPattern RetourRmaNumberPattern;

GQuark                  retour_rma_number_error_quark   (void);

/* Fields: {YY} {YYYY} {MM} (local date of issue), {SEQ} or {SEQ:n} (the
 * sequence, zero-padded to at least n digits; required), {CHECK} (required,
 * last). Anything else must be A–Z or 0–9 and is copied literally. */
RetourRmaNumberPattern *retour_rma_number_pattern_new   (const char                   *pattern,
                                                         GError                      **error);
void                    retour_rma_number_pattern_free  (RetourRmaNumberPattern       *self);
const char             *retour_rma_number_pattern_get_text (const RetourRmaNumberPattern *self);
/* The compact number for sequence value @seq issued at @when, or NULL if
 * that value cannot carry a check character (take the next one). */
char                   *retour_rma_number_pattern_format (const RetourRmaNumberPattern *self,
                                                          guint64                       seq,
                                                          GDateTime                    *when);
/* The number the sequence gives next from value @seq on: the first value
 * from @seq that can carry a check character (one in 37 cannot). */
char                   *retour_rma_number_pattern_format_next (const RetourRmaNumberPattern *self,
                                                               guint64                       seq,
                                                               GDateTime                    *when);

/* TRUE if @compact (A–Z, 0–9 only) carries a correct check character. */
gboolean                retour_rma_number_is_valid      (const char                   *compact);
/* The check character for @body, or 0 if none exists (see above). */
char                    retour_rma_number_check_char    (const char                   *body);

/* Reads a number as a person or a scanner typed it: any case, with or
 * without separators (space, '-', '.', '/'), and typed by a scanner set to
 * the wrong keyboard layout (AZERTY digit row "&é\"'(-è_çà" and A/Q, Z/W,
 * M swaps; QWERTZ Y/Z). Returns the compact upper-case number whose check
 * character is valid, or NULL with an error saying what is wrong. */
char                   *retour_rma_number_parse         (const char                   *input,
                                                         GError                      **error);
/* Groups a compact number for display: "R26000128Y" -> "R26-000128-Y".
 * The check character is split off, and the six characters before it
 * (the default sequence width) when at least two characters precede them.
 * Display only: parsing ignores the separators. */
char                   *retour_rma_number_display       (const char                   *compact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourRmaNumberPattern, retour_rma_number_pattern_free)

G_END_DECLS
