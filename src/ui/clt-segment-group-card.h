/* clt-segment-group-card.h: a group of the segment being built, holding its children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-canvas.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_GROUP_CARD (clt_segment_group_card_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentGroupCard, clt_segment_group_card, CLT, SEGMENT_GROUP_CARD, GtkWidget)

GtkWidget       *clt_segment_group_card_new          (CltSegmentCanvas    *canvas,
                                                      CltSegmentGroup     *group,
                                                      guint                depth);
CltSegmentGroup *clt_segment_group_card_get_group    (CltSegmentGroupCard *self);
GtkWidget       *clt_segment_group_card_get_children (CltSegmentGroupCard *self);
GtkDropTarget   *clt_segment_group_card_get_drop_target (CltSegmentGroupCard *self);
void             clt_segment_group_card_set_count    (CltSegmentGroupCard *self,
                                                      gint64               own,
                                                      gint64               removes);
void             clt_segment_group_card_update_actions (CltSegmentGroupCard *self);
void             clt_segment_group_card_locate       (CltSegmentGroupCard *self,
                                                      double               y,
                                                      guint               *position,
                                                      CltSegmentNode     **onto);

G_END_DECLS
