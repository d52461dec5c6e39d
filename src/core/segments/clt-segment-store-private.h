/* clt-segment-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment.h"
#include "clt-segment-store.h"

G_BEGIN_DECLS

CltSegment *_clt_segment_new (gint64          id,
                              const char     *name,
                              CltSegmentKind  kind,
                              const char     *definition,
                              gint64          version,
                              const char     *actor,
                              const char     *updated_at,
                              gboolean        deleted,
                              const char     *suggestion);

G_END_DECLS
