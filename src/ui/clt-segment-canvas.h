/* clt-segment-canvas.h: the segment being built, as nested cards of conditions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_CANVAS (clt_segment_canvas_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentCanvas, clt_segment_canvas, CLT, SEGMENT_CANVAS, GtkWidget)

typedef enum
{
  CLT_MOVE_UP,
  CLT_MOVE_DOWN,
  CLT_MOVE_IN,
  CLT_MOVE_OUT,
} CltMove;

GtkWidget          *clt_segment_canvas_new            (void);
CltSegmentGroup    *clt_segment_canvas_get_root       (CltSegmentCanvas *self);
void                clt_segment_canvas_set_root       (CltSegmentCanvas *self,
                                                       CltSegmentGroup  *root);
void                clt_segment_canvas_set_choices    (CltSegmentCanvas *self,
                                                       const char       *workspace_path,
                                                       const char * const *sources,
                                                       GListModel       *purposes,
                                                       GListModel       *imports,
                                                       GListModel       *segments);
const char         *clt_segment_canvas_get_workspace_path (CltSegmentCanvas *self);
const char * const *clt_segment_canvas_get_sources    (CltSegmentCanvas *self);
GListModel         *clt_segment_canvas_get_purposes   (CltSegmentCanvas *self);
const char         *clt_segment_purposes_get_channel  (GListModel       *purposes,
                                                       const char       *key);
GListModel         *clt_segment_canvas_get_imports    (CltSegmentCanvas *self);
GListModel         *clt_segment_canvas_get_segments   (CltSegmentCanvas *self);
void                clt_segment_canvas_set_counts     (CltSegmentCanvas *self,
                                                       CltSegmentCounts *counts);
void                clt_segment_canvas_show_why_not   (CltSegmentCanvas *self,
                                                       const char       *path);
GtkWidget          *clt_segment_canvas_get_widget     (CltSegmentCanvas *self,
                                                       CltSegmentNode   *node);

CltSegmentNode     *clt_segment_canvas_create_node    (CltSegmentCanvas *self,
                                                       const char       *spec);
void                clt_segment_canvas_add            (CltSegmentCanvas *self,
                                                       CltSegmentGroup  *group,
                                                       guint             position,
                                                       CltSegmentNode   *node);
gboolean            clt_segment_canvas_can_move       (CltSegmentCanvas *self,
                                                       CltSegmentNode   *node,
                                                       CltMove           move);
gboolean            clt_segment_canvas_move           (CltSegmentCanvas *self,
                                                       CltSegmentNode   *node,
                                                       CltMove           move);
void                clt_segment_canvas_remove         (CltSegmentCanvas *self,
                                                       CltSegmentNode   *node);
gboolean            clt_segment_canvas_accepts        (CltSegmentCanvas *self,
                                                       CltSegmentNode   *dropped,
                                                       CltSegmentGroup  *group,
                                                       CltSegmentNode   *onto);
gboolean            clt_segment_canvas_drop           (CltSegmentCanvas *self,
                                                       CltSegmentNode   *dropped,
                                                       CltSegmentGroup  *group,
                                                       guint             position,
                                                       CltSegmentNode   *onto);
void                clt_segment_canvas_show_drop      (CltSegmentCanvas *self,
                                                       CltSegmentGroup  *group,
                                                       guint             position,
                                                       CltSegmentNode   *onto);
void                clt_segment_canvas_undo           (CltSegmentCanvas *self);
gboolean            clt_segment_canvas_can_undo       (CltSegmentCanvas *self);
GMenuModel         *clt_segment_canvas_get_add_menu   (CltSegmentCanvas *self);

G_END_DECLS
