/* test-policy-store.c — saving the policy and the shop's settings as the
 * preferences do: versions, reason snapshots, the audit trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "retour-audit-store.h"
#include "retour-catalog-store.h"
#include "retour-check.h"
#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"
#include "retour-test-db.h"

#define NOW_US (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC)  /* 2026-11-18 */
#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

typedef struct
{
  char           *dir;
  RetourDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->db = retour_test_db_new ("retour-test-policy-XXXXXX", &f->dir, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
}

static RetourPolicy *
current_policy (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RetourPolicy *policy = retour_policy_store_load_current (f->db, &error);

  g_assert_no_error (error);
  return policy;
}

static GPtrArray *
all_reasons (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *reasons = retour_policy_store_list_reasons (f->db, TRUE, &error);

  g_assert_no_error (error);
  return reasons;
}

static RetourReason *
reason_by_code (GPtrArray  *reasons,
                const char *code)
{
  for (guint i = 0; i < reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (reasons, i);

      if (g_strcmp0 (reason->code, code) == 0)
        return reason;
    }

  g_assert_not_reached ();
}

static guint
audit_count (Fixture    *f,
             const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = retour_audit_store_list (f->db, subject, 0, &error);

  g_assert_no_error (error);
  return events->len;
}

static gboolean
audit_has (Fixture    *f,
           const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = retour_audit_store_list (f->db, NULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      const RetourAuditEvent *event = g_ptr_array_index (events, i);

      if (strstr (event->detail, needle) != NULL)
        {
          g_assert_cmpstr (event->actor, ==, "Anna");
          g_assert_cmpint (event->created_us, ==, NOW_US);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
save (Fixture       *f,
      RetourPolicy  *policy,
      GPtrArray     *reasons,
      gboolean      *new_version,
      GError       **error)
{
  return retour_policy_store_save (f->db, policy, reasons, "Anna", NOW_US, new_version, error);
}

/* A return of one 49.95 item for @reason_code, under @policy_id. */
static RetourRma *
sample_rma (Fixture    *f,
            gint64      policy_id,
            const char *reason_code)
{
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  RetourRma *rma = retour_rma_new ("EUR", NOW_US);
  RetourRmaLine *line = retour_rma_line_new ();

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->policy_id = policy_id;
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  g_free (line->title);
  line->title = g_strdup ("Linen shirt");
  line->sku = g_strdup ("SHIRT-L");
  line->unit_price = retour_money_init (4995, "EUR");
  line->qty_ordered = 1;
  line->qty_requested = 1;
  line->reason_id = reason_by_code (reasons, reason_code)->id;
  retour_rma_add_line (rma, line);

  return rma;
}

/* The refund of @rma as reopening it computes it: its own policy version
 * and the reasons as they are now. */
static gint64
refund_of (Fixture   *f,
           RetourRma *rma)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourPolicy) policy = retour_policy_store_load (f->db, rma->policy_id, &error);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(RetourRefundQuote) quote = NULL;

  g_assert_no_error (error);
  quote = retour_policy_quote (policy, rma, reasons, &error);
  g_assert_no_error (error);

  return quote->total.minor;
}

static void
test_unchanged_save_adds_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GError) error = NULL;
  gint64 id = policy->id;
  gboolean new_version = TRUE;

  g_assert_true (save (f, policy, reasons, &new_version, &error));
  g_assert_no_error (error);
  g_assert_false (new_version);
  g_assert_cmpint (policy->id, ==, id);
  g_assert_cmpuint (audit_count (f, NULL), ==, 0);
}

static void
test_changed_policy_is_a_new_version (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(RetourPolicy) reloaded = NULL;
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GError) error = NULL;
  gint64 old_id = policy->id;
  gboolean new_version = FALSE;

  policy->window_days = 30;
  policy->window_from = RETOUR_WINDOW_FROM_ORDER;
  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  policy->allowed_refund_methods = RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_BANK_TRANSFER);
  g_ptr_array_add (policy->category_rules, retour_category_rule_new ("Sale", -1, TRUE));

  g_assert_true (save (f, policy, reasons, &new_version, &error));
  g_assert_no_error (error);
  g_assert_true (new_version);
  g_assert_cmpint (policy->id, !=, old_id);
  g_assert_cmpuint (policy->version, ==, 2);

  reloaded = current_policy (f);
  g_assert_cmpint (reloaded->id, ==, policy->id);
  g_assert_true (retour_policy_equal (reloaded, policy));
  g_assert_cmpint (reloaded->window_from, ==, RETOUR_WINDOW_FROM_ORDER);
  g_assert_cmpuint (reloaded->allowed_refund_methods, ==,
                    RETOUR_REFUND_METHOD_MASK (RETOUR_REFUND_METHOD_BANK_TRANSFER));
  g_assert_cmpuint (reloaded->reason_rules->len, ==, reasons->len);

  /* Said in words, by whom and when. */
  g_assert_true (audit_has (f, "Policy version 2"));
  g_assert_true (audit_has (f, "14 → 30"));
  g_assert_true (audit_has (f, "10 %"));
  g_assert_true (audit_has (f, "Sale"));
}

static void
test_old_return_keeps_its_refund (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(RetourRma) old_rma = sample_rma (f, policy->id, "changed-mind");
  g_autoptr(RetourRma) new_rma = NULL;
  g_autoptr(GError) error = NULL;
  RetourReason *changed_mind;
  gint64 before;

  /* 49.95 less 6.95 return shipping: the customer's own reason. */
  before = refund_of (f, old_rma);
  g_assert_cmpint (before, ==, 4300);

  /* The shop now takes "changed my mind" on itself and charges a fee on
   * the rest: a new version. */
  changed_mind = reason_by_code (reasons, "changed-mind");
  changed_mind->controllable = TRUE;
  policy->restocking_fee_kind = RETOUR_FEE_FIXED;
  policy->restocking_fee_fixed = retour_money_init (500, "EUR");
  g_assert_true (save (f, policy, reasons, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (audit_has (f, "responsibility"));

  /* Reopening the old return computes what it did before. */
  g_assert_cmpint (refund_of (f, old_rma), ==, before);

  /* A return under the new version: no fee, no shipping deducted. */
  new_rma = sample_rma (f, policy->id, "changed-mind");
  g_assert_cmpint (refund_of (f, new_rma), ==, 4995);
}

static void
test_reason_without_fee (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(RetourRma) two_sizes = NULL;
  g_autoptr(RetourRma) wrong_size = NULL;
  g_autoptr(GError) error = NULL;

  policy->restocking_fee_kind = RETOUR_FEE_PERCENT;
  policy->restocking_fee_basis_points = 1000;
  reason_by_code (reasons, "ordered-several")->restocking_fee = FALSE;
  g_assert_true (save (f, policy, reasons, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (audit_has (f, "restocking fee: no"));

  /* 49.95 − 6.95 shipping, no fee for "ordered several". */
  two_sizes = sample_rma (f, policy->id, "ordered-several");
  g_assert_cmpint (refund_of (f, two_sizes), ==, 4300);
  /* 49.95 − 5.00 (10 %, rounded half away from zero) − 6.95. */
  wrong_size = sample_rma (f, policy->id, "wrong-size");
  g_assert_cmpint (refund_of (f, wrong_size), ==, 3800);
}

static void
test_reasons_add_rename_retire_reorder (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GPtrArray) offered = NULL;
  g_autoptr(GPtrArray) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  RetourReason *added = retour_reason_new ("", "Too small — ‘kleiner’ 😕", FALSE);
  RetourReason *first;
  gint64 first_id;
  gboolean new_version = FALSE;

  g_clear_pointer (&added->code, g_free);
  g_ptr_array_insert (reasons, 0, added);
  reason_by_code (reasons, "better-price")->retired = TRUE;
  g_free (reason_by_code (reasons, "wrong-size")->label);
  reason_by_code (reasons, "wrong-size")->label = g_strdup ("  Does not fit ");
  /* Move the last one up to second place. */
  first = g_ptr_array_steal_index (reasons, reasons->len - 1);
  first_id = first->id;
  g_ptr_array_insert (reasons, 1, first);

  g_assert_true (save (f, policy, reasons, &new_version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (added->id, >, 0);
  g_assert_cmpstr (added->code, ==, "too-small-kleiner");
  /* A new reason needs a rule, so a new version. */
  g_assert_true (new_version);

  reloaded = all_reasons (f);
  g_assert_cmpuint (reloaded->len, ==, reasons->len);
  for (guint i = 0; i < reloaded->len; i++)
    {
      RetourReason *saved = g_ptr_array_index (reloaded, i);
      RetourReason *wanted = g_ptr_array_index (reasons, i);

      g_assert_cmpint (saved->id, ==, wanted->id);
      g_assert_cmpstr (saved->label, ==, wanted->label);
      g_assert_cmpuint (saved->position, ==, i);
    }
  g_assert_cmpint (((RetourReason *) g_ptr_array_index (reloaded, 1))->id, ==, first_id);
  g_assert_cmpstr (reason_by_code (reloaded, "wrong-size")->label, ==, "Does not fit");

  offered = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offered->len, ==, reloaded->len - 1);

  g_assert_true (audit_has (f, "Too small"));
  g_assert_true (audit_has (f, "renamed to “Does not fit”"));
  g_assert_true (audit_has (f, "retired"));
  g_assert_true (audit_has (f, "new order"));
}

static void
test_invalid_save_writes_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(RetourPolicy) still = NULL;
  g_autoptr(GError) error = NULL;
  RetourReason *duplicate = retour_reason_new ("x", "changed MY mind", FALSE);
  guint index = 0;

  policy->window_days = 60;
  g_ptr_array_add (reasons, duplicate);
  g_assert_false (retour_policy_store_validate_reasons (reasons, &index, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_cmpuint (index, ==, reasons->len - 1);
  g_clear_error (&error);

  g_assert_false (save (f, policy, reasons, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* The caller's draft is untouched: the new reason has no id yet. */
  g_assert_cmpint (duplicate->id, ==, 0);

  /* A blank name. */
  g_free (duplicate->label);
  duplicate->label = g_strdup ("   ");
  g_assert_false (retour_policy_store_validate_reasons (reasons, &index, &error));
  g_assert_cmpuint (index, ==, reasons->len - 1);
  g_clear_error (&error);

  /* Everything retired. */
  g_ptr_array_remove_index (reasons, reasons->len - 1);
  for (guint i = 0; i < reasons->len; i++)
    ((RetourReason *) g_ptr_array_index (reasons, i))->retired = TRUE;
  g_assert_false (retour_policy_store_validate_reasons (reasons, NULL, &error));
  g_clear_error (&error);

  /* A policy that does not validate. */
  for (guint i = 0; i < reasons->len; i++)
    ((RetourReason *) g_ptr_array_index (reasons, i))->retired = FALSE;
  policy->allowed_resolutions = 0;
  g_assert_false (save (f, policy, reasons, NULL, &error));
  g_assert_error (error, RETOUR_POLICY_ERROR, RETOUR_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  still = current_policy (f);
  g_assert_cmpuint (still->version, ==, 1);
  g_assert_cmpuint (still->window_days, ==, 14);
  after = all_reasons (f);
  g_assert_cmpuint (after->len, ==, 9);
  g_assert_cmpuint (audit_count (f, NULL), ==, 0);
}

static void
test_failed_write_rolls_back (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  /* The audit trail refuses writes: the reasons written before it must go. */
  if (retour_test_db_is_shared ())
    g_assert_true (retour_database_exec (f->db,
                                         "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS "
                                         "$$ BEGIN RAISE EXCEPTION 'no'; END $$; "
                                         "CREATE TRIGGER refuse BEFORE INSERT ON audit_event "
                                         "FOR EACH ROW EXECUTE FUNCTION refuse ()",
                                         &error));
  else
    g_assert_true (retour_database_exec (f->db,
                                         "CREATE TEMP TRIGGER refuse BEFORE INSERT ON audit_event "
                                         "BEGIN SELECT RAISE (ABORT, 'no'); END",
                                         &error));
  g_assert_no_error (error);

  g_free (reason_by_code (reasons, "wrong-size")->label);
  reason_by_code (reasons, "wrong-size")->label = g_strdup ("Does not fit");
  policy->window_days = 30;
  g_assert_false (save (f, policy, reasons, NULL, &error));
  g_assert_nonnull (error);

  after = all_reasons (f);
  g_assert_cmpstr (reason_by_code (after, "wrong-size")->label, !=, "Does not fit");
  {
    g_autoptr(RetourPolicy) still = current_policy (f);

    g_assert_cmpuint (still->version, ==, 1);
  }
}

static void
test_settings_are_checked_and_audited (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;

  g_assert_false (retour_setting_store_change (f->db, RETOUR_SETTING_SHOP_NAME, "   ", "Anna", NOW_US, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (retour_setting_store_change (f->db, RETOUR_SETTING_SHOP_NAME, " Fietsen & Co ", "Anna", NOW_US, &error));
  g_assert_no_error (error);
  name = retour_setting_store_get (f->db, RETOUR_SETTING_SHOP_NAME, NULL, &error);
  g_assert_cmpstr (name, ==, "Fietsen & Co");
  g_assert_true (audit_has (f, "Fietsen & Co"));

  /* The same value again writes nothing. */
  g_assert_true (retour_setting_store_change (f->db, RETOUR_SETTING_SHOP_NAME, "Fietsen & Co", "Anna", NOW_US, &error));
  g_assert_cmpuint (audit_count (f, RETOUR_AUDIT_SETTING), ==, 1);

  g_assert_false (retour_setting_store_change (f->db, RETOUR_SETTING_NUMBER_PATTERN, "R{YY}", "Anna", NOW_US, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (retour_setting_store_change (f->db, RETOUR_SETTING_LABEL_FORMAT, "letter", "Anna", NOW_US, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (retour_setting_store_change (f->db, RETOUR_SETTING_RETURN_ADDRESS, "\n \n", "Anna", NOW_US, &error));
  g_clear_error (&error);

  g_assert_true (retour_setting_store_change (f->db, RETOUR_SETTING_NUMBER_PATTERN, "RT{YYYY}{SEQ:5}{CHECK}",
                                              "Anna", NOW_US, &error));
  g_assert_no_error (error);
  pattern = retour_setting_store_get (f->db, RETOUR_SETTING_NUMBER_PATTERN, NULL, &error);
  g_assert_cmpstr (pattern, ==, "RT{YYYY}{SEQ:5}{CHECK}");
  g_assert_cmpuint (audit_count (f, RETOUR_AUDIT_SETTING), ==, 2);

  /* The next number is read without taking it. */
  {
    guint64 peeked = 0, taken = 0;

    g_assert_true (retour_setting_store_peek_sequence (f->db, RETOUR_SEQUENCE_RMA_NUMBER, &peeked, &error));
    g_assert_cmpuint (peeked, ==, 1);
    g_assert_true (retour_setting_store_peek_sequence (f->db, RETOUR_SEQUENCE_RMA_NUMBER, &peeked, &error));
    g_assert_cmpuint (peeked, ==, 1);
    g_assert_true (retour_setting_store_next_sequence (f->db, RETOUR_SEQUENCE_RMA_NUMBER, &taken, &error));
    g_assert_cmpuint (taken, ==, 1);
    g_assert_true (retour_setting_store_peek_sequence (f->db, RETOUR_SEQUENCE_RMA_NUMBER, &peeked, &error));
    g_assert_cmpuint (peeked, ==, 2);
    g_assert_no_error (error);
  }

  /* The trail cannot be rewritten. */
  g_assert_false (retour_database_exec (f->db, "DELETE FROM audit_event", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
}

static void
test_policy_check_passes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GError) error = NULL;

  policy->keep_it_threshold = retour_money_init (1000, "EUR");
  g_assert_true (save (f, policy, reasons, NULL, &error));
  g_assert_no_error (error);

  retour_test_db_assert_ok (f->db, RETOUR_CHECK_FULL);

  /* A version is never edited, nor its reason rules. */
  g_assert_false (retour_database_exec (f->db, "UPDATE policy_reason SET controllable = 1", &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
}

/* What customers read for a reason, per language: saved with the
 * reasons, read back with them, audited, and gone when cleared. */
static void
test_reason_names_for_customers (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(RetourPolicy) policy = current_policy (f);
  g_autoptr(GPtrArray) reasons = all_reasons (f);
  g_autoptr(GPtrArray) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  RetourReason *size = reason_by_code (reasons, "wrong-size");
  int de = retour_customer_language_index ("de_AT.UTF-8");
  int nl = retour_customer_language_index ("nl");

  g_assert_cmpint (de, ==, 3);
  g_assert_cmpint (nl, ==, 1);
  g_assert_cmpint (retour_customer_language_index ("es"), ==, -1);
  g_assert_cmpstr (retour_customer_language_for_country ("BE"), ==, "nl");
  g_assert_cmpstr (retour_customer_language_for_country ("at"), ==, "de");
  g_assert_null (retour_customer_language_for_country ("US"));

  size->customer_names[de] = g_strdup ("Passt nicht");
  size->customer_names[nl] = g_strdup ("Past niet");
  g_assert_true (save (f, policy, reasons, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (audit_has (f, "German name for customers of reason"));

  reloaded = all_reasons (f);
  g_assert_cmpstr (reason_by_code (reloaded, "wrong-size")->customer_names[de], ==, "Passt nicht");
  g_assert_cmpstr (reason_by_code (reloaded, "wrong-size")->customer_names[nl], ==, "Past niet");
  g_assert_null (reason_by_code (reloaded, "wrong-size")->customer_names[0]);
  g_assert_null (reason_by_code (reloaded, "changed-mind")->customer_names[de]);
  /* Still Retour's own name: translated for customers by Retour. */
  g_assert_cmpstr (retour_policy_store_default_reason_text (reason_by_code (reloaded, "changed-mind")), ==,
                   "Changed my mind");

  g_clear_pointer (&reason_by_code (reloaded, "wrong-size")->customer_names[nl], g_free);
  g_assert_true (save (f, policy, reloaded, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&reasons, g_ptr_array_unref);
  reasons = all_reasons (f);
  g_assert_null (reason_by_code (reasons, "wrong-size")->customer_names[nl]);
  g_assert_cmpstr (reason_by_code (reasons, "wrong-size")->customer_names[de], ==, "Passt nicht");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/policy-store/unchanged-save-adds-nothing", test_unchanged_save_adds_nothing);
  ADD ("/policy-store/changed-policy-is-a-new-version", test_changed_policy_is_a_new_version);
  ADD ("/policy-store/old-return-keeps-its-refund", test_old_return_keeps_its_refund);
  ADD ("/policy-store/reason-without-fee", test_reason_without_fee);
  ADD ("/policy-store/reasons-add-rename-retire-reorder", test_reasons_add_rename_retire_reorder);
  ADD ("/policy-store/reason-names-for-customers", test_reason_names_for_customers);
  ADD ("/policy-store/invalid-save-writes-nothing", test_invalid_save_writes_nothing);
  ADD ("/policy-store/failed-write-rolls-back", test_failed_write_rolls_back);
  ADD ("/policy-store/settings-are-checked-and-audited", test_settings_are_checked_and_audited);
  ADD ("/policy-store/check-passes", test_policy_check_passes);

  return g_test_run ();
}
