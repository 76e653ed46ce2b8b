/* test-policy-preferences.c — the Policy and Shop pages of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application opens a fresh database in a temporary folder; the
 * cases go the way a shop owner does: open the preferences (app.preferences,
 * Ctrl+,), change the policy and watch the example refund follow before
 * saving, save, and check what a shop owner would count on: a new policy
 * version that new returns get while an old return keeps its own and its
 * refund, an audit trail, amounts typed wrong refused without losing what
 * was typed, reasons added, renamed, moved and retired as saved when the
 * window opens again, and a retired reason no longer offered for a new
 * return. The shop's side of the law (its country, what customers are
 * told, the standard delivery price, a category's exception to the right
 * of withdrawal) is saved with the policy, and the example shows a
 * withdrawal beside the shop's own return. The Shop page applies each
 * setting on its own.
 *
 * With RETOUR_SCREENSHOTS=DIR set, the cases also save what the pages look
 * like.
 */
#define G_LOG_DOMAIN "test-policy-preferences"

#include "config.h"

#include <string.h>

#include "retour-application.h"
#include "retour-audit-store.h"
#include "retour-catalog-store.h"
#include "retour-database-private.h"
#include "retour-new-return-window.h"
#include "retour-policy-page.h"
#include "retour-policy-store.h"
#include "retour-preferences-window.h"
#include "retour-reason-entry.h"
#include "retour-rma-number.h"
#include "retour-rma-store.h"
#include "retour-search.h"
#include "retour-setting-store.h"
#include "retour-shop-page.h"
#include "retour-window.h"
#include "retour-ui-test.h"

static RetourApplication *app;

typedef UiTestShop Fixture;

/* Finding what is on screen ------------------------------------------------ */

/* A label reading @data, on screen or not. */
static gboolean
match_label_anywhere (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* Any widget whose tooltip is @data. */
static gboolean
match_tooltip_any (GtkWidget     *widget,
                   gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static GtkWidget *
find_of_type (gpointer  root,
              GType     type)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (root), match_type, GSIZE_TO_POINTER (type));

  if (widget == NULL)
    g_error ("No %s found", g_type_name (type));

  return widget;
}

/* The row titled @title in the group titled @group. */
static GtkWidget *
find_row (gpointer    root,
          const char *group,
          const char *title)
{
  return require (require (root, match_group, group), match_row, title);
}

static gboolean
match_css_class (GtkWidget     *widget,
                 gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

/* What the example says the refund is: the large amount in its row. */
static const char *
example_refund (gpointer root)
{
  GtkWidget *row = find_row (root, "Example", "Refund");

  return gtk_label_get_text (GTK_LABEL (require (row, match_css_class, "title-4")));
}

/* The entry, spin button or switch at the end of a row. */
static GtkWidget *
row_widget (GtkWidget *row,
            GType      type)
{
  return find_of_type (row, type);
}

/* The database ------------------------------------------------------------- */

static RetourDatabase *
open_db (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  RetourDatabase *db = retour_database_open (fixture->path, &error);

  g_assert_no_error (error);

  return db;
}

static RetourReason *
find_reason (GPtrArray  *reasons,
             const char *code)
{
  for (guint i = 0; i < reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (reasons, i);

      if (g_strcmp0 (reason->code, code) == 0)
        return reason;
    }

  g_error ("No reason “%s”", code);
  return NULL;
}

/* A return taken before the policy changes: one item of 49.95 that the
 * customer "changed their mind" about. */
static gint64
insert_existing_return (RetourDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourPolicy) policy = retour_policy_store_load_current (db, &error);
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) rma = NULL;
  RetourRmaLine *line;

  g_assert_no_error (error);
  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);

  rma = retour_rma_new (policy->return_shipping.currency, g_get_real_time ());
  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy->id;
  line = retour_rma_line_new ();
  g_free (line->title);
  line->title = g_strdup ("Linen shirt");
  line->unit_price = retour_money_init (4995, policy->return_shipping.currency);
  line->qty_ordered = 1;
  line->qty_requested = 1;
  line->reason_id = find_reason (reasons, "changed-mind")->id;
  retour_rma_add_line (rma, line);
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  rma->refund_method = RETOUR_REFUND_METHOD_CASH;
  retour_rma_store_insert (db, rma, "test", &error);
  g_assert_no_error (error);

  return rma->id;
}

/* The refund @rma is due under the policy version @policy_id. */
static gint64
quote (RetourDatabase *db,
       RetourRma      *rma,
       gint64          policy_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourPolicy) policy = retour_policy_store_load (db, policy_id, &error);
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRefundQuote) refund = NULL;

  g_assert_no_error (error);
  reasons = retour_policy_store_list_reasons (db, TRUE, &error);
  g_assert_no_error (error);
  refund = retour_policy_quote (policy, rma, reasons, &error);
  g_assert_no_error (error);

  return refund->total.minor;
}

static char *
format_minor (RetourDatabase *db,
              gint64          minor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourPolicy) policy = retour_policy_store_load_current (db, &error);

  g_assert_no_error (error);

  return retour_money_format (retour_money_init (minor, policy->return_shipping.currency));
}

static gint64
count_versions (RetourDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, "SELECT count(*) FROM policy", &error);
  gboolean has_row;

  g_assert_no_error (error);
  retour_stmt_step (stmt, &has_row, &error);
  g_assert_no_error (error);

  return retour_stmt_column_int64 (stmt, 0);
}

static gboolean
audit_mentions (RetourDatabase *db,
                const char     *subject,
                const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = retour_audit_store_list (db, subject, 100, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const RetourAuditEvent *event = g_ptr_array_index (events, i);

      if (strstr (event->detail, text) != NULL)
        return TRUE;
    }

  return FALSE;
}

static char *
get_setting (RetourDatabase *db,
             const char     *key)
{
  g_autoptr(GError) error = NULL;
  char *value = retour_setting_store_get (db, key, NULL, &error);

  g_assert_no_error (error);

  return value;
}

/* The flow ----------------------------------------------------------------- */

/* Ctrl+, in the shop's window: the preferences, on the Policy page. */
static RetourPreferencesWindow *
open_preferences (RetourWindow *window)
{
  RetourPreferencesWindow *preferences;

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL ((preferences = (RetourPreferencesWindow *) find_toplevel (RETOUR_TYPE_PREFERENCES_WINDOW)) != NULL);
  ui_test_settle (100);
  g_assert_cmpstr (adw_preferences_page_get_title (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences))),
                   ==, "Policy");

  return preferences;
}

static GtkWidget *
mapped_combo (RetourWindow *window,
              const char   *title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (window), match_row, title);

  return row != NULL && ADW_IS_COMBO_ROW (row) && gtk_widget_get_mapped (row) ? row : NULL;
}

/* Whether the drop-down row titled @title in @window lists @item. */
static gboolean
combo_offers (RetourWindow *window,
              const char   *title,
              const char   *item)
{
  GtkWidget *row = mapped_combo (window, title);
  GListModel *model = row != NULL ? adw_combo_row_get_model (ADW_COMBO_ROW (row)) : NULL;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), item) == 0)
      return TRUE;

  return FALSE;
}

static const char *
combo_selected (RetourWindow *window,
                const char   *title)
{
  GtkWidget *row = mapped_combo (window, title);

  g_assert_nonnull (row);

  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (row))),
                                     adw_combo_row_get_selected (ADW_COMBO_ROW (row)));
}

static RetourPolicyPage *
policy_page (RetourPreferencesWindow *preferences)
{
  return RETOUR_POLICY_PAGE (find_of_type (preferences, RETOUR_TYPE_POLICY_PAGE));
}

static void
type_into_row (gpointer    root,
               const char *group,
               const char *title,
               const char *text)
{
  GtkWidget *row = find_row (root, group, title);
  GtkWidget *entry = ADW_IS_ENTRY_ROW (row) ? row : row_widget (row, GTK_TYPE_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Whether the bar with Save Policy and Discard is up. */
static gboolean
bar_shown (RetourPreferencesWindow *preferences)
{
  GtkWidget *button = require (preferences, match_button, "Save Policy");

  return gtk_action_bar_get_revealed (GTK_ACTION_BAR (gtk_widget_get_ancestor (button, GTK_TYPE_ACTION_BAR)));
}

static gboolean
can_save (RetourPreferencesWindow *preferences)
{
  return gtk_widget_is_sensitive (require (preferences, match_button, "Save Policy"));
}

static void
collect_expanders (GtkWidget *widget,
                   GString   *titles)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

      if (g_strcmp0 (title, "Retired Reasons") != 0)
        {
          if (titles->len > 0)
            g_string_append_c (titles, '|');
          g_string_append (titles, title);
        }
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_expanders (child, titles);
}

/* The titles of the offered reasons, in order, joined by "|". */
static char *
offered_reasons (RetourPreferencesWindow *preferences)
{
  g_autoptr(GString) titles = g_string_new (NULL);

  collect_expanders (require (preferences, match_group, "Reasons"), titles);

  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static gboolean
offered_reasons_are (RetourPreferencesWindow *preferences,
                     const char              *expected)
{
  g_autofree char *titles = offered_reasons (preferences);

  return g_str_equal (titles, expected);
}

static GtkWidget *
reason_row (RetourPreferencesWindow *preferences,
            const char              *title)
{
  return find_row (preferences, "Reasons", title);
}

/* The cases ------------------------------------------------------------------ */

/* A longer window and a 10 % fee: the example follows before anything is
 * saved; once saved, new returns get the new version and an old return
 * keeps its own, and its refund. */
static void
test_policy_save (Fixture       *fixture,
                  gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = open_db (fixture);
  g_autoptr(RetourPolicy) before = NULL;
  g_autoptr(RetourPolicy) after = NULL;
  g_autoptr(RetourRma) existing = NULL;
  g_autoptr(RetourRma) created = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refund_before = format_minor (db, 4995 - 695);
  g_autofree char *refund_after = format_minor (db, 4995 - 500 - 695);
  RetourPreferencesWindow *preferences;
  RetourPolicyPage *page;
  GtkWindow *dialog;
  GtkWidget *weak;
  gint64 existing_id;

  before = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  existing_id = insert_existing_return (db);

  preferences = open_preferences (window);
  page = policy_page (preferences);
  ui_test_save_png (preferences, "preferences-policy.png");

  /* €49.95, delivered 10 days ago, "Wrong size or fit": 14 days, no fee,
   * €6.95 shipping deducted. */
  g_assert_cmpstr (example_refund (preferences), ==, refund_before);
  g_assert_false (retour_policy_page_get_modified (page));
  g_assert_false (bar_shown (preferences));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_widget (find_row (preferences, "Return Window", "Days to Return"),
                                                          GTK_TYPE_SPIN_BUTTON)), 30);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (preferences, "Refunds", "Restocking Fee")), RETOUR_FEE_PERCENT);
  type_into_row (preferences, "Refunds", "Percentage of the Value", "10");
  /* And no more cash. */
  gtk_switch_set_active (GTK_SWITCH (row_widget (find_row (preferences, "Refund Methods", "Cash"), GTK_TYPE_SWITCH)),
                         FALSE);

  /* The example has the fee at once; nothing is saved yet. */
  g_assert_cmpstr (example_refund (preferences), ==, refund_after);
  g_assert_true (retour_policy_page_get_modified (page));
  g_assert_true (can_save (preferences));
  g_assert_cmpint (count_versions (db), ==, 1);
  ui_test_save_png (preferences, "preferences-policy-modified.png");

  /* Another program holds the database: the save fails with a toast,
   * and the draft stays, to be saved again. */
  retour_database_begin (db, &error);
  g_assert_no_error (error);
  g_assert_false (retour_policy_page_save (page));
  retour_database_rollback (db);
  g_assert_true (retour_policy_page_get_modified (page));
  g_assert_true (can_save (preferences));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_widget (find_row (preferences, "Refunds",
                                                                              "Percentage of the Value"),
                                                                    GTK_TYPE_ENTRY))), ==, "10");
  g_assert_cmpint (count_versions (db), ==, 1);

  click_button (preferences, "Save Policy");
  WAIT_UNTIL (!retour_policy_page_get_modified (page));

  after = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->id, !=, before->id);
  g_assert_cmpuint (after->version, ==, before->version + 1);
  g_assert_cmpint (count_versions (db), ==, 2);
  g_assert_cmpuint (after->window_days, ==, 30);
  g_assert_cmpint (after->restocking_fee_kind, ==, RETOUR_FEE_PERCENT);
  g_assert_cmpuint (after->restocking_fee_basis_points, ==, 1000);
  g_assert_cmpuint (after->allowed_refund_methods & RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_CASH), ==, 0);
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_POLICY, "30"));
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_POLICY, "10"));
  /* The page shows the trail it wrote. */
  g_assert_nonnull (find_widget (require (preferences, match_group, "Recent Changes"), match_row,
                                 "Return window: 14 → 30 days"));
  /* Saving what is saved is nothing new. */
  g_assert_false (gtk_widget_is_sensitive (require (preferences, match_button, "Save Policy")));

  /* The old return keeps its version, and its refund. */
  existing = retour_rma_store_load (db, existing_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (existing->policy_id, ==, before->id);
  g_assert_cmpint (quote (db, existing, existing->policy_id), ==, 4995 - 695);
  g_assert_cmpint (quote (db, existing, after->id), ==, 4995 - 500 - 695);

  ui_test_close_window (preferences);

  /* A return taken now gets the new version. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-empty", NULL);
  ui_test_settle (200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.manual", NULL);
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_row, "First Name") != NULL);
  gtk_editable_set_text (GTK_EDITABLE (require (dialog, match_row, "First Name")), "Henk");
  gtk_editable_set_text (GTK_EDITABLE (require (dialog, match_row, "Last Name")), "de Vries");
  gtk_editable_set_text (GTK_EDITABLE (require (dialog, match_row, "E-mail")), "henk@example.nl");
  gtk_editable_set_text (GTK_EDITABLE (require (dialog, match_row, "Description")), "Wool scarf");
  gtk_editable_set_text (GTK_EDITABLE (require (dialog, match_row, "Price per Unit")), "24,50");
  gtk_editable_set_text (GTK_EDITABLE (require (dialog, match_row, "Why the Policy Is Overridden (Required)")),
                         "Bought at the market stall");
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.create", NULL);
  WAIT_UNTIL (weak == NULL);

  rows = retour_search_rmas (db, "henk@example.nl", -1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  created = retour_rma_store_load (db, ((RetourRmaSummary *) g_ptr_array_index (rows, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (created->policy_id, ==, after->id);
  g_assert_cmpint (created->refund_method, ==, RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT);

  /* The editor offers the refund methods of today's policy; the old
   * return still shows the cash it was given. */
  retour_window_show_rma (window, created->id, NULL);
  WAIT_UNTIL (combo_offers (window, "Refund Method", "Bank transfer"));
  g_assert_false (combo_offers (window, "Refund Method", "Cash"));
  retour_window_show_rma (window, existing_id, NULL);
  WAIT_UNTIL (combo_offers (window, "Refund Method", "Cash"));
  g_assert_cmpstr (combo_selected (window, "Refund Method"), ==, "Cash");

  ui_test_close_window (window);
}

/* An amount typed wrong: the row says so, Save is off, and the text stays
 * for the shop owner to correct. Closing asks; Discard drops the draft. */
static void
test_policy_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = open_db (fixture);
  RetourPreferencesWindow *preferences = open_preferences (window);
  RetourPolicyPage *page = policy_page (preferences);
  GtkWidget *row = find_row (preferences, "Refunds", "Return Shipping Deducted");
  GtkWidget *entry = row_widget (row, GTK_TYPE_ENTRY);
  g_autofree char *shipping = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  AdwMessageDialog *confirm;
  GtkWidget *weak;

  gtk_editable_set_text (GTK_EDITABLE (entry), "12,3,4");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Not an amount"));
  g_assert_true (retour_policy_page_get_modified (page));
  g_assert_false (retour_policy_page_get_can_save (page));
  g_assert_false (can_save (preferences));
  g_assert_true (bar_shown (preferences));
  ui_test_save_png (preferences, "preferences-policy-invalid.png");

  /* Ctrl+S does nothing but say why. */
  gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.save-policy", NULL);
  g_assert_false (retour_policy_page_save (page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "12,3,4");
  g_assert_cmpint (count_versions (db), ==, 1);

  /* Corrected: fine again. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "4,95");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (can_save (preferences));

  /* No resolution at all is not a policy either. */
  for (const char *const *title = (const char *const[]) { "Refund", "Store Credit", "Exchange", "Repair",
                                                          "Replacement", "Refund Without Return", NULL };
       *title != NULL; title++)
    gtk_switch_set_active (GTK_SWITCH (row_widget (find_row (preferences, "Resolutions Offered", *title),
                                                   GTK_TYPE_SWITCH)), FALSE);
  g_assert_false (can_save (preferences));
  g_assert_true (find_widget (require (preferences, match_group, "Resolutions Offered"), match_label_anywhere,
                              "Offer at least one resolution") != NULL);

  /* Closing the main window first asks about the policy, and stays open
   * when the answer is Cancel. */
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL ((confirm = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  /* Escape: the close response is Cancel. */
  g_object_add_weak_pointer (G_OBJECT (confirm), (gpointer *) &confirm);
  gtk_window_close (GTK_WINDOW (confirm));
  WAIT_UNTIL (confirm == NULL);
  ui_test_settle (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preferences)));
  g_assert_true (retour_policy_page_get_modified (page));

  /* Closing with changes asks; Discard closes without saving. */
  weak = GTK_WIDGET (preferences);
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (preferences));
  WAIT_UNTIL ((confirm = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (confirm, "save"));
  ui_test_save_png (confirm, "preferences-policy-close.png");
  adw_message_dialog_response (confirm, "discard");
  WAIT_UNTIL (weak == NULL);
  g_assert_cmpint (count_versions (db), ==, 1);

  /* Opened again: as saved. */
  preferences = open_preferences (window);
  entry = row_widget (find_row (preferences, "Refunds", "Return Shipping Deducted"), GTK_TYPE_ENTRY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, shipping);
  g_assert_false (retour_policy_page_get_modified (policy_page (preferences)));

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

/* Reasons: one added, one renamed, one moved up, one retired; the window
 * opened again shows them as saved, and a new return no longer offers the
 * retired one. */
static void
test_policy_reasons (Fixture       *fixture,
                     gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = open_db (fixture);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *reopened = NULL;
  RetourPreferencesWindow *preferences = open_preferences (window);
  RetourPolicyPage *page = policy_page (preferences);
  GtkWidget *row;
  GtkWidget *name;
  GtkWindow *dialog;
  GListModel *offered;
  gboolean found_retired = FALSE;
  gboolean found_added = FALSE;

  before = offered_reasons (preferences);
  g_assert_cmpstr (before, ==, "Wrong size or fit|Changed my mind|Ordered several to choose from|"
                               "Found a better price|Not as described|Wrong item sent|Damaged in transit|"
                               "Defective or does not work|Arrived too late");

  /* Added: open, with the focus in its name. A blank name cannot be saved. */
  gtk_widget_activate_action (GTK_WIDGET (page), "policy.add-reason", NULL);
  g_assert_false (can_save (preferences));
  row = reason_row (preferences, "Unnamed Reason");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  name = require (row, match_row, "Name");
  g_assert_true (gtk_widget_is_focus (name) || gtk_widget_has_focus (name) ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (preferences)), name));
  /* A name another reason has is refused too, whatever its case. */
  gtk_editable_set_text (GTK_EDITABLE (name), "changed MY mind");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_false (can_save (preferences));
  gtk_editable_set_text (GTK_EDITABLE (name), "Too big");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  gtk_switch_set_active (GTK_SWITCH (row_widget (require (row, match_row, "Photo Required"), GTK_TYPE_SWITCH)), TRUE);

  /* One more added by mistake: not saved yet, so it can simply go. */
  gtk_widget_activate_action (GTK_WIDGET (page), "policy.add-reason", NULL);
  ui_test_settle (100);
  click_button (reason_row (preferences, "Unnamed Reason"), "Remove");
  WAIT_UNTIL (find_widget (require (preferences, match_group, "Reasons"), match_row, "Unnamed Reason") == NULL);
  g_assert_true (can_save (preferences));

  /* Renamed. */
  row = reason_row (preferences, "Changed my mind");
  gtk_editable_set_text (GTK_EDITABLE (require (row, match_row, "Name")), "Changed their mind");

  /* Moved up, by its button. */
  row = reason_row (preferences, "Not as described");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_test_settle (100);
  gtk_widget_activate (require (row, match_tooltip, "Move Up"));
  WAIT_UNTIL (offered_reasons_are (preferences,
                                   "Wrong size or fit|Changed their mind|Ordered several to choose from|"
                                   "Not as described|Found a better price|Wrong item sent|Damaged in transit|"
                                   "Defective or does not work|Arrived too late|Too big"));

  /* Retired. */
  row = reason_row (preferences, "Found a better price");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  click_button (row, "Retire");
  /* It moves to the retired ones, with Offer Again. */
  WAIT_UNTIL (!ADW_IS_EXPANDER_ROW (find_row (preferences, "Reasons", "Found a better price")));
  g_assert_true (gtk_widget_get_visible (find_row (preferences, "Reasons", "Retired Reasons")));
  g_assert_nonnull (require (find_row (preferences, "Reasons", "Found a better price"), match_button, "Offer Again"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_row (preferences, "Reasons", "Retired Reasons")), TRUE);
  gtk_widget_grab_focus (find_row (preferences, "Reasons", "Retired Reasons"));
  ui_test_save_png (preferences, "preferences-reasons.png");

  g_assert_true (can_save (preferences));
  gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.save-policy", NULL);
  WAIT_UNTIL (!retour_policy_page_get_modified (page));

  saved = retour_policy_store_list_reasons (db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (find_reason (saved, "better-price")->retired);
  g_assert_cmpstr (find_reason (saved, "changed-mind")->label, ==, "Changed their mind");
  g_assert_true (find_reason (saved, "too-big")->requires_photo);
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_REASON, "Too big"));
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_REASON, "Changed their mind"));

  /* Opened again: as saved. */
  ui_test_close_window (preferences);
  preferences = open_preferences (window);
  reopened = offered_reasons (preferences);
  g_assert_cmpstr (reopened, ==, "Wrong size or fit|Changed their mind|Ordered several to choose from|"
                                 "Not as described|Wrong item sent|Damaged in transit|"
                                 "Defective or does not work|Arrived too late|Too big");
  g_assert_nonnull (find_row (preferences, "Reasons", "Found a better price"));
  ui_test_close_window (preferences);

  /* A new return offers the reasons as saved, the retired one not. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-empty", NULL);
  ui_test_settle (200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-return", NULL);
  WAIT_UNTIL ((dialog = find_toplevel (RETOUR_TYPE_NEW_RETURN_WINDOW)) != NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-return.manual", NULL);
  WAIT_UNTIL (find_widget (GTK_WIDGET (dialog), match_type, GSIZE_TO_POINTER (RETOUR_TYPE_REASON_ENTRY)) != NULL);
  offered = retour_reason_entry_get_model (RETOUR_REASON_ENTRY (find_of_type (dialog, RETOUR_TYPE_REASON_ENTRY)));
  for (guint i = 0; i < g_list_model_get_n_items (offered); i++)
    {
      const char *label = gtk_string_list_get_string (GTK_STRING_LIST (offered), i);

      found_retired |= g_strcmp0 (label, "Found a better price") == 0;
      found_added |= g_strcmp0 (label, "Too big") == 0;
    }
  g_assert_false (found_retired);
  g_assert_true (found_added);
  ui_test_close_window (dialog);

  ui_test_close_window (window);
}

static void
add_product (RetourDatabase *db,
             const char     *title,
             const char     *category)
{
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GError) error = NULL;

  product->title = g_strdup (title);
  product->category = g_strdup (category);
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (db, product, &error);
  g_assert_no_error (error);
}

/* The rows of the popover that offers the catalog's categories. */
static char *
known_categories (RetourPreferencesWindow *preferences)
{
  GtkWidget *button = require (preferences, match_tooltip_any, "Categories in Your Catalog");
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  GtkWidget *list = find_of_type (popover, GTK_TYPE_LIST_BOX);
  g_autoptr(GString) names = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (names->len > 0)
        g_string_append_c (names, '|');
      g_string_append (names, gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Category rules: the catalog's categories offered, any name typed, one
 * rule per category, a final sale; the example follows, and the saved
 * version has the rules. */
static void
test_policy_categories (Fixture       *fixture,
                        gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = open_db (fixture);
  g_autoptr(RetourPolicy) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *known = NULL;
  RetourPreferencesWindow *preferences;
  RetourPolicyPage *page;
  const RetourCategoryRule *rule;
  GtkWidget *known_list;
  GtkWidget *add_row;
  GtkWidget *row;

  /* Two spellings of one category are offered once. */
  add_product (db, "Trail shoe", "Shoes");
  add_product (db, "Sandal", "shoes");
  add_product (db, "Tote", "Bags");
  add_product (db, "Gift card", "Gift cards");

  preferences = open_preferences (window);
  page = policy_page (preferences);
  known = known_categories (preferences);
  g_assert_cmpstr (known, ==, "Bags|Gift cards|Shoes");

  /* Typed: "Swimwear", with a window of its own. */
  add_row = find_row (preferences, "Categories", "Add a Category");
  gtk_editable_set_text (GTK_EDITABLE (add_row), "Swimwear");
  g_signal_emit_by_name (add_row, "apply");
  row = find_row (preferences, "Categories", "Swimwear");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_widget (row, GTK_TYPE_SPIN_BUTTON)), 7);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_row)), ==, "");

  /* Once only, whatever the case: refused, and the text stays. */
  gtk_editable_set_text (GTK_EDITABLE (add_row), "swimwear");
  g_signal_emit_by_name (add_row, "apply");
  g_assert_true (gtk_widget_has_css_class (add_row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_row)), ==, "swimwear");
  g_assert_nonnull (find_widget (require (preferences, match_group, "Categories"), match_label_anywhere,
                                 "“swimwear” has a rule already"));
  gtk_editable_set_text (GTK_EDITABLE (add_row), "");
  g_assert_false (gtk_widget_has_css_class (add_row, "error"));

  /* From the catalog: gift cards are a final sale. */
  known_list = find_of_type (gtk_menu_button_get_popover (GTK_MENU_BUTTON (require (preferences, match_tooltip_any,
                                                                                   "Categories in Your Catalog"))),
                             GTK_TYPE_LIST_BOX);
  g_signal_emit_by_name (known_list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (known_list), 1));
  row = find_row (preferences, "Categories", "Gift cards");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (row_widget (row, GTK_TYPE_DROP_DOWN)), 1);
  g_assert_false (gtk_widget_get_visible (row_widget (row, GTK_TYPE_SPIN_BUTTON)));

  /* The example, for a gift card: not returnable. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (preferences, "Example", "Category")), 2);
  g_assert_nonnull (require (require (preferences, match_group, "Example"), match_row_prefix, "Final sale"));
  /* Swimwear: 7 days, and the sample was delivered 10 days ago. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (preferences, "Example", "Category")), 1);
  g_assert_nonnull (require (require (preferences, match_group, "Example"), match_row_prefix,
                             "Outside the return window by 3 days"));
  ui_test_save_png (preferences, "preferences-categories.png");

  gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.save-policy", NULL);
  WAIT_UNTIL (!retour_policy_page_get_modified (page));
  saved = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->category_rules->len, ==, 2);
  rule = retour_policy_get_category_rule (saved, "swimwear");
  g_assert_nonnull (rule);
  g_assert_cmpint (rule->window_days, ==, 7);
  g_assert_false (rule->final_sale);
  rule = retour_policy_get_category_rule (saved, "Gift cards");
  g_assert_nonnull (rule);
  g_assert_true (rule->final_sale);

  /* Removed again, by its button. */
  row = find_row (preferences, "Categories", "Swimwear");
  gtk_widget_activate (require (row, match_tooltip_any, "Remove the Rule for “Swimwear”"));
  WAIT_UNTIL (find_widget (require (preferences, match_group, "Categories"), match_row, "Swimwear") == NULL);
  g_assert_true (retour_policy_page_get_modified (page));

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

/* Scrolls the page so that @widget is near the top of the window. */
static void
scroll_to (RetourPreferencesWindow *preferences,
           GtkWidget               *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x, y;

  /* Nothing focused pulls the view back; the viewport stays put, @y is
   * from the top of what is shown. */
  gtk_window_set_focus (GTK_WINDOW (preferences), NULL);
  g_assert_true (gtk_widget_translate_coordinates (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 100);
  ui_test_settle (200);
}

/* The drop-down of the exception to the right of withdrawal in a
 * category's row: the one after its label. */
static GtkDropDown *
exception_dropdown (GtkWidget *row)
{
  GtkWidget *label = require (row, match_label_anywhere, "Exception to withdrawal");

  return GTK_DROP_DOWN (gtk_widget_get_next_sibling (label));
}

/* The shop's side of the law: its country, the withdrawal information,
 * the delivery refunded on a partial withdrawal, the standard delivery
 * price (a wrong amount refused and kept), a category's exception; the
 * example shows the same item as a withdrawal, without the fee; saved,
 * a new policy version holds them all. */
static void
test_policy_law (Fixture       *fixture,
                 gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = open_db (fixture);
  g_autoptr(RetourPolicy) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *delivery = format_minor (db, 495);
  RetourPreferencesWindow *preferences = open_preferences (window);
  RetourPolicyPage *page = policy_page (preferences);
  GtkWidget *law = require (preferences, match_group, "Right of Withdrawal");
  GtkWidget *delivery_row = find_row (preferences, "Right of Withdrawal", "Standard Delivery Price");
  GtkWidget *delivery_entry = row_widget (delivery_row, GTK_TYPE_ENTRY);
  GtkWidget *example = require (preferences, match_group, "Example");
  GtkWidget *withdrawal_row = require (example, match_row, "Refund on a Withdrawal");
  GtkWidget *country_row;
  GtkWidget *add_row;
  GtkWidget *row;
  const RetourCategoryRule *rule;

  g_assert_nonnull (law);
  /* Not set until the shop says: the entry is empty. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (delivery_entry)), ==, "");
  g_assert_false (retour_policy_page_get_modified (page));

  /* A 10 % fee: charged on the shop's own return, never on a withdrawal,
   * which the example shows beside it while within the period. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (preferences, "Refunds", "Restocking Fee")), RETOUR_FEE_PERCENT);
  type_into_row (preferences, "Refunds", "Percentage of the Value", "10");
  g_assert_true (gtk_widget_get_visible (withdrawal_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (preferences, "Example", "Refund"))),
                            "Restocking fee of"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (withdrawal_row)),
                            "No restocking fee on a withdrawal"));
  g_assert_cmpstr (example_refund (preferences), !=,
                   gtk_label_get_text (GTK_LABEL (require (withdrawal_row, match_css_class, "title-4"))));
  /* Delivered 30 days ago: past the withdrawal period, the shop's own
   * return only. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_widget (find_row (preferences, "Example", "Delivered"),
                                                          GTK_TYPE_SPIN_BUTTON)), 30);
  g_assert_false (gtk_widget_get_visible (withdrawal_row));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_widget (find_row (preferences, "Example", "Delivered"),
                                                          GTK_TYPE_SPIN_BUTTON)), 10);

  country_row = find_row (preferences, "Right of Withdrawal", "Shop’s Country");
  adw_combo_row_set_selected (ADW_COMBO_ROW (country_row), 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (country_row))),
                                               2), ==, "Germany");
  gtk_switch_set_active (GTK_SWITCH (row_widget (find_row (preferences, "Right of Withdrawal",
                                                           "Customers are told of their right of withdrawal with every order"),
                                                 GTK_TYPE_SWITCH)), FALSE);
  gtk_switch_set_active (GTK_SWITCH (row_widget (find_row (preferences, "Right of Withdrawal",
                                                           "Customers are told they pay for sending a withdrawal back"),
                                                 GTK_TYPE_SWITCH)), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (preferences, "Right of Withdrawal",
                                                       "Delivery Refunded When Part of an Order Is Withdrawn")),
                              RETOUR_PARTIAL_SHIPPING_PRO_RATA);
  g_assert_true (can_save (preferences));

  /* A wrong amount: marked, said why, kept as typed, not saved. */
  gtk_editable_set_text (GTK_EDITABLE (delivery_entry), "4,9,5");
  g_assert_true (gtk_widget_has_css_class (delivery_row, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (delivery_row)), "Not an amount"));
  g_assert_false (can_save (preferences));
  g_assert_false (retour_policy_page_save (page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (delivery_entry)), ==, "4,9,5");
  g_assert_cmpint (count_versions (db), ==, 1);
  /* Empty is not wrong: not set. */
  gtk_editable_set_text (GTK_EDITABLE (delivery_entry), "");
  g_assert_false (gtk_widget_has_css_class (delivery_row, "error"));
  g_assert_true (can_save (preferences));
  gtk_editable_set_text (GTK_EDITABLE (delivery_entry), "4,95");
  g_assert_false (gtk_widget_has_css_class (delivery_row, "error"));

  /* Cheese may perish: the exception, on its rule. */
  add_row = find_row (preferences, "Categories", "Add a Category");
  gtk_editable_set_text (GTK_EDITABLE (add_row), "Cheese");
  g_signal_emit_by_name (add_row, "apply");
  row = find_row (preferences, "Categories", "Cheese");
  g_assert_cmpuint (gtk_drop_down_get_selected (exception_dropdown (row)), ==, RETOUR_EXCEPTION_NONE);
  gtk_drop_down_set_selected (exception_dropdown (row), RETOUR_EXCEPTION_PERISHABLE);
  ui_test_save_png (preferences, "preferences-policy-law.png");

  gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.save-policy", NULL);
  WAIT_UNTIL (!retour_policy_page_get_modified (page));
  g_assert_cmpint (count_versions (db), ==, 2);
  saved = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->version, ==, 2);
  g_assert_cmpstr (saved->shop_country, ==, "DE");
  g_assert_false (saved->withdrawal_info_given);
  g_assert_true (saved->withdrawal_return_cost_customer);
  g_assert_cmpint (saved->partial_withdrawal_shipping, ==, RETOUR_PARTIAL_SHIPPING_PRO_RATA);
  g_assert_cmpint (saved->standard_delivery.minor, ==, 495);
  rule = retour_policy_get_category_rule (saved, "Cheese");
  g_assert_nonnull (rule);
  g_assert_cmpint (rule->exception, ==, RETOUR_EXCEPTION_PERISHABLE);

  /* Opened again: as saved; "Another country" and no standard delivery
   * are saved as nothing. */
  ui_test_close_window (preferences);
  preferences = open_preferences (window);
  page = policy_page (preferences);
  delivery_entry = row_widget (find_row (preferences, "Right of Withdrawal", "Standard Delivery Price"),
                               GTK_TYPE_ENTRY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (delivery_entry)), ==, delivery);
  g_assert_cmpuint (gtk_drop_down_get_selected (exception_dropdown (find_row (preferences, "Categories", "Cheese"))),
                    ==, RETOUR_EXCEPTION_PERISHABLE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (preferences, "Right of Withdrawal", "Shop’s Country")), 4);
  gtk_editable_set_text (GTK_EDITABLE (delivery_entry), " ");
  gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.save-policy", NULL);
  WAIT_UNTIL (!retour_policy_page_get_modified (page));
  g_clear_pointer (&saved, retour_policy_free);
  saved = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->version, ==, 3);
  g_assert_null (saved->shop_country);
  g_assert_cmpint (saved->standard_delivery.minor, <, 0);
  g_assert_false (saved->withdrawal_info_given);

  /* At 360 px, GNOME's narrowest, the new rows fit: the exception goes
   * below its label rather than widen the page. */
  gtk_window_set_default_size (GTK_WINDOW (preferences), 360, 700);
  ui_test_settle (200);
  {
    int minimum = 0;

    gtk_widget_measure (adw_window_get_content (ADW_WINDOW (preferences)), GTK_ORIENTATION_HORIZONTAL, -1,
                        &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  scroll_to (preferences, find_row (preferences, "Right of Withdrawal", "Shop’s Country"));
  ui_test_save_png (preferences, "preferences-policy-law-360.png");
  scroll_to (preferences, find_row (preferences, "Categories", "Cheese"));
  ui_test_save_png (preferences, "preferences-policy-exception-360.png");

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

/* The Shop page: each setting applied on its own, checked and audited. */
static void
test_shop (Fixture       *fixture,
           gconstpointer  data)
{
  RetourWindow *window = ui_test_open_window (app, fixture->path);
  g_autoptr(RetourDatabase) db = open_db (fixture);
  RetourPreferencesWindow *preferences = open_preferences (window);
  GtkWidget *shop = find_of_type (preferences, RETOUR_TYPE_SHOP_PAGE);
  GtkWidget *name_row;
  GtkWidget *email_row;
  GtkWidget *pattern_row;
  GtkWidget *next_row;
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *format = NULL;
  g_autofree char *address = NULL;
  g_autofree char *email = NULL;
  g_autofree char *year = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *compact = NULL;
  g_autoptr(GError) error = NULL;
  const char *next;

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (shop));
  ui_test_settle (100);

  name_row = require (shop, match_row, "Shop Name");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Atelier Noord");
  g_signal_emit_by_name (name_row, "apply");
  name = get_setting (db, RETOUR_SETTING_SHOP_NAME);
  g_assert_cmpstr (name, ==, "Atelier Noord");
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_SETTING, "Atelier Noord"));

  /* A blank name is refused, and stays as typed, marked. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "   ");
  g_signal_emit_by_name (name_row, "apply");
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "   ");
  g_free (name);
  name = get_setting (db, RETOUR_SETTING_SHOP_NAME);
  g_assert_cmpstr (name, ==, "Atelier Noord");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Atelier Noord");

  /* The e-mail address for the withdrawal form: a slip is refused, says
   * why, and stays as typed. */
  email_row = require (shop, match_row, "Shop E-mail Address");
  gtk_editable_set_text (GTK_EDITABLE (email_row), "retouren atelier-noord.nl");
  g_signal_emit_by_name (email_row, "apply");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "retouren atelier-noord.nl");
  g_assert_nonnull (find_widget (shop, match_label_anywhere,
                                 "Not an e-mail address: type one such as returns@example.com"));
  email = get_setting (db, RETOUR_SETTING_SHOP_EMAIL);
  g_assert_null (email);
  gtk_editable_set_text (GTK_EDITABLE (email_row), "retouren@@atelier-noord.nl");
  g_signal_emit_by_name (email_row, "apply");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (email_row), " retouren@atelier-noord.nl ");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_signal_emit_by_name (email_row, "apply");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  email = get_setting (db, RETOUR_SETTING_SHOP_EMAIL);
  g_assert_cmpstr (email, ==, "retouren@atelier-noord.nl");
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_SETTING, "retouren@atelier-noord.nl"));

  /* The address, line by line. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_of_type (shop, GTK_TYPE_TEXT_VIEW))),
                            "Atelier Noord Retouren\n  Havenstraat 12\n\n1234 AB Zwolle\n", -1);
  gtk_widget_activate_action (shop, "shop.apply-address", NULL);
  address = get_setting (db, RETOUR_SETTING_RETURN_ADDRESS);
  g_assert_cmpstr (address, ==, "Atelier Noord Retouren\nHavenstraat 12\n1234 AB Zwolle");

  adw_combo_row_set_selected (ADW_COMBO_ROW (require (shop, match_row, "Default Label Format")), 2);
  format = get_setting (db, RETOUR_SETTING_LABEL_FORMAT);
  g_assert_cmpstr (format, ==, "a4");

  /* A pattern without a check character: the parser's message, and it
   * cannot be applied. */
  pattern_row = require (shop, match_row, "Number Pattern");
  next_row = require (shop, match_row, "Next Number");
  gtk_editable_set_text (GTK_EDITABLE (pattern_row), "R{YY}{SEQ:6}");
  g_assert_true (gtk_widget_has_css_class (pattern_row, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (next_row)), ==, "Not a Valid Pattern");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (next_row)), "CHECK"));
  ui_test_save_png (preferences, "preferences-shop-invalid.png");
  g_signal_emit_by_name (pattern_row, "apply");
  pattern = get_setting (db, RETOUR_SETTING_NUMBER_PATTERN);
  g_assert_cmpstr (pattern, ==, RETOUR_RMA_NUMBER_DEFAULT_PATTERN);

  /* A valid one: the next number shows, and applying stores it. */
  gtk_editable_set_text (GTK_EDITABLE (pattern_row), "RT{YYYY}{SEQ:5}{CHECK}");
  g_assert_false (gtk_widget_has_css_class (pattern_row, "error"));
  next = gtk_label_get_text (GTK_LABEL (require (next_row, match_css_class, "rma-number")));
  year = g_date_time_format (now, "RT%Y");
  /* The counter has not moved: the first number of the shop. */
  compact = retour_rma_number_parse (next, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (compact), ==, strlen ("RT202600001K"));
  g_assert_true (g_str_has_prefix (compact, year));
  g_assert_true (g_str_has_prefix (compact + strlen (year), "00001"));
  ui_test_save_png (preferences, "preferences-shop.png");
  g_signal_emit_by_name (pattern_row, "apply");
  g_free (pattern);
  pattern = get_setting (db, RETOUR_SETTING_NUMBER_PATTERN);
  g_assert_cmpstr (pattern, ==, "RT{YYYY}{SEQ:5}{CHECK}");
  g_assert_true (audit_mentions (db, RETOUR_AUDIT_SETTING, "RT{YYYY}{SEQ:5}{CHECK}"));

  /* The Policy page shows what was changed here. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "policy");
  ui_test_settle (100);
  g_assert_nonnull (find_widget (require (preferences, match_group, "Recent Changes"), match_row,
                                 "Shop name set to “Atelier Noord”"));

  ui_test_close_window (preferences);
  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  app = ui_test_init_application (&argc, &argv, "the policy preferences tests");
  if (app == NULL)
    return 77;

  g_test_add ("/ui/policy-preferences/save", Fixture, NULL,
              ui_test_shop_set_up, test_policy_save, ui_test_shop_tear_down);
  g_test_add ("/ui/policy-preferences/invalid", Fixture, NULL,
              ui_test_shop_set_up, test_policy_invalid, ui_test_shop_tear_down);
  g_test_add ("/ui/policy-preferences/categories", Fixture, NULL,
              ui_test_shop_set_up, test_policy_categories, ui_test_shop_tear_down);
  g_test_add ("/ui/policy-preferences/reasons", Fixture, NULL,
              ui_test_shop_set_up, test_policy_reasons, ui_test_shop_tear_down);
  g_test_add ("/ui/policy-preferences/law", Fixture, NULL,
              ui_test_shop_set_up, test_policy_law, ui_test_shop_tear_down);
  g_test_add ("/ui/policy-preferences/shop", Fixture, NULL,
              ui_test_shop_set_up, test_shop, ui_test_shop_tear_down);

  return ui_test_run (&app);
}
