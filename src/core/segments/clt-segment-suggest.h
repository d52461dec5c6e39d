/* clt-segment-suggest.h: values from the data, offered while a condition is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-workspace.h"

G_BEGIN_DECLS

gboolean  clt_segment_suggest_offers (const char    *field);
char    **clt_segment_suggest        (CltWorkspace  *workspace,
                                      const char    *field,
                                      const char    *prefix,
                                      guint          limit,
                                      GCancellable  *cancellable,
                                      GError       **error);

G_END_DECLS
