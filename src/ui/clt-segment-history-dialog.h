/* clt-segment-history-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_HISTORY_DIALOG (clt_segment_history_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentHistoryDialog, clt_segment_history_dialog, CLT, SEGMENT_HISTORY_DIALOG, AdwDialog)

CltSegmentHistoryDialog *clt_segment_history_dialog_new (CltWorkspace *workspace,
                                                         gint64        segment_id);

G_END_DECLS
