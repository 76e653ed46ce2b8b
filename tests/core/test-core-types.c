/* test-core-types.c — the names people see for the domain's enumerations,
 * and the nicks the database stores them by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-core-types"

#include "config.h"

#include "retour-core.h"

static void
test_labels (void)
{
  g_assert_cmpstr (retour_condition_get_label (RETOUR_CONDITION_NEW_UNOPENED), ==, "New, unopened");
  g_assert_cmpstr (retour_condition_get_label (RETOUR_CONDITION_MISSING_PARTS), ==, "Missing parts");
  g_assert_cmpstr (retour_disposition_get_label (RETOUR_DISPOSITION_RETURN_TO_VENDOR), ==, "Return to vendor");
  g_assert_cmpstr (retour_disposition_get_label (RETOUR_DISPOSITION_RESTOCK), ==, "Restock");
  g_assert_cmpstr (retour_resolution_get_label (RETOUR_RESOLUTION_STORE_CREDIT), ==, "Store credit");
  g_assert_cmpstr (retour_resolution_get_label (RETOUR_RESOLUTION_KEEP_IT), ==, "Refund without return");
  g_assert_cmpstr (retour_refund_method_get_label (RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT), ==, "Original payment method");
  g_assert_cmpstr (retour_refund_timing_get_label (RETOUR_REFUND_TIMING_AFTER_INSPECTION), ==, "After inspection");
  g_assert_cmpstr (retour_fee_kind_get_label (RETOUR_FEE_FIXED), ==, "Fixed amount");
  g_assert_cmpstr (retour_stock_cause_get_label (RETOUR_STOCK_CAUSE_RESTOCK), ==, "Restocked return");

  /* Values outside an enumeration (a newer database) have no label. */
  g_assert_null (retour_condition_get_label ((RetourCondition) 99));
  g_assert_null (retour_disposition_get_label ((RetourDisposition) -1));
  g_assert_null (retour_resolution_get_label ((RetourResolution) 7));
  g_assert_null (retour_refund_method_get_label ((RetourRefundMethod) 5));
  g_assert_null (retour_refund_timing_get_label ((RetourRefundTiming) 3));
}

static const char *
label_for (GType type,
           int   value)
{
  if (type == RETOUR_TYPE_CONDITION)
    return retour_condition_get_label (value);
  if (type == RETOUR_TYPE_DISPOSITION)
    return retour_disposition_get_label (value);
  if (type == RETOUR_TYPE_RESOLUTION)
    return retour_resolution_get_label (value);
  if (type == RETOUR_TYPE_REFUND_METHOD)
    return retour_refund_method_get_label (value);
  if (type == RETOUR_TYPE_REFUND_TIMING)
    return retour_refund_timing_get_label (value);
  if (type == RETOUR_TYPE_FEE_KIND)
    return retour_fee_kind_get_label (value);
  if (type == RETOUR_TYPE_STOCK_CAUSE)
    return retour_stock_cause_get_label (value);

  g_assert_not_reached ();
}

/* Every value of every enumeration has a label and a nick that reads back. */
static void
test_every_value (void)
{
  const GType types[] = {
    RETOUR_TYPE_CONDITION, RETOUR_TYPE_DISPOSITION, RETOUR_TYPE_RESOLUTION,
    RETOUR_TYPE_REFUND_METHOD, RETOUR_TYPE_REFUND_TIMING, RETOUR_TYPE_FEE_KIND,
    RETOUR_TYPE_STOCK_CAUSE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (types[i]);

      for (guint v = 0; v < klass->n_values; v++)
        {
          int value = klass->values[v].value;
          const char *nick = retour_enum_to_nick (types[i], value);
          int back = -1;

          g_assert_nonnull (label_for (types[i], value));
          g_assert_cmpstr (nick, ==, klass->values[v].value_nick);
          g_assert_true (retour_enum_from_nick (types[i], nick, &back));
          g_assert_cmpint (back, ==, value);
        }
    }
}

static void
test_nicks (void)
{
  int value = -1;

  /* The storage keys the schema and CSV exports use. */
  g_assert_cmpstr (retour_enum_to_nick (RETOUR_TYPE_CONDITION, RETOUR_CONDITION_NEW_UNOPENED), ==, "new-unopened");
  g_assert_cmpstr (retour_enum_to_nick (RETOUR_TYPE_DISPOSITION, RETOUR_DISPOSITION_RETURN_TO_VENDOR), ==, "return-to-vendor");
  g_assert_cmpstr (retour_enum_to_nick (RETOUR_TYPE_RESOLUTION, RETOUR_RESOLUTION_KEEP_IT), ==, "keep-it");
  g_assert_cmpstr (retour_enum_to_nick (RETOUR_TYPE_REFUND_METHOD, RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT), ==, "original-payment");
  g_assert_cmpstr (retour_enum_to_nick (RETOUR_TYPE_REFUND_TIMING, RETOUR_REFUND_TIMING_ON_RECEIPT), ==, "on-receipt");
  g_assert_cmpstr (retour_enum_to_nick (RETOUR_TYPE_FEE_KIND, RETOUR_FEE_PERCENT), ==, "percent");

  g_assert_true (retour_enum_from_nick (RETOUR_TYPE_CONDITION, "missing-parts", &value));
  g_assert_cmpint (value, ==, RETOUR_CONDITION_MISSING_PARTS);

  value = 42;
  g_assert_false (retour_enum_from_nick (RETOUR_TYPE_CONDITION, "MISSING-PARTS", &value));
  g_assert_false (retour_enum_from_nick (RETOUR_TYPE_CONDITION, "missing_parts", &value));
  g_assert_false (retour_enum_from_nick (RETOUR_TYPE_CONDITION, "", &value));
  g_assert_false (retour_enum_from_nick (RETOUR_TYPE_CONDITION, NULL, &value));
  g_assert_false (retour_enum_from_nick (RETOUR_TYPE_CONDITION, "\xff", &value));
  g_assert_cmpint (value, ==, 42);

  g_assert_null (retour_enum_to_nick (RETOUR_TYPE_CONDITION, 99));
  g_assert_null (retour_enum_to_nick (RETOUR_TYPE_CONDITION, -1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core-types/labels", test_labels);
  g_test_add_func ("/core-types/every-value", test_every_value);
  g_test_add_func ("/core-types/nicks", test_nicks);

  return g_test_run ();
}
