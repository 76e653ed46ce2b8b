/* retour-label-data.h — what a return label and return form say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain value: the store fills one in from the database (see
 * retour_label_store_load_data()), the label layout (src/labels/) draws it.
 * The layout never looks anything up, so the same data always gives the
 * same page.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The paper a label is made for. The nicks ("thermal", "a6", "a4") are
 * what the label table and the label-format setting store. */
typedef enum
{
  RETOUR_LABEL_FORMAT_THERMAL,  /* 100 × 150 mm, the size carriers print */
  RETOUR_LABEL_FORMAT_A6,       /* 105 × 148 mm */
  RETOUR_LABEL_FORMAT_A4,       /* return form above, 150 × 100 mm label below */
} RetourLabelFormat;

#define RETOUR_LABEL_N_FORMATS (RETOUR_LABEL_FORMAT_A4 + 1)

#define RETOUR_TYPE_LABEL_FORMAT (retour_label_format_get_type ())
#define RETOUR_TYPE_LABEL_ITEM (retour_label_item_get_type ())
#define RETOUR_TYPE_LABEL_DATA (retour_label_data_get_type ())

typedef struct
{
  char  *sku;      /* may be NULL */
  char  *title;
  guint  quantity;
  char  *reason;   /* the reason's label, or NULL */
  char  *reason_msgid;  /* the reason as Retour names it in English, to be
                         * translated for the customer, while the shop
                         * still calls it what Retour does; else NULL */
} RetourLabelItem;

typedef struct
{
  char       *shop_name;
  char      **return_address;    /* lines, NULL-terminated; may be empty */
  char       *customer_name;
  char      **customer_address;  /* lines, NULL-terminated; may be empty */
  char       *customer_email;    /* may be NULL */
  char       *language;          /* the customer's ("nl", …), or NULL */
  char       *rma_number;        /* compact: "R26000128Y" */
  char       *order_number;      /* may be NULL */
  gint64      order_us;          /* order date, 0 when unknown */
  gint64      due_us;            /* parcel expected by, 0 when unknown */
  gint64      created_us;        /* when this content was last changed: the
                                  * PDF's creation date, so the same data
                                  * gives the same bytes */
  GTimeZone  *time_zone;         /* the shop's, that dates are shown in;
                                  * NULL for the machine's */
  gboolean    qr_code;           /* add a QR code of the number */
  GPtrArray  *items;             /* of RetourLabelItem*, owned */
} RetourLabelData;

GType              retour_label_format_get_type   (void) G_GNUC_CONST;
/* "thermal", "a6", "a4". */
const char        *retour_label_format_to_key     (RetourLabelFormat  format);
gboolean           retour_label_format_from_key   (const char        *key,
                                                   RetourLabelFormat *out);
/* Translated, for people: "Thermal 100 × 150 mm". */
const char        *retour_label_format_get_label  (RetourLabelFormat  format);
/* The page size in millimetres. */
void               retour_label_format_get_size   (RetourLabelFormat  format,
                                                   double            *width_mm,
                                                   double            *height_mm);

GType              retour_label_item_get_type     (void) G_GNUC_CONST;
RetourLabelItem   *retour_label_item_new          (const char            *sku,
                                                   const char            *title,
                                                   guint                  quantity,
                                                   const char            *reason);
RetourLabelItem   *retour_label_item_copy         (const RetourLabelItem *item);
void               retour_label_item_free         (RetourLabelItem       *item);

GType              retour_label_data_get_type     (void) G_GNUC_CONST;
RetourLabelData   *retour_label_data_new          (void);
RetourLabelData   *retour_label_data_copy         (const RetourLabelData *data);
void               retour_label_data_free         (RetourLabelData       *data);
/* Sum of the items' quantities. */
guint              retour_label_data_count_units  (const RetourLabelData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourLabelItem, retour_label_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RetourLabelData, retour_label_data_free)

G_END_DECLS
