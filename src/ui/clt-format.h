/* clt-format.h: numbers and dates as the user's locale writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *clt_format_count     (gint64     value);
char *clt_format_date_time (GDateTime *time);
char *clt_format_value     (const char *field,
                           const char *value);

G_END_DECLS
