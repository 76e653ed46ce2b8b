/* retour-catalog.c — reading one language's compiled translations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A .mo file is a header and two tables of (length, offset) pairs, the
 * originals and their translations (GNU gettext manual, "The Format of
 * GNU MO Files"). An original with a context is "context\004msgid"; one
 * with a plural is "msgid\0msgid_plural", its translation the forms one
 * after another, each ending in \0. The plural rule of each language
 * Retour is translated to is written here rather than read from the
 * file's header: it is the language's, not the translator's.
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "retour-catalog.h"

#define MO_MAGIC          0x950412deU
#define MO_MAGIC_SWAPPED  0xde120495U

struct _RetourCatalog
{
  char        language[4];
  GBytes     *file;          /* NULL for English */
  GHashTable *messages;      /* original (up to its first \0) → GBytes of the translation */
};

typedef enum
{
  PLURAL_ONE_OTHER,          /* en, nl, de: n != 1 */
  PLURAL_ZERO_ONE_OTHER,     /* fr: n > 1 */
  PLURAL_SLAVIC,             /* pl */
} PluralRule;

static const struct
{
  const char *code;
  PluralRule  plural;
} languages[] = {
  { "en", PLURAL_ONE_OTHER },
  { "nl", PLURAL_ONE_OTHER },
  { "fr", PLURAL_ZERO_ONE_OTHER },
  { "de", PLURAL_ONE_OTHER },
  { "pl", PLURAL_SLAVIC },
};

static GMutex catalogs_lock;
static GHashTable *catalogs;   /* code → RetourCatalog*, or a NULL value for none */

char *
retour_catalog_language_code (const char *language)
{
  gsize length;

  if (language == NULL || *language == '\0')
    return NULL;

  /* "nl_BE.UTF-8", "de-AT", "fr@euro" → "nl", "de", "fr" */
  length = strcspn (language, "_-.@");

  return length > 0 ? g_ascii_strdown (language, (gssize) MIN (length, 3)) : NULL;
}

static int
find_language (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].code, code))
      return (int) i;

  return -1;
}

static guint32
read_u32 (const guint8 *data,
          gsize         offset,
          gboolean      swapped)
{
  guint32 value;

  memcpy (&value, data + offset, sizeof value);

  return swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* Fills @catalog's messages from the .mo bytes; FALSE if they are not one. */
static gboolean
parse_mo (RetourCatalog *catalog)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (catalog->file, &size);
  guint32 magic, n, originals, translations;
  gboolean swapped;

  if (size < 28)
    return FALSE;

  memcpy (&magic, data, sizeof magic);
  if (magic == MO_MAGIC)
    swapped = FALSE;
  else if (magic == MO_MAGIC_SWAPPED)
    swapped = TRUE;
  else
    return FALSE;

  n = read_u32 (data, 8, swapped);
  originals = read_u32 (data, 12, swapped);
  translations = read_u32 (data, 16, swapped);
  if (n > size / 16 || originals > size - (gsize) n * 8 || translations > size - (gsize) n * 8)
    return FALSE;

  for (guint32 i = 0; i < n; i++)
    {
      guint32 original_length = read_u32 (data, originals + (gsize) i * 8, swapped);
      guint32 original_offset = read_u32 (data, originals + (gsize) i * 8 + 4, swapped);
      guint32 translation_length = read_u32 (data, translations + (gsize) i * 8, swapped);
      guint32 translation_offset = read_u32 (data, translations + (gsize) i * 8 + 4, swapped);

      /* Each string is followed by a \0 that its length does not count. */
      if (original_offset >= size || original_length >= size - original_offset ||
          translation_offset >= size || translation_length >= size - translation_offset ||
          data[original_offset + original_length] != '\0' ||
          data[translation_offset + translation_length] != '\0')
        return FALSE;

      /* The header (the empty original) is no message. */
      if (original_length == 0)
        continue;

      g_hash_table_insert (catalog->messages, (gpointer) (data + original_offset),
                           g_bytes_new_from_bytes (catalog->file, translation_offset,
                                                   translation_length + 1));
    }

  return TRUE;
}

static RetourCatalog *
load (const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  RetourCatalog *catalog;
  const char *directory;
  gsize length;

  catalog = g_new0 (RetourCatalog, 1);
  g_strlcpy (catalog->language, code, sizeof catalog->language);
  catalog->messages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) g_bytes_unref);
  if (g_str_equal (code, "en"))
    return catalog;

  /* Where the process reads its own translations (see retour_i18n_init()). */
  directory = bindtextdomain (GETTEXT_PACKAGE, NULL);
  path = g_build_filename (directory != NULL ? directory : LOCALEDIR, code, "LC_MESSAGES",
                           GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_debug ("No translations into %s: %s", code, error->message);
      goto fail;
    }

  catalog->file = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!parse_mo (catalog))
    {
      g_warning ("%s is not a readable message catalog", path);
      goto fail;
    }

  return catalog;

fail:
  g_hash_table_unref (catalog->messages);
  g_clear_pointer (&catalog->file, g_bytes_unref);
  g_free (catalog);
  return NULL;
}

const RetourCatalog *
retour_catalog_get (const char *language)
{
  g_autofree char *code = retour_catalog_language_code (language);
  RetourCatalog *catalog;
  gpointer found;

  if (find_language (code) < 0)
    return NULL;

  g_mutex_lock (&catalogs_lock);
  if (catalogs == NULL)
    catalogs = g_hash_table_new (g_str_hash, g_str_equal);
  if (g_hash_table_lookup_extended (catalogs, code, NULL, &found))
    catalog = found;
  else
    {
      /* Kept for the process: a document may be drawn on any thread. */
      catalog = load (code);
      g_hash_table_insert (catalogs, g_strdup (code), catalog);
    }
  g_mutex_unlock (&catalogs_lock);

  return catalog;
}

/* The code of the language the process runs in, if Retour knows it. */
static const char *
process_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *code = retour_catalog_language_code (names[i]);
      int index = find_language (code);

      if (index >= 0)
        return languages[index].code;
      /* "C" comes last: the untranslated texts, English. */
      if (g_str_equal (names[i], "C"))
        break;
    }

  return "en";
}

const char *
retour_catalog_get_language (const RetourCatalog *catalog)
{
  return catalog != NULL ? catalog->language : process_language ();
}

static const char *
lookup (const RetourCatalog *catalog,
        const char          *key,
        gsize               *length)
{
  GBytes *translation = g_hash_table_lookup (catalog->messages, key);
  const char *text;

  if (translation == NULL)
    return NULL;

  text = g_bytes_get_data (translation, length);
  /* An empty translation is an untranslated message. */
  return text[0] != '\0' ? text : NULL;
}

const char *
retour_catalog_gettext (const RetourCatalog *catalog,
                        const char          *msgid)
{
  const char *text;

  g_return_val_if_fail (msgid != NULL, NULL);

  if (catalog == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);

  text = lookup (catalog, msgid, NULL);

  return text != NULL ? text : msgid;
}

const char *
retour_catalog_pgettext (const RetourCatalog *catalog,
                         const char          *context,
                         const char          *msgid)
{
  g_autofree char *key = NULL;
  const char *text;

  g_return_val_if_fail (context != NULL && msgid != NULL, NULL);

  if (catalog == NULL)
    return g_dpgettext2 (GETTEXT_PACKAGE, context, msgid);

  key = g_strconcat (context, "\004", msgid, NULL);
  text = lookup (catalog, key, NULL);

  return text != NULL ? text : msgid;
}

static guint
plural_form (const char *language,
             gulong      n)
{
  int index = find_language (language);

  switch (index >= 0 ? languages[index].plural : PLURAL_ONE_OTHER)
    {
    case PLURAL_ZERO_ONE_OTHER:
      return n > 1;
    case PLURAL_SLAVIC:
      if (n == 1)
        return 0;
      return (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20)) ? 1 : 2;
    case PLURAL_ONE_OTHER:
    default:
      return n != 1;
    }
}

const char *
retour_catalog_npgettext (const RetourCatalog *catalog,
                          const char          *context,
                          const char          *msgid,
                          const char          *msgid_plural,
                          gulong               n)
{
  g_autofree char *key = NULL;
  const char *text;
  gsize length;
  guint form;

  g_return_val_if_fail (context != NULL && msgid != NULL && msgid_plural != NULL, NULL);

  if (catalog == NULL)
    {
      g_autofree char *with_context = g_strconcat (context, "\004", msgid, NULL);

      text = g_dngettext (GETTEXT_PACKAGE, with_context, msgid_plural, n);
      /* gettext gives back its argument when it has no translation. */
      if (text == with_context)
        return n == 1 ? msgid : msgid_plural;
      return text;
    }

  key = g_strconcat (context, "\004", msgid, NULL);
  text = lookup (catalog, key, &length);
  if (text == NULL)
    return n == 1 ? msgid : msgid_plural;

  /* The forms one after another, each ending in \0. */
  form = plural_form (catalog->language, n);
  for (guint i = 0; i < form; i++)
    {
      gsize skip = strlen (text) + 1;

      if (skip >= length)
        return n == 1 ? msgid : msgid_plural;
      text += skip;
      length -= skip;
    }

  return text[0] != '\0' ? text : (n == 1 ? msgid : msgid_plural);
}

char *
retour_catalog_format_date (const RetourCatalog *catalog,
                            GDateTime           *time)
{
  const char *language = retour_catalog_get_language (catalog);
  const char *format = "%d/%m/%Y";

  g_return_val_if_fail (time != NULL, NULL);

  if (g_str_equal (language, "nl"))
    format = "%d-%m-%Y";
  else if (g_str_equal (language, "de") || g_str_equal (language, "pl"))
    format = "%d.%m.%Y";

  return g_date_time_format (time, format);
}
