/* test-crash.c: an import or a resolution killed at any moment leaves the workspace as it was before or
 * as it is after, never in between
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-test-utils.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "clt-core.h"
#include "clt-workspace-private.h"

#define ROWS  30000
#define KILLS 20

static char *tmp_dir;

static char *
write_export (void)
{
  g_autoptr(GString) text = g_string_new ("E-Mail;Vorname;Nachname;PLZ;Ort;Kundennummer\n");
  char *path = g_build_filename (tmp_dir, "kunden.csv", NULL);

  for (guint i = 0; i < ROWS; i++)
    g_string_append_printf (text, "kunde%u@example.com;Vorname%u;Nachname%u;%05u;München;K-%u\n",
                            i, i, i, 80000 + i % 1000, i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  return path;
}

/* The row counts of every table, and whether SQLite finds the file sound. */
static char *
state_of (const char *workspace_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (workspace_path, &error);
  g_autoptr(GArray) counts = NULL;
  g_autoptr(sqlite3_stmt) check = NULL;
  GString *state = g_string_new (NULL);

  g_assert_no_error (error);
  check = _clt_workspace_prepare (workspace, "PRAGMA integrity_check", &error);
  g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");

  counts = clt_workspace_count_tables (workspace, &error);
  for (guint i = 0; i < counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (counts, CltTableCount, i);

      g_string_append_printf (state, "%s=%" G_GINT64_FORMAT " ", count->table, count->rows);
    }

  /* Which profile each record is in, and each profile's facts: a resolution changes these. */
  {
    g_autoptr(sqlite3_stmt) links = _clt_workspace_prepare (workspace,
        "SELECT (SELECT total (id * coalesce (profile_id, 0)) FROM source_records), "
        "       (SELECT total (profile_id * n_records) FROM profile_facts)", &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (links), ==, SQLITE_ROW);
    g_string_append_printf (state, "links=%.0f facts=%.0f", sqlite3_column_double (links, 0),
                            sqlite3_column_double (links, 1));
  }

  return g_string_free (state, FALSE);
}

/* clientele-cli on @workspace_path: "import FILE" (@argument the file) or "resolve --full". */
static GSubprocess *
spawn_cli (const char *workspace_path,
           const char *command,
           const char *argument)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                           g_getenv ("CLT_CLI"), "--workspace", workspace_path, command, argument, NULL);

  g_assert_no_error (error);

  return process;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) destination = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Runs @command on copies of @base: once whole, then killed at random moments @KILLS times;
 * each killed copy must be sound and as before or as after. */
static void
kill_at_random (const char *base,
                const char *command,
                const char *argument,
                guint32     seed)
{
  g_autofree char *full = g_strdup_printf ("%s/%s-full.sqlite3", tmp_dir, command);
  g_autofree char *before = state_of (base);
  g_autofree char *after = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  guint landed_before = 0, landed_after = 0;
  gint64 whole;

  copy_file (base, full);
  {
    g_autoptr(GSubprocess) process = spawn_cli (full, command, argument);
    gint64 start = g_get_monotonic_time ();

    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    whole = g_get_monotonic_time () - start;
  }
  after = state_of (full);
  g_assert_cmpstr (before, !=, after);

  for (guint i = 0; i < KILLS; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s-killed-%u.sqlite3", tmp_dir, command, i);
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *state = NULL;

      copy_file (base, path);
      process = spawn_cli (path, command, argument);

      /* Anywhere from start-up to the commit. */
      g_usleep (g_rand_int_range (rand, 0, MAX (whole, 2000)));
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);

      state = state_of (path);
      if (g_str_equal (state, before))
        landed_before++;
      else
        {
          g_assert_cmpstr (state, ==, after);
          landed_after++;
        }
    }

  g_test_message ("%s: %u kills: %u left the workspace as before, %u as after", command, KILLS, landed_before,
                  landed_after);
  g_assert_cmpuint (landed_before + landed_after, ==, KILLS);
}

static void
test_kill_import (void)
{
  g_autofree char *csv = write_export ();
  g_autofree char *base = g_build_filename (tmp_dir, "base.sqlite3", NULL);
  g_autoptr(GError) error = NULL;

  /* A workspace with something in it already. */
  g_assert_true (clt_demo_import (base, 30, 1, NULL, &error));
  g_assert_no_error (error);
  kill_at_random (base, "import", csv, 4711);
}

/* A resolution from scratch writes every profile, link and fact in one transaction. */
static void
test_kill_resolve (void)
{
  g_autofree char *base = g_build_filename (tmp_dir, "unresolved.sqlite3", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_demo_import (base, 300, 3, NULL, &error));
  g_assert_no_error (error);
  kill_at_random (base, "resolve", "--full", 815);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = clt_test_make_tmp_dir ("clt-crash");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/kill-import", test_kill_import);
  g_test_add_func ("/crash/kill-resolve", test_kill_resolve);

  status = g_test_run ();
  g_free (tmp_dir);

  return status;
}
