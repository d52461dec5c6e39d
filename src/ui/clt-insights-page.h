/* clt-insights-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-page.h"

G_BEGIN_DECLS

#define CLT_TYPE_INSIGHTS_PAGE (clt_insights_page_get_type ())

G_DECLARE_FINAL_TYPE (CltInsightsPage, clt_insights_page, CLT, INSIGHTS_PAGE, CltPage)

G_END_DECLS
