/* clt-demo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GStrv    clt_demo_write  (const char    *dir,
                          guint          persons,
                          guint32        seed,
                          GError       **error);
gboolean clt_demo_import (const char    *workspace_path,
                          guint          persons,
                          guint32        seed,
                          GCancellable  *cancellable,
                          GError       **error);

G_END_DECLS
