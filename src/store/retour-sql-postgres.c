/* retour-sql-postgres.c — the shared backend: a PostgreSQL server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection is a PGconn, a statement a server-side prepared statement
 * with its parameters kept here as text (blobs as binary) until the first
 * step runs it. Results are read whole: a page of the store is at most a
 * few hundred rows, and a statement that holds no half-read result on the
 * connection leaves it free for the next one, which the stores use while
 * they walk rows.
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "retour-database.h"
#include "retour-sql-postgres.h"

/* Type OIDs from the server's catalog (pg_type_d.h, not in libpq-dev). */
#define PG_BOOL_OID  16
#define PG_BYTEA_OID 17
#define PG_TEXT_OID  25

#define MIN_SERVER_VERSION 150000
#define DEFAULT_CONNECT_TIMEOUT "5"

struct _RetourPgConn
{
  /* The statements the store caches hold a reference each, so a handle
   * finalized after the connection closed still finds its connection. */
  grefcount  ref_count;
  PGconn    *pg;            /* NULL once closed */
  gint64     changes;
  guint64    next_statement;
  guint64    notifications;  /* other connections' commits heard of */
};

typedef struct
{
  RetourPgConn  *conn;
  char          *name;
  int            n_params;
  const char   **values;    /* NULL binds NULL */
  char         **owned;     /* the copies values point to, if any */
  int           *lengths;
  int           *formats;   /* 1 (binary) for blobs */
  PGresult      *result;    /* once the statement has run */
  int            row;
  GPtrArray     *blobs;     /* decoded bytea of the current row */
} PgStmt;

static RetourPgConn *
conn_ref (RetourPgConn *conn)
{
  g_ref_count_inc (&conn->ref_count);
  return conn;
}

static void
conn_unref (RetourPgConn *conn)
{
  if (g_ref_count_dec (&conn->ref_count))
    {
      g_clear_pointer (&conn->pg, PQfinish);
      g_free (conn);
    }
}

/* Renumbering */

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$' || (guchar) c >= 0x80;
}

/* Copies a quoted run from *p (at its opening @quote) to its closing
 * quote; a doubled quote stays inside, and so does a backslash-escaped
 * one in an E'' string. An unterminated run takes the rest. */
static const char *
copy_quoted (GString    *out,
             const char *p,
             char        quote,
             gboolean    backslash_escapes)
{
  g_string_append_c (out, *p++);

  while (*p != '\0')
    {
      if (backslash_escapes && *p == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p += 2;
          continue;
        }

      g_string_append_c (out, *p);
      if (*p++ == quote)
        {
          if (*p != quote)
            return p;
          g_string_append_c (out, *p++);
        }
    }

  return p;
}

/* PostgreSQL's block comments nest. */
static const char *
copy_block_comment (GString    *out,
                    const char *p)
{
  int depth = 0;

  while (*p != '\0')
    {
      if (p[0] == '/' && p[1] == '*')
        {
          depth++;
          g_string_append_len (out, p, 2);
          p += 2;
        }
      else if (p[0] == '*' && p[1] == '/')
        {
          g_string_append_len (out, p, 2);
          p += 2;
          if (--depth == 0)
            return p;
        }
      else
        {
          g_string_append_c (out, *p++);
        }
    }

  return p;
}

/* $$…$$ or $tag$…$tag$, as in function bodies; returns NULL when @p does
 * not open one. */
static const char *
copy_dollar_quoted (GString    *out,
                    const char *p)
{
  const char *tag_end = p + 1;
  const char *close;
  gsize tag_len;
  g_autofree char *tag = NULL;

  if (g_ascii_isdigit (*tag_end))
    return NULL;
  while (g_ascii_isalnum (*tag_end) || *tag_end == '_' || (guchar) *tag_end >= 0x80)
    tag_end++;
  if (*tag_end != '$')
    return NULL;

  tag_len = tag_end + 1 - p;
  tag = g_strndup (p, tag_len);
  close = strstr (p + tag_len, tag);
  if (close == NULL)
    {
      g_string_append (out, p);
      return p + strlen (p);
    }

  g_string_append_len (out, p, close + tag_len - p);
  return close + tag_len;
}

/* @n_params is the highest parameter number, which is how many the
 * statement takes. A bare ? is one more than the highest so far, as in
 * SQLite. */
static char *
renumber (const char *sql,
          int        *n_params,
          GArray     *used)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  const char *p = sql;
  const char *end;
  int highest = 0;

  while (*p != '\0')
    {
      if (*p == '\'')
        {
          p = copy_quoted (out, p, '\'', FALSE);
        }
      else if (*p == '"')
        {
          p = copy_quoted (out, p, '"', FALSE);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          end = strchr (p, '\n');
          end = end != NULL ? end : p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          p = copy_block_comment (out, p);
        }
      else if (*p == '$' && (end = copy_dollar_quoted (out, p)) != NULL)
        {
          p = end;
        }
      else if (*p == '?')
        {
          int number = 0;

          p++;
          if (g_ascii_isdigit (*p))
            {
              for (; g_ascii_isdigit (*p); p++)
                number = MIN (number * 10 + (*p - '0'), 100000);
            }
          else
            {
              number = highest + 1;
            }

          highest = MAX (highest, number);
          g_string_append_printf (out, "$%d", number);
          if (used != NULL)
            g_array_append_val (used, number);
        }
      else if (is_ident_char (*p))
        {
          const char *start = p;

          while (is_ident_char (*p))
            p++;
          g_string_append_len (out, start, p - start);

          /* E'…' takes backslash escapes; B'…', X'…' and U&'…' are plain
           * quoted strings and take the branch above. */
          if (p - start == 1 && (*start == 'E' || *start == 'e') && *p == '\'')
            p = copy_quoted (out, p, '\'', TRUE);
        }
      else
        {
          g_string_append_c (out, *p++);
        }
    }

  if (n_params != NULL)
    *n_params = highest;

  return g_string_free (out, FALSE);
}

char *
retour_pg_renumber (const char *sql)
{
  g_return_val_if_fail (sql != NULL, NULL);

  return renumber (sql, NULL, NULL);
}

/* Errors */

/* The server's words on one line, for support: libpq's messages run over
 * several, with DETAIL, HINT and LOCATION lines that only repeat what the
 * first says or point into the server's sources. */
static char *
one_line (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message != NULL ? message : "", "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *colon = strstr (line, ":  ");
      gboolean continued = line[0] == '\t' || line[0] == ' ';

      /* "LABEL:  text" (one word, two spaces): a field of the error. */
      if (!continued && colon != NULL && colon > line && memchr (line, ' ', colon - line) == NULL)
        continue;

      line = g_strstrip (lines[i]);
      if (*line == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      /* libpq sets the severity off with two spaces ("FATAL:  …"). */
      for (const char *c = line; *c != '\0'; c++)
        if (!g_ascii_isspace (*c) || !g_ascii_isspace (c[1]))
          g_string_append_c (out, g_ascii_isspace (*c) ? ' ' : *c);
    }

  return g_string_free (out, FALSE);
}

/* A connection that failed has no PGresult to ask; with the verbosity
 * set to VERBOSE while connecting, libpq writes the SQLSTATE after the
 * severity ("…failed: FATAL:  28P01: password authentication…"). The
 * last attempt's counts, when several hosts were tried. */
static gboolean
find_sqlstate (const char *message,
               char        sqlstate[6])
{
  gboolean found = FALSE;

  for (const char *p = message; p != NULL && *p != '\0'; p++)
    {
      gboolean code = p[0] == ' ' && p[1] == ' ';

      for (int i = 0; code && i < 5; i++)
        code = g_ascii_isdigit (p[2 + i]) || g_ascii_isupper (p[2 + i]);
      if (code && p[7] == ':' && p[8] == ' ')
        {
          memcpy (sqlstate, p + 2, 5);
          sqlstate[5] = '\0';
          found = TRUE;
        }
    }

  return found;
}

static RetourStoreError
code_for_sqlstate (const char  *sqlstate,
                   const char **message)
{
  if (g_str_has_prefix (sqlstate, "23"))
    {
      *message = _("The change conflicts with data already saved, so it was not made.");
      return RETOUR_STORE_ERROR_CONSTRAINT;
    }

  if (g_str_equal (sqlstate, "40001") ||
      g_str_equal (sqlstate, "40P01") ||
      g_str_equal (sqlstate, "55P03"))
    {
      *message = _("This was changed at the same moment at another desk; try again.");
      return RETOUR_STORE_ERROR_BUSY;
    }

  if (g_str_equal (sqlstate, "42501"))
    {
      *message = _("Your operator role may not do this.");
      return RETOUR_STORE_ERROR_DENIED;
    }

  if (g_str_equal (sqlstate, "28P01") || g_str_equal (sqlstate, "28000"))
    {
      *message = _("The shared database refused this operator name and password. Check them and sign in again.");
      return RETOUR_STORE_ERROR_DENIED;
    }

  if (g_str_has_prefix (sqlstate, "08") ||
      g_str_equal (sqlstate, "57P01") ||  /* admin_shutdown, pg_terminate_backend */
      g_str_equal (sqlstate, "57P02") ||  /* crash_shutdown */
      g_str_equal (sqlstate, "57P03"))    /* cannot_connect_now: starting up */
    {
      *message = _("The shared database cannot be reached. Your changes are kept; try again when the connection is back.");
      return RETOUR_STORE_ERROR_OFFLINE;
    }

  if (g_str_equal (sqlstate, "3D000"))
    {
      *message = _("The shared database does not exist on the server. Check its name in the connection settings.");
      return RETOUR_STORE_ERROR_NOT_FOUND;
    }

  if (g_str_equal (sqlstate, "53100"))
    {
      *message = _("The disk of the database server is full. Ask whoever runs the server to free some space.");
      return RETOUR_STORE_ERROR_FULL;
    }

  if (g_str_equal (sqlstate, "25006"))
    {
      *message = _("The shared database is read-only, so nothing can be saved.");
      return RETOUR_STORE_ERROR_READ_ONLY;
    }

  if (g_str_equal (sqlstate, "22001") || g_str_equal (sqlstate, "22003"))
    {
      *message = _("A value is too large to be saved.");
      return RETOUR_STORE_ERROR_INVALID;
    }

  *message = _("The database reported an error.");
  return RETOUR_STORE_ERROR_FAILED;
}

gboolean
retour_pg_set_error (GError         **error,
                     RetourPgConn    *conn,
                     const PGresult  *result)
{
  PGconn *pg = conn != NULL ? conn->pg : NULL;
  g_autofree char *detail = NULL;
  const char *message = NULL;
  char sqlstate[6] = "";
  RetourStoreError code;

  if (result != NULL)
    {
      const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
      const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);

      if (state != NULL)
        g_strlcpy (sqlstate, state, sizeof sqlstate);
      detail = one_line (primary != NULL ? primary : PQresultErrorMessage (result));
    }
  else if (pg != NULL)
    {
      g_autoptr(GString) words = g_string_new (PQerrorMessage (pg));

      /* The code was asked for to be read here, not to be shown. */
      if (find_sqlstate (words->str, sqlstate))
        {
          g_autofree char *tag = g_strdup_printf (" %s:", sqlstate);

          g_string_replace (words, tag, "", 0);
        }
      detail = one_line (words->str);
    }

  if ((detail == NULL || *detail == '\0') && pg != NULL)
    {
      g_free (detail);
      detail = one_line (PQerrorMessage (pg));
    }
  if (detail == NULL || *detail == '\0')
    {
      g_free (detail);
      detail = g_strdup ("no connection");
    }

  code = code_for_sqlstate (sqlstate, &message);

  /* A connection that is gone cannot do anything else, whatever its last
   * statement said; only a refusal at the door says more. */
  if ((pg == NULL || PQstatus (pg) == CONNECTION_BAD) &&
      code != RETOUR_STORE_ERROR_DENIED && code != RETOUR_STORE_ERROR_NOT_FOUND)
    {
      if (pg != NULL && PQconnectionNeedsPassword (pg))
        {
          code = RETOUR_STORE_ERROR_DENIED;
          message = _("The shared database asks for a password, and none was given. Sign in again.");
        }
      else
        {
          code_for_sqlstate ("08000", &message);
          code = RETOUR_STORE_ERROR_OFFLINE;
        }
    }

  /* The server's own words are for support. */
  g_set_error (error, RETOUR_STORE_ERROR, code, "%s (%s)", message, detail);

  return FALSE;
}

/* Connections */

static void
notice_to_debug (void       *user_data,
                 const char *message)
{
  g_autofree char *line = one_line (message);

  g_debug ("PostgreSQL: %s", line);
}

/* The connect_timeout libpq settled on, from the conninfo or ours. */
static int
connect_timeout_seconds (PGconn *pg)
{
  PQconninfoOption *options = PQconninfo (pg);
  int seconds = 0;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "connect_timeout") && o->val != NULL)
      seconds = (int) g_ascii_strtoll (o->val, NULL, 10);

  PQconninfoFree (options);

  return seconds;
}

/* PQconnectdbParams(), but with the verbosity raised before the server
 * answers, so a refusal carries its SQLSTATE. The timeout is for the
 * whole attempt, across every host the conninfo names. */
static gboolean
connect_poll (PGconn *pg)
{
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  int timeout = connect_timeout_seconds (pg);
  gint64 deadline = timeout > 0 ? g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC : -1;

  if (PQstatus (pg) == CONNECTION_BAD)
    return FALSE;

  while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
    {
      GPollFD fd = {
        .fd = PQsocket (pg),
        .events = status == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT,
      };
      int wait_ms = -1;

      if (deadline >= 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            return FALSE;
          wait_ms = (int) MAX (1, left / 1000);
        }

      if (g_poll (&fd, 1, wait_ms) == 0)
        continue;

      status = PQconnectPoll (pg);
    }

  return status == PGRES_POLLING_OK;
}

RetourPgConn *
retour_pg_conn_open (const char  *conninfo,
                     const char  *password,
                     GError     **error)
{
  /* Values before dbname are defaults the conninfo may override; those
   * after it are ours, whatever the conninfo says. */
  const char *keys[6] = { "application_name", "connect_timeout", "dbname", "client_encoding" };
  const char *values[6] = { "Retour", DEFAULT_CONNECT_TIMEOUT, conninfo, "UTF8" };
  RetourPgConn *conn;
  PGresult *result;
  int n = 4;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (password != NULL)
    {
      keys[n] = "password";
      values[n] = password;
      n++;
    }
  keys[n] = NULL;
  values[n] = NULL;

  conn = g_new0 (RetourPgConn, 1);
  g_ref_count_init (&conn->ref_count);

  conn->pg = PQconnectStartParams (keys, values, TRUE);
  if (conn->pg == NULL)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                           _("The database reported an error."));
      g_free (conn);
      return NULL;
    }

  PQsetErrorVerbosity (conn->pg, PQERRORS_VERBOSE);
  PQsetNoticeProcessor (conn->pg, notice_to_debug, NULL);

  if (!connect_poll (conn->pg))
    {
      if (PQstatus (conn->pg) != CONNECTION_BAD)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE, "%s (%s)",
                       _("The shared database cannot be reached. Your changes are kept; try again when the connection is back."),
                       "timeout expired");
        }
      else
        {
          retour_pg_set_error (error, conn, NULL);
        }
      retour_pg_conn_close (conn);
      return NULL;
    }

  PQsetErrorVerbosity (conn->pg, PQERRORS_DEFAULT);

  if (PQserverVersion (conn->pg) < MIN_SERVER_VERSION)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CANT_OPEN,
                   _("The database server runs PostgreSQL %s; Retour needs PostgreSQL 15 or newer."),
                   PQparameterStatus (conn->pg, "server_version"));
      retour_pg_conn_close (conn);
      return NULL;
    }

  /* The same behaviour whatever the server's or the role's defaults:
   * times in UTC, backslashes in '' strings as plain characters (the
   * store's SQL is written for SQLite, where they are), and no notices
   * about IF NOT EXISTS. */
  result = PQexec (conn->pg,
                   "SET TIME ZONE 'UTC';"
                   "SET standard_conforming_strings = on;"
                   "SET client_min_messages = warning");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      retour_pg_set_error (error, conn, result);
      PQclear (result);
      retour_pg_conn_close (conn);
      return NULL;
    }
  PQclear (result);

  return conn;
}

void
retour_pg_conn_close (RetourPgConn *conn)
{
  if (conn == NULL)
    return;

  g_clear_pointer (&conn->pg, PQfinish);
  conn_unref (conn);
}

PGconn *
retour_pg_conn_get_handle (RetourPgConn *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);

  return conn->pg;
}

gboolean
retour_pg_conn_is_alive (RetourPgConn *conn)
{
  g_return_val_if_fail (conn != NULL, FALSE);

  if (conn->pg == NULL || PQstatus (conn->pg) != CONNECTION_OK)
    return FALSE;

  /* A server that closed an idle connection has said so already: reading
   * what is waiting (the socket never blocks) finds the end of it. The
   * first read may only take the server's farewell message. */
  if (PQtransactionStatus (conn->pg) != PQTRANS_ACTIVE)
    {
      for (int i = 0; i < 2 && PQstatus (conn->pg) == CONNECTION_OK; i++)
        if (!PQconsumeInput (conn->pg))
          break;
    }

  return PQstatus (conn->pg) == CONNECTION_OK;
}

/* What an INSERT, UPDATE, DELETE or MERGE changed; other statements leave
 * the count as it was, as in SQLite. */
static void
record_changes (RetourPgConn   *conn,
                const PGresult *result)
{
  const char *status = PQcmdStatus ((PGresult *) result);

  if (g_str_has_prefix (status, "INSERT ") ||
      g_str_has_prefix (status, "UPDATE ") ||
      g_str_has_prefix (status, "DELETE ") ||
      g_str_has_prefix (status, "MERGE "))
    conn->changes = g_ascii_strtoll (PQcmdTuples ((PGresult *) result), NULL, 10);
}

/* The backend */

static gpointer
pg_prepare (gpointer     data,
            const char  *sql,
            GError     **error)
{
  RetourPgConn *conn = data;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree Oid *types = NULL;
  g_autoptr(GArray) used = NULL;
  PgStmt *stmt;
  PGresult *result;
  int n_params;

  if (conn->pg == NULL)
    {
      retour_pg_set_error (error, conn, NULL);
      return NULL;
    }

  used = g_array_new (FALSE, FALSE, sizeof (int));
  text = renumber (sql, &n_params, used);
  name = g_strdup_printf ("retour_%" G_GUINT64_FORMAT, conn->next_statement++);

  /* Without types: the server infers each parameter's from its use, and
   * reads our text (or binary bytea) as that type. A number the SQL
   * skips (an INSERT that binds ?2…?20 with the UPDATE's code, ?1 being
   * the id it does not need) has no use to infer from; SQLite takes
   * that in its stride, PostgreSQL wants a type, so it is text. */
  types = g_new0 (Oid, MAX (n_params, 1));
  for (int i = 0; i < n_params; i++)
    types[i] = PG_TEXT_OID;
  for (guint i = 0; i < used->len; i++)
    types[g_array_index (used, int, i) - 1] = 0;
  result = PQprepare (conn->pg, name, text, n_params, types);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      retour_pg_set_error (error, conn, result);
      PQclear (result);
      return NULL;
    }
  PQclear (result);

  stmt = g_new0 (PgStmt, 1);
  stmt->conn = conn_ref (conn);
  stmt->name = g_steal_pointer (&name);
  stmt->n_params = n_params;
  stmt->values = g_new0 (const char *, n_params);
  stmt->owned = g_new0 (char *, n_params);
  stmt->lengths = g_new0 (int, n_params);
  stmt->formats = g_new0 (int, n_params);
  stmt->row = -1;

  return stmt;
}

static void
clear_param (PgStmt *stmt,
             int     i)
{
  g_clear_pointer (&stmt->owned[i], g_free);
  stmt->values[i] = NULL;
  stmt->lengths[i] = 0;
  stmt->formats[i] = 0;
}

static void
clear_result (PgStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  g_clear_pointer (&stmt->blobs, g_ptr_array_unref);
  stmt->row = -1;
}

static void
pg_reset (gpointer handle)
{
  PgStmt *stmt = handle;

  clear_result (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    clear_param (stmt, i);
}

static void
pg_finalize (gpointer handle)
{
  PgStmt *stmt = handle;
  PGconn *pg = stmt->conn->pg;

  pg_reset (stmt);

  /* The server keeps a prepared statement until it is deallocated or the
   * session ends: a connection that is gone took it along, and one in a
   * failed transaction refuses every command, so it stays until then. */
  if (pg != NULL && PQstatus (pg) == CONNECTION_OK &&
      (PQtransactionStatus (pg) == PQTRANS_IDLE || PQtransactionStatus (pg) == PQTRANS_INTRANS))
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->name);

      PQclear (PQexec (pg, sql));
    }

  conn_unref (stmt->conn);
  g_free (stmt->name);
  g_free (stmt->values);
  g_free (stmt->owned);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt);
}

/* Parameters the SQL does not have are ignored, as SQLite does. */
static gboolean
param_index (PgStmt *stmt,
             int     index)
{
  return index >= 1 && index <= stmt->n_params;
}

static void
pg_bind_null (gpointer handle,
              int      index)
{
  PgStmt *stmt = handle;

  if (param_index (stmt, index))
    clear_param (stmt, index - 1);
}

static void
pg_bind_int64 (gpointer handle,
               int      index,
               gint64   value)
{
  PgStmt *stmt = handle;

  if (!param_index (stmt, index))
    return;

  clear_param (stmt, index - 1);
  stmt->owned[index - 1] = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  stmt->values[index - 1] = stmt->owned[index - 1];
}

static void
pg_bind_text (gpointer    handle,
              int         index,
              const char *text,
              gboolean    copy)
{
  PgStmt *stmt = handle;

  if (!param_index (stmt, index))
    return;

  clear_param (stmt, index - 1);
  if (copy)
    {
      stmt->owned[index - 1] = g_strdup (text);
      stmt->values[index - 1] = stmt->owned[index - 1];
    }
  else
    {
      stmt->values[index - 1] = text;
    }
}

static void
pg_bind_blob (gpointer      handle,
              int           index,
              gconstpointer data,
              gsize         size)
{
  PgStmt *stmt = handle;

  if (!param_index (stmt, index))
    return;

  /* Binary: the bytes as they are, with no escaping. The caller keeps
   * them alive until the statement is released. A zero-length blob is a
   * blob, not a NULL, so it needs an address. */
  clear_param (stmt, index - 1);
  stmt->values[index - 1] = data != NULL ? data : "";
  stmt->lengths[index - 1] = (int) MIN (size, (gsize) G_MAXINT);
  stmt->formats[index - 1] = 1;
}

static RetourSqlStep
pg_step (gpointer   handle,
         GError   **error)
{
  PgStmt *stmt = handle;
  PGconn *pg = stmt->conn->pg;

  g_clear_pointer (&stmt->blobs, g_ptr_array_unref);

  if (stmt->result == NULL)
    {
      PGresult *result;

      if (pg == NULL)
        {
          retour_pg_set_error (error, stmt->conn, NULL);
          return RETOUR_SQL_STEP_ERROR;
        }

      result = PQexecPrepared (pg, stmt->name, stmt->n_params,
                               stmt->values, stmt->lengths, stmt->formats, 0);
      switch (PQresultStatus (result))
        {
        case PGRES_TUPLES_OK:
        case PGRES_COMMAND_OK:
          record_changes (stmt->conn, result);
          stmt->result = result;
          break;

        default:
          retour_pg_set_error (error, stmt->conn, result);
          PQclear (result);
          return RETOUR_SQL_STEP_ERROR;
        }
    }

  if (stmt->row < PQntuples (stmt->result))
    stmt->row++;

  return stmt->row < PQntuples (stmt->result) ? RETOUR_SQL_STEP_ROW : RETOUR_SQL_STEP_DONE;
}

/* Whether @column of the current row can be read. */
static gboolean
has_value (PgStmt *stmt,
           int     column)
{
  return stmt->result != NULL &&
         stmt->row >= 0 && stmt->row < PQntuples (stmt->result) &&
         column >= 0 && column < PQnfields (stmt->result) &&
         !PQgetisnull (stmt->result, stmt->row, column);
}

static gboolean
pg_column_is_null (gpointer handle,
                   int      column)
{
  return !has_value (handle, column);
}

static gint64
pg_column_int64 (gpointer handle,
                 int      column)
{
  PgStmt *stmt = handle;
  const char *value;

  if (!has_value (stmt, column))
    return 0;

  value = PQgetvalue (stmt->result, stmt->row, column);
  if (PQftype (stmt->result, column) == PG_BOOL_OID)
    return value[0] == 't' ? 1 : 0;

  return g_ascii_strtoll (value, NULL, 10);
}

static const char *
pg_column_text (gpointer handle,
                int      column)
{
  PgStmt *stmt = handle;

  if (!has_value (stmt, column))
    return NULL;

  return PQgetvalue (stmt->result, stmt->row, column);
}

static gconstpointer
pg_column_blob (gpointer  handle,
                int       column,
                gsize    *size)
{
  PgStmt *stmt = handle;
  const char *value;
  guchar *data;
  size_t length = 0;

  *size = 0;
  if (!has_value (stmt, column))
    return NULL;

  value = PQgetvalue (stmt->result, stmt->row, column);
  if (PQftype (stmt->result, column) != PG_BYTEA_OID)
    {
      /* Text read as a blob is its bytes, as in SQLite. */
      *size = (gsize) PQgetlength (stmt->result, stmt->row, column);
      return value;
    }

  /* Text results give bytea as "\x…" hex; the decoded copy lives until
   * the next step or reset. */
  data = PQunescapeBytea ((const guchar *) value, &length);
  if (data == NULL)
    return NULL;

  if (stmt->blobs == NULL)
    stmt->blobs = g_ptr_array_new_with_free_func (PQfreemem);
  g_ptr_array_add (stmt->blobs, data);

  *size = length;
  return data;
}

static gboolean
is_commit (const char *sql)
{
  while (g_ascii_isspace (*sql))
    sql++;

  return g_ascii_strncasecmp (sql, "COMMIT", 6) == 0 || g_ascii_strncasecmp (sql, "END", 3) == 0;
}

static gboolean
pg_exec (gpointer     data,
         const char  *sql,
         GError     **error)
{
  RetourPgConn *conn = data;
  PGresult *result;

  if (conn->pg == NULL)
    return retour_pg_set_error (error, conn, NULL);

  result = PQexec (conn->pg, sql);
  switch (PQresultStatus (result))
    {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      break;

    default:
      retour_pg_set_error (error, conn, result);
      PQclear (result);
      return FALSE;
    }

  /* COMMIT of a transaction in which a statement failed rolls it back
   * and still succeeds; the caller must not take it for saved. */
  if (is_commit (sql) && g_str_equal (PQcmdStatus (result), "ROLLBACK"))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED, "%s (%s)",
                   _("Nothing was saved: a step of the change failed, so all of it was undone."),
                   "COMMIT of a failed transaction");
      PQclear (result);
      return FALSE;
    }

  record_changes (conn, result);
  PQclear (result);

  return TRUE;
}

static gint64
pg_changes (gpointer data)
{
  RetourPgConn *conn = data;

  return conn->changes;
}

static gboolean
pg_in_transaction (gpointer data)
{
  RetourPgConn *conn = data;

  if (conn->pg == NULL)
    return FALSE;

  /* A failed transaction still has to be ended with ROLLBACK; a
   * connection that is gone (UNKNOWN) took its transaction along. */
  switch (PQtransactionStatus (conn->pg))
    {
    case PQTRANS_ACTIVE:
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR:
      return TRUE;

    case PQTRANS_IDLE:
    case PQTRANS_UNKNOWN:
    default:
      return FALSE;
    }
}

/* Every commit that changes a shop's data notifies "retour_changed"
 * (triggers in the schema); what other connections committed shows here
 * as soon as the server's message has arrived, with no query. */
static guint64
pg_data_version (gpointer data)
{
  RetourPgConn *conn = data;
  PGnotify *notify;
  int self_pid;

  if (conn->pg == NULL)
    return conn->notifications;

  /* A connection that broke reads as unchanged; the next statement says
   * it is offline. */
  if (!PQconsumeInput (conn->pg))
    return conn->notifications;

  self_pid = PQbackendPID (conn->pg);
  while ((notify = PQnotifies (conn->pg)) != NULL)
    {
      if (notify->be_pid != self_pid)
        conn->notifications++;
      PQfreemem (notify);
    }

  return conn->notifications;
}

static int
pg_watch_fd (gpointer data)
{
  RetourPgConn *conn = data;

  return conn->pg != NULL ? PQsocket (conn->pg) : -1;
}

const RetourSqlBackend retour_sql_postgres = {
  .name = "postgres",
  .migrations = "/io/github/retour/Retour/store/migrations-pg",
  .set_version = "UPDATE retour_schema SET version = ",
  /* READ COMMITTED, named so that a server or role default does not
   * change it: the desk's writes are short, and a return edited at two
   * desks is caught by its row version (optimistic locking), not by
   * SERIALIZABLE's retries, which every caller would have to loop on. */
  .begin_sql = "BEGIN ISOLATION LEVEL READ COMMITTED",
  .prepare = pg_prepare,
  .finalize = pg_finalize,
  .reset = pg_reset,
  .bind_null = pg_bind_null,
  .bind_int64 = pg_bind_int64,
  .bind_text = pg_bind_text,
  .bind_blob = pg_bind_blob,
  .step = pg_step,
  .column_is_null = pg_column_is_null,
  .column_int64 = pg_column_int64,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .exec = pg_exec,
  .changes = pg_changes,
  .in_transaction = pg_in_transaction,
  .data_version = pg_data_version,
  .watch_fd = pg_watch_fd,
};
