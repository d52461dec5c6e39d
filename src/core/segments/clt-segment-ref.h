/* clt-segment-ref.h: the members of another saved segment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-node.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_REF (clt_segment_ref_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentRef, clt_segment_ref, CLT, SEGMENT_REF, CltSegmentNode)

CltSegmentRef *clt_segment_ref_new            (gint64         segment_id);
gint64         clt_segment_ref_get_segment_id (CltSegmentRef *self);
void           clt_segment_ref_set_segment_id (CltSegmentRef *self,
                                               gint64         segment_id);

G_END_DECLS
