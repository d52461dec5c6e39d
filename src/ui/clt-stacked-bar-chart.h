/* clt-stacked-bar-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_STACKED_BAR_CHART (clt_stacked_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (CltStackedBarChart, clt_stacked_bar_chart, CLT, STACKED_BAR_CHART, GtkWidget)

GtkWidget  *clt_stacked_bar_chart_new          (void);
void        clt_stacked_bar_chart_set_title    (CltStackedBarChart  *self,
                                                const char          *title);
void        clt_stacked_bar_chart_set_currency (CltStackedBarChart  *self,
                                                const char          *currency);
void        clt_stacked_bar_chart_set_data     (CltStackedBarChart  *self,
                                                const char * const  *bars,
                                                const char * const  *axis_labels,
                                                const char * const  *series,
                                                const gint64        *values);
guint       clt_stacked_bar_chart_get_n_bars   (CltStackedBarChart  *self);
gint64      clt_stacked_bar_chart_get_total    (CltStackedBarChart  *self);

G_END_DECLS
