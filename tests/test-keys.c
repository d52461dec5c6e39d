/* test-keys.c: comparison keys and Jaro-Winkler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-core.h"

static void
test_names (void)
{
  struct { const char *name; const char *key; } cases[] = {
    { "Jürgen", "juergen" }, { "Juergen", "juergen" }, { "JÜRGEN", "juergen" },
    { "Weiß", "weiss" }, { "Zoë", "zoe" }, { "José", "jose" }, { "Öztürk", "oeztuerk" },
    { "Müller-Lüdenscheidt", "mueller luedenscheidt" }, { "  O'Neill ", "o neill" },
    { "Yılmaz", "yılmaz" }, { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = clt_key_name (cases[i].name);

      g_assert_cmpstr (key, ==, cases[i].key);
    }

  {
    g_auto(GStrv) parts = clt_key_name_parts ("Müller-Lüdenscheidt");

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    g_assert_cmpstr (parts[1], ==, "luedenscheidt");
  }
}

static void
test_nicknames (void)
{
  g_assert_cmpstr (clt_key_nickname ("hannes"), ==, "johannes");
  g_assert_cmpstr (clt_key_nickname ("kathi"), ==, "katharina");
  g_assert_cmpstr (clt_key_nickname ("bob"), ==, "robert");
  g_assert_cmpstr (clt_key_nickname ("anna"), ==, "anna");
}

static void
test_emails (void)
{
  struct { const char *email; const char *key; } cases[] = {
    { "anna.mueller+shop@gmail.com", "annamueller@gmail.com" },
    { "a.n.n.a@googlemail.com", "anna@gmail.com" },
    { "ben+newsletter@outlook.de", "ben@outlook.de" },
    /* Providers that deliver dots and tags as written keep them. */
    { "anna.mueller+shop@gmx.de", "anna.mueller+shop@gmx.de" },
    { "anna.mueller@web.de", "anna.mueller@web.de" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = clt_key_email (cases[i].email);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

static void
test_streets (void)
{
  struct { const char *street; const char *key; const char *number; } cases[] = {
    { "Hauptstr. 5a", "hauptstrasse", "5a" },
    { "Hauptstraße 5 a", "hauptstrasse", "5a" },
    { "Hauptstrase 5A", "hauptstrasse", "5a" },
    { "Bahnhof Str. 3", "bahnhof strasse", "3" },
    { "Am Markt 12-14", "am markt", "1214" },
    { "Leopoldstraße", "leopoldstrasse", NULL },
    { "Marienpl. 1", "marienplatz", "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = NULL;
      g_autofree char *key = clt_key_street (cases[i].street, &number);

      g_assert_cmpstr (key, ==, cases[i].key);
      g_assert_cmpstr (number, ==, cases[i].number);
    }
}

static void
test_jaro_winkler (void)
{
  /* The classic figures (Winkler 1990). */
  g_assert_cmpfloat_with_epsilon (clt_jaro_winkler ("MARTHA", "MARHTA"), 0.961, 0.001);
  g_assert_cmpfloat_with_epsilon (clt_jaro_winkler ("DWAYNE", "DUANE"), 0.840, 0.001);
  g_assert_cmpfloat_with_epsilon (clt_jaro_winkler ("DIXON", "DICKSONX"), 0.813, 0.001);
  g_assert_cmpfloat (clt_jaro_winkler ("müller", "müller"), ==, 1.0);
  g_assert_cmpfloat (clt_jaro_winkler ("abc", "xyz"), ==, 0.0);
  g_assert_cmpfloat (clt_jaro_winkler ("", ""), ==, 1.0);
  g_assert_cmpfloat (clt_jaro_winkler ("a", ""), ==, 0.0);
  /* Characters, not bytes: ü is one letter. */
  g_assert_cmpfloat (clt_jaro_winkler ("müller", "muller"), >, clt_jaro_winkler ("mueller", "muller") - 0.1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keys/names", test_names);
  g_test_add_func ("/keys/nicknames", test_nicknames);
  g_test_add_func ("/keys/emails", test_emails);
  g_test_add_func ("/keys/streets", test_streets);
  g_test_add_func ("/keys/jaro-winkler", test_jaro_winkler);

  return g_test_run ();
}
