/* test-crash.c: an import killed at any moment leaves the workspace as it was before or
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

  return g_string_free (state, FALSE);
}

static GSubprocess *
spawn_import (const char *workspace_path,
              const char *csv)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                           g_getenv ("CLT_CLI"), "--workspace", workspace_path, "import", csv, NULL);

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

static void
test_kill_import (void)
{
  g_autofree char *csv = write_export ();
  g_autofree char *base = g_build_filename (tmp_dir, "base.sqlite3", NULL);
  g_autofree char *full = g_build_filename (tmp_dir, "full.sqlite3", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  g_autoptr(GError) error = NULL;
  guint landed_before = 0, landed_after = 0;
  gint64 whole;

  /* A workspace with something in it already, and the state a whole import leaves. */
  g_assert_true (clt_demo_import (base, 30, 1, NULL, &error));
  g_assert_no_error (error);
  before = state_of (base);

  copy_file (base, full);
  {
    g_autoptr(GSubprocess) process = spawn_import (full, csv);
    gint64 start = g_get_monotonic_time ();

    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    whole = g_get_monotonic_time () - start;
  }
  after = state_of (full);
  g_assert_cmpstr (before, !=, after);

  for (guint i = 0; i < KILLS; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/killed-%u.sqlite3", tmp_dir, i);
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *state = NULL;

      copy_file (base, path);
      process = spawn_import (path, csv);

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

  g_test_message ("%u kills: %u left the workspace as before, %u as after", KILLS, landed_before, landed_after);
  g_assert_cmpuint (landed_before + landed_after, ==, KILLS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = clt_test_make_tmp_dir ("clt-crash");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/kill-import", test_kill_import);

  status = g_test_run ();
  g_free (tmp_dir);

  return status;
}
