/* retour-search-postgres.h — the search queries on PostgreSQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On SQLite a search asks FTS5 for the documents that hold the trigrams
 * of every word, then keeps those whose text holds each word
 * (retour_holds_every_word). On PostgreSQL the documents are rows of
 * rma_search_doc and order_search_doc (kept by triggers, see
 * migrations-pg/0009-baseline.sql) with a pg_trgm GIN index, and the
 * same two steps are: the index finds the documents that may hold the
 * word with the most characters (one regular expression, its forms as
 * alternatives, from retour_search_postgres_regex()), and
 * retour_holds_every_word(), the same function in PL/pgSQL, checks every
 * word against the text. The pattern is build_match()'s, unchanged.
 *
 * The parameters are numbered as in the SQLite queries of retour-search.c,
 * so the code that binds them does not change: only the text of ?1 (the
 * regular expression in place of the FTS5 query) and the SQL.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many of the newest documents a search reads one by one before it
 * asks the trigram index. */
#define RETOUR_PG_SEARCH_WALK "4096"

/* The documents below ?2 that match (@op ?1, the status ?3, @check), the
 * newest first, at most ?4: the first @walk of them read in id order, so
 * that a common word (a surname) stops at the limit after a few thousand
 * rows; and only when that window does not hold ?4 of them, the trigram
 * index for the older ones. The index alone finds every match of a
 * common word, each looked up in the table, before the newest can be
 * told apart: its estimates cannot say which words are common, so the
 * choice is made here. "near" is read in full to count it, which the
 * one-time filter on "far" does before the index is touched. Either way
 * the rows are those the index alone would give, in the same order. */
#define RETOUR_PG_SEARCH_DOC_IDS(table, op, status, check, walk) \
  "WITH near AS MATERIALIZED (" \
  "SELECT d.id FROM (SELECT w.id, w.text FROM " table " w WHERE w.id < ?2 " \
  "ORDER BY w.id DESC LIMIT " walk ") d " \
  "WHERE d.text " op " ?1 " status check \
  "ORDER BY d.id DESC LIMIT ?4), " \
  "far AS (" \
  "SELECT d.id FROM " table " d " \
  "WHERE (SELECT count (*) FROM near) < ?4 AND d.text " op " ?1 " \
  "AND d.id < (SELECT coalesce (min (w.id), ?2) FROM (SELECT id FROM " table " " \
  "WHERE id < ?2 ORDER BY id DESC LIMIT " walk ") w) " status check \
  "ORDER BY d.id DESC LIMIT ?4) "

/* ?1 regular expression, ?2 before this id, ?3 status key or NULL,
 * ?4 limit, ?5 pattern. PostgreSQL types a parameter where it first
 * meets it, and "?3 IS NULL" says nothing: hence the CAST. */
#define RETOUR_PG_SEARCH_RMA_STATUS \
  "AND (CAST (?3 AS text) IS NULL OR EXISTS " \
  "(SELECT 1 FROM rma s WHERE s.id = d.id AND s.status = ?3)) "
#define RETOUR_PG_SEARCH_RMAS_BY(op, check) \
  RETOUR_PG_SEARCH_DOC_IDS ("rma_search_doc", op, RETOUR_PG_SEARCH_RMA_STATUS, check, \
                            RETOUR_PG_SEARCH_WALK) \
  "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), o.number, " \
  "r.created_us, (SELECT coalesce (sum (qty_requested), 0) FROM rma_line WHERE rma_id = r.id), " \
  "r.refund_minor, r.currency " \
  "FROM (SELECT id FROM near UNION ALL SELECT id FROM far) found JOIN rma r ON r.id = found.id " \
  "LEFT JOIN customer c ON c.id = r.customer_id LEFT JOIN \"order\" o ON o.id = r.order_id " \
  "ORDER BY r.id DESC LIMIT ?4"

/* SQLite may name a result column in WHERE ("AND action > 0"),
 * PostgreSQL may not: the action is computed in a subquery. ?1 regular
 * expression, ?2 before this id, ?4 limit, ?5 now, ?6 pattern, as on
 * SQLite: ?3 is not used, and the backend gives such a gap a type of its
 * own (PostgreSQL cannot infer one). @action_case is retour-search.c's
 * ACTION_CASE. */
#define RETOUR_PG_SEARCH_RMAS_NEEDING_ACTION_BY(op, action_case) \
  "SELECT * FROM (" \
  "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), " \
  "o.number, r.created_us, " \
  "(SELECT coalesce (sum (qty_requested), 0) FROM rma_line WHERE rma_id = r.id), " \
  "r.refund_minor, r.currency, " action_case " AS action, " \
  "r.refund_due_us, coalesce (o.ship_country, c.country) " \
  "FROM rma_search_doc d JOIN rma r ON r.id = d.id " \
  "LEFT JOIN customer c ON c.id = r.customer_id " \
  "LEFT JOIN \"order\" o ON o.id = r.order_id " \
  "WHERE d.text " op " ?1 AND d.id < ?2 AND retour_holds_every_word (d.text, ?6)" \
  ") found WHERE action > 0 ORDER BY id DESC LIMIT ?4"

/* ?1 regular expression, ?2 limit, ?3 pattern. */
#define RETOUR_PG_SEARCH_ORDERS_BY(op) \
  "SELECT o.id, o.number, trim (c.first_name || ' ' || c.last_name), c.email, " \
  "c.phone, o.ordered_us, o.delivered_us, o.total_minor, o.currency, " \
  "(SELECT count (*) FROM order_line WHERE order_id = o.id AND gone_upstream = 0), " \
  "(o.cancelled_us IS NOT NULL OR o.deleted_upstream <> 0)::integer " \
  "FROM order_search_doc d JOIN \"order\" o ON o.id = d.id " \
  "LEFT JOIN customer c ON c.id = o.customer_id " \
  "WHERE d.text " op " ?1 AND retour_holds_every_word (d.text, ?3) " \
  "ORDER BY d.id DESC LIMIT ?2"

/* The regular expression for ?1: the word of @pattern (build_match()'s,
 * one word a line, its forms separated by tabs) whose shortest form is
 * longest, as alternatives of its forms, each form literal. The longest
 * word has the most trigrams, so the index finds the fewest documents to
 * check. NULL when @pattern holds no word. */
char *retour_search_postgres_regex (const char *pattern);

/* The same word as a LIKE pattern ("%word%"), when it has one form only:
 * LIKE is twice as fast as a regular expression on the rows the index
 * gives, and the index serves both. NULL when the word has several forms
 * (a phone number) or there is none. */
char *retour_search_postgres_like  (const char *pattern);

/* ?1 is a regular expression (~) or a LIKE pattern. */
#define RETOUR_PG_CHECK_WORDS "AND retour_holds_every_word (d.text, ?5) "
#define RETOUR_PG_SEARCH_RMAS             RETOUR_PG_SEARCH_RMAS_BY ("~", RETOUR_PG_CHECK_WORDS)
#define RETOUR_PG_SEARCH_RMAS_LIKE        RETOUR_PG_SEARCH_RMAS_BY ("LIKE", RETOUR_PG_CHECK_WORDS)
/* One word of one form: its LIKE is the whole check (a word holds no
 * space, so it cannot match across two fields of the document). */
#define RETOUR_PG_SEARCH_RMAS_ONE_WORD    RETOUR_PG_SEARCH_RMAS_BY ("LIKE", "")
#define RETOUR_PG_SEARCH_ORDERS           RETOUR_PG_SEARCH_ORDERS_BY ("~")
#define RETOUR_PG_SEARCH_ORDERS_LIKE      RETOUR_PG_SEARCH_ORDERS_BY ("LIKE")

G_END_DECLS
