/* clt-insights-private.h: computing the insights of a workspace, for src/core, the command
 * line and the tests. Each model has its own file; these run in the calling thread, on a
 * workspace that thread opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "clt-insights.h"

G_BEGIN_DECLS

/* The event kinds that are purchases: shop orders and loyalty receipts. (CRM deals are not
 * events in this workspace.) Fixed SQL text. */
#define CLT_INSIGHTS_PURCHASE_KINDS "('purchase', 'loyalty_receipt')"

/* A step: computes one model from the workspace and stores it in one write transaction, or
 * writes nothing (error, or @cancellable cancelled). @progress gets the step's own fraction. */
typedef gboolean (*CltInsightsStepFunc) (CltWorkspace             *workspace,
                                         GDateTime                *now,
                                         GCancellable             *cancellable,
                                         CltInsightsProgressFunc   progress,
                                         gpointer                  data,
                                         GError                  **error);

gboolean _clt_insights_rfm_compute   (CltWorkspace             *workspace,
                                      GDateTime                *now,
                                      GCancellable             *cancellable,
                                      CltInsightsProgressFunc   progress,
                                      gpointer                  data,
                                      GError                  **error);
gboolean _clt_insights_rules_compute (CltWorkspace             *workspace,
                                      GDateTime                *now,
                                      GCancellable             *cancellable,
                                      CltInsightsProgressFunc   progress,
                                      gpointer                  data,
                                      GError                  **error);

/* Shared by the steps: reading one number, storing a run. */
gint64   _clt_insights_query_int     (CltWorkspace             *workspace,
                                      const char               *sql);
gboolean _clt_insights_add_run       (CltWorkspace             *workspace,
                                      const char               *model,
                                      gint64                    data_seen,
                                      JsonNode                 *result,
                                      GError                  **error);

/* clt-clv.c: lifetime value and churn risk (BG/NBD and Gamma-Gamma). */
gboolean _clt_insights_clv_compute (CltWorkspace   *workspace,
                                    GDateTime      *calibration_end,
                                    GCancellable   *cancellable,
                                    void          (*progress) (double   fraction,
                                                               gpointer data),
                                    gpointer        data,
                                    JsonObject    **result_out,
                                    GError        **error);

G_END_DECLS
