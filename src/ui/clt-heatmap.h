/* clt-heatmap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_HEATMAP (clt_heatmap_get_type ())

G_DECLARE_FINAL_TYPE (CltHeatmap, clt_heatmap, CLT, HEATMAP, GtkWidget)

GtkWidget *clt_heatmap_new           (void);
void       clt_heatmap_set_cells     (CltHeatmap   *self,
                                      const gint64  counts[25],
                                      const gint64  means[25],
                                      const char   *currency);
gint64     clt_heatmap_get_count     (CltHeatmap   *self,
                                      int           r,
                                      int           f);
void       clt_heatmap_activate_cell (CltHeatmap   *self,
                                      int           r,
                                      int           f);

G_END_DECLS
