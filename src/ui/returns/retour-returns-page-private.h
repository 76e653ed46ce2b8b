/* retour-returns-page-private.h — what the returns page's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is one widget in two files: retour-returns-page.c (the list's
 * queries, selection, editor and actions) and retour-returns-page-cells.c
 * (its columns: the cells of the rows and the width of each column).
 */
#pragma once

#include <adwaita.h>

#include "retour-returns-page.h"
#include "retour-rma-editor.h"
#include "retour-rma-list-model.h"
#include "retour-database-watcher.h"

G_BEGIN_DECLS

/* The columns' widths in characters of the list's font: what their
 * contents need, so that a column is as wide as what it shows whatever the
 * language of its header. (The customer's name takes what is left.) */
#define NUMBER_CHARS    12   /* "R26-000128-Y" */
#define ORDER_CHARS      8
#define ITEMS_CHARS      3
#define CUSTOMER_CHARS  10   /* at least; the column takes the room left */

struct _RetourReturnsPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkWidget           *editor_pane;
  GtkLabel            *action_badge;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkRevealer         *hint_revealer;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *action_column;
  GtkColumnViewColumn *created_column;
  GtkColumnViewColumn *items_column;
  GtkColumnViewColumn *order_column;
  GtkColumnViewColumn *refund_column;
  GtkColumnViewColumn *age_column;
  AdwStatusPage       *error_page;

  RetourRmaEditor     *editor;           /* NULL until a return is opened */
  RetourContext       *context;
  RetourDatabase      *db;
  RetourRmaListModel  *model;
  GtkSingleSelection  *selection;
  GCancellable        *count_cancellable;

  char                *view;            /* "all" or "needs-action" */
  char                *query_text;      /* the text searched for, or NULL */
  int                  query_status;
  gint64               selected_id;     /* 0: none */
  RetourDatabaseWatcher *watcher;
  gboolean             restoring_selection;

  /* Removed from the view outside "Needs Action" (a hidden column still
   * makes a cell in every row); the page keeps it meanwhile. */
  GtkColumnViewColumn *action_column_ref;
  guint                created_chars;
  guint                refund_chars;
  guint                age_chars;
  int                  tag_width;      /* the widest status tag; 0 until known */
  int                  action_width;
  int                  char_width;     /* in Pango units, as GtkInscription counts */
  int                  line_height;

  /* The columns a narrow list does without, the first to go first, and
   * how wide the list was with each when it went (0: shown). */
  GtkColumnViewColumn *optional[5];
  double               needed_width[5];
  guint                fit_source;
};

/* retour-returns-page-cells.c */
void _retour_returns_page_class_bind_cells  (GtkWidgetClass    *widget_class);
void _retour_returns_page_count_column_chars (RetourReturnsPage *self);
void _retour_returns_page_measure_font       (RetourReturnsPage *self);
void _retour_returns_page_measure_tag_columns (RetourReturnsPage *self);
void _retour_returns_page_align_numeric_headers (RetourReturnsPage *self);

G_END_DECLS
