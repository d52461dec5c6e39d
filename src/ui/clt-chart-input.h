/* clt-chart-input.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* clt_chart_step(): the key does not move the selection */
#define CLT_CHART_STEP_NONE (-2)

int  clt_chart_step            (guint      keyval,
                                int        selected,
                                guint      n_items);
void clt_chart_add_controllers (GtkWidget *chart,
                                GCallback  motion,
                                GCallback  pointer_left,
                                GCallback  key_pressed,
                                GCallback  focus_left,
                                GCallback  style_changed);

G_END_DECLS
