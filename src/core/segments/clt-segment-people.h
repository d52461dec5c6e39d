/* clt-segment-people.h: who a segment's members are, and when they were last looked at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-identity.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

GPtrArray *clt_segment_store_list_people   (CltWorkspace  *workspace,
                                            const gint64  *ids,
                                            guint          n_ids,
                                            GError       **error);
gboolean   clt_segment_store_get_looked_at (CltWorkspace  *workspace,
                                            gint64         id,
                                            char         **looked_at,
                                            GError       **error);

G_END_DECLS
