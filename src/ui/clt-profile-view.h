/* clt-profile-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROFILE_VIEW (clt_profile_view_get_type ())

G_DECLARE_FINAL_TYPE (CltProfileView, clt_profile_view, CLT, PROFILE_VIEW, AdwNavigationPage)

CltProfileView *clt_profile_view_new            (CltWorkspace   *workspace,
                                                 gint64          profile_id);
gint64          clt_profile_view_get_profile_id (CltProfileView *self);
void            clt_profile_view_set_profile    (CltProfileView *self,
                                                 gint64          profile_id);
CltWorkspace   *clt_profile_view_get_workspace  (CltProfileView *self);
void            clt_profile_view_reload         (CltProfileView *self);

G_END_DECLS
