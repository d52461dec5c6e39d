/* test-format.c: numbers and dates follow the locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "clt-format.h"

static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_test_skip_printf ("the locale %s is not installed", name);
      return FALSE;
    }

  return TRUE;
}

static void
test_german (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2024, 12, 31, 10, 30, 0);
  g_autofree char *count = NULL;
  g_autofree char *date = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *day_month = NULL;
  g_autofree char *other = NULL;

  if (!use_locale ("de_DE.UTF-8"))
    return;

  count = clt_format_count (1234567);
  g_assert_cmpstr (count, ==, "1.234.567");

  date = clt_format_date_time (time);
  g_assert_cmpstr (date, ==, "31.12.2024 11:30");

  birthday = clt_format_value ("birthday", "1974-10-26");
  g_assert_cmpstr (birthday, ==, "26.10.1974");
  day_month = clt_format_value ("birthday", "--10-26");
  g_assert_cmpstr (day_month, ==, "26.10.");
  other = clt_format_value ("city", "1974-10-26");
  g_assert_cmpstr (other, ==, "1974-10-26");

  {
    g_autofree char *money = clt_format_money (128450, "EUR");
    g_autofree char *dollars = clt_format_money (-999, "USD");
    g_autofree char *francs = clt_format_money (5000, "CHF");
    g_autofree char *plain = clt_format_date ("2024-12-31");
    g_autofree char *timed = clt_format_date ("2024-12-31T23:30:00Z");

    g_assert_cmpstr (money, ==, "1.284,50\u00a0€");
    g_assert_cmpstr (dollars, ==, "-9,99\u00a0$");
    g_assert_cmpstr (francs, ==, "50,00\u00a0CHF");
    g_assert_cmpstr (plain, ==, "31.12.2024");
    g_assert_cmpstr (timed, ==, "31.12.2024");
  }
}

/* Days and how long ago, as a timeline and a customer's facts say them. */
static void
test_relative (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new_utc (2026, 11, 22, 23, 0, 0);
  g_autoptr(GDateTime) long_ago = g_date_time_new_utc (2024, 12, 31, 0, 0, 0);
  g_autofree char *today = NULL;
  g_autofree char *one = NULL;
  g_autofree char *weekday = NULL;
  g_autofree char *days = NULL;
  g_autofree char *months = NULL;
  g_autofree char *years = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;

  today = clt_format_day (now, now);
  one = clt_format_day (yesterday, now);
  weekday = clt_format_day (long_ago, now);
  g_assert_cmpstr (today, ==, "Today");
  g_assert_cmpstr (one, ==, "Yesterday");
  g_assert_true (g_str_has_prefix (weekday, "Tuesday, "));

  days = clt_format_relative ("2026-11-20", now);
  months = clt_format_relative ("2026-08-01T10:00:00Z", now);
  years = clt_format_relative ("2024-11-01", now);
  g_assert_cmpstr (days, ==, "3 days ago");
  g_assert_cmpstr (months, ==, "3 months ago");
  g_assert_cmpstr (years, ==, "2 years ago");
}

static void
test_english (void)
{
  g_autofree char *count = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *day_month = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;

  count = clt_format_count (12480);
  g_assert_cmpstr (count, ==, "12,480");

  birthday = clt_format_value ("birthday", "1974-10-26");
  g_assert_cmpstr (birthday, ==, "10/26/1974");
  day_month = clt_format_value ("birthday", "--10-26");
  g_assert_cmpstr (day_month, ==, "10/26");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/german", test_german);
  g_test_add_func ("/format/relative", test_relative);
  g_test_add_func ("/format/english", test_english);

  return g_test_run ();
}
