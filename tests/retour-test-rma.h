/* retour-test-rma.h — returns built the way the desk builds them, for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "retour-order.h"
#include "retour-rma.h"

G_BEGIN_DECLS

RetourRma *retour_test_rma_of_line (const RetourOrder     *order,
                                    const RetourOrderLine *ordered,
                                    gint64                 policy_id);

G_END_DECLS
