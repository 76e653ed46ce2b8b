/* retour-policy-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "retour-audit-store.h"
#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"

#define POLICY_COLUMNS \
  "id, version, window_days, refund_timing, restocking_fee_kind, " \
  "restocking_fee_basis_points, restocking_fee_fixed_minor, return_shipping_minor, " \
  "keep_it_threshold_minor, currency, allowed_resolutions, window_from, allowed_refund_methods, " \
  "fee_resolutions, shop_country, withdrawal_info_given, withdrawal_return_cost_customer, " \
  "partial_withdrawal_shipping, standard_delivery_minor"

static gpointer
category_rule_from_row (RetourStmt *stmt,
                        gpointer    user_data)
{
  RetourCategoryRule *rule = g_new0 (RetourCategoryRule, 1);

  rule->category = retour_stmt_dup_text (stmt, 0);
  rule->window_days = retour_stmt_column_int (stmt, 1);
  rule->final_sale = retour_stmt_column_int (stmt, 2) != 0;
  rule->exception = retour_stmt_get_enum (stmt, 3, RETOUR_TYPE_WITHDRAWAL_EXCEPTION, RETOUR_EXCEPTION_NONE);

  return rule;
}

static gboolean
load_category_rules (RetourDatabase  *db,
                     RetourPolicy    *policy,
                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  stmt = retour_database_prepare (db,
                                  "SELECT category, window_days, final_sale, exception FROM policy_category "
                                  "WHERE policy_id = ? ORDER BY category",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, policy->id);

  return retour_stmt_collect_into (stmt, policy->category_rules, category_rule_from_row, NULL, error);
}

static gboolean
load_reason_rules (RetourDatabase  *db,
                   RetourPolicy    *policy,
                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gboolean ok;

  stmt = retour_database_prepare (db,
                                  "SELECT reason_id, controllable, restocking_fee FROM policy_reason "
                                  "WHERE policy_id = ? ORDER BY reason_id",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, policy->id);
  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    retour_policy_set_reason_rule (policy,
                                   retour_stmt_column_int64 (stmt, 0),
                                   retour_stmt_column_int (stmt, 1) != 0,
                                   retour_stmt_column_int (stmt, 2) != 0);

  return ok;
}

static RetourPolicy *
load_policy_where (RetourDatabase  *db,
                   const char      *sql,
                   gint64           id,
                   GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  g_autoptr(RetourPolicy) policy = NULL;
  g_autofree char *currency = NULL;

  if (stmt == NULL)
    return NULL;

  if (id > 0)
    retour_stmt_bind_int64 (stmt, 1, id);

  if (!retour_stmt_step_row (stmt, _("The return policy is missing from the database."), error))
    return NULL;

  currency = retour_stmt_dup_text (stmt, 9);
  policy = retour_policy_new_default (currency);
  policy->id = retour_stmt_column_int64 (stmt, 0);
  policy->version = retour_stmt_column_int (stmt, 1);
  policy->window_days = retour_stmt_column_int (stmt, 2);
  policy->refund_timing = retour_stmt_get_enum (stmt, 3, RETOUR_TYPE_REFUND_TIMING,
                                                RETOUR_REFUND_TIMING_AFTER_INSPECTION);
  policy->restocking_fee_kind = retour_stmt_get_enum (stmt, 4, RETOUR_TYPE_FEE_KIND, RETOUR_FEE_NONE);
  policy->restocking_fee_basis_points = retour_stmt_column_int (stmt, 5);
  policy->restocking_fee_fixed = retour_money_init (retour_stmt_column_int64 (stmt, 6), currency);
  policy->return_shipping = retour_money_init (retour_stmt_column_int64 (stmt, 7), currency);
  policy->keep_it_threshold = retour_money_init (retour_stmt_column_int64 (stmt, 8), currency);
  policy->allowed_resolutions = retour_stmt_column_int (stmt, 10);
  policy->window_from = retour_stmt_get_enum (stmt, 11, RETOUR_TYPE_WINDOW_FROM, RETOUR_WINDOW_FROM_DELIVERY);
  policy->allowed_refund_methods = retour_stmt_column_int (stmt, 12);
  policy->fee_resolutions = retour_stmt_column_int (stmt, 13);
  policy->shop_country = retour_stmt_dup_text (stmt, 14);
  policy->withdrawal_info_given = retour_stmt_column_int (stmt, 15) != 0;
  policy->withdrawal_return_cost_customer = retour_stmt_column_int (stmt, 16) != 0;
  policy->partial_withdrawal_shipping = retour_stmt_get_enum (stmt, 17, RETOUR_TYPE_PARTIAL_SHIPPING,
                                                              RETOUR_PARTIAL_SHIPPING_NONE);
  policy->standard_delivery = retour_money_init (retour_stmt_column_int64 (stmt, 18), currency);
  g_ptr_array_set_size (policy->category_rules, 0);
  g_array_set_size (policy->reason_rules, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!load_category_rules (db, policy, error) ||
      !load_reason_rules (db, policy, error))
    return NULL;

  return g_steal_pointer (&policy);
}

RetourPolicy *
retour_policy_store_load_current (RetourDatabase  *db,
                                  GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  return load_policy_where (db,
                            "SELECT " POLICY_COLUMNS " FROM policy ORDER BY version DESC LIMIT 1",
                            0, error);
}

RetourPolicy *
retour_policy_store_load (RetourDatabase  *db,
                          gint64           policy_id,
                          GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  return load_policy_where (db, "SELECT " POLICY_COLUMNS " FROM policy WHERE id = ?",
                            policy_id, error);
}

/* The policy's own reason rules, or else the reasons' flags as they are. */
static gboolean
store_reason_rules (RetourDatabase      *db,
                    gint64               policy_id,
                    const RetourPolicy  *policy,
                    GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  if (policy->reason_rules == NULL || policy->reason_rules->len == 0)
    {
      stmt = retour_database_prepare (db,
                                      "INSERT INTO policy_reason (policy_id, reason_id, controllable, restocking_fee) "
                                      "SELECT ?, id, controllable, restocking_fee FROM reason",
                                      error);
      if (stmt == NULL)
        return FALSE;

      retour_stmt_bind_int64 (stmt, 1, policy_id);
      return retour_stmt_run (stmt, error);
    }

  for (guint i = 0; i < policy->reason_rules->len; i++)
    {
      const RetourReasonRule *rule = &g_array_index (policy->reason_rules, RetourReasonRule, i);
      g_autoptr(GError) local_error = NULL;

      stmt = retour_database_prepare (db,
                                      "INSERT INTO policy_reason (policy_id, reason_id, controllable, restocking_fee) "
                                      "VALUES (?, ?, ?, ?)",
                                      error);
      if (stmt == NULL)
        return FALSE;

      retour_stmt_bind_int64 (stmt, 1, policy_id);
      retour_stmt_bind_int64 (stmt, 2, rule->reason_id);
      retour_stmt_bind_int (stmt, 3, rule->controllable);
      retour_stmt_bind_int (stmt, 4, rule->restocking_fee);
      if (!retour_stmt_run (stmt, &local_error))
        {
          if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT))
            g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                                 _("The policy names a reason that does not exist."));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      retour_stmt_release (g_steal_pointer (&stmt));
    }

  return TRUE;
}

gboolean
retour_policy_store_add_version (RetourDatabase  *db,
                                 RetourPolicy    *policy,
                                 gint64           now_us,
                                 GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;
  gint64 id;
  guint version;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  if (!retour_policy_validate (policy, error))
    return FALSE;

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db,
                                  "INSERT INTO policy (version, created_us, window_days, refund_timing, "
                                  "restocking_fee_kind, restocking_fee_basis_points, "
                                  "restocking_fee_fixed_minor, return_shipping_minor, "
                                  "keep_it_threshold_minor, currency, allowed_resolutions, window_from, "
                                  "allowed_refund_methods, fee_resolutions, shop_country, "
                                  "withdrawal_info_given, withdrawal_return_cost_customer, "
                                  "partial_withdrawal_shipping, standard_delivery_minor) "
                                  "VALUES ((SELECT coalesce (max (version), 0) + 1 FROM policy), "
                                  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                                  "?17, ?18) RETURNING id, version",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, now_us);
  retour_stmt_bind_int (stmt, 2, policy->window_days);
  retour_stmt_bind_enum (stmt, 3, RETOUR_TYPE_REFUND_TIMING, policy->refund_timing);
  retour_stmt_bind_enum (stmt, 4, RETOUR_TYPE_FEE_KIND, policy->restocking_fee_kind);
  retour_stmt_bind_int (stmt, 5, policy->restocking_fee_basis_points);
  retour_stmt_bind_int64 (stmt, 6, policy->restocking_fee_fixed.minor);
  retour_stmt_bind_int64 (stmt, 7, policy->return_shipping.minor);
  retour_stmt_bind_int64 (stmt, 8, policy->keep_it_threshold.minor);
  retour_stmt_bind_text (stmt, 9, policy->return_shipping.currency);
  retour_stmt_bind_int (stmt, 10, policy->allowed_resolutions);
  retour_stmt_bind_enum (stmt, 11, RETOUR_TYPE_WINDOW_FROM, policy->window_from);
  retour_stmt_bind_int (stmt, 12, policy->allowed_refund_methods);
  retour_stmt_bind_int (stmt, 13, policy->fee_resolutions);
  retour_stmt_bind_text (stmt, 14, policy->shop_country);
  retour_stmt_bind_int (stmt, 15, policy->withdrawal_info_given);
  retour_stmt_bind_int (stmt, 16, policy->withdrawal_return_cost_customer);
  retour_stmt_bind_enum (stmt, 17, RETOUR_TYPE_PARTIAL_SHIPPING, policy->partial_withdrawal_shipping);
  retour_stmt_bind_int64 (stmt, 18, policy->standard_delivery.minor);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  id = retour_stmt_column_int64 (stmt, 0);
  version = retour_stmt_column_int (stmt, 1);
  retour_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < policy->category_rules->len; i++)
    {
      const RetourCategoryRule *rule = g_ptr_array_index (policy->category_rules, i);
      g_autoptr(RetourStmt) rule_stmt = NULL;

      rule_stmt = retour_database_prepare (db,
                                           "INSERT INTO policy_category (policy_id, category, window_days, "
                                           "final_sale, exception) VALUES (?, ?, ?, ?, ?)",
                                           error);
      if (rule_stmt == NULL)
        return FALSE;

      retour_stmt_bind_int64 (rule_stmt, 1, id);
      retour_stmt_bind_text (rule_stmt, 2, rule->category);
      retour_stmt_bind_int (rule_stmt, 3, rule->window_days);
      retour_stmt_bind_int (rule_stmt, 4, rule->final_sale);
      retour_stmt_bind_enum (rule_stmt, 5, RETOUR_TYPE_WITHDRAWAL_EXCEPTION, rule->exception);
      if (!retour_stmt_run (rule_stmt, error))
        return FALSE;
    }

  if (!store_reason_rules (db, id, policy, error))
    return FALSE;

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  policy->id = id;
  policy->version = version;

  return TRUE;
}

static gpointer
reason_from_row (RetourStmt *stmt,
                 gpointer    user_data)
{
  RetourReason *reason = retour_reason_new (retour_stmt_column_text (stmt, 1),
                                            retour_stmt_column_text (stmt, 2),
                                            retour_stmt_column_int (stmt, 3) != 0);

  reason->id = retour_stmt_column_int64 (stmt, 0);
  reason->requires_photo = retour_stmt_column_int (stmt, 4) != 0;
  reason->position = retour_stmt_column_int (stmt, 5);
  reason->retired = retour_stmt_column_int (stmt, 6) != 0;
  reason->restocking_fee = retour_stmt_column_int (stmt, 7) != 0;

  return reason;
}

/* What customers read for each of @reasons, in each language the shop
 * named it in. */
static gboolean
load_customer_names (RetourDatabase  *db,
                     GPtrArray       *reasons,
                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db, "SELECT reason_id, language, name FROM reason_name", error);
  if (stmt == NULL)
    return FALSE;

  while (retour_stmt_step (stmt, &has_row, error) && has_row)
    {
      RetourReason *reason = (RetourReason *) retour_reason_find (reasons, retour_stmt_column_int64 (stmt, 0));
      int index = retour_customer_language_index (retour_stmt_column_text (stmt, 1));

      if (reason != NULL && index >= 0)
        {
          g_free (reason->customer_names[index]);
          reason->customer_names[index] = retour_stmt_dup_text (stmt, 2);
        }
    }

  return error == NULL || *error == NULL;
}

/* Replaces what customers read for @reason with its customer_names. */
static gboolean
write_customer_names (RetourDatabase      *db,
                      const RetourReason  *reason,
                      GError             **error)
{
  g_autoptr(RetourStmt) clear = NULL;

  clear = retour_database_prepare (db, "DELETE FROM reason_name WHERE reason_id = ?1", error);
  if (clear == NULL)
    return FALSE;
  retour_stmt_bind_int64 (clear, 1, reason->id);
  if (!retour_stmt_run (clear, error))
    return FALSE;

  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (reason->customer_names[i] != NULL ? reason->customer_names[i] : ""));
      g_autoptr(RetourStmt) stmt = NULL;

      if (*name == '\0')
        continue;
      stmt = retour_database_prepare (db, "INSERT INTO reason_name (reason_id, language, name) VALUES (?1, ?2, ?3)",
                                      error);
      if (stmt == NULL)
        return FALSE;
      retour_stmt_bind_int64 (stmt, 1, reason->id);
      retour_stmt_bind_text (stmt, 2, retour_customer_language_code (i));
      retour_stmt_bind_text (stmt, 3, name);
      if (!retour_stmt_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
retour_policy_store_list_reasons (RetourDatabase  *db,
                                  gboolean         include_retired,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GPtrArray) reasons = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, code, label, controllable, requires_photo, position, retired, "
                                  "restocking_fee FROM reason WHERE ?1 = 1 OR retired = 0 ORDER BY position, id",
                                  error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_int (stmt, 1, include_retired);

  reasons = retour_stmt_collect (stmt, reason_from_row, NULL, (GDestroyNotify) retour_reason_free, error);
  if (reasons == NULL || !load_customer_names (db, reasons, error))
    return NULL;

  return g_steal_pointer (&reasons);
}

gboolean
retour_policy_store_add_reason (RetourDatabase  *db,
                                RetourReason    *reason,
                                GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (reason != NULL && reason->code != NULL && reason->label != NULL, FALSE);

  if (*g_strstrip (reason->label) == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A reason needs a name."));
      return FALSE;
    }

  stmt = retour_database_prepare (db,
                                  "INSERT INTO reason (code, label, controllable, requires_photo, position, retired, "
                                  "restocking_fee) "
                                  "VALUES (?1, ?2, ?3, ?4, (SELECT coalesce (max (position), -1) + 1 FROM reason), ?5, ?6) "
                                  "RETURNING id, position",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_text (stmt, 1, reason->code);
  retour_stmt_bind_text (stmt, 2, reason->label);
  retour_stmt_bind_int (stmt, 3, reason->controllable);
  retour_stmt_bind_int (stmt, 4, reason->requires_photo);
  retour_stmt_bind_int (stmt, 5, reason->retired);
  retour_stmt_bind_int (stmt, 6, reason->restocking_fee);

  if (!retour_stmt_step (stmt, &has_row, &local_error))
    {
      if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT))
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                     _("There is already a reason with the code “%s”."), reason->code);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  reason->id = retour_stmt_column_int64 (stmt, 0);
  reason->position = retour_stmt_column_int (stmt, 1);

  return TRUE;
}

gboolean
retour_policy_store_update_reason (RetourDatabase      *db,
                                   const RetourReason  *reason,
                                   GError             **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (reason != NULL && reason->id > 0, FALSE);

  if (reason->label == NULL || *reason->label == '\0')
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("A reason needs a name."));
      return FALSE;
    }

  stmt = retour_database_prepare (db,
                                  "UPDATE reason SET label = ?2, controllable = ?3, requires_photo = ?4, "
                                  "position = ?5, retired = ?6, restocking_fee = ?7 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_int64 (stmt, 1, reason->id);
  retour_stmt_bind_text (stmt, 2, reason->label);
  retour_stmt_bind_int (stmt, 3, reason->controllable);
  retour_stmt_bind_int (stmt, 4, reason->requires_photo);
  retour_stmt_bind_int (stmt, 5, reason->position);
  retour_stmt_bind_int (stmt, 6, reason->retired);
  retour_stmt_bind_int (stmt, 7, reason->restocking_fee);

  if (!retour_stmt_run (stmt, error))
    return FALSE;

  if (retour_database_changes (db) == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("The reason no longer exists."));
      return FALSE;
    }

  return write_customer_names (db, reason, error);
}

/* The currency of the user's locale ("PLN" in pl_PL), else the euro: the
 * first markets are the Netherlands, France, Germany and Poland. */
static char *
locale_currency (void)
{
  g_autofree char *code = g_strstrip (g_strdup (localeconv ()->int_curr_symbol));

  if (retour_currency_is_valid (code))
    return g_steal_pointer (&code);

  return g_strdup ("EUR");
}

static const struct
{
  const char *code;
  const char *label;
  gboolean    controllable;
  gboolean    requires_photo;
} default_reasons[] = {
  { "wrong-size", N_("Wrong size or fit"), FALSE, FALSE },
  { "changed-mind", N_("Changed my mind"), FALSE, FALSE },
  { "ordered-several", N_("Ordered several to choose from"), FALSE, FALSE },
  { "better-price", N_("Found a better price"), FALSE, FALSE },
  { "not-as-described", N_("Not as described"), TRUE, FALSE },
  { "wrong-item", N_("Wrong item sent"), TRUE, FALSE },
  { "damaged-in-transit", N_("Damaged in transit"), TRUE, TRUE },
  { "defective", N_("Defective or does not work"), TRUE, TRUE },
  { "arrived-late", N_("Arrived too late"), TRUE, FALSE },
};

const char *
retour_policy_store_default_reason_text (const RetourReason *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  /* Renamed by the shop: its own words, which Retour cannot translate. */
  for (guint i = 0; reason->code != NULL && reason->label != NULL && i < G_N_ELEMENTS (default_reasons); i++)
    if (g_str_equal (reason->code, default_reasons[i].code) &&
        (g_str_equal (reason->label, default_reasons[i].label) ||
         g_str_equal (reason->label, _(default_reasons[i].label))))
      return default_reasons[i].label;

  return NULL;
}

gboolean
retour_policy_store_has_defaults (RetourDatabase  *db,
                                  GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  stmt = retour_database_prepare (db, "SELECT EXISTS (SELECT 1 FROM policy)", error);
  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  return retour_stmt_column_int (stmt, 0) != 0;
}

gboolean
retour_policy_store_ensure_defaults (RetourDatabase  *db,
                                     GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autofree char *currency = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  stmt = retour_database_prepare (db, "SELECT EXISTS (SELECT 1 FROM policy)", error);
  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  if (retour_stmt_column_int (stmt, 0) != 0)
    return retour_txn_commit (&txn, error);
  retour_stmt_release (g_steal_pointer (&stmt));

  currency = retour_setting_store_get (db, RETOUR_SETTING_CURRENCY, NULL, &local_error);
  if (currency == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      currency = locale_currency ();
      if (!retour_setting_store_set (db, RETOUR_SETTING_CURRENCY, currency, error))
        return FALSE;
    }

  /* Reasons first: the first version records their flags. */
  for (guint i = 0; i < G_N_ELEMENTS (default_reasons); i++)
    {
      g_autoptr(RetourReason) reason = retour_reason_new (default_reasons[i].code,
                                                          _(default_reasons[i].label),
                                                          default_reasons[i].controllable);

      reason->requires_photo = default_reasons[i].requires_photo;
      if (!retour_policy_store_add_reason (db, reason, error))
        return FALSE;
    }

  /* A new shop's first policy is made as its database is, before anyone
   * has a clock to ask: it has been in force from the start. */
  policy = retour_policy_new_default (currency);
  if (!retour_policy_store_add_version (db, policy, 0, error))
    return FALSE;

  if (!retour_setting_store_set (db, RETOUR_SETTING_NUMBER_PATTERN,
                                 RETOUR_RMA_NUMBER_DEFAULT_PATTERN, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

/* Saving what the shop edited -------------------------------------------- */

static char *
fold_name (const char *label)
{
  g_autofree char *folded = retour_search_fold (label != NULL ? label : "");

  return g_strstrip (g_steal_pointer (&folded));
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  return *g_strstrip (copy) == '\0';
}

gboolean
retour_policy_store_validate_reasons (GPtrArray  *reasons,
                                      guint      *out_index,
                                      GError    **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint offered = 0;

  g_return_val_if_fail (reasons != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < reasons->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);
      g_autofree char *folded = NULL;

      if (out_index != NULL)
        *out_index = i;

      if (is_blank (reason->label))
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("A reason needs a name."));
          return FALSE;
        }

      if (reason->retired)
        continue;

      offered++;
      folded = fold_name (reason->label);
      if (g_hash_table_contains (names, folded))
        {
          /* Translators: %s is the name of a return reason. */
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("There are two reasons named “%s”."), reason->label);
          return FALSE;
        }
      g_hash_table_add (names, g_steal_pointer (&folded));
    }

  if (offered == 0)
    {
      if (out_index != NULL)
        *out_index = 0;
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("Offer at least one reason."));
      return FALSE;
    }

  return TRUE;
}

/* A code for a new reason, from its name: "Too small!" -> "too-small",
 * made unique with a number. Codes are stable keys (exports, CSV). */
static char *
new_reason_code (RetourDatabase  *db,
                 const char      *label,
                 GError         **error)
{
  g_autofree char *folded = fold_name (label);
  g_autoptr(GString) base = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (base, *p);
      else if (base->len > 0 && base->str[base->len - 1] != '-')
        g_string_append_c (base, '-');
    }
  while (base->len > 0 && base->str[base->len - 1] == '-')
    g_string_truncate (base, base->len - 1);
  if (base->len == 0)
    g_string_assign (base, "reason");
  if (base->len > 40)
    g_string_truncate (base, 40);

  for (guint n = 1; n < 10000; n++)
    {
      g_autoptr(RetourStmt) stmt = NULL;
      g_autofree char *code = n == 1 ? g_strdup (base->str) : g_strdup_printf ("%s-%u", base->str, n);
      gboolean has_row;

      stmt = retour_database_prepare (db, "SELECT EXISTS (SELECT 1 FROM reason WHERE code = ?)", error);
      if (stmt == NULL)
        return NULL;

      retour_stmt_bind_static_text (stmt, 1, code);
      if (!retour_stmt_step (stmt, &has_row, error))
        return NULL;
      if (retour_stmt_column_int (stmt, 0) == 0)
        return g_steal_pointer (&code);
    }

  g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                       _("There are too many reasons with this name."));
  return NULL;
}

static void
reason_assign (RetourReason       *reason,
               const RetourReason *from)
{
  g_free (reason->code);
  g_free (reason->label);
  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    g_free (reason->customer_names[i]);
  *reason = *from;
  reason->code = g_strdup (from->code);
  reason->label = g_strdup (from->label);
  for (guint i = 0; i < RETOUR_N_CUSTOMER_LANGUAGES; i++)
    reason->customer_names[i] = g_strdup (from->customer_names[i]);
}

typedef struct
{
  RetourDatabase *db;
  const char     *actor;
  gint64          now_us;
  const char     *subject;
} Audit;

static gboolean
audit (Audit       *audit,
       GError     **error,
       const char  *format,
       ...) G_GNUC_PRINTF (3, 4);

static gboolean
audit (Audit       *audit,
       GError     **error,
       const char  *format,
       ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  return retour_audit_store_add (audit->db, audit->actor, audit->subject, detail, audit->now_us, error);
}

/* Fills in the reason-flag sentences below. */
static const char *
yes_no (gboolean value)
{
  return value ? C_("reason flag", "yes") : C_("reason flag", "no");
}

static char *
retired_text (const RetourReason *reason)
{
  if (reason->retired)
    /* Translators: %s is the name of a return reason. */
    return g_strdup_printf (_("Reason “%s” retired"), reason->label);

  /* Translators: %s is the name of a return reason. */
  return g_strdup_printf (_("Reason “%s” offered again"), reason->label);
}

static gboolean
save_reasons (RetourDatabase  *db,
              GPtrArray       *reasons,
              Audit           *log,
              GError         **error)
{
  g_autoptr(GPtrArray) before = retour_policy_store_list_reasons (db, TRUE, error);
  gboolean moved = FALSE;
  guint next_old = 0;

  if (before == NULL)
    return FALSE;

  log->subject = RETOUR_AUDIT_REASON;

  /* Moved: the reasons that were there already come in another order. */
  for (guint i = 0; i < reasons->len && !moved; i++)
    {
      const RetourReason *reason = g_ptr_array_index (reasons, i);

      if (reason->id <= 0 || retour_reason_find (before, reason->id) == NULL)
        continue;
      while (next_old < before->len &&
             retour_reason_find (reasons, ((RetourReason *) g_ptr_array_index (before, next_old))->id) == NULL)
        next_old++;
      moved = next_old >= before->len ||
              ((RetourReason *) g_ptr_array_index (before, next_old))->id != reason->id;
      next_old++;
    }

  for (guint i = 0; i < reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (reasons, i);
      const RetourReason *old = reason->id > 0 ? retour_reason_find (before, reason->id) : NULL;
      g_autofree char *label = g_strstrip (g_strdup (reason->label));

      g_free (reason->label);
      reason->label = g_steal_pointer (&label);

      if (reason->id > 0 && old == NULL)
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                               _("The reason no longer exists."));
          return FALSE;
        }

      if (old == NULL)
        {
          g_free (reason->code);
          reason->code = new_reason_code (db, reason->label, error);
          if (reason->code == NULL || !retour_policy_store_add_reason (db, reason, error))
            return FALSE;

          /* Translators: %s is the name of a return reason. */
          if (!audit (log, error, _("Reason “%s” added"), reason->label))
            return FALSE;
        }

      reason->position = i;
      if (!retour_policy_store_update_reason (db, reason, error))
        return FALSE;

      if (old == NULL)
        continue;

      if (g_strcmp0 (old->label, reason->label) != 0 &&
          /* Translators: both %s are names of a return reason. */
          !audit (log, error, _("Reason “%s” renamed to “%s”"), old->label, reason->label))
        return FALSE;

      for (guint j = 0; j < RETOUR_N_CUSTOMER_LANGUAGES; j++)
        if (g_strcmp0 (old->customer_names[j], reason->customer_names[j]) != 0)
          {
            /* Translators: %s is a language ("Dutch"), then the name of a
             * return reason. */
            if (!audit (log, error, _("%s name for customers of reason “%s” changed"),
                        retour_customer_language_name (j), reason->label))
              return FALSE;
          }

      if (old->retired != reason->retired)
        {
          g_autofree char *text = retired_text (reason);

          if (!audit (log, error, "%s", text))
            return FALSE;
        }

      if (old->controllable != reason->controllable &&
          /* Translators: %s is the name of a return reason, then “yes” or “no”. */
          !audit (log, error, _("Reason “%s”: the shop’s responsibility: %s"),
                  reason->label, yes_no (reason->controllable)))
        return FALSE;

      if (old->restocking_fee != reason->restocking_fee &&
          /* Translators: %s is the name of a return reason, then “yes” or “no”. */
          !audit (log, error, _("Reason “%s”: carries the restocking fee: %s"),
                  reason->label, yes_no (reason->restocking_fee)))
        return FALSE;

      if (old->requires_photo != reason->requires_photo &&
          /* Translators: %s is the name of a return reason, then “yes” or “no”. */
          !audit (log, error, _("Reason “%s”: photo required: %s"),
                  reason->label, yes_no (reason->requires_photo)))
        return FALSE;
    }

  /* A move is one entry, not one per reason that shifted. */
  if (moved && !audit (log, error, "%s", _("Reasons put in a new order")))
    return FALSE;

  return TRUE;
}

static char *
resolution_names (guint mask)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int r = RETOUR_RESOLUTION_REFUND; r <= RETOUR_RESOLUTION_KEEP_IT; r++)
    {
      if ((mask & RETOUR_RESOLUTION_MASK (r)) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, retour_resolution_get_label (r));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
refund_method_names (guint mask)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int m = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT; m <= RETOUR_REFUND_METHOD_STORE_CREDIT; m++)
    {
      if ((mask & RETOUR_REFUND_METHOD_MASK (m)) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, retour_refund_method_get_label (m));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
fee_text (const RetourPolicy *policy)
{
  switch (policy->restocking_fee_kind)
    {
    case RETOUR_FEE_PERCENT:
      /* Translators: a percentage, e.g. “12.5 %”. */
      return g_strdup_printf (_("%g %%"), policy->restocking_fee_basis_points / 100.0);
    case RETOUR_FEE_FIXED:
      return retour_money_format (policy->restocking_fee_fixed);
    case RETOUR_FEE_NONE:
    default:
      return g_strdup (retour_fee_kind_get_label (RETOUR_FEE_NONE));
    }
}

static gboolean
audit_money (Audit        *log,
             GError      **error,
             const char   *what,
             RetourMoney   before,
             RetourMoney   after)
{
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  if (retour_money_compare (before, after) == 0)
    return TRUE;

  before_text = retour_money_format (before);
  after_text = retour_money_format (after);
  /* Translators: “Return shipping: €6.95 → €4.95”. */
  return audit (log, error, _("%s: %s → %s"), what, before_text, after_text);
}

static char *
category_rule_text (const RetourCategoryRule *rule)
{
  if (rule == NULL)
    return g_strdup (_("no rule"));
  if (rule->exception != RETOUR_EXCEPTION_NONE)
    /* Translators: a category rule in the history; %s is an exception
       to the right of withdrawal, e.g. “Perishable”. */
    return g_strdup_printf (_("exception: %s"), retour_withdrawal_exception_get_label (rule->exception));
  if (rule->final_sale)
    return g_strdup (_("final sale"));
  if (rule->window_days < 0)
    return g_strdup (_("the policy’s window"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) rule->window_days),
                          rule->window_days);
}

static gboolean
audit_policy (const RetourPolicy  *old,
              const RetourPolicy  *new,
              Audit               *log,
              GError             **error)
{
  log->subject = RETOUR_AUDIT_POLICY;

  /* Translators: %u is the number of a policy version. */
  if (!audit (log, error, _("Policy version %u saved; new returns follow it"), new->version))
    return FALSE;

  if (old == NULL)
    return TRUE;

  if (old->window_days != new->window_days &&
      /* Translators: “Return window: 14 → 30 days”. */
      !audit (log, error, g_dngettext (GETTEXT_PACKAGE, "Return window: %u → %u day", "Return window: %u → %u days",
                                      new->window_days),
              old->window_days, new->window_days))
    return FALSE;

  if (old->window_from != new->window_from &&
      /* Translators: both %s are dates a window counts from: “Delivery”, “Order date”. */
      !audit (log, error, _("The return window counts from: %s → %s"),
              retour_window_from_get_label (old->window_from), retour_window_from_get_label (new->window_from)))
    return FALSE;

  if (old->refund_timing != new->refund_timing &&
      /* Translators: both %s are refund timings: “After inspection”. */
      !audit (log, error, _("Refund due: %s → %s"),
              retour_refund_timing_get_label (old->refund_timing),
              retour_refund_timing_get_label (new->refund_timing)))
    return FALSE;

  if (old->restocking_fee_kind != new->restocking_fee_kind ||
      old->restocking_fee_basis_points != new->restocking_fee_basis_points ||
      retour_money_compare (old->restocking_fee_fixed, new->restocking_fee_fixed) != 0)
    {
      g_autofree char *before = fee_text (old);
      g_autofree char *after = fee_text (new);

      /* Translators: both %s are restocking fees: “10 %”, “€5.00”, “No fee”. */
      if (!audit (log, error, _("Restocking fee: %s → %s"), before, after))
        return FALSE;
    }

  if (old->fee_resolutions != new->fee_resolutions)
    {
      g_autofree char *names = resolution_names (new->fee_resolutions);

      /* Translators: %s is a list of resolutions, or empty. */
      if (!audit (log, error, _("The restocking fee applies to: %s"), names))
        return FALSE;
    }

  if (!audit_money (log, error, _("Return shipping"), old->return_shipping, new->return_shipping) ||
      !audit_money (log, error, _("Keep-it threshold"), old->keep_it_threshold, new->keep_it_threshold))
    return FALSE;

  if (old->allowed_resolutions != new->allowed_resolutions)
    {
      g_autofree char *names = resolution_names (new->allowed_resolutions);

      /* Translators: %s is a list of resolutions. */
      if (!audit (log, error, _("Resolutions offered: %s"), names))
        return FALSE;
    }

  if (old->allowed_refund_methods != new->allowed_refund_methods)
    {
      g_autofree char *names = refund_method_names (new->allowed_refund_methods);

      /* Translators: %s is a list of refund methods, or empty. */
      if (!audit (log, error, _("Refund methods offered: %s"), names))
        return FALSE;
    }

  if (g_strcmp0 (old->shop_country, new->shop_country) != 0 &&
      !audit (log, error, _("Shop’s country: %s → %s"),
              old->shop_country != NULL ? old->shop_country : "—",
              new->shop_country != NULL ? new->shop_country : "—"))
    return FALSE;
  if (old->withdrawal_info_given != new->withdrawal_info_given &&
      !audit (log, error, "%s", new->withdrawal_info_given
                                  ? _("Customers are told of their right of withdrawal")
                                  : _("Customers are not told of their right of withdrawal")))
    return FALSE;
  if (old->withdrawal_return_cost_customer != new->withdrawal_return_cost_customer &&
      !audit (log, error, "%s", new->withdrawal_return_cost_customer
                                  ? _("Customers are told they pay for sending a withdrawal back")
                                  : _("The shop pays for sending a withdrawal back")))
    return FALSE;
  if (old->partial_withdrawal_shipping != new->partial_withdrawal_shipping &&
      !audit (log, error, _("Delivery refunded on a partial withdrawal: %s"),
              retour_partial_shipping_get_label (new->partial_withdrawal_shipping)))
    return FALSE;
  if (retour_money_compare (old->standard_delivery, new->standard_delivery) != 0)
    {
      g_autofree char *text = new->standard_delivery.minor < 0
                                ? g_strdup (_("not set"))
                                : retour_money_format (new->standard_delivery);

      if (!audit (log, error, _("Standard delivery: %s"), text))
        return FALSE;
    }

  for (int pass = 0; pass < 2; pass++)
    {
      const RetourPolicy *from = pass == 0 ? new : old;
      const RetourPolicy *to = pass == 0 ? old : new;

      for (guint i = 0; i < from->category_rules->len; i++)
        {
          const RetourCategoryRule *rule = g_ptr_array_index (from->category_rules, i);
          const RetourCategoryRule *other = retour_policy_get_category_rule (to, rule->category);
          g_autofree char *before = NULL;
          g_autofree char *after = NULL;

          /* The second pass only reports rules that were removed. */
          if (pass == 1 && other != NULL)
            continue;
          if (other != NULL && other->window_days == rule->window_days &&
              other->final_sale == rule->final_sale && other->exception == rule->exception)
            continue;

          before = category_rule_text (pass == 0 ? other : rule);
          after = category_rule_text (pass == 0 ? rule : NULL);
          /* Translators: “Category “Sale”: 14 days → final sale”. */
          if (!audit (log, error, _("Category “%s”: %s → %s"), rule->category, before, after))
            return FALSE;
        }
    }

  return TRUE;
}

gboolean
retour_policy_store_save (RetourDatabase  *db,
                          RetourPolicy    *policy,
                          GPtrArray       *reasons,
                          const char      *actor,
                          gint64           now_us,
                          gboolean        *out_new_version,
                          GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autoptr(RetourPolicy) current = NULL;
  g_autoptr(RetourPolicy) candidate = NULL;
  g_autoptr(GPtrArray) originals = NULL;
  g_autoptr(GError) local_error = NULL;
  Audit log = { db, actor, now_us, NULL };
  guint bad_index;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (reasons != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_new_version != NULL)
    *out_new_version = FALSE;

  if (!retour_policy_validate (policy, error) ||
      !retour_policy_store_validate_reasons (reasons, &bad_index, error))
    return FALSE;

  /* The caller's values change only when everything is written. */
  originals = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  for (guint i = 0; i < reasons->len; i++)
    g_ptr_array_add (originals, retour_reason_copy (g_ptr_array_index (reasons, i)));

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  if (!save_reasons (db, originals, &log, error))
    return FALSE;

  current = retour_policy_store_load_current (db, &local_error);
  if (current == NULL && !g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  candidate = retour_policy_copy (policy);
  g_array_set_size (candidate->reason_rules, 0);
  for (guint i = 0; i < originals->len; i++)
    {
      const RetourReason *reason = g_ptr_array_index (originals, i);

      retour_policy_set_reason_rule (candidate, reason->id, reason->controllable, reason->restocking_fee);
    }

  /* Reasons left out of the list keep the rule the current version has. */
  for (guint i = 0; current != NULL && i < current->reason_rules->len; i++)
    {
      const RetourReasonRule *rule = &g_array_index (current->reason_rules, RetourReasonRule, i);

      if (retour_policy_get_reason_rule (candidate, rule->reason_id) == NULL)
        retour_policy_set_reason_rule (candidate, rule->reason_id, rule->controllable, rule->restocking_fee);
    }

  if (current != NULL && strcmp (current->return_shipping.currency, candidate->return_shipping.currency) != 0)
    {
      /* Translators: both %s are currency codes. */
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                   _("The policy is in %s; amounts in %s cannot be saved."),
                   current->return_shipping.currency, candidate->return_shipping.currency);
      return FALSE;
    }

  if (current == NULL || !retour_policy_equal (current, candidate))
    {
      if (!retour_policy_store_add_version (db, candidate, now_us, error) ||
          !audit_policy (current, candidate, &log, error))
        return FALSE;
    }
  else
    {
      candidate->id = current->id;
      candidate->version = current->version;
    }

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  if (out_new_version != NULL)
    *out_new_version = current == NULL || candidate->id != current->id;

  policy->id = candidate->id;
  policy->version = candidate->version;
  g_array_set_size (policy->reason_rules, 0);
  g_array_append_vals (policy->reason_rules, candidate->reason_rules->data, candidate->reason_rules->len);

  for (guint i = 0; i < reasons->len; i++)
    {
      RetourReason *reason = g_ptr_array_index (reasons, i);

      reason_assign (reason, g_ptr_array_index (originals, i));
    }

  return TRUE;
}
