/* retour-customer-export.h — everything held about one customer (GDPR art. 15).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a customer who asks what the shop holds about them: a
 * machine-readable customer.json (the customer, their orders, their
 * returns with lines, history and refunds, the photos and labels listed
 * with their SHA-256), the photos and label PDFs themselves, and a
 * summary.pdf in the customer's language. Nothing of anyone else.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

/* Writes the export of customer @customer_id into the folder @dir,
 * which is made (0700) when missing and must hold no export already;
 * every file is private to its owner (0600). */
gboolean  retour_customer_export (RetourDatabase  *db,
                                  gint64           customer_id,
                                  const char      *dir,
                                  gint64           now_us,
                                  GError         **error);

G_END_DECLS
