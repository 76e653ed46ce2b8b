/* retour-policy-page-private.h — what the Policy page's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * retour-policy-page.c holds the page, its draft, the money settings, the
 * example and the history; retour-policy-page-rules.c the two lists edited
 * in place: category rules and reasons.
 */
#pragma once

#include "retour-policy-page.h"
#include "retour-policy-page-categories.h"
#include "retour-policy-page-example.h"
#include "retour-policy-page-history.h"
#include "retour-policy-page-refunds.h"
#include "retour-policy-store.h"
#include "retour-reason-row.h"

G_BEGIN_DECLS

#define N_RESOLUTIONS    (RETOUR_RESOLUTION_KEEP_IT + 1)
#define N_METHODS        (RETOUR_REFUND_METHOD_STORE_CREDIT + 1)

struct _RetourPolicyPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwActionRow        *window_row;
  GtkSpinButton       *window_spin;
  AdwComboRow         *window_from_row;
  RetourPolicyPageCategories *categories;
  AdwPreferencesGroup *resolutions_group;
  AdwPreferencesGroup *methods_group;
  RetourPolicyPageRefunds *refunds;
  GtkListBox          *reasons_list;
  GtkWidget           *retired_list;
  AdwExpanderRow      *retired_row;
  GtkLabel            *reasons_error;
  RetourPolicyPageExample *example;
  RetourPolicyPageHistory *history;

  GtkSwitch           *resolution_switches[N_RESOLUTIONS];
  GtkSwitch           *method_switches[N_METHODS];
  GtkLabel            *resolutions_error;
  GtkLabel            *methods_error;

  RetourContext       *context;
  RetourPolicy        *saved_policy;
  GPtrArray           *saved_reasons;   /* RetourReason*, retired ones too */
  RetourPolicy        *draft;
  GPtrArray           *reasons;         /* the draft's, in the shop's order */
  GPtrArray           *reason_rows;     /* RetourReasonRow*, as shown */
  GPtrArray           *retired_rows;    /* GtkWidget*, in retired_row */
  GHashTable          *expanded;        /* RetourReason* whose row is open */

  char                *problem;
  gboolean             modified;
  gboolean             can_save;
  gboolean             populating;
};

static inline RetourDatabase *
get_db (RetourPolicyPage *self)
{
  return retour_context_get_database (self->context);
}

/* retour-policy-page.c */
void          _retour_policy_page_draft_changed        (RetourPolicyPage *self);
void          _retour_policy_page_set_css_class        (gpointer          widget,
                                                        const char       *name,
                                                        gboolean          set);
void          _retour_policy_page_clear_list_box       (GtkListBox       *list,
                                                        GtkWidget        *keep);
GtkSwitch    *_retour_policy_page_new_switch_row       (const char       *title,
                                                        const char       *subtitle,
                                                        GtkWidget       **out_row);
const char   *_retour_policy_page_resolution_title     (RetourResolution  resolution);
guint         _retour_policy_page_read_switches        (GtkSwitch       **switches,
                                                        guint             n,
                                                        guint             first);
void          _retour_policy_page_write_switches       (GtkSwitch       **switches,
                                                        guint             n,
                                                        guint             mask);
void          _retour_policy_page_show_group_error     (GtkLabel         *label,
                                                        const char       *message);
gboolean      _retour_policy_page_parse_amount         (const char       *text,
                                                        const char       *currency,
                                                        RetourMoney      *out,
                                                        char            **out_problem);
void          _retour_policy_page_show_amount_problem  (AdwActionRow     *row,
                                                        GtkEntry         *entry,
                                                        const char       *problem,
                                                        const char       *subtitle);

/* retour-policy-page-rules.c */
void          _retour_policy_page_rules_class_init     (GtkWidgetClass   *widget_class);
void          _retour_policy_page_rebuild_reasons      (RetourPolicyPage    *self,
                                                        RetourReason        *focus,
                                                        RetourReasonRowPart  target);
char         *_retour_policy_page_check_reasons        (RetourPolicyPage *self);
gboolean      _retour_policy_page_reasons_equal        (GPtrArray        *a,
                                                        GPtrArray        *b);

G_END_DECLS
