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
  g_test_add_func ("/format/english", test_english);

  return g_test_run ();
}
