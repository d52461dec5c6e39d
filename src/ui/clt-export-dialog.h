/* clt-export-dialog.h: exporting an audience for a purpose, with who is left out and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_EXPORT_DIALOG (clt_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltExportDialog, clt_export_dialog, CLT, EXPORT_DIALOG, AdwDialog)

CltExportDialog *clt_export_dialog_new            (CltWorkspace    *workspace,
                                                   gint64           segment_id,
                                                   const gint64    *profile_ids,
                                                   gsize            n_profile_ids,
                                                   const char      *title);
void             clt_export_dialog_set_purpose    (CltExportDialog *self,
                                                   const char      *purpose);
void             clt_export_dialog_set_format     (CltExportDialog *self,
                                                   CltExportFormat  format);
gboolean         clt_export_dialog_get_checking   (CltExportDialog *self);
CltEligibility  *clt_export_dialog_get_eligibility (CltExportDialog *self);
void             clt_export_dialog_export_to      (CltExportDialog *self,
                                                   GFile           *file);

G_END_DECLS
