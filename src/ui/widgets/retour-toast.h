/* retour-toast.h — messages in a toast, the one way the window shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  RETOUR_TOAST_BRIEF,   /* goes by itself: something was done */
  RETOUR_TOAST_STAYS,   /* stays until dismissed: something went wrong */
} RetourToastKind;

/* A toast of @message, which is plain text: it is bounded to a line's
 * worth (it may quote what a storefront or a customer wrote) and escaped
 * (a toast's title is markup). */
AdwToast *retour_toast_new  (const char      *message,
                             RetourToastKind  kind);
/* Shows @message in the preferences window @widget is in, or in the
 * nearest toast overlay above it. FALSE when there is neither. */
gboolean  retour_toast_show (GtkWidget       *widget,
                             const char      *message,
                             RetourToastKind  kind);

G_END_DECLS
