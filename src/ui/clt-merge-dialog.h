/* clt-merge-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_MERGE_DIALOG (clt_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltMergeDialog, clt_merge_dialog, CLT, MERGE_DIALOG, AdwDialog)

CltMergeDialog *clt_merge_dialog_new (CltWorkspace *workspace,
                                      gint64        profile_id);

G_END_DECLS
