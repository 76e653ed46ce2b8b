/* test-cli.c — retour-cli as a script or a support engineer runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "retour-catalog-store.h"
#include "retour-cli-run.h"
#include "retour-rma-store.h"
#include "retour-stock-store.h"
#include "retour-sync-store.h"
#include "retour-test-csv.h"
#include "retour-test-db.h"

static char *tmp_dir;
static char *demo_db;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
test_demo_and_check (void)
{
  g_auto(Run) demo = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) stats = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *by_status;
  gint64 sum = 0;

  run_cli (&demo, "demo", "--rmas", "10000", "--database", demo_db, NULL);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_nonnull (strstr (demo.out, "returns"));

  run_cli (&check, "check", "--database", demo_db, NULL);
  g_test_message ("%s%s", check.out, check.err);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "No problems found"));

  run_cli (&stats, "stats", "--json", "--database", demo_db, NULL);
  g_assert_cmpint (stats.status, ==, 0);
  root = parse_json (stats.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "rmas"), ==, 10000);

  /* Every status of the lifecycle is represented, and they add up. */
  by_status = json_object_get_object_member (json_node_get_object (root), "by_status");
  for (GList *l = json_object_get_members (by_status), *m = l; m != NULL; m = m->next)
    {
      gint64 n = json_object_get_int_member (by_status, m->data);

      g_test_message ("%s: %" G_GINT64_FORMAT, (char *) m->data, n);
      g_assert_cmpint (n, >, 0);
      sum += n;
      if (m->next == NULL)
        g_list_free (l);
    }
  g_assert_cmpint (sum, ==, 10000);
}

static void
test_demo_refuses_a_shop (void)
{
  g_auto(Run) again = { 0 };

  run_cli (&again, "demo", "--rmas", "10", "--database", demo_db, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already holds a shop"));
  g_assert_null (strchr (strchr (again.err, '\n') + 1, '\n'));   /* one line */
}

static void
test_search (void)
{
  g_auto(Run) search = { 0 };
  g_auto(Run) by_number = { 0 };
  g_auto(Run) short_text = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonArray *rows;
  const char *number = NULL;

  run_cli (&search, "search", "--json", "--limit", "20", "--database", demo_db, "jansen", NULL);
  g_assert_cmpint (search.status, ==, 0);
  root = parse_json (search.out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), >, 0);

  /* Newest first, and every row is a Jansen. */
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_assert_nonnull (strstr (json_object_get_string_member (row, "customer"), "Jansen"));
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (row, "id"), <,
                         json_object_get_int_member (json_array_get_object_element (rows, i - 1), "id"));
      if (number == NULL && !json_object_get_null_member (row, "number"))
        number = json_object_get_string_member (row, "number");
    }

  /* An RMA number, as read out on the phone: lower case, with dashes. */
  g_assert_nonnull (number);
  {
    g_autofree char *typed = g_ascii_strdown (number, -1);
    g_autofree char *dashed = g_strdup_printf ("%.3s-%s", typed, typed + 3);

    run_cli (&by_number, "search", "--json", "--database", demo_db, dashed, NULL);
    g_assert_cmpint (by_number.status, ==, 0);
    again = parse_json (by_number.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (again)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (again), 0),
                                                    "number"), ==, number);
  }

  run_cli (&short_text, "search", "--database", demo_db, "ja", NULL);
  g_assert_cmpint (short_text.status, ==, 2);
  g_assert_nonnull (strstr (short_text.err, "at least 3"));
}

static void
test_label (void)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, "label.pdf", NULL);
  g_autofree char *again = g_build_filename (tmp_dir, "label-again.pdf", NULL);
  g_autofree char *first_bytes = NULL;
  g_autofree char *second_bytes = NULL;
  g_auto(Run) search = { 0 };
  g_auto(Run) label = { 0 };
  g_auto(Run) reprint = { 0 };
  g_auto(Run) bad = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *number = NULL;
  JsonArray *rows;
  gsize first_len, second_len;

  run_cli (&search, "search", "--json", "--status", "authorized", "--limit", "1", "--database", demo_db, NULL);
  g_assert_cmpint (search.status, ==, 0);
  root = parse_json (search.out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  number = json_object_get_string_member (json_array_get_object_element (rows, 0), "number");

  /* Typed as read out on the phone: lower case. */
  {
    g_autofree char *typed = g_ascii_strdown (number, -1);

    run_cli (&label, "label", typed, "--format", "a6", "--output", pdf, "--database", demo_db, NULL);
    g_assert_cmpint (label.status, ==, 0);
    run_cli (&reprint, "label", typed, "--format", "a6", "--output", again, "--database", demo_db, NULL);
    g_assert_cmpint (reprint.status, ==, 0);
  }

  /* A PDF, and the reprint is the same bytes. */
  g_file_get_contents (pdf, &first_bytes, &first_len, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first_bytes, "%PDF-"));
  g_file_get_contents (again, &second_bytes, &second_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (first_bytes, first_len, second_bytes, second_len);

  /* A number whose check character is wrong is refused before lookup. */
  {
    g_autofree char *wrong = g_strdup (number);

    wrong[strlen (wrong) - 1] = wrong[strlen (wrong) - 1] == 'A' ? 'B' : 'A';
    run_cli (&bad, "label", wrong, "--output", pdf, "--database", demo_db, NULL);
    g_assert_cmpint (bad.status, !=, 0);
    g_assert_true (g_str_has_prefix (bad.err, "retour-cli: "));
  }
}

static void
test_backup_restore (void)
{
  g_autofree char *backup = g_build_filename (tmp_dir, "backup.db", NULL);
  g_autofree char *copy = g_build_filename (tmp_dir, "copy.db", NULL);
  g_auto(Run) run_backup = { 0 };
  g_auto(Run) run_restore = { 0 };
  g_auto(Run) stats = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&run_backup, "backup", "--database", demo_db, backup, NULL);
  g_assert_cmpint (run_backup.status, ==, 0);

  run_cli (&run_restore, "restore", "--database", copy, backup, NULL);
  g_assert_cmpint (run_restore.status, ==, 0);

  run_cli (&stats, "stats", "--json", "--database", copy, NULL);
  root = parse_json (stats.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "rmas"), ==, 10000);
}

/* A product synced from a storefront whose title, SKU and stock note were
 * written for a spreadsheet that splits on semicolons. */
static void
add_hostile_stock (const char *path)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GError) error = NULL;
  RetourStockMovement movement = { 0 };

  db = retour_database_open (path, &error);
  g_assert_no_error (error);

  product->sku = g_strdup ("SC-1;@SUM(1+9)*cmd|' /C calc'!A0");
  product->title = g_strdup ("Scarf;=cmd|' /C calc'!A0");
  product->price = retour_money_init (1995, "EUR");
  retour_catalog_store_upsert_product (db, product, &error);
  g_assert_no_error (error);

  movement.product_id = product->id;
  movement.delta = -3;
  movement.cause = RETOUR_STOCK_CAUSE_CORRECTION;
  movement.created_us = g_get_real_time ();
  movement.actor = (char *) "Sanne,-1+1";
  movement.note = (char *) "counted;\"=HYPERLINK(\"http://evil.example\")\r\n+1";
  retour_stock_store_add_movement (db, &movement, &error);
  g_assert_no_error (error);
}

static void
test_export_stock (void)
{
  g_autofree char *csv_path = g_build_filename (tmp_dir, "stock.csv", NULL);
  g_autofree char *bad_path = g_build_filename (tmp_dir, "no-such-folder", "stock.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(Run) export = { 0 };
  g_auto(Run) reexport = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) no_output = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 movements;

  add_hostile_stock (demo_db);

  run_cli (&export, "export", "stock", "--output", csv_path, "--database", demo_db, NULL);
  g_test_message ("%s%s", export.out, export.err);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_nonnull (strstr (export.out, csv_path));

  /* The ledger is still whole, and the file holds every movement of it. */
  run_cli (&check, "check", "--json", "--database", demo_db, NULL);
  g_assert_cmpint (check.status, ==, 0);
  root = parse_json (check.out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "ok"));
  movements = json_object_get_int_member (json_node_get_object (root), "stock_movements");
  g_assert_cmpint (movements, >, 0);

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_true (g_str_has_prefix (csv, "date,sku,product,bucket,change,cause,rma_number,actor,note\r\n"));
  rows = retour_test_csv_read (csv, ',');
  g_assert_cmpuint (rows->len, ==, movements + 1);
  for (guint i = 1; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      /* An ISO 8601 date with the zone's offset first. */
      g_assert_cmpuint (g_strv_length (cells), ==, 9);
      g_assert_true (g_ascii_isdigit (cells[0][0]));
      g_assert_cmpint (cells[0][10], ==, 'T');
    }

  /* No cell is a formula, whichever separator the spreadsheet splits on;
   * the hostile title is there, quoted and neutralized. */
  retour_test_csv_assert_no_formulas (csv);
  g_assert_nonnull (strstr (csv, ",\"Scarf;'=cmd|' /C calc'!A0\","));
  g_assert_nonnull (strstr (csv, ",on-hand,"));
  g_assert_nonnull (strstr (csv, ",held,"));
  g_assert_nonnull (strstr (csv, ",written-off,"));

  /* Exporting again replaces the file with the same ledger. */
  run_cli (&reexport, "export", "stock", "--output", csv_path, "--database", demo_db, NULL);
  g_assert_cmpint (reexport.status, ==, 0);
  g_file_get_contents (csv_path, &again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, csv);

  /* A folder that is not there: one line saying so, and exit status 1. */
  run_cli (&bad, "export", "stock", "--output", bad_path, "--database", demo_db, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad.err, "retour-cli: Could not export to "));
  g_assert_nonnull (strstr (bad.err, "No such file or directory"));
  g_assert_cmpstr (strchr (bad.err, '\n'), ==, "\n");
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  /* Something that cannot be exported, or nowhere to put it: usage. */
  run_cli (&unknown, "export", "customers", "--output", csv_path, "--database", demo_db, NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "customers"));
  run_cli (&no_output, "export", "stock", "--database", demo_db, NULL);
  g_assert_cmpint (no_output.status, ==, 2);
}

/* The emulator goes when the test does, even one that an assertion ends. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* A storefront whose second page of orders is garbage: retour-cli sync
 * fails at once, in one line that says the first page was saved, and the
 * next run finishes the job. */
static void
test_sync_fails_after_a_page (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "sync.db", NULL);
  g_autofree char *keys = g_build_filename (tmp_dir, "keys.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GDataInputStream) emulator_out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(RetourStorefront) storefront = retour_storefront_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) failed = { 0 };
  g_auto(Run) again = { 0 };
  gint64 started_us;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  emulator = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RETOUR_EMULATOR"),
                                          "--platform", "woo", "--orders", "250", "--faults", "malformed@2", NULL);
  g_assert_no_error (error);
  emulator_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emulator));
  url = g_data_input_stream_read_line (emulator_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));

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

  started_us = g_get_monotonic_time ();
  run_cli (&failed, "sync", "--credentials", keys, "--database", db_path, NULL);
  g_test_message ("%s%s", failed.out, failed.err);
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started_us, <, 2 * G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (failed.err, "retour-cli: Emulated shop: The store sent a reply that is not valid JSON"));
  g_assert_true (g_str_has_suffix (failed.err,
                                   " 100 orders were saved before the error; the next sync continues from there.\n"));
  g_assert_cmpstr (strchr (failed.err, '\n'), ==, "\n");

  run_cli (&again, "sync", "--credentials", keys, "--database", db_path, NULL);
  g_test_message ("%s%s", again.out, again.err);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Emulated shop"));

  g_subprocess_force_exit (emulator);
  g_subprocess_wait (emulator, NULL, NULL);
  g_unlink (keys);
}

/* store add tries the address and keys before it saves the store. */
static void
test_store_add_tests_first (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "store-add.db", NULL);
  g_autofree char *good = g_build_filename (tmp_dir, "good-keys.json", NULL);
  g_autofree char *bad = g_build_filename (tmp_dir, "bad-keys.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GDataInputStream) emulator_out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) demo = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) listed = { 0 };
  g_auto(Run) added = { 0 };
  g_auto(Run) forced = { 0 };
  g_auto(Run) listed_again = { 0 };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  emulator = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RETOUR_EMULATOR"),
                                          "--platform", "woo", "--orders", "10", NULL);
  g_assert_no_error (error);
  emulator_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emulator));
  url = g_data_input_stream_read_line (emulator_out, NULL, NULL, &error);
  g_assert_no_error (error);

  g_file_set_contents_full (good, "{\"consumer_key\": \"ck_emulator\", \"consumer_secret\": \"cs_emulator\"}", -1,
                            G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (bad, "{\"consumer_key\": \"ck_typo\", \"consumer_secret\": \"cs_emulator\"}", -1,
                            G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);

  run_cli (&demo, "demo", "--rmas", "0", "--database", db_path, NULL);
  g_assert_cmpint (demo.status, ==, 0);

  run_cli (&refused, "store", "add", "--platform", "woocommerce", "--name", "Typo", "--url", url,
           "--credentials", bad, "--database", db_path, NULL);
  g_test_message ("%s", refused.err);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_true (g_str_has_prefix (refused.err, "retour-cli: The store was not added: "));
  g_assert_nonnull (strstr (refused.err, "--no-test"));
  run_cli (&listed, "store", "list", "--json", "--database", db_path, NULL);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_null (strstr (listed.out, "Typo"));

  run_cli (&added, "store", "add", "--platform", "woocommerce", "--name", "Good", "--url", url,
           "--credentials", good, "--database", db_path, NULL);
  g_test_message ("%s", added.err);
  g_assert_cmpint (added.status, ==, 0);
  g_assert_null (strstr (added.err, "Authorization"));
  run_cli (&forced, "store", "add", "--platform", "woocommerce", "--name", "Later", "--url", url,
           "--credentials", bad, "--no-test", "--database", db_path, NULL);
  g_assert_cmpint (forced.status, ==, 0);
  run_cli (&listed_again, "store", "list", "--json", "--database", db_path, NULL);
  g_assert_nonnull (strstr (listed_again.out, "Good"));
  g_assert_nonnull (strstr (listed_again.out, "Later"));

  g_subprocess_force_exit (emulator);
  g_subprocess_wait (emulator, NULL, NULL);
}

/* An order the sync cannot read is skipped and listed with why. */
static void
test_store_problems (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "problems.db", NULL);
  g_autofree char *keys = g_build_filename (tmp_dir, "problem-keys.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) emulator = NULL;
  g_autoptr(GDataInputStream) emulator_out = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) demo = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) sync = { 0 };
  g_auto(Run) problems = { 0 };
  JsonArray *rows;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  emulator = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RETOUR_EMULATOR"),
                                          "--platform", "woo", "--orders", "30", "--faults", "unreadable-order", NULL);
  g_assert_no_error (error);
  emulator_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emulator));
  url = g_data_input_stream_read_line (emulator_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (keys, "{\"consumer_key\": \"ck_emulator\", \"consumer_secret\": \"cs_emulator\"}", -1,
                            G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);

  run_cli (&demo, "demo", "--rmas", "0", "--database", db_path, NULL);
  run_cli (&add, "store", "add", "--platform", "woocommerce", "--name", "Emulated", "--url", url,
           "--credentials", keys, "--database", db_path, NULL);
  g_assert_cmpint (add.status, ==, 0);

  run_cli (&sync, "sync", "--credentials", keys, "--database", db_path, NULL);
  g_test_message ("%s%s", sync.out, sync.err);
  g_assert_cmpint (sync.status, ==, 0);
  g_assert_nonnull (strstr (sync.out, "1 order could not be read"));

  /* The other 29 orders arrived. */
  g_assert_nonnull (strstr (sync.out, "new or changed 29,"));

  run_cli (&problems, "store", "problems", "--json", "--database", db_path, NULL);
  g_assert_cmpint (problems.status, ==, 0);
  root = parse_json (problems.out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "store"), ==, "Emulated");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "message"), "currency"));

  g_subprocess_force_exit (emulator);
  g_subprocess_wait (emulator, NULL, NULL);
}

/* search --orders finds orders as the phone window does. */
static void
test_search_orders (void)
{
  g_auto(Run) by_name = { 0 };
  g_auto(Run) by_number = { 0 };
  g_auto(Run) wrong = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonArray *rows;
  const char *number;

  run_cli (&by_name, "search", "--orders", "--json", "--limit", "5", "--database", demo_db, "jansen", NULL);
  g_assert_cmpint (by_name.status, ==, 0);
  root = parse_json (by_name.out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  g_assert_cmpuint (json_array_get_length (rows), <=, 5);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      g_autofree char *name = g_utf8_strdown (json_object_get_string_member (json_array_get_object_element (rows, i), "customer"), -1);
      g_autofree char *email = g_utf8_strdown (json_object_get_string_member (json_array_get_object_element (rows, i), "email"), -1);

      g_assert_true (strstr (name, "jansen") != NULL || strstr (email, "jansen") != NULL);
    }

  /* An order number typed in full comes first. */
  number = json_object_get_string_member (json_array_get_object_element (rows, 0), "number");
  run_cli (&by_number, "search", "--orders", "--json", "--database", demo_db, number, NULL);
  g_assert_cmpint (by_number.status, ==, 0);
  again = parse_json (by_number.out);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (again), 0), "number"),
                   ==, number);

  run_cli (&wrong, "search", "--orders", "--status", "authorized", "--database", demo_db, "jansen", NULL);
  g_assert_cmpint (wrong.status, ==, 2);
}

static void
test_errors (void)
{
  g_autofree char *garbage = g_build_filename (tmp_dir, "notes.txt", NULL);
  g_auto(Run) bad_db = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) bad_option = { 0 };
  g_auto(Run) no_file = { 0 };

  g_file_set_contents (garbage, "shopping list: milk, eggs\n", -1, NULL);
  run_cli (&bad_db, "stats", "--database", garbage, NULL);
  g_assert_cmpint (bad_db.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad_db.err, "retour-cli: "));
  g_assert_nonnull (strstr (bad_db.err, "not a Retour database"));
  g_assert_cmpstr (strchr (bad_db.err, '\n'), ==, "\n");

  run_cli (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);

  run_cli (&bad_option, "demo", "--rmas", "lots", "--database", demo_db, NULL);
  g_assert_cmpint (bad_option.status, ==, 2);

  run_cli (&no_file, "restore", "--database", demo_db, "/nonexistent/backup.db", NULL);
  g_assert_cmpint (no_file.status, ==, 1);
  g_assert_nonnull (strstr (no_file.err, "no backup file"));
}

/* The numbers of @n returns in @status, as the search lists them. */
static GPtrArray *
find_numbers (const char *status,
              guint       n)
{
  g_autofree char *limit = g_strdup_printf ("%u", n);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_auto(Run) search = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  run_cli (&search, "search", "--json", "--status", status, "--limit", limit, "--database", demo_db, NULL);
  g_assert_cmpint (search.status, ==, 0);
  root = parse_json (search.out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (numbers, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i),
                                                                       "number")));

  return g_steal_pointer (&numbers);
}

static gint64
count_in_status (const char *status)
{
  g_auto(Run) stats = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&stats, "stats", "--json", "--database", demo_db, NULL);
  g_assert_cmpint (stats.status, ==, 0);
  root = parse_json (stats.out);

  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), "by_status"),
                                     status);
}

/* A parcel recorded from the command line: received once, not twice;
 * inspected too when every item's condition is known, else neither. */
static void
test_receive (void)
{
  g_autoptr(GPtrArray) numbers = find_numbers ("authorized", 3);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) recorded = NULL;
  g_autoptr(RetourRma) untouched = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) received = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) inspected = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) no_number = { 0 };
  const char *first = g_ptr_array_index (numbers, 0);
  g_autofree char *typed = g_ascii_strdown (first, -1);
  g_autofree char *dashed = g_strdup_printf ("%.3s-%s", typed, typed + 3);
  g_autofree char *display = retour_rma_number_display (first);
  gint64 authorized = count_in_status ("authorized");
  JsonObject *object;

  /* Typed as read out: lower case, with a dash. */
  run_cli (&received, "receive", "--database", demo_db, dashed, NULL);
  g_assert_cmpint (received.status, ==, 0);
  g_assert_nonnull (strstr (received.out, display));
  g_assert_nonnull (strstr (received.out, "received"));
  g_assert_cmpint (count_in_status ("authorized"), ==, authorized - 1);

  run_cli (&again, "receive", "--database", demo_db, first, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "not expected back"));
  g_assert_nonnull (strstr (again.err, "Received"));
  g_assert_null (strchr (strchr (again.err, '\n') + 1, '\n'));   /* one line */

  /* The condition recorded beforehand (in the app): inspected, and the
   * units are back in stock. */
  db = retour_database_open (demo_db, &error);
  g_assert_no_error (error);
  recorded = retour_rma_store_find_by_number (db, g_ptr_array_index (numbers, 1), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < recorded->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (recorded->lines, i);

      line->condition = RETOUR_CONDITION_NEW_UNOPENED;
      line->disposition = RETOUR_DISPOSITION_RESTOCK;
    }
  retour_rma_store_update (db, recorded, "test", &error);
  g_assert_no_error (error);

  run_cli (&inspected, "receive", "--inspect", "--json", "--database", demo_db,
           (const char *) g_ptr_array_index (numbers, 1), NULL);
  g_assert_cmpint (inspected.status, ==, 0);
  root = parse_json (inspected.out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "number"), ==, g_ptr_array_index (numbers, 1));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "inspected");
  g_assert_cmpint (json_object_get_int_member (object, "received"), >, 0);
  g_assert_cmpint (json_object_get_int_member (object, "restocked"), ==,
                   json_object_get_int_member (object, "received"));

  /* Nothing known of the condition: not even received. */
  run_cli (&unknown, "receive", "--inspect", "--database", demo_db,
           (const char *) g_ptr_array_index (numbers, 2), NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "Record the condition"));
  untouched = retour_rma_store_find_by_number (db, g_ptr_array_index (numbers, 2), &error);
  g_assert_no_error (error);
  g_assert_cmpint (untouched->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);

  run_cli (&no_number, "receive", "--database", demo_db, NULL);
  g_assert_cmpint (no_number.status, ==, 2);
  g_assert_nonnull (strstr (no_number.err, "retour-cli receive NUMBER"));
}

/* What cron runs every night: the returns whose parcel is overdue expire,
 * all of them; the next run finds none. */
static void
test_expire (void)
{
  g_autoptr(GPtrArray) numbers = find_numbers ("authorized", 1);
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(RetourRma) late = NULL;
  g_autoptr(RetourRma) expired = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  gint64 before = count_in_status ("expired");
  gint64 n_expired;

  /* At least one is overdue: due three days ago. */
  db = retour_database_open (demo_db, &error);
  g_assert_no_error (error);
  late = retour_rma_store_find_by_number (db, g_ptr_array_index (numbers, 0), &error);
  g_assert_no_error (error);
  late->due_us = g_get_real_time () - 3 * G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  retour_rma_store_update (db, late, "test", &error);
  g_assert_no_error (error);

  run_cli (&first, "expire", "--json", "--database", demo_db, NULL);
  g_assert_cmpint (first.status, ==, 0);
  root = parse_json (first.out);
  n_expired = json_object_get_int_member (json_node_get_object (root), "expired");
  g_assert_cmpint (n_expired, >=, 1);
  g_assert_cmpint (count_in_status ("expired"), ==, before + n_expired);
  expired = retour_rma_store_find_by_number (db, g_ptr_array_index (numbers, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired->status, ==, RETOUR_RMA_STATUS_EXPIRED);

  run_cli (&second, "expire", "--database", demo_db, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (second.out, "No return is overdue."));
  g_assert_cmpint (count_in_status ("expired"), ==, before + n_expired);
}

/* @iso ("2026-08-20" or "2026-08-20T10:00:00+02") as a GDate. */
static void
date_of (const char *iso,
         GDate      *date)
{
  int year, month, day;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static char *
iso_of (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/* A withdrawal of the demo shop, item by item, with the law's dates:
 * the refund due 14 days after the notice (the customer's local day),
 * the guarantee two years after receipt. */
static void
test_show (void)
{
  g_auto(Run) search = { 0 };
  g_auto(Run) missing = { 0 };
  g_autoptr(JsonNode) found = NULL;
  JsonArray *rows;
  gboolean checked = FALSE;

  run_cli (&search, "search", "--json", "--database", demo_db, NULL);
  g_assert_cmpint (search.status, ==, 0);
  found = parse_json (search.out);
  rows = json_node_get_array (found);

  for (guint i = 0; i < json_array_get_length (rows) && !checked; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *number = json_object_get_string_member_with_default (row, "number", NULL);
      g_auto(Run) show = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonObject *line;
      JsonObject *claim;
      GDate declared, due, received, guarantee;
      g_autofree char *due_text = NULL;
      g_autofree char *guarantee_text = NULL;

      if (number == NULL)
        continue;
      run_cli (&show, "show", number, "--json", "--database", demo_db, NULL);
      g_assert_cmpint (show.status, ==, 0);
      root = parse_json (show.out);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "number"), ==, number);
      line = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "lines"), 0);
      claim = json_object_get_object_member (line, "claim");
      g_assert_nonnull (claim);
      g_assert_true (g_strv_contains ((const char * const []) { "withdrawal", "conformity", "commercial-return",
                                                              "commercial-warranty", NULL },
                                      json_object_get_string_member (claim, "kind")));
      if (!g_str_equal (json_object_get_string_member (claim, "kind"), "withdrawal") ||
          json_object_get_null_member (claim, "declared_at") ||
          json_object_get_null_member (claim, "possession_date"))
        continue;

      date_of (json_object_get_string_member (claim, "declared_at"), &declared);
      due = declared;
      g_date_add_days (&due, 14);
      due_text = iso_of (&due);
      g_assert_cmpstr (json_object_get_string_member (claim, "refund_due_by"), ==, due_text);

      date_of (json_object_get_string_member (claim, "possession_date"), &received);
      guarantee = received;
      g_date_add_years (&guarantee, 2);
      guarantee_text = iso_of (&guarantee);
      g_assert_cmpstr (json_object_get_string_member (claim, "guarantee_until"), ==, guarantee_text);
      g_assert_false (json_object_get_boolean_member (claim, "possession_estimated"));
      g_assert_false (json_object_get_null_member (claim, "withdrawal_deadline"));
      checked = TRUE;
    }
  g_assert_true (checked);

  run_cli (&missing, "show", "R26-999999-X", "--database", demo_db, NULL);
  g_assert_cmpint (missing.status, !=, 0);
  g_assert_cmpstr (missing.out, ==, "");
}

/* The law's dates need no database; dates checked against a calendar. */
static void
test_deadline (void)
{
  g_auto(Run) plain = { 0 };
  g_auto(Run) easter = { 0 };
  g_auto(Run) extended = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) bad_country = { 0 };
  g_auto(Run) bad_date = { 0 };
  g_auto(Run) bad_time = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) easter_root = NULL;
  g_autoptr(JsonNode) extended_root = NULL;
  JsonObject *dates;
  JsonObject *move;

  run_cli (&plain, "deadline", "--country", "NL", "--delivered", "2026-08-14",
           "--declared", "2026-08-20T10:00", "--json", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  root = parse_json (plain.out);
  dates = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (dates, "country"), ==, "NL");
  g_assert_cmpstr (json_object_get_string_member (dates, "withdrawal_deadline"), ==, "2026-08-28");
  g_assert_true (json_object_get_null_member (dates, "extended_deadline"));
  g_assert_cmpstr (json_object_get_string_member (dates, "refund_due_by"), ==, "2026-09-03");
  g_assert_cmpstr (json_object_get_string_member (dates, "guarantee_until"), ==, "2028-08-14");
  g_assert_cmpstr (json_object_get_string_member (dates, "presumption_until"), ==, "2027-08-14");
  g_assert_true (json_object_get_boolean_member (dates, "declared_in_time"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dates, "moved_by")), ==, 0);

  /* 23 March + 14 is Easter Monday 2026 in Germany. */
  run_cli (&easter, "deadline", "--country", "de", "--delivered", "2026-03-23", "--json", NULL);
  g_assert_cmpint (easter.status, ==, 0);
  easter_root = parse_json (easter.out);
  dates = json_node_get_object (easter_root);
  g_assert_cmpstr (json_object_get_string_member (dates, "country"), ==, "DE");
  g_assert_cmpstr (json_object_get_string_member (dates, "withdrawal_deadline"), ==, "2026-04-07");
  g_assert_cmpstr (json_object_get_string_member (dates, "presumption_until"), ==, "2027-03-23");
  g_assert_true (json_object_get_null_member (dates, "refund_due_by"));
  move = json_array_get_object_element (json_object_get_array_member (dates, "moved_by"), 0);
  g_assert_cmpstr (json_object_get_string_member (move, "deadline"), ==, "withdrawal_deadline");
  g_assert_cmpstr (json_object_get_string_member (move, "date"), ==, "2026-04-06");
  g_assert_cmpstr (json_object_get_string_member (move, "holiday"), ==, "Easter Monday");

  /* Without the information: 12 months more; 17 March 2027 is a Wednesday. */
  run_cli (&extended, "deadline", "--country", "FR", "--delivered", "2026-03-03",
           "--no-withdrawal-info", "--repaired", "2026-09-01", "--json", NULL);
  g_assert_cmpint (extended.status, ==, 0);
  extended_root = parse_json (extended.out);
  dates = json_node_get_object (extended_root);
  g_assert_cmpstr (json_object_get_string_member (dates, "withdrawal_deadline"), ==, "2026-03-17");
  g_assert_cmpstr (json_object_get_string_member (dates, "extended_deadline"), ==, "2027-03-17");
  g_assert_cmpstr (json_object_get_string_member (dates, "guarantee_until"), ==, "2029-03-03");
  g_assert_cmpstr (json_object_get_string_member (dates, "presumption_until"), ==, "2028-03-03");

  run_cli (&text, "deadline", "--country", "PL", "--delivered", "2026-05-21", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "2026-06-05"));
  g_assert_nonnull (strstr (text.out, "Corpus Christi"));

  run_cli (&bad_country, "deadline", "--country", "Netherlands", "--delivered", "2026-03-03", NULL);
  g_assert_cmpint (bad_country.status, ==, 2);
  g_assert_nonnull (strstr (bad_country.err, "not a country code"));

  run_cli (&bad_date, "deadline", "--country", "NL", "--delivered", "2026-02-30", NULL);
  g_assert_cmpint (bad_date.status, ==, 2);
  g_assert_nonnull (strstr (bad_date.err, "not a date for --delivered"));

  run_cli (&bad_time, "deadline", "--country", "NL", "--delivered", "2026-02-03", "--declared", "yesterday", NULL);
  g_assert_cmpint (bad_time.status, ==, 2);
  g_assert_nonnull (strstr (bad_time.err, "not a date and time for --declared"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("retour-test-cli-XXXXXX", NULL);
  demo_db = g_build_filename (tmp_dir, "demo.db", NULL);

  /* In order: the later tests use the shop the first one makes. */
  g_test_add_func ("/cli/demo-and-check", test_demo_and_check);
  g_test_add_func ("/cli/demo-refuses-a-shop", test_demo_refuses_a_shop);
  g_test_add_func ("/cli/search", test_search);
  g_test_add_func ("/cli/label", test_label);
  g_test_add_func ("/cli/backup-restore", test_backup_restore);
  g_test_add_func ("/cli/export-stock", test_export_stock);
  g_test_add_func ("/cli/sync-fails-after-a-page", test_sync_fails_after_a_page);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/store-add-tests-first", test_store_add_tests_first);
  g_test_add_func ("/cli/search-orders", test_search_orders);
  g_test_add_func ("/cli/store-problems", test_store_problems);
  g_test_add_func ("/cli/receive", test_receive);
  g_test_add_func ("/cli/expire", test_expire);
  g_test_add_func ("/cli/deadline", test_deadline);
  g_test_add_func ("/cli/show", test_show);

  status = g_test_run ();
  retour_test_db_remove_dir (tmp_dir);

  return status;
}
