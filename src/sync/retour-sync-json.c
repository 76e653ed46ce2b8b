/* retour-sync-json.c — careful reading of storefront JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-sync-private.h"

typedef struct
{
  GPtrArray *segments;   /* "orders[3]", "billing", … */
  char      *last;       /* the path of the last field found invalid */
} JsonPlace;

static void
json_place_free (gpointer data)
{
  JsonPlace *place = data;

  g_ptr_array_unref (place->segments);
  g_free (place->last);
  g_free (place);
}

static GPrivate json_place = G_PRIVATE_INIT (json_place_free);

static JsonPlace *
get_place (void)
{
  JsonPlace *place = g_private_get (&json_place);

  if (place == NULL)
    {
      place = g_new0 (JsonPlace, 1);
      place->segments = g_ptr_array_new_with_free_func (g_free);
      g_private_set (&json_place, place);
    }

  return place;
}

RetourJsonScope *
retour_json_enter (const char *format,
                   ...)
{
  JsonPlace *place = get_place ();
  va_list args;

  va_start (args, format);
  g_ptr_array_add (place->segments, g_strdup_vprintf (format, args));
  va_end (args);

  /* Only its being non-NULL matters, for the cleanup. */
  return (RetourJsonScope *) place;
}

void
retour_json_leave (RetourJsonScope *scope)
{
  JsonPlace *place = (JsonPlace *) scope;

  g_return_if_fail (place != NULL && place->segments->len > 0);

  g_ptr_array_set_size (place->segments, place->segments->len - 1);
}

char *
retour_json_take_last_field (void)
{
  return g_steal_pointer (&get_place ()->last);
}

gboolean
retour_json_invalid (GError     **error,
                     const char  *field,
                     const char  *problem)
{
  JsonPlace *place = get_place ();
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; i < place->segments->len; i++)
    g_string_append_printf (path, "%s.", (const char *) g_ptr_array_index (place->segments, i));
  g_string_append (path, field);

  g_free (place->last);
  place->last = g_strdup (path->str);

  g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
               _("The store sent an order the app cannot read (field “%s”: %s)."), path->str, problem);
  return FALSE;
}

static gboolean
is_one_of (char        c,
           const char *set)
{
  return c != '\0' && strchr (set, c) != NULL;
}

/* json-glib 1.6 recurses once per level of nesting, so a reply nested
 * deeply enough exhausts the stack: the levels are counted first. But its
 * scanner takes more than JSON: comments between slash-star and star-slash
 * and between two slashes, strings in single quotes, unknown escapes, and
 * a \u escape that swallows the closing quote of its string. A bracket in
 * any of those does not nest for the parser, so a count that did not
 * follow the scanner's every rule could be fooled: "[" and a comment
 * holding "]", a hundred thousand times over, looks flat to it and
 * overflows the stack. Rather than mirror the scanner, which a json-glib
 * update may change, what is not plain JSON (RFC 8259) is refused:
 * storefronts never send it. Outside strings that leaves white space,
 * brackets, colons, commas, and the letters, digits and signs of numbers
 * and literals; inside them, JSON's own escapes. Those the parser and
 * this count read alike. */
static gboolean
check_plain_json (const char  *data,
                  gsize        length,
                  GError     **error)
{
  guint depth = 0;
  gsize i = 0;

  /* A byte order mark, which some WordPress plugins put before their
   * output, and which the parser skips too. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;

  for (; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            {
              if (data[i] != '\\')
                continue;

              /* A reply cut off inside a string is for the parser to
               * report. */
              if (++i >= length)
                return TRUE;
              if (data[i] == 'u')
                {
                  for (guint k = 1; k <= 4; k++)
                    if (i + k < length && !g_ascii_isxdigit (data[i + k]))
                      goto not_plain;
                  i += 4;
                }
              else if (!is_one_of (data[i], "\"\\/bfnrt"))
                goto not_plain;
            }
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > RETOUR_JSON_MAX_DEPTH)
            {
              g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                                   _("The store sent a reply nested too deeply to be an order list."));
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
        }
      else if (!g_ascii_isalnum (c) && !is_one_of (c, " \t\r\n:,.+-"))
        goto not_plain;
    }

  return TRUE;

not_plain:
  {
    g_autofree char *where = g_strdup_printf ("%" G_GSIZE_FORMAT, MIN (i, length - 1) + 1);

    g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                 /* Translators: %s is a position in the reply, in bytes from 1. */
                 _("The store sent a reply that is not plain JSON: it holds a comment, a single quote or another "
                   "character JSON does not allow, at byte %s."), where);
    return FALSE;
  }
}

/* A firewall's challenge, a login or maintenance page, or the shop's home
 * page behind a wrong address come as HTML, often with status 200. */
static gboolean
looks_like_a_web_page (const char *data,
                       gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  /* A byte-order mark, then white space. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;

  return p < end && *p == '<';
}

JsonNode *
retour_json_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > G_MAXSSIZE || !g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store sent a reply that is not text."));
      return NULL;
    }

  if (looks_like_a_web_page (data, length))
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store’s address answered with a web page, not with the shop’s API. Check the address; the site may also be showing a login, security check or maintenance page."));
      return NULL;
    }

  if (!check_plain_json (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                   _("The store sent a reply that is not valid JSON (it may have been cut off): %s"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_INVALID_DATA,
                           _("The store sent an empty reply."));
      return NULL;
    }

  return root;
}

JsonNode *
retour_json_get (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

/* The member @name if it holds a node of @type; otherwise NULL, and an
 * error saying @not_type, or "missing" when it is required. */
static JsonNode *
get_node_of_type (JsonObject    *object,
                  const char    *name,
                  JsonNodeType   type,
                  const char    *not_type,
                  gboolean       required,
                  GError       **error)
{
  JsonNode *node = retour_json_get (object, name);

  if (node != NULL && JSON_NODE_TYPE (node) == type)
    return node;

  if (node != NULL)
    retour_json_invalid (error, name, not_type);
  else if (required)
    retour_json_invalid (error, name, _("missing"));

  return NULL;
}

JsonObject *
retour_json_get_object (JsonObject  *object,
                        const char  *name,
                        gboolean     required,
                        GError     **error)
{
  JsonNode *node = get_node_of_type (object, name, JSON_NODE_OBJECT, _("not an object"), required, error);

  return node != NULL ? json_node_get_object (node) : NULL;
}

JsonArray *
retour_json_get_array (JsonObject  *object,
                       const char  *name,
                       gboolean     required,
                       GError     **error)
{
  JsonNode *node = get_node_of_type (object, name, JSON_NODE_ARRAY, _("not a list"), required, error);

  return node != NULL ? json_node_get_array (node) : NULL;
}

gboolean
retour_json_dup_string (JsonObject  *object,
                        const char  *name,
                        gboolean     required,
                        char       **out,
                        GError     **error)
{
  JsonNode *node = retour_json_get (object, name);

  *out = NULL;
  if (node == NULL)
    return required ? retour_json_invalid (error, name, _("missing")) : TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        {
          *out = g_strdup (json_node_get_string (node));
          return TRUE;
        }
      if (type == G_TYPE_INT64)
        {
          *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          return TRUE;
        }
    }

  return retour_json_invalid (error, name, _("not text"));
}

gboolean
retour_json_get_int (JsonObject  *object,
                     const char  *name,
                     gboolean     required,
                     gint64       fallback,
                     gint64      *out,
                     GError     **error)
{
  JsonNode *node = retour_json_get (object, name);

  *out = fallback;
  if (node == NULL)
    return required ? retour_json_invalid (error, name, _("missing")) : TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *out = json_node_get_int (node);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          double value = json_node_get_double (node);

          if (value >= -9.0e15 && value <= 9.0e15 && value == (double) (gint64) value)
            {
              *out = (gint64) value;
              return TRUE;
            }
        }
      if (type == G_TYPE_STRING &&
          g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64, out, NULL))
        return TRUE;
    }

  *out = fallback;
  return retour_json_invalid (error, name, _("not a whole number"));
}

gboolean
retour_json_get_bool (JsonObject  *object,
                      const char  *name,
                      gboolean    *out,
                      GError     **error)
{
  JsonNode *node = retour_json_get (object, name);

  *out = FALSE;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }

  return retour_json_invalid (error, name, _("not true or false"));
}

gboolean
retour_json_get_money (JsonObject   *object,
                       const char   *name,
                       const char   *currency,
                       gboolean      required,
                       RetourMoney  *out,
                       GError      **error)
{
  JsonNode *node = retour_json_get (object, name);
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;

  *out = retour_money_init (0, currency);
  if (node == NULL)
    return required ? retour_json_invalid (error, name, _("missing")) : TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        ok = retour_money_parse (json_node_get_string (node), currency, out, &local_error);
      else if (type == G_TYPE_INT64)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          ok = retour_money_parse (text, currency, out, &local_error);
        }
      else if (type == G_TYPE_DOUBLE)
        ok = retour_money_from_double (json_node_get_double (node), currency, out, &local_error);
    }

  if (ok)
    return TRUE;

  *out = retour_money_init (0, currency);
  return retour_json_invalid (error, name, local_error != NULL ? local_error->message : _("not an amount"));
}

gboolean
retour_json_get_time (JsonObject  *object,
                      const char  *name,
                      GTimeZone   *default_tz,
                      gboolean     required,
                      gint64      *out_us,
                      GError     **error)
{
  JsonNode *node = retour_json_get (object, name);
  g_autoptr(GDateTime) time = NULL;

  *out_us = 0;
  if (node == NULL)
    return required ? retour_json_invalid (error, name, _("missing")) : TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    time = g_date_time_new_from_iso8601 (json_node_get_string (node), default_tz);

  if (time == NULL)
    return retour_json_invalid (error, name, _("not a date and time"));

  *out_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

char *
retour_json_null_if_empty (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}
