/* retour-core.h — the domain layer in one include.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "retour-clock.h"
#include "retour-core-types.h"
#include "retour-i18n.h"
#include "retour-core-enums.h"
#include "retour-label-data.h"
#include "retour-law.h"
#include "retour-lifecycle.h"
#include "retour-message.h"
#include "retour-money.h"
#include "retour-order.h"
#include "retour-policy.h"
#include "retour-rma.h"
#include "retour-rma-number.h"
#include "retour-storefront.h"
#include "retour-store-resolution.h"
#include "retour-text.h"
