/* clt-segment-catalogue.h: the fields, events, operators and states a condition may name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-types.h"

G_BEGIN_DECLS

const char * const *clt_segment_catalogue_list_fields  (CltConditionKind  kind);
const char * const *clt_segment_catalogue_list_states  (void);
const char * const *clt_segment_catalogue_list_channels (void);
const char         *clt_segment_catalogue_get_label    (const char       *id);
const char * const *clt_segment_catalogue_list_choices (const char       *field);
gboolean            clt_segment_catalogue_operator_fits (CltConditionKind kind,
                                                         const char      *field,
                                                         CltOperator      op);
const char         *clt_segment_operator_to_string     (CltOperator       op);
gboolean            clt_segment_operator_from_string   (const char       *text,
                                                        CltOperator      *op);

G_END_DECLS
