/* retour-catalog.h — Retour's translations in a language of one's choice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What goes to a customer is in the customer's language, while Retour
 * runs in the shop's: gettext gives the one language of the process, and
 * switching it for a moment would switch it for every thread. A catalog
 * reads the compiled translations (the .mo file gettext itself would use)
 * of one language and looks texts up in it, for as long as the process
 * lives. The texts are marked as usual (N_(), NC_()) so that they land
 * in po/ with the others.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RetourCatalog RetourCatalog;

/* The translations into @language ("nl", "fr_BE.UTF-8", "de-AT"), read
 * once from where Retour's text domain is bound and kept for the
 * process. English gives a catalog that translates nothing. NULL when
 * @language is NULL, empty or one Retour has no translations into; the
 * functions below then translate into the language Retour runs in. */
const RetourCatalog *retour_catalog_get            (const char          *language);
/* "en", "nl", …: the language @catalog translates into; for NULL, that of
 * the process when Retour knows it, else "en". */
const char          *retour_catalog_get_language   (const RetourCatalog *catalog);

const char          *retour_catalog_gettext        (const RetourCatalog *catalog,
                                                    const char          *msgid) G_GNUC_FORMAT (2);
const char          *retour_catalog_pgettext       (const RetourCatalog *catalog,
                                                    const char          *context,
                                                    const char          *msgid) G_GNUC_FORMAT (3);
const char          *retour_catalog_npgettext      (const RetourCatalog *catalog,
                                                    const char          *context,
                                                    const char          *msgid,
                                                    const char          *msgid_plural,
                                                    gulong               n) G_GNUC_FORMAT (3);

/* How a text a catalog looks up is marked for xgettext: these are the
 * names of gettext's own keywords, with the catalog in the place of the
 * text domain, so that the texts land in po/ like every other. (A text
 * without a context is marked N_() and given to retour_catalog_gettext().) */
#define dpgettext(catalog, context, msgid) \
  retour_catalog_pgettext ((catalog), (context), (msgid))
#define dnpgettext(catalog, context, msgid, msgid_plural, n) \
  retour_catalog_npgettext ((catalog), (context), (msgid), (msgid_plural), (n))

/* @time as a date the way @catalog's language writes it: 14-08-2026 in
 * Dutch, 14/08/2026 in French and English, 14.08.2026 in German and
 * Polish (numbers only: the month's name would be the process's). */
char                *retour_catalog_format_date    (const RetourCatalog *catalog,
                                                    GDateTime           *time);

/* The two-letter code of @language ("nl_BE.UTF-8" → "nl"), lower case;
 * NULL for NULL or empty. */
char                *retour_catalog_language_code  (const char          *language);

G_END_DECLS
