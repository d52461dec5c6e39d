/* clt-insights-report.c: the read side of the Insights page
 *
 * Read-only queries over the purchases, the activity and the computed tables of schema 9
 * (insight_runs, profile_insights, basket_rules). They scale with the workspace: callers run
 * them in a thread, on a connection of their own.
 *
 * Purchases are the events of kinds "purchase" (shop orders) and "loyalty_receipt" (till
 * receipts). A newsletter campaign is named in its events' detail ("campaign"): the people with
 * any event of it are its recipients, those with an open or a click its openers. The imports
 * record no "sent" events, so recipients who never opened are known only from their other
 * events of the campaign (unsubscribes, bounces).
 *
 * The sums over all purchases read the events table straight through (NOT INDEXED): the
 * kind and time index would visit the same rows out of order, three times slower on a
 * million events where most are purchases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-insights-report"

#include "config.h"

#include <string.h>

#include "clt-insights-report.h"
#include "clt-workspace-private.h"

#define PURCHASE_KINDS "('purchase', 'loyalty_receipt')"
#define OPEN_KINDS "('newsletter_open', 'newsletter_click')"
/* the campaigns listed, newest first */
#define MAX_CAMPAIGNS 20
/* the lifetime-value bars below the open last one */
#define VALUE_BINS 10

void
clt_revenue_month_clear (CltRevenueMonth *month)
{
  g_clear_pointer (&month->month, g_free);
  g_clear_pointer (&month->source, g_free);
}

void
clt_active_month_clear (CltActiveMonth *month)
{
  g_clear_pointer (&month->month, g_free);
}

void
clt_insight_run_free (CltInsightRun *run)
{
  g_free (run->model);
  g_free (run->computed_at);
  g_free (run);
}

void
clt_campaign_row_free (CltCampaignRow *row)
{
  g_free (row->campaign);
  g_free (row->first_at);
  g_free (row);
}

void
clt_profile_insight_free (CltProfileInsight *insight)
{
  g_free (insight->rfm_group);
  g_free (insight->value_confidence);
  g_free (insight->currency);
  g_strfreev (insight->offers);
  g_free (insight);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text ? g_strdup (text) : NULL;
}

/* Steps @stmt to its end, or sets @error. */
static gboolean
finished (CltWorkspace  *workspace,
          int            rc,
          GError       **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  _clt_workspace_set_error (workspace, error, "Could not read the insights");

  return FALSE;
}

/**
 * clt_insights_report_count_purchases:
 *
 * Returns: the purchase events, or -1 on error
 */
gint64
clt_insights_report_count_purchases (CltWorkspace  *workspace,
                                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), -1);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT count (*) FROM events WHERE kind IN " PURCHASE_KINDS, error)))
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, "Could not count the purchases");
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * clt_insights_report_dup_currency:
 *
 * Returns: (transfer full): the currency most purchases are in; "EUR" when none says
 */
char *
clt_insights_report_dup_currency (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  stmt = _clt_workspace_prepare (workspace,
                                 "SELECT currency FROM events NOT INDEXED WHERE kind IN " PURCHASE_KINDS " AND currency IS NOT NULL "
                                 "GROUP BY currency ORDER BY count (*) DESC, currency LIMIT 1", NULL);
  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    return column_dup (stmt, 0);

  return g_strdup ("EUR");
}

/**
 * clt_insights_report_revenue:
 *
 * The purchases' amounts summed per month (UTC) and per source of the record they came
 * from; a purchase whose record is gone counts under the source "".
 *
 * Returns: (transfer full) (element-type CltRevenueMonth): by month, then source; NULL on error
 */
GArray *
clt_insights_report_revenue (CltWorkspace  *workspace,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) months = g_array_new (FALSE, TRUE, sizeof (CltRevenueMonth));
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  g_array_set_clear_func (months, (GDestroyNotify) clt_revenue_month_clear);
  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT substr (e.occurred_at, 1, 7) AS month, coalesce (s.name, '') AS source, "
                                       "       sum (e.amount_cents) "
                                       "FROM events e NOT INDEXED "
                                       "LEFT JOIN source_records r ON r.id = e.source_record_id "
                                       "LEFT JOIN sources s ON s.id = r.source_id "
                                       "WHERE e.kind IN " PURCHASE_KINDS " AND e.amount_cents IS NOT NULL "
                                       "GROUP BY month, source ORDER BY month, source", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltRevenueMonth month = { column_dup (stmt, 0), column_dup (stmt, 1), sqlite3_column_int64 (stmt, 2) };

      g_array_append_val (months, month);
    }
  if (!finished (workspace, rc, error))
    return NULL;

  return g_steal_pointer (&months);
}

/**
 * clt_insights_report_active:
 *
 * Returns: (transfer full) (element-type CltActiveMonth): the customers with any event, per
 *   month, oldest first; NULL on error
 */
GArray *
clt_insights_report_active (CltWorkspace  *workspace,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) months = g_array_new (FALSE, TRUE, sizeof (CltActiveMonth));
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  g_array_set_clear_func (months, (GDestroyNotify) clt_active_month_clear);
  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT substr (occurred_at, 1, 7) AS month, count (DISTINCT profile_id) "
                                       "FROM events WHERE profile_id IS NOT NULL GROUP BY month ORDER BY month", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltActiveMonth month = { column_dup (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (months, month);
    }
  if (!finished (workspace, rc, error))
    return NULL;

  return g_steal_pointer (&months);
}

/**
 * clt_insights_report_rfm_grid:
 * @grid: (out caller-allocates): the cells, at (r - 1) * 5 + (f - 1)
 *
 * The customers of each recency and frequency score, with their mean monetary value.
 */
gboolean
clt_insights_report_rfm_grid (CltWorkspace  *workspace,
                              CltRfmCell     grid[25],
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  memset (grid, 0, 25 * sizeof (CltRfmCell));
  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT r_score, f_score, count (*), coalesce (round (avg (monetary_cents)), 0) "
                                       "FROM profile_insights WHERE r_score IS NOT NULL AND f_score IS NOT NULL "
                                       "GROUP BY r_score, f_score", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int r = sqlite3_column_int (stmt, 0);
      int f = sqlite3_column_int (stmt, 1);

      grid[(r - 1) * 5 + (f - 1)].customers = sqlite3_column_int64 (stmt, 2);
      grid[(r - 1) * 5 + (f - 1)].mean_monetary_cents = sqlite3_column_int64 (stmt, 3);
    }

  return finished (workspace, rc, error);
}

/* 1, 2 or 5 times a power of ten, at least @value. */
static gint64
nice_step (gint64 value)
{
  gint64 power = 1;

  while (power * 10 <= value)
    power *= 10;
  if (value <= power)
    return power;
  if (value <= power * 2)
    return power * 2;
  if (value <= power * 5)
    return power * 5;

  return power * 10;
}

/**
 * clt_insights_report_value_bins:
 *
 * The customers' 12-month values in up to ten bars of a round width (whole currency units:
 * 1, 2 or 5 times a power of ten) reaching the 95th percentile, and an open last bar for the
 * few above it, so that a handful of big spenders do not squeeze the rest into one bar.
 * Negative values count as zero.
 *
 * Returns: (transfer full) (element-type CltValueBin): empty when nothing is computed; NULL on error
 */
GArray *
clt_insights_report_value_bins (CltWorkspace  *workspace,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) bins = g_array_new (FALSE, TRUE, sizeof (CltValueBin));
  gint64 n, p95, highest, width;
  guint n_closed;
  gboolean open;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT count (*), max (max (value_12m_cents), 0) FROM profile_insights "
                                       "WHERE value_12m_cents IS NOT NULL", error)))
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, "Could not read the lifetime values");
      return NULL;
    }
  n = sqlite3_column_int64 (stmt, 0);
  highest = sqlite3_column_int64 (stmt, 1);
  if (n == 0)
    return g_steal_pointer (&bins);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT max (value_12m_cents, 0) FROM profile_insights WHERE value_12m_cents IS NOT NULL "
                                       "ORDER BY value_12m_cents LIMIT 1 OFFSET ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, (n - 1) * 95 / 100);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, "Could not read the lifetime values");
      return NULL;
    }
  p95 = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  width = nice_step (MAX (1, (p95 / 100 + VALUE_BINS - 1) / VALUE_BINS)) * 100;
  n_closed = (guint) MAX (1, (p95 + width) / width);
  n_closed = MIN (n_closed, VALUE_BINS);
  open = highest >= width * n_closed;
  for (guint i = 0; i < n_closed + (open ? 1 : 0); i++)
    {
      CltValueBin bin = { width * i, i == n_closed ? -1 : width * (i + 1), 0 };

      g_array_append_val (bins, bin);
    }

  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT min (max (value_12m_cents, 0) / ?1, ?2) AS bin, count (*) FROM profile_insights "
                                       "WHERE value_12m_cents IS NOT NULL GROUP BY bin", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, width);
  sqlite3_bind_int64 (stmt, 2, bins->len - 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_array_index (bins, CltValueBin, sqlite3_column_int (stmt, 0)).customers = sqlite3_column_int64 (stmt, 1);
  if (!finished (workspace, rc, error))
    return NULL;

  return g_steal_pointer (&bins);
}

/**
 * clt_insights_report_runs:
 *
 * The latest computation of each model; stale when some customer's data has changed since.
 *
 * Returns: (transfer full) (element-type CltInsightRun): by model name; NULL on error
 */
GPtrArray *
clt_insights_report_runs (CltWorkspace  *workspace,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_insight_run_free);
  gint64 changes;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  changes = _clt_workspace_get_data_changes (workspace);
  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT model, computed_at, data_seen FROM insight_runs "
                                       "WHERE id IN (SELECT max (id) FROM insight_runs GROUP BY model) ORDER BY model", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltInsightRun *run = g_new0 (CltInsightRun, 1);

      run->model = column_dup (stmt, 0);
      run->computed_at = column_dup (stmt, 1);
      run->stale = sqlite3_column_int64 (stmt, 2) < changes;
      g_ptr_array_add (runs, run);
    }
  if (!finished (workspace, rc, error))
    return NULL;

  return g_steal_pointer (&runs);
}

/**
 * clt_insights_report_campaigns:
 * @days: the days after an open (or, for who did not open, after the campaign's first event)
 *   whose purchases count
 *
 * Per campaign (the newest first): its recipients, who of them opened and clicked, and the
 * purchases of the openers in @days after their first open against those of the recipients
 * who did not open in @days after the campaign's first event: the comparable group that got
 * the campaign but did not open it; and the orders tagged with the campaign (utm_campaign)
 * where the shop's export says.
 *
 * Returns: (transfer full) (element-type CltCampaignRow): NULL on error
 */
GPtrArray *
clt_insights_report_campaigns (CltWorkspace  *workspace,
                               guint          days,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_campaign_row_free);
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
      "WITH a AS MATERIALIZED ("
      "  SELECT profile_id, detail ->> '$.campaign' AS campaign, kind, occurred_at AS at, amount_cents FROM events "
      "  WHERE profile_id IS NOT NULL AND json_valid (detail) AND detail ->> '$.campaign' IS NOT NULL), "
      "c AS (SELECT * FROM a WHERE kind NOT IN " PURCHASE_KINDS "), "
      "u AS (SELECT campaign, count (*) AS orders, coalesce (sum (amount_cents), 0) AS revenue FROM a "
      "      WHERE kind IN " PURCHASE_KINDS " GROUP BY campaign), "
      "f AS (SELECT campaign, min (at) AS first_at FROM c GROUP BY campaign ORDER BY first_at DESC LIMIT ?2), "
      "p AS (SELECT c.campaign, c.profile_id, "
      "        min (CASE WHEN c.kind IN " OPEN_KINDS " THEN c.at END) AS opened_at, "
      "        max (c.kind = 'newsletter_click') AS clicked "
      "      FROM c JOIN f USING (campaign) GROUP BY c.campaign, c.profile_id) "
      "SELECT f.campaign, f.first_at, count (*), count (p.opened_at), sum (p.clicked), "
      "  sum ((SELECT coalesce (sum (b.amount_cents), 0) FROM events b "
      "        WHERE b.profile_id = p.profile_id AND b.kind IN " PURCHASE_KINDS " "
      "          AND julianday (b.occurred_at) >= julianday (coalesce (p.opened_at, f.first_at)) "
      "          AND julianday (b.occurred_at) < julianday (coalesce (p.opened_at, f.first_at)) + ?1)) "
      "    FILTER (WHERE p.opened_at IS NOT NULL), "
      "  sum ((SELECT coalesce (sum (b.amount_cents), 0) FROM events b "
      "        WHERE b.profile_id = p.profile_id AND b.kind IN " PURCHASE_KINDS " "
      "          AND julianday (b.occurred_at) >= julianday (f.first_at) "
      "          AND julianday (b.occurred_at) < julianday (f.first_at) + ?1)) "
      "    FILTER (WHERE p.opened_at IS NULL), "
      "  coalesce (max (u.orders), 0), coalesce (max (u.revenue), 0) "
      "FROM p JOIN f USING (campaign) LEFT JOIN u USING (campaign) GROUP BY f.campaign "
      "ORDER BY f.first_at DESC, f.campaign", error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) days);
  sqlite3_bind_int (stmt, 2, MAX_CAMPAIGNS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltCampaignRow *row = g_new0 (CltCampaignRow, 1);

      row->campaign = column_dup (stmt, 0);
      row->first_at = column_dup (stmt, 1);
      row->recipients = sqlite3_column_int64 (stmt, 2);
      row->opened = sqlite3_column_int64 (stmt, 3);
      row->clicked = sqlite3_column_int64 (stmt, 4);
      row->opened_revenue_cents = sqlite3_column_int64 (stmt, 5);
      row->others_revenue_cents = sqlite3_column_int64 (stmt, 6);
      row->tagged_orders = sqlite3_column_int64 (stmt, 7);
      row->tagged_revenue_cents = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (rows, row);
    }
  if (!finished (workspace, rc, error))
    return NULL;

  return g_steal_pointer (&rows);
}

/* Up to three products of the rules whose antecedent the customer has all bought and whose
 * consequent they have not, the strongest (by lift) first. Names compare as the item index
 * keeps them, in lower case. */
static GStrv
list_offers (CltWorkspace  *workspace,
             gint64         profile_id,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) offers = g_strv_builder_new ();
  int rc;

  if (!(stmt = _clt_workspace_prepare (workspace,
      "WITH have AS (SELECT DISTINCT n.name FROM events e "
      "              JOIN event_items i ON i.event_id = e.id JOIN event_item_names n ON n.id = i.item_id "
      "              WHERE e.profile_id = ?1 AND e.kind IN " PURCHASE_KINDS ") "
      "SELECT r.consequent FROM basket_rules r "
      "WHERE json_valid (r.antecedent) AND lower (r.consequent) NOT IN have "
      "  AND NOT EXISTS (SELECT 1 FROM json_each (r.antecedent) a WHERE lower (a.value) NOT IN have) "
      "GROUP BY lower (r.consequent) ORDER BY max (r.lift) DESC, r.consequent LIMIT 3", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (offers, (const char *) sqlite3_column_text (stmt, 0));
  if (!finished (workspace, rc, error))
    return NULL;

  return g_strv_builder_end (offers);
}

/**
 * clt_insights_report_profile:
 *
 * One customer's computed scores and the products often bought together with theirs.
 *
 * Returns: (transfer full) (nullable): NULL with no error when nothing is computed for them
 */
CltProfileInsight *
clt_insights_report_profile (CltWorkspace  *workspace,
                             gint64         profile_id,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CltProfileInsight) insight = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
                                       "SELECT rfm_group, r_score, f_score, m_score, expected_90d, p_alive, "
                                       "       value_12m_cents, value_confidence, "
                                       "       (SELECT max (currency) FROM events WHERE profile_id = ?1 AND kind IN " PURCHASE_KINDS ") "
                                       "FROM profile_insights WHERE profile_id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, "Could not read the customer's insights");
      return NULL;
    }

  insight = g_new0 (CltProfileInsight, 1);
  insight->rfm_group = column_dup (stmt, 0);
  insight->r_score = sqlite3_column_int (stmt, 1);
  insight->f_score = sqlite3_column_int (stmt, 2);
  insight->m_score = sqlite3_column_int (stmt, 3);
  insight->expected_90d = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 4);
  insight->p_alive = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 5);
  insight->value_12m_cents = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 6);
  insight->value_confidence = column_dup (stmt, 7);
  insight->currency = column_dup (stmt, 8);
  if (insight->currency == NULL)
    insight->currency = clt_insights_report_dup_currency (workspace);
  if (!(insight->offers = list_offers (workspace, profile_id, error)))
    return NULL;

  return g_steal_pointer (&insight);
}
