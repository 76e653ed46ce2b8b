/* test-cli-privacy.c — a customer's GDPR requests and the retention rule, from retour-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "retour-catalog-store.h"
#include "retour-cli-run.h"
#include "retour-privacy-store.h"
#include "retour-test-db.h"

typedef struct
{
  char  *dir;
  char  *db_path;
  gint64 customer;
  char  *email;
  char  *last_name;
} Fixture;

static char *
query_text (RetourDatabase *db,
            const char     *what,
            gint64          customer_id)
{
  g_autoptr(RetourCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = retour_catalog_store_load_customer (db, customer_id, &error);
  g_assert_no_error (error);
  if (g_str_equal (what, "email"))
    return g_strdup (customer->email);

  return g_strdup (customer->last_name);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) demo = { 0 };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("retour-test-cli-privacy-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "shop.db", NULL);
  run_cli (&demo, "demo", "--rmas", "60", "--database", f->db_path, NULL);
  g_assert_cmpint (demo.status, ==, 0);

  /* The customer of the newest return. */
  db = retour_database_open_full (f->db_path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  f->customer = retour_test_db_query_int (db, "SELECT customer_id FROM rma ORDER BY id DESC LIMIT 1", 0);
  f->email = query_text (db, "email", f->customer);
  f->last_name = query_text (db, "last_name", f->customer);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  retour_test_db_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->email);
  g_free (f->last_name);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Everything of hers, private, and no one else's address in it. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autofree char *out = g_build_filename (f->dir, "export", NULL);
  g_autofree char *json_path = g_build_filename (out, "customer.json", NULL);
  g_autofree char *pdf_path = g_build_filename (out, "summary.pdf", NULL);
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *returns;
  gint64 n_returns;
  g_autofree char *upper = g_ascii_strup (f->email, -1);

  run_cli (&run, "customer", "export", upper, "--output", out, "--database", f->db_path, NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  g_assert_cmpuint (file_mode (out), ==, 0700);
  g_assert_cmpuint (file_mode (json_path), ==, 0600);
  g_assert_cmpuint (file_mode (pdf_path), ==, 0600);

  g_file_get_contents (json_path, &json, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "customer"), "email"),
                   ==, f->email);
  returns = json_object_get_array_member (root, "returns");

  db = retour_database_open_full (f->db_path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  n_returns = retour_test_db_query_int (db, "SELECT count (*) FROM rma WHERE customer_id = ?", f->customer);
  g_assert_cmpint (json_array_get_length (returns), ==, n_returns);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "orders")), ==,
                   retour_test_db_query_int (db, "SELECT count (*) FROM \"order\" WHERE customer_id = ?",
                                             f->customer));

  /* Nothing of the shop's other customers. */
  {
    gint64 n_customers = retour_test_db_query_int (db, "SELECT max (id) FROM customer", 0);

    for (gint64 id = 1; id <= n_customers; id++)
      {
        g_autofree char *email = NULL;

        if (id == f->customer ||
            retour_test_db_query_int (db, "SELECT count (*) FROM customer WHERE id = ?", id) == 0)
          continue;
        email = query_text (db, "email", id);
        if (email != NULL && g_strcmp0 (email, f->email) != 0)
          g_assert_null (strstr (json, email));
      }
  }

  /* A second export does not write over the first. */
  run_cli (&again, "customer", "export", f->email, "--output", out, "--database", f->db_path, NULL);
  g_assert_cmpint (again.status, !=, 0);
}

/* Asked first; with --yes done, and check stays green; her address no
 * longer finds anyone. Nothing of her in the debug log either. */
static void
test_anonymise (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) refused = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) gone = { 0 };
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->customer);

  /* No terminal to ask on: refused without --yes. */
  run_cli (&refused, "customer", "anonymise", f->email, "--database", f->db_path, NULL);
  g_assert_cmpint (refused.status, ==, 2);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  run_cli (&run, "customer", "anonymise", id, "--yes", "--database", f->db_path, NULL);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, f->email));
  g_assert_null (strstr (run.err, f->last_name));
  g_assert_null (strstr (run.out, f->email));

  run_cli (&check, "check", "--database", f->db_path, NULL);
  g_assert_cmpint (check.status, ==, 0);

  run_cli (&gone, "customer", "export", f->email, "--output", f->dir, "--database", f->db_path, NULL);
  g_assert_cmpint (gone.status, !=, 0);
}

/* Off by default: --apply changes nothing; the dry run lists exactly
 * the customer of long ago, and --apply then takes them. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) off = { 0 };
  g_auto(Run) dry = { 0 };
  g_auto(Run) apply = { 0 };
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourCustomer) old = retour_customer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *listed;

  db = retour_database_open_full (f->db_path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  old->first_name = g_strdup ("Oud");
  old->email = g_strdup ("oud@example.nl");
  retour_catalog_store_upsert_customer (db, old, G_GINT64_CONSTANT (1262304000) * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);

  run_cli (&off, "retention", "--apply", "--database", f->db_path, NULL);
  g_assert_cmpint (off.status, ==, 1);

  run_cli (&dry, "retention", "--dry-run", "--json", "--database", f->db_path, NULL);
  g_assert_cmpint (dry.status, ==, 0);
  json_parser_load_from_data (parser, dry.out, -1, &error);
  g_assert_no_error (error);
  listed = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "customers");
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  g_assert_cmpint (json_array_get_int_element (listed, 0), ==, old->id);

  retour_privacy_store_set_retention (db, TRUE, 7, "test", g_get_real_time (), &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  run_cli (&apply, "retention", "--apply", "--database", f->db_path, NULL);
  g_test_message ("%s%s", apply.out, apply.err);
  g_assert_cmpint (apply.status, ==, 0);
  g_assert_nonnull (strstr (apply.out, "1"));

  db = retour_database_open_full (f->db_path, RETOUR_DATABASE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retour_test_db_query_int (db, "SELECT count (*) FROM customer WHERE email = 'oud@example.nl'", 0),
                   ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli-privacy/export", test_export);
  ADD ("/cli-privacy/anonymise", test_anonymise);
  ADD ("/cli-privacy/retention", test_retention);

#undef ADD

  return g_test_run ();
}
