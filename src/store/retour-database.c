/* retour-database.c — opening, migrating, transactions and errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/statvfs.h>

#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-sql-backend.h"
#include "retour-store-resources.h"


/* How long a write waits for another program's transaction to finish
 * before it gives up with RETOUR_STORE_ERROR_BUSY. */
#define BUSY_TIMEOUT_MS 3000

struct _RetourDatabase
{
  GObject     parent_instance;

  const RetourSqlBackend *backend;
  gpointer    conn;        /* the backend's connection */
  GDestroyNotify close_conn; /* for a backend other than SQLite */
  sqlite3    *handle;      /* the same, when the backend is SQLite */
  char       *path;        /* the file, or the server's connection string */
  GHashTable *statements;  /* SQL text (by address) -> RetourStmt* */
  guint       txn_depth;
  gboolean    batch;       /* nested transactions are part of the outer one */
  guint64     commits;     /* this connection's own, for the data version */
  RetourDatabaseOpenFlags flags;
};

enum {
  COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RetourDatabase, retour_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (retour-store-error-quark, retour_store_error)

static void
retour_database_finalize (GObject *object)
{
  RetourDatabase *self = RETOUR_DATABASE (object);

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  else if (self->conn != NULL && self->close_conn != NULL)
    self->close_conn (self->conn);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (retour_database_parent_class)->finalize (object);
}

static void
retour_database_class_init (RetourDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = retour_database_finalize;

  signals[COMMITTED] = g_signal_new ("committed",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
}

/* After the outermost commit: views refresh themselves from here. */
static void
committed (RetourDatabase *self)
{
  self->commits++;
  g_signal_emit (self, signals[COMMITTED], 0);
}

guint64
retour_database_get_data_version (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), 0);

  /* Other connections' commits, as the backend counts them, and this
   * connection's own, which it does not. */
  return (self->backend->data_version (self->conn) << 32) + self->commits;
}

int
retour_database_get_watch_fd (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), -1);

  if (self->backend->watch_fd == NULL)
    return -1;

  return self->backend->watch_fd (self->conn);
}

static void
finalize_statement (gpointer data)
{
  RetourStmt *stmt = data;

  stmt->backend->finalize (stmt->handle);
  g_free (stmt);
}

static void
retour_database_init (RetourDatabase *self)
{
  /* Keyed by the address of the SQL text: every statement is a string
   * literal, and hashing a pointer is much cheaper than hashing 500
   * characters of SQL on every call. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
}

gboolean
retour_store_set_error (GError  **error,
                        sqlite3  *handle,
                        int       rc)
{
  const char *detail = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);
  RetourStoreError code;
  const char *message;

  /* The messages say what went wrong, not what was lost: only the caller
   * knows whether this was the whole of what the person asked for, or one
   * page of a sync after others were saved. */
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = RETOUR_STORE_ERROR_BUSY;
      message = _("The database is in use by another program. Wait a moment and try again.");
      break;

    case SQLITE_READONLY:
      code = RETOUR_STORE_ERROR_READ_ONLY;
      message = _("The database is read-only, so nothing can be saved. Check the file’s permissions.");
      break;

    case SQLITE_FULL:
      code = RETOUR_STORE_ERROR_FULL;
      message = _("The disk is full. Free some space and try again.");
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = RETOUR_STORE_ERROR_CORRUPT;
      message = _("The database is damaged or is not a Retour database. Restore it from a backup.");
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      code = RETOUR_STORE_ERROR_CANT_OPEN;
      message = _("The database file cannot be opened. Check that its folder exists and that you may write to it.");
      break;

    case SQLITE_CONSTRAINT:
      code = RETOUR_STORE_ERROR_CONSTRAINT;
      message = _("The change conflicts with data already saved, so it was not made.");
      break;

    case SQLITE_IOERR:
      code = RETOUR_STORE_ERROR_FAILED;
      message = _("The disk could not be read or written.");
      break;

    case SQLITE_TOOBIG:
      code = RETOUR_STORE_ERROR_INVALID;
      message = _("A value is too large to be saved.");
      break;

    default:
      code = RETOUR_STORE_ERROR_FAILED;
      message = _("The database reported an error.");
      break;
    }

  /* SQLite's own words are for support; they are in English. */
  g_set_error (error, RETOUR_STORE_ERROR, code, "%s (%s)", message, detail);

  return FALSE;
}

sqlite3 *
retour_database_get_handle (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), NULL);

  return self->handle;
}

gint64
retour_database_changes (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), 0);

  return self->backend->changes (self->conn);
}

RetourStmt *
retour_database_prepare (RetourDatabase  *self,
                         const char      *sql,
                         GError         **error)
{
  RetourStmt *stmt;
  gpointer handle;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  handle = self->backend->prepare (self->conn, sql, error);
  if (handle == NULL)
    return NULL;

  stmt = g_new (RetourStmt, 1);
  stmt->backend = self->backend;
  stmt->handle = handle;
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);

  return stmt;
}

void
retour_stmt_release (RetourStmt *stmt)
{
  if (stmt == NULL)
    return;

  stmt->backend->reset (stmt->handle);
}

gboolean
retour_stmt_step (RetourStmt *stmt,
                  gboolean   *has_row,
                  GError    **error)
{
  RetourSqlStep step = stmt->backend->step (stmt->handle, error);

  *has_row = step == RETOUR_SQL_STEP_ROW;
  return step != RETOUR_SQL_STEP_ERROR;
}

gboolean
retour_stmt_step_row (RetourStmt  *stmt,
                      const char  *not_found,
                      GError     **error)
{
  gboolean has_row;

  if (!retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }

  return TRUE;
}

gboolean
retour_stmt_collect_into (RetourStmt     *stmt,
                          GPtrArray      *items,
                          RetourRowFunc   read_row,
                          gpointer        user_data,
                          GError        **error)
{
  gboolean has_row;
  gboolean ok;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gpointer item = read_row (stmt, user_data);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  return ok;
}

GPtrArray *
retour_stmt_collect (RetourStmt     *stmt,
                     RetourRowFunc   read_row,
                     gpointer        user_data,
                     GDestroyNotify  free_item,
                     GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_item);

  if (!retour_stmt_collect_into (stmt, items, read_row, user_data, error))
    return NULL;

  return g_steal_pointer (&items);
}

GArray *
retour_stmt_collect_ids (RetourStmt  *stmt,
                         GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean has_row;
  gboolean ok;

  while ((ok = retour_stmt_step (stmt, &has_row, error)) && has_row)
    {
      gint64 id = retour_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (!ok)
    return NULL;

  return g_steal_pointer (&ids);
}

gboolean
retour_stmt_run (RetourStmt *stmt,
                 GError    **error)
{
  return stmt->backend->step (stmt->handle, error) != RETOUR_SQL_STEP_ERROR;
}

gboolean
retour_database_exec (RetourDatabase  *self,
                      const char      *sql,
                      GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);

  return self->backend->exec (self->conn, sql, error);
}

char *
retour_stmt_dup_text (RetourStmt *stmt,
                      int         column)
{
  return g_strdup (retour_stmt_column_text (stmt, column));
}

void
retour_stmt_bind_id_or_null (RetourStmt *stmt,
                             int         index,
                             gint64      id)
{
  if (id > 0)
    retour_stmt_bind_int64 (stmt, index, id);
  else
    retour_stmt_bind_null (stmt, index);
}

void
retour_stmt_bind_time_or_null (RetourStmt *stmt,
                               int         index,
                               gint64      time_us)
{
  if (time_us != 0)
    retour_stmt_bind_int64 (stmt, index, time_us);
  else
    retour_stmt_bind_null (stmt, index);
}

void
retour_stmt_bind_enum (RetourStmt *stmt,
                       int         index,
                       GType       enum_type,
                       int         value)
{
  const char *nick = retour_enum_to_nick (enum_type, value);

  g_assert (nick != NULL);
  retour_stmt_bind_static_text (stmt, index, nick);
}

int
retour_stmt_get_enum (RetourStmt *stmt,
                      int         column,
                      GType       enum_type,
                      int         fallback)
{
  const char *nick = retour_stmt_column_text (stmt, column);
  int value;

  /* A nick this build does not know (a newer Retour wrote it) reads as the
   * fallback rather than failing the whole load. */
  if (nick == NULL || !retour_enum_from_nick (enum_type, nick, &value))
    return fallback;

  return value;
}

gboolean
retour_txn_begin (RetourTxn       *txn,
                  RetourDatabase  *db,
                  GError         **error)
{
  g_return_val_if_fail (txn != NULL, FALSE);
  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);

  txn->db = db;
  txn->outer = db->txn_depth == 0;
  txn->open = FALSE;

  /* Inside a batch, a failure anywhere rolls back the whole batch, so the
   * savepoints (and the page copies they cost) are not needed. */
  if (!txn->outer && db->batch)
    {
      txn->open = TRUE;
      db->txn_depth++;
      return TRUE;
    }

  if (!retour_database_exec (db, txn->outer ? db->backend->begin_sql : "SAVEPOINT retour_txn", error))
    return FALSE;

  txn->open = TRUE;
  db->txn_depth++;

  return TRUE;
}

gboolean
retour_txn_commit (RetourTxn  *txn,
                   GError    **error)
{
  g_return_val_if_fail (txn != NULL && txn->open, FALSE);

  if (!txn->outer && txn->db->batch)
    {
      txn->open = FALSE;
      txn->db->txn_depth--;
      return TRUE;
    }

  if ((txn->outer && !retour_search_flush (txn->db, error)) ||
      !retour_database_exec (txn->db, txn->outer ? "COMMIT" : "RELEASE retour_txn", error))
    {
      retour_txn_rollback (txn);
      return FALSE;
    }

  txn->open = FALSE;
  txn->db->txn_depth--;
  if (txn->outer)
    {
      txn->db->batch = FALSE;
      committed (txn->db);
    }

  return TRUE;
}

gboolean
retour_txn_begin_batch (RetourTxn       *txn,
                        RetourDatabase  *db,
                        GError         **error)
{
  g_return_val_if_fail (db->txn_depth == 0, FALSE);

  if (!retour_txn_begin (txn, db, error))
    return FALSE;

  db->batch = TRUE;
  return TRUE;
}

void
retour_txn_rollback (RetourTxn *txn)
{
  if (txn == NULL || !txn->open)
    return;

  /* A failed COMMIT (SQLITE_FULL, say) may already have ended the
   * transaction; then there is nothing left to roll back. */
  if (txn->outer)
    {
      if (txn->db->backend->in_transaction (txn->db->conn))
        txn->db->backend->exec (txn->db->conn, "ROLLBACK", NULL);
      txn->db->batch = FALSE;
    }
  else if (txn->db->batch)
    {
      /* The caller of the batch sees the error and rolls it all back. */
    }
  else
    {
      txn->db->backend->exec (txn->db->conn, "ROLLBACK TO retour_txn; RELEASE retour_txn", NULL);
    }

  txn->open = FALSE;
  txn->db->txn_depth--;
}

/* The public face of transactions, for callers outside the store that
 * group several store calls into one user action. The store's own calls
 * then run as savepoints inside it. */
gboolean
retour_database_begin (RetourDatabase  *self,
                       GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->txn_depth == 0, FALSE);

  if (!retour_database_exec (self, self->backend->begin_sql, error))
    return FALSE;

  self->txn_depth = 1;
  return TRUE;
}

gboolean
retour_database_commit (RetourDatabase  *self,
                        GError         **error)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->txn_depth == 1, FALSE);

  if (!retour_search_flush (self, error) ||
      !retour_database_exec (self, "COMMIT", error))
    {
      retour_database_rollback (self);
      return FALSE;
    }

  self->txn_depth = 0;
  committed (self);
  return TRUE;
}

void
retour_database_rollback (RetourDatabase *self)
{
  g_return_if_fail (RETOUR_IS_DATABASE (self));

  if (self->txn_depth == 0)
    return;

  if (self->backend->in_transaction (self->conn))
    self->backend->exec (self->conn, "ROLLBACK", NULL);
  self->txn_depth = 0;
}

gboolean
retour_database_in_transaction (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);

  return self->txn_depth > 0;
}

char *
retour_database_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "retour", "retour.db", NULL);
}

const char *
retour_database_get_path (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), NULL);

  return self->path;
}

static int
query_int (RetourDatabase  *self,
           const char      *sql,
           int              fallback,
           GError         **error)
{
  g_autoptr(RetourStmt) stmt = retour_database_prepare (self, sql, error);
  gboolean has_row;

  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return fallback;

  return has_row ? retour_stmt_column_int (stmt, 0) : fallback;
}

int
retour_database_get_schema_version (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), -1);

  if (self->handle == NULL)
    return retour_database_server_schema_version (self, NULL);

  return query_int (self, "PRAGMA user_version", -1, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Migrations are GResource files named NNNN-what.sql in @dir; NNNN is the
 * schema version the file brings the database to, the same on every
 * backend. */
static GPtrArray *
list_migrations (const char *dir)
{
  g_auto(GStrv) names = g_resources_enumerate_children (dir,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE,
                                                        NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (files, g_strdup (names[i]));

  g_ptr_array_sort (files, compare_names);

  return files;
}

int
retour_database_get_latest_schema_version (void)
{
  g_autoptr(GPtrArray) files = list_migrations (retour_sql_sqlite.migrations);

  if (files->len == 0)
    return 0;

  return (int) g_ascii_strtoll (g_ptr_array_index (files, files->len - 1), NULL, 10);
}

/* Not cached: a prepared PRAGMA that changes a setting keeps answering
 * from its first run. */
static char *
query_text (RetourDatabase *self,
            const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    text = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 0), -1);
  sqlite3_finalize (stmt);

  return text;
}

static gboolean
ensure_wal (RetourDatabase  *self,
            GError         **error)
{
  g_autofree char *mode = query_text (self, "PRAGMA journal_mode");

  if (mode == NULL)
    return retour_store_set_error (error, self->handle, sqlite3_errcode (self->handle));

  if (g_strcmp0 (mode, "wal") == 0)
    return TRUE;

  return retour_database_exec (self, "PRAGMA page_size = 8192", error) &&
         retour_database_exec (self, "PRAGMA journal_mode = WAL", error);
}

/* A schema this build does not know is refused, whoever opens it. */
static gboolean
check_not_too_new (int      current,
                   int      latest,
                   GError **error)
{
  if (current <= latest)
    return TRUE;

  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW,
               _("The database was written by a newer version of Retour (schema %d; this one knows up to %d). Update Retour to open it."),
               current, latest);
  return FALSE;
}

gboolean
retour_database_apply_migrations (RetourDatabase  *self,
                                  int              current,
                                  GError         **error)
{
  g_autoptr(GPtrArray) files = list_migrations (self->backend->migrations);

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      int version = (int) g_ascii_strtoll (name, NULL, 10);
      g_autofree char *path = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *set_version = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (version <= current)
        continue;

      path = g_build_path ("/", self->backend->migrations, name, NULL);
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      set_version = g_strdup_printf ("%s%d", self->backend->set_version, version);

      if (!retour_database_exec (self, sql, error) ||
          !retour_database_exec (self, set_version, error))
        {
          g_prefix_error (error, _("Could not update the database to version %d: "), version);
          return FALSE;
        }

      /* A server's location may hold a password: not for the log. */
      g_debug ("Migrated %s to schema version %d",
               self->handle != NULL ? self->path : "the shared database", version);
    }

  return TRUE;
}

/* Runs the migrations newer than the file's schema, then puts in the
 * defaults a shop needs, all in one BEGIN IMMEDIATE: the version is read
 * under the write lock, so two programs opening a new or old database at
 * the same moment cannot both migrate it. Nothing is written (and no lock
 * taken) when the database is already up to date. */
static gboolean
migrate (RetourDatabase  *self,
         GError         **error)
{
  g_auto(RetourTxn) txn = { 0 };
  int latest = retour_database_get_latest_schema_version ();
  int current;

  current = query_int (self, "PRAGMA user_version", -1, error);
  if (current < 0 || !check_not_too_new (current, latest, error))
    return FALSE;
  if (current == latest)
    {
      g_autoptr(GError) local_error = NULL;

      if (retour_policy_store_has_defaults (self, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!retour_txn_begin (&txn, self, error))
    return FALSE;

  current = query_int (self, "PRAGMA user_version", -1, error);
  if (current < 0 || !check_not_too_new (current, latest, error))
    return FALSE;

  if (!retour_database_apply_migrations (self, current, error))
    return FALSE;

  return retour_policy_store_ensure_defaults (self, error) &&
         retour_txn_commit (&txn, error);
}

/* Turns on WAL and migrates. While another program switches a new file
 * to WAL, SQLite answers SQLITE_BUSY at once, without waiting in the busy
 * handler; that is waited out here, as long as a busy write would wait. */
static gboolean
set_up_schema (RetourDatabase  *self,
               GError         **error)
{
  for (guint waited_ms = 0; ; waited_ms += 20)
    {
      g_autoptr(GError) local_error = NULL;

      if (ensure_wal (self, &local_error) && migrate (self, &local_error))
        return TRUE;

      if (!g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_BUSY) ||
          waited_ms >= BUSY_TIMEOUT_MS)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_usleep (20 * 1000);
    }
}

/* Reading needs no write: a read-only connection cannot migrate, so a
 * database of an older schema is brought up to date by a short-lived
 * writing connection first. On a file that cannot be written that is
 * impossible, and said so. */
static gboolean
check_readable_schema (RetourDatabase  *self,
                       GError         **error)
{
  int latest = retour_database_get_latest_schema_version ();
  int current = query_int (self, "PRAGMA user_version", -1, error);

  if (current < 0 || !check_not_too_new (current, latest, error))
    return FALSE;

  if (current < latest && (self->flags & RETOUR_DATABASE_OPEN_AS_IS) == 0)
    {
      g_autoptr(RetourDatabase) writer = NULL;
      g_autoptr(GError) local_error = NULL;

      writer = retour_database_open_full (self->path, RETOUR_DATABASE_OPEN_NONE, &local_error);
      if (writer == NULL)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_READ_ONLY,
                       _("The database was made by an older version of Retour and must be updated, which needs write access: %s"),
                       local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* Whether the file holds a database at all: an SQLite file of size zero
 * (or one with no tables and no version) is no Retour database. SQLite
 * reads the header itself, so a file that is not SQLite is reported here
 * as SQLITE_NOTADB without the file ever being opened outside SQLite. */
static gboolean
probe (RetourDatabase  *self,
       gboolean        *blank,
       GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  stmt = retour_database_prepare (self,
                                  "SELECT (SELECT user_version FROM pragma_user_version) = 0, "
                                  "       EXISTS (SELECT 1 FROM sqlite_schema)",
                                  error);
  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    {
      if (error != NULL && g_error_matches (*error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT) &&
          sqlite3_errcode (self->handle) == SQLITE_NOTADB)
        {
          g_clear_error (error);
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
                       _("“%s” is not a Retour database."), self->path);
        }
      return FALSE;
    }

  /* Tables but no schema version: another program's database, which
   * Retour must neither read nor add its tables to. */
  if (retour_stmt_column_int (stmt, 0) != 0 && retour_stmt_column_int (stmt, 1) != 0)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
                   _("“%s” is not a Retour database."), self->path);
      return FALSE;
    }

  *blank = retour_stmt_column_int (stmt, 0) != 0;
  return TRUE;
}

/* A file on a read-only file system can have no -shm beside it, which a
 * WAL database needs even for reading; there nothing can change the file,
 * so SQLite may read it as immutable. Anywhere else another program may
 * be writing, and immutable would be wrong. */
static gboolean
on_read_only_file_system (const char *path)
{
  struct statvfs info;

  return statvfs (path, &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
}

static void
no_database_error (GError     **error,
                   const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
               _("There is no database at %s"), display);
}

/* Opens the connection and sets it up; none of it writes the database.
 * @blank says whether the file is still empty. */
static gboolean
connect (RetourDatabase  *self,
         gboolean         immutable,
         gboolean        *blank,
         GError         **error)
{
  g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, immutable ? "?immutable=1" : "", NULL);
  int open_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc;

  if (self->flags & RETOUR_DATABASE_OPEN_READ_ONLY)
    open_flags |= SQLITE_OPEN_READONLY;
  else
    open_flags |= SQLITE_OPEN_READWRITE | ((self->flags & RETOUR_DATABASE_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);

  rc = sqlite3_open_v2 (uri, &self->handle, open_flags, NULL);
  self->backend = &retour_sql_sqlite;
  self->conn = self->handle;
  if (rc != SQLITE_OK)
    {
      /* Removed between the stat() and the open. */
      if ((rc & 0xff) == SQLITE_CANTOPEN && !g_file_test (self->path, G_FILE_TEST_EXISTS))
        no_database_error (error, self->path);
      else
        {
          retour_store_set_error (error, self->handle, rc);
          g_prefix_error (error, "%s: ", self->path);
        }
      return FALSE;
    }

  sqlite3_extended_result_codes (self->handle, TRUE);
  if (!retour_search_register_functions (self->handle, error))
    return FALSE;
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  if (!retour_database_exec (self, "PRAGMA foreign_keys = ON", error) ||
      /* Savepoints (nested store calls) journal the pages they touch; in
       * memory that costs a copy, in a temporary file a write each. */
      !retour_database_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !retour_database_exec (self, "PRAGMA trusted_schema = OFF", error) ||
      !probe (self, blank, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }

  return TRUE;
}

RetourDatabase *
retour_database_open_full (const char               *path,
                           RetourDatabaseOpenFlags   flags,
                           GError                  **error)
{
  static gsize configured = 0;
  g_autoptr(RetourDatabase) self = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean read_only = (flags & RETOUR_DATABASE_OPEN_READ_ONLY) != 0;
  gboolean existed;
  gboolean blank = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!read_only || (flags & RETOUR_DATABASE_OPEN_CREATE) == 0, NULL);

  g_resources_register (retour_store_get_resource ());

  if (retour_database_location_is_server (path))
    return retour_database_open_server (path, flags, error);

  /* SQLite's allocation statistics take a global mutex on every malloc;
   * we never read them. This must come before SQLite initializes; later
   * calls are refused harmlessly. */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  /* stat() only: a descriptor of the file opened and closed here would
   * drop every POSIX lock this process holds on it, SQLite's included. */
  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!existed && (flags & RETOUR_DATABASE_OPEN_CREATE) == 0)
    {
      no_database_error (error, path);
      return NULL;
    }

  if (!existed)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CANT_OPEN,
                       _("Cannot create the folder “%s” for the database: %s"),
                       dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  self = g_object_new (RETOUR_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->flags = flags;

  if (!connect (self, read_only && on_read_only_file_system (path), &blank, &local_error))
    {
      /* A WAL database needs its -shm file even to be read. Where it does
       * not exist and cannot be made (a folder only others may write), the
       * file can still be read as immutable, provided no -wal holds
       * changes not yet in it. Someone with write access could start
       * writing meanwhile; a reader may then see a stale page, but never
       * changes the file. */
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *dir = g_path_get_dirname (path);

      if (!read_only ||
          !g_error_matches (local_error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_READ_ONLY) ||
          g_file_test (wal, G_FILE_TEST_EXISTS) || g_access (dir, W_OK) == 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      g_clear_error (&local_error);
      g_hash_table_remove_all (self->statements);
      g_clear_pointer (&self->handle, sqlite3_close_v2);
      if (!connect (self, TRUE, &blank, error))
        return NULL;
    }

  /* The file holds customers' names and addresses: only its owner may
   * read it. SQLite creates the -wal and -shm files with the mode of the
   * database, so they follow. */
  if (!existed && g_chmod (path, 0600) != 0)
    g_debug ("Could not make %s private: %s", path, g_strerror (errno));

  /* An empty file where a database was expected is not one. */
  if (blank && (flags & RETOUR_DATABASE_OPEN_CREATE) == 0)
    {
      no_database_error (error, path);
      return NULL;
    }

  if (read_only)
    {
      if (!check_readable_schema (self, error))
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  /* WAL: readers never block the writer (a sync can write while the list
   * scrolls); synchronous=NORMAL is durable across application crashes and
   * loses at most the last commit on power loss, the usual WAL trade. The
   * journal mode is kept in the file, so it is set once, when it is not
   * WAL yet; page_size only takes effect on a new, empty file, before WAL. */
  if (!retour_database_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !set_up_schema (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

RetourDatabase *
retour_database_new_for_connection (const RetourSqlBackend  *backend,
                                    gpointer                 conn,
                                    GDestroyNotify           close_conn,
                                    const char              *location,
                                    RetourDatabaseOpenFlags  flags)
{
  RetourDatabase *self = g_object_new (RETOUR_TYPE_DATABASE, NULL);

  self->backend = backend;
  self->conn = conn;
  self->close_conn = close_conn;
  self->path = g_strdup (location);
  self->flags = flags;

  return self;
}

gpointer
retour_database_get_connection (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), NULL);

  return self->conn;
}

RetourDatabase *
retour_database_open (const char  *path,
                      GError     **error)
{
  return retour_database_open_full (path, RETOUR_DATABASE_OPEN_CREATE, error);
}

gboolean
retour_database_is_empty (RetourDatabase  *self,
                          GError         **error)
{
  g_autoptr(RetourStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);

  stmt = retour_database_prepare (self,
                                  "SELECT EXISTS (SELECT 1 FROM rma) OR EXISTS (SELECT 1 FROM \"order\")",
                                  error);
  if (stmt == NULL || !retour_stmt_step (stmt, &has_row, error))
    return FALSE;

  return retour_stmt_column_int (stmt, 0) == 0;
}

/* A server has its own backups (pg_dump, the host's snapshots), which
 * every desk shares; copying it into a file here would be a fork. */
static gboolean
server_backup_error (GError **error)
{
  g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("A shared database is backed up on its server, for example with pg_dump, not from a desk."));
  return FALSE;
}

static gboolean
copy_database (sqlite3     *from,
               sqlite3     *to,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    return retour_store_set_error (error, to, sqlite3_errcode (to));

  /* Copy in steps so a busy source (a sync writing) only delays us. */
  do
    {
      rc = sqlite3_backup_step (backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    return retour_store_set_error (error, to, rc);

  return TRUE;
}

/* Whether SQLite finds the pages of @handle whole. */
static gboolean
quick_check (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (handle, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);

  return ok;
}

gboolean
retour_database_backup (RetourDatabase  *self,
                        const char      *dest_path,
                        GError         **error)
{
  g_autofree char *tmp_path = NULL;
  sqlite3 *dest = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (self->handle == NULL)
    return server_backup_error (error);

  /* Write beside the destination and rename at the end, so an interrupted
   * backup never leaves a half-written file under the backup's name. */
  tmp_path = g_strconcat (dest_path, ".part", NULL);
  g_unlink (tmp_path);

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    ok = retour_store_set_error (error, dest, rc);
  else
    {
      /* Customer data: private from the first byte; the rename keeps it. */
      if (g_chmod (tmp_path, 0600) != 0)
        g_debug ("Could not make %s private: %s", tmp_path, g_strerror (errno));
      ok = copy_database (self->handle, dest, error);
    }

  /* The copy keeps the WAL setting of the source; a backup is one file. */
  if (ok)
    ok = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK ||
         retour_store_set_error (error, dest, sqlite3_errcode (dest));

  /* The backup API copies pages as they are: a damaged database gives a
   * damaged copy, which must not pass for a good backup. */
  if (ok && !quick_check (dest))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
                   _("The database is damaged. Run “retour-cli check” to see where, and restore it from an earlier backup."));
      ok = FALSE;
    }

  sqlite3_close_v2 (dest);

  if (ok && g_rename (tmp_path, dest_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                   _("Could not write the backup “%s”: %s"), dest_path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (tmp_path);
      g_prefix_error (error, _("The backup was not made: "));
    }

  return ok;
}

gboolean
retour_database_restore (RetourDatabase  *self,
                         const char      *source_path,
                         GError         **error)
{
  g_autoptr(RetourDatabase) source = NULL;
  g_autoptr(GError) local_error = NULL;
  int version;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (self->txn_depth == 0, FALSE);

  if (self->handle == NULL)
    return server_backup_error (error);

  if (!g_file_test (source_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                   _("There is no backup file “%s”."), source_path);
      return FALSE;
    }

  /* The backup is only read, never changed: it may be on read-only media,
   * and it stays what it was. An older schema is updated in the copy. */
  source = retour_database_open_full (source_path,
                                      RETOUR_DATABASE_OPEN_READ_ONLY | RETOUR_DATABASE_OPEN_AS_IS,
                                      &local_error);
  if (source == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The backup cannot be restored: "));
      return FALSE;
    }

  version = query_int (source, "PRAGMA user_version", -1, NULL);
  if (version <= 0 || !quick_check (source->handle))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
                   _("The backup “%s” is damaged and was not restored."), source_path);
      return FALSE;
    }

  g_debug ("Restoring %s (schema %d) into %s", source_path, version, self->path);

  /* Cached statements would point into the old schema. */
  g_hash_table_remove_all (self->statements);

  /* SQLite copies into a WAL database only pages of its own size. Retour
   * always makes 8 KiB pages, but a backup made by other means may not
   * have them; then the database leaves WAL for the copy, which only works
   * while no other program has it open. */
  if (query_int (source, "PRAGMA page_size", 0, NULL) != query_int (self, "PRAGMA page_size", 0, NULL))
    {
      g_autofree char *mode = NULL;

      if (!retour_database_exec (self, "PRAGMA journal_mode = DELETE", error))
        return FALSE;
      mode = query_text (self, "PRAGMA journal_mode");
      if (g_strcmp0 (mode, "delete") != 0)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_BUSY,
                       _("The backup “%s” has pages of another size, which can only be restored while no other program has the database open. Close Retour’s windows and try again."),
                       source_path);
          return FALSE;
        }
    }

  /* The copy is one write transaction of the destination: a restore that
   * is killed half-way leaves the database as it was. */
  if (!copy_database (source->handle, self->handle, error) ||
      !ensure_wal (self, error) ||
      !migrate (self, error))
    {
      g_prefix_error (error, _("The backup was not restored: "));
      return FALSE;
    }

  committed (self);

  return TRUE;
}

gboolean
retour_database_reconnect_from (RetourDatabase  *self,
                                RetourDatabase  *fresh,
                                GError         **error)
{
  gpointer old_conn;
  GDestroyNotify old_close;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RETOUR_IS_DATABASE (fresh), FALSE);
  g_return_val_if_fail (self != fresh, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->handle != NULL || fresh->handle != NULL || self->backend != fresh->backend ||
      g_strcmp0 (self->path, fresh->path) != 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_FAILED,
                           _("Only a connection to the same shared database can take the place of a lost one."));
      return FALSE;
    }

  if (self->txn_depth != 0 || fresh->txn_depth != 0)
    {
      g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_BUSY,
                           _("The database is in use. Wait a moment and try again."));
      return FALSE;
    }

  /* The old connection is closed before its statements go: a socket
   * that died without a word would make them wait on it to deallocate. */
  old_conn = self->conn;
  old_close = self->close_conn;
  self->conn = g_steal_pointer (&fresh->conn);
  self->close_conn = fresh->close_conn;
  fresh->close_conn = NULL;
  if (old_conn != NULL && old_close != NULL)
    old_close (old_conn);
  g_hash_table_remove_all (self->statements);
  g_hash_table_remove_all (fresh->statements);

  /* What the views saw was read before the break: a new data version
   * makes them read again. */
  self->batch = FALSE;
  committed (self);

  return TRUE;
}
