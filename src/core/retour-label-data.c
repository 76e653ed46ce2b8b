/* retour-label-data.c — the label model: formats, copying, summaries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "retour-label-data.h"

G_DEFINE_ENUM_TYPE (RetourLabelFormat, retour_label_format,
  G_DEFINE_ENUM_VALUE (RETOUR_LABEL_FORMAT_THERMAL, "thermal"),
  G_DEFINE_ENUM_VALUE (RETOUR_LABEL_FORMAT_A6, "a6"),
  G_DEFINE_ENUM_VALUE (RETOUR_LABEL_FORMAT_A4, "a4"))

G_DEFINE_BOXED_TYPE (RetourLabelItem, retour_label_item, retour_label_item_copy, retour_label_item_free)
G_DEFINE_BOXED_TYPE (RetourLabelData, retour_label_data, retour_label_data_copy, retour_label_data_free)

static const struct
{
  const char *key;
  const char *label;
  double      width_mm;
  double      height_mm;
} formats[] = {
  [RETOUR_LABEL_FORMAT_THERMAL] = { "thermal", N_("Thermal 100 × 150 mm"), 100.0, 150.0 },
  [RETOUR_LABEL_FORMAT_A6] = { "a6", N_("A6 105 × 148 mm"), 105.0, 148.0 },
  [RETOUR_LABEL_FORMAT_A4] = { "a4", N_("A4 Form and Label"), 210.0, 297.0 },
};

const char *
retour_label_format_to_key (RetourLabelFormat format)
{
  g_return_val_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS, NULL);

  return formats[format].key;
}

gboolean
retour_label_format_from_key (const char        *key,
                              RetourLabelFormat *out)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (key, formats[i].key) == 0)
      {
        if (out != NULL)
          *out = (RetourLabelFormat) i;
        return TRUE;
      }

  return FALSE;
}

const char *
retour_label_format_get_label (RetourLabelFormat format)
{
  g_return_val_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS, NULL);

  return g_dgettext (GETTEXT_PACKAGE, formats[format].label);
}

void
retour_label_format_get_size (RetourLabelFormat  format,
                              double            *width_mm,
                              double            *height_mm)
{
  g_return_if_fail ((guint) format < RETOUR_LABEL_N_FORMATS);

  if (width_mm != NULL)
    *width_mm = formats[format].width_mm;
  if (height_mm != NULL)
    *height_mm = formats[format].height_mm;
}

RetourLabelItem *
retour_label_item_new (const char *sku,
                       const char *title,
                       guint       quantity,
                       const char *reason)
{
  RetourLabelItem *item = g_new0 (RetourLabelItem, 1);

  item->sku = g_strdup (sku);
  item->title = g_strdup (title != NULL ? title : "");
  item->quantity = quantity;
  item->reason = g_strdup (reason);

  return item;
}

RetourLabelItem *
retour_label_item_copy (const RetourLabelItem *item)
{
  RetourLabelItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = retour_label_item_new (item->sku, item->title, item->quantity, item->reason);
  copy->reason_msgid = g_strdup (item->reason_msgid);

  return copy;
}

void
retour_label_item_free (RetourLabelItem *item)
{
  if (item == NULL)
    return;

  g_free (item->sku);
  g_free (item->title);
  g_free (item->reason);
  g_free (item->reason_msgid);
  g_free (item);
}

RetourLabelData *
retour_label_data_new (void)
{
  RetourLabelData *data = g_new0 (RetourLabelData, 1);

  data->shop_name = g_strdup ("");
  data->return_address = g_new0 (char *, 1);
  data->customer_name = g_strdup ("");
  data->customer_address = g_new0 (char *, 1);
  data->rma_number = g_strdup ("");
  data->qr_code = TRUE;
  data->items = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_label_item_free);

  return data;
}

RetourLabelData *
retour_label_data_copy (const RetourLabelData *data)
{
  RetourLabelData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = g_memdup2 (data, sizeof *data);
  copy->shop_name = g_strdup (data->shop_name);
  copy->return_address = g_strdupv (data->return_address);
  copy->customer_name = g_strdup (data->customer_name);
  copy->customer_address = g_strdupv (data->customer_address);
  copy->customer_email = g_strdup (data->customer_email);
  copy->language = g_strdup (data->language);
  copy->rma_number = g_strdup (data->rma_number);
  copy->order_number = g_strdup (data->order_number);
  copy->time_zone = data->time_zone != NULL ? g_time_zone_ref (data->time_zone) : NULL;
  copy->items = g_ptr_array_new_full (data->items->len, (GDestroyNotify) retour_label_item_free);
  for (guint i = 0; i < data->items->len; i++)
    g_ptr_array_add (copy->items, retour_label_item_copy (g_ptr_array_index (data->items, i)));

  return copy;
}

void
retour_label_data_free (RetourLabelData *data)
{
  if (data == NULL)
    return;

  g_free (data->shop_name);
  g_strfreev (data->return_address);
  g_free (data->customer_name);
  g_strfreev (data->customer_address);
  g_free (data->customer_email);
  g_free (data->language);
  g_free (data->rma_number);
  g_free (data->order_number);
  g_clear_pointer (&data->time_zone, g_time_zone_unref);
  g_ptr_array_unref (data->items);
  g_free (data);
}

guint
retour_label_data_count_units (const RetourLabelData *data)
{
  guint units = 0;

  g_return_val_if_fail (data != NULL, 0);

  for (guint i = 0; i < data->items->len; i++)
    units += ((const RetourLabelItem *) g_ptr_array_index (data->items, i))->quantity;

  return units;
}
