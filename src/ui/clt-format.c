/* clt-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-format"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
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

/**
 * clt_format_parse_time:
 * @iso: an ISO 8601 date ("2024-12-31") or date and time
 *
 * Returns: (transfer full) (nullable): the time, a date alone at midnight UTC
 */
GDateTime *
clt_format_parse_time (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int year, month, day;
  char end;

  if (iso == NULL)
    return NULL;
  if (sscanf (iso, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3)
    return g_date_time_new_utc (year, month, day, 0, 0, 0);

  return g_date_time_new_from_iso8601 (iso, utc);
}

/**
 * clt_format_date:
 *
 * Returns: (transfer full): @iso as the locale writes a date ("31.12.2024"), or "" when it
 *   is not a date
 */
char *
clt_format_date (const char *iso)
{
  g_autoptr(GDateTime) time = clt_format_parse_time (iso);

  return time ? g_date_time_format (time, "%x") : g_strdup ("");
}

static gint64
days_between (GDateTime *earlier,
              GDateTime *later)
{
  g_autoptr(GDateTime) a = g_date_time_new_utc (g_date_time_get_year (earlier), g_date_time_get_month (earlier),
                                                g_date_time_get_day_of_month (earlier), 0, 0, 0);
  g_autoptr(GDateTime) b = g_date_time_new_utc (g_date_time_get_year (later), g_date_time_get_month (later),
                                                g_date_time_get_day_of_month (later), 0, 0, 0);

  return g_date_time_difference (b, a) / G_TIME_SPAN_DAY;
}

/**
 * clt_format_day:
 *
 * Returns: (transfer full): a timeline's day heading: "Today", "Yesterday" or the weekday and
 *   date
 */
char *
clt_format_day (GDateTime *day,
                GDateTime *now)
{
  gint64 days = days_between (day, now);

  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));

  /* Translators: a day heading, as strftime writes it: "Monday, 31.12.2024" */
  return g_date_time_format (day, _("%A, %x"));
}

/**
 * clt_format_relative:
 *
 * Returns: (transfer full): how long ago @iso was: "today", "3 days ago", "2 years ago"
 */
char *
clt_format_relative (const char *iso,
                     GDateTime  *now)
{
  g_autoptr(GDateTime) time = clt_format_parse_time (iso);
  gint64 days;

  if (time == NULL)
    return g_strdup ("");

  days = days_between (time, now);
  if (days < 0)
    return clt_format_date (iso);
  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));
  if (days < 31)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), (int) days);
  if (days < 365)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago", days / 30),
                            (int) (days / 30));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year ago", "%d years ago", days / 365),
                          (int) (days / 365));
}

/* @number with the currency's symbol or code where the locale puts it. */
static char *
with_currency (const char *number,
               const char *currency)
{
  static const struct { const char *code; const char *symbol; } symbols[] = {
    { "EUR", "€" }, { "USD", "$" }, { "GBP", "£" }, { "JPY", "¥" },
  };
  const char *symbol = currency ? currency : "€";
  struct lconv *conv = localeconv ();
  gboolean before = conv->p_cs_precedes == 1;

  for (guint i = 0; currency && i < G_N_ELEMENTS (symbols); i++)
    if (g_str_equal (currency, symbols[i].code))
      symbol = symbols[i].symbol;

  /* A code goes apart from the number; a sign before it goes next to it in English. */
  if (before)
    return g_strdup_printf (g_utf8_strlen (symbol, -1) > 1 ? "%s\u00a0%s" : "%s%s", symbol, number);

  return g_strdup_printf ("%s\u00a0%s", number, symbol);
}

/**
 * clt_format_money:
 * @currency: (nullable): an ISO 4217 code, such as "EUR"
 *
 * Returns: (transfer full): @cents as the locale writes an amount: "1.284,50 €" in German,
 *   "€1,284.50" in English
 */
char *
clt_format_money (gint64      cents,
                  const char *currency)
{
  g_autofree char *number = g_strdup_printf ("%'.2f", cents / 100.0);

  return with_currency (number, currency);
}

/**
 * clt_format_money_whole:
 * @currency: (nullable): an ISO 4217 code, such as "EUR"
 *
 * Returns: (transfer full): @cents rounded to whole units, as on a chart's axis: "1.285 €"
 */
char *
clt_format_money_whole (gint64      cents,
                        const char *currency)
{
  g_autofree char *number = g_strdup_printf ("%'.0f", cents / 100.0);

  return with_currency (number, currency);
}
