/* retour-setting-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-audit-store.h"
#include "retour-database-private.h"
#include "retour-setting-store.h"

char *
retour_setting_store_get (RetourDatabase  *db,
                          const char      *key,
                          const char      *fallback,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = retour_database_prepare (db, "SELECT value FROM setting WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;

  retour_stmt_bind_static_text (stmt, 1, key);
  if (!retour_stmt_step (stmt, &has_row, error))
    return NULL;

  return has_row ? retour_stmt_dup_text (stmt, 0) : g_strdup (fallback);
}

gboolean
retour_setting_store_set (RetourDatabase  *db,
                          const char      *key,
                          const char      *value,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_static_text (stmt, 1, key);
  retour_stmt_bind_static_text (stmt, 2, value);

  return retour_stmt_run (stmt, error);
}

static const char *
setting_title (const char *key)
{
  if (strcmp (key, RETOUR_SETTING_SHOP_NAME) == 0)
    return _("Shop name");
  if (strcmp (key, RETOUR_SETTING_RETURN_ADDRESS) == 0)
    return _("Returns address");
  if (strcmp (key, RETOUR_SETTING_CURRENCY) == 0)
    return _("Currency");
  if (strcmp (key, RETOUR_SETTING_LABEL_FORMAT) == 0)
    return _("Label format");
  if (strcmp (key, RETOUR_SETTING_NUMBER_PATTERN) == 0)
    return _("Return number pattern");
  if (g_str_has_prefix (key, "storefront-reason-"))
    /* Translators: in the history of the settings: what a reason a
     * customer picked in the storefront becomes in Retour. */
    return _("The reason for a store request");

  return NULL;
}

static gboolean
check_setting (const char  *key,
               const char  *value,
               GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                           _("The text is not valid UTF-8."));
      return FALSE;
    }

  if (strcmp (key, RETOUR_SETTING_SHOP_NAME) == 0)
    {
      if (*stripped == '\0')
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("The shop needs a name: it is printed on every label."));
          return FALSE;
        }
      if (g_utf8_strlen (stripped, -1) > 100)
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("The shop name can be at most 100 characters long."));
          return FALSE;
        }
    }
  else if (strcmp (key, RETOUR_SETTING_RETURN_ADDRESS) == 0)
    {
      g_auto(GStrv) lines = g_strsplit (value, "\n", -1);

      if (*stripped == '\0')
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("Customers need an address to send returns to."));
          return FALSE;
        }
      if (g_strv_length (lines) > 8)
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               _("The returns address can have at most 8 lines."));
          return FALSE;
        }
    }
  else if (strcmp (key, RETOUR_SETTING_LABEL_FORMAT) == 0)
    {
      if (strcmp (value, "thermal") != 0 && strcmp (value, "a6") != 0 && strcmp (value, "a4") != 0)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("“%s” is not a label format Retour can print."), value);
          return FALSE;
        }
    }
  else if (strcmp (key, RETOUR_SETTING_NUMBER_PATTERN) == 0)
    {
      g_autoptr(RetourRmaNumberPattern) pattern = NULL;
      g_autoptr(GError) local_error = NULL;

      pattern = retour_rma_number_pattern_new (value, &local_error);
      if (pattern == NULL)
        {
          g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                               local_error->message);
          return FALSE;
        }
    }
  else if (strcmp (key, RETOUR_SETTING_CURRENCY) == 0)
    {
      if (!retour_currency_is_valid (value))
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("“%s” is not a currency Retour knows."), value);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
retour_setting_store_change (RetourDatabase  *db,
                             const char      *key,
                             const char      *value,
                             const char      *actor,
                             gint64           now_us,
                             GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  g_autofree char *old = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *clean = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *title;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_setting (key, value, error))
    return FALSE;

  /* Names and addresses are kept as typed, without stray blanks around. */
  clean = g_strstrip (g_strdup (value));

  if (!retour_txn_begin (&txn, db, error))
    return FALSE;

  old = retour_setting_store_get (db, key, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_strcmp0 (old, clean) == 0)
    return retour_txn_commit (&txn, error);

  title = setting_title (key);
  if (title == NULL)
    title = key;

  if (old == NULL)
    /* Translators: “Shop name set to “Atelier Noord””. */
    detail = g_strdup_printf (_("%s set to “%s”"), title, clean);
  else
    /* Translators: “Shop name: “Old” → “New””. */
    detail = g_strdup_printf (_("%s: “%s” → “%s”"), title, old, clean);

  if (!retour_setting_store_set (db, key, clean, error) ||
      !retour_audit_store_add (db, actor, RETOUR_AUDIT_SETTING, detail, now_us, error))
    return FALSE;

  return retour_txn_commit (&txn, error);
}

gboolean
retour_setting_store_next_sequence (RetourDatabase  *db,
                                    const char      *name,
                                    guint64         *out_value,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  stmt = retour_database_prepare (db,
                                  "INSERT INTO sequence (name, next_value) VALUES (?1, 2) "
                                  "ON CONFLICT (name) DO UPDATE SET next_value = sequence.next_value + 1 "
                                  "RETURNING next_value - 1",
                                  error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_static_text (stmt, 1, name);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  g_assert (has_row);
  *out_value = (guint64) retour_stmt_column_int64 (stmt, 0);

  /* RETURNING rows are produced before the statement finishes; run it to
   * the end so the update is applied before the statement is reset. */
  while (has_row)
    if (!retour_stmt_step (stmt, &has_row, error))
      return FALSE;

  return TRUE;
}

gboolean
retour_setting_store_peek_sequence (RetourDatabase  *db,
                                    const char      *name,
                                    guint64         *out_value,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (name != NULL && out_value != NULL, FALSE);

  stmt = retour_database_prepare (db, "SELECT next_value FROM sequence WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;

  retour_stmt_bind_static_text (stmt, 1, name);
  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  /* A counter that was never used starts at 1. */
  *out_value = has_row ? (guint64) retour_stmt_column_int64 (stmt, 0) : 1;

  return TRUE;
}
