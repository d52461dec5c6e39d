/* clt-sample.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-workspace.h"

G_BEGIN_DECLS

gboolean clt_sample_fill (CltWorkspace  *workspace,
                          guint          n_people,
                          guint32        seed,
                          GError       **error);

G_END_DECLS
