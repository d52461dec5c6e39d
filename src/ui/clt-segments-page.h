/* clt-segments-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-page.h"
#include "clt-segment-editor.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENTS_PAGE (clt_segments_page_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentsPage, clt_segments_page, CLT, SEGMENTS_PAGE, CltPage)

CltSegmentEditor *clt_segments_page_open (CltSegmentsPage *self,
                                          gint64           id);

G_END_DECLS
