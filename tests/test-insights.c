/* test-insights.c: RFM, basket rules, next best offers, their background computation,
 * segment conditions on them and the command line
 *
 * A hand-made workspace of seven people with known answers; "now" is 2025-11-20T12:00:00Z.
 *
 *   profile  purchases (day: cents [items])                                  R  F  M  R F M group
 *   1        11-19: 1000 [espresso, milk], 500 [espresso, milk, sugar];      1  2  3500  5 4 4 champions
 *            11-10: 2000 receipt [tea]
 *   2        11-19: 200 receipt [espresso], 300 [milk]                       1  1   500  5 2 2 potential_loyalist
 *   3        10-21: 10000 [espresso, milk]; 09-01: 5000 [tea, honey];       30  3 20000  3 5 5 loyal
 *            08-01: 5000 [tea, honey]
 *   4        2025-05-24: 100 [espresso]                                    180  1   100  2 2 1 hibernating
 *   5        2024-11-20: 700 [sugar]                                       365  1   700  1 2 3 at_risk
 *   6        10-21: 400 [tea, honey, milk]; 10-01: 400                      30  2   800  3 4 3 loyal
 *   7        a newsletter opened (with an item, which is no basket)
 *
 * Scores: 1 + floor (5 × (below + equal / 2) / 6); groups by R and round ((F + M) / 2).
 * Baskets: 11; espresso 5, milk 5, tea 4, honey 3,
 * sugar 2; together: espresso+milk 3, tea+honey 3, others 1 (below the 2 needed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <math.h>
#include <string.h>

#include "clt-core.h"
#include "clt-insights-private.h"
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

  _clt_workspace_exec (workspace, sql, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->now = g_date_time_new_utc (2025, 11, 20, 12, 0, 0);
  fx->dir = clt_test_make_tmp_dir ("test-insights");
  fx->path = g_build_filename (fx->dir, "workspace.sqlite3", NULL);
  fx->workspace = clt_workspace_open (fx->path, &error);
  g_assert_no_error (error);

  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace,
    "INSERT INTO profiles (id, created_at, updated_at, display_name) VALUES "
    "  (1, '2024', '2024', 'Anna'), (2, '2024', '2024', 'Ben'), (3, '2024', '2024', 'Clara'), "
    "  (4, '2024', '2024', 'Dirk'), (5, '2024', '2024', 'Eva'), (6, '2024', '2024', 'Finn'), "
    "  (7, '2024', '2024', 'Greta');"
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency, detail) VALUES "
    "  (1, 'purchase', '2025-11-19T09:00:00Z', 1000, 'EUR', '{\"items\":[{\"name\":\"Espresso\"},{\"name\":\"Milk\"}]}'), "
    "  (1, 'purchase', '2025-11-19T18:00:00Z', 500, 'EUR', "
    "    '{\"items\":[{\"name\":\"espresso\"},{\"name\":\"Milk\"},{\"name\":\"Sugar\"}]}'), "
    "  (1, 'loyalty_receipt', '2025-11-10T10:00:00Z', 2000, 'EUR', '{\"items\":[{\"name\":\"Tea\"}]}'), "
    "  (2, 'loyalty_receipt', '2025-11-19T08:00:00Z', 200, 'EUR', '{\"items\":[{\"name\":\"Espresso\"}]}'), "
    "  (2, 'purchase', '2025-11-19T20:00:00Z', 300, 'EUR', '{\"items\":[{\"name\":\"Milk\"}]}'), "
    "  (3, 'purchase', '2025-10-21T10:00:00Z', 10000, 'EUR', '{\"items\":[{\"name\":\"Espresso\"},{\"name\":\"Milk\"}]}'), "
    "  (3, 'purchase', '2025-09-01T10:00:00Z', 5000, 'EUR', '{\"items\":[{\"name\":\"Tea\"},{\"name\":\"Honey\"}]}'), "
    "  (3, 'purchase', '2025-08-01T10:00:00Z', 5000, 'EUR', '{\"items\":[{\"name\":\"Tea\"},{\"name\":\"Honey\"}]}'), "
    "  (4, 'purchase', '2025-05-24T10:00:00Z', 100, 'EUR', '{\"items\":[{\"name\":\"Espresso\"}]}'), "
    "  (5, 'purchase', '2024-11-20T10:00:00Z', 700, 'EUR', '{\"items\":[{\"name\":\"Sugar\"}]}'), "
    "  (6, 'purchase', '2025-10-21T10:00:00Z', 400, 'EUR', "
    "    '{\"items\":[{\"name\":\"Tea\"},{\"name\":\"Honey\"},{\"name\":\"Milk\"}]}'), "
    "  (6, 'purchase', '2025-10-01T10:00:00Z', 400, 'EUR', NULL), "
    "  (7, 'newsletter_open', '2025-11-18T08:00:00Z', NULL, NULL, '{\"items\":[{\"name\":\"Espresso\"}]}');"
    /* What an earlier computation left: RFM for someone without purchases, and a lifetime
     * value the RFM step must keep. */
    "INSERT INTO profile_insights (profile_id, recency_days, frequency, monetary_cents, r_score, f_score, m_score, "
    "  rfm_group, expected_90d) VALUES (7, 3, 1, 100, 5, 1, 1, 'new', 0.5), (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2.5);");
  g_assert_true (_clt_workspace_commit (fx->workspace, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_assert_finalize_object (fx->workspace);
  g_date_time_unref (fx->now);
  g_free (fx->path);
  g_free (fx->dir);
}

static void
compute (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_insights_compute (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The rows of a query, one line each, columns separated by '|'. */
static char *
dump (CltWorkspace *workspace,
      const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (text, "%s%s", i ? "|" : "",
                                sqlite3_column_type (stmt, i) == SQLITE_NULL ? "-" : (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

#define RFM_SQL "SELECT profile_id, recency_days, frequency, monetary_cents, r_score, f_score, m_score, rfm_group, " \
                "expected_90d FROM profile_insights ORDER BY profile_id"
#define RULES_SQL "SELECT antecedent, consequent, baskets, round (support, 4), round (confidence, 4), round (lift, 4) " \
                  "FROM basket_rules ORDER BY id"

/* ---- RFM ---- */

static void
test_rfm (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *rows = NULL;
  g_autofree char *run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;

  /* The RFM step alone: it leaves the lifetime value's columns as they are. */
  g_assert_true (_clt_insights_rfm_compute (fx->workspace, fx->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  rows = dump (fx->workspace, RFM_SQL);
  g_assert_cmpstr (rows, ==,
                   "1|1|2|3500|5|4|4|champions|2.5\n"
                   "2|1|1|500|5|2|2|potential_loyalist|-\n"
                   "3|30|3|20000|3|5|5|loyal|-\n"
                   "4|180|1|100|2|2|1|hibernating|-\n"
                   "5|365|1|700|1|2|3|at_risk|-\n"
                   "6|30|2|800|3|4|3|loyal|-\n"
                   "7|-|-|-|-|-|-|-|0.5\n");

  /* One run, from the commit it read, with the edges of each score and the group sizes. */
  run = dump (fx->workspace,
              "SELECT model, data_seen = (SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'data_changes'), "
              "result ->> '$.customers', result ->> '$.as_of', result -> '$.quintile_edges.recency_days', "
              "result -> '$.quintile_edges.monetary_cents', result ->> '$.groups.loyal', result ->> '$.groups.champions' "
              "FROM insight_runs WHERE model = 'rfm'");
  g_assert_cmpstr (run, ==, "rfm|1|6|2025-11-20|[[365,365],[180,180],[30,30],null,[1,1]]|"
                            "[[100,100],[500,500],[700,800],[3500,3500],[20000,20000]]|2|1\n");

  sizes = clt_insights_count_rfm_groups (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sizes->len, ==, 11);
  g_assert_cmpstr (g_array_index (sizes, CltRfmGroupSize, 1).group, ==, "loyal");
  g_assert_cmpint (g_array_index (sizes, CltRfmGroupSize, 1).profiles, ==, 2);
  g_assert_cmpstr (g_array_index (sizes, CltRfmGroupSize, 0).group, ==, "champions");
  g_assert_cmpint (g_array_index (sizes, CltRfmGroupSize, 0).profiles, ==, 1);
  g_assert_cmpstr (g_array_index (sizes, CltRfmGroupSize, 10).group, ==, "lost");
  g_assert_cmpint (g_array_index (sizes, CltRfmGroupSize, 10).profiles, ==, 0);
  g_assert_cmpstr (clt_insights_rfm_group_get_label ("cannot_lose"), ==, "Cannot lose them");

  /* What was computed of a person is in their access report (profiling, Art. 15). */
  {
    g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (fx->workspace);
    g_autofree char *report = clt_consent_ledger_dup_access_json (ledger, 3, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (report, "\"rfm_group\" : \"loyal\""));
    g_assert_nonnull (strstr (report, "\"monetary_score\" : 5"));
  }
}

/* Everyone alike: equal values share a score (the middle one). */
static void
test_rfm_ties (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *rows = NULL;

  exec_sql (fx->workspace, "DELETE FROM events;"
            "INSERT INTO events (profile_id, kind, occurred_at, amount_cents) VALUES "
            "  (1, 'purchase', '2025-11-01T10:00:00Z', 1000), (2, 'purchase', '2025-11-01T11:00:00Z', 1000), "
            "  (3, 'purchase', '2025-11-01T12:00:00Z', 1000), (4, 'purchase', '2025-11-01T13:00:00Z', 1000)");
  compute (fx);

  rows = dump (fx->workspace, "SELECT group_concat (r_score || f_score || m_score || rfm_group, ' ') FROM "
                              "(SELECT * FROM profile_insights WHERE rfm_group IS NOT NULL ORDER BY profile_id)");
  g_assert_cmpstr (rows, ==, "333need_attention 333need_attention 333need_attention 333need_attention\n");
}

/* ---- rules and offers ---- */

static void
test_rules (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *rules = NULL;
  g_autofree char *run = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  CltBasketRule *first;

  compute (fx);

  /* support 3/11; confidence 3/5, 3/4, 3/3; lift 0.6 / (5/11), 0.75 / (3/11), 1 / (4/11) */
  rules = dump (fx->workspace, RULES_SQL);
  g_assert_cmpstr (rules, ==,
                   "[\"honey\"]|tea|3|0.2727|1.0|2.75\n"
                   "[\"tea\"]|honey|3|0.2727|0.75|2.75\n"
                   "[\"espresso\"]|milk|3|0.2727|0.6|1.32\n"
                   "[\"milk\"]|espresso|3|0.2727|0.6|1.32\n");
  run = dump (fx->workspace, "SELECT result ->> '$.baskets', result ->> '$.min_baskets', result ->> '$.min_confidence', "
                             "result ->> '$.rules' FROM insight_runs WHERE model = 'rules'");
  g_assert_cmpstr (run, ==, "11|2|0.1|4\n");

  listed = clt_insights_list_rules (fx->workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  first = g_ptr_array_index (listed, 0);
  g_assert_cmpstrv (first->antecedent, ((const char * const[]) { "honey", NULL }));
  g_assert_cmpstr (first->consequent, ==, "tea");
  g_assert_cmpint (first->baskets, ==, 3);
  g_assert_cmpfloat_with_epsilon (first->support, 3.0 / 11, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->confidence, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->lift, 11.0 / 4, 1e-9);
}

static char *offers_of (Fixture *fx,
                        gint64   profile_id);
static char *members   (Fixture    *fx,
                        const char *json);

/* Pairs and triples: 10 baskets, {a, b, c} ×3, {a, b}, {c} ×2, {d} ×4: a 4, b 4, c 5; ab 4,
 * ac 3, bc 3, abc 3. */
static void
test_rules_triples (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *rules = NULL;
  GString *sql = g_string_new ("DELETE FROM events; INSERT INTO events (profile_id, kind, occurred_at, amount_cents, detail) VALUES ");
  const char *baskets[] = {
    "[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]", "[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]",
    "[{\"name\":\"c\"},{\"name\":\"b\"},{\"name\":\"a\"}]", "[{\"name\":\"a\"},{\"name\":\"b\"}]",
    "[{\"name\":\"c\"}]", "[{\"name\":\"c\"}]", "[{\"name\":\"d\"}]", "[{\"name\":\"d\"}]", "[{\"name\":\"d\"}]",
    "[{\"name\":\"d\"}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (baskets); i++)
    g_string_append_printf (sql, "%s(%u, 'purchase', '2025-11-%02uT10:00:00Z', 100, '{\"items\":%s}')", i ? ", " : "",
                            i % 6 + 1, i + 1, baskets[i]);
  exec_sql (fx->workspace, sql->str);
  g_string_free (sql, TRUE);
  compute (fx);

  rules = dump (fx->workspace, "SELECT antecedent, consequent, baskets, round (confidence, 4), round (lift, 4) "
                               "FROM basket_rules ORDER BY lift DESC, confidence DESC, antecedent, consequent");
  g_assert_cmpstr (rules, ==,
                   "[\"a\",\"c\"]|b|3|1.0|2.5\n"
                   "[\"a\"]|b|4|1.0|2.5\n"
                   "[\"b\",\"c\"]|a|3|1.0|2.5\n"
                   "[\"b\"]|a|4|1.0|2.5\n"
                   "[\"a\",\"b\"]|c|3|0.75|1.5\n"
                   "[\"a\"]|c|3|0.75|1.5\n"
                   "[\"b\"]|c|3|0.75|1.5\n"
                   "[\"c\"]|a|3|0.6|1.5\n"
                   "[\"c\"]|b|3|0.6|1.5\n");

  /* Profile 4 has a, b and d: c, by the rule that asks for both; 5 has c alone. */
  {
    g_autofree char *four = offers_of (fx, 4);
    g_autofree char *five = offers_of (fx, 5);
    g_autofree char *in = members (fx, "{\"version\":1,\"match\":\"all\",\"children\":[{\"type\":\"condition\","
                                       "\"kind\":\"attribute\",\"field\":\"next_offer\",\"operator\":\"is\",\"values\":[\"c\"]}]}");

    g_assert_cmpstr (four, ==, "c<a+b 0.75 1.50");
    g_assert_cmpstr (five, ==, "a<c 0.60 1.50,b<c 0.60 1.50");
    g_assert_cmpstr (in, ==, "4");
  }
}

static char *
offers_of (Fixture *fx,
           gint64   profile_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) offers = clt_insights_dup_offers (fx->workspace, profile_id, 5, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < offers->len; i++)
    {
      CltInsightsOffer *offer = g_ptr_array_index (offers, i);
      g_autofree char *because = g_strjoinv ("+", offer->because);

      g_string_append_printf (text, "%s%s<%s %.2f %.2f", i ? "," : "", offer->product, because, offer->confidence,
                              offer->lift);
    }

  return g_string_free (text, FALSE);
}

static void
test_offers (Fixture       *fx,
             gconstpointer  data)
{
  const char *expected[] = {
    "",
    "honey<tea 0.75 2.75",     /* has espresso, milk, sugar, tea */
    "",                        /* has espresso and milk */
    "",                        /* has all four */
    "milk<espresso 0.60 1.32",
    "",                        /* sugar suggests nothing */
    "espresso<milk 0.60 1.32", /* has tea, honey, milk */
    "",                        /* opened a newsletter: no purchase */
  };

  compute (fx);

  for (gint64 id = 1; id <= 7; id++)
    {
      g_autofree char *offers = offers_of (fx, id);

      g_assert_cmpstr (offers, ==, expected[id]);
    }
}

/* ---- cancelling ---- */

typedef struct
{
  GCancellable *cancellable;
  double        at;
  double        last;
  guint         calls;
  GThread      *thread;
  gboolean      done;
  gboolean      ok;
  GError       *error;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_true (progress->thread == NULL || g_thread_self () == progress->thread);
  g_assert_cmpfloat (fraction, >=, progress->last);
  g_assert_cmpfloat (fraction, <=, 1);
  progress->last = fraction;
  progress->calls++;
  if (progress->cancellable && fraction >= progress->at)
    g_cancellable_cancel (progress->cancellable);
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *rfm_before = NULL;
  g_autofree char *rules_before = NULL;
  g_autofree char *runs_before = NULL;
  g_autofree char *rfm_after = NULL;
  g_autofree char *rules_after = NULL;
  g_autofree char *runs_after = NULL;
  g_autofree char *rules_later = NULL;

  compute (fx);
  rfm_before = dump (fx->workspace, RFM_SQL);
  rules_before = dump (fx->workspace, RULES_SQL);
  runs_before = dump (fx->workspace, "SELECT model FROM insight_runs ORDER BY id");

  /* New purchases; cancelled at once (inside the RFM step): nothing changes. */
  exec_sql (fx->workspace, "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, detail) VALUES "
                           "(7, 'purchase', '2025-11-20T08:00:00Z', 900, '{\"items\":[{\"name\":\"Honey\"},{\"name\":\"Tea\"}]}')");
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    Progress progress = { cancellable, 0, 0, 0, NULL, FALSE, FALSE, NULL };

    g_assert_false (clt_insights_compute (fx->workspace, fx->now, progress_cb, &progress, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  rfm_after = dump (fx->workspace, RFM_SQL);
  rules_after = dump (fx->workspace, RULES_SQL);
  runs_after = dump (fx->workspace, "SELECT model FROM insight_runs ORDER BY id");
  g_assert_cmpstr (rfm_after, ==, rfm_before);
  g_assert_cmpstr (rules_after, ==, rules_before);
  g_assert_cmpstr (runs_after, ==, runs_before);

  /* Cancelled once lifetime value and RFM are stored: the rules stay as they were. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *rfm = NULL;
    g_autofree char *runs = NULL;
    Progress progress = { cancellable, 0.8, 0, 0, NULL, FALSE, FALSE, NULL };

    g_assert_false (clt_insights_compute (fx->workspace, fx->now, progress_cb, &progress, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    rfm = dump (fx->workspace, "SELECT rfm_group FROM profile_insights WHERE profile_id = 7");
    g_assert_cmpstr (rfm, !=, "-\n");
    runs = dump (fx->workspace, "SELECT group_concat (model) FROM (SELECT model FROM insight_runs ORDER BY id)");
    g_assert_cmpstr (runs, ==, "clv,rfm,rules,suggestions,clv,rfm\n");
    rules_later = dump (fx->workspace, RULES_SQL);
    g_assert_cmpstr (rules_later, ==, rules_before);
  }
}

/* ---- in the background ---- */

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Progress *progress = user_data;

  progress->ok = clt_insights_compute_finish (result, &progress->error);
  progress->done = TRUE;
}

static void
test_async (Fixture       *fx,
            gconstpointer  data)
{
  Progress progress = { NULL, 0, 0, 0, g_thread_self (), FALSE, FALSE, NULL };
  g_autofree char *groups = NULL;

  clt_insights_compute_async (fx->path, fx->now, progress_cb, &progress, NULL, computed_cb, &progress);
  while (!progress.done)
    g_main_context_iteration (NULL, TRUE);
  /* Progress sent before the end may still be on its way. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (progress.error);
  g_assert_true (progress.ok);
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpfloat (progress.last, ==, 1);

  groups = dump (fx->workspace, "SELECT group_concat (rfm_group) FROM (SELECT rfm_group FROM profile_insights "
                                      "WHERE rfm_group IS NOT NULL ORDER BY profile_id)");
  g_assert_cmpstr (groups, ==, "champions,potential_loyalist,loyal,hibernating,at_risk,loyal\n");

  /* A workspace that is not there: an error, no crash. */
  {
    g_autofree char *missing = g_build_filename (fx->dir, "none", "workspace.sqlite3", NULL);

    progress.done = FALSE;
    clt_insights_compute_async (missing, fx->now, NULL, NULL, NULL, computed_cb, &progress);
    while (!progress.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (progress.ok);
    g_assert_error (progress.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    g_clear_error (&progress.error);
  }
}

/* ---- segments ---- */

static char *
members (Fixture    *fx,
         const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) root = clt_segment_definition_from_json (json, -1, &error);
  g_autoptr(CltSegmentEvaluator) evaluator = NULL;
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(CltSegmentCounts) sql = NULL;
  g_autoptr(GArray) ids = NULL;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  evaluator = clt_segment_evaluator_new (fx->path, &error);
  g_assert_no_error (error);
  clt_segment_evaluator_set_now (evaluator, fx->now);

  counts = clt_segment_evaluator_count (evaluator, root, 0, NULL, &error);
  g_assert_no_error (error);
  sql = clt_segment_evaluator_count_sql (evaluator, root, NULL, &error);
  g_assert_no_error (error);
  ids = clt_segment_evaluator_list_members (evaluator, root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_counts_get_total (counts), ==, ids->len);
  g_assert_cmpint (clt_segment_counts_get_total (sql), ==, ids->len);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));

  return g_string_free (text, FALSE);
}

#define ATTR(field, op, values) \
  "{\"version\":1,\"match\":\"all\",\"children\":[{\"type\":\"condition\",\"kind\":\"attribute\"," \
  "\"field\":\"" field "\",\"operator\":\"" op "\",\"values\":[" values "]}]}"

static void
assert_members (Fixture    *fx,
                const char *json,
                const char *expected)
{
  g_autofree char *got = members (fx, json);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_segments (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) wrong = NULL;

  compute (fx);

  assert_members (fx, ATTR ("rfm_group", "is", "\"loyal\""), "3,6");
  assert_members (fx, ATTR ("rfm_group", "is-not", "\"loyal\""), "1,2,4,5,7");
  assert_members (fx, ATTR ("r_score", ">=", "\"3\""), "1,2,3,6");
  assert_members (fx, ATTR ("f_score", "=", "\"2\""), "2,4,5");
  assert_members (fx, ATTR ("m_score", "between", "\"3\",\"5\""), "1,3,5,6");
  assert_members (fx, ATTR ("next_offer", "is", "\"Milk\""), "4");
  assert_members (fx, ATTR ("next_offer", "any-of", "\"honey\",\"ESPRESSO\""), "1,6");
  assert_members (fx, ATTR ("next_offer", "none-of", "\"milk\""), "1,2,3,5,6,7");
  assert_members (fx, ATTR ("next_offer", "is", "\"sugar\""), "");

  /* Groups are a fixed list; text operators do not fit them. */
  wrong = clt_segment_definition_from_json (ATTR ("rfm_group", "is", "\"best\""), -1, &error);
  if (wrong != NULL)
    {
      g_autoptr(CltSegmentEvaluator) evaluator = clt_segment_evaluator_new (fx->path, NULL);
      g_autoptr(CltSegmentCounts) counts = clt_segment_evaluator_count (evaluator, wrong, 0, NULL, &error);

      g_assert_null (counts);
    }
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID);
  g_assert_false (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, "rfm_group", CLT_OPERATOR_CONTAINS));
  g_assert_cmpstrv (clt_segment_catalogue_list_choices ("rfm_group"), clt_insights_list_rfm_groups ());
  g_assert_null (clt_segment_catalogue_list_choices ("city"));
  g_assert_cmpstr (clt_segment_catalogue_get_label ("rfm_group"), ==, "RFM group (computed)");
  g_assert_cmpstr (clt_segment_catalogue_get_label ("at_risk"), ==, "At risk");
}

/* ---- command line ---- */

static char *
run_cli (const char * const *args,
         int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLT_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);

  return out;
}

static void
test_cli (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *computed = NULL;
  g_autofree char *rfm = NULL;
  g_autofree char *json = NULL;
  g_autofree char *rules = NULL;
  int status;

  if (g_getenv ("CLT_CLI") == NULL)
    {
      g_test_skip ("CLT_CLI is not set");
      return;
    }

  computed = run_cli ((const char *[]) { "-w", fx->path, "insights", "compute", "--now", "2025-11-20", NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (computed, "Computed the insights in "));

  rfm = run_cli ((const char *[]) { "-w", fx->path, "insights", "rfm", NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (rfm, "Customers per RFM group (computed):\n"));
  g_assert_nonnull (strstr (rfm, "  Loyal                               2\n"));
  g_assert_nonnull (strstr (rfm, "  Hibernating                         1\n"));
  g_assert_nonnull (strstr (rfm, "  Champions                           1\n"));

  json = run_cli ((const char *[]) { "-w", fx->path, "insights", "rfm", "--json", NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (json, "\"at_risk\" : 1"));

  rules = run_cli ((const char *[]) { "-w", fx->path, "insights", "rules", "--limit", "2", NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (rules, ==, "Products bought together (computed), highest lift first:\n"
                              "  honey → tea\tsupport 27.3 %\tconfidence 100 %\tlift 2.75\n"
                              "  tea → honey\tsupport 27.3 %\tconfidence 75 %\tlift 2.75\n");

  g_free (run_cli ((const char *[]) { "-w", fx->path, "insights", "nothing", NULL }, &status));
  g_assert_cmpint (status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/insights/rfm", test_rfm);
  ADD ("/insights/rfm-ties", test_rfm_ties);
  ADD ("/insights/rules", test_rules);
  ADD ("/insights/rules-triples", test_rules_triples);
  ADD ("/insights/offers", test_offers);
  ADD ("/insights/cancel", test_cancel);
  ADD ("/insights/async", test_async);
  ADD ("/insights/segments", test_segments);
  ADD ("/insights/cli", test_cli);
#undef ADD

  return g_test_run ();
}
