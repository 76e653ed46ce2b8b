/* retour-emulator-graphql.h — what a Shopify GraphQL request asks for, and
 * what it costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small recursive-descent reader of GraphQL documents: operations,
 * variable definitions with defaults, fields with aliases, arguments
 * (literals and $variables, resolved from the request's variables),
 * @include and @skip, nested selections, inline fragments ("... on
 * Type", whose fields count as the enclosing selection's: each place the
 * emulator serves one holds objects of that type only). Named fragments
 * are refused: the connector sends none, and counting their cost right
 * would need the schema's types.
 *
 * Costs follow Shopify's documented rules ("GraphQL Admin API rate
 * limits"), read without a schema: a field with no selection is a scalar
 * or an enum and costs 0; a field with a selection returns an object and
 * costs 1 plus its selection; a field sized by `first` or `last` is a
 * connection (or a list cut to that size) and costs 2 plus the size times
 * the cost of one node, its own selection (nodes, edges.node) being that
 * node, and what else it selects (pageInfo) on top; a mutation costs 10.
 * The actual cost counts the same way over the data returned: null
 * objects cost nothing, connections the nodes they hold.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RETOUR_GRAPHQL_MUTATION_COST 10

typedef struct _RetourGraphqlOperation RetourGraphqlOperation;

/* The operation @operation_name of @document (the only one when NULL or
 * ""), its arguments resolved with @variables (may be NULL). Fails with a
 * message like a GraphQL server's on bad syntax, an unknown operation, an
 * undefined variable, or a fragment. */
RetourGraphqlOperation *retour_graphql_parse              (const char              *document,
                                                           const char              *operation_name,
                                                           JsonObject              *variables,
                                                           GError                 **error);
void                    retour_graphql_operation_free     (RetourGraphqlOperation  *operation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourGraphqlOperation, retour_graphql_operation_free)

gboolean                retour_graphql_is_mutation        (RetourGraphqlOperation  *operation);
guint                   retour_graphql_requested_cost     (RetourGraphqlOperation  *operation);
/* @data: the "data" member of the answer. */
guint                   retour_graphql_actual_cost        (RetourGraphqlOperation  *operation,
                                                           JsonNode                *data);

/* Whether the field at @path (names, not aliases, joined by dots, as in
 * "orders.nodes.lineItems") is selected and not skipped. */
gboolean                retour_graphql_selects            (RetourGraphqlOperation  *operation,
                                                           const char              *path);
/* Argument @name of the field at @path, or @fallback when the field or
 * the argument is missing or of another type. */
gint64                  retour_graphql_get_int            (RetourGraphqlOperation  *operation,
                                                           const char              *path,
                                                           const char              *name,
                                                           gint64                   fallback);
const char             *retour_graphql_get_string         (RetourGraphqlOperation  *operation,
                                                           const char              *path,
                                                           const char              *name);
JsonObject             *retour_graphql_get_object         (RetourGraphqlOperation  *operation,
                                                           const char              *path,
                                                           const char              *name);
JsonArray              *retour_graphql_get_array          (RetourGraphqlOperation  *operation,
                                                           const char              *path,
                                                           const char              *name);
/* Whether argument @name is given and not null. */
gboolean                retour_graphql_has_argument       (RetourGraphqlOperation  *operation,
                                                           const char              *path,
                                                           const char              *name);
gboolean                retour_graphql_get_boolean        (RetourGraphqlOperation  *operation,
                                                           const char              *path,
                                                           const char              *name);

G_END_DECLS
