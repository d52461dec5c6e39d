/* test-export.c: audiences written for newsletter tools, spreadsheets and address books
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-core.h"
#include "clt-test-utils.h"
#include "clt-workspace-private.h"

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

/* The demo business, imported: its Mailchimp unsubscribed file's addresses, lower case. */
static char *demo_dir;
static char *demo_workspace;
static GPtrArray *unsubscribed;

static void
make_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  demo_dir = clt_test_make_tmp_dir ("clt-export");
  demo_workspace = g_build_filename (demo_dir, "demo.sqlite3", NULL);
  g_assert_true (clt_demo_import (demo_workspace, 200, 5, NULL, &error));
  g_assert_no_error (error);

  /* The same persons and seed write the same files. */
  paths = clt_demo_write (demo_dir, 200, 5, &error);
  g_assert_no_error (error);
  unsubscribed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; paths[i]; i++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!strstr (paths[i], "unsubscribed_members"))
        continue;
      g_assert_true (g_file_get_contents (paths[i], &text, NULL, &error));
      lines = g_strsplit (text, "\n", -1);
      for (guint j = 1; lines[j]; j++)
        {
          g_autofree char *address = g_strndup (lines[j], strcspn (lines[j], ",\r"));

          g_strstrip (address);
          if (strchr (address, '@'))
            g_ptr_array_add (unsubscribed, g_ascii_strdown (g_strdelimit (address, "\"", ' '), -1));
        }
    }
  for (guint i = 0; i < unsubscribed->len; i++)
    g_strstrip (g_ptr_array_index (unsubscribed, i));
  g_assert_cmpuint (unsubscribed->len, >, 5);
}

static void
assert_no_unsubscribed (const char *path)
{
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lower = g_ascii_strdown (text, -1);
  for (guint i = 0; i < unsubscribed->len; i++)
    if (strstr (lower, g_ptr_array_index (unsubscribed, i)))
      g_error ("%s holds the unsubscribed address %s", path, (const char *) g_ptr_array_index (unsubscribed, i));
}

/* After a Mailchimp unsubscribed file is imported, no export for e-mail marketing holds an
 * unsubscribed address, in any format, of everyone or of a segment; each export is recorded
 * with its file's hash. */
static void
test_unsubscribed_never_exported (void)
{
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltSegmentGroup) everyone = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
  g_autoptr(GError) error = NULL;
  gint64 segment;

  workspace = clt_workspace_open (demo_workspace, &error);
  g_assert_no_error (error);
  segment = clt_segment_store_save (workspace, "Alle", everyone, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error);
  g_assert_no_error (error);

  for (CltExportFormat format = CLT_EXPORT_FORMAT_MAILCHIMP; format <= CLT_EXPORT_FORMAT_VCARD; format++)
    for (guint by_segment = 0; by_segment < 2; by_segment++)
      {
        g_autoptr(CltExporter) exporter = clt_exporter_new (demo_workspace);
        g_autoptr(CltEligibility) eligibility = NULL;
        g_autofree char *name = g_strdup_printf ("out-%d-%u.%s", format, by_segment, clt_export_format_get_extension (format));
        g_autofree char *path = g_build_filename (demo_dir, name, NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autofree char *hash = NULL;
        g_autofree char *text = NULL;
        gsize length;
        gint64 export_id = 0;

        if (by_segment)
          clt_exporter_set_segment (exporter, segment);
        clt_exporter_set_purpose (exporter, "email_marketing");
        clt_exporter_set_format (exporter, format);
        eligibility = clt_exporter_run (exporter, file, &export_id, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpint (export_id, >, 0);
        g_assert_cmpint (clt_eligibility_get_n_eligible (eligibility), >, 0);
        g_assert_cmpint (clt_eligibility_get_n_excluded (eligibility, CLT_EXCLUSION_WITHDRAWN), >, 0);
        assert_no_unsubscribed (path);

        /* On record, with the file's hash and count. */
        g_assert_true (g_file_get_contents (path, &text, &length, NULL));
        hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
        {
          g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
              "SELECT file_sha256, row_count, purpose, (SELECT count (*) FROM export_recipients r WHERE r.export_id = e.id) "
              "FROM exports e WHERE id = ?1", &error);

          g_assert_no_error (error);
          sqlite3_bind_int64 (stmt, 1, export_id);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, hash);
          g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, clt_eligibility_get_n_eligible (eligibility));
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "email_marketing");
          g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, clt_eligibility_get_n_eligible (eligibility));
        }
      }
}

/* The CLI exports and says how many were left out, and why. */
static void
test_cli_export (void)
{
  g_autofree char *path = g_build_filename (demo_dir, "cli.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CLT_CLI");
  int status;

  if (cli == NULL)
    {
      g_test_skip ("CLT_CLI is not set");
      return;
    }

  {

  const char *csv_args[] = { cli, "-w", demo_workspace, "export", "--all", "--purpose", "email_marketing", "--format",
                             "csv", "--columns", "email,first_name,legal_basis", "-o", path, NULL };
  const char *bad_args[] = { cli, "-w", demo_workspace, "export", "--all", "--purpose", "email_marketing", "--format",
                             "excel", "-o", path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) csv_args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "Exported "));
  g_assert_nonnull (strstr (out, "excluded"));
  assert_no_unsubscribed (path);

  g_free (out);
  g_free (err);
  g_assert_true (g_spawn_sync (NULL, (char **) bad_args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  make_demo ();

  g_test_add_func ("/export/neutralise", test_neutralise);
  g_test_add_func ("/export/mailchimp", test_mailchimp);
  g_test_add_func ("/export/brevo-cleverreach", test_brevo_cleverreach);
  g_test_add_func ("/export/csv-columns", test_csv_columns);
  g_test_add_func ("/export/vcard", test_vcard);
  g_test_add_func ("/export/unsubscribed-never-exported", test_unsubscribed_never_exported);
  g_test_add_func ("/export/cli", test_cli_export);

  status = g_test_run ();

  g_ptr_array_unref (unsubscribed);
  g_free (demo_workspace);
  g_free (demo_dir);

  return status;
}
