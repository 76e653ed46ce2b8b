/* retour-setting-store.h — the shop's business settings and counters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings that decide money or what customers see live in the database,
 * so that they are backed up and moved with the returns.
 */
#pragma once

#include "retour-database.h"

G_BEGIN_DECLS

#define RETOUR_SETTING_SHOP_NAME       "shop-name"
#define RETOUR_SETTING_RETURN_ADDRESS  "return-address"  /* lines separated by "\n" */
#define RETOUR_SETTING_CURRENCY        "currency"        /* ISO 4217 */
#define RETOUR_SETTING_LABEL_FORMAT    "label-format"    /* "thermal", "a6", "a4" */
#define RETOUR_SETTING_NUMBER_PATTERN  "rma-number-pattern"
#define RETOUR_SETTING_SHOP_EMAIL      "shop-email"      /* for customers: the "To" of
                                                          * the model withdrawal form */

/* The counter RMA numbers are issued from. */
#define RETOUR_SEQUENCE_RMA_NUMBER     "rma-number"

/* The value of @key, or a copy of @fallback when it is not set. */
char     *retour_setting_store_get       (RetourDatabase  *db,
                                          const char      *key,
                                          const char      *fallback,
                                          GError         **error);
gboolean  retour_setting_store_set       (RetourDatabase  *db,
                                          const char      *key,
                                          const char      *value,
                                          GError         **error);

/* Sets @key as the shop changed it in the preferences: checks the value
 * (a name not blank, a label format Retour has, a number pattern that
 * parses), writes it and an audit entry by @actor in one transaction.
 * Setting the value it already has writes nothing. */
gboolean  retour_setting_store_change    (RetourDatabase  *db,
                                          const char      *key,
                                          const char      *value,
                                          const char      *actor,
                                          gint64           now_us,
                                          GError         **error);
/* Hands out the next value of the counter @name (starting at 1), inside the
 * caller's transaction: a value is never handed out twice, and one taken
 * by a transaction that rolls back is taken again by the next. */
gboolean  retour_setting_store_next_sequence (RetourDatabase *db,
                                              const char     *name,
                                              guint64        *out_value,
                                              GError        **error);

/* The value retour_setting_store_next_sequence() would hand out next,
 * without taking it: a read, which never waits for a writer. */
gboolean  retour_setting_store_peek_sequence (RetourDatabase *db,
                                              const char     *name,
                                              guint64        *out_value,
                                              GError        **error);

G_END_DECLS
