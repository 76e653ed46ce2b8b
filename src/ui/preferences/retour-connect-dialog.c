/* retour-connect-dialog.c — put this desk on a shop's shared database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Separate fields rather than one postgresql:// address: a shop owner is
 * handed "the server is db.example.com, the database retour, your name
 * anna" far more often than a URL, and a field each says what is
 * missing. A URL pasted into the address field is taken apart into them.
 *
 * The location kept is a libpq "key=value" string beginning with host=
 * (retour_database_location_is_server() knows it by that); the password
 * is added only for the test, which opens its own connection and drops
 * it, and never leaves this process except into the keyring.
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-connect-dialog.h"
#include "retour-database.h"
#include "retour-sync-engine.h"

/* The rows of the Encryption combo. */
typedef enum
{
  TLS_PREFER,
  TLS_REQUIRE,
  TLS_VERIFY_FULL,
} TlsMode;

struct _RetourConnectDialog
{
  AdwWindow        parent_instance;

  GtkWidget       *form;
  AdwEntryRow     *host_row;
  AdwEntryRow     *port_row;
  AdwEntryRow     *dbname_row;
  AdwEntryRow     *user_row;
  AdwEntryRow     *password_row;
  AdwComboRow     *tls_row;
  AdwActionRow    *ca_row;
  GtkSpinner      *spinner;
  GtkLabel        *message_label;

  RetourKeyring   *keyring;
  GCancellable    *cancellable;
  char            *ca_file;
  char            *location;   /* being connected to */
  gboolean         busy;
  GtkNativeDialog *chooser;    /* choosing the certificate authority */
};

G_DEFINE_FINAL_TYPE (RetourConnectDialog, retour_connect_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Locations ----------------------------------------------------------------- */

/* A libpq "key=value key='a value'" string as a table; NULL when it is
 * not one. */
static GHashTable *
parse_conninfo (const char *conninfo)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = conninfo;

  while (*p != '\0')
    {
      g_autoptr(GString) value = g_string_new (NULL);
      const char *key_start;
      g_autofree char *key = NULL;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      key_start = p;
      while (*p != '\0' && *p != '=' && !g_ascii_isspace (*p))
        p++;
      key = g_strndup (key_start, p - key_start);
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '=' || *key == '\0')
        return NULL;
      p++;
      while (g_ascii_isspace (*p))
        p++;

      if (*p == '\'')
        {
          for (p++; *p != '\0' && *p != '\''; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p);
            }
          if (*p != '\'')
            return NULL;
          p++;
        }
      else
        {
          for (; *p != '\0' && !g_ascii_isspace (*p); p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p);
            }
        }

      g_hash_table_replace (table, g_steal_pointer (&key), g_string_free (g_steal_pointer (&value), FALSE));
    }

  return g_steal_pointer (&table);
}

/* A postgresql:// URI as the same table (only what the form has). */
static GHashTable *
parse_uri (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_QUERY, NULL);
  GHashTable *table;
  const char *path;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (table, g_strdup ("host"), g_strdup (g_uri_get_host (uri)));
  if (g_uri_get_port (uri) > 0)
    g_hash_table_insert (table, g_strdup ("port"), g_strdup_printf ("%d", g_uri_get_port (uri)));
  if (g_uri_get_user (uri) != NULL)
    g_hash_table_insert (table, g_strdup ("user"), g_uri_unescape_string (g_uri_get_user (uri), NULL));
  path = g_uri_get_path (uri);
  if (path != NULL && path[0] == '/' && path[1] != '\0')
    g_hash_table_insert (table, g_strdup ("dbname"), g_uri_unescape_string (path + 1, NULL));

  if (g_uri_get_query (uri) != NULL)
    {
      GUriParamsIter iter;
      char *key;
      char *value;

      g_uri_params_iter_init (&iter, g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE);
      while (g_uri_params_iter_next (&iter, &key, &value, NULL))
        g_hash_table_replace (table, key, value);
    }

  return table;
}

static GHashTable *
parse_location (const char *location)
{
  if (location == NULL || !retour_database_location_is_server (location))
    return NULL;

  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return parse_uri (location);

  return parse_conninfo (location);
}

char *
retour_database_location_describe (const char *location)
{
  g_autoptr(GHashTable) parts = parse_location (location);
  const char *host;
  const char *dbname;

  if (parts == NULL)
    return NULL;

  host = g_hash_table_lookup (parts, "host");
  dbname = g_hash_table_lookup (parts, "dbname");
  if (host == NULL || *host == '\0' || host[0] == '/')
    host = _("this computer");
  if (dbname == NULL || *dbname == '\0')
    dbname = g_hash_table_lookup (parts, "user");

  /* Translators: a shared database: the first %s is its name (such as
     "retour"), the second the server (such as "db.example.com"). */
  return g_strdup_printf (_("%s on %s"), dbname != NULL ? dbname : "", host);
}

static void
append_value (GString    *conninfo,
              const char *key,
              const char *value)
{
  if (conninfo->len > 0)
    g_string_append_c (conninfo, ' ');
  g_string_append_printf (conninfo, "%s='", key);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *p);
    }
  g_string_append_c (conninfo, '\'');
}

/* The form ------------------------------------------------------------------ */

static char *
get_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_error (gpointer row,
               gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_message (RetourConnectDialog *self,
              const char          *message,
              gboolean             error)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  /* Nothing to say takes no room above the form. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->message_label)),
                          message != NULL && *message != '\0');
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
}

/* The location the form describes, without the password; NULL while
 * something is missing or wrong (said in the message). */
static char *
validate (RetourConnectDialog *self)
{
  g_autofree char *host = get_text (self->host_row);
  g_autofree char *port = get_text (self->port_row);
  g_autofree char *dbname = get_text (self->dbname_row);
  g_autofree char *user = get_text (self->user_row);
  TlsMode tls = adw_combo_row_get_selected (self->tls_row);
  g_autoptr(GString) location = g_string_new (NULL);
  const char *problem = NULL;
  gboolean bad_port = FALSE;
  gboolean missing;
  guint64 port_number = 0;

  if (*port != '\0' &&
      (!g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_number, NULL)))
    {
      bad_port = TRUE;
      problem = _("The port is a number from 1 to 65535; most servers use 5432.");
    }
  else if (strchr (host, ' ') != NULL)
    problem = _("A server address has no spaces, such as db.example.com or 192.168.1.20.");
  set_row_error (self->port_row, bad_port);
  set_row_error (self->host_row, problem != NULL && !bad_port);

  missing = *host == '\0' || *dbname == '\0' || *user == '\0' ||
            (tls == TLS_VERIFY_FULL && self->ca_file == NULL);

  if (problem != NULL)
    show_message (self, problem, TRUE);
  else if (missing)
    show_message (self,
                  tls == TLS_VERIFY_FULL && self->ca_file == NULL && *host != '\0' && *dbname != '\0' && *user != '\0'
                  ? _("Choose the certificate of the authority that signed the server’s certificate.")
                  : _("Fill in the server’s address, the database and your user name."),
                  FALSE);
  else
    show_message (self, NULL, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.connect", problem == NULL && !missing && !self->busy);

  if (problem != NULL || missing)
    return NULL;

  /* host first: that is how a location is told from a file name. */
  append_value (location, "host", host);
  if (*port != '\0')
    append_value (location, "port", port);
  append_value (location, "dbname", dbname);
  append_value (location, "user", user);
  if (tls == TLS_REQUIRE)
    append_value (location, "sslmode", "require");
  else if (tls == TLS_VERIFY_FULL)
    {
      append_value (location, "sslmode", "verify-full");
      append_value (location, "sslrootcert", self->ca_file);
    }

  return g_string_free (g_steal_pointer (&location), FALSE);
}

static void
input_changed_cb (RetourConnectDialog *self)
{
  g_autofree char *location = NULL;

  if (!self->busy)
    location = validate (self);
}

static void
update_ca_row (RetourConnectDialog *self)
{
  g_autofree char *name = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->ca_row),
                          adw_combo_row_get_selected (self->tls_row) == TLS_VERIFY_FULL);

  if (self->ca_file != NULL)
    name = g_filename_display_basename (self->ca_file);
  adw_action_row_set_subtitle (self->ca_row, name != NULL ? name : _("None chosen"));
}

static void
tls_changed_cb (RetourConnectDialog *self)
{
  update_ca_row (self);
  input_changed_cb (self);
}

/* Fills the form from a location; what it does not say stays. */
static void
fill_in (RetourConnectDialog *self,
         GHashTable          *parts)
{
  static const struct {
    const char *key;
    gsize       offset;
  } rows[] = {
    { "host", G_STRUCT_OFFSET (RetourConnectDialog, host_row) },
    { "port", G_STRUCT_OFFSET (RetourConnectDialog, port_row) },
    { "dbname", G_STRUCT_OFFSET (RetourConnectDialog, dbname_row) },
    { "user", G_STRUCT_OFFSET (RetourConnectDialog, user_row) },
  };
  const char *sslmode = g_hash_table_lookup (parts, "sslmode");
  const char *password = g_hash_table_lookup (parts, "password");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = g_hash_table_lookup (parts, rows[i].key);
      AdwEntryRow *row = G_STRUCT_MEMBER (AdwEntryRow *, self, rows[i].offset);

      if (value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), value);
    }

  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);

  if (g_strcmp0 (sslmode, "verify-full") == 0 || g_strcmp0 (sslmode, "verify-ca") == 0)
    {
      g_free (self->ca_file);
      self->ca_file = g_strdup (g_hash_table_lookup (parts, "sslrootcert"));
      adw_combo_row_set_selected (self->tls_row, TLS_VERIFY_FULL);
    }
  else if (g_strcmp0 (sslmode, "require") == 0)
    adw_combo_row_set_selected (self->tls_row, TLS_REQUIRE);
  else if (sslmode != NULL)
    adw_combo_row_set_selected (self->tls_row, TLS_PREFER);

  update_ca_row (self);
}

/* A postgresql:// address pasted into the address field is taken apart
 * into the fields it fills. */
static void
host_changed_cb (RetourConnectDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));

  if (g_str_has_prefix (text, "postgresql://") || g_str_has_prefix (text, "postgres://"))
    {
      g_autoptr(GHashTable) parts = parse_uri (text);

      if (parts != NULL)
        {
          fill_in (self, parts);
          return;
        }
    }

  input_changed_cb (self);
}

static void
set_busy (RetourConnectDialog *self,
          gboolean             busy,
          const char          *message)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.connect", FALSE);
      show_message (self, message, FALSE);
    }
}

/* Something went wrong: say so, and leave everything typed in place. */
static void
fail (RetourConnectDialog *self,
      const char          *message)
{
  g_autofree char *location = NULL;

  set_busy (self, FALSE, NULL);
  location = validate (self);
  show_message (self, message, TRUE);
}

/* The server's own words at the end of a store error, "… (detail)". */
static const char *
server_detail (const GError *error)
{
  const char *open = strstr (error->message, " (");

  return open != NULL && g_str_has_suffix (error->message, ")") ? open : "";
}

static char *
describe_error (RetourConnectDialog *self,
                const GError        *error)
{
  set_row_error (self->password_row, FALSE);

  if (g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_DENIED))
    {
      set_row_error (self->password_row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      /* Translators: %s is the server's own words, in brackets, for support. */
      return g_strdup_printf (_("The server refused this user name and password. Check them, or ask whoever runs the server.%s"),
                              server_detail (error));
    }

  if (g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_OFFLINE))
    /* Translators: %s is the server's own words, in brackets, for support. */
    return g_strdup_printf (_("The server cannot be reached. Check its address and port, and that it is running and lets this computer in.%s"),
                            server_detail (error));

  /* No shop on it yet (“retour-cli server init”), no such database, a
   * schema too old or too new: the store says it plainly. */
  if (g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_NOT_FOUND) ||
      g_error_matches (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_TOO_NEW))
    return g_strdup (error->message);

  /* Translators: %s says what went wrong. */
  return g_strdup_printf (_("Could not connect to the shared database: %s"), error->message);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = g_steal_pointer (&self->location);
  g_autofree char *message = NULL;

  if (retour_keyring_store_password_finish (RETOUR_KEYRING (object), result, &error))
    {
      g_signal_emit (self, signals[SIGNAL_CONNECTED], 0, location);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, RETOUR_SYNC_ERROR, RETOUR_SYNC_ERROR_NO_KEYRING))
    message = g_strdup (_("The connection works, but the password cannot be saved: this session has no keyring (Secret Service, such as GNOME Keyring). Retour keeps passwords nowhere else. Unlock or start the keyring, then try again."));
  else
    /* Translators: %s says what went wrong. */
    message = g_strdup_printf (_("The password could not be saved in the keyring: %s"), error->message);
  fail (self, message);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(RetourDatabase) db = NULL;
  GError *error = NULL;

  /* Only opened, to see that it works: the window opens its own. A
   * server without a shop is said so, never set up from here. */
  db = retour_database_open_full (task_data, RETOUR_DATABASE_OPEN_NONE, &error);
  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RetourConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *password = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = describe_error (self, error);
      g_clear_pointer (&self->location, g_free);
      fail (self, message);
      return;
    }

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (*password == '\0')
    {
      g_autofree char *location = g_steal_pointer (&self->location);

      /* The server trusts this computer (or ~/.pgpass has it). */
      g_signal_emit (self, signals[SIGNAL_CONNECTED], 0, location);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  set_busy (self, TRUE, _("Saving the password in the keyring…"));
  retour_database_set_server_password (self->location, password);
  retour_keyring_store_password_async (self->keyring, self->location, password, self->cancellable,
                                       stored_cb, g_object_ref (self));
  memset (password, 0, strlen (password));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  RetourConnectDialog *self = RETOUR_CONNECT_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) conninfo = NULL;
  const char *password;

  if (self->busy)
    return;

  g_free (self->location);
  self->location = validate (self);
  if (self->location == NULL)
    return;

  /* The password goes into the test's connection string only, which the
   * worker drops with its connection. */
  conninfo = g_string_new (self->location);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (*password != '\0')
    append_value (conninfo, "password", password);

  set_row_error (self->password_row, FALSE);
  set_busy (self, TRUE, _("Connecting to the server…"));

  task = g_task_new (self, self->cancellable, tested_cb, g_object_ref (self));
  g_task_set_source_tag (task, connect_action);
  /* A server that does not answer keeps the worker until it gives up;
   * the dialog need not wait for it to be closed. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_string_free (g_steal_pointer (&conninfo), FALSE),
                        (GDestroyNotify) retour_secret_free);
  g_task_run_in_thread (task, open_thread);
}

static void
chooser_response_cb (RetourConnectDialog  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      g_free (self->ca_file);
      self->ca_file = file != NULL ? g_file_get_path (file) : NULL;
      update_ca_row (self);
      input_changed_cb (self);
    }

  g_clear_object (&self->chooser);
}

static void
choose_ca_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  RetourConnectDialog *self = RETOUR_CONNECT_DIALOG (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Certificate Authority"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

/* GObject ------------------------------------------------------------------- */

static gboolean
retour_connect_dialog_close_request (GtkWindow *window)
{
  RetourConnectDialog *self = RETOUR_CONNECT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (retour_connect_dialog_parent_class)->close_request (window);
}

static void
retour_connect_dialog_dispose (GObject *object)
{
  RetourConnectDialog *self = RETOUR_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RETOUR_TYPE_CONNECT_DIALOG);

  G_OBJECT_CLASS (retour_connect_dialog_parent_class)->dispose (object);
}

static void
retour_connect_dialog_finalize (GObject *object)
{
  RetourConnectDialog *self = RETOUR_CONNECT_DIALOG (object);

  g_clear_object (&self->keyring);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (retour_connect_dialog_parent_class)->finalize (object);
}

static void
retour_connect_dialog_class_init (RetourConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = retour_connect_dialog_dispose;
  object_class->finalize = retour_connect_dialog_finalize;

  window_class->close_request = retour_connect_dialog_close_request;

  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, form);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, dbname_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, tls_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RetourConnectDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tls_changed_cb);

  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "connect.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
retour_connect_dialog_init (RetourConnectDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

RetourConnectDialog *
retour_connect_dialog_new (GtkWindow     *parent,
                           RetourKeyring *keyring,
                           const char    *location)
{
  RetourConnectDialog *self;
  g_autoptr(GHashTable) parts = NULL;
  g_autofree char *valid = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RETOUR_IS_KEYRING (keyring), NULL);

  self = g_object_new (RETOUR_TYPE_CONNECT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->keyring = g_object_ref (keyring);

  parts = parse_location (location);
  if (parts != NULL)
    fill_in (self, parts);
  update_ca_row (self);
  valid = validate (self);

  return self;
}
