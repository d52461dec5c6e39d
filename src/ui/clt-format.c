/* clt-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-format"

#include "config.h"

#include <stdio.h>
#include <string.h>

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

/**
 * clt_format_value:
 * @field: the id of the field @value belongs to, such as "birthday"
 *
 * Returns: (transfer full): @value as the locale writes it: a birthday "1974-10-26" as
 *   26.10.1974 or 10/26/1974, one without a year ("--10-26") as 26.10. or 10/26; other
 *   values as they are
 */
char *
clt_format_value (const char *field,
                  const char *value)
{
  int year = 2000, month, day;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *full = NULL;

  if (value == NULL || g_strcmp0 (field, "birthday") != 0 ||
      !(sscanf (value, "%4d-%2d-%2d", &year, &month, &day) == 3 || sscanf (value, "--%2d-%2d", &month, &day) == 2) ||
      !(date = g_date_time_new_utc (year, month, day, 0, 0, 0)))
    return g_strdup (value);

  full = g_date_time_format (date, "%x");
  if (!g_str_has_prefix (value, "--"))
    return g_steal_pointer (&full);

  {
    /* Without the year: the locale's date with its year and the separator before it taken out. */
    g_autofree char *year_text = g_date_time_format (date, "%Y");
    char *at = strstr (full, year_text);
    GString *out = g_string_new (NULL);

    if (at == NULL)
      return g_strdup (value);
    g_string_append_len (out, full, at - full);
    if (at == full)
      {
        /* 2000-10-26 */
        const char *rest = at + strlen (year_text);

        while (*rest && !g_ascii_isdigit (*rest))
          rest++;
        g_string_append (out, rest);
      }
    else if (out->len > 0 && out->str[out->len - 1] == '/')
      g_string_truncate (out, out->len - 1);
    return g_string_free (out, FALSE);
  }
}
