/* clt-profiles-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-page.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROFILES_PAGE (clt_profiles_page_get_type ())

G_DECLARE_FINAL_TYPE (CltProfilesPage, clt_profiles_page, CLT, PROFILES_PAGE, CltPage)

void clt_profiles_page_show_profile (CltProfilesPage *self,
                                     gint64           profile_id);

G_END_DECLS
