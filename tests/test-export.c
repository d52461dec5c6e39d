/* test-export.c: audiences written for newsletter tools, spreadsheets and address books
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-core.h"

static const CltExportRecord anna = {
  .profile_id = 7, .email = "anna@example.de", .first_name = "Anna", .last_name = "Müller, geb. Schmidt",
  .phone = "+49 171 2345678", .street = "Hauptstr. 5", .postcode = "01067", .city = "Dresden", .country = "DE",
  .birthday = "1980-04-23", .company = "=HYPERLINK(\"http://evil\")", .spend = "1234.56", .orders = "3",
  .legal_basis = "consent",
};

static char *
write_all (CltExportFormat     format,
           const char * const *columns,
           char              **sha256)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(CltExportWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;
  g_autofree char *text = NULL;

  writer = clt_export_writer_new (format, columns, stream, &error);
  g_assert_no_error (error);
  g_assert_true (clt_export_writer_add (writer, &anna, NULL, &error));
  g_assert_true (clt_export_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_export_writer_get_count (writer), ==, 1);

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (sha256)
    {
      g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

      g_assert_cmpstr (clt_export_writer_get_sha256 (writer), ==, expected);
      *sha256 = g_strdup (expected);
    }
  g_bytes_unref (bytes);

  return g_steal_pointer (&text);
}

static void
test_neutralise (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "=1+2", "'=1+2" },
    { "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0" },
    { "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0" },
    { "@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0" },
    { "\t=1", "'\t=1" },
    { "\r=1", "'\r=1" },
    { "+49 171 2345678", "+49 171 2345678" },
    { "-12.50", "-12.50" },
    { "Anna", "Anna" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = clt_export_neutralise (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_mailchimp (void)
{
  g_autofree char *sha = NULL;
  g_autofree char *text = write_all (CLT_EXPORT_FORMAT_MAILCHIMP, NULL, &sha);

  g_assert_cmpstr (text, ==,
                   "Email Address,First Name,Last Name,Address,Phone Number,Birthday\r\n"
                   "anna@example.de,Anna,\"Müller, geb. Schmidt\",Hauptstr. 5  Dresden    01067  DE,+49 171 2345678,04/23\r\n");
  g_assert_cmpuint (strlen (sha), ==, 64);
}

static void
test_brevo_cleverreach (void)
{
  g_autofree char *brevo = write_all (CLT_EXPORT_FORMAT_BREVO, NULL, NULL);
  g_autofree char *cleverreach = write_all (CLT_EXPORT_FORMAT_CLEVERREACH, NULL, NULL);

  g_assert_cmpstr (brevo, ==, "EMAIL,FIRSTNAME,LASTNAME,SMS\r\nanna@example.de,Anna,\"Müller, geb. Schmidt\",491712345678\r\n");
  g_assert_cmpstr (cleverreach, ==,
                   "email;firstname;lastname;street;zip;city;country\r\n"
                   "anna@example.de;Anna;Müller, geb. Schmidt;Hauptstr. 5;01067;Dresden;DE\r\n");
}

static void
test_csv_columns (void)
{
  g_autofree char *text = write_all (CLT_EXPORT_FORMAT_CSV,
                                     (const char * const[]) { "last_name", "company", "spend", "legal_basis", NULL }, NULL);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CltExportWriter) writer = NULL;

  /* The formula stays text; the quotes in it are doubled. */
  g_assert_cmpstr (text, ==,
                   "last_name,company,spend,legal_basis\r\n"
                   "\"Müller, geb. Schmidt\",\"'=HYPERLINK(\"\"http://evil\"\")\",1234.56,consent\r\n");

  writer = clt_export_writer_new (CLT_EXPORT_FORMAT_CSV, (const char * const[]) { "email", "password", NULL }, stream, &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_vcard (void)
{
  g_autofree char *text = write_all (CLT_EXPORT_FORMAT_VCARD, NULL, NULL);

  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller\\, geb. Schmidt;Anna;;;\r\n"));
  g_assert_nonnull (strstr (text, "EMAIL;TYPE=INTERNET:anna@example.de\r\n"));
  g_assert_nonnull (strstr (text, "ADR:;;Hauptstr. 5;Dresden;;01067;DE\r\n"));
  g_assert_nonnull (strstr (text, "BDAY:1980-04-23\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCARD\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/neutralise", test_neutralise);
  g_test_add_func ("/export/mailchimp", test_mailchimp);
  g_test_add_func ("/export/brevo-cleverreach", test_brevo_cleverreach);
  g_test_add_func ("/export/csv-columns", test_csv_columns);
  g_test_add_func ("/export/vcard", test_vcard);

  return g_test_run ();
}
