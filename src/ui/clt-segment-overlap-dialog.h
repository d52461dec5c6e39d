/* clt-segment-overlap-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_OVERLAP_DIALOG (clt_segment_overlap_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentOverlapDialog, clt_segment_overlap_dialog, CLT, SEGMENT_OVERLAP_DIALOG, AdwDialog)

CltSegmentOverlapDialog *clt_segment_overlap_dialog_new (CltWorkspace *workspace,
                                                         gint64        segment_id);

G_END_DECLS
