/* clt-segment-palette.h: the kinds of condition, to drag onto the canvas or add from a menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-canvas.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_PALETTE (clt_segment_palette_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentPalette, clt_segment_palette, CLT, SEGMENT_PALETTE, GtkWidget)

GtkWidget  *clt_segment_palette_new          (CltSegmentCanvas  *canvas);
void        clt_segment_palette_set_segments (CltSegmentPalette *self,
                                              GListModel        *segments);
void        clt_segment_palette_set_purposes (CltSegmentPalette *self,
                                              GListModel        *purposes);
GtkWidget  *clt_segment_palette_find_row     (CltSegmentPalette *self,
                                              const char        *spec);
GMenuModel *clt_segment_palette_new_menu     (GListModel        *purposes,
                                              GListModel        *segments);

G_END_DECLS
