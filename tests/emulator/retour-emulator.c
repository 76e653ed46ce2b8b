/* retour-emulator.c — a local WooCommerce or Shopify shop for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "retour-emulator"

#include "config.h"

#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "retour-emulator.h"
#include "retour-emulator-graphql.h"

#define BASE_TIME_S G_GINT64_CONSTANT (1767225600)  /* 2026-01-01T00:00:00Z */
#define SHOPIFY_PATH "/admin/api/2025-10/graphql.json"
/* What Shopify lists without the read_all_orders scope. */
#define RECENT_DAYS 60
/* FulfillmentLineItem ids are line ids plus this: never the same number. */
#define FULFILLMENT_LINE_BASE 600000

typedef enum
{
  FAULT_THROTTLE,
  FAULT_BUSY,
  FAULT_ERROR500,
  FAULT_STALL,
  FAULT_RESET,
  FAULT_TRUNCATE,
  FAULT_MALFORMED,
  FAULT_HTML,
  FAULT_UNAUTHORIZED,
  FAULT_FORBIDDEN,
  FAULT_MODIFY,
  FAULT_DELETE,
  FAULT_WRITE_STALL,
  FAULT_RETURN_STALL,
  FAULT_REFUSE_REFUND,
  FAULT_OVERSIZE,
  FAULT_OVERSIZE_CHUNKED,
  FAULT_EDIT_LINES,
  FAULT_NONE,
} FaultKind;

static const char * const fault_names[] = {
  "throttle", "busy", "error500", "stall", "reset", "truncate", "malformed", "html",
  "unauthorized", "forbidden", "modify", "delete", "write-stall", "return-stall", "refuse-refund",
  "oversize", "oversize-chunked",
  "edit-lines",
};

typedef struct
{
  FaultKind kind;
  guint     at;
} Fault;

typedef RetourEmulatorRefund Refund;

/* A Shopify return: what came back of which line, and why. */
typedef struct
{
  gint64  line_id;
  guint   quantity;
  char   *reason;
  char   *note;           /* returnReasonNote */
  char   *customer_note;  /* NULL: none */
} ReturnLine;

typedef struct
{
  gint64     id;
  gint64     order_id;
  char      *status;      /* ReturnStatus: REQUESTED, OPEN, DECLINED, CANCELED, CLOSED */
  gint64     created_s;
  char      *decline_reason;
  char      *decline_note;
  GPtrArray *lines;   /* of ReturnLine* */
  GBytes    *label;   /* the label of its reverse delivery; NULL: none made */
} Return;

/* A file uploaded to a staged target, waiting to be used. */
typedef struct
{
  char   *mime_type;
  gint64  size;       /* what stagedUploadsCreate was told */
  GBytes *data;       /* NULL until uploaded */
} Staged;

struct _RetourEmulator
{
  RetourEmulatorPlatform  platform;
  SoupServer             *server;
  char                   *url;
  GPtrArray              *orders;    /* RetourEmulatorOrder*, by id */
  GArray                 *faults;    /* Fault */
  GPtrArray              *refunds;   /* Refund* */
  GPtrArray              *returns;   /* Return* */
  GHashTable             *staged;    /* path of a staged target -> Staged* */
  GPtrArray              *notes;     /* RetourEmulatorNote*: WooCommerce order notes */
  guint                   requests;
  guint                   writes;
  guint                   return_writes;
  guint                   answer_writes;   /* returnApproveRequest, returnDeclineRequest received */
  guint                   notifications;   /* customers notified by them */
  guint                   deliveries;      /* reverse deliveries made */
  guint                   refund_reads;
  guint                   stall_ms;
  gint64                  clock_s;
  gint64                  next_line_id;
  gboolean                no_orderby_modified;
  gboolean                strip_authorization;
  gboolean                recent_orders_only;
  gboolean                write_stall;
  gboolean                return_stall;
  gboolean                refuse_refund;

  /* Shopify's cost accounting: the bucket, and what the queries cost. */
  double                  bucket_size;
  double                  restore_rate;     /* points per second */
  double                  bucket_available;
  gint64                  bucket_at_us;     /* monotonic: when it held that */
  guint                   single_query_limit;
  guint                   max_query_cost;   /* the most any query asked for */
  GHashTable             *operation_costs;  /* operationName -> the most it asked for */
  guint                   throttled;
  guint                   cost_refused;
  guint64                 cost_spent;

  /* Resolutions (see the section at the end): exchange orders and
   * coupons made through the API, and the coupons of the shop's admin. */
  GPtrArray              *exchanges;         /* Exchange*, or NULL */
  GPtrArray              *coupons;           /* RetourEmulatorCoupon*, or NULL */
  GPtrArray              *draft_orders;      /* DraftOrder*, or NULL */
  GPtrArray              *gift_cards;        /* GiftCard*, or NULL */
  guint                   resolution_writes;
};

static void
line_free (RetourEmulatorLine *line)
{
  g_free (line->name);
  g_free (line->sku);
  g_free (line);
}

static void
order_free (RetourEmulatorOrder *order)
{
  g_free (order->number);
  g_free (order->currency);
  g_free (order->status);
  g_free (order->first_name);
  g_free (order->last_name);
  g_free (order->email);
  g_free (order->phone);
  g_free (order->city);
  g_free (order->postcode);
  g_free (order->country);
  g_ptr_array_unref (order->lines);
  g_array_unref (order->fulfillments);
  g_free (order);
}

static void
refund_free (Refund *refund)
{
  g_free (refund->key);
  g_free (refund->amount);
  g_free (refund->reason);
  g_clear_pointer (&refund->lines, g_ptr_array_unref);
  g_free (refund);
}

static void
return_line_free (ReturnLine *line)
{
  g_free (line->reason);
  g_free (line->note);
  g_free (line->customer_note);
  g_free (line);
}

static void
return_free (Return *returned)
{
  g_free (returned->status);
  g_free (returned->decline_reason);
  g_free (returned->decline_note);
  g_ptr_array_unref (returned->lines);
  g_clear_pointer (&returned->label, g_bytes_unref);
  g_free (returned);
}

static void staged_free (Staged *staged);

static const char * const first_names[] = { "Anna", "Łukasz", "Sophie", "Jan", "Zoë", "Maëlle", "Jürgen", "Agnieszka" };
static const char * const last_names[] = { "de Vries", "Kowalski", "Dubois", "Müller", "Jansen", "Wiśniewska", "Lefèvre" };
static const char * const cities[] = { "Utrecht", "Łódź", "Lyon", "Köln", "Gent", "Kraków" };
static const char * const products[] = { "Linen shirt", "Wool scarf", "Rain jacket", "Canvas tote", "Sneakers", "Beanie" };

static RetourEmulatorLine *
make_line (GRand  *rand,
           gint64  id)
{
  RetourEmulatorLine *line = g_new0 (RetourEmulatorLine, 1);
  guint product = g_rand_int_range (rand, 0, G_N_ELEMENTS (products));

  line->id = id;
  line->product_id = 100 + product;
  line->name = g_strdup (products[product]);
  /* Some products have no SKU: "" at WooCommerce, null at Shopify. */
  line->sku = product == 3 ? NULL : g_strdup_printf ("SKU-%03u", product);
  line->quantity = g_rand_int_range (rand, 1, 4);
  line->current_quantity = line->quantity - (g_rand_int_range (rand, 0, 10) == 0 ? 1 : 0);
  line->price_minor = 995 + 500 * product + (g_rand_int_range (rand, 0, 3) == 0 ? 4 : 0);

  return line;
}

#define HOUR_S (G_GINT64_CONSTANT (3600))
#define DAY_S (24 * HOUR_S)

/* Sent @after_s plus a few hours to a day, delivered one to three days
 * later; nothing that would happen after @now_s has happened yet. */
static void
add_parcel (RetourEmulatorOrder *order,
            GRand               *rand,
            gint64               after_s,
            gint64               now_s,
            gboolean             on_its_way)
{
  RetourEmulatorFulfillment parcel = { 0 };

  parcel.created_s = after_s + g_rand_int_range (rand, 2 * HOUR_S, DAY_S);
  if (parcel.created_s > now_s)
    return;
  if (!on_its_way)
    parcel.delivered_s = parcel.created_s + g_rand_int_range (rand, DAY_S, 3 * DAY_S);
  if (parcel.delivered_s > now_s)
    parcel.delivered_s = 0;
  g_array_append_val (order->fulfillments, parcel);
}

/* Most orders go out in one parcel; every fifth in two, the second (a
 * back-ordered item) sent once the first has arrived, so delivered on a
 * later day; one in seven has a parcel still on its way. Parcels take
 * their own stream of numbers, so that the rest of the shop is what it
 * was before orders had parcels. */
static void
add_parcels (RetourEmulatorOrder *order,
             GRand               *rand,
             guint                index,
             gint64               now_s)
{
  gboolean on_its_way = index % 7 == 2;

  if (g_str_equal (order->status, "cancelled"))
    return;

  if (index % 5 == 1)
    {
      add_parcel (order, rand, order->created_s, now_s, FALSE);
      if (order->fulfillments->len == 1)
        {
          RetourEmulatorFulfillment *first = &g_array_index (order->fulfillments, RetourEmulatorFulfillment, 0);

          add_parcel (order, rand, MAX (first->delivered_s, first->created_s + DAY_S), now_s, on_its_way);
        }
    }
  else
    add_parcel (order, rand, order->created_s, now_s, on_its_way);
}

static void
note_free (RetourEmulatorNote *note)
{
  g_free (note->note);
  g_free (note);
}

GPtrArray *
retour_emulator_list_notes (RetourEmulator *self)
{
  return self->notes;
}

RetourEmulator *
retour_emulator_new (RetourEmulatorPlatform platform,
                     guint                  n_orders,
                     guint                  seed)
{
  RetourEmulator *self = g_new0 (RetourEmulator, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GRand) parcels = g_rand_new_with_seed (seed ^ 0x9a7c3e1u);
  gint64 line_id = 1000;

  self->platform = platform;
  self->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_free);
  self->faults = g_array_new (FALSE, FALSE, sizeof (Fault));
  self->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) refund_free);
  self->returns = g_ptr_array_new_with_free_func ((GDestroyNotify) return_free);
  self->staged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) staged_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  self->stall_ms = 2500;
  self->operation_costs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->single_query_limit = RETOUR_EMULATOR_SINGLE_QUERY_LIMIT;
  retour_emulator_set_bucket (self, RETOUR_EMULATOR_BUCKET_SIZE, RETOUR_EMULATOR_RESTORE_RATE);
  self->clock_s = BASE_TIME_S + (gint64) n_orders * 60 + 4 * DAY_S;

  for (guint i = 0; i < n_orders; i++)
    {
      RetourEmulatorOrder *order = g_new0 (RetourEmulatorOrder, 1);
      guint n_lines = g_rand_int_range (rand, 1, 5);
      guint first = g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names));
      guint last = g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names));
      guint city = g_rand_int_range (rand, 0, G_N_ELEMENTS (cities));

      order->id = 5000 + i;
      order->number = platform == RETOUR_EMULATOR_SHOPIFY ? g_strdup_printf ("#%u", 1001 + i)
                                                          : g_strdup_printf ("%u", 1001 + i);
      order->currency = g_strdup (platform == RETOUR_EMULATOR_WOO && i % 7 == 3 ? "PLN" : "EUR");
      order->created_s = BASE_TIME_S + (gint64) i * 60;
      /* Modified a little later, in a different order than created. */
      order->modified_s = order->created_s + g_rand_int_range (rand, 0, 3 * 24 * 3600);
      order->status = g_strdup (i % 11 == 5 ? "cancelled" : "completed");
      order->customer_id = i % 4 == 0 ? 0 : 200 + g_rand_int_range (rand, 0, MAX (n_orders / 3, 1));
      order->first_name = g_strdup (first_names[first]);
      order->last_name = g_strdup (last_names[last]);
      order->email = g_strdup_printf ("%s.%u@example.com", order->customer_id != 0 ? "client" : "guest",
                                      order->customer_id != 0 ? (guint) order->customer_id : i);
      order->phone = g_strdup_printf ("+31 6 %08u", 10000000 + i);
      order->city = g_strdup (cities[city]);
      order->postcode = g_strdup_printf ("%04u AB", 1000 + city);
      order->country = g_strdup (city % 3 == 1 ? "PL" : "NL");
      order->has_shipping = i % 9 != 4;
      order->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
      for (guint j = 0; j < n_lines; j++)
        g_ptr_array_add (order->lines, make_line (rand, line_id++));
      order->fulfillments = g_array_new (FALSE, FALSE, sizeof (RetourEmulatorFulfillment));
      add_parcels (order, parcels, i, self->clock_s);
      g_ptr_array_add (self->orders, order);
    }

  self->next_line_id = 800000;

  return self;
}

void
retour_emulator_free (RetourEmulator *self)
{
  if (self == NULL)
    return;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->url);
  g_ptr_array_unref (self->orders);
  g_array_unref (self->faults);
  g_ptr_array_unref (self->refunds);
  g_ptr_array_unref (self->returns);
  g_hash_table_unref (self->staged);
  g_ptr_array_unref (self->notes);
  g_hash_table_unref (self->operation_costs);
  g_clear_pointer (&self->exchanges, g_ptr_array_unref);
  g_clear_pointer (&self->coupons, g_ptr_array_unref);
  g_clear_pointer (&self->draft_orders, g_ptr_array_unref);
  g_clear_pointer (&self->gift_cards, g_ptr_array_unref);
  g_free (self);
}

GPtrArray *
retour_emulator_get_orders (RetourEmulator *self)
{
  return self->orders;
}

static gint64
line_total (RetourEmulator     *self,
            RetourEmulatorLine *line)
{
  return line->price_minor * (self->platform == RETOUR_EMULATOR_SHOPIFY ? line->current_quantity
                                                                        : line->quantity);
}

gint64
retour_emulator_order_total (RetourEmulator      *self,
                             RetourEmulatorOrder *order)
{
  gint64 total = 0;

  for (guint i = 0; i < order->lines->len; i++)
    total += line_total (self, g_ptr_array_index (order->lines, i));

  return total;
}

/* What the customer paid for delivery: a flat rate for a parcel sent
 * to an address, nothing for one collected. */
static gint64
order_shipping (RetourEmulatorOrder *order)
{
  return order->has_shipping ? 495 : 0;
}

guint
retour_emulator_get_requests (RetourEmulator *self)
{
  return self->requests;
}

guint
retour_emulator_get_writes (RetourEmulator *self)
{
  return self->writes;
}

guint
retour_emulator_get_refunds (RetourEmulator *self)
{
  return self->refunds->len;
}

GPtrArray *
retour_emulator_list_refunds (RetourEmulator *self)
{
  return self->refunds;
}

guint
retour_emulator_get_refund_reads (RetourEmulator *self)
{
  return self->refund_reads;
}

void
retour_emulator_touch_order (RetourEmulator      *self,
                             RetourEmulatorOrder *order)
{
  order->modified_s = ++self->clock_s;
}

RetourEmulatorLine *
retour_emulator_add_line (RetourEmulator      *self,
                          RetourEmulatorOrder *order)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) self->next_line_id);
  RetourEmulatorLine *line = make_line (rand, self->next_line_id++);

  line->current_quantity = line->quantity;
  g_ptr_array_add (order->lines, line);
  retour_emulator_touch_order (self, order);

  return line;
}

void
retour_emulator_remove_line (RetourEmulator      *self,
                             RetourEmulatorOrder *order,
                             guint                index)
{
  g_return_if_fail (index < order->lines->len);

  g_ptr_array_remove_index (order->lines, index);
  retour_emulator_touch_order (self, order);
}

static RetourEmulatorLine *find_line (RetourEmulatorOrder *order,
                                       gint64               line_id);
static char *money_text (gint64      minor,
                         const char *currency);

/* WooCommerce numbers refunds with its posts: after every order. */
static gint64
new_refund_id (RetourEmulator *self)
{
  return 70000 + self->refunds->len;
}

RetourEmulatorRefund *
retour_emulator_refund_in_store (RetourEmulator      *self,
                                 RetourEmulatorOrder *order,
                                 const guint         *quantities,
                                 gint64               extra_minor,
                                 const char          *reason)
{
  Refund *refund = g_new0 (Refund, 1);
  gint64 amount = extra_minor;

  refund->id = new_refund_id (self);
  refund->order_id = order->id;
  refund->reason = g_strdup (reason);
  refund->in_store = TRUE;
  refund->via_gateway = TRUE;
  refund->lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; quantities != NULL && i < order->lines->len; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i);
      RetourEmulatorRefundLine *item;

      if (quantities[i] == 0)
        continue;
      item = g_new0 (RetourEmulatorRefundLine, 1);
      item->line_id = line->id;
      item->quantity = quantities[i];
      item->total_minor = line->price_minor * quantities[i];
      amount += item->total_minor;
      g_ptr_array_add (refund->lines, item);
    }
  refund->amount = money_text (amount, order->currency);
  retour_emulator_touch_order (self, order);
  refund->created_s = order->modified_s;
  g_ptr_array_add (self->refunds, refund);

  return refund;
}

gboolean
retour_emulator_delete_refund (RetourEmulator *self,
                               gint64          refund_id)
{
  for (guint i = 0; i < self->refunds->len; i++)
    {
      Refund *refund = g_ptr_array_index (self->refunds, i);

      if (refund->id != refund_id)
        continue;
      for (guint j = 0; j < self->orders->len; j++)
        {
          RetourEmulatorOrder *order = g_ptr_array_index (self->orders, j);

          if (order->id == refund->order_id)
            retour_emulator_touch_order (self, order);
        }
      g_ptr_array_remove_index (self->refunds, i);
      return TRUE;
    }

  return FALSE;
}

guint
retour_emulator_get_return_writes (RetourEmulator *self)
{
  return self->return_writes;
}

guint
retour_emulator_get_returns (RetourEmulator *self)
{
  return self->returns->len;
}

guint
retour_emulator_get_returned (RetourEmulator *self,
                              gint64          line_id)
{
  guint returned = 0;

  for (guint i = 0; i < self->returns->len; i++)
    {
      Return *item = g_ptr_array_index (self->returns, i);

      /* A request the customer withdrew, or the shop declined, gives its
       * units back. */
      if (g_str_equal (item->status, "CANCELED") || g_str_equal (item->status, "DECLINED"))
        continue;
      for (guint j = 0; j < item->lines->len; j++)
        {
          ReturnLine *line = g_ptr_array_index (item->lines, j);

          if (line->line_id == line_id)
            returned += line->quantity;
        }
    }

  return returned;
}

static RetourEmulatorOrder *find_order (RetourEmulator *self,
                                        gint64          id);
static guint returnable_quantity (RetourEmulator     *self,
                                  RetourEmulatorLine *line);

static Return *
find_return (RetourEmulator *self,
             gint64          return_id)
{
  for (guint i = 0; i < self->returns->len; i++)
    if (((Return *) g_ptr_array_index (self->returns, i))->id == return_id)
      return g_ptr_array_index (self->returns, i);

  return NULL;
}

gint64
retour_emulator_request_return (RetourEmulator      *self,
                                RetourEmulatorOrder *order,
                                const guint         *quantities,
                                const char          *reason,
                                const char          *customer_note)
{
  Return *requested;

  g_return_val_if_fail (order != NULL && quantities != NULL && reason != NULL, 0);

  retour_emulator_touch_order (self, order);
  requested = g_new0 (Return, 1);
  requested->id = 90000 + self->returns->len;
  requested->order_id = order->id;
  requested->status = g_strdup ("REQUESTED");
  requested->created_s = self->clock_s;
  requested->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) return_line_free);
  for (guint i = 0; i < order->lines->len; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i);
      ReturnLine *taken;

      if (quantities[i] == 0)
        continue;
      g_return_val_if_fail (quantities[i] <= returnable_quantity (self, line), 0);
      taken = g_new0 (ReturnLine, 1);
      taken->line_id = line->id;
      taken->quantity = quantities[i];
      taken->reason = g_strdup (reason);
      taken->note = g_strdup ("");
      taken->customer_note = g_strdup (customer_note);
      g_ptr_array_add (requested->lines, taken);
    }
  g_return_val_if_fail (requested->lines->len > 0, (return_free (requested), 0));
  g_ptr_array_add (self->returns, requested);

  return requested->id;
}

gboolean
retour_emulator_set_return_status (RetourEmulator *self,
                                   gint64          return_id,
                                   const char     *status)
{
  Return *item = find_return (self, return_id);

  if (item == NULL)
    return FALSE;

  g_free (item->status);
  item->status = g_strdup (status);
  retour_emulator_touch_order (self, find_order (self, item->order_id));

  return TRUE;
}

const char *
retour_emulator_get_return_status (RetourEmulator *self,
                                   gint64          return_id,
                                   const char    **decline_reason,
                                   const char    **decline_note)
{
  Return *item = find_return (self, return_id);

  if (decline_reason != NULL)
    *decline_reason = item != NULL ? item->decline_reason : NULL;
  if (decline_note != NULL)
    *decline_note = item != NULL ? item->decline_note : NULL;

  return item != NULL ? item->status : NULL;
}

guint
retour_emulator_get_answer_writes (RetourEmulator *self)
{
  return self->answer_writes;
}

guint
retour_emulator_get_notifications (RetourEmulator *self)
{
  return self->notifications;
}

void
retour_emulator_set_stall_ms (RetourEmulator *self,
                              guint           stall_ms)
{
  self->stall_ms = stall_ms;
}

/* Orders as the listing sorts them: by modification, then id. */
static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  const RetourEmulatorOrder *x = *(RetourEmulatorOrder * const *) a;
  const RetourEmulatorOrder *y = *(RetourEmulatorOrder * const *) b;

  if (x->modified_s != y->modified_s)
    return x->modified_s < y->modified_s ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static GPtrArray *
sorted_live_orders (RetourEmulator *self)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < self->orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);

      if (!order->deleted)
        g_ptr_array_add (list, order);
    }
  g_ptr_array_sort (list, compare_modified);

  return list;
}

static void
apply_option (RetourEmulator *self,
              const char     *name)
{
  g_autoptr(GPtrArray) sorted = sorted_live_orders (self);

  if (g_str_equal (name, "equal-timestamps"))
    {
      for (guint i = 5; i < 35 && i < sorted->len; i++)
        ((RetourEmulatorOrder *) g_ptr_array_index (sorted, i))->modified_s =
          ((RetourEmulatorOrder *) g_ptr_array_index (sorted, MIN (34, sorted->len - 1)))->modified_s;
    }
  else if (g_str_equal (name, "huge") && self->orders->len > 0)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, 0);
      g_autoptr(GRand) rand = g_rand_new_with_seed (42);

      while (order->lines->len < 300)
        g_ptr_array_add (order->lines, make_line (rand, 900000 + order->lines->len));
    }
  else if (g_str_equal (name, "numbers"))
    {
      for (guint i = 0; i < self->orders->len; i += 5)
        ((RetourEmulatorOrder *) g_ptr_array_index (self->orders, i))->total_as_number = TRUE;
    }
  else if (g_str_equal (name, "no-orderby-modified"))
    {
      self->no_orderby_modified = TRUE;
    }
  else if (g_str_equal (name, "no-read-all-orders"))
    {
      self->recent_orders_only = TRUE;
    }
  else if (g_str_equal (name, "strip-authorization"))
    {
      self->strip_authorization = TRUE;
    }
  else if (g_str_equal (name, "all-currencies"))
    {
      /* Every currency in use, one order each, round and round. */
      UErrorCode status = U_ZERO_ERROR;
      UEnumeration *codes = ucurr_openISOCurrencies (UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
      const char *code;

      while (U_SUCCESS (status) && (code = uenum_next (codes, NULL, &status)) != NULL)
        g_ptr_array_add (list, g_strdup (code));
      uenum_close (codes);

      for (guint i = 0; i < self->orders->len && list->len > 0; i++)
        {
          RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);

          g_free (order->currency);
          order->currency = g_strdup (g_ptr_array_index (list, i % list->len));
        }
    }
  else if (g_str_equal (name, "refunds") && self->platform == RETOUR_EMULATOR_WOO)
    {
      for (guint i = 2; i < self->orders->len; i += 5)
        {
          RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);
          g_autofree guint *quantities = g_new0 (guint, order->lines->len);

          if (i % 10 == 2)
            {
              /* One unit came back broken. */
              quantities[0] = 1;
              retour_emulator_refund_in_store (self, order, quantities, 0, "Broken in transit");
              continue;
            }

          /* All of it, in two goes, the shipping with the second. */
          for (guint j = 0; j < order->lines->len; j++)
            quantities[j] = j == 0 ? 1 : ((RetourEmulatorLine *) g_ptr_array_index (order->lines, j))->quantity;
          retour_emulator_refund_in_store (self, order, quantities, 0, NULL);
          memset (quantities, 0, order->lines->len * sizeof (guint));
          quantities[0] = ((RetourEmulatorLine *) g_ptr_array_index (order->lines, 0))->quantity - 1;
          retour_emulator_refund_in_store (self, order, quantities, 495, "Order cancelled by phone");
        }
    }
  else if (g_str_equal (name, "unreadable-order") && self->orders->len > 4)
    {
      /* An order in a currency no one has: the sync must skip it alone. */
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, 4);

      g_free (order->currency);
      order->currency = g_strdup ("ZZZ");
    }
}

gboolean
retour_emulator_add_faults (RetourEmulator  *self,
                            const char      *spec,
                            GError         **error)
{
  g_auto(GStrv) items = g_strsplit (spec, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (items[i]), "@", 2);
      Fault fault = { FAULT_NONE, 2 };
      guint64 at;

      if (*parts[0] == '\0')
        continue;

      if (g_str_equal (parts[0], "equal-timestamps") || g_str_equal (parts[0], "huge") ||
          g_str_equal (parts[0], "numbers") || g_str_equal (parts[0], "no-orderby-modified") ||
          g_str_equal (parts[0], "no-read-all-orders") || g_str_equal (parts[0], "unreadable-order") ||
          g_str_equal (parts[0], "refunds") || g_str_equal (parts[0], "strip-authorization") ||
          g_str_equal (parts[0], "all-currencies"))
        {
          apply_option (self, parts[0]);
          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (fault_names); k++)
        if (g_str_equal (parts[0], fault_names[k]))
          fault.kind = (FaultKind) k;

      if (fault.kind == FAULT_NONE ||
          (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &at, NULL)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown fault “%s”", items[i]);
          return FALSE;
        }
      if (parts[1] != NULL)
        fault.at = (guint) at;

      if (fault.kind == FAULT_WRITE_STALL)
        self->write_stall = TRUE;
      else if (fault.kind == FAULT_RETURN_STALL)
        self->return_stall = TRUE;
      else if (fault.kind == FAULT_REFUSE_REFUND)
        self->refuse_refund = TRUE;
      else
        g_array_append_val (self->faults, fault);
    }

  return TRUE;
}

static FaultKind
take_fault (RetourEmulator *self)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = &g_array_index (self->faults, Fault, i);

      if (fault->at == self->requests)
        {
          FaultKind kind = fault->kind;

          g_array_remove_index (self->faults, i);
          return kind;
        }
    }

  return FAULT_NONE;
}

/* ---------------------------------------------------------------- output */

/* The decimals of @currency as the platforms write it (JPY 0, KWD 3), from
 * ICU's currency data like the shop systems' own tables. */
static int
currency_exponent (const char *currency)
{
  UChar code[4];
  UErrorCode status = U_ZERO_ERROR;
  int32_t digits;

  if (currency == NULL || strlen (currency) != 3)
    return 2;

  u_charsToUChars (currency, code, 4);
  digits = ucurr_getDefaultFractionDigits (code, &status);

  return U_SUCCESS (status) && digits >= 0 && digits <= 4 ? digits : 2;
}

static gint64
power_of_ten (int exponent)
{
  gint64 power = 1;

  while (exponent-- > 0)
    power *= 10;

  return power;
}

static char *
money_text (gint64      minor,
            const char *currency)
{
  int exponent = currency_exponent (currency);
  gint64 scale = power_of_ten (exponent);

  if (exponent == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor);

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                          minor < 0 ? "-" : "", ABS (minor) / scale, exponent, ABS (minor) % scale);
}

/* The same amount as a JSON number, as some plugins send it. */
static double
money_number (gint64      minor,
              const char *currency)
{
  return (double) minor / (double) power_of_ten (currency_exponent (currency));
}

static char *
time_text (gint64   seconds,
           gboolean zulu)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (time, zulu ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S");
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_take (JsonBuilder *builder,
          const char  *name,
          char        *value)
{
  add_string (builder, name, value);
  g_free (value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_woo_address (JsonBuilder         *builder,
                 const char          *name,
                 RetourEmulatorOrder *order,
                 gboolean             billing)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_string (builder, "first_name", order->first_name);
  add_string (builder, "last_name", order->last_name);
  add_string (builder, "address_1", "Dorpsstraat 1");
  add_string (builder, "address_2", "");
  add_string (builder, "city", order->city);
  add_string (builder, "postcode", order->postcode);
  add_string (builder, "country", order->country);
  if (billing)
    {
      add_string (builder, "email", order->email);
      add_string (builder, "phone", order->phone);
    }
  json_builder_end_object (builder);
}

/* When the last parcel went out: when a WooCommerce shop marks the order
 * completed. */
static gint64
last_dispatch (RetourEmulatorOrder *order)
{
  gint64 last = 0;

  for (guint i = 0; i < order->fulfillments->len; i++)
    last = MAX (last, g_array_index (order->fulfillments, RetourEmulatorFulfillment, i).created_s);

  return last;
}

static void
add_woo_order (RetourEmulator      *self,
               JsonBuilder         *builder,
               RetourEmulatorOrder *order)
{
  gint64 total = retour_emulator_order_total (self, order);

  json_builder_begin_object (builder);
  add_int (builder, "id", order->id);
  add_string (builder, "number", order->number);
  add_string (builder, "status", order->status);
  add_string (builder, "currency", order->currency);
  add_take (builder, "date_created", time_text (order->created_s + 3600, FALSE));
  add_take (builder, "date_created_gmt", time_text (order->created_s, FALSE));
  add_take (builder, "date_modified_gmt", time_text (order->modified_s, FALSE));
  add_take (builder, "date_completed_gmt", order->fulfillments->len > 0
                                           ? time_text (last_dispatch (order), FALSE) : NULL);
  /* Some plugins turn the total into a number. */
  if (order->total_as_number)
    {
      json_builder_set_member_name (builder, "total");
      json_builder_add_double_value (builder, money_number (total, order->currency));
    }
  else
    add_take (builder, "total", money_text (total, order->currency));
  add_take (builder, "shipping_total", money_text (order_shipping (order), order->currency));
  add_int (builder, "customer_id", order->customer_id);
  add_woo_address (builder, "billing", order, TRUE);
  if (order->has_shipping)
    add_woo_address (builder, "shipping", order, FALSE);
  json_builder_set_member_name (builder, "line_items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < order->lines->len; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i);

      json_builder_begin_object (builder);
      add_int (builder, "id", line->id);
      add_string (builder, "name", line->name);
      add_int (builder, "product_id", line->product_id);
      add_int (builder, "variation_id", 0);
      add_int (builder, "quantity", line->quantity);
      add_string (builder, "sku", line->sku != NULL ? line->sku : "");
      add_take (builder, "subtotal", money_text (line_total (self, line), order->currency));
      add_take (builder, "total", money_text (line_total (self, line), order->currency));
      json_builder_set_member_name (builder, "price");
      json_builder_add_double_value (builder, money_number (line->price_minor, order->currency));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "refunds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->refunds->len; i++)
    {
      Refund *refund = g_ptr_array_index (self->refunds, i);
      g_autofree char *negative = g_strconcat ("-", refund->amount, NULL);

      if (refund->order_id != order->id)
        continue;
      json_builder_begin_object (builder);
      add_int (builder, "id", refund->id);
      add_string (builder, "reason", refund->reason != NULL ? refund->reason : "");
      add_string (builder, "total", negative);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static char *
builder_text (JsonBuilder *builder,
              gsize       *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* ------------------------------------------------------------- answering */

typedef struct
{
  SoupServerMessage *message;
  guint              status;
  char              *content_type;
  char              *body;
  gsize              length;
  gboolean           gone;
  gulong             handler;
} Delayed;

/* The client gave up waiting and closed the connection. */
static void
on_stalled_finished (SoupServerMessage *message,
                     gpointer           user_data)
{
  ((Delayed *) user_data)->gone = TRUE;
}

static gboolean
answer_delayed (gpointer user_data)
{
  Delayed *delayed = user_data;

  g_signal_handler_disconnect (delayed->message, delayed->handler);
  if (!delayed->gone)
    {
      soup_server_message_set_status (delayed->message, delayed->status, NULL);
      soup_server_message_set_response (delayed->message, delayed->content_type, SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&delayed->body), delayed->length);
      soup_server_message_unpause (delayed->message);
    }
  g_free (delayed->body);
  g_object_unref (delayed->message);
  g_free (delayed->content_type);
  g_free (delayed);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  GIOStream *stream;
  char      *data;
} Cut;

static void
on_cut_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cut *cut = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close (cut->stream, NULL, NULL);
  g_object_unref (cut->stream);
  g_free (cut->data);
  g_free (cut);
}

/* Announces the whole body and sends half of it before the connection
 * goes, like a host that dies mid-answer: the client can tell the body
 * was cut off. */
static void
respond_cut_off (SoupServerMessage *message,
                 guint              status,
                 const char        *content_type,
                 char              *body,
                 gsize              length)
{
  Cut *cut = g_new0 (Cut, 1);
  GString *raw = g_string_new (NULL);
  gsize raw_length;

  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          status, soup_status_get_phrase (status), content_type, length);
  g_string_append_len (raw, body, (gssize) (length / 2));
  g_free (body);

  raw_length = raw->len;
  cut->data = g_string_free (raw, FALSE);
  cut->stream = soup_server_message_steal_connection (message);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (cut->stream), cut->data, raw_length,
                                   G_PRIORITY_DEFAULT, NULL, on_cut_written, cut);
}

static void
respond (RetourEmulator    *self,
         SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         char              *body,
         gsize              length,
         FaultKind          fault)
{
  if (fault == FAULT_TRUNCATE)
    {
      respond_cut_off (message, status, content_type, body, length);
      return;
    }

  if (fault == FAULT_STALL)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->message = g_object_ref (message);
      delayed->status = status;
      delayed->content_type = g_strdup (content_type);
      delayed->body = body;
      delayed->length = length;
      delayed->handler = g_signal_connect (message, "disconnected", G_CALLBACK (on_stalled_finished), delayed);
      soup_server_message_pause (message);
      g_timeout_add (self->stall_ms, answer_delayed, delayed);
      return;
    }

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_TAKE, body, length);
}

static void
respond_text (RetourEmulator    *self,
              SoupServerMessage *message,
              guint              status,
              const char        *content_type,
              const char        *text)
{
  respond (self, message, status, content_type, g_strdup (text), strlen (text), FAULT_NONE);
}

static void
woo_error (RetourEmulator    *self,
           SoupServerMessage *message,
           guint              status,
           const char        *code,
           const char        *text)
{
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"message\":\"%s\",\"data\":{\"status\":%u}}",
                                           code, text, status);

  respond_text (self, message, status, "application/json", body);
}

/* The faults that replace the answer; FALSE when it still has to be made. */
static gboolean
apply_fault (RetourEmulator    *self,
             SoupServerMessage *message,
             FaultKind          fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  switch (fault)
    {
    case FAULT_THROTTLE:
      if (self->platform == RETOUR_EMULATOR_SHOPIFY)
        {
          respond_text (self, message, 200, "application/json",
                        "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\","
                        "\"documentation\":\"https://shopify.dev/api/usage/rate-limits\"}}],"
                        "\"extensions\":{\"cost\":{\"requestedQueryCost\":202,\"actualQueryCost\":null,"
                        "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":2,"
                        "\"restoreRate\":1000.0}}}}");
          return TRUE;
        }
      soup_message_headers_replace (headers, "Retry-After", "1");
      woo_error (self, message, 429, "too_many_requests", "Slow down");
      return TRUE;
    case FAULT_BUSY:
      respond_text (self, message, 503, "text/html",
                    "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
                    "<body><h1>Service Unavailable</h1><p>The server is busy.</p></body></html>");
      return TRUE;
    case FAULT_ERROR500:
      if (self->platform == RETOUR_EMULATOR_SHOPIFY)
        respond_text (self, message, 500, "application/json", "{\"errors\":\"Internal Server Error\"}");
      else
        woo_error (self, message, 500, "internal_server_error", "There has been a critical error.");
      return TRUE;
    case FAULT_RESET:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

        g_io_stream_close (stream, NULL, NULL);
        return TRUE;
      }
    case FAULT_MALFORMED:
      respond_text (self, message, 200, "application/json", "[{\"id\": 1,, \"number\": }");
      return TRUE;
    case FAULT_HTML:
      respond_text (self, message, 200, "text/html",
                    "<html><body><h1>Checking your browser…</h1></body></html>");
      return TRUE;
    case FAULT_OVERSIZE:
    case FAULT_OVERSIZE_CHUNKED:
      {
        /* 40 MB of a JSON array that never ends: a log or a backup served
         * by a misconfigured host; with its length announced, or chunked
         * so that only reading tells. */
        gsize length = 40 * 1024 * 1024;
        char *junk = g_malloc (length);

        memset (junk, ' ', length);
        junk[0] = '[';
        soup_server_message_set_status (message, 200, NULL);
        if (fault == FAULT_OVERSIZE)
          soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, junk, length);
        else
          {
            SoupMessageBody *body = soup_server_message_get_response_body (message);

            soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
            soup_message_headers_replace (headers, "Content-Type", "application/json");
            soup_message_body_append_take (body, (guchar *) junk, length);
            soup_message_body_complete (body);
          }
        return TRUE;
      }
    case FAULT_UNAUTHORIZED:
      if (self->platform == RETOUR_EMULATOR_SHOPIFY)
        respond_text (self, message, 401, "application/json",
                      "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
      else
        woo_error (self, message, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
      return TRUE;
    case FAULT_FORBIDDEN:
      if (self->platform == RETOUR_EMULATOR_SHOPIFY)
        respond_text (self, message, 403, "application/json",
                      "{\"errors\":\"[API] This action requires merchant approval for read_orders scope.\"}");
      else
        woo_error (self, message, 403, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
      return TRUE;
    case FAULT_MODIFY:
      {
        g_autoptr(GPtrArray) sorted = sorted_live_orders (self);

        /* The first orders listed change: they move to the end. */
        for (guint i = 0; i < 3 && i < sorted->len; i++)
          {
            RetourEmulatorOrder *order = g_ptr_array_index (sorted, i);
            RetourEmulatorLine *line = g_ptr_array_index (order->lines, 0);

            order->modified_s = ++self->clock_s;
            g_free (order->status);
            order->status = g_strdup ("refunded");
            line->price_minor += 100;
          }
        return FALSE;
      }
    case FAULT_DELETE:
      {
        g_autoptr(GPtrArray) sorted = sorted_live_orders (self);

        if (sorted->len > 0)
          ((RetourEmulatorOrder *) g_ptr_array_index (sorted, 0))->deleted = TRUE;
        return FALSE;
      }
    case FAULT_EDIT_LINES:
      {
        g_autoptr(GPtrArray) sorted = sorted_live_orders (self);

        if (sorted->len >= 2)
          {
            RetourEmulatorOrder *first = g_ptr_array_index (sorted, 0);
            RetourEmulatorOrder *second = g_ptr_array_index (sorted, 1);
            RetourEmulatorLine *line = g_ptr_array_index (second->lines, 0);

            if (first->lines->len > 1)
              retour_emulator_remove_line (self, first, first->lines->len - 1);
            else
              retour_emulator_add_line (self, first);
            retour_emulator_add_line (self, second);
            line->quantity++;
            line->current_quantity++;
          }
        return FALSE;
      }
    case FAULT_STALL:
    case FAULT_TRUNCATE:
    case FAULT_WRITE_STALL:
    case FAULT_RETURN_STALL:
    case FAULT_REFUSE_REFUND:
    case FAULT_NONE:
    default:
      return FALSE;
    }
}

static RetourEmulatorOrder *
find_order (RetourEmulator *self,
            gint64          id)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);

      if (order->id == id && !order->deleted)
        return order;
    }

  return NULL;
}

/* ----------------------------------------------------------- WooCommerce */

/* Basic with the keys; or, as WooCommerce also takes, the keys as query
 * parameters. A host that strips the Authorization header (Apache with
 * PHP as CGI) leaves only the second. */
static gboolean
woo_authorized (RetourEmulator    *self,
                SoupServerMessage *message,
                GHashTable        *query)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                    "Authorization");
  g_autofree char *expected = NULL;
  g_autofree char *encoded = NULL;

  if (query != NULL &&
      g_strcmp0 (g_hash_table_lookup (query, "consumer_key"), RETOUR_EMULATOR_WOO_KEY) == 0 &&
      g_strcmp0 (g_hash_table_lookup (query, "consumer_secret"), RETOUR_EMULATOR_WOO_SECRET) == 0)
    return TRUE;
  if (self->strip_authorization)
    return FALSE;

  encoded = g_base64_encode ((const guchar *) RETOUR_EMULATOR_WOO_KEY ":" RETOUR_EMULATOR_WOO_SECRET,
                             strlen (RETOUR_EMULATOR_WOO_KEY ":" RETOUR_EMULATOR_WOO_SECRET));
  expected = g_strconcat ("Basic ", encoded, NULL);

  return g_strcmp0 (value, expected) == 0;
}

static gint64
parse_after (const char *text,
             gboolean    gmt)
{
  g_autoptr(GTimeZone) tz = gmt ? g_time_zone_new_utc () : g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) time = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  time = text != NULL ? g_date_time_new_from_iso8601 (text, tz) : NULL;

  return time != NULL ? g_date_time_to_unix (time) : G_MININT64;
}

static void
woo_list_orders (RetourEmulator    *self,
                 SoupServerMessage *message,
                 GHashTable        *query,
                 FaultKind          fault)
{
  const char *per_page_text = query != NULL ? g_hash_table_lookup (query, "per_page") : NULL;
  const char *page_text = query != NULL ? g_hash_table_lookup (query, "page") : NULL;
  const char *orderby = query != NULL ? g_hash_table_lookup (query, "orderby") : NULL;
  const char *after_text = query != NULL ? g_hash_table_lookup (query, "modified_after") : NULL;
  const char *gmt = query != NULL ? g_hash_table_lookup (query, "dates_are_gmt") : NULL;
  const char *include_text = query != NULL ? g_hash_table_lookup (query, "include") : NULL;
  g_autoptr(GHashTable) include = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autofree char *total_text = NULL;
  g_autofree char *pages_text = NULL;
  guint64 per_page = 10, page = 1;
  gint64 after = after_text != NULL ? parse_after (after_text, g_strcmp0 (gmt, "true") == 0) : G_MININT64;
  guint pages;
  char *body;
  gsize length;

  if ((per_page_text != NULL && !g_ascii_string_to_unsigned (per_page_text, 10, 1, 100, &per_page, NULL)) ||
      (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT, &page, NULL)) ||
      (g_strcmp0 (orderby, "modified") == 0 && self->no_orderby_modified))
    {
      woo_error (self, message, 400, "rest_invalid_param", "Invalid parameter(s): per_page, page, orderby");
      return;
    }

  /* include=1,2,3: only those orders (WooCommerce takes ids only). */
  if (include_text != NULL)
    {
      g_auto(GStrv) ids = g_strsplit (include_text, ",", -1);

      include = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          gint64 id;

          if (!g_ascii_string_to_signed (ids[i], 10, 1, G_MAXINT64, &id, NULL))
            {
              woo_error (self, message, 400, "rest_invalid_param", "Invalid parameter(s): include");
              return;
            }
          g_hash_table_add (include, g_memdup2 (&id, sizeof id));
        }
    }

  for (guint i = 0; i < self->orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);

      if (!order->deleted && order->modified_s > after &&
          (include == NULL || g_hash_table_contains (include, &order->id)))
        g_ptr_array_add (list, order);
    }
  if (g_strcmp0 (orderby, "modified") == 0)
    g_ptr_array_sort (list, compare_modified);

  pages = (list->len + per_page - 1) / per_page;
  json_builder_begin_array (builder);
  for (guint i = (page - 1) * per_page; i < list->len && i < page * per_page; i++)
    add_woo_order (self, builder, g_ptr_array_index (list, i));
  json_builder_end_array (builder);
  body = builder_text (builder, &length);

  total_text = g_strdup_printf ("%u", list->len);
  pages_text = g_strdup_printf ("%u", pages);
  soup_message_headers_replace (headers, "X-WP-Total", total_text);
  soup_message_headers_replace (headers, "X-WP-TotalPages", pages_text);
  respond (self, message, 200, "application/json", body, length, fault);
}

/* As GET /orders/{id}/refunds documents a refunded item: its own id,
 * negative quantity and money, and the order line it refunds in its meta
 * data. */
static void
add_woo_refund_item (JsonBuilder              *builder,
                     RetourEmulatorOrder      *order,
                     RetourEmulatorRefundLine *item,
                     gint64                   id)
{
  RetourEmulatorLine *line = find_line (order, item->line_id);
  g_autofree char *line_id = g_strdup_printf ("%" G_GINT64_FORMAT, item->line_id);

  json_builder_begin_object (builder);
  add_int (builder, "id", id);
  add_string (builder, "name", line != NULL ? line->name : "Removed item");
  add_int (builder, "product_id", line != NULL ? line->product_id : 0);
  add_int (builder, "variation_id", 0);
  add_int (builder, "quantity", -(gint64) item->quantity);
  add_string (builder, "tax_class", "");
  add_take (builder, "subtotal", money_text (-item->total_minor, order->currency));
  add_string (builder, "subtotal_tax", "0.00");
  add_take (builder, "total", money_text (-item->total_minor, order->currency));
  add_string (builder, "total_tax", "0.00");
  json_builder_set_member_name (builder, "taxes");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_int (builder, "id", id * 10);
  add_string (builder, "key", "_refunded_item_id");
  add_string (builder, "value", line_id);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string (builder, "sku", line != NULL && line->sku != NULL ? line->sku : "");
  json_builder_set_member_name (builder, "price");
  json_builder_add_double_value (builder, line != NULL ? -money_number (line->price_minor, order->currency) : 0.0);
  json_builder_end_object (builder);
}

static void
add_woo_refund (JsonBuilder         *builder,
                RetourEmulatorOrder *order,
                Refund              *refund)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", refund->id);
  add_take (builder, "date_created", time_text (refund->created_s + 3600, FALSE));
  add_take (builder, "date_created_gmt", time_text (refund->created_s, FALSE));
  add_string (builder, "amount", refund->amount);
  add_string (builder, "reason", refund->reason != NULL ? refund->reason : "");
  add_int (builder, "refunded_by", 1);
  json_builder_set_member_name (builder, "refunded_payment");
  json_builder_add_boolean_value (builder, refund->via_gateway);
  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  if (refund->key != NULL)
    {
      json_builder_begin_object (builder);
      add_int (builder, "id", refund->id * 10);
      add_string (builder, "key", "_retour_idempotency_key");
      add_string (builder, "value", refund->key);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "line_items");
  json_builder_begin_array (builder);
  for (guint i = 0; refund->lines != NULL && i < refund->lines->len; i++)
    add_woo_refund_item (builder, order, g_ptr_array_index (refund->lines, i), refund->id * 100 + i);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* line_items: [{"id": LINE, "quantity": N, "refund_total": AMOUNT}] of a
 * refund being created. */
static GPtrArray *
refund_lines_of (JsonObject          *object,
                 RetourEmulatorOrder *order)
{
  JsonNode *node = json_object_get_member (object, "line_items");
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
                    i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonObject *entry = json_array_get_object_element (json_node_get_array (node), i);
      RetourEmulatorRefundLine *item;
      RetourEmulatorLine *line;

      if (entry == NULL ||
          (line = find_line (order, json_object_get_int_member_with_default (entry, "id", 0))) == NULL)
        continue;
      item = g_new0 (RetourEmulatorRefundLine, 1);
      item->line_id = line->id;
      item->quantity = (guint) CLAMP (json_object_get_int_member_with_default (entry, "quantity", 0), 0, G_MAXINT);
      item->total_minor = line->price_minor * item->quantity;
      g_ptr_array_add (lines, item);
    }

  return lines;
}

static char *
meta_value (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, "meta_data");
  JsonArray *meta;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  meta = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (meta); i++)
    {
      JsonObject *entry = json_array_get_object_element (meta, i);

      if (entry != NULL && g_strcmp0 (json_object_get_string_member_with_default (entry, "key", NULL), key) == 0)
        return g_strdup (json_object_get_string_member_with_default (entry, "value", NULL));
    }

  return NULL;
}

static void
woo_refunds (RetourEmulator    *self,
             SoupServerMessage *message,
             gint64             order_id,
             GHashTable        *query,
             FaultKind          fault)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  RetourEmulatorOrder *order = find_order (self, order_id);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *per_page_text = query != NULL ? g_hash_table_lookup (query, "per_page") : NULL;
  const char *page_text = query != NULL ? g_hash_table_lookup (query, "page") : NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *pages_text = NULL;
  guint64 per_page = 10, page = 1;
  char *body;
  gsize length;

  if (order == NULL)
    {
      woo_error (self, message, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      return;
    }

  if (g_str_equal (soup_server_message_get_method (message), "POST"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (message);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      Refund *refund;

      self->writes++;
      if (!json_parser_load_from_data (parser, request->data, request->length, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          woo_error (self, message, 400, "rest_invalid_json", "Invalid JSON body.");
          return;
        }
      if (self->refuse_refund)
        {
          self->refuse_refund = FALSE;
          woo_error (self, message, 400, "woocommerce_rest_cannot_create_order_refund",
                     "Invalid refund amount.");
          return;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      refund = g_new0 (Refund, 1);
      refund->id = new_refund_id (self);
      refund->order_id = order_id;
      refund->key = meta_value (object, "_retour_idempotency_key");
      refund->amount = g_strdup (json_object_get_string_member_with_default (object, "amount", "0.00"));
      refund->reason = g_strdup (json_object_get_string_member_with_default (object, "reason", NULL));
      /* api_refund is true unless sent as false. */
      refund->via_gateway = json_object_get_boolean_member_with_default (object, "api_refund", TRUE);
      refund->lines = refund_lines_of (object, order);
      /* A refund is a change of its order. */
      retour_emulator_touch_order (self, order);
      refund->created_s = order->modified_s;
      g_ptr_array_add (self->refunds, refund);

      add_woo_refund (builder, order, refund);
      body = builder_text (builder, &length);
      if (self->write_stall)
        {
          self->write_stall = FALSE;
          fault = FAULT_STALL;
        }
      respond (self, message, 201, "application/json", body, length, fault);
      return;
    }

  self->refund_reads++;
  if ((per_page_text != NULL && !g_ascii_string_to_unsigned (per_page_text, 10, 1, 100, &per_page, NULL)) ||
      (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT, &page, NULL)))
    {
      woo_error (self, message, 400, "rest_invalid_param", "Invalid parameter(s): per_page, page");
      return;
    }

  /* Newest first, WooCommerce's default order. */
  for (guint i = self->refunds->len; i > 0; i--)
    {
      Refund *refund = g_ptr_array_index (self->refunds, i - 1);

      if (refund->order_id == order_id)
        g_ptr_array_add (list, refund);
    }

  json_builder_begin_array (builder);
  for (guint i = (page - 1) * per_page; i < list->len && i < page * per_page; i++)
    add_woo_refund (builder, order, g_ptr_array_index (list, i));
  json_builder_end_array (builder);
  body = builder_text (builder, &length);

  total_text = g_strdup_printf ("%u", list->len);
  pages_text = g_strdup_printf ("%u", (guint) ((list->len + per_page - 1) / per_page));
  soup_message_headers_replace (headers, "X-WP-Total", total_text);
  soup_message_headers_replace (headers, "X-WP-TotalPages", pages_text);
  respond (self, message, 200, "application/json", body, length, fault);
}

static gboolean woo_resolutions (RetourEmulator    *self,
                                 SoupServerMessage *message,
                                 const char        *path,
                                 GHashTable        *query,
                                 FaultKind          fault);

static void
add_woo_note (JsonBuilder        *builder,
              RetourEmulatorNote *note)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (note->created_s);
  g_autofree char *date = g_date_time_format (created, "%Y-%m-%dT%H:%M:%S");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, note->id);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, "system");
  json_builder_set_member_name (builder, "date_created");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "date_created_gmt");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, note->note);
  json_builder_set_member_name (builder, "customer_note");
  json_builder_add_boolean_value (builder, note->customer_note);
  json_builder_end_object (builder);
}

/* GET and POST /orders/{id}/notes, as WooCommerce documents them: a
 * customer note (customer_note: true) is mailed to the customer. */
static void
woo_notes (RetourEmulator    *self,
           SoupServerMessage *message,
           gint64             order_id,
           GHashTable        *query,
           FaultKind          fault)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  RetourEmulatorOrder *order = find_order (self, order_id);
  const char *type = query != NULL ? g_hash_table_lookup (query, "type") : NULL;
  char *body;
  gsize length;

  if (order == NULL)
    {
      woo_error (self, message, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      return;
    }

  if (g_str_equal (soup_server_message_get_method (message), "POST"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (message);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      RetourEmulatorNote *note;
      JsonNode *text;

      self->writes++;
      if (!json_parser_load_from_data (parser, request->data, request->length, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          woo_error (self, message, 400, "rest_invalid_json", "Invalid JSON body.");
          return;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      text = json_object_get_member (object, "note");
      if (text == NULL || !JSON_NODE_HOLDS_VALUE (text) || json_node_get_value_type (text) != G_TYPE_STRING ||
          *json_node_get_string (text) == '\0')
        {
          woo_error (self, message, 400, "rest_missing_callback_param", "Missing parameter(s): note");
          return;
        }

      note = g_new0 (RetourEmulatorNote, 1);
      note->id = 90000 + self->notes->len;
      note->order_id = order_id;
      note->note = g_strdup (json_node_get_string (text));
      note->customer_note = json_object_get_boolean_member_with_default (object, "customer_note", FALSE);
      note->created_s = g_get_real_time () / G_USEC_PER_SEC;
      g_ptr_array_add (self->notes, note);

      add_woo_note (builder, note);
      body = builder_text (builder, &length);
      if (self->write_stall)
        {
          self->write_stall = FALSE;
          fault = FAULT_STALL;
        }
      respond (self, message, 201, "application/json", body, length, fault);
      return;
    }

  if (type != NULL && !g_str_equal (type, "any") && !g_str_equal (type, "customer") &&
      !g_str_equal (type, "internal"))
    {
      woo_error (self, message, 400, "rest_invalid_param", "Invalid parameter(s): type");
      return;
    }

  /* Newest first. */
  json_builder_begin_array (builder);
  for (guint i = self->notes->len; i > 0; i--)
    {
      RetourEmulatorNote *note = g_ptr_array_index (self->notes, i - 1);

      if (note->order_id != order_id ||
          (g_strcmp0 (type, "customer") == 0 && !note->customer_note) ||
          (g_strcmp0 (type, "internal") == 0 && note->customer_note))
        continue;
      add_woo_note (builder, note);
    }
  json_builder_end_array (builder);
  body = builder_text (builder, &length);
  respond (self, message, 200, "application/json", body, length, fault);
}

static void
handle_woo (RetourEmulator    *self,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            FaultKind          fault)
{
  g_auto(GStrv) parts = NULL;
  guint64 order_id;

  if (!woo_authorized (self, message, query))
    {
      woo_error (self, message, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
      return;
    }

  if (woo_resolutions (self, message, path, query, fault))
    return;

  if (g_str_equal (path, "/wp-json/wc/v3/orders") &&
      g_str_equal (soup_server_message_get_method (message), "GET"))
    {
      woo_list_orders (self, message, query, fault);
      return;
    }

  parts = g_strsplit (path, "/", -1);
  /* "", "wp-json", "wc", "v3", "orders", ID, "refunds" */
  if (g_strv_length (parts) == 7 && g_str_equal (parts[4], "orders") && g_str_equal (parts[6], "refunds") &&
      g_ascii_string_to_unsigned (parts[5], 10, 1, G_MAXINT64, &order_id, NULL))
    {
      woo_refunds (self, message, (gint64) order_id, query, fault);
      return;
    }
  if (g_strv_length (parts) == 7 && g_str_equal (parts[4], "orders") && g_str_equal (parts[6], "notes") &&
      g_ascii_string_to_unsigned (parts[5], 10, 1, G_MAXINT64, &order_id, NULL))
    {
      woo_notes (self, message, (gint64) order_id, query, fault);
      return;
    }

  woo_error (self, message, 404, "rest_no_route", "No route was found matching the URL and request method.");
}

/* --------------------------------------------------------------- Shopify */

static char *
gid (const char *type,
     gint64      id)
{
  return g_strdup_printf ("gid://shopify/%s/%" G_GINT64_FORMAT, type, id);
}

static gint64
gid_number (const char *text)
{
  const char *slash = text != NULL ? strrchr (text, '/') : NULL;
  gint64 value;

  if (slash == NULL || !g_ascii_string_to_signed (slash + 1, 10, 1, G_MAXINT64, &value, NULL))
    return -1;

  return value;
}

static void
add_shop_money (JsonBuilder *builder,
                const char  *name,
                gint64       minor,
                const char  *currency)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shopMoney");
  json_builder_begin_object (builder);
  add_take (builder, "amount", money_text (minor, currency));
  add_string (builder, "currencyCode", currency);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_shopify_lines (RetourEmulator      *self,
                   JsonBuilder         *builder,
                   RetourEmulatorOrder *order,
                   guint                start,
                   guint                count)
{
  guint end = MIN (order->lines->len, start + count);

  json_builder_set_member_name (builder, "lineItems");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pageInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hasNextPage");
  json_builder_add_boolean_value (builder, end < order->lines->len);
  add_take (builder, "endCursor", g_strdup_printf ("%u", end));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i);

      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("LineItem", line->id));
      add_string (builder, "name", line->name);
      add_string (builder, "sku", line->sku);
      add_int (builder, "quantity", line->quantity);
      add_int (builder, "currentQuantity", line->current_quantity);
      add_int (builder, "refundableQuantity", line->current_quantity);
      add_shop_money (builder, "originalUnitPriceSet", line->price_minor, order->currency);
      json_builder_set_member_name (builder, "variant");
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("ProductVariant", line->product_id));
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "product");
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("Product", line->product_id / 10));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* fulfillments(first:) { status createdAt deliveredAt }: a list, not a
 * connection, oldest first, cut at `first`. */
static void
add_shopify_fulfillments (JsonBuilder         *builder,
                          RetourEmulatorOrder *order,
                          guint                first)
{
  json_builder_set_member_name (builder, "fulfillments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < order->fulfillments->len && i < first; i++)
    {
      RetourEmulatorFulfillment *parcel = &g_array_index (order->fulfillments, RetourEmulatorFulfillment, i);

      json_builder_begin_object (builder);
      add_string (builder, "status", "SUCCESS");
      add_take (builder, "createdAt", time_text (parcel->created_s, TRUE));
      add_take (builder, "deliveredAt", parcel->delivered_s != 0 ? time_text (parcel->delivered_s, TRUE) : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean has_requested_return (RetourEmulator      *self,
                                      RetourEmulatorOrder *order);
static void add_shopify_returns (RetourEmulator         *self,
                                 JsonBuilder            *builder,
                                 RetourEmulatorOrder    *order,
                                 RetourGraphqlOperation *operation,
                                 const char             *path);

static void
add_shopify_order (RetourEmulator         *self,
                   JsonBuilder            *builder,
                   RetourEmulatorOrder    *order,
                   RetourGraphqlOperation *operation,
                   guint                   lines,
                   guint                   fulfillments)
{
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("Order", order->id));
  add_string (builder, "name", order->number);
  add_take (builder, "createdAt", time_text (order->created_s, TRUE));
  add_take (builder, "updatedAt", time_text (order->modified_s, TRUE));
  add_take (builder, "cancelledAt", g_str_equal (order->status, "cancelled")
                                    ? time_text (order->modified_s, TRUE) : NULL);
  add_string (builder, "displayFulfillmentStatus", order->fulfillments->len > 0 ? "FULFILLED" : "UNFULFILLED");
  add_string (builder, "currencyCode", order->currency);
  add_string (builder, "email", order->email);
  add_string (builder, "phone", order->phone);
  add_shop_money (builder, "currentTotalPriceSet", retour_emulator_order_total (self, order), order->currency);
  add_shop_money (builder, "totalShippingPriceSet", order_shipping (order), order->currency);
  json_builder_set_member_name (builder, "customer");
  if (order->customer_id != 0)
    {
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("Customer", order->customer_id));
      add_string (builder, "firstName", order->first_name);
      add_string (builder, "lastName", order->last_name);
      add_string (builder, "email", order->email);
      add_string (builder, "phone", NULL);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "shippingAddress");
  if (order->has_shipping)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", order->first_name, order->last_name);

      json_builder_begin_object (builder);
      add_string (builder, "name", name);
      add_string (builder, "address1", "Dorpsstraat 1");
      add_string (builder, "address2", NULL);
      add_string (builder, "city", order->city);
      add_string (builder, "zip", order->postcode);
      add_string (builder, "countryCodeV2", order->country);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_shopify_fulfillments (builder, order, fulfillments);
  add_shopify_lines (self, builder, order, 0, lines);
  if (retour_graphql_selects (operation, "orders.nodes.returns"))
    add_shopify_returns (self, builder, order, operation, "orders.nodes.returns");
  json_builder_end_object (builder);
}

/* A cursor is "MODIFIED:ID" of the last order of the page, in base64. */
static gboolean
decode_cursor (const char *cursor,
               gint64     *modified,
               gint64     *id)
{
  gsize length;
  g_autofree guchar *raw = g_base64_decode (cursor, &length);
  g_autofree char *text = g_strndup ((const char *) raw, length);

  return sscanf (text, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, modified, id) == 2;
}

/* Where a page of a list paged by index starts: after "N". */
static guint
index_after (const char *cursor)
{
  guint64 start = 0;

  if (cursor != NULL)
    g_ascii_string_to_unsigned (cursor, 10, 0, G_MAXUINT, &start, NULL);

  return (guint) start;
}

/* orders(first:, after:, sortKey: UPDATED_AT, query: "updated_at:>'…'")
 * { nodes { … lineItems(first:) } } */
static void
shopify_orders (RetourEmulator         *self,
                JsonBuilder            *builder,
                RetourGraphqlOperation *operation)
{
  gint64 first = retour_graphql_get_int (operation, "orders", "first", 50);
  gint64 lines = retour_graphql_get_int (operation, "orders.nodes.lineItems", "first", 10);
  gint64 fulfillments = retour_graphql_get_int (operation, "orders.nodes.fulfillments", "first", 250);
  const char *after = retour_graphql_get_string (operation, "orders", "after");
  const char *query = retour_graphql_get_string (operation, "orders", "query");
  g_autoptr(GPtrArray) sorted = sorted_live_orders (self);
  gint64 since = G_MININT64, after_modified = G_MININT64, after_id = 0;
  guint start = 0, end;

  /* The app's token may only see the last 60 days, counted as Shopify
   * does from now, whatever the shop's own clock says. */
  if (self->recent_orders_only)
    {
      gint64 oldest = g_get_real_time () / G_USEC_PER_SEC - (gint64) RECENT_DAYS * 24 * 3600;

      for (guint i = sorted->len; i > 0; i--)
        if (((RetourEmulatorOrder *) g_ptr_array_index (sorted, i - 1))->created_s < oldest)
          g_ptr_array_remove_index (sorted, i - 1);
    }

  /* "return_status:return_requested": the orders with a return the
   * customer asked for and the shop has not yet decided. */
  if (query != NULL && g_str_equal (query, "return_status:return_requested"))
    {
      for (guint i = sorted->len; i > 0; i--)
        if (!has_requested_return (self, g_ptr_array_index (sorted, i - 1)))
          g_ptr_array_remove_index (sorted, i - 1);
    }
  else if (query != NULL && g_str_has_prefix (query, "updated_at:>'"))
    {
      g_autofree char *text = g_strndup (query + strlen ("updated_at:>'"), 20);
      since = parse_after (text, TRUE);
    }
  /* "id:1 OR id:2": those orders only. Shopify ignores a filter it does
   * not know, so anything else here lists every order. */
  else if (query != NULL && g_str_has_prefix (query, "id:"))
    {
      g_auto(GStrv) terms = g_strsplit (query, " OR ", -1);
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      for (guint i = 0; terms[i] != NULL; i++)
        {
          gint64 id;

          if (g_str_has_prefix (terms[i], "id:") &&
              g_ascii_string_to_signed (terms[i] + 3, 10, 1, G_MAXINT64, &id, NULL))
            g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
        }
      for (guint i = sorted->len; i > 0; i--)
        if (!g_hash_table_contains (ids, &((RetourEmulatorOrder *) g_ptr_array_index (sorted, i - 1))->id))
          g_ptr_array_remove_index (sorted, i - 1);
    }
  if (after != NULL)
    decode_cursor (after, &after_modified, &after_id);

  for (guint i = 0; i < sorted->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (sorted, i);

      if (order->modified_s <= since ||
          order->modified_s < after_modified || (order->modified_s == after_modified && order->id <= after_id))
        start = i + 1;
    }
  end = MIN (sorted->len, start + (guint) CLAMP (first, 1, 250));

  json_builder_set_member_name (builder, "orders");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pageInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hasNextPage");
  json_builder_add_boolean_value (builder, end < sorted->len);
  json_builder_set_member_name (builder, "endCursor");
  if (end > start)
    {
      RetourEmulatorOrder *last = g_ptr_array_index (sorted, end - 1);
      g_autofree char *raw = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, last->modified_s, last->id);

      g_autofree char *encoded = g_base64_encode ((const guchar *) raw, strlen (raw));

      json_builder_add_string_value (builder, encoded);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    add_shopify_order (self, builder, g_ptr_array_index (sorted, i), operation, (guint) CLAMP (lines, 1, 250),
                       (guint) CLAMP (fulfillments, 0, 250));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* currentAppInstallation.accessScopes: read_all_orders unless the shop
 * shows only recent orders. */
static void
shopify_scopes (RetourEmulator *self,
                JsonBuilder    *builder)
{
  static const char * const scopes[] = { "read_orders", "write_orders", "read_products", "read_returns",
                                         "write_returns", "read_all_orders" };

  json_builder_set_member_name (builder, "currentAppInstallation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accessScopes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      if (self->recent_orders_only && g_str_equal (scopes[i], "read_all_orders"))
        continue;
      json_builder_begin_object (builder);
      add_string (builder, "handle", scopes[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* "userErrors": [{"field": [FIELD], "message": MESSAGE}] */
static void
add_user_error (JsonBuilder *builder,
                const char  *field,
                const char  *message)
{
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, field);
  json_builder_end_array (builder);
  add_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static RetourEmulatorLine *
find_line (RetourEmulatorOrder *order,
           gint64               line_id)
{
  for (guint i = 0; i < order->lines->len; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i);

      if (line->id == line_id)
        return line;
    }

  return NULL;
}

/* What is left to return of a line: all of it is fulfilled. */
static guint
returnable_quantity (RetourEmulator     *self,
                     RetourEmulatorLine *line)
{
  guint returned = retour_emulator_get_returned (self, line->id);

  return line->current_quantity > returned ? line->current_quantity - returned : 0;
}

/* "pageInfo": {"hasNextPage": …, "endCursor": "END"} of items @start to
 * @end of @length, for lists paged by index; an empty page has no
 * cursor. */
static void
add_index_page_info (JsonBuilder *builder,
                     guint        start,
                     guint        end,
                     guint        length)
{
  json_builder_set_member_name (builder, "pageInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hasNextPage");
  json_builder_add_boolean_value (builder, end < length);
  json_builder_set_member_name (builder, "hasPreviousPage");
  json_builder_add_boolean_value (builder, start > 0);
  add_take (builder, "endCursor", end > start ? g_strdup_printf ("%u", end) : NULL);
  json_builder_end_object (builder);
}

/* refunds(first:) { id note }: a list, not a connection. */
static void
add_shopify_refunds (RetourEmulator         *self,
                     JsonBuilder            *builder,
                     RetourEmulatorOrder    *order,
                     RetourGraphqlOperation *operation)
{
  gint64 first = retour_graphql_get_int (operation, "order.refunds", "first", 250);
  guint n = 0;

  json_builder_set_member_name (builder, "refunds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->refunds->len && n < first; i++)
    {
      Refund *refund = g_ptr_array_index (self->refunds, i);

      if (refund->order_id != order->id)
        continue;
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("Refund", refund->id));
      add_string (builder, "note", refund->key);
      json_builder_end_object (builder);
      n++;
    }
  json_builder_end_array (builder);
}

/* One return line item: id quantity returnReason returnReasonNote
 * customerNote fulfillmentLineItem { id lineItem { id } }. */
static void
add_shopify_return_line (JsonBuilder *builder,
                         Return      *returned,
                         guint        index)
{
  ReturnLine *line = g_ptr_array_index (returned->lines, index);

  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("ReturnLineItem", returned->id * 100 + index));
  add_int (builder, "quantity", line->quantity);
  add_string (builder, "returnReason", line->reason);
  add_string (builder, "returnReasonNote", line->note);
  add_string (builder, "customerNote", line->customer_note);
  json_builder_set_member_name (builder, "fulfillmentLineItem");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("FulfillmentLineItem", FULFILLMENT_LINE_BASE + line->line_id));
  json_builder_set_member_name (builder, "lineItem");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("LineItem", line->line_id));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* One return: id name status createdAt decline { reason note }
 * returnLineItems(first:) { pageInfo nodes { … } }. */
static void
add_shopify_return (JsonBuilder            *builder,
                    RetourEmulatorOrder    *order,
                    Return                 *returned,
                    guint                   number,
                    guint                   lines)
{
  guint n_lines = MIN (returned->lines->len, lines);

  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("Return", returned->id));
  add_take (builder, "name", g_strdup_printf ("%s-R%u", order->number, number));
  add_string (builder, "status", returned->status);
  add_take (builder, "createdAt", time_text (returned->created_s, TRUE));
  json_builder_set_member_name (builder, "order");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("Order", order->id));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "decline");
  if (returned->decline_reason != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "reason", returned->decline_reason);
      add_string (builder, "note", returned->decline_note);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  /* One reverse fulfillment order once approved, with the delivery made
   * for it. */
  json_builder_set_member_name (builder, "reverseFulfillmentOrders");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  if (g_str_equal (returned->status, "OPEN") || g_str_equal (returned->status, "CLOSED"))
    {
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("ReverseFulfillmentOrder", returned->id));
      json_builder_set_member_name (builder, "reverseDeliveries");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      if (returned->label != NULL)
        {
          json_builder_begin_object (builder);
          add_take (builder, "id", gid ("ReverseDelivery", returned->id));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "returnLineItems");
  json_builder_begin_object (builder);
  add_index_page_info (builder, 0, n_lines, returned->lines->len);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint j = 0; j < n_lines; j++)
    add_shopify_return_line (builder, returned, j);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* returns(first:, after:) of an order, at @path ("order.returns" or
 * "orders.nodes.returns"): every status, oldest first. */
static void
add_shopify_returns (RetourEmulator         *self,
                     JsonBuilder            *builder,
                     RetourEmulatorOrder    *order,
                     RetourGraphqlOperation *operation,
                     const char             *path)
{
  g_autofree char *lines_path = g_strconcat (path, ".nodes.returnLineItems", NULL);
  gint64 first = CLAMP (retour_graphql_get_int (operation, path, "first", 50), 1, 250);
  gint64 last = retour_graphql_get_int (operation, path, "last", 0);
  gint64 lines = CLAMP (retour_graphql_get_int (operation, lines_path, "first", 50), 1, 250);
  guint start = index_after (retour_graphql_get_string (operation, path, "after"));
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  guint end;

  for (guint i = 0; i < self->returns->len; i++)
    if (((Return *) g_ptr_array_index (self->returns, i))->order_id == order->id)
      g_ptr_array_add (mine, g_ptr_array_index (self->returns, i));
  start = MIN (start, mine->len);
  end = MIN (mine->len, start + (guint) first);
  /* last: N without before: the newest N. */
  if (last > 0)
    {
      end = mine->len;
      start = mine->len - MIN (mine->len, (guint) MIN (last, 250));
    }

  json_builder_set_member_name (builder, "returns");
  json_builder_begin_object (builder);
  add_index_page_info (builder, start, end, mine->len);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    add_shopify_return (builder, order, g_ptr_array_index (mine, i), i + 1, (guint) lines);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* return(id:) { id name status createdAt decline returnLineItems }: null
 * for an id that is no return. */
static void
shopify_return (RetourEmulator         *self,
                JsonBuilder            *builder,
                RetourGraphqlOperation *operation)
{
  const char *id = retour_graphql_get_string (operation, "return", "id");
  Return *returned = NULL;
  guint number = 0;

  if (id != NULL && g_str_has_prefix (id, "gid://shopify/Return/"))
    returned = find_return (self, gid_number (id));

  json_builder_set_member_name (builder, "return");
  if (returned == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  for (guint i = 0; i < self->returns->len; i++)
    {
      Return *item = g_ptr_array_index (self->returns, i);

      if (item->order_id == returned->order_id)
        number++;
      if (item == returned)
        break;
    }
  add_shopify_return (builder, find_order (self, returned->order_id), returned, number,
                      (guint) CLAMP (retour_graphql_get_int (operation, "return.returnLineItems", "first", 50), 1, 250));
}

/* Whether @order is one Shopify lists for return_status:return_requested. */
static gboolean
has_requested_return (RetourEmulator      *self,
                      RetourEmulatorOrder *order)
{
  for (guint i = 0; i < self->returns->len; i++)
    {
      Return *item = g_ptr_array_index (self->returns, i);

      if (item->order_id == order->id && g_str_equal (item->status, "REQUESTED"))
        return TRUE;
    }

  return FALSE;
}

/* order(id:) with what the query selects of it: lineItems(first:, after:),
 * refunds(first:), returns(first:, after:). */
static void
shopify_order (RetourEmulator         *self,
               JsonBuilder            *builder,
               RetourGraphqlOperation *operation)
{
  RetourEmulatorOrder *order = find_order (self, gid_number (retour_graphql_get_string (operation, "order", "id")));

  json_builder_set_member_name (builder, "order");
  if (order == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("Order", order->id));
  if (retour_graphql_selects (operation, "order.lineItems"))
    {
      gint64 first = CLAMP (retour_graphql_get_int (operation, "order.lineItems", "first", 100), 1, 250);

      add_shopify_lines (self, builder, order,
                         index_after (retour_graphql_get_string (operation, "order.lineItems", "after")),
                         (guint) first);
    }
  if (retour_graphql_selects (operation, "order.refunds"))
    add_shopify_refunds (self, builder, order, operation);
  if (retour_graphql_selects (operation, "order.returns"))
    add_shopify_returns (self, builder, order, operation, "order.returns");
  json_builder_end_object (builder);
}

/* The lines of @order with something left to return, as fulfillment
 * line items: all of them are fulfilled, in one fulfillment. */
static GPtrArray *
returnable_lines (RetourEmulator      *self,
                  RetourEmulatorOrder *order)
{
  GPtrArray *lines = g_ptr_array_new ();

  for (guint i = 0; i < order->lines->len; i++)
    if (returnable_quantity (self, g_ptr_array_index (order->lines, i)) > 0)
      g_ptr_array_add (lines, g_ptr_array_index (order->lines, i));

  return lines;
}

/* returnableFulfillmentLineItems(first:, after:) { pageInfo nodes { quantity
 * fulfillmentLineItem { id lineItem { id } } } } */
static void
add_returnable_lines (RetourEmulator      *self,
                      JsonBuilder         *builder,
                      RetourEmulatorOrder *order,
                      guint                start,
                      guint                count)
{
  g_autoptr(GPtrArray) lines = returnable_lines (self, order);
  guint end;

  start = MIN (start, lines->len);
  end = MIN (lines->len, start + count);

  json_builder_set_member_name (builder, "returnableFulfillmentLineItems");
  json_builder_begin_object (builder);
  add_index_page_info (builder, start, end, lines->len);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (lines, i);

      json_builder_begin_object (builder);
      add_int (builder, "quantity", returnable_quantity (self, line));
      json_builder_set_member_name (builder, "fulfillmentLineItem");
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("FulfillmentLineItem", FULFILLMENT_LINE_BASE + line->id));
      json_builder_set_member_name (builder, "lineItem");
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("LineItem", line->id));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* returnableFulfillments(orderId:, first:, after:): the order's one
 * fulfillment, while anything of it is left to return. */
static void
shopify_returnable_fulfillments (RetourEmulator         *self,
                                 JsonBuilder            *builder,
                                 RetourGraphqlOperation *operation)
{
  const char *path = "returnableFulfillments";
  const char *lines_path = "returnableFulfillments.nodes.returnableFulfillmentLineItems";
  RetourEmulatorOrder *order = find_order (self, gid_number (retour_graphql_get_string (operation, path, "orderId")));
  g_autoptr(GPtrArray) lines = order != NULL ? returnable_lines (self, order) : NULL;
  guint n_fulfillments = lines != NULL && lines->len > 0 ? 1 : 0;
  guint start = MIN (index_after (retour_graphql_get_string (operation, path, "after")), n_fulfillments);
  guint end = MIN (n_fulfillments, start + (guint) CLAMP (retour_graphql_get_int (operation, path, "first", 50), 1, 250));

  json_builder_set_member_name (builder, path);
  json_builder_begin_object (builder);
  add_index_page_info (builder, start, end, n_fulfillments);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("ReturnableFulfillment", order->id));
      add_returnable_lines (self, builder, order, 0,
                            (guint) CLAMP (retour_graphql_get_int (operation, lines_path, "first", 50), 1, 250));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* returnableFulfillment(id:) { returnableFulfillmentLineItems(first:, after:) } */
static void
shopify_returnable_fulfillment (RetourEmulator         *self,
                                JsonBuilder            *builder,
                                RetourGraphqlOperation *operation)
{
  const char *lines_path = "returnableFulfillment.returnableFulfillmentLineItems";
  const char *id = retour_graphql_get_string (operation, "returnableFulfillment", "id");
  RetourEmulatorOrder *order = NULL;

  if (id != NULL && g_str_has_prefix (id, "gid://shopify/ReturnableFulfillment/"))
    order = find_order (self, gid_number (id));

  json_builder_set_member_name (builder, "returnableFulfillment");
  if (order == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("ReturnableFulfillment", order->id));
  add_returnable_lines (self, builder, order,
                        index_after (retour_graphql_get_string (operation, lines_path, "after")),
                        (guint) CLAMP (retour_graphql_get_int (operation, lines_path, "first", 50), 1, 250));
  json_builder_end_object (builder);
}

static gboolean
is_return_reason (const char *reason)
{
  static const char * const reasons[] = {
    "COLOR", "DEFECTIVE", "NOT_AS_DESCRIBED", "OTHER", "SIZE_TOO_LARGE", "SIZE_TOO_SMALL",
    "STYLE", "UNKNOWN", "UNWANTED", "WRONG_ITEM",
  };

  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (reason, reasons[i]))
      return TRUE;

  return FALSE;
}

/* returnCreate(returnInput: {orderId, returnLineItems: [{fulfillmentLineItemId,
 * quantity, returnReason, returnReasonNote}]}): refused, as Shopify does,
 * for anything not returnable. */
static gboolean
shopify_return_create (RetourEmulator *self,
                       JsonBuilder    *builder,
                       JsonObject     *input)
{
  JsonArray *lines = input != NULL ? json_object_get_array_member (input, "returnLineItems") : NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func ((GDestroyNotify) return_line_free);
  RetourEmulatorOrder *order;
  const char *problem = NULL;
  const char *field = "returnLineItems";
  Return *returned;

  self->return_writes++;
  if (input != NULL)
    order = find_order (self, gid_number (json_object_get_string_member_with_default (input, "orderId", NULL)));
  else
    order = NULL;
  if (order == NULL)
    {
      problem = "Order does not exist";
      field = "orderId";
    }
  else if (lines == NULL || json_array_get_length (lines) == 0)
    problem = "Return must have at least one line item";

  for (guint i = 0; problem == NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *item = json_array_get_object_element (lines, i);
      gint64 fulfillment_line = -1, quantity = 0;
      const char *reason = NULL;
      RetourEmulatorLine *line = NULL;
      guint already = 0;
      ReturnLine *taken_line;

      if (item != NULL)
        {
          fulfillment_line = gid_number (json_object_get_string_member_with_default (item, "fulfillmentLineItemId",
                                                                                     NULL));
          quantity = json_object_get_int_member_with_default (item, "quantity", 0);
          reason = json_object_get_string_member_with_default (item, "returnReason", NULL);
        }
      if (fulfillment_line > FULFILLMENT_LINE_BASE)
        line = find_line (order, fulfillment_line - FULFILLMENT_LINE_BASE);

      for (guint j = 0; line != NULL && j < taken->len; j++)
        if (((ReturnLine *) g_ptr_array_index (taken, j))->line_id == line->id)
          already += ((ReturnLine *) g_ptr_array_index (taken, j))->quantity;

      if (line == NULL)
        problem = "Fulfillment line item does not exist";
      else if (!is_return_reason (reason))
        problem = "Return reason is not valid";
      else if (quantity < 1 || quantity + already > returnable_quantity (self, line))
        problem = "Quantity is not returnable";
      if (problem != NULL)
        break;

      taken_line = g_new0 (ReturnLine, 1);
      taken_line->line_id = line->id;
      taken_line->quantity = (guint) quantity;
      taken_line->reason = g_strdup (reason);
      taken_line->note = g_strdup (json_object_get_string_member_with_default (item, "returnReasonNote", ""));
      g_ptr_array_add (taken, taken_line);
    }

  json_builder_set_member_name (builder, "returnCreate");
  json_builder_begin_object (builder);
  if (problem != NULL)
    {
      json_builder_set_member_name (builder, "return");
      json_builder_add_null_value (builder);
      add_user_error (builder, field, problem);
      json_builder_end_object (builder);
      return FALSE;
    }

  returned = g_new0 (Return, 1);
  returned->id = 90000 + self->returns->len;
  returned->order_id = order->id;
  returned->status = g_strdup ("OPEN");
  returned->created_s = self->clock_s;
  returned->lines = g_steal_pointer (&taken);
  g_ptr_array_add (self->returns, returned);

  json_builder_set_member_name (builder, "return");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("Return", returned->id));
  add_take (builder, "name", g_strdup_printf ("%s-R%u", order->number, self->returns->len));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return TRUE;
}

static gboolean
is_decline_reason (const char *reason)
{
  return g_strcmp0 (reason, "FINAL_SALE") == 0 || g_strcmp0 (reason, "RETURN_PERIOD_ENDED") == 0 ||
         g_strcmp0 (reason, "OTHER") == 0;
}

/* "userErrors": [{"field": [FIELD…], "message": MESSAGE, "code": CODE}], as
 * ReturnUserError has them. */
static void
add_return_user_error (JsonBuilder *builder,
                       const char  *field,
                       const char  *message,
                       const char  *code)
{
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "input");
  json_builder_add_string_value (builder, field);
  json_builder_end_array (builder);
  add_string (builder, "message", message);
  add_string (builder, "code", code);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* returnApproveRequest(input: {id, notifyCustomer}) and
 * returnDeclineRequest(input: {id, declineReason, declineNote,
 * notifyCustomer}): only a REQUESTED return can be either; it becomes OPEN
 * or DECLINED. A decline needs a ReturnDeclineReason, and its note may
 * hold 500 characters. */
static gboolean
shopify_return_answer (RetourEmulator *self,
                       JsonBuilder    *builder,
                       const char     *mutation,
                       JsonObject     *input)
{
  gboolean approve = g_str_equal (mutation, "returnApproveRequest");
  const char *id = input != NULL ? json_object_get_string_member_with_default (input, "id", NULL) : NULL;
  const char *reason = input != NULL ? json_object_get_string_member_with_default (input, "declineReason", NULL) : NULL;
  const char *note = input != NULL ? json_object_get_string_member_with_default (input, "declineNote", NULL) : NULL;
  Return *returned = NULL;
  RetourEmulatorOrder *order;
  guint number = 0;

  self->answer_writes++;
  if (id != NULL && g_str_has_prefix (id, "gid://shopify/Return/"))
    returned = find_return (self, gid_number (id));

  json_builder_set_member_name (builder, mutation);
  json_builder_begin_object (builder);
  if (returned == NULL || !g_str_equal (returned->status, "REQUESTED") ||
      (!approve && !is_decline_reason (reason)) || (!approve && note != NULL && g_utf8_strlen (note, -1) > 500))
    {
      json_builder_set_member_name (builder, "return");
      json_builder_add_null_value (builder);
      if (returned == NULL)
        add_return_user_error (builder, "id", "Return does not exist.", "NOT_FOUND");
      else if (!g_str_equal (returned->status, "REQUESTED"))
        add_return_user_error (builder, "id",
                               approve ? "Return is not approvable. Only returns with status REQUESTED can be approved."
                                       : "Return is not declinable. Only returns with status REQUESTED can be declined.",
                               "INVALID_STATE");
      else if (!is_decline_reason (reason))
        add_return_user_error (builder, "declineReason", "Decline reason is invalid.", "INVALID");
      else
        add_return_user_error (builder, "declineNote", "Decline note is too long (maximum is 500 characters).",
                               "TOO_LONG");
      json_builder_end_object (builder);
      return FALSE;
    }

  g_free (returned->status);
  returned->status = g_strdup (approve ? "OPEN" : "DECLINED");
  if (!approve)
    {
      returned->decline_reason = g_strdup (reason);
      returned->decline_note = g_strdup (note);
    }
  if (input != NULL && json_object_get_boolean_member_with_default (input, "notifyCustomer", FALSE))
    self->notifications++;
  order = find_order (self, returned->order_id);
  retour_emulator_touch_order (self, order);

  for (guint i = 0; i < self->returns->len; i++)
    {
      Return *item = g_ptr_array_index (self->returns, i);

      if (item->order_id == returned->order_id)
        number++;
      if (item == returned)
        break;
    }
  json_builder_set_member_name (builder, "return");
  add_shopify_return (builder, order, returned, number, 1);
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return TRUE;
}

static gboolean
shopify_refund_create (RetourEmulator *self,
                       JsonBuilder    *builder,
                       JsonObject     *input)
{
  gint64 order_id;
  Refund *refund;

  self->writes++;
  order_id = input != NULL ? gid_number (json_object_get_string_member_with_default (input, "orderId", NULL)) : -1;
  json_builder_set_member_name (builder, "refundCreate");
  json_builder_begin_object (builder);
  if (find_order (self, order_id) == NULL || self->refuse_refund)
    {
      gboolean refused = self->refuse_refund;

      self->refuse_refund = FALSE;
      json_builder_set_member_name (builder, "refund");
      json_builder_add_null_value (builder);
      add_user_error (builder, refused ? "transactions" : "orderId",
                      refused ? "Refund amount exceeds the refundable amount" : "Order does not exist");
      json_builder_end_object (builder);
      return FALSE;
    }

  refund = g_new0 (Refund, 1);
  refund->id = 80000 + self->refunds->len;
  refund->order_id = order_id;
  refund->key = g_strdup (json_object_get_string_member_with_default (input, "note", ""));
  refund->amount = g_strdup ("0.00");
  g_ptr_array_add (self->refunds, refund);

  json_builder_set_member_name (builder, "refund");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("Refund", refund->id));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return TRUE;
}


/* ---------------------------------------------------- staged uploads */

static void
staged_free (Staged *staged)
{
  g_free (staged->mime_type);
  g_clear_pointer (&staged->data, g_bytes_unref);
  g_free (staged);
}

static const char * const upload_resources[] = {
  "BULK_MUTATION_VARIABLES", "COLLECTION_IMAGE", "FILE", "IMAGE", "MODEL_3D", "PRODUCT_IMAGE",
  "RETURN_LABEL", "SHOP_IMAGE", "URL_REDIRECT_IMPORT", "VIDEO", "DISPUTE_FILE_UPLOAD",
};

/* stagedUploadsCreate(input: [StagedUploadInput!]!): a target per file,
 * here on the emulator (Shopify's are on cloud storage). A PUT target
 * names the headers the upload must carry: content_type and acl. Refused:
 * an unknown resource, an empty filename or MIME type, a method other
 * than POST or PUT, a size that is not a number. */
static void
shopify_staged_uploads_create (RetourEmulator *self,
                               JsonBuilder    *builder,
                               JsonArray      *input)
{
  json_builder_set_member_name (builder, "stagedUploadsCreate");
  json_builder_begin_object (builder);

  for (guint i = 0; input != NULL && i < json_array_get_length (input); i++)
    {
      JsonObject *file = JSON_NODE_HOLDS_OBJECT (json_array_get_element (input, i))
                         ? json_array_get_object_element (input, i) : NULL;
      const char *resource = file != NULL ? json_object_get_string_member_with_default (file, "resource", NULL) : NULL;
      const char *filename = file != NULL ? json_object_get_string_member_with_default (file, "filename", "") : "";
      const char *mime = file != NULL ? json_object_get_string_member_with_default (file, "mimeType", "") : "";
      const char *method = file != NULL ? json_object_get_string_member_with_default (file, "httpMethod", "PUT") : "PUT";
      const char *size = file != NULL ? json_object_get_string_member_with_default (file, "fileSize", NULL) : NULL;
      const char *field = NULL;
      gboolean known = FALSE;

      for (guint j = 0; resource != NULL && j < G_N_ELEMENTS (upload_resources); j++)
        known |= g_str_equal (resource, upload_resources[j]);
      if (!known)
        field = "resource";
      else if (*filename == '\0')
        field = "filename";
      else if (*mime == '\0')
        field = "mimeType";
      else if (!g_str_equal (method, "PUT") && !g_str_equal (method, "POST"))
        field = "httpMethod";
      else if (size != NULL && !g_ascii_string_to_signed (size, 10, 0, G_MAXINT64, NULL, NULL))
        field = "fileSize";
      if (field != NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is invalid", field);

          json_builder_set_member_name (builder, "stagedTargets");
          json_builder_add_null_value (builder);
          add_user_error (builder, field, message);
          json_builder_end_object (builder);
          return;
        }
    }

  json_builder_set_member_name (builder, "stagedTargets");
  json_builder_begin_array (builder);
  for (guint i = 0; input != NULL && i < json_array_get_length (input); i++)
    {
      JsonObject *file = json_array_get_object_element (input, i);
      Staged *staged = g_new0 (Staged, 1);
      g_autofree char *path = g_strdup_printf ("/staged/%08x/%s", g_random_int (),
                                               json_object_get_string_member (file, "filename"));
      const char *size = json_object_get_string_member_with_default (file, "fileSize", NULL);

      staged->mime_type = g_strdup (json_object_get_string_member (file, "mimeType"));
      staged->size = size != NULL ? g_ascii_strtoll (size, NULL, 10) : -1;
      json_builder_begin_object (builder);
      add_take (builder, "url", g_strconcat (self->url, path, "?X-Goog-Signature=emulated", NULL));
      add_take (builder, "resourceUrl", g_strconcat (self->url, path, NULL));
      json_builder_set_member_name (builder, "parameters");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "name", "content_type");
      add_string (builder, "value", staged->mime_type);
      json_builder_end_object (builder);
      json_builder_begin_object (builder);
      add_string (builder, "name", "acl");
      add_string (builder, "value", "private");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      g_hash_table_insert (self->staged, g_steal_pointer (&path), staged);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* PUT to a staged target: as cloud storage takes it, with the headers the
 * target named; 403 without them (a signed URL covers them), 400 for a
 * size other than the one announced. */
static gboolean
handle_staged_upload (RetourEmulator    *self,
                      SoupServerMessage *message,
                      const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  Staged *staged;

  if (!g_str_has_prefix (path, "/staged/"))
    return FALSE;

  staged = g_hash_table_lookup (self->staged, path);
  if (staged == NULL || !g_str_equal (soup_server_message_get_method (message), "PUT"))
    respond_text (self, message, 404, "application/xml", "<Error><Code>NoSuchKey</Code></Error>");
  else if (g_strcmp0 (soup_message_headers_get_content_type (headers, NULL), staged->mime_type) != 0 ||
           g_strcmp0 (soup_message_headers_get_one (headers, "x-goog-acl"), "private") != 0)
    respond_text (self, message, 403, "application/xml", "<Error><Code>SignatureDoesNotMatch</Code></Error>");
  else if (staged->size >= 0 && (gint64) body->length != staged->size)
    respond_text (self, message, 400, "application/xml", "<Error><Code>InvalidArgument</Code></Error>");
  else
    {
      g_clear_pointer (&staged->data, g_bytes_unref);
      staged->data = g_bytes_new (body->data, body->length);
      respond_text (self, message, 200, "application/xml", "");
    }

  return TRUE;
}

/* reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId,
 * reverseDeliveryLineItems, labelInput { fileUrl }, notifyCustomer
 * (default true)): the order must be one of an open return; the label,
 * a file uploaded to a staged target. Each call makes a delivery, as
 * Shopify does: the caller looks before it makes another. */
static gboolean
shopify_reverse_delivery_create (RetourEmulator         *self,
                                 JsonBuilder            *builder,
                                 RetourGraphqlOperation *operation)
{
  const char *id = retour_graphql_get_string (operation, "reverseDeliveryCreateWithShipping",
                                              "reverseFulfillmentOrderId");
  JsonObject *label = retour_graphql_get_object (operation, "reverseDeliveryCreateWithShipping", "labelInput");
  const char *url = label != NULL ? json_object_get_string_member_with_default (label, "fileUrl", NULL) : NULL;
  Return *returned = NULL;
  Staged *staged = NULL;

  if (id != NULL && g_str_has_prefix (id, "gid://shopify/ReverseFulfillmentOrder/"))
    returned = find_return (self, gid_number (id));
  if (url != NULL && self->url != NULL && g_str_has_prefix (url, self->url))
    staged = g_hash_table_lookup (self->staged, url + strlen (self->url));

  json_builder_set_member_name (builder, "reverseDeliveryCreateWithShipping");
  json_builder_begin_object (builder);
  if (returned == NULL || !g_str_equal (returned->status, "OPEN") || staged == NULL || staged->data == NULL)
    {
      json_builder_set_member_name (builder, "reverseDelivery");
      json_builder_add_null_value (builder);
      if (returned == NULL || !g_str_equal (returned->status, "OPEN"))
        add_return_user_error (builder, "reverseFulfillmentOrderId", "Reverse fulfillment order does not exist.",
                               "NOT_FOUND");
      else
        add_return_user_error (builder, "labelInput", "File URL is invalid.", "INVALID");
      json_builder_end_object (builder);
      return FALSE;
    }

  g_clear_pointer (&returned->label, g_bytes_unref);
  returned->label = g_bytes_ref (staged->data);
  self->deliveries++;
  if (!retour_graphql_has_argument (operation, "reverseDeliveryCreateWithShipping", "notifyCustomer") ||
      retour_graphql_get_boolean (operation, "reverseDeliveryCreateWithShipping", "notifyCustomer"))
    self->notifications++;

  json_builder_set_member_name (builder, "reverseDelivery");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("ReverseDelivery", returned->id));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return TRUE;
}

guint
retour_emulator_get_deliveries (RetourEmulator *self)
{
  return self->deliveries;
}

GBytes *
retour_emulator_get_return_label (RetourEmulator *self,
                                  gint64          return_id)
{
  Return *returned = find_return (self, return_id);

  return returned != NULL && returned->label != NULL ? g_bytes_ref (returned->label) : NULL;
}

/* ------------------------------------------------------------ query cost */

/* The bucket fills back at the restore rate, up to its size. */
static void
refill_bucket (RetourEmulator *self)
{
  gint64 now = g_get_monotonic_time ();

  self->bucket_available = MIN (self->bucket_size,
                                self->bucket_available +
                                self->restore_rate * (double) (now - self->bucket_at_us) / G_USEC_PER_SEC);
  self->bucket_at_us = now;
}

static void
note_requested_cost (RetourEmulator *self,
                     const char     *operation,
                     guint           cost)
{
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->operation_costs, operation));

  self->max_query_cost = MAX (self->max_query_cost, cost);
  if (cost > seen)
    g_hash_table_insert (self->operation_costs, g_strdup (operation), GUINT_TO_POINTER (cost));
}

/* extensions.cost: what the query asked for, what it took, and what is
 * left in the bucket; actualQueryCost is null when it did not run. */
static JsonNode *
cost_extensions (RetourEmulator *self,
                 guint           requested,
                 gint64          actual)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cost");
  json_builder_begin_object (builder);
  add_int (builder, "requestedQueryCost", requested);
  json_builder_set_member_name (builder, "actualQueryCost");
  if (actual >= 0)
    json_builder_add_int_value (builder, actual);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "throttleStatus");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maximumAvailable");
  json_builder_add_double_value (builder, self->bucket_size);
  add_int (builder, "currentlyAvailable", (gint64) self->bucket_available);
  json_builder_set_member_name (builder, "restoreRate");
  json_builder_add_double_value (builder, self->restore_rate);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* {"errors": [{"message": …, "extensions": {"code": CODE, "cost": …,
 * "maxCost": …}}], "extensions": …}: the cost and limit when not
 * negative, the answer's @extensions when not NULL. Never any data. */
static void
respond_shopify_error (RetourEmulator    *self,
                       SoupServerMessage *message,
                       const char        *text,
                       const char        *code,
                       gint64             cost,
                       gint64             max_cost,
                       JsonNode          *extensions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char *body;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "message", text);
  if (code != NULL)
    {
      json_builder_set_member_name (builder, "extensions");
      json_builder_begin_object (builder);
      add_string (builder, "code", code);
      if (cost >= 0)
        add_int (builder, "cost", cost);
      if (max_cost >= 0)
        add_int (builder, "maxCost", max_cost);
      add_string (builder, "documentation", "https://shopify.dev/api/usage/rate-limits");
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (extensions != NULL)
    {
      json_builder_set_member_name (builder, "extensions");
      json_builder_add_value (builder, json_node_copy (extensions));
    }
  json_builder_end_object (builder);

  body = builder_text (builder, &length);
  respond (self, message, 200, "application/json", body, length, FAULT_NONE);
}

/* Shopify refuses a query whose requested cost is over the limit before
 * running it, whatever is in the bucket, in these words. */
static void
respond_max_cost_exceeded (RetourEmulator    *self,
                           SoupServerMessage *message,
                           guint              cost)
{
  g_autofree char *text = NULL;

  self->cost_refused++;
  text = g_strdup_printf ("Query cost is %u, which exceeds the single query max cost limit (%u).\n\n"
                          "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                          "cost of a query is calculated.\n\n"
                          "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n"
                          "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n",
                          cost, self->single_query_limit);
  respond_shopify_error (self, message, text, "MAX_COST_EXCEEDED", cost, self->single_query_limit, NULL);
}

static void
respond_throttled (RetourEmulator    *self,
                   SoupServerMessage *message,
                   guint              requested)
{
  g_autoptr(JsonNode) extensions = cost_extensions (self, requested, -1);

  self->throttled++;
  respond_shopify_error (self, message, "Throttled", "THROTTLED", -1, -1, extensions);
}

void
retour_emulator_set_bucket (RetourEmulator *self,
                            guint           size,
                            guint           restore_rate)
{
  g_return_if_fail (size > 0 && restore_rate > 0);

  self->bucket_size = size;
  self->restore_rate = restore_rate;
  self->bucket_available = size;
  self->bucket_at_us = g_get_monotonic_time ();
}

void
retour_emulator_set_single_query_limit (RetourEmulator *self,
                                        guint           limit)
{
  self->single_query_limit = limit;
}

guint
retour_emulator_get_max_query_cost (RetourEmulator *self)
{
  return self->max_query_cost;
}

guint
retour_emulator_get_query_cost (RetourEmulator *self,
                                const char     *operation)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->operation_costs, operation));
}

guint
retour_emulator_get_throttled (RetourEmulator *self)
{
  return self->throttled;
}

guint
retour_emulator_get_cost_refused (RetourEmulator *self)
{
  return self->cost_refused;
}

guint64
retour_emulator_get_cost_spent (RetourEmulator *self)
{
  return self->cost_spent;
}

void
retour_emulator_add_lines (RetourEmulator *self,
                           guint           n_lines)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_lines);
  gint64 next_id = 0;

  for (guint i = 0; i < self->orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);

      for (guint j = 0; j < order->lines->len; j++)
        next_id = MAX (next_id, ((RetourEmulatorLine *) g_ptr_array_index (order->lines, j))->id + 1);
    }

  for (guint i = 0; i < self->orders->len; i++)
    {
      RetourEmulatorOrder *order = g_ptr_array_index (self->orders, i);

      while (order->lines->len < n_lines)
        g_ptr_array_add (order->lines, make_line (rand, next_id++));
    }
}

/* The answer's "data": each root field the operation selects. */
static gboolean shopify_resolutions (RetourEmulator         *self,
                                     JsonBuilder            *builder,
                                     RetourGraphqlOperation *operation);

static JsonNode *
shopify_data (RetourEmulator         *self,
              RetourGraphqlOperation *operation,
              gboolean               *wrote,
              gboolean               *returned)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (retour_graphql_is_mutation (operation))
    {
      if (retour_graphql_selects (operation, "refundCreate"))
        *wrote = shopify_refund_create (self, builder,
                                        retour_graphql_get_object (operation, "refundCreate", "input"));
      if (retour_graphql_selects (operation, "returnCreate"))
        *returned = shopify_return_create (self, builder,
                                           retour_graphql_get_object (operation, "returnCreate", "returnInput"));
      /* Carried out like a return made, and as liable to lose its answer. */
      if (retour_graphql_selects (operation, "returnApproveRequest"))
        *returned = shopify_return_answer (self, builder, "returnApproveRequest",
                                           retour_graphql_get_object (operation, "returnApproveRequest", "input"));
      if (retour_graphql_selects (operation, "returnDeclineRequest"))
        *returned = shopify_return_answer (self, builder, "returnDeclineRequest",
                                           retour_graphql_get_object (operation, "returnDeclineRequest", "input"));
      if (retour_graphql_selects (operation, "stagedUploadsCreate"))
        shopify_staged_uploads_create (self, builder,
                                       retour_graphql_get_array (operation, "stagedUploadsCreate", "input"));
      if (retour_graphql_selects (operation, "reverseDeliveryCreateWithShipping"))
        *returned = shopify_reverse_delivery_create (self, builder, operation);
      /* Made like a refund, and as liable to lose its answer. */
      *wrote |= shopify_resolutions (self, builder, operation);
    }
  else
    {
      if (retour_graphql_selects (operation, "currentAppInstallation"))
        shopify_scopes (self, builder);
      if (retour_graphql_selects (operation, "orders"))
        shopify_orders (self, builder, operation);
      if (retour_graphql_selects (operation, "order"))
        shopify_order (self, builder, operation);
      if (retour_graphql_selects (operation, "returnableFulfillments"))
        shopify_returnable_fulfillments (self, builder, operation);
      if (retour_graphql_selects (operation, "returnableFulfillment"))
        shopify_returnable_fulfillment (self, builder, operation);
      if (retour_graphql_selects (operation, "return"))
        shopify_return (self, builder, operation);
      shopify_resolutions (self, builder, operation);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Every query is priced before it runs: refused over the single query
 * limit, THROTTLED when the bucket holds less than it asks, and otherwise
 * run, the bucket paying what it asked and getting back what it did not
 * take. */
static void
handle_shopify (RetourEmulator    *self,
                SoupServerMessage *message,
                const char        *path,
                FaultKind          fault)
{
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                    "X-Shopify-Access-Token");
  SoupMessageBody *request = soup_server_message_get_request_body (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(RetourGraphqlOperation) operation = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  JsonNode *data;
  JsonObject *object, *variables;
  const char *name, *document;
  gboolean wrote = FALSE;
  gboolean returned = FALSE;
  guint requested, actual;
  char *body;
  gsize length;

  if (!g_str_equal (path, SHOPIFY_PATH) || !g_str_equal (soup_server_message_get_method (message), "POST"))
    {
      respond_text (self, message, 404, "application/json", "{\"errors\":\"Not Found\"}");
      return;
    }
  if (g_strcmp0 (token, RETOUR_EMULATOR_SHOPIFY_TOKEN) != 0)
    {
      respond_text (self, message, 401, "application/json",
                    "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
      return;
    }
  if (!json_parser_load_from_data (parser, request->data, request->length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      respond_text (self, message, 400, "application/json", "{\"errors\":\"Bad Request\"}");
      return;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  name = json_object_get_string_member_with_default (object, "operationName", "");
  document = json_object_get_string_member_with_default (object, "query", NULL);
  variables = json_object_has_member (object, "variables") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "variables"))
              ? json_object_get_object_member (object, "variables") : NULL;
  if (document == NULL)
    {
      respond_shopify_error (self, message, "No query string was present", NULL, -1, -1, NULL);
      return;
    }
  operation = retour_graphql_parse (document, name, variables, &error);
  if (operation == NULL)
    {
      respond_shopify_error (self, message, error->message, NULL, -1, -1, NULL);
      return;
    }

  requested = retour_graphql_requested_cost (operation);
  note_requested_cost (self, name, requested);
  if (requested > self->single_query_limit)
    {
      respond_max_cost_exceeded (self, message, requested);
      return;
    }
  refill_bucket (self);
  if (requested > self->bucket_available)
    {
      respond_throttled (self, message, requested);
      return;
    }
  self->bucket_available -= requested;

  data = shopify_data (self, operation, &wrote, &returned);
  actual = retour_graphql_actual_cost (operation, data);
  self->bucket_available = MIN (self->bucket_size, self->bucket_available + requested - MIN (actual, requested));
  self->cost_spent += actual;

  json_object_set_member (answer, "data", data);
  json_object_set_member (answer, "extensions", cost_extensions (self, requested, actual));
  json_node_set_object (root, answer);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);

  if (wrote && self->write_stall)
    {
      self->write_stall = FALSE;
      fault = FAULT_STALL;
    }
  if (returned && self->return_stall)
    {
      self->return_stall = FALSE;
      fault = FAULT_STALL;
    }
  respond (self, message, 200, "application/json", body, length, fault);
}

/* GET /_control/cost: what Shopify's cost accounting saw. */
static gboolean
handle_cost_control (RetourEmulator    *self,
                     SoupServerMessage *message,
                     const char        *path)
{
  g_autofree char *body = NULL;

  if (!g_str_equal (path, "/_control/cost"))
    return FALSE;

  refill_bucket (self);
  body = g_strdup_printf ("{\"max_query_cost\":%u,\"throttled\":%u,\"cost_refused\":%u,"
                          "\"cost_spent\":%" G_GUINT64_FORMAT ",\"currently_available\":%.0f,"
                          "\"maximum_available\":%.0f,\"restore_rate\":%.0f}",
                          self->max_query_cost, self->throttled, self->cost_refused, self->cost_spent,
                          self->bucket_available, self->bucket_size, self->restore_rate);
  respond_text (self, message, 200, "application/json", body);
  return TRUE;
}

/* --------------------------------------------------------------- control */

static void
handle_control (RetourEmulator    *self,
                SoupServerMessage *message,
                const char        *path)
{
  if (handle_cost_control (self, message, path))
    return;

  if (g_str_equal (path, "/_control/writes"))
    {
      g_autofree char *body = g_strdup_printf ("{\"writes\":%u,\"refunds\":%u,\"return_writes\":%u,"
                                               "\"returns\":%u,\"requests\":%u}",
                                               self->writes, self->refunds->len, self->return_writes,
                                               self->returns->len, self->requests);
      respond_text (self, message, 200, "application/json", body);
      return;
    }

  if (g_str_equal (path, "/_control") && g_str_equal (soup_server_message_get_method (message), "POST"))
    {
      SoupMessageBody *request = soup_server_message_get_request_body (message);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonNode *faults = NULL;

      if (json_parser_load_from_data (parser, request->data, request->length, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        faults = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "faults");

      for (guint i = 0; faults != NULL && JSON_NODE_HOLDS_ARRAY (faults) &&
                        i < json_array_get_length (json_node_get_array (faults)); i++)
        {
          const char *spec = json_array_get_string_element (json_node_get_array (faults), i);

          if (spec == NULL || !retour_emulator_add_faults (self, spec, &error))
            break;
        }

      if (faults == NULL || error != NULL)
        respond_text (self, message, 400, "application/json", "{\"error\":\"bad faults\"}");
      else
        respond_text (self, message, 200, "application/json", "{\"ok\":true}");
      return;
    }

  respond_text (self, message, 404, "text/plain", "not found");
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  RetourEmulator *self = user_data;
  FaultKind fault;

  if (g_str_has_prefix (path, "/_control"))
    {
      handle_control (self, message, path);
      return;
    }

  self->requests++;
  fault = take_fault (self);
  if (fault != FAULT_NONE)
    g_debug ("Request %u: %s", self->requests, fault_names[fault]);
  if (apply_fault (self, message, fault))
    return;

  if (self->platform == RETOUR_EMULATOR_SHOPIFY && handle_staged_upload (self, message, path))
    return;
  if (self->platform == RETOUR_EMULATOR_WOO)
    handle_woo (self, message, path, query, fault);
  else
    handle_shopify (self, message, path, fault);
}

gboolean
retour_emulator_start (RetourEmulator  *self,
                       GError         **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  GUri *uri;

  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "retour-emulator ", NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  uri = uris->data;
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

const char *
retour_emulator_get_url (RetourEmulator *self)
{
  return self->url;
}

/* ----------------------------------------------------------- resolutions */

/* An order made through the API in exchange for returned items: its
 * order is in self->orders like any other; this keeps what WooCommerce
 * adds to it. */
typedef struct
{
  gint64               order_id;
  RetourEmulatorOrder *order;  /* in self->orders */
  gint64  parent_id;
  gint64  fee_minor;   /* the fee line (negative: the credit for what came back) */
  char   *marker;      /* the client's _retour_marker meta */
  char   *rma;         /* the client's _retour_rma meta */
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_free (exchange->marker);
  g_free (exchange->rma);
  g_free (exchange);
}

static void
coupon_free (RetourEmulatorCoupon *coupon)
{
  g_free (coupon->code);
  g_free (coupon->amount);
  g_free (coupon->email);
  g_free (coupon->marker);
  g_free (coupon->expires);
  g_free (coupon);
}

static GPtrArray *
exchanges_of (RetourEmulator *self)
{
  if (self->exchanges == NULL)
    self->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_free);

  return self->exchanges;
}

GPtrArray *
retour_emulator_list_coupons (RetourEmulator *self)
{
  if (self->coupons == NULL)
    self->coupons = g_ptr_array_new_with_free_func ((GDestroyNotify) coupon_free);

  return self->coupons;
}

guint
retour_emulator_get_resolution_writes (RetourEmulator *self)
{
  return self->resolution_writes;
}

RetourEmulatorCoupon *
retour_emulator_add_coupon (RetourEmulator *self,
                            const char     *code)
{
  RetourEmulatorCoupon *coupon = g_new0 (RetourEmulatorCoupon, 1);
  GPtrArray *coupons = retour_emulator_list_coupons (self);

  coupon->id = 90000 + coupons->len;
  coupon->code = g_ascii_strdown (code, -1);
  coupon->amount = g_strdup ("10.00");
  g_ptr_array_add (coupons, coupon);

  return coupon;
}

guint
retour_emulator_count_exchange_orders (RetourEmulator *self,
                                       gint64          parent_id)
{
  guint n = 0;

  for (guint i = 0; self->exchanges != NULL && i < self->exchanges->len; i++)
    n += ((Exchange *) g_ptr_array_index (self->exchanges, i))->parent_id == parent_id;

  return n;
}

RetourEmulatorOrder *
retour_emulator_get_exchange_order (RetourEmulator  *self,
                                    gint64           parent_id,
                                    gint64          *fee_minor,
                                    const char     **rma)
{
  for (guint i = 0; self->exchanges != NULL && i < self->exchanges->len; i++)
    {
      Exchange *exchange = g_ptr_array_index (self->exchanges, i);

      if (exchange->parent_id == parent_id)
        {
          if (fee_minor != NULL)
            *fee_minor = exchange->fee_minor;
          if (rma != NULL)
            *rma = exchange->rma;
          return exchange->order;
        }
    }

  return NULL;
}

static Exchange *
find_exchange (RetourEmulator *self,
               gint64          order_id)
{
  for (guint i = 0; self->exchanges != NULL && i < self->exchanges->len; i++)
    {
      Exchange *exchange = g_ptr_array_index (self->exchanges, i);

      if (exchange->order_id == order_id)
        return exchange;
    }

  return NULL;
}

static void
add_meta_entry (JsonBuilder *builder,
                gint64       id,
                const char  *key,
                const char  *value)
{
  if (value == NULL)
    return;
  json_builder_begin_object (builder);
  add_int (builder, "id", id);
  add_string (builder, "key", key);
  add_string (builder, "value", value);
  json_builder_end_object (builder);
}

/* An exchange order as GET /orders/{id} and POST /orders answer it. */
static void
add_woo_exchange (RetourEmulator *self,
                  JsonBuilder    *builder,
                  Exchange       *exchange)
{
  RetourEmulatorOrder *order = exchange->order;
  gint64 total = retour_emulator_order_total (self, order) + exchange->fee_minor;
  gboolean pending = g_str_equal (order->status, "pending");

  json_builder_begin_object (builder);
  add_int (builder, "id", order->id);
  add_int (builder, "parent_id", exchange->parent_id);
  add_string (builder, "number", order->number);
  add_string (builder, "status", order->status);
  add_string (builder, "currency", order->currency);
  add_take (builder, "date_created_gmt", time_text (order->created_s, FALSE));
  add_take (builder, "date_modified_gmt", time_text (order->modified_s, FALSE));
  add_take (builder, "total", money_text (total, order->currency));
  add_int (builder, "customer_id", order->customer_id);
  add_woo_address (builder, "billing", order, TRUE);
  add_woo_address (builder, "shipping", order, FALSE);
  /* WooCommerce's checkout link for the order; paid orders keep one too. */
  add_take (builder, "payment_url",
            g_strdup_printf ("%s/checkout/order-pay/%" G_GINT64_FORMAT "/?pay_for_order=true&key=wc_order_%"
                             G_GINT64_FORMAT, self->url, order->id, order->id * 7919));
  json_builder_set_member_name (builder, "needs_payment");
  json_builder_add_boolean_value (builder, pending);
  json_builder_set_member_name (builder, "line_items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < order->lines->len; i++)
    {
      RetourEmulatorLine *line = g_ptr_array_index (order->lines, i);

      json_builder_begin_object (builder);
      add_int (builder, "id", line->id);
      add_string (builder, "name", line->name);
      add_int (builder, "product_id", line->product_id);
      add_int (builder, "variation_id", 0);
      add_int (builder, "quantity", line->quantity);
      add_take (builder, "total", money_text (line->price_minor * line->quantity, order->currency));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "fee_lines");
  json_builder_begin_array (builder);
  if (exchange->fee_minor != 0)
    {
      json_builder_begin_object (builder);
      add_int (builder, "id", order->id * 10);
      add_take (builder, "total", money_text (exchange->fee_minor, order->currency));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  add_meta_entry (builder, order->id * 10 + 1, "_retour_marker", exchange->marker);
  add_meta_entry (builder, order->id * 10 + 2, "_retour_rma", exchange->rma);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The shop's catalogue: the products its orders are made of. */
static gboolean
known_product (gint64       product_id,
               const char **name,
               gint64      *price_minor)
{
  guint index;

  if (product_id < 100 || product_id >= 100 + (gint64) G_N_ELEMENTS (products))
    return FALSE;
  index = (guint) (product_id - 100);
  *name = products[index];
  *price_minor = 995 + 500 * index;

  return TRUE;
}

static gint64
json_id (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 id = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_signed (json_node_get_string (node), 10, 1, G_MAXINT64, &id, NULL))
    return id;

  return 0;
}

static void
respond_builder (RetourEmulator    *self,
                 SoupServerMessage *message,
                 guint              status,
                 JsonBuilder       *builder,
                 FaultKind          fault)
{
  gsize length;
  char *body = builder_text (builder, &length);

  /* write-stall: carried out, but the answer stalls. */
  if (status == 201 && self->write_stall)
    {
      self->write_stall = FALSE;
      fault = FAULT_STALL;
    }
  respond (self, message, status, "application/json", body, length, fault);
}

static JsonObject *
request_object (SoupServerMessage *message,
                JsonParser        *parser)
{
  SoupMessageBody *request = soup_server_message_get_request_body (message);

  if (!json_parser_load_from_data (parser, request->data, request->length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_node_get_object (json_parser_get_root (parser));
}

/* POST /orders as WooCommerce takes it: line items by product id (a
 * product the shop does not have is refused, as WooCommerce does before
 * it saves anything), fee lines, the parent, the status and the meta. */
static void
woo_create_order (RetourEmulator    *self,
                  SoupServerMessage *message,
                  FaultKind          fault)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  JsonObject *object;
  JsonArray *items;
  RetourEmulatorOrder *order, *parent;
  Exchange *exchange;
  gint64 fee_minor = 0;

  self->resolution_writes++;
  object = request_object (message, parser);
  if (object == NULL)
    {
      woo_error (self, message, 400, "rest_invalid_json", "Invalid JSON body.");
      return;
    }

  parent = find_order (self, json_id (object, "parent_id"));
  items = json_object_has_member (object, "line_items") ? json_object_get_array_member (object, "line_items") : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      RetourEmulatorLine *line;
      const char *name;
      gint64 price_minor;

      if (item == NULL || !known_product (json_id (item, "product_id"), &name, &price_minor))
        {
          woo_error (self, message, 400, "woocommerce_rest_invalid_product_id", "Invalid product ID.");
          return;
        }
      line = g_new0 (RetourEmulatorLine, 1);
      line->id = self->next_line_id++;
      line->product_id = json_id (item, "product_id");
      line->name = g_strdup (name);
      line->quantity = (guint) CLAMP (json_object_get_int_member_with_default (item, "quantity", 1), 1, 1000);
      line->current_quantity = line->quantity;
      line->price_minor = price_minor;
      g_ptr_array_add (lines, line);
    }

  if (json_object_has_member (object, "fee_lines"))
    {
      JsonArray *fees = json_object_get_array_member (object, "fee_lines");

      for (guint i = 0; fees != NULL && i < json_array_get_length (fees); i++)
        {
          JsonObject *fee = json_array_get_object_element (fees, i);
          const char *text = fee != NULL ? json_object_get_string_member_with_default (fee, "total", "0") : "0";

          double value = g_ascii_strtod (text, NULL) * 100;

          fee_minor += (gint64) (value < 0 ? value - 0.5 : value + 0.5);
        }
    }

  order = g_new0 (RetourEmulatorOrder, 1);
  order->id = 5000 + self->orders->len;
  order->number = g_strdup_printf ("%" G_GINT64_FORMAT, 1000 + order->id);
  order->currency = g_strdup (json_object_get_string_member_with_default (object, "currency", "EUR"));
  order->created_s = ++self->clock_s;
  order->modified_s = order->created_s;
  order->status = g_strdup (json_object_get_string_member_with_default (object, "status", "pending"));
  order->customer_id = json_id (object, "customer_id");
  order->first_name = g_strdup (parent != NULL ? parent->first_name : "");
  order->last_name = g_strdup (parent != NULL ? parent->last_name : "");
  order->email = g_strdup (parent != NULL ? parent->email : "");
  order->phone = g_strdup (parent != NULL ? parent->phone : "");
  order->city = g_strdup (parent != NULL ? parent->city : "");
  order->postcode = g_strdup (parent != NULL ? parent->postcode : "");
  order->country = g_strdup (parent != NULL ? parent->country : "NL");
  order->has_shipping = TRUE;
  order->lines = g_steal_pointer (&lines);
  order->fulfillments = g_array_new (FALSE, FALSE, sizeof (RetourEmulatorFulfillment));
  g_ptr_array_add (self->orders, order);

  exchange = g_new0 (Exchange, 1);
  exchange->order_id = order->id;
  exchange->order = order;
  exchange->parent_id = json_id (object, "parent_id");
  exchange->fee_minor = fee_minor;
  exchange->marker = meta_value (object, "_retour_marker");
  exchange->rma = meta_value (object, "_retour_rma");
  g_ptr_array_add (exchanges_of (self), exchange);

  add_woo_exchange (self, builder, exchange);
  respond_builder (self, message, 201, builder, fault);
}

static void
add_woo_coupon (JsonBuilder          *builder,
                RetourEmulatorCoupon *coupon)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", coupon->id);
  add_string (builder, "code", coupon->code);
  add_string (builder, "amount", coupon->amount);
  add_string (builder, "discount_type", "fixed_cart");
  add_int (builder, "usage_limit", coupon->usage_limit);
  add_string (builder, "date_expires_gmt", coupon->expires);
  json_builder_set_member_name (builder, "email_restrictions");
  json_builder_begin_array (builder);
  if (coupon->email != NULL)
    json_builder_add_string_value (builder, coupon->email);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "meta_data");
  json_builder_begin_array (builder);
  add_meta_entry (builder, coupon->id * 10, "_retour_marker", coupon->marker);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* GET /coupons?code= (WooCommerce compares codes without case, and keeps
 * them lower case) and POST /coupons, which refuses a code in use. */
static void
woo_coupons (RetourEmulator    *self,
             SoupServerMessage *message,
             GHashTable        *query,
             FaultKind          fault)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *coupons = retour_emulator_list_coupons (self);

  if (g_str_equal (soup_server_message_get_method (message), "POST"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *code = NULL;
      RetourEmulatorCoupon *coupon;
      JsonObject *object;
      JsonArray *emails;

      self->resolution_writes++;
      object = request_object (message, parser);
      if (object == NULL || !json_object_has_member (object, "code"))
        {
          woo_error (self, message, 400, "rest_missing_callback_param", "Missing parameter(s): code");
          return;
        }
      code = g_ascii_strdown (json_object_get_string_member_with_default (object, "code", ""), -1);
      for (guint i = 0; i < coupons->len; i++)
        if (g_str_equal (((RetourEmulatorCoupon *) g_ptr_array_index (coupons, i))->code, code))
          {
            woo_error (self, message, 400, "woocommerce_rest_coupon_code_already_exists",
                       "The coupon code already exists");
            return;
          }

      coupon = retour_emulator_add_coupon (self, code);
      g_free (coupon->amount);
      coupon->amount = g_strdup (json_object_get_string_member_with_default (object, "amount", "0"));
      coupon->usage_limit = (guint) json_object_get_int_member_with_default (object, "usage_limit", 0);
      coupon->expires = g_strdup (json_object_get_string_member_with_default (object, "date_expires_gmt", NULL));
      coupon->marker = meta_value (object, "_retour_marker");
      emails = json_object_has_member (object, "email_restrictions")
               ? json_object_get_array_member (object, "email_restrictions") : NULL;
      if (emails != NULL && json_array_get_length (emails) > 0)
        coupon->email = g_strdup (json_array_get_string_element (emails, 0));

      add_woo_coupon (builder, coupon);
      respond_builder (self, message, 201, builder, fault);
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < coupons->len; i++)
    {
      RetourEmulatorCoupon *coupon = g_ptr_array_index (coupons, i);
      const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;

      if (code == NULL || g_ascii_strcasecmp (code, coupon->code) == 0)
        add_woo_coupon (builder, coupon);
    }
  json_builder_end_array (builder);
  respond_builder (self, message, 200, builder, fault);
}

/* The routes of resolutions; FALSE for a request that is none of them. */
static gboolean
woo_resolutions (RetourEmulator    *self,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 FaultKind          fault)
{
  const char *method = soup_server_message_get_method (message);
  const char *parent_text = query != NULL ? g_hash_table_lookup (query, "parent") : NULL;
  guint64 id;

  if (g_str_equal (path, "/wp-json/wc/v3/coupons"))
    {
      woo_coupons (self, message, query, fault);
      return TRUE;
    }

  if (g_str_equal (path, "/wp-json/wc/v3/orders") && g_str_equal (method, "POST"))
    {
      woo_create_order (self, message, fault);
      return TRUE;
    }

  /* parent=ID: the orders made from that one. */
  if (g_str_equal (path, "/wp-json/wc/v3/orders") && g_str_equal (method, "GET") && parent_text != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (!g_ascii_string_to_unsigned (parent_text, 10, 0, G_MAXINT64, &id, NULL))
        {
          woo_error (self, message, 400, "rest_invalid_param", "Invalid parameter(s): parent");
          return TRUE;
        }
      json_builder_begin_array (builder);
      for (guint i = 0; self->exchanges != NULL && i < self->exchanges->len; i++)
        {
          Exchange *exchange = g_ptr_array_index (self->exchanges, i);

          if (exchange->parent_id == (gint64) id)
            add_woo_exchange (self, builder, exchange);
        }
      json_builder_end_array (builder);
      respond_builder (self, message, 200, builder, fault);
      return TRUE;
    }

  if (g_str_has_prefix (path, "/wp-json/wc/v3/orders/") && g_str_equal (method, "GET") &&
      g_ascii_string_to_unsigned (path + strlen ("/wp-json/wc/v3/orders/"), 10, 1, G_MAXINT64, &id, NULL))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      RetourEmulatorOrder *order = find_order (self, (gint64) id);
      Exchange *exchange = find_exchange (self, (gint64) id);

      if (order == NULL)
        {
          woo_error (self, message, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
          return TRUE;
        }
      if (exchange != NULL)
        add_woo_exchange (self, builder, exchange);
      else
        add_woo_order (self, builder, order);
      respond_builder (self, message, 200, builder, fault);
      return TRUE;
    }

  return FALSE;
}

/* Shopify: draft orders and gift cards, as an exchange and store credit
 * make them. */

typedef struct
{
  gint64               id;
  char                *name;       /* "#D1" */
  char                *status;     /* OPEN, INVOICE_SENT, COMPLETED */
  GStrv                tags;
  char                *note;
  gint64               customer_id;
  GPtrArray           *lines;      /* RetourEmulatorLine*, owned */
  gint64               discount_minor;
  RetourEmulatorOrder *order;      /* once completed; in self->orders */
} DraftOrder;

typedef struct
{
  gint64  id;
  char   *code;
  char   *note;
  char   *initial_value;
  gint64  customer_id;
} GiftCard;

static void
draft_order_free (DraftOrder *draft)
{
  g_free (draft->name);
  g_free (draft->status);
  g_strfreev (draft->tags);
  g_free (draft->note);
  g_ptr_array_unref (draft->lines);
  g_free (draft);
}

static void
gift_card_free (GiftCard *card)
{
  g_free (card->code);
  g_free (card->note);
  g_free (card->initial_value);
  g_free (card);
}

guint
retour_emulator_count_draft_orders (RetourEmulator *self)
{
  return self->draft_orders != NULL ? self->draft_orders->len : 0;
}

const char *
retour_emulator_get_draft_order (RetourEmulator  *self,
                                 guint            index,
                                 gint64          *discount_minor,
                                 const char     **note,
                                 gint64          *variant_id)
{
  DraftOrder *draft;

  if (self->draft_orders == NULL || index >= self->draft_orders->len)
    return NULL;
  draft = g_ptr_array_index (self->draft_orders, index);
  if (discount_minor != NULL)
    *discount_minor = draft->discount_minor;
  if (note != NULL)
    *note = draft->note;
  if (variant_id != NULL)
    *variant_id = draft->lines->len > 0 ? ((RetourEmulatorLine *) g_ptr_array_index (draft->lines, 0))->product_id : 0;

  return draft->status;
}

guint
retour_emulator_count_gift_cards (RetourEmulator *self)
{
  return self->gift_cards != NULL ? self->gift_cards->len : 0;
}

void
retour_emulator_add_gift_card (RetourEmulator *self,
                               const char     *code)
{
  GiftCard *card = g_new0 (GiftCard, 1);

  if (self->gift_cards == NULL)
    self->gift_cards = g_ptr_array_new_with_free_func ((GDestroyNotify) gift_card_free);
  card->id = 30000 + self->gift_cards->len;
  card->code = g_strdup (code);
  card->initial_value = g_strdup ("10.00");
  g_ptr_array_add (self->gift_cards, card);
}

static void
add_resolution_error (JsonBuilder *builder,
                const char  *field,
                const char  *message,
                const char  *code)
{
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_begin_array (builder);
  {
    g_auto(GStrv) parts = g_strsplit (field, ".", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      json_builder_add_string_value (builder, parts[i]);
  }
  json_builder_end_array (builder);
  add_string (builder, "message", message);
  if (code != NULL)
    add_string (builder, "code", code);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static void
add_no_user_errors (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
}

static void
add_draft_order (RetourEmulator *self,
                 JsonBuilder    *builder,
                 DraftOrder     *draft)
{
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("DraftOrder", draft->id));
  add_string (builder, "name", draft->name);
  add_string (builder, "status", draft->status);
  add_take (builder, "invoiceUrl", g_strdup_printf ("%s/invoices/%" G_GINT64_FORMAT, self->url, draft->id));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; draft->tags != NULL && draft->tags[i] != NULL; i++)
    json_builder_add_string_value (builder, draft->tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "order");
  if (draft->order != NULL)
    {
      json_builder_begin_object (builder);
      add_take (builder, "id", gid ("Order", draft->order->id));
      add_string (builder, "name", draft->order->number);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static DraftOrder *
find_draft_order (RetourEmulator *self,
                  const char     *id)
{
  gint64 number = id != NULL && g_str_has_prefix (id, "gid://shopify/DraftOrder/") ? gid_number (id) : -1;

  for (guint i = 0; self->draft_orders != NULL && i < self->draft_orders->len; i++)
    {
      DraftOrder *draft = g_ptr_array_index (self->draft_orders, i);

      if (draft->id == number)
        return draft;
    }

  return NULL;
}

/* draftOrderCreate: every variant must be one the shop sells. */
static void
draft_order_create (RetourEmulator *self,
                    JsonBuilder    *builder,
                    JsonObject     *input)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  JsonArray *items = input != NULL && json_object_has_member (input, "lineItems")
                     ? json_object_get_array_member (input, "lineItems") : NULL;
  JsonObject *discount = input != NULL && json_object_has_member (input, "appliedDiscount")
                         ? json_object_get_object_member (input, "appliedDiscount") : NULL;
  JsonArray *tags = input != NULL && json_object_has_member (input, "tags")
                    ? json_object_get_array_member (input, "tags") : NULL;
  const char *customer = input != NULL ? json_object_get_string_member_with_default (input, "customerId", NULL) : NULL;
  GStrvBuilder *tag_builder = g_strv_builder_new ();
  DraftOrder *draft;

  json_builder_set_member_name (builder, "draftOrderCreate");
  json_builder_begin_object (builder);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *variant = item != NULL ? json_object_get_string_member_with_default (item, "variantId", NULL) : NULL;
      gint64 product_id = variant != NULL && g_str_has_prefix (variant, "gid://shopify/ProductVariant/")
                          ? gid_number (variant) : -1;
      RetourEmulatorLine *line;
      const char *name;
      gint64 price_minor;

      if (!known_product (product_id, &name, &price_minor))
        {
          g_autofree char *field = g_strdup_printf ("input.lineItems.%u.variantId", i);
          g_autofree char *text = g_strdup_printf ("Product with ID %s is no longer available.",
                                                   variant != NULL ? variant : "null");

          json_builder_set_member_name (builder, "draftOrder");
          json_builder_add_null_value (builder);
          add_resolution_error (builder, field, text, NULL);
          json_builder_end_object (builder);
          g_strv_builder_unref (tag_builder);
          return;
        }
      line = g_new0 (RetourEmulatorLine, 1);
      line->id = self->next_line_id++;
      line->product_id = product_id;
      line->name = g_strdup (name);
      line->quantity = (guint) CLAMP (json_object_get_int_member_with_default (item, "quantity", 1), 1, 1000);
      line->current_quantity = line->quantity;
      line->price_minor = price_minor;
      g_ptr_array_add (lines, line);
    }

  if (self->draft_orders == NULL)
    self->draft_orders = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_order_free);
  draft = g_new0 (DraftOrder, 1);
  draft->id = 40000 + self->draft_orders->len;
  draft->name = g_strdup_printf ("#D%u", self->draft_orders->len + 1);
  draft->status = g_strdup ("OPEN");
  draft->note = g_strdup (json_object_get_string_member_with_default (input, "note", NULL));
  draft->customer_id = customer != NULL ? gid_number (customer) : 0;
  draft->lines = g_steal_pointer (&lines);
  if (discount != NULL)
    {
      double value = g_ascii_strtod (json_object_get_string_member_with_default (discount, "amount", "0"), NULL) * 100;

      draft->discount_minor = (gint64) (value + 0.5);
    }
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    g_strv_builder_add (tag_builder, json_array_get_string_element (tags, i));
  draft->tags = g_strv_builder_end (tag_builder);
  g_strv_builder_unref (tag_builder);
  g_ptr_array_add (self->draft_orders, draft);

  json_builder_set_member_name (builder, "draftOrder");
  add_draft_order (self, builder, draft);
  add_no_user_errors (builder);
  json_builder_end_object (builder);
}

/* draftOrderComplete (an order of it, paid) and draftOrderInvoiceSend. */
static void
draft_order_step (RetourEmulator *self,
                  JsonBuilder    *builder,
                  const char     *mutation,
                  const char     *id)
{
  DraftOrder *draft = find_draft_order (self, id);
  gboolean complete = g_str_equal (mutation, "draftOrderComplete");

  json_builder_set_member_name (builder, mutation);
  json_builder_begin_object (builder);
  if (draft == NULL || g_str_equal (draft->status, "COMPLETED"))
    {
      json_builder_set_member_name (builder, "draftOrder");
      json_builder_add_null_value (builder);
      add_resolution_error (builder, "id", draft == NULL ? "Draft order does not exist" : "Draft order has been paid",
                      NULL);
      json_builder_end_object (builder);
      return;
    }

  if (complete)
    {
      RetourEmulatorOrder *order = g_new0 (RetourEmulatorOrder, 1);

      order->id = 5000 + self->orders->len;
      order->number = g_strdup_printf ("#%" G_GINT64_FORMAT, 1001 + (order->id - 5000));
      order->currency = g_strdup ("EUR");
      order->created_s = ++self->clock_s;
      order->modified_s = order->created_s;
      order->status = g_strdup ("open");
      order->customer_id = draft->customer_id;
      order->first_name = g_strdup ("");
      order->last_name = g_strdup ("");
      order->email = g_strdup ("");
      order->phone = g_strdup ("");
      order->city = g_strdup ("");
      order->postcode = g_strdup ("");
      order->country = g_strdup ("NL");
      order->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
      for (guint i = 0; i < draft->lines->len; i++)
        {
          RetourEmulatorLine *from = g_ptr_array_index (draft->lines, i);
          RetourEmulatorLine *line = g_memdup2 (from, sizeof *from);

          line->name = g_strdup (from->name);
          line->sku = g_strdup (from->sku);
          line->id = self->next_line_id++;
          g_ptr_array_add (order->lines, line);
        }
      order->fulfillments = g_array_new (FALSE, FALSE, sizeof (RetourEmulatorFulfillment));
      g_ptr_array_add (self->orders, order);
      draft->order = order;
    }
  g_free (draft->status);
  draft->status = g_strdup (complete ? "COMPLETED" : "INVOICE_SENT");
  if (!complete)
    self->notifications++;

  json_builder_set_member_name (builder, "draftOrder");
  add_draft_order (self, builder, draft);
  add_no_user_errors (builder);
  json_builder_end_object (builder);
}

/* giftCardCreate: a code is the shop's only once. */
static void
gift_card_create (RetourEmulator *self,
                  JsonBuilder    *builder,
                  JsonObject     *input)
{
  const char *code = input != NULL ? json_object_get_string_member_with_default (input, "code", NULL) : NULL;
  const char *customer = input != NULL ? json_object_get_string_member_with_default (input, "customerId", NULL) : NULL;
  GiftCard *card;

  json_builder_set_member_name (builder, "giftCardCreate");
  json_builder_begin_object (builder);
  for (guint i = 0; code != NULL && self->gift_cards != NULL && i < self->gift_cards->len; i++)
    if (g_ascii_strcasecmp (((GiftCard *) g_ptr_array_index (self->gift_cards, i))->code, code) == 0)
      {
        json_builder_set_member_name (builder, "giftCard");
        json_builder_add_null_value (builder);
        add_resolution_error (builder, "input.code", "Code has already been taken", "TAKEN");
        json_builder_end_object (builder);
        return;
      }

  retour_emulator_add_gift_card (self, code != NULL ? code : "generated0000");
  card = g_ptr_array_index (self->gift_cards, self->gift_cards->len - 1);
  card->note = g_strdup (json_object_get_string_member_with_default (input, "note", NULL));
  g_free (card->initial_value);
  card->initial_value = g_strdup (json_object_get_string_member_with_default (input, "initialValue", "0"));
  card->customer_id = customer != NULL ? gid_number (customer) : 0;

  json_builder_set_member_name (builder, "giftCard");
  json_builder_begin_object (builder);
  add_take (builder, "id", gid ("GiftCard", card->id));
  add_string (builder, "note", card->note);
  add_take (builder, "lastCharacters", g_strdup (card->code + MAX ((int) strlen (card->code) - 4, 0)));
  json_builder_end_object (builder);
  add_string (builder, "giftCardCode", card->code);
  add_no_user_errors (builder);
  json_builder_end_object (builder);
}

/* The drafts with the tag of "tag:'X'", and the gift cards whose code
 * holds the text searched (their default search). */
static void
shopify_resolution_lists (RetourEmulator         *self,
                          JsonBuilder            *builder,
                          RetourGraphqlOperation *operation)
{
  if (retour_graphql_selects (operation, "draftOrders"))
    {
      const char *query = retour_graphql_get_string (operation, "draftOrders", "query");
      g_autofree char *tag = NULL;
      guint first = (guint) retour_graphql_get_int (operation, "draftOrders", "first", 0);
      guint n = 0;

      if (query != NULL && g_str_has_prefix (query, "tag:"))
        {
          tag = g_strdup (query + 4);
          g_strstrip (tag);
          if (tag[0] == '\'' && strlen (tag) >= 2)
            {
              memmove (tag, tag + 1, strlen (tag));
              tag[strlen (tag) - 1] = '\0';
            }
        }
      json_builder_set_member_name (builder, "draftOrders");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint i = 0; self->draft_orders != NULL && i < self->draft_orders->len && n < first; i++)
        {
          DraftOrder *draft = g_ptr_array_index (self->draft_orders, i);

          if (tag == NULL || g_strv_contains ((const char * const *) draft->tags, tag))
            {
              add_draft_order (self, builder, draft);
              n++;
            }
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  if (retour_graphql_selects (operation, "giftCards"))
    {
      const char *query = retour_graphql_get_string (operation, "giftCards", "query");
      guint first = (guint) retour_graphql_get_int (operation, "giftCards", "first", 0);
      guint n = 0;

      json_builder_set_member_name (builder, "giftCards");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint i = 0; self->gift_cards != NULL && i < self->gift_cards->len && n < first; i++)
        {
          GiftCard *card = g_ptr_array_index (self->gift_cards, i);
          g_autofree char *code = g_ascii_strdown (card->code, -1);
          g_autofree char *text = g_ascii_strdown (query != NULL ? query : "", -1);

          if (strstr (code, text) == NULL)
            continue;
          json_builder_begin_object (builder);
          add_take (builder, "id", gid ("GiftCard", card->id));
          add_string (builder, "note", card->note);
          add_take (builder, "lastCharacters", g_strdup (card->code + MAX ((int) strlen (card->code) - 4, 0)));
          json_builder_end_object (builder);
          n++;
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
}

/* Whether a mutation of them was received. */
static gboolean
shopify_resolutions (RetourEmulator         *self,
                     JsonBuilder            *builder,
                     RetourGraphqlOperation *operation)
{
  const char * const steps[] = { "draftOrderComplete", "draftOrderInvoiceSend" };
  gboolean wrote = FALSE;

  if (!retour_graphql_is_mutation (operation))
    {
      shopify_resolution_lists (self, builder, operation);
      return FALSE;
    }

  if (retour_graphql_selects (operation, "draftOrderCreate"))
    {
      self->resolution_writes++;
      draft_order_create (self, builder, retour_graphql_get_object (operation, "draftOrderCreate", "input"));
      wrote = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (retour_graphql_selects (operation, steps[i]))
      {
        draft_order_step (self, builder, steps[i], retour_graphql_get_string (operation, steps[i], "id"));
        wrote = TRUE;
      }
  if (retour_graphql_selects (operation, "giftCardCreate"))
    {
      self->resolution_writes++;
      gift_card_create (self, builder, retour_graphql_get_object (operation, "giftCardCreate", "input"));
      wrote = TRUE;
    }

  return wrote;
}
