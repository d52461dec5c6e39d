/* clt-bench.c: Clientele's benchmarks; prints one Markdown table
 *
 * Each figure is set against a baseline measured in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include "clt-core.h"

typedef struct
{
  const char *what;
  double      seconds;
  double      rows;
  const char *baseline;
  double      baseline_seconds;
} Row;

static double
now (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static double
peak_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return usage.ru_maxrss / 1024.0;
}

static char *
fresh_path (const char *dir,
            const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);

  return path;
}

/* Baseline: SQLite alone opening a file and reading its header pragma. */
static double
bench_raw_open (const char *path,
                guint       rounds)
{
  double start = now ();

  for (guint i = 0; i < rounds; i++)
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      sqlite3_open (path, &db);
      sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }

  return (now () - start) / rounds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) table = g_string_new (NULL);
  g_autofree char *data_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *path = NULL;
  int people = 20000;
  const guint rounds = 50;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));
  double start, create_time = 0, open_time = 0, raw_open;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where to put generated data", "DIR" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "Also write the table to FILE", "FILE" },
    { "people", 0, 0, G_OPTION_ARG_INT, &people, "Persons in the demo exports", "N" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("clt-bench: %s\n", error->message);
      return 2;
    }
  if (data_dir == NULL)
    data_dir = g_dir_make_tmp ("clt-bench-XXXXXX", NULL);

  /* Create a workspace: folder, file, pragmas and every migration. */
  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *fresh = fresh_path (data_dir, "create.sqlite3");
      g_autoptr(CltWorkspace) workspace = NULL;

      start = now ();
      workspace = clt_workspace_open (fresh, &error);
      create_time += now () - start;
      g_assert_no_error (error);
    }
  create_time /= rounds;

  /* Open an existing workspace, against SQLite opening the same file. */
  path = g_build_filename (data_dir, "create.sqlite3", NULL);
  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(CltWorkspace) workspace = NULL;

      start = now ();
      workspace = clt_workspace_open (path, &error);
      open_time += now () - start;
      g_assert_no_error (error);
    }
  open_time /= rounds;
  raw_open = bench_raw_open (path, rounds);

  g_array_append_vals (rows, &(Row) { "create workspace", create_time, 1, "sqlite3_open + user_version", raw_open }, 1);
  g_array_append_vals (rows, &(Row) { "open workspace", open_time, 1, "sqlite3_open + user_version", raw_open }, 1);

  /* Import the demo business's exports, then count every table as `clientele-cli info` does. */
  {
    g_autofree char *sample = fresh_path (data_dir, "sample.sqlite3");
    g_autoptr(CltWorkspace) workspace = NULL;
    g_autoptr(GArray) counts = NULL;
    double fill_time, info_time;
    gint64 records;

    start = now ();
    if (!clt_demo_import (sample, people, 1, NULL, &error))
      g_error ("%s", error->message);
    fill_time = now () - start;

    workspace = clt_workspace_open (sample, &error);
    g_assert_no_error (error);
    records = clt_workspace_count (workspace, "source_records", NULL);

    start = now ();
    counts = clt_workspace_count_tables (workspace, &error);
    info_time = now () - start;
    g_assert_no_error (error);

    g_array_append_vals (rows, &(Row) { "demo exports: write and import (source records)", fill_time, records, NULL, 0 }, 1);
    g_array_append_vals (rows, &(Row) { "info: count every table", info_time, records, NULL, 0 }, 1);
  }

  g_string_append_printf (table, "| figure | time | rows or runs / s | baseline | baseline time | ratio |\n");
  g_string_append_printf (table, "|---|---:|---:|---|---:|---:|\n");
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      g_autofree char *base_time = NULL;
      g_autofree char *ratio = NULL;

      if (row->baseline != NULL)
        {
          base_time = g_strdup_printf ("%.3f ms", row->baseline_seconds * 1000);
          ratio = g_strdup_printf ("%.1fx", row->seconds / row->baseline_seconds);
        }

      g_string_append_printf (table, "| %s | %.3f ms | %.0f | %s | %s | %s |\n",
                              row->what, row->seconds * 1000, row->rows / row->seconds,
                              row->baseline ? row->baseline : "-",
                              base_time ? base_time : "-",
                              ratio ? ratio : "-");
    }
  g_string_append_printf (table, "\nPeak resident memory: %.1f MiB. SQLite %s, %d demo persons.\n",
                          peak_mib (), sqlite3_libversion (), people);

  g_print ("%s", table->str);

  if (output != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (output);

      g_mkdir_with_parents (dir, 0755);
      if (!g_file_set_contents (output, table->str, -1, &error))
        g_error ("%s", error->message);
    }

  g_array_unref (rows);

  return 0;
}
