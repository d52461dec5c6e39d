/* test-value.c: dates, amounts, yes/no, e-mails, phones, countries, postcodes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-core.h"

static void
test_dates (void)
{
  struct { const char *text; CltDateOrder order; const char *iso; } ok[] = {
    { "2024-12-31", CLT_DATE_ORDER_DMY, "2024-12-31" },
    { "31.12.2024", CLT_DATE_ORDER_DMY, "2024-12-31" },
    { "1.2.2024", CLT_DATE_ORDER_DMY, "2024-02-01" },
    { "31.12.24", CLT_DATE_ORDER_DMY, "2024-12-31" },
    { "31/12/2024", CLT_DATE_ORDER_DMY, "2024-12-31" },
    { "12/31/2024", CLT_DATE_ORDER_MDY, "2024-12-31" },
    { "29.02.2024", CLT_DATE_ORDER_DMY, "2024-02-29" },
    { "2024-12-31 10:22:11", CLT_DATE_ORDER_DMY, "2024-12-31T10:22:11Z" },
    { "2024-12-31T10:22:11Z", CLT_DATE_ORDER_DMY, "2024-12-31T10:22:11Z" },
    { "2024-12-31T10:22:11+01:00", CLT_DATE_ORDER_DMY, "2024-12-31T09:22:11Z" },
    { "2024-06-01 00:30:00 +0200", CLT_DATE_ORDER_DMY, "2024-05-31T22:30:00Z" },
    { "31.12.2024 23:59", CLT_DATE_ORDER_DMY, "2024-12-31T23:59:00Z" },
    { "2025-03-04 12:00:00 UTC", CLT_DATE_ORDER_DMY, "2025-03-04T12:00:00Z" },
    { "3/1/2024 9:05 PM", CLT_DATE_ORDER_MDY, "2024-03-01T21:05:00Z" },
    { "3/1/2024 12:30 am", CLT_DATE_ORDER_MDY, "2024-03-01T00:30:00Z" },
  };
  /* 0224-…: a year no customer record has; found by fuzzing. */
  const char *bad[] = { "31.02.2024", "12/31/2024", "2024-13-01", "gestern", "", "1.1.", "2024-12-31T25:00", "31.12.2024x",
                        "0224-12-31T10:00:00+01:00", "31.12.1066", "3/1/2024 13:05 PM" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = clt_value_parse_date (ok[i].text, ok[i].order, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, ok[i].iso);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = clt_value_parse_date (bad[i], CLT_DATE_ORDER_DMY, &error);

      g_assert_null (iso);
      g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW);
    }
}

static void
test_birthdays (void)
{
  g_autofree char *mailchimp = clt_value_parse_birthday ("12/31", CLT_DATE_ORDER_MDY, NULL);
  g_autofree char *german = clt_value_parse_birthday ("31.12.", CLT_DATE_ORDER_DMY, NULL);
  g_autofree char *full = clt_value_parse_birthday ("03.04.1980", CLT_DATE_ORDER_DMY, NULL);
  g_autofree char *leap = clt_value_parse_birthday ("02/29", CLT_DATE_ORDER_MDY, NULL);
  g_autofree char *bad = clt_value_parse_birthday ("02/30", CLT_DATE_ORDER_MDY, NULL);

  g_assert_cmpstr (mailchimp, ==, "--12-31");
  g_assert_cmpstr (german, ==, "--12-31");
  g_assert_cmpstr (full, ==, "1980-04-03");
  g_assert_cmpstr (leap, ==, "--02-29");
  g_assert_null (bad);
}

static void
test_amounts (void)
{
  struct { const char *text; CltNumberStyle style; gint64 cents; } ok[] = {
    { "1.234,56", CLT_NUMBER_STYLE_AUTO, 123456 },
    { "1,234.56", CLT_NUMBER_STYLE_AUTO, 123456 },
    { "12,5", CLT_NUMBER_STYLE_AUTO, 1250 },
    { "12.50", CLT_NUMBER_STYLE_AUTO, 1250 },
    { "'42.00", CLT_NUMBER_STYLE_AUTO, 4200 },
    { "5 €", CLT_NUMBER_STYLE_AUTO, 500 },
    { "EUR 99", CLT_NUMBER_STYLE_AUTO, 9900 },
    { "-3,50", CLT_NUMBER_STYLE_AUTO, -350 },
    { "1.234.567", CLT_NUMBER_STYLE_AUTO, 123456700 },
    { "1.234", CLT_NUMBER_STYLE_DECIMAL_COMMA, 123400 },
    { "0,005", CLT_NUMBER_STYLE_DECIMAL_COMMA, 1 },
    { "2.675", CLT_NUMBER_STYLE_DECIMAL_POINT, 268 },
    { "1 234,56", CLT_NUMBER_STYLE_AUTO, 123456 },
  };
  const char *bad[] = { "", "abc", "12,3,4x", "1-2", "zwölf", "€" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 cents = 0;

      g_assert_true (clt_value_parse_amount (ok[i].text, ok[i].style, &cents, &error));
      g_assert_no_error (error);
      g_assert_cmpint (cents, ==, ok[i].cents);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 cents;

      g_assert_false (clt_value_parse_amount (bad[i], CLT_NUMBER_STYLE_AUTO, &cents, &error));
      g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_BAD_ROW);
    }
}

static void
test_bools (void)
{
  const char *yes[] = { "yes", "TRUE", "ja", "Ja", "1", "x", " y " };
  const char *no[] = { "no", "false", "nein", "0", "N" };
  gboolean value;

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_assert_true (clt_value_parse_bool (yes[i], &value, NULL));
      g_assert_true (value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      g_assert_true (clt_value_parse_bool (no[i], &value, NULL));
      g_assert_false (value);
    }
  g_assert_false (clt_value_parse_bool ("vielleicht", &value, NULL));
}

static void
test_emails (void)
{
  struct { const char *text; const char *normal; } ok[] = {
    { "  Anna.Mueller@Example.COM ", "anna.mueller@example.com" },
    { "Anna Müller <anna@example.de>", "anna@example.de" },
    { "mailto:ben@example.org", "ben@example.org" },
    { "jürgen@müller.de", "jürgen@müller.de" },
  };
  const char *bad[] = { "", "anna", "anna@", "@example.com", "a@b", "a b@example.com", "a@@example.com", "a@example." };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *normal = clt_value_normalise_email (ok[i].text, NULL);

      g_assert_cmpstr (normal, ==, ok[i].normal);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = clt_value_normalise_email (bad[i], &error);

      g_assert_null (normal);
      g_assert_nonnull (error);
    }
}

static void
test_phones (void)
{
  struct { const char *text; const char *country; const char *e164; } ok[] = {
    { "089 1234567", NULL, "+49891234567" },
    { "+49 (0)89 12 34 56-7", NULL, "+49891234567" },
    { "0049 89 1234567", "DE", "+49891234567" },
    { "01 234 56 78", "Österreich", "+4312345678" },
    { "044 123 45 67", "Schweiz", "+41441234567" },
    { "0151/12345678", "Deutschland", "+4915112345678" },
    { "(415) 555-0134", "USA", "+14155550134" },
    { "'+43 664 1234567", NULL, "+436641234567" },
  };
  const char *bad[] = { "", "n/a", "123", "+49 89 CALL-NOW", "0000000000000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *e164 = clt_value_normalise_phone (ok[i].text, ok[i].country, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, ok[i].e164);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *e164 = clt_value_normalise_phone (bad[i], NULL, &error);

      g_assert_null (e164);
      g_assert_nonnull (error);
    }
}

static void
test_countries (void)
{
  struct { const char *text; const char *code; } cases[] = {
    { "Deutschland", "DE" }, { "Germany", "DE" }, { "de", "DE" }, { "DEU", "DE" },
    { "Österreich", "AT" }, { "Oesterreich", "AT" }, { "Schweiz", "CH" }, { "Switzerland", "CH" },
    { "United Kingdom", "GB" }, { "Vereinigtes Königreich", "GB" }, { "Niederlande", "NL" },
    { "Atlantis", NULL }, { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = clt_value_normalise_country (cases[i].text);

      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

/* Bytes that are no UTF-8 are refused, not read past their end; found by fuzzing. */
static void
test_invalid_utf8 (void)
{
  const char *texts[] = { "\xf0", "a@b.de\xf4", "\xe2\x82", "Deutschl\xe4nd", "12,\xf0\x9f" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *email = clt_value_normalise_email (texts[i], NULL);
      g_autofree char *country = clt_value_normalise_country (texts[i]);
      gint64 cents;

      g_assert_null (email);
      g_assert_null (country);
      g_assert_false (clt_value_parse_amount (texts[i], CLT_NUMBER_STYLE_AUTO, &cents, NULL));
    }
}

static void
test_postcodes (void)
{
  g_autofree char *leipzig = clt_value_normalise_postcode (" 04109 ");
  g_autofree char *quoted = clt_value_normalise_postcode ("'01067");
  g_autofree char *british = clt_value_normalise_postcode ("sw1a 1aa");

  g_assert_cmpstr (leipzig, ==, "04109");
  g_assert_cmpstr (quoted, ==, "01067");
  g_assert_cmpstr (british, ==, "SW1A 1AA");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value/dates", test_dates);
  g_test_add_func ("/value/birthdays", test_birthdays);
  g_test_add_func ("/value/amounts", test_amounts);
  g_test_add_func ("/value/bools", test_bools);
  g_test_add_func ("/value/emails", test_emails);
  g_test_add_func ("/value/phones", test_phones);
  g_test_add_func ("/value/countries", test_countries);
  g_test_add_func ("/value/postcodes", test_postcodes);
  g_test_add_func ("/value/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
