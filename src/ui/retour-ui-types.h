/* retour-ui-types.h — forward declarations of the UI layer's types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application opens windows and a window reaches back to its
 * application, so their headers cannot include each other; they include
 * this instead.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RetourApplication      RetourApplication;
typedef struct _RetourInventoryPage    RetourInventoryPage;
typedef struct _RetourNewReturnWindow  RetourNewReturnWindow;
typedef struct _RetourReceiveWindow    RetourReceiveWindow;
typedef struct _RetourReportsPage      RetourReportsPage;
typedef struct _RetourReturnsPage      RetourReturnsPage;
typedef struct _RetourRmaEditor        RetourRmaEditor;
typedef struct _RetourRmaLineRow       RetourRmaLineRow;
typedef struct _RetourWelcomePage      RetourWelcomePage;
typedef struct _RetourWindow           RetourWindow;

G_END_DECLS
