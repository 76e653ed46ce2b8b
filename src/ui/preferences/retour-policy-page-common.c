/* retour-policy-page-common.c — what the Policy page's groups share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows of switches and their masks, the error line under a group, amounts
 * typed into an entry: the page and its groups show them the same way.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-policy-page-private.h"

void
_retour_policy_page_set_css_class (gpointer    widget,
                                   const char *name,
                                   gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (GTK_WIDGET (widget), name);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), name);
}

void
_retour_policy_page_clear_list_box (GtkListBox *list,
                                    GtkWidget  *keep)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (child != keep && GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

/* Switch rows ------------------------------------------------------------- */

GtkSwitch *
_retour_policy_page_new_switch_row (const char *title,
                                    const char *subtitle,
                                    GtkWidget **out_row)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  if (out_row != NULL)
    *out_row = row;

  return GTK_SWITCH (toggle);
}

const char *
_retour_policy_page_resolution_title (RetourResolution resolution)
{
  switch (resolution)
    {
    case RETOUR_RESOLUTION_REFUND:
      return C_("resolution", "_Refund");
    case RETOUR_RESOLUTION_STORE_CREDIT:
      return C_("resolution", "_Store Credit");
    case RETOUR_RESOLUTION_EXCHANGE:
      return C_("resolution", "_Exchange");
    case RETOUR_RESOLUTION_REPAIR:
      return C_("resolution", "Re_pair");
    case RETOUR_RESOLUTION_REPLACEMENT:
      return C_("resolution", "Rep_lacement");
    case RETOUR_RESOLUTION_KEEP_IT:
      return C_("resolution", "Refund _Without Return");
    case RETOUR_RESOLUTION_UNDECIDED:
    default:
      return NULL;
    }
}

guint
_retour_policy_page_read_switches (GtkSwitch **switches,
                                   guint       n,
                                   guint       first)
{
  guint mask = 0;

  for (guint i = first; i < n; i++)
    if (switches[i] != NULL && gtk_switch_get_active (switches[i]))
      mask |= 1u << i;

  return mask;
}

void
_retour_policy_page_write_switches (GtkSwitch **switches,
                                    guint       n,
                                    guint       mask)
{
  for (guint i = 0; i < n; i++)
    if (switches[i] != NULL)
      gtk_switch_set_active (switches[i], (mask & (1u << i)) != 0);
}

/* Errors and amounts ------------------------------------------------------ */

void
_retour_policy_page_show_group_error (GtkLabel   *label,
                                      const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

gboolean
_retour_policy_page_parse_amount (const char   *text,
                                  const char   *currency,
                                  RetourMoney  *out,
                                  char        **out_problem)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (*copy == '\0')
    {
      *out_problem = g_strdup (_("Enter an amount, or 0 for none"));
      return FALSE;
    }

  if (!retour_money_parse (copy, currency, out, &error))
    {
      /* Translators: %s is an amount of money, as an example. */
      g_autofree char *example = retour_money_format (retour_money_init (495, currency));

      *out_problem = g_strdup_printf (_("Not an amount: enter one such as %s"), example);
      return FALSE;
    }

  if (out->minor < 0)
    {
      *out_problem = g_strdup (_("The amount cannot be negative"));
      return FALSE;
    }

  return TRUE;
}

/* Marks the row of an amount, or clears the mark. */
void
_retour_policy_page_show_amount_problem (AdwActionRow *row,
                                         GtkEntry     *entry,
                                         const char   *problem,
                                         const char   *subtitle)
{
  _retour_policy_page_set_css_class (row, "error", problem != NULL);
  _retour_policy_page_set_css_class (entry, "error", problem != NULL);
  adw_action_row_set_subtitle (row, problem != NULL ? problem : (subtitle != NULL ? subtitle : ""));
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), problem);
}
