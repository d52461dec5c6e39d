/* clt-segment-member.h: a profile, and why it is in a segment or not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_MEMBER (clt_segment_member_get_type ())

typedef struct _CltSegmentMember CltSegmentMember;

GType               clt_segment_member_get_type      (void) G_GNUC_CONST;
CltSegmentMember   *clt_segment_member_ref           (CltSegmentMember *self);
void                clt_segment_member_unref         (CltSegmentMember *self);
gint64              clt_segment_member_get_id        (CltSegmentMember *self);
const char         *clt_segment_member_get_name      (CltSegmentMember *self);
gboolean            clt_segment_member_get_is_member (CltSegmentMember *self);
const char * const *clt_segment_member_get_paths     (CltSegmentMember *self);
const char * const *clt_segment_member_get_values    (CltSegmentMember *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSegmentMember, clt_segment_member_unref)

G_END_DECLS
