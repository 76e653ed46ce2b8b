/* test-cli-resolve.c — `retour-cli resolve` against the emulated WooCommerce shop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A return resolved as store credit becomes one coupon in the shop, which
 * resolve prints (as JSON, too) and prints again, without a second, when
 * it runs again; an exchange needs to be told the item.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "retour-cli-run.h"
#include "retour-desk.h"
#include "retour-policy-store.h"
#include "retour-sync-store.h"
#include "retour-test-db.h"

static char *tmp_dir;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* A return of the first item of the shop's first order in Retour,
 * authorized; its number. */
static char *
add_return (const char       *db_path,
            RetourResolution  resolution)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourContext) context = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GError) error = NULL;
  RetourPhoneReturnLine item = { 0 };
  RetourPhoneReturn request = { 0 };

  db = retour_database_open (db_path, &error);
  g_assert_no_error (error);
  context = retour_context_new (db);
  reasons = retour_policy_store_list_reasons (db, FALSE, &error);
  g_assert_no_error (error);

  item.order_line_id = retour_test_db_query_int (db, "SELECT min (l.id) FROM order_line l JOIN \"order\" o "
                                                     "ON o.id = l.order_id WHERE o.currency = 'EUR' AND o.id > ?", 0);
  item.quantity = 1;
  item.reason_id = ((RetourReason *) g_ptr_array_index (reasons, 0))->id;
  request.order_id = retour_test_db_query_int (db, "SELECT order_id FROM order_line WHERE id = ?", item.order_line_id);
  request.lines = &item;
  request.n_lines = 1;
  request.resolution = resolution;
  request.consent_alternative = TRUE;
  request.override_note = "Agreed on the phone";
  retour_desk_create_return (context, &request, &rma, &error);
  g_assert_no_error (error);

  return g_strdup (rma->number);
}

static void
test_resolve (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "resolve.db", NULL);
  g_autofree char *keys = g_build_filename (tmp_dir, "keys.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GDataInputStream) emulator_out = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *credit = NULL;
  g_autofree char *exchange = NULL;
  g_autofree char *code = NULL;
  g_auto(Run) synced = { 0 };
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) no_item = { 0 };
  g_auto(Run) unknown = { 0 };
  JsonObject *object;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  emulator = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RETOUR_EMULATOR"),
                                          "--platform", "woo", "--orders", "12", NULL);
  g_assert_no_error (error);
  emulator_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emulator));
  url = g_data_input_stream_read_line (emulator_out, NULL, NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(RetourDatabase) db = retour_database_open (db_path, &error);

    g_assert_no_error (error);
    storefront->name = g_strdup ("Emulated shop");
    storefront->platform = RETOUR_PLATFORM_WOOCOMMERCE;
    storefront->base_url = g_strdup (url);
    retour_sync_store_add (db, storefront, g_get_real_time (), &error);
    g_assert_no_error (error);
  }
  g_file_set_contents (keys, "{\"consumer_key\": \"ck_emulator\", \"consumer_secret\": \"cs_emulator\"}", -1,
                       &error);
  g_assert_no_error (error);
  g_chmod (keys, 0600);
  run_cli (&synced, "sync", "--credentials", keys, "--database", db_path, NULL);
  g_assert_cmpint (synced.status, ==, 0);

  credit = add_return (db_path, RETOUR_RESOLUTION_STORE_CREDIT);
  run_cli (&first, "resolve", credit, "--json", "--credentials", keys, "--database", db_path, NULL);
  g_test_message ("%s%s", first.out, first.err);
  g_assert_cmpint (first.status, ==, 0);
  json_parser_load_from_data (parser, first.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "coupon");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "done");
  code = g_strdup (json_object_get_string_member (object, "code"));
  g_assert_true (g_str_has_prefix (code, "retour-"));

  /* Once: run again, it prints the same coupon. */
  run_cli (&again, "resolve", credit, "--credentials", keys, "--database", db_path, NULL);
  g_test_message ("%s%s", again.out, again.err);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, code));

  /* An exchange: which item? */
  exchange = add_return (db_path, RETOUR_RESOLUTION_EXCHANGE);
  run_cli (&no_item, "resolve", exchange, "--credentials", keys, "--database", db_path, NULL);
  g_assert_cmpint (no_item.status, ==, 2);
  g_assert_nonnull (strstr (no_item.err, "--item"));
  run_cli (&unknown, "resolve", exchange, "--item", "4242", "--credentials", keys, "--database", db_path, NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "4242"));

  g_subprocess_force_exit (emulator);
  g_subprocess_wait (emulator, NULL, NULL);
  g_unlink (keys);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("retour-test-cli-resolve-XXXXXX", NULL);

  g_test_add_func ("/cli/resolve", test_resolve);

  status = g_test_run ();
  retour_test_db_remove_dir (tmp_dir);
  g_free (tmp_dir);

  return status;
}
