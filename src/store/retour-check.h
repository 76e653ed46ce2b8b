/* retour-check.h — is the database whole and consistent?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For `retour-cli check`, support and the tests: SQLite's own integrity
 * check, foreign keys, the search index against the data it indexes, the
 * stock ledger against the stock levels (on hand, held, written off),
 * every RMA's history against the lifecycle, RMA numbers against their check character, quantities and
 * refunds against what was due.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

typedef struct
{
  guint64    rmas;
  guint64    events;
  guint64    products;
  guint64    movements;
  guint64    refunds;
  guint64    n_problems;   /* may be more than problems->len */
  GPtrArray *problems;     /* of char*, translated; the first 100 */
} RetourCheckReport;

typedef enum
{
  RETOUR_CHECK_FULL = 0,
  RETOUR_CHECK_QUICK = 1 << 0,   /* PRAGMA quick_check instead of integrity_check */
} RetourCheckFlags;

/* Fails only when the checks cannot run; what they find is in the report.
 * Everything is read in one read transaction: the check never writes, so
 * it runs beside a sync and on a read-only database. @now_us is the day
 * for which the next RMA number is worked out, to find a number sequence
 * that fell behind the numbers in use; 0 leaves that check out. */
RetourCheckReport *retour_check_database     (RetourDatabase     *db,
                                              RetourCheckFlags    flags,
                                              gint64              now_us,
                                              GError            **error);
void               retour_check_report_free  (RetourCheckReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourCheckReport, retour_check_report_free)

G_END_DECLS
