/* clt-profile-insights.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROFILE_INSIGHTS (clt_profile_insights_get_type ())

G_DECLARE_FINAL_TYPE (CltProfileInsights, clt_profile_insights, CLT, PROFILE_INSIGHTS, AdwPreferencesGroup)

void     clt_profile_insights_set_profile (CltProfileInsights *self,
                                           CltWorkspace       *workspace,
                                           gint64              profile_id);
void     clt_profile_insights_reload      (CltProfileInsights *self);
gboolean clt_profile_insights_get_loading (CltProfileInsights *self);

G_END_DECLS
