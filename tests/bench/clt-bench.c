/* clt-bench.c: Clientele's benchmarks; prints one Markdown table
 *
 * Each figure is set against a baseline measured in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "clt-bench-match.h"
#include "clt-browse-private.h"
#include "clt-core.h"
#include "clt-insights-private.h"
#include "clt-workspace-private.h"

typedef struct
{
  const char *what;
  double      seconds;
  double      rows;
  const char *baseline;
  double      baseline_seconds;
  double      peak_mib;         /* the figure's own peak resident memory; 0: the group's */
} Row;

/* Names of rows made up at run time, alive until the table is written. */
static GStringChunk *row_names;

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

/* Starts measuring this process's peak resident memory afresh (VmHWM; Linux 4.0 on), from
 * what it holds now: memory freed by the figures before is given back to the system first. */
static void
peak_reset (void)
{
  malloc_trim (0);
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

/* The peak resident memory since peak_reset(), in MiB. */
static double
peak_since_reset (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, "VmHWM:")))
    return peak_mib ();

  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* Gives the rows from @first on without a peak of their own (a process of their own) the
 * peak since peak_reset(). */
static void
mark_peak (GArray *rows,
           guint   first)
{
  double peak = peak_since_reset ();

  for (guint i = first; i < rows->len; i++)
    if (g_array_index (rows, Row, i).peak_mib == 0)
      g_array_index (rows, Row, i).peak_mib = peak;
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

static const char * const firsts[] = { "Anna", "Jürgen", "Zoë", "Thomas", "Sabine", "Mehmet", "Lea", "Stefan" };
static const char * const lasts[] = { "Müller", "Schmidt", "Weiß", "Groß", "Öztürk", "Neumann", "Koch", "Braun" };
static const char * const cities[] = { "München", "Berlin", "Köln", "Leipzig", "Dresden", "Hamburg" };

/* A CRM export of @rows contacts in 12 columns, written once and kept for later runs. */
static char *
ensure_crm_csv (const char *dir,
                guint       rows)
{
  g_autofree char *name = g_strdup_printf ("crm-%u.csv", rows);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) chunk = g_string_new (NULL);
  FILE *out;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;

  out = fopen (path, "w");
  g_assert_nonnull (out);
  fputs ("Record ID,First Name,Last Name,Email,Phone Number,Lead Status,Create Date,Associated Company,"
         "Street Address,Postal Code,City,Country/Region\n", out);
  for (guint i = 0; i < rows; i++)
    {
      g_string_append_printf (chunk, "%u,%s,%s,kunde%u@example.com,+49 89 %07u,Customer,2024-%02u-%02u 10:%02u,"
                                     "\"Firma %u, GmbH\",Hauptstraße %u,%05u,%s,Germany\n",
                              100000 + i, firsts[i % 8], lasts[(i / 8) % 8], i, i % 10000000, 1 + i % 12,
                              1 + i % 28, i % 60, i % 5000, 1 + i % 200, 1000 + i % 98000, cities[i % 6]);
      if (chunk->len > 1 << 20)
        {
          fwrite (chunk->str, 1, chunk->len, out);
          g_string_truncate (chunk, 0);
        }
    }
  fwrite (chunk->str, 1, chunk->len, out);
  fclose (out);

  return path;
}

/* Baseline: the sqlite3 shell's .import of the same file into a bare table. */
static double
bench_sqlite3_import (const char *dir,
                      const char *csv)
{
  g_autofree char *db = fresh_path (dir, "baseline.sqlite3");
  g_autofree char *command = g_strdup_printf (".import --csv %s contacts", csv);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", db, command, NULL };
  double start = now ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3 .import: %s", error->message);

  return now () - start;
}

/* The floor under the import: the sqlite3 shell putting the same rows, with nothing
 * normalised, into a table in WAL mode as a workspace is, then indexing it by customer
 * number, e-mail and phone (after the rows, SQLite's fastest way), and with @search also
 * into a search index as the profile list's (FTS5, prefixes of 2 and 3). */
static double
bench_sqlite3_indexed_import (const char *dir,
                              const char *csv,
                              gboolean    search)
{
  g_autofree char *db = fresh_path (dir, "floor.sqlite3");
  g_autofree char *script_path = g_build_filename (dir, "floor.sql", NULL);
  g_autofree char *script = g_strdup_printf (
    "PRAGMA journal_mode = WAL;\n"
    "CREATE TABLE contacts (id, first_name, last_name, email, phone, status, created, company, street, "
    "  postcode, city, country);\n"
    ".import --csv --skip 1 \"%s\" contacts\n"
    "CREATE INDEX contacts_id ON contacts (id);\n"
    "CREATE INDEX contacts_email ON contacts (email);\n"
    "CREATE INDEX contacts_phone ON contacts (phone);\n"
    "%s", csv,
    search ? "CREATE VIRTUAL TABLE search USING fts5 (words, content = '', contentless_delete = 1, detail = 'none', "
             "  prefix = '2 3', tokenize = \"unicode61 tokenchars '.@_+-'\");\n"
             "INSERT INTO search (rowid, words) SELECT rowid, lower (concat_ws (' ', first_name, last_name, email, "
             "  phone, city, postcode, company, id)) FROM contacts;\n"
           : "");
  g_autofree char *read = g_strdup_printf (".read %s", script_path);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sqlite3", db, read, NULL };
  double start;
  int status;

  if (!g_file_set_contents (script_path, script, -1, &error))
    g_error ("%s", error->message);

  start = now ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3 indexed .import: %s", error->message);

  return now () - start;
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

static void
add_link (const char *file_name,
          gint64      row,
          gint64      profile_id,
          gpointer    user_data)
{
  g_hash_table_insert (user_data, g_strdup_printf ("%s,%" G_GINT64_FORMAT, file_name, row), GSIZE_TO_POINTER (profile_id));
}

/* Runs `clientele-cli resolve --full` on @workspace_path in a process of its own. */
static void
run_resolve (const char *workspace_path,
             double     *seconds,
             double     *peak_mib,
             char      **output)
{
  const char *argv[] = { CLT_CLI_PATH, "-w", workspace_path, "resolve", "--full", NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  struct rusage usage;
  GPid pid;
  int out_fd, status;
  double start = now ();

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                 NULL, &out_fd, NULL, &error))
    g_error ("clientele-cli: %s", error->message);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, output, NULL, NULL);
  if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("clientele-cli resolve failed: %s", *output);
  *seconds = now () - start;
  *peak_mib = usage.ru_maxrss / 1024.0;
}

static void
wait_counted (CltProfileList *list)
{
  while (clt_profile_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

/* Seconds from a new search, sort or filter to its count and first page. */
static double
time_query (CltProfileList *list,
            const char     *search)
{
  g_autoptr(CltProfileItem) first = NULL;
  double start = now ();

  clt_profile_list_set_search (list, search);
  wait_counted (list);
  if (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    {
      first = g_list_model_get_item (G_LIST_MODEL (list), 0);
      while (clt_profile_item_get_loading (first))
        g_main_context_iteration (NULL, TRUE);
    }

  return now () - start;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
time_sql (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  double start = now ();

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);

  return now () - start;
}

/* The browser on the real window (clt-bench-ui, under the display build-aux/dev provides):
 * its figures as "name value" lines, in a table by name. With @plain_rows instead of a
 * workspace, the same on GTK's column view alone, with that many rows. */
static GHashTable *
measure_window (const char  *workspace,
                guint        plain_rows,
                const char  *renderer,
                GError     **error)
{
  g_autofree char *rows_arg = g_strdup_printf ("%u", plain_rows);
  const char *window_argv[] = { CLT_BENCH_UI_PATH, workspace, NULL };
  const char *plain_argv[] = { CLT_BENCH_UI_PATH, "--plain", rows_arg, NULL };
  const char **argv = workspace ? window_argv : plain_argv;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *figures;
  int status;

  if (renderer != NULL)
    env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      const char *last = strrchr (g_strstrip (err), '\n');

      /* The window's last message says why it stopped. */
      g_prefix_error (error, "%s: ", last ? last + 1 : err);
      return NULL;
    }

  figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *space = strchr (lines[i], ' ');
      double *value;

      if (space == NULL)
        continue;
      value = g_new (double, 1);
      *value = g_ascii_strtod (space + 1, NULL);
      g_hash_table_insert (figures, g_strndup (lines[i], space - lines[i]), value);
    }

  return figures;
}

static double
figure (GHashTable *figures,
        const char *name)
{
  double *value = g_hash_table_lookup (figures, name);

  return value ? *value : 0;
}

/* The profile browser on a generated workspace of @profiles customers and @events purchases. */
static void
bench_browse (const char *data_dir,
              gboolean    reuse,
              guint       profiles,
              guint       events,
              GArray     *rows,
              GString    *notes)
{
  static const char * const searches[] = {
    "müller", "muell", "schmidt anna", "anna.sch", "berlin", "jürgen weber", "0171 23", "CRM-00012", "koch", "zoe",
  };
  g_autofree char *name = g_strdup_printf ("browse-%u-%u.sqlite3", profiles, events);
  g_autofree char *target = reuse ? g_build_filename (data_dir, name, NULL) : fresh_path (data_dir, name);
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltProfileList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) hits = g_string_new (NULL);
  CltProfileItem *item;
  sqlite3 *db = NULL;
  double start, generate, refresh, small, cold, sort, deep, offset, like, median;
  gboolean generated;

  /* Written anew unless --browse-reuse finds it from an earlier run. */
  start = now ();
  generated = !(reuse && g_file_test (target, G_FILE_TEST_EXISTS));
  if (generated && !clt_large_workspace_write (target, profiles, events, 1, &error))
    g_error ("%s", error->message);
  generate = now () - start;

  workspace = clt_workspace_open (target, &error);
  g_assert_no_error (error);

  /* Every profile's facts and words anew, as after a migration or a full resolution. */
  start = now ();
  if (!_clt_workspace_begin (workspace, &error) || !_clt_browse_refresh (workspace, TRUE, &error) ||
      !_clt_workspace_commit (workspace, &error))
    g_error ("%s", error->message);
  refresh = now () - start;

  /* Small writes: a merge's worth of changed profiles (five), refreshed at its commit; the
   * median of nine, against the same writes without the refresh (no facts changed). */
  {
    g_autoptr(GArray) smalls = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < 9; i++)
      {
        g_autoptr(sqlite3_stmt) touch = NULL;

        start = now ();
        if (!_clt_workspace_begin (workspace, &error) ||
            !(touch = _clt_workspace_prepare (workspace, "UPDATE profiles SET updated_at = updated_at "
                                              "WHERE id IN (?1, ?1 * 7, ?1 * 77, ?1 * 777, ?1 * 1111)", &error)))
          g_error ("%s", error->message);
        sqlite3_bind_int64 (touch, 1, i + 3);
        if (!_clt_workspace_step_done (workspace, touch, &error) || !_clt_workspace_commit (workspace, &error))
          g_error ("%s", error->message);
        small = now () - start;
        g_array_append_val (smalls, small);
      }
    g_array_sort (smalls, compare_doubles);
    small = g_array_index (smalls, double, 4);
  }

  /* Cold: a new list, to its count and first page. */
  start = now ();
  list = clt_profile_list_new (workspace);
  wait_counted (list);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  while (clt_profile_item_get_loading (item))
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (item);
  cold = now () - start;

  /* A page deep in the list, by its anchor. */
  start = now ();
  item = g_list_model_get_item (G_LIST_MODEL (list), MIN (900000, profiles - 1));
  while (clt_profile_item_get_loading (item))
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (item);
  deep = now () - start;

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      double t = time_query (list, searches[i]);

      g_array_append_val (times, t);
      g_string_append_printf (hits, "%s“%s” %u (%.1f ms)", i ? ", " : "", searches[i],
                              g_list_model_get_n_items (G_LIST_MODEL (list)), t * 1000);
    }
  g_array_sort (times, compare_doubles);
  median = (g_array_index (times, double, times->len / 2) + g_array_index (times, double, (times->len - 1) / 2)) / 2;

  time_query (list, NULL);
  start = now ();
  clt_profile_list_set_sort (list, CLT_PROFILE_SORT_SPEND, TRUE);
  wait_counted (list);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  while (clt_profile_item_get_loading (item))
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (item);
  sort = now () - start;

  g_assert_cmpint (sqlite3_open_v2 (target, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  like = time_sql (db, "SELECT id, display_name FROM profiles WHERE display_name LIKE 'muell%'");
  offset = time_sql (db, "SELECT f.profile_id, p.display_name, p.email, p.city FROM profile_facts f "
                         "JOIN profiles p ON p.id = f.profile_id ORDER BY f.name_key, f.profile_id LIMIT 128 OFFSET 900000");
  sqlite3_close (db);

  if (generated)
    g_array_append_vals (rows, &(Row) { "browse: generate workspace (profiles)", generate, profiles, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "browse: full facts and search refresh (profiles)", refresh, profiles, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "browse: refresh at a commit changing 5 profiles", small, 1, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "browse: cold list, count and first page", cold, 1, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "browse: search, median", median, 1, "LIKE 'muell%' full scan", like }, 1);
  g_array_append_vals (rows, &(Row) { "browse: search, slowest", g_array_index (times, double, times->len - 1), 1,
                                      "LIKE 'muell%' full scan", like }, 1);
  g_array_append_vals (rows, &(Row) { "browse: sort by spend, count and first page", sort, 1, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "browse: page at position 900,000 (keyset)", deep, 1, "ORDER BY ... OFFSET 900000", offset }, 1);
  g_string_append_printf (notes, "\nProfile browser on %u generated profiles and %u events: searches (hits, time to "
                          "count and first page): %s.\n", profiles, events, hits->str);

  /* The same workspace in the window. */
  g_clear_object (&list);
  g_clear_object (&workspace);
  {
    g_autofree char *small_path = fresh_path (data_dir, "browse-small.sqlite3");
    g_autoptr(GHashTable) shown = NULL;
    g_autoptr(GHashTable) small_shown = NULL;
    g_autoptr(GHashTable) cairo_shown = NULL;
    g_autoptr(GHashTable) plain = NULL;
    g_autoptr(GHashTable) cairo_plain = NULL;
    g_autofree char *open_what = NULL;
    g_autofree char *timeline_what = NULL;
    g_autofree char *small_what = NULL;
    g_autofree char *small_timeline_what = NULL;

    /* The baseline: the same window on 500 customers, where nothing scales. */
    if (!clt_large_workspace_write (small_path, 500, 2500, 1, &error) ||
        !(small_shown = measure_window (small_path, 0, NULL, &error)) ||
        !(shown = measure_window (target, 0, NULL, &error)) ||
        !(cairo_shown = measure_window (target, 0, "cairo", &error)) ||
        !(plain = measure_window (NULL, profiles, NULL, &error)) ||
        !(cairo_plain = measure_window (NULL, profiles, "cairo", &error)))
      {
        g_string_append_printf (notes, "\nThe window's figures were not measured: %s.\n", error->message);
        return;
      }
    open_what = g_strdup_printf ("browse window: open the customer with %.0f events, first frame (median of %.0f)",
                                 figure (shown, "open-events"), figure (shown, "openings"));
    timeline_what = g_strdup ("browse window: their timeline, its first page painted");
    small_what = g_strdup_printf ("the customer with the fewest events (%.0f)", figure (shown, "open-small-events"));
    small_timeline_what = g_strdup_printf ("the timeline of the customer with %.0f events", figure (shown, "open-small-events"));
    g_array_append_vals (rows, &(Row) { "browse window: process start to first rows painted",
                                        figure (shown, "startup-ms") / 1000, 1,
                                        "500 customers", figure (small_shown, "startup-ms") / 1000 , figure (shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { "browse window: longest main-thread block, scrollbar dragged top to bottom",
                                        figure (shown, "scroll-max-block-ms") / 1000, 1,
                                        "500 customers", figure (small_shown, "scroll-max-block-ms") / 1000 , figure (shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { "browse window: the same with GTK's cairo renderer",
                                        figure (cairo_shown, "scroll-max-block-ms") / 1000, 1,
                                        "GTK's default renderer", figure (shown, "scroll-max-block-ms") / 1000 , figure (cairo_shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { "browse window: the same drag, against GTK alone (a plain column view of labels)",
                                        figure (shown, "scroll-max-block-ms") / 1000, 1,
                                        "GtkColumnView, GtkLabel cells", figure (plain, "scroll-max-block-ms") / 1000,
                                        figure (shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { "browse window: the same drag with cairo, against GTK alone with cairo",
                                        figure (cairo_shown, "scroll-max-block-ms") / 1000, 1,
                                        "GtkColumnView, GtkLabel cells", figure (cairo_plain, "scroll-max-block-ms") / 1000,
                                        figure (cairo_shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { "browse window: a frame repainting the rows 3 pixels down, mean (the renderer's floor)",
                                        figure (shown, "repaint-mean-ms") / 1000, 1,
                                        "GTK's cairo renderer", figure (cairo_shown, "repaint-mean-ms") / 1000 , figure (shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { "browse window: rows at the bottom filled after the drag",
                                        figure (shown, "scroll-settle-ms") / 1000, 1,
                                        "500 customers", figure (small_shown, "scroll-settle-ms") / 1000 , figure (shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { g_string_chunk_insert (row_names, open_what), figure (shown, "open-ms") / 1000, 1,
                                        g_string_chunk_insert (row_names, small_what), figure (shown, "open-small-ms") / 1000 , figure (shown, "peak-mib") }, 1);
    g_array_append_vals (rows, &(Row) { g_string_chunk_insert (row_names, timeline_what),
                                        figure (shown, "timeline-ms") / 1000, 1,
                                        g_string_chunk_insert (row_names, small_timeline_what), figure (shown, "timeline-small-ms") / 1000 , figure (shown, "peak-mib") }, 1);
    g_string_append_printf (notes, "\nThe window on that workspace: %.0f customers listed; while the scrollbar was "
                            "dragged for 2 s, %.0f frames painted and the main thread busy %.0f ms (500 customers: "
                            "%.0f frames, %.0f ms); resident memory %.1f MiB at the end, %.1f MiB at its peak (500 "
                            "customers: %.1f MiB), the window's process alone, under Xvfb with GTK's default "
                            "renderer (GL, on Mesa's llvmpipe here). A frame that only repaints the rows, scrolled "
                            "by 3 pixels, kept the main thread %.1f ms on average and %.1f ms at most (cairo "
                            "renderer: %.1f and %.1f ms). The main thread was busy for more than 16 ms at once %.0f "
                            "times during the drag; with the cairo renderer %.0f times, the drag painted %.0f frames "
                            "and its longest block was %.1f ms. Each customer was opened %.0f times, in turns: the "
                            "slowest opening of the one with %.0f events took %.1f ms (with %.0f events: %.1f ms); the "
                            "first customer opened, when the page is built, %.1f ms.\n",
                            figure (shown, "profiles"), figure (shown, "scroll-frames"), figure (shown, "scroll-busy-ms"),
                            figure (small_shown, "scroll-frames"), figure (small_shown, "scroll-busy-ms"),
                            figure (shown, "rss-mib"), figure (shown, "peak-mib"), figure (small_shown, "peak-mib"),
                            figure (shown, "repaint-mean-ms"), figure (shown, "repaint-max-ms"),
                            figure (cairo_shown, "repaint-mean-ms"), figure (cairo_shown, "repaint-max-ms"),
                            figure (shown, "scroll-over-16-ms"), figure (cairo_shown, "scroll-over-16-ms"),
                            figure (cairo_shown, "scroll-frames"), figure (cairo_shown, "scroll-max-block-ms"),
                            figure (shown, "openings"), figure (shown, "open-events"), figure (shown, "open-max-ms"),
                            figure (shown, "open-small-events"), figure (shown, "open-small-max-ms"),
                            figure (shown, "open-first-ms"));
    g_string_append_printf (notes, "\nGTK alone, for comparison: a window of the same size and layout whose "
                            "GtkColumnView shows %.0f rows of seven GtkLabel cells, all in memory, with no "
                            "Clientele code. The same drag kept its main thread %.1f ms at most, longer than 16 ms %.0f "
                            "times (%.0f frames); a frame repainting its rows took %.1f ms on average. With the cairo "
                            "renderer: %.1f ms at most, %.0f times longer than 16 ms (%.0f frames), and %.1f ms.\n",
                            figure (plain, "profiles"), figure (plain, "scroll-max-block-ms"), figure (plain, "scroll-over-16-ms"),
                            figure (plain, "scroll-frames"), figure (plain, "repaint-mean-ms"),
                            figure (cairo_plain, "scroll-max-block-ms"), figure (cairo_plain, "scroll-over-16-ms"),
                            figure (cairo_plain, "scroll-frames"), figure (cairo_plain, "repaint-mean-ms"));
  }
}

/* ---- segments ---- */

/* Items, stores and newsletter events for the generated workspace (which has none), so that
 * product filters and newsletter conditions have something to find; once per file. */
static void
segments_prepare (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) done = _clt_workspace_prepare (workspace,
    "SELECT 1 FROM workspace_meta WHERE key = 'bench_segments'", &error);

  g_assert_no_error (error);
  if (sqlite3_step (done) == SQLITE_ROW)
    return;

  if (!_clt_workspace_begin (workspace, &error) ||
      !_clt_workspace_exec (workspace,
        "UPDATE events SET detail = json_object ('store', CASE id % 4 WHEN 0 THEN 'München Mitte' WHEN 1 THEN 'Berlin Mitte' "
        "  WHEN 2 THEN 'Online' ELSE 'Hamburg' END, 'items', CASE WHEN id % 3 = 0 "
        "  THEN json_array (json_object ('name', 'Espresso'), json_object ('name', 'Filterkaffee')) "
        "  ELSE json_array (json_object ('name', CASE (id * 7) % 6 WHEN 0 THEN 'Espresso' WHEN 1 THEN 'Filterkaffee' "
        "    WHEN 2 THEN 'Cappuccino Bohnen' WHEN 3 THEN 'Tee' WHEN 4 THEN 'Kakao' ELSE 'Espresso Maschine' END)) END);"
        /* a newsletter opened by about a third of the people in the last 60 days, a click by a tenth */
        "INSERT INTO events (profile_id, kind, occurred_at, detail) "
        "  SELECT id, 'newsletter_open', strftime ('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '-' || (id * 13 % 60) || ' days'), "
        "  '{\"campaign\":\"Winter\"}' FROM profiles WHERE id % 3 = 0;"
        "INSERT INTO events (profile_id, kind, occurred_at, detail) "
        "  SELECT id, 'newsletter_click', strftime ('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '-' || (id * 7 % 60) || ' days'), "
        "  '{\"campaign\":\"Winter\"}' FROM profiles WHERE id % 10 = 0;"
        "INSERT INTO workspace_meta (key, value) VALUES ('bench_segments', '1');", &error) ||
      !_clt_workspace_commit (workspace, &error))
    g_error ("%s", error->message);
}

static double
time_count (CltSegmentEvaluator *evaluator,
            CltSegmentGroup     *root,
            gboolean             sql,
            gint64              *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentCounts) counts = NULL;
  double start = now ();

  counts = sql ? clt_segment_evaluator_count_sql (evaluator, root, NULL, &error)
               : clt_segment_evaluator_count (evaluator, root, 0, NULL, &error);
  g_assert_no_error (error);
  *total = clt_segment_counts_get_total (counts);

  return now () - start;
}

static void
bench_segments (const char *data_dir,
                gboolean    reuse,
                guint       profiles,
                guint       events,
                GArray     *rows,
                GString    *notes)
{
  static const struct { const char *what; const char *json; } segments[] = {
    /* The example; the generated customers buy about once a year, so in 90 days
     * nobody bought espresso three times (the fourth asks for a year). */
    { "Espresso 3+ in 90 days, München, may be e-mailed, spend >= 100, in the shop",
      "{\"version\":1,\"match\":\"all\",\"children\":["
      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\">=\",\"values\":[\"3\"],"
      " \"filters\":{\"product\":\"Espresso\"},\"window\":{\"type\":\"last-days\",\"days\":90}},"
      "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\",\"values\":[\"München\"]},"
      "{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\",\"operator\":\"is\",\"values\":[\"given\"]},"
      "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\">=\",\"values\":[\"100\"]},"
      "{\"type\":\"condition\",\"kind\":\"source\",\"field\":\"source\",\"operator\":\"in\",\"values\":[\"Shop\"]}]}" },
    { "spent >= 100 EUR in 90 days, may be e-mailed, active in 90 days, 2+ orders",
      "{\"version\":1,\"match\":\"all\",\"children\":["
      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"aggregate\":\"sum\",\"operator\":\">=\","
      " \"values\":[\"100\"],\"window\":{\"type\":\"last-days\",\"days\":90}},"
      "{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\",\"operator\":\"is\",\"values\":[\"given\"]},"
      "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"last_activity\",\"operator\":\"within-last\",\"values\":[\"90\"]},"
      "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"orders\",\"operator\":\">=\",\"values\":[\"2\"]}]}" },
    { "opened a newsletter in 30 days, bought nothing in 30 days, may be e-mailed, none of (Berlin, Hamburg)",
      "{\"version\":1,\"match\":\"all\",\"children\":["
      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"newsletter_open\",\"operator\":\">=\",\"values\":[\"1\"],"
      " \"window\":{\"type\":\"last-days\",\"days\":30}},"
      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\"=\",\"values\":[\"0\"],"
      " \"window\":{\"type\":\"last-days\",\"days\":30}},"
      "{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\",\"operator\":\"is\",\"values\":[\"given\"]},"
      "{\"type\":\"group\",\"match\":\"none\",\"children\":["
      " {\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\",\"values\":[\"Berlin\"]},"
      " {\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\",\"values\":[\"Hamburg\"]}]}]}" },
    { "Espresso in the last 365 days (a year of purchases: about 1.1 million), München, may be e-mailed, "
      "spend >= 100, in the shop",
      "{\"version\":1,\"match\":\"all\",\"children\":["
      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\">=\",\"values\":[\"1\"],"
      " \"filters\":{\"product\":\"Espresso\"},\"window\":{\"type\":\"last-days\",\"days\":365}},"
      "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\",\"values\":[\"München\"]},"
      "{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\",\"operator\":\"is\",\"values\":[\"given\"]},"
      "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\">=\",\"values\":[\"100\"]},"
      "{\"type\":\"condition\",\"kind\":\"source\",\"field\":\"source\",\"operator\":\"in\",\"values\":[\"Shop\"]}]}" },
  };
  g_autofree char *name = g_strdup_printf ("segments-%u-%u.sqlite3", profiles, events);
  g_autofree char *target = reuse ? g_build_filename (data_dir, name, NULL) : fresh_path (data_dir, name);
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 1, 1, 12, 0, 0);
  double start, prepare;

  start = now ();
  if (!(reuse && g_file_test (target, G_FILE_TEST_EXISTS)) &&
      !clt_large_workspace_write (target, profiles, events, 1, &error))
    g_error ("%s", error->message);
  workspace = clt_workspace_open (target, &error);
  g_assert_no_error (error);
  segments_prepare (workspace);
  prepare = now () - start;
  g_string_append_printf (notes, "\nSegments on %u generated profiles and %u purchases (with items and stores added, "
                          "newsletter opens and clicks; %.1f s to make): ", profiles, events, prepare);

  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      g_autoptr(CltSegmentGroup) root = clt_segment_definition_from_json (segments[i].json, -1, &error);
      g_autoptr(CltSegmentEvaluator) evaluator = NULL;
      g_autoptr(CltSegmentEvaluator) sql_evaluator = NULL;
      CltCondition *first;
      gint64 total, sql_total, edited_total;
      double cold, warm, edit, sql, edited_sql;
      const char *what_cold[] = { "segments: 1 cold count, total and every condition", "segments: 2 cold count, total and every condition",
                                  "segments: 3 cold count, total and every condition", "segments: 4 cold count, total and every condition" };
      const char *what_edit[] = { "segments: 1 after editing a condition", "segments: 2 after editing a condition",
                                  "segments: 3 after editing a condition", "segments: 4 after editing a condition" };

      g_assert_no_error (error);
      evaluator = clt_segment_evaluator_new (target, &error);
      g_assert_no_error (error);
      sql_evaluator = clt_segment_evaluator_new (target, &error);
      g_assert_no_error (error);
      clt_segment_evaluator_set_now (evaluator, today);
      clt_segment_evaluator_set_now (sql_evaluator, today);

      /* Cold: a new evaluator, nothing read yet, the file in the page cache: a throwaway
       * evaluator's count reads the pages first (after other work, or a while, the kernel has
       * dropped them: then the first count took 0.1-1 s of disk reads). */
      {
        g_autoptr(CltSegmentEvaluator) warm_up = clt_segment_evaluator_new (target, &error);

        g_assert_no_error (error);
        clt_segment_evaluator_set_now (warm_up, today);
        time_count (warm_up, root, FALSE, &total);
      }
      cold = time_count (evaluator, root, FALSE, &total);
      warm = time_count (evaluator, root, FALSE, &total);
      sql = time_count (sql_evaluator, root, TRUE, &sql_total);
      g_assert_cmpint (total, ==, sql_total);

      /* As in the builder: one condition's value changes, the rest is read already. */
      /* München becomes Hamburg in the first; e-mail consent given becomes withdrawn in the others. */
      first = CLT_CONDITION (clt_segment_group_get_child (root, 1));
      for (guint c = 0; i > 0 && c < clt_segment_group_get_n_children (root); c++)
        {
          CltSegmentNode *child = clt_segment_group_get_child (root, c);

          if (CLT_IS_CONDITION (child) && clt_condition_get_kind (CLT_CONDITION (child)) == CLT_CONDITION_CONSENT)
            first = CLT_CONDITION (child);
        }
      if (i == 0)
        clt_condition_set_values (first, (const char * const[]) { "Hamburg", NULL });
      else
        clt_condition_set_values (first, (const char * const[]) { "withdrawn", NULL });
      edit = time_count (evaluator, root, FALSE, &edited_total);
      edited_sql = time_count (sql_evaluator, root, TRUE, &sql_total);
      g_assert_cmpint (edited_total, ==, sql_total);

      g_array_append_vals (rows, &(Row) { what_cold[i], cold, 1, "one SQL query: total, own counts and removes", sql }, 1);
      g_array_append_vals (rows, &(Row) { what_edit[i], edit, 1, "one SQL query: total, own counts and removes", edited_sql }, 1);
      g_string_append_printf (notes, "%s%u. %s: %" G_GINT64_FORMAT " (after the edit %" G_GINT64_FORMAT "), unchanged "
                              "recount %.1f ms", i ? "; " : "", i + 1, segments[i].what, total, edited_total, warm * 1000);
    }
  g_string_append (notes, ".\n");

  /* Who of everyone may be e-mailed, through which address, and why the others not: what an
   * export and the consent panel ask. */
  {
    g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
    g_autoptr(CltEligibility) eligibility = NULL;
    double started = now ();

    eligibility = clt_consent_ledger_check (ledger, "email_marketing", NULL, 0, &error);
    g_assert_no_error (error);
    g_array_append_vals (rows, &(Row) { "consent: who of all profiles may be e-mailed, with reasons", now () - started,
                                        profiles, NULL, 0 }, 1);
    g_string_append_printf (notes, "Consent eligibility for e-mail marketing: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                            " may be e-mailed (%" G_GINT64_FORMAT " withdrawn, %" G_GINT64_FORMAT " without consent).\n",
                            clt_eligibility_get_n_eligible (eligibility), clt_eligibility_get_n_candidates (eligibility),
                            clt_eligibility_get_n_excluded (eligibility, CLT_EXCLUSION_WITHDRAWN),
                            clt_eligibility_get_n_excluded (eligibility, CLT_EXCLUSION_NO_CONSENT));
  }
}

static double
time_step (CltInsightsStepFunc  step,
           CltWorkspace        *workspace,
           GDateTime           *today)
{
  g_autoptr(GError) error = NULL;
  double start = now ();

  if (!step (workspace, today, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);

  return now () - start;
}

static gboolean
clv_step (CltWorkspace             *workspace,
          GDateTime                *now,
          GCancellable             *cancellable,
          CltInsightsProgressFunc   progress,
          gpointer                  data,
          GError                  **error)
{
  return _clt_insights_clv_compute (workspace, now, cancellable, progress, data, NULL, error);
}

static gboolean
suggestions_step (CltWorkspace             *workspace,
                  GDateTime                *now,
                  GCancellable             *cancellable,
                  CltInsightsProgressFunc   progress,
                  gpointer                  data,
                  GError                  **error)
{
  return clt_insights_suggest_audiences (workspace, now, progress, data, cancellable, error);
}

/* All insights on the segments' workspace (1M profiles, 5M purchases with items): each model,
 * then all of them as Compute Insights runs them. The aim: under 60 s in all. */
static void
bench_insights (const char *data_dir,
                gboolean    reuse,
                guint       profiles,
                guint       events,
                GArray     *rows,
                GString    *notes)
{
  g_autofree char *name = g_strdup_printf ("segments-%u-%u.sqlite3", profiles, events);
  g_autofree char *target = reuse ? g_build_filename (data_dir, name, NULL) : fresh_path (data_dir, name);
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 1, 1, 12, 0, 0);
  double clv, rfm, rules, suggestions, all, start;

  if (!(reuse && g_file_test (target, G_FILE_TEST_EXISTS)) &&
      !clt_large_workspace_write (target, profiles, events, 1, &error))
    g_error ("%s", error->message);
  workspace = clt_workspace_open (target, &error);
  g_assert_no_error (error);
  segments_prepare (workspace);

  clv = time_step (clv_step, workspace, today);
  rfm = time_step (_clt_insights_rfm_compute, workspace, today);
  rules = time_step (_clt_insights_rules_compute, workspace, today);
  suggestions = time_step (suggestions_step, workspace, today);
  start = now ();
  if (!clt_insights_compute (workspace, today, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  all = now () - start;

  g_array_append_vals (rows, &(Row) { "insights: lifetime value (BG/NBD, Gamma-Gamma), customers", clv, profiles, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "insights: RFM scores and groups, customers", rfm, profiles, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "insights: basket rules (pairs and triples), purchases", rules, events, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "insights: suggested audiences (k-means), customers", suggestions, profiles, NULL, 0 }, 1);
  g_array_append_vals (rows, &(Row) { "insights: all of them (Compute Insights), customers", all, profiles, NULL, 0 }, 1);
  g_string_append_printf (notes, "\nInsights on the segments' workspace (%u profiles, %u purchases with items): "
                          "lifetime value %.1f s, RFM %.1f s, basket rules %.1f s, suggested audiences %.1f s; "
                          "all together %.1f s (the aim: under 60 s).\n", profiles, events, clv, rfm, rules, suggestions, all);
}

/* Whether to measure @figure: all figures unless --only names one. */
static gboolean
wanted (const char *only,
        const char *figure)
{
  return only == NULL || g_str_equal (only, figure);
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
  g_autofree char *only = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);
  int people = 20000;
  int import_rows = 1000000;
  int match_records = 1000000;
  int resolve_records = 1000000;
  int browse_profiles = 1000000;
  int browse_events = 5000000;
  gboolean browse_reuse = FALSE;
  int segments_profiles = 1000000;
  int segments_events = 5000000;
  gboolean segments_reuse = FALSE;
  const guint rounds = 50;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GStringChunk) names = row_names = g_string_chunk_new (256);
  double start, create_time = 0, open_time = 0, raw_open;
  guint first;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where to put generated data", "DIR" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "Also write the table to FILE", "FILE" },
    { "people", 0, 0, G_OPTION_ARG_INT, &people, "Persons in the demo exports", "N" },
    { "import-rows", 0, 0, G_OPTION_ARG_INT, &import_rows, "Rows of the CRM export to import", "N" },
    { "match-records", 0, 0, G_OPTION_ARG_INT, &match_records, "Synthetic person records to match", "N" },
    { "resolve-records", 0, 0, G_OPTION_ARG_INT, &resolve_records, "Source records to resolve in a workspace", "N" },
    { "browse-profiles", 0, 0, G_OPTION_ARG_INT, &browse_profiles, "Profiles in the generated workspace to browse", "N" },
    { "browse-reuse", 0, 0, G_OPTION_ARG_NONE, &browse_reuse, "Keep the generated workspace to browse for later runs", NULL },
    { "browse-events", 0, 0, G_OPTION_ARG_INT, &browse_events, "Events in the generated workspace to browse", "N" },
    { "segments-profiles", 0, 0, G_OPTION_ARG_INT, &segments_profiles, "Profiles in the generated workspace to segment", "N" },
    { "segments-events", 0, 0, G_OPTION_ARG_INT, &segments_events, "Purchases in the generated workspace to segment", "N" },
    { "segments-reuse", 0, 0, G_OPTION_ARG_NONE, &segments_reuse, "Keep the generated workspace to segment for later runs", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Measure only FIGURE: match, resolve, workspace, demo, import, browse, segments or insights", "FIGURE" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("clt-bench: %s\n", error->message);
      return 2;
    }
  if (only != NULL && !g_strv_contains ((const char * const[]) { "match", "resolve", "workspace", "demo", "import", "browse", "segments", "insights", NULL }, only))
    {
      g_printerr ("clt-bench: no figure %s (match, resolve, workspace, demo, import, browse, segments, insights)\n", only);
      return 2;
    }
  if (data_dir == NULL)
    data_dir = g_dir_make_tmp ("clt-bench-XXXXXX", NULL);

  /* Each group of figures measures its own peak memory (see mark_peak()). */
  peak_reset ();
  first = rows->len;

  /* Match synthetic persons, first so that the peak memory measured is the matcher's. */
  if (wanted (only, "match"))
    {
      CltBenchMatch match;

      clt_bench_match (match_records, &match);
      g_array_append_vals (rows, &(Row) { "match person records (records)", match.seconds, match.records, NULL, 0 }, 1);
      g_string_append_printf (notes, "\nMatching %u synthetic person records: %" G_GUINT64_FORMAT " pairs compared; "
                              "add records %.2f s, block and compare %.2f s, u %.2f s, m (EM) %.2f s, "
                              "scoring, clustering and review %.2f s; total %.2f s; peak resident memory %.1f MiB; "
                              "pairwise precision %.4f, recall %.4f, F1 %.4f.\n",
                              match.records, match.compared, match.phase_seconds[CLT_MATCH_PHASE_ADD],
                              match.phase_seconds[CLT_MATCH_PHASE_PAIRS], match.phase_seconds[CLT_MATCH_PHASE_U],
                              match.phase_seconds[CLT_MATCH_PHASE_M], match.phase_seconds[CLT_MATCH_PHASE_CLUSTER],
                              match.seconds, match.peak_mib, match.precision, match.recall, match.f1);
    }

  /* Resolve a workspace of a million source records from scratch: the exports of five
   * systems imported, then `clientele-cli resolve --full` in a process of its own, so that
   * its time and peak memory are its own. */
  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  if (wanted (only, "resolve"))
    {
      g_autofree char *dir = g_build_filename (data_dir, "resolve", NULL);
      g_autofree char *target = fresh_path (data_dir, "resolve.sqlite3");
      g_autoptr(GString) truth = g_string_new (NULL);
      g_autoptr(GHashTable) profile_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(CltWorkspace) workspace = NULL;
      g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_auto(GStrv) paths = NULL;
      g_auto(GStrv) lines = NULL;
      g_autofree char *summary = NULL;
      double import_start, import_time, seconds, peak, load = 0, match = 0, write = 0, precision, recall, f1;
      guint64 compared = 0;
      guint records = 0, profiles = 0, merged = 0, review = 0;

      g_mkdir_with_parents (dir, 0700);
      paths = clt_bench_write_exports (resolve_records, dir, truth);
      import_start = now ();
      for (guint i = 0; paths[i]; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
          g_autoptr(CltImporter) importer = clt_importer_new (target, file);
          g_autofree char *source = g_strdup_printf ("System %u", i + 1);

          if (!clt_importer_prepare (importer, NULL, &error))
            g_error ("%s", error->message);
          clt_importer_set_source_name (importer, source);
          if (!clt_importer_run (importer, FALSE, NULL, &error))
            g_error ("%s", error->message);
        }
      import_time = now () - import_start;

      run_resolve (target, &seconds, &peak, &summary);
      if (sscanf (summary, "%u records, %u profiles, %u merged, %u pairs to review, %" G_GUINT64_FORMAT " pairs compared, "
                  "%*f s (load %lf s, match %lf s, write %lf s)", &records, &profiles, &merged, &review, &compared,
                  &load, &match, &write) != 8)
        g_error ("Unexpected output of clientele-cli resolve: %s", summary);

      /* Pairwise quality against the persons the records were made from. */
      workspace = clt_workspace_open (target, &error);
      g_assert_no_error (error);
      if (!clt_identity_foreach_link (workspace, add_link, profile_of, &error))
        g_error ("%s", error->message);
      lines = g_strsplit (truth->str, "\n", -1);
      for (guint i = 0; lines[i] && lines[i][0]; i++)
        {
          guint file, row, person;
          g_autofree char *key = NULL;
          guint64 entry;

          sscanf (lines[i], "%u,%u,%u", &file, &row, &person);
          key = g_strdup_printf ("kunden-%u.csv,%u", file + 1, row);
          entry = (guint64) GPOINTER_TO_SIZE (g_hash_table_lookup (profile_of, key)) << 32 | person;
          g_array_append_val (keys, entry);
        }
      clt_bench_quality ((guint64 *) keys->data, keys->len, &precision, &recall, &f1);

      g_array_append_vals (rows, &(Row) { "resolve source records from scratch (records)", seconds, records, NULL, 0, peak }, 1);
      g_string_append_printf (notes, "\nResolving %u source records of five systems (imported in %.1f s): "
                              "%" G_GUINT64_FORMAT " pairs compared; load %.2f s, match %.2f s, write %.2f s; "
                              "total %.2f s with start-up; %u profiles, %u merged, %u pairs to review; "
                              "peak resident memory %.1f MiB; pairwise precision %.4f, recall %.4f, F1 %.4f.\n",
                              records, import_time, compared, load, match, write, seconds, profiles, merged, review,
                              peak, precision, recall, f1);
    }

  /* Create a workspace: folder, file, pragmas and every migration. */
  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  for (guint i = 0; i < rounds && wanted (only, "workspace"); i++)
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
  for (guint i = 0; i < rounds && wanted (only, "workspace"); i++)
    {
      g_autoptr(CltWorkspace) workspace = NULL;

      start = now ();
      workspace = clt_workspace_open (path, &error);
      open_time += now () - start;
      g_assert_no_error (error);
    }
  open_time /= rounds;

  if (wanted (only, "workspace"))
    {
      raw_open = bench_raw_open (path, rounds);
      g_array_append_vals (rows, &(Row) { "create workspace", create_time, 1, "sqlite3_open + user_version", raw_open }, 1);
      g_array_append_vals (rows, &(Row) { "open workspace", open_time, 1, "sqlite3_open + user_version", raw_open }, 1);
    }

  /* Import the demo business's exports, then count every table as `clientele-cli info` does. */
  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  if (wanted (only, "demo"))
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

  /* Import a large CRM export, against the sqlite3 shell's .import of the same file. */
  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  if (wanted (only, "import"))
    {
      g_autofree char *csv = ensure_crm_csv (data_dir, import_rows);
      g_autofree char *target = fresh_path (data_dir, "import.sqlite3");
      g_autoptr(GFile) file = g_file_new_for_path (csv);
      g_autoptr(CltImporter) importer = clt_importer_new (target, file);
      double baseline = bench_sqlite3_import (data_dir, csv);
      double indexed = bench_sqlite3_indexed_import (data_dir, csv, FALSE);
      double floor = bench_sqlite3_indexed_import (data_dir, csv, TRUE);
      double import_time, dry_time;

      /* The dry run the import assistant shows first, into a workspace of its own: the same
       * rows written, then rolled back. */
      {
        g_autofree char *dry_target = fresh_path (data_dir, "import-dry-run.sqlite3");
        g_autoptr(CltImporter) dry = clt_importer_new (dry_target, file);

        start = now ();
        if (!clt_importer_run (dry, TRUE, NULL, &error))
          g_error ("%s", error->message);
        dry_time = now () - start;
      }

      start = now ();
      if (!clt_importer_run (importer, FALSE, NULL, &error))
        g_error ("%s", error->message);
      import_time = now () - start;
      g_assert_cmpuint (clt_importer_get_rows_new (importer), ==, import_rows);

      g_array_append_vals (rows, &(Row) { "import CRM CSV, 12 columns (rows)", import_time, import_rows,
                                          "sqlite3 .import into a bare table", baseline }, 1);
      g_array_append_vals (rows, &(Row) { "import CRM CSV, its dry run (rows)", dry_time, import_rows,
                                          "sqlite3 .import into a bare table", baseline }, 1);
      g_array_append_vals (rows, &(Row) { "sqlite3 alone: the same rows, then indexed by id, e-mail and phone (rows)",
                                          indexed, import_rows, "sqlite3 .import into a bare table", baseline }, 1);
      g_array_append_vals (rows, &(Row) { "sqlite3 alone: the same rows indexed by id, e-mail and phone, "
                                          "then a search index (rows)", floor, import_rows,
                                          "sqlite3 .import into a bare table", baseline }, 1);
      g_array_append_vals (rows, &(Row) { "import CRM CSV, against that floor (rows)", import_time, import_rows,
                                          "sqlite3: rows, three indexes, search index", floor }, 1);
    }

  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  if (wanted (only, "browse"))
    bench_browse (data_dir, browse_reuse, browse_profiles, browse_events, rows, notes);

  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  if (wanted (only, "segments"))
    bench_segments (data_dir, segments_reuse, segments_profiles, segments_events, rows, notes);

  mark_peak (rows, first);
  peak_reset ();
  first = rows->len;
  if (wanted (only, "insights"))
    bench_insights (data_dir, segments_reuse, segments_profiles, segments_events, rows, notes);

  mark_peak (rows, first);

  g_string_append_printf (table, "| figure | time | rows or runs / s | peak memory | baseline | baseline time | ratio |\n");
  g_string_append_printf (table, "|---|---:|---:|---:|---|---:|---:|\n");
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

      g_string_append_printf (table, "| %s | %.3f ms | %.0f | %.1f MiB | %s | %s | %s |\n",
                              row->what, row->seconds * 1000, row->rows / row->seconds, row->peak_mib,
                              row->baseline ? row->baseline : "-",
                              base_time ? base_time : "-",
                              ratio ? ratio : "-");
    }
  g_string_append_printf (table, "\nPeak resident memory of the whole run: %.1f MiB. SQLite %s, %d demo persons, "
                          "%d CRM rows.\n", peak_mib (), sqlite3_libversion (), people, import_rows);
  g_string_append (table, notes->str);

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
