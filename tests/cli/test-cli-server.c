/* test-cli-server.c — `retour-cli server` and the roles the server enforces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the private cluster build-aux/test starts (RETOUR_TEST_POSTGRES,
 * and RETOUR_TEST_POSTGRES_TCP where passwords are asked for); skipped
 * without it. Each test sets a new database up with `server init`, adds
 * operators with `server add-operator`, and then signs in as them: through
 * the store, as the app does, and with a plain libpq connection, as
 * someone with psql would.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "retour-carrier-store.h"
#include "retour-catalog-store.h"
#include "retour-cli-run.h"
#include "retour-desk.h"
#include "retour-policy-store.h"
#include "retour-test-db.h"

#define HOSTILE_NAME "x\"; DROP TABLE rma; --"

typedef struct
{
  char      *dbname;
  char      *location;   /* the superuser's, over the socket */
  GPtrArray *operators;  /* login roles to drop at the end */
} Fixture;

static gboolean
have_cluster (void)
{
  if (g_getenv ("RETOUR_TEST_POSTGRES") != NULL && g_getenv ("RETOUR_TEST_POSTGRES_TCP") != NULL)
    return TRUE;

  g_test_skip ("RETOUR_TEST_POSTGRES is not set; run the tests with build-aux/test");
  return FALSE;
}


/* Runs @sql as the superuser, on the test's database. */
static void
exec_as_admin (Fixture    *f,
               const char *sql)
{
  PGconn *pg = PQconnectdb (f->location);
  PGresult *result;

  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  result = PQexec (pg, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (pg);
}

/* A value for a libpq connection string, quoted. */
static char *
conninfo_quote (const char *value)
{
  GString *quoted = g_string_new ("'");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '\'');

  return g_string_free (quoted, FALSE);
}

/* Where @login connects: over TCP, where the password is asked for. */
static char *
login_location (Fixture    *f,
                const char *login)
{
  g_autofree char *user = conninfo_quote (login);

  return g_strdup_printf ("%s dbname=%s user=%s", g_getenv ("RETOUR_TEST_POSTGRES_TCP"), f->dbname, user);
}

static void
drop_operator (const char *name)
{
  PGconn *pg = PQconnectdb (g_getenv ("RETOUR_TEST_POSTGRES"));
  char *quoted = PQescapeIdentifier (pg, name, strlen (name));
  g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", quoted);

  PQfreemem (quoted);
  PQfinish (pg);
  retour_test_db_exec_on_cluster (sql);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{

  f->operators = g_ptr_array_new_with_free_func (g_free);
  if (g_getenv ("RETOUR_TEST_POSTGRES") == NULL || g_getenv ("RETOUR_TEST_POSTGRES_TCP") == NULL)
    return;

  f->dbname = retour_test_db_create_on_cluster ("retour_srv");
  f->location = g_strdup_printf ("%s dbname=%s", g_getenv ("RETOUR_TEST_POSTGRES"), f->dbname);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dbname != NULL)
    retour_test_db_drop_on_cluster (f->dbname);
  /* Roles are the cluster's: gone with the test, so that the next run
   * can make them again. */
  for (guint i = 0; i < f->operators->len; i++)
    drop_operator (g_ptr_array_index (f->operators, i));

  g_ptr_array_unref (f->operators);
  g_free (f->location);
  g_free (f->dbname);
}

/* retour-cli with @input on its standard input. */
static void
run_cli_with_input (Run         *run,
                    const char  *input,
                    const char  *first,
                    ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("RETOUR_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  if (run->status != 0)
    g_test_message ("retour-cli %s: %s", first, run->err);
}

static void
server_init (Fixture *f)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "server", "init", "--url", f->location, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* Adds the operator @name in @role with @password. */
static void
add_operator (Fixture    *f,
              const char *name,
              const char *role,
              const char *password)
{
  g_auto(Run) run = { 0 };
  g_autofree char *input = g_strdup_printf ("%s\n", password);

  drop_operator (name);
  g_ptr_array_add (f->operators, g_strdup (name));
  run_cli_with_input (&run, input, "server", "add-operator", name, "--role", role, "--password-stdin",
                      "--database", f->location, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, name));
  g_assert_null (strstr (run.out, password));
}

/* A libpq connection as @login, with @password. */
static PGconn *
connect_as (Fixture    *f,
            const char *login,
            const char *password)
{
  g_autofree char *location = login_location (f, login);
  g_autofree char *quoted = conninfo_quote (password);
  g_autofree char *conninfo = g_strdup_printf ("%s password=%s", location, quoted);
  PGconn *pg = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  return pg;
}

/* The SQLSTATE of @sql on @pg: NULL when it worked. */
static char *
exec_state (PGconn     *pg,
            const char *sql)
{
  PGresult *result = PQexec (pg, sql);
  char *state = NULL;

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      state = g_strdup (PQresultErrorField (result, PG_DIAG_SQLSTATE));
      g_test_message ("%s: %s", sql, PQresultErrorMessage (result));
    }
  PQclear (result);

  return state;
}

/* The store, opened as @login with @password, as the app does. */
static RetourDatabase *
open_as (Fixture    *f,
         const char *login,
         const char *password)
{
  g_autofree char *location = login_location (f, login);
  g_autoptr(GError) error = NULL;
  RetourDatabase *db;

  retour_database_set_server_password (location, password);
  db = retour_database_open_full (location, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);

  return db;
}

static RetourDatabase *
open_as_admin (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RetourDatabase *db = retour_database_open_full (f->location, RETOUR_DATABASE_OPEN_NONE, &error);

  g_assert_no_error (error);
  return db;
}

static char *
query_text (RetourDatabase *db,
            const char     *sql)
{
  PGconn *pg = PQconnectdb (retour_database_get_path (db));
  PGresult *result;
  char *text = NULL;

  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  result = PQexec (pg, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    text = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (pg);

  return text;
}

/* An authorized return of one desk lamp (a product, so that its
 * inspection moves stock), taken by the superuser's desk. */
static RetourRma *
authorized_return (RetourDatabase *db)
{
  g_autoptr(RetourContext) context = retour_context_new (db);
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(GPtrArray) reasons = NULL;
  RetourOrderLine *line = retour_order_line_new ();
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_real_time ();
  RetourRma *rma = NULL;

  retour_context_set_actor (context, "Setup");
  product->sku = g_strdup ("LMP-01");
  product->title = g_strdup ("Desk lamp");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (db, product, &error);
  g_assert_no_error (error);

  customer->first_name = g_strdup ("Noor");
  customer->last_name = g_strdup ("Smit");
  retour_catalog_store_upsert_customer (db, customer, now_us, &error);
  g_assert_no_error (error);

  order->number = g_strdup ("1042");
  order->customer_id = customer->id;
  order->total = retour_money_init (1995, "EUR");
  order->ordered_us = now_us - 10 * G_TIME_SPAN_DAY;
  order->delivered_us = now_us - 7 * G_TIME_SPAN_DAY;
  line->product_id = product->id;
  line->sku = g_strdup ("LMP-01");
  line->title = g_strdup ("Desk lamp");
  line->quantity = 1;
  line->unit_price = retour_money_init (1995, "EUR");
  line->total = retour_money_init (1995, "EUR");
  g_ptr_array_add (order->lines, line);
  retour_catalog_store_upsert_order (db, order, &error);
  g_assert_no_error (error);

  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);
  item.order_line_id = line->id;
  item.quantity = 1;
  item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
  request.order_id = order->id;
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = RETOUR_RESOLUTION_REFUND;
  retour_desk_create_return (context, &request, &rma, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);

  return rma;
}

/* What the person at the packing table says of the parcel's one item. */
static void
judge_items (RetourRma *parcel)
{
  RetourRmaLine *line = g_ptr_array_index (parcel->lines, 0);

  line->condition = RETOUR_CONDITION_NEW_UNOPENED;
  line->disposition = RETOUR_DISPOSITION_RESTOCK;
}

static RetourRefund *
new_refund (const RetourRma *rma,
            gint64           minor)
{
  RetourRefund *refund = g_new0 (RetourRefund, 1);

  refund->rma_id = rma->id;
  refund->amount = retour_money_init (minor, "EUR");
  refund->method = RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT;

  return refund;
}

/* ------------------------------------------------------------------ tests */

static void
test_init_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) third = { 0 };
  JsonObject *report;

  if (!have_cluster ())
    return;

  run_cli (&first, "server", "init", "--url", f->location, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_nonnull (strstr (first.out, "schema"));

  run_cli (&second, "server", "init", "--json", "--database", f->location, NULL);
  g_assert_cmpint (second.status, ==, 0);
  json_parser_load_from_data (parser, second.out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (report, "changed"));
  g_assert_false (json_object_get_boolean_member (report, "privileges_changed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "roles_created")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (report, "schema_before"), ==,
                   json_object_get_int_member (report, "schema_after"));

  run_cli (&third, "server", "init", "--url", f->location, NULL);
  g_assert_cmpint (third.status, ==, 0);
  g_assert_nonnull (strstr (third.out, "nothing changed"));
}

static void
test_warehouse (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) parcel = NULL;
  g_autoptr(RetourRma) stored = NULL;
  g_autoptr(RetourRefund) refund = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *on_hand = NULL;
  PGconn *pg;

  if (!have_cluster ())
    return;

  server_init (f);
  add_operator (f, "Piet", "warehouse", "pakbon-42");
  admin = open_as_admin (f);
  rma = authorized_return (admin);

  /* From psql: no refund, no policy, no raised refund on the return. */
  pg = connect_as (f, "Piet", "pakbon-42");
  sql = g_strdup_printf ("INSERT INTO refund (rma_id, amount_minor, currency, method, created_us, actor) "
                         "VALUES (%" G_GINT64_FORMAT ", 1995, 'EUR', 'original-payment', 0, 'Piet')", rma->id);
  state = exec_state (pg, sql);
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE rma SET refund_minor = refund_minor + 500 WHERE id = %" G_GINT64_FORMAT, rma->id);
  state = exec_state (pg, sql);
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = exec_state (pg, "UPDATE policy SET window_days = 365");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);

  /* What a sync writes, any desk may: the store's cursor, not its
   * address; the refunds made in the storefront, not Retour's own. */
  exec_as_admin (f, "INSERT INTO store (name, platform, base_url, created_us) "
                    "VALUES ('Shop NL', 'woocommerce', 'https://shop.example', 0)");
  state = exec_state (pg, "UPDATE store SET last_sync_us = 1, watermark_us = 1, last_error = NULL");
  g_assert_null (state);
  state = exec_state (pg, "UPDATE store SET base_url = 'https://elsewhere.example'");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO refund (source, order_id, external_id, amount_minor, currency, method, "
                         "created_us, actor) VALUES ('storefront', %" G_GINT64_FORMAT ", 'r-1', 100, 'EUR', "
                         "'none', 0, 'Shop NL')", rma->order_id);
  state = exec_state (pg, sql);
  g_assert_null (state);
  state = exec_state (pg, "UPDATE refund SET source = 'retour', order_id = NULL, rma_id = 1");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = exec_state (pg, "DELETE FROM refund WHERE external_id = 'r-1'");
  g_assert_null (state);
  PQfinish (pg);

  /* Through the store: receives and inspects, in its own name. */
  db = open_as (f, "Piet", "pakbon-42");
  g_assert_cmpint (retour_database_get_operator_roles (db), ==, RETOUR_OPERATOR_ROLE_WAREHOUSE);
  g_assert_cmpstr (retour_database_get_operator_name (db), ==, "Piet");
  context = retour_context_new (db);
  retour_context_set_actor (context, "Somebody else");

  parcel = retour_desk_find_expected (context, rma->number, &error);
  g_assert_no_error (error);
  judge_items (parcel);
  retour_desk_receive (context, parcel, TRUE, &error);
  g_assert_no_error (error);

  stored = retour_rma_store_load (admin, rma->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, RETOUR_RMA_STATUS_INSPECTED);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT string_agg (DISTINCT actor, ',') FROM rma_event "
                         "WHERE rma_id = %" G_GINT64_FORMAT " AND to_status IN ('received', 'inspected')", rma->id);
  actor = query_text (admin, sql);
  g_assert_cmpstr (actor, ==, "Piet");
  g_clear_pointer (&actor, g_free);
  actor = query_text (admin, "SELECT string_agg (DISTINCT actor, ',') FROM stock_movement");
  g_assert_cmpstr (actor, ==, "Piet");
  on_hand = query_text (admin, "SELECT on_hand FROM product WHERE sku = 'LMP-01'");
  g_assert_cmpstr (on_hand, ==, "1");

  /* … but may not change what is refunded, nor pay it. */
  parcel->refund = retour_money_init (parcel->refund.minor + 500, "EUR");
  parcel->refund_overridden = TRUE;
  g_free (parcel->override_note);
  parcel->override_note = g_strdup ("Goodwill");
  g_assert_false (retour_desk_save_return (context, parcel, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_clear_error (&error);

  refund = new_refund (stored, 100);
  g_assert_false (retour_desk_record_refund (context, refund, NULL, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_cmpint (retour_database_get_schema_version (admin), >, 0);
  g_clear_pointer (&on_hand, g_free);
  on_hand = query_text (admin, "SELECT count (*) FROM refund WHERE source = 'retour'");
  g_assert_cmpstr (on_hand, ==, "0");
}

static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) admin_context = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) inspected = NULL;
  g_autoptr(RetourRefund) refund = NULL;
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  g_autofree char *password = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *state = NULL;
  PGconn *pg;

  if (!have_cluster ())
    return;

  server_init (f);

  /* Without --password-stdin, a password is made up and shown once. */
  drop_operator ("Anna");
  g_ptr_array_add (f->operators, g_strdup ("Anna"));
  run_cli (&run, "server", "add-operator", "Anna", "--role", "accounts", "--json", "--url", f->location, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  password = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                      "password"));
  g_assert_cmpuint (strlen (password), >=, 20);

  admin = open_as_admin (f);
  rma = authorized_return (admin);
  admin_context = retour_context_new (admin);
  inspected = retour_desk_find_expected (admin_context, rma->number, &error);
  g_assert_no_error (error);
  judge_items (inspected);
  retour_desk_receive (admin_context, inspected, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (inspected->refund.minor, >, 0);

  db = open_as (f, "Anna", password);
  g_assert_cmpint (retour_database_get_operator_roles (db), ==, RETOUR_OPERATOR_ROLE_ACCOUNTS);
  context = retour_context_new (db);
  retour_context_set_actor (context, "Piet");

  refund = new_refund (inspected, inspected->refund.minor);
  retour_desk_record_refund (context, refund, NULL, &error);
  g_assert_no_error (error);
  actor = query_text (admin, "SELECT actor FROM refund");
  g_assert_cmpstr (actor, ==, "Anna");

  /* The policy is the owner's. */
  policy = retour_policy_store_load_current (db, &error);
  g_assert_no_error (error);
  policy->window_days = 60;
  g_assert_false (retour_policy_store_add_version (db, policy, g_get_real_time (), &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_clear_error (&error);

  pg = connect_as (f, "Anna", password);
  state = exec_state (pg, "UPDATE setting SET value = 'X' WHERE key = 'currency'");
  g_assert_cmpstr (state, ==, "42501");
  PQfinish (pg);
}

static void
test_desk_actor (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourRma) parcel = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *actors = NULL;
  g_autofree char *state = NULL;
  PGconn *pg;

  if (!have_cluster ())
    return;

  server_init (f);
  add_operator (f, "Sanne", "desk", "telefoon-7");
  admin = open_as_admin (f);

  /* A return taken at Sanne's desk, which calls itself someone else. */
  db = open_as (f, "Sanne", "telefoon-7");
  g_assert_cmpint (retour_database_get_operator_roles (db), ==, RETOUR_OPERATOR_ROLE_DESK);
  rma = authorized_return (db);
  sql = g_strdup_printf ("SELECT string_agg (DISTINCT actor, ',') FROM rma_event WHERE rma_id = %" G_GINT64_FORMAT,
                         rma->id);
  actors = query_text (admin, sql);
  g_assert_cmpstr (actors, ==, "Sanne");

  /* Not even psql writes history in another's name. */
  pg = connect_as (f, "Sanne", "telefoon-7");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO rma_event (rma_id, created_us, actor, kind, detail) "
                         "VALUES (%" G_GINT64_FORMAT ", 0, 'Piet', 'note', 'forged')", rma->id);
  state = exec_state (pg, sql);
  g_assert_null (state);
  g_clear_pointer (&actors, g_free);
  actors = query_text (admin, "SELECT actor FROM rma_event WHERE detail = 'forged'");
  g_assert_cmpstr (actors, ==, "Sanne");

  /* The desk does not receive parcels. */
  context = retour_context_new (db);
  parcel = retour_desk_find_expected (context, rma->number, &error);
  g_assert_no_error (error);
  g_assert_false (retour_desk_receive (context, parcel, FALSE, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED);
  g_assert_cmpint (parcel->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  PQfinish (pg);
}

static void
test_hostile_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) list = { 0 };
  g_auto(Run) reserved = { 0 };
  g_auto(Run) twice = { 0 };
  g_autofree char *rma_table = NULL;
  JsonArray *operators;
  gboolean found = FALSE;

  if (!have_cluster ())
    return;

  server_init (f);
  add_operator (f, HOSTILE_NAME, "desk", "quote'and\\backslash");

  admin = open_as_admin (f);
  rma_table = query_text (admin, "SELECT to_regclass ('rma')::text");
  g_assert_cmpstr (rma_table, ==, "rma");

  /* It is a name like any other: listed, and it signs in. */
  run_cli (&list, "server", "list-operators", "--json", "--url", f->location, NULL);
  g_assert_cmpint (list.status, ==, 0);
  json_parser_load_from_data (parser, list.out, -1, &error);
  g_assert_no_error (error);
  operators = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (operators); i++)
    found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (operators, i), "name"),
                        HOSTILE_NAME) == 0;
  g_assert_true (found);

  db = open_as (f, HOSTILE_NAME, "quote'and\\backslash");
  g_assert_cmpstr (retour_database_get_operator_name (db), ==, HOSTILE_NAME);

  run_cli (&twice, "server", "add-operator", HOSTILE_NAME, "--role", "desk", "--url", f->location, NULL);
  g_assert_cmpint (twice.status, ==, 1);
  run_cli (&reserved, "server", "add-operator", "pg_signal_backend", "--role", "owner", "--url", f->location, NULL);
  g_assert_cmpint (reserved.status, ==, 1);
  g_assert_nonnull (strstr (reserved.err, "pg_"));
}

static void
test_operator_roles (Fixture       *f,
                     gconstpointer  data)
{
  static const char *sqlite_suffixes[] = { "", "-wal", "-shm" };
  static const struct
  {
    const char          *name;
    const char          *role;
    RetourOperatorRoles  roles;
  } logins[] = {
    { "Sanne", "desk", RETOUR_OPERATOR_ROLE_DESK },
    { "Piet", "warehouse", RETOUR_OPERATOR_ROLE_WAREHOUSE },
    { "Anna", "accounts", RETOUR_OPERATOR_ROLE_ACCOUNTS },
    { "Olga", "owner", RETOUR_OPERATOR_ROLES_ALL },
  };
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_dir = NULL;
  g_autofree char *file = NULL;

  if (!have_cluster ())
    return;

  server_init (f);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr(RetourDatabase) db = NULL;

      add_operator (f, logins[i].name, logins[i].role, "geheim");
      db = open_as (f, logins[i].name, "geheim");
      g_assert_cmpint (retour_database_get_operator_roles (db), ==, logins[i].roles);
      g_assert_cmpstr (retour_database_get_operator_name (db), ==, logins[i].name);
    }

  /* Whoever set the server up is no operator. */
  admin = open_as_admin (f);
  g_assert_cmpint (retour_database_get_operator_roles (admin), ==, RETOUR_OPERATOR_ROLES_ALL);
  g_assert_null (retour_database_get_operator_name (admin));
  g_clear_object (&admin);

  /* Nor is anyone on a file. */
  file_dir = g_dir_make_tmp ("retour-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (file_dir, "shop.db", NULL);
  admin = retour_database_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retour_database_get_operator_roles (admin), ==, RETOUR_OPERATOR_ROLES_ALL);
  g_assert_null (retour_database_get_operator_name (admin));
  g_clear_object (&admin);
  for (guint i = 0; i < G_N_ELEMENTS (sqlite_suffixes); i++)
    {
      g_autofree char *path = g_strconcat (file, sqlite_suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (file_dir);
}

/* Carrier labels on a server: the desk buys them (its request and the
 * carrier's answer), any role's poll writes their tracking, nobody else
 * touches a label's PDF or number. */
static void
test_carrier_roles (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RetourDatabase) admin = NULL;
  g_autoptr(RetourDatabase) desk = NULL;
  g_autoptr(RetourDatabase) warehouse = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(RetourCarrierRecord) label = NULL;
  g_autoptr(RetourCarrierRecord) tracked = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_carrier_event_record_free);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4 label", 14);
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *sql = NULL;
  RetourCarrierEventRecord *event;
  gboolean created;
  PGconn *pg;

  if (!have_cluster ())
    return;

  server_init (f);
  add_operator (f, "Sanne", "desk", "telefoon-7");
  add_operator (f, "Piet", "warehouse", "pakbon-42");
  admin = open_as_admin (f);
  rma = authorized_return (admin);

  /* The desk buys it. */
  desk = open_as (f, "Sanne", "telefoon-7");
  label = retour_carrier_store_begin (desk, rma->id, "postnl", rma->number, 1, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  retour_carrier_store_complete (desk, label->id, "3SRTRN000001001", NULL, pdf, -1, 495, "EUR", &error);
  g_assert_no_error (error);
  retour_carrier_store_set_choice (desk, rma->id, "postnl", &error);
  g_assert_no_error (error);

  /* The warehouse's cron follows it … */
  warehouse = open_as (f, "Piet", "pakbon-42");
  event = g_new0 (RetourCarrierEventRecord, 1);
  event->time_us = 2;
  event->code = g_strdup ("2");
  event->state = g_strdup ("in-transit");
  g_ptr_array_add (events, event);
  retour_carrier_store_record_tracking (warehouse, label->id, "in-transit", 2, 0, events, 3, &error);
  g_assert_no_error (error);
  tracked = retour_carrier_store_get (admin, label->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tracked->tracking_state, ==, "in-transit");
  g_assert_cmpint (tracked->first_scan_us, ==, 2);

  /* … but buys nothing, and changes no label. */
  pg = connect_as (f, "Piet", "pakbon-42");
  sql = g_strdup_printf ("INSERT INTO carrier_label (rma_id, carrier, reference, created_us) "
                         "VALUES (%" G_GINT64_FORMAT ", 'dhl', 'X', 0)", rma->id);
  state = exec_state (pg, sql);
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = exec_state (pg, "UPDATE carrier_label SET tracking_number = '3SRTRN999999999'");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = exec_state (pg, "DELETE FROM carrier_choice");
  g_assert_cmpstr (state, ==, "42501");
  PQfinish (pg);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/init-twice", Fixture, NULL, fixture_set_up, test_init_twice, fixture_tear_down);
  g_test_add ("/server/warehouse", Fixture, NULL, fixture_set_up, test_warehouse, fixture_tear_down);
  g_test_add ("/server/accounts", Fixture, NULL, fixture_set_up, test_accounts, fixture_tear_down);
  g_test_add ("/server/desk-actor", Fixture, NULL, fixture_set_up, test_desk_actor, fixture_tear_down);
  g_test_add ("/server/hostile-name", Fixture, NULL, fixture_set_up, test_hostile_name, fixture_tear_down);
  g_test_add ("/server/operator-roles", Fixture, NULL, fixture_set_up, test_operator_roles, fixture_tear_down);
  g_test_add ("/server/carrier-roles", Fixture, NULL, fixture_set_up, test_carrier_roles, fixture_tear_down);

  return g_test_run ();
}
