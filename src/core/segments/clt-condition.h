/* clt-condition.h: one condition of a segment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-node.h"

G_BEGIN_DECLS

#define CLT_TYPE_CONDITION (clt_condition_get_type ())

G_DECLARE_FINAL_TYPE (CltCondition, clt_condition, CLT, CONDITION, CltSegmentNode)

CltCondition       *clt_condition_new              (CltConditionKind   kind,
                                                    const char        *field,
                                                    CltOperator        op,
                                                    const char * const *values);
CltConditionKind    clt_condition_get_kind         (CltCondition      *self);
void                clt_condition_set_kind         (CltCondition      *self,
                                                    CltConditionKind   kind);
const char         *clt_condition_get_field        (CltCondition      *self);
void                clt_condition_set_field        (CltCondition      *self,
                                                    const char        *field);
CltOperator         clt_condition_get_operator     (CltCondition      *self);
void                clt_condition_set_operator     (CltCondition      *self,
                                                    CltOperator        op);
const char * const *clt_condition_get_values       (CltCondition      *self);
void                clt_condition_set_values       (CltCondition      *self,
                                                    const char * const *values);
/* behaviour */
CltAggregate        clt_condition_get_aggregate    (CltCondition      *self);
void                clt_condition_set_aggregate    (CltCondition      *self,
                                                    CltAggregate       aggregate);
const char         *clt_condition_get_product      (CltCondition      *self);
void                clt_condition_set_product      (CltCondition      *self,
                                                    const char        *product);
const char         *clt_condition_get_store        (CltCondition      *self);
void                clt_condition_set_store        (CltCondition      *self,
                                                    const char        *store);
const char         *clt_condition_get_campaign     (CltCondition      *self);
void                clt_condition_set_campaign     (CltCondition      *self,
                                                    const char        *campaign);
const char         *clt_condition_get_amount_min   (CltCondition      *self);
void                clt_condition_set_amount_min   (CltCondition      *self,
                                                    const char        *amount);
const char         *clt_condition_get_amount_max   (CltCondition      *self);
void                clt_condition_set_amount_max   (CltCondition      *self,
                                                    const char        *amount);
CltTimeWindow       clt_condition_get_window       (CltCondition      *self);
void                clt_condition_set_window       (CltCondition      *self,
                                                    CltTimeWindow      window);
guint               clt_condition_get_window_days  (CltCondition      *self);
void                clt_condition_set_window_days  (CltCondition      *self,
                                                    guint              days);
const char         *clt_condition_get_window_from  (CltCondition      *self);
const char         *clt_condition_get_window_to    (CltCondition      *self);
void                clt_condition_set_window_dates (CltCondition      *self,
                                                    const char        *from,
                                                    const char        *to);
const char         *clt_condition_get_window_event (CltCondition      *self);
void                clt_condition_set_window_event (CltCondition      *self,
                                                    const char        *event);
/* consent: the field is the purpose */
const char         *clt_condition_get_channel      (CltCondition      *self);
void                clt_condition_set_channel      (CltCondition      *self,
                                                    const char        *channel);

G_END_DECLS
