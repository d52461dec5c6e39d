/* clt-node-widget-private.h: what condition rows and group cards share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-canvas.h"

G_BEGIN_DECLS

void        _clt_node_widget_class_add_actions (GtkWidgetClass *widget_class);
void        _clt_node_widget_update_actions    (GtkWidget      *widget,
                                                CltSegmentNode *node);
GtkWidget  *_clt_node_widget_new_handle        (GtkWidget      *widget,
                                                CltSegmentNode *node);
GtkWidget  *_clt_node_widget_new_menu_button   (CltSegmentNode *node);
void        _clt_node_widget_set_count         (GtkLabel       *count,
                                                GtkLabel       *removes,
                                                gint64          own,
                                                gint64          removes_n);

G_END_DECLS
