/* retour-rma-store-private.h — what the rma store lends the other stores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A return's history is written in one way by every store that adds to
 * it (the label store records labels made, printed and sent).
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

gboolean retour_rma_store_add_detail_event (RetourDatabase  *db,
                                            gint64           rma_id,
                                            const char      *kind,
                                            const char      *actor,
                                            const char      *detail,
                                            gint64           now_us,
                                            GError         **error);

G_END_DECLS
