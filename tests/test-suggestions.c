/* test-suggestions.c: audiences proposed by clustering
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "clt-core.h"
#include "clt-test-utils.h"
#include "clt-workspace-private.h"

typedef struct
{
  char         *dir;
  char         *path;
  CltWorkspace *workspace;
  GDateTime    *now;
} Fixture;

static void
exec_sql (CltWorkspace *workspace,
          const char   *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_clt_workspace_begin (workspace, &error));
  g_assert_no_error (error);
  _clt_workspace_exec (workspace, sql, &error);
  g_assert_no_error (error);
  _clt_workspace_commit (workspace, &error);
  g_assert_no_error (error);
}

static gint64
query_int (CltWorkspace *workspace,
           const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* Three kinds of customer, 40 each: frequent small spenders in München at the till (loyalty
 * card), rare big spenders in Hamburg in the web shop long ago, and newsletter readers who
 * bought a few times; @n_per_group of each. */
static void
add_customers (CltWorkspace *workspace,
               guint         n_per_group)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO sources (id, kind, name, created_at) VALUES "
    "  (1, 'loyalty', 'Kasse', '2025-01-01'), (2, 'shopify', 'Shop', '2025-01-01'), (3, 'mailchimp', 'Newsletter', '2025-01-01');"
    "INSERT INTO import_batches (id, source_id, file_name, started_at) VALUES "
    "  (1, 1, 'kasse.csv', '2025-01-01T00:00:00Z'), (2, 2, 'shop.csv', '2025-01-01T00:00:00Z'), "
    "  (3, 3, 'mc.csv', '2025-01-01T00:00:00Z');"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3 * %u) "
    "INSERT INTO profiles (id, created_at, updated_at, display_name, city, birthday) "
    "  SELECT i, '2025', '2025', 'Kunde ' || i, CASE (i - 1) / %u WHEN 0 THEN 'München' WHEN 1 THEN 'Hamburg' ELSE 'Köln' END, "
    "    CASE (i - 1) / %u WHEN 0 THEN '1950-01-01' ELSE '2000-01-01' END FROM n;"
    "INSERT INTO source_records (source_id, batch_id, row_number, raw, profile_id) "
    "  SELECT (id - 1) / %u + 1, (id - 1) / %u + 1, id, '[]', id FROM profiles;"
    /* München: ten 5 € receipts in the last 60 days */
    "WITH RECURSIVE k (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9) "
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
    "  SELECT p.id, 'loyalty_receipt', strftime ('%%Y-%%m-%%dT10:00:00Z', '2026-06-30', '-' || (j * 6 + p.id %% 5) || ' days'), "
    "    450 + p.id %% 100, 'EUR' FROM profiles p, k WHERE (p.id - 1) / %u = 0;"
    /* Hamburg: one 200 € order about 300 days ago */
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
    "  SELECT id, 'purchase', strftime ('%%Y-%%m-%%dT10:00:00Z', '2026-06-30', '-' || (290 + id %% 20) || ' days'), "
    "    19000 + id * 10, 'EUR' FROM profiles WHERE (id - 1) / %u = 1;"
    /* Köln: three 30 € orders in the last half year */
    "WITH RECURSIVE k (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 2) "
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
    "  SELECT p.id, 'purchase', strftime ('%%Y-%%m-%%dT10:00:00Z', '2026-06-30', '-' || (j * 50 + 20 + p.id %% 7) || ' days'), "
    "    3000 + p.id %% 300, 'EUR' FROM profiles p, k WHERE (p.id - 1) / %u = 2;",
    n_per_group, n_per_group, n_per_group, n_per_group, n_per_group, n_per_group, n_per_group, n_per_group);

  exec_sql (workspace, sql);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = clt_test_make_tmp_dir ("test-suggestions");
  fx->path = g_build_filename (fx->dir, "workspace.sqlite3", NULL);
  fx->workspace = clt_workspace_open (fx->path, &error);
  g_assert_no_error (error);
  fx->now = g_date_time_new_utc (2026, 7, 1, 12, 0, 0);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->workspace);
  g_date_time_unref (fx->now);
  g_free (fx->path);
  g_free (fx->dir);
}

static char *
latest_result (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT result FROM insight_runs WHERE model = 'suggestions' ORDER BY id DESC LIMIT 1", NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

/* The three kinds are found, described, sized, and the same data gives the same audiences. */
static void
test_clusters (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gboolean found_muenchen = FALSE, found_hamburg = FALSE;
  double last = 0;
  gint64 total = 0;

  add_customers (fx->workspace, 40);
  g_assert_true (clt_insights_suggest_audiences (fx->workspace, fx->now, progress_cb, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  first = latest_result (fx->workspace);

  suggestions = clt_insights_list_suggestions (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 3);
  for (guint i = 0; i < suggestions->len; i++)
    {
      CltAudienceSuggestion *s = suggestions->pdata[i];
      const char *description = clt_audience_suggestion_get_description (s);

      g_test_message ("%s: %" G_GINT64_FORMAT, description, clt_audience_suggestion_get_size (s));
      g_assert_cmpint (clt_audience_suggestion_get_size (s), ==, 40);
      g_assert_cmpfloat_with_epsilon (clt_audience_suggestion_get_share (s), 1.0 / 3, 1e-9);
      g_assert_true (g_strv_contains (clt_audience_suggestion_get_features (s), "average basket"));
      total += clt_audience_suggestion_get_size (s);
      if (strstr (description, "often in München"))
        {
          found_muenchen = TRUE;
          g_assert_nonnull (strstr (description, "requent buyers"));
          g_assert_nonnull (strstr (description, "ostly loyalty-card receipts"));
        }
      if (strstr (description, "often in Hamburg"))
        {
          found_hamburg = TRUE;
          g_assert_nonnull (strstr (description, "big baskets"));
        }
    }
  g_assert_true (found_muenchen);
  g_assert_true (found_hamburg);
  g_assert_cmpint (total, ==, 120);

  /* A fixed seed: the same data, the same audiences. */
  g_assert_true (clt_insights_suggest_audiences (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  second = latest_result (fx->workspace);
  g_assert_cmpstr (first, ==, second);
}

/* Age (the birthday splits the groups here too) and financial-distress proxies are never
 * used, and the run says so. */
static void
test_sensitive_excluded (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *result = NULL;
  JsonObject *run;
  JsonArray *features, *excluded;

  add_customers (fx->workspace, 40);
  g_assert_true (clt_insights_suggest_audiences (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  result = latest_result (fx->workspace);
  g_assert_true (json_parser_load_from_data (parser, result, -1, NULL));
  run = json_node_get_object (json_parser_get_root (parser));
  features = json_object_get_array_member (run, "features");
  excluded = json_object_get_array_member (run, "excluded");
  g_assert_cmpuint (json_array_get_length (features), ==, 6);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      const char *feature = json_array_get_string_element (features, i);

      g_assert_cmpstr (feature, !=, "age");
      g_assert_cmpstr (feature, !=, "payment_problems");
    }
  g_assert_cmpstr (json_array_get_string_element (excluded, 0), ==, "age");
  g_assert_cmpstr (json_array_get_string_element (excluded, 1), ==, "payment_problems");
  g_assert_null (strstr (result, "birthday"));
}

/* Fewer than 50 customers: no audiences, and the run says the data is too thin. */
static void
test_too_thin (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *result = NULL;

  add_customers (fx->workspace, 16);
  g_assert_true (clt_insights_suggest_audiences (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  result = latest_result (fx->workspace);
  g_assert_nonnull (strstr (result, "\"too_thin\":true"));
  suggestions = clt_insights_list_suggestions (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 0);
  g_assert_cmpint (clt_insights_save_suggestion (fx->workspace, 0, "Zu wenig", NULL, &error), ==, 0);
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
}

/* A suggestion becomes a fixed list of its customers, marked as made from it. */
static void
test_save (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(CltSegment) segment = NULL;
  CltAudienceSuggestion *chosen = NULL;
  gint64 id;

  add_customers (fx->workspace, 40);
  g_assert_true (clt_insights_suggest_audiences (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  suggestions = clt_insights_list_suggestions (fx->workspace, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < suggestions->len; i++)
    if (strstr (clt_audience_suggestion_get_description (suggestions->pdata[i]), "often in München"))
      chosen = suggestions->pdata[i];
  g_assert_nonnull (chosen);

  id = clt_insights_save_suggestion (fx->workspace, clt_audience_suggestion_get_index (chosen), "Stammkunden München", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  segment = clt_segment_store_get (fx->workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_get_kind (segment), ==, CLT_SEGMENT_KIND_STATIC);
  g_assert_cmpstr (clt_segment_get_suggestion (segment), ==, clt_audience_suggestion_get_description (chosen));
  /* Exactly the München customers, ids 1 … 40. */
  g_assert_cmpint (query_int (fx->workspace, "SELECT count (*) FROM segment_members WHERE segment_id = 1"), ==, 40);
  g_assert_cmpint (query_int (fx->workspace, "SELECT max (profile_id) FROM segment_members WHERE segment_id = 1"), ==, 40);

  g_assert_cmpint (clt_insights_save_suggestion (fx->workspace, 7, "Gibt es nicht", NULL, &error), ==, 0);
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
}

/* Cancelled: an error, and no run written. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  add_customers (fx->workspace, 40);
  g_cancellable_cancel (cancellable);
  g_assert_false (clt_insights_suggest_audiences (fx->workspace, fx->now, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (query_int (fx->workspace, "SELECT count (*) FROM insight_runs"), ==, 0);
}

static gboolean
suggestions_stale (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = clt_insights_report_runs (workspace, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < runs->len; i++)
    {
      CltInsightRun *run = g_ptr_array_index (runs, i);

      if (g_str_equal (run->model, "suggestions"))
        return run->stale;
    }
  g_assert_not_reached ();
}

/* A run is out of date once some customer's data changed, not after any commit. */
static void
test_stale (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) root = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);

  add_customers (fx->workspace, 40);
  g_assert_true (clt_insights_suggest_audiences (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (suggestions_stale (fx->workspace));

  /* A segment saved, a suggestion made into one: no customer changed. */
  g_assert_cmpint (clt_segment_store_save (fx->workspace, "Alle", root, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (clt_insights_save_suggestion (fx->workspace, 0, "Vorschlag", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (suggestions_stale (fx->workspace));

  /* A purchase. */
  exec_sql (fx->workspace, "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
                           "VALUES (1, 'purchase', '2026-06-30T10:00:00Z', 999, 'EUR')");
  g_assert_true (suggestions_stale (fx->workspace));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/suggestions/clusters", test_clusters);
  ADD ("/suggestions/sensitive-excluded", test_sensitive_excluded);
  ADD ("/suggestions/too-thin", test_too_thin);
  ADD ("/suggestions/save", test_save);
  ADD ("/suggestions/cancel", test_cancel);
  ADD ("/suggestions/stale", test_stale);
#undef ADD

  return g_test_run ();
}
