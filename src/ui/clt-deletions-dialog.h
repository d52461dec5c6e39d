/* clt-deletions-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_DELETIONS_DIALOG (clt_deletions_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltDeletionsDialog, clt_deletions_dialog, CLT, DELETIONS_DIALOG, AdwDialog)

CltDeletionsDialog *clt_deletions_dialog_new         (CltWorkspace       *workspace);
void                clt_deletions_dialog_reload      (CltDeletionsDialog *self);
gboolean            clt_deletions_dialog_get_loading (CltDeletionsDialog *self);
guint               clt_deletions_dialog_get_n_rows  (CltDeletionsDialog *self);
void                clt_deletions_dialog_purge       (CltDeletionsDialog *self);

G_END_DECLS
