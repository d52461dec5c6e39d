/* clt-segment-counts-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-counts.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 own;
  gint64 removes;
} CltNodeCount;

struct _CltSegmentCounts
{
  gint64      total;
  gint64      consented;
  double      seconds;
  GHashTable *nodes;    /* path → CltNodeCount */
  GPtrArray  *samples;  /* of CltSegmentMember */
};

CltSegmentCounts *_clt_segment_counts_new (void);
void              _clt_segment_counts_set (CltSegmentCounts *self,
                                           const char       *path,
                                           gint64            own,
                                           gint64            removes);

G_END_DECLS
