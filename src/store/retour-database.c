/* retour-database.c — opening, migrating, transactions and errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "retour-database-private.h"
#include "retour-policy-store.h"
#include "retour-store-resources.h"

#define MIGRATIONS_PATH "/io/github/retour/Retour/store/migrations"

/* How long a write waits for another program's transaction to finish
 * before it gives up with RETOUR_STORE_ERROR_BUSY. */
#define BUSY_TIMEOUT_MS 3000

struct _RetourDatabase
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements;  /* SQL text (by address) -> sqlite3_stmt* */
  guint       txn_depth;
  gboolean    batch;       /* nested transactions are part of the outer one */
  guint64     commits;     /* this connection's own, for the data version */
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
  sqlite3_stmt *stmt = NULL;
  guint64 version = 0;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), 0);

  /* PRAGMA data_version changes with other connections' commits only;
   * our own are counted apart. Not cached: a prepared PRAGMA would keep
   * answering from its first run. */
  if (sqlite3_prepare_v2 (self->handle, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return (version << 32) + self->commits;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
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

RetourStmt *
retour_database_prepare (RetourDatabase  *self,
                         const char      *sql,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      retour_store_set_error (error, self->handle, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);

  return stmt;
}

void
retour_stmt_release (RetourStmt *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
retour_stmt_step (RetourStmt *stmt,
                  gboolean   *has_row,
                  GError    **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *has_row = TRUE;
      return TRUE;
    }

  *has_row = FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;

  return retour_store_set_error (error, sqlite3_db_handle (stmt), rc);
}

gboolean
retour_stmt_run (RetourStmt *stmt,
                 GError    **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return retour_store_set_error (error, sqlite3_db_handle (stmt), rc);
}

gboolean
retour_database_exec (RetourDatabase  *self,
                      const char      *sql,
                      GError         **error)
{
  int rc;

  g_return_val_if_fail (RETOUR_IS_DATABASE (self), FALSE);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return retour_store_set_error (error, self->handle, rc);

  return TRUE;
}

char *
retour_stmt_dup_text (RetourStmt *stmt,
                      int         column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

void
retour_stmt_bind_text_or_null (RetourStmt *stmt,
                               int         index,
                               const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
retour_stmt_bind_id_or_null (RetourStmt *stmt,
                             int         index,
                             gint64      id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

void
retour_stmt_bind_time_or_null (RetourStmt *stmt,
                               int         index,
                               gint64      time_us)
{
  if (time_us != 0)
    sqlite3_bind_int64 (stmt, index, time_us);
  else
    sqlite3_bind_null (stmt, index);
}

void
retour_stmt_bind_enum (RetourStmt *stmt,
                       int         index,
                       GType       enum_type,
                       int         value)
{
  const char *nick = retour_enum_to_nick (enum_type, value);

  g_assert (nick != NULL);
  sqlite3_bind_text (stmt, index, nick, -1, SQLITE_STATIC);
}

int
retour_stmt_get_enum (RetourStmt *stmt,
                      int         column,
                      GType       enum_type,
                      int         fallback)
{
  const char *nick = (const char *) sqlite3_column_text (stmt, column);
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

  if (!retour_database_exec (db, txn->outer ? "BEGIN IMMEDIATE" : "SAVEPOINT retour_txn", error))
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
      if (!sqlite3_get_autocommit (txn->db->handle))
        sqlite3_exec (txn->db->handle, "ROLLBACK", NULL, NULL, NULL);
      txn->db->batch = FALSE;
    }
  else if (txn->db->batch)
    {
      /* The caller of the batch sees the error and rolls it all back. */
    }
  else
    {
      sqlite3_exec (txn->db->handle, "ROLLBACK TO retour_txn; RELEASE retour_txn", NULL, NULL, NULL);
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

  if (!retour_database_exec (self, "BEGIN IMMEDIATE", error))
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

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
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

  return has_row ? sqlite3_column_int (stmt, 0) : fallback;
}

int
retour_database_get_schema_version (RetourDatabase *self)
{
  g_return_val_if_fail (RETOUR_IS_DATABASE (self), -1);

  return query_int (self, "PRAGMA user_version", -1, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Migrations are GResource files named NNNN-what.sql; NNNN is the schema
 * version the file brings the database to. */
static GPtrArray *
list_migrations (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH,
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
  g_autoptr(GPtrArray) files = list_migrations ();

  if (files->len == 0)
    return 0;

  return (int) g_ascii_strtoll (g_ptr_array_index (files, files->len - 1), NULL, 10);
}

static gboolean
apply_migration (RetourDatabase  *self,
                 const char      *name,
                 int              version,
                 GError         **error)
{
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, name, NULL);
  g_autofree char *set_version = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_auto(RetourTxn) txn = { 0 };
  gsize len;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  sql = g_strndup (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));
  set_version = g_strdup_printf ("PRAGMA user_version = %d", version);

  if (!retour_txn_begin (&txn, self, error) ||
      !retour_database_exec (self, sql, error) ||
      !retour_database_exec (self, set_version, error) ||
      !retour_txn_commit (&txn, error))
    {
      g_prefix_error (error, _("Could not update the database to version %d: "), version);
      return FALSE;
    }

  g_debug ("Migrated %s to schema version %d", self->path, version);

  return TRUE;
}

static gboolean
migrate (RetourDatabase  *self,
         GError         **error)
{
  g_autoptr(GPtrArray) files = list_migrations ();
  int current = query_int (self, "PRAGMA user_version", -1, error);
  int latest = retour_database_get_latest_schema_version ();

  if (current < 0)
    return FALSE;

  if (current > latest)
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW,
                   _("The database was written by a newer version of Retour (schema %d; this one knows up to %d). Update Retour to open it."),
                   current, latest);
      return FALSE;
    }

  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      int version = (int) g_ascii_strtoll (name, NULL, 10);

      if (version > current && !apply_migration (self, name, version, error))
        return FALSE;
    }

  return TRUE;
}

/* A file that is neither empty nor an SQLite database is reported as such
 * rather than being overwritten by a new schema. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  char header[16];
  gsize n_read = 0;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;

      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CANT_OPEN,
                   _("Cannot open the database “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n_read, NULL, &local_error))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CANT_OPEN,
                   _("Cannot read the database “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (n_read == 0 || (n_read == sizeof header && memcmp (header, magic, sizeof magic) == 0))
    return TRUE;

  g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
               _("“%s” is not a Retour database."), path);
  return FALSE;
}

RetourDatabase *
retour_database_open (const char  *path,
                      GError     **error)
{
  static gsize configured = 0;
  g_autoptr(RetourDatabase) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_resources_register (retour_store_get_resource ());

  /* SQLite's allocation statistics take a global mutex on every malloc;
   * we never read them. This must come before SQLite initializes; later
   * calls are refused harmlessly. */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CANT_OPEN,
                   _("Cannot create the folder “%s” for the database: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!check_header (path, error))
    return NULL;

  self = g_object_new (RETOUR_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      retour_store_set_error (error, self->handle, rc);
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, TRUE);
  if (!retour_search_register_functions (self->handle, error))
    return NULL;
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  /* WAL: readers never block the writer (a sync can write while the list
   * scrolls); synchronous=NORMAL is durable across application crashes and
   * loses at most the last commit on power loss, the usual WAL trade. */
  /* page_size only takes effect on a new, empty file, before WAL. */
  if (!retour_database_exec (self, "PRAGMA page_size = 8192", error) ||
      !retour_database_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !retour_database_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !retour_database_exec (self, "PRAGMA foreign_keys = ON", error) ||
      /* Savepoints (nested store calls) journal the pages they touch; in
       * memory that costs a copy, in a temporary file a write each. */
      !retour_database_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !retour_database_exec (self, "CREATE TEMP TABLE fts_pending (id INTEGER PRIMARY KEY)", error) ||
      !retour_database_exec (self, "CREATE TEMP TABLE order_fts_pending (id INTEGER PRIMARY KEY)", error) ||
      !retour_database_exec (self, "PRAGMA trusted_schema = OFF", error) ||
      !migrate (self, error) ||
      !retour_policy_store_ensure_defaults (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  return g_steal_pointer (&self);
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

  return sqlite3_column_int (stmt, 0) == 0;
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

  /* Write beside the destination and rename at the end, so an interrupted
   * backup never leaves a half-written file under the backup's name. */
  tmp_path = g_strconcat (dest_path, ".part", NULL);
  g_unlink (tmp_path);

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    ok = retour_store_set_error (error, dest, rc);
  else
    ok = copy_database (self->handle, dest, error);

  /* The copy keeps the WAL setting of the source; a backup is one file. */
  if (ok)
    ok = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK ||
         retour_store_set_error (error, dest, sqlite3_errcode (dest));

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

  if (!g_file_test (source_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND,
                   _("There is no backup file “%s”."), source_path);
      return FALSE;
    }

  /* Opening the backup checks its header, refuses a newer schema and brings
   * an older one up to date, so what we copy in is always current. */
  source = retour_database_open (source_path, &local_error);
  if (source == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The backup cannot be restored: "));
      return FALSE;
    }

  {
    g_autoptr(RetourStmt) check = retour_database_prepare (source, "PRAGMA quick_check", NULL);
    gboolean has_row = FALSE;

    if (check == NULL || !retour_stmt_step (check, &has_row, NULL) || !has_row ||
        g_strcmp0 ((const char *) sqlite3_column_text (check, 0), "ok") != 0)
      {
        g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CORRUPT,
                     _("The backup “%s” is damaged and was not restored."), source_path);
        return FALSE;
      }
  }

  version = query_int (source, "PRAGMA user_version", -1, NULL);
  g_debug ("Restoring %s (schema %d) into %s", source_path, version, self->path);

  /* Cached statements would point into the old schema. */
  g_hash_table_remove_all (self->statements);

  if (!copy_database (source->handle, self->handle, error))
    {
      g_prefix_error (error, _("The backup was not restored: "));
      return FALSE;
    }

  return TRUE;
}
