/* clt-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-format"

#include "config.h"

#include "clt-format.h"

/**
 * clt_format_count:
 *
 * Returns: (transfer full): @value with the locale's digit grouping: 12,480 or 12.480
 */
char *
clt_format_count (gint64 value)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

/**
 * clt_format_date_time:
 *
 * Returns: (transfer full): @time in local time, in the locale's date and time format
 */
char *
clt_format_date_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);

  return g_date_time_format (local, "%x %H:%M");
}
