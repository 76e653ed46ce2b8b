/* test-rma.c — a return's lines, its quantities, and what each step of
 * the lifecycle asks of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rma"

#include "config.h"

#include <string.h>

#include "retour-core.h"

#define NOW_US G_GINT64_CONSTANT (1774000000000000)   /* March 2026 */

static RetourRmaLine *
make_line (const char *title,
           gint64      unit_price,
           guint       ordered,
           guint       requested)
{
  RetourRmaLine *line = retour_rma_line_new ();

  line->order_line_id = 17;
  line->title = g_strdup (title);
  line->unit_price = retour_money_init (unit_price, "EUR");
  line->qty_ordered = ordered;
  line->qty_requested = requested;

  return line;
}

static RetourRma *
make_rma (void)
{
  RetourRma *rma = retour_rma_new ("EUR", NOW_US);

  retour_rma_add_line (rma, make_line ("Rain jacket", 8995, 2, 2));
  retour_rma_add_line (rma, make_line ("Wool socks", 1295, 3, 1));

  return rma;
}

static RetourRmaLine *
line_at (RetourRma *rma,
         guint      index)
{
  return g_ptr_array_index (rma->lines, index);
}

static void
test_new (void)
{
  g_autoptr(RetourRma) rma = retour_rma_new ("eur", NOW_US);

  g_assert_cmpint (rma->status, ==, RETOUR_RMA_STATUS_DRAFT);
  g_assert_cmpint (rma->resolution, ==, RETOUR_RESOLUTION_UNDECIDED);
  g_assert_cmpstr (rma->refund.currency, ==, "EUR");
  g_assert_cmpint (rma->refund.minor, ==, 0);
  g_assert_cmpint (rma->created_us, ==, NOW_US);
  g_assert_cmpint (rma->updated_us, ==, NOW_US);
  g_assert_null (rma->number);
  g_assert_cmpuint (rma->lines->len, ==, 0);
  g_assert_true (retour_rma_validate (rma, NULL));
}

static void
test_copy_is_deep (void)
{
  g_autoptr(RetourRma) rma = make_rma ();
  g_autoptr(RetourRma) copy = NULL;
  RetourRma *boxed;

  rma->number = g_strdup ("R26000128Y");
  rma->notes = g_strdup ("Customer called twice");
  rma->override_note = g_strdup ("Goodwill");
  rma->order_number = g_strdup ("#1042");
  rma->customer_name = g_strdup ("Anna de Vries");
  rma->customer_email = g_strdup ("anna@example.nl");
  rma->customer_phone = g_strdup ("+31 6 12345678");
  line_at (rma, 0)->sku = g_strdup ("RJ-1");
  line_at (rma, 0)->serial = g_strdup ("SN1");
  line_at (rma, 0)->notes = g_strdup ("Zip broken");
  line_at (rma, 0)->category = g_strdup ("Outerwear");

  copy = retour_rma_copy (rma);

  /* The editor changes the copy; the original stays as loaded. */
  g_free (copy->number);
  copy->number = g_strdup ("changed");
  g_free (line_at (copy, 0)->title);
  line_at (copy, 0)->title = g_strdup ("changed");
  line_at (copy, 0)->qty_requested = 1;
  g_ptr_array_remove_index (copy->lines, 1);

  g_assert_cmpstr (rma->number, ==, "R26000128Y");
  g_assert_cmpstr (line_at (rma, 0)->title, ==, "Rain jacket");
  g_assert_cmpuint (line_at (rma, 0)->qty_requested, ==, 2);
  g_assert_cmpuint (rma->lines->len, ==, 2);
  g_assert_cmpstr (line_at (copy, 0)->sku, ==, "RJ-1");
  g_assert_true (line_at (copy, 0)->sku != line_at (rma, 0)->sku);
  g_assert_cmpstr (copy->customer_phone, ==, "+31 6 12345678");

  boxed = g_boxed_copy (RETOUR_TYPE_RMA, rma);
  g_assert_cmpstr (boxed->customer_name, ==, "Anna de Vries");
  g_assert_cmpuint (boxed->lines->len, ==, 2);
  g_boxed_free (RETOUR_TYPE_RMA, boxed);

  {
    g_autoptr(RetourRmaLine) line = g_boxed_copy (RETOUR_TYPE_RMA_LINE, line_at (rma, 0));

    g_assert_cmpstr (line->notes, ==, "Zip broken");
  }
}

static void
test_add_line_currency (void)
{
  g_autoptr(RetourRma) rma = retour_rma_new ("PLN", NOW_US);
  RetourRmaLine *line = retour_rma_line_new ();

  line->title = g_strdup ("Kubek");
  line->unit_price.minor = 2999;
  retour_rma_add_line (rma, line);

  g_assert_cmpstr (line->unit_price.currency, ==, "PLN");
  g_assert_cmpint (line->unit_price.minor, ==, 2999);
  g_assert_cmpint (line->condition, ==, RETOUR_CONDITION_UNKNOWN);
  g_assert_cmpint (line->disposition, ==, RETOUR_DISPOSITION_UNDECIDED);
}

static void
check_line_error (RetourRmaLine *line,
                  int            code,
                  const char    *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (retour_rma_line_validate (line, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_line_validate (void)
{
  g_autoptr(RetourRmaLine) line = make_line ("Rain jacket", 8995, 3, 3);

  line->qty_authorized = 2;
  line->qty_received = 2;
  line->qty_accepted = 1;
  g_assert_true (retour_rma_line_validate (line, NULL));

  line->qty_requested = 4;
  check_line_error (line, RETOUR_RMA_ERROR_QUANTITY, "“Rain jacket”: 4 requested, but only 3 ordered");
  line->qty_requested = 1;
  check_line_error (line, RETOUR_RMA_ERROR_QUANTITY, "“Rain jacket”: 2 authorized, but only 1 requested");
  line->qty_requested = 3;
  line->qty_received = 3;
  check_line_error (line, RETOUR_RMA_ERROR_QUANTITY,
                    "“Rain jacket”: 3 received, but only 2 authorized. Authorize the extra items first.");
  line->qty_received = 0;
  check_line_error (line, RETOUR_RMA_ERROR_QUANTITY, "“Rain jacket”: 1 accepted, but only 0 received");
  line->qty_accepted = 0;
  g_assert_true (retour_rma_line_validate (line, NULL));

  /* An item without a title cannot be told apart on the return form. */
  g_clear_pointer (&line->title, g_free);
  check_line_error (line, RETOUR_RMA_ERROR_INCOMPLETE, NULL);
  line->title = g_strdup (" \t ");
  check_line_error (line, RETOUR_RMA_ERROR_INCOMPLETE, NULL);

  /* Entered by hand, without its order: the ordered count is unknown. */
  g_free (line->title);
  line->title = g_strdup ("Something without an order");
  line->order_line_id = 0;
  line->qty_ordered = 0;
  line->qty_requested = 2;
  g_assert_true (retour_rma_line_validate (line, NULL));
  line->qty_ordered = 1;
  check_line_error (line, RETOUR_RMA_ERROR_QUANTITY, NULL);
}

static void
test_validate (void)
{
  g_autoptr(RetourRma) rma = make_rma ();
  g_autoptr(GError) error = NULL;

  g_assert_true (retour_rma_validate (rma, &error));
  g_assert_no_error (error);

  line_at (rma, 1)->unit_price = retour_money_init (1295, "USD");
  g_assert_false (retour_rma_validate (rma, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_CURRENCY);
  g_assert_cmpstr (error->message, ==, "“Wool socks” is priced in USD, but the return is in EUR");
  g_clear_error (&error);
  line_at (rma, 1)->unit_price = retour_money_init (1295, "EUR");

  /* An overridden refund is explained. */
  rma->refund_overridden = TRUE;
  g_assert_false (retour_rma_validate (rma, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE);
  g_clear_error (&error);
  rma->override_note = g_strdup ("Loyal customer, full refund");
  g_assert_true (retour_rma_validate (rma, NULL));

  line_at (rma, 0)->qty_requested = 5;
  g_assert_false (retour_rma_validate (rma, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_QUANTITY);
}

static void
test_effective_quantity (void)
{
  g_autoptr(RetourRmaLine) line = make_line ("Boots", 12000, 5, 4);
  static const struct { RetourRmaStatus status; guint expected; } cases[] = {
    { RETOUR_RMA_STATUS_DRAFT, 4 },
    { RETOUR_RMA_STATUS_REQUESTED, 4 },
    { RETOUR_RMA_STATUS_CANCELLED, 4 },
    { RETOUR_RMA_STATUS_AUTHORIZED, 3 },
    { RETOUR_RMA_STATUS_IN_TRANSIT, 3 },
    { RETOUR_RMA_STATUS_EXPIRED, 3 },
    { RETOUR_RMA_STATUS_RECEIVED, 2 },
    { RETOUR_RMA_STATUS_INSPECTED, 1 },
    { RETOUR_RMA_STATUS_RESOLVED, 1 },
    { RETOUR_RMA_STATUS_CLOSED, 1 },
    { RETOUR_RMA_STATUS_REJECTED, 1 },
  };

  line->qty_authorized = 3;
  line->qty_received = 2;
  line->qty_accepted = 1;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (retour_rma_line_effective_quantity (line, cases[i].status), ==, cases[i].expected);
}

static void
check_refused (RetourRma       *rma,
               RetourRmaStatus  to,
               int              code,
               const char      *message)
{
  g_autoptr(GError) error = NULL;
  RetourRmaStatus before = rma->status;
  gint64 updated = rma->updated_us;

  g_assert_false (retour_rma_can_transition (rma, to, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  /* A refused step changes nothing. */
  g_assert_false (retour_rma_transition (rma, to, NOW_US + 1, &error));
  g_assert_error (error, RETOUR_RMA_ERROR, code);
  g_assert_cmpint (rma->status, ==, before);
  g_assert_cmpint (rma->updated_us, ==, updated);
}

static void
step (RetourRma       *rma,
      RetourRmaStatus  to,
      gint64           now_us)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (retour_rma_can_transition (rma, to, &error));
  g_assert_no_error (error);
  g_assert_true (retour_rma_transition (rma, to, now_us, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rma->status, ==, to);
  g_assert_cmpint (rma->updated_us, ==, now_us);
}

/* The whole way, with what each step needs first. */
static void
test_happy_path (void)
{
  g_autoptr(RetourRma) rma = make_rma ();
  gint64 t = NOW_US;

  step (rma, RETOUR_RMA_STATUS_REQUESTED, t += 60);

  check_refused (rma, RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "Authorize at least one item first");
  line_at (rma, 0)->qty_authorized = 1;
  check_refused (rma, RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "The return needs an RMA number before it can be authorized");
  rma->number = g_strdup ("R26000128Y");
  step (rma, RETOUR_RMA_STATUS_AUTHORIZED, t += 60);
  g_assert_cmpint (rma->authorized_us, ==, t);
  g_assert_cmpuint (retour_rma_count_units (rma), ==, 1);

  step (rma, RETOUR_RMA_STATUS_IN_TRANSIT, t += 60);

  check_refused (rma, RETOUR_RMA_STATUS_RECEIVED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "Record at least one received item first");
  line_at (rma, 0)->qty_received = 1;
  step (rma, RETOUR_RMA_STATUS_RECEIVED, t += 60);
  g_assert_cmpint (rma->received_us, ==, t);

  check_refused (rma, RETOUR_RMA_STATUS_INSPECTED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "Record the condition of “Rain jacket” first");
  line_at (rma, 0)->condition = RETOUR_CONDITION_OPENED;
  line_at (rma, 0)->qty_accepted = 1;
  step (rma, RETOUR_RMA_STATUS_INSPECTED, t += 60);

  check_refused (rma, RETOUR_RMA_STATUS_RESOLVED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "Choose a resolution first");
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  step (rma, RETOUR_RMA_STATUS_RESOLVED, t += 60);
  g_assert_cmpint (rma->resolved_us, ==, t);

  step (rma, RETOUR_RMA_STATUS_CLOSED, t += 60);
  g_assert_cmpint (rma->closed_us, ==, t);

  check_refused (rma, RETOUR_RMA_STATUS_RESOLVED, RETOUR_RMA_ERROR_TRANSITION,
                 "This return is “Closed”: it can no longer change");

  /* Earlier timestamps are kept. */
  g_assert_cmpint (rma->authorized_us, ==, NOW_US + 120);
  g_assert_cmpint (rma->created_us, ==, NOW_US);
}

static void
test_keep_it (void)
{
  g_autoptr(RetourRma) rma = make_rma ();

  rma->number = g_strdup ("R26000128Y");
  rma->status = RETOUR_RMA_STATUS_AUTHORIZED;
  line_at (rma, 1)->qty_authorized = 1;

  /* Only a keep-it refund may skip receipt. */
  check_refused (rma, RETOUR_RMA_STATUS_RESOLVED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "Choose a resolution first");
  rma->resolution = RETOUR_RESOLUTION_REFUND;
  check_refused (rma, RETOUR_RMA_STATUS_RESOLVED, RETOUR_RMA_ERROR_INCOMPLETE,
                 "Only a refund without return can be resolved before the items arrive");
  rma->resolution = RETOUR_RESOLUTION_KEEP_IT;
  step (rma, RETOUR_RMA_STATUS_RESOLVED, NOW_US + 10);
  g_assert_cmpint (rma->resolved_us, ==, NOW_US + 10);
  g_assert_cmpint (rma->received_us, ==, 0);

  /* Nothing came back, yet the customer keeps one pair of socks. */
  g_assert_cmpuint (retour_rma_count_units (rma), ==, 1);
  g_assert_cmpuint (retour_rma_get_line_quantity (rma, line_at (rma, 1)), ==, 1);
  g_assert_cmpuint (retour_rma_line_effective_quantity (line_at (rma, 1), rma->status), ==, 0);

  step (rma, RETOUR_RMA_STATUS_CLOSED, NOW_US + 20);
  g_assert_cmpuint (retour_rma_count_units (rma), ==, 1);
}

static void
test_refused_steps (void)
{
  g_autoptr(RetourRma) rma = make_rma ();

  check_refused (rma, RETOUR_RMA_STATUS_CLOSED, RETOUR_RMA_ERROR_TRANSITION,
                 "A return that is “Draft” cannot be moved to “Closed”");
  check_refused (rma, RETOUR_RMA_STATUS_DRAFT, RETOUR_RMA_ERROR_TRANSITION,
                 "A return that is “Draft” cannot be moved to “Draft”");
  check_refused (rma, RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_ERROR_TRANSITION, NULL);

  rma->status = RETOUR_RMA_STATUS_RECEIVED;
  check_refused (rma, RETOUR_RMA_STATUS_AUTHORIZED, RETOUR_RMA_ERROR_TRANSITION,
                 "A return that is “Received” cannot be moved to “Authorized”");

  rma->status = RETOUR_RMA_STATUS_CANCELLED;
  check_refused (rma, RETOUR_RMA_STATUS_REQUESTED, RETOUR_RMA_ERROR_TRANSITION,
                 "This return is “Cancelled”: it can no longer change");

  /* Broken quantities block every step. */
  rma->status = RETOUR_RMA_STATUS_DRAFT;
  line_at (rma, 0)->qty_authorized = 3;
  check_refused (rma, RETOUR_RMA_STATUS_REQUESTED, RETOUR_RMA_ERROR_QUANTITY, NULL);
}

/* For an RMA that has everything every step needs, the steps allowed are
 * exactly the lifecycle's. */
static void
test_all_pairs (void)
{
  for (guint from = 0; from < RETOUR_RMA_N_STATUSES; from++)
    {
      for (guint to = 0; to < RETOUR_RMA_N_STATUSES; to++)
        {
          g_autoptr(RetourRma) rma = make_rma ();
          g_autoptr(GError) error = NULL;
          gboolean allowed;

          rma->number = g_strdup ("R26000128Y");
          rma->status = from;
          rma->resolution = RETOUR_RESOLUTION_KEEP_IT;
          line_at (rma, 0)->qty_authorized = 2;
          line_at (rma, 0)->qty_received = 2;
          line_at (rma, 0)->qty_accepted = 2;
          line_at (rma, 0)->condition = RETOUR_CONDITION_NEW_UNOPENED;

          allowed = retour_rma_transition (rma, to, NOW_US + 5, &error);
          g_assert_cmpint (allowed, ==, retour_lifecycle_allows (from, to));
          if (!allowed)
            {
              g_assert_error (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_TRANSITION);
              g_assert_cmpint (rma->status, ==, from);
              continue;
            }

          g_assert_cmpint (rma->status, ==, to);
          g_assert_cmpint (rma->updated_us, ==, NOW_US + 5);
          /* Every way a return ends is dated. */
          g_assert_cmpint (rma->closed_us != 0, ==, retour_rma_status_is_terminal (to));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rma/new", test_new);
  g_test_add_func ("/rma/copy-is-deep", test_copy_is_deep);
  g_test_add_func ("/rma/add-line-currency", test_add_line_currency);
  g_test_add_func ("/rma/line-validate", test_line_validate);
  g_test_add_func ("/rma/validate", test_validate);
  g_test_add_func ("/rma/effective-quantity", test_effective_quantity);
  g_test_add_func ("/rma/happy-path", test_happy_path);
  g_test_add_func ("/rma/keep-it", test_keep_it);
  g_test_add_func ("/rma/refused-steps", test_refused_steps);
  g_test_add_func ("/rma/all-pairs", test_all_pairs);

  return g_test_run ();
}
