/* clt-segment-json.h: segment definitions as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-group.h"

G_BEGIN_DECLS

char            *clt_segment_definition_to_json   (CltSegmentGroup  *root);
CltSegmentGroup *clt_segment_definition_from_json (const char       *json,
                                                   gssize            length,
                                                   GError          **error);

G_END_DECLS
