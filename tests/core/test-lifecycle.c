/* test-lifecycle.c — which steps an RMA can take, checked against a table
 * written out here independently of the one in src/core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-lifecycle"

#include "config.h"

#include <string.h>

#include "retour-core.h"

/* Rows: from; columns: to; both in the order of RetourRmaStatus:
 * draft requested authorized in_transit received inspected resolved
 * closed rejected cancelled expired. */
static const char * const expected[RETOUR_RMA_N_STATUSES] = {
  /*             DrReAuTrRcInRsClRjCaEx */
  /* draft */      "01000000010",
  /* requested */  "00100000110",
  /* authorized */ "00011010011",
  /* in_transit */ "00001000001",
  /* received */   "00000100000",
  /* inspected */  "00000010100",
  /* resolved */   "00000001000",
  /* closed */     "00000000000",
  /* rejected */   "00000000000",
  /* cancelled */  "00000000000",
  /* expired */    "00000000000",
};

static const char * const keys[RETOUR_RMA_N_STATUSES] = {
  "draft", "requested", "authorized", "in_transit", "received", "inspected",
  "resolved", "closed", "rejected", "cancelled", "expired",
};

static void
test_matrix (void)
{
  guint allowed = 0;

  for (guint from = 0; from < RETOUR_RMA_N_STATUSES; from++)
    {
      for (guint to = 0; to < RETOUR_RMA_N_STATUSES; to++)
        {
          gboolean want = expected[from][to] == '1';
          gboolean have = retour_lifecycle_allows (from, to);

          if (want != have)
            g_test_fail_printf ("%s -> %s: expected %s", keys[from], keys[to],
                                want ? "allowed" : "refused");
          allowed += have;
        }
    }

  g_assert_cmpuint (allowed, ==, 16);
}

static void
test_next (void)
{
  RetourRmaStatus next[RETOUR_RMA_N_STATUSES];
  guint n;

  for (guint from = 0; from < RETOUR_RMA_N_STATUSES; from++)
    {
      guint count = 0;

      n = retour_lifecycle_next (from, next);
      for (guint to = 0; to < RETOUR_RMA_N_STATUSES; to++)
        count += expected[from][to] == '1';
      g_assert_cmpuint (n, ==, count);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (expected[from][next[i]], ==, '1');
          for (guint j = 0; j < i; j++)
            g_assert_cmpint (next[i], !=, next[j]);
        }
    }

  /* The way forward is offered first. */
  n = retour_lifecycle_next (RETOUR_RMA_STATUS_DRAFT, next);
  g_assert_cmpint (next[0], ==, RETOUR_RMA_STATUS_REQUESTED);
  n = retour_lifecycle_next (RETOUR_RMA_STATUS_REQUESTED, next);
  g_assert_cmpint (next[0], ==, RETOUR_RMA_STATUS_AUTHORIZED);
  n = retour_lifecycle_next (RETOUR_RMA_STATUS_AUTHORIZED, next);
  g_assert_cmpint (next[0], ==, RETOUR_RMA_STATUS_IN_TRANSIT);
  g_assert_cmpint (next[1], ==, RETOUR_RMA_STATUS_RECEIVED);
  g_assert_cmpint (next[n - 1], ==, RETOUR_RMA_STATUS_EXPIRED);
  n = retour_lifecycle_next (RETOUR_RMA_STATUS_INSPECTED, next);
  g_assert_cmpint (next[0], ==, RETOUR_RMA_STATUS_RESOLVED);
  n = retour_lifecycle_next (RETOUR_RMA_STATUS_CLOSED, next);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_terminal (void)
{
  for (guint status = 0; status < RETOUR_RMA_N_STATUSES; status++)
    {
      gboolean want = status == RETOUR_RMA_STATUS_CLOSED || status == RETOUR_RMA_STATUS_REJECTED ||
                      status == RETOUR_RMA_STATUS_CANCELLED || status == RETOUR_RMA_STATUS_EXPIRED;
      RetourRmaStatus next[RETOUR_RMA_N_STATUSES];

      g_assert_cmpint (retour_rma_status_is_terminal (status), ==, want);
      /* A terminal status has no way out, every other one has. */
      g_assert_cmpint (retour_lifecycle_next (status, next) == 0, ==, want);
    }
}

/* Every status can be reached from a draft, and from every status an end
 * can be reached: no island, no dead end. */
static void
test_reachability (void)
{
  gboolean reached[RETOUR_RMA_N_STATUSES] = { [RETOUR_RMA_STATUS_DRAFT] = TRUE };
  gboolean changed = TRUE;

  while (changed)
    {
      changed = FALSE;
      for (guint from = 0; from < RETOUR_RMA_N_STATUSES; from++)
        for (guint to = 0; to < RETOUR_RMA_N_STATUSES; to++)
          if (reached[from] && !reached[to] && retour_lifecycle_allows (from, to))
            reached[to] = changed = TRUE;
    }

  for (guint status = 0; status < RETOUR_RMA_N_STATUSES; status++)
    g_assert_true (reached[status]);

  /* Nothing leads back into a draft. */
  for (guint from = 0; from < RETOUR_RMA_N_STATUSES; from++)
    g_assert_false (retour_lifecycle_allows (from, RETOUR_RMA_STATUS_DRAFT));
}

static void
test_keys (void)
{
  RetourRmaStatus status;

  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    {
      g_assert_cmpstr (retour_rma_status_to_key (i), ==, keys[i]);
      g_assert_true (retour_rma_status_from_key (keys[i], &status));
      g_assert_cmpint (status, ==, i);
    }

  /* What a newer version or a damaged file might hold. */
  status = RETOUR_RMA_STATUS_CLOSED;
  g_assert_false (retour_rma_status_from_key (NULL, &status));
  g_assert_false (retour_rma_status_from_key ("", &status));
  g_assert_false (retour_rma_status_from_key ("in-transit", &status));
  g_assert_false (retour_rma_status_from_key ("Draft", &status));
  g_assert_false (retour_rma_status_from_key ("draft ", &status));
  g_assert_false (retour_rma_status_from_key ("\xff", &status));
  g_assert_cmpint (status, ==, RETOUR_RMA_STATUS_CLOSED);
}

static void
test_labels (void)
{
  static const char * const labels[RETOUR_RMA_N_STATUSES] = {
    "Draft", "Requested", "Authorized", "In transit", "Received", "Inspected",
    "Resolved", "Closed", "Rejected", "Cancelled", "Expired",
  };
  static const char * const actions[RETOUR_RMA_N_STATUSES] = {
    NULL, "Submit request", "Authorize", "Mark in transit", "Mark as received",
    "Mark as inspected", "Resolve", "Close", "Reject", "Cancel return", "Expire",
  };

  for (guint i = 0; i < RETOUR_RMA_N_STATUSES; i++)
    {
      g_assert_cmpstr (retour_rma_status_get_label (i), ==, labels[i]);
      g_assert_cmpstr (retour_rma_status_get_action_label (i), ==, actions[i]);
    }
}

/* How far a return has come: a received one has been authorized, not
 * inspected; one that ended off the way has reached nothing. */
static void
test_reached (void)
{
  g_assert_true (retour_rma_status_reached (RETOUR_RMA_STATUS_RECEIVED, RETOUR_RMA_STATUS_AUTHORIZED));
  g_assert_true (retour_rma_status_reached (RETOUR_RMA_STATUS_RECEIVED, RETOUR_RMA_STATUS_RECEIVED));
  g_assert_false (retour_rma_status_reached (RETOUR_RMA_STATUS_RECEIVED, RETOUR_RMA_STATUS_INSPECTED));
  g_assert_true (retour_rma_status_reached (RETOUR_RMA_STATUS_CLOSED, RETOUR_RMA_STATUS_INSPECTED));
  g_assert_false (retour_rma_status_reached (RETOUR_RMA_STATUS_REQUESTED, RETOUR_RMA_STATUS_AUTHORIZED));

  for (guint step = RETOUR_RMA_STATUS_DRAFT; step <= RETOUR_RMA_STATUS_CLOSED; step++)
    {
      g_assert_false (retour_rma_status_reached (RETOUR_RMA_STATUS_CANCELLED, step));
      g_assert_false (retour_rma_status_reached (RETOUR_RMA_STATUS_REJECTED, step));
      g_assert_false (retour_rma_status_reached (RETOUR_RMA_STATUS_EXPIRED, step));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lifecycle/matrix", test_matrix);
  g_test_add_func ("/lifecycle/next", test_next);
  g_test_add_func ("/lifecycle/terminal", test_terminal);
  g_test_add_func ("/lifecycle/reachability", test_reachability);
  g_test_add_func ("/lifecycle/keys", test_keys);
  g_test_add_func ("/lifecycle/reached", test_reached);
  g_test_add_func ("/lifecycle/labels", test_labels);

  return g_test_run ();
}
