/* clt-insights-private.h: the steps of the insights computation, for src/core only
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

/* Shared by the steps: the workspace's commit count, and storing a run. */
gint64   _clt_insights_read_commits  (CltWorkspace             *workspace);
gboolean _clt_insights_add_run       (CltWorkspace             *workspace,
                                      const char               *model,
                                      gint64                    commit_seen,
                                      JsonNode                 *result,
                                      GError                  **error);

G_END_DECLS
