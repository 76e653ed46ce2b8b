/* retour-emulator-graphql.c — what a Shopify GraphQL request asks for, and
 * what it costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-emulator"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "retour-emulator-graphql.h"

/* Deeper than any query a client of ours sends; the reader recurses once
 * per level, and a hostile document must not take the stack. */
#define MAX_DEPTH 64

typedef struct _Field Field;

struct _Field
{
  char       *name;
  char       *key;        /* the alias, or the name: the member in the answer */
  JsonObject *arguments;  /* resolved values */
  gboolean    skipped;    /* @include(if: false), @skip(if: true) */
  GPtrArray  *selection;  /* of Field*; NULL for scalars and enums */
};

struct _RetourGraphqlOperation
{
  gboolean   mutation;
  GPtrArray *selection;
};

typedef struct
{
  const char  *text;
  const char  *p;
  JsonObject  *variables;  /* the request's; may be NULL */
  JsonObject  *defaults;   /* of this operation's variable definitions */
  guint        depth;
  GError     **error;
} Parser;

static void
field_free (Field *field)
{
  g_free (field->name);
  g_free (field->key);
  g_clear_pointer (&field->arguments, json_object_unref);
  g_clear_pointer (&field->selection, g_ptr_array_unref);
  g_free (field);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Field, field_free)

void
retour_graphql_operation_free (RetourGraphqlOperation *operation)
{
  if (operation == NULL)
    return;

  g_clear_pointer (&operation->selection, g_ptr_array_unref);
  g_free (operation);
}

/* ---------------------------------------------------------------- reader */

/* "Parse error on line 1, column 7: …", as servers say it. */
static gboolean
fail (Parser     *parser,
      const char *what)
{
  guint line = 1, column = 1;

  for (const char *c = parser->text; c < parser->p; c++)
    {
      if (*c == '\n')
        {
          line++;
          column = 1;
        }
      else
        column++;
    }

  if (parser->error != NULL && *parser->error == NULL)
    g_set_error (parser->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "Parse error on line %u, column %u: %s", line, column, what);
  return FALSE;
}

/* Whitespace, commas and comments mean nothing in GraphQL. */
static void
skip_ignored (Parser *parser)
{
  for (;;)
    {
      if (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r' ||
          *parser->p == ',')
        parser->p++;
      else if (g_str_has_prefix (parser->p, "\xef\xbb\xbf"))
        parser->p += 3;
      else if (*parser->p == '#')
        {
          while (*parser->p != '\0' && *parser->p != '\n' && *parser->p != '\r')
            parser->p++;
        }
      else
        return;
    }
}

static gboolean
peek (Parser *parser,
      char    c)
{
  skip_ignored (parser);
  return *parser->p == c;
}

static gboolean
expect (Parser *parser,
        char    c)
{
  g_autofree char *what = NULL;

  if (peek (parser, c))
    {
      parser->p++;
      return TRUE;
    }

  what = g_strdup_printf ("expected “%c”", c);
  return fail (parser, what);
}

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static char *
read_name (Parser *parser)
{
  const char *start;

  skip_ignored (parser);
  if (!is_name_start (*parser->p))
    {
      fail (parser, "expected a name");
      return NULL;
    }

  start = parser->p;
  while (g_ascii_isalnum (*parser->p) || *parser->p == '_')
    parser->p++;

  return g_strndup (start, parser->p - start);
}

static gboolean
read_string (Parser  *parser,
             char   **out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* """block strings""" are taken as they are. */
  if (g_str_has_prefix (parser->p, "\"\"\""))
    {
      const char *end = strstr (parser->p + 3, "\"\"\"");

      if (end == NULL)
        return fail (parser, "unterminated string");
      *out = g_strndup (parser->p + 3, end - parser->p - 3);
      parser->p = end + 3;
      return TRUE;
    }

  parser->p++;
  while (*parser->p != '"')
    {
      if (*parser->p == '\0' || *parser->p == '\n' || *parser->p == '\r')
        return fail (parser, "unterminated string");

      if (*parser->p != '\\')
        {
          g_string_append_c (text, *parser->p++);
          continue;
        }

      parser->p++;
      switch (*parser->p)
        {
        case '"': case '\\': case '/':
          g_string_append_c (text, *parser->p);
          break;
        case 'b': g_string_append_c (text, '\b'); break;
        case 'f': g_string_append_c (text, '\f'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        case 'r': g_string_append_c (text, '\r'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'u':
          {
            guint64 code;
            char hex[5] = { 0 };

            if (strlen (parser->p + 1) < 4)
              return fail (parser, "bad escape");
            memcpy (hex, parser->p + 1, 4);
            if (!g_ascii_string_to_unsigned (hex, 16, 0, 0xffff, &code, NULL))
              return fail (parser, "bad escape");
            g_string_append_unichar (text, (gunichar) code);
            parser->p += 4;
          }
          break;
        default:
          return fail (parser, "bad escape");
        }
      parser->p++;
    }
  parser->p++;

  *out = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static JsonNode *read_value (Parser   *parser,
                             gboolean  constant);

static JsonNode *
read_variable (Parser   *parser,
               gboolean  constant)
{
  g_autofree char *name = NULL;
  JsonNode *value;

  parser->p++;
  if ((name = read_name (parser)) == NULL)
    return NULL;
  if (constant)
    {
      fail (parser, "a variable where a constant is needed");
      return NULL;
    }

  if (!json_object_has_member (parser->defaults, name))
    {
      g_autofree char *what = g_strdup_printf ("Variable $%s is used but not declared", name);

      fail (parser, what);
      return NULL;
    }

  /* Given, or its default, or null. */
  if (parser->variables != NULL && (value = json_object_get_member (parser->variables, name)) != NULL)
    return json_node_copy (value);
  return json_node_copy (json_object_get_member (parser->defaults, name));
}

static JsonNode *
read_number (Parser *parser)
{
  const char *start = parser->p;
  g_autofree char *text = NULL;
  gboolean fraction = FALSE;
  JsonNode *node;

  if (*parser->p == '-')
    parser->p++;
  while (g_ascii_isdigit (*parser->p) || *parser->p == '.' || *parser->p == 'e' || *parser->p == 'E' ||
         ((*parser->p == '+' || *parser->p == '-') && (parser->p[-1] == 'e' || parser->p[-1] == 'E')))
    {
      fraction |= !g_ascii_isdigit (*parser->p);
      parser->p++;
    }
  text = g_strndup (start, parser->p - start);

  node = json_node_new (JSON_NODE_VALUE);
  if (fraction)
    {
      char *end;
      double value = g_ascii_strtod (text, &end);

      if (*end != '\0')
        {
          json_node_unref (node);
          fail (parser, "bad number");
          return NULL;
        }
      json_node_set_double (node, value);
    }
  else
    {
      gint64 value;

      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          json_node_unref (node);
          fail (parser, "bad number");
          return NULL;
        }
      json_node_set_int (node, value);
    }

  return node;
}

static JsonNode *
read_list (Parser   *parser,
           gboolean  constant)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  parser->p++;
  while (!peek (parser, ']'))
    {
      JsonNode *item;

      if (*parser->p == '\0')
        {
          fail (parser, "unterminated list");
          return NULL;
        }
      if ((item = read_value (parser, constant)) == NULL)
        return NULL;
      json_array_add_element (array, item);
    }
  parser->p++;

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static JsonNode *
read_object (Parser   *parser,
             gboolean  constant)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  parser->p++;
  while (!peek (parser, '}'))
    {
      g_autofree char *name = read_name (parser);
      JsonNode *item;

      if (name == NULL || !expect (parser, ':') || (item = read_value (parser, constant)) == NULL)
        return NULL;
      json_object_set_member (object, name, item);
    }
  parser->p++;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

static JsonNode *
read_value (Parser   *parser,
            gboolean  constant)
{
  g_autofree char *name = NULL;
  JsonNode *node = NULL;

  skip_ignored (parser);
  if (++parser->depth > MAX_DEPTH)
    {
      fail (parser, "nested too deeply");
      return NULL;
    }

  if (*parser->p == '$')
    node = read_variable (parser, constant);
  else if (*parser->p == '-' || g_ascii_isdigit (*parser->p))
    node = read_number (parser);
  else if (*parser->p == '"')
    {
      g_autofree char *text = NULL;

      if (read_string (parser, &text))
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (node, text);
        }
    }
  else if (*parser->p == '[')
    node = read_list (parser, constant);
  else if (*parser->p == '{')
    node = read_object (parser, constant);
  else if ((name = read_name (parser)) != NULL)
    {
      if (g_str_equal (name, "null"))
        node = json_node_new (JSON_NODE_NULL);
      else if (g_str_equal (name, "true") || g_str_equal (name, "false"))
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_boolean (node, g_str_equal (name, "true"));
        }
      else
        {
          /* An enum value: UPDATED_AT. */
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (node, name);
        }
    }

  parser->depth--;
  return node;
}

/* (name: value, …) */
static JsonObject *
read_arguments (Parser   *parser,
                gboolean  constant)
{
  g_autoptr(JsonObject) arguments = json_object_new ();

  if (!peek (parser, '('))
    return g_steal_pointer (&arguments);

  parser->p++;
  while (!peek (parser, ')'))
    {
      g_autofree char *name = read_name (parser);
      JsonNode *value;

      if (name == NULL || !expect (parser, ':') || (value = read_value (parser, constant)) == NULL)
        return NULL;
      json_object_set_member (arguments, name, value);
    }
  parser->p++;

  return g_steal_pointer (&arguments);
}

/* @include(if: …) and @skip(if: …) decide; others are read and let be. */
static gboolean
read_directives (Parser   *parser,
                 gboolean  constant,
                 gboolean *skipped)
{
  while (peek (parser, '@'))
    {
      g_autofree char *name = NULL;
      g_autoptr(JsonObject) arguments = NULL;
      JsonNode *condition;

      parser->p++;
      if ((name = read_name (parser)) == NULL || (arguments = read_arguments (parser, constant)) == NULL)
        return FALSE;

      condition = json_object_get_member (arguments, "if");
      if (g_str_equal (name, "include") || g_str_equal (name, "skip"))
        {
          gboolean value;

          if (condition == NULL || json_node_get_value_type (condition) != G_TYPE_BOOLEAN)
            return fail (parser, "@include and @skip need a Boolean “if”");
          value = json_node_get_boolean (condition);
          if (g_str_equal (name, "include") ? !value : value)
            *skipped = TRUE;
        }
    }

  return TRUE;
}

static GPtrArray *read_selection (Parser *parser);

static Field *
read_field (Parser *parser)
{
  g_autoptr(Field) field = g_new0 (Field, 1);
  char *name;

  skip_ignored (parser);
  if (g_str_has_prefix (parser->p, "..."))
    {
      fail (parser, "fragments are not supported by the emulator");
      return NULL;
    }

  if ((name = read_name (parser)) == NULL)
    return NULL;
  if (peek (parser, ':'))
    {
      parser->p++;
      field->key = name;
      if ((field->name = read_name (parser)) == NULL)
        return NULL;
    }
  else
    {
      field->name = name;
      field->key = g_strdup (name);
    }

  if ((field->arguments = read_arguments (parser, FALSE)) == NULL ||
      !read_directives (parser, FALSE, &field->skipped))
    return NULL;

  if (peek (parser, '{') && (field->selection = read_selection (parser)) == NULL)
    return NULL;

  return g_steal_pointer (&field);
}

/* "... on Type { field … }": its fields are taken as the enclosing
 * selection's. Every object the emulator serves in such a place is of
 * the one type the connector names (a return line item is a
 * ReturnLineItem), so neither the answer nor the cost depends on the type
 * condition. Named fragment spreads stay refused. */
static GPtrArray *
read_inline_fragment (Parser *parser)
{
  g_autofree char *on = NULL;
  g_autofree char *type = NULL;
  gboolean skipped = FALSE;

  parser->p += 3;
  if ((on = read_name (parser)) == NULL)
    return NULL;
  if (!g_str_equal (on, "on"))
    {
      fail (parser, "fragments are not supported by the emulator");
      return NULL;
    }
  if ((type = read_name (parser)) == NULL || !read_directives (parser, FALSE, &skipped))
    return NULL;
  if (skipped)
    {
      fail (parser, "directives on inline fragments are not supported by the emulator");
      return NULL;
    }

  return read_selection (parser);
}

/* { field … } */
static GPtrArray *
read_selection (Parser *parser)
{
  g_autoptr(GPtrArray) selection = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  if (!expect (parser, '{'))
    return NULL;
  if (++parser->depth > MAX_DEPTH)
    {
      fail (parser, "nested too deeply");
      return NULL;
    }

  while (!peek (parser, '}'))
    {
      Field *field;

      if (*parser->p == '\0')
        {
          fail (parser, "unterminated selection");
          return NULL;
        }
      skip_ignored (parser);
      if (g_str_has_prefix (parser->p, "..."))
        {
          g_autoptr(GPtrArray) fragment = NULL;

          if ((fragment = read_inline_fragment (parser)) == NULL)
            return NULL;
          for (guint i = 0; i < fragment->len; i++)
            g_ptr_array_add (selection, g_steal_pointer (&fragment->pdata[i]));
          g_ptr_array_set_free_func (fragment, NULL);
          continue;
        }
      if ((field = read_field (parser)) == NULL)
        return NULL;
      g_ptr_array_add (selection, field);
    }
  parser->p++;
  parser->depth--;

  if (selection->len == 0)
    {
      fail (parser, "empty selection");
      return NULL;
    }

  return g_steal_pointer (&selection);
}

/* Int!, [ID!]! … : read and forgotten. */
static gboolean
read_type (Parser *parser)
{
  if (peek (parser, '['))
    {
      parser->p++;
      if (!read_type (parser) || !expect (parser, ']'))
        return FALSE;
    }
  else
    {
      g_autofree char *name = read_name (parser);

      if (name == NULL)
        return FALSE;
    }

  if (peek (parser, '!'))
    parser->p++;

  return TRUE;
}

/* ($name: Type = default, …) */
static gboolean
read_variable_definitions (Parser *parser)
{
  if (!peek (parser, '('))
    return TRUE;

  parser->p++;
  while (!peek (parser, ')'))
    {
      g_autofree char *name = NULL;
      JsonNode *fallback;
      gboolean skipped = FALSE;

      if (!expect (parser, '$') || (name = read_name (parser)) == NULL || !expect (parser, ':') ||
          !read_type (parser))
        return FALSE;

      if (peek (parser, '='))
        {
          parser->p++;
          if ((fallback = read_value (parser, TRUE)) == NULL)
            return FALSE;
        }
      else
        fallback = json_node_new (JSON_NODE_NULL);
      json_object_set_member (parser->defaults, name, fallback);

      if (!read_directives (parser, TRUE, &skipped))
        return FALSE;
    }
  parser->p++;

  return TRUE;
}

static RetourGraphqlOperation *
read_operation (Parser *parser,
                char  **name_out)
{
  g_autoptr(RetourGraphqlOperation) operation = g_new0 (RetourGraphqlOperation, 1);
  gboolean skipped = FALSE;

  *name_out = NULL;
  g_clear_pointer (&parser->defaults, json_object_unref);
  parser->defaults = json_object_new ();

  /* { … } alone is a query. */
  if (!peek (parser, '{'))
    {
      g_autofree char *kind = read_name (parser);

      if (kind == NULL)
        return NULL;
      if (g_str_equal (kind, "fragment"))
        {
          fail (parser, "fragments are not supported by the emulator");
          return NULL;
        }
      if (!g_str_equal (kind, "query") && !g_str_equal (kind, "mutation"))
        {
          fail (parser, "expected query or mutation");
          return NULL;
        }
      operation->mutation = g_str_equal (kind, "mutation");

      skip_ignored (parser);
      if (is_name_start (*parser->p) && (*name_out = read_name (parser)) == NULL)
        return NULL;
      if (!read_variable_definitions (parser) || !read_directives (parser, TRUE, &skipped))
        return NULL;
    }

  if ((operation->selection = read_selection (parser)) == NULL)
    return NULL;

  return g_steal_pointer (&operation);
}

RetourGraphqlOperation *
retour_graphql_parse (const char  *document,
                      const char  *operation_name,
                      JsonObject  *variables,
                      GError     **error)
{
  g_autoptr(RetourGraphqlOperation) chosen = NULL;
  Parser parser = { document, document, variables, NULL, 0, error };
  guint n_operations = 0;

  g_return_val_if_fail (document != NULL, NULL);

  if (operation_name != NULL && *operation_name == '\0')
    operation_name = NULL;

  for (skip_ignored (&parser); *parser.p != '\0'; skip_ignored (&parser))
    {
      g_autoptr(RetourGraphqlOperation) operation = NULL;
      g_autofree char *name = NULL;

      operation = read_operation (&parser, &name);
      if (operation == NULL)
        {
          g_clear_pointer (&parser.defaults, json_object_unref);
          return NULL;
        }
      n_operations++;
      if (operation_name == NULL || g_strcmp0 (name, operation_name) == 0)
        {
          g_clear_pointer (&chosen, retour_graphql_operation_free);
          chosen = g_steal_pointer (&operation);
        }
    }
  g_clear_pointer (&parser.defaults, json_object_unref);

  if (chosen == NULL || (operation_name == NULL && n_operations > 1))
    {
      if (n_operations == 0)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "No operations in query document");
      else if (operation_name != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "No operation named \"%s\"", operation_name);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "An operation name is required");
      return NULL;
    }

  return g_steal_pointer (&chosen);
}

gboolean
retour_graphql_is_mutation (RetourGraphqlOperation *operation)
{
  return operation->mutation;
}

/* ------------------------------------------------------------------ cost */

static Field *
find_child (GPtrArray  *selection,
            const char *name)
{
  for (guint i = 0; selection != NULL && i < selection->len; i++)
    {
      Field *field = g_ptr_array_index (selection, i);

      if (!field->skipped && g_str_equal (field->name, name))
        return field;
    }

  return NULL;
}

/* The page size of a connection or of a list cut to size. */
static gboolean
get_size (Field  *field,
          guint64 *size)
{
  static const char * const names[] = { "first", "last" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *node = json_object_get_member (field->arguments, names[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          *size = (guint64) MAX (json_node_get_int (node), 0);
          return TRUE;
        }
    }

  return FALSE;
}

/* A connection selects its nodes, edges or pageInfo; anything else sized
 * by `first` is a plain list of what it selects. */
static gboolean
is_connection (Field *field)
{
  return find_child (field->selection, "nodes") != NULL || find_child (field->selection, "edges") != NULL ||
         find_child (field->selection, "pageInfo") != NULL;
}

static gboolean
is_node_list (Field *field)
{
  return g_str_equal (field->name, "nodes") || g_str_equal (field->name, "edges");
}

static guint64 requested_selection (GPtrArray *selection);

static guint64
saturate (guint64 value)
{
  return MIN (value, (guint64) G_MAXUINT);
}

static guint64
requested_field (Field *field)
{
  guint64 size;

  if (field->skipped || field->selection == NULL)
    return 0;

  if (!get_size (field, &size))
    return 1 + requested_selection (field->selection);

  if (is_connection (field))
    {
      Field *nodes = find_child (field->selection, "nodes");
      Field *edges = find_child (field->selection, "edges");
      Field *node = edges != NULL ? find_child (edges->selection, "node") : NULL;
      guint64 node_cost = 0, cost = 2;

      /* One node, however it is reached. */
      if (nodes != NULL)
        node_cost = requested_selection (nodes->selection);
      if (node != NULL)
        node_cost = MAX (node_cost, requested_selection (node->selection));
      cost += saturate (size * (1 + node_cost));

      for (guint i = 0; i < field->selection->len; i++)
        {
          Field *child = g_ptr_array_index (field->selection, i);

          if (!is_node_list (child))
            cost += requested_field (child);
        }
      return saturate (cost);
    }

  return saturate (2 + size * (1 + requested_selection (field->selection)));
}

static guint64
requested_selection (GPtrArray *selection)
{
  guint64 cost = 0;

  for (guint i = 0; selection != NULL && i < selection->len; i++)
    cost = saturate (cost + requested_field (g_ptr_array_index (selection, i)));

  return cost;
}

guint
retour_graphql_requested_cost (RetourGraphqlOperation *operation)
{
  if (operation->mutation)
    return RETOUR_GRAPHQL_MUTATION_COST;

  return (guint) requested_selection (operation->selection);
}

static guint64 actual_selection (GPtrArray *selection,
                                 JsonNode  *value);

/* 1 for each object of @items, and what is selected of it. */
static guint64
actual_items (GPtrArray *selection,
              JsonNode  *items,
              gboolean   edges)
{
  guint64 cost = 0;
  JsonArray *array;

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return 0;

  array = json_node_get_array (items);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (edges && JSON_NODE_HOLDS_OBJECT (item))
        item = json_object_get_member (json_node_get_object (item), "node");
      if (item != NULL && JSON_NODE_HOLDS_OBJECT (item))
        cost += 1 + actual_selection (selection, item);
    }

  return cost;
}

static guint64
actual_field (Field    *field,
              JsonNode *value)
{
  guint64 size;

  /* A null object was not fetched: it costs nothing. */
  if (field->skipped || field->selection == NULL || value == NULL || JSON_NODE_HOLDS_NULL (value))
    return 0;

  if (!get_size (field, &size))
    {
      guint64 most = 0;

      if (JSON_NODE_HOLDS_OBJECT (value))
        return 1 + actual_selection (field->selection, value);

      /* A list nobody sized is counted as one object, as it is asked. */
      if (JSON_NODE_HOLDS_ARRAY (value))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
          most = MAX (most, actual_selection (field->selection,
                                              json_array_get_element (json_node_get_array (value), i)));
      return 1 + most;
    }

  if (is_connection (field))
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
      Field *nodes = find_child (field->selection, "nodes");
      Field *edges = find_child (field->selection, "edges");
      Field *node = edges != NULL ? find_child (edges->selection, "node") : NULL;
      guint64 cost = 2;

      if (object == NULL)
        return cost;

      if (nodes != NULL)
        cost += actual_items (nodes->selection, json_object_get_member (object, nodes->key), FALSE);
      else if (node != NULL)
        cost += actual_items (node->selection, json_object_get_member (object, edges->key), TRUE);

      for (guint i = 0; i < field->selection->len; i++)
        {
          Field *child = g_ptr_array_index (field->selection, i);

          if (!is_node_list (child))
            cost += actual_field (child, json_object_get_member (object, child->key));
        }
      return cost;
    }

  return 2 + actual_items (field->selection, value, FALSE);
}

static guint64
actual_selection (GPtrArray *selection,
                  JsonNode  *value)
{
  JsonObject *object;
  guint64 cost = 0;

  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    return 0;

  object = json_node_get_object (value);
  for (guint i = 0; selection != NULL && i < selection->len; i++)
    {
      Field *field = g_ptr_array_index (selection, i);

      cost += actual_field (field, json_object_get_member (object, field->key));
    }

  return saturate (cost);
}

guint
retour_graphql_actual_cost (RetourGraphqlOperation *operation,
                            JsonNode               *data)
{
  if (operation->mutation)
    return RETOUR_GRAPHQL_MUTATION_COST;

  return (guint) actual_selection (operation->selection, data);
}

/* ---------------------------------------------------------------- lookup */

static Field *
find_path (RetourGraphqlOperation *operation,
           const char             *path)
{
  g_auto(GStrv) names = g_strsplit (path, ".", -1);
  GPtrArray *selection = operation->selection;
  Field *field = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if ((field = find_child (selection, names[i])) == NULL)
        return NULL;
      selection = field->selection;
    }

  return field;
}

gboolean
retour_graphql_selects (RetourGraphqlOperation *operation,
                        const char             *path)
{
  return find_path (operation, path) != NULL;
}

gint64
retour_graphql_get_int (RetourGraphqlOperation *operation,
                        const char             *path,
                        const char             *name,
                        gint64                  fallback)
{
  Field *field = find_path (operation, path);
  JsonNode *node = field != NULL ? json_object_get_member (field->arguments, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

const char *
retour_graphql_get_string (RetourGraphqlOperation *operation,
                           const char             *path,
                           const char             *name)
{
  Field *field = find_path (operation, path);
  JsonNode *node = field != NULL ? json_object_get_member (field->arguments, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
retour_graphql_get_object (RetourGraphqlOperation *operation,
                           const char             *path,
                           const char             *name)
{
  Field *field = find_path (operation, path);
  JsonNode *node = field != NULL ? json_object_get_member (field->arguments, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
retour_graphql_get_array (RetourGraphqlOperation *operation,
                          const char             *path,
                          const char             *name)
{
  Field *field = find_path (operation, path);
  JsonNode *node = field != NULL ? json_object_get_member (field->arguments, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
retour_graphql_has_argument (RetourGraphqlOperation *operation,
                             const char             *path,
                             const char             *name)
{
  Field *field = find_path (operation, path);
  JsonNode *node = field != NULL ? json_object_get_member (field->arguments, name) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

gboolean
retour_graphql_get_boolean (RetourGraphqlOperation *operation,
                            const char             *path,
                            const char             *name)
{
  Field *field = find_path (operation, path);
  JsonNode *node = field != NULL ? json_object_get_member (field->arguments, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}
