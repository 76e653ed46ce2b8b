/* retour-policy-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-setting-store.h"

#define POLICY_COLUMNS \
  "id, version, window_days, refund_timing, restocking_fee_kind, " \
  "restocking_fee_basis_points, restocking_fee_fixed_minor, return_shipping_minor, " \
  "keep_it_threshold_minor, currency, allowed_resolutions"

static gboolean
load_category_rules (RetourDatabase  *db,
                     RetourPolicy    *policy,
                     GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (db,
                                  "SELECT category, window_days, final_sale FROM policy_category "
                                  "WHERE policy_id = ? ORDER BY category",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, policy->id);
  while (retour_stmt_step (stmt, &has_row, &local_error) && has_row)
    {
      RetourCategoryRule *rule = g_new0 (RetourCategoryRule, 1);

      rule->category = retour_stmt_dup_text (stmt, 0);
      rule->window_days = sqlite3_column_int (stmt, 1);
      rule->final_sale = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (policy->category_rules, rule);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
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
  gboolean has_row;

  if (stmt == NULL)
    return NULL;

  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);

  if (!retour_stmt_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("The return policy is missing from the database."));
      return NULL;
    }

  currency = retour_stmt_dup_text (stmt, 9);
  policy = retour_policy_new_default (currency);
  policy->id = sqlite3_column_int64 (stmt, 0);
  policy->version = sqlite3_column_int (stmt, 1);
  policy->window_days = sqlite3_column_int (stmt, 2);
  policy->refund_timing = retour_stmt_get_enum (stmt, 3, RETOUR_TYPE_REFUND_TIMING,
                                                RETOUR_REFUND_TIMING_AFTER_INSPECTION);
  policy->restocking_fee_kind = retour_stmt_get_enum (stmt, 4, RETOUR_TYPE_FEE_KIND, RETOUR_FEE_NONE);
  policy->restocking_fee_basis_points = sqlite3_column_int (stmt, 5);
  policy->restocking_fee_fixed = retour_money_init (sqlite3_column_int64 (stmt, 6), currency);
  policy->return_shipping = retour_money_init (sqlite3_column_int64 (stmt, 7), currency);
  policy->keep_it_threshold = retour_money_init (sqlite3_column_int64 (stmt, 8), currency);
  policy->allowed_resolutions = sqlite3_column_int (stmt, 10);
  g_ptr_array_set_size (policy->category_rules, 0);
  retour_stmt_release (g_steal_pointer (&stmt));

  if (!load_category_rules (db, policy, error))
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

gboolean
retour_policy_store_add_version (RetourDatabase  *db,
                                 RetourPolicy    *policy,
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
                                  "keep_it_threshold_minor, currency, allowed_resolutions) "
                                  "VALUES ((SELECT coalesce (max (version), 0) + 1 FROM policy), "
                                  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id, version",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_int (stmt, 2, policy->window_days);
  retour_stmt_bind_enum (stmt, 3, RETOUR_TYPE_REFUND_TIMING, policy->refund_timing);
  retour_stmt_bind_enum (stmt, 4, RETOUR_TYPE_FEE_KIND, policy->restocking_fee_kind);
  sqlite3_bind_int (stmt, 5, policy->restocking_fee_basis_points);
  sqlite3_bind_int64 (stmt, 6, policy->restocking_fee_fixed.minor);
  sqlite3_bind_int64 (stmt, 7, policy->return_shipping.minor);
  sqlite3_bind_int64 (stmt, 8, policy->keep_it_threshold.minor);
  sqlite3_bind_text (stmt, 9, policy->return_shipping.currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 10, policy->allowed_resolutions);

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;
  id = sqlite3_column_int64 (stmt, 0);
  version = sqlite3_column_int (stmt, 1);
  retour_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < policy->category_rules->len; i++)
    {
      const RetourCategoryRule *rule = g_ptr_array_index (policy->category_rules, i);
      g_autoptr(RetourStmt) rule_stmt = NULL;

      rule_stmt = retour_database_prepare (db,
                                           "INSERT INTO policy_category (policy_id, category, window_days, final_sale) "
                                           "VALUES (?, ?, ?, ?)",
                                           error);
      if (rule_stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (rule_stmt, 1, id);
      sqlite3_bind_text (rule_stmt, 2, rule->category, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (rule_stmt, 3, rule->window_days);
      sqlite3_bind_int (rule_stmt, 4, rule->final_sale);
      if (!retour_stmt_run (rule_stmt, error))
        return FALSE;
    }

  if (!retour_txn_commit (&txn, error))
    return FALSE;

  policy->id = id;
  policy->version = version;

  return TRUE;
}

GPtrArray *
retour_policy_store_list_reasons (RetourDatabase  *db,
                                  gboolean         include_retired,
                                  GError         **error)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  g_autoptr(RetourStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  stmt = retour_database_prepare (db,
                                  "SELECT id, code, label, controllable, requires_photo, position, retired "
                                  "FROM reason WHERE ?1 OR NOT retired ORDER BY position, id",
                                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_retired);
  while (retour_stmt_step (stmt, &has_row, &local_error) && has_row)
    {
      RetourReason *reason = retour_reason_new ((const char *) sqlite3_column_text (stmt, 1),
                                                (const char *) sqlite3_column_text (stmt, 2),
                                                sqlite3_column_int (stmt, 3) != 0);

      reason->id = sqlite3_column_int64 (stmt, 0);
      reason->requires_photo = sqlite3_column_int (stmt, 4) != 0;
      reason->position = sqlite3_column_int (stmt, 5);
      reason->retired = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (reasons, reason);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

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
                                  "INSERT INTO reason (code, label, controllable, requires_photo, position, retired) "
                                  "VALUES (?1, ?2, ?3, ?4, (SELECT coalesce (max (position), -1) + 1 FROM reason), ?5) "
                                  "RETURNING id, position",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, reason->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, reason->label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, reason->controllable);
  sqlite3_bind_int (stmt, 4, reason->requires_photo);
  sqlite3_bind_int (stmt, 5, reason->retired);

  if (!retour_stmt_step (stmt, &has_row, &local_error))
    {
      if (g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT))
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT,
                     _("There is already a reason with the code “%s”."), reason->code);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  reason->id = sqlite3_column_int64 (stmt, 0);
  reason->position = sqlite3_column_int (stmt, 1);

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
                                  "position = ?5, retired = ?6 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, reason->id);
  sqlite3_bind_text (stmt, 2, reason->label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, reason->controllable);
  sqlite3_bind_int (stmt, 4, reason->requires_photo);
  sqlite3_bind_int (stmt, 5, reason->position);
  sqlite3_bind_int (stmt, 6, reason->retired);

  if (!retour_stmt_run (stmt, error))
    return FALSE;

  if (sqlite3_changes (retour_database_get_handle (db)) == 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                           _("The reason no longer exists."));
      return FALSE;
    }

  return TRUE;
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
  if (sqlite3_column_int (stmt, 0) != 0)
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

  policy = retour_policy_new_default (currency);
  if (!retour_policy_store_add_version (db, policy, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (default_reasons); i++)
    {
      g_autoptr(RetourReason) reason = retour_reason_new (default_reasons[i].code,
                                                          _(default_reasons[i].label),
                                                          default_reasons[i].controllable);

      reason->requires_photo = default_reasons[i].requires_photo;
      if (!retour_policy_store_add_reason (db, reason, error))
        return FALSE;
    }

  if (!retour_setting_store_set (db, RETOUR_SETTING_NUMBER_PATTERN,
                                 RETOUR_RMA_NUMBER_DEFAULT_PATTERN, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}
