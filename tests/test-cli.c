/* test-cli.c: clientele-cli's commands, output and exit status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-test-utils.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

#include "clt-core.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run_cli (Result             *result,
         const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("CLT_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Messages in English, whatever the machine's locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static char *
make_tmp_dir (void)
{
  return clt_test_make_tmp_dir ("clt-cli");
}

static void
test_version (void)
{
  g_auto(Result) result = { 0 };

  run_cli (&result, (const char *[]) { "--version", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "clientele-cli " PACKAGE_VERSION));
}

static void
test_help (void)
{
  g_auto(Result) result = { 0 };

  run_cli (&result, (const char *[]) { "--help", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "--workspace"));
  g_assert_nonnull (strstr (result.out, "info"));
}

static void
test_info_fresh (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "new.sqlite3", NULL);
  g_autofree char *version = g_strdup_printf ("Schema version: %u\n", clt_workspace_get_latest_schema_version ());

  run_cli (&result, (const char *[]) { "--workspace", path, "info", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_nonnull (strstr (result.out, version));
  g_assert_nonnull (strstr (result.out, "profiles"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_info_counts (void)
{
  g_auto(Result) sample = { 0 };
  g_auto(Result) info = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.sqlite3", NULL);
  g_autofree char *demo = g_build_filename (dir, "demo", NULL);
  g_autofree char *crm = g_build_filename (demo, "hubspot-contacts.csv", NULL);
  g_autoptr(GRegex) regex = g_regex_new ("^  profiles +([0-9]+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *profiles = NULL;

  run_cli (&sample, (const char *[]) { "demo", "--persons", "25", demo, NULL });
  g_assert_cmpint (sample.status, ==, 0);
  g_assert_true (g_file_test (crm, G_FILE_TEST_IS_REGULAR));
  result_clear (&sample);
  run_cli (&sample, (const char *[]) { "-w", path, "import", crm, NULL });
  g_assert_cmpint (sample.status, ==, 0);
  g_assert_true (g_str_has_prefix (sample.out, "hubspot-contacts.csv: "));

  run_cli (&info, (const char *[]) { "-w", path, "info", NULL });
  g_assert_cmpint (info.status, ==, 0);
  g_assert_true (g_regex_match (regex, info.out, 0, &match));
  profiles = g_match_info_fetch (match, 1);
  g_assert_cmpint (g_ascii_strtoll (profiles, NULL, 10), >, 10);
}

static void
test_info_not_workspace (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kunden.csv", NULL);

  g_assert_true (g_file_set_contents (path, "Vorname;Nachname\nAnna;Müller\n", -1, NULL));

  run_cli (&result, (const char *[]) { "--workspace", path, "info", NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "not a Clientele workspace"));
  /* One clear line. */
  g_assert_cmpint (strchr (result.err, '\n') - result.err, ==, strlen (result.err) - 1);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
}

static void
test_import (void)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) list = { 0 };
  g_auto(Result) undo = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *hubspot = data_path ("hubspot.csv");
  g_autofree char *members = data_path ("loyalty-members.csv");

  run_cli (&result, (const char *[]) { "-w", path, "import", hubspot, members, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==,
                   "hubspot.csv: 2 rows read, 2 new, 0 updated, 0 unchanged, 0 rejected (HubSpot contacts, UTF-8)\n"
                   "loyalty-members.csv: 2 rows read, 2 new, 0 updated, 0 unchanged, 0 rejected (Loyalty card members, WINDOWS-1252)\n");

  run_cli (&again, (const char *[]) { "-w", path, "import", hubspot, NULL });
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "hubspot.csv: imported before as import 1; nothing added\n");

  run_cli (&list, (const char *[]) { "-w", path, "imports", NULL });
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "hubspot.csv"));
  g_assert_nonnull (strstr (list.out, "loyalty-members.csv"));

  run_cli (&undo, (const char *[]) { "-w", path, "undo-import", "2", NULL });
  g_assert_cmpint (undo.status, ==, 0);
  result_clear (&undo);
  run_cli (&undo, (const char *[]) { "-w", path, "undo-import", "2", NULL });
  g_assert_cmpint (undo.status, ==, 1);
  g_assert_nonnull (strstr (undo.err, "no import 2"));
}

static void
test_import_rejects (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *csv = g_build_filename (dir, "kunden.csv", NULL);
  g_autofree char *rejects = g_build_filename (dir, "abgelehnt.csv", NULL);

  g_assert_true (g_file_set_contents (csv, "E-Mail;Geburtsdatum\na@example.com;31.02.2024\nb@example.com;01.02.2024\n", -1, NULL));
  run_cli (&result, (const char *[]) { "-w", path, "import", "--dry-run", "--rejects", rejects, csv, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "1 new, 0 updated, 0 unchanged, 1 rejected"));
  g_assert_nonnull (strstr (result.out, "dry run"));
  g_assert_cmpstr (result.err, ==, "kunden.csv:2: Geburtsdatum: “31.02.2024” is not a date\n");
  g_assert_true (g_file_test (rejects, G_FILE_TEST_IS_REGULAR));
}

static void
test_import_zip (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *zip = data_path ("members_export_4f2a1c9e0b.zip");

  run_cli (&result, (const char *[]) { "-w", path, "import", zip, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "subscribed_members_export_4f2a1c9e0b.csv: 2 rows read, 2 new"));
  g_assert_nonnull (strstr (result.out, "unsubscribed_members_export_4f2a1c9e0b.csv: 1 rows read"));
  g_assert_nonnull (strstr (result.out, "cleaned_members_export_4f2a1c9e0b.csv: 1 rows read"));
}

static void
test_import_refused (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *lager = data_path ("unknown-lager.csv");

  run_cli (&result, (const char *[]) { "-w", path, "import", lager, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "could not be placed: Artikelnummer, Lagerbestand"));
}

static void
test_usage_errors (void)
{
  const char * const *cases[] = {
    (const char *[]) { NULL },
    (const char *[]) { "frobnicate", NULL },
    (const char *[]) { "--no-such-option", "info", NULL },
    (const char *[]) { "info", "extra", NULL },
    (const char *[]) { "import", NULL },
    (const char *[]) { "import", "--preset", "no-such-system", "x.csv", NULL },
    (const char *[]) { "undo-import", "many", NULL },
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) result = { 0 };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      g_ptr_array_add (args, (gpointer) "--workspace");
      g_ptr_array_add (args, path);
      for (guint j = 0; cases[i][j]; j++)
        g_ptr_array_add (args, (gpointer) cases[i][j]);
      g_ptr_array_add (args, NULL);

      run_cli (&result, (const char * const *) args->pdata);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.err, !=, "");
    }
}

/* resolve, links (a continuation row gets its order's profile) and explain. */
static void
test_resolve_links_explain (void)
{
  g_auto(Result) import = { 0 };
  g_auto(Result) resolve = { 0 };
  g_auto(Result) links = { 0 };
  g_auto(Result) explain = { 0 };
  g_auto(Result) why = { 0 };
  g_auto(Result) bad = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *hubspot = data_path ("hubspot.csv");
  g_autofree char *orders = data_path ("shopify-orders.csv");
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) second = NULL;

  run_cli (&import, (const char *[]) { "-w", path, "import", hubspot, orders, NULL });
  g_assert_cmpint (import.status, ==, 0);

  run_cli (&resolve, (const char *[]) { "-w", path, "resolve", "--full", NULL });
  g_assert_cmpint (resolve.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^[0-9]+ records, [0-9]+ profiles, [0-9]+ merged, [0-9]+ pairs to review, "
                                       "[0-9]+ pairs compared, [0-9.]+ s ", resolve.out, 0, 0));

  run_cli (&links, (const char *[]) { "-w", path, "links", NULL });
  g_assert_cmpint (links.status, ==, 0);
  lines = g_strsplit (links.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "source_file,row,profile_id");
  /* hubspot.csv's 2 rows, then the orders file's rows 1 and 2: one order, one profile. */
  g_assert_true (g_str_has_prefix (lines[1], "hubspot.csv,1,"));
  g_assert_true (g_str_has_prefix (lines[3], "shopify-orders.csv,1,"));
  g_assert_true (g_str_has_prefix (lines[4], "shopify-orders.csv,2,"));
  first = g_strsplit (lines[3], ",", -1);
  second = g_strsplit (lines[4], ",", -1);
  g_assert_cmpstr (first[2], ==, second[2]);

  run_cli (&explain, (const char *[]) { "-w", path, "explain", "hubspot.csv:1", "shopify-orders.csv:1", NULL });
  g_assert_cmpint (explain.status, ==, 0);
  g_assert_nonnull (strstr (explain.out, "first_name"));
  g_assert_nonnull (strstr (explain.out, "total: "));

  /* One row: why it is in its profile; the second line of the order joined the first. */
  run_cli (&why, (const char *[]) { "-w", path, "explain", "shopify-orders.csv:2", NULL });
  g_assert_cmpint (why.status, ==, 0);
  g_assert_true (g_str_has_prefix (why.out, "shopify-orders.csv:2 is in profile "));
  g_assert_nonnull (strstr (why.out, "by rule order, with shopify-orders.csv:1."));

  run_cli (&bad, (const char *[]) { "-w", path, "explain", "hubspot.csv:99", "hubspot.csv:1", NULL });
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "row 99 of hubspot.csv"));
}

static void
test_segment (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *definition = g_build_filename (dir, "segment.json", NULL);
  g_autofree char *hubspot = data_path ("hubspot.csv");
  const char *json = "{\"version\":1,\"match\":\"all\",\"children\":["
                     "{\"type\":\"condition\",\"kind\":\"source\",\"field\":\"source\",\"operator\":\"in\",\"values\":[\"HubSpot\"]},"
                     "{\"type\":\"group\",\"match\":\"none\",\"children\":["
                     "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"email\",\"operator\":\"is-empty\"}]}]}";

  run_cli (&result, (const char *[]) { "-w", path, "import", hubspot, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  g_assert_true (g_file_set_contents (definition, json, -1, NULL));

  run_cli (&result, (const char *[]) { "-w", path, "segment", "count", json, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "Total: "));
  g_assert_nonnull (strstr (result.out, "Own count"));
  g_assert_nonnull (strstr (result.out, "none of"));
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "segment", "count", "--sql", "--samples", "1", definition, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "segment", "save", "HubSpot contacts", definition, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "Saved segment 1\n");
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "segment", "save", "HubSpot contacts", definition, NULL });
  g_assert_cmpint (result.status, ==, 1);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "segment", "list", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "1\tdynamic\t1\t"));
  g_assert_true (g_str_has_suffix (result.out, "\tHubSpot contacts\n"));
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "segment", "count", "{\"version\":9}", NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "version 9"));
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "segment", NULL });
  g_assert_cmpint (result.status, ==, 2);
}

/* consent show, dsar export, erase, a re-import refused, audit verify (also after tampering),
 * retention run and register export. */
static void
test_governance (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *dsar = g_build_filename (dir, "dsar", NULL);
  g_autofree char *json = g_build_filename (dir, "dsar", "access-1.json", NULL);
  g_autofree char *register_path = g_build_filename (dir, "register.html", NULL);
  g_autofree char *subscribed = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-subscribed.csv", NULL);

  run_cli (&result, (const char *[]) { "-w", path, "--actor", "Dana DPO", "import", "--source", "News", subscribed, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", "--email", "Anna.Quist@example.com", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "anna.quist@example.com\temail_marketing\temail\tgiven\t2024-03-01"));
  g_assert_nonnull (strstr (result.out, "E-mail marketing: yes (consent, anna.quist@example.com)"));
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", NULL });
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "dsar", "export", "--profile", "1", "-o", dsar, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
  result_clear (&result);

  /* Erasure needs --yes. */
  run_cli (&result, (const char *[]) { "-w", path, "erase", "--email", "anna.quist@example.com", NULL });
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "erase", "--email", "anna.quist@example.com", "--yes", NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "erase", "--email", "anna.quist@example.com", "--yes", NULL });
  g_assert_cmpint (result.status, ==, 1);
  result_clear (&result);

  /* The same file again: Anna's row is refused, with the reason. */
  run_cli (&result, (const char *[]) { "-w", path, "import", "--source", "News", subscribed, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "1 rejected"));
  g_assert_nonnull (strstr (result.err, "newsletter-subscribed.csv:2: This person was erased on "));
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "retention", "run", "--dry-run", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "dry run"));
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "register", "export", "-o", register_path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_test (register_path, G_FILE_TEST_IS_REGULAR));
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "audit", "verify", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "The audit log is intact: 4 entries verify\n");
  result_clear (&result);

  /* Someone with the file edits an entry. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' "
                                       "WHERE id = 2", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  run_cli (&result, (const char *[]) { "-w", path, "audit", "verify", NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "entry 2 does not match"));
}

/* The app and the CLI on one workspace at once: four imports run by the CLI while this process
 * records consent events. Each write either lands or is refused with the busy message; none
 * is lost. */
static void
test_concurrent (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  guint imported = 0, recorded = 0;

  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  ledger = clt_consent_ledger_new (workspace);

  for (guint f = 0; f < 4; f++)
    {
      g_autoptr(GString) text = g_string_new ("E-Mail;Vorname;Nachname;PLZ;Ort\n");
      g_autofree char *name = g_strdup_printf ("kunden-%u.csv", f);
      g_autofree char *csv = g_build_filename (dir, name, NULL);
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);

      for (guint i = 0; i < 2000; i++)
        g_string_append_printf (text, "kunde%u-%u@example.com;Vorname%u;Nachname%u;%05u;Köln\n", f, i, i, f, 50000 + i);
      g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
      g_ptr_array_add (processes, g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLT_CLI"), "-w", path,
                                                               "import", csv, NULL));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *email = g_strdup_printf ("kunde0-%u@example.com", i);
      g_autoptr(GError) busy = NULL;

      if (clt_consent_ledger_record (ledger, "email", email, "email_marketing", "email", "given",
                                     "2026-01-02T10:00:00Z", "web_form", NULL, NULL, &busy) > 0)
        recorded++;
      else
        g_assert_error (busy, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_BUSY);
      g_usleep (10000);
    }

  for (guint i = 0; i < processes->len; i++)
    {
      GSubprocess *process = g_ptr_array_index (processes, i);
      g_autofree char *err = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      if (g_subprocess_get_successful (process))
        imported++;
      else
        g_assert_nonnull (strstr (err, "The workspace is busy"));
    }

  g_test_message ("%u of 4 imports and %u of 50 consent events landed", imported, recorded);
  g_assert_cmpuint (imported, >, 0);
  g_assert_cmpint (clt_workspace_count (workspace, "source_records", &error), ==, 2000 * imported);
  g_assert_cmpint (clt_workspace_count (workspace, "consent_events", &error), ==, recorded);
  g_assert_no_error (error);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* Retention as the DPO runs it from the command line: the list says per customer which
 * purpose's rule made what due, since when; a dry run changes nothing; approved, it runs. */
static void
test_retention (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *subscribed = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-subscribed.csv", NULL);
  gint64 due_before, audit_before;

  run_cli (&result, (const char *[]) { "-w", path, "import", "--source", "News", subscribed, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  /* Their consents of 2024 lapsed after 24 months; here no other purpose keeps newsletter
   * activity. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE purposes SET data_categories = 'purchases,loyalty' WHERE key = 'analytics'",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  run_cli (&result, (const char *[]) { "-w", path, "retention", "run", "--dry-run", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "customer 1: all their data — E-mail marketing: retention period over "
                                        "(since 2026-03-01) [awaits approval]\n"));
  g_assert_nonnull (strstr (result.out, "4 deletions due; 0 approved deletions would run — dry run, nothing deleted\n"));
  due_before = count_rows (path, "SELECT count (*) FROM retention_due");
  audit_before = count_rows (path, "SELECT count (*) FROM audit_log");
  g_assert_cmpint (due_before, ==, 0);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "retention", "list", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM retention_due"), ==, 4);
  g_assert_nonnull (strstr (result.out, "customer 1: all their data — E-mail marketing: retention period over "
                                        "(since 2026-03-01) [awaits approval]\n"));
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM audit_log"), ==, audit_before);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "retention", "approve", NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  due_before = count_rows (path, "SELECT count (*) FROM retention_due");
  audit_before = count_rows (path, "SELECT count (*) FROM audit_log");
  run_cli (&result, (const char *[]) { "-w", path, "retention", "run", "--dry-run", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "[approved]"));
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM retention_due"), ==, due_before);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM audit_log"), ==, audit_before);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM profiles"), ==, 4);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "retention", "run", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM profiles"), ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM suppression"), ==, 0);
  result_clear (&result);

  run_cli (&result, (const char *[]) { "-w", path, "retention", "purge", NULL });
  g_assert_cmpint (result.status, ==, 2);
}

/* T-07 and T-17 from the command line: a notice given with an import, invalidated; the
 * consent of an address at a past time. */
static void
test_notices_and_history (void)
{
  g_auto(Result) result = { 0 };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "w.sqlite3", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.sqlite3", NULL);
  g_autofree char *subscribed = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-subscribed.csv", NULL);
  g_autofree char *unsubscribed = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-unsubscribed.csv",
                                                         NULL);
  g_autofree char *form_v3 = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-form-v3.csv", NULL);

  run_cli (&result, (const char *[]) { "-w", path, "import", "--source", "News", subscribed, unsubscribed, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  /* 1 April 2024, before Anna unsubscribed (10 May): given; now: withdrawn. */
  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", "--email", "anna.quist@example.com", "--at",
                                       "01.04.2024", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Consent at 2024-04-01 23:59:59 UTC:\n"));
  g_assert_nonnull (strstr (result.out, "anna.quist@example.com\temail_marketing\temail\tgiven\t2024-03-01"));
  g_assert_null (strstr (result.out, "withdrawn"));
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", "--email", "anna.quist@example.com", NULL });
  g_assert_nonnull (strstr (result.out, "\twithdrawn\t2024-05-10"));
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", "--email", "anna.quist@example.com", "--at",
                                       "yesterday", NULL });
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  /* Gina signed up through form v3; the form is invalidated: her consent no longer counts. */
  run_cli (&result, (const char *[]) { "-w", path, "import", "--source", "News", "--notice", "form v3", form_v3, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", "--email", "gina.berg@example.com", NULL });
  g_assert_nonnull (strstr (result.out, "E-mail marketing: yes"));
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "consent", "invalidate-notice", "form v3", "--reason", "pre-ticked",
                                       NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "Invalidated the notice “form v3”: 1 consent given through it no longer counts, "
                                   "nor will any imported later\n");
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", path, "consent", "show", "--email", "gina.berg@example.com", NULL });
  g_assert_nonnull (strstr (result.out, "E-mail marketing: no (No consent)"));
  result_clear (&result);

  /* T-25: a copy made before an erasure erases the person again when it is opened. */
  {
    sqlite3 *db = NULL;
    char *sql = sqlite3_mprintf ("VACUUM INTO %Q", backup);

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_free (sql);
    sqlite3_close (db);
  }
  run_cli (&result, (const char *[]) { "-w", path, "erase", "--email", "carl.berger@example.org", "--yes", NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, (const char *[]) { "-w", backup, "consent", "show", "--email", "carl.berger@example.org", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "No consent recorded"));
  g_assert_cmpint (count_rows (backup, "SELECT count (*) FROM audit_log WHERE action = 'reapply-erasures'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/info-fresh", test_info_fresh);
  g_test_add_func ("/cli/info-counts", test_info_counts);
  g_test_add_func ("/cli/info-not-workspace", test_info_not_workspace);
  g_test_add_func ("/cli/import", test_import);
  g_test_add_func ("/cli/import-rejects", test_import_rejects);
  g_test_add_func ("/cli/import-zip", test_import_zip);
  g_test_add_func ("/cli/import-refused", test_import_refused);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/resolve-links-explain", test_resolve_links_explain);
  g_test_add_func ("/cli/segment", test_segment);
  g_test_add_func ("/cli/governance", test_governance);
  g_test_add_func ("/cli/concurrent", test_concurrent);
  g_test_add_func ("/cli/retention", test_retention);
  g_test_add_func ("/cli/notices-and-history", test_notices_and_history);

  return g_test_run ();
}
