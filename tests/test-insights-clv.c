/* test-insights-clv.c: lifetime value and churn risk (BG/NBD and Gamma-Gamma)
 *
 * The models' maths on the CDNOW sample (tests/data/cdnow), the whole computation on a
 * workspace the sample is imported into as loyalty-card receipts, compared with the published
 * parameters, and on small invented workspaces: too thin, cancelled, and from the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "clt-core.h"
#include "clt-clv-model.h"
#include "clt-insights-private.h"
#include "clt-test-utils.h"
#include "clt-workspace-private.h"

/* Published: Fader, Hardie & Lee 2005 (BG/NBD); Fader & Hardie 2013 (Gamma-Gamma). */
static const CltBgNbdParams published_bg = { 0.243, 4.414, 0.793, 2.426, 0 };
static const CltGammaGammaParams published_gg = { 6.25, 3.74, 15.44, 0 };

/* ---- the CDNOW sample ---- */

typedef struct
{
  char  *card;
  char  *date;      /* YYYY-MM-DD */
  gint64 day;       /* Julian */
  double amount;
} Line;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->card);
  g_free (line->date);
}

/* The sample's lines, in the file's order (by customer, then date). */
static GArray *
read_cdnow (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "cdnow", "CDNOW_sample.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GArray *result = g_array_new (FALSE, TRUE, sizeof (Line));

  g_array_set_clear_func (result, line_clear);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_autoptr(GPtrArray) values = g_ptr_array_new ();
      Line line;
      GDate date;
      int ymd;

      for (guint j = 0; fields[j]; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (values, fields[j]);
      if (values->len == 0)
        continue;
      g_assert_cmpuint (values->len, ==, 5);

      ymd = atoi (values->pdata[2]);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, ymd % 100, (ymd / 100) % 100, ymd / 10000);
      line.card = g_strdup (values->pdata[0]);
      line.date = g_strdup_printf ("%04d-%02d-%02d", ymd / 10000, (ymd / 100) % 100, ymd % 100);
      line.day = g_date_get_julian (&date);
      line.amount = g_ascii_strtod (values->pdata[4], NULL);
      g_array_append_val (result, line);
    }

  return result;
}

/* The calibration summaries built straight from the sample, independently of the workspace:
 * purchases up to 1997-09-30, those of one day as one transaction. */
static GArray *
cdnow_customers (void)
{
  g_autoptr(GArray) lines = read_cdnow ();
  GArray *customers = g_array_new (FALSE, TRUE, sizeof (CltClvCustomer));
  GDate end;
  CltClvCustomer *customer = NULL;
  const char *card = NULL;

  g_date_clear (&end, 1);
  g_date_set_dmy (&end, 30, 9, 1997);

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      Line *next = i + 1 < lines->len ? &g_array_index (lines, Line, i + 1) : NULL;
      double amount = line->amount;

      if (line->day > g_date_get_julian (&end))
        continue;
      /* Lines of the same customer and day are one transaction. */
      while (next != NULL && g_str_equal (next->card, line->card) && next->day == line->day)
        {
          amount += next->amount;
          i++;
          next = i + 1 < lines->len ? &g_array_index (lines, Line, i + 1) : NULL;
        }

      if (card == NULL || !g_str_equal (card, line->card))
        {
          if (customer != NULL)
            _clt_clv_customer_finish (customer, g_date_get_julian (&end));
          g_array_set_size (customers, customers->len + 1);
          customer = &g_array_index (customers, CltClvCustomer, customers->len - 1);
          _clt_clv_customer_start (customer, line->day);
          card = line->card;
        }
      else
        _clt_clv_customer_add (customer, line->day, TRUE, amount);
    }
  _clt_clv_customer_finish (customer, g_date_get_julian (&end));

  return customers;
}

static guint
count_repeat (GArray *customers)
{
  guint n = 0;

  for (guint i = 0; i < customers->len; i++)
    n += g_array_index (customers, CltClvCustomer, i).x > 0;

  return n;
}

static void
assert_within (double value,
               double expected,
               double relative)
{
  if (fabs (value - expected) > relative * fabs (expected))
    g_error ("%.6f is not within %.2g of %.6f", value, relative, expected);
}

/* ---- the maths ---- */

static void
test_log_likelihood (void)
{
  g_autoptr(GArray) customers = cdnow_customers ();
  const CltClvCustomer *first = &g_array_index (customers, CltClvCustomer, 0);
  double ll;

  /* As the published summary (cdnow_customers_summary.csv): customer 1 bought again twice,
   * last 30.43 weeks after the first purchase, 38.86 weeks before the end. */
  g_assert_cmpuint (customers->len, ==, 2357);
  g_assert_cmpuint (count_repeat (customers), ==, 946);
  g_assert_cmpfloat (first->x, ==, 2);
  g_assert_cmpfloat_with_epsilon (first->t_x, 30.43, 0.005);
  g_assert_cmpfloat_with_epsilon (first->T, 38.86, 0.005);
  g_assert_cmpfloat_with_epsilon (first->zbar, 22.345, 1e-9);

  ll = _clt_bgnbd_log_likelihood (&published_bg, (const CltClvCustomer *) customers->data, customers->len);
  g_test_message ("BG/NBD log-likelihood at the published parameters: %.3f", ll);
  g_assert_cmpfloat_with_epsilon (ll, -9582.4, 0.5);
}

static void
test_fit_maths (void)
{
  g_autoptr(GArray) customers = cdnow_customers ();
  g_autoptr(GError) error = NULL;
  CltBgNbdParams bg;
  CltGammaGammaParams gg;

  g_assert_true (_clt_bgnbd_fit ((const CltClvCustomer *) customers->data, customers->len, NULL, &bg, &error));
  g_assert_no_error (error);
  g_test_message ("r %.4f alpha %.4f a %.4f b %.4f ll %.4f", bg.r, bg.alpha, bg.a, bg.b, bg.log_likelihood);
  assert_within (bg.r, published_bg.r, 0.01);
  assert_within (bg.alpha, published_bg.alpha, 0.01);
  assert_within (bg.a, published_bg.a, 0.01);
  assert_within (bg.b, published_bg.b, 0.01);
  /* The maximum: no worse than the published (rounded) parameters. */
  g_assert_cmpfloat (bg.log_likelihood, >=,
                     _clt_bgnbd_log_likelihood (&published_bg, (const CltClvCustomer *) customers->data, customers->len));

  g_assert_true (_clt_gamma_gamma_fit ((const CltClvCustomer *) customers->data, customers->len, NULL, &gg, &error));
  g_assert_no_error (error);
  g_test_message ("p %.4f q %.4f gamma %.4f ll %.4f", gg.p, gg.q, gg.gamma, gg.log_likelihood);
  assert_within (gg.p, published_gg.p, 0.01);
  assert_within (gg.q, published_gg.q, 0.01);
  assert_within (gg.gamma, published_gg.gamma, 0.01);
  g_assert_cmpfloat (gg.log_likelihood, >=,
                     _clt_gamma_gamma_log_likelihood (&published_gg, (const CltClvCustomer *) customers->data,
                                                      customers->len));
}

static void
test_p_alive (void)
{
  CltClvCustomer customer = { .x = 0, .t_x = 0, .T = 30 };
  double previous = 1;

  /* Without a repeat purchase the customer cannot have dropped out (a drop-out follows a purchase). */
  g_assert_cmpfloat (_clt_bgnbd_p_alive (&published_bg, &customer), ==, 1);

  /* The longer the silence since the latest purchase, the less likely the customer is still there. */
  customer.x = 3;
  customer.t_x = 10;
  for (double T = 10; T <= 80; T += 5)
    {
      double p;

      customer.T = T;
      p = _clt_bgnbd_p_alive (&published_bg, &customer);
      g_assert_cmpfloat (p, >, 0);
      g_assert_cmpfloat (p, <=, 1);
      if (T > 10)
        g_assert_cmpfloat (p, <, previous);
      previous = p;
    }
}

/* E[X(t) | x, t_x, T] by another route: alive at T, the customer's λ and p are independently
 * Gamma(r + x, α + T) and Beta(a, b + x), and an alive customer makes (1 − e^{−λpt})/p
 * purchases in t on average; so E = P(alive) · ∫ Beta(p) (1 − ((α+T)/(α+T+pt))^{r+x})/p dp,
 * integrated with Simpson's rule after p = u^m, m = 1/a for a < 1 (which takes away Beta's
 * p^{a−1}) and 2 otherwise, so that the integrand is smooth at 0. */
static double
expected_by_integral (const CltBgNbdParams *params,
                      const CltClvCustomer *customer,
                      double                t)
{
  const guint n = 200000;
  double r = params->r, alpha = params->alpha, a = params->a, b = params->b;
  double x = customer->x, T = customer->T;
  double m = a < 1 ? 1 / a : 2;
  double log_beta = lgamma (a) + lgamma (b + x) - lgamma (a + b + x);
  double sum = 0;

  for (guint i = 0; i <= n; i++)
    {
      double u = (double) i / n;
      double p = pow (u, m);
      double bought = p > 0 ? -expm1 (-(r + x) * log1p (p * t / (alpha + T))) / p : (r + x) * t / (alpha + T);
      /* Beta's density times dp/du = m u^{m−1}: m u^{ma−1} (1 − p)^{b+x−1} / B. */
      double u_power = m * a - 1 < 1e-12 ? 1 : pow (u, m * a - 1);
      double f = i == n ? 0 : m * u_power * exp ((b + x - 1) * log1p (-p) - log_beta) * bought;

      sum += f * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
    }

  return _clt_bgnbd_p_alive (params, customer) * sum / (3.0 * n);
}

static void
test_expected (void)
{
  const CltBgNbdParams other = { 1.2, 8.5, 1.7, 3.1, 0 };
  const CltClvCustomer customers[] = {
    { .x = 0, .t_x = 0, .T = 38.86 },
    { .x = 2, .t_x = 30.43, .T = 38.86 },
    { .x = 1, .t_x = 1.71, .T = 38.86 },
    { .x = 7, .t_x = 35, .T = 38 },
    { .x = 25, .t_x = 70, .T = 72 },
    { .x = 0, .t_x = 0, .T = 0 },
  };
  const double weeks[] = { 90.0 / 7, 39, 52 };

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    for (guint j = 0; j < G_N_ELEMENTS (weeks); j++)
      {
        double series = _clt_bgnbd_expected (&published_bg, &customers[i], weeks[j]);
        double integral = expected_by_integral (&published_bg, &customers[i], weeks[j]);

        g_test_message ("x %g t_x %g T %g, %g weeks: %.8f, by the integral %.8f", customers[i].x,
                        customers[i].t_x, customers[i].T, weeks[j], series, integral);
        assert_within (series, integral, 1e-6);

        /* With a > 1 too. */
        assert_within (_clt_bgnbd_expected (&other, &customers[i], weeks[j]),
                       expected_by_integral (&other, &customers[i], weeks[j]), 1e-6);
      }
}

static void
test_spend_and_confidence (void)
{
  CltClvCustomer newcomer = { .x = 0, .T = 5 };
  CltClvCustomer regular = { .x = 6, .t_x = 30, .T = 36, .spend_x = 6, .zbar = 40 };
  CltClvCustomer occasional = { .x = 1, .t_x = 4, .T = 20, .spend_x = 1, .zbar = 10 };

  /* Without own purchases: the population's mean, pγ/(q − 1). */
  g_assert_cmpfloat_with_epsilon (_clt_gamma_gamma_expected_spend (&published_gg, &newcomer),
                                  6.25 * 15.44 / 2.74, 1e-9);
  /* With them: between the population's mean (35.22) and the customer's own. */
  g_assert_cmpfloat_with_epsilon (_clt_gamma_gamma_expected_spend (&published_gg, &regular),
                                  6.25 * (15.44 + 6 * 40) / (6.25 * 6 + 3.74 - 1), 1e-9);
  g_assert_cmpfloat (_clt_gamma_gamma_expected_spend (&published_gg, &regular), <, 40);
  g_assert_cmpfloat (_clt_gamma_gamma_expected_spend (&published_gg, &regular), >, 35.22);

  g_assert_cmpint (_clt_clv_confidence (&newcomer), ==, CLT_CLV_CONFIDENCE_LOW);
  g_assert_cmpint (_clt_clv_confidence (&occasional), ==, CLT_CLV_CONFIDENCE_MEDIUM);
  g_assert_cmpint (_clt_clv_confidence (&regular), ==, CLT_CLV_CONFIDENCE_HIGH);
}

/* ---- workspaces ---- */

static gint64
query_int (CltWorkspace *workspace,
           const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (CltWorkspace *workspace,
            const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static GDateTime *
date_new (int year,
          int month,
          int day)
{
  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

static void
test_cdnow (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-insights-clv");
  g_autofree char *path = g_build_filename (dir, "workspace.sqlite3", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "cdnow-receipts.csv", NULL);
  g_autoptr(GArray) lines = read_cdnow ();
  g_autoptr(GString) csv = g_string_new ("Receipt number,Card number,Date,Amount\n");
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(CltImporter) importer = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GDateTime) end = date_new (1997, 9, 30);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  gint64 started;

  /* The sample as a till's loyalty-card receipts: card number, date, value, and a receipt
   * number, without which the importer takes receipts of one card, day and amount for one
   * (the sample has 21 such lines). */
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      char amount[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (csv, "%u,%s,%s,%s\n", i + 1, line->card, line->date,
                              g_ascii_formatd (amount, sizeof amount, "%.2f", line->amount));
    }
  g_file_set_contents (csv_path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  importer = clt_importer_new (path, csv_file);
  g_assert_true (clt_importer_prepare (importer, clt_preset_find ("loyalty-receipts"), &error));
  g_assert_no_error (error);
  g_assert_true (clt_importer_run (importer, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_importer_get_rows_rejected (importer), ==, 0);

  /* Every line a receipt of 1997-98, every card its own profile. */
  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM events WHERE kind = 'loyalty_receipt'"), ==, 6919);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM events WHERE occurred_at < '1998-07-01' "
                                         "AND occurred_at >= '1997-01-01'"), ==, 6919);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profiles"), ==, 2357);
  g_assert_cmpint (query_int (workspace, "SELECT count(DISTINCT profile_id) FROM events"), ==, 2357);
  g_assert_cmpint (query_int (workspace, "SELECT sum (amount_cents) FROM events"), ==, 24409194);

  started = g_get_monotonic_time ();
  g_assert_true (_clt_insights_clv_compute (workspace, end, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_test_message ("computed in %.3f s", (g_get_monotonic_time () - started) / 1e6);

  g_assert_false (json_object_get_boolean_member (result, "too_thin"));
  g_assert_cmpint (json_object_get_int_member (result, "customers"), ==, 2357);
  g_assert_cmpint (json_object_get_int_member (result, "repeat_customers"), ==, 946);
  g_assert_cmpint (json_object_get_int_member (result, "spend_customers"), ==, 946);
  assert_within (json_object_get_double_member (result, "r"), published_bg.r, 0.01);
  assert_within (json_object_get_double_member (result, "alpha"), published_bg.alpha, 0.01);
  assert_within (json_object_get_double_member (result, "a"), published_bg.a, 0.01);
  assert_within (json_object_get_double_member (result, "b"), published_bg.b, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (result, "log_likelihood"), -9582.4, 0.5);
  assert_within (json_object_get_double_member (result, "p"), published_gg.p, 0.01);
  assert_within (json_object_get_double_member (result, "q"), published_gg.q, 0.01);
  assert_within (json_object_get_double_member (result, "gamma"), published_gg.gamma, 0.01);

  /* The run, current as of its own commit. */
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM insight_runs WHERE model = 'clv'"), ==, 1);
  g_assert_cmpint (query_int (workspace, "SELECT commit_seen = (SELECT CAST (value AS INTEGER) FROM workspace_meta "
                                         "WHERE key = 'commits') FROM insight_runs"), ==, 1);
  stored = query_text (workspace, "SELECT json_extract (result, '$.repeat_customers') || ' ' || "
                                  "json_extract (result, '$.too_thin') FROM insight_runs");
  g_assert_cmpstr (stored, ==, "946 0");

  /* Every customer scored; those without a repeat purchase certainly alive. */
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE expected_90d >= 0 "
                                         "AND p_alive BETWEEN 0 AND 1 AND value_12m_cents >= 0 "
                                         "AND value_confidence IS NOT NULL"), ==, 2357);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE p_alive = 1"), ==, 2357 - 946);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE value_confidence = 'high'"), >, 0);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE value_confidence = 'medium'"), >, 0);
  /* Over the 39 weeks after the calibration the model expects about what the customers bought
   * (1,882 purchase days in the sample; FHL 2005 figure 3 shows the close fit). */
  g_assert_cmpint (query_int (workspace, "SELECT round (sum (expected_90d)) FROM profile_insights"), >, 500);
  g_assert_cmpint (query_int (workspace, "SELECT round (sum (expected_90d)) FROM profile_insights"), <, 1000);
}

/* An invented shop: @n_customers people, each buying on a first day in 2024 and then, with
 * probability @repeat, again every few weeks until they drop out (@repeat 1: each at least
 * twice). */
static CltWorkspace *
invented_workspace (const char *path,
                    guint       n_customers,
                    double      repeat,
                    guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(sqlite3_stmt) profile = NULL;
  g_autoptr(sqlite3_stmt) event = NULL;
  CltWorkspace *workspace = clt_workspace_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (_clt_workspace_begin (workspace, NULL));
  profile = _clt_workspace_prepare (workspace,
    "INSERT INTO profiles (id, created_at, updated_at, display_name) VALUES (?1, '2024', '2024', 'Kunde')", NULL);
  event = _clt_workspace_prepare (workspace,
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
    "VALUES (?1, 'purchase', date ('2024-01-01', ?2 || ' days') || 'T10:00:00Z', ?3, 'EUR')", NULL);

  for (guint i = 1; i <= n_customers; i++)
    {
      int day = g_rand_int_range (rand, 0, 120);
      gboolean buys_again = g_rand_double (rand) < repeat;
      guint n_bought = 0;

      sqlite3_bind_int64 (profile, 1, i);
      g_assert_true (_clt_workspace_step_done (workspace, profile, NULL));
      sqlite3_reset (profile);

      do
        {
          sqlite3_bind_int64 (event, 1, i);
          sqlite3_bind_int (event, 2, day);
          sqlite3_bind_int64 (event, 3, g_rand_int_range (rand, 500, 9000));
          g_assert_true (_clt_workspace_step_done (workspace, event, NULL));
          sqlite3_reset (event);
          day += g_rand_int_range (rand, 3, 60);
          n_bought++;
        }
      while (buys_again && day < 500 && (n_bought < 2 || g_rand_double (rand) > 0.15));
    }
  g_assert_true (_clt_workspace_commit (workspace, NULL));

  return workspace;
}

static void
test_too_thin (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-insights-clv");
  g_autofree char *path = g_build_filename (dir, "workspace.sqlite3", NULL);
  g_autoptr(CltWorkspace) workspace = invented_workspace (path, 49, 1, 7);
  g_autoptr(GDateTime) end = date_new (2025, 6, 30);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  /* 49 customers who came back: not enough. */
  g_assert_true (_clt_insights_clv_compute (workspace, end, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (result, "too_thin"));
  g_assert_cmpint (json_object_get_int_member (result, "customers"), ==, 49);
  g_assert_cmpint (json_object_get_int_member (result, "repeat_customers"), ==, 49);
  g_assert_cmpint (json_object_get_int_member (result, "minimum_repeat_customers"), ==, 50);
  g_assert_false (json_object_has_member (result, "r"));

  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM insight_runs WHERE model = 'clv' "
                                         "AND json_extract (result, '$.too_thin')"), ==, 1);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE expected_90d IS NOT NULL "
                                         "OR p_alive IS NOT NULL OR value_12m_cents IS NOT NULL "
                                         "OR value_confidence IS NOT NULL"), ==, 0);
}

static void
test_fifty (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-insights-clv");
  g_autofree char *path = g_build_filename (dir, "workspace.sqlite3", NULL);
  g_autoptr(CltWorkspace) workspace = invented_workspace (path, 50, 1, 7);
  g_autoptr(GDateTime) end = date_new (2025, 6, 30);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  /* 50 are enough: every one of them gets scores. */
  g_assert_true (_clt_insights_clv_compute (workspace, end, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (result, "too_thin"));
  g_assert_cmpint (json_object_get_int_member (result, "repeat_customers"), ==, 50);
  g_assert_true (isfinite (json_object_get_double_member (result, "r")));
  g_assert_true (isfinite (json_object_get_double_member (result, "gamma")));
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE expected_90d >= 0 "
                                         "AND p_alive BETWEEN 0 AND 1 AND value_12m_cents >= 0 "
                                         "AND value_confidence IS NOT NULL"), ==, 50);
}

static char *
dump_insights (CltWorkspace *workspace)
{
  return query_text (workspace,
    "SELECT coalesce (group_concat (profile_id || '|' || expected_90d || '|' || p_alive || '|' || "
    "  value_12m_cents || '|' || value_confidence, char (10)), '') || ':' || "
    "  (SELECT count(*) FROM insight_runs) FROM (SELECT * FROM profile_insights ORDER BY profile_id)");
}

static void
cancel_cb (double   fraction,
           gpointer data)
{
  /* Once fitted, while about to write. */
  if (fraction >= 0.8)
    g_cancellable_cancel (data);
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  GArray *fractions = data;

  g_array_append_val (fractions, fraction);
}

static void
test_cancel (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-insights-clv");
  g_autofree char *path = g_build_filename (dir, "workspace.sqlite3", NULL);
  g_autoptr(CltWorkspace) workspace = invented_workspace (path, 400, 0.6, 11);
  g_autoptr(GDateTime) first_end = date_new (2024, 9, 30);
  g_autoptr(GDateTime) second_end = date_new (2025, 3, 31);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (_clt_insights_clv_compute (workspace, first_end, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  before = dump_insights (workspace);
  g_assert_cmpint (query_int (workspace, "SELECT count(*) FROM profile_insights WHERE p_alive IS NOT NULL"), >, 300);

  /* Cancelled before it starts, and while it is about to write: nothing changes. */
  g_cancellable_cancel (cancelled);
  g_assert_false (_clt_insights_clv_compute (workspace, second_end, cancelled, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = dump_insights (workspace);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  g_assert_false (_clt_insights_clv_compute (workspace, second_end, cancellable, cancel_cb, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = dump_insights (workspace);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  /* Not cancelled, the later end changes the scores; the progress rises to 1. */
  g_assert_true (_clt_insights_clv_compute (workspace, second_end, NULL, progress_cb, fractions, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1);
  after = dump_insights (workspace);
  g_assert_cmpstr (before, !=, after);
}

static void
test_cli (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-insights-clv");
  g_autofree char *path = g_build_filename (dir, "workspace.sqlite3", NULL);
  g_autoptr(CltWorkspace) workspace = invented_workspace (path, 400, 0.6, 23);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const members[] = { "r", "alpha", "a", "b", "log_likelihood", "p", "q", "gamma" };
  JsonObject *object;

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLT_CLI"), "-w", path, "insights", "clv",
                                         "--calibration-end", "2025-03-31", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (object, "too_thin"));
  g_assert_cmpint (json_object_get_int_member (object, "customers"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (object, "repeat_customers"), >=, 50);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_test_message ("%s = %g", members[i], json_object_get_double_member (object, members[i]));
      g_assert_true (isfinite (json_object_get_double_member (object, members[i])));
    }

  /* A date that is not one is a usage error. */
  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLT_CLI"), "-w", path, "insights", "clv",
                                         "--calibration-end", "31.03.2025", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/insights/clv/log-likelihood", test_log_likelihood);
  g_test_add_func ("/insights/clv/fit", test_fit_maths);
  g_test_add_func ("/insights/clv/p-alive", test_p_alive);
  g_test_add_func ("/insights/clv/expected", test_expected);
  g_test_add_func ("/insights/clv/spend-and-confidence", test_spend_and_confidence);
  g_test_add_func ("/insights/clv/cdnow", test_cdnow);
  g_test_add_func ("/insights/clv/too-thin", test_too_thin);
  g_test_add_func ("/insights/clv/fifty", test_fifty);
  g_test_add_func ("/insights/clv/cancel", test_cancel);
  g_test_add_func ("/insights/clv/cli", test_cli);

  return g_test_run ();
}
