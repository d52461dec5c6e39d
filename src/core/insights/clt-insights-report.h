/* clt-insights-report.h: what the Insights page shows, read from the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-workspace.h"

G_BEGIN_DECLS

/* Revenue of one source in one month. */
typedef struct
{
  char   *month;    /* "2026-03" */
  char   *source;   /* the source's name */
  gint64  cents;
} CltRevenueMonth;

/* Customers with any event in one month. */
typedef struct
{
  char   *month;
  gint64  customers;
} CltActiveMonth;

/* One cell of the RFM grid: the customers with these R and F scores. */
typedef struct
{
  gint64 customers;
  gint64 mean_monetary_cents;
} CltRfmCell;

/* One bar of the lifetime-value distribution: [low, high); high is -1 for the open last bin. */
typedef struct
{
  gint64 low_cents;
  gint64 high_cents;
  gint64 customers;
} CltValueBin;

/* The latest computation of a model. */
typedef struct
{
  char     *model;
  char     *computed_at;
  gboolean  stale;
} CltInsightRun;

/* One newsletter campaign and the purchases after it. */
typedef struct
{
  char   *campaign;
  char   *first_at;               /* its earliest event: when it went out, near enough */
  gint64  recipients;             /* people with any event of the campaign */
  gint64  opened;                 /* of them, who opened or clicked */
  gint64  clicked;
  gint64  opened_revenue_cents;   /* openers' purchases in the days after their first open */
  gint64  others_revenue_cents;   /* the others' purchases in the days after the first event */
  gint64  tagged_orders;          /* orders whose utm_campaign names it */
  gint64  tagged_revenue_cents;
} CltCampaignRow;

/* One customer's computed scores; a NULL or negative field means the model said nothing. */
typedef struct
{
  char   *rfm_group;
  int     r_score;                /* 0: none */
  int     f_score;
  int     m_score;
  double  expected_90d;           /* -1: none */
  double  p_alive;                /* -1: none */
  gint64  value_12m_cents;        /* -1: none */
  char   *value_confidence;
  char   *currency;
  GStrv   offers;                 /* often bought together with what they have */
} CltProfileInsight;

/* the days after a campaign whose purchases count */
#define CLT_CAMPAIGN_DAYS 14

void               clt_revenue_month_clear        (CltRevenueMonth   *month);
void               clt_active_month_clear         (CltActiveMonth    *month);
void               clt_insight_run_free           (CltInsightRun     *run);
void               clt_campaign_row_free          (CltCampaignRow    *row);
void               clt_profile_insight_free       (CltProfileInsight *insight);

gint64             clt_insights_report_count_purchases (CltWorkspace  *workspace,
                                                        GError       **error);
char              *clt_insights_report_dup_currency    (CltWorkspace  *workspace);
GArray            *clt_insights_report_revenue         (CltWorkspace  *workspace,
                                                        GError       **error);
GArray            *clt_insights_report_active          (CltWorkspace  *workspace,
                                                        GError       **error);
gboolean           clt_insights_report_rfm_grid        (CltWorkspace  *workspace,
                                                        CltRfmCell     grid[25],
                                                        GError       **error);
GArray            *clt_insights_report_value_bins      (CltWorkspace  *workspace,
                                                        GError       **error);
GPtrArray         *clt_insights_report_runs            (CltWorkspace  *workspace,
                                                        GError       **error);
GPtrArray         *clt_insights_report_campaigns       (CltWorkspace  *workspace,
                                                        guint          days,
                                                        GError       **error);
CltProfileInsight *clt_insights_report_profile         (CltWorkspace  *workspace,
                                                        gint64         profile_id,
                                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltProfileInsight, clt_profile_insight_free)

G_END_DECLS
