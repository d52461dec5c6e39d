/* clt-segment-member-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment-member.h"

G_BEGIN_DECLS

struct _CltSegmentMember
{
  gint64     id;
  char      *name;
  gboolean   is_member;
  GPtrArray *paths;
  GPtrArray *values;
};

CltSegmentMember *_clt_segment_member_new (gint64            id,
                                           const char       *name,
                                           gboolean          is_member);
void              _clt_segment_member_add (CltSegmentMember *self,
                                           const char       *path,
                                           const char       *value);

G_END_DECLS
