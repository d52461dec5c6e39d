/* clt-segment-group.h: all of, any of or none of its children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-node.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_GROUP (clt_segment_group_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentGroup, clt_segment_group, CLT, SEGMENT_GROUP, CltSegmentNode)

CltSegmentGroup *clt_segment_group_new       (CltSegmentMatch   match);
CltSegmentMatch  clt_segment_group_get_match (CltSegmentGroup  *self);
void             clt_segment_group_set_match (CltSegmentGroup  *self,
                                              CltSegmentMatch   match);
guint            clt_segment_group_get_n_children (CltSegmentGroup *self);
CltSegmentNode  *clt_segment_group_get_child (CltSegmentGroup  *self,
                                              guint             position);
void             clt_segment_group_append    (CltSegmentGroup  *self,
                                              CltSegmentNode   *child);
void             clt_segment_group_insert    (CltSegmentGroup  *self,
                                              guint             position,
                                              CltSegmentNode   *child);
void             clt_segment_group_remove    (CltSegmentGroup  *self,
                                              guint             position);
gboolean         clt_segment_group_find      (CltSegmentGroup  *self,
                                              CltSegmentNode   *child,
                                              guint            *position);
void             clt_segment_node_move       (CltSegmentNode   *node,
                                              CltSegmentGroup  *group,
                                              guint             position);

G_END_DECLS
