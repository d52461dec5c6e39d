/* test-import.c: importing every preset, updates, undo, dry runs and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>

#include "clt-core.h"
#include "clt-workspace-private.h"

typedef struct
{
  char *dir;
  char *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = clt_test_make_tmp_dir ("clt-import");
  fixture->workspace = g_build_filename (fixture->dir, "workspace.sqlite3", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->dir);
  g_free (fixture->workspace);
}

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);

  return g_file_new_for_path (path);
}

static CltImporter *
import (Fixture    *fixture,
        GFile      *file,
        gboolean    dry_run,
        GError    **error)
{
  CltImporter *importer = clt_importer_new (fixture->workspace, file);

  if (!clt_importer_run (importer, dry_run, NULL, error))
    g_clear_object (&importer);

  return importer;
}

static CltImporter *
import_ok (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GFile) file = data_file (name);
  g_autoptr(GError) error = NULL;
  CltImporter *importer = import (fixture, file, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (importer);

  return importer;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql,
           const char *arg)
{
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->workspace, NULL);
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (Fixture    *fixture,
            const char *sql,
            const char *arg)
{
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->workspace, NULL);
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Every table's row count, to compare a workspace before and after. */
static char *
snapshot (Fixture *fixture)
{
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->workspace, NULL);
  g_autoptr(GArray) counts = clt_workspace_count_tables (workspace, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (counts, CltTableCount, i);

      /* The audit log and the list of imports keep undone imports. */
      if (!g_str_equal (count->table, "audit_log") && !g_str_equal (count->table, "import_batches"))
        g_string_append_printf (out, "%s=%" G_GINT64_FORMAT " ", count->table, count->rows);
    }

  return g_string_free (out, FALSE);
}

static void
test_presets (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct { const char *file; const char *preset; guint rows; const char *encoding; } cases[] = {
    { "mailchimp-subscribed.csv", "mailchimp-subscribed", 2, "UTF-8" },
    { "mailchimp-unsubscribed.csv", "mailchimp-unsubscribed", 1, "UTF-8" },
    { "mailchimp-cleaned.csv", "mailchimp-cleaned", 1, "UTF-8" },
    { "brevo.csv", "brevo", 2, "UTF-8" },
    { "cleverreach.csv", "cleverreach", 2, "UTF-8" },
    { "hubspot.csv", "hubspot", 2, "UTF-8" },
    { "salesforce-contacts.csv", "salesforce-contacts", 2, "UTF-8" },
    { "salesforce-leads.csv", "salesforce-leads", 1, "UTF-8" },
    { "pipedrive.csv", "pipedrive", 2, "UTF-8" },
    { "stripe.csv", "stripe", 2, "UTF-8" },
    { "square.csv", "square", 2, "UTF-8" },
    { "shopify-customers.csv", "shopify-customers", 2, "UTF-8" },
    { "shopify-orders.csv", "shopify-orders", 3, "UTF-8" },
    { "loyalty-members.csv", "loyalty-members", 2, "WINDOWS-1252" },
    { "loyalty-receipts.csv", "loyalty-receipts", 3, "WINDOWS-1252" },
    { "generic-kunden.csv", "generic", 2, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CltImporter) importer = import_ok (fixture, cases[i].file);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpstr (clt_mapping_get_preset (clt_importer_get_mapping (importer))->id, ==, cases[i].preset);
      g_assert_cmpstr (clt_importer_get_encoding (importer), ==, cases[i].encoding);
      g_assert_cmpuint (clt_importer_get_rows_read (importer), ==, cases[i].rows);
      g_assert_cmpuint (clt_importer_get_rows_rejected (importer), ==, 0);
      g_assert_cmpuint (clt_importer_get_rows_new (importer), ==, cases[i].rows);
      g_assert_cmpint (clt_importer_get_batch_id (importer), ==, i + 1);
    }

  /* Mailchimp: the file a row is in is its consent, with double opt-in evidence. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'given' "
                                       "AND method = 'double opt-in' AND json_extract (evidence, '$.confirm_ip') = '192.0.2.10'",
                              "anna.mueller@example.com"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND method = 'single opt-in'",
                              "hannes.weber@example.org"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'withdrawn' "
                                       "AND event_time = '2024-09-10T12:30:00Z'", "peter.schulz@example.net"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'invalidated'",
                              "alt@example.invalid"), ==, 1);
  /* Mailchimp birthdays have no year. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.birthday') = ?1",
                              "--04-03"), ==, 1);

  /* Brevo writes international numbers without +; its blacklist is an opt-out. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records, json_each (normalized, '$.phone') p WHERE p.value = ?1",
                              "+4915112345678"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'withdrawn'",
                              "ben.braun@example.com"), ==, 1);

  /* CleverReach: Unix times; a deactivation after the activation. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'withdrawn' "
                                       "AND event_time = '2024-06-01T00:00:00Z'", "max.lange@example.org"), ==, 1);

  /* German phones and countries; Salesforce's opt-out flag. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records, json_each (normalized, '$.phone') p WHERE p.value = ?1",
                              "+49821555123"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.country') = ?1",
                              "DE"), >=, 4);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'withdrawn'",
                              "tobias.lehmann@example.org"), ==, 1);

  /* Pipedrive: two e-mails of one person, both identifiers. */
  g_assert_cmpint (query_int (fixture, "SELECT count(DISTINCT value) FROM record_identifiers WHERE kind = 'email' "
                                       "AND record_id = (SELECT record_id FROM record_identifiers WHERE value = ?1)",
                              "andi@example.com"), ==, 2);

  /* Shopify: the apostrophes go, leading zeros stay; one purchase per order with its items. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE external_id = ?1", "7210448301122"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.postcode') = ?1",
                              "83022"), >=, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM events WHERE kind = 'purchase'", NULL), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT json_array_length (detail, '$.items') FROM events WHERE kind = 'purchase' "
                                       "AND json_extract (detail, '$.order') = ?1", "#1001"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT amount_cents FROM events WHERE json_extract (detail, '$.order') = ?1",
                              "#1001"), ==, 4620);
  /* The shop's customer is the same profile as the customer list's. */
  g_assert_cmpint (query_int (fixture, "SELECT count(DISTINCT r.profile_id) FROM record_identifiers i "
                                       "JOIN source_records r ON r.id = i.record_id WHERE i.value = ?1",
                              "ursula.weiss@example.com"), ==, 1);

  /* Loyalty receipts belong to the card's member; German amounts. */
  g_assert_cmpint (query_int (fixture, "SELECT count(DISTINCT e.id) FROM events e JOIN source_records r ON r.profile_id = e.profile_id "
                                       "WHERE e.kind = 'loyalty_receipt' AND json_extract (r.normalized, '$.card_number') = ?1",
                              "7301000100"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT amount_cents FROM events WHERE json_extract (detail, '$.store') = ?1",
                              "Rösterei Schwabing"), ==, 103900);
  /* The member from the till and the CRM contact are one profile, by e-mail. */
  g_assert_cmpint (query_int (fixture, "SELECT count(DISTINCT r.profile_id) FROM record_identifiers i "
                                       "JOIN source_records r ON r.id = i.record_id WHERE i.value = ?1",
                              "juergen.gross@example.de"), ==, 1);

  /* Every record keeps its file, row and import. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE batch_id IS NULL OR row_number < 2 "
                                       "OR raw IS NULL OR json_valid (raw) = 0 OR json_valid (normalized) = 0", NULL), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'import'", NULL), ==, G_N_ELEMENTS (cases));
}

static char *
raw_record (Fixture    *fixture,
            const char *external_id)
{
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->workspace, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = query_int (fixture, "SELECT id FROM source_records WHERE external_id = ?1", external_id);
  char *raw = clt_import_dup_raw_record (workspace, id, &error);

  g_assert_no_error (error);

  return raw;
}

static GFile *write_file (Fixture    *fixture,
                         const char *name,
                         const char *text,
                         gssize      len);

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  static const struct { const char *file; const char *preset; guint rows; guint rejected; } cases[] = {
    { "mailchimp-api-members.json", "mailchimp-api", 3, 0 },
    { "hubspot-api-contacts.json", "hubspot-api", 2, 0 },
    { "shopify-api-customers.jsonl", "shopify-api-customers", 3, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CltImporter) importer = import_ok (fixture, cases[i].file);
      GArray *rejects = clt_importer_get_rejects (importer);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpstr (clt_mapping_get_preset (clt_importer_get_mapping (importer))->id, ==, cases[i].preset);
      g_assert_cmpuint (clt_importer_get_rows_read (importer), ==, cases[i].rows);
      g_assert_cmpuint (clt_importer_get_rows_rejected (importer), ==, cases[i].rejected);
      if (cases[i].rejected > 0)
        g_assert_cmpuint (g_array_index (rejects, CltImportReject, 0).line, ==, 3);
    }

  /* Mailchimp's API says the consent in the status, with the double opt-in's times and IPs. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'given' "
                                       "AND method = 'double opt-in' AND event_time = '2024-03-02T09:14:05Z'",
                              "lena.vogel@example.com"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'withdrawn' "
                                       "AND event_time = '2024-08-01T12:00:00Z'", "old.customer@example.org"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'invalidated'",
                              "gone@example.invalid"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.city') = ?1",
                              "München"), ==, 1);
  /* Nested values: the HubSpot opt-out and Shopify's consent state. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'withdrawn'",
                              "t.neumann@example.org"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'refused'",
                              "bob.norman@example.com"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events WHERE identifier = ?1 AND action = 'given'",
                              "erika.muster@example.de"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.tags') = ?1",
                              "stammkundin, espresso"), ==, 1);
}

static void
test_json_reader (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct { const char *text; const char *header; guint rows; } cases[] = {
    { "[{\"a\": 1, \"b\": {\"c\": \"x\"}}, {\"a\": 2, \"d\": [1, 2]}]", "a|b.c|d", 2 },
    { "{\"a\": \"}\", \"b\": \"{\\\"\"}\n{\"a\": \"z\", \"c\": null}\n", "a|b", 2 },
    { "{\"total\": 2, \"items\": [{\"x\": true}, {\"x\": 1.5}]}", "x", 2 },
    /* A closing bracket too many before the first record; found by fuzzing. */
    { "[{\"a\": 1}]]]{\"b\": 2}", "a", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = write_file (fixture, "r.json", cases[i].text, -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(CltRowReader) reader = clt_row_reader_open (file, &error);
      g_autofree char *header = NULL;
      guint rows = 0;

      g_assert_no_error (error);
      header = g_strjoinv ("|", (char **) clt_row_reader_get_header (reader));
      g_assert_cmpstr (header, ==, cases[i].header);
      while (clt_row_reader_next (reader, &error) == CLT_ROW_READ)
        rows++;
      g_assert_no_error (error);
      g_assert_cmpuint (rows, ==, cases[i].rows);
    }
}

static void
test_zip (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GFile) deflated = data_file ("members_export_4f2a1c9e0b.zip");
  g_autoptr(GFile) stored = data_file ("stored.zip");
  g_autoptr(GFile) csv = data_file ("hubspot.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "unzipped", NULL);
  guint64 rows = 0;

  g_assert_true (clt_archive_is_zip (deflated));
  g_assert_true (clt_archive_is_zip (stored));
  g_assert_false (clt_archive_is_zip (csv));
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);

  /* Mailchimp's audience export: its three files, deflated; the Mac's resource forks left out. */
  files = clt_archive_extract (deflated, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 3);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(CltImporter) importer = import (fixture, g_ptr_array_index (files, i), FALSE, &error);
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (files, i));

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (clt_mapping_get_preset (clt_importer_get_mapping (importer))->id, "mailchimp-"));
      g_assert_true (g_str_has_suffix (name, "_members_export_4f2a1c9e0b.csv"));
      rows += clt_importer_get_rows_new (importer);
    }
  g_assert_cmpuint (rows, ==, 4);
  g_clear_pointer (&files, g_ptr_array_unref);

  /* Stored without compression, in a folder, beside a file that is no export. */
  files = clt_archive_extract (stored, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_file_peek_path (g_ptr_array_index (files, 0)), "unzipped/hubspot.csv"));
}

static void
test_zip_damaged (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) zip = data_file ("members_export_4f2a1c9e0b.zip");
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GFile) cut = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_assert_true (g_file_load_contents (zip, NULL, &contents, &len, NULL, NULL));
  cut = write_file (fixture, "cut.zip", contents, len / 2);
  files = clt_archive_extract (cut, fixture->dir, &error);
  g_assert_null (files);
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX);
}

static void
test_minimisation (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CltImporter) dropped = import_ok (fixture, "shopify-customers.csv");
  g_autofree char *raw = raw_record (fixture, "7210448301122");

  /* Unmapped columns (Total Spent, Note, Tax Exempt) are not kept. */
  g_assert_nonnull (strstr (raw, "\"Email\":\"ursula.weiss@example.com\""));
  g_assert_nonnull (strstr (raw, "\"Customer ID\":\"'7210448301122\""));
  g_assert_null (strstr (raw, "Total Spent"));
  g_assert_null (strstr (raw, "Tax Exempt"));
}

static void
test_keep_unmapped (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = data_file ("shopify-customers.csv");
  g_autoptr(CltImporter) importer = clt_importer_new (fixture->workspace, file);
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;

  g_assert_true (clt_importer_prepare (importer, NULL, &error));
  clt_mapping_set_keep_unmapped (clt_importer_get_mapping (importer), TRUE);
  g_assert_true (clt_importer_run (importer, FALSE, NULL, &error));
  raw = raw_record (fixture, "7210448301122");
  g_assert_nonnull (strstr (raw, "\"Total Spent\":\"142.80\""));
}

static void
test_reimport (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CltImporter) first = import_ok (fixture, "hubspot.csv");
  g_autofree char *before = snapshot (fixture);
  g_autoptr(CltImporter) second = import_ok (fixture, "hubspot.csv");
  g_autofree char *after = snapshot (fixture);

  g_assert_cmpint (clt_importer_get_previous_batch (second), ==, clt_importer_get_batch_id (first));
  g_assert_cmpint (clt_importer_get_batch_id (second), ==, 0);
  g_assert_cmpstr (before, ==, after);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *text,
            gssize      len)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, len, NULL));

  return g_file_new_for_path (path);
}

static void
test_newer_export (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *header = "Record ID,First Name,Last Name,Email,Phone Number,Lead Status,Create Date,Associated Company,Country/Region,Contact owner\n";
  g_autofree char *v1 = g_strconcat (header,
    "1,Anna,Berg,anna@example.com,,,2024-01-01 10:00,,Germany,\n"
    "2,Ben,Roth,ben@example.com,,,2024-01-02 10:00,,Germany,\n", NULL);
  g_autofree char *v2 = g_strconcat (header,
    "1,Anna,Berg-Klein,anna@example.com,,,2024-01-01 10:00,,Germany,\n"
    "2,Ben,Roth,ben@example.com,,,2024-01-02 10:00,,Germany,\n"
    "3,Cem,Arslan,cem@example.com,,,2024-03-01 10:00,,Germany,\n", NULL);
  g_autoptr(GFile) old_file = write_file (fixture, "contacts-january.csv", v1, -1);
  g_autoptr(GFile) new_file = write_file (fixture, "contacts-march.csv", v2, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImporter) first = import (fixture, old_file, FALSE, &error);
  g_autoptr(CltImporter) second = import (fixture, new_file, FALSE, &error);
  g_autofree char *name = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (clt_importer_get_rows_new (second), ==, 1);
  g_assert_cmpuint (clt_importer_get_rows_updated (second), ==, 1);
  g_assert_cmpuint (clt_importer_get_rows_unchanged (second), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records", NULL), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM record_changes WHERE json_extract (old_normalized, '$.last_name') = ?1",
                              "Berg"), ==, 1);
  name = query_text (fixture, "SELECT json_extract (normalized, '$.last_name') FROM source_records WHERE external_id = ?1", "1");
  g_assert_cmpstr (name, ==, "Berg-Klein");

  /* The older import cannot be undone before the newer one that changed its records. */
  workspace = clt_workspace_open (fixture->workspace, NULL);
  g_assert_false (clt_import_undo (workspace, clt_importer_get_batch_id (first), &error));
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED);
  g_clear_error (&error);

  /* Undoing the newer one restores the record as it was. */
  g_assert_true (clt_import_undo (workspace, clt_importer_get_batch_id (second), &error));
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = query_text (fixture, "SELECT json_extract (normalized, '$.last_name') FROM source_records WHERE external_id = ?1", "1");
  g_assert_cmpstr (name, ==, "Berg");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records", NULL), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM record_identifiers WHERE value = ?1", "anna@example.com"), ==, 1);

  g_assert_true (clt_import_undo (workspace, clt_importer_get_batch_id (first), &error));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM profiles", NULL), ==, 0);
}

static void
test_dry_run (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CltImporter) base = import_ok (fixture, "hubspot.csv");
  g_autofree char *before = snapshot (fixture);
  g_autoptr(GFile) file = data_file ("shopify-orders.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImporter) dry = import (fixture, file, TRUE, &error);
  g_autofree char *after = snapshot (fixture);

  g_assert_no_error (error);
  g_assert_cmpuint (clt_importer_get_rows_new (dry), ==, 3);
  /* The preview shows rows as they will be stored: addresses lower-cased, amounts in cents. */
  g_assert_cmpuint (clt_importer_get_preview (dry)->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (clt_importer_get_preview (dry), 0), "E-mail: ursula.weiss@example.com"));
  g_assert_nonnull (strstr (g_ptr_array_index (clt_importer_get_preview (dry), 0), "Purchase date: 2024-10-01T07:58:12Z"));
  g_assert_cmpint (clt_importer_get_batch_id (dry), ==, 0);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM import_batches", NULL), ==, 1);
}

/* An order export with a utm_campaign column: the campaign is kept with the order, for the
 * campaign table of the insights. */
static void
test_utm_campaign (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CltImporter) orders = import_ok (fixture, "shopify-orders-utm.csv");
  g_autofree char *campaigns = NULL;

  g_assert_cmpuint (clt_importer_get_rows_new (orders), ==, 3);
  campaigns = query_text (fixture, "SELECT group_concat (coalesce (detail ->> '$.campaign', '-'), ',') "
                                   "FROM (SELECT detail FROM events WHERE kind = 'purchase' ORDER BY id)", NULL);
  g_assert_cmpstr (campaigns, ==, "Herbst,-");
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CltImporter) members = import_ok (fixture, "loyalty-members.csv");
  g_autofree char *before = snapshot (fixture);
  g_autoptr(CltImporter) receipts = import_ok (fixture, "loyalty-receipts.csv");
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->workspace, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *state = NULL;

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM events", NULL), ==, 3);
  g_assert_true (clt_import_undo (workspace, clt_importer_get_batch_id (receipts), &error));
  g_assert_no_error (error);

  /* Back to what the members import made; the member profiles stay. */
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
  state = query_text (fixture, "SELECT state FROM import_batches WHERE id = 2", NULL);
  g_assert_cmpstr (state, ==, "undone");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit_log WHERE action = 'undo-import'", NULL), ==, 1);

  /* An undone import cannot be undone again; the same file can be imported again. */
  g_assert_false (clt_import_undo (workspace, clt_importer_get_batch_id (receipts), &error));
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_NOT_FOUND);
  g_clear_object (&receipts);
  receipts = import_ok (fixture, "loyalty-receipts.csv");
  g_assert_cmpuint (clt_importer_get_rows_new (receipts), ==, 3);

  /* Undoing the members takes the profiles built only from them. */
  g_assert_true (clt_import_undo (workspace, clt_importer_get_batch_id (receipts), NULL));
  g_assert_true (clt_import_undo (workspace, clt_importer_get_batch_id (members), NULL));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM profiles", NULL), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM consent_events", NULL), ==, 0);
}

static void
test_unknown_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = data_file ("unknown-lager.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImporter) importer = import (fixture, file, FALSE, &error);

  g_assert_null (importer);
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNKNOWN_COLUMNS);
  g_assert_nonnull (strstr (error->message, "could not be placed: Artikelnummer, Lagerbestand"));
}

static void
test_saved_mapping (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = data_file ("generic-kunden.csv");
  g_autoptr(CltImporter) first = clt_importer_new (fixture->workspace, file);
  g_autoptr(CltImporter) second = clt_importer_new (fixture->workspace, file);
  g_autoptr(GError) error = NULL;
  CltMapping *mapping;
  int column;

  /* The user maps "Anrede" to nothing and "Telefon" to mobile; the next import of this
   * source starts from that. */
  g_assert_true (clt_importer_prepare (first, NULL, &error));
  mapping = clt_importer_get_mapping (first);
  column = clt_mapping_find_field (mapping, CLT_FIELD_PHONE);
  g_assert_cmpint (column, >=, 0);
  clt_mapping_set_field (mapping, column, CLT_FIELD_MOBILE);
  g_assert_true (clt_importer_run (first, FALSE, NULL, &error));

  g_assert_true (clt_importer_prepare (second, NULL, &error));
  g_assert_cmpint (clt_mapping_get_field (clt_importer_get_mapping (second), column), ==, CLT_FIELD_MOBILE);
}

static void
test_mapping_json (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const header[] = { "Mail", "Wer", "Ort", NULL };
  g_autoptr(CltMapping) mapping = clt_mapping_new_for_header (header, NULL);
  g_autoptr(CltMapping) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (clt_mapping_get_field (mapping, 0), ==, CLT_FIELD_EMAIL);
  g_assert_cmpint (clt_mapping_get_field (mapping, 1), ==, CLT_FIELD_NONE);
  g_assert_cmpint (clt_mapping_get_field (mapping, 2), ==, CLT_FIELD_CITY);
  clt_mapping_set_field (mapping, 1, CLT_FIELD_FULL_NAME);

  json = clt_mapping_to_json (mapping);
  loaded = clt_mapping_new_from_json (header, json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_mapping_get_field (loaded, 1), ==, CLT_FIELD_FULL_NAME);

  g_clear_object (&loaded);
  loaded = clt_mapping_new_from_json (header, "{\"version\": 99, \"columns\": {}}", &error);
  g_assert_null (loaded);
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED);
  g_clear_error (&error);
  loaded = clt_mapping_new_from_json (header, "{\"version\": 1, \"columns\": {\"Mail\": \"telepathy\"}}", &error);
  g_assert_null (loaded);
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED);
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = clt_demo_write (fixture->dir, 300, 42, &error);
  g_autofree char *truth = g_build_filename (fixture->dir, "truth.csv", NULL);
  g_autofree char *truth_text = NULL;
  g_auto(GStrv) truth_lines = NULL;
  guint64 rows = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 7);

  /* The demo imports with zero rejected rows. */
  for (guint i = 0; paths[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(CltImporter) importer = import (fixture, file, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (clt_importer_get_rows_rejected (importer), ==, 0);
      rows += clt_importer_get_rows_read (importer);
    }

  /* truth.csv names the person of every row. */
  g_assert_true (g_file_get_contents (truth, &truth_text, NULL, NULL));
  truth_lines = g_strsplit (truth_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (truth_lines) - 2, ==, rows);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM profiles", NULL), <, 300 * 1.5);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM events WHERE kind = 'loyalty_receipt'", NULL), >, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(DISTINCT action) FROM consent_events", NULL), >=, 3);
}

/* Bad input: each gets a clear message, none crashes or leaves a partial batch. */
static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { const char *text; gssize len; int code; } cases[] = {
    { "", 0, CLT_IMPORT_ERROR_EMPTY },
#define PNG "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06"
    { PNG, sizeof PNG - 1, CLT_IMPORT_ERROR_BINARY },
#undef PNG
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = write_file (fixture, "bad.csv", cases[i].text, cases[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(CltImporter) importer = import (fixture, file, FALSE, &error);

      g_assert_null (importer);
      g_assert_error (error, CLT_IMPORT_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "bad.csv: "));
    }

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM import_batches", NULL), ==, 0);
}

typedef struct
{
  const char *name;
  const char *text;
  gssize      len;
  const char *rejected_lines;
  const char *check_sql;
  const char *check_arg;
} BadRows;

static void
test_bad_rows (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GString) huge = g_string_new ("E-Mail;Notiz\nhuge@example.com;");
  g_autoptr(GString) wide = g_string_new ("E-Mail");
  const BadRows cases[] = {
    { "header only", "E-Mail;Vorname;Nachname\n", -1, "", NULL, NULL },
    { "NUL byte", "E-Mail,Name\na@example.com,A\nb@example.com,B\0B\nc@example.com,C\n", 62, "3", NULL, NULL },
    { "invalid UTF-8", "E-Mail,Name\na@example.com,Jürgen Größe\nc@example.com,Zoë Müller\nb@example.com,J\xfcrgen\n",
      -1, "4", NULL, NULL },
    { "unterminated quote", "E-Mail,Name\na@example.com,A\nb@example.com,\"B\n", -1, "3", NULL, NULL },
    { "more fields", "E-Mail,Name\na@example.com,A,extra\nb@example.com,B\n", -1, "2", NULL, NULL },
    { "formula", "E-Mail,Vorname\nf@example.com,\"=HYPERLINK(\"\"http://x.example\"\",\"\"klick\"\")\"\n", -1, "",
      "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.first_name') = ?1",
      "=HYPERLINK(\"http://x.example\",\"klick\")" },
    { "SQL-looking", "E-Mail;Nachname\nr@example.com;\"Robert'); DROP TABLE profiles;--\"\n", -1, "",
      "SELECT count(*) FROM profiles WHERE display_name = ?1", "Robert'); DROP TABLE profiles;--" },
    { "emoji and right to left", "E-Mail;Vorname;Nachname\ne@example.com;Zoë 🌸;نور\n", -1, "",
      "SELECT count(*) FROM profiles WHERE display_name = ?1", "Zoë 🌸 نور" },
    { "impossible date", "E-Mail;Geburtsdatum\nd@example.com;31.02.2024\nok@example.com;29.02.2024\n", -1, "2", NULL, NULL },
    { "commas in a semicolon file", "E-Mail;Nachname;Ort\nk@example.com;Klein, Dr.;Köln, Innenstadt\n", -1, "",
      "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.city') = ?1", "Köln, Innenstadt" },
    { "no identifier", "E-Mail;Vorname;Nachname;Ort\n;;;München\nz@example.com;;;\n", -1, "2", NULL, NULL },
    { "bad e-mail", "E-Mail;Nachname\nkein-at-zeichen;A\nx@example.com;B\n", -1, "2", NULL, NULL },
    { "1 MB field", NULL, -1, "", NULL, NULL },
    { "10,000 columns", NULL, -1, "", NULL, NULL },
  };

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (huge, 'a' + i % 26);
  g_string_append_c (huge, '\n');
  for (guint i = 1; i < 10000; i++)
    g_string_append_printf (wide, ",c%u", i);
  g_string_append (wide, "\nwide@example.com");
  for (guint i = 1; i < 10000; i++)
    g_string_append_printf (wide, ",%u", i);
  g_string_append_c (wide, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *text = cases[i].text ? cases[i].text : i == G_N_ELEMENTS (cases) - 2 ? huge->str : wide->str;
      g_autofree char *name = g_strdup_printf ("case-%u.csv", i);
      g_autoptr(GFile) file = write_file (fixture, name, text, cases[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(CltImporter) importer = NULL;
      g_autoptr(GString) lines = g_string_new (NULL);
      GArray *rejects;

      g_test_message ("%s", cases[i].name);
      importer = import (fixture, file, FALSE, &error);
      g_assert_no_error (error);

      rejects = clt_importer_get_rejects (importer);
      for (guint r = 0; r < rejects->len; r++)
        {
          const CltImportReject *reject = &g_array_index (rejects, CltImportReject, r);

          g_assert_nonnull (reject->reason);
          g_string_append_printf (lines, "%s%" G_GUINT64_FORMAT, r ? "," : "", reject->line);
        }
      g_assert_cmpstr (lines->str, ==, cases[i].rejected_lines);
      g_assert_cmpuint (clt_importer_get_rows_rejected (importer), ==, rejects->len);
      g_assert_cmpuint (clt_importer_get_rows_new (importer) + rejects->len, ==, clt_importer_get_rows_read (importer));

      if (cases[i].check_sql)
        g_assert_cmpint (query_int (fixture, cases[i].check_sql, cases[i].check_arg), ==, 1);
    }

  /* The rejected rows are in the workspace with their batch, and none is half-stored. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM import_rejects WHERE reason <> ''", NULL), ==, 7);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM source_records WHERE json_extract (normalized, '$.email') "
                                       "LIKE '%kein-at%'", NULL), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM sqlite_schema WHERE name = 'profiles'", NULL), ==, 1);
}

static void
test_rejects_csv (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "kunden.csv", "E-Mail;Geburtsdatum\nd@example.com;31.02.2024\n", -1);
  g_autoptr(GFile) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImporter) importer = import (fixture, file, FALSE, &error);
  g_autofree char *text = NULL;

  out = g_file_new_build_filename (fixture->dir, "rejects.csv", NULL);
  g_assert_true (clt_importer_write_rejects (importer, out, &error));
  g_assert_true (g_file_load_contents (out, NULL, &text, NULL, NULL, NULL));
  g_assert_cmpstr (text, ==, "\"File\",\"Line\",\"Column\",\"Reason\"\r\n"
                             "\"kunden.csv\",2,\"Geburtsdatum\",\"“31.02.2024” is not a date\"\r\n");
}

static GFile *
big_file (Fixture *fixture,
          guint    rows)
{
  g_autoptr(GString) text = g_string_new ("E-Mail;Vorname;Nachname;PLZ;Ort\n");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "kunde%u@example.com;Vorname%u;Nachname%u;%05u;München\n", i, i, i, 80000 + i % 1000);

  return write_file (fixture, "gross.csv", text->str, text->len);
}

typedef struct
{
  GFile        *file;
  GCancellable *cancellable;
  gboolean      remove;
  guint         calls;
} Interference;

static void
rows_read_cb (CltImporter  *importer,
              GParamSpec   *pspec,
              Interference *what)
{
  if (what->calls++ != 0)
    return;

  if (what->cancellable)
    g_cancellable_cancel (what->cancellable);
  else if (what->remove)
    g_assert_true (g_file_delete (what->file, NULL, NULL));
  else
    {
      /* Another program rewrites the file half-way through the import. */
      g_autofree char *path = g_file_get_path (what->file);

      g_assert_true (g_file_set_contents (path, "E-Mail\ntruncated@example.com\n", -1, NULL));
    }
}

static void
interfere (Fixture  *fixture,
           gboolean  cancel,
           gboolean  remove,
           int       code)
{
  g_autoptr(CltImporter) base = import_ok (fixture, "hubspot.csv");
  g_autofree char *before = snapshot (fixture);
  g_autoptr(GFile) file = big_file (fixture, 10000);
  g_autoptr(CltImporter) importer = clt_importer_new (fixture->workspace, file);
  g_autoptr(GCancellable) cancellable = cancel ? g_cancellable_new () : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  Interference what = { file, cancellable, remove, 0 };

  g_signal_connect (importer, "notify::rows-read", G_CALLBACK (rows_read_cb), &what);
  g_assert_false (clt_importer_run (importer, FALSE, cancellable, &error));
  if (cancel)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  else
    {
      g_assert_error (error, CLT_IMPORT_ERROR, code);
      g_assert_nonnull (strstr (error->message, "nothing was imported"));
    }

  /* The workspace is exactly as before. */
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  interfere (fixture, TRUE, FALSE, 0);
}

static void
test_file_changed (Fixture       *fixture,
                   gconstpointer  data)
{
  interfere (fixture, FALSE, FALSE, CLT_IMPORT_ERROR_FAILED);
}

static void
test_file_removed (Fixture       *fixture,
                   gconstpointer  data)
{
  interfere (fixture, FALSE, TRUE, CLT_IMPORT_ERROR_FAILED);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_importer_run_finish (CLT_IMPORTER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fraction_cb (CltImporter *importer,
             GParamSpec  *pspec,
             GThread    **thread)
{
  /* Progress arrives in the thread that started the import. */
  g_assert_true (*thread == g_thread_self ());
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GFile) file = big_file (fixture, 5000);
  g_autoptr(CltImporter) importer = clt_importer_new (fixture->workspace, file);
  GThread *thread = g_thread_self ();
  gboolean done = FALSE;

  g_signal_connect (importer, "notify::fraction", G_CALLBACK (fraction_cb), &thread);
  clt_importer_run_async (importer, FALSE, NULL, async_done_cb, &done);
  /* The main thread busy elsewhere, its context free for the taking: progress still waits
   * for it. */
  g_usleep (G_USEC_PER_SEC / 2);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (clt_importer_get_rows_new (importer), ==, 5000);
  g_assert_cmpfloat (clt_importer_get_fraction (importer), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/presets", test_presets);
  ADD ("/import/json", test_json);
  ADD ("/import/json-reader", test_json_reader);
  ADD ("/import/zip", test_zip);
  ADD ("/import/zip-damaged", test_zip_damaged);
  ADD ("/import/minimisation", test_minimisation);
  ADD ("/import/keep-unmapped", test_keep_unmapped);
  ADD ("/import/reimport", test_reimport);
  ADD ("/import/newer-export", test_newer_export);
  ADD ("/import/dry-run", test_dry_run);
  ADD ("/import/undo", test_undo);
  ADD ("/import/utm-campaign", test_utm_campaign);
  ADD ("/import/unknown-file", test_unknown_file);
  ADD ("/import/saved-mapping", test_saved_mapping);
  ADD ("/import/mapping-json", test_mapping_json);
  ADD ("/import/demo", test_demo);
  ADD ("/import/bad-files", test_bad_files);
  ADD ("/import/bad-rows", test_bad_rows);
  ADD ("/import/rejects-csv", test_rejects_csv);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/file-changed", test_file_changed);
  ADD ("/import/file-removed", test_file_removed);
  ADD ("/import/async", test_async);
#undef ADD

  return g_test_run ();
}
