/* retour-demo.c — a realistic demo shop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shop sells clothing, shoes, accessories, electronics, homeware and
 * toys to customers in the Netherlands, France, Germany and Poland. Each
 * category comes back as often, and for the reasons, it does in real web
 * shops (see category_returns). Returns
 * are created in time order over the last six months; how far each one got
 * depends on its age, and it gets there the way staff would take it: step
 * by step through the lifecycle (retour_rma_transition), with an event per
 * step, the refund its policy computes, and a stock movement for every unit
 * accepted back (on the shelf, held for repair — most of those repaired
 * by now — or written off). Everything goes through the store's own
 * functions, so a demo shop is also a test of them.
 */
#define G_LOG_DOMAIN "retour-demo"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "retour-catalog-store.h"
#include "retour-clock.h"
#include "retour-database-private.h"
#include "retour-demo.h"
#include "retour-law.h"
#include "retour-policy-store.h"
#include "retour-rma-store.h"
#include "retour-setting-store.h"
#include "retour-stock-store.h"

#define DAY (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400))
#define HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))
#define SPAN_DAYS 182
#define BATCH 10000
#define PROGRESS_EVERY 250
#define MAX_ORDERS_WITHOUT_RETURN 20000
#define ACTOR_STAFF_1 "Sanne de Boer"
#define ACTOR_STAFF_2 "Mehmet Yilmaz"
#define ACTOR_OWNER "Anouk Visser"

/* ---------------------------------------------------------------- data */

typedef struct
{
  const char *code;           /* ISO 3166-1 */
  const char *language;
  const char * const *first_female;
  const char * const *first_male;
  const char * const *last;   /* Polish: masculine form; feminine derived */
  const char * const *streets;
  const char * const *cities; /* "postcode-prefix|City" */
  const char *email_domain;
} Country;

static const char * const nl_female[] = { "Emma", "Julia", "Sanne", "Lieke", "Fleur", "Sophie", "Anouk", "Noor", "Eline", "Maaike", NULL };
static const char * const nl_male[] = { "Daan", "Sem", "Thijs", "Bram", "Joost", "Ruben", "Lars", "Pieter", "Jeroen", "Sven", NULL };
static const char * const nl_last[] = { "de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "van den Berg", "Mulder", "Dekker", "van Dijk", "Bos", "Vermeulen", "van 't Hof", "IJzerman", NULL };
static const char * const nl_streets[] = { "Keizersgracht", "Prinsengracht", "Oudegracht", "Hoofdstraat", "Kerkstraat", "Molenweg", "Stationsplein", "Lange Voorhout", NULL };
static const char * const nl_cities[] = { "10|Amsterdam", "30|Rotterdam", "35|Utrecht", "25|Den Haag", "97|Groningen", "56|Eindhoven", "52|'s-Hertogenbosch", "23|Leiden", NULL };

static const char * const fr_female[] = { "Léa", "Chloé", "Zoé", "Inès", "Anaïs", "Céline", "Hélène", "Maëlle", "Élodie", "Camille", NULL };
static const char * const fr_male[] = { "Hugo", "Théo", "Mathéo", "Jérôme", "Loïc", "François", "Noël", "Raphaël", "Benoît", "Étienne", NULL };
static const char * const fr_last[] = { "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Garnier", "Faure", "Rousseau", "Mercier", "Bonnaire-Desjardins", "Lemaître", NULL };
static const char * const fr_streets[] = { "rue de Rivoli", "rue du Faubourg Saint-Honoré", "avenue Jean Jaurès", "boulevard Saint-Michel", "rue de la République", "place Bellecour", "chemin des Écoliers", NULL };
static const char * const fr_cities[] = { "750|Paris", "690|Lyon", "130|Marseille", "310|Toulouse", "250|Besançon", "450|Orléans", "420|Saint-Étienne", "590|Lille", NULL };

static const char * const de_female[] = { "Lena", "Mia", "Käthe", "Jana", "Sophie", "Lea", "Jutta", "Hannah", "Greta", "Marlene", NULL };
static const char * const de_male[] = { "Jürgen", "Jörg", "Uwe", "Sören", "Björn", "Lukas", "Günther", "Maximilian", "Felix", "Matthias", NULL };
static const char * const de_last[] = { "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch", "Groß", "Weiß", "Hoffmann", "Krüger", NULL };
static const char * const de_streets[] = { "Hauptstraße", "Schloßallee", "Königstraße", "Bahnhofstraße", "Goethestraße", "Am Mühlbach", "Gartenweg", NULL };
static const char * const de_cities[] = { "10|Berlin", "80|München", "50|Köln", "20|Hamburg", "40|Düsseldorf", "02|Görlitz", "97|Würzburg", "70|Stuttgart", NULL };

static const char * const pl_female[] = { "Zofia", "Małgorzata", "Agnieszka", "Katarzyna", "Anna", "Joanna", "Ewa", "Magdalena", "Aleksandra", "Józefa", NULL };
static const char * const pl_male[] = { "Łukasz", "Paweł", "Jakub", "Michał", "Wojciech", "Grzegorz", "Piotr", "Krzysztof", "Tomasz", "Mieczysław", NULL };
static const char * const pl_last[] = { "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", NULL };
static const char * const pl_streets[] = { "ul. Piotrkowska", "ul. Długa", "ul. Świętokrzyska", "ul. Marszałkowska", "ul. Floriańska", "al. Grunwaldzka", "ul. Żeromskiego", NULL };
static const char * const pl_cities[] = { "00|Warszawa", "30|Kraków", "90|Łódź", "80|Gdańsk", "50|Wrocław", "60|Poznań", "15|Białystok", "20|Lublin", NULL };

static const Country countries[] = {
  { "NL", "nl", nl_female, nl_male, nl_last, nl_streets, nl_cities, "example.nl" },
  { "FR", "fr", fr_female, fr_male, fr_last, fr_streets, fr_cities, "example.fr" },
  { "DE", "de", de_female, de_male, de_last, de_streets, de_cities, "example.de" },
  { "PL", "pl", pl_female, pl_male, pl_last, pl_streets, pl_cities, "example.pl" },
};

typedef enum
{
  VARY_NONE,
  VARY_CLOTHING,   /* sizes S–XL in two colours */
  VARY_SHOES,      /* sizes 38–45 */
} Variation;

typedef struct
{
  const char *sku;
  const char *title;
  const char *category;
  gint64      price;       /* minor units */
  Variation   variation;
  guint       popularity;  /* relative weight in orders */
} BaseProduct;

static const BaseProduct base_products[] = {
  { "LSH", "Linen shirt", "Clothing", 4995, VARY_CLOTHING, 10 },
  { "MSW", "Merino sweater", "Clothing", 8950, VARY_CLOTHING, 7 },
  { "DJK", "Denim jacket", "Clothing", 11900, VARY_CLOTHING, 5 },
  { "SDR", "Summer dress", "Clothing", 6495, VARY_CLOTHING, 9 },
  { "CHT", "Chino trousers", "Clothing", 5995, VARY_CLOTHING, 8 },
  { "RJK", "Rain jacket", "Clothing", 12900, VARY_CLOTHING, 4 },
  { "LSN", "Leather sneakers", "Shoes", 10995, VARY_SHOES, 8 },
  { "CVS", "Canvas shoes", "Shoes", 5495, VARY_SHOES, 6 },
  { "CHB", "Chelsea boots", "Shoes", 15900, VARY_SHOES, 4 },
  { "WSK", "Wool socks, 2 pairs", "Accessories", 1495, VARY_NONE, 6 },
  { "CSK", "Cotton socks", "Accessories", 495, VARY_NONE, 6 },
  { "BLT", "Leather belt", "Accessories", 3995, VARY_NONE, 4 },
  { "SCF", "Knitted scarf", "Accessories", 2995, VARY_NONE, 4 },
  { "TOT", "Canvas tote bag", "Accessories", 1995, VARY_NONE, 4 },
  { "UND", "Boxer briefs, 3 pack", "Underwear", 2995, VARY_NONE, 4 },
  { "HPH", "Wireless headphones", "Electronics", 14900, VARY_NONE, 5 },
  { "SPK", "Bluetooth speaker", "Electronics", 7900, VARY_NONE, 4 },
  { "CHG", "USB-C charger 65 W", "Electronics", 3495, VARY_NONE, 5 },
  { "CBL", "USB-C cable 1 m", "Electronics", 899, VARY_NONE, 6 },
  { "SWT", "Smart watch", "Electronics", 19900, VARY_NONE, 3 },
  { "ERD", "E-reader", "Electronics", 12900, VARY_NONE, 3 },
  { "MUG", "Ceramic mug", "Home", 1295, VARY_NONE, 5 },
  { "BED", "Linen bedding set", "Home", 8995, VARY_NONE, 3 },
  { "LMP", "Desk lamp", "Home", 5995, VARY_NONE, 3 },
  { "CND", "Scented candle", "Home", 1895, VARY_NONE, 4 },
  { "THR", "Wool throw", "Home", 6995, VARY_NONE, 3 },
  { "TRN", "Wooden train set", "Toys", 3995, VARY_NONE, 3 },
  { "PZL", "Puzzle, 1000 pieces", "Toys", 1995, VARY_NONE, 3 },
  { "BEAR", "Plush bear", "Toys", 2495, VARY_NONE, 3 },
};

/* Sizes sell unevenly: a product's popularity is shared among its sizes
 * by these weights, which add up to VARIANT_SHARES for each colour. */
#define VARIANT_SHARES 10
static const struct { const char *name; guint share; } clothing_sizes[] = {
  { "S", 2 }, { "M", 3 }, { "L", 3 }, { "XL", 2 },
};
static const guint shoe_size_shares[] = { 1, 1, 1, 2, 2, 1, 1, 1 };  /* 38–45 */
static const struct { const char *code; const char *name; } colours[] = {
  { "WHT", "white" }, { "NVY", "navy" },
};

/* Reason codes as the defaults name them, in the order of the weights of
 * category_returns. */
static const char * const reason_codes[] = {
  "wrong-size", "changed-mind", "ordered-several", "better-price", "not-as-described",
  "wrong-item", "damaged-in-transit", "defective", "arrived-late",
};
#define N_REASONS G_N_ELEMENTS (reason_codes)

/* How often each category comes back (units returned per thousand sold,
 * the item return rate of the inventory page: see
 * shared/research/returns-analytics.md, 4.2), and why. Fashion comes back
 * most, mostly for fit (apparel 20–30 %, shoes 25–35 %, accessories
 * 10–20 %, electronics 8–12 % (getattribute.com, "Return Rates by Product
 * Category"); furniture and home goods 5–10 %, electronics returned for
 * defects, fashion for sizing and bracketing (bestforecommerce.com,
 * "Return rate benchmarks"). A product sold in one size is never "the
 * wrong size"; a mug or a candle comes back broken in transit or not as
 * pictured; only what is sold in sizes is ordered in several to keep one.
 * Underwear is hygiene goods: seldom returned, and never merely tried. */
typedef struct
{
  const char *category;
  guint       returned_per_mille;
  guint       reasons[N_REASONS];   /* relative weights */
} CategoryReturns;

static const CategoryReturns category_returns[] = {
  /*                      size  mind  sev.  price desc. item  dmg.  def.  late */
  { "Clothing",    270, { 380,  150,  150,   30,  140,   40,   20,   40,   50 } },
  { "Shoes",       260, { 450,  120,  150,   30,  100,   40,   20,   60,   30 } },
  { "Accessories", 120, {   0,  300,    0,   60,  280,  100,   80,  120,   60 } },
  { "Underwear",    30, {   0,    0,    0,    0,  300,  250,  150,  250,   50 } },
  { "Electronics",  95, {   0,  200,    0,   90,  160,   60,  100,  330,   60 } },
  { "Home",         55, {   0,  220,    0,   40,  220,   70,  330,   80,   40 } },
  { "Toys",         65, {   0,  260,    0,   60,  150,  100,  150,  130,  150 } },
};

static const char * const rma_notes[] = {
  "Customer will drop the parcel at a PostNL point.",
  "Called twice about the status of the refund.",
  "Prefers a bank transfer; IBAN confirmed on the phone.",
  "Box was already opened when the customer received it.",
  "Gift, returned by the recipient.",
  "Ring the bell twice: courier could not find the address last time.",
};

/* ------------------------------------------------------------- context */

typedef struct
{
  RetourDatabase    *db;
  GRand             *rand;
  gint64             now_us;
  gint64             start_us;
  char              *currency;
  RetourPolicy      *old_policy;   /* in force for the first three months */
  RetourPolicy      *policy;       /* the current version */
  GPtrArray         *reasons;      /* RetourReason*, indexed like reason_codes */
  GPtrArray         *products;     /* RetourProduct* */
  GHashTable        *product_categories;  /* id (gint64*) -> category */
  GArray            *product_weights;  /* cumulative popularity */
  GArray            *return_weights;   /* cumulative popularity × return rate */
  GArray            *customers;    /* customer ids */
  GByteArray        *countries;    /* index in countries[] by customer id */
  GArray            *frequent;     /* ids of customers who return a lot */
  guint64            next_order;
  double             orders_without_return;   /* per return, on average */
  RetourRmaNumberPattern *pattern;
  GTimeZone         *local;        /* looked up once: each lookup reads /etc/localtime */
  guint64            next_sequence;
} Demo;

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->rand, g_rand_free);
  g_clear_pointer (&demo->currency, g_free);
  g_clear_pointer (&demo->old_policy, retour_policy_free);
  g_clear_pointer (&demo->policy, retour_policy_free);
  g_clear_pointer (&demo->reasons, g_ptr_array_unref);
  g_clear_pointer (&demo->product_categories, g_hash_table_unref);
  g_clear_pointer (&demo->products, g_ptr_array_unref);
  g_clear_pointer (&demo->product_weights, g_array_unref);
  g_clear_pointer (&demo->return_weights, g_array_unref);
  g_clear_pointer (&demo->customers, g_array_unref);
  g_clear_pointer (&demo->countries, g_byte_array_unref);
  g_clear_pointer (&demo->frequent, g_array_unref);
  g_clear_pointer (&demo->pattern, retour_rma_number_pattern_free);
  g_clear_pointer (&demo->local, g_time_zone_unref);
}

static guint
pick (Demo  *demo,
      guint  n)
{
  return g_rand_int_range (demo->rand, 0, (gint32) n);
}

static gboolean
chance (Demo   *demo,
        double  p)
{
  return g_rand_double (demo->rand) < p;
}

static const char *
pick_string (Demo               *demo,
             const char * const *strings)
{
  return strings[pick (demo, g_strv_length ((char **) strings))];
}

static gint64
between (Demo   *demo,
         gint64  from,
         gint64  to)
{
  if (to <= from)
    return from;

  return from + (gint64) (g_rand_double (demo->rand) * (double) (to - from));
}

/* ------------------------------------------------------------- catalogue */

static const CategoryReturns *
returns_of (const char *category)
{
  for (guint i = 0; i < G_N_ELEMENTS (category_returns); i++)
    if (g_strcmp0 (category_returns[i].category, category) == 0)
      return &category_returns[i];

  g_assert_not_reached ();
}

static void
append_cumulative (GArray *weights,
                   guint   weight)
{
  guint cumulative = (weights->len > 0 ? g_array_index (weights, guint, weights->len - 1) : 0) + weight;

  g_array_append_val (weights, cumulative);
}

/* @share: this variant's part of the product's popularity, out of
 * VARIANT_SHARES for each colour. */
static gboolean
add_product (Demo              *demo,
             const BaseProduct *base,
             const char        *sku,
             const char        *title,
             guint              share,
             GError           **error)
{
  g_autoptr(RetourProduct) product = retour_product_new ();
  RetourStockMovement initial = { 0 };
  guint weight;

  product->sku = g_strdup (sku);
  product->title = g_strdup (title);
  product->category = g_strdup (base->category);
  product->price = retour_money_init (base->price, demo->currency);

  if (!retour_catalog_store_upsert_product (demo->db, product, error))
    return FALSE;

  initial.product_id = product->id;
  initial.delta = 20 + pick (demo, 180);
  initial.cause = RETOUR_STOCK_CAUSE_INITIAL;
  initial.created_us = demo->start_us - 7 * DAY;
  initial.actor = (char *) ACTOR_OWNER;
  initial.note = (char *) "Stock count when the shop started using Retour";
  if (!retour_stock_store_add_movement (demo->db, &initial, error))
    return FALSE;

  product->on_hand = initial.delta;
  weight = base->popularity * share;
  append_cumulative (demo->product_weights, weight);
  append_cumulative (demo->return_weights, weight * returns_of (base->category)->returned_per_mille);
  g_hash_table_insert (demo->product_categories, &product->id, product->category);
  g_ptr_array_add (demo->products, g_steal_pointer (&product));

  return TRUE;
}

static gboolean
create_catalogue (Demo    *demo,
                  GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (base_products); i++)
    {
      const BaseProduct *base = &base_products[i];

      switch (base->variation)
        {
        case VARY_CLOTHING:
          for (guint c = 0; c < G_N_ELEMENTS (colours); c++)
            for (guint s = 0; s < G_N_ELEMENTS (clothing_sizes); s++)
              {
                g_autofree char *sku = g_strdup_printf ("%s-%s-%s", base->sku, colours[c].code,
                                                        clothing_sizes[s].name);
                g_autofree char *title = g_strdup_printf ("%s — %s, %s", base->title, colours[c].name,
                                                          clothing_sizes[s].name);

                if (!add_product (demo, base, sku, title, clothing_sizes[s].share, error))
                  return FALSE;
              }
          break;

        case VARY_SHOES:
          for (guint size = 38; size <= 45; size++)
            {
              g_autofree char *sku = g_strdup_printf ("%s-%u", base->sku, size);
              g_autofree char *title = g_strdup_printf ("%s — size %u", base->title, size);

              /* Two colours' worth, as clothing. */
              if (!add_product (demo, base, sku, title, 2 * shoe_size_shares[size - 38], error))
                return FALSE;
            }
          break;

        case VARY_NONE:
        default:
          {
            g_autofree char *sku = g_strdup_printf ("%s-01", base->sku);

            if (!add_product (demo, base, sku, base->title, 2 * VARIANT_SHARES, error))
              return FALSE;
          }
          break;
        }
    }

  return TRUE;
}

static const RetourProduct *
pick_weighted (Demo   *demo,
               GArray *weights)
{
  guint total = g_array_index (weights, guint, weights->len - 1);
  guint target = pick (demo, total);
  guint lo = 0, hi = weights->len - 1;

  /* The first product whose cumulative weight exceeds the target. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (weights, guint, mid) > target)
        hi = mid;
      else
        lo = mid + 1;
    }

  return g_ptr_array_index (demo->products, lo);
}

/* A product as customers buy them. */
static const RetourProduct *
pick_product (Demo *demo)
{
  return pick_weighted (demo, demo->product_weights);
}

/* A product as they send them back: sold often and returned often. */
static const RetourProduct *
pick_returned_product (Demo *demo)
{
  return pick_weighted (demo, demo->return_weights);
}

/* ------------------------------------------------------------- customers */

static char *
make_phone (Demo          *demo,
            const Country *country)
{
  if (g_str_equal (country->code, "NL"))
    return g_strdup_printf ("+31 6 %04u %04u", pick (demo, 10000), pick (demo, 10000));
  if (g_str_equal (country->code, "FR"))
    return g_strdup_printf ("+33 6 %02u %02u %02u %02u", pick (demo, 100), pick (demo, 100),
                            pick (demo, 100), pick (demo, 100));
  if (g_str_equal (country->code, "DE"))
    return g_strdup_printf ("+49 15%u %07u", 1 + pick (demo, 9), pick (demo, 10000000));

  return g_strdup_printf ("+48 %u%02u %03u %03u", 5 + pick (demo, 4), pick (demo, 100),
                          pick (demo, 1000), pick (demo, 1000));
}

static char *
make_postcode (Demo          *demo,
               const Country *country,
               const char    *prefix)
{
  if (g_str_equal (country->code, "NL"))
    return g_strdup_printf ("%s%02u %c%c", prefix, pick (demo, 100), 'A' + pick (demo, 26), 'A' + pick (demo, 26));
  if (g_str_equal (country->code, "FR"))
    return g_strdup_printf ("%s%02u", prefix, pick (demo, 20));
  if (g_str_equal (country->code, "DE"))
    return g_strdup_printf ("%s%03u", prefix, pick (demo, 1000));

  return g_strdup_printf ("%s-%03u", prefix, pick (demo, 1000));
}

/* Polish surnames in -ski/-cki/-dzki take -ska/-cka/-dzka for women. */
static char *
feminine_surname (const char *last)
{
  if (g_str_has_suffix (last, "ski") || g_str_has_suffix (last, "cki") || g_str_has_suffix (last, "dzki"))
    return g_strdup_printf ("%.*sa", (int) strlen (last) - 1, last);

  return g_strdup (last);
}

static gboolean
create_customer (Demo    *demo,
                 gint64   when_us,
                 gint64  *out_id,
                 GError **error)
{
  guint8 country_index = pick (demo, G_N_ELEMENTS (countries));
  const Country *country = &countries[country_index];
  g_autoptr(RetourCustomer) customer = retour_customer_new ();
  g_auto(GStrv) city = NULL;
  g_autofree char *local_part = NULL;
  g_autofree char *folded = NULL;
  gboolean female = chance (demo, 0.55);
  const char *last = pick_string (demo, country->last);

  customer->first_name = g_strdup (pick_string (demo, female ? country->first_female : country->first_male));
  customer->last_name = (female && g_str_equal (country->code, "PL")) ? feminine_surname (last) : g_strdup (last);
  customer->language = g_strdup (country->language);
  customer->country = g_strdup (country->code);
  customer->phone = make_phone (demo, country);

  city = g_strsplit (pick_string (demo, country->cities), "|", 2);
  customer->city = g_strdup (city[1]);
  customer->postcode = make_postcode (demo, country, city[0]);
  if (g_str_equal (country->code, "FR"))
    customer->address1 = g_strdup_printf ("%u %s", 1 + pick (demo, 120), pick_string (demo, country->streets));
  else
    customer->address1 = g_strdup_printf ("%s %u", pick_string (demo, country->streets), 1 + pick (demo, 180));
  if (chance (demo, 0.15))
    customer->address2 = g_strdup_printf (g_str_equal (country->code, "PL") ? "m. %u" : "%u", 1 + pick (demo, 40));

  local_part = g_strdup_printf ("%s.%s%u", customer->first_name, customer->last_name, pick (demo, 100));
  folded = retour_search_fold (local_part);
  g_strdelimit (folded, " '", '-');
  customer->email = g_strdup_printf ("%s@%s", folded, country->email_domain);

  if (!retour_catalog_store_upsert_customer (demo->db, customer, when_us, error))
    return FALSE;

  g_array_append_val (demo->customers, customer->id);
  if (demo->countries->len <= customer->id)
    g_byte_array_set_size (demo->countries, customer->id + 1);
  demo->countries->data[customer->id] = country_index;
  if (chance (demo, 0.02))
    g_array_append_val (demo->frequent, customer->id);

  *out_id = customer->id;
  return TRUE;
}

/* New customers mostly; some come back, and a few return a lot. */
static gboolean
pick_customer (Demo    *demo,
               gint64   when_us,
               gint64  *out_id,
               GError **error)
{
  if (demo->frequent->len > 0 && chance (demo, 0.08))
    {
      *out_id = g_array_index (demo->frequent, gint64, pick (demo, demo->frequent->len));
      return TRUE;
    }

  if (demo->customers->len > 20 && chance (demo, 0.3))
    {
      *out_id = g_array_index (demo->customers, gint64, pick (demo, demo->customers->len));
      return TRUE;
    }

  return create_customer (demo, when_us, out_id, error);
}

/* ---------------------------------------------------------------- orders */

/* Lines per order and units per line, on average: see create_order(). */
#define LINES_PER_ORDER (1.0 + 0.45 + 0.2)
#define UNITS_PER_LINE (0.85 + 0.15 * 2.5)

/* An order of @customer_id, shipped within two days of being placed and
 * delivered one to three days later. An order to be returned (@returned,
 * its first line) was delivered at @when_us; any other was placed at
 * @when_us, and if its parcel would only arrive after the demo's today it
 * is still on its way, or not even shipped: no order is delivered in the
 * future. */
static RetourOrder *
create_order (Demo                 *demo,
              gint64                customer_id,
              gint64                when_us,
              const RetourProduct  *returned,
              GError              **error)
{
  g_autoptr(RetourOrder) order = retour_order_new ();
  guint n_lines = 1 + (chance (demo, 0.45) ? 1 : 0) + (chance (demo, 0.2) ? 1 : 0);
  gint64 total = 0;

  order->number = g_strdup_printf ("%" G_GUINT64_FORMAT, demo->next_order++);
  order->customer_id = customer_id;
  if (returned != NULL)
    {
      order->delivered_us = when_us;
      order->fulfilled_us = when_us - between (demo, DAY, 3 * DAY);
      order->ordered_us = order->fulfilled_us - between (demo, 4 * HOUR, 2 * DAY);
    }
  else
    {
      order->ordered_us = when_us;
      order->fulfilled_us = when_us + between (demo, 4 * HOUR, 2 * DAY);
      order->delivered_us = order->fulfilled_us + between (demo, DAY, 3 * DAY);
      if (order->delivered_us > demo->now_us)
        order->delivered_us = 0;
      if (order->fulfilled_us > demo->now_us)
        order->fulfilled_us = 0;
    }
  order->status = g_strdup (order->fulfilled_us != 0 ? "completed" : "processing");
  order->updated_us = MAX (order->ordered_us, MAX (order->fulfilled_us, order->delivered_us));

  for (guint i = 0; i < n_lines; i++)
    {
      const RetourProduct *product = i == 0 && returned != NULL ? returned : pick_product (demo);
      RetourOrderLine *line = retour_order_line_new ();

      line->product_id = product->id;
      line->sku = g_strdup (product->sku);
      line->title = g_strdup (product->title);
      line->quantity = chance (demo, 0.85) ? 1 : 2 + pick (demo, 2);
      line->unit_price = product->price;
      line->total = retour_money_init (product->price.minor * line->quantity, demo->currency);
      total += line->total.minor;
      g_ptr_array_add (order->lines, line);
    }

  order->total = retour_money_init (total, demo->currency);
  /* Delivery is free from €50, else a flat rate. */
  order->shipping = retour_money_init (total >= 5000 ? 0 : 495, demo->currency);

  if (!retour_catalog_store_upsert_order (demo->db, order, error))
    return NULL;

  return g_steal_pointer (&order);
}

/* ------------------------------------------------------------------ RMAs */

/* Why a product of @category comes back. */
static const RetourReason *
pick_reason (Demo       *demo,
             const char *category)
{
  const CategoryReturns *returns = returns_of (category);
  guint total = 0, target;

  for (guint i = 0; i < N_REASONS; i++)
    total += returns->reasons[i];

  target = pick (demo, total);
  for (guint i = 0; i < N_REASONS; i++)
    {
      if (target < returns->reasons[i])
        return g_ptr_array_index (demo->reasons, i);
      target -= returns->reasons[i];
    }

  g_assert_not_reached ();
}

/* How far a return of this age has got. */
static RetourRmaStatus
pick_target (Demo   *demo,
             gint64  age_us)
{
  static const struct { RetourRmaStatus status; guint weight; } young[] = {
    { RETOUR_RMA_STATUS_DRAFT, 5 }, { RETOUR_RMA_STATUS_REQUESTED, 40 },
    { RETOUR_RMA_STATUS_AUTHORIZED, 35 }, { RETOUR_RMA_STATUS_IN_TRANSIT, 10 },
    { RETOUR_RMA_STATUS_CANCELLED, 5 }, { RETOUR_RMA_STATUS_REJECTED, 5 },
  }, recent[] = {
    { RETOUR_RMA_STATUS_REQUESTED, 3 }, { RETOUR_RMA_STATUS_AUTHORIZED, 20 },
    { RETOUR_RMA_STATUS_IN_TRANSIT, 25 }, { RETOUR_RMA_STATUS_RECEIVED, 20 },
    { RETOUR_RMA_STATUS_INSPECTED, 15 }, { RETOUR_RMA_STATUS_RESOLVED, 10 },
    { RETOUR_RMA_STATUS_REJECTED, 3 }, { RETOUR_RMA_STATUS_CANCELLED, 4 },
  }, month[] = {
    { RETOUR_RMA_STATUS_IN_TRANSIT, 5 }, { RETOUR_RMA_STATUS_RECEIVED, 3 },
    { RETOUR_RMA_STATUS_INSPECTED, 5 }, { RETOUR_RMA_STATUS_RESOLVED, 25 },
    { RETOUR_RMA_STATUS_CLOSED, 45 }, { RETOUR_RMA_STATUS_EXPIRED, 7 },
    { RETOUR_RMA_STATUS_REJECTED, 5 }, { RETOUR_RMA_STATUS_CANCELLED, 5 },
  }, old[] = {
    { RETOUR_RMA_STATUS_RESOLVED, 2 }, { RETOUR_RMA_STATUS_CLOSED, 82 },
    { RETOUR_RMA_STATUS_EXPIRED, 5 }, { RETOUR_RMA_STATUS_REJECTED, 6 },
    { RETOUR_RMA_STATUS_CANCELLED, 5 },
  };
  const struct { RetourRmaStatus status; guint weight; } *table;
  guint n, total = 0, target;

  if (age_us < 3 * DAY)
    table = (void *) young, n = G_N_ELEMENTS (young);
  else if (age_us < 10 * DAY)
    table = (void *) recent, n = G_N_ELEMENTS (recent);
  else if (age_us < 30 * DAY)
    table = (void *) month, n = G_N_ELEMENTS (month);
  else
    table = (void *) old, n = G_N_ELEMENTS (old);

  for (guint i = 0; i < n; i++)
    total += table[i].weight;

  target = pick (demo, total);
  for (guint i = 0; i < n; i++)
    {
      if (target < table[i].weight)
        return table[i].status;
      target -= table[i].weight;
    }

  return table[0].status;
}

/* The path from "requested" to @target, the usual way round. */
static guint
plan_path (Demo             *demo,
           RetourRmaStatus   target,
           gboolean          keep_it,
           RetourRmaStatus  *path)
{
  guint n = 0;

  switch (target)
    {
    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
      return 0;

    case RETOUR_RMA_STATUS_REJECTED:
      if (chance (demo, 0.7))
        {
          path[n++] = RETOUR_RMA_STATUS_REJECTED;
          return n;
        }
      /* Rejected at inspection: it came back in no state to refund. */
      path[n++] = RETOUR_RMA_STATUS_AUTHORIZED;
      path[n++] = RETOUR_RMA_STATUS_RECEIVED;
      path[n++] = RETOUR_RMA_STATUS_INSPECTED;
      path[n++] = RETOUR_RMA_STATUS_REJECTED;
      return n;

    case RETOUR_RMA_STATUS_CANCELLED:
      if (chance (demo, 0.5))
        path[n++] = RETOUR_RMA_STATUS_AUTHORIZED;
      path[n++] = RETOUR_RMA_STATUS_CANCELLED;
      return n;

    case RETOUR_RMA_STATUS_EXPIRED:
      path[n++] = RETOUR_RMA_STATUS_AUTHORIZED;
      path[n++] = RETOUR_RMA_STATUS_EXPIRED;
      return n;

    case RETOUR_RMA_STATUS_AUTHORIZED:
    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_RECEIVED:
    case RETOUR_RMA_STATUS_INSPECTED:
    case RETOUR_RMA_STATUS_RESOLVED:
    case RETOUR_RMA_STATUS_CLOSED:
    default:
      break;
    }

  path[n++] = RETOUR_RMA_STATUS_AUTHORIZED;
  if (target == RETOUR_RMA_STATUS_AUTHORIZED)
    return n;

  if (keep_it && (target == RETOUR_RMA_STATUS_RESOLVED || target == RETOUR_RMA_STATUS_CLOSED))
    {
      path[n++] = RETOUR_RMA_STATUS_RESOLVED;
      if (target == RETOUR_RMA_STATUS_CLOSED)
        path[n++] = RETOUR_RMA_STATUS_CLOSED;
      return n;
    }

  if (target == RETOUR_RMA_STATUS_IN_TRANSIT || chance (demo, 0.7))
    path[n++] = RETOUR_RMA_STATUS_IN_TRANSIT;
  if (target == RETOUR_RMA_STATUS_IN_TRANSIT)
    return n;

  path[n++] = RETOUR_RMA_STATUS_RECEIVED;
  if (target == RETOUR_RMA_STATUS_RECEIVED)
    return n;
  path[n++] = RETOUR_RMA_STATUS_INSPECTED;
  if (target == RETOUR_RMA_STATUS_INSPECTED)
    return n;
  path[n++] = RETOUR_RMA_STATUS_RESOLVED;
  if (target == RETOUR_RMA_STATUS_RESOLVED)
    return n;
  path[n++] = RETOUR_RMA_STATUS_CLOSED;

  return n;
}

static RetourCondition
pick_condition (Demo               *demo,
                const RetourReason *reason)
{
  if (g_str_equal (reason->code, "defective"))
    return chance (demo, 0.8) ? RETOUR_CONDITION_DEFECTIVE : RETOUR_CONDITION_OPENED;
  if (g_str_equal (reason->code, "damaged-in-transit"))
    return RETOUR_CONDITION_DAMAGED;

  switch (pick (demo, 20))
    {
    case 0: return RETOUR_CONDITION_MISSING_PARTS;
    case 1: case 2: return RETOUR_CONDITION_USED;
    case 3: return RETOUR_CONDITION_DAMAGED;
    case 4: case 5: case 6: case 7: case 8: case 9: return RETOUR_CONDITION_OPENED;
    default: return RETOUR_CONDITION_NEW_UNOPENED;
    }
}

static RetourDisposition
disposition_for (Demo            *demo,
                 RetourCondition  condition,
                 const char      *category)
{
  switch (condition)
    {
    case RETOUR_CONDITION_NEW_UNOPENED:
    case RETOUR_CONDITION_OPENED:
      return RETOUR_DISPOSITION_RESTOCK;
    case RETOUR_CONDITION_USED:
      return chance (demo, 0.5) ? RETOUR_DISPOSITION_REFURBISH : RETOUR_DISPOSITION_RESTOCK;
    case RETOUR_CONDITION_DEFECTIVE:
      return g_strcmp0 (category, "Electronics") == 0 ? RETOUR_DISPOSITION_RETURN_TO_VENDOR
                                                       : RETOUR_DISPOSITION_REPAIR;
    case RETOUR_CONDITION_MISSING_PARTS:
      return RETOUR_DISPOSITION_REFURBISH;
    case RETOUR_CONDITION_DAMAGED:
      return chance (demo, 0.5) ? RETOUR_DISPOSITION_RECYCLE : RETOUR_DISPOSITION_SCRAP;
    case RETOUR_CONDITION_MISSING:
    case RETOUR_CONDITION_UNKNOWN:
    default:
      return RETOUR_DISPOSITION_UNDECIDED;
    }
}

static void
append_event (GPtrArray       *events,
              const char      *kind,
              RetourRmaStatus  from,
              RetourRmaStatus  to,
              gint64           when_us,
              const char      *actor,
              const char      *detail)
{
  RetourRmaEvent *event = retour_rma_event_new (kind, when_us, actor);

  event->from_status = from;
  event->to_status = to;
  event->detail = g_strdup (detail);
  g_ptr_array_add (events, event);
}

static const char *
staff (Demo *demo)
{
  return chance (demo, 0.5) ? ACTOR_STAFF_1 : ACTOR_STAFF_2;
}

/* Applies one step of the path to the in-memory RMA the way the desk would
 * have: quantities first, then the lifecycle step itself. */
static gboolean
take_step (Demo            *demo,
           RetourRma       *rma,
           RetourRmaStatus  to,
           gint64           when_us,
           GPtrArray       *events,
           GError         **error)
{
  RetourRmaStatus from = rma->status;
  const char *note = NULL;

  switch (to)
    {
    case RETOUR_RMA_STATUS_AUTHORIZED:
      for (guint i = 0; i < rma->lines->len; i++)
        {
          RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

          line->qty_authorized = line->qty_requested;
          if (line->qty_requested > 1 && chance (demo, 0.1))
            line->qty_authorized = line->qty_requested - 1;
        }
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when_us / G_USEC_PER_SEC);
        g_autoptr(GDateTime) issued = g_date_time_to_timezone (utc, demo->local);

        /* As the store does: a sequence value without a check character
         * is skipped. */
        while (rma->number == NULL)
          rma->number = retour_rma_number_pattern_format (demo->pattern, demo->next_sequence++, issued);
      }
      rma->due_us = when_us + 14 * DAY;
      break;

    case RETOUR_RMA_STATUS_RECEIVED:
      for (guint i = 0; i < rma->lines->len; i++)
        {
          RetourRmaLine *line = g_ptr_array_index (rma->lines, i);

          line->qty_received = line->qty_authorized;
          if (line->qty_authorized > 1 && chance (demo, 0.05))
            line->qty_received = line->qty_authorized - 1;
        }
      if (retour_rma_count_units (rma) == 0)
        ((RetourRmaLine *) rma->lines->pdata[0])->qty_received = 1;
      break;

    case RETOUR_RMA_STATUS_INSPECTED:
      for (guint i = 0; i < rma->lines->len; i++)
        {
          RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
          const RetourReason *reason = NULL;

          for (guint r = 0; r < demo->reasons->len && reason == NULL; r++)
            if (((RetourReason *) demo->reasons->pdata[r])->id == line->reason_id)
              reason = demo->reasons->pdata[r];

          if (line->qty_received == 0)
            continue;
          line->condition = pick_condition (demo, reason);
          line->disposition = disposition_for (demo, line->condition, line->category);
          line->qty_accepted = line->qty_received;
          if (line->condition == RETOUR_CONDITION_USED && chance (demo, 0.5))
            line->qty_accepted = 0;
          if (g_strcmp0 (line->category, "Electronics") == 0)
            line->serial = g_strdup_printf ("SN%08u", pick (demo, 100000000));
        }
      break;

    case RETOUR_RMA_STATUS_REJECTED:
      note = from == RETOUR_RMA_STATUS_REQUESTED ? "Outside the return window; customer informed."
                                                 : "Item shows heavy use; returned to the customer.";
      break;

    case RETOUR_RMA_STATUS_EXPIRED:
      note = "Parcel never arrived within the deadline.";
      break;

    case RETOUR_RMA_STATUS_CANCELLED:
      note = "Customer decided to keep the item.";
      break;

    case RETOUR_RMA_STATUS_DRAFT:
    case RETOUR_RMA_STATUS_REQUESTED:
    case RETOUR_RMA_STATUS_IN_TRANSIT:
    case RETOUR_RMA_STATUS_RESOLVED:
    case RETOUR_RMA_STATUS_CLOSED:
    default:
      break;
    }

  if (!retour_rma_transition (rma, to, when_us, error))
    return FALSE;

  append_event (events, "status", from, to, when_us, staff (demo), note);

  return TRUE;
}

static RetourResolution
pick_resolution (Demo      *demo,
                 RetourRma *rma)
{
  const RetourRmaLine *first = g_ptr_array_index (rma->lines, 0);

  if (first->condition == RETOUR_CONDITION_DEFECTIVE)
    return chance (demo, 0.6) ? RETOUR_RESOLUTION_REPLACEMENT : RETOUR_RESOLUTION_REPAIR;

  switch (pick (demo, 20))
    {
    case 0: case 1: case 2: return RETOUR_RESOLUTION_STORE_CREDIT;
    case 3: case 4: case 5: return RETOUR_RESOLUTION_EXCHANGE;
    default: return RETOUR_RESOLUTION_REFUND;
    }
}

static gboolean
record_money_and_stock (Demo       *demo,
                        RetourRma  *rma,
                        gint64      resolved_us,
                        gint64      inspected_us,
                        GError    **error)
{
  if (inspected_us != 0)
    for (guint i = 0; i < rma->lines->len; i++)
      {
        RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
        RetourStockBucket bucket;
        const char *actor;

        if (line->qty_accepted == 0 || line->product_id == 0 ||
            !retour_stock_disposition_get_bucket (line->disposition, &bucket, NULL))
          continue;

        /* Only restocked units draw their actor at random, as before held
         * and written-off units were recorded: a seed makes the same shop
         * as it always did. */
        actor = bucket == RETOUR_STOCK_BUCKET_ON_HAND ? staff (demo)
                                                     : rma->id % 2 == 0 ? ACTOR_STAFF_1 : ACTOR_STAFF_2;
        if (!retour_stock_store_take_back_line (demo->db, rma->id, line, actor, inspected_us, error))
          return FALSE;

        /* Most units held for repair on a settled return have been
         * repaired since; the rest still wait on the workbench. */
        if (bucket == RETOUR_STOCK_BUCKET_HELD && resolved_us != 0 && rma->id % 5 < 3)
          {
            RetourStockMovement out = { 0 };
            RetourStockMovement in = { 0 };

            out.product_id = in.product_id = line->product_id;
            out.rma_id = in.rma_id = rma->id;
            out.rma_line_id = in.rma_line_id = line->id;
            out.cause = in.cause = RETOUR_STOCK_CAUSE_REPAIRED;
            out.created_us = in.created_us = resolved_us;
            out.actor = in.actor = (char *) actor;
            out.bucket = RETOUR_STOCK_BUCKET_HELD;
            out.delta = -(gint64) line->qty_accepted;
            in.bucket = RETOUR_STOCK_BUCKET_ON_HAND;
            in.delta = line->qty_accepted;
            if (!retour_stock_store_add_movement (demo->db, &out, error) ||
                !retour_stock_store_add_movement (demo->db, &in, error))
              return FALSE;
          }
      }

  if (resolved_us != 0 && rma->refund.minor > 0 &&
      (rma->resolution == RETOUR_RESOLUTION_REFUND || rma->resolution == RETOUR_RESOLUTION_STORE_CREDIT ||
       rma->resolution == RETOUR_RESOLUTION_KEEP_IT))
    {
      RetourRefund refund = { 0 };

      refund.rma_id = rma->id;
      refund.amount = rma->refund;
      refund.method = rma->refund_method;
      refund.created_us = resolved_us;
      refund.actor = (char *) ACTOR_OWNER;
      if (!retour_rma_store_add_refund (demo->db, &refund, error))
        return FALSE;
    }

  return TRUE;
}

/* Units asked back for an ordered line that comes back: all of them, but
 * one of several now and then (see create_rma()). */
#define REQUESTED_PER_LINE (0.85 + 0.15 * (0.5 * 1 + 0.5 * 2.5))

/* How many orders without a return to make for each return so that the
 * shop as a whole comes back at the rate its mix of products gives. */
static double
orders_without_return (Demo *demo)
{
  double rate = (double) g_array_index (demo->return_weights, guint, demo->return_weights->len - 1) /
                (1000.0 * g_array_index (demo->product_weights, guint, demo->product_weights->len - 1));
  double units_back = REQUESTED_PER_LINE * (1.0 + (LINES_PER_ORDER - 1.0) * rate);

  return units_back / (rate * LINES_PER_ORDER * UNITS_PER_LINE) - 1.0;
}

/* The law's facts of a new return, without drawing from the demo's
 * random numbers (so that a seed makes the same shop it always did): the
 * customer's country, the delivery, the notice (the request itself, come
 * by phone, e-mail, letter or the shop's online withdrawal function), and
 * each line's claim as the desk would decide it. A defect comes back
 * under the legal guarantee, now and then under the maker's warranty. */
static void
set_law_facts (Demo              *demo,
               RetourRma         *rma,
               const RetourOrder *order,
               const RetourPolicy *policy,
               gint64             created_us)
{
  static const RetourDeclarationChannel channels[] = {
    RETOUR_DECLARATION_PHONE, RETOUR_DECLARATION_EMAIL, RETOUR_DECLARATION_STOREFRONT,
    RETOUR_DECLARATION_STOREFRONT, RETOUR_DECLARATION_EMAIL, RETOUR_DECLARATION_LETTER,
  };
  RetourLawInput input;
  RetourLawDates dates;
  guint order_units = 0;
  gint64 order_value = 0;

  if (rma->customer_id > 0 && (guint) rma->customer_id < demo->countries->len)
    rma->country = g_strdup (countries[demo->countries->data[rma->customer_id]].code);
  rma->possession_us = order->delivered_us;
  rma->declared_us = created_us;
  rma->declared_via = channels[(created_us / G_USEC_PER_SEC) % G_N_ELEMENTS (channels)];
  for (guint i = 0; i < order->lines->len; i++)
    {
      const RetourOrderLine *ordered = order->lines->pdata[i];

      order_units += ordered->quantity;
      order_value += ordered->quantity * ordered->unit_price.minor;
    }
  rma->order_units = order_units;
  rma->order_value = retour_money_init (order_value, demo->currency);
  rma->order_shipping = order->shipping;

  retour_law_input_for_rma (rma, policy, &input);
  retour_law_compute (&input, policy->shop_country, &dates);

  for (guint i = 0; i < rma->lines->len; i++)
    {
      RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
      const RetourReason *reason = retour_reason_find (demo->reasons, line->reason_id);

      line->claim = retour_law_default_claim (&dates,
                                              reason != NULL && retour_law_reason_is_conformity (reason),
                                              created_us);
      if (line->claim == RETOUR_CLAIM_CONFORMITY && g_str_equal (reason->code, "defective") &&
          order->number != NULL && g_str_has_suffix (order->number, "7"))
        line->claim = RETOUR_CLAIM_COMMERCIAL_WARRANTY;
    }

  /* Only a withdrawal starts the law's clock for the refund. */
  if (!retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL))
    {
      rma->declared_us = 0;
      rma->declared_via = RETOUR_DECLARATION_NONE;
    }
}

static gboolean
create_rma (Demo    *demo,
            gint64   created_us,
            GError **error)
{
  g_autoptr(RetourOrder) order = NULL;
  g_autoptr(RetourRma) rma = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_rma_event_free);
  const RetourPolicy *policy;
  RetourRmaStatus path[8];
  RetourRmaStatus target;
  gint64 customer_id, when, inspected_us = 0, resolved_us = 0;
  gint64 days_since_delivery;
  gboolean keep_it = FALSE;
  guint n_steps;

  if (!pick_customer (demo, created_us, &customer_id, error))
    return FALSE;

  /* Most orders come with no return: enough of them that each category
   * comes back as often as category_returns says. They are what the sales
   * figures and the phone search read; a large demo keeps fewer of them
   * (spread evenly, MAX_ORDERS_WITHOUT_RETURN in all) so that it stays
   * quick to make. Placed around the time of the return, as many after it
   * as before, so that every stretch of the six months, the last days
   * too, sells as much as any other. */
  for (double left = demo->orders_without_return; left > 0 && (left >= 1 || chance (demo, left)); left -= 1)
    {
      g_autoptr(RetourOrder) kept = NULL;
      gint64 buyer_id, ordered_us;

      if (!pick_customer (demo, created_us, &buyer_id, error))
        return FALSE;
      ordered_us = created_us + between (demo, -5 * DAY, 5 * DAY);
      if (ordered_us > demo->now_us)
        ordered_us = created_us - between (demo, 0, 5 * DAY);
      kept = create_order (demo, buyer_id, ordered_us, NULL, error);
      if (kept == NULL)
        return FALSE;
    }

  /* Most returns are asked for within the window; a few come late. */
  days_since_delivery = chance (demo, 0.04) ? 15 + pick (demo, 10) : 1 + pick (demo, 13);
  order = create_order (demo, customer_id, created_us - days_since_delivery * DAY - between (demo, 0, 12 * HOUR),
                        pick_returned_product (demo), error);
  if (order == NULL)
    return FALSE;

  policy = created_us < demo->start_us + (SPAN_DAYS / 2) * DAY ? demo->old_policy : demo->policy;
  rma = retour_rma_new (demo->currency, created_us);
  rma->order_id = order->id;
  rma->customer_id = customer_id;
  rma->policy_id = policy->id;
  if (chance (demo, 0.1))
    rma->notes = g_strdup (rma_notes[pick (demo, G_N_ELEMENTS (rma_notes))]);

  for (guint i = 0; i < order->lines->len; i++)
    {
      const RetourOrderLine *ordered = g_ptr_array_index (order->lines, i);
      const RetourReason *reason;
      RetourRmaLine *line;

      const char *category = g_hash_table_lookup (demo->product_categories, &ordered->product_id);

      /* The first line always comes back; the others as often as their
       * kind does. */
      if (i > 0 && !chance (demo, returns_of (category)->returned_per_mille / 1000.0))
        continue;

      line = retour_rma_line_new ();
      line->order_line_id = ordered->id;
      line->product_id = ordered->product_id;
      line->sku = g_strdup (ordered->sku);
      g_free (line->title);
      line->title = g_strdup (ordered->title);
      line->category = g_strdup (category);
      line->unit_price = ordered->unit_price;
      line->qty_ordered = ordered->quantity;
      line->qty_requested = ordered->quantity > 1 && chance (demo, 0.5) ? 1 : ordered->quantity;
      reason = pick_reason (demo, category);
      line->reason_id = reason->id;
      retour_rma_add_line (rma, line);

      if (g_str_equal (reason->code, "wrong-size") && rma->notes == NULL && chance (demo, 0.1))
        rma->notes = g_strdup ("Customer asked for the same item in another size.");
    }

  set_law_facts (demo, rma, order, policy, created_us);

  /* A draft is a call that was interrupted: only the last few days have
   * any; older ones were finished or cancelled. */
  rma->status = demo->now_us - created_us < 3 * DAY && chance (demo, 0.2) ? RETOUR_RMA_STATUS_DRAFT
                                                                          : RETOUR_RMA_STATUS_REQUESTED;
  append_event (events, "created", rma->status, rma->status, created_us, staff (demo), NULL);

  target = pick_target (demo, demo->now_us - created_us);
  if (rma->status == RETOUR_RMA_STATUS_DRAFT)
    target = RETOUR_RMA_STATUS_DRAFT;
  /* The law's rights are not refused: a return the shop would turn down
   * is taken back when it is a withdrawal or a defect. */
  if (target == RETOUR_RMA_STATUS_REJECTED &&
      (retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL) || retour_rma_has_claim (rma, RETOUR_CLAIM_CONFORMITY)))
    target = RETOUR_RMA_STATUS_CLOSED;

  {
    RetourMoney value = retour_money_init (0, demo->currency);

    for (guint i = 0; i < rma->lines->len; i++)
      {
        const RetourRmaLine *line = g_ptr_array_index (rma->lines, i);
        value.minor += line->unit_price.minor * line->qty_requested;
      }
    keep_it = retour_money_compare (value, policy->keep_it_threshold) < 0;
  }

  /* Late requests: the window has passed; staff mostly say no, now and
   * then they make an exception with a note. */
  if (days_since_delivery > (gint64) policy->window_days && target != RETOUR_RMA_STATUS_DRAFT &&
      target != RETOUR_RMA_STATUS_REQUESTED && !retour_rma_has_claim (rma, RETOUR_CLAIM_WITHDRAWAL))
    {
      if (chance (demo, 0.6))
        target = RETOUR_RMA_STATUS_REJECTED;
      else
        {
          g_autofree char *detail = g_strdup_printf ("Override: outside the return window by %" G_GINT64_FORMAT
                                                     " days. Goodwill for a regular customer.",
                                                     days_since_delivery - policy->window_days);

          append_event (events, "note", rma->status, rma->status, created_us + HOUR, ACTOR_OWNER, detail);
        }
    }

  /* Worth less than sending it back: refunded, and nothing comes back. */
  if (keep_it)
    {
      rma->resolution = RETOUR_RESOLUTION_KEEP_IT;
      if (target == RETOUR_RMA_STATUS_IN_TRANSIT || target == RETOUR_RMA_STATUS_RECEIVED ||
          target == RETOUR_RMA_STATUS_INSPECTED)
        target = RETOUR_RMA_STATUS_RESOLVED;
      else if (target == RETOUR_RMA_STATUS_REJECTED)
        target = RETOUR_RMA_STATUS_CLOSED;
    }

  when = created_us;
  n_steps = rma->status == RETOUR_RMA_STATUS_DRAFT ? 0 : plan_path (demo, target, keep_it, path);
  for (guint i = 0; i < n_steps; i++)
    {
      RetourRmaStatus to = path[i];

      switch (to)
        {
        case RETOUR_RMA_STATUS_AUTHORIZED: when += between (demo, 10 * 60 * G_USEC_PER_SEC, DAY); break;
        case RETOUR_RMA_STATUS_IN_TRANSIT: when += between (demo, 6 * HOUR, 2 * DAY); break;
        case RETOUR_RMA_STATUS_RECEIVED: when += between (demo, DAY, 4 * DAY); break;
        case RETOUR_RMA_STATUS_EXPIRED: when += 15 * DAY; break;
        case RETOUR_RMA_STATUS_CLOSED: when += between (demo, DAY, 3 * DAY); break;
        case RETOUR_RMA_STATUS_DRAFT:
        case RETOUR_RMA_STATUS_REQUESTED:
        case RETOUR_RMA_STATUS_INSPECTED:
        case RETOUR_RMA_STATUS_RESOLVED:
        case RETOUR_RMA_STATUS_REJECTED:
        case RETOUR_RMA_STATUS_CANCELLED:
        default:
          when += between (demo, HOUR, DAY);
          break;
        }
      /* Nothing happens in the future of the demo's today. */
      when = MIN (when, demo->now_us - (n_steps - i) * 60 * G_USEC_PER_SEC);

      if (to == RETOUR_RMA_STATUS_RESOLVED)
        {
          g_autoptr(RetourRefundQuote) quote = NULL;

          if (rma->resolution == RETOUR_RESOLUTION_UNDECIDED)
            rma->resolution = pick_resolution (demo, rma);
          /* Credit or an exchange for a withdrawal: the customer asked
           * for it, and staff recorded their agreement. */
          rma->consent_alternative = rma->resolution == RETOUR_RESOLUTION_STORE_CREDIT ||
                                     rma->resolution == RETOUR_RESOLUTION_EXCHANGE;
          rma->refund_method = rma->resolution == RETOUR_RESOLUTION_STORE_CREDIT ? RETOUR_REFUND_METHOD_STORE_CREDIT :
                               (rma->resolution == RETOUR_RESOLUTION_REFUND || rma->resolution == RETOUR_RESOLUTION_KEEP_IT) ?
                               RETOUR_REFUND_METHOD_ORIGINAL_PAYMENT : RETOUR_REFUND_METHOD_NONE;

          quote = retour_policy_quote (policy, rma, demo->reasons, error);
          if (quote == NULL)
            return FALSE;
          rma->refund = rma->refund_method != RETOUR_REFUND_METHOD_NONE ? quote->total
                                                                         : retour_money_init (0, demo->currency);
          if (rma->refund.minor > 1000 && chance (demo, 0.03))
            {
              rma->refund.minor -= rma->refund.minor / 10;
              rma->refund_overridden = TRUE;
              rma->override_note = g_strdup ("Price adjustment agreed with the customer on the phone.");
            }
          resolved_us = when;
        }

      if (!take_step (demo, rma, to, when, events, error))
        return FALSE;

      if (to == RETOUR_RMA_STATUS_INSPECTED)
        inspected_us = when;
    }

  if (!retour_rma_store_import (demo->db, rma, events, error))
    return FALSE;

  return record_money_and_stock (demo, rma, resolved_us, inspected_us, error);
}

/* ----------------------------------------------------------------- setup */

static gboolean
set_up_shop (Demo    *demo,
             GError **error)
{
  g_autoptr(GPtrArray) reasons = NULL;

  if (!retour_setting_store_set (demo->db, RETOUR_SETTING_SHOP_NAME, "Atelier Noord", error) ||
      !retour_setting_store_set (demo->db, RETOUR_SETTING_RETURN_ADDRESS,
                                 "Atelier Noord — Retouren\nMagazijnweg 12\n3542 DE Utrecht\nNetherlands",
                                 error) ||
      !retour_setting_store_set (demo->db, RETOUR_SETTING_SHOP_EMAIL, "retouren@atelier-noord.example", error) ||
      !retour_setting_store_set (demo->db, RETOUR_SETTING_LABEL_FORMAT, "thermal", error))
    return FALSE;

  demo->currency = retour_setting_store_get (demo->db, RETOUR_SETTING_CURRENCY, "EUR", error);
  if (demo->currency == NULL)
    return FALSE;

  demo->old_policy = retour_policy_store_load_current (demo->db, error);
  if (demo->old_policy == NULL)
    return FALSE;

  /* A shop in the Netherlands from its first day: the law and the
   * holidays of its own country count where a customer's are unknown. */
  if (demo->old_policy->shop_country == NULL)
    {
      demo->old_policy->shop_country = g_strdup ("NL");
      if (!retour_policy_store_add_version (demo->db, demo->old_policy, demo->start_us, error))
        return FALSE;
    }

  /* Three months in, the shop gave electronics a longer window and made
   * underwear final sale: a second policy version, so the demo shows old
   * returns keeping the policy they were made under. */
  demo->policy = retour_policy_copy (demo->old_policy);
  {
    RetourCategoryRule *rule = g_new0 (RetourCategoryRule, 1);

    rule->category = g_strdup ("Electronics");
    rule->window_days = 30;
    g_ptr_array_add (demo->policy->category_rules, rule);

    /* Final sale beyond the law only: a withdrawal of underwear still in
     * its seal stands; once unsealed an exception may apply. */
    rule = g_new0 (RetourCategoryRule, 1);
    rule->category = g_strdup ("Underwear");
    rule->window_days = -1;
    rule->final_sale = TRUE;
    rule->exception = RETOUR_EXCEPTION_SEALED_HYGIENE;
    g_ptr_array_add (demo->policy->category_rules, rule);
  }
  /* In force from the day it takes over from the old one. */
  if (!retour_policy_store_add_version (demo->db, demo->policy, demo->start_us + (SPAN_DAYS / 2) * DAY, error))
    return FALSE;

  /* Index the reasons like reason_codes. */
  reasons = retour_policy_store_list_reasons (demo->db, TRUE, error);
  if (reasons == NULL)
    return FALSE;

  demo->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_reason_free);
  for (guint i = 0; i < N_REASONS; i++)
    {
      const RetourReason *found = NULL;

      for (guint r = 0; r < reasons->len && found == NULL; r++)
        if (g_str_equal (((RetourReason *) reasons->pdata[r])->code, reason_codes[i]))
          found = reasons->pdata[r];

      if (found == NULL)
        {
          g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("The demo shop needs the reason “%s”, which has been removed."),
                       reason_codes[i]);
          return FALSE;
        }
      g_ptr_array_add (demo->reasons, retour_reason_copy (found));
    }

  demo->pattern = retour_rma_number_pattern_new (RETOUR_RMA_NUMBER_DEFAULT_PATTERN, error);
  if (demo->pattern == NULL)
    return FALSE;

  return TRUE;
}

static void
shop_exists_error (GError **error)
{
  g_set_error_literal (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_INVALID,
                       _("This database already holds a shop. A demo shop needs a new, empty database."));
}

/* Not cached: a prepared PRAGMA keeps answering from its first run. */
static gboolean
query_flag (RetourDatabase *db,
            const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  gboolean flag = FALSE;

  if (sqlite3_prepare_v2 (retour_database_get_handle (db), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    flag = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);

  return flag;
}

gboolean
retour_demo_generate (RetourDatabase           *db,
                      const RetourDemoOptions  *options,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_auto(RetourTxn) txn = { 0 };
  Demo demo = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean secure_delete = FALSE;
  gboolean shared = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (RETOUR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (!retour_database_in_transaction (db), FALSE);

  if (!retour_database_is_empty (db, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      shop_exists_error (error);
      return FALSE;
    }

  demo.db = db;
  demo.rand = g_rand_new_with_seed ((guint32) (options->seed ^ (options->seed >> 32)));
  demo.now_us = options->now_us != 0 ? options->now_us : retour_clock_real_time (NULL);
  demo.start_us = demo.now_us - SPAN_DAYS * DAY;
  demo.products = g_ptr_array_new_with_free_func ((GDestroyNotify) retour_product_free);
  demo.product_categories = g_hash_table_new (g_int64_hash, g_int64_equal);
  demo.product_weights = g_array_new (FALSE, FALSE, sizeof (guint));
  demo.return_weights = g_array_new (FALSE, FALSE, sizeof (guint));
  demo.customers = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.countries = g_byte_array_new ();
  demo.frequent = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.next_order = 10001;
  demo.local = g_time_zone_new_local ();
  demo.next_sequence = 1;

  /* A demo shop is made in one go into a new file: if the machine fails
   * half-way there is nothing to lose, so trade durability for speed, and
   * give the indexes room to grow in memory. Nothing in it is secret, so
   * what is deleted (the search queues, index segments merged away) need
   * not be overwritten. Restored at the end. */
  shared = retour_database_is_shared (db);
  if (!shared)
    {
      secure_delete = query_flag (db, "PRAGMA secure_delete");
      if (!retour_database_exec (db, "PRAGMA synchronous = OFF", error) ||
          !retour_database_exec (db, "PRAGMA cache_size = -1048576", error) ||
          !retour_database_exec (db, "PRAGMA secure_delete = OFF", error) ||
          !retour_database_exec (db, "PRAGMA wal_autocheckpoint = 10000", error))
        goto out;
    }

  if (!retour_txn_begin (&txn, db, error) ||
      !set_up_shop (&demo, error) ||
      !create_catalogue (&demo, error) ||
      !retour_txn_commit (&txn, error))
    goto out;

  demo.orders_without_return = MIN (orders_without_return (&demo),
                                    (double) MAX_ORDERS_WITHOUT_RETURN / (double) MAX (options->n_rmas, 1));

  for (guint64 i = 0; i < options->n_rmas; i++)
    {
      /* Evenly spread over the six months, so ids follow creation time. */
      gint64 created_us = demo.start_us +
                          (gint64) ((double) (demo.now_us - demo.start_us - HOUR) *
                                    ((double) i + 0.5) / (double) options->n_rmas);

      /* Progress and Cancel are answered often; commits are rarer, since
       * each one writes out a search index segment. */
      if (i % PROGRESS_EVERY == 0 && i > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (options->progress != NULL)
            options->progress (i, options->n_rmas, options->progress_data);
        }

      /* On a server the whole demo is one transaction: there is no
       * scratch file to put in place at the end. */
      if (i % BATCH == 0 && (i == 0 || !shared))
        {
          if (i > 0 && !retour_txn_commit (&txn, error))
            goto out;
          if (!retour_txn_begin_batch (&txn, db, error))
            goto out;
        }

      if (!create_rma (&demo, created_us, error))
        goto out;
    }

  /* The number sequence continues after the demo's numbers. */
  if (txn.open)
    {
      g_autoptr(RetourStmt) stmt = retour_database_prepare (db,
                                                            "INSERT INTO sequence (name, next_value) VALUES ('rma-number', ?1) "
                                                            "ON CONFLICT (name) DO UPDATE SET next_value = excluded.next_value",
                                                            error);
      if (stmt == NULL)
        goto out;
      retour_stmt_bind_int64 (stmt, 1, (gint64) demo.next_sequence);
      if (!retour_stmt_run (stmt, error) || !retour_txn_commit (&txn, error))
        goto out;
    }

  /* Each commit left a segment of the search indexes, which FTS5 merged
   * on the way into a few; merged into one, a search reads one list per
   * trigram instead of one per segment. Seconds for a million returns. */
  if (!shared &&
      (!retour_database_exec (db, "INSERT INTO rma_fts (rma_fts) VALUES ('optimize')", error) ||
       !retour_database_exec (db, "INSERT INTO order_fts (order_fts) VALUES ('optimize')", error)))
    goto out;

  if (options->progress != NULL)
    options->progress (options->n_rmas, options->n_rmas, options->progress_data);

  ok = TRUE;

out:
  retour_txn_rollback (&txn);
  if (!shared)
    {
      retour_database_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", NULL);
      retour_database_exec (db, "PRAGMA wal_autocheckpoint = 1000", NULL);
      retour_database_exec (db, "PRAGMA cache_size = -2000", NULL);
      if (secure_delete)
        retour_database_exec (db, "PRAGMA secure_delete = ON", NULL);
      retour_database_exec (db, "PRAGMA synchronous = NORMAL", NULL);
    }
  demo_clear (&demo);
  return ok;
}

/* ------------------------------------------------------------ all or nothing */

#define SCRATCH_PREFIX ".retour-demo-"

static void
remove_scratch (const char *dir)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_remove (file) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", file, g_strerror (errno));
    }

  if (g_rmdir (dir) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", dir, g_strerror (errno));
}

/* A demo killed half-way leaves its scratch folder, named after its
 * process: it goes once that process is gone. */
static void
remove_abandoned_scratch (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *scratch = NULL;
      char *end = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, SCRATCH_PREFIX))
        continue;

      pid = g_ascii_strtoll (name + strlen (SCRATCH_PREFIX), &end, 10);
      if (pid <= 0 || *end != '-' || pid == getpid ())
        continue;
      /* Still running, or not ours to tell. */
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;

      scratch = g_build_filename (dir, name, NULL);
      remove_scratch (scratch);
    }
}

static gboolean
fill_scratch (const char               *scratch_path,
              const RetourDemoOptions  *options,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr(RetourDatabase) scratch = NULL;

  scratch = retour_database_open (scratch_path, error);
  if (scratch == NULL)
    return FALSE;

  /* The scratch connection closes when this returns: its WAL is folded
   * back into the file, which is then whole on its own. */
  return retour_demo_generate (scratch, options, cancellable, error);
}

/* Copies the finished shop into the database at @path, which exists: in
 * one write transaction of that database (SQLite's backup API), so other
 * programs see the empty database or the whole shop, never a part. */
static gboolean
copy_into (const char    *path,
           const char    *scratch_path,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(RetourDatabase) db = NULL;
  g_autoptr(GError) local_error = NULL;

  db = retour_database_open (path, error);
  if (db == NULL)
    return FALSE;

  /* Somebody else (a window, another retour-cli) may have started a shop
   * in it meanwhile; a restore would wipe that out. */
  if (!retour_database_is_empty (db, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      shop_exists_error (error);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return retour_database_restore (db, scratch_path, error);
}

gboolean
retour_demo_create (const char               *path,
                    const RetourDemoOptions  *options,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *scratch_dir = NULL;
  g_autofree char *scratch_path = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  /* A shop on a server is made in place, in one transaction. */
  if (retour_database_location_is_server (path))
    {
      g_autoptr(RetourDatabase) db = retour_database_open_full (path, RETOUR_DATABASE_OPEN_CREATE, error);

      return db != NULL && retour_demo_generate (db, options, cancellable, error);
    }

  /* A database that already holds a shop is refused before any work. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(RetourDatabase) db = retour_database_open_full (path, RETOUR_DATABASE_OPEN_READ_ONLY, NULL);
      g_autoptr(GError) local_error = NULL;

      if (db != NULL && !retour_database_is_empty (db, &local_error) && local_error == NULL)
        {
          shop_exists_error (error);
          return FALSE;
        }
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RETOUR_STORE_ERROR, RETOUR_STORE_ERROR_CANT_OPEN,
                   _("Cannot create the folder “%s” for the database: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  remove_abandoned_scratch (dir);

  /* The scratch file lives beside the database, on the same file system,
   * so that it can be linked into place. */
  scratch_dir = g_strdup_printf ("%s/" SCRATCH_PREFIX "%d-XXXXXX", dir, (int) getpid ());
  if (g_mkdtemp_full (scratch_dir, 0700) == NULL)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: the first %s is a folder, the second
                       why a file could not be made there. */
                   _("Could not make room for the demo shop in %s: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }
  scratch_path = g_build_filename (scratch_dir, "demo.db", NULL);

  ok = fill_scratch (scratch_path, options, cancellable, error);
  if (ok && !g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      /* link() puts the whole file in place at once, and fails rather than
       * replace a database that appeared meanwhile; the -wal is gone since
       * the scratch connection closed. Where there is already a (new,
       * empty) database, or links are not supported, the shop is copied
       * into it instead. */
      if (link (scratch_path, path) != 0)
        ok = copy_into (path, scratch_path, cancellable, error);
    }
  else
    ok = FALSE;

  remove_scratch (scratch_dir);

  return ok;
}

/* ------------------------------------------------------- off the main thread */

/* Shared by the worker, the progress reports queued on the caller's main
 * context and the task, any of which may drop the last reference: it holds
 * nothing that belongs to one thread. */
typedef struct
{
  char              *path;
  RetourDemoOptions  options;
  GMainContext      *context;
  GCancellable      *cancellable;

  GMutex             mutex;
  guint64            done;
  guint64            total;
  gboolean           report_pending;
  gboolean           finished;
} DemoJob;

static void
demo_job_clear (gpointer data)
{
  DemoJob *job = data;

  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_mutex_clear (&job->mutex);
}

static DemoJob *
demo_job_ref (DemoJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
demo_job_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, demo_job_clear);
}

/* Runs on the caller's main context. */
static gboolean
demo_job_report (gpointer data)
{
  DemoJob *job = data;
  RetourDemoProgress progress;
  guint64 done;
  guint64 total;

  g_mutex_lock (&job->mutex);
  done = job->done;
  total = job->total;
  job->report_pending = FALSE;
  progress = job->finished ? NULL : job->options.progress;
  g_mutex_unlock (&job->mutex);

  if (progress != NULL && !g_cancellable_is_cancelled (job->cancellable))
    progress (done, total, job->options.progress_data);

  return G_SOURCE_REMOVE;
}

/* Runs on the worker, possibly once per return: only the newest numbers
 * matter, so at most one report waits on the main context. An idle source
 * rather than g_main_context_invoke(), which could run the report right
 * here on the worker when nobody iterates the main context. */
static void
demo_job_progress_in_thread (guint64  done,
                             guint64  total,
                             gpointer user_data)
{
  DemoJob *job = user_data;
  gboolean schedule;

  g_mutex_lock (&job->mutex);
  job->done = done;
  job->total = total;
  schedule = !job->report_pending;
  job->report_pending = TRUE;
  g_mutex_unlock (&job->mutex);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, demo_job_report, demo_job_ref (job), demo_job_unref);
      g_source_set_static_name (source, "[retour] demo progress");
      g_source_attach (source, job->context);
    }
}

static void
generate_demo_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DemoJob *job = task_data;
  RetourDemoOptions options = job->options;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  options.progress = demo_job_progress_in_thread;
  options.progress_data = job;

  ok = retour_demo_create (job->path, &options, cancellable, &error);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
retour_demo_create_async (const char               *path,
                          const RetourDemoOptions  *options,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  DemoJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_atomic_rc_box_new0 (DemoJob);
  g_mutex_init (&job->mutex);
  job->path = g_strdup (path);
  job->options = *options;
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, retour_demo_create_async);
  g_task_set_task_data (task, job, demo_job_unref);
  g_task_run_in_thread (task, generate_demo_thread);
}

gboolean
retour_demo_create_finish (GAsyncResult  *result,
                           GError       **error)
{
  DemoJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        retour_demo_create_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  g_mutex_lock (&job->mutex);
  job->finished = TRUE;
  g_mutex_unlock (&job->mutex);

  return g_task_propagate_boolean (G_TASK (result), error);
}
