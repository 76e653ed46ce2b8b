/* retour-search.c — the search index and the queries over it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index (rma_fts, one document per RMA, rowid = rma.id) is built over
 * folded text: lower case without accents, so "lodz" finds "Łódź" and
 * "muller" finds "Müller"; RMA numbers compact, so "R26-000123" finds
 * "R26000123K"; phone numbers as digits, in international and national
 * form, so "0612345678" and "+31 6 1234" both find "+31 6 12345678".
 * Queries are folded the same way and every word must match.
 *
 * Since schema 9 the index keeps no copy of that text: the text is a view
 * over the tables (rma_search, order_search), and the index only says
 * which documents hold each trigram. A search asks the index for the
 * documents that hold every trigram of every word, newest first, and
 * keeps those whose text holds each word as it was typed.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-database-private.h"
#include "retour-search-postgres.h"
#include "retour-search.h"

G_DEFINE_BOXED_TYPE (RetourRmaSummary, retour_rma_summary, retour_rma_summary_copy, retour_rma_summary_free)

RetourRmaSummary *
retour_rma_summary_copy (const RetourRmaSummary *summary)
{
  RetourRmaSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->number = g_strdup (summary->number);
  copy->customer_name = g_strdup (summary->customer_name);
  copy->order_number = g_strdup (summary->order_number);
  copy->country = g_strdup (summary->country);

  return copy;
}

void
retour_rma_summary_free (RetourRmaSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->number);
  g_free (summary->customer_name);
  g_free (summary->order_number);
  g_free (summary->country);
  g_free (summary);
}

/* Letters that do not decompose into a base letter and an accent. */
static const char *
fold_special (gunichar c)
{
  switch (c)
    {
    case 0x0142: return "l";   /* ł */
    case 0x00DF: return "ss";  /* ß */
    case 0x00F8: return "o";   /* ø */
    case 0x00E6: return "ae";  /* æ */
    case 0x0153: return "oe";  /* œ */
    case 0x0111: return "d";   /* đ */
    case 0x0131: return "i";   /* dotless ı */
    case 0x00FE: return "th";  /* þ */
    default: return NULL;
    }
}

char *
retour_search_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* Most of what is indexed (e-mail addresses, numbers, SKUs) is ASCII:
   * lower case is all the folding it needs. */
  {
    const char *p = text;

    while (*p != '\0' && (guchar) *p < 0x80)
      p++;
    if (*p == '\0')
      return g_ascii_strdown (text, p - text);
  }

  /* Bytes that are not UTF-8 (a broken import) must not stop indexing. */
  valid = g_utf8_make_valid (text, -1);
  lower = g_utf8_strdown (valid, -1);
  decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *special = fold_special (c);

      if (special != NULL)
        g_string_append (out, special);
      else if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

char *
retour_search_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* Country calling codes of the shop's markets and their neighbours. */
static const char * const country_codes[] = {
  "31", "32", "33", "34", "39", "41", "43", "44", "45", "46", "47", "48", "49",
  "351", "352", "353", "358", "420", "421", "36", "1", NULL
};

/* The national significant number: what is left without "+31", "0031" or
 * the trunk "0". People type a number as they know it, "06 1234 5678"
 * or "+31 6 1234 5678"; reduced this way both find "612345678". It also
 * keeps the index small: digit trigrams are few and common, so every
 * extra digit indexed makes every number search slower. */
static char *
national_number (const char *text)
{
  g_autofree char *digits = retour_search_digits (text);
  const char *rest = digits;

  while (text != NULL && g_ascii_isspace (*text))
    text++;

  if (text != NULL && (*text == '+' || g_str_has_prefix (digits, "00")))
    {
      if (g_str_has_prefix (rest, "00"))
        rest += 2;
      for (guint i = 0; country_codes[i] != NULL; i++)
        if (g_str_has_prefix (rest, country_codes[i]))
          {
            rest += strlen (country_codes[i]);
            break;
          }
    }
  else if (*rest == '0')
    {
      rest++;
    }

  return g_strdup (rest);
}

char *
retour_search_national_number (const char *text)
{
  return national_number (text);
}

static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  sqlite3_result_text (context, retour_search_fold (text), -1, g_free);
}

static void
sql_national_number (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  sqlite3_result_text (context, national_number (text), -1, g_free);
}

/* Whether @text holds every word of @pattern: words one per line, each
 * line one or more forms of the word separated by tabs, any of which may
 * match. A word holds no space, tab or newline (queries are split on
 * them), so it can only match inside one field of a document. */
static gboolean
holds_every_word (const char *text,
                  const char *pattern)
{
  const char *line = pattern;

  while (*line != '\0')
    {
      const char *line_end = strchr (line, '\n');
      const char *form = line;
      gboolean found = FALSE;

      if (line_end == NULL)
        line_end = line + strlen (line);

      while (!found && form < line_end)
        {
          const char *form_end = memchr (form, '\t', line_end - form);
          g_autofree char *word = NULL;

          if (form_end == NULL)
            form_end = line_end;
          word = g_strndup (form, form_end - form);
          found = strstr (text, word) != NULL;
          form = form_end + 1;
        }

      if (!found)
        return FALSE;

      line = *line_end != '\0' ? line_end + 1 : line_end;
    }

  return TRUE;
}

static void
sql_holds_every_word (sqlite3_context  *context,
                      int               argc,
                      sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  const char *pattern = (const char *) sqlite3_value_text (argv[1]);

  sqlite3_result_int (context, text != NULL && pattern != NULL && holds_every_word (text, pattern));
}

gboolean
retour_search_register_functions (sqlite3  *handle,
                                  GError  **error)
{
  /* Deterministic and innocuous: safe with trusted_schema = OFF, and so
   * usable in the views the search indexes read their text from. */
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  rc = sqlite3_create_function_v2 (handle, "retour_fold", 1, flags, NULL, sql_fold, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (handle, "retour_national_number", 1, flags, NULL,
                                     sql_national_number, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (handle, "retour_holds_every_word", 2, flags, NULL,
                                     sql_holds_every_word, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return retour_store_set_error (error, handle, rc);

  return TRUE;
}

static gboolean
has_pending (RetourDatabase  *db,
             const char      *sql,
             gboolean        *out_pending,
             GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);
  gboolean has_row;

  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  *out_pending = retour_stmt_column_int (stmt, 0) != 0;
  return TRUE;
}

/* FTS5 writes what it holds in memory out as a new index segment at every
 * statement that touches it, and whenever a document comes in below the
 * last one it was given; so the queued documents go in with one
 * statement, in rowid order, each one's old text taken out just before
 * its new text goes in. This runs just before the transaction commits — still in it, so
 * the index never disagrees with committed data; a rollback empties the
 * queues with everything else. */
gboolean
retour_search_flush (RetourDatabase  *db,
                     GError         **error)
{
  gboolean orders, rmas;

  /* On a server the triggers keep the documents themselves. */
  if (retour_database_is_shared (db))
    return TRUE;

  /* Most transactions touch no indexed row. */
  if (!has_pending (db, "SELECT EXISTS (SELECT 1 FROM order_search_queue)", &orders, error) ||
      !has_pending (db, "SELECT EXISTS (SELECT 1 FROM rma_search_queue)", &rmas, error))
    return FALSE;

  if (orders && !retour_database_exec (db,
                             "INSERT INTO order_fts (order_fts, rowid, text) "
                             "SELECT command, id, text FROM ("
                             "  SELECT 'delete' AS command, id, text, 0 AS step FROM order_search_queue "
                             "  WHERE text IS NOT NULL "
                             "  UNION ALL "
                             "  SELECT NULL, s.id, s.text, 1 FROM order_search_queue q "
                             "  JOIN order_search s ON s.id = q.id"
                             ") ORDER BY id, step;"
                             "DELETE FROM order_search_queue;",
                             error))
    return FALSE;

  return !rmas || retour_database_exec (db,
                               "INSERT INTO rma_fts (rma_fts, rowid, text) "
                               "SELECT command, id, text FROM ("
                               "  SELECT 'delete' AS command, id, text, 0 AS step FROM rma_search_queue "
                               "  WHERE text IS NOT NULL "
                               "  UNION ALL "
                               "  SELECT NULL, s.id, s.text, 1 FROM rma_search_queue q "
                               "  JOIN rma_search s ON s.id = q.id"
                               ") ORDER BY id, step;"
                               "DELETE FROM rma_search_queue;",
                               error);
}

static gboolean
is_phone_like (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-()./", *p) == NULL)
        return FALSE;
    }

  return digits >= RETOUR_SEARCH_MIN_CHARS;
}

/* Separators inside a word with digits ("R26-000123-K", "2024/117") are
 * dropped: the index holds numbers without them. */
static char *
compact_word (const char *word)
{
  GString *out = g_string_new (NULL);
  gboolean has_digit = FALSE;

  for (const char *p = word; *p != '\0'; p++)
    has_digit |= g_ascii_isdigit (*p);

  for (const char *p = word; *p != '\0'; p++)
    if (!has_digit || strchr ("-./", *p) == NULL)
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* Appends @word as an FTS5 string: quoted, with quotes doubled, so that
 * nothing a person types is read as query syntax. */
static void
append_quoted (GString    *query,
               const char *word,
               gsize       length)
{
  g_string_append_c (query, '"');
  for (gsize i = 0; i < length; i++)
    {
      if (word[i] == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, word[i]);
    }
  g_string_append_c (query, '"');
}

/* Enough trigrams of a word to find the few documents that may hold it;
 * the text of each is checked afterwards. More would only make the index
 * intersect longer lists. */
#define MAX_TRIGRAMS_PER_WORD 12

/* Appends the trigrams of @word (at least three characters) as terms that
 * must all be in a document: the first and last, and some evenly spread
 * between them, each once. */
static void
append_trigrams (GString    *query,
                 const char *word)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (const char *));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_trigrams, step;
  gboolean first = TRUE;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    g_array_append_val (starts, p);
  n_trigrams = starts->len - 2;
  step = (n_trigrams + MAX_TRIGRAMS_PER_WORD - 1) / MAX_TRIGRAMS_PER_WORD;

  g_string_append_c (query, '(');
  for (guint i = 0; i < n_trigrams; i += step)
    {
      guint at = i + step >= n_trigrams ? n_trigrams - 1 : i;
      const char *begin = g_array_index (starts, const char *, at);
      const char *end = at + 3 < starts->len ? g_array_index (starts, const char *, at + 3)
                                             : begin + strlen (begin);
      char *trigram = g_strndup (begin, end - begin);

      if (!g_hash_table_add (seen, trigram))
        continue;
      if (!first)
        g_string_append (query, " AND ");
      append_quoted (query, begin, end - begin);
      first = FALSE;
    }
  g_string_append_c (query, ')');
}

/* One more word every match must hold, in one of @n_forms forms: the
 * trigrams for the index in @query, the word itself for the check of the
 * text in @pattern (see holds_every_word()). */
static void
append_word (GString     *query,
             GString     *pattern,
             const char **forms,
             guint        n_forms)
{
  if (query->len > 0)
    {
      g_string_append (query, " AND ");
      g_string_append_c (pattern, '\n');
    }

  if (n_forms > 1)
    g_string_append_c (query, '(');
  for (guint i = 0; i < n_forms; i++)
    {
      if (i > 0)
        {
          g_string_append (query, " OR ");
          g_string_append_c (pattern, '\t');
        }
      append_trigrams (query, forms[i]);
      g_string_append (pattern, forms[i]);
    }
  if (n_forms > 1)
    g_string_append_c (query, ')');
}

/* The FTS5 query for @text, which finds every document that may match,
 * and in @out_pattern the words each of them must hold (see
 * holds_every_word()). Words too short for trigrams are left out. NULL
 * when nothing searchable remains. */
static char *
build_match (const char  *text,
             char       **out_pattern)
{
  g_autofree char *folded = g_strstrip (retour_search_fold (text));
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) pattern = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  if (is_phone_like (folded))
    {
      g_autofree char *digits = national_number (folded);
      const char *forms[] = { digits };

      if (strlen (digits) < RETOUR_SEARCH_MIN_CHARS)
        return NULL;
      append_word (query, pattern, forms, 1);
      *out_pattern = g_string_free (g_steal_pointer (&pattern), FALSE);
      return g_string_free (g_steal_pointer (&query), FALSE);
    }

  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = compact_word (words[i]);
      const char *forms[] = { words[i], word };

      if (g_utf8_strlen (word, -1) < RETOUR_SEARCH_MIN_CHARS)
        continue;

      /* "R26-000123" is indexed compact, an order number "MARKT-17" as it
       * was written: a word with separators matches either way. */
      if (strcmp (word, words[i]) != 0 && g_utf8_strlen (words[i], -1) >= RETOUR_SEARCH_MIN_CHARS)
        append_word (query, pattern, forms, 2);
      else
        append_word (query, pattern, forms + 1, 1);
    }

  if (query->len == 0)
    return NULL;

  *out_pattern = g_string_free (g_steal_pointer (&pattern), FALSE);
  return g_string_free (g_steal_pointer (&query), FALSE);
}

char *
retour_search_build_pattern (const char *text)
{
  g_autofree char *match = NULL;
  char *pattern = NULL;

  if (text != NULL)
    match = build_match (text, &pattern);

  return match != NULL ? pattern : NULL;
}

gboolean
retour_search_is_searchable (const char *text)
{
  g_autofree char *match = NULL;
  g_autofree char *pattern = NULL;

  if (text == NULL)
    return FALSE;

  match = build_match (text, &pattern);
  return match != NULL;
}

#define SUMMARY_COLUMNS \
  "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), o.number, " \
  "r.created_us, (SELECT coalesce (sum (qty_requested), 0) FROM rma_line WHERE rma_id = r.id), " \
  "r.refund_minor, r.currency FROM rma r " \
  "LEFT JOIN customer c ON c.id = r.customer_id LEFT JOIN \"order\" o ON o.id = r.order_id "

static gpointer
rma_summary_from_row (RetourStmt *stmt,
                      gpointer    user_data)
{
  RetourRmaSummary *row = g_new0 (RetourRmaSummary, 1);

  row->id = retour_stmt_column_int64 (stmt, 0);
  row->number = retour_stmt_dup_text (stmt, 1);
  retour_rma_status_from_key (retour_stmt_column_text (stmt, 2), &row->status);
  row->customer_name = retour_stmt_dup_text (stmt, 3);
  row->order_number = retour_stmt_dup_text (stmt, 4);
  row->created_us = retour_stmt_column_int64 (stmt, 5);
  row->units = retour_stmt_column_int (stmt, 6);
  row->refund = retour_money_init (retour_stmt_column_int64 (stmt, 7),
                                   retour_stmt_column_text (stmt, 8));

  return row;
}

/* Runs one of the list queries: ?1 text, ?2 before this id, ?3 status key
 * or NULL, ?4 limit, ?5 the words each match must hold. */
static gboolean
read_rows (RetourDatabase  *db,
           GPtrArray       *rows,
           const char      *sql,
           const char      *text,
           const char      *pattern,
           int              status,
           gint64           before_id,
           guint            limit,
           GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (text != NULL)
    retour_stmt_bind_static_text (stmt, 1, text);
  retour_stmt_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);
  if (status >= 0)
    retour_stmt_bind_static_text (stmt, 3, retour_rma_status_to_key (status));
  retour_stmt_bind_int (stmt, 4, limit);
  if (pattern != NULL)
    retour_stmt_bind_static_text (stmt, 5, pattern);

  return retour_stmt_collect_into (stmt, rows, rma_summary_from_row, NULL, error);
}

/* On a server: what the trigram index is asked for, as a LIKE pattern
 * when the word has one form (faster), else a regular expression. */
static char *
postgres_match (const char *pattern,
                gboolean   *like)
{
  char *match = retour_search_postgres_like (pattern);

  *like = match != NULL;
  return match != NULL ? match : retour_search_postgres_regex (pattern);
}

GPtrArray *
retour_search_rmas (RetourDatabase  *db,
                    const char      *text,
                    int              status,
                    gint64           before_id,
                    guint            limit,
                    GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_summary_free);
  g_autofree char *match = NULL;
  g_autofree char *pattern = NULL;
  gboolean like = FALSE;
  const char *sql;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);
  g_return_val_if_fail (status >= -1 && status < RETOUR_RMA_N_STATUSES, NULL);

  if (text != NULL && *text != '\0')
    {
      g_autofree char *number = retour_rma_number_parse (text, NULL);

      /* A number whose check character is right is meant exactly: the
       * unique index answers at once, where the trigrams of "000" would
       * go through every return. */
      if (number != NULL && !read_rows (db, rows, SUMMARY_COLUMNS
                                       "WHERE r.number = ?1 AND r.id < ?2 "
                                       "AND (CAST (?3 AS TEXT) IS NULL OR r.status = ?3) LIMIT ?4",
                                       number, NULL, status, before_id, limit, error))
        return NULL;
      if (rows->len > 0)
        return g_steal_pointer (&rows);

      match = build_match (text, &pattern);
      if (match == NULL)
        return g_steal_pointer (&rows);
      if (retour_database_is_shared (db))
        {
          g_free (match);
          match = postgres_match (pattern, &like);
        }
    }

  /* Each form reads rows in id order — the FTS index or the table — and
   * stops at the limit: never a sort of all matches. The text of what the
   * index finds, and a status filter, are checked row by row on the way. */
  if (match != NULL && retour_database_is_shared (db))
    sql = !like ? RETOUR_PG_SEARCH_RMAS
          : strchr (pattern, '\n') == NULL ? RETOUR_PG_SEARCH_RMAS_ONE_WORD
          : RETOUR_PG_SEARCH_RMAS_LIKE;
  else if (match != NULL)
    sql = "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), o.number, "
          "r.created_us, (SELECT coalesce (sum (qty_requested), 0) FROM rma_line WHERE rma_id = r.id), "
          "r.refund_minor, r.currency FROM rma_fts f JOIN rma r ON r.id = f.rowid "
          "LEFT JOIN customer c ON c.id = r.customer_id LEFT JOIN \"order\" o ON o.id = r.order_id "
          "WHERE rma_fts MATCH ?1 AND f.rowid < ?2 AND (?3 IS NULL OR r.status = ?3) "
          "AND retour_holds_every_word (f.text, ?5) "
          "ORDER BY f.rowid DESC LIMIT ?4";
  else if (status >= 0)
    sql = SUMMARY_COLUMNS  /* the (status, id) index */
          "WHERE r.status = ?3 AND r.id < ?2 ORDER BY r.id DESC LIMIT ?4";
  else
    sql = SUMMARY_COLUMNS
          "WHERE r.id < ?2 ORDER BY r.id DESC LIMIT ?4";

  if (!read_rows (db, rows, sql, match, pattern, status, before_id, limit, error))
    return NULL;

  return g_steal_pointer (&rows);
}

/* ------------------------------------------------------------ needs action */

/* A withdrawal's refund due by law before ?7 (now plus the notice days),
 * on a return still open: not resolved yet, or resolved and not paid in
 * full. Until the goods are back or the customer proves they sent them
 * the shop may hold the refund back (CRD art 13(3)): only then is it
 * something to do. */
#define LEGAL_REFUND_DUE(r) \
  r ".refund_due_us < ?7 AND " r ".status NOT IN ('closed', 'rejected', 'cancelled', 'expired') " \
  "AND (" r ".received_us IS NOT NULL OR " r ".dispatch_proof_us IS NOT NULL) " \
  "AND (" r ".status <> 'resolved' OR " r ".refund_minor > " \
  "     (SELECT coalesce (sum (amount_minor), 0) FROM refund WHERE rma_id = " r ".id))"

/* A message to the customer of return @id failed, keeps failing, or may
 * not have arrived (the outbox never resends that by itself); the
 * carrier reports a problem with its parcel. Looked at on any open
 * return, before what its status asks for. */
#define MESSAGE_TROUBLE(id) \
  "EXISTS (SELECT 1 FROM customer_message m WHERE m.rma_id = " id " " \
  "        AND (m.state IN ('failed', 'uncertain') OR (m.state = 'queued' AND m.attempts >= " \
  G_STRINGIFY (RETOUR_MESSAGE_TROUBLE_ATTEMPTS) ")))"
/* (state <> 'cancelled' as carrier_label_live says it, so that its
 * index finds the return's label.) */
#define PARCEL_TROUBLE(id) \
  "EXISTS (SELECT 1 FROM carrier_label l WHERE l.rma_id = " id " AND l.state <> 'cancelled' " \
  "        AND l.state IN ('bought', 'entered') AND l.tracking_state = 'exception')"
#define NO_TROUBLE(id) "NOT " MESSAGE_TROUBLE (id) " AND NOT " PARCEL_TROUBLE (id)

#define ACTION_CASE \
  "CASE WHEN " LEGAL_REFUND_DUE ("r") " THEN CASE WHEN r.refund_due_us < ?5 THEN 7 ELSE 6 END " \
  "WHEN r.status NOT IN ('closed', 'rejected', 'cancelled', 'expired') AND " MESSAGE_TROUBLE ("r.id") " THEN 8 " \
  "WHEN r.status NOT IN ('closed', 'rejected', 'cancelled', 'expired') AND " PARCEL_TROUBLE ("r.id") " THEN 9 " \
  "WHEN r.status = 'requested' THEN 1 " \
  "WHEN r.status IN ('authorized', 'in_transit') AND r.due_us < ?5 THEN 2 " \
  "WHEN r.status = 'received' THEN 3 " \
  "WHEN r.status = 'inspected' THEN 4 " \
  "WHEN r.status = 'resolved' AND r.refund_minor > " \
  "  (SELECT coalesce (sum (amount_minor), 0) FROM refund WHERE rma_id = r.id) THEN 5 " \
  "ELSE 0 END"

/* Each kind of action reads its own status from the (status, id) index,
 * newest first, at most a page; the union is cut to a page again. The
 * refunds due by law come before it on the first page (?2 the largest
 * id), all of them, from their own index, and are left out of the rest. */
#define NOT_LEGAL_REFUND_DUE \
  "(refund_due_us IS NULL OR NOT (" LEGAL_REFUND_DUE ("rma") "))"
#define OPEN_STATUS "status NOT IN ('closed', 'rejected', 'cancelled', 'expired')"
#define ACTION_IDS \
  "SELECT id, action, 0 AS urgent FROM (" \
  "  SELECT * FROM (SELECT id, 1 AS action FROM rma WHERE status = 'requested' AND id < ?2 " \
  "                 AND " NOT_LEGAL_REFUND_DUE " AND " NO_TROUBLE ("rma.id") " " \
  "                 ORDER BY id DESC LIMIT ?4) AS requested " \
  "  UNION ALL SELECT * FROM (SELECT id, 2 FROM rma WHERE status = 'authorized' AND id < ?2 " \
  "                 AND due_us < ?5 AND " NOT_LEGAL_REFUND_DUE " AND " NO_TROUBLE ("rma.id") " " \
  "                 ORDER BY id DESC LIMIT ?4) AS authorized " \
  "  UNION ALL SELECT * FROM (SELECT id, 2 FROM rma WHERE status = 'in_transit' AND id < ?2 " \
  "                 AND due_us < ?5 AND " NOT_LEGAL_REFUND_DUE " AND " NO_TROUBLE ("rma.id") " " \
  "                 ORDER BY id DESC LIMIT ?4) AS in_transit " \
  "  UNION ALL SELECT * FROM (SELECT id, 3 FROM rma WHERE status = 'received' AND id < ?2 " \
  "                 AND " NOT_LEGAL_REFUND_DUE " AND " NO_TROUBLE ("rma.id") " " \
  "                 ORDER BY id DESC LIMIT ?4) AS received " \
  "  UNION ALL SELECT * FROM (SELECT id, 4 FROM rma WHERE status = 'inspected' AND id < ?2 " \
  "                 AND " NOT_LEGAL_REFUND_DUE " AND " NO_TROUBLE ("rma.id") " " \
  "                 ORDER BY id DESC LIMIT ?4) AS inspected " \
  "  UNION ALL SELECT * FROM (SELECT r.id, 5 FROM rma r WHERE r.status = 'resolved' AND r.id < ?2 " \
  "                 AND r.refund_minor > (SELECT coalesce (sum (amount_minor), 0) FROM refund " \
  "                                        WHERE rma_id = r.id) " \
  "                 AND (r.refund_due_us IS NULL OR r.refund_due_us >= ?7) AND " NO_TROUBLE ("r.id") " " \
  "                 ORDER BY r.id DESC LIMIT ?4) AS resolved" \
  "  UNION ALL SELECT * FROM (SELECT DISTINCT t.rma_id, 8 FROM customer_message t " \
  "                 JOIN rma ON rma.id = t.rma_id " \
  "                 WHERE (t.state IN ('failed', 'uncertain') OR (t.state = 'queued' AND t.attempts >= " \
  G_STRINGIFY (RETOUR_MESSAGE_TROUBLE_ATTEMPTS) ")) AND t.rma_id < ?2 AND rma." OPEN_STATUS " " \
  "                 AND " NOT_LEGAL_REFUND_DUE " ORDER BY t.rma_id DESC LIMIT ?4) AS messages" \
  "  UNION ALL SELECT * FROM (SELECT t.rma_id, 9 FROM carrier_label t JOIN rma ON rma.id = t.rma_id " \
  "                 WHERE t.state IN ('bought', 'entered') AND t.tracking_state = 'exception' " \
  "                 AND t.rma_id < ?2 AND rma." OPEN_STATUS " AND " NOT_LEGAL_REFUND_DUE " " \
  "                 AND NOT " MESSAGE_TROUBLE ("t.rma_id") " ORDER BY t.rma_id DESC LIMIT ?4) AS parcels" \
  ") AS actions " \
  "UNION ALL SELECT r.id, CASE WHEN r.refund_due_us < ?5 THEN 7 ELSE 6 END, 1 FROM rma r " \
  "WHERE ?2 = 9223372036854775807 AND " LEGAL_REFUND_DUE ("r") " "

/* A summary whose action (column 9) goes to the GArray @user_data. */
static gpointer
summary_and_action_from_row (RetourStmt *stmt,
                             gpointer    user_data)
{
  GArray *actions = user_data;
  RetourAction action = retour_stmt_column_int (stmt, 9);
  RetourRmaSummary *row = rma_summary_from_row (stmt, NULL);

  g_array_append_val (actions, action);
  row->refund_due_us = retour_stmt_column_int64 (stmt, 10);
  row->country = retour_stmt_dup_text (stmt, 11);

  return row;
}

GPtrArray *
retour_search_rmas_needing_action (RetourDatabase  *db,
                                   const char      *text,
                                   gint64           now_us,
                                   gint64           before_id,
                                   guint            limit,
                                   GArray         **out_actions,
                                   GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_summary_free);
  g_autoptr(GArray) actions = g_array_new (FALSE, FALSE, sizeof (RetourAction));
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *pattern = NULL;
  gboolean like = FALSE;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  if (text != NULL && *text != '\0')
    {
      match = build_match (text, &pattern);
      if (match == NULL)
        goto done;
      if (retour_database_is_shared (db))
        {
          g_free (match);
          match = postgres_match (pattern, &like);
        }
    }

  if (match != NULL && retour_database_is_shared (db))
    stmt = retour_database_prepare (db,
                                    like ? RETOUR_PG_SEARCH_RMAS_NEEDING_ACTION_BY ("LIKE", ACTION_CASE)
                                         : RETOUR_PG_SEARCH_RMAS_NEEDING_ACTION_BY ("~", ACTION_CASE),
                                    error);
  else if (match != NULL)
    stmt = retour_database_prepare (db,
                                    "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), "
                                    "o.number, r.created_us, "
                                    "(SELECT coalesce (sum (qty_requested), 0) FROM rma_line WHERE rma_id = r.id), "
                                    "r.refund_minor, r.currency, " ACTION_CASE " AS action, "
                                    "r.refund_due_us, coalesce (o.ship_country, c.country) "
                                    "FROM rma_fts f JOIN rma r ON r.id = f.rowid "
                                    "LEFT JOIN customer c ON c.id = r.customer_id "
                                    "LEFT JOIN \"order\" o ON o.id = r.order_id "
                                    "WHERE rma_fts MATCH ?1 AND f.rowid < ?2 AND action > 0 "
                                    "AND retour_holds_every_word (f.text, ?6) "
                                    "ORDER BY f.rowid DESC LIMIT ?4",
                                    error);
  else
    stmt = retour_database_prepare (db,
                                    "SELECT r.id, r.number, r.status, trim (c.first_name || ' ' || c.last_name), "
                                    "o.number, r.created_us, "
                                    "(SELECT coalesce (sum (qty_requested), 0) FROM rma_line WHERE rma_id = r.id), "
                                    "r.refund_minor, r.currency, a.action, "
                                    "r.refund_due_us, coalesce (o.ship_country, c.country) "
                                    "FROM (" ACTION_IDS ") a JOIN rma r ON r.id = a.id "
                                    "LEFT JOIN customer c ON c.id = r.customer_id "
                                    "LEFT JOIN \"order\" o ON o.id = r.order_id "
                                    "ORDER BY a.urgent DESC, "
                                    "CASE WHEN a.urgent = 1 THEN r.refund_due_us END, r.id DESC",
                                    error);
  if (stmt == NULL)
    return NULL;

  if (match != NULL)
    {
      retour_stmt_bind_static_text (stmt, 1, match);
      retour_stmt_bind_static_text (stmt, 6, pattern);
    }
  retour_stmt_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);
  retour_stmt_bind_int (stmt, 4, limit);
  retour_stmt_bind_int64 (stmt, 5, now_us);
  retour_stmt_bind_int64 (stmt, 7, now_us + RETOUR_LEGAL_REFUND_NOTICE_DAYS * G_TIME_SPAN_DAY);

  if (!retour_stmt_collect_into (stmt, rows, summary_and_action_from_row, actions, error))
    return NULL;

done:
  if (out_actions != NULL)
    *out_actions = g_steal_pointer (&actions);

  return g_steal_pointer (&rows);
}

guint64
retour_search_count_needing_action (RetourDatabase  *db,
                                    gint64           now_us,
                                    guint64          cap,
                                    GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), 0);

  stmt = retour_database_prepare (db,
                                  "SELECT count (*) FROM (SELECT 1 FROM rma r "
                                  "WHERE r.status IN ('requested', 'authorized', 'in_transit', 'received', "
                                  "'inspected', 'resolved') AND " ACTION_CASE " > 0 LIMIT ?1) AS needing",
                                  error);
  if (stmt == NULL)
    return 0;

  retour_stmt_bind_int64 (stmt, 1, (gint64) MIN (cap, (guint64) G_MAXINT64));
  retour_stmt_bind_int64 (stmt, 5, now_us);
  retour_stmt_bind_int64 (stmt, 7, now_us + RETOUR_LEGAL_REFUND_NOTICE_DAYS * G_TIME_SPAN_DAY);
  if (!retour_stmt_step (stmt, &has_row, error))
    return 0;

  return (guint64) retour_stmt_column_int64 (stmt, 0);
}

/* ---------------------------------------------------------------- orders */

G_DEFINE_BOXED_TYPE (RetourOrderSummary, retour_order_summary, retour_order_summary_copy, retour_order_summary_free)

RetourOrderSummary *
retour_order_summary_copy (const RetourOrderSummary *summary)
{
  RetourOrderSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->number = g_strdup (summary->number);
  copy->customer_name = g_strdup (summary->customer_name);
  copy->email = g_strdup (summary->email);
  copy->phone = g_strdup (summary->phone);

  return copy;
}

void
retour_order_summary_free (RetourOrderSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->number);
  g_free (summary->customer_name);
  g_free (summary->email);
  g_free (summary->phone);
  g_free (summary);
}

#define ORDER_COLUMNS \
  "SELECT o.id, o.number, trim (c.first_name || ' ' || c.last_name), c.email, c.phone, " \
  "o.ordered_us, o.delivered_us, o.total_minor, o.currency, " \
  "(SELECT count (*) FROM order_line WHERE order_id = o.id AND gone_upstream = 0), " \
  "CASE WHEN o.cancelled_us IS NOT NULL OR o.deleted_upstream <> 0 THEN 1 ELSE 0 END " \
  "FROM \"order\" o LEFT JOIN customer c ON c.id = o.customer_id "

static gboolean
read_orders (RetourStmt  *stmt,
             GPtrArray   *orders,
             GHashTable  *seen,
             guint        limit,
             GError     **error)
{
  gboolean has_row;
  gboolean ok = TRUE;

  while (orders->len < limit && (ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 id = retour_stmt_column_int64 (stmt, 0);
      RetourOrderSummary *order;

      if (g_hash_table_contains (seen, &id))
        continue;

      order = g_new0 (RetourOrderSummary, 1);
      order->id = id;
      order->number = retour_stmt_dup_text (stmt, 1);
      order->customer_name = retour_stmt_dup_text (stmt, 2);
      order->email = retour_stmt_dup_text (stmt, 3);
      order->phone = retour_stmt_dup_text (stmt, 4);
      order->ordered_us = retour_stmt_column_int64 (stmt, 5);
      order->delivered_us = retour_stmt_column_int64 (stmt, 6);
      order->total = retour_money_init (retour_stmt_column_int64 (stmt, 7),
                                        retour_stmt_column_text (stmt, 8));
      order->n_lines = retour_stmt_column_int (stmt, 9);
      order->cancelled = retour_stmt_column_int (stmt, 10) != 0;
      g_ptr_array_add (orders, order);
      g_hash_table_add (seen, &order->id);
    }

  return ok;
}

GPtrArray *
retour_search_orders (RetourDatabase  *db,
                      const char      *text,
                      guint            limit,
                      GError         **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_order_summary_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(RetourStmt) exact = NULL;
  g_autoptr(RetourStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *match = NULL;
  g_autofree char *pattern = NULL;
  gboolean like = FALSE;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), NULL);

  if (text == NULL)
    return g_steal_pointer (&orders);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return g_steal_pointer (&orders);

  /* The order number, as the customer reads it: "1042" or "#1042". */
  exact = retour_database_prepare (db,
                                   ORDER_COLUMNS "WHERE o.number = ?1 OR o.number = '#' || ?1 "
                                   "OR '#' || o.number = ?1 ORDER BY o.id DESC LIMIT ?2",
                                   error);
  if (exact == NULL)
    return NULL;
  retour_stmt_bind_static_text (exact, 1, trimmed);
  retour_stmt_bind_int (exact, 2, limit);
  if (!read_orders (exact, orders, seen, limit, error))
    return NULL;

  match = build_match (trimmed, &pattern);
  if (match == NULL || orders->len >= limit)
    return g_steal_pointer (&orders);

  if (retour_database_is_shared (db))
    {
      g_free (match);
      match = postgres_match (pattern, &like);
      stmt = retour_database_prepare (db, like ? RETOUR_PG_SEARCH_ORDERS_LIKE : RETOUR_PG_SEARCH_ORDERS, error);
    }
  else
    stmt = retour_database_prepare (db,
                                  "SELECT o.id, o.number, trim (c.first_name || ' ' || c.last_name), c.email, "
                                  "c.phone, o.ordered_us, o.delivered_us, o.total_minor, o.currency, "
                                  "(SELECT count (*) FROM order_line WHERE order_id = o.id AND gone_upstream = 0), "
                                  "o.cancelled_us IS NOT NULL OR o.deleted_upstream "
                                  "FROM order_fts f JOIN \"order\" o ON o.id = f.rowid "
                                  "LEFT JOIN customer c ON c.id = o.customer_id "
                                  "WHERE order_fts MATCH ?1 AND retour_holds_every_word (f.text, ?3) "
                                  "ORDER BY f.rowid DESC LIMIT ?2",
                                  error);
  if (stmt == NULL)
    return NULL;
  retour_stmt_bind_static_text (stmt, 1, match);
  retour_stmt_bind_int (stmt, 2, limit + orders->len);
  retour_stmt_bind_static_text (stmt, 3, pattern);
  if (!read_orders (stmt, orders, seen, limit, error))
    return NULL;

  return g_steal_pointer (&orders);
}

/* ------------------------------------------------- counting off the main thread */

typedef struct
{
  char    *path;
  gint64   now_us;
  guint64  cap;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_free (job->path);
  g_free (job);
}

static void
count_needing_action_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  CountJob *job = task_data;
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *count = NULL;
  gint64 begin_us;

  db = retour_database_open_full (job->path, RETOUR_DATABASE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  begin_us = g_get_monotonic_time ();
  count = g_new0 (guint64, 1);
  *count = retour_search_count_needing_action (db, job->now_us, job->cap, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("Counted the returns that need action in %.1f ms",
           (g_get_monotonic_time () - begin_us) / 1000.0);

  g_task_return_pointer (task, g_steal_pointer (&count), g_free);
}

void
retour_search_count_needing_action_async (const char          *path,
                                          gint64               now_us,
                                          guint64              cap,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (CountJob, 1);
  job->path = g_strdup (path);
  job->now_us = now_us;
  job->cap = cap;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_search_count_needing_action_async);
  g_task_set_task_data (task, job, count_job_free);
  g_task_run_in_thread (task, count_needing_action_thread);
}

gboolean
retour_search_count_needing_action_finish (GAsyncResult  *result,
                                           guint64       *count,
                                           GError       **error)
{
  g_autofree guint64 *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        retour_search_count_needing_action_async, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  *count = *found;

  return TRUE;
}
