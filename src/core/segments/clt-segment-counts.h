/* clt-segment-counts.h: how many a segment holds, and how many each node holds and removes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-node.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_COUNTS (clt_segment_counts_get_type ())

typedef struct _CltSegmentCounts CltSegmentCounts;

GType             clt_segment_counts_get_type        (void) G_GNUC_CONST;
CltSegmentCounts *clt_segment_counts_ref             (CltSegmentCounts  *self);
void              clt_segment_counts_unref           (CltSegmentCounts  *self);
gint64            clt_segment_counts_get_total       (CltSegmentCounts  *self);
gint64            clt_segment_counts_get_consented   (CltSegmentCounts  *self);
double            clt_segment_counts_get_seconds     (CltSegmentCounts  *self);
gboolean          clt_segment_counts_lookup          (CltSegmentCounts  *self,
                                                      CltSegmentNode    *node,
                                                      gint64            *own,
                                                      gint64            *removes);
gboolean          clt_segment_counts_lookup_path     (CltSegmentCounts  *self,
                                                      const char        *path,
                                                      gint64            *own,
                                                      gint64            *removes);
GPtrArray        *clt_segment_counts_get_samples     (CltSegmentCounts  *self);

char             *clt_segment_node_dup_path          (CltSegmentNode    *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSegmentCounts, clt_segment_counts_unref)

G_END_DECLS
