/* test-insights-report.c: the Insights page's queries, with exact sums on a small workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-test-utils.h"

#include "clt-core.h"
#include "clt-workspace-private.h"

typedef struct
{
  char         *dir;
  CltWorkspace *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  fx->dir = clt_test_make_tmp_dir ("test-insights-report");
  path = g_build_filename (fx->dir, "workspace.sqlite3", NULL);
  fx->workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "insights-fixture.sql", NULL),
                                      &sql, NULL, &error));
  g_assert_true (_clt_workspace_begin (fx->workspace, &error));
  g_assert_true (_clt_workspace_exec (fx->workspace, sql, &error));
  g_assert_true (_clt_workspace_commit (fx->workspace, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_assert_finalize_object (fx->workspace);
  g_free (fx->dir);
}

static void
assert_revenue (GArray     *months,
                guint       index,
                const char *month,
                const char *source,
                gint64      cents)
{
  const CltRevenueMonth *row = &g_array_index (months, CltRevenueMonth, index);

  g_assert_cmpstr (row->month, ==, month);
  g_assert_cmpstr (row->source, ==, source);
  g_assert_cmpint (row->cents, ==, cents);
}

static void
test_revenue (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GArray) revenue = NULL;
  g_autoptr(GArray) active = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;

  g_assert_cmpint (clt_insights_report_count_purchases (fx->workspace, &error), ==, 7);
  currency = clt_insights_report_dup_currency (fx->workspace);
  g_assert_cmpstr (currency, ==, "EUR");

  /* Per month and source of the purchase's record; a purchase without a record counts as "". */
  revenue = clt_insights_report_revenue (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revenue->len, ==, 5);
  assert_revenue (revenue, 0, "2026-01", "Shop", 3000);
  assert_revenue (revenue, 1, "2026-01", "Till", 500);
  assert_revenue (revenue, 2, "2026-02", "Shop", 7000);
  assert_revenue (revenue, 3, "2026-02", "Till", 700);
  assert_revenue (revenue, 4, "2026-03", "", 100);

  /* Anyone with any event in the month, once. */
  active = clt_insights_report_active (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 3);
  g_assert_cmpstr (g_array_index (active, CltActiveMonth, 0).month, ==, "2026-01");
  g_assert_cmpint (g_array_index (active, CltActiveMonth, 0).customers, ==, 3);
  g_assert_cmpint (g_array_index (active, CltActiveMonth, 1).customers, ==, 4);
  g_assert_cmpint (g_array_index (active, CltActiveMonth, 2).customers, ==, 1);
}

static void
test_models (Fixture       *fx,
             gconstpointer  data)
{
  CltRfmCell grid[25];
  g_autoptr(GArray) bins = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  const CltInsightRun *run;

  g_assert_true (clt_insights_report_rfm_grid (fx->workspace, grid, &error));
  g_assert_cmpint (grid[(5 - 1) * 5 + (4 - 1)].customers, ==, 2);
  g_assert_cmpint (grid[(5 - 1) * 5 + (4 - 1)].mean_monetary_cents, ==, 5000);
  g_assert_cmpint (grid[0].customers, ==, 1);
  g_assert_cmpint (grid[0].mean_monetary_cents, ==, 1200);
  g_assert_cmpint (grid[12].customers, ==, 0);

  /* Values 5 €, 20 € and 123.45 €: the 95th percentile is 20 €, so ten bars of 2 € and one open
   * bar from 20 €. */
  bins = clt_insights_report_value_bins (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bins->len, ==, 11);
  g_assert_cmpint (g_array_index (bins, CltValueBin, 2).low_cents, ==, 400);
  g_assert_cmpint (g_array_index (bins, CltValueBin, 2).high_cents, ==, 600);
  g_assert_cmpint (g_array_index (bins, CltValueBin, 2).customers, ==, 1);
  g_assert_cmpint (g_array_index (bins, CltValueBin, 10).low_cents, ==, 2000);
  g_assert_cmpint (g_array_index (bins, CltValueBin, 10).high_cents, ==, -1);
  g_assert_cmpint (g_array_index (bins, CltValueBin, 10).customers, ==, 2);
  for (guint i = 0; i < 10; i++)
    if (i != 2)
      g_assert_cmpint (g_array_index (bins, CltValueBin, i).customers, ==, 0);

  /* The latest run of each model; stale when it saw fewer changes of data than there are. */
  runs = clt_insights_report_runs (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpstr (run->model, ==, "clv");
  g_assert_false (run->stale);
  run = g_ptr_array_index (runs, 1);
  g_assert_cmpstr (run->model, ==, "rfm");
  g_assert_cmpstr (run->computed_at, ==, "2026-03-02T10:00:00Z");
  g_assert_true (run->stale);
}

static void
test_campaigns (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  const CltCampaignRow *row;

  campaigns = clt_insights_report_campaigns (fx->workspace, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  row = g_ptr_array_index (campaigns, 0);
  g_assert_cmpstr (row->campaign, ==, "Winter");
  g_assert_cmpstr (row->first_at, ==, "2026-02-01T07:00:00Z");
  g_assert_cmpint (row->recipients, ==, 3);
  g_assert_cmpint (row->opened, ==, 2);
  g_assert_cmpint (row->clicked, ==, 1);
  /* Customer 1 clicked on 2 February and bought for 40 € on the 10th; customer 3 opened and
   * bought nothing within 14 days. Customer 2 did not open and bought for 7 € on 3 February. */
  g_assert_cmpint (row->opened_revenue_cents, ==, 4000);
  g_assert_cmpint (row->others_revenue_cents, ==, 700);
  /* Customer 4's order of 15 February names the campaign (utm_campaign). */
  g_assert_cmpint (row->tagged_orders, ==, 1);
  g_assert_cmpint (row->tagged_revenue_cents, ==, 3000);

  /* Seven days after: customer 1's purchase on the 10th is just outside. */
  g_clear_pointer (&campaigns, g_ptr_array_unref);
  campaigns = clt_insights_report_campaigns (fx->workspace, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((CltCampaignRow *) g_ptr_array_index (campaigns, 0))->opened_revenue_cents, ==, 0);
}

static void
test_profile (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(CltProfileInsight) first = NULL;
  g_autoptr(CltProfileInsight) second = NULL;
  g_autoptr(CltProfileInsight) fourth = NULL;
  g_autoptr(CltProfileInsight) none = NULL;
  g_autoptr(GError) error = NULL;

  first = clt_insights_report_profile (fx->workspace, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->rfm_group, ==, "champions");
  g_assert_cmpint (first->r_score, ==, 5);
  g_assert_cmpint (first->f_score, ==, 4);
  g_assert_cmpint (first->m_score, ==, 3);
  g_assert_cmpfloat_with_epsilon (first->expected_90d, 1.26, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->p_alive, 0.9, 1e-9);
  g_assert_cmpint (first->value_12m_cents, ==, 12345);
  g_assert_cmpstr (first->value_confidence, ==, "high");
  g_assert_cmpstr (first->currency, ==, "EUR");
  /* They have espresso and milk: no rule offers them anything new. */
  g_assert_cmpuint (g_strv_length (first->offers), ==, 0);

  /* Croissant: espresso; not cake, which also needs espresso. */
  second = clt_insights_report_profile (fx->workspace, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (second->offers, ((const char *[]) { "espresso", NULL }));

  /* The models had nothing to say about the next purchases. */
  fourth = clt_insights_report_profile (fx->workspace, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fourth->expected_90d, <, 0);
  g_assert_cmpfloat (fourth->p_alive, <, 0);
  g_assert_cmpstrv (fourth->offers, ((const char *[]) { "milk", NULL }));

  /* Nothing computed for customer 3. */
  none = clt_insights_report_profile (fx->workspace, 3, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/insights-report/revenue", Fixture, NULL, fixture_set_up, test_revenue, fixture_tear_down);
  g_test_add ("/insights-report/models", Fixture, NULL, fixture_set_up, test_models, fixture_tear_down);
  g_test_add ("/insights-report/campaigns", Fixture, NULL, fixture_set_up, test_campaigns, fixture_tear_down);
  g_test_add ("/insights-report/profile", Fixture, NULL, fixture_set_up, test_profile, fixture_tear_down);

  return g_test_run ();
}
