/* clt-condition-row.h: one condition of the segment being built, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-canvas.h"

G_BEGIN_DECLS

#define CLT_TYPE_CONDITION_ROW (clt_condition_row_get_type ())

G_DECLARE_FINAL_TYPE (CltConditionRow, clt_condition_row, CLT, CONDITION_ROW, GtkWidget)

GtkWidget      *clt_condition_row_new       (CltSegmentCanvas *canvas,
                                             CltSegmentNode   *node);
CltSegmentNode *clt_condition_row_get_node  (CltConditionRow  *self);
void            clt_condition_row_set_count (CltConditionRow  *self,
                                             gint64            own,
                                             gint64            removes);
void            clt_condition_row_set_why_not (CltConditionRow *self,
                                             gboolean          fails);
void            clt_condition_row_update_actions (CltConditionRow *self);

G_END_DECLS
