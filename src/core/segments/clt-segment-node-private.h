/* clt-segment-node-private.h: the tree's parent links, for src/core/segments only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-node.h"

G_BEGIN_DECLS

void _clt_segment_node_set_parent (CltSegmentNode  *self,
                                   CltSegmentGroup *parent);
void _clt_segment_node_build_json (CltSegmentNode  *self,
                                   JsonBuilder     *builder);

G_END_DECLS
