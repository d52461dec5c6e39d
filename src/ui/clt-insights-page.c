/* clt-insights-page.c: what the data says about the customer base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-insights-page"

#include "config.h"

#include "clt-insights-page.h"

struct _CltInsightsPage
{
  CltPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CltInsightsPage, clt_insights_page, CLT_TYPE_PAGE)

static void
clt_insights_page_class_init (CltInsightsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-insights-page.ui");
}

static void
clt_insights_page_init (CltInsightsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
