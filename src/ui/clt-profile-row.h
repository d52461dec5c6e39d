/* clt-profile-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROFILE_ROW (clt_profile_row_get_type ())

G_DECLARE_FINAL_TYPE (CltProfileRow, clt_profile_row, CLT, PROFILE_ROW, AdwActionRow)

GtkWidget *clt_profile_row_new            (const CltProfileSummary *summary,
                                           gboolean                 opens);
gint64     clt_profile_row_get_profile_id (CltProfileRow           *self);

G_END_DECLS
