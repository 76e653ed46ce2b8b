/* retour-pdf-file.h — saving a PDF the app made: asking where, writing
 * it privately, saying so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*RetourPdfFileChosen) (GObject *owner,
                                     GFile   *file);

/* A modal save dialog over @parent, titled @title, proposing @name in
 * PDF documents; @chosen is called with @owner and the file only when
 * one is chosen while @owner is still there. The dialog closes with
 * @parent. */
void                  retour_pdf_file_choose (GtkWindow           *parent,
                                              const char          *title,
                                              const char          *name,
                                              RetourPdfFileChosen  chosen,
                                              GObject             *owner);

/* Writes @pdf to @file, readable only by its owner (it names a customer),
 * whole or not at all: a failure leaves whatever was there. Then a toast
 * on @overlay: @done with an "Open" button, or why it could not be
 * written. */
void                  retour_pdf_file_write  (AdwToastOverlay     *overlay,
                                              GFile               *file,
                                              GBytes              *pdf,
                                              const char          *done);

/* The message for an error writing a document: the disk full, the
 * folder read-only, or what the system said. */
char                 *retour_pdf_file_describe_error (const GError *error);

G_END_DECLS
