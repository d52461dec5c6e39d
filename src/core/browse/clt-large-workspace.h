/* clt-large-workspace.h: a workspace of invented customers at scale, for measuring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean clt_large_workspace_write (const char  *path,
                                    guint        n_profiles,
                                    guint        n_events,
                                    guint        seed,
                                    GError     **error);

G_END_DECLS
