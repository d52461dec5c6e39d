/* clt-clv.c: lifetime value and churn risk of a workspace's customers
 *
 * Reads the purchases (events of kind purchase and loyalty_receipt) up to the calibration
 * end as one transaction per profile and calendar day, summarises each profile with a
 * purchase (repeat transactions, weeks to the latest one, weeks as a customer, mean value of
 * the repeat transactions), fits BG/NBD and Gamma-Gamma (clt-clv-model.c), and stores in one
 * write transaction the run (insight_runs, model 'clv') and each profile's expected purchases
 * in the next 90 days, probability of being alive, 12-month value and its confidence
 * (profile_insights, only those columns: the RFM step fills the others).
 *
 * The 12-month value is the expected number of transactions in the next 52 weeks times the
 * expected mean value of a transaction, not discounted: over one year discounting would
 * change it by a few percent at most and needs a rate the workspace does not know. Amounts
 * are taken as one currency.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-clv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "clt-clv-model.h"
#include "clt-insights-private.h"
#include "clt-workspace-private.h"

/* 90 days and 12 months, in the models' weeks. */
#define WEEKS_90_DAYS (90.0 / 7.0)
#define WEEKS_YEAR    52.0
/* Customers the models are fitted on, at most (a sample beyond). */
#define FIT_SAMPLE_MAX 20000

/* Share of the progress the reading of the purchases takes, then the fit. */
#define PROGRESS_READ 0.7
#define PROGRESS_FIT  0.8

typedef struct
{
  GCancellable *cancellable;
  void        (*progress) (double fraction, gpointer data);
  gpointer      data;
} Progress;

static void
report (Progress *progress,
        double    fraction)
{
  if (progress->progress != NULL)
    progress->progress (fraction, progress->data);
}

/* SQLite's progress handler: stops a long statement (the sort of all purchases) when cancelled. */
static int
interrupt_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static gint64
query_int (CltWorkspace  *workspace,
           const char    *sql,
           const char    *arg,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, error);

  if (stmt == NULL)
    return -1;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the purchases"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* Streams the purchases in order of profile and day into one summary per profile. */
static gboolean
read_customers (CltWorkspace  *workspace,
                const char    *end_date,
                const char    *next_date,
                Progress      *progress,
                GArray        *profile_ids,
                GArray        *customers,
                GError       **error)
{
  sqlite3 *db = _clt_workspace_get_db (workspace);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CltClvCustomer *customer = NULL;
  gint64 end_day, max_profile, current = 0;
  guint64 n_rows = 0;
  int rc;

  if ((end_day = query_int (workspace, "SELECT CAST (julianday (?1) AS INTEGER)", end_date, error)) < 0 ||
      (max_profile = query_int (workspace, "SELECT coalesce (max (id), 1) FROM profiles", NULL, error)) < 0)
    return FALSE;

  /* Everything before the day after the calibration end; the day as the event records it. */
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT profile_id, CAST (julianday (substr (occurred_at, 1, 10)) AS INTEGER) AS day, "
          "       sum (amount_cents), count (amount_cents) "
          "FROM events "
          "WHERE kind IN ('purchase', 'loyalty_receipt') AND profile_id IS NOT NULL "
          "  AND occurred_at < ?1 AND day IS NOT NULL "
          "GROUP BY profile_id, day ORDER BY profile_id, day", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, next_date, -1, SQLITE_STATIC);

  sqlite3_progress_handler (db, 10000, interrupt_cb, progress->cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 profile_id = sqlite3_column_int64 (stmt, 0);
      gint64 day = sqlite3_column_int64 (stmt, 1);
      gboolean has_amount = sqlite3_column_int64 (stmt, 3) > 0;
      double amount = sqlite3_column_int64 (stmt, 2) / 100.0;

      if (profile_id != current)
        {
          if (customer != NULL)
            _clt_clv_customer_finish (customer, end_day);
          g_array_append_val (profile_ids, profile_id);
          g_array_set_size (customers, customers->len + 1);
          customer = &g_array_index (customers, CltClvCustomer, customers->len - 1);
          _clt_clv_customer_start (customer, day);
          current = profile_id;
        }
      else
        _clt_clv_customer_add (customer, day, has_amount, amount);

      if (++n_rows % 65536 == 0)
        report (progress, PROGRESS_READ * MIN ((double) profile_id / max_profile, 1));
    }
  sqlite3_progress_handler (db, 0, NULL, NULL);

  if (customer != NULL)
    _clt_clv_customer_finish (customer, end_day);

  if (g_cancellable_set_error_if_cancelled (progress->cancellable, error))
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the purchases"));
      return FALSE;
    }

  return TRUE;
}

/* Stores each customer's scores and clears those of every other profile: the scores go into
 * a temporary table first, then into profile_insights in one statement each (a million
 * statements of one row took 45 s). */
static gboolean
write_profiles (CltWorkspace               *workspace,
                GArray                     *profile_ids,
                GArray                     *customers,
                const CltBgNbdParams       *bg,
                const CltGammaGammaParams  *gg,
                Progress                   *progress,
                GError                    **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!_clt_workspace_exec (workspace,
          "CREATE TEMP TABLE IF NOT EXISTS clv_scores (profile_id INTEGER PRIMARY KEY, expected_90d REAL, "
          "  p_alive REAL, value_12m_cents INTEGER, value_confidence TEXT);"
          "DELETE FROM temp.clv_scores", error))
    return FALSE;

  if (bg != NULL && !(insert = _clt_workspace_prepare (workspace,
          "INSERT OR REPLACE INTO temp.clv_scores VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return FALSE;

  for (guint i = 0; bg != NULL && i < customers->len; i++)
    {
      const CltClvCustomer *customer = &g_array_index (customers, CltClvCustomer, i);
      double spend = gg != NULL ? _clt_gamma_gamma_expected_spend (gg, customer) : NAN;
      double year = _clt_bgnbd_expected (bg, customer, WEEKS_YEAR);
      double value = round (year * spend * 100);

      sqlite3_bind_int64 (insert, 1, g_array_index (profile_ids, gint64, i));
      sqlite3_bind_double (insert, 2, _clt_bgnbd_expected (bg, customer, WEEKS_90_DAYS));
      sqlite3_bind_double (insert, 3, CLAMP (_clt_bgnbd_p_alive (bg, customer), 0, 1));
      if (isfinite (value) && fabs (value) < (double) G_MAXINT64)
        {
          sqlite3_bind_int64 (insert, 4, (gint64) value);
          sqlite3_bind_text (insert, 5, _clt_clv_confidence_to_string (_clt_clv_confidence (customer)), -1,
                             SQLITE_STATIC);
        }
      else
        {
          sqlite3_bind_null (insert, 4);
          sqlite3_bind_null (insert, 5);
        }
      if (!_clt_workspace_step_done (workspace, insert, error))
        return FALSE;
      sqlite3_reset (insert);

      if (i % 4096 == 4095)
        {
          if (g_cancellable_set_error_if_cancelled (progress->cancellable, error))
            return FALSE;
          report (progress, PROGRESS_FIT + (1 - PROGRESS_FIT) * 0.5 * i / customers->len);
        }
    }

  /* A profile merged away or erased since the reading gets nothing. */
  return _clt_workspace_exec (workspace,
          "UPDATE profile_insights SET expected_90d = NULL, p_alive = NULL, value_12m_cents = NULL, "
          "  value_confidence = NULL "
          "WHERE (expected_90d IS NOT NULL OR p_alive IS NOT NULL OR value_12m_cents IS NOT NULL "
          "  OR value_confidence IS NOT NULL) AND profile_id NOT IN (SELECT profile_id FROM temp.clv_scores);"
          "INSERT INTO profile_insights (profile_id, expected_90d, p_alive, value_12m_cents, value_confidence) "
          "SELECT profile_id, expected_90d, p_alive, value_12m_cents, value_confidence FROM temp.clv_scores "
          "WHERE profile_id IN (SELECT id FROM profiles) "
          "ON CONFLICT (profile_id) DO UPDATE SET expected_90d = excluded.expected_90d, "
          "  p_alive = excluded.p_alive, value_12m_cents = excluded.value_12m_cents, "
          "  value_confidence = excluded.value_confidence;"
          "DELETE FROM temp.clv_scores", error);
}

/**
 * _clt_insights_clv_compute:
 * @workspace: the workspace, opened by the calling thread
 * @calibration_end: (nullable): the last day whose purchases count; %NULL: today
 * @progress: (nullable): called with the fraction done, in the calling thread
 * @result_out: (out) (optional) (transfer full): what the run stored: the BG/NBD parameters r,
 *   α (weeks), a, b and log-likelihood, the Gamma-Gamma parameters p, q, γ (in the currency's
 *   main unit), the customers used, and too_thin
 *
 * Fits the lifetime-value models on the workspace's purchases and stores the run and every
 * customer's scores. With fewer than %CLT_CLV_MIN_REPEAT_CUSTOMERS customers who bought more
 * than once the data is too thin: the run says so and no profile gets a score. Cancelled, it
 * writes nothing.
 */
gboolean
_clt_insights_clv_compute (CltWorkspace   *workspace,
                           GDateTime      *calibration_end,
                           GCancellable   *cancellable,
                           void          (*progress_func) (double fraction, gpointer data),
                           gpointer        data,
                           JsonObject    **result_out,
                           GError        **error)
{
  Progress progress = { cancellable, progress_func, data };
  g_autoptr(GArray) profile_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) customers = g_array_new (FALSE, FALSE, sizeof (CltClvCustomer));
  g_autoptr(GArray) fit_set = NULL;
  g_autoptr(GDateTime) end = calibration_end ? g_date_time_ref (calibration_end) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = g_date_time_add_days (end, 1);
  g_autofree char *end_date = g_date_time_format (end, "%Y-%m-%d");
  g_autofree char *next_date = g_date_time_format (next, "%Y-%m-%d");
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonNode) run = NULL;
  CltBgNbdParams bg;
  CltGammaGammaParams gg;
  gboolean too_thin, spend_fitted = FALSE;
  gint64 data_seen;
  guint n_repeat = 0, n_spend = 0;
  gint64 started = g_get_monotonic_time (), read_done, fitted;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (result_out == NULL || *result_out == NULL, FALSE);

  /* The purchases and the count of data changes of one snapshot. */
  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return FALSE;
  data_seen = _clt_workspace_get_data_changes (workspace);
  if (!read_customers (workspace, end_date, next_date, &progress, profile_ids, customers, error) ||
      !_clt_workspace_exec (workspace, "COMMIT", error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }
  read_done = g_get_monotonic_time ();

  for (guint i = 0; i < customers->len; i++)
    {
      const CltClvCustomer *customer = &g_array_index (customers, CltClvCustomer, i);

      n_repeat += customer->x > 0;
      n_spend += _clt_gamma_gamma_usable (customer);
    }
  too_thin = n_repeat < CLT_CLV_MIN_REPEAT_CUSTOMERS;

  json_object_set_string_member (result, "calibration_end", end_date);
  json_object_set_int_member (result, "customers", customers->len);
  json_object_set_int_member (result, "repeat_customers", n_repeat);
  json_object_set_int_member (result, "minimum_repeat_customers", CLT_CLV_MIN_REPEAT_CUSTOMERS);
  json_object_set_boolean_member (result, "too_thin", too_thin);

  /* Beyond FIT_SAMPLE_MAX customers the models are fitted on a random sample of that many
   * (a fixed seed: the same data, the same parameters); every customer is scored. */
  if (customers->len > FIT_SAMPLE_MAX)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (1);

      fit_set = g_array_sized_new (FALSE, FALSE, sizeof (CltClvCustomer), FIT_SAMPLE_MAX);
      g_array_append_vals (fit_set, customers->data, FIT_SAMPLE_MAX);
      for (guint i = FIT_SAMPLE_MAX; i < customers->len; i++)
        {
          guint32 j = g_rand_int_range (rand, 0, (gint32) i + 1);

          if (j < FIT_SAMPLE_MAX)
            g_array_index (fit_set, CltClvCustomer, j) = g_array_index (customers, CltClvCustomer, i);
        }
    }
  else
    fit_set = g_array_ref (customers);
  json_object_set_int_member (result, "fitted_on", fit_set->len);

  if (!too_thin)
    {
      if (!_clt_bgnbd_fit ((const CltClvCustomer *) fit_set->data, fit_set->len, cancellable, &bg, error))
        return FALSE;
      json_object_set_double_member (result, "r", bg.r);
      json_object_set_double_member (result, "alpha", bg.alpha);
      json_object_set_double_member (result, "a", bg.a);
      json_object_set_double_member (result, "b", bg.b);
      json_object_set_double_member (result, "log_likelihood", bg.log_likelihood);

      /* The values need as many customers with repeat amounts as the counting does. */
      json_object_set_int_member (result, "spend_customers", n_spend);
      if (n_spend >= CLT_CLV_MIN_REPEAT_CUSTOMERS)
        {
          if (!_clt_gamma_gamma_fit ((const CltClvCustomer *) fit_set->data, fit_set->len, cancellable, &gg, error))
            return FALSE;
          spend_fitted = TRUE;
          json_object_set_double_member (result, "p", gg.p);
          json_object_set_double_member (result, "q", gg.q);
          json_object_set_double_member (result, "gamma", gg.gamma);
          json_object_set_double_member (result, "spend_log_likelihood", gg.log_likelihood);
        }
      else
        {
          json_object_set_null_member (result, "p");
          json_object_set_null_member (result, "q");
          json_object_set_null_member (result, "gamma");
        }
    }
  fitted = g_get_monotonic_time ();
  report (&progress, PROGRESS_FIT);

  run = json_node_init_object (json_node_alloc (), result);
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clt_workspace_begin (workspace, error))
    return FALSE;

  /* Data changed while it was computed: the run keeps the count it read, and shows as out of date. */
  if (!write_profiles (workspace, profile_ids, customers, too_thin ? NULL : &bg, spend_fitted ? &gg : NULL,
                       &progress, error) ||
      !_clt_insights_add_run (workspace, "clv", data_seen, run, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }
  report (&progress, 1);

  g_debug ("Lifetime value of %u customers: read in %.3f s, fitted in %.3f s, stored in %.3f s",
           customers->len, (read_done - started) / 1e6, (fitted - read_done) / 1e6, (g_get_monotonic_time () - fitted) / 1e6);

  if (result_out != NULL)
    *result_out = g_steal_pointer (&result);

  return TRUE;
}
