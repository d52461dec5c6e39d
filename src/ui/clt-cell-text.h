/* clt-cell-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_CELL_TEXT (clt_cell_text_get_type ())

G_DECLARE_FINAL_TYPE (CltCellText, clt_cell_text, CLT, CELL_TEXT, GtkWidget)

GtkWidget  *clt_cell_text_new         (float        xalign);
void        clt_cell_text_set_text    (CltCellText *self,
                                       const char  *text);
const char *clt_cell_text_get_text    (CltCellText *self);
void        clt_cell_text_set_tabular (CltCellText *self,
                                       gboolean     tabular);

G_END_DECLS
