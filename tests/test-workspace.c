/* test-workspace.c: opening, creating, migrating and refusing workspace files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clt-core.h"
#include "clt-workspace-private.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clt-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "data", "workspace.sqlite3", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gint64
pragma_int (CltWorkspace *workspace,
            const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
pragma_text (CltWorkspace *workspace,
             const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *journal = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;

  workspace = clt_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);

  g_assert_cmpuint (clt_workspace_get_schema_version (workspace), ==, clt_workspace_get_latest_schema_version ());
  g_assert_cmpuint (clt_workspace_get_schema_version (workspace), >=, 1);
  g_assert_cmpstr (clt_workspace_get_path (workspace), ==, fixture->path);
  name = clt_workspace_dup_name (workspace);
  g_assert_cmpstr (name, ==, "workspace");
  g_assert_true (clt_workspace_is_empty (workspace));

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  journal = pragma_text (workspace, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (pragma_int (workspace, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (pragma_int (workspace, "PRAGMA secure_delete"), ==, 1);
  g_assert_cmpint (pragma_int (workspace, "PRAGMA busy_timeout"), >, 0);
  g_assert_cmpint (pragma_int (workspace, "PRAGMA user_version"), ==, clt_workspace_get_latest_schema_version ());

  g_assert_finalize_object (g_steal_pointer (&workspace));
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) first = clt_workspace_open (fixture->path, &error);
  g_autoptr(CltWorkspace) second = NULL;

  g_assert_no_error (error);
  g_assert_true (_clt_workspace_exec (first, "INSERT INTO sources (kind, name, created_at) VALUES ('csv', 'Kept', '2026-01-01T00:00:00Z')", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&first));

  second = clt_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_workspace_count (second, "sources", &error), ==, 1);
  g_assert_false (clt_workspace_is_empty (second));
  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_empty_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "empty.sqlite3", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));

  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clt_workspace_get_schema_version (workspace), ==, clt_workspace_get_latest_schema_version ());
}

static void
test_refuse_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  const char *text = "Kundenliste\nAnna Müller;anna@example.com\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  g_assert_null (clt_workspace_open (path, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_SQLITE);
  g_assert_nonnull (strstr (error->message, "not a Clientele workspace"));

  /* The file is left exactly as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
}

static void
test_refuse_folder (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (clt_workspace_open (fixture->dir, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_WORKSPACE);
}

static void
make_foreign_database (const char *path,
                       const char *sql)
{
  g_autoptr(sqlite3) db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_refuse_other_sqlite (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "places.sqlite", NULL);

  make_foreign_database (path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)");

  g_assert_null (clt_workspace_open (path, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_WORKSPACE);
}

static void
test_refuse_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->path, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("PRAGMA user_version = %u", clt_workspace_get_latest_schema_version () + 1);
  g_assert_true (_clt_workspace_exec (workspace, sql, &error));
  g_assert_finalize_object (g_steal_pointer (&workspace));

  g_assert_null (clt_workspace_open (fixture->path, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Clientele"));
}

/* A file whose first migration was interrupted before commit holds no schema and is
 * migrated from scratch on the next open. */
static void
test_migration_atomic (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "interrupted.sqlite3", NULL);
  g_autoptr(sqlite3) db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN; CREATE TABLE sources (id INTEGER PRIMARY KEY); ROLLBACK;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_workspace_count (workspace, "sources", &error), ==, 0);
}

/* A workspace of schema version 1 is brought up to date, keeping its data. */
static void
test_migrate_from_1 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) schema = g_resources_lookup_data ("/io/github/clientele/core/schema/0001-initial.sql",
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "v1.sqlite3", NULL);
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, g_bytes_get_data (schema, NULL), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "PRAGMA application_id = 1131181105; PRAGMA user_version = 1;"
    "INSERT INTO sources (kind, name, created_at) VALUES ('csv', 'Alt', '2025-01-01T00:00:00Z');"
    "INSERT INTO profiles (created_at, updated_at) VALUES ('2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');",
    NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&db, sqlite3_close);

  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clt_workspace_get_schema_version (workspace), ==, clt_workspace_get_latest_schema_version ());
  g_assert_cmpint (clt_workspace_count (workspace, "sources", NULL), ==, 1);
  g_assert_cmpint (pragma_int (workspace, "SELECT count(*) FROM profiles WHERE display_name IS NULL"), ==, 1);
  g_assert_cmpint (pragma_int (workspace, "SELECT count(*) FROM record_identifiers"), ==, 0);
}

static void
test_count_tables (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->path, &error);
  g_autoptr(GArray) counts = NULL;
  gboolean seen_profiles = FALSE;

  g_assert_no_error (error);
  counts = clt_workspace_count_tables (workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, >=, 10);

  for (guint i = 0; i < counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (counts, CltTableCount, i);

      g_assert_cmpint (count->rows, ==, 0);
      seen_profiles |= g_str_equal (count->table, "profiles");
    }
  g_assert_true (seen_profiles);

  /* Only workspace tables are counted: nothing else reaches the SQL text. */
  g_assert_cmpint (clt_workspace_count (workspace, "sqlite_schema", &error), ==, -1);
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (clt_workspace_count (workspace, "profiles\"; DROP TABLE profiles; --", &error), ==, -1);
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GArray **counts = user_data;
  g_autoptr(GError) error = NULL;

  *counts = clt_workspace_count_tables_finish (CLT_WORKSPACE (object), result, &error);
  g_assert_no_error (error);
}

/* Counting in a thread gives what counting here does. */
static void
test_count_async (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->path, &error);
  g_autoptr(GArray) counts = NULL;

  g_assert_true (_clt_workspace_exec (workspace,
    "INSERT INTO sources (kind, name, created_at) VALUES ('csv', 'A', '2026-01-01T00:00:00Z');"
    "INSERT INTO sources (kind, name, created_at) VALUES ('csv', 'B', '2026-01-01T00:00:00Z');", &error));

  clt_workspace_count_tables_async (workspace, NULL, counted_cb, &counts);
  while (counts == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (g_array_index (counts, CltTableCount, 0).table, ==, "sources");
  g_assert_cmpint (g_array_index (counts, CltTableCount, 0).rows, ==, 2);
}

static void
test_consent_append_only (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_true (_clt_workspace_exec (workspace,
    "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time) "
    "VALUES ('email', 'anna@example.com', 'email_marketing', 'email', 'given', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    &error));
  g_assert_no_error (error);

  g_assert_false (_clt_workspace_exec (workspace, "UPDATE consent_events SET action = 'withdrawn'", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "never updated"));
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) first = clt_workspace_open (fixture->path, &error);
  g_autoptr(CltWorkspace) second = clt_workspace_open (fixture->path, &error);

  g_assert_no_error (error);
  sqlite3_busy_timeout (_clt_workspace_get_db (second), 10);

  g_assert_true (_clt_workspace_begin (first, &error));
  g_assert_false (_clt_workspace_begin (second, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_BUSY);
  _clt_workspace_rollback (first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/workspace/create", test_create);
  ADD ("/workspace/reopen", test_reopen);
  ADD ("/workspace/empty-file", test_empty_file);
  ADD ("/workspace/refuse-text", test_refuse_text);
  ADD ("/workspace/refuse-folder", test_refuse_folder);
  ADD ("/workspace/refuse-other-sqlite", test_refuse_other_sqlite);
  ADD ("/workspace/refuse-newer", test_refuse_newer);
  ADD ("/workspace/migration-atomic", test_migration_atomic);
  ADD ("/workspace/migrate-from-1", test_migrate_from_1);
  ADD ("/workspace/count-tables", test_count_tables);
  ADD ("/workspace/count-async", test_count_async);
  ADD ("/workspace/consent-append-only", test_consent_append_only);
  ADD ("/workspace/busy", test_busy);
#undef ADD

  return g_test_run ();
}
