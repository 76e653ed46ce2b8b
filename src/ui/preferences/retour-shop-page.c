/* retour-shop-page.c — the Shop page of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "retour-label-data.h"
#include "retour-policy-store.h"
#include "retour-privacy-store.h"
#include "retour-rma-number.h"
#include "retour-setting-store.h"
#include "retour-connect-dialog.h"
#include "retour-shop-page.h"
#include "retour-text.h"
#include "retour-toast.h"

/* The counter RMA numbers are taken from (see retour-rma-store.c). */

struct _RetourShopPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwEntryRow        *name_row;
  AdwEntryRow        *email_row;
  GtkLabel           *email_error;
  GtkLabel           *currency_label;
  GtkWidget          *address_apply_button;
  GtkTextView        *address_view;
  GtkLabel           *address_error;
  AdwComboRow        *label_format_row;
  AdwEntryRow        *pattern_row;
  AdwActionRow       *next_number_row;
  GtkLabel           *next_number_label;
  AdwActionRow       *database_row;
  AdwActionRow       *local_row;
  AdwExpanderRow     *retention_row;
  AdwActionRow       *retention_years_row;
  GtkSpinButton      *retention_years_button;
  AdwActionRow       *retention_now_row;

  RetourContext      *context;
  char               *saved_address;
  guint64             next_sequence;   /* 0: not known */
  gboolean            populating;
};

G_DEFINE_FINAL_TYPE (RetourShopPage, retour_shop_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RetourDatabase *
get_db (RetourShopPage *self)
{
  return retour_context_get_database (self->context);
}

static void
toast (RetourShopPage *self,
       const char     *message)
{
  retour_toast_show (GTK_WIDGET (self), message, RETOUR_TOAST_BRIEF);
}

static void
set_error (gpointer    widget,
           const char *problem)
{
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (widget), problem);
}

/* Writes one setting; on failure the row stays as typed and says why. */
static gboolean
change (RetourShopPage *self,
        const char     *key,
        const char     *value,
        GtkWidget      *row)
{
  g_autoptr(GError) error = NULL;

  if (!retour_setting_store_change (get_db (self), key, value,
                                    retour_context_get_actor (self->context),
                                    retour_context_now (self->context), &error))
    {
      set_error (row, error->message);
      toast (self, error->message);
      return FALSE;
    }

  set_error (row, NULL);
  return TRUE;
}

static char *
get_setting (RetourShopPage *self,
             const char     *key,
             const char     *fallback)
{
  g_autoptr(GError) error = NULL;
  char *value = retour_setting_store_get (get_db (self), key, fallback, &error);

  if (value == NULL)
    {
      toast (self, error->message);
      return g_strdup (fallback);
    }

  return value;
}

/* Name --------------------------------------------------------------------- */

static void
name_apply_cb (RetourShopPage *self)
{
  change (self, RETOUR_SETTING_SHOP_NAME,
          gtk_editable_get_text (GTK_EDITABLE (self->name_row)), GTK_WIDGET (self->name_row));
}

static void
name_changed_cb (RetourShopPage *self)
{
  if (!self->populating)
    set_error (self->name_row, NULL);
}

/* E-mail ------------------------------------------------------------------- */

/* Loosely: one "@" with something on each side, no blanks. Whether mail
 * gets there is for the shop to try; this only catches a slip. Empty is
 * allowed: no address on the forms. */
static gboolean
email_is_valid (const char *text)
{
  const char *at = strchr (text, '@');

  if (*text == '\0')
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return FALSE;

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

static void
show_email_problem (RetourShopPage *self,
                    const char     *problem)
{
  set_error (self->email_row, problem);
  gtk_label_set_text (self->email_error, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_error), problem != NULL);
}

static void
email_apply_cb (RetourShopPage *self)
{
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  g_autoptr(GError) error = NULL;

  /* What was typed stays, so that the slip can be mended in place. */
  if (!email_is_valid (email))
    {
      const char *problem = _("Not an e-mail address: type one such as returns@example.com");

      show_email_problem (self, problem);
      toast (self, problem);
      return;
    }

  if (!retour_setting_store_change (get_db (self), RETOUR_SETTING_SHOP_EMAIL, email,
                                    retour_context_get_actor (self->context),
                                    retour_context_now (self->context), &error))
    {
      show_email_problem (self, error->message);
      toast (self, error->message);
      return;
    }

  show_email_problem (self, NULL);
}

static void
email_changed_cb (RetourShopPage *self)
{
  if (!self->populating)
    show_email_problem (self, NULL);
}

/* Address ------------------------------------------------------------------ */

static char *
get_address_text (RetourShopPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->address_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Lines as the label prints them: without blanks around or empty lines. */
static char *
clean_address (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) clean = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      if (clean->len > 0)
        g_string_append_c (clean, '\n');
      g_string_append (clean, line);
    }

  return g_string_free (g_steal_pointer (&clean), FALSE);
}

static void
address_changed_cb (RetourShopPage *self)
{
  g_autofree char *text = get_address_text (self);
  g_autofree char *clean = clean_address (text);

  if (self->populating)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->address_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_view), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shop.apply-address",
                                 g_strcmp0 (clean, self->saved_address) != 0);
}

static void
apply_address_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  RetourShopPage *self = RETOUR_SHOP_PAGE (widget);
  g_autofree char *text = get_address_text (self);
  g_autofree char *clean = clean_address (text);
  g_autoptr(GError) error = NULL;

  if (!retour_setting_store_change (get_db (self), RETOUR_SETTING_RETURN_ADDRESS, clean,
                                    retour_context_get_actor (self->context),
                                    retour_context_now (self->context), &error))
    {
      gtk_label_set_text (self->address_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->address_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_view), "error");
      toast (self, error->message);
      return;
    }

  /* Shown as stored, so that what is seen is what the label prints. */
  self->populating = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->address_view), clean, -1);
  self->populating = FALSE;
  g_free (self->saved_address);
  self->saved_address = g_steal_pointer (&clean);
  gtk_widget_action_set_enabled (widget, "shop.apply-address", FALSE);
}

/* Label format ------------------------------------------------------------- */

static void
label_format_changed_cb (RetourShopPage *self)
{
  guint selected = adw_combo_row_get_selected (self->label_format_row);

  if (self->populating || selected >= RETOUR_LABEL_N_FORMATS)
    return;

  change (self, RETOUR_SETTING_LABEL_FORMAT, retour_label_format_to_key ((RetourLabelFormat) selected),
          GTK_WIDGET (self->label_format_row));
}

/* Number pattern ----------------------------------------------------------- */

/* The value the next authorized return takes from the counter; 0 when
 * it cannot be read now. */
static guint64
peek_next_sequence (RetourShopPage *self)
{
  g_autoptr(GError) error = NULL;
  guint64 value = 0;

  if (!retour_setting_store_peek_sequence (get_db (self), RETOUR_SEQUENCE_RMA_NUMBER, &value, &error))
    {
      g_debug ("Cannot read the next RMA number: %s", error->message);
      return 0;
    }

  return value;
}

/* Shows the number the typed pattern would give the next return. */
static gboolean
update_next_number (RetourShopPage *self)
{
  g_autoptr(RetourRmaNumberPattern) pattern = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;

  pattern = retour_rma_number_pattern_new (gtk_editable_get_text (GTK_EDITABLE (self->pattern_row)), &error);
  set_error (self->pattern_row, pattern == NULL ? error->message : NULL);
  set_error (self->next_number_row, pattern == NULL ? error->message : NULL);
  /* A pattern that does not parse is never offered to apply. */
  adw_entry_row_set_show_apply_button (self->pattern_row, pattern != NULL);

  if (pattern == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_number_row), _("Not a Valid Pattern"));
      adw_action_row_set_subtitle (self->next_number_row, error->message);
      gtk_label_set_text (self->next_number_label, "");
      return FALSE;
    }

  utc = g_date_time_new_from_unix_utc (retour_context_now (self->context) / G_USEC_PER_SEC);
  when = g_date_time_to_timezone (utc, retour_context_get_time_zone (self->context));

  number = retour_rma_number_pattern_format_next (pattern, MAX (self->next_sequence, 1), when);

  display = number != NULL ? retour_rma_number_display (number) : g_strdup ("—");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_number_row), _("Next Number"));
  adw_action_row_set_subtitle (self->next_number_row,
                               self->next_sequence > 0
                               ? _("Given to the next return that is authorized")
                               : _("The counter could not be read just now: the running number may differ"));
  gtk_label_set_text (self->next_number_label, display);

  return TRUE;
}

static void
pattern_changed_cb (RetourShopPage *self)
{
  if (!self->populating)
    update_next_number (self);
}

static void
pattern_apply_cb (RetourShopPage *self)
{
  if (!update_next_number (self))
    return;

  change (self, RETOUR_SETTING_NUMBER_PATTERN,
          gtk_editable_get_text (GTK_EDITABLE (self->pattern_row)), GTK_WIDGET (self->pattern_row));
}

/* Customer data ------------------------------------------------------------ */

/* What the rule would do today, and the default it started from. */
static void
update_retention_now (RetourShopPage *self)
{
  RetourDatabase *db = get_db (self);
  g_autoptr(RetourPolicy) policy = NULL;
  g_autoptr(GArray) expired = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint years = (guint) gtk_spin_button_get_value_as_int (self->retention_years_button);
  guint default_years;

  expired = retour_privacy_store_list_expired (db, years, retour_context_now (self->context), &error);
  if (expired == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->retention_now_row), error->message);
      return;
    }
  policy = retour_policy_store_load_current (db, NULL);
  default_years = retour_privacy_default_retention_years (policy != NULL ? policy->shop_country : NULL);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u customer would be anonymised now",
                                        "%u customers would be anonymised now",
                                        expired->len),
                           expired->len);
  if (policy != NULL && policy->shop_country != NULL)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %s is a country code ("NL"), %u years. */
                                             "The default for a shop in %s is %u year, as long as its law keeps the accounts.",
                                             "The default for a shop in %s is %u years, as long as its law keeps the accounts.",
                                             default_years),
                                policy->shop_country, default_years);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The default is %u year; the shop’s country in the policy gives its own.",
                                             "The default is %u years; the shop’s country in the policy gives its own.",
                                             default_years),
                                default_years);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->retention_now_row), title);
  adw_action_row_set_subtitle (self->retention_now_row, subtitle);
}

static void
retention_changed_cb (RetourShopPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->populating || self->context == NULL)
    return;

  if (!retour_privacy_store_set_retention (get_db (self), adw_expander_row_get_enable_expansion (self->retention_row),
                                           (guint) gtk_spin_button_get_value_as_int (self->retention_years_button),
                                           retour_context_get_actor (self->context),
                                           retour_context_now (self->context), &error))
    toast (self, error->message);

  update_retention_now (self);
}

static void
populate_retention (RetourShopPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean on = FALSE;
  guint years = 10;

  if (!retour_privacy_store_get_retention (get_db (self), &on, &years, &error))
    toast (self, error->message);

  self->populating = TRUE;
  adw_expander_row_set_enable_expansion (self->retention_row, on);
  adw_expander_row_set_expanded (self->retention_row, TRUE);
  gtk_spin_button_set_value (self->retention_years_button, years);
  self->populating = FALSE;

  update_retention_now (self);
}

/* Loading ------------------------------------------------------------------ */

static void
populate (RetourShopPage *self)
{
  g_autofree char *name = get_setting (self, RETOUR_SETTING_SHOP_NAME, "");
  g_autofree char *email = get_setting (self, RETOUR_SETTING_SHOP_EMAIL, "");
  g_autofree char *currency = get_setting (self, RETOUR_SETTING_CURRENCY, "");
  g_autofree char *address = get_setting (self, RETOUR_SETTING_RETURN_ADDRESS, "");
  g_autofree char *format_key = get_setting (self, RETOUR_SETTING_LABEL_FORMAT, "thermal");
  g_autofree char *pattern = get_setting (self, RETOUR_SETTING_NUMBER_PATTERN,
                                          RETOUR_RMA_NUMBER_DEFAULT_PATTERN);
  RetourLabelFormat format = RETOUR_LABEL_FORMAT_THERMAL;

  self->populating = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  show_email_problem (self, NULL);
  gtk_label_set_text (self->currency_label, currency);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->address_view), address, -1);
  g_free (self->saved_address);
  self->saved_address = g_steal_pointer (&address);
  retour_label_format_from_key (format_key, &format);
  adw_combo_row_set_selected (self->label_format_row, format);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_row), pattern);
  self->next_sequence = peek_next_sequence (self);

  self->populating = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shop.apply-address", FALSE);
  update_next_number (self);
}

/* Where the shop is: a file, or which shared database. */
static void
populate_database (RetourShopPage *self)
{
  RetourDatabase *db = retour_context_get_database (self->context);
  gboolean shared = retour_database_is_shared (db);
  g_autofree char *where = NULL;

  if (shared)
    where = retour_database_location_describe (retour_database_get_path (db));
  else
    where = g_filename_display_name (retour_database_get_path (db));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->database_row),
                                 shared ? _("Shared Database") : _("This Computer Only"));
  adw_action_row_set_subtitle (self->database_row, where != NULL ? where : "");
  gtk_widget_set_visible (GTK_WIDGET (self->local_row), shared);
}

RetourContext *
retour_shop_page_get_context (RetourShopPage *self)
{
  g_return_val_if_fail (RETOUR_IS_SHOP_PAGE (self), NULL);

  return self->context;
}

void
retour_shop_page_set_context (RetourShopPage *self,
                              RetourContext  *context)
{
  g_return_if_fail (RETOUR_IS_SHOP_PAGE (self));
  g_return_if_fail (RETOUR_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  populate (self);
  populate_retention (self);
  populate_database (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/* GObject ------------------------------------------------------------------ */

static void
retour_shop_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_SHOP_PAGE);

  G_OBJECT_CLASS (retour_shop_page_parent_class)->dispose (object);
}

static void
retour_shop_page_finalize (GObject *object)
{
  RetourShopPage *self = RETOUR_SHOP_PAGE (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->saved_address, g_free);

  G_OBJECT_CLASS (retour_shop_page_parent_class)->finalize (object);
}

static void
retour_shop_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RetourShopPage *self = RETOUR_SHOP_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_shop_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RetourShopPage *self = RETOUR_SHOP_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      retour_shop_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retour_shop_page_class_init (RetourShopPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_shop_page_dispose;
  object_class->finalize = retour_shop_page_finalize;
  object_class->get_property = retour_shop_page_get_property;
  object_class->set_property = retour_shop_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RETOUR_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-shop-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, retention_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, retention_years_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, retention_years_button);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, retention_now_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, email_error);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, currency_label);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, address_apply_button);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, address_view);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, address_error);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, label_format_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, pattern_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, next_number_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, next_number_label);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, database_row);
  gtk_widget_class_bind_template_child (widget_class, RetourShopPage, local_row);
  gtk_widget_class_bind_template_callback (widget_class, name_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pattern_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, pattern_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retention_changed_cb);

  gtk_widget_class_install_action (widget_class, "shop.apply-address", NULL, apply_address_action);
}

static void
retour_shop_page_init (RetourShopPage *self)
{
  g_autoptr(GtkStringList) formats = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->populating = TRUE;
  for (guint i = 0; i < RETOUR_LABEL_N_FORMATS; i++)
    gtk_string_list_append (formats, retour_label_format_get_label ((RetourLabelFormat) i));
  adw_combo_row_set_model (self->label_format_row, G_LIST_MODEL (formats));
  self->populating = FALSE;

  g_signal_connect_object (gtk_text_view_get_buffer (self->address_view), "changed",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);

  /* Enter starts a new line of the address; Ctrl+Enter applies it. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("shop.apply-address")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("shop.apply-address")));
  gtk_widget_add_controller (GTK_WIDGET (self->address_view), shortcuts);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shop.apply-address", FALSE);
}
