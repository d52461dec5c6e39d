/* clt-browse-private.h: keeping the profile browser's facts and search words current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-workspace.h"

G_BEGIN_DECLS

/* What a missing text sort key is stored as: U+10FFFF, after every other text. */
#define CLT_BROWSE_MISSING "\xf4\x8f\xbf\xbf"

gboolean _clt_browse_register_functions (sqlite3       *db);
gboolean _clt_browse_refresh            (CltWorkspace  *workspace,
                                         gboolean       all,
                                         GError       **error);
char    *_clt_browse_city_key           (const char    *city);
gboolean _clt_fact_sets_refresh         (CltWorkspace  *workspace,
                                         gboolean       all,
                                         gboolean       changed,
                                         GError       **error);

G_END_DECLS
