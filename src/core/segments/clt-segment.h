/* clt-segment.h: a saved segment, or one version of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-group.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT (clt_segment_get_type ())

G_DECLARE_FINAL_TYPE (CltSegment, clt_segment, CLT, SEGMENT, GObject)

gint64           clt_segment_get_id         (CltSegment  *self);
const char      *clt_segment_get_name       (CltSegment  *self);
CltSegmentKind   clt_segment_get_kind       (CltSegment  *self);
const char      *clt_segment_get_definition (CltSegment  *self);
gint64           clt_segment_get_version    (CltSegment  *self);
const char      *clt_segment_get_actor      (CltSegment  *self);
const char      *clt_segment_get_updated_at (CltSegment  *self);
gboolean         clt_segment_get_deleted    (CltSegment  *self);
const char      *clt_segment_get_suggestion (CltSegment  *self);
CltSegmentGroup *clt_segment_dup_root       (CltSegment  *self,
                                             GError     **error);

G_END_DECLS
