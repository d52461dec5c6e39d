/* clt-preferences-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PREFERENCES_DIALOG (clt_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltPreferencesDialog, clt_preferences_dialog, CLT, PREFERENCES_DIALOG, AdwPreferencesDialog)

CltPreferencesDialog *clt_preferences_dialog_new (CltWorkspace *workspace);

G_END_DECLS
