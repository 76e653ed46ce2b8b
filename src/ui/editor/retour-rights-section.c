/* retour-rights-section.c — the customer's rights and the law's deadlines,
 * in the RMA editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "retour-clock.h"
#include "retour-law-text.h"
#include "retour-rights-section.h"

struct _RetourRightsSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwActionRow        *withdrawal_row;
  AdwEntryRow         *possession_row;
  AdwActionRow        *exception_row;
  AdwComboRow         *notice_row;
  AdwEntryRow         *notice_time_row;
  AdwActionRow        *refund_row;
  AdwEntryRow         *dispatch_row;
  AdwActionRow        *consent_row;
  GtkSwitch           *consent_switch;
  AdwActionRow        *guarantee_row;

  RetourRma           *rma;        /* the editor's working copy */
  RetourContext       *context;
  const RetourPolicy  *policy;
  gboolean             populating;
  gboolean             changed;
  /* Fields whose text is not a date (or date and time) */
  gboolean             possession_invalid;
  gboolean             notice_invalid;
  gboolean             dispatch_invalid;
};

static void retour_rights_section_iface_init (RetourEditorSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RetourRightsSection, retour_rights_section, ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (RETOUR_TYPE_EDITOR_SECTION,
                                                      retour_rights_section_iface_init))

/* Dates are typed and shown as year-month-day in the customer's country:
 * unambiguous in every language, and what the law counts in. */
#define DATE_FORMAT "%Y-%m-%d"
#define TIME_FORMAT "%Y-%m-%d %H:%M"

static const char *
country_name (const char *country)
{
  if (g_strcmp0 (country, "NL") == 0)
    return _("the Netherlands");
  if (g_strcmp0 (country, "FR") == 0)
    return _("France");
  if (g_strcmp0 (country, "DE") == 0)
    return _("Germany");
  if (g_strcmp0 (country, "PL") == 0)
    return _("Poland");

  return country;
}

static GTimeZone *
law_time_zone (RetourRightsSection *self)
{
  const char *country = self->rma->country != NULL ? self->rma->country : self->policy->shop_country;

  return retour_law_country_time_zone (country);
}

static char *
format_time (RetourRightsSection *self,
             gint64               time_us,
             const char          *format)
{
  g_autoptr(GTimeZone) tz = law_time_zone (self);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, format);
}

/* The local day of @time_us in the customer's country, as dates are
 * shown here. */
static char *
local_day_text (RetourRightsSection *self,
                gint64               time_us)
{
  g_autoptr(GTimeZone) tz = law_time_zone (self);
  GDate day;

  if (!retour_clock_local_date (time_us, tz, &day))
    g_date_clear (&day, 1);

  return retour_law_text_date (&day);
}

/* "2026-03-05" or "2026-03-05 14:02" in the customer's country; a date
 * alone is its noon, which is that day in every time zone it is read in.
 * Empty text is 0; FALSE when the text is not a date. */
static gboolean
parse_time (RetourRightsSection *self,
            const char          *text,
            gboolean             with_time,
            gint64              *out)
{
  g_autoptr(GTimeZone) tz = law_time_zone (self);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  int year, month, day, hour = 12, minute = 0;
  char end;
  int n;

  *out = 0;
  if (*stripped == '\0')
    return TRUE;

  n = sscanf (stripped, "%d-%d-%d %d:%d%c", &year, &month, &day, &hour, &minute, &end);
  if (!(n == 3 || (with_time && n == 5)))
    return FALSE;
  if (!g_date_valid_dmy (day, month, year) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return FALSE;

  when = g_date_time_new (tz, year, month, day, hour, minute, 0);
  if (when == NULL)
    return FALSE;

  *out = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  return TRUE;
}

static void
show_withdrawal (RetourRightsSection  *self,
                 const RetourLawDates *dates)
{
  gint64 now_us = retour_context_now (self->context);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const GDate *deadline = g_date_valid (&dates->extended_deadline) ? &dates->extended_deadline
                                                                    : &dates->withdrawal_deadline;

  if (!g_date_valid (deadline))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->withdrawal_row),
                                     _("Withdrawal period unknown"));
      adw_action_row_set_subtitle (self->withdrawal_row,
                                   _("Enter the day the customer received the goods."));
      return;
    }
  else
    {
      g_autofree char *day = retour_law_text_date (deadline);
      int left = retour_law_days_until (dates, deadline, now_us);

      if (dates->declared && dates->declared_in_time)
        {
          g_autofree char *declared = retour_law_text_date (&dates->declared_on);

          /* Translators: two dates: the notice, then the period's last day. */
          title = g_strdup_printf (_("Withdrawn in time, on %s; the period ran until %s"), declared, day);
        }
      else if (left >= 0)
        /* Translators: %s is a date, %d the days left until it. */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "May withdraw until %s, %d day left",
                                              "May withdraw until %s, %d days left", left),
                                 day, left);
      else
        /* Translators: %s is a date. */
        title = g_strdup_printf (_("Withdrawal period ended on %s"), day);
    }

  {
    g_autofree char *received = retour_law_text_date (&dates->possession);

    if (dates->possession_estimated)
      /* Translators: %s is a date. */
      g_string_append_printf (subtitle, _("Received on %s, estimated from the dispatch"), received);
    else
      g_string_append_printf (subtitle, _("Received on %s"), received);
  }
  g_string_append (subtitle, " · ");
  if (dates->country_known)
    /* Translators: %s is a country, “the Netherlands”. */
    g_string_append_printf (subtitle, _("law and public holidays of %s"), country_name (dates->country));
  else
    /* Translators: %s is a country code. */
    g_string_append_printf (subtitle, _("%s: weekends counted, public holidays not known to Retour"),
                            dates->country);
  if (g_date_valid (&dates->extended_deadline))
    {
      g_string_append (subtitle, "\n");
      g_string_append (subtitle, _("Extended: the customer was not told of the right of withdrawal in time."));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->withdrawal_row), title);
  adw_action_row_set_subtitle (self->withdrawal_row, subtitle->str);
}

/* An Art 16 exception on an item's category never refuses the return: it
 * is for staff to check. */
static void
show_exceptions (RetourRightsSection  *self,
                 const RetourLawDates *dates)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->rma->lines->len; i++)
    {
      const RetourRmaLine *line = g_ptr_array_index (self->rma->lines, i);
      const RetourCategoryRule *rule = NULL;
      g_autoptr(RetourVerdict) verdict = NULL;

      if (line->claim != RETOUR_CLAIM_WITHDRAWAL || line->category == NULL)
        continue;
      rule = retour_policy_get_category_rule (self->policy, line->category);
      if (rule == NULL || rule->exception == RETOUR_EXCEPTION_NONE)
        continue;

      verdict = retour_law_evaluate_withdrawal (dates, rule->exception, retour_context_now (self->context));
      for (guint j = 0; j < verdict->reasons->len; j++)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          /* Translators: an item, then a sentence about it. */
          g_string_append_printf (text, _("%s: %s"), line->title, (char *) verdict->reasons->pdata[j]);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->exception_row), text->len > 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->exception_row),
                                 _("An exception to the right of withdrawal may apply"));
  adw_action_row_set_subtitle (self->exception_row, text->str);
}

static void
show_notice (RetourRightsSection  *self,
             const RetourLawDates *dates)
{
  const char *subtitle;

  if (!dates->declared)
    subtitle = _("A call, an e-mail or a letter saying so is notice enough; no form is needed.");
  else if (!g_date_valid (&dates->withdrawal_deadline))
    subtitle = _("Whether it came in time depends on the day the goods were received.");
  else if (dates->declared_in_time)
    subtitle = _("Given in time.");
  else
    subtitle = _("Given after the withdrawal period: the shop’s own policy decides.");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->notice_row), subtitle);
}

static void
show_refund (RetourRightsSection  *self,
             const RetourLawDates *dates)
{
  gboolean withdrawal = retour_rma_has_claim (self->rma, RETOUR_CLAIM_WITHDRAWAL);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->refund_row), withdrawal);
  gtk_widget_set_visible (GTK_WIDGET (self->dispatch_row), withdrawal);
  if (!withdrawal)
    return;

  if (g_date_valid (&dates->refund_due_by))
    title = retour_law_text_refund_due (retour_law_refund_due_us (dates), dates->country,
                                        retour_context_now (self->context));
  else
    title = g_strdup (_("The refund falls due 14 days after the customer’s notice of withdrawal"));

  if (dates->withhold_until_us != 0)
    {
      g_autofree char *day = local_day_text (self, dates->withhold_until_us);

      /* Translators: %s is a date. */
      g_string_append_printf (subtitle, _("Goods back or dispatch proven on %s: nothing left to wait for."), day);
    }
  else
    g_string_append (subtitle, _("The refund may wait until the goods are back or the customer proves they sent them, whichever comes first."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->refund_row), title);
  adw_action_row_set_subtitle (self->refund_row, subtitle->str);
}

static void
show_guarantee (RetourRightsSection  *self,
                const RetourLawDates *dates)
{
  g_autofree char *until = NULL;
  g_autofree char *presumed = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (!g_date_valid (&dates->guarantee_until))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->guarantee_row),
                                     _("Legal guarantee: two years from receipt"));
      adw_action_row_set_subtitle (self->guarantee_row, _("The day of receipt is not known yet."));
      return;
    }

  until = retour_law_text_date (&dates->guarantee_until);
  presumed = retour_law_text_date (&dates->presumption_until);
  /* Translators: %s is a date. */
  title = g_strdup_printf (_("Legal guarantee until %s"), until);
  g_string_append_printf (subtitle, _("A defect is presumed to have been there at delivery until %s."), presumed);
  if (dates->guarantee_extended)
    {
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, _("Extended by 12 months after a repair."));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->guarantee_row), title);
  adw_action_row_set_subtitle (self->guarantee_row, subtitle->str);
}

void
retour_rights_section_update (RetourRightsSection *self)
{
  RetourLawInput input;
  RetourLawDates dates;

  g_return_if_fail (RETOUR_IS_RIGHTS_SECTION (self));

  if (self->rma == NULL || self->policy == NULL)
    return;

  retour_law_input_for_rma (self->rma, self->policy, &input);
  retour_law_compute (&input, self->policy->shop_country, &dates);

  show_withdrawal (self, &dates);
  show_exceptions (self, &dates);
  show_notice (self, &dates);
  show_refund (self, &dates);
  show_guarantee (self, &dates);
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
populate (RetourRightsSection *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autofree char *possession = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *dispatch = NULL;

  self->populating = TRUE;

  for (int i = RETOUR_DECLARATION_NONE; i <= RETOUR_DECLARATION_IN_PERSON; i++)
    gtk_string_list_append (channels, retour_declaration_channel_get_label (i));
  adw_combo_row_set_model (self->notice_row, G_LIST_MODEL (channels));
  adw_combo_row_set_selected (self->notice_row, self->rma->declared_via);

  if (self->rma->possession_entered && self->rma->possession_us != 0)
    possession = format_time (self, self->rma->possession_us, DATE_FORMAT);
  if (self->rma->declared_us != 0)
    notice = format_time (self, self->rma->declared_us, TIME_FORMAT);
  if (self->rma->dispatch_proof_us != 0)
    dispatch = format_time (self, self->rma->dispatch_proof_us, DATE_FORMAT);
  set_entry (self->possession_row, possession);
  set_entry (self->notice_time_row, notice);
  set_entry (self->dispatch_row, dispatch);
  gtk_switch_set_active (self->consent_switch, self->rma->consent_alternative);

  self->possession_invalid = self->notice_invalid = self->dispatch_invalid = FALSE;
  self->populating = FALSE;

  retour_rights_section_update (self);
}

/* Marks @row when its text is not what it should be. */
static gboolean
read_time_field (RetourRightsSection *self,
                 AdwEntryRow         *row,
                 gboolean             with_time,
                 gint64              *out)
{
  gboolean valid = parse_time (self, gtk_editable_get_text (GTK_EDITABLE (row)), with_time, out);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");

  return valid;
}

/* The working copy follows the form as people type, so that the dates and
 * the refund quoted from it are current; text that is not a date leaves
 * the field it is for as it was. */
static void
field_changed_cb (RetourRightsSection *self)
{
  RetourRma *rma = self->rma;
  gint64 time_us;

  if (self->populating || rma == NULL)
    return;

  self->possession_invalid = !read_time_field (self, self->possession_row, FALSE, &time_us);
  if (!self->possession_invalid)
    {
      rma->possession_entered = time_us != 0;
      if (time_us != 0)
        {
          rma->possession_us = time_us;
          rma->possession_estimated = FALSE;
        }
    }

  /* Choosing how the notice came, with no time typed yet: it comes now,
   * most often on the phone. */
  if (rma->declared_via == RETOUR_DECLARATION_NONE &&
      adw_combo_row_get_selected (self->notice_row) != RETOUR_DECLARATION_NONE &&
      *gtk_editable_get_text (GTK_EDITABLE (self->notice_time_row)) == '\0')
    {
      g_autofree char *now = format_time (self, retour_context_now (self->context), TIME_FORMAT);

      self->populating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->notice_time_row), now);
      self->populating = FALSE;
    }
  rma->declared_via = adw_combo_row_get_selected (self->notice_row);
  self->notice_invalid = !read_time_field (self, self->notice_time_row, TRUE, &time_us);
  if (!self->notice_invalid)
    rma->declared_us = rma->declared_via != RETOUR_DECLARATION_NONE ? time_us : 0;

  self->dispatch_invalid = !read_time_field (self, self->dispatch_row, FALSE, &time_us);
  if (!self->dispatch_invalid)
    rma->dispatch_proof_us = time_us;

  rma->consent_alternative = gtk_switch_get_active (self->consent_switch);

  self->changed = TRUE;
  retour_rights_section_update (self);
  retour_editor_section_emit_edited (RETOUR_EDITOR_SECTION (self));
}

static void
retour_rights_section_set_rma (RetourEditorSection     *section,
                               RetourRma               *rma,
                               RetourContext           *context,
                               const RetourEditorTerms *terms)
{
  RetourRightsSection *self = RETOUR_RIGHTS_SECTION (section);

  self->rma = rma;
  self->context = context;
  self->policy = terms != NULL ? terms->policy : NULL;
  self->changed = FALSE;

  if (rma != NULL && self->policy != NULL)
    populate (self);
}

static gboolean
retour_rights_section_apply (RetourEditorSection  *section,
                             RetourRma            *rma,
                             GError              **error)
{
  RetourRightsSection *self = RETOUR_RIGHTS_SECTION (section);

  if (self->possession_invalid || self->dispatch_invalid)
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Type dates as year-month-day, for example 2026-03-05."));
      return FALSE;
    }

  if (self->notice_invalid)
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Type the time of the notice as year-month-day hour:minute, for example 2026-03-05 14:02."));
      return FALSE;
    }

  if (rma->declared_via != RETOUR_DECLARATION_NONE && rma->declared_us == 0)
    {
      g_set_error_literal (error, RETOUR_RMA_ERROR, RETOUR_RMA_ERROR_INCOMPLETE,
                           _("Say when the customer gave notice of withdrawal: the law’s 14 days to refund count from then."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
retour_rights_section_changed (RetourEditorSection *section)
{
  return RETOUR_RIGHTS_SECTION (section)->changed;
}

static void
retour_rights_section_iface_init (RetourEditorSectionInterface *iface)
{
  iface->set_rma = retour_rights_section_set_rma;
  iface->apply = retour_rights_section_apply;
  iface->changed = retour_rights_section_changed;
}

static void
retour_rights_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RETOUR_TYPE_RIGHTS_SECTION);

  G_OBJECT_CLASS (retour_rights_section_parent_class)->dispose (object);
}

static void
retour_rights_section_class_init (RetourRightsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = retour_rights_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/retour/Retour/ui/retour-rights-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, withdrawal_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, possession_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, exception_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, notice_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, notice_time_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, refund_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, dispatch_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, consent_row);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, RetourRightsSection, guarantee_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
retour_rights_section_init (RetourRightsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
