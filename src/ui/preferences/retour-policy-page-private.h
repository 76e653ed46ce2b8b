/* retour-policy-page-private.h — what the Policy page's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page (retour-policy-page.c) and its groups, each a widget of its
 * own (retour-policy-page-<group>.c), show switches, errors and amounts
 * the same way; retour-policy-page-common.c holds how.
 */
#pragma once

#include <adwaita.h>

#include "retour-core.h"

G_BEGIN_DECLS

#define N_RESOLUTIONS (RETOUR_RESOLUTION_KEEP_IT + 1)
#define N_METHODS     (RETOUR_REFUND_METHOD_STORE_CREDIT + 1)

void        _retour_policy_page_set_css_class       (gpointer           widget,
                                                     const char        *name,
                                                     gboolean           set);
/* Removes the rows of @list but @keep. */
void        _retour_policy_page_clear_list_box      (GtkListBox        *list,
                                                     GtkWidget         *keep);

/* A row titled @title (with a mnemonic) whose switch it activates. */
GtkSwitch  *_retour_policy_page_new_switch_row      (const char        *title,
                                                     const char        *subtitle,
                                                     GtkWidget        **out_row);
const char *_retour_policy_page_resolution_title    (RetourResolution   resolution);
/* The mask of the switches at @first and after that are on; switches
 * may be NULL where there is none. */
guint       _retour_policy_page_read_switches       (GtkSwitch        **switches,
                                                     guint              n,
                                                     guint              first);
void        _retour_policy_page_write_switches      (GtkSwitch        **switches,
                                                     guint              n,
                                                     guint              mask);

/* The error line under a group: @message, or hidden when NULL. */
void        _retour_policy_page_show_group_error    (GtkLabel          *label,
                                                     const char        *message);
/* An amount in @currency, 0 or more; FALSE with a message to show. */
gboolean    _retour_policy_page_parse_amount        (const char        *text,
                                                     const char        *currency,
                                                     RetourMoney       *out,
                                                     char             **out_problem);
/* Marks the row of an amount with @problem, or shows @subtitle. */
void        _retour_policy_page_show_amount_problem (AdwActionRow      *row,
                                                     GtkEntry          *entry,
                                                     const char        *problem,
                                                     const char        *subtitle);

G_END_DECLS
