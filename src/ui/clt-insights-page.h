/* clt-insights-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-page.h"

G_BEGIN_DECLS

#define CLT_TYPE_INSIGHTS_PAGE (clt_insights_page_get_type ())

G_DECLARE_FINAL_TYPE (CltInsightsPage, clt_insights_page, CLT, INSIGHTS_PAGE, CltPage)

void     clt_insights_page_set_computing (CltInsightsPage *self,
                                          gboolean         computing);
gboolean clt_insights_page_get_computing (CltInsightsPage *self);
void     clt_insights_page_set_progress  (CltInsightsPage *self,
                                          double           fraction);
gboolean clt_insights_page_get_loading   (CltInsightsPage *self);

G_END_DECLS
