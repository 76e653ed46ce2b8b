/* retour-server-setup.h — setting a shop up on a PostgreSQL server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `retour-cli server` does, for whoever runs the shop's server: make
 * the schema and Retour's four roles (desk, warehouse, accounts, owner)
 * with the privileges the server enforces, and add operators, each a
 * login role in some of them.
 */
#pragma once

#include <gio/gio.h>

#include "retour-database.h"

G_BEGIN_DECLS

/* What retour_server_init() found and did. */
typedef struct
{
  int       schema_before;       /* 0: the database held no shop */
  int       schema_after;
  GStrv     roles_created;       /* the group roles made now */
  gboolean  privileges_changed;  /* GRANTs, triggers or memberships */
} RetourServerInit;

void              retour_server_init_free          (RetourServerInit *init);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourServerInit, retour_server_init_free)

/* Whether the run changed anything at all. */
gboolean          retour_server_init_changed       (const RetourServerInit *init);

/* Creates or updates the shop's schema on the server at @location, makes
 * Retour's roles when the cluster lacks them and (re)applies their
 * privileges. Safe to run again: a second run changes nothing. The login
 * in @location must be allowed to create roles (a superuser, or one with
 * CREATEROLE that owns the database). */
RetourServerInit *retour_server_init               (const char        *location,
                                                    GError           **error);

/* "desk", "warehouse", "accounts", "owner": one role. */
const char       *retour_operator_role_to_key      (RetourOperatorRoles  role);
gboolean          retour_operator_role_from_key    (const char          *key,
                                                    RetourOperatorRoles *role);

typedef struct
{
  char                *name;
  RetourOperatorRoles  roles;   /* as granted, not expanded for owners */
} RetourOperator;

void              retour_operator_free             (RetourOperator *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourOperator, retour_operator_free)

/* Adds the operator @name, a login role on @db's server with @password,
 * in @roles. The name is taken literally, whatever it holds; it may not
 * be taken already, nor be one of PostgreSQL's or Retour's own. */
gboolean          retour_server_add_operator       (RetourDatabase       *db,
                                                    const char           *name,
                                                    RetourOperatorRoles   roles,
                                                    const char           *password,
                                                    GError              **error);
/* The login roles in any of Retour's roles, by name: RetourOperator*. */
GPtrArray        *retour_server_list_operators     (RetourDatabase       *db,
                                                    GError              **error);

G_END_DECLS
