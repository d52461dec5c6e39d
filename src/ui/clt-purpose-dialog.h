/* clt-purpose-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PURPOSE_DIALOG (clt_purpose_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltPurposeDialog, clt_purpose_dialog, CLT, PURPOSE_DIALOG, AdwDialog)

CltPurposeDialog *clt_purpose_dialog_new  (CltWorkspace     *workspace,
                                           CltPurpose       *purpose);
gboolean          clt_purpose_dialog_save (CltPurposeDialog *self,
                                           GError          **error);
CltPurpose       *clt_purpose_dialog_get_purpose (CltPurposeDialog *self);

G_END_DECLS
