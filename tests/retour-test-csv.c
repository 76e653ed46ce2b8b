/* retour-test-csv.c — reading an exported CSV file as spreadsheets do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "retour-test-csv.h"

GPtrArray *
retour_test_csv_read (const char *text,
                      char        separator)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gboolean row_ends = FALSE;

      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                p++;
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              g_string_append_c (cell, *p);
            }
        }

      for (; *p != '\0' && *p != separator && *p != '\r' && *p != '\n'; p++)
        g_string_append_c (cell, *p);

      if (*p == separator)
        p++;
      else if (*p == '\r' || *p == '\n')
        {
          p += p[0] == '\r' && p[1] == '\n' ? 2 : 1;
          row_ends = TRUE;
        }
      else
        row_ends = TRUE;

      g_ptr_array_add (row, g_strdup (cell->str));
      g_string_truncate (cell, 0);

      if (row_ends)
        {
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&row), FALSE));
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }

  return rows;
}

static gboolean
is_whole_number (const char *cell)
{
  if (*cell == '-')
    cell++;
  if (*cell == '\0')
    return FALSE;
  for (; *cell != '\0'; cell++)
    if (!g_ascii_isdigit (*cell))
      return FALSE;

  return TRUE;
}

static gboolean
starts_formula (const char *cell)
{
  static const char * const starts[] = { "=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠" };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (g_str_has_prefix (cell, starts[i]))
      return TRUE;

  return FALSE;
}

void
retour_test_csv_assert_no_formulas (const char *text)
{
  static const char separators[] = { ',', ';', '\t' };

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    {
      g_autoptr(GPtrArray) rows = retour_test_csv_read (text, separators[s]);

      for (guint r = 0; r < rows->len; r++)
        {
          char **cells = g_ptr_array_index (rows, r);

          for (guint c = 0; cells[c] != NULL; c++)
            if (starts_formula (cells[c]) && !is_whole_number (cells[c]))
              {
                g_autofree char *escaped = g_strescape (cells[c], NULL);

                g_error ("Read with “%c” as separator, row %u cell %u is a formula: %s",
                         separators[s] == '\t' ? 'T' : separators[s], r + 1, c + 1, escaped);
              }
        }
    }
}
