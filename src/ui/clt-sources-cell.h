/* clt-sources-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_SOURCES_CELL (clt_sources_cell_get_type ())

G_DECLARE_FINAL_TYPE (CltSourcesCell, clt_sources_cell, CLT, SOURCES_CELL, GtkWidget)

GtkWidget *clt_sources_cell_new         (void);
void       clt_sources_cell_set_sources (CltSourcesCell *self,
                                         guint           sources);
guint      clt_sources_cell_get_sources (CltSourcesCell *self);

G_END_DECLS
