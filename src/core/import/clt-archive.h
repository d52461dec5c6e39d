/* clt-archive.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean    clt_archive_is_zip  (GFile        *file);
GPtrArray  *clt_archive_extract    (GFile        *file,
                                    const char   *dir,
                                    GError      **error);
void        clt_archive_remove_dir (const char   *dir);

G_END_DECLS
