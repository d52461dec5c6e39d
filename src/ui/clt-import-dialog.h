/* clt-import-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_IMPORT_DIALOG (clt_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltImportDialog, clt_import_dialog, CLT, IMPORT_DIALOG, AdwDialog)

CltImportDialog *clt_import_dialog_new       (CltWorkspace    *workspace);
void             clt_import_dialog_add_files (CltImportDialog *self,
                                              GListModel      *files);

G_END_DECLS
