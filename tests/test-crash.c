/* test-crash.c: an import, a resolution or an erasure killed at any moment, or stopped by a full
 * disk, leaves the workspace as it was before or as it is after, never in between
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-test-utils.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

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

/* clientele-cli on @workspace_path with @args ("import FILE", "resolve --full", "erase ..."),
 * with a data folder of its own: the copies of one workspace would otherwise share an
 * erasure ledger, and the first erasure would be made again in every later copy as it is
 * opened (clt-erasure-ledger.c). */
static GSubprocess *
spawn_cli (const char         *workspace_path,
           const char * const *args,
           GSubprocessFlags    flags)
{
  static guint n_spawned;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autofree char *data_dir = g_strdup_printf ("%s/data-%u", tmp_dir, n_spawned++);
  g_auto(GStrv) strv = NULL;
  GSubprocess *process;

  g_strv_builder_add_many (argv, g_getenv ("CLT_CLI"), "--workspace", workspace_path, NULL);
  g_strv_builder_addv (argv, (const char **) args);
  strv = g_strv_builder_end (argv);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) strv, &error);
  g_assert_no_error (error);

  return process;
}

#define SILENT (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE)

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
kill_at_random (const char         *base,
                const char * const *args,
                guint32             seed)
{
  const char *command = args[0];
  g_autofree char *full = g_strdup_printf ("%s/%s-full.sqlite3", tmp_dir, command);
  g_autofree char *before = state_of (base);
  g_autofree char *after = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  guint landed_before = 0, landed_after = 0;
  gint64 whole;

  copy_file (base, full);
  {
    g_autoptr(GSubprocess) process = spawn_cli (full, args, SILENT);
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
      process = spawn_cli (path, args, SILENT);

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
  kill_at_random (base, (const char * const[]) { "import", csv, NULL }, 4711);
}

/* A resolution from scratch writes every profile, link and fact in one transaction. */
static void
test_kill_resolve (void)
{
  g_autofree char *base = g_build_filename (tmp_dir, "unresolved.sqlite3", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_demo_import (base, 300, 3, NULL, &error));
  g_assert_no_error (error);
  kill_at_random (base, (const char * const[]) { "resolve", "--full", NULL }, 815);
}

/* A resolved workspace and the id of a profile in it. */
static char *
resolved_workspace (const char *name,
                    gint64     *profile_id)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) resolve = NULL;

  g_assert_true (clt_demo_import (path, 300, 3, NULL, &error));
  g_assert_no_error (error);
  resolve = spawn_cli (path, (const char * const[]) { "resolve", NULL }, SILENT);
  g_assert_true (g_subprocess_wait_check (resolve, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CltWorkspace) workspace = clt_workspace_open (path, &error);
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_no_error (error);
    stmt = _clt_workspace_prepare (workspace,
      "SELECT profile_id FROM source_records WHERE profile_id IS NOT NULL GROUP BY profile_id "
      "ORDER BY count (*) DESC, profile_id LIMIT 1", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    *profile_id = sqlite3_column_int64 (stmt, 0);
  }

  return path;
}

/* An erasure deletes a person's records, events and consents, suppresses their addresses and
 * writes its audit entry in one transaction, then checkpoints the log. */
static void
test_kill_erase (void)
{
  gint64 profile_id;
  g_autofree char *base = resolved_workspace ("resolved.sqlite3", &profile_id);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, profile_id);

  kill_at_random (base, (const char * const[]) { "erase", "--profile", id, "--yes", NULL }, 1312);
}

/* Mounts a tmpfs of @size bytes at @dir; FALSE where this process may not mount. */
static gboolean
mount_tmpfs (const char *dir,
             gsize       size)
{
  g_autofree char *options = g_strdup_printf ("size=%" G_GSIZE_FORMAT, size);
  const char *argv[] = { "mount", "-t", "tmpfs", "-o", options, "tmpfs", dir, NULL };
  int status = -1;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static void
unmount (const char *dir)
{
  const char *argv[] = { "umount", dir, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
}

static gsize
file_size (const char *path)
{
  GStatBuf buf;

  g_assert_no_errno (g_stat (path, &buf));

  return buf.st_size;
}

/* @args run on a copy of @base on a disk with little more room than the copy needs: the
 * command fails, says the disk is full, and the workspace is sound and as before. */
static void
run_on_full_disk (const char         *base,
                  const char * const *args)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "small-disk", NULL);
  g_autofree char *path = g_build_filename (dir, "workspace.sqlite3", NULL);
  g_autofree char *before = state_of (base);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (!mount_tmpfs (dir, file_size (base) + 256 * 1024))
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root in a mount namespace, as build-aux/dev gives)");
      return;
    }

  copy_file (base, path);
  process = spawn_cli (path, args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (process));
  g_test_message ("%s on a full disk: %s", args[0], err);
  g_assert_nonnull (strstr (err, "the disk is full"));

  after = state_of (path);
  g_assert_cmpstr (after, ==, before);
  unmount (dir);
}

static void
test_full_disk (void)
{
  g_autofree char *csv = write_export ();
  g_autofree char *base = g_build_filename (tmp_dir, "base-small.sqlite3", NULL);
  g_autofree char *unresolved = g_build_filename (tmp_dir, "unresolved-small.sqlite3", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_demo_import (base, 30, 1, NULL, &error));
  g_assert_no_error (error);
  run_on_full_disk (base, (const char * const[]) { "import", csv, NULL });

  g_assert_true (clt_demo_import (unresolved, 300, 3, NULL, &error));
  g_assert_no_error (error);
  run_on_full_disk (unresolved, (const char * const[]) { "resolve", "--full", NULL });
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
  g_test_add_func ("/crash/kill-erase", test_kill_erase);
  g_test_add_func ("/crash/full-disk", test_full_disk);

  status = g_test_run ();
  g_free (tmp_dir);

  return status;
}
