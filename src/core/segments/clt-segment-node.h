/* clt-segment-node.h: anything a segment group holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "clt-segment-types.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_NODE (clt_segment_node_get_type ())

G_DECLARE_DERIVABLE_TYPE (CltSegmentNode, clt_segment_node, CLT, SEGMENT_NODE, GObject)

struct _CltSegmentNodeClass
{
  GObjectClass parent_class;

  CltSegmentNode *(*copy)       (CltSegmentNode *self);
  void            (*build_json) (CltSegmentNode *self,
                                 JsonBuilder    *builder);
};

CltSegmentNode  *clt_segment_node_copy        (CltSegmentNode  *self);
CltSegmentGroup *clt_segment_node_get_parent  (CltSegmentNode  *self);
char            *clt_segment_node_to_json     (CltSegmentNode  *self);
void             clt_segment_node_emit_changed (CltSegmentNode *self);

G_END_DECLS
