/* clt-source-icon.h: the icon of a kind of source system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *clt_source_icon_name (const char *kind);

G_END_DECLS
