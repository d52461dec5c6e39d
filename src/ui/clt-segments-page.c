/* clt-segments-page.c: saved audiences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segments-page"

#include "config.h"

#include "clt-segments-page.h"

struct _CltSegmentsPage
{
  CltPage parent_instance;
};

G_DEFINE_FINAL_TYPE (CltSegmentsPage, clt_segments_page, CLT_TYPE_PAGE)

static void
clt_segments_page_class_init (CltSegmentsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-segments-page.ui");
}

static void
clt_segments_page_init (CltSegmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
