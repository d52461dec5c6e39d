/* clt-segment-changes-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_CHANGES_DIALOG (clt_segment_changes_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentChangesDialog, clt_segment_changes_dialog, CLT, SEGMENT_CHANGES_DIALOG, AdwDialog)

CltSegmentChangesDialog *clt_segment_changes_dialog_new (CltWorkspace *workspace,
                                                         gint64        segment_id);

G_END_DECLS
