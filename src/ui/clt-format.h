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
GDateTime *clt_format_parse_time (const char *iso);
char *clt_format_date      (const char *iso);
char *clt_format_day       (GDateTime  *day,
                           GDateTime  *now);
char *clt_format_relative  (const char *iso,
                           GDateTime  *now);
char *clt_format_money     (gint64      cents,
                           const char *currency);
char *clt_format_money_whole (gint64    cents,
                           const char *currency);

G_END_DECLS
